/* SPDX-License-Identifier: MIT */
/*
 * Network device: notification coalescing (VIRTIO_NET_F_NOTF_COAL,
 * VIRTIO_NET_F_VQ_NOTF_COAL). The parameters a device keeps are read back
 * with VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET; how often it notifies is its own
 * choice (best effort, D-8ae24cba), so no check times notifications.
 */
#include <string.h>

#include "netdev.h"

enum { TX_SET, RX_SET, VQ_SET, VQ_GET };

struct coal {
	uint32_t packets, usecs;
};

static uint8_t vq_set(struct vct_ctx *c, struct vct_net *n, uint16_t vq, uint16_t reserved, struct coal v)
{
	uint8_t b[12];

	memcpy(b, &(uint16_t){ htole16(vq) }, 2);
	memcpy(b + 2, &(uint16_t){ htole16(reserved) }, 2);
	memcpy(b + 4, &(uint32_t){ htole32(v.packets) }, 4);
	memcpy(b + 8, &(uint32_t){ htole32(v.usecs) }, 4);
	return vct_net_ctrl(c, n, VCT_NET_CTRL_NOTF_COAL, VQ_SET, b, sizeof(b), NULL, 0);
}

static uint8_t vq_get(struct vct_ctx *c, struct vct_net *n, uint16_t vq, uint16_t reserved, struct coal *v)
{
	uint8_t b[4], out[8];
	uint8_t ack;

	memcpy(b, &(uint16_t){ htole16(vq) }, 2);
	memcpy(b + 2, &(uint16_t){ htole16(reserved) }, 2);
	ack = vct_net_ctrl(c, n, VCT_NET_CTRL_NOTF_COAL, VQ_GET, b, sizeof(b), out, sizeof(out));
	v->packets = le32toh(*(uint32_t *)out);
	v->usecs = le32toh(*(uint32_t *)(out + 4));
	return ack;
}

static uint8_t class_set(struct vct_ctx *c, struct vct_net *n, uint8_t cmd, struct coal v)
{
	uint8_t b[8];

	memcpy(b, &(uint32_t){ htole32(v.packets) }, 4);
	memcpy(b + 4, &(uint32_t){ htole32(v.usecs) }, 4);
	return vct_net_ctrl(c, n, VCT_NET_CTRL_NOTF_COAL, cmd, b, sizeof(b), NULL, 0);
}

static void up_vq(struct vct_ctx *c, struct vct_net *n)
{
	vct_net_up(c, n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_VQ_NOTF_COAL), NULL);
}

/* D-6cc2dd0c: VQ_SET and VQ_GET for the control queue, or a queue that does not exist, are VIRTIO_NET_ERR. */
static void coal_vq_invalid(struct vct_ctx *c)
{
	struct vct_net n;
	struct coal v;

	up_vq(c, &n);
	const uint16_t bad[] = { (uint16_t)n.ctrl, (uint16_t)(n.ctrl + 1), 0x7fff };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		uint8_t s = vq_set(c, &n, bad[i], 0, (struct coal){ 8, 32 }), g = vq_get(c, &n, bad[i], 0, &v);

		vct_report(c, s == VCT_NET_ERR && g == VCT_NET_ERR,
			   "VQ_SET / VQ_GET for a virtqueue that is not an enabled transmit or receive queue",
			   "VIRTIO_NET_ERR (1) to both", "vq_index %u%s: VQ_SET %u, VQ_GET %u", bad[i],
			   bad[i] == n.ctrl ? " (the controlq)" : "", s, g);
	}
}

/*
 * D-46ba16d5: a VQ_SET it could not apply is VIRTIO_NET_ERR, so one answered
 * VIRTIO_NET_OK changed the parameters: VQ_GET no longer shows the (0, 0)
 * a device starts with.
 */
static void coal_vq_set_applies(struct vct_ctx *c)
{
	struct vct_net n;
	struct coal v;
	uint8_t ack;

	up_vq(c, &n);
	for (uint16_t q = 0; q < 2; q++) {
		ack = vq_set(c, &n, q, 0, (struct coal){ 16, 64 });
		if (ack != VCT_NET_OK)
			continue;	/* refused: allowed */
		ack = vq_get(c, &n, q, 0, &v);
		vct_report(c, ack == VCT_NET_OK && (v.packets || v.usecs),
			   "parameters read back after a VQ_SET answered VIRTIO_NET_OK", "changed from (0, 0)",
			   "%s: VQ_GET %u, max_packets %u, max_usecs %u (set 16, 64)", q ? "transmitq1" : "receiveq1", ack,
			   v.packets, v.usecs);
	}
}

/* D-dd9880be: reserved is ignored: VQ_SET and VQ_GET with reserved set act as with it clear. */
static void coal_reserved_ignored(struct vct_ctx *c)
{
	struct vct_net n;
	struct coal v, w;
	uint8_t a0, a1, g0, g1;

	up_vq(c, &n);
	a0 = vq_set(c, &n, 0, 0, (struct coal){ 4, 20 });
	g0 = vq_get(c, &n, 0, 0, &v);
	a1 = vq_set(c, &n, 0, 0xa5a5, (struct coal){ 4, 20 });
	g1 = vq_get(c, &n, 0, 0x5a5a, &w);
	vct_report(c, a0 == a1 && g0 == g1 && (g0 != VCT_NET_OK || !memcmp(&v, &w, sizeof(v))),
		   "VQ_SET / VQ_GET of receiveq1 with reserved nonzero", "the same answers as with reserved 0",
		   "reserved 0: %u/%u (%u, %u); nonzero: %u/%u (%u, %u)", a0, g0, v.packets, v.usecs, a1, g1, w.packets,
		   w.usecs);
}

/* D-d8fd6e14: after a device reset every queue's coalescing parameters are 0. */
static void coal_reset_zero(struct vct_ctx *c)
{
	struct vct_net n;
	struct coal v;
	unsigned int set = 0;

	up_vq(c, &n);
	for (uint16_t q = 0; q < 2; q++)
		set += vq_set(c, &n, q, 0, (struct coal){ 16, 64 }) == VCT_NET_OK;
	if (!set)
		vct_skip(c, "device: VQ_SET was refused for both receiveq1 and transmitq1: nothing to undo");
	up_vq(c, &n);	/* resets the device */
	for (uint16_t q = 0; q < 2; q++) {
		uint8_t ack = vq_get(c, &n, q, 0, &v);

		vct_report(c, ack == VCT_NET_OK && !v.packets && !v.usecs, "coalescing parameters after a device reset",
			   "VQ_GET VIRTIO_NET_OK with (0, 0)", "%s: ack %u, max_packets %u, max_usecs %u",
			   q ? "transmitq1" : "receiveq1", ack, v.packets, v.usecs);
	}
}

/* D-65fb74f8: a TX_SET answered VIRTIO_NET_OK reached the transmit queues (VQ_GET shows it). */
static void coal_tx_set_applies(struct vct_ctx *c)
{
	struct vct_net n;
	struct coal v;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_NOTF_COAL, VCT_NET_F_VQ_NOTF_COAL), NULL);
	ack = class_set(c, &n, TX_SET, (struct coal){ 16, 64 });
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: TX_SET answered %u (a device unable to apply it says so: allowed)", ack);
	ack = vq_get(c, &n, 1, 0, &v);
	vct_report(c, ack == VCT_NET_OK && (v.packets || v.usecs),
		   "transmitq1's parameters after a TX_SET answered VIRTIO_NET_OK", "changed from (0, 0)",
		   "VQ_GET %u, max_packets %u, max_usecs %u (set 16, 64)", ack, v.packets, v.usecs);
}

/*
 * D-ba46ce9d: with coalescing set so that every frame meets the
 * notification conditions, a transmit queue whose notifications the
 * driver suppressed (VRING_AVAIL_F_NO_INTERRUPT, no EVENT_IDX) gets none.
 */
static void coal_suppressed(struct vct_ctx *c)
{
	struct vct_net n;
	struct vct_vq *tx;
	uint8_t f[64];
	uint32_t len;
	uint8_t ack;
	int got;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_NOTF_COAL), VCT_NET_BITS(29));
	tx = n.b.vq[1];
	if (!c->vd->nvec || tx->vector_readback == VCT_NO_VECTOR || tx->vector_readback >= c->vd->nvec)
		vct_skip(c, "device: no MSI-X vector is mapped to transmitq1");
	ack = class_set(c, &n, TX_SET, (struct coal){ 1, 1 });
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: TX_SET answered %u", ack);
	tx->avail->flags = htole16(VRING_AVAIL_F_NO_INTERRUPT);
	vct_dev_irq_wait(c->vd, tx->vector_readback, 0);	/* drain */
	len = vct_net_probe(f, n.mac, 0x600, -1);
	vct_net_tx(c, &n, 0, f, len, NULL);
	got = vct_dev_irq_wait(c->vd, tx->vector_readback, vct_net_quiet_ms(c));
	vct_report(c, got != 1, "transmitq1 notifications with NO_INTERRUPT set (coalescing: 1 packet, 1 us)",
		   "none", "a used buffer notification came");
}

/*
 * D-a2dc3aaf (transmit) / D-f2bc7a8b (receive): a queue disabled (reset,
 * VIRTIO_F_RING_RESET) and enabled again has the class-wide parameters of
 * TX_SET / RX_SET, or 0 when the driver set none, not what VQ_SET gave it.
 */
static void coal_after_reenable(struct vct_ctx *c)
{
	bool tx = !strcmp(c->check->stmt, "D-a2dc3aaf");
	uint16_t q = tx ? 1 : 0;

	for (int with_class = 0; with_class < 2; with_class++) {
		struct coal want = with_class ? (struct coal){ 5, 50 } : (struct coal){ 0, 0 }, v;
		uint16_t rs = 0xffff, en = 0xffff;
		struct vct_vq *nvq;
		struct vct_net n;
		char why[200] = "";
		uint8_t ack;

		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_NOTF_COAL, VCT_NET_F_VQ_NOTF_COAL, VCT_F_RING_RESET),
			   NULL);
		if (with_class && class_set(c, &n, tx ? TX_SET : RX_SET, want) != VCT_NET_OK)
			vct_skip(c, "device: %s answered VIRTIO_NET_ERR (a device unable to apply it says so: allowed)",
				 tx ? "TX_SET" : "RX_SET");
		if (vq_set(c, &n, q, 0, (struct coal){ 9, 90 }) != VCT_NET_OK)
			vct_skip(c, "device: VQ_SET for %s answered VIRTIO_NET_ERR", tx ? "transmitq1" : "receiveq1");
		if (!vct_c_queue_reset(c, q, &rs, &en))
			vct_skip(c, "device: the queue reset never completed (queue.reset_completes judges it)");
		if (__vct_vq_setup(c->vd, q, n.b.vq[q]->size, n.b.vq[q]->vector, &nvq, why, sizeof(why)))
			vct_require(c, false, "queue re-enable after reset", "accepted", "%s", why);
		n.b.vq[q] = nvq;
		ack = vq_get(c, &n, q, 0, &v);
		vct_report(c, ack == VCT_NET_OK && v.packets == want.packets && v.usecs == want.usecs,
			   "coalescing parameters of a queue reset and enabled again", with_class ? "those of the class-wide set" : "0, 0",
			   "%s: VQ_GET %u, (%u, %u); %s (%u, %u), VQ_SET before the reset (9, 90)", tx ? "transmitq1" : "receiveq1",
			   ack, v.packets, v.usecs, with_class ? (tx ? "TX_SET" : "RX_SET") : "no class-wide set", want.packets,
			   want.usecs);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.coal_vq_invalid", "D-6cc2dd0c", coal_vq_invalid, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_vq_set_applies", "D-46ba16d5", coal_vq_set_applies, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_reserved_ignored", "D-dd9880be", coal_reserved_ignored, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_reset_zero", "D-d8fd6e14", coal_reset_zero, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_tx_set_applies", "D-65fb74f8", coal_tx_set_applies, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_suppressed", "D-ba46ce9d", coal_suppressed, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_tx_after_reenable", "D-a2dc3aaf", coal_after_reenable, .type = VCT_ID_NET),
	VCT_CHECK("net.coal_rx_after_reenable", "D-f2bc7a8b", coal_after_reenable, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_coal, "net", checks);
