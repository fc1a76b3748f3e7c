/* SPDX-License-Identifier: MIT */
/* Optional virtio capabilities: shared memory regions and vendor data. Checked where present. */
#include "pci_checks.h"

#define CAP_SHARED_MEMORY 8
#define CAP_VENDOR 9

struct found {
	uint8_t pos[VCT_MAX_CAPS];
	unsigned int n;
};

static void find(struct vct_ctx *c, uint8_t type, struct found *f, const char *what)
{
	f->n = 0;
	for (unsigned int i = 0; i < vct_pci(c->vd)->ncaps; i++)
		if (vct_pci(c->vd)->caps[i].cfg_type == type)
			f->pos[f->n++] = vct_pci(c->vd)->caps[i].pos;
	if (!f->n)
		vct_skip(c, "not offered: the device presents no %s capability", what);
}

/* D-000493a0: a shared memory region (64-bit offset and length) lies inside its BAR. */
static void shm_within_bar(struct vct_ctx *c)
{
	struct vct_transport *t = c->vd->t;
	struct found f;

	find(c, CAP_SHARED_MEMORY, &f, "shared memory");
	for (unsigned int i = 0; i < f.n; i++) {
		uint8_t bar = 0xff, len8 = 0;
		uint32_t off, offhi = 0, len, lenhi = 0;
		uint64_t o, l;

		vct_cfg_read8(t, f.pos[i] + 2, &len8);
		vct_cfg_read8(t, f.pos[i] + 4, &bar);
		vct_cfg_read32(t, f.pos[i] + 8, &off);
		vct_cfg_read32(t, f.pos[i] + 12, &len);
		if (len8 >= 24 && f.pos[i] + 24u <= 256) {
			vct_cfg_read32(t, f.pos[i] + 16, &offhi);
			vct_cfg_read32(t, f.pos[i] + 20, &lenhi);
		}
		vct_report(c, len8 >= 24, "shared memory cap_len", ">= 24 (virtio_pci_cap64)", "%u at 0x%02x", len8, f.pos[i]);
		o = (uint64_t)offhi << 32 | off;
		l = (uint64_t)lenhi << 32 | len;
		vct_report(c, bar < VCT_NR_BARS && t->bars[bar].size && o <= t->bars[bar].size &&
				      l <= t->bars[bar].size - o,
			   "shared memory region against its BAR", "inside the BAR",
			   "BAR %u (size 0x%llx): offset 0x%llx length 0x%llx", bar,
			   (unsigned long long)(bar < VCT_NR_BARS ? t->bars[bar].size : 0), (unsigned long long)o,
			   (unsigned long long)l);
	}
}

/* D-480f65b9: shared memory region ids are unique. */
static void shm_ids_unique(struct vct_ctx *c)
{
	struct found f;
	uint8_t ids[VCT_MAX_CAPS];

	find(c, CAP_SHARED_MEMORY, &f, "shared memory");
	for (unsigned int i = 0; i < f.n; i++) {
		vct_cfg_read8(c->vd->t, f.pos[i] + 5, &ids[i]);
		for (unsigned int j = 0; j < i; j++)
			vct_report(c, ids[i] != ids[j], "shared memory cap.id", "unique", "id %u at 0x%02x and 0x%02x", ids[i],
				   f.pos[j], f.pos[i]);
	}
}

/* D-051affbc: the vendor data capability never claims the virtio vendor id. */
static void vendor_id_not_virtio(struct vct_ctx *c)
{
	struct found f;

	find(c, CAP_VENDOR, &f, "vendor data");
	for (unsigned int i = 0; i < f.n; i++) {
		uint16_t v = 0;

		vct_cfg_read16(c->vd->t, f.pos[i] + 4, &v);
		vct_report(c, v != 0x1af4, "vendor data vendor_id", "not 0x1af4", "0x%04x at 0x%02x", v, f.pos[i]);
	}
}

/* D-ed94690f: the vendor data capability is a multiple of 4 bytes long. */
static void vendor_size(struct vct_ctx *c)
{
	struct found f;

	find(c, CAP_VENDOR, &f, "vendor data");
	for (unsigned int i = 0; i < f.n; i++) {
		uint8_t len = 0;

		vct_cfg_read8(c->vd->t, f.pos[i] + 2, &len);
		vct_report(c, len >= 8 && !(len & 3), "vendor data cap_len", "a multiple of 4 (and >= 8)", "%u at 0x%02x", len,
			   f.pos[i]);
	}
}

/* D-5740c507: reading the vendor data capability changes nothing (two reads agree, device state unchanged). */
static void vendor_reads_no_side_effects(struct vct_ctx *c)
{
	struct found f;
	uint8_t status0, status1;

	find(c, CAP_VENDOR, &f, "vendor data");
	vct_c_negotiate(c, NULL);
	status0 = vct_dev_status(c->vd);
	for (unsigned int i = 0; i < f.n; i++) {
		uint8_t len = 0;

		vct_cfg_read8(c->vd->t, f.pos[i] + 2, &len);
		for (unsigned int k = 0; k + 4 <= len && f.pos[i] + k + 4u <= 256; k += 4) {
			uint32_t a = 0, b = 0;

			vct_cfg_read32(c->vd->t, f.pos[i] + k, &a);
			vct_cfg_read32(c->vd->t, f.pos[i] + k, &b);
			vct_report(c, a == b, "vendor data read twice", "the same value", "offset 0x%02x: 0x%08x then 0x%08x",
				   f.pos[i] + k, a, b);
		}
	}
	status1 = vct_dev_status(c->vd);
	vct_report(c, status0 == status1, "device_status across vendor data reads", "unchanged", "0x%02x then 0x%02x",
		   status0, status1);
}

static const struct vct_check checks[] = {
	VCT_CHECK("pci.shm_within_bar", "D-000493a0", shm_within_bar),
	VCT_CHECK("pci.shm_ids_unique", "D-480f65b9", shm_ids_unique),
	VCT_CHECK("pci.vendor_data_id", "D-051affbc", vendor_id_not_virtio),
	VCT_CHECK("pci.vendor_data_size", "D-ed94690f", vendor_size),
	VCT_CHECK("pci.vendor_data_reads_harmless", "D-5740c507", vendor_reads_no_side_effects),
};

VCT_SUITE(vct_suite_pci_optional_caps, "pci/optional_caps", checks);
