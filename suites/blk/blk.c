/* SPDX-License-Identifier: MIT */
/*
 * Block device: configuration, data integrity through the queue, read-only
 * disks, discard / write zeroes / secure erase flags, lifetime, cache mode,
 * unsupported commands and the host's configuration changes. The zoned
 * statements are in zoned.c; every request goes through blk_io.c, which
 * varies the descriptor shapes.
 */
#include <string.h>

#include "blk_io.h"

/*
 * 8 sectors from @sector moved as VCT_BLK_BATCH requests in flight at once
 * (a write of @buf, or a read into it); the first status that is not OK, or OK.
 */
static uint8_t blk_span(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, uint8_t *buf)
{
	struct vct_blk_req r[VCT_BLK_BATCH];
	const uint32_t per = 4096 / VCT_BLK_BATCH;

	for (unsigned int i = 0; i < VCT_BLK_BATCH; i++)
		r[i] = (struct vct_blk_req){ .type = type, .sector = sector + i * per / 512, .data = buf + i * per,
					     .len = per, .data_in = type == VIRTIO_BLK_T_IN };
	vct_blk_batch(c, vq, r, VCT_BLK_BATCH);
	for (unsigned int i = 0; i < VCT_BLK_BATCH; i++)
		if (r[i].status != VIRTIO_BLK_S_OK)
			return r[i].status;
	return VIRTIO_BLK_S_OK;
}

/* 8 sectors with a pattern of @seed, written; false if a write failed. */
static bool blk_fill(struct vct_ctx *c, struct vct_vq *vq, uint64_t sector, uint8_t seed)
{
	uint8_t out[4096];

	vct_blk_pattern(out, sizeof(out), seed);
	return blk_span(c, vq, VIRTIO_BLK_T_OUT, sector, out) == VIRTIO_BLK_S_OK;
}

/*
 * D-6f4118c9, the part a driver can see. With VIRTIO_BLK_F_FLUSH offered, a
 * completed write is stable when neither FLUSH nor CONFIG_WCE was negotiated,
 * and an earlier completed write is stable once a FLUSH completed; a stable
 * write must be committed before that completion, so at the least it reads
 * back. (Whether it reached persistent media shows only after a crash of the
 * backend: that part stays unchecked, and the statement is not counted.)
 * Without FLUSH offered the device need not commit anything: SKIP.
 */
static void stable_write_reads_back(struct vct_ctx *c)
{
	vct_c_need_feature(c, BLK_F_FLUSH);
	vct_blk_need_writable(c);
	for (int flush = 0; flush < 2; flush++) {
		struct vct_bringup b;
		uint8_t out[4096], in[4096];
		uint64_t cap = 0;
		uint8_t s;

		vct_blk_bring(c, &b, flush ? 1ULL << BLK_F_FLUSH : 0,
			      1ULL << BLK_F_CONFIG_WCE | (flush ? 0 : 1ULL << BLK_F_FLUSH));
		vct_c_config(c, 0, &cap, 8);
		cap = le64toh(cap);
		if (cap < 16)
			vct_skip(c, "device: capacity %llu sectors, fewer than the 16 this check writes", (unsigned long long)cap);
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (uint8_t)(i * 31 + (i >> 8) + 0x3c + flush);
		s = blk_span(c, b.vq[0], VIRTIO_BLK_T_OUT, cap - 16 + 8 * (uint64_t)flush, out);
		if (s != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: a 4 KiB write completed with status %u, nothing was made stable", s);
		if (flush) {
			s = vct_blk_io(c, b.vq[0], VIRTIO_BLK_T_FLUSH, 0, NULL, 0, false);
			if (s != VIRTIO_BLK_S_OK)
				vct_skip(c, "device: a flush completed with status %u, nothing was made stable", s);
		}
		s = blk_span(c, b.vq[0], VIRTIO_BLK_T_IN, cap - 16 + 8 * (uint64_t)flush, in);
		vct_require(c, s == VIRTIO_BLK_S_OK, "status of the read back", "VIRTIO_BLK_S_OK (0)", "%u", s);
		for (size_t i = 0; i < sizeof(in); i++)
			if (in[i] != out[i]) {
				vct_report(c, false, flush ? "a write made stable by a completed flush, read back"
							   : "a completed write (FLUSH offered, not negotiated: stable), read back",
					   "the bytes written (committed before the completion)",
					   "byte %zu: 0x%02x, wrote 0x%02x", i, in[i], out[i]);
				break;
			}
	}
}

/*
 * D-49df4b6e: once a write zeroes command completed, the sectors read back
 * as zeroes, whether unmap was set or not (the device may deallocate with
 * unmap, but what reads return is fixed). Each range first gets a pattern
 * that holds no zero byte, so that zeroes can only come from the command.
 */
static void write_zeroes_reads_zero(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint32_t maxsec = 0, maxseg = 0, n;
	uint64_t cap = 0;

	vct_c_need_feature(c, BLK_F_WRITE_ZEROES);
	vct_blk_need_writable(c);
	vct_blk_bring(c, &b, 1ULL << BLK_F_WRITE_ZEROES, 0);
	vct_c_config(c, 0, &cap, 8);
	vct_c_config(c, 48, &maxsec, 4);
	vct_c_config(c, 52, &maxseg, 4);
	cap = le64toh(cap);
	maxsec = le32toh(maxsec);
	maxseg = le32toh(maxseg);
	if (cap < 16)
		vct_skip(c, "device: capacity %llu sectors, fewer than the 16 this check writes", (unsigned long long)cap);
	if (!maxsec || !maxseg)
		vct_skip(c, "device: max_write_zeroes_sectors %u, max_write_zeroes_seg %u: no command can be sent",
			 maxsec, maxseg);
	n = maxsec < 8 ? maxsec : 8;
	for (uint32_t unmap = 0; unmap < 2; unmap++) {
		uint64_t sector = cap - 16 + 8 * unmap;
		uint8_t in[4096];
		uint8_t s;

		if (!blk_fill(c, b.vq[0], sector, (uint8_t)(0x5a + unmap)))
			vct_skip(c, "device: a 4 KiB write at sector %llu failed, nothing to zero", (unsigned long long)sector);
		s = vct_blk_range(c, b.vq[0], VIRTIO_BLK_T_WRITE_ZEROES, sector, n, unmap);
		if (s != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: write zeroes of %u sectors at %llu (unmap %u) completed with status %u, not OK",
				 n, (unsigned long long)sector, unmap, s);
		s = blk_span(c, b.vq[0], VIRTIO_BLK_T_IN, sector, in);
		vct_require(c, s == VIRTIO_BLK_S_OK, "status of the read after write zeroes", "VIRTIO_BLK_S_OK (0)",
			    "%u", s);
		for (size_t i = 0; i < 512u * n; i++)
			if (in[i]) {
				vct_report(c, false, "sectors read after a completed write zeroes", "zeroes",
					   "unmap %u, sector %llu + %zu bytes: 0x%02x (the pattern written before)", unmap,
					   (unsigned long long)sector, i, in[i]);
				break;
			}
	}
}

/* D-c157c3df: zone commands without ZONED negotiated are UNSUPP. */
static void zone_commands_unsupported(struct vct_ctx *c)
{
	static const uint32_t zone_types[] = { 15, 16, 18, 20, 22, 24, 26 };
	struct vct_bringup b;
	uint8_t buf[512];

	if (vct_has(c->vd->offered, BLK_F_ZONED))
		vct_skip(c, "device: offers VIRTIO_BLK_F_ZONED (a host-managed device runs only with it); zoned.c covers it");
	vct_blk_bring(c, &b, 0, 0);
	for (size_t i = 0; i < sizeof(zone_types) / sizeof(zone_types[0]); i++) {
		bool data_in = zone_types[i] == 16;
		uint8_t s = vct_blk_io(c, b.vq[0], zone_types[i], 0, buf, data_in ? sizeof(buf) : 0, data_in);

		vct_report(c, s == VIRTIO_BLK_S_UNSUPP, "status of a zone request without VIRTIO_BLK_F_ZONED",
			   "VIRTIO_BLK_S_UNSUPP (2)", "type %u: %u", zone_types[i], s);
	}
}

/* D-fe684607: CONFIG_WCE comes with FLUSH. */
static void wce_implies_flush(struct vct_ctx *c)
{
	if (!vct_has(c->vd->offered, BLK_F_CONFIG_WCE))
		vct_skip(c, "not offered: the device does not offer VIRTIO_BLK_F_CONFIG_WCE");
	vct_report(c, vct_has(c->vd->offered, BLK_F_FLUSH), "VIRTIO_BLK_F_FLUSH with VIRTIO_BLK_F_CONFIG_WCE",
		   "offered", "not offered");
}

/*
 * D-8ee72c13: padding bytes unused0 (33) and unused1 (57..59) read 0. A
 * padding byte is part of the layout only when a field after it is: the
 * capability length says nothing (QEMU maps 4 KiB whatever the layout).
 */
static void padding_zero(struct vct_ctx *c)
{
	static const uint32_t pad[] = { 33, 57, 58, 59 };
	const uint64_t *o = c->vd->offered;
	bool after33 = vct_has(o, 12) || vct_has(o, 13) || vct_has(o, 14) || vct_has(o, 16) || vct_has(o, 17);
	bool after57 = vct_has(o, 16) || vct_has(o, 17);
	unsigned int n = 0;

	vct_c_negotiate(c, NULL);
	for (size_t i = 0; i < sizeof(pad) / sizeof(pad[0]); i++) {
		uint8_t v;

		if (pad[i] >= vct_dev_config_len(c->vd) || !(pad[i] == 33 ? after33 : after57))
			continue;
		vct_c_config(c, pad[i], &v, 1);
		vct_report(c, v == 0, "block config padding byte", "0", "offset %u: 0x%02x", pad[i], v);
		n++;
	}
	if (!n)
		vct_skip(c, "not offered: no offered feature puts a field after the padding bytes");
}

/* D-7f95460b (SHOULD): a device offers VIRTIO_BLK_F_FLUSH. */
static void flush_offered(struct vct_ctx *c)
{
	vct_report(c, vct_has(c->vd->offered, BLK_F_FLUSH), "VIRTIO_BLK_F_FLUSH", "offered", "not offered");
}

/*
 * D-9cbf8f5d: with CONFIG_WCE negotiated and FLUSH not, writeback starts at
 * 0 (writethrough: the driver could not flush a writeback cache). Read after
 * FEATURES_OK, as the driver must.
 */
static void writeback_zero_without_flush(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint8_t wb = 0xee;

	vct_c_need_feature(c, BLK_F_CONFIG_WCE);
	vct_blk_bring(c, &b, 1ULL << BLK_F_CONFIG_WCE, 1ULL << BLK_F_FLUSH);
	vct_c_config(c, BLK_CFG_WRITEBACK, &wb, 1);
	vct_report(c, wb == 0, "writeback with VIRTIO_BLK_F_CONFIG_WCE negotiated and VIRTIO_BLK_F_FLUSH not",
		   "0 (writethrough)", "%u", wb);
}

/* One sector near the end of a read-only disk, read; SKIPs when the device cannot read it. */
static uint64_t ro_read(struct vct_ctx *c, struct vct_bringup *b, uint8_t *buf)
{
	uint64_t cap, sector;
	uint8_t s;

	vct_c_need_feature(c, BLK_F_RO);
	vct_blk_bring(c, b, 1ULL << BLK_F_RO, 0);
	cap = vct_blk_capacity(c);
	if (cap < 8)
		vct_skip(c, "device: capacity %llu sectors, fewer than 8", (unsigned long long)cap);
	sector = cap - 8;
	s = vct_blk_io(c, b->vq[0], VIRTIO_BLK_T_IN, sector, buf, 512, true);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: a read of sector %llu completed with status %u", (unsigned long long)sector, s);
	return sector;
}

/*
 * D-6bd83eef: with VIRTIO_BLK_F_RO offered, a write completes with IOERR.
 * The only write vct sends to a read-only device (with D-904dfe55's): its
 * data is the complement of what the sector holds, so a device that took it
 * would show it.
 */
static void ro_write_refused(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint8_t old[512], out[512];
	uint64_t sector = ro_read(c, &b, old);
	uint8_t s;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)~old[i];
	s = vct_blk_io(c, b.vq[0], VIRTIO_BLK_T_OUT, sector, out, sizeof(out), false);
	vct_report(c, s == VIRTIO_BLK_S_IOERR, "status of a write to a read-only device", "VIRTIO_BLK_S_IOERR (1)",
		   "%u (sector %llu)", s, (unsigned long long)sector);
}

/* D-904dfe55: ... and writes no data: the sector reads as before. */
static void ro_write_not_stored(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint8_t old[512], out[512], now[512];
	uint64_t sector = ro_read(c, &b, old);
	uint8_t s;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)~old[i];
	vct_blk_io(c, b.vq[0], VIRTIO_BLK_T_OUT, sector, out, sizeof(out), false);
	s = vct_blk_io(c, b.vq[0], VIRTIO_BLK_T_IN, sector, now, sizeof(now), true);
	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: the read back completed with status %u", s);
	for (size_t i = 0; i < sizeof(now); i++)
		if (now[i] != old[i]) {
			vct_report(c, false, "a read-only sector after a refused write", "as before the write",
				   "byte %zu: 0x%02x, was 0x%02x (the write had 0x%02x)", i, now[i], old[i], out[i]);
			return;
		}
	vct_report(c, true, "a read-only sector after a refused write", "as before the write", "unchanged");
}

/* The three range commands: feature, limits' offset, alignment's offset (0: none), name. */
static const struct blk_range_cmd {
	unsigned int feature;
	uint32_t type, lim, align;
	const char *name;
} range_cmds[] = {
	{ BLK_F_DISCARD, VIRTIO_BLK_T_DISCARD, 36, 44, "discard" },
	{ BLK_F_WRITE_ZEROES, VIRTIO_BLK_T_WRITE_ZEROES, 48, 0, "write zeroes" },
	{ BLK_F_SECURE_ERASE, BLK_T_SECURE_ERASE, 60, BLK_CFG_SE_ALIGN, "secure erase" },
};

/*
 * A range near the end of the disk for range command @k: 8 sectors, or
 * fewer (the command's limit), or one alignment unit where the device
 * states one (up to 1 MiB), starting on an aligned sector, so that nothing
 * but the flag under test can be wrong with it. 0 sectors when the device
 * offers no such command, its limits are 0 or the range does not fit.
 */
static uint32_t range_span(struct vct_ctx *c, const struct blk_range_cmd *k, uint64_t *sector)
{
	uint64_t cap = vct_blk_capacity(c);
	uint32_t maxsec, maxseg, align, n;

	/* The limits exist only with the feature: a configuration space may end before them (qemu-storage-daemon's does at 60). */
	if (!vct_has(c->vd->features, k->feature))
		return 0;
	maxsec = vct_blk_cfg32(c, k->lim);
	maxseg = vct_blk_cfg32(c, k->lim + 4);
	align = k->align ? vct_blk_cfg32(c, k->align) : 0;
	if (!maxsec || !maxseg)
		return 0;
	n = maxsec < 8 ? maxsec : 8;
	if (align > 1) {
		if (align > 2048 || align > maxsec)
			return 0;
		n = align;
	}
	if (cap < 2ULL * n)
		return 0;
	*sector = cap - 2ULL * n;
	if (align > 1)
		*sector -= *sector % align;
	return n;
}

/*
 * D-62f7add0: a discard, write zeroes or secure erase segment with a flag
 * bit other than unmap set is UNSUPP. Bits 1 and 31, each alone, on every
 * one of the three commands the device offers.
 */
static void range_unknown_flags(struct vct_ctx *c)
{
	struct vct_bringup b;
	unsigned int tried = 0;

	vct_blk_need_writable(c);
	vct_blk_bring(c, &b, 1ULL << BLK_F_DISCARD | 1ULL << BLK_F_WRITE_ZEROES | 1ULL << BLK_F_SECURE_ERASE, 0);
	for (size_t i = 0; i < sizeof(range_cmds) / sizeof(range_cmds[0]); i++) {
		static const uint32_t flags[] = { 1u << 1, 1u << 31 };
		uint64_t sector = 0;
		uint32_t n = range_span(c, &range_cmds[i], &sector);

		for (size_t f = 0; n && f < 2; f++, tried++) {
			uint8_t s = vct_blk_range(c, b.vq[0], range_cmds[i].type, sector, n, flags[f]);

			vct_report(c, s == VIRTIO_BLK_S_UNSUPP, "status of a range command with an unknown flag",
				   "VIRTIO_BLK_S_UNSUPP (2)", "%s, flags 0x%08x: %u", range_cmds[i].name, flags[f], s);
		}
	}
	if (!tried)
		vct_skip(c, "not offered: none of VIRTIO_BLK_F_DISCARD, _WRITE_ZEROES, _SECURE_ERASE with nonzero limits");
}

/* D-749e9d92: a discard with the unmap flag is UNSUPP. */
static void discard_unmap_unsupported(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint64_t sector = 0;
	uint32_t n;
	uint8_t s;

	vct_c_need_feature(c, BLK_F_DISCARD);
	vct_blk_need_writable(c);
	vct_blk_bring(c, &b, 1ULL << BLK_F_DISCARD, 0);
	n = range_span(c, &range_cmds[0], &sector);
	if (!n)
		vct_skip(c, "device: max_discard_sectors, max_discard_seg or discard_sector_alignment leave no discard "
			    "this check can send");
	s = vct_blk_range(c, b.vq[0], VIRTIO_BLK_T_DISCARD, sector, n, 1);
	vct_report(c, s == VIRTIO_BLK_S_UNSUPP, "status of a discard with the unmap flag", "VIRTIO_BLK_S_UNSUPP (2)",
		   "%u", s);
}

/* GET_LIFETIME with LIFETIME negotiated: the status; the three fields in @lt. */
static uint8_t get_lifetime(struct vct_ctx *c, uint16_t lt[3])
{
	struct vct_bringup b;
	uint8_t raw[6];
	uint8_t s;

	vct_c_need_feature(c, BLK_F_LIFETIME);
	vct_blk_bring(c, &b, 1ULL << BLK_F_LIFETIME, 0);
	s = vct_blk_io(c, b.vq[0], BLK_T_GET_LIFETIME, 0, raw, sizeof(raw), true);
	for (int i = 0; i < 3; i++)
		lt[i] = (uint16_t)(raw[2 * i] | raw[2 * i + 1] << 8);
	return s;
}

/*
 * D-334da690: LIFETIME is offered only where the metrics can be obtained;
 * a device that offers it and answers GET_LIFETIME with UNSUPP says it
 * cannot. (IOERR may be a passing failure of the back end: SKIP.)
 */
static void lifetime_answered(struct vct_ctx *c)
{
	uint16_t lt[3];
	uint8_t s = get_lifetime(c, lt);

	if (s == VIRTIO_BLK_S_IOERR)
		vct_skip(c, "device: VIRTIO_BLK_T_GET_LIFETIME completed with IOERR (a back-end failure, not a refusal)");
	vct_report(c, s == VIRTIO_BLK_S_OK, "status of VIRTIO_BLK_T_GET_LIFETIME with VIRTIO_BLK_F_LIFETIME offered",
		   "VIRTIO_BLK_S_OK (the metrics can be obtained)", "%u", s);
}

/* D-5e6fbc88: no reserved values: pre_eol_info 0..3, the two estimates 0..11. */
static void lifetime_values(struct vct_ctx *c)
{
	uint16_t lt[3];
	uint8_t s = get_lifetime(c, lt);

	if (s != VIRTIO_BLK_S_OK)
		vct_skip(c, "device: VIRTIO_BLK_T_GET_LIFETIME completed with status %u, no metrics to check", s);
	vct_report(c, lt[0] <= 3, "pre_eol_info", "0..3 (4 and up reserved)", "%u", lt[0]);
	vct_report(c, lt[1] <= 11, "device_lifetime_est_typ_a", "0..11 (12 and up reserved)", "%u", lt[1]);
	vct_report(c, lt[2] <= 11, "device_lifetime_est_typ_b", "0..11 (12 and up reserved)", "%u", lt[2]);
}

/*
 * A host-side configuration change on a running device (host action
 * config-change: QEMU's block_resize): whether a configuration change
 * notification came, and the field at @off (@len bytes) before and after.
 * SKIPs when the change left the field alone: the statement is about a
 * change of that field.
 */
static bool host_change(struct vct_ctx *c, uint32_t off, size_t len, const char *field, uint64_t set)
{
	struct vct_bringup b;
	uint64_t before = 0, after = 0;
	int fired;

	vct_blk_bring(c, &b, set, 0);
	vct_c_config(c, off, &before, len);
	vct_dev_irq_drain(c->vd);
	vct_req_config_change(c);
	fired = vct_req_config_interrupted(c, c->timeout_ms);
	vct_c_config(c, off, &after, len);
	if (before == after)
		vct_skip(c, "device: the host's configuration change left %s as it was (0x%llx)", field,
			 (unsigned long long)le64toh(before));
	return fired == 1;
}

/* D-ebd7d245 (SHOULD): the device notifies a change of capacity. */
static void capacity_change_notifies(struct vct_ctx *c)
{
	vct_report(c, host_change(c, BLK_CFG_CAPACITY, 8, "capacity", 0),
		   "configuration change notification after capacity changed", "one, within the timeout", "none");
}

/* D-950ccaec (SHOULD): ... and a change of write_zeroes_may_unmap. */
static void may_unmap_change_notifies(struct vct_ctx *c)
{
	vct_c_need_feature(c, BLK_F_WRITE_ZEROES);
	vct_report(c, host_change(c, BLK_CFG_WZ_MAY_UNMAP, 1, "write_zeroes_may_unmap", 1ULL << BLK_F_WRITE_ZEROES),
		   "configuration change notification after write_zeroes_may_unmap changed", "one, within the timeout",
		   "none");
}

static const struct vct_check checks[] = {
	VCT_CHECK("blk.stable_write_reads_back", "D-6f4118c9", stable_write_reads_back, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.write_zeroes_reads_zero", "D-49df4b6e", write_zeroes_reads_zero, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.zone_commands_unsupported", "D-c157c3df", zone_commands_unsupported, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.wce_implies_flush", "D-fe684607", wce_implies_flush, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.padding_zero", "D-8ee72c13", padding_zero, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.flush_offered", "D-7f95460b", flush_offered, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.writeback_zero_without_flush", "D-9cbf8f5d", writeback_zero_without_flush, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.ro_write_refused", "D-6bd83eef", ro_write_refused, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.ro_write_not_stored", "D-904dfe55", ro_write_not_stored, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.range_unknown_flags", "D-62f7add0", range_unknown_flags, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.discard_unmap_unsupported", "D-749e9d92", discard_unmap_unsupported, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.lifetime_answered", "D-334da690", lifetime_answered, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.lifetime_values", "D-5e6fbc88", lifetime_values, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.capacity_change_notifies", "D-ebd7d245", capacity_change_notifies, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.may_unmap_change_notifies", "D-950ccaec", may_unmap_change_notifies, .type = VCT_ID_BLOCK),
};

VCT_SUITE(vct_suite_blk, "blk", checks);
