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
#define ID_BALLOON 5
#define ID_GPU 16
#define ID_CRYPTO 20
#define ID_PMEM 27
#define ID_9P 9

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

/* One struct virtio_console_control into @r. */
static void console_msg(struct vct_ctx *c, struct vct_req *r, uint32_t id, uint16_t event, uint16_t value)
{
	uint8_t *m = vct_req_add(c, r, 8, false);

	vct_put32(m, id);
	vct_put16(m + 4, event);
	vct_put16(m + 6, value);
}

/*
 * With MULTIPORT: VIRTIO_CONSOLE_DEVICE_READY as the driver owes it, then the
 * (bent) control message @id/@event/@value, both on the control transmitq.
 */
static void console_control(struct vct_ctx *c, uint32_t id, uint16_t event, uint16_t value)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	struct vct_req ready = { .queue = 3 };

	vct_c_need_feature(c, 1);	/* VIRTIO_CONSOLE_F_MULTIPORT */
	vct_set(rc->b.features, 1);
	rc->b.nq = 4;			/* receiveq0, transmitq0, control receiveq, control transmitq */
	vct_c_bringup(c, &rc->b);
	rc->vq = rc->b.vq[3];
	console_msg(c, &ready, 0, 0, 1);	/* VIRTIO_CONSOLE_DEVICE_READY, success */
	if (vct_vq_add(rc->vq, ready.sg, ready.n, NULL, 0) < 0)
		vct_abort(c, "cannot post DEVICE_READY");
	memset(&rc->r, 0, sizeof(rc->r));
	rc->r.queue = 3;
	console_msg(c, &rc->r, id, event, value);
	rb_post(c, rc);
}

/* R-af7e5137: VIRTIO_CONSOLE_PORT_OPEN for port 0 with value 0xffff instead of 1. */
static void console_port_open_value(struct vct_ctx *c)
{
	console_control(c, 0, 6, 0xffff);
}

/* VIRTIO_CONSOLE_PORT_OPEN for a port id the device never announced. */
static void console_port_open_unknown(struct vct_ctx *c)
{
	console_control(c, 0xfffffff0u, 6, 1);
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

/* ---- crypto --------------------------------------------------------------- */

#define CRY_HDR 16		/* struct virtio_crypto_ctrl_header */

/* R-97487098: a control request of the general header alone (no opcode-specific header, no parameters). */
static void crypto_ctrl_header_short(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	rc->r.sg[0].len = CRY_HDR;
	rb_post(c, rc);
}

/* R-48e3fdee: a control request whose opcode names no service's operation. */
static void crypto_ctrl_unknown_opcode(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put32(rc->r.buf[0]->va, 0x7fff0002u);
	rb_post(c, rc);
}

/* R-347d5622: DESTROY_SESSION of a session id the device never assigned. */
static void crypto_destroy_unknown(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, -1);

	vct_put64((uint8_t *)rc->r.buf[0]->va + CRY_HDR, 0xfffffffffffffff0ull);
	rb_post(c, rc);
}

/* R-8c2d94e8: CREATE_SESSION with key_len one past max_cipher_key_len (and a key buffer that long). */
static void crypto_key_too_long(struct vct_ctx *c)
{
	uint32_t max = (uint32_t)vct_req_cfg(c, "max_cipher_key_len");
	struct vct_rcase *rc;
	struct vct_dma_buf *key;

	if (max >= VCT_PAGE)
		vct_skip(c, "device: max_cipher_key_len %u leaves no longer key within a page", max);
	rc = begin_with(c, VCT_NEED_WRITING, -1);
	key = rb_page(c);
	vct_put32((uint8_t *)rc->r.buf[0]->va + CRY_HDR + 4, max + 1);	/* cipher session key_len */
	rc->r.sg[1].iova = key->iova;
	rc->r.sg[1].len = max + 1;
	rc->r.buf[1] = key;
	rb_post(c, rc);
}

/* ---- GPU ------------------------------------------------------------------- */

#define GPU_HDR 24		/* struct virtio_gpu_ctrl_hdr */

/* A controlq command with only the type and flags of the header. */
static void gpu_header_short(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	rc->r.sg[0].len = 8;
	rb_post(c, rc);
}

/* A controlq command of a type the chapter does not define. */
static void gpu_unknown_type(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put32(rc->r.buf[0]->va, 0x0fff);
	rb_post(c, rc);
}

/* RESOURCE_FLUSH of a resource id no RESOURCE_CREATE returned. */
static void gpu_resource_unknown(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);
	uint8_t *p;

	memset(&rc->r, 0, sizeof(rc->r));
	rc->r.queue = 0;
	p = vct_req_add(c, &rc->r, GPU_HDR + 24, false);	/* struct virtio_gpu_resource_flush */
	vct_put32(p, 0x0104);					/* VIRTIO_GPU_CMD_RESOURCE_FLUSH */
	vct_put32(p + GPU_HDR + 8, 64);				/* r.width */
	vct_put32(p + GPU_HDR + 12, 64);			/* r.height */
	vct_put32(p + GPU_HDR + 16, 0x7663f00du);		/* resource_id */
	vct_req_add(c, &rc->r, GPU_HDR, true);
	rb_post(c, rc);
}

/* ---- balloon ------------------------------------------------------------------ */

/* R-7c1a6fb8: an inflate and, before the device acknowledged it, a deflate of the same pages. */
static void balloon_deflate_unacked(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_READING, -1);
	struct vct_req inflate = { .queue = vct_req_queue(c, "inflateq") };
	struct vct_vq *vq = inflate.queue < rc->b.nq ? rc->b.vq[inflate.queue] : NULL;

	if (!vq)
		vct_abort(c, "inflateq %u was not brought up", inflate.queue);
	/* The deflate request names the same two frames (suites/types/balloon.c). */
	for (unsigned int i = 0; i < rc->r.n; i++)
		memcpy(vct_req_add(c, &inflate, rc->r.sg[i].len, false), rc->r.buf[i]->va, rc->r.sg[i].len);
	if (vct_vq_add(vq, inflate.sg, inflate.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the inflate request");
	for (unsigned int i = 0; i < inflate.n; i++)
		rb_watch(c, inflate.buf[i]);
	vct_vq_notify(vq);
	rb_post(c, rc);
}

/* actual (configuration offset 4) claimed at 2^32 - 1 pages with none given, then requests as usual. */
static void balloon_actual_overstated(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	(void)__vct_dev_config_write(c->vd, 4, 0xffffffffu, 4);
	rb_live(c, rc->r.queue);
}

/* ---- SCSI ------------------------------------------------------------------- */

/* R-b76dffd9: task_attr, prio and crn all 0xff in a command. */
static void scsi_task_attr(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);
	uint8_t *h = rc->r.buf[0]->va;

	h[16] = h[17] = h[18] = 0xff;
	rb_post(c, rc);
}

/* An eventq buffer of @len bytes, device-writable when @writable. */
static void scsi_event_buf(struct vct_ctx *c, uint32_t len, bool writable)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);
	uint16_t q = vct_req_queue(c, "eventq");

	memset(&rc->r, 0, sizeof(rc->r));
	rc->r.queue = q;
	vct_req_add(c, &rc->r, len, writable);
	if (q >= rc->b.nq || !rc->b.vq[q])
		vct_abort(c, "eventq %u was not brought up", q);
	rc->vq = rc->b.vq[q];
	rb_post(c, rc);
}

/* R-851f6951: an eventq buffer shorter than struct virtio_scsi_event (4 of its 16 bytes). */
static void scsi_event_short(struct vct_ctx *c)
{
	scsi_event_buf(c, 4, true);
}

/* R-475f03a2: a device-readable buffer on the eventq. */
static void scsi_event_readable(struct vct_ctx *c)
{
	scsi_event_buf(c, 16, false);
}

/* ---- memory device, more ---------------------------------------------------- */

/* R-ce102aac: STATE of 0xffff blocks from the region's start (the range runs past usable_region_size). */
static void mem_state_count(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put16((uint8_t *)rc->r.buf[0]->va + 16, 0xffff);
	rb_post(c, rc);
}

/* ---- pmem and 9P: chapters without a driver-side rule on requests -------- */

/* A pmem request of type 1 (the chapter defines only FLUSH, 0). */
static void pmem_unknown_type(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put32(rc->r.buf[0]->va, 1);
	rb_post(c, rc);
}

/* A pmem FLUSH of 2 bytes (its type cut in half). */
static void pmem_request_short(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	rc->r.sg[0].len = 2;
	rb_post(c, rc);
}

/* A pmem FLUSH with no buffer for struct virtio_pmem_resp. */
static void pmem_no_response(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	rc->r.n = 1;
	rb_post(c, rc);
}

/* The Tversion with its size[4] set to @size. */
static void p9_size(struct vct_ctx *c, uint32_t size)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	vct_put32(rc->r.buf[0]->va, size);
	rb_post(c, rc);
}

/* A 9P message whose size[4] (3) is shorter than the 7-byte header it is part of. */
static void p9_size_short(struct vct_ctx *c)
{
	p9_size(c, 3);
}

/* A 9P message whose size[4] claims 4 GiB - 1 bytes, far past its buffer. */
static void p9_size_beyond(struct vct_ctx *c)
{
	p9_size(c, 0xffffffffu);
}

/* A 9P message of type 255, which 9P2000.L does not define. */
static void p9_unknown_type(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	((uint8_t *)rc->r.buf[0]->va)[4] = 0xff;
	rb_post(c, rc);
}

/* A Tversion whose reply buffer holds 1 byte (no room for any 9P reply). */
static void p9_reply_tiny(struct vct_ctx *c)
{
	struct vct_rcase *rc = begin_with(c, VCT_NEED_WRITING, -1);

	rc->r.sg[rc->r.n - 1].len = 1;
	rb_post(c, rc);
}

#define RB_ANALOGY_FORMAT "the spec sets drivers no rule of this type's own on its requests (pmem: only where to find the memory; 9P: no chapter); the generic framing rule is the one that makes a driver lay a request out as the device reads it, and this request is not"

#define RB_ANALOGY_GPU "the GPU chapter's one controlq rule for drivers keeps a request's fields to what the device set; a command cut short, of no defined type, or naming no resource breaks the command format the same way"
#define RB_ANALOGY_ACTUAL "actual must follow the pages the driver changed; a count of pages never given breaks it the other way"

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
	VCT_CASE("robust.console.port_open_value", "R-af7e5137", console_port_open_value, .type = VCT_ID_CONSOLE),
	VCT_CASE("robust.console.port_open_unknown", "R-a9ae39ef", console_port_open_unknown, .type = VCT_ID_CONSOLE,
		 .analogy = "PORT_OPEN answers a port the device announced (VIRTIO_CONSOLE_CONSOLE_PORT, DEVICE_ADD); one for an id it never announced answers nothing"),
	VCT_CASE("robust.rng.readable", "R-50d56dd0", rng_readable, .type = VCT_ID_ENTROPY),
	VCT_CASE("robust.input.event_readable", "R-25aed155", input_event_readable, .type = ID_INPUT),
	VCT_CASE("robust.input.status_short", "R-3f8f08f5", input_status_short, .type = ID_INPUT),
	VCT_CASE("robust.input.config_write", "R-a5a86b78", input_config_write, .type = ID_INPUT),
	VCT_CASE("robust.scsi.config_write", "R-29e79439", scsi_config_write, .type = ID_SCSI),
	VCT_CASE("robust.mem.state_outside", "R-ce102aac", mem_state_outside, .type = ID_MEM),
	VCT_CASE("robust.mem.state_count", "R-ce102aac", mem_state_count, .type = ID_MEM,
		 .shared = "a block count running past the usable region"),
	VCT_CASE("robust.crypto.ctrl_header_short", "R-97487098", crypto_ctrl_header_short, .type = ID_CRYPTO),
	VCT_CASE("robust.crypto.ctrl_unknown_opcode", "R-48e3fdee", crypto_ctrl_unknown_opcode, .type = ID_CRYPTO),
	VCT_CASE("robust.crypto.destroy_unknown", "R-347d5622", crypto_destroy_unknown, .type = ID_CRYPTO),
	VCT_CASE("robust.crypto.key_too_long", "R-8c2d94e8", crypto_key_too_long, .type = ID_CRYPTO),
	VCT_CASE("robust.gpu.header_short", "R-e373749c", gpu_header_short, .type = ID_GPU, .analogy = RB_ANALOGY_GPU),
	VCT_CASE("robust.gpu.unknown_type", "R-e373749c", gpu_unknown_type, .type = ID_GPU, .analogy = RB_ANALOGY_GPU),
	VCT_CASE("robust.gpu.resource_unknown", "R-e373749c", gpu_resource_unknown, .type = ID_GPU,
		 .analogy = RB_ANALOGY_GPU),
	VCT_CASE("robust.balloon.deflate_unacked", "R-7c1a6fb8", balloon_deflate_unacked, .type = ID_BALLOON),
	VCT_CASE("robust.balloon.actual_overstated", "R-f97bfa37", balloon_actual_overstated, .type = ID_BALLOON,
		 .analogy = RB_ANALOGY_ACTUAL),
	VCT_CASE("robust.pmem.unknown_type", "R-fb07fbc2", pmem_unknown_type, .type = ID_PMEM, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.pmem.request_short", "R-fb07fbc2", pmem_request_short, .type = ID_PMEM,
		 .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.pmem.no_response", "R-fb07fbc2", pmem_no_response, .type = ID_PMEM, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.9p.size_short", "R-fb07fbc2", p9_size_short, .type = ID_9P, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.9p.size_beyond", "R-fb07fbc2", p9_size_beyond, .type = ID_9P, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.9p.unknown_type", "R-fb07fbc2", p9_unknown_type, .type = ID_9P, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.9p.reply_tiny", "R-fb07fbc2", p9_reply_tiny, .type = ID_9P, .analogy = RB_ANALOGY_FORMAT),
	VCT_CASE("robust.scsi.task_attr", "R-b76dffd9", scsi_task_attr, .type = ID_SCSI),
	VCT_CASE("robust.scsi.event_short", "R-851f6951", scsi_event_short, .type = ID_SCSI),
	VCT_CASE("robust.scsi.event_readable", "R-475f03a2", scsi_event_readable, .type = ID_SCSI),
};

VCT_SUITE(vct_robust_types, "robust/types", cases);
