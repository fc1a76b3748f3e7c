/* SPDX-License-Identifier: MIT */
/*
 * With MSI-X disabled the device interrupts through INTx: the ISR queue bit
 * and the PCI Status interrupt bit carry the notification.
 */
#include <linux/pci_regs.h>
#include <unistd.h>

#include "pci_checks.h"

struct intx_state {
	uint16_t status_before_isr, status_after_isr;
	uint8_t isr;
};

/* A used buffer with MSI-X off; PCI Status before and after the ISR read. */
static void used_buffer_intx(struct vct_ctx *c, struct intx_state *s)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd), .no_irq = true };
	struct vct_req r;
	uint32_t len;
	uint8_t dummy;
	int head;

	if (vct_pci(c->vd)->isr.bar < 0)
		vct_skip(c, "device: no usable ISR status structure (checked by pci.isr_cap_present)");
	vct_c_bringup(c, &b);
	vct_req_any(c, &r);
	vct_isr_read(c, &dummy);	/* start from a cleared register */
	head = vct_req_post(c, &b, &r, 0);
	vct_c_wait_used(c, b.vq[r.queue], (uint16_t)head, &len);
	/*
	 * The notification may follow the used entry by a while: a vhost-user
	 * back end signals its call eventfd and QEMU's main loop sets ISR and
	 * INTx when it gets to it. Wait (at most the timeout) for PCI Status to
	 * show the interrupt before the ISR read, which clears it.
	 */
	for (uint64_t end = vct_now_ms() + (uint64_t)c->timeout_ms;;) {
		vct_cfg_read16(c->vd->t, PCI_STATUS, &s->status_before_isr);
		if ((s->status_before_isr & PCI_STATUS_INTERRUPT) || vct_now_ms() >= end)
			break;
		vct_dev_poll(c->vd);
		usleep(1000);
	}
	if (vct_isr_read(c, &s->isr))
		vct_abort(c, "ISR status read failed");
	vct_cfg_read16(c->vd->t, PCI_STATUS, &s->status_after_isr);
}

/* D-7bcc86e5: MSI-X off: the queue interrupt bit is set for a used buffer notification. */
static void isr_queue_bit(struct vct_ctx *c)
{
	struct intx_state s;

	used_buffer_intx(c, &s);
	vct_report(c, s.isr & 1, "ISR status after a used buffer with MSI-X disabled", "bit 0 (queue interrupt) set",
		   "0x%02x", s.isr);
}

/* D-306cacec: MSI-X off: PCI Status interrupt bit = OR of the ISR bits, set before the read, clear after. */
static void pci_status_follows_isr(struct vct_ctx *c)
{
	struct intx_state s;

	used_buffer_intx(c, &s);
	if (!(s.isr & 3))
		vct_skip(c, "device: no ISR bit was set to mirror (pci.intx_isr_queue_bit reports that)");
	vct_report(c, s.status_before_isr & PCI_STATUS_INTERRUPT, "PCI Status Interrupt bit while ISR has a bit set",
		   "set", "PCI Status 0x%04x, ISR 0x%02x", s.status_before_isr, s.isr);
	vct_report(c, !(s.status_after_isr & PCI_STATUS_INTERRUPT), "PCI Status Interrupt bit after ISR was read (0)",
		   "clear", "PCI Status 0x%04x", s.status_after_isr);
}

static const struct vct_check checks[] = {
	VCT_CHECK("pci.intx_isr_queue_bit", "D-7bcc86e5", isr_queue_bit, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("pci.intx_status_follows_isr", "D-306cacec", pci_status_follows_isr, .needs = VCT_NEED_REQUEST),
};

VCT_SUITE(vct_suite_pci_intx, "pci/intx", checks);
