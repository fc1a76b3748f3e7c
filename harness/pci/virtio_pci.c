/* SPDX-License-Identifier: MIT */
#include "virtio_pci.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/virtio_config.h>

#include "devtype.h"
#include "pci_ident.h"
#include "util.h"
#include "virtqueue.h"

const char *vct_type_name(uint16_t type)
{
	const struct vct_devtype *t = vct_devtype(type);
	static __thread char buf[24];

	if (t)
		return t->name;
	snprintf(buf, sizeof(buf), "type-%u", type);	/* an id the spec does not define */
	return buf;
}

/* The generic feature bits (device-independent, 24-49). */
static const struct vct_feature feat_names[] = {
	{ 24, "VIRTIO_F_NOTIFY_ON_EMPTY" }, { 27, "VIRTIO_F_ANY_LAYOUT" },
	{ 28, "VIRTIO_F_INDIRECT_DESC" }, { 29, "VIRTIO_F_EVENT_IDX" },
	{ 32, "VIRTIO_F_VERSION_1" }, { 33, "VIRTIO_F_ACCESS_PLATFORM" },
	{ 34, "VIRTIO_F_RING_PACKED" }, { 35, "VIRTIO_F_IN_ORDER" },
	{ 36, "VIRTIO_F_ORDER_PLATFORM" }, { 37, "VIRTIO_F_SR_IOV" },
	{ 38, "VIRTIO_F_NOTIFICATION_DATA" }, { 39, "VIRTIO_F_NOTIF_CONFIG_DATA" },
	{ 40, "VIRTIO_F_RING_RESET" }, { 41, "VIRTIO_F_ADMIN_VQ" }, { 43, "VIRTIO_F_SUSPEND" },
};

/* Generic bits (24-49) from the list above; the type's own from its device-type row. */
const char *vct_feature_name(uint16_t type, unsigned int bit)
{
	const struct vct_drive *dt = vct_drive_of(type);

	for (size_t i = 0; i < ARRAY_SIZE(feat_names); i++)
		if (feat_names[i].bit == bit)
			return feat_names[i].name;
	if (bit >= 24 && bit < 50)
		return NULL;
	for (const struct vct_feature *f = dt ? dt->features : NULL; f && f->name; f++)
		if (f->bit == bit)
			return f->name;
	return NULL;
}

static void problem(struct vct_vpci_cap *c, const char *fmt, unsigned long long a, unsigned long long b)
{
	c->usable = false;
	if (!c->problem[0])
		snprintf(c->problem, sizeof(c->problem), fmt, a, b);
}

/* Validate one virtio vendor capability against config space and its BAR. */
static void cap_validate(struct vct_dev *vd, struct vct_vpci_cap *c)
{
	struct vct_transport *t = vd->t;
	uint64_t end = (uint64_t)c->offset + c->length;

	c->usable = true;
	if (c->cap_len < sizeof(struct virtio_pci_cap))
		return problem(c, "cap_len %llu is shorter than the %llu-byte virtio_pci_cap", c->cap_len,
			       sizeof(struct virtio_pci_cap));
	if (c->cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG && c->cap_len < sizeof(struct virtio_pci_notify_cap))
		return problem(c, "notify cap_len %llu is shorter than %llu", c->cap_len,
			       sizeof(struct virtio_pci_notify_cap));
	if (c->cfg_type == VIRTIO_PCI_CAP_PCI_CFG) {
		if (c->cap_len < sizeof(struct virtio_pci_cfg_cap))
			problem(c, "pci_cfg cap_len %llu is shorter than %llu", c->cap_len,
				sizeof(struct virtio_pci_cfg_cap));
		return;	/* its bar/offset/length are a window the driver programs */
	}
	if (c->cfg_type < VIRTIO_PCI_CAP_COMMON_CFG || c->cfg_type > VIRTIO_PCI_CAP_DEVICE_CFG) {
		c->usable = false;	/* a type vct does not use (shared memory, vendor) */
		return;
	}
	if (c->bar >= VCT_NR_BARS)
		return problem(c, "bar %llu is not a BAR index (0-5)%.0llu", c->bar, 0);
	if (!t->bars[c->bar].size)
		return problem(c, "BAR %llu is not implemented%.0llu", c->bar, 0);
	if (t->bars[c->bar].is_io)
		return problem(c, "BAR %llu is an I/O BAR%.0llu", c->bar, 0);
	if (end > t->bars[c->bar].size)
		return problem(c, "structure ends at 0x%llx beyond its BAR of size 0x%llx", end,
			       t->bars[c->bar].size);
	if (c->cfg_type == VIRTIO_PCI_CAP_COMMON_CFG && c->length < 56)
		return problem(c, "common config length %llu is shorter than the 56-byte layout%.0llu",
			       c->length, 0);
	if (c->cfg_type == VIRTIO_PCI_CAP_ISR_CFG && c->length < 1)
		return problem(c, "ISR length %llu is 0%.0llu", c->length, 0);
	if (c->cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG && c->length < 2)
		return problem(c, "notify length %llu cannot hold a 16-bit notification%.0llu", c->length, 0);
}

static void walk_caps(struct vct_dev *vd)
{
	struct vct_transport *t = vd->t;
	uint8_t visited[256] = { 0 };
	uint16_t status;
	uint8_t pos;

	if (vct_cfg_read16(t, PCI_STATUS, &status) || !(status & PCI_STATUS_CAP_LIST)) {
		snprintf(vd->cap_walk_problem, sizeof(vd->cap_walk_problem),
			 "PCI status 0x%04x has no capability list", status);
		return;
	}
	vct_cfg_read8(t, PCI_CAPABILITY_LIST, &pos);
	while (pos) {
		uint8_t id, next;

		pos &= ~3;
		if (pos < 0x40) {
			snprintf(vd->cap_walk_problem, sizeof(vd->cap_walk_problem),
				 "capability pointer 0x%02x points into the standard header", pos);
			return;
		}
		if (visited[pos]++) {
			snprintf(vd->cap_walk_problem, sizeof(vd->cap_walk_problem),
				 "capability list loops back to 0x%02x", pos);
			return;
		}
		vct_cfg_read8(t, pos, &id);
		vct_cfg_read8(t, pos + 1, &next);
		if (id == PCI_CAP_ID_MSIX && !vd->msix_pos && pos <= 256 - 12) {
			uint16_t ctrl;

			vd->msix_pos = pos;
			vct_cfg_read16(t, pos + PCI_MSIX_FLAGS, &ctrl);
			vd->msix_size = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
		}
		if (id == PCI_CAP_ID_VNDR && vd->ncaps < VCT_MAX_CAPS) {
			struct vct_vpci_cap *c = &vd->caps[vd->ncaps++];

			memset(c, 0, sizeof(*c));
			c->pos = pos;
			vct_cfg_read8(t, pos + 2, &c->cap_len);
			if ((unsigned int)pos + 16 > 256 || (unsigned int)pos + c->cap_len > 256) {
				problem(c, "capability at 0x%llx with cap_len %llu runs past config space", pos,
					c->cap_len);
			} else {
				vct_cfg_read8(t, pos + 3, &c->cfg_type);
				vct_cfg_read8(t, pos + 4, &c->bar);
				vct_cfg_read8(t, pos + 5, &c->id);
				vct_cfg_read32(t, pos + 8, &c->offset);
				vct_cfg_read32(t, pos + 12, &c->length);
				if (c->cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG && c->cap_len >= 20 && pos + 20 <= 256)
					vct_cfg_read32(t, pos + 16, &c->notify_mult);
				cap_validate(vd, c);
			}
		}
		pos = next;
	}
}

/* The first usable capability of each type wins, as a driver would choose. */
static void choose_regions(struct vct_dev *vd)
{
	struct vct_region *slot[] = {
		[VIRTIO_PCI_CAP_COMMON_CFG] = &vd->common, [VIRTIO_PCI_CAP_NOTIFY_CFG] = &vd->notify,
		[VIRTIO_PCI_CAP_ISR_CFG] = &vd->isr, [VIRTIO_PCI_CAP_DEVICE_CFG] = &vd->devcfg,
	};

	vd->common.bar = vd->notify.bar = vd->isr.bar = vd->devcfg.bar = -1;
	for (unsigned int i = 0; i < vd->ncaps; i++) {
		struct vct_vpci_cap *c = &vd->caps[i];

		if (c->cfg_type == VIRTIO_PCI_CAP_PCI_CFG && c->usable && !vd->pcicfg_pos)
			vd->pcicfg_pos = c->pos;
		if (!c->usable || c->cfg_type > VIRTIO_PCI_CAP_DEVICE_CFG || slot[c->cfg_type]->bar >= 0)
			continue;
		*slot[c->cfg_type] = (struct vct_region){ c->bar, c->offset, c->length };
		if (c->cfg_type == VIRTIO_PCI_CAP_NOTIFY_CFG)
			vd->notify_mult = c->notify_mult;
	}
}

static int probe(struct vct_transport *t, struct vct_dev *vd, bool dut, char *err, size_t errlen)
{
	uint8_t cfg[256];

	memset(vd, 0, sizeof(*vd));
	vd->t = t;
	for (unsigned int i = 0; i < VCT_MAX_VECTORS; i++)
		vd->efd[i] = -1;
	vct_cfg_read16(t, PCI_VENDOR_ID, &vd->vendor);
	vct_cfg_read16(t, PCI_DEVICE_ID, &vd->device);
	vct_cfg_read8(t, PCI_REVISION_ID, &vd->revision);
	vct_cfg_read16(t, PCI_SUBSYSTEM_VENDOR_ID, &vd->subsys_vendor);
	vct_cfg_read16(t, PCI_SUBSYSTEM_ID, &vd->subsys_device);
	for (unsigned int i = 0; i < sizeof(cfg); i++)
		if (vct_cfg_read8(t, i, &cfg[i]))
			cfg[i] = 0xff;
	if (!vct_pci_is_virtio(cfg, sizeof(cfg))) {
		snprintf(err, errlen, "%s: PCI id %04x:%04x is not a virtio device (and it has no virtio capability)",
			 t->name, vd->vendor, vd->device);
		return -ENODEV;
	}
	/* Transitional ids carry the type in the subsystem id. */
	vd->type = vd->device >= 0x1040 ? vd->device - 0x1040 : vd->subsys_device;
	walk_caps(vd);
	choose_regions(vd);
	vct_dma_init(&vd->dma, t);
	if (vd->common.bar < 0) {
		snprintf(err, errlen, "%s: no usable virtio common configuration capability (legacy-only device?)",
			 t->name);
		return dut ? 0 : -ENODEV;	/* a device under test: pci.common_cap_present says so */
	}
	vd->num_queues = vct_cr16(vd, VIRTIO_PCI_COMMON_NUMQ);
	vct_dev_read_features(vd, vd->offered);
	return 0;
}

int __vct_dev_probe(struct vct_transport *t, struct vct_dev *vd, char *err, size_t errlen)
{
	return probe(t, vd, false, err, errlen);
}

int __vct_dev_probe_dut(struct vct_transport *t, struct vct_dev *vd, char *err, size_t errlen)
{
	return probe(t, vd, true, err, errlen);
}

void vct_dev_release(struct vct_dev *vd)
{
	while (vd->nvqs)
		vct_vq_free(vd->vqs[vd->nvqs - 1]);
	if (vd->nvec)
		vd->t->ops->irq_set(vd->t, 0, NULL);
	for (unsigned int i = 0; i < VCT_MAX_VECTORS; i++) {
		if (vd->efd[i] >= 0)
			close(vd->efd[i]);
		vd->efd[i] = -1;
	}
	vd->nvec = 0;
	vct_dma_free_all(&vd->dma);
}

int __vct_region_read(struct vct_dev *vd, const struct vct_region *r, uint32_t off, size_t width,
		      uint64_t *val)
{
	*val = ~0ull >> (64 - 8 * width);
	if (r->bar < 0)
		return -ENODEV;
	if (off > r->len || width > r->len - off)
		return -ERANGE;
	return vd->t->ops->bar_read(vd->t, r->bar, (uint64_t)r->off + off, val, width);
}

int __vct_region_write(struct vct_dev *vd, const struct vct_region *r, uint32_t off, size_t width,
		       uint64_t val)
{
	if (r->bar < 0)
		return -ENODEV;
	if (off > r->len || width > r->len - off)
		return -ERANGE;
	return vd->t->ops->bar_write(vd->t, r->bar, (uint64_t)r->off + off, val, width);
}

bool vct_common_has(struct vct_dev *vd, uint32_t off, size_t width)
{
	return vd->common.bar >= 0 && off + width <= vd->common.len;
}

uint64_t vct_common_read(struct vct_dev *vd, uint32_t off, size_t width)
{
	uint64_t v;

	__vct_region_read(vd, &vd->common, off, width, &v);
	return v;
}

void vct_common_write(struct vct_dev *vd, uint32_t off, size_t width, uint64_t val)
{
	__vct_region_write(vd, &vd->common, off, width, val);
}

uint8_t vct_dev_status(struct vct_dev *vd)
{
	return vct_cr8(vd, VIRTIO_PCI_COMMON_STATUS);
}

void vct_dev_set_status(struct vct_dev *vd, uint8_t s)
{
	vct_cw8(vd, VIRTIO_PCI_COMMON_STATUS, s);
}

static int reset_wait(struct vct_dev *vd, uint64_t deadline, uint8_t *last)
{
	uint8_t s;

	if (vd->common.bar < 0)
		return -ENODEV;	/* no device_status to write (a malformed device under test) */
	vct_dev_set_status(vd, 0);
	for (;;) {
		vct_dev_poll(vd);
		s = vct_dev_status(vd);
		if (last)
			*last = s;
		if (s == 0)
			return 0;
		if (vct_now_ms() >= deadline)
			return -ETIMEDOUT;
		usleep(100);
	}
}

int __vct_dev_reset(struct vct_dev *vd, int timeout_ms, uint8_t *last)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)timeout_ms, prev = vct_wait_enter(deadline);
	int r = reset_wait(vd, deadline, last);

	vct_wait_leave(prev);
	return r;
}

uint32_t vct_dev_device_features_word(struct vct_dev *vd, uint32_t sel)
{
	vct_cw32(vd, VIRTIO_PCI_COMMON_DFSELECT, sel);
	return vct_cr32(vd, VIRTIO_PCI_COMMON_DF);
}

void vct_dev_driver_features_word(struct vct_dev *vd, uint32_t sel, uint32_t val)
{
	vct_cw32(vd, VIRTIO_PCI_COMMON_GFSELECT, sel);
	vct_cw32(vd, VIRTIO_PCI_COMMON_GF, val);
}

void vct_dev_read_features(struct vct_dev *vd, uint64_t f[2])
{
	for (uint32_t w = 0; w < 4; w++) {
		uint64_t v = vct_dev_device_features_word(vd, w);

		if (w % 2 == 0)
			f[w / 2] = v;
		else
			f[w / 2] |= v << 32;
	}
}

void vct_dev_read_driver_features(struct vct_dev *vd, uint64_t f[2])
{
	f[0] = f[1] = 0;
	for (uint32_t w = 0; w < 4; w++) {
		vct_cw32(vd, VIRTIO_PCI_COMMON_GFSELECT, w);
		f[w / 2] |= (uint64_t)vct_cr32(vd, VIRTIO_PCI_COMMON_GF) << (32 * (w % 2));
	}
}

void vct_dev_write_features(struct vct_dev *vd, const uint64_t f[2])
{
	for (uint32_t w = 0; w < 4; w++)
		vct_dev_driver_features_word(vd, w, (uint32_t)(f[w / 2] >> (32 * (w % 2))));
}

static void want_named(struct vct_dev *vd, const char *const *names, uint64_t want[2])
{
	for (; names && *names; names++) {
		int bit = vct_feature_bit(vd->type, *names);

		if (bit >= 0 && vct_has(vd->offered, (unsigned int)bit))
			vct_set(want, (unsigned int)bit);
	}
}

void vct_dev_default_features(struct vct_dev *vd, uint64_t want[2])
{
	/* What the harness implements, and per device type what its row accepts or the device insists on. */
	static const char *const generic[] = {
		"VIRTIO_F_VERSION_1", "VIRTIO_F_ACCESS_PLATFORM", "VIRTIO_F_INDIRECT_DESC", "VIRTIO_F_EVENT_IDX",
		"VIRTIO_F_RING_RESET", NULL,
	};
	const struct vct_drive *dt = vct_drive_of(vd->type);

	want[0] = want[1] = 0;
	want_named(vd, generic, want);
	if (dt) {
		want_named(vd, dt->defaults, want);
		want_named(vd, dt->insists, want);
	}
}

int __vct_dev_negotiate(struct vct_dev *vd, const uint64_t want[2])
{
	int r = __vct_dev_reset(vd, 1000, NULL);

	vd->features[0] = vd->features[1] = 0;
	if (r)
		return r;
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	vct_dev_write_features(vd, want);
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
				       VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vct_dev_status(vd) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EPROTO;
	vd->features[0] = want[0];
	vd->features[1] = want[1];
	return 0;
}

int __vct_dev_config_read(struct vct_dev *vd, uint32_t off, void *buf, size_t len, int tries)
{
	uint8_t *out = buf;

	if (vd->devcfg.bar < 0)
		return -ENODEV;
	if (off > vd->devcfg.len || len > vd->devcfg.len - off)
		return -ERANGE;
	for (int i = 0; i < tries; i++) {
		uint8_t g1 = vct_cr8(vd, VIRTIO_PCI_COMMON_CFGGENERATION), g2;
		size_t done = 0;

		while (done < len) {
			/* Natural widths: the device may only support aligned field accesses. */
			uint32_t o = off + (uint32_t)done;
			size_t w = (len - done >= 4 && !(o & 3)) ? 4 : (len - done >= 2 && !(o & 1)) ? 2 : 1;
			uint64_t v;
			int r = __vct_region_read(vd, &vd->devcfg, o, w, &v);

			if (r)
				return r;
			vct_le_store(out + done, v, w);
			done += w;
		}
		g2 = vct_cr8(vd, VIRTIO_PCI_COMMON_CFGGENERATION);
		if (g1 == g2)
			return 0;
	}
	return -EAGAIN;
}

int __vct_dev_config_write(struct vct_dev *vd, uint32_t off, uint64_t val, size_t width)
{
	return __vct_region_write(vd, &vd->devcfg, off, width, val);
}

int __vct_dev_irq_setup(struct vct_dev *vd, unsigned int n)
{
	unsigned int max = vd->t->msix_max;

	if (vd->msix_size < max)
		max = vd->msix_size;
	if (n > max || n > VCT_MAX_VECTORS)
		return -ERANGE;
	for (unsigned int i = 0; i < n; i++) {
		if (vd->efd[i] < 0)
			vd->efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (vd->efd[i] < 0)
			return -errno;
	}
	vd->nvec = n;
	return vd->t->ops->irq_set(vd->t, n, vd->efd);
}

static int irq_wait(struct vct_dev *vd, unsigned int vec, uint64_t deadline)
{
	uint64_t cnt;

	if (vec >= vd->nvec || vd->efd[vec] < 0)
		return -EINVAL;
	for (;;) {
		struct pollfd p = { .fd = vd->efd[vec], .events = POLLIN };
		uint64_t now;
		int r;

		vct_dev_poll(vd);
		now = vct_now_ms();
		r = poll(&p, 1, vd->t->ops->poll ? 0 : (int)(deadline > now ? deadline - now : 0));
		if (r > 0 && read(vd->efd[vec], &cnt, sizeof(cnt)) == sizeof(cnt))
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (vct_now_ms() >= deadline)
			return 0;
		if (vd->t->ops->poll)
			usleep(200);
	}
}

int vct_dev_irq_wait(struct vct_dev *vd, unsigned int vec, int timeout_ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	uint64_t prev = vct_wait_enter(deadline);
	int r = irq_wait(vd, vec, deadline);

	vct_wait_leave(prev);
	return r;
}

void vct_dev_irq_drain(struct vct_dev *vd)
{
	uint64_t cnt;

	for (unsigned int i = 0; i < vd->nvec; i++)
		while (vd->efd[i] >= 0 && read(vd->efd[i], &cnt, sizeof(cnt)) == sizeof(cnt))
			;
	/* Without MSI-X, notifications show in ISR status: a read clears what earlier ones left. */
	if (!vd->nvec && vd->isr.bar >= 0)
		__vct_region_read(vd, &vd->isr, 0, 1, &cnt);
}

int __vct_dev_notify_off(struct vct_dev *vd, uint16_t queue_notify_off, size_t width, uint64_t *bar_off)
{
	uint64_t rel = (uint64_t)queue_notify_off * vd->notify_mult;

	if (vd->notify.bar < 0)
		return -ENODEV;
	if (rel > vd->notify.len || width > vd->notify.len - rel)
		return -ERANGE;
	*bar_off = vd->notify.off + rel;
	return 0;
}
