/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases of the device types' own chapters: the type's well-formed
 * request bent so that it breaks one driver-side statement of the chapter
 * (a header shorter than the chapter's structure, a field the driver must
 * leave 0 or may only set with a feature, a buffer of the wrong direction on
 * a queue, a sector beyond the capacity, a configuration field the driver
 * must not write, a memory block outside the usable region).
 */
#include <string.h>

#include "robust.h"
#include "types/types.h"

#define ID_SCSI 8
#define ID_INPUT 18
#define ID_MEM 24

/*
 * Bring the device up without feature @bit (-1: defaults) and build the
 * request of @need (VCT_NEED_WRITING / READING) into rc->r.
 */
static struct vct_rcase *begin_with(struct vct_ctx *c, unsigned int need, int bit)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);

	if (bit >= 0)
		vct_clear(rc->b.features, (unsigned int)bit);
	vct_c_bringup(c, &rc->b);
	memset(&rc->r, 0, sizeof(rc->r));
	/* The buffer only has to sit on its queue: a request answered on a host event (console input, input events) does too. */
	if (need == VCT_NEED_WRITING && vct_models_of(c->vd->type) && vct_models_of(c->vd->type)->writing)
		vct_req_build(c, &rc->r, vct_models_of(c->vd->type)->writing);
	else if (need == VCT_NEED_WRITING)
		vct_req_writing(c, &rc->r);
	else
		vct_req_reading(c, &rc->r);
	if (rc->r.queue >= rc->b.nq || !rc->b.vq[rc->r.queue])
		vct_abort(c, "the request's queue %u was not brought up", rc->r.queue);
	rc->vq = rc->b.vq[rc->r.queue];
	return rc;
}

/* ---- block ---------------------------------------------------------------- */

/* R-7c51cace: a read of the sector at capacity (one past the last). */
static void blk_beyond_capacity(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put64((uint8_t *)rc->r.buf[0]->va + 8, vct_req_cfg(c, "capacity"));
	rb_post(c, rc);
}

/* R-7c51cace: a read of the last sector 2^64 - 1 (the range wraps). */
static void blk_sector_max(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put64((uint8_t *)rc->r.buf[0]->va + 8, ~0ull);
	rb_post(c, rc);
}

/* R-4b6da640: a flush whose sector is not 0. */
static void blk_flush_sector(struct vct_ctx *c)
{
	struct vct_rcase *rc;
	uint8_t *h;

	if (!vct_has(c->vd->offered, 9))
		vct_skip(c, "not offered: VIRTIO_BLK_F_FLUSH");
	rc = begin_with(c, VCT_NEED_WRITING, -1);
	h = rc->r.buf[0]->va;
	vct_put32(h, 4);		/* VIRTIO_BLK_T_FLUSH */
	vct_put64(h + 8, 7);
	/* Header and status only: the data buffer goes. */
	rc->r.sg[1] = rc->r.sg[2];
	rc->r.buf[1] = rc->r.buf[2];
	rc->r.n = 2;
	rb_post(c, rc);
}

/* ---- network -------------------------------------------------------------- */

/* R-b4c2ee75: a transmitted frame whose buffer is shorter than struct virtio_net_hdr. */
static void net_tx_header_short(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, -1);

	rc->r.sg[0].len = 6;
	rb_post(c, rc);
}

/* R-acf7cc01: num_buffers not 0 on transmit. */
static void net_tx_num_buffers(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, -1);

	vct_put16((uint8_t *)rc->r.buf[0]->va + 10, 0xffff);
	rb_post(c, rc);
}

/* R-431cf1cb: NEEDS_CSUM in flags with VIRTIO_NET_F_CSUM not negotiated, csum_start past the frame. */
static void net_tx_csum_unnegotiated(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, 0);
	uint8_t *h = rc->r.buf[0]->va;

	h[0] = 1;			/* VIRTIO_NET_HDR_F_NEEDS_CSUM */
	vct_put16(h + 6, 0xfff0);	/* csum_start */
	vct_put16(h + 8, 0xfff0);	/* csum_offset */
	rb_post(c, rc);
}

/* R-d533f89f: gso_type TCPV4 with VIRTIO_NET_F_HOST_TSO4 not negotiated, gso_size 1. */
static void net_tx_gso_unnegotiated(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, 11);
	uint8_t *h = rc->r.buf[0]->va;

	h[1] = 1;			/* VIRTIO_NET_HDR_GSO_TCPV4 */
	vct_put16(h + 2, 0xffff);	/* hdr_len */
	vct_put16(h + 4, 1);		/* gso_size */
	rb_post(c, rc);
}

/* ---- console, entropy, input: buffers of the wrong direction --------------- */

/* Flip the direction of every part of the @need request and post it. */
static void flipped(struct vct_ctx *c, unsigned int need)
{
	struct vct_rcase *rc = begin_with(c, need, -1);

	for (unsigned int i = 0; i < rc->r.n; i++)
		rc->r.sg[i].write = !rc->r.sg[i].write;
	rb_post(c, rc);
}

/* R-4d2c8a6a: a device-writable buffer in a transmitq. */
static void console_tx_writable(struct vct_ctx *c)
{
	flipped(c, VCT_NEED_READING);
}

/* R-0c777905: a device-readable buffer in a receiveq. */
static void console_rx_readable(struct vct_ctx *c)
{
	flipped(c, VCT_NEED_WRITING);
}

/* R-50d56dd0: a device-readable buffer in the entropy request queue. */
static void rng_readable(struct vct_ctx *c)
{
	flipped(c, VCT_NEED_WRITING);
}

/* R-25aed155: a device-readable buffer in the input eventq. */
static void input_event_readable(struct vct_ctx *c)
{
	flipped(c, VCT_NEED_WRITING);
}

/* R-3f8f08f5: a statusq buffer shorter than struct virtio_input_event. */
static void input_status_short(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, -1);

	rc->r.n = 1;		/* type and code only */
	rb_post(c, rc);
}

/* ---- configuration fields the driver must not write ----------------------- */

/* Write back the value of the configuration byte at @off (a write all the same), then requests as usual. */
static void config_write(struct vct_ctx *c, uint32_t off)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint8_t v = 0;

	if (__vct_dev_config_read(c->vd, off, &v, 1, 4) == 0)
		(void)__vct_dev_config_write(c->vd, off, v, 1);
	rb_live(c, rc->r.queue);
}

/* R-a5a86b78: the input configuration's size field written. */
static void input_config_write(struct vct_ctx *c)
{
	config_write(c, 2);
}

/* R-29e79439: the SCSI configuration's num_queues written. */
static void scsi_config_write(struct vct_ctx *c)
{
	config_write(c, 0);
}

/* ---- memory device -------------------------------------------------------- */

/* R-ce102aac: STATE of the block just past usable_region_size. */
static void mem_state_outside(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put64((uint8_t *)rc->r.buf[0]->va + 8, vct_req_cfg(c, "addr") + vct_req_cfg(c, "usable_region_size"));
	rb_post(c, rc);
}

#define RB_ANALOGY_WRAP "a range that wraps past 2^64 sectors reads beyond capacity as well"

static const struct vct_check cases[] = {
	VCT_CASE("robust.blk.beyond_capacity", "R-7c51cace", blk_beyond_capacity, .type = VCT_ID_BLOCK),
	VCT_CASE("robust.blk.sector_max", "R-7c51cace", blk_sector_max, .type = VCT_ID_BLOCK, .shared = RB_ANALOGY_WRAP),
	VCT_CASE("robust.blk.flush_sector", "R-4b6da640", blk_flush_sector, .type = VCT_ID_BLOCK),
	VCT_CASE("robust.net.tx_header_short", "R-b4c2ee75", net_tx_header_short, .type = VCT_ID_NET, .destructive = true),
	VCT_CASE("robust.net.tx_num_buffers", "R-acf7cc01", net_tx_num_buffers, .type = VCT_ID_NET),
	VCT_CASE("robust.net.tx_csum_unnegotiated", "R-431cf1cb", net_tx_csum_unnegotiated, .type = VCT_ID_NET),
	VCT_CASE("robust.net.tx_gso_unnegotiated", "R-d533f89f", net_tx_gso_unnegotiated, .type = VCT_ID_NET),
	VCT_CASE("robust.console.tx_writable", "R-4d2c8a6a", console_tx_writable, .type = VCT_ID_CONSOLE),
	VCT_CASE("robust.console.rx_readable", "R-0c777905", console_rx_readable, .type = VCT_ID_CONSOLE),
	VCT_CASE("robust.rng.readable", "R-50d56dd0", rng_readable, .type = VCT_ID_ENTROPY),
	VCT_CASE("robust.input.event_readable", "R-25aed155", input_event_readable, .type = ID_INPUT),
	VCT_CASE("robust.input.status_short", "R-3f8f08f5", input_status_short, .type = ID_INPUT),
	VCT_CASE("robust.input.config_write", "R-a5a86b78", input_config_write, .type = ID_INPUT),
	VCT_CASE("robust.scsi.config_write", "R-29e79439", scsi_config_write, .type = ID_SCSI),
	VCT_CASE("robust.mem.state_outside", "R-ce102aac", mem_state_outside, .type = ID_MEM),
};

VCT_SUITE(vct_robust_types, "robust/types", cases);
