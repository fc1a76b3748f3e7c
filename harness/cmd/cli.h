/* SPDX-License-Identifier: MIT */
/*
 * Command-line options as tables. Each command describes its forms and its
 * options once (struct vct_cmd); the same table drives the parser, `vct help`,
 * `COMMAND --help`, the man page and the bash completion, so what is
 * documented is exactly what is accepted.
 *
 * Guarantees of vct_cli_parse(): an option value reaches the command only
 * when it is valid for the row (a number is plain decimal within the row's
 * range, an enum is one of its words); a usage problem is one line on
 * stderr naming the problem and the fix, exit status 2, and nothing else done.
 */
#ifndef VCT_CLI_H
#define VCT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum vct_arg {
	VCT_ARG_FLAG,	/* no argument; sets a bool */
	VCT_ARG_STR,	/* any text; sets a const char * */
	VCT_ARG_UINT,	/* decimal integer in [min, max]; sets an unsigned long long */
	VCT_ARG_ENUM,	/* one of the '|'-separated words of meta; sets a const char * */
};

/* What an argument is, for the bash completion and the man page. */
enum vct_compl { VCT_C_NONE, VCT_C_FILE, VCT_C_DIR, VCT_C_TARGET, VCT_C_CMD };

struct vct_opt {
	const char *name;	/* long name, without "--" */
	enum vct_arg arg;
	const char *meta;	/* the argument's name in help ("MS"); ENUM: the words, "13|14" */
	const char *unit;	/* UINT: what the number counts, for messages ("milliseconds") */
	unsigned long long min, max, def;	/* UINT: accepted range and default */
	const char *sdef;	/* STR/ENUM: default (NULL: none) */
	size_t off;		/* where the value goes in the command's argument struct */
	unsigned int forms;	/* bit per form the option belongs to; 0: every form */
	bool required;		/* must be given in its forms */
	enum vct_compl compl;
	const char *help;
};

struct vct_form {
	const char *mode;	/* the flag option that selects this form; NULL: the default form */
	const char *args;	/* positional arguments as shown ("TARGET", "FILE...") */
	unsigned int min, max;	/* how many positional arguments */
	enum vct_compl compl;	/* what they are */
};

struct vct_cmd {
	const char *name;
	const char *summary;	/* one line for `vct --help` */
	const char *desc;	/* paragraphs, separated by "\n\n", for `vct help CMD` and the man page */
	const struct vct_form *forms;
	unsigned int nforms;
	const struct vct_opt *opts;
	unsigned int nopts;
	int (*main)(int argc, char **argv);
};

/* What the parser found besides the option values. */
struct vct_cli {
	unsigned int form;		/* index into cmd->forms */
	char **pos;			/* the positional arguments (into argv) */
	unsigned int npos;
	unsigned long long seen;	/* bit i: cmd->opts[i] was given */
};

/*
 * The value's type is checked against the field at compile time: a row
 * whose field has the wrong type does not build.
 */
#define VCT_OFF(T, f, ty) (offsetof(T, f) + 0 * sizeof(_Generic(((T *)0)->f, ty: 1)))
#define VCT_OPT_FLAG(T, f, nm, frm, h) \
	{ .name = nm, .arg = VCT_ARG_FLAG, .off = VCT_OFF(T, f, bool), .forms = frm, .help = h }
#define VCT_OPT_STR(T, f, nm, mt, cpl, frm, h) \
	{ .name = nm, .arg = VCT_ARG_STR, .meta = mt, .off = VCT_OFF(T, f, const char *), .forms = frm, \
	  .compl = cpl, .help = h }
#define VCT_OPT_STR_DEF(T, f, nm, mt, cpl, dflt, frm, h) \
	{ .name = nm, .arg = VCT_ARG_STR, .meta = mt, .sdef = dflt, .off = VCT_OFF(T, f, const char *), \
	  .forms = frm, .compl = cpl, .help = h }
#define VCT_OPT_UINT(T, f, nm, mt, un, lo, hi, dflt, frm, h) \
	{ .name = nm, .arg = VCT_ARG_UINT, .meta = mt, .unit = un, .min = lo, .max = hi, .def = dflt, \
	  .off = VCT_OFF(T, f, unsigned long long), .forms = frm, .help = h }
#define VCT_OPT_ENUM(T, f, nm, words, dflt, frm, h) \
	{ .name = nm, .arg = VCT_ARG_ENUM, .meta = words, .sdef = dflt, .off = VCT_OFF(T, f, const char *), \
	  .forms = frm, .help = h }
#define VCT_FORM(n) (1u << (n))

/*
 * Parse argv[1..] (argv[0] is the command's name) into @args: the defaults
 * of every row first, then what was given. Returns -1 to go on, or the exit
 * status: 0 after printing the help (--help, -h), 2 after a usage line.
 */
int vct_cli_parse(const struct vct_cmd *cmd, int argc, char **argv, void *args, struct vct_cli *cli);
/* One usage line, "vct CMD: <problem>; see 'vct help CMD'", on stderr; returns 2. */
int vct_cli_usage(const struct vct_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Was the option @name given? */
bool vct_cli_given(const struct vct_cmd *cmd, const struct vct_cli *cli, const char *name);
/* The number of edits between two strings (close-match suggestions). */
unsigned int vct_cli_distance(const char *a, const char *b);

/* Renderers of the same tables. */
void vct_cli_help(const struct vct_cmd *cmd, FILE *f);
void vct_cli_help_all(FILE *f);
void vct_cli_man(FILE *f);
void vct_cli_bash_completion(FILE *f);

/* Every command (harness/main.c), in the order `vct --help` lists them. */
extern const struct vct_cmd *const vct_cmds[];
extern const unsigned int vct_ncmds;
const struct vct_cmd *vct_cli_find(const char *name);

/* Prose shared by `vct --help` and the man page (harness/main.c). */
extern const char vct_cli_targets_text[];
extern const char vct_cli_exit_text[];

#endif
