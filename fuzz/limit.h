/* SPDX-License-Identifier: MIT */
/*
 * A device's speed limit for fuzzing (fuzz/limit.c): the rate of the
 * cheapest complete execution, reset -> DRIVER_OK with one queue -> one
 * well-formed request -> its used entry reaped, measured on the device
 * itself. `vct fuzz` measures it before a black-box campaign and reports
 * its own rate against it (summary.txt: limit_per_sec, ratio).
 */
#ifndef VCT_FUZZ_LIMIT_H
#define VCT_FUZZ_LIMIT_H

#include <stdint.h>

struct vct_dev;

struct fz_limit {
	unsigned int cycles;	/* measured */
	double mean_us;		/* per cycle */
	double per_sec;		/* 1e6 / mean_us */
	double lat_mean_us;	/* notify -> used entry seen, mean */
	double lat_median_us;	/* ... median: the device's own answer time, where the mean also holds the host's stalls */
	uint64_t lat_max_us;
	/*
	 * Register accesses (each an exit into an emulated device) per cycle,
	 * and the mean time of one device_status read on the idle device after
	 * the cycles: with fz_time's accesses per execution, how much of the
	 * ratio the register accesses alone set (summary.txt: registers).
	 */
	double acc_per_cycle;
	double reset_us, bringup_us;	/* per cycle: the reset (0 written, 0 read back), the bring-up after it to the notification */
	double read_us;
	uint16_t queue;
	char request[96];	/* the request model's what */
	char why[256];		/* when it could not be measured */
};

/*
 * Run at least @cycles cycles for at least @min_ms (or as many as fit in
 * @max_ms) on @vd, bound and otherwise idle; its queues and buffers stay
 * allocated (vct_dev_release frees them, the caller's). 0, or -errno with
 * the reason in l->why (a type without a request the device completes on
 * its own: -ENOTSUP).
 */
int fz_limit_measure(struct vct_dev *vd, unsigned int cycles, unsigned int min_ms, unsigned int max_ms, struct fz_limit *l);
/*
 * @l becomes the mean of itself and a later measurement @later (the campaign
 * measures before and after: the host's load moves): the rate, the cycle's
 * mean time, the register read, accesses, reset and bring-up averaged, the
 * cycles summed. The latencies stay @l's.
 */
void fz_limit_merge(struct fz_limit *l, const struct fz_limit *later);

#endif
