/* SPDX-License-Identifier: MIT */
/*
 * Traditional memory balloon (id 5): inflateq, deflateq, then statsq,
 * free_page_vq and reporting_vq as their features are negotiated. Every
 * queue carries driver data only: the device writes into no buffer.
 *
 * The page vct names is at 0xfee00000, the x86 MSI window, which is never
 * RAM: a device that acts on the frame number (QEMU discards the page of
 * an inflated frame and skips non-RAM ones) cannot hurt the machine vct
 * runs in.
 */
#include "types.h"

#define SAFE_PFN 0xfee00u	/* 0xfee00000 >> 12, and the next page */

/* Two frame numbers in two buffers: the array may be cut anywhere (message framing). */
static void pfn_build(struct vct_ctx *c, struct vct_req *r, const char *queue)
{
	r->queue = vct_req_queue(c, queue);
	vct_put32(vct_req_add(c, r, 4, false), SAFE_PFN);
	vct_put32(vct_req_add(c, r, 4, false), SAFE_PFN + 1);
}

static void inflate_build(struct vct_ctx *c, struct vct_req *r)
{
	pfn_build(c, r, "inflateq");
}

static void deflate_build(struct vct_ctx *c, struct vct_req *r)
{
	pfn_build(c, r, "deflateq");
}

static void stats_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *s;

	r->queue = vct_req_queue(c, "statsq");
	s = vct_req_add(c, r, 10, false);	/* one struct virtio_balloon_stat: tag, value */
	vct_put16(s, 4);			/* VIRTIO_BALLOON_S_MEMFREE */
	vct_put64(s + 2, 64ull << 20);
}

static const struct vct_req_model inflate = {
	.what = "two page frame numbers on inflateq",
	.provoke = VCT_PROVOKE_SELF,
	.build = inflate_build,
};

static const struct vct_req_model deflate = {
	.what = "two page frame numbers on deflateq",
	.provoke = VCT_PROVOKE_SELF,
	.build = deflate_build,
};

static const struct vct_req_model stats = {
	.what = "a statistics buffer on statsq",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "the device returns a statistics buffer only when its host asks for statistics",
	.build = stats_build,
};

VCT_TYPE_MODELS(balloon) = {
	.type = 5,
	.reading = &deflate,
	.no_writing = "spec: the balloon device writes into no buffer: inflate, deflate and statistics carry driver data only",
	.queues = {
		{ "inflateq", &inflate },
		{ "deflateq", &deflate },
		{ "statsq", &stats },
	},
};
