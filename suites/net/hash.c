/* SPDX-License-Identifier: MIT */
/*
 * Network device: which header the hash is calculated on
 * (VIRTIO_NET_F_HASH_TUNNEL), seen through RSS: with a two-entry
 * indirection table and a key vct chose, vct computes the Toeplitz hash of
 * the outer and of the inner IPv4 addresses itself, and the receive queue
 * a frame lands on tells which one the device used. Addresses are chosen
 * so that the two hashes pick different queues.
 *
 * The frames are IPv4 packets the device's network has to send back (the
 * reference device's network returns what is not ARP); a network that does
 * not makes the checks SKIP.
 */
#include <string.h>

#include "netdev.h"

#define CTRL_HASH_TUNNEL 7
#define TUNNEL_GRE_2784 (1u << 0)
#define TUNNEL_IPIP (1u << 7)
#define TUNNEL_KNOWN 0x1ffu	/* the nine encapsulation types the spec defines */

/* The key RSS examples use (Microsoft's verification key). */
static const uint8_t key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static uint32_t toeplitz(const uint8_t *in, unsigned int len)
{
	uint32_t h = 0, v = (uint32_t)key[0] << 24 | key[1] << 16 | key[2] << 8 | key[3];

	for (unsigned int i = 0; i < len; i++)
		for (int b = 7; b >= 0; b--) {
			if ((in[i] >> b) & 1)
				h ^= v;
			v = v << 1 | (i + 4 < sizeof(key) ? (key[i + 4] >> b) & 1 : 0);
		}
	return h;
}

static void ip_header(uint8_t *ip, uint8_t proto, uint16_t total, uint16_t ident, const uint8_t src[4],
		      const uint8_t dst[4])
{
	uint32_t sum = 0;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[4] = (uint8_t)(ident >> 8);
	ip[5] = (uint8_t)ident;
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (uint8_t)(~sum >> 8);
	ip[11] = (uint8_t)~sum;
}

/*
 * An encapsulated IPv4 packet (@proto 47: GRE per RFC 2784, 4: IPIP) with
 * ident @tag, its outer and inner addresses picked (from a seed) so that
 * the two hashes differ in the table index; *@outer_q gets the receive
 * queue pair the outer hash selects. Returns the frame length.
 */
static uint32_t tunnel_frame(struct vct_net *n, uint8_t *f, uint8_t proto, uint16_t tag, unsigned int *outer_q)
{
	uint8_t osrc[4] = { 10, 0, 2, 15 }, odst[4] = { 10, 0, 2, 2 }, isrc[4] = { 192, 168, 7, 1 },
		idst[4] = { 192, 168, 7, 2 }, a[8];
	unsigned int hl = proto == 47 ? 4 : 0;
	uint32_t ho, hi;

	for (unsigned int i = 0;; i++) {
		isrc[3] = (uint8_t)(1 + (n->seed + i) % 250);
		memcpy(a, osrc, 4);
		memcpy(a + 4, odst, 4);
		ho = toeplitz(a, 8);
		memcpy(a, isrc, 4);
		memcpy(a + 4, idst, 4);
		hi = toeplitz(a, 8);
		if ((ho & 1) != (hi & 1))
			break;
	}
	memset(f, 0, 14);
	memcpy(f, n->mac, 6);
	memcpy(f + 6, n->mac, 6);
	f[12] = 0x08;
	ip_header(f + 14, proto, (uint16_t)(20 + hl + 20 + 8), tag, osrc, odst);
	if (hl) {
		memset(f + 34, 0, 4);	/* GRE: no checksum, key or sequence; protocol IPv4 */
		f[36] = 0x08;
	}
	ip_header(f + 34 + hl, 17, 28, tag, isrc, idst);
	memset(f + 54 + hl, 0, 8);	/* a UDP header, checksum 0 */
	*outer_q = ho & 1;
	return 14 + 20 + hl + 28;
}

/* The receive queue pair (0-based) the frame with IPv4 ident @tag came back on, or -1. */
static int landed(struct vct_ctx *c, struct vct_net *n, uint16_t tag)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)c->timeout_ms;

	while (vct_now_ms() < deadline)
		for (unsigned int p = 0; p < 2; p++) {
			uint32_t len = 0;
			struct vct_net_buf *b = vct_net_take(c, n, p, 1, &len);
			const uint8_t *f;

			if (!b || len < VCT_NET_HDR + 34)
				continue;
			f = b->va + VCT_NET_HDR;
			if (f[12] == 0x08 && f[13] == 0x00 && f[18] == (uint8_t)(tag >> 8) && f[19] == (uint8_t)tag)
				return (int)p;
		}
	return -1;
}

/* RSS over receiveq1/receiveq2 hashing IPv4 addresses; SKIPs where the device cannot. */
static void hash_up(struct vct_ctx *c, struct vct_net *n)
{
	uint8_t cfg[4 + 2 + 2 + 4 + 2 + 1 + sizeof(key)] = { 0 }, ack;
	uint32_t types;

	vct_net_up(c, n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_RSS, VCT_NET_F_HASH_TUNNEL), NULL);
	if (n->pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: RSS has one queue to choose");
	vct_c_config(c, 20, &types, 4);
	if (!(le32toh(types) & 1))
		vct_skip(c, "device: supported_hash_types lacks VIRTIO_NET_HASH_TYPE_IPv4");
	for (unsigned int p = 0; p < 2; p++)
		vct_net_rx_fill(c, n, p, 8, VCT_NET_RXBUF);
	cfg[0] = 1;		/* hash_types: IPv4 */
	cfg[4] = 1;		/* indirection_table_mask: two entries */
	cfg[10] = 1;		/* entry 1: receiveq2 (virtqueue 2); entry 0 and unclassified: receiveq1 */
	cfg[12] = 1;		/* max_tx_vq */
	cfg[14] = sizeof(key);
	memcpy(cfg + 15, key, sizeof(key));
	ack = vct_net_ctrl(c, n, VCT_NET_CTRL_MQ, 1, cfg, sizeof(cfg), NULL, 0);
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MQ_RSS_CONFIG (IPv4 hash, two queues) answered %u", ack);
}

static uint8_t tunnel_set(struct vct_ctx *c, struct vct_net *n, uint32_t types)
{
	uint32_t v = htole32(types);

	return vct_net_ctrl(c, n, CTRL_HASH_TUNNEL, 0, &v, 4, NULL, 0);
}

/* Send the encapsulated frame and report where it landed against the outer hash's queue. */
static void expect_outer(struct vct_ctx *c, struct vct_net *n, uint8_t proto, uint16_t tag, const char *what)
{
	uint8_t f[128];
	unsigned int outer;
	uint32_t len = tunnel_frame(n, f, proto, tag, &outer);
	int got;

	vct_net_tx(c, n, 0, f, len, NULL);
	got = landed(c, n, tag);
	if (got < 0)
		vct_skip(c, "device: the IPv4 frame vct sent did not come back (the device's network does not return it)");
	vct_report(c, (unsigned int)got == outer, what, "the queue the outer header's hash selects",
		   "%s packet on receiveq%d; the outer hash selects receiveq%u, the inner one receiveq%u",
		   proto == 47 ? "GRE" : "IPIP", got + 1, outer + 1, 2 - outer);
}

/* D-748e759f: a packet whose encapsulation is not enabled is hashed on its outer header. */
static void hash_outer_unmatched(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack;

	hash_up(c, &n);
	ack = tunnel_set(c, &n, TUNNEL_GRE_2784);
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: HASH_TUNNEL_SET GRE (RFC 2784) answered %u (not supported)", ack);
	expect_outer(c, &n, 4, 0x7a01, "an IPIP packet with only GRE enabled for the inner header hash");
}

/* D-cf433ca6: enabled_tunnel_types 0 (set, or after a reset) disables the inner header hash. */
static void hash_inner_disabled(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack;

	hash_up(c, &n);
	expect_outer(c, &n, 47, 0x7b01, "a GRE packet after the device reset (no HASH_TUNNEL_SET)");
	ack = tunnel_set(c, &n, TUNNEL_GRE_2784);
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: HASH_TUNNEL_SET GRE (RFC 2784) answered %u (not supported)", ack);
	ack = tunnel_set(c, &n, 0);
	vct_require(c, ack == VCT_NET_OK, "HASH_TUNNEL_SET 0", "VIRTIO_NET_OK (0)", "%u", ack);
	expect_outer(c, &n, 47, 0x7b02, "a GRE packet after HASH_TUNNEL_SET 0");
}

/* D-ed190550: enabling a type outside supported_tunnel_types is answered VIRTIO_NET_ERR. */
static void hash_tunnel_unsupported(struct vct_ctx *c)
{
	uint32_t sup, bad = 1u << 31;	/* no such type, if every defined one is supported */
	struct vct_net n;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_RSS, VCT_NET_F_HASH_TUNNEL), NULL);
	vct_c_config(c, 24, &sup, 4);
	sup = le32toh(sup);
	for (unsigned int b = 0; b < 9; b++)
		if (!(sup & (1u << b))) {
			bad = 1u << b;
			break;
		}
	ack = tunnel_set(c, &n, bad | (sup & TUNNEL_KNOWN));
	vct_report(c, ack == VCT_NET_ERR, "HASH_TUNNEL_SET with a type outside supported_tunnel_types",
		   "VIRTIO_NET_ERR (1)", "supported 0x%x, set 0x%x: %u", sup, bad | (sup & TUNNEL_KNOWN), ack);
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.hash_outer_unmatched", "D-748e759f", hash_outer_unmatched, .type = VCT_ID_NET),
	VCT_CHECK("net.hash_inner_disabled", "D-cf433ca6", hash_inner_disabled, .type = VCT_ID_NET),
	VCT_CHECK("net.hash_tunnel_unsupported", "D-ed190550", hash_tunnel_unsupported, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_hash, "net", checks);
