/* SPDX-License-Identifier: MIT */
#include "dma.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "transport.h"

void vct_dma_init(struct vct_dma *d, struct vct_transport *t)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->cur = 0;
	d->next = 0;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Reserve [iova, iova+size) from the transport's usable ranges. */
static int iova_reserve(struct vct_dma *d, uint64_t size, uint64_t *iova)
{
	struct vct_transport *t = d->t;

	while (d->cur < t->n_iova) {
		const struct vct_iova_range *r = &t->iova[d->cur];
		/* Never hand out IOVA 0 or the first MiB: a zeroed address must fault. */
		uint64_t lo = r->start < 0x100000 ? 0x100000 : r->start;
		uint64_t start = align_up(d->next > lo ? d->next : lo, VCT_PAGE);

		if (start <= r->end && r->end - start + 1 >= size) {
			*iova = start;
			/* One unmapped guard page after every buffer. */
			d->next = start + size + VCT_PAGE;
			return 0;
		}
		d->cur++;
		d->next = 0;
	}
	return -ENOSPC;
}

/* Pooled: a spare buffer of exactly @map_len, taken out of spare[], or NULL. */
static struct vct_dma_buf *spare_take(struct vct_dma *d, size_t map_len)
{
	for (size_t i = d->nspare; i-- > 0;) {
		struct vct_dma_buf *b = d->spare[i];

		if (b->map_len == map_len) {
			d->spare[i] = d->spare[--d->nspare];
			d->spare_bytes -= map_len;
			return b;
		}
	}
	return NULL;
}

static void buf_free(struct vct_dma *d, struct vct_dma_buf *b)
{
	d->t->ops->dma_unmap(d->t, b->mapped_at ? b->mapped_at : b->iova, b->map_len);
	if (!d->t->ops->dma_mem && !d->pa)	/* (physical-address mode: the arena holds it) */
		munmap(b->va, b->map_len);
	free(b);
}

/*
 * Physical-address mode: a run of pinned, physically consecutive pages from an
 * arena, mapped at its own physical address; tried again should the kernel
 * have moved a page before VFIO pinned it.
 */
static int pa_alloc(struct vct_dma *d, size_t len, size_t map_len, bool aside, struct vct_dma_buf **out)
{
	struct vct_dma_buf *b = calloc(1, sizeof(*b));
	int r = -EAGAIN;

	if (!b)
		return -ENOMEM;
	for (int tries = 0; r == -EAGAIN && tries < 4; tries++) {
		r = vct_dma_pa_place(d, map_len, &b->va, &b->iova);
		if (r)
			break;
		memset(b->va, 0, len);
		memset((char *)b->va + len, VCT_DMA_CANARY, map_len - len);
		b->mapped_at = aside ? d->aside_base + d->aside_next : 0;
		r = d->t->ops->dma_map(d->t, b->va, aside ? b->mapped_at : b->iova, map_len);
		if (r)
			break;
		r = vct_dma_pa_verify(d, b->va, b->iova, map_len);
		if (r)
			d->t->ops->dma_unmap(d->t, aside ? b->mapped_at : b->iova, map_len);
	}
	if (!r && aside)
		d->aside_next += map_len + VCT_PAGE;
	if (r) {
		free(b);
		return r;
	}
	b->len = len;
	b->map_len = map_len;
	d->bufs[d->n++] = b;
	*out = b;
	return 0;
}

static int dma_alloc(struct vct_dma *d, size_t len, bool zero, struct vct_dma_buf **out)
{
	struct vct_dma_buf *b;
	size_t map_len = align_up(len ? len : 1, VCT_PAGE);
	uint64_t iova;
	int r;

	if (len > (1u << 30))
		return -E2BIG;
	if (d->pooled && map_len > VCT_DMA_POOL_EXACT) {
		/*
		 * Page-exact up to VCT_DMA_POOL_EXACT (16 sizes for the fuzz
		 * executor's parts), a power of two above: the slack past @len is
		 * canary, filled at every allocation and checked at every
		 * execution's end, byte by byte (a TCG guest's cost).
		 */
		size_t c = VCT_PAGE;

		while (c < map_len)
			c *= 2;
		map_len = c;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? 2 * d->cap : 64;
		struct vct_dma_buf **nb = realloc(d->bufs, ncap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		d->bufs = nb;
		d->cap = ncap;
	}
	if (d->pooled && (b = spare_take(d, map_len))) {
		b->len = len;
		if (zero)
			memset(b->va, 0, len);
		memset((char *)b->va + len, VCT_DMA_CANARY, map_len - len);
		d->bufs[d->n++] = b;
		*out = b;
		return 0;
	}
	if (d->pa)
		return pa_alloc(d, len, map_len, false, out);
	r = iova_reserve(d, map_len, &iova);
	if (r)
		return r;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (d->t->ops->dma_mem) {
		/* Memory the device already shares with vct (vhost-user): zero what a previous user left. */
		b->va = d->t->ops->dma_mem(d->t, iova, map_len);
		if (!b->va) {
			free(b);
			return -ENOSPC;
		}
		memset(b->va, 0, len);
	} else {
		b->va = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b->va == MAP_FAILED) {
			free(b);
			return -ENOMEM;
		}
		/* A child forked for the next check must not share pinned pages. */
		madvise(b->va, map_len, MADV_DONTFORK);
	}
	b->iova = iova;
	b->len = len;
	b->map_len = map_len;
	memset((char *)b->va + len, VCT_DMA_CANARY, map_len - len);
	r = d->t->ops->dma_map(d->t, b->va, iova, map_len);
	if (r) {
		if (!d->t->ops->dma_mem)
			munmap(b->va, map_len);
		free(b);
		return r;
	}
	d->bufs[d->n++] = b;
	*out = b;
	return 0;
}

int __vct_dma_alloc(struct vct_dma *d, size_t len, struct vct_dma_buf **out)
{
	return dma_alloc(d, len, true, out);
}

int __vct_dma_alloc_unset(struct vct_dma *d, size_t len, struct vct_dma_buf **out)
{
	return dma_alloc(d, len, false, out);
}

int __vct_dma_alloc_aside(struct vct_dma *d, size_t len, struct vct_dma_buf **out)
{
	struct vct_dma_buf **nb;

	if (!d->pa || !d->aside_base || d->aside_next + len + VCT_PAGE > (256u << 20))
		return -ENOTSUP;
	if (d->n == d->cap) {
		nb = realloc(d->bufs, (d->cap ? 2 * d->cap : 64) * sizeof(*nb));
		if (!nb)
			return -ENOMEM;
		d->bufs = nb;
		d->cap = d->cap ? 2 * d->cap : 64;
	}
	return pa_alloc(d, len, align_up(len ? len : 1, VCT_PAGE), true, out);
}

void vct_dma_free_all(struct vct_dma *d)
{
	for (size_t i = 0; i < d->n; i++)
		buf_free(d, d->bufs[i]);
	for (size_t i = 0; i < d->nspare; i++)
		buf_free(d, d->spare[i]);
	free(d->bufs);
	free(d->spare);
	d->bufs = d->spare = NULL;
	d->n = d->cap = d->nspare = d->capspare = d->spare_bytes = 0;
	d->aside_next = 0;
	vct_dma_pa_free(d);
	d->cur = 0;
	d->next = 0;
}

void vct_dma_set_pooled(struct vct_dma *d, bool on)
{
	/*
	 * Not over shared memory (vhost-user): its buffers cost nothing to place,
	 * and each program must get memory no late write from an earlier one reaches.
	 */
	d->pooled = on && !d->t->ops->dma_mem;
}

void vct_dma_recycle(struct vct_dma *d)
{
	if (!d->pooled) {
		vct_dma_free_all(d);
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		struct vct_dma_buf *b = d->bufs[i];

		if (d->nspare == d->capspare) {
			size_t ncap = d->capspare ? 2 * d->capspare : 64;
			struct vct_dma_buf **ns = realloc(d->spare, ncap * sizeof(*ns));

			if (ns) {
				d->spare = ns;
				d->capspare = ncap;
			}
		}
		if (d->nspare < d->capspare && d->spare_bytes + b->map_len <= VCT_DMA_SPARE_MAX) {
			d->spare[d->nspare++] = b;
			d->spare_bytes += b->map_len;
		} else {
			buf_free(d, b);	/* its IOVA stays reserved: the allocator never reuses one */
		}
	}
	d->n = 0;
}

long vct_dma_canary_check(const struct vct_dma_buf *b)
{
	const unsigned char *p = b->va;

	for (size_t i = b->len; i < b->map_len; i++)
		if (p[i] != VCT_DMA_CANARY)
			return (long)i;
	return -1;
}

struct vct_dma_buf *vct_dma_find(struct vct_dma *d, uint64_t iova, uint64_t len)
{
	for (size_t i = 0; i < d->n; i++) {
		struct vct_dma_buf *b = d->bufs[i];

		if (iova >= b->iova && iova - b->iova <= b->map_len && len <= b->map_len - (iova - b->iova))
			return b;
	}
	return NULL;
}

uint64_t vct_dma_guard_iova(struct vct_dma *d)
{
	if (d->pa)	/* no gaps between physical pages: no memory and no device there at all */
		return d->pa_guard;
	if (d->n)
		return d->bufs[d->n - 1]->iova + d->bufs[d->n - 1]->map_len;
	if (d->nspare)	/* (pooled: the bottom of the range may be a mapped spare) */
		return d->spare[0]->iova + d->spare[0]->map_len;
	return 0x100000;
}

void vct_dma_unmap_all(struct vct_dma *d)
{
	if (d->t->ops->dma_unmap_all)
		d->t->ops->dma_unmap_all(d->t);
}
