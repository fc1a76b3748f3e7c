/* SPDX-License-Identifier: MIT */
#include "tap.h"

#include <stdarg.h>
#include <string.h>

void vct_tap_begin(FILE *f, int version, unsigned int plan)
{
	fprintf(f, "TAP version %d\n1..%u\n", version == 13 ? 13 : 14, plan);
	fflush(f);
}

void vct_tap_comment(FILE *f, const char *fmt, ...)
{
	va_list ap;

	fputs("# ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

void vct_yaml_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* A description must not carry '#' (directive) or newlines. */
static void desc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '#')
			fputs("\\#", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static const char *const outcome_names[] = {
	[VCT_PASS] = "pass", [VCT_FAIL] = "fail", [VCT_SKIP] = "skip",
	[VCT_QUIRK] = "known-quirk", [VCT_ERROR] = "harness-error",
};

void vct_tap_point(FILE *f, unsigned int n, const struct vct_check *chk, const struct vct_stmt *st,
		   const struct vct_result *r)
{
	bool ok = r->outcome == VCT_PASS || r->outcome == VCT_SKIP;

	fprintf(f, "%sok %u - %s [%s %s] ", ok ? "" : "not ", n, chk->name, chk->stmt,
		st ? vct_level_name(st->level) : "?");
	desc(f, st ? st->label : "");
	/* A robustness case's verdict is the description's last word. */
	if (r->verdict != VCT_VERDICT_NONE) {
		fputc(' ', f);
		fputs(vct_verdict_name(r->verdict), f);
	}
	if (r->outcome == VCT_SKIP) {
		fputs(" # SKIP ", f);
		desc(f, r->reason);
	} else if (r->outcome == VCT_QUIRK) {
		fputs(" # TODO known quirk: ", f);
		desc(f, r->reason);
	}
	fputc('\n', f);
	if (r->outcome == VCT_FAIL || r->outcome == VCT_QUIRK || r->outcome == VCT_ERROR || r->verdict) {
		fputs("  ---\n", f);
		fprintf(f, "  outcome: %s\n", outcome_names[r->outcome]);
		fprintf(f, "  statement: %s\n", chk->stmt);
		if (r->verdict) {
			const char *sev = vct_verdict_severity(r->verdict);

			fprintf(f, "  verdict: %s\n", vct_verdict_name(r->verdict));
			if (sev)
				fprintf(f, "  severity: %s\n", sev);
			fputs("  health: ", f);
			vct_yaml_str(f, r->vnote);
			fputc('\n', f);
			/* Run after every other case (it may leave the device unusable). */
			if (chk->destructive)
				fputs("  destructive: true\n", f);
		}
		if (r->dstmt)
			fprintf(f, "  device_statement: %s\n", r->dstmt);
		if (chk->analogy) {
			/* The statement is borrowed from another layout: say so next to it. */
			fputs("  by_analogy: ", f);
			vct_yaml_str(f, chk->analogy);
			fputc('\n', f);
		}
		if (st) {
			fprintf(f, "  level: %s\n", vct_level_name(st->level));
			fputs("  clause: ", f);
			vct_yaml_str(f, st->label);
			fputc('\n', f);
			if (st->summary && strcmp(st->summary, "-")) {
				fputs("  summary: ", f);
				vct_yaml_str(f, st->summary);
				fputc('\n', f);
			}
		}
		if (r->outcome == VCT_ERROR) {
			fputs("  harness_error: ", f);
			vct_yaml_str(f, r->reason);
			fprintf(f, "\n  at: \"%s:%d\"\n", r->file ? r->file : "?", r->line);
		} else if (r->reason[0]) {
			fputs("  note: ", f);
			vct_yaml_str(f, r->reason);
			fputc('\n', f);
		}
		if (r->nev) {
			fputs("  evidence:\n", f);
			for (unsigned int i = 0; i < r->nev; i++) {
				const struct vct_evidence *e = &r->ev[i];

				fputs("    - what: ", f);
				vct_yaml_str(f, e->what);
				fputs("\n      expected: ", f);
				vct_yaml_str(f, e->expected);
				fputs("\n      seen: ", f);
				vct_yaml_str(f, e->seen);
				fprintf(f, "\n      at: \"%s:%d\"\n", e->file ? e->file : "?", e->line);
				fprintf(f, "      origin: %s\n", vct_ev_origin_name(e->origin));
			}
		}
		if (r->nfail > r->nev)
			fprintf(f, "  more_failures: %u\n", r->nfail - r->nev);
		fprintf(f, "  duration_ms: %llu\n", (unsigned long long)r->ms);
		fputs("  ...\n", f);
	}
	fflush(f);
}
