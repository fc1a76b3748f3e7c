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
 * 0xfee00000-0xfeefffff region in the device's address space) or past the
 * top of the address space.
 */
enum dmap { DM_RAM, DM_BOUNCE, DM_FAIL, DM_UNSURE };

static enum dmap dma_map(const struct fz_gq *q, uint64_t addr, uint32_t len, bool *bounce_taken, const void **va)
{
	int m;

	if (addr + len < addr)
		return DM_UNSURE;
	m = q->map(q->ctx, addr, len, va);
	if (m == FZ_GM_RAM)
		return DM_RAM;
	if (m != FZ_GM_NONE || !q->iommu)
		return DM_UNSURE;
	if ((addr < 0xfee00000ULL && addr + len > 0xfee00000ULL) || (addr < 0xfef00000ULL && addr + len > 0xfef00000ULL))
		return DM_UNSURE;
	if (*bounce_taken || len > PAGE)
		return DM_FAIL;
	*bounce_taken = true;
	return DM_BOUNCE;
}

/*
 * virtqueue_split_pop() (hw/virtio/virtio.c, QEMU 7.2.22 lines 1958-2080) on
 * the chain whose head is @head: the indirect table (2014-2031), then each
 * descriptor mapped by virtqueue_map_desc() (1840-1884: no zero length, every
 * byte mapped, at most VIRTQUEUE_MAX_SIZE iovecs), no readable descriptor
 * after a writable one (2043-2046), no more descriptors than the table holds
 * (2056-2059), next inside the table (virtqueue_split_read_next_desc, 1512-1534).
 */
static enum pop split_pop(const struct fz_gq *q, unsigned int head, struct elem *el)
{
	const void *table = q->desc;
	unsigned int max = q->size, i = head, entries = 0;
	uint64_t sg_lo = 0, sg_hi = 0;	/* iovecs: at least, at most */
	bool bounce = false;
	struct gdesc d;

	memset(el, 0, sizeof(*el));
	desc_at(table, i, &d);
	if (d.flags & DESC_F_INDIRECT) {
		const void *va = NULL;
		int m;

		if (!d.len || d.len % 16)
			return POP_ERROR;	/* "Invalid size for indirect buffer table" */
		if (d.addr + d.len < d.addr)
			return POP_UNSURE;
		m = q->map(q->ctx, d.addr, d.len, &va);
		/*
		 * address_space_cache_init(): memory the IOMMU does not translate
		 * reads as zeros, so the first entry is a zero-length descriptor
		 * (an error below); in memory of vct's, a table within one page
		 * is one contiguous mapping, across pages it depends on the
		 * guest-physical layout ("Cannot map indirect buffer", or not).
		 */
		if (m == FZ_GM_NONE && q->iommu && (d.addr >= 0xfef00000ULL || d.addr + d.len <= 0xfee00000ULL))
			return POP_ERROR;
		if (m != FZ_GM_RAM || pages_spanned(d.addr, d.len) > 1)
			return POP_UNSURE;
		table = va;
		max = d.len / 16;
		i = 0;
		desc_at(table, i, &d);
	}
	for (;;) {
		const void *va;
		enum dmap dm;

		if (!(d.flags & DESC_F_WRITE) && el->in_desc)
			return POP_ERROR;	/* "Incorrect order for descriptors" */
		if (!d.len)
			return POP_ERROR;	/* "zero sized buffers are not allowed" */
		dm = dma_map(q, d.addr, d.len, &bounce, &va);
		if (dm == DM_FAIL)
			return POP_ERROR;	/* "bogus descriptor or out of resources" */
		if (dm == DM_UNSURE)
			return POP_UNSURE;
		sg_lo++;
		sg_hi += dm == DM_BOUNCE ? 1 : pages_spanned(d.addr, d.len);
		if (sg_lo > QEMU_MAX_SG)
			return POP_ERROR;	/* "too many ... descriptors" */
		if (sg_hi > QEMU_MAX_SG)
			return POP_UNSURE;	/* (depends on how the IOMMU's pages join) */
		if (d.flags & DESC_F_WRITE) {
			el->in_desc++;
			el->in_bytes += d.len;
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
		desc_at(table, i, &d);
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

static enum shape net_tx_short(const struct fz_gq *q, const struct elem *el)
{
	bool known;
	unsigned int hdr = net_hdr_len(q, &known);

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

struct guard_def {
	const char *name;
	uint16_t type;
	const char *message;	/* in the device process's last words */
	const char *source;
	bool (*applies)(const struct fz_gq *q);
	enum shape (*shape)(const struct fz_gq *q, const struct elem *el);
};

static const struct guard_def defs[] = {
	{ "net-tx-short-header", 1, "iov_copy: Assertion `offset == 0' failed",
	  "QEMU 7.2.22 hw/net/virtio-net.c:2692 (virtio_net_flush_tx copies from offset guest_hdr_len of a chain "
	  "with fewer readable bytes), util/iov.c:269 (iov_copy: assert(offset == 0))",
	  net_tx_queue, net_tx_short },
};
#define NDEFS (sizeof(defs) / sizeof(defs[0]))

const char *fz_guard_source(int def)
{
	return def >= 0 && (size_t)def < NDEFS ? defs[def].source : "";
}

const char *fz_guards_hold(struct fz_guards *gs, uint16_t type, const char *message, const char *held)
{
	for (size_t k = 0; k < NDEFS; k++) {
		if (defs[k].type != type || !strstr(message, defs[k].message))
			continue;
		for (unsigned int i = 0; i < gs->n; i++)
			if (gs->g[i].def == (int)k)
				return defs[k].name;
		if (gs->n >= FZ_GUARDS_MAX)
			return NULL;
		gs->g[gs->n] = (struct fz_guard_on){ .def = (int)k };
		snprintf(gs->g[gs->n].held, sizeof(gs->g[0].held), "%s", held && *held ? held : message);
		gs->n++;
		return defs[k].name;
	}
	return NULL;
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

bool fz_guards_kick(struct fz_guards *gs, const struct fz_gq *q, bool (*needs_reset)(void *ctx), void *ctx)
{
	bool any = false;

	if (!gs)
		return false;
	for (unsigned int k = 0; k < gs->n; k++) {
		const struct guard_def *g = &defs[gs->g[k].def];
		struct fz_guard_on *on = &gs->g[k];
		uint16_t idx, avail, heads;
		enum shape sh = SH_PASS;

		if (g->type != q->type || !g->applies(q))
			continue;
		on->checked++;
		if (!q->desc || !q->avail || !q->used || !q->size) {
			on->unsure++;
			continue;
		}
		/* Where the device goes on from: what it returned so far (used->idx; a chain it popped and failed broke it). */
		idx = ld16((const uint8_t *)q->used + 2);
		avail = ld16((const uint8_t *)q->avail + 2);
		heads = (uint16_t)(avail - idx + (q->pending ? 1 : 0));
		if (heads > q->size)
			continue;	/* "Guest moved used index": an error before any pop (virtqueue_num_heads, 1470-1487) */
		for (uint16_t n = 0; n < heads && sh == SH_PASS; n++) {
			unsigned int head = q->pending && n == heads - 1
						    ? q->pending - 1
						    : ld16((const uint8_t *)q->avail + 4 + 2u * ((uint16_t)(idx + n) % q->size));
			struct elem el;
			enum pop pr;

			if (head >= q->size)
				break;	/* "Guest says index %u is available" (virtqueue_get_head, 1490-1503) */
			pr = split_pop(q, head, &el);
			sh = pr == POP_OK ? g->shape(q, &el) : pr == POP_ERROR ? SH_STOP : SH_UNSURE;
		}
		if (sh == SH_UNSURE)
			on->unsure++;
		if (sh != SH_CRASH)
			continue;
		/* A device that already set DEVICE_NEEDS_RESET pops nothing (virtio_queue_empty_rcu: broken). */
		if (needs_reset && needs_reset(ctx))
			continue;
		on->declined++;
		on->declined_posts += q->pending != 0;
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
		int w = snprintf(buf + h, len - h, "%s%s %s %llu of %llu notifications and posts checked (%llu of them posts; "
				 "%llu unsure: let through); held: %s",
				 k ? "; " : "", defs[on->def].name, gs->observe ? "would have declined" : "declined",
				 on->declined, on->checked, on->declined_posts, on->unsure, on->held);

		if (w < 0)
			break;
		h += (size_t)w;
	}
}
