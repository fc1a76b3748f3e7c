/* SPDX-License-Identifier: MIT */
/*
 * The reference device: a software virtio-pci (modern, non-transitional)
 * function that lives inside vct's own process and is reached through the
 * same transport ops as a VFIO device. It is clean by default; named quirks
 * switch on deviations modelled on real device bugs, so that every check and
 * the fuzzer's oracles can be shown to catch something.
 */
#ifndef VCT_REFDEV_H
#define VCT_REFDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "transport.h"

/*
 * @spec is what follows "refdev:" on the command line:
 *   TYPE[,quirk=NAME]...[,async][,admin][,notify-data][,drop-unoffered][,unplug-after=MS][,host-fifo=PATH]
 *   and for blk [,ro][,zoned], for rpmb [,unkeyed]
 * TYPE is rng, blk, net, console, scsi, balloon, input, gpu, crypto, mem,
 * pmem, 9p, fs, gpio, i2c, vsock, spi, rtc, rpmb or sound (minimal models: refdev_types.c and refdev_TYPE.c). "async" makes queue notifications only
 * record work; the transport's poll op then performs it (tests the driver's
 * waiting paths). "admin" makes it an SR-IOV group owner: VIRTIO_F_ADMIN_VQ
 * and VIRTIO_F_SR_IOV offered, one administration queue after the type's own
 * queues, an SR-IOV capability at 0x100 (refdev_admin.h); the admin-* quirks
 * imply it. "notify-data" also offers VIRTIO_F_NOTIFICATION_DATA.
 * "drop-unoffered" ignores the driver's writes of feature bits it never
 * offered (they read 0), instead of mirroring them and refusing FEATURES_OK;
 * both are conforming (D-2cd1add1 and the PCI note on driver_feature).
 * The device is its own host (t->host, hostact.h): every host
 * action and query is done in process; "unplug-after" pulls the device that
 * long after open, and "host-fifo" also takes action lines from a FIFO an
 * outside program writes (the --host-hook example). Unknown type or quirk, or a quirk that does not apply to
 * TYPE: returns -EINVAL and writes one line into @err naming the known ones.
 */
int vct_refdev_open(const char *spec, struct vct_transport **out, char *err, size_t errlen);

/* For oracles and the fuzzer. */
struct vct_refdev_stats {
	uint64_t dma_faults;	 /* device accesses outside every dma_map'd range */
	uint64_t illegal_writes; /* writes into device-readable buffers or past a writable one */
	uint64_t requests;	 /* descriptor chains the device consumed */
};
/* @t must have been returned by vct_refdev_open. */
void vct_refdev_stats(struct vct_transport *t, struct vct_refdev_stats *out);

/* The quirk catalog, for `make mutation` and --help. */
struct vct_refdev_quirk {
	const char *name;
	const char *cls;	 /* "conformance" or "fuzz-only" */
	const char *types;	 /* device types it applies to, "*" = all */
	const char *origin;	 /* the kind of real device / report it is modelled on */
	const char *expect_stmt; /* statement id expected to catch it; "" = not mapped yet */
	const char *what;	 /* what the device does wrong */
};
extern const struct vct_refdev_quirk vct_refdev_quirks[];
extern const size_t vct_refdev_nquirks;

/*
 * The options of a spec besides quirk=NAME; parse_spec refuses any other, so
 * a new option must be added here (the mutation gate runs every check over
 * every type and every option).
 */
struct vct_refdev_option {
	const char *name;
	const char *what;
	const char *types;	/* device types it applies to, "*" = all */
};
extern const struct vct_refdev_option vct_refdev_options[];
extern const size_t vct_refdev_noptions;

/*
 * `vct refdev`: the catalog as tab-separated lines, for the mutation gate:
 *   type TYPE | option NAME WHAT TYPES | quirk NAME CLASS TYPES STATEMENTS WHAT
 * (STATEMENTS: the expect_stmt ids, "-" when none).
 */
void vct_refdev_catalog(FILE *f);

/*
 * For the vhost-user back end around the reference device (refdev_vu.h),
 * which drives it through its PCI registers like a VMM drives a passed-through
 * function, the ring state vhost-user hands over and takes back and PCI has
 * no register for:
 *  - ring_stop: queue @qi stops (GET_VRING_BASE): no longer processed, and
 *    *@base is the next available entry it would have taken (packed: bit 15
 *    its wrap counter); -EINVAL for no such queue.
 *  - ring_base: queue @qi, just enabled, resumes from @base (SET_VRING_BASE);
 *    a split ring's used index is taken from its used ring.
 *  - ring_hold: a disabled ring (SET_VRING_ENABLE 0) is not processed until released.
 *  - dma_whole: every access translates its whole range first and moves
 *    nothing when part of it is not mapped, as a vhost-user back end maps a
 *    buffer's guest range before it touches it (libvhost-user's
 *    vu_queue_map_desc); by default an access moves bytes up to the fault.
 * has_quirk: whether quirk @name is on (the back end's own quirks live in the one catalog).
 */
int vct_refdev_ring_stop(struct vct_transport *t, unsigned int qi, uint32_t *base);
int vct_refdev_ring_base(struct vct_transport *t, unsigned int qi, uint32_t base);
void vct_refdev_ring_hold(struct vct_transport *t, unsigned int qi, bool hold);
void vct_refdev_dma_whole(struct vct_transport *t, bool on);
bool vct_refdev_has_quirk(const struct vct_transport *t, const char *name);

/* True if @t is a refdev transport (ops->kind is "refdev"). */
int vct_is_refdev(const struct vct_transport *t);

#endif
