/* SPDX-License-Identifier: MIT */
#include "common.h"

#include <stdio.h>
#include <string.h>

uint16_t adm_pick_group(struct vct_ctx *c, struct vct_admin *a, uint64_t *supported)
{
	struct vct_admin_cmd cmd;
	char d[128];

	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, VCT_ADMIN_GROUP_SELF, 0);
	vct_c_admin_exec(c, a, &cmd);
	if (cmd.status == VCT_ADMIN_S_OK) {
		*supported = vct_admin_res64(&cmd, 0);
		return VCT_ADMIN_GROUP_SELF;
	}
	if (!(cmd.status == VCT_ADMIN_S_EINVAL && cmd.qual == VCT_ADMIN_Q_INVALID_GROUP))
		vct_require(c, false, "LIST_QUERY for the self group", "OK, or EINVAL with INVALID_GROUP", "%s",
			    vct_admin_describe(&cmd, d, sizeof(d)));
	vct_c_sriov_enable(c);
	*supported = vct_c_admin_list_query(c, a, VCT_ADMIN_GROUP_SRIOV);
	return VCT_ADMIN_GROUP_SRIOV;
}

int adm_safe_op(uint64_t sup, uint16_t group)
{
	static const int self[] = { VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_DEVICE_CAP_GET };
	static const int sriov[] = { VCT_ADMIN_OBJ_QUERY, VCT_ADMIN_PARTS_METADATA_GET };
	const int *l = group == VCT_ADMIN_GROUP_SELF ? self : sriov;

	if (group > VCT_ADMIN_GROUP_SRIOV)
		return -1;
	for (int i = 0; i < 2; i++)
		if ((sup >> l[i]) & 1)
			return l[i];
	return -1;
}

void adm_safe_cmd(struct vct_admin_cmd *cmd, int op, uint16_t group)
{
	vct_admin_cmd_init(cmd, (uint16_t)op, group, group == VCT_ADMIN_GROUP_SRIOV ? 1 : 0);
	switch (op) {
	case VCT_ADMIN_DEVICE_CAP_GET:
		vct_admin_put16(cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
		vct_admin_put(cmd, 2, "\0\0\0\0\0\0", 6);
		break;
	case VCT_ADMIN_OBJ_QUERY:
		vct_admin_put16(cmd, 0, VCT_ADMIN_OBJ_DEV_PARTS);
		vct_admin_put64(cmd, 8, 0);	/* flags */
		break;
	case VCT_ADMIN_PARTS_METADATA_GET:
		vct_admin_put16(cmd, 0, VCT_ADMIN_OBJ_DEV_PARTS);
		vct_admin_put64(cmd, 8, 0);	/* type SIZE */
		break;
	}
}

void adm_objs_setup(struct vct_ctx *c, struct vct_admin *a, struct adm_objs *o)
{
	struct vct_admin_cmd cmd;
	uint64_t self;

	memset(o, 0, sizeof(*o));
	vct_c_admin_setup(c, a, NULL);
	self = vct_c_admin_enable(c, a, VCT_ADMIN_GROUP_SELF);
	if (!((self >> VCT_ADMIN_DEVICE_CAP_GET) & 1) || !((self >> VCT_ADMIN_DRIVER_CAP_SET) & 1))
		vct_skip(c, "not offered: the self group offers no DEVICE_CAP_GET / DRIVER_CAP_SET (LIST_QUERY 0x%llx)",
			 (unsigned long long)self);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_DEVICE_CAP_GET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
	vct_admin_put(&cmd, 2, "\0\0\0\0\0\0", 6);
	vct_c_admin_exec(c, a, &cmd);
	if (cmd.status == VCT_ADMIN_S_ENXIO)
		vct_skip(c, "not offered: the device has no device parts capability (DEVICE_CAP_GET: ENXIO)");
	vct_admin_require_ok(c, &cmd, "DEVICE_CAP_GET of the device parts capability");
	o->get_limit = vct_admin_res8(&cmd, 0);
	o->set_limit = vct_admin_res8(&cmd, 1);
	if (!o->get_limit && !o->set_limit)
		vct_skip(c, "device: the device parts capability allows no objects");
	vct_admin_cmd_init(&cmd, VCT_ADMIN_DRIVER_CAP_SET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
	vct_admin_put8(&cmd, 8, o->get_limit);
	vct_admin_put8(&cmd, 9, o->set_limit);
	vct_c_admin_exec(c, a, &cmd);
	vct_admin_require_ok(c, &cmd, "DRIVER_CAP_SET of the device's own device parts limits");
	o->nvfs = vct_c_sriov_enable(c);
	o->sriov_ops = vct_c_admin_enable(c, a, VCT_ADMIN_GROUP_SRIOV);
	if (((o->sriov_ops >> VCT_ADMIN_OBJ_CREATE) & 0xf) != 0xf)
		vct_skip(c, "not offered: the SR-IOV group lacks the resource object commands (LIST_QUERY 0x%llx)",
			 (unsigned long long)o->sriov_ops);
}

void adm_obj_create(struct vct_admin_cmd *cmd, uint32_t id, uint8_t kind, uint64_t member)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_OBJ_CREATE, VCT_ADMIN_GROUP_SRIOV, member);
	vct_admin_put16(cmd, 0, VCT_ADMIN_OBJ_DEV_PARTS);
	vct_admin_put32(cmd, 4, id);
	vct_admin_put64(cmd, 8, 0);
	vct_admin_put8(cmd, 16, kind);
	vct_admin_put(cmd, 17, "\0\0\0\0\0\0\0", 7);
}

void adm_obj_cmd(struct vct_admin_cmd *cmd, uint16_t op, uint32_t id, uint8_t kind, uint64_t member)
{
	vct_admin_cmd_init(cmd, op, VCT_ADMIN_GROUP_SRIOV, member);
	vct_admin_put16(cmd, 0, VCT_ADMIN_OBJ_DEV_PARTS);
	vct_admin_put32(cmd, 4, id);
	if (op == VCT_ADMIN_OBJ_DESTROY)
		return;
	vct_admin_put64(cmd, 8, 0);
	if (op == VCT_ADMIN_OBJ_MODIFY) {
		vct_admin_put8(cmd, 16, kind);
		vct_admin_put(cmd, 17, "\0\0\0\0\0\0\0", 7);
	}
}

void adm_mode_set(struct vct_ctx *c, struct vct_admin *a, uint64_t member, uint8_t flags, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_MODE_SET, VCT_ADMIN_GROUP_SRIOV, member);
	vct_admin_put8(cmd, 0, flags);
	vct_c_admin_exec(c, a, cmd);
}

int adm_parse_parts(const uint8_t *p, uint32_t len, struct adm_part *out, int max, char *why, size_t whylen)
{
	uint32_t off = 0;
	int n = 0;

	while (off + VCT_PART_HDR_LEN <= len && n < max) {
		const uint8_t *h = p + off;
		struct adm_part *pt = &out[n];

		pt->type = (uint16_t)(h[0] | h[1] << 8);
		pt->flags = h[2];
		pt->sel32 = (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
		if (pt->type == VCT_PART_VQ_CFG || pt->type == VCT_PART_VQ_NOTIFY_CFG)
			pt->sel32 &= 0xffff;
		pt->len = (uint32_t)h[12] | (uint32_t)h[13] << 8 | (uint32_t)h[14] << 16 | (uint32_t)h[15] << 24;
		pt->off = off;
		if (pt->len > len - off - VCT_PART_HDR_LEN) {
			snprintf(why, whylen, "part %d (type 0x%x) at offset %u claims %u bytes, only %u follow", n,
				 pt->type, off, pt->len, len - off - VCT_PART_HDR_LEN);
			return -1;
		}
		off += VCT_PART_HDR_LEN + pt->len;
		n++;
	}
	return n;
}

int adm_part_rank(uint16_t type)
{
	return type >= VCT_PART_DEV_FEATURES && type <= VCT_PART_VQ_NOTIFY_CFG ? type - VCT_PART_DEV_FEATURES : -1;
}
