/* SPDX-License-Identifier: MIT */
/* Runs the suites' checks against one device: forked child per check, timeout, reset between. */
#ifndef VCT_RUNNER_H
#define VCT_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"

struct vct_known_quirk {
	char match[64];		/* "1af4:1044", a transport name, or "*" */
	char key[64];		/* statement id or check name */
	char note[160];
};

/*
 * The device's PCI names for result.json. The runner does not name devices
 * itself: the caller looks them up (vct run: reports/report_ids.h), so the
 * results writer depends on no report code. NULL or "": unknown.
 */
struct vct_dev_names {
	const char *vendor, *device, *subsys_vendor, *subsystem;
	const char *source;	/* which database answered */
};

struct vct_run_opts {
	int check_timeout_ms;	/* backstop for a whole check */
	int wait_ms;		/* each wait for the device inside a check */
	bool nofork;
	const char *only;	/* fnmatch() pattern on check names, NULL = all */
	/*
	 * Checks matching @pause_before (NULL: none) wait @pause_ms after their
	 * journal line and before they start: a window in which the check is
	 * named but has not touched the device (a test bed's fault injection
	 * lands inside it, whatever the machine's load).
	 */
	const char *pause_before;
	unsigned int pause_ms;
	const char *label;
	const char *results_dir;	/* NULL: no result file */
	const struct vct_known_quirk *known;
	unsigned int nknown;
	FILE *tap;
	int tap_version;	/* 13 or 14: the version line only (0: 14) */
	bool progress;		/* live status line on stderr (a terminal) */
	struct vct_dev_names names;	/* for result.json */
	/*
	 * --robustness: run the robustness cases (vct_robust_suites) instead of
	 * the conformance suites, with @after (the health probe) after each
	 * case in the case's process.
	 */
	bool robust;
	void (*after)(struct vct_ctx *c);
	/*
	 * Crash isolation (the test bed): @journal (NULL: none) gets a line
	 * "vct-run-check NAME STATEMENT LEVEL" before every check and a copy of
	 * its TAP point after it, so a device whose death takes vct with it
	 * (QEMU's process hosts the guest) still names the check that was
	 * running. @resume_after: a fresh boot after such a death: the checks up
	 * to it are not run again (their TAP came back through the journal),
	 * it is reported crashed with @crashed_msg (QEMU's own message) and
	 * the rest run, numbered as in the first run.
	 */
	FILE *journal;
	const char *resume_after;
	const char *crashed_msg;
	/*
	 * With @resume_after: a file of the TAP points the earlier boots'
	 * journals carried out (vct_tap_point format); they go into the counts,
	 * the exit status and the result file as this run's own, ahead of the
	 * rest, and are not printed again. NULL: none.
	 */
	const char *resume_tap;
	/* With @resume_after: the device did not die but stalled the whole guest during it (wedged, not crashed). */
	bool resume_wedged;
};

/* How long undoing a check's host-side actions may take. */
#define VCT_HOST_RESTORE_MS 20000

struct vct_summary {
	unsigned int pass, fail, skip, quirk, error, must_fail;
	unsigned int robust_bad;	/* cases (or checks) that ended wedged, crashed or corrupted */
	unsigned int verdicts[VCT_VERDICT_CORRUPTED + 1];
};

/* 0 when run; the verdict is in @sum. -errno when the results could not be written (the run still
 * completed and streamed TAP). */
int vct_run_suites(struct vct_dev *vd, const struct vct_run_opts *o, struct vct_summary *sum);
/* Parse a known-quirks file: "<match> <statement-or-check> <note>" per line. */
int vct_known_quirks_load(const char *path, struct vct_known_quirk **out, unsigned int *n, char *err,
			  size_t errlen);
/* vct run's exit status for a finished run (2, usage, comes earlier): 1, 3, 4 or 0, in that precedence. */
int vct_run_exit(const struct vct_summary *sum);
/* Return the device to a clean state after a check: virtio reset, FLR if stuck, DMA and IRQs off. */
void vct_device_quiesce(struct vct_dev *vd);

#endif
