/* SPDX-License-Identifier: MIT */
/*
 * D-dd2bdc50: a virtio-pci function is first a PCI function. These are the
 * parts of the PCI/PCIe rules a driver relies on before it reaches anything
 * virtio: header type, capability list, BARs, extended capability list.
 */
#include <linux/pci_regs.h>

#include "pci_checks.h"

static void header_type(struct vct_ctx *c)
{
	uint8_t ht = 0xff, pin = 0xff;

	vct_cfg_read8(c->vd->t, PCI_HEADER_TYPE, &ht);
	vct_cfg_read8(c->vd->t, PCI_INTERRUPT_PIN, &pin);
	vct_report(c, (ht & 0x7f) == PCI_HEADER_TYPE_NORMAL, "PCI header type", "0 (endpoint function)", "0x%02x", ht);
	vct_report(c, pin <= 4, "Interrupt Pin", "0 to 4", "%u", pin);
}

static void capability_list(struct vct_ctx *c)
{
	vct_report(c, !vct_pci(c->vd)->cap_walk_problem[0], "capability list", "present, in 0x40..0xff, terminated", "%s",
		   vct_pci(c->vd)->cap_walk_problem);
}

static void bars_sane(struct vct_ctx *c)
{
	for (int i = 0; i < VCT_NR_BARS; i++) {
		uint64_t s = c->vd->t->bars[i].size;

		if (!s)
			continue;
		vct_report(c, !(s & (s - 1)) && s >= (c->vd->t->bars[i].is_io ? 4u : 16u), "BAR size",
			   "a power of 2, at least 16 bytes for memory", "BAR %d: 0x%llx", i, (unsigned long long)s);
	}
}

/* Extended capabilities (PCIe): every header inside 0x100..0xfff, dword aligned, no loop. */
static void extended_capabilities(struct vct_ctx *c)
{
	uint8_t seen[1024] = { 0 };
	uint32_t off = 0x100, hdr = 0;

	if (c->vd->t->cfg_size < 4096)
		return;	/* conventional PCI: no extended space to check */
	while (off) {
		if (off < 0x100 || off > 0xffc || (off & 3)) {
			vct_report(c, false, "extended capability pointer", "dword aligned inside 0x100..0xffc", "0x%03x", off);
			return;
		}
		if (seen[off / 4]++) {
			vct_report(c, false, "extended capability list", "terminated", "loops back to 0x%03x", off);
			return;
		}
		vct_cfg_read32(c->vd->t, off, &hdr);
		if (hdr == 0 || hdr == 0xffffffffu)
			break;	/* empty list */
		off = hdr >> 20;
	}
}

static void run(struct vct_ctx *c)
{
	header_type(c);
	capability_list(c);
	bars_sane(c);
	extended_capabilities(c);
}

static const struct vct_check checks[] = {
	VCT_CHECK("pci.function_basics", "D-dd2bdc50", run),
};

VCT_SUITE(vct_suite_pci_header, "pci/header", checks);
