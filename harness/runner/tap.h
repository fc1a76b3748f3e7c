/* SPDX-License-Identifier: MIT */
/* TAP version 14 writer: streamed, flushed per test point. */
#ifndef VCT_TAP_H
#define VCT_TAP_H

#include <stdio.h>

#include "check.h"

void vct_tap_begin(FILE *f, unsigned int plan);
void vct_tap_comment(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vct_tap_point(FILE *f, unsigned int n, const struct vct_check *chk, const struct vct_stmt *st,
		   const struct vct_result *r);
/* A YAML double-quoted scalar with escapes. */
void vct_yaml_str(FILE *f, const char *s);

#endif
