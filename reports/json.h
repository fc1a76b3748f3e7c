/* SPDX-License-Identifier: MIT */
/*
 * A small JSON reader for `vct report`: parses a whole document into a tree.
 * Salvaging: on a syntax error (a truncated or hand-edited file) the tree
 * built so far is kept — arrays and objects hold the members that parsed
 * completely, and are marked `cut` — and the error is described with its line
 * and column, so a report can render what is valid and mark what is not.
 */
#ifndef VCT_JSON_H
#define VCT_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum vct_json_type { VCT_JNULL, VCT_JBOOL, VCT_JNUM, VCT_JSTR, VCT_JARR, VCT_JOBJ };

struct vct_json {
	enum vct_json_type type;
	bool b;
	double num;
	char *str;		/* JSTR: the decoded string (UTF-8, NUL-terminated) */
	char *key;		/* member name when inside an object */
	struct vct_json **kid;	/* JARR / JOBJ members, in document order */
	size_t n;
	bool cut;		/* JARR / JOBJ: the document ended or broke inside it */
};

/*
 * Parse text[0..len). Returns the root (NULL only when not even the start of
 * a value could be read). err gets "" on success or "line L, column C: what".
 */
struct vct_json *vct_json_parse(const char *text, size_t len, char *err, size_t errlen);
void vct_json_free(struct vct_json *j);

/* Member of an object by name, NULL if absent or j is not an object. */
const struct vct_json *vct_json_get(const struct vct_json *j, const char *key);
/* The string of a member when it is a string, else NULL. */
const char *vct_json_str(const struct vct_json *j, const char *key);
/* A number member into *out: 0, or -1 when absent or not a number. */
int vct_json_num(const struct vct_json *j, const char *key, double *out);
const char *vct_json_type_name(enum vct_json_type t);

#endif
