/* SPDX-License-Identifier: MIT */
/* Virtio Over PCI Bus: device discovery and the virtio structure capabilities. */
#include <linux/pci_regs.h>

#include "pci_checks.h"

/* D-e28db8b5: vendor 0x1af4. A function of another vendor reaches the checks only if it carries virtio capabilities. */
static void vendor_id(struct vct_ctx *c)
{
	vct_expect_eq(c, "PCI Vendor ID", 0x1af4, c->vd->vendor);
}

/*
 * D-fb89a58a: device id is 0x1040 + virtio id (at most 0x107f), or the
 * transitional id of the type. vct also runs on a function with other ids
 * that carries virtio capabilities (pci_ident.h), where this is what fails.
 */
static void device_id(struct vct_ctx *c)
{
	static const uint16_t trans[] = { [1] = 0x1000, [2] = 0x1001, [3] = 0x1003, [4] = 0x1005,
					  [5] = 0x1002, [8] = 0x1004, [9] = 0x1009 };
	uint16_t d = c->vd->device;
	bool ok = (d >= 0x1040 && d <= 0x107f) ||
		  (c->vd->type < sizeof(trans) / sizeof(trans[0]) && trans[c->vd->type] == d);

	vct_report(c, ok, "PCI Device ID", "0x1040 + virtio device id, or the type's transitional id",
		   "0x%04x for virtio type %u", d, c->vd->type);
}

/* D-a3af87c7: non-transitional devices should carry revision 1 or higher. */
static void revision(struct vct_ctx *c)
{
	if (c->vd->device < 0x1040)
		vct_skip(c, "device: transitional device id 0x%04x", c->vd->device);
	vct_report(c, c->vd->revision >= 1, "PCI Revision ID", ">= 1 for a non-transitional device", "%u",
		   c->vd->revision);
}

/* D-afe4ac2d: non-transitional devices should have subsystem device id 0x40 or higher. */
static void subsystem_id(struct vct_ctx *c)
{
	if (c->vd->device < 0x1040)
		vct_skip(c, "device: transitional device id 0x%04x", c->vd->device);
	vct_report(c, c->vd->subsys_device >= 0x40, "PCI Subsystem Device ID", ">= 0x40 for a non-transitional device",
		   "0x%04x", c->vd->subsys_device);
}

/*
 * D-921fa269: cap_len covers the capability's fields (16 bytes; 20 for notify
 * and pci_cfg). A broken list (loop, bad pointer) is pci.function_basics'
 * finding (D-dd2bdc50), not a cap_len one.
 */
static void cap_len_covers_fields(struct vct_ctx *c)
{
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++) {
		const struct vct_vpci_cap *k = &vct_pci(c->vd)->caps[i];
		unsigned int need = k->cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG || k->cfg_type == VIRTIO_PCI_CAP_PCI_CFG ? 20 : 16;

		if (k->cfg_type < 1 || k->cfg_type > VIRTIO_PCI_CAP_PCI_CFG)
			continue;
		vct_report(c, k->cap_len >= need, "cap_len of a virtio capability", "covers its fields",
			   "capability at 0x%02x (cfg_type %u): cap_len %u < %u", k->pos, k->cfg_type, k->cap_len, need);
	}
}

static unsigned int count_usable(struct vct_ctx *c, uint8_t type, const char **why)
{
	unsigned int n = 0;

	*why = "no capability of that type";
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == type) {
			if (vct_pci(c->vd)->caps[i].usable || type == VIRTIO_PCI_CAP_PCI_CFG)
				n++;
			else
				*why = vct_pci(c->vd)->caps[i].problem;
		}
	return n;
}

#define PRESENT_CHECK(fn, type, what)                                                                   \
	static void fn(struct vct_ctx *c)                                                               \
	{                                                                                               \
		const char *why = "";                                                                   \
		vct_report(c, count_usable(c, type, &why) > 0, what " capability", "at least one, within its BAR", \
			   "%s", why);                                                                  \
	}
/* D-ec47f8f2, D-95f30ab8, D-7941e7f9, D-31f42518 */
PRESENT_CHECK(common_present, VIRTIO_PCI_CAP_COMMON_CFG, "VIRTIO_PCI_CAP_COMMON_CFG")
PRESENT_CHECK(notify_present, VIRTIO_PCI_CAP_NOTIFY_CFG, "VIRTIO_PCI_CAP_NOTIFY_CFG")
PRESENT_CHECK(isr_present, VIRTIO_PCI_CAP_ISR_CFG, "VIRTIO_PCI_CAP_ISR_CFG")
PRESENT_CHECK(pcicfg_present, VIRTIO_PCI_CAP_PCI_CFG, "VIRTIO_PCI_CAP_PCI_CFG")

/* D-c1374aad */
static void common_aligned(struct vct_ctx *c)
{
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == VIRTIO_PCI_CAP_COMMON_CFG)
			vct_report(c, !(vct_pci(c->vd)->caps[i].offset & 3), "common config capability offset", "4-byte aligned",
				   "0x%x", vct_pci(c->vd)->caps[i].offset);
}

/* D-a928ab16 (no NOTIFICATION_DATA) / D-51960018 (with): notify offset alignment. */
static void notify_aligned(struct vct_ctx *c)
{
	bool nd = vct_has(c->vd->offered, VCT_F_NOTIFICATION_DATA);

	if (nd)
		vct_skip(c, "device: the device offers NOTIFICATION_DATA: notify.aligned_nd applies");
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG)
			vct_report(c, !(vct_pci(c->vd)->caps[i].offset & 1), "notify capability offset", "2-byte aligned",
				   "0x%x", vct_pci(c->vd)->caps[i].offset);
}

/* D-45769cdd: notify_off_multiplier is 0 or an even power of 2. */
static void notify_multiplier(struct vct_ctx *c)
{
	if (vct_has(c->vd->offered, VCT_F_NOTIFICATION_DATA))
		vct_skip(c, "device: the device offers NOTIFICATION_DATA: a multiple of 4 is required instead");
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++) {
		uint32_t m = vct_pci(c->vd)->caps[i].notify_mult;

		if (vct_pci(c->vd)->caps[i].cfg_type != VIRTIO_PCI_CAP_NOTIFY_CFG)
			continue;
		vct_report(c, m == 0 || (!(m & (m - 1)) && m >= 2), "notify_off_multiplier",
			   "0 or an even power of 2", "%u", m);
	}
}

/* D-9ba83695: the notify structure is at least 2 bytes long. */
static void notify_length(struct vct_ctx *c)
{
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG)
			vct_report(c, vct_pci(c->vd)->caps[i].length >= 2, "notify cap.length", ">= 2", "%u",
				   vct_pci(c->vd)->caps[i].length);
}

static const struct vct_check checks[] = {
	VCT_CHECK("pci.vendor_id", "D-e28db8b5", vendor_id),
	VCT_CHECK("pci.device_id", "D-fb89a58a", device_id),
	VCT_CHECK("pci.revision_id", "D-a3af87c7", revision),
	VCT_CHECK("pci.subsystem_id", "D-afe4ac2d", subsystem_id),
	VCT_CHECK("pci.cap_len_covers_fields", "D-921fa269", cap_len_covers_fields),
	VCT_CHECK("pci.common_cap_present", "D-ec47f8f2", common_present),
	VCT_CHECK("pci.common_cap_aligned", "D-c1374aad", common_aligned),
	VCT_CHECK("pci.notify_cap_present", "D-95f30ab8", notify_present),
	VCT_CHECK("pci.notify_cap_aligned", "D-a928ab16", notify_aligned),
	VCT_CHECK("pci.notify_multiplier", "D-45769cdd", notify_multiplier),
	VCT_CHECK("pci.notify_length", "D-9ba83695", notify_length),
	VCT_CHECK("pci.isr_cap_present", "D-7941e7f9", isr_present),
	VCT_CHECK("pci.pcicfg_cap_present", "D-31f42518", pcicfg_present),
};

VCT_SUITE(vct_suite_pci_layout, "pci/layout", checks);
