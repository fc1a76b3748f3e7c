/* SPDX-License-Identifier: MIT */
/*
 * vct's own TAP points read back (tapread.h): the points a test-bed boot's
 * journal carried out of a guest that died with its device, so the resumed
 * run keeps them in its results. Only what vct_tap_point() writes is read:
 * the point line, its directive, and the YAML keys of its block.
 */
#include "tapread.h"

#include <stdlib.h>
#include <string.h>

#define LINE_MAX_TAP 4096

/* A YAML scalar as vct_yaml_str() wrote it ("..." with \" \\ \n \xHH), or a plain one, into @out. */
static void unquote(const char *s, char *out, size_t n)
{
	size_t o = 0;

	if (!n)
		return;
	if (*s != '"') {
		snprintf(out, n, "%s", s);
		out[strcspn(out, "\n")] = 0;
		return;
	}
	for (s++; *s && *s != '"' && o + 1 < n; s++) {
		char ch = *s;

		if (ch == '\\' && s[1]) {
			s++;
			if (*s == 'n')
				ch = '\n';
			else if (*s == 'x' && s[1] && s[2]) {
				char hex[3] = { s[1], s[2], 0 };

				ch = (char)strtoul(hex, NULL, 16);
				s += 2;
			} else
				ch = *s;
		}
		out[o++] = ch;
	}
	out[o] = 0;
}

/* A TAP description as tap.c's desc() wrote it ('#' escaped as "\#"). */
static void undesc(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (; *s && *s != '\n' && o + 1 < n; s++) {
		if (s[0] == '\\' && s[1] == '#')
			s++;
		out[o++] = *s;
	}
	out[o] = 0;
}

/* The first word of @s (a YAML value vct writes bare). */
static const char *word(const char *s, char *out, size_t n)
{
	snprintf(out, n, "%s", s);
	out[strcspn(out, " \n")] = 0;
	return out;
}

static enum vct_outcome outcome_of(const char *s)
{
	return !strcmp(s, "fail") ? VCT_FAIL : !strcmp(s, "skip") ? VCT_SKIP : !strcmp(s, "known-quirk") ? VCT_QUIRK :
	       !strcmp(s, "harness-error") ? VCT_ERROR : VCT_PASS;
}

static enum vct_verdict verdict_of(const char *s)
{
	for (int v = VCT_VERDICT_HANDLED; v <= VCT_VERDICT_CORRUPTED; v++)
		if (!strcmp(s, vct_verdict_name((enum vct_verdict)v)))
			return (enum vct_verdict)v;
	return VCT_VERDICT_NONE;
}

static enum vct_ev_origin origin_of(const char *s)
{
	for (int o = VCT_EV_CHECK; o <= VCT_EV_REMOVAL; o++)
		if (!strcmp(s, vct_ev_origin_name((enum vct_ev_origin)o)))
			return (enum vct_ev_origin)o;
	return VCT_EV_CHECK;
}

/* "file:line" into the evidence (the file name kept for the process's life: results point at it). */
static void at_of(const char *s, const char **file, int *line)
{
	char buf[256], *colon;

	unquote(s, buf, sizeof(buf));
	colon = strrchr(buf, ':');
	*line = colon ? atoi(colon + 1) : 0;
	if (colon)
		*colon = 0;
	*file = strdup(buf);
}

/* One key of a point's YAML block (@key at indent 2, or an evidence item's at 4/6). */
static void yaml_key(struct vct_tap_in *p, const char *line)
{
	struct vct_result *r = &p->res;
	struct vct_evidence *e = r->nev ? &r->ev[r->nev - 1] : NULL;
	const char *v = strchr(line, ':');
	char key[32], w[32];
	size_t k;

	if (!v)
		return;
	for (line += strspn(line, " "); *line == '-' || *line == ' '; line++)
		;
	k = (size_t)(v - line) < sizeof(key) ? (size_t)(v - line) : sizeof(key) - 1;
	memcpy(key, line, k);
	key[k] = 0;
	v += 1 + strspn(v + 1, " ");
	if (!strcmp(key, "outcome"))
		r->outcome = outcome_of(word(v, w, sizeof(w)));
	else if (!strcmp(key, "verdict"))
		r->verdict = verdict_of(word(v, w, sizeof(w)));
	else if (!strcmp(key, "health"))
		unquote(v, r->vnote, sizeof(r->vnote));
	else if (!strcmp(key, "device_statement")) {
		char id[16];
		const struct vct_stmt *st;

		unquote(v, id, sizeof(id));
		st = vct_stmt_find(id);
		r->dstmt = st ? st->id : NULL;
	} else if (!strcmp(key, "note") || !strcmp(key, "harness_error"))
		unquote(v, r->reason, sizeof(r->reason));
	else if (!strcmp(key, "duration_ms"))
		r->ms = strtoull(v, NULL, 10);
	else if (!strcmp(key, "what") && r->nev < VCT_MAX_EVIDENCE) {
		e = &r->ev[r->nev++];
		memset(e, 0, sizeof(*e));
		r->nfail++;
		unquote(v, e->what, sizeof(e->what));
	} else if (e && !strcmp(key, "expected"))
		unquote(v, e->expected, sizeof(e->expected));
	else if (e && !strcmp(key, "seen"))
		unquote(v, e->seen, sizeof(e->seen));
	else if (e && !strcmp(key, "at"))
		at_of(v, &e->file, &e->line);
	else if (e && !strcmp(key, "origin"))
		e->origin = origin_of(word(v, w, sizeof(w)));
	else if (!strcmp(key, "more_failures"))
		r->nfail += (unsigned int)strtoul(v, NULL, 10);
}

int vct_tap_read(FILE *f, void (*fn)(void *arg, const struct vct_tap_in *p), void *arg)
{
	char line[LINE_MAX_TAP];
	struct vct_tap_in p;
	bool have = false, yaml = false;
	int n = 0;

	while (fgets(line, sizeof(line), f)) {
		const char *s = line;
		bool ok;

		if (!strncmp(s, "ok ", 3) || !strncmp(s, "not ok ", 7)) {
			const char *dir;
			size_t len;

			if (have) {
				fn(arg, &p);
				n++;
			}
			memset(&p, 0, sizeof(p));
			have = yaml = false;
			ok = s[0] == 'o';
			s = strstr(s, " - ");
			if (!s)
				continue;
			s += 3;
			len = strcspn(s, " \n");
			if (len >= sizeof(p.name))
				continue;
			memcpy(p.name, s, len);
			have = true;
			p.res.outcome = ok ? VCT_PASS : VCT_FAIL;
			/* The directive: " # " unescaped (a '#' of the description is "\#"). */
			for (dir = strstr(s, " # "); dir && dir[-1] == '\\'; dir = strstr(dir + 1, " # "))
				;
			if (dir && !strncmp(dir, " # SKIP ", 8)) {
				p.res.outcome = VCT_SKIP;
				undesc(dir + 8, p.res.reason, sizeof(p.res.reason));
			} else if (dir && !strncmp(dir, " # TODO known quirk: ", 21)) {
				p.res.outcome = VCT_QUIRK;
				undesc(dir + 21, p.res.reason, sizeof(p.res.reason));
			}
			continue;
		}
		if (!have)
			continue;
		if (!strcmp(s, "  ---\n")) {
			yaml = true;
		} else if (!strcmp(s, "  ...\n")) {
			yaml = false;
		} else if (yaml && !strncmp(s, "  ", 2)) {
			enum vct_outcome keep = p.res.outcome;

			yaml_key(&p, s);
			/* The directive decides a known quirk; its YAML says "known-quirk" too. */
			if (keep == VCT_QUIRK || keep == VCT_SKIP)
				p.res.outcome = keep;
		}
	}
	if (have) {
		fn(arg, &p);
		n++;
	}
	return n;
}
