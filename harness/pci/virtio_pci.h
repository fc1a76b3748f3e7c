/* SPDX-License-Identifier: MIT */
/*
 * virtio-pci modern, driver side, over any PCI-function back end
 * (harness/transport/): the capability walk, common configuration, MSI-X
 * vectors and notifications, as the virtio-pci implementation of the
 * virtio-level device interface (harness/virtio/dev.h).
 *
 * Every value read from the device is validated before use: capabilities are
 * checked against config space and their BAR (as SPDK's get_cfg_addr does),
 * and register accesses are range-checked against the capability length.
 * Functions prefixed with __ return -errno; callers decide what is a device
 * non-conformance and what is a harness error.
 */
#ifndef VCT_VIRTIO_PCI_H
#define VCT_VIRTIO_PCI_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_pci.h>

#include "dev.h"
#include "transport.h"

#define VCT_MAX_CAPS 24

/* Common configuration offsets of the admin queue registers (virtio 1.3+). */
#define VCT_COMMON_ADMIN_Q_INDEX 60
#define VCT_COMMON_ADMIN_Q_NUM 62

/* One vendor-specific capability exactly as found, with its validation. */
struct vct_vpci_cap {
	uint8_t pos;		/* offset in config space */
	uint8_t cap_len;
	uint8_t cfg_type;
	uint8_t bar;
	uint8_t id;
	uint32_t offset;
	uint32_t length;
	uint32_t notify_mult;	/* NOTIFY only */
	bool usable;		/* in range and of a type vct uses */
	char problem[112];	/* why it is not usable */
};

/* A validated structure inside a BAR. bar < 0: absent. */
struct vct_region {
	int bar;
	uint32_t off;
	uint32_t len;
};

/*
 * The virtio-pci implementation of struct vct_dev (harness/virtio/dev.h):
 * what the capability walk found, reached from a struct vct_dev with vct_pci().
 */
struct vct_pci_dev {
	struct vct_dev dev;

	struct vct_vpci_cap caps[VCT_MAX_CAPS];
	unsigned int ncaps;
	char cap_walk_problem[128];	/* list structure broken (loop, bad pointer) */
	struct vct_region common, notify, isr, devcfg;
	uint8_t pcicfg_pos;	/* VIRTIO_PCI_CAP_PCI_CFG position, 0 if none */
	uint32_t notify_mult;
	uint8_t msix_pos;	/* 0 if no MSI-X capability */
	uint16_t msix_size;	/* table size as the capability reports it */
	int qsel;		/* queue_select as vct last wrote it, -1 unknown (dev.cache_selects) */
};

extern const struct vct_dev_ops vct_pci_ops;

/* The PCI device behind @d; @d must come from __vct_pci_probe (a harness bug otherwise). */
static inline struct vct_pci_dev *vct_pci(struct vct_dev *d)
{
	assert(d->ops == &vct_pci_ops);
	return container_of(d, struct vct_pci_dev, dev);
}

/*
 * Read ids and walk the capabilities of the virtio function behind @t; a new
 * device in *@out; vct_dev_close frees it (and closes @t only when the
 * caller set owns_transport). -ENODEV with @err
 * when @t is no virtio device or has no usable common configuration.
 */
int __vct_pci_probe(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen);
/*
 * The same for a device under test, which may be malformed: -ENODEV only
 * when the function is not virtio at all (vct_pci_is_virtio). Without a
 * usable common configuration it returns 0 with d->undriven set, no queues
 * and nothing offered: only checks of PCI configuration space apply.
 */
int __vct_pci_probe_dut(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen);

/* Region access with range check against the capability's length. */
int __vct_region_read(struct vct_pci_dev *p, const struct vct_region *r, uint32_t off, size_t width,
		      uint64_t *val);
int __vct_region_write(struct vct_pci_dev *p, const struct vct_region *r, uint32_t off, size_t width,
		       uint64_t val);

/* Common configuration registers (offsets from linux/virtio_pci.h). */
uint64_t vct_common_read(struct vct_dev *d, uint32_t off, size_t width);
void vct_common_write(struct vct_dev *d, uint32_t off, size_t width, uint64_t val);
#define vct_cr8(d, o) ((uint8_t)vct_common_read(d, o, 1))
#define vct_cr16(d, o) ((uint16_t)vct_common_read(d, o, 2))
#define vct_cr32(d, o) ((uint32_t)vct_common_read(d, o, 4))
#define vct_cw8(d, o, v) vct_common_write(d, o, 1, v)
#define vct_cw16(d, o, v) vct_common_write(d, o, 2, v)
#define vct_cw32(d, o, v) vct_common_write(d, o, 4, v)
/* Does the common structure extend over [off, off+width)? (1.0 had 56 bytes, 1.2 has 64.) */
bool vct_common_has(struct vct_dev *d, uint32_t off, size_t width);

/* SR-IOV extended capability: its offset, or 0 when absent (or no extended configuration space). */
uint32_t vct_sriov_pos(struct vct_transport *t);

/* Notify address of a queue: BAR offset via its queue_notify_off, range-checked. */
int __vct_pci_notify_off(struct vct_pci_dev *p, uint16_t queue_notify_off, size_t width, uint64_t *bar_off);

#endif
