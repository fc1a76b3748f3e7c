/* SPDX-License-Identifier: MIT */
/*
 * The feature windows of the common configuration structure:
 * device_feature_select / device_feature and driver_feature_select /
 * driver_feature (Virtio Over PCI Bus: common configuration structure layout).
 */
#include "pci_checks.h"

/* D-f0fbf850: device_feature shows the offer window selected; the same window twice reads the same. */
static void feature_window_consistent(struct vct_ctx *c)
{
	for (uint32_t sel = 0; sel < 4; sel++) {
		uint32_t a = vct_dev_device_features_word(c->vd, sel);
		uint32_t other = vct_dev_device_features_word(c->vd, sel ^ 1);
		uint32_t b = vct_dev_device_features_word(c->vd, sel);
		uint32_t sel_rb;

		(void)other;
		sel_rb = vct_cr32(c->vd, VIRTIO_PCI_COMMON_DFSELECT);
		vct_report(c, a == b, "device_feature for one select, read around another select", "the same word",
			   "select %u: 0x%08x then 0x%08x", sel, a, b);
		vct_report(c, sel_rb == sel, "device_feature_select read back", "the value written",
			   "wrote %u, read %u", sel, sel_rb);
		vct_report(c, (uint32_t)(c->vd->offered[sel / 2] >> (32 * (sel % 2))) == a,
			   "device_feature word against the probe-time read", "unchanged", "select %u: 0x%08x now",
			   sel, a);
	}
}

/* D-dafedb26: valid bits written to driver_feature read back. */
static void driver_feature_readback(struct vct_ctx *c)
{
	uint64_t f[2];

	vct_dev_default_features(c->vd, f);
	vct_c_reset(c);
	vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	vct_dev_write_features(c->vd, f);
	for (uint32_t sel = 0; sel < 4; sel++) {
		uint32_t want = (uint32_t)(f[sel / 2] >> (32 * (sel % 2))), got;

		vct_cw32(c->vd, VIRTIO_PCI_COMMON_GFSELECT, sel);
		got = vct_cr32(c->vd, VIRTIO_PCI_COMMON_GF);
		vct_report(c, got == want, "driver_feature read back", "the valid bits written",
			   "select %u: wrote 0x%08x, read 0x%08x", sel, want, got);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("features.window_consistent", "D-f0fbf850", feature_window_consistent),
	VCT_CHECK("features.driver_feature_readback", "D-dafedb26", driver_feature_readback),
};

VCT_SUITE(vct_suite_pci_features, "pci/features", checks);
