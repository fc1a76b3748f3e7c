/* SPDX-License-Identifier: MIT */
/* Device configuration space: readable early, stable, generation-consistent. */
#include <string.h>

#include "req.h"

/* D-bf9d7ead: device configuration is readable before FEATURES_OK, with the values it has afterwards. */
static void readable_before_features_ok(struct vct_ctx *c)
{
	uint8_t before[256], after[256];
	size_t len = vct_dev_config_len(c->vd) < sizeof(before) ? vct_dev_config_len(c->vd) : sizeof(before);
	int r;

	if (!vct_dev_config_len(c->vd))
		vct_skip(c, "device: the device has no device-specific configuration structure");
	/* Field widths matter to some devices: read as the natural-width accessor does. */
	len &= ~(size_t)3;
	if (!len)
		vct_skip(c, "device: the device-specific configuration is shorter than one 32-bit field");
	vct_c_reset(c);
	vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	r = __vct_dev_config_read(c->vd, 0, before, len, 64);
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

static const struct vct_check checks[] = {
	VCT_CHECK("config.readable_before_features_ok", "D-bf9d7ead", readable_before_features_ok),
};

VCT_SUITE(vct_suite_core_config, "core/config", checks);
