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

/* ---- index and quirk sheet over all results ---------------------------------------------- */

static void quirk_tsv(FILE *f, const struct rp_result *r)
{
	size_t nq;
	struct rp_quirk *q = rp_quirks(r, &nq);
	char names[1024];

	for (size_t i = 0; q && i < nq; i++) {
		const struct rp_check *c = q[i].c;

		char mask[40];
		const char *fields[] = { r->pci_id, r->subsystem, mask, names, c->name, c->stmt_id, c->level,
					 q[i].m->workaround, r->label ? r->label : "" };

		snprintf(mask, sizeof(mask), "0x%016llx%016llx", (unsigned long long)q[i].mask[1],
			 (unsigned long long)q[i].mask[0]);
		rp_mask_names(names, sizeof(names), r->type, q[i].mask, ",");
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			rp_esc_tsv(f, fields[k]);
			fputc('\t', f);
		}
		for (size_t j = 1; q[i].cause && j < q[i].cause->n; j++) {
			if (j > 1)
				fputc(',', f);
			rp_esc_tsv(f, r->c[q[i].cause->checks[j]].name);
		}
		if (!q[i].cause)
			fputc('-', f);
		fputc('\n', f);
	}
	free(q);
}

static void report_links(struct rp_doc *d, const struct rp_result *r)
{
	static const char *const pages[] = { "report.html", "report.md", "junit.xml" };
	static const char *const names[] = { "html", "md", "junit" };

	for (int i = 0; i < 3; i++) {
		char *href = NULL;

		if (asprintf(&href, "%s/%s/%s", r->vendor_dir, r->device_dir, pages[i]) < 0)
			continue;
		if (i)
			d->ops->text(d, " ");
		d->ops->link(d, href, names[i], false);
		free(href);
	}
}

/* index.html / index.md: one row per device, what could not be rendered, the combined quirk sheet. */
static void index_page(struct rp_doc *d, const struct rp_result *rs, size_t n)
{
	static const char *const head[] = { "vendor", "device", "PCI id", "label", "verdict", "pass", "fail", "skip",
					    "known quirk", "report" };
	bool bad = false;

	d->ops->begin(d, "vct reports");
	d->ops->heading(d, 1, NULL);
	d->ops->text(d, "vct reports");
	d->ops->heading_end(d, 1);
	d->ops->table(d, head, 10);
	for (size_t k = 0; k < n; k++) {
		const struct rp_result *r = &rs[k];
		unsigned p = 0, fl = 0, s = 0, q = 0;
		const char *cls, *v;

		if (!r->usable) {
			bad = true;
			continue;
		}
		for (int l = 0; l < RP_NLEVEL; l++) {
			p += r->pass[l];
			fl += r->fail[l];
			s += r->skip[l];
			q += r->quirk[l];
		}
		v = rp_verdict(r, &cls);
		d->ops->row(d);
		rp_cell_text(d, r->vendor_name);
		rp_cell_text(d, r->device_name);
		rp_cell_code(d, r->pci_id);
		rp_cell_text(d, r->label ? r->label : "");
		d->ops->cell(d, false, cls);
		d->ops->text(d, v);
		d->ops->cell_end(d);
		rp_cell_textf(d, "%u", p);
		rp_cell_textf(d, "%u", fl);
		rp_cell_textf(d, "%u", s);
		rp_cell_textf(d, "%u", q);
		d->ops->cell(d, false, NULL);
		report_links(d, r);
		d->ops->cell_end(d);
		d->ops->row_end(d);
	}
	d->ops->table_end(d);
	if (bad) {
		d->ops->heading(d, 2, NULL);
		d->ops->text(d, "Results that could not be rendered");
		d->ops->heading_end(d, 2);
		d->ops->list(d);
		for (size_t k = 0; k < n; k++)
			if (!rs[k].usable) {
				d->ops->item(d);
				d->ops->code(d, rs[k].path);
				d->ops->text(d, ": ");
				d->ops->text(d, rs[k].nproblems ? rs[k].problems[rs[k].nproblems - 1] : "unreadable");
				d->ops->item_end(d);
			}
		d->ops->list_end(d);
	}
	d->ops->heading(d, 2, NULL);
	d->ops->text(d, "Quirk sheet");
	d->ops->heading_end(d, 2);
	d->ops->para(d, NULL);
	d->ops->text(d, "Each deviation once (a root cause counts once), with the devices that have it. Also as ");
	d->ops->link(d, "quirks.md", "quirks.md", false);
	d->ops->text(d, " and, one row per device and deviation, the tab-separated ");
	d->ops->link(d, "quirks.tsv", "quirks.tsv", false);
	d->ops->text(d, ".");
	d->ops->para_end(d);
	rp_combined_sheet(d, rs, n);
	d->ops->end(d);
}

static void quirks_page(struct rp_doc *d, const struct rp_result *rs, size_t n)
{
	d->ops->begin(d, "vct quirk sheet");
	d->ops->heading(d, 1, NULL);
	d->ops->text(d, "Quirk sheet");
	d->ops->heading_end(d, 1);
	d->ops->para(d, NULL);
	d->ops->text(d, "Feature bits to clear, or the workaround a driver needs, for each deviation once (failures with "
			"one probable root cause count once), with the devices that have it (from ");
	d->ops->code(d, "vct report");
	d->ops->text(d, ").");
	d->ops->para_end(d);
	rp_combined_sheet(d, rs, n);
	d->ops->end(d);
}

/* Render one page in one format into a buffer, and write it atomically. */
typedef void page_fn(struct rp_doc *d, const struct rp_result *rs, size_t n, const char *spec_dir);

static int render(const char *dir, const char *name, const struct rp_doc_ops *ops, page_fn *fn,
		  const struct rp_result *rs, size_t n, const char *spec_dir)
{
	char *b = NULL;
	size_t l = 0;
	FILE *f = open_memstream(&b, &l);
	struct rp_doc d;
	int ret;

	if (!f)
		return -ENOMEM;
	rp_doc_init(&d, ops, f);
	fn(&d, rs, n, spec_dir);
	fclose(f);
	ret = rp_write_file(dir, name, b, l);
	free(b);
	return ret;
}

static void device_fn(struct rp_doc *d, const struct rp_result *rs, size_t n, const char *spec_dir)
{
	rp_device_page(d, rs, spec_dir);
}

static void index_fn(struct rp_doc *d, const struct rp_result *rs, size_t n, const char *spec_dir)
{
	index_page(d, rs, n);
}

static void quirks_fn(struct rp_doc *d, const struct rp_result *rs, size_t n, const char *spec_dir)
{
	quirks_page(d, rs, n);
}

static int write_all(struct rp_result *rs, size_t n, const char *out, const char *spec_dir)
{
	char *jb = NULL, *tb = NULL;
	size_t jl = 0, tl = 0;
	FILE *ij = open_memstream(&jb, &jl), *qt = open_memstream(&tb, &tl);
	int rendered = 0, bad = 0;

	if (!ij || !qt)
		return -ENOMEM;
	rp_junit_open(ij, rs, n);
	fputs("# vct quirk sheet: pci_id\tsubsystem\tclear_mask\tclear_features\tcheck\tstatement\tlevel\tworkaround\tlabel"
	      "\tfolded_checks\n# fields escape backslash, tab, newline and CR as \\\\ \\t \\n \\r; folded_checks: the other "
	      "checks that stopped at the same step as check (its probable root cause), or -\n",
	      qt);

	for (size_t k = 0; k < n; k++) {
		struct rp_result *r = &rs[k];
		char dir[4096], *xb = NULL;
		size_t xl = 0;
		FILE *x;
		const char *cls;

		if (!r->usable) {
			bad++;
			continue;
		}
		rp_group_causes(r);
		/* Two results for the same device and label: number the second. */
		for (size_t j = 0; j < k; j++)
			if (rs[j].usable && !strcmp(rs[j].vendor_dir, r->vendor_dir) && !strcmp(rs[j].device_dir, r->device_dir)) {
				size_t l = strlen(r->device_dir);

				snprintf(r->device_dir + l, sizeof(r->device_dir) - l, "-%zu", k + 1);
				break;
			}
		snprintf(dir, sizeof(dir), "%s/%s/%s", out, r->vendor_dir, r->device_dir);
		x = open_memstream(&xb, &xl);
		if (!x)
			return -ENOMEM;
		rp_junit_open(x, r, 1);
		rp_junit_suite(x, r);
		fputs("</testsuites>\n", x);
		fclose(x);
		if (render(dir, "report.html", &rp_doc_html, device_fn, r, 1, spec_dir) ||
		    render(dir, "report.md", &rp_doc_md, device_fn, r, 1, spec_dir) ||
		    rp_write_file(dir, "junit.xml", xb, xl)) {
			bad++;
		} else {
			rendered++;
			printf("%s/report.{html,md}, junit.xml: %s\n", dir, rp_verdict(r, &cls));
		}
		free(xb);
		rp_junit_suite(ij, r);
		quirk_tsv(qt, r);
	}
	fputs("</testsuites>\n", ij);
	fclose(ij);
	fclose(qt);
	if (rendered) {
		render(out, "index.html", &rp_doc_html, index_fn, rs, n, spec_dir);
		render(out, "index.md", &rp_doc_md, index_fn, rs, n, spec_dir);
		render(out, "quirks.md", &rp_doc_md, quirks_fn, rs, n, spec_dir);
		rp_write_file(out, "junit.xml", jb, jl);
		rp_write_file(out, "quirks.tsv", tb, tl);
		printf("%s/index.{html,md}, junit.xml, quirks.{md,tsv}: %d device%s%s\n", out, rendered,
		       rendered == 1 ? "" : "s", bad ? " (some results could not be rendered: see stderr)" : "");
	}
	free(jb);
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
