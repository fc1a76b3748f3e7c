/* SPDX-License-Identifier: MIT */
/*
 * `vct report --diff OLD NEW`: regressions (pass -> fail), fixes (fail ->
 * pass), other changes, new and removed checks; printed as Markdown and
 * written as DIR/diff.{md,html}.
 * `vct report --matrix R...`: one row per statement checked, one column per
 * result; which implementations get which clause wrong. DIR/matrix.{md,html}.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static bool is_fail(const char *o)
{
	return rp_is_failure(o);
}

static bool is_pass(const char *o)
{
	return o && !strcmp(o, "pass");
}

enum { D_REGRESSED, D_FIXED, D_CHANGED, D_NEW, D_REMOVED, D_N };
static const char *const dtitle[D_N] = { "Regressed (pass -> fail)", "Fixed (fail -> pass)", "Other changes",
					 "New checks", "Removed checks" };

struct drow {
	int kind;
	const struct rp_check *o, *n;
};

static void diff_md(FILE *f, const struct rp_result *a, const struct rp_result *b, struct drow *rows, size_t nr,
		    const unsigned cnt[D_N])
{
	fputs("# vct diff\n\n", f);
	fputs("- old: ", f);
	rp_md(f, a->title);
	fputs(" (`", f);
	rp_md(f, a->path);
	fprintf(f, "`, %s)\n- new: ", a->started ? a->started : "?");
	rp_md(f, b->title);
	fputs(" (`", f);
	rp_md(f, b->path);
	fprintf(f, "`, %s)\n\n", b->started ? b->started : "?");
	fprintf(f, "**%u regressed, %u fixed, %u other changes, %u new, %u removed**\n", cnt[D_REGRESSED], cnt[D_FIXED],
		cnt[D_CHANGED], cnt[D_NEW], cnt[D_REMOVED]);
	for (size_t p = 0; p < a->nproblems + b->nproblems; p++) {
		fputs(p ? "" : "\nProblems with the inputs:\n\n", f);
		fputs("- ", f);
		rp_md(f, p < a->nproblems ? a->problems[p] : b->problems[p - a->nproblems]);
		fputc('\n', f);
	}
	for (int k = 0; k < D_N; k++) {
		if (!cnt[k])
			continue;
		fprintf(f, "\n## %s (%u)\n\n| check | statement | level | old | new | evidence (new) |\n"
			   "| --- | --- | --- | --- | --- | --- |\n", dtitle[k], cnt[k]);
		for (size_t i = 0; i < nr; i++) {
			const struct rp_check *c = rows[i].n ? rows[i].n : rows[i].o;
			const struct vct_json *ev = rows[i].n ? rows[i].n->evidence : NULL;

			if (rows[i].kind != k)
				continue;
			fprintf(f, "| `%s` | %s | %s | %s | %s | ", c->name, c->stmt_id, c->level,
				rows[i].o ? rows[i].o->outcome : "-", rows[i].n ? rows[i].n->outcome : "-");
			if (ev && ev->n) {
				rp_md(f, vct_json_str(ev->kid[0], "what"));
				fputs(": ", f);
				rp_md(f, vct_json_str(ev->kid[0], "seen"));
			}
			fputs(" |\n", f);
		}
	}
}

static void diff_html(FILE *f, const struct rp_result *a, const struct rp_result *b, struct drow *rows, size_t nr,
		      const unsigned cnt[D_N])
{
	rp_html_head(f, "vct diff");
	fputs("<h1>vct diff</h1>\n<table><tr><th>old</th><td>", f);
	rp_html(f, a->title);
	fputs(" <code>", f);
	rp_html(f, a->path);
	fputs("</code></td></tr><tr><th>new</th><td>", f);
	rp_html(f, b->title);
	fputs(" <code>", f);
	rp_html(f, b->path);
	fprintf(f, "</code></td></tr></table>\n<p class=\"verdict %s\">%u regressed, %u fixed, %u other changes, %u new, "
		   "%u removed</p>\n",
		cnt[D_REGRESSED] ? "bad" : "good", cnt[D_REGRESSED], cnt[D_FIXED], cnt[D_CHANGED], cnt[D_NEW], cnt[D_REMOVED]);
	for (size_t p = 0; p < a->nproblems + b->nproblems; p++) {
		fputs("<div class=\"problem\">", f);
		rp_html(f, p < a->nproblems ? a->problems[p] : b->problems[p - a->nproblems]);
		fputs("</div>\n", f);
	}
	for (int k = 0; k < D_N; k++) {
		if (!cnt[k])
			continue;
		fputs("<h2>", f);
		rp_html(f, dtitle[k]);
		fprintf(f, " (%u)</h2>\n<table><tr><th>check</th><th>statement</th><th>level</th><th>old</th><th>new</th>"
			   "<th>evidence (new)</th></tr>\n", cnt[k]);
		for (size_t i = 0; i < nr; i++) {
			const struct rp_check *c = rows[i].n ? rows[i].n : rows[i].o;
			const struct vct_json *ev = rows[i].n ? rows[i].n->evidence : NULL;
			const char *oo = rows[i].o ? rows[i].o->outcome : "-", *no = rows[i].n ? rows[i].n->outcome : "-";

			if (rows[i].kind != k)
				continue;
			fprintf(f, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td class=\"o-%s\">%s</td>"
				   "<td class=\"o-%s\">%s</td><td>", c->name, c->stmt_id, c->level, oo, oo, no, no);
			if (ev && ev->n) {
				rp_html(f, vct_json_str(ev->kid[0], "what"));
				fputs(": ", f);
				rp_html(f, vct_json_str(ev->kid[0], "seen"));
			}
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	rp_html_tail(f);
}

int rp_diff(const char *old_path, const char *new_path, const char *out_dir)
{
	struct rp_result a, b;
	struct drow *rows;
	size_t nr = 0;
	unsigned cnt[D_N] = { 0 };
	char *mb = NULL, *hb = NULL;
	size_t ml = 0, hl = 0;
	FILE *m, *h;
	int ret = 0;

	rp_load(&a, old_path);
	rp_load(&b, new_path);
	if (!a.usable || !b.usable) {
		fprintf(stderr, "vct report: --diff needs two readable results\n");
		rp_free(&a);
		rp_free(&b);
		return 2;
	}
	rows = calloc(a.nc + b.nc + 1, sizeof(*rows));
	if (!rows)
		return 2;
	for (size_t i = 0; i < b.nc; i++) {
		const struct rp_check *n = &b.c[i], *o = rp_find(&a, n->name);
		int k = -1;

		if (!o)
			k = D_NEW;
		else if (is_fail(n->outcome) && !is_fail(o->outcome))
			k = D_REGRESSED;
		else if (is_pass(n->outcome) && is_fail(o->outcome))
			k = D_FIXED;
		else if (strcmp(n->outcome, o->outcome))
			k = D_CHANGED;
		if (k >= 0) {
			rows[nr++] = (struct drow){ k, o, n };
			cnt[k]++;
		}
	}
	for (size_t i = 0; i < a.nc; i++)
		if (!rp_find(&b, a.c[i].name)) {
			rows[nr++] = (struct drow){ D_REMOVED, &a.c[i], NULL };
			cnt[D_REMOVED]++;
		}
	m = open_memstream(&mb, &ml);
	h = open_memstream(&hb, &hl);
	if (!m || !h)
		return 2;
	diff_md(m, &a, &b, rows, nr, cnt);
	diff_html(h, &a, &b, rows, nr, cnt);
	fclose(m);
	fclose(h);
	fwrite(mb, 1, ml, stdout);
	if (rp_write_file(out_dir, "diff.md", mb, ml) || rp_write_file(out_dir, "diff.html", hb, hl))
		ret = 2;
	else
		fprintf(stderr, "vct report: diff in %s/diff.{md,html}\n", out_dir);
	free(mb);
	free(hb);
	free(rows);
	rp_free(&a);
	rp_free(&b);
	return ret;
}

/* ---- matrix -------------------------------------------------------------------- */

struct mrow {
	const char *stmt, *level, *clause;
	unsigned nfail;
};

static int by_fail(const void *x, const void *y)
{
	const struct mrow *a = x, *b = y;

	if (a->nfail != b->nfail)
		return a->nfail > b->nfail ? -1 : 1;
	return strcmp(a->stmt, b->stmt);
}

/* The worst outcome of the checks of a statement in one result; NULL: not checked. */
static const char *cell(const struct rp_result *r, const char *stmt)
{
	static const char *const rank[] = { "fail", "known-quirk", "harness-error", "pass", "skip" };
	int best = 99;

	for (size_t i = 0; i < r->nc; i++) {
		if (strcmp(r->c[i].stmt_id, stmt))
			continue;
		for (int k = 0; k < 5; k++)
			if (!strcmp(r->c[i].outcome, rank[k]) && k < best)
				best = k;
	}
	return best == 99 ? NULL : rank[best];
}

static const char *short_cell(const char *o)
{
	if (!o)
		return "-";
	if (!strcmp(o, "fail"))
		return "FAIL";
	if (!strcmp(o, "known-quirk"))
		return "quirk";
	if (!strcmp(o, "harness-error"))
		return "error";
	return o;
}

int rp_matrix(char **paths, int n, const char *out_dir)
{
	struct rp_result *rs = calloc((size_t)n, sizeof(*rs));
	struct mrow *rows = NULL;
	size_t nr = 0, cap = 0;
	int usable = 0, ret = 0;
	char *mb = NULL, *hb = NULL;
	size_t ml = 0, hl = 0;
	FILE *m, *h;

	if (!rs)
		return 2;
	for (int i = 0; i < n; i++) {
		rp_load(&rs[i], paths[i]);
		usable += rs[i].usable;
	}
	if (!usable) {
		fprintf(stderr, "vct report: nothing could be rendered\n");
		for (int i = 0; i < n; i++)
			rp_free(&rs[i]);
		free(rs);
		return 2;
	}
	for (int i = 0; i < n; i++)
		for (size_t c = 0; rs[i].usable && c < rs[i].nc; c++) {
			size_t k;

			for (k = 0; k < nr && strcmp(rows[k].stmt, rs[i].c[c].stmt_id); k++)
				;
			if (k == nr) {
				if (nr == cap) {
					struct mrow *nrw = realloc(rows, (cap = cap ? 2 * cap : 128) * sizeof(*rows));

					if (!nrw)
						return 2;
					rows = nrw;
				}
				rows[nr++] = (struct mrow){ rs[i].c[c].stmt_id, rs[i].c[c].level, rs[i].c[c].clause, 0 };
			}
		}
	for (size_t k = 0; k < nr; k++)
		for (int i = 0; i < n; i++)
			rows[k].nfail += rs[i].usable && rp_is_failure(cell(&rs[i], rows[k].stmt));
	qsort(rows, nr, sizeof(*rows), by_fail);

	m = open_memstream(&mb, &ml);
	h = open_memstream(&hb, &hl);
	if (!m || !h)
		return 2;
	fputs("# vct matrix\n\nOne row per statement checked, one column per result; rows where some implementation "
	      "fails come first.\n\n", m);
	rp_html_head(h, "vct matrix");
	fputs("<h1>vct matrix</h1>\n<p>One row per statement checked, one column per result; rows where some "
	      "implementation fails come first.</p>\n", h);
	for (int i = 0; i < n; i++) {
		fprintf(m, "%s[%d] ", i ? "\n" : "", i + 1);
		rp_md(m, rs[i].usable ? rs[i].title : "(unreadable)");
		fputs(": `", m);
		rp_md(m, rs[i].path);
		fputs("`\n", m);
		fprintf(h, "%s[%d] ", i ? "<br>" : "<p>", i + 1);
		rp_html(h, rs[i].usable ? rs[i].title : "(unreadable)");
		fputs(": <code>", h);
		rp_html(h, rs[i].path);
		fputs("</code>\n", h);
		for (size_t p = 0; p < rs[i].nproblems; p++) {
			fputs("  (problem: ", m);
			rp_md(m, rs[i].problems[p]);
			fputs(")\n", m);
			fputs("<div class=\"problem\">", h);
			rp_html(h, rs[i].problems[p]);
			fputs("</div>", h);
		}
	}
	fputs("\n| statement | level | clause | fails |", m);
	fputs("</p>\n<table><tr><th>statement</th><th>level</th><th>clause</th><th>fails</th>", h);
	for (int i = 0; i < n; i++) {
		fprintf(m, " [%d] |", i + 1);
		fprintf(h, "<th>[%d]</th>", i + 1);
	}
	fputs("\n| --- | --- | --- | --- |", m);
	for (int i = 0; i < n; i++)
		fputs(" --- |", m);
	fputs("</tr>\n", h);
	fputc('\n', m);
	for (size_t k = 0; k < nr; k++) {
		fprintf(m, "| %s | %s | ", rows[k].stmt, rows[k].level);
		rp_md(m, rows[k].clause);
		fprintf(m, " | %u |", rows[k].nfail);
		fprintf(h, "<tr><td>%s</td><td>%s</td><td>", rows[k].stmt, rows[k].level);
		rp_html(h, rows[k].clause);
		fprintf(h, "</td><td>%u</td>", rows[k].nfail);
		for (int i = 0; i < n; i++) {
			const char *o = rs[i].usable ? cell(&rs[i], rows[k].stmt) : NULL;

			fprintf(m, " %s |", short_cell(o));
			fprintf(h, "<td class=\"o-%s\">%s</td>", o ? o : "none", short_cell(o));
		}
		fputc('\n', m);
		fputs("</tr>\n", h);
	}
	fputs("</table>\n", h);
	rp_html_tail(h);
	fclose(m);
	fclose(h);
	fwrite(mb, 1, ml, stdout);
	if (rp_write_file(out_dir, "matrix.md", mb, ml) || rp_write_file(out_dir, "matrix.html", hb, hl))
		ret = 2;
	else
		fprintf(stderr, "vct report: matrix in %s/matrix.{md,html}\n", out_dir);
	free(mb);
	free(hb);
	free(rows);
	for (int i = 0; i < n; i++)
		rp_free(&rs[i]);
	free(rs);
	return ret;
}
