/* SPDX-License-Identifier: MIT */
#include "stress.h"
#include "devtype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/virtio_blk.h>
#include <linux/virtio_config.h>

#include "progress.h"
#include "util.h"
#include "virtqueue.h"

#define BLK_BLOCK 4096u
#define NET_FRAME 1514u
#define NET_HDR 12u
#define NET_ETHERTYPE 0x88b5	/* IEEE local experimental: nobody else answers it */
/* Frames re-queued between two transmit kicks: a loopback device holds only a
 * few frames for its receive side (the reference device 16) before dropping. */
#define NET_KICK_BATCH 16u

struct run {
	struct vct_dev *vd;
	const struct vct_stress_opts *o;
	struct vct_stress_result *r;
	FILE *progress;
	uint64_t t0, last_report;
};

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Deterministic contents of (key, generation): what a read must return. */
static void pattern(uint8_t *p, size_t n, uint64_t key, uint32_t gen)
{
	uint64_t s = (key * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)gen << 32 | 0x5bd1e995u);

	if (!s)
		s = 1;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = xorshift(&s);

		memcpy(p + i, &v, n - i < 8 ? n - i : 8);
	}
}

static void problem(struct run *x, const char *fmt, unsigned long long a, unsigned long long b)
{
	if (!x->r->first_problem[0])
		snprintf(x->r->first_problem, sizeof(x->r->first_problem), fmt, a, b);
}

static bool done(struct run *x)
{
	uint64_t now = vct_now_ms();

	if (x->progress && now - x->last_report >= 1000) {
		double s = (now - x->t0) / 1000.0;

		vct_progress("[vct stress] %.0fs %llu requests, %.0f/s, %llu problems", s,
			     (unsigned long long)x->r->completed, s > 0 ? x->r->completed / s : 0.0,
			(unsigned long long)(x->r->lost + x->r->invalid + x->r->corrupted + x->r->errors + x->r->duplicated));
		x->last_report = now;
	}
	if (x->o->requests)
		return x->r->completed >= x->o->requests;
	return now - x->t0 >= (uint64_t)x->o->seconds * 1000;
}

static int bring_up(struct run *x, unsigned int nq, struct vct_vq **vq, char *err, size_t errlen)
{
	struct vct_dev *vd = x->vd;
	uint64_t f[2];
	int r;

	vct_dev_default_features(vd, f);
	if (x->o->packed) {
		if (!vct_has(vd->offered, VCT_F_RING_PACKED)) {
			snprintf(err, errlen, "the device does not offer VIRTIO_F_RING_PACKED");
			return -EOPNOTSUPP;
		}
		vct_set(f, VCT_F_RING_PACKED);
	}
	/* Indirect tables would cost a DMA mapping per request: plain chains only. */
	vct_clear(f, VCT_F_INDIRECT_DESC);
	r = __vct_dev_negotiate(vd, f);
	if (r) {
		snprintf(err, errlen, "feature negotiation failed (status 0x%02x)", vct_dev_status(vd));
		return r;
	}
	if (x->o->irq && (r = __vct_dev_irq_setup(vd, 1))) {
		snprintf(err, errlen, "cannot bind an MSI-X vector: %s", strerror(-r));
		return r;
	}
	for (unsigned int q = 0; q < nq; q++) {
		r = __vct_vq_setup(vd, (uint16_t)q, x->o->qsize, x->o->irq ? 0 : VCT_NO_VECTOR, &vq[q], err, errlen);
		if (r)
			return r;
	}
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
					VIRTIO_CONFIG_S_DRIVER_OK);
	return 0;
}

/* Kick, counting the notifications that were really written (split ring:
 * kicked_idx moves only when vct_vq_notify ran): the MMIO write is what a
 * virtualized device pays for, so requests per notification is the figure. */
static void kick(struct run *x, struct vct_vq *vq)
{
	uint16_t before = vq->kicked_idx;

	vct_vq_kick(vq);
	if (!vq->packed && vq->kicked_idx != before)
		x->r->notifies++;
}

/* One completion, or a verdict: 1 got one, 0 lost everything outstanding, -1 invalid entry (counted). */
static int next_used(struct run *x, struct vct_vq *vq, uint16_t *id, uint32_t *len, void **tok)
{
	struct vct_used_err e = { 0 };
	int r = 0;

	/*
	 * Busy-poll the used ring first, without sleeping: a stress run owns its
	 * CPU, and vct_vq_wait_used's back-off (usleep after ~200 spins) would add
	 * a timer wake-up to every completion slower than that (QD1 in a TCG
	 * guest). The clock is read once per 256 spins; after wait_ms of nothing,
	 * the wait below gives its verdict (and the timeout evidence). With --irq,
	 * every 256 empty spins sleep on the queue's interrupt (a count left from
	 * an entry already consumed only costs one more round).
	 */
	for (uint64_t deadline = vct_now_ms() + (uint64_t)x->o->wait_ms;;) {
		uint64_t now;

		for (unsigned int i = 0; i < 256 && !r; i++) {
			vct_dev_poll(x->vd);
			r = vct_vq_get_used(vq, id, len, tok, &e);
		}
		if (r || (now = vct_now_ms()) >= deadline)
			break;
		if (x->o->irq && vct_dev_irq_wait(x->vd, 0, (int)(deadline - now)) == 1)
			x->r->wakeups++;
	}
	if (!r)
		r = vct_vq_wait_used(vq, 0, id, len, tok, &e);

	if (r == 1)
		return 1;
	if (r == -ETIMEDOUT) {
		x->r->lost += vq->outstanding;
		problem(x, "%llu requests never completed (queue %llu)", vq->outstanding, vq->index);
		return 0;
	}
	x->r->invalid++;
	if (!x->r->first_problem[0])
		snprintf(x->r->first_problem, sizeof(x->r->first_problem), "queue %u: %s", vq->index, e.why);
	return -1;
}

/* Another completion already published, without waiting: 1 got one, 0 none, -1 invalid (counted). */
static int more_used(struct run *x, struct vct_vq *vq, uint16_t *id, uint32_t *len, void **tok)
{
	struct vct_used_err e = { 0 };
	int r;

	*tok = NULL;
	if (!vct_vq_pending(vq))
		return 0;
	r = vct_vq_get_used(vq, id, len, tok, &e);
	if (r >= 0)
		return r;
	x->r->invalid++;
	if (!x->r->first_problem[0])
		snprintf(x->r->first_problem, sizeof(x->r->first_problem), "queue %u: %s", vq->index, e.why);
	return -1;
}

/* ---- block: random 4 KiB writes and reads over a region, every read verified ---- */

struct blk_slot {
	struct vct_dma_buf *buf;	/* header at 0, status at 64, data at 4096 */
	uint32_t block;
	bool write;
	uint32_t gen;
};

static int stress_blk(struct run *x, char *err, size_t errlen)
{
	struct vct_dev *vd = x->vd;
	struct vct_vq *vq;
	struct blk_slot *slot;
	uint32_t *gen, *busy, nblocks, want = x->o->blocks ? x->o->blocks : 4096, next_fill = 0;
	uint64_t cap = 0, seed = 0x1234567;
	unsigned int depth;
	bool prefill = x->o->reads, verify = !x->o->no_verify;
	int r;

	/* Every mode writes (--reads fills the region first): a read-only disk gets none (D-6bd83eef's device). */
	if (vct_has(vd->offered, 5)) {
		snprintf(err, errlen, "the block device is read-only (VIRTIO_BLK_F_RO) and stress writes every block it "
			 "verifies; nothing was sent");
		return -EROFS;
	}
	r = bring_up(x, 1, &vq, err, errlen);

	if (r)
		return r;
	if (__vct_dev_config_read(vd, 0, &cap, 8, 64)) {
		snprintf(err, errlen, "cannot read the capacity");
		return -EIO;
	}
	cap = le64toh(cap);
	nblocks = cap / 8 > want ? want : (uint32_t)(cap / 8);
	if (nblocks < 2) {
		snprintf(err, errlen, "capacity %llu sectors is too small to stress", (unsigned long long)cap);
		return -ENOSPC;
	}
	depth = x->o->depth ? x->o->depth : 32;
	if (depth > vq->size / 3u)
		depth = vq->size / 3u ? vq->size / 3u : 1;
	gen = calloc(nblocks, sizeof(*gen));
	busy = calloc(nblocks, sizeof(*busy));
	slot = calloc(depth, sizeof(*slot));
	if (!gen || !busy || !slot) {
		free(gen);
		free(busy);
		free(slot);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < depth; i++)
		if ((r = __vct_dma_alloc(&vd->dma, 2 * BLK_BLOCK, &slot[i].buf))) {
			snprintf(err, errlen, "cannot map DMA memory: %s", strerror(-r));
			goto out;
		}

	for (unsigned int i = 0; i < depth; i++)
		slot[i].block = UINT32_MAX;
	/* --reads: the whole region is written once (sequentially, not counted),
	 * then only random reads are submitted and measured. */
	while (prefill || !done(x)) {
		/* Refill every idle slot. */
		for (unsigned int i = 0; i < depth; i++) {
			struct blk_slot *s = &slot[i];
			uint8_t *p = s->buf->va;
			struct virtio_blk_outhdr *h = (void *)p;
			struct vct_sg sg[3];
			uint32_t b;

			if (s->block != UINT32_MAX)
				continue;
			if (prefill) {
				if (next_fill >= nblocks)
					break;
				b = next_fill++;
			} else {
				do
					b = (uint32_t)(xorshift(&seed) % nblocks);
				while (busy[b]);
			}
			s->block = b;
			busy[b] = 1;
			/* Read only what was written; otherwise write. */
			if (prefill)
				s->write = true;
			else if (x->o->reads)
				s->write = false;
			else
				s->write = !gen[b] || (xorshift(&seed) & 1);
			s->gen = s->write ? gen[b] + 1 : gen[b];
			h->type = htole32(s->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN);
			h->ioprio = 0;
			h->sector = htole64((uint64_t)b * 8);
			p[64] = 0xee;
			if (s->write)
				pattern(p + BLK_BLOCK, BLK_BLOCK, b, s->gen);
			else if (verify)
				memset(p + BLK_BLOCK, 0xee, BLK_BLOCK);
			sg[0] = (struct vct_sg){ s->buf->iova, 16, false };
			sg[1] = (struct vct_sg){ s->buf->iova + BLK_BLOCK, BLK_BLOCK, !s->write };
			sg[2] = (struct vct_sg){ s->buf->iova + 64, 1, true };
			if (vct_vq_add(vq, sg, 3, s, 0) < 0) {
				s->block = UINT32_MAX;
				busy[b] = 0;
				break;
			}
			x->r->submitted++;
		}
		kick(x, vq);
		/* Reap what is ready (at least one). */
		do {
			uint16_t id;
			uint32_t len;
			void *tok = NULL;
			struct blk_slot *s;
			int k = next_used(x, vq, &id, &len, &tok);

			if (k == 0)
				goto out;
			if (k < 0 && !tok)
				continue;
			s = tok;
			x->r->completed++;
			if (((uint8_t *)s->buf->va)[64] != VIRTIO_BLK_S_OK) {
				x->r->errors++;
				problem(x, "block %llu: status byte 0x%02llx", s->block, ((uint8_t *)s->buf->va)[64]);
			} else if (s->write) {
				gen[s->block] = s->gen;
				x->r->bytes += BLK_BLOCK;
			} else {
				uint8_t expect[BLK_BLOCK];

				if (verify)
					pattern(expect, sizeof(expect), s->block, s->gen);
				if (verify && memcmp(expect, (uint8_t *)s->buf->va + BLK_BLOCK, BLK_BLOCK)) {
					x->r->corrupted++;
					problem(x, "block %llu generation %llu read back different data", s->block, s->gen);
				}
				if (k > 0 && len != BLK_BLOCK + 1) {
					x->r->invalid++;
					problem(x, "read of block %llu: used len %llu, 4097 expected", s->block, len);
				}
				x->r->bytes += BLK_BLOCK;
			}
			busy[s->block] = 0;
			s->block = UINT32_MAX;
		} while (vct_vq_pending(vq));
		if (prefill && next_fill >= nblocks && !vq->outstanding) {
			/* Region written: measure from here. Problems seen so far stay counted. */
			uint64_t now = vct_now_ms();

			prefill = false;
			x->r->prefilled = nblocks;
			x->r->prefill_seconds = (now - x->t0) / 1000.0;
			x->r->submitted = x->r->completed = x->r->bytes = x->r->notifies = x->r->wakeups = 0;
			x->t0 = x->last_report = now;
		}
	}
	/* Drain what is still in flight, so the counts add up. */
	while (vq->outstanding) {
		uint16_t id;
		uint32_t len;
		void *tok = NULL;

		if (next_used(x, vq, &id, &len, &tok) == 0)
			break;
		x->r->completed++;
	}
	r = 0;
out:
	free(gen);
	free(busy);
	free(slot);
	return r;
}

/* ---- network: numbered frames out, and (loopback devices) back in, verified ---- */

static void frame(uint8_t *p, uint64_t seq, const uint8_t mac[6], bool full)
{
	if (!full) {
		/* --no-verify: the frame stays as first built, only its number changes. */
		memcpy(p + NET_HDR + 14, &seq, 8);
		return;
	}
	memset(p, 0, NET_HDR);
	p += NET_HDR;
	memset(p, 0xff, 6);
	memcpy(p + 6, mac, 6);
	p[12] = NET_ETHERTYPE >> 8;
	p[13] = NET_ETHERTYPE & 0xff;
	memcpy(p + 14, &seq, 8);
	pattern(p + 22, NET_FRAME - 22 - 2, seq, 1);
}

static int stress_net(struct run *x, char *err, size_t errlen)
{
	struct vct_dev *vd = x->vd;
	struct vct_vq *vq[2];
	struct vct_dma_buf **rx, **tx;
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uint8_t *seen;
	uint64_t seq = 0, nseen;
	unsigned int depth;
	int r = bring_up(x, 2, vq, err, errlen);

	if (r)
		return r;
	if (vct_has(vd->features, 5))
		__vct_dev_config_read(vd, 0, mac, 6, 16);
	depth = x->o->depth ? x->o->depth : 32;
	if (depth > vq[0]->size)
		depth = vq[0]->size;
	if (depth > vq[1]->size)
		depth = vq[1]->size;
	nseen = x->o->requests ? x->o->requests + depth : 1u << 24;
	rx = calloc(depth, sizeof(*rx));
	tx = calloc(depth, sizeof(*tx));
	seen = calloc(nseen / 8 + 1, 1);
	if (!rx || !tx || !seen) {
		r = -ENOMEM;
		goto out;
	}
	for (unsigned int i = 0; i < depth; i++) {
		struct vct_sg sg;

		if ((r = __vct_dma_alloc(&vd->dma, NET_HDR + NET_FRAME, &rx[i])) ||
		    (r = __vct_dma_alloc(&vd->dma, NET_HDR + NET_FRAME, &tx[i]))) {
			snprintf(err, errlen, "cannot map DMA memory: %s", strerror(-r));
			goto out;
		}
		sg = (struct vct_sg){ rx[i]->iova, NET_HDR + NET_FRAME, true };
		vct_vq_add(vq[0], &sg, 1, rx[i], 0);
	}
	kick(x, vq[0]);
	for (unsigned int i = 0; i < depth; i++) {
		struct vct_sg sg = { tx[i]->iova, NET_HDR + NET_FRAME, false };

		frame(tx[i]->va, seq++, mac, true);
		vct_vq_add(vq[1], &sg, 1, tx[i], 0);
		x->r->submitted++;
	}
	kick(x, vq[1]);
	while (!done(x)) {
		uint16_t id;
		uint32_t len;
		void *tok = NULL;
		int k = next_used(x, vq[1], &id, &len, &tok);

		if (k == 0)
			break;
		/* Every frame the device is done with goes out again, kicked in batches. */
		unsigned int batch = 0, n = 0;

		do {
			x->r->completed++;
			x->r->bytes += NET_FRAME;
			if (tok) {
				struct vct_dma_buf *b = tok;
				struct vct_sg sg = { b->iova, NET_HDR + NET_FRAME, false };

				frame(b->va, seq++, mac, !x->o->no_verify);
				vct_vq_add(vq[1], &sg, 1, b, 0);
				x->r->submitted++;
				if (++batch % NET_KICK_BATCH == 0)
					kick(x, vq[1]);
			}
		} while (++n < depth && more_used(x, vq[1], &id, &len, &tok));
		/* Whatever came in: a numbered frame is checked and counted once. */
		vct_dev_poll(vd);
		while (vct_vq_pending(vq[0])) {
			struct vct_used_err e = { 0 };
			void *rt = NULL;

			if (vct_vq_get_used(vq[0], &id, &len, &rt, &e) != 1) {
				x->r->invalid++;
				if (!x->r->first_problem[0])
					snprintf(x->r->first_problem, sizeof(x->r->first_problem), "receive queue: %s", e.why);
				if (!rt)
					continue;
			} else {
				uint8_t *p = ((struct vct_dma_buf *)rt)->va;
				uint64_t s;
				uint8_t want[NET_FRAME];

				if (len >= NET_HDR + 22 && p[NET_HDR + 12] == (NET_ETHERTYPE >> 8) &&
				    p[NET_HDR + 13] == (NET_ETHERTYPE & 0xff)) {
					memcpy(&s, p + NET_HDR + 14, 8);
					if (!x->o->no_verify)
						pattern(want, NET_FRAME - 22 - 2, s, 1);
					if (len != NET_HDR + NET_FRAME ||
					    (!x->o->no_verify && memcmp(want, p + NET_HDR + 22, NET_FRAME - 22 - 2))) {
						x->r->corrupted++;
						problem(x, "frame %llu came back altered (len %llu)", s, len);
					} else if (s < nseen && (seen[s / 8] >> (s % 8) & 1)) {
						x->r->duplicated++;
						problem(x, "frame %llu came back twice%.0llu", s, 0);
					} else if (s < nseen) {
						seen[s / 8] |= 1u << (s % 8);
						x->r->received++;
					}
				} else if (len < NET_HDR + 14) {
					x->r->corrupted++;
					problem(x, "a received frame of %llu bytes is shorter than an Ethernet header%.0llu", len, 0);
				}
			}
			{
				struct vct_dma_buf *b = rt;
				struct vct_sg sg = { b->iova, NET_HDR + NET_FRAME, true };

				vct_vq_add(vq[0], &sg, 1, b, 0);
			}
		}
		kick(x, vq[0]);
		/* Receive buffers first: a loopback device returns the batch at once. */
		kick(x, vq[1]);
	}
	r = 0;
out:
	free(rx);
	free(tx);
	free(seen);
	return r;
}

/* ---- entropy: fill buffers; every completion within its buffer and non-empty ---- */

static int stress_rng(struct run *x, char *err, size_t errlen)
{
	struct vct_vq *vq;
	unsigned int depth;
	int r = bring_up(x, 1, &vq, err, errlen);

	if (r)
		return r;
	depth = x->o->depth ? x->o->depth : 32;
	if (depth > vq->size)
		depth = vq->size;
	for (unsigned int i = 0; i < depth; i++) {
		struct vct_dma_buf *b;
		struct vct_sg sg;

		if ((r = __vct_dma_alloc(&x->vd->dma, 64, &b)))
			return r;
		sg = (struct vct_sg){ b->iova, 64, true };
		vct_vq_add(vq, &sg, 1, b, 0);
		x->r->submitted++;
	}
	kick(x, vq);
	while (!done(x)) {
		uint16_t id;
		uint32_t len;
		void *tok = NULL;
		int k = next_used(x, vq, &id, &len, &tok);

		if (k == 0)
			break;
		/* Every buffer the device filled goes back, then one kick. */
		unsigned int batch = 0;

		do {
			x->r->completed++;
			if (k > 0 && len == 0) {
				x->r->errors++;
				problem(x, "an entropy request completed with no bytes%.0llu%.0llu", 0, 0);
			}
			x->r->bytes += k > 0 ? len : 0;
			if (tok) {
				struct vct_dma_buf *b = tok;
				struct vct_sg sg = { b->iova, 64, true };

				if (!x->o->no_verify && vct_dma_canary_check(b) >= 0) {
					x->r->corrupted++;
					problem(x, "bytes past an entropy buffer changed at %llu%.0llu",
						(unsigned long long)vct_dma_canary_check(b), 0);
				}
				vct_vq_add(vq, &sg, 1, b, 0);
				x->r->submitted++;
			}
		} while (++batch < depth && (k = more_used(x, vq, &id, &len, &tok)));
		kick(x, vq);
	}
	return 0;
}

int vct_stress_run(struct vct_dev *vd, const struct vct_stress_opts *o, struct vct_stress_result *r, FILE *progress,
		   char *err, size_t errlen)
{
	struct run x = { .vd = vd, .o = o, .r = r, .progress = progress };
	int rc;

	memset(r, 0, sizeof(*r));
	x.t0 = x.last_report = vct_now_ms();
	if (o->reads && vd->type != VCT_ID_BLOCK) {
		snprintf(err, errlen, "--reads applies to block devices only");
		vct_dev_release(vd);
		return -EINVAL;
	}
	switch (vd->type) {
	case VCT_ID_BLOCK: rc = stress_blk(&x, err, errlen); break;
	case VCT_ID_NET: rc = stress_net(&x, err, errlen); break;
	case VCT_ID_ENTROPY: rc = stress_rng(&x, err, errlen); break;
	default:
		snprintf(err, errlen, "vct stress drives block, network and entropy devices, not %s", vct_type_name(vd->type));
		return -EOPNOTSUPP;
	}
	r->seconds = (vct_now_ms() - x.t0) / 1000.0;
	if (progress)
		vct_progress_clear();
	__vct_dev_reset(vd, 1000, NULL);
	vct_dev_release(vd);
	return rc;
}
