/* SPDX-License-Identifier: MIT */
/*
 * refdev's group owner side: the administration command set behind the
 * administration virtqueue of "refdev:TYPE,admin". refdev.c owns the queue
 * (popping chains, used ring, interrupts); this file only turns the bytes of
 * one command into the bytes of its answer, and keeps the owner's state:
 * opcode lists in use per group type, driver capabilities, resource objects,
 * and the simulated SR-IOV members with their device parts.
 *
 * The owner has an SR-IOV extended capability at RD_ADMIN_SRIOV_CAP with
 * TotalVFs RD_ADMIN_TOTAL_VFS; members exist while VF Enable is set, numbered
 * 1..NumVFs.
 */
#ifndef VCT_REFDEV_ADMIN_H
#define VCT_REFDEV_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RD_ADMIN_SRIOV_CAP	0x100
#define RD_ADMIN_TOTAL_VFS	4
#define RD_ADMIN_IO_MAX		8192	/* bytes of either part the device looks at */

/* Deviations of the command set, one bit each (refdev quirks admin-*, see refdev_quirks.h). */
enum rd_admin_quirk {
	RDA_SHORT_INPUT_REFUSED,
	RDA_LEN_WHOLE_BUFFER,
	RDA_HEADER_PARTIAL,
	RDA_INVALID_ENXIO,
	RDA_GROUP_AS_OPCODE,
	RDA_OPCODE_AS_FIELD,
	RDA_MEMBER_AS_FIELD,
	RDA_SUCCESS_NONZERO,
	RDA_FAILURE_OK,
	RDA_EINVAL_APPLIES_LIST,
	RDA_EINVAL_LATCHES,
	RDA_LIST_SHARED,
	RDA_USED_LIST_SURVIVES_RESET,
	RDA_LIST_USE_IGNORED,
	RDA_UNLISTED_AS_FIELD,
	RDA_QUERY_REPORTS_IN_USE,
	RDA_QUERY_SHRINKS_AFTER_RESET,
	RDA_LIST_USE_ONCE,
	RDA_SRIOV_GROUP_ALWAYS,
	RDA_MEMBER_TRUNCATED,
	RDA_CAP_SET_MISSING,
	RDA_CAP_SET_EXACT,
	RDA_CAP_ANY_GROUP,
	RDA_CAPS_SURVIVE_RESET,
	RDA_OBJ_ID_TOMBSTONE,
	RDA_MODIFY_PARTIAL,
	RDA_QUERY_STALE,
	RDA_OBJS_SURVIVE_RESET,
	RDA_PARTS_SET_MISSING,
	RDA_PARTS_GET_ONCE,
	RDA_PARTS_REVERSED,
	RDA_PARTS_SET_ONCE,
	RDA_PARTS_LEN_LAX,
	RDA_PARTS_DEV_FEATURES_TAKEN,
	RDA_STOP_TWICE_BUSY,
	RDA_RESUME_RUNNING_BUSY,
};
#define RDA(a, q) (((a)->o.flags >> RDA_##q) & 1)

struct rd_admin_opts {
	uint16_t vf_device_id;
	bool status_stale;	 /* quirk: response header not cleared between commands */
	bool short_buffer_fail;	 /* quirk: fails commands whose result does not fit */
	bool unused_opcode_ok;	 /* quirk: executes supported opcodes LIST_USE did not enable */
	bool einval_side_effect; /* quirk: a create rejected for its member still allocates the id */
	uint64_t flags;		 /* 1 << RDA_* */
};

struct rd_admin;

/* Status and qualifier values the extension hooks answer with. */
enum { RD_ADMIN_OK = 0, RD_ADMIN_ENXIO = 6, RD_ADMIN_EBUSY = 16, RD_ADMIN_EEXIST = 17, RD_ADMIN_EINVAL = 22,
       RD_ADMIN_ENOSPC = 28 };
enum { RD_ADMIN_Q_INVALID_OPCODE = 2, RD_ADMIN_Q_INVALID_FIELD = 3, RD_ADMIN_Q_NORESOURCE = 6 };

/*
 * A device type's own part of the self group (refdev_crypto.c's IPsec
 * security associations): its device-type capabilities (ids 0x800-0xfff)
 * and resource object types (0x200-0x4ff), added to what the owner offers.
 * Each hook answers with an admin status and sets *@qual when it is not OK.
 */
struct rd_admin_ext {
	void *ctx;
	const uint16_t *caps;	/* the capability ids it answers, @ncaps of them */
	unsigned int ncaps;
	/* DEVICE_CAP_GET: cap_specific_data into @out (room @cap); its length. */
	size_t (*cap_get)(void *ctx, uint16_t id, uint8_t *out, size_t cap);
	/* DRIVER_CAP_SET of @id with @len bytes of cap_specific_data. */
	uint16_t (*cap_set)(void *ctx, uint16_t id, const uint8_t *p, size_t len, uint16_t *qual);
	/* Whether resource object type @type is its own. */
	bool (*owns)(void *ctx, uint16_t type);
	/*
	 * RESOURCE_OBJ_CREATE/MODIFY/QUERY/DESTROY (@op 0xa-0xd) of such an
	 * object: @p holds @len bytes of command_specific_data; a result goes to
	 * @res (room @cap), its length to *@reslen.
	 */
	uint16_t (*obj)(void *ctx, uint16_t op, const uint8_t *p, size_t len, uint8_t *res, size_t cap,
			size_t *reslen, uint16_t *qual);
	/* The owner's device reset. */
	void (*reset)(void *ctx);
};

/* @cfg is the owner's 4 KiB configuration space; it must outlive the admin state. */
struct rd_admin *rd_admin_new(const uint8_t *cfg, const struct rd_admin_opts *o);
void rd_admin_free(struct rd_admin *a);
/* Attach @e (copied; NULL detaches): the self group offers the resource object commands from then on. */
void rd_admin_set_ext(struct rd_admin *a, const struct rd_admin_ext *e);
/* Lay out the SR-IOV capability (power-on / FLR); the VFs go back to their defaults. */
void rd_admin_cfg(struct rd_admin *a, uint8_t *cfg, uint8_t *wmask);
/* The owner's device reset: opcode lists, driver capabilities and resource objects. */
void rd_admin_reset(struct rd_admin *a);
/*
 * One command. @in holds the first @inlen bytes of the device-readable part
 * (inlen <= RD_ADMIN_IO_MAX), @wlen is the size of the device-writable part.
 * The answer goes to @out (room for min(wlen, RD_ADMIN_IO_MAX) bytes); the
 * return value is how many bytes of it to write, which becomes the used length.
 */
uint32_t rd_admin_exec(struct rd_admin *a, const uint8_t *in, size_t inlen, uint8_t *out, uint64_t wlen);

#endif
