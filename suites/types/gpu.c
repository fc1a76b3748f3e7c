/* SPDX-License-Identifier: MIT */
/* GPU device (id 16): controlq (commands with responses) and cursorq (commands without). */
#include "types.h"

#define HDR 24			/* struct virtio_gpu_ctrl_hdr */
#define MAX_SCANOUTS 16
#define DISPLAY_INFO (HDR + MAX_SCANOUTS * 24)	/* struct virtio_gpu_resp_display_info */
#define CMD_GET_DISPLAY_INFO 0x0100
#define CMD_MOVE_CURSOR 0x0301
#define RESP_OK_DISPLAY_INFO 0x1101
#define RESP_ERR_UNSPEC 0x1200	/* error responses run from here */

static void display_info_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = 0;
	vct_put32(vct_req_add(c, r, HDR, false), CMD_GET_DISPLAY_INFO);
	vct_req_add(c, r, DISPLAY_INFO, true);
}

/* Only the response type is the chapter's to check here: the display modes are the host's to choose. */
static void display_info_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint32_t type = (uint32_t)vct_le_load(r->buf[1]->va, 4);

	vct_report(c, type == RESP_OK_DISPLAY_INFO || (type >= RESP_ERR_UNSPEC && type < 0x1300),
		   "GET_DISPLAY_INFO response type", "VIRTIO_GPU_RESP_OK_DISPLAY_INFO or an error response",
		   "0x%04x", type);
}

static void cursor_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *p;

	r->queue = 1;
	p = vct_req_add(c, r, HDR + 32, false);	/* struct virtio_gpu_update_cursor */
	vct_put32(p, CMD_MOVE_CURSOR);
	vct_put32(p + HDR + 4, 16);	/* pos.x, scanout 0 */
	vct_put32(p + HDR + 8, 16);	/* pos.y */
}

static const struct vct_req_model display_info = {
	.what = "VIRTIO_GPU_CMD_GET_DISPLAY_INFO on controlq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = HDR,
	.build = display_info_build,
	.check = display_info_check,
};

static const struct vct_req_model move_cursor = {
	.what = "VIRTIO_GPU_CMD_MOVE_CURSOR on cursorq",
	.provoke = VCT_PROVOKE_SELF,
	.build = cursor_build,
};

VCT_TYPE_MODELS(gpu) = {
	.type = 16,
	.writing = &display_info,
	.reading = &move_cursor,
	.queues = {
		{ "controlq", &display_info },
		{ "cursorq", &move_cursor },
	},
};
