/* SPDX-License-Identifier: MIT */
/*
 * virtio-pci modern, driver side, over any transport: the capability walk,
 * common configuration, features, the status handshake, MSI-X vectors and
 * generation-safe device configuration reads.
 *
 * Every value read from the device is validated before use: capabilities are
 * checked against config space and their BAR (as SPDK's get_cfg_addr does),
 * and register accesses are range-checked against the capability length.
 * Functions prefixed with __ return -errno; callers decide what is a device
 * non-conformance and what is a harness error.
 */
#ifndef VCT_VIRTIO_PCI_H
#define VCT_VIRTIO_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_pci.h>

#include "dma.h"
#include "transport.h"

#define VCT_MAX_CAPS 24

struct vct_vq;
#define VCT_MAX_VECTORS 65
#define VCT_NO_VECTOR 0xffff

/* Device ids the harness's own code names (every id's name is in the device-type table, devtype.h). */
enum {
	VCT_ID_NET = 1,
	VCT_ID_BLOCK = 2,
	VCT_ID_CONSOLE = 3,
	VCT_ID_ENTROPY = 4,
};

/* Feature bits used by the harness itself (the spec's numbering). */
#define VCT_F_INDIRECT_DESC 28
#define VCT_F_EVENT_IDX 29
#define VCT_F_VERSION_1 32
#define VCT_F_ACCESS_PLATFORM 33
#define VCT_F_RING_PACKED 34
#define VCT_F_IN_ORDER 35
#define VCT_F_ORDER_PLATFORM 36
#define VCT_F_SR_IOV 37
#define VCT_F_NOTIFICATION_DATA 38
#define VCT_F_NOTIF_CONFIG_DATA 39
#define VCT_F_RING_RESET 40
#define VCT_F_ADMIN_VQ 41

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

struct vct_dev {
	struct vct_transport *t;
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint8_t revision;
	uint16_t type;		/* virtio device id */

	struct vct_vpci_cap caps[VCT_MAX_CAPS];
	unsigned int ncaps;
	char cap_walk_problem[128];	/* list structure broken (loop, bad pointer) */
	struct vct_region common, notify, isr, devcfg;
	uint8_t pcicfg_pos;	/* VIRTIO_PCI_CAP_PCI_CFG position, 0 if none */
	uint32_t notify_mult;
	uint8_t msix_pos;	/* 0 if no MSI-X capability */
	uint16_t msix_size;	/* table size as the capability reports it */

	uint64_t offered[2];	/* feature bits 0..127 as read */
	uint64_t features[2];	/* negotiated (set by __vct_dev_negotiate) */
	uint16_t num_queues;

	struct vct_dma dma;
	struct vct_vq *vqs[64];	/* owned: freed by vct_dev_release */
	unsigned int nvqs;
	int efd[VCT_MAX_VECTORS];
	unsigned int nvec;
	bool gone;		/* removed by its host during the run: no more register access */
};

static inline bool vct_has(const uint64_t f[2], unsigned int bit)
{
	return bit < 128 && (f[bit / 64] >> (bit % 64)) & 1;
}

static inline void vct_set(uint64_t f[2], unsigned int bit)
{
	if (bit < 128)
		f[bit / 64] |= 1ull << (bit % 64);
}

static inline void vct_clear(uint64_t f[2], unsigned int bit)
{
	if (bit < 128)
		f[bit / 64] &= ~(1ull << (bit % 64));
}

const char *vct_type_name(uint16_t type);	/* the device-type table's name; "type-N" for an id the spec does not define */
const char *vct_feature_name(uint16_t type, unsigned int bit);	/* NULL if unknown */

/* Read ids and walk the capabilities; -ENODEV if no usable common config. */
int __vct_dev_probe(struct vct_transport *t, struct vct_dev *vd, char *err, size_t errlen);
/*
 * The same for a device under test, which may be malformed: -ENODEV only
 * when the function is not virtio at all (vct_pci_is_virtio). Without a
 * usable common configuration it returns 0 with vd->common.bar < 0, no
 * queues and nothing offered: only checks of PCI configuration space apply.
 */
int __vct_dev_probe_dut(struct vct_transport *t, struct vct_dev *vd, char *err, size_t errlen);

/* Free the eventfds and DMA memory; leaves the transport open. */
void vct_dev_release(struct vct_dev *vd);

/* Region access with range check against the capability's length. */
int __vct_region_read(struct vct_dev *vd, const struct vct_region *r, uint32_t off, size_t width,
		      uint64_t *val);
int __vct_region_write(struct vct_dev *vd, const struct vct_region *r, uint32_t off, size_t width,
		       uint64_t val);

/* Common configuration registers (offsets from linux/virtio_pci.h). */
uint64_t vct_common_read(struct vct_dev *vd, uint32_t off, size_t width);
void vct_common_write(struct vct_dev *vd, uint32_t off, size_t width, uint64_t val);
#define vct_cr8(vd, o) ((uint8_t)vct_common_read(vd, o, 1))
#define vct_cr16(vd, o) ((uint16_t)vct_common_read(vd, o, 2))
#define vct_cr32(vd, o) ((uint32_t)vct_common_read(vd, o, 4))
#define vct_cw8(vd, o, v) vct_common_write(vd, o, 1, v)
#define vct_cw16(vd, o, v) vct_common_write(vd, o, 2, v)
#define vct_cw32(vd, o, v) vct_common_write(vd, o, 4, v)
/* Does the common structure extend over [off, off+width)? (1.0 had 56 bytes, 1.2 has 64.) */
bool vct_common_has(struct vct_dev *vd, uint32_t off, size_t width);

uint8_t vct_dev_status(struct vct_dev *vd);
void vct_dev_set_status(struct vct_dev *vd, uint8_t s);
/* Write 0 and wait until status reads back 0; -ETIMEDOUT with the last value. */
int __vct_dev_reset(struct vct_dev *vd, int timeout_ms, uint8_t *last);

/* Feature words: select, read/write. */
uint32_t vct_dev_device_features_word(struct vct_dev *vd, uint32_t sel);
void vct_dev_driver_features_word(struct vct_dev *vd, uint32_t sel, uint32_t val);
void vct_dev_read_features(struct vct_dev *vd, uint64_t f[2]);
void vct_dev_write_features(struct vct_dev *vd, const uint64_t f[2]);
/* driver_feature words 0..3 as the device presents them (leaves driver_feature_select at 3). */
void vct_dev_read_driver_features(struct vct_dev *vd, uint64_t f[2]);

/*
 * Reset, ACKNOWLEDGE, DRIVER, write @want, FEATURES_OK and read it back.
 * -EPROTO when the device did not keep FEATURES_OK; -ETIMEDOUT on reset.
 */
int __vct_dev_negotiate(struct vct_dev *vd, const uint64_t want[2]);
/* Features vct asks for by default: what it implements, intersected with the offer. */
void vct_dev_default_features(struct vct_dev *vd, uint64_t want[2]);

/*
 * Device configuration read that is stable against config_generation
 * (re-read until the generation is unchanged across the read, at most
 * @tries times: -EAGAIN if it never settles).
 */
int __vct_dev_config_read(struct vct_dev *vd, uint32_t off, void *buf, size_t len, int tries);
int __vct_dev_config_write(struct vct_dev *vd, uint32_t off, uint64_t val, size_t width);

/* MSI-X: create @n eventfds and bind vectors [0, n). */
int __vct_dev_irq_setup(struct vct_dev *vd, unsigned int n);
/* Wait for vector @vec (consumes the count); 1 fired, 0 timeout, -errno. */
int vct_dev_irq_wait(struct vct_dev *vd, unsigned int vec, int timeout_ms);
/* Drain pending counts on every vector without waiting (without MSI-X vectors: clear ISR status). */
void vct_dev_irq_drain(struct vct_dev *vd);

/* Notify address of queue @q: BAR offset via its queue_notify_off, range-checked. */
int __vct_dev_notify_off(struct vct_dev *vd, uint16_t queue_notify_off, size_t width, uint64_t *bar_off);

/* Let an in-process device run. */
static inline void vct_dev_poll(struct vct_dev *vd)
{
	if (vd->t->ops->poll)
		vd->t->ops->poll(vd->t);
}

#endif
