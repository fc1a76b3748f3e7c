/* SPDX-License-Identifier: MIT */
/*
 * The runner's backstop (issue 10 item 4): a check killed at --check-timeout
 * is a harness error, unless it was provably stuck in the device: inside a
 * bounded device wait whose deadline had passed long before the kill. Three
 * checks of its own, run through vct_run_suites() on the reference device;
 * prints TAP, exit status 0 iff all passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "target.h"
#include "util.h"

/* Slow or stuck in vct, outside any device wait. */
static void slow_outside_wait(struct vct_ctx *c)
{
	for (;;)
		pause();
}

/* In a device wait that still has 10 s to go: the device is not late yet. */
static void stuck_in_young_wait(struct vct_ctx *c)
{
	vct_wait_enter(vct_now_ms() + 10000);
	for (;;)
		pause();
}

/* In a device wait whose deadline passed: the access it made never returned. */
static void stalled_in_expired_wait(struct vct_ctx *c)
{
	vct_wait_enter(vct_now_ms() + 50);
	for (;;)
		pause();
}

static void quick(struct vct_ctx *c)
{
	vct_report(c, true, "nothing", "nothing", "nothing");
}

static const struct vct_check checks[] = {
	VCT_CHECK("backstop.slow_outside_wait", "D-e96f18da", slow_outside_wait),
	VCT_CHECK("backstop.stuck_in_young_wait", "D-e96f18da", stuck_in_young_wait),
	VCT_CHECK("backstop.stalled_in_expired_wait", "D-e96f18da", stalled_in_expired_wait),
	VCT_CHECK("backstop.quick", "D-e96f18da", quick),
};
static VCT_SUITE(suite, "backstop", checks);
const struct vct_suite *const vct_suites[] = { &suite };
const unsigned int vct_nsuites = 1;
/* The runner also reaches the robustness table (vct run --robustness): none here. */
const struct vct_suite *const vct_robust_suites[] = { &suite };
const unsigned int vct_nrobust_suites = 0;

static int n, bad;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	bad += !cond;
}

int main(void)
{
	struct vct_vfio_opts vo = { 0 };
	struct vct_dev *vd;
	struct vct_summary sum;
	char err[256], *tap = NULL;
	size_t taplen = 0;
	FILE *f = open_memstream(&tap, &taplen);
	/* 1500 ms: the expired wait is 1450 ms past its deadline at the kill, beyond the 1000 ms grace. */
	struct vct_run_opts o = { .check_timeout_ms = 1500, .wait_ms = 50, .tap = f, .tap_version = 14 };
	const char *p;

	if (!f || vct_dev_open("refdev:rng", &vo, VCT_BIND_DRIVE, &vd, err, sizeof(err))) {
		printf("1..1\nnot ok 1 - reference device: %s\n", err);
		return 1;
	}
	printf("1..6\n");
	ok(vct_run_suites(vd, &o, &sum) == 0, "the run completes");
	fclose(f);
	ok(sum.error == 2, "killed outside a wait, or in a wait not run out: harness errors");
	ok(sum.fail == 1 && sum.must_fail == 1, "killed in a wait 1.4 s past its deadline: the device's failure");
	ok(sum.pass == 1, "the check after the kills still runs");
	p = strstr(tap, "backstop.slow_outside_wait");
	ok(p && strstr(p, "outcome: harness-error") && strstr(p, "raise --check-timeout"),
	   "the harness error says what to do");
	p = strstr(tap, "backstop.stalled_in_expired_wait");
	ok(p && strstr(p, "outcome: fail") && strstr(p, "after its deadline; the device stopped answering"),
	   "the failure's evidence says the device stalled inside a wait");
	if (bad)
		fputs(tap, stdout);
	free(tap);
	vct_device_quiesce(vd);
	vct_dev_close(vd);
	return bad ? 1 : 0;
}
