/* SPDX-License-Identifier: MIT */
/*
 * Requests for checks that need the device to move data, built from the
 * device-type table's request models (harness/devtype.h, suites/types/):
 * one that makes the device write into driver memory, one that gives it
 * driver data to read, one it completes on its own. Keeps device-type
 * knowledge out of the ring and status checks.
 */
#ifndef VCT_SUITES_REQ_H
#define VCT_SUITES_REQ_H

#include <unistd.h>

#include <linux/virtio_config.h>

#include "drive.h"
#include "util.h"

/* How the device gets to answer a request once it is posted and notified. */
enum vct_provoke {
	VCT_PROVOKE_SELF,	/* on its own */
	VCT_PROVOKE_TRIGGER,	/* a second driver request provokes it (vct_req_trigger: net's loopback frame) */
	VCT_PROVOKE_HOST,	/* only an event on the device's host side does (input events, a host chardev) */
};

struct vct_req;
struct vct_bringup;

struct vct_req_model {
	const char *what;		/* "INQUIRY on requestq": for evidence */
	enum vct_provoke provoke;
	const char *host_event;		/* VCT_PROVOKE_HOST: the host event it waits for (SKIP reason) */
	/*
	 * Bytes the device must write for a correct answer (its response
	 * header): a used length below this is a device error. 0: none owed.
	 */
	uint32_t must_write;
	/* Builds the request into @r (vct_req_add), r->queue included. */
	void (*build)(struct vct_ctx *c, struct vct_req *r);
	/*
	 * Validates every value the device wrote into the answer, given the
	 * used length (vct_report on a value the type's chapter forbids).
	 * NULL: the answer carries no values (entropy bytes, a frame).
	 */
	void (*check)(struct vct_ctx *c, const struct vct_req *r, uint32_t len);
	/* VCT_PROVOKE_TRIGGER: posts the second request that provokes the answer. */
	void (*trigger)(struct vct_ctx *c, struct vct_bringup *b, const struct vct_req *r);
};

/* One device type's request models. */
struct vct_type_models {
	uint16_t type;				/* device id */
	const struct vct_req_model *writing;	/* the device answers by writing; NULL: no_writing says why */
	const struct vct_req_model *reading;	/* the device reads driver data; NULL: no_reading says why */
	const char *no_writing, *no_reading;	/* "spec: ..." */
	struct {
		const char *queue;		/* the queue's name in the type's row */
		const struct vct_req_model *model;
	} queues[VCT_MAX_TYPE_QUEUES];		/* requests per queue (a queue may have several) */
};

/* The models of device type @type; NULL when vct has none. */
const struct vct_type_models *vct_models_of(uint16_t type);
/*
 * The model for a VCT_NEED_* bit: the writing or the reading request, or
 * for VCT_NEED_REQUEST one the device completes on its own (writing
 * first). NULL with the prefixed reason in @why when the type has none.
 */
const struct vct_req_model *vct_req_model_for(uint16_t type, unsigned int need, char *why, size_t n);

struct vct_req {
	const struct vct_req_model *model;	/* what it is, how to validate the answer */
	uint16_t queue;			/* queue the request goes on */
	struct vct_sg sg[8];
	unsigned int n;
	struct vct_dma_buf *buf[8];	/* buffer behind each sg entry */
	uint32_t readable_sum[8];	/* checksum of readable buffers when posted */
};

/* Queues vct_c_bringup must set up for requests on this device type. */
unsigned int vct_req_queues(const struct vct_dev *vd);
/* A request the device answers by writing; SKIPs (the row's reason) device types without one. */
void vct_req_writing(struct vct_ctx *c, struct vct_req *r);
/* A request that makes the device read driver data (plus its status or response, where the type has one). */
void vct_req_reading(struct vct_ctx *c, struct vct_req *r);
/* A request the device completes on its own, no trigger: the writing one where it is, else the reading one. */
void vct_req_self(struct vct_ctx *c, struct vct_req *r);
/* A request the device answers: the writing one where the type has it (trigger included), else the reading one. */
void vct_req_answer(struct vct_ctx *c, struct vct_req *r);
/* A request of at least two descriptors the device completes (writing first; a one-buffer request cut in two). */
void vct_req_multipart(struct vct_ctx *c, struct vct_req *r);
/* Build @m's request (poisoned writable, checksummed readable buffers). */
void vct_req_build(struct vct_ctx *c, struct vct_req *r, const struct vct_req_model *m);
/* The used length when the ring reported none (packed, used descriptor without WRITE). */
#define VCT_LEN_UNREPORTED UINT32_MAX
/*
 * Validate the device's answer to @r, completed with used length @len (or
 * VCT_LEN_UNREPORTED): at least the model's owed bytes, and every value the
 * model knows (vct_report).
 */
void vct_req_validate(struct vct_ctx *c, const struct vct_req *r, uint32_t len);
/* Post it (and provoke the answer where the model needs a trigger). Returns the head id. */
int vct_req_post(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags);
/* Provoke the answer to a posted request whose model needs a trigger (net: a frame to loop back); no-op elsewhere. */
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
/* The same, with @polled: every vector left at NO_VECTOR (no interrupt setup; the caller polls). */
void vct_req_bring_polled(struct vct_ctx *c, struct vct_bringup *b, bool event_idx, bool polled);
/* A request the device consumes on its own: the reading one where the type has it, else the writing one. */
void vct_req_any(struct vct_ctx *c, struct vct_req *r);
/* Poll until @vq has a used entry pending or @ms pass (it may still have none). */
void vct_req_wait_pending(struct vct_ctx *c, struct vct_vq *vq, int ms);
/* Post, notify, wait for the one used entry and validate the answer; returns its len. A failure is a driver step's (origin step). */
uint32_t vct_req_round_trip(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags);
/*
 * The same round trip for a check whose statement is that the device
 * completes this very request (a chain shape, a flag it must ignore, ...):
 * a missing or malformed used entry is the check's own failure, described
 * by @what. Returns the used len.
 */
uint32_t vct_req_completes(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags,
			   const char *what);
/* 1 when the request's queue notified within @wait_ms: its MSI-X vector, or ISR status without MSI-X. */
int vct_req_interrupted(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, int wait_ms);
/* The suppression checks' steady state: the request's queue quiet for 100 ms (at most the timeout). */
void vct_req_irq_settle(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r);
/* ... and the bring-up's queues other than @q told not to notify (split: used_event @ahead on, 0: left). */
void vct_req_suppress_others(struct vct_bringup *b, uint16_t q, uint16_t ahead);
/*
 * Used entries of @vq for @ms (or until @max came): the posted tokens and
 * used lengths in arrival order; the count. An invalid entry fails the
 * check as a driver step's.
 */
unsigned int vct_req_collect(struct vct_ctx *c, struct vct_vq *vq, int ms, unsigned int max, void **tokens,
			     uint32_t *lens);
/* 1 when a configuration change notification came within @wait_ms (MSI-X vector 0, or ISR status bit 1). */
int vct_req_config_interrupted(struct vct_ctx *c, int wait_ms);

/*
 * Per-queue reset (suites/ring_reset.c): bring up with VIRTIO_F_RING_RESET
 * and a reading request ready on its queue (SKIPs without the feature), and
 * reset queue @q waiting for it to complete (false on timeout, with the last
 * queue_reset / queue_enable values).
 */
struct vct_vq *vct_c_ring_reset_setup(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r);
bool vct_c_queue_reset(struct vct_ctx *c, uint16_t q, uint16_t *rs, uint16_t *en);

#endif
