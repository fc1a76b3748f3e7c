/* SPDX-License-Identifier: MIT */
/*
 * The network device's part of its administration queue's self group, as
 * the flow filter (ff.c) and IPsec (ipsec.c) checks use it: device
 * capabilities by id, driver capabilities, and resource object commands.
 */
#ifndef VCT_SUITES_NET_NETADM_H
#define VCT_SUITES_NET_NETADM_H

#include "admin.h"
#include "netdev.h"

/* DEVICE_CAP_GET of capability @id into @cmd. */
void vct_net_cap_get(struct vct_ctx *c, struct vct_admin *a, uint16_t id, struct vct_admin_cmd *cmd);
/* Whether a CAP_ID_LIST_QUERY answer lists capability @id. */
bool vct_net_cap_listed(const struct vct_admin_cmd *cmd, uint16_t id);
/* DRIVER_CAP_SET of @id with @len bytes of cap_specific_data; the check ends (@what) unless it succeeds. */
void vct_net_cap_set(struct vct_ctx *c, struct vct_admin *a, uint16_t id, const uint8_t *p, uint32_t len,
		     const char *what);
/*
 * RESOURCE_OBJ_@op of object @type/@id: the header, flags 0 (not for
 * DESTROY) and @len bytes of resource_obj_specific_data.
 */
void vct_net_obj_cmd(struct vct_ctx *c, struct vct_admin *a, struct vct_admin_cmd *cmd, uint16_t op, uint16_t type,
		     uint32_t id, const uint8_t *data, uint32_t len);
/*
 * A CREATE a later step needs: ENOSPC SKIPs (a device MAY refuse a create
 * for an internal limit below its capability), any other failure ends the
 * check (@what).
 */
void vct_net_obj_created(struct vct_ctx *c, const struct vct_admin_cmd *cmd, const char *what);
/* A failed command whose status or qualifier says INVALID_OPCODE (the chapters name the qualifier as a status). */
bool vct_net_invalid_opcode(const struct vct_admin_cmd *cmd);

#endif
