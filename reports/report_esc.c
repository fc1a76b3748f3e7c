/* SPDX-License-Identifier: MIT */
/* `vct report`: escaping of untrusted strings, one function per output syntax (see report_esc.h). */
#include "report_esc.h"

#include <string.h>

uint32_t rp_utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t cp, min;
	int n;

	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 1, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 2, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 3, cp = s[0] & 0x07, min = 0x10000;
	} else {
		*sp += 1;
		return 0xfffd;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {	/* also stops at the terminating NUL */
			*sp += 1;
			return 0xfffd;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*sp += 1;	/* overlong, beyond Unicode, or a surrogate */
		return 0xfffd;
	}
	*sp += n + 1;
	return cp;
}

static void put_utf8(FILE *f, uint32_t c)
{
	if (c < 0x80) {
		fputc((int)c, f);
	} else if (c < 0x800) {
		fputc((int)(0xc0 | c >> 6), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	} else if (c < 0x10000) {
		fputc((int)(0xe0 | c >> 12), f);
		fputc((int)(0x80 | (c >> 6 & 0x3f)), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	} else {
		fputc((int)(0xf0 | c >> 18), f);
		fputc((int)(0x80 | (c >> 12 & 0x3f)), f);
		fputc((int)(0x80 | (c >> 6 & 0x3f)), f);
		fputc((int)(0x80 | (c & 0x3f)), f);
	}
}

/* A character no format here carries as text: its visible stand-in. keep lists the controls the
 * caller handles itself. Returns c unchanged when it is fine as text. */
static uint32_t visible(uint32_t c, const char *keep)
{
	if (c < 0x20)
		return c && strchr(keep, (int)c) ? c : 0x2400 + c;
	if (c == 0x7f)
		return 0x2421;
	if ((c >= 0x80 && c < 0xa0) || c == 0xfffe || c == 0xffff)
		return 0xfffd;
	return c;
}

void rp_esc_html(FILE *f, const char *s)
{
	while (s && *s) {
		uint32_t c = visible(rp_utf8_next(&s), "\n\t");

		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: put_utf8(f, c);
		}
	}
}

void rp_esc_xml(FILE *f, const char *s)
{
	while (s && *s) {
		uint32_t c = visible(rp_utf8_next(&s), "\n\t\r");

		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\n': fputs("&#10;", f); break;
		case '\t': fputs("&#9;", f); break;
		case '\r': fputs("&#13;", f); break;
		default: put_utf8(f, c);
		}
	}
}

static bool alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void rp_esc_md_text(FILE *f, const char *s)
{
	bool start = true;
	uint32_t prev = 0;

	while (s && *s) {
		uint32_t c = visible(rp_utf8_next(&s), "");

		/* Always markup: emphasis, code, links, raw HTML, entities, table cells, headings. At the
		 * start of a run (start of a cell, list item or heading) also list and quote markers.
		 * "_" between two letters or digits cannot open or close emphasis (VIRTIO_F_VERSION_1). */
		if (c == '_' && alnum(prev) && alnum((unsigned char)*s))
			;
		else if (c < 0x80 && (strchr("\\`*_~[]<&|#!", (int)c) || (start && strchr("-+>", (int)c))))
			fputc('\\', f);
		prev = c;
		put_utf8(f, c);
		/* "1." or "1)" at the start of a run would begin an ordered list. */
		if (start && c >= '0' && c <= '9' && (*s == '.' || *s == ')')) {
			fputc('\\', f);
			fputc(*s++, f);
		}
		start = start && c >= '0' && c <= '9';
	}
}

static size_t longest_backtick_run(const char *s)
{
	size_t best = 0, run = 0;

	for (; s && *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void fence(FILE *f, size_t n)
{
	while (n--)
		fputc('`', f);
}

void rp_esc_md_code(FILE *f, const char *s, bool in_table)
{
	size_t n = longest_backtick_run(s) + 1, l = s ? strlen(s) : 0;
	/* CommonMark strips one space from each side when both are there: pad so exactly that is stripped. */
	bool pad = l && (s[0] == '`' || s[l - 1] == '`' || (s[0] == ' ' && s[l - 1] == ' '));

	if (!l)
		return;
	fence(f, n);
	if (pad)
		fputc(' ', f);
	while (*s) {
		uint32_t c = visible(rp_utf8_next(&s), "");

		if (c == '|' && in_table)
			fputc('\\', f);
		put_utf8(f, c);
	}
	if (pad)
		fputc(' ', f);
	fence(f, n);
}

void rp_esc_md_block(FILE *f, const char *s, const char *info)
{
	size_t n = longest_backtick_run(s) + 1;
	bool nl = true;

	if (n < 3)
		n = 3;
	fence(f, n);
	fputs(info ? info : "", f);
	fputc('\n', f);
	while (s && *s) {
		uint32_t c = visible(rp_utf8_next(&s), "\n\t");

		put_utf8(f, c);
		nl = c == '\n';
	}
	if (!nl)
		fputc('\n', f);
	fence(f, n);
	fputc('\n', f);
}

void rp_esc_tsv(FILE *f, const char *s)
{
	while (s && *s) {
		uint32_t c = visible(rp_utf8_next(&s), "\n\t\r");

		switch (c) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: put_utf8(f, c);
		}
	}
}

void rp_esc_href(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("._~/-", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}
