/* SPDX-License-Identifier: MIT */
/*
 * refdev: the zoned block model (",zoned": VIRTIO_BLK_F_ZONED, host-managed;
 * the blk-zoned-ha-fields-kept quirk makes it host-aware instead).
 *
 * This file is a part of refdev.c, included by it before the block request
 * handler, so that it sees the device's state and DMA helpers without making
 * them public. Built on its own it is empty.
 *
 * The 16 MiB disk is 256 zones of ZN_SECTORS sectors: zones 0 and 1
 * conventional, 2..253 sequential-write-required with a writable capacity
 * of ZN_CAP sectors, 254 read-only (its data readable) and 255 offline, so
 * that every zone condition a driver can meet is there. Limits: ZN_MAX_OPEN
 * open and ZN_MAX_ACTIVE active zones; an implicit open at the open limit
 * closes the lowest implicitly open zone (the spec's MAY). Sectors past a
 * zone's written end read as zeroes (the device-specific fill pattern).
 * Zone state lives with the medium: it survives a device reset.
 */
#ifdef RD_ZONED_IMPL

#define ZN_ZONES		256
#define ZN_SECTORS		128
#define ZN_CAP			120
#define ZN_CONV			2
#define ZN_RDONLY		254
#define ZN_OFFLINE		255
#define ZN_MAX_OPEN		4
#define ZN_MAX_ACTIVE		6
#define ZN_MAX_APPEND		16
#define ZN_GRAN			512

#define ZT_CONV			1
#define ZT_SWR			2
#define ZT_SWP			3
#define ZS_NOT_WP		0
#define ZS_EMPTY		1
#define ZS_IOPEN		2
#define ZS_EOPEN		3
#define ZS_CLOSED		4
#define ZS_RDONLY		13
#define ZS_FULL			14
#define ZS_OFFLINE		15

#define BLK_T_ZONE_APPEND	15
#define BLK_T_ZONE_REPORT	16
#define BLK_T_ZONE_OPEN		18
#define BLK_T_ZONE_CLOSE	20
#define BLK_T_ZONE_FINISH	22
#define BLK_T_ZONE_RESET	24
#define BLK_T_ZONE_RESET_ALL	26
#define BLK_S_ZONE_INVALID_CMD	3
#define BLK_S_ZONE_UNALIGNED_WP	4
#define BLK_S_ZONE_OPEN_RESOURCE 5
#define BLK_S_ZONE_ACTIVE_RESOURCE 6

struct rd_zone {
	uint8_t type, state;
	uint32_t wp;	/* sectors written from the zone start (the write pointer's offset) */
};

struct rd_zoned {
	bool ha;	/* host-aware model (sequential-write-preferred zones) */
	struct rd_zone z[ZN_ZONES];
};

static struct rd_zoned *zn_new(bool ha)
{
	struct rd_zoned *zn = calloc(1, sizeof(*zn));

	if (!zn)
		return NULL;
	zn->ha = ha;
	for (unsigned int i = 0; i < ZN_ZONES; i++) {
		zn->z[i].type = i < ZN_CONV ? ZT_CONV : ha ? ZT_SWP : ZT_SWR;
		zn->z[i].state = i < ZN_CONV ? ZS_NOT_WP : ZS_EMPTY;
	}
	zn->z[ZN_RDONLY].state = ZS_RDONLY;
	zn->z[ZN_RDONLY].wp = ZN_CAP;
	zn->z[ZN_OFFLINE].state = ZS_OFFLINE;
	return zn;
}

/* The zoned characteristics (offset 72) and the secure erase alignment, as the driver should see them. */
static void zn_config(struct refdev *d, bool accepted)
{
	uint8_t *c = d->devcfg;

	memset(c + 72, 0, 24);
	put32(c + 68, QK(d, Q_BLK_ZN_ERASE_ALIGN) ? 8 : ZN_SECTORS);	/* secure_erase_sector_alignment */
	if (!accepted && !QK(d, Q_BLK_ZN_HA_FIELDS_KEPT) && d->zn->ha)
		return;	/* host-aware, not accepted: a regular device, every zoned field 0 */
	put32(c + 72, QK(d, Q_BLK_ZN_SECTORS_WRONG) ? ZN_SECTORS / 2 : ZN_SECTORS);
	put32(c + 76, ZN_MAX_OPEN);
	put32(c + 80, ZN_MAX_ACTIVE);
	put32(c + 84, QK(d, Q_BLK_ZN_APPEND_HUGE) ? 0xffffffffu : QK(d, Q_BLK_ZN_APPEND_ZERO_INVALID) ? 0 : ZN_MAX_APPEND);
	put32(c + 88, ZN_GRAN);
	c[92] = QK(d, Q_BLK_ZN_MODEL_BAD) ? 3 : d->zn->ha ? 2 : 1;
	if (QK(d, Q_BLK_ZN_UNUSED2))
		memset(c + 93, 0x5a, 3);
}

static bool zn_active(const struct refdev *d)
{
	return d->zn && NEG(d, BLK_F_ZONED);
}

static void zn_count(const struct rd_zoned *zn, unsigned int *open, unsigned int *active)
{
	*open = *active = 0;
	for (unsigned int i = 0; i < ZN_ZONES; i++) {
		uint8_t s = zn->z[i].state;

		*open += s == ZS_IOPEN || s == ZS_EOPEN;
		*active += s == ZS_IOPEN || s == ZS_EOPEN || s == ZS_CLOSED;
	}
}

/* Open zone @zi explicitly (ZONE_OPEN) or implicitly (a write); a status. */
static uint8_t zn_open(struct refdev *d, unsigned int zi, bool explicit)
{
	struct rd_zone *z = &d->zn->z[zi];
	unsigned int open, active, max_open = ZN_MAX_OPEN, max_active = ZN_MAX_ACTIVE;
	bool open_ex, act_ex;

	if (z->state == ZS_IOPEN || z->state == ZS_EOPEN) {
		if (explicit)
			z->state = ZS_EOPEN;
		return BLK_S_OK;
	}
	if (z->state == ZS_FULL && explicit && QK(d, Q_BLK_ZN_OPEN_FULL_OK))
		return BLK_S_OK;
	if (z->state != ZS_EMPTY && z->state != ZS_CLOSED)
		return BLK_S_ZONE_INVALID_CMD;
	if (!explicit && QK(d, Q_BLK_ZN_IMPLICIT_NO_LIMIT)) {
		z->state = ZS_IOPEN;
		return BLK_S_OK;
	}
	max_open += QK(d, Q_BLK_ZN_OPEN_LIMIT);
	max_active += QK(d, Q_BLK_ZN_ACTIVE_LIMIT);
	zn_count(d->zn, &open, &active);
	open_ex = open + 1 > max_open;
	act_ex = z->state == ZS_EMPTY && active + 1 > max_active;
	if (open_ex && !explicit && !act_ex) {
		/* the MAY: close an implicitly open zone to make room */
		for (unsigned int i = 0; i < ZN_ZONES; i++)
			if (d->zn->z[i].state == ZS_IOPEN) {
				d->zn->z[i].state = ZS_CLOSED;
				open_ex = false;
				break;
			}
	}
	if (act_ex)
		return BLK_S_ZONE_ACTIVE_RESOURCE;
	if (open_ex)
		return explicit && QK(d, Q_BLK_ZN_OPEN_RES_INVALID) ? BLK_S_ZONE_INVALID_CMD : BLK_S_ZONE_OPEN_RESOURCE;
	z->state = explicit ? ZS_EOPEN : ZS_IOPEN;
	return BLK_S_OK;
}

static void zn_empty(struct rd_zone *z)
{
	z->state = ZS_EMPTY;
	z->wp = 0;
}

/* ZONE_OPEN, _CLOSE, _FINISH, _RESET of the zone at @sector, and _RESET_ALL. */
static uint8_t zn_mgmt(struct refdev *d, uint32_t type, uint64_t sector)
{
	struct rd_zone *z;

	if (type == BLK_T_ZONE_RESET_ALL) {
		for (unsigned int i = 0; i < ZN_ZONES; i++) {
			uint8_t s = d->zn->z[i].state;

			if (s == ZS_IOPEN || s == ZS_EOPEN || s == ZS_CLOSED || s == ZS_FULL)
				zn_empty(&d->zn->z[i]);
		}
		return BLK_S_OK;
	}
	if (sector % ZN_SECTORS || sector >= blk_capacity(d))
		return BLK_S_ZONE_INVALID_CMD;
	z = &d->zn->z[sector / ZN_SECTORS];
	if (z->type == ZT_CONV)
		return QK(d, Q_BLK_ZN_CONV_OPS_OK) ? BLK_S_OK : BLK_S_ZONE_INVALID_CMD;
	switch (type) {
	case BLK_T_ZONE_OPEN:
		return zn_open(d, (unsigned int)(sector / ZN_SECTORS), true);
	case BLK_T_ZONE_CLOSE:
		if (z->state == ZS_IOPEN || z->state == ZS_EOPEN) {
			z->state = z->wp ? ZS_CLOSED : ZS_EMPTY;
			return BLK_S_OK;
		}
		return z->state == ZS_CLOSED || (z->state == ZS_FULL && QK(d, Q_BLK_ZN_CLOSE_FULL_OK))
			       ? BLK_S_OK : BLK_S_ZONE_INVALID_CMD;
	case BLK_T_ZONE_FINISH:
		if (z->state == ZS_RDONLY && QK(d, Q_BLK_ZN_FINISH_RDONLY)) {
			z->state = ZS_FULL;
			return BLK_S_OK;
		}
		if (z->state == ZS_EMPTY || z->state == ZS_IOPEN || z->state == ZS_EOPEN || z->state == ZS_CLOSED ||
		    z->state == ZS_FULL) {
			z->state = ZS_FULL;	/* wp keeps the written end: the rest reads as unwritten */
			return BLK_S_OK;
		}
		return BLK_S_ZONE_INVALID_CMD;
	case BLK_T_ZONE_RESET:
		if (z->state == ZS_RDONLY && QK(d, Q_BLK_ZN_RESET_RDONLY)) {
			zn_empty(z);
			return BLK_S_OK;
		}
		if (z->state == ZS_EMPTY || z->state == ZS_IOPEN || z->state == ZS_EOPEN || z->state == ZS_CLOSED ||
		    z->state == ZS_FULL) {
			zn_empty(z);
			return BLK_S_OK;
		}
		return BLK_S_ZONE_INVALID_CMD;
	}
	return BLK_S_UNSUPP;
}

/* ZONE_REPORT into the writable data area (@din bytes) from the zone holding @sector. */
static uint8_t zn_report(struct refdev *d, const struct rd_chain *c, uint64_t sector, uint64_t din, int *err)
{
	uint8_t h[64] = { 0 }, e[64];
	uint64_t n, first;

	if (din < 64 || sector >= blk_capacity(d))
		return BLK_S_ZONE_INVALID_CMD;
	first = sector / ZN_SECTORS;
	n = (din - 64) / 64;
	if (n > ZN_ZONES - first)
		n = ZN_ZONES - first;
	put64(h, n);
	*err = chain_write(d, c, 0, h, 64);
	for (uint64_t i = 0; i < n && !*err; i++) {
		const struct rd_zone *z = &d->zn->z[first + i];
		uint64_t start = (first + i) * ZN_SECTORS;

		memset(e, 0, sizeof(e));
		put64(e, z->type == ZT_CONV ? ZN_SECTORS : ZN_CAP);
		put64(e + 8, start);
		put64(e + 16, z->type == ZT_CONV ? start + ZN_SECTORS : start + z->wp);
		e[24] = z->type;
		e[25] = z->state;
		*err = chain_write(d, c, 64 + i * 64, e, 64);
	}
	if (!*err && din > 64 + n * 64)
		*err = chain_write(d, c, 64 + n * 64, NULL, din - 64 - n * 64);
	return *err ? BLK_S_IOERR : BLK_S_OK;
}

/* Whether [sector, sector + n) lies in one zone; the zone index. */
static bool zn_one_zone(uint64_t sector, uint64_t n, unsigned int *zi)
{
	*zi = (unsigned int)(sector / ZN_SECTORS);
	return n && (sector + n - 1) / ZN_SECTORS == *zi;
}

/*
 * A read under ZONED: 1 when the zone rules decided (status in *st, the data
 * area filled), 0 when it is a plain read (conventional zones).
 */
static int zn_read(struct refdev *d, const struct rd_chain *c, uint64_t sector, uint64_t dlen, uint8_t *st, int *err)
{
	uint64_t n = dlen / 512;
	unsigned int zi;

	if (dlen % 512 || !n || sector >= blk_capacity(d) || n > blk_capacity(d) - sector)
		return 0;
	if (!zn_one_zone(sector, n, &zi)) {
		bool seq = false;

		for (uint64_t s = sector; s < sector + n; s += ZN_SECTORS - s % ZN_SECTORS)
			seq |= d->zn->z[s / ZN_SECTORS].type != ZT_CONV;
		if (seq && !QK(d, Q_BLK_ZN_CROSS_OK)) {
			*st = BLK_S_ZONE_INVALID_CMD;
			return 1;
		}
		return 0;
	}
	if (d->zn->z[zi].type == ZT_CONV)
		return 0;
	if (d->zn->z[zi].state == ZS_OFFLINE && !QK(d, Q_BLK_ZN_OFFLINE_READABLE)) {
		*st = BLK_S_ZONE_INVALID_CMD;
		return 1;
	}
	for (uint64_t i = 0; i < n && !*err; i++) {
		uint64_t s = sector + i, off = s % ZN_SECTORS;

		if (off < d->zn->z[zi].wp || QK(d, Q_BLK_ZN_RESET_STALE))
			*err = chain_write(d, c, i * 512, d->disk + s * 512, 512);
		else if (!QK(d, Q_BLK_ZN_UNWRITTEN_UNFILLED))
			*err = chain_write(d, c, i * 512, NULL, 512);	/* unwritten: the zero fill pattern */
	}
	*st = *err ? BLK_S_IOERR : BLK_S_OK;
	return 1;
}

/*
 * A write (VIRTIO_BLK_T_OUT, or ZONE_APPEND with @append) under ZONED: the
 * status; *@where gets the first sector written. Conventional zones: 0xff
 * (a plain write, done by the caller).
 */
static uint8_t zn_write(struct refdev *d, const struct rd_chain *c, uint64_t sector, uint64_t dlen, bool append,
			uint64_t *where, int *err)
{
	uint64_t n = dlen / 512, start;
	uint32_t gran = QK(d, Q_BLK_ZN_GRANULARITY) ? 4096 : ZN_GRAN, cap = ZN_CAP;
	uint32_t max_append = QK(d, Q_BLK_ZN_APPEND_ZERO_INVALID) ? 0 : QK(d, Q_BLK_ZN_APPEND_SHORT) ? ZN_MAX_APPEND / 2
											 : ZN_MAX_APPEND;
	struct rd_zone *z;
	unsigned int zi;
	uint8_t st;

	if (dlen % 512 || sector >= blk_capacity(d) || n > blk_capacity(d) - sector)
		return BLK_S_IOERR;
	zi = (unsigned int)(sector / ZN_SECTORS);
	z = &d->zn->z[zi];
	start = (uint64_t)zi * ZN_SECTORS;
	if (z->type == ZT_CONV) {
		if (append && !QK(d, Q_BLK_ZN_APPEND_CONV_OK))
			return BLK_S_ZONE_INVALID_CMD;
		if (n && d->zn->z[(sector + n - 1) / ZN_SECTORS].type != ZT_CONV)
			return BLK_S_ZONE_INVALID_CMD;
		*where = sector;
		return 0xff;
	}
	if (z->state == ZS_OFFLINE || z->state == ZS_FULL || (z->state == ZS_RDONLY && !QK(d, Q_BLK_ZN_RDONLY_WRITABLE)))
		return BLK_S_ZONE_INVALID_CMD;
	if (append) {
		if (sector != start && !QK(d, Q_BLK_ZN_APPEND_ANYWHERE))
			return BLK_S_ZONE_INVALID_CMD;
		if (n > max_append && !QK(d, Q_BLK_ZN_APPEND_OVERSIZE_OK))
			return max_append || QK(d, Q_BLK_ZN_APPEND_ZERO_INVALID) ? BLK_S_ZONE_INVALID_CMD : BLK_S_UNSUPP;
		sector = start + z->wp;
	} else if (n && !zn_one_zone(sector, n, &zi)) {
		return BLK_S_ZONE_INVALID_CMD;
	}
	if (QK(d, Q_BLK_ZN_WRITE_PAST_CAP))
		cap = ZN_SECTORS;
	if (sector - start + n > cap)
		return BLK_S_ZONE_INVALID_CMD;
	if (sector != start + z->wp)
		return QK(d, Q_BLK_ZN_UNALIGNED_INVALID) ? BLK_S_ZONE_INVALID_CMD : BLK_S_ZONE_UNALIGNED_WP;
	if ((sector * 512) % gran || dlen % gran)
		return BLK_S_ZONE_UNALIGNED_WP;
	if (z->state == ZS_EMPTY || z->state == ZS_CLOSED) {
		if (!n)
			return BLK_S_OK;
		st = zn_open(d, zi, false);
		if (st != BLK_S_OK)
			return st;
	}
	*err = chain_read(d, c, 16, d->disk + sector * 512, dlen);
	if (*err)
		return BLK_S_IOERR;
	*where = QK(d, Q_BLK_ZN_APPEND_SECTOR_OFF) ? sector + n : sector;
	z->wp += (uint32_t)n;
	if (z->wp >= ZN_CAP)
		z->state = ZS_FULL;
	return BLK_S_OK;
}

/* Secure erase of whole zones: each one as by ZONE_RESET (D-692e97b9). */
static void zn_erase(struct refdev *d, uint64_t sector, uint64_t n)
{
	if (QK(d, Q_BLK_ZN_ERASE_KEEPS_WP))
		return;
	for (uint64_t s = sector - sector % ZN_SECTORS; s < sector + n && s < blk_capacity(d); s += ZN_SECTORS) {
		struct rd_zone *z = &d->zn->z[s / ZN_SECTORS];

		if (z->type != ZT_CONV && z->state != ZS_RDONLY && z->state != ZS_OFFLINE)
			zn_empty(z);
	}
}

#endif
