/* SPDX-License-Identifier: MIT */
/*
 * Requests of each device type's own kind, for checks that need the device
 * to move data: one that makes the device write into driver memory, and one
 * that gives it only device-readable data. Keeps device-type knowledge out of
 * the ring and status checks.
 */
#ifndef VCT_SUITES_REQ_H
#define VCT_SUITES_REQ_H

#include <unistd.h>

#include <linux/virtio_config.h>

#include "drive.h"
#include "util.h"

struct vct_req {
	uint16_t queue;			/* queue the request goes on */
	struct vct_sg sg[8];
	unsigned int n;
	struct vct_dma_buf *buf[8];	/* buffer behind each sg entry */
	uint32_t readable_sum[8];	/* checksum of readable buffers when posted */
	uint16_t trigger_queue;		/* net: tx queue that provokes the rx frame */
	bool needs_trigger;
};

/* Queues vct_c_bringup must set up for requests on this device type. */
unsigned int vct_req_queues(const struct vct_dev *vd);
/* A request the device answers by writing; SKIPs device types without one. */
void vct_req_writing(struct vct_ctx *c, struct vct_req *r);
/* A request with only device-readable data (plus a status byte where the type has one). */
void vct_req_reading(struct vct_ctx *c, struct vct_req *r);
/* Post it (and for net, send the frame that provokes the answer). Returns the head id. */
int vct_req_post(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags);
/* For net: send the frame that provokes the answer to a posted receive buffer (no-op elsewhere). */
void vct_req_trigger(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r);
/* Checks every readable buffer still has its posted checksum; reports on @what. */
void vct_req_check_readable(struct vct_ctx *c, struct vct_req *r);
/* Bytes the device may write (sum of writable sg lengths). */
uint32_t vct_req_writable(const struct vct_req *r);
uint32_t vct_sum(const void *p, size_t n);
/*
 * Have the device's host change its device-specific configuration (host
 * action config-change); SKIPs where the host cannot or the driver could not see it.
 */
void vct_req_config_change(struct vct_ctx *c);
/* Bring up with the default features, EVENT_IDX forced on (SKIP if not offered) or off. */
void vct_req_bring(struct vct_ctx *c, struct vct_bringup *b, bool event_idx);
/* A request the device consumes on its own: device-readable data where the type has it, else entropy. */
void vct_req_any(struct vct_ctx *c, struct vct_req *r);
/* Poll until @vq has a used entry pending or @ms pass (it may still have none). */
void vct_req_wait_pending(struct vct_ctx *c, struct vct_vq *vq, int ms);
/* Post, notify, wait for the one used entry; returns its len. A failure is a driver step's (origin step). */
uint32_t vct_req_round_trip(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags);
/*
 * The same round trip for a check whose statement is that the device
 * completes this very request (a chain shape, a flag it must ignore, ...):
 * a missing or malformed used entry is the check's own failure, described
 * by @what. Returns the used len.
 */
uint32_t vct_req_completes(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags,
			   const char *what);
/* 1 when the MSI-X vector of the request's queue fired within @wait_ms; SKIPs without one. */
int vct_req_interrupted(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, int wait_ms);

/*
 * Per-queue reset (suites/ring_reset.c): bring up with VIRTIO_F_RING_RESET
 * and a reading request ready on its queue (SKIPs without the feature), and
 * reset queue @q waiting for it to complete (false on timeout, with the last
 * queue_reset / queue_enable values).
 */
struct vct_vq *vct_c_ring_reset_setup(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r);
bool vct_c_queue_reset(struct vct_ctx *c, uint16_t q, uint16_t *rs, uint16_t *en);

#endif
