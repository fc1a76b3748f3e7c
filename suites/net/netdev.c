/* SPDX-License-Identifier: MIT */
/* The network device as the net checks drive it (netdev.h). */
#include "netdev.h"

#include <errno.h>
#include <string.h>


static uint32_t net_rand(struct vct_net *n)
{
	n->seed = n->seed * 1103515245u + 12345u;
	return n->seed >> 8;
}

/*
 * Data queue sizes: the device's maximum, half of it or a quarter, as the
 * seed says (a driver may use any size up to the maximum: power of 2 on a
 * split ring), never below 128, room for every receive buffer a check posts
 * split three ways.
 */
static void net_queue_sizes(struct vct_ctx *c, struct vct_net *n, unsigned int ndata)
{
	unsigned int shift = net_rand(n) % 3;

	for (unsigned int q = 0; q < ndata; q++) {
		uint16_t max = vct_dev_queue_size(c->vd, (uint16_t)q);

		if (max && !(max & (max - 1)) && (max >> shift) >= 128)
			n->b.qsizes[q] = (uint16_t)(max >> shift);
	}
}

static void net_up(struct vct_ctx *c, struct vct_net *n, const int *need, const int *drop, struct vct_admin *a)
{
	uint16_t max = 1;

	memset(n, 0, sizeof(*n));
	if (a) {
		vct_c_need_feature(c, VCT_F_ADMIN_VQ);
		n->b.admin = a;
	}
	/* the check's name seeds the driver's choices: each check its own, every run the same */
	n->seed = vct_sum(c->check->name, strlen(c->check->name));
	vct_dev_default_features(c->vd, n->b.features);
	if (a)
		vct_set(n->b.features, VCT_F_ADMIN_VQ);
	for (; need && *need >= 0; need++) {
		vct_c_need_feature(c, (unsigned int)*need);
		vct_set(n->b.features, (unsigned int)*need);
	}
	for (; drop && *drop >= 0; drop++)
		vct_clear(n->b.features, (unsigned int)*drop);
	n->b.features_set = true;
	if (vct_has(n->b.features, VCT_NET_F_MQ) || vct_has(n->b.features, VCT_NET_F_RSS)) {
		vct_c_negotiate(c, n->b.features);
		vct_c_config(c, 8, &max, 2);
		max = le16toh(max);
		vct_require(c, max >= 1 && max <= 0x8000, "max_virtqueue_pairs", "1 to 0x8000", "%u", max);
		if (max > VCT_NET_MAX_PAIRS)
			vct_skip(c, "device: max_virtqueue_pairs %u: vct sets up at most %u pairs (the controlq sits after all of them)",
				 max, VCT_NET_MAX_PAIRS);
	}
	n->pairs = max;
	/* the controlq follows max_virtqueue_pairs pairs with MQ or RSS, one pair without */
	n->ctrl = vct_has(n->b.features, VCT_NET_F_CTRL_VQ) ? (int)(2 * max) : -1;
	n->b.nq = n->ctrl >= 0 ? (unsigned int)n->ctrl + 1 : 2u * max;
	net_queue_sizes(c, n, 2u * max);
	vct_c_bringup(c, &n->b);
	/* the header grows with what was negotiated (device-types/net, struct virtio_net_hdr) */
	n->hdr = vct_has(c->vd->features, VCT_NET_F_OUT_NET_HEADER) || vct_has(c->vd->features, VCT_NET_F_IPSEC) ? 32
		 : vct_has(c->vd->features, VCT_NET_F_HOST_UDP_TUNNEL_GSO) ||
				 vct_has(c->vd->features, VCT_NET_F_GUEST_UDP_TUNNEL_GSO)
			 ? 24
		 : vct_has(c->vd->features, VCT_NET_F_HASH_REPORT) ? 20
								    : VCT_NET_HDR;
	/* which descriptor ids a buffer takes is the driver's choice too: not 0, 1, 2, ... */
	for (unsigned int q = 0; q < 2u * max; q++)
		(void)vct_vq_shuffle_free(n->b.vq[q], n->seed + q);
	if (vct_has(c->vd->features, VCT_NET_F_MAC))
		vct_c_config(c, 0, n->mac, 6);
	else
		memcpy(n->mac, (uint8_t[]){ 0x52, 0x54, 0x00, 0x76, 0x63, 0x74 }, 6);
}

void vct_net_up(struct vct_ctx *c, struct vct_net *n, const int *need, const int *drop)
{
	net_up(c, n, need, drop, NULL);
}

void vct_net_admin_up(struct vct_ctx *c, struct vct_net *n, struct vct_admin *a, const int *need)
{
	net_up(c, n, need, NULL, a);
}

/* Lay @len bytes at @iova out as 1 to 3 descriptors, as the seed says. */
static unsigned int net_split(struct vct_net *n, uint64_t iova, uint32_t len, bool write, struct vct_sg *sg)
{
	unsigned int k = len >= 24 ? 1 + net_rand(n) % 3 : 1;
	uint32_t off = 0;

	for (unsigned int i = 0; i < k; i++) {
		uint32_t part = i + 1 == k ? len - off : 1 + net_rand(n) % ((len - off) / 2);

		sg[i] = (struct vct_sg){ iova + off, part, write };
		off += part;
	}
	return k;
}

static void net_rx_post(struct vct_ctx *c, struct vct_net *n, unsigned int pair, uint32_t size)
{
	struct vct_vq *vq = n->b.vq[2 * pair];
	struct vct_net_buf *rb = &n->bufs[n->nbufs++ % VCT_NET_BUFS];
	unsigned int off = net_rand(n) % 8;	/* any alignment: the driver's choice */
	struct vct_sg sg[3];
	unsigned int k;

	if (rb->posted)
		vct_abort(c, "more than %u receive buffers outstanding", VCT_NET_BUFS);
	rb->posted = true;
	rb->dma = vct_c_dma(c, size + off);
	rb->va = (uint8_t *)rb->dma->va + off;
	rb->size = size;
	memset(rb->va, 0xee, size);
	k = net_split(n, rb->dma->iova + off, size, true, sg);
	if (vct_vq_add(vq, sg, k, rb, 0) < 0)
		vct_abort(c, "cannot post a receive buffer on receiveq%u", pair + 1);
	vct_vq_notify(vq);
}

void vct_net_rx_fill(struct vct_ctx *c, struct vct_net *n, unsigned int pair, unsigned int count, uint32_t size)
{
	for (unsigned int i = 0; i < count; i++)
		net_rx_post(c, n, pair, size);
}

uint8_t vct_net_ctrl(struct vct_ctx *c, struct vct_net *n, uint8_t cls, uint8_t cmd, const void *data, size_t len,
		     void *out, size_t outlen)
{
	struct vct_dma_buf *in, *wr;
	struct vct_sg sg[6];
	unsigned int k = 0;
	uint32_t used = 0;
	uint8_t *p, ack;
	int head;

	if (n->ctrl < 0)
		vct_abort(c, "a control command without a control queue");
	in = vct_c_dma(c, 2 + len);
	wr = vct_c_dma(c, outlen + 1);
	p = in->va;
	p[0] = cls;
	p[1] = cmd;
	if (len)
		memcpy(p + 2, data, len);
	memset(wr->va, 0xee, outlen + 1);
	/* class and command alone, or with the data: the device may not assume either */
	if (len && net_rand(n) & 1) {
		sg[k++] = (struct vct_sg){ in->iova, 2, false };
		sg[k++] = (struct vct_sg){ in->iova + 2, (uint32_t)len, false };
	} else {
		sg[k++] = (struct vct_sg){ in->iova, (uint32_t)(2 + len), false };
	}
	if (outlen)
		sg[k++] = (struct vct_sg){ wr->iova, (uint32_t)outlen, true };
	sg[k++] = (struct vct_sg){ wr->iova + outlen, 1, true };
	head = vct_vq_add(n->b.vq[n->ctrl], sg, k, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a control command");
	vct_vq_notify(n->b.vq[n->ctrl]);
	vct_c_wait_used(c, n->b.vq[n->ctrl], (uint16_t)head, &used);
	ack = ((uint8_t *)wr->va)[outlen];
	if (outlen && out)
		memcpy(out, wr->va, outlen);
	return ack;
}

uint8_t vct_net_rx_mode(struct vct_ctx *c, struct vct_net *n, uint8_t cmd, bool on)
{
	uint8_t v = on;

	return vct_net_ctrl(c, n, VCT_NET_CTRL_RX, cmd, &v, 1, NULL, 0);
}

void vct_net_tx(struct vct_ctx *c, struct vct_net *n, unsigned int pair, const void *frame, uint32_t len,
		const uint8_t *hdr)
{
	struct vct_dma_buf *b = vct_c_dma(c, n->hdr + len);
	struct vct_vq *vq = n->b.vq[2 * pair + 1];
	struct vct_sg sg[4];
	unsigned int k = 0;
	uint32_t used;
	int head;

	if (hdr)
		memcpy(b->va, hdr, n->hdr);
	else
		memset(b->va, 0, n->hdr);
	memcpy((uint8_t *)b->va + n->hdr, frame, len);
	/* the header on its own or with the frame, the frame whole or in pieces */
	if (net_rand(n) & 1) {
		sg[k++] = (struct vct_sg){ b->iova, n->hdr, false };
		k += net_split(n, b->iova + n->hdr, len, false, sg + k);
	} else {
		sg[k++] = (struct vct_sg){ b->iova, n->hdr + len, false };
	}
	head = vct_vq_add(vq, sg, k, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a frame on transmitq%u", pair + 1);
	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)head, &used);
}

uint32_t vct_net_probe(uint8_t *f, const uint8_t to[6], uint16_t tag, int vid)
{
	unsigned int t = vid >= 0 ? 4 : 0;
	uint8_t *a = f + 14 + t;

	memset(f, 0, 64);
	memset(f, 0xff, 6);
	memcpy(f + 6, to, 6);
	if (t) {
		f[12] = 0x81;
		f[13] = 0x00;
		f[14] = (uint8_t)((vid >> 8) & 0x0f);
		f[15] = (uint8_t)vid;
	}
	a[-2] = 0x08;
	a[-1] = 0x06;
	memcpy(a, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);	/* Ethernet/IPv4 request */
	memcpy(a + 8, (uint8_t[]){ 0x02, 0x76, 0x63, 0x74, (uint8_t)(tag >> 8), (uint8_t)tag }, 6);
	memcpy(a + 14, (uint8_t[]){ 10, 0, 2, 15 }, 4);
	memcpy(a + 24, (uint8_t[]){ 10, 0, 2, 2 }, 4);
	return 60 + t;
}

/*
 * Whether frame @f (@len bytes) is ARP operation @op of probe @tag: its
 * answer (2, the reply addressed to the probe's sender) or the probe
 * itself (1, looped back).
 */
static bool net_is_arp_of(const uint8_t *f, uint32_t len, uint16_t tag, uint8_t op)
{
	unsigned int t = len >= 18 && f[12] == 0x81 && f[13] == 0x00 ? 4 : 0;
	const uint8_t *a = f + 14 + t;
	const uint8_t who[6] = { 0x02, 0x76, 0x63, 0x74, (uint8_t)(tag >> 8), (uint8_t)tag };

	return len >= 14 + t + 28 && a[-2] == 0x08 && a[-1] == 0x06 && a[6] == 0 && a[7] == op &&
	       !memcmp(op == 2 ? a + 18 : a + 8, who, 6);
}

/* Whether frame @f (@len bytes) is the answer to probe @tag. */
static bool net_is_answer(const uint8_t *f, uint32_t len, uint16_t tag)
{
	return net_is_arp_of(f, len, tag, 2);
}

struct vct_net_buf *vct_net_take(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms, uint32_t *len)
{
	struct vct_vq *vq = n->b.vq[2 * pair];
	struct vct_used_err e = { 0 };
	void *tok = NULL;
	uint16_t id;
	int r = vct_vq_wait_used(vq, ms, &id, len, &tok, &e);

	if (r == -ETIMEDOUT || r == 0)
		return NULL;
	vct_step_begin(c);
	vct_require(c, r == 1, "used entry of a receive buffer", "a valid used entry", "%s", e.why);
	vct_step_end(c);
	n->pending_at_take = vct_vq_pending(vq);
	((struct vct_net_buf *)tok)->posted = false;
	net_rx_post(c, n, pair, ((struct vct_net_buf *)tok)->size);	/* keep the queue stocked */
	return tok;
}

int vct_net_rx_wait(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms, vct_net_match match,
		    const void *arg, struct vct_net_rx *rx)
{
	bool mrg = vct_has(c->vd->features, VCT_NET_F_MRG_RXBUF);
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;

	for (;;) {
		uint64_t now = vct_now_ms();
		struct vct_net_buf *rb;
		uint32_t len = 0, nb = 1, got;

		if (now >= deadline)
			return 0;
		rb = vct_net_take(c, n, pair, (int)(deadline - now), &len);
		if (!rb)
			return 0;
		memset(rx, 0, sizeof(*rx));
		rx->pending_at_first = n->pending_at_take;
		rx->len[0] = len;
		rx->size[0] = rb->size;
		rx->nbuf = 1;
		memcpy(rx->hdr, rb->va, len < n->hdr ? len : n->hdr);
		got = len > n->hdr ? len - n->hdr : 0;
		if (got > sizeof(rx->frame))
			got = sizeof(rx->frame);
		memcpy(rx->frame, rb->va + n->hdr, got);
		rx->flen = got;
		if (mrg && len >= n->hdr) {
			nb = le16toh(*(uint16_t *)(rx->hdr + 10));
			if (nb > 16)
				nb = 16;	/* more than a small frame can need: the checks judge num_buffers */
		}
		/* the other buffers of the frame, as num_buffers says */
		while (rx->nbuf < nb) {
			struct vct_net_buf *more = vct_net_take(c, n, pair, c->timeout_ms, &len);
			uint32_t room = sizeof(rx->frame) - rx->flen;

			if (!more)
				break;
			rx->len[rx->nbuf] = len;
			rx->size[rx->nbuf] = more->size;
			rx->nbuf++;
			memcpy(rx->frame + rx->flen, more->va, len < room ? len : room);
			rx->flen += len < room ? len : room;
		}
		if (match(rx->frame, rx->flen, arg))
			return 1;
	}
}

static bool net_match_probe(const uint8_t *f, uint32_t len, const void *arg)
{
	return net_is_answer(f, len, *(const uint16_t *)arg);
}

int vct_net_rx_probe(struct vct_ctx *c, struct vct_net *n, unsigned int pair, uint16_t tag, int ms,
		     struct vct_net_rx *rx)
{
	return vct_net_rx_wait(c, n, pair, ms, net_match_probe, &tag, rx);
}

uint32_t vct_net_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

uint16_t vct_net_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

int vct_net_probe_round(struct vct_ctx *c, struct vct_net *n, const uint8_t to[6], uint16_t tag, int vid, int ms,
			struct vct_net_rx *rx)
{
	uint8_t f[64];
	uint32_t len = vct_net_probe(f, to, tag, vid);

	vct_net_tx(c, n, 0, f, len, NULL);
	return vct_net_rx_probe(c, n, 0, tag, ms, rx);
}

bool vct_net_is_answer(const uint8_t *f, uint32_t len, uint16_t tag)
{
	return net_is_answer(f, len, tag);
}

bool vct_net_is_probe_back(const uint8_t *f, uint32_t len, uint16_t tag)
{
	return net_is_arp_of(f, len, tag, 1);
}

bool vct_net_rx_any(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms)
{
	vct_req_wait_pending(c, n->b.vq[2 * pair], ms);
	return vct_vq_pending(n->b.vq[2 * pair]) > 0;
}

int vct_net_quiet_ms(const struct vct_ctx *c)
{
	/* an answer comes in tens of milliseconds even under TCG; one later than this is missed, never misjudged */
	return c->timeout_ms < 200 ? c->timeout_ms : 200;
}

uint32_t vct_net_l4(const uint8_t *f, uint32_t len, uint32_t *l4len)
{
	uint32_t ihl, tot;

	if (len < 34 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
		return 0;
	ihl = (f[14] & 15u) * 4;
	tot = (uint32_t)(f[16] << 8 | f[17]);
	if (ihl < 20 || tot < ihl + 8 || 14 + tot > len)
		return 0;
	*l4len = tot - ihl;
	return 14 + ihl;
}

bool vct_net_is_ip_frame(const uint8_t *f, uint32_t len, uint8_t proto, uint16_t tag)
{
	uint32_t l4len, l4 = vct_net_l4(f, len, &l4len);

	return l4 && f[23] == proto && (uint16_t)(f[l4] << 8 | f[l4 + 1]) == tag;
}

uint32_t vct_net_ip_frame(const struct vct_net *n, uint8_t *f, uint8_t proto, uint16_t tag, uint32_t plen,
			  uint8_t tcpflags)
{
	uint32_t hl = proto == 6 ? 20 : 8, l4 = 34, len = l4 + hl + plen;
	uint16_t ck;

	memset(f, 0, l4 + hl);
	memcpy(f, n->mac, 6);
	memcpy(f + 6, n->mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[18] = (uint8_t)(tag >> 8);
	f[19] = (uint8_t)tag;
	f[22] = 64;
	f[23] = proto;
	memcpy(f + 26, (uint8_t[]){ 10, 0, 2, 15, 10, 0, 2, 16 }, 8);
	ck = (uint16_t)~vct_net_fold(vct_net_sum(f + 14, 20, 0));
	f[24] = (uint8_t)(ck >> 8);
	f[25] = (uint8_t)ck;
	f[l4] = (uint8_t)(tag >> 8);
	f[l4 + 1] = (uint8_t)tag;
	f[l4 + 2] = (uint8_t)((tag ^ 0x5555) >> 8);
	f[l4 + 3] = (uint8_t)(tag ^ 0x5555);
	if (proto == 6) {
		f[l4 + 4] = 0x10;	/* sequence number 0x10000000 */
		f[l4 + 11] = 1;		/* acknowledgment 1 */
		f[l4 + 12] = 0x50;	/* 20-byte header */
		f[l4 + 13] = tcpflags;
		f[l4 + 14] = f[l4 + 15] = 0xff;
	} else {
		f[l4 + 4] = (uint8_t)((hl + plen) >> 8);
		f[l4 + 5] = (uint8_t)(hl + plen);
	}
	for (uint32_t i = 0; i < plen; i++)
		f[l4 + hl + i] = (uint8_t)(i * 7 + tag);
	ck = (uint16_t)~vct_net_fold(vct_net_sum(f + l4, hl + plen, vct_net_sum(f + 26, 8, proto + hl + plen)));
	if (!ck)
		ck = 0xffff;	/* UDP: 0 would mean no checksum */
	f[l4 + (proto == 6 ? 16 : 6)] = (uint8_t)(ck >> 8);
	f[l4 + (proto == 6 ? 16 : 6) + 1] = (uint8_t)ck;
	return len;
}
