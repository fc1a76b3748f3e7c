/* SPDX-License-Identifier: MIT */
/*
 * The virtio-level device: what a driver sees of a virtio device whatever
 * carries it (virtio-pci today; virtio-mmio or vhost-user would be one more
 * implementation). Virtqueues, the check runner, the commands and the
 * fuzzer's executor reach the device only through this interface, as QEMU's
 * libqos reaches its devices through QVirtioBus and DPDK's virtio driver
 * through virtio_ops.
 *
 * A transport embeds struct vct_dev in its own device structure and reaches
 * that with container_of (harness/pci/virtio_pci.h: vct_pci()). Only checks of
 * a transport's own chapter (suites/pci/) look behind this interface.
 *
 * Functions prefixed with __ return -errno; callers decide what is a device
 * non-conformance and what is a harness error.
 */
#ifndef VCT_DEV_H
#define VCT_DEV_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dma.h"
#include "util.h"

#define VCT_MAX_VECTORS 65
#define VCT_NO_VECTOR 0xffff

/* Virtio device types vct knows by name. */
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

struct vct_dev;
struct vct_vq;

/* Notification causes (struct vct_dev_ops.irq_status). */
#define VCT_IRQ_QUEUE 0x1
#define VCT_IRQ_CONFIG 0x2

/*
 * A transport-specific raw operation (the fuzzer's opcodes 0x70..0x7f,
 * fuzz/prog.h): a register access the virtio-level ops do not offer, and
 * what it did in virtio terms so a caller that shadows the device's state
 * (fuzz/exec.c) can keep its shadow honest.
 */
enum {
	VCT_RAW_PCI_COMMON_WRITE = 0x71,	/* @off, @width, @val: any common-configuration register */
	VCT_RAW_PCI_COMMON_READ = 0x72,		/* @off, @width: read into @val */
};

struct vct_raw_op {
	uint8_t code;
	uint8_t width;
	uint32_t off;
	uint64_t val;
};

struct vct_raw_effect {
	bool done;		/* the access was made (in range, known code) */
	bool as_status;		/* not made: it is exactly a device_status write of @status (do that instead) */
	bool status_part;	/* device_status written as part of a wider access, now @status */
	uint8_t status;
	bool feat_select;	/* driver_feature_select now @sel */
	uint32_t sel;
	bool feat_word;		/* driver_feature (selected word) now @word */
	uint32_t word;
	bool queues;		/* queue registers changed behind the caller's back */
	bool queue_enable;	/* of them, queue_enable (of whichever queue was selected) */
	uint64_t val;		/* what a read returned */
};
struct vct_transport;
/* The host-side action back end of a device and one request to it (harness/host/hostact.h). */
struct vct_host;
struct vct_host_action;

/*
 * The operations a transport implements. Queue operations name their queue;
 * a transport that selects queues through a register does the selection
 * itself, so callers never leave a queue selected behind each other's back.
 *
 * Guarantees (every implementation keeps all of these):
 *  - No op trusts the device: a value it reads is returned as read (checks
 *    judge it); an access the transport cannot make (structure absent, out of
 *    range) reads as all ones and writes nothing, and the __ ops say why.
 *  - No op waits on the device: each is one or a few register accesses, and
 *    every wait (reset, queue reset, interrupts) is bounded by its caller's
 *    timeout in dev.c.
 *  - Ops that write return nothing about the device's reaction; callers read
 *    back what they need through the matching get op.
 */
struct vct_dev_ops {
	const char *transport;		/* "pci" */

	/* device_status: read, and write (0 starts a reset; dev.c waits for it). */
	uint8_t (*get_status)(struct vct_dev *d);
	void (*set_status)(struct vct_dev *d, uint8_t status);

	/* 32-bit feature words: @word 0 holds bits 0-31, 1 bits 32-63, ... */
	uint32_t (*get_device_features)(struct vct_dev *d, uint32_t word);
	void (*set_driver_features)(struct vct_dev *d, uint32_t word, uint32_t val);
	/*
	 * The driver feature word as the device presents it back (it may drop
	 * bits it did not offer); a transport that selects the word through a
	 * register leaves that register as it found it.
	 */
	uint32_t (*get_driver_features)(struct vct_dev *d, uint32_t word);

	/*
	 * Queue @q. get_queue_size reads the size (the maximum until the driver
	 * writes one; 0: no such queue). set_queue_addr writes the descriptor
	 * area, driver area and device area. get/set_queue_enable read and
	 * enable (1). get/set_queue_reset read and request (1) a queue reset
	 * (VIRTIO_F_RING_RESET); queue_reset_supported says whether the
	 * transport has the field at all.
	 */
	uint16_t (*get_queue_size)(struct vct_dev *d, uint16_t q);
	void (*set_queue_size)(struct vct_dev *d, uint16_t q, uint16_t size);
	void (*set_queue_addr)(struct vct_dev *d, uint16_t q, uint64_t desc, uint64_t driver, uint64_t device);
	uint16_t (*get_queue_enable)(struct vct_dev *d, uint16_t q);
	void (*set_queue_enable)(struct vct_dev *d, uint16_t q, uint16_t val);
	bool (*queue_reset_supported)(struct vct_dev *d);
	uint16_t (*get_queue_reset)(struct vct_dev *d, uint16_t q);
	void (*set_queue_reset)(struct vct_dev *d, uint16_t q, uint16_t val);

	/*
	 * Interrupt vector of queue @q (VCT_NO_VECTOR: none) and of
	 * configuration changes; both return the vector the device reads back.
	 */
	uint16_t (*set_queue_vector)(struct vct_dev *d, uint16_t q, uint16_t vector);
	uint16_t (*set_config_vector)(struct vct_dev *d, uint16_t vector);
	uint16_t (*get_queue_vector)(struct vct_dev *d, uint16_t q);
	uint16_t (*get_config_vector)(struct vct_dev *d);

	/*
	 * Notification. queue_notify_prepare finds where queue @q's
	 * notifications go (called once the queue is programmed) and keeps it in
	 * *@cookie; -ERANGE with @why when the device placed it outside what it
	 * exposes. notify then sends @data to that place: the queue index, or
	 * with VIRTIO_F_NOTIFICATION_DATA (@with_data) the 32-bit value the spec
	 * lays out.
	 */
	int (*queue_notify_prepare)(struct vct_dev *d, uint16_t q, bool with_data, uint64_t *cookie, char *why,
				    size_t whylen);
	void (*notify)(struct vct_dev *d, uint16_t q, uint64_t cookie, uint32_t data, bool with_data);

	/*
	 * Device-specific configuration, one access at a time: @off + @width
	 * within config_len, width 1, 2 or 4. config_generation reads the
	 * generation counter; dev.c builds the generation-safe read on these.
	 * -ENODEV: no device configuration; -ERANGE: outside it.
	 */
	uint32_t (*config_len)(struct vct_dev *d);
	int (*config_read)(struct vct_dev *d, uint32_t off, size_t width, uint64_t *val);
	int (*config_write)(struct vct_dev *d, uint32_t off, size_t width, uint64_t val);
	uint8_t (*config_generation)(struct vct_dev *d);

	/*
	 * Interrupts: irq_max is how many vectors the device and the host can
	 * bind together (0: none, the driver polls); irq_bind binds vectors
	 * [0, n) to eventfds efds[i] (n == 0 unbinds all). A vector fires by
	 * making its eventfd readable.
	 */
	unsigned int (*irq_max)(struct vct_dev *d);
	int (*irq_bind)(struct vct_dev *d, unsigned int n, const int *efds);
	/*
	 * Optional: with no vector bound, read and clear what the device has
	 * signalled since the last call: VCT_IRQ_QUEUE (a used buffer) and
	 * VCT_IRQ_CONFIG (a configuration change) in *@causes, other bits as the
	 * device set them. -ENODEV where the device gives no such status (PCI:
	 * no ISR structure). @causes NULL: only whether it has one (0), reading
	 * nothing. Never waits.
	 */
	int (*irq_status)(struct vct_dev *d, uint8_t *causes);

	/*
	 * Administration virtqueues (VIRTIO_F_ADMIN_VQ): the first queue index
	 * and how many. -ENODEV when the transport has no such registers (on PCI,
	 * a common configuration structure shorter than 64 bytes).
	 */
	int (*admin_queues)(struct vct_dev *d, uint16_t *index, uint16_t *num);

	/*
	 * Optional (NULL: no such thing on this transport): the member functions
	 * of the SR-IOV group. sriov_get: -ENODEV without an SR-IOV capability,
	 * else 0 with VF Enable, NumVFs and TotalVFs as the device reports them.
	 * sriov_set: @num > 0 writes NumVFs = @num and sets VF Enable (clearing it
	 * first if it was set); @num == 0 clears VF Enable. Callers read back
	 * with sriov_get.
	 */
	int (*sriov_get)(struct vct_dev *d, bool *enabled, uint16_t *num, uint16_t *total);
	int (*sriov_set)(struct vct_dev *d, uint16_t num);

	/*
	 * Optional: a transport-specific raw operation (above); -EOPNOTSUPP for
	 * a code this transport does not know. Never waits.
	 */
	int (*raw_op)(struct vct_dev *d, const struct vct_raw_op *op, struct vct_raw_effect *e);

	/*
	 * Optional: a reset of the whole function below virtio (PCI FLR), so no
	 * state a virtio reset may keep leaks into the next check; -ENOTTY where
	 * there is none.
	 */
	int (*function_reset)(struct vct_dev *d);

	/*
	 * The device's host: who can act on it from outside (configuration
	 * change, link, unplug ...; harness/host/hostact.h). NULL where no host
	 * back end was given for this device (the action then SKIPs with
	 * "host action:").
	 */
	struct vct_host *(*host)(struct vct_dev *d);

	/*
	 * Optional (NULL: this transport has no host side vct can drive): ask the
	 * device's host to act (harness/host/hostact.h guarantees: bounded by
	 * @a->timeout_ms; 0 done; -EOPNOTSUPP this target cannot, the check
	 * SKIPs with "host action: @why"; other -errno a harness or host problem).
	 */
	int (*host_action)(struct vct_dev *d, const struct vct_host_action *a, char *why, size_t whylen);

	/*
	 * NULL while the device is there; once its host asked for it back or it
	 * left its bus, a phrase saying which (for evidence). Never blocks.
	 */
	const char *(*removed)(struct vct_dev *d);
	/*
	 * Optional (NULL: never): whether the removal above is the death of the
	 * device under test itself rather than its host taking it away. A
	 * vhost-user back end's process is the device, so its exit is a crash
	 * (not ok, verdict crashed), as the test bed reports QEMU's.
	 */
	bool (*removal_is_crash)(struct vct_dev *d);

	/*
	 * Optional (NULL: this transport has no shared memory regions): the
	 * device's shared memory region number @i (0, 1, ... in the order the
	 * transport lists them), its id and length as the device reports them;
	 * -ENOENT past the last one.
	 */
	int (*shm_region)(struct vct_dev *d, unsigned int i, uint8_t *id, uint64_t *len);

	/*
	 * Optional: why a whole suite (struct vct_suite .name) does not apply to
	 * this device, as a prefixed SKIP reason, or NULL. The runner asks once
	 * per suite and says so once; its checks SKIP with the reason. (The
	 * runner itself keeps a transport's own chapter to that transport.)
	 */
	const char *(*suite_skip)(struct vct_dev *d, const char *suite);

	/*
	 * Optional: CPU access to the machine's physical memory at @addr, @len
	 * bytes (memory the device plugs into the machine: virtio-mem blocks).
	 * NULL with @why where the transport or its machine gives none.
	 */
	void *(*phys_map)(struct vct_dev *d, uint64_t addr, size_t len, char *why, size_t whylen);
	void (*phys_unmap)(struct vct_dev *d, void *p, size_t len);

	/*
	 * Optional: sleep until the device may have made progress or
	 * @timeout_us passes, for a caller that watches used rings and would
	 * otherwise spin (and take the CPU a device in another process needs).
	 * Wakes on a used-buffer notification of a queue with no vector bound
	 * (whose count is consumed here); never consumes a bound vector's count.
	 * False when no progress can come any more (the device's session is
	 * over: a vhost-user back end hung up), at once when that happens.
	 */
	bool (*idle_wait)(struct vct_dev *d, unsigned int timeout_us);

	/* Free the transport's part of the device (vct_dev_close closes the back end). */
	void (*free)(struct vct_dev *d);
};

struct vct_dev {
	const struct vct_dev_ops *ops;
	struct vct_transport *t;	/* host back end: DMA mapping and in-process polling */
	const char *name;	/* "0000:00:10.0", "refdev:rng" */
	const char *kind;	/* back end: "vfio", "refdev", "vhost-user" */
	const char *impl;	/* the implementation behind it where the transport knows it (vhost-user: the back end's program), else NULL */
	bool noiommu;		/* DMA is not translated: guard gaps do not fault */
	bool owns_transport;	/* vct_dev_close also closes t (vct_dev_open's devices) */
	bool gone;		/* removed by its host during the run: no more register access */
	/*
	 * Every register access to the device goes through vct's ops (the fuzz
	 * executor's bound device): a transport may skip rewriting a selector
	 * register that still holds the value vct last wrote there (PCI
	 * queue_select; forgotten at a reset, a function reset and any write
	 * that overlaps it). Never for checks, which reach registers by other
	 * paths too (the PCI configuration access window).
	 */
	bool cache_selects;
	/*
	 * Set by a caller that watches nothing of the rings a reset stops and
	 * needs no acknowledgement in step with each op (the fuzzer between its
	 * programs): a transport whose ops are messages to another process
	 * (vhost-user) may then send them without waiting for each reply, and
	 * collects and validates those replies at its next exchange. Register
	 * transports ignore it.
	 */
	bool pipelined;
	/*
	 * Microseconds a wait for a used entry polls before it starts to sleep
	 * between polls (0: 200 polls). The fuzzer's health probe answers within
	 * a request latency and a sleep in a TCG guest lasts far longer than
	 * asked, so it polls as the limit cycle it is measured against does.
	 */
	unsigned int spin_us;
	/* Time spent in vct_vq_wait_used for a used entry, and how many waits (where an answer's latency goes). */
	uint64_t used_wait_us;
	unsigned long long used_waits;
	/*
	 * Non-NULL when the transport found a device of its kind it cannot drive
	 * as virtio (PCI: no usable common configuration): why, for the SKIPs.
	 * Only checks of the transport's own identification apply; the ops read
	 * all ones and write nothing, and __vct_dev_reset returns -ENODEV at once.
	 */
	const char *undriven;

	/* Identity as the transport reports it (PCI: config-space ids). */
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint8_t revision;
	uint16_t type;		/* virtio device id */

	uint64_t offered[2];	/* feature bits 0..127 as read */
	uint64_t features[2];	/* negotiated (set by __vct_dev_negotiate) */
	uint16_t num_queues;

	struct vct_dma dma;
	struct vct_vq *vqs[64];	/* owned: freed by vct_dev_release */
	unsigned int nvqs;
	/* Set by the virtqueue layer with its first queue, so the device frees queues without depending on it. */
	void (*vq_free)(struct vct_vq *vq);
	int efd[VCT_MAX_VECTORS];
	unsigned int nvec;
};

/* Fill the transport-neutral part; the transport calls it from its probe. */
void vct_dev_init(struct vct_dev *d, const struct vct_dev_ops *ops, struct vct_transport *t);
/* Free the queues, eventfds and DMA memory; leaves the device open. */
void vct_dev_release(struct vct_dev *d);
/*
 * Choose the DMA addresses the device is given (dma.h): physical addresses
 * for VCT_IOVA_PA, and for VCT_IOVA_AUTO when the device does not offer
 * VIRTIO_F_ACCESS_PLATFORM (its DMA may bypass the IOMMU). Before any
 * allocation. -errno with one line in @err where that mode cannot work (the
 * reason and the flag): the caller refuses the device (exit 2).
 */
int vct_dev_iova_mode(struct vct_dev *d, enum vct_iova_mode m, char *err, size_t errlen);
/* Release, free the transport's part, and close the back end when the device owns it. */
void vct_dev_close(struct vct_dev *d);

uint8_t vct_dev_status(struct vct_dev *d);
void vct_dev_set_status(struct vct_dev *d, uint8_t s);
/* Write 0 and wait until status reads back 0; -ETIMEDOUT with the last value. */
int __vct_dev_reset(struct vct_dev *d, int timeout_ms, uint8_t *last);

/* Feature words and whole feature sets. */
uint32_t vct_dev_device_features_word(struct vct_dev *d, uint32_t sel);
void vct_dev_driver_features_word(struct vct_dev *d, uint32_t sel, uint32_t val);
void vct_dev_read_features(struct vct_dev *d, uint64_t f[2]);
void vct_dev_write_features(struct vct_dev *d, const uint64_t f[2]);
/* The driver feature words 0..3 as the device presents them back. */
void vct_dev_read_driver_features(struct vct_dev *d, uint64_t f[2]);
/*
 * Reset, ACKNOWLEDGE, DRIVER, write @want, FEATURES_OK and read it back.
 * -EPROTO when the device did not keep FEATURES_OK; -ETIMEDOUT on reset.
 */
int __vct_dev_negotiate(struct vct_dev *d, const uint64_t want[2]);
/* Features vct asks for by default: what it implements, intersected with the offer. */
void vct_dev_default_features(struct vct_dev *d, uint64_t want[2]);

/* Queue @q through the ops (see struct vct_dev_ops). */
static inline uint16_t vct_dev_queue_size(struct vct_dev *d, uint16_t q)
{
	return d->ops->get_queue_size(d, q);
}
static inline uint16_t vct_dev_queue_enabled(struct vct_dev *d, uint16_t q)
{
	return d->ops->get_queue_enable(d, q);
}
/* Request a reset of queue @q and wait until it reads back done; false on timeout. */
bool vct_dev_queue_reset(struct vct_dev *d, uint16_t q, int timeout_ms, uint16_t *reset, uint16_t *enable);

/*
 * Device configuration read that is stable against config_generation
 * (re-read until the generation is unchanged across the read, at most
 * @tries times: -EAGAIN if it never settles).
 */
int __vct_dev_config_read(struct vct_dev *d, uint32_t off, void *buf, size_t len, int tries);
int __vct_dev_config_write(struct vct_dev *d, uint32_t off, uint64_t val, size_t width);
static inline uint32_t vct_dev_config_len(struct vct_dev *d)
{
	return d->ops->config_len(d);
}

/* Interrupts: create @n eventfds and bind vectors [0, n). */
int __vct_dev_irq_setup(struct vct_dev *d, unsigned int n);
static inline unsigned int vct_dev_irq_max(struct vct_dev *d)
{
	return d->ops->irq_max(d);
}
/* Wait for vector @vec (consumes the count); 1 fired, 0 timeout, -errno. */
int vct_dev_irq_wait(struct vct_dev *d, unsigned int vec, int timeout_ms);
/* Drain pending counts on every vector without waiting (without vectors: clear the irq_status causes). */
void vct_dev_irq_drain(struct vct_dev *d);
/* Does the device report notification causes without vectors (irq_status)? */
bool vct_dev_has_irq_status(struct vct_dev *d);
/*
 * Without vectors: wait until irq_status shows one of @causes (VCT_IRQ_*);
 * 1 seen, 0 timeout, -ENODEV when the device gives no such status.
 */
int vct_dev_irq_wait_status(struct vct_dev *d, uint8_t causes, int timeout_ms);

/* The device's host-action back end (NULL: none), and whether the device is still there (NULL) or how it left. */
static inline struct vct_host *vct_dev_host(struct vct_dev *d)
{
	return d->ops->host(d);
}
/* Shared memory region @i (the shm_region op): 0, -ENOENT past the last, -EOPNOTSUPP when the transport has none. */
static inline int vct_dev_shm_region(struct vct_dev *d, unsigned int i, uint8_t *id, uint64_t *len)
{
	return d->ops->shm_region ? d->ops->shm_region(d, i, id, len) : -EOPNOTSUPP;
}
/* The phys_map op; NULL with @why where the transport has none. */
void *vct_dev_phys_map(struct vct_dev *d, uint64_t addr, size_t len, char *why, size_t whylen);
void vct_dev_phys_unmap(struct vct_dev *d, void *p, size_t len);
/* The host_action op; -EOPNOTSUPP with @why where the transport has none. */
int vct_dev_host_action(struct vct_dev *d, const struct vct_host_action *a, char *why, size_t whylen);
static inline const char *vct_dev_removed(struct vct_dev *d)
{
	return d->ops->removed(d);
}
static inline bool vct_dev_removal_is_crash(struct vct_dev *d)
{
	return d->ops->removal_is_crash && d->ops->removal_is_crash(d);
}

/* Let a device that runs in vct's own process make progress. */
void vct_dev_poll(struct vct_dev *d);
/* Does the device run in vct's own process (progress only while vct polls)? */
bool vct_dev_inproc(const struct vct_dev *d);

#endif
