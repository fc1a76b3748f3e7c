/* SPDX-License-Identifier: MIT */
/*
 * The device-specific configuration capability and config_generation
 * (Virtio Over PCI Bus: device-specific configuration, common configuration
 * structure layout).
 */
#include <string.h>

#include "pci_checks.h"

/* Bytes of device configuration the generation checks read: whole 32-bit words, at most @max; SKIP without any. */
static uint32_t devcfg_words(struct vct_ctx *c, size_t max)
{
	if (vct_pci(c->vd)->devcfg.bar < 0)
		vct_skip(c, "device: the device has no device-specific configuration structure");
	return (uint32_t)(vct_pci(c->vd)->devcfg.len < max ? vct_pci(c->vd)->devcfg.len : max) & ~3u;
}

/* Device configuration in 32-bit reads (the widest a driver may rely on), no generation handling. */
static void config_raw(struct vct_ctx *c, uint8_t *buf, uint32_t n)
{
	for (uint32_t o = 0; o < n; o += 4)
		if (__vct_dev_config_read(c->vd, o, buf + o, 4, 1))
			vct_abort(c, "device configuration read failed");
}

/* D-122e7b99: the device-specific configuration structure starts 4-byte aligned. */
static void devcfg_aligned(struct vct_ctx *c)
{
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == VIRTIO_PCI_CAP_DEVICE_CFG)
			vct_report(c, !(vct_pci(c->vd)->caps[i].offset & 3), "device config capability offset",
				   "4-byte aligned", "0x%x (capability at 0x%02x)", vct_pci(c->vd)->caps[i].offset,
				   vct_pci(c->vd)->caps[i].pos);
	if (vct_pci(c->vd)->devcfg.bar < 0)
		vct_skip(c, "device: the device has no device-specific configuration structure");
}

/*
 * D-53215f10: config_generation changes when configuration the driver has
 * read changed. Black-box: nothing changes it here, so the generation must
 * at least be stable across re-reads (a device that bumps it on every read
 * makes consistent reads impossible).
 */
static void generation_stable_when_idle(struct vct_ctx *c)
{
	uint8_t g0, g;
	uint8_t buf[4];

	if (vct_pci(c->vd)->devcfg.bar < 0)
		vct_skip(c, "device: the device has no device-specific configuration structure");
	vct_c_negotiate(c, NULL);
	g0 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	for (int i = 0; i < 16; i++) {
		if (vct_pci(c->vd)->devcfg.len >= 4)
			__vct_dev_config_read(c->vd, 0, buf, 4, 1);
		g = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
		vct_report(c, g == g0, "config_generation with no configuration change", "unchanged",
			   "0x%02x, was 0x%02x (read %d)", g, g0, i);
		if (g != g0)
			break;
	}
}

/*
 * D-53215f10: after a configuration change, config_generation differs from
 * the value seen before it once the changed field is read. The read spans
 * the change (generation, every field, the host's change, every field,
 * generation), as a driver's multi-field read would. Needs the device's host
 * to change the configuration (host action config-change).
 */
static void generation_changes(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint8_t before[64], after[64], g0, g1;
	uint32_t n;

	n = devcfg_words(c, sizeof(before));
	vct_c_bringup(c, &b);
	g0 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	config_raw(c, before, n);
	if (vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION) != g0)
		vct_skip(c, "device: config_generation moved while nothing was changed (checked by config.generation_stable_when_idle)");
	vct_req_config_change(c);
	config_raw(c, after, n);
	g1 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	if (!memcmp(before, after, n))
		vct_skip(c, "device: the device configuration did not change, so the generation need not either");
	{
		uint32_t o = 0;

		while (o < n && before[o] == after[o])
			o++;
		vct_report(c, g1 != g0, "config_generation after reading a changed configuration field",
			   "different from before the change", "still 0x%02x (byte %u changed 0x%02x -> 0x%02x)", g1, o,
			   before[o], after[o]);
	}
}

/*
 * D-53215f10, after the change: once a driver's read loop has settled
 * (config_generation the same before and after reading every field), the
 * values it got are the device's configuration; reading them again with no
 * further generation change must give the same bytes. A device that moves
 * the generation first and fills in the new fields later hands the driver a
 * settled read that is half old, half new.
 */
static void generation_settles(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint8_t first[64], again[64], g, g1 = 0, g2;
	uint32_t n, o = 0;
	int tries;

	n = devcfg_words(c, sizeof(first));
	vct_c_bringup(c, &b);
	vct_req_config_change(c);
	/* Give the device the time its notification would take, then read as the spec's loop does. */
	if (c->vd->nvec)
		vct_dev_irq_wait(c->vd, 0, c->timeout_ms);
	for (tries = 0; tries < 64; tries++) {
		g = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
		config_raw(c, first, n);
		g1 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
		if (g == g1)
			break;
	}
	if (tries == 64)
		vct_skip(c, "device: config_generation never settled after the change (64 reads); nothing to compare");
	config_raw(c, again, n);
	g2 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	while (o < n && first[o] == again[o])
		o++;
	vct_report(c, o == n || g2 != g1, "device configuration re-read after a settled read",
		   "the same bytes, or a changed config_generation",
		   "byte %u went 0x%02x -> 0x%02x while config_generation stayed 0x%02x", o, o < n ? first[o] : 0,
		   o < n ? again[o] : 0, g2);
}

/*
 * D-53215f10 during initialization: the statement has no DRIVER_OK condition,
 * and a driver reads its configuration before DRIVER_OK (that is when it
 * sizes itself: capacity, MAC, link). Features negotiated, DRIVER_OK not set:
 * the driver reads every field, the host changes the configuration, the
 * driver reads until it sees the change; config_generation must then differ
 * from the one it read before. No notification is due before DRIVER_OK, so
 * the change is polled for.
 */
static void generation_changes_before_driver_ok(struct vct_ctx *c)
{
	uint8_t before[64], after[64], g0, g1;
	uint64_t deadline;
	uint32_t n, o = 0;

	n = devcfg_words(c, sizeof(before));
	vct_c_negotiate(c, NULL);
	g0 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	config_raw(c, before, n);
	if (vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION) != g0)
		vct_skip(c, "device: config_generation moved while nothing was changed (config.generation_stable_when_idle reports it)");
	vct_req_config_change(c);
	deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	do {
		vct_dev_poll(c->vd);
		config_raw(c, after, n);
		if (memcmp(before, after, n))
			break;
		usleep(10000);
	} while (vct_now_ms() < deadline);
	g1 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	if (!memcmp(before, after, n))
		vct_skip(c, "device: the host's change did not show in the configuration within %d ms before DRIVER_OK", c->timeout_ms);
	while (o < n && before[o] == after[o])
		o++;
	vct_report(c, g1 != g0, "config_generation after reading a field the host changed before DRIVER_OK",
		   "different from before the change", "still 0x%02x (byte %u changed 0x%02x -> 0x%02x, status 0x%02x)", g1, o,
		   before[o], after[o], vct_dev_status(c->vd));
}

static const struct vct_check checks[] = {
	VCT_CHECK("config.devcfg_aligned", "D-122e7b99", devcfg_aligned),
	VCT_CHECK("config.generation_stable_when_idle", "D-53215f10", generation_stable_when_idle,
		  .analogy = "checks the converse (no new generation without a change), which the statement does not require"),
	VCT_CHECK("config.generation_changes", "D-53215f10", generation_changes,
		  .shared = "generation_stable_when_idle checks that it stays put without a change; this one that it moves with one"),
	VCT_CHECK("config.generation_changes_before_driver_ok", "D-53215f10", generation_changes_before_driver_ok,
		  .shared = "the same rule while the driver initializes (before DRIVER_OK), when no notification is due"),
	VCT_CHECK("config.generation_settles", "D-53215f10", generation_settles,
		  .shared = "this one checks that no field changes under a settled generation after a host-side change"),
};

VCT_SUITE(vct_suite_pci_config, "pci/config", checks);
