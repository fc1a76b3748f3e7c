/* SPDX-License-Identifier: MIT */
/*
 * File system device (id 26): FUSE messages. A request is a device-readable
 * fuse_in_header and body, then a device-writable fuse_out_header and body.
 * Requests: FUSE_INIT on a request queue (it starts a new session, so it is
 * sound in any state), FUSE_FORGET of nothing (nlookup 0 of the root) on
 * hiprio, which the device completes with nothing to write.
 */
#include "types.h"

#define FUSE_FORGET 2
#define FUSE_INIT 26
#define IN_HDR 40	/* struct fuse_in_header */
#define OUT_HDR 16	/* struct fuse_out_header */
#define INIT_IN 64	/* struct fuse_init_in, protocol 7.36 (older devices read the first 16 bytes) */
#define INIT_OUT 64	/* struct fuse_init_out */
#define UNIQUE 0x7c7c0001ull

static void init_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *m;

	r->queue = vct_req_queue(c, "requestq");
	m = vct_req_add(c, r, IN_HDR + INIT_IN, false);
	vct_put32(m, IN_HDR + INIT_IN);	/* len */
	vct_put32(m + 4, FUSE_INIT);	/* opcode */
	vct_put64(m + 8, UNIQUE);	/* unique; nodeid, uid, gid, pid, total_extlen: 0 */
	vct_put32(m + IN_HDR, 7);	/* fuse_init_in.major */
	vct_put32(m + IN_HDR + 4, 36);	/* minor */
	vct_put32(m + IN_HDR + 8, 65536);	/* max_readahead; flags: none asked for */
	vct_req_add(c, r, OUT_HDR + INIT_OUT, true);
}

/* The reply is a FUSE message: its length fits what came back, its unique is the request's, its error an errno. */
static void init_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t m[OUT_HDR + 8] = { 0 };
	uint32_t olen;
	int32_t err;

	vct_req_written(r, 0, m, sizeof(m));
	olen = (uint32_t)vct_le_load(m, 4);
	err = (int32_t)vct_le_load(m + 4, 4);
	vct_report(c, olen >= OUT_HDR && olen <= len, "fuse_out_header.len of FUSE_INIT", "16 .. the used len",
		   "%u (used len %u)", olen, len);
	vct_report(c, err <= 0 && err >= -4095, "fuse_out_header.error of FUSE_INIT", "0 or a negative errno", "%d",
		   err);
	vct_report(c, vct_le_load(m + 8, 8) == UNIQUE, "fuse_out_header.unique of FUSE_INIT", "the request's unique",
		   "0x%llx", (unsigned long long)vct_le_load(m + 8, 8));
	if (err == 0 && olen >= OUT_HDR + 8 && len >= OUT_HDR + 8)
		vct_report(c, vct_le_load(m + OUT_HDR, 4) == 7, "fuse_init_out.major", "7 (the driver asked for 7.36)",
			   "%u", (unsigned int)vct_le_load(m + OUT_HDR, 4));
}

static const struct vct_req_model init = {
	.what = "FUSE_INIT 7.36 on a request queue",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = OUT_HDR,
	.build = init_build,
	.check = init_check,
};

static void forget_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *m;

	r->queue = vct_req_queue(c, "hiprio");
	m = vct_req_add(c, r, IN_HDR + 8, false);
	vct_put32(m, IN_HDR + 8);
	vct_put32(m + 4, FUSE_FORGET);
	vct_put64(m + 8, UNIQUE + 1);
	vct_put64(m + 16, 1);		/* nodeid: the root */
	vct_put64(m + IN_HDR, 0);	/* fuse_forget_in.nlookup: nothing forgotten */
}

static const struct vct_req_model forget = {
	.what = "FUSE_FORGET (nlookup 0 of the root) on hiprio",
	.provoke = VCT_PROVOKE_SELF,
	.build = forget_build,
};

VCT_TYPE_MODELS(fs) = {
	.type = 26,
	.writing = &init,
	.reading = &init,
	.queues = {
		{ "hiprio", &forget },
		{ "requestq", &init },
	},
};
