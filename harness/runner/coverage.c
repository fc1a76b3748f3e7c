/* SPDX-License-Identifier: MIT */
/*
 * What the check tables cover. The rules are spec-refs/README.md's ("What
 * counts as checked"): a device-side statement is checkable when its class
 * is blackbox or host-action, and checked when it is checkable and a check
 * that can fail on a real device names it (no .proxy, .analogy or
 * .unexercisable marker).
 * The JSON output is a published interface: keys are added, never renamed.
 */
#include "util.h"
#include "coverage.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stmt.h"

#define for_each_check(s, i, c)                                    \
	for (unsigned int s = 0; s < vct_nsuites; s++)             \
		for (unsigned int i = 0; i < vct_suites[s]->n; i++) \
			if (((c) = &vct_suites[s]->checks[i]), 1)

/*
 * The robustness cases' own table: each names a driver-side statement (the
 * rule it breaks) and, where the spec sets what the device then does, a
 * device-side one; names are unique across both tables. Never coverage.
 */
static int robust_verify(FILE *out)
{
	int problems = 0;

	for (unsigned int s = 0; s < vct_nrobust_suites; s++)
		for (unsigned int i = 0; i < vct_robust_suites[s]->n; i++) {
			const struct vct_check *c = &vct_robust_suites[s]->checks[i];
			const struct vct_stmt *st = vct_stmt_find(c->stmt), *ds = c->dstmt ? vct_stmt_find(c->dstmt) : NULL;

			if (!st || st->device_side) {
				fprintf(out, "%s: a robustness case names %s, which is %s\n", c->name, c->stmt,
					st ? "a device-side statement (cases break driver-side ones, R-...)" : "not in the table");
				problems++;
			}
			if (c->dstmt && (!ds || !ds->device_side)) {
				fprintf(out, "%s: .dstmt %s is not a device-side statement of the table\n", c->name, c->dstmt);
				problems++;
			}
			for (unsigned int t = 0; t < vct_nsuites; t++)
				for (unsigned int j = 0; j < vct_suites[t]->n; j++)
					if (!strcmp(vct_suites[t]->checks[j].name, c->name)) {
						fprintf(out, "%s: a robustness case has a check's name\n", c->name);
						problems++;
					}
			for (unsigned int t = 0; t <= s; t++)
				for (unsigned int j = 0; j < vct_robust_suites[t]->n && (t < s || j < i); j++) {
					const struct vct_check *o = &vct_robust_suites[t]->checks[j];

					if (!strcmp(o->name, c->name)) {
						fprintf(out, "%s: case name used twice\n", c->name);
						problems++;
					}
					if (!strcmp(o->stmt, c->stmt) && !c->shared && !o->shared && !c->analogy && !o->analogy) {
						fprintf(out, "%s: breaks %s, as %s does, without saying how it differs (.shared)\n",
							c->name, c->stmt, o->name);
						problems++;
					}
				}
		}
	return problems;
}

int vct_checks_verify(FILE *out)
{
	const struct vct_check *c;
	int problems = 0;

	for_each_check(s, i, c) {
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
		if ((c->proxy && !*c->proxy) || (c->analogy && !*c->analogy)) {
			fprintf(out, "%s: a coverage marker (.proxy, .analogy) without a reason\n", c->name);
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
				/* A check by analogy says why it borrows a statement another check claims. */
				if (!strcmp(o->stmt, c->stmt) && !c->shared && !o->shared && !c->analogy && !o->analogy) {
					fprintf(out, "%s: claims %s, already claimed by %s, without saying why (.shared)\n",
						c->name, c->stmt, o->name);
					problems++;
				}
			}
	}
	return problems + robust_verify(out);
}

bool vct_stmt_checkable(const struct vct_stmt *st)
{
	return st->device_side && (!strcmp(st->cls, "blackbox") || !strcmp(st->cls, "host-action"));
}

const char *vct_check_uncounted(const struct vct_check *c, const char **kind)
{
	const struct vct_stmt *st = vct_stmt_find(c->stmt);

	if (c->proxy) {
		*kind = "proxy";
		return c->proxy;
	}
	if (c->analogy) {
		*kind = "by analogy";
		return c->analogy;
	}
	if (c->unexercisable) {
		/* Never shown failing on refdev (issue 10 item 9): it certifies nothing yet. */
		*kind = "not exercisable on refdev";
		return c->unexercisable;
	}
	if (!st) {
		*kind = "unknown statement";
		return "the statement is not in the table";
	}
	if (!vct_stmt_checkable(st)) {
		*kind = st->cls;
		return st->reason;
	}
	return NULL;
}

bool vct_stmt_checked(const struct vct_stmt *st)
{
	const struct vct_check *c;
	const char *kind;

	if (!vct_stmt_checkable(st))
		return false;
	for_each_check(s, i, c)
		if (!strcmp(c->stmt, st->id) && !vct_check_uncounted(c, &kind))
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

struct cell {
	unsigned int total, bb, host, checkable, checked;
};

struct area {
	char name[160];
	struct cell c[L_N];
};

/* The classes outside the checkable ones, in the order they are reported. */
static const char *const other_cls[] = { "fault", "transport", "legacy", "unobservable" };
#define N_OTHER (sizeof(other_cls) / sizeof(other_cls[0]))

struct tally {
	struct area *a;
	unsigned int na;
	struct cell must;		/* every MUST-level statement */
	struct cell generic;		/* MUST-level, generic chapters and the PCI transport */
	unsigned int other[N_OTHER][2];	/* per class outside the checkable ones: MUST-level, all */
};

/* The chapters issue #3 measures at 90%: generic facilities and the PCI transport. */
static bool generic(const char *area)
{
	return !strcmp(area, "Basic Facilities of a Virtio Device") ||
	       !strcmp(area, "General Initialization And Device Operation") || !strcmp(area, "Reserved Feature Bits") ||
	       !strcmp(area, "Virtio Transport Options / Virtio Over PCI Bus");
}

static void count(struct cell *c, const struct vct_stmt *st, bool checked)
{
	c->total++;
	c->bb += !strcmp(st->cls, "blackbox");
	c->host += !strcmp(st->cls, "host-action");
	c->checkable += vct_stmt_checkable(st);
	c->checked += checked;
}

static int tally(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	t->a = calloc(vct_stmts_count + 1, sizeof(*t->a));
	if (!t->a)
		return -1;
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];
		char name[160];
		unsigned int k;
		int lc;
		bool ck;

		if (!st->device_side)
			continue;
		vct_stmt_area(st, name, sizeof(name));
		for (k = 0; k < t->na && strcmp(t->a[k].name, name); k++)
			;
		if (k == t->na)
			snprintf(t->a[t->na++].name, sizeof(t->a[0].name), "%s", name);
		lc = level_class(st->level);
		ck = vct_stmt_checked(st);
		count(&t->a[k].c[lc], st, ck);
		for (unsigned int o = 0; o < N_OTHER; o++)
			if (!strcmp(st->cls, other_cls[o])) {
				t->other[o][0] += lc == L_MUST;
				t->other[o][1]++;
			}
		if (lc != L_MUST)
			continue;
		count(&t->must, st, ck);
		if (generic(name))
			count(&t->generic, st, ck);
	}
	return 0;
}

/* The uncovered checkable MUST-level statements of the generic chapters. */
static bool uncovered_generic(const struct vct_stmt *st)
{
	char name[160];

	if (!st->device_side || !vct_level_is_must(st->level) || !vct_stmt_checkable(st) || vct_stmt_checked(st))
		return false;
	vct_stmt_area(st, name, sizeof(name));
	return generic(name);
}

static const char *const lname[L_N] = { "MUST", "SHOULD", "MAY" };

static void json_out(FILE *out, const struct tally *t)
{
	const struct vct_check *c;
	const char *sep = "";

	fprintf(out, "{\n  \"spec_version\": \"%s\",\n  \"areas\": [", vct_stmts_version);
	for (unsigned int k = 0; k < t->na; k++) {
		fprintf(out, "%s\n    {\"area\": ", k ? "," : "");
		vct_json_put_str(out, t->a[k].name);
		for (int l = 0; l < L_N; l++) {
			const struct cell *e = &t->a[k].c[l];

			fprintf(out, ", \"%s\": {\"total\": %u, \"blackbox\": %u, \"checked\": %u, \"checkable\": %u, \"host_action\": %u}",
				lname[l], e->total, e->bb, e->checked, e->checkable, e->host);
		}
		fputc('}', out);
	}
	fprintf(out, "\n  ],\n  \"uncovered_must\": [");
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];

		if (!uncovered_generic(st))
			continue;
		fprintf(out, "%s\n    {\"id\": \"%s\", \"level\": \"%s\", \"label\": ", sep, st->id, vct_level_name(st->level));
		vct_json_put_str(out, st->label);
		fprintf(out, ", \"source\": \"%s:%u\", \"class\": \"%s\"}", st->file, st->line, st->cls);
		sep = ",";
	}
	fprintf(out, "\n  ],\n  \"generic_blackbox_must\": %u,\n  \"generic_checked\": %u,\n  \"must\": %u,\n"
		     "  \"must_blackbox\": %u,\n  \"must_checked\": %u,\n  \"must_checkable\": %u,\n"
		     "  \"generic_checkable_must\": %u,\n  \"not_counted\": [",
		t->generic.bb, t->generic.checked, t->must.total, t->must.bb, t->must.checked, t->must.checkable,
		t->generic.checkable);
	sep = "";
	for_each_check(s, i, c) {
		const char *kind, *why = vct_check_uncounted(c, &kind);

		if (!why)
			continue;
		fprintf(out, "%s\n    {\"check\": ", sep);
		vct_json_put_str(out, c->name);
		fprintf(out, ", \"id\": ");
		vct_json_put_str(out, c->stmt);
		fprintf(out, ", \"kind\": ");
		vct_json_put_str(out, kind);
		fprintf(out, ", \"reason\": ");
		vct_json_put_str(out, why);
		fputc('}', out);
		sep = ",";
	}
	fprintf(out, "\n  ],\n  \"not_checkable\": [");
	sep = "";
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];
		char name[160];

		if (!st->device_side || vct_stmt_checkable(st))
			continue;
		vct_stmt_area(st, name, sizeof(name));
		fprintf(out, "%s\n    {\"id\": \"%s\", \"level\": \"%s\", \"area\": ", sep, st->id, vct_level_name(st->level));
		vct_json_put_str(out, name);
		fprintf(out, ", \"class\": \"%s\", \"reason\": ", st->cls);
		vct_json_put_str(out, st->reason);
		fputc('}', out);
		sep = ",";
	}
	fprintf(out, "\n  ]\n}\n");
}

/*
 * The vhost-user protocol's back-end statements, apart from the virtio
 * spec's figures: each with the checks keyed to it. None counts in the
 * virtio figures above; each check is shown failing under a vu-* quirk of
 * the reference device's vhost-user back end (the mutation gate).
 */
static void vu_out(FILE *out)
{
	unsigned int with = 0;

	fprintf(out, "\nvhost-user protocol (%s, docs/interop/vhost-user.rst), counted apart from the virtio spec:\n",
		vct_vu_stmts_version);
	for (size_t i = 0; i < vct_vu_stmts_count; i++) {
		const struct vct_stmt *st = &vct_vu_stmts[i];
		const struct vct_check *c;
		bool any = false;

		fprintf(out, "  %s %-8s %s:%u  %s:", st->id, vct_level_name(st->level), st->file, st->line, st->label);
		for_each_check(s, k, c)
			if (!strcmp(c->stmt, st->id)) {
				fprintf(out, " %s", c->name);
				any = true;
			}
		fprintf(out, "%s\n", any ? "" : " (no check)");
		with += any;
	}
	fprintf(out, "vhost-user: %u/%zu back-end statements with a check (mutation-gated on the reference device's vhost-user back end)\n",
		with, vct_vu_stmts_count);
}

static void text_out(FILE *out, const struct tally *t)
{
	const struct vct_check *c;
	bool first = true;

	fprintf(out, "%-62s %-17s %-17s %-17s\n", "device-side statements (total / checkable / checked)", "MUST-level",
		"SHOULD-level", "MAY");
	for (unsigned int k = 0; k < t->na; k++) {
		fprintf(out, "%-62.62s", t->a[k].name);
		for (int l = 0; l < L_N; l++) {
			char cell[40];

			snprintf(cell, sizeof(cell), "%u / %u / %u", t->a[k].c[l].total, t->a[k].c[l].checkable,
				 t->a[k].c[l].checked);
			fprintf(out, " %-17s", cell);
		}
		fputc('\n', out);
	}
	for_each_check(s, i, c) {
		const char *kind, *why = vct_check_uncounted(c, &kind);

		if (!why)
			continue;
		if (first)
			fprintf(out, "\nchecks that run but do not count as coverage of their statement:\n");
		first = false;
		fprintf(out, "  %-38s %s  %s: %s\n", c->name, c->stmt, kind, why);
	}
	fprintf(out, "\noutside the checkable classes (MUST-level / all; `vct coverage --reasons` gives each reason):");
	for (unsigned int o = 0; o < N_OTHER; o++)
		fprintf(out, "%s %s %u / %u", o ? "," : "", other_cls[o], t->other[o][0], t->other[o][1]);
	fprintf(out, "\n\nuncovered checkable MUST-level statements of the generic chapters and the PCI transport:\n");
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];

		if (uncovered_generic(st))
			fprintf(out, "  %s %-8s %-11s %s:%u  %s\n", st->id, vct_level_name(st->level), st->cls, st->file,
				st->line, st->label);
	}
	vu_out(out);
	fprintf(out, "\ngeneric chapters and PCI transport: %u/%u checkable MUST-level statements checked (%.0f%%)\n",
		t->generic.checked, t->generic.checkable,
		t->generic.checkable ? 100.0 * t->generic.checked / t->generic.checkable : 0.0);
	fprintf(out, "coverage: %u/%u device-side MUST statements checked (%u checkable)\n", t->must.checked, t->must.total,
		t->must.checkable);
}

/* Every device-side statement outside the checkable classes, then the host-action ones, with reasons. */
static void reasons_out(FILE *out, bool tsv)
{
	static const char *const part[2] = { "outside the checkable classes", "checkable once the device's host acts" };
	unsigned int n[2] = { 0, 0 };

	if (tsv)
		fprintf(out, "id\tlevel\tclass\tarea\treason\n");
	for (int p = 0; p < 2; p++) {
		if (!tsv)
			fprintf(out, "%sdevice-side statements %s (id, level, class, area: reason):\n", p ? "\n" : "", part[p]);
		for (size_t i = 0; i < vct_stmts_count; i++) {
			const struct vct_stmt *st = &vct_stmts[i];
			char name[160];

			if (!st->device_side || (p == 0 && vct_stmt_checkable(st)) ||
			    (p == 1 && strcmp(st->cls, "host-action")))
				continue;
			vct_stmt_area(st, name, sizeof(name));
			n[p]++;
			if (tsv)
				fprintf(out, "%s\t%s\t%s\t%s\t%s\n", st->id, vct_level_name(st->level), st->cls, name, st->reason);
			else
				fprintf(out, "  %s %-10s %-12s %s: %s\n", st->id, vct_level_name(st->level), st->cls, name,
					st->reason);
		}
	}
	if (!tsv)
		fprintf(out, "\n%u statements outside the checkable classes, %u host-action\n", n[0], n[1]);
}

int vct_coverage(FILE *out, enum vct_cov_format fmt, bool reasons)
{
	struct tally t;

	if (reasons && fmt != VCT_COV_JSON) {
		reasons_out(out, fmt == VCT_COV_TSV);
		return 0;
	}
	if (tally(&t))
		return 2;
	if (fmt == VCT_COV_TSV) {
		fprintf(out, "area\tlevel\ttotal\tblackbox\tchecked\tcheckable\thost_action\n");
		for (unsigned int k = 0; k < t.na; k++)
			for (int l = 0; l < L_N; l++)
				fprintf(out, "%s\t%s\t%u\t%u\t%u\t%u\t%u\n", t.a[k].name, lname[l], t.a[k].c[l].total,
					t.a[k].c[l].bb, t.a[k].c[l].checked, t.a[k].c[l].checkable, t.a[k].c[l].host);
	} else if (fmt == VCT_COV_JSON) {
		json_out(out, &t);
	} else {
		text_out(out, &t);
	}
	free(t.a);
	return 0;
}
