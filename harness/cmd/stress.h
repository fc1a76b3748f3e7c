/* SPDX-License-Identifier: MIT */
/*
 * `vct stress`: keep a device's queues full for a request count or a time,
 * verify every byte that comes back, and report lost, duplicated, invalid and
 * corrupted requests with throughput.
 */
#ifndef VCT_STRESS_H
#define VCT_STRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "virtio_pci.h"

struct vct_stress_opts {
	uint64_t requests;	/* stop after this many completions (0: use seconds) */
	unsigned int seconds;	/* stop after this long (0: use requests) */
	unsigned int depth;	/* requests kept in flight per queue */
	uint16_t qsize;		/* queue size (0: device maximum) */
	int wait_ms;		/* a completion must come within this, or the rest is lost */
	bool packed;		/* ask for VIRTIO_F_RING_PACKED */
	bool reads;		/* blk: write the region once (not counted), then measure random reads only */
	bool no_verify;		/* skip pattern generation and comparison (benchmarks); status bytes,
				   used ids and lengths are still validated */
	bool irq;		/* MSI-X vector 0 on every queue: after a short spin, sleep on the
				   interrupt's eventfd instead of polling the used ring */
	uint32_t blocks;	/* blk: 4 KiB blocks in the region (0: 4096, or the capacity if smaller) */
};

struct vct_stress_result {
	uint64_t submitted, completed;
	uint64_t lost;		/* never completed within wait_ms */
	uint64_t invalid;	/* used entries the driver refused (unknown, repeated id, bad len) */
	uint64_t corrupted;	/* data that came back wrong */
	uint64_t errors;	/* device-reported request errors (status bytes) */
	uint64_t duplicated;	/* a payload received twice (net loopback) */
	uint64_t received;	/* net: numbered frames that came back intact */
	uint64_t bytes;		/* payload bytes moved */
	uint64_t notifies;
	uint64_t wakeups;	/* --irq: sleeps an interrupt ended */	/* split ring: available buffer notifications written (MMIO) */
	double seconds;		/* measured phase only (after a --reads prefill) */
	uint64_t prefilled;	/* blk --reads: blocks written before the measurement */
	double prefill_seconds;
	char first_problem[256];
};

/* 0 when it ran (verdict in @r), -errno when it could not start (@err says why). A non-NULL
 * @progress asks for the live status line (vct_progress(): standard error is a terminal). */
int vct_stress_run(struct vct_dev *vd, const struct vct_stress_opts *o, struct vct_stress_result *r, FILE *progress,
		   char *err, size_t errlen);

#endif
