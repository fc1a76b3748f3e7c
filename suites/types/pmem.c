/* SPDX-License-Identifier: MIT */
/* PMEM device (id 27): one request queue; a flush. */
#include "types.h"

static void flush_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_put32(vct_req_add(c, r, 4, false), 0);	/* VIRTIO_PMEM_REQ_TYPE_FLUSH */
	vct_req_add(c, r, 4, true);
}

/* "0" for success and "-1" for failure (Virtqueue return). */
static void flush_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint32_t ret = (uint32_t)vct_le_load(r->buf[1]->va, 4);

	vct_report(c, ret == 0 || ret == 0xffffffffu, "flush ret", "0 (success) or -1 (failure)", "0x%08x", ret);
}

static const struct vct_req_model flush = {
	.what = "VIRTIO_PMEM_REQ_TYPE_FLUSH on the request queue",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 4,
	.build = flush_build,
	.check = flush_check,
};

VCT_TYPE_MODELS(pmem) = {
	.type = 27,
	.writing = &flush,
	.reading = &flush,
	.queues = {
		{ "requestq", &flush },
	},
};
