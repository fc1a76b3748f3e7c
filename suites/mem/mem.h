/* SPDX-License-Identifier: MIT */
/*
 * The memory device's driver side for its checks (suites/mem/): the
 * configuration read as one snapshot, and the four guest requests with
 * the latitude the chapter leaves the driver (padding and unused bytes
 * filled or not, a response buffer longer than the 10 bytes owed).
 */
#ifndef VCT_SUITES_MEM_H
#define VCT_SUITES_MEM_H

#include "types/types.h"

#define VCT_ID_MEM		24

#define MEM_REQ_PLUG		0
#define MEM_REQ_UNPLUG		1
#define MEM_REQ_UNPLUG_ALL	2
#define MEM_REQ_STATE		3

#define MEM_RESP_ACK		0
#define MEM_RESP_NACK		1
#define MEM_RESP_BUSY		2
#define MEM_RESP_ERROR		3

#define MEM_STATE_PLUGGED	0
#define MEM_STATE_UNPLUGGED	1
#define MEM_STATE_MIXED		2

#define MEM_F_ACPI_PXM		0
#define MEM_F_PERSISTENT_SUSPEND 2

/* struct virtio_mem_config as read at one configuration generation. */
struct mem_cfg {
	uint64_t block_size, addr, region_size, usable, plugged, requested;
	uint16_t node_id;
};

struct mem {
	struct vct_bringup b;
	struct vct_vq *vq;
	struct mem_cfg cfg;	/* as read by the last mem_cfg_read */
};

/* Bytes of a request filled with a pattern instead of zeroes (the device must ignore them). */
enum {
	MEM_JUNK_HDR = 1 << 0,		/* the header's padding, bytes 2-7 */
	MEM_JUNK_DATA_PAD = 1 << 1,	/* the request-specific padding, bytes 18-23 */
	MEM_JUNK_UNUSED = 1 << 2,	/* UNPLUG_ALL: addr and nb_blocks, which it has no use for */
	MEM_ONCE = 1 << 3,		/* not a filler: return BUSY instead of retrying */
};

/* "PLUG", "UNPLUG", ...; "ACK", "NACK", ... */
const char *mem_req_name(uint16_t type);
const char *mem_resp_name(uint16_t type);

/* Read the whole configuration, generation-safely. */
void mem_cfg_read(struct vct_ctx *c, struct mem_cfg *f);
/*
 * Bring the device up with the default features, read its configuration and
 * require (a driver step) a geometry requests can be built on: a nonzero
 * power-of-2 block size, an aligned region. With @unplug_all the device then
 * starts from no plugged block, as a driver's initialization does.
 */
void mem_open(struct vct_ctx *c, struct mem *m, bool unplug_all);
/* Reset, bring up again and reread the configuration, leaving the blocks as they are. */
void mem_reopen(struct vct_ctx *c, struct mem *m);
/*
 * One request; returns the response type. BUSY (which the device may answer
 * to any request but STATE) is retried a few times; still BUSY, the check
 * SKIPs (with MEM_ONCE in @junk, BUSY is returned). *@state gets a STATE response's state when @state is not NULL.
 */
uint16_t mem_request(struct vct_ctx *c, struct mem *m, uint16_t type, uint64_t addr, uint16_t nb, unsigned int junk,
		     uint16_t *state);
/* STATE of [@addr, +@nb blocks) required to be acknowledged (a driver step); the state. */
uint16_t mem_state(struct vct_ctx *c, struct mem *m, uint64_t addr, uint16_t nb);
/* Address of block @i of the region. */
static inline uint64_t mem_block(const struct mem *m, uint64_t i)
{
	return m->cfg.addr + i * m->cfg.block_size;
}
/*
 * SKIP ("device:") unless @n blocks can be plugged: the usable region holds
 * them and the requested size allows them.
 */
void mem_need_plug(struct vct_ctx *c, struct mem *m, unsigned int n);
/* Plug @nb blocks from block @i, required to be acknowledged (a driver step). */
void mem_plug(struct vct_ctx *c, struct mem *m, uint64_t i, uint16_t nb);
/*
 * Block @i as the driver's CPU sees it (the device's phys_map op); SKIPs
 * ("device:") where the machine vct runs in gives no such access. Undo
 * with vct_dev_phys_unmap(c->vd, p, block_size).
 */
uint8_t *mem_map_block(struct vct_ctx *c, struct mem *m, uint64_t i);
/* Write a pattern of @seed into four 4 KiB pages of block memory @p (first, second, middle, last). */
void mem_pattern_write(const struct mem *m, uint8_t *p, uint8_t seed);
/* Offset of the first byte of those pages that differs from the pattern of @seed, -1 when none. */
long mem_pattern_check(const struct mem *m, const uint8_t *p, uint8_t seed);

#endif
