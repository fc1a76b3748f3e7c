/* SPDX-License-Identifier: MIT */
/* RPMB device (id 28): one request queue; a write counter read, which changes nothing on the part. */
#include <string.h>

#include "types.h"

#define RPMB_FRAME 512

/*
 * GET_WRITE_COUNTER (block_count 1, a nonce): one request frame, one
 * response frame. vct never sends PROGRAM_KEY or DATA_WRITE: a key write is
 * one-time on a real part, and a data write advances its counter for good.
 */
static void counter_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *f;

	r->queue = vct_req_queue(c, "requestq");
	f = vct_req_add(c, r, RPMB_FRAME, false);
	for (unsigned int i = 0; i < 16; i++)
		f[484 + i] = (uint8_t)(0x5a ^ (i * 29));	/* nonce */
	f[507] = 1;	/* block_count (be16) */
	f[511] = 2;	/* req_resp (be16): GET_WRITE_COUNTER */
	vct_req_add(c, r, RPMB_FRAME, true);
}

/*
 * No .check: the values of the answer (its type, its result) are SHOULDs
 * of the RPMB chapter, checked by suites/rpmb/ under their own statements.
 */

static const struct vct_req_model counter = {
	.what = "GET_WRITE_COUNTER on requestq (reads the part's state, changes nothing)",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = RPMB_FRAME,
	.build = counter_build,
};

VCT_TYPE_MODELS(rpmb) = {
	.type = 28,
	.writing = &counter,
	.reading = &counter,
	.queues = {
		{ "requestq", &counter },
	},
};
