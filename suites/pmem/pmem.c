/* SPDX-License-Identifier: MIT */
/* PMEM device (id 27): the region in configuration space and the flush response. */
#include <string.h>

#include "types/types.h"

#define ID_PMEM 27
#define F_SHMEM_REGION 0

/* Negotiate the defaults without VIRTIO_PMEM_F_SHMEM_REGION; start and size. */
static void region(struct vct_ctx *c, uint64_t *start, uint64_t *size)
{
	uint64_t f[2];

	vct_dev_default_features(c->vd, f);
	f[0] &= ~(1ull << F_SHMEM_REGION);
	vct_c_negotiate(c, f);
	*start = vct_req_cfg(c, "start");
	*size = vct_req_cfg(c, "size");
}

/* D-5f1fa2b4: without VIRTIO_PMEM_F_SHMEM_REGION the region is given in configuration space: a non-zero size. */
static void region_in_config(struct vct_ctx *c)
{
	uint64_t start, size;

	region(c, &start, &size);
	vct_report(c, size != 0, "size, VIRTIO_PMEM_F_SHMEM_REGION not negotiated", "the region's length (non-zero)",
		   "0 (start 0x%llx)", (unsigned long long)start);
}

/* D-0a825d2a: start is an absolute address and size the range's length: the range fits the 64-bit address space. */
static void region_absolute(struct vct_ctx *c)
{
	uint64_t start, size;

	region(c, &start, &size);
	if (!size)
		vct_skip(c, "device: size is 0 (pmem.region_in_config judges that)");
	vct_report(c, start + size - 1 >= start, "start + size, VIRTIO_PMEM_F_SHMEM_REGION not negotiated",
		   "a range within the 64-bit address space", "start 0x%llx size 0x%llx passes 2^64",
		   (unsigned long long)start, (unsigned long long)size);
}

/* Negotiate the defaults and VIRTIO_PMEM_F_SHMEM_REGION (SKIP when not offered); the shared memory regions. */
static unsigned int shm_negotiate(struct vct_ctx *c, uint8_t *ids, uint64_t *lens)
{
	uint64_t f[2];

	vct_c_need_feature(c, F_SHMEM_REGION);
	vct_dev_default_features(c->vd, f);
	f[0] |= 1ull << F_SHMEM_REGION;
	vct_c_negotiate(c, f);
	return vct_req_shm_regions(c, ids, lens, 8);
}

/* D-04194c9e: with VIRTIO_PMEM_F_SHMEM_REGION the region is given as a shared memory region. */
static void shm_region_present(struct vct_ctx *c)
{
	uint8_t ids[8];
	uint64_t lens[8];
	unsigned int n = shm_negotiate(c, ids, lens), nonempty = 0;

	for (unsigned int i = 0; i < n; i++)
		nonempty += lens[i] != 0;
	vct_report(c, nonempty > 0, "shared memory regions, VIRTIO_PMEM_F_SHMEM_REGION negotiated",
		   "one giving the persistent memory (non-zero length)", "%u regions, %u of them non-empty", n, nonempty);
}

/* D-3e20e988: that region has shared memory id 0. */
static void shm_region_id_zero(struct vct_ctx *c)
{
	uint8_t ids[8];
	uint64_t lens[8];
	unsigned int n = shm_negotiate(c, ids, lens);
	bool zero = false;

	if (!n)
		vct_skip(c, "device: no shared memory region at all (pmem.shm_region_present judges that)");
	for (unsigned int i = 0; i < n; i++)
		zero |= ids[i] == 0;
	vct_report(c, zero, "shared memory region ids, VIRTIO_PMEM_F_SHMEM_REGION negotiated", "one with id 0",
		   "%u regions, the first with id %u", n, ids[0]);
}

/* D-768788dd (SHOULD): with VIRTIO_PMEM_F_SHMEM_REGION, start and size read 0. */
static void shm_config_zero(struct vct_ctx *c)
{
	uint8_t ids[8];
	uint64_t lens[8], start, size;

	shm_negotiate(c, ids, lens);
	start = vct_req_cfg(c, "start");
	size = vct_req_cfg(c, "size");
	vct_report(c, !start && !size, "start and size, VIRTIO_PMEM_F_SHMEM_REGION negotiated", "both 0",
		   "start 0x%llx size 0x%llx", (unsigned long long)start, (unsigned long long)size);
}

/* D-55bf324d: ret of a FLUSH is 0 (success) or -1 (failure), nothing else. */
static void flush_ret(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };

	vct_c_bringup(c, &b);
	for (int i = 0; i < 2; i++) {
		struct vct_dma_buf *req = vct_c_dma(c, 4), *resp = vct_c_dma(c, 4);
		struct vct_sg sg[2] = { { .iova = req->iova, .len = 4, .write = false },
					{ .iova = resp->iova, .len = 4, .write = true } };
		uint32_t len = 0, ret;
		int head;

		vct_put32(req->va, 0);	/* VIRTIO_PMEM_REQ_TYPE_FLUSH */
		memset(resp->va, 0xee, 4);
		head = vct_vq_add(b.vq[0], sg, 2, NULL, 0);
		if (head < 0)
			vct_abort(c, "cannot post a flush");
		vct_vq_notify(b.vq[0]);
		vct_c_wait_used(c, b.vq[0], (uint16_t)head, &len);
		ret = (uint32_t)vct_le_load(resp->va, 4);
		vct_report(c, ret == 0 || ret == 0xffffffffu, "ret of a FLUSH", "0 (success) or -1 (failure)",
			   "0x%08x (flush %d)", ret, i + 1);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("pmem.region_in_config", "D-5f1fa2b4", region_in_config, .type = ID_PMEM),
	VCT_CHECK("pmem.region_absolute", "D-0a825d2a", region_absolute, .type = ID_PMEM),
	VCT_CHECK("pmem.flush_ret", "D-55bf324d", flush_ret, .type = ID_PMEM),
	VCT_CHECK("pmem.shm_region_present", "D-04194c9e", shm_region_present, .type = ID_PMEM),
	VCT_CHECK("pmem.shm_region_id_zero", "D-3e20e988", shm_region_id_zero, .type = ID_PMEM),
	VCT_CHECK("pmem.shm_config_zero", "D-768788dd", shm_config_zero, .type = ID_PMEM),
};

VCT_SUITE(vct_suite_pmem, "pmem", checks);
