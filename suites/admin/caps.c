/* SPDX-License-Identifier: MIT */
/* Device and driver capabilities, and device resource objects (device parts objects of the SR-IOV group). */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* D-cf4b1f37: the three capability commands come together. */
static void cap_commands_together(struct vct_ctx *c)
{
	struct vct_admin a;
	uint64_t sup, caps;

	vct_c_admin_setup(c, &a, NULL);
	sup = vct_c_admin_list_query(c, &a, VCT_ADMIN_GROUP_SELF);
	caps = (sup >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 7;
	if (!caps)
		vct_skip(c, "not offered: the device supports no capability commands (self group LIST_QUERY 0x%llx)",
			 (unsigned long long)sup);
	vct_report(c, caps == 7, "CAP_ID_LIST_QUERY, DEVICE_CAP_GET, DRIVER_CAP_SET in the self group's LIST_QUERY",
		   "all three", "0x%llx (opcodes 7..9: %s %s %s)", (unsigned long long)sup, caps & 1 ? "7" : "-",
		   caps & 2 ? "8" : "-", caps & 4 ? "9" : "-");
}

static void cap_set(struct vct_ctx *c, struct vct_admin *a, uint8_t g, uint8_t s, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_DRIVER_CAP_SET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
	vct_admin_put8(cmd, 8, g);
	vct_admin_put8(cmd, 9, s);
	vct_c_admin_exec(c, a, cmd);
}

/* D-7890d19d: limits equal to or below the device's are accepted by DRIVER_CAP_SET. */
static void cap_set_within_limits(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint8_t g, s;

	vct_c_admin_setup(c, &a, NULL);
	sup = vct_c_admin_enable(c, &a, VCT_ADMIN_GROUP_SELF);
	if (((sup >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 7) != 7)
		vct_skip(c, "not offered: the device does not support the capability commands");
	vct_admin_cmd_init(&cmd, VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_GROUP_SELF, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "CAP_ID_LIST_QUERY");
	if (!(vct_admin_res64(&cmd, 0) & (1ULL << VCT_ADMIN_CAP_DEV_PARTS)))
		vct_skip(c, "not offered: no capability with resource limits vct knows (device parts capability absent)");
	vct_admin_cmd_init(&cmd, VCT_ADMIN_DEVICE_CAP_GET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
	vct_admin_put(&cmd, 2, "\0\0\0\0\0\0", 6);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "DEVICE_CAP_GET of the device parts capability");
	g = vct_admin_res8(&cmd, 0);
	s = vct_admin_res8(&cmd, 1);
	const uint8_t tries[][2] = { { g, s }, { g / 2, s / 2 }, { 0, 0 }, { g, s } };
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		char what[112];

		cap_set(c, &a, tries[i][0], tries[i][1], &cmd);
		snprintf(what, sizeof(what), "DRIVER_CAP_SET device parts limits %u/%u (device: %u/%u)", tries[i][0],
			 tries[i][1], g, s);
		vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_OK, -1);
	}
}

/* D-7a45e534: capability commands outside the self group are refused with EINVAL. */
static void cap_commands_self_only(struct vct_ctx *c)
{
	static const uint16_t ops[] = { VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_DEVICE_CAP_GET, VCT_ADMIN_DRIVER_CAP_SET };
	static const uint16_t groups[] = { VCT_ADMIN_GROUP_SRIOV, 0x7ffe };
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;

	vct_c_admin_setup(c, &a, NULL);
	sup = vct_c_admin_enable(c, &a, VCT_ADMIN_GROUP_SELF);
	if (!((sup >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 7))
		vct_skip(c, "not offered: the device supports no capability commands");
	if (vct_sriov_present(c->vd))
		vct_c_sriov_enable(c);
	for (size_t g = 0; g < 2; g++)
		for (size_t i = 0; i < 3; i++) {
			char what[96];

			vct_admin_cmd_init(&cmd, ops[i], groups[g], 1);
			vct_admin_put16(&cmd, 0, VCT_ADMIN_CAP_DEV_PARTS);
			vct_admin_put(&cmd, 2, "\0\0\0\0\0\0", 6);
			vct_c_admin_exec(c, &a, &cmd);
			snprintf(what, sizeof(what), "%s for group type 0x%x", vct_admin_opcode_name(ops[i]), groups[g]);
			vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, -1);
		}
}

/* Back to a fresh device with capabilities and SR-IOV commands set up again. */
static void redo_setup(struct vct_ctx *c, struct vct_admin *a, struct adm_objs *o)
{
	adm_objs_setup(c, a, o);
}

/* Reset, then everything but DRIVER_CAP_SET; try to create object 0. */
static void create_without_caps(struct vct_ctx *c, struct vct_admin *a, uint8_t kind, struct vct_admin_cmd *cmd)
{
	vct_c_admin_setup(c, a, NULL);
	vct_c_admin_enable(c, a, VCT_ADMIN_GROUP_SELF);
	vct_c_sriov_enable(c);
	vct_c_admin_enable(c, a, VCT_ADMIN_GROUP_SRIOV);
	adm_obj_create(cmd, 0, kind, 1);
	vct_c_admin_exec(c, a, cmd);
}

/*
 * D-86140ccc: a device reset resets the driver capabilities. Visible when
 * the device treats unset limits as zero (a SHOULD): a fresh device refuses
 * objects before DRIVER_CAP_SET, so after set + reset it must refuse again.
 */
static void caps_reset(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind;
	char d[128];

	/* First on a device that has not seen DRIVER_CAP_SET in this check (so nothing could survive a reset). */
	create_without_caps(c, &a, VCT_ADMIN_PARTS_OBJ_GET, &cmd);
	if (cmd.status == VCT_ADMIN_S_OK)
		vct_skip(c, "device: a freshly reset device creates objects without DRIVER_CAP_SET (%s): a reset of the driver "
			 "capabilities is not visible", vct_admin_describe(&cmd, d, sizeof(d)));
	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE after DRIVER_CAP_SET");
	create_without_caps(c, &a, kind, &cmd);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE without DRIVER_CAP_SET after set + reset",
		   "refused, as on a fresh device (the limits went back to zero)", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-59dd69d0: a destroyed object can be created again without a reset. */
static void obj_recreate(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind;

	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	for (int i = 0; i < 3; i++) {
		adm_obj_create(&cmd, 0, kind, 1);
		vct_c_admin_exec(c, &a, &cmd);
		vct_admin_expect(c, &cmd, i ? "RESOURCE_OBJ_CREATE of id 0 after destroying it" : "RESOURCE_OBJ_CREATE of id 0",
				 VCT_ADMIN_S_OK, -1);
		adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_DESTROY, 0, 0, 1);
		vct_c_admin_exec(c, &a, &cmd);
		vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_DESTROY of id 0");
	}
}

/* D-276ca92e: a MODIFY that fails leaves the object as it was. */
static void obj_modify_fail_no_effect(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind;
	char d[128];

	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of id 0");
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_MODIFY, 0, 0x7f, 1);	/* no such device parts object type */
	vct_c_admin_exec(c, &a, &cmd);
	if (cmd.status == VCT_ADMIN_S_OK)
		vct_skip(c, "device: MODIFY to device parts type 0x7f did not fail (%s)", vct_admin_describe(&cmd, d, sizeof(d)));
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_QUERY, 0, 0, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_QUERY of id 0");
	vct_report(c, cmd.result_len >= 1 && vct_admin_res8(&cmd, 0) == kind, "object type after a failed MODIFY",
		   kind ? "1 (SET), as created" : "0 (GET), as created", "%u (%u result bytes)", vct_admin_res8(&cmd, 0),
		   cmd.result_len);
}

/* D-f109d8d4: QUERY returns what the last CREATE or MODIFY supplied. */
static void obj_query_matches(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind, other;

	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of id 0");
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_QUERY, 0, 0, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_QUERY of id 0");
	vct_expect_eq(c, "device parts type from QUERY after CREATE", kind, vct_admin_res8(&cmd, 0));
	other = kind ^ 1;
	if (!(other == VCT_ADMIN_PARTS_OBJ_GET ? o.get_limit : o.set_limit))
		return;
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_MODIFY, 0, other, 1);
	vct_c_admin_exec(c, &a, &cmd);
	if (cmd.status != VCT_ADMIN_S_OK)
		return;		/* the device does not change the type of an object: nothing more to compare */
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_QUERY, 0, 0, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_QUERY of id 0 after MODIFY");
	vct_expect_eq(c, "device parts type from QUERY after MODIFY", other, vct_admin_res8(&cmd, 0));
}

/* D-b26fe557: a device reset destroys every resource object. */
static void obj_reset_destroys(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind;
	char d[128];

	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of id 0");
	redo_setup(c, &a, &o);	/* device reset, capabilities set again */
	adm_obj_cmd(&cmd, VCT_ADMIN_OBJ_QUERY, 0, 0, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_QUERY of id 0 after a device reset",
		   "refused (the object is gone)", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "RESOURCE_OBJ_CREATE of id 0 again after a device reset", VCT_ADMIN_S_OK, -1);
}

/* D-2ddf37a0: a command refused with EINVAL has no side effect (here: no object allocated). */
static void einval_no_side_effect(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_objs o;
	uint8_t kind;
	char what[96];

	adm_objs_setup(c, &a, &o);
	kind = o.get_limit ? VCT_ADMIN_PARTS_OBJ_GET : VCT_ADMIN_PARTS_OBJ_SET;
	adm_obj_create(&cmd, 0, kind, (uint64_t)o.nvfs + 1);
	vct_c_admin_exec(c, &a, &cmd);
	snprintf(what, sizeof(what), "RESOURCE_OBJ_CREATE of id 0 for member %u (NumVFs %u)", o.nvfs + 1, o.nvfs);
	vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, -1);
	if (cmd.status != VCT_ADMIN_S_EINVAL)
		return;
	adm_obj_create(&cmd, 0, kind, 1);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "RESOURCE_OBJ_CREATE of id 0 for member 1 after the refused one", VCT_ADMIN_S_OK, -1);
}

static const struct vct_check checks[] = {
	VCT_CHECK("admin.cap_commands_together", "D-cf4b1f37", cap_commands_together),
	VCT_CHECK("admin.cap_set_within_limits", "D-7890d19d", cap_set_within_limits),
	VCT_CHECK("admin.cap_commands_self_only", "D-7a45e534", cap_commands_self_only),
	VCT_CHECK("admin.caps_reset", "D-86140ccc", caps_reset),
	VCT_CHECK("admin.obj_recreate", "D-59dd69d0", obj_recreate),
	VCT_CHECK("admin.obj_modify_fail_no_effect", "D-276ca92e", obj_modify_fail_no_effect),
	VCT_CHECK("admin.obj_query_matches", "D-f109d8d4", obj_query_matches),
	VCT_CHECK("admin.obj_reset_destroys", "D-b26fe557", obj_reset_destroys),
	VCT_CHECK("admin.einval_no_side_effect", "D-2ddf37a0", einval_no_side_effect),
};

VCT_SUITE(vct_suite_admin_caps, "admin/caps", checks);
