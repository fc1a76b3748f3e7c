/* SPDX-License-Identifier: MIT */
#include "target.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "refdev.h"
#include "refdev_vu.h"
#include "virtio_pci.h"
#include "vu_dev.h"

int vct_target_open(const char *target, const struct vct_vfio_opts *vo, struct vct_transport **out, char *err,
		    size_t errlen)
{
	char addr[32];

	if (!strncmp(target, "refdev:", 7) && vct_refdev_vu_wanted(target + 7))
		return vct_refdev_vu_open(target + 7, out, err, errlen);
	if (!strncmp(target, "refdev:", 7))
		return vct_refdev_open(target + 7, out, err, errlen);
	if (!strncmp(target, "vhost-user:", 11))
		return vct_vu_open(target + 11, out, err, errlen);
	if (vct_pci_addr_parse(target, addr, sizeof(addr)))
		return vct_vfio_open(addr, vo, out, err, errlen);
	snprintf(err, errlen, "'%s' is neither a PCI address (DDDD:BB:DD.F), refdev:TYPE nor vhost-user:PATH,type=TYPE; see 'vct list'",
		 target);
	return -EINVAL;
}

static int bind_mode(struct vct_transport *t, enum vct_bind how, enum vct_iova_mode iova, struct vct_dev **out,
		     char *err, size_t errlen)
{
	int r;

	/* A vhost-user connection carries its device directly; every other back end reaches a PCI function. */
	if (vct_vu_is(t))
		r = __vct_vu_probe(t, out, err, errlen);
	else if (how == VCT_BIND_DUT)
		r = __vct_pci_probe_dut(t, out, err, errlen);
	else
		r = __vct_pci_probe(t, out, err, errlen);
	if (r)
		return r;
	r = vct_dev_iova_mode(*out, iova, err, errlen);
	if (r) {
		(*out)->ops->free(*out);
		*out = NULL;
	}
	return r;
}

int vct_dev_bind(struct vct_transport *t, enum vct_bind how, struct vct_dev **out, char *err, size_t errlen)
{
	return bind_mode(t, how, VCT_IOVA_AUTO, out, err, errlen);
}

int vct_dev_open(const char *target, const struct vct_vfio_opts *vo, enum vct_bind how, struct vct_dev **out,
		 char *err, size_t errlen)
{
	struct vct_transport *t;
	int r = vct_target_open(target, vo, &t, err, errlen);

	*out = NULL;
	if (r)
		return r;
	r = bind_mode(t, how, vo ? vo->iova : VCT_IOVA_AUTO, out, err, errlen);
	if (r)
		vct_transport_close(t);
	else
		(*out)->owns_transport = true;
	return r;
}
