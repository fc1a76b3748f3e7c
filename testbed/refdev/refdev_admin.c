/* SPDX-License-Identifier: MIT */
/*
 * refdev's administration command set (see refdev_admin.h). Deterministic,
 * no global mutable state; every length comes from the caller's buffers and
 * is bounded before use.
 *
 * What the owner offers:
 *   self group (0):   LIST_QUERY, LIST_USE, CAP_ID_LIST_QUERY, DEVICE_CAP_GET,
 *                     DRIVER_CAP_SET (capability 0, device parts limits); with a
 *                     device type's extension (rd_admin_set_ext) its capabilities
 *                     too, and RESOURCE_OBJ_{CREATE,MODIFY,QUERY,DESTROY} of its
 *                     object types
 *   SR-IOV group (1): LIST_QUERY, LIST_USE, RESOURCE_OBJ_{CREATE,MODIFY,QUERY,
 *                     DESTROY} for device parts objects, DEV_PARTS_METADATA_GET,
 *                     DEV_PARTS_GET, DEV_PARTS_SET, DEV_MODE_SET
 * Results are padded with zeroes to a multiple of 8 bytes, then cut to the
 * writable size the driver supplied.
 */
#include "refdev_admin.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

enum {
	OP_LIST_QUERY = 0x0, OP_LIST_USE = 0x1, OP_CAP_ID_LIST_QUERY = 0x7, OP_DEVICE_CAP_GET = 0x8,
	OP_DRIVER_CAP_SET = 0x9, OP_OBJ_CREATE = 0xa, OP_OBJ_MODIFY = 0xb, OP_OBJ_QUERY = 0xc,
	OP_OBJ_DESTROY = 0xd, OP_PARTS_METADATA_GET = 0xe, OP_PARTS_GET = 0xf, OP_PARTS_SET = 0x10,
	OP_MODE_SET = 0x11,
};

enum { ST_OK = 0, ST_ENXIO = 6, ST_ENOMEM = 12, ST_EEXIST = 17, ST_EBUSY = 16, ST_EINVAL = 22, ST_ENOSPC = 28 };
enum { Q_OK = 0, Q_INVALID_COMMAND, Q_INVALID_OPCODE, Q_INVALID_FIELD, Q_INVALID_GROUP, Q_INVALID_MEMBER, Q_NORESOURCE };

#define GROUP_SELF	0
#define GROUP_SRIOV	1
#define NGROUPS		2

#define OPS_SELF	((1ULL << OP_LIST_QUERY) | (1ULL << OP_LIST_USE) | (1ULL << OP_CAP_ID_LIST_QUERY) | \
			 (1ULL << OP_DEVICE_CAP_GET) | (1ULL << OP_DRIVER_CAP_SET))
#define OPS_SRIOV	((1ULL << OP_LIST_QUERY) | (1ULL << OP_LIST_USE) | (0xffULL << OP_OBJ_CREATE))
#define OPS_INITIAL	((1ULL << OP_LIST_QUERY) | (1ULL << OP_LIST_USE))

#define CAP_DEV_PARTS	0
#define DEV_GET_LIMIT	2
#define DEV_SET_LIMIT	2
#define MAX_OBJS	(DEV_GET_LIMIT + DEV_SET_LIMIT)
#define OBJ_DEV_PARTS	0
#define OBJ_GET		0
#define OBJ_SET		1

#define PART_DEV_FEATURES	0x100
#define PART_DRV_FEATURES	0x101
#define PART_PCI_COMMON_CFG	0x102
#define PART_DEVICE_STATUS	0x103
#define PART_VQ_CFG		0x104
#define PART_VQ_NOTIFY_CFG	0x105
#define PART_HDR		16
#define PART_F_OPTIONAL		1

#define VF_NQ		2
#define VF_QMAX		256
/* A VF's offered features: VERSION_1 and ACCESS_PLATFORM. */
#define VF_FEATURES	((1ULL << 32) | (1ULL << 33))

/* SR-IOV extended capability registers (PCIe), offsets from its start. */
#define SR_CTRL		0x08
#define SR_INITIAL	0x0c
#define SR_TOTAL	0x0e
#define SR_NUMVFS	0x10
#define SR_OFFSET	0x14
#define SR_STRIDE	0x16
#define SR_DEVID	0x1a
#define SR_PGSUP	0x1c
#define SR_PGSYS	0x20
#define SR_CTRL_VFE	0x0001

struct vf_vq {
	uint16_t size, vector, enabled;
	uint64_t desc, driver, device;
};

struct vf {
	bool stopped;
	uint64_t drv_features[2];
	uint16_t msix_config;
	uint8_t status;
	struct vf_vq vq[VF_NQ];
};

struct obj {
	bool used;
	uint32_t id;
	uint64_t member;
	uint8_t kind;		/* OBJ_GET / OBJ_SET */
	uint8_t created_kind;	/* admin-query-stale */
	bool got, set;		/* admin-parts-get-once, admin-parts-set-once */
};

struct rd_admin {
	const uint8_t *cfg;
	struct rd_admin_opts o;
	uint64_t used_ops[NGROUPS];
	uint8_t drv_get_limit, drv_set_limit;
	struct obj objs[MAX_OBJS];
	struct vf vf[RD_ADMIN_TOTAL_VFS];
	uint16_t last_status, last_qual;	/* for the status_stale quirk */
	bool einval_latched;		/* admin-einval-latches */
	bool list_used, list_shrunk;	/* admin-query-shrinks-after-reset */
	bool list_use_fused[NGROUPS];	/* admin-list-use-once (kept over resets) */
	uint64_t tombstones;		/* admin-obj-id-tombstone: destroyed ids below 64 */
	bool has_ext;
	struct rd_admin_ext ext;	/* the device type's capabilities and objects */
};

/* One command being answered. */
struct cmd {
	const uint8_t *in;
	size_t inlen;
	uint8_t *res;		/* command_specific_result (out + 8) */
	size_t rescap;		/* room in res for this device (bounded by RD_ADMIN_IO_MAX) */
	uint64_t reswlen;	/* room the driver gave (may exceed rescap) */
	size_t reslen;		/* result bytes produced */
	uint16_t status, qual;
	uint16_t opcode, group;
	uint64_t member;
};

static void put16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }

/* Readable byte @off of the command; beyond what the driver supplied it reads as zero. */
static uint8_t in8(const struct cmd *c, size_t off)
{
	return off < c->inlen ? c->in[off] : 0;
}

static void in_copy(const struct cmd *c, size_t off, void *buf, size_t len)
{
	uint8_t *b = buf;

	for (size_t i = 0; i < len; i++)
		b[i] = in8(c, off + i);
}

static uint16_t in16(const struct cmd *c, size_t off)
{
	uint8_t b[2];

	in_copy(c, off, b, 2);
	return get16(b);
}

static uint32_t in32(const struct cmd *c, size_t off)
{
	uint8_t b[4];

	in_copy(c, off, b, 4);
	return get32(b);
}

static uint64_t in64(const struct cmd *c, size_t off)
{
	uint8_t b[8];

	in_copy(c, off, b, 8);
	return get64(b);
}

/* Append result bytes; what does not fit the driver's buffer is dropped. */
static void res_put(struct cmd *c, const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++, c->reslen++)
		if (c->reslen < c->rescap)
			c->res[c->reslen] = ((const uint8_t *)p)[i];
}

static void fail(struct cmd *c, uint16_t st, uint16_t q)
{
	c->status = st;
	c->qual = q;
	c->reslen = 0;
}

/* ---- SR-IOV capability and members -------------------------------------- */

static uint16_t cfg16(const struct rd_admin *a, unsigned int off)
{
	return get16(a->cfg + RD_ADMIN_SRIOV_CAP + off);
}

static bool vfs_enabled(const struct rd_admin *a)
{
	return cfg16(a, SR_CTRL) & SR_CTRL_VFE;
}

static uint16_t num_vfs(const struct rd_admin *a)
{
	uint16_t n = cfg16(a, SR_NUMVFS);

	return n > RD_ADMIN_TOTAL_VFS ? RD_ADMIN_TOTAL_VFS : n;
}

static bool member_ok(const struct rd_admin *a, uint64_t m)
{
	return m >= 1 && m <= num_vfs(a);
}

static void vf_default(struct vf *v)
{
	memset(v, 0, sizeof(*v));
	v->msix_config = 0xffff;
	for (unsigned int i = 0; i < VF_NQ; i++) {
		v->vq[i].size = VF_QMAX;
		v->vq[i].vector = 0xffff;
	}
}

void rd_admin_cfg(struct rd_admin *a, uint8_t *cfg, uint8_t *wmask)
{
	uint8_t *p = cfg + RD_ADMIN_SRIOV_CAP, *w = wmask + RD_ADMIN_SRIOV_CAP;

	memset(p, 0, 0x40);
	memset(w, 0, 0x40);
	put32(p, 0x0010u | (1u << 16));	/* SR-IOV, version 1, last extended capability */
	put16(p + SR_INITIAL, RD_ADMIN_TOTAL_VFS);
	put16(p + SR_TOTAL, RD_ADMIN_TOTAL_VFS);
	put16(p + SR_OFFSET, 1);
	put16(p + SR_STRIDE, 1);
	put16(p + SR_DEVID, a->o.vf_device_id);
	put32(p + SR_PGSUP, 0x553);
	put32(p + SR_PGSYS, 1);
	put16(w + SR_CTRL, 0x0019);	/* VF Enable, VF MSE, ARI hierarchy */
	put16(w + SR_NUMVFS, 0xffff);
	put32(w + SR_PGSYS, 0xffffffff);
	for (unsigned int i = 0; i < RD_ADMIN_TOTAL_VFS; i++)
		vf_default(&a->vf[i]);
}

/* ---- device parts of one member ----------------------------------------- */

struct part {
	uint16_t type;
	uint8_t flags;
	uint16_t sel;		/* common cfg offset or queue index */
	uint32_t len;
};

/* Every part a VF has, in the order the parts table prescribes. */
static const struct part parts[] = {
	{ PART_DEV_FEATURES, PART_F_OPTIONAL, 0, 16 },
	{ PART_DRV_FEATURES, 0, 0, 16 },
	{ PART_PCI_COMMON_CFG, 0, 16, 2 },	/* config_msix_vector */
	{ PART_PCI_COMMON_CFG, 0, 18, 2 },	/* num_queues (read-only) */
	{ PART_DEVICE_STATUS, 0, 0, 1 },
	{ PART_VQ_CFG, 0, 0, 32 },
	{ PART_VQ_CFG, 0, 1, 32 },
	{ PART_VQ_NOTIFY_CFG, 0, 0, 8 },
	{ PART_VQ_NOTIFY_CFG, 0, 1, 8 },
};
#define NPARTS (sizeof(parts) / sizeof(parts[0]))

static bool has_selector(uint16_t type)
{
	return type == PART_PCI_COMMON_CFG || type == PART_VQ_CFG || type == PART_VQ_NOTIFY_CFG;
}

/* Index in parts[] of the part a 16-byte header names, or -1. */
static int part_find(const uint8_t *hdr)
{
	uint16_t type = get16(hdr);

	for (unsigned int i = 0; i < NPARTS; i++) {
		if (parts[i].type != type)
			continue;
		if (type == PART_PCI_COMMON_CFG && get32(hdr + 4) != parts[i].sel)
			continue;
		if ((type == PART_VQ_CFG || type == PART_VQ_NOTIFY_CFG) && get16(hdr + 4) != parts[i].sel)
			continue;
		return (int)i;
	}
	return -1;
}

static void part_hdr(const struct part *p, uint8_t *h)
{
	memset(h, 0, PART_HDR);
	put16(h, p->type);
	h[2] = p->flags;
	if (p->type == PART_PCI_COMMON_CFG)
		put32(h + 4, p->sel);
	else if (has_selector(p->type))
		put16(h + 4, p->sel);
	put32(h + 12, p->len);
}

static void part_value(const struct vf *v, const struct part *p, uint8_t *val)
{
	memset(val, 0, p->len);
	switch (p->type) {
	case PART_DEV_FEATURES:
		put64(val, VF_FEATURES);
		break;
	case PART_DRV_FEATURES:
		put64(val, v->drv_features[0]);
		put64(val + 8, v->drv_features[1]);
		break;
	case PART_PCI_COMMON_CFG:
		put16(val, p->sel == 16 ? v->msix_config : VF_NQ);
		break;
	case PART_DEVICE_STATUS:
		val[0] = v->status;
		break;
	case PART_VQ_CFG: {
		const struct vf_vq *q = &v->vq[p->sel];

		put16(val, q->size);
		put16(val + 2, q->vector);
		put16(val + 4, q->enabled);
		put64(val + 8, q->desc);
		put64(val + 16, q->driver);
		put64(val + 24, q->device);
		break;
	}
	case PART_VQ_NOTIFY_CFG:
		put16(val, p->sel);	/* queue_notify_off */
		put16(val + 2, p->sel);	/* queue_notif_config_data */
		break;
	}
}

static uint32_t parts_total(void)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < NPARTS; i++)
		n += PART_HDR + parts[i].len;
	return n;
}

/* ---- resource objects --------------------------------------------------- */

static struct obj *obj_find(struct rd_admin *a, uint32_t id)
{
	for (unsigned int i = 0; i < MAX_OBJS; i++)
		if (a->objs[i].used && a->objs[i].id == id)
			return &a->objs[i];
	return NULL;
}

static unsigned int obj_count(const struct rd_admin *a, uint8_t kind)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_OBJS; i++)
		n += a->objs[i].used && a->objs[i].kind == kind;
	return n;
}

static uint8_t drv_limit(const struct rd_admin *a, uint8_t kind)
{
	return kind == OBJ_GET ? a->drv_get_limit : a->drv_set_limit;
}

/* Offsets inside the readable part: 24 is where command_specific_data starts. */
#define D 24

static void obj_create(struct rd_admin *a, struct cmd *c)
{
	uint16_t type = in16(c, D);
	uint32_t id = in32(c, D + 4);
	uint8_t kind = in8(c, D + 16);	/* resource_obj_specific_data after hdr and flags */
	struct obj *o = NULL;

	if (type != OBJ_DEV_PARTS || (kind != OBJ_GET && kind != OBJ_SET))
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (id >= (uint32_t)a->drv_get_limit + a->drv_set_limit)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);	/* outside the ids the driver's limits allow */
	if (obj_find(a, id) || (RDA(a, OBJ_ID_TOMBSTONE) && id < 64 && ((a->tombstones >> id) & 1)))
		return fail(c, ST_EEXIST, Q_INVALID_FIELD);
	if (obj_count(a, kind) >= drv_limit(a, kind))
		return fail(c, ST_ENOSPC, Q_NORESOURCE);
	for (unsigned int i = 0; i < MAX_OBJS && !o; i++)
		if (!a->objs[i].used)
			o = &a->objs[i];
	if (!o)
		return fail(c, ST_ENOSPC, Q_NORESOURCE);
	*o = (struct obj){ .used = true, .id = id, .member = c->member, .kind = kind, .created_kind = kind };
}

/* The object a command names, if it exists for this member. */
static struct obj *obj_of(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = in16(c, D) == OBJ_DEV_PARTS ? obj_find(a, in32(c, D + 4)) : NULL;

	if (!o || o->member != c->member) {
		fail(c, ST_ENXIO, Q_INVALID_FIELD);
		return NULL;
	}
	return o;
}

static void obj_modify(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);
	uint8_t kind = in8(c, D + 16);

	if (!o)
		return;
	if (RDA(a, MODIFY_PARTIAL))
		o->kind = kind;		/* quirk: written before it is validated */
	if (kind != OBJ_GET && kind != OBJ_SET)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (kind != o->kind && obj_count(a, kind) >= drv_limit(a, kind))
		return fail(c, ST_ENOSPC, Q_NORESOURCE);
	o->kind = kind;
}

static void obj_query(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);
	uint8_t r[8] = { 0 };

	if (!o)
		return;
	r[0] = RDA(a, QUERY_STALE) ? o->created_kind : o->kind;
	res_put(c, r, sizeof(r));
}

static void obj_destroy(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);

	if (o) {
		o->used = false;
		if (o->id < 64)
			a->tombstones |= 1ULL << o->id;
	}
}

/* ---- device parts commands ---------------------------------------------- */

static struct vf *vf_of(struct rd_admin *a, struct cmd *c)
{
	return &a->vf[c->member - 1];	/* member validated by the dispatcher */
}

static void emit_part(struct cmd *c, const struct vf *v, const struct part *p)
{
	uint8_t h[PART_HDR], val[32];

	part_hdr(p, h);
	part_value(v, p, val);
	res_put(c, h, sizeof(h));
	res_put(c, val, p->len);
}

static void parts_metadata(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);
	uint8_t r[8] = { 0 };

	if (!o)
		return;
	if (o->kind != OBJ_GET)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	switch (in8(c, D + 8)) {
	case 0:	/* size of all parts */
		put32(r, parts_total());
		res_put(c, r, sizeof(r));
		break;
	case 1:	/* number of headers */
		put32(r, NPARTS);
		res_put(c, r, sizeof(r));
		break;
	case 2:	/* the headers */
		if (c->reswlen < 8 + PART_HDR * NPARTS)
			return fail(c, ST_ENOMEM, Q_INVALID_COMMAND);
		put32(r, NPARTS);
		res_put(c, r, sizeof(r));
		for (unsigned int k = 0; k < NPARTS; k++) {
			unsigned int i = RDA(a, PARTS_REVERSED) ? NPARTS - 1 - k : k;
			uint8_t h[PART_HDR];

			part_hdr(&parts[i], h);
			res_put(c, h, sizeof(h));
		}
		break;
	default:
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	}
}

static void parts_get(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);
	bool want[NPARTS] = { false };
	const struct vf *v;

	if (!o)
		return;
	if (o->kind != OBJ_GET)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (RDA(a, PARTS_GET_ONCE) && o->got)
		return fail(c, ST_EBUSY, Q_INVALID_COMMAND);
	o->got = true;
	v = vf_of(a, c);
	switch (in8(c, D + 8)) {
	case 0:	/* selected: headers follow; parts the VF lacks are left out */
		for (size_t off = D + 16; off + PART_HDR <= c->inlen; off += PART_HDR) {
			int i = part_find(c->in + off);

			if (i >= 0)
				want[i] = true;
		}
		break;
	case 1:
		for (unsigned int i = 0; i < NPARTS; i++)
			want[i] = true;
		break;
	default:
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	}
	for (unsigned int k = 0; k < NPARTS; k++) {
		unsigned int i = RDA(a, PARTS_REVERSED) ? NPARTS - 1 - k : k;

		if (want[i])
			emit_part(c, v, &parts[i]);
	}
}

static bool pow2_le(uint16_t v, uint16_t max)
{
	return v && !(v & (v - 1)) && v <= max;
}

static void parts_set(struct rd_admin *a, struct cmd *c)
{
	struct obj *o = obj_of(a, c);
	struct vf *v, nv;
	int prev = -1;

	if (!o)
		return;
	if (o->kind != OBJ_SET)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	v = vf_of(a, c);
	if (!v->stopped)
		return fail(c, ST_EBUSY, Q_INVALID_COMMAND);
	if (RDA(a, PARTS_SET_ONCE) && o->set)
		return fail(c, ST_EBUSY, Q_INVALID_COMMAND);
	nv = *v;
	for (size_t off = D + 8; off + PART_HDR <= c->inlen;) {
		static const uint8_t zero[PART_HDR];
		const uint8_t *h = c->in + off, *val = h + PART_HDR;
		const struct part *p;
		int i;

		if (!memcmp(h, zero, PART_HDR))
			break;	/* zero padding after the last part */
		i = part_find(h);
		if (i < 0 || i <= prev || (get32(h + 12) != parts[i].len && !RDA(a, PARTS_LEN_LAX)) ||
		    c->inlen - off - PART_HDR < parts[i].len)
			return fail(c, ST_EINVAL, Q_INVALID_FIELD);
		p = &parts[i];
		switch (p->type) {
		case PART_DEV_FEATURES:	/* only compared, never taken over */
			if ((get64(val) != VF_FEATURES || get64(val + 8)) && !RDA(a, PARTS_DEV_FEATURES_TAKEN))
				return fail(c, ST_EINVAL, Q_INVALID_FIELD);
			break;
		case PART_DRV_FEATURES:
			if ((get64(val) & ~VF_FEATURES) || get64(val + 8))
				return fail(c, ST_EINVAL, Q_INVALID_FIELD);
			nv.drv_features[0] = get64(val);
			break;
		case PART_PCI_COMMON_CFG:
			if (p->sel == 16)
				nv.msix_config = get16(val);
			else if (get16(val) != VF_NQ)
				return fail(c, ST_EINVAL, Q_INVALID_FIELD);
			break;
		case PART_DEVICE_STATUS:
			nv.status = val[0];
			break;
		case PART_VQ_CFG: {
			struct vf_vq *q = &nv.vq[p->sel];

			if (!pow2_le(get16(val), VF_QMAX) || get16(val + 4) > 1)
				return fail(c, ST_EINVAL, Q_INVALID_FIELD);
			q->size = get16(val);
			q->vector = get16(val + 2);
			q->enabled = get16(val + 4);
			q->desc = get64(val + 8);
			q->driver = get64(val + 16);
			q->device = get64(val + 24);
			break;
		}
		case PART_VQ_NOTIFY_CFG:
			if (get16(val) != p->sel || get16(val + 2) != p->sel)
				return fail(c, ST_EINVAL, Q_INVALID_FIELD);
			break;
		}
		prev = i;
		off += PART_HDR + p->len;
	}
	*v = nv;
	o->set = true;
}

static void mode_set(struct rd_admin *a, struct cmd *c)
{
	uint8_t f = in8(c, D);

	if (f & ~1u)
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if ((RDA(a, STOP_TWICE_BUSY) && (f & 1) && vf_of(a, c)->stopped) ||
	    (RDA(a, RESUME_RUNNING_BUSY) && !(f & 1) && !vf_of(a, c)->stopped))
		return fail(c, ST_EBUSY, Q_INVALID_COMMAND);
	vf_of(a, c)->stopped = f & 1;
}

/* ---- capabilities ------------------------------------------------------- */

/* Whether capability @id is the extension's. */
static bool ext_cap(const struct rd_admin *a, uint16_t id)
{
	for (unsigned int i = 0; a->has_ext && i < a->ext.ncaps; i++)
		if (a->ext.caps[i] == id)
			return true;
	return false;
}

/* supported_caps: as many 64-bit words as the highest capability id needs. */
static void cap_id_list(const struct rd_admin *a, struct cmd *c)
{
	uint64_t w[0x1000 / 64] = { 1ULL << CAP_DEV_PARTS };
	unsigned int n = 1;

	for (unsigned int i = 0; a->has_ext && i < a->ext.ncaps; i++) {
		uint16_t id = a->ext.caps[i] & 0xfff;

		w[id / 64] |= 1ULL << (id % 64);
		if (id / 64 + 1u > n)
			n = id / 64 + 1u;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint8_t r[8];

		put64(r, w[i]);
		res_put(c, r, sizeof(r));
	}
}

static void device_cap_get(struct rd_admin *a, struct cmd *c)
{
	uint8_t r[2] = { DEV_GET_LIMIT, DEV_SET_LIMIT };

	if (ext_cap(a, in16(c, D))) {
		uint8_t buf[512];
		size_t n = a->ext.cap_get(a->ext.ctx, in16(c, D), buf, sizeof(buf));

		res_put(c, buf, n < sizeof(buf) ? n : sizeof(buf));
		return;
	}
	if (in16(c, D) != CAP_DEV_PARTS)
		return fail(c, ST_ENXIO, Q_INVALID_FIELD);
	res_put(c, r, sizeof(r));
}

static void driver_cap_set(struct rd_admin *a, struct cmd *c)
{
	uint8_t g = in8(c, D + 8), s = in8(c, D + 9);

	if (ext_cap(a, in16(c, D))) {
		uint16_t q = Q_OK, st = a->ext.cap_set(a->ext.ctx, in16(c, D), c->in + D + 8,
							c->inlen > D + 8 ? c->inlen - (D + 8) : 0, &q);

		if (st != ST_OK)
			fail(c, st, q);
		return;
	}
	if (in16(c, D) != CAP_DEV_PARTS)
		return fail(c, ST_ENXIO, Q_INVALID_FIELD);
	if (g > DEV_GET_LIMIT || s > DEV_SET_LIMIT ||
	    (RDA(a, CAP_SET_EXACT) && (g != DEV_GET_LIMIT || s != DEV_SET_LIMIT)))
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (obj_count(a, OBJ_GET) > g || obj_count(a, OBJ_SET) > s)
		return fail(c, ST_EBUSY, Q_INVALID_FIELD);
	for (unsigned int i = 0; i < MAX_OBJS; i++)
		if (a->objs[i].used && a->objs[i].id >= (uint32_t)g + s)
			return fail(c, ST_EBUSY, Q_INVALID_FIELD);
	a->drv_get_limit = g;
	a->drv_set_limit = s;
}

/* ---- opcode lists ------------------------------------------------------- */

static uint64_t supported(const struct rd_admin *a, uint16_t group)
{
	if (group == GROUP_SELF)
		return (OPS_SELF | (a->has_ext && a->ext.obj ? 0xfULL << OP_OBJ_CREATE : 0)) &
		       ~(RDA(a, CAP_SET_MISSING) ? 1ULL << OP_DRIVER_CAP_SET : 0);
	return OPS_SRIOV & ~(RDA(a, PARTS_SET_MISSING) ? 1ULL << OP_PARTS_SET : 0);
}

static void list_query(struct rd_admin *a, struct cmd *c)
{
	uint8_t r[8];
	uint64_t v = supported(a, c->group);

	if (RDA(a, QUERY_REPORTS_IN_USE) && a->list_used)
		v = a->used_ops[c->group];
	if (RDA(a, QUERY_SHRINKS_AFTER_RESET) && a->list_shrunk)
		v = OPS_INITIAL;
	put64(r, v);
	res_put(c, r, sizeof(r));
}

static void list_use(struct rd_admin *a, struct cmd *c)
{
	uint64_t want = in64(c, D);

	/* Opcodes from 64 up are never supported: any bit there is refused. */
	for (size_t off = D + 8; off < c->inlen; off++)
		if (c->in[off])
			return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (RDA(a, EINVAL_APPLIES_LIST))
		a->used_ops[c->group] = want & supported(a, c->group);	/* quirk: stored before the check */
	if (want & ~supported(a, c->group))
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	if (RDA(a, LIST_USE_ONCE) && a->list_use_fused[c->group])
		return fail(c, ST_EBUSY, Q_INVALID_COMMAND);
	a->list_use_fused[c->group] = true;
	a->list_used = true;
	a->list_shrunk = false;
	if (RDA(a, LIST_USE_IGNORED))
		return;
	if (RDA(a, LIST_SHARED))
		for (unsigned int g = 0; g < NGROUPS; g++)
			a->used_ops[g] = want & supported(a, (uint16_t)g);
	else
		a->used_ops[c->group] = want;
}

/* ---- dispatch ----------------------------------------------------------- */

/* A self-group resource object command: the extension's object types only. */
static void ext_obj(struct rd_admin *a, struct cmd *c)
{
	uint8_t buf[512];
	size_t n = 0;
	uint16_t q = Q_OK, st;

	if (!a->ext.owns(a->ext.ctx, in16(c, D)))
		return fail(c, ST_EINVAL, Q_INVALID_FIELD);
	st = a->ext.obj(a->ext.ctx, c->opcode, c->in + D, c->inlen > D ? c->inlen - D : 0, buf, sizeof(buf), &n, &q);
	if (st != ST_OK)
		return fail(c, st, q);
	res_put(c, buf, n < sizeof(buf) ? n : sizeof(buf));
}

static bool uses_member(uint16_t group, uint16_t op)
{
	return group == GROUP_SRIOV && op != OP_LIST_QUERY && op != OP_LIST_USE;
}

static bool is_cap_op(uint16_t op)
{
	return op == OP_CAP_ID_LIST_QUERY || op == OP_DEVICE_CAP_GET || op == OP_DRIVER_CAP_SET;
}

static void dispatch(struct rd_admin *a, struct cmd *c)
{
	bool bad_group = c->group >= NGROUPS || (c->group == GROUP_SRIOV && !vfs_enabled(a) && !RDA(a, SRIOV_GROUP_ALWAYS));
	bool bad_op = c->opcode >= 64 || (!bad_group && !((supported(a, c->group) >> c->opcode) & 1));

	if (RDA(a, CAP_ANY_GROUP) && is_cap_op(c->opcode) && c->group == GROUP_SRIOV)
		bad_op = false;	/* quirk: executed as if sent to the self group */
	if (RDA(a, GROUP_AS_OPCODE) && bad_group)
		return fail(c, ST_EINVAL, Q_INVALID_OPCODE);
	if (bad_group)
		return fail(c, ST_EINVAL, Q_INVALID_GROUP);
	if (bad_op)
		return fail(c, ST_EINVAL, RDA(a, OPCODE_AS_FIELD) ? Q_INVALID_FIELD : Q_INVALID_OPCODE);
	if (!((a->used_ops[c->group] >> c->opcode) & 1) && !a->o.unused_opcode_ok &&
	    !(RDA(a, CAP_ANY_GROUP) && is_cap_op(c->opcode)))
		return fail(c, ST_EINVAL, RDA(a, UNLISTED_AS_FIELD) ? Q_INVALID_FIELD : Q_INVALID_OPCODE);
	if (RDA(a, MEMBER_TRUNCATED))
		c->member = (uint32_t)c->member;
	if (uses_member(c->group, c->opcode) && !member_ok(a, c->member)) {
		if (a->o.einval_side_effect && c->opcode == OP_OBJ_CREATE)
			obj_create(a, c);	/* quirk: allocates before it looks at the member */
		return fail(c, ST_EINVAL, RDA(a, MEMBER_AS_FIELD) ? Q_INVALID_FIELD : Q_INVALID_MEMBER);
	}
	if (c->group == GROUP_SELF && c->opcode >= OP_OBJ_CREATE && c->opcode <= OP_OBJ_DESTROY)
		return ext_obj(a, c);
	switch (c->opcode) {
	case OP_LIST_QUERY: return list_query(a, c);
	case OP_LIST_USE: return list_use(a, c);
	case OP_CAP_ID_LIST_QUERY: return cap_id_list(a, c);
	case OP_DEVICE_CAP_GET: return device_cap_get(a, c);
	case OP_DRIVER_CAP_SET: return driver_cap_set(a, c);
	case OP_OBJ_CREATE: return obj_create(a, c);
	case OP_OBJ_MODIFY: return obj_modify(a, c);
	case OP_OBJ_QUERY: return obj_query(a, c);
	case OP_OBJ_DESTROY: return obj_destroy(a, c);
	case OP_PARTS_METADATA_GET: return parts_metadata(a, c);
	case OP_PARTS_GET: return parts_get(a, c);
	case OP_PARTS_SET: return parts_set(a, c);
	case OP_MODE_SET: return mode_set(a, c);
	}
	fail(c, ST_EINVAL, Q_INVALID_OPCODE);
}

uint32_t rd_admin_exec(struct rd_admin *a, const uint8_t *in, size_t inlen, uint8_t *out, uint64_t wlen)
{
	size_t cap = wlen < RD_ADMIN_IO_MAX ? (size_t)wlen : RD_ADMIN_IO_MAX, total;
	struct cmd c = { .in = in, .inlen = inlen < RD_ADMIN_IO_MAX ? inlen : RD_ADMIN_IO_MAX };
	uint8_t hdr[8] = { 0 };

	c.res = out + 8;
	c.rescap = cap > 8 ? cap - 8 : 0;
	c.reswlen = wlen > 8 ? wlen - 8 : 0;
	c.opcode = in16(&c, 0);
	c.group = in16(&c, 2);
	c.member = in64(&c, 16);
	if (RDA(a, EINVAL_LATCHES) && a->einval_latched) {
		fail(&c, ST_EBUSY, Q_INVALID_COMMAND);	/* quirk: until a device reset */
	} else if (RDA(a, SHORT_INPUT_REFUSED) && inlen < 24) {
		fail(&c, ST_EINVAL, Q_INVALID_COMMAND);
	} else {
		dispatch(a, &c);
		a->einval_latched = c.status == ST_EINVAL;
	}
	if (RDA(a, INVALID_ENXIO) && c.status == ST_EINVAL && (c.qual == Q_INVALID_GROUP || c.qual == Q_INVALID_OPCODE))
		c.status = ST_ENXIO;
	if (a->o.short_buffer_fail && c.status == ST_OK && c.reslen > c.reswlen)
		fail(&c, ST_EINVAL, Q_INVALID_COMMAND);	/* quirk: refuses a buffer too short for the result */
	/* Pad the result to whole 64-bit words. */
	while (c.reslen % 8)
		res_put(&c, "", 1);
	put16(hdr, c.status == ST_OK && RDA(a, SUCCESS_NONZERO) ? 1 : c.status != ST_OK && RDA(a, FAILURE_OK) ? ST_OK : c.status);
	put16(hdr + 2, c.status == ST_OK && a->o.status_stale ? a->last_qual : c.qual);
	a->last_status = c.status;
	a->last_qual = c.qual;
	if (RDA(a, HEADER_PARTIAL))
		put32(hdr + 4, 0xdead0000u | c.opcode);	/* quirk: reserved2 from internal state */
	memcpy(out, hdr, cap < 8 ? cap : 8);
	total = 8 + c.reslen;
	if (RDA(a, LEN_WHOLE_BUFFER))
		return (uint32_t)cap;
	return (uint32_t)(total < cap ? total : cap);
}

/* ---- life cycle --------------------------------------------------------- */

void rd_admin_reset(struct rd_admin *a)
{
	if (!RDA(a, USED_LIST_SURVIVES_RESET))
		for (unsigned int g = 0; g < NGROUPS; g++)
			a->used_ops[g] = OPS_INITIAL;
	if (!RDA(a, CAPS_SURVIVE_RESET))
		a->drv_get_limit = a->drv_set_limit = 0;
	if (!RDA(a, OBJS_SURVIVE_RESET))
		memset(a->objs, 0, sizeof(a->objs));
	a->last_status = a->last_qual = 0;
	a->einval_latched = false;
	a->list_shrunk = a->list_used;
	a->list_used = false;
	a->tombstones = 0;
	if (a->has_ext && a->ext.reset)
		a->ext.reset(a->ext.ctx);
}

void rd_admin_set_ext(struct rd_admin *a, const struct rd_admin_ext *e)
{
	a->has_ext = e != NULL;
	if (e)
		a->ext = *e;
}

struct rd_admin *rd_admin_new(const uint8_t *cfg, const struct rd_admin_opts *o)
{
	struct rd_admin *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->cfg = cfg;
	a->o = *o;
	rd_admin_reset(a);
	for (unsigned int i = 0; i < RD_ADMIN_TOTAL_VFS; i++)
		vf_default(&a->vf[i]);
	return a;
}

void rd_admin_free(struct rd_admin *a)
{
	free(a);
}
