/* SPDX-License-Identifier: MIT */
/* What the user names on the command line: a PCI address (VFIO) or refdev:TYPE[,...]. */
#ifndef VCT_TARGET_H
#define VCT_TARGET_H

#include <stddef.h>

#include "transport.h"
#include "vfio.h"

/*
 * Open @target as a transport. Usage and environment problems return -errno
 * with one line in @err (the caller prints it and exits 2); nothing is left
 * open then.
 */
int vct_target_open(const char *target, const struct vct_vfio_opts *vo, struct vct_transport **out, char *err,
		    size_t errlen);

#endif
