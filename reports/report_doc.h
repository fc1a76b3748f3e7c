/* SPDX-License-Identifier: MIT */
/*
 * One document model for every human-readable page of `vct report` (device
 * report, index, quirk sheet, diff, matrix), rendered by one emitter per
 * format: HTML (self-contained, no scripts) and GitHub Flavored Markdown. A
 * page is written once, as a sequence of calls below, and every emitter
 * escapes every string it is given for its own syntax (report_esc.h): a
 * writer never prints a string from a result itself.
 *
 * Guarantees: text(), code(), strong(), link() text and pre() content are
 * untrusted and escaped; anchors and classes are our own identifiers, still
 * escaped; a table row is one line in Markdown whatever its cells hold.
 */
#ifndef VCT_REPORT_DOC_H
#define VCT_REPORT_DOC_H

#include <stdbool.h>
#include <stdio.h>

struct rp_doc;

struct rp_doc_ops {
	void (*begin)(struct rp_doc *d, const char *title);
	void (*end)(struct rp_doc *d);
	void (*heading)(struct rp_doc *d, int level, const char *anchor);	/* inline content follows */
	void (*heading_end)(struct rp_doc *d, int level);
	void (*para)(struct rp_doc *d, const char *cls);
	void (*para_end)(struct rp_doc *d);
	void (*text)(struct rp_doc *d, const char *s);
	void (*code)(struct rp_doc *d, const char *s);
	void (*strong)(struct rp_doc *d, const char *s);
	void (*link)(struct rp_doc *d, const char *href, const char *text, bool code);
	void (*br)(struct rp_doc *d);	/* a line break inside a cell or paragraph */
	void (*list)(struct rp_doc *d);
	void (*item)(struct rp_doc *d);
	void (*item_end)(struct rp_doc *d);
	void (*list_end)(struct rp_doc *d);
	/* head: ncols titles, or NULL for a key/value table (first cell of each row a header). */
	void (*table)(struct rp_doc *d, const char *const *head, int ncols);
	void (*row)(struct rp_doc *d);
	void (*cell)(struct rp_doc *d, bool head, const char *cls);
	void (*cell_end)(struct rp_doc *d);
	void (*row_end)(struct rp_doc *d);
	void (*table_end)(struct rp_doc *d);
	void (*pre)(struct rp_doc *d, const char *s, const char *lang);
	void (*bar)(struct rp_doc *d, unsigned pass, unsigned fail, unsigned skip, unsigned total);
	void (*verdict)(struct rp_doc *d, const char *cls, const char *text);
	/* A framed block (a failure, a problem) and a folded one (HTML <details>; Markdown: shown). */
	void (*box)(struct rp_doc *d, const char *cls, const char *anchor);
	void (*box_end)(struct rp_doc *d);
	void (*fold)(struct rp_doc *d, const char *summary);
	void (*fold_end)(struct rp_doc *d);
	void (*span)(struct rp_doc *d, const char *cls);	/* styling only: Markdown drops it */
	void (*span_end)(struct rp_doc *d);
};

struct rp_doc {
	const struct rp_doc_ops *ops;
	FILE *f;
	bool in_table;
	bool cell_head;	/* HTML: the open cell is a <th> */
	int ncols;
	int list_depth;
	const char *ext;	/* "html" or "md": the extension of this format's pages */
};

extern const struct rp_doc_ops rp_doc_html, rp_doc_md;

void rp_doc_init(struct rp_doc *d, const struct rp_doc_ops *ops, FILE *f);
/* printf into text(). */
void rp_textf(struct rp_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One cell holding text (or code) and closing it. */
void rp_cell_text(struct rp_doc *d, const char *s);
void rp_cell_code(struct rp_doc *d, const char *s);
void rp_cell_textf(struct rp_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A key/value row of a table opened with head NULL. */
void rp_kv(struct rp_doc *d, const char *k, const char *v, bool code);

#endif
