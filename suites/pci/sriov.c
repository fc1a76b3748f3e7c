/* SPDX-License-Identifier: MIT */
/* VIRTIO_F_SR_IOV goes with a PCI SR-IOV capability, and only with one (Reserved Feature Bits). */
#include "pci_checks.h"

/* 1 when the extended capability list has an SR-IOV capability, 0 when not, -1 without extended space. */
static int has_sriov(struct vct_ctx *c)
{
	if (c->vd->t->cfg_size < 4096)
		return -1;
	return vct_sriov_pos(c->vd->t) ? 1 : 0;
}

/* D-6d9af5fa: no VIRTIO_F_SR_IOV without an SR-IOV capability. */
static void sriov_bit_needs_capability(struct vct_ctx *c)
{
	int h;

	if (!vct_has(c->vd->offered, VCT_F_SR_IOV))
		vct_skip(c, "not offered: the device does not offer VIRTIO_F_SR_IOV");
	h = has_sriov(c);
	vct_report(c, h == 1, "SR-IOV extended capability of a device offering VIRTIO_F_SR_IOV", "present",
		   h < 0 ? "no extended configuration space" : "absent");
}

/* D-31cb48d0: a function with an SR-IOV capability should offer VIRTIO_F_SR_IOV. */
static void sriov_capability_offers_bit(struct vct_ctx *c)
{
	if (has_sriov(c) != 1)
		vct_skip(c, "device: the function has no SR-IOV capability");
	vct_report(c, vct_has(c->vd->offered, VCT_F_SR_IOV), "VIRTIO_F_SR_IOV of a function with an SR-IOV capability",
		   "offered", "not offered");
}

static const struct vct_check checks[] = {
	VCT_CHECK("features.sriov_bit_needs_capability", "D-6d9af5fa", sriov_bit_needs_capability),
	VCT_CHECK("features.sriov_capability_offers_bit", "D-31cb48d0", sriov_capability_offers_bit),
};

VCT_SUITE(vct_suite_pci_sriov, "pci/sriov", checks);
