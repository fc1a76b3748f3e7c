/* SPDX-License-Identifier: MIT */
/*
 * TAP for the C self-tests that print their own (run by tests/run-bin.sh):
 * one test point per tap_ok(), counted; tap_end() prints the plan when it
 * comes last and gives main's exit status. Header-only: each self-test is
 * one binary.
 */
#ifndef VCT_TESTS_CTAP_H
#define VCT_TESTS_CTAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int tap_n, tap_failed;

__attribute__((format(printf, 2, 3))) static inline void tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	tap_failed += !cond;
	printf("%sok %u - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* main's exit status; with @plan_last, the plan "1..N" first (a plan at the end). */
static inline int tap_end(bool plan_last)
{
	if (plan_last)
		printf("1..%u\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
