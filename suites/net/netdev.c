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

void vct_net_up(struct vct_ctx *c, struct vct_net *n, const int *need, const int *drop)
{
	uint16_t max = 1;

	memset(n, 0, sizeof(*n));
	/* the check's name seeds the driver's choices: each check its own, every run the same */
	n->seed = vct_sum(c->check->name, strlen(c->check->name));
	vct_dev_default_features(c->vd, n->b.features);
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
	vct_c_bringup(c, &n->b);
	if (vct_has(c->vd->features, VCT_NET_F_MAC))
		vct_c_config(c, 0, n->mac, 6);
	else
		memcpy(n->mac, (uint8_t[]){ 0x52, 0x54, 0x00, 0x76, 0x63, 0x74 }, 6);
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
	struct vct_dma_buf *b = vct_c_dma(c, VCT_NET_HDR + len);
	struct vct_vq *vq = n->b.vq[2 * pair + 1];
	struct vct_sg sg[4];
	unsigned int k = 0;
	uint32_t used;
	int head;

	if (hdr)
		memcpy(b->va, hdr, VCT_NET_HDR);
	else
		memset(b->va, 0, VCT_NET_HDR);
	memcpy((uint8_t *)b->va + VCT_NET_HDR, frame, len);
	/* the header on its own or with the frame, the frame whole or in pieces */
	if (net_rand(n) & 1) {
		sg[k++] = (struct vct_sg){ b->iova, VCT_NET_HDR, false };
		k += net_split(n, b->iova + VCT_NET_HDR, len, false, sg + k);
	} else {
		sg[k++] = (struct vct_sg){ b->iova, VCT_NET_HDR + len, false };
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

int vct_net_rx_probe(struct vct_ctx *c, struct vct_net *n, unsigned int pair, uint16_t tag, int ms,
		     struct vct_net_rx *rx)
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
		memcpy(rx->hdr, rb->va, len < VCT_NET_HDR ? len : VCT_NET_HDR);
		got = len > VCT_NET_HDR ? len - VCT_NET_HDR : 0;
		if (got > sizeof(rx->frame))
			got = sizeof(rx->frame);
		memcpy(rx->frame, rb->va + VCT_NET_HDR, got);
		rx->flen = got;
		if (mrg && len >= VCT_NET_HDR) {
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
		if (net_is_answer(rx->frame, rx->flen, tag))
			return 1;
	}
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
