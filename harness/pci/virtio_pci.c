/* SPDX-License-Identifier: MIT */
#include "virtio_pci.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/virtio_config.h>

#include "hostact.h"
#include "pci_ident.h"
#include "util.h"


static void problem(struct vct_vpci_cap *c, const char *fmt, unsigned long long a, unsigned long long b)
{
	c->usable = false;
	if (!c->problem[0])
		snprintf(c->problem, sizeof(c->problem), fmt, a, b);
}

/* Validate one virtio vendor capability against config space and its BAR. */
static void cap_validate(struct vct_pci_dev *vd, struct vct_vpci_cap *c)
{
	struct vct_transport *t = vd->dev.t;
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

static void walk_caps(struct vct_pci_dev *vd)
{
	struct vct_transport *t = vd->dev.t;
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
static void choose_regions(struct vct_pci_dev *vd)
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

static void pci_free(struct vct_dev *d)
{
	free(vct_pci(d));
}

static int probe(struct vct_transport *t, struct vct_dev **out, bool dut, char *err, size_t errlen)
{
	struct vct_pci_dev *p = calloc(1, sizeof(*p));
	struct vct_dev *d;
	uint8_t cfg[256];

	*out = NULL;
	if (!p) {
		snprintf(err, errlen, "%s: out of memory", t->name);
		return -ENOMEM;
	}
	p->qsel = -1;
	d = &p->dev;
	vct_dev_init(d, &vct_pci_ops, t);
	vct_cfg_read16(t, PCI_VENDOR_ID, &d->vendor);
	vct_cfg_read16(t, PCI_DEVICE_ID, &d->device);
	vct_cfg_read8(t, PCI_REVISION_ID, &d->revision);
	vct_cfg_read16(t, PCI_SUBSYSTEM_VENDOR_ID, &d->subsys_vendor);
	vct_cfg_read16(t, PCI_SUBSYSTEM_ID, &d->subsys_device);
	for (unsigned int i = 0; i < sizeof(cfg); i++)
		if (vct_cfg_read8(t, i, &cfg[i]))
			cfg[i] = 0xff;
	if (!vct_pci_is_virtio(cfg, sizeof(cfg))) {
		snprintf(err, errlen, "%s: PCI id %04x:%04x is not a virtio device (and it has no virtio capability)",
			 t->name, d->vendor, d->device);
		free(p);
		return -ENODEV;
	}
	/* Transitional ids carry the type in the subsystem id. */
	d->type = d->device >= 0x1040 ? d->device - 0x1040 : d->subsys_device;
	walk_caps(p);
	choose_regions(p);
	if (p->common.bar < 0) {
		snprintf(err, errlen, "%s: no usable virtio common configuration capability (legacy-only device?)",
			 t->name);
		if (!dut) {
			free(p);
			return -ENODEV;
		}
		/* A device under test: pci.common_cap_present says so, and nothing beyond config space is driven. */
		d->undriven = "no usable common configuration structure (pci.common_cap_present)";
		*out = d;
		return 0;
	}
	d->num_queues = vct_cr16(d, VIRTIO_PCI_COMMON_NUMQ);
	vct_dev_read_features(d, d->offered);
	*out = d;
	return 0;
}

int __vct_pci_probe(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen)
{
	return probe(t, out, false, err, errlen);
}

int __vct_pci_probe_dut(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen)
{
	return probe(t, out, true, err, errlen);
}

int __vct_region_read(struct vct_pci_dev *p, const struct vct_region *r, uint32_t off, size_t width,
		      uint64_t *val)
{
	struct vct_transport *t = p->dev.t;

	*val = ~0ull >> (64 - 8 * width);
	if (r->bar < 0)
		return -ENODEV;
	if (off > r->len || width > r->len - off)
		return -ERANGE;
	t->accesses++;
	return t->ops->bar_read(t, r->bar, (uint64_t)r->off + off, val, width);
}

int __vct_region_write(struct vct_pci_dev *p, const struct vct_region *r, uint32_t off, size_t width,
		       uint64_t val)
{
	struct vct_transport *t = p->dev.t;

	if (r->bar < 0)
		return -ENODEV;
	if (off > r->len || width > r->len - off)
		return -ERANGE;
	if (r == &p->common) {
		/* What queue_select holds now (dev.cache_selects): a reset may put it back, an overlapping write moves it. */
		if (off == VIRTIO_PCI_COMMON_Q_SELECT && width == 2)
			p->qsel = (int)(uint16_t)val;
		else if ((off <= VIRTIO_PCI_COMMON_Q_SELECT + 1 && off + width > VIRTIO_PCI_COMMON_Q_SELECT) ||
			 (off <= VIRTIO_PCI_COMMON_STATUS && off + width > VIRTIO_PCI_COMMON_STATUS &&
			  !(uint8_t)(val >> (8 * (VIRTIO_PCI_COMMON_STATUS - off)))))
			p->qsel = -1;
	}
	t->accesses++;
	return t->ops->bar_write(t, r->bar, (uint64_t)r->off + off, val, width);
}

bool vct_common_has(struct vct_dev *d, uint32_t off, size_t width)
{
	struct vct_pci_dev *p = vct_pci(d);

	return p->common.bar >= 0 && off + width <= p->common.len;
}

uint64_t vct_common_read(struct vct_dev *d, uint32_t off, size_t width)
{
	struct vct_pci_dev *p = vct_pci(d);
	uint64_t v;

	__vct_region_read(p, &p->common, off, width, &v);
	return v;
}

void vct_common_write(struct vct_dev *d, uint32_t off, size_t width, uint64_t val)
{
	struct vct_pci_dev *p = vct_pci(d);

	__vct_region_write(p, &p->common, off, width, val);
}

int __vct_pci_notify_off(struct vct_pci_dev *p, uint16_t queue_notify_off, size_t width, uint64_t *bar_off)
{
	uint64_t rel = (uint64_t)queue_notify_off * p->notify_mult;

	if (p->notify.bar < 0)
		return -ENODEV;
	if (rel > p->notify.len || width > p->notify.len - rel)
		return -ERANGE;
	*bar_off = p->notify.off + rel;
	return 0;
}

/* The ops: each is the common-configuration register sequence the PCI chapter lays out. */

static uint8_t pci_get_status(struct vct_dev *d)
{
	return vct_cr8(d, VIRTIO_PCI_COMMON_STATUS);
}

static void pci_set_status(struct vct_dev *d, uint8_t s)
{
	vct_cw8(d, VIRTIO_PCI_COMMON_STATUS, s);
}

static uint32_t pci_get_device_features(struct vct_dev *d, uint32_t word)
{
	vct_cw32(d, VIRTIO_PCI_COMMON_DFSELECT, word);
	return vct_cr32(d, VIRTIO_PCI_COMMON_DF);
}

static void pci_set_driver_features(struct vct_dev *d, uint32_t word, uint32_t val)
{
	vct_cw32(d, VIRTIO_PCI_COMMON_GFSELECT, word);
	vct_cw32(d, VIRTIO_PCI_COMMON_GF, val);
}

/* Reading back moves driver_feature_select; it is put back, so a raw access after it finds it as it was left. */
static uint32_t pci_get_driver_features(struct vct_dev *d, uint32_t word)
{
	uint32_t sel = vct_cr32(d, VIRTIO_PCI_COMMON_GFSELECT), v;

	vct_cw32(d, VIRTIO_PCI_COMMON_GFSELECT, word);
	v = vct_cr32(d, VIRTIO_PCI_COMMON_GF);
	vct_cw32(d, VIRTIO_PCI_COMMON_GFSELECT, sel);
	return v;
}

/* queue_select = @q, unless it holds @q already and every access is vct's (dev.cache_selects). */
static void select_queue(struct vct_dev *d, uint16_t q)
{
	if (d->cache_selects && vct_pci(d)->qsel == (int)q)
		return;
	vct_cw16(d, VIRTIO_PCI_COMMON_Q_SELECT, q);
}

/* A 16-bit register of queue @q: queue_select, then the register. */
static uint16_t qreg_read(struct vct_dev *d, uint16_t q, uint32_t off)
{
	select_queue(d, q);
	return vct_cr16(d, off);
}

static void qreg_write(struct vct_dev *d, uint16_t q, uint32_t off, uint16_t val)
{
	select_queue(d, q);
	vct_cw16(d, off, val);
}

static uint16_t pci_get_queue_size(struct vct_dev *d, uint16_t q)
{
	return qreg_read(d, q, VIRTIO_PCI_COMMON_Q_SIZE);
}

static void pci_set_queue_size(struct vct_dev *d, uint16_t q, uint16_t size)
{
	qreg_write(d, q, VIRTIO_PCI_COMMON_Q_SIZE, size);
}

/* A 64-bit field as two 32-bit writes, low half first (the driver may do either). */
static void write_addr(struct vct_dev *d, uint32_t lo_off, uint64_t addr)
{
	vct_cw32(d, lo_off, (uint32_t)addr);
	vct_cw32(d, lo_off + 4, (uint32_t)(addr >> 32));
}

static void pci_set_queue_addr(struct vct_dev *d, uint16_t q, uint64_t desc, uint64_t driver, uint64_t device)
{
	select_queue(d, q);
	write_addr(d, VIRTIO_PCI_COMMON_Q_DESCLO, desc);
	write_addr(d, VIRTIO_PCI_COMMON_Q_AVAILLO, driver);
	write_addr(d, VIRTIO_PCI_COMMON_Q_USEDLO, device);
}

static uint16_t pci_get_queue_enable(struct vct_dev *d, uint16_t q)
{
	return qreg_read(d, q, VIRTIO_PCI_COMMON_Q_ENABLE);
}

static void pci_set_queue_enable(struct vct_dev *d, uint16_t q, uint16_t val)
{
	qreg_write(d, q, VIRTIO_PCI_COMMON_Q_ENABLE, val);
}

static bool pci_queue_reset_supported(struct vct_dev *d)
{
	return vct_common_has(d, VIRTIO_PCI_COMMON_Q_RESET, 2);
}

static uint16_t pci_get_queue_reset(struct vct_dev *d, uint16_t q)
{
	return qreg_read(d, q, VIRTIO_PCI_COMMON_Q_RESET);
}

static void pci_set_queue_reset(struct vct_dev *d, uint16_t q, uint16_t val)
{
	qreg_write(d, q, VIRTIO_PCI_COMMON_Q_RESET, val);
}

static uint16_t pci_set_queue_vector(struct vct_dev *d, uint16_t q, uint16_t vector)
{
	qreg_write(d, q, VIRTIO_PCI_COMMON_Q_MSIX, vector);
	return vct_cr16(d, VIRTIO_PCI_COMMON_Q_MSIX);
}

static uint16_t pci_set_config_vector(struct vct_dev *d, uint16_t vector)
{
	vct_cw16(d, VIRTIO_PCI_COMMON_MSIX, vector);
	return vct_cr16(d, VIRTIO_PCI_COMMON_MSIX);
}

static uint16_t pci_get_queue_vector(struct vct_dev *d, uint16_t q)
{
	return qreg_read(d, q, VIRTIO_PCI_COMMON_Q_MSIX);
}

static uint16_t pci_get_config_vector(struct vct_dev *d)
{
	return vct_cr16(d, VIRTIO_PCI_COMMON_MSIX);
}

static int pci_queue_notify_prepare(struct vct_dev *d, uint16_t q, bool with_data, uint64_t *cookie, char *why,
				    size_t whylen)
{
	struct vct_pci_dev *p = vct_pci(d);
	uint16_t noff;
	int r;

	noff = qreg_read(d, q, VIRTIO_PCI_COMMON_Q_NOFF);
	r = __vct_pci_notify_off(p, noff, with_data ? 4 : 2, cookie);
	if (r)
		snprintf(why, whylen,
			 "queue %u: queue_notify_off %u x notify_off_multiplier %u is outside the %u-byte notify region",
			 q, noff, p->notify_mult, p->notify.len);
	return r;
}

static void pci_notify(struct vct_dev *d, uint16_t q, uint64_t cookie, uint32_t data, bool with_data)
{
	struct vct_pci_dev *p = vct_pci(d);
	size_t w = with_data ? 4 : 2;

	/* The cookie is a BAR offset inside the notify region (queue_notify_prepare checked 2 or 4 bytes). */
	if (p->notify.bar < 0 || cookie < p->notify.off || cookie - p->notify.off + 2 > p->notify.len)
		return;
	if (p->notify.len - (cookie - p->notify.off) < w)
		w = 2;
	d->t->accesses++;
	d->t->ops->bar_write(d->t, p->notify.bar, cookie, w == 4 ? data : (uint16_t)data, w);
}

static uint32_t pci_config_len(struct vct_dev *d)
{
	struct vct_pci_dev *p = vct_pci(d);

	return p->devcfg.bar < 0 ? 0 : p->devcfg.len;
}

static int pci_config_read(struct vct_dev *d, uint32_t off, size_t width, uint64_t *val)
{
	struct vct_pci_dev *p = vct_pci(d);

	return __vct_region_read(p, &p->devcfg, off, width, val);
}

static int pci_config_write(struct vct_dev *d, uint32_t off, size_t width, uint64_t val)
{
	struct vct_pci_dev *p = vct_pci(d);

	return __vct_region_write(p, &p->devcfg, off, width, val);
}

static uint8_t pci_config_generation(struct vct_dev *d)
{
	return vct_cr8(d, VIRTIO_PCI_COMMON_CFGGENERATION);
}

static unsigned int pci_irq_max(struct vct_dev *d)
{
	struct vct_pci_dev *p = vct_pci(d);
	unsigned int max = d->t->msix_max;

	if (!p->msix_pos)
		return 0;
	return p->msix_size < max ? p->msix_size : max;
}

static int pci_irq_bind(struct vct_dev *d, unsigned int n, const int *efds)
{
	return d->t->ops->irq_set(d->t, n, efds);
}

/* Without MSI-X vectors, notifications show in ISR status, which a read clears (bit 0 queue, bit 1 configuration). */
static int pci_irq_status(struct vct_dev *d, uint8_t *causes)
{
	struct vct_pci_dev *p = vct_pci(d);
	uint64_t v = 0;
	int r;

	if (p->isr.bar < 0)
		return -ENODEV;
	if (!causes)
		return 0;
	r = __vct_region_read(p, &p->isr, 0, 1, &v);
	*causes = (uint8_t)v;
	return r;
}

static int pci_admin_queues(struct vct_dev *d, uint16_t *index, uint16_t *num)
{
	if (!vct_common_has(d, VCT_COMMON_ADMIN_Q_NUM, 2))
		return -ENODEV;
	*index = vct_cr16(d, VCT_COMMON_ADMIN_Q_INDEX);
	*num = vct_cr16(d, VCT_COMMON_ADMIN_Q_NUM);
	return 0;
}

/* The fuzzer's raw common-configuration accesses, with what they did in virtio terms. */
static int pci_raw_op(struct vct_dev *d, const struct vct_raw_op *op, struct vct_raw_effect *e)
{
	uint32_t off = op->off;

	memset(e, 0, sizeof(*e));
	if (op->code == VCT_RAW_PCI_COMMON_READ) {
		if (!vct_common_has(d, off, op->width))
			return 0;
		e->val = vct_common_read(d, off, op->width);
		e->done = true;
		return 0;
	}
	if (op->code != VCT_RAW_PCI_COMMON_WRITE)
		return -EOPNOTSUPP;
	if (off == VIRTIO_PCI_COMMON_STATUS && op->width == 1) {
		e->as_status = true;
		e->status = (uint8_t)op->val;
		return 0;
	}
	if (!vct_common_has(d, off, op->width))
		return 0;
	if (off <= VIRTIO_PCI_COMMON_STATUS && off + op->width > VIRTIO_PCI_COMMON_STATUS) {
		e->status_part = true;
		e->status = (uint8_t)(op->val >> (8 * (VIRTIO_PCI_COMMON_STATUS - off)));
	}
	vct_common_write(d, off, op->width, op->val);
	e->done = true;
	if (off == VIRTIO_PCI_COMMON_GFSELECT) {
		e->feat_select = true;
		e->sel = (uint32_t)op->val;
	} else if (off == VIRTIO_PCI_COMMON_GF && op->width == 4) {
		e->feat_word = true;
		e->word = (uint32_t)op->val;
	} else if (off + op->width > VIRTIO_PCI_COMMON_Q_SIZE ||	/* (from queue_size on, or a wider write reaching it) */
		   (off < VIRTIO_PCI_COMMON_GFSELECT + 4 && off + op->width > VIRTIO_PCI_COMMON_GFSELECT)) {
		e->queues = true;
		e->queue_enable = off < VIRTIO_PCI_COMMON_Q_ENABLE + 2 && off + op->width > VIRTIO_PCI_COMMON_Q_ENABLE;
	}
	return 0;
}

#define SRIOV_ID 0x0010
#define SRIOV_CTRL 0x08
#define SRIOV_TOTAL 0x0e
#define SRIOV_NUMVFS 0x10

uint32_t vct_sriov_pos(struct vct_transport *t)
{
	uint8_t seen[1024] = { 0 };
	uint32_t off = 0x100, hdr = 0;

	if (t->cfg_size < 4096)
		return 0;
	while (off >= 0x100 && off <= 0xffc && !(off & 3) && !seen[off / 4]++) {
		if (vct_cfg_read32(t, off, &hdr) || hdr == 0 || hdr == 0xffffffffu)
			return 0;
		if ((hdr & 0xffff) == SRIOV_ID)
			return off;
		off = hdr >> 20;
	}
	return 0;
}

static int pci_sriov_get(struct vct_dev *d, bool *enabled, uint16_t *num, uint16_t *total)
{
	uint32_t pos = vct_sriov_pos(d->t);
	uint16_t ctrl = 0;

	if (!pos)
		return -ENODEV;
	vct_cfg_read16(d->t, pos + SRIOV_CTRL, &ctrl);
	vct_cfg_read16(d->t, pos + SRIOV_NUMVFS, num);
	vct_cfg_read16(d->t, pos + SRIOV_TOTAL, total);
	*enabled = ctrl & 1;
	return 0;
}

static int pci_sriov_set(struct vct_dev *d, uint16_t num)
{
	uint32_t pos = vct_sriov_pos(d->t);
	uint16_t ctrl = 0;

	if (!pos)
		return -ENODEV;
	vct_cfg_read16(d->t, pos + SRIOV_CTRL, &ctrl);
	if (ctrl & 1) {
		ctrl &= (uint16_t)~1;
		vct_cfg_write16(d->t, pos + SRIOV_CTRL, ctrl);
	}
	if (!num)
		return 0;
	vct_cfg_write16(d->t, pos + SRIOV_NUMVFS, num);
	return vct_cfg_write16(d->t, pos + SRIOV_CTRL, (uint16_t)(ctrl | 1));
}

static int pci_function_reset(struct vct_dev *d)
{
	vct_pci(d)->qsel = -1;
	return d->t->ops->reset ? d->t->ops->reset(d->t) : -ENOTTY;
}

static struct vct_host *pci_host(struct vct_dev *d)
{
	return d->t->host;
}

/* The function's host (the reference device itself, --host-hook or --host-channel) acts on it. */
static int pci_host_action(struct vct_dev *d, const struct vct_host_action *a, char *why, size_t whylen)
{
	return vct_host_request(d->t->host, a, why, whylen);
}

static void *pci_phys_map(struct vct_dev *d, uint64_t addr, size_t len, char *why, size_t whylen)
{
	if (!d->t->ops->phys_map) {
		snprintf(why, whylen, "the %s back end gives no access to the machine's memory", d->t->ops->kind);
		return NULL;
	}
	return d->t->ops->phys_map(d->t, addr, len, why, whylen);
}

static void pci_phys_unmap(struct vct_dev *d, void *p, size_t len)
{
	if (d->t->ops->phys_unmap)
		d->t->ops->phys_unmap(d->t, p, len);
}

static const char *pci_removed(struct vct_dev *d)
{
	return vct_transport_removed(d->t);
}

/* VIRTIO_PCI_CAP_SHARED_MEMORY_CFG capabilities in list order: cap.id, and the 64-bit length of virtio_pci_cap64. */
static int pci_shm_region(struct vct_dev *d, unsigned int i, uint8_t *id, uint64_t *len)
{
	struct vct_pci_dev *p = vct_pci(d);

	for (unsigned int k = 0; k < p->ncaps; k++) {
		const struct vct_vpci_cap *cp = &p->caps[k];
		uint32_t hi = 0;

		if (cp->cfg_type != 8)
			continue;
		if (i--)
			continue;
		if (cp->cap_len >= 24 && cp->pos + 24u <= 256)
			vct_cfg_read32(d->t, cp->pos + 20u, &hi);
		*id = cp->id;
		*len = (uint64_t)hi << 32 | cp->length;
		return 0;
	}
	return -ENOENT;
}

const struct vct_dev_ops vct_pci_ops = {
	.transport = "pci",
	.get_status = pci_get_status,
	.set_status = pci_set_status,
	.get_device_features = pci_get_device_features,
	.set_driver_features = pci_set_driver_features,
	.get_driver_features = pci_get_driver_features,
	.get_queue_size = pci_get_queue_size,
	.set_queue_size = pci_set_queue_size,
	.set_queue_addr = pci_set_queue_addr,
	.get_queue_enable = pci_get_queue_enable,
	.set_queue_enable = pci_set_queue_enable,
	.queue_reset_supported = pci_queue_reset_supported,
	.get_queue_reset = pci_get_queue_reset,
	.set_queue_reset = pci_set_queue_reset,
	.set_queue_vector = pci_set_queue_vector,
	.set_config_vector = pci_set_config_vector,
	.get_queue_vector = pci_get_queue_vector,
	.get_config_vector = pci_get_config_vector,
	.queue_notify_prepare = pci_queue_notify_prepare,
	.notify = pci_notify,
	.config_len = pci_config_len,
	.config_read = pci_config_read,
	.config_write = pci_config_write,
	.config_generation = pci_config_generation,
	.irq_max = pci_irq_max,
	.irq_bind = pci_irq_bind,
	.irq_status = pci_irq_status,
	.admin_queues = pci_admin_queues,
	.sriov_get = pci_sriov_get,
	.sriov_set = pci_sriov_set,
	.raw_op = pci_raw_op,
	.function_reset = pci_function_reset,
	.host = pci_host,
	.host_action = pci_host_action,
	.removed = pci_removed,
	.shm_region = pci_shm_region,
	.phys_map = pci_phys_map,
	.phys_unmap = pci_phys_unmap,
	.free = pci_free,
};
