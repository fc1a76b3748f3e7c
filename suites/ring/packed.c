/* SPDX-License-Identifier: MIT */
/*
 * Packed virtqueue: descriptor ring use, wrap counters, lists, indirect
 * tables, event suppression in both directions; and VIRTIO_F_IN_ORDER on
 * either ring layout. Every check opts in to the feature it is about and
 * SKIPs when the device does not offer it.
 */
#include <string.h>

#include "layout.h"

#define PF_AVAIL (1u << VRING_PACKED_DESC_F_AVAIL)
#define PF_USED (1u << VRING_PACKED_DESC_F_USED)

static void bring(struct vct_ctx *c, struct vct_bringup *b, bool event_idx)
{
	vct_ring_bring(c, b, true, event_idx, 0);
}

/* Give a device that would wrongly use something a fair chance to do so. */
static void settle(struct vct_ctx *c)
{
	uint64_t deadline = vct_now_ms() + 50;

	while (vct_now_ms() < deadline)
		vct_dev_poll(c->vd);
}

static uint16_t slot_flags(struct vct_vq *vq, uint16_t pos)
{
	return le16toh(__atomic_load_n(&vq->pdesc[pos].flags, __ATOMIC_ACQUIRE));
}

/* D-eff2e9ae: device-readable buffers are left as the driver wrote them. */
static void no_write_to_readable(struct vct_ctx *c)
{
	vct_ring_no_write_to_readable(c, true);
}

/*
 * D-eff2e9ae by analogy: nothing past a device-writable buffer changes. (The
 * used length against the writable bytes is the used-entry validation every
 * wait does.)
 */
static void writes_stay_in_buffers(struct vct_ctx *c)
{
	vct_ring_writes_stay_in_buffers(c, true);
}

/* D-1ff26634: a fully written descriptor whose flags do not say "available" is not used. */
static void avail_flag_required(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	static const uint16_t bogus[] = { 0, PF_AVAIL | PF_USED, PF_USED };
	uint32_t sums[8];
	uint16_t pos;
	uint32_t len;
	int id;

	bring(c, &b, false);
	vct_req_any(c, &r);
	vq = b.vq[r.queue];
	for (unsigned int i = 0; i < r.n; i++)
		sums[i] = vct_sum(r.buf[i]->va, r.buf[i]->len);
	id = vct_vq_add(vq, r.sg, r.n, NULL, VCT_VQ_HOLD);
	if (id < 0)
		vct_abort(c, "cannot stage a %u-part request: %d", r.n, id);
	pos = vq->slots[id].ring_pos;
	for (unsigned int k = 0; k < sizeof(bogus) / sizeof(bogus[0]); k++) {
		uint16_t f = (uint16_t)(bogus[k] | (vq->pflags[pos] & ~(PF_AVAIL | PF_USED)));

		__atomic_store_n(&vq->pdesc[pos].flags, htole16(f), __ATOMIC_RELEASE);
		vct_vq_notify(vq);
		vct_req_trigger(c, &b, &r);
		settle(c);
		vct_report(c, slot_flags(vq, pos) == f, "descriptor not marked available (wrap counter 1)",
			   "left alone by the device", "flags 0x%04x written, now 0x%04x", f, slot_flags(vq, pos));
		for (unsigned int i = 0; i < r.n; i++)
			vct_report(c, vct_sum(r.buf[i]->va, r.buf[i]->len) == sums[i],
				   "buffers behind a descriptor not marked available", "untouched",
				   "buffer %u changed (flags were 0x%04x)", i, f);
	}
	/* Now properly available: it must be used. */
	vct_vq_expose(vq, id);
	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)id, &len);
}

/* D-4d80a9fd: descriptors are taken in ring order: one after a gap is not used before the gap fills. */
static void ring_order(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r1, r2;
	struct vct_vq *vq;
	struct vct_used_err e = { 0 };
	int a, z, got = 0;
	bool seen[2] = { false, false };

	bring(c, &b, false);
	vct_req_any(c, &r1);
	vct_req_any(c, &r2);
	vq = b.vq[r1.queue];
	a = vct_vq_add(vq, r1.sg, r1.n, NULL, VCT_VQ_HOLD);
	z = vct_vq_add(vq, r2.sg, r2.n, NULL, 0);
	if (a < 0 || z < 0)
		vct_abort(c, "cannot post two requests: %d %d", a, z);
	vct_vq_notify(vq);
	vct_req_trigger(c, &b, &r2);
	settle(c);
	vct_report(c, vct_vq_pending(vq) == 0 && slot_flags(vq, vq->slots[z].ring_pos) == vq->pflags[vq->slots[z].ring_pos],
		   "buffer in the slot after one not yet available", "not used before the earlier slot is",
		   "used (slot %u flags 0x%04x) while slot %u was still unavailable", vq->slots[z].ring_pos,
		   slot_flags(vq, vq->slots[z].ring_pos), vq->slots[a].ring_pos);
	vct_vq_expose(vq, a);
	vct_vq_notify(vq);
	vct_req_trigger(c, &b, &r1);
	for (int i = 0; i < 2; i++) {
		uint16_t id = 0;
		int r = vct_vq_wait_used(vq, c->timeout_ms, &id, NULL, NULL, &e);

		vct_require(c, r == 1, "used descriptor", "a valid one for each buffer", "%s", e.why);
		if (id == a || id == z)
			seen[id == z] = true;
		got++;
	}
	vct_report(c, got == 2 && seen[0] && seen[1], "buffers used once the gap is filled", "both",
		   "first %s, second %s", seen[0] ? "used" : "missing", seen[1] ? "used" : "missing");
}

/* D-5872dd49: a used descriptor stays as written while the device goes on. */
static void used_desc_stable(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	struct vring_packed_desc snap;
	uint16_t pos;
	int head;
	uint32_t len;

	bring(c, &b, false);
	vct_req_any(c, &r);
	vq = b.vq[r.queue];
	head = vct_req_post(c, &b, &r, 0);
	pos = vq->slots[head].ring_pos;
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_require(c, vct_vq_pending(vq) > 0, "used descriptor", "one within the wait", "none");
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	memcpy(&snap, &vq->pdesc[pos], sizeof(snap));
	vct_c_wait_used(c, vq, (uint16_t)head, &len);	/* consuming leaves the ring as it is */
	/* More traffic in the following slots, and spurious notifications. */
	for (int i = 0; i < 3; i++) {
		struct vct_req r2;

		vct_req_any(c, &r2);
		vct_req_round_trip(c, &b, &r2, 0);
		vct_vq_notify(vq);
	}
	settle(c);
	vct_report(c, !memcmp(&snap, &vq->pdesc[pos], sizeof(snap)), "a used descriptor after more requests",
		   "unchanged", "slot %u: id %u len %u flags 0x%04x became id %u len %u flags 0x%04x", pos,
		   le16toh(snap.id), le32toh(snap.len), le16toh(snap.flags), le16toh(vq->pdesc[pos].id),
		   le32toh(vq->pdesc[pos].len), le16toh(vq->pdesc[pos].flags));
}

/* D-5246a648: the elements of a list are used in list order (data lands where the order says). */
static void list_order(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req w, rd;
	uint32_t len;

	bring(c, &b, false);
	/* Not on a disk that offers RO (bit 5) or ZONED (bit 17): vct writes none of the first, and sector 8 of the second may take no write. */
	if (c->vd->type == VCT_ID_BLOCK && !vct_has(c->vd->offered, 5) && !vct_has(c->vd->offered, 17)) {
		/* Write sector 8 through four readable pieces, read it back through four writable ones. */
		struct vct_dma_buf *data;
		uint8_t *p;

		vct_req_reading(c, &w);	/* header (OUT sector 8), 512 data, status */
		p = w.buf[1]->va;
		for (unsigned int i = 0; i < 512; i++)
			p[i] = (uint8_t)(i / 128 * 0x40 + (i % 128));
		w.sg[5] = (struct vct_sg){ w.buf[2]->iova, 1, true };
		for (unsigned int k = 0; k < 4; k++)
			w.sg[1 + k] = (struct vct_sg){ w.buf[1]->iova + 128u * k, 128, false };
		w.n = 6;
		vct_req_round_trip(c, &b, &w, 0);
		vct_report(c, ((uint8_t *)w.buf[2]->va)[0] == 0, "status of the write", "VIRTIO_BLK_S_OK", "%u",
			   ((uint8_t *)w.buf[2]->va)[0]);
		vct_req_writing(c, &rd);	/* header (IN sector 0), 512 data, status */
		((uint64_t *)rd.buf[0]->va)[1] = htole64(8);
		data = rd.buf[1];
		rd.sg[5] = (struct vct_sg){ rd.buf[2]->iova, 1, true };
		for (unsigned int k = 0; k < 4; k++)
			rd.sg[1 + k] = (struct vct_sg){ data->iova + 128u * k, 128, true };
		rd.n = 6;
		len = vct_req_round_trip(c, &b, &rd, 0);
		vct_report(c, ((uint8_t *)rd.buf[2]->va)[0] == 0, "status of the read back", "VIRTIO_BLK_S_OK",
			   "%u", ((uint8_t *)rd.buf[2]->va)[0]);
		vct_report(c, !memcmp(data->va, w.buf[1]->va, 512), "sector written through a 4-part list",
			   "reads back byte for byte", "differs (len %u)", len);
		return;
	}
	/*
	 * Otherwise the request the device answers by writing, its first
	 * writable buffer cut into four elements: the device writes from the
	 * first element on, so poison within the used length means reordering.
	 */
	vct_req_writing(c, &w);
	{
		struct vct_req cut = { .model = w.model, .queue = w.queue };	/* the model: its trigger */
		unsigned int first = w.n;
		const uint8_t *p;
		uint32_t run = 0, quarter, covered, limit;

		for (unsigned int i = 0; i < w.n && first == w.n; i++)
			if (w.sg[i].write)
				first = i;
		if (first == w.n || w.sg[first].len < 4 || w.n + 3 > 8)
			vct_skip(c, "spec: %s has no writable buffer vct can cut into four", w.model->what);
		quarter = w.sg[first].len / 4;
		for (unsigned int i = 0; i < w.n; i++) {
			if (i != first) {
				cut.sg[cut.n++] = w.sg[i];
				continue;
			}
			for (unsigned int k = 0; k < 4; k++)
				cut.sg[cut.n++] = (struct vct_sg){ w.sg[i].iova + quarter * k,
								   k < 3 ? quarter : w.sg[i].len - 3 * quarter, true };
		}
		len = vct_req_round_trip(c, &b, &cut, 0);
		/* A short answer cannot hold 16 bytes of poison: then all of what it covers is the tell. */
		p = w.buf[first]->va;
		covered = len < w.sg[first].len ? len : w.sg[first].len;
		limit = covered < 16 ? covered : 16;
		for (uint32_t i = 0; i < covered && i < 64; i++) {
			run = p[i] == 0xee ? run + 1 : 0;
			if (run >= limit)
				break;
		}
		vct_report(c, !limit || run < limit, "bytes covered by the used length, in list order",
			   "written from the first element on", "%u bytes of poison within the first %u", limit, len);
	}
}

/* D-5db902d8 by analogy: the same request cut into more descriptors works the same. */
static void framing_independent(struct vct_ctx *c)
{
	vct_ring_framing_independent(c, true);
}

/* D-72886324 by analogy: an indirect table works, with WRITE on its descriptor ignored. */
static void indirect_table(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_c_need_feature(c, VCT_F_INDIRECT_DESC);
	bring(c, &b, false);
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, VCT_VQ_INDIRECT);
	vct_req_answer(c, &r);
	vct_req_completes(c, &b, &r, VCT_VQ_INDIRECT | VCT_VQ_INDIRECT_WFLAG,
			  "an indirect table whose referring descriptor has WRITE set");
	vct_req_check_readable(c, &r);
}

/* D-1ff26634 (shared): across ring wraps, only descriptors made available in this lap are used. */
static void wrap_around(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;

	vct_c_need_feature(c, VCT_F_RING_PACKED);
	memset(&b, 0, sizeof(b));
	b.nq = vct_req_queues(c->vd);
	b.qsize = 4;	/* any size works for a packed ring; 4 wraps quickly */
	vct_dev_default_features(c->vd, b.features);
	vct_set(b.features, VCT_F_RING_PACKED);
	b.features_set = true;
	vct_c_bringup(c, &b);
	vct_req_any(c, &r);
	vq = b.vq[r.queue];
	if (vq->size != 4)
		vct_abort(c, "queue size %u, asked for 4", vq->size);
	for (int i = 0; i < 11; i++) {
		vct_req_any(c, &r);
		vct_req_completes(c, &b, &r, 0, "a request on a 4-slot packed ring, laps on");
	}
	vct_report(c, vct_vq_pending(vq) == 0, "ring after 11 requests of up to 3 descriptors on 4 slots",
		   "nothing used beyond what was made available", "%u more used descriptors", vct_vq_pending(vq));
}

/* D-3d39881f by analogy: without EVENT_IDX the device's suppression flags are ENABLE or DISABLE. */
static void device_event_flags(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	uint16_t f;

	bring(c, &b, false);
	vct_req_any(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	f = le16toh(b.vq[r.queue]->dev_event->flags);
	vct_report(c, (f & 3) <= 1 && !(f & ~3u), "device event suppression flags without EVENT_IDX",
		   "0 (enable) or 1 (disable)", "0x%04x", f);
}

static int interrupted(struct vct_ctx *c, struct vct_vq *vq, int wait_ms)
{
	uint16_t vec = vq->vector_readback;

	if (!c->vd->nvec || vec == VCT_NO_VECTOR || vec >= c->vd->nvec)
		vct_skip(c, "device: no MSI-X vector is mapped to queue %u", vq->index);
	return vct_dev_irq_wait(c->vd, vec, wait_ms);
}

/* D-49b10d74 by analogy: driver event flags ENABLE: every used buffer is notified. */
static void notify_when_enabled(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	bring(c, &b, false);
	for (int i = 0; i < 3; i++) {
		vct_req_any(c, &r);
		vct_dev_irq_drain(c->vd);
		vct_req_round_trip(c, &b, &r, 0);
		vct_report(c, interrupted(c, b.vq[r.queue], c->timeout_ms) == 1,
			   "used buffer notification, driver event flags ENABLE", "sent", "request %d: none within %d ms", i,
			   c->timeout_ms);
	}
}

/* D-048b5675 by analogy: driver event flags DISABLE: no notification. */
static void no_notify_when_disabled(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	bring(c, &b, false);
	/* The rule in steady state (as split.c's): one request with notifications on, then quiet. */
	vct_req_any(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_irq_settle(c, &b, &r);
	vct_req_any(c, &r);
	vct_pvq_set_driver_event(b.vq[r.queue], VRING_PACKED_EVENT_FLAG_DISABLE, 0, false);
	vct_req_suppress_others(&b, r.queue, 0);
	vct_dev_irq_drain(c->vd);
	vct_req_round_trip(c, &b, &r, 0);
	vct_report(c, interrupted(c, b.vq[r.queue], 20) != 1, "used buffer notification, driver event flags DISABLE",
		   "suppressed", "sent");
}

/* D-a9525719 by analogy: DESC with the offset/wrap of the next used descriptor: notified. */
static void event_desc_notifies(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t len;
	int head;

	bring(c, &b, true);
	vct_req_any(c, &r);
	vct_req_round_trip(c, &b, &r, 0);	/* steady state first */
	vct_req_any(c, &r);
	vq = b.vq[r.queue];
	vct_pvq_set_driver_event(vq, VRING_PACKED_EVENT_FLAG_DESC, vq->next_used, vq->used_wrap);
	vct_dev_irq_drain(c->vd);
	head = vct_vq_add(vq, r.sg, r.n, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	vct_req_trigger(c, &b, &r);
	/*
	 * Wait for the notification before consuming the used descriptor:
	 * consuming moves the event offset on, and a device that reads it
	 * only after writing the descriptor would rightly see no event then.
	 */
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_report(c, interrupted(c, vq, c->timeout_ms) == 1, "notification for the descriptor at the event offset",
		   "sent", "none within %d ms", c->timeout_ms);
	vct_c_wait_used(c, vq, (uint16_t)head, &len);
}

/* D-38507fef by analogy: DESC pointing at a later lap: the used descriptor now is not notified. */
static void event_desc_suppresses(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t len;
	int head;

	bring(c, &b, true);
	/*
	 * Steady state first, then quiet, and the other queues silent: testpmd
	 * failed here one run in eight beside another test (a notification
	 * from before the rule, late under load, or another queue's).
	 */
	vct_req_any(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_irq_settle(c, &b, &r);
	vct_req_any(c, &r);
	vq = b.vq[r.queue];
	/* The slot just behind ours, one lap on: far from anything used next. */
	vct_pvq_set_driver_event(vq, VRING_PACKED_EVENT_FLAG_DESC,
				 (uint16_t)((vq->next_used + vq->size - 1) % vq->size),
				 vq->next_used ? !vq->used_wrap : vq->used_wrap);
	vct_req_suppress_others(&b, r.queue, 0);
	vct_dev_irq_drain(c->vd);
	head = vct_vq_add(vq, r.sg, r.n, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	vct_req_trigger(c, &b, &r);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_report(c, interrupted(c, vq, 20) != 1, "notification while the event offset is a lap ahead", "suppressed",
		   "sent");
	/* get_used re-arms the offset for the next descriptor; this one is consumed silently. */
	vct_c_wait_used(c, vq, (uint16_t)head, &len);
}

/* D-bf7aa049 by analogy: spurious notifications on a packed ring are harmless. */
static void spurious_notifications(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	bring(c, &b, false);
	for (unsigned int q = 0; q < b.nq; q++)
		for (int i = 0; i < 8; i++)
			vct_vq_notify(b.vq[q]);
	vct_report(c, !(vct_dev_status(c->vd) & VIRTIO_CONFIG_S_NEEDS_RESET),
		   "device_status after spurious notifications", "DEVICE_NEEDS_RESET clear", "0x%02x",
		   vct_dev_status(c->vd));
	vct_req_any(c, &r);
	vct_req_completes(c, &b, &r, 0, "a request after spurious notifications");
}

/* D-dc002a80: with IN_ORDER, buffers come back in the order they were made available. */
static void in_order(struct vct_ctx *c, bool packed)
{
	struct vct_bringup b;
	struct vct_req r[4];
	struct vct_vq *vq;
	int head[4];

	vct_ring_bring(c, &b, packed, false, VCT_F_IN_ORDER);
	for (int i = 0; i < 4; i++)
		vct_req_any(c, &r[i]);
	vq = b.vq[r[0].queue];
	for (int i = 0; i < 4; i++) {
		head[i] = vct_vq_add(vq, r[i].sg, r[i].n, NULL, 0);
		if (head[i] < 0)
			vct_abort(c, "cannot post request %d: %d", i, head[i]);
	}
	vct_vq_notify(vq);
	for (int i = 0; i < 4; i++)
		vct_req_trigger(c, &b, &r[i]);
	for (int i = 0; i < 4; i++) {
		struct vct_used_err e = { 0 };
		uint16_t id = 0;
		int rc = vct_vq_wait_used(vq, c->timeout_ms, &id, NULL, NULL, &e);

		vct_require(c, rc == 1, "used buffer with IN_ORDER negotiated", "the oldest outstanding one", "%s",
			    e.why);
		vct_report(c, id == head[i], "order of used buffers with IN_ORDER", "the order made available",
			   "completion %d is buffer %u, expected %d", i, id, head[i]);
	}
}

static void in_order_split(struct vct_ctx *c)
{
	in_order(c, false);
}

static void in_order_packed(struct vct_ctx *c)
{
	in_order(c, true);
}

static const struct vct_check checks[] = {
	VCT_CHECK("packed.no_write_to_readable", "D-eff2e9ae", no_write_to_readable, .needs = VCT_NEED_READING),
	VCT_CHECK("packed.writes_stay_in_buffers", "D-eff2e9ae", writes_stay_in_buffers, .needs = VCT_NEED_WRITING,
		  .analogy = "the packed ring's write rule names device-readable buffers; memory past a device-writable buffer is driver memory the device was not given, which no sentence names: the rule is extended to it (packed.no_write_to_readable checks the rule itself)"),
	VCT_CHECK("packed.avail_flag_required", "D-1ff26634", avail_flag_required, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("packed.wrap_around", "D-1ff26634", wrap_around, .needs = VCT_NEED_REQUEST,
		  .shared = "the same rule across ring wraps: a slot's flags from the previous lap must not pass for available"),
	VCT_CHECK("packed.ring_order", "D-4d80a9fd", ring_order, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("packed.used_desc_stable", "D-5872dd49", used_desc_stable, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("packed.list_order", "D-5246a648", list_order, .needs = VCT_NEED_WRITING),
	VCT_CHECK("packed.framing_independent", "D-5db902d8", framing_independent, .needs = VCT_NEED_READING,
		  .analogy = "the message framing statement sits in the split virtqueue section; packed-ring.tex has no framing statement of its own"),
	VCT_CHECK("packed.indirect_table", "D-72886324", indirect_table, .needs = VCT_NEED_REQUEST,
		  .analogy = "packed-ring.tex describes the same treatment of WRITE on a descriptor that refers to an indirect table, outside any normative block"),
	VCT_CHECK("packed.device_event_flags", "D-3d39881f", device_event_flags, .needs = VCT_NEED_REQUEST,
		  .analogy = "the packed ring's device event suppression flags play the split ring's used->flags role; packed-ring.tex has no device statement on their values"),
	VCT_CHECK("packed.notify_when_enabled", "D-49b10d74", notify_when_enabled, .needs = VCT_NEED_REQUEST,
		  .analogy = "driver event suppression ENABLE plays the split ring's avail->flags 0; packed-ring.tex has no device statement of its own"),
	VCT_CHECK("packed.no_notify_when_disabled", "D-048b5675", no_notify_when_disabled, .needs = VCT_NEED_REQUEST,
		  .analogy = "driver event suppression DISABLE plays the split ring's NO_INTERRUPT; packed-ring.tex has no device statement of its own"),
	VCT_CHECK("packed.event_desc_notifies", "D-a9525719", event_desc_notifies, .needs = VCT_NEED_REQUEST,
		  .analogy = "driver event suppression DESC plays the split ring's used_event; packed-ring.tex has no device statement of its own"),
	VCT_CHECK("packed.event_desc_suppresses", "D-38507fef", event_desc_suppresses, .needs = VCT_NEED_REQUEST,
		  .analogy = "driver event suppression DESC plays the split ring's used_event; packed-ring.tex has no device statement of its own"),
	VCT_CHECK("packed.spurious_notifications", "D-bf7aa049", spurious_notifications, .needs = VCT_NEED_REQUEST,
		  .analogy = "spurious available buffer notifications on a packed ring; the requirement is stated only in the split virtqueue section"),
	VCT_CHECK("ring.in_order_split", "D-dc002a80", in_order_split, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("packed.in_order", "D-dc002a80", in_order_packed, .needs = VCT_NEED_REQUEST,
		  .shared = "the in-order rule holds for both ring layouts; ring.in_order_split checks the split ring"),
};

VCT_SUITE(vct_suite_ring_packed, "ring/packed", checks);
