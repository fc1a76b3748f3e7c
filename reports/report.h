/* SPDX-License-Identifier: MIT */
/*
 * `vct report`: per-vendor, per-device reports (HTML, Markdown, JUnit XML)
 * from result.json files of schema vct-result v1, and comparisons of results
 * (--diff OLD NEW, --matrix R...). See reports/SCHEMA.md and README.md.
 *
 * Bad input is reported on stderr and marked in the output; only when no
 * result could be rendered at all does the command fail (exit 2).
 */
#ifndef VCT_REPORT_H
#define VCT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "report_doc.h"
#include "report_esc.h"
#include "stmt.h"

/* What `vct report` was asked (parsed and validated by its option table in harness/main.c). */
struct vct_report_args {
	const char *out, *spec_dir;
	bool diff, matrix;
	char **results;		/* result.json files, or folders holding one */
	unsigned int nresults;	/* --diff: exactly 2 */
};

/* 0 when something was rendered, 2 when nothing could be. */
int vct_report_run(const struct vct_report_args *a);

/* ---- shared between report*.c ------------------------------------------------ */

enum rp_level { RP_MUST, RP_SHOULD, RP_MAY, RP_NLEVEL };

struct rp_check {
	const char *name, *stmt_id, *level, *clause, *outcome, *reason;
	const struct vct_json *evidence;	/* array or NULL */
	const struct vct_stmt *st;		/* NULL: statement unknown to this vct */
	enum rp_level lc;
	double ms;
	int cause;	/* index into rp_result.causes, or -1: failed on its own */
	/* Schema v2, robustness cases (and checks during which the device died): NULL when absent. */
	const char *verdict, *severity, *health, *dstmt;
};

/*
 * A probable root cause shared by several failures (report_cause.c): they all
 * stopped at the same harness-level step (the same validation or bring-up
 * step, in vct's own code rather than in their check), so one device defect
 * explains them all. Shown once, with the dependent checks folded under it.
 */
struct rp_cause {
	const char *what, *expected, *at;	/* the step, from the deciding evidence */
	size_t *checks;				/* indexes into rp_result.c, run order */
	size_t n;
};

struct rp_result {
	const char *path;
	struct vct_json *root;
	bool usable;		/* something could be rendered */
	bool complete;
	char **problems;	/* what is not valid / not rendered, one line each */
	size_t nproblems;

	/* device */
	const char *address, *transport, *type_name, *label, *target, *vct_version, *spec_version;
	const char *implementation;	/* the back end's program (vhost-user), or NULL */
	const char *started, *ended, *offered_hex;
	const char *mode;	/* "conformance" or "robustness" (schema v2; NULL in v1 files: conformance) */
	char pci_id[16], subsystem[16];
	uint16_t ven, dev, sven, sdev;
	bool ids_ok;
	unsigned type;
	uint64_t offered[2];
	bool offered_ok;
	char vendor_name[128], device_name[160], subsystem_name[160];
	const char *names_source;

	struct rp_check *c;
	size_t nc;
	size_t ninvalid;	/* check entries that could not be read */
	const struct vct_json *findings, *stress;
	struct rp_cause *causes;
	size_t ncauses;

	/* counts by level class and outcome */
	unsigned fail[RP_NLEVEL], quirk[RP_NLEVEL], pass[RP_NLEVEL], skip[RP_NLEVEL], error;

	char vendor_dir[96], device_dir[192];	/* relative to the output folder */
	char title[400];
};

/* Load and validate one file; problems are recorded in r and printed on stderr. */
void rp_load(struct rp_result *r, const char *path);
void rp_free(struct rp_result *r);
const struct rp_check *rp_find(const struct rp_result *r, const char *name);
bool rp_is_failure(const char *outcome);	/* "fail" or "known-quirk" */

/* Group the failures of r by probable root cause (fills r->causes and each check's cause). */
void rp_group_causes(struct rp_result *r);


/* Mitigations (report_mitig.c): the one table check/statement -> driver workaround. */
struct rp_mitigation {
	const char *match;	/* fnmatch() glob on the check name, or a statement id */
	const char *clear;	/* feature names to clear, comma-separated, or NULL */
	const char *workaround;	/* what a driver does instead, in a sentence */
};
const struct rp_mitigation *rp_mitigation_for(const char *check, const char *stmt_id);
/* For a root cause: a row matching "@" + the step's "what", else NULL. */
const struct rp_mitigation *rp_mitigation_for_cause(const struct rp_cause *cause);
/* Feature bits of m->clear as a mask, for device type; *unknown counts names without a bit. */
void rp_mitigation_mask(const struct rp_mitigation *m, unsigned type, uint64_t mask[2]);

/*
 * One line of a quirk sheet: a deviation a driver has to work around, either
 * one failed check or a root cause with the checks it explains. The same
 * model feeds the HTML and Markdown sheets and quirks.tsv.
 */
struct rp_quirk {
	const struct rp_result *r;
	const struct rp_check *c;	/* the failed check, or the first one of the cause */
	const struct rp_cause *cause;	/* NULL: c alone */
	const struct rp_mitigation *m;
	uint64_t mask[2];		/* feature bits to clear */
};
/* The quirks of one result, in run order; *n is set. Free with free(). */
struct rp_quirk *rp_quirks(const struct rp_result *r, size_t *n);
/* The same deviation (for the combined sheet): same cause or check, same mask. */
bool rp_quirk_same(const struct rp_quirk *a, const struct rp_quirk *b);

/* Pages (report_page.c) over the document model, and JUnit XML (report_junit.c). */
const char *rp_verdict(const struct rp_result *r, const char **cls);
char *rp_reproducer(const struct rp_result *r, const struct rp_check *c);	/* malloc'd */
const char *rp_summary_of(const struct rp_check *c);
void rp_mask_names(char *buf, size_t n, unsigned type, const uint64_t m[2], const char *sep);
void rp_device_page(struct rp_doc *d, const struct rp_result *r, const char *spec_dir);
void rp_combined_sheet(struct rp_doc *d, const struct rp_result *rs, size_t n);
void rp_junit_open(FILE *f, const struct rp_result *rs, size_t n);
void rp_junit_suite(FILE *f, const struct rp_result *r);

/* Comparisons (report_cmp.c). */
int rp_diff(const char *old_path, const char *new_path, const char *out_dir);
int rp_matrix(char **paths, int n, const char *out_dir);
int rp_write_file(const char *dir, const char *name, const char *data, size_t len);

#endif
