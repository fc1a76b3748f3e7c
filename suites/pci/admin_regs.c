/* SPDX-License-Identifier: MIT */
/*
 * Where the owner puts its administration virtqueues: admin_queue_index and
 * admin_queue_num of the common configuration structure (Virtio Over PCI
 * Bus: common configuration structure layout).
 */
#include "pci_checks.h"
#include "../admin/common.h"

/* Negotiate with ADMIN_VQ and read the two registers (no queue set up). */
static void admin_regs(struct vct_ctx *c, uint16_t *index, uint16_t *num)
{
	uint64_t f[2];

	vct_c_need_feature(c, VCT_F_ADMIN_VQ);
	vct_dev_default_features(c->vd, f);
	vct_set(f, VCT_F_ADMIN_VQ);
	vct_c_negotiate(c, f);
	if (__vct_admin_discover(c->vd, index, num))
		vct_require(c, false, "common configuration length with VIRTIO_F_ADMIN_VQ",
			    "covers admin_queue_num (64 bytes)", "%u bytes", vct_pci(c->vd)->common.len);
}

/* D-822c2d80: admin_queue_index is not below num_queues. */
static void queue_index_above_num_queues(struct vct_ctx *c)
{
	uint16_t index, num, nq;

	admin_regs(c, &index, &num);
	nq = vct_cr16(c->vd, VIRTIO_PCI_COMMON_NUMQ);
	vct_report(c, index >= nq, "admin_queue_index with VIRTIO_F_ADMIN_VQ negotiated", ">= num_queues",
		   "%u with num_queues %u", index, nq);
}

/* D-08e4c63e: the admin queues fit in the 16-bit queue index space. */
static void queue_num_fits(struct vct_ctx *c)
{
	uint16_t index, num;

	admin_regs(c, &index, &num);
	vct_report(c, num <= 0x10000u - index, "admin_queue_num with VIRTIO_F_ADMIN_VQ negotiated",
		   "<= 0x10000 - admin_queue_index", "%u with admin_queue_index %u", num, index);
}

static const struct vct_check checks[] = {
	VCT_CHECK("admin.queue_index_above_num_queues", "D-822c2d80", queue_index_above_num_queues),
	VCT_CHECK("admin.queue_num_fits", "D-08e4c63e", queue_num_fits),
};

VCT_SUITE(vct_suite_pci_admin, "pci/admin", checks);
