/* SPDX-License-Identifier: MIT */
/* Block device (id 2): reads and writes of one sector on requestq. */
#include <linux/virtio_blk.h>

#include "types.h"

/* The status byte closes every request: OK, IOERR or UNSUPP, the block chapter's three values. */
static void status_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const uint8_t st = ((const uint8_t *)r->buf[r->n - 1]->va)[0];

	vct_report(c, st <= VIRTIO_BLK_S_UNSUPP, "block request status", "VIRTIO_BLK_S_OK, _IOERR or _UNSUPP",
		   "%s: 0x%02x", r->model->what, st);
}

static void read_build(struct vct_ctx *c, struct vct_req *r)
{
	struct virtio_blk_outhdr *h;

	r->queue = 0;
	h = vct_req_add(c, r, sizeof(*h), false);
	h->type = htole32(VIRTIO_BLK_T_IN);
	h->sector = htole64(0);
	vct_req_add(c, r, 512, true);
	vct_req_add(c, r, 1, true);
}

static void write_build(struct vct_ctx *c, struct vct_req *r)
{
	struct virtio_blk_outhdr *h;
	uint8_t *d;

	r->queue = 0;
	h = vct_req_add(c, r, sizeof(*h), false);
	h->type = htole32(VIRTIO_BLK_T_OUT);
	/* Sector 8: sector 0 may hold something a later check reads. */
	h->sector = htole64(8);
	d = vct_req_add(c, r, 512, false);
	for (unsigned int i = 0; i < 512; i++)
		d[i] = (uint8_t)(i * 7 + 3);
	vct_req_add(c, r, 1, true);
}

static const struct vct_req_model blk_read = {
	.what = "VIRTIO_BLK_T_IN of sector 0",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = read_build,
	.check = status_check,
};

static const struct vct_req_model blk_write = {
	.what = "VIRTIO_BLK_T_OUT of sector 8",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = write_build,
	.check = status_check,
};

VCT_TYPE_MODELS(blk) = {
	.type = 2,
	.writing = &blk_read,
	.reading = &blk_write,
	.queues = {
		{ "requestq", &blk_read },
	},
};
