/* SPDX-License-Identifier: MIT */
/* MSI-X vector configuration and interrupt delivery. */
#include <string.h>

#include "pci_checks.h"

static void need_msix(struct vct_ctx *c)
{
	if (!vct_pci(c->vd)->msix_pos)
		vct_skip(c, "device: the device has no MSI-X capability");
}

/* D-f5fca191: Table Size is what the device supports: the last entry maps, the one past it does not. */
static void table_size_honest(struct vct_ctx *c)
{
	uint16_t n, v;

	need_msix(c);
	n = vct_pci(c->vd)->msix_size;
	vct_c_negotiate(c, NULL);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, (uint16_t)(n - 1));
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == n - 1, "config_msix_vector = Table Size - 1", "read back as written", "wrote %u, read 0x%04x",
		   n - 1, v);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, n);
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == VCT_NO_VECTOR, "config_msix_vector = Table Size (no such entry)", "0xffff (NO_VECTOR)",
		   "wrote %u, read 0x%04x", n, v);
}

/* D-dc445224: any event maps to any valid vector. */
static void map_any_vector(struct vct_ctx *c)
{
	uint16_t n, v;

	need_msix(c);
	n = vct_pci(c->vd)->msix_size;
	vct_c_negotiate(c, NULL);
	for (uint16_t vec = 0; vec < n && vec < 64; vec++) {
		for (uint16_t q = 0; q < c->vd->num_queues && q < 4; q++) {
			vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
			if (!vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_SIZE))
				continue;
			vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, vec);
			v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
			vct_report(c, v == vec, "queue_msix_vector mapping", "read back as written",
				   "queue %u: wrote %u, read 0x%04x", q, vec, v);
		}
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, vec);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
		vct_report(c, v == vec, "config_msix_vector mapping", "read back as written", "wrote %u, read 0x%04x",
			   vec, v);
	}
}

/* D-642262ab: any event can be unmapped. */
static void unmap(struct vct_ctx *c)
{
	uint16_t v;

	need_msix(c);
	vct_c_negotiate(c, NULL);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, 0);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, VCT_NO_VECTOR);
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == VCT_NO_VECTOR, "config_msix_vector unmapped", "0xffff", "0x%04x", v);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 0);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, 0);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, VCT_NO_VECTOR);
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
	vct_report(c, v == VCT_NO_VECTOR, "queue_msix_vector unmapped", "0xffff", "0x%04x", v);
}

/* D-24b90aac: a mapping that cannot be made reads back NO_VECTOR. */
static void failed_mapping_reads_no_vector(struct vct_ctx *c)
{
	static const uint16_t bad[] = { 0x800, 0x7fff, 0xfffe };
	uint16_t v;

	need_msix(c);
	vct_c_negotiate(c, NULL);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i] < vct_pci(c->vd)->msix_size)
			continue;
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, bad[i]);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
		vct_report(c, v == VCT_NO_VECTOR, "queue_msix_vector after an impossible mapping", "0xffff (NO_VECTOR)",
			   "wrote 0x%04x, read 0x%04x", bad[i], v);
	}
}

/*
 * D-3d9bc67a: each event's register reads back its own mapping: NO_VECTOR
 * while unmapped, the vector once mapped, kept per queue across selects.
 */
static void mapping_reads_back(struct vct_ctx *c)
{
	uint16_t nq, v;

	need_msix(c);
	if (vct_pci(c->vd)->msix_size < 2)
		vct_skip(c, "device: a Table Size of %u leaves no second vector to tell mappings apart", vct_pci(c->vd)->msix_size);
	vct_c_negotiate(c, NULL);
	nq = c->vd->num_queues < 4 ? c->vd->num_queues : 4;
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == VCT_NO_VECTOR, "config_msix_vector before any mapping", "0xffff (NO_VECTOR)", "0x%04x", v);
	for (uint16_t q = 0; q < nq; q++) {
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
		vct_report(c, v == VCT_NO_VECTOR, "queue_msix_vector before any mapping", "0xffff (NO_VECTOR)",
			   "queue %u: 0x%04x", q, v);
		/* Alternate vectors so a register shared between queues shows. */
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, (uint16_t)(q % 2));
	}
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, 1);
	for (uint16_t q = 0; q < nq; q++) {
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX);
		vct_report(c, v == q % 2, "queue_msix_vector after selecting other queues", "its own mapping",
			   "queue %u: 0x%04x, mapped %u", q, v, q % 2);
	}
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	vct_report(c, v == 1, "config_msix_vector after mapping queues", "1 as mapped", "0x%04x", v);
}

/* D-b1555ff0: between 2 and 0x800 vectors. */
static void table_size_range(struct vct_ctx *c)
{
	need_msix(c);
	vct_report(c, vct_pci(c->vd)->msix_size >= 2 && vct_pci(c->vd)->msix_size <= 0x800, "MSI-X Table Size", "2 to 0x800 vectors",
		   "%u", vct_pci(c->vd)->msix_size);
}

/* D-b3453c84: with MSI-X on, a queue at NO_VECTOR raises no interrupt. */
static void no_vector_no_interrupt(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_req r;
	uint32_t len;
	int head;

	need_msix(c);
	vct_c_bringup(c, &b);
	if (!c->vd->nvec)
		vct_skip(c, "device: no MSI-X vectors could be bound on this transport");
	vct_req_reading(c, &r);
	/*
	 * Every queue of the bring-up at NO_VECTOR, not only the request's: a
	 * notification another queue sent earlier may still be on its way
	 * (libvhost-user signals each call eventfd once when QEMU hands it over,
	 * and QEMU relays it whenever its main loop runs) and would fire that
	 * queue's vector; a queue at NO_VECTOR fires none, so whatever fires now
	 * breaks the rule.
	 */
	for (uint16_t q = 0; q < b.nq; q++) {
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_MSIX, VCT_NO_VECTOR);
	}
	vct_dev_irq_drain(c->vd);
	head = vct_req_post(c, &b, &r, 0);
	vct_c_wait_used(c, b.vq[r.queue], (uint16_t)head, &len);
	for (unsigned int v = 0; v < c->vd->nvec; v++) {
		int fired = vct_dev_irq_wait(c->vd, v, v ? 5 : 1);

		/* Vector 0 is the config vector; nothing changed config either. */
		vct_report(c, fired != 1, "MSI-X interrupts for a queue mapped to NO_VECTOR", "none", "vector %u fired", v);
	}
}

/* D-49b10d74 is the ring's rule; this is the PCI delivery: a mapped queue does interrupt. */
static void mapped_queue_interrupts(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_req r;
	uint32_t len;
	int head, fired;
	uint16_t vec;

	need_msix(c);
	vct_c_bringup(c, &b);
	if (!c->vd->nvec)
		vct_skip(c, "device: no MSI-X vectors could be bound on this transport");
	vct_req_reading(c, &r);
	vec = b.vq[r.queue]->vector_readback;
	if (vec == VCT_NO_VECTOR || vec >= c->vd->nvec)
		vct_skip(c, "device: queue %u has no usable vector (mapping read back 0x%04x)", r.queue, vec);
	vct_dev_irq_drain(c->vd);
	head = vct_req_post(c, &b, &r, 0);
	vct_c_wait_used(c, b.vq[r.queue], (uint16_t)head, &len);
	fired = vct_dev_irq_wait(c->vd, vec, c->timeout_ms);
	vct_report(c, fired == 1, "used buffer notification on the queue's MSI-X vector", "delivered",
		   "vector %u silent for %d ms", vec, c->timeout_ms);
}

/*
 * D-b7ecd2b0: with MSI-X enabled and config_msix_vector at NO_VECTOR, a
 * configuration change interrupts nobody. The host changes the configuration
 * (host action config-change); the queues keep their vectors, so a device
 * that routes the event to some vector anyway is seen on it.
 */
static void config_no_vector_silent(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint8_t before[64], after[64];
	uint32_t n = vct_pci(c->vd)->devcfg.len < sizeof(before) ? vct_pci(c->vd)->devcfg.len & ~3u : sizeof(before);
	uint16_t v;
	int fired0;

	need_msix(c);
	if (vct_pci(c->vd)->devcfg.bar < 0 || !n)
		vct_skip(c, "device: the device has no device-specific configuration to change");
	vct_c_bringup(c, &b);
	if (!c->vd->nvec)
		vct_skip(c, "device: no MSI-X vectors could be bound on this transport");
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_MSIX, VCT_NO_VECTOR);
	v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_MSIX);
	if (v != VCT_NO_VECTOR)
		vct_skip(c, "device: config_msix_vector reads 0x%04x after writing NO_VECTOR (msix.unmap reports it)", v);
	vct_c_config(c, 0, before, n);
	vct_dev_irq_drain(c->vd);
	vct_req_config_change(c);
	/* A second for the event to arrive (QEMU raises it within microseconds), then every vector. */
	fired0 = vct_dev_irq_wait(c->vd, 0, c->timeout_ms < 1000 ? c->timeout_ms : 1000);
	for (unsigned int vec = 0; vec < c->vd->nvec; vec++) {
		int fired = vec ? vct_dev_irq_wait(c->vd, vec, 1) : fired0;

		vct_report(c, fired != 1, "interrupts after a configuration change with config_msix_vector = NO_VECTOR",
			   "none", "vector %u fired", vec);
	}
	vct_c_config(c, 0, after, n);
	if (!memcmp(before, after, n))
		vct_skip(c, "device: the host's change did not show in the device configuration; nothing to check against");
}

static const struct vct_check checks[] = {
	VCT_CHECK("msix.table_size_honest", "D-f5fca191", table_size_honest),
	VCT_CHECK("msix.table_size_range", "D-b1555ff0", table_size_range),
	VCT_CHECK("msix.map_any_vector", "D-dc445224", map_any_vector),
	VCT_CHECK("msix.unmap", "D-642262ab", unmap),
	VCT_CHECK("msix.failed_mapping_reads_no_vector", "D-24b90aac", failed_mapping_reads_no_vector),
	VCT_CHECK("msix.mapping_reads_back", "D-3d9bc67a", mapping_reads_back),
	VCT_CHECK("msix.config_no_vector_silent", "D-b7ecd2b0", config_no_vector_silent),
	VCT_CHECK("msix.no_vector_no_interrupt", "D-b3453c84", no_vector_no_interrupt,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("msix.mapped_queue_interrupts", "D-49b10d74", mapped_queue_interrupts,
		  .needs = VCT_NEED_READING,
		  .shared = "ring.notify_when_flags_zero checks the ring rule; this one its MSI-X delivery"),
};

VCT_SUITE(vct_suite_pci_msix, "pci/msix", checks);
