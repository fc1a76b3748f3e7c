/* SPDX-License-Identifier: MIT */
/*
 * The virtqueue driver (split ring here, packed ring in packed.c, chosen by
 * the negotiated VIRTIO_F_RING_PACKED). It keeps a shadow of every buffer it
 * made available, so each used entry the device returns is validated before
 * use: the id was outstanding, the length fits the device-writable part, no
 * entry comes back twice, and used->idx never runs ahead of what is
 * outstanding. A bad entry is reported with the evidence, never trusted.
 */
#ifndef VCT_VIRTQUEUE_H
#define VCT_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/virtio_ring.h>

#include "dev.h"

struct vct_sg {
	uint64_t iova;
	uint32_t len;
	bool write;		/* device-writable */
};

struct vct_vq_slot {
	bool busy;
	uint16_t ndesc;		/* ring descriptors it holds (1 when indirect) */
	uint16_t last;		/* last ring descriptor of the chain */
	uint32_t wlen;		/* device-writable bytes */
	void *token;
	struct vct_dma_buf *indirect;
	uint16_t ring_pos;	/* packed: ring slot of the chain's first descriptor */
};

struct vct_vq {
	struct vct_dev *vd;
	uint16_t index;
	uint16_t size;
	uint16_t vector;	/* as written */
	uint16_t vector_readback;	/* as the device read it back */
	bool event_idx;
	bool indirect_ok;
	bool notify_data;
	struct vct_dma_buf *desc_mem, *avail_mem, *used_mem;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx;	/* shadow of avail->idx */
	uint16_t kicked_idx;	/* avail idx at the last notification */
	uint16_t last_used;
	uint64_t notify_cookie;	/* where notifications go, as the transport's queue_notify_prepare said */
	unsigned int outstanding;
	struct vct_vq_slot *slots;

	/*
	 * Packed ring (VIRTIO_F_RING_PACKED negotiated; harness/virtio/packed.c). The
	 * split pointers desc/avail/used stay NULL; desc_mem, avail_mem and
	 * used_mem hold the descriptor ring, the driver and the device event
	 * suppression structures. slots[] is indexed by buffer id.
	 */
	bool packed;
	bool in_order;		/* VIRTIO_F_IN_ORDER negotiated (both formats) */
	struct vring_packed_desc *pdesc;
	struct vring_packed_desc_event *drv_event;	/* driver area: the device reads it */
	struct vring_packed_desc_event *dev_event;	/* device area: the device writes it */
	uint16_t next_avail;	/* ring slot the next descriptor goes to */
	uint16_t next_used;	/* ring slot the next used descriptor is expected at */
	bool avail_wrap, used_wrap;	/* driver / expected device ring wrap counters */
	uint16_t num_added;	/* descriptors made available since the last notification */
	uint16_t free_id;	/* head of the free buffer id list (id_next links) */
	uint16_t *id_next;
	uint16_t *pflags;	/* flags the driver last wrote into each ring slot */
	uint16_t last_used_pos;	/* ring slot of the last used descriptor read */
	uint16_t last_used_flags;	/* and its flags as the device wrote them */

	/* IN_ORDER: buffers (head / id) in the order made available, and batches. */
	uint16_t *fifo;
	uint16_t fifo_head, fifo_n;
	bool batch;		/* returning a batch the device used with one entry */
	uint16_t batch_id;
	uint32_t batch_len;
	unsigned int batches;	/* batched used entries seen */
};

/* Returned by vct_vq_get_used for an entry that must not be trusted. */
struct vct_used_err {
	char why[160];
	uint32_t id, len;
	uint32_t wlen;		/* len beyond the writable bytes: how many there were (the buffer is released) */
	bool overlong;
	uint16_t used_idx;
};

enum {
	VCT_VQ_INDIRECT = 1 << 0,	/* the whole chain in one indirect table */
	VCT_VQ_INDIRECT_TAIL = 1 << 1,	/* sg[0] direct, the rest behind an indirect descriptor */
	VCT_VQ_INDIRECT_WFLAG = 1 << 2,	/* also set WRITE on the indirect descriptor (devices must ignore it) */
	VCT_VQ_HOLD = 1 << 3,		/* packed: write the list but leave it unexposed until vct_vq_expose */
};

/*
 * Select queue @index, size it (@size 0 = the device's maximum), give it
 * rings in DMA memory, bind @vector and enable it. -ENOENT: the queue does not
 * exist (size 0); -ERANGE: its notify offset is outside the notify region;
 * -EINVAL: @size above the maximum. @why says which register said so.
 */
int __vct_vq_setup(struct vct_dev *vd, uint16_t index, uint16_t size, uint16_t vector,
		   struct vct_vq **out, char *why, size_t whylen);
/* Program the rings but do not write queue_enable. */
int __vct_vq_setup_noenable(struct vct_dev *vd, uint16_t index, uint16_t size, uint16_t vector,
			    struct vct_vq **out, char *why, size_t whylen);
void vct_vq_enable(struct vct_vq *vq);
void vct_vq_free(struct vct_vq *vq);

/*
 * Reorder the free descriptors of a split ring (not IN_ORDER) after a
 * permutation drawn from @seed, so that vct_vq_add hands out descriptor ids
 * in that order instead of 0, 1, 2, ...: which descriptors a chain uses is
 * the driver's choice. Guarantees: the set of free descriptors and num_free
 * stay as they are. -EINVAL for a packed or IN_ORDER ring (ids follow the
 * ring there) or a free list that does not add up.
 */
int vct_vq_shuffle_free(struct vct_vq *vq, uint32_t seed);

/* Make a chain available: @n entries, readable ones first. Head id or -errno. */
int vct_vq_add(struct vct_vq *vq, const struct vct_sg *sg, unsigned int n, void *token, unsigned int flags);
/* Notify when the device asked for it (event idx / NO_NOTIFY); vct_vq_notify always does. */
void vct_vq_kick(struct vct_vq *vq);
void vct_vq_notify(struct vct_vq *vq);

/*
 * One used entry: 1 and @id, @len, @token set when valid; 0 when none is pending;
 * -EPROTO with @err filled when the device returned an invalid entry (it is
 * consumed so the next call moves on).
 */
int vct_vq_get_used(struct vct_vq *vq, uint16_t *id, uint32_t *len, void **token, struct vct_used_err *err);
/* Like get_used, waiting up to @timeout_ms: -ETIMEDOUT when nothing came. */
int vct_vq_wait_used(struct vct_vq *vq, int timeout_ms, uint16_t *id, uint32_t *len, void **token,
		     struct vct_used_err *err);
/* Used entries published but not yet consumed (device's used->idx - ours). */
uint16_t vct_vq_pending(struct vct_vq *vq);
/*
 * Take over a split ring that another driver wrote descriptor by descriptor
 * (the fuzz executor): nothing of it outstanding, the next available entry
 * at @avail_idx, used entries consumed up to @last_used, and the free list
 * rebuilt from @owner (a slot is free where it reads 0xffff). -EINVAL for a
 * packed ring, -ENOSPC when no slot is free.
 */
int vct_vq_adopt(struct vct_vq *vq, uint16_t avail_idx, uint16_t last_used, const uint16_t *owner);

/* Packed ring, called through the functions above (harness/virtio/packed.c). */
int __vct_pvq_alloc(struct vct_vq *vq, char *why, size_t whylen);
int __vct_pvq_add(struct vct_vq *vq, const struct vct_sg *sg, unsigned int n, void *token, unsigned int flags);
void __vct_pvq_notify(struct vct_vq *vq);
void __vct_pvq_kick(struct vct_vq *vq);
uint16_t __vct_pvq_pending(struct vct_vq *vq);
int __vct_pvq_get_used(struct vct_vq *vq, uint16_t *id, uint32_t *len, void **token, struct vct_used_err *err);
/* Packed: make a list added with VCT_VQ_HOLD available (its first descriptor's flags). */
int vct_vq_expose(struct vct_vq *vq, int id);
/* Event suppression of used buffer notifications: flags (RING_EVENT_FLAGS_*) and offset/wrap. */
void vct_pvq_set_driver_event(struct vct_vq *vq, uint16_t flags, uint16_t off, bool wrap);

#endif
