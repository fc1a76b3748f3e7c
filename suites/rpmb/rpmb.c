/* SPDX-License-Identifier: MIT */
/*
 * RPMB device (id 28): its configuration, the state it must keep, and its
 * answers to the two requests that change nothing on the part.
 *
 * vct never sends PROGRAM_KEY or DATA_WRITE: the key of a real part is
 * one-time programmable and a data write advances its write counter for
 * good. Without the key vct cannot make a MAC, so every request here is a
 * GET_WRITE_COUNTER or a DATA_READ, whose answers vct cannot authenticate
 * either; the checks look at what the device must keep and say, not at MACs.
 * Whether the key is programmed is the device's own answer to a plain
 * GET_WRITE_COUNTER (OK or NO_AUTH_KEY): checks that need one way or the
 * other SKIP "device:" on the other. The state checks (key, counter, data
 * kept) read before and after a device reset: a reboot is out of reach.
 */
#include <string.h>

#include "types/types.h"

#define VCT_ID_RPMB 28
#define FRAME 512
#define O_DATA 228
#define O_NONCE 484
#define O_WCNT 500
#define O_ADDR 504
#define O_COUNT 506
#define O_RESULT 508
#define O_REQ 510
#define REQ_GET_COUNTER 2
#define REQ_DATA_READ 4
#define RESP_GET_COUNTER 0x0200
#define RESP_DATA_READ 0x0400
#define RES_OK 0
#define RES_GENERAL 1
#define RES_ADDR 4
#define RES_NO_KEY 7
#define MAX_FRAMES 256

struct rpmb {
	struct vct_bringup b;
	uint8_t capacity, max_wr, max_rd;
	uint32_t blocks;	/* half-sectors (256 bytes) of the partition */
	uint32_t end;		/* the same, bounded by what a 16-bit address reaches */
	unsigned int seq;	/* varies the nonces */
};

/* One request frame and the device's answer. */
struct rpmb_io {
	uint8_t req[FRAME];
	unsigned int nw;	/* response frames given */
	uint8_t *resp;		/* nw frames, 0xee where the device wrote nothing */
	uint32_t len;		/* used length */
};

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }
static void put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put_be32(uint8_t *p, uint32_t v) { put_be16(p, (uint16_t)(v >> 16)); put_be16(p + 2, (uint16_t)v); }

static void rpmb_open(struct vct_ctx *c, struct rpmb *d)
{
	unsigned int seq = d->seq;

	memset(d, 0, sizeof(*d));
	d->seq = seq;
	d->b.nq = 1;
	vct_c_bringup(c, &d->b);
	d->capacity = (uint8_t)vct_req_cfg(c, "capacity");
	d->max_wr = (uint8_t)vct_req_cfg(c, "max_wr_cnt");
	d->max_rd = (uint8_t)vct_req_cfg(c, "max_rd_cnt");
	d->blocks = d->capacity * 512u;	/* 128 KiB units of 256-byte half-sectors */
	d->end = d->blocks > 65536 ? 65536 : d->blocks;
}

static void rpmb_reopen(struct vct_ctx *c, struct rpmb *d)
{
	vct_c_reset(c);
	rpmb_open(c, d);
}

/* A request frame of @type: a fresh nonce, @count blocks from @addr; the rest 0. */
static void frame(struct rpmb *d, struct rpmb_io *io, uint16_t type, uint16_t addr, uint16_t count, unsigned int nw)
{
	memset(io, 0, sizeof(*io));
	d->seq++;
	for (unsigned int i = 0; i < 16; i++)
		io->req[O_NONCE + i] = (uint8_t)(d->seq * 131 + i * 17 + 1);
	put_be16(io->req + O_ADDR, addr);
	put_be16(io->req + O_COUNT, count);
	put_be16(io->req + O_REQ, type);
	io->nw = nw;
}

/*
 * Send @io: the request frame device-readable, then its response frames
 * device-writable, one descriptor each (the chapter's layout). Requires
 * the answer within the timeout; io->resp points into DMA memory.
 */
static void rpmb_send(struct vct_ctx *c, struct rpmb *d, struct rpmb_io *io)
{
	struct vct_dma_buf *q = vct_c_dma(c, FRAME), *r = vct_c_dma(c, (size_t)io->nw * FRAME);
	struct vct_sg sg[1 + MAX_FRAMES];
	unsigned int n = 0;
	void *tok;

	if (io->nw < 1 || io->nw > MAX_FRAMES)
		vct_abort(c, "rpmb: %u response frames", io->nw);
	memcpy(q->va, io->req, FRAME);
	sg[n++] = (struct vct_sg){ .iova = q->iova, .len = FRAME };
	memset(r->va, 0xee, (size_t)io->nw * FRAME);
	for (unsigned int i = 0; i < io->nw; i++)
		sg[n++] = (struct vct_sg){ .iova = r->iova + (uint64_t)i * FRAME, .len = FRAME, .write = true };
	io->resp = r->va;
	if (vct_vq_add(d->b.vq[0], sg, n, r->va, 0) < 0)
		vct_abort(c, "cannot post an RPMB request");
	vct_vq_notify(d->b.vq[0]);
	if (vct_req_collect(c, d->b.vq[0], c->timeout_ms, 1, &tok, &io->len) != 1) {
		vct_step_begin(c);
		vct_require(c, false, "requestq", "the request answered", "not within %d ms", c->timeout_ms);
	}
}

static uint16_t result_of(const struct rpmb_io *io, unsigned int i) { return be16(io->resp + (size_t)i * FRAME + O_RESULT); }

/* GET_WRITE_COUNTER with @count blocks and @wcnt in its write_counter field. */
static void get_counter(struct vct_ctx *c, struct rpmb *d, struct rpmb_io *io, uint16_t count, uint32_t wcnt)
{
	frame(d, io, REQ_GET_COUNTER, 0, count, 1);
	put_be32(io->req + O_WCNT, wcnt);
	rpmb_send(c, d, io);
}

/*
 * Whether the key is programmed, by the device's answer to a plain
 * GET_WRITE_COUNTER (the counter in *@cnt when it is). Another result
 * leaves vct without a state to go on: SKIP "device:".
 */
static bool keyed(struct vct_ctx *c, struct rpmb *d, uint32_t *cnt)
{
	struct rpmb_io io;
	uint16_t res;

	get_counter(c, d, &io, 1, 0);
	res = result_of(&io, 0);
	if (res != RES_OK && res != RES_NO_KEY)
		vct_skip(c, "device: GET_WRITE_COUNTER answered result 0x%04x, neither OK nor NO_AUTH_KEY: the key's state "
			    "is unknown", res);
	if (cnt)
		*cnt = be32(io.resp + O_WCNT);
	return res == RES_OK;
}

/* The same, SKIPping a device without a key. */
static uint32_t need_key(struct vct_ctx *c, struct rpmb *d)
{
	uint32_t cnt = 0;

	if (!keyed(c, d, &cnt))
		vct_skip(c, "device: no authentication key is programmed (NO_AUTH_KEY); vct never programs one, a key "
			    "write is one-time");
	return cnt;
}

/* DATA_READ of @count blocks at @addr into @nw response frames. */
static void data_read(struct vct_ctx *c, struct rpmb *d, struct rpmb_io *io, uint16_t addr, uint16_t count, unsigned int nw)
{
	frame(d, io, REQ_DATA_READ, addr, count, nw);
	rpmb_send(c, d, io);
}

/* D-f9b70ba7: capacity is a multiple of 128 KiB up to 16 MiB: the field, in 128 KiB units, is at most 0x80. */
static void capacity_range(struct vct_ctx *c)
{
	uint8_t cap;

	vct_c_negotiate(c, NULL);
	cap = (uint8_t)vct_req_cfg(c, "capacity");
	vct_report(c, cap <= 0x80, "capacity (128 KiB units)", "at most 0x80 (16 MiB)", "0x%02x", cap);
}

/* D-a670c026: a programmed key survives a device reset: GET_WRITE_COUNTER still finds it. */
static void key_kept(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	struct rpmb_io io;

	rpmb_open(c, &d);
	need_key(c, &d);
	rpmb_reopen(c, &d);
	get_counter(c, &d, &io, 1, 0);
	vct_report(c, result_of(&io, 0) == RES_OK, "GET_WRITE_COUNTER after a device reset (OK before it)",
		   "OK: the key is kept", "result 0x%04x", result_of(&io, 0));
}

/*
 * D-d4e3ce1a: the write counter is read-only and monotonic: without a
 * write it stays where it is, whatever a GET_WRITE_COUNTER carries in its
 * own write_counter field (the driver's to fill: vct puts the counter plus
 * 5, then 0xffffffff there).
 */
static void counter_read_only(struct vct_ctx *c)
{
	static const uint32_t add[] = { 5, 0 };
	struct rpmb d = { 0 };
	uint32_t n0;

	rpmb_open(c, &d);
	n0 = need_key(c, &d);
	for (unsigned int i = 0; i < 2; i++) {
		struct rpmb_io io;
		uint32_t carried = add[i] ? n0 + add[i] : 0xffffffffu, n1, n2;
		uint16_t r1, r2;

		/* the answer to the request carrying a value counts only if OK (the device may refuse such a request) */
		get_counter(c, &d, &io, 1, carried);
		r1 = result_of(&io, 0);
		n1 = r1 == RES_OK ? be32(io.resp + O_WCNT) : n0;
		get_counter(c, &d, &io, 1, 0);
		r2 = result_of(&io, 0);
		if (r2 != RES_OK)
			vct_skip(c, "device: a plain GET_WRITE_COUNTER answered result 0x%04x after one that answered OK",
				 r2);
		n2 = be32(io.resp + O_WCNT);
		vct_report(c, n1 == n0 && n2 == n0, "write counter, no write made", "unchanged",
			   "%u, then %u (result 0x%04x) answering a request carrying 0x%08x, then %u", n0,
			   r1 == RES_OK ? n1 : 0, r1, carried, n2);
	}
}

/* D-ba999b19: the write counter survives a device reset. */
static void counter_kept(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	uint32_t n0, n1;

	rpmb_open(c, &d);
	n0 = need_key(c, &d);
	rpmb_reopen(c, &d);
	if (!keyed(c, &d, &n1))
		vct_skip(c, "device: the key was lost over the reset (rpmb.key_kept's failure): no counter to read");
	vct_report(c, n1 == n0, "write counter after a device reset", "as before it", "%u before, %u after", n0, n1);
}

/*
 * D-665ee1f5: the device keeps the data: the first and last blocks read
 * the same before and after a device reset (no write in between). A read
 * the device cannot serve leaves nothing to compare: SKIP.
 */
static void data_kept(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	uint16_t at[2];
	uint8_t before[2][256];

	rpmb_open(c, &d);
	need_key(c, &d);
	if (!d.blocks)
		vct_skip(c, "device: capacity 0, no block to read");
	at[0] = 0;
	at[1] = (uint16_t)(d.end - 1);
	for (unsigned int pass = 0; pass < 2; pass++) {
		if (pass)
			rpmb_reopen(c, &d);
		for (unsigned int i = 0; i < 2; i++) {
			struct rpmb_io io;

			data_read(c, &d, &io, at[i], 1, 1);
			if (result_of(&io, 0) != RES_OK)
				vct_skip(c, "device: DATA_READ of block %u answered result 0x%04x (%s the reset)", at[i],
					 result_of(&io, 0), pass ? "after" : "before");
			if (!pass) {
				memcpy(before[i], io.resp + O_DATA, 256);
				continue;
			}
			vct_report(c, !memcmp(before[i], io.resp + O_DATA, 256), "data of a block after a device reset",
				   "as before it", "block %u: %02x %02x %02x %02x ... before, %02x %02x %02x %02x ... after",
				   at[i], before[i][0], before[i][1], before[i][2], before[i][3], io.resp[O_DATA],
				   io.resp[O_DATA + 1], io.resp[O_DATA + 2], io.resp[O_DATA + 3]);
		}
	}
}

/* D-e1a72af6: GET_WRITE_COUNTER is answered with req_resp RESP_GET_COUNTER (key or none). */
static void counter_resp(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	struct rpmb_io io;

	rpmb_open(c, &d);
	get_counter(c, &d, &io, 1, 0);
	vct_report(c, be16(io.resp + O_REQ) == RESP_GET_COUNTER, "req_resp of the answer to GET_WRITE_COUNTER",
		   "0x0200 (RESP_GET_COUNTER)", "0x%04x, result 0x%04x", be16(io.resp + O_REQ), result_of(&io, 0));
}

/*
 * D-d2b16b59: GET_WRITE_COUNTER with block_count 0, then 2, gets
 * GENERAL_FAILURE. On a device without a key NO_AUTH_KEY is owed as well
 * (D-48cc07c6) and neither comes first: that device is SKIPped.
 */
static void counter_block_count(struct vct_ctx *c)
{
	static const uint16_t counts[] = { 0, 2 };
	struct rpmb d = { 0 };

	rpmb_open(c, &d);
	need_key(c, &d);
	for (unsigned int i = 0; i < 2; i++) {
		struct rpmb_io io;

		get_counter(c, &d, &io, counts[i], 0);
		vct_report(c, result_of(&io, 0) == RES_GENERAL, "result of GET_WRITE_COUNTER with block_count not 1",
			   "0x0001 (GENERAL_FAILURE)", "0x%04x for block_count %u", result_of(&io, 0), counts[i]);
	}
}

/* The largest read vct asks for: max_rd_cnt (no limit: 4), at most 4 and the partition. */
static uint16_t read_span(const struct rpmb *d)
{
	uint32_t n = d->max_rd ? d->max_rd : 4;

	if (n > 4)
		n = 4;
	return (uint16_t)(n > d->end ? d->end : n);
}

/*
 * D-ff4ee040: a DATA_READ is answered in block_count frames, each with
 * req_resp RESP_DATA_READ: one block at 0, then the widest read allowed
 * (up to 4 blocks) ending at the partition's last block.
 */
static void read_response(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	uint16_t span;

	rpmb_open(c, &d);
	need_key(c, &d);
	span = read_span(&d);
	if (!span)
		vct_skip(c, "device: capacity 0, no block to read");
	for (unsigned int k = 0; k < 2; k++) {
		uint16_t n = k ? span : 1, at = (uint16_t)(k ? d.end - span : 0);
		struct rpmb_io io;
		unsigned int good = 0, first_bad = 0;

		data_read(c, &d, &io, at, n, n);
		if (result_of(&io, 0) != RES_OK)
			vct_skip(c, "device: DATA_READ of %u blocks at %u answered result 0x%04x", n, at, result_of(&io, 0));
		for (unsigned int i = 0; i < n; i++) {
			uint16_t t = be16(io.resp + (size_t)i * FRAME + O_REQ);

			if (t == RESP_DATA_READ)
				good++;
			else if (good == i)
				first_bad = i;
		}
		vct_report(c, good == n, "req_resp of each frame answering DATA_READ", "0x0400 (RESP_DATA_READ) in all",
			   "%u of %u frames (block_count %u at %u); frame %u: 0x%04x", good, n, n, at, first_bad,
			   be16(io.resp + (size_t)first_bad * FRAME + O_REQ));
	}
}

/*
 * D-7ccb73fa: a DATA_READ of block_count 0, or of one more than
 * max_rd_cnt (given that many frames), gets GENERAL_FAILURE.
 */
static void read_block_count(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	struct rpmb_io io;

	rpmb_open(c, &d);
	need_key(c, &d);
	if (!d.blocks)
		vct_skip(c, "device: capacity 0: every read is out of range too");
	data_read(c, &d, &io, 0, 0, 1);
	vct_report(c, result_of(&io, 0) == RES_GENERAL, "result of DATA_READ with block_count 0", "0x0001 (GENERAL_FAILURE)",
		   "0x%04x", result_of(&io, 0));
	if (!d.max_rd || d.max_rd + 1u > d.blocks || d.max_rd + 1u > MAX_FRAMES)
		return;	/* no limit, or one past it is out of range too: block_count 0 was the case */
	data_read(c, &d, &io, 0, (uint16_t)(d.max_rd + 1), d.max_rd + 1u);
	vct_report(c, result_of(&io, 0) == RES_GENERAL, "result of DATA_READ with block_count max_rd_cnt + 1",
		   "0x0001 (GENERAL_FAILURE)", "0x%04x (max_rd_cnt %u)", result_of(&io, 0), d.max_rd);
}

/*
 * D-a2bb5594: a DATA_READ outside the partition gets ADDR_FAILURE: one
 * block at the first address past the end and at 0xffff, two blocks from
 * the last (where max_rd_cnt allows two). A 16 MiB partition has every
 * 16-bit address: only the two-block read is left.
 */
static void read_address_range(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	unsigned int tried = 0;

	rpmb_open(c, &d);
	need_key(c, &d);
	for (unsigned int k = 0; k < 3; k++) {
		uint32_t at = k == 0 ? d.blocks : k == 1 ? 0xffff : d.blocks - 1;
		uint16_t n = k == 2 ? 2 : 1;
		struct rpmb_io io;
		bool fits = k == 0 ? d.blocks <= 0xffff
			  : k == 1 ? d.blocks < 0xffff
				   : d.blocks && d.blocks - 1 <= 0xffff && (!d.max_rd || d.max_rd >= 2);

		if (!fits)
			continue;
		data_read(c, &d, &io, (uint16_t)at, n, n);
		vct_report(c, result_of(&io, 0) == RES_ADDR, "result of DATA_READ past the partition's end",
			   "0x0004 (ADDR_FAILURE)", "0x%04x for %u block%s at %u (%u blocks)", result_of(&io, 0), n,
			   n > 1 ? "s" : "", at, d.blocks);
		tried++;
	}
	if (!tried)
		vct_skip(c, "device: capacity 0x%02x: no read past the end fits the 16-bit address and max_rd_cnt %u",
			 d.capacity, d.max_rd);
}

/*
 * D-61ca8e0a: on a device without a key (its GET_WRITE_COUNTER says
 * NO_AUTH_KEY) a DATA_READ gets NO_AUTH_KEY too.
 */
static void read_no_key(struct vct_ctx *c)
{
	struct rpmb d = { 0 };
	struct rpmb_io io;

	rpmb_open(c, &d);
	if (keyed(c, &d, NULL))
		vct_skip(c, "device: its authentication key is programmed (GET_WRITE_COUNTER answered OK)");
	data_read(c, &d, &io, 0, 1, 1);
	vct_report(c, result_of(&io, 0) == RES_NO_KEY, "result of DATA_READ on a device without a key",
		   "0x0007 (NO_AUTH_KEY)", "0x%04x", result_of(&io, 0));
}

static const struct vct_check checks[] = {
	VCT_CHECK("rpmb.capacity_range", "D-f9b70ba7", capacity_range, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.key_kept", "D-a670c026", key_kept, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.counter_read_only", "D-d4e3ce1a", counter_read_only, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.counter_kept", "D-ba999b19", counter_kept, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.data_kept", "D-665ee1f5", data_kept, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.counter_resp", "D-e1a72af6", counter_resp, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.counter_block_count", "D-d2b16b59", counter_block_count, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.read_response", "D-ff4ee040", read_response, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.read_block_count", "D-7ccb73fa", read_block_count, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.read_address_range", "D-a2bb5594", read_address_range, .type = VCT_ID_RPMB),
	VCT_CHECK("rpmb.read_no_key", "D-61ca8e0a", read_no_key, .type = VCT_ID_RPMB),
};

VCT_SUITE(vct_suite_rpmb, "rpmb", checks);
