/* SPDX-License-Identifier: MIT */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int enabled = -1;	/* -1: not asked yet */
static bool shown;

bool vct_progress_enabled(void)
{
	if (enabled < 0) {
		const char *term = getenv("TERM"), *force = getenv("VCT_PROGRESS");

		if (force && (!strcmp(force, "0") || !strcmp(force, "1")))
			enabled = force[0] == '1';
		else
			enabled = isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
	}
	return enabled;
}

void vct_progress(const char *fmt, ...)
{
	struct winsize ws;
	char line[512];
	size_t width = sizeof(line) - 1;
	va_list ap;

	if (!vct_progress_enabled())
		return;
	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1 && ws.ws_col - 1u < width)
		width = ws.ws_col - 1u;	/* never wrap: a wrapped line cannot be redrawn in place */
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	line[strcspn(line, "\n")] = 0;
	if (strlen(line) > width)
		line[width] = 0;
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	shown = true;
}

void vct_progress_clear(void)
{
	if (!shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	shown = false;
}
