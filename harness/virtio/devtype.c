/* SPDX-License-Identifier: MIT */
/* Lookups in the device-type table (rows in devtypes.c). */
#include "devtype.h"

#include <stdio.h>
#include <string.h>

#include "dev.h"

const char *vct_type_name(uint16_t type)
{
	const struct vct_devtype *t = vct_devtype(type);
	static __thread char buf[24];

	if (t)
		return t->name;
	snprintf(buf, sizeof(buf), "type-%u", type);	/* an id the spec does not define */
	return buf;
}

/* The generic feature bits (device-independent, 24-49). */
static const struct vct_feature feat_names[] = {
	{ 24, "VIRTIO_F_NOTIFY_ON_EMPTY" }, { 27, "VIRTIO_F_ANY_LAYOUT" },
	{ 28, "VIRTIO_F_INDIRECT_DESC" }, { 29, "VIRTIO_F_EVENT_IDX" },
	{ 32, "VIRTIO_F_VERSION_1" }, { 33, "VIRTIO_F_ACCESS_PLATFORM" },
	{ 34, "VIRTIO_F_RING_PACKED" }, { 35, "VIRTIO_F_IN_ORDER" },
	{ 36, "VIRTIO_F_ORDER_PLATFORM" }, { 37, "VIRTIO_F_SR_IOV" },
	{ 38, "VIRTIO_F_NOTIFICATION_DATA" }, { 39, "VIRTIO_F_NOTIF_CONFIG_DATA" },
	{ 40, "VIRTIO_F_RING_RESET" }, { 41, "VIRTIO_F_ADMIN_VQ" }, { 43, "VIRTIO_F_SUSPEND" },
};

/* Generic bits (24-49) from the list above; the type's own from its device-type row. */
const char *vct_feature_name(uint16_t type, unsigned int bit)
{
	const struct vct_drive *dt = vct_drive_of(type);

	for (size_t i = 0; i < ARRAY_SIZE(feat_names); i++)
		if (feat_names[i].bit == bit)
			return feat_names[i].name;
	if (bit >= 24 && bit < 50)
		return NULL;
	for (const struct vct_feature *f = dt ? dt->features : NULL; f && f->name; f++)
		if (f->bit == bit)
			return f->name;
	return NULL;
}

const struct vct_devtype *vct_devtype(uint16_t id)
{
	for (size_t i = 0; i < vct_ndevtypes; i++)
		if (vct_devtypes[i].id == id)
			return &vct_devtypes[i];
	return NULL;
}

const struct vct_drive *vct_drive_of(uint16_t id)
{
	const struct vct_devtype *t = vct_devtype(id);

	return t ? t->drive : NULL;
}

const struct vct_devtype *vct_devtype_by_name(const char *name)
{
	for (size_t i = 0; i < vct_ndevtypes; i++) {
		const struct vct_devtype *t = &vct_devtypes[i];

		if (!strcmp(t->name, name) || (t->drive && !strcmp(t->drive->short_name, name)))
			return t;
	}
	return NULL;
}

static const struct vct_queue_desc *static_layout(const struct vct_drive *dt, const uint64_t f[2], unsigned int q)
{
	for (unsigned int i = 0; i < VCT_MAX_TYPE_QUEUES && dt->queues[i].name; i++) {
		const struct vct_queue_desc *d = &dt->queues[i];

		if (d->feature >= 0 && !vct_has(f, (unsigned int)d->feature))
			continue;
		if (!q--)
			return d;
	}
	return NULL;
}

const struct vct_queue_desc *vct_devtype_queue(const struct vct_dev *vd, const uint64_t features[2], unsigned int q)
{
	const struct vct_drive *dt = vct_drive_of(vd->type);

	if (!dt)
		return NULL;
	return dt->layout ? dt->layout(dt, vd, features, q) : static_layout(dt, features, q);
}

unsigned int vct_devtype_nqueues(const struct vct_dev *vd, const uint64_t features[2], unsigned int max)
{
	unsigned int n = 0;

	while (n < max && vct_devtype_queue(vd, features, n))
		n++;
	return n;
}

int vct_devtype_queue_index(const struct vct_dev *vd, const uint64_t features[2], const char *name)
{
	for (unsigned int q = 0; q < 1024; q++) {
		const struct vct_queue_desc *d = vct_devtype_queue(vd, features, q);

		if (!d)
			break;
		if (!strcmp(d->name, name))
			return (int)q;
	}
	return -1;
}

int vct_feature_bit(uint16_t type, const char *name)
{
	const struct vct_drive *dt = vct_drive_of(type);

	for (unsigned int bit = 24; bit < 50; bit++) {
		const char *n = vct_feature_name(type, bit);

		if (n && !strcmp(n, name))
			return (int)bit;
	}
	for (const struct vct_feature *f = dt ? dt->features : NULL; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f->bit;
	return -1;
}

const struct vct_cfg_field *vct_cfg_field(uint16_t type, const char *name)
{
	const struct vct_drive *dt = vct_drive_of(type);

	for (const struct vct_cfg_field *f = dt ? dt->cfg : NULL; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
