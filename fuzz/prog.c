/* SPDX-License-Identifier: MIT */
/* fuzz programs: decoder, canonical encoder, printer and parser. */
#include "prog.h"

#include <ctype.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/*
 * Argument layout per opcode, one char per field:
 *   q u8 (op->q)   w u8 width   a u16 a16   b u16 b16   v u32 val   L u64 lo
 *   P u8 count + count x 10-byte part   D u8 count + count bytes (<= FZ_MAX_DATA)
 * key: the text name of the q field.
 */
struct fz_opdef {
	uint8_t op;
	const char *name, *layout, *qkey;
};

static const struct fz_opdef opdefs[] = {
	{ FZ_OP_INIT, "init", "q", "steps" },
	{ FZ_OP_FEATURES, "features", "qLv", "mode" },
	{ FZ_OP_STATUS, "status", "q", "value" },
	{ FZ_OP_RESET, "reset", "", NULL },
	{ FZ_OP_QSETUP, "qsetup", "qab", "q" },
	{ FZ_OP_QENABLE, "qenable", "q", "q" },
	{ FZ_OP_QRESET, "qreset", "q", "q" },
	{ FZ_OP_POST, "post", "qP", "q" },
	{ FZ_OP_KICK, "kick", "q", "q" },
	{ FZ_OP_PCI_KICKRAW, "kickraw", "qv", "q" },
	{ FZ_OP_CFGREAD, "cfgread", "qw", "off" },
	{ FZ_OP_CFGWRITE, "cfgwrite", "qwv", "off" },
	{ FZ_OP_WAIT, "wait", "q", "units" },
	{ FZ_OP_PCI_COMMONW, "commonw", "qwv", "off" },
	{ FZ_OP_PCI_COMMONR, "commonr", "qw", "off" },
	{ FZ_OP_AVAILIDX, "availidx", "qa", "q" },
	{ FZ_OP_RINGFLAGS, "ringflags", "qab", "q" },
	{ FZ_OP_MSIX, "msix", "q", "nvec" },
	{ FZ_OP_REAP, "reap", "q", "q" },
	{ FZ_OP_QLIVE, "qlive", "qwa", "q" },
	{ FZ_OP_DATA, "data", "qD", "slot" },
	{ FZ_OP_PPOST, "ppost", "qwP", "q" },
	{ FZ_OP_PEVENT, "pevent", "qab", "q" },
};

/* Opcode bytes of the first v1 programs, read as the operations that replaced them. */
static uint8_t legacy_opcode(uint8_t op)
{
	switch (op) {
	case FZ_OP_LEGACY_KICKRAW: return FZ_OP_PCI_KICKRAW;
	case FZ_OP_LEGACY_COMMONW: return FZ_OP_PCI_COMMONW;
	case FZ_OP_LEGACY_COMMONR: return FZ_OP_PCI_COMMONR;
	default: return op;
	}
}

static const struct fz_opdef *opdef(uint8_t op)
{
	for (size_t i = 0; i < sizeof(opdefs) / sizeof(opdefs[0]); i++)
		if (opdefs[i].op == op)
			return &opdefs[i];
	return NULL;
}

const char *fz_op_name(uint8_t op)
{
	const struct fz_opdef *d = opdef(op);

	return d ? d->name : "?";
}

static const char *akey(uint8_t op, char f)
{
	switch (op) {
	case FZ_OP_QSETUP: return f == 'a' ? "size" : "vector";
	case FZ_OP_AVAILIDX: return "delta";
	case FZ_OP_RINGFLAGS: return f == 'a' ? "flags" : "used_event";
	case FZ_OP_FEATURES: return f == 'v' ? "hi" : "lo";
	case FZ_OP_QLIVE: return f == 'w' ? "reg" : "value";
	case FZ_OP_PPOST: return "wrap";
	case FZ_OP_PEVENT: return f == 'a' ? "flags" : "off_wrap";
	default: return f == 'v' ? "value" : f == 'w' ? "width" : "?";
	}
}

static uint64_t ld(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void st(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t norm_width(uint8_t w)
{
	static const uint8_t ws[3] = { 1, 2, 4 };

	return w == 1 || w == 2 || w == 4 ? w : ws[w % 3];
}

/* Everything fz_op_normalize does but the parts' own fields (their count included). */
static bool normalize_head(struct fz_op *o)
{
	switch (o->op) {
	case FZ_OP_INIT: break;	/* (every bit is a step) */
	case FZ_OP_FEATURES: o->q %= FZ_FEAT__N; break;
	case FZ_OP_QLIVE: o->width %= FZ_QL__N; break;
	case FZ_OP_DATA:
		o->q %= FZ_DATA_SLOTS;
		if (o->dlen > FZ_MAX_DATA)
			o->dlen = FZ_MAX_DATA;
		break;
	case FZ_OP_PPOST: o->width %= FZ_PW__N; goto parts;
	case FZ_OP_CFGREAD: case FZ_OP_CFGWRITE: case FZ_OP_PCI_COMMONW: case FZ_OP_PCI_COMMONR:
		o->width = norm_width(o->width);
		break;
	case FZ_OP_POST:
	parts:
		if (o->nparts > FZ_MAX_PARTS)
			o->nparts = FZ_MAX_PARTS;
		return true;
	default: break;
	}
	return false;
}

static void normalize_part(struct fz_part *pt)
{
	pt->kind %= FZ_P__N;
	pt->flags &= FZ_PF__MASK;
}

void fz_op_normalize(struct fz_op *o)
{
	if (normalize_head(o))
		for (unsigned int i = 0; i < o->nparts; i++)
			normalize_part(&o->parts[i]);
}

void fz_decode(const uint8_t *b, size_t len, struct fz_prog *p)
{
	size_t i = 1;

	/*
	 * Only the ops it decodes are written, each whole: no op past p->n is
	 * ever read, and zeroing all 96 (68 KB) was most of a decode, which the
	 * builtin engine runs twice per program (a TCG guest: tens of us).
	 */
	p->n = 0;
	p->version = FZ_VERSION;
	if (!len)
		return;
	while (i < len && p->n < FZ_MAX_OPS) {
		const struct fz_opdef *d = opdef(legacy_opcode(b[i]));
		/* (in place: a copy of each op, 704 bytes, was a third of a decode under TCG) */
		struct fz_op *op = &p->ops[p->n];
		bool trunc = false;
		size_t j;

		if (!d) {
			i++;	/* unknown or reserved opcode: skipped */
			continue;
		}
		/*
		 * The fields before the parts and the data's length only: the
		 * parts past nparts and the bytes past dlen are never read (every
		 * reader and mutator stops at those counts), and clearing the
		 * whole op (704 bytes) for each was most of a decode under TCG,
		 * twice per program.
		 */
		memset(op, 0, offsetof(struct fz_op, parts));
		op->dlen = 0;
		op->op = d->op;
		j = i + 1;
		for (const char *f = d->layout; *f && !trunc; f++) {
			size_t need = *f == 'a' || *f == 'b' ? 2 : *f == 'v' ? 4 : *f == 'L' ? 8 : 1;

			if (j + need > len) {
				trunc = true;
				break;
			}
			switch (*f) {
			case 'q': op->q = b[j]; break;
			case 'w': op->width = b[j]; break;
			case 'a': op->a16 = (uint16_t)ld(b + j, 2); break;
			case 'b': op->b16 = (uint16_t)ld(b + j, 2); break;
			case 'v': op->val = (uint32_t)ld(b + j, 4); break;
			case 'L': op->lo = ld(b + j, 8); break;
			case 'P': {
				unsigned int n = b[j] > FZ_MAX_PARTS ? FZ_MAX_PARTS : b[j];
				unsigned int k;

				j++;
				for (k = 0; k < n && j + 10 <= len; k++, j += 10) {
					op->parts[k].kind = b[j];
					op->parts[k].flags = b[j + 1];
					op->parts[k].arg = (uint16_t)ld(b + j + 2, 2);
					op->parts[k].next = (uint16_t)ld(b + j + 4, 2);
					op->parts[k].len = (uint32_t)ld(b + j + 6, 4);
				}
				op->nparts = (uint8_t)k;
				if (k < n)
					trunc = true;	/* keep the parts that came complete */
				need = 0;
				break;
			}
			case 'D': {
				unsigned int n = b[j] > FZ_MAX_DATA ? FZ_MAX_DATA : b[j];

				if (j + 1 + b[j] > len) {
					trunc = true;
					break;
				}
				memcpy(op->data, b + j + 1, n);
				op->dlen = (uint8_t)n;
				need = 1u + b[j];
				break;
			}
			}
			j += need;
		}
		if (trunc && op->op != FZ_OP_POST && op->op != FZ_OP_PPOST)
			break;
		fz_op_normalize(op);
		p->n++;
		if (trunc)
			break;
		i = j;
	}
}

/* The byte an opcode had in the first v1 programs (see prog.h, Compatibility). */
static uint8_t legacy_byte(uint8_t op)
{
	switch (op) {
	case FZ_OP_PCI_KICKRAW: return FZ_OP_LEGACY_KICKRAW;
	case FZ_OP_PCI_COMMONW: return FZ_OP_LEGACY_COMMONW;
	case FZ_OP_PCI_COMMONR: return FZ_OP_LEGACY_COMMONR;
	default: return op;
	}
}

static size_t encode(const struct fz_prog *p, uint8_t *b, size_t cap, bool legacy)
{
	size_t j = 0;

	if (cap < 1)
		return 0;
	b[j++] = FZ_VERSION;
	for (unsigned int i = 0; i < p->n && i < FZ_MAX_OPS; i++) {
		const struct fz_op *src = &p->ops[i];
		struct fz_op o;	/* its fields before the parts, and dlen: not a copy of the whole op (704 bytes) */
		const struct fz_opdef *d = opdef(src->op);
		size_t need = 1;

		if (!d)
			continue;
		memcpy(&o, src, offsetof(struct fz_op, parts));
		o.dlen = src->dlen;
		normalize_head(&o);
		for (const char *f = d->layout; *f; f++)
			need += *f == 'a' || *f == 'b' ? 2 : *f == 'v' ? 4 : *f == 'L' ? 8 : *f == 'P' ? 1 + 10u * o.nparts :
				*f == 'D' ? 1u + o.dlen : 1;
		if (j + need > cap)
			break;
		b[j++] = legacy ? legacy_byte(o.op) : o.op;
		for (const char *f = d->layout; *f; f++) {
			switch (*f) {
			case 'q': b[j++] = o.q; break;
			case 'w': b[j++] = o.width; break;
			case 'a': st(b + j, o.a16, 2); j += 2; break;
			case 'b': st(b + j, o.b16, 2); j += 2; break;
			case 'v': st(b + j, o.val, 4); j += 4; break;
			case 'L': st(b + j, o.lo, 8); j += 8; break;
			case 'P':
				b[j++] = o.nparts;
				for (unsigned int k = 0; k < o.nparts; k++, j += 10) {
					struct fz_part pt = src->parts[k];

					normalize_part(&pt);
					b[j] = pt.kind;
					b[j + 1] = pt.flags;
					st(b + j + 2, pt.arg, 2);
					st(b + j + 4, pt.next, 2);
					st(b + j + 6, pt.len, 4);
				}
				break;
			case 'D':
				b[j++] = o.dlen;
				memcpy(b + j, src->data, o.dlen);
				j += o.dlen;
				break;
			}
		}
	}
	return j;
}

size_t fz_encode(const struct fz_prog *p, uint8_t *b, size_t cap)
{
	return encode(p, b, cap, false);
}

size_t fz_encode_legacy(const struct fz_prog *p, uint8_t *b, size_t cap)
{
	return encode(p, b, cap, true);
}

/* ---- text form ---------------------------------------------------------- */

static const char *const step_names[8] = { "reset", "ack", "features", "features-ok", "queues", "driver-ok", "smallq",
					   "probed" };
static const char *const mode_names[FZ_FEAT__N] = { "raw", "and", "or", "xor" };
static const char *const kind_names[FZ_P__N] = { "buf", "guard", "ring", "edge", "wild", "same", "indirect", "data" };
static const struct { uint8_t bit; const char *name; } flag_names[] = {
	{ FZ_PF_AUTO, "auto" }, { FZ_PF_NEXT, "next" }, { FZ_PF_WRITE, "write" }, { FZ_PF_INDIRECT, "indirect" },
	{ FZ_PF_NEXTABS, "nextabs" }, { FZ_PF_RAWLEN, "rawlen" },
};

static void print_flags(FILE *f, uint8_t v)
{
	bool any = false;

	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (v & flag_names[i].bit) {
			fprintf(f, "%s%s", any ? "|" : "", flag_names[i].name);
			any = true;
		}
	if (!any)
		fputc('0', f);
}

void fz_print(const struct fz_prog *p, FILE *f)
{
	fprintf(f, "vct-fuzz v%u\n", p->version ? p->version : FZ_VERSION);
	for (unsigned int i = 0; i < p->n; i++) {
		const struct fz_op *o = &p->ops[i];
		const struct fz_opdef *d = opdef(o->op);

		if (!d)
			continue;
		fputs(d->name, f);
		for (const char *c = d->layout; *c; c++) {
			switch (*c) {
			case 'q':
				if (o->op == FZ_OP_INIT) {
					bool any = false;

					fputs(" steps=", f);
					for (int s = 0; s < 8; s++)
						if (o->q & (1 << s)) {
							fprintf(f, "%s%s", any ? "|" : "", step_names[s]);
							any = true;
						}
					if (!any)
						fputc('0', f);
				} else if (o->op == FZ_OP_FEATURES) {
					fprintf(f, " mode=%s", mode_names[o->q % FZ_FEAT__N]);
				} else {
					fprintf(f, " %s=%s%x", d->qkey, o->q > 9 ? "0x" : "", o->q);
				}
				break;
			case 'w': fprintf(f, " %s=%u", akey(o->op, 'w'), o->width); break;
			case 'a': fprintf(f, " %s=0x%x", akey(o->op, 'a'), o->a16); break;
			case 'b': fprintf(f, " %s=0x%x", akey(o->op, 'b'), o->b16); break;
			case 'v': fprintf(f, " %s=0x%x", akey(o->op, 'v'), o->val); break;
			case 'L': fprintf(f, " lo=0x%llx", (unsigned long long)o->lo); break;
			case 'P':
				fprintf(f, " parts=%u", o->nparts);
				for (unsigned int k = 0; k < o->nparts; k++) {
					const struct fz_part *pt = &o->parts[k];

					fprintf(f, "\n  part %s flags=", kind_names[pt->kind % FZ_P__N]);
					print_flags(f, pt->flags);
					fprintf(f, " len=0x%x arg=0x%x next=0x%x", pt->len, pt->arg, pt->next);
				}
				break;
			case 'D':
				fputs(" bytes=", f);
				for (unsigned int k = 0; k < o->dlen; k++)
					fprintf(f, "%02x", o->data[k]);
				if (!o->dlen)
					fputc('-', f);
				break;
			}
		}
		fputc('\n', f);
	}
}

/* "name=value" lookup inside one line. */
static const char *kv(const char *line, const char *key)
{
	size_t kl = strlen(key);

	for (const char *s = line; (s = strstr(s, key)); s += kl)
		if ((s == line || s[-1] == ' ') && s[kl] == '=')
			return s + kl + 1;
	return NULL;
}

static int num(const char *line, const char *key, uint64_t max, uint64_t *out)
{
	const char *v = kv(line, key);
	char *end;

	if (!v)
		return -1;
	*out = strtoull(v, &end, 0);
	if (end == v || (*end && *end != ' ' && *end != '\n') || *out > max)
		return -1;
	return 0;
}

/* a|b|c against a name table; returns -1 on an unknown name. */
static int symbols(const char *v, const char *const *names, const uint8_t *bits, size_t n, uint8_t *out)
{
	*out = 0;
	if (*v == '0' && (v[1] == ' ' || !v[1] || v[1] == '\n'))
		return 0;
	while (*v && *v != ' ' && *v != '\n') {
		size_t l = strcspn(v, "| \n");
		size_t i;

		for (i = 0; i < n; i++)
			if (strlen(names[i]) == l && !strncmp(v, names[i], l))
				break;
		if (i == n)
			return -1;
		*out |= bits[i];
		v += l;
		if (*v == '|')
			v++;
	}
	return 0;
}

int fz_parse(const char *text, struct fz_prog *p, char *err, size_t errlen)
{
	char line[512];
	unsigned int lno = 0;
	const char *s = text;
	struct fz_op *cur = NULL;

	memset(p, 0, sizeof(*p));
	p->version = FZ_VERSION;
	while (*s) {
		size_t l = strcspn(s, "\n");
		const char *t;
		char name[32];
		const struct fz_opdef *d = NULL;
		uint64_t v;

		lno++;
		if (l >= sizeof(line)) {
			snprintf(err, errlen, "line %u: too long", lno);
			return -1;
		}
		memcpy(line, s, l);
		line[l] = 0;
		s += l + (s[l] ? 1 : 0);
		for (t = line; isspace((unsigned char)*t); t++)
			;
		if (!*t || *t == '#')
			continue;
		if (!strncmp(t, "vct-fuzz v", 10)) {
			if (atoi(t + 10) != FZ_VERSION) {
				snprintf(err, errlen, "line %u: format version %s not known (v%d)", lno, t + 10, FZ_VERSION);
				return -1;
			}
			continue;
		}
		if (!strncmp(t, "part ", 5)) {
			struct fz_part *pt;
			uint8_t kb[FZ_P__N], fb[6];
			const char *fl;
			size_t k;

			if (!cur || (cur->op != FZ_OP_POST && cur->op != FZ_OP_PPOST) || cur->nparts >= FZ_MAX_PARTS) {
				snprintf(err, errlen, "line %u: 'part' outside a post (or more than %d)", lno, FZ_MAX_PARTS);
				return -1;
			}
			pt = &cur->parts[cur->nparts];
			for (k = 0; k < FZ_P__N; k++)
				kb[k] = (uint8_t)k;
			t += 5;
			for (k = 0; k < FZ_P__N; k++)
				if (!strncmp(t, kind_names[k], strlen(kind_names[k])) && t[strlen(kind_names[k])] == ' ')
					break;
			if (k == FZ_P__N) {
				snprintf(err, errlen, "line %u: unknown part kind", lno);
				return -1;
			}
			pt->kind = kb[k];
			{
				const char *nm[6];

				for (k = 0; k < 6; k++) {
					nm[k] = flag_names[k].name;
					fb[k] = flag_names[k].bit;
				}
				fl = kv(t, "flags");
				if (!fl || symbols(fl, nm, fb, 6, &pt->flags)) {
					snprintf(err, errlen, "line %u: bad part flags", lno);
					return -1;
				}
			}
			if (num(t, "len", 0xffffffffu, &v)) goto bad;
			pt->len = (uint32_t)v;
			if (num(t, "arg", 0xffff, &v)) goto bad;
			pt->arg = (uint16_t)v;
			if (num(t, "next", 0xffff, &v)) goto bad;
			pt->next = (uint16_t)v;
			cur->nparts++;
			continue;
		}
		if (sscanf(t, "%31s", name) != 1)
			goto bad;
		for (size_t i = 0; i < sizeof(opdefs) / sizeof(opdefs[0]); i++)
			if (!strcmp(opdefs[i].name, name))
				d = &opdefs[i];
		if (!d) {
			snprintf(err, errlen, "line %u: unknown operation '%s'", lno, name);
			return -1;
		}
		if (p->n >= FZ_MAX_OPS) {
			snprintf(err, errlen, "line %u: more than %d operations", lno, FZ_MAX_OPS);
			return -1;
		}
		cur = &p->ops[p->n++];
		memset(cur, 0, sizeof(*cur));
		cur->op = d->op;
		for (const char *c = d->layout; *c; c++) {
			switch (*c) {
			case 'q':
				if (d->op == FZ_OP_INIT) {
					uint8_t bits[8];
					const char *sv = kv(t, "steps");

					for (int b = 0; b < 8; b++)
						bits[b] = (uint8_t)(1 << b);
					if (!sv || symbols(sv, step_names, bits, 8, &cur->q))
						goto bad;
				} else if (d->op == FZ_OP_FEATURES) {
					const char *mv = kv(t, "mode");
					int m;

					for (m = 0; m < FZ_FEAT__N && mv; m++)
						if (!strncmp(mv, mode_names[m], strlen(mode_names[m])))
							break;
					if (!mv || m == FZ_FEAT__N)
						goto bad;
					cur->q = (uint8_t)m;
				} else {
					if (num(t, d->qkey, 0xff, &v)) goto bad;
					cur->q = (uint8_t)v;
				}
				break;
			case 'w': if (num(t, akey(d->op, 'w'), 0xff, &v)) goto bad; cur->width = (uint8_t)v; break;
			case 'a': if (num(t, akey(d->op, 'a'), 0xffff, &v)) goto bad; cur->a16 = (uint16_t)v; break;
			case 'b': if (num(t, akey(d->op, 'b'), 0xffff, &v)) goto bad; cur->b16 = (uint16_t)v; break;
			case 'v': if (num(t, akey(d->op, 'v'), 0xffffffffu, &v)) goto bad; cur->val = (uint32_t)v; break;
			case 'L': if (num(t, "lo", UINT64_MAX, &v)) goto bad; cur->lo = v; break;
			case 'P': break;	/* parts follow on their own lines */
			case 'D': {
				const char *hv = kv(t, "bytes");

				if (!hv)
					goto bad;
				for (cur->dlen = 0; *hv != '-' && isxdigit((unsigned char)hv[0]) && isxdigit((unsigned char)hv[1]);
				     hv += 2) {
					char hx[3] = { hv[0], hv[1], 0 };

					if (cur->dlen >= FZ_MAX_DATA)
						goto bad;
					cur->data[cur->dlen++] = (uint8_t)strtoul(hx, NULL, 16);
				}
				break;
			}
			}
		}
		continue;
bad:
		snprintf(err, errlen, "line %u: missing or bad field in '%.60s'", lno, t);
		return -1;
	}
	return 0;
}

/*
 * Does opcode @op's q field name a queue? Its opdef says so (qkey "q"), read
 * once into a table: fz_prog_queues runs for every program, a new op with a
 * queue is counted without a second list to keep.
 */
static bool op_names_queue(uint8_t op)
{
	static bool init, names[256];

	if (!init) {
		for (size_t i = 0; i < sizeof(opdefs) / sizeof(opdefs[0]); i++)
			names[opdefs[i].op] = opdefs[i].qkey && !strcmp(opdefs[i].qkey, "q");
		for (unsigned int o = 0; o < 256; o++)
			names[o] = names[legacy_opcode((uint8_t)o)];
		init = true;
	}
	return names[op];
}

uint8_t fz_prog_queues(const struct fz_prog *p)
{
	uint8_t m = 0x3;

	for (unsigned int i = 0; i < p->n; i++) {
		const struct fz_op *o = &p->ops[i];

		switch (legacy_opcode(o->op)) {
		case FZ_OP_PCI_COMMONW:
		case FZ_OP_PCI_COMMONR:
			return 0xff;
		case FZ_OP_QLIVE:
			/* (a ring address taken from another queue: that queue is set up too) */
			if (o->width >= FZ_QL_DESC && (o->a16 & 3) == 1)
				m |= (uint8_t)(1u << ((o->a16 >> 2) & 3));
			break;
		case FZ_OP_POST:
		case FZ_OP_PPOST:
			for (unsigned int k = 0; k < o->nparts && k < FZ_MAX_PARTS; k++)
				if (o->parts[k].kind == FZ_P_RING)
					m |= (uint8_t)(1u << (o->parts[k].arg & 3));
			break;
		default:
			break;
		}
		if (op_names_queue(o->op) && o->q < 8)
			m |= (uint8_t)(1u << o->q);
	}
	return m;
}
