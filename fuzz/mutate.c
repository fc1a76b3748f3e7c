/* SPDX-License-Identifier: MIT */
/*
 * Structure-aware mutation and generation of fuzz programs: ops are inserted,
 * dropped, duplicated and swapped; fields get values that matter to a virtio
 * device (status bit sets, feature bits near the defined ones, lengths at
 * page and parity edges, queue sizes, descriptor flag combinations, loops,
 * long chains, nested indirect tables). Used by the libFuzzer and AFL++
 * custom mutators and by `vct fuzz --generate`.
 */
#include <stdbool.h>
#include <string.h>

#include "prog.h"

#define ID_NET 1
#define ID_BLK 2
#define ID_CONSOLE 3
#define ID_RNG 4

uint64_t fz_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static unsigned int R(uint64_t *s, unsigned int n)
{
	return n ? (unsigned int)(fz_rand(s) % n) : 0;
}

/* A queue the device consumes without outside input, most of the time. */
static uint8_t work_queue(uint64_t *s, uint16_t t)
{
	if (R(s, 8) == 0)
		return (uint8_t)R(s, 5);
	switch (t) {
	case ID_NET: return R(s, 3) ? 1 : 2;
	case ID_CONSOLE: return 1;
	default: return 0;
	}
}

/*
 * The fields of the request payloads each device type parses (offset and
 * width in the seeds' layouts, fuzz/corpus/TYPE/): where a mutation reaches
 * the device's request parser rather than its ring code. Offsets are the
 * spec's structures: blk outhdr (type, ioprio, sector) and discard segment;
 * net header (flags, gso_type, hdr_len, gso_size, csum_start, csum_offset,
 * num_buffers) and ctrl (class, command, data); console control (id, event,
 * value); scsi cmd_req (lun, tag, task_attr, prio, crn, cdb opcode and
 * fields) and tmf (type, subtype); gpu ctrl_hdr (type, flags, fence_id,
 * ctx_id) and the command's first fields; crypto ctrl and data headers
 * (opcode, algo, flag, session fields); balloon stats (tag, value); input
 * event (type, code, value); mem request (type, addr, nb_blocks); pmem
 * request (type); 9p message (size, type, tag, then a size field); gpio
 * request (type, gpio, value); i2c out_hdr (addr, padding, flags); vsock
 * header (cids, ports, len, type, op, flags, buf_alloc, fwd_cnt); spi
 * transfer head (chip select, word size, cs_change, nbits, mode, freq, delay);
 * rtc request (msg_type, head reserved, clock_id or alarm_time, hw_counter or
 * flags, reserved); sound query (code, start_id or control_id, count, size).
 */
struct fz_field {
	uint8_t off, width;
};

static const struct {
	uint16_t type;
	uint8_t n;
	struct fz_field f[14];
} type_fields[] = {
	{ ID_BLK, 7, { { 0, 4 }, { 4, 4 }, { 8, 8 }, { 16, 8 }, { 24, 4 }, { 28, 4 }, { 16, 1 } } },
	{ ID_NET, 10, { { 0, 1 }, { 1, 1 }, { 2, 2 }, { 4, 2 }, { 6, 2 }, { 8, 2 }, { 10, 2 }, { 12, 2 }, { 24, 2 },
			{ 2, 4 } } },
	{ ID_CONSOLE, 3, { { 0, 4 }, { 4, 2 }, { 6, 2 } } },
	{ 8 /* scsi */, 12, { { 0, 1 }, { 1, 1 }, { 2, 2 }, { 8, 8 }, { 16, 1 }, { 17, 1 }, { 18, 1 }, { 19, 1 },
			      { 20, 1 }, { 21, 4 }, { 26, 2 }, { 0, 4 } } },
	{ 16 /* gpu */, 8, { { 0, 4 }, { 4, 4 }, { 8, 8 }, { 16, 4 }, { 24, 4 }, { 28, 4 }, { 32, 4 }, { 36, 4 } } },
	{ 20 /* crypto */, 10, { { 0, 4 }, { 4, 4 }, { 8, 4 }, { 12, 4 }, { 16, 4 }, { 20, 4 }, { 24, 4 }, { 28, 4 },
				 { 32, 8 }, { 40, 4 } } },
	{ 5 /* balloon */, 3, { { 0, 2 }, { 2, 8 }, { 0, 4 } } },
	{ 18 /* input */, 3, { { 0, 2 }, { 2, 2 }, { 4, 4 } } },
	{ 24 /* mem */, 4, { { 0, 2 }, { 8, 8 }, { 16, 2 }, { 2, 2 } } },
	{ 27 /* pmem */, 1, { { 0, 4 } } },
	{ 9 /* 9p */, 5, { { 0, 4 }, { 4, 1 }, { 5, 2 }, { 7, 4 }, { 11, 2 } } },
	{ 41 /* gpio */, 3, { { 0, 2 }, { 2, 2 }, { 4, 4 } } },
	{ 34 /* i2c */, 3, { { 0, 2 }, { 2, 2 }, { 4, 4 } } },
	{ 19 /* vsock */, 10, { { 0, 8 }, { 8, 8 }, { 16, 4 }, { 20, 4 }, { 24, 4 }, { 28, 2 }, { 30, 2 }, { 32, 4 },
				{ 36, 4 }, { 40, 4 } } },
	{ 45 /* spi */, 8, { { 0, 1 }, { 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 8, 4 }, { 12, 4 }, { 16, 4 } } },
	{ 17 /* rtc */, 7, { { 0, 2 }, { 2, 2 }, { 8, 2 }, { 10, 1 }, { 11, 1 }, { 8, 8 }, { 16, 4 } } },
	{ 25 /* sound */, 4, { { 0, 4 }, { 4, 4 }, { 8, 4 }, { 12, 4 } } },
};

static uint64_t interesting_value(uint64_t *s, unsigned int width, unsigned int dlen)
{
	static const uint64_t v[] = { 0, 1, 2, 3, 4, 7, 8, 16, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
				      0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, ~0ULL >> 1, ~0ULL };
	uint64_t x;

	switch (R(s, 8)) {
	case 0: x = dlen + R(s, 3) - 1; break;	/* a length near the payload's own */
	case 1: x = fz_rand(s); break;
	case 2: x = R(s, 64); break;
	default: x = v[R(s, sizeof(v) / sizeof(v[0]))]; break;
	}
	return width >= 8 ? x : x & ((1ULL << (8 * width)) - 1);
}

static void put_le(uint8_t *p, uint64_t v, unsigned int width)
{
	for (unsigned int i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Payload mutation, field by field: the type's fields first, then any aligned field, bits, the length. */
static void mutate_data(struct fz_op *o, uint64_t *s, uint16_t t)
{
	unsigned int k = R(s, 10);

	if (!o->dlen)
		k = 8;
	if (k < 4) {
		for (size_t i = 0; i < sizeof(type_fields) / sizeof(type_fields[0]); i++) {
			const struct fz_field *f;

			if (type_fields[i].type != t)
				continue;
			f = &type_fields[i].f[R(s, type_fields[i].n)];
			if (f->off + f->width <= o->dlen) {
				put_le(o->data + f->off, interesting_value(s, f->width, o->dlen), f->width);
				return;
			}
		}
		k = 4;	/* (no such field in this payload) */
	}
	switch (k) {
	case 4: case 5: case 6: {
		unsigned int w = 1u << R(s, 4), off;

		if (o->dlen < w)
			w = 1;
		off = R(s, o->dlen / w) * w;
		put_le(o->data + off, interesting_value(s, w, o->dlen), w);
		break;
	}
	case 7:
		o->data[R(s, o->dlen)] ^= (uint8_t)(1u << R(s, 8));
		break;
	default: {	/* shorter or longer: parsers that trust a length */
		unsigned int n = R(s, 2) ? o->dlen + 1 + R(s, 8) : o->dlen > 1 ? R(s, o->dlen) : 0;

		if (n > FZ_MAX_DATA)
			n = FZ_MAX_DATA;
		for (unsigned int i = o->dlen; i < n; i++)
			o->data[i] = (uint8_t)R(s, 256);
		o->dlen = (uint8_t)n;
		break;
	}
	}
}

static uint32_t interesting_len(uint64_t *s)
{
	static const uint32_t v[] = { 0, 1, 2, 3, 7, 8, 15, 16, 17, 63, 64, 511, 512, 513, 4095, 4096, 4097,
				      65535, 65536, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 12, 10, 1514 };

	if (R(s, 3) == 0)
		return 1 + R(s, 600);
	return v[R(s, sizeof(v) / sizeof(v[0]))];
}

static void gen_part(struct fz_part *p, uint64_t *s, uint16_t t, unsigned int k, unsigned int n)
{
	static const uint8_t kinds[] = { FZ_P_BUF, FZ_P_BUF, FZ_P_BUF, FZ_P_BUF, FZ_P_BUF, FZ_P_BUF, FZ_P_GUARD,
					 FZ_P_RING, FZ_P_EDGE, FZ_P_WILD, FZ_P_SAME, FZ_P_INDIRECT, FZ_P_DATA, FZ_P_DATA };
	bool w;

	memset(p, 0, sizeof(*p));
	p->kind = R(s, 3) ? FZ_P_BUF : kinds[R(s, sizeof(kinds))];
	/* Writable where the device type writes: rng everything, blk the tail, tx queues nothing. */
	switch (t) {
	case ID_RNG: w = true; break;
	case ID_BLK: w = k > 0; break;
	default: w = R(s, 4) == 0; break;
	}
	if (R(s, 10) == 0)
		w = !w;
	p->flags = (uint8_t)((R(s, 5) ? FZ_PF_AUTO : (R(s, 8) & 7)) | (w ? FZ_PF_WRITE : 0));
	if (!(p->flags & FZ_PF_AUTO) && R(s, 6) == 0)
		p->flags |= FZ_PF_NEXTABS;
	if (p->kind == FZ_P_INDIRECT && R(s, 6) == 0)
		p->flags |= FZ_PF_RAWLEN;
	p->len = t == ID_BLK && k == 0 && R(s, 2) ? 16 : interesting_len(s);
	p->arg = (uint16_t)(p->kind == FZ_P_INDIRECT ? 1 + R(s, 4) : R(s, 4) ? R(s, 8) : R(s, 65536));
	p->next = (uint16_t)(R(s, 2) ? R(s, n ? n : 1) : R(s, 65536));
}

static void gen_post(struct fz_op *o, uint64_t *s, uint16_t t)
{
	unsigned int n = R(s, 6) == 0 ? 6 + R(s, FZ_MAX_PARTS - 5) : 1 + R(s, 4);

	memset(o, 0, sizeof(*o));
	o->op = FZ_OP_POST;
	o->q = work_queue(s, t);
	o->nparts = (uint8_t)n;
	for (unsigned int k = 0; k < n; k++)
		gen_part(&o->parts[k], s, t, k, n);
}

/* A live queue register: vectors (mapping, unmapping) most, then sizes, enable, addresses. */
static void gen_qlive(struct fz_op *o, uint64_t *s, uint16_t t)
{
	static const uint16_t sizes[] = { 0, 1, 2, 4, 8, 16, 3, 256, 1024, 0x8000, 0xffff };

	o->q = work_queue(s, t);
	o->width = (uint8_t)(R(s, 2) ? FZ_QL_VECTOR : R(s, FZ_QL__N));
	switch (o->width) {
	case FZ_QL_VECTOR: o->a16 = R(s, 2) ? 0xffff : (uint16_t)R(s, 8); break;
	case FZ_QL_SIZE: o->a16 = sizes[R(s, sizeof(sizes) / sizeof(sizes[0]))]; break;
	case FZ_QL_ENABLE: o->a16 = (uint16_t)(R(s, 4) ? R(s, 2) : fz_rand(s)); break;
	default: o->a16 = (uint16_t)R(s, 16); break;
	}
}

static void gen_op(struct fz_op *o, uint64_t *s, uint16_t t)
{
	static const uint8_t ops[] = {
		FZ_OP_POST, FZ_OP_POST, FZ_OP_POST, FZ_OP_POST, FZ_OP_KICK, FZ_OP_KICK, FZ_OP_KICK, FZ_OP_WAIT,
		FZ_OP_WAIT, FZ_OP_STATUS, FZ_OP_FEATURES, FZ_OP_RESET, FZ_OP_QSETUP, FZ_OP_QENABLE, FZ_OP_QRESET,
		FZ_OP_CFGREAD, FZ_OP_CFGWRITE, FZ_OP_PCI_COMMONW, FZ_OP_PCI_COMMONR, FZ_OP_AVAILIDX, FZ_OP_RINGFLAGS,
		FZ_OP_MSIX, FZ_OP_REAP, FZ_OP_INIT, FZ_OP_PCI_KICKRAW, FZ_OP_QLIVE, FZ_OP_QLIVE,
		FZ_OP_PPOST, FZ_OP_PPOST, FZ_OP_PEVENT, FZ_OP_DATA,
	};
	static const uint8_t statuses[] = { 1, 3, 11, 15, 7, 0x0f | 0x80, 0x40 | 15, 4, 8, 0xff, 2, 9 };

	memset(o, 0, sizeof(*o));
	o->op = ops[R(s, sizeof(ops))];
	switch (o->op) {
	case FZ_OP_POST: gen_post(o, s, t); return;
	case FZ_OP_KICK: case FZ_OP_REAP: o->q = work_queue(s, t); break;
	case FZ_OP_PCI_KICKRAW: o->q = work_queue(s, t); o->val = (uint32_t)fz_rand(s); break;
	case FZ_OP_WAIT: o->q = (uint8_t)(1 + R(s, 4)); break;
	case FZ_OP_STATUS: o->q = statuses[R(s, sizeof(statuses))]; break;
	case FZ_OP_FEATURES:
		o->q = (uint8_t)R(s, FZ_FEAT__N);
		o->lo = R(s, 2) ? 1ULL << R(s, 64) : fz_rand(s);
		o->val = R(s, 4) ? 0 : 1u << R(s, 32);
		if (o->q == FZ_FEAT_AND)
			o->lo = ~0ULL;
		break;
	case FZ_OP_QSETUP: {
		static const uint16_t sizes[] = { 0, 0, 1, 2, 4, 8, 16, 3, 7, 256, 512, 0x8000 };

		o->q = (uint8_t)R(s, 5);
		o->a16 = sizes[R(s, sizeof(sizes) / 2)];
		o->b16 = R(s, 2) ? 0xffff : (uint16_t)R(s, 8);
		break;
	}
	case FZ_OP_QENABLE: case FZ_OP_QRESET: o->q = (uint8_t)R(s, 5); break;
	case FZ_OP_CFGREAD: case FZ_OP_PCI_COMMONR:
		o->q = (uint8_t)(R(s, 2) ? R(s, 64) : R(s, 256));
		o->width = (uint8_t)(1u << R(s, 3));
		break;
	case FZ_OP_CFGWRITE: case FZ_OP_PCI_COMMONW:
		o->q = (uint8_t)(R(s, 2) ? R(s, 64) : R(s, 256));
		o->width = (uint8_t)(1u << R(s, 3));
		o->val = R(s, 2) ? R(s, 16) : (uint32_t)fz_rand(s);
		break;
	case FZ_OP_AVAILIDX: o->q = work_queue(s, t); o->a16 = (uint16_t)(R(s, 2) ? 1 + R(s, 3) : fz_rand(s)); break;
	case FZ_OP_RINGFLAGS: o->q = work_queue(s, t); o->a16 = (uint16_t)R(s, 3); o->b16 = (uint16_t)R(s, 8); break;
	case FZ_OP_MSIX: o->q = (uint8_t)(1 + R(s, 5)); break;
	case FZ_OP_INIT: o->q = (uint8_t)(R(s, 128)); break;
	case FZ_OP_QLIVE: gen_qlive(o, s, t); break;
	case FZ_OP_DATA:
		o->q = (uint8_t)R(s, 2);
		o->dlen = (uint8_t)(8 + R(s, 40));
		for (unsigned int i = 0; i < o->dlen; i++)
			o->data[i] = (uint8_t)(R(s, 2) ? 0 : R(s, 256));
		break;
	case FZ_OP_PPOST:
		gen_post(o, s, t);
		o->op = FZ_OP_PPOST;
		o->width = (uint8_t)(R(s, 3) ? FZ_PW_AVAILABLE : R(s, FZ_PW__N));
		break;
	case FZ_OP_PEVENT: o->q = work_queue(s, t); o->a16 = (uint16_t)R(s, 4); o->b16 = (uint16_t)fz_rand(s); break;
	}
	fz_op_normalize(o);
}

static void insert_op(struct fz_prog *p, unsigned int at, const struct fz_op *o)
{
	if (p->n >= FZ_MAX_OPS)
		return;
	if (at > p->n)
		at = p->n;
	memmove(&p->ops[at + 1], &p->ops[at], (p->n - at) * sizeof(p->ops[0]));
	p->ops[at] = *o;
	p->n++;
}

void fz_generate(struct fz_prog *p, uint64_t *s, uint16_t t)
{
	struct fz_op o;
	unsigned int n;

	/* (no op past p->n is read: clearing all 96, 68 KB, cost more than the rest of a generation under TCG) */
	p->n = 0;
	p->version = FZ_VERSION;
	if (R(s, 5)) {
		memset(&o, 0, sizeof(o));
		o.op = FZ_OP_INIT;
		o.q = 0x3f | (R(s, 3) == 0 ? FZ_INIT_SMALLQ : 0);
		if (R(s, 6) == 0)
			o.q &= (uint8_t)~(1u << R(s, 6));
		insert_op(p, p->n, &o);
	}
	n = 1 + R(s, 5);
	for (unsigned int i = 0; i < n; i++) {
		if (R(s, 3)) {
			gen_post(&o, s, t);
			insert_op(p, p->n, &o);
			memset(&o, 0, sizeof(o));
			o.op = FZ_OP_KICK;
			o.q = p->ops[p->n - 1].q;
			insert_op(p, p->n, &o);
		} else {
			gen_op(&o, s, t);
			insert_op(p, p->n, &o);
		}
	}
	memset(&o, 0, sizeof(o));
	o.op = FZ_OP_WAIT;
	o.q = 2;
	insert_op(p, p->n, &o);
}

static void mutate_part(struct fz_op *o, uint64_t *s, uint16_t t)
{
	struct fz_part *p;

	if (!o->nparts) {
		o->nparts = 1;
		gen_part(&o->parts[0], s, t, 0, 1);
		return;
	}
	p = &o->parts[R(s, o->nparts)];
	switch (R(s, 9)) {
	case 0: p->kind = (uint8_t)R(s, FZ_P__N); break;
	case 1: p->flags ^= (uint8_t)(1u << R(s, 4)); break;
	case 2: p->flags ^= FZ_PF_AUTO; break;
	case 3: p->len = interesting_len(s); break;
	case 4: p->len ^= 1u << R(s, 32); break;
	case 5: p->arg = (uint16_t)(R(s, 2) ? R(s, 8) : fz_rand(s)); break;
	case 6: p->next = (uint16_t)(R(s, 2) ? R(s, o->nparts) : fz_rand(s)); break;
	case 7:	/* make a loop: the last descriptor points back */
		p = &o->parts[o->nparts - 1];
		p->flags = (uint8_t)((p->flags & FZ_PF_WRITE) | FZ_PF_NEXT);
		p->next = (uint16_t)R(s, o->nparts);
		break;
	default: p->flags ^= FZ_PF_WRITE; break;
	}
	fz_op_normalize(o);
}

static bool keep_init, size_neutral;

/* A run of 1-@max things out of @n at @at, leaving @keep at least: how many go. */
static unsigned int cut_run(uint64_t *s, unsigned int at, unsigned int n, unsigned int keep, unsigned int max)
{
	unsigned int run = 1 + R(s, max);

	if (run > n - at)
		run = n - at;
	if (run > n - keep)
		run = n - keep;
	return run;
}

static void mutate_post(struct fz_op *o, uint64_t *s, uint16_t t)
{
	/* (size-neutral: a seventh case, shorten, takes as many parts as lengthen adds) */
	switch (R(s, size_neutral ? 7 : 6)) {
	case 0:	/* add a part */
		if (o->nparts < FZ_MAX_PARTS) {
			unsigned int at = R(s, o->nparts + 1u);

			memmove(&o->parts[at + 1], &o->parts[at], (o->nparts - at) * sizeof(o->parts[0]));
			gen_part(&o->parts[at], s, t, at, o->nparts + 1u);
			if (at > 0)
				o->parts[at].flags = o->parts[at - 1].flags;
			o->nparts++;
		}
		break;
	case 1:	/* drop a part */
		if (o->nparts > 1) {
			unsigned int at = R(s, o->nparts);

			memmove(&o->parts[at], &o->parts[at + 1], (o->nparts - at - 1) * sizeof(o->parts[0]));
			o->nparts--;
		}
		break;
	case 2: {	/* lengthen: repeat a part several times */
		unsigned int k = R(s, o->nparts ? o->nparts : 1), rep = 1 + R(s, 12);

		if (!o->nparts)
			break;
		while (rep-- && o->nparts < FZ_MAX_PARTS) {
			memmove(&o->parts[k + 1], &o->parts[k], (o->nparts - k) * sizeof(o->parts[0]));
			o->nparts++;
		}
		break;
	}
	case 3:
		o->q = R(s, 4) ? work_queue(s, t) : (uint8_t)R(s, 256);
		break;
	case 6: {	/* shorten: drop a run of parts, 1-12 (size-neutral only) */
		unsigned int k = R(s, o->nparts ? o->nparts : 1), run;

		if (o->nparts <= 1)
			break;
		run = cut_run(s, k, o->nparts, 1, 12);
		memmove(&o->parts[k], &o->parts[k + run], (o->nparts - k - run) * sizeof(o->parts[0]));
		o->nparts = (uint8_t)(o->nparts - run);
		break;
	}
	default:
		mutate_part(o, s, t);
		break;
	}
}

static void mutate_fields(struct fz_op *o, uint64_t *s, uint16_t t)
{
	switch (o->op) {
	case FZ_OP_POST: mutate_post(o, s, t); return;
	case FZ_OP_PPOST:
		if (R(s, 3) == 0)
			o->width = (uint8_t)R(s, FZ_PW__N);
		else
			mutate_post(o, s, t);
		fz_op_normalize(o);
		return;
	case FZ_OP_INIT: o->q ^= (uint8_t)(1u << R(s, 7)); break;
	case FZ_OP_STATUS: o->q ^= (uint8_t)(1u << R(s, 8)); break;
	case FZ_OP_FEATURES:
		if (R(s, 4) == 0)
			o->q = (uint8_t)R(s, FZ_FEAT__N);
		else if (R(s, 3) == 0)
			o->val ^= 1u << R(s, 32);
		else
			o->lo ^= 1ULL << (R(s, 2) ? 24 + R(s, 24) : R(s, 64));
		break;
	case FZ_OP_WAIT: o->q = (uint8_t)R(s, 17); break;
	case FZ_OP_QSETUP:
		if (R(s, 2))
			o->a16 = R(s, 2) ? (uint16_t)(1u << R(s, 11)) : (uint16_t)fz_rand(s);
		else
			o->b16 = R(s, 2) ? 0xffff : (uint16_t)R(s, 70);
		break;
	case FZ_OP_AVAILIDX: o->a16 = (uint16_t)(R(s, 2) ? R(s, 4) : fz_rand(s)); break;
	case FZ_OP_DATA: mutate_data(o, s, t); break;
	case FZ_OP_QLIVE:
		if (R(s, 3) == 0)
			o->q = work_queue(s, t);
		else
			gen_qlive(o, s, t);
		break;
	default:
		if (R(s, 2))
			o->q = (uint8_t)(R(s, 2) ? R(s, 8) : fz_rand(s));
		else
			o->val ^= 1u << R(s, 32);
		break;
	}
	fz_op_normalize(o);
}

void fz_mutate_set_keep_init(bool on)
{
	keep_init = on;
}

void fz_mutate_set_size_neutral(bool on)
{
	size_neutral = on;
}

/* A complete bring-up, with or without SMALLQ (the probed step aside): what a probe's bring-up can stand for. */
static bool canonical_init(const struct fz_prog *p)
{
	uint8_t q = (uint8_t)(p->ops[0].q & ~FZ_INIT_PROBED);

	return p->n && p->ops[0].op == FZ_OP_INIT && (q == FZ_INIT_STD || q == (FZ_INIT_STD | FZ_INIT_SMALLQ));
}

void fz_mutate_prog(struct fz_prog *p, uint64_t *s, uint16_t t)
{
	unsigned int rounds = 1 + R(s, 3);
	/*
	 * With keep_init (fz_mutate_set_keep_init: a VFIO campaign), a program
	 * that starts with a complete bring-up keeps it as its first op in 7
	 * mutations of 8 (the ops after it change as always): there the health
	 * probe after a program brings the device up with the next program's
	 * INIT steps, and a program starting with them starts from there
	 * (fz_target.carry) instead of paying for a second bring-up. The
	 * eighth mutation may change the first op like any other (insert
	 * before it, drop, swap or flip its steps), so INIT's variants keep a
	 * fixed share: 1/8 of such mutations, plus the generated programs
	 * (fz_generate: 1 in 5 without INIT, 1 in 6 of the rest with a step
	 * left out). Off (in process, every engine's default), the first op is
	 * mutated like the others and the random stream is as it was.
	 */
	unsigned int lo = keep_init && canonical_init(p) && R(s, 8) ? 1 : 0;
	struct fz_op o;

	while (rounds--) {
		/*
		 * Size-neutral (fz_mutate_set_size_neutral): two more cases, 10
		 * and 11, each a delete of a run of 1-5 ops. Otherwise a round
		 * adds 0.5 ops on average (inserts and a duplicate one op each,
		 * post + kick + wait three, a delete takes one): over a campaign
		 * that drift, not what the programs reached, made them long.
		 */
		unsigned int k = R(s, size_neutral ? 12 : 10);

		if (!p->n)
			k = 0;
		else if (k >= 6 && k < 10 && p->n <= lo)
			k = 0;	/* (nothing but the kept INIT to change: add an op instead) */
		if (k >= 10) {
			if (p->n > lo + 1) {
				unsigned int at = lo + R(s, p->n - lo), run = cut_run(s, at, p->n, 1, 5);

				memmove(&p->ops[at], &p->ops[at + run], (p->n - at - run) * sizeof(p->ops[0]));
				p->n -= run;
			}
			continue;
		}
		switch (k) {
		case 0: case 1:	/* insert */
			gen_op(&o, s, t);
			insert_op(p, lo + R(s, p->n + 1 - lo), &o);
			break;
		case 2:	/* delete */
			if (p->n > 1) {
				unsigned int at = lo + R(s, p->n - lo);

				memmove(&p->ops[at], &p->ops[at + 1], (p->n - at - 1) * sizeof(p->ops[0]));
				p->n--;
			}
			break;
		case 3:	/* duplicate */
			o = p->ops[R(s, p->n)];
			insert_op(p, lo + R(s, p->n + 1 - lo), &o);
			break;
		case 4: {	/* swap neighbours */
			unsigned int a = lo + R(s, p->n - lo);

			if (a + 1 < p->n) {
				o = p->ops[a];
				p->ops[a] = p->ops[a + 1];
				p->ops[a + 1] = o;
			}
			break;
		}
		case 5: {	/* post + kick + wait */
			unsigned int at = lo + R(s, p->n + 1 - lo);

			gen_post(&o, s, t);
			insert_op(p, at, &o);
			memset(&o, 0, sizeof(o));
			o.op = FZ_OP_KICK;
			o.q = p->ops[at < p->n ? at : p->n - 1].q;
			insert_op(p, at + 1, &o);
			o.op = FZ_OP_WAIT;
			o.q = 1;
			insert_op(p, at + 2, &o);
			break;
		}
		default: {
			/* A program carrying request payloads gets them mutated half the time. */
			unsigned int at = lo + R(s, p->n - lo);

			if (R(s, 2))
				for (unsigned int i = 0, j = R(s, p->n); i < p->n; i++)
					if (p->ops[(i + j) % p->n].op == FZ_OP_DATA) {
						at = (i + j) % p->n;
						break;
					}
			mutate_fields(&p->ops[at], s, t);
			break;
		}
		}
	}
}

size_t fz_mutate_bytes(uint8_t *data, size_t size, size_t max, unsigned int seed, uint16_t t)
{
	static struct fz_prog p;	/* large: not on the stack */
	uint64_t s = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 1;
	static uint8_t out[FZ_MAX_BIN];
	size_t n;

	fz_decode(data, size, &p);
	if (!p.n || R(&s, 50) == 0)
		fz_generate(&p, &s, t);
	else
		fz_mutate_prog(&p, &s, t);
	n = fz_encode(&p, out, max < sizeof(out) ? max : sizeof(out));
	memcpy(data, out, n);
	return n;
}

size_t fz_crossover_bytes(const uint8_t *a, size_t na, const uint8_t *b, size_t nb, uint8_t *out, size_t max,
			  unsigned int seed)
{
	static struct fz_prog pa, pb;
	uint64_t s = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 7;
	unsigned int cut_a, cut_b;

	fz_decode(a, na, &pa);
	fz_decode(b, nb, &pb);
	cut_a = R(&s, pa.n + 1);
	cut_b = R(&s, pb.n + 1);
	pa.n = cut_a;
	for (unsigned int i = cut_b; i < pb.n && pa.n < FZ_MAX_OPS; i++)
		pa.ops[pa.n++] = pb.ops[i];
	return fz_encode(&pa, out, max < FZ_MAX_BIN ? max : FZ_MAX_BIN);
}
