/* SPDX-License-Identifier: MIT */
/*
 * Shared by the split and packed drivers when VIRTIO_F_IN_ORDER is
 * negotiated: the outstanding buffers in the order they were made available
 * (a ring of heads / buffer ids), so a used entry can be matched against the
 * oldest one, and a batch (one used entry standing for every buffer up to
 * it) can be expanded into one completion per buffer.
 */
#ifndef VCT_VQ_ORDER_H
#define VCT_VQ_ORDER_H

#include "virtqueue.h"

static inline void vq_fifo_push(struct vct_vq *vq, uint16_t id)
{
	if (!vq->fifo || vq->fifo_n >= vq->size)
		return;
	vq->fifo[(vq->fifo_head + vq->fifo_n) % vq->size] = id;
	vq->fifo_n++;
}

/* Place of @id among the outstanding buffers (0 = oldest), or -1. */
static inline int vq_fifo_find(const struct vct_vq *vq, uint16_t id)
{
	if (!vq->fifo)
		return -1;
	for (uint16_t k = 0; k < vq->fifo_n; k++)
		if (vq->fifo[(vq->fifo_head + k) % vq->size] == id)
			return k;
	return -1;
}

static inline uint16_t vq_fifo_oldest(const struct vct_vq *vq)
{
	return vq->fifo[vq->fifo_head];
}

/* Drop @id wherever it is (normally the oldest). */
static inline void vq_fifo_remove(struct vct_vq *vq, uint16_t id)
{
	int k = vq_fifo_find(vq, id);

	if (k < 0)
		return;
	for (uint16_t j = (uint16_t)k; j > 0; j--)
		vq->fifo[(vq->fifo_head + j) % vq->size] = vq->fifo[(vq->fifo_head + j - 1) % vq->size];
	vq->fifo_head = (uint16_t)((vq->fifo_head + 1) % vq->size);
	vq->fifo_n--;
}

#endif
