/* SPDX-License-Identifier: MIT */
/*
 * Virtqueue registers of the common configuration structure and the
 * notification capability (Virtio Over PCI Bus: common configuration
 * structure layout, notification capability), per-queue reset included.
 */
#include "pci_checks.h"

/* Per-queue reset set-up, with the common configuration's length shown when it lacks queue_reset. */
static struct vct_vq *ring_reset_setup(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r)
{
	vct_c_need_feature(c, VCT_F_RING_RESET);
	if (!vct_common_has(c->vd, VIRTIO_PCI_COMMON_Q_RESET, 2))
		vct_require(c, false, "common configuration length", "covers queue_reset (offset 58)", "%u bytes",
			    vct_pci(c->vd)->common.len);
	return vct_c_ring_reset_setup(c, b, r);
}

static uint16_t qsel_size(struct vct_dev *vd, uint16_t q)
{
	vct_cw16(vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
	return vct_cr16(vd, VIRTIO_PCI_COMMON_Q_SIZE);
}

/* D-c6f53f2c: without RING_PACKED, every queue_size is 0 or a power of 2. */
static void queue_size_power_of_two(struct vct_ctx *c)
{
	vct_c_negotiate(c, NULL);
	if (!c->vd->num_queues)
		vct_report(c, false, "num_queues", "at least 1", "0");
	for (uint16_t q = 0; q < c->vd->num_queues && q < 64; q++) {
		uint16_t s = qsel_size(c->vd, q);

		vct_report(c, (s & (s - 1)) == 0, "queue_size (maximum) of a split queue", "0 or a power of 2",
			   "queue %u: %u", q, s);
	}
}

/* D-c4bfe055: a queue that does not exist (index num_queues and beyond) reads queue_size 0. */
static void queue_size_zero_beyond(struct vct_ctx *c)
{
	vct_c_negotiate(c, NULL);
	for (uint16_t q = c->vd->num_queues; q < c->vd->num_queues + 4u; q++) {
		uint16_t s = qsel_size(c->vd, q);

		vct_report(c, s == 0, "queue_size of a queue index past num_queues", "0", "queue %u: %u", q, s);
	}
}

/* D-61008f8c: 64-bit fields take independent 32-bit halves. */
static void split_64bit_access(struct vct_ctx *c)
{
	static const uint32_t regs[] = { VIRTIO_PCI_COMMON_Q_DESCLO, VIRTIO_PCI_COMMON_Q_AVAILLO,
					 VIRTIO_PCI_COMMON_Q_USEDLO };

	vct_c_negotiate(c, NULL);
	vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 0);
	for (size_t i = 0; i < 3; i++) {
		uint32_t lo = 0x12345000u + (uint32_t)i * 0x1000, hi = 0x0000abcdu + (uint32_t)i, rlo, rhi;

		vct_cw32(c->vd, regs[i], lo);
		vct_cw32(c->vd, regs[i] + 4, hi);
		/* Rewrite only the low half: the high half must stay. */
		vct_cw32(c->vd, regs[i], lo + 0x40);
		rlo = vct_cr32(c->vd, regs[i]);
		rhi = vct_cr32(c->vd, regs[i] + 4);
		vct_report(c, rlo == lo + 0x40 && rhi == hi, "64-bit queue address written as two halves",
			   "each half as written", "register 0x%02x: lo 0x%08x hi 0x%08x, wrote lo 0x%08x hi 0x%08x",
			   regs[i], rlo, rhi, lo + 0x40, hi);
	}
}

/* D-5ecbef11 / D-bfb907a1: every queue's notify address fits the notify structure. */
static void notify_offsets_in_range(struct vct_ctx *c)
{
	bool nd = vct_has(c->vd->offered, VCT_F_NOTIFICATION_DATA);

	if (vct_pci(c->vd)->notify.bar < 0)
		vct_require(c, false, "notification capability", "present and usable", "none usable");
	vct_c_negotiate(c, NULL);
	for (uint16_t q = 0; q < c->vd->num_queues && q < 1024; q++) {
		uint16_t off;
		uint64_t need;

		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
		off = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_NOFF);
		need = (uint64_t)off * vct_pci(c->vd)->notify_mult + (nd ? 4 : 2);
		vct_report(c, vct_pci(c->vd)->notify.len >= need, "notify cap.length against queue_notify_off",
			   nd ? "queue_notify_off * multiplier + 4 <= length" : "queue_notify_off * multiplier + 2 <= length",
			   "queue %u: offset %u x %u needs %llu, length %u", q, off, vct_pci(c->vd)->notify_mult,
			   (unsigned long long)need, vct_pci(c->vd)->notify.len);
	}
}

/* D-ca661eaa: queue_reset reads 0 once the queue is enabled. */
static void queue_reset_zero_when_enabled(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	uint16_t v;

	ring_reset_setup(c, &b, &r);
	for (unsigned int q = 0; q < b.nq; q++) {
		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)q);
		v = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_RESET);
		vct_report(c, v == 0, "queue_reset of an enabled queue", "0", "queue %u reads %u", q, v);
	}
}

/* D-3dadb5df: a completed queue reset reads 0 in both queue_reset and queue_enable. */
static void queue_reset_completes(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	struct vct_vq *vq = ring_reset_setup(c, &b, &r);
	uint16_t rs = 0xffff, en = 0xffff;

	vct_report(c, vct_c_queue_reset(c, vq->index, &rs, &en), "queue_reset and queue_enable after resetting a queue",
		   "both 0 once the reset completed", "queue_reset %u, queue_enable %u after %d ms", rs, en,
		   c->timeout_ms);
}

/* D-a4dedee6: the notify structure is long enough for every queue the device has, admin queues included. */
static void notify_length_all_queues(struct vct_ctx *c)
{
	bool nd = vct_has(c->vd->offered, VCT_F_NOTIFICATION_DATA);
	uint16_t first = 0, n;

	if (vct_pci(c->vd)->notify.bar < 0)
		vct_require(c, false, "notification capability", "present and usable", "none usable");
	vct_c_negotiate(c, NULL);
	n = c->vd->num_queues;
	if (vct_has(c->vd->features, VCT_F_ADMIN_VQ) && vct_common_has(c->vd, 60, 4)) {
		/* Admin queues sit after the regular ones; the same notify rule covers them. */
		first = vct_cr16(c->vd, 60);
		n = (uint16_t)(first + vct_cr16(c->vd, 62));
	}
	if (n < c->vd->num_queues)
		n = c->vd->num_queues;
	for (uint32_t q = 0; q < n && q < 4096; q++) {
		uint16_t off;
		uint64_t need;

		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, (uint16_t)q);
		if (!vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_SIZE))
			continue;
		off = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_NOFF);
		need = (uint64_t)off * vct_pci(c->vd)->notify_mult + (nd ? 4 : 2);
		vct_report(c, vct_pci(c->vd)->notify.len >= need, "notify cap.length for every available queue",
			   "large enough for its notify address", "queue %u: needs %llu, length %u", q,
			   (unsigned long long)need, vct_pci(c->vd)->notify.len);
	}
}

/*
 * D-4e83534b: writing 1 to queue_reset resets the queue: like a device
 * reset, that puts queue_size back to the device maximum (queue_size is the
 * maximum "on reset"), after the driver had set it smaller.
 */
static void queue_reset_restores_size(struct vct_ctx *c)
{
	uint16_t max, rs = 0xffff, en = 0xffff, now;
	struct vct_vq *vq;
	char why[200] = "";

	vct_c_need_feature(c, VCT_F_RING_RESET);
	vct_c_negotiate(c, NULL);
	max = qsel_size(c->vd, 0);
	if (max < 2)
		vct_skip(c, "device: queue 0 has maximum size %u: nothing smaller to set", max);
	if (__vct_vq_setup(c->vd, 0, (uint16_t)(max / 2), VCT_NO_VECTOR, &vq, why, sizeof(why)))
		vct_require(c, false, "queue setup with half the maximum size", "accepted", "%s", why);
	vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
					   VIRTIO_CONFIG_S_DRIVER_OK);
	if (!vct_c_queue_reset(c, 0, &rs, &en))
		vct_skip(c, "device: the queue reset never completed (checked by queue.reset_completes)");
	now = qsel_size(c->vd, 0);
	vct_report(c, now == max, "queue_size after a queue reset", "the device maximum again",
		   "%u (maximum %u, the driver had set %u)", now, max, max / 2);
}

static const struct vct_check checks[] = {
	VCT_CHECK("queue.size_power_of_two", "D-c6f53f2c", queue_size_power_of_two),
	VCT_CHECK("queue.size_zero_beyond_num_queues", "D-c4bfe055", queue_size_zero_beyond),
	VCT_CHECK("queue.split_64bit_access", "D-61008f8c", split_64bit_access),
	VCT_CHECK("queue.notify_offsets_in_range", "D-5ecbef11", notify_offsets_in_range),
	VCT_CHECK("queue.reset_zero_when_enabled", "D-ca661eaa", queue_reset_zero_when_enabled,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("queue.reset_restores_size", "D-4e83534b", queue_reset_restores_size),
	VCT_CHECK("queue.reset_completes", "D-3dadb5df", queue_reset_completes,
		  .needs = VCT_NEED_READING),
	VCT_CHECK("queue.notify_length_all_queues", "D-a4dedee6", notify_length_all_queues),
};

VCT_SUITE(vct_suite_pci_queue, "pci/queue", checks);
