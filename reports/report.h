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
	const char *started, *ended, *offered_hex;
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

/* Escaping. */
void rp_html(FILE *f, const char *s);
void rp_md(FILE *f, const char *s);	/* for a Markdown table cell or line */
void rp_xml(FILE *f, const char *s);	/* attribute- and text-safe */
void rp_html_head(FILE *f, const char *title);
void rp_html_tail(FILE *f);

/* Mitigations (report_mitig.c): the one table check/statement -> driver workaround. */
struct rp_mitigation {
	const char *match;	/* fnmatch() glob on the check name, or a statement id */
	const char *clear;	/* feature names to clear, comma-separated, or NULL */
	const char *workaround;	/* what a driver does instead, in a sentence */
};
const struct rp_mitigation *rp_mitigation_for(const char *check, const char *stmt_id);
/* Feature bits of m->clear as a mask, for device type; *unknown counts names without a bit. */
void rp_mitigation_mask(const struct rp_mitigation *m, unsigned type, uint64_t mask[2]);

/* Comparisons (report_cmp.c). */
int rp_diff(const char *old_path, const char *new_path, const char *out_dir);
int rp_matrix(char **paths, int n, const char *out_dir);
int rp_write_file(const char *dir, const char *name, const char *data, size_t len);

#endif
