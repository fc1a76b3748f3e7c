/* SPDX-License-Identifier: MIT */
/* SPI controller (id 45): one request queue; a transfer the device must refuse, so nothing is clocked. */
#include "types.h"

/*
 * A half-duplex write of 4 bytes to chip select 255, which no controller
 * has (cs_max_number is a u8, so 255 is never a valid index): the device
 * checks the head, answers VIRTIO_SPI_PARAM_ERR and drives nothing on the
 * bus. The head goes in two buffers: the framing is the driver's.
 */
static void refused_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *h;

	r->queue = vct_req_queue(c, "requestq");
	h = vct_req_add(c, r, 8, false);
	h[0] = 255;	/* chip_select_id */
	h[1] = 8;	/* bits_per_word */
	h[3] = h[4] = 1;	/* SINGLE */
	vct_put32((uint8_t *)vct_req_add(c, r, 24, false) + 4, 100000);	/* mode 0, freq 100 kHz, no delays */
	vct_put32(vct_req_add(c, r, 4, false), 0x5aa55aa5);	/* tx_buf */
	vct_req_add(c, r, 1, true);	/* virtio_spi_transfer_result */
}

static void refused_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t res = 0xee;

	vct_req_written(r, 0, &res, 1);
	vct_report(c, res == 1, "result of a transfer to chip select 255", "VIRTIO_SPI_PARAM_ERR (1)", "0x%02x", res);
}

static const struct vct_req_model refused = {
	.what = "a write transfer to chip select 255 on requestq (refused: nothing clocked)",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = refused_build,
	.check = refused_check,
};

VCT_TYPE_MODELS(spi) = {
	.type = 45,
	.writing = &refused,
	.reading = &refused,
	.queues = {
		{ "requestq", &refused },
	},
};
