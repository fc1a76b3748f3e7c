/* SPDX-License-Identifier: MIT */
/*
 * Memory device: its configuration (block size, region, usable region,
 * plugged and requested sizes), how it follows requests and the host's
 * resize requests, what a virtio reset leaves alone and a system reset
 * takes (host action system-reset), and whether its platform's suspend
 * support is offered (host query platform-suspend).
 */
#include <string.h>

#include "mem.h"

#define MEM_NOTIFY_MS 300

/* D-7ae4d93e: block_size is a power of 2 (read before anything is built on it). */
static void block_size_pow2(struct vct_ctx *c)
{
	struct mem_cfg f;

	vct_c_negotiate(c, NULL);
	mem_cfg_read(c, &f);
	vct_report(c, f.block_size && !(f.block_size & (f.block_size - 1)), "block_size", "a power of 2", "0x%llx",
		   (unsigned long long)f.block_size);
}

static void report_multiples(struct vct_ctx *c, const struct mem_cfg *f, const char *when)
{
	const struct { const char *name; uint64_t v; } fields[] = {
		{ "addr", f->addr }, { "region_size", f->region_size }, { "usable_region_size", f->usable },
		{ "plugged_size", f->plugged }, { "requested_size", f->requested },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		vct_report(c, !(fields[i].v % f->block_size), fields[i].name, "a multiple of block_size",
			   "0x%llx with block_size 0x%llx (%s)", (unsigned long long)fields[i].v,
			   (unsigned long long)f->block_size, when);
}

/* D-c1f527d9: addr and every size are multiples of block_size, also once blocks are plugged. */
static void sizes_block_multiples(struct vct_ctx *c)
{
	struct mem m;

	mem_open(c, &m, true);
	report_multiples(c, &m.cfg, "after UNPLUG_ALL");
	if (m.cfg.requested < m.cfg.block_size || m.cfg.usable < m.cfg.block_size)
		return;
	mem_plug(c, &m, 0, 1);
	mem_cfg_read(c, &m.cfg);
	report_multiples(c, &m.cfg, "one block plugged");
}

/*
 * D-8d539d03: usable_region_size covers requested_size as the device comes
 * up, and still after UNPLUG_ALL (which may shrink the usable region).
 */
static void usable_covers_requested(struct vct_ctx *c)
{
	struct mem m;

	mem_open(c, &m, false);
	vct_report(c, m.cfg.usable >= m.cfg.requested, "usable_region_size", ">= requested_size", "0x%llx < 0x%llx",
		   (unsigned long long)m.cfg.usable, (unsigned long long)m.cfg.requested);
	if (mem_request(c, &m, MEM_REQ_UNPLUG_ALL, 0, 0, 0, NULL) != MEM_RESP_ACK)
		return;
	mem_cfg_read(c, &m.cfg);
	vct_report(c, m.cfg.usable >= m.cfg.requested, "usable_region_size after an acknowledged UNPLUG_ALL",
		   ">= requested_size", "0x%llx < 0x%llx", (unsigned long long)m.cfg.usable,
		   (unsigned long long)m.cfg.requested);
}

/*
 * D-3a44ecf1: block_size, node_id (meaningful with ACPI_PXM), addr and
 * region_size stay as they were through requests, UNPLUG_ALL and a virtio
 * reset (a device reset is not the system reset the statement excepts).
 */
static void fixed_fields(struct vct_ctx *c)
{
	struct mem m;
	struct mem_cfg f0, f;
	const char *steps[] = { "a PLUG and an UNPLUG", "UNPLUG_ALL", "a virtio reset" };

	mem_open(c, &m, false);
	f0 = m.cfg;
	for (unsigned int s = 0; s < ARRAY_SIZE(steps); s++) {
		if (s == 0 && f0.requested >= f0.plugged + f0.block_size && f0.usable >= f0.block_size) {
			uint64_t b = 0;
			uint16_t st = mem_state(c, &m, mem_block(&m, b), 1);

			if (st == MEM_STATE_UNPLUGGED) {
				mem_plug(c, &m, b, 1);
				mem_request(c, &m, MEM_REQ_UNPLUG, mem_block(&m, b), 1, 0, NULL);
			}
		} else if (s == 1) {
			mem_request(c, &m, MEM_REQ_UNPLUG_ALL, 0, 0, 0, NULL);
		} else if (s == 2) {
			vct_c_reset(c);
			vct_c_negotiate(c, NULL);
		}
		mem_cfg_read(c, &f);
		vct_report(c, f.block_size == f0.block_size, "block_size", "unchanged", "0x%llx, was 0x%llx (after %s)",
			   (unsigned long long)f.block_size, (unsigned long long)f0.block_size, steps[s]);
		vct_report(c, f.addr == f0.addr, "addr", "unchanged", "0x%llx, was 0x%llx (after %s)",
			   (unsigned long long)f.addr, (unsigned long long)f0.addr, steps[s]);
		vct_report(c, f.region_size == f0.region_size, "region_size", "unchanged", "0x%llx, was 0x%llx (after %s)",
			   (unsigned long long)f.region_size, (unsigned long long)f0.region_size, steps[s]);
		if (vct_has(c->vd->features, MEM_F_ACPI_PXM))
			vct_report(c, f.node_id == f0.node_id, "node_id (VIRTIO_MEM_F_ACPI_PXM)", "unchanged",
				   "%u, was %u (after %s)", f.node_id, f0.node_id, steps[s]);
	}
}

/*
 * D-290968f6: plugged_size is block_size times the blocks the device
 * reports plugged, through plugs and unplugs.
 */
static void plugged_size_reflects(struct vct_ctx *c)
{
	struct mem m;
	const uint16_t pattern[][2] = { { 0, 1 }, { 2, 2 }, { 0, 0 } };	/* { block, count } plugged so far */
	unsigned int plugged = 0;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 3);
	vct_report(c, m.cfg.plugged == 0, "plugged_size after UNPLUG_ALL was acknowledged", "0", "0x%llx",
		   (unsigned long long)m.cfg.plugged);
	for (unsigned int i = 0; i < 2; i++) {
		mem_plug(c, &m, pattern[i][0], pattern[i][1]);
		plugged += pattern[i][1];
		mem_cfg_read(c, &m.cfg);
		vct_report(c, m.cfg.plugged == plugged * m.cfg.block_size, "plugged_size after a PLUG", "blocks plugged x block_size",
			   "0x%llx with %u blocks of 0x%llx plugged", (unsigned long long)m.cfg.plugged, plugged,
			   (unsigned long long)m.cfg.block_size);
	}
	if (mem_request(c, &m, MEM_REQ_UNPLUG, mem_block(&m, 2), 1, 0, NULL) == MEM_RESP_ACK) {
		plugged--;
		mem_cfg_read(c, &m.cfg);
		vct_report(c, m.cfg.plugged == plugged * m.cfg.block_size, "plugged_size after an UNPLUG",
			   "blocks plugged x block_size", "0x%llx with %u blocks of 0x%llx plugged",
			   (unsigned long long)m.cfg.plugged, plugged, (unsigned long long)m.cfg.block_size);
	}
}

/*
 * D-257d02ae: usable_region_size does not shrink but on UNPLUG_ALL or a
 * system reset: not when the host lowers requested_size, not on requests,
 * not on a virtio reset.
 */
static void usable_never_shrinks(struct vct_ctx *c)
{
	struct mem m;
	uint64_t u0;
	char p[48];

	mem_open(c, &m, true);
	u0 = m.cfg.usable;
	/* Half the requested size (whole blocks), so the usable region could follow it down. */
	snprintf(p, sizeof(p), "requested-mib=%llu",
		 (unsigned long long)((m.cfg.requested / 2 / m.cfg.block_size * m.cfg.block_size) >> 20));
	if (m.cfg.requested / 2 < m.cfg.block_size || m.cfg.block_size % (1u << 20))
		snprintf(p, sizeof(p), "%s", "");
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, p, NULL, 0);
	vct_req_config_interrupted(c, MEM_NOTIFY_MS);
	mem_cfg_read(c, &m.cfg);
	vct_report(c, m.cfg.usable >= u0, "usable_region_size after the host changed requested_size",
		   "not below what it was", "0x%llx, was 0x%llx (requested_size now 0x%llx)",
		   (unsigned long long)m.cfg.usable, (unsigned long long)u0, (unsigned long long)m.cfg.requested);
	u0 = m.cfg.usable;
	mem_reopen(c, &m);
	vct_report(c, m.cfg.usable >= u0, "usable_region_size after a virtio reset", "not below what it was",
		   "0x%llx, was 0x%llx", (unsigned long long)m.cfg.usable, (unsigned long long)u0);
}

/* D-64421b1f: a change of requested_size (and of the usable region with it) is notified. */
static void resize_notified(struct vct_ctx *c)
{
	struct mem m;
	uint64_t req;
	int n;

	mem_open(c, &m, false);
	req = m.cfg.requested;
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, "", NULL, 0);
	n = vct_req_config_interrupted(c, c->timeout_ms);
	mem_cfg_read(c, &m.cfg);
	if (m.cfg.requested == req)
		vct_skip(c, "host action: the host's config-change left requested_size at 0x%llx", (unsigned long long)req);
	vct_report(c, n == 1, "configuration change notification after requested_size changed", "one within the timeout",
		   "none in %d ms (requested_size 0x%llx -> 0x%llx)", c->timeout_ms, (unsigned long long)req,
		   (unsigned long long)m.cfg.requested);
}

/* D-c6a57764: plugging and unplugging change plugged_size without a configuration notification. */
static void plugged_change_quiet(struct vct_ctx *c)
{
	struct mem m;
	int n;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	vct_req_config_interrupted(c, 0);	/* forget any notification from before */
	mem_plug(c, &m, 0, 1);
	n = vct_req_config_interrupted(c, MEM_NOTIFY_MS);
	mem_cfg_read(c, &m.cfg);
	vct_report(c, n != 1, "configuration change notification after a PLUG changed plugged_size", "none",
		   "one within %d ms (plugged_size now 0x%llx)", MEM_NOTIFY_MS, (unsigned long long)m.cfg.plugged);
}

/* D-208dba8a: a virtio reset leaves plugged blocks plugged (and plugged_size with them). */
static void reset_keeps_blocks(struct vct_ctx *c)
{
	struct mem m;
	uint64_t plugged;
	uint16_t st;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 2);
	mem_plug(c, &m, 1, 2);
	mem_cfg_read(c, &m.cfg);
	plugged = m.cfg.plugged;
	mem_reopen(c, &m);
	st = mem_state(c, &m, mem_block(&m, 1), 2);
	vct_report(c, st == MEM_STATE_PLUGGED, "STATE of two blocks plugged before a virtio reset", "PLUGGED (0)", "%u", st);
	st = mem_state(c, &m, mem_block(&m, 0), 1);
	vct_report(c, st == MEM_STATE_UNPLUGGED, "STATE of a block unplugged before a virtio reset", "UNPLUGGED (1)", "%u",
		   st);
	vct_report(c, m.cfg.plugged == plugged, "plugged_size after a virtio reset", "as before the reset",
		   "0x%llx, was 0x%llx", (unsigned long long)m.cfg.plugged, (unsigned long long)plugged);
}

/*
 * D-583b5c2a (SHOULD): a system reset unplugs every block. The device's host
 * resets the platform (host action system-reset); the driver then
 * initializes the device as after a boot and finds nothing plugged.
 */
static void system_reset_unplugs(struct vct_ctx *c)
{
	struct mem m;
	uint16_t st;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 2);
	mem_plug(c, &m, 1, 2);
	vct_c_host(c, VCT_HA_SYSTEM_RESET, "", NULL, 0);
	mem_reopen(c, &m);
	vct_report(c, m.cfg.plugged == 0, "plugged_size after a system reset", "0 (every block unplugged)", "0x%llx",
		   (unsigned long long)m.cfg.plugged);
	st = mem_state(c, &m, mem_block(&m, 1), 2);
	vct_report(c, st == MEM_STATE_UNPLUGGED, "STATE of two blocks plugged before a system reset", "UNPLUGGED (1)",
		   "%u", st);
}

/*
 * D-aae1efa5 (SHOULD): when the platform can suspend (deep sleep,
 * suspend-to-RAM) with plugged blocks, the device offers
 * VIRTIO_MEM_F_PERSISTENT_SUSPEND. Only the device's host knows what its
 * platform can do: vct asks it (query platform-suspend).
 */
static void persistent_suspend_offered(struct vct_ctx *c)
{
	char out[512];
	const char *k;

	vct_c_host(c, VCT_HA_QUERY, "platform-suspend", out, sizeof(out));
	k = strstr(out, "\"suspend_with_plugged_memory\"");
	k = k ? strchr(k + 29, ':') : NULL;
	while (k && (*k == ':' || *k == ' '))
		k++;
	if (!k || strncmp(k, "true", 4))
		vct_skip(c, "device: its host says the platform cannot suspend with plugged memory blocks (%.80s)", out);
	vct_report(c, vct_has(c->vd->offered, MEM_F_PERSISTENT_SUSPEND), "device features on a platform that suspends "
		   "with plugged memory blocks", "VIRTIO_MEM_F_PERSISTENT_SUSPEND (2) offered", "offered 0x%016llx%016llx",
		   (unsigned long long)c->vd->offered[1], (unsigned long long)c->vd->offered[0]);
}

static const struct vct_check checks[] = {
	VCT_CHECK("mem.block_size_pow2", "D-7ae4d93e", block_size_pow2, .type = VCT_ID_MEM),
	VCT_CHECK("mem.sizes_block_multiples", "D-c1f527d9", sizes_block_multiples, .type = VCT_ID_MEM),
	VCT_CHECK("mem.usable_covers_requested", "D-8d539d03", usable_covers_requested, .type = VCT_ID_MEM),
	VCT_CHECK("mem.fixed_fields", "D-3a44ecf1", fixed_fields, .type = VCT_ID_MEM),
	VCT_CHECK("mem.plugged_size_reflects", "D-290968f6", plugged_size_reflects, .type = VCT_ID_MEM),
	VCT_CHECK("mem.usable_never_shrinks", "D-257d02ae", usable_never_shrinks, .type = VCT_ID_MEM),
	VCT_CHECK("mem.resize_notified", "D-64421b1f", resize_notified, .type = VCT_ID_MEM),
	VCT_CHECK("mem.plugged_change_quiet", "D-c6a57764", plugged_change_quiet, .type = VCT_ID_MEM),
	VCT_CHECK("mem.reset_keeps_blocks", "D-208dba8a", reset_keeps_blocks, .type = VCT_ID_MEM),
	VCT_CHECK("mem.system_reset_unplugs", "D-583b5c2a", system_reset_unplugs, .type = VCT_ID_MEM),
	VCT_CHECK("mem.persistent_suspend_offered", "D-aae1efa5", persistent_suspend_offered, .type = VCT_ID_MEM),
};

VCT_SUITE(vct_suite_mem_config, "mem", checks);
