/* SPDX-License-Identifier: MIT */
/*
 * Zoned block devices (VIRTIO_BLK_F_ZONED): the zoned characteristics in
 * the configuration, the zone state machine as zone management requests,
 * writes and appends drive it, the resource limits, unwritten data, and
 * secure erase on zones. A device that does not offer ZONED SKIPs every
 * check `not offered:`; a drive-managed one (model NONE) has no zone
 * requests. Every check starts from a reset of all zones and picks the
 * zones it needs from a zone report, so it runs on any zone layout.
 */
#include <errno.h>
#include <string.h>

#include "blk_io.h"

#define T_ZONE_APPEND 15
#define T_ZONE_REPORT 16
#define T_ZONE_OPEN 18
#define T_ZONE_CLOSE 20
#define T_ZONE_FINISH 22
#define T_ZONE_RESET 24
#define T_ZONE_RESET_ALL 26

#define S_ZONE_INVALID_CMD 3
#define S_ZONE_UNALIGNED_WP 4
#define S_ZONE_OPEN_RESOURCE 5
#define S_ZONE_ACTIVE_RESOURCE 6

#define ZT_CONV 1
#define ZT_SWR 2
#define ZS_EMPTY 1
#define ZS_EOPEN 3
#define ZS_CLOSED 4
#define ZS_RDONLY 13
#define ZS_FULL 14
#define ZS_OFFLINE 15

#define Z_HM 1
#define Z_HA 2

/* Requests this file sends stay below this many bytes of data. */
#define ZN_MAX_IO (1u << 20)

/* Driver-side copies (blk_io.c copies into DMA buffers of its own). */
static uint8_t zn_buf[ZN_MAX_IO], zn_rep[64 + 64 * 64];

struct zn {
	struct vct_bringup b;
	uint64_t cap;
	uint32_t zs, max_open, max_active, max_append, gran;
	uint8_t model;
	uint32_t wsec;		/* the smallest write every zone takes: lcm(512, write_granularity) in sectors */
	uint64_t nzones;
};

struct zdesc {
	uint64_t cap, start, wp;
	uint8_t type, state;
};

static const char *zstatus(uint8_t s)
{
	static const char *const n[] = { "OK", "IOERR", "UNSUPP", "ZONE_INVALID_CMD", "ZONE_UNALIGNED_WP",
					 "ZONE_OPEN_RESOURCE", "ZONE_ACTIVE_RESOURCE" };

	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "(not a status)";
}

/* The zoned characteristics, with ZONED negotiated (plus @set). SKIPs a device without them. */
static void zn_read_cfg(struct vct_ctx *c, struct zn *z, uint64_t set)
{
	uint32_t g;

	vct_c_need_feature(c, BLK_F_ZONED);
	vct_blk_bring(c, &z->b, 1ULL << BLK_F_ZONED | set, 0);
	z->cap = vct_blk_capacity(c);
	z->zs = vct_blk_cfg32(c, BLK_CFG_ZONED);
	z->max_open = vct_blk_cfg32(c, BLK_CFG_ZONED + 4);
	z->max_active = vct_blk_cfg32(c, BLK_CFG_ZONED + 8);
	z->max_append = vct_blk_cfg32(c, BLK_CFG_ZONED + 12);
	z->gran = vct_blk_cfg32(c, BLK_CFG_ZONED + 16);
	vct_c_config(c, BLK_CFG_ZONED + 20, &z->model, 1);
	g = z->gran ? z->gran : 512;
	/* lcm(512, g) */
	{
		uint32_t a = 512, b = g;

		while (b) {
			uint32_t t = a % b;

			a = b;
			b = t;
		}
		z->wsec = (uint32_t)((uint64_t)512 / a * g / 512);
	}
	if (!z->wsec)
		z->wsec = 1;
	z->nzones = z->zs ? (z->cap + z->zs - 1) / z->zs : 0;
}

/* A device with zones to drive (host-managed or host-aware), all of them reset. */
static void zn_setup(struct vct_ctx *c, struct zn *z, uint64_t set)
{
	uint8_t s;

	zn_read_cfg(c, z, set);
	if (z->model != Z_HM && z->model != Z_HA)
		vct_skip(c, "device: zoned model %u: no zone requests to check", z->model);
	if (!z->zs || z->zs > z->cap)
		vct_skip(c, "device: zone_sectors %u with capacity %llu: no zones to drive", z->zs,
			 (unsigned long long)z->cap);
	s = vct_blk_io(c, z->b.vq[0], T_ZONE_RESET_ALL, 0, NULL, 0, false);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: VIRTIO_BLK_T_ZONE_RESET_ALL completed with %s: no known starting state", zstatus(s));
}

/* Up to @max descriptors from the zone holding @sector; their number, or -1 (status in *st). */
static int zn_report(struct vct_ctx *c, struct zn *z, uint64_t sector, struct zdesc *d, unsigned int max, uint8_t *st)
{
	uint32_t len = 64 + 64 * max;
	uint8_t *buf = zn_rep;
	uint64_t nr;

	*st = vct_blk_io(c, z->b.vq[0], T_ZONE_REPORT, sector, buf, len, true);
	if (*st != VIRTIO_BLK_S_OK)
		return -1;
	nr = le64toh(*(uint64_t *)buf);
	if (nr > max)
		nr = max;
	for (uint64_t i = 0; i < nr; i++) {
		const uint8_t *e = buf + 64 + 64 * i;

		d[i].cap = le64toh(*(const uint64_t *)e);
		d[i].start = le64toh(*(const uint64_t *)(e + 8));
		d[i].wp = le64toh(*(const uint64_t *)(e + 16));
		d[i].type = e[24];
		d[i].state = e[25];
	}
	return (int)nr;
}

/* The descriptor of zone @zi; SKIPs when the device reports none. */
static struct zdesc zn_get(struct vct_ctx *c, struct zn *z, uint64_t zi)
{
	struct zdesc d;
	uint8_t st;

	if (zn_report(c, z, zi * z->zs, &d, 1, &st) != 1)
		vct_skip(c, "device: a zone report at sector %llu gave no descriptor (%s)",
			 (unsigned long long)(zi * z->zs), zstatus(st));
	return d;
}

/*
 * The index of the @nth zone (from 0) of type @type (0: any but SWR) in
 * state @state (0: any), or -1.
 */
static int64_t zn_find(struct vct_ctx *c, struct zn *z, uint8_t type, uint8_t state, unsigned int nth)
{
	struct zdesc d[64];

	for (uint64_t zi = 0; zi < z->nzones;) {
		uint8_t st;
		int n = zn_report(c, z, zi * z->zs, d, 64, &st);

		if (n <= 0)
			vct_skip(c, "device: a zone report at sector %llu failed (%s)", (unsigned long long)(zi * z->zs),
				 zstatus(st));
		for (int i = 0; i < n; i++, zi++)
			if ((type ? d[i].type == type : d[i].type != ZT_SWR) && (!state || d[i].state == state) &&
			    !nth--)
				return (int64_t)zi;
	}
	return -1;
}

/* Like zn_find, SKIPping with @what when there is no such zone. */
static uint64_t zn_need(struct vct_ctx *c, struct zn *z, uint8_t type, uint8_t state, unsigned int nth,
			const char *what)
{
	int64_t zi = zn_find(c, z, type, state, nth);

	if (zi < 0)
		vct_skip(c, "device: no %s", what);
	return (uint64_t)zi;
}

static uint8_t zn_op(struct vct_ctx *c, struct zn *z, uint32_t type, uint64_t zi)
{
	return vct_blk_io(c, z->b.vq[0], type, zi * z->zs, NULL, 0, false);
}

/* A write of @n sectors at @sector (a pattern from @seed). */
static uint8_t zn_write(struct vct_ctx *c, struct zn *z, uint64_t sector, uint32_t n, uint8_t seed)
{
	uint8_t *buf;

	if ((uint64_t)n * 512 > ZN_MAX_IO)
		vct_skip(c, "device: a write of %u sectors is more than this check sends", n);
	buf = zn_buf;
	vct_blk_pattern(buf, (size_t)n * 512, seed);
	return vct_blk_io(c, z->b.vq[0], VIRTIO_BLK_T_OUT, sector, buf, n * 512, false);
}

/* A zone append of @n sectors to the zone starting at @sector; *@at gets append_sector. */
static uint8_t zn_append(struct vct_ctx *c, struct zn *z, uint64_t sector, uint32_t n, uint64_t *at)
{
	uint8_t tail[8] = { 0 }, *buf;
	struct vct_blk_req r = { .type = T_ZONE_APPEND, .sector = sector, .len = n * 512, .tail = 8, .tail_out = tail };

	if ((uint64_t)n * 512 > ZN_MAX_IO)
		vct_skip(c, "device: an append of %u sectors is more than this check sends", n);
	buf = zn_buf;
	vct_blk_pattern(buf, (size_t)n * 512, 0x77);
	r.data = buf;
	vct_blk_do(c, z->b.vq[0], &r);
	if (at)
		*at = le64toh(*(uint64_t *)tail);
	return r.status;
}

/* Open, write and close zones until @max are active or the device refuses; the refusal's status or OK. */
static uint8_t zn_fill_active(struct vct_ctx *c, struct zn *z, uint32_t max, uint32_t *done)
{
	*done = 0;
	while (*done < max) {
		int64_t zi = zn_find(c, z, ZT_SWR, ZS_EMPTY, 0);
		uint8_t s;

		if (zi < 0)
			vct_skip(c, "device: fewer than %u empty sequential zones", max + 1);
		s = zn_write(c, z, (uint64_t)zi * z->zs, z->wsec, 0x21);
		if (s != VIRTIO_BLK_S_OK)
			return s;
		s = zn_op(c, z, T_ZONE_CLOSE, (uint64_t)zi);
		if (s != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: close of an implicitly open zone completed with %s", zstatus(s));
		(*done)++;
	}
	return VIRTIO_BLK_S_OK;
}

/* Open @max empty sequential zones explicitly, or until one is refused: the refusal's status or OK; *@zi the last tried. */
static uint8_t zn_fill_open(struct vct_ctx *c, struct zn *z, uint32_t max, uint32_t *done, int64_t *zi)
{
	*done = 0;
	while (*done < max) {
		uint8_t s;

		*zi = zn_find(c, z, ZT_SWR, ZS_EMPTY, 0);
		if (*zi < 0)
			vct_skip(c, "device: fewer than %u empty sequential zones", max + 1);
		s = zn_op(c, z, T_ZONE_OPEN, (uint64_t)*zi);
		if (s != VIRTIO_BLK_S_OK)
			return s;
		(*done)++;
	}
	return VIRTIO_BLK_S_OK;
}

static bool resource_status(uint8_t s)
{
	return s == S_ZONE_OPEN_RESOURCE || s == S_ZONE_ACTIVE_RESOURCE;
}

/* ---- configuration ---- */

/* D-d0deb8de: a host-managed device refuses FEATURES_OK when the driver did not accept ZONED. */
static void hm_needs_zoned(struct vct_ctx *c)
{
	struct zn z;
	uint64_t f[2];

	zn_read_cfg(c, &z, 0);
	if (z.model != Z_HM)
		vct_skip(c, "device: zoned model %u, not host-managed (1)", z.model);
	vct_dev_default_features(c->vd, f);
	vct_clear(f, BLK_F_ZONED);
	vct_clear(f, BLK_F_DISCARD);
	vct_c_negotiate_refused(c, f, "FEATURES_OK of a host-managed zoned device, VIRTIO_BLK_F_ZONED not accepted");
}

/* D-9a6a419e: model is NONE (0), HM (1) or HA (2). */
static void model_value(struct vct_ctx *c)
{
	struct zn z;

	zn_read_cfg(c, &z, 0);
	vct_report(c, z.model <= Z_HA, "zoned model", "VIRTIO_BLK_Z_NONE, _HM or _HA (0..2)", "%u", z.model);
}

/* D-924656a1 (SHOULD): a host-aware (or drive-managed) device the driver runs as non-zoned shows zero zoned fields. */
static void fields_zero_unaccepted(struct vct_ctx *c)
{
	struct zn z;
	uint8_t f[24];

	zn_read_cfg(c, &z, 0);
	if (z.model == Z_HM)
		vct_skip(c, "device: host-managed: it runs only with VIRTIO_BLK_F_ZONED");
	vct_blk_bring(c, &z.b, 0, 1ULL << BLK_F_ZONED);
	vct_c_config(c, BLK_CFG_ZONED, f, sizeof(f));
	for (size_t i = 0; i < sizeof(f); i++)
		if (f[i]) {
			vct_report(c, false, "zoned characteristics with VIRTIO_BLK_F_ZONED not accepted", "all zero",
				   "byte %zu (offset %zu): 0x%02x", i, BLK_CFG_ZONED + i, f[i]);
			return;
		}
	vct_report(c, true, "zoned characteristics with VIRTIO_BLK_F_ZONED not accepted", "all zero", "zero");
}

/* D-b0acecf6: zone_sectors is the size of a zone: zones start zone_sectors apart, the last one included. */
static void zone_sectors_size(struct vct_ctx *c)
{
	struct zn z;
	struct zdesc d[8];
	uint8_t st;
	int n;

	zn_setup(c, &z, 0);
	n = zn_report(c, &z, 0, d, 8, &st);
	if (n <= 0)
		vct_skip(c, "device: a zone report from sector 0 gave nothing (%s)", zstatus(st));
	for (int i = 0; i < n; i++)
		if (d[i].start != (uint64_t)i * z.zs) {
			vct_report(c, false, "zone start in a report from sector 0", "zone index * zone_sectors",
				   "zone %d starts at %llu, zone_sectors %u", i, (unsigned long long)d[i].start, z.zs);
			return;
		}
	n = zn_report(c, &z, z.cap - 1, d, 1, &st);
	if (n != 1)
		vct_skip(c, "device: a zone report at the last sector gave nothing (%s)", zstatus(st));
	vct_report(c, d[0].start == (z.nzones - 1) * z.zs, "start of the zone holding the last sector",
		   "(nr_zones - 1) * zone_sectors", "%llu, expected %llu (zone_sectors %u, capacity %llu)",
		   (unsigned long long)d[0].start, (unsigned long long)((z.nzones - 1) * z.zs), z.zs,
		   (unsigned long long)z.cap);
}

/* D-975342cc: max_open_zones zones open, and no more. */
static void max_open_zones(struct vct_ctx *c)
{
	struct zn z;
	uint32_t done;
	int64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (!z.max_open)
		vct_skip(c, "device: max_open_zones 0 (no limit)");
	if (z.max_active && z.max_active <= z.max_open)
		vct_skip(c, "device: max_active_zones %u <= max_open_zones %u: the active limit comes first", z.max_active,
			 z.max_open);
	s = zn_fill_open(c, &z, z.max_open, &done, &zi);
	vct_report(c, s == VIRTIO_BLK_S_OK, "explicit opens of empty zones up to max_open_zones",
		   "all completed with VIRTIO_BLK_S_OK", "open %u of %u: %s", done + 1, z.max_open, zstatus(s));
	if (s != VIRTIO_BLK_S_OK)
		return;
	s = zn_fill_open(c, &z, 1, &done, &zi);
	vct_report(c, s != VIRTIO_BLK_S_OK, "explicit open of one zone more than max_open_zones", "refused",
		   "VIRTIO_BLK_S_OK (max_open_zones %u)", z.max_open);
}

/* D-86bfa75b: max_active_zones zones active (closed after a write), and no more. */
static void max_active_zones(struct vct_ctx *c)
{
	struct zn z;
	uint32_t done;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (!z.max_active)
		vct_skip(c, "device: max_active_zones 0 (no limit)");
	s = zn_fill_active(c, &z, z.max_active, &done);
	vct_report(c, s == VIRTIO_BLK_S_OK, "writes opening empty zones, each closed after, up to max_active_zones",
		   "all completed with VIRTIO_BLK_S_OK", "zone %u of %u: %s", done + 1, z.max_active, zstatus(s));
	if (s != VIRTIO_BLK_S_OK)
		return;
	s = zn_fill_active(c, &z, 1, &done);
	vct_report(c, s != VIRTIO_BLK_S_OK, "a write opening one zone more than max_active_zones", "refused",
		   "VIRTIO_BLK_S_OK (max_active_zones %u)", z.max_active);
}

/* An empty sequential zone with a capacity of at least @n sectors, for appends. */
static uint64_t zn_append_zone(struct vct_ctx *c, struct zn *z, uint32_t n)
{
	uint64_t zi = zn_need(c, z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");

	if (zn_get(c, z, zi).cap < n)
		vct_skip(c, "device: zone capacity below the %u sectors this check appends", n);
	return zi;
}

/* D-f7300c7f: an append of max_append_sectors succeeds. */
static void max_append_takes(struct vct_ctx *c)
{
	struct zn z;
	uint32_t n;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	n = z.max_append / z.wsec * z.wsec;
	if (!n)
		vct_skip(c, "device: max_append_sectors %u: no append (a MAY)", z.max_append);
	zi = zn_append_zone(c, &z, n);
	s = zn_append(c, &z, zi * z.zs, n, NULL);
	vct_report(c, s == VIRTIO_BLK_S_OK, "a zone append of max_append_sectors to an empty zone",
		   "VIRTIO_BLK_S_OK", "%u sectors: %s", n, zstatus(s));
}

/* D-16bea143: max_append_sectors (in bytes) is at most seg_max * size_max. */
static void max_append_bound(struct vct_ctx *c)
{
	struct zn z;
	uint64_t segmax, sizemax;

	zn_read_cfg(c, &z, 1ULL << BLK_F_SEG_MAX | 1ULL << BLK_F_SIZE_MAX);
	if (!vct_has(c->vd->features, BLK_F_SEG_MAX) || !vct_has(c->vd->features, BLK_F_SIZE_MAX))
		vct_skip(c, "not offered: VIRTIO_BLK_F_SEG_MAX and VIRTIO_BLK_F_SIZE_MAX (no seg_max * size_max to compare)");
	segmax = vct_blk_cfg32(c, BLK_CFG_SEG_MAX);
	sizemax = vct_blk_cfg32(c, BLK_CFG_SIZE_MAX);
	vct_report(c, (uint64_t)z.max_append * 512 <= segmax * sizemax, "max_append_sectors * 512",
		   "at most seg_max * size_max bytes", "%u sectors, seg_max %llu, size_max %llu", z.max_append,
		   (unsigned long long)segmax, (unsigned long long)sizemax);
}

/* D-429ebc24: write_granularity is the constraint: writes of that size at the write pointer succeed. */
static void write_granularity_holds(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;

	zn_setup(c, &z, 0);
	vct_report(c, z.gran != 0, "write_granularity", "set (nonzero)", "0");
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	for (uint32_t k = 0; k < 2; k++) {
		uint8_t s = zn_write(c, &z, zi * z.zs + k * z.wsec, z.wsec, (uint8_t)k);

		vct_report(c, s == VIRTIO_BLK_S_OK, "a write of write_granularity bytes at the write pointer",
			   "VIRTIO_BLK_S_OK", "write %u (%u sectors, write_granularity %u): %s", k + 1, z.wsec, z.gran,
			   zstatus(s));
	}
}

/* D-60d635cb: unused2 reads 0. */
static void unused2_zero(struct vct_ctx *c)
{
	struct zn z;
	uint8_t u[3];

	zn_read_cfg(c, &z, 0);
	vct_c_config(c, BLK_CFG_ZONED + 21, u, 3);
	vct_report(c, !u[0] && !u[1] && !u[2], "zoned unused2 padding", "0", "%02x %02x %02x", u[0], u[1], u[2]);
}

/* ---- zone management ---- */

/* D-d2ba1d7e: open, close, finish and reset of a conventional zone end with ZONE_INVALID_CMD. */
static void conventional_ops_invalid(struct vct_ctx *c)
{
	static const uint32_t ops[] = { T_ZONE_OPEN, T_ZONE_CLOSE, T_ZONE_FINISH, T_ZONE_RESET };
	struct zn z;
	uint64_t zi;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_CONV, 0, 0, "conventional zone");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		uint8_t s = zn_op(c, &z, ops[i], zi);

		vct_report(c, s == S_ZONE_INVALID_CMD, "zone management request on a conventional zone",
			   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "type %u on zone %llu: %s", ops[i], (unsigned long long)zi,
			   zstatus(s));
	}
}

/* D-913e7b42: an append to a zone that is not sequential-write-required ends with ZONE_INVALID_CMD. */
static void append_non_swr_invalid(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, 0, 0, 0, "zone other than sequential-write-required");
	s = zn_append(c, &z, zi * z.zs, z.wsec, NULL);
	vct_report(c, s == S_ZONE_INVALID_CMD, "zone append to a zone that is not sequential-write-required",
		   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "zone %llu: %s", (unsigned long long)zi, zstatus(s));
}

/* An empty sequential zone finished: it must read full, else SKIP. */
static uint64_t zn_full_zone(struct vct_ctx *c, struct zn *z)
{
	uint64_t zi = zn_need(c, z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	uint8_t s = zn_op(c, z, T_ZONE_FINISH, zi);

	if (s != VIRTIO_BLK_S_OK || zn_get(c, z, zi).state != ZS_FULL)
		vct_skip(c, "device: finishing an empty zone gave %s and state %u, not a full zone", zstatus(s),
			 zn_get(c, z, zi).state);
	return zi;
}

/* D-7e875590: an open that cannot be performed (a full zone) ends with ZONE_INVALID_CMD. */
static void open_full_invalid(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_full_zone(c, &z);
	s = zn_op(c, &z, T_ZONE_OPEN, zi);
	vct_report(c, s == S_ZONE_INVALID_CMD, "explicit open of a full zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)",
		   "%s", zstatus(s));
}

/* D-8b6365a1: a close that cannot be performed (a full zone) ends with ZONE_INVALID_CMD. */
static void close_full_invalid(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_full_zone(c, &z);
	s = zn_op(c, &z, T_ZONE_CLOSE, zi);
	vct_report(c, s == S_ZONE_INVALID_CMD, "close of a full zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%s",
		   zstatus(s));
}

/*
 * @op on every zone it cannot act on: a conventional zone and each zone
 * in the read-only or offline condition: ZONE_INVALID_CMD and the zone as
 * it was (D-338ad83c finish, D-dc911c6f reset).
 */
static void impossible_op(struct vct_ctx *c, uint32_t op, const char *name)
{
	struct zn z;
	unsigned int tried = 0;
	int64_t zi;

	zn_setup(c, &z, 0);
	for (int k = 0; k < 3; k++)
		for (unsigned int nth = 0; nth < (k ? 4u : 1u); nth++) {
			struct zdesc before, after;
			uint8_t s;

			zi = k == 0 ? zn_find(c, &z, ZT_CONV, 0, nth) : zn_find(c, &z, ZT_SWR, k == 1 ? ZS_RDONLY : ZS_OFFLINE, nth);
			if (zi < 0)
				break;
			before = zn_get(c, &z, (uint64_t)zi);
			s = zn_op(c, &z, op, (uint64_t)zi);
			after = zn_get(c, &z, (uint64_t)zi);
			vct_report(c, s == S_ZONE_INVALID_CMD, name, "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)",
				   "zone %lld (type %u, state %u): %s", (long long)zi, before.type, before.state, zstatus(s));
			vct_report(c, after.state == before.state, "zone state after a refused request", "unchanged",
				   "zone %lld: %u, was %u", (long long)zi, after.state, before.state);
			tried++;
		}
	if (!tried)
		vct_skip(c, "device: no conventional, read-only or offline zone: every zone takes the request");
}

static void finish_impossible(struct vct_ctx *c)
{
	impossible_op(c, T_ZONE_FINISH, "finish of a zone that cannot become full");
}

static void reset_impossible(struct vct_ctx *c)
{
	impossible_op(c, T_ZONE_RESET, "reset of a zone that cannot become empty");
}

/* D-49a62cc2: an explicit open beyond the resource limits ends with a resource status and changes nothing. */
static void open_resource_refused(struct vct_ctx *c)
{
	struct zn z;
	uint32_t lim, done;
	int64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	lim = z.max_open && (!z.max_active || z.max_open < z.max_active) ? z.max_open : z.max_active;
	if (!lim)
		vct_skip(c, "device: no open or active zone limit");
	s = zn_fill_open(c, &z, lim + 1, &done, &zi);
	if (s == VIRTIO_BLK_S_OK)
		vct_skip(c, "device: %u explicit opens all completed; max_open_zones / max_active_zones checks judge that", lim + 1);
	vct_report(c, resource_status(s), "status of an explicit open beyond the zone resources",
		   "VIRTIO_BLK_S_ZONE_OPEN_RESOURCE or _ACTIVE_RESOURCE", "open %u: %s", done + 1, zstatus(s));
	vct_report(c, zn_get(c, &z, (uint64_t)zi).state == ZS_EMPTY, "state of the zone whose open was refused",
		   "unchanged (empty)", "%u", zn_get(c, &z, (uint64_t)zi).state);
}

/* D-1c1ad022: a write to an empty zone when no zone can be opened ends with a resource status. */
static void implicit_open_resource(struct vct_ctx *c)
{
	struct zn z;
	uint32_t lim, done;
	int64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	lim = z.max_open && (!z.max_active || z.max_open < z.max_active) ? z.max_open : z.max_active;
	if (!lim)
		vct_skip(c, "device: no open or active zone limit");
	/* explicitly open zones cannot be closed by the device to make room */
	s = zn_fill_open(c, &z, lim, &done, &zi);
	if (s != VIRTIO_BLK_S_OK && !resource_status(s))
		vct_skip(c, "device: explicit open %u completed with %s", done + 1, zstatus(s));
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty zone left");
	s = zn_write(c, &z, (uint64_t)zi * z.zs, z.wsec, 0x31);
	vct_report(c, resource_status(s), "a write to an empty zone with every open resource taken",
		   "VIRTIO_BLK_S_ZONE_OPEN_RESOURCE or _ACTIVE_RESOURCE", "%s (%u zones explicitly open)", zstatus(s),
		   done);
}

/* ---- writes and appends ---- */

/* D-844b9491: an append whose sector is not a zone start ends with ZONE_INVALID_CMD. */
static void append_not_zone_start(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (z.max_append < z.wsec)
		vct_skip(c, "device: max_append_sectors %u: no append", z.max_append);
	zi = zn_append_zone(c, &z, 2 * z.wsec);
	s = zn_append(c, &z, zi * z.zs + z.wsec, z.wsec, NULL);
	vct_report(c, s == S_ZONE_INVALID_CMD, "zone append with a sector inside the zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)",
		   "%s", zstatus(s));
}

/* D-5dabf6e2: a write past the zone's writable capacity ends with ZONE_INVALID_CMD. */
static void write_past_capacity(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint32_t n;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	n = (uint32_t)zn_get(c, &z, zi).cap + z.wsec;
	s = zn_write(c, &z, zi * z.zs, n, 0x41);
	vct_report(c, s == S_ZONE_INVALID_CMD, "a write at the write pointer longer than the zone capacity",
		   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%u sectors (capacity %llu): %s", n,
		   (unsigned long long)zn_get(c, &z, zi).cap, zstatus(s));
}

/* D-c3e88449: a completed append reports the first sector it wrote (the write pointer before it). */
static void append_sector_reported(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi, at = 0;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (z.max_append < z.wsec)
		vct_skip(c, "device: max_append_sectors %u: no append", z.max_append);
	zi = zn_append_zone(c, &z, 2 * z.wsec);
	s = zn_write(c, &z, zi * z.zs, z.wsec, 0x51);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: a write at the start of an empty zone completed with %s", zstatus(s));
	s = zn_append(c, &z, zi * z.zs, z.wsec, &at);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: the append completed with %s (append_sector undefined)", zstatus(s));
	vct_report(c, at == zi * z.zs + z.wsec, "append_sector of a completed zone append",
		   "the write pointer before it", "%llu, expected %llu", (unsigned long long)at,
		   (unsigned long long)(zi * z.zs + z.wsec));
}

/* D-37e6e03e: with max_append_sectors 0, an append (every size exceeds it) ends with UNSUPP. */
static void append_unsupported(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (z.max_append)
		vct_skip(c, "device: max_append_sectors %u: appends supported", z.max_append);
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	s = zn_append(c, &z, zi * z.zs, z.wsec, NULL);
	vct_report(c, s == VIRTIO_BLK_S_UNSUPP, "zone append with max_append_sectors 0", "VIRTIO_BLK_S_UNSUPP (2)",
		   "%s", zstatus(s));
}

/* D-47dbe04c: an append above a nonzero max_append_sectors ends with ZONE_INVALID_CMD. */
static void append_oversize(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	if (!z.max_append)
		vct_skip(c, "device: max_append_sectors 0 (D-37e6e03e's case)");
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	s = zn_append(c, &z, zi * z.zs, z.max_append + z.wsec, NULL);
	vct_report(c, s == S_ZONE_INVALID_CMD, "zone append larger than max_append_sectors",
		   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%u sectors (max %u): %s", z.max_append + z.wsec, z.max_append,
		   zstatus(s));
}

/* D-9c850fa2: a read spanning two sequential zones ends with ZONE_INVALID_CMD. */
static void cross_zone_read(struct vct_ctx *c)
{
	struct zn z;
	uint8_t buf[1024];
	int64_t zi = -1;
	uint8_t s;

	zn_setup(c, &z, 0);
	for (unsigned int nth = 0; nth < 8 && zi < 0; nth++) {
		int64_t k = zn_find(c, &z, ZT_SWR, 0, nth);

		if (k < 0)
			break;
		if ((uint64_t)k + 1 < z.nzones && zn_get(c, &z, (uint64_t)k + 1).type == ZT_SWR)
			zi = k;
	}
	if (zi < 0)
		vct_skip(c, "device: no two adjacent sequential-write-required zones");
	s = vct_blk_io(c, z.b.vq[0], VIRTIO_BLK_T_IN, ((uint64_t)zi + 1) * z.zs - 1, buf, sizeof(buf), true);
	/* a device may fail reads of unwritten data (D-70ff41bc): then IOERR says nothing of the crossing */
	if (s == VIRTIO_BLK_S_IOERR &&
	    vct_blk_io(c, z.b.vq[0], VIRTIO_BLK_T_IN, ((uint64_t)zi + 1) * z.zs - 1, buf, 512, true) == VIRTIO_BLK_S_IOERR)
		vct_skip(c, "device: fails reads of unwritten sectors, so a failed crossing read is not the crossing's");
	vct_report(c, s == S_ZONE_INVALID_CMD, "a read of the last sector of a zone and the first of the next",
		   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "zones %lld and %lld: %s", (long long)zi, (long long)zi + 1,
		   zstatus(s));
}

/* D-424811c0: a write not at the write pointer ends with ZONE_UNALIGNED_WP. */
static void write_off_pointer(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	s = zn_write(c, &z, zi * z.zs + z.wsec, z.wsec, 0x61);
	vct_report(c, s == S_ZONE_UNALIGNED_WP, "a write past the write pointer of an empty zone",
		   "VIRTIO_BLK_S_ZONE_UNALIGNED_WP (4)", "%s", zstatus(s));
}

/* D-a91d5b5c: writes and appends to a read-only zone end with ZONE_INVALID_CMD. */
static void rdonly_zone_write(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_RDONLY, 0, "zone in the read-only condition (a device sets it on a failure)");
	s = zn_write(c, &z, zi * z.zs, z.wsec, 0x71);	/* at the zone start: the write pointer of a read-only zone is undefined */
	vct_report(c, s == S_ZONE_INVALID_CMD, "a write to a read-only zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%s",
		   zstatus(s));
	if (z.max_append >= z.wsec) {
		s = zn_append(c, &z, zi * z.zs, z.wsec, NULL);
		vct_report(c, s == S_ZONE_INVALID_CMD, "a zone append to a read-only zone",
			   "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%s", zstatus(s));
	}
}

/* D-79d33d6f: any request to an offline zone ends with ZONE_INVALID_CMD: a read, a write. */
static void offline_zone_requests(struct vct_ctx *c)
{
	struct zn z;
	uint8_t buf[512];
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_OFFLINE, 0, "zone in the offline condition (a device sets it on a failure)");
	s = vct_blk_io(c, z.b.vq[0], VIRTIO_BLK_T_IN, zi * z.zs, buf, sizeof(buf), true);
	vct_report(c, s == S_ZONE_INVALID_CMD, "a read of an offline zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%s",
		   zstatus(s));
	s = zn_write(c, &z, zi * z.zs, z.wsec, 0x72);
	vct_report(c, s == S_ZONE_INVALID_CMD, "a write to an offline zone", "VIRTIO_BLK_S_ZONE_INVALID_CMD (3)", "%s",
		   zstatus(s));
}

/* ---- unwritten data ---- */

/* D-39c3bab6: after a zone reset the sectors past the write pointer are unwritten: the old data is gone. */
static void reset_leaves_unwritten(struct vct_ctx *c)
{
	struct zn z;
	uint64_t zi;
	uint32_t len;
	uint8_t *old, *now, s;

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	len = z.wsec * 512;
	s = zn_write(c, &z, zi * z.zs, z.wsec, 0x81);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: a write at the start of an empty zone completed with %s", zstatus(s));
	s = zn_op(c, &z, T_ZONE_RESET, zi);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: the zone reset completed with %s", zstatus(s));
	if (2 * len > ZN_MAX_IO)
		vct_skip(c, "device: write_granularity too large for this check");
	old = zn_buf;
	now = zn_buf + len;
	vct_blk_pattern(old, len, 0x81);
	s = vct_blk_io(c, z.b.vq[0], VIRTIO_BLK_T_IN, zi * z.zs, now, len, true);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: the read of the reset zone failed (%s): unwritten data may fail a read", zstatus(s));
	vct_report(c, memcmp(old, now, len) != 0, "sectors of a reset zone, read", "unwritten data (a fill pattern)",
		   "the data written before the reset");
}

/* D-70ff41bc: a read of unwritten sectors fills them (or fails): it never leaves the buffer as it was. */
static void unwritten_filled(struct vct_ctx *c)
{
	static const uint8_t poison[2] = { 0xee, 0x11 };
	struct zn z;
	uint64_t zi;
	uint32_t len;
	uint8_t *buf[2];

	zn_setup(c, &z, 0);
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	len = z.wsec * 512;
	if (2 * len > ZN_MAX_IO)
		vct_skip(c, "device: write_granularity too large for this check");
	for (int k = 0; k < 2; k++) {
		struct vct_blk_req r = { .type = VIRTIO_BLK_T_IN, .sector = zi * z.zs, .len = len, .data_in = true,
					 .poison = poison[k] };

		buf[k] = zn_buf + k * len;
		r.data = buf[k];
		vct_blk_do(c, z.b.vq[0], &r);
		if (r.status != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: the read of unwritten sectors failed (%s): the other way allowed", zstatus(r.status));
	}
	for (uint32_t i = 0; i < len; i++)
		if (buf[0][i] == poison[0] && buf[1][i] == poison[1]) {
			vct_report(c, false, "a completed read of unwritten sectors", "filled with the device's pattern",
				   "byte %u left as the driver's buffer had it (0x%02x, then 0x%02x)", i, poison[0], poison[1]);
			return;
		}
	vct_report(c, true, "a completed read of unwritten sectors", "filled with the device's pattern", "filled");
}

/* ---- secure erase ---- */

/* D-54e22fac: with ZONED and SECURE_ERASE, secure_erase_sector_alignment is a multiple of zone_sectors. */
static void erase_alignment(struct vct_ctx *c)
{
	struct zn z;
	uint32_t a;

	zn_read_cfg(c, &z, 1ULL << BLK_F_SECURE_ERASE);
	if (!vct_has(c->vd->features, BLK_F_SECURE_ERASE))
		vct_skip(c, "not offered: the device does not offer VIRTIO_BLK_F_SECURE_ERASE");
	if (!z.zs)
		vct_skip(c, "device: zone_sectors 0");
	a = vct_blk_cfg32(c, BLK_CFG_SE_ALIGN);
	vct_report(c, a % z.zs == 0, "secure_erase_sector_alignment", "a multiple of zone_sectors", "%u (zone_sectors %u)",
		   a, z.zs);
}

/* D-692e97b9: secure erase of a zone resets it: empty, write pointer at the start. */
static void erase_resets_zone(struct vct_ctx *c)
{
	struct zn z;
	struct zdesc d;
	uint64_t zi;
	uint8_t s;

	zn_setup(c, &z, 1ULL << BLK_F_SECURE_ERASE);
	if (!vct_has(c->vd->features, BLK_F_SECURE_ERASE))
		vct_skip(c, "not offered: the device does not offer VIRTIO_BLK_F_SECURE_ERASE");
	if (vct_blk_cfg32(c, 60) < z.zs || !vct_blk_cfg32(c, 64))
		vct_skip(c, "device: max_secure_erase_sectors %u / max_secure_erase_seg %u: no whole zone", vct_blk_cfg32(c, 60),
			 vct_blk_cfg32(c, 64));
	zi = zn_need(c, &z, ZT_SWR, ZS_EMPTY, 0, "empty sequential-write-required zone");
	s = zn_write(c, &z, zi * z.zs, z.wsec, 0x91);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: a write at the start of an empty zone completed with %s", zstatus(s));
	s = vct_blk_range(c, z.b.vq[0], BLK_T_SECURE_ERASE, zi * z.zs, z.zs, 0);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: secure erase of the zone completed with %s", zstatus(s));
	d = zn_get(c, &z, zi);
	vct_report(c, d.state == ZS_EMPTY && d.wp == d.start, "a zone after a completed secure erase of it",
		   "as after a zone reset: empty, write pointer at the zone start", "state %u, wp %llu (start %llu)", d.state,
		   (unsigned long long)d.wp, (unsigned long long)d.start);
}

#define ZN_CHECK(nm, id, fn) VCT_CHECK("blk.zoned." nm, id, fn, .type = VCT_ID_BLOCK)

static const struct vct_check checks[] = {
	ZN_CHECK("hm_needs_zoned", "D-d0deb8de", hm_needs_zoned),
	ZN_CHECK("model_value", "D-9a6a419e", model_value),
	ZN_CHECK("fields_zero_unaccepted", "D-924656a1", fields_zero_unaccepted),
	ZN_CHECK("zone_sectors_size", "D-b0acecf6", zone_sectors_size),
	ZN_CHECK("max_open_zones", "D-975342cc", max_open_zones),
	ZN_CHECK("max_active_zones", "D-86bfa75b", max_active_zones),
	ZN_CHECK("max_append_takes", "D-f7300c7f", max_append_takes),
	ZN_CHECK("max_append_bound", "D-16bea143", max_append_bound),
	ZN_CHECK("write_granularity_holds", "D-429ebc24", write_granularity_holds),
	ZN_CHECK("unused2_zero", "D-60d635cb", unused2_zero),
	ZN_CHECK("conventional_ops_invalid", "D-d2ba1d7e", conventional_ops_invalid),
	ZN_CHECK("append_non_swr_invalid", "D-913e7b42", append_non_swr_invalid),
	ZN_CHECK("open_full_invalid", "D-7e875590", open_full_invalid),
	ZN_CHECK("open_resource_refused", "D-49a62cc2", open_resource_refused),
	ZN_CHECK("close_full_invalid", "D-8b6365a1", close_full_invalid),
	ZN_CHECK("finish_impossible", "D-338ad83c", finish_impossible),
	ZN_CHECK("reset_impossible", "D-dc911c6f", reset_impossible),
	ZN_CHECK("implicit_open_resource", "D-1c1ad022", implicit_open_resource),
	ZN_CHECK("append_not_zone_start", "D-844b9491", append_not_zone_start),
	ZN_CHECK("write_past_capacity", "D-5dabf6e2", write_past_capacity),
	ZN_CHECK("append_sector_reported", "D-c3e88449", append_sector_reported),
	ZN_CHECK("append_unsupported", "D-37e6e03e", append_unsupported),
	ZN_CHECK("append_oversize", "D-47dbe04c", append_oversize),
	ZN_CHECK("cross_zone_read", "D-9c850fa2", cross_zone_read),
	ZN_CHECK("write_off_pointer", "D-424811c0", write_off_pointer),
	ZN_CHECK("rdonly_zone_write", "D-a91d5b5c", rdonly_zone_write),
	ZN_CHECK("offline_zone_requests", "D-79d33d6f", offline_zone_requests),
	ZN_CHECK("reset_leaves_unwritten", "D-39c3bab6", reset_leaves_unwritten),
	ZN_CHECK("unwritten_filled", "D-70ff41bc", unwritten_filled),
	ZN_CHECK("erase_alignment", "D-54e22fac", erase_alignment),
	ZN_CHECK("erase_resets_zone", "D-692e97b9", erase_resets_zone),
};

VCT_SUITE(vct_suite_blk_zoned, "blk/zoned", checks);
