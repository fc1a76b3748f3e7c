/* SPDX-License-Identifier: MIT */
/* Virtqueue configuration through the common configuration structure, and per-queue reset. */
#include "req.h"

/* D-17f4dd79: a reset queue executes nothing more and stays quiet. */
static void reset_queue_stays_quiet(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	struct vct_vq *vq = vct_c_ring_reset_setup(c, &b, &r);
	uint16_t rs = 0xffff, en = 0xffff;

	if (!vct_c_queue_reset(c, vq->index, &rs, &en))
		vct_skip(c, "device: the queue reset never completed (checked by queue.reset_completes)");
	vct_dev_irq_drain(c->vd);
	{
		/*
		 * The driver may give a reset queue new rings before it writes
		 * queue_enable again; until that write the queue is still reset,
		 * so a request on the new rings must not run either.
		 */
		struct vct_vq *nvq;
		struct vct_req r2;
		char why[200] = "";

		if (__vct_vq_setup_noenable(c->vd, vq->index, 0, VCT_NO_VECTOR, &nvq, why, sizeof(why)))
			vct_require(c, false, "programming new rings on a reset queue", "accepted", "%s", why);
		vct_req_reading(c, &r2);
		if (vct_vq_add(nvq, r2.sg, r2.n, NULL, 0) < 0)
			vct_abort(c, "cannot post the request");
		vct_vq_notify(nvq);
		for (int i = 0; i < 20; i++) {
			vct_dev_poll(c->vd);
			usleep(5000);
		}
		vct_report(c, vct_vq_pending(nvq) == 0, "used ring of a reset queue given new rings, queue_enable not written",
			   "untouched: the request is not executed", "%u used entries", vct_vq_pending(nvq));
	}
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	for (int i = 0; i < 20; i++) {
		vct_dev_poll(c->vd);
		usleep(5000);
	}
	vct_report(c, vct_vq_pending(vq) == 0, "used ring of a reset queue after a notification",
		   "untouched: the request is not executed", "%u used entries", vct_vq_pending(vq));
	if (c->vd->nvec > (unsigned int)vq->index + 1)
		vct_report(c, vct_dev_irq_wait(c->vd, vq->index + 1, 1) != 1, "interrupt for a reset queue", "none",
			   "vector %u fired", vq->index + 1);
}

/*
 * D-384140e0 / D-56b3e8e6: after a queue reset, re-enabling with new
 * (smaller) rings starts from avail/used index 0 and honours the new size.
 */
static void queue_reenable_fresh_state(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	struct vct_vq *vq = vct_c_ring_reset_setup(c, &b, &r), *nvq;
	uint16_t rs = 0xffff, en = 0xffff, max;
	uint32_t len;
	int head;
	char why[200] = "";

	/* Move the old ring's indexes away from 0 first. */
	for (int i = 0; i < 3; i++) {
		head = vct_req_post(c, &b, &r, 0);
		vct_c_wait_used(c, vq, (uint16_t)head, &len);
		vct_req_reading(c, &r);
	}
	if (!vct_c_queue_reset(c, vq->index, &rs, &en))
		vct_skip(c, "device: the queue reset never completed (checked by queue.reset_completes)");
	max = vct_dev_queue_size(c->vd, vq->index);
	if (max < 2)
		vct_skip(c, "device: queue maximum %u leaves no smaller size to re-enable with", max);
	if (__vct_vq_setup(c->vd, vq->index, (uint16_t)(max / 2), vq->vector, &nvq, why, sizeof(why)))
		vct_require(c, false, "queue re-enable after reset", "accepted", "%s", why);
	b.vq[vq->index] = nvq;
	for (int i = 0; i < 2; i++) {
		vct_req_completes(c, &b, &r, 0, "a request on the queue re-enabled after its reset");
		vct_req_reading(c, &r);
	}
}

/*
 * D-56b3e8e6: a queue re-enabled after its reset with a smaller size runs on
 * the new size: enough requests to wrap the small ring several times all
 * complete (a device still using the old size reads avail entries past the
 * new ring, into a guard gap).
 */
static void queue_reenable_new_size(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	struct vct_vq *vq = vct_c_ring_reset_setup(c, &b, &r), *nvq;
	uint16_t rs = 0xffff, en = 0xffff, max, size;
	char why[200] = "";

	if (!vct_c_queue_reset(c, vq->index, &rs, &en))
		vct_skip(c, "device: the queue reset never completed (checked by queue.reset_completes)");
	max = vct_dev_queue_size(c->vd, vq->index);
	size = max >= 8 ? 4 : max / 2;
	if (size < 1 || size * 2 > max)
		vct_skip(c, "device: queue maximum %u leaves no smaller size to re-enable with", max);
	if (r.n > size)
		size = (uint16_t)(max >= 16 ? 8 : max / 2);
	if (__vct_vq_setup(c->vd, vq->index, size, vq->vector, &nvq, why, sizeof(why)))
		vct_require(c, false, "queue re-enable after reset", "accepted", "%s", why);
	b.vq[vq->index] = nvq;
	for (int i = 0; i < 3 * size; i++) {
		vct_req_reading(c, &r);
		vct_req_completes(c, &b, &r, 0, "a request on the re-enabled, smaller ring");
	}
	vct_report(c, le16toh(nvq->used->idx) == (uint16_t)(3 * size), "used->idx after wrapping the re-enabled ring",
		   "one entry per request", "%u after %d requests on a %u-entry ring", le16toh(nvq->used->idx), 3 * size,
		   size);
}

static const struct vct_check checks[] = {
	VCT_CHECK("queue.reset_queue_stays_quiet", "D-17f4dd79", reset_queue_stays_quiet,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("queue.reenable_new_size", "D-56b3e8e6", queue_reenable_new_size,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("queue.reenable_fresh_state", "D-384140e0", queue_reenable_fresh_state,
		  .needs = VCT_NEED_READING),
};

VCT_SUITE(vct_suite_core_queue, "core/queue", checks);
