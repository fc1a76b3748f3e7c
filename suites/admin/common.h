/* SPDX-License-Identifier: MIT */
/* Steps the admin suites share: picking a group, resource objects, device parts. */
#ifndef VCT_SUITES_ADMIN_COMMON_H
#define VCT_SUITES_ADMIN_COMMON_H

#include "admin.h"
#include "drive.h"

/* After vct_c_admin_setup: a group type the device supports (self first, else SR-IOV with VFs on). */
uint16_t adm_pick_group(struct vct_ctx *c, struct vct_admin *a, uint64_t *supported);
/* A supported opcode other than LIST_QUERY/LIST_USE that has no side effects, or -1. */
int adm_safe_op(uint64_t supported, uint16_t group);
/* That command, ready to send (member 1 for SR-IOV). */
void adm_safe_cmd(struct vct_admin_cmd *cmd, int op, uint16_t group);

struct adm_objs {
	uint8_t get_limit, set_limit;	/* device parts object limits, as set by vct */
	uint16_t nvfs;
	uint64_t sriov_ops;		/* LIST_QUERY of the SR-IOV group */
};
/*
 * Setup for device parts resource objects: admin queue, self group caps
 * (DEVICE_CAP_GET, DRIVER_CAP_SET with the device's limits), VFs on, SR-IOV
 * group commands in use. SKIPs a device without any of it.
 */
void adm_objs_setup(struct vct_ctx *c, struct vct_admin *a, struct adm_objs *o);
void adm_obj_create(struct vct_admin_cmd *cmd, uint32_t id, uint8_t kind, uint64_t member);
/* MODIFY / QUERY / DESTROY of device parts object @id. */
void adm_obj_cmd(struct vct_admin_cmd *cmd, uint16_t op, uint32_t id, uint8_t kind, uint64_t member);
void adm_mode_set(struct vct_ctx *c, struct vct_admin *a, uint64_t member, uint8_t flags, struct vct_admin_cmd *cmd);

struct adm_part {
	uint16_t type;
	uint8_t flags;
	uint32_t sel32;		/* selector: pci_common_cfg offset or vq index */
	uint32_t len;
	uint32_t off;		/* of the header inside the buffer */
};
/* Parse a run of parts; -1 with @why when a length runs past the end. Returns the count (<= max). */
int adm_parse_parts(const uint8_t *p, uint32_t len, struct adm_part *out, int max, char *why, size_t whylen);
/* Rank in the device parts order table, -1 for parts outside it. */
int adm_part_rank(uint16_t type);

#endif
