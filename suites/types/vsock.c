/* SPDX-License-Identifier: MIT */
/* Socket device (id 19): rx, tx and event queues; the host (CID 2) answers a packet it cannot take with an RST. */
#include <string.h>

#include "types.h"

#define VSOCK_HDR 44
#define VSOCK_HOST_CID 2
#define VSOCK_OP_REQUEST 1
#define VSOCK_OP_RST 3

/*
 * A packet from the driver's CID to the host: @type and @op, from port
 * 0x40001234 to port 0x7ffffff3. An RST of no connection is dropped
 * silently by every peer; a packet of unknown type gets an RST reply
 * (D-2899a5f8), whatever listens on the port.
 */
static void packet(struct vct_ctx *c, uint8_t *h, uint16_t type, uint16_t op)
{
	vct_put64(h, vct_req_cfg(c, "guest_cid"));
	vct_put64(h + 8, VSOCK_HOST_CID);
	vct_put32(h + 16, 0x40001234);
	vct_put32(h + 20, 0x7ffffff3);
	vct_put32(h + 24, 0);		/* len */
	vct_put16(h + 28, type);
	vct_put16(h + 30, op);
	vct_put32(h + 32, 0);		/* flags */
	vct_put32(h + 36, 65536);	/* buf_alloc */
	vct_put32(h + 40, 0);		/* fwd_cnt */
}

static void rx_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "rx");
	vct_req_add(c, r, VSOCK_HDR + 64, true);
}

/* An RST to the host on tx, in two buffers (the header cut after the addresses): the framing is the driver's. */
static void tx_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t h[VSOCK_HDR];

	r->queue = vct_req_queue(c, "tx");
	packet(c, h, 1, VSOCK_OP_RST);
	memcpy(vct_req_add(c, r, 24, false), h, 24);
	memcpy(vct_req_add(c, r, VSOCK_HDR - 24, false), h + 24, VSOCK_HDR - 24);
}

/* Provokes the rx answer: a connection request of an unknown type (0x7f), which the host must answer with an RST. */
static void rx_trigger(struct vct_ctx *c, struct vct_bringup *b, const struct vct_req *r)
{
	struct vct_dma_buf *f = vct_c_dma(c, VSOCK_HDR);
	struct vct_sg sg = { .iova = f->iova, .len = VSOCK_HDR };
	uint16_t tx = vct_req_queue(c, "tx");
	struct vct_used_err e;
	uint32_t len;

	packet(c, f->va, 0x7f, VSOCK_OP_REQUEST);
	if (tx >= b->nq || !b->vq[tx] || vct_vq_add(b->vq[tx], &sg, 1, NULL, 0) < 0)
		vct_abort(c, "cannot post the trigger packet on tx");
	vct_vq_notify(b->vq[tx]);
	vct_vq_wait_used(b->vq[tx], c->timeout_ms, NULL, &len, NULL, &e);
}

static const struct vct_req_model rx = {
	.what = "a receive buffer on rx, answered with the RST a packet of unknown type provokes",
	.provoke = VCT_PROVOKE_TRIGGER,
	.must_write = VSOCK_HDR,
	.build = rx_build,
	.trigger = rx_trigger,
};

static const struct vct_req_model tx = {
	.what = "an RST of no connection to the host on tx",
	.provoke = VCT_PROVOKE_SELF,
	.build = tx_build,
};

static void event_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "event");
	vct_req_add(c, r, 4, true);	/* struct virtio_vsock_event */
}

static const struct vct_req_model event = {
	.what = "an event buffer on the event queue",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "a transport reset event comes only when the device's host migrates it",
	.build = event_build,
};

VCT_TYPE_MODELS(vsock) = {
	.type = 19,
	.writing = &rx,
	.reading = &tx,
	.queues = {
		{ "rx", &rx },
		{ "tx", &tx },
		{ "event", &event },
	},
};
