/* SPDX-License-Identifier: MIT */
/*
 * Network device: checksum and segmentation offloads, seen through a loop.
 * vct sends IPv4 TCP or UDP frames from and to the device's own address;
 * a device whose network returns them (the reference device's does; the
 * test bed's tap variants loop IPv4 back in the host's namespace) hands
 * them back through its receive path, where the header the device writes
 * is judged against the transmitted frame vct knows byte for byte. A
 * device whose network does not return them makes the checks SKIP.
 *
 * Rows of one body share a frame and judge one statement each.
 */
#include <string.h>

#include "netdev.h"

#define F_NEEDS_CSUM 1
#define F_DATA_VALID 2
#define F_RSC_INFO 4
#define GSO_TCPV4 1
#define GSO_ECN 0x80
#define TCP_CWR 0x80
#define MSS 200		/* the GSO frames' segment size: three segments, one small frame */

/* What a frame of ours carries: protocol and the source port that tags it. */
struct ours {
	uint8_t proto;
	uint16_t tag;
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t pseudo(const uint8_t *f, uint8_t proto, uint32_t l4len)
{
	return vct_net_sum(f + 26, 8, proto + l4len);
}

static uint32_t csum_at(uint8_t proto)
{
	return proto == 6 ? 16 : 6;
}

/* Whether the frame's TCP/UDP checksum is complete and right. */
static bool l4_right(const uint8_t *f, uint32_t len, uint8_t proto)
{
	uint32_t l4len, l4 = vct_net_l4(f, len, &l4len);

	return l4 && vct_net_fold(vct_net_sum(f + l4, l4len, pseudo(f, proto, l4len))) == 0xffff;
}

static bool is_ours(const uint8_t *f, uint32_t len, const void *arg)
{
	const struct ours *o = arg;

	return vct_net_is_ip_frame(f, len, o->proto, o->tag);
}

/* The frame's checksum left partial, as a driver asking for checksum offload leaves it: the pseudo-header sum. */
static void make_partial(uint8_t *f, uint32_t len, uint8_t proto, uint8_t *hdr)
{
	uint32_t l4len, l4 = vct_net_l4(f, len, &l4len);

	put_be16(f + l4 + csum_at(proto), vct_net_fold(pseudo(f, proto, l4len)));
	hdr[0] = F_NEEDS_CSUM;
	hdr[6] = (uint8_t)l4;		/* csum_start */
	hdr[8] = (uint8_t)csum_at(proto);	/* csum_offset */
}

/* Bring the device up with @need, stock receiveq1; the loop must return a plain UDP frame, else SKIP. */
static void loop_up(struct vct_ctx *c, struct vct_net *n, const int *need, uint32_t bufsize)
{
	uint8_t f[256];
	struct vct_net_rx rx;
	struct ours o = { 17, 0x7e00 };
	uint32_t len;

	vct_net_up(c, n, need, NULL);
	vct_net_rx_fill(c, n, 0, 16, bufsize + n->seed % 64);
	len = vct_net_ip_frame(n, f, 17, o.tag, 100, 0);
	vct_net_tx(c, n, 0, f, len, NULL);
	if (!vct_net_rx_wait(c, n, 0, c->timeout_ms, is_ours, &o, &rx))
		vct_skip(c, "device: an IPv4/UDP frame to the device's own address did not come back: its network does not "
			    "loop frames, and the receive side of an offload can be seen only on a frame vct knows");
}

/* Send @f (@len bytes) after @hdr and wait for it (tag @tag, protocol @proto) to come back: 1 and @rx, or 0. */
static int round_trip(struct vct_ctx *c, struct vct_net *n, uint8_t *f, uint32_t len, const uint8_t *hdr, uint8_t proto,
		      uint16_t tag, struct vct_net_rx *rx)
{
	struct ours o = { proto, tag };

	vct_net_tx(c, n, 0, f, len, hdr);
	return vct_net_rx_wait(c, n, 0, c->timeout_ms, is_ours, &o, rx);
}

/*
 * D-f1bb853c, D-b3afff2d, D-2d8027eb: a UDP frame sent with a wrong checksum
 * and no NEEDS_CSUM comes back (GUEST_CSUM negotiated) without DATA_VALID
 * (validated: it was wrong) and without NEEDS_CSUM (which would vouch for
 * the checksums before csum_start and replace the wrong one): the device
 * must not take the driver's checksum on trust.
 */
static void rx_bad_csum(struct vct_ctx *c)
{
	const char *id = c->check->stmt;
	uint8_t f[256], mask = !strcmp(id, "D-f1bb853c") ? F_NEEDS_CSUM : !strcmp(id, "D-b3afff2d") ? F_DATA_VALID :
			       F_NEEDS_CSUM | F_DATA_VALID;
	struct vct_net_rx rx;
	struct vct_net n;
	uint32_t len;

	loop_up(c, &n, VCT_NET_BITS(VCT_NET_F_GUEST_CSUM), VCT_NET_RXBUF);
	len = vct_net_ip_frame(&n, f, 17, 0x7e10, 100, 0);
	f[34 + 6] ^= 0x5a;	/* the UDP checksum wrong (and still nonzero) */
	if (!round_trip(c, &n, f, len, NULL, 17, 0x7e10, &rx))
		vct_skip(c, "device: the UDP frame with a wrong checksum did not come back (dropped on the way): nothing to judge");
	if (!(rx.hdr[0] & F_NEEDS_CSUM) && l4_right(rx.frame, rx.flen, 17))
		vct_skip(c, "device: the frame came back with its UDP checksum made right on the way: a validated checksum "
			    "would be a right one");
	vct_report(c, !(rx.hdr[0] & mask), "flags of a looped UDP frame whose checksum is wrong (sent with flags 0)",
		   mask == F_NEEDS_CSUM   ? "VIRTIO_NET_HDR_F_NEEDS_CSUM (1) clear: the checksum was not validated"
		   : mask == F_DATA_VALID ? "VIRTIO_NET_HDR_F_DATA_VALID (2) clear: the checksum is wrong"
					  : "neither NEEDS_CSUM nor DATA_VALID: the driver's checksum not taken on trust",
		   "flags 0x%02x, UDP checksum 0x%02x%02x as received", rx.hdr[0], rx.frame[40], rx.frame[41]);
}

/*
 * D-c9cb0c37, D-a2941189: a UDP frame sent partial (NEEDS_CSUM) comes back
 * partial with GUEST_CSUM: the checksum field holds the pseudo-header sum,
 * and completing the checksum from csum_start into csum_start + csum_offset
 * gives a right one. A device that completes it instead is allowed to (the
 * check SKIPs).
 */
static void rx_partial(struct vct_ctx *c)
{
	bool pseudo_row = !strcmp(c->check->stmt, "D-c9cb0c37");
	uint8_t f[256], hdr[VCT_NET_HDR] = { 0 }, g[1600];
	struct vct_net_rx rx;
	struct vct_net n;
	uint32_t len, l4len, l4, start, off;
	uint16_t want, got;

	loop_up(c, &n, VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_GUEST_CSUM), VCT_NET_RXBUF);
	len = vct_net_ip_frame(&n, f, 17, 0x7e20, 100, 0);
	make_partial(f, len, 17, hdr);
	if (!round_trip(c, &n, f, len, hdr, 17, 0x7e20, &rx))
		vct_skip(c, "device: the UDP frame sent with NEEDS_CSUM did not come back");
	if (!(rx.hdr[0] & F_NEEDS_CSUM))
		vct_skip(c, "device: the frame came back with flags 0x%02x (its checksum completed, which is allowed): no "
			    "partial checksum to judge", rx.hdr[0]);
	l4 = vct_net_l4(rx.frame, rx.flen, &l4len);
	if (!l4)
		vct_skip(c, "device: the frame came back without a whole IPv4 header");
	if (pseudo_row) {
		want = vct_net_fold(pseudo(rx.frame, 17, l4len));
		got = be16(rx.frame + l4 + 6);
		/* ones' complement: 0 and 0xffff are the same sum */
		vct_report(c, got == want || ((got | want) == 0xffff && (got == 0 || want == 0)),
			   "UDP checksum field of a frame received with NEEDS_CSUM", "the pseudo-header sum",
			   "0x%04x; the pseudo-header sum is 0x%04x", got, want);
		return;
	}
	start = rx.hdr[6] | rx.hdr[7] << 8;
	off = rx.hdr[8] | rx.hdr[9] << 8;
	memcpy(g, rx.frame, rx.flen);
	if (start >= l4 + l4len || start + off + 2 > l4 + l4len) {
		vct_report(c, false, "csum_start and csum_offset of a frame received with NEEDS_CSUM", "inside the packet",
			   "csum_start %u, csum_offset %u, packet of %u bytes", start, off, l4 + l4len);
		return;
	}
	put_be16(g + start + off, (uint16_t)~vct_net_fold(vct_net_sum(g + start, l4 + l4len - start, 0)));
	vct_report(c, l4_right(g, l4 + l4len, 17),
		   "the frame once its checksum is completed from csum_start and stored at csum_start + csum_offset",
		   "fully checksummed (a right UDP checksum)", "csum_start %u, csum_offset %u: UDP checksum still wrong", start,
		   off);
}

/*
 * A TCPv4 GSO frame through the loop with receive segmentation offload
 * negotiated: three MSS-sized segments' worth of payload, the checksum
 * partial, gso_type TCPV4 (with ECN and CWR set when @ecn). SKIP when it
 * comes back segmented (allowed) or not at all.
 */
static void gso_round(struct vct_ctx *c, struct vct_net *n, const int *need, bool ecn, uint16_t tag,
		      struct vct_net_rx *rx)
{
	uint8_t f[1024], hdr[VCT_NET_HDR] = { 0 };
	uint32_t len;

	loop_up(c, n, need, VCT_NET_RXBUF);
	len = vct_net_ip_frame(n, f, 6, tag, 3 * MSS, (uint8_t)(0x18 | (ecn ? TCP_CWR : 0)));	/* ACK, PSH */
	make_partial(f, len, 6, hdr);
	hdr[1] = (uint8_t)(GSO_TCPV4 | (ecn ? GSO_ECN : 0));
	hdr[2] = 54;		/* hdr_len: Ethernet, IPv4 and TCP headers */
	hdr[4] = (uint8_t)MSS;	/* gso_size */
	if (!round_trip(c, n, f, len, hdr, 6, tag, rx))
		vct_skip(c, "device: the TCPv4 GSO frame did not come back");
	if ((rx->hdr[1] & 0x7f) == 0)
		vct_skip(c, "device: the GSO frame came back segmented (gso_type 0x%02x, which is allowed): no received GSO "
			    "frame to judge", rx->hdr[1]);
}

/* D-315054c4: with GUEST_ECN, a GSO frame whose TCP header has CWR set carries VIRTIO_NET_HDR_GSO_ECN. */
static void rx_gso_ecn(struct vct_ctx *c)
{
	struct vct_net_rx rx;
	struct vct_net n;
	uint32_t l4len, l4;

	gso_round(c, &n,
		  VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_HOST_ECN, VCT_NET_F_GUEST_CSUM,
			       VCT_NET_F_GUEST_TSO4, VCT_NET_F_GUEST_ECN),
		  true, 0x7e30, &rx);
	l4 = vct_net_l4(rx.frame, rx.flen, &l4len);
	if (!l4 || !(rx.frame[l4 + 13] & TCP_CWR))
		vct_skip(c, "device: the GSO frame came back without CWR in its TCP header: not one the statement covers");
	vct_report(c, rx.hdr[1] & GSO_ECN, "gso_type of a received TCP GSO frame with CWR set, GUEST_ECN negotiated",
		   "VIRTIO_NET_HDR_GSO_ECN (0x80) set", "gso_type 0x%02x", rx.hdr[1]);
}

/* D-157cb3be: with GUEST_TSO4, a GSO frame's hdr_len covers the headers up to and including TCP's. */
static void rx_gso_hdr_len(struct vct_ctx *c)
{
	struct vct_net_rx rx;
	struct vct_net n;
	uint32_t l4len, l4, want;
	uint16_t hl;

	gso_round(c, &n, VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_GUEST_CSUM, VCT_NET_F_GUEST_TSO4),
		  false, 0x7e40, &rx);
	l4 = vct_net_l4(rx.frame, rx.flen, &l4len);
	if (!l4)
		vct_skip(c, "device: the GSO frame came back without a whole IPv4 header");
	want = l4 + ((rx.frame[l4 + 12] >> 4) & 15u) * 4;
	hl = (uint16_t)(rx.hdr[2] | rx.hdr[3] << 8);
	vct_report(c, hl >= want, "hdr_len of a received TCPv4 GSO frame", "at least the Ethernet, IPv4 and TCP headers",
		   "%u; the headers take %u bytes", hl, want);
}

/* D-60c48106: with RSC_EXT, a received GSO frame carries VIRTIO_NET_HDR_F_RSC_INFO. */
static void rx_rsc_info(struct vct_ctx *c)
{
	struct vct_net_rx rx;
	struct vct_net n;

	gso_round(c, &n,
		  VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_GUEST_CSUM, VCT_NET_F_GUEST_TSO4,
			       VCT_NET_F_RSC_EXT),
		  false, 0x7e50, &rx);
	vct_report(c, rx.hdr[0] & F_RSC_INFO, "flags of a received GSO frame with RSC_EXT negotiated",
		   "VIRTIO_NET_HDR_F_RSC_INFO (4) set, segments and duplicate ACKs in csum_start and csum_offset",
		   "flags 0x%02x, csum_start %u, csum_offset %u", rx.hdr[0], rx.hdr[6] | rx.hdr[7] << 8,
		   rx.hdr[8] | rx.hdr[9] << 8);
}

/*
 * Segments of TCP frame @tag as they come back, payload placed by sequence
 * number into @got (@plen bytes, @have marks what came). Every segment must
 * carry a right checksum (or a partial one, NEEDS_CSUM). Returns the bytes
 * covered; *@bad counts segments with a wrong checksum or outside the payload.
 */
static uint32_t collect(struct vct_ctx *c, struct vct_net *n, uint16_t tag, uint32_t plen, uint8_t *got, bool *have,
			unsigned int *bad, uint32_t *maxlen)
{
	struct ours o = { 6, tag };
	struct vct_net_rx rx;
	uint32_t covered = 0;

	*bad = 0;
	*maxlen = 0;
	while (covered < plen && vct_net_rx_wait(c, n, 0, c->timeout_ms, is_ours, &o, &rx)) {
		uint32_t l4len, l4 = vct_net_l4(rx.frame, rx.flen, &l4len), hl, seq;

		if (rx.flen > *maxlen)
			*maxlen = rx.flen;
		hl = l4 ? ((rx.frame[l4 + 12] >> 4) & 15u) * 4 : 0;
		if (!l4 || hl < 20 || hl > l4len || (!(rx.hdr[0] & F_NEEDS_CSUM) && !l4_right(rx.frame, rx.flen, 6))) {
			(*bad)++;
			continue;
		}
		seq = (uint32_t)rx.frame[l4 + 4] << 24 | (uint32_t)rx.frame[l4 + 5] << 16 | (uint32_t)rx.frame[l4 + 6] << 8 |
		      rx.frame[l4 + 7];
		seq -= 0x10000000u;
		if (seq + (l4len - hl) > plen) {
			(*bad)++;
			continue;
		}
		for (uint32_t i = 0; i < l4len - hl; i++) {
			covered += !have[seq + i];
			have[seq + i] = true;
			got[seq + i] = rx.frame[l4 + hl + i];
		}
	}
	return covered;
}

/*
 * D-546226bc: with HOST_TSO4 and no GUEST_HDRLEN, the device must not rely
 * on hdr_len: a TCPv4 GSO frame sent with hdr_len 14 (the Ethernet header
 * only) and then 0x7fff comes back with every payload byte where it was
 * and every segment's checksum right, as one with the right hdr_len does.
 */
static void tx_tso_hdr_len(struct vct_ctx *c)
{
	static const uint16_t hls[] = { 54, 14, 0x7fff };
	struct vct_net n;

	loop_up(c, &n, VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4), VCT_NET_RXBUF);
	for (unsigned int k = 0; k < ARRAY_SIZE(hls); k++) {
		uint8_t f[1024], hdr[VCT_NET_HDR] = { 0 }, got[3 * MSS];
		bool have[3 * MSS] = { false };
		uint16_t tag = (uint16_t)(0x7e60 + k);
		uint32_t len = vct_net_ip_frame(&n, f, 6, tag, 3 * MSS, 0x18), covered, maxlen, wrong = 0;
		unsigned int bad;

		make_partial(f, len, 6, hdr);
		hdr[1] = GSO_TCPV4;
		hdr[2] = (uint8_t)hls[k];
		hdr[3] = (uint8_t)(hls[k] >> 8);
		hdr[4] = (uint8_t)MSS;
		vct_net_tx(c, &n, 0, f, len, hdr);
		covered = collect(c, &n, tag, 3 * MSS, got, have, &bad, &maxlen);
		for (uint32_t i = 0; i < 3 * MSS; i++)
			wrong += have[i] && got[i] != f[54 + i];
		if (!k) {
			if (covered < 3 * MSS || bad || wrong)
				vct_skip(c, "device: a TCPv4 GSO frame with the right hdr_len did not come back whole (%u of %u bytes, "
					    "%u bad segments): nothing to compare with", covered, 3 * MSS, bad);
			continue;
		}
		vct_report(c, covered == 3 * MSS && !bad && !wrong,
			   "a TCPv4 GSO frame sent with a wrong hdr_len (GUEST_HDRLEN not negotiated)",
			   "comes back as the one with the right hdr_len: every payload byte in place, every checksum right",
			   "hdr_len %u: %u of %u payload bytes came back, %u of them changed, %u segments malformed or with a wrong "
			   "checksum",
			   hls[k], covered, 3 * MSS, wrong, bad);
	}
}

/*
 * D-c75bdcea: with MTU negotiated (and no receive segmentation offload), no
 * frame is handed to the driver with gso_type NONE above mtu plus the
 * Ethernet header: a looped TCPv4 GSO frame 100 bytes above it comes back in
 * segments that each fit. Receive buffers have room for the whole frame,
 * so a device that hands it on whole can.
 */
static void rx_mtu_bound(struct vct_ctx *c)
{
	static uint8_t f[65535 + 256];
	uint8_t hdr[VCT_NET_HDR] = { 0 };
	struct ours o = { 6, 0x7e70 };
	struct vct_net n;
	struct vct_net_rx rx;
	uint32_t len, plen, biggest = 0, frames = 0, over = 0;
	uint16_t mtu, mss;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_MTU, VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4), NULL);
	vct_c_config(c, 10, &mtu, 2);
	mtu = le16toh(mtu);
	if (mtu < 68 + 40 || mtu > 65535 - 100)
		vct_skip(c, "device: mtu %u leaves no room for a TCP segment, or for an IPv4 packet above it", mtu);
	mss = (uint16_t)(mtu - 40);
	plen = mss + 100u;	/* one full segment and a bit: 100 bytes above mtu whole */
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_HDR + 54 + plen + 64 + n.seed % 64);
	/* the loop first: a plain frame */
	len = vct_net_ip_frame(&n, f, 17, 0x7e7f, 100, 0);
	if (!round_trip(c, &n, f, len, NULL, 17, 0x7e7f, &rx))
		vct_skip(c, "device: an IPv4/UDP frame to the device's own address did not come back: its network does not "
			    "loop frames");
	len = vct_net_ip_frame(&n, f, 6, o.tag, plen, 0x18);
	make_partial(f, len, 6, hdr);
	hdr[1] = GSO_TCPV4;
	hdr[2] = 54;
	hdr[4] = (uint8_t)mss;
	hdr[5] = (uint8_t)(mss >> 8);
	vct_net_tx(c, &n, 0, f, len, hdr);
	for (;;) {
		uint32_t ulen = 0;
		struct vct_net_buf *b = vct_net_take(c, &n, 0, frames ? vct_net_quiet_ms(c) : c->timeout_ms, &ulen);
		uint32_t flen;

		if (!b)
			break;
		if (ulen < VCT_NET_HDR || ulen > b->size)
			continue;	/* other checks judge used lengths */
		flen = ulen - VCT_NET_HDR;
		if (!is_ours(b->va + VCT_NET_HDR, flen, &o))
			continue;
		frames++;
		if ((b->va[1] & 0x7f) == 0 && flen > biggest)
			biggest = flen;
		over += (b->va[1] & 0x7f) == 0 && flen > mtu + 14u;
	}
	if (!frames)
		vct_skip(c, "device: no part of the TCPv4 GSO frame (%u bytes) came back", len);
	vct_report(c, !over, "frames received with gso_type NONE, MTU negotiated",
		   "none above mtu plus the 14-byte Ethernet header",
		   "mtu %u: %u of %u frames above %u bytes, the biggest %u bytes", mtu, over, frames, mtu + 14u, biggest);
}

/*
 * A VXLAN frame from and to the device's own address: outer IPv4 and UDP
 * (source port @tag, destination 4789, checksum 0, which IPv4 allows),
 * VXLAN, inner Ethernet, IPv4 and TCP (ACK, PSH) with @plen payload bytes,
 * the inner TCP checksum left partial. Returns its length; outer UDP at 34,
 * inner IPv4 at 64, inner TCP at 84, payload at 104.
 */
static uint32_t vxlan_frame(const struct vct_net *n, uint8_t *f, uint16_t tag, uint32_t plen)
{
	uint8_t inner[1024];
	uint32_t ilen = vct_net_ip_frame(n, inner, 6, tag, plen, 0x18), l4len, len = 50 + ilen;
	uint16_t ck;

	(void)vct_net_l4(inner, ilen, &l4len);
	put_be16(inner + 34 + 16, vct_net_fold(pseudo(inner, 6, l4len)));	/* inner checksum partial */
	memset(f, 0, 50);
	memcpy(f, n->mac, 6);
	memcpy(f + 6, n->mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	put_be16(f + 16, (uint16_t)(len - 14));
	put_be16(f + 18, tag);
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, (uint8_t[]){ 10, 0, 2, 15, 10, 0, 2, 16 }, 8);
	ck = (uint16_t)~vct_net_fold(vct_net_sum(f + 14, 20, 0));
	put_be16(f + 24, ck);
	put_be16(f + 34, tag);
	put_be16(f + 36, 4789);
	put_be16(f + 38, (uint16_t)(len - 34));
	f[42] = 0x08;		/* VXLAN: VNI valid, VNI 0x76 */
	f[48] = 0x76;
	memcpy(f + 50, inner, ilen);
	return len;
}

static bool is_tunnel_ours(const uint8_t *f, uint32_t len, const void *arg)
{
	uint16_t tag = *(const uint16_t *)arg;

	return len >= 42 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 17 && be16(f + 34) == tag;
}

/*
 * Send a VXLAN TCPv4 GSO frame (gso_type TCPV4 | UDP_TUNNEL_IPV4, offsets
 * set) with HOST_UDP_TUNNEL_GSO negotiated, and GUEST_UDP_TUNNEL_GSO when
 * @guest; 1 and @rx when (part of) it came back.
 */
static int tunnel_round(struct vct_ctx *c, struct vct_net *n, int guest, uint16_t tag, struct vct_net_rx *rx)
{
	uint8_t f[1024], hdr[VCT_NET_HDR_MAX] = { 0 };
	uint32_t len;

	if (guest == 2)	/* with GUEST_UDP_TUNNEL_GSO_CSUM */
		loop_up(c, n,
			VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_HOST_TSO6, VCT_NET_F_HOST_USO,
				     VCT_NET_F_HOST_UDP_TUNNEL_GSO, VCT_NET_F_GUEST_CSUM, VCT_NET_F_GUEST_TSO4, 8 /* GUEST_TSO6 */,
				     54 /* GUEST_USO4 */, 55 /* GUEST_USO6 */, VCT_NET_F_GUEST_UDP_TUNNEL_GSO,
				     66 /* GUEST_UDP_TUNNEL_GSO_CSUM */),
			VCT_NET_RXBUF);
	else if (guest)
		loop_up(c, n,
			VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_HOST_TSO6, VCT_NET_F_HOST_USO,
				     VCT_NET_F_HOST_UDP_TUNNEL_GSO, VCT_NET_F_GUEST_CSUM, VCT_NET_F_GUEST_TSO4, 8 /* GUEST_TSO6 */,
				     54 /* GUEST_USO4 */, 55 /* GUEST_USO6 */, VCT_NET_F_GUEST_UDP_TUNNEL_GSO),
			VCT_NET_RXBUF);
	else
		loop_up(c, n,
			VCT_NET_BITS(VCT_NET_F_CSUM, VCT_NET_F_HOST_TSO4, VCT_NET_F_HOST_TSO6, VCT_NET_F_HOST_USO,
				     VCT_NET_F_HOST_UDP_TUNNEL_GSO),
			VCT_NET_RXBUF);
	len = vxlan_frame(n, f, tag, 3 * MSS);
	hdr[0] = F_NEEDS_CSUM;
	hdr[1] = 0x21;		/* TCPV4 | UDP_TUNNEL_IPV4 */
	hdr[2] = 104;		/* hdr_len: up to the inner TCP header's end */
	hdr[4] = (uint8_t)MSS;
	hdr[6] = 84;		/* csum_start: the inner transport header */
	hdr[8] = 16;
	hdr[20] = 34;		/* outer_th_offset */
	hdr[22] = 64;		/* inner_nh_offset */
	vct_net_tx(c, n, 0, f, len, hdr);
	return vct_net_rx_wait(c, n, 0, c->timeout_ms, is_tunnel_ours, &tag, rx);
}

/* D-a642a044: without GUEST_UDP_TUNNEL_GSO, no received frame is a UDP tunnel GSO frame. */
static void rx_tunnel_unnegotiated(struct vct_ctx *c)
{
	struct vct_net_rx rx;
	struct vct_net n;

	if (!tunnel_round(c, &n, 0, 0x7e80, &rx))
		vct_skip(c, "device: no part of the VXLAN GSO frame came back (its network, or its segmentation, did not return it)");
	vct_report(c, (rx.hdr[1] & 0x7f) == 0 || !(rx.hdr[1] & 0x60),
		   "gso_type of a received VXLAN frame, GUEST_UDP_TUNNEL_GSO not negotiated",
		   "no UDP tunnel GSO: segmented before it reaches the driver", "gso_type 0x%02x", rx.hdr[1]);
}

/*
 * D-155e032e, D-d1a84206, D-423407f5, D-d862b043: with GUEST_UDP_TUNNEL_GSO
 * (and not _CSUM), a VXLAN TCPv4 GSO frame that comes back unsegmented
 * carries UDP_TUNNEL_IPV4 (its inner header is IPv4), outer_th_offset and
 * inner_nh_offset at its outer UDP and inner IPv4 headers, and an outer UDP
 * header that needs no checksum offload (no UDP_TUNNEL_CSUM, the outer
 * checksum 0 or complete).
 */
static void rx_tunnel_gso(struct vct_ctx *c)
{
	const char *id = c->check->stmt;
	struct vct_net_rx rx;
	struct vct_net n;
	uint16_t oth, inh, ock;

	if (!tunnel_round(c, &n, 1, 0x7e90, &rx))
		vct_skip(c, "device: the VXLAN GSO frame did not come back");
	if (!(rx.hdr[1] & 0x60) || !(rx.hdr[1] & 0x1f))
		vct_skip(c, "device: the VXLAN frame came back segmented (gso_type 0x%02x, which is allowed): no tunnel GSO "
			    "frame to judge", rx.hdr[1]);
	oth = (uint16_t)(rx.hdr[20] | rx.hdr[21] << 8);
	inh = (uint16_t)(rx.hdr[22] | rx.hdr[23] << 8);
	ock = rx.flen >= 42 ? be16(rx.frame + 40) : 0;
	if (!strcmp(id, "D-155e032e"))
		vct_report(c, (rx.hdr[1] & 0x60) == 0x20, "tunnel bits of a received VXLAN GSO frame with an inner IPv4 header",
			   "VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4 (0x20) alone", "gso_type 0x%02x", rx.hdr[1]);
	else if (!strcmp(id, "D-d1a84206"))
		vct_report(c, oth == 34 && inh == 64, "outer_th_offset and inner_nh_offset of a received VXLAN GSO frame",
			   "34 (outer UDP) and 64 (inner IPv4)", "%u and %u", oth, inh);
	else if (!strcmp(id, "D-d862b043"))
		vct_report(c, !(rx.hdr[0] & 8), "flags of a received VXLAN GSO frame, GUEST_UDP_TUNNEL_GSO_CSUM not negotiated",
			   "VIRTIO_NET_HDR_F_UDP_TUNNEL_CSUM (8) clear: no outer checksum offload", "flags 0x%02x", rx.hdr[0]);
	else {
		uint32_t ulen = rx.flen >= 42 ? be16(rx.frame + 38) : 0;
		bool whole = ulen >= 8 && 34 + ulen <= rx.flen &&
			     vct_net_fold(vct_net_sum(rx.frame + 34, ulen, vct_net_sum(rx.frame + 26, 8, 17 + ulen))) == 0xffff;

		vct_report(c, !(rx.hdr[0] & 8) && (ock == 0 || whole),
			   "outer UDP header of a received VXLAN GSO frame (no GUEST_UDP_TUNNEL_GSO_CSUM)",
			   "needs no checksum offload: checksum 0 or complete, UDP_TUNNEL_CSUM clear",
			   "flags 0x%02x, outer UDP checksum 0x%04x (%s)", rx.hdr[0], ock, whole ? "complete" : "not complete");
	}
}

/*
 * D-c8333822, D-1edd4ffd: with GUEST_UDP_TUNNEL_GSO_CSUM, a received VXLAN
 * GSO frame flagged UDP_TUNNEL_CSUM holds the outer pseudo-header sum in its
 * outer UDP checksum; one not flagged holds 0 or a complete checksum.
 */
static void rx_tunnel_csum(struct vct_ctx *c)
{
	bool flagged_row = !strcmp(c->check->stmt, "D-c8333822");
	struct vct_net_rx rx;
	struct vct_net n;
	uint32_t ulen;
	uint16_t ock, ps;
	bool whole;

	if (!tunnel_round(c, &n, 2, 0x7ea0, &rx))
		vct_skip(c, "device: the VXLAN GSO frame did not come back");
	if (!(rx.hdr[1] & 0x60) || !(rx.hdr[1] & 0x1f) || rx.flen < 42)
		vct_skip(c, "device: the VXLAN frame came back segmented (gso_type 0x%02x, which is allowed): no tunnel GSO "
			    "frame to judge", rx.hdr[1]);
	if (!(rx.hdr[0] & 8) == flagged_row)
		vct_skip(c, "device: UDP_TUNNEL_CSUM is %s (its choice): the statement covers the other case",
			 (rx.hdr[0] & 8) ? "set" : "clear");
	ock = be16(rx.frame + 40);
	ulen = be16(rx.frame + 38);
	ps = vct_net_fold(vct_net_sum(rx.frame + 26, 8, 17 + ulen));
	whole = ulen >= 8 && 34 + ulen <= rx.flen &&
		vct_net_fold(vct_net_sum(rx.frame + 34, ulen, vct_net_sum(rx.frame + 26, 8, 17 + ulen))) == 0xffff;
	if (flagged_row)
		vct_report(c, ock == ps || ((ock | ps) == 0xffff && (ock == 0 || ps == 0)),
			   "outer UDP checksum of a received VXLAN GSO frame flagged UDP_TUNNEL_CSUM",
			   "the outer pseudo-header sum", "0x%04x; the pseudo-header sum is 0x%04x", ock, ps);
	else
		vct_report(c, ock == 0 || whole, "outer UDP checksum of a received VXLAN GSO frame not flagged UDP_TUNNEL_CSUM",
			   "0 or complete", "0x%04x, not complete", ock);
}

#define ROW(nm, id, fn) VCT_CHECK("net." nm, id, fn, .type = VCT_ID_NET)

static const struct vct_check checks[] = {
	ROW("rx_needs_csum_validated", "D-f1bb853c", rx_bad_csum),
	ROW("rx_data_valid_validated", "D-b3afff2d", rx_bad_csum),
	ROW("tx_csum_not_trusted", "D-2d8027eb", rx_bad_csum),
	ROW("rx_partial_pseudo", "D-c9cb0c37", rx_partial),
	ROW("rx_partial_completes", "D-a2941189", rx_partial),
	ROW("rx_gso_ecn", "D-315054c4", rx_gso_ecn),
	ROW("rx_gso_hdr_len", "D-157cb3be", rx_gso_hdr_len),
	ROW("rx_rsc_info", "D-60c48106", rx_rsc_info),
	ROW("tx_tso_hdr_len", "D-546226bc", tx_tso_hdr_len),
	ROW("rx_mtu_bound", "D-c75bdcea", rx_mtu_bound),
	ROW("rx_tunnel_unnegotiated", "D-a642a044", rx_tunnel_unnegotiated),
	ROW("rx_tunnel_type", "D-155e032e", rx_tunnel_gso),
	ROW("rx_tunnel_offsets", "D-d1a84206", rx_tunnel_gso),
	ROW("rx_tunnel_outer_csum", "D-423407f5", rx_tunnel_gso),
	ROW("rx_tunnel_no_csum_offload", "D-d862b043", rx_tunnel_gso),
	ROW("rx_tunnel_csum_pseudo", "D-c8333822", rx_tunnel_csum),
	ROW("rx_tunnel_csum_unflagged", "D-1edd4ffd", rx_tunnel_csum),
};

VCT_SUITE(vct_suite_net_offload, "net", checks);
