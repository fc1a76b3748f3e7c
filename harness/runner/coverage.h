/* SPDX-License-Identifier: MIT */
/* The map from spec statements to checks: validation of the check tables and `vct coverage`. */
#ifndef VCT_COVERAGE_H
#define VCT_COVERAGE_H

#include <stdio.h>

/*
 * Every check names a statement that exists and is device-side, and no two
 * checks claim one statement unless the later one says why (.shared).
 * Prints one line per problem; returns the number of problems.
 */
int vct_checks_verify(FILE *out);

enum vct_cov_format { VCT_COV_TEXT, VCT_COV_TSV, VCT_COV_JSON };
/* Per area (chapter, device type, transport), per level class: total / black-box / checked. */
int vct_coverage(FILE *out, enum vct_cov_format fmt);

#endif
