/* SPDX-License-Identifier: MIT */
/*
 * Self-test of the reference device, driven through the transport ops with
 * a tiny register-level driver of its own (no dependency on the harness's
 * virtio-pci/virtqueue code). Prints TAP; exit status 0 iff all passed.
 */
#include "hostact.h"
#include "refdev.h"
#include "transport.h"

#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int n_test, n_fail;

static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - ", cond ? "" : "not ", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ---- a tiny driver ------------------------------------------------------ */

#define MEM_SIZE   (1u << 20)
#define MEM_IOVA   0x100000ULL
#define QSZ        16
#define BUF_OFF    0x10000

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 64

#define F_INDIRECT (1ULL << 28)
#define F_EVENT_IDX (1ULL << 29)
#define F_V1 (1ULL << 32)
#define F_AP (1ULL << 33)
#define F_RING_RESET (1ULL << 40)

struct vq {
	unsigned int qi;
	uint16_t size, notify_off, avail_idx, last_used;
	uint64_t desc, avail, used;	/* offsets into mem */
};

struct drv {
	struct vct_transport *t;
	uint8_t pcicfg_cap, msix_cap;
	int bar[6];
	uint64_t common, isr, devcfg, notify;
	uint32_t mult, devcfg_len;
	uint8_t *mem;
	struct vq vq[4];
	uint64_t bufp;	/* bump allocator inside mem */
};

static uint64_t rd(struct drv *d, uint64_t off, size_t w)
{
	uint64_t v = 0;

	if (d->t->ops->bar_read(d->t, 4, off, &v, w))
		return ~0ULL;
	return v;
}

static void wr(struct drv *d, uint64_t off, uint64_t v, size_t w)
{
	d->t->ops->bar_write(d->t, 4, off, v, w);
}

#define C_DFSEL 0
#define C_DF 4
#define C_GFSEL 8
#define C_GF 12
#define C_CMSIX 16
#define C_NUMQ 18
#define C_STATUS 20
#define C_GEN 21
#define C_QSEL 22
#define C_QSIZE 24
#define C_QMSIX 26
#define C_QEN 28
#define C_QNOFF 30
#define C_QDESC 32
#define C_QDRV 40
#define C_QDEV 48
#define C_QRESET 58

static uint64_t crd(struct drv *d, unsigned int f, size_t w) { return rd(d, d->common + f, w); }
static void cwr(struct drv *d, unsigned int f, uint64_t v, size_t w) { wr(d, d->common + f, v, w); }

static uint8_t st(struct drv *d) { return (uint8_t)crd(d, C_STATUS, 1); }
/* A host-side action on the device, through the host-action op it carries. */
static int host(struct drv *d, enum vct_hact a, const char *params)
{
	char out[256], msg[160];

	return vct_host_act(d->t->host, a, params, 1000, out, sizeof(out), msg, sizeof(msg));
}

static uint64_t dev_features(struct drv *d)
{
	uint64_t f;

	cwr(d, C_DFSEL, 0, 4);
	f = crd(d, C_DF, 4);
	cwr(d, C_DFSEL, 1, 4);
	return f | crd(d, C_DF, 4) << 32;
}

static bool walk_caps(struct drv *d)
{
	uint8_t p, seen = 0;

	if (vct_cfg_read8(d->t, 0x34, &p))
		return false;
	for (int guard = 0; p && guard < 48; guard++) {
		uint8_t id, type, bar, next;
		uint32_t off, len;

		vct_cfg_read8(d->t, p, &id);
		vct_cfg_read8(d->t, p + 1, &next);
		if (id == 0x11)
			d->msix_cap = p;
		if (id == 0x09) {
			vct_cfg_read8(d->t, p + 3, &type);
			vct_cfg_read8(d->t, p + 4, &bar);
			vct_cfg_read32(d->t, p + 8, &off);
			vct_cfg_read32(d->t, p + 12, &len);
			if (type >= 1 && type <= 5)
				d->bar[type] = bar;
			switch (type) {
			case 1: d->common = off; break;
			case 2: d->notify = off; vct_cfg_read32(d->t, p + 16, &d->mult); break;
			case 3: d->isr = off; break;
			case 4: d->devcfg = off; d->devcfg_len = len; break;
			case 5: d->pcicfg_cap = p; break;
			}
			if (type >= 1 && type <= 5)
				seen |= (uint8_t)(1u << type);
		}
		p = next;
	}
	return (seen & 0x2e) == 0x2e && d->pcicfg_cap && d->msix_cap;
}

static int drv_open(struct drv *d, const char *spec)
{
	char err[512];
	int r;

	memset(d, 0, sizeof(*d));
	r = vct_refdev_open(spec, &d->t, err, sizeof(err));
	if (r) {
		printf("# open %s: %s\n", spec, err);
		return r;
	}
	d->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->mem == MAP_FAILED)
		return -ENOMEM;
	r = d->t->ops->dma_map(d->t, d->mem, MEM_IOVA, MEM_SIZE);
	if (r)
		return r;
	if (!walk_caps(d))
		return -ENODEV;
	d->bufp = BUF_OFF;
	return 0;
}

static void drv_close(struct drv *d)
{
	if (d->t)
		vct_transport_close(d->t);
	if (d->mem && d->mem != MAP_FAILED)
		munmap(d->mem, MEM_SIZE);
	memset(d, 0, sizeof(*d));
}

static uint64_t iova(uint64_t off) { return MEM_IOVA + off; }

static uint64_t balloc(struct drv *d, uint32_t len)
{
	uint64_t p = d->bufp;

	d->bufp = (d->bufp + len + 63) & ~63ULL;
	if (d->bufp > MEM_SIZE - 0x1000)
		d->bufp = BUF_OFF, p = BUF_OFF;
	return p;
}

/* reset, ACK, DRIVER, features, FEATURES_OK; returns status after FEATURES_OK */
static uint8_t negotiate(struct drv *d, uint64_t want)
{
	cwr(d, C_STATUS, 0, 1);
	cwr(d, C_STATUS, S_ACK, 1);
	cwr(d, C_STATUS, S_ACK | S_DRIVER, 1);
	cwr(d, C_GFSEL, 0, 4);
	cwr(d, C_GF, (uint32_t)want, 4);
	cwr(d, C_GFSEL, 1, 4);
	cwr(d, C_GF, (uint32_t)(want >> 32), 4);
	cwr(d, C_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK, 1);
	return st(d);
}

static void vq_setup(struct drv *d, unsigned int qi, uint16_t msix)
{
	struct vq *q = &d->vq[qi];
	uint64_t base = 0x4000ULL * qi;

	memset(q, 0, sizeof(*q));
	q->qi = qi;
	q->size = QSZ;
	q->desc = base;
	q->avail = base + 0x1000;
	q->used = base + 0x2000;
	memset(d->mem + base, 0, 0x4000);
	cwr(d, C_QSEL, qi, 2);
	cwr(d, C_QSIZE, QSZ, 2);
	cwr(d, C_QMSIX, msix, 2);
	cwr(d, C_QDESC, iova(q->desc), 8);
	cwr(d, C_QDRV, iova(q->avail), 8);
	cwr(d, C_QDEV, iova(q->used), 8);
	q->notify_off = (uint16_t)crd(d, C_QNOFF, 2);
	cwr(d, C_QEN, 1, 2);
}

static void put16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }

struct seg {
	uint64_t off;	/* into mem, or absolute iova if abs */
	uint32_t len;
	bool w, abs;
};

static void set_desc(struct drv *d, struct vq *q, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	uint8_t *p = d->mem + q->desc + 16u * i;

	put64(p, addr);
	put32(p + 8, len);
	put16(p + 12, flags);
	put16(p + 14, next);
}

/* Publish a chain whose head is @head (descriptors already written). */
static void publish(struct drv *d, struct vq *q, uint16_t head)
{
	put16(d->mem + q->avail + 4 + 2 * (q->avail_idx % q->size), head);
	q->avail_idx++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	put16(d->mem + q->avail + 2, q->avail_idx);
}

static void kick(struct drv *d, struct vq *q)
{
	wr(d, d->notify + (uint64_t)q->notify_off * d->mult, q->qi, 2);
}

/* Submit one chain of segments at descriptor slot base (head = base). */
static uint16_t submit(struct drv *d, unsigned int qi, const struct seg *s, unsigned int n)
{
	struct vq *q = &d->vq[qi];
	uint16_t head = (uint16_t)((q->avail_idx * 4) % q->size);

	for (unsigned int i = 0; i < n; i++)
		set_desc(d, q, (uint16_t)(head + i), s[i].abs ? s[i].off : iova(s[i].off), s[i].len,
			 (uint16_t)((s[i].w ? 2 : 0) | (i + 1 < n ? 1 : 0)), (uint16_t)(head + i + 1));
	publish(d, q, head);
	kick(d, q);
	return head;
}

/* Next used element: returns false if none. */
static bool used(struct drv *d, unsigned int qi, uint32_t *id, uint32_t *len)
{
	struct vq *q = &d->vq[qi];
	uint16_t idx = get16(d->mem + q->used + 2);
	const uint8_t *e;

	*id = *len = 0xffffffffu;
	if (idx == q->last_used)
		return false;
	e = d->mem + q->used + 4 + 8 * (q->last_used % q->size);
	*id = get32(e);
	*len = get32(e + 4);
	q->last_used++;
	return true;
}

static bool efd_fired(int efd)
{
	uint64_t v;
	struct pollfd p = { .fd = efd, .events = POLLIN };

	if (poll(&p, 1, 0) != 1)
		return false;
	return read(efd, &v, sizeof(v)) == sizeof(v) && v > 0;
}

static uint8_t isr_read(struct drv *d)
{
	return (uint8_t)rd(d, d->isr, 1);
}

/* A ready device: negotiated @extra features, all queues set up, DRIVER_OK. */
static int ready(struct drv *d, const char *spec, uint64_t extra, unsigned int nq)
{
	uint8_t s;

	if (drv_open(d, spec))
		return -1;
	s = negotiate(d, F_V1 | F_AP | extra);
	if (!(s & S_FEATURES_OK))
		return -1;
	for (unsigned int i = 0; i < nq; i++)
		vq_setup(d, i, 0xffff);
	cwr(d, C_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK, 1);
	return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void t_catalog(void)
{
	bool uniq = true, cls = true, filled = true;
	size_t fuzz = 0;

	for (size_t i = 0; i < vct_refdev_nquirks; i++) {
		const struct vct_refdev_quirk *q = &vct_refdev_quirks[i];

		for (size_t j = 0; j < i; j++)
			if (!strcmp(q->name, vct_refdev_quirks[j].name))
				uniq = false;
		if (strcmp(q->cls, "conformance") && strcmp(q->cls, "fuzz-only") && strcmp(q->cls, "robustness"))
			cls = false;
		fuzz += !strcmp(q->cls, "fuzz-only");
		if (!*q->origin || !*q->what || !*q->types || !q->expect_stmt)
			filled = false;
	}
	ok(vct_refdev_nquirks >= 33, "catalog has %zu quirks (>= 33)", vct_refdev_nquirks);
	ok(uniq && cls && filled, "catalog names unique, classes valid, fields filled");
	ok(fuzz >= 3, "catalog has %zu fuzz-only quirks", fuzz);
}

static void t_open_errors(void)
{
	struct vct_transport *t = NULL;
	char err[2048];
	int r;

	r = vct_refdev_open("toaster", &t, err, sizeof(err));
	ok(r == -EINVAL && !t && strstr(err, "blk") && strstr(err, "console") && !strchr(err, '\n'),
	   "unknown type rejected with one line naming the types");
	r = vct_refdev_open("blk,quirk=no-such-thing", &t, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "no-such-thing") && strstr(err, "used-len-long") && !strchr(err, '\n'),
	   "unknown quirk rejected with one line naming the quirks");
	r = vct_refdev_open("rng,quirk=blk-size-npot", &t, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "blk-size-npot"), "quirk for another device type rejected");
	r = vct_refdev_open("rng,frobnicate", &t, err, sizeof(err));
	ok(r == -EINVAL, "unknown option rejected");
	r = vct_refdev_open("rng,zoned", &t, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "zoned") && strstr(err, "blk") && !strchr(err, '\n'),
	   "option for another device type rejected, naming the types it applies to");
	r = vct_refdev_open("net,quirk=used-len-long,quirk=isr-no-clear", &t, err, sizeof(err));
	ok(r == 0 && t && !strcmp(t->ops->kind, "refdev") && !strcmp(t->name, "refdev:net"),
	   "two quirks accepted");
	vct_transport_close(t);
}

static void t_config_space(const char *type, uint16_t id, uint16_t nq)
{
	struct drv d;
	uint16_t v, dev, ctl;
	uint8_t rev;
	uint32_t bar, tbl;

	if (drv_open(&d, type)) {
		ok(false, "%s: open and walk capabilities", type);
		drv_close(&d);
		return;
	}
	vct_cfg_read16(d.t, 0, &v);
	vct_cfg_read16(d.t, 2, &dev);
	vct_cfg_read8(d.t, 8, &rev);
	ok(v == 0x1af4 && dev == 0x1040 + id && rev == 1, "%s: ids %04x:%04x rev %u", type, v, dev, rev);
	vct_cfg_write16(d.t, 0, 0x1234);
	vct_cfg_read16(d.t, 0, &v);
	ok(v == 0x1af4, "%s: vendor id is read-only", type);
	vct_cfg_read16(d.t, d.msix_cap + 2, &ctl);
	vct_cfg_read32(d.t, d.msix_cap + 4, &tbl);
	ok((unsigned int)(ctl & 0x7ff) + 1 == nq + 1u && (tbl & 7) == 1 && d.t->msix_max == nq + 1u,
	   "%s: MSI-X table size %u in BAR %u", type, (ctl & 0x7ff) + 1, tbl & 7);
	vct_cfg_write32(d.t, 0x20, 0xffffffff);
	vct_cfg_read32(d.t, 0x20, &bar);
	ok(bar == 0xffffc00c && d.bar[1] == 4 && d.mult == 4, "%s: BAR4 sizes as 16 KiB 64-bit prefetchable", type);
	ok(crd(&d, C_NUMQ, 2) == nq, "%s: num_queues %u", type, (unsigned int)crd(&d, C_NUMQ, 2));
	ok(d.devcfg_len == 0 ? id == 4 : id != 4, "%s: device cfg capability iff config exists", type);
	drv_close(&d);
}

static void t_features_and_status(void)
{
	struct drv d;
	uint64_t f;
	uint8_t s;

	drv_open(&d, "blk");
	f = dev_features(&d);
	ok((f & (F_V1 | F_AP | F_INDIRECT | F_EVENT_IDX | F_RING_RESET)) ==
		   (F_V1 | F_AP | F_INDIRECT | F_EVENT_IDX | F_RING_RESET) && (f & (1ULL << 9)),
	   "features offered: %#llx", (unsigned long long)f);
	cwr(&d, C_DFSEL, 2, 4);
	ok(crd(&d, C_DF, 4) == 0, "device_feature for select 2 reads 0");
	s = negotiate(&d, F_V1 | (1ULL << 50));
	ok(!(s & S_FEATURES_OK), "FEATURES_OK refused with an unoffered feature");
	s = negotiate(&d, F_AP);
	ok(!(s & S_FEATURES_OK), "FEATURES_OK refused without VERSION_1");
	s = negotiate(&d, F_V1 | F_AP);
	ok(s & S_FEATURES_OK, "FEATURES_OK kept for a valid subset");
	cwr(&d, C_QSEL, 0, 2);
	cwr(&d, C_QSIZE, 100, 2);
	ok(crd(&d, C_QSIZE, 2) == 256, "non-power-of-2 queue_size ignored");
	cwr(&d, C_QSIZE, 64, 2);
	ok(crd(&d, C_QSIZE, 2) == 64, "smaller power-of-2 queue_size accepted");
	cwr(&d, C_QMSIX, 7, 2);
	ok(crd(&d, C_QMSIX, 2) == 0xffff, "out-of-range queue_msix_vector reads NO_VECTOR");
	cwr(&d, C_QMSIX, 1, 2);
	ok(crd(&d, C_QMSIX, 2) == 1, "valid queue_msix_vector reads back");
	cwr(&d, C_CMSIX, 2, 2);
	ok(crd(&d, C_CMSIX, 2) == 0xffff, "out-of-range config_msix_vector reads NO_VECTOR");
	vq_setup(&d, 0, 0xffff);
	ok(crd(&d, C_QEN, 2) == 1, "queue_enable reads 1");
	cwr(&d, C_STATUS, 0, 1);
	ok(st(&d) == 0 && crd(&d, C_QEN, 2) == 0 && crd(&d, C_QSIZE, 2) == 256 && crd(&d, C_QDESC, 8) == 0,
	   "reset: status 0, queue state cleared");
	cwr(&d, C_GFSEL, 0, 4);
	ok(crd(&d, C_GF, 4) == 0, "reset: driver_feature cleared");
	drv_close(&d);
}

static void t_pcicfg(void)
{
	struct drv d;
	uint32_t v, direct;
	uint8_t c;

	drv_open(&d, "net");
	c = d.pcicfg_cap;
	cwr(&d, C_DFSEL, 0, 4);
	direct = (uint32_t)crd(&d, C_DF, 4);
	vct_cfg_write8(d.t, c + 4, 4);
	vct_cfg_write32(d.t, c + 12, 4);
	vct_cfg_write32(d.t, c + 8, (uint32_t)d.common + C_DF);
	vct_cfg_read32(d.t, c + 16, &v);
	ok(v == direct, "PCI_CFG window reads device_feature (%#x)", v);
	vct_cfg_write32(d.t, c + 12, 2);
	vct_cfg_write32(d.t, c + 8, (uint32_t)d.common + C_QSEL);
	vct_cfg_write16(d.t, c + 16, 1);
	ok(crd(&d, C_QSEL, 2) == 1, "PCI_CFG window writes queue_select");
	drv_close(&d);
}

static void t_rng(void)
{
	struct drv d;
	uint32_t id = 0, len = 0;
	uint64_t b;
	bool nonzero = false;
	int efd;
	struct vct_refdev_stats s;

	if (ready(&d, "rng", 0, 1)) {
		ok(false, "rng: ready");
		return;
	}
	b = balloc(&d, 64);
	memset(d.mem + b, 0, 64);
	submit(&d, 0, &(struct seg){ b, 64, true, false }, 1);
	ok(used(&d, 0, &id, &len) && id == 0 && len == 64, "rng: 64 bytes returned, len 64");
	for (int i = 0; i < 64; i++)
		nonzero |= d.mem[b + i] != 0;
	ok(nonzero, "rng: buffer filled");
	ok(isr_read(&d) == 1 && isr_read(&d) == 0, "rng: ISR queue bit set without MSI-X, clears on read");

	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	d.t->ops->irq_set(d.t, 2, (int[]){ efd, efd });
	cwr(&d, C_QSEL, 0, 2);
	cwr(&d, C_QMSIX, 1, 2);
	submit(&d, 0, &(struct seg){ b, 16, true, false }, 1);
	ok(used(&d, 0, &id, &len) && efd_fired(efd), "rng: MSI-X vector 1 fires");
	put16(d.mem + d.vq[0].avail, 1);	/* VIRTQ_AVAIL_F_NO_INTERRUPT */
	submit(&d, 0, &(struct seg){ b, 16, true, false }, 1);
	ok(used(&d, 0, &id, &len) && !efd_fired(efd), "rng: NO_INTERRUPT suppresses the vector");
	put16(d.mem + d.vq[0].avail, 0);

	d.t->ops->irq_set(d.t, 0, NULL);
	close(efd);

	/* DMA fault: buffer outside every mapping */
	submit(&d, 0, &(struct seg){ 0x40000000ULL, 16, true, true }, 1);
	vct_refdev_stats(d.t, &s);
	ok(s.dma_faults == 1 && (st(&d) & S_NEEDS_RESET), "rng: unmapped buffer -> DMA fault and NEEDS_RESET");
	ok(isr_read(&d) & 2, "rng: NEEDS_RESET raised a config interrupt (ISR bit 1)");
	drv_close(&d);
}

static void t_rings(void)
{
	struct drv d;
	uint32_t id = 0, len = 0;
	uint64_t b, tbl, b2;
	struct vq *q;

	if (ready(&d, "rng", F_INDIRECT | F_EVENT_IDX | F_RING_RESET, 1)) {
		ok(false, "rings: ready");
		return;
	}
	q = &d.vq[0];
	b = balloc(&d, 8);
	b2 = balloc(&d, 8);
	tbl = balloc(&d, 32);
	put64(d.mem + tbl, iova(b));
	put32(d.mem + tbl + 8, 8);
	put16(d.mem + tbl + 12, 2 | 1);
	put16(d.mem + tbl + 14, 1);
	put64(d.mem + tbl + 16, iova(b2));
	put32(d.mem + tbl + 24, 8);
	put16(d.mem + tbl + 28, 2);
	set_desc(&d, q, 5, iova(tbl), 32, 4, 0);
	publish(&d, q, 5);
	kick(&d, q);
	ok(used(&d, 0, &id, &len) && id == 5 && len == 16, "indirect table of 2: id 5, len 16");
	ok(get16(d.mem + q->used + 4 + 8 * QSZ) == q->avail_idx, "EVENT_IDX: avail_event published");

	/* used_event in the past: no interrupt; ISR stays clear */
	isr_read(&d);
	put16(d.mem + q->avail + 4 + 2 * QSZ, (uint16_t)(q->avail_idx + 5));
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(used(&d, 0, &id, &len) && isr_read(&d) == 0, "EVENT_IDX: used_event ahead suppresses the interrupt");
	put16(d.mem + q->avail + 4 + 2 * QSZ, q->last_used);
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(used(&d, 0, &id, &len) && isr_read(&d) == 1, "EVENT_IDX: used_event reached interrupts");

	/* queue reset */
	cwr(&d, C_QSEL, 0, 2);
	cwr(&d, C_QRESET, 1, 2);
	ok(crd(&d, C_QRESET, 2) == 0 && crd(&d, C_QEN, 2) == 0, "queue_reset: queue disabled, reset complete");
	vq_setup(&d, 0, 0xffff);
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(used(&d, 0, &id, &len) && len == 8, "queue works again after queue_reset");

	/* nested indirect -> NEEDS_RESET */
	set_desc(&d, q, 7, iova(tbl), 16, 4, 0);
	put64(d.mem + tbl, iova(tbl + 16));
	put32(d.mem + tbl + 8, 16);
	put16(d.mem + tbl + 12, 4);
	publish(&d, q, 7);
	kick(&d, q);
	ok(!used(&d, 0, &id, &len) && (st(&d) & S_NEEDS_RESET), "nested indirect -> NEEDS_RESET");
	drv_close(&d);

	/* a descriptor loop: detected, never a hang */
	if (ready(&d, "rng", 0, 1))
		return;
	q = &d.vq[0];
	set_desc(&d, q, 0, iova(b), 8, 2 | 1, 1);
	set_desc(&d, q, 1, iova(b), 8, 2 | 1, 0);
	publish(&d, q, 0);
	kick(&d, q);
	ok(!used(&d, 0, &id, &len) && (st(&d) & S_NEEDS_RESET), "descriptor loop -> NEEDS_RESET");
	drv_close(&d);

	/* nothing is processed before DRIVER_OK; it is at DRIVER_OK */
	drv_open(&d, "rng");
	negotiate(&d, F_V1 | F_AP);
	vq_setup(&d, 0, 0xffff);
	b = balloc(&d, 8);
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(!used(&d, 0, &id, &len), "no buffer consumed before DRIVER_OK");
	cwr(&d, C_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK, 1);
	ok(used(&d, 0, &id, &len) && len == 8, "pending buffer consumed at DRIVER_OK");
	drv_close(&d);
}

struct blk_req {
	uint64_t hdr, data, status;
};

static int blk_do(struct drv *d, uint32_t type, uint64_t sector, uint64_t data, uint32_t dlen, bool din,
		  uint32_t *ulen)
{
	uint64_t hdr = balloc(d, 16), stb = balloc(d, 1);
	struct seg s[3];
	unsigned int n = 0;
	uint32_t id;

	put32(d->mem + hdr, type);
	put32(d->mem + hdr + 4, 0);
	put64(d->mem + hdr + 8, sector);
	d->mem[stb] = 0xff;
	s[n++] = (struct seg){ hdr, 16, false, false };
	if (dlen)
		s[n++] = (struct seg){ data, dlen, din, false };
	s[n++] = (struct seg){ stb, 1, true, false };
	submit(d, 0, s, n);
	if (!used(d, 0, &id, ulen))
		return -1;
	return d->mem[stb];
}

static void t_blk(void)
{
	struct drv d;
	uint64_t w, r;
	uint32_t len;
	uint8_t gen0;
	int s;

	if (ready(&d, "blk", (1ULL << 9) | (1ULL << 13) | (1ULL << 14), 1)) {
		ok(false, "blk: ready");
		return;
	}
	ok(rd(&d, d.devcfg, 8) == 32768 && rd(&d, d.devcfg + 20, 4) == 512, "blk: capacity 32768, blk_size 512");
	w = balloc(&d, 1024);
	r = balloc(&d, 1024);
	for (int i = 0; i < 1024; i++)
		d.mem[w + i] = (uint8_t)(i * 7 + 3);
	s = blk_do(&d, 1, 100, w, 1024, false, &len);
	ok(s == 0 && len == 1, "blk: T_OUT ok, len 1");
	memset(d.mem + r, 0, 1024);
	s = blk_do(&d, 0, 100, r, 1024, true, &len);
	ok(s == 0 && len == 1025 && !memcmp(d.mem + w, d.mem + r, 1024), "blk: T_IN reads the data back");
	s = blk_do(&d, 0, 32767, r, 1024, true, &len);
	ok(s == 1, "blk: read past capacity -> IOERR");
	s = blk_do(&d, 4, 0, 0, 0, false, &len);
	ok(s == 0, "blk: T_FLUSH ok");
	s = blk_do(&d, 8, 0, r, 20, true, &len);
	ok(s == 0 && !memcmp(d.mem + r, "vct-refdev-blk", 14), "blk: T_GET_ID");
	s = blk_do(&d, 77, 0, 0, 0, false, &len);
	ok(s == 2, "blk: unknown type -> UNSUPP");
	put64(d.mem + w, 100);
	put32(d.mem + w + 8, 1);
	put32(d.mem + w + 12, 0);
	s = blk_do(&d, 13, 0, w, 16, false, &len);
	blk_do(&d, 0, 100, r, 512, true, &len);
	ok(s == 0 && d.mem[r] == 0 && d.mem[r + 511] == 0, "blk: T_WRITE_ZEROES zeroes the sector");
	put32(d.mem + w + 12, 1);
	s = blk_do(&d, 11, 0, w, 16, false, &len);
	ok(s == 2, "blk: T_DISCARD with unmap -> UNSUPP");

	/* the host's configuration change (host action config-change) */
	gen0 = (uint8_t)crd(&d, C_GEN, 1);
	isr_read(&d);
	ok(host(&d, VCT_HA_CONFIG_CHANGE, "") == 0 && rd(&d, d.devcfg, 8) == 32760 && rd(&d, d.devcfg + 28, 4) == 16 &&
		   (uint8_t)crd(&d, C_GEN, 1) != gen0 && (isr_read(&d) & 2),
	   "blk: host config-change moves capacity+opt_io_size, generation and ISR bit 1");
	ok(host(&d, VCT_HA_RESTORE, "") == 0 && rd(&d, d.devcfg, 8) == 32768, "blk: host restore brings the capacity back");
	ok(host(&d, VCT_HA_INJECT_ERROR, "") == 0 && blk_do(&d, 0, 0, w, 512, true, &len) == 1 &&
		   blk_do(&d, 0, 0, w, 512, true, &len) == 0,
	   "blk: host inject-error fails exactly the next request with IOERR");
	ok(host(&d, VCT_HA_INPUT_EVENT, "") == -EOPNOTSUPP, "blk: host input-event is unsupported");
	drv_close(&d);
}

static void t_net(void)
{
	struct drv d;
	uint64_t rx, tx;
	uint32_t id = 0, len = 0;
	uint8_t gen0;

	if (ready(&d, "net", (1ULL << 5) | (1ULL << 16) | (1ULL << 3), 3)) {
		ok(false, "net: ready");
		return;
	}
	ok(rd(&d, d.devcfg, 1) == 0x52 && rd(&d, d.devcfg + 6, 2) == 1 && rd(&d, d.devcfg + 10, 2) == 1500,
	   "net: mac, link up, mtu 1500");
	rx = balloc(&d, 2048);
	tx = balloc(&d, 12 + 60);
	memset(d.mem + tx, 0, 12);
	for (int i = 0; i < 60; i++)
		d.mem[tx + 12 + i] = (uint8_t)i;
	submit(&d, 0, &(struct seg){ rx, 2048, true, false }, 1);
	submit(&d, 1, &(struct seg){ tx, 72, false, false }, 1);
	ok(used(&d, 1, &id, &len) && len == 0, "net: tx completed");
	ok(used(&d, 0, &id, &len) && len == 72 && get16(d.mem + rx + 10) == 1 &&
		   !memcmp(d.mem + rx + 12, d.mem + tx + 12, 60),
	   "net: frame looped back with header (num_buffers 1)");
	/* tx with no rx buffer: kept, delivered when one arrives */
	submit(&d, 1, &(struct seg){ tx, 72, false, false }, 1);
	ok(used(&d, 1, &id, &len) && !used(&d, 0, &id, &len), "net: tx with no rx buffer is held");
	submit(&d, 0, &(struct seg){ rx, 2048, true, false }, 1);
	ok(used(&d, 0, &id, &len) && len == 72, "net: held frame delivered on rx kick");
	/* link down and up, from the host */
	gen0 = (uint8_t)crd(&d, C_GEN, 1);
	ok(host(&d, VCT_HA_LINK_DOWN, "") == 0 && rd(&d, d.devcfg + 6, 2) == 0 && (uint8_t)crd(&d, C_GEN, 1) != gen0,
	   "net: host link-down clears the link bit and moves the generation");
	ok(host(&d, VCT_HA_LINK_UP, "") == 0 && rd(&d, d.devcfg + 6, 2) == 1, "net: host link-up sets it again");
	ok(host(&d, VCT_HA_ANNOUNCE, "") == -EOPNOTSUPP, "net: host announce without GUEST_ANNOUNCE negotiated is unsupported");
	/* ctrl queue: MQ_VQ_PAIRS_SET 1 */
	{
		uint64_t c = balloc(&d, 4), a = balloc(&d, 1);

		d.mem[c] = 4;
		d.mem[c + 1] = 0;
		put16(d.mem + c + 2, 1);
		d.mem[a] = 0xff;
		submit(&d, 2, (struct seg[]){ { c, 4, false, false }, { a, 1, true, false } }, 2);
		ok(used(&d, 2, &id, &len) && len == 1 && d.mem[a] == 0, "net: ctrl MQ_VQ_PAIRS_SET 1 -> OK");
	}
	drv_close(&d);

	/* announce, as after a migration: the status bit and a generation change; the ctrl ACK clears it */
	if (ready(&d, "net", (1ULL << 5) | (1ULL << 16) | (1ULL << 17) | (1ULL << 21), 3)) {
		ok(false, "net: ready with GUEST_ANNOUNCE");
		return;
	}
	gen0 = (uint8_t)crd(&d, C_GEN, 1);
	ok(host(&d, VCT_HA_ANNOUNCE, "") == 0 && (rd(&d, d.devcfg + 6, 2) & 2) && (uint8_t)crd(&d, C_GEN, 1) != gen0,
	   "net: host announce sets VIRTIO_NET_S_ANNOUNCE and moves the generation");
	{
		uint64_t c = balloc(&d, 2), a = balloc(&d, 1);

		d.mem[c] = 3;	/* VIRTIO_NET_CTRL_ANNOUNCE */
		d.mem[c + 1] = 0;	/* ..._ACK */
		d.mem[a] = 0xff;
		submit(&d, 2, (struct seg[]){ { c, 2, false, false }, { a, 1, true, false } }, 2);
		ok(used(&d, 2, &id, &len) && d.mem[a] == 0 && !(rd(&d, d.devcfg + 6, 2) & 2),
		   "net: ANNOUNCE_ACK on the control queue clears it");
	}
	drv_close(&d);
}

static void t_console(void)
{
	struct drv d;
	uint64_t rx, tx;
	uint32_t id = 0, len = 0;

	if (ready(&d, "console", 1, 2)) {
		ok(false, "console: ready");
		return;
	}
	ok(rd(&d, d.devcfg, 2) == 80 && rd(&d, d.devcfg + 2, 2) == 25, "console: 80x25");
	rx = balloc(&d, 64);
	tx = balloc(&d, 64);
	memcpy(d.mem + tx, "hello", 5);
	submit(&d, 1, &(struct seg){ tx, 5, false, false }, 1);
	ok(used(&d, 1, &id, &len), "console: tx completed");
	submit(&d, 0, &(struct seg){ rx, 64, true, false }, 1);
	ok(used(&d, 0, &id, &len) && len == 5 && !memcmp(d.mem + rx, "hello", 5), "console: echoed");
	ok(host(&d, VCT_HA_CONFIG_CHANGE, "") == 0 && rd(&d, d.devcfg, 2) == 81 && rd(&d, d.devcfg + 2, 2) == 26,
	   "console: host config-change resizes columns and rows");
	drv_close(&d);
}

static void t_async(void)
{
	struct drv d;
	uint32_t id = 0, len = 0;
	uint64_t b;

	if (ready(&d, "rng,async", 0, 1)) {
		ok(false, "async: ready");
		return;
	}
	b = balloc(&d, 8);
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(!used(&d, 0, &id, &len), "async: notify only records work");
	d.t->ops->poll(d.t);
	ok(used(&d, 0, &id, &len) && len == 8, "async: poll performs it");
	drv_close(&d);
}

static void t_quirks(void)
{
	struct drv d;
	uint32_t id = 0, len = 0;
	uint64_t b;
	struct vct_refdev_stats s;
	struct vq *q;

	drv_open(&d, "rng,quirk=features-ok-unoffered");
	ok(negotiate(&d, F_V1 | (1ULL << 50)) & S_FEATURES_OK, "quirk features-ok-unoffered keeps FEATURES_OK");
	drv_close(&d);

	ready(&d, "rng,quirk=used-len-long", 0, 1);
	b = balloc(&d, 64);
	submit(&d, 0, &(struct seg){ b, 64, true, false }, 1);
	ok(used(&d, 0, &id, &len) && len == 72, "quirk used-len-long reports 72 for 64");
	drv_close(&d);

	ready(&d, "rng,quirk=isr-no-clear", 0, 1);
	submit(&d, 0, &(struct seg){ balloc(&d, 8), 8, true, false }, 1);
	ok(isr_read(&d) == 1 && isr_read(&d) == 1, "quirk isr-no-clear keeps ISR");
	drv_close(&d);

	ready(&d, "blk,quirk=write-readable", 0, 1);
	b = balloc(&d, 512);
	blk_do(&d, 1, 1, b, 512, false, &len);
	vct_refdev_stats(d.t, &s);
	ok(s.illegal_writes == 1, "quirk write-readable counted as an illegal write");
	drv_close(&d);

	drv_open(&d, "rng,quirk=queue-size-npot");
	cwr(&d, C_QSIZE, 100, 2);
	ok(crd(&d, C_QSIZE, 2) == 100, "quirk queue-size-npot reads back 100");
	drv_close(&d);

	ready(&d, "rng,quirk=no-needs-reset", 0, 1);
	submit(&d, 0, &(struct seg){ 0x40000000ULL, 16, true, true }, 1);
	ok(!(st(&d) & S_NEEDS_RESET), "quirk no-needs-reset leaves NEEDS_RESET clear on a DMA fault");
	drv_close(&d);

	ready(&d, "blk,quirk=config-gen-stuck", 0, 1);
	{
		uint8_t g0 = (uint8_t)crd(&d, C_GEN, 1);

		ok(host(&d, VCT_HA_CONFIG_CHANGE, "") == 0 && rd(&d, d.devcfg, 8) == 32760 &&
			   (uint8_t)crd(&d, C_GEN, 1) == g0,
		   "quirk config-gen-stuck: capacity changed, generation did not");
	}
	drv_close(&d);

	ready(&d, "rng,quirk=hang-long-chain", 0, 1);
	q = &d.vq[0];
	b = balloc(&d, 8);
	for (uint16_t i = 0; i < 10; i++)
		set_desc(&d, q, i, iova(b), 8, (uint16_t)(2 | (i < 9 ? 1 : 0)), (uint16_t)(i + 1));
	publish(&d, q, 0);
	kick(&d, q);
	submit(&d, 0, &(struct seg){ b, 8, true, false }, 1);
	ok(!used(&d, 0, &id, &len) && !(st(&d) & S_NEEDS_RESET), "quirk hang-long-chain: queue stops silently");
	drv_close(&d);

	ready(&d, "rng,quirk=used-id-twice", 0, 1);
	submit(&d, 0, &(struct seg){ balloc(&d, 8), 8, true, false }, 1);
	ok(used(&d, 0, &id, &len) && used(&d, 0, &id, &len), "quirk used-id-twice: two used entries");
	drv_close(&d);

	ready(&d, "rng,quirk=reset-status-sticky", 0, 1);
	cwr(&d, C_STATUS, 0, 1);
	ok(st(&d) != 0, "quirk reset-status-sticky: status not 0 after reset");
	drv_close(&d);

	drv_open(&d, "rng,quirk=pci-cfg-cap-dead");
	{
		uint32_t v;

		vct_cfg_write8(d.t, d.pcicfg_cap + 4, 4);
		vct_cfg_write32(d.t, d.pcicfg_cap + 12, 4);
		vct_cfg_write32(d.t, d.pcicfg_cap + 8, (uint32_t)d.common + C_NUMQ - 2);
		vct_cfg_read32(d.t, d.pcicfg_cap + 16, &v);
		ok(v == 0, "quirk pci-cfg-cap-dead: window reads 0");
	}
	drv_close(&d);
}

static void t_coexist_fork(void)
{
	struct drv a, b;
	uint32_t id = 0, len = 0;
	pid_t pid;
	int status = -1;

	ready(&a, "rng", 0, 1);
	ready(&b, "rng,quirk=used-len-zero", 0, 1);
	submit(&a, 0, &(struct seg){ balloc(&a, 8), 8, true, false }, 1);
	submit(&b, 0, &(struct seg){ balloc(&b, 8), 8, true, false }, 1);
	ok(used(&a, 0, &id, &len) && len == 8 && used(&b, 0, &id, &len) && len == 0,
	   "two refdevs coexist with their own quirks");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		submit(&a, 0, &(struct seg){ balloc(&a, 8), 8, true, false }, 1);
		_exit(used(&a, 0, &id, &len) && len == 8 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a forked child drives the device");
	drv_close(&a);
	drv_close(&b);
}

/* Drive the crash-desc-loop quirk: the ASan build must report it. */
static int crash_loop(void)
{
	struct drv d;
	uint64_t b;

	if (ready(&d, "rng,quirk=crash-desc-loop", 0, 1))
		return 2;
	b = balloc(&d, 8);
	set_desc(&d, &d.vq[0], 0, iova(b), 8, 2 | 1, 1);
	set_desc(&d, &d.vq[0], 1, iova(b), 8, 2 | 1, 0);
	publish(&d, &d.vq[0], 0);
	kick(&d, &d.vq[0]);
	drv_close(&d);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "crash-loop"))
		return crash_loop();
	t_catalog();
	t_open_errors();
	t_config_space("rng", 4, 1);
	t_config_space("blk", 2, 1);
	t_config_space("net", 1, 5);
	t_config_space("console", 3, 4);	/* port 0 and the MULTIPORT control pair */
	t_features_and_status();
	t_pcicfg();
	t_rng();
	t_rings();
	t_blk();
	t_net();
	t_console();
	t_async();
	t_quirks();
	t_coexist_fork();
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
