/* SPDX-License-Identifier: MIT */
/*
 * Block device (id 2): reads and writes of one sector on requestq. Sectors
 * 0 and 8 lie in the first zone; on a zoned device whose first zone is
 * sequential a write there may end with a zone status, which the status
 * check accepts.
 */
#include <linux/virtio_blk.h>

#include "types.h"

#define BLK_F_RO 5
#define BLK_F_ZONED 17

/*
 * The status byte closes every request: OK, IOERR or UNSUPP, the block
 * chapter's three values, and with ZONED negotiated the four zone statuses
 * (3..6) a write may also end with.
 */
static void status_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const uint8_t st = ((const uint8_t *)r->buf[r->n - 1]->va)[0];
	const uint8_t max = vct_has(c->vd->features, BLK_F_ZONED) ? 6 : VIRTIO_BLK_S_UNSUPP;

	vct_report(c, st <= max, "block request status",
		   max > VIRTIO_BLK_S_UNSUPP ? "VIRTIO_BLK_S_OK, _IOERR, _UNSUPP or a zone status (3..6)"
					     : "VIRTIO_BLK_S_OK, _IOERR or _UNSUPP",
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

/*
 * A device that offers VIRTIO_BLK_F_RO gets no write from vct, whether or
 * not a check negotiated the bit (the
 * checks of D-6bd83eef and D-904dfe55 send the only ones): there the
 * request that makes the device read driver data is a read, whose header
 * is that data.
 */
static void write_build(struct vct_ctx *c, struct vct_req *r)
{
	struct virtio_blk_outhdr *h;
	uint8_t *d;

	if (vct_has(c->vd->offered, BLK_F_RO)) {
		read_build(c, r);
		return;
	}
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
	.what = "VIRTIO_BLK_T_OUT of sector 8 (a read of sector 0 when read-only)",
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
