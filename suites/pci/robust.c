/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases of the Virtio Over PCI Bus transport: common
 * configuration registers written where the driver must not (read-only
 * fields, queue registers of a live queue, queue sizes it may not choose),
 * notifications that break their format, MSI-X vectors outside the table.
 */
#include <linux/virtio_pci.h>

#include "pci_checks.h"
#include "robust/robust.h"

#define S_DRIVER_OK 4

/* Select queue @q and write one of its registers. */
static void qwrite(struct vct_dev *vd, uint16_t q, uint32_t off, size_t width, uint64_t val)
{
	vct_common_write(vd, VIRTIO_PCI_COMMON_Q_SELECT, 2, q);
	vct_common_write(vd, off, width, val);
}

/* R-2a2787ac: a read-only common configuration field written, then the device driven as usual. */
static void ro_write(struct vct_ctx *c, uint32_t off, size_t width)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	uint64_t v;

	vct_c_reset(c);
	if (off == VIRTIO_PCI_COMMON_Q_NOFF)
		vct_common_write(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 2, 0);
	v = vct_common_read(c->vd, off, width);
	vct_common_write(c->vd, off, width, ~v);
	vct_c_bringup(c, &rc->b);
	vct_req_self(c, &rc->r);
	rb_live(c, rc->r.queue);
}

static void ro_device_feature(struct vct_ctx *c)
{
	ro_write(c, VIRTIO_PCI_COMMON_DF, 4);
}

static void ro_num_queues(struct vct_ctx *c)
{
	ro_write(c, VIRTIO_PCI_COMMON_NUMQ, 2);
}

static void ro_config_generation(struct vct_ctx *c)
{
	ro_write(c, VIRTIO_PCI_COMMON_CFGGENERATION, 1);
}

static void ro_queue_notify_off(struct vct_ctx *c)
{
	ro_write(c, VIRTIO_PCI_COMMON_Q_NOFF, 2);
}

/* R-878eb57a: 0 written to queue_enable of a running queue, then a request on it. */
static void queue_enable_zero(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_ENABLE, 2, 0);
	rb_post(c, rc);
}

/* R-7c3409fe: queue_size of a running queue halved, then a request on it. */
static void queue_size_live(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_SIZE, 2, rc->vq->size > 1 ? rc->vq->size / 2 : 0);
	rb_post(c, rc);
}

/* R-7c3409fe: the descriptor area of a running queue moved to an unmapped IOVA, then a request on it. */
static void queue_desc_live(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint64_t g = vct_dma_guard_iova(&c->vd->dma);

	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_DESCLO, 4, (uint32_t)g);
	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_DESCHI, 4, (uint32_t)(g >> 32));
	rb_post(c, rc);
}

/* R-7c3409fe: the used ring of a running queue moved onto its own descriptor table (rings overlapping). */
static void queue_rings_overlap(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	uint64_t d = rc->vq->desc_mem->iova;

	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_USEDLO, 4, (uint32_t)d);
	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_USEDHI, 4, (uint32_t)(d >> 32));
	rb_post(c, rc);
}

/* R-6f73e636: a queue_size that is not a power of 2 on the split ring, then the queue used at that size. */
static void queue_size_npot(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	uint16_t max;

	vct_c_negotiate(c, rc->b.features);
	vct_common_write(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, 2, 0);
	max = (uint16_t)vct_common_read(c->vd, VIRTIO_PCI_COMMON_Q_SIZE, 2);
	if (max < 4)
		vct_skip(c, "device: queue 0's maximum size %u leaves no smaller size that is not a power of 2", max);
	for (unsigned int i = 0; i < rc->b.nq; i++)
		rc->b.vq[i] = vct_c_queue(c, (uint16_t)i, 0, VCT_NO_VECTOR);
	vct_req_self(c, &rc->r);
	rc->vq = rc->b.vq[rc->r.queue];
	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_SIZE, 2, (uint16_t)(rc->vq->size - 1));
	vct_dev_set_status(c->vd, (uint8_t)(vct_dev_status(c->vd) | S_DRIVER_OK));
	rb_post(c, rc);
}

/* R-0c655122: a queue's MSI-X vector set beyond the MSI-X table, then a request. */
static void vector_beyond_table(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	if (!vct_pci(c->vd)->msix_pos)
		vct_skip(c, "device: the device has no MSI-X capability");
	qwrite(c->vd, rc->r.queue, VIRTIO_PCI_COMMON_Q_MSIX, 2, (uint16_t)(vct_pci(c->vd)->msix_size + 3));
	rb_post(c, rc);
}

/* A raw notification of @value with @width bytes on the request queue's notify address. */
static void notify_raw(struct vct_ctx *c, uint64_t value, size_t width, bool post)
{
	struct vct_rcase *rc = rb_begin(c, 0);
	struct vct_pci_dev *p = vct_pci(c->vd);

	if (post) {
		if (vct_vq_add(rc->vq, rc->r.sg, rc->r.n, NULL, 0) < 0)
			vct_abort(c, "cannot post the request");
		rb_watch_request(c);
	}
	/* The queue's notify address (its cookie is the BAR offset), written with the width and value the case breaks. */
	if (__vct_region_write(p, &p->notify, (uint32_t)(rc->vq->notify_cookie - p->notify.off), width, value))
		vct_skip(c, "device: the queue's notify address leaves no room for a %zu-byte write", width);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* R-49acfd57: a notification naming a queue the device does not have. */
static void notify_absent_queue(struct vct_ctx *c)
{
	notify_raw(c, (uint64_t)c->vd->num_queues + 5, 2, false);
}

/* R-13a5af6a: an 8-bit notification where a 16-bit one is required (then the queue notified properly). */
static void notify_8bit(struct vct_ctx *c)
{
	notify_raw(c, 0, 1, true);
}

/* R-ecdca1c9 / R-13a5af6a: a 32-bit notification with garbage above the index, VIRTIO_F_NOTIFICATION_DATA not negotiated. */
static void notify_32bit(struct vct_ctx *c)
{
	notify_raw(c, 0xdead0000u, 4, true);
}

static const struct vct_check cases[] = {
	VCT_CASE("robust.pci.ro_device_feature", "R-2a2787ac", ro_device_feature),
	VCT_CASE("robust.pci.ro_num_queues", "R-2a2787ac", ro_num_queues, .shared = "another read-only field"),
	VCT_CASE("robust.pci.ro_config_generation", "R-2a2787ac", ro_config_generation, .shared = "another read-only field"),
	VCT_CASE("robust.pci.ro_queue_notify_off", "R-2a2787ac", ro_queue_notify_off, .shared = "another read-only field"),
	VCT_CASE("robust.pci.queue_enable_zero", "R-878eb57a", queue_enable_zero),
	VCT_CASE("robust.pci.queue_size_live", "R-7c3409fe", queue_size_live),
	VCT_CASE("robust.pci.queue_desc_live", "R-7c3409fe", queue_desc_live, .shared = "another queue register"),
	VCT_CASE("robust.pci.queue_rings_overlap", "R-7c3409fe", queue_rings_overlap, .shared = "rings overlapping",
		 .destructive = true),
	VCT_CASE("robust.pci.queue_size_npot", "R-6f73e636", queue_size_npot),
	VCT_CASE("robust.pci.vector_beyond_table", "R-0c655122", vector_beyond_table),
	VCT_CASE("robust.pci.notify_absent_queue", "R-49acfd57", notify_absent_queue),
	VCT_CASE("robust.pci.notify_8bit", "R-13a5af6a", notify_8bit),
	VCT_CASE("robust.pci.notify_32bit", "R-13a5af6a", notify_32bit, .shared = "too wide instead of too narrow"),
};

VCT_SUITE(vct_robust_pci, "robust/pci", cases);
