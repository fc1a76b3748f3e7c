/* SPDX-License-Identifier: MIT */
/*
 * Driver steps that checks share, each turning a device misstep into a
 * recorded failure (vct_require) and a harness problem into vct_abort.
 */
#ifndef VCT_DRIVE_H
#define VCT_DRIVE_H

#include "check.h"
#include "hostact.h"
#include "virtqueue.h"

#define VCT_MAX_QUEUES 16

struct vct_bringup {
	unsigned int nq;		/* queues requested */
	uint16_t qsize;			/* 0: device maximum */
	bool no_irq;			/* leave every vector at NO_VECTOR (polling) */
	bool features_set;		/* use @features instead of the defaults */
	uint64_t features[2];
	/* Called after the queues are set up, before DRIVER_OK (configuration the driver owes first: balloon poison_val). */
	void (*before_driver_ok)(struct vct_ctx *c);
	struct vct_vq *vq[VCT_MAX_QUEUES];
	uint16_t qsizes[VCT_MAX_QUEUES];	/* per queue, where nonzero: that size instead of qsize */
	/* Also the admin queue (VIRTIO_F_ADMIN_VQ in @features), set up after the others: vct_c_admin_queue. */
	struct vct_admin *admin;
};

/* Reset and require device_status to read 0. */
void vct_c_reset(struct vct_ctx *c);
/* Negotiate @want (NULL: defaults) and require FEATURES_OK to stick. */
void vct_c_negotiate(struct vct_ctx *c, const uint64_t *want);
/*
 * Negotiate @want, which the device must refuse: reports @what, passing
 * only when FEATURES_OK did not stick. A reset that does not complete first
 * is the device's failure.
 */
void vct_c_negotiate_refused(struct vct_ctx *c, const uint64_t want[2], const char *what);
/* Full bring-up: negotiate, MSI-X (config = 0, queue i = i + 1), queues, DRIVER_OK. */
void vct_c_bringup(struct vct_ctx *c, struct vct_bringup *b);
/* Set up queue @q after FEATURES_OK; failures are device non-conformance. */
struct vct_vq *vct_c_queue(struct vct_ctx *c, uint16_t q, uint16_t size, uint16_t vector);
/* DMA buffer or a harness error. */
struct vct_dma_buf *vct_c_dma(struct vct_ctx *c, size_t len);
/* Wait for one used entry and require it to be valid. */
void vct_c_wait_used(struct vct_ctx *c, struct vct_vq *vq, uint16_t expect_id, uint32_t *len);
/* Generation-safe config read, requiring it to settle. */
void vct_c_config(struct vct_ctx *c, uint32_t off, void *buf, size_t len);
/* Each host-side action may take this long (a hypervisor's management interface, a hook). */
#define VCT_HOST_ACT_MS 20000
/*
 * Ask the device's host for @a (hostact.h). Unavailable on this target:
 * SKIP "host action: NAME unavailable on this target (why)". The host
 * failing is a harness error, never the device's. @out: a query's JSON.
 */
void vct_c_host(struct vct_ctx *c, enum vct_hact a, const char *params, char *out, size_t outlen);
/* Require the device's offer to include @bit, else SKIP naming it. */
void vct_c_need_feature(struct vct_ctx *c, unsigned int bit);

#endif
