/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases (`vct run --robustness`): a driver breaking one rule the
 * spec sets for drivers (the case's .stmt, an R-... id), then the health
 * probe (health.h) judging what the device was left in. A case's body only
 * sets up the violation and lets the device react; it asserts (vct_report)
 * only what a device-side statement requires then (.dstmt). Anything else
 * the device does is its own business: the verdict says whether it survived.
 *
 * A case begins with rb_begin() (a bring-up on the split ring unless it asks
 * for packed), builds the violation from the device type's own well-formed
 * request (so only the broken rule is wrong), and says which memory the
 * device must not write (rb_watch) and whether its queue is still usable for
 * a well-formed request (rb_live) before the probe resets the device.
 */
#ifndef VCT_SUITES_ROBUST_H
#define VCT_SUITES_ROBUST_H

#include "health.h"
#include "req.h"

#define RB_MAX_WATCH 24

struct vct_rcase {
	struct vct_bringup b;
	struct vct_req r;		/* the type's well-formed request the case bends */
	struct vct_vq *vq;		/* the queue r goes on */
	bool live;			/* b can still take a well-formed request (rb_live) */
	uint16_t live_q;
	struct vct_dma_buf *ro[RB_MAX_WATCH];
	uint32_t ro_sum[RB_MAX_WATCH];
	unsigned int nro;
};

enum {
	RB_PACKED = 1 << 0,	/* the packed ring (SKIP when not offered) */
	RB_INDIRECT = 1 << 1,	/* VIRTIO_F_INDIRECT_DESC negotiated (SKIP when not offered) */
	RB_NO_INDIRECT = 1 << 2,	/* VIRTIO_F_INDIRECT_DESC not negotiated */
	RB_EVENT_IDX = 1 << 3,	/* VIRTIO_F_EVENT_IDX negotiated (SKIP when not offered) */
	RB_NO_BRINGUP = 1 << 4,	/* features only: stop before FEATURES_OK (the case drives the rest) */
};

/*
 * Bring the device up (default features, no IN_ORDER so `next` values are
 * the driver's choice, split ring unless RB_PACKED) and build the type's
 * well-formed request the device completes on its own into rc->r. SKIPs
 * with the type's reason when it has none.
 */
struct vct_rcase *rb_begin(struct vct_ctx *c, unsigned int flags);
/* From now on the device must not write @b (a readable buffer, a table). */
void rb_watch(struct vct_ctx *c, struct vct_dma_buf *b);
/* Every device-readable buffer of the request and the queue's descriptor table. */
void rb_watch_request(struct vct_ctx *c);
/* The queue @q of the bring-up still takes a well-formed request (the case left the driver's ring state sane). */
void rb_live(struct vct_ctx *c, uint16_t q);

/* Raw split-ring writes, bypassing the driver's free list (the queue is not live afterwards). */
void rb_desc(struct vct_vq *vq, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next);
/* Lay the request's parts out as descriptors @first, @first+1, ... chained by NEXT; returns the last index. */
uint16_t rb_chain(struct vct_rcase *rc, uint16_t first);
/* Put @head in the next avail slot and publish idx + 1. */
void rb_avail(struct vct_vq *vq, uint16_t head);
/* Publish avail idx = @idx (any value). */
void rb_avail_idx(struct vct_vq *vq, uint16_t idx);
/* Packed: write ring slot @slot as made available in the lap of wrap counter @wrap (@flags beyond AVAIL/USED as given). */
void rb_pdesc(struct vct_vq *vq, uint16_t slot, bool wrap, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags);
/* Packed: write ring slot @slot with exactly @flags (AVAIL/USED included), the flags last. */
void rb_pdesc_raw(struct vct_vq *vq, uint16_t slot, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags);
/* Reorder rc->r so its writable parts come before its readable ones; SKIPs (spec:) when it lacks either. */
void rb_readable_last(struct vct_ctx *c, struct vct_rcase *rc);
/* Post rc->r (as bent) through the driver's own ring, watch what the device must not write, and rb_kick. */
void rb_post(struct vct_ctx *c, struct vct_rcase *rc);
/* Notify the queue and give the device time to react (until it used something, set NEEDS_RESET, or @ms). */
void rb_kick(struct vct_ctx *c, struct vct_vq *vq, int ms);
/* How long a case lets the device react to a violation. */
#define RB_SETTLE_MS 300
/* A page-sized buffer (no canary: any length up to the page is the driver's to give). */
struct vct_dma_buf *rb_page(struct vct_ctx *c);

/* The runner's hook (struct vct_ctx .after): the probe, and the verdict into c->res. */
void vct_robust_after(struct vct_ctx *c);

#endif
