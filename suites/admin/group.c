/* SPDX-License-Identifier: MIT */
/*
 * Group administration commands: validation of opcode / group_type /
 * group_member_id, the opcode lists (LIST_QUERY / LIST_USE), failures
 * without side effects, and the SR-IOV group's membership rules.
 */
#include <stdio.h>
#include <string.h>

#include <linux/virtio_config.h>

#include "common.h"

#define BAD_GROUP 0x7ffe
#define BAD_OPCODE 0x7fff

/* Setup, a supported group, and a side-effect-free opcode beyond the two list commands. */
static uint16_t group_and_op(struct vct_ctx *c, struct vct_admin *a, uint64_t *sup, int *op)
{
	uint16_t g;

	vct_c_admin_setup(c, a, NULL);
	g = adm_pick_group(c, a, sup);
	*op = adm_safe_op(*sup, g);
	if (*op < 0)
		vct_skip(c, "not offered: group type %u offers no side-effect-free command besides the list commands (0x%llx)", g,
			 (unsigned long long)*sup);
	return g;
}

/* D-edee2fe2: an invalid group_type or opcode is refused with EINVAL. */
static void invalid_is_einval(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, BAD_GROUP, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "LIST_QUERY for reserved group_type 0x7ffe", VCT_ADMIN_S_EINVAL, -1);
	vct_admin_cmd_init(&cmd, BAD_OPCODE, g, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "opcode 0x7fff (not supported)", VCT_ADMIN_S_EINVAL, -1);
}

/* D-fdc046bb: an invalid group_type is reported as INVALID_GROUP, ahead of an invalid opcode. */
static void invalid_group_qualifier(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;

	vct_c_admin_setup(c, &a, NULL);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, BAD_GROUP, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "LIST_QUERY for reserved group_type 0x7ffe", VCT_ADMIN_S_EINVAL,
			 VCT_ADMIN_Q_INVALID_GROUP);
	vct_admin_cmd_init(&cmd, BAD_OPCODE, BAD_GROUP, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "opcode 0x7fff for group_type 0x7ffe", VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_GROUP);
}

/* D-10c12f64: an unsupported opcode in a valid group is reported as INVALID_OPCODE. */
static void invalid_opcode_qualifier(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;
	int unsup = -1;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	vct_admin_cmd_init(&cmd, BAD_OPCODE, g, g == VCT_ADMIN_GROUP_SRIOV ? 1 : 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd, "opcode 0x7fff", VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
	for (int b = 2; b < 64 && unsup < 0; b++)
		if (!((sup >> b) & 1))
			unsup = b;
	if (unsup >= 0) {
		char what[80];

		vct_admin_cmd_init(&cmd, (uint16_t)unsup, g, g == VCT_ADMIN_GROUP_SRIOV ? 1 : 0);
		vct_c_admin_exec(c, &a, &cmd);
		snprintf(what, sizeof(what), "opcode 0x%x (absent from LIST_QUERY)", unsup);
		vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
	}
}

/* A supported member-addressing SR-IOV opcode without side effects; SKIPs without one. */
static int sriov_member_op(struct vct_ctx *c, struct vct_admin *a, uint16_t *nvfs)
{
	static const int ops[] = { VCT_ADMIN_OBJ_QUERY, VCT_ADMIN_PARTS_METADATA_GET, VCT_ADMIN_PARTS_GET };
	uint64_t sup;

	vct_c_admin_setup(c, a, NULL);
	*nvfs = vct_c_sriov_enable(c);
	sup = vct_c_admin_enable(c, a, VCT_ADMIN_GROUP_SRIOV);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((sup >> ops[i]) & 1)
			return ops[i];
	vct_skip(c, "not offered: the SR-IOV group offers no command addressing a member that vct can send safely (0x%llx)",
		 (unsigned long long)sup);
}

static void member_cmd(struct vct_admin_cmd *cmd, int op, uint64_t member)
{
	adm_safe_cmd(cmd, op, VCT_ADMIN_GROUP_SRIOV);
	cmd->member = member;
}

/* D-fa473c49: a member id the command uses and that is invalid is reported as INVALID_MEMBER. */
static void invalid_member_qualifier(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint16_t nvfs;
	int op = sriov_member_op(c, &a, &nvfs);
	char what[96];

	member_cmd(&cmd, op, (uint64_t)nvfs + 1);
	vct_c_admin_exec(c, &a, &cmd);
	snprintf(what, sizeof(what), "%s for member %u (NumVFs %u)", vct_admin_opcode_name((uint16_t)op), nvfs + 1,
		 nvfs);
	vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_MEMBER);
}

/* D-f5650c26: SR-IOV member ids outside 1..NumVFs are refused with INVALID_MEMBER. */
static void sriov_member_range(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint16_t nvfs;
	int op = sriov_member_op(c, &a, &nvfs);
	const uint64_t bad[] = { 0, 0x100000001ULL, ~0ULL };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[96];

		member_cmd(&cmd, op, bad[i]);
		vct_c_admin_exec(c, &a, &cmd);
		snprintf(what, sizeof(what), "%s for member 0x%llx (NumVFs %u)", vct_admin_opcode_name((uint16_t)op),
			 (unsigned long long)bad[i], nvfs);
		vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_MEMBER);
	}
}

/* D-9b5b353a: with VF Enable clear (or no SR-IOV capability) the SR-IOV group does not exist. */
static void sriov_group_needs_vfs(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;

	vct_c_admin_setup(c, &a, NULL);
	if (!vct_sriov_disable(c->vd))
		vct_skip(c, "device: VF Enable cannot be cleared through config space here");
	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, VCT_ADMIN_GROUP_SRIOV, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_expect(c, &cmd,
			 vct_sriov_present(c->vd) ? "SR-IOV LIST_QUERY with VF Enable clear"
						 : "SR-IOV LIST_QUERY without an SR-IOV capability",
			 VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_GROUP);
}

/* D-81188f6f: a command that did its job says OK. */
static void success_is_ok(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;
	int op = -1;

	g = group_and_op(c, &a, &sup, &op);
	/* LIST_USE takes effect (op runs afterwards), so it succeeded. */
	vct_c_admin_list_use(c, &a, g, sup & VCT_ADMIN_KNOWN_OPS, &cmd);
	vct_admin_expect(c, &cmd, "LIST_USE of the supported opcodes", VCT_ADMIN_S_OK, VCT_ADMIN_Q_OK);
	adm_safe_cmd(&cmd, op, g);
	vct_c_admin_exec(c, &a, &cmd);
	/* Only the self group's safe commands succeed without an object to name. */
	if (g == VCT_ADMIN_GROUP_SELF)
		vct_admin_expect(c, &cmd, vct_admin_opcode_name((uint16_t)op), VCT_ADMIN_S_OK, VCT_ADMIN_Q_OK);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, g, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_report(c, !((vct_admin_res64(&cmd, 0) & 3) == 3 && cmd.status != VCT_ADMIN_S_OK),
		   "LIST_QUERY that returned an opcode bitmap", "status OK", "status %u with bitmap 0x%llx",
		   cmd.status, (unsigned long long)vct_admin_res64(&cmd, 0));
}

/* D-c6181b4b: a failed command says so: a status other than OK, actually written. */
static void failure_is_not_ok(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	vct_admin_cmd_init(&cmd, BAD_OPCODE, g, 0);
	vct_c_admin_exec(c, &a, &cmd);
	/* A used len under 2 reads as status 0 = OK, which is exactly the failure. */
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "status of an unsupported opcode", "not OK", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, BAD_GROUP, 0);
	vct_c_admin_exec(c, &a, &cmd);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "status of LIST_QUERY for a reserved group type", "not OK", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
}

/* LIST_QUERY of @g succeeds? (reported failures are the caller's business) */
static bool query_ok(struct vct_ctx *c, struct vct_admin *a, uint16_t g, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_LIST_QUERY, g, 0);
	vct_c_admin_exec(c, a, cmd);
	return cmd->status == VCT_ADMIN_S_OK;
}

/* An opcode bit in 0..63 the group does not support, or -1. */
static int unsupported_bit(uint64_t sup)
{
	for (int b = 63; b >= 2; b--)
		if (!((sup >> b) & 1))
			return b;
	return -1;
}

/* D-6dc2c486: a LIST_USE refused with EINVAL leaves the list in use unchanged. */
static void einval_keeps_state(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;
	int bad;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	bad = unsupported_bit(sup);
	if (bad < 0)
		vct_skip(c, "device: the group supports every opcode below 64");
	/* Would drop LIST_QUERY if it were applied. */
	vct_c_admin_list_use(c, &a, g, (1ULL << VCT_ADMIN_LIST_USE) | (1ULL << bad), &cmd);
	if (cmd.status != VCT_ADMIN_S_EINVAL)
		vct_skip(c, "device: LIST_USE with unsupported opcode %d did not end in EINVAL (%s)", bad,
			 vct_admin_describe(&cmd, d, sizeof(d)));
	vct_report(c, query_ok(c, &a, g, &cmd), "LIST_QUERY after a LIST_USE refused with EINVAL",
		   "OK (the refused list was not applied)", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-69130304: EINVAL answers leave the device out of any error state. */
static void einval_no_error_state(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;
	uint8_t s;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	for (int i = 0; i < 8; i++) {
		vct_admin_cmd_init(&cmd, i & 1 ? BAD_OPCODE : VCT_ADMIN_LIST_QUERY, i & 1 ? g : BAD_GROUP, ~0ULL);
		vct_c_admin_exec(c, &a, &cmd);
	}
	s = vct_dev_status(c->vd);
	vct_report(c, !(s & (VIRTIO_CONFIG_S_NEEDS_RESET | VIRTIO_CONFIG_S_FAILED)),
		   "device_status after 8 commands refused with EINVAL", "no DEVICE_NEEDS_RESET / FAILED", "0x%02x", s);
	vct_report(c, query_ok(c, &a, g, &cmd), "LIST_QUERY after 8 commands refused with EINVAL", "OK", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-6a916fbd: the opcode lists of two group types are independent. */
static void groups_independent(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	if (!query_ok(c, &a, VCT_ADMIN_GROUP_SELF, &cmd))
		vct_skip(c, "not offered: the device does not support the self group (%s)", vct_admin_describe(&cmd, d, sizeof(d)));
	vct_c_sriov_enable(c);
	vct_c_admin_list_query(c, &a, VCT_ADMIN_GROUP_SRIOV);
	/* Drop LIST_QUERY for SR-IOV only. */
	vct_c_admin_list_use(c, &a, VCT_ADMIN_GROUP_SRIOV, 1ULL << VCT_ADMIN_LIST_USE, &cmd);
	if (cmd.status != VCT_ADMIN_S_OK)
		vct_skip(c, "device: the device refuses LIST_USE without LIST_QUERY (%s)", vct_admin_describe(&cmd, d, sizeof(d)));
	vct_report(c, query_ok(c, &a, VCT_ADMIN_GROUP_SELF, &cmd),
		   "self group LIST_QUERY after the SR-IOV group dropped LIST_QUERY", "OK", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
	query_ok(c, &a, VCT_ADMIN_GROUP_SRIOV, &cmd);
	vct_admin_expect(c, &cmd, "SR-IOV group LIST_QUERY after its own LIST_USE dropped it", VCT_ADMIN_S_EINVAL,
			 VCT_ADMIN_Q_INVALID_OPCODE);
}

/* D-95807b44: after a reset and before LIST_USE only LIST_QUERY and LIST_USE are legal. */
static void initial_list(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	int op;
	uint16_t g = group_and_op(c, &a, &sup, &op);
	char what[96];

	adm_safe_cmd(&cmd, op, g);
	vct_c_admin_exec(c, &a, &cmd);
	snprintf(what, sizeof(what), "%s before any LIST_USE", vct_admin_opcode_name((uint16_t)op));
	vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
	vct_c_admin_list_use(c, &a, g, sup & VCT_ADMIN_KNOWN_OPS, &cmd);
	vct_admin_require_ok(c, &cmd, "LIST_USE of the supported opcodes");
	vct_c_admin_setup(c, &a, NULL);	/* device reset */
	if (g == VCT_ADMIN_GROUP_SRIOV)
		vct_c_sriov_enable(c);
	adm_safe_cmd(&cmd, op, g);
	vct_c_admin_exec(c, &a, &cmd);
	snprintf(what, sizeof(what), "%s after a device reset, before LIST_USE", vct_admin_opcode_name((uint16_t)op));
	vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
}

/* D-cb56f62b: a successful LIST_USE replaces the list in use. */
static void list_use_applies(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	int op;
	uint16_t g = group_and_op(c, &a, &sup, &op);
	char d[128];

	vct_c_admin_list_use(c, &a, g, (1ULL << VCT_ADMIN_LIST_USE) | (1ULL << op), &cmd);
	if (cmd.status != VCT_ADMIN_S_OK)
		vct_skip(c, "device: the device refuses LIST_USE without LIST_QUERY (%s)", vct_admin_describe(&cmd, d, sizeof(d)));
	adm_safe_cmd(&cmd, op, g);
	vct_c_admin_exec(c, &a, &cmd);
	vct_report(c, !(cmd.status == VCT_ADMIN_S_EINVAL && cmd.qual == VCT_ADMIN_Q_INVALID_OPCODE),
		   vct_admin_opcode_name((uint16_t)op), "accepted as an opcode (it is in the list in use)", "%s",
		   vct_admin_describe(&cmd, d, sizeof(d)));
	query_ok(c, &a, g, &cmd);
	vct_admin_expect(c, &cmd, "LIST_QUERY after a LIST_USE that left it out", VCT_ADMIN_S_EINVAL,
			 VCT_ADMIN_Q_INVALID_OPCODE);
}

/* Setup, then LIST_USE of just the list commands, then the safe opcode. */
static void unlisted_op(struct vct_ctx *c, struct vct_admin_cmd *cmd, int *op)
{
	struct vct_admin a;
	uint64_t sup;
	uint16_t g = group_and_op(c, &a, &sup, op);

	vct_c_admin_list_use(c, &a, g, 3, cmd);
	vct_admin_require_ok(c, cmd, "LIST_USE of LIST_QUERY and LIST_USE");
	adm_safe_cmd(cmd, *op, g);
	vct_c_admin_exec(c, &a, cmd);
}

/* D-460dfe4a: a supported command left out of LIST_USE is refused. */
static void unlisted_refused(struct vct_ctx *c)
{
	struct vct_admin_cmd cmd;
	int op;
	char d[128], what[96];

	unlisted_op(c, &cmd, &op);
	snprintf(what, sizeof(what), "%s (supported, not in LIST_USE)", vct_admin_opcode_name((uint16_t)op));
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, what, "refused", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-cf2171e6: ... and refused as EINVAL / INVALID_OPCODE. */
static void unlisted_einval_opcode(struct vct_ctx *c)
{
	struct vct_admin_cmd cmd;
	int op;
	char what[96];

	unlisted_op(c, &cmd, &op);
	snprintf(what, sizeof(what), "%s (supported, not in LIST_USE)", vct_admin_opcode_name((uint16_t)op));
	vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
}

static void superset(struct vct_ctx *c, const char *what, uint64_t before, uint64_t after)
{
	vct_report(c, (before & ~after) == 0, what, "every opcode reported before still reported",
		   "0x%llx then 0x%llx (lost 0x%llx)", (unsigned long long)before, (unsigned long long)after,
		   (unsigned long long)(before & ~after));
}

/* D-137d503c: the supported list does not shrink while the driver uses it. */
static void list_never_shrinks(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t first, now;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &first);
	for (int i = 0; i < 3; i++) {
		vct_c_admin_list_use(c, &a, g, (i == 1 ? 3 : first) & VCT_ADMIN_KNOWN_OPS, &cmd);
		now = vct_c_admin_list_query(c, &a, g);
		superset(c, "LIST_QUERY bitmap after LIST_USE", first, now);
	}
}

/* D-af345d4e: ... nor across a device reset. */
static void list_kept_over_reset(struct vct_ctx *c)
{
	struct vct_admin a;
	uint64_t first, now;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &first);
	vct_c_admin_enable(c, &a, g);
	vct_c_admin_setup(c, &a, NULL);
	if (g == VCT_ADMIN_GROUP_SRIOV)
		vct_c_sriov_enable(c);
	now = vct_c_admin_list_query(c, &a, g);
	superset(c, "LIST_QUERY bitmap after a device reset", first, now);
}

/* D-75ed5e54: a list used once is accepted again after a reset. */
static void list_use_again_after_reset(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	vct_c_admin_list_use(c, &a, g, sup & VCT_ADMIN_KNOWN_OPS, &cmd);
	vct_admin_require_ok(c, &cmd, "first LIST_USE of the supported opcodes");
	for (int i = 0; i < 2; i++) {
		vct_c_admin_setup(c, &a, NULL);
		if (g == VCT_ADMIN_GROUP_SRIOV)
			vct_c_sriov_enable(c);
		vct_c_admin_list_use(c, &a, g, sup & VCT_ADMIN_KNOWN_OPS, &cmd);
		vct_admin_expect(c, &cmd, "the same LIST_USE after a device reset", VCT_ADMIN_S_OK, -1);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("admin.invalid_is_einval", "D-edee2fe2", invalid_is_einval),
	VCT_CHECK("admin.invalid_group_qualifier", "D-fdc046bb", invalid_group_qualifier),
	VCT_CHECK("admin.invalid_opcode_qualifier", "D-10c12f64", invalid_opcode_qualifier),
	VCT_CHECK("admin.invalid_member_qualifier", "D-fa473c49", invalid_member_qualifier),
	VCT_CHECK("admin.success_is_ok", "D-81188f6f", success_is_ok),
	VCT_CHECK("admin.failure_is_not_ok", "D-c6181b4b", failure_is_not_ok),
	VCT_CHECK("admin.einval_keeps_state", "D-6dc2c486", einval_keeps_state),
	VCT_CHECK("admin.einval_no_error_state", "D-69130304", einval_no_error_state),
	VCT_CHECK("admin.groups_independent", "D-6a916fbd", groups_independent),
	VCT_CHECK("admin.initial_list", "D-95807b44", initial_list),
	VCT_CHECK("admin.list_use_applies", "D-cb56f62b", list_use_applies),
	VCT_CHECK("admin.unlisted_refused", "D-460dfe4a", unlisted_refused),
	VCT_CHECK("admin.unlisted_einval_opcode", "D-cf2171e6", unlisted_einval_opcode),
	VCT_CHECK("admin.list_never_shrinks", "D-137d503c", list_never_shrinks),
	VCT_CHECK("admin.list_kept_over_reset", "D-af345d4e", list_kept_over_reset),
	VCT_CHECK("admin.list_use_again_after_reset", "D-75ed5e54", list_use_again_after_reset),
	VCT_CHECK("admin.sriov_group_needs_vfs", "D-9b5b353a", sriov_group_needs_vfs),
	VCT_CHECK("admin.sriov_member_range", "D-f5650c26", sriov_member_range),
};

VCT_SUITE(vct_suite_admin_group, "admin/group", checks);
