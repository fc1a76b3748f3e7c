/* SPDX-License-Identifier: MIT */
/* Device parts of SR-IOV members, as seen from the owner: get, set, metadata, stop/resume. */
#include <stdio.h>
#include <string.h>

#include "common.h"

#define MAXP 64
#define GET_OBJ 0
#define SET_OBJ 1

#define PARTS_OPS (0xffULL << VCT_ADMIN_OBJ_CREATE)	/* RESOURCE_OBJ_* .. DEV_MODE_SET */

static void parts_setup(struct vct_ctx *c, struct vct_admin *a, bool need_set)
{
	struct vct_admin_cmd cmd;
	struct adm_objs o;

	adm_objs_setup(c, a, &o);
	if ((o.sriov_ops & PARTS_OPS) != PARTS_OPS)
		vct_skip(c, "not offered: the SR-IOV group lacks the device parts commands (LIST_QUERY 0x%llx)",
			 (unsigned long long)o.sriov_ops);
	if (!o.get_limit || (need_set && !o.set_limit) || o.get_limit + o.set_limit < 2)
		vct_skip(c, "device: device parts object limits %u/%u too small", o.get_limit, o.set_limit);
	adm_obj_create(&cmd, GET_OBJ, VCT_ADMIN_PARTS_OBJ_GET, 1);
	vct_c_admin_exec(c, a, &cmd);
	vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of a device parts GET object");
	if (need_set) {
		adm_obj_create(&cmd, SET_OBJ, VCT_ADMIN_PARTS_OBJ_SET, 1);
		vct_c_admin_exec(c, a, &cmd);
		vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of a device parts SET object");
	}
}

static void obj_hdr(struct vct_admin_cmd *cmd, uint32_t id)
{
	vct_admin_put16(cmd, 0, VCT_ADMIN_OBJ_DEV_PARTS);
	vct_admin_put16(cmd, 2, 0);
	vct_admin_put32(cmd, 4, id);
}

/* DEV_PARTS_GET of everything for member 1, parsed into @p; returns the count. */
static int get_all(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd, struct adm_part *p)
{
	char why[160];
	int n;

	vct_admin_cmd_init(cmd, VCT_ADMIN_PARTS_GET, VCT_ADMIN_GROUP_SRIOV, 1);
	obj_hdr(cmd, GET_OBJ);
	vct_admin_put8(cmd, 8, 1);	/* all parts */
	vct_admin_put(cmd, 9, "\0\0\0\0\0\0\0", 7);
	cmd->out_len = VCT_ADMIN_OUT_MAX;
	vct_c_admin_exec(c, a, cmd);
	vct_admin_require_ok(c, cmd, "DEV_PARTS_GET of all parts");
	n = adm_parse_parts(cmd->result, cmd->result_len, p, MAXP, why, sizeof(why));
	vct_require(c, n >= 0, "device parts returned by DEV_PARTS_GET", "headers whose lengths fit the result", "%s",
		    why);
	return n;
}

static void stop(struct vct_ctx *c, struct vct_admin *a, uint8_t flags)
{
	struct vct_admin_cmd cmd;

	adm_mode_set(c, a, 1, flags, &cmd);
	vct_admin_require_ok(c, &cmd, flags ? "DEV_MODE_SET stop of member 1" : "DEV_MODE_SET resume of member 1");
}

/* DEV_PARTS_SET of @len bytes of parts. */
static void set_parts(struct vct_ctx *c, struct vct_admin *a, const uint8_t *p, uint32_t len, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_PARTS_SET, VCT_ADMIN_GROUP_SRIOV, 1);
	obj_hdr(cmd, SET_OBJ);
	if (len > VCT_ADMIN_DATA_MAX - 8)
		vct_abort(c, "%u bytes of device parts exceed vct's command buffer", len);
	vct_admin_put(cmd, 8, p, len);
	vct_c_admin_exec(c, a, cmd);
}

/* D-0382c93a: the device parts commands and resource commands come all together or not at all. */
static void parts_all_or_none(struct vct_ctx *c)
{
	struct vct_admin a;
	uint64_t sup, have;

	vct_c_admin_setup(c, &a, NULL);
	vct_c_sriov_enable(c);
	sup = vct_c_admin_list_query(c, &a, VCT_ADMIN_GROUP_SRIOV);
	have = sup & PARTS_OPS;
	if (!(sup & (0xfULL << VCT_ADMIN_PARTS_METADATA_GET)))
		vct_skip(c, "not offered: the SR-IOV group has no device parts commands (0x%llx)", (unsigned long long)sup);
	vct_report(c, have == PARTS_OPS, "RESOURCE_OBJ_* and DEV_PARTS_* / DEV_MODE_SET in the SR-IOV LIST_QUERY",
		   "all eight (opcodes 0xa..0x11)", "0x%llx", (unsigned long long)sup);
}

/* D-2cdb0622: the parts can be got again and again. */
static void parts_get_repeat(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd first, again;
	struct adm_part p[MAXP];

	parts_setup(c, &a, false);
	stop(c, &a, 1);
	get_all(c, &a, &first, p);
	for (int i = 0; i < 3; i++) {
		get_all(c, &a, &again, p);
		vct_report(c, again.result_len == first.result_len && !memcmp(again.result, first.result, first.result_len),
			   "DEV_PARTS_GET repeated on a stopped member", "the same parts every time",
			   "%u bytes, first time %u bytes%s", again.result_len, first.result_len,
			   again.result_len == first.result_len ? " (contents differ)" : "");
	}
}

/* D-b6bac7aa: several parts come in the order of the parts table. */
static void parts_get_order(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_part p[MAXP];
	int n, last = -1, lasti = -1;

	parts_setup(c, &a, false);
	n = get_all(c, &a, &cmd, p);
	if (n < 2)
		vct_skip(c, "device: DEV_PARTS_GET returned %d part(s): no order to check", n);
	for (int i = 0; i < n; i++) {
		int r = adm_part_rank(p[i].type);

		if (r < 0)
			continue;
		if (r < last) {
			vct_report(c, false, "order of the parts from DEV_PARTS_GET", "as in the device parts order table",
				   "part %d type 0x%x after part %d type 0x%x", i, p[i].type, lasti, p[lasti].type);
			return;
		}
		last = r;
		lasti = i;
	}
	vct_report(c, true, "order of the parts from DEV_PARTS_GET", "as in the device parts order table",
		   "%d parts in order", n);
}

static void dev_features_first(struct vct_ctx *c, const char *what, const struct adm_part *p, int n)
{
	bool seen = false;

	for (int i = 0; i < n; i++) {
		if (p[i].type == VCT_PART_DEV_FEATURES)
			seen = true;
		else if (adm_part_rank(p[i].type) > 0 && !seen) {
			vct_report(c, false, what, "VIRTIO_DEV_PART_DEV_FEATURES before the other common parts",
				   "part %d type 0x%x comes first", i, p[i].type);
			return;
		}
	}
	vct_report(c, true, what, "VIRTIO_DEV_PART_DEV_FEATURES before the other common parts", "%d parts", n);
}

/* D-43b5d035: in GET and METADATA_GET answers the device features part precedes the others. */
static void parts_dev_features_first(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	struct adm_part p[MAXP];
	int n;

	parts_setup(c, &a, false);
	n = get_all(c, &a, &cmd, p);
	dev_features_first(c, "parts from DEV_PARTS_GET", p, n);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_PARTS_METADATA_GET, VCT_ADMIN_GROUP_SRIOV, 1);
	obj_hdr(&cmd, GET_OBJ);
	vct_admin_put8(&cmd, 8, 2);	/* list of headers */
	vct_admin_put(&cmd, 9, "\0\0\0\0\0\0\0", 7);
	cmd.out_len = VCT_ADMIN_OUT_MAX;
	vct_c_admin_exec(c, &a, &cmd);
	vct_admin_require_ok(c, &cmd, "DEV_PARTS_METADATA_GET of the header list");
	n = (int)vct_admin_res32(&cmd, 0);
	if (n > MAXP || 8u + 16u * (uint32_t)n > cmd.result_len)
		vct_require(c, false, "header count of DEV_PARTS_METADATA_GET", "headers that fit the result",
			    "count %d in %u result bytes", n, cmd.result_len);
	for (int i = 0; i < n; i++) {
		const uint8_t *h = cmd.result + 8 + 16 * i;

		p[i].type = (uint16_t)(h[0] | h[1] << 8);
	}
	dev_features_first(c, "headers from DEV_PARTS_METADATA_GET", p, n);
}

/* D-cb78d445: the same parts can be set several times. */
static void parts_set_repeat(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd got, cmd;
	struct adm_part p[MAXP];

	parts_setup(c, &a, true);
	stop(c, &a, 1);
	get_all(c, &a, &got, p);
	for (int i = 0; i < 3; i++) {
		set_parts(c, &a, got.result, got.result_len, &cmd);
		vct_admin_expect(c, &cmd, i ? "DEV_PARTS_SET of the same parts again" : "DEV_PARTS_SET of the parts just got",
				 VCT_ADMIN_S_OK, -1);
	}
	stop(c, &a, 0);
}

/* D-4e22b94e: a part whose length differs from the device's is refused. */
static void parts_set_length_mismatch(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd got, cmd;
	struct adm_part p[MAXP];
	uint8_t buf[512] = { 0 };
	int n, k = -1;
	char d[128];

	parts_setup(c, &a, true);
	stop(c, &a, 1);
	n = get_all(c, &a, &got, p);
	for (int i = 0; i < n && k < 0; i++)
		if (p[i].type == VCT_PART_DRV_FEATURES)
			k = i;
	for (int i = 0; i < n && k < 0; i++)
		if (p[i].type != VCT_PART_DEV_FEATURES && p[i].len + 8 + VCT_PART_HDR_LEN <= sizeof(buf))
			k = i;
	if (k < 0 || p[k].len + 8 + VCT_PART_HDR_LEN > sizeof(buf))
		vct_skip(c, "device: no part to set besides the device features");
	memcpy(buf, got.result + p[k].off, VCT_PART_HDR_LEN + p[k].len);
	/* 8 more bytes (zeroes) than the device's length. */
	buf[12] = (uint8_t)(p[k].len + 8);
	buf[13] = (uint8_t)((p[k].len + 8) >> 8);
	buf[14] = (uint8_t)((p[k].len + 8) >> 16);
	buf[15] = (uint8_t)((p[k].len + 8) >> 24);
	set_parts(c, &a, buf, VCT_PART_HDR_LEN + p[k].len + 8, &cmd);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "DEV_PARTS_SET of a part 8 bytes longer than the device's", "an error",
		   "part type 0x%x length %u (device: %u): %s", p[k].type, p[k].len + 8, p[k].len,
		   vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-14243bd3: DEV_PARTS_SET does not change the device features; it checks them. */
static void parts_set_dev_features(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd got, cmd, after;
	struct adm_part p[MAXP], q[MAXP];
	uint8_t buf[256];
	int n, k = -1, m;
	char d[128];

	parts_setup(c, &a, true);
	stop(c, &a, 1);
	n = get_all(c, &a, &got, p);
	for (int i = 0; i < n; i++)
		if (p[i].type == VCT_PART_DEV_FEATURES)
			k = i;
	if (k < 0 || !p[k].len || VCT_PART_HDR_LEN + p[k].len > sizeof(buf))
		vct_skip(c, "device: DEV_PARTS_GET returned no device features part");
	memcpy(buf, got.result + p[k].off, VCT_PART_HDR_LEN + p[k].len);
	buf[VCT_PART_HDR_LEN + p[k].len - 1] ^= 0x80;	/* the highest feature bit in the part, flipped */
	set_parts(c, &a, buf, VCT_PART_HDR_LEN + p[k].len, &cmd);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "DEV_PARTS_SET with device features that do not match the device's",
		   "an error (they are verified)", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	m = get_all(c, &a, &after, q);
	for (int i = 0; i < m; i++)
		if (q[i].type == VCT_PART_DEV_FEATURES)
			vct_report(c, q[i].len == p[k].len &&
					      !memcmp(after.result + q[i].off, got.result + p[k].off, VCT_PART_HDR_LEN + p[k].len),
				   "device features part after that DEV_PARTS_SET", "unchanged", "changed (length %u, was %u)",
				   q[i].len, p[k].len);
}

/* D-006bbf7c: stopping a stopped member succeeds. */
static void mode_stop_twice(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;

	parts_setup(c, &a, false);
	adm_mode_set(c, &a, 1, 1, &cmd);
	vct_admin_require_ok(c, &cmd, "DEV_MODE_SET stop of member 1");
	adm_mode_set(c, &a, 1, 1, &cmd);
	vct_admin_expect(c, &cmd, "DEV_MODE_SET stop of member 1, already stopped", VCT_ADMIN_S_OK, -1);
}

/* D-d1c221a1: resuming a member that is not stopped succeeds. */
static void mode_resume_running(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;

	parts_setup(c, &a, false);
	adm_mode_set(c, &a, 1, 0, &cmd);
	vct_admin_expect(c, &cmd, "DEV_MODE_SET resume of member 1, not stopped", VCT_ADMIN_S_OK, -1);
	adm_mode_set(c, &a, 1, 1, &cmd);
	adm_mode_set(c, &a, 1, 0, &cmd);
	adm_mode_set(c, &a, 1, 0, &cmd);
	vct_admin_expect(c, &cmd, "DEV_MODE_SET resume of member 1, resumed already", VCT_ADMIN_S_OK, -1);
}

static const struct vct_check checks[] = {
	VCT_CHECK("admin.parts_all_or_none", "D-0382c93a", parts_all_or_none),
	VCT_CHECK("admin.parts_get_repeat", "D-2cdb0622", parts_get_repeat),
	VCT_CHECK("admin.parts_get_order", "D-b6bac7aa", parts_get_order),
	VCT_CHECK("admin.parts_dev_features_first", "D-43b5d035", parts_dev_features_first),
	VCT_CHECK("admin.parts_set_repeat", "D-cb78d445", parts_set_repeat),
	VCT_CHECK("admin.parts_set_length_mismatch", "D-4e22b94e", parts_set_length_mismatch),
	VCT_CHECK("admin.parts_set_dev_features", "D-14243bd3", parts_set_dev_features),
	VCT_CHECK("admin.mode_stop_twice", "D-006bbf7c", mode_stop_twice),
	VCT_CHECK("admin.mode_resume_running", "D-d1c221a1", mode_resume_running),
};

VCT_SUITE(vct_suite_admin_parts, "admin/parts", checks);
