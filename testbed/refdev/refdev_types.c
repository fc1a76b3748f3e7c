/* SPDX-License-Identifier: MIT */
/*
 * refdev: minimal models of the device types beyond rng, blk, net and
 * console, each answering the requests vct's device-type table sends
 * (suites/types/) as its chapter of the spec says, so the generic ring,
 * status, queue and reset checks run on every type in `make check`.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) so that it sees the device's state and DMA
 * helpers without making them public. Built on its own it is empty.
 *
 *   scsi     controlq (TMF, AN query/subscribe), eventq (held: events come
 *            from the host), one request queue; target 0 LUN 0 is a 64-block
 *            disk answering INQUIRY, TEST UNIT READY, READ(10), WRITE(10);
 *            other LUNs BAD_TARGET, other commands CHECK CONDITION.
 *   balloon  inflateq and deflateq consume page frame numbers, statsq is
 *            held until the host asks (it never does here).
 *   input    a keyboard: eventq held (events come from the host), statusq
 *            consumed; the select/subsel configuration protocol.
 *   gpu      controlq: GET_DISPLAY_INFO (one 1024x768 scanout), every other
 *            command VIRTIO_GPU_RESP_ERR_UNSPEC; cursorq consumed.
 *   crypto   refdev_crypto.c.
 *   mem      refdev_mem.c.
 *   pmem     FLUSH.
 *   9p       Tversion (9P2000.L); every other message Rlerror EOPNOTSUPP.
 */
#ifdef RD_TYPES_IMPL

#define ID_BALLOON		5
#define ID_SCSI			8
#define ID_9P			9
#define ID_GPU			16
#define ID_INPUT		18
#define ID_CRYPTO		20
#define ID_MEM			24
#define ID_PMEM			27

/*
 * Read a request's fixed-size head into @buf: 1 when the chain carries fewer
 * readable bytes (such a request is completed with len 0), else chain_read's
 * result. *@written starts at 0.
 */
static int req_head(struct refdev *d, const struct rd_chain *c, void *buf, size_t len, uint32_t *written)
{
	*written = 0;
	if (c->rlen < len)
		return 1;
	return chain_read(d, c, 0, buf, len);
}

/* Write @len bytes of @p at the start of the chain's writable stream; the count written, 0 when it does not fit. */
static int answer(struct refdev *d, const struct rd_chain *c, const void *p, uint32_t len, uint32_t *written)
{
	*written = 0;
	if (c->wlen < len)
		return 0;	/* nowhere to put the answer: completed with len 0 */
	if (chain_write(d, c, 0, p, len))
		return -EFAULT;
	*written = len;
	return 0;
}

/* ---- scsi --------------------------------------------------------------- */

#define SCSI_CDB		32	/* the defaults a reset restores */
#define SCSI_SENSE		96
#define SCSI_CDB_MAX		255	/* larger values written by the driver are ignored */
#define SCSI_SENSE_MAX		255
#define SCSI_BLOCKS		64
#define SCSI_F_INOUT		0
#define SCSI_F_HOTPLUG		1
#define SCSI_F_CHANGE		2
#define SCSI_S_OK		0
#define SCSI_S_BAD_TARGET	3
#define SCSI_S_FAILURE		9
#define SCSI_T_NO_EVENT		0
#define SCSI_T_TRANSPORT_RESET	1
#define SCSI_T_PARAM_CHANGE	3
#define SCSI_T_EVENTS_MISSED	0x80000000u
#define SCSI_EVT_RESET_RESCAN	1

/*
 * Target 0 holds LUN 0, a 64-block disk, and LUN 1, a CD-ROM drive (MMC,
 * INQUIRY type 5) without a medium; LUN 2, a disk, appears when the host
 * hot-plugs it. Other targets do not exist (max_target 0).
 */
static void scsi_init(struct refdev *d)
{
	put32(d->devcfg + 0, 1);		/* num_queues (request queues) */
	put32(d->devcfg + 4, RD_QMAX - 2);	/* seg_max */
	put32(d->devcfg + 8, 0xffff);		/* max_sectors */
	put32(d->devcfg + 12, 128);		/* cmd_per_lun */
	put32(d->devcfg + 16, 16);		/* event_info_size */
	put32(d->devcfg + 20, SCSI_SENSE);	/* sense_size */
	put32(d->devcfg + 24, SCSI_CDB);	/* cdb_size */
	put16(d->devcfg + 28, 0);		/* max_channel */
	put16(d->devcfg + 30, 0);		/* max_target */
	put32(d->devcfg + 32, 3);		/* max_lun */
}

/* The driver may write sense_size and cdb_size; a reset restores them (D-1983e544). */
static void scsi_cfg_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	if (width != 4 || (off != 20 && off != 24))
		return;
	if (val <= (off == 20 ? SCSI_SENSE_MAX : SCSI_CDB_MAX))
		put32(d->devcfg + off, (uint32_t)val);
}

static void scsi_reset(struct refdev *d)
{
	d->ts.scsi_dropped = false;
	if (QK(d, Q_SCSI_SIZES_KEPT))
		return;
	put32(d->devcfg + 20, SCSI_SENSE);
	put32(d->devcfg + 24, SCSI_CDB);
}

/* CHECK CONDITION with fixed-format sense data, cut to the sense buffer the driver sized. */
static void scsi_sense(struct refdev *d, uint8_t *resp, uint32_t sense_size, uint8_t key, uint8_t asc)
{
	uint8_t *s = resp + 12;

	resp[10] = QK(d, Q_SCSI_STATUS_SENSE_KEY) ? key : 2;
	put32(resp, sense_size < 18 ? sense_size : 18);	/* sense_len */
	s[0] = 0x70;
	s[2] = key;
	s[7] = 10;
	s[12] = asc;
}

static bool scsi_lun_present(const struct refdev *d, unsigned int lun)
{
	return lun < 2 || (lun == 2 && d->ts.scsi_lun2);
}

/* One command on LUN @lun of target 0: the status in resp, the data-in written at @din_off. */
static int scsi_exec(struct refdev *d, const struct rd_chain *c, const uint8_t *cdb, unsigned int lun, uint8_t *resp,
		     uint32_t sense_size, uint64_t hlen, uint64_t din_off, uint64_t dout, uint64_t din)
{
	uint32_t lba = (uint32_t)cdb[2] << 24 | (uint32_t)cdb[3] << 16 | (uint32_t)cdb[4] << 8 | cdb[5];
	uint32_t n = (uint32_t)cdb[7] << 8 | cdb[8];
	uint64_t produced = 0;
	int r = 0;

	if (!scsi_lun_present(d, lun)) {
		scsi_sense(d, resp, sense_size, 5, 0x25);	/* LOGICAL UNIT NOT SUPPORTED */
		return 0;
	}
	if (cdb[0] == 0x12) {	/* INQUIRY, standard data */
		uint8_t inq[36] = { lun == 1 ? 5 : 0, lun == 1 ? 0x80 : 0, 5, 0x12, 31, 0, 0, 0x02 };
		uint64_t alloc = (uint64_t)cdb[3] << 8 | cdb[4];

		if (cdb[1] & 1) {
			scsi_sense(d, resp, sense_size, 5, 0x24);	/* EVPD: invalid field in CDB */
			return 0;
		}
		memcpy(inq + 8, lun == 1 ? "VCT     refdev scsi cdrom1.0 " : "VCT     refdev scsi disk1.0 ", 28);
		produced = alloc < sizeof(inq) ? alloc : sizeof(inq);
		if (produced > din)
			produced = din;
		r = chain_write(d, c, din_off, inq, produced);
	} else if (lun == 1) {
		scsi_sense(d, resp, sense_size, 2, 0x3a);	/* NOT READY: MEDIUM NOT PRESENT */
	} else if (cdb[0] == 0x00) {	/* TEST UNIT READY */
	} else if (cdb[0] == 0x28 || cdb[0] == 0x2a) {	/* READ(10), WRITE(10) */
		if ((uint64_t)lba + n > SCSI_BLOCKS) {
			scsi_sense(d, resp, sense_size, 5, 0x21);	/* LBA out of range */
		} else if (cdb[0] == 0x28) {
			produced = (uint64_t)n * 512 < din ? (uint64_t)n * 512 : din;
			r = chain_write(d, c, din_off, d->disk + (uint64_t)lba * 512, produced);
		} else {
			uint64_t k = (uint64_t)n * 512 < dout ? (uint64_t)n * 512 : dout;

			r = chain_read(d, c, hlen, d->disk + (uint64_t)lba * 512, k);
			put32(resp + 4, (uint32_t)(dout - k));	/* residual of the data-out */
			return r;
		}
	} else {
		scsi_sense(d, resp, sense_size, 5, 0x20);	/* invalid command operation code */
	}
	put32(resp + 4, (uint32_t)(din - produced));	/* residual of the data-in */
	return r;
}

static int scsi_cmd(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint32_t cdb_size = get32(d->devcfg + 24), sense_size = get32(d->devcfg + 20);
	uint64_t hlen = 19 + (uint64_t)cdb_size, rlen = 12 + (uint64_t)sense_size;
	uint8_t hdr[19 + SCSI_CDB_MAX], resp[12 + SCSI_SENSE_MAX] = { 0 };
	uint64_t dout = c->rlen > hlen ? c->rlen - hlen : 0;
	uint64_t din = c->wlen > rlen ? c->wlen - rlen : 0;
	unsigned int target, lun;
	int r;

	*written = 0;
	if (c->rlen < hlen || c->wlen < rlen)
		return 0;	/* malformed: no room for the response */
	r = chain_read(d, c, 0, hdr, hlen);
	if (r)
		return r;
	target = hdr[1];
	lun = (unsigned int)(hdr[2] & 0x3f) << 8 | hdr[3];
	if (hdr[0] != 1 || (target != 0 && !QK(d, Q_SCSI_BAD_TARGET_OK))) {
		resp[11] = SCSI_S_BAD_TARGET;
	} else if (dout && din && !NEG(d, SCSI_F_INOUT) && !QK(d, Q_SCSI_INOUT_ACCEPTED)) {
		resp[11] = SCSI_S_FAILURE;	/* both directions without VIRTIO_SCSI_F_INOUT */
	} else if (target != 0) {
		scsi_sense(d, resp, sense_size, 5, 0x25);	/* scsi-bad-target-ok: an empty target */
	} else {
		r = scsi_exec(d, c, hdr + 19, lun, resp, sense_size, hlen, rlen, dout, din);
		if (r)
			return r;
	}
	if (chain_write(d, c, 0, resp, rlen))
		return -EFAULT;
	*written = (uint32_t)(c->wlen - (resp[11] == SCSI_S_OK ? get32(resp + 4) * (din > 0) : din));
	if (*written < rlen)
		*written = (uint32_t)rlen;
	return 0;
}

static int scsi_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[4] = { 0 }, resp[5] = { 0 };
	int r;

	r = req_head(d, c, req, 4, written);
	if (r)
		return r < 0 ? r : 0;
	switch (get32(req)) {
	case 0:		/* VIRTIO_SCSI_T_TMF: struct virtio_scsi_ctrl_tmf_resp, u8 response */
		resp[0] = SCSI_S_OK;	/* FUNCTION_COMPLETE: nothing is in flight */
		return answer(d, c, resp, 1, written);
	case 1:		/* AN_QUERY */
	case 2:		/* AN_SUBSCRIBE: no asynchronous events are supported */
		put32(resp, 0);
		resp[4] = SCSI_S_OK;
		return answer(d, c, resp, 5, written);
	default:
		resp[0] = SCSI_S_FAILURE;
		return answer(d, c, resp, 1, written);
	}
}

/* One struct virtio_scsi_event on eventq; with no buffer the event is lost and flagged on the next one. */
static void scsi_event(struct refdev *d, uint32_t event, unsigned int lun, uint32_t reason)
{
	struct rd_queue *q = &d->q[1];
	uint16_t old = q->used_idx;
	uint8_t e[16] = { 0 };
	struct rd_chain c;
	uint32_t n;

	if (!(d->status & S_DRIVER_OK))
		return;
	if (!can_process(d, q) || rd_pop(d, q, &c) <= 0) {
		if (!QK(d, Q_SCSI_EVENTS_LOST_SILENT))
			d->ts.scsi_dropped = true;
		return;
	}
	if (d->ts.scsi_dropped) {
		event |= SCSI_T_EVENTS_MISSED;
		d->ts.scsi_dropped = false;
	}
	put32(e, event);
	if ((event & ~SCSI_T_EVENTS_MISSED) != SCSI_T_NO_EVENT) {
		e[4] = 1;	/* target 0 */
		e[6] = (uint8_t)(lun >> 8 | (lun >= 256 ? 0x40 : 0));
		e[7] = (uint8_t)lun;
	}
	put32(e + 12, reason);
	n = c.wlen < sizeof(e) ? (uint32_t)c.wlen : sizeof(e);
	if (chain_write(d, &c, 0, e, n) || rd_complete(d, q, &c, n))
		rd_fatal(d, q);
	rd_batch_done(d, q, old);
}

/*
 * A reset (or the host pulling the device) while commands wait on the
 * request queues (the host had paused the device): each is completed first,
 * with VIRTIO_SCSI_S_RESET (D-eef25214).
 */
static void scsi_flush(struct refdev *d)
{
	uint32_t rlen = 12 + get32(d->devcfg + 20);
	uint8_t resp[12 + SCSI_SENSE_MAX] = { 0 };

	if (!(d->status & S_DRIVER_OK) || QK(d, Q_SCSI_RESET_DROPS))
		return;
	resp[11] = 4;	/* VIRTIO_SCSI_S_RESET */
	for (unsigned int qi = 2; qi < d->nq; qi++) {
		struct rd_queue *q = &d->q[qi];
		uint16_t old = q->used_idx;
		struct rd_chain c;

		if (!q->enabled || !q->size)
			continue;
		while (rd_pop(d, q, &c) > 0) {
			uint32_t n = c.wlen < rlen ? (uint32_t)c.wlen : rlen;

			if (chain_write(d, &c, 0, resp, n) || rd_complete(d, q, &c, n))
				break;
		}
		rd_batch_done(d, q, old);
	}
}

/* The host hot-plugs LUN 2 ("scsi=hotplug") or changes LUN 0's capacity ("scsi=resize"). */
static int scsi_host_change(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	if (strstr(params, "scsi=hotplug")) {
		d->ts.scsi_lun2 = true;
		if (NEG(d, SCSI_F_HOTPLUG) || QK(d, Q_SCSI_RESCAN_UNNEGOTIATED))
			scsi_event(d, SCSI_T_TRANSPORT_RESET, 2, SCSI_EVT_RESET_RESCAN);
		return 0;
	}
	if (strstr(params, "scsi=resize")) {
		if (NEG(d, SCSI_F_CHANGE)) {	/* CAPACITY DATA HAS CHANGED */
			scsi_event(d, SCSI_T_PARAM_CHANGE, 0, 0x2a | 0x09 << 8);
			if (QK(d, Q_SCSI_MMC_PARAM_CHANGE))
				scsi_event(d, SCSI_T_PARAM_CHANGE, 1, 0x2a | 0x09 << 8);
		}
		return 0;
	}
	snprintf(msg, msglen, "the reference scsi device changes its logical units (scsi=hotplug, scsi=resize), not its configuration");
	return -EOPNOTSUPP;
}

static void scsi_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 0)
		rd_serve(d, qi, scsi_ctrl);
	else if (qi >= 2)
		rd_serve(d, qi, scsi_cmd);
	else if (d->ts.scsi_dropped)	/* new eventq buffers: report the loss at once (VIRTIO_SCSI_T_NO_EVENT) */
		scsi_event(d, SCSI_T_NO_EVENT, 0, 0);
}

/* ---- balloon ------------------------------------------------------------ */

#define BALLOON_F_STATS_VQ	1
#define BALLOON_F_FREE_PAGE_HINT 3
#define BALLOON_F_PAGE_POISON	4
#define BALLOON_F_PAGE_REPORTING 5
#define BALLOON_CMD_ID_STOP	0
#define BALLOON_CMD_ID_DONE	1
#define BALLOON_TARGET		256	/* pages the host asks for on a configuration change */

enum { BQ_INFLATE, BQ_DEFLATE, BQ_STATS, BQ_HINT, BQ_REPORT, BQ_NONE };

static void balloon_init(struct refdev *d)
{
	put32(d->devcfg + 0, 0);	/* num_pages: the host asks for nothing */
	put32(d->devcfg + 4, 0);	/* actual */
	put32(d->devcfg + 8, BALLOON_CMD_ID_STOP);	/* free_page_hint_cmd_id: no hinting round */
}

/* The driver writes actual and poison_val. */
static void balloon_cfg_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	if (width == 4 && (off == 4 || off == 12))
		put32(d->devcfg + off, (uint32_t)val);
}

static void balloon_reset(struct refdev *d)
{
	memset(d->ts.bstat, 0xff, sizeof(d->ts.bstat));
	d->ts.bstat_held = false;
	d->ts.nhinted = 0;
	d->ts.hint_rx = 0;
}

/* Queue @qi's role: the optional queues exist only when their feature is negotiated, in this order. */
static int balloon_role(const struct refdev *d, unsigned int qi)
{
	static const int feat[] = { -1, -1, BALLOON_F_STATS_VQ, BALLOON_F_FREE_PAGE_HINT, BALLOON_F_PAGE_REPORTING };
	unsigned int idx = 0;

	for (int role = BQ_INFLATE; role < BQ_NONE; role++) {
		if (feat[role] >= 0 && !NEG(d, (unsigned int)feat[role]))
			continue;
		if (idx++ == qi)
			return role;
	}
	return BQ_NONE;
}

/* Read every @size-byte record of the chain's driver data (DMA faults count) and answer nothing. */
static int consume_records(struct refdev *d, const struct rd_chain *c, size_t size, uint32_t *written)
{
	uint8_t rec[8];

	*written = 0;
	for (uint64_t off = 0; off + size <= c->rlen; off += size) {
		int r = chain_read(d, c, off, rec, size);

		if (r)
			return r;
	}
	return 0;
}

/* Frame numbers (le32) are only read: this device backs no guest memory. */
static int balloon_pages(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	return consume_records(d, c, 4, written);
}

/*
 * statsq: the device keeps the buffer (its next request for statistics)
 * and consumes its 10-byte entries; unknown tags are skipped, any order
 * goes (D-06c739e8, D-d93314f3). A new buffer while one is held returns
 * the held one.
 */
static void balloon_stats(struct refdev *d, unsigned int qi)
{
	struct rd_queue *q = &d->q[qi];
	uint16_t old = q->used_idx;
	struct rd_chain c;

	while (can_process(d, q) && rd_pop(d, q, &c) > 0) {
		int prev = -1;

		if (d->ts.bstat_held) {
			struct rd_chain h = { .head = d->ts.bstat_head, .ndesc = d->ts.bstat_ndesc };

			d->ts.bstat_held = false;
			if (rd_complete(d, q, &h, 0) < 0) {
				rd_fatal(d, q);
				break;
			}
		}
		memset(d->ts.bstat, 0xff, sizeof(d->ts.bstat));
		for (uint64_t off = 0; off + 10 <= c.rlen; off += 10) {
			uint8_t rec[10];
			uint16_t tag;

			if (chain_read(d, &c, off, rec, sizeof(rec))) {
				rd_fatal(d, q);
				return;
			}
			tag = get16(rec);
			if (tag >= 10) {
				if (QK(d, Q_BALLOON_STATS_STOP_UNKNOWN))
					break;
				continue;
			}
			if (QK(d, Q_BALLOON_STATS_ASCENDING) && (int)tag < prev)
				break;
			prev = tag;
			d->ts.bstat[tag] = get64(rec + 2);
		}
		d->ts.bstat_updates++;
		d->ts.bstat_held = true;
		d->ts.bstat_head = c.head;
		d->ts.bstat_ndesc = c.ndesc;
	}
	rd_batch_done(d, q, old);
}

/* What the host sees of the statistics (named as QEMU's guest-stats), then it asks for new ones. */
static int balloon_query(struct refdev *d, char *out, size_t outlen)
{
	static const char *const names[10] = {
		"stat-swap-in", "stat-swap-out", "stat-major-faults", "stat-minor-faults", "stat-free-memory",
		"stat-total-memory", "stat-available-memory", "stat-disk-caches", "stat-htlb-pgalloc", "stat-htlb-pgfail",
	};
	size_t n = (size_t)snprintf(out, outlen, "{\"stats\": {");

	for (unsigned int i = 0; i < 10 && n < outlen; i++)
		n += (size_t)snprintf(out + n, outlen - n, "%s\"%s\": %llu", i ? ", " : "", names[i],
				      (unsigned long long)d->ts.bstat[i]);
	if (n < outlen)
		snprintf(out + n, outlen - n, "}, \"last-update\": %llu}", (unsigned long long)d->ts.bstat_updates);
	if (d->ts.bstat_held && NEG(d, BALLOON_F_STATS_VQ)) {
		struct rd_queue *q = &d->q[2];
		uint16_t old = q->used_idx;
		struct rd_chain h = { .head = d->ts.bstat_head, .ndesc = d->ts.bstat_ndesc };

		d->ts.bstat_held = false;
		if (rd_complete(d, q, &h, 0) < 0)
			rd_fatal(d, q);
		rd_batch_done(d, q, old);
	}
	return 0;
}

/* Zero @len bytes of driver memory at @addr: a discarded page. */
static void balloon_discard(struct refdev *d, uint64_t addr, uint32_t len)
{
	static const uint8_t zero[4096];

	for (uint32_t off = 0; off < len; off += sizeof(zero))
		dma_rw(d, addr + off, (void *)zero, len - off < sizeof(zero) ? len - off : sizeof(zero), true);
}

/*
 * free_page_vq: a 4-byte buffer names the command id the driver hints for;
 * page buffers that follow under the current id are free pages, whose
 * contents this device discards (zeroes, as it MAY). Pages under another
 * id are ignored (D-86938b8c).
 */
static int balloon_hint(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint32_t cur = get32(d->devcfg + 8);
	uint8_t b[4];

	*written = 0;
	if (!c->wlen) {
		if (c->rlen >= 4 && !chain_read(d, c, 0, b, 4))
			d->ts.hint_rx = get32(b);
		return 0;
	}
	if (!((cur > BALLOON_CMD_ID_DONE && d->ts.hint_rx == cur) || QK(d, Q_BALLOON_HINT_ANY_ID)))
		return 0;
	for (unsigned int i = 0; i < c->n; i++) {
		if (!c->seg[i].w)
			continue;
		balloon_discard(d, c->seg[i].addr, c->seg[i].len);
		if (d->ts.nhinted < 16) {
			d->ts.hinted[d->ts.nhinted].addr = c->seg[i].addr;
			d->ts.hinted[d->ts.nhinted++].len = c->seg[i].len;
		}
	}
	*written = (uint32_t)c->wlen;
	return 0;
}

/* reporting_vq: reported pages may be discarded unless PAGE_POISON holds them to poison_val (D-f69858ab). */
static int balloon_report(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	*written = 0;
	if (NEG(d, BALLOON_F_PAGE_POISON) && !QK(d, Q_BALLOON_REPORT_ZEROES))
		return 0;
	for (unsigned int i = 0; i < c->n; i++)
		if (c->seg[i].w)
			balloon_discard(d, c->seg[i].addr, c->seg[i].len);
	*written = (uint32_t)c->wlen;
	return 0;
}

static void balloon_queue(struct refdev *d, unsigned int qi)
{
	/* balloon-hint-late-discard: a worker still discarding the last round's pages after DONE */
	if (QK(d, Q_BALLOON_HINT_LATE_DISCARD) && get32(d->devcfg + 8) == BALLOON_CMD_ID_DONE)
		for (unsigned int i = 0; i < d->ts.nhinted; i++)
			balloon_discard(d, d->ts.hinted[i].addr, d->ts.hinted[i].len);
	switch (balloon_role(d, qi)) {
	case BQ_INFLATE:
	case BQ_DEFLATE:
		rd_serve(d, qi, balloon_pages);
		break;
	case BQ_STATS:
		balloon_stats(d, qi);
		break;
	case BQ_HINT:
		rd_serve(d, qi, balloon_hint);
		break;
	case BQ_REPORT:
		rd_serve(d, qi, balloon_report);
		break;
	default:
		break;
	}
}

/*
 * The host changes the target (num_pages, no parameters), or runs free
 * page hinting as a migration would: "free-page-hint=start" hands out a
 * new command id, "=stop" stops using hints (STOP), "=done" no longer needs
 * the hinted pages (DONE).
 */
static int balloon_host_change(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	const char *h = strstr(params, "free-page-hint=");
	uint32_t cur = get32(d->devcfg + 8);

	if (!h) {
		put32(d->devcfg, get32(d->devcfg) == BALLOON_TARGET ? 0 : BALLOON_TARGET);
	} else if (!strncmp(h + 15, "start", 5)) {
		if (!QK(d, Q_BALLOON_HINT_ID_REUSED) || d->ts.hint_last <= BALLOON_CMD_ID_DONE)
			d->ts.hint_last = d->ts.hint_last <= BALLOON_CMD_ID_DONE ? 2 : d->ts.hint_last + 1;
		d->ts.nhinted = 0;
		put32(d->devcfg + 8, d->ts.hint_last);
	} else if (!strncmp(h + 15, "stop", 4)) {
		put32(d->devcfg + 8, QK(d, Q_BALLOON_HINT_NO_STOP) ? cur : BALLOON_CMD_ID_STOP);
	} else if (!strncmp(h + 15, "done", 4)) {
		put32(d->devcfg + 8, QK(d, Q_BALLOON_HINT_STOP_NOT_DONE) ? BALLOON_CMD_ID_STOP : BALLOON_CMD_ID_DONE);
	} else {
		snprintf(msg, msglen, "free-page-hint takes start, stop or done");
		return -EINVAL;
	}
	config_changed(d);
	return 0;
}

/* ---- input -------------------------------------------------------------- */

#define INPUT_CFG_SIZE		136
#define INPUT_EV_SYN		0x00
#define INPUT_EV_KEY		0x01
#define INPUT_KEY_A		30

static void input_select(struct refdev *d)
{
	uint8_t sel = d->devcfg[0], sub = d->devcfg[1], *u = d->devcfg + 8, size = 0;
	static const char name[] = "vct refdev keyboard", serial[] = "vct-0001";
	uint8_t keep[128];

	memcpy(keep, u, sizeof(keep));
	memset(u, 0, 128);
	switch (sel) {
	case 0x01:	/* VIRTIO_INPUT_CFG_ID_NAME */
		if (sub)
			break;
		size = sizeof(name) - 1;
		memcpy(u, name, size);
		break;
	case 0x02:	/* ID_SERIAL */
		if (sub)
			break;
		size = sizeof(serial) - 1;
		memcpy(u, serial, size);
		break;
	case 0x03:	/* ID_DEVIDS */
		if (sub)
			break;
		put16(u + 0, 0x06);	/* BUS_VIRTUAL */
		put16(u + 2, 0x1af4);
		put16(u + 4, 0x0001);
		put16(u + 6, 0x0001);
		size = 8;
		break;
	case 0x11:	/* EV_BITS */
		if (sub == 0x01) {		/* EV_KEY: KEY_ESC .. KEY_Z */
			for (unsigned int k = 1; k <= 44; k++)
				u[k / 8] |= (uint8_t)(1u << (k % 8));
			size = 6;
		} else if (sub == 0x11) {	/* EV_LED: NUML, CAPSL, SCROLLL */
			u[0] = 0x07;
			size = 1;
		}
		break;
	}
	if (!size && QK(d, Q_INPUT_SIZE_STALE)) {
		memcpy(u, keep, sizeof(keep));	/* nothing found: size and data left as they were */
		return;
	}
	d->devcfg[2] = size;
}

static void input_init(struct refdev *d)
{
	input_select(d);
}

static void input_cfg_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	for (size_t i = 0; i < width; i++)
		if (off + i < 2)	/* select, subsel: the driver's; the rest reads only */
			d->devcfg[off + i] = (uint8_t)(val >> (8 * i));
	input_select(d);
}

/* struct virtio_input_event records: LED and other status the driver reports. */
static int input_status(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	return consume_records(d, c, 8, written);
}

/*
 * Events waiting for eventq buffers go out in order, one per buffer; a
 * report short of buffers waits for more rather than losing events
 * (D-60722c78, D-adf85caa). input-drop-partial sends what fits and drops
 * the rest.
 */
static void input_deliver(struct refdev *d)
{
	struct rd_queue *q = &d->q[0];
	uint16_t old = q->used_idx;
	unsigned int sent = 0;

	while (sent < d->ts.nievt && can_process(d, q)) {
		struct rd_chain c;
		uint32_t n;

		if (rd_pop(d, q, &c) <= 0)
			break;
		n = c.wlen < 8 ? (uint32_t)c.wlen : 8;
		if (chain_write(d, &c, 0, d->ts.ievt[sent], n) || rd_complete(d, q, &c, n)) {
			rd_fatal(d, q);
			break;
		}
		sent++;
	}
	if (QK(d, Q_INPUT_DROP_PARTIAL))
		sent = d->ts.nievt;
	memmove(d->ts.ievt, d->ts.ievt[sent], (d->ts.nievt - sent) * 8);
	d->ts.nievt -= sent;
	rd_batch_done(d, q, old);
}

/* The host presses and releases KEY_A: two reports, each closed by SYN_REPORT. */
static void input_key(struct refdev *d)
{
	static const uint16_t ev[4][3] = {
		{ INPUT_EV_KEY, INPUT_KEY_A, 1 }, { INPUT_EV_SYN, 0, 0 },
		{ INPUT_EV_KEY, INPUT_KEY_A, 0 }, { INPUT_EV_SYN, 0, 0 },
	};

	for (unsigned int r = 0; r < 2; r++) {
		for (unsigned int i = 0; i < 2 && d->ts.nievt < 32; i++) {
			uint8_t *e = d->ts.ievt[d->ts.nievt++];

			put16(e, ev[2 * r + i][0]);
			put16(e + 2, ev[2 * r + i][1]);
			put32(e + 4, ev[2 * r + i][2]);
		}
		input_deliver(d);
	}
}

static void input_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 1)
		rd_serve(d, qi, input_status);
	else if (!QK(d, Q_INPUT_DROP_PARTIAL))
		input_deliver(d);
}

/* ---- gpu ---------------------------------------------------------------- */

#define GPU_HDR			24
#define GPU_CMD_GET_DISPLAY_INFO 0x0100
#define GPU_CMD_RESOURCE_CREATE_2D 0x0101
#define GPU_CMD_RESOURCE_UNREF	0x0102
#define GPU_RESP_OK_NODATA	0x1100
#define GPU_RESP_OK_DISPLAY_INFO 0x1101
#define GPU_RESP_ERR_UNSPEC	0x1200
#define GPU_RESP_ERR_INVALID_RESOURCE_ID 0x1203
#define GPU_FLAG_FENCE		1

static void gpu_init(struct refdev *d)
{
	put32(d->devcfg + 8, 1);	/* num_scanouts */
}

static void gpu_reset(struct refdev *d)
{
	memset(d->ts.gpu_res, 0, sizeof(d->ts.gpu_res));
	d->ts.gpu_late_set = false;
}

static int gpu_res_find(const struct refdev *d, uint32_t id)
{
	for (int i = 0; i < 16; i++)
		if (id && d->ts.gpu_res[i] == id)
			return i;
	return -1;
}

/* RESOURCE_CREATE_2D and RESOURCE_UNREF on the 2D resource table; the response type. */
static uint32_t gpu_resource(struct refdev *d, const uint8_t *req)
{
	uint32_t id = get32(req + GPU_HDR);
	int i = gpu_res_find(d, id);

	if (get32(req) == GPU_CMD_RESOURCE_UNREF) {
		if (i < 0)
			return GPU_RESP_ERR_INVALID_RESOURCE_ID;
		d->ts.gpu_res[i] = 0;
		return GPU_RESP_OK_NODATA;
	}
	if (!id || i >= 0)
		return GPU_RESP_ERR_INVALID_RESOURCE_ID;
	for (i = 0; i < 16 && d->ts.gpu_res[i]; i++)
		;
	if (i == 16)
		return GPU_RESP_ERR_INVALID_RESOURCE_ID;
	d->ts.gpu_res[i] = id;
	return GPU_RESP_OK_NODATA;
}

static int gpu_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t hdr[GPU_HDR + 8] = { 0 }, resp[GPU_HDR + 16 * 24] = { 0 };
	uint32_t len = GPU_HDR, type;
	bool late;
	int r;

	r = req_head(d, c, hdr, GPU_HDR, written);
	if (r)
		return r < 0 ? r : 0;
	type = get32(hdr);
	/* A fenced command's response carries the fence back. */
	if (get32(hdr + 4) & GPU_FLAG_FENCE) {
		put32(resp + 4, GPU_FLAG_FENCE);
		memcpy(resp + 8, hdr + 8, 8);
		memcpy(resp + 16, hdr + 16, 5);
	}
	late = d->ts.gpu_late_set;
	if (type == GPU_CMD_GET_DISPLAY_INFO) {
		put32(resp, GPU_RESP_OK_DISPLAY_INFO);
		put32(resp + GPU_HDR + 8, 1024);	/* pmodes[0].r.width */
		put32(resp + GPU_HDR + 12, 768);	/* height */
		put32(resp + GPU_HDR + 16, 1);		/* enabled */
		len = sizeof(resp);
	} else if ((type == GPU_CMD_RESOURCE_CREATE_2D && c->rlen >= GPU_HDR + 16) ||
		   (type == GPU_CMD_RESOURCE_UNREF && c->rlen >= GPU_HDR + 8)) {
		r = chain_read(d, c, 0, hdr, GPU_HDR + 4);
		if (r)
			return r;
		if ((get32(hdr + 4) & GPU_FLAG_FENCE) && QK(d, Q_GPU_FENCE_EARLY) && !late) {
			/* answered as done now, executed after the next command */
			memcpy(d->ts.gpu_late, hdr, GPU_HDR + 4);
			d->ts.gpu_late_set = true;
			put32(resp, GPU_RESP_OK_NODATA);
		} else {
			put32(resp, gpu_resource(d, hdr));
		}
	} else {
		put32(resp, GPU_RESP_ERR_UNSPEC);
	}
	if (late) {
		d->ts.gpu_late_set = false;
		gpu_resource(d, d->ts.gpu_late);
	}
	return answer(d, c, resp, len, written);
}
static int gpu_cursor(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	*written = 0;	/* cursor commands have no response */
	return 0;
}

static void gpu_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, qi == 0 ? gpu_ctrl : gpu_cursor);
}

/* ---- pmem --------------------------------------------------------------- */

#define PMEM_F_SHMEM_REGION	0

static void pmem_init(struct refdev *d)
{
	put64(d->devcfg + 0, QK(d, Q_PMEM_REGION_WRAPS) ? ~0ull - (32ull << 20) : 8ull << 30);	/* start */
	put64(d->devcfg + 8, QK(d, Q_PMEM_SIZE_ZERO) ? 0 : 64ull << 20);	/* size */
}

/*
 * With VIRTIO_PMEM_F_SHMEM_REGION the region is shared memory region 0
 * (cfg_extra_caps) and start and size read 0 (D-768788dd); without it, they
 * give the region.
 */
static bool pmem_features_ok(struct refdev *d, const uint64_t *f)
{
	if (feat_has(f, PMEM_F_SHMEM_REGION) && !QK(d, Q_PMEM_SHM_CONFIG_KEPT)) {
		put64(d->devcfg + 0, 0);
		put64(d->devcfg + 8, 0);
	} else {
		pmem_init(d);
	}
	return true;
}

static int pmem_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[4], resp[4];
	int r;

	r = req_head(d, c, req, 4, written);
	if (r)
		return r < 0 ? r : 0;
	/* FLUSH (0) succeeds: nothing is cached; any other type fails with -1. */
	put32(resp, get32(req) == 0 ? (QK(d, Q_PMEM_RET_ONE) ? 1 : 0) : 0xffffffffu);
	return answer(d, c, resp, 4, written);
}

static void pmem_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, pmem_req);
}

/* ---- 9p ----------------------------------------------------------------- */

#define P9_TVERSION		100
#define P9_RVERSION		101
#define P9_RLERROR		7
#define P9_MSIZE		8192

static void p9_init(struct refdev *d)
{
	put16(d->devcfg, 3);	/* tag_len */
	memcpy(d->devcfg + 2, "vct", 3);
}

static int p9_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t m[64] = { 0 }, out[32] = { 0 };
	uint32_t len;
	int r;

	*written = 0;
	if (c->rlen < 7)
		return 0;
	r = chain_read(d, c, 0, m, c->rlen < sizeof(m) ? c->rlen : sizeof(m));
	if (r)
		return r;
	memcpy(out + 5, m + 5, 2);	/* the tag */
	if (m[4] == P9_TVERSION && c->rlen >= 13) {
		static const char v[] = "9P2000.L";
		uint32_t msize = get32(m + 7);
		uint16_t vl = get16(m + 11);
		bool known = vl == sizeof(v) - 1 && c->rlen >= 13u + vl && !memcmp(m + 13, v, vl);

		out[4] = P9_RVERSION;
		put32(out + 7, msize < P9_MSIZE ? msize : P9_MSIZE);
		put16(out + 11, known ? sizeof(v) - 1 : 7);
		memcpy(out + 13, known ? v : "unknown", known ? sizeof(v) - 1 : 7);
		len = 13 + (known ? sizeof(v) - 1 : 7);
	} else {
		out[4] = P9_RLERROR;
		put32(out + 7, 95);	/* EOPNOTSUPP */
		len = 11;
	}
	put32(out, len);
	return answer(d, c, out, len, written);
}

static void p9_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, p9_req);
}

/* ---- what refdev.c calls on every type ---------------------------------- */

/* Before a virtio reset takes effect: work a model owes the driver first. */
static void types_before_reset(struct refdev *d)
{
	if (d->ty->id == ID_SCSI)
		scsi_flush(d);
}

/* A virtio reset: the models' own state. */
static void types_reset(struct refdev *d)
{
	switch (d->ty->id) {
	case ID_SCSI:
		scsi_reset(d);
		break;
	case ID_BALLOON:
		balloon_reset(d);
		break;
	case ID_INPUT:
		d->ts.nievt = 0;
		break;
	case ID_GPU:
		gpu_reset(d);
		break;
	default:
		break;
	}
}

/* Host action config-change with @params on scsi and balloon. */
static int types_host_change(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	return d->ty->id == ID_SCSI ? scsi_host_change(d, params, msg, msglen) : balloon_host_change(d, params, msg, msglen);
}

#endif
