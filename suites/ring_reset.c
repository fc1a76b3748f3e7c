/* SPDX-License-Identifier: MIT */
/* Per-queue reset (VIRTIO_F_RING_RESET) steps shared by the queue-reset checks. */
#include "req.h"

struct vct_vq *vct_c_ring_reset_setup(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r)
{
	vct_c_need_feature(c, VCT_F_RING_RESET);
	if (!c->vd->ops->queue_reset_supported(c->vd))
		vct_require(c, false, "queue_reset register", "present with VIRTIO_F_RING_RESET offered", "absent");
	b->nq = vct_req_queues(c->vd);
	vct_c_bringup(c, b);
	if (!vct_has(c->vd->features, VCT_F_RING_RESET))
		vct_skip(c, "not offered: VIRTIO_F_RING_RESET was not negotiated");
	vct_req_reading(c, r);
	return b->vq[r->queue];
}

bool vct_c_queue_reset(struct vct_ctx *c, uint16_t q, uint16_t *rs, uint16_t *en)
{
	return vct_dev_queue_reset(c->vd, q, c->timeout_ms, rs, en);
}
