/* SPDX-License-Identifier: MIT */
#include "target.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "refdev.h"

int vct_target_open(const char *target, const struct vct_vfio_opts *vo, struct vct_transport **out, char *err,
		    size_t errlen)
{
	char addr[32];

	if (!strncmp(target, "refdev:", 7))
		return vct_refdev_open(target + 7, out, err, errlen);
	if (vct_pci_addr_parse(target, addr, sizeof(addr)))
		return vct_vfio_open(addr, vo, out, err, errlen);
	snprintf(err, errlen, "'%s' is neither a PCI address (DDDD:BB:DD.F) nor refdev:TYPE; see 'vct list'", target);
	return -EINVAL;
}
