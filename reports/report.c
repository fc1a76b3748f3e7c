/* SPDX-License-Identifier: MIT */
/*
 * `vct report RESULT.json... [--out DIR] [--spec-dir DIR]`: for every result,
 * DIR/<vendor>/<device>/{report.html,report.md,junit.xml}; and over all of
 * them DIR/index.{html,md}, DIR/junit.xml (one testsuite per device) and the
 * quirk sheet DIR/quirks.{md,tsv}.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "virtio_pci.h"

static const char *const level_title[RP_NLEVEL] = { "MUST", "SHOULD", "MAY" };

/* ---- per-result derived data ---------------------------------------------------- */

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

static const char *verdict(const struct rp_result *r, const char **cls)
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

static char *reproducer(const struct rp_result *r, const struct rp_check *c)
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

static const char *summary_of(const struct rp_check *c)
{
	return c->st && strcmp(c->st->summary, "-") ? c->st->summary : NULL;
}

/* Feature names of a mask for a device type, comma-separated. */
static void mask_names(FILE *f, unsigned type, const uint64_t m[2], const char *sep)
{
	bool first = true;

	for (unsigned bit = 0; bit < 128; bit++) {
		const char *nm;

		if (!vct_has(m, bit))
			continue;
		nm = vct_feature_name((uint16_t)type, bit);
		fprintf(f, "%s%s(%u)", first ? "" : sep, nm ? nm : "bit", bit);
		first = false;
	}
	if (first)
		fputs("-", f);
}

/* The union over a device's deviations of the features to clear. */
static void device_mask(const struct rp_result *r, uint64_t m[2])
{
	m[0] = m[1] = 0;
	for (size_t i = 0; i < r->nc; i++) {
		uint64_t k[2];

		if (!rp_is_failure(r->c[i].outcome))
			continue;
		rp_mitigation_mask(rp_mitigation_for(r->c[i].name, r->c[i].stmt_id), r->type, k);
		m[0] |= k[0];
		m[1] |= k[1];
	}
}

static unsigned nfailures(const struct rp_result *r)
{
	unsigned n = 0;

	for (size_t i = 0; i < r->nc; i++)
		n += rp_is_failure(r->c[i].outcome);
	return n;
}

/* ---- Markdown ------------------------------------------------------------------ */

static void md_bar(FILE *f, const struct area *a)
{
	unsigned w = 20, full = a->total ? (a->checked * w + a->total - 1) / a->total : 0;

	fputc('`', f);
	for (unsigned i = 0; i < w; i++)
		fputs(i < full ? "#" : ".", f);
	fputc('`', f);
}

static void md_quirk_rows(FILE *f, const struct rp_result *r, bool with_device)
{
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		const struct rp_mitigation *m;
		uint64_t k[2];

		if (!rp_is_failure(c->outcome))
			continue;
		m = rp_mitigation_for(c->name, c->stmt_id);
		rp_mitigation_mask(m, r->type, k);
		fputs("| ", f);
		if (with_device) {
			/* Several results may share a PCI id (variants of one device): the label tells them apart. */
			rp_md(f, r->device_name);
			if (r->label && *r->label) {
				fputs(" (", f);
				rp_md(f, r->label);
				fputc(')', f);
			}
			fputs(" | ", f);
		}
		fprintf(f, "`%s` | `%s` | ", r->pci_id, r->subsystem);
		if (k[0] | k[1]) {
			fprintf(f, "`0x%016llx%016llx` ", (unsigned long long)k[1], (unsigned long long)k[0]);
			mask_names(f, r->type, k, ", ");
			if (r->offered_ok && !((k[0] & r->offered[0]) | (k[1] & r->offered[1])))
				fputs(" (not offered)", f);
		} else {
			fputs("none", f);
		}
		fputs(" | ", f);
		rp_md(f, m->workaround);
		fprintf(f, " | `%s` (%s %s) |\n", c->name, c->stmt_id, c->level);
	}
}

static void write_md(FILE *f, const struct rp_result *r, const char *spec_dir)
{
	struct area *a;
	size_t na = coverage(r, &a);
	const char *cls;
	uint64_t m[2];

	fputs("# vct report: ", f);
	rp_md(f, r->title);
	fputs("\n\n", f);
	fprintf(f, "**Verdict: %s**\n\n", verdict(r, &cls));
	fputs("| | |\n| --- | --- |\n", f);
	fputs("| vendor | ", f);
	rp_md(f, r->vendor_name);
	fprintf(f, " (`%04x`) |\n| device | ", r->ven);
	rp_md(f, r->device_name);
	fprintf(f, " (`%s`, virtio %s) |\n", r->pci_id, r->type_name ? r->type_name : "?");
	fprintf(f, "| subsystem | `%s`%s", r->subsystem, r->subsystem_name[0] ? " " : "");
	rp_md(f, r->subsystem_name);
	fputs(" |\n| target | `", f);
	rp_md(f, r->target ? r->target : "?");
	fputs("` |\n| label | ", f);
	rp_md(f, r->label ? r->label : "");
	fprintf(f, " |\n| run | %s to %s, vct %s, spec %s |\n", r->started ? r->started : "?",
		r->ended ? r->ended : "(not finished)", r->vct_version ? r->vct_version : "?",
		r->spec_version ? r->spec_version : "?");
	if (r->offered_ok) {
		fputs("| offered features | ", f);
		mask_names(f, r->type, r->offered, ", ");
		fputs(" |\n", f);
	}
	fputs("| result file | `", f);
	rp_md(f, r->path);
	fputs("` |\n\n", f);

	if (r->nproblems) {
		fputs("## Problems with this result file\n\nThese parts are not valid and are not shown (or shown as read):\n\n", f);
		for (size_t i = 0; i < r->nproblems; i++) {
			fputs("- ", f);
			rp_md(f, r->problems[i]);
			fputc('\n', f);
		}
		fputc('\n', f);
	}

	fputs("## Summary per level\n\n| level | pass | fail | known quirk | skip |\n| --- | --- | --- | --- | --- |\n", f);
	for (int l = 0; l < RP_NLEVEL; l++)
		fprintf(f, "| %s | %u | %u | %u | %u |\n", level_title[l], r->pass[l], r->fail[l], r->quirk[l], r->skip[l]);
	fprintf(f, "\n- MUST failures: **%u**\n- SHOULD failures: **%u**\n- MAY not implemented (failed or skipped): **%u**\n",
		r->fail[RP_MUST], r->fail[RP_SHOULD], r->fail[RP_MAY] + r->skip[RP_MAY] + r->quirk[RP_MAY]);
	if (r->error)
		fprintf(f, "- harness errors (vct's own, not counted against the device): %u\n", r->error);
	fputc('\n', f);

	fputs("## Coverage per chapter\n\nStatements of the spec that apply to this device, and how many this run checked.\n\n"
	      "| chapter | checked / total | | failed | skipped |\n| --- | --- | --- | --- | --- |\n", f);
	for (size_t i = 0; i < na; i++) {
		fputs("| ", f);
		rp_md(f, a[i].name);
		fprintf(f, " | %u / %u | ", a[i].checked, a[i].total);
		md_bar(f, &a[i]);
		fprintf(f, " | %u | %u |\n", a[i].failed, a[i].skipped);
	}
	free(a);

	fprintf(f, "\n## Failures (%u)\n\n", nfailures(r));
	if (!nfailures(r))
		fputs("None.\n\n", f);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		char *rep, *spec;
		int serr;

		if (!rp_is_failure(c->outcome))
			continue;
		fprintf(f, "### `%s`: %s%s\n\n", c->name, c->level,
			!strcmp(c->outcome, "known-quirk") ? " (known quirk)" : "");
		fprintf(f, "- statement: **%s** (%s)\n- clause: ", c->stmt_id, c->level);
		rp_md(f, c->clause);
		fputc('\n', f);
		if (summary_of(c)) {
			fputs("- summary: ", f);
			rp_md(f, summary_of(c));
			fputc('\n', f);
		}
		if (c->st)
			fprintf(f, "- source: `%s:%u-%u` (%s)\n", c->st->file, c->st->line, c->st->end_line, vct_stmts_version);
		if (c->reason) {
			fputs("- note: ", f);
			rp_md(f, c->reason);
			fputc('\n', f);
		}
		spec = spec_text(c, spec_dir, &serr);
		if (spec_dir && c->st) {
			fputs("\nThe spec says:\n\n```\n", f);
			fputs(spec ? spec : "", f);
			if (serr)
				fprintf(f, "(sentence not available from %s: %s)\n", spec_dir, strerror(-serr));
			fputs("```\n", f);
		}
		free(spec);
		if (c->evidence && c->evidence->n) {
			fputs("\n| what | expected | seen | at |\n| --- | --- | --- | --- |\n", f);
			for (size_t j = 0; j < c->evidence->n; j++) {
				const struct vct_json *e = c->evidence->kid[j];

				fputs("| ", f);
				rp_md(f, ev_field(e, "what"));
				fputs(" | ", f);
				rp_md(f, ev_field(e, "expected"));
				fputs(" | ", f);
				rp_md(f, ev_field(e, "seen"));
				fputs(" | `", f);
				rp_md(f, ev_field(e, "at"));
				fputs("` |\n", f);
			}
		}
		rep = reproducer(r, c);
		fprintf(f, "\nReproduce:\n\n```sh\n%s\n```\n\n", rep ? rep : "");
		free(rep);
	}

	if (r->error) {
		fputs("## Harness errors\n\nvct's own failures (not counted against the device):\n\n", f);
		for (size_t i = 0; i < r->nc; i++)
			if (!strcmp(r->c[i].outcome, "harness-error")) {
				fprintf(f, "- `%s`: ", r->c[i].name);
				rp_md(f, r->c[i].reason ? r->c[i].reason : "");
				fputc('\n', f);
			}
		fputc('\n', f);
	}

	fputs("## Quirk sheet\n\nFor driver maintainers: for each deviation, the feature bits to clear from this "
	      "device's offer, or the workaround a driver needs.\n\n", f);
	if (!nfailures(r)) {
		fputs("Nothing to work around.\n\n", f);
	} else {
		fputs("| PCI id | subsystem | clear features | workaround | check (statement) |\n| --- | --- | --- | --- | --- |\n", f);
		md_quirk_rows(f, r, false);
		device_mask(r, m);
		fprintf(f, "\nAll together, clear `0x%016llx%016llx` (", (unsigned long long)m[1], (unsigned long long)m[0]);
		mask_names(f, r->type, m, ", ");
		fprintf(f, ") for `%s` subsystem `%s`.\n\n", r->pci_id, r->subsystem);
	}

	if (r->findings && r->findings->type == VCT_JARR && r->findings->n) {
		fprintf(f, "## Fuzzer findings (%zu)\n\n", r->findings->n);
		for (size_t i = 0; i < r->findings->n; i++) {
			const struct vct_json *x = r->findings->kid[i];
			const char *t = vct_json_str(x, "title");

			fputs("- ", f);
			rp_md(f, t ? t : vct_json_str(x, "summary") ? vct_json_str(x, "summary") : "(untitled finding)");
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	if (r->stress && r->stress->type == VCT_JOBJ) {
		fputs("## Stress\n\n| key | value |\n| --- | --- |\n", f);
		for (size_t i = 0; i < r->stress->n; i++) {
			const struct vct_json *x = r->stress->kid[i];

			fputs("| ", f);
			rp_md(f, x->key);
			fputs(" | ", f);
			if (x->type == VCT_JSTR)
				rp_md(f, x->str);
			else if (x->type == VCT_JNUM)
				fprintf(f, "%g", x->num);
			else if (x->type == VCT_JBOOL)
				fputs(x->b ? "true" : "false", f);
			else
				fputs(vct_json_type_name(x->type), f);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}

	fputs("## All checks\n\n| check | statement | level | outcome | ms |\n| --- | --- | --- | --- | --- |\n", f);
	for (size_t i = 0; i < r->nc; i++)
		fprintf(f, "| `%s` | %s | %s | %s | %.0f |\n", r->c[i].name, r->c[i].stmt_id, r->c[i].level,
			r->c[i].outcome, r->c[i].ms);
	fprintf(f, "\n_Written by vct %s (statements %s)._\n", VCT_VERSION, vct_stmts_version);
}

/* ---- HTML ---------------------------------------------------------------------- */

static void html_bar(FILE *f, const struct area *a)
{
	double t = a->total ? a->total : 1;

	fprintf(f, "<div class=\"bar\" title=\"%u checked (%u failed), %u skipped, of %u\">"
		   "<span class=\"b-pass\" style=\"width:%.1f%%\"></span><span class=\"b-fail\" style=\"width:%.1f%%\"></span>"
		   "<span class=\"b-skip\" style=\"width:%.1f%%\"></span></div>",
		a->checked, a->failed, a->skipped, a->total, 100.0 * (a->checked - a->failed) / t, 100.0 * a->failed / t,
		100.0 * a->skipped / t);
}

static void html_quirk_rows(FILE *f, const struct rp_result *r, bool with_device)
{
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		const struct rp_mitigation *m;
		uint64_t k[2];

		if (!rp_is_failure(c->outcome))
			continue;
		m = rp_mitigation_for(c->name, c->stmt_id);
		rp_mitigation_mask(m, r->type, k);
		fputs("<tr>", f);
		if (with_device) {
			fputs("<td>", f);
			rp_html(f, r->device_name);
			if (r->label && *r->label) {
				fputs(" (", f);
				rp_html(f, r->label);
				fputc(')', f);
			}
			fputs("</td>", f);
		}
		fprintf(f, "<td><code>%s</code></td><td><code>%s</code></td><td>", r->pci_id, r->subsystem);
		if (k[0] | k[1]) {
			fprintf(f, "<code>0x%016llx%016llx</code><br>", (unsigned long long)k[1], (unsigned long long)k[0]);
			mask_names(f, r->type, k, "<br>");
			if (r->offered_ok && !((k[0] & r->offered[0]) | (k[1] & r->offered[1])))
				fputs(" <span class=\"muted\">(not offered)</span>", f);
		} else {
			fputs("none", f);
		}
		fputs("</td><td>", f);
		rp_html(f, m->workaround);
		fprintf(f, "</td><td><code>%s</code><br>%s %s</td></tr>\n", c->name, c->stmt_id, c->level);
	}
}

static void html_kv(FILE *f, const char *k, const char *v, bool code)
{
	fprintf(f, "<tr><th>%s</th><td>%s", k, code ? "<code>" : "");
	rp_html(f, v ? v : "");
	fprintf(f, "%s</td></tr>\n", code ? "</code>" : "");
}

static void write_html(FILE *f, const struct rp_result *r, const char *spec_dir)
{
	struct area *a;
	size_t na = coverage(r, &a);
	const char *cls, *v = verdict(r, &cls);
	char buf[512];
	uint64_t m[2];

	rp_html_head(f, r->title);
	fputs("<h1>vct report: ", f);
	rp_html(f, r->title);
	fprintf(f, "</h1>\n<p class=\"verdict %s\">", cls);
	rp_html(f, v);
	fputs("</p>\n<table>\n", f);
	snprintf(buf, sizeof(buf), "%s (%04x)", r->vendor_name, r->ven);
	html_kv(f, "vendor", buf, false);
	snprintf(buf, sizeof(buf), "%s (%s, virtio %s)", r->device_name, r->pci_id, r->type_name ? r->type_name : "?");
	html_kv(f, "device", buf, false);
	snprintf(buf, sizeof(buf), "%s %s", r->subsystem, r->subsystem_name);
	html_kv(f, "subsystem", buf, false);
	html_kv(f, "target", r->target ? r->target : "?", true);
	html_kv(f, "label", r->label, false);
	snprintf(buf, sizeof(buf), "%s to %s, vct %s, spec %s", r->started ? r->started : "?",
		 r->ended ? r->ended : "(not finished)", r->vct_version ? r->vct_version : "?",
		 r->spec_version ? r->spec_version : "?");
	html_kv(f, "run", buf, false);
	if (r->offered_ok) {
		fputs("<tr><th>offered features</th><td>", f);
		mask_names(f, r->type, r->offered, ", ");
		fputs("</td></tr>\n", f);
	}
	html_kv(f, "result file", r->path, true);
	fputs("</table>\n", f);

	if (r->nproblems) {
		fputs("<h2>Problems with this result file</h2>\n<p>These parts are not valid and are not shown (or shown as read):</p>\n", f);
		for (size_t i = 0; i < r->nproblems; i++) {
			fputs("<div class=\"problem\">", f);
			rp_html(f, r->problems[i]);
			fputs("</div>\n", f);
		}
	}

	fputs("<h2>Summary per level</h2>\n<table><tr><th>level</th><th>pass</th><th>fail</th><th>known quirk</th><th>skip</th></tr>\n", f);
	for (int l = 0; l < RP_NLEVEL; l++)
		fprintf(f, "<tr><td>%s</td><td>%u</td><td%s>%u</td><td>%u</td><td>%u</td></tr>\n", level_title[l], r->pass[l],
			r->fail[l] ? " class=\"o-fail\"" : "", r->fail[l], r->quirk[l], r->skip[l]);
	fprintf(f, "</table>\n<ul><li>MUST failures: <b>%u</b></li><li>SHOULD failures: <b>%u</b></li>"
		   "<li>MAY not implemented (failed or skipped): <b>%u</b></li>",
		r->fail[RP_MUST], r->fail[RP_SHOULD], r->fail[RP_MAY] + r->skip[RP_MAY] + r->quirk[RP_MAY]);
	if (r->error)
		fprintf(f, "<li>harness errors (vct's own, not counted against the device): %u</li>", r->error);
	fputs("</ul>\n", f);

	fputs("<h2>Coverage per chapter</h2>\n<p>Statements of the spec that apply to this device, and how many this run "
	      "checked (green: passed, red: failed, grey: skipped).</p>\n"
	      "<table><tr><th>chapter</th><th>checked / total</th><th></th><th>failed</th><th>skipped</th></tr>\n", f);
	for (size_t i = 0; i < na; i++) {
		fputs("<tr><td>", f);
		rp_html(f, a[i].name);
		fprintf(f, "</td><td>%u / %u</td><td>", a[i].checked, a[i].total);
		html_bar(f, &a[i]);
		fprintf(f, "</td><td>%u</td><td>%u</td></tr>\n", a[i].failed, a[i].skipped);
	}
	fputs("</table>\n", f);
	free(a);

	fprintf(f, "<h2>Failures (%u)</h2>\n", nfailures(r));
	if (!nfailures(r))
		fputs("<p>None.</p>\n", f);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		char *rep, *spec;
		int serr;

		if (!rp_is_failure(c->outcome))
			continue;
		fprintf(f, "<div class=\"failure\" id=\"%s\">\n<h3><code>%s</code>: <span class=\"o-%s\">%s%s</span></h3>\n<table>\n",
			c->name, c->name, c->outcome, c->level, !strcmp(c->outcome, "known-quirk") ? " (known quirk)" : "");
		html_kv(f, "statement", c->stmt_id, true);
		html_kv(f, "clause", c->clause, false);
		html_kv(f, "level", c->level, false);
		if (summary_of(c))
			html_kv(f, "summary", summary_of(c), false);
		if (c->st) {
			snprintf(buf, sizeof(buf), "%s:%u-%u (%s)", c->st->file, c->st->line, c->st->end_line, vct_stmts_version);
			html_kv(f, "source", buf, true);
		}
		if (c->reason)
			html_kv(f, "note", c->reason, false);
		fputs("</table>\n", f);
		spec = spec_text(c, spec_dir, &serr);
		if (spec_dir && c->st) {
			fputs("<p>The spec says:</p>\n<pre>", f);
			rp_html(f, spec);
			if (serr) {
				snprintf(buf, sizeof(buf), "(sentence not available from %s: %s)\n", spec_dir, strerror(-serr));
				rp_html(f, buf);
			}
			fputs("</pre>\n", f);
		}
		free(spec);
		if (c->evidence && c->evidence->n) {
			fputs("<table><tr><th>what</th><th>expected</th><th>seen</th><th>at</th></tr>\n", f);
			for (size_t j = 0; j < c->evidence->n; j++) {
				const struct vct_json *e = c->evidence->kid[j];

				fputs("<tr><td>", f);
				rp_html(f, ev_field(e, "what"));
				fputs("</td><td>", f);
				rp_html(f, ev_field(e, "expected"));
				fputs("</td><td>", f);
				rp_html(f, ev_field(e, "seen"));
				fputs("</td><td><code>", f);
				rp_html(f, ev_field(e, "at"));
				fputs("</code></td></tr>\n", f);
			}
			fputs("</table>\n", f);
		}
		rep = reproducer(r, c);
		fputs("<p>Reproduce:</p>\n<pre>", f);
		rp_html(f, rep);
		fputs("</pre>\n</div>\n", f);
		free(rep);
	}

	if (r->error) {
		fputs("<h2>Harness errors</h2>\n<p>vct's own failures (not counted against the device):</p>\n<ul>\n", f);
		for (size_t i = 0; i < r->nc; i++)
			if (!strcmp(r->c[i].outcome, "harness-error")) {
				fprintf(f, "<li><code>%s</code>: ", r->c[i].name);
				rp_html(f, r->c[i].reason);
				fputs("</li>\n", f);
			}
		fputs("</ul>\n", f);
	}

	fputs("<h2>Quirk sheet</h2>\n<p>For driver maintainers: for each deviation, the feature bits to clear from this "
	      "device's offer, or the workaround a driver needs.</p>\n", f);
	if (!nfailures(r)) {
		fputs("<p>Nothing to work around.</p>\n", f);
	} else {
		fputs("<table><tr><th>PCI id</th><th>subsystem</th><th>clear features</th><th>workaround</th>"
		      "<th>check (statement)</th></tr>\n", f);
		html_quirk_rows(f, r, false);
		fputs("</table>\n", f);
		device_mask(r, m);
		fprintf(f, "<p>All together, clear <code>0x%016llx%016llx</code> (", (unsigned long long)m[1],
			(unsigned long long)m[0]);
		mask_names(f, r->type, m, ", ");
		fprintf(f, ") for <code>%s</code> subsystem <code>%s</code>.</p>\n", r->pci_id, r->subsystem);
	}

	if (r->findings && r->findings->type == VCT_JARR && r->findings->n) {
		fprintf(f, "<h2>Fuzzer findings (%zu)</h2>\n<ul>\n", r->findings->n);
		for (size_t i = 0; i < r->findings->n; i++) {
			const struct vct_json *x = r->findings->kid[i];
			const char *t = vct_json_str(x, "title");

			fputs("<li>", f);
			rp_html(f, t ? t : vct_json_str(x, "summary") ? vct_json_str(x, "summary") : "(untitled finding)");
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}

	fputs("<h2>All checks</h2>\n<table><tr><th>check</th><th>statement</th><th>level</th><th>outcome</th><th>ms</th></tr>\n", f);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];

		fputs("<tr><td>", f);
		if (rp_is_failure(c->outcome))
			fprintf(f, "<a href=\"#%s\"><code>%s</code></a>", c->name, c->name);
		else
			fprintf(f, "<code>%s</code>", c->name);
		fprintf(f, "</td><td>%s</td><td>%s</td><td class=\"o-%s\">%s", c->stmt_id, c->level, c->outcome, c->outcome);
		if (c->reason && !rp_is_failure(c->outcome)) {
			fputs(" <span class=\"muted\">", f);
			rp_html(f, c->reason);
			fputs("</span>", f);
		}
		fprintf(f, "</td><td>%.0f</td></tr>\n", c->ms);
	}
	fputs("</table>\n", f);
	rp_html_tail(f);
}

/* ---- JUnit XML (Jenkins junit schema: testsuites > testsuite > properties, testcase) --- */

static void junit_suite(FILE *f, const struct rp_result *r)
{
	unsigned fails = 0, errs = 0, skips = 0;
	double total = 0;

	for (size_t i = 0; i < r->nc; i++) {
		fails += !strcmp(r->c[i].outcome, "fail");
		errs += !strcmp(r->c[i].outcome, "harness-error");
		skips += !strcmp(r->c[i].outcome, "skip") || !strcmp(r->c[i].outcome, "known-quirk");
		total += r->c[i].ms / 1000.0;
	}
	fputs("  <testsuite name=\"", f);
	rp_xml(f, r->title);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"", r->nc, fails, errs, skips,
		total);
	if (r->started && strlen(r->started) == 20) /* xs:dateTime without the zone letter */
		fprintf(f, " timestamp=\"%.19s\"", r->started);
	fputs(" package=\"vct\" file=\"", f);
	rp_xml(f, r->path);
	fputs("\">\n    <properties>\n", f);
#define PROP(k, v)                                                      \
	do {                                                            \
		fputs("      <property name=\"" k "\" value=\"", f);      \
		rp_xml(f, v);                                           \
		fputs("\"/>\n", f);                                     \
	} while (0)
	PROP("pci_id", r->pci_id);
	PROP("subsystem", r->subsystem);
	PROP("vendor", r->vendor_name);
	PROP("device", r->device_name);
	PROP("target", r->target ? r->target : "");
	PROP("label", r->label ? r->label : "");
	PROP("complete", r->complete ? "true" : "false");
	PROP("vct_version", r->vct_version ? r->vct_version : "");
	for (size_t i = 0; i < r->nproblems; i++)
		PROP("problem", r->problems[i]);
#undef PROP
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		const char *dot = strchr(c->name, '.');
		char *rep;

		fputs("    <testcase name=\"", f);
		rp_xml(f, c->name);
		fprintf(f, "\" classname=\"vct.%.*s\" time=\"%.3f\"", dot ? (int)(dot - c->name) : (int)strlen(c->name),
			c->name, c->ms / 1000.0);
		if (!strcmp(c->outcome, "pass")) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (!strcmp(c->outcome, "skip") || !strcmp(c->outcome, "known-quirk")) {
			fputs("      <skipped message=\"", f);
			if (!strcmp(c->outcome, "known-quirk"))
				fputs("known quirk: ", f);
			rp_xml(f, c->reason ? c->reason : "");
			fputs("\"/>\n", f);
		} else if (!strcmp(c->outcome, "harness-error")) {
			fputs("      <error type=\"harness-error\" message=\"", f);
			rp_xml(f, c->reason ? c->reason : "");
			fputs("\"/>\n", f);
		} else {
			fprintf(f, "      <failure type=\"%s\" message=\"%s %s: ", c->level, c->stmt_id, c->level);
			rp_xml(f, c->clause);
			fputs("\">", f);
			if (summary_of(c)) {
				rp_xml(f, summary_of(c));
				fputs("&#10;", f);
			}
			for (size_t j = 0; c->evidence && j < c->evidence->n; j++) {
				const struct vct_json *e = c->evidence->kid[j];

				rp_xml(f, ev_field(e, "what"));
				fputs(": expected ", f);
				rp_xml(f, ev_field(e, "expected"));
				fputs(", seen ", f);
				rp_xml(f, ev_field(e, "seen"));
				fputs(" (", f);
				rp_xml(f, ev_field(e, "at"));
				fputs(")&#10;", f);
			}
			rep = reproducer(r, c);
			fputs("reproduce: ", f);
			rp_xml(f, rep);
			free(rep);
			fputs("</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

static void junit_open(FILE *f, struct rp_result *rs, size_t n)
{
	unsigned t = 0, fl = 0, er = 0;

	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; rs[k].usable && i < rs[k].nc; i++) {
			t++;
			fl += !strcmp(rs[k].c[i].outcome, "fail");
			er += !strcmp(rs[k].c[i].outcome, "harness-error");
		}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vct\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
		t, fl, er);
}

/* ---- index and quirk sheet over all results ---------------------------------------------- */

static void quirk_tsv(FILE *f, const struct rp_result *r)
{
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		const struct rp_mitigation *m;
		uint64_t k[2];

		if (!rp_is_failure(c->outcome))
			continue;
		m = rp_mitigation_for(c->name, c->stmt_id);
		rp_mitigation_mask(m, r->type, k);
		fprintf(f, "%s\t%s\t0x%016llx%016llx\t", r->pci_id, r->subsystem, (unsigned long long)k[1],
			(unsigned long long)k[0]);
		mask_names(f, r->type, k, ",");
		fprintf(f, "\t%s\t%s\t%s\t%s\t%s\n", c->name, c->stmt_id, c->level, m->workaround,
			r->label ? r->label : "");
	}
}

static int write_all(struct rp_result *rs, size_t n, const char *out, const char *spec_dir)
{
	char *ib = NULL, *mb = NULL, *jb = NULL, *qb = NULL, *tb = NULL;
	size_t il = 0, ml = 0, jl = 0, ql = 0, tl = 0;
	FILE *ih = open_memstream(&ib, &il), *im = open_memstream(&mb, &ml), *ij = open_memstream(&jb, &jl);
	FILE *qm = open_memstream(&qb, &ql), *qt = open_memstream(&tb, &tl);
	int rendered = 0, bad = 0;

	if (!ih || !im || !ij || !qm || !qt)
		return -ENOMEM;
	rp_html_head(ih, "vct reports");
	fputs("<h1>vct reports</h1>\n<table><tr><th>vendor</th><th>device</th><th>PCI id</th><th>label</th><th>verdict</th>"
	      "<th>pass</th><th>fail</th><th>skip</th><th>known quirk</th><th>report</th></tr>\n", ih);
	fputs("# vct reports\n\n| vendor | device | PCI id | label | verdict | pass | fail | skip | known quirk | report |\n"
	      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n", im);
	junit_open(ij, rs, n);
	fputs("# Quirk sheet\n\nFeature bits to clear, or the workaround a driver needs, per device and deviation "
	      "(from `vct report`).\n\n| device | PCI id | subsystem | clear features | workaround | check (statement) |\n"
	      "| --- | --- | --- | --- | --- | --- |\n", qm);
	fputs("# vct quirk sheet: pci_id\tsubsystem\tclear_mask\tclear_features\tcheck\tstatement\tlevel\tworkaround\tlabel\n", qt);

	for (size_t k = 0; k < n; k++) {
		struct rp_result *r = &rs[k];
		char dir[4096], *hb = NULL, *db = NULL, *xb = NULL;
		size_t hl = 0, dl = 0, xl = 0;
		FILE *h, *d, *x;
		const char *cls, *v;
		unsigned p = 0, fl = 0, s = 0, q = 0;

		if (!r->usable) {
			bad++;
			continue;
		}
		/* Two results for the same device and label: number the second. */
		for (size_t j = 0; j < k; j++)
			if (rs[j].usable && !strcmp(rs[j].vendor_dir, r->vendor_dir) && !strcmp(rs[j].device_dir, r->device_dir)) {
				size_t l = strlen(r->device_dir);

				snprintf(r->device_dir + l, sizeof(r->device_dir) - l, "-%zu", k + 1);
				break;
			}
		snprintf(dir, sizeof(dir), "%s/%s/%s", out, r->vendor_dir, r->device_dir);
		h = open_memstream(&hb, &hl);
		d = open_memstream(&db, &dl);
		x = open_memstream(&xb, &xl);
		if (!h || !d || !x)
			return -ENOMEM;
		write_html(h, r, spec_dir);
		write_md(d, r, spec_dir);
		junit_open(x, r, 1);
		junit_suite(x, r);
		fputs("</testsuites>\n", x);
		fclose(h);
		fclose(d);
		fclose(x);
		if (rp_write_file(dir, "report.html", hb, hl) || rp_write_file(dir, "report.md", db, dl) ||
		    rp_write_file(dir, "junit.xml", xb, xl)) {
			bad++;
		} else {
			rendered++;
			v = verdict(r, &cls);
			printf("%s/report.{html,md}, junit.xml: %s\n", dir, v);
		}
		free(hb);
		free(db);
		free(xb);
		junit_suite(ij, r);
		for (int l = 0; l < RP_NLEVEL; l++) {
			p += r->pass[l];
			fl += r->fail[l];
			s += r->skip[l];
			q += r->quirk[l];
		}
		v = verdict(r, &cls);
		fputs("<tr><td>", ih);
		rp_html(ih, r->vendor_name);
		fputs("</td><td>", ih);
		rp_html(ih, r->device_name);
		fprintf(ih, "</td><td><code>%s</code></td><td>", r->pci_id);
		rp_html(ih, r->label);
		fprintf(ih, "</td><td class=\"%s\">", cls);
		rp_html(ih, v);
		fprintf(ih, "</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td><a href=\"%s/%s/report.html\">html</a> "
			    "<a href=\"%s/%s/report.md\">md</a> <a href=\"%s/%s/junit.xml\">junit</a></td></tr>\n",
			p, fl, s, q, r->vendor_dir, r->device_dir, r->vendor_dir, r->device_dir, r->vendor_dir, r->device_dir);
		fputs("| ", im);
		rp_md(im, r->vendor_name);
		fputs(" | ", im);
		rp_md(im, r->device_name);
		fprintf(im, " | `%s` | ", r->pci_id);
		rp_md(im, r->label);
		fputs(" | ", im);
		rp_md(im, v);
		fprintf(im, " | %u | %u | %u | %u | [html](%s/%s/report.html) [md](%s/%s/report.md) |\n", p, fl, s, q,
			r->vendor_dir, r->device_dir, r->vendor_dir, r->device_dir);
		md_quirk_rows(qm, r, true);
		quirk_tsv(qt, r);
	}
	fputs("</table>\n", ih);
	if (bad) {
		fputs("<h2>Results that could not be rendered</h2>\n<ul>\n", ih);
		fputs("\n## Results that could not be rendered\n\n", im);
		for (size_t k = 0; k < n; k++)
			if (!rs[k].usable) {
				fputs("<li><code>", ih);
				rp_html(ih, rs[k].path);
				fputs("</code>: ", ih);
				rp_html(ih, rs[k].nproblems ? rs[k].problems[rs[k].nproblems - 1] : "unreadable");
				fputs("</li>\n", ih);
				fputs("- `", im);
				rp_md(im, rs[k].path);
				fputs("`: ", im);
				rp_md(im, rs[k].nproblems ? rs[k].problems[rs[k].nproblems - 1] : "unreadable");
				fputc('\n', im);
			}
		fputs("</ul>\n", ih);
	}
	fputs("<h2>Quirk sheet</h2>\n<p>See <a href=\"quirks.md\">quirks.md</a> and the tab-separated "
	      "<a href=\"quirks.tsv\">quirks.tsv</a>.</p>\n<table><tr><th>device</th><th>PCI id</th><th>subsystem</th>"
	      "<th>clear features</th><th>workaround</th><th>check (statement)</th></tr>\n", ih);
	for (size_t k = 0; k < n; k++)
		if (rs[k].usable)
			html_quirk_rows(ih, &rs[k], true);
	fputs("</table>\n", ih);
	rp_html_tail(ih);
	fputs("\nQuirk sheet: [quirks.md](quirks.md), [quirks.tsv](quirks.tsv).\n", im);
	fputs("</testsuites>\n", ij);
	fclose(ih);
	fclose(im);
	fclose(ij);
	fclose(qm);
	fclose(qt);
	if (rendered) {
		rp_write_file(out, "index.html", ib, il);
		rp_write_file(out, "index.md", mb, ml);
		rp_write_file(out, "junit.xml", jb, jl);
		rp_write_file(out, "quirks.md", qb, ql);
		rp_write_file(out, "quirks.tsv", tb, tl);
		printf("%s/index.{html,md}, junit.xml, quirks.{md,tsv}: %d device%s%s\n", out, rendered,
		       rendered == 1 ? "" : "s", bad ? " (some results could not be rendered: see stderr)" : "");
	}
	free(ib);
	free(mb);
	free(jb);
	free(qb);
	free(tb);
	return rendered;
}

/* ---- the command ---------------------------------------------------------------- */

/* A folder stands for its result.json. */
static char *result_path(const char *a)
{
	struct stat sb;
	char *p;

	if (stat(a, &sb) || !S_ISDIR(sb.st_mode))
		return strdup(a);
	if (asprintf(&p, "%s/result.json", a) < 0)
		return NULL;
	return p;
}

int vct_report_run(const struct vct_report_args *a)
{
	const char *out = a->out, *spec_dir = a->spec_dir;
	char **paths = calloc((size_t)a->nresults + 1, sizeof(*paths));
	int np = 0, mode = a->diff ? 1 : a->matrix ? 2 : 0, ret; /* mode 0 report, 1 diff, 2 matrix */
	struct rp_result *rs;

	if (!paths)
		return 2;
	for (unsigned int i = 0; i < a->nresults; i++)
		paths[np++] = result_path(a->results[i]);
	if (mode == 1 && np != 2) {
		fprintf(stderr, "vct: report --diff needs exactly two results, OLD and NEW; see 'vct report --help'\n");
		ret = 2;
	} else if (!np) {
		fprintf(stderr, "vct: report needs at least one result.json; see 'vct report --help'\n");
		ret = 2;
	} else if (mode == 1) {
		ret = rp_diff(paths[0], paths[1], out);
	} else if (mode == 2) {
		ret = rp_matrix(paths, np, out);
	} else {
		if (spec_dir) {
			char tag[32];

			if (vct_spec_dir_version(spec_dir, tag, sizeof(tag)))
				fprintf(stderr, "vct report: cannot read the spec checkout %s: sentences are left out\n", spec_dir);
			else if (strcmp(tag, vct_stmts_version))
				fprintf(stderr, "vct report: %s is %s, not %s: sentences are left out\n", spec_dir,
					tag[0] ? tag : "an unknown version", vct_stmts_version);
		}
		rs = calloc((size_t)np, sizeof(*rs));
		if (!rs) {
			ret = 2;
		} else {
			for (int i = 0; i < np; i++)
				rp_load(&rs[i], paths[i]);
			ret = write_all(rs, (size_t)np, out, spec_dir) > 0 ? 0 : 2;
			if (ret)
				fprintf(stderr, "vct report: nothing could be rendered\n");
			for (int i = 0; i < np; i++)
				rp_free(&rs[i]);
			free(rs);
		}
	}
	for (int i = 0; i < np; i++)
		free(paths[i]);
	free(paths);
	return ret;
}
