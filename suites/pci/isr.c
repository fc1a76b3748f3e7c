/* SPDX-License-Identifier: MIT */
/* ISR status: read-to-clear, and the configuration-change bit. */
#include <errno.h>
#include <unistd.h>

#include "pci_checks.h"

int vct_isr_read(struct vct_ctx *c, uint8_t *v)
{
	uint64_t x = 0;
	int r;

	if (vct_pci(c->vd)->isr.bar < 0)
		return -ENODEV;
	r = __vct_region_read(vct_pci(c->vd), &vct_pci(c->vd)->isr, 0, 1, &x);
	*v = (uint8_t)x;
	return r;
}

/* D-3150b6cf: reading ISR status resets it to 0. A used buffer gives the device a reason to set a bit first. */
static void isr_read_clears(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_req r;
	uint32_t len;
	uint8_t v1 = 0, v2 = 0;
	int head;

	if (vct_pci(c->vd)->isr.bar < 0)
		vct_skip(c, "device: no usable ISR status structure (checked by pci.isr_cap_present)");
	vct_c_bringup(c, &b);
	vct_req_any(c, &r);
	if (vct_isr_read(c, &v1))	/* start from a cleared register */
		vct_abort(c, "ISR status read failed");
	head = vct_req_post(c, &b, &r, 0);
	vct_c_wait_used(c, b.vq[r.queue], (uint16_t)head, &len);
	if (vct_isr_read(c, &v1) || vct_isr_read(c, &v2))
		vct_abort(c, "ISR status read failed");
	if (!v1)
		vct_skip(c, "device: the device set no ISR bit for a used buffer (with MSI-X enabled it need not), so a read-to-clear cannot be seen");
	/*
	 * A set bit on the second read is not yet a failure: the device may
	 * have notified again between the two reads (QEMU can send a deferred
	 * second notification for the same completion), which sets the bit
	 * anew. A register that reads clear does so on one of the next reads,
	 * with nothing more posted; one that is never cleared stays set.
	 */
	for (int i = 0; v2 && i < 3; i++) {
		usleep(10000);
		if (vct_isr_read(c, &v2))
			vct_abort(c, "ISR status read failed");
	}
	vct_report(c, v2 == 0, "ISR status on four reads after a read that returned a set bit, nothing posted in between",
		   "0 on one of them (a read clears it)", "0x%02x on every one, first read 0x%02x", v2, v1);
}

/* D-2f1fe287: the configuration-change bit is set in ISR status when a configuration change is notified. */
static void isr_config_bit(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint8_t v = 0;
	int fired = 0;

	if (vct_pci(c->vd)->isr.bar < 0)
		vct_skip(c, "device: no usable ISR status structure (checked by pci.isr_cap_present)");
	vct_c_bringup(c, &b);
	vct_dev_irq_drain(c->vd);
	if (vct_isr_read(c, &v))
		vct_abort(c, "ISR status read failed");
	vct_req_config_change(c);
	if (c->vd->nvec)
		fired = vct_dev_irq_wait(c->vd, 0, c->timeout_ms);
	if (vct_isr_read(c, &v))
		vct_abort(c, "ISR status read failed");
	if (c->vd->nvec && fired != 1)
		vct_skip(c, "device: no configuration change notification came (ISR 0x%02x); nothing to check the bit against", v);
	vct_report(c, v & 2, "ISR status after a configuration change notification",
		   "Device Configuration Interrupt bit (0x2) set", "0x%02x", v);
}

static const struct vct_check checks[] = {
	VCT_CHECK("isr.read_clears", "D-3150b6cf", isr_read_clears),
	VCT_CHECK("isr.config_change_bit", "D-2f1fe287", isr_config_bit),
};

VCT_SUITE(vct_suite_pci_isr, "pci/isr", checks);
