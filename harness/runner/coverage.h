/* SPDX-License-Identifier: MIT */
/* The map from spec statements to checks: validation of the check tables and `vct coverage`. */
#ifndef VCT_COVERAGE_H
#define VCT_COVERAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "stmt.h"

/*
 * Every check names a statement that exists and is device-side, and no two
 * checks claim one statement unless the later one says why (.shared); a
 * coverage marker (.proxy, .analogy) carries a reason.
 * Prints one line per problem; returns the number of problems.
 */
int vct_checks_verify(FILE *out);

/*
 * The checkable classes (spec-refs/README.md): `blackbox` and `host-action`.
 * Other classes (fault, transport, legacy, unobservable) carry a reason.
 */
bool vct_stmt_checkable(const struct vct_stmt *st);

/*
 * Why a check does not count as coverage of its statement, or NULL when it
 * does. *kind is set to "proxy", "by analogy", "not exercisable on refdev"
 * or the statement's class.
 */
const char *vct_check_uncounted(const struct vct_check *c, const char **kind);

/* A checkable statement named by at least one check that counts. */
bool vct_stmt_checked(const struct vct_stmt *st);

enum vct_cov_format { VCT_COV_TEXT, VCT_COV_TSV, VCT_COV_JSON };
/*
 * Per area (chapter, device type, transport), per level class: total /
 * checkable / checked, the checks that do not count, and the summary lines.
 * With reasons, instead: every device-side statement outside the checkable
 * classes with its class and reason (text and tsv; json always has them).
 */
int vct_coverage(FILE *out, enum vct_cov_format fmt, bool reasons);

#endif
