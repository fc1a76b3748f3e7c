/* SPDX-License-Identifier: MIT */
/*
 * The health probe: what a device is left in after a driver broke a rule
 * (a robustness case, suites/robust/, or a fuzz program). Shared by the
 * robustness runner and the fuzzer, so one device state gets one verdict
 * whoever provoked it.
 *
 * In order:
 *  1. corrupted: a canary after any DMA buffer of the device changed, or a
 *     buffer the caller lists as device-readable (or a descriptor table) no
 *     longer has its checksum;
 *  2. DEVICE_NEEDS_RESET: read from device_status, and with DRIVER_OK
 *     whether the configuration change notification came with it (the
 *     device MUST send one then, D-81f6138b);
 *  3. optionally, a well-formed request on the caller's still-running
 *     bring-up (in->live), before any reset: completing it is "handled";
 *  4. a virtio reset, a fresh bring-up and the device type's well-formed
 *     request (suites/types/ request models): works = handled or
 *     needs-reset; does not = wedged, after which a function-level reset
 *     and the request once more say whether that brings it back.
 * crashed is not the probe's: the runner (the device's process died) or the
 * test bed (QEMU died) decides it.
 *
 * The probe resets the device (step 4) but releases nothing: its fresh
 * bring-up adds queues and buffers next to the caller's, and the caller
 * releases them all (vct_dev_release) when it is done with the device.
 */
#ifndef VCT_SUITES_HEALTH_H
#define VCT_SUITES_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "drive.h"

struct vct_health_in {
	/* A bring-up still running whose queue @live_q can take a well-formed request before any reset; NULL: none. */
	struct vct_bringup *live;
	uint16_t live_q;
	/* Memory the device must not write: buffers it may only read, descriptor tables (with their checksums when posted). */
	struct vct_dma_buf *const *readable;
	const uint32_t *sums;
	const char *const *stmts;	/* the device-side statement a write into each breaks (NULL: D-d61ea6f6) */
	unsigned int nreadable;
	/*
	 * The caller checked the memory itself (step 1 is skipped): the fuzzer,
	 * whose descriptors may let the device write past an allocation into its
	 * canary, knows which bytes the device was allowed to change.
	 */
	bool memory_checked;
	/*
	 * Step 4's fresh bring-up leaves every vector at NO_VECTOR and the probe
	 * polls (the fuzzer, which probes after every program: binding MSI-X
	 * through VFIO each time costs more than the program itself).
	 */
	bool polled;
	/* Step 3's wait, when shorter than the probe's (0: the same): a slow answer there only costs the reset path. */
	int live_ms;
	/*
	 * Step 2 does not wait for the configuration change notification: the
	 * caller does not judge it (the fuzzer: a program maps its own vectors,
	 * the configuration's often to none), so up to a second of waiting for
	 * one would buy nothing.
	 */
	bool no_notification;
};

struct vct_health {
	enum vct_verdict verdict;
	bool needs_reset;	/* DEVICE_NEEDS_RESET read when the probe began */
	bool driver_ok;		/* ... with DRIVER_OK set */
	bool notified;		/* ... and a configuration change notification had come */
	bool live_tried, live_ok;	/* step 3 */
	bool flr_tried, flr_recovers;	/* wedged: a function-level reset tried, and it brought the device back */
	bool no_request;	/* the type has no request the device completes on its own: steps 3-4 check the status only */
	/* What decided a verdict other than handled, for evidence. */
	char what[96], expected[96], seen[192];
	/* The device-side statement the evidence breaks (corruption: D-d61ea6f6; a silent NEEDS_RESET: D-81f6138b), else NULL. */
	const char *dstmt;
};

/*
 * Probe @vd (see above), each wait bounded by @timeout_ms. @in may be NULL.
 * Never fails: a device that cannot be probed is wedged, with the evidence.
 */
void vct_health_probe(struct vct_dev *vd, const struct vct_health_in *in, int timeout_ms, struct vct_health *h);
/* One line for TAP / reports: "DEVICE_NEEDS_RESET with its notification; works after a virtio reset". */
void vct_health_note(const struct vct_health *h, char *buf, size_t n);

#endif
