/* SPDX-License-Identifier: MIT */
/* Network device: configuration fields and the features offered with them; a frame's unknown header flag; num_buffers without MRG_RXBUF. */
#include <string.h>

#include "req.h"

#define NET_F_MTU 3
#define NET_F_MRG_RXBUF 15
#define NET_F_CTRL_VQ 17
#define NET_F_CTRL_RX_EXTRA 20
#define NET_F_MQ 22
#define NET_F_HASH_REPORT 57
#define NET_F_RSS 60
#define NET_F_SPEED_DUPLEX 63

/* mtu as the device reports it once MTU is negotiated (SKIP when not offered). */
static uint16_t mtu_read(struct vct_ctx *c)
{
	uint16_t mtu;

	vct_c_need_feature(c, NET_F_MTU);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 10, &mtu, 2);
	return le16toh(mtu);
}

/* D-739faec6: mtu within 68..65535 when MTU is offered. */
static void mtu_range(struct vct_ctx *c)
{
	uint16_t mtu = mtu_read(c);

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

/* D-d148e9c2: mtu of 1280 at least (IPv6's minimum) when MTU is offered. */
static void mtu_ipv6_minimum(struct vct_ctx *c)
{
	uint16_t mtu = mtu_read(c);

	vct_report(c, mtu >= 1280, "mtu", "1280 or more", "%u", mtu);
}

/* D-f797a7ed: speed in Mbit/s up to 0x7fffffff, or 0xffffffff for unknown (a 32-bit field). */
static void speed_range(struct vct_ctx *c)
{
	uint64_t f[2];
	uint32_t sp;

	vct_c_need_feature(c, NET_F_SPEED_DUPLEX);
	vct_dev_default_features(c->vd, f);
	vct_set(f, NET_F_SPEED_DUPLEX);
	vct_c_negotiate(c, f);
	vct_c_config(c, 12, &sp, 4);
	sp = le32toh(sp);
	vct_report(c, sp <= 0x7fffffffu || sp == 0xffffffffu, "speed", "0 to 0x7fffffff, or 0xffffffff (unknown)",
		   "0x%08x", sp);
}

/* D-615b352a: duplex is full, half or unknown (0x00, 0x01, 0xff). */
static void duplex_values(struct vct_ctx *c)
{
	uint64_t f[2];
	uint8_t dx;

	vct_c_need_feature(c, NET_F_SPEED_DUPLEX);
	vct_dev_default_features(c->vd, f);
	vct_set(f, NET_F_SPEED_DUPLEX);
	vct_c_negotiate(c, f);
	vct_c_config(c, 16, &dx, 1);
	vct_report(c, dx == 0 || dx == 1 || dx == 0xff, "duplex", "0x00, 0x01 or 0xff", "0x%02x", dx);
}

/*
 * D-3d355bd1 (host action link-up while the link is up): speed and duplex
 * stay as they are as long as VIRTIO_NET_S_LINK_UP is set.
 */
static void speed_stable_link_up(struct vct_ctx *c)
{
	uint8_t a[12], b2[12];	/* status at 6, speed at 12 and duplex at 16, from offset 6 */
	uint64_t f[2];
	uint16_t st_a, st_b;
	uint32_t sp_a, sp_b;

	vct_c_need_feature(c, NET_F_SPEED_DUPLEX);
	vct_c_need_feature(c, 16);	/* VIRTIO_NET_F_STATUS */
	vct_dev_default_features(c->vd, f);
	vct_set(f, NET_F_SPEED_DUPLEX);
	vct_set(f, 16);
	vct_c_negotiate(c, f);
	vct_c_config(c, 6, a, 11);
	memcpy(&st_a, a, 2);
	if (!(le16toh(st_a) & 1))
		vct_skip(c, "device: the link is down (VIRTIO_NET_S_LINK_UP clear): speed and duplex may change");
	vct_c_host(c, VCT_HA_LINK_UP, "", NULL, 0);
	usleep(200 * 1000);	/* let a change the host caused reach the configuration */
	vct_c_config(c, 6, b2, 11);
	memcpy(&st_b, b2, 2);
	if (!(le16toh(st_b) & 1))
		vct_skip(c, "device: the link went down after the host's link-up request: speed and duplex may change");
	memcpy(&sp_a, a + 6, 4);
	memcpy(&sp_b, b2 + 6, 4);
	vct_report(c, sp_a == sp_b && a[10] == b2[10], "speed and duplex across a host link-up request, link up throughout",
		   "unchanged", "speed %u -> %u, duplex 0x%02x -> 0x%02x", le32toh(sp_a), le32toh(sp_b), a[10], b2[10]);
}

/* D-1a8f2fa4 / D-187766a6: a control queue's feature is offered only with the control queue. */
static void needs_ctrl_vq(struct vct_ctx *c, unsigned int bit)
{
	vct_c_need_feature(c, bit);
	vct_report(c, vct_has(c->vd->offered, NET_F_CTRL_VQ), "VIRTIO_NET_F_CTRL_VQ with the feature offered",
		   "offered", "not offered");
}

static void rx_extra_needs_ctrl(struct vct_ctx *c)
{
	needs_ctrl_vq(c, NET_F_CTRL_RX_EXTRA);
}

static void hash_report_needs_ctrl(struct vct_ctx *c)
{
	needs_ctrl_vq(c, NET_F_HASH_REPORT);
}

/* Negotiate the defaults plus whichever of RSS and HASH_REPORT is offered (the RSS fields exist with either). */
static void negotiate_hashing(struct vct_ctx *c, bool rss_only)
{
	uint64_t f[2];
	bool rss = vct_has(c->vd->offered, NET_F_RSS), hr = vct_has(c->vd->offered, NET_F_HASH_REPORT);

	if (rss_only)
		vct_c_need_feature(c, NET_F_RSS);
	else if (!rss && !hr)
		vct_skip(c, "not offered: the device offers neither VIRTIO_NET_F_RSS nor VIRTIO_NET_F_HASH_REPORT");
	vct_dev_default_features(c->vd, f);
	vct_set(f, NET_F_CTRL_VQ);	/* both need the control queue */
	if (rss)
		vct_set(f, NET_F_RSS);
	if (hr)
		vct_set(f, NET_F_HASH_REPORT);
	vct_c_negotiate(c, f);
}

/* D-d34c19bb: rss_max_key_size of 40 at least (a Toeplitz key for IPv6 with ports). */
static void rss_key_size(struct vct_ctx *c)
{
	uint8_t k;

	negotiate_hashing(c, false);
	vct_c_config(c, 17, &k, 1);
	vct_report(c, k >= 40, "rss_max_key_size", "40 or more", "%u", k);
}

/* D-3c8f23da: rss_max_indirection_table_length of 128 at least. */
static void rss_table_length(struct vct_ctx *c)
{
	uint16_t t;

	negotiate_hashing(c, true);
	vct_c_config(c, 18, &t, 2);
	t = le16toh(t);
	vct_report(c, t >= 128, "rss_max_indirection_table_length", "128 or more", "%u", t);
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.mtu_range", "D-739faec6", mtu_range, .type = VCT_ID_NET),
	VCT_CHECK("net.mtu_stable", "D-60ba845f", mtu_stable, .type = VCT_ID_NET),
	VCT_CHECK("net.max_pairs_range", "D-0f99af61", max_pairs_range, .type = VCT_ID_NET),
	VCT_CHECK("net.mtu_ipv6_minimum", "D-d148e9c2", mtu_ipv6_minimum, .type = VCT_ID_NET),
	VCT_CHECK("net.speed_range", "D-f797a7ed", speed_range, .type = VCT_ID_NET),
	VCT_CHECK("net.duplex_values", "D-615b352a", duplex_values, .type = VCT_ID_NET),
	VCT_CHECK("net.speed_stable_link_up", "D-3d355bd1", speed_stable_link_up, .type = VCT_ID_NET),
	VCT_CHECK("net.rss_key_size", "D-d34c19bb", rss_key_size, .type = VCT_ID_NET),
	VCT_CHECK("net.rss_table_length", "D-3c8f23da", rss_table_length, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_extra_needs_ctrl_vq", "D-1a8f2fa4", rx_extra_needs_ctrl, .type = VCT_ID_NET),
	VCT_CHECK("net.hash_report_needs_ctrl_vq", "D-187766a6", hash_report_needs_ctrl, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_unknown_flag_ignored", "D-db2d67a9", tx_unknown_flag_ignored, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_num_buffers_one", "D-cd97207f", rx_num_buffers_one, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net, "net", checks);
