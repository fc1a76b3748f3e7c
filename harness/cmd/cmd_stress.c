/* SPDX-License-Identifier: MIT */
/* `vct stress TARGET [...]`: sustained load with every byte verified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"
#include "stress.h"
#include "target.h"
#include "devtype.h"

struct stress_args {
	unsigned long long requests, time, depth, queue_size, timeout, blocks;
	bool packed, allow_noiommu, reads, no_verify, irq;
};

static int stress_main(int argc, char **argv);

#define A struct stress_args
static const struct vct_opt stress_opts[] = {
	VCT_OPT_UINT(A, requests, "requests", "N", "a count of requests", 1, 1ull << 40, 100000, 0,
		     "stop after N completed requests (the default when --time is not given)"),
	VCT_OPT_UINT(A, time, "time", "S", "seconds", 1, 86400 * 7, 0, 0,
		     "stop after S seconds instead of a request count"),
	VCT_OPT_UINT(A, depth, "depth", "D", "requests in flight", 1, 32768, 32, 0,
		     "requests kept in flight per queue (at most the queue size; blk: a third of it)"),
	VCT_OPT_UINT(A, queue_size, "queue-size", "Q", "descriptors", 1, 32768, 0, 0,
		     "queue size to set, at most the device's maximum; a power of 2 for split rings, as the spec "
		     "requires of drivers (default: the device's maximum)"),
	VCT_OPT_FLAG(A, packed, "packed", 0, "ask for VIRTIO_F_RING_PACKED and use packed rings"),
	VCT_OPT_UINT(A, timeout, "timeout", "MS", "milliseconds", 1, 3600000, 3000, 0,
		     "a completion must come within this, or the requests in flight are counted lost"),
	VCT_OPT_FLAG(A, reads, "reads", 0,
		     "block devices: write the region once (not counted), then measure random reads only"),
	VCT_OPT_UINT(A, blocks, "blocks", "B", "4 KiB blocks", 1, 1u << 30, 4096, 0,
		     "block devices: size of the region exercised (at most the capacity)"),
	VCT_OPT_FLAG(A, no_verify, "no-verify", 0,
		     "skip pattern generation and comparison (benchmarks); status bytes, used ids and lengths "
		     "are still validated"),
	VCT_OPT_FLAG(A, irq, "irq", 0,
		     "MSI-X vector 0 on every queue: after a short spin, sleep on the interrupt instead of polling"),
	VCT_OPT_FLAG(A, allow_noiommu, "allow-noiommu", 0, "accept an unsafe no-IOMMU group, with a warning"),
};
#undef A

static const struct vct_form stress_forms[] = { { NULL, "TARGET", 1, 1, VCT_C_TARGET } };

const struct vct_cmd vct_cmd_stress = {
	.name = "stress",
	.summary = "keep the queues full, verify every byte, count lost/invalid/corrupted requests",
	.desc = "Keeps a block, network or entropy device's queues full for a request count or a time and "
		"verifies every byte: block writes a pattern per 4 KiB block and reads it back, network sends "
		"numbered checksummed frames (a loopback device returns each once), entropy checks lengths and "
		"canaries. Prints throughput and the count of lost, invalid, corrupted and duplicated requests; "
		"exit 1 when there is any.\n\nOn a terminal, the requests so far, the rate and the elapsed time "
		"are shown on standard error; nothing extra is written when it is not a terminal.",
	.forms = stress_forms,
	.nforms = 1,
	.opts = stress_opts,
	.nopts = sizeof(stress_opts) / sizeof(stress_opts[0]),
	.main = stress_main,
};

static int stress_main(int argc, char **argv)
{
	const struct vct_cmd *cmd = &vct_cmd_stress;
	struct stress_args a;
	struct vct_cli cli;
	struct vct_stress_opts o = { 0 };
	struct vct_vfio_opts vo = { 0 };
	struct vct_stress_result r;
	struct vct_dev *vd;
	uint16_t type;
	const char *target;
	char err[512] = "";
	int rc = vct_cli_parse(cmd, argc, argv, &a, &cli);

	target = rc < 0 ? cli.pos[0] : NULL;
	free(cli.pos);
	if (rc >= 0)
		return rc;
	if (vct_cli_given(cmd, &cli, "requests") && vct_cli_given(cmd, &cli, "time"))
		return vct_cli_usage(cmd, "--requests and --time both say when to stop; give one");
	/*
	 * A split queue's size must be a power of 2 (a driver MUST NOT write
	 * anything else to queue_size); the device's behaviour after such a
	 * write is undefined, so stress would blame it for the driver's fault.
	 * Packed rings take any size up to 32768.
	 */
	if (a.queue_size && !a.packed && (a.queue_size & (a.queue_size - 1)))
		return vct_cli_usage(cmd, "--queue-size %llu is not a power of 2, which a split queue needs "
				     "(drivers must not set another size); give a power of 2 or add --packed",
				     a.queue_size);
	if (a.queue_size && a.depth > a.queue_size && vct_cli_given(cmd, &cli, "depth"))
		return vct_cli_usage(cmd, "--depth %llu is above --queue-size %llu; a queue holds at most its size "
				     "in flight", a.depth, a.queue_size);
	o.requests = vct_cli_given(cmd, &cli, "time") ? 0 : a.requests;
	o.seconds = vct_cli_given(cmd, &cli, "time") ? (unsigned int)a.time : 0;
	o.depth = (unsigned int)a.depth;
	o.qsize = (uint16_t)a.queue_size;
	o.wait_ms = (int)a.timeout;
	o.blocks = vct_cli_given(cmd, &cli, "blocks") ? (uint32_t)a.blocks : 0;
	o.packed = a.packed;
	o.reads = a.reads;
	o.no_verify = a.no_verify;
	o.irq = a.irq;
	vo.allow_noiommu = a.allow_noiommu;
	if (vct_dev_open(target, &vo, VCT_BIND_DRIVE, &vd, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	type = vd->type;
	if ((o.reads || o.blocks) && type != VCT_ID_BLOCK) {
		vct_dev_close(vd);
		return vct_cli_usage(cmd, "--reads and --blocks apply to block devices; %s is a %s device", target,
				     vct_type_name(type));
	}
	rc = vct_stress_run(vd, &o, &r, vct_progress_enabled() ? stderr : NULL, err, sizeof(err));
	vct_dev_close(vd);
	if (rc) {
		fprintf(stderr, "vct: stress could not run: %s\n", err);
		return 2;
	}
	printf("device:     %s (virtio %s)\n", target, vct_type_name(type));
	printf("requests:   %llu completed of %llu submitted in %.2f s (%.0f/s, %.1f MB/s)\n",
	       (unsigned long long)r.completed, (unsigned long long)r.submitted, r.seconds,
	       r.seconds > 0 ? r.completed / r.seconds : 0.0, r.seconds > 0 ? r.bytes / r.seconds / 1e6 : 0.0);
	if (r.prefilled)
		printf("prefill:    %llu blocks of 4096 bytes written in %.2f s before the measurement (not counted)\n",
		       (unsigned long long)r.prefilled, r.prefill_seconds);
	/* Full precision for scripts (bench/): requests/s and payload bytes/s. */
	printf("rate:       %.1f requests/s, %.1f bytes/s, verify %s\n", r.seconds > 0 ? r.completed / r.seconds : 0.0,
	       r.seconds > 0 ? r.bytes / r.seconds : 0.0, o.no_verify ? "off" : "on");
	if (r.notifies)
		printf("notifies:   %llu available-buffer notifications (%.1f requests each)\n",
		       (unsigned long long)r.notifies, (double)r.completed / r.notifies);
	if (o.irq)
		printf("wakeups:    %llu sleeps ended by the queue interrupt (%.3f per request)\n",
		       (unsigned long long)r.wakeups, r.completed ? (double)r.wakeups / r.completed : 0.0);
	if (type == VCT_ID_NET)
		printf("received:   %llu numbered frames back intact (loopback devices return every frame)\n",
		       (unsigned long long)r.received);
	printf("integrity:  %llu lost, %llu invalid used entries, %llu corrupted, %llu duplicated, %llu device errors\n",
	       (unsigned long long)r.lost, (unsigned long long)r.invalid, (unsigned long long)r.corrupted,
	       (unsigned long long)r.duplicated, (unsigned long long)r.errors);
	if (r.first_problem[0])
		printf("first:      %s\n", r.first_problem);
	return r.lost || r.invalid || r.corrupted || r.duplicated || r.errors ? 1 : 0;
}
