/* SPDX-License-Identifier: MIT */
/*
 * refdev: the I2C adapter (id 34). One client on its bus: a 256-byte
 * EEPROM at 7-bit address 0x50 (a 24C02: a write's first byte sets the
 * address pointer, further bytes are stored from there; a read returns
 * bytes from the pointer on, wrapping); every other address NACKs, so a
 * request to it fails with VIRTIO_I2C_MSG_ERR. A request is the
 * virtio_i2c_out_hdr (addr, padding, flags), the buffer (device-readable
 * for a write, writable for a read, absent for a zero-length request) and
 * the status byte. The requests of one notification are carried out in
 * order; a failed request with VIRTIO_I2C_FLAGS_FAIL_NEXT fails the next
 * one without executing it, and so on through its group.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_I2C			34
#define I2C_F_ZERO_LENGTH	0
#define I2C_FLAGS_FAIL_NEXT	1u
#define I2C_FLAGS_M_RD		2u
#define I2C_MSG_OK		0
#define I2C_MSG_ERR		1
#define I2C_CLIENT		0x50	/* 7-bit address of the EEPROM */
#define I2C_BATCH		32	/* requests taken per notification */
#define I2C_SEGS		8

struct rd_i2c {
	uint8_t mem[256];
	uint8_t ptr;
};

/* A request taken off the ring, its segments copied (d->segs is reused by the next pop). */
struct rd_i2c_req {
	struct rd_chain c;
	struct rd_seg seg[I2C_SEGS];
	uint16_t addr;
	uint32_t flags;
	uint8_t status;
	uint32_t written;
	bool hdr_ok;		/* an out_hdr was read and a status byte has room */
};

static struct rd_i2c *i2c_state(struct refdev *d)
{
	if (!d->i2c) {
		d->i2c = calloc(1, sizeof(*d->i2c));
		if (d->i2c)
			for (unsigned int i = 0; i < 256; i++)
				d->i2c->mem[i] = (uint8_t)(i * 7 + 3);	/* no two neighbouring bytes alike */
	}
	return d->i2c;
}

static void i2c_free(struct refdev *d)
{
	free(d->i2c);
	d->i2c = NULL;
}

static void i2c_init(struct refdev *d)
{
	i2c_state(d);
}

/* A virtio reset does not reach the client behind the adapter: its memory stays, the pointer restarts. */
static void i2c_reset(struct refdev *d)
{
	if (d->i2c)
		d->i2c->ptr = 0;
}

/* VIRTIO_I2C_F_ZERO_LENGTH_REQUEST is mandatory: a driver without it is refused (D-59132f01). */
static bool i2c_features_ok(struct refdev *d, const uint64_t *f)
{
	return feat_has(f, I2C_F_ZERO_LENGTH) || QK(d, Q_I2C_ACCEPTS_WITHOUT_ZERO_LENGTH) ||
	       QK(d, Q_I2C_ZERO_LENGTH_NOT_OFFERED);
}

/* Overwrite @len bytes at @off of the chain's device-readable stream (the quirks that break D-bd3e458d, D-3b167bb4). */
static void i2c_poke_readable(struct refdev *d, const struct rd_chain *c, uint64_t off, const uint8_t *p, size_t len)
{
	for (unsigned int i = 0; i < c->n && len; i++) {
		const struct rd_seg *s = &c->seg[i];
		uint64_t n;

		if (s->w)
			break;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len ? s->len - off : len;
		if (!dma_rw(d, s->addr + off, (void *)p, n, true))
			d->stats.illegal_writes++;
		p += n;
		len -= n;
		off = 0;
	}
}

/* Carry out one request (not skipped by FAIL_NEXT): the status. */
static uint8_t i2c_exec(struct refdev *d, struct rd_i2c_req *r)
{
	struct rd_i2c *e = i2c_state(d);
	bool rd = r->flags & I2C_FLAGS_M_RD;
	uint64_t len = rd ? r->c.wlen - 1 : r->c.rlen - 8;

	if (!e || (r->addr & 0xff01) || (r->addr >> 1) != I2C_CLIENT)
		return I2C_MSG_ERR;	/* 10-bit addresses and every other 7-bit one: no client, NACK */
	if ((rd && r->c.rlen != 8) || len > 4096)
		return I2C_MSG_ERR;
	if (rd) {
		uint8_t buf[4096];
		uint64_t give = QK(d, Q_I2C_READ_SHORT) ? len / 2 : len;

		for (uint64_t i = 0; i < give; i++)
			buf[i] = e->mem[e->ptr++];
		if (give && chain_write(d, &r->c, 0, buf, give))
			return I2C_MSG_ERR;
	} else if (len) {
		uint8_t buf[4096];

		if (chain_read(d, &r->c, 8, buf, len))
			return I2C_MSG_ERR;
		e->ptr = buf[0];
		for (uint64_t i = 1; i < len; i++)
			e->mem[e->ptr++] = buf[i];
	}
	return I2C_MSG_OK;
}

static void i2c_queue(struct refdev *d, unsigned int qi)
{
	struct rd_queue *q = &d->q[qi];
	struct rd_i2c_req req[I2C_BATCH];
	unsigned int n = 0;
	uint16_t old = q->used_idx;
	bool fail_next = false;

	while (n < I2C_BATCH && can_process(d, q)) {
		struct rd_i2c_req *r = &req[n];
		uint8_t hdr[8];

		if (rd_pop(d, q, &r->c) <= 0)
			break;
		if (r->c.n > I2C_SEGS) {
			rd_fatal(d, q);
			break;
		}
		memcpy(r->seg, r->c.seg, sizeof(*r->c.seg) * r->c.n);
		r->c.seg = r->seg;
		r->written = 0;
		r->status = I2C_MSG_ERR;
		r->hdr_ok = r->c.rlen >= 8 && r->c.wlen >= 1 && !chain_read(d, &r->c, 0, hdr, 8);
		if (r->hdr_ok) {
			r->addr = get16(hdr);
			r->flags = get32(hdr + 4);
			if (QK(d, Q_I2C_HDR_ADDR_REWRITTEN)) {
				uint8_t a[2];

				put16(a, r->addr >> 1);
				i2c_poke_readable(d, &r->c, 0, a, 2);
			}
		}
		n++;
	}
	/* carried out in order (D-189cb3df); i2c-reversed-batch: last first */
	for (unsigned int k = 0; k < n; k++) {
		struct rd_i2c_req *r = &req[QK(d, Q_I2C_REVERSED_BATCH) ? n - 1 - k : k];

		if (!r->hdr_ok)
			continue;
		r->status = fail_next ? I2C_MSG_ERR : i2c_exec(d, r);
		fail_next = r->status == I2C_MSG_ERR && (r->flags & I2C_FLAGS_FAIL_NEXT);
		if (QK(d, Q_I2C_WRITE_BUF_SCRIBBLED) && !(r->flags & I2C_FLAGS_M_RD) && r->c.rlen > 8) {
			uint8_t ff[64];

			memset(ff, 0xff, sizeof(ff));
			i2c_poke_readable(d, &r->c, 8, ff, r->c.rlen - 8 < 64 ? r->c.rlen - 8 : 64);
		}
	}
	if (QK(d, Q_I2C_GROUP_ERR_LAST))
		for (unsigned int k = 0; k < n; k++)
			if (req[k].hdr_ok && req[k].status == I2C_MSG_ERR && (req[k].flags & I2C_FLAGS_FAIL_NEXT))
				req[k].status = I2C_MSG_OK;	/* the group's result goes on its last request only */
	for (unsigned int k = 0; k < n; k++) {
		struct rd_i2c_req *r = &req[k];

		if (r->hdr_ok) {
			bool rd = (r->flags & I2C_FLAGS_M_RD) && r->c.rlen == 8;

			/*
			 * The status byte is the last writable one, after a read's
			 * buffer; a failed read's buffer holds zeroes (the driver must
			 * not use it), so the used length always covers the buffer.
			 */
			if ((rd && r->status != I2C_MSG_OK && r->c.wlen > 1 && chain_write(d, &r->c, 0, NULL, r->c.wlen - 1)) ||
			    chain_write(d, &r->c, r->c.wlen - 1, &r->status, 1)) {
				rd_fatal(d, q);
				break;
			}
			r->written = rd ? (uint32_t)r->c.wlen : 1;
		}
		if (rd_complete(d, q, &r->c, r->written) < 0) {
			rd_fatal(d, q);
			break;
		}
	}
	rd_batch_done(d, q, old);
}

#endif
