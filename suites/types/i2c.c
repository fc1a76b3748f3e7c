/* SPDX-License-Identifier: MIT */
/* I2C adapter (id 34): one request queue; a zero-length (SMBus Quick) write to a free address. */
#include "types.h"

/*
 * A zero-length write request (VIRTIO_I2C_F_ZERO_LENGTH_REQUEST, which vct
 * always accepts) to 7-bit address 0x7c, one the I2C specification keeps
 * reserved, so no client answers and nothing on the bus changes: the device
 * reads the out_hdr and writes the status. The out_hdr goes in two buffers
 * (addr and padding, then flags): the framing is the driver's.
 */
static void quick_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *h;

	r->queue = vct_req_queue(c, "requestq");
	h = vct_req_add(c, r, 4, false);
	vct_put16(h, 0x7c << 1);	/* addr: 7-bit 0x7c */
	vct_put16(h + 2, 0);		/* padding */
	vct_put32(vct_req_add(c, r, 4, false), 0);	/* flags: a write, the group's last */
	vct_req_add(c, r, 1, true);	/* virtio_i2c_in_hdr */
}

/* status is MSG_OK or MSG_ERR (an address nobody answers may give either, depending on the controller). */
static void quick_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t st = 0xee;

	vct_req_written(r, 0, &st, 1);
	vct_report(c, st <= 1, "in_hdr.status", "VIRTIO_I2C_MSG_OK (0) or _ERR (1)", "0x%02x", st);
}

static const struct vct_req_model quick = {
	.what = "a zero-length write to reserved address 0x7c on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = quick_build,
	.check = quick_check,
};

VCT_TYPE_MODELS(i2c) = {
	.type = 34,
	.writing = &quick,
	.reading = &quick,
	.queues = {
		{ "requestq", &quick },
	},
};
