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
};

void vct_dma_init(struct vct_dma *d, struct vct_transport *t);
/* Allocate, zero, canary-fill and map @len bytes; -errno on failure. */
int __vct_dma_alloc(struct vct_dma *d, size_t len, struct vct_dma_buf **out);
/* Unmap and free every buffer; IOVAs restart from the bottom. */
void vct_dma_free_all(struct vct_dma *d);
/* Remove every mapping the back end holds, even ones a crashed check left behind. */
void vct_dma_unmap_all(struct vct_dma *d);
/* First offset in [len, map_len) whose canary was changed, or -1. */
long vct_dma_canary_check(const struct vct_dma_buf *b);
/* Buffer containing [iova, iova+len), or NULL. */
struct vct_dma_buf *vct_dma_find(struct vct_dma *d, uint64_t iova, uint64_t len);
/* An IOVA guaranteed unmapped (inside a guard gap), for tests of stray DMA. */
uint64_t vct_dma_guard_iova(struct vct_dma *d);

#endif
