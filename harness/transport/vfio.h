/* SPDX-License-Identifier: MIT */
/* The VFIO transport: one virtio-pci function bound to vfio-pci. */
#ifndef VCT_VFIO_H
#define VCT_VFIO_H

#include <stdbool.h>
#include <stddef.h>

#include "dma.h"
#include "transport.h"

struct vct_vfio_opts {
	bool allow_noiommu;	/* accept the unsafe no-IOMMU mode (with a warning) */
	enum vct_iova_mode iova;	/* which addresses the device is given (--iova; vct_dev_open applies it) */
};

/*
 * Validate @addr without touching the device: sysfs presence, virtio vendor
 * and device id, bound driver, IOMMU group membership and /dev/vfio. On a user
 * or environment problem writes one line (problem and fix) into @err and
 * returns -EINVAL/-ENODEV/-EBUSY/-EPERM; nothing has been opened then.
 */
int vct_vfio_preflight(const char *addr, const struct vct_vfio_opts *o, char *err, size_t errlen);

/* Preflight, then open container, group and device. -errno plus @err line. */
int vct_vfio_open(const char *addr, const struct vct_vfio_opts *o, struct vct_transport **out,
		  char *err, size_t errlen);

/* Canonical form "DDDD:BB:DD.F" of a user-given address; false if malformed. */
bool vct_pci_addr_parse(const char *in, char *out, size_t outlen);

#endif
