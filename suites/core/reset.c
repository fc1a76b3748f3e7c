/* SPDX-License-Identifier: MIT */
/* Device reset: what must be gone after writing 0 to device_status, and what must stay quiet. */
#include "req.h"

/*
 * D-a95edbec: after the reset completes the device neither interrupts nor
 * touches the rings. A request is left outstanding across the reset and the
 * old used ring watched.
 */
static void quiet_after_reset(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_req r;
	struct vct_vq *vq;
	uint16_t used_before;
	uint32_t avail_sum;

	vct_c_bringup(c, &b);
	vct_req_reading(c, &r);
	vq = b.vq[r.queue];
	/* Publish the request without notifying, then reset. */
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_c_reset(c);
	vct_dev_irq_drain(c->vd);
	used_before = vct_vq_pending(vq);
	avail_sum = vct_sum(vq->used, 6u + 8u * vq->size);
	/* A notification after reset must not wake the old queue either. */
	vct_vq_notify(vq);
	for (int i = 0; i < 20; i++) {
		vct_dev_poll(c->vd);
		usleep(5000);
	}
	vct_report(c, vct_vq_pending(vq) == used_before && vct_sum(vq->used, 6u + 8u * vq->size) == avail_sum,
		   "used ring of a queue after device reset", "untouched", "used->idx moved by %u",
		   (uint16_t)(vct_vq_pending(vq) - used_before));
	for (unsigned int v = 0; v < c->vd->nvec; v++)
		vct_report(c, vct_dev_irq_wait(c->vd, v, 1) != 1, "interrupts after device reset", "none",
			   "MSI-X vector %u fired", v);
	vct_req_check_readable(c, &r);
}

static const struct vct_check checks[] = {
	VCT_CHECK("reset.quiet_after_reset", "D-a95edbec", quiet_after_reset,
		  .needs = VCT_NEED_READING),
};

VCT_SUITE(vct_suite_core_reset, "core/reset", checks);
