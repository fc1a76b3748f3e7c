/* SPDX-License-Identifier: MIT */
#include "coverage.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stmt.h"

int vct_checks_verify(FILE *out)
{
	int problems = 0;

	for (unsigned int s = 0; s < vct_nsuites; s++)
		for (unsigned int i = 0; i < vct_suites[s]->n; i++) {
			const struct vct_check *c = &vct_suites[s]->checks[i];
			const struct vct_stmt *st = vct_stmt_find(c->stmt);

			if (!st) {
				fprintf(out, "%s: statement %s is not in the table (%s)\n", c->name, c->stmt, vct_stmts_version);
				problems++;
				continue;
			}
			if (!st->device_side) {
				fprintf(out, "%s: statement %s is a driver-side statement\n", c->name, c->stmt);
				problems++;
			}
			/* Earlier claims of the same statement, and repeated names. */
			for (unsigned int t = 0; t <= s; t++)
				for (unsigned int j = 0; j < vct_suites[t]->n && (t < s || j < i); j++) {
					const struct vct_check *o = &vct_suites[t]->checks[j];

					if (!strcmp(o->name, c->name)) {
						fprintf(out, "%s: check name used twice\n", c->name);
						problems++;
					}
					if (!strcmp(o->stmt, c->stmt) && !c->shared && !o->shared) {
						fprintf(out, "%s: claims %s, already claimed by %s, without saying why (.shared)\n",
							c->name, c->stmt, o->name);
						problems++;
					}
				}
		}
	return problems;
}

static bool checked(const char *id)
{
	for (unsigned int s = 0; s < vct_nsuites; s++)
		for (unsigned int i = 0; i < vct_suites[s]->n; i++)
			if (!strcmp(vct_suites[s]->checks[i].stmt, id))
				return true;
	return false;
}

enum { L_MUST, L_SHOULD, L_MAY, L_N };

static int level_class(enum vct_level l)
{
	if (vct_level_is_must(l))
		return L_MUST;
	if (l == VCT_SHOULD || l == VCT_SHOULD_NOT || l == VCT_RECOMMENDED || l == VCT_NOT_RECOMMENDED)
		return L_SHOULD;
	return L_MAY;
}

struct area {
	char name[160];
	unsigned int total[L_N], bb[L_N], checked[L_N];
};


/* The chapters issue #3 measures at 90%: generic facilities and the PCI transport. */
static bool generic(const char *area)
{
	return !strcmp(area, "Basic Facilities of a Virtio Device") ||
	       !strcmp(area, "General Initialization And Device Operation") || !strcmp(area, "Reserved Feature Bits") ||
	       !strcmp(area, "Virtio Transport Options / Virtio Over PCI Bus");
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int vct_coverage(FILE *out, enum vct_cov_format fmt)
{
	static const char *const lname[L_N] = { "MUST", "SHOULD", "MAY" };
	struct area *a = calloc(vct_stmts_count + 1, sizeof(*a));
	unsigned int na = 0, must = 0, must_bb = 0, must_chk = 0, g_bb = 0, g_chk = 0;

	if (!a)
		return 2;
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];
		char name[160];
		unsigned int k;
		int lc;
		bool bb, ck;

		if (!st->device_side)
			continue;
		vct_stmt_area(st, name, sizeof(name));
		for (k = 0; k < na && strcmp(a[k].name, name); k++)
			;
		if (k == na)
			snprintf(a[na++].name, sizeof(a[0].name), "%s", name);
		lc = level_class(st->level);
		bb = !strcmp(st->cls, "blackbox");
		ck = checked(st->id);
		a[k].total[lc]++;
		a[k].bb[lc] += bb;
		a[k].checked[lc] += ck;
		if (lc == L_MUST) {
			must++;
			must_bb += bb;
			must_chk += ck;
			if (generic(name) && bb) {
				g_bb++;
				g_chk += ck;
			}
		}
	}

	if (fmt == VCT_COV_TSV) {
		fprintf(out, "area\tlevel\ttotal\tblackbox\tchecked\n");
		for (unsigned int k = 0; k < na; k++)
			for (int l = 0; l < L_N; l++)
				fprintf(out, "%s\t%s\t%u\t%u\t%u\n", a[k].name, lname[l], a[k].total[l], a[k].bb[l],
					a[k].checked[l]);
	} else if (fmt == VCT_COV_JSON) {
		fprintf(out, "{\n  \"spec_version\": \"%s\",\n  \"areas\": [", vct_stmts_version);
		for (unsigned int k = 0; k < na; k++) {
			fprintf(out, "%s\n    {\"area\": ", k ? "," : "");
			json_str(out, a[k].name);
			for (int l = 0; l < L_N; l++)
				fprintf(out, ", \"%s\": {\"total\": %u, \"blackbox\": %u, \"checked\": %u}", lname[l],
					a[k].total[l], a[k].bb[l], a[k].checked[l]);
			fputc('}', out);
		}
		fprintf(out, "\n  ],\n  \"uncovered_must\": [");
	} else {
		fprintf(out, "%-62s %-17s %-17s %-17s\n", "device-side statements (total / black-box / checked)", "MUST-level",
			"SHOULD-level", "MAY");
		for (unsigned int k = 0; k < na; k++) {
			fprintf(out, "%-62.62s", a[k].name);
			for (int l = 0; l < L_N; l++) {
				char cell[32];

				snprintf(cell, sizeof(cell), "%u / %u / %u", a[k].total[l], a[k].bb[l], a[k].checked[l]);
				fprintf(out, " %-17s", cell);
			}
			fputc('\n', out);
		}
		fprintf(out, "\nuncovered black-box MUST-level statements of the generic chapters and the PCI transport:\n");
	}
	if (fmt != VCT_COV_TSV) {
		bool first = true;

		for (size_t i = 0; i < vct_stmts_count; i++) {
			const struct vct_stmt *st = &vct_stmts[i];
			char name[160];

			if (!st->device_side || !vct_level_is_must(st->level) || strcmp(st->cls, "blackbox") ||
			    checked(st->id))
				continue;
			vct_stmt_area(st, name, sizeof(name));
			if (!generic(name))
				continue;
			if (fmt == VCT_COV_JSON) {
				fprintf(out, "%s\n    {\"id\": \"%s\", \"level\": \"%s\", \"label\": ", first ? "" : ",", st->id,
					vct_level_name(st->level));
				json_str(out, st->label);
				fprintf(out, ", \"source\": \"%s:%u\"}", st->file, st->line);
			} else {
				fprintf(out, "  %s %-8s %s:%u  %s\n", st->id, vct_level_name(st->level), st->file, st->line,
					st->label);
			}
			first = false;
		}
		if (fmt == VCT_COV_JSON)
			fprintf(out, "\n  ],\n  \"generic_blackbox_must\": %u,\n  \"generic_checked\": %u,\n  \"must\": %u,\n  \"must_blackbox\": %u,\n  \"must_checked\": %u\n}\n",
				g_bb, g_chk, must, must_bb, must_chk);
	}
	if (fmt == VCT_COV_TEXT) {
		fprintf(out, "\ngeneric chapters and PCI transport: %u/%u black-box MUST-level statements checked (%.0f%%)\n",
			g_chk, g_bb, g_bb ? 100.0 * g_chk / g_bb : 0.0);
		fprintf(out, "coverage: %u/%u device-side MUST statements checked (%u checkable)\n", must_chk, must, must_bb);
	}
	free(a);
	return 0;
}
