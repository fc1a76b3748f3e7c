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

/*
 * D-6a2ebd0e on receive buffers: a used length is never more than the bytes
 * the device wrote from the first writable byte. The answer to a probe (an
 * ARP reply: its last byte is padding 0 or the target address's 15, never
 * the 0xee vct fills buffers with) comes back in buffers whose sizes, splits
 * and alignment vary with the seed, once without MRG_RXBUF and once with it
 * where offered: the last byte each used length covers must have been
 * written, and no used length may exceed its buffer.
 */
static void rx_used_len_written(struct vct_ctx *c)
{
	unsigned int judged = 0;

	for (int mrg = 0; mrg < 2; mrg++) {
		struct vct_net n;
		uint8_t f[64];

		if (mrg && !vct_has(c->vd->offered, VCT_NET_F_MRG_RXBUF))
			break;	/* MRG_RXBUF not offered: the single-buffer round stands alone */
		vct_net_up(c, &n, mrg ? VCT_NET_BITS(VCT_NET_F_MRG_RXBUF) : NULL, mrg ? NULL : VCT_NET_BITS(VCT_NET_F_MRG_RXBUF));
		/* with MRG_RXBUF 64 to 127 bytes: the first buffer holds enough of the answer to tell it, the rest may spill */
		for (unsigned int i = 0; i < 6; i++)
			vct_net_rx_fill(c, &n, 0, 1,
					mrg ? 64 + (n.seed >> (4 * i)) % 64 : VCT_NET_RXBUF + (n.seed >> (4 * i)) % 200);
		for (unsigned int r = 0; r < 2; r++) {
			uint16_t tag = (uint16_t)(0x1c10 + 2 * r + mrg * 8);	/* no 0xee in the tag address */

			vct_net_tx(c, &n, 0, f, vct_net_probe(f, n.mac, tag, -1), NULL);
			for (uint64_t end = vct_now_ms() + (uint64_t)c->timeout_ms; vct_now_ms() < end;) {
				uint32_t len = 0, nb = 1;
				struct vct_net_buf *b = vct_net_take(c, &n, 0, 10, &len);
				bool answer;

				if (!b)
					continue;
				if (mrg && len >= VCT_NET_HDR)
					nb = (uint32_t)(b->va[10] | b->va[11] << 8);
				answer = len <= b->size && len > VCT_NET_HDR &&
					 vct_net_is_answer(b->va + VCT_NET_HDR, len - VCT_NET_HDR, tag);
				for (uint32_t k = 0; b; k++) {
					vct_report(c, len <= b->size, "used length of a receive buffer", "at most the buffer's size",
						   "%u for a buffer of %u bytes", len, b->size);
					if (answer && len > 0 && len <= b->size) {
						judged++;
						vct_report(c, b->va[len - 1] != 0xee,
							   "the last byte a receive buffer's used length covers (the answer to a probe)",
							   "written by the device",
							   "byte %u of a %u-byte buffer (used length %u) still holds vct's fill 0xee "
							   "(buffer %u of the frame%s)",
							   len - 1, b->size, len, k + 1, mrg ? ", MRG_RXBUF" : "");
					}
					b = k + 1 < nb && k + 1 < 16 ? vct_net_take(c, &n, 0, c->timeout_ms, &len) : NULL;
				}
				if (answer)
					break;
			}
		}
	}
	if (!judged)
		vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back: no received frame to judge");
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.mrg_num_buffers", "D-a9e636da", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_num_buffers_descriptors", "D-6fc48d7c", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_buffers_filled", "D-6714efe7", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.mrg_buffers_together", "D-eeef31ce", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_single_buffer", "D-d9781e9c", rxbuf_check, .type = VCT_ID_NET),
	VCT_CHECK("net.rx_used_len_written", "D-6a2ebd0e", rx_used_len_written, .type = VCT_ID_NET,
		  .shared = "ring.used_len_backed_by_writes checks any type's request; this one received frames in receive buffers "
			    "of varied sizes and splits, with and without MRG_RXBUF"),
};

VCT_SUITE(vct_suite_net_rxbuf, "net", checks);
