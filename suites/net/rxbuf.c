/* SPDX-License-Identifier: MIT */
/*
 * Network device: how a received frame uses the driver's receive buffers.
 * With VIRTIO_NET_F_MRG_RXBUF the driver gives small buffers of sizes it
 * chose (each at least the header, as the driver must), so that one frame
 * spreads over several; without it, one buffer split into descriptors.
 *
 * Another frame (a router advertisement on QEMU's user network, say) can
 * land in the middle of a measurement; a round whose frame is not the
 * probe's answer, or that shows buffers beyond the frame, is repeated, and
 * only a deviation seen in three rounds is reported.
 */
#include <string.h>

#include "netdev.h"

#define ROUNDS 3

struct round {
	bool ok;		/* the round's frame judged against the check's statement */
	char seen[160];
};

/* The buffers one frame took, gathered after a probe. */
struct spread {
	unsigned int nb;			/* num_buffers of the first buffer's header */
	unsigned int n;				/* used buffers taken (first one included) */
	uint32_t len[32], size[32];
	uint16_t pending_at_first;
	uint8_t data[2048];			/* header and frame as the buffers hold them */
	uint32_t dlen;
	bool answer;				/* the first nb buffers hold the probe's answer */
	bool present;				/* the buffers taken hold it at all */
};

/*
 * The frame a round judges: the probe's answer, or the probe itself where
 * the back end loops frames back (dpdk-testpmd): either way a frame of known
 * content whose spread over the buffers can be judged.
 */
static bool ours(const uint8_t *f, uint32_t len, uint16_t tag)
{
	return vct_net_is_answer(f, len, tag) || vct_net_is_probe_back(f, len, tag);
}

static bool gather(struct vct_ctx *c, struct vct_net *n, uint16_t tag, struct spread *s)
{
	uint8_t f[64];
	uint32_t flen = vct_net_probe(f, n->mac, tag, -1), len = 0, at = 0;
	struct vct_net_buf *b;

	memset(s, 0, sizeof(*s));
	vct_net_tx(c, n, 0, f, flen, NULL);
	b = vct_net_take(c, n, 0, c->timeout_ms, &len);
	if (!b)
		return false;
	s->pending_at_first = n->pending_at_take;
	/* every buffer the device used after it, within the quiet period */
	for (;;) {
		uint32_t take = len < sizeof(s->data) - s->dlen ? len : (uint32_t)sizeof(s->data) - s->dlen;

		memcpy(s->data + s->dlen, b->va, take);
		if (!s->n)
			at = s->dlen;
		s->dlen += take;
		s->len[s->n] = len;
		s->size[s->n] = b->size;
		if (++s->n == 32)
			break;
		b = vct_net_take(c, n, 0, vct_net_quiet_ms(c) / 4, &len);
		if (!b)
			break;
	}
	s->nb = s->dlen >= VCT_NET_HDR ? (unsigned int)(s->data[at + 10] | s->data[at + 11] << 8) : 0;
	s->present = s->dlen > at + VCT_NET_HDR && ours(s->data + at + VCT_NET_HDR, s->dlen - at - VCT_NET_HDR, tag);
	if (s->nb >= 1 && s->nb <= s->n) {
		uint32_t bytes = 0;

		for (unsigned int i = 0; i < s->nb; i++)
			bytes += s->len[i];
		s->answer = bytes > VCT_NET_HDR && bytes <= s->dlen && ours(s->data + VCT_NET_HDR, bytes - VCT_NET_HDR, tag);
	}
	return true;
}

/* One measurement for the merged-buffer statements; false when the round says nothing (no frame). */
static bool mrg_round(struct vct_ctx *c, struct vct_net *n, uint16_t tag, struct round *r)
{
	struct spread s;
	const char *id = c->check->stmt;

	if (!gather(c, n, tag, &s))
		return false;
	r->ok = true;
	if (!strcmp(id, "D-a9e636da") || !strcmp(id, "D-6fc48d7c")) {
		/*
		 * num_buffers counts exactly the buffers the frame took: its
		 * answer in them, nothing after. A round whose first buffers do
		 * not hold the answer (another frame, or none recognised) says
		 * nothing and is repeated.
		 */
		if (!s.present)
			return false;
		r->ok = s.answer && s.nb == s.n;
		snprintf(r->seen, sizeof(r->seen), "num_buffers %u, %u buffers used after the probe, answer %s in the first %u",
			 s.nb, s.n, s.answer ? "complete" : "not complete", s.nb);
	} else if (!strcmp(id, "D-6714efe7")) {
		if (!s.answer || s.nb != s.n)
			return false;	/* not this frame's buffers alone: repeat */
		for (unsigned int i = 0; i + 1 < s.nb && r->ok; i++)
			if (s.len[i] != s.size[i]) {
				r->ok = false;
				snprintf(r->seen, sizeof(r->seen), "buffer %u of %u: used len %u of %u bytes", i + 1, s.nb,
					 s.len[i], s.size[i]);
			}
	} else {	/* D-eeef31ce: all num_buffers used when the first one is seen */
		if (!s.answer)
			return false;
		r->ok = s.pending_at_first + 1u >= s.nb;
		snprintf(r->seen, sizeof(r->seen), "num_buffers %u, %u used when the first was taken", s.nb,
			 s.pending_at_first + 1u);
	}
	return true;
}

/* Without MRG_RXBUF: the whole frame in the one buffer its header is in. */
static bool one_round(struct vct_ctx *c, struct vct_net *n, uint16_t tag, struct round *r)
{
	struct spread s;
	bool whole;

	if (!gather(c, n, tag, &s))
		return false;
	whole = s.len[0] > VCT_NET_HDR && vct_net_is_answer(s.data + VCT_NET_HDR, s.len[0] - VCT_NET_HDR, tag);
	if (!whole && s.n == 1 && s.len[0] > VCT_NET_HDR)
		return false;	/* some other frame: repeat */
	r->ok = whole;
	snprintf(r->seen, sizeof(r->seen), "first used buffer: len %u of %u bytes; %u buffers used", s.len[0], s.size[0],
		 s.n);
	return true;
}

static void rxbuf_check(struct vct_ctx *c)
{
	bool mrg = strcmp(c->check->stmt, "D-d9781e9c") != 0;
	struct round r = { .ok = true };
	unsigned int judged = 0;
	struct vct_net n;

	if (mrg) {
		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_MRG_RXBUF), NULL);
		/* small buffers of sizes the seed chose (the header's 12 bytes at least): one frame takes several */
		for (unsigned int i = 0; i < 32; i++)
			vct_net_rx_fill(c, &n, 0, 1, 12 + (n.seed >> (i % 24)) % 13);
	} else {
		vct_net_up(c, &n, NULL, VCT_NET_BITS(VCT_NET_F_MRG_RXBUF));
		vct_net_rx_fill(c, &n, 0, 4, VCT_NET_RXBUF + n.seed % 32);
	}
	for (unsigned int i = 0; i < ROUNDS; i++) {
		struct round one = { .ok = true };

		if (!(mrg ? mrg_round : one_round)(c, &n, (uint16_t)(0x200 + i), &one))
			continue;
		judged++;
		r = one;
		if (one.ok)
			break;
	}
	if (!judged)
		vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back: no received frame to judge");
	if (mrg && !strcmp(c->check->stmt, "D-eeef31ce"))
		vct_report(c, r.ok, "used buffers of one frame when its first buffer is taken", "num_buffers of them",
			   "%s", r.seen);
	else if (mrg && !strcmp(c->check->stmt, "D-6714efe7"))
		vct_report(c, r.ok, "buffers of a frame spread over several, all but the last", "filled to their full length",
			   "%s", r.seen);
	else if (mrg)
		vct_report(c, r.ok, "num_buffers of a frame spread over small buffers", "the number of buffers it took",
			   "%s", r.seen);
	else
		vct_report(c, r.ok, "a received frame without MRG_RXBUF", "header and frame in one buffer", "%s", r.seen);
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.mrg_num_buffers", "D-a9e636da", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_num_buffers_descriptors", "D-6fc48d7c", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_buffers_filled", "D-6714efe7", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_buffers_together", "D-eeef31ce", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_single_buffer", "D-d9781e9c", rxbuf_check, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_rxbuf, "net", checks);
