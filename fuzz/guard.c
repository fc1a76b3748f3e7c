/* SPDX-License-Identifier: MIT */
/*
 * Held-crash guards (guard.h). Each guard is a crash of a device model that
 * vct has found, confirmed in the model's source, and described by the shape
 * of the chain the model pops when it dies; the walk below is the model's own
 * (QEMU 7.2: hw/virtio/virtio.c virtqueue_split_pop(), the lines cited).
 */
#include "guard.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4
#define QEMU_MAX_SG 1024	/* VIRTQUEUE_MAX_SIZE: iovecs of one element */
#define PAGE 4096u

static uint16_t ld16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t ld32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t ld64(const void *p)
{
	return ld32(p) | (uint64_t)ld32((const uint8_t *)p + 4) << 32;
}

struct gdesc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static void desc_at(const void *table, unsigned int i, struct gdesc *d)
{
	const uint8_t *e = (const uint8_t *)table + 16u * i;

	d->addr = ld64(e);
	d->len = ld32(e + 8);
	d->flags = ld16(e + 12);
	d->next = ld16(e + 14);
}

/* How a chain ends when the device pops it. */
enum pop {
	POP_OK,		/* popped: the element below */
	POP_ERROR,	/* virtio_error(): the device is broken, pops nothing more until a reset */
	POP_UNSURE,	/* vct cannot tell (memory it did not map, a table across pages) */
};

struct elem {
	unsigned int out_desc, in_desc;
	uint64_t out_bytes, in_bytes;
	bool idx_write;		/* a writable descriptor meets the queue's available index (fz_gq.ring_iova[1] + 2) */
};

/* Pages [addr, addr + len) spans: the most iovecs a mapping through the IOMMU splits it into. */
static uint64_t pages_spanned(uint64_t addr, uint32_t len)
{
	return ((addr + len - 1) / PAGE) - (addr / PAGE) + 1;
}

/*
 * Where the device's mapping of [addr, addr + len) goes. Memory the IOMMU
 * does not translate is not refused by address_space_map()
 * (softmmu/physmem.c 3213-3260): the unassigned region it lands in is not
 * direct memory, so it gets QEMU's one bounce buffer, at most a page,
 * taken until the element is unmapped; a second such mapping in the same
 * element finds it in use and fails ("bogus descriptor"). vct cannot tell
 * for a range across the interrupt window's ends (intel_iommu's
 * 0xfee00000-0xfeefffff region in the device's address space). A range
 * that runs past the top of the address space is no exception behind the
 * IOMMU: nothing there translates (beyond the IOMMU's address width), the
 * region it lands in is not RAM, so nothing cuts the length before the
 * bounce buffer does (address_space_translate_internal, 383-386), and the
 * next piece starts from the wrapped address (session 14: 7 readable bytes
 * at 2^64 - 4, then a writable buffer, killed net's QEMU in iov_copy).
 *
 * A range partly inside vct's mappings (an edge part running past the end
 * of its buffer into the guard gap) is mapped piece by piece, as
 * virtqueue_map_desc() (hw/virtio/virtio.c 1854-1879) asks
 * address_space_map() for what is left until nothing is: from an address
 * inside a mapping, the run up to that mapping's end directly (the
 * translation is extended while it stays in the same RAM, 3180-3205 and
 * 3256-3262; it stops where the IOMMU translates nothing); from an address
 * outside, the bounce buffer, for a page or what is left if less, wherever
 * the next mapping starts (the translation of an unmapped address is not
 * cut at the IOMMU's page, 412-451: it fails before the cut). @sg_lo and
 * @sg_hi get the fewest and the most iovecs it takes.
 */
enum dmap { DM_OK, DM_FAIL, DM_UNSURE };

static bool across_window(uint64_t addr, uint64_t len)
{
	return (addr < 0xfee00000ULL && addr + len > 0xfee00000ULL) || (addr < 0xfef00000ULL && addr + len > 0xfef00000ULL);
}

static enum dmap dma_map(const struct fz_gq *q, uint64_t addr, uint32_t len, bool *bounce_taken, uint64_t *sg_lo,
			 uint64_t *sg_hi)
{
	const void *va;
	int m;

	if (addr + len < addr) {
		/* (never one RAM mapping: physical addresses past the top are not judged, IOMMU addresses in pieces) */
		if (!q->iommu)
			return DM_UNSURE;
	} else {
		m = q->map(q->ctx, addr, len, &va);
		if (m == FZ_GM_RAM) {
			*sg_lo += 1;
			*sg_hi += pages_spanned(addr, len);
			return DM_OK;
		}
		if (!q->iommu)
			return DM_UNSURE;
	}
	while (len) {
		uint32_t run;

		m = q->map(q->ctx, addr, 1, &va);
		if (m == FZ_GM_RAM) {
			/* (the longest run from @addr inside one mapping: what is inside for n bytes is for fewer) */
			uint32_t lo = 1, hi = len;

			while (lo < hi) {
				uint32_t mid = lo + (hi - lo + 1) / 2;

				if (q->map(q->ctx, addr, mid, &va) == FZ_GM_RAM)
					lo = mid;
				else
					hi = mid - 1;
			}
			run = lo;
			*sg_hi += pages_spanned(addr, run);
		} else if (m == FZ_GM_NONE) {
			run = len < PAGE ? len : PAGE;
			if (across_window(addr, run))
				return DM_UNSURE;
			if (*bounce_taken)
				return DM_FAIL;
			*bounce_taken = true;
			*sg_hi += 1;
		} else {
			return DM_UNSURE;
		}
		*sg_lo += 1;
		addr += run;
		len -= run;
	}
	return DM_OK;
}

/*
 * virtqueue_split_pop() (hw/virtio/virtio.c, QEMU 7.2.22 lines 1958-2080) on
 * the chain whose head is @head: the indirect table (2014-2031), then each
 * descriptor mapped by virtqueue_map_desc() (1840-1884: no zero length, every
 * byte mapped, at most VIRTQUEUE_MAX_SIZE iovecs), no readable descriptor
 * after a writable one (2043-2046), no more descriptors than the table holds
 * (2056-2059), next inside the table (virtqueue_split_read_next_desc, 1512-1534).
 */
/*
 * An indirect table behind the IOMMU: address_space_cache_init()
 * (softmmu/physmem.c 3321-3366) finds the IOMMU's region, which is not
 * direct memory, so the cache keeps no pointer and its length is the
 * table's (up to the end of that region's section: the interrupt window
 * cuts it, "Cannot map indirect buffer"); each entry is then read through
 * the IOMMU as it is needed (address_space_read_cached_slow() and
 * address_space_translate_cached(), 3398-3438). An entry in vct's memory
 * reads as vct wrote it, one the IOMMU does not translate as zeros (the
 * unassigned region): a zero length, an error below. False where vct cannot
 * tell: an entry partly inside a mapping, or across a page (the rest of the
 * read continues from the offset in the cache, not from the address).
 */
struct itab {
	const void *va;		/* the table in one contiguous mapping of vct's, else NULL */
	uint64_t iova;		/* (else: its entries read one by one through the IOMMU) */
};

static bool itab_at(const struct fz_gq *q, const struct itab *t, unsigned int i, struct gdesc *d)
{
	const void *va;
	int m;

	if (t->va) {
		desc_at(t->va, i, d);
		return true;
	}
	if ((t->iova + 16u * i) % PAGE > PAGE - 16)
		return false;
	m = q->map(q->ctx, t->iova + 16u * i, 16, &va);
	if (m == FZ_GM_RAM) {
		desc_at(va, 0, d);
		return true;
	}
	memset(d, 0, sizeof(*d));
	return m == FZ_GM_NONE;
}

static enum pop split_pop(const struct fz_gq *q, unsigned int head, struct elem *el)
{
	struct itab t = { .va = q->desc };
	unsigned int max = q->size, i = head, entries = 0;
	uint64_t sg_lo = 0, sg_hi = 0;	/* iovecs: at least, at most */
	bool bounce = false;
	struct gdesc d;

	memset(el, 0, sizeof(*el));
	desc_at(t.va, i, &d);
	if (d.flags & DESC_F_INDIRECT) {
		const void *va = NULL;
		int m;

		if (!d.len || d.len % 16)
			return POP_ERROR;	/* "Invalid size for indirect buffer table" */
		if (d.addr + d.len < d.addr)
			return POP_UNSURE;
		m = q->map(q->ctx, d.addr, d.len, &va);
		if (q->iommu) {
			/* (itab above; a table on the interrupt window, or across its ends, is not judged) */
			if (d.addr < 0xfef00000ULL && d.addr + d.len > 0xfee00000ULL)
				return POP_UNSURE;
			t.va = m == FZ_GM_RAM && pages_spanned(d.addr, d.len) == 1 ? va : NULL;
			t.iova = d.addr;
		} else {
			/* (physical addresses: within one page one contiguous mapping, across pages it depends on the layout) */
			if (m != FZ_GM_RAM || pages_spanned(d.addr, d.len) > 1)
				return POP_UNSURE;
			t.va = va;
		}
		max = d.len / 16;
		i = 0;
		if (!itab_at(q, &t, i, &d))
			return POP_UNSURE;
	}
	for (;;) {
		enum dmap dm;

		if (!(d.flags & DESC_F_WRITE) && el->in_desc)
			return POP_ERROR;	/* "Incorrect order for descriptors" */
		if (!d.len)
			return POP_ERROR;	/* "zero sized buffers are not allowed" */
		dm = dma_map(q, d.addr, d.len, &bounce, &sg_lo, &sg_hi);
		if (dm == DM_FAIL)
			return POP_ERROR;	/* "bogus descriptor or out of resources" */
		if (dm == DM_UNSURE)
			return POP_UNSURE;
		if (sg_lo > QEMU_MAX_SG)
			return POP_ERROR;	/* "too many ... descriptors" */
		if (sg_hi > QEMU_MAX_SG)
			return POP_UNSURE;	/* (depends on how the IOMMU's pages join) */
		if (d.flags & DESC_F_WRITE) {
			uint64_t end = d.addr + d.len < d.addr ? UINT64_MAX : d.addr + d.len;

			el->in_desc++;
			el->in_bytes += d.len;
			if (q->ring_len[1] && d.addr < q->ring_iova[1] + 4 && q->ring_iova[1] + 2 < end)
				el->idx_write = true;
		} else {
			el->out_desc++;
			el->out_bytes += d.len;
		}
		if (++entries > max)
			return POP_ERROR;	/* "Looped descriptor" */
		if (!(d.flags & DESC_F_NEXT))
			return POP_OK;
		if (d.next >= max)
			return POP_ERROR;	/* "Desc next is %u" */
		i = d.next;
		if (!itab_at(q, &t, i, &d))
			return POP_UNSURE;
	}
}

/* What one popped element does to the device, for a guard. */
enum shape {
	SH_PASS,	/* handled: the device goes on with the next chain */
	SH_CRASH,	/* the held crash */
	SH_STOP,	/* the device stops here for a reason of its own (an error it reports) */
	SH_UNSURE,	/* vct cannot tell what the device does with it */
};

/*
 * virtio-net transmit: virtio_net_flush_tx() (hw/net/virtio-net.c, 7.2.22
 * 2628-2727). With a back end without a vnet header (-netdev user:
 * host_hdr_len 0, set at 3684) it copies the payload from offset
 * guest_hdr_len of the chain's device-readable bytes (2689-2694), and
 * iov_copy() (util/iov.c 249-271) asserts at 269 that it consumed the offset:
 * fewer readable bytes than the header abort QEMU. No readable descriptor is
 * an error first (2656-2659), exactly the header is one after (2697-2700).
 */
static unsigned int net_hdr_len(const struct fz_gq *q, bool *known)
{
	bool v1 = (q->feat[0] >> 32) & 1, mrg = (q->feat[0] >> 15) & 1, hash = (q->feat[0] >> 57) & 1;

	/* virtio_net_set_mrg_rx_bufs(), 659-681: the header the guest's features give */
	*known = q->feat_known;
	return v1 ? (hash ? 20 : 12) : mrg ? 12 : 10;
}

static bool net_tx_queue(const struct fz_gq *q)
{
	/* rx0, tx0, rx1, tx1 ..., then the control queue when the count is odd (virtio_net_device_realize) */
	return (q->qi & 1) && q->qi < q->num_queues - (q->num_queues & 1);
}

static enum shape net_tx_short(const struct fz_gq *q, const struct elem *el, uint16_t n)
{
	bool known;
	unsigned int hdr = net_hdr_len(q, &known);

	(void)n;
	if (!el->out_desc)
		return SH_STOP;	/* "virtio-net header not in first element" */
	if (!known)
		return el->out_bytes < 10 ? SH_CRASH : el->out_bytes <= 20 ? SH_UNSURE : SH_PASS;
	if (el->out_bytes < hdr)
		return SH_CRASH;
	if (el->out_bytes == hdr)
		return SH_STOP;	/* "virtio-net nothing to send" */
	return SH_PASS;
}

/* The heads the device pops next, in order: from the used index, then a pending post. */
static bool heads_of(const struct fz_gq *q, uint16_t *idx, uint16_t *heads)
{
	*idx = ld16((const uint8_t *)q->used + 2);
	*heads = (uint16_t)(ld16((const uint8_t *)q->avail + 2) - *idx + (q->pending ? 1 : 0));
	return *heads <= q->size;	/* else "Guest moved used index": an error before any pop (virtqueue_num_heads, 1470-1487) */
}

static unsigned int head_at(const struct fz_gq *q, uint16_t idx, uint16_t n, uint16_t heads)
{
	return q->pending && n == heads - 1 ? q->pending - 1
					   : ld16((const uint8_t *)q->avail + 4 + 2u * ((uint16_t)(idx + n) % q->size));
}

/*
 * Each chain popped in turn, until one has the held shape or the device
 * would stop. A chain vct cannot judge does not end the walk: the device
 * either stops at it or goes on to the next, so a held shape further on is
 * still reached in one of the two (session 14: a 15-byte chain the guard
 * left unsure, which QEMU popped, then a 3-byte one killed net's QEMU).
 * Declined then; else unsure, as that chain. @shape gets each popped
 * chain and its place in the walk (0: the first the device pops).
 */
/* The walk itself, from the used index through the rings as they are. */
static enum shape heads_walk(const struct fz_gq *q,
			     enum shape (*shape)(const struct fz_gq *, const struct elem *, uint16_t n))
{
	uint16_t idx, heads;
	enum shape sh = SH_PASS;
	bool unsure = false;

	if (!heads_of(q, &idx, &heads))
		return SH_STOP;
	for (uint16_t n = 0; n < heads && (sh == SH_PASS || sh == SH_UNSURE); n++) {
		unsigned int head = head_at(q, idx, n, heads);
		struct elem el;
		enum pop pr;

		if (head >= q->size)
			return unsure ? SH_UNSURE : SH_STOP;	/* "Guest says index %u is available" (virtqueue_get_head, 1490-1503) */
		pr = split_pop(q, head, &el);
		sh = pr == POP_OK ? shape(q, &el, n) : pr == POP_ERROR ? SH_STOP : SH_UNSURE;
		unsure |= sh == SH_UNSURE;
	}
	return sh == SH_CRASH ? SH_CRASH : unsure ? SH_UNSURE : sh;
}

static enum shape pop_walk(const struct fz_gq *q,
			   enum shape (*shape)(const struct fz_gq *, const struct elem *, uint16_t n))
{
	if (q->rings_unsure) {
		/*
		 * Where the device stands is unknown. A walk from the used index
		 * through vct's rings is what a device that kept its place pops
		 * (QEMU keeps its rings through a status write that clears bits):
		 * a held shape there is declined. Session 16: status 0x25 after
		 * DRIVER_OK left net's rings unsure, a kick with no post of its own
		 * was let through, and QEMU died of the held net-tx-short-header
		 * (a chain posted earlier). Where a live address write moved the
		 * device's rings, the walk reads the wrong ones: at worst a
		 * notification declined, never a verdict. Else the chain being
		 * posted, popped in its turn unless the device broke before.
		 */
		struct elem el;
		enum pop pr;

		if (heads_walk(q, shape) == SH_CRASH)
			return SH_CRASH;
		if (!q->pending)
			return SH_UNSURE;
		pr = split_pop(q, q->pending - 1, &el);
		return pr == POP_OK ? shape(q, &el, 0) : pr == POP_ERROR ? SH_STOP : SH_UNSURE;
	}
	return heads_walk(q, shape);
}

static enum shape net_tx_walk(const struct fz_gq *q, uint64_t *detail)
{
	return pop_walk(q, net_tx_short);
}

/*
 * virtio-net receive: virtio_net_receive_rcu() (hw/net/virtio-net.c, 7.2.22
 * 1835-1965) pops one chain per frame (without MRG_RXBUF: a frame larger
 * than the chain is dropped and the chain given back, 1938-1946, so the
 * chains are taken in ring order) and, for the first chain of a frame,
 * copies the frame from offset guest_hdr_len of its device-writable bytes
 * (1921-1936): fewer than the header make iov_from_buf_full() assert at
 * util/iov.c:39. With MRG_RXBUF, iov_copy() of num_buffers at offset 10
 * (1910-1913) asserts first (util/iov.c:269) when the chain has fewer than
 * 10. No writable descriptor is an error (1898-1905). Frames come from the
 * back end whenever it has one (-netdev user answers what the device sent,
 * and queues frames until a buffer comes), so a short chain about to be
 * popped is the crash, kicked or not. With -netdev user there is one queue
 * pair; a receive queue other than the first receives only with MQ and a
 * control command, which the guard does not follow (unsure).
 */
static bool net_rx_queue(const struct fz_gq *q)
{
	return !(q->qi & 1) && q->qi < q->num_queues - (q->num_queues & 1);
}

/* The @n-th receive chain the device pops, for the guard of the crash without (@mrg_short: with) MRG_RXBUF's. */
static enum shape net_rx_short_as(const struct fz_gq *q, const struct elem *el, uint16_t n, bool mrg_short)
{
	bool known, mrg = (q->feat[0] >> 15) & 1;
	unsigned int hdr = net_hdr_len(q, &known);

	if (!el->in_desc)
		return SH_STOP;	/* "virtio-net receive queue contains no in buffers" */
	/* (which of the two, or none, the features say; no later chain is judged either: the walk ends) */
	if (!known)
		return el->in_bytes < 20 ? SH_UNSURE : SH_STOP;
	if (el->in_bytes >= hdr)
		return SH_PASS;
	/* (with MRG_RXBUF a chain after the first may continue a frame: only the first is surely a frame's first) */
	if (mrg && n)
		return SH_UNSURE;
	if (mrg && el->in_bytes < 10)
		return mrg_short ? SH_CRASH : SH_UNSURE;
	return mrg_short ? SH_UNSURE : SH_CRASH;
}

static enum shape net_rx_short(const struct fz_gq *q, const struct elem *el, uint16_t n)
{
	return net_rx_short_as(q, el, n, false);
}

static enum shape net_rx_short_mrg(const struct fz_gq *q, const struct elem *el, uint16_t n)
{
	return net_rx_short_as(q, el, n, true);
}

static enum shape net_rx_walk_as(const struct fz_gq *q, bool mrg_short)
{
	/* (rings unknown: with MRG_RXBUF the chain posted may continue a frame) */
	if (q->qi != 0 || (q->rings_unsure && ((q->feat[0] >> 15) & 1)))
		return SH_UNSURE;
	return pop_walk(q, mrg_short ? net_rx_short_mrg : net_rx_short);
}

static enum shape net_rx_walk(const struct fz_gq *q, uint64_t *detail)
{
	return net_rx_walk_as(q, false);
}

static enum shape net_rx_mrg_walk(const struct fz_gq *q, uint64_t *detail)
{
	return net_rx_walk_as(q, true);
}

/*
 * virtio-rng: virtio_rng_process() (hw/virtio/virtio-rng.c, 7.2.22 95-123)
 * asks its back end for as many bytes as the available chains' writable
 * descriptors add up to (get_request_size(), 36-42, with a quota of
 * UINT32_MAX, 110-115) before it maps any of them; rng-builtin allocates
 * that much (backends/rng.c:34) and fills it in a bottom half of the main
 * loop, under the big lock (rng_builtin_receive_entropy_bh(),
 * backends/rng-builtin.c:22-35, qemu_guest_getrandom_nofail() at 29), and
 * only then pops the chains (chr_read(), 47-93), whose unmapped descriptors
 * fail ("bogus descriptor or out of resources"). It does so on every
 * notification (handle_input, 125-129) unless the device is broken
 * (virtio_queue_notify(), hw/virtio/virtio.c 2919-2925, returns first), and
 * on every status write with DRIVER_OK (virtio_rng_set_status(), 162-173),
 * broken or not (is_guest_ready(), 25-34, does not look at it); the back end
 * serves every request in turn. The sum as
 * virtqueue_split_get_avail_bytes() makes it (hw/virtio/virtio.c
 * 1536-1641): lengths never mapped, an unsigned 32-bit total (1601), done at
 * the quota (1605-1607), no more descriptors over all the ring's chains than
 * the queue holds (1595-1598, 1610-1614), and any error makes it 0
 * (1638-1640). The held stall is the bytes generated for descriptors the
 * device can never write: of that sum, what lies outside every mapping vct
 * made. Past RNG_UNBACKED_MAX of those the walk says SH_CRASH (fz_gq.detail:
 * the request and its unbacked bytes).
 */
#define RNG_UNBACKED_MAX (1u << 20)

/*
 * An indirect table as the sum reads it (1565-1585). Through the IOMMU,
 * address_space_cache_init() (softmmu/physmem.c 3321-3364) finds the IOMMU
 * region, not RAM: it maps nothing and succeeds for any length up to the
 * end of that region's section, which the interrupt window
 * (0xfee00000-0xfeefffff, added over it by vtd_find_add_as(),
 * hw/i386/intel_iommu.c 3694-3700) cuts: a table across its start is
 * "Cannot map indirect buffer". Each entry is then read through its own
 * translation (address_space_translate_cached(), physmem.c 3398-3420):
 * from vct's memory where vct mapped it, zeros where the IOMMU maps nothing
 * (an unassigned read), whatever pages the table spans. An entry across a
 * page boundary is not followed: the slow path reads its second part at the
 * entry's offset in the table, not at its address (3427-3440, where
 * flatview_read_continue() goes on from @addr).
 */
struct rng_tab {
	const void *va;		/* the ring's own table, or (no IOMMU) one of vct's within a page */
	uint64_t addr;		/* else the table's address, read entry by entry */
};

static bool rng_tab_desc(const struct fz_gq *q, const struct rng_tab *t, unsigned int i, struct gdesc *d)
{
	uint64_t e = t->addr + 16ull * i;
	const void *va;
	int m;

	if (t->va) {
		desc_at(t->va, i, d);
		return true;
	}
	if (e / PAGE != (e + 15) / PAGE)
		return false;
	m = q->map(q->ctx, e, 16, &va);
	if (m == FZ_GM_RAM) {
		desc_at(va, 0, d);
		return true;
	}
	if (m == FZ_GM_NONE) {
		memset(d, 0, sizeof(*d));
		return true;
	}
	return false;
}

/* The least k >= 1 with @s + k * @c == 0xffffffff (mod 2^32); 0: none. */
static uint64_t laps_to_quota(uint32_t s, uint32_t c)
{
	uint32_t d = 0xffffffffu - s;
	unsigned int tz;
	uint64_t a, inv, m, k;

	if (!c)
		return 0;
	tz = (unsigned int)__builtin_ctz(c);
	if (tz && (d & ((1u << tz) - 1)))
		return 0;
	m = 1ull << (32 - tz);
	a = c >> tz;
	inv = a;	/* (Newton's iteration for the inverse of an odd number mod 2^64: 3, 6, ... 96 bits) */
	for (int j = 0; j < 5; j++)
		inv *= 2 - a * inv;
	k = ((uint64_t)(d >> tz) * inv) & (m - 1);
	return k ? k : m;
}

/*
 * A chain that came back to entry @i after @num_bufs descriptors (@lap of
 * them since it was there): QEMU goes round until the table's @max
 * descriptors are counted ("Looped descriptor", the request 0), unless the
 * 32-bit total meets the quota on the way (1605-1607: done, the request
 * 0xffffffff, and the pop of such a chain fails, so none of it is written).
 * Solved per position of the lap instead of walked: a table of 2 GiB has
 * 2^27 entries (a guard that walked them took 80 s of a campaign).
 * Returns SH_PASS with *in at the quota, SH_STOP, or SH_UNSURE.
 */
static int rng_loop(const struct fz_gq *q, const struct rng_tab *tab, unsigned int i, unsigned int num_bufs,
		    unsigned int lap, unsigned int max, uint32_t *in, uint64_t *steps)
{
	uint32_t p = *in, c = 0;
	uint64_t best = UINT64_MAX;
	struct gdesc d;

	for (unsigned int r = 0; r < lap; r++) {
		if (!rng_tab_desc(q, tab, i, &d))
			return SH_UNSURE;
		c += d.flags & DESC_F_WRITE ? d.len : 0;
		i = d.next;
	}
	for (unsigned int r = 0; r < lap; r++) {
		uint64_t k;

		if (!rng_tab_desc(q, tab, i, &d))
			return SH_UNSURE;
		p += d.flags & DESC_F_WRITE ? d.len : 0;
		k = p == 0xffffffffu ? 0 : laps_to_quota(p, c);
		if ((p == 0xffffffffu || k) && k * lap + r + 1 < best)
			best = k * lap + r + 1;
		i = d.next;
	}
	if (best > (uint64_t)max - num_bufs) {
		if (steps)
			*steps += max - num_bufs;
		return SH_STOP;	/* "Looped descriptor": the request is 0 */
	}
	if (steps)
		*steps += best;
	*in = 0xffffffffu;
	return SH_PASS;
}

/* [addr, addr + len) meets the queue's descriptor table or driver area (fz_gq.ring_iova). */
static bool rng_over_ring(const struct fz_gq *q, uint64_t addr, uint32_t len)
{
	uint64_t end = addr + len < addr ? UINT64_MAX : addr + len;

	for (int k = 0; k < 2; k++)
		if (q->ring_len[k] && addr < q->ring_iova[k] + q->ring_len[k] && q->ring_iova[k] < end)
			return true;
	return false;
}

/*
 * One chain of the sum from @head (@total_bufs: the descriptors the ring's
 * chains used so far): SH_STOP on an error (the request is 0). @unbacked
 * (may be NULL): its writable bytes outside vct's mappings, not wrapped.
 * @steps (may be NULL): the descriptors QEMU reads for it, a loop's to the
 * end of its table included. @fills_ring (may be NULL): set when a writable
 * descriptor meets the queue's own rings (rng_chain).
 */
static int rng_chain_steps(const struct fz_gq *q, unsigned int head, unsigned int *total_bufs, uint32_t *in,
			   uint64_t *backed, uint64_t *unbacked, uint64_t *steps, bool *fills_ring)
{
	unsigned int max = q->size, num_bufs = *total_bufs, i = head;
	unsigned int mark = UINT32_MAX, power = 1, since = 0;	/* (Brent's cycle detection on the entries followed) */
	struct rng_tab tab = { .va = q->desc };
	bool ind = false;
	struct gdesc d;

	if (head >= q->size)
		return SH_STOP;	/* "Guest says index %u is available": the request is 0 */
	desc_at(tab.va, i, &d);
	if (d.flags & DESC_F_INDIRECT) {
		if (!d.len || d.len % 16 || num_bufs >= max)
			return SH_STOP;
		if (d.addr + d.len < d.addr)
			return SH_UNSURE;
		if (q->iommu) {
			if (d.addr < 0xfee00000ULL && d.addr + d.len > 0xfee00000ULL)
				return SH_STOP;	/* "Cannot map indirect buffer" */
			if (d.addr >= 0xfee00000ULL && d.addr < 0xfef00000ULL)
				return SH_UNSURE;	/* (read through the interrupt remapping region) */
			tab = (struct rng_tab){ .addr = d.addr };
		} else {
			const void *va = NULL;

			if (q->map(q->ctx, d.addr, d.len, &va) != FZ_GM_RAM || pages_spanned(d.addr, d.len) > 1)
				return SH_UNSURE;
			tab = (struct rng_tab){ .va = va };
		}
		max = d.len / 16;
		num_bufs = i = 0;
		ind = true;
		if (!rng_tab_desc(q, &tab, i, &d))
			return SH_UNSURE;
	}
	for (;;) {
		if (++num_bufs > max)
			return SH_STOP;	/* "Looped descriptor": the request is 0 */
		if (steps)
			++*steps;
		if (d.flags & DESC_F_WRITE) {
			const void *va;

			*in += d.len;
			if (fills_ring && rng_over_ring(q, d.addr, d.len))
				*fills_ring = true;
			if (d.len && d.addr + d.len > d.addr && q->map(q->ctx, d.addr, d.len, &va) == FZ_GM_RAM)
				*backed += d.len;
			else if (unbacked)
				*unbacked += d.len;
		}
		if (*in == 0xffffffffu)
			break;	/* the quota reached: done (1605-1607) */
		if (!(d.flags & DESC_F_NEXT))
			break;
		if (d.next >= max)
			return SH_STOP;	/* "Desc next is %u": the request is 0 */
		i = d.next;
		since++;
		if (i == mark) {
			int r = rng_loop(q, &tab, i, num_bufs, since, max, in, steps);

			if (r != SH_PASS)
				return r;
			if (unbacked)
				*unbacked += 0xffffffffu;
			break;
		}
		if (since == power) {
			mark = i;
			power *= 2;
			since = 0;
		}
		if (!rng_tab_desc(q, &tab, i, &d))
			return SH_UNSURE;
	}
	*total_bufs = ind ? *total_bufs + 1 : num_bufs;
	return SH_PASS;
}

/*
 * One chain of the sum, for the unbacked-request guard. A chain with a
 * writable descriptor over the queue's own descriptor table or driver area
 * is the held stall too (SH_CRASH): virtio-rng fills it with entropy in a
 * bottom half, after the guard looked, and asks again on its own while the
 * available index is ahead (chr_read(), hw/virtio/virtio-rng.c:86-90), so
 * its next sum walks random descriptors, each writable one up to 4 GiB
 * (a campaign lost 7.2 s to one such program in session 11, 16.8 s in
 * session 10). No replay shows it twice the same way (the entropy
 * differs), so it is held through the stall it sets off.
 */
static int rng_chain(const struct fz_gq *q, unsigned int head, unsigned int *total_bufs, uint32_t *in, uint64_t *backed,
		     uint64_t *unbacked)
{
	bool fills = false;
	int r = rng_chain_steps(q, head, total_bufs, in, backed, unbacked, NULL, &fills);

	return r == SH_PASS && fills ? SH_CRASH : r;
}

/*
 * Where the device stands is not known: rings the program made ambiguous
 * (a moved avail index, status bits cleared, ring registers rewritten), or
 * a status write, which asks from wherever a broken device stopped (a pop
 * that failed took its chain: last_avail_idx one past the used index). The
 * device still reads vct's rings, and one request takes at most as many
 * heads as the queue holds, consecutive avail slots (virtqueue_num_heads(),
 * 1470-1487), so each slot's chain once at most: the sum over every slot
 * (the chain being posted in the slot it is about to fill) of the
 * unbacked writable bytes bounds what any request asks that vct cannot
 * back. Chains that are an error count nothing (a request that reaches
 * them is 0).
 */
static enum shape rng_bound(const struct fz_gq *q, uint64_t *detail)
{
	uint16_t aidx = ld16((const uint8_t *)q->avail + 2);
	uint64_t unb = 0;

	for (unsigned int s = 0; s < q->size; s++) {
		unsigned int head = q->pending && s == aidx % q->size ? q->pending - 1
								 : ld16((const uint8_t *)q->avail + 4 + 2u * s);
		unsigned int tb = 0;
		uint32_t w = 0;
		uint64_t b = 0, u = 0;
		int r = rng_chain(q, head, &tb, &w, &b, &u);

		/*
		 * (a chain vct cannot follow, on a device whose stall is held and
		 * whose position is unknown anyway: counted as the stall, see
		 * rng_tab_desc for what such chains are)
		 */
		if (r == SH_UNSURE || r == SH_CRASH)
			unb = UINT64_MAX / 2;
		else if (r == SH_PASS)
			unb += u;
	}
	*detail = unb;
	return unb > RNG_UNBACKED_MAX ? SH_CRASH : SH_PASS;
}

static enum shape rng_walk(const struct fz_gq *q, uint64_t *detail)
{
	uint16_t idx, heads;
	uint32_t in = 0;
	uint64_t backed = 0;
	unsigned int total_bufs = 0;

	if (q->rings_unsure || q->status_write)
		return rng_bound(q, detail);
	if (q->pending) {
		/*
		 * A post is judged by its own chain first, whatever stands before
		 * it: once available, any later request that reaches it (after a
		 * pop, a status write, a rate-limit tick) asks for it, and what the
		 * walk below makes of the chains before it rests on the used index
		 * being where the device stands.
		 */
		int r = rng_chain(q, q->pending - 1, &total_bufs, &in, &backed, NULL);

		if (r == SH_CRASH) {
			*detail = in;
			return SH_CRASH;
		}
		if (r == SH_PASS && in > backed && in - backed > RNG_UNBACKED_MAX) {
			*detail = in;
			return SH_CRASH;
		}
	}
	if (!heads_of(q, &idx, &heads))
		return SH_STOP;
	/*
	 * Each chain popped leaves a request for the chains after it: chr_read()
	 * pops until the bytes it got are handed out (69-84) and asks again
	 * while the queue is not empty (86-90). So the requests are followed as
	 * the device makes them, from where it stands: a 2 GiB chain behind a
	 * 64-byte one brings the first sum round to 63 bytes, which pops the
	 * first chain; the next request is 2 GiB. A request of 0 (an error in
	 * the sum, or a total that wraps to 0) pops nothing; a chain with
	 * writable bytes outside vct's mappings fails its pop, and the device
	 * breaks there (a notification does nothing then; a status write is
	 * judged by rng_bound).
	 */
	for (uint16_t pos = 0; pos < heads;) {
		uint32_t got = 0;
		enum shape r = SH_PASS;

		in = 0;
		backed = 0;
		total_bufs = 0;
		for (uint16_t n = pos; n < heads && in != 0xffffffffu && r == SH_PASS; n++)
			r = (enum shape)rng_chain(q, head_at(q, idx, n, heads), &total_bufs, &in, &backed, NULL);
		if (r == SH_UNSURE)
			return rng_bound(q, detail);
		if (r == SH_CRASH) {
			*detail = in;
			return SH_CRASH;
		}
		if (r != SH_PASS)
			return SH_PASS;	/* (an error: the request is 0) */
		if (in > backed && in - backed > RNG_UNBACKED_MAX) {
			*detail = in;
			return SH_CRASH;
		}
		if (!in)
			return SH_PASS;
		/*
		 * The pops, as split_pop() models them: a chain with bytes outside
		 * vct's mappings may still pop (one unmapped descriptor of a page
		 * at most takes QEMU's bounce buffer), and then the request after it
		 * comes; one that fails breaks the device, and nothing more is asked
		 * on a notification.
		 */
		while (pos < heads && got < in) {
			struct elem el;
			enum pop pr = split_pop(q, head_at(q, idx, pos, heads), &el);

			if (pr == POP_UNSURE)
				return rng_bound(q, detail);
			if (pr == POP_ERROR)
				return SH_PASS;
			got = el.in_bytes > in - got ? in : got + (uint32_t)el.in_bytes;
			pos++;
		}
	}
	return SH_PASS;
}

/*
 * The same sum's own walk (1594-1614): it counts every descriptor of a chain
 * until the table's entries are used up, reading each through the IOMMU
 * under the big lock, so a loop in a large indirect table (max =
 * desc.len / 16, 1583) is 2^26 reads for a 1 GiB table before "Looped
 * descriptor": 21.8 s of a campaign for a 2 GiB one (about 160 ns a read
 * here). Held as its own stall; past RNG_STEPS_MAX descriptors read in one
 * sum (about 10 ms) the walk says SH_CRASH. The first sum from where the
 * device stands reaches the chains up to the first error or the quota; where
 * that is unknown (rng_bound's cases), every slot's chain. A notification
 * on a broken device does nothing; a status write sums all the same.
 */
#define RNG_STEPS_MAX (1u << 16)

static enum shape rng_steps_walk(const struct fz_gq *q, uint64_t *detail)
{
	bool anywhere = q->rings_unsure || q->status_write;
	uint16_t idx = 0, heads = q->size;
	unsigned int total_bufs = 0;
	uint32_t in = 0;

	if (!anywhere && !heads_of(q, &idx, &heads))
		return SH_STOP;
	for (uint16_t n = 0; n < heads; n++) {
		unsigned int head, tb = 0;
		uint64_t b = 0, steps = 0;
		uint32_t w = 0;
		int r;

		if (anywhere)
			head = q->pending && n == ld16((const uint8_t *)q->avail + 2) % q->size
				       ? q->pending - 1 : ld16((const uint8_t *)q->avail + 4 + 2u * n);
		else
			head = head_at(q, idx, n, heads);
		r = anywhere ? rng_chain_steps(q, head, &tb, &w, &b, NULL, &steps, NULL)
			     : rng_chain_steps(q, head, &total_bufs, &in, &b, NULL, &steps, NULL);
		if (steps > RNG_STEPS_MAX)
			return SH_CRASH;
		if (r == SH_UNSURE)
			return SH_UNSURE;
		if (!anywhere && (r != SH_PASS || in == 0xffffffffu))
			return SH_PASS;	/* (the sum ends there) */
	}
	return SH_PASS;
}

/*
 * A packed post, the list about to be made available: its own writable bytes
 * (virtqueue_packed_get_avail_bytes(), hw/virtio/virtio.c 1670-1777, sums
 * them the same way, unmapped, 1737-1741); the chains before it were judged
 * when they were posted. (Were they to bring the 32-bit total round past
 * zero with this one, the request would be smaller: not modelled.)
 */
static enum shape rng_list(const struct fz_gq *q, uint64_t *detail)
{
	uint32_t in = 0;
	uint64_t backed = 0;

	for (unsigned int i = 0; i < q->nlist; i++) {
		const struct fz_gsg *d = &q->list[i];
		const void *va;

		if (!d->write)
			continue;
		in += d->len;
		if (d->len && d->addr + d->len > d->addr && q->map(q->ctx, d->addr, d->len, &va) == FZ_GM_RAM)
			backed += d->len;
	}
	*detail = in;
	return in > backed && in - backed > RNG_UNBACKED_MAX ? SH_CRASH : SH_PASS;
}

static bool rng_queue(const struct fz_gq *q)
{
	return q->qi == 0;
}

/*
 * virtio-net's receive queue, grown past its caches after DRIVER_OK. Frames
 * come when the back end has them (slirp answers frames sent earlier, by
 * this program or one before, whenever its main loop runs: vct cannot
 * follow them), and each is offered through virtio_net_has_buffers()
 * (hw/net/virtio-net.c:1598-1623): with EVENT_IDX, an empty queue, or any
 * queue with mergeable buffers, has virtio_queue_enable_notification_and_
 * check() write avail_event at used->ring[num] (vring_set_avail_event(),
 * hw/virtio/virtio.c:900-916), past the caches of a grown queue: a session
 * 15 campaign died so (queue 0 grown to 1024 while live, then a kick on
 * transmit queue 1), and the program alone did not kill a fresh boot's
 * QEMU, the frame's timing being the back end's. A queue with chains
 * otherwise has the frame's pop walk every available head
 * (virtqueue_get_avail_bytes(), then the pop): one read past the avail
 * cache dies; what the push and the interrupt do after it is not judged.
 */
static enum shape net_rx_live(const struct fz_gq *q, uint16_t live_size, bool ev, unsigned int pending)
{
	bool mrg = (q->feat[0] >> 15) & 1;
	uint16_t avail, used, end;

	if (!q->driver_ok || !q->cache_avail || !q->cache_used)
		return SH_UNSURE;
	avail = ld16((const uint8_t *)q->cache_avail + 2);
	used = ld16((const uint8_t *)q->cache_used + 2);
	end = (uint16_t)(avail + (pending ? 1 : 0));
	if (ev && (mrg || end == used))
		return SH_CRASH;
	for (uint16_t k = used, n = 0; k != end && n < live_size; k++, n++)
		if ((unsigned int)(k % live_size) >= q->cache_size + (ev ? 1u : 0u))
			return SH_CRASH;
	return ev ? SH_UNSURE : SH_PASS;
}

/*
 * A queue whose size the driver made larger while it was live, then
 * notified. QEMU's common-config write of queue_size
 * (hw/virtio/virtio-pci.c 1386-1390) goes to virtio_queue_set_num()
 * (hw/virtio/virtio.c 2833-2844), which changes vring.num alone; the ring
 * caches keep the lengths virtio_init_region_cache() gave them (638-694,
 * sizes 3963-3987) when queue_enable was last written (virtio-pci.c
 * 1404-1414), and every ring access indexes them by the new size:
 * avail_event at used->ring[num] (vring_set_avail_event, 900-916), the head
 * at avail->ring[last_avail_idx % num] (virtqueue_get_head, 1490-1503),
 * used_event at avail->ring[num] (vring_get_used_event, 803-806). With num
 * larger than the caches' size these fall past them and the bounds
 * assertions of the cached accessors abort QEMU
 * (include/exec/memory_ldst_cached.h.inc:77, address_space_stw_le_cached,
 * for avail_event); a smaller num stays inside. virtqueue_split_pop() reads
 * the head and writes avail_event (1991-1997) before it refuses the
 * descriptor table the caches are too short for ("Cannot map descriptor
 * ring", 2007-2010), so no element is popped, but the write is already done.
 * A notification reaches the queue's handler unless the device is broken
 * (virtio_queue_notify, 2919-2938, or through ioeventfd after DRIVER_OK
 * virtio_queue_notify_vq, 2901-2917; no status check). With EVENT_IDX:
 * - virtio-blk's handler turns notifications off and on around its pops
 *   (virtio_blk_handle_vq, hw/block/virtio-blk.c 767-783): turning them on
 *   writes avail_event (virtio_queue_split_set_notification, 918-924): every
 *   notification dies.
 * - virtio-net's transmit handler schedules its bottom half
 *   (virtio_net_handle_tx_bh, hw/net/virtio-net.c 2760-2784), which, with
 *   DRIVER_OK, turns notifications on after its first flush
 *   (virtio_net_tx_bh, 2836-2882): dies (without DRIVER_OK it waits for it:
 *   not judged).
 * - virtio-net's control queue (virtio_net_handle_ctrl, 1541-1565) and
 *   virtio-serial's transmit and control-out queues (the odd ones:
 *   handle_output and control_out, hw/char/virtio-serial-bus.c 499-516,
 *   458-497; notifications never turned off) pop: a chain made available
 *   is popped, its head read, avail_event written: dies, unless the head
 *   is out of range (an error first). An empty control queue pops nothing;
 *   an empty virtio-serial queue still calls virtio_notify(), which reads
 *   used_event only after a first interrupt since the queue was enabled
 *   (virtio_split_should_notify, 3016-3040): not judged.
 * Without EVENT_IDX only the heads read can fall past the cache: each pop
 * fails and virtio-blk's loop reads every available head
 * (virtio-blk.c 767-783; virtio_queue_empty() does not look at the broken
 * flag), the transmit bottom half two, the others one.
 */
static enum shape live_kick(const struct fz_gq *q, uint16_t live_size, unsigned int pending)
{
	bool ev = (q->feat[0] >> 29) & 1;
	unsigned int reads = 1;	/* heads the handler reads (without EVENT_IDX) */
	uint16_t avail, used, heads;

	switch (q->type) {
	case 2:
		if (ev)
			return SH_CRASH;
		reads = 0xffff;
		break;
	case 1:
		if (net_tx_queue(q)) {
			if (!q->driver_ok)
				return SH_UNSURE;
			if (ev)
				return SH_CRASH;
			reads = 2;
		} else if (net_rx_queue(q)) {
			return net_rx_live(q, live_size, ev, pending);
		}
		break;
	case 3:
		if (!(q->qi & 1))
			return SH_UNSURE;
		break;
	case 4:
		/*
		 * virtio-rng after DRIVER_OK (is_guest_ready()): a request for
		 * the available chains' writable bytes, made at a notification
		 * or a status write (virtio_rng_process(),
		 * hw/virtio/virtio-rng.c:92-114), is answered later, in the main
		 * loop: chr_read() (45-88) pops the chains with whatever size the
		 * queue has by then, and the pop with EVENT_IDX writes
		 * avail_event past the caches (a campaign of session 10 died so:
		 * a status write asked, a raw write grew queue_size, the entropy
		 * came). So the growing write is judged with the chains
		 * available; a notification after it is judged alike, though its
		 * own request stops at "Cannot map descriptor ring"
		 * (virtqueue_get_avail_bytes(), hw/virtio/virtio.c 1803-1807),
		 * since one made before it may still be pending.
		 * Chains without writable bytes ask nothing: counted as ones that
		 * do (declined, not walked).
		 */
		if (!q->driver_ok)
			return SH_PASS;
		reads = 0xffff;
		break;
	default:
		return SH_UNSURE;
	}
	if (!q->cache_avail || !q->cache_used)
		return SH_UNSURE;
	avail = ld16((const uint8_t *)q->cache_avail + 2);
	used = ld16((const uint8_t *)q->cache_used + 2);
	/* (@pending: a chain about to be published, its head + 1, which a notification still held will find) */
	heads = (uint16_t)(avail - used + (pending ? 1 : 0));
	/*
	 * (an empty virtio-serial queue: handle_output() ends in virtio_notify()
	 * all the same, whose used_event read, past the cache, comes once an
	 * earlier virtio_notify() of the queue since the reset set
	 * signalled_used_valid, virtio.c:3036-3040, 2542: any notification that
	 * reached the handler did)
	 */
	if (!heads)
		return !ev || q->type != 3 ? SH_PASS : q->notified ? SH_CRASH : SH_UNSURE;
	if (ev) {
		/* the head at avail->ring[used % num]: inside the cache up to its used_event slot (cache_size) */
		unsigned int slot = used % live_size;
		uint16_t head;

		if (slot > q->cache_size)
			return SH_CRASH;	/* (the read of the head itself) */
		head = pending && avail == used && q->size && slot == avail % q->size
			       ? (uint16_t)(pending - 1) : ld16((const uint8_t *)q->cache_avail + 4 + 2u * slot);
		return head < live_size ? SH_CRASH : SH_UNSURE;
	}
	for (unsigned int k = 0; k < heads && k < reads; k++)
		if ((uint16_t)(used + k) % live_size >= q->cache_size)
			return SH_CRASH;
	return SH_PASS;
}

/*
 * After DRIVER_OK QEMU takes notifications through ioeventfd, in its main
 * loop, later (virtio-pci.c:1372-1374 starts it at the DRIVER_OK write;
 * the memory core signals the eventfd on the notify write under TCG as well,
 * softmmu/memory.c:1497-1500; virtio_queue_host_notifier_read(),
 * virtio.c:4203-4209, calls the handler): a notification sent before a
 * live queue_size write can be handled after it, with the new size. So the
 * write that grows the queue past its caches is judged as a notification
 * with the new size, when the queue may hold one: after DRIVER_OK always
 * (vct cannot tell when QEMU's main loop took the last one, and QEMU sends
 * one to every queue itself when it starts ioeventfd, 4375-4382); before
 * DRIVER_OK a notification is handled in the write that sends it
 * (virtio_pci_notify_write(), virtio-pci.c:1467-1479). A size QEMU refuses
 * (above 1024, virtio.c:2836-2841) changes nothing. The same start at a
 * DRIVER_OK write that follows one without it notifies every queue: judged
 * as a notification of each.
 */
static enum shape live_size_walk(const struct fz_gq *q, uint64_t *detail)
{
	if (q->size_write) {
		if (!q->driver_ok || q->size_write > 1024)
			return SH_PASS;
		return live_kick(q, q->size_write, 0);
	}
	if (q->status_write && !q->status_kick)
		return SH_PASS;	/* (ioeventfd runs already: the write notifies nothing) */
	/*
	 * A post: virtio-blk looks at a queue only when notified; after
	 * DRIVER_OK the others may still hold a notification QEMU's main loop
	 * has not taken (the one it sends itself at DRIVER_OK included), which
	 * finds the chain with the size the queue has now (a session 11 net
	 * campaign died so on the control queue: DRIVER_OK, queue_size grown
	 * with the queue empty, a post). A packed list is not walked.
	 */
	if (q->pending || q->list)
		return q->type == 2 ? SH_PASS : q->list || !q->driver_ok ? SH_UNSURE : live_kick(q, q->live_size, q->pending);
	return live_kick(q, q->live_size, 0);
}

static bool live_size_grown(const struct fz_gq *q)
{
	return q->cache_size && (q->size_write ? q->size_write : q->live_size) > q->cache_size;
}

/*
 * Any device type: an available index far past what the ring holds.
 * virtqueue_split_pop() (hw/virtio/virtio.c 1958-1993) takes a chain while
 * the available index differs from last_avail_idx (virtio_queue_empty_rcu,
 * 1082-1097) and checks only that fewer than vring.num chains are in use
 * (1986-1989), not how far the index is ahead (virtqueue_num_heads, which
 * does, is not on that path). A device that pops until the queue is empty
 * (virtio-serial's discard_vq_data and do_flush_queued_data,
 * hw/char/virtio-serial-bus.c 133-149 and 499-516; virtio-blk's
 * virtio_blk_handle_vq, hw/block/virtio-blk.c 757-790, where a request of
 * no known type completes at once, 751-753) takes the ring's few chains
 * over and over, each mapped through the IOMMU, once for every index
 * between, under QEMU's big lock: an AVAILIDX jump of 0xf676 on an 8-entry
 * ring of virtio-serial held it 16.9 s, one of 0xcee4 on virtio-blk's
 * 256-entry ring 21.5 s. Judged from the rings as the device
 * reads them: the available index (with a chain about to be published)
 * ahead of the used index by more than the ring holds and AVAIL_AHEAD_STALL
 * more, pops no driver can have made available. A smaller jump is let
 * through: a few hundred pops are a fraction of a second.
 */
#define AVAIL_AHEAD_STALL 256u

static bool any_queue(const struct fz_gq *q)
{
	(void)q;
	return true;
}

/*
 * The index can also be the device's own doing: a chain that lets it write
 * over the queue's available index (a ring part, an edge or wild writable
 * descriptor) has whatever the device writes there (a block device's
 * status byte or sector data, zeros included) become the index the next
 * pop runs to, up to 65 535 entries ahead. A session 12 blk campaign lost
 * 24.8 s of 38 to such a chain: 46 parts, two of them writable ring parts.
 * So a chain the device would pop next (the one being posted, or one
 * available from the used index on) with such a descriptor counts as the
 * stall. What a chain already used wrote is in vct's ring: the index read
 * above. (A chain QEMU refuses is never written through: virtio_error, the
 * device stops there.)
 */
static enum shape avail_ahead_walk(const struct fz_gq *q, uint64_t *detail)
{
	uint16_t avail = q->avail_write ? (uint16_t)(q->avail_write - 1) : ld16((const uint8_t *)q->avail + 2);
	unsigned int ahead = (uint16_t)(avail - ld16((const uint8_t *)q->used + 2)) + (q->pending ? 1u : 0u);
	uint16_t idx, heads;
	struct elem el;

	(void)detail;
	if (q->rings_unsure) {
		if (q->pending && split_pop(q, q->pending - 1, &el) != POP_ERROR && el.idx_write)
			return SH_CRASH;
	} else if (heads_of(q, &idx, &heads)) {
		for (uint16_t n = 0; n < heads; n++) {
			unsigned int head = head_at(q, idx, n, heads);
			enum pop pr;

			if (head >= q->size)
				break;
			pr = split_pop(q, head, &el);
			if (pr == POP_ERROR)
				break;
			if (el.idx_write)
				return SH_CRASH;
		}
	}
	return ahead > (unsigned int)q->size + AVAIL_AHEAD_STALL ? SH_CRASH : SH_PASS;
}

struct guard_def {
	const char *name;
	uint16_t type;
	const char *message;	/* in the device process's last words, or a known stall's name ("stall: ...") */
	const char *source;
	bool (*applies)(const struct fz_gq *q);
	enum shape (*walk)(const struct fz_gq *q, uint64_t *detail);	/* SH_CRASH: the held shape */
	enum shape (*list)(const struct fz_gq *q, uint64_t *detail);	/* the same for a packed post (NULL: unsure) */
	bool broken_too;	/* the device does it with DEVICE_NEEDS_RESET set as well */
	bool on_status;		/* a status write with DRIVER_OK does it too (fz_gq.status_write; always with NEEDS_RESET) */
	bool no_rings;		/* judges the queue's registers: needs no rings, and notifications before DRIVER_OK too */
	bool on_avail;		/* judges a write of the available index too (fz_gq.avail_write) */
};

static const struct guard_def defs[] = {
	{ "net-tx-short-header", 1, "iov_copy: Assertion `offset == 0' failed",
	  "QEMU 7.2.22 hw/net/virtio-net.c:2692 (virtio_net_flush_tx copies from offset guest_hdr_len of a chain "
	  "with fewer readable bytes), util/iov.c:269 (iov_copy: assert(offset == 0))",
	  net_tx_queue, net_tx_walk, NULL, false, false, false, false },
	{ "net-rx-short-buffer", 1, "iov_from_buf_full: Assertion `offset == 0' failed",
	  "QEMU 7.2.22 hw/net/virtio-net.c:1935 (virtio_net_receive_rcu copies a frame from offset guest_hdr_len of "
	  "a receive chain with fewer writable bytes), util/iov.c:39 (iov_from_buf_full: assert(offset == 0))",
	  net_rx_queue, net_rx_walk, NULL, false, false, false, false },
	/* (the same last words as the transmit crash: with MRG_RXBUF a receive chain under 10 bytes dies in iov_copy first) */
	{ "net-rx-short-mrg", 1, "iov_copy: Assertion `offset == 0' failed",
	  "QEMU 7.2.22 hw/net/virtio-net.c:1910-1913 (with MRG_RXBUF, num_buffers copied at offset 10 of a receive "
	  "chain with fewer writable bytes), util/iov.c:269 (iov_copy: assert(offset == 0))",
	  net_rx_queue, net_rx_mrg_walk, NULL, false, false, false, false },
	{ "rng-unbacked-request", 4, "stall: virtio-rng generates entropy for descriptors it cannot write",
	  "QEMU 7.2.22 hw/virtio/virtio-rng.c:36-42,110-121 (the request sums the chains' writable lengths, unmapped), "
	  "backends/rng.c:34 (allocated), backends/rng-builtin.c:29 (generated in the main loop under the big lock)",
	  rng_queue, rng_walk, rng_list, false, true, false, false },
	{ "rng-looped-table", 4, "stall: virtio-rng's request walks a looped chain to the end of its indirect table",
	  "QEMU 7.2.22 hw/virtio/virtio.c:1565-1614 (virtqueue_split_get_avail_bytes counts a chain's descriptors up to "
	  "the indirect table's len / 16 before \"Looped descriptor\", each read through the IOMMU), "
	  "hw/virtio/virtio-rng.c:36-42,115 (on every request)",
	  rng_queue, rng_steps_walk, NULL, false, true, false, false },
	/* (any device type: the ring caches are virtio.c's; the read of a head past them aborts in address_space_lduw_le_cached) */
	{ "live-size-grown", 0, "_cached: Assertion `addr < cache->len && ",
	  "QEMU 7.2.22 hw/virtio/virtio-pci.c:1386-1390 and hw/virtio/virtio.c:2833-2844 (queue_size written to a live "
	  "queue changes vring.num, not the ring caches built at queue_enable, 638-694), virtio.c:900-916 (avail_event "
	  "written at used->ring[num], past the cache), include/exec/memory_ldst_cached.h.inc:77",
	  live_size_grown, live_size_walk, NULL, false, true, true, false },
	/* (any device type that pops until the queue is empty; held where a campaign showed the stall: console) */
	{ "avail-far-ahead", 0, "stall: a queue's available index far past its ring has the same chains popped over and over",
	  "QEMU 7.2.22 hw/virtio/virtio.c:1958-1993 (virtqueue_split_pop pops while avail idx != last_avail_idx, "
	  "checking only that fewer than num chains are in use), 1082-1097 (virtio_queue_empty_rcu), "
	  "hw/char/virtio-serial-bus.c:133-149,499-516 and hw/block/virtio-blk.c:757-790 (pop until empty)",
	  any_queue, avail_ahead_walk, NULL, false, true, false, true },
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

const char *fz_guard_source(int def)
{
	return def >= 0 && (size_t)def < NDEFS ? defs[def].source : "";
}

const char *fz_guards_hold(struct fz_guards *gs, uint16_t type, const char *message, const char *held)
{
	const char *first = NULL;

	/* (every guard of those last words: one assertion can be reached from more than one chain shape) */
	for (size_t k = 0; k < NDEFS; k++) {
		bool on = false;

		if ((defs[k].type && defs[k].type != type) || !strstr(message, defs[k].message))
			continue;
		for (unsigned int i = 0; i < gs->n; i++)
			on = on || gs->g[i].def == (int)k;
		if (!on && gs->n < FZ_GUARDS_MAX) {
			gs->g[gs->n] = (struct fz_guard_on){ .def = (int)k };
			snprintf(gs->g[gs->n].held, sizeof(gs->g[0].held), "%s", held && *held ? held : message);
			gs->n++;
			on = true;
		}
		if (on && !first)
			first = defs[k].name;
	}
	return first;
}

int fz_guards_load(struct fz_guards *gs, uint16_t type, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f) {
		snprintf(err, errlen, "--held-crash %s: %s; give a file of the crashes held, one a line", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab, *held = "";
		size_t l = strcspn(line, "\r\n");

		line[l] = 0;
		if (!l || line[0] == '#')
			continue;
		if ((tab = strchr(line, '\t'))) {
			*tab = 0;
			held = tab + 1;
		}
		const char *g = fz_guards_hold(gs, type, line, held);

		if (g)
			fprintf(stderr, "vct: held crash guarded by %s (%s): %s\n", g, *held ? held : "held", line);
		else
			fprintf(stderr, "vct: held crash no guard knows (it is not declined): %s\n", line);
	}
	fclose(f);
	return 0;
}

/*
 * QEMU 7.2 under TCG: a store to MMIO that is not naturally aligned reaches
 * the region a byte at a time (accel/tcg/cputlb.c:2357-2359, store_helper(), "For
 * anything that is unaligned, recurse through byte stores", 2301-2311), an aligned one
 * whole (the common configuration takes 1 to 4 bytes, .impl,
 * hw/virtio/virtio-pci.c:1570-1578), and virtio_pci_common_write() takes
 * the value of an access at queue_size's address (0x18), whatever its
 * width, as the new size (1386-1390). So a 4-byte write at 0x17 hands the
 * queue its byte at 0x18 (a session 11 blk campaign died so: a
 * notification QEMU had not taken yet met the new size).
 */
uint32_t fz_guard_raw_size(uint32_t off, unsigned int width, uint64_t val)
{
	const uint32_t qs = 0x18;

	if (!width || width > 8 || qs < off || qs >= off + width)
		return 0;
	if (off % width == 0 && width <= 4)
		return off == qs ? (uint32_t)(width == 4 ? val : val & ((1ull << (8 * width)) - 1)) : 0;
	if (off % width == 0)	/* (8 bytes: two accesses of 4) */
		return off == qs ? (uint32_t)val : off + 4 == qs ? (uint32_t)(val >> 32) : 0;
	return (uint8_t)(val >> (8 * (qs - off)));
}

bool fz_guards_kick(struct fz_guards *gs, const struct fz_gq *q, bool (*needs_reset)(void *ctx), void *ctx)
{
	bool any = false;

	if (!gs)
		return false;
	for (unsigned int k = 0; k < gs->n; k++) {
		const struct guard_def *g = &defs[gs->g[k].def];
		struct fz_guard_on *on = &gs->g[k];
		uint64_t detail = 0;
		enum shape sh;

		if ((g->type && g->type != q->type) || !g->applies(q) || (q->status_write && !g->on_status) ||
		    (q->avail_write && !g->on_avail))
			continue;
		/* (a notification without DRIVER_OK makes the device look once and stop, for the guards of chains) */
		if (!g->no_rings && ((!q->pending && !q->list && !q->status_write && !q->driver_ok) || q->size_write))
			continue;
		on->checked++;
		if (q->list && !g->no_rings) {
			sh = g->list ? g->list(q, &detail) : SH_UNSURE;
		} else if (!g->no_rings && (!q->desc || !q->avail || !q->used || !q->size)) {
			on->unsure++;
			continue;
		} else {
			/* Where the device goes on from: what it returned so far (used->idx; a chain it popped and failed broke it). */
			sh = g->walk(q, &detail);
		}
		if (sh == SH_UNSURE)
			on->unsure++;
		if (sh != SH_CRASH)
			continue;
		/*
		 * A device that already set DEVICE_NEEDS_RESET pops nothing
		 * (virtio_queue_empty_rcu: broken). One that asks without a
		 * notification (on_status) still asks for a chain posted now, on
		 * the next status write or rate-limit tick (virtio-rng's
		 * check_rate_limit(), hw/virtio/virtio-rng.c:153-160, does not
		 * look at broken either): only its notifications are let through.
		 */
		if (!g->broken_too && (!q->status_write || g->no_rings) && !(g->on_status && !g->no_rings && (q->pending || q->list)) &&
		    needs_reset && needs_reset(ctx))
			continue;
		on->declined++;
		/* (the sizes a guard with a size declined: under 16 MiB, under 1 GiB, more) */
		if (detail)
			on->sizes[detail < (16u << 20) ? 0 : detail < (1u << 30) ? 1 : 2]++;
		on->declined_posts += q->pending != 0 || q->list;
		on->declined_status += q->status_write;
		gs->declined_now++;
		if (gs->on_match)
			gs->on_match(gs->match_ctx, g->name);
		any = true;
	}
	return any && !gs->observe;
}

void fz_guards_format(const struct fz_guards *gs, char *buf, size_t len)
{
	size_t h = 0;

	buf[0] = 0;
	for (unsigned int k = 0; k < gs->n && h < len; k++) {
		const struct fz_guard_on *on = &gs->g[k];
		int w = snprintf(buf + h, len - h, "%s%s %s %llu of %llu notifications, posts and status writes checked "
				 "(%llu of them posts, %llu status writes; %llu unsure: let through); held: %s",
				 k ? "; " : "", defs[on->def].name, gs->observe ? "would have declined" : "declined",
				 on->declined, on->checked, on->declined_posts, on->declined_status, on->unsure, on->held);

		if (w < 0)
			break;
		h += (size_t)w;
		if (h < len && on->sizes[0] + on->sizes[1] + on->sizes[2]) {
			w = snprintf(buf + h, len - h, " (requests declined: %llu under 16 MiB, %llu under 1 GiB, %llu larger)",
				     on->sizes[0], on->sizes[1], on->sizes[2]);
			if (w < 0)
				break;
			h += (size_t)w;
		}
	}
}
