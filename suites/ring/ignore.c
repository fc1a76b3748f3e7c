/* SPDX-License-Identifier: MIT */
/* Split ring fields a device must ignore in one event-suppression mode or the other. */
#include "req.h"

/* D-e18cebfc: without EVENT_IDX, used_event means nothing: a far-ahead value must not suppress the notification. */
static void used_event_ignored(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;

	vct_req_bring(c, &b, false);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	vq->avail->ring[vq->size] = htole16((uint16_t)(vq->last_used + 1000));
	vct_dev_irq_drain(c->vd);
	vct_req_round_trip(c, &b, &r, 0);
	vct_report(c, vct_req_interrupted(c, &b, &r, c->timeout_ms) == 1,
		   "notification without EVENT_IDX, avail->flags 0, used_event 1000 ahead", "sent (used_event ignored)",
		   "none within %d ms", c->timeout_ms);
}

/* D-507d8ab0: with EVENT_IDX, the NO_INTERRUPT bit of avail->flags means nothing: used_event rules. */
static void no_interrupt_flag_ignored(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;

	vct_req_bring(c, &b, true);
	/* Steady state first: a device may notify the first buffer after setup unconditionally. */
	vct_req_answer(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_answer(c, &r);
	vq = b.vq[r.queue];
	vq->avail->flags = htole16(VRING_AVAIL_F_NO_INTERRUPT);
	vq->avail->ring[vq->size] = htole16(vq->last_used);	/* used_event: notify the next entry */
	vct_dev_irq_drain(c->vd);
	{
		/* Wait for the interrupt before consuming: consuming moves used_event on. */
		uint32_t len;
		int head = vct_req_post(c, &b, &r, 0);

		vct_report(c, vct_req_interrupted(c, &b, &r, c->timeout_ms) == 1,
			   "notification with EVENT_IDX, used_event due, avail->flags NO_INTERRUPT", "sent (flag ignored)",
			   "none within %d ms", c->timeout_ms);
		vct_c_wait_used(c, vq, (uint16_t)head, &len);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("ring.used_event_ignored_without_event_idx", "D-e18cebfc", used_event_ignored, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("ring.no_interrupt_flag_ignored_with_event_idx", "D-507d8ab0", no_interrupt_flag_ignored,
		  .needs = VCT_NEED_REQUEST),
};

VCT_SUITE(vct_suite_ring_ignore, "ring/ignore", checks);
