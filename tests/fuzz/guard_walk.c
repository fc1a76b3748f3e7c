/* SPDX-License-Identifier: MIT */
/*
 * The held-crash guard's walk (fuzz/guard.c) on hand-made split rings: it
 * declines exactly the notification whose chains QEMU 7.2 would pop into the
 * held virtio-net crash (a transmit chain with fewer readable bytes than the
 * header), and lets through every chain the device refuses first or that vct
 * cannot judge; the same for the receive crash and virtio-rng's stall, an
 * available index far past the ring (any type), the live queue_size guard on notifications, queue_size and status writes, and
 * the known-crash list (each entry's finding exists and a guard holds it).
 * TAP on stdout; run from the source tree (tests/fuzz-guard.t).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

#define QSZ 8
#define RAM_BASE 0x100000ull	/* the driver's one mapping: [RAM_BASE, RAM_BASE + RAM_LEN) */
#define RAM_LEN 0x10000u

static uint8_t desc[16 * QSZ], avail[4 + 2 * QSZ + 2], used[4 + 8 * QSZ + 2];	/* (+2: used_event, avail_event) */
static uint8_t ram[RAM_LEN];
static unsigned int ntest, nfail;
static bool needs_reset_now, rings_unsure, status_write;
static unsigned int pending;
static bool no_driver_ok, rings_other, status_kick, notified;
static uint16_t size_write;
static uint64_t ring_iova, ring_len;
static uint64_t avail_iova;	/* the driver area as vct mapped it (fz_gq.ring_iova[1]; 0: not given) */

static uint32_t avail_write;	/* fz_gq.avail_write: an AVAILIDX write judged (its value + 1) */	/* the queue's descriptor table as vct mapped it (fz_gq.ring_iova; 0: not given) */

static int map(void *ctx, uint64_t iova, uint64_t len, const void **va)
{
	(void)ctx;
	if (iova >= RAM_BASE && iova - RAM_BASE < RAM_LEN && len <= RAM_LEN - (iova - RAM_BASE)) {
		*va = ram + (iova - RAM_BASE);
		return FZ_GM_RAM;
	}
	if (iova < RAM_BASE + RAM_LEN && iova + len > RAM_BASE)
		return FZ_GM_UNSURE;
	return FZ_GM_NONE;
}

static bool needs_reset(void *ctx)
{
	(void)ctx;
	return needs_reset_now;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static void setd(uint8_t *table, unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	put64(table + 16 * i, addr);
	put32(table + 16 * i + 8, len);
	put16(table + 16 * i + 12, flags);
	put16(table + 16 * i + 14, next);
}

static uint16_t aidx;

static void reset_rings(void)
{
	memset(desc, 0, sizeof(desc));
	memset(avail, 0, sizeof(avail));
	memset(used, 0, sizeof(used));
	aidx = 0;
	needs_reset_now = rings_unsure = status_write = false;
	pending = 0;
	ring_iova = ring_len = avail_iova = 0;
}

static void make_avail(uint16_t head)
{
	put16(avail + 4 + 2 * (aidx % QSZ), head);
	aidx++;
	put16(avail + 2, aidx);
}

static const char net_held[] = "qemu-system-x86_64: ../../util/iov.c:269: iov_copy: Assertion `offset == 0' failed.";
static const char net_rx_held[] = "qemu-system-x86_64: ../../util/iov.c:39: iov_from_buf_full: Assertion `offset == 0' failed.";
static const char rng_held[] = "stall: virtio-rng generates entropy for descriptors it cannot write";
static const char rng_loop_held[] = "stall: virtio-rng's request walks a looped chain to the end of its indirect table";
static const char ahead_held[] = "stall: a queue's available index far past its ring has the same chains popped over and over";


/* @held holds a guard of @type, and it declines (@want) or lets through the notification @q describes. */
static void judge(const struct fz_gq *q, uint16_t type, const char *held, const char *name, bool want)
{
	struct fz_guards gs;
	bool got;

	memset(&gs, 0, sizeof(gs));
	if (!fz_guards_hold(&gs, type, held, "test")) {
		printf("not ok %u - %s: no guard holds it\n", ++ntest, name);
		nfail++;
		return;
	}
	got = fz_guards_kick(&gs, q, needs_reset, NULL);
	printf("%s %u - %s: %s\n", got == want ? "ok" : "not ok", ++ntest, name, got ? "declined" : "let through");
	nfail += got != want;
}

/* @held held on a device of @type, features @feat (VERSION_1 and what else), queue @qi: declined or not. */
static void expect_held(const char *held, uint16_t type, uint64_t feat, const char *name, uint16_t qi, bool feat_known,
			bool want)
{
	struct fz_gq q = { .type = type, .qi = qi, .size = QSZ, .num_queues = type == 1 ? 3 : 1, .desc = desc,
			   .avail = avail, .used = used, .feat_known = feat_known, .map = map, .iommu = true,
			   .pending = pending, .rings_unsure = rings_unsure, .status_write = status_write, .driver_ok = true,
			   .size_write = size_write, .status_kick = status_kick, .ring_iova = { ring_iova, avail_iova },
			   .ring_len = { ring_len, avail_iova ? 6u + 2u * QSZ : 0 }, .avail_write = avail_write };

	q.feat[0] = feat;
	judge(&q, type, held, name, want);
}

/* A packed post of @n parts (fz_gq.list) on virtio-rng's queue, the rng stall held. */
static void expect_rng_list(const char *name, const struct fz_gsg *l, unsigned int n, bool want)
{
	struct fz_gq q = { .type = 4, .qi = 0, .size = QSZ, .num_queues = 1, .feat_known = true, .map = map,
			   .iommu = true, .list = l, .nlist = n };

	judge(&q, 4, rng_held, name, want);
}

static const char stw_held[] = "qemu-system-x86_64: ./include/exec/memory_ldst_cached.h.inc:77: address_space_stw_le_cached: "
				"Assertion `addr < cache->len && 2 <= cache->len - addr' failed.";
static const char lduw_held[] = "qemu-system-x86_64: ./include/exec/memory_ldst_cached.h.inc:77: address_space_lduw_le_cached: "
				 "Assertion `addr < cache->len && 2 <= cache->len - addr' failed.";

/*
 * The live queue_size crash held on a device of @type: queue @qi of @nq,
 * features @feat, the size the device holds @live against its ring caches'
 * @cache, on the test's rings (the shadow's, of QSZ entries) unless
 * rings_other; a notification unless pending.
 */
static void expect_live(const char *name, uint16_t type, uint16_t qi, uint16_t nq, uint64_t feat, uint16_t live,
			uint16_t cache, bool want)
{
	struct fz_gq q = { .type = type, .qi = qi, .size = QSZ, .num_queues = nq, .feat_known = true, .map = map,
			   .iommu = true, .pending = pending, .rings_unsure = true, .live_size = live, .cache_size = cache,
			   .cache_avail = rings_other ? NULL : avail, .cache_used = rings_other ? NULL : used,
			   .driver_ok = !no_driver_ok, .notified = notified, .size_write = size_write,
			   .status_write = status_write || status_kick,
			   .status_kick = status_kick };

	q.feat[0] = feat;
	judge(&q, type, stw_held, name, want);
}

#define V1 (1ull << 32)	/* VERSION_1: a 12-byte header */
#define EV (1ull << 29)	/* EVENT_IDX */
#define MRG (1ull << 15)

static void expect(const char *name, uint16_t qi, bool feat_known, bool want)
{
	expect_held(net_held, 1, V1, name, qi, feat_known, want);
}

static void expect_rng(const char *name, bool want)
{
	expect_held(rng_held, 4, V1, name, 0, true, want);
}

static void expect_rx(const char *held, uint64_t feat, const char *name, bool want)
{
	expect_held(held, 1, feat, name, 0, true, want);
}

int main(void)
{
	const uint64_t R = RAM_BASE, GAP = 0x800000ull;

	printf("TAP version 13\n1..%u\n", 30u + 16u + 11u + 6u + 23u + 6u + 25u + 10u + 4u + 1u + 1u + 2u + 7u + 5u + 4u + 3u + 3u + 7u + 7u + 6u + 4u);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("6 readable bytes in mapped memory", 1, true, true);
	reset_rings(); setd(desc, 0, R, 12, 0, 0); make_avail(0);
	expect("exactly the header: QEMU's own error first", 1, true, false);
	reset_rings(); setd(desc, 0, R, 4, 1, 1); setd(desc, 1, R + 64, 9, 0, 0); make_avail(0);
	expect("13 readable bytes over two descriptors", 1, true, false);
	reset_rings(); setd(desc, 0, R, 4, 1, 1); setd(desc, 1, R + 64, 4, 0, 0); make_avail(0);
	expect("8 readable bytes over two descriptors", 1, true, true);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("the receive queue: the transmit guard does not judge it", 0, true, false);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("the control queue is not guarded", 2, true, false);
	reset_rings(); setd(desc, 0, GAP, 6, 0, 0); make_avail(0);
	expect("6 bytes the IOMMU does not map: QEMU's bounce buffer pops it", 1, true, true);
	reset_rings(); setd(desc, 0, GAP, 4, 1, 1); setd(desc, 1, GAP + 4096, 4, 0, 0); make_avail(0);
	expect("two unmapped descriptors: the bounce buffer is taken, an error", 1, true, false);
	reset_rings(); setd(desc, 0, GAP, 5000, 1, 1); setd(desc, 1, R, 4, 0, 0); make_avail(0);
	expect("an unmapped descriptor over a page: an error", 1, true, false);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 4, 8, 0, 0); make_avail(0);
	expect("an edge part: 4 bytes mapped, 4 through the bounce buffer, 8 readable", 1, true, true);
	/* Edge parts: mapped up to the mapping's end, the rest through the bounce buffer (a page at most, once an element). */
	reset_rings(); setd(desc, 0, R, 6, 1, 1); setd(desc, 1, R + RAM_LEN - 100, 300, 2, 0); make_avail(0);
	expect("6 readable, then writable 100 bytes mapped and 200 past the mapping: popped", 1, true, true);
	reset_rings(); setd(desc, 0, R, 6, 1, 1); setd(desc, 1, R + RAM_LEN - 100, 100 + 4096, 2, 0); make_avail(0);
	expect("6 readable, then writable running exactly a page past the mapping: popped", 1, true, true);
	reset_rings(); setd(desc, 0, R, 6, 1, 1); setd(desc, 1, R + RAM_LEN - 100, 100 + 4097, 2, 0); make_avail(0);
	expect("6 readable, then writable running a page and a byte past: the second bounce fails", 1, true, false);
	reset_rings(); setd(desc, 0, GAP, 6, 1, 1); setd(desc, 1, R + RAM_LEN - 100, 300, 2, 0); make_avail(0);
	expect("6 readable unmapped, then a writable edge part: the bounce buffer is taken, an error", 1, true, false);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 8, 4000, 1, 1); setd(desc, 1, R, 6, 2, 0); make_avail(0);
	expect("a readable edge part of 4000 bytes: no short header", 1, true, false);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 100, 300, 1, 1); setd(desc, 1, GAP, 6, 2, 0); make_avail(0);
	expect("a 300-byte readable edge part, then a writable unmapped part: an error", 1, true, false);
	reset_rings(); setd(desc, 0, R, 0, 0, 0); make_avail(0); setd(desc, 1, R, 6, 0, 0); make_avail(1);
	expect("after a zero-length chain the device is broken", 1, true, false);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); make_avail(0); setd(desc, 1, R, 6, 0, 0); make_avail(1);
	expect("a good chain, then the short one", 1, true, true);
	reset_rings(); setd(desc, 0, R + 0x1000, 32, 4, 0); setd(ram + 0x1000, 0, R, 6, 0, 0); make_avail(0);
	expect("behind an indirect table", 1, true, true);
	reset_rings(); setd(desc, 0, GAP, 32, 4, 0); make_avail(0);
	expect("an indirect table the IOMMU does not map reads as zeros: an error", 1, true, false);
	/* Behind the IOMMU an indirect table is read entry by entry (any length, across pages). */
	reset_rings(); setd(desc, 0, R + 0x1000 - 16, 32, 4, 0); setd(ram + 0x1000 - 16, 0, R, 4, 1, 1);
	setd(ram + 0x1000 - 16, 1, R + 64, 2, 0, 0); make_avail(0);
	expect("an indirect table across two pages: 6 readable bytes", 1, true, true);
	reset_rings(); setd(desc, 0, R + 0x2000, 0x10000, 4, 0); setd(ram + 0x2000, 0, R, 4, 1, 1);
	setd(ram + 0x2000, 1, R + 64, 2, 0, 0); make_avail(0);
	expect("a 64 KiB table running past the mapping, its chain in the first two entries", 1, true, true);
	reset_rings(); setd(desc, 0, R + 0x1000 - 8, 32, 4, 0); setd(ram + 0x1000 - 8, 0, R, 6, 0, 0); make_avail(0);
	expect("an indirect entry across a page: not judged", 1, true, false);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 16, 32, 4, 0); setd(ram + RAM_LEN - 16, 0, R, 4, 1, 1); make_avail(0);
	expect("the next entry past the mapping reads as zeros: an error", 1, true, false);
	reset_rings(); setd(desc, 0, R, 64, 3, 1); setd(desc, 1, R + 64, 6, 0, 0); make_avail(0);
	expect("readable after writable: QEMU's error first", 1, true, false);
	reset_rings(); setd(desc, 0, R, 4, 1, 0); make_avail(0);
	expect("a loop: QEMU's error first", 1, true, false);
	reset_rings(); setd(desc, 0, R, 11, 0, 0); make_avail(0);
	expect("11 bytes, features not known (10 or 12): not judged", 1, false, false);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0); put16(avail + 2, 200);
	expect("an avail index beyond the queue: QEMU's error first", 1, true, false);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0); needs_reset_now = true;
	expect("a device that already set DEVICE_NEEDS_RESET pops nothing", 1, true, false);
	reset_rings(); setd(desc, 3, R, 6, 0, 0); pending = 3 + 1;
	expect("a post of the short chain, before it is published", 1, true, true);
	reset_rings(); setd(desc, 0, R, 0, 0, 0); make_avail(0); setd(desc, 3, R, 6, 0, 0); pending = 3 + 1;
	expect("a post behind a chain that breaks the device", 1, true, false);
	/* A chain vct cannot judge (32 bytes across the interrupt window's end), then the short one. */
	reset_rings(); setd(desc, 0, 0xfeeffff0ull, 32, 0, 0); make_avail(0); setd(desc, 1, R, 3, 0, 0); make_avail(1);
	expect("an unjudged chain, then the short one: reached if the device goes on", 1, true, true);
	reset_rings(); setd(desc, 0, 0xfeeffff0ull, 32, 0, 0); make_avail(0); setd(desc, 1, R, 64, 0, 0); make_avail(1);
	expect("an unjudged chain, then a good one", 1, true, false);
	reset_rings(); setd(desc, 0, 0xfeeffff0ull, 32, 0, 0); make_avail(0); setd(desc, 1, R, 0, 0, 0); make_avail(1);
	setd(desc, 2, R, 3, 0, 0); make_avail(2);
	expect("an unjudged chain, a chain that breaks the device, then the short one", 1, true, false);
	/* Past the top of the address space: nothing translates there, the bounce buffer takes it (session 14's two net deaths). */
	reset_rings(); setd(desc, 0, ~0ull - 3, 7, 1, 1); setd(desc, 1, R, 512, 2, 0); make_avail(0);
	expect("7 readable bytes wrapping the address space, then 512 writable", 1, true, true);
	reset_rings(); setd(desc, 0, ~0ull - 7, 15, 0, 0); make_avail(0); setd(desc, 1, R, 3, 0, 0); make_avail(1);
	expect("15 readable bytes wrapping the address space (popped), then 3 bytes", 1, true, true);
	reset_rings(); setd(desc, 0, ~0ull - 7, 15, 0, 0); make_avail(0);
	expect("15 readable bytes wrapping the address space", 1, true, false);
	reset_rings(); setd(desc, 0, ~0ull - 7, 4, 1, 1); setd(desc, 1, GAP, 4, 0, 0); make_avail(0);
	expect("4 bytes at the top, then 4 unmapped: the bounce buffer is taken, an error", 1, true, false);
	reset_rings(); setd(desc, 0, ~0ull - 7, 6000, 0, 0); make_avail(0);
	expect("6000 bytes wrapping: a page through the bounce buffer, the rest is a second bounce, an error", 1, true, false);
	reset_rings(); setd(desc, 0, R, 11, 0, 0); make_avail(0); setd(desc, 1, R, 3, 0, 0); make_avail(1);
	expect("11 bytes with features not known, then 3 bytes: short for either header", 1, false, true);
	/* virtio-rng: the request virtio_rng_process() makes of the chains' writable lengths, past 1 MiB unmapped. */
	reset_rings(); setd(desc, 0, GAP, 0xfffffff0u, 2, 0); make_avail(0);
	expect_rng("rng: 0xfffffff0 writable bytes, never mapped", true);
	reset_rings(); setd(desc, 0, R, 64, 2, 0); make_avail(0);
	expect_rng("rng: 64 writable bytes", false);
	reset_rings(); setd(desc, 0, R, 0x80000000u, 2, 0); make_avail(0); setd(desc, 1, R, 0x80000000u, 2, 0); make_avail(1);
	expect_rng("rng: two chains of 2 GiB wrap the 32-bit total to 0", false);
	reset_rings(); setd(desc, 0, R, 0x70000000u, 2, 0); make_avail(0);
	expect_rng("rng: 1.75 GiB in one chain from a mapping", true);
	reset_rings(); setd(desc, 0, GAP, 0xfffffff0u, 3, 0); make_avail(0);
	expect_rng("rng: a looped chain makes the request 0", false);
	reset_rings(); setd(desc, 0, R + 0x1000, 16, 4, 0); setd(ram + 0x1000, 0, GAP, 0xfffffff0u, 2, 0); make_avail(0);
	expect_rng("rng: behind an indirect table", true);
	reset_rings(); setd(desc, 0, GAP, 1u << 20, 2, 0); make_avail(0);
	expect_rng("rng: exactly 1 MiB unmapped is let through", false);
	reset_rings(); setd(desc, 0, GAP, (1u << 20) + 1, 2, 0); make_avail(0);
	expect_rng("rng: 1 MiB and a byte unmapped", true);
	reset_rings(); for (unsigned int i = 0; i < 8; i++) { setd(desc, i, R, RAM_LEN, 2, 0); make_avail((uint16_t)i); }
	expect_rng("rng: 8 chains of the whole mapping (512 KiB, all backed)", false);
	reset_rings(); setd(desc, 0, GAP, 0x400000u, 2, 0); make_avail(0); needs_reset_now = true;
	expect_rng("rng: DEVICE_NEEDS_RESET set: a notification does nothing", false);
	reset_rings(); setd(desc, 0, R, 64, 2, 0); make_avail(0); setd(desc, 2, GAP, 0x400000u, 2, 0); pending = 2 + 1;
	expect_rng("rng: a post of 4 MiB unmapped, before it is published", true);
	/* A chain that has virtio-rng fill its own descriptor table with entropy (session 11's 7.2 s stall). */
	reset_rings(); ring_iova = R + 0x2000; ring_len = 0x1000; setd(desc, 1, R + 0x2000, 0x1001, 2, 0); pending = 1 + 1;
	expect_rng("rng: a post of 4 KiB writable over the queue's own descriptor table", true);
	reset_rings(); ring_iova = R + 0x2000; ring_len = 0x1000; setd(desc, 1, R + 0x1000, 0x1000, 2, 0); pending = 1 + 1;
	expect_rng("rng: a post of 4 KiB writable just before the table", false);
	reset_rings(); ring_iova = R + 0x2000; ring_len = 0x1000; setd(desc, 1, R + 0x2ff0, 16, 1, 0); pending = 1 + 1;
	expect_rng("rng: a post that reads the table (not writable)", false);
	reset_rings(); ring_iova = R + 0x2000; ring_len = 0x1000; setd(desc, 0, R + 0x2800, 8, 2, 0); make_avail(0);
	rings_unsure = true;
	expect_rng("rng: rings unknown, a chain over the table among them", true);
	{
		const struct fz_gsg big[] = { { R, 64, true }, { GAP, 0x7fffffffu, true } }, small[] = { { R, 64, false }, { R, RAM_LEN, true } };

		expect_rng_list("rng, packed post: 2 GiB writable, unmapped", big, 2, true);
		expect_rng_list("rng, packed post: the whole mapping, writable", small, 2, false);
	}
	/* virtio-net receive: a chain shorter than the header, about to be popped for a frame. */
	reset_rings(); setd(desc, 0, R, 10, 2, 0); make_avail(0);
	expect_rx(net_rx_held, V1, "rx: 10 writable bytes", true);
	reset_rings(); setd(desc, 0, R, 12, 2, 0); make_avail(0);
	expect_rx(net_rx_held, V1, "rx: exactly the header", false);
	reset_rings(); setd(desc, 0, R, 64, 1, 1); setd(desc, 1, R, 6, 2, 0); make_avail(0);
	expect_rx(net_rx_held, V1, "rx: 64 readable then 6 writable bytes", true);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); make_avail(0);
	expect_rx(net_rx_held, V1, "rx: no writable descriptor: QEMU's error first", false);
	reset_rings(); setd(desc, 0, R, 2048, 2, 0); make_avail(0); setd(desc, 1, R, 10, 2, 0); make_avail(1);
	expect_rx(net_rx_held, V1, "rx: a good chain, then the short one (the next frame's)", true);
	reset_rings(); setd(desc, 0, 0xfeeffff0ull, 32, 2, 0); make_avail(0); setd(desc, 1, R, 6, 2, 0); make_avail(1);
	expect_rx(net_rx_held, V1, "rx: an unjudged chain (across the interrupt window's end), then the short one", true);
	reset_rings(); setd(desc, 0, 0xfeeffff0ull, 32, 2, 0); make_avail(0); setd(desc, 1, R, 0, 2, 0); make_avail(1);
	setd(desc, 2, R, 6, 2, 0); make_avail(2);
	expect_rx(net_rx_held, V1, "rx: an unjudged chain, one that breaks the device, then the short one", false);
	reset_rings(); setd(desc, 0, R, 2048, 2, 0); make_avail(0); setd(desc, 1, R, 10, 2, 0); make_avail(1);
	expect_rx(net_rx_held, V1 | MRG, "rx, MRG_RXBUF: a short chain after the first may continue a frame: not judged", false);
	reset_rings(); setd(desc, 0, R, 6, 2, 0); make_avail(0);
	expect_rx(net_rx_held, V1 | MRG, "rx, MRG_RXBUF: 6 bytes die in iov_copy, not this guard's", false);
	reset_rings(); setd(desc, 0, R, 6, 2, 0); make_avail(0);
	expect_rx(net_held, V1 | MRG, "rx, MRG_RXBUF: 6 bytes, iov_copy held", true);
	reset_rings(); setd(desc, 0, R, 10, 2, 0); make_avail(0);
	expect_rx(net_held, V1 | MRG, "rx, MRG_RXBUF: 10 bytes pass iov_copy", false);
	reset_rings(); setd(desc, 0, R, 10, 2, 0); make_avail(0); needs_reset_now = true;
	expect_rx(net_rx_held, V1, "rx: DEVICE_NEEDS_RESET set: nothing is popped", false);
	reset_rings(); setd(desc, 0, R, 10, 2, 0); make_avail(0);
	expect_held(net_rx_held, 1, V1, "rx: the second receive queue is not judged", 2, true, false);
	reset_rings(); setd(desc, 0, R, 64, 2, 0); make_avail(0); setd(desc, 1, GAP, 0xffffffffu, 2, 0); make_avail(1);
	expect_rng("rng: 64 bytes then 0xffffffff: the first sum wraps to 63, the one after the first pop is 4 GiB", true);
	/* A post on a queue the program made ambiguous: its own chain alone. */
	reset_rings(); setd(desc, 0, R, 0, 0, 0); make_avail(0); setd(desc, 3, R, 6, 0, 0); pending = 3 + 1; rings_unsure = true;
	expect("rings unknown: a post of a 6-byte transmit chain", 1, true, true);
	reset_rings(); setd(desc, 3, R, 64, 0, 0); pending = 3 + 1; rings_unsure = true;
	expect("rings unknown: a post of a 64-byte transmit chain", 1, true, false);
	reset_rings(); setd(desc, 3, R, 10, 2, 0); pending = 3 + 1; rings_unsure = true;
	expect_rx(net_rx_held, V1, "rings unknown: a post of a 10-byte receive chain", true);
	reset_rings(); setd(desc, 3, R, 10, 2, 0); pending = 3 + 1; rings_unsure = true;
	expect_rx(net_rx_held, V1 | MRG, "rings unknown, MRG_RXBUF: a 10-byte receive chain is not judged", false);
	reset_rings(); setd(desc, 3, GAP, 0x7fffffffu, 2, 0); pending = 3 + 1; rings_unsure = true;
	expect_rng("rings unknown: a post of 2 GiB unmapped", true);
	/* A notification there: vct's rings walked from the used index, a held shape declined, the rest unsure (let through). */
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0); rings_unsure = true;
	expect("rings unknown: a notification meets a 6-byte transmit chain", 1, true, true);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); make_avail(0); setd(desc, 1, R, 3, 0, 0); make_avail(1); rings_unsure = true;
	expect("rings unknown: a notification meets a 3-byte transmit chain after a 64-byte one", 1, true, true);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); make_avail(0); rings_unsure = true;
	expect("rings unknown: a notification meets a 64-byte transmit chain", 1, true, false);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0); put16(used + 2, 1); rings_unsure = true;
	expect("rings unknown: a 6-byte chain the used index has passed", 1, true, false);
	reset_rings(); setd(desc, 0, R, 6, 2, 0); make_avail(0); rings_unsure = true;
	expect_rx(net_rx_held, V1, "rings unknown: a notification meets a 6-byte receive chain", true);
	/*
	 * virtio-rng, the leaks session 9 found. A 64 KiB pattern buffer flagged
	 * INDIRECT: a table over 16 pages whose entry 0 (vct's fill pattern) says
	 * 0x33221100 writable bytes at an address nobody mapped.
	 */
	reset_rings(); setd(desc, 0, R, 0x10000, 6, 0); make_avail(0);
	for (unsigned int i = 0; i < 0x10000 / 16; i++)
		setd(ram, i, 0x7766554433221100ull, 0x33221100u, 0x5546, 0x7766);
	expect_rng("rng: an indirect table over 16 pages of vct's memory, entry 0 0x33221100 bytes unmapped", true);
	memset(ram, 0, sizeof(ram));
	reset_rings(); setd(desc, 0, R + 0x1ff0, 32, 4, 0); setd(ram + 0x1ff0, 0, GAP, 0x400000u, 3, 1);
	setd(ram + 0x1ff0, 1, GAP, 0x400000u, 2, 0); make_avail(0);
	expect_rng("rng: an indirect table across a page, its second entry too: followed entry by entry", true);
	reset_rings(); setd(desc, 0, R + 0x1ff8, 32, 4, 0); make_avail(0);
	expect_rng("rng: an indirect entry across a page boundary cannot be followed (QEMU reads it at the wrong address): declined", true);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 16, 32, 4, 0); setd(ram + RAM_LEN - 16, 0, GAP, 0x400000u, 3, 1);
	make_avail(0);
	expect_rng("rng: an indirect table half past vct's mapping: the unmapped entry reads as zeros", true);
	reset_rings(); setd(desc, 0, 0xfedffff0ull, 32, 4, 0); make_avail(0);
	expect_rng("rng: an indirect table across the interrupt window: Cannot map indirect buffer, the request is 0", false);
	/*
	 * 2 + 0x2be bytes, then 0xfffffff0 unmapped: the first sum wraps to
	 * 0x2b0; the second chain's 12 unmapped bytes take the bounce buffer, so
	 * it pops, and the request after it is 4 GiB.
	 */
	reset_rings(); setd(desc, 0, R, 2, 2, 0); make_avail(0);
	setd(desc, 1, GAP, 12, 3, 2); setd(desc, 2, R, 0x2b2, 2, 0); make_avail(1);
	setd(desc, 3, GAP, 0xfffffff0u, 2, 0); pending = 3 + 1;
	expect_rng("rng: a chain with 12 unmapped bytes pops (bounce buffer); the 4 GiB post behind it is asked next", true);
	/*
	 * Looped chains: QEMU counts up to the table's entries (2^27 for a 2 GiB
	 * table) unless the 32-bit total meets the quota on the way.
	 */
	reset_rings(); setd(desc, 0, R, 0x80000000u, 4, 0); make_avail(0);
	setd(ram, 0, GAP, 0x10, 3, 1); setd(ram, 1, GAP, 0x10, 3, 0);
	expect_rng("rng: a loop in a 2 GiB indirect table, 16 bytes a step: never the quota, the request 0", false);
	reset_rings(); setd(desc, 0, R, 0x80000000u, 4, 0); make_avail(0);
	setd(ram, 0, R + 0x100, 0x55555555u, 3, 1); setd(ram, 1, R + 0x200, 0x55555555u, 3, 2);
	setd(ram, 2, R + 0x300, 0x55555555u, 3, 1);
	expect_rng("rng: a loop in a 2 GiB indirect table that meets the quota: 4 GiB asked", true);
	reset_rings(); setd(desc, 0, R, 0x80000000u, 4, 0); make_avail(0);
	setd(ram, 0, R + 0x100, 0x7fffffffu, 3, 0);
	expect_rng("rng: a descriptor that names itself in a 2 GiB table, 0x7fffffff bytes: the quota after 2^31+1 steps, past the table: 0", false);
	/* The sum's own walk of such a loop, held as a stall of its own (rng-looped-table). */
	reset_rings(); setd(desc, 0, R, 0x40000000u, 4, 0); make_avail(0); setd(ram, 0, R + 0x100, 0x10, 3, 0);
	expect_held(rng_loop_held, 4, V1, "rng: a descriptor naming itself in a 1 GiB indirect table: 2^26 reads", 0, true, true);
	reset_rings(); setd(desc, 0, R, 0x1000, 4, 0); make_avail(0); setd(ram, 0, R + 0x100, 0x10, 3, 0);
	expect_held(rng_loop_held, 4, V1, "rng: the same loop in a 4 KiB table: 256 reads", 0, true, false);
	reset_rings(); setd(desc, 0, R, 0x40000000u, 4, 0); make_avail(0); setd(ram, 0, R + 0x100, 0x10, 3, 0);
	needs_reset_now = true;
	expect_held(rng_loop_held, 4, V1, "rng: the 1 GiB loop, DEVICE_NEEDS_RESET set: a notification does nothing", 0, true, false);
	reset_rings(); setd(desc, 0, R, 0x40000000u, 4, 0); make_avail(0); setd(ram, 0, R + 0x100, 0x10, 3, 0);
	needs_reset_now = true; status_write = true;
	expect_held(rng_loop_held, 4, V1, "rng: the 1 GiB loop, DEVICE_NEEDS_RESET set: a status write sums it", 0, true, true);
	reset_rings(); setd(desc, 0, R, 64, 2, 0); make_avail(0); setd(desc, 1, R, 0x40000000u, 4, 0); make_avail(1);
	put16(used + 2, 2); setd(ram, 0, R + 0x100, 0x10, 3, 0);
	expect_held(rng_loop_held, 4, V1, "rng: the 1 GiB loop already behind the used index: not summed", 0, true, false);
	/* An available index far past the ring (avail-far-ahead, any device type): QEMU pops its chains over and over. */
	reset_rings(); setd(desc, 0, R, 0x10, 0, 0); make_avail(0); put16(avail + 2, 0xf677);
	expect_held(ahead_held, 3, V1, "console transmit: avail index 0xf677 ahead of used 0 on 8 entries", 1, true, true);
	put16(avail + 2, 8 + 256);
	expect_held(ahead_held, 3, V1, "console transmit: 264 ahead on 8 entries: 256 extra pops let through", 1, true, false);
	pending = 1;
	expect_held(ahead_held, 3, V1, "console transmit: 264 ahead and a post about to be published: 265", 1, true, true);
	pending = 0; put16(avail + 2, 0xf677); put16(used + 2, 0xf670);
	expect_held(ahead_held, 3, V1, "console transmit: 0xf677 with used at 0xf670: 7 ahead", 1, true, false);
	put16(used + 2, 0); needs_reset_now = true;
	expect_held(ahead_held, 3, V1, "console transmit: far ahead, DEVICE_NEEDS_RESET set: nothing pops", 1, true, false);
	needs_reset_now = false; rings_unsure = true;
	expect_held(ahead_held, 2, V1, "blk, rings unsure: the index vct's ring holds is what a device reading it pops to", 0, true,
		    true);
	rings_unsure = false; status_write = true; status_kick = true;
	expect_held(ahead_held, 3, V1, "console: a DRIVER_OK write notifies the queue too", 1, true, true);
	status_write = status_kick = false;
	/* The index as the device may write it: a chain writable over it (session 12, blk: 24.8 s). */
	reset_rings(); avail_iova = R + 0x8000; setd(desc, 0, R, 0x10, 1, 1); setd(desc, 1, R + 0x7000, 0x1003, 2, 0); pending = 1;
	expect_held(ahead_held, 2, V1, "blk: a post writable over its own available index", 0, true, true);
	setd(desc, 1, R + 0x7000, 0x1002, 2, 0);
	expect_held(ahead_held, 2, V1, "blk: a post writable up to the driver area's flags only", 0, true, false);
	setd(desc, 1, R + 0x8000, 0x1002, 0, 0);
	expect_held(ahead_held, 2, V1, "blk: a post readable over its own available index", 0, true, false);
	setd(desc, 1, R + 0x8000, 0x1002, 2, 0); setd(desc, 0, R, 0x10, 3, 1);
	expect_held(ahead_held, 2, V1, "blk: writable over the index after a writable header, still popped", 0, true, true);
	setd(desc, 0, R, 0x10, 2, 1); setd(desc, 1, R + 0x8000, 0x1002, 1, 0);
	expect_held(ahead_held, 2, V1, "blk: a readable part after a writable one: QEMU refuses the chain first", 0, true, false);
	reset_rings(); avail_iova = R + 0x8000; setd(desc, 0, R, 0x10, 1, 1); setd(desc, 1, R + 0x7ff8, 0x10, 2, 0); make_avail(0);
	expect_held(ahead_held, 3, V1, "console: a notification, an available chain writable over the index", 1, true, true);
	put16(used + 2, 1);
	expect_held(ahead_held, 3, V1, "console: the same chain already used: what it wrote is the index read", 1, true, false);
	/* The AVAILIDX write itself after DRIVER_OK: a notification QEMU still holds pops up to it (session 11, console). */
	put16(avail + 2, 1); avail_write = 0x6b83 + 1;
	expect_held(ahead_held, 3, V1, "console transmit: an AVAILIDX write to 0x6b83, nothing notified since", 1, true, true);
	avail_write = 9 + 1;
	expect_held(ahead_held, 3, V1, "console transmit: an AVAILIDX write to 9 on 8 entries", 1, true, false);
	reset_rings(); setd(desc, 0, GAP, 0xfffffff0u, 2, 0); make_avail(0); avail_write = 1 + 1;
	expect_rng("rng: a guard of chains does not judge an AVAILIDX write", false);
	avail_write = 0;
	memset(ram, 0, sizeof(ram));
	reset_rings(); setd(desc, 0, GAP, 0x400000u, 2, 0); pending = 0 + 1; needs_reset_now = true;
	expect_rng("rng: a post of 4 MiB unmapped on a broken device: the next status write or rate-limit tick asks", true);
	reset_rings(); setd(desc, 0, R, 8, 4, 0); make_avail(0); setd(desc, 3, GAP, 0x7fffffffu, 2, 0); pending = 3 + 1;
	expect_rng("rng: a 2 GiB post behind a chain the sum calls an error: judged by its own chain", true);
	/* A status write with DRIVER_OK asks too (virtio_rng_set_status), broken or not. */
	reset_rings(); setd(desc, 0, GAP, 0x400000u, 2, 0); make_avail(0); status_write = true;
	expect_rng("rng: a status write with 4 MiB unmapped available", true);
	reset_rings(); setd(desc, 0, GAP, 0x400000u, 2, 0); make_avail(0); status_write = true; needs_reset_now = true;
	expect_rng("rng: a status write, DEVICE_NEEDS_RESET set: it still asks", true);
	reset_rings(); setd(desc, 0, GAP, 0x400000u, 2, 0); make_avail(0); status_write = true;
	expect_held(net_held, 1, V1, "a status write is not the net transmit guard's", 1, true, false);
	reset_rings(); setd(desc, 0, GAP, 64, 2, 0); make_avail(0); setd(desc, 1, GAP, 0x400000u, 2, 0); make_avail(1);
	put16(used + 2, 1); status_write = true;
	expect_rng("rng: a status write after a failed pop: the chain behind it still counts", true);
	/* Rings made ambiguous: a moved avail index over stale entries naming a 4 GiB chain; a notification. */
	reset_rings(); setd(desc, 0, GAP, 0xffffffffu, 2, 0); put16(avail + 2, 2); rings_unsure = true;
	expect_rng("rng, rings unknown: stale avail entries name a 4 GiB chain: a notification is declined", true);
	reset_rings(); for (unsigned int i = 0; i < QSZ; i++) setd(desc, i, GAP, 0x20000u, 2, 0);
	put16(avail + 2, 3); rings_unsure = true;
	expect_rng("rng, rings unknown: every slot at most 128 KiB unmapped (8 x 128 KiB = 1 MiB): let through", false);
	reset_rings(); setd(desc, 0, R, 64, 2, 0); make_avail(0); setd(desc, 3, GAP, 0x7fffffffu, 2, 0);
	rings_unsure = true;
	expect_rng("rng, rings unknown: a notification, every slot's chain backed", false);
	/* The live queue_size write: a notification on a queue whose size grew past its ring caches'. */
	reset_rings();
	expect_live("blk, EVENT_IDX: size 16 over caches of 8, a notification", 2, 0, 1, V1 | EV, 16, 8, true);
	expect_live("blk, EVENT_IDX: size 8 over caches of 16 (shrunk: every access inside)", 2, 0, 1, V1 | EV, 8, 16, false);
	expect_live("blk, EVENT_IDX: the size the caches have", 2, 0, 1, V1 | EV, 8, 8, false);
	expect_live("blk, EVENT_IDX: caches not known", 2, 0, 1, V1 | EV, 16, 0, false);
	no_driver_ok = true;
	expect_live("blk, EVENT_IDX, no DRIVER_OK: the handler runs all the same", 2, 0, 1, V1 | EV, 1024, 8, true);
	expect_live("net transmit, EVENT_IDX, no DRIVER_OK: the bottom half waits for it", 1, 1, 3, V1 | EV, 1024, 8, false);
	no_driver_ok = false;
	needs_reset_now = true;
	expect_live("blk, EVENT_IDX, DEVICE_NEEDS_RESET set: the notification goes nowhere", 2, 0, 1, V1 | EV, 16, 8, false);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); pending = 0 + 1;
	expect_live("blk: a post alone (looked at only when notified)", 2, 0, 1, V1 | EV, 16, 8, false);
	/* A post on a grown queue after DRIVER_OK: a notification QEMU still holds finds it (session 11's net death). */
	expect_live("net control, empty, a post after DRIVER_OK: a held notification pops it", 1, 2, 3, V1 | EV, 16, 8, true);
	expect_live("console transmit, empty, a post, no EVENT_IDX: its head is read inside the caches", 3, 1, 4, V1, 16, 8, false);
	no_driver_ok = true;
	expect_live("net control, a post before DRIVER_OK: handled as notifications are sent", 1, 2, 3, V1 | EV, 16, 8, false);
	no_driver_ok = false;
	reset_rings();
	expect_live("net transmit, EVENT_IDX, DRIVER_OK: the bottom half turns notifications on", 1, 1, 3, V1 | EV, 1024, 8, true);
	/* Receive: a frame can come at any time after DRIVER_OK (net_rx_live). */
	expect_live("net receive, EVENT_IDX, empty: a frame turns notifications on, avail_event past the caches", 1, 0, 3,
		    V1 | EV, 1024, 8, true);
	no_driver_ok = true;
	expect_live("net receive, before DRIVER_OK: no frame is offered", 1, 0, 3, V1 | EV, 1024, 8, false);
	no_driver_ok = false;
	expect_live("net receive, no EVENT_IDX, empty: the flags only", 1, 0, 3, V1, 1024, 8, false);
	reset_rings(); make_avail(3);
	expect_live("net receive, EVENT_IDX, mergeable buffers, a chain: notifications turned on all the same", 1, 0, 3,
		    V1 | EV | MRG, 1024, 8, true);
	expect_live("net receive, EVENT_IDX, a chain inside the caches: the pop writes nothing past them: not judged", 1, 0,
		    3, V1 | EV, 1024, 8, false);
	reset_rings(); for (int i = 0; i < 4; i++) make_avail(0);
	put16(used + 2, 6); put16(avail + 2, 10);
	expect_live("net receive, no EVENT_IDX: heads at 6..9, read past 8 by the frame's walk", 1, 0, 3, V1, 16, 8, true);
	put16(used + 2, 2); put16(avail + 2, 4);
	expect_live("net receive, no EVENT_IDX: heads at 2..3, inside", 1, 0, 3, V1, 16, 8, false);
	reset_rings();
	expect_live("net control, empty: nothing popped", 1, 2, 3, V1 | EV, 1024, 8, false);
	reset_rings(); make_avail(3); put16(desc + 16 * 3 + 8, 64);
	expect_live("net control, a chain available: popped, avail_event written", 1, 2, 3, V1 | EV, 1024, 8, true);
	expect_live("console transmit (queue 1), a chain available", 3, 1, 4, V1 | EV, 1024, 8, true);
	expect_live("console receive (queue 0): not judged", 3, 0, 4, V1 | EV, 1024, 8, false);
	reset_rings(); make_avail(3);
	expect_live("rng, EVENT_IDX, a chain available, 16 over caches of 8: its pop writes avail_event past them", 4, 0, 1,
		    V1 | EV, 16, 8, true);
	expect_live("rng, EVENT_IDX, the size the caches have", 4, 0, 1, V1 | EV, 8, 8, false);
	no_driver_ok = true;
	expect_live("rng, before DRIVER_OK: not asked", 4, 0, 1, V1 | EV, 16, 8, false);
	no_driver_ok = false;
	reset_rings();
	expect_live("rng, empty: nothing asked, nothing popped", 4, 0, 1, V1 | EV, 16, 8, false);
	reset_rings(); make_avail(3);
	rings_other = true;
	expect_live("console transmit, caches on rings vct did not write: not judged", 3, 1, 4, V1 | EV, 1024, 8, false);
	rings_other = false;
	reset_rings();
	expect_live("console transmit, empty: used_event read only after an interrupt: not judged", 3, 1, 4, V1 | EV, 1024, 8, false);
	notified = true;
	expect_live("console transmit, empty, notified since the reset: virtio_notify reads used_event", 3, 1, 4, V1 | EV, 1024, 8, true);
	expect_live("net control, empty, notified since the reset: nothing popped, no interrupt", 1, 2, 3, V1 | EV, 1024, 8, false);
	notified = false;
	reset_rings(); make_avail(2000);
	expect_live("console transmit, a head past the new size: QEMU's error first", 3, 1, 4, V1 | EV, 1024, 8, false);
	reset_rings(); make_avail(3);
	expect_live("console transmit, head 3 of 16 over caches of 8", 3, 1, 4, V1 | EV, 16, 8, true);
	/*
	 * Without EVENT_IDX only the heads read fall past the caches
	 * (avail->ring[i] for i >= 8): blk's pops, rng's request for the
	 * chains' writable bytes.
	 */
	for (int k = 0; k < 2; k++) {
		static const struct { uint16_t type; const char *past, *inside; } t[] = {
			{ 2, "blk, no EVENT_IDX: heads at 6..9, past 8: declined",
			  "blk, no EVENT_IDX: heads at 2..3: every pop fails inside the caches" },
			{ 4, "rng, no EVENT_IDX: heads at 6..9 read past 8", "rng, no EVENT_IDX: heads at 2..3, inside" },
		};

		reset_rings(); for (int i = 0; i < 4; i++) make_avail(0);
		put16(used + 2, 6); put16(avail + 2, 10);
		expect_live(t[k].past, t[k].type, 0, 1, V1, 16, 8, true);
		put16(used + 2, 2); put16(avail + 2, 4);
		expect_live(t[k].inside, t[k].type, 0, 1, V1, 16, 8, false);
	}
	put16(used + 2, 7); put16(avail + 2, 9);
	expect_live("console, no EVENT_IDX: the first head at 7 fails, the one at 8 is not read", 3, 1, 4, V1, 16, 8, false);
	put16(used + 2, 8); put16(avail + 2, 9);
	expect_live("console, no EVENT_IDX: the first head at 8", 3, 1, 4, V1, 16, 8, true);
	put16(used + 2, 3); put16(avail + 2, 3);
	expect_live("blk, no EVENT_IDX, empty: flags and indices only", 2, 0, 1, V1, 16, 8, false);
	/* The write that grows the size while QEMU may hold a notification (after DRIVER_OK), and the DRIVER_OK write that sends one. */
	reset_rings(); size_write = 16;
	expect_live("blk, after DRIVER_OK: queue_size 16 written over caches of 8", 2, 0, 1, V1 | EV, 8, 8, true);
	size_write = 4;
	expect_live("blk, after DRIVER_OK: queue_size 4 written (shrinks)", 2, 0, 1, V1 | EV, 8, 8, false);
	size_write = 2048;
	expect_live("blk, after DRIVER_OK: queue_size 2048, which QEMU refuses", 2, 0, 1, V1 | EV, 8, 8, false);
	size_write = 16; no_driver_ok = true;
	expect_live("blk, before DRIVER_OK: notifications are handled as they are sent", 2, 0, 1, V1 | EV, 8, 8, false);
	no_driver_ok = false;
	expect_live("console transmit, empty, after DRIVER_OK: not judged", 3, 1, 4, V1 | EV, 8, 8, false);
	reset_rings(); make_avail(3); size_write = 16;
	expect_live("console transmit, a chain available, after DRIVER_OK: declined", 3, 1, 4, V1 | EV, 8, 8, true);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0); size_write = 16;
	expect_held(net_held, 1, V1, "the transmit guard of chains does not judge a queue_size write", 1, true, false);
	size_write = 0; status_kick = status_write = true;
	expect_held(net_held, 1, V1, "nor a DRIVER_OK status write", 1, true, false);
	reset_rings(); status_kick = true; no_driver_ok = false;
	expect_live("blk: DRIVER_OK written again with the queue at 16 over caches of 8", 2, 0, 1, V1 | EV, 16, 8, true);
	expect_live("blk: DRIVER_OK written again with the queue as its caches", 2, 0, 1, V1 | EV, 8, 8, false);
	status_kick = false;
	status_write = true;
	expect_live("blk: DRIVER_OK written with ioeventfd running (no notification)", 2, 0, 1, V1 | EV, 16, 8, false);
	status_write = false;
	{
		struct fz_guards gs;

		memset(&gs, 0, sizeof(gs));
		printf("%s %u - the head read's abort (address_space_lduw_le_cached) is held by the same guard\n",
		       fz_guards_hold(&gs, 3, lduw_held, "test") && !strcmp(fz_guards_hold(&gs, 3, lduw_held, "test"), "live-size-grown")
			       ? "ok" : "not ok", ++ntest);
	}
	/* What a raw common-configuration write hands queue_size (fz_guard_raw_size): QEMU 7.2 under TCG. */
	{
		static const struct { uint32_t off; unsigned int width; uint64_t val; uint32_t want; const char *name; } rs[] = {
			{ 0x17, 4, 0x700aec5bu, 0xec, "4 bytes at 0x17: a byte at a time, 0x18's is the size (session 11's blk death)" },
			{ 0x18, 2, 0x0010, 0x10, "2 bytes at 0x18: the size" },
			{ 0x18, 4, 0x00050010u, 0x50010, "4 bytes at 0x18: all of them, as one access" },
			{ 0x16, 4, 0x00100003u, 0x10, "4 bytes at 0x16: unaligned, 0x18's byte" },
			{ 0x16, 2, 0xffff, 0, "2 bytes at 0x16: queue_select alone" },
			{ 0x19, 1, 0xff, 0, "a byte at 0x19: no register at that address" },
			{ 0x14, 4, 0x0f0f0f0fu, 0, "4 bytes at 0x14: does not reach 0x18" },
		};

		for (size_t k = 0; k < sizeof(rs) / sizeof(rs[0]); k++) {
			uint32_t got = fz_guard_raw_size(rs[k].off, rs[k].width, rs[k].val);

			printf("%s %u - raw write, %s: 0x%x\n", got == rs[k].want ? "ok" : "not ok", ++ntest, rs[k].name, got);
			nfail += got != rs[k].want;
		}
	}
	/* Every crash the campaigns hold from their first boot is known to a guard of its device (else nothing is declined for it). */
	{
		FILE *f = fopen("fuzz/known-crashes/qemu-7.2.txt", "r");
		char line[1024];
		unsigned int n = 0, bad = 0;

		while (f && fgets(line, sizeof(line), f)) {
			char *dev = strtok(line, "\t"), *msg = strtok(NULL, "\t"), *fin = strtok(NULL, "\t");
			uint16_t type = !dev ? 0 : !strcmp(dev, "net") ? 1 : !strcmp(dev, "blk") ? 2 : !strcmp(dev, "console") ? 3
									: !strcmp(dev, "rng") ? 4 : 0;
			struct fz_guards gs;
			FILE *ff;

			if (!dev || dev[0] == '#' || dev[0] == '\n')
				continue;
			memset(&gs, 0, sizeof(gs));
			n++;
			ff = fin ? fopen(fin, "r") : NULL;
			if (!type || !msg || !ff || !fz_guards_hold(&gs, type, msg, "test")) {
				printf("# known crash of %s not held: %s\n", dev, msg ? msg : "(no message)");
				bad++;
			}
			if (ff)
				fclose(ff);
		}
		if (f)
			fclose(f);
		printf("%s %u - each of the %u known crashes has its finding and a guard of its device\n", f && n && !bad ? "ok" : "not ok",
		       ++ntest, n);
		nfail += !f || !n || bad;
	}
	return nfail ? 1 : 0;
}
