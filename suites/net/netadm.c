/* SPDX-License-Identifier: MIT */
/* The network device's self-group commands shared by the flow filter and IPsec checks (netadm.h). */
#include "netadm.h"

void vct_net_cap_get(struct vct_ctx *c, struct vct_admin *a, uint16_t id, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_DEVICE_CAP_GET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(cmd, 0, id);
	vct_admin_put(cmd, 2, "\0\0\0\0\0\0", 6);
	vct_c_admin_exec(c, a, cmd);
}

bool vct_net_cap_listed(const struct vct_admin_cmd *cmd, uint16_t id)
{
	return (vct_admin_res64(cmd, (uint32_t)(id / 64) * 8) >> (id % 64)) & 1;
}

void vct_net_cap_set(struct vct_ctx *c, struct vct_admin *a, uint16_t id, const uint8_t *p, uint32_t len,
		     const char *what)
{
	struct vct_admin_cmd cmd;

	vct_admin_cmd_init(&cmd, VCT_ADMIN_DRIVER_CAP_SET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, id);
	vct_admin_put(&cmd, 8, p, len);
	vct_c_admin_exec(c, a, &cmd);
	vct_admin_require_ok(c, &cmd, what);
}

void vct_net_obj_cmd(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd, uint16_t op, uint16_t type,
		     uint32_t id, const uint8_t *data, uint32_t len)
{
	vct_admin_cmd_init(cmd, op, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(cmd, 0, type);
	vct_admin_put16(cmd, 2, 0);
	vct_admin_put32(cmd, 4, id);
	if (op != VCT_ADMIN_OBJ_DESTROY)
		vct_admin_put64(cmd, 8, 0);
	if (len)
		vct_admin_put(cmd, 16, data, len);
	vct_c_admin_exec(c, a, cmd);
}

bool vct_net_invalid_opcode(const struct vct_admin_cmd *cmd)
{
	return cmd->status != VCT_ADMIN_S_OK &&
	       (cmd->qual == VCT_ADMIN_Q_INVALID_OPCODE || cmd->status == VCT_ADMIN_Q_INVALID_OPCODE);
}

void vct_net_obj_created(struct vct_ctx *c, const struct vct_admin_cmd *cmd, const char *what)
{
	char d[128];

	if (cmd->status == VCT_ADMIN_S_ENOSPC)
		vct_skip(c, "device: %s refused with ENOSPC (%s): a device MAY fail a create for an internal limit", what,
			 vct_admin_describe(cmd, d, sizeof(d)));
	vct_admin_require_ok(c, cmd, what);
}
