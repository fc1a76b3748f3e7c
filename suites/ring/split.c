/* SPDX-License-Identifier: MIT */
/* Split virtqueue: descriptor table, used ring, indirect descriptors, notification suppression. */
#include <errno.h>
#include <string.h>

#include "layout.h"

/* One request of the used-len check: len within the writable bytes, and those it covers written. */
static void used_len_one(struct vct_ctx *c, struct vct_bringup *b, const struct vct_req_model *m)
{
	struct vct_used_err e = { 0 };
	struct vct_req r;
	uint32_t len = 0, seen = 0, run = 0;
	uint16_t id = 0;
	int head, got;

	vct_req_build(c, &r, m);
	head = vct_req_post(c, b, &r, 0);
	got = vct_vq_wait_used(b->vq[r.queue], c->timeout_ms, &id, &len, NULL, &e);
	/* The used-entry validation refuses a len beyond the buffers: that len is this statement's to judge. */
	if (got < 0 && got != -ETIMEDOUT && e.id == (uint32_t)head && e.len > vct_req_writable(&r))
		len = e.len;
	else {
		vct_step_begin(c);
		vct_require(c, got == 1, "used ring entry", "a valid used entry", "%s", got == 1 ? "" : e.why);
		vct_step_end(c);
	}
	vct_report(c, len <= vct_req_writable(&r), "used len", "<= the device-writable bytes", "%u > %u (%s)", len,
		   vct_req_writable(&r), m->what);
	/* Walk the writable bytes in order: the first len bytes must not all still be poison. */
	for (unsigned int i = 0; i < r.n && seen < len; i++) {
		const uint8_t *p = r.buf[i]->va;

		if (!r.sg[i].write)
			continue;
		for (uint32_t k = 0; k < r.sg[i].len && seen < len; k++, seen++) {
			run = p[k] == 0xee ? run + 1 : 0;
			if (run >= 16)
				break;
		}
		if (run >= 16)
			break;
	}
	vct_report(c, run < 16, "bytes covered by the used len", "written by the device",
		   "%s: still the driver's 0xee poison at byte %u of %u", m->what, seen, len);
}

/*
 * D-6a2ebd0e: the device wrote at least len bytes, from the first writable
 * buffer on. Every request the type's models give that the device answers
 * without a host event, writing ones and those with driver data only
 * (whose used len must then be 0).
 */
static void used_len_backed_by_writes(struct vct_ctx *c)
{
	const struct vct_req_model *done[2 + VCT_MAX_TYPE_QUEUES];
	const struct vct_type_models *tm = vct_models_of(c->vd->type);
	struct vct_bringup b;
	unsigned int n = 0;
	struct vct_req r;

	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);	/* SKIPs, with the row's reason, a type with no request to answer */
	done[n++] = r.model;
	used_len_one(c, &b, r.model);
	for (int k = -1; tm && k < VCT_MAX_TYPE_QUEUES; k++) {
		const struct vct_req_model *m = k < 0 ? tm->reading : tm->queues[k].model;
		bool seen = false;

		if (!m || m->provoke == VCT_PROVOKE_HOST)
			continue;
		for (unsigned int i = 0; i < n; i++)
			seen |= done[i] == m;
		if (seen)
			continue;
		done[n++] = m;
		used_len_one(c, &b, m);
	}
}

/* D-d61ea6f6: device-readable buffers stay as the driver wrote them (and nothing past a buffer changes). */
static void no_write_to_readable(struct vct_ctx *c)
{
	vct_ring_no_write_to_readable(c, false);
}

/* D-d61ea6f6 (shared): nothing beyond a device-writable buffer is written. */
static void writes_stay_in_buffers(struct vct_ctx *c)
{
	vct_ring_writes_stay_in_buffers(c, false);
}

/* D-c0f67e1b: the descriptor table is never written by the device. */
static void no_write_to_descriptors(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	uint32_t before;
	struct vct_vq *vq;

	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	{
		uint32_t len;
		int head = vct_vq_add(vq, r.sg, r.n, NULL, 0);

		if (head < 0)
			vct_abort(c, "cannot post the request");
		before = vct_sum(vq->desc, 16u * vq->size);
		vct_vq_notify(vq);
		vct_req_trigger(c, &b, &r);
		/* Compare before the driver consumes the entry: consuming relinks the free list. */
		vct_req_wait_pending(c, vq, c->timeout_ms);
		vct_report(c, vct_sum(vq->desc, 16u * vq->size) == before, "descriptor table after a completion",
			   "unchanged", "the device wrote into the descriptor table");
		vct_c_wait_used(c, vq, (uint16_t)head, &len);
	}
}

/* D-0b166af0: len is set before idx: an entry published with idx must never carry our poison len. */
static void used_len_before_idx(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	int head;

	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	for (uint16_t i = 0; i < vq->size; i++) {
		vq->used->ring[i].id = htole32(0xffffffffu);
		vq->used->ring[i].len = htole32(0xfeedfaceu);
	}
	head = vct_req_post(c, &b, &r, 0);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_require(c, vct_vq_pending(vq) > 0, "used ring entry", "one within the wait", "none");
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	vct_report(c, le32toh(vq->used->ring[0].len) != 0xfeedfaceu, "used len once used->idx covers the entry",
		   "already written", "still the poison 0xfeedface");
	/* One request was outstanding: every entry used->idx covers must have been written, not only the first. */
	for (uint16_t i = 1; i < vct_vq_pending(vq) && i < vq->size; i++)
		if (le32toh(vq->used->ring[i].len) == 0xfeedfaceu) {
			vct_report(c, false, "used len of every entry used->idx covers", "written before idx moved",
				   "used->idx advanced %u entries for one request; entry %u still has the poison len",
				   vct_vq_pending(vq), i);
			break;
		}
	vct_report(c, le32toh(vq->used->ring[0].id) == (uint32_t)head, "used id once used->idx covers the entry",
		   "the posted head", "0x%08x", le32toh(vq->used->ring[0].id));
}

/* D-5db902d8: the same request cut into more, smaller descriptors works the same. */
static void framing_independent(struct vct_ctx *c)
{
	vct_ring_framing_independent(c, false);
}

/* D-56cb3895: a direct descriptor followed by an indirect one is handled. */
static void indirect_after_direct(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_c_need_feature(c, VCT_F_INDIRECT_DESC);
	vct_req_bring(c, &b, false);
	vct_req_multipart(c, &r);
	vct_req_completes(c, &b, &r, VCT_VQ_INDIRECT_TAIL, "a chain of direct descriptors ending in an indirect one");
	vct_req_check_readable(c, &r);
}

/* D-72886324: WRITE on the descriptor that points at an indirect table is ignored. */
static void indirect_ignores_write_flag(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_c_need_feature(c, VCT_F_INDIRECT_DESC);
	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);
	vct_req_completes(c, &b, &r, VCT_VQ_INDIRECT | VCT_VQ_INDIRECT_WFLAG,
			  "an indirect table whose referring descriptor has WRITE set");
	vct_req_check_readable(c, &r);
}

/* D-3d39881f: without EVENT_IDX, used->flags is 0 or 1. */
static void used_flags_valid(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	uint16_t f;

	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	f = le16toh(b.vq[r.queue]->used->flags);
	vct_report(c, f <= 1, "used->flags without EVENT_IDX", "0 or 1", "0x%04x", f);
}

/* D-3a470bf2: with EVENT_IDX, used->flags is 0. */
static void used_flags_zero_event_idx(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	uint16_t f;

	vct_req_bring(c, &b, true);
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	f = le16toh(b.vq[r.queue]->used->flags);
	vct_report(c, f == 0, "used->flags with EVENT_IDX", "0", "0x%04x", f);
}

/* D-49b10d74: flags 0 and no EVENT_IDX: each used buffer is notified. */
static void notify_when_flags_zero(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_req_bring(c, &b, false);
	for (int i = 0; i < 3; i++) {
		vct_req_answer(c, &r);
		vct_dev_irq_drain(c->vd);
		vct_req_round_trip(c, &b, &r, 0);
		vct_report(c, vct_req_interrupted(c, &b, &r, c->timeout_ms) == 1, "used buffer notification, avail->flags 0",
			   "sent", "request %d: none within %d ms", i, c->timeout_ms);
	}
}

/* D-048b5675: flags 1 (NO_INTERRUPT) and no EVENT_IDX: no notification should come. */
static void no_notify_when_flags_one(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_req_bring(c, &b, false);
	/* One request with notifications on first, and whatever the bring-up sent settled: the rule in steady state. */
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_irq_settle(c, &b, &r);
	vct_req_answer(c, &r);
	b.vq[r.queue]->avail->flags = htole16(VRING_AVAIL_F_NO_INTERRUPT);
	vct_req_suppress_others(&b, r.queue, 0);
	vct_dev_irq_drain(c->vd);
	vct_req_round_trip(c, &b, &r, 0);
	vct_report(c, vct_req_interrupted(c, &b, &r, 20) != 1, "used buffer notification, avail->flags NO_INTERRUPT",
		   "suppressed", "sent");
}

/* D-a9525719: with EVENT_IDX, the entry at index used_event is notified. */
static void event_idx_notifies(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;

	vct_req_bring(c, &b, true);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	vq->avail->ring[vq->size] = htole16(vq->last_used);	/* used_event = next entry */
	vct_dev_irq_drain(c->vd);
	{
		/* Wait for the interrupt before consuming: consuming moves used_event on. */
		uint32_t len;
		int head = vct_req_post(c, &b, &r, 0);

		vct_report(c, vct_req_interrupted(c, &b, &r, c->timeout_ms) == 1, "notification for the entry at used_event",
			   "sent", "none within %d ms", c->timeout_ms);
		vct_c_wait_used(c, vq, (uint16_t)head, &len);
	}
}

/* D-38507fef: with EVENT_IDX, entries before used_event should not be notified. */
static void event_idx_suppresses(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t len;
	int head;

	vct_req_bring(c, &b, true);
	/*
	 * One request first: a device may conservatively notify the very first
	 * used buffer after queue setup (QEMU does); the rule is checked in
	 * steady state.
	 */
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_irq_settle(c, &b, &r);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	vct_dev_irq_drain(c->vd);
	/* used_event far ahead; written after the driver's own update in get_used. */
	vq->avail->ring[vq->size] = htole16((uint16_t)(vq->last_used + 100));
	vct_req_suppress_others(&b, r.queue, 100);
	head = vct_req_post(c, &b, &r, 0);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_report(c, vct_req_interrupted(c, &b, &r, 20) != 1, "notification while used_event is 100 entries ahead",
		   "suppressed", "sent");
	vct_c_wait_used(c, vq, (uint16_t)head, &len);
}

/* D-bf7aa049: spurious notifications are harmless. */
static void spurious_notifications(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_req_bring(c, &b, false);
	for (unsigned int q = 0; q < b.nq; q++)
		for (int i = 0; i < 8; i++)
			vct_vq_notify(b.vq[q]);
	vct_report(c, !(vct_dev_status(c->vd) & VIRTIO_CONFIG_S_NEEDS_RESET), "device_status after spurious notifications",
		   "DEVICE_NEEDS_RESET clear", "0x%02x", vct_dev_status(c->vd));
	vct_req_answer(c, &r);
	vct_req_completes(c, &b, &r, 0, "a request after spurious notifications");
}

static const struct vct_check checks[] = {
	VCT_CHECK("ring.used_len_backed_by_writes", "D-6a2ebd0e", used_len_backed_by_writes, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.used_len_before_idx", "D-0b166af0", used_len_before_idx, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.no_write_to_readable", "D-d61ea6f6", no_write_to_readable, .needs = VCT_NEED_READING),
	VCT_CHECK("ring.writes_stay_in_buffers", "D-d61ea6f6", writes_stay_in_buffers, .needs = VCT_NEED_WRITING,
		  .shared = "bytes past a device-writable buffer are driver memory the device was not given; this statement is the one forbidding such writes"),
	VCT_CHECK("ring.no_write_to_descriptors", "D-c0f67e1b", no_write_to_descriptors, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.framing_independent", "D-5db902d8", framing_independent, .needs = VCT_NEED_READING),
	VCT_CHECK("ring.indirect_after_direct", "D-56cb3895", indirect_after_direct, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.indirect_ignores_write_flag", "D-72886324", indirect_ignores_write_flag, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.used_flags_valid", "D-3d39881f", used_flags_valid, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.used_flags_zero_event_idx", "D-3a470bf2", used_flags_zero_event_idx, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.notify_when_flags_zero", "D-49b10d74", notify_when_flags_zero, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.no_notify_when_flags_one", "D-048b5675", no_notify_when_flags_one, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.event_idx_notifies", "D-a9525719", event_idx_notifies, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.event_idx_suppresses", "D-38507fef", event_idx_suppresses, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.spurious_notifications", "D-bf7aa049", spurious_notifications, .needs = VCT_NEED_REQUEST),
};

VCT_SUITE(vct_suite_ring_split, "ring/split", checks);
