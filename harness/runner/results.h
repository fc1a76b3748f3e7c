/* SPDX-License-Identifier: MIT */
/*
 * The machine-readable result of a run (schema "vct-result", version 2):
 * rewritten atomically after every check, marked "complete": false until the
 * run ends, so an interrupted run still leaves a valid partial result.
 */
#ifndef VCT_RESULTS_H
#define VCT_RESULTS_H

#include "check.h"

/*
 * Version 2: a robustness run (`mode`) keys checks[] to driver-side
 * statements, with a verdict each; readers accept version 1 files too.
 */
#define VCT_RESULT_SCHEMA_VERSION 2
#define VCT_RESULT_SCHEMA_OLDEST 1

struct vct_results;
struct vct_summary;

struct vct_dev_names;

/* @names: the device's PCI names as the caller looked them up (runner.h). */
struct vct_results *vct_results_open(const char *dir, const struct vct_dev *vd, const char *label,
				     const struct vct_dev_names *names);
void vct_results_add(struct vct_results *r, const struct vct_check *chk, const struct vct_stmt *st,
		     const struct vct_result *res);
/* Mark the result as a robustness run (mode "robustness", verdict counts in the summary). */
void vct_results_robust(struct vct_results *r);
/* 0, or the first error (-errno) met writing the file during the run: the result is not complete then. */
int vct_results_close(struct vct_results *r, const struct vct_summary *sum);

#endif
