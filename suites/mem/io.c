/* SPDX-License-Identifier: MIT */
/* The memory device's requests and configuration, for the checks of suites/mem/. */
#include <string.h>
#include <time.h>

#include "mem.h"

#define MEM_BUSY_TRIES 8
#define MEM_JUNK 0xa5

const char *mem_req_name(uint16_t type)
{
	static const char *const n[] = { "PLUG", "UNPLUG", "UNPLUG_ALL", "STATE" };

	return type < 4 ? n[type] : "unknown";
}

const char *mem_resp_name(uint16_t type)
{
	static const char *const n[] = { "ACK", "NACK", "BUSY", "ERROR" };

	return type < 4 ? n[type] : "undefined";
}

void mem_cfg_read(struct vct_ctx *c, struct mem_cfg *f)
{
	uint8_t b[56];

	vct_c_config(c, 0, b, sizeof(b));
	f->block_size = vct_le_load(b, 8);
	f->node_id = (uint16_t)vct_le_load(b + 8, 2);
	f->addr = vct_le_load(b + 16, 8);
	f->region_size = vct_le_load(b + 24, 8);
	f->usable = vct_le_load(b + 32, 8);
	f->plugged = vct_le_load(b + 40, 8);
	f->requested = vct_le_load(b + 48, 8);
}

static void geometry_step(struct vct_ctx *c, struct mem *m)
{
	const struct mem_cfg *f = &m->cfg;

	vct_step_begin(c);
	vct_require(c, f->block_size && !(f->block_size & (f->block_size - 1)), "block_size to build requests on",
		    "a nonzero power of 2", "0x%llx", (unsigned long long)f->block_size);
	vct_require(c, !(f->addr % f->block_size) && !(f->usable % f->block_size), "addr and usable_region_size",
		    "multiples of block_size", "addr 0x%llx, usable_region_size 0x%llx, block_size 0x%llx",
		    (unsigned long long)f->addr, (unsigned long long)f->usable, (unsigned long long)f->block_size);
	vct_step_end(c);
}

static void bring(struct vct_ctx *c, struct mem *m)
{
	m->b = (struct vct_bringup){ .nq = 1 };
	vct_c_bringup(c, &m->b);
	m->vq = m->b.vq[0];
	mem_cfg_read(c, &m->cfg);
	geometry_step(c, m);
}

void mem_open(struct vct_ctx *c, struct mem *m, bool unplug_all)
{
	bring(c, m);
	if (!unplug_all)
		return;
	vct_step_begin(c);
	{
		uint16_t t = mem_request(c, m, MEM_REQ_UNPLUG_ALL, 0, 0, 0, NULL);

		vct_require(c, t == MEM_RESP_ACK, "UNPLUG_ALL at initialization", "ACK", "%s (%u)", mem_resp_name(t), t);
	}
	vct_step_end(c);
	mem_cfg_read(c, &m->cfg);
}

void mem_reopen(struct vct_ctx *c, struct mem *m)
{
	vct_c_reset(c);
	bring(c, m);
}

static void pause_ms(int ms)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	nanosleep(&ts, NULL);
}

uint16_t mem_request(struct vct_ctx *c, struct mem *m, uint16_t type, uint64_t addr, uint16_t nb, unsigned int junk,
		     uint16_t *state)
{
	for (int tries = 0;; tries++) {
		struct vct_dma_buf *rq = vct_c_dma(c, 24), *rs = vct_c_dma(c, 16);
		uint8_t *p = rq->va, *o = rs->va;
		struct vct_sg sg[2] = { { rq->iova, 24, false }, { rs->iova, 16, true } };
		uint16_t t;
		uint32_t len = 0;
		int head;

		memset(p, 0, 24);
		vct_put16(p, type);
		if (type != MEM_REQ_UNPLUG_ALL || (junk & MEM_JUNK_UNUSED)) {
			vct_put64(p + 8, type == MEM_REQ_UNPLUG_ALL ? 0xa5a5a5a5a5a5a5a5ull : addr);
			vct_put16(p + 16, type == MEM_REQ_UNPLUG_ALL ? 0xa5a5 : nb);
		}
		if (junk & MEM_JUNK_HDR)
			memset(p + 2, MEM_JUNK, 6);
		if (junk & MEM_JUNK_DATA_PAD)
			memset(p + 18, MEM_JUNK, 6);
		/* A response buffer longer than the 10 bytes owed: the rest must stay as it was. */
		memset(o, 0xee, 16);
		head = vct_vq_add(m->vq, sg, 2, NULL, 0);
		if (head < 0)
			vct_abort(c, "cannot post a virtio-mem request");
		vct_vq_notify(m->vq);
		vct_c_wait_used(c, m->vq, (uint16_t)head, &len);
		vct_step_begin(c);
		vct_require(c, len >= 10 && len <= 16, "used length of a virtio-mem response", "10 (responses are 10 bytes)",
			    "%u to %s", len, mem_req_name(type));
		vct_step_end(c);
		t = (uint16_t)vct_le_load(o, 2);
		if (state)
			*state = (uint16_t)vct_le_load(o + 8, 2);
		if (t != MEM_RESP_BUSY || type == MEM_REQ_STATE || (junk & MEM_ONCE))
			return t;
		if (tries + 1 == MEM_BUSY_TRIES)
			vct_skip(c, "device: answered BUSY to %d %s requests in a row (allowed while it cannot process them)",
				 MEM_BUSY_TRIES, mem_req_name(type));
		pause_ms(20);
	}
}

uint16_t mem_state(struct vct_ctx *c, struct mem *m, uint64_t addr, uint16_t nb)
{
	uint16_t st = 0xffff, t = mem_request(c, m, MEM_REQ_STATE, addr, nb, 0, &st);

	vct_step_begin(c);
	vct_require(c, t == MEM_RESP_ACK, "STATE of blocks in the usable region", "ACK", "%s (%u) for %u blocks at 0x%llx",
		    mem_resp_name(t), t, nb, (unsigned long long)addr);
	vct_step_end(c);
	return st;
}

void mem_need_plug(struct vct_ctx *c, struct mem *m, unsigned int n)
{
	const struct mem_cfg *f = &m->cfg;

	if (f->usable / f->block_size < n)
		vct_skip(c, "device: the usable region holds %llu blocks, fewer than the %u this check plugs",
			 (unsigned long long)(f->usable / f->block_size), n);
	if (f->requested < f->plugged + n * f->block_size)
		vct_skip(c, "device: requested_size 0x%llx with 0x%llx plugged: its host asks for fewer than the %u blocks "
			    "this check plugs", (unsigned long long)f->requested, (unsigned long long)f->plugged, n);
}

uint8_t *mem_map_block(struct vct_ctx *c, struct mem *m, uint64_t i)
{
	char why[160] = "";
	uint8_t *p = vct_dev_phys_map(c->vd, mem_block(m, i), m->cfg.block_size, why, sizeof(why));

	if (!p)
		vct_skip(c, "device: the machine gives vct no CPU access to the device's memory (%s)", why);
	return p;
}

static size_t pattern_page(const struct mem *m, unsigned int k)
{
	size_t pages = m->cfg.block_size / 4096;

	return (k == 0 ? 0 : k == 1 ? 1 : k == 2 ? pages / 2 : pages - 1) * 4096;
}

void mem_pattern_write(const struct mem *m, uint8_t *p, uint8_t seed)
{
	for (unsigned int k = 0; k < 4; k++)
		for (size_t i = 0; i < 4096; i++)
			p[pattern_page(m, k) + i] = (uint8_t)(seed + i * 7 + (i >> 8) + k) | 1;	/* never 0 */
}

long mem_pattern_check(const struct mem *m, const uint8_t *p, uint8_t seed)
{
	for (unsigned int k = 0; k < 4; k++)
		for (size_t i = 0; i < 4096; i++)
			if (p[pattern_page(m, k) + i] != ((uint8_t)(seed + i * 7 + (i >> 8) + k) | 1))
				return (long)(pattern_page(m, k) + i);
	return -1;
}

void mem_plug(struct vct_ctx *c, struct mem *m, uint64_t i, uint16_t nb)
{
	uint16_t t = mem_request(c, m, MEM_REQ_PLUG, mem_block(m, i), nb, 0, NULL);

	vct_step_begin(c);
	vct_require(c, t == MEM_RESP_ACK, "PLUG of unplugged blocks within the requested size", "ACK",
		    "%s (%u) for %u blocks at block %llu", mem_resp_name(t), t, nb, (unsigned long long)i);
	vct_step_end(c);
}
