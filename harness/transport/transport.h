/* SPDX-License-Identifier: MIT */
/*
 * The transport interface: how vct reaches one PCI function that carries a
 * virtio device. Everything above this line (virtio-pci, virtqueues, suites,
 * fuzzer) is transport-neutral; every backend (VFIO first, then the
 * in-process reference device) implements these ops.
 */
#ifndef VCT_TRANSPORT_H
#define VCT_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VCT_NR_BARS 6

struct vct_transport;
struct vct_host;

/*
 * Guarantees (every implementation keeps all of these):
 *  - cfg_read/cfg_write reach PCI configuration space. off + len <= cfg_size,
 *    len is 1, 2 or 4 and off is len-aligned; values are little-endian in buf.
 *  - bar_read/bar_write reach BAR @bar at @off with @width 1, 2, 4 or 8; the
 *    caller has already checked off + width <= bars[bar].size. Values are
 *    passed in host order (the device's little-endian register converted).
 *  - dma_map makes host memory [vaddr, vaddr + size) visible to the device at
 *    [iova, iova + size); both page aligned. Memory never mapped is never
 *    reachable by the device (an IOMMU fault or an in-process error record,
 *    never a silent access). dma_unmap_all removes every mapping.
 *  - irq_set binds MSI-X vectors [0, nvec) to eventfds efds[i] (-1 leaves
 *    that vector unbound); nvec == 0 unbinds all. A vector fires by making its
 *    eventfd readable.
 *  - reset performs a function-level reset where the function offers one and
 *    returns -ENOTTY where it does not. It never touches other functions.
 *  - poll (optional) lets a device that runs in vct's own process make
 *    progress while vct waits; out-of-process devices leave it NULL.
 *  - removed (optional) returns true once the device's host has asked for
 *    the device back (VFIO's device request on hot-unplug) or the function
 *    is gone; it does not block, and stays true once it was.
 *  - dma_mem (optional) is for back ends whose device shares memory with vct
 *    instead of mapping vct's pages (vhost-user: one memfd region): it
 *    returns vct's address of device memory [iova, iova + size), or NULL
 *    outside it; dma.c then places buffers there and dma_map only checks.
 *  - Every op returns 0 or -errno and never blocks for longer than the
 *    device's own register access takes.
 */
struct vct_transport_ops {
	const char *kind;	/* "vfio", "refdev" */
	int (*cfg_read)(struct vct_transport *t, uint32_t off, void *buf, size_t len);
	int (*cfg_write)(struct vct_transport *t, uint32_t off, const void *buf, size_t len);
	int (*bar_read)(struct vct_transport *t, int bar, uint64_t off, uint64_t *val, size_t width);
	int (*bar_write)(struct vct_transport *t, int bar, uint64_t off, uint64_t val, size_t width);
	int (*dma_map)(struct vct_transport *t, void *vaddr, uint64_t iova, uint64_t size);
	int (*dma_unmap)(struct vct_transport *t, uint64_t iova, uint64_t size);
	int (*dma_unmap_all)(struct vct_transport *t);
	int (*irq_set)(struct vct_transport *t, unsigned int nvec, const int *efds);
	int (*reset)(struct vct_transport *t);
	void (*poll)(struct vct_transport *t);
	void *(*dma_mem)(struct vct_transport *t, uint64_t iova, uint64_t size);
	bool (*removed)(struct vct_transport *t);
	void (*close)(struct vct_transport *t);
	/*
	 * Optional: map @len bytes of the machine's physical address space at
	 * @addr for the CPU, as the device's driver reaches memory the device
	 * plugs into the machine (virtio-mem's region). NULL with @why when the
	 * back end cannot. phys_unmap undoes one mapping.
	 */
	void *(*phys_map)(struct vct_transport *t, uint64_t addr, size_t len, char *why, size_t whylen);
	void (*phys_unmap)(struct vct_transport *t, void *p, size_t len);
};

struct vct_bar {
	uint64_t size;		/* 0: BAR not implemented */
	bool is_io;		/* I/O port BAR (virtio structures never live there for vct) */
};

struct vct_iova_range {
	uint64_t start, end;	/* inclusive */
};

struct vct_transport {
	const struct vct_transport_ops *ops;
	char name[64];		/* "0000:00:10.0", "refdev:rng" */
	uint32_t cfg_size;	/* 256 or 4096 */
	struct vct_bar bars[VCT_NR_BARS];
	unsigned int msix_max;	/* MSI-X vectors the transport can bind; 0 = none */
	bool noiommu;		/* DMA is not translated: guard gaps do not fault */
	/* IOVA ranges the device may be given (from the IOMMU); at least one. */
	struct vct_iova_range iova[8];
	unsigned int n_iova;
	/* Host-side actions on this device (hostact.h); NULL: none available. Closed with the transport. */
	struct vct_host *host;
	/* Register accesses through the virtio-pci layer (BAR reads and writes, notifications): each one an exit into an emulated device. */
	unsigned long long accesses;
};

/* Thin asserting wrappers live in transport.c; the ops are the contract. */
int vct_cfg_read8(struct vct_transport *t, uint32_t off, uint8_t *v);
int vct_cfg_read16(struct vct_transport *t, uint32_t off, uint16_t *v);
int vct_cfg_read32(struct vct_transport *t, uint32_t off, uint32_t *v);
int vct_cfg_write8(struct vct_transport *t, uint32_t off, uint8_t v);
int vct_cfg_write16(struct vct_transport *t, uint32_t off, uint16_t v);
int vct_cfg_write32(struct vct_transport *t, uint32_t off, uint32_t v);
void vct_transport_close(struct vct_transport *t);
/*
 * NULL while the device is there; once its host asked for it back (the
 * removed op) or it left the bus (config space reads all ones), a phrase
 * saying which, for evidence.
 */
const char *vct_transport_removed(struct vct_transport *t);

#endif
