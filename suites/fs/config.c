/* SPDX-License-Identifier: MIT */
/* File system device: the configuration layout's device requirements. */
#include "fs.h"

/* D-d8f26379: num_request_queues is 1 or more (the driver may use from one up to that many). */
static void num_request_queues(struct vct_ctx *c)
{
	uint64_t n;

	vct_c_negotiate(c, NULL);
	n = vct_req_cfg(c, "num_request_queues");
	vct_report(c, n >= 1, "num_request_queues", "1 or greater", "%llu", (unsigned long long)n);
}

/*
 * D-88a5c3dc: notify_buf_size holds every notify message the device emits.
 * A device offering VIRTIO_FS_F_NOTIFICATION supports FUSE_NOTIFY_LOCK (the
 * one notify type the chapter lists), and a notification buffer is laid out
 * as a fuse_out_header followed by the payload, notify_buf_size bytes in
 * all: FUSE_NOTIFY_LOCK's fuse_notify_lock_out (unique, error, padding: 16
 * bytes) needs 16 + 16.
 */
static void notify_buf_size(struct vct_ctx *c)
{
	uint64_t f[2], n;

	vct_c_need_feature(c, FS_F_NOTIFICATION);
	vct_dev_default_features(c->vd, f);
	f[0] |= 1ull << FS_F_NOTIFICATION;
	vct_c_negotiate(c, f);
	n = vct_req_cfg(c, "notify_buf_size");
	vct_report(c, n >= FS_OUT_HDR + 16, "notify_buf_size, VIRTIO_FS_F_NOTIFICATION negotiated",
		   "at least 32: a fuse_out_header and FUSE_NOTIFY_LOCK's fuse_notify_lock_out", "%llu",
		   (unsigned long long)n);
}

static const struct vct_check checks[] = {
	VCT_CHECK("fs.num_request_queues", "D-d8f26379", num_request_queues, .type = VCT_ID_FS),
	VCT_CHECK("fs.notify_buf_size", "D-88a5c3dc", notify_buf_size, .type = VCT_ID_FS),
};

VCT_SUITE(vct_suite_fs_config, "fs", checks);
