/* SPDX-License-Identifier: MIT */
/*
 * Network device: control queue commands a device must accept and what
 * they change at once (the configuration's mac, the announce bit), and
 * automatic receive steering over several queue pairs.
 */
#include <string.h>

#include "netdev.h"

#define S_ANNOUNCE 2

/* Every command of a VIRTIO_NET_CTRL_RX group, on and off: each answered VIRTIO_NET_OK. */
static void rx_commands(struct vct_ctx *c, unsigned int feature, uint8_t first, uint8_t last)
{
	static const char *const name[] = { "PROMISC", "ALLMULTI", "ALLUNI", "NOMULTI", "NOUNI", "NOBCAST" };
	struct vct_net n;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX, (int)feature), NULL);
	for (uint8_t cmd = first; cmd <= last; cmd++)
		for (int on = 1; on >= 0; on--) {
			uint8_t ack = vct_net_rx_mode(c, &n, cmd, on);

			vct_report(c, ack == VCT_NET_OK, "ack of a receive mode command the negotiated feature makes mandatory",
				   "VIRTIO_NET_OK (0)", "VIRTIO_NET_CTRL_RX_%s %s: %u", name[cmd], on ? "on" : "off", ack);
		}
}

/* D-4045d11f: with CTRL_RX, PROMISC and ALLMULTI. */
static void ctrl_rx_commands(struct vct_ctx *c)
{
	rx_commands(c, VCT_NET_F_CTRL_RX, 0, 1);
}

/* D-b41db827: with CTRL_RX_EXTRA, ALLUNI, NOMULTI, NOUNI, NOBCAST. */
static void ctrl_rx_extra_commands(struct vct_ctx *c)
{
	rx_commands(c, VCT_NET_F_CTRL_RX_EXTRA, 2, 5);
}

/* D-661a1a56: mac in the configuration holds the address of a MAC_ADDR_SET once the command is used. */
static void mac_addr_set_config(struct vct_ctx *c)
{
	uint8_t want[6] = { 0x02, 0x76, 0x63, 0x74, 0x5a, 0xa5 }, now[6];
	struct vct_net n;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_MAC_ADDR, VCT_NET_F_MAC), NULL);
	if (!memcmp(n.mac, want, 6))
		want[5] ^= 0xff;
	ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_MAC, 1, want, 6, NULL, 0);
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MAC_ADDR_SET answered %u (the device may refuse an address)", ack);
	vct_c_config(c, 0, now, 6);
	vct_report(c, !memcmp(now, want, 6), "mac in the configuration once MAC_ADDR_SET was used", "the address set",
		   "%02x:%02x:%02x:%02x:%02x:%02x, set %02x:%02x:%02x:%02x:%02x:%02x", now[0], now[1], now[2], now[3],
		   now[4], now[5], want[0], want[1], want[2], want[3], want[4], want[5]);
}

static uint16_t net_status(struct vct_ctx *c)
{
	uint16_t st;

	vct_c_config(c, 6, &st, 2);
	return le16toh(st);
}

/* D-2aa438a5: VIRTIO_NET_S_ANNOUNCE is clear once the ANNOUNCE_ACK command is used (host action announce). */
static void announce_ack_clears(struct vct_ctx *c)
{
	struct vct_net n;
	uint64_t deadline;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_GUEST_ANNOUNCE, VCT_NET_F_STATUS), NULL);
	vct_c_host(c, VCT_HA_ANNOUNCE, "", NULL, 0);
	deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	while (!(net_status(c) & S_ANNOUNCE) && vct_now_ms() < deadline)
		vct_dev_poll(c->vd);
	if (!(net_status(c) & S_ANNOUNCE))
		vct_skip(c, "device: VIRTIO_NET_S_ANNOUNCE did not appear within %d ms of the host's announce", c->timeout_ms);
	ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_ANNOUNCE, 0, NULL, 0, NULL, 0);
	vct_report(c, !(net_status(c) & S_ANNOUNCE), "status once VIRTIO_NET_CTRL_ANNOUNCE_ACK was used",
		   "VIRTIO_NET_S_ANNOUNCE clear", "0x%04x (ack %u)", net_status(c), ack);
}

/*
 * Probes on transmitq1, @count of them: returns the receive queue pair
 * (1-based) other than the first that a frame landed on, 0 when none did.
 */
static unsigned int frames_beyond(struct vct_ctx *c, struct vct_net *n, unsigned int limit, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		uint8_t to[6] = { 0x02, 0x76, 0x63, 0x74, 0x10, (uint8_t)i }, f[64];
		uint32_t len;

		memcpy(to, n->mac, 6);
		len = vct_net_probe(f, to, (uint16_t)(0x400 + i), -1);
		f[14 + 14 + 3] = (uint8_t)(15 + i);	/* another sender IP address: another flow */
		vct_net_tx(c, n, 0, f, len, NULL);
	}
	vct_net_rx_any(c, n, 0, vct_net_quiet_ms(c));
	for (unsigned int p = limit; p < n->pairs; p++)
		if (vct_vq_pending(n->b.vq[2 * p]))
			return p + 1;
	return 0;
}

static void mq_up(struct vct_ctx *c, struct vct_net *n)
{
	vct_net_up(c, n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_MQ), NULL);
	for (unsigned int p = 0; p < n->pairs; p++)
		vct_net_rx_fill(c, n, p, 8, VCT_NET_RXBUF);
}

/* D-d5fb9e68: before any VQ_PAIRS_SET, frames arrive on receiveq1 only. */
static void mq_rx1_after_reset(struct vct_ctx *c)
{
	struct vct_net n;
	unsigned int q;

	mq_up(c, &n);
	if (n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: there is no other receive queue");
	q = frames_beyond(c, &n, 1, 8);
	vct_report(c, !q, "receive queues holding frames after reset, before VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET",
		   "receiveq1 only", "a frame on receiveq%u", q);
}

/* D-5d9e4674: after VQ_PAIRS_SET n (used), no frame on a receive queue beyond n. */
static void mq_pairs_limit(struct vct_ctx *c)
{
	uint16_t v;
	struct vct_net n;
	uint8_t ack;
	unsigned int q;

	mq_up(c, &n);
	if (n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: there is no other receive queue");
	v = htole16((uint16_t)n.pairs);
	ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_MQ, 0, &v, 2, NULL, 0);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET max_virtqueue_pairs", "VIRTIO_NET_OK (0)", "%u",
		    ack);
	/* a flow on every transmit queue, then back to one pair */
	for (unsigned int p = 0; p < n.pairs; p++) {
		uint8_t f[64];
		uint32_t len = vct_net_probe(f, n.mac, (uint16_t)(0x480 + p), -1);

		vct_net_tx(c, &n, p, f, len, NULL);
	}
	v = htole16(1);
	ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_MQ, 0, &v, 2, NULL, 0);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 1", "VIRTIO_NET_OK (0)", "%u", ack);
	vct_net_rx_any(c, &n, 0, vct_net_quiet_ms(c));
	for (unsigned int p = 0; p < n.pairs; p++)	/* what came before the command was used is allowed anywhere */
		while (vct_net_take(c, &n, p, 0, &(uint32_t){ 0 }))
			;
	q = frames_beyond(c, &n, 1, 8);
	vct_report(c, !q, "receive queues holding frames after VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 1 was used",
		   "receiveq1 only", "a frame on receiveq%u", q);
}

/*
 * D-90950565: with RSS configured, a frame the device computes no hash for
 * (an ARP answer: not IP) goes to unclassified_queue. Two configurations,
 * receiveq2 then receiveq1, so a device that ignores the setting fails one.
 */
static void rss_unclassified_queue(struct vct_ctx *c)
{
	struct vct_net n;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_RSS), NULL);
	if (n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: one receive queue, nowhere else to steer");
	for (unsigned int p = 0; p < n.pairs; p++)
		vct_net_rx_fill(c, &n, p, 8, VCT_NET_RXBUF);
	for (unsigned int want = 1; want < 3; want--) {
		/* hash_types 0, one table entry (receiveq1), unclassified_queue, max_tx_vq 1, no key */
		uint8_t cfg[8 + 2 + 2 + 1] = { 0 }, ack;
		struct vct_net_rx rx;
		unsigned int got = 0;

		cfg[6] = (uint8_t)want;	/* vq_index_1_16: virtqueue 2 * want, receiveq(want + 1) */
		cfg[10] = 1;
		ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_MQ, 1, cfg, sizeof(cfg), NULL, 0);
		vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MQ_RSS_CONFIG (no hash types, unclassified_queue set)",
			    "VIRTIO_NET_OK (0)", "%u", ack);
		for (unsigned int i = 0; i < 3 && !got; i++) {
			uint8_t f[64];
			uint32_t len = vct_net_probe(f, n.mac, (uint16_t)(0x700 + 4 * want + i), -1);

			vct_net_tx(c, &n, 0, f, len, NULL);
			for (unsigned int p = 0; p < n.pairs && !got; p++)
				if (vct_net_rx_probe(c, &n, p, (uint16_t)(0x700 + 4 * want + i),
						     p == want ? c->timeout_ms : 1, &rx))
					got = p + 1;
		}
		if (!got)
			vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back on any receive queue");
		vct_report(c, got == want + 1, "receive queue of a frame RSS does not hash", "unclassified_queue",
			   "receiveq%u, unclassified_queue is receiveq%u", got, want + 1);
		if (!want)
			break;
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.ctrl_rx_commands", "D-4045d11f", ctrl_rx_commands, .type = VCT_ID_NET),
	VCT_CHECK("net.ctrl_rx_extra_commands", "D-b41db827", ctrl_rx_extra_commands, .type = VCT_ID_NET),
	VCT_CHECK("net.mac_addr_set_config", "D-661a1a56", mac_addr_set_config, .type = VCT_ID_NET),
	VCT_CHECK("net.announce_ack_clears", "D-2aa438a5", announce_ack_clears, .type = VCT_ID_NET),
	VCT_CHECK("net.mq_rx1_after_reset", "D-d5fb9e68", mq_rx1_after_reset, .type = VCT_ID_NET),
	VCT_CHECK("net.mq_pairs_limit", "D-5d9e4674", mq_pairs_limit, .type = VCT_ID_NET),
	VCT_CHECK("net.rss_unclassified_queue", "D-90950565", rss_unclassified_queue, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_ctrl, "net", checks);
