/* SPDX-License-Identifier: MIT */
/*
 * The held-crash guard's walk (fuzz/guard.c) on hand-made split rings: it
 * declines exactly the notification whose chains QEMU 7.2 would pop into the
 * held virtio-net crash (a transmit chain with fewer readable bytes than the
 * header), and lets through every chain the device refuses first or that vct
 * cannot judge. TAP on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

#define QSZ 8
#define RAM_BASE 0x100000ull	/* the driver's one mapping: [RAM_BASE, RAM_BASE + RAM_LEN) */
#define RAM_LEN 0x10000u

static uint8_t desc[16 * QSZ], avail[4 + 2 * QSZ], used[4 + 8 * QSZ];
static uint8_t ram[RAM_LEN];
static unsigned int ntest, nfail;
static bool needs_reset_now;
static unsigned int pending;

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
	needs_reset_now = false;
	pending = 0;
}

static void make_avail(uint16_t head)
{
	put16(avail + 4 + 2 * (aidx % QSZ), head);
	aidx++;
	put16(avail + 2, aidx);
}

static void expect(const char *name, uint16_t qi, bool feat_known, bool want)
{
	static const char held[] = "qemu-system-x86_64: ../../util/iov.c:269: iov_copy: Assertion `offset == 0' failed.";
	struct fz_guards gs;
	struct fz_gq q = { .type = 1, .qi = qi, .size = QSZ, .num_queues = 3, .desc = desc, .avail = avail, .used = used,
			   .feat_known = feat_known, .map = map, .iommu = true, .pending = pending };
	bool got;

	memset(&gs, 0, sizeof(gs));
	q.feat[0] = 1ull << 32;	/* VERSION_1: a 12-byte header */
	if (!fz_guards_hold(&gs, 1, held, "test")) {
		printf("not ok %u - %s: no guard holds the virtio-net abort\n", ++ntest, name);
		nfail++;
		return;
	}
	got = fz_guards_kick(&gs, &q, needs_reset, NULL);
	printf("%s %u - %s: %s\n", got == want ? "ok" : "not ok", ++ntest, name, got ? "declined" : "let through");
	nfail += got != want;
}

int main(void)
{
	const uint64_t R = RAM_BASE, GAP = 0x800000ull;

	printf("TAP version 13\n1..21\n");
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("6 readable bytes in mapped memory", 1, true, true);
	reset_rings(); setd(desc, 0, R, 12, 0, 0); make_avail(0);
	expect("exactly the header: QEMU's own error first", 1, true, false);
	reset_rings(); setd(desc, 0, R, 4, 1, 1); setd(desc, 1, R + 64, 9, 0, 0); make_avail(0);
	expect("13 readable bytes over two descriptors", 1, true, false);
	reset_rings(); setd(desc, 0, R, 4, 1, 1); setd(desc, 1, R + 64, 4, 0, 0); make_avail(0);
	expect("8 readable bytes over two descriptors", 1, true, true);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("the receive queue is not guarded", 0, true, false);
	reset_rings(); setd(desc, 0, R, 6, 0, 0); make_avail(0);
	expect("the control queue is not guarded", 2, true, false);
	reset_rings(); setd(desc, 0, GAP, 6, 0, 0); make_avail(0);
	expect("6 bytes the IOMMU does not map: QEMU's bounce buffer pops it", 1, true, true);
	reset_rings(); setd(desc, 0, GAP, 4, 1, 1); setd(desc, 1, GAP + 4096, 4, 0, 0); make_avail(0);
	expect("two unmapped descriptors: the bounce buffer is taken, an error", 1, true, false);
	reset_rings(); setd(desc, 0, GAP, 5000, 1, 1); setd(desc, 1, R, 4, 0, 0); make_avail(0);
	expect("an unmapped descriptor over a page: an error", 1, true, false);
	reset_rings(); setd(desc, 0, R + RAM_LEN - 4, 8, 0, 0); make_avail(0);
	expect("half in the driver's mapping: not judged", 1, true, false);
	reset_rings(); setd(desc, 0, R, 0, 0, 0); make_avail(0); setd(desc, 1, R, 6, 0, 0); make_avail(1);
	expect("after a zero-length chain the device is broken", 1, true, false);
	reset_rings(); setd(desc, 0, R, 64, 0, 0); make_avail(0); setd(desc, 1, R, 6, 0, 0); make_avail(1);
	expect("a good chain, then the short one", 1, true, true);
	reset_rings(); setd(desc, 0, R + 0x1000, 32, 4, 0); setd(ram + 0x1000, 0, R, 6, 0, 0); make_avail(0);
	expect("behind an indirect table", 1, true, true);
	reset_rings(); setd(desc, 0, GAP, 32, 4, 0); make_avail(0);
	expect("an indirect table the IOMMU does not map reads as zeros: an error", 1, true, false);
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
	return nfail ? 1 : 0;
}
