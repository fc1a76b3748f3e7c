/* SPDX-License-Identifier: MIT */
/*
 * Device reset as the common configuration structure shows it: queue_enable,
 * queue_reset and the MSI-X vectors after writing 0 to device_status, and a
 * clean re-initialization (Virtio Over PCI Bus: common configuration
 * structure layout, MSI-X vector configuration).
 */
#include "pci_checks.h"

/* D-40ef3a9b: queue_enable reads 0 after a reset. */
static void reset_clears_queue_enable(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd), .no_irq = true };

	vct_c_bringup(c, &b);
	vct_c_reset(c);
	for (unsigned int q = 0; q < b.nq; q++) {
		uint16_t en;

		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)q);
		en = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_ENABLE);
		vct_report(c, en == 0, "queue_enable after reset", "0", "queue %u reads %u", q, en);
	}
}

/* D-df5ea190: with RING_RESET negotiated, queue_reset reads 0 after a device reset. */
static void reset_clears_queue_reset(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd), .no_irq = true };

	vct_c_need_feature(c, VCT_F_RING_RESET);
	if (!vct_common_has(c->vd, VIRTIO_PCI_COMMON_Q_RESET, 2))
		vct_require(c, false, "common configuration length", "covers queue_reset (offset 58)",
			    "%u bytes", vct_pci(c->vd)->common.len);
	vct_c_bringup(c, &b);
	vct_c_reset(c);
	vct_c_negotiate(c, NULL);
	for (unsigned int q = 0; q < b.nq; q++) {
		uint16_t v;

		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)q);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_RESET);
		vct_report(c, v == 0, "queue_reset after a device reset", "0", "queue %u reads %u", q, v);
	}
}

/* D-a9509113: writing 0 resets the device: a full re-initialization works from clean ring state. */
static void reset_gives_clean_state(struct vct_ctx *c)
{
	for (int round = 0; round < 2; round++) {
		struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
		struct vct_req r;
		uint32_t len = 0;
		int head;

		vct_c_bringup(c, &b);
		vct_req_reading(c, &r);
		if (round) {
			/* After the reset: the device must work from the fresh rings. */
			vct_req_completes(c, &b, &r, 0, "a request after reset and re-initialization");
		} else {
			head = vct_req_post(c, &b, &r, 0);
			vct_c_wait_used(c, b.vq[r.queue], (uint16_t)head, &len);
		}
		/* The second round reuses nothing: if old avail/used indexes survived the reset, it stalls here. */
		vct_c_reset(c);
		vct_dev_release(c->vd);
	}
}

/* D-ea471510: all vectors are unmapped by a reset. */
static void reset_unmaps_vectors(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint16_t v;

	if (!vct_pci(c->vd)->msix_pos)
		vct_skip(c, "device: the device has no MSI-X capability");
	vct_c_bringup(c, &b);
	if (!c->vd->nvec)
		vct_skip(c, "device: no MSI-X vectors could be bound on this transport");
	vct_c_reset(c);
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == VCT_NO_VECTOR, "config_msix_vector after reset", "0xffff (NO_VECTOR)", "0x%04x", v);
	for (unsigned int q = 0; q < b.nq; q++) {
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)q);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
		vct_report(c, v == VCT_NO_VECTOR, "queue_msix_vector after reset", "0xffff (NO_VECTOR)",
			   "queue %u: 0x%04x", q, v);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("reset.clears_queue_enable", "D-40ef3a9b", reset_clears_queue_enable),
	VCT_CHECK("reset.clears_queue_reset", "D-df5ea190", reset_clears_queue_reset),
	VCT_CHECK("reset.clean_state", "D-a9509113", reset_gives_clean_state,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("reset.unmaps_vectors", "D-ea471510", reset_unmaps_vectors),
};

VCT_SUITE(vct_suite_pci_reset, "pci/reset", checks);
