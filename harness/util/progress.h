/* SPDX-License-Identifier: MIT */
/*
 * Live progress on standard error, only when it is a terminal: one status
 * line redrawn in place ("\r", erase line), cleared before anything else is
 * written to the terminal. Off a terminal nothing is written at all, so logs
 * and pipes carry exactly what they did before (unless VCT_PROGRESS=1 asks).
 */
#ifndef VCT_PROGRESS_H
#define VCT_PROGRESS_H

#include <stdbool.h>

/* True when standard error is a terminal (and TERM is not "dumb"); VCT_PROGRESS=1 or 0 in the
 * environment forces it on or off (the test bed's guest shows a campaign's progress through a pipe). */
bool vct_progress_enabled(void);
/* Draw the status line (cut to the terminal's width); nothing when disabled. */
void vct_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Erase the status line, if one is shown. */
void vct_progress_clear(void);

#endif
