/* SPDX-License-Identifier: MIT */
/* Entropy device (id 4): one request queue of device-writable buffers. */
#include "types.h"

static void entropy_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_req_add(c, r, 64, true);
}

static const struct vct_req_model entropy = {
	.what = "64 bytes of entropy on requestq",
	.provoke = VCT_PROVOKE_SELF,
	/* D-682443f6's "one or more random bytes": the rng suite checks the count, this only needs one. */
	.must_write = 1,
	.build = entropy_build,
};

VCT_TYPE_MODELS(rng) = {
	.type = 4,
	.writing = &entropy,
	.no_reading = "spec: the entropy device's only queue takes device-writable buffers; no request carries data for it to read",
	.queues = {
		{ "requestq", &entropy },
	},
};
