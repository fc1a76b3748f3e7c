/* SPDX-License-Identifier: MIT */
/*
 * The packed virtqueue, driver side, behind the same struct vct_vq interface
 * as the split ring (virtqueue.c dispatches here when VIRTIO_F_RING_PACKED was
 * negotiated).
 *
 * One descriptor ring, used in a circle by both sides: the driver writes
 * available descriptors (AVAIL = its wrap counter, USED = the inverse), the
 * device overwrites them with used descriptors (AVAIL = USED = its wrap
 * counter) carrying the buffer id, one per buffer, and both skip over the
 * rest of the buffer's chain. The driver area holds the driver's event
 * suppression structure (read by the device: when to send used buffer
 * notifications), the device area the device's (when to send available
 * buffer notifications).
 *
 * Validation mirrors the split driver: a used descriptor is only taken when
 * its flags mark it used for the expected wrap counter; its id must be an
 * outstanding buffer, its length (when WRITE says the device wrote) must fit
 * the writable bytes, and an id coming back twice is caught because the id is
 * no longer outstanding. A slot whose flags the device changed into something
 * that is neither our available pattern nor a used one is reported too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "virtqueue.h"
#include "vq_order.h"

#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#define F_AVAIL (1u << VRING_PACKED_DESC_F_AVAIL)
#define F_USED (1u << VRING_PACKED_DESC_F_USED)
#define NO_ID 0xffff

static inline uint16_t ld16(const void *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
}

static inline void st16(void *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)p, htole16(v), __ATOMIC_RELAXED);
}

static inline uint16_t avail_flags(bool wrap)
{
	return (uint16_t)(wrap ? F_AVAIL : F_USED);
}

static inline bool is_used(uint16_t flags, bool wrap)
{
	return !!(flags & F_AVAIL) == wrap && !!(flags & F_USED) == wrap;
}

int __vct_pvq_alloc(struct vct_vq *vq, char *why, size_t whylen)
{
	struct vct_dev *vd = vq->vd;
	int r;

	vq->id_next = calloc(vq->size, sizeof(*vq->id_next));
	vq->pflags = calloc(vq->size, sizeof(*vq->pflags));
	if (!vq->id_next || !vq->pflags)
		return -ENOMEM;
	/* Zeroed memory: the ring starts with no descriptor available or used. */
	if ((r = __vct_dma_alloc(&vd->dma, 16u * vq->size, &vq->desc_mem)) ||
	    (r = __vct_dma_alloc(&vd->dma, 4, &vq->avail_mem)) ||
	    (r = __vct_dma_alloc(&vd->dma, 4, &vq->used_mem))) {
		snprintf(why, whylen, "queue %u: cannot map packed ring memory: %s", vq->index, strerror(-r));
		return r;
	}
	vq->pdesc = vq->desc_mem->va;
	vq->drv_event = vq->avail_mem->va;
	vq->dev_event = vq->used_mem->va;
	for (uint16_t i = 0; i < vq->size; i++)
		vq->id_next[i] = (uint16_t)(i + 1 < vq->size ? i + 1 : NO_ID);
	vq->free_id = 0;
	vq->avail_wrap = vq->used_wrap = true;
	if (vq->event_idx)
		vct_pvq_set_driver_event(vq, VRING_PACKED_EVENT_FLAG_DESC, 0, true);
	return 0;
}

void vct_pvq_set_driver_event(struct vct_vq *vq, uint16_t flags, uint16_t off, bool wrap)
{
	st16(&vq->drv_event->off_wrap, (uint16_t)((off & 0x7fff) | (wrap ? 1u << VRING_PACKED_EVENT_F_WRAP_CTR : 0)));
	wmb();	/* offset before the flags that make it meaningful */
	st16(&vq->drv_event->flags, flags);
	mb();
}

static void put_desc(struct vct_vq *vq, uint16_t pos, uint64_t addr, uint32_t len, uint16_t id)
{
	struct vring_packed_desc *d = &vq->pdesc[pos];

	d->addr = htole64(addr);
	d->len = htole32(len);
	d->id = htole16(id);
}

int __vct_pvq_add(struct vct_vq *vq, const struct vct_sg *sg, unsigned int n, void *token, unsigned int flags)
{
	bool indirect = flags & VCT_VQ_INDIRECT;
	unsigned int need = indirect ? 1 : n;
	uint16_t id = vq->free_id, pos = vq->next_avail, first = vq->next_avail, first_flags = 0;
	bool wrap = vq->avail_wrap;
	struct vct_dma_buf *tbl = NULL;
	struct vct_vq_slot *s;
	uint32_t wlen = 0;

	/* A list mixing direct descriptors and an indirect one is not allowed in a packed ring. */
	if (n == 0 || n > 4096 || (flags & VCT_VQ_INDIRECT_TAIL))
		return -EINVAL;
	if (need > vq->size)
		return -EINVAL;
	if (vq->num_free < need || id == NO_ID)
		return -ENOSPC;
	for (unsigned int i = 0; i < n; i++)
		wlen += sg[i].write ? sg[i].len : 0;
	if (indirect) {
		struct vring_packed_desc *t;
		int r = __vct_dma_alloc(&vq->vd->dma, 16u * n, &tbl);

		if (r)
			return r;
		t = tbl->va;
		for (unsigned int i = 0; i < n; i++) {
			t[i].addr = htole64(sg[i].iova);
			t[i].len = htole32(sg[i].len);
			t[i].id = 0;
			t[i].flags = htole16(sg[i].write ? VRING_DESC_F_WRITE : 0);
		}
	}
	for (unsigned int i = 0; i < need; i++) {
		uint16_t f = avail_flags(wrap);

		if (indirect) {
			put_desc(vq, pos, tbl->iova, 16u * n, id);
			f |= VRING_DESC_F_INDIRECT | ((flags & VCT_VQ_INDIRECT_WFLAG) ? VRING_DESC_F_WRITE : 0);
		} else {
			put_desc(vq, pos, sg[i].iova, sg[i].len, id);
			f |= (sg[i].write ? VRING_DESC_F_WRITE : 0) | (i + 1 < need ? VRING_DESC_F_NEXT : 0);
		}
		vq->pflags[pos] = f;
		if (i == 0) {
			first_flags = f;	/* written last: it exposes the whole list */
		} else {
			wmb();
			st16(&vq->pdesc[pos].flags, f);
		}
		if (++pos == vq->size) {
			pos = 0;
			wrap = !wrap;
		}
	}
	vq->free_id = vq->id_next[id];
	vq->id_next[id] = NO_ID;
	s = &vq->slots[id];
	s->busy = true;
	s->ndesc = (uint16_t)need;
	s->ring_pos = first;
	s->last = first;
	s->wlen = wlen;
	s->token = token;
	s->indirect = tbl;
	vq->num_free -= (uint16_t)need;
	vq->outstanding++;
	vq->num_added += (uint16_t)need;
	vq->next_avail = pos;
	vq->avail_wrap = wrap;
	if (vq->in_order)
		vq_fifo_push(vq, id);
	if (flags & VCT_VQ_HOLD)
		return id;	/* pflags[first] keeps what vct_vq_expose writes */
	wmb();	/* the list before the flags of its first descriptor */
	st16(&vq->pdesc[first].flags, first_flags);
	return id;
}

int vct_vq_expose(struct vct_vq *vq, int id)
{
	uint16_t pos;

	if (!vq->packed || id < 0 || id >= vq->size || !vq->slots[id].busy)
		return -EINVAL;
	pos = vq->slots[id].ring_pos;
	wmb();
	st16(&vq->pdesc[pos].flags, vq->pflags[pos]);
	return 0;
}

void __vct_pvq_notify(struct vct_vq *vq)
{
	struct vct_dev *vd = vq->vd;
	uint32_t v = vq->index;

	mb();
	vq->num_added = 0;
	if (vq->notify_data)
		v |= (uint32_t)(vq->next_avail | (vq->avail_wrap ? 0x8000u : 0)) << 16;
	vd->ops->notify(vd, vq->index, vq->notify_cookie, v, vq->notify_data);
}

void __vct_pvq_kick(struct vct_vq *vq)
{
	uint16_t flags, off_wrap, ev, now = vq->next_avail, old;

	mb();	/* the descriptors visible before we read the device's suppression state */
	flags = ld16(&vq->dev_event->flags) & 3;
	off_wrap = ld16(&vq->dev_event->off_wrap);
	if (flags == VRING_PACKED_EVENT_FLAG_DISABLE)
		return;
	if (flags == VRING_PACKED_EVENT_FLAG_DESC && vq->event_idx) {
		/* Positions in one index space: the event offset of the previous lap is size lower. */
		old = (uint16_t)(now - vq->num_added);
		ev = off_wrap & 0x7fff;
		if (!!(off_wrap >> 15) != vq->avail_wrap)
			ev = (uint16_t)(ev - vq->size);
		if ((uint16_t)(now - ev - 1) >= (uint16_t)(now - old))
			return;
	}
	__vct_pvq_notify(vq);
}

/* Used descriptors ready at and after next_used, walked without consuming them. */
uint16_t __vct_pvq_pending(struct vct_vq *vq)
{
	uint16_t pos = vq->next_used, n = 0;
	bool wrap = vq->used_wrap;

	if (vq->batch)
		return (uint16_t)(vq->fifo_n ? 1 : 0);
	while (n < vq->outstanding) {
		uint16_t f = ld16(&vq->pdesc[pos].flags), id, step;

		/* (flags as the driver left them are not used: __vct_pvq_get_used) */
		if (!is_used(f, wrap) || f == vq->pflags[pos])
			break;
		rmb();
		id = ld16(&vq->pdesc[pos].id);
		if (id >= vq->size || !vq->slots[id].busy)
			return (uint16_t)(n + 1);	/* garbage counts: get_used reports it */
		n++;
		step = vq->slots[id].ndesc ? vq->slots[id].ndesc : 1;
		if (vq->in_order && vq->fifo_n) {
			/* A batch skips every chain up to and including id. */
			int k = vq_fifo_find(vq, id);

			step = 0;
			for (int j = 0; j <= k; j++)
				step = (uint16_t)(step + vq->slots[vq->fifo[(vq->fifo_head + j) % vq->size]].ndesc);
			if (!step)
				step = 1;
		}
		pos = (uint16_t)(pos + step);
		if (pos >= vq->size) {
			pos = (uint16_t)(pos - vq->size);
			wrap = !wrap;
		}
	}
	return n;
}

static void advance_used(struct vct_vq *vq, uint16_t step)
{
	vq->next_used = (uint16_t)(vq->next_used + step);
	if (vq->next_used >= vq->size) {
		vq->next_used = (uint16_t)(vq->next_used - vq->size);
		vq->used_wrap = !vq->used_wrap;
	}
}

static void release_id(struct vct_vq *vq, uint16_t id)
{
	struct vct_vq_slot *s = &vq->slots[id];

	vq->num_free = (uint16_t)(vq->num_free + s->ndesc);
	s->busy = false;
	s->indirect = NULL;
	vq->id_next[id] = vq->free_id;
	vq->free_id = id;
	vq->outstanding--;
	if (vq->in_order)
		vq_fifo_remove(vq, id);
}

/* One completion of @id: consume its chain's ring slots and update the event offset. */
static int complete(struct vct_vq *vq, uint16_t cid, uint32_t clen, uint16_t *id, uint32_t *len, void **token)
{
	struct vct_vq_slot *s = &vq->slots[cid];

	if (id)
		*id = cid;
	if (len)
		*len = clen;
	if (token)
		*token = s->token;
	advance_used(vq, s->ndesc);
	release_id(vq, cid);
	if (vq->event_idx && ld16(&vq->drv_event->flags) == VRING_PACKED_EVENT_FLAG_DESC)
		vct_pvq_set_driver_event(vq, VRING_PACKED_EVENT_FLAG_DESC, vq->next_used, vq->used_wrap);
	return 1;
}

int __vct_pvq_get_used(struct vct_vq *vq, uint16_t *id, uint32_t *len, void **token, struct vct_used_err *err)
{
	uint16_t pos = vq->next_used, f, eid;
	uint32_t elen;
	struct vct_vq_slot *s;

	if (vq->batch) {
		/* The rest of an IN_ORDER batch: the device wrote one used descriptor for all. */
		uint16_t h = vq_fifo_oldest(vq);
		bool last = h == vq->batch_id;

		if (last)
			vq->batch = false;
		return complete(vq, h, last ? vq->batch_len : vq->slots[h].wlen, id, len, token);
	}
	f = ld16(&vq->pdesc[pos].flags);
	err->id = err->len = 0;
	err->used_idx = pos;
	/*
	 * Flags as the driver itself last wrote them are not the device's
	 * answer, even where they read as used: a list held back with AVAIL and
	 * USED both at the driver's wrap counter (the fuzzer's PPOST wrap=2)
	 * looks used before the device did anything. (A device that uses such a
	 * list shows in the buffers it writes.)
	 */
	if (f == vq->pflags[pos])
		return 0;
	if (!is_used(f, vq->used_wrap)) {
		/* Still as the driver left it (available, or an old used one): nothing yet. */
		if (is_used(f, !vq->used_wrap) || !vq->outstanding)
			return 0;
		if (!!(f & F_AVAIL) != !!(f & F_USED) && (f & (F_AVAIL | F_USED)) == (vq->pflags[pos] & (F_AVAIL | F_USED)))
			return 0;	/* the device touched other bits only; not a used descriptor */
		snprintf(err->why, sizeof(err->why),
			 "ring slot %u: flags changed from 0x%04x to 0x%04x, which marks it neither available nor used for wrap counter %u",
			 pos, vq->pflags[pos], f, vq->used_wrap);
		vq->pflags[pos] = f;	/* report once */
		return -EPROTO;
	}
	rmb();	/* flags before the id and len they cover */
	eid = ld16(&vq->pdesc[pos].id);
	elen = le32toh(vq->pdesc[pos].len);
	vq->last_used_pos = pos;
	vq->last_used_flags = f;
	err->id = eid;
	err->len = elen;
	if (!vq->outstanding) {
		snprintf(err->why, sizeof(err->why),
			 "ring slot %u marked used (flags 0x%04x, id %u) with no buffer outstanding", pos, f, eid);
		advance_used(vq, 1);
		return -EPROTO;
	}
	if (eid >= vq->size) {
		snprintf(err->why, sizeof(err->why), "used buffer id %u at ring slot %u is not below the queue size %u",
			 eid, pos, vq->size);
		advance_used(vq, 1);
		return -EPROTO;
	}
	s = &vq->slots[eid];
	if (!s->busy) {
		snprintf(err->why, sizeof(err->why),
			 "used buffer id %u at ring slot %u was not outstanding (never made available, or returned twice)",
			 eid, pos);
		advance_used(vq, 1);
		return -EPROTO;
	}
	/* Element length means something only when WRITE says the device wrote. */
	if (!(f & VRING_DESC_F_WRITE))
		elen = 0;
	if (elen > s->wlen) {
		uint32_t wlen = s->wlen;

		complete(vq, eid, elen, NULL, NULL, token);
		snprintf(err->why, sizeof(err->why),
			 "used length %u for buffer id %u (ring slot %u) is beyond the %u device-writable bytes", elen, eid,
			 pos, wlen);
		err->overlong = true;
		err->wlen = wlen;
		return -EPROTO;
	}
	if (vq->in_order && vq->fifo_n && vq_fifo_oldest(vq) != eid) {
		/* One used descriptor for a batch: every buffer up to eid is done. */
		uint16_t oldest = vq_fifo_oldest(vq);

		vq->batch = true;
		vq->batch_id = eid;
		vq->batch_len = elen;
		vq->batches++;
		return complete(vq, oldest, vq->slots[oldest].wlen, id, len, token);
	}
	return complete(vq, eid, elen, id, len, token);
}
