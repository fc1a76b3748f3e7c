/* SPDX-License-Identifier: MIT */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *s, *end, *p;
	char *err;
	size_t errlen;
	bool failed;
	int depth;
};

static void fail(struct parser *ps, const char *what)
{
	int line = 1, col = 1;

	if (ps->failed)
		return;
	ps->failed = true;
	for (const char *q = ps->s; q < ps->p && q < ps->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (ps->p >= ps->end)
		snprintf(ps->err, ps->errlen, "line %d, column %d: the text ends early (%s)", line, col, what);
	else
		snprintf(ps->err, ps->errlen, "line %d, column %d: %s", line, col, what);
}

static void ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct vct_json *node(enum vct_json_type t)
{
	struct vct_json *j = calloc(1, sizeof(*j));

	if (j)
		j->type = t;
	return j;
}

static int put_utf8(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static int hex4(const char *p, unsigned long *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char ch = p[i];

		*v <<= 4;
		if (ch >= '0' && ch <= '9')
			*v |= (unsigned long)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			*v |= (unsigned long)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			*v |= (unsigned long)(ch - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* At the opening quote; returns a malloc'd decoded string or NULL (error set). */
static char *string(struct parser *ps)
{
	const char *q = ++ps->p;
	char *out, *o;

	/* Decoded text is never longer than the source. */
	while (q < ps->end && *q != '"') {
		if (*q == '\\')
			q++;
		q++;
	}
	if (q >= ps->end) {
		ps->p = ps->end;
		fail(ps, "unterminated string");
		return NULL;
	}
	out = o = malloc((size_t)(q - ps->p) * 2 + 1);
	if (!out) {
		fail(ps, "out of memory");
		return NULL;
	}
	while (ps->p < q) {
		unsigned char ch = (unsigned char)*ps->p;

		if (ch < 0x20) {
			fail(ps, "control character inside a string");
			free(out);
			return NULL;
		}
		if (ch != '\\') {
			*o++ = (char)ch;
			ps->p++;
			continue;
		}
		ps->p++;
		switch (*ps->p) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned long c, lo;

			if (q - ps->p < 5 || hex4(ps->p + 1, &c)) {
				fail(ps, "bad \\u escape");
				free(out);
				return NULL;
			}
			ps->p += 4;
			if (c >= 0xd800 && c < 0xdc00 && q - ps->p >= 7 && ps->p[1] == '\\' && ps->p[2] == 'u' &&
			    !hex4(ps->p + 3, &lo) && lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				ps->p += 6;
			}
			if (c == 0)
				c = 0xfffd;	/* keep strings NUL-terminated */
			o += put_utf8(o, c);
			break;
		}
		default:
			fail(ps, "bad escape in a string");
			free(out);
			return NULL;
		}
		ps->p++;
	}
	*o = 0;
	ps->p = q + 1;
	return out;
}

static struct vct_json *value(struct parser *ps);

static int append(struct vct_json *c, struct vct_json *k)
{
	struct vct_json **nk = realloc(c->kid, (c->n + 1) * sizeof(*nk));

	if (!nk)
		return -1;
	c->kid = nk;
	c->kid[c->n++] = k;
	return 0;
}

static struct vct_json *container(struct parser *ps, bool obj)
{
	struct vct_json *c = node(obj ? VCT_JOBJ : VCT_JARR);
	char close = obj ? '}' : ']';

	if (!c) {
		fail(ps, "out of memory");
		return NULL;
	}
	if (++ps->depth > 64) {
		fail(ps, "nested too deeply");
		c->cut = true;
		return c;
	}
	ps->p++;
	ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return c;
	}
	for (;;) {
		char *key = NULL;
		struct vct_json *k;

		ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"') {
				fail(ps, "expected a member name in quotes");
				break;
			}
			key = string(ps);
			if (!key)
				break;
			ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				fail(ps, "expected ':' after a member name");
				free(key);
				break;
			}
			ps->p++;
		}
		k = value(ps);
		if (!k || ps->failed) {
			/* A container broken inside is still kept: it holds what parsed. */
			if (k && (k->type == VCT_JARR || k->type == VCT_JOBJ)) {
				k->key = key;
				append(c, k);
			} else {
				free(key);
				vct_json_free(k);
			}
			break;
		}
		k->key = key;
		if (append(c, k)) {
			vct_json_free(k);
			fail(ps, "out of memory");
			break;
		}
		ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return c;
		}
		fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	c->cut = true;
	ps->depth--;
	return c;
}

static struct vct_json *value(struct parser *ps)
{
	struct vct_json *j;

	ws(ps);
	if (ps->p >= ps->end) {
		fail(ps, "expected a value");
		return NULL;
	}
	switch (*ps->p) {
	case '{': return container(ps, true);
	case '[': return container(ps, false);
	case '"': {
		char *s = string(ps);

		if (!s)
			return NULL;
		j = node(VCT_JSTR);
		if (!j) {
			free(s);
			return NULL;
		}
		j->str = s;
		return j;
	}
	}
	if ((size_t)(ps->end - ps->p) >= 4 && !strncmp(ps->p, "null", 4)) {
		ps->p += 4;
		return node(VCT_JNULL);
	}
	if ((size_t)(ps->end - ps->p) >= 4 && !strncmp(ps->p, "true", 4)) {
		ps->p += 4;
		j = node(VCT_JBOOL);
		if (j)
			j->b = true;
		return j;
	}
	if ((size_t)(ps->end - ps->p) >= 5 && !strncmp(ps->p, "false", 5)) {
		ps->p += 5;
		return node(VCT_JBOOL);
	}
	if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
		char buf[64], *e;
		size_t k = 0;

		while (ps->p + k < ps->end && k < sizeof(buf) - 1 && strchr("+-0123456789.eE", ps->p[k]))
			k++;
		memcpy(buf, ps->p, k);
		buf[k] = 0;
		j = node(VCT_JNUM);
		if (!j)
			return NULL;
		j->num = strtod(buf, &e);
		if (e == buf || *e) {
			free(j);
			fail(ps, "malformed number");
			return NULL;
		}
		ps->p += k;
		return j;
	}
	fail(ps, "unexpected character");
	return NULL;
}

struct vct_json *vct_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser ps = { .s = text, .end = text + len, .p = text, .err = err, .errlen = errlen };
	struct vct_json *root;

	if (errlen)
		err[0] = 0;
	root = value(&ps);
	if (!ps.failed) {
		ws(&ps);
		if (ps.p < ps.end)
			fail(&ps, "text after the end of the document");
	}
	return root;
}

void vct_json_free(struct vct_json *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++)
		vct_json_free(j->kid[i]);
	free(j->kid);
	free(j->str);
	free(j->key);
	free(j);
}

const struct vct_json *vct_json_get(const struct vct_json *j, const char *key)
{
	if (!j || j->type != VCT_JOBJ)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (j->kid[i]->key && !strcmp(j->kid[i]->key, key))
			return j->kid[i];
	return NULL;
}

const char *vct_json_str(const struct vct_json *j, const char *key)
{
	const struct vct_json *m = vct_json_get(j, key);

	return m && m->type == VCT_JSTR ? m->str : NULL;
}

int vct_json_num(const struct vct_json *j, const char *key, double *out)
{
	const struct vct_json *m = vct_json_get(j, key);

	if (!m || m->type != VCT_JNUM)
		return -1;
	*out = m->num;
	return 0;
}

const char *vct_json_type_name(enum vct_json_type t)
{
	static const char *const n[] = { "null", "boolean", "number", "string", "array", "object" };

	return (unsigned)t < 6 ? n[t] : "?";
}
