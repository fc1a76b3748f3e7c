/* SPDX-License-Identifier: MIT */
/* The VIRTIO_PCI_CAP_PCI_CFG window: BAR access through configuration space. */
#include "pci_checks.h"

/* Program the window (bar, offset, length) of the first pci_cfg capability. */
static uint8_t window(struct vct_ctx *c, uint8_t bar, uint32_t off, uint32_t len)
{
	uint8_t pos = vct_pci(c->vd)->pcicfg_pos;

	if (!pos)
		vct_skip(c, "device: no usable VIRTIO_PCI_CAP_PCI_CFG capability (pci.pcicfg_cap_present reports it)");
	vct_cfg_write8(c->vd->t, pos + 4, bar);
	vct_cfg_write32(c->vd->t, pos + 8, off);
	vct_cfg_write32(c->vd->t, pos + 12, len);
	return pos;
}

/* D-4520360c: a read of pci_cfg_data returns the BAR bytes the window points at. */
static void pcicfg_read(struct vct_ctx *c)
{
	const struct vct_region *r = &vct_pci(c->vd)->common;
	uint32_t direct, via;
	uint16_t q16;
	uint8_t pos;

	vct_c_negotiate(c, NULL);
	direct = vct_cr32(c->vd, VIRTIO_PCI_COMMON_DF);	/* select is 3 after negotiation */
	vct_cw32(c->vd, VIRTIO_PCI_COMMON_DFSELECT, 0);
	direct = vct_cr32(c->vd, VIRTIO_PCI_COMMON_DF);
	pos = window(c, (uint8_t)r->bar, r->off + VIRTIO_PCI_COMMON_DF, 4);
	vct_cfg_read32(c->vd->t, pos + 16, &via);
	vct_report(c, via == direct, "device_feature read through pci_cfg_data (4 bytes)", "the BAR's value",
		   "0x%08x through the window, 0x%08x directly", via, direct);
	pos = window(c, (uint8_t)r->bar, r->off + VIRTIO_PCI_COMMON_NUMQ, 2);
	vct_cfg_read16(c->vd->t, pos + 16, &q16);
	vct_report(c, q16 == c->vd->num_queues, "num_queues read through pci_cfg_data (2 bytes)", "the BAR's value",
		   "%u through the window, %u directly", q16, c->vd->num_queues);
}

/* D-d37c6ff3: a write to pci_cfg_data reaches the BAR. */
static void pcicfg_write(struct vct_ctx *c)
{
	const struct vct_region *r = &vct_pci(c->vd)->common;
	uint8_t pos;
	uint16_t got;

	vct_c_negotiate(c, NULL);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 0);
	pos = window(c, (uint8_t)r->bar, r->off + VIRTIO_PCI_COMMON_Q_SELECT, 2);
	vct_cfg_write16(c->vd->t, pos + 16, 1);
	got = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT);
	vct_report(c, got == 1, "queue_select written through pci_cfg_data", "1 read from the BAR", "%u", got);
	pos = window(c, (uint8_t)r->bar, r->off + VIRTIO_PCI_COMMON_DFSELECT, 4);
	vct_cfg_write32(c->vd->t, pos + 16, 1);
	got = (uint16_t)vct_cr32(c->vd, VIRTIO_PCI_COMMON_DFSELECT);
	vct_report(c, got == 1, "device_feature_select written through pci_cfg_data", "1 read from the BAR", "%u", got);
}

static const struct vct_check checks[] = {
	VCT_CHECK("pci.pcicfg_read", "D-4520360c", pcicfg_read),
	VCT_CHECK("pci.pcicfg_write", "D-d37c6ff3", pcicfg_write),
};

VCT_SUITE(vct_suite_pci_access, "pci/access", checks);
