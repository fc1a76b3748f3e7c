/* SPDX-License-Identifier: MIT */
/* 9P transport (id 9): one request queue of 9P messages; a Tversion. */
#include <string.h>

#include "types.h"

#define TVERSION 100
#define RVERSION 101
#define RLERROR 7
#define MSIZE 8192
#define REPLY 256

static void version_build(struct vct_ctx *c, struct vct_req *r)
{
	static const char v[] = "9P2000.L";
	uint8_t *m;

	r->queue = 0;
	m = vct_req_add(c, r, 4 + 1 + 2 + 4 + 2 + sizeof(v) - 1, false);
	vct_put32(m, 4 + 1 + 2 + 4 + 2 + sizeof(v) - 1);	/* size[4] */
	m[4] = TVERSION;
	vct_put16(m + 5, 0xffff);	/* NOTAG */
	vct_put32(m + 7, MSIZE);
	vct_put16(m + 11, sizeof(v) - 1);
	memcpy(m + 13, v, sizeof(v) - 1);
	vct_req_add(c, r, REPLY, true);
}

/* The reply is a 9P message: its size fits what came back, its tag is the request's. */
static void version_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const uint8_t *m = r->buf[1]->va;
	uint32_t size = (uint32_t)vct_le_load(m, 4);

	vct_report(c, m[4] == RVERSION || m[4] == RLERROR, "Tversion reply type", "Rversion (101) or Rlerror (7)",
		   "%u", m[4]);
	vct_report(c, size >= 7 && size <= len, "9P reply size[4]", "7 .. the used len", "%u (used len %u)", size, len);
	vct_report(c, vct_le_load(m + 5, 2) == 0xffff, "9P reply tag", "NOTAG, as in the Tversion", "0x%04x",
		   (unsigned int)vct_le_load(m + 5, 2));
}

static const struct vct_req_model version = {
	.what = "Tversion 9P2000.L (msize 8192) on the request queue",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 7,
	.build = version_build,
	.check = version_check,
};

VCT_TYPE_MODELS(p9) = {
	.type = 9,
	.writing = &version,
	.reading = &version,
	.queues = {
		{ "requestq", &version },
	},
};
