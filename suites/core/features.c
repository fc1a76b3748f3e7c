/* SPDX-License-Identifier: MIT */
/* Feature bits: what a device may offer, and how it presents them (Reserved Feature Bits, PCI common config). */
#include <string.h>

#include "req.h"

/* D-e677b7f2: every device offers VIRTIO_F_VERSION_1. */
static void version_1_offered(struct vct_ctx *c)
{
	vct_report(c, vct_has(c->vd->offered, VCT_F_VERSION_1), "device_feature bit 32 (VIRTIO_F_VERSION_1)",
		   "offered", "not offered (features 0x%016llx%016llx)", (unsigned long long)c->vd->offered[1],
		   (unsigned long long)c->vd->offered[0]);
}

/*
 * Physical-address mode (the device offers no ACCESS_PLATFORM): does an IOMMU
 * translate its DMA at all? One request the device completes on its own, with
 * one buffer given by its physical address while the IOMMU maps it elsewhere
 * (__vct_dma_alloc_aside). Only a device whose accesses bypass the IOMMU can
 * complete it (and write the buffer, where it is one the device writes).
 */
static bool dma_bypasses_iommu(struct vct_ctx *c, uint64_t *pa)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_dma_buf *aside, *orig;
	struct vct_req r;
	struct vct_vq *vq;
	unsigned int k;
	char why[200];
	bool written = true;

	if (!vct_req_model_for(c->vd->type, VCT_NEED_REQUEST, why, sizeof(why)))
		vct_skip(c, "device: it does not offer VIRTIO_F_ACCESS_PLATFORM, and vct has no request of this device "
			 "type to see whether an IOMMU translates its DMA (%s)", why);
	vct_c_bringup(c, &b);
	vct_req_self(c, &r);
	vq = b.vq[r.queue];
	/* The last buffer the device writes, else the last one. */
	for (k = r.n - 1; k > 0 && !r.sg[k].write; k--)
		;
	if (!r.sg[k].write)
		k = r.n - 1;
	if (__vct_dma_alloc_aside(&c->vd->dma, r.sg[k].len, &aside))
		vct_skip(c, "device: it does not offer VIRTIO_F_ACCESS_PLATFORM, and the IOMMU's ranges leave no room "
			 "to see whether it translates the device's DMA");
	orig = vct_dma_find(&c->vd->dma, r.sg[k].iova, r.sg[k].len);
	if (orig)
		memcpy(aside->va, (uint8_t *)orig->va + (r.sg[k].iova - orig->iova), r.sg[k].len);
	if (r.sg[k].write)
		memset(aside->va, 0x5a, r.sg[k].len);
	r.sg[k].iova = *pa = aside->iova;
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	if (r.sg[k].write) {
		written = false;
		for (uint32_t i = 0; i < r.sg[k].len; i++)
			written |= ((uint8_t *)aside->va)[i] != 0x5a;
	}
	return vct_vq_pending(vq) && written;
}

/* D-84a30292: a device whose DMA goes through an IOMMU should offer ACCESS_PLATFORM. */
static void access_platform_offered(struct vct_ctx *c)
{
	uint64_t pa = 0;

	if (c->vd->noiommu)
		vct_skip(c, "device: no IOMMU translates this device's accesses (no-IOMMU mode)");
	/* Unoffered, the statement applies only where the IOMMU translates the device's DMA: see whether it does. */
	if (!vct_has(c->vd->offered, VCT_F_ACCESS_PLATFORM) && c->vd->dma.pa && dma_bypasses_iommu(c, &pa))
		vct_skip(c, "device: its DMA bypasses the IOMMU (it completed a request whose buffer it was given at "
			 "physical address 0x%llx, which the IOMMU does not map): no platform translation applies to it",
			 (unsigned long long)pa);
	vct_report(c, vct_has(c->vd->offered, VCT_F_ACCESS_PLATFORM),
		   "device_feature bit 33 (VIRTIO_F_ACCESS_PLATFORM)", "offered: the device sits behind an IOMMU",
		   "not offered%s", c->vd->dma.pa ? ", and the IOMMU translates its DMA (a buffer at its physical "
		   "address, mapped elsewhere, was not reached)" : "");
}

/* D-f44c920e: no reserved or undefined feature bits are offered (v1.4 numbering). */
static void no_reserved_bits(struct vct_ctx *c)
{
	static const uint8_t reserved[] = { 25, 26, 30, 31, 44, 45, 46, 47, 48, 49 };

	for (size_t i = 0; i < sizeof(reserved); i++)
		vct_report(c, !vct_has(c->vd->offered, reserved[i]), "reserved feature bit", "not offered",
			   "bit %u offered", reserved[i]);
	for (uint32_t sel = 4; sel < 8; sel++) {
		uint32_t w = vct_dev_device_features_word(c->vd, sel);

		vct_report(c, w == 0, "device_feature beyond bit 127", "0 (no feature is defined there)",
			   "0x%08x for device_feature_select %u", w, sel);
	}
}

/* D-f70ce85a: nothing offered depends on a feature that is not offered. */
struct dep {
	uint16_t type;
	uint8_t bit;
	uint8_t needs[2];	/* any of these (0xff = unused) */
};

static const struct dep deps[] = {
	{ VCT_ID_NET, 7, { 1, 0xff } },   { VCT_ID_NET, 8, { 1, 0xff } },  { VCT_ID_NET, 9, { 7, 8 } },
	{ VCT_ID_NET, 10, { 1, 0xff } },  { VCT_ID_NET, 11, { 0, 0xff } }, { VCT_ID_NET, 12, { 0, 0xff } },
	{ VCT_ID_NET, 13, { 11, 12 } },   { VCT_ID_NET, 14, { 0, 0xff } }, { VCT_ID_NET, 18, { 17, 0xff } },
	{ VCT_ID_NET, 19, { 17, 0xff } }, { VCT_ID_NET, 20, { 18, 0xff } }, { VCT_ID_NET, 21, { 17, 0xff } },
	{ VCT_ID_NET, 22, { 17, 0xff } }, { VCT_ID_NET, 23, { 17, 0xff } }, { VCT_ID_NET, 61, { 11, 12 } },
	{ VCT_ID_NET, 60, { 17, 0xff } },
	{ 0, VCT_F_NOTIF_CONFIG_DATA, { VCT_F_NOTIFICATION_DATA, 0xff } },
};

static void no_orphan_features(struct vct_ctx *c)
{
	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++) {
		const struct dep *d = &deps[i];
		bool ok;

		if ((d->type && d->type != c->vd->type) || !vct_has(c->vd->offered, d->bit))
			continue;
		ok = vct_has(c->vd->offered, d->needs[0]) || (d->needs[1] != 0xff && vct_has(c->vd->offered, d->needs[1]));
		vct_report(c, ok, "feature offered together with what it requires", "its prerequisite offered too",
			   "bit %u (%s) offered without bit %u", d->bit, vct_feature_name(c->vd->type, d->bit) ?: "?",
			   d->needs[0]);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("features.version_1_offered", "D-e677b7f2", version_1_offered),
	VCT_CHECK("features.access_platform_offered", "D-84a30292", access_platform_offered),
	VCT_CHECK("features.no_reserved_bits", "D-f44c920e", no_reserved_bits),
	VCT_CHECK("features.no_orphan_features", "D-f70ce85a", no_orphan_features),
};

VCT_SUITE(vct_suite_core_features, "core/features", checks);
