/* SPDX-License-Identifier: MIT */
/*
 * The hostile reference device: a virtio-pci function whose configuration
 * space, register values and used-ring contents come from a byte string (a
 * fuzz input). It starts from a plausible layout so that vct gets deep into
 * probing, negotiation and queue handling, then lets the input corrupt
 * capabilities, BAR sizes, register reads and used entries. vct must never
 * crash, hang or read out of bounds driving it.
 *
 * Input: [n] n x (cfg offset u8, value u8) patches, [bar4 size selector],
 * then a register stream: each BAR read takes a control byte; below 0xc0 the
 * device answers like a register file, otherwise the next bytes are the value.
 * On a queue notification the stream gives used entries (id, len) and the new
 * used index. When the stream is exhausted the device is merely quiet.
 */
#include "refdev_hostile.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_MAXQ 4
#define H_MAXMAP 64

struct h_map {
	uint64_t iova, size;
	uint8_t *va;
};

struct hostile {
	struct vct_transport t;
	uint8_t cfg[4096];
	const uint8_t *s;
	size_t n, pos;
	uint8_t common[64];	/* register file, queue fields per queue below */
	uint8_t qregs[H_MAXQ][40];	/* offsets 0x18..0x3f */
	uint8_t bar_other[0x4000];
	uint32_t dfsel;
	struct h_map maps[H_MAXMAP];
	unsigned int nmaps;
	uint16_t used_idx[H_MAXQ];
};

#define HD(tp) ((struct hostile *)((char *)(tp) - offsetof(struct hostile, t)))

static int next(struct hostile *h, uint8_t *b)
{
	if (h->pos >= h->n)
		return -1;
	*b = h->s[h->pos++];
	return 0;
}

static uint64_t next_val(struct hostile *h, size_t width)
{
	uint64_t v = 0;
	uint8_t b;

	for (size_t i = 0; i < width && !next(h, &b); i++)
		v |= (uint64_t)b << (8 * i);
	return v;
}

static uint64_t le_ld(const uint8_t *p, size_t w)
{
	uint64_t v = 0;

	for (size_t i = 0; i < w; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void le_st(uint8_t *p, uint64_t v, size_t w)
{
	for (size_t i = 0; i < w; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static unsigned int qsel(const struct hostile *h)
{
	return (unsigned int)le_ld(h->common + 0x16, 2);
}

/* The honest view of a common-config register. */
static uint64_t common_honest(struct hostile *h, uint32_t off, size_t w)
{
	uint8_t img[64];
	unsigned int q = qsel(h);

	memcpy(img, h->common, sizeof(img));
	le_st(img + 4, h->dfsel == 0 ? 0x30000000u : h->dfsel == 1 ? 0x1u : 0, 4);	/* INDIRECT|EVENT_IDX, VERSION_1 */
	le_st(img + 0x12, 2, 2);	/* num_queues */
	if (q < H_MAXQ) {
		memcpy(img + 0x18, h->qregs[q], sizeof(h->qregs[q]));
		if (!le_ld(img + 0x18, 2))
			le_st(img + 0x18, 8, 2);
		le_st(img + 0x1e, q, 2);	/* queue_notify_off */
	} else {
		memset(img + 0x18, 0, 40);
	}
	if (off + w > sizeof(img))
		return 0;
	return le_ld(img + off, w);
}

static struct h_map *map_of(struct hostile *h, uint64_t iova, uint64_t len)
{
	for (unsigned int i = 0; i < h->nmaps; i++)
		if (iova >= h->maps[i].iova && iova - h->maps[i].iova <= h->maps[i].size &&
		    len <= h->maps[i].size - (iova - h->maps[i].iova))
			return &h->maps[i];
	return NULL;
}

static void dma_write(struct hostile *h, uint64_t iova, const void *p, size_t len)
{
	struct h_map *m = map_of(h, iova, len);

	if (m)
		memcpy(m->va + (iova - m->iova), p, len);
}

/* A notification: the used ring of queue q gets entries from the stream. */
static void notify(struct hostile *h, unsigned int q)
{
	uint8_t c;
	uint64_t used;
	uint16_t size;

	if (q >= H_MAXQ || next(h, &c))
		return;
	used = le_ld(h->qregs[q] + (0x30 - 0x18), 8);
	size = (uint16_t)le_ld(h->qregs[q], 2);
	if (!size)
		size = 8;
	for (unsigned int i = 0; i < (c & 3u); i++) {
		uint8_t e[8], k;

		if (next(h, &k))
			break;
		le_st(e, k < 0xe0 ? k % 16u : (uint32_t)next_val(h, 4), 4);
		if (next(h, &k))
			break;
		le_st(e + 4, k < 0xe0 ? k : (uint32_t)next_val(h, 4), 4);
		dma_write(h, used + 4 + 8ULL * (h->used_idx[q] % size), e, 8);
		h->used_idx[q]++;
	}
	{
		uint8_t b[2];
		uint16_t idx = c & 0x80 ? (uint16_t)next_val(h, 2) : h->used_idx[q];

		le_st(b, idx, 2);
		dma_write(h, used + 2, b, 2);
	}
}

static int h_cfg_read(struct vct_transport *t, uint32_t off, void *buf, size_t len)
{
	struct hostile *h = HD(t);

	if (off + len > sizeof(h->cfg))
		return -EINVAL;
	memcpy(buf, h->cfg + off, len);
	return 0;
}

static int h_cfg_write(struct vct_transport *t, uint32_t off, const void *buf, size_t len)
{
	struct hostile *h = HD(t);

	if (off + len > sizeof(h->cfg))
		return -EINVAL;
	if (off >= 0x40)	/* the header stays as it is; capabilities are RAM */
		memcpy(h->cfg + off, buf, len);
	return 0;
}

static int h_bar_read(struct vct_transport *t, int bar, uint64_t off, uint64_t *val, size_t width)
{
	struct hostile *h = HD(t);
	uint8_t c;

	if (bar < 0 || bar >= VCT_NR_BARS || off + width > t->bars[bar].size)
		return -EINVAL;
	if (!next(h, &c) && c >= 0xc0) {
		*val = next_val(h, width);
		return 0;
	}
	if (bar == 4 && off < 64)
		*val = common_honest(h, (uint32_t)off, width);
	else if (off + width <= sizeof(h->bar_other))
		*val = le_ld(h->bar_other + off, width);
	else
		*val = 0;
	return 0;
}

static int h_bar_write(struct vct_transport *t, int bar, uint64_t off, uint64_t val, size_t width)
{
	struct hostile *h = HD(t);

	if (bar < 0 || bar >= VCT_NR_BARS || off + width > t->bars[bar].size)
		return -EINVAL;
	if (bar == 4 && off < 64) {
		unsigned int q = qsel(h);

		if (off == 0 && width == 4)
			h->dfsel = (uint32_t)val;
		if (off >= 0x18 && q < H_MAXQ && off + width <= 0x40)
			le_st(h->qregs[q] + (off - 0x18), val, width);
		else if (off + width <= sizeof(h->common))
			le_st(h->common + off, val, width);
		if (off == 0x14 && width == 1 && !val)
			memset(h->used_idx, 0, sizeof(h->used_idx));
		return 0;
	}
	if (bar == 4 && off >= 0x3000 && off < 0x4000) {
		notify(h, (unsigned int)((off - 0x3000) / 4));
		return 0;
	}
	if (off + width <= sizeof(h->bar_other))
		le_st(h->bar_other + off, val, width);
	return 0;
}

static int h_dma_map(struct vct_transport *t, void *vaddr, uint64_t iova, uint64_t size)
{
	struct hostile *h = HD(t);

	if (h->nmaps >= H_MAXMAP)
		return -ENOSPC;
	h->maps[h->nmaps++] = (struct h_map){ iova, size, vaddr };
	return 0;
}

static int h_dma_unmap(struct vct_transport *t, uint64_t iova, uint64_t size)
{
	struct hostile *h = HD(t);
	unsigned int j = 0;

	for (unsigned int i = 0; i < h->nmaps; i++)
		if (!(h->maps[i].iova >= iova && h->maps[i].iova - iova + h->maps[i].size <= size))
			h->maps[j++] = h->maps[i];
	h->nmaps = j;
	return 0;
}

static int h_dma_unmap_all(struct vct_transport *t)
{
	HD(t)->nmaps = 0;
	return 0;
}

static int h_irq_set(struct vct_transport *t, unsigned int nvec, const int *efds)
{
	return nvec > t->msix_max ? -EINVAL : 0;
}

static int h_reset(struct vct_transport *t)
{
	return -ENOTTY;
}

static void h_poll(struct vct_transport *t)
{
}

static void h_close(struct vct_transport *t)
{
	free(HD(t));
}

static const struct vct_transport_ops h_ops = {
	.kind = "refdev-hostile",
	.cfg_read = h_cfg_read,
	.cfg_write = h_cfg_write,
	.bar_read = h_bar_read,
	.bar_write = h_bar_write,
	.dma_map = h_dma_map,
	.dma_unmap = h_dma_unmap,
	.dma_unmap_all = h_dma_unmap_all,
	.irq_set = h_irq_set,
	.reset = h_reset,
	.poll = h_poll,
	.close = h_close,
};

static void vcap(uint8_t *c, unsigned int at, unsigned int nxt, uint8_t len, uint8_t type, uint8_t bar, uint32_t off,
		 uint32_t length)
{
	c[at] = 0x09;
	c[at + 1] = (uint8_t)nxt;
	c[at + 2] = len;
	c[at + 3] = type;
	c[at + 4] = bar;
	le_st(c + at + 8, off, 4);
	le_st(c + at + 12, length, 4);
}

int vct_refdev_hostile_open(const uint8_t *data, size_t len, struct vct_transport **out)
{
	static const uint64_t bar4_sizes[4] = { 0x4000, 0x1000, 0x100, 0 };
	struct hostile *h = calloc(1, sizeof(*h));
	uint8_t *c, np = 0, sel = 0;
	size_t i = 0;

	*out = NULL;
	if (!h)
		return -ENOMEM;
	c = h->cfg;
	le_st(c + 0x00, 0x1af4, 2);
	le_st(c + 0x02, 0x1044, 2);	/* entropy */
	c[0x06] = 0x10;			/* capability list */
	c[0x08] = 1;
	le_st(c + 0x2c, 0x1af4, 2);
	le_st(c + 0x2e, 0x0004, 2);
	c[0x34] = 0x40;
	vcap(c, 0x40, 0x50, 16, 1, 4, 0x0000, 0x40);	/* common */
	vcap(c, 0x50, 0x68, 20, 2, 4, 0x3000, 0x1000);	/* notify */
	le_st(c + 0x50 + 16, 4, 4);
	vcap(c, 0x68, 0x78, 16, 3, 4, 0x1000, 4);	/* isr */
	vcap(c, 0x78, 0x88, 16, 4, 4, 0x2000, 0x100);	/* device */
	c[0x88] = 0x11;				/* MSI-X, 4 vectors, table BAR 1 */
	c[0x89] = 0;
	le_st(c + 0x8a, 3, 2);
	le_st(c + 0x8c, 1, 4);
	le_st(c + 0x90, 0x801, 4);
	if (len && data) {
		np = data[i++] % 32;
		for (uint8_t k = 0; k < np && i + 2 <= len; k++, i += 2)
			c[data[i]] = data[i + 1];	/* anywhere in the first 256 bytes */
		if (i < len)
			sel = data[i++];
	}
	h->s = data + i;
	h->n = len > i ? len - i : 0;
	h->t.ops = &h_ops;
	snprintf(h->t.name, sizeof(h->t.name), "refdev:hostile");
	h->t.cfg_size = 4096;
	h->t.bars[1] = (struct vct_bar){ 0x1000, false };
	h->t.bars[4] = (struct vct_bar){ bar4_sizes[sel & 3], false };
	if (sel & 4)
		h->t.bars[2] = (struct vct_bar){ 0x1000, (sel & 8) != 0 };
	h->t.msix_max = 4;
	h->t.iova[0] = (struct vct_iova_range){ 0, (1ULL << 48) - 1 };
	h->t.n_iova = 1;
	*out = &h->t;
	return 0;
}
