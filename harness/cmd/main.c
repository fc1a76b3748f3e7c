/* SPDX-License-Identifier: MIT */
/*
 * The vct command: the command table and the small commands. Every command
 * parses its arguments with its option table (cli.h), and `vct help`, the
 * man page and the bash completion are rendered from the same tables.
 * Exit: 0 no MUST-level failure; 1 a MUST-level check failed; 2 usage or
 * environment error (nothing touched); 3 a harness error (no MUST failure).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "coverage.h"
#include "list.h"
#include "refdev.h"
#include "report.h"
#include "stmt.h"

/* Commands defined elsewhere; fuzz and repro are weak, so that a build without fuzz/ still links. */
extern const struct vct_cmd vct_cmd_run, vct_cmd_stress;
extern const struct vct_cmd vct_cmd_fuzz __attribute__((weak)), vct_cmd_repro __attribute__((weak));

const char vct_cli_targets_text[] =
	"TARGET is a PCI address bound to vfio-pci (0000:00:10.0, or 00:10.0), a vhost-user back end's "
	"socket vhost-user:PATH,type=TYPE[,impl=NAME][,timeout=MS] (vct is its front end), or the in-process "
	"reference device: refdev:TYPE[,quirk=NAME...][,OPTION...] (types, options and quirks: "
	"vct refdev). vct never binds a device "
	"itself; every device of the target's IOMMU group must be bound to vfio-pci.";
const char vct_cli_exit_text[] =
	"Exit status: 0 no MUST-level check failed; 1 a MUST-level check failed (stress, fuzz, repro: a "
	"problem was found); 2 usage or environment error, nothing was touched; 3 a harness error happened "
	"and no MUST-level check failed.";

/* ---- vct list ------------------------------------------------------------------ */

struct no_args {
	bool unused;
};

static int list_main(int argc, char **argv);
static const struct vct_form list_forms[] = { { NULL, "", 0, 0, VCT_C_NONE } };
static const struct vct_cmd cmd_list = {
	.name = "list",
	.summary = "virtio PCI functions here: ids, names, type, driver, IOMMU group",
	.desc = "Lists the virtio PCI functions of this machine from sysfs, with their ids, names (pci.ids, "
		"where vct was built with libpci), virtio type, driver and IOMMU group. Touches no device.",
	.forms = list_forms,
	.nforms = 1,
	.main = list_main,
};

static int list_main(int argc, char **argv)
{
	struct no_args a;
	struct vct_cli cli;
	int r = vct_cli_parse(&cmd_list, argc, argv, &a, &cli);

	free(cli.pos);
	return r >= 0 ? r : vct_list(stdout);
}

/* ---- vct checks ------------------------------------------------------------------ */

struct checks_args {
	bool verify;
	const char *format;
};

static int checks_main(int argc, char **argv);
static const struct vct_opt checks_opts[] = {
	VCT_OPT_FLAG(struct checks_args, verify, "verify", VCT_FORM(1),
		     "check the tables instead of listing them: every check names a known device-side statement, "
		     "and a statement claimed by two checks says why; exit 1 on any problem"),
	VCT_OPT_ENUM(struct checks_args, format, "format", "text|tsv", "text", VCT_FORM(0),
		     "text for people; tsv: name, statement, level, why the reference device cannot exercise the "
		     "check ('-': it can), why it does not count as coverage ('-': it counts)"),
};
static const struct vct_form checks_forms[] = {
	{ NULL, "", 0, 0, VCT_C_NONE },
	{ "verify", "", 0, 0, VCT_C_NONE },
};
static const struct vct_cmd cmd_checks = {
	.name = "checks",
	.summary = "the check table: name, statement, level, clause",
	.desc = "Prints every check vct has, one a line: its name, the id of the statement it is keyed to, "
		"the statement's level and its clause.",
	.forms = checks_forms,
	.nforms = 2,
	.opts = checks_opts,
	.nopts = sizeof(checks_opts) / sizeof(checks_opts[0]),
	.main = checks_main,
};

static int checks_main(int argc, char **argv)
{
	struct checks_args a;
	struct vct_cli cli;
	int r = vct_cli_parse(&cmd_checks, argc, argv, &a, &cli);

	free(cli.pos);
	if (r >= 0)
		return r;
	if (a.verify) {
		int n = vct_checks_verify(stderr);

		if (n)
			fprintf(stderr, "vct: %d problem%s in the check tables\n", n, n == 1 ? "" : "s");
		return n ? 1 : 0;
	}
	for (unsigned int s = 0; s < vct_nsuites; s++)
		for (unsigned int i = 0; i < vct_suites[s]->n; i++) {
			const struct vct_check *c = &vct_suites[s]->checks[i];
			const struct vct_stmt *st = vct_stmt_find(c->stmt);

			const char *kind, *why = vct_check_uncounted(c, &kind);

			/*
			 * tsv: name, statement, level, why refdev cannot exercise it ("-": it can),
			 * why it does not count as coverage ("kind: reason"; "-": it counts)
			 */
			if (!strcmp(a.format, "tsv"))
				printf("%s\t%s\t%s\t%s\t%s%s%s\n", c->name, c->stmt, st ? vct_level_name(st->level) : "?",
				       c->unexercisable ? c->unexercisable : "-", why ? kind : "-", why ? ": " : "",
				       why ? why : "");
			else
				printf("%-40s %-11s %-9s %s\n", c->name, c->stmt, st ? vct_level_name(st->level) : "?",
				       st ? st->label : "(unknown statement)");
		}
	return 0;
}

/* ---- vct refdev ----------------------------------------------------------------- */

static int refdev_main(int argc, char **argv);
static const struct vct_form refdev_forms[] = { { NULL, "", 0, 0, VCT_C_NONE } };
static const struct vct_cmd cmd_refdev = {
	.name = "refdev",
	.summary = "the reference device's types, options and quirk catalog (TSV)",
	.desc = "Prints the in-process reference device's types, its options and its quirk catalog (each quirk "
		"with its class, the device types it applies to and the statement it breaks), as TSV.",
	.forms = refdev_forms,
	.nforms = 1,
	.main = refdev_main,
};

static int refdev_main(int argc, char **argv)
{
	struct no_args a;
	struct vct_cli cli;
	int r = vct_cli_parse(&cmd_refdev, argc, argv, &a, &cli);

	free(cli.pos);
	if (r >= 0)
		return r;
	vct_refdev_catalog(stdout);
	return 0;
}

/* ---- vct coverage --------------------------------------------------------------- */

struct coverage_args {
	const char *format;
	bool reasons;
};

static int coverage_main(int argc, char **argv);
static const struct vct_opt coverage_opts[] = {
	VCT_OPT_ENUM(struct coverage_args, format, "format", "text|tsv|json", "text", 0,
		     "text for people; tsv and json (keys kept stable, fields only added) for scripts"),
	VCT_OPT_FLAG(struct coverage_args, reasons, "reasons", 0,
		     "also list every statement outside the checkable classes (and every host-action one) with "
		     "its reason"),
};
static const struct vct_form coverage_forms[] = { { NULL, "", 0, 0, VCT_C_NONE } };
static const struct vct_cmd cmd_coverage = {
	.name = "coverage",
	.summary = "statements per chapter and device type: total, checkable, checked",
	.desc = "Counts the device-side statements of the spec per chapter or device type and level: in total, "
		"checkable (a driver can observe them, alone or with a host action), and checked (a check that can "
		"fail on a real device covers them); then the checks that do not count, and why.",
	.forms = coverage_forms,
	.nforms = 1,
	.opts = coverage_opts,
	.nopts = sizeof(coverage_opts) / sizeof(coverage_opts[0]),
	.main = coverage_main,
};

static int coverage_main(int argc, char **argv)
{
	struct coverage_args a;
	struct vct_cli cli;
	int r = vct_cli_parse(&cmd_coverage, argc, argv, &a, &cli);

	free(cli.pos);
	if (r >= 0)
		return r;
	return vct_coverage(stdout,
			    !strcmp(a.format, "tsv") ? VCT_COV_TSV : !strcmp(a.format, "json") ? VCT_COV_JSON : VCT_COV_TEXT,
			    a.reasons);
}

/* ---- vct clause ----------------------------------------------------------------- */

struct clause_args {
	const char *spec_dir;
};

static int clause_main(int argc, char **argv);
static const struct vct_opt clause_opts[] = {
	VCT_OPT_STR(struct clause_args, spec_dir, "spec-dir", "DIR", VCT_C_DIR, 0,
		    "a checkout of the spec's TeX of the table's version: the original sentence is shown too"),
};
static const struct vct_form clause_forms[] = { { NULL, "ID", 1, 1, VCT_C_NONE } };
static const struct vct_cmd cmd_clause = {
	.name = "clause",
	.summary = "one statement: clause, level, features, source lines, checks",
	.desc = "Shows the statement ID (D-1a2b3c4d, as in TAP and results): its clause, level, chapter, device "
		"type, features, source lines in the spec, class, summary and the checks keyed to it.",
	.forms = clause_forms,
	.nforms = 1,
	.opts = clause_opts,
	.nopts = 1,
	.main = clause_main,
};

static int clause_main(int argc, char **argv)
{
	struct clause_args a;
	struct vct_cli cli;
	const struct vct_stmt *st;
	const char *id;
	int r = vct_cli_parse(&cmd_clause, argc, argv, &a, &cli);

	id = r < 0 ? cli.pos[0] : NULL;
	free(cli.pos);
	if (r >= 0)
		return r;
	st = vct_stmt_find(id);
	if (!st)
		return vct_cli_usage(&cmd_clause, "no statement '%s' in the table (ids look like D-1a2b3c4d)", id);
	printf("%s  %s  %s side\n", st->id, vct_level_name(st->level), st->device_side ? "device" : "driver");
	printf("clause:   %s\nchapter:  %s\n", st->label, st->chapter);
	if (strcmp(st->device_type, "-"))
		printf("device:   %s\n", st->device_type);
	if (strcmp(st->features, "-"))
		printf("features: %s\n", st->features);
	printf("source:   %s:%u-%u (%s)\n", st->file, st->line, st->end_line, vct_stmts_version);
	printf("class:    %s%s%s\n", st->cls, strcmp(st->reason, "-") ? ": " : "",
	       strcmp(st->reason, "-") ? st->reason : "");
	if (strcmp(st->summary, "-"))
		printf("summary:  %s\n", st->summary);
	for (unsigned int s = 0; s < vct_nsuites; s++)
		for (unsigned int i = 0; i < vct_suites[s]->n; i++)
			if (!strcmp(vct_suites[s]->checks[i].stmt, id)) {
				const char *kind, *why = vct_check_uncounted(&vct_suites[s]->checks[i], &kind);

				if (why)
					printf("check:    %s (not counted, %s: %s)\n", vct_suites[s]->checks[i].name, kind,
					       why);
				else
					printf("check:    %s\n", vct_suites[s]->checks[i].name);
			}
	if (a.spec_dir) {
		int e = vct_stmt_show(st, a.spec_dir, stdout);

		if (e) {
			fprintf(stderr, "vct: cannot show %s from %s: %s\n", id, a.spec_dir, strerror(-e));
			return 2;
		}
	}
	return 0;
}

/* ---- vct report (options only; rendering is report.c's) ------------------------ */

static int report_main(int argc, char **argv);
static const struct vct_opt report_opts[] = {
	VCT_OPT_STR_DEF(struct vct_report_args, out, "out", "DIR", VCT_C_DIR, "reports/out", 0,
			"where the reports go"),
	VCT_OPT_STR(struct vct_report_args, spec_dir, "spec-dir", "DIR", VCT_C_DIR, VCT_FORM(0),
		    "a checkout of the spec's TeX: each failure shows its statement's sentence"),
	VCT_OPT_FLAG(struct vct_report_args, diff, "diff", VCT_FORM(1),
		     "compare two results: regressions (pass to fail), fixes, new and removed checks"),
	VCT_OPT_FLAG(struct vct_report_args, matrix, "matrix", VCT_FORM(2),
		     "statements by devices: which implementations get a clause wrong"),
};
static const struct vct_form report_forms[] = {
	{ NULL, "RESULT...", 1, ~0u, VCT_C_FILE },
	{ "diff", "OLD NEW", 2, 2, VCT_C_FILE },
	{ "matrix", "RESULT...", 1, ~0u, VCT_C_FILE },
};
static const struct vct_cmd cmd_report = {
	.name = "report",
	.summary = "per-vendor reports (HTML, Markdown, JUnit) from results; --diff, --matrix",
	.desc = "Renders each RESULT (a result.json, or a folder holding one) as DIR/<vendor>/<device>/"
		"report.html and report.md, with DIR/junit.xml for CI and a quirk sheet per PCI id. A truncated or "
		"newer result is rendered as far as it is valid; the command fails only when nothing could be "
		"rendered.",
	.forms = report_forms,
	.nforms = 3,
	.opts = report_opts,
	.nopts = sizeof(report_opts) / sizeof(report_opts[0]),
	.main = report_main,
};

static int report_main(int argc, char **argv)
{
	struct vct_report_args a;
	struct vct_cli cli;
	int r = vct_cli_parse(&cmd_report, argc, argv, &a, &cli);

	if (r < 0) {
		a.results = cli.pos;
		a.nresults = cli.npos;
		r = vct_report_run(&a);
	}
	free(cli.pos);
	return r;
}

/* ---- vct help ------------------------------------------------------------------- */

struct help_args {
	bool man;
	const char *completion;
};

static int help_main(int argc, char **argv);
static const struct vct_opt help_opts[] = {
	VCT_OPT_FLAG(struct help_args, man, "man", VCT_FORM(1), "the manual page vct(1), in groff man format"),
	VCT_OPT_ENUM(struct help_args, completion, "completion", "bash", NULL, VCT_FORM(2),
		     "a completion script for the shell, from the same option tables"),
};
static const struct vct_form help_forms[] = {
	{ NULL, "[COMMAND]", 0, 1, VCT_C_CMD },
	{ "man", "", 0, 0, VCT_C_NONE },
	{ "completion", "", 0, 0, VCT_C_NONE },
};
static const struct vct_cmd cmd_help = {
	.name = "help",
	.summary = "what a command does and every option it takes; the man page",
	.desc = "With no COMMAND, the list of commands; with one, its usage and options (as 'vct COMMAND "
		"--help'). Both are rendered from the option tables the commands parse with.",
	.forms = help_forms,
	.nforms = 3,
	.opts = help_opts,
	.nopts = 2,
	.main = help_main,
};

static int help_main(int argc, char **argv)
{
	struct help_args a;
	struct vct_cli cli;
	const struct vct_cmd *c = NULL;
	int r = vct_cli_parse(&cmd_help, argc, argv, &a, &cli);

	if (r < 0 && cli.npos && !(c = vct_cli_find(cli.pos[0])))
		r = vct_cli_usage(&cmd_help, "no command '%s'; 'vct help' lists them", cli.pos[0]);
	free(cli.pos);
	if (r >= 0)
		return r;
	if (a.man)
		vct_cli_man(stdout);
	else if (a.completion)
		vct_cli_bash_completion(stdout);
	else if (c)
		vct_cli_help(c, stdout);
	else
		vct_cli_help_all(stdout);
	return 0;
}

/* ---- the table ------------------------------------------------------------------ */

const struct vct_cmd *const vct_cmds[] = {
	&cmd_list, &vct_cmd_run, &vct_cmd_stress, &cmd_checks, &cmd_clause, &cmd_coverage, &cmd_refdev,
	&cmd_report, &vct_cmd_fuzz, &vct_cmd_repro, &cmd_help,
};
const unsigned int vct_ncmds = sizeof(vct_cmds) / sizeof(vct_cmds[0]);

int main(int argc, char **argv)
{
	const struct vct_cmd *c;

	if (argc < 2) {
		vct_cli_help_all(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		vct_cli_help_all(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vct %s (statements %s)\n", VCT_VERSION, vct_stmts_version);
		return 0;
	}
	c = vct_cli_find(argv[1]);
	if (!c) {
		fprintf(stderr, "vct: unknown command '%s'; 'vct --help' lists the commands\n", argv[1]);
		return 2;
	}
	return c->main(argc - 1, argv + 1);
}
