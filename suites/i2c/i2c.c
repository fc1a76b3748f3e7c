/* SPDX-License-Identifier: MIT */
/*
 * I2C adapter (id 34): the feature it must insist on, and requests on its
 * requestq. A request is the out_hdr (addr, padding, flags), the buffer
 * (read by the device for a write, written for a read, absent for a
 * zero-length request) and the status byte, the last writable one.
 *
 * What sits on the bus is unknown and may matter: vct only reads (a
 * one-byte read at 0x50-0x57, the range i2cdetect itself probes with reads,
 * to find a client; then, from the first client found, reads after a
 * one-byte write of the register pointer, as i2cget does), and writes data
 * only to an address that did not answer the probe. Requests are laid out
 * over a rotating choice of descriptors (out_hdr whole or cut; a read's
 * buffer whole, cut, or sharing its descriptor with the status byte).
 */
#include <errno.h>
#include <string.h>

#include "types/types.h"

#define VCT_ID_I2C 34
#define I2C_F_ZERO_LENGTH 0
#define I2C_FAIL_NEXT 1u
#define I2C_M_RD 2u
#define I2C_MSG_OK 0
#define I2C_MSG_ERR 1
#define I2C_MAX_LEN 64

struct i2c_req {
	uint8_t addr7;			/* 7-bit address */
	uint32_t flags;			/* I2C_FAIL_NEXT, I2C_M_RD */
	uint32_t len;			/* buffer bytes (0: zero-length request) */
	uint8_t data[I2C_MAX_LEN];	/* a write's bytes; a read's, once done */
	uint8_t poison;			/* a read buffer's bytes before the device wrote */
	/* once done */
	uint8_t status;
	uint8_t hdr_after[8], buf_after[I2C_MAX_LEN];	/* what the device-readable parts hold then */
	/* where the parts are */
	struct vct_dma_buf *part[5];
	uint32_t plen[5];
	bool pw[5];
	unsigned int np;
};

struct i2c_dev {
	struct vct_bringup b;
	unsigned int calls;		/* rotates the layout */
	int client;			/* 7-bit address that answered the probe, -1: none */
	int absent;			/* one that did not, -1: none */
};

static void i2c_start(struct vct_ctx *c, struct i2c_dev *d)
{
	memset(d, 0, sizeof(*d));
	d->b.nq = 1;
	vct_c_bringup(c, &d->b);
	d->client = d->absent = -1;
}

static void add_part(struct vct_ctx *c, struct i2c_req *r, struct vct_sg *sg, const void *p, uint32_t len, bool w)
{
	struct vct_dma_buf *b = vct_c_dma(c, len);

	if (w)
		memset(b->va, r->poison, len);
	else
		memcpy(b->va, p, len);
	sg[r->np] = (struct vct_sg){ .iova = b->iova, .len = len, .write = w };
	r->part[r->np] = b;
	r->plen[r->np] = len;
	r->pw[r->np++] = w;
}

static void post_one(struct vct_ctx *c, struct i2c_dev *d, struct i2c_req *r)
{
	unsigned int lay = d->calls++ % 3;
	uint32_t hcut = lay == 0 ? 8 : lay == 1 ? 4 : 2;
	struct vct_sg sg[5];
	uint8_t hdr[8], st = 0;
	bool rd = r->flags & I2C_M_RD;

	vct_put16(hdr, (uint16_t)(r->addr7 << 1));
	vct_put16(hdr + 2, 0);
	vct_put32(hdr + 4, r->flags);
	r->np = 0;
	add_part(c, r, sg, hdr, hcut, false);
	add_part(c, r, sg, hdr + hcut, 8 - hcut, false);
	if (r->len && !rd) {
		uint32_t cut = lay == 1 && r->len > 1 ? r->len / 2 : r->len;

		add_part(c, r, sg, r->data, cut, false);
		if (cut < r->len)
			add_part(c, r, sg, r->data + cut, r->len - cut, false);
	}
	if (r->len && rd && lay == 2) {
		add_part(c, r, sg, NULL, r->len + 1, true);	/* buffer and status in one descriptor */
	} else {
		if (r->len && rd) {
			uint32_t cut = lay == 1 && r->len > 1 ? r->len / 2 : r->len;

			add_part(c, r, sg, NULL, cut, true);
			if (cut < r->len)
				add_part(c, r, sg, NULL, r->len - cut, true);
		}
		add_part(c, r, sg, &st, 1, true);
	}
	if (vct_vq_add(d->b.vq[0], sg, r->np, r, 0) < 0)
		vct_abort(c, "cannot post an I2C request (%u descriptors)", r->np);
}

/* The readable stream from offset @off and the writable stream of @r as they are now. */
static void gather(struct i2c_req *r)
{
	uint8_t rb[8 + I2C_MAX_LEN], wb[I2C_MAX_LEN + 1];
	uint32_t ro = 0, wo = 0;

	for (unsigned int p = 0; p < r->np; p++) {
		if (r->pw[p]) {
			memcpy(wb + wo, r->part[p]->va, r->plen[p]);
			wo += r->plen[p];
		} else {
			memcpy(rb + ro, r->part[p]->va, r->plen[p]);
			ro += r->plen[p];
		}
	}
	memcpy(r->hdr_after, rb, 8);
	if (!(r->flags & I2C_M_RD))
		memcpy(r->buf_after, rb + 8, r->len);
	else
		memcpy(r->data, wb, r->len);
	r->status = wb[wo - 1];
}

/* Post @n requests in one notification and wait for all of them (a missing answer is a driver step's). */
static void i2c_batch(struct vct_ctx *c, struct i2c_dev *d, struct i2c_req *r, unsigned int n)
{
	void *tok[16];
	uint32_t lens[16];
	unsigned int got;

	for (unsigned int i = 0; i < n; i++) {
		if (r[i].len > I2C_MAX_LEN)
			vct_abort(c, "an I2C request of %u bytes, at most %u", r[i].len, I2C_MAX_LEN);
		post_one(c, d, &r[i]);
	}
	vct_vq_notify(d->b.vq[0]);
	got = vct_req_collect(c, d->b.vq[0], c->timeout_ms, n, tok, lens);
	vct_step_begin(c);
	vct_require(c, got == n, "requestq", "every request answered", "%u of %u answered within %d ms", got, n,
		    c->timeout_ms);
	vct_step_end(c);
	for (unsigned int i = 0; i < n; i++)
		gather(&r[i]);
}

static struct i2c_req rd_req(uint8_t addr7, uint32_t len, uint32_t flags, uint8_t poison)
{
	return (struct i2c_req){ .addr7 = addr7, .flags = flags | I2C_M_RD, .len = len, .poison = poison };
}

static struct i2c_req wr_req(uint8_t addr7, const uint8_t *p, uint32_t len, uint32_t flags)
{
	struct i2c_req r = { .addr7 = addr7, .flags = flags, .len = len, .poison = 0xee };

	memcpy(r.data, p, len);
	return r;
}

/* One-byte reads at 0x50-0x57: the first address that answers OK is the client, the first that fails absent. */
static void i2c_probe(struct vct_ctx *c, struct i2c_dev *d)
{
	for (uint8_t a = 0x50; a <= 0x57 && (d->client < 0 || d->absent < 0); a++) {
		struct i2c_req r = rd_req(a, 1, 0, 0xee);

		i2c_batch(c, d, &r, 1);
		if (r.status == I2C_MSG_OK && d->client < 0)
			d->client = a;
		if (r.status == I2C_MSG_ERR && d->absent < 0)
			d->absent = a;
	}
}

static void need_client(struct vct_ctx *c, struct i2c_dev *d)
{
	if (d->client < 0)
		vct_skip(c, "device: no client at 0x50-0x57 answered a one-byte read (nothing on the bus vct may read)");
}

/* Read @len bytes at register @reg of the client: a one-byte write of the pointer, then the read, one group. */
static uint8_t client_read(struct vct_ctx *c, struct i2c_dev *d, uint8_t reg, uint32_t len, uint8_t poison, uint8_t *out)
{
	struct i2c_req g[2] = { wr_req((uint8_t)d->client, &reg, 1, I2C_FAIL_NEXT), rd_req((uint8_t)d->client, len, 0, poison) };

	i2c_batch(c, d, g, 2);
	memcpy(out, g[1].data, len);
	return g[0].status != I2C_MSG_OK ? g[0].status : g[1].status;
}

/* D-4af460a3: the device offers VIRTIO_I2C_F_ZERO_LENGTH_REQUEST. */
static void zero_length_offered(struct vct_ctx *c)
{
	vct_report(c, vct_has(c->vd->offered, I2C_F_ZERO_LENGTH), "device_feature bit 0",
		   "VIRTIO_I2C_F_ZERO_LENGTH_REQUEST offered", "not offered");
}

/* D-59132f01: a driver that does not accept VIRTIO_I2C_F_ZERO_LENGTH_REQUEST is refused FEATURES_OK. */
static void refuses_without_zero_length(struct vct_ctx *c)
{
	uint64_t f[2];

	vct_c_need_feature(c, I2C_F_ZERO_LENGTH);
	vct_dev_default_features(c->vd, f);
	vct_clear(f, I2C_F_ZERO_LENGTH);
	vct_c_negotiate_refused(c, f, "FEATURES_OK without VIRTIO_I2C_F_ZERO_LENGTH_REQUEST accepted");
}

/* Whether addr and the reserved bits of flags of @r read as the driver wrote them; reports the request. */
static void hdr_kept(struct vct_ctx *c, const struct i2c_req *r, const char *what)
{
	uint16_t addr = (uint16_t)vct_le_load(r->hdr_after, 2);
	uint32_t flags = (uint32_t)vct_le_load(r->hdr_after + 4, 4);

	vct_report(c, addr == (uint16_t)(r->addr7 << 1), "out_hdr.addr after the request", "as the driver wrote it",
		   "%s: 0x%04x, written 0x%04x", what, addr, r->addr7 << 1);
	vct_report(c, (flags & ~3u) == (r->flags & ~3u), "reserved bits of out_hdr.flags after the request",
		   "as the driver wrote them (0)", "%s: flags 0x%08x, written 0x%08x", what, flags, r->flags);
}

/*
 * D-bd3e458d: the device leaves addr and the reserved bits of flags as the
 * driver wrote them: a zero-length write to reserved 0x7c, the probe's
 * reads, and a pointer write and read of the client.
 */
static void out_hdr_unchanged(struct vct_ctx *c)
{
	struct i2c_dev d;
	struct i2c_req q = { .addr7 = 0x7c, .poison = 0xee };
	uint8_t reg = 0;

	i2c_start(c, &d);
	i2c_batch(c, &d, &q, 1);
	hdr_kept(c, &q, "zero-length write to 0x7c");
	for (uint8_t a = 0x50; a <= 0x57; a++) {
		struct i2c_req r = rd_req(a, 1, 0, 0xee);

		i2c_batch(c, &d, &r, 1);
		hdr_kept(c, &r, "one-byte read");
		if (r.status == I2C_MSG_OK && d.client < 0)
			d.client = a;
	}
	if (d.client >= 0) {
		struct i2c_req g[2] = { wr_req((uint8_t)d.client, &reg, 1, I2C_FAIL_NEXT),
					rd_req((uint8_t)d.client, 8, 0, 0xee) };

		i2c_batch(c, &d, g, 2);
		hdr_kept(c, &g[0], "pointer write to the client");
		hdr_kept(c, &g[1], "read of the client");
	}
}

/*
 * D-3b167bb4: the device leaves a write request's buffer as the driver
 * wrote it: four bytes to an address that did not answer the probe, and
 * the one-byte pointer write to the client.
 */
static void write_buf_unchanged(struct vct_ctx *c)
{
	static const uint8_t four[4] = { 0xa5, 0x5a, 0x0f, 0xf0 };
	struct i2c_dev d;
	uint8_t reg = 0;
	unsigned int tried = 0;

	i2c_start(c, &d);
	i2c_probe(c, &d);
	if (d.absent >= 0) {
		struct i2c_req r = wr_req((uint8_t)d.absent, four, 4, 0);

		i2c_batch(c, &d, &r, 1);
		vct_report(c, !memcmp(r.buf_after, four, 4), "write request's buffer after the request",
			   "as the driver wrote it", "4 bytes to 0x%02x (status %u): %02x %02x %02x %02x", d.absent,
			   r.status, r.buf_after[0], r.buf_after[1], r.buf_after[2], r.buf_after[3]);
		tried++;
	}
	if (d.client >= 0) {
		struct i2c_req g[2] = { wr_req((uint8_t)d.client, &reg, 1, I2C_FAIL_NEXT),
					rd_req((uint8_t)d.client, 1, 0, 0xee) };

		i2c_batch(c, &d, g, 2);
		vct_report(c, g[0].buf_after[0] == reg, "write request's buffer after the request", "as the driver wrote it",
			   "pointer write of 0x%02x to 0x%02x: 0x%02x", reg, d.client, g[0].buf_after[0]);
		tried++;
	}
	if (!tried)
		vct_skip(c, "device: every address 0x50-0x57 answered neither OK nor ERR");
}

/*
 * D-060f4cff: a read request's whole buffer gets the segment read. Sixteen
 * bytes from register 0 of the client, twice, the buffer filled with 0xee,
 * then 0x11: no byte may hold the filler both times.
 */
static void read_fills_buf(struct vct_ctx *c)
{
	struct i2c_dev d;
	uint8_t a[16], b[16], sa, sb;
	unsigned int kept = 0, first = 16;

	i2c_start(c, &d);
	i2c_probe(c, &d);
	need_client(c, &d);
	sa = client_read(c, &d, 0, 16, 0xee, a);
	sb = client_read(c, &d, 0, 16, 0x11, b);
	if (sa != I2C_MSG_OK || sb != I2C_MSG_OK)
		vct_skip(c, "device: reading 16 bytes of the client at 0x%02x failed (status %u, %u)", d.client, sa, sb);
	for (unsigned int i = 0; i < 16; i++)
		if (a[i] == 0xee && b[i] == 0x11) {
			kept++;
			if (first == 16)
				first = i;
		}
	vct_report(c, kept == 0, "read request's buffer, status OK", "filled with the segment read",
		   "%u of 16 bytes left as the driver filled them (0xee, then 0x11), the first at byte %u (client 0x%02x)",
		   kept, first, d.client);
}

/*
 * D-189cb3df: requests received together are carried out in order. Two
 * pointer-write-and-read groups (registers 0 and 4 of the client) go one
 * at a time, then both in one notification: each read must give what it
 * gave alone.
 */
static void in_order(struct vct_ctx *c)
{
	struct i2c_dev d;
	uint8_t alone[2][4], r0 = 0, r4 = 4;
	struct i2c_req g[4];

	i2c_start(c, &d);
	i2c_probe(c, &d);
	need_client(c, &d);
	if (client_read(c, &d, 0, 4, 0xee, alone[0]) != I2C_MSG_OK || client_read(c, &d, 4, 4, 0xee, alone[1]) != I2C_MSG_OK)
		vct_skip(c, "device: reading registers 0 and 4 of the client at 0x%02x failed", d.client);
	if (!memcmp(alone[0], alone[1], 4))
		vct_skip(c, "device: bytes 0-3 and 4-7 of the client at 0x%02x are the same, so order cannot show", d.client);
	g[0] = wr_req((uint8_t)d.client, &r0, 1, I2C_FAIL_NEXT);
	g[1] = rd_req((uint8_t)d.client, 4, 0, 0xee);
	g[2] = wr_req((uint8_t)d.client, &r4, 1, I2C_FAIL_NEXT);
	g[3] = rd_req((uint8_t)d.client, 4, 0, 0xee);
	i2c_batch(c, &d, g, 4);
	for (unsigned int k = 0; k < 2; k++) {
		const uint8_t *x = g[2 * k + 1].data;

		vct_report(c, !memcmp(x, alone[k], 4), "read in a batch of two pointer-write-and-read groups",
			   "what it read alone: the requests carried out in order",
			   "register %u: %02x %02x %02x %02x, alone %02x %02x %02x %02x", 4 * k, x[0], x[1], x[2], x[3],
			   alone[k][0], alone[k][1], alone[k][2], alone[k][3]);
	}
}

/*
 * D-a5b8b74c: in requests received together, the first that fails gets
 * MSG_ERR. Two groups in one notification: a read of the address that did
 * not answer, then one of the client; and the client first, then the other.
 * The failing read is the first failed request in each (the second group's
 * only when its client read succeeded).
 */
static void first_failure_err(struct vct_ctx *c)
{
	struct i2c_dev d;
	struct i2c_req g[4];

	i2c_start(c, &d);
	i2c_probe(c, &d);
	need_client(c, &d);
	if (d.absent < 0)
		vct_skip(c, "device: every address 0x50-0x57 answered, so no request of vct's is sure to fail");
	g[0] = rd_req((uint8_t)d.absent, 1, I2C_FAIL_NEXT, 0xee);
	g[1] = rd_req((uint8_t)d.client, 1, 0, 0xee);
	g[2] = rd_req((uint8_t)d.client, 1, I2C_FAIL_NEXT, 0xee);
	g[3] = rd_req((uint8_t)d.absent, 1, 0, 0xee);
	i2c_batch(c, &d, g, 4);
	vct_report(c, g[0].status == I2C_MSG_ERR, "status of a group's failing first request", "VIRTIO_I2C_MSG_ERR (1)",
		   "%u (read of 0x%02x, which did not answer; the group's second request: %u)", g[0].status, d.absent,
		   g[1].status);
	if (g[2].status == I2C_MSG_OK)
		vct_report(c, g[3].status == I2C_MSG_ERR, "status of a group's failing last request",
			   "VIRTIO_I2C_MSG_ERR (1)", "%u (read of 0x%02x after a good read of 0x%02x)", g[3].status,
			   d.absent, d.client);
}

static const struct vct_check checks[] = {
	VCT_CHECK("i2c.zero_length_offered", "D-4af460a3", zero_length_offered, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.refuses_without_zero_length", "D-59132f01", refuses_without_zero_length, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.out_hdr_unchanged", "D-bd3e458d", out_hdr_unchanged, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.write_buf_unchanged", "D-3b167bb4", write_buf_unchanged, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.read_fills_buf", "D-060f4cff", read_fills_buf, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.in_order", "D-189cb3df", in_order, .type = VCT_ID_I2C),
	VCT_CHECK("i2c.first_failure_err", "D-a5b8b74c", first_failure_err, .type = VCT_ID_I2C),
};

VCT_SUITE(vct_suite_i2c, "i2c", checks);
