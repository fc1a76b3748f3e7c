/* SPDX-License-Identifier: MIT */
/*
 * Clause-keyed checks. Suites declare checks as table rows (VCT_CHECK) keyed
 * to a statement id of spec-refs/; the runner runs each one in a forked child
 * under a timeout and streams TAP.
 *
 * Inside a check body:
 *  - vct_report() records a device (non-)conformance and goes on;
 *  - vct_require() records it and ends the check when the device failed
 *    something later steps depend on;
 *  - vct_skip() ends the check as not applicable, with the reason, which
 *    starts with whose limit it is: "not offered: " (the device did not
 *    offer a feature the check needs), "spec: " (the spec gives this device
 *    type no such request or behaviour), "host action: " (the check needs an
 *    event from the device's host that this target cannot produce yet) or
 *    "device: " (the device legitimately did something that makes the
 *    check moot). tests/ hold every SKIP of a refdev and test-bed run to it;
 *  - vct_abort() ends the check as a harness error (vct's own fault or its
 *    environment), with where. It is never used for device behaviour.
 */
#ifndef VCT_CHECK_H
#define VCT_CHECK_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "devtype.h"
#include "stmt.h"
#include "dev.h"

struct vct_ctx;

/*
 * What a check needs from the device type (struct vct_check .needs). The
 * runner looks the type up in the device-type table (devtype.h) and SKIPs,
 * with the row's prefixed reason, a check whose need the type cannot meet,
 * so checks never list device types.
 */
enum {
	VCT_NEED_WRITING = 1 << 0,	/* a request the device answers by writing */
	VCT_NEED_READING = 1 << 1,	/* a request that makes the device read driver data */
	VCT_NEED_REQUEST = 1 << 2,	/* any request the device completes on its own */
};

/*
 * Whether device type @type can meet a check's VCT_NEED_* bits; when not,
 * @why gets the prefixed SKIP reason. Implemented by the suites' request
 * models (suites/types/).
 */
bool vct_req_need_met(uint16_t type, unsigned int needs, char *why, size_t n);

struct vct_check {
	const char *name;	/* "status.reset_reads_zero": unique within vct */
	const char *stmt;	/* statement id from spec-refs/ */
	const char *shared;	/* why a second check claims the same statement, else NULL */
	uint16_t type;		/* a device type's own chapter: its device id; 0 = generic */
	unsigned int needs;	/* VCT_NEED_* */
	void (*run)(struct vct_ctx *c);
	/*
	 * Why no reference-device quirk can make this check fail (it needs a
	 * property of real hardware refdev does not model), else NULL. Such a
	 * check is left out of the mutation gate's total and out of coverage.
	 */
	const char *unexercisable;
	/*
	 * Coverage markers (spec-refs/README.md, "What counts as checked"). A
	 * marked check runs and reports like any other, but does not make its
	 * statement count as checked in `vct coverage`, which lists it with the
	 * reason (so does .unexercisable above). Leave both NULL for a check that
	 * can fail on a real device.
	 *  proxy:   the check's trigger exists only inside refdev (a back door a
	 *           real device does not have); delete the marker once a real
	 *           trigger (a host-side action) drives the check.
	 *  analogy: the check applies its statement by analogy (e.g. a split-ring
	 *           sentence checked on the packed ring), or tests only a
	 *           consequence of it; a failure still cites the statement.
	 */
	const char *proxy;
	const char *analogy;
	/*
	 * Robustness cases (suites/robust/, `vct run --robustness`) only: .stmt
	 * is the driver-side statement (R-...) the case breaks on purpose, so
	 * nothing the device does is a failure of it; .dstmt is the device-side
	 * statement where the spec sets what the device does then (the case is
	 * also a conformance check of it), else NULL. A .destructive case may
	 * leave the device unusable (it hands the device sizes or memory far
	 * beyond what it was given: a 4 GiB chain, a used ring over the
	 * descriptor table; or a header cut short or an empty indirect table
	 * where implementations are known to crash) and runs after every other
	 * case, so a device it kills has answered the rest first.
	 */
	const char *dstmt;
	bool destructive;
};

#define VCT_CHECK(nm, id, fn, ...) { .name = nm, .stmt = id, .run = fn, __VA_ARGS__ }
/* A robustness case: @rid the driver-side statement it violates (see .dstmt). */
#define VCT_CASE(nm, rid, fn, ...) { .name = nm, .stmt = rid, .run = fn, __VA_ARGS__ }

struct vct_suite {
	const char *name;	/* "core", "pci", "rng", ... */
	const struct vct_check *checks;
	unsigned int n;
};

#define VCT_SUITE(sym, nm, table) \
	const struct vct_suite sym = { .name = nm, .checks = table, .n = sizeof(table) / sizeof(table[0]) }

extern const struct vct_suite *const vct_suites[];
extern const unsigned int vct_nsuites;
/* The robustness cases (suites/robust/): a table of their own, never counted as coverage. */
extern const struct vct_suite *const vct_robust_suites[];
extern const unsigned int vct_nrobust_suites;

enum vct_outcome {
	VCT_PASS,
	VCT_FAIL,
	VCT_SKIP,
	VCT_QUIRK,		/* failed, but a known-quirk entry covers it */
	VCT_ERROR,		/* harness error: says nothing about the device */
};

/*
 * What a robustness case left the device in, from the health probe after it
 * (suites/robust/health.h). handled and needs-reset are acceptable (`ok`);
 * the other three are `not ok` with a severity.
 */
enum vct_verdict {
	VCT_VERDICT_NONE,	/* not a robustness case, or it did not run */
	VCT_VERDICT_HANDLED,	/* completed or ignored the request and still works */
	VCT_VERDICT_NEEDS_RESET,	/* needed a reset (DEVICE_NEEDS_RESET, or stopped answering) and works after it */
	VCT_VERDICT_WEDGED,	/* a virtio reset does not bring it back */
	VCT_VERDICT_CRASHED,	/* its process died */
	VCT_VERDICT_CORRUPTED,	/* wrote outside the buffers it was given, or into device-readable memory */
};
const char *vct_verdict_name(enum vct_verdict v);
/* "critical", "high" for the bad verdicts, NULL for the acceptable ones. */
const char *vct_verdict_severity(enum vct_verdict v);
static inline bool vct_verdict_bad(enum vct_verdict v)
{
	return v >= VCT_VERDICT_WEDGED;
}

#define VCT_MAX_EVIDENCE 6

/*
 * Who judged a piece of evidence. A check's verdict is about its statement
 * only when its own assertion failed; a failure inside a shared driver step
 * (reset, negotiation, bring-up, queue setup, generic used-entry validation,
 * config read: harness/drive.c, harness/admin.c) says the device broke
 * something the check merely needed. Reports show both; the mutation gate
 * credits a check only for VCT_EV_CHECK evidence.
 */
enum vct_ev_origin {
	VCT_EV_CHECK,		/* an assertion of the check body or its suite's helpers */
	VCT_EV_STEP,		/* a shared driver step the check depends on */
	VCT_EV_BACKSTOP,	/* the runner killed a check that outran --check-timeout */
	VCT_EV_REMOVAL,		/* the runner saw the device leave during the check (hot-unplug, off the bus) */
};

struct vct_evidence {
	char what[96];
	char expected[96];
	char seen[192];
	const char *file;
	int line;
	enum vct_ev_origin origin;
};

/* Plain data only: a forked child sends it back to the runner through a pipe. */
struct vct_result {
	enum vct_outcome outcome;
	unsigned int nfail, npass;
	unsigned int nev;
	struct vct_evidence ev[VCT_MAX_EVIDENCE];
	char reason[256];	/* skip reason, harness error, quirk note */
	const char *file;	/* where a harness error was raised */
	int line;
	uint64_t ms;
	/* Robustness cases: the probe's verdict and what it saw (notes: "DEVICE_NEEDS_RESET with its notification", ...). */
	enum vct_verdict verdict;
	char vnote[160];
	/* A device-side statement the case's evidence breaks (its .dstmt, or one the probe found broken), else NULL. */
	const char *dstmt;
};

struct vct_ctx {
	struct vct_dev *vd;
	const struct vct_check *check;
	const struct vct_stmt *stmt;
	struct vct_result res;
	jmp_buf out;
	int timeout_ms;		/* per wait, for device responses */
	unsigned int steps;	/* shared driver steps entered and not left (vct_step_begin) */
	/* Robustness runs: the health probe, run in the case's process right after its body (sets res.verdict). */
	void (*after)(struct vct_ctx *c);
	void *scratch;		/* the robustness case's state the probe reads (suites/robust/robust.h) */
};

void __vct_report(struct vct_ctx *c, bool ok, const char *file, int line, const char *what,
		  const char *expected, const char *seen_fmt, ...) __attribute__((format(printf, 7, 8)));
_Noreturn void __vct_stop(struct vct_ctx *c, enum vct_outcome o, const char *file, int line, const char *fmt,
			  ...) __attribute__((format(printf, 5, 6)));

#define vct_report(c, ok, what, expected, ...) __vct_report(c, ok, __FILE__, __LINE__, what, expected, __VA_ARGS__)
#define vct_require(c, ok, what, expected, ...)                                              \
	do {                                                                                 \
		bool ok__ = (ok);                                                            \
		__vct_report(c, ok__, __FILE__, __LINE__, what, expected, __VA_ARGS__);      \
		if (!ok__)                                                                   \
			__vct_stop(c, VCT_FAIL, __FILE__, __LINE__, "stopped: %s", what);    \
	} while (0)
#define vct_skip(c, ...) __vct_stop(c, VCT_SKIP, __FILE__, __LINE__, __VA_ARGS__)
#define vct_abort(c, ...) __vct_stop(c, VCT_ERROR, __FILE__, __LINE__, __VA_ARGS__)
/*
 * Bracket a shared driver step: evidence recorded in between is marked
 * VCT_EV_STEP. A vct_require() that fails inside ends the check, so an
 * unbalanced begin only ever outlives a finished check.
 */
#define vct_step_begin(c) ((void)((c)->steps++))
#define vct_step_end(c) ((void)((c)->steps--))
const char *vct_ev_origin_name(enum vct_ev_origin o);
/* Numeric equality with both sides shown in hex. */
#define vct_expect_eq(c, what, exp, seen)                                                          \
	do {                                                                                       \
		unsigned long long e__ = (unsigned long long)(exp), s__ = (unsigned long long)(seen); \
		char eb__[32];                                                                     \
		snprintf(eb__, sizeof(eb__), "0x%llx", e__);                                       \
		__vct_report(c, e__ == s__, __FILE__, __LINE__, what, eb__, "0x%llx", s__);        \
	} while (0)

#endif
