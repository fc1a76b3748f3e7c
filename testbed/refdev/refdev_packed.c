/* SPDX-License-Identifier: MIT */
/*
 * refdev: the packed virtqueue, device side, plus the notification data
 * (VIRTIO_F_NOTIFICATION_DATA) bookkeeping both ring formats share.
 *
 * This file is a part of refdev.c, included by it (after the interrupt and
 * fatal-error helpers, before the split ring) so that it sees the device's
 * state and DMA helpers without making them public. Built on its own it is
 * empty.
 *
 * Ring state in struct rd_queue, packed meaning:
 *   last_avail / avail_wrap  next ring slot the device looks at, and the
 *                            wrap counter an available descriptor there has
 *   used_idx / used_wrap     slot the next used descriptor goes to, and the
 *                            device's ring wrap counter
 *   used_count, sig_*        used descriptors written, and where the device
 *                            stood when it last decided about a notification
 */
#ifdef RD_PACKED_IMPL

#define PD_AVAIL	(1u << 7)
#define PD_USED		(1u << 15)
#define EV_ENABLE	0
#define EV_DISABLE	1
#define EV_DESC		2

static void rd_packed_reset(struct rd_queue *q)
{
	q->avail_wrap = q->used_wrap = true;
	q->nd_seen = false;
	q->nd_off = 0;
	q->nd_wrap = false;
	q->used_count = q->sig_count = 0;
	q->sig_pos = 0;
	q->sig_wrap = true;
	q->prev_used = 0;
	q->held = false;
}

/* A notification's data (NOTIFICATION_DATA): false when it is not for queue @qi. */
static bool rd_notify_data(struct refdev *d, unsigned int qi, uint64_t val, size_t width)
{
	struct rd_queue *q = &d->q[qi];
	uint16_t data = (uint16_t)(val >> 16);

	if (!NEG(d, F_NOTIFICATION_DATA) || width < 4)
		return true;
	if ((val & 0xffff) != qi)
		return false;	/* vq_index names another queue: not ours to act on */
	if (NEG(d, F_RING_PACKED)) {
		q->nd_off = data & 0x7fff;
		q->nd_wrap = data >> 15;
	} else {
		q->nd_off = data;
	}
	q->nd_seen = true;
	return true;
}

/* Split ring: with notification data, look no further than the index the driver announced. */
static void rd_nd_limit(const struct refdev *d, const struct rd_queue *q, uint16_t *aidx)
{
	if (!NEG(d, F_NOTIFICATION_DATA) || !q->nd_seen)
		return;
	if ((uint16_t)(q->nd_off - q->last_avail) < (uint16_t)(*aidx - q->last_avail))
		*aidx = q->nd_off;
}

static bool pd_is_avail(uint16_t flags, bool wrap)
{
	return !!(flags & PD_AVAIL) == wrap && !!(flags & PD_USED) != wrap;
}

/* The device's view: packed-avail-ignored looks at the USED bit only. */
static bool pd_is_avail_q(const struct refdev *d, uint16_t flags, bool wrap)
{
	if (QK(d, Q_PACKED_AVAIL_IGNORED))
		return !!(flags & PD_USED) != wrap;
	return pd_is_avail(flags, wrap);
}

static int pd_add_seg(struct rd_chain *c, uint64_t addr, uint32_t len, bool w, bool *seen_w)
{
	if (c->n >= RD_MAX_SEGS)
		return -1;
	if (w) {
		*seen_w = true;
		c->wlen += len;
	} else {
		if (*seen_w)
			return -1;	/* readable after writable */
		c->rlen += len;
	}
	c->seg[c->n++] = (struct rd_seg){ addr, len, w };
	return c->rlen + c->wlen > 0xffffffffULL ? -1 : 0;
}

/* The elements of an indirect table: only WRITE means anything in them. */
static int pd_indirect(struct refdev *d, struct rd_chain *c, uint64_t table, uint32_t len, bool *seen_w,
		       unsigned int depth)
{
	for (uint32_t i = 0; i < len / 16; i++) {
		uint8_t raw[16];
		uint16_t flags;

		if (dma_rw(d, table + 16ULL * i, raw, 16, false))
			return -1;
		flags = get16(raw + 14);
		if (flags & D_INDIRECT) {
			/* A table inside a table: refused, unless the quirk follows it. */
			if (!QK(d, Q_INDIRECT_NESTED_ACCEPT) || depth >= 4 || !get32(raw + 8) || get32(raw + 8) % 16)
				return -1;
			if (pd_indirect(d, c, get64(raw), get32(raw + 8), seen_w, depth + 1))
				return -1;
			continue;
		}
		if (pd_add_seg(c, get64(raw), get32(raw + 8), flags & D_WRITE, seen_w))
			return -1;
	}
	return 0;
}

/* 1: a buffer was taken; 0: none available; -1: fatal error (flagged); -2: wedged */
static int rd_pop_packed(struct refdev *d, struct rd_queue *q, struct rd_chain *c)
{
	uint16_t pos = q->last_avail, id = 0;
	bool wrap = q->avail_wrap, seen_w = false, skipped = false;
	unsigned int ndesc = 0;

	if (NEG(d, F_NOTIFICATION_DATA) && q->nd_seen && pos == q->nd_off && wrap == q->nd_wrap)
		return 0;	/* the driver said its next descriptor goes here: nothing beyond */
	memset(c, 0, sizeof(*c));
	c->seg = d->segs;
	for (;;) {
		uint8_t raw[16];
		uint16_t flags;
		uint32_t len;

		if (dma_read16(d, q->desc + 16ULL * pos + 14, &flags))
			goto fatal;
		if (!pd_is_avail_q(d, flags, wrap)) {
			if (!ndesc && QK(d, Q_PACKED_SKIP_AHEAD) && !skipped) {
				/* Quirk: look a few slots on for something available (same lap only). */
				for (uint16_t k = 1; k < 8 && pos + k < q->size; k++) {
					uint16_t f2;

					if (!dma_read16(d, q->desc + 16ULL * (pos + k) + 14, &f2) && pd_is_avail(f2, wrap)) {
						pos = (uint16_t)(pos + k);
						skipped = true;
						break;
					}
				}
				if (skipped)
					continue;
			}
			if (!ndesc)
				return 0;
			if (ndesc >= q->size && QK(d, Q_WEDGE_ON_LOOP))
				d->latched_fault = true;	/* the list ran round the ring into its own head */
			goto fatal;	/* a list whose head is available must be complete */
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* flags before the rest */
		if (dma_rw(d, q->desc + 16ULL * pos, raw, 16, false))
			goto fatal;
		len = get32(raw + 8);
		id = get16(raw + 12);
		if (++ndesc > q->size) {
			if (QK(d, Q_WEDGE_ON_LOOP))
				d->latched_fault = true;
			goto fatal;	/* longer than the ring (the packed form of a loop) */
		}
		if (++pos == q->size) {
			pos = 0;
			wrap = !wrap;
		}
		if (flags & D_INDIRECT) {
			if (!NEG(d, F_INDIRECT) || ndesc != 1 || (flags & D_NEXT))
				goto fatal;	/* only a lone descriptor may refer to a table */
			if ((flags & D_WRITE) && QK(d, Q_INDIRECT_WRITE_FLAG_FATAL))
				goto fatal;
			if (!len || len % 16 || len / 16 > RD_MAX_SEGS)
				goto fatal;
			if (pd_indirect(d, c, get64(raw), len, &seen_w, 0))
				goto fatal;
			break;
		}
		rd_fragile_desc(d, get64(raw), len, flags & D_WRITE, seen_w);
		if (pd_add_seg(c, get64(raw), len, flags & D_WRITE, &seen_w))
			goto fatal;
		if (!(flags & D_NEXT))
			break;
	}
	if (QK(d, Q_HANG_LONG_CHAIN) && c->n > 8) {
		q->wedged = true;
		return -2;
	}
	if (QK(d, Q_PACKED_LIST_REVERSED) && ndesc > 1) {
		/* Quirk: the writable elements before the last one, walked from the end. */
		unsigned int a = 0, z;

		while (a < c->n && !c->seg[a].w)
			a++;
		for (z = c->n >= 2 ? c->n - 2 : 0; a < z; a++, z--) {
			struct rd_seg t = c->seg[a];

			c->seg[a] = c->seg[z];
			c->seg[z] = t;
		}
	}
	c->head = id;	/* the buffer id, from the last descriptor of the list */
	c->ndesc = (uint16_t)ndesc;
	q->last_avail = pos;
	q->avail_wrap = wrap;
	d->stats.requests++;
	return 1;
fatal:
	rd_fatal(d, q);
	return -1;
}

/* Put a popped buffer back (net: receive buffer too small for the frame). */
static void rd_unpop(struct refdev *d, struct rd_queue *q, const struct rd_chain *c)
{
	if (NEG(d, F_RING_PACKED)) {
		if (q->last_avail < c->ndesc) {
			q->last_avail = (uint16_t)(q->last_avail + q->size - c->ndesc);
			q->avail_wrap = !q->avail_wrap;
		} else {
			q->last_avail = (uint16_t)(q->last_avail - c->ndesc);
		}
	} else {
		q->last_avail--;
	}
	d->stats.requests--;
}

/* One used descriptor for buffer @id, at the device's position; then skip the list. */
static int rd_push_packed(struct refdev *d, struct rd_queue *q, const struct rd_chain *c, uint32_t id, uint32_t len)
{
	uint64_t at = q->desc + 16ULL * q->used_idx;
	uint16_t flags = (uint16_t)(q->used_wrap ? PD_AVAIL | PD_USED : 0);
	unsigned int step = (c->ndesc ? c->ndesc : 1) + (QK(d, Q_USED_IDX_JUMP) ? 1 : 0);
	uint8_t e[6];

	if (len)
		flags |= D_WRITE;	/* the device wrote into the buffer */
	put32(e, len);
	put16(e + 4, (uint16_t)id);
	if (dma_rw(d, at + 8, e, 6, true))
		return -EFAULT;
	if (QK(d, Q_PACKED_USED_REWRITE) && q->used_count) {
		uint8_t zero[4] = { 0 };

		dma_rw(d, q->desc + 16ULL * q->prev_used + 8, zero, 4, true);
	}
	q->prev_used = q->used_idx;
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* id and len before the flags */
	if (dma_write16(d, at + 14, flags))
		return -EFAULT;
	while (step--)
		if (++q->used_idx == q->size) {
			q->used_idx = 0;
			q->used_wrap = !q->used_wrap;
		}
	q->used_count++;
	return 0;
}

static bool pd_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* After a batch: publish the device's event suppression and decide about the interrupt. */
static void rd_batch_done_packed(struct refdev *d, struct rd_queue *q)
{
	uint8_t ev[4];
	uint16_t off_wrap, flags;
	bool need;

	if ((d->status & S_NEEDS_RESET) && q->used_count == q->sig_count)
		return;
	/* Device area: where a new available descriptor deserves a notification. */
	if (NEG(d, F_EVENT_IDX)) {
		put16(ev, (uint16_t)(q->last_avail | (q->avail_wrap ? 0x8000u : 0)));
		put16(ev + 2, EV_DESC);
	} else {
		put16(ev, 0);
		put16(ev + 2, QK(d, Q_USED_FLAGS_GARBAGE) ? 3 : EV_ENABLE);
	}
	dma_rw(d, q->device, ev, 4, true);
	if (q->used_count == q->sig_count)
		return;
	/* Driver area: whether the driver wants this used buffer notification. */
	if (dma_rw(d, q->driver, ev, 4, false))
		return;
	off_wrap = get16(ev);
	flags = get16(ev + 2) & 3;
	if (flags == EV_DISABLE) {
		need = QK(d, Q_NO_INTERRUPT_IGNORE);
	} else if (flags == EV_DESC && NEG(d, F_EVENT_IDX)) {
		/* One index space: positions of the previous lap count size lower. */
		uint16_t event = off_wrap & 0x7fff, old = q->sig_pos;

		if (!!(off_wrap >> 15) != q->used_wrap)
			event = (uint16_t)(event - q->size);
		if (q->sig_wrap != q->used_wrap)
			old = (uint16_t)(old - q->size);
		if (QK(d, Q_EVENT_IDX_LATE))
			event++;
		need = pd_need_event(event, q->used_idx, old) || QK(d, Q_EVENT_IDX_IGNORE);
	} else {
		need = true;
	}
	q->sig_count = q->used_count;
	q->sig_pos = q->used_idx;
	q->sig_wrap = q->used_wrap;
	if (need)
		irq_queue(d, q);
}

#endif /* RD_PACKED_IMPL */
