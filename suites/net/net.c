/* SPDX-License-Identifier: MIT */
/* Network device: configuration ranges, transmit, receive header. */
#include <string.h>

#include "req.h"

#define NET_F_MTU 3
#define NET_F_MRG_RXBUF 15
#define NET_F_MQ 22

/* D-739faec6: mtu within 68..65535 when MTU is offered. */
static void mtu_range(struct vct_ctx *c)
{
	uint16_t mtu;

	vct_c_need_feature(c, NET_F_MTU);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 10, &mtu, 2);
	mtu = le16toh(mtu);
	vct_report(c, mtu >= 68, "mtu", "68 to 65535", "%u", mtu);
}

/* D-60ba845f: mtu does not change once set (across a reset and re-negotiation). */
static void mtu_stable(struct vct_ctx *c)
{
	uint16_t a, b2;

	vct_c_need_feature(c, NET_F_MTU);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 10, &a, 2);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 10, &b2, 2);
	vct_report(c, a == b2, "mtu across a reset", "unchanged", "%u then %u", le16toh(a), le16toh(b2));
}

/* D-0f99af61: max_virtqueue_pairs within 1..0x8000 when MQ is offered. */
static void max_pairs_range(struct vct_ctx *c)
{
	uint16_t p;

	vct_c_need_feature(c, NET_F_MQ);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 8, &p, 2);
	p = le16toh(p);
	vct_report(c, p >= 1 && p <= 0x8000, "max_virtqueue_pairs", "1 to 0x8000", "%u", p);
}

/* D-db2d67a9: a header flag bit the device does not know is ignored: the frame still goes out. */
static void tx_unknown_flag_ignored(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = 2 };
	struct vct_req r;

	vct_c_bringup(c, &b);
	vct_req_reading(c, &r);
	((uint8_t *)r.buf[0]->va)[0] = 0x80;	/* virtio_net_hdr.flags: no such flag is defined */
	r.readable_sum[0] = vct_sum(r.buf[0]->va, r.buf[0]->len);
	vct_req_completes(c, &b, &r, 0, "a frame whose header carries an unknown flag bit");
	vct_report(c, !(vct_dev_status(c->vd) & VIRTIO_CONFIG_S_NEEDS_RESET), "device_status after the frame",
		   "DEVICE_NEEDS_RESET clear", "0x%02x", vct_dev_status(c->vd));
}

/* D-cd97207f: without MRG_RXBUF, a received packet's num_buffers is 1. */
static void rx_num_buffers_one(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = 2 };
	struct vct_req r;
	uint32_t len = 0;
	uint16_t nb;
	int head;

	vct_dev_default_features(c->vd, b.features);
	vct_clear(b.features, NET_F_MRG_RXBUF);
	b.features_set = true;
	vct_c_bringup(c, &b);
	vct_req_writing(c, &r);
	head = vct_req_post(c, &b, &r, 0);
	vct_c_wait_used(c, b.vq[0], (uint16_t)head, &len);
	vct_require(c, len >= 12 + 14, "used len of a received frame", "header and an Ethernet header at least", "%u",
		    len);
	memcpy(&nb, (uint8_t *)r.buf[0]->va + 10, 2);
	vct_report(c, le16toh(nb) == 1, "num_buffers of a received frame without MRG_RXBUF", "1", "%u", le16toh(nb));
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.mtu_range", "D-739faec6", mtu_range, .type = VCT_ID_NET),
	VCT_CHECK("net.mtu_stable", "D-60ba845f", mtu_stable, .type = VCT_ID_NET),
	VCT_CHECK("net.max_pairs_range", "D-0f99af61", max_pairs_range, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_unknown_flag_ignored", "D-db2d67a9", tx_unknown_flag_ignored, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_num_buffers_one", "D-cd97207f", rx_num_buffers_one, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net, "net", checks);
