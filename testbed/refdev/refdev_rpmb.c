/* SPDX-License-Identifier: MIT */
/*
 * refdev: the RPMB device (id 28). A 256 KiB partition (capacity 2: 1024
 * half-sectors of 256 bytes), up to 2 blocks a write and 3 a read. It
 * models a part provisioned at the factory: its authentication key is
 * programmed and 3 authenticated writes have been made (write counter 3);
 * ",unkeyed" makes it a blank part (no key, counter 0). The key, the
 * counter and the data outlive a device reset (its non-volatile state).
 *
 * A request is its frames (512 bytes each) device-readable, then the
 * response frames device-writable: GET_WRITE_COUNTER and DATA_READ are one
 * request frame, answered in one frame (a read: block_count frames);
 * PROGRAM_KEY and DATA_WRITE (block_count frames) are answered only when a
 * RESULT_READ frame follows them. Response MACs are HMAC-SHA-256 under the
 * key over each frame's bytes from data on (eMMC 6.6.22).
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code and refdev_cryptalg.c, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_RPMB			28
#define RPMB_CFG_LEN		3
#define RPMB_FRAME		512
#define RPMB_CAPACITY		2	/* 128 KiB units */
#define RPMB_BLOCKS		(RPMB_CAPACITY * 512u)
#define RPMB_MAX_WR		2
#define RPMB_MAX_RD		3
/* frame offsets: stuff, key_mac, data, nonce, write_counter, address, block_count, result, req_resp */
#define RPMB_O_MAC		196
#define RPMB_O_DATA		228
#define RPMB_O_NONCE		484
#define RPMB_O_WCNT		500
#define RPMB_O_ADDR		504
#define RPMB_O_COUNT		506
#define RPMB_O_RESULT		508
#define RPMB_O_REQ		510
#define RPMB_REQ_PROGRAM_KEY	1
#define RPMB_REQ_GET_COUNTER	2
#define RPMB_REQ_DATA_WRITE	3
#define RPMB_REQ_DATA_READ	4
#define RPMB_REQ_RESULT_READ	5
#define RPMB_RES_OK		0
#define RPMB_RES_GENERAL	1
#define RPMB_RES_AUTH		2
#define RPMB_RES_COUNT		3
#define RPMB_RES_ADDR		4
#define RPMB_RES_WRITE		5
#define RPMB_RES_NO_KEY		7
#define RPMB_RES_EXPIRED	0x80

struct rd_rpmb {
	bool keyed;
	uint8_t key[32];
	uint32_t counter;
	uint8_t last[RPMB_FRAME];	/* the response a RESULT_READ returns */
	bool served;			/* a request was answered since the last reset */
	uint8_t data[RPMB_BLOCKS][256];
};

/* big-endian fields; the stores are refdev_crypto.c's */
static uint16_t be16_get(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32_get(const uint8_t *p) { return (uint32_t)be16_get(p) << 16 | be16_get(p + 2); }

static void rpmb_init(struct refdev *d)
{
	struct rd_rpmb *r = calloc(1, sizeof(*d->rpmb));
	bool unkeyed = d->rpmb_unkeyed;

	d->rpmb = r;
	d->devcfg[0] = QK(d, Q_RPMB_CAPACITY_OVER) ? 0xc0 : RPMB_CAPACITY;
	d->devcfg[1] = RPMB_MAX_WR;
	d->devcfg[2] = RPMB_MAX_RD;
	if (!r)
		return;
	r->keyed = !unkeyed;
	for (unsigned int i = 0; i < 32; i++)
		r->key[i] = (uint8_t)(0x31 * i + 7);
	r->counter = unkeyed ? 0 : 3;
	for (unsigned int b = 0; b < RPMB_BLOCKS; b++)
		for (unsigned int i = 0; i < 256; i++)
			r->data[b][i] = unkeyed ? 0 : (uint8_t)(b * 13 + i * 7 + 1);
}

static void rpmb_free(struct refdev *d)
{
	free(d->rpmb);
	d->rpmb = NULL;
}

/*
 * A virtio reset leaves the non-volatile state alone (D-a670c026,
 * D-ba999b19, D-665ee1f5). The quirks model an emulation whose state is
 * volatile once in use: a reset after it answered a request loses it.
 */
static void rpmb_reset(struct refdev *d)
{
	struct rd_rpmb *r = d->rpmb;

	if (!r || !r->served)
		return;
	r->served = false;
	if (QK(d, Q_RPMB_KEY_LOST_ON_RESET))
		r->keyed = false;
	if (QK(d, Q_RPMB_COUNTER_RESET))
		r->counter = 0;
	if (QK(d, Q_RPMB_DATA_LOST_ON_RESET))
		memset(r->data, 0, sizeof(r->data));
}

/* The MAC of @n response frames: HMAC-SHA-256 under the key over data..req_resp of each (zeroes without a key). */
static void rpmb_mac(const struct rd_rpmb *r, uint8_t *frames, unsigned int n)
{
	uint8_t *msg = malloc((size_t)n * (RPMB_FRAME - RPMB_O_DATA)), *last = frames + (size_t)(n - 1) * RPMB_FRAME;

	memset(last + RPMB_O_MAC, 0, 32);
	if (!msg || !r->keyed) {
		free(msg);
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		memcpy(msg + (size_t)i * (RPMB_FRAME - RPMB_O_DATA), frames + (size_t)i * RPMB_FRAME + RPMB_O_DATA,
		       RPMB_FRAME - RPMB_O_DATA);
	hmac_sha256(r->key, 32, msg, (size_t)n * (RPMB_FRAME - RPMB_O_DATA), last + RPMB_O_MAC);
	free(msg);
}

/* PROGRAM_KEY: one frame; a key already programmed is kept (one-time programmable, D-551e030e). */
static uint16_t rpmb_program_key(struct rd_rpmb *r, const uint8_t *f, uint8_t *resp)
{
	uint16_t res = RPMB_RES_OK;

	if (be16_get(f + RPMB_O_COUNT) != 1)
		res = RPMB_RES_GENERAL;
	else if (r->keyed)
		res = RPMB_RES_WRITE;
	else {
		memcpy(r->key, f + RPMB_O_MAC, 32);
		r->keyed = true;
	}
	be16put(resp + RPMB_O_REQ, 0x0100);
	return res;
}

/* DATA_WRITE of @n frames, authenticated by the MAC in the last over all of them and by the counter. */
static uint16_t rpmb_data_write(struct refdev *d, struct rd_rpmb *r, const uint8_t *f, unsigned int n, uint8_t *resp)
{
	uint16_t bc = be16_get(f + RPMB_O_COUNT), addr = be16_get(f + RPMB_O_ADDR);
	uint8_t mac[32], *msg;
	uint16_t res;

	be16put(resp + RPMB_O_REQ, 0x0300);
	be16put(resp + RPMB_O_ADDR, addr);
	if (!r->keyed)
		return RPMB_RES_NO_KEY;
	if (!bc || bc > d->devcfg[1] || bc > n)
		return RPMB_RES_GENERAL;
	if (r->counter == UINT32_MAX)
		return RPMB_RES_EXPIRED;
	if ((uint32_t)addr + bc > RPMB_BLOCKS)
		return RPMB_RES_ADDR;
	msg = malloc((size_t)bc * (RPMB_FRAME - RPMB_O_DATA));
	if (!msg)
		return RPMB_RES_GENERAL;
	for (unsigned int i = 0; i < bc; i++)
		memcpy(msg + (size_t)i * (RPMB_FRAME - RPMB_O_DATA), f + (size_t)i * RPMB_FRAME + RPMB_O_DATA,
		       RPMB_FRAME - RPMB_O_DATA);
	hmac_sha256(r->key, 32, msg, (size_t)bc * (RPMB_FRAME - RPMB_O_DATA), mac);
	free(msg);
	if (memcmp(mac, f + (size_t)(bc - 1) * RPMB_FRAME + RPMB_O_MAC, 32))
		res = RPMB_RES_AUTH;
	else if (be32_get(f + RPMB_O_WCNT) != r->counter)
		res = RPMB_RES_COUNT;
	else {
		for (unsigned int i = 0; i < bc; i++)
			memcpy(r->data[addr + i], f + (size_t)i * RPMB_FRAME + RPMB_O_DATA, 256);
		r->counter++;
		res = RPMB_RES_OK;
	}
	be32put(resp + RPMB_O_WCNT, r->counter);
	return res;
}

/* GET_WRITE_COUNTER into @resp (one frame). */
static void rpmb_get_counter(struct refdev *d, struct rd_rpmb *r, const uint8_t *f, uint8_t *resp)
{
	uint16_t res = RPMB_RES_OK;
	uint32_t asked = be32_get(f + RPMB_O_WCNT);

	if (!r->keyed)
		res = RPMB_RES_NO_KEY;
	else if (be16_get(f + RPMB_O_COUNT) != 1 && !QK(d, Q_RPMB_COUNTER_COUNT_IGNORED))
		res = RPMB_RES_GENERAL;
	if (QK(d, Q_RPMB_COUNTER_WRITABLE) && asked)
		r->counter = asked;
	memcpy(resp + RPMB_O_NONCE, f + RPMB_O_NONCE, 16);
	be32put(resp + RPMB_O_WCNT, res == RPMB_RES_OK ? r->counter : 0);
	be16put(resp + RPMB_O_COUNT, 1);
	be16put(resp + RPMB_O_RESULT, res);
	be16put(resp + RPMB_O_REQ, QK(d, Q_RPMB_COUNTER_RESP_ECHOED) ? RPMB_REQ_GET_COUNTER : 0x0200);
	rpmb_mac(r, resp, 1);
}

/* DATA_READ into @resp (room for @nw frames); the frames answered. */
static unsigned int rpmb_data_read(struct refdev *d, struct rd_rpmb *r, const uint8_t *f, uint8_t *resp, unsigned int nw)
{
	uint16_t bc = be16_get(f + RPMB_O_COUNT), addr = be16_get(f + RPMB_O_ADDR), res = RPMB_RES_OK;
	unsigned int n = 1;

	if (QK(d, Q_RPMB_READ_COUNT_UNCHECKED))
		bc = (uint16_t)(!bc ? 1 : bc > nw ? nw : bc);
	if (!r->keyed && !QK(d, Q_RPMB_UNKEYED_READ_SERVED))
		res = RPMB_RES_NO_KEY;
	else if (!bc || bc > d->devcfg[2] || bc > nw)
		res = RPMB_RES_GENERAL;
	else if ((uint32_t)addr + bc > RPMB_BLOCKS && !QK(d, Q_RPMB_READ_ADDR_WRAPS))
		res = RPMB_RES_ADDR;
	if (res == RPMB_RES_OK)
		n = bc;
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *o = resp + (size_t)i * RPMB_FRAME;

		if (res == RPMB_RES_OK)
			memcpy(o + RPMB_O_DATA, r->data[(addr + i) % RPMB_BLOCKS], 256);
		memcpy(o + RPMB_O_NONCE, f + RPMB_O_NONCE, 16);
		be16put(o + RPMB_O_ADDR, addr);
		be16put(o + RPMB_O_COUNT, bc);
		be16put(o + RPMB_O_RESULT, res);
		be16put(o + RPMB_O_REQ, i && QK(d, Q_RPMB_READ_RESP_FIRST_ONLY) ? 0 : 0x0400);
	}
	rpmb_mac(r, resp, n);
	return n;
}

static int rpmb_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	struct rd_rpmb *r = d->rpmb;
	unsigned int nr = (unsigned int)(c->rlen / RPMB_FRAME), nw = (unsigned int)(c->wlen / RPMB_FRAME), n = 0;
	uint8_t *in, *out;
	uint16_t type;
	int ret = 0;

	(void)qi;
	*written = 0;
	if (!r || !nr)
		return 0;	/* no request frame: nothing to answer */
	if (nr > 2 * RPMB_MAX_WR + 1)
		nr = 2 * RPMB_MAX_WR + 1;
	if (nw > 255)
		nw = 255;
	in = calloc(nr, RPMB_FRAME);
	out = calloc(nw ? nw : 1, RPMB_FRAME);
	if (!in || !out || chain_read(d, c, 0, in, (size_t)nr * RPMB_FRAME)) {
		free(in);
		free(out);
		return in && out ? -EFAULT : 0;
	}
	type = be16_get(in + RPMB_O_REQ);
	r->served = true;
	if (type == RPMB_REQ_GET_COUNTER) {
		rpmb_get_counter(d, r, in, out);
		n = 1;
	} else if (type == RPMB_REQ_DATA_READ) {
		n = nw ? rpmb_data_read(d, r, in, out, nw) : 0;
	} else if (type == RPMB_REQ_PROGRAM_KEY || type == RPMB_REQ_DATA_WRITE) {
		/* the frames up to the first RESULT_READ are the request's */
		unsigned int k = 1;
		uint16_t res;

		while (k < nr && be16_get(in + (size_t)k * RPMB_FRAME + RPMB_O_REQ) != RPMB_REQ_RESULT_READ)
			k++;
		memset(r->last, 0, sizeof(r->last));
		res = type == RPMB_REQ_PROGRAM_KEY ? rpmb_program_key(r, in, r->last)
						   : rpmb_data_write(d, r, in, k, r->last);
		be16put(r->last + RPMB_O_RESULT, res);
		rpmb_mac(r, r->last, 1);
		if (k < nr) {
			memcpy(out, r->last, RPMB_FRAME);
			if (be16_get(in + (size_t)k * RPMB_FRAME + RPMB_O_COUNT) != 1)
				be16put(out + RPMB_O_RESULT, RPMB_RES_GENERAL);
			n = 1;
		}
	} else {
		/* RESULT_READ on its own, or an unknown type: a general failure */
		be16put(out + RPMB_O_RESULT, RPMB_RES_GENERAL);
		be16put(out + RPMB_O_REQ, (uint16_t)(type << 8));
		n = 1;
	}
	if (n > nw)
		n = nw;
	if (n && chain_write(d, c, 0, out, (size_t)n * RPMB_FRAME))
		ret = -EFAULT;
	else
		*written = n * RPMB_FRAME;
	free(in);
	free(out);
	return ret;
}

static void rpmb_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, rpmb_req);
}

#endif
