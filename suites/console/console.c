/* SPDX-License-Identifier: MIT */
/* Console device. */
#include "req.h"

#define CONSOLE_F_EMERG_WRITE 2

/* D-1ba91081: emerg_wr accepts a write before the device is configured. */
static void emerg_write_unconfigured(struct vct_ctx *c)
{
	int r;

	vct_c_need_feature(c, CONSOLE_F_EMERG_WRITE);
	vct_c_reset(c);
	vct_require(c, vct_dev_config_len(c->vd) >= 12, "console configuration length", "covers emerg_wr (offset 8)",
		    "%u bytes", vct_dev_config_len(c->vd));
	r = __vct_dev_config_write(c->vd, 8, 'v', 4);
	vct_report(c, r == 0, "write to emerg_wr on an unconfigured device", "accepted", "error %d", r);
	vct_report(c, vct_dev_status(c->vd) == 0, "device_status after the emergency write",
		   "still 0 (no error state)", "0x%02x", vct_dev_status(c->vd));
	vct_c_negotiate(c, NULL);
}

static const struct vct_check checks[] = {
	VCT_CHECK("console.emerg_write_unconfigured", "D-1ba91081", emerg_write_unconfigured,
		  .type = VCT_ID_CONSOLE),
};

VCT_SUITE(vct_suite_console, "console", checks);
