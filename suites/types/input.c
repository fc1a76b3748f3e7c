/* SPDX-License-Identifier: MIT */
/* Input device (id 18): eventq (filled by host input events) and statusq (LED state from the driver). */
#include "types.h"

static void event_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_req_add(c, r, 8, true);	/* struct virtio_input_event */
}

static void status_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *e;

	/* One struct virtio_input_event in two buffers (type and code, then value): framing is the driver's. */
	r->queue = 1;
	e = vct_req_add(c, r, 4, false);
	vct_put16(e, 0x11);	/* EV_LED */
	vct_put16(e + 2, 0);	/* LED_NUML */
	vct_put32(vct_req_add(c, r, 4, false), 0);	/* off */
}

static const struct vct_req_model event = {
	.what = "an event buffer on eventq",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "input events come from the device's host side (QMP input-send-event)",
	.build = event_build,
};

static const struct vct_req_model status = {
	.what = "an EV_LED event (NumLock off) on statusq",
	.provoke = VCT_PROVOKE_SELF,
	.build = status_build,
};

VCT_TYPE_MODELS(input) = {
	.type = 18,
	.writing = &event,
	.reading = &status,
	.queues = {
		{ "eventq", &event },
		{ "statusq", &status },
	},
};
