/* SPDX-License-Identifier: MIT */
/* Memory device (id 24): one guest-request queue; a STATE request of the first block. */
#include "types.h"

#define REQ_STATE 3
#define RESP_LEN 10		/* "All responses are 10 bytes long" */
#define RESP_ERROR 3		/* ACK, NACK, BUSY, ERROR */

static void state_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *p;

	r->queue = 0;
	p = vct_req_add(c, r, 24, false);
	vct_put16(p, REQ_STATE);
	vct_put64(p + 8, vct_req_cfg(c, "addr"));
	vct_put16(p + 16, 1);		/* nb_blocks */
	vct_req_add(c, r, RESP_LEN, true);
}

static void state_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const uint8_t *p = r->buf[1]->va;
	uint16_t type = (uint16_t)vct_le_load(p, 2), st = (uint16_t)vct_le_load(p + 8, 2);

	vct_report(c, type <= RESP_ERROR, "STATE response type", "ACK, NACK, BUSY or ERROR", "%u", type);
	if (type == 0)
		vct_report(c, st <= 2, "STATE of the first block", "PLUGGED, UNPLUGGED or MIXED", "%u", st);
}

static const struct vct_req_model state = {
	.what = "VIRTIO_MEM_REQ_STATE of the first block on the guest-request queue",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = RESP_LEN,
	.build = state_build,
	.check = state_check,
};

VCT_TYPE_MODELS(mem) = {
	.type = 24,
	.writing = &state,
	.reading = &state,
	.queues = {
		{ "guestq", &state },
	},
};
