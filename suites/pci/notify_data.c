/* SPDX-License-Identifier: MIT */
/*
 * The notification capability of a device offering VIRTIO_F_NOTIFICATION_DATA,
 * whose driver notifications are 32 bits wide (queue index, next offset and
 * wrap): the stricter layout rules, and 32-bit notifications that really move
 * the queues on both ring layouts. SKIPs when the feature is not offered.
 */
#include <string.h>

#include "pci_checks.h"

static const struct vct_vpci_cap *notify_cap(struct vct_ctx *c)
{
	vct_c_need_feature(c, VCT_F_NOTIFICATION_DATA);
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG)
			return &vct_pci(c->vd)->caps[i];
	vct_require(c, false, "notification capability", "present", "none found");
	return NULL;
}

/* D-7b799b1f: notify_off_multiplier is 0 or a power of 2 that is a multiple of 4. */
static void multiplier(struct vct_ctx *c)
{
	uint32_t m = notify_cap(c)->notify_mult;

	vct_report(c, m == 0 || (!(m & (m - 1)) && m % 4 == 0), "notify_off_multiplier with NOTIFICATION_DATA",
		   "0, or a power of 2 and a multiple of 4", "%u", m);
}

/* D-51960018: cap.offset of the notification structure is 4-byte aligned. */
static void aligned(struct vct_ctx *c)
{
	uint32_t off = notify_cap(c)->offset;

	vct_report(c, !(off & 3), "notify capability offset with NOTIFICATION_DATA", "4-byte aligned", "0x%x", off);
}

/* D-cc077936: cap.length is at least 4. */
static void min_length(struct vct_ctx *c)
{
	uint32_t len = notify_cap(c)->length;

	vct_report(c, len >= 4, "notify cap.length with NOTIFICATION_DATA", ">= 4", "%u", len);
}

/* D-bfb907a1: every queue's 4-byte notification fits: offset * multiplier + 4 <= cap.length. */
static void covers_queues(struct vct_ctx *c)
{
	const struct vct_vpci_cap *cap = notify_cap(c);

	vct_c_negotiate(c, NULL);
	for (uint16_t q = 0; q < c->vd->num_queues && q < 1024; q++) {
		uint16_t off;
		uint64_t need;

		vct_cw16(c->vd, VIRTIO_PCI_COMMON_Q_SELECT, q);
		off = vct_cr16(c->vd, VIRTIO_PCI_COMMON_Q_NOFF);
		need = (uint64_t)off * cap->notify_mult + 4;
		vct_report(c, cap->length >= need, "notify cap.length against queue_notify_off",
			   "queue_notify_off * multiplier + 4 <= length", "queue %u: offset %u x %u needs %llu, length %u",
			   q, off, cap->notify_mult, (unsigned long long)need, cap->length);
	}
}

/* Requests on every request queue, each announced by a 32-bit notification. */
static void round_trips(struct vct_ctx *c, bool packed)
{
	struct vct_bringup b = { 0 };

	notify_cap(c);
	if (packed)
		vct_c_need_feature(c, VCT_F_RING_PACKED);
	b.nq = vct_req_queues(c->vd);
	vct_dev_default_features(c->vd, b.features);
	vct_set(b.features, VCT_F_NOTIFICATION_DATA);
	if (packed)
		vct_set(b.features, VCT_F_RING_PACKED);
	b.features_set = true;
	vct_c_bringup(c, &b);
	if (!b.vq[0]->notify_data)
		vct_abort(c, "NOTIFICATION_DATA negotiated but the queue does not use 32-bit notifications");
	for (int i = 0; i < 3; i++) {
		struct vct_req r;

		vct_req_any(c, &r);
		vct_req_completes(c, &b, &r, 0, "a request announced by a 32-bit notification");
	}
}

/* D-c1b0acc0: the notify region takes 4-byte notifications for the queues in use, split ring. */
static void split_round_trip(struct vct_ctx *c)
{
	round_trips(c, false);
}

/* D-c1b0acc0 (shared): the same on a packed ring (offset and wrap counter in the data). */
static void packed_round_trip(struct vct_ctx *c)
{
	round_trips(c, true);
}


static const struct vct_check checks[] = {
	VCT_CHECK("notify_data.multiplier", "D-7b799b1f", multiplier),
	VCT_CHECK("notify_data.cap_aligned", "D-51960018", aligned),
	VCT_CHECK("notify_data.min_length", "D-cc077936", min_length),
	VCT_CHECK("notify_data.covers_queues", "D-bfb907a1", covers_queues),
	VCT_CHECK("notify_data.split_round_trip", "D-c1b0acc0", split_round_trip, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("notify_data.packed_round_trip", "D-c1b0acc0", packed_round_trip, .needs = VCT_NEED_REQUEST,
		  .shared = "the same region taking 4-byte notifications, with the packed ring's offset and wrap counter as data"),
};

VCT_SUITE(vct_suite_pci_notify_data, "pci/notify-data", checks);
