/* SPDX-License-Identifier: MIT */
/*
 * Network device: what the device does with a transmitted frame's header
 * and size. A frame that went out whole is one the network answers: each
 * check sends an ARP probe whose answer depends on the bytes the header
 * could make the device change or cut, after a plain probe showed the
 * network answers at all.
 */
#include <string.h>

#include "netdev.h"

/* A plain probe comes back, else SKIP: the network does not answer. */
static void calibrate(struct vct_ctx *c, struct vct_net *n)
{
	struct vct_net_rx rx;

	for (unsigned int i = 0; i < 2; i++)
		if (vct_net_probe_round(c, n, n->mac, (uint16_t)(0x500 + i), -1, c->timeout_ms, &rx))
			return;
	vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back: the device's network does not answer");
}

/* Whether probe @tag, sent as @f (@len bytes) after header @hdr, is answered (three tries). */
static bool answered(struct vct_ctx *c, struct vct_net *n, uint8_t *f, uint32_t len, const uint8_t *hdr, uint16_t tag)
{
	struct vct_net_rx rx;

	for (uint16_t i = 0; i < 3; i++) {
		f[14 + 12] = (uint8_t)((tag + i) >> 8);	/* the sender hardware address carries the tag */
		f[14 + 13] = (uint8_t)(tag + i);
		vct_net_tx(c, n, 0, f, len, hdr);
		if (vct_net_rx_probe(c, n, 0, (uint16_t)(tag + i), c->timeout_ms, &rx))
			return true;
	}
	return false;
}

/*
 * D-cdc1a955: without NEEDS_CSUM, csum_start and csum_offset mean nothing:
 * they point at the ARP target address, where a checksum would turn the
 * request into one for another host that nobody answers.
 */
static void tx_csum_fields_unused(struct vct_ctx *c)
{
	uint8_t f[64], hdr[VCT_NET_HDR] = { 0 };
	struct vct_net n;
	uint32_t len;

	vct_net_up(c, &n, NULL, NULL);
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n);
	len = vct_net_probe(f, n.mac, 0x510, -1);
	hdr[6] = 14 + 24;	/* csum_start: the target protocol address */
	hdr[8] = 0;		/* csum_offset */
	vct_report(c, answered(c, &n, f, len, hdr, 0x510),
		   "an ARP request sent with flags 0 and csum_start/csum_offset on its target address",
		   "answered (sent unchanged)", "no answer: the frame went out changed or not at all");
}

/* D-a5ae1cd2: hdr_len is a hint at most (no GSO): a frame with a short or huge one goes out whole. */
static void tx_hdr_len_hint(struct vct_ctx *c)
{
	static const uint16_t bad[] = { 20, 0xffff };
	uint8_t f[64], hdr[VCT_NET_HDR] = { 0 };
	struct vct_net n;
	uint32_t len;

	vct_net_up(c, &n, NULL, VCT_NET_BITS(VCT_NET_F_GUEST_CSUM));
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		len = vct_net_probe(f, n.mac, (uint16_t)(0x520 + 8 * i), -1);
		hdr[2] = (uint8_t)bad[i];
		hdr[3] = (uint8_t)(bad[i] >> 8);
		vct_report(c, answered(c, &n, f, len, hdr, (uint16_t)(0x520 + 8 * i)),
			   "an ARP request sent with gso_type NONE and a wrong hdr_len", "answered (sent whole)",
			   "hdr_len %u: no answer", bad[i]);
	}
}

/* D-56feb297: with MTU negotiated, a frame of mtu plus the Ethernet header goes out whole. */
static void tx_mtu_frame(struct vct_ctx *c)
{
	static uint8_t f[65535 + 14];
	struct vct_net n;
	uint16_t mtu;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_MTU), NULL);
	vct_c_config(c, 10, &mtu, 2);
	mtu = le16toh(mtu);
	if (mtu < 68)
		vct_skip(c, "device: mtu %u is below 68 (net.mtu_range judges it)", mtu);
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n);
	vct_net_probe(f, n.mac, 0x530, -1);
	memset(f + 60, 0, (size_t)mtu + 14 - 60);	/* the request, padded to the full size */
	vct_report(c, answered(c, &n, f, (uint32_t)mtu + 14, NULL, 0x530),
		   "an ARP request padded to mtu plus the 14-byte Ethernet header", "answered (forwarded whole)",
		   "mtu %u, frame of %u bytes: no answer", mtu, mtu + 14u);
}

/* Whether probe @tag, sent as @f after header @hdr, is answered within twice the quiet time (one try: a refusal is expected). */
static bool answered_quick(struct vct_ctx *c, struct vct_net *n, uint8_t *f, uint32_t len, const uint8_t *hdr,
			   uint16_t tag)
{
	struct vct_net_rx rx;

	f[14 + 12] = (uint8_t)(tag >> 8);
	f[14 + 13] = (uint8_t)tag;
	vct_net_tx(c, n, 0, f, len, hdr);
	return vct_net_rx_probe(c, n, 0, tag, 2 * vct_net_quiet_ms(c), &rx);
}

/*
 * D-cbe2d394, D-d598ac79: with HOST_UDP_TUNNEL_GSO negotiated, the device
 * refuses a UDP tunnel GSO frame whose header is contradictory: both tunnel
 * bits (D-cbe2d394); one tunnel bit with NEEDS_CSUM clear, with DATA_VALID,
 * or with no inner GSO type (D-d598ac79). The frame is an ARP probe, so a
 * device that sends it on anyway gets it answered.
 */
static void tx_tunnel_refused(struct vct_ctx *c)
{
	static const struct {
		uint8_t flags, gso;
		const char *what;
	} both[] = {
		{ 1, 0x61, "gso_type TCPV4 with both UDP_TUNNEL_IPV4 and _IPV6 (0x61), NEEDS_CSUM" },
	}, bad[] = {
		{ 0, 0x21, "gso_type TCPV4 | UDP_TUNNEL_IPV4 (0x21), flags 0 (no NEEDS_CSUM)" },
		{ 3, 0x21, "gso_type TCPV4 | UDP_TUNNEL_IPV4 (0x21), NEEDS_CSUM and DATA_VALID" },
		{ 1, 0x20, "gso_type UDP_TUNNEL_IPV4 alone (0x20: no inner type), NEEDS_CSUM" },
	};
	bool is_both = !strcmp(c->check->stmt, "D-cbe2d394");
	unsigned int nrows = is_both ? ARRAY_SIZE(both) : ARRAY_SIZE(bad);
	uint8_t f[64];
	struct vct_net n;
	uint32_t len;

	vct_net_up(c, &n,
		   VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_HOST_TSO6, VCT_NET_F_HOST_USO,
				VCT_NET_F_HOST_UDP_TUNNEL_GSO),
		   NULL);
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n);
	for (unsigned int i = 0; i < nrows; i++) {
		uint8_t hdr[VCT_NET_HDR_MAX] = { 0 };
		uint16_t tag = (uint16_t)(0x540 + 4 * i + (is_both ? 0 : 0x20));

		len = vct_net_probe(f, n.mac, tag, -1);
		hdr[0] = is_both ? both[i].flags : bad[i].flags;
		hdr[1] = is_both ? both[i].gso : bad[i].gso;
		hdr[2] = 42;	/* hdr_len */
		hdr[4] = 8;	/* gso_size */
		hdr[6] = 14;	/* csum_start, csum_offset: inside the frame */
		hdr[8] = 16;
		hdr[20] = 14;	/* outer_th_offset, inner_nh_offset: inside it too */
		hdr[22] = 22;
		vct_report(c, !answered_quick(c, &n, f, len, hdr, tag),
			   "an ARP request sent as a contradictory UDP tunnel GSO frame (HOST_UDP_TUNNEL_GSO negotiated)",
			   "refused: not sent, no answer", "%s: sent on and answered",
			   is_both ? both[i].what : bad[i].what);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.tx_csum_fields_unused", "D-cdc1a955", tx_csum_fields_unused, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_hdr_len_hint", "D-a5ae1cd2", tx_hdr_len_hint, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_mtu_frame", "D-56feb297", tx_mtu_frame, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_tunnel_both_refused", "D-cbe2d394", tx_tunnel_refused, .type = VCT_ID_NET),
	VCT_CHECK("net.tx_tunnel_invalid_refused", "D-d598ac79", tx_tunnel_refused, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_tx, "net", checks);
