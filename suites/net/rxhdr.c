/* SPDX-License-Identifier: MIT */
/*
 * Network device: the header of a received frame when the driver
 * negotiated no receive offload. Every rule is a row keyed to its
 * statement; one body receives a frame (the answer to a probe) with the
 * default features (no GUEST_* offload, no RSC_EXT, no IPsec, no UDP
 * tunnel features) and judges the row's field.
 */
#include <string.h>

#include "netdev.h"

#define F_NEEDS_CSUM 1
#define F_DATA_VALID 2
#define F_RSC_INFO 4
#define F_UDP_TUNNEL_CSUM 8
#define F_SECURITY 16
#define F_SECURITY_ERR 32
#define GSO_TUNNEL 0x60		/* VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4 | _IPV6 */
#define GSO_ECN 0x80

struct hdr_rule {
	const char *stmt;
	const char *what, *expected;
	bool (*ok)(const uint8_t *h);
};

static uint8_t gso_base(const uint8_t *h)
{
	return h[1] & (uint8_t)~(GSO_TUNNEL | GSO_ECN);
}

static bool flags_zero(const uint8_t *h) { return h[0] == 0; }
static bool not_tcpv4(const uint8_t *h) { return gso_base(h) != 1; }
static bool not_udp(const uint8_t *h) { return gso_base(h) != 3; }
static bool not_tcpv6(const uint8_t *h) { return gso_base(h) != 4; }
static bool not_udp_l4(const uint8_t *h) { return gso_base(h) != 5; }
static bool no_tunnel(const uint8_t *h) { return !(h[1] & GSO_TUNNEL); }
static bool no_tunnel_csum(const uint8_t *h) { return !(h[0] & F_UDP_TUNNEL_CSUM); }
static bool gso_none(const uint8_t *h) { return h[1] == 0; }
static bool gso_needs_csum(const uint8_t *h) { return h[1] == 0 || (h[0] & F_NEEDS_CSUM); }
static bool gso_size_set(const uint8_t *h) { return h[1] == 0 || h[4] || h[5]; }
static bool no_rsc_info(const uint8_t *h) { return !(h[0] & F_RSC_INFO); }
static bool no_security(const uint8_t *h) { return !(h[0] & F_SECURITY); }
static bool no_security_err(const uint8_t *h) { return !(h[0] & F_SECURITY_ERR); }
static bool tunnel_no_data_valid(const uint8_t *h) { return !(h[1] & GSO_TUNNEL) || !(h[0] & F_DATA_VALID); }
static bool no_ecn(const uint8_t *h) { return !(h[1] & GSO_ECN); }

static const struct hdr_rule rules[] = {
	{ "D-bbc185b4", "flags without VIRTIO_NET_F_GUEST_CSUM", "0", flags_zero },
	{ "D-d24603c9", "gso_type without VIRTIO_NET_F_GUEST_TSO4", "not VIRTIO_NET_HDR_GSO_TCPV4 (1)", not_tcpv4 },
	{ "D-acc0df08", "gso_type without VIRTIO_NET_F_GUEST_UFO", "not VIRTIO_NET_HDR_GSO_UDP (3)", not_udp },
	{ "D-9191ef64", "gso_type without VIRTIO_NET_F_GUEST_TSO6", "not VIRTIO_NET_HDR_GSO_TCPV6 (4)", not_tcpv6 },
	{ "D-ed5e02e9", "gso_type without VIRTIO_NET_F_GUEST_USO4/USO6", "not VIRTIO_NET_HDR_GSO_UDP_L4 (5)", not_udp_l4 },
	{ "D-0c139442", "gso_type without VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO", "neither UDP_TUNNEL bit (0x20, 0x40)",
	  no_tunnel },
	{ "D-982d6604", "flags without VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM", "VIRTIO_NET_HDR_F_UDP_TUNNEL_CSUM (8) clear",
	  no_tunnel_csum },
	{ "D-68e28ecd", "gso_type with no guest segmentation offload negotiated", "VIRTIO_NET_HDR_GSO_NONE (0)", gso_none },
	{ "D-adfa3226", "flags of a header whose gso_type is not NONE", "VIRTIO_NET_HDR_F_NEEDS_CSUM (1) set",
	  gso_needs_csum },
	{ "D-7848f761", "gso_size of a header whose gso_type is not NONE", "the MSS (nonzero)", gso_size_set },
	{ "D-4a5c9704", "flags without VIRTIO_NET_F_RSC_EXT", "VIRTIO_NET_HDR_F_RSC_INFO (4) clear", no_rsc_info },
	{ "D-49b3b611", "flags of a frame no IPsec processing touched (VIRTIO_NET_F_IPSEC not negotiated)",
	  "VIRTIO_NET_HDR_F_SECURITY (16) clear", no_security },
	{ "D-3cc6a48c", "flags of a frame no IPsec processing touched (VIRTIO_NET_F_IPSEC not negotiated)",
	  "VIRTIO_NET_HDR_F_SECURITY_ERR (32) clear", no_security_err },
	{ "D-560555fd", "flags of a header with a UDP_TUNNEL bit in gso_type", "VIRTIO_NET_HDR_F_DATA_VALID (2) clear",
	  tunnel_no_data_valid },
	{ "D-6d1cc4d5", "gso_type without VIRTIO_NET_F_GUEST_ECN", "VIRTIO_NET_HDR_GSO_ECN (0x80) clear", no_ecn },
};

/*
 * The frame whose header a rule judges: the probe's answer, or the probe
 * itself where the back end loops frames back (dpdk-testpmd). Each rule
 * holds for every received packet, so either one will do; waiting for an
 * answer a loop-back never sends only cost the full wait and a SKIP.
 */
static bool received_probe(const uint8_t *f, uint32_t len, const void *arg)
{
	uint16_t tag = *(const uint16_t *)arg;

	return vct_net_is_answer(f, len, tag) || vct_net_is_probe_back(f, len, tag);
}

static void rx_hdr_rule(struct vct_ctx *c)
{
	const struct hdr_rule *r = NULL;
	struct vct_net n;
	struct vct_net_rx rx;
	uint8_t f[64];
	uint16_t tag = 0x100;

	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (!strcmp(rules[i].stmt, c->check->stmt))
			r = &rules[i];
	if (!r)
		vct_abort(c, "no receive header rule for %s", c->check->stmt);
	/* the defaults negotiate no receive offload (GUEST_CSUM cleared all the same) */
	vct_net_up(c, &n, NULL, VCT_NET_BITS(VCT_NET_F_GUEST_CSUM));
	vct_net_rx_fill(c, &n, 0, 4, VCT_NET_RXBUF + (n.seed % 64));
	vct_net_tx(c, &n, 0, f, vct_net_probe(f, n.mac, tag, -1), NULL);
	if (!vct_net_rx_wait(c, &n, 0, c->timeout_ms, received_probe, &tag, &rx))
		vct_skip(c, "device: neither an answer to an ARP request for 10.0.2.2 nor the request looped back came: "
			    "no received frame to judge");
	vct_report(c, r->ok(rx.hdr), r->what, r->expected, "flags 0x%02x gso_type 0x%02x gso_size %u", rx.hdr[0],
		   rx.hdr[1], rx.hdr[4] | rx.hdr[5] << 8);
}

/*
 * D-7302ead7: without GUEST_CSUM, a received packet is fully checksummed:
 * an IPv4/UDP frame that comes back has a correct IPv4 header checksum and
 * a correct (nonzero) UDP checksum.
 */
static void rx_fully_checksummed(struct vct_ctx *c)
{
	uint8_t f[64];
	struct vct_net n;
	uint32_t len;

	vct_net_up(c, &n, NULL, VCT_NET_BITS(VCT_NET_F_GUEST_CSUM));
	vct_net_rx_fill(c, &n, 0, 4, VCT_NET_RXBUF);
	len = vct_net_ip_frame(&n, f, 17, 0x7c01, 18, 0);
	vct_net_tx(c, &n, 0, f, len, NULL);
	/* a frame that comes back does so at once; waiting longer only delays the SKIP where none does */
	for (uint64_t deadline = vct_now_ms() + 2ULL * (uint64_t)vct_net_quiet_ms(c); vct_now_ms() < deadline;) {
		uint32_t ulen = 0;
		struct vct_net_buf *b = vct_net_take(c, &n, 0, 10, &ulen);
		const uint8_t *p;
		uint32_t plen;

		if (!b || ulen < VCT_NET_HDR + 42)
			continue;
		p = b->va + VCT_NET_HDR;
		plen = ulen - VCT_NET_HDR;
		if (p[12] != 0x08 || p[13] != 0x00 || p[23] != 17 || p[18] != 0x7c || p[19] != 0x01)
			continue;
		{
			uint16_t ulen16 = (uint16_t)(p[38] << 8 | p[39]);
			bool ip_ok = vct_net_fold(vct_net_sum(p + 14, 20, 0)) == 0xffff;
			bool udp_ok = ulen16 >= 8 && 34u + ulen16 <= plen && (p[40] || p[41]) &&
				      vct_net_fold(vct_net_sum(p + 34, ulen16, vct_net_sum(p + 26, 8, 17u + ulen16))) == 0xffff;

			vct_report(c, ip_ok && udp_ok, "checksums of a received IPv4/UDP frame without GUEST_CSUM",
				   "IPv4 header and UDP checksums correct", "IPv4 header %s, UDP checksum 0x%02x%02x %s",
				   ip_ok ? "correct" : "wrong", p[40], p[41], udp_ok ? "correct" : "wrong or absent");
			return;
		}
	}
	vct_skip(c, "device: the IPv4/UDP frame vct sent did not come back (the device's network does not return it)");
}

#define RULE(nm, id) VCT_CHECK("net." nm, id, rx_hdr_rule, .type = VCT_ID_NET)

static const struct vct_check checks[] = {
	RULE("rx_flags_zero", "D-bbc185b4"),
	RULE("rx_no_gso_tcpv4", "D-d24603c9"),
	RULE("rx_no_gso_udp", "D-acc0df08"),
	RULE("rx_no_gso_tcpv6", "D-9191ef64"),
	RULE("rx_no_gso_udp_l4", "D-ed5e02e9"),
	RULE("rx_no_gso_tunnel", "D-0c139442"),
	RULE("rx_no_tunnel_csum", "D-982d6604"),
	RULE("rx_gso_none", "D-68e28ecd"),
	RULE("rx_gso_needs_csum", "D-adfa3226"),
	RULE("rx_gso_size", "D-7848f761"),
	RULE("rx_no_rsc_info", "D-4a5c9704"),
	RULE("rx_no_security", "D-49b3b611"),
	RULE("rx_no_security_err", "D-3cc6a48c"),
	RULE("rx_tunnel_no_data_valid", "D-560555fd"),
	RULE("rx_no_gso_ecn", "D-6d1cc4d5"),
	VCT_CHECK("net.rx_fully_checksummed", "D-7302ead7", rx_fully_checksummed, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_rxhdr, "net", checks);
