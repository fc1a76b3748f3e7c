/* SPDX-License-Identifier: MIT */
/*
 * Administration virtqueues: where the owner puts them (PCI common
 * configuration) and how it treats the buffers of a command: shorter and
 * longer parts than the structures, the fixed header it must write, order.
 */
#include <stdio.h>
#include <string.h>

#include <linux/virtio_config.h>

#include "common.h"

/* Opcode bitmap and answer of a LIST_QUERY on @group shaped by the caller. */
static uint64_t query_with(struct vct_ctx *c, struct vct_admin *a, uint16_t group, uint32_t in_len, uint8_t fill,
			   uint32_t out_len, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_LIST_QUERY, group, 0);
	cmd->in_len = in_len;
	cmd->in_fill = fill;
	cmd->out_len = out_len;
	vct_c_admin_exec(c, a, cmd);
	return vct_admin_res64(cmd, 0);
}

/* D-b7293794: parts shorter than the structures: missing input reads as zero, output is cut. */
static void short_buffers(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup, got;
	uint16_t g;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	/* Readable part of 16 bytes: group_member_id is missing (LIST_QUERY does not use it). */
	got = query_with(c, &a, g, 16, 0, 0, &cmd);
	vct_report(c, cmd.status == VCT_ADMIN_S_OK && got == sup, "LIST_QUERY with a 16-byte device-readable part",
		   "OK with the same opcode bitmap", "%s, bitmap 0x%llx vs 0x%llx", vct_admin_describe(&cmd, d, sizeof(d)),
		   (unsigned long long)got, (unsigned long long)sup);
	/* Writable part of 8 bytes: room for the header only; the bitmap has to be dropped. */
	query_with(c, &a, g, 0, 0, 8, &cmd);
	vct_report(c, cmd.status == VCT_ADMIN_S_OK && cmd.used_len <= 8, "LIST_QUERY with an 8-byte device-writable part",
		   "OK, used len <= 8, nothing written past it", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
}

/* D-c773bf93: longer parts: extra input ignored, only the structure written and counted. */
static void long_buffers(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup, got;
	uint32_t want, last = 0;
	uint16_t g;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	got = query_with(c, &a, g, 24 + 256, 0xff, 0, &cmd);
	vct_report(c, cmd.status == VCT_ADMIN_S_OK && got == sup,
		   "LIST_QUERY with 256 bytes of 0xff after the header", "OK with the same opcode bitmap",
		   "%s, bitmap 0x%llx vs 0x%llx", vct_admin_describe(&cmd, d, sizeof(d)), (unsigned long long)got,
		   (unsigned long long)sup);
	query_with(c, &a, g, 0, 0, VCT_ADMIN_OUT_MAX, &cmd);
	for (int b = 0; b < 64; b++)
		if ((sup >> b) & 1)
			last = (uint32_t)b;
	/* Only the first word is known to vct; a device supporting opcodes >= 64 sends more. */
	for (uint32_t w = 1; w < (cmd.result_len / 8); w++)
		if (vct_admin_res64(&cmd, w * 8))
			last = w * 64 + 63;
	want = 8 + 8 * ((last + 1 + 63) / 64);
	vct_report(c, cmd.status == VCT_ADMIN_S_OK && cmd.used_len == want,
		   "used len of LIST_QUERY in a 4096-byte writable part", "8 + the opcode bitmap's length",
		   "%s, expected %u", vct_admin_describe(&cmd, d, sizeof(d)), want);
	for (uint32_t i = cmd.used_len; i < cmd.out_len; i++)
		if (cmd.out[i] != VCT_ADMIN_POISON) {
			vct_report(c, false, "writable bytes after the used length", "left as the driver put them",
				   "byte %u changed to 0x%02x (used len %u)", i, cmd.out[i], cmd.used_len);
			break;
		}
}

/* D-1055dfed: no command fails only because of its buffer sizes. */
static void sizes_not_an_error(struct vct_ctx *c)
{
	static const struct { uint32_t in, out; const char *what; } shapes[] = {
		{ 24, 8, "24-byte readable, 8-byte writable part" },
		{ 16, 16, "16-byte readable, 16-byte writable part" },
		{ 24 + 512, VCT_ADMIN_OUT_MAX, "536-byte readable, 4096-byte writable part" },
	};
	struct vct_admin a;
	struct vct_admin_cmd cmd;
	uint64_t sup;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		char what[96];

		query_with(c, &a, g, shapes[i].in, 0, shapes[i].out, &cmd);
		snprintf(what, sizeof(what), "LIST_QUERY with a %s", shapes[i].what);
		vct_admin_expect(c, &cmd, what, VCT_ADMIN_S_OK, VCT_ADMIN_Q_OK);
	}
}

/* D-496fe0ee: the 64-bit header of the writable part (status .. reserved2) is written. */
static void header_written(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd ok, bad;
	uint64_t sup;
	uint16_t g;

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	query_with(c, &a, g, 0, 0, 0, &ok);
	vct_admin_cmd_init(&bad, 0x7fff, g, 0);
	vct_c_admin_exec(c, &a, &bad);
	for (int i = 0; i < 2; i++) {
		const struct vct_admin_cmd *x = i ? &bad : &ok;
		bool written = x->used_len >= 8;

		for (int b = 4; b < 8 && written; b++)
			written = x->out[b] == 0;
		vct_report(c, written, i ? "header of a failed command's answer" : "header of LIST_QUERY's answer",
			   "used len >= 8, reserved2 written as 0",
			   "used len %u, reserved2 %02x %02x %02x %02x (0x%02x = not written)", x->used_len, x->out[4],
			   x->out[5], x->out[6], x->out[7], VCT_ADMIN_POISON);
	}
}

/* D-1c046c1e: status and status_qualifier are written for every command, fresh each time. */
static void status_written(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd bad, ok;
	uint64_t sup;
	uint16_t g;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	/* A failure first, so that a qualifier left over from it shows in the next answer. */
	vct_admin_cmd_init(&bad, 0x7fff, g, 0);
	vct_c_admin_exec(c, &a, &bad);
	vct_report(c, bad.used_len >= 4 && (bad.out[0] != VCT_ADMIN_POISON || bad.out[1] != VCT_ADMIN_POISON) &&
			      (bad.out[2] != VCT_ADMIN_POISON || bad.out[3] != VCT_ADMIN_POISON),
		   "status and status_qualifier of an unsupported opcode", "both written (used len >= 4)",
		   "%s, bytes %02x %02x %02x %02x", vct_admin_describe(&bad, d, sizeof(d)), bad.out[0], bad.out[1],
		   bad.out[2], bad.out[3]);
	query_with(c, &a, g, 0, 0, 0, &ok);
	vct_report(c, ok.used_len >= 4 && ok.status == VCT_ADMIN_S_OK && ok.qual == VCT_ADMIN_Q_OK,
		   "status and status_qualifier of LIST_QUERY after a failed command", "OK and qualifier 0 written",
		   "%s", vct_admin_describe(&ok, d, sizeof(d)));
}

/*
 * D-cc250e8d: commands on one admin queue take effect in queue order. One
 * notification covers LIST_USE without LIST_QUERY followed by LIST_QUERY:
 * in order, LIST_QUERY is refused; run the other way round it succeeds.
 */
static void in_order(struct vct_ctx *c)
{
	struct vct_admin a;
	struct vct_admin_cmd use, query, *both[2] = { &use, &query };
	uint64_t sup;
	uint16_t g;
	char d[128];

	vct_c_admin_setup(c, &a, NULL);
	g = adm_pick_group(c, &a, &sup);
	for (int round = 0; round < 4; round++) {
		vct_admin_cmd_init(&use, VCT_ADMIN_LIST_USE, g, 0);
		vct_admin_put64(&use, 0, 1ULL << VCT_ADMIN_LIST_USE);
		vct_admin_cmd_init(&query, VCT_ADMIN_LIST_QUERY, g, 0);
		vct_c_admin_submit(c, &a, &use);
		vct_c_admin_submit(c, &a, &query);
		vct_c_admin_kick(c, &a);
		vct_c_admin_collect(c, &a, both, 2);
		if (use.status != VCT_ADMIN_S_OK)
			vct_skip(c, "device: the device refuses LIST_USE without LIST_QUERY (%s); the test needs it",
				 vct_admin_describe(&use, d, sizeof(d)));
		vct_admin_expect(c, &query, "LIST_QUERY queued right after a LIST_USE that drops it",
				 VCT_ADMIN_S_EINVAL, VCT_ADMIN_Q_INVALID_OPCODE);
		if (query.status == VCT_ADMIN_S_OK)
			break;
		/* Start over: only a reset brings LIST_QUERY back. */
		vct_c_admin_setup(c, &a, NULL);
		if (g == VCT_ADMIN_GROUP_SRIOV)
			vct_c_sriov_enable(c);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("admin.short_buffers", "D-b7293794", short_buffers),
	VCT_CHECK("admin.long_buffers", "D-c773bf93", long_buffers),
	VCT_CHECK("admin.sizes_not_an_error", "D-1055dfed", sizes_not_an_error),
	VCT_CHECK("admin.header_written", "D-496fe0ee", header_written),
	VCT_CHECK("admin.status_written", "D-1c046c1e", status_written),
	VCT_CHECK("admin.in_order", "D-cc250e8d", in_order),
};

VCT_SUITE(vct_suite_admin_vq, "admin/vq", checks);
