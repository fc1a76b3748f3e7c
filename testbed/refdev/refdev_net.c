/* SPDX-License-Identifier: MIT */
/*
 * refdev: the network device. Two receiveq/transmitq pairs (automatic
 * steering once VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET enables the second) and a
 * control queue with the receive modes, MAC filter tables, VLAN filter,
 * announce acknowledgement, multiqueue and notification coalescing classes;
 * mergeable receive buffers; speed and duplex.
 *
 * Its network is a gateway at 10.0.2.2 (as QEMU's user network has): an
 * ARP request for it is answered to the request's Ethernet source, VLAN
 * tag kept; any other frame comes back as it was sent (a loopback). What
 * comes back passes the receive filters first, as a frame from the wire
 * would.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) so that it sees the device's state and DMA
 * helpers without making them public. Built on its own it is empty.
 */
#ifdef RD_NET_IMPL

#define NET_F_CSUM		0
#define NET_F_GUEST_CSUM	1
#define NET_F_MTU		3
#define NET_F_GUEST_TSO4	7
#define NET_F_GUEST_ECN		9
#define NET_F_HOST_TSO4		11
#define NET_F_HOST_ECN		13
#define NET_F_MAC		5
#define NET_F_MRG_RXBUF		15
#define NET_F_STATUS		16
#define NET_F_CTRL_VQ		17
#define NET_F_CTRL_RX		18
#define NET_F_CTRL_VLAN		19
#define NET_F_CTRL_RX_EXTRA	20
#define NET_F_GUEST_ANNOUNCE	21
#define NET_F_MQ		22
#define NET_F_CTRL_MAC_ADDR	23
#define NET_F_DEVICE_STATS	50
#define NET_F_HASH_TUNNEL	51
#define NET_F_VQ_NOTF_COAL	52
#define NET_F_NOTF_COAL		53
#define NET_F_HASH_REPORT	57
#define NET_F_RSS		60
#define NET_F_RSC_EXT		61
#define NET_F_SPEED_DUPLEX	63
#define NET_F_RSS_CONTEXT	64
#define NET_F_GUEST_UDP_TUNNEL_GSO 65
#define NET_F_GUEST_UDP_TUNNEL_GSO_CSUM 66
#define NET_F_HOST_UDP_TUNNEL_GSO 67
#define NET_F_GUEST_TSO6	8
#define NET_F_GUEST_USO4	54
#define NET_F_GUEST_USO6	55
#define NET_HDR_F_UDP_TUNNEL_CSUM 8
#define NET_F_OUT_NET_HEADER	69
#define NET_F_IPSEC		70
#define NET_F_HOST_TSO6		12
#define NET_F_HOST_USO		56
#define NET_HDR_F_NEEDS_CSUM	1
#define NET_HDR_F_DATA_VALID	2
#define NET_HDR_F_RSC_INFO	4
#define NET_S_ANNOUNCE		2
#define NET_HDR_LEN		32	/* the longest virtio_net_hdr (net_hdr_len: the negotiated one) */
#define NET_MAX_FRAME		65550
#define NET_MTU			1500

#define NET_OK			0
#define NET_ERR			1

/* Offered, besides the transport's: the refdev_types row uses it. */
#define NET_FEATURES                                                                                      \
	(BIT(NET_F_MTU) | BIT(NET_F_MAC) | BIT(NET_F_STATUS) | BIT(NET_F_CTRL_VQ) | BIT(NET_F_GUEST_ANNOUNCE) | \
	 BIT(NET_F_MQ) | BIT(NET_F_MRG_RXBUF) | BIT(NET_F_CTRL_RX) | BIT(NET_F_CTRL_VLAN) |                   \
	 BIT(NET_F_CTRL_RX_EXTRA) | BIT(NET_F_CTRL_MAC_ADDR) | BIT(NET_F_SPEED_DUPLEX) | BIT(NET_F_NOTF_COAL) | \
	 BIT(NET_F_VQ_NOTF_COAL) | BIT(NET_F_DEVICE_STATS) | BIT(NET_F_RSS) | BIT(NET_F_HASH_TUNNEL) |            \
	 BIT(NET_F_CSUM) | BIT(NET_F_GUEST_CSUM) | BIT(NET_F_GUEST_TSO4) | BIT(NET_F_GUEST_ECN) |                   \
	 BIT(NET_F_HOST_TSO4) | BIT(NET_F_HOST_ECN) | BIT(NET_F_RSC_EXT) | BIT(NET_F_HOST_TSO6) | BIT(NET_F_HOST_USO) | \
	 BIT(NET_F_GUEST_TSO6) | BIT(NET_F_GUEST_USO4) | BIT(NET_F_GUEST_USO6))
/* Offered in the second feature word (bits 64..127): BIT(n - 64). */
#define NET_FEATURES_HI                                                                                    \
	(BIT(NET_F_RSS_CONTEXT - 64) | BIT(NET_F_GUEST_UDP_TUNNEL_GSO - 64) | BIT(NET_F_GUEST_UDP_TUNNEL_GSO_CSUM - 64) | \
	 BIT(NET_F_HOST_UDP_TUNNEL_GSO - 64) | BIT(NET_F_IPSEC - 64))
#define NET_RSS_CTX_MAX		4	/* max_rss_contexts */
#define NET_TUNNEL_GRE_2784	(1u << 0)
#define NET_TUNNEL_IPIP		(1u << 7)
#define NET_TUNNELS		(NET_TUNNEL_GRE_2784 | NET_TUNNEL_IPIP)	/* supported_tunnel_types */

/*
 * Receive header corruptions, one quirk each: the bits a device sets in a
 * received frame's header although nothing negotiated allows them.
 */
static const struct {
	enum rd_quirk q;
	uint8_t flags, gso_type;
} net_rx_hdr_quirks[] = {
	{ Q_NET_RX_FLAGS_DATA_VALID, 2, 0 },	/* VIRTIO_NET_HDR_F_DATA_VALID without GUEST_CSUM */
	{ Q_NET_RX_GSO_TCPV4, 0, 1 },
	{ Q_NET_RX_GSO_UDP, 0, 3 },
	{ Q_NET_RX_GSO_TCPV6, 0, 4 },
	{ Q_NET_RX_GSO_UDP_L4, 0, 5 },
	{ Q_NET_RX_GSO_TUNNEL, 3, 0x21 },	/* NEEDS_CSUM | DATA_VALID, TCPV4 in a UDP tunnel over IPv4 */
	{ Q_NET_RX_GSO_ECN, 1, 0x81 },		/* TCPV4 with ECN, NEEDS_CSUM */
	{ Q_NET_RX_TUNNEL_CSUM, 8, 0 },
	{ Q_NET_RX_RSC_INFO, 4, 0 },
	{ Q_NET_RX_SECURITY, 16, 0 },
	{ Q_NET_RX_SECURITY_ERR, 32, 0 },
};

static const uint8_t net_gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

/* refdev_netadm.c: the flow filter's part of receiving a frame (the pairs it goes to, one bit each). */
static uint8_t netadm_rx(const struct refdev *d, const uint8_t *f, uint32_t len, bool accepted, uint8_t steer);
static const uint8_t net_gw_ip[4] = { 10, 0, 2, 2 };

static bool net_mac_in(const uint8_t (*tab)[6], unsigned int n, const uint8_t *mac)
{
	for (unsigned int i = 0; i < n; i++)
		if (!memcmp(tab[i], mac, 6))
			return true;
	return false;
}

/* Queue roles: receiveqN at 2(N-1), transmitqN at 2(N-1)+1, controlq at 2N with MQ or RSS, else at 2. */
static unsigned int net_ctrl_qi(const struct refdev *d)
{
	return NEG(d, NET_F_MQ) || NEG(d, NET_F_RSS) ? 2 * NET_MAX_PAIRS : 2;
}

static bool net_is_tx(const struct refdev *d, unsigned int qi)
{
	return qi < net_ctrl_qi(d) && (qi & 1);
}

/*
 * Whether a frame arriving from the network reaches the driver, under the
 * modes and tables the control queue set (the quirks each break one rule).
 */
static bool net_accept(const struct refdev *d, const uint8_t *f, uint32_t len)
{
	const struct rd_net *n = &d->net;
	const uint8_t *dst = f;
	bool bcast, mcast;

	if (len < 14)
		return false;
	bcast = !memcmp(dst, "\xff\xff\xff\xff\xff\xff", 6);
	mcast = !bcast && (dst[0] & 1);
	if (n->promisc && !QK(d, Q_NET_PROMISC_IGNORED) &&
	    !(QK(d, Q_NET_NOUNI_BEATS_PROMISC) && n->nouni && !bcast && !mcast))
		return true;
	if (QK(d, Q_NET_RX_FILTER_NONE))
		return true;
	if (f[12] == 0x81 && f[13] == 0x00 && len >= 18) {
		uint16_t vid = (uint16_t)(((f[14] << 8) | f[15]) & 0xfff);
		bool listed = (n->vlan[vid / 64] >> (vid % 64)) & 1;

		if (QK(d, Q_NET_VLAN_TABLE_IGNORED) && NEG(d, NET_F_CTRL_VLAN))
			return false;
		if ((NEG(d, NET_F_CTRL_VLAN) || QK(d, Q_NET_VLAN_FILTER_ALWAYS)) && !listed)
			return false;
	}
	if (bcast) {
		if (n->nobcast && !(QK(d, Q_NET_ALLMULTI_BEATS_NOBCAST) && n->allmulti))
			return false;
		return !(QK(d, Q_NET_NOMULTI_DROPS_BCAST) && n->nomulti);
	}
	if (mcast) {
		if (n->nomulti && !(QK(d, Q_NET_ALLMULTI_BEATS_NOMULTI) && n->allmulti))
			return false;
		return (n->allmulti && !QK(d, Q_NET_ALLMULTI_IGNORED)) || net_mac_in(n->mc, n->nmc, dst);
	}
	if (n->nouni && !(QK(d, Q_NET_ALLUNI_BEATS_NOUNI) && n->alluni))
		return false;
	if (n->alluni && !QK(d, Q_NET_ALLUNI_IGNORED))
		return true;
	return !memcmp(dst, d->devcfg, 6) || net_mac_in(n->uc, n->nuc, dst);
}

/* What the network answers to frame @p: an ARP reply from the gateway, or the frame itself. */
static uint32_t net_answer(const uint8_t *p, uint32_t len, uint8_t *out)
{
	unsigned int tag = len >= 18 && p[12] == 0x81 && p[13] == 0x00 ? 4 : 0;
	const uint8_t *a = p + 14 + tag;

	if (len >= 14 + tag + 28 && a[-2] == 0x08 && a[-1] == 0x06 && a[6] == 0 && a[7] == 1 &&
	    !memcmp(a + 24, net_gw_ip, 4)) {
		uint8_t *r = out + 14 + tag;

		memset(out, 0, 60 + tag);
		memcpy(out, p + 6, 6);		/* to the request's Ethernet source */
		memcpy(out + 6, net_gw_mac, 6);
		memcpy(out + 12, p + 12, 2 + tag);
		memcpy(r - 2, "\x08\x06", 2);
		memcpy(r, "\x00\x01\x08\x00\x06\x04\x00\x02", 8);
		memcpy(r + 8, net_gw_mac, 6);
		memcpy(r + 14, net_gw_ip, 4);
		memcpy(r + 18, a + 8, 10);	/* the requester's hardware and protocol address */
		return 60 + tag;
	}
	memcpy(out, p, len);
	return len;
}

static void net_backlog_clear(struct refdev *d)
{
	struct rd_net *n = &d->net;

	for (unsigned int i = 0; i < n->count; i++) {
		free(n->bl[(n->head + i) % NET_BACKLOG].p);
		n->bl[(n->head + i) % NET_BACKLOG].p = NULL;
	}
	n->head = n->count = 0;
}

/* Device reset: everything the control queue set goes back to the defaults (promiscuous, as QEMU starts). */
static void net_reset(struct refdev *d)
{
	struct rd_net *n = &d->net;
	uint8_t uc[NET_MAC_TABLE][6];
	unsigned int nuc = n->nuc;

	struct net_coal tx = n->tx, rx = n->rx, vq[2 * NET_MAX_PAIRS];
	uint8_t rss_ctx = n->rss_ctx;

	net_backlog_clear(d);
	memcpy(uc, n->uc, sizeof(uc));
	memcpy(vq, n->vq, sizeof(vq));
	memset(n, 0, sizeof(*n));
	if (QK(d, Q_NET_MAC_TABLE_KEPT)) {
		memcpy(n->uc, uc, sizeof(uc));
		n->nuc = nuc;
	}
	if (QK(d, Q_NET_COAL_KEPT)) {
		n->tx = tx;
		n->rx = rx;
		memcpy(n->vq, vq, sizeof(vq));
	}
	if (QK(d, Q_NET_RSS_CTX_KEPT))
		n->rss_ctx = rss_ctx;
	n->promisc = true;
	n->pairs = 1;
	memcpy(d->devcfg, d->devcfg0, 6);	/* the address MAC_ADDR_SET changed goes back to the host's (as QEMU does) */
	if (QK(d, Q_NET_MTU_DRIFTS))
		put16(d->devcfg + 10, (uint16_t)(get16(d->devcfg + 10) ^ 4));
}

/* A data queue was enabled (again): its coalescing parameters are the class-wide ones. */
static void net_queue_enabled(struct refdev *d, unsigned int qi)
{
	if (qi >= net_ctrl_qi(d) || QK(d, Q_NET_COAL_KEPT) || QK(d, Q_NET_COAL_VQ_KEPT))
		return;
	d->net.vq[qi] = (qi & 1) ? d->net.tx : d->net.rx;
}

/*
 * net-rx-csum-partial: the UDP checksum of a received IPv4 frame left as
 * checksum offload leaves it (the pseudo-header sum only), no flag saying so.
 */
static void net_rx_csum_partial(const struct refdev *d, uint8_t *p, uint32_t len)
{
	uint32_t sum = 0;

	if (!QK(d, Q_NET_RX_CSUM_PARTIAL) || len < 42 || p[12] != 0x08 || p[13] != 0x00 || p[23] != 17)
		return;
	for (int i = 26; i < 34; i += 2)	/* source and destination address */
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	sum += 17 + (uint32_t)(p[38] << 8 | p[39]);	/* protocol and UDP length */
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	p[40] = (uint8_t)(sum >> 8);
	p[41] = (uint8_t)sum;
}

/* The virtio_net_hdr as negotiated: up to padding_reserved_2, inner_nh_offset, padding_reserved or num_buffers. */
static uint32_t net_hdr_len(const struct refdev *d)
{
	if (NEG(d, NET_F_OUT_NET_HEADER) || NEG(d, NET_F_IPSEC))
		return 32;
	if (NEG(d, NET_F_HOST_UDP_TUNNEL_GSO) || NEG(d, NET_F_GUEST_UDP_TUNNEL_GSO))
		return 24;
	return NEG(d, NET_F_HASH_REPORT) ? 20 : 12;
}

static int net_write_hdr(struct refdev *d, const struct rd_chain *c, uint16_t num_buffers, const struct net_frame *f)
{
	uint8_t hdr[NET_HDR_LEN];

	memcpy(hdr, f->vh, NET_HDR_LEN);

	for (size_t i = 0; i < sizeof(net_rx_hdr_quirks) / sizeof(net_rx_hdr_quirks[0]); i++)
		if (QK(d, net_rx_hdr_quirks[i].q)) {
			hdr[0] |= net_rx_hdr_quirks[i].flags;
			hdr[1] |= net_rx_hdr_quirks[i].gso_type;
		}
	put16(hdr + 10, num_buffers);
	return chain_write(d, c, 0, hdr, net_hdr_len(d));
}

/*
 * One frame into one buffer (no MRG_RXBUF). 1: delivered (or dropped for
 * want of room), 0: no buffer yet, -1: fatal.
 */
static int net_rx_one(struct refdev *d, struct rd_queue *q, const struct net_frame *f)
{
	struct rd_chain c;
	int r = rd_pop(d, q, &c);

	if (r <= 0)
		return r < 0 ? -1 : 0;
	if (QK(d, Q_NET_HDR_SEPARATE) && c.wlen >= net_hdr_len(d)) {
		/* the header alone in this buffer, the frame in the next */
		if (net_write_hdr(d, &c, 1, f) || rd_complete(d, q, &c, net_hdr_len(d)))
			return -1;
		if (rd_pop(d, q, &c) <= 0)
			return 1;
		if (chain_write(d, &c, 0, f->p, f->len < c.wlen ? f->len : c.wlen) ||
		    rd_complete(d, q, &c, f->len < c.wlen ? f->len : (uint32_t)c.wlen))
			return -1;
		return 1;
	}
	if (c.wlen < net_hdr_len(d) + (uint64_t)f->len) {
		/* too small for the frame: keep the buffer, drop the frame */
		rd_unpop(d, q, &c);
		return 1;
	}
	if (net_write_hdr(d, &c, QK(d, Q_NET_NUM_BUFFERS_ZERO) ? 0 : 1, f) ||
	    chain_write(d, &c, net_hdr_len(d), f->p, f->len) ||
	    rd_complete(d, q, &c, net_hdr_len(d) + f->len + (QK(d, Q_NET_RX_LEN_FCS) ? 4 : 0)))
		return -1;
	d->net.packets[2 * f->pair]++;
	d->net.bytes[2 * f->pair] += f->len;
	return 1;
}

/*
 * One frame over as many buffers as it needs (MRG_RXBUF): each but the last
 * filled up, num_buffers in the first one's header, all used at once.
 */
static int net_rx_merged(struct refdev *d, struct rd_queue *q, unsigned int qi, const struct net_frame *f)
{
	struct {
		uint16_t head, ndesc;
		uint32_t written;
	} used[64];
	struct rd_seg *first = NULL;
	struct rd_chain c0 = { 0 };
	int ret = 1;
	uint32_t hl = net_hdr_len(d);
	uint64_t left = hl + (uint64_t)f->len, off = 0;
	unsigned int n = 0;

	while (left) {
		struct rd_chain c;
		uint8_t *stream;
		uint64_t take;
		int r;

		if (n == 64 || (r = rd_pop(d, q, &c)) == 0) {
			while (n--)	/* not enough buffers yet: give them back */
				rd_unpop(d, q, &(struct rd_chain){ .head = used[n].head, .ndesc = used[n].ndesc });
			free(first);
			return 0;
		}
		if (r < 0)
			goto fatal;
		take = c.wlen < left ? c.wlen : left;
		if (QK(d, Q_NET_MRG_PARTIAL) && take == c.wlen && take > hl + 1 && take < left)
			take--;	/* leaves the last byte of a buffer that is not the last one unused */
		if (!n) {
			/* the driver gives every buffer room for the header; the chain's segments outlive the next pop */
			if (c.wlen < hl || !(first = malloc(c.n * sizeof(*first))))
				goto fatal;
			memcpy(first, c.seg, c.n * sizeof(*first));
			c0 = c;
			c0.seg = first;
		}
		/* the header's bytes come from a staging copy written at the end */
		stream = malloc(take ? take : 1);
		if (!stream)
			goto fatal;
		for (uint64_t i = 0; i < take; i++) {
			uint64_t pos = off + i;

			stream[i] = pos < hl ? 0 : f->p[pos - hl];
		}
		r = chain_write(d, &c, 0, stream, take);
		free(stream);
		if (r)
			goto fatal;
		used[n].head = c.head;
		used[n].ndesc = c.ndesc;
		used[n].written = (uint32_t)take;
		n++;
		off += take;
		left -= take;
	}
	if (net_write_hdr(d, &c0, QK(d, Q_NET_MRG_NUM_BUFFERS_ONE) ? 1 : (uint16_t)n, f))
		goto fatal;
	for (unsigned int i = 0; i < n; i++) {
		struct rd_chain h = { .head = used[i].head, .ndesc = used[i].ndesc };

		if (QK(d, Q_NET_MRG_LATE_LAST) && n > 1 && i == n - 1) {
			d->net.late = (struct net_late){ true, h.head, h.ndesc, used[i].written, (uint8_t)qi };
			break;
		}
		if (rd_complete(d, q, &h, used[i].written + (QK(d, Q_NET_RX_LEN_FCS) && i == n - 1 ? 4 : 0)))
			goto fatal;
	}
	free(first);
	d->net.packets[qi]++;
	d->net.bytes[qi] += f->len;
	return ret;
fatal:
	free(first);
	return -1;
}

/*
 * A frame whose receive queue is being reset (VIRTIO_F_RING_RESET: reset and
 * not enabled again yet) while the device runs: automatic steering picks
 * another enabled receive queue of the pairs in use (D-ae561600) and drops
 * it when there is none (D-3fd51306); RSS drops it (D-71160ba7). False:
 * drop it. The quirks hold it for the queue instead, or choose wrongly.
 */
static bool net_steer_live(const struct refdev *d, struct net_frame *f)
{
	unsigned int pairs = d->net.rss ? NET_MAX_PAIRS : d->net.pairs;

	if (d->q[2u * f->pair].enabled || !(d->status & S_DRIVER_OK) || d->paused || d->unplugged ||
	    QK(d, Q_NET_RX_RESET_HELD))
		return true;
	if (d->net.rss && !QK(d, Q_NET_RSS_RESET_RESELECT))
		return false;
	if (QK(d, Q_NET_RX_RESET_NO_RESELECT))
		return false;
	for (unsigned int p = 0; p < pairs && p < NET_MAX_PAIRS; p++)
		if (d->q[2 * p].enabled) {
			f->pair = (uint8_t)p;
			return true;
		}
	return false;
}

static void net_deliver(struct refdev *d)
{
	struct rd_net *n = &d->net;

	while (n->count) {
		struct net_frame *f = &n->bl[n->head];
		unsigned int qi = 2u * f->pair;
		struct rd_queue *q = &d->q[qi];
		uint16_t old;
		int r;

		if (!net_steer_live(d, f)) {
			free(f->p);	/* its receive queue is being reset and none can take it: dropped */
			f->p = NULL;
			n->head = (n->head + 1) % NET_BACKLOG;
			n->count--;
			continue;
		}
		qi = 2u * f->pair;
		q = &d->q[qi];
		old = q->used_idx;
		if (!can_process(d, q))
			break;
		r = NEG(d, NET_F_MRG_RXBUF) ? net_rx_merged(d, q, qi, f) : net_rx_one(d, q, f);
		if (r < 0)
			rd_fatal(d, q);
		rd_batch_done(d, q, old);
		if (r <= 0)
			break;
		free(f->p);
		f->p = NULL;
		n->head = (n->head + 1) % NET_BACKLOG;
		n->count--;
	}
}

/* Toeplitz hash of @len bytes of @in under the RSS key. */
static uint32_t net_toeplitz(const struct rd_net *n, const uint8_t *in, unsigned int len)
{
	uint32_t h = 0, v = (uint32_t)n->rss_key[0] << 24 | n->rss_key[1] << 16 | n->rss_key[2] << 8 | n->rss_key[3];

	for (unsigned int i = 0; i < len; i++)
		for (int b = 7; b >= 0; b--) {
			if ((in[i] >> b) & 1)
				h ^= v;
			v = v << 1 | (i + 4 < NET_RSS_KEY ? (n->rss_key[i + 4] >> b) & 1 : 0);
		}
	return h;
}

/*
 * RSS: an IPv4 frame hashed over its addresses when VIRTIO_NET_HASH_TYPE_IPv4
 * is enabled goes where the indirection table says, anything else to the
 * unclassified queue. Returns the pair.
 */
static uint8_t net_rss(const struct refdev *d, const uint8_t *p, uint32_t len)
{
	const struct rd_net *n = &d->net;
	uint16_t vq = n->rss_unclassified;

	if (QK(d, Q_NET_RSS_UNCLASSIFIED_IGNORED))
		vq = 0;
	if ((n->rss_types & 1) && len >= 34 && p[12] == 0x08 && p[13] == 0x00) {
		/* the inner IPv4 header of a GRE (RFC 2784, no options) or IPIP packet whose type is enabled */
		const uint8_t *ip = p + 14, *in = NULL;
		uint32_t t = 0;

		if (ip[9] == 47 && len >= 14 + 20 + 4 + 20 && !ip[20] && !ip[21] && ip[22] == 0x08 && !ip[23]) {
			in = ip + 24;
			t = NET_TUNNEL_GRE_2784;
		} else if (ip[9] == 4 && len >= 14 + 40) {
			in = ip + 20;
			t = NET_TUNNEL_IPIP;
		}
		if (!in || !NEG(d, NET_F_HASH_TUNNEL) || !((n->tunnels & t) || QK(d, Q_NET_HASH_INNER_ANY)))
			in = ip;	/* no enabled encapsulation: the outer header */
		vq = n->rss_table[net_toeplitz(n, in + 12, 8) & n->rss_mask];
	}
	return (uint8_t)(vq / 2 < NET_MAX_PAIRS ? vq / 2 : 0);
}

/* The receive queue pair a frame sent on transmit queue pair @txp lands on. */
static uint8_t net_steer(const struct refdev *d, unsigned int txp, const uint8_t *p, uint32_t len)
{
	if (d->net.rss)
		return net_rss(d, p, len);
	if (QK(d, Q_NET_MQ_SPREAD) && NEG(d, NET_F_MQ)) {
		/* spread by a hash of the addresses over every queue the hardware has */
		uint32_t h = 0;

		for (uint32_t i = 0; i < len && i < 42; i++)
			h = h * 31 + p[i];
		return (uint8_t)(h % NET_MAX_PAIRS);
	}
	return txp < d->net.pairs ? (uint8_t)txp : 0;
}

/* ---- checksum and segmentation offloads (IPv4: TCP, UDP) ---------------- */

/* A frame for the driver: past the receive filters into the backlog, steered; @p is taken. */
static void net_enqueue(struct refdev *d, unsigned int qi, uint8_t *p, uint32_t len, const uint8_t *vh)
{
	struct rd_net *n = &d->net;
	struct net_frame *f;

	/* the MAC/VLAN filter, then the flow filter's rules (refdev_netadm.c), then steering */
	uint8_t pairs = netadm_rx(d, p, len, net_accept(d, p, len), net_steer(d, qi / 2, p, len));

	for (uint8_t pr = 0; pr < NET_MAX_PAIRS; pr++) {
		uint8_t *copy;

		if (!((pairs >> pr) & 1) || n->count == NET_BACKLOG)
			continue;	/* a full backlog drops, as a NIC would */
		copy = (pairs >> (pr + 1)) ? malloc(len ? len : 1) : p;	/* net-ff-*: a frame delivered twice */
		if (!copy)
			continue;
		if (copy != p)
			memcpy(copy, p, len);
		else
			p = NULL;
		f = &n->bl[(n->head + n->count) % NET_BACKLOG];
		*f = (struct net_frame){ copy, len, pr, { 0 } };
		memcpy(f->vh, vh, NET_HDR_LEN);
		n->count++;
	}
	free(p);
}

/* Offset of the TCP or UDP header of an IPv4 frame (0: not one), its protocol and length (from the IPv4 header). */
static uint32_t net_l4(const uint8_t *p, uint32_t len, uint8_t *proto, uint32_t *l4len)
{
	uint32_t ihl, tot;

	if (len < 34 || p[12] != 0x08 || p[13] != 0x00 || (p[14] >> 4) != 4 || (p[23] != 6 && p[23] != 17))
		return 0;
	ihl = (p[14] & 15u) * 4;
	tot = (uint32_t)(p[16] << 8 | p[17]);
	if (ihl < 20 || tot < ihl + (p[23] == 6 ? 20u : 8u) || 14 + tot > len)
		return 0;
	*proto = p[23];
	*l4len = tot - ihl;
	return 14 + ihl;
}

static uint32_t net_sum(const uint8_t *p, uint32_t n, uint32_t sum)
{
	for (uint32_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t net_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The L4 checksum field's offset from the L4 header. */
static uint32_t net_csum_field(uint8_t proto)
{
	return proto == 6 ? 16 : 6;
}

/* Whether the TCP/UDP checksum of an IPv4 frame is right (a UDP checksum of 0, none, is not). */
static bool net_l4_ok(const uint8_t *p, uint32_t len)
{
	uint8_t proto = 0;
	uint32_t l4len, l4 = net_l4(p, len, &proto, &l4len);

	if (!l4 || (proto == 17 && !p[l4 + 6] && !p[l4 + 7]))
		return false;
	return net_fold(net_sum(p + l4, l4len, net_sum(p + 26, 8, proto + l4len))) == 0xffff;
}

/* Complete a partial checksum: the sum from @start to @end stored, complemented, at @start + @off. */
static void net_csum_fill(uint8_t *p, uint32_t end, uint32_t start, uint32_t off)
{
	uint16_t ck;

	if (start >= end || start + off + 2 > end)
		return;
	ck = (uint16_t)~net_fold(net_sum(p + start, end - start, 0));
	p[start + off] = (uint8_t)(ck >> 8);
	p[start + off + 1] = (uint8_t)ck;
}

/* The L4 checksum of an IPv4 frame set to the pseudo-header sum, as a partial checksum leaves it. */
static void net_csum_pseudo(uint8_t *p, uint32_t l4, uint8_t proto, uint32_t l4len)
{
	uint16_t ps = net_fold(net_sum(p + 26, 8, proto + l4len));

	p[l4 + net_csum_field(proto)] = (uint8_t)(ps >> 8);
	p[l4 + net_csum_field(proto) + 1] = (uint8_t)ps;
}

/*
 * The header of a complete frame from the network: with GUEST_CSUM, DATA_VALID
 * when its TCP/UDP checksum was found right (the quirks set flags without
 * looking, or say a checksum was validated that was wrong).
 */
static void net_rx_flags(const struct refdev *d, uint8_t *p, uint32_t len, uint8_t *vh)
{
	uint8_t proto = 0;
	uint32_t l4len, l4 = net_l4(p, len, &proto, &l4len);

	memset(vh, 0, NET_HDR_LEN);
	if (!NEG(d, NET_F_GUEST_CSUM) || !l4)
		return;
	if (QK(d, Q_NET_RX_NEEDS_CSUM_UNCHECKED)) {
		/* quirk: handed on as partial, the checksum replaced by the pseudo-header sum unverified */
		net_csum_pseudo(p, l4, proto, l4len);
		vh[0] = NET_HDR_F_NEEDS_CSUM;
		put16(vh + 6, (uint16_t)l4);
		put16(vh + 8, (uint16_t)net_csum_field(proto));
		return;
	}
	if (net_l4_ok(p, len) || QK(d, Q_NET_RX_DATA_VALID_UNCHECKED) || QK(d, Q_NET_TX_CSUM_TRUSTED))
		vh[0] = NET_HDR_F_DATA_VALID;
}

/*
 * Segment a TCPv4 GSO frame: @hl header bytes copied in front of each
 * @mss-byte piece of the rest, lengths, identification, sequence numbers
 * and checksums fixed, CWR only on the first, FIN and PSH only on the last.
 * Each segment goes to the driver as a frame from the network.
 */
static void net_tso(struct refdev *d, unsigned int qi, const uint8_t *p, uint32_t len, uint32_t hl, uint16_t mss)
{
	uint8_t proto = 0;
	uint32_t l4len, l4 = net_l4(p, len, &proto, &l4len), seq;
	uint16_t id;

	(void)l4len;
	if (!l4 || proto != 6 || !mss || hl < l4 + 20 || hl >= len)
		return;
	seq = (uint32_t)p[l4 + 4] << 24 | (uint32_t)p[l4 + 5] << 16 | (uint32_t)p[l4 + 6] << 8 | p[l4 + 7];
	id = (uint16_t)(p[18] << 8 | p[19]);
	for (uint32_t at = hl, i = 0; at < len; at += mss, i++) {
		uint32_t part = len - at < mss ? len - at : mss, slen = hl + part, s;
		uint8_t *g = malloc(slen), vh[NET_HDR_LEN];
		uint16_t ck;

		if (!g)
			return;
		memcpy(g, p, hl);
		memcpy(g + hl, p + at, part);
		g[16] = (uint8_t)((slen - 14) >> 8);
		g[17] = (uint8_t)(slen - 14);
		g[18] = (uint8_t)((id + i) >> 8);
		g[19] = (uint8_t)(id + i);
		g[24] = g[25] = 0;
		ck = (uint16_t)~net_fold(net_sum(g + 14, l4 - 14, 0));
		g[24] = (uint8_t)(ck >> 8);
		g[25] = (uint8_t)ck;
		s = seq + (at - hl);
		g[l4 + 4] = (uint8_t)(s >> 24);
		g[l4 + 5] = (uint8_t)(s >> 16);
		g[l4 + 6] = (uint8_t)(s >> 8);
		g[l4 + 7] = (uint8_t)s;
		if (i)
			g[l4 + 13] &= (uint8_t)~0x80;	/* CWR */
		if (at + part < len)
			g[l4 + 13] &= (uint8_t)~0x09;	/* FIN, PSH */
		g[l4 + 16] = g[l4 + 17] = 0;
		ck = (uint16_t)~net_fold(net_sum(g + l4, slen - l4, net_sum(g + 26, 8, 6 + slen - l4)));
		g[l4 + 16] = (uint8_t)(ck >> 8);
		g[l4 + 17] = (uint8_t)ck;
		net_rx_flags(d, g, slen, vh);
		net_enqueue(d, qi, g, slen, vh);
	}
}

/*
 * A transmitted frame with checksum or segmentation offload (takes @p).
 * NEEDS_CSUM: the checksum from csum_start stored at csum_offset, as the
 * driver left it partial. gso_type TCPV4 (HOST_TSO4; ECN with HOST_ECN):
 * segmented at gso_size from the headers the frame itself has (never from
 * hdr_len, D-546226bc). What comes back through the loop keeps the offload
 * where the driver negotiated its receive side (GUEST_CSUM, GUEST_TSO4,
 * GUEST_ECN), else arrives complete.
 */
static void net_tx_offload(struct refdev *d, unsigned int qi, const uint8_t *hdr, uint8_t *p, uint32_t len)
{
	uint8_t gso = hdr[1], proto = 0, vh[NET_HDR_LEN] = { 0 };
	uint16_t start = get16(hdr + 6), off = get16(hdr + 8), mss = get16(hdr + 4);
	uint32_t l4len, l4 = net_l4(p, len, &proto, &l4len), hl;

	if (gso & 0x60) {
		/*
		 * A UDP tunnel GSO frame (HOST_UDP_TUNNEL_GSO). Refused, as they must be,
		 * with both tunnel bits (D-cbe2d394), or one with no NEEDS_CSUM, with
		 * DATA_VALID or with no inner type (D-d598ac79); the quirks send those on
		 * as plain frames. A well-formed one goes back unsegmented where the
		 * driver negotiated GUEST_UDP_TUNNEL_GSO, with its tunnel bit and
		 * offsets, the outer UDP checksum as sent (no outer checksum offload
		 * without GUEST_UDP_TUNNEL_GSO_CSUM); segmenting it is not modelled, so
		 * without that feature it is dropped.
		 */
		bool both = (gso & 0x60) == 0x60;
		bool bad = !(hdr[0] & NET_HDR_F_NEEDS_CSUM) || (hdr[0] & NET_HDR_F_DATA_VALID) || !(gso & 0x1f);

		if ((both && QK(d, Q_NET_TX_TUNNEL_BOTH_ACCEPTED)) || (!both && bad && QK(d, Q_NET_TX_TUNNEL_BAD_ACCEPTED))) {
			uint8_t *out = malloc(len + 64);
			uint32_t olen;

			if (!out)
				goto drop;
			olen = net_answer(p, len, out);	/* what the network makes of it, as of any plain frame */
			free(p);
			net_rx_flags(d, out, olen, vh);
			net_enqueue(d, qi, out, olen, vh);
			return;
		}
		if (both || bad || (!NEG(d, NET_F_GUEST_UDP_TUNNEL_GSO) && !QK(d, Q_NET_RX_TUNNEL_UNNEGOTIATED)))
			goto drop;
		memcpy(vh, hdr, 24);
		memset(vh + 10, 0, 2);	/* num_buffers: the receive side's own */
		if (QK(d, Q_NET_RX_TUNNEL_BIT_WRONG))
			vh[1] ^= 0x60;	/* quirk: the other IP version's bit */
		if (QK(d, Q_NET_RX_TUNNEL_OFFSETS_ZERO))
			memset(vh + 20, 0, 4);
		/*
		 * With GUEST_UDP_TUNNEL_GSO_CSUM the outer checksum is offloaded to the
		 * driver: UDP_TUNNEL_CSUM and the pseudo-header sum (D-c8333822); the
		 * quirks leave it 0 under the flag, or partial without it (D-1edd4ffd).
		 */
		if (NEG(d, NET_F_GUEST_UDP_TUNNEL_GSO_CSUM) && QK(d, Q_NET_RX_TUNNEL_CSUM_UNSET)) {
			vh[0] |= NET_HDR_F_UDP_TUNNEL_CSUM;
		} else if (QK(d, Q_NET_RX_TUNNEL_OUTER_PARTIAL) || QK(d, Q_NET_RX_TUNNEL_CSUM_FLAG) ||
			   NEG(d, NET_F_GUEST_UDP_TUNNEL_GSO_CSUM)) {
			/* quirks: the outer UDP checksum left to the driver (the pseudo-header sum), flagged or not */
			uint32_t ot = get16(hdr + 20), ulen = ot + 8 <= len ? (uint32_t)(p[ot + 4] << 8 | p[ot + 5]) : 0;

			if (ot + 8 <= len && ot >= 34) {
				uint16_t ps = net_fold(net_sum(p + ot - 8, 8, 17 + ulen));

				p[ot + 6] = (uint8_t)(ps >> 8);
				p[ot + 7] = (uint8_t)ps;
			}
			if (QK(d, Q_NET_RX_TUNNEL_CSUM_FLAG) ||
			    (NEG(d, NET_F_GUEST_UDP_TUNNEL_GSO_CSUM) && !QK(d, Q_NET_RX_TUNNEL_PARTIAL_UNFLAGGED)))
				vh[0] |= NET_HDR_F_UDP_TUNNEL_CSUM;
		}
		net_enqueue(d, qi, p, len, vh);
		return;
	}
	if (!(hdr[0] & NET_HDR_F_NEEDS_CSUM) || !NEG(d, NET_F_CSUM) || (uint32_t)start + off + 2 > len)
		goto drop;	/* offload the driver may not ask for, or a checksum outside the frame */
	if (!gso) {
		if (NEG(d, NET_F_GUEST_CSUM)) {
			/* handed on still partial: the driver completes it */
			vh[0] = NET_HDR_F_NEEDS_CSUM;
			put16(vh + 6, start);
			put16(vh + 8, (uint16_t)(QK(d, Q_NET_RX_CSUM_OFFSET_OFF) ? off + 2 : off));
			if (QK(d, Q_NET_RX_CSUM_NOT_PSEUDO))
				net_csum_fill(p, len, start, off);	/* quirk: the full checksum where the pseudo sum belongs */
			net_enqueue(d, qi, p, len, vh);
			return;
		}
		net_csum_fill(p, len, start, off);
		net_rx_flags(d, p, len, vh);
		net_enqueue(d, qi, p, len, vh);
		return;
	}
	if ((gso & 0x7f) != 1 || !NEG(d, NET_F_HOST_TSO4) || ((gso & 0x80) && !NEG(d, NET_F_HOST_ECN)) || !l4 ||
	    proto != 6 || !mss)
		goto drop;	/* only TCPv4 segmentation (with ECN when negotiated) is offered */
	hl = l4 + ((p[l4 + 12] >> 4) & 15u) * 4;
	if (QK(d, Q_NET_TX_TSO_HDR_LEN_TRUSTED))
		hl = get16(hdr + 2);	/* quirk: hdr_len taken for the header length */
	if (hl < l4 + 20 || hl >= len)
		goto drop;
	if (NEG(d, NET_F_GUEST_TSO4) && (!(gso & 0x80) || NEG(d, NET_F_GUEST_ECN))) {
		/* handed on unsegmented: partial checksum, the MSS, the headers' length */
		vh[0] = NET_HDR_F_NEEDS_CSUM;
		vh[1] = QK(d, Q_NET_RX_ECN_DROPPED) ? gso & 0x7f : gso;
		put16(vh + 2, (uint16_t)(QK(d, Q_NET_RX_HDR_LEN_ZERO) ? 0 : hl));
		put16(vh + 4, mss);
		put16(vh + 6, start);
		put16(vh + 8, off);
		if (NEG(d, NET_F_RSC_EXT) && !QK(d, Q_NET_RX_RSC_INFO_MISSING)) {
			/* coalescing reported: segments in csum_start, duplicate ACKs (none) in csum_offset */
			vh[0] |= NET_HDR_F_RSC_INFO;
			put16(vh + 6, (uint16_t)((len - hl + mss - 1) / mss));
			put16(vh + 8, 0);
		}
		net_enqueue(d, qi, p, len, vh);
		return;
	}
	if (QK(d, Q_NET_RX_OVER_MTU) && NEG(d, NET_F_MTU)) {
		/* quirk: the coalesced frame handed on whole, checksum completed, above the MTU */
		net_csum_fill(p, len, start, off);
		net_rx_flags(d, p, len, vh);
		net_enqueue(d, qi, p, len, vh);
		return;
	}
	net_tso(d, qi, p, len, hl, mss);
drop:
	free(p);
}

static int net_tx(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	struct rd_net *n = &d->net;
	uint8_t hdr[NET_HDR_LEN];
	uint64_t flen;
	uint8_t *p, *out;
	int r;

	*written = 0;
	memset(hdr, 0, sizeof(hdr));
	if (c->rlen < net_hdr_len(d) || c->rlen - net_hdr_len(d) > NET_MAX_FRAME)
		return 0;	/* malformed: consumed and dropped */
	r = chain_read(d, c, 0, hdr, net_hdr_len(d));
	if (r)
		return r;
	if (QK(d, Q_NET_TX_FLAG_STRICT) && (hdr[0] & ~7u))
		return -1;	/* quirk: unknown header flag is fatal */
	flen = c->rlen - net_hdr_len(d);
	if (QK(d, Q_NET_TX_HDR_LEN_TRUSTED) && get16(hdr + 2) && get16(hdr + 2) < flen)
		flen = get16(hdr + 2);	/* quirk: the frame cut to hdr_len */
	if (QK(d, Q_NET_TX_MTU_STRICT) && NEG(d, NET_F_MTU) && flen > get16(d->devcfg + 10))
		return 0;	/* quirk: the Ethernet header counted into the MTU: dropped */
	p = malloc(flen ? flen : 1);
	out = malloc(flen + 64);
	if (!p || !out) {
		free(p);
		free(out);
		return 0;
	}
	r = chain_read(d, c, net_hdr_len(d), p, flen);
	if (r) {
		free(p);
		free(out);
		return r;
	}
	if (QK(d, Q_NET_TX_CSUM_ALWAYS)) {
		/* quirk: checksums from csum_start into csum_start + csum_offset, NEEDS_CSUM or not */
		uint32_t start = get16(hdr + 6), at = start + get16(hdr + 8), sum = 0;

		for (uint32_t i = start; i < flen; i++)
			sum += (i - start) & 1 ? p[i] : (uint32_t)p[i] << 8;
		if (at + 1 < flen) {
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			p[at] = (uint8_t)(~sum >> 8);
			p[at + 1] = (uint8_t)~sum;
		}
	}
	n->packets[qi]++;
	n->bytes[qi] += flen;
	if (!hdr[1] && !(hdr[0] & NET_HDR_F_NEEDS_CSUM)) {
		uint8_t vh[NET_HDR_LEN];

		flen = net_answer(p, (uint32_t)flen, out);
		free(p);
		net_rx_csum_partial(d, out, (uint32_t)flen);
		net_rx_flags(d, out, (uint32_t)flen, vh);
		net_enqueue(d, qi, out, (uint32_t)flen, vh);
		return 0;
	}
	free(out);
	net_tx_offload(d, qi, hdr, p, (uint32_t)flen);	/* takes p */
	return 0;
}

/* VIRTIO_NET_CTRL_MAC_TABLE_SET: two tables, each le32 entries and that many addresses. */
static uint8_t net_mac_table(struct refdev *d, const uint8_t *b, uint64_t len)
{
	struct rd_net *n = &d->net;
	uint32_t nuc, nmc;

	if (len < 4 || (nuc = get32(b)) > NET_MAC_TABLE || len < 8 + 6ULL * nuc)
		return NET_ERR;
	nmc = get32(b + 4 + 6 * nuc);
	if (nmc > NET_MAC_TABLE || len != 8 + 6ULL * (nuc + nmc))
		return NET_ERR;
	memcpy(n->pend_uc, b + 4, 6 * nuc);
	memcpy(n->pend_mc, b + 8 + 6 * nuc, 6 * nmc);
	n->pend_nuc = nuc;
	n->pend_nmc = nmc;
	n->table_pending = true;
	return NET_OK;
}

static void net_apply_pending(struct refdev *d, bool table, bool addr)
{
	struct rd_net *n = &d->net;

	if (table && n->table_pending) {
		memcpy(n->uc, n->pend_uc, sizeof(n->uc));
		memcpy(n->mc, n->pend_mc, sizeof(n->mc));
		n->nuc = n->pend_nuc;
		n->nmc = n->pend_nmc;
		n->table_pending = false;
	}
	if (addr && n->addr_pending) {
		memcpy(d->devcfg, n->pend_addr, 6);
		n->addr_pending = false;
	}
}

static uint8_t net_ctrl_rx(struct refdev *d, uint8_t cmd, const uint8_t *b, uint64_t len)
{
	struct rd_net *n = &d->net;
	bool *mode[] = { &n->promisc, &n->allmulti, &n->alluni, &n->nomulti, &n->nouni, &n->nobcast };

	if (len != 1 || cmd > 5 || (cmd < 2 && !NEG(d, NET_F_CTRL_RX)) || (cmd >= 2 && !NEG(d, NET_F_CTRL_RX_EXTRA)))
		return NET_ERR;
	if ((cmd == 1 && QK(d, Q_NET_RX_ALLMULTI_UNSUPPORTED)) || (cmd == 5 && QK(d, Q_NET_RX_NOBCAST_UNSUPPORTED)))
		return NET_ERR;
	*mode[cmd] = b[0] != 0;
	return NET_OK;
}

static uint8_t net_ctrl_coal(struct refdev *d, uint8_t cmd, uint8_t *b, uint64_t len, const struct rd_chain *c,
			     uint32_t *extra)
{
	struct rd_net *n = &d->net;
	struct net_coal v;
	uint16_t vqi;

	if (cmd <= 1) {
		if (!NEG(d, NET_F_NOTF_COAL) || len != 8)
			return NET_ERR;
		v = (struct net_coal){ .frames = get32(b), .usecs = get32(b + 4) };
		if (!cmd && QK(d, Q_NET_COAL_TX_SET_IGNORED))
			return NET_OK;
		*(cmd ? &n->rx : &n->tx) = v;
		for (unsigned int i = cmd ? 0 : 1; i < net_ctrl_qi(d); i += 2)
			n->vq[i] = v;
		return NET_OK;
	}
	if (cmd > 3 || !NEG(d, NET_F_VQ_NOTF_COAL) || len != (cmd == 2 ? 12u : 4u))
		return NET_ERR;
	vqi = get16(b);
	if (get16(b + 2) && QK(d, Q_NET_COAL_RESERVED_CHECKED))
		return NET_ERR;
	if (!QK(d, Q_NET_COAL_ANY_VQ) && (vqi >= net_ctrl_qi(d) || !d->q[vqi].enabled))
		return NET_ERR;
	if (vqi >= 2 * NET_MAX_PAIRS)
		vqi = 0;	/* quirk net-coal-any-vq: stored somewhere all the same */
	if (cmd == 2) {
		if (!QK(d, Q_NET_COAL_VQ_SET_IGNORED))
			n->vq[vqi] = (struct net_coal){ .frames = get32(b + 4), .usecs = get32(b + 8) };
		return NET_OK;
	}
	/* VQ_GET: the parameters go into the writable part, before the ack */
	{
		uint8_t out[8];

		put32(out, n->vq[vqi].frames);
		put32(out + 4, n->vq[vqi].usecs);
		if (c->wlen != 9 || chain_write(d, c, 0, out, 8))
			return NET_ERR;
		*extra = 8;
	}
	return NET_OK;
}

/*
 * VIRTIO_NET_CTRL_MQ_RSS_CONFIG: hash types, indirection table, unclassified
 * queue, key; with @apply false only validated (an RSS context's parameters).
 */
static uint8_t net_rss_parse(struct refdev *d, const uint8_t *b, uint64_t len, bool apply)
{
	struct rd_net *n = &d->net;
	uint32_t types;
	uint16_t mask, entries;
	uint64_t at;
	uint8_t klen;

	if (!NEG(d, NET_F_RSS) || len < 10)
		return NET_ERR;
	types = get32(b);
	mask = get16(b + 4);
	entries = (uint16_t)(mask + 1);
	if ((types & ~1u) || entries > NET_RSS_TABLE || (entries & mask) || len < 8 + 2ULL * entries + 3)
		return NET_ERR;
	at = 8 + 2ULL * entries + 2;	/* past max_tx_vq */
	klen = b[at];
	if (klen > NET_RSS_KEY || len != at + 1 + klen)
		return NET_ERR;
	if (!apply)
		return NET_OK;
	n->rss_types = types;
	n->rss_mask = mask;
	n->rss_unclassified = get16(b + 6) * 2;
	for (uint16_t i = 0; i < entries; i++)
		n->rss_table[i] = get16(b + 8 + 2 * i) * 2;
	memset(n->rss_key, 0, sizeof(n->rss_key));
	memcpy(n->rss_key, b + at + 1, klen);
	n->rss = true;
	return NET_OK;
}

/*
 * VIRTNET_RSS_CTX_CTRL: CAP_GET (max_rss_contexts into the writable part),
 * ADD (a free id), MOD (an id in use), DEL of contexts 1..NET_RSS_CTX_MAX.
 * The contexts steer nothing here: no flow filter action names one.
 */
static uint8_t net_ctrl_rss_ctx(struct refdev *d, uint8_t cmd, const uint8_t *b, uint64_t len, const struct rd_chain *c,
				uint32_t *extra)
{
	struct rd_net *n = &d->net;
	uint16_t id;
	bool used;

	if (!NEG(d, NET_F_RSS_CONTEXT))
		return NET_ERR;
	if (cmd == 0) {
		uint8_t cap[2];

		if (len || c->wlen != 3)
			return NET_ERR;
		put16(cap, QK(d, Q_NET_RSS_CTX_MAX_ZERO) ? 0 : NET_RSS_CTX_MAX);
		if (chain_write(d, c, 0, cap, 2))
			return NET_ERR;
		*extra = 2;
		return NET_OK;
	}
	if (cmd > 3 || len < 2 || (id = get16(b)) < 1 || id > NET_RSS_CTX_MAX)
		return NET_ERR;
	used = (n->rss_ctx >> id) & 1;
	if (cmd == 3) {
		if (!used || len != 2)
			return NET_ERR;
		n->rss_ctx &= (uint8_t)~(1u << id);
		return NET_OK;
	}
	/* reserved[6] ignored; ADD needs a free id, MOD one in use */
	if ((cmd == 1) == used || len < 8 || net_rss_parse(d, b + 8, len - 8, false) != NET_OK)
		return NET_ERR;
	n->rss_ctx |= (uint8_t)(1u << id);
	return NET_OK;
}

#define STATS_CVQ	32
#define STATS_RX_BASIC	0
#define STATS_TX_BASIC	16

/* One statistics reply of @type for queue @vq at @out (room for 56 bytes): its size. */
static uint32_t net_stats_reply(const struct refdev *d, unsigned int type, uint16_t vq, uint8_t *out)
{
	const struct rd_net *n = &d->net;
	uint32_t size = type == STATS_CVQ ? 8 + 16 : 8 + 48;

	memset(out, 0, size);
	out[0] = (uint8_t)type;
	put16(out + 2, QK(d, Q_NET_STATS_VQ_INDEX_ZERO) ? 0 : vq);
	put16(out + 6, QK(d, Q_NET_STATS_SIZE_HDR_ONLY) ? 8 : (uint16_t)size);
	if (type == STATS_CVQ) {
		put64(out + 8, n->cmds);
		put64(out + 16, n->cmds_ok);
	} else {
		put64(out + 16, n->packets[vq]);	/* rx_packets / tx_packets */
		put64(out + 24, n->bytes[vq]);
	}
	return size;
}

/*
 * VIRTIO_NET_CTRL_STATS_QUERY (capabilities) and _GET (replies for a list of
 * queue and type requests, all valid or the command fails as a whole).
 */
static uint8_t net_ctrl_stats(struct refdev *d, uint8_t cmd, const uint8_t *b, uint64_t len, const struct rd_chain *c,
			      uint32_t *extra)
{
	uint8_t *res;
	uint64_t room = c->wlen - 1, at = 0;
	uint8_t ack = NET_OK;

	if (!NEG(d, NET_F_DEVICE_STATS) || cmd > 1)
		return NET_ERR;
	if (cmd == 0) {
		uint8_t caps[8];

		if (len || room < 8)
			return NET_ERR;
		put64(caps, (QK(d, Q_NET_STATS_QUERY_NO_BASIC) ? 0 : BIT(STATS_RX_BASIC)) | BIT(STATS_TX_BASIC) |
				    BIT(STATS_CVQ));
		if (chain_write(d, c, 0, caps, 8))
			return NET_ERR;
		*extra = 8;
		return NET_OK;
	}
	if (!len || len % 16)
		return NET_ERR;
	res = calloc(1, room + 64);
	if (!res)
		return NET_ERR;
	for (uint64_t e = 0; e < len; e += 16) {
		uint16_t vq = get16(b + e);
		uint64_t types = get64(b + e + 8);
		bool ctrl = vq == net_ctrl_qi(d), tx = net_is_tx(d, vq);
		uint64_t valid = ctrl ? BIT(STATS_CVQ) : tx ? BIT(STATS_TX_BASIC) : BIT(STATS_RX_BASIC);

		if (vq > net_ctrl_qi(d) || !types || (types & ~valid)) {
			if (QK(d, Q_NET_STATS_SKIP_INVALID))
				continue;	/* quirk: the bad request is left out, the rest answered */
			ack = NET_ERR;
			break;
		}
		if (at + 56 <= room + 64)
			at += net_stats_reply(d, ctrl ? STATS_CVQ : tx ? STATS_TX_BASIC : STATS_RX_BASIC, vq, res + at);
	}
	if (ack == NET_OK) {
		uint64_t n = QK(d, Q_NET_STATS_PAD_WRITE) ? room : at < room ? at : room;	/* quirk: zeroes to the end */

		if (chain_write(d, c, 0, res, n)) {
			free(res);
			return NET_ERR;
		}
		*extra = (uint32_t)n;
	}
	free(res);
	return ack;
}

static int net_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t buf[512], ack = NET_ERR, *b = buf + 2;	/* the longest command: RSS_CONFIG with its whole table */
	uint64_t len;
	uint32_t extra = 0;
	bool late_table = QK(d, Q_NET_MAC_TABLE_LATE), late_addr = QK(d, Q_NET_MAC_ADDR_LATE);
	int r;

	*written = 0;
	if (!c->wlen)
		return 0;
	net_apply_pending(d, late_table, late_addr);	/* quirks: what the previous command set lands only now */
	if (c->rlen >= 2 && c->rlen <= sizeof(buf)) {
		r = chain_read(d, c, 0, buf, c->rlen);
		if (r)
			return r;
		len = c->rlen - 2;
		switch (buf[0]) {
		case 0:	/* RX */
			ack = net_ctrl_rx(d, buf[1], b, len);
			break;
		case 1:	/* MAC */
			if (buf[1] == 0)
				ack = net_mac_table(d, b, len);
			else if (buf[1] == 1 && len == 6 && NEG(d, NET_F_CTRL_MAC_ADDR)) {
				memcpy(d->net.pend_addr, b, 6);
				d->net.addr_pending = true;
				ack = NET_OK;
			}
			break;
		case 2:	/* VLAN: ADD, DEL */
			if (NEG(d, NET_F_CTRL_VLAN) && buf[1] <= 1 && len == 2 && get16(b) < 4096) {
				uint16_t vid = get16(b);

				if (buf[1] == 0)
					d->net.vlan[vid / 64] |= 1ULL << (vid % 64);
				else
					d->net.vlan[vid / 64] &= ~(1ULL << (vid % 64));
				ack = NET_OK;
			}
			break;
		case 3:	/* ANNOUNCE: ACK clears the announce request */
			if (buf[1] == 0 && NEG(d, NET_F_GUEST_ANNOUNCE)) {
				if (!QK(d, Q_NET_ANNOUNCE_STICKY))
					put16(d->devcfg + 6, get16(d->devcfg + 6) & (uint16_t)~NET_S_ANNOUNCE);
				ack = NET_OK;
			}
			break;
		case 4:	/* MQ: VQ_PAIRS_SET, RSS_CONFIG */
			if (buf[1] == 0 && len == 2 && get16(b) >= 1 && get16(b) <= get16(d->devcfg + 8)) {
				d->net.pairs = get16(b);
				d->net.rss = false;
				ack = NET_OK;
			} else if (buf[1] == 1) {
				ack = net_rss_parse(d, b, len, true);
			}
			break;
		case 6:	/* NOTF_COAL */
			ack = net_ctrl_coal(d, buf[1], b, len, c, &extra);
			break;
		case 7:	/* HASH_TUNNEL_SET: enabled_tunnel_types */
			if (NEG(d, NET_F_HASH_TUNNEL) && buf[1] == 0 && len == 4 &&
			    (!(get32(b) & ~NET_TUNNELS) || QK(d, Q_NET_HASH_TUNNEL_ACCEPTS_ANY))) {
				d->net.tunnels = get32(b);
				ack = NET_OK;
			}
			break;
		case 9:	/* VIRTNET_RSS_CTX_CTRL */
			ack = net_ctrl_rss_ctx(d, buf[1], b, len, c, &extra);
			break;
		case 8:	/* STATS */
			d->net.cmds++;	/* this command included */
			d->net.cmds_ok++;
			ack = net_ctrl_stats(d, buf[1], b, len, c, &extra);
			d->net.cmds_ok -= ack != NET_OK;
			break;
		}
		if (buf[0] != 8) {
			d->net.cmds++;
			d->net.cmds_ok += ack == NET_OK;
		}
	}
	net_apply_pending(d, !late_table, !late_addr);
	/* the ack is the last writable byte, after whatever the command reads back */
	r = chain_write(d, c, c->wlen - 1, &ack, 1);
	if (r)
		return r;
	*written = extra + 1 == c->wlen ? extra + 1 : c->wlen == 1 ? 1 : extra;
	return 0;
}

/* net-mrg-late-last: the buffer the last delivery held back is used once the driver adds receive buffers. */
static void net_release_late(struct refdev *d)
{
	struct rd_net *n = &d->net;
	struct rd_chain h = { .head = n->late.head, .ndesc = n->late.ndesc };
	struct rd_queue *lq = &d->q[n->late.qi];
	uint16_t old = lq->used_idx;

	if (!n->late.held)
		return;
	n->late.held = false;
	if (rd_complete(d, lq, &h, n->late.written))
		rd_fatal(d, lq);
	rd_batch_done(d, lq, old);
}

static void net_queue(struct refdev *d, unsigned int qi)
{
	if (qi < net_ctrl_qi(d) && !(qi & 1))
		net_release_late(d);
	if (qi == net_ctrl_qi(d)) {
		rd_serve(d, qi, net_ctrl);
	} else if (net_is_tx(d, qi)) {
		rd_serve(d, qi, net_tx);
		if (QK(d, Q_NET_COAL_IGNORES_SUPPRESSION) && d->net.vq[qi].frames)
			irq_queue(d, &d->q[qi]);	/* quirk: coalescing fires whatever the driver suppressed */
	}
	net_deliver(d);
}

static void net_init(struct refdev *d)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	memcpy(d->devcfg, mac, 6);
	put16(d->devcfg + 6, 1);	/* VIRTIO_NET_S_LINK_UP */
	put16(d->devcfg + 8, QK(d, Q_NET_MQ_PAIRS_BAD) ? 0 : NET_MAX_PAIRS);
	put16(d->devcfg + 10, QK(d, Q_NET_MTU_SMALL) ? 60 : QK(d, Q_NET_MTU_LOW) ? 576 : NET_MTU);
	put32(d->devcfg + 12, QK(d, Q_NET_SPEED_BAD) ? 0x80000000u : 10000);	/* speed, Mbit/s */
	d->devcfg[16] = QK(d, Q_NET_DUPLEX_BAD) ? 2 : 1;			/* duplex */
	d->devcfg[17] = QK(d, Q_NET_RSS_KEY_SMALL) ? 32 : NET_RSS_KEY;	/* rss_max_key_size */
	put16(d->devcfg + 18, QK(d, Q_NET_RSS_TABLE_SMALL) ? 64 : NET_RSS_TABLE);
	put32(d->devcfg + 20, 1);						/* supported_hash_types: IPv4 */
	put32(d->devcfg + 24, NET_TUNNELS);					/* supported_tunnel_types */
	d->net.promisc = true;
	d->net.pairs = 1;
}

/* The features the device offers (net-ctrl-bits-no-ctrl-vq: features of a control queue without the queue). */
static void net_offer(const struct refdev *d, uint64_t *f)
{
	if (QK(d, Q_NET_CTRL_BITS_NO_CTRL_VQ)) {
		f[0] = (f[0] & ~(BIT(NET_F_CTRL_VQ) | BIT(NET_F_CTRL_RX) | BIT(NET_F_CTRL_VLAN) |
				 BIT(NET_F_GUEST_ANNOUNCE) | BIT(NET_F_MQ) | BIT(NET_F_CTRL_MAC_ADDR) |
				 BIT(NET_F_NOTF_COAL) | BIT(NET_F_VQ_NOTF_COAL) | BIT(NET_F_DEVICE_STATS) |
				 BIT(NET_F_RSS) | BIT(NET_F_HASH_TUNNEL))) |
		       BIT(NET_F_HASH_REPORT);
	}
}

static bool net_features_ok(struct refdev *d, const uint64_t *f)
{
	return !(feat_has(f, NET_F_MQ) && !feat_has(f, NET_F_CTRL_VQ));
}

#endif
