/* SPDX-License-Identifier: MIT */
/* The table-driven option parser of every vct command (see cli.h). */
#include "cli.h"
#include "refdev.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int vct_cli_usage(const struct vct_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vct %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see 'vct help %s'\n", cmd->name);
	return 2;
}

unsigned int vct_cli_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[64], prev, tmp;

	if (lb >= 64 || la >= 64)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int best = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static bool in_form(const struct vct_opt *o, unsigned int form)
{
	return !o->forms || (o->forms & VCT_FORM(form));
}

static int find_form_by_mode(const struct vct_cmd *cmd, const char *name)
{
	for (unsigned int f = 0; f < cmd->nforms; f++)
		if (cmd->forms[f].mode && !strcmp(cmd->forms[f].mode, name))
			return (int)f;
	return -1;
}

/* Exact name, else a unique prefix (as getopt_long accepts); -1 unknown, -2 ambiguous. */
static int find_opt(const struct vct_cmd *cmd, const char *name, size_t len)
{
	int hit = -1;

	for (unsigned int i = 0; i < cmd->nopts; i++)
		if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
			return (int)i;
	for (unsigned int i = 0; i < cmd->nopts; i++)
		if (!strncmp(cmd->opts[i].name, name, len)) {
			if (hit >= 0)
				return -2;
			hit = (int)i;
		}
	return hit;
}

static int unknown_option(const struct vct_cmd *cmd, const char *arg, size_t len)
{
	char name[64];
	const char *best = NULL;
	unsigned int bd = 3;

	snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63), arg);
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		unsigned int d = vct_cli_distance(name, cmd->opts[i].name);

		if (d < bd) {
			bd = d;
			best = cmd->opts[i].name;
		}
	}
	if (best)
		return vct_cli_usage(cmd, "unknown option '--%s' (did you mean --%s?)", name, best);
	return vct_cli_usage(cmd, "unknown option '--%s'", name);
}

/* Plain decimal only: no sign, no suffix, no blanks, no overflow. */
static int parse_uint(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

static bool enum_has(const char *words, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = words; *p;) {
		size_t k = strcspn(p, "|");

		if (k == n && !strncmp(p, w, n))
			return true;
		p += k + (p[k] == '|');
	}
	return false;
}

static int set_value(const struct vct_cmd *cmd, const struct vct_opt *o, const char *v, void *args)
{
	char *dst = (char *)args + o->off;
	unsigned long long n;

	switch (o->arg) {
	case VCT_ARG_FLAG:
		*(bool *)dst = true;
		return 0;
	case VCT_ARG_STR:
		if (!*v)
			return vct_cli_usage(cmd, "--%s wants %s, not an empty string", o->name, o->meta);
		*(const char **)dst = v;
		return 0;
	case VCT_ARG_ENUM:
		if (!enum_has(o->meta, v))
			return vct_cli_usage(cmd, "--%s wants one of %s, not '%s'", o->name, o->meta, v);
		*(const char **)dst = v;
		return 0;
	case VCT_ARG_UINT:
		if (parse_uint(v, &n) || n < o->min || n > o->max)
			return vct_cli_usage(cmd, "--%s wants %s from %llu to %llu, not '%s'", o->name, o->unit, o->min,
					     o->max, v);
		*(unsigned long long *)dst = n;
		return 0;
	}
	return 2;
}

static void set_defaults(const struct vct_cmd *cmd, void *args)
{
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		const struct vct_opt *o = &cmd->opts[i];
		char *dst = (char *)args + o->off;

		if (o->arg == VCT_ARG_FLAG)
			*(bool *)dst = false;
		else if (o->arg == VCT_ARG_UINT)
			*(unsigned long long *)dst = o->def;
		else
			*(const char **)dst = o->sdef;
	}
}

int vct_cli_parse(const struct vct_cmd *cmd, int argc, char **argv, void *args, struct vct_cli *cli)
{
	int mode_opt = -1;
	bool opts_done = false;

	memset(cli, 0, sizeof(*cli));
	/* cli->seen has one bit per row: a table longer than that is vct's bug, not the user's. */
	assert(cmd->nopts <= 64);
	cli->pos = calloc((size_t)argc + 1, sizeof(*cli->pos));
	if (!cli->pos)
		return vct_cli_usage(cmd, "out of memory");
	set_defaults(cmd, args);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *v = NULL;
		const struct vct_opt *o;
		int k, r;

		if (opts_done || a[0] != '-' || !a[1]) {
			cli->pos[cli->npos++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			opts_done = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			vct_cli_help(cmd, stdout);
			return 0;
		}
		if (a[1] != '-')
			return vct_cli_usage(cmd, "unknown option '%s' (options are long: --NAME)", a);
		eq = strchr(a + 2, '=');
		k = find_opt(cmd, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		if (k == -2)
			return vct_cli_usage(cmd, "'%s' is ambiguous; spell the option out", a);
		if (k < 0)
			return unknown_option(cmd, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		o = &cmd->opts[k];
		if (o->arg == VCT_ARG_FLAG) {
			if (eq)
				return vct_cli_usage(cmd, "--%s takes no value", o->name);
		} else if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			return vct_cli_usage(cmd, "--%s needs a value (%s)", o->name, o->meta);
		}
		if ((r = set_value(cmd, o, v, args)))
			return r;
		cli->seen |= 1ull << k;
		if (find_form_by_mode(cmd, o->name) >= 0) {
			if (mode_opt >= 0 && mode_opt != k)
				return vct_cli_usage(cmd, "--%s and --%s cannot be combined; give one",
						     cmd->opts[mode_opt].name, o->name);
			mode_opt = k;
		}
	}
	cli->form = mode_opt >= 0 ? (unsigned int)find_form_by_mode(cmd, cmd->opts[mode_opt].name) : 0;
	if (cmd->forms[cli->form].mode && mode_opt < 0)
		return vct_cli_usage(cmd, "internal: no default form");
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		const struct vct_opt *o = &cmd->opts[i];

		if ((cli->seen >> i & 1) && !in_form(o, cli->form)) {
			if (cmd->forms[cli->form].mode)
				return vct_cli_usage(cmd, "--%s does not go with --%s; drop one", o->name,
						     cmd->forms[cli->form].mode);
			return vct_cli_usage(cmd, "--%s belongs to another form of 'vct %s' (see its usage); drop it",
					     o->name, cmd->name);
		}
		if (o->required && in_form(o, cli->form) && !(cli->seen >> i & 1))
			return vct_cli_usage(cmd, "%s needs --%s %s", cmd->name, o->name, o->meta);
	}
	{
		const struct vct_form *f = &cmd->forms[cli->form];

		if (cli->npos < f->min || cli->npos > f->max) {
			const char *what = f->args && *f->args ? f->args : "no arguments";

			if (cli->npos > f->max && f->max == 0)
				return vct_cli_usage(cmd, "unexpected argument '%s' (%s%s%s takes none)",
						     cli->pos[0], cmd->name, f->mode ? " --" : "", f->mode ? f->mode : "");
			if (cli->npos > f->max)
				return vct_cli_usage(cmd, "too many arguments from '%s' on (%s%s%s takes %s)",
						     cli->pos[f->max], cmd->name, f->mode ? " --" : "",
						     f->mode ? f->mode : "", what);
			return vct_cli_usage(cmd, "%s%s%s needs %s%s", cmd->name, f->mode ? " --" : "",
					     f->mode ? f->mode : "", f->min == 1 && f->max == 1 ? "exactly one " : "", what);
		}
	}
	return -1;
}

bool vct_cli_given(const struct vct_cmd *cmd, const struct vct_cli *cli, const char *name)
{
	for (unsigned int i = 0; i < cmd->nopts; i++)
		if (!strcmp(cmd->opts[i].name, name))
			return cli->seen >> i & 1;
	return false;
}

const struct vct_cmd *vct_cli_find(const char *name)
{
	for (unsigned int i = 0; i < vct_ncmds; i++)
		if (vct_cmds[i] && !strcmp(vct_cmds[i]->name, name))
			return vct_cmds[i];
	return NULL;
}

/* ---- help ----------------------------------------------------------------- */

/* Word-wrap @s from column @col (the cursor is there) at @width; new lines start at @indent. */
static void wrap(FILE *f, const char *s, unsigned int col, unsigned int indent, unsigned int width)
{
	bool start = true;

	while (*s) {
		size_t w;

		if (s[0] == '\n' && s[1] == '\n') {
			fprintf(f, "\n\n%*s", (int)indent, "");
			col = indent;
			start = true;
			s += 2;
			continue;
		}
		if (*s == ' ' || *s == '\n') {
			s++;
			continue;
		}
		w = strcspn(s, " \n");
		if (!start && col + 1 + w > width) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			start = true;
		}
		if (!start) {
			fputc(' ', f);
			col++;
		}
		fwrite(s, 1, w, f);
		col += (unsigned int)w;
		start = false;
		s += w;
	}
	fputc('\n', f);
}

/* One form's synopsis, as words: "--print FILE... [--opt X]". */
static void form_words(const struct vct_cmd *cmd, unsigned int fi, void (*word)(void *, int, const char *, const char *),
		       void *ctx)
{
	const struct vct_form *fm = &cmd->forms[fi];

	/* kind 0: an option, 1: the positional arguments, 2: an optional option */
	if (fm->mode) {
		const struct vct_opt *mo = NULL;

		for (unsigned int i = 0; i < cmd->nopts; i++)
			if (!strcmp(cmd->opts[i].name, fm->mode))
				mo = &cmd->opts[i];
		word(ctx, 0, fm->mode, mo && mo->arg != VCT_ARG_FLAG ? mo->meta : NULL);
	}
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		const struct vct_opt *o = &cmd->opts[i];

		if (!o->required || !in_form(o, fi) || (fm->mode && !strcmp(o->name, fm->mode)))
			continue;
		word(ctx, 0, o->name, o->arg == VCT_ARG_FLAG ? NULL : o->meta);
	}
	if (fm->args && *fm->args)
		word(ctx, 1, fm->args, NULL);
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		const struct vct_opt *o = &cmd->opts[i];

		if (o->required || !in_form(o, fi) || (fm->mode && !strcmp(o->name, fm->mode)) ||
		    find_form_by_mode(cmd, o->name) >= 0)
			continue;
		word(ctx, 2, o->name, o->arg == VCT_ARG_FLAG ? NULL : o->meta);
	}
}

struct syn_text {
	FILE *f;
	unsigned int col, indent;
};

static void syn_text_word(void *ctx, int kind, const char *name, const char *meta)
{
	struct syn_text *s = ctx;
	char buf[160];
	int n;

	if (kind == 1)
		n = snprintf(buf, sizeof(buf), "%s", name);
	else
		n = snprintf(buf, sizeof(buf), "%s--%s%s%s%s", kind == 2 ? "[" : "", name, meta ? " " : "",
			     meta ? meta : "", kind == 2 ? "]" : "");
	if (s->col + 1 + (unsigned int)n > 79) {
		fprintf(s->f, "\n%*s", (int)s->indent, "");
		s->col = s->indent;
	} else {
		fputc(' ', s->f);
		s->col++;
	}
	fputs(buf, s->f);
	s->col += (unsigned int)n;
}

static void synopsis_text(const struct vct_cmd *cmd, FILE *f)
{
	for (unsigned int fi = 0; fi < cmd->nforms; fi++) {
		struct syn_text s = { .f = f };
		int n = fprintf(f, "%s vct %s", fi ? "      " : "usage:", cmd->name);

		s.col = (unsigned int)n;
		s.indent = s.col + 1;
		form_words(cmd, fi, syn_text_word, &s);
		fputc('\n', f);
	}
}

/* "MS: milliseconds from 1 to 3600000, default 3000" and the like, after the row's help. */
static void opt_tail(const struct vct_opt *o, char *buf, size_t n)
{
	buf[0] = 0;
	if (o->arg == VCT_ARG_UINT && o->def < o->min)
		snprintf(buf, n, " (%s, %llu to %llu)", o->unit, o->min, o->max);
	else if (o->arg == VCT_ARG_UINT)
		snprintf(buf, n, " (%s, %llu to %llu; default %llu)", o->unit, o->min, o->max, o->def);
	else if (o->sdef)
		snprintf(buf, n, " (default %s)", o->sdef);
}

void vct_cli_help(const struct vct_cmd *cmd, FILE *f)
{
	synopsis_text(cmd, f);
	fputc('\n', f);
	wrap(f, cmd->desc, 0, 0, 79);
	fputs("\noptions:\n", f);
	for (unsigned int i = 0; i < cmd->nopts; i++) {
		const struct vct_opt *o = &cmd->opts[i];
		char head[96], tail[160], text[1024];
		int n = snprintf(head, sizeof(head), "  --%s%s%s", o->name, o->arg == VCT_ARG_FLAG ? "" : " ",
				 o->arg == VCT_ARG_FLAG ? "" : o->meta);

		opt_tail(o, tail, sizeof(tail));
		snprintf(text, sizeof(text), "%s%s", o->help, tail);
		fputs(head, f);
		if (n >= 26)
			fputc('\n', f);
		fprintf(f, "%*s", n >= 26 ? 26 : 26 - n, "");
		wrap(f, text, 26, 26, 79);
	}
	fputs("  -h, --help              this help\n", f);
}

void vct_cli_help_all(FILE *f)
{
	fputs("usage: vct COMMAND [ARGUMENTS] [OPTIONS]\n"
	      "       vct help [COMMAND]      what a command does and every option it takes\n"
	      "       vct --version\n\n"
	      "vct checks the device side of the virtio specification: it drives a virtio-pci\n"
	      "function through VFIO (or the in-process reference device) and reports every\n"
	      "device-side normative statement it checks, keyed to the spec, as TAP.\n\ncommands:\n",
	      f);
	for (unsigned int i = 0; i < vct_ncmds; i++)
		if (vct_cmds[i])
			fprintf(f, "  %-10s %s\n", vct_cmds[i]->name, vct_cmds[i]->summary);
	fputs("\nglobal options:\n"
	      "  -h, --help   this list; 'vct COMMAND --help' or 'vct help COMMAND' for a command\n"
	      "  --version    vct's version and the spec version of its statement table\n\n",
	      f);
	wrap(f, vct_cli_targets_text, 0, 0, 79);
	fputc('\n', f);
	wrap(f, vct_cli_exit_text, 0, 0, 79);
}

/* ---- man page (groff man macros, Debian conventions) ------------------------ */

/* Text for groff: backslash escaped, '-' as a minus (\-), no control at line start. */
static void man_esc(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		char ch = s[i];

		if (ch == '\\')
			fputs("\\e", f);
		else if (ch == '-')
			fputs("\\-", f);
		else if ((ch == '.' || ch == '\'') && (i == 0 || s[i - 1] == '\n'))
			fprintf(f, "\\&%c", ch);
		else
			fputc(ch, f);
	}
}

static void man_para(FILE *f, const char *s)
{
	while (*s) {
		const char *e = strstr(s, "\n\n");
		size_t n = e ? (size_t)(e - s) : strlen(s);

		man_esc(f, s, n);
		fputc('\n', f);
		s += n;
		if (*s) {
			s += 2;
			fputs(".PP\n", f);
		}
	}
}

struct syn_man {
	FILE *f;
};

static void syn_man_word(void *ctx, int kind, const char *name, const char *meta)
{
	FILE *f = ((struct syn_man *)ctx)->f;

	if (kind == 1) {
		fputs(" \\fI", f);
		man_esc(f, name, strlen(name));
		fputs("\\fR", f);
		return;
	}
	fputs(kind == 2 ? " [\\fB\\-\\-" : " \\fB\\-\\-", f);
	man_esc(f, name, strlen(name));
	fputs("\\fR", f);
	if (meta) {
		/* An unbreakable space: an option never parts from its argument. */
		fputs("\\ \\fI", f);
		man_esc(f, meta, strlen(meta));
		fputs("\\fR", f);
	}
	if (kind == 2)
		fputc(']', f);
}

static void man_synopsis(const struct vct_cmd *cmd, FILE *f)
{
	for (unsigned int fi = 0; fi < cmd->nforms; fi++) {
		struct syn_man s = { f };

		fputs(".HP\n\\fBvct ", f);
		man_esc(f, cmd->name, strlen(cmd->name));
		fputs("\\fR", f);
		form_words(cmd, fi, syn_man_word, &s);
		fputc('\n', f);
	}
}

/* The date the option tables last changed in substance; kept by hand, shown in the page footer. */
#define VCT_MAN_DATE "2026-11-30"

void vct_cli_man(FILE *f)
{
	fputs(".\\\" Generated by 'vct help --man' from vct's option tables; do not edit.\n"
	      ".TH VCT 1 \"" VCT_MAN_DATE "\" \"vct\" \"User Commands\"\n"
	      ".SH NAME\nvct \\- conformance test suite and fuzzer for virtio devices\n"
	      ".SH SYNOPSIS\n"
	      ".nh\n.ad l\n",
	      f);
	for (unsigned int i = 0; i < vct_ncmds; i++)
		if (vct_cmds[i])
			man_synopsis(vct_cmds[i], f);
	fputs(".HP\n\\fBvct \\-\\-version\\fR\n"
	      ".ad\n.hy\n"
	      ".SH DESCRIPTION\n"
	      "\\fBvct\\fR checks the device side of the virtio specification.\n"
	      "It binds a virtio\\-pci function through Linux VFIO (or runs the in\\-process reference device),\n"
	      "walks the device\\-side normative statements of the specification as table\\-driven checks,\n"
	      "each keyed to its statement, fuzzes descriptor rings, feature negotiation and the status\n"
	      "state machine, and writes TAP, JSON results and per\\-vendor reports.\n"
	      ".SH COMMANDS\n",
	      f);
	for (unsigned int i = 0; i < vct_ncmds; i++) {
		const struct vct_cmd *c = vct_cmds[i];

		if (!c)
			continue;
		fputs(".SS \"vct ", f);
		man_esc(f, c->name, strlen(c->name));
		fputs("\"\n", f);
		man_para(f, c->desc);
		for (unsigned int k = 0; k < c->nopts; k++) {
			const struct vct_opt *o = &c->opts[k];
			char tail[160];

			fputs(".TP\n\\fB\\-\\-", f);
			man_esc(f, o->name, strlen(o->name));
			fputs("\\fR", f);
			if (o->arg != VCT_ARG_FLAG) {
				fputs(" \\fI", f);
				man_esc(f, o->meta, strlen(o->meta));
				fputs("\\fR", f);
			}
			fputc('\n', f);
			opt_tail(o, tail, sizeof(tail));
			man_esc(f, o->help, strlen(o->help));
			man_esc(f, tail, strlen(tail));
			fputc('\n', f);
		}
		fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nThe command's usage and options, on standard output.\n", f);
	}
	fputs(".SH TARGETS\n", f);
	man_para(f, vct_cli_targets_text);
	fputs(".SH EXIT STATUS\n", f);
	man_para(f, vct_cli_exit_text);
	fputs(".SH EXAMPLES\n"
	      "Run every check against the reference block device and keep the results:\n"
	      ".PP\n.RS\n.EX\nvct run refdev:blk \\-\\-results out/\n.EE\n.RE\n.PP\n"
	      "Feed the TAP to Debian's \\fBprove\\fR(1), which knows TAP up to version 13:\n"
	      ".PP\n.RS\n.EX\nvct run 0000:3b:00.2 \\-\\-tap\\-version 13 > run.tap\nprove \\-\\-exec cat run.tap\n.EE\n.RE\n"
	      ".PP\nRender reports for every result:\n"
	      ".PP\n.RS\n.EX\nvct report out/result.json \\-\\-out reports/\n.EE\n.RE\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\n\\fBVCT_PROGRESS\\fR\n"
	      "\\fB1\\fR shows the live status line of \\fBrun\\fR, \\fBstress\\fR and \\fBfuzz\\fR on standard error "
	      "even when it is not a terminal; \\fB0\\fR never shows it. Unset, it is shown on a terminal only.\n"
	      ".TP\n\\fBVCT_PCI_IDS\\fR\n"
	      "A pci.ids file for device and vendor names in results and reports.\n"
	      ".SH FILES\n"
	      ".TP\n\\fI/usr/share/vct/fuzz/\\fR\n"
	      "Seed corpora and dictionaries of \\fBvct fuzz\\fR.\n"
	      ".TP\n\\fI/dev/vfio/\\fR\\fIN\\fR\n"
	      "The VFIO group of the device under test; vct needs read and write access to it.\n"
	      ".SH SEE ALSO\n"
	      "\\fBprove\\fR(1), \\fBlspci\\fR(8)\n",
	      f);
}

/* ---- bash completion ----------------------------------------------------------- */

static const char *compl_word(enum vct_compl c)
{
	switch (c) {
	case VCT_C_FILE: return "file";
	case VCT_C_DIR: return "dir";
	case VCT_C_TARGET: return "target";
	case VCT_C_CMD: return "cmd";
	case VCT_C_NONE: break;
	}
	return "none";
}

/* "    echo refdev:TYPE ...": the reference device's types, as vct refdev lists them. */
static void refdev_targets(FILE *f)
{
	char *buf = NULL, *save = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	vct_refdev_catalog(m);
	fclose(m);
	fputs("    echo", f);
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (!strncmp(l, "type\t", 5))
			fprintf(f, " refdev:%s", l + 5);
	fputs("\n", f);
	free(buf);
}

void vct_cli_bash_completion(FILE *f)
{
	fputs("# bash completion for vct; generated by 'vct help --completion bash' from vct's option tables.\n"
	      "_vct_targets() {\n"
	      "    local d\n"
	      "    for d in /sys/bus/pci/devices/*; do\n"
	      "        [ \"$(cat \"$d/vendor\" 2>/dev/null)\" = 0x1af4 ] && echo \"${d##*/}\"\n"
	      "    done\n",
	      f);
	refdev_targets(f);
	fputs("}\n"
	      "_vct_complete_kind() { # kind word\n"
	      "    case $1 in\n"
	      "    file) COMPREPLY=($(compgen -f -- \"$2\")) ;;\n"
	      "    dir) COMPREPLY=($(compgen -d -- \"$2\")) ;;\n"
	      "    target) COMPREPLY=($(compgen -W \"$(_vct_targets)\" -- \"$2\")) ;;\n"
	      "    cmd) COMPREPLY=($(compgen -W \"$_vct_cmds\" -- \"$2\")) ;;\n"
	      "    none) COMPREPLY=() ;;\n"
	      "    *) COMPREPLY=($(compgen -W \"${1//|/ }\" -- \"$2\")) ;;\n"
	      "    esac\n"
	      "}\n"
	      "_vct_cmds=\"",
	      f);
	for (unsigned int i = 0, first = 1; i < vct_ncmds; i++)
		if (vct_cmds[i]) {
			fprintf(f, "%s%s", first ? "" : " ", vct_cmds[i]->name);
			first = 0;
		}
	fputs("\"\n"
	      "_vct() {\n"
	      "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opts pos\n"
	      "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "        COMPREPLY=($(compgen -W \"$_vct_cmds --help --version\" -- \"$cur\"))\n"
	      "        return\n"
	      "    fi\n"
	      "    case ${COMP_WORDS[1]}:$prev in\n",
	      f);
	for (unsigned int i = 0; i < vct_ncmds; i++) {
		const struct vct_cmd *c = vct_cmds[i];

		for (unsigned int k = 0; c && k < c->nopts; k++) {
			const struct vct_opt *o = &c->opts[k];

			if (o->arg == VCT_ARG_FLAG)
				continue;
			fprintf(f, "    %s:--%s) _vct_complete_kind '%s' \"$cur\"; return ;;\n", c->name, o->name,
				o->arg == VCT_ARG_ENUM ? o->meta : compl_word(o->compl));
		}
	}
	fputs("    esac\n    case ${COMP_WORDS[1]} in\n", f);
	for (unsigned int i = 0; i < vct_ncmds; i++) {
		const struct vct_cmd *c = vct_cmds[i];

		if (!c)
			continue;
		fprintf(f, "    %s) opts='--help", c->name);
		for (unsigned int k = 0; k < c->nopts; k++)
			fprintf(f, " --%s", c->opts[k].name);
		fprintf(f, "'; pos=%s ;;\n", compl_word(c->forms[0].compl));
	}
	fputs("    *) return ;;\n    esac\n"
	      "    if [[ $cur == -* ]]; then\n"
	      "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "    else\n"
	      "        _vct_complete_kind \"$pos\" \"$cur\"\n"
	      "    fi\n"
	      "}\n"
	      "complete -F _vct vct\n",
	      f);
}
