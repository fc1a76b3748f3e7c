/* SPDX-License-Identifier: MIT */
/*
 * Memory device: the memory of plugged blocks, as the driver's CPU reaches
 * it (the device's phys_map op: /dev/mem in the machine vct runs in): it
 * takes what the driver writes and keeps it through other requests and a
 * virtio reset. Only plugged blocks are touched (with
 * VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE the driver must not read the others).
 */
#include "mem.h"

/* Plug block @i, write the pattern of @seed into it; the mapping. */
static uint8_t *plug_and_write(struct vct_ctx *c, struct mem *m, uint64_t i, uint8_t seed)
{
	uint8_t *p;

	mem_plug(c, m, i, 1);
	p = mem_map_block(c, m, i);
	mem_pattern_write(m, p, seed);
	return p;
}

/* The pattern of @seed in block @i, read through a fresh mapping after @when. */
static void report_kept(struct vct_ctx *c, struct mem *m, uint64_t i, uint8_t seed, const char *when)
{
	uint8_t *p = mem_map_block(c, m, i);
	long off = mem_pattern_check(m, p, seed);

	vct_report(c, off < 0, "memory of a plugged block the driver wrote", "what it wrote", "block %llu, offset 0x%lx "
		   "differs (0x%02x) %s", (unsigned long long)i, off, off < 0 ? 0 : p[off], when);
	vct_dev_phys_unmap(c->vd, p, m->cfg.block_size);
}

/* D-a6224186: the driver can write plugged memory and read it back. */
static void plugged_memory_usable(struct vct_ctx *c)
{
	struct mem m;
	uint8_t *p;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	p = plug_and_write(c, &m, 0, 0x31);
	vct_dev_phys_unmap(c->vd, p, m.cfg.block_size);
	report_kept(c, &m, 0, 0x31, "written, then read through a new mapping");
}

/* D-81611eb5: other PLUG, UNPLUG and STATE requests leave a plugged block's memory alone. */
static void plugged_memory_kept(struct vct_ctx *c)
{
	struct mem m;
	uint8_t *p;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 3);
	p = plug_and_write(c, &m, 0, 0x52);
	vct_dev_phys_unmap(c->vd, p, m.cfg.block_size);
	mem_plug(c, &m, 1, 2);
	mem_request(c, &m, MEM_REQ_UNPLUG, mem_block(&m, 2), 1, 0, NULL);
	mem_state(c, &m, mem_block(&m, 0), 3);
	report_kept(c, &m, 0, 0x52, "after a PLUG of two more blocks, an UNPLUG of one and a STATE");
}

/* D-1ffce7a0: a virtio reset leaves the memory of plugged blocks as it was. */
static void reset_keeps_memory(struct vct_ctx *c)
{
	struct mem m;
	uint8_t *p;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	p = plug_and_write(c, &m, 0, 0x73);
	vct_dev_phys_unmap(c->vd, p, m.cfg.block_size);
	mem_reopen(c, &m);
	report_kept(c, &m, 0, 0x73, "after a virtio reset");
}

static const struct vct_check checks[] = {
	VCT_CHECK("mem.plugged_memory_usable", "D-a6224186", plugged_memory_usable, .type = VCT_ID_MEM),
	VCT_CHECK("mem.plugged_memory_kept", "D-81611eb5", plugged_memory_kept, .type = VCT_ID_MEM),
	VCT_CHECK("mem.reset_keeps_memory", "D-1ffce7a0", reset_keeps_memory, .type = VCT_ID_MEM),
};

VCT_SUITE(vct_suite_mem_memory, "mem", checks);
