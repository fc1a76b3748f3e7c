/* SPDX-License-Identifier: MIT */
#include "admin.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_config.h>

#include "drive.h"
#include "util.h"

void vct_admin_cmd_init(struct vct_admin_cmd *cmd, uint16_t opcode, uint16_t group, uint64_t member)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->group = group;
	cmd->member = member;
	cmd->head = -1;
}

void vct_admin_put(struct vct_admin_cmd *cmd, uint32_t off, const void *p, uint32_t len)
{
	if (off > VCT_ADMIN_DATA_MAX || len > VCT_ADMIN_DATA_MAX - off)
		return;		/* callers stay far below; never write past data[] */
	memcpy(cmd->data + off, p, len);
	if (off + len > cmd->dlen)
		cmd->dlen = off + len;
}

void vct_admin_put8(struct vct_admin_cmd *cmd, uint32_t off, uint8_t v)
{
	vct_admin_put(cmd, off, &v, 1);
}

void vct_admin_put16(struct vct_admin_cmd *cmd, uint32_t off, uint16_t v)
{
	v = htole16(v);
	vct_admin_put(cmd, off, &v, 2);
}

void vct_admin_put32(struct vct_admin_cmd *cmd, uint32_t off, uint32_t v)
{
	v = htole32(v);
	vct_admin_put(cmd, off, &v, 4);
}

void vct_admin_put64(struct vct_admin_cmd *cmd, uint32_t off, uint64_t v)
{
	v = htole64(v);
	vct_admin_put(cmd, off, &v, 8);
}

static uint64_t res_le(const struct vct_admin_cmd *cmd, uint32_t off, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		if ((uint64_t)off + i < cmd->result_len)
			v |= (uint64_t)cmd->result[off + i] << (8 * i);
	return v;
}

uint8_t vct_admin_res8(const struct vct_admin_cmd *cmd, uint32_t off) { return (uint8_t)res_le(cmd, off, 1); }
uint16_t vct_admin_res16(const struct vct_admin_cmd *cmd, uint32_t off) { return (uint16_t)res_le(cmd, off, 2); }
uint32_t vct_admin_res32(const struct vct_admin_cmd *cmd, uint32_t off) { return (uint32_t)res_le(cmd, off, 4); }
uint64_t vct_admin_res64(const struct vct_admin_cmd *cmd, uint32_t off) { return res_le(cmd, off, 8); }

const char *vct_admin_status_name(uint16_t s)
{
	switch (s) {
	case VCT_ADMIN_S_OK: return "OK";
	case VCT_ADMIN_S_ENXIO: return "ENXIO";
	case VCT_ADMIN_S_EAGAIN: return "EAGAIN";
	case VCT_ADMIN_S_ENOMEM: return "ENOMEM";
	case VCT_ADMIN_S_EBUSY: return "EBUSY";
	case VCT_ADMIN_S_EEXIST: return "EEXIST";
	case VCT_ADMIN_S_EINVAL: return "EINVAL";
	case VCT_ADMIN_S_ENOSPC: return "ENOSPC";
	default: return "reserved";
	}
}

const char *vct_admin_qual_name(uint16_t q)
{
	static const char *const n[] = { "OK", "INVALID_COMMAND", "INVALID_OPCODE", "INVALID_FIELD",
					 "INVALID_GROUP", "INVALID_MEMBER", "NORESOURCE", "TRYAGAIN" };

	return q < ARRAY_SIZE(n) ? n[q] : "reserved";
}

const char *vct_admin_opcode_name(uint16_t op)
{
	static const char *const n[] = {
		"LIST_QUERY", "LIST_USE", "LEGACY_COMMON_CFG_WRITE", "LEGACY_COMMON_CFG_READ",
		"LEGACY_DEV_CFG_WRITE", "LEGACY_DEV_CFG_READ", "LEGACY_NOTIFY_INFO", "CAP_ID_LIST_QUERY",
		"DEVICE_CAP_GET", "DRIVER_CAP_SET", "RESOURCE_OBJ_CREATE", "RESOURCE_OBJ_MODIFY",
		"RESOURCE_OBJ_QUERY", "RESOURCE_OBJ_DESTROY", "DEV_PARTS_METADATA_GET", "DEV_PARTS_GET",
		"DEV_PARTS_SET", "DEV_MODE_SET",
	};

	return op < ARRAY_SIZE(n) ? n[op] : "unknown";
}

const char *vct_admin_describe(const struct vct_admin_cmd *c, char *buf, size_t len)
{
	snprintf(buf, len, "status %u %s, qualifier %u %s, used len %u", c->status, vct_admin_status_name(c->status),
		 c->qual, vct_admin_qual_name(c->qual), c->used_len);
	return buf;
}

int __vct_admin_discover(struct vct_dev *vd, uint16_t *index, uint16_t *num)
{
	return vd->ops->admin_queues(vd, index, num);
}

void vct_c_admin_setup(struct vct_ctx *c, struct vct_admin *a, const uint64_t *extra)
{
	struct vct_dev *vd = c->vd;
	uint64_t f[2];

	vct_c_need_feature(c, VCT_F_ADMIN_VQ);
	vct_dev_default_features(vd, f);
	vct_set(f, VCT_F_ADMIN_VQ);
	if (extra) {
		f[0] |= extra[0] & vd->offered[0];
		f[1] |= extra[1] & vd->offered[1];
	}
	memset(a, 0, sizeof(*a));
	a->vd = vd;
	vct_c_negotiate(c, f);
	vct_c_admin_queue(c, a);
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
					VIRTIO_CONFIG_S_DRIVER_OK);
	vct_step_begin(c);
	vct_require(c, !(vct_dev_status(vd) & VIRTIO_CONFIG_S_NEEDS_RESET), "device_status after DRIVER_OK",
		    "DEVICE_NEEDS_RESET clear", "0x%02x", vct_dev_status(vd));
	vct_step_end(c);
}

void vct_c_admin_queue(struct vct_ctx *c, struct vct_admin *a)
{
	struct vct_dev *vd = c->vd;
	int r;

	a->vd = vd;
	r = __vct_admin_discover(vd, &a->index, &a->num);
	vct_step_begin(c);
	vct_require(c, r == 0, "admin queue registers with VIRTIO_F_ADMIN_VQ",
		    "present (PCI: common configuration covers admin_queue_num, 64 bytes)", "absent");
	vct_require(c, a->num >= 1, "admin_queue_num with VIRTIO_F_ADMIN_VQ negotiated", "at least 1", "%u", a->num);
	vct_require(c, a->index >= vd->num_queues && a->num <= 0x10000u - a->index,
		    "admin_queue_index / admin_queue_num", "index >= num_queues, index + num <= 0x10000",
		    "index %u, num %u, num_queues %u", a->index, a->num, vd->num_queues);
	vct_step_end(c);
	a->vq = vct_c_queue(c, a->index, 0, VCT_NO_VECTOR);
}

void vct_c_admin_submit(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd)
{
	uint32_t in_len = cmd->in_len ? cmd->in_len : (VCT_ADMIN_HDR_LEN + cmd->dlen + 7) & ~7u;
	uint32_t out_len = cmd->out_len ? cmd->out_len : VCT_ADMIN_OUT_DEFAULT;
	uint8_t hdr[VCT_ADMIN_HDR_LEN] = { 0 }, *p;
	uint16_t v16;
	uint64_t v64;
	struct vct_sg sg[2];
	int head;

	if (out_len > VCT_ADMIN_OUT_MAX || in_len > VCT_ADMIN_HDR_LEN + VCT_ADMIN_DATA_MAX + 4096)
		vct_abort(c, "admin command buffers too large (%u readable, %u writable)", in_len, out_len);
	cmd->ib = vct_c_dma(c, in_len);
	cmd->ob = vct_c_dma(c, out_len);
	v16 = htole16(cmd->opcode);
	memcpy(hdr, &v16, 2);
	v16 = htole16(cmd->group);
	memcpy(hdr + 2, &v16, 2);
	v64 = htole64(cmd->member);
	memcpy(hdr + 16, &v64, 8);
	p = cmd->ib->va;
	memset(p, cmd->in_fill, in_len);
	memcpy(p, hdr, in_len < sizeof(hdr) ? in_len : sizeof(hdr));
	if (in_len > VCT_ADMIN_HDR_LEN)
		memcpy(p + VCT_ADMIN_HDR_LEN, cmd->data,
		       in_len - VCT_ADMIN_HDR_LEN < cmd->dlen ? in_len - VCT_ADMIN_HDR_LEN : cmd->dlen);
	memset(cmd->ob->va, VCT_ADMIN_POISON, out_len);
	sg[0] = (struct vct_sg){ .iova = cmd->ib->iova, .len = in_len, .write = false };
	sg[1] = (struct vct_sg){ .iova = cmd->ob->iova, .len = out_len, .write = true };
	head = vct_vq_add(a->vq, sg, 2, cmd, 0);
	if (head < 0)
		vct_abort(c, "cannot post an admin command: %d", head);
	cmd->head = head;
	cmd->in_len = in_len;
	cmd->out_len = out_len;
}

void vct_c_admin_kick(struct vct_ctx *c, struct vct_admin *a)
{
	(void)c;
	vct_vq_notify(a->vq);
}

static void take_answer(struct vct_ctx *c, struct vct_admin_cmd *cmd, uint32_t len)
{
	long bad = vct_dma_canary_check(cmd->ob);

	vct_step_begin(c);
	vct_require(c, bad < 0, "bytes after the admin command's writable part", "untouched",
		    "changed at offset %ld of a %u-byte part (%s)", bad, cmd->out_len,
		    vct_admin_opcode_name(cmd->opcode));
	vct_step_end(c);
	cmd->used_len = len;
	memcpy(cmd->out, cmd->ob->va, cmd->out_len);
	/* A driver reads what lies beyond the used length as zero. */
	cmd->status = (uint16_t)((len > 0 ? cmd->out[0] : 0) | (len > 1 ? cmd->out[1] << 8 : 0));
	cmd->qual = (uint16_t)((len > 2 ? cmd->out[2] : 0) | (len > 3 ? cmd->out[3] << 8 : 0));
	cmd->result = cmd->out + 8;
	cmd->result_len = len > 8 ? len - 8 : 0;
}

void vct_c_admin_collect(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd **cmds, unsigned int n)
{
	for (unsigned int got = 0; got < n; got++) {
		struct vct_used_err e = { 0 };
		struct vct_admin_cmd *cmd = NULL;
		uint32_t len = 0;
		uint16_t id = 0;
		void *tok = NULL;
		int r = vct_vq_wait_used(a->vq, c->timeout_ms, &id, &len, &tok, &e);
		bool ours = false;

		vct_step_begin(c);
		vct_require(c, r == 1, "used entry for an admin command", "a valid used entry", "%s", e.why);
		for (unsigned int i = 0; i < n; i++)
			if (cmds[i] == tok && cmds[i]->head == id) {
				cmd = cmds[i];
				ours = true;
			}
		vct_require(c, ours, "used id of an admin command", "one of the outstanding commands",
			    "id %u", id);
		vct_step_end(c);
		cmd->head = -1;
		take_answer(c, cmd, len);
	}
}

void vct_c_admin_exec(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd)
{
	vct_c_admin_submit(c, a, cmd);
	vct_c_admin_kick(c, a);
	vct_c_admin_collect(c, a, &cmd, 1);
}

void __vct_admin_expect(struct vct_ctx *c, const char *file, int line, const struct vct_admin_cmd *cmd,
			const char *what, uint16_t status, int qual)
{
	char exp[96], d[128];
	bool ok = cmd->status == status && (qual < 0 || cmd->qual == qual);

	if (qual < 0)
		snprintf(exp, sizeof(exp), "status %u %s", status, vct_admin_status_name(status));
	else
		snprintf(exp, sizeof(exp), "status %u %s, qualifier %d %s", status, vct_admin_status_name(status),
			 qual, vct_admin_qual_name((uint16_t)qual));
	__vct_report(c, ok, file, line, what, exp, "%s", vct_admin_describe(cmd, d, sizeof(d)));
}

void __vct_admin_require_ok(struct vct_ctx *c, const char *file, int line, const struct vct_admin_cmd *cmd,
			    const char *what)
{
	__vct_admin_expect(c, file, line, cmd, what, VCT_ADMIN_S_OK, -1);
	if (cmd->status != VCT_ADMIN_S_OK)
		__vct_stop(c, VCT_FAIL, file, line, "stopped: %s", what);
}

uint64_t vct_c_admin_list_query(struct vct_ctx *c, struct vct_admin *a, uint16_t group)
{
	struct vct_admin_cmd cmd;
	char d[128];

	vct_admin_cmd_init(&cmd, VCT_ADMIN_LIST_QUERY, group, 0);
	vct_c_admin_exec(c, a, &cmd);
	if (cmd.status == VCT_ADMIN_S_EINVAL && cmd.qual == VCT_ADMIN_Q_INVALID_GROUP)
		vct_skip(c, "not offered: the device does not support admin group type %u (LIST_QUERY: %s)", group,
			 vct_admin_describe(&cmd, d, sizeof(d)));
	vct_admin_require_ok(c, &cmd, "LIST_QUERY");
	return vct_admin_res64(&cmd, 0);
}

void vct_c_admin_list_use(struct vct_ctx *c, struct vct_admin *a, uint16_t group, uint64_t ops,
			  struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_LIST_USE, group, 0);
	vct_admin_put64(cmd, 0, ops);
	vct_c_admin_exec(c, a, cmd);
}

uint64_t vct_c_admin_enable(struct vct_ctx *c, struct vct_admin *a, uint16_t group)
{
	uint64_t sup = vct_c_admin_list_query(c, a, group);
	struct vct_admin_cmd cmd;

	vct_c_admin_list_use(c, a, group, sup & VCT_ADMIN_KNOWN_OPS, &cmd);
	vct_admin_require_ok(c, &cmd, "LIST_USE of supported opcodes");
	return sup;
}

/* ---- SR-IOV group members --------------------------------------------- */

bool vct_sriov_present(struct vct_dev *d)
{
	bool en;
	uint16_t num, total;

	return d->ops->sriov_get && d->ops->sriov_get(d, &en, &num, &total) == 0;
}

uint16_t vct_c_sriov_enable(struct vct_ctx *c)
{
	struct vct_dev *d = c->vd;
	bool en = false;
	uint16_t total = 0, num = 0;

	if (!d->ops->sriov_get || d->ops->sriov_get(d, &en, &num, &total))
		vct_skip(c, "device: the owner has no SR-IOV extended capability");
	if (en && num)
		return num;
	if (!total)
		vct_skip(c, "device: the SR-IOV capability reports TotalVFs 0");
	d->ops->sriov_set(d, total < 2 ? total : 2);
	d->ops->sriov_get(d, &en, &num, &total);
	if (!en || !num)
		vct_skip(c, "device: VFs are not enabled and writing the SR-IOV capability did not enable them "
			 "(enable them with sriov_numvfs before running vct)");
	return num;
}

bool vct_sriov_disable(struct vct_dev *d)
{
	bool en = false;
	uint16_t num, total;

	if (!vct_sriov_present(d))
		return true;
	d->ops->sriov_set(d, 0);
	d->ops->sriov_get(d, &en, &num, &total);
	return !en;
}
