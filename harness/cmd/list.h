/* SPDX-License-Identifier: MIT */
#ifndef VCT_LIST_H
#define VCT_LIST_H
#include <stdio.h>
int vct_list(FILE *out);
#endif
