/* SPDX-License-Identifier: MIT */
/* `vct stress TARGET [...]`: sustained load with every byte verified. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stress.h"
#include "target.h"
#include "virtio_pci.h"

int vct_cmd_stress(int argc, char **argv);

static int bad(const char *what, const char *arg)
{
	fprintf(stderr, "vct: %s '%s'; see 'vct --help'\n", what, arg ? arg : "");
	return 2;
}

static int number(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int vct_cmd_stress(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "requests", required_argument, 0, 'n' }, { "time", required_argument, 0, 't' },
		{ "depth", required_argument, 0, 'd' },    { "queue-size", required_argument, 0, 'q' },
		{ "timeout", required_argument, 0, 'w' },  { "packed", no_argument, 0, 'p' },
		{ "allow-noiommu", no_argument, 0, 'N' },  { "reads", no_argument, 0, 'r' },
		{ "no-verify", no_argument, 0, 'V' },      { "blocks", required_argument, 0, 'b' },
		{ "irq", no_argument, 0, 'I' },
		{ 0, 0, 0, 0 },
	};
	struct vct_stress_opts o = { .wait_ms = 3000 };
	struct vct_vfio_opts vo = { 0 };
	struct vct_stress_result r;
	struct vct_transport *t;
	struct vct_vdev vd;
	unsigned long long v;
	char err[512] = "";
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (number(optarg, 1ull << 40, &v))
				return bad("--requests wants a positive count, not", optarg);
			o.requests = v;
			break;
		case 't':
			if (number(optarg, 86400 * 7, &v))
				return bad("--time wants seconds, not", optarg);
			o.seconds = (unsigned int)v;
			break;
		case 'd':
			if (number(optarg, 32768, &v))
				return bad("--depth wants 1..32768, not", optarg);
			o.depth = (unsigned int)v;
			break;
		case 'q':
			if (number(optarg, 32768, &v))
				return bad("--queue-size wants 1..32768, not", optarg);
			o.qsize = (uint16_t)v;
			break;
		case 'w':
			if (number(optarg, 3600000, &v))
				return bad("--timeout wants milliseconds, not", optarg);
			o.wait_ms = (int)v;
			break;
		case 'b':
			if (number(optarg, 1u << 30, &v))
				return bad("--blocks wants a positive count of 4 KiB blocks, not", optarg);
			o.blocks = (uint32_t)v;
			break;
		case 'r': o.reads = true; break;
		case 'V': o.no_verify = true; break;
		case 'I': o.irq = true; break;
		case 'p': o.packed = true; break;
		case 'N': vo.allow_noiommu = true; break;
		default: return bad("bad option for", "stress");
		}
	}
	if (optind + 1 != argc)
		return bad("stress needs exactly one TARGET, got", optind < argc ? argv[optind] : "none");
	if (!o.requests && !o.seconds)
		o.requests = 100000;
	if (vct_target_open(argv[optind], &vo, &t, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	if (__vct_vdev_probe(t, &vd, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		vct_transport_close(t);
		return 2;
	}
	rc = vct_stress_run(&vd, &o, &r, stderr, err, sizeof(err));
	vct_transport_close(t);
	if (rc) {
		fprintf(stderr, "vct: stress could not run: %s\n", err);
		return 2;
	}
	printf("device:     %s (virtio %s)\n", argv[optind], vct_type_name(vd.type));
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
	if (vd.type == VCT_ID_NET)
		printf("received:   %llu numbered frames back intact (loopback devices return every frame)\n",
		       (unsigned long long)r.received);
	printf("integrity:  %llu lost, %llu invalid used entries, %llu corrupted, %llu duplicated, %llu device errors\n",
	       (unsigned long long)r.lost, (unsigned long long)r.invalid, (unsigned long long)r.corrupted,
	       (unsigned long long)r.duplicated, (unsigned long long)r.errors);
	if (r.first_problem[0])
		printf("first:      %s\n", r.first_problem);
	return r.lost || r.invalid || r.corrupted || r.duplicated || r.errors ? 1 : 0;
}
