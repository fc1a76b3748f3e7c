/* SPDX-License-Identifier: MIT */
/* What the user names on the command line: a PCI address (VFIO), vhost-user:PATH,type=TYPE or refdev:TYPE[,...]. */
#ifndef VCT_TARGET_H
#define VCT_TARGET_H

#include <stddef.h>

#include "dev.h"
#include "transport.h"
#include "vfio.h"

/*
 * Open @target as a transport. Usage and environment problems return -errno
 * with one line in @err (the caller prints it and exits 2); nothing is left
 * open then.
 */
int vct_target_open(const char *target, const struct vct_vfio_opts *vo, struct vct_transport **out, char *err,
		    size_t errlen);

/* How vct_dev_bind / vct_dev_open take a device. */
enum vct_bind {
	VCT_BIND_DRIVE,		/* a device vct drives (stress, fuzz): it must be usable as virtio */
	VCT_BIND_DUT,		/* a device under test (vct run): a malformed one is bound with d->undriven set */
};

/*
 * Bind the virtio driver of @t's transport: a device that does not own @t
 * (vct_dev_close leaves it open). -ENODEV with @err when @t is no virtio
 * device, or (VCT_BIND_DRIVE) no usable one. DMA addresses as --iova auto
 * (vct_dev_iova_mode): a refusal there is an environment error with @err.
 */
int vct_dev_bind(struct vct_transport *t, enum vct_bind how, struct vct_dev **out, char *err, size_t errlen);
/*
 * Open @target and bind the virtio driver of its transport: a device the
 * caller closes with vct_dev_close (which also closes the transport).
 * Errors as for vct_target_open, plus those of vct_dev_bind.
 */
int vct_dev_open(const char *target, const struct vct_vfio_opts *vo, enum vct_bind how, struct vct_dev **out,
		 char *err, size_t errlen);

#endif
