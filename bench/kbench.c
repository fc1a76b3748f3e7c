/* SPDX-License-Identifier: MIT */
/*
 * kbench: the Linux kernel's own virtio drivers under the load `vct stress`
 * puts on the same device, for `make bench` (bench/bench.sh, in the test-bed
 * guest). Static, libc only, no liburing/libaio: Linux native AIO through raw
 * syscalls.
 *
 *   kbench blk DEV [--qd N] [--time S] [--blocks B] [--no-prefill]
 *       4 KiB random reads with O_DIRECT over the first B blocks (default
 *       4096 = 16 MiB, vct stress's region), after writing them once (not
 *       counted). QD1: pread(2); QD>1: io_submit/io_getevents with N in flight.
 *   kbench rng [--dev /dev/hwrng] [--time S] [--chunk BYTES]
 *       read(2) from the hwrng character device (virtio_rng through rng-core).
 *   kbench net IFNAME [--time S] [--bypass]
 *       1514-byte frames (ethertype 0x88b5, like vct stress) through an
 *       AF_PACKET socket; the figure is the interface's tx_packets delta, what
 *       virtio_net handed to the device (sends refused by a full qdisc retry).
 *       --bypass sets PACKET_QDISC_BYPASS (straight to the driver).
 *
 * Prints one line: "rate: R requests/s, B bytes/s" (+ details), like vct stress.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096u
#define FRAME 1514u

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void die(const char *what)
{
	fprintf(stderr, "kbench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr, "usage: kbench blk DEV [--qd N] [--time S] [--blocks B] [--no-prefill]\n"
			"       kbench rng [--dev PATH] [--time S] [--chunk BYTES]\n"
			"       kbench net IFNAME [--time S] [--bypass]\n");
	exit(2);
}

struct opts {
	unsigned int qd, blocks, chunk;
	double seconds;
	int prefill, bypass;
	const char *dev;
};

static void report(uint64_t n, uint64_t bytes, double secs, const char *extra)
{
	printf("rate:       %.1f requests/s, %.1f bytes/s (%llu in %.2f s)%s\n", n / secs, bytes / secs,
	       (unsigned long long)n, secs, extra);
}

/* ---- block ---- */

static long io_setup_(unsigned n, aio_context_t *c) { return syscall(SYS_io_setup, n, c); }
static long io_submit_(aio_context_t c, long n, struct iocb **v) { return syscall(SYS_io_submit, c, n, v); }
static long io_getevents_(aio_context_t c, long mn, long mx, struct io_event *e)
{
	return syscall(SYS_io_getevents, c, mn, mx, e, NULL);
}

static void bench_blk(const struct opts *o)
{
	int fd = open(o->dev, O_RDWR | O_DIRECT);
	uint64_t seed = 0x1234567, n = 0, blocks = o->blocks;
	off_t size;
	uint8_t *mem;
	double t0, t;

	if (fd < 0)
		die(o->dev);
	size = lseek(fd, 0, SEEK_END);
	if (size > 0 && (uint64_t)size / BLOCK < blocks)
		blocks = (uint64_t)size / BLOCK;
	if (blocks < 2) {
		fprintf(stderr, "kbench: %s is too small\n", o->dev);
		exit(2);
	}
	if (posix_memalign((void **)&mem, BLOCK, (size_t)BLOCK * (o->qd > 64 ? o->qd : 64)))
		die("posix_memalign");
	if (o->prefill) {
		/* Same region as vct stress --reads, written once so reads hit allocated data. */
		t0 = now();
		for (uint64_t b = 0; b < blocks; b++) {
			memset(mem, (int)(b & 0xff), BLOCK);
			if (pwrite(fd, mem, BLOCK, (off_t)(b * BLOCK)) != BLOCK)
				die("prefill pwrite");
		}
		if (fsync(fd))
			die("fsync");
		fprintf(stderr, "kbench: prefill %llu blocks in %.2f s\n", (unsigned long long)blocks, now() - t0);
	}
	t0 = now();
	if (o->qd <= 1) {
		do {
			for (int i = 0; i < 64; i++, n++)
				if (pread(fd, mem, BLOCK, (off_t)(xorshift(&seed) % blocks * BLOCK)) != BLOCK)
					die("pread");
		} while ((t = now()) - t0 < o->seconds);
	} else {
		aio_context_t ctx = 0;
		struct iocb *cb = calloc(o->qd, sizeof(*cb)), **list = calloc(o->qd, sizeof(*list));
		struct io_event *ev = calloc(o->qd, sizeof(*ev));
		uint64_t inflight = 0;

		if (!cb || !list || !ev)
			die("calloc");
		if (io_setup_(o->qd, &ctx))
			die("io_setup");
		for (unsigned int i = 0; i < o->qd; i++) {
			cb[i].aio_fildes = (uint32_t)fd;
			cb[i].aio_lio_opcode = IOCB_CMD_PREAD;
			cb[i].aio_buf = (uint64_t)(uintptr_t)(mem + (size_t)i * BLOCK);
			cb[i].aio_nbytes = BLOCK;
			cb[i].aio_data = i;
			cb[i].aio_offset = (int64_t)(xorshift(&seed) % blocks * BLOCK);
			list[i] = &cb[i];
		}
		if (io_submit_(ctx, o->qd, list) != (long)o->qd)
			die("io_submit");
		inflight = o->qd;
		for (;;) {
			long k = io_getevents_(ctx, 1, o->qd, ev), m = 0;

			if (k < 0) {
				if (errno == EINTR)
					continue;
				die("io_getevents");
			}
			inflight -= (uint64_t)k;
			t = now();
			for (long i = 0; i < k; i++) {
				struct iocb *c = &cb[ev[i].data];

				if (ev[i].res != BLOCK) {
					errno = ev[i].res < 0 ? (int)-ev[i].res : EIO;
					die("aio read");
				}
				n++;
				if (t - t0 < o->seconds) {
					c->aio_offset = (int64_t)(xorshift(&seed) % blocks * BLOCK);
					list[m++] = c;
				}
			}
			if (m) {
				if (io_submit_(ctx, m, list) != m)
					die("io_submit");
				inflight += (uint64_t)m;
			}
			if (!inflight)
				break;
		}
	}
	t = now();
	report(n, n * BLOCK, t - t0, "");
}

/* ---- entropy ---- */

static void bench_rng(const struct opts *o)
{
	int fd = open(o->dev, O_RDONLY);
	uint8_t *buf = malloc(o->chunk);
	uint64_t n = 0, bytes = 0;
	double t0, t;

	if (fd < 0)
		die(o->dev);
	if (!buf)
		die("malloc");
	t0 = now();
	do {
		ssize_t k = read(fd, buf, o->chunk);

		if (k < 0 && errno != EINTR)
			die("read");
		if (k > 0) {
			n++;
			bytes += (uint64_t)k;
		}
	} while ((t = now()) - t0 < o->seconds);
	report(n, bytes, t - t0, " (requests = read calls)");
}

/* ---- network ---- */

static uint64_t tx_packets(const char *ifname)
{
	char path[128];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/tx_packets", ifname);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &v) != 1)
		die(path);
	fclose(f);
	return v;
}

static void bench_net(const struct opts *o)
{
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	unsigned int ifindex = if_nametoindex(o->dev);
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(0x88b5), .sll_halen = 6 };
	uint8_t f[FRAME];
	uint64_t seq = 0, sent = 0, refused = 0, tx0, tx1;
	double t0, t;
	char extra[128];

	if (s < 0)
		die("socket(AF_PACKET)");
	if (!ifindex)
		die(o->dev);
	sll.sll_ifindex = (int)ifindex;
	memset(sll.sll_addr, 0xff, 6);
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	if (o->bypass) {
		int one = 1;

		if (setsockopt(s, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
			die("PACKET_QDISC_BYPASS");
	}
	memset(f, 0, sizeof(f));
	memset(f, 0xff, 6);
	f[6] = 0x52, f[7] = 0x54, f[11] = 0x01;
	f[12] = 0x88, f[13] = 0xb5;
	for (unsigned int i = 22; i < FRAME; i++)
		f[i] = (uint8_t)(i * 7);
	tx0 = tx_packets(o->dev);
	t0 = now();
	do {
		for (int i = 0; i < 32; i++) {
			memcpy(f + 14, &seq, 8);
			if (send(s, f, FRAME, 0) == FRAME) {
				sent++;
				seq++;
			} else if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
				refused++;	/* qdisc full: the driver is behind; try again */
			} else {
				die("send");
			}
		}
	} while ((t = now()) - t0 < o->seconds);
	tx1 = tx_packets(o->dev);
	snprintf(extra, sizeof(extra), " (tx_packets delta; %llu sends accepted, %llu refused%s)",
		 (unsigned long long)sent, (unsigned long long)refused, o->bypass ? ", qdisc bypass" : "");
	report(tx1 - tx0, (tx1 - tx0) * FRAME, t - t0, extra);
}

int main(int argc, char **argv)
{
	struct opts o = { .qd = 1, .blocks = 4096, .chunk = 4096, .seconds = 3, .prefill = 1 };
	const char *mode;
	int i = 2;

	if (argc < 2)
		usage();
	mode = argv[1];
	if (strcmp(mode, "rng")) {
		if (argc < 3)
			usage();
		o.dev = argv[i++];
	} else {
		o.dev = "/dev/hwrng";
	}
	for (; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--no-prefill"))
			o.prefill = 0;
		else if (!strcmp(a, "--bypass"))
			o.bypass = 1;
		else if (!v)
			usage();
		else if (!strcmp(a, "--qd"))
			o.qd = (unsigned int)strtoul(v, NULL, 10), i++;
		else if (!strcmp(a, "--time"))
			o.seconds = strtod(v, NULL), i++;
		else if (!strcmp(a, "--blocks"))
			o.blocks = (unsigned int)strtoul(v, NULL, 10), i++;
		else if (!strcmp(a, "--chunk"))
			o.chunk = (unsigned int)strtoul(v, NULL, 10), i++;
		else if (!strcmp(a, "--dev"))
			o.dev = v, i++;
		else
			usage();
	}
	if (!o.qd || !o.blocks || !o.chunk || o.seconds <= 0)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "blk"))
		bench_blk(&o);
	else if (!strcmp(mode, "rng"))
		bench_rng(&o);
	else if (!strcmp(mode, "net"))
		bench_net(&o);
	else
		usage();
	return 0;
}
