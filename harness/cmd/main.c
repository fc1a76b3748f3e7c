/* SPDX-License-Identifier: MIT */
/*
 * The vct command.
 *   vct list                      virtio PCI functions here
 *   vct run TARGET [options]      run the suites, TAP 14 on stdout
 *   vct checks                    the check table
 *   vct refdev                    the reference device's types, options and quirks (TSV)
 *   vct clause ID [--spec-dir D]  one statement, with its sentence from a spec checkout
 * Exit: 0 no MUST-level failure; 1 a MUST-level check failed; 2 usage or
 * environment error (nothing touched); 3 a harness error (no MUST failure).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "coverage.h"
#include "list.h"
#include "refdev.h"
#include "report.h"
#include "runner.h"
#include "stmt.h"
#include "target.h"
#include "vfio.h"

/* vct fuzz / vct repro (fuzz/fuzz.mk); weak, so that a build without fuzz/ still links. */
int vct_cmd_fuzz(int argc, char **argv) __attribute__((weak));

static const char usage_text[] =
	"usage: vct list\n"
	"       vct run TARGET [--results DIR] [--label TEXT] [--only GLOB] [--timeout MS]\n"
	"                      [--check-timeout MS] [--known-quirks FILE] [--no-fork] [--allow-noiommu]\n"
	"       vct stress TARGET [--requests N | --time S] [--depth D] [--queue-size Q] [--packed] [--timeout MS]\n"
	"                         [--reads] [--blocks B] [--no-verify] [--irq]\n"
	"       vct checks [--verify | --format text|tsv]\n"
	"       vct refdev                          types, options and quirk catalog of the reference device\n"
	"       vct coverage [--format text|tsv|json] [--reasons]\n"
	"       vct clause ID [--spec-dir DIR]\n"
	"       vct report RESULT.json... [--out DIR] [--spec-dir DIR] | --diff OLD NEW | --matrix RESULT...\n"
	"       vct fuzz --device TARGET [--engine libfuzzer|afl|builtin] [--time SEC] [--jobs N] [--out DIR]\n"
	"       vct fuzz --print FILE... | --encode TEXT OUT | --roundtrip FILE...\n"
	"       vct repro FILE [--device TARGET]\n"
	"\n"
	"TARGET is a PCI address bound to vfio-pci (0000:00:10.0) or the in-process\n"
	"reference device: refdev:TYPE[,quirk=NAME...][,OPTION...] with TYPE rng, blk, net or console\n"
	"(options and quirks: vct refdev).\n"
	"Exit status: 0 no MUST-level failure, 1 a MUST-level check failed, 2 usage or\n"
	"environment error (nothing was touched), 3 harness error.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("vct: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("; see 'vct --help'\n", stderr);
	return 2;
}

static int cmd_checks(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--verify")) {
		int n = vct_checks_verify(stderr);

		if (n)
			fprintf(stderr, "vct: %d problem%s in the check tables\n", n, n == 1 ? "" : "s");
		return n ? 1 : 0;
	}
	bool tsv = argc == 3 && !strcmp(argv[1], "--format") && !strcmp(argv[2], "tsv");

	if (argc > 1 && !tsv && !(argc == 3 && !strcmp(argv[1], "--format") && !strcmp(argv[2], "text")))
		return usage_error("unknown option '%s' for checks (--verify, --format text|tsv)", argv[1]);
	for (unsigned int s = 0; s < vct_nsuites; s++)
		for (unsigned int i = 0; i < vct_suites[s]->n; i++) {
			const struct vct_check *c = &vct_suites[s]->checks[i];
			const struct vct_stmt *st = vct_stmt_find(c->stmt);

			const char *kind, *why = vct_check_uncounted(c, &kind);

			/*
			 * tsv: name, statement, level, why refdev cannot exercise it ("-": it can),
			 * why it does not count as coverage ("kind: reason"; "-": it counts)
			 */
			if (tsv)
				printf("%s\t%s\t%s\t%s\t%s%s%s\n", c->name, c->stmt, st ? vct_level_name(st->level) : "?",
				       c->unexercisable ? c->unexercisable : "-", why ? kind : "-", why ? ": " : "",
				       why ? why : "");
			else
				printf("%-40s %-11s %-9s %s\n", c->name, c->stmt, st ? vct_level_name(st->level) : "?",
				       st ? st->label : "(unknown statement)");
		}
	return 0;
}

static int cmd_coverage(int argc, char **argv)
{
	enum vct_cov_format f = VCT_COV_TEXT;
	bool reasons = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reasons")) {
			reasons = true;
		} else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			i++;
			if (!strcmp(argv[i], "text"))
				f = VCT_COV_TEXT;
			else if (!strcmp(argv[i], "tsv"))
				f = VCT_COV_TSV;
			else if (!strcmp(argv[i], "json"))
				f = VCT_COV_JSON;
			else
				return usage_error("coverage takes --format text|tsv|json, not '%s'", argv[i]);
		} else {
			return usage_error("%scoverage takes --format text|tsv|json and --reasons", "");
		}
	}
	return vct_coverage(stdout, f, reasons);
}

static int cmd_clause(int argc, char **argv)
{
	const char *spec_dir = NULL, *id = NULL;
	const struct vct_stmt *st;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--spec-dir") && i + 1 < argc)
			spec_dir = argv[++i];
		else if (argv[i][0] == '-')
			return usage_error("unknown option '%s' for clause", argv[i]);
		else
			id = argv[i];
	}
	if (!id)
		return usage_error("%sclause needs a statement id (see 'vct checks')", "");
	st = vct_stmt_find(id);
	if (!st)
		return usage_error("no statement '%s' in the table (ids look like D-1a2b3c4d)", id);
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
					printf("check:    %s (not counted, %s: %s)\n", vct_suites[s]->checks[i].name, kind, why);
				else
					printf("check:    %s\n", vct_suites[s]->checks[i].name);
			}
	if (spec_dir) {
		int r = vct_stmt_show(st, spec_dir, stdout);

		if (r) {
			fprintf(stderr, "vct: cannot show %s from %s: %s\n", id, spec_dir, strerror(-r));
			return 2;
		}
	}
	return 0;
}

static int parse_ms(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v <= 0 || v > 3600000)
		return -1;
	*out = (int)v;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "results", required_argument, 0, 'r' }, { "label", required_argument, 0, 'l' },
		{ "only", required_argument, 0, 'o' }, { "timeout", required_argument, 0, 't' },
		{ "check-timeout", required_argument, 0, 'T' }, { "known-quirks", required_argument, 0, 'k' },
		{ "no-fork", no_argument, 0, 'n' }, { "allow-noiommu", no_argument, 0, 'N' }, { 0, 0, 0, 0 },
	};
	struct vct_run_opts o = { .check_timeout_ms = 60000, .wait_ms = 3000, .tap = stdout };
	struct vct_vfio_opts vo = { 0 };
	struct vct_known_quirk *known = NULL;
	struct vct_transport *t = NULL;
	struct vct_summary sum;
	struct vct_vdev vd;
	char err[512] = "";
	const char *quirks_file = NULL;
	int opt, r;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'r': o.results_dir = optarg; break;
		case 'l': o.label = optarg; break;
		case 'o': o.only = optarg; break;
		case 't':
			if (parse_ms(optarg, &o.wait_ms))
				return usage_error("--timeout wants milliseconds, not '%s'", optarg);
			break;
		case 'T':
			if (parse_ms(optarg, &o.check_timeout_ms))
				return usage_error("--check-timeout wants milliseconds, not '%s'", optarg);
			break;
		case 'k': quirks_file = optarg; break;
		case 'n': o.nofork = true; break;
		case 'N': vo.allow_noiommu = true; break;
		default: return usage_error("%sbad option for run", "");
		}
	}
	if (optind + 1 != argc)
		return usage_error("%srun needs exactly one TARGET (a PCI address or refdev:TYPE)", "");
	if (quirks_file && vct_known_quirks_load(quirks_file, &known, &o.nknown, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	o.known = known;

	r = vct_target_open(argv[optind], &vo, &t, err, sizeof(err));
	if (r) {
		fprintf(stderr, "vct: %s\n", err);
		free(known);
		return 2;
	}
	r = __vct_vdev_probe(t, &vd, err, sizeof(err));
	if (r) {
		fprintf(stderr, "vct: %s\n", err);
		vct_transport_close(t);
		free(known);
		return 2;
	}
	vct_run_suites(&vd, &o, &sum);
	vct_device_quiesce(&vd);
	vct_transport_close(t);
	free(known);
	if (o.results_dir)
		fprintf(stderr, "vct: results in %s/result.json\n", o.results_dir);
	return sum.must_fail ? 1 : sum.error ? 3 : 0;
}

int vct_cmd_stress(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vct %s (statements %s)\n", VCT_VERSION, vct_stmts_version);
		return 0;
	}
	if (!strcmp(argv[1], "list"))
		return argc == 2 ? vct_list(stdout) : usage_error("%slist takes no arguments", "");
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "stress"))
		return vct_cmd_stress(argc - 1, argv + 1);
	if (!strcmp(argv[1], "checks"))
		return cmd_checks(argc - 1, argv + 1);
	if (!strcmp(argv[1], "coverage"))
		return cmd_coverage(argc - 1, argv + 1);
	if (!strcmp(argv[1], "refdev") && argc == 2) {
		vct_refdev_catalog(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "clause"))
		return cmd_clause(argc - 1, argv + 1);
	if (!strcmp(argv[1], "report"))
		return vct_report_main(argc - 1, argv + 1);
	if ((!strcmp(argv[1], "fuzz") || !strcmp(argv[1], "repro")) && vct_cmd_fuzz)
		return vct_cmd_fuzz(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", argv[1]);
}
