/* SPDX-License-Identifier: MIT */
/*
 * DMA memory for the device under test. vct chooses every IOVA itself and
 * leaves an unmapped guard page between buffers, so a device that runs past a
 * buffer faults in the IOMMU instead of corrupting a neighbour. The slack
 * between a buffer's length and its page end holds a canary that checks and
 * oracles verify.
 */
#ifndef VCT_DMA_H
#define VCT_DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The host back end that maps memory for the device (harness/transport/transport.h). */
struct vct_transport;

#define VCT_DMA_CANARY 0xa5
#define VCT_PAGE 4096u

struct vct_dma_buf {
	void *va;
	uint64_t iova;
	size_t len;		/* what the caller asked for */
	size_t map_len;		/* page rounded; [len, map_len) is canary */
};

struct vct_dma {
	struct vct_transport *t;
	uint64_t next;		/* next free IOVA in range[cur] */
	unsigned int cur;
	struct vct_dma_buf **bufs;
	size_t n, cap;
	/*
	 * Pooled (vct_dma_set_pooled): buffers are page-rounded to a power of
	 * two, and vct_dma_recycle keeps them mapped in spare[] for later
	 * allocations instead of unmapping them. For a driver that builds and
	 * tears down many short lives on one device (the fuzz executor): a map
	 * and an unmap cost more than the device's work.
	 */
	bool pooled;
	struct vct_dma_buf **spare;
	size_t nspare, capspare, spare_bytes;
};

void vct_dma_init(struct vct_dma *d, struct vct_transport *t);
/* Allocate, zero, canary-fill and map @len bytes; -errno on failure. */
int __vct_dma_alloc(struct vct_dma *d, size_t len, struct vct_dma_buf **out);
/* Unmap and free every buffer (spares included); IOVAs restart from the bottom. */
void vct_dma_free_all(struct vct_dma *d);
/* Remove every mapping the back end holds, even ones a crashed check left behind. */
void vct_dma_unmap_all(struct vct_dma *d);
/* Pooled mode on or off (off: spares are unmapped at the next vct_dma_recycle). */
void vct_dma_set_pooled(struct vct_dma *d, bool on);
/*
 * Every buffer is released: pooled, kept mapped (up to VCT_DMA_SPARE_MAX
 * bytes, each at its IOVA with its guard page) for allocations to reuse,
 * zeroed and canary-filled again then; else as vct_dma_free_all.
 */
void vct_dma_recycle(struct vct_dma *d);
#define VCT_DMA_SPARE_MAX (16u << 20)
/* First offset in [len, map_len) whose canary was changed, or -1. */
long vct_dma_canary_check(const struct vct_dma_buf *b);
/* Buffer containing [iova, iova+len), or NULL. */
struct vct_dma_buf *vct_dma_find(struct vct_dma *d, uint64_t iova, uint64_t len);
/* An IOVA guaranteed unmapped (inside a guard gap), for tests of stray DMA. */
uint64_t vct_dma_guard_iova(struct vct_dma *d);

#endif
