/* SPDX-License-Identifier: MIT */
/*
 * `vct report`: the device page (report.html and report.md, one writer over
 * the document model of report_doc.h) and the quirk sheets, per device and
 * combined over every device.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "devtype.h"
#include "util.h"

static const char *const level_title[RP_NLEVEL] = { "MUST", "SHOULD", "MAY" };

/* ---- derived data ------------------------------------------------------------------ */

struct area {
	char name[160];
	unsigned total, checked, failed, skipped;
};

/* Device-side statements that apply to a virtio-pci device of this type, per chapter. */
static size_t coverage(const struct rp_result *r, struct area **out)
{
	struct area *a = calloc(64, sizeof(*a));
	size_t na = 0;

	*out = a;
	if (!a)
		return 0;
	for (size_t i = 0; i < vct_stmts_count; i++) {
		const struct vct_stmt *st = &vct_stmts[i];
		char name[160];
		bool any = false, fail = false, skip = false;
		size_t k;

		if (!st->device_side)
			continue;
		if (strcmp(st->device_type, "-") ? !r->type_name || strcmp(st->device_type, r->type_name) : false)
			continue;
		vct_stmt_area(st, name, sizeof(name));
		if (!strncmp(name, "Virtio Transport Options / ", 27) && strstr(name, "PCI") == NULL)
			continue;
		for (k = 0; k < na && strcmp(a[k].name, name); k++)
			;
		if (k == na) {
			if (na == 64)
				continue;
			snprintf(a[na++].name, sizeof(a[0].name), "%s", name);
		}
		for (size_t c = 0; c < r->nc; c++) {
			if (strcmp(r->c[c].stmt_id, st->id))
				continue;
			if (!strcmp(r->c[c].outcome, "skip") || !strcmp(r->c[c].outcome, "harness-error"))
				skip = true;
			else
				any = true;
			fail |= rp_is_failure(r->c[c].outcome);
		}
		a[k].total++;
		a[k].checked += any;
		a[k].failed += fail;
		a[k].skipped += !any && skip;
	}
	return na;
}

const char *rp_verdict(const struct rp_result *r, const char **cls)
{
	static char buf[200];

	if (r->fail[RP_MUST]) {
		snprintf(buf, sizeof(buf), "NOT CONFORMANT: %u MUST-level failure%s", r->fail[RP_MUST],
			 r->fail[RP_MUST] == 1 ? "" : "s");
		*cls = "bad";
	} else if (r->fail[RP_SHOULD]) {
		snprintf(buf, sizeof(buf), "CONFORMANT at MUST level, %u SHOULD-level deviation%s", r->fail[RP_SHOULD],
			 r->fail[RP_SHOULD] == 1 ? "" : "s");
		*cls = "warn";
	} else if (!r->nc) {
		snprintf(buf, sizeof(buf), "NO VERDICT: no check outcome could be read");
		*cls = "warn";
	} else {
		snprintf(buf, sizeof(buf), "CONFORMANT: no MUST- or SHOULD-level failure");
		*cls = "good";
	}
	if (!r->complete) {
		strncat(buf, " (incomplete run)", sizeof(buf) - strlen(buf) - 1);
		if (!strcmp(*cls, "good"))
			*cls = "warn";
	}
	return buf;
}

static void shell_word(FILE *f, const char *s)
{
	if (s && *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:.,=_-/+@") ==
			       strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; s && *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	fputc('\'', f);
}

char *rp_reproducer(const struct rp_result *r, const struct rp_check *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("vct run ", f);
	shell_word(f, r->target ? r->target : "TARGET");
	fputs(" --only ", f);
	shell_word(f, c->name);
	fclose(f);
	return buf;
}

static char *spec_text(const struct rp_check *c, const char *spec_dir, int *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	*err = 0;
	if (!spec_dir || !c->st)
		return NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	*err = vct_stmt_show(c->st, spec_dir, f);
	fclose(f);
	return buf;
}

static const char *ev_field(const struct vct_json *e, const char *k)
{
	const char *s = vct_json_str(e, k);

	return s ? s : "";
}

const char *rp_summary_of(const struct rp_check *c)
{
	return c->st && strcmp(c->st->summary, "-") ? c->st->summary : NULL;
}

/* Feature names of a mask for a device type ("-" for none), into buf. */
void rp_mask_names(char *buf, size_t n, unsigned type, const uint64_t m[2], const char *sep)
{
	size_t used = 0;

	buf[0] = 0;
	for (unsigned bit = 0; bit < 128 && used < n; bit++) {
		const char *nm;

		if (!vct_has(m, bit))
			continue;
		nm = vct_feature_name((uint16_t)type, bit);
		used += (size_t)snprintf(buf + used, n - used, "%s%s(%u)", used ? sep : "", nm ? nm : "bit", bit);
	}
	if (!buf[0])
		snprintf(buf, n, "-");
}

static unsigned nfailures(const struct rp_result *r)
{
	unsigned n = 0;

	for (size_t i = 0; i < r->nc; i++)
		n += rp_is_failure(r->c[i].outcome);
	return n;
}

/* An anchor for a check: its name when that is a plain identifier, else its index. */
static void anchor_of(const struct rp_result *r, const struct rp_check *c, char *buf, size_t n)
{
	if (c->name[0] && strspn(c->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
				  strlen(c->name) && strlen(c->name) < n - 8)
		snprintf(buf, n, "check-%s", c->name);
	else
		snprintf(buf, n, "check-%zu", (size_t)(c - r->c));
}

/* ---- the quirk sheets ----------------------------------------------------------------- */

static void mask_cell(struct rp_doc *d, const struct rp_quirk *q)
{
	char hex[40], names[1024];

	d->ops->cell(d, false, NULL);
	if (q->mask[0] | q->mask[1]) {
		snprintf(hex, sizeof(hex), "0x%016llx%016llx", (unsigned long long)q->mask[1],
			 (unsigned long long)q->mask[0]);
		d->ops->code(d, hex);
		d->ops->text(d, " ");
		rp_mask_names(names, sizeof(names), q->r->type, q->mask, ", ");
		d->ops->text(d, names);
		if (q->r->offered_ok && !((q->mask[0] & q->r->offered[0]) | (q->mask[1] & q->r->offered[1])))
			d->ops->text(d, " (not offered)");
	} else {
		d->ops->text(d, "none");
	}
	d->ops->cell_end(d);
}

/* The deviation a quirk stands for: one check, or a cause with the checks it explains. */
static void deviation_cell(struct rp_doc *d, const struct rp_quirk *q)
{
	d->ops->cell(d, false, NULL);
	d->ops->code(d, q->c->name);
	rp_textf(d, " (%s %s)", q->c->stmt_id, q->c->level);
	if (q->cause) {
		d->ops->br(d);
		rp_textf(d, "and %zu more check%s: all stopped at \"%s\" (%s)", q->cause->n - 1,
			 q->cause->n == 2 ? "" : "s", q->cause->what, q->cause->at);
	}
	d->ops->cell_end(d);
}

static void device_cell(struct rp_doc *d, const struct rp_result *r)
{
	/* Several results may share a PCI id (variants of one device): the label tells them apart. */
	d->ops->text(d, r->device_name);
	if (r->label && *r->label)
		rp_textf(d, " (%s)", r->label);
	d->ops->text(d, " ");
	d->ops->code(d, r->pci_id);
	d->ops->text(d, " subsystem ");
	d->ops->code(d, r->subsystem);
}

static void device_sheet(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const head[] = { "PCI id", "subsystem", "clear features", "workaround", "check (statement)" };
	size_t nq;
	struct rp_quirk *q = rp_quirks(r, &nq);
	struct rp_quirk all = { .r = r };
	char hex[40], names[1024];

	if (!q || !nq) {
		d->ops->para(d, NULL);
		d->ops->text(d, "Nothing to work around.");
		d->ops->para_end(d);
		free(q);
		return;
	}
	d->ops->table(d, head, 5);
	for (size_t i = 0; i < nq; i++) {
		d->ops->row(d);
		rp_cell_code(d, r->pci_id);
		rp_cell_code(d, r->subsystem);
		mask_cell(d, &q[i]);
		rp_cell_text(d, q[i].m->workaround);
		deviation_cell(d, &q[i]);
		d->ops->row_end(d);
		all.mask[0] |= q[i].mask[0];
		all.mask[1] |= q[i].mask[1];
	}
	d->ops->table_end(d);
	snprintf(hex, sizeof(hex), "0x%016llx%016llx", (unsigned long long)all.mask[1], (unsigned long long)all.mask[0]);
	rp_mask_names(names, sizeof(names), r->type, all.mask, ", ");
	d->ops->para(d, NULL);
	d->ops->text(d, "All together, clear ");
	d->ops->code(d, hex);
	rp_textf(d, " (%s) for ", names);
	d->ops->code(d, r->pci_id);
	d->ops->text(d, " subsystem ");
	d->ops->code(d, r->subsystem);
	d->ops->text(d, ".");
	d->ops->para_end(d);
	free(q);
}

void rp_combined_sheet(struct rp_doc *d, const struct rp_result *rs, size_t n)
{
	static const char *const head[] = { "deviation (check, statement)", "clear features", "workaround", "devices" };
	struct rp_quirk *all = NULL;
	size_t na = 0;
	bool *done;

	for (size_t k = 0; k < n; k++) {
		size_t nq;
		struct rp_quirk *q, *grown;

		if (!rs[k].usable)
			continue;
		q = rp_quirks(&rs[k], &nq);
		grown = q ? realloc(all, (na + nq + 1) * sizeof(*all)) : NULL;
		if (grown) {
			all = grown;
			memcpy(all + na, q, nq * sizeof(*q));
			na += nq;
		}
		free(q);
	}
	done = calloc(na + 1, sizeof(*done));
	if (!na || !done) {
		d->ops->para(d, NULL);
		d->ops->text(d, "Nothing to work around.");
		d->ops->para_end(d);
		free(all);
		free(done);
		return;
	}
	d->ops->table(d, head, 4);
	for (size_t i = 0; i < na; i++) {
		if (done[i])
			continue;
		d->ops->row(d);
		deviation_cell(d, &all[i]);
		mask_cell(d, &all[i]);
		rp_cell_text(d, all[i].m->workaround);
		d->ops->cell(d, false, NULL);
		for (size_t j = i, first = 1; j < na; j++) {
			if (done[j] || !rp_quirk_same(&all[i], &all[j]))
				continue;
			done[j] = true;
			if (!first)
				d->ops->br(d);
			first = 0;
			device_cell(d, all[j].r);
		}
		d->ops->cell_end(d);
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	free(all);
	free(done);
}

/* ---- the device page ---------------------------------------------------------------------- */

static void evidence_table(struct rp_doc *d, const struct rp_check *c)
{
	static const char *const head[] = { "what", "expected", "seen", "at" };

	if (!c->evidence || !c->evidence->n)
		return;
	d->ops->table(d, head, 4);
	for (size_t j = 0; j < c->evidence->n; j++) {
		const struct vct_json *e = c->evidence->kid[j];

		d->ops->row(d);
		rp_cell_text(d, ev_field(e, "what"));
		rp_cell_text(d, ev_field(e, "expected"));
		rp_cell_text(d, ev_field(e, "seen"));
		rp_cell_code(d, ev_field(e, "at"));
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
}

static void failure(struct rp_doc *d, const struct rp_result *r, const struct rp_check *c, const char *spec_dir,
		    int level)
{
	char anchor[160], *rep, *spec;
	int serr;

	anchor_of(r, c, anchor, sizeof(anchor));
	d->ops->box(d, "failure", anchor);
	d->ops->heading(d, level, NULL);
	d->ops->code(d, c->name);
	d->ops->text(d, ": ");
	d->ops->span(d, !strcmp(c->outcome, "known-quirk") ? "o-known-quirk" : "o-fail");
	d->ops->text(d, c->level);
	if (!strcmp(c->outcome, "known-quirk"))
		d->ops->text(d, " (known quirk)");
	d->ops->span_end(d);
	d->ops->heading_end(d, level);
	d->ops->list(d);
	d->ops->item(d);
	d->ops->text(d, "statement: ");
	d->ops->strong(d, c->stmt_id);
	rp_textf(d, " (%s)", c->level);
	d->ops->item_end(d);
	d->ops->item(d);
	d->ops->text(d, "clause: ");
	d->ops->text(d, c->clause);
	d->ops->item_end(d);
	if (rp_summary_of(c)) {
		d->ops->item(d);
		d->ops->text(d, "summary: ");
		d->ops->text(d, rp_summary_of(c));
		d->ops->item_end(d);
	}
	if (c->st) {
		char src[512];

		snprintf(src, sizeof(src), "%s:%u-%u", c->st->file, c->st->line, c->st->end_line);
		d->ops->item(d);
		d->ops->text(d, "source: ");
		d->ops->code(d, src);
		rp_textf(d, " (%s)", vct_stmts_version);
		d->ops->item_end(d);
	}
	if (c->reason) {
		d->ops->item(d);
		d->ops->text(d, "note: ");
		d->ops->text(d, c->reason);
		d->ops->item_end(d);
	}
	d->ops->list_end(d);
	spec = spec_text(c, spec_dir, &serr);
	if (spec_dir && c->st) {
		char *both = NULL;

		d->ops->para(d, NULL);
		d->ops->text(d, "The spec says:");
		d->ops->para_end(d);
		if (serr && asprintf(&both, "%s(sentence not available from %s: %s)\n", spec ? spec : "", spec_dir,
				     strerror(-serr)) < 0)
			both = NULL;
		d->ops->pre(d, both ? both : spec ? spec : "", NULL);
		free(both);
	}
	free(spec);
	evidence_table(d, c);
	rep = rp_reproducer(r, c);
	d->ops->para(d, NULL);
	d->ops->text(d, "Reproduce:");
	d->ops->para_end(d);
	d->ops->pre(d, rep ? rep : "", "sh");
	free(rep);
	d->ops->box_end(d);
}

static void cause_section(struct rp_doc *d, const struct rp_result *r, size_t k, const char *spec_dir)
{
	static const char *const head[] = { "check", "statement", "level", "seen" };
	const struct rp_cause *cs = &r->causes[k];
	char anchor[32], sum[200];

	snprintf(anchor, sizeof(anchor), "cause-%zu", k + 1);
	d->ops->box(d, "cause", anchor);
	d->ops->heading(d, 3, NULL);
	rp_textf(d, "Probable root cause %zu: %s (expected %s), %zu checks", k + 1, cs->what, cs->expected, cs->n);
	d->ops->heading_end(d, 3);
	d->ops->para(d, NULL);
	rp_textf(d, "These %zu checks all stopped at the same step of vct's own code, ", cs->n);
	d->ops->code(d, cs->at);
	d->ops->text(d, ", before reaching what each of them checks: one deviation of the device probably explains "
			"them all. The first is shown in full, the others are folded below it.");
	d->ops->para_end(d);
	failure(d, r, &r->c[cs->checks[0]], spec_dir, 4);
	snprintf(sum, sizeof(sum), "%zu more check%s that stopped at this step", cs->n - 1, cs->n == 2 ? "" : "s");
	d->ops->fold(d, sum);
	d->ops->table(d, head, 4);
	for (size_t i = 1; i < cs->n; i++) {
		const struct rp_check *c = &r->c[cs->checks[i]];
		const struct vct_json *e = c->evidence->kid[c->evidence->n - 1];

		d->ops->row(d);
		rp_cell_code(d, c->name);
		rp_cell_text(d, c->stmt_id);
		rp_cell_text(d, c->level);
		rp_cell_text(d, ev_field(e, "seen"));
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	d->ops->fold_end(d);
	d->ops->box_end(d);
}

static void header_table(struct rp_doc *d, const struct rp_result *r)
{
	char buf[1024];

	d->ops->table(d, NULL, 2);
	snprintf(buf, sizeof(buf), "%s (%04x)", r->vendor_name, r->ven);
	rp_kv(d, "vendor", buf, false);
	snprintf(buf, sizeof(buf), "%s (%s, virtio %s)", r->device_name, r->pci_id, r->type_name ? r->type_name : "?");
	rp_kv(d, "device", buf, false);
	snprintf(buf, sizeof(buf), "%s %s", r->subsystem, r->subsystem_name);
	rp_kv(d, "subsystem", buf, false);
	rp_kv(d, "target", r->target ? r->target : "?", true);
	rp_kv(d, "label", r->label ? r->label : "", false);
	snprintf(buf, sizeof(buf), "%s to %s, vct %s, spec %s", r->started ? r->started : "?",
		 r->ended ? r->ended : "(not finished)", r->vct_version ? r->vct_version : "?",
		 r->spec_version ? r->spec_version : "?");
	rp_kv(d, "run", buf, false);
	if (r->offered_ok) {
		rp_mask_names(buf, sizeof(buf), r->type, r->offered, ", ");
		rp_kv(d, "offered features", buf, false);
	}
	rp_kv(d, "result file", r->path, true);
	d->ops->table_end(d);
}

static void summary(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const head[] = { "level", "pass", "fail", "known quirk", "skip" };

	d->ops->table(d, head, 5);
	for (int l = 0; l < RP_NLEVEL; l++) {
		d->ops->row(d);
		rp_cell_text(d, level_title[l]);
		rp_cell_textf(d, "%u", r->pass[l]);
		d->ops->cell(d, false, r->fail[l] ? "o-fail" : NULL);
		rp_textf(d, "%u", r->fail[l]);
		d->ops->cell_end(d);
		rp_cell_textf(d, "%u", r->quirk[l]);
		rp_cell_textf(d, "%u", r->skip[l]);
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	d->ops->list(d);
	d->ops->item(d);
	d->ops->text(d, "MUST failures: ");
	rp_textf(d, "%u", r->fail[RP_MUST]);
	d->ops->item_end(d);
	d->ops->item(d);
	d->ops->text(d, "SHOULD failures: ");
	rp_textf(d, "%u", r->fail[RP_SHOULD]);
	d->ops->item_end(d);
	d->ops->item(d);
	rp_textf(d, "MAY not implemented (failed or skipped): %u", r->fail[RP_MAY] + r->skip[RP_MAY] + r->quirk[RP_MAY]);
	d->ops->item_end(d);
	if (r->error) {
		d->ops->item(d);
		rp_textf(d, "harness errors (vct's own, not counted against the device): %u", r->error);
		d->ops->item_end(d);
	}
	d->ops->list_end(d);
}

static void coverage_table(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const head[] = { "chapter", "checked / total", "", "failed", "skipped" };
	struct area *a;
	size_t na = coverage(r, &a);

	d->ops->table(d, head, 5);
	for (size_t i = 0; i < na; i++) {
		d->ops->row(d);
		rp_cell_text(d, a[i].name);
		rp_cell_textf(d, "%u / %u", a[i].checked, a[i].total);
		d->ops->cell(d, false, NULL);
		d->ops->bar(d, a[i].checked - a[i].failed, a[i].failed, a[i].skipped, a[i].total);
		d->ops->cell_end(d);
		rp_cell_textf(d, "%u", a[i].failed);
		rp_cell_textf(d, "%u", a[i].skipped);
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	free(a);
}

static void all_checks(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const head[] = { "check", "statement", "level", "outcome", "ms" };

	d->ops->table(d, head, 5);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		char cls[32], anchor[160];

		d->ops->row(d);
		if (rp_is_failure(c->outcome)) {
			d->ops->cell(d, false, NULL);
			anchor[0] = '#';
			anchor_of(r, c, anchor + 1, sizeof(anchor) - 1);
			d->ops->link(d, anchor, c->name, true);
			d->ops->cell_end(d);
		} else {
			rp_cell_code(d, c->name);
		}
		rp_cell_text(d, c->stmt_id);
		rp_cell_text(d, c->level);
		snprintf(cls, sizeof(cls), "o-%s", c->outcome);	/* one of the five known outcomes */
		d->ops->cell(d, false, cls);
		d->ops->text(d, c->outcome);
		if (c->reason && !rp_is_failure(c->outcome)) {
			d->ops->text(d, " ");
			d->ops->span(d, "muted");
			d->ops->text(d, c->reason);
			d->ops->span_end(d);
		}
		d->ops->cell_end(d);
		rp_cell_textf(d, "%.0f", c->ms);
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
}

static void section(struct rp_doc *d, const char *title);
static void para(struct rp_doc *d, const char *text);

/*
 * Robustness verdicts in a section of their own (schema v2): what each case
 * (or a check during which the device died) left the device in. The driver
 * broke the R-... rule on purpose; only a bad verdict or a device-side
 * statement broken on the way counts against the device.
 */
static void robustness(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const head[] = { "case", "driver rule broken", "verdict", "severity", "what the probe saw",
					    "device-side statement" };
	static const char *const order[] = { "crashed", "corrupted", "wedged", "needs-reset", "handled" };
	unsigned n[5] = { 0 }, total = 0;
	char title[64];

	for (size_t i = 0; i < r->nc; i++)
		for (unsigned k = 0; r->c[i].verdict && k < 5; k++)
			if (!strcmp(r->c[i].verdict, order[k])) {
				n[k]++;
				total++;
			}
	if (!total)
		return;
	snprintf(title, sizeof(title), "Robustness verdicts (%u)", total);
	section(d, title);
	d->ops->para(d, NULL);
	rp_textf(d, "%u crashed, %u corrupted, %u wedged, %u needs-reset, %u handled. Each case broke the driver-side "
		    "rule named; handled and needs-reset are acceptable, the others are not.",
		 n[0], n[1], n[2], n[3], n[4]);
	d->ops->para_end(d);
	d->ops->table(d, head, 6);
	/* The bad verdicts first, worst first; then the acceptable ones in run order. */
	for (unsigned k = 0; k < 5; k++)
		for (size_t i = 0; i < r->nc; i++) {
			const struct rp_check *c = &r->c[i];
			char cls[32];

			if (!c->verdict || strcmp(c->verdict, order[k]))
				continue;
			d->ops->row(d);
			rp_cell_code(d, c->name);
			rp_cell_text(d, c->stmt_id);
			snprintf(cls, sizeof(cls), "o-%s", k < 3 ? "fail" : "pass");
			d->ops->cell(d, false, cls);
			d->ops->text(d, c->verdict);
			d->ops->cell_end(d);
			rp_cell_text(d, c->severity ? c->severity : "-");
			rp_cell_text(d, c->health ? c->health : "");
			rp_cell_text(d, c->dstmt ? c->dstmt : "-");
			d->ops->row_end(d);
		}
	d->ops->table_end(d);
}

static void section(struct rp_doc *d, const char *title)
{
	d->ops->heading(d, 2, NULL);
	d->ops->text(d, title);
	d->ops->heading_end(d, 2);
}

static void para(struct rp_doc *d, const char *text)
{
	d->ops->para(d, NULL);
	d->ops->text(d, text);
	d->ops->para_end(d);
}

void rp_device_page(struct rp_doc *d, const struct rp_result *r, const char *spec_dir)
{
	const char *cls, *v = rp_verdict(r, &cls);
	unsigned nf = nfailures(r);
	char title[64];

	d->ops->begin(d, r->title);
	d->ops->heading(d, 1, NULL);
	d->ops->text(d, "vct report: ");
	d->ops->text(d, r->title);
	d->ops->heading_end(d, 1);
	d->ops->verdict(d, cls, v);
	header_table(d, r);

	if (r->nproblems) {
		section(d, "Problems with this result file");
		para(d, "These parts are not valid and are not shown (or shown as read):");
		d->ops->list(d);
		for (size_t i = 0; i < r->nproblems; i++) {
			d->ops->item(d);
			d->ops->span(d, "problem");
			d->ops->text(d, r->problems[i]);
			d->ops->span_end(d);
			d->ops->item_end(d);
		}
		d->ops->list_end(d);
	}

	section(d, "Summary per level");
	summary(d, r);

	section(d, "Coverage per chapter");
	para(d, "Statements of the spec that apply to this device, and how many this run checked (bar: passed, "
		"failed, skipped).");
	coverage_table(d, r);

	snprintf(title, sizeof(title), "Failures (%u)", nf);
	section(d, title);
	if (!nf)
		para(d, "None.");
	else if (r->ncauses)
		para(d, "Failures that stopped at the same step of vct's own code are grouped under their probable "
			"root cause first; the failures of individual checks follow.");
	for (size_t k = 0; k < r->ncauses; k++)
		cause_section(d, r, k, spec_dir);
	for (size_t i = 0; i < r->nc; i++)
		if (rp_is_failure(r->c[i].outcome) && r->c[i].cause < 0)
			failure(d, r, &r->c[i], spec_dir, 3);

	if (r->error) {
		section(d, "Harness errors");
		para(d, "vct's own failures (not counted against the device):");
		d->ops->list(d);
		for (size_t i = 0; i < r->nc; i++)
			if (!strcmp(r->c[i].outcome, "harness-error")) {
				d->ops->item(d);
				d->ops->code(d, r->c[i].name);
				d->ops->text(d, ": ");
				d->ops->text(d, r->c[i].reason ? r->c[i].reason : "");
				d->ops->item_end(d);
			}
		d->ops->list_end(d);
	}

	section(d, "Quirk sheet");
	para(d, "For driver maintainers: for each deviation (a root cause counts once), the feature bits to clear from "
		"this device's offer, or the workaround a driver needs.");
	device_sheet(d, r);

	if (r->findings && r->findings->type == VCT_JARR && r->findings->n) {
		snprintf(title, sizeof(title), "Fuzzer findings (%zu)", r->findings->n);
		section(d, title);
		d->ops->list(d);
		for (size_t i = 0; i < r->findings->n; i++) {
			const struct vct_json *x = r->findings->kid[i];
			const char *t = vct_json_str(x, "title");

			d->ops->item(d);
			d->ops->text(d, t ? t : vct_json_str(x, "summary") ? vct_json_str(x, "summary") : "(untitled finding)");
			d->ops->item_end(d);
		}
		d->ops->list_end(d);
	}

	robustness(d, r);

	section(d, "All checks");
	all_checks(d, r);
	d->ops->end(d);
}
