/* SPDX-License-Identifier: MIT */
/*
 * Block requests for the block checks (suites/blk/): one request posted,
 * notified and waited for, or several in flight at once, each laid out in
 * one of several descriptor shapes the spec lets a driver choose (the
 * driver's latitude): header and data split at odd places, data and status
 * sharing a descriptor, buffers at unaligned addresses; queues of the
 * maximum size, half or a quarter of it; batches made available in a shuffled
 * order. Every choice is drawn deterministically from the check's name and
 * the request's number within the check, so a failure replays.
 */
#ifndef VCT_SUITES_BLK_IO_H
#define VCT_SUITES_BLK_IO_H

#include <linux/virtio_blk.h>

#include "req.h"

#define BLK_F_SIZE_MAX 1
#define BLK_F_SEG_MAX 2
#define BLK_F_RO 5
#define BLK_F_FLUSH 9
#define BLK_F_CONFIG_WCE 11
#define BLK_F_DISCARD 13
#define BLK_F_WRITE_ZEROES 14
#define BLK_F_LIFETIME 15
#define BLK_F_SECURE_ERASE 16
#define BLK_F_ZONED 17

#define BLK_T_GET_LIFETIME 10
#define BLK_T_SECURE_ERASE 14

/* Configuration offsets (struct virtio_blk_config). */
#define BLK_CFG_CAPACITY 0
#define BLK_CFG_SIZE_MAX 8
#define BLK_CFG_SEG_MAX 12
#define BLK_CFG_WRITEBACK 32
#define BLK_CFG_WZ_MAY_UNMAP 56
#define BLK_CFG_SE_ALIGN 68
#define BLK_CFG_ZONED 72

/* One request and what came back. */
struct vct_blk_req {
	uint32_t type;
	uint64_t sector;
	void *data;		/* data out (driver to device) or the place data in is copied to */
	uint32_t len;		/* data bytes */
	bool data_in;		/* the device writes the data area */
	uint32_t tail;		/* device-writable bytes between data and status (ZONE_APPEND's append_sector) */
	uint8_t *tail_out;	/* where they are copied to (tail bytes), or NULL */
	uint8_t poison;		/* what the writable bytes hold when posted (0: 0xee) */
	/* results */
	uint8_t status;
	uint32_t used_len;
	char shape[64];		/* the descriptor shape used, for evidence */
	/* private to blk_io.c: where the device's bytes land */
	uint8_t *dv_, *wv_;
	uint32_t win_;
};

#define VCT_BLK_BATCH 4	/* 4 requests of up to 7 descriptors fit the smallest queue vct picks (32) */

/*
 * Post @r on @vq in the next shape, wait for it (a missing or invalid used
 * entry is a driver step's failure) and fill the results. A used length
 * beyond the bytes the device may write is reported (the spec lets len
 * underestimate, never overestimate).
 */
void vct_blk_do(struct vct_ctx *c, struct vct_vq *vq, struct vct_blk_req *r);
/*
 * Up to VCT_BLK_BATCH requests in flight at once: made available in an
 * order drawn from the check's seed, one notification, completions taken
 * in whatever order the device uses them (the spec lets it use them out of
 * order), each matched by its head id.
 */
void vct_blk_batch(struct vct_ctx *c, struct vct_vq *vq, struct vct_blk_req *r, unsigned int n);
/* The same for the simple cases: returns the status. */
uint8_t vct_blk_io(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, void *data, uint32_t len,
		   bool data_in);
/* A discard, write zeroes or secure erase of one segment; returns the status. */
uint8_t vct_blk_range(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, uint32_t n,
		      uint32_t flags);
/* capacity, read generation-safe. */
uint64_t vct_blk_capacity(struct vct_ctx *c);
uint32_t vct_blk_cfg32(struct vct_ctx *c, uint32_t off);
/*
 * Bring up one request queue with the default features plus @set, minus
 * @clear (bit masks of the low 64 features).
 */
void vct_blk_bring(struct vct_ctx *c, struct vct_bringup *b, uint64_t set, uint64_t clear);
/* A check that writes the medium: SKIP on a read-only or zoned device (which the RO and zoned checks cover). */
void vct_blk_need_writable(struct vct_ctx *c);
/* A pattern without zero bytes, from @seed. */
void vct_blk_pattern(uint8_t *p, size_t n, uint8_t seed);

#endif
