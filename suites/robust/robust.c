/* SPDX-License-Identifier: MIT */
/* What robustness cases share (robust.h): bring-up, raw ring writes, and the probe after each case. */
#include "robust.h"

#include <endian.h>
#include <string.h>
#include <unistd.h>

#define S_NEEDS_RESET 64

/* One case runs at a time, in its own process (or, with --no-fork, one after another). */
static struct vct_rcase rc_state;
static const char *ro_stmt[RB_MAX_WATCH];

struct vct_rcase *rb_begin(struct vct_ctx *c, unsigned int flags)
{
	struct vct_rcase *rc = &rc_state;
	uint64_t *f = rc->b.features;

	memset(rc, 0, sizeof(*rc));
	c->scratch = rc;
	rc->b.nq = vct_req_queues(c->vd);
	vct_dev_default_features(c->vd, f);
	/* The ring layout and the chain shapes are the case's to choose: nothing the device would hold the driver to. */
	vct_clear(f, VCT_F_IN_ORDER);
	if (flags & RB_PACKED)
		vct_c_need_feature(c, VCT_F_RING_PACKED);
	else
		vct_clear(f, VCT_F_RING_PACKED);
	if (flags & RB_INDIRECT)
		vct_c_need_feature(c, VCT_F_INDIRECT_DESC);
	else if (flags & RB_NO_INDIRECT)
		vct_clear(f, VCT_F_INDIRECT_DESC);
	if (flags & RB_EVENT_IDX)
		vct_c_need_feature(c, VCT_F_EVENT_IDX);
	else
		vct_clear(f, VCT_F_EVENT_IDX);
	/* vct_c_need_feature checked the offer; ask for what the case needs on top of the defaults. */
	if (flags & RB_PACKED)
		vct_set(f, VCT_F_RING_PACKED);
	if (flags & RB_INDIRECT)
		vct_set(f, VCT_F_INDIRECT_DESC);
	if (flags & RB_EVENT_IDX)
		vct_set(f, VCT_F_EVENT_IDX);
	rc->b.features_set = true;
	if (flags & RB_NO_BRINGUP)
		return rc;
	vct_c_bringup(c, &rc->b);
	vct_req_self(c, &rc->r);
	if (rc->r.queue >= rc->b.nq || !rc->b.vq[rc->r.queue])
		vct_abort(c, "the request's queue %u was not brought up", rc->r.queue);
	rc->vq = rc->b.vq[rc->r.queue];
	return rc;
}

static void watch_as(struct vct_ctx *c, struct vct_dma_buf *b, const char *stmt)
{
	struct vct_rcase *rc = c->scratch;

	if (!rc || !b)
		return;
	for (unsigned int i = 0; i < rc->nro; i++)
		if (rc->ro[i] == b) {
			rc->ro_sum[i] = vct_sum(b->va, b->len);	/* sealed again after vct wrote it */
			return;
		}
	if (rc->nro == RB_MAX_WATCH)
		vct_abort(c, "more than %d buffers watched", RB_MAX_WATCH);
	ro_stmt[rc->nro] = stmt;
	rc->ro[rc->nro] = b;
	rc->ro_sum[rc->nro++] = vct_sum(b->va, b->len);
}

void rb_watch(struct vct_ctx *c, struct vct_dma_buf *b)
{
	watch_as(c, b, "D-d61ea6f6");
}

void rb_watch_request(struct vct_ctx *c)
{
	struct vct_rcase *rc = c->scratch;

	for (unsigned int i = 0; i < rc->r.n; i++)
		if (!rc->r.sg[i].write)
			rb_watch(c, rc->r.buf[i]);
	/* Split ring: the device never writes a descriptor table entry (D-c0f67e1b); packed rings it writes back. */
	if (rc->vq && !rc->vq->packed)
		watch_as(c, rc->vq->desc_mem, "D-c0f67e1b");
}

void rb_live(struct vct_ctx *c, uint16_t q)
{
	struct vct_rcase *rc = c->scratch;

	rc->live = true;
	rc->live_q = q;
}

struct vct_dma_buf *rb_page(struct vct_ctx *c)
{
	struct vct_dma_buf *b = vct_c_dma(c, VCT_PAGE);

	memset(b->va, 0, VCT_PAGE);
	return b;
}

void rb_desc(struct vct_vq *vq, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct vring_desc *d = &vq->desc[i % vq->size];

	d->addr = htole64(addr);
	d->len = htole32(len);
	d->flags = htole16(flags);
	d->next = htole16(next);
}

uint16_t rb_chain(struct vct_rcase *rc, uint16_t first)
{
	struct vct_vq *vq = rc->vq;
	uint16_t i = first;

	for (unsigned int k = 0; k < rc->r.n; k++) {
		const struct vct_sg *s = &rc->r.sg[k];
		bool more = k + 1 < rc->r.n;

		i = (uint16_t)((first + k) % vq->size);
		rb_desc(vq, i, s->iova, s->len, (uint16_t)((s->write ? VRING_DESC_F_WRITE : 0) | (more ? VRING_DESC_F_NEXT : 0)),
			more ? (uint16_t)((i + 1) % vq->size) : 0);
	}
	return i;
}

void rb_avail_idx(struct vct_vq *vq, uint16_t idx)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->avail_idx = idx;
	vq->avail->idx = htole16(idx);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void rb_avail(struct vct_vq *vq, uint16_t head)
{
	vq->avail->ring[vq->avail_idx % vq->size] = htole16(head);
	rb_avail_idx(vq, (uint16_t)(vq->avail_idx + 1));
}

void rb_pdesc_raw(struct vct_vq *vq, uint16_t slot, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags)
{
	struct vring_packed_desc *d = &vq->pdesc[slot % vq->size];

	d->addr = htole64(addr);
	d->len = htole32(len);
	d->id = htole16(id);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	d->flags = htole16(flags);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void rb_pdesc(struct vct_vq *vq, uint16_t slot, bool wrap, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags)
{
	/* Made available in lap @wrap: AVAIL equal to the wrap counter, USED its inverse. */
	uint16_t f = flags & (uint16_t)~((1u << VRING_PACKED_DESC_F_AVAIL) | (1u << VRING_PACKED_DESC_F_USED));

	f |= wrap ? 1u << VRING_PACKED_DESC_F_AVAIL : 1u << VRING_PACKED_DESC_F_USED;
	rb_pdesc_raw(vq, slot, addr, len, id, f);
}

void rb_readable_last(struct vct_ctx *c, struct vct_rcase *rc)
{
	struct vct_sg sg[sizeof(rc->r.sg) / sizeof(rc->r.sg[0])];
	unsigned int n = 0, nr = 0;

	for (unsigned int k = 0; k < rc->r.n; k++)
		nr += !rc->r.sg[k].write;
	if (!nr || nr == rc->r.n)
		vct_skip(c, "spec: the %s's request does not have both device-readable and device-writable parts",
			 vct_type_name(c->vd->type));
	for (unsigned int k = 0; k < rc->r.n; k++)
		if (rc->r.sg[k].write)
			sg[n++] = rc->r.sg[k];
	for (unsigned int k = 0; k < rc->r.n; k++)
		if (!rc->r.sg[k].write)
			sg[n++] = rc->r.sg[k];
	memcpy(rc->r.sg, sg, n * sizeof(sg[0]));
	/* rb_watch_request watches by r.buf; keep the readable buffers listed by address. */
	for (unsigned int k = 0; k < rc->r.n; k++)
		rc->r.buf[k] = vct_dma_find(&c->vd->dma, rc->r.sg[k].iova, 1);
}

void rb_kick(struct vct_ctx *c, struct vct_vq *vq, int ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;
	/* A bounded device wait: an access that does not return past it is the device's stall (runner.c's backstop). */
	uint64_t prev = vct_wait_enter(deadline);

	vct_vq_notify(vq);
	while (vct_now_ms() < deadline) {
		uint8_t st;

		vct_dev_poll(c->vd);
		if (vct_vq_pending(vq))
			break;
		st = vct_dev_status(c->vd);
		if (st != 0xff && (st & S_NEEDS_RESET))
			break;
		if (!vct_dev_inproc(c->vd))
			usleep(1000);	/* out of process: let it run */
	}
	vct_wait_leave(prev);
}

void rb_post(struct vct_ctx *c, struct vct_rcase *rc)
{
	if (vct_vq_add(rc->vq, rc->r.sg, rc->r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	rb_watch_request(c);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

static void add_evidence(struct vct_result *r, const struct vct_health *h, const char *file, int line)
{
	struct vct_evidence *e;

	r->nfail++;
	if (r->nev == VCT_MAX_EVIDENCE)
		r->nev--;	/* the probe's word is the last and decisive one */
	e = &r->ev[r->nev++];
	memset(e, 0, sizeof(*e));
	snprintf(e->what, sizeof(e->what), "%s", h->what);
	snprintf(e->expected, sizeof(e->expected), "%s", h->expected);
	snprintf(e->seen, sizeof(e->seen), "%s", h->seen);
	e->file = file;
	e->line = line;
	e->origin = VCT_EV_CHECK;
}

void vct_robust_after(struct vct_ctx *c)
{
	struct vct_rcase *rc = c->scratch;
	struct vct_health_in in = { 0 };
	struct vct_health h;
	bool body_failed = c->res.outcome == VCT_FAIL;

	if (c->res.outcome == VCT_SKIP || c->res.outcome == VCT_ERROR)
		return;		/* the case did not get to break its rule: no verdict */
	if (rc) {
		in.live = rc->live ? &rc->b : NULL;
		in.live_q = rc->live_q;
		in.readable = rc->ro;
		in.sums = rc->ro_sum;
		in.stmts = ro_stmt;
		in.nreadable = rc->nro;
	}
	vct_health_probe(c->vd, &in, c->timeout_ms, &h);
	c->res.verdict = h.verdict;
	vct_health_note(&h, c->res.vnote, sizeof(c->res.vnote));
	/*
	 * Only a device-side statement makes a case a failure: its own (.dstmt,
	 * asserted in the body) or one the probe saw broken. A body failure
	 * with neither (the device fumbled a driver step on the way to the
	 * violation) stays as evidence; the verdict decides.
	 */
	if (body_failed && c->check->dstmt)
		c->res.dstmt = c->check->dstmt;
	else if (body_failed)
		c->res.outcome = VCT_PASS;
	if (h.dstmt || vct_verdict_bad(h.verdict)) {
		add_evidence(&c->res, &h, __FILE__, __LINE__);
		if (h.dstmt)
			c->res.dstmt = h.dstmt;
		c->res.outcome = VCT_FAIL;
	}
	if (c->res.outcome == VCT_PASS)
		c->res.nfail = 0;
}
