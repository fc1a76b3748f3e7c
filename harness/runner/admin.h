/* SPDX-License-Identifier: MIT */
/*
 * Driver side of the administration virtqueue (group owner devices): find
 * the admin queue through admin_queue_index/admin_queue_num once
 * VIRTIO_F_ADMIN_VQ is negotiated, run it with the split virtqueue driver,
 * and exchange struct virtio_admin_cmd requests.
 *
 * Nothing the device returns is trusted: each answer is checked against the
 * buffer it was given (used length, writes past the end), status and
 * status_qualifier are read as the spec says a driver must read a short
 * answer (missing bytes count as zero), and the whole writable part is kept
 * as the device left it so checks can see which bytes it really wrote (the
 * part is pre-filled with VCT_ADMIN_POISON).
 */
#ifndef VCT_ADMIN_H
#define VCT_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "virtqueue.h"

enum vct_admin_group {
	VCT_ADMIN_GROUP_SELF = 0,
	VCT_ADMIN_GROUP_SRIOV = 1,
};

enum vct_admin_opcode {
	VCT_ADMIN_LIST_QUERY = 0x0,
	VCT_ADMIN_LIST_USE = 0x1,
	VCT_ADMIN_CAP_ID_LIST_QUERY = 0x7,
	VCT_ADMIN_DEVICE_CAP_GET = 0x8,
	VCT_ADMIN_DRIVER_CAP_SET = 0x9,
	VCT_ADMIN_OBJ_CREATE = 0xa,
	VCT_ADMIN_OBJ_MODIFY = 0xb,
	VCT_ADMIN_OBJ_QUERY = 0xc,
	VCT_ADMIN_OBJ_DESTROY = 0xd,
	VCT_ADMIN_PARTS_METADATA_GET = 0xe,
	VCT_ADMIN_PARTS_GET = 0xf,
	VCT_ADMIN_PARTS_SET = 0x10,
	VCT_ADMIN_MODE_SET = 0x11,
};
/* Opcodes vct knows how to use (the legacy-interface ones 2..6 are left out). */
#define VCT_ADMIN_KNOWN_OPS (0x3ULL | (0x7ffULL << 7))

enum vct_admin_status {
	VCT_ADMIN_S_OK = 0,
	VCT_ADMIN_S_ENXIO = 6,
	VCT_ADMIN_S_EAGAIN = 11,
	VCT_ADMIN_S_ENOMEM = 12,
	VCT_ADMIN_S_EBUSY = 16,
	VCT_ADMIN_S_EEXIST = 17,
	VCT_ADMIN_S_EINVAL = 22,
	VCT_ADMIN_S_ENOSPC = 28,
};

enum vct_admin_qualifier {
	VCT_ADMIN_Q_OK = 0,
	VCT_ADMIN_Q_INVALID_COMMAND = 1,
	VCT_ADMIN_Q_INVALID_OPCODE = 2,
	VCT_ADMIN_Q_INVALID_FIELD = 3,
	VCT_ADMIN_Q_INVALID_GROUP = 4,
	VCT_ADMIN_Q_INVALID_MEMBER = 5,
	VCT_ADMIN_Q_NORESOURCE = 6,
	VCT_ADMIN_Q_TRYAGAIN = 7,
};

/* Device parts (the common ones) and the device parts resource object. */
#define VCT_ADMIN_CAP_DEV_PARTS 0
#define VCT_ADMIN_OBJ_DEV_PARTS 0
#define VCT_ADMIN_PARTS_OBJ_GET 0
#define VCT_ADMIN_PARTS_OBJ_SET 1
#define VCT_PART_DEV_FEATURES 0x100
#define VCT_PART_DRV_FEATURES 0x101
#define VCT_PART_PCI_COMMON_CFG 0x102
#define VCT_PART_DEVICE_STATUS 0x103
#define VCT_PART_VQ_CFG 0x104
#define VCT_PART_VQ_NOTIFY_CFG 0x105
#define VCT_PART_HDR_LEN 16

#define VCT_ADMIN_HDR_LEN 24		/* opcode .. group_member_id */
#define VCT_ADMIN_DATA_MAX 1024		/* command_specific_data vct sends */
#define VCT_ADMIN_OUT_MAX 4096		/* device-writable part vct offers at most */
#define VCT_ADMIN_OUT_DEFAULT 1024
#define VCT_ADMIN_POISON 0xee

struct vct_admin {
	struct vct_dev *vd;
	uint16_t index, num;		/* as the device reported them */
	struct vct_vq *vq;
};

struct vct_admin_cmd {
	/* Request. */
	uint16_t opcode, group;
	uint64_t member;
	uint8_t data[VCT_ADMIN_DATA_MAX];	/* command_specific_data */
	uint32_t dlen;
	uint32_t in_len;	/* readable bytes to submit; 0: 24 + dlen rounded up to 8 */
	uint8_t in_fill;	/* readable bytes after 24 + dlen are this (0 normally) */
	uint32_t out_len;	/* writable bytes to offer; 0: VCT_ADMIN_OUT_DEFAULT */
	/* Answer. */
	uint32_t used_len;
	uint16_t status, qual;	/* as a driver must read them: bytes beyond used_len are zero */
	uint8_t out[VCT_ADMIN_OUT_MAX];	/* the writable part as the device left it */
	const uint8_t *result;	/* command_specific_result, out + 8 */
	uint32_t result_len;	/* bytes of it inside used_len */
	/* Private. */
	struct vct_dma_buf *ib, *ob;
	int head;
};

/* Fresh command (answer fields cleared). */
void vct_admin_cmd_init(struct vct_admin_cmd *cmd, uint16_t opcode, uint16_t group, uint64_t member);
/* Little-endian stores into command_specific_data; dlen grows to cover them. */
void vct_admin_put8(struct vct_admin_cmd *cmd, uint32_t off, uint8_t v);
void vct_admin_put16(struct vct_admin_cmd *cmd, uint32_t off, uint16_t v);
void vct_admin_put32(struct vct_admin_cmd *cmd, uint32_t off, uint32_t v);
void vct_admin_put64(struct vct_admin_cmd *cmd, uint32_t off, uint64_t v);
void vct_admin_put(struct vct_admin_cmd *cmd, uint32_t off, const void *p, uint32_t len);
/* Little-endian loads from the result; beyond result_len they read 0 (as the spec asks). */
uint8_t vct_admin_res8(const struct vct_admin_cmd *cmd, uint32_t off);
uint16_t vct_admin_res16(const struct vct_admin_cmd *cmd, uint32_t off);
uint32_t vct_admin_res32(const struct vct_admin_cmd *cmd, uint32_t off);
uint64_t vct_admin_res64(const struct vct_admin_cmd *cmd, uint32_t off);

const char *vct_admin_status_name(uint16_t status);
const char *vct_admin_qual_name(uint16_t qual);
const char *vct_admin_opcode_name(uint16_t opcode);
/* "status 22 EINVAL, qualifier 2 INVALID_OPCODE, used len 8" */
const char *vct_admin_describe(const struct vct_admin_cmd *cmd, char *buf, size_t len);

/* admin_queue_index / admin_queue_num; -ENODEV when the common structure is too short. */
int __vct_admin_discover(struct vct_dev *vd, uint16_t *index, uint16_t *num);

/*
 * SKIP unless VIRTIO_F_ADMIN_VQ is offered; negotiate vct's default features
 * plus ADMIN_VQ (plus @extra bits, may be NULL), require a sane
 * admin_queue_index/num, set up the first admin queue (polled, no vector) and
 * set DRIVER_OK. May be called again to start over from a device reset.
 */
void vct_c_admin_setup(struct vct_ctx *c, struct vct_admin *a, const uint64_t *extra);
/*
 * Only the admin queue, for a bring-up of the device's own queues too: after
 * FEATURES_OK with VIRTIO_F_ADMIN_VQ negotiated, before DRIVER_OK (struct
 * vct_bringup's .admin does this).
 */
void vct_c_admin_queue(struct vct_ctx *c, struct vct_admin *a);

/* Post @cmd on the admin queue without notifying. */
void vct_c_admin_submit(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd);
void vct_c_admin_kick(struct vct_ctx *c, struct vct_admin *a);
/* Wait for all of @cmds to come back (any order); each answer validated. */
void vct_c_admin_collect(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd **cmds, unsigned int n);
/* submit + kick + collect one. */
void vct_c_admin_exec(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd);

/* Report that @cmd ended with @status (and @qual unless it is < 0). */
void __vct_admin_expect(struct vct_ctx *c, const char *file, int line, const struct vct_admin_cmd *cmd,
			const char *what, uint16_t status, int qual);
#define vct_admin_expect(c, cmd, what, st, q) __vct_admin_expect(c, __FILE__, __LINE__, cmd, what, st, q)
/* Like vct_admin_expect(.., OK, -1) but ends the check when it failed. */
void __vct_admin_require_ok(struct vct_ctx *c, const char *file, int line, const struct vct_admin_cmd *cmd,
			    const char *what);
#define vct_admin_require_ok(c, cmd, what) __vct_admin_require_ok(c, __FILE__, __LINE__, cmd, what)

/*
 * LIST_QUERY for @group: the opcode bitmap's first 64 bits, or SKIP when the
 * device answers that it does not support the group type.
 */
uint64_t vct_c_admin_list_query(struct vct_ctx *c, struct vct_admin *a, uint16_t group);
/* LIST_USE for @group with @ops (opcodes 0..63); returns the command for inspection. */
void vct_c_admin_list_use(struct vct_ctx *c, struct vct_admin *a, uint16_t group, uint64_t ops,
			  struct vct_admin_cmd *cmd);
/* LIST_QUERY, then LIST_USE of every supported opcode vct knows; returns the supported bitmap. */
uint64_t vct_c_admin_enable(struct vct_ctx *c, struct vct_admin *a, uint16_t group);

/* Does the owner have SR-IOV group members at all (PCI: an SR-IOV extended capability)? */
bool vct_sriov_present(struct vct_dev *d);
/*
 * Make sure the owner's VFs are enabled (VF Enable set, NumVFs > 0), enabling
 * up to 2 through config space if they are not; returns NumVFs. SKIPs when
 * there is no SR-IOV capability or the VFs cannot be enabled from here.
 */
uint16_t vct_c_sriov_enable(struct vct_ctx *c);
/* Clear VF Enable; false when the write did not stick (true without SR-IOV). */
bool vct_sriov_disable(struct vct_dev *d);

#endif
