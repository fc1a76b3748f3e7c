/* SPDX-License-Identifier: MIT */
/* Network device (id 1): receive/transmit pairs, then the control queue with CTRL_VQ. */
#include <string.h>

#include "types.h"

#define NET_HDR 12	/* virtio_net_hdr_v1: VERSION_1 always has num_buffers */

/* An ARP request for the slirp gateway: QEMU's user network answers it, and
 * the reference device loops it back, so either way a frame comes in. */
static void arp_frame(struct vct_ctx *c, uint8_t *p)
{
	static const uint8_t tail[] = { 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1 };
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	if (vct_has(c->vd->features, 5))	/* VIRTIO_NET_F_MAC: use the device's address */
		__vct_dev_config_read(c->vd, 0, mac, 6, 16);
	memset(p, 0, NET_HDR + 60);
	p += NET_HDR;	/* all zero: no offloads */
	memset(p, 0xff, 6);
	memcpy(p + 6, mac, 6);
	memcpy(p + 12, tail, sizeof(tail));
	memcpy(p + 22, mac, 6);
	memcpy(p + 28, (uint8_t[]){ 10, 0, 2, 15 }, 4);
	memcpy(p + 38, (uint8_t[]){ 10, 0, 2, 2 }, 4);
}

static void rx_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_req_add(c, r, NET_HDR + 1514, true);
}

static void tx_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 1;
	arp_frame(c, vct_req_add(c, r, NET_HDR + 60, false));
}

/* The transmit completion itself is checked by the net suite. */
static void rx_trigger(struct vct_ctx *c, struct vct_bringup *b, const struct vct_req *r)
{
	struct vct_dma_buf *f = vct_c_dma(c, NET_HDR + 60);
	struct vct_sg sg = { .iova = f->iova, .len = NET_HDR + 60 };
	struct vct_used_err e;
	uint32_t len;

	arp_frame(c, f->va);
	if (1 >= b->nq || !b->vq[1] || vct_vq_add(b->vq[1], &sg, 1, NULL, 0) < 0)
		vct_abort(c, "cannot post the trigger frame on transmitq");
	vct_vq_notify(b->vq[1]);
	vct_vq_wait_used(b->vq[1], c->timeout_ms, NULL, &len, NULL, &e);
}

static const struct vct_req_model rx = {
	.what = "a receive buffer on receiveq1, answered with the ARP reply a transmitted request provokes",
	.provoke = VCT_PROVOKE_TRIGGER,
	/* The header and an Ethernet header at least. */
	.must_write = NET_HDR + 14,
	.build = rx_build,
	.trigger = rx_trigger,
};

static const struct vct_req_model tx = {
	.what = "an ARP request on transmitq1",
	.provoke = VCT_PROVOKE_SELF,
	.build = tx_build,
};

VCT_TYPE_MODELS(net) = {
	.type = 1,
	.writing = &rx,
	.reading = &tx,
	.queues = {
		{ "receiveq", &rx },
		{ "transmitq", &tx },
	},
};
