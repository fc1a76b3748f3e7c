/* SPDX-License-Identifier: MIT */
/* Device configuration space: readable early, stable, generation-consistent. */
#include <string.h>

#include "req.h"

/* D-bf9d7ead: device configuration is readable before FEATURES_OK, with the values it has afterwards. */
static void readable_before_features_ok(struct vct_ctx *c)
{
	uint8_t before[256], after[256];
	size_t len = c->vd->devcfg.len < sizeof(before) ? c->vd->devcfg.len : sizeof(before);
	int r;

	if (c->vd->devcfg.bar < 0)
		vct_skip(c, "the device has no device-specific configuration structure");
	/* Field widths matter to some devices: read as the natural-width accessor does. */
	len &= ~(size_t)3;
	if (!len)
		vct_skip(c, "the device-specific configuration is shorter than one 32-bit field");
	vct_c_reset(c);
	vct_vdev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vct_vdev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	r = __vct_vdev_config_read(c->vd, 0, before, len, 64);
	vct_require(c, r == 0, "device configuration read before FEATURES_OK", "succeeds and settles", "error %d", r);
	vct_c_negotiate(c, NULL);
	vct_c_config(c, 0, after, len);
	for (size_t i = 0; i < len; i++)
		if (before[i] != after[i]) {
			vct_report(c, false, "device configuration before and after FEATURES_OK", "the same bytes",
				   "offset %zu: 0x%02x before, 0x%02x after", i, before[i], after[i]);
			break;
		}
}

/* D-122e7b99: the device-specific configuration structure starts 4-byte aligned. */
static void devcfg_aligned(struct vct_ctx *c)
{
	for (unsigned int i = 0; i < c->vd->ncaps; i++)
		if (c->vd->caps[i].cfg_type == VIRTIO_PCI_CAP_DEVICE_CFG)
			vct_report(c, !(c->vd->caps[i].offset & 3), "device config capability offset",
				   "4-byte aligned", "0x%x (capability at 0x%02x)", c->vd->caps[i].offset,
				   c->vd->caps[i].pos);
	if (c->vd->devcfg.bar < 0)
		vct_skip(c, "the device has no device-specific configuration structure");
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

	if (c->vd->devcfg.bar < 0)
		vct_skip(c, "the device has no device-specific configuration structure");
	vct_c_negotiate(c, NULL);
	g0 = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
	for (int i = 0; i < 16; i++) {
		if (c->vd->devcfg.len >= 4)
			__vct_vdev_config_read(c->vd, 0, buf, 4, 1);
		g = vct_cr8(c->vd, VIRTIO_PCI_COMMON_CFGGENERATION);
		vct_report(c, g == g0, "config_generation with no configuration change", "unchanged",
			   "0x%02x, was 0x%02x (read %d)", g, g0, i);
		if (g != g0)
			break;
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("config.readable_before_features_ok", "D-bf9d7ead", readable_before_features_ok),
	VCT_CHECK("config.devcfg_aligned", "D-122e7b99", devcfg_aligned),
	VCT_CHECK("config.generation_stable_when_idle", "D-53215f10", generation_stable_when_idle),
};

VCT_SUITE(vct_suite_core_config, "core/config", checks);
