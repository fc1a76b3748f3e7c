/* SPDX-License-Identifier: MIT */
/* Console device (id 3): port 0's receive and transmit queues (control queues with MULTIPORT). */
#include <string.h>

#include "types.h"

static void rx_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_req_add(c, r, 64, true);
}

static void tx_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 1;
	memcpy(vct_req_add(c, r, 32, false), "vct: device-readable bytes.....\n", 32);
}

static const struct vct_req_model rx = {
	.what = "a receive buffer on receiveq0",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "console input arrives from the device's host side (its character device)",
	.build = rx_build,
};

static const struct vct_req_model tx = {
	.what = "32 bytes of output on transmitq0",
	.provoke = VCT_PROVOKE_SELF,
	.build = tx_build,
};

VCT_TYPE_MODELS(console) = {
	.type = 3,
	.writing = &rx,
	.reading = &tx,
	.queues = {
		{ "receiveq0", &rx },
		{ "transmitq0", &tx },
	},
};
