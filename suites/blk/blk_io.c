/* SPDX-License-Identifier: MIT */
/* Block requests in the shapes, queue sizes and orders a driver may choose (blk_io.h). */
#include <string.h>

#include "blk_io.h"

/*
 * The shapes. Linux puts the header, each data segment and the status in
 * descriptors of their own at aligned addresses; the spec fixes only the
 * order of the bytes and which of them the device may write, so a device
 * must answer every one of these the same:
 *   0  header | data | tail | status                    (Linux's choice)
 *   1  header cut 5 + 11 | data cut in three uneven pieces | tail | status
 *   2  header | data, tail and status in one descriptor (data in), or
 *      header and data out in one descriptor | tail and status in one
 *   3  shape 1 with every buffer at an odd address
 */
#define BLK_SHAPES 4

/* A hash of the check's name: the seed of every choice below, so a failure replays. */
static uint32_t check_seed(struct vct_ctx *c)
{
	uint32_t h = 2166136261u;

	for (const char *p = c->check ? c->check->name : ""; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h;
}

static unsigned int shape_next(struct vct_ctx *c)
{
	static unsigned int n;	/* per check: each runs in a fresh child */

	return (check_seed(c) + n++) % BLK_SHAPES;
}

/* A buffer of @len bytes at @off past a fresh DMA allocation's start. */
static struct vct_dma_buf *buf_at(struct vct_ctx *c, size_t len, unsigned int off, uint64_t *iova, uint8_t **va)
{
	struct vct_dma_buf *b = vct_c_dma(c, len + off + 1);

	*iova = b->iova + off;
	*va = (uint8_t *)b->va + off;
	return b;
}

/* Lay @r out in the next shape and make it available (no notify); returns the head id. */
static int blk_post(struct vct_ctx *c, struct vct_vq *vq, struct vct_blk_req *r)
{
	unsigned int shape = shape_next(c), odd = shape == 3 ? 1 : 0, n = 0;
	struct virtio_blk_outhdr hdr = { .type = htole32(r->type), .sector = htole64(r->sector) };
	uint32_t win = (r->data_in ? r->len : 0) + r->tail + 1;	/* device-writable bytes */
	uint64_t hi, di = 0, wi;
	uint8_t *hv, *dv = NULL, *wv;
	struct vct_sg sg[8];
	int head;

	snprintf(r->shape, sizeof(r->shape), "shape %u of %u", shape, BLK_SHAPES);
	/* readable part: header, and data out */
	if (shape == 2 && !r->data_in) {
		buf_at(c, 16 + r->len, odd, &hi, &hv);
		memcpy(hv, &hdr, 16);
		if (r->len)
			memcpy(hv + 16, r->data, r->len);
		sg[n++] = (struct vct_sg){ hi, 16 + r->len, false };
	} else {
		buf_at(c, 16, odd * 3, &hi, &hv);
		memcpy(hv, &hdr, 16);
		if (shape == 1 || shape == 3) {
			sg[n++] = (struct vct_sg){ hi, 5, false };
			sg[n++] = (struct vct_sg){ hi + 5, 11, false };
		} else {
			sg[n++] = (struct vct_sg){ hi, 16, false };
		}
		if (r->len && !r->data_in) {
			buf_at(c, r->len, odd * 5, &di, &dv);
			memcpy(dv, r->data, r->len);
		}
	}
	/* writable part: data in, tail, status, poisoned */
	buf_at(c, win, odd * 7, &wi, &wv);
	memset(wv, r->poison ? r->poison : 0xee, win);
	if (r->len && r->data_in) {
		di = wi;
		dv = wv;
	}
	if (r->len && shape != 2) {
		bool w = r->data_in;

		if ((shape == 1 || shape == 3) && r->len >= 3) {
			uint32_t a = r->len / 3 + 1, b2 = r->len / 5 + 1;

			sg[n++] = (struct vct_sg){ di, a, w };
			sg[n++] = (struct vct_sg){ di + a, b2, w };
			sg[n++] = (struct vct_sg){ di + a + b2, r->len - a - b2, w };
		} else {
			sg[n++] = (struct vct_sg){ di, r->len, w };
		}
	}
	if (shape == 2) {
		sg[n++] = (struct vct_sg){ wi, win, true };	/* data in (if any), tail and status together */
	} else {
		uint32_t off = r->data_in ? r->len : 0;

		if (r->tail)
			sg[n++] = (struct vct_sg){ wi + off, r->tail, true };
		sg[n++] = (struct vct_sg){ wi + off + r->tail, 1, true };
	}
	head = vct_vq_add(vq, sg, n, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a block request (%s)", r->shape);
	r->dv_ = dv;
	r->wv_ = wv;
	r->win_ = win;
	return head;
}

/* Copy what the device wrote for @r, completed with @len. */
static void blk_finish(struct vct_blk_req *r, uint32_t len)
{
	r->used_len = len;
	if (r->len && r->data_in)
		memcpy(r->data, r->dv_, r->len);
	if (r->tail && r->tail_out)
		memcpy(r->tail_out, r->wv_ + (r->data_in ? r->len : 0), r->tail);
	r->status = r->wv_[r->win_ - 1];
}

void vct_blk_do(struct vct_ctx *c, struct vct_vq *vq, struct vct_blk_req *r)
{
	int head = blk_post(c, vq, r);
	uint32_t len = 0;

	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)head, &len);
	blk_finish(r, len);
}

void vct_blk_batch(struct vct_ctx *c, struct vct_vq *vq, struct vct_blk_req *r, unsigned int n)
{
	unsigned int order[VCT_BLK_BATCH], done = 0;
	int head[VCT_BLK_BATCH];
	uint32_t seed = check_seed(c);

	if (n > VCT_BLK_BATCH)
		vct_abort(c, "a batch of %u block requests exceeds %u", n, VCT_BLK_BATCH);
	/* a permutation of 0..n-1 from the check's seed (Fisher-Yates) */
	for (unsigned int i = 0; i < n; i++)
		order[i] = i;
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j, t;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % i;
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned int i = 0; i < n; i++)
		head[order[i]] = blk_post(c, vq, &r[order[i]]);
	vct_vq_notify(vq);
	while (done < n) {
		struct vct_used_err e = { 0 };
		uint16_t id = 0;
		uint32_t len = 0;
		unsigned int k;
		int got = vct_vq_wait_used(vq, c->timeout_ms, &id, &len, NULL, &e);

		vct_step_begin(c);
		vct_require(c, got == 1, "used ring entry", "a valid used entry for each request in flight",
			    "%u of %u completed: %s", done, n, got == 1 ? "" : e.why);
		for (k = 0; k < n && head[k] != (int)id; k++)
			;
		vct_require(c, k < n, "used id", "the head of a request in flight", "%u", id);
		vct_step_end(c);
		head[k] = -1;
		blk_finish(&r[k], len);
		done++;
	}
}

uint8_t vct_blk_io(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, void *data, uint32_t len,
		   bool data_in)
{
	struct vct_blk_req r = { .type = type, .sector = sector, .data = data, .len = len, .data_in = data_in };

	vct_blk_do(c, vq, &r);
	return r.status;
}

uint8_t vct_blk_range(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, uint32_t n,
		      uint32_t flags)
{
	struct virtio_blk_discard_write_zeroes s = {
		.sector = htole64(sector), .num_sectors = htole32(n), .flags = htole32(flags),
	};

	return vct_blk_io(c, vq, type, 0, &s, sizeof(s), false);
}

uint64_t vct_blk_capacity(struct vct_ctx *c)
{
	uint64_t cap = 0;

	vct_c_config(c, BLK_CFG_CAPACITY, &cap, 8);
	return le64toh(cap);
}

uint32_t vct_blk_cfg32(struct vct_ctx *c, uint32_t off)
{
	uint32_t v = 0;

	vct_c_config(c, off, &v, 4);
	return le32toh(v);
}

/*
 * The queue size: the device's maximum, half of it or a quarter (at least
 * 32, room for a batch of VCT_BLK_BATCH requests of any shape; the driver
 * may pick any power of 2 up to the maximum for a split ring, any size for
 * a packed one), chosen from the check's seed.
 */
static uint16_t blk_qsize(struct vct_ctx *c)
{
	uint16_t max;

	vct_c_reset(c);
	max = vct_dev_queue_size(c->vd, 0);
	if (!max || (max & (max - 1)) || max < 64)
		return 0;
	switch (check_seed(c) % 3) {
	case 1:
		return (uint16_t)(max / 2);
	case 2:
		return (uint16_t)(max / 4 < 32 ? 32 : max / 4);
	default:
		return 0;
	}
}

void vct_blk_bring(struct vct_ctx *c, struct vct_bringup *b, uint64_t set, uint64_t clear)
{
	*b = (struct vct_bringup){ .nq = 1, .features_set = true, .qsize = blk_qsize(c) };
	vct_dev_default_features(c->vd, b->features);
	b->features[0] = (b->features[0] | (set & c->vd->offered[0])) & ~clear;
	vct_c_bringup(c, b);
}

void vct_blk_need_writable(struct vct_ctx *c)
{
	if (vct_has(c->vd->offered, BLK_F_RO))
		vct_skip(c, "device: read-only (VIRTIO_BLK_F_RO): vct sends it no request that changes the medium");
	if (vct_has(c->vd->offered, BLK_F_ZONED))
		vct_skip(c, "device: zoned (VIRTIO_BLK_F_ZONED): sequential zones take writes at the write pointer "
			    "only; the zoned checks cover it");
}

void vct_blk_pattern(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)((i * 31 + (i >> 8) + seed) | 1);
}
