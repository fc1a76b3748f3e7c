/* SPDX-License-Identifier: MIT */
/* GPU device (id 16): fenced control commands. */
#include <string.h>

#include "types/types.h"

#define ID_GPU 16
#define HDR 24			/* struct virtio_gpu_ctrl_hdr */
#define CMD_RESOURCE_CREATE_2D 0x0101
#define CMD_RESOURCE_UNREF 0x0102
#define RESP_OK_NODATA 0x1100
#define RESP_ERR_INVALID_RESOURCE_ID 0x1203
#define FLAG_FENCE 1
#define FORMAT_B8G8R8A8_UNORM 1

struct gpu_resp {
	uint32_t type, flags;
	uint64_t fence;
};

/* One command on controlq (header, @body of @len bytes; fenced with @fence when non-zero); its response header. */
static struct gpu_resp gpu_cmd(struct vct_ctx *c, struct vct_bringup *b, uint32_t type, uint64_t fence,
			       const uint32_t *body, unsigned int nbody)
{
	struct vct_dma_buf *req = vct_c_dma(c, HDR + 4 * nbody), *resp = vct_c_dma(c, HDR);
	struct vct_sg sg[2] = { { .iova = req->iova, .len = HDR + 4 * nbody, .write = false },
				{ .iova = resp->iova, .len = HDR, .write = true } };
	uint8_t *p = req->va;
	uint32_t len = 0;
	int head;

	memset(p, 0, HDR);
	memset(resp->va, 0xee, HDR);
	vct_put32(p, type);
	vct_put32(p + 4, fence ? FLAG_FENCE : 0);
	vct_put64(p + 8, fence);
	for (unsigned int i = 0; i < nbody; i++)
		vct_put32(p + HDR + 4 * i, body[i]);
	head = vct_vq_add(b->vq[0], sg, 2, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a controlq command");
	vct_vq_notify(b->vq[0]);
	vct_c_wait_used(c, b->vq[0], (uint16_t)head, &len);
	return (struct gpu_resp){ (uint32_t)vct_le_load(resp->va, 4), (uint32_t)vct_le_load((uint8_t *)resp->va + 4, 4),
				  vct_le_load((uint8_t *)resp->va + 8, 8) };
}

static struct gpu_resp create(struct vct_ctx *c, struct vct_bringup *b, uint32_t id, uint64_t fence)
{
	const uint32_t body[] = { id, FORMAT_B8G8R8A8_UNORM, 64, 64 };

	return gpu_cmd(c, b, CMD_RESOURCE_CREATE_2D, fence, body, 4);
}

static struct gpu_resp unref(struct vct_ctx *c, struct vct_bringup *b, uint32_t id, uint64_t fence)
{
	const uint32_t body[] = { id, 0 };

	return gpu_cmd(c, b, CMD_RESOURCE_UNREF, fence, body, 2);
}

/*
 * D-e5575580: a fenced command comes back only once processed, so the
 * next command sees its effect: after a fenced RESOURCE_CREATE_2D the
 * resource exists (an unfenced UNREF succeeds), after a fenced
 * RESOURCE_UNREF it is gone (a second UNREF fails with
 * ERR_INVALID_RESOURCE_ID). The fenced responses carry the fence back.
 */
static void fence_after_processing(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint32_t id = 0x7600u + (uint32_t)(vct_now_ms() & 0xff);
	uint64_t fence = 0x7663740000000000ull | id;
	struct gpu_resp r;

	vct_c_bringup(c, &b);
	r = create(c, &b, id, fence);
	if (r.type != RESP_OK_NODATA)
		vct_skip(c, "device: RESOURCE_CREATE_2D (64x64 B8G8R8A8) refused with 0x%04x: no resource to follow", r.type);
	vct_report(c, (r.flags & FLAG_FENCE) && r.fence == fence, "response to a fenced RESOURCE_CREATE_2D",
		   "VIRTIO_GPU_FLAG_FENCE and the request's fence_id", "flags 0x%x fence_id 0x%llx (sent 0x%llx)", r.flags,
		   (unsigned long long)r.fence, (unsigned long long)fence);
	r = unref(c, &b, id, 0);
	vct_report(c, r.type == RESP_OK_NODATA, "RESOURCE_UNREF right after the fenced RESOURCE_CREATE_2D came back",
		   "VIRTIO_GPU_RESP_OK_NODATA (the resource exists)", "0x%04x", r.type);
	if (r.type != RESP_OK_NODATA)
		return;
	if (create(c, &b, id, 0).type != RESP_OK_NODATA)
		vct_skip(c, "device: a second RESOURCE_CREATE_2D of the same id after its UNREF was refused");
	r = unref(c, &b, id, fence + 1);
	vct_report(c, r.type == RESP_OK_NODATA, "fenced RESOURCE_UNREF of a live resource", "VIRTIO_GPU_RESP_OK_NODATA",
		   "0x%04x", r.type);
	r = unref(c, &b, id, 0);
	vct_report(c, r.type == RESP_ERR_INVALID_RESOURCE_ID,
		   "RESOURCE_UNREF right after the fenced RESOURCE_UNREF came back",
		   "VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID (the resource is gone)", "0x%04x", r.type);
}

/* D-574790ec: every shared memory region of the device has id 0 (UNDEFINED) or 1 (HOST_VISIBLE). */
static void shm_ids(struct vct_ctx *c)
{
	uint8_t ids[8];
	uint64_t lens[8];
	unsigned int n;

	vct_c_negotiate(c, NULL);
	n = vct_req_shm_regions(c, ids, lens, 8);
	if (!n)
		vct_skip(c, "not offered: the device has no shared memory region");
	for (unsigned int i = 0; i < n; i++)
		vct_report(c, ids[i] <= 1, "shared memory region id", "0 (UNDEFINED) or 1 (HOST_VISIBLE)",
			   "region %u: id %u", i, ids[i]);
}

static const struct vct_check checks[] = {
	VCT_CHECK("gpu.fence_after_processing", "D-e5575580", fence_after_processing, .type = ID_GPU),
	VCT_CHECK("gpu.shm_ids", "D-574790ec", shm_ids, .type = ID_GPU),
};

VCT_SUITE(vct_suite_gpu, "gpu", checks);
