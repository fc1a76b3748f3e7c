/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases on the packed ring (any device type that offers
 * VIRTIO_F_RING_PACKED): lists longer than the queue or made available head
 * first, descriptors changed after their AVAIL bit, flags for the wrong lap
 * of the wrap counter, one buffer id handed out twice, indirect tables
 * without the feature, nested, with flags beyond WRITE, combined with NEXT,
 * of bad sizes, lists past 2^32 bytes, and driver event suppression
 * structures with values the driver must not write. Built, like the split
 * cases (ring.c), from the type's own well-formed request. The packed
 * chapter has fewer driver-side sentences than the split one: where a case
 * borrows a split-ring or neighbouring rule, .analogy says which and how.
 */
#include <endian.h>
#include <string.h>

#include "robust.h"

#define W VRING_DESC_F_WRITE
#define N VRING_DESC_F_NEXT
#define I VRING_DESC_F_INDIRECT
#define PF_AVAIL (1u << VRING_PACKED_DESC_F_AVAIL)
#define PF_USED (1u << VRING_PACKED_DESC_F_USED)
#define EV_DISABLE 1
#define EV_DESC 2
#define RB_ID 0x5a		/* the buffer id the cases use: any value is the driver's */

static struct vct_rcase *pbegin(struct vct_ctx *c, unsigned int flags)
{
	return rb_begin(c, RB_PACKED | flags);
}

/* Part @k of a list of the request's parts (past its own parts, copies of its last one). */
static const struct vct_sg *part(const struct vct_rcase *rc, unsigned int k)
{
	return &rc->r.sg[k < rc->r.n ? k : rc->r.n - 1];
}

/*
 * The request's parts as a list of @n descriptors from ring slot @first on,
 * each available in its own lap (the wrap counter flips past the ring's
 * end), NEXT on all but the last (on the last too with @open_end), the tail
 * written before the head so the head exposes the list, as a driver does.
 */
static void plist(struct vct_rcase *rc, uint16_t first, unsigned int n, uint16_t id, bool open_end)
{
	struct vct_vq *vq = rc->vq;

	for (unsigned int k = n; k-- > 0;) {
		const struct vct_sg *s = part(rc, k);
		unsigned int at = first + k;
		bool wrap = vq->avail_wrap ^ ((at / vq->size) & 1);

		rb_pdesc(vq, (uint16_t)(at % vq->size), wrap, s->iova, s->len, id,
			 (uint16_t)((s->write ? W : 0) | (k + 1 < n || open_end ? N : 0)));
	}
}

/* Watch what the device must not write, notify, let it react. */
static void pkick(struct vct_ctx *c, struct vct_rcase *rc)
{
	rb_watch_request(c);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* ---- lists ---------------------------------------------------------------- */

/* R-4a621a92: every slot of the ring in one list, the last one still saying NEXT (the list runs into its own head). */
static void list_longer_than_queue(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);

	plist(rc, 0, rc->vq->size, RB_ID, true);
	pkick(c, rc);
}

/* R-4ef8bfaa: the list's head made available, the descriptors after it written but not made available. */
static void head_before_rest(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);
	unsigned int n = rc->r.n < 2 ? 2 : rc->r.n;

	if (rc->vq->size < n)
		vct_skip(c, "device: a queue of %u descriptors has no room for a list of %u", rc->vq->size, n);
	plist(rc, 0, n, RB_ID, false);
	/* Everything after the head back to "not available in this lap": AVAIL and USED both the inverse of the wrap counter. */
	for (unsigned int k = 1; k < n; k++) {
		const struct vct_sg *s = part(rc, k);
		uint16_t f = (uint16_t)((s->write ? W : 0) | (k + 1 < n ? N : 0));

		rb_pdesc_raw(rc->vq, (uint16_t)k, s->iova, s->len, RB_ID, rc->vq->avail_wrap ? f : (uint16_t)(f | PF_AVAIL | PF_USED));
	}
	pkick(c, rc);
}

/* R-999c526c: the writable parts first, the readable ones after them. */
static void readable_after_writable(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);

	rb_readable_last(c, rc);
	plist(rc, 0, rc->r.n, RB_ID, false);
	pkick(c, rc);
}

/* R-46d46802: the list made available and notified, then every descriptor of it pointed at an unmapped IOVA and left open-ended. */
static void alter_exposed(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);
	uint64_t guard = vct_dma_guard_iova(&c->vd->dma);

	plist(rc, 0, rc->r.n, RB_ID, false);
	rb_watch_request(c);
	vct_vq_notify(rc->vq);
	for (unsigned int k = 0; k < rc->r.n; k++) {
		struct vring_packed_desc *d = &rc->vq->pdesc[k];

		d->addr = htole64(guard);
		d->flags = htole16((uint16_t)(le16toh(d->flags) | N));
	}
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* The request's list with AVAIL (USED) equal to the driver's wrap counter when @avail (@used), else its inverse. */
static void wrong_lap(struct vct_ctx *c, bool avail, bool used)
{
	struct vct_rcase *rc = pbegin(c, 0);
	bool wrap = rc->vq->avail_wrap;

	for (unsigned int k = rc->r.n; k-- > 0;) {
		const struct vct_sg *s = part(rc, k);
		uint16_t f = (uint16_t)((s->write ? W : 0) | (k + 1 < rc->r.n ? N : 0));

		if (avail == wrap)
			f |= PF_AVAIL;
		if (used == wrap)
			f |= PF_USED;
		rb_pdesc_raw(rc->vq, (uint16_t)k, s->iova, s->len, RB_ID, f);
	}
	pkick(c, rc);
}

/* AVAIL and USED both equal to the driver's wrap counter: the pattern of a descriptor the device used in this lap. */
static void wrap_both_set(struct vct_ctx *c)
{
	wrong_lap(c, true, true);
}

/* AVAIL the inverse of the wrap counter, USED equal to it: the pattern of the next lap's available descriptors. */
static void wrap_next_lap(struct vct_ctx *c)
{
	wrong_lap(c, false, true);
}

/* Two buffers outstanding under one buffer id (the second list right after the first). */
static void id_twice(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);

	if (rc->vq->size < 2 * rc->r.n)
		vct_skip(c, "device: a queue of %u descriptors has no room for two lists of %u", rc->vq->size, rc->r.n);
	plist(rc, (uint16_t)rc->r.n, rc->r.n, RB_ID, false);
	plist(rc, 0, rc->r.n, RB_ID, false);
	pkick(c, rc);
}

/* ---- lengths and addresses ------------------------------------------------ */

/* The request's readable parts, then writable descriptors of @len bytes over pages (@nw of them). */
static void huge(struct vct_ctx *c, uint32_t len, unsigned int nw)
{
	struct vct_rcase *rc = pbegin(c, 0);
	unsigned int nr = 0;
	struct vct_sg sg[8];

	for (unsigned int k = 0; k < rc->r.n && !rc->r.sg[k].write && nr < 6; k++)
		sg[nr++] = rc->r.sg[k];
	for (unsigned int k = 0; k < nw; k++)
		sg[nr + k] = (struct vct_sg){ .iova = rb_page(c)->iova, .len = len, .write = true };
	memcpy(rc->r.sg, sg, (nr + nw) * sizeof(sg[0]));
	for (unsigned int k = 0; k < nr + nw; k++)
		rc->r.buf[k] = k < nr ? rc->r.buf[k] : NULL;
	rc->r.n = nr + nw;
	plist(rc, 0, rc->r.n, RB_ID, false);
	pkick(c, rc);
}

/* Writable page buffers whose lengths add up past 2^32 bytes. */
static void len_past_4g(struct vct_ctx *c)
{
	huge(c, 0x80001000u, 2);
}

/* One writable descriptor of 2^32 - 1 bytes over a page. */
static void len_max(struct vct_ctx *c)
{
	huge(c, 0xffffffffu, 1);
}

/* Every writable part of the request at an IOVA the driver never mapped. */
static void addr_unmapped(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);
	bool any = false;

	for (unsigned int k = 0; k < rc->r.n; k++)
		if (rc->r.sg[k].write) {
			rc->r.sg[k].iova = vct_dma_guard_iova(&c->vd->dma);
			any = true;
		}
	if (!any)
		vct_skip(c, "spec: the %s's request has no device-writable part", vct_type_name(c->vd->type));
	plist(rc, 0, rc->r.n, RB_ID, false);
	pkick(c, rc);
}

/* ---- indirect tables ------------------------------------------------------ */

/* The request as a packed indirect table of @n entries, each entry's flags WRITE where it is writable, plus @extra. */
static struct vct_dma_buf *ptable(struct vct_ctx *c, struct vct_rcase *rc, unsigned int n, uint16_t extra)
{
	struct vct_dma_buf *t = vct_c_dma(c, 16u * n);
	struct vring_packed_desc *d = t->va;

	for (unsigned int k = 0; k < n; k++) {
		const struct vct_sg *s = part(rc, k);

		d[k].addr = htole64(s->iova);
		d[k].len = htole32(s->len);
		d[k].id = 0;
		d[k].flags = htole16((uint16_t)((s->write ? W : 0) | extra));
	}
	return t;
}

/* One descriptor at slot 0 referring to table @t as @len bytes (@flags beyond INDIRECT as given). */
static void post_table(struct vct_ctx *c, struct vct_rcase *rc, struct vct_dma_buf *t, uint32_t len, uint16_t flags)
{
	rb_pdesc(rc->vq, 0, rc->vq->avail_wrap, t->iova, len, RB_ID, (uint16_t)(I | flags));
	rb_watch(c, t);
	pkick(c, rc);
}

/* R-2aaced11: an indirect descriptor although VIRTIO_F_INDIRECT_DESC was not negotiated. */
static void indirect_unnegotiated(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, RB_NO_INDIRECT);
	struct vct_dma_buf *t = ptable(c, rc, rc->r.n, 0);

	post_table(c, rc, t, (uint32_t)t->len, 0);
}

/* R-2268ba62: an indirect entry inside an indirect table. */
static void indirect_nested(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, RB_INDIRECT);
	struct vct_dma_buf *inner = ptable(c, rc, rc->r.n, 0), *outer = vct_c_dma(c, 16);
	struct vring_packed_desc *d = outer->va;

	d->addr = htole64(inner->iova);
	d->len = htole32((uint32_t)inner->len);
	d->id = 0;
	d->flags = htole16(I);
	rb_watch(c, inner);
	post_table(c, rc, outer, 16, 0);
}

/* R-2268ba62: NEXT, AVAIL and USED on every entry of an indirect table. */
static void indirect_entry_flags(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, RB_INDIRECT);
	struct vct_dma_buf *t = ptable(c, rc, rc->r.n, (uint16_t)(N | PF_AVAIL | PF_USED));

	post_table(c, rc, t, (uint32_t)t->len, 0);
}

/* R-3a5aed70: INDIRECT on a descriptor of a list linked by NEXT. */
static void indirect_with_next(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, RB_INDIRECT);
	struct vct_dma_buf *t = ptable(c, rc, rc->r.n, 0);
	const struct vct_sg *s = &rc->r.sg[rc->r.n - 1];

	rb_pdesc(rc->vq, 1, rc->vq->avail_wrap, s->iova, s->len, RB_ID, s->write ? W : 0);
	post_table(c, rc, t, (uint32_t)t->len, N);
}

/* An indirect table of more entries than the queue has descriptors. */
static void indirect_longer_than_queue(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, RB_INDIRECT);
	struct vct_dma_buf *t = ptable(c, rc, (unsigned int)rc->vq->size + 1, 0);

	post_table(c, rc, t, (uint32_t)t->len, 0);
}

static void indirect_len(struct vct_ctx *c, uint32_t len)
{
	struct vct_rcase *rc = pbegin(c, RB_INDIRECT);

	post_table(c, rc, ptable(c, rc, rc->r.n, 0), len, 0);
}

/* A table of no entry at all. */
static void indirect_len_zero(struct vct_ctx *c)
{
	indirect_len(c, 0);
}

/* A table of one and a half entries. */
static void indirect_len_partial(struct vct_ctx *c)
{
	indirect_len(c, 24);
}

/* ---- driver event suppression --------------------------------------------- */

/* The driver area written with @off_wrap and @flags, then well-formed requests on the queue. */
static void drv_event(struct vct_ctx *c, unsigned int need, uint16_t off_wrap, uint16_t flags)
{
	struct vct_rcase *rc = pbegin(c, need);

	rc->vq->drv_event->off_wrap = htole16(off_wrap);
	rc->vq->drv_event->flags = htole16(flags);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	rb_live(c, rc->r.queue);
}

/* The reserved flags value 3, and every reserved bit above it set. */
static void event_flags_reserved(struct vct_ctx *c)
{
	drv_event(c, 0, 0, 0xffff);
}

/* RING_EVENT_FLAGS_DESC without VIRTIO_F_EVENT_IDX negotiated, at an offset past the ring. */
static void event_desc_unnegotiated(struct vct_ctx *c)
{
	drv_event(c, 0, 0xffff, EV_DESC);
}

/* With VIRTIO_F_EVENT_IDX: RING_EVENT_FLAGS_DESC at an offset past the ring's end. */
static void event_off_beyond(struct vct_ctx *c)
{
	drv_event(c, RB_EVENT_IDX, 0x7fff, EV_DESC);
}

/* Used buffer notifications disabled, and the device area (the device's to write) filled with the same by the driver. */
static void event_device_area_written(struct vct_ctx *c)
{
	struct vct_rcase *rc = pbegin(c, 0);

	rc->vq->dev_event->off_wrap = htole16(0xffff);
	rc->vq->dev_event->flags = htole16(EV_DISABLE);
	rc->vq->drv_event->flags = htole16(EV_DISABLE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	rb_live(c, rc->r.queue);
}

#define PK_ANALOGY_LAP "a descriptor flagged for another lap is one whose AVAIL bit the driver changed outside the hand-over the rules allow"
#define PK_ANALOGY_ID "an id still out names a buffer the device has not used: handing it out again re-hands a descriptor before its USED change was seen"
#define PK_ANALOGY_BYTES "the split ring's limit of 2^32 bytes per chain; a packed list's bytes end in the same 32-bit used length"
#define PK_ANALOGY_TABLE "the packed chapter bounds a table by what the device allows; one holding no whole entry, or more than the queue, is no list it allows"
#define PK_ANALOGY_IOMMU "the driver gives the device an address it did not set the IOMMU up to translate"
#define PK_ANALOGY_FLAGS "the split ring's flags are 0 or 1 without VIRTIO_F_EVENT_IDX; the packed structure's value 3 and its upper bits are reserved, DESC needs the feature"
#define PK_ANALOGY_OFF "with VIRTIO_F_EVENT_IDX the driver names the descriptor to be told about; an offset past the ring names none"
#define PK_ANALOGY_AREA "the device event suppression structure is read-only to the driver, as the split ring's used ring is the device's"

static const struct vct_check cases[] = {
	VCT_CASE("robust.packed.list_longer_than_queue", "R-4a621a92", list_longer_than_queue),
	VCT_CASE("robust.packed.head_before_rest", "R-4ef8bfaa", head_before_rest),
	VCT_CASE("robust.packed.readable_after_writable", "R-999c526c", readable_after_writable),
	VCT_CASE("robust.packed.alter_exposed", "R-46d46802", alter_exposed),
	VCT_CASE("robust.packed.wrap_both_set", "R-46d46802", wrap_both_set, .analogy = PK_ANALOGY_LAP),
	VCT_CASE("robust.packed.wrap_next_lap", "R-46d46802", wrap_next_lap, .analogy = PK_ANALOGY_LAP),
	VCT_CASE("robust.packed.id_twice", "R-bca42b07", id_twice, .analogy = PK_ANALOGY_ID),
	VCT_CASE("robust.packed.len_past_4g", "R-3ce0662d", len_past_4g, .analogy = PK_ANALOGY_BYTES, .destructive = true),
	VCT_CASE("robust.packed.len_max", "R-3ce0662d", len_max, .analogy = PK_ANALOGY_BYTES, .destructive = true),
	VCT_CASE("robust.packed.addr_unmapped_writable", "R-d3698c32", addr_unmapped, .analogy = PK_ANALOGY_IOMMU),
	VCT_CASE("robust.packed.indirect_unnegotiated", "R-2aaced11", indirect_unnegotiated),
	VCT_CASE("robust.packed.indirect_nested", "R-2268ba62", indirect_nested),
	VCT_CASE("robust.packed.indirect_entry_flags", "R-2268ba62", indirect_entry_flags,
		 .shared = "NEXT, AVAIL and USED instead of INDIRECT"),
	VCT_CASE("robust.packed.indirect_with_next", "R-3a5aed70", indirect_with_next),
	VCT_CASE("robust.packed.indirect_longer_than_queue", "R-eb14c323", indirect_longer_than_queue,
		 .analogy = PK_ANALOGY_TABLE),
	VCT_CASE("robust.packed.indirect_len_zero", "R-eb14c323", indirect_len_zero, .analogy = PK_ANALOGY_TABLE,
		 .destructive = true),
	VCT_CASE("robust.packed.indirect_len_partial", "R-eb14c323", indirect_len_partial, .analogy = PK_ANALOGY_TABLE),
	VCT_CASE("robust.packed.event_flags_reserved", "R-c6b5641a", event_flags_reserved, .analogy = PK_ANALOGY_FLAGS),
	VCT_CASE("robust.packed.event_desc_unnegotiated", "R-c6b5641a", event_desc_unnegotiated,
		 .analogy = PK_ANALOGY_FLAGS),
	VCT_CASE("robust.packed.event_off_beyond", "R-30610d85", event_off_beyond, .analogy = PK_ANALOGY_OFF),
	VCT_CASE("robust.packed.event_device_area_written", "R-e4eed019", event_device_area_written,
		 .analogy = PK_ANALOGY_AREA),
};

VCT_SUITE(vct_robust_packed, "robust/packed", cases);
