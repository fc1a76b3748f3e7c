/* SPDX-License-Identifier: MIT */
#include "virtqueue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "vq_order.h"

#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline uint16_t ld16(const void *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
}

static inline void st16(void *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)p, htole16(v), __ATOMIC_RELAXED);
}

static int setup(struct vct_dev *vd, uint16_t index, uint16_t size, uint16_t vector, bool enable,
		 struct vct_vq **out, char *why, size_t whylen)
{
	struct vct_vq *vq;
	uint16_t max;
	int r;

	max = vd->ops->get_queue_size(vd, index);
	if (max == 0) {
		snprintf(why, whylen, "queue %u: queue_size reads 0 (queue not available)", index);
		return -ENOENT;
	}
	if (size == 0)
		size = max;
	if (size > max || size > 32768) {
		snprintf(why, whylen, "queue %u: size %u above the device maximum %u", index, size, max);
		return -EINVAL;
	}
	vq = calloc(1, sizeof(*vq));
	if (!vq)
		return -ENOMEM;
	vq->slots = calloc(size, sizeof(*vq->slots));
	if (!vq->slots) {
		free(vq);
		return -ENOMEM;
	}
	vq->vd = vd;
	vq->index = index;
	vq->size = size;
	vq->vector = vector;
	vq->event_idx = vct_has(vd->features, VCT_F_EVENT_IDX);
	vq->indirect_ok = vct_has(vd->features, VCT_F_INDIRECT_DESC);
	vq->notify_data = vct_has(vd->features, VCT_F_NOTIFICATION_DATA);
	vq->packed = vct_has(vd->features, VCT_F_RING_PACKED);
	vq->in_order = vct_has(vd->features, VCT_F_IN_ORDER);
	if (vq->in_order && !(vq->fifo = calloc(size, sizeof(*vq->fifo)))) {
		vct_vq_free(vq);
		return -ENOMEM;
	}

	/* Separate allocations: a device overrunning one ring hits a guard gap. */
	if (vq->packed) {
		r = __vct_pvq_alloc(vq, why, whylen);
		if (r) {
			vct_vq_free(vq);
			return r;
		}
	} else if ((r = __vct_dma_alloc(&vd->dma, 16u * size, &vq->desc_mem)) ||
	    (r = __vct_dma_alloc(&vd->dma, 6u + 2u * size, &vq->avail_mem)) ||
	    (r = __vct_dma_alloc(&vd->dma, 6u + 8u * size, &vq->used_mem))) {
		snprintf(why, whylen, "queue %u: cannot map ring memory: %s", index, strerror(-r));
		vct_vq_free(vq);
		return r;
	} else {
		vq->desc = vq->desc_mem->va;
		vq->avail = vq->avail_mem->va;
		vq->used = vq->used_mem->va;
		for (uint16_t i = 0; i + 1 < size; i++)
			vq->desc[i].next = htole16(i + 1);
	}
	vq->num_free = size;

	if (size != max)
		vd->ops->set_queue_size(vd, index, size);
	vd->ops->set_queue_addr(vd, index, vq->desc_mem->iova, vq->avail_mem->iova, vq->used_mem->iova);
	vq->vector_readback = vd->ops->set_queue_vector(vd, index, vector);
	r = vd->ops->queue_notify_prepare(vd, index, vq->notify_data, &vq->notify_cookie, why, whylen);
	if (r) {
		vct_vq_free(vq);
		return -ERANGE;
	}
	if (enable)
		vct_vq_enable(vq);
	vd->vq_free = vct_vq_free;
	if (vd->nvqs < sizeof(vd->vqs) / sizeof(vd->vqs[0]))
		vd->vqs[vd->nvqs++] = vq;	/* the vdev frees it on release */
	*out = vq;
	return 0;
}

int __vct_vq_setup(struct vct_dev *vd, uint16_t index, uint16_t size, uint16_t vector,
		   struct vct_vq **out, char *why, size_t whylen)
{
	return setup(vd, index, size, vector, true, out, why, whylen);
}

int __vct_vq_setup_noenable(struct vct_dev *vd, uint16_t index, uint16_t size, uint16_t vector,
			    struct vct_vq **out, char *why, size_t whylen)
{
	return setup(vd, index, size, vector, false, out, why, whylen);
}

void vct_vq_enable(struct vct_vq *vq)
{
	vq->vd->ops->set_queue_enable(vq->vd, vq->index, 1);
}

void vct_vq_free(struct vct_vq *vq)
{
	/* Ring memory belongs to the device's DMA pool and goes with it. */
	if (!vq)
		return;
	for (unsigned int i = 0; i < vq->vd->nvqs; i++)
		if (vq->vd->vqs[i] == vq) {
			vq->vd->vqs[i] = vq->vd->vqs[--vq->vd->nvqs];
			break;
		}
	free(vq->slots);
	free(vq->id_next);
	free(vq->pflags);
	free(vq->fifo);
	free(vq);
}

static void fill_desc(struct vring_desc *d, const struct vct_sg *sg, uint16_t flags, uint16_t next)
{
	d->addr = htole64(sg->iova);
	d->len = htole32(sg->len);
	d->flags = htole16(flags | (sg->write ? VRING_DESC_F_WRITE : 0));
	d->next = htole16(next);
}

int vct_vq_add(struct vct_vq *vq, const struct vct_sg *sg, unsigned int n, void *token, unsigned int flags)
{
	bool tail = flags & VCT_VQ_INDIRECT_TAIL;
	bool indirect = (flags & VCT_VQ_INDIRECT) || tail;
	unsigned int ndirect = tail ? 1 : indirect ? 0 : n;	/* ring descriptors before the indirect one */
	unsigned int need = ndirect + (indirect ? 1 : 0);
	uint16_t head = vq->free_head, idx = head, last = head;
	struct vct_dma_buf *tbl = NULL;
	uint32_t wlen = 0;
	struct vct_vq_slot *s;

	if (vq->packed)
		return __vct_pvq_add(vq, sg, n, token, flags);
	if (n == 0 || n > 4096 || (tail && n < 2) || (flags & VCT_VQ_HOLD))
		return -EINVAL;
	if (vq->num_free < need)
		return -ENOSPC;
	for (unsigned int i = 0; i < n; i++)
		wlen += sg[i].write ? sg[i].len : 0;
	if (indirect) {
		struct vring_desc *d;
		unsigned int k = n - ndirect;
		int r = __vct_dma_alloc(&vq->vd->dma, 16u * k, &tbl);

		if (r)
			return r;
		d = tbl->va;
		for (unsigned int i = 0; i < k; i++)
			fill_desc(&d[i], &sg[ndirect + i], i + 1 < k ? VRING_DESC_F_NEXT : 0,
				  (uint16_t)(i + 1 < k ? i + 1 : 0));
	}
	for (unsigned int i = 0; i < need; i++) {
		uint16_t next = le16toh(vq->desc[idx].next);

		if (i < ndirect) {
			fill_desc(&vq->desc[idx], &sg[i], i + 1 < need ? VRING_DESC_F_NEXT : 0, next);
		} else {
			vq->desc[idx].addr = htole64(tbl->iova);
			vq->desc[idx].len = htole32(16u * (n - ndirect));
			vq->desc[idx].flags = htole16(VRING_DESC_F_INDIRECT |
						      ((flags & VCT_VQ_INDIRECT_WFLAG) ? VRING_DESC_F_WRITE : 0));
		}
		last = idx;
		idx = next;
	}
	vq->free_head = idx;
	s = &vq->slots[head];
	s->indirect = tbl;
	s->ndesc = (uint16_t)need;
	s->busy = true;
	s->last = last;
	s->wlen = wlen;
	s->token = token;
	vq->num_free -= s->ndesc;
	vq->outstanding++;
	if (vq->in_order)
		vq_fifo_push(vq, head);

	vq->avail->ring[vq->avail_idx % vq->size] = htole16(head);
	wmb();	/* ring entry before idx: the device may read idx at any time */
	vq->avail_idx++;
	st16(&vq->avail->idx, vq->avail_idx);
	return head;
}

void vct_vq_notify(struct vct_vq *vq)
{
	struct vct_dev *vd = vq->vd;
	uint32_t v = vq->index;

	if (vq->packed) {
		__vct_pvq_notify(vq);
		return;
	}
	mb();
	vq->kicked_idx = vq->avail_idx;
	if (vq->notify_data)
		v |= (uint32_t)vq->avail_idx << 16;
	vd->ops->notify(vd, vq->index, vq->notify_cookie, v, vq->notify_data);
}

void vct_vq_kick(struct vct_vq *vq)
{
	uint16_t old = vq->kicked_idx, now = vq->avail_idx;

	if (vq->packed) {
		__vct_pvq_kick(vq);
		return;
	}
	mb();	/* avail idx visible before we read the device's suppression state */
	if (vq->event_idx) {
		/* avail_event lives after the used ring */
		uint16_t ev = ld16(&vq->used->ring[vq->size]);

		if ((uint16_t)(now - ev - 1) >= (uint16_t)(now - old))
			return;
	} else if (ld16(&vq->used->flags) & VRING_USED_F_NO_NOTIFY) {
		return;
	}
	vct_vq_notify(vq);
}

uint16_t vct_vq_pending(struct vct_vq *vq)
{
	if (vq->packed)
		return __vct_pvq_pending(vq);
	return (uint16_t)(ld16(&vq->used->idx) - vq->last_used);
}

int vct_vq_adopt(struct vct_vq *vq, uint16_t avail_idx, uint16_t last_used, const uint16_t *owner)
{
	uint16_t prev = 0xffff;

	if (vq->packed)
		return -EINVAL;
	vq->num_free = 0;
	vq->free_head = 0;
	for (uint16_t s = 0; s < vq->size; s++) {
		vq->slots[s].busy = false;
		vq->slots[s].indirect = NULL;
		if (owner[s] != 0xffff)
			continue;
		if (prev == 0xffff)
			vq->free_head = s;
		else
			vq->desc[prev].next = htole16(s);
		prev = s;
		vq->num_free++;
	}
	vq->outstanding = 0;
	vq->fifo_head = vq->fifo_n = 0;
	vq->avail_idx = vq->kicked_idx = avail_idx;
	vq->last_used = last_used;
	vq->batch = false;
	return vq->num_free ? 0 : -ENOSPC;
}

static void release(struct vct_vq *vq, uint16_t id)
{
	struct vct_vq_slot *s = &vq->slots[id];

	if (vq->in_order) {
		/* Descriptors are taken in ring order and come back in order: the
		 * x -> x + 1 links stay as they are and free_head just moves on. */
		vq_fifo_remove(vq, id);
	} else {
		/* The chain's own next links still lead from id to last. */
		vq->desc[s->last].next = htole16(vq->free_head);
		vq->free_head = id;
	}
	vq->num_free += s->ndesc;
	s->busy = false;
	s->indirect = NULL;
	vq->outstanding--;
}

int vct_vq_get_used(struct vct_vq *vq, uint16_t *id, uint32_t *len, void **token, struct vct_used_err *err)
{
	uint16_t pending, uidx;
	uint32_t eid, elen;
	struct vct_vq_slot *s;

	/* Every field defined whatever path returns: callers read overlong/wlen on any error. */
	memset(err, 0, sizeof(*err));
	if (vq->packed)
		return __vct_pvq_get_used(vq, id, len, token, err);
	if (vq->batch) {
		/* The rest of an IN_ORDER batch: no ring entry was written for these. */
		uint16_t h = vq_fifo_oldest(vq);

		s = &vq->slots[h];
		if (id)
			*id = h;
		if (len)
			*len = h == vq->batch_id ? vq->batch_len : s->wlen;
		if (token)
			*token = s->token;
		if (h == vq->batch_id)
			vq->batch = false;
		vq->last_used++;
		release(vq, h);
		if (vq->event_idx)
			st16(&vq->avail->ring[vq->size], vq->last_used);
		return 1;
	}
	pending = vct_vq_pending(vq);
	if (pending == 0)
		return 0;
	uidx = vq->last_used;
	if (pending > vq->outstanding) {
		/* Never walk entries the device could not have written. */
		snprintf(err->why, sizeof(err->why),
			 "used->idx %u is %u ahead of the driver's %u with only %u buffers outstanding",
			 ld16(&vq->used->idx), pending, vq->last_used, vq->outstanding);
		err->id = err->len = 0;
		err->used_idx = uidx;
		vq->last_used = ld16(&vq->used->idx);
		return -EPROTO;
	}
	rmb();	/* idx before the entry it covers */
	eid = le32toh(vq->used->ring[uidx % vq->size].id);
	elen = le32toh(vq->used->ring[uidx % vq->size].len);
	vq->last_used++;
	err->id = eid;
	err->len = elen;
	err->used_idx = uidx;
	if (eid >= vq->size) {
		snprintf(err->why, sizeof(err->why), "used id %u at used index %u is not below the queue size %u",
			 eid, uidx, vq->size);
		return -EPROTO;
	}
	s = &vq->slots[eid];
	if (!s->busy) {
		snprintf(err->why, sizeof(err->why),
			 "used id %u at used index %u was not outstanding (never made available, or returned twice)",
			 eid, uidx);
		return -EPROTO;
	}
	if (elen > s->wlen) {
		uint32_t wlen = s->wlen;

		/* The buffer is done either way; free it, then report. */
		if (token)
			*token = s->token;
		release(vq, (uint16_t)eid);
		snprintf(err->why, sizeof(err->why),
			 "used len %u for id %u is beyond the %u device-writable bytes", elen, eid, wlen);
		err->overlong = true;
		err->wlen = wlen;
		return -EPROTO;
	}
	if (vq->in_order && vq->fifo_n && vq_fifo_oldest(vq) != eid) {
		int k = vq_fifo_find(vq, (uint16_t)eid);
		uint16_t oldest = vq_fifo_oldest(vq);

		if (k > 0 && pending >= (unsigned int)k + 1) {
			/* A batch: used->idx moved by k + 1 for this one entry, which
			 * stands for every buffer made available up to it. */
			vq->batch = true;
			vq->batch_id = (uint16_t)eid;
			vq->batch_len = elen;
			vq->batches++;
			s = &vq->slots[oldest];
			if (id)
				*id = oldest;
			if (len)
				*len = s->wlen;
			if (token)
				*token = s->token;
			release(vq, oldest);
			if (vq->event_idx)
				st16(&vq->avail->ring[vq->size], vq->last_used);
			return 1;
		}
		if (token)
			*token = s->token;
		release(vq, (uint16_t)eid);
		snprintf(err->why, sizeof(err->why),
			 "used id %u at used index %u is not the oldest outstanding buffer %u (IN_ORDER negotiated, used->idx covers %u entries)",
			 eid, uidx, oldest, pending);
		return -EPROTO;
	}
	if (id)
		*id = (uint16_t)eid;
	if (len)
		*len = elen;
	if (token)
		*token = s->token;
	release(vq, (uint16_t)eid);
	if (vq->event_idx)
		st16(&vq->avail->ring[vq->size], vq->last_used);	/* used_event */
	return 1;
}

static int wait_used(struct vct_vq *vq, int timeout_ms, uint64_t deadline, uint16_t *id, uint32_t *len,
		     void **token, struct vct_used_err *err)
{
	unsigned int spins = 0;
	uint64_t t0 = vq->vd->spin_us ? vct_now_us() : 0;

	for (;;) {
		int r;

		vct_dev_poll(vq->vd);
		r = vct_vq_get_used(vq, id, len, token, err);
		if (r)
			return r;
		if (vct_now_ms() >= deadline) {
			if (vq->packed)
				snprintf(err->why, sizeof(err->why),
					 "no used descriptor on queue %u within %d ms (expected at ring slot %u, wrap %u; %u outstanding)",
					 vq->index, timeout_ms, vq->next_used, vq->used_wrap, vq->outstanding);
			else
				snprintf(err->why, sizeof(err->why),
					 "no used entry on queue %u within %d ms (used->idx %u, %u outstanding)", vq->index,
					 timeout_ms, ld16(&vq->used->idx), vq->outstanding);
			return -ETIMEDOUT;
		}
		/*
		 * Spin briefly for fast devices (or spin_us), then back off to spare
		 * the CPU (TCG guests). After a spin_us window the first sleeps stay
		 * short (until 4 x spin_us): a 1 ms sleep there made every answer
		 * that came just after the window cost about 3.4 ms (the fuzzer's
		 * probe: 4 % of its requests on QEMU's virtio-blk).
		 */
		if (++spins > 200 && (!t0 || vct_now_us() - t0 > vq->vd->spin_us)) {
			bool longer = spins > 2000 && (!t0 || vct_now_us() - t0 > 4ull * vq->vd->spin_us);

			/*
			 * A device in another process that can wake the waiter (vhost-user:
			 * the ring's call descriptor) is slept on; one whose session ended
			 * can use nothing more, so the wait ends with that as the reason.
			 */
			if (!vq->vd->ops->idle_wait) {
				usleep(longer ? 1000 : 50);
			} else if (!vq->vd->ops->idle_wait(vq->vd, longer ? 1000 : 100)) {
				snprintf(err->why, sizeof(err->why),
					 "no used entry on queue %u: the device's session ended (used->idx %u, %u outstanding)",
					 vq->index, vq->packed ? 0 : ld16(&vq->used->idx), vq->outstanding);
				return -ETIMEDOUT;
			}
		}
	}
}

int vct_vq_wait_used(struct vct_vq *vq, int timeout_ms, uint16_t *id, uint32_t *len, void **token,
		     struct vct_used_err *err)
{
	uint64_t t0 = vct_now_us();
	uint64_t deadline = t0 / 1000 + (uint64_t)timeout_ms, prev = vct_wait_enter(deadline);
	int r = wait_used(vq, timeout_ms, deadline, id, len, token, err);

	vct_wait_leave(prev);
	vq->vd->used_wait_us += vct_now_us() - t0;
	vq->vd->used_waits++;
	return r;
}

int vct_vq_shuffle_free(struct vct_vq *vq, uint32_t seed)
{
	uint16_t *ids, id;

	if (vq->packed || vq->in_order || !vq->num_free)
		return -EINVAL;
	ids = calloc(vq->num_free, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	id = vq->free_head;
	for (unsigned int i = 0; i < vq->num_free; i++) {
		if (id >= vq->size) {
			free(ids);
			return -EINVAL;
		}
		ids[i] = id;
		id = le16toh(vq->desc[id].next);
	}
	for (unsigned int i = vq->num_free - 1; i > 0; i--) {
		uint16_t t;
		unsigned int j;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % (i + 1);
		t = ids[i];
		ids[i] = ids[j];
		ids[j] = t;
	}
	for (unsigned int i = 0; i + 1 < vq->num_free; i++)
		vq->desc[ids[i]].next = htole16(ids[i + 1]);
	vq->free_head = ids[0];
	free(ids);
	return 0;
}
