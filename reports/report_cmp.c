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

static void diff_page(struct rp_doc *d, const struct rp_result *a, const struct rp_result *b, struct drow *rows,
		      size_t nr, const unsigned cnt[D_N])
{
	static const char *const head[] = { "check", "statement", "level", "old", "new", "evidence (new)" };
	char line[200];

	d->ops->begin(d, "vct diff");
	d->ops->heading(d, 1, NULL);
	d->ops->text(d, "vct diff");
	d->ops->heading_end(d, 1);
	d->ops->list(d);
	for (int k = 0; k < 2; k++) {
		const struct rp_result *r = k ? b : a;

		d->ops->item(d);
		d->ops->text(d, k ? "new: " : "old: ");
		d->ops->text(d, r->title);
		d->ops->text(d, " (");
		d->ops->code(d, r->path);
		rp_textf(d, ", %s)", r->started ? r->started : "?");
		d->ops->item_end(d);
	}
	d->ops->list_end(d);
	snprintf(line, sizeof(line), "%u regressed, %u fixed, %u other changes, %u new, %u removed", cnt[D_REGRESSED],
		 cnt[D_FIXED], cnt[D_CHANGED], cnt[D_NEW], cnt[D_REMOVED]);
	d->ops->para(d, cnt[D_REGRESSED] ? "verdict bad" : "verdict good");
	d->ops->strong(d, line);
	d->ops->para_end(d);
	if (a->nproblems + b->nproblems) {
		d->ops->para(d, NULL);
		d->ops->text(d, "Problems with the inputs:");
		d->ops->para_end(d);
		d->ops->list(d);
		for (size_t p = 0; p < a->nproblems + b->nproblems; p++) {
			d->ops->item(d);
			d->ops->span(d, "problem");
			d->ops->text(d, p < a->nproblems ? a->problems[p] : b->problems[p - a->nproblems]);
			d->ops->span_end(d);
			d->ops->item_end(d);
		}
		d->ops->list_end(d);
	}
	for (int k = 0; k < D_N; k++) {
		if (!cnt[k])
			continue;
		d->ops->heading(d, 2, NULL);
		rp_textf(d, "%s (%u)", dtitle[k], cnt[k]);
		d->ops->heading_end(d, 2);
		d->ops->table(d, head, 6);
		for (size_t i = 0; i < nr; i++) {
			const struct rp_check *c = rows[i].n ? rows[i].n : rows[i].o;
			const struct vct_json *ev = rows[i].n ? rows[i].n->evidence : NULL;
			const char *oo = rows[i].o ? rows[i].o->outcome : "-", *no = rows[i].n ? rows[i].n->outcome : "-";
			char co[32], cn[32];

			if (rows[i].kind != k)
				continue;
			snprintf(co, sizeof(co), "o-%s", oo);	/* outcomes are one of five known words */
			snprintf(cn, sizeof(cn), "o-%s", no);
			d->ops->row(d);
			rp_cell_code(d, c->name);
			rp_cell_text(d, c->stmt_id);
			rp_cell_text(d, c->level);
			d->ops->cell(d, false, co);
			d->ops->text(d, oo);
			d->ops->cell_end(d);
			d->ops->cell(d, false, cn);
			d->ops->text(d, no);
			d->ops->cell_end(d);
			d->ops->cell(d, false, NULL);
			if (ev && ev->n) {
				const char *w = vct_json_str(ev->kid[0], "what"), *s = vct_json_str(ev->kid[0], "seen");

				d->ops->text(d, w ? w : "");
				d->ops->text(d, ": ");
				d->ops->text(d, s ? s : "");
			}
			d->ops->cell_end(d);
			d->ops->row_end(d);
		}
		d->ops->table_end(d);
	}
	d->ops->end(d);
}

/* Both formats of a page into memory: md (also printed) and html. */
struct two {
	char *mb, *hb;
	size_t ml, hl;
	FILE *m, *h;
	struct rp_doc dm, dh;
};

static int two_open(struct two *t)
{
	memset(t, 0, sizeof(*t));
	t->m = open_memstream(&t->mb, &t->ml);
	t->h = open_memstream(&t->hb, &t->hl);
	if (!t->m || !t->h)
		return -1;
	rp_doc_init(&t->dm, &rp_doc_md, t->m);
	rp_doc_init(&t->dh, &rp_doc_html, t->h);
	return 0;
}

static int two_close(struct two *t, const char *out_dir, const char *base)
{
	char mn[64], hn[64];
	int ret = 0;

	fclose(t->m);
	fclose(t->h);
	fwrite(t->mb, 1, t->ml, stdout);
	snprintf(mn, sizeof(mn), "%s.md", base);
	snprintf(hn, sizeof(hn), "%s.html", base);
	if (rp_write_file(out_dir, mn, t->mb, t->ml) || rp_write_file(out_dir, hn, t->hb, t->hl))
		ret = 2;
	else
		fprintf(stderr, "vct report: %s in %s/%s.{md,html}\n", base, out_dir, base);
	free(t->mb);
	free(t->hb);
	return ret;
}

int rp_diff(const char *old_path, const char *new_path, const char *out_dir)
{
	struct rp_result a, b;
	struct drow *rows;
	size_t nr = 0;
	unsigned cnt[D_N] = { 0 };
	struct two t;
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
	if (two_open(&t))
		return 2;
	diff_page(&t.dm, &a, &b, rows, nr, cnt);
	diff_page(&t.dh, &a, &b, rows, nr, cnt);
	ret = two_close(&t, out_dir, "diff");
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

static void matrix_page(struct rp_doc *d, const struct rp_result *rs, int n, const struct mrow *rows, size_t nr)
{
	const char **head = calloc((size_t)n + 4, sizeof(*head));
	char (*num)[80] = calloc((size_t)n + 1, sizeof(*num));

	if (!head || !num) {
		free(head);
		free(num);
		return;
	}
	d->ops->begin(d, "vct matrix");
	d->ops->heading(d, 1, NULL);
	d->ops->text(d, "vct matrix");
	d->ops->heading_end(d, 1);
	d->ops->para(d, NULL);
	d->ops->text(d, "One row per statement checked, one column per result; rows where some implementation fails "
			"come first.");
	d->ops->para_end(d);
	d->ops->list(d);
	for (int i = 0; i < n; i++) {
		d->ops->item(d);
		rp_textf(d, "[%d] ", i + 1);
		d->ops->text(d, rs[i].usable ? rs[i].title : "(unreadable)");
		d->ops->text(d, ": ");
		d->ops->code(d, rs[i].path);
		for (size_t p = 0; p < rs[i].nproblems; p++) {
			d->ops->br(d);
			d->ops->span(d, "problem");
			d->ops->text(d, "problem: ");
			d->ops->text(d, rs[i].problems[p]);
			d->ops->span_end(d);
		}
		d->ops->item_end(d);
	}
	d->ops->list_end(d);
	head[0] = "statement";
	head[1] = "level";
	head[2] = "clause";
	head[3] = "fails";
	for (int i = 0; i < n; i++) {
		/* A column names its implementation where the result knows it: statements x implementations. */
		if (rs[i].usable && rs[i].implementation)
			snprintf(num[i], sizeof(num[i]), "[%d] %.60s", i + 1, rs[i].implementation);
		else
			snprintf(num[i], sizeof(num[i]), "[%d]", i + 1);
		head[4 + i] = num[i];
	}
	d->ops->table(d, head, n + 4);
	for (size_t k = 0; k < nr; k++) {
		d->ops->row(d);
		rp_cell_text(d, rows[k].stmt);
		rp_cell_text(d, rows[k].level);
		rp_cell_text(d, rows[k].clause);
		rp_cell_textf(d, "%u", rows[k].nfail);
		for (int i = 0; i < n; i++) {
			const char *o = rs[i].usable ? cell(&rs[i], rows[k].stmt) : NULL;
			char cls[32];

			snprintf(cls, sizeof(cls), "o-%s", o ? o : "none");
			d->ops->cell(d, false, cls);
			d->ops->text(d, short_cell(o));
			d->ops->cell_end(d);
		}
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	d->ops->end(d);
	free(head);
	free(num);
}

int rp_matrix(char **paths, int n, const char *out_dir)
{
	struct rp_result *rs = calloc((size_t)n, sizeof(*rs));
	struct mrow *rows = NULL;
	size_t nr = 0, cap = 0;
	int usable = 0, ret = 0;
	struct two t;

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

	if (two_open(&t))
		return 2;
	matrix_page(&t.dm, rs, n, rows, nr);
	matrix_page(&t.dh, rs, n, rows, nr);
	ret = two_close(&t, out_dir, "matrix");
	free(rows);
	for (int i = 0; i < n; i++)
		rp_free(&rs[i]);
	free(rs);
	return ret;
}
