/* SPDX-License-Identifier: MIT */
/* `vct report`: the HTML and Markdown emitters of the document model (report_doc.h). */
#include "report_doc.h"

#include <stdarg.h>
#include <stdlib.h>

#include "report_esc.h"
#include "stmt.h"

void rp_doc_init(struct rp_doc *d, const struct rp_doc_ops *ops, FILE *f)
{
	*d = (struct rp_doc){ .ops = ops, .f = f, .ext = ops == &rp_doc_html ? "html" : "md" };
}

void rp_textf(struct rp_doc *d, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n >= 0)
		d->ops->text(d, s);
	free(s);
}

void rp_cell_text(struct rp_doc *d, const char *s)
{
	d->ops->cell(d, false, NULL);
	d->ops->text(d, s);
	d->ops->cell_end(d);
}

void rp_cell_code(struct rp_doc *d, const char *s)
{
	d->ops->cell(d, false, NULL);
	d->ops->code(d, s);
	d->ops->cell_end(d);
}

void rp_cell_textf(struct rp_doc *d, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	rp_cell_text(d, n >= 0 ? s : "");
	free(s);
}

void rp_kv(struct rp_doc *d, const char *k, const char *v, bool code)
{
	d->ops->row(d);
	d->ops->cell(d, true, NULL);
	d->ops->text(d, k);
	d->ops->cell_end(d);
	if (code)
		rp_cell_code(d, v);
	else
		rp_cell_text(d, v);
	d->ops->row_end(d);
}

/* ---- HTML ------------------------------------------------------------------------ */

#define F (d->f)

static void h_attr(struct rp_doc *d, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	fprintf(F, " %s=\"", name);
	rp_esc_html(F, v);
	fputc('"', F);
}

static void h_begin(struct rp_doc *d, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", F);
	rp_esc_html(F, title);
	fputs("</title>\n<style>\n"
	      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:72em;"
	      "padding:0 1em;color:#1d1d1f;line-height:1.45}\n"
	      "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}"
	      "h3{font-size:1.05em}\n"
	      "table{border-collapse:collapse;margin:.5em 0;font-size:.92em}"
	      "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
	      "th{background:#f3f3f3}\n"
	      "code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.9em}"
	      "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap}\n"
	      ".verdict{font-size:1.15em;font-weight:bold;padding:.4em .7em;display:inline-block;border-radius:4px}\n"
	      ".bad{background:#fde2e1;color:#8a1111}.warn{background:#fff3cd;color:#6b4e00}"
	      ".good{background:#dff3e3;color:#145523}.muted{color:#666}\n"
	      ".bar{display:flex;width:22em;height:1em;background:#e8e8e8;border:1px solid #bbb}"
	      ".bar span{display:block;height:100%}.b-pass{background:#3c9d52}.b-fail{background:#c83a3a}"
	      ".b-skip{background:#b5b5b5}\n"
	      ".o-fail{color:#a11;font-weight:bold}.o-known-quirk{color:#8a5a00;font-weight:bold}"
	      ".o-pass{color:#176b2c}.o-skip{color:#666}.o-harness-error{color:#5a2d8a;font-weight:bold}\n"
	      ".problem{background:#fff3cd;border-left:4px solid #d6a100;padding:.4em .7em;margin:.3em 0}\n"
	      ".failure{border:1px solid #e3b4b4;border-radius:4px;padding:.2em 1em 1em;margin:1em 0}\n"
	      ".cause{border:1px solid #d6a100;border-radius:4px;padding:.2em 1em 1em;margin:1em 0;background:#fffaf0}\n"
	      "details{margin:.5em 0}summary{cursor:pointer}\n"
	      "</style>\n</head>\n<body>\n",
	      F);
}

static void h_end(struct rp_doc *d)
{
	fprintf(F, "<hr>\n<p class=\"muted\">Written by vct %s (statements %s). This page needs no network and no "
		   "scripts.</p>\n</body>\n</html>\n",
		VCT_VERSION, vct_stmts_version);
}

static void h_heading(struct rp_doc *d, int level, const char *anchor)
{
	fprintf(F, "<h%d", level);
	h_attr(d, "id", anchor);
	fputc('>', F);
}

static void h_heading_end(struct rp_doc *d, int level)
{
	fprintf(F, "</h%d>\n", level);
}

static void h_para(struct rp_doc *d, const char *cls)
{
	fputs("<p", F);
	h_attr(d, "class", cls);
	fputc('>', F);
}

static void h_para_end(struct rp_doc *d)
{
	fputs("</p>\n", F);
}

static void h_text(struct rp_doc *d, const char *s)
{
	rp_esc_html(F, s);
}

static void h_code(struct rp_doc *d, const char *s)
{
	fputs("<code>", F);
	rp_esc_html(F, s);
	fputs("</code>", F);
}

static void h_strong(struct rp_doc *d, const char *s)
{
	fputs("<b>", F);
	rp_esc_html(F, s);
	fputs("</b>", F);
}

static void h_link(struct rp_doc *d, const char *href, const char *text, bool code)
{
	fputs("<a href=\"", F);
	if (href[0] == '#') {
		fputc('#', F);
		rp_esc_href(F, href + 1);
	} else {
		rp_esc_href(F, href);
	}
	fputs("\">", F);
	if (code)
		h_code(d, text);
	else
		rp_esc_html(F, text);
	fputs("</a>", F);
}

static void h_br(struct rp_doc *d)
{
	fputs("<br>", F);
}

static void h_list(struct rp_doc *d)
{
	fputs("<ul>\n", F);
}

static void h_item(struct rp_doc *d)
{
	fputs("<li>", F);
}

static void h_item_end(struct rp_doc *d)
{
	fputs("</li>\n", F);
}

static void h_list_end(struct rp_doc *d)
{
	fputs("</ul>\n", F);
}

static void h_table(struct rp_doc *d, const char *const *head, int ncols)
{
	fputs("<table>", F);
	if (head) {
		fputs("<tr>", F);
		for (int i = 0; i < ncols; i++) {
			fputs("<th>", F);
			rp_esc_html(F, head[i]);
			fputs("</th>", F);
		}
		fputs("</tr>", F);
	}
	fputc('\n', F);
}

static void h_row(struct rp_doc *d)
{
	fputs("<tr>", F);
}

static void h_cell(struct rp_doc *d, bool head, const char *cls)
{
	fputs(head ? "<th" : "<td", F);
	h_attr(d, "class", cls);
	fputc('>', F);
	d->cell_head = head;
}

static void h_cell_end(struct rp_doc *d)
{
	fputs(d->cell_head ? "</th>" : "</td>", F);
}

static void h_row_end(struct rp_doc *d)
{
	fputs("</tr>\n", F);
}

static void h_table_end(struct rp_doc *d)
{
	fputs("</table>\n", F);
}

static void h_pre(struct rp_doc *d, const char *s, const char *lang)
{
	fputs("<pre>", F);
	rp_esc_html(F, s);
	fputs("</pre>\n", F);
}

static void h_bar(struct rp_doc *d, unsigned pass, unsigned fail, unsigned skip, unsigned total)
{
	double t = total ? total : 1;

	fprintf(F, "<div class=\"bar\" title=\"%u checked (%u failed), %u skipped, of %u\">"
		   "<span class=\"b-pass\" style=\"width:%.1f%%\"></span><span class=\"b-fail\" style=\"width:%.1f%%\"></span>"
		   "<span class=\"b-skip\" style=\"width:%.1f%%\"></span></div>",
		pass + fail, fail, skip, total, 100.0 * pass / t, 100.0 * fail / t, 100.0 * skip / t);
}

static void h_verdict(struct rp_doc *d, const char *cls, const char *text)
{
	fputs("<p class=\"verdict ", F);
	rp_esc_html(F, cls);
	fputs("\">", F);
	rp_esc_html(F, text);
	fputs("</p>\n", F);
}

static void h_box(struct rp_doc *d, const char *cls, const char *anchor)
{
	fputs("<div", F);
	h_attr(d, "class", cls);
	h_attr(d, "id", anchor);
	fputs(">\n", F);
}

static void h_box_end(struct rp_doc *d)
{
	fputs("</div>\n", F);
}

static void h_fold(struct rp_doc *d, const char *summary)
{
	fputs("<details><summary>", F);
	rp_esc_html(F, summary);
	fputs("</summary>\n", F);
}

static void h_fold_end(struct rp_doc *d)
{
	fputs("</details>\n", F);
}

static void h_span(struct rp_doc *d, const char *cls)
{
	fputs("<span", F);
	h_attr(d, "class", cls);
	fputc('>', F);
}

static void h_span_end(struct rp_doc *d)
{
	fputs("</span>", F);
}

const struct rp_doc_ops rp_doc_html = {
	.begin = h_begin, .end = h_end, .heading = h_heading, .heading_end = h_heading_end,
	.para = h_para, .para_end = h_para_end, .text = h_text, .code = h_code, .strong = h_strong,
	.link = h_link, .br = h_br, .list = h_list, .item = h_item, .item_end = h_item_end,
	.list_end = h_list_end, .table = h_table, .row = h_row, .cell = h_cell, .cell_end = h_cell_end,
	.row_end = h_row_end, .table_end = h_table_end, .pre = h_pre, .bar = h_bar, .verdict = h_verdict,
	.box = h_box, .box_end = h_box_end, .fold = h_fold, .fold_end = h_fold_end, .span = h_span,
	.span_end = h_span_end,
};

/* ---- Markdown (GitHub Flavored) ------------------------------------------------------ */

static void m_begin(struct rp_doc *d, const char *title)
{
}

static void m_end(struct rp_doc *d)
{
}

static void m_heading(struct rp_doc *d, int level, const char *anchor)
{
	for (int i = 0; i < level; i++)
		fputc('#', F);
	fputc(' ', F);
}

static void m_heading_end(struct rp_doc *d, int level)
{
	fputs("\n\n", F);
}

static void m_para(struct rp_doc *d, const char *cls)
{
}

static void m_para_end(struct rp_doc *d)
{
	fputs("\n\n", F);
}

static void m_text(struct rp_doc *d, const char *s)
{
	rp_esc_md_text(F, s);
}

static void m_code(struct rp_doc *d, const char *s)
{
	rp_esc_md_code(F, s, d->in_table);
}

static void m_strong(struct rp_doc *d, const char *s)
{
	fputs("**", F);
	rp_esc_md_text(F, s);
	fputs("**", F);
}

static void m_link(struct rp_doc *d, const char *href, const char *text, bool code)
{
	fputc('[', F);
	if (code)
		m_code(d, text);
	else
		rp_esc_md_text(F, text);
	fputs("](", F);
	if (href[0] == '#') {
		fputc('#', F);
		rp_esc_href(F, href + 1);
	} else {
		rp_esc_href(F, href);
	}
	fputc(')', F);
}

static void m_br(struct rp_doc *d)
{
	fputs(d->in_table ? "; " : "  \n", F);
}

static void m_list(struct rp_doc *d)
{
	d->list_depth++;
}

static void m_item(struct rp_doc *d)
{
	for (int i = 1; i < d->list_depth; i++)
		fputs("  ", F);
	fputs("- ", F);
}

static void m_item_end(struct rp_doc *d)
{
	fputc('\n', F);
}

static void m_list_end(struct rp_doc *d)
{
	if (--d->list_depth == 0)
		fputc('\n', F);
}

static void m_table(struct rp_doc *d, const char *const *head, int ncols)
{
	d->in_table = true;
	d->ncols = head ? ncols : 2;
	fputc('|', F);
	for (int i = 0; i < d->ncols; i++) {
		fputc(' ', F);
		if (head)
			rp_esc_md_text(F, head[i]);
		fputs(" |", F);
	}
	fputs("\n|", F);
	for (int i = 0; i < d->ncols; i++)
		fputs(" --- |", F);
	fputc('\n', F);
}

static void m_row(struct rp_doc *d)
{
	fputc('|', F);
}

static void m_cell(struct rp_doc *d, bool head, const char *cls)
{
	fputc(' ', F);
}

static void m_cell_end(struct rp_doc *d)
{
	fputs(" |", F);
}

static void m_row_end(struct rp_doc *d)
{
	fputc('\n', F);
}

static void m_table_end(struct rp_doc *d)
{
	d->in_table = false;
	fputc('\n', F);
}

static void m_pre(struct rp_doc *d, const char *s, const char *lang)
{
	rp_esc_md_block(F, s, lang);
	fputc('\n', F);
}

static void m_bar(struct rp_doc *d, unsigned pass, unsigned fail, unsigned skip, unsigned total)
{
	unsigned w = 20, full = total ? ((pass + fail) * w + total - 1) / total : 0;

	fputc('`', F);
	for (unsigned i = 0; i < w; i++)
		fputc(i < full ? '#' : '.', F);
	fputc('`', F);
}

static void m_verdict(struct rp_doc *d, const char *cls, const char *text)
{
	fputs("**Verdict: ", F);
	rp_esc_md_text(F, text);
	fputs("**\n\n", F);
}

static void m_box(struct rp_doc *d, const char *cls, const char *anchor)
{
}

static void m_box_end(struct rp_doc *d)
{
}

static void m_fold(struct rp_doc *d, const char *summary)
{
	rp_esc_md_text(F, summary);
	fputs(":\n\n", F);
}

static void m_fold_end(struct rp_doc *d)
{
}

static void m_span(struct rp_doc *d, const char *cls)
{
}

static void m_span_end(struct rp_doc *d)
{
}

const struct rp_doc_ops rp_doc_md = {
	.begin = m_begin, .end = m_end, .heading = m_heading, .heading_end = m_heading_end,
	.para = m_para, .para_end = m_para_end, .text = m_text, .code = m_code, .strong = m_strong,
	.link = m_link, .br = m_br, .list = m_list, .item = m_item, .item_end = m_item_end,
	.list_end = m_list_end, .table = m_table, .row = m_row, .cell = m_cell, .cell_end = m_cell_end,
	.row_end = m_row_end, .table_end = m_table_end, .pre = m_pre, .bar = m_bar, .verdict = m_verdict,
	.box = m_box, .box_end = m_box_end, .fold = m_fold, .fold_end = m_fold_end, .span = m_span,
	.span_end = m_span_end,
};
