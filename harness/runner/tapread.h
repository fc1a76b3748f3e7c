/* SPDX-License-Identifier: MIT */
/*
 * Reading vct's own TAP points back (crash isolation in the test bed): a
 * guest that died with its device leaves the points it had finished only in
 * the journal (vct run --journal); the resumed run (--resume-tap) reads them
 * so its result file and summary hold the whole device, not only the points
 * after the crash.
 */
#ifndef VCT_TAPREAD_H
#define VCT_TAPREAD_H

#include <stdio.h>

#include "check.h"

struct vct_tap_in {
	char name[128];		/* the check's name */
	struct vct_result res;	/* outcome, reason, verdict, health, device statement, evidence, duration */
};

/*
 * Call @fn for every test point of @f, in the format vct_tap_point() writes
 * (other lines are skipped). Returns the number of points.
 */
int vct_tap_read(FILE *f, void (*fn)(void *arg, const struct vct_tap_in *p), void *arg);

#endif
