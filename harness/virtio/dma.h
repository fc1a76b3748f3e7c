/* SPDX-License-Identifier: MIT */
/*
 * DMA memory for the device under test. vct chooses every IOVA itself and
 * leaves an unmapped guard page between buffers, so a device that runs past a
 * buffer faults in the IOMMU instead of corrupting a neighbour. The slack
 * between a buffer's length and its page end holds a canary that checks and
 * oracles verify.
 *
 * A device that does not offer VIRTIO_F_ACCESS_PLATFORM may bypass the IOMMU
 * and use physical addresses (a vhost-user back end behind QEMU's vIOMMU, a
 * device built for guest-physical DMA). Physical-address mode (dma_pa.c)
 * serves it: every buffer is pinned, physically contiguous, and mapped at an
 * IOVA equal to its physical address, so the device's view and vct's agree
 * whether or not translation applies. There are no guard gaps then.
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
	uint64_t mapped_at;	/* where the IOMMU maps it when that is not iova (vct_dma_alloc_aside), else 0 */
};

/* How vct chooses the addresses it gives the device (vct run --iova). */
enum vct_iova_mode {
	VCT_IOVA_AUTO,	/* physical addresses where the device does not offer ACCESS_PLATFORM, else va */
	VCT_IOVA_VA,	/* IOVAs of vct's choosing with unmapped guard pages: the IOMMU translates */
	VCT_IOVA_PA,	/* IOVA == physical address (dma_pa.c) */
};

/* Pinned memory whose physical addresses are known (dma_pa.c). */
struct vct_pa_arena {
	uint8_t *va;
	size_t len;
	size_t next;		/* first page not handed out */
	uint64_t *pa;		/* per page: its physical address, 0 if vct cannot give it to the device */
};

struct vct_dma {
	struct vct_transport *t;
	uint64_t next;		/* next free IOVA in range[cur] */
	unsigned int cur;
	struct vct_dma_buf **bufs;
	size_t n, cap;
	/*
	 * Pooled (vct_dma_set_pooled): buffers are page-rounded (to a power
	 * of two above VCT_DMA_POOL_EXACT), and vct_dma_recycle keeps them mapped in spare[] for later
	 * allocations instead of unmapping them. For a driver that builds and
	 * tears down many short lives on one device (the fuzz executor): a map
	 * and an unmap cost more than the device's work.
	 */
	bool pooled;
	struct vct_dma_buf **spare;
	size_t nspare, capspare, spare_bytes;
	/* Physical-address mode (vct_dma_pa_enable): buffers come from arenas. */
	bool pa;
	struct vct_pa_arena *arena;
	size_t narena;
	uint64_t pa_guard;	/* above every resource of the machine: no memory, no device */
	uint64_t aside_base;	/* IOMMU addresses for __vct_dma_alloc_aside from here (above all RAM); 0: none */
	uint64_t aside_next;	/* offset of the next one */
};

void vct_dma_init(struct vct_dma *d, struct vct_transport *t);
/* Allocate, zero, canary-fill and map @len bytes; -errno on failure. */
int __vct_dma_alloc(struct vct_dma *d, size_t len, struct vct_dma_buf **out);
/*
 * The same, but a pooled buffer's first @len bytes keep what its last user
 * left (fresh memory is zero): for a caller that fills them itself at once.
 */
int __vct_dma_alloc_unset(struct vct_dma *d, size_t len, struct vct_dma_buf **out);
#define VCT_DMA_POOL_EXACT (64u << 10)
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
/* Why a check that needs an access to fault in the IOMMU skips in physical-address mode. */
#define VCT_SKIP_PA_NOFAULT                                                                                        \
	"device: physical-address DMA mode (no VIRTIO_F_ACCESS_PLATFORM, or --iova pa): the device may bypass the "    \
	"IOMMU, so no buffer address is sure to fault in it"
/* "auto", "pa" or "va" (the option's values; anything else is auto). */
enum vct_iova_mode vct_iova_mode_parse(const char *s);
/*
 * Physical-address mode on (before any allocation). Fails with -errno and one
 * line in @why (what is missing, and the fix) where it cannot work: no frame
 * numbers in /proc/self/pagemap (needs CAP_SYS_ADMIN), memory the IOMMU's
 * IOVA ranges do not cover, a back end whose device shares memory instead
 * (vhost-user).
 */
int vct_dma_pa_enable(struct vct_dma *d, char *why, size_t whylen);
/*
 * Physical-address mode only: a buffer whose iova is its physical address
 * while the IOMMU maps it somewhere else (mapped_at, above all RAM). A device
 * whose DMA the IOMMU translates cannot reach it at iova; one that bypasses
 * the IOMMU can. -ENOTSUP outside the mode or where the IOMMU has no room.
 */
int __vct_dma_alloc_aside(struct vct_dma *d, size_t len, struct vct_dma_buf **out);
/* dma.c's helpers in dma_pa.c: place @map_len bytes (page multiple), check them after mapping, free all. */
int vct_dma_pa_place(struct vct_dma *d, size_t map_len, void **va, uint64_t *pa);
int vct_dma_pa_verify(struct vct_dma *d, void *va, uint64_t pa, size_t map_len);
void vct_dma_pa_free(struct vct_dma *d);

/* First offset in [len, map_len) whose canary was changed, or -1. */
long vct_dma_canary_check(const struct vct_dma_buf *b);
/* Buffer containing [iova, iova+len), or NULL. */
struct vct_dma_buf *vct_dma_find(struct vct_dma *d, uint64_t iova, uint64_t len);
/*
 * An IOVA guaranteed unmapped (inside a guard gap), for tests of stray DMA.
 * Physical-address mode: an address above every resource of the machine, so
 * neither an IOMMU nor the bus gives a device memory there.
 */
uint64_t vct_dma_guard_iova(struct vct_dma *d);

#endif
