/* SPDX-License-Identifier: MIT */
/*
 * TAP writer: streamed, flushed per test point. The stream is TAP 14 and
 * uses nothing a TAP 13 parser would misread (YAML blocks, SKIP and TODO
 * directives are 13's too), so --tap-version 13 changes only the version line.
 */
#ifndef VCT_TAP_H
#define VCT_TAP_H

#include <stdio.h>

#include "check.h"

/* The version line (13 or 14; anything else is 14) and the plan. */
void vct_tap_begin(FILE *f, int version, unsigned int plan);
void vct_tap_comment(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vct_tap_point(FILE *f, unsigned int n, const struct vct_check *chk, const struct vct_stmt *st,
		   const struct vct_result *r);
/* A YAML double-quoted scalar with escapes. */
void vct_yaml_str(FILE *f, const char *s);

#endif
