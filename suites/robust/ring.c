/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases on the split ring (any device type): descriptor chains
 * the driver side of the spec forbids, built from the type's own well-formed
 * request so that only the broken rule is wrong. Each is keyed to the
 * driver-side statement it breaks; where no sentence names the violation
 * exactly, .analogy says which rule it stretches and how.
 */
#include <endian.h>
#include <string.h>

#include "robust.h"

#define W VRING_DESC_F_WRITE
#define N VRING_DESC_F_NEXT
#define I VRING_DESC_F_INDIRECT

/* The request's parts as descriptors from 0, made available, notified; the table and readable parts watched. */
static void post_chain(struct vct_ctx *c, struct vct_rcase *rc, uint16_t head)
{
	rb_watch_request(c);
	rb_avail(rc->vq, head);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* ---- loops and chain lengths ------------------------------------------- */

/* R-3ce0662d: a descriptor whose next is itself. */
static void self_loop(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	const struct vct_sg *s = &rc->r.sg[0];

	rb_desc(rc->vq, 0, s->iova, s->len, (uint16_t)((s->write ? W : 0) | N), 0);
	post_chain(c, rc, 0);
}

/* R-3ce0662d: the request's own chain with its last descriptor pointing back at the head. */
static void chain_loop(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint16_t last = rb_chain(rc, 0);
	struct vring_desc *d = &rc->vq->desc[last];

	d->flags = htole16(le16toh(d->flags) | N);
	d->next = 0;
	post_chain(c, rc, 0);
}

/* A loop entered half-way: head -> 1 -> 2 -> 1 ... */
static void loop_tail(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	const struct vct_sg *s = &rc->r.sg[0];

	if (rc->vq->size < 3)
		vct_skip(c, "device: a queue of %u descriptors has no room for the loop", rc->vq->size);
	rb_desc(rc->vq, 0, s->iova, s->len, (uint16_t)((s->write ? W : 0) | N), 1);
	rb_desc(rc->vq, 1, s->iova, s->len, (uint16_t)((s->write ? W : 0) | N), 2);
	rb_desc(rc->vq, 2, s->iova, s->len, (uint16_t)((s->write ? W : 0) | N), 1);
	post_chain(c, rc, 0);
}

/* @next for the request's last descriptor: an index the table does not have. */
static void next_beyond(struct vct_ctx *c, uint32_t next)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint16_t last = rb_chain(rc, 0);
	struct vring_desc *d = &rc->vq->desc[last];

	d->flags = htole16(le16toh(d->flags) | N);
	d->next = htole16((uint16_t)(next ? next : rc->vq->size));
	post_chain(c, rc, 0);
}

static void next_is_size(struct vct_ctx *c)
{
	next_beyond(c, 0);
}

static void next_ffff(struct vct_ctx *c)
{
	next_beyond(c, 0xffff);
}

/* The avail ring names a head the table does not have. */
static void head_beyond(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	rb_chain(rc, 0);
	post_chain(c, rc, rc->vq->size);
}

/* ---- lengths and addresses --------------------------------------------- */

/* Writable page buffers whose lengths add up past 2^32 bytes (R-3ce0662d). */
static void len_past_4g(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint16_t i = 0;

	/* The request's readable part as it is, then two writable descriptors of 2^31 + 4 KiB each. */
	for (unsigned int k = 0; k < rc->r.n && !rc->r.sg[k].write; k++, i++)
		rb_desc(rc->vq, i, rc->r.sg[k].iova, rc->r.sg[k].len, N, (uint16_t)(i + 1));
	rb_desc(rc->vq, i, rb_page(c)->iova, 0x80001000u, W | N, (uint16_t)(i + 1));
	rb_desc(rc->vq, (uint16_t)(i + 1), rb_page(c)->iova, 0x80001000u, W, 0);
	post_chain(c, rc, 0);
}

/* One writable descriptor of 0xffffffff bytes over a page. */
static void len_max(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint16_t i = 0;

	for (unsigned int k = 0; k < rc->r.n && !rc->r.sg[k].write; k++, i++)
		rb_desc(rc->vq, i, rc->r.sg[k].iova, rc->r.sg[k].len, N, (uint16_t)(i + 1));
	rb_desc(rc->vq, i, rb_page(c)->iova, 0xffffffffu, W, 0);
	post_chain(c, rc, 0);
}

/* Every part of the request at an IOVA the driver never mapped (the IOMMU was not set up for it). */
static void addr_unmapped(struct vct_ctx *c, bool writable)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint64_t guard = vct_dma_guard_iova(&c->vd->dma);
	bool any = false;

	for (unsigned int k = 0; k < rc->r.n; k++)
		if (rc->r.sg[k].write == writable) {
			rc->r.sg[k].iova = guard;
			any = true;
		}
	if (!any)
		vct_skip(c, "spec: the %s's request has no device-%s part", vct_type_name(c->vd->type),
			 writable ? "writable" : "readable");
	rb_chain(rc, 0);
	post_chain(c, rc, 0);
}

static void addr_unmapped_readable(struct vct_ctx *c)
{
	addr_unmapped(c, false);
}

static void addr_unmapped_writable(struct vct_ctx *c)
{
	addr_unmapped(c, true);
}

/* An address whose range wraps past 2^64. */
static void addr_wraps(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	rc->r.sg[rc->r.n - 1].iova = 0xfffffffffffff800ull;
	rc->r.sg[rc->r.n - 1].len = 0x1000;
	rb_chain(rc, 0);
	post_chain(c, rc, 0);
}

/* R-fb07fbc2: the writable part first, the readable part after it. */
static void readable_after_writable(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	rb_readable_last(c, rc);
	rb_chain(rc, 0);
	post_chain(c, rc, 0);
}

/* ---- indirect tables --------------------------------------------------- */

/* The request as an indirect table of @n descriptors (past the request's parts, copies of its last one). */
static struct vct_dma_buf *indirect_table(struct vct_ctx *c, struct vct_rcase *rc, unsigned int n)
{
	struct vct_dma_buf *t = vct_c_dma(c, 16u * n);
	struct vring_desc *d = t->va;

	for (unsigned int k = 0; k < n; k++) {
		const struct vct_sg *s = &rc->r.sg[k < rc->r.n ? k : rc->r.n - 1];

		d[k].addr = htole64(s->iova);
		d[k].len = htole32(s->len);
		d[k].flags = htole16((uint16_t)((s->write ? W : 0) | (k + 1 < n ? N : 0)));
		d[k].next = htole16((uint16_t)(k + 1));
	}
	return t;
}

static void post_indirect(struct vct_ctx *c, struct vct_rcase *rc, struct vct_dma_buf *t, uint32_t len, uint16_t flags)
{
	rb_desc(rc->vq, 0, t->iova, len, (uint16_t)(I | flags), 1);
	rb_watch(c, t);
	post_chain(c, rc, 0);
}

/* R-82747a29: an indirect descriptor although VIRTIO_F_INDIRECT_DESC was not negotiated. */
static void indirect_unnegotiated(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, rc->r.n);

	post_indirect(c, rc, t, (uint32_t)t->len, 0);
}

/* R-20148f15: an indirect descriptor inside an indirect table. */
static void indirect_nested(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *inner = indirect_table(c, rc, rc->r.n), *outer = vct_c_dma(c, 16);
	struct vring_desc *d = outer->va;

	d->addr = htole64(inner->iova);
	d->len = htole32((uint32_t)inner->len);
	d->flags = htole16(I);
	d->next = 0;
	rb_watch(c, inner);
	post_indirect(c, rc, outer, 16, 0);
}

/* R-693b8d97: INDIRECT and NEXT on one descriptor. */
static void indirect_with_next(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, rc->r.n);
	const struct vct_sg *s = &rc->r.sg[rc->r.n - 1];

	rb_desc(rc->vq, 1, s->iova, s->len, s->write ? W : 0, 0);
	post_indirect(c, rc, t, (uint32_t)t->len, N);
}

/* R-ae037233: an indirect table holding more descriptors than the queue has. */
static void indirect_longer_than_queue(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, (unsigned int)rc->vq->size + 1);

	post_indirect(c, rc, t, (uint32_t)t->len, 0);
}

static void indirect_len(struct vct_ctx *c, uint32_t len)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, rc->r.n);

	post_indirect(c, rc, t, len, 0);
}

/* A table of no descriptor at all. */
static void indirect_len_zero(struct vct_ctx *c)
{
	indirect_len(c, 0);
}

/* A table of one and a half descriptors. */
static void indirect_len_partial(struct vct_ctx *c)
{
	indirect_len(c, 24);
}

/* R-3ce0662d: a loop inside an indirect table. */
static void indirect_loop(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, rc->r.n);
	struct vring_desc *d = t->va;

	d[rc->r.n - 1].flags = htole16(le16toh(d[rc->r.n - 1].flags) | N);
	d[rc->r.n - 1].next = 0;
	post_indirect(c, rc, t, (uint32_t)t->len, 0);
}

/* A next inside an indirect table beyond the table's end. */
static void indirect_next_beyond(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);
	struct vct_dma_buf *t = indirect_table(c, rc, rc->r.n);
	struct vring_desc *d = t->va;

	d[rc->r.n - 1].flags = htole16(le16toh(d[rc->r.n - 1].flags) | N);
	d[rc->r.n - 1].next = htole16((uint16_t)rc->r.n);
	post_indirect(c, rc, t, (uint32_t)t->len, 0);
}

/* The indirect table itself at an IOVA never mapped. */
static void indirect_unmapped(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_INDIRECT);

	rb_desc(rc->vq, 0, vct_dma_guard_iova(&c->vd->dma), 16u * rc->r.n, I, 0);
	post_chain(c, rc, 0);
}

/* ---- the available ring ------------------------------------------------- */

/* Publish avail idx @ahead entries past the last one (the request is in slot 0). */
static void avail_ahead(struct vct_ctx *c, uint16_t ahead)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	rb_chain(rc, 0);
	rc->vq->avail->ring[0] = 0;
	rb_watch_request(c);
	rb_avail_idx(rc->vq, ahead ? ahead : (uint16_t)(rc->vq->size + 1));
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

static void avail_jump_past_size(struct vct_ctx *c)
{
	avail_ahead(c, 0);	/* queue size + 1 */
}

static void avail_jump_half(struct vct_ctx *c)
{
	avail_ahead(c, 0x8000);
}

/* R-34df1950: one request completes, then avail idx goes back by one and the device is notified again. */
static void avail_decrement(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	vct_req_round_trip(c, &rc->b, &rc->r, 0);
	rb_watch_request(c);
	rb_avail_idx(rc->vq, (uint16_t)(rc->vq->avail_idx - 1));
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* R-c6b5641a: avail flags with bits beyond NO_INTERRUPT, then a well-formed request. */
static void avail_flags_garbage(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_INDIRECT);

	rc->vq->avail->flags = htole16(0xfffe);
	rb_live(c, rc->r.queue);
}

/* R-30610d85: with VIRTIO_F_EVENT_IDX, avail flags 1 instead of 0. */
static void event_idx_flags(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_EVENT_IDX);

	rc->vq->avail->flags = htole16(1);
	rc->vq->event_idx = true;
	rb_live(c, rc->r.queue);
}

/* R-e4eed019: used ring flags not 0 (the driver owns their initial value). */
static void used_flags_garbage(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	rc->vq->used->flags = htole16(0xffff);
	rb_live(c, rc->r.queue);
}

/* R-2caa0261: descriptors of a buffer already made available are rewritten to a loop right after the notification. */
static void alter_exposed(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint16_t last = rb_chain(rc, 0);

	rb_avail(rc->vq, 0);
	vct_vq_notify(rc->vq);
	rc->vq->desc[last].flags = htole16(le16toh(rc->vq->desc[last].flags) | N);
	rc->vq->desc[last].next = 0;
	rb_watch_request(c);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

#define RB_ANALOGY_RANGE "no sentence names an index beyond the table; a chain through one is longer than the queue holds"
#define RB_ANALOGY_AVAIL "an avail idx more than the ring size ahead is indistinguishable from one moved backwards"
#define RB_ANALOGY_TABLE "no sentence sizes the table; one that holds no whole descriptor cannot hold a chain"
#define RB_ANALOGY_IOMMU "the driver gives the device an address it did not set the IOMMU up to translate"

static const struct vct_check cases[] = {
	VCT_CASE("robust.split.self_loop", "R-3ce0662d", self_loop),
	VCT_CASE("robust.split.chain_loop", "R-3ce0662d", chain_loop, .shared = "a loop through the request's own chain"),
	VCT_CASE("robust.split.loop_tail", "R-3ce0662d", loop_tail, .shared = "a loop entered past the head"),
	VCT_CASE("robust.split.next_is_size", "R-ae037233", next_is_size, .analogy = RB_ANALOGY_RANGE),
	VCT_CASE("robust.split.next_ffff", "R-ae037233", next_ffff, .analogy = RB_ANALOGY_RANGE),
	VCT_CASE("robust.split.head_beyond", "R-ae037233", head_beyond, .analogy = RB_ANALOGY_RANGE),
	VCT_CASE("robust.split.len_past_4g", "R-3ce0662d", len_past_4g, .shared = "the byte length, not a loop",
		 .destructive = true),
	VCT_CASE("robust.split.len_max", "R-3ce0662d", len_max, .shared = "one descriptor of 2^32 - 1 bytes",
		 .destructive = true),
	VCT_CASE("robust.split.addr_unmapped_readable", "R-d3698c32", addr_unmapped_readable, .analogy = RB_ANALOGY_IOMMU),
	VCT_CASE("robust.split.addr_unmapped_writable", "R-d3698c32", addr_unmapped_writable, .analogy = RB_ANALOGY_IOMMU),
	VCT_CASE("robust.split.addr_wraps", "R-d3698c32", addr_wraps, .analogy = "a range wrapping past 2^64 is no address the IOMMU translates"),
	VCT_CASE("robust.split.readable_after_writable", "R-fb07fbc2", readable_after_writable),
	VCT_CASE("robust.split.indirect_unnegotiated", "R-82747a29", indirect_unnegotiated),
	VCT_CASE("robust.split.indirect_nested", "R-20148f15", indirect_nested),
	VCT_CASE("robust.split.indirect_with_next", "R-693b8d97", indirect_with_next),
	VCT_CASE("robust.split.indirect_longer_than_queue", "R-ae037233", indirect_longer_than_queue,
		 .shared = "the chain sits in an indirect table"),
	VCT_CASE("robust.split.indirect_len_zero", "R-ae037233", indirect_len_zero, .analogy = RB_ANALOGY_TABLE),
	VCT_CASE("robust.split.indirect_len_partial", "R-ae037233", indirect_len_partial, .analogy = RB_ANALOGY_TABLE),
	VCT_CASE("robust.split.indirect_loop", "R-3ce0662d", indirect_loop, .shared = "a loop inside an indirect table"),
	VCT_CASE("robust.split.indirect_next_beyond", "R-ae037233", indirect_next_beyond, .analogy = RB_ANALOGY_RANGE),
	VCT_CASE("robust.split.indirect_unmapped", "R-d3698c32", indirect_unmapped, .analogy = RB_ANALOGY_IOMMU),
	VCT_CASE("robust.split.avail_jump_past_size", "R-34df1950", avail_jump_past_size, .analogy = RB_ANALOGY_AVAIL),
	VCT_CASE("robust.split.avail_jump_half", "R-34df1950", avail_jump_half, .analogy = RB_ANALOGY_AVAIL),
	VCT_CASE("robust.split.avail_decrement", "R-34df1950", avail_decrement, .shared = "the exact violation"),
	VCT_CASE("robust.split.avail_flags_garbage", "R-c6b5641a", avail_flags_garbage),
	VCT_CASE("robust.split.event_idx_flags", "R-30610d85", event_idx_flags),
	VCT_CASE("robust.split.used_flags_garbage", "R-e4eed019", used_flags_garbage),
	VCT_CASE("robust.split.alter_exposed", "R-2caa0261", alter_exposed),
};

VCT_SUITE(vct_robust_split, "robust/split", cases);
