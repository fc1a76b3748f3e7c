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
 *   crypto   controlq: cipher (AES-CBC) session create/destroy; the data
 *            queue answers VIRTIO_CRYPTO_NOTSUPP.
 *   mem      PLUG, UNPLUG, UNPLUG_ALL and STATE over a 128-block region.
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

#define SCSI_CDB		32
#define SCSI_SENSE		96
#define SCSI_HDR		(19 + SCSI_CDB)
#define SCSI_RESP		(12 + SCSI_SENSE)
#define SCSI_BLOCKS		64
#define SCSI_S_OK		0
#define SCSI_S_BAD_TARGET	3
#define SCSI_S_FAILURE		9

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
	put32(d->devcfg + 32, 0);		/* max_lun */
}

static void scsi_sense(uint8_t *resp, uint8_t key, uint8_t asc)
{
	uint8_t *s = resp + 12;

	resp[10] = 2;			/* CHECK CONDITION */
	put32(resp, 18);		/* sense_len: fixed format */
	s[0] = 0x70;
	s[2] = key;
	s[7] = 10;
	s[12] = asc;
}

static int scsi_cmd(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t hdr[SCSI_HDR], resp[SCSI_RESP] = { 0 }, *cdb = hdr + 19;
	uint64_t dout = c->rlen > SCSI_HDR ? c->rlen - SCSI_HDR : 0;
	uint64_t din = c->wlen > SCSI_RESP ? c->wlen - SCSI_RESP : 0, produced = 0;
	int r;

	*written = 0;
	if (c->rlen < SCSI_HDR || c->wlen < SCSI_RESP)
		return 0;	/* malformed: no room for the response */
	r = chain_read(d, c, 0, hdr, SCSI_HDR);
	if (r)
		return r;
	if (hdr[0] != 1 || hdr[1] != 0 || (get16(hdr + 2) & 0x3fff) != 0) {
		resp[11] = SCSI_S_BAD_TARGET;
	} else {
		uint32_t lba = (uint32_t)cdb[2] << 24 | (uint32_t)cdb[3] << 16 | (uint32_t)cdb[4] << 8 | cdb[5];
		uint32_t n = (uint32_t)cdb[7] << 8 | cdb[8];

		switch (cdb[0]) {
		case 0x00:	/* TEST UNIT READY */
			break;
		case 0x12: {	/* INQUIRY, standard data */
			uint8_t inq[36] = { 0, 0, 5, 0x12, 31, 0, 0, 0x02 };
			uint64_t alloc = (uint64_t)cdb[3] << 8 | cdb[4];

			if (cdb[1] & 1) {
				scsi_sense(resp, 5, 0x24);	/* EVPD: invalid field in CDB */
				break;
			}
			memcpy(inq + 8, "VCT     refdev scsi disk1.0 ", 28);
			produced = alloc < sizeof(inq) ? alloc : sizeof(inq);
			if (produced > din)
				produced = din;
			r = chain_write(d, c, SCSI_RESP, inq, produced);
			break;
		}
		case 0x28:	/* READ(10) */
		case 0x2a:	/* WRITE(10) */
			if ((uint64_t)lba + n > SCSI_BLOCKS) {
				scsi_sense(resp, 5, 0x21);	/* LBA out of range */
				break;
			}
			if (cdb[0] == 0x28) {
				produced = (uint64_t)n * 512 < din ? (uint64_t)n * 512 : din;
				r = chain_write(d, c, SCSI_RESP, d->disk + (uint64_t)lba * 512, produced);
			} else {
				uint64_t k = (uint64_t)n * 512 < dout ? (uint64_t)n * 512 : dout;

				r = chain_read(d, c, SCSI_HDR, d->disk + (uint64_t)lba * 512, k);
				put32(resp + 4, (uint32_t)(dout - k));	/* residual of the data-out */
			}
			break;
		default:
			scsi_sense(resp, 5, 0x20);	/* invalid command operation code */
			break;
		}
		if (r)
			return r;
		if (cdb[0] != 0x2a)
			put32(resp + 4, (uint32_t)(din - produced));	/* residual of the data-in */
	}
	if (chain_write(d, c, 0, resp, SCSI_RESP))
		return -EFAULT;
	*written = SCSI_RESP + (uint32_t)produced;
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

static void scsi_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 0)
		rd_serve(d, qi, scsi_ctrl);
	else if (qi >= 2)
		rd_serve(d, qi, scsi_cmd);
	/* eventq: buffers wait for a host event */
}

/* ---- balloon ------------------------------------------------------------ */

static void balloon_init(struct refdev *d)
{
	put32(d->devcfg + 0, 0);	/* num_pages: the host asks for nothing */
	put32(d->devcfg + 4, 0);	/* actual */
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

static void balloon_queue(struct refdev *d, unsigned int qi)
{
	if (qi < 2)
		rd_serve(d, qi, balloon_pages);
	/* statsq: the buffer is returned when the host wants statistics */
}

/* ---- input -------------------------------------------------------------- */

#define INPUT_CFG_SIZE		136

static void input_select(struct refdev *d)
{
	uint8_t sel = d->devcfg[0], sub = d->devcfg[1], *u = d->devcfg + 8, size = 0;
	static const char name[] = "vct refdev keyboard", serial[] = "vct-0001";

	memset(u, 0, 128);
	switch (sel) {
	case 0x01:	/* VIRTIO_INPUT_CFG_ID_NAME */
		size = sizeof(name) - 1;
		memcpy(u, name, size);
		break;
	case 0x02:	/* ID_SERIAL */
		size = sizeof(serial) - 1;
		memcpy(u, serial, size);
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
	case 0x07:	/* ID_DEVIDS */
		put16(u + 0, 0x06);	/* BUS_VIRTUAL */
		put16(u + 2, 0x1af4);
		put16(u + 4, 0x0001);
		put16(u + 6, 0x0001);
		size = 8;
		break;
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

static void input_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 1)
		rd_serve(d, qi, input_status);
	/* eventq: buffers wait for input from the host */
}

/* ---- gpu ---------------------------------------------------------------- */

#define GPU_HDR			24
#define GPU_CMD_GET_DISPLAY_INFO 0x0100
#define GPU_RESP_OK_DISPLAY_INFO 0x1101
#define GPU_RESP_ERR_UNSPEC	0x1200
#define GPU_FLAG_FENCE		1

static void gpu_init(struct refdev *d)
{
	put32(d->devcfg + 8, 1);	/* num_scanouts */
}

static int gpu_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t hdr[GPU_HDR], resp[GPU_HDR + 16 * 24] = { 0 };
	uint32_t len = GPU_HDR;
	int r;

	r = req_head(d, c, hdr, GPU_HDR, written);
	if (r)
		return r < 0 ? r : 0;
	/* A fenced command's response carries the fence back. */
	if (get32(hdr + 4) & GPU_FLAG_FENCE) {
		put32(resp + 4, GPU_FLAG_FENCE);
		memcpy(resp + 8, hdr + 8, 8);
		memcpy(resp + 16, hdr + 16, 5);
	}
	if (get32(hdr) == GPU_CMD_GET_DISPLAY_INFO) {
		put32(resp, GPU_RESP_OK_DISPLAY_INFO);
		put32(resp + GPU_HDR + 8, 1024);	/* pmodes[0].r.width */
		put32(resp + GPU_HDR + 12, 768);	/* height */
		put32(resp + GPU_HDR + 16, 1);		/* enabled */
		len = sizeof(resp);
	} else {
		put32(resp, GPU_RESP_ERR_UNSPEC);
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

/* ---- crypto ------------------------------------------------------------- */

#define CRYPTO_CTRL		(16 + 56)
#define CRYPTO_CREATE		0x02
#define CRYPTO_DESTROY		0x03
#define CRYPTO_AES_CBC		3
#define CRYPTO_OK		0
#define CRYPTO_NOTSUPP		3
#define CRYPTO_INVSESS		4
#define CRYPTO_NOSPC		5
#define CRYPTO_SESSIONS		64

static void crypto_init(struct refdev *d)
{
	put32(d->devcfg + 0, 1);		/* status: VIRTIO_CRYPTO_S_HW_READY */
	put32(d->devcfg + 4, 1);		/* max_dataqueues */
	put32(d->devcfg + 8, 1u << 0);		/* crypto_services: CIPHER */
	put32(d->devcfg + 12, 1u << CRYPTO_AES_CBC);	/* cipher_algo_l */
	put32(d->devcfg + 36, 32);		/* max_cipher_key_len */
	put64(d->devcfg + 48, 1u << 20);	/* max_size */
}

static int crypto_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[CRYPTO_CTRL], in[16] = { 0 };
	int r;

	r = req_head(d, c, req, CRYPTO_CTRL, written);
	if (r)
		return r < 0 ? r : 0;
	switch (get32(req)) {
	case CRYPTO_CREATE: {
		const uint8_t *f = req + 16;
		uint32_t klen = get32(f + 4), st = CRYPTO_NOTSUPP;
		unsigned int s;

		if (get32(f + 48) == 1 && get32(f) == CRYPTO_AES_CBC && (klen == 16 || klen == 24 || klen == 32) &&
		    c->rlen >= CRYPTO_CTRL + (uint64_t)klen) {
			st = CRYPTO_NOSPC;
			for (s = 0; s < CRYPTO_SESSIONS; s++)
				if (!((d->sessions >> s) & 1)) {
					d->sessions |= 1ull << s;
					put64(in, s + 1);
					st = CRYPTO_OK;
					break;
				}
		}
		put32(in + 8, st);
		return answer(d, c, in, 16, written);
	}
	case CRYPTO_DESTROY: {
		uint64_t id = get64(req + 16);

		in[0] = CRYPTO_INVSESS;
		if (id >= 1 && id <= CRYPTO_SESSIONS && ((d->sessions >> (id - 1)) & 1)) {
			d->sessions &= ~(1ull << (id - 1));
			in[0] = CRYPTO_OK;
		}
		return answer(d, c, in, 1, written);
	}
	default:
		in[0] = CRYPTO_NOTSUPP;
		return answer(d, c, in, 1, written);
	}
}

/* A data request ends in struct virtio_crypto_inhdr: its status is the last writable byte. */
static int crypto_data(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t st = CRYPTO_NOTSUPP;

	*written = 0;
	if (!c->wlen)
		return 0;
	if (chain_write(d, c, 0, NULL, c->wlen - 1) || chain_write(d, c, c->wlen - 1, &st, 1))
		return -EFAULT;
	*written = (uint32_t)c->wlen;
	return 0;
}

static void crypto_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, qi + 1 == d->ty->nq ? crypto_ctrl : crypto_data);
}

/* ---- mem ---------------------------------------------------------------- */

#define MEM_BLOCK		(2ull << 20)
#define MEM_ADDR		(4ull << 30)
#define MEM_BLOCKS		128
#define MEM_F_UNPLUGGED_INACCESSIBLE 1
#define MEM_ACK			0
#define MEM_NACK		1
#define MEM_ERROR		3

static void mem_init(struct refdev *d)
{
	put64(d->devcfg + 0, MEM_BLOCK);			/* block_size */
	put64(d->devcfg + 16, MEM_ADDR);			/* addr */
	put64(d->devcfg + 24, MEM_BLOCK * MEM_BLOCKS);		/* region_size */
	put64(d->devcfg + 32, MEM_BLOCK * MEM_BLOCKS);		/* usable_region_size */
	put64(d->devcfg + 40, (uint64_t)__builtin_popcountll(d->mem_plugged[0]) * MEM_BLOCK +
				      (uint64_t)__builtin_popcountll(d->mem_plugged[1]) * MEM_BLOCK);	/* plugged_size */
	put64(d->devcfg + 48, 16 * MEM_BLOCK);			/* requested_size */
}

/* Blocks [first, first + n) are all plugged (want 1) or all unplugged (want 0). */
static bool mem_all(const struct refdev *d, unsigned int first, unsigned int n, int want)
{
	for (unsigned int b = first; b < first + n; b++)
		if ((int)((d->mem_plugged[b / 64] >> (b % 64)) & 1) != want)
			return false;
	return true;
}

static void mem_set(struct refdev *d, unsigned int first, unsigned int n, bool on)
{
	for (unsigned int b = first; b < first + n; b++) {
		if (on)
			d->mem_plugged[b / 64] |= 1ull << (b % 64);
		else
			d->mem_plugged[b / 64] &= ~(1ull << (b % 64));
	}
}

static int mem_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[24], resp[10] = { 0 };
	uint64_t addr;
	unsigned int n, first;
	uint16_t type = MEM_ERROR;
	int r;

	r = req_head(d, c, req, 24, written);
	if (r)
		return r < 0 ? r : 0;
	addr = get64(req + 8);
	n = get16(req + 16);
	first = (unsigned int)((addr - MEM_ADDR) / MEM_BLOCK);
	switch (get16(req)) {
	case 2:	/* UNPLUG_ALL */
		memset(d->mem_plugged, 0, sizeof(d->mem_plugged));
		type = MEM_ACK;
		break;
	case 0:	/* PLUG */
	case 1:	/* UNPLUG */
	case 3:	/* STATE */
		if (addr % MEM_BLOCK || !n || addr < MEM_ADDR || first >= MEM_BLOCKS || n > MEM_BLOCKS - first)
			break;	/* ERROR: unaligned, empty, or outside the usable region */
		if (get16(req) == 3) {
			type = MEM_ACK;
			put16(resp + 8, mem_all(d, first, n, 1) ? 0 : mem_all(d, first, n, 0) ? 1 : 2);
		} else if (!mem_all(d, first, n, get16(req) == 0 ? 0 : 1)) {
			type = MEM_ERROR;	/* some block is already in the requested state */
		} else if (get16(req) == 0 && get64(d->devcfg + 40) + n * MEM_BLOCK > get64(d->devcfg + 48)) {
			type = MEM_NACK;	/* more than the host requested */
		} else {
			mem_set(d, first, n, get16(req) == 0);
			type = MEM_ACK;
		}
		break;
	}
	put16(resp, type);
	if (type == MEM_ACK && get16(req) != 3) {
		put64(d->devcfg + 40, (uint64_t)(__builtin_popcountll(d->mem_plugged[0]) +
						 __builtin_popcountll(d->mem_plugged[1])) * MEM_BLOCK);
		config_changed(d);
	}
	return answer(d, c, resp, sizeof(resp), written);
}

static void mem_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, mem_req);
}

/* "A device MAY fail to operate further if VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE is not accepted": this one refuses it. */
static bool mem_features_ok(struct refdev *d, uint64_t f)
{
	return (f >> MEM_F_UNPLUGGED_INACCESSIBLE) & 1;
}

/* ---- pmem --------------------------------------------------------------- */

static void pmem_init(struct refdev *d)
{
	put64(d->devcfg + 0, 8ull << 30);	/* start */
	put64(d->devcfg + 8, 64ull << 20);	/* size */
}

static int pmem_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[4], resp[4];
	int r;

	r = req_head(d, c, req, 4, written);
	if (r)
		return r < 0 ? r : 0;
	/* FLUSH (0) succeeds: nothing is cached; any other type fails with -1. */
	put32(resp, get32(req) == 0 ? 0 : 0xffffffffu);
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

#endif
