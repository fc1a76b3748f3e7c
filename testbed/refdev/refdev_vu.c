/* SPDX-License-Identifier: MIT */
/* The reference device as a vhost-user back end (refdev_vu.h). */
#include "refdev_vu.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "refdev.h"
#include "vhost_user.h"
#include "virtio_pci.h"
#include "vu_dev.h"

#define BE_MAXQ 8
#define BE_MAX_REGIONS 8
#define BE_CFG_MAX 256
/* Protocol features this back end implements. */
#define BE_PROTO                                                                                            \
	((1ull << VU_PF_MQ) | (1ull << VU_PF_REPLY_ACK) | (1ull << VU_PF_CONFIG) | (1ull << VU_PF_RESET_DEVICE) | \
	 (1ull << VU_PF_STATUS) | (1ull << VU_PF_INFLIGHT_SHMFD))
/*
 * Device features that need what vhost-user (7.2) does not carry, kept out
 * of the offer: ACCESS_PLATFORM (this back end has no IOTLB: it reaches
 * guest memory directly), SR_IOV and ADMIN_VQ (no PCI function, no admin
 * queue registers), NOTIFICATION_DATA (a kick is an eventfd, no data),
 * NOTIF_CONFIG_DATA (no config notification channel), RING_RESET (no
 * per-ring reset message).
 */
#define BE_NOT_OVER_VU                                                                              \
	((1ull << VCT_F_ACCESS_PLATFORM) | (1ull << VCT_F_SR_IOV) | (1ull << VCT_F_NOTIFICATION_DATA) | \
	 (1ull << VCT_F_NOTIF_CONFIG_DATA) | (1ull << VCT_F_RING_RESET) | (1ull << VCT_F_ADMIN_VQ))
/*
 * Per device type, what a vhost-user back end cannot serve: a network back
 * end serves the data queues only (the control queue is the front end's, as
 * with every vhost-user net back end), so neither it nor what rides on it
 * (receive modes, VLAN, announce, MQ, MAC, statistics, coalescing, hash and
 * RSS configuration) is offered; a pmem back end's memory would be a shared
 * memory region, which 7.2's protocol has no message for.
 */
static const struct {
	uint16_t type;
	uint64_t bits;
} be_type_strip[] = {
	{ VCT_ID_NET, (0x7full << 17) | (1ull << 50) | (1ull << 51) | (1ull << 52) | (1ull << 53) | (1ull << 57) |
			      (1ull << 60) },
	{ 27, 1ull << 0 },
};
/* The inflight description on the wire: 20 bytes (QEMU's packed VhostUserInflight). */
#define BE_INFLIGHT_LEN 20

/* The vu-* quirks of the catalog, each breaking one vhost-user statement (refdev_quirks.h). */
enum be_quirk {
	BQ_REPLY_VERSION,	/* vu-reply-version */
	BQ_REPLY_FLAG,		/* vu-reply-flag */
	BQ_PROTO_GET_STALE,	/* vu-proto-get-stale */
	BQ_PROTO_SET_STALE,	/* vu-proto-set-stale */
	BQ_NO_MQ,		/* vu-no-mq */
	BQ_KICK_NOFD_IGNORED,	/* vu-kick-nofd-ignored */
	BQ_REPLY_ACK_PARTIAL,	/* vu-reply-ack-partial */
	BQ_VRING_BASE_STALE,	/* vu-vring-base-stale */
	BQ_STOP_KEEPS_RUNNING,	/* vu-stop-keeps-running */
	BQ_RESTART_STAYS_STOPPED, /* vu-restart-stays-stopped */
	BQ_DISABLED_RING_RUNS,	/* vu-disabled-ring-runs */
	BQ_CALL_NOFD_CLOSES,	/* vu-call-nofd-closes */
	BQ_GET_CONFIG_ROUNDS_UP, /* vu-get-config-rounds-up */
	BQ_SET_CONFIG_RO_TAKEN,	/* vu-set-config-ro-taken */
	BQ_INFLIGHT_STALE,	/* vu-inflight-stale */
	BQ__COUNT
};

static const char *const be_quirk_names[BQ__COUNT] = {
	"vu-reply-version", "vu-reply-flag", "vu-proto-get-stale", "vu-proto-set-stale", "vu-no-mq",
	"vu-kick-nofd-ignored", "vu-reply-ack-partial", "vu-vring-base-stale", "vu-stop-keeps-running",
	"vu-restart-stays-stopped", "vu-disabled-ring-runs", "vu-call-nofd-closes", "vu-get-config-rounds-up",
	"vu-set-config-ro-taken", "vu-inflight-stale",
};

struct be_ring {
	uint32_t num, base;
	uint64_t desc, avail, used;	/* guest addresses (translated from the front end's) */
	bool addr_set;
	int kick, call, err;		/* -1: none */
	bool kick_set, kick_poll;	/* SET_VRING_KICK came; with the invalid-descriptor flag: poll the ring */
	bool call_nofd;			/* SET_VRING_CALL with the invalid-descriptor flag: never signal */
	bool enabled;			/* SET_VRING_ENABLE (without protocol features: enabled at the kick) */
	bool started;			/* programmed into the device */
	bool dead;			/* vu-restart-stays-stopped: stopped once, never started again */
	uint64_t cookie;		/* where its notifications go (the device's notify register) */
	uint16_t seen_avail;		/* the available index last handed to the device */
	uint16_t seen_used;		/* the used index last seen (inflight tracking) */
};

struct be_region {
	uint64_t gpa, size, uaddr;
	uint8_t *map;			/* the mmap of fd from 0 */
	size_t maplen;
	uint8_t *host;			/* map + mmap_offset */
};

struct be {
	struct vct_transport *t;
	struct vct_dev *d;
	const struct vct_refdev_vu_opts *o;
	bool q[BQ__COUNT];
	int sock;
	unsigned int session;		/* 1 for the first front end */
	unsigned int die_seen;
	char why[256];			/* why the session ends */

	uint64_t offered;		/* virtio features offered (bits 0-63) */
	uint64_t dev_offered;		/* what the device behind it offers */
	uint64_t proto_offered, proto;
	bool proto_set;			/* SET_PROTOCOL_FEATURES taken in this session */
	bool features_set;		/* SET_FEATURES came in this session */
	bool pf_negotiated;		/* ... with VHOST_USER_F_PROTOCOL_FEATURES: rings start disabled */
	uint64_t features;
	uint16_t nq, qmax[BE_MAXQ];
	uint32_t cfg_len;

	struct be_region reg[BE_MAX_REGIONS];
	unsigned int nreg;
	struct be_ring r[BE_MAXQ];

	/* Inflight tracking (INFLIGHT_SHMFD): the shared buffer, one region per queue. */
	uint8_t *inflight;
	size_t inflight_len;
	uint16_t inflight_nq, inflight_qsize;
	uint64_t inflight_counter;

	/* vu-set-config-ro-taken: what SET_CONFIG wrote, answered by GET_CONFIG. */
	uint8_t cfg_over[BE_CFG_MAX];
	bool cfg_over_set[BE_CFG_MAX];
};

static void be_log(struct be *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void be_log(struct be *b, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vct-refdev-vu: session %u: ", b->session);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A refusal that ends the session: @why kept for the log; always -EPROTO. */
static int be_end(struct be *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int be_end(struct be *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
	return -EPROTO;
}

/* Was VIRTIO_F_RING_PACKED negotiated (SET_FEATURES)? */
static bool packed_neg(const struct be *b)
{
	return b->features >> VCT_F_RING_PACKED & 1;
}

/* ---- memory ---- */

static void regions_drop(struct be *b)
{
	b->t->ops->dma_unmap_all(b->t);
	for (unsigned int i = 0; i < b->nreg; i++)
		munmap(b->reg[i].map, b->reg[i].maplen);
	b->nreg = 0;
}

/* The guest address of the front end's user address range [@ua, @ua + @len), or ~0 outside every region. */
static uint64_t ua_to_gpa(const struct be *b, uint64_t ua, uint64_t len)
{
	for (unsigned int i = 0; i < b->nreg; i++) {
		const struct be_region *r = &b->reg[i];

		if (ua >= r->uaddr && ua - r->uaddr < r->size && len <= r->size - (ua - r->uaddr))
			return r->gpa + (ua - r->uaddr);
	}
	return ~0ull;
}

/* Our mapping of guest range [@gpa, @gpa + @len), or NULL. */
static void *gpa_host(const struct be *b, uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < b->nreg; i++) {
		const struct be_region *r = &b->reg[i];

		if (gpa >= r->gpa && gpa - r->gpa < r->size && len <= r->size - (gpa - r->gpa))
			return r->host + (gpa - r->gpa);
	}
	return NULL;
}

static int set_mem_table(struct be *b, const uint8_t *p, uint32_t size, const int *fds, unsigned int nfds)
{
	struct vu_mem_table t;
	struct be_region nr[BE_MAX_REGIONS];
	uint32_t n;

	memcpy(&n, p, 4);
	if (n == 0 || n > BE_MAX_REGIONS)
		return be_end(b, "SET_MEM_TABLE with %u regions (1 to %d)", n, BE_MAX_REGIONS);
	if (size != 8 + n * sizeof(struct vu_mem_region))
		return be_end(b, "SET_MEM_TABLE of %u regions in a %u-byte payload", n, size);
	if (nfds != n)
		return be_end(b, "SET_MEM_TABLE of %u regions with %u descriptors", n, nfds);
	memcpy(&t, p, size);
	for (uint32_t i = 0; i < n; i++) {
		const struct vu_mem_region *m = &t.r[i];
		struct stat st;

		if (!m->size || (m->gpa | m->size | m->mmap_offset) & 0xfff || m->gpa + m->size < m->gpa ||
		    m->uaddr + m->size < m->uaddr || m->mmap_offset + m->size < m->mmap_offset)
			return be_end(b, "SET_MEM_TABLE region %u: guest 0x%llx size 0x%llx offset 0x%llx not page-aligned, "
				      "empty or wrapping", i, (unsigned long long)m->gpa, (unsigned long long)m->size,
				      (unsigned long long)m->mmap_offset);
		for (uint32_t k = 0; k < i; k++)
			if (m->gpa < t.r[k].gpa + t.r[k].size && t.r[k].gpa < m->gpa + m->size)
				return be_end(b, "SET_MEM_TABLE regions %u and %u overlap in guest memory", k, i);
		if (fstat(fds[i], &st) || (uint64_t)st.st_size < m->mmap_offset + m->size)
			return be_end(b, "SET_MEM_TABLE region %u: its descriptor holds %lld bytes, the region needs %llu",
				      i, (long long)st.st_size, (unsigned long long)(m->mmap_offset + m->size));
	}
	for (uint32_t i = 0; i < n; i++) {
		nr[i].gpa = t.r[i].gpa;
		nr[i].size = t.r[i].size;
		nr[i].uaddr = t.r[i].uaddr;
		nr[i].maplen = t.r[i].mmap_offset + t.r[i].size;
		nr[i].map = mmap(NULL, nr[i].maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fds[i], 0);
		if (nr[i].map == MAP_FAILED) {
			int e = errno;

			while (i--)
				munmap(nr[i].map, nr[i].maplen);
			return be_end(b, "SET_MEM_TABLE: cannot map a region: %s", strerror(e));
		}
		nr[i].host = nr[i].map + t.r[i].mmap_offset;
	}
	regions_drop(b);
	memcpy(b->reg, nr, sizeof(nr[0]) * n);
	b->nreg = n;
	/* The function's DMA reaches exactly these regions, at their guest addresses. */
	for (uint32_t i = 0; i < n; i++)
		if (b->t->ops->dma_map(b->t, b->reg[i].host, b->reg[i].gpa, b->reg[i].size))
			return be_end(b, "SET_MEM_TABLE region %u at guest 0x%llx: outside what the device can address", i,
				      (unsigned long long)b->reg[i].gpa);
	return 0;
}

/* ---- inflight tracking (the RST's split-ring procedure, around the device model) ---- */

static size_t inflight_qlen(uint16_t qsize)
{
	return 16 + 16 * (size_t)qsize;
}

static uint8_t *inflight_q(struct be *b, unsigned int qi)
{
	if (!b->inflight || qi >= b->inflight_nq)
		return NULL;
	return b->inflight + qi * inflight_qlen(b->inflight_qsize);
}

static void inflight_drop(struct be *b)
{
	if (b->inflight)
		munmap(b->inflight, b->inflight_len);
	b->inflight = NULL;
}

/* A fresh buffer: each queue's region with version 1 and desc_num set, nothing in flight. */
static int get_inflight_fd(struct be *b, uint8_t *p, int *fd)
{
	uint16_t nq, qs;
	size_t len;
	int mfd;

	memcpy(&nq, p + 16, 2);
	memcpy(&qs, p + 18, 2);
	if (!nq || nq > b->nq || !qs || qs > 32768)
		return be_end(b, "GET_INFLIGHT_FD for %u queues of %u entries (the device has %u queues)", nq, qs, b->nq);
	len = (size_t)nq * inflight_qlen(qs);
	mfd = memfd_create("vct-refdev-vu-inflight", MFD_CLOEXEC);
	if (mfd < 0 || ftruncate(mfd, (off_t)len) < 0) {
		if (mfd >= 0)
			close(mfd);
		return be_end(b, "GET_INFLIGHT_FD: no memory for the buffer");
	}
	inflight_drop(b);
	b->inflight = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (b->inflight == MAP_FAILED) {
		b->inflight = NULL;
		close(mfd);
		return be_end(b, "GET_INFLIGHT_FD: cannot map the buffer");
	}
	b->inflight_len = len;
	b->inflight_nq = nq;
	b->inflight_qsize = qs;
	for (unsigned int i = 0; i < nq; i++) {
		uint8_t *q = inflight_q(b, i);
		uint16_t one = 1;

		memcpy(q + 8, &one, 2);
		memcpy(q + 10, &qs, 2);
	}
	{
		uint64_t sz = len, off = 0;

		memcpy(p, &sz, 8);
		memcpy(p + 8, &off, 8);
	}
	*fd = mfd;
	return 0;
}

static int set_inflight_fd(struct be *b, const uint8_t *p, int fd)
{
	uint64_t sz, off;
	uint16_t nq, qs;
	struct stat st;
	uint8_t *m;

	memcpy(&sz, p, 8);
	memcpy(&off, p + 8, 8);
	memcpy(&nq, p + 16, 2);
	memcpy(&qs, p + 18, 2);
	if (!nq || nq > b->nq || !qs || qs > 32768 || sz != (uint64_t)nq * inflight_qlen(qs) || off & 0xfff ||
	    fstat(fd, &st) || (uint64_t)st.st_size < off + sz)
		return be_end(b, "SET_INFLIGHT_FD of %llu bytes at %llu for %u queues of %u entries does not fit its "
			      "descriptor or the device", (unsigned long long)sz, (unsigned long long)off, nq, qs);
	m = mmap(NULL, off + sz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return be_end(b, "SET_INFLIGHT_FD: cannot map the buffer");
	/* Mapped from 0 so the offset needs no alignment beyond a page; kept whole for munmap. */
	inflight_drop(b);
	b->inflight = m;
	b->inflight_len = off + sz;
	if (off) {
		munmap(m, off);
		b->inflight = m + off;
		b->inflight_len = sz;
	}
	b->inflight_nq = nq;
	b->inflight_qsize = qs;
	/*
	 * Reconnecting: entries of the last batch the used ring already holds
	 * are not in flight (the RST's recovery step). Resubmission of what is
	 * still marked never arises here: the device model completes each chain
	 * before the next message is read, so only a back end killed between
	 * the two leaves one marked, and vct resets the device after that.
	 */
	for (unsigned int i = 0; i < nq; i++) {
		uint8_t *q = inflight_q(b, i);
		uint16_t ver;

		memcpy(&ver, q + 8, 2);
		if (ver != 1)
			return be_end(b, "SET_INFLIGHT_FD: queue %u's region has version %u, not 1", i, ver);
	}
	return 0;
}

/* Before the device takes chains: each head made available is marked in flight, in order. */
static void inflight_before(struct be *b, unsigned int qi, uint16_t from, uint16_t to)
{
	struct be_ring *r = &b->r[qi];
	uint8_t *q = inflight_q(b, qi);
	const uint8_t *ring = gpa_host(b, r->avail, 4 + 2ull * r->num);

	if (!q || !ring || packed_neg(b))
		return;
	for (uint16_t i = from; i != to; i++) {
		uint16_t head;
		uint64_t c = ++b->inflight_counter;

		memcpy(&head, ring + 4 + 2 * (i % r->num), 2);
		if (head >= b->inflight_qsize)
			continue;
		memcpy(q + 16 + 16 * head + 8, &c, 8);
		q[16 + 16 * head] = 1;
	}
}

/* After: the used entries added form the last batch; they are no longer in flight. */
static void inflight_after(struct be *b, unsigned int qi, uint16_t from, uint16_t to)
{
	struct be_ring *r = &b->r[qi];
	uint8_t *q = inflight_q(b, qi);
	const uint8_t *ring = gpa_host(b, r->used, 4 + 8ull * r->num);
	uint16_t last;

	if (!q || !ring || from == to || packed_neg(b) || b->q[BQ_INFLIGHT_STALE])
		return;
	memcpy(&last, q + 12, 2);
	for (uint16_t i = from; i != to; i++) {
		uint32_t id;

		memcpy(&id, ring + 4 + 8 * (i % r->num), 4);
		if (id >= b->inflight_qsize)
			continue;
		memcpy(q + 16 + 16 * id + 6, &last, 2);
		last = (uint16_t)id;
		q[16 + 16 * id] = 0;
	}
	memcpy(q + 12, &last, 2);
	memcpy(q + 14, &to, 2);
}

/* ---- rings: programmed into the device as a VMM programs a passed-through function ---- */

static uint16_t idx_at(const struct be *b, uint64_t gpa)
{
	const uint16_t *p = gpa_host(b, gpa + 2, 2);

	return p ? __atomic_load_n(p, __ATOMIC_ACQUIRE) : 0;
}

static void vectors_bind(struct be *b)
{
	int efds[BE_MAXQ + 1];
	unsigned int n = b->nq + 1u;

	if (n > b->t->msix_max)
		n = b->t->msix_max;
	efds[0] = -1;	/* configuration changes: vhost-user has no back-end channel here */
	for (unsigned int i = 0; i < b->nq; i++)
		efds[i + 1] = b->r[i].call_nofd ? -1 : b->r[i].call;
	if (n)
		b->d->ops->irq_bind(b->d, n, efds);
}

static void ring_clear(struct be_ring *r)
{
	if (r->kick >= 0)
		close(r->kick);
	if (r->call >= 0)
		close(r->call);
	if (r->err >= 0)
		close(r->err);
	memset(r, 0, sizeof(*r));
	r->kick = r->call = r->err = -1;
}

/* Completions the device made on started split rings since the last look: their inflight entries clear. */
static int track_used(struct be *b)
{
	for (unsigned int qi = 0; qi < b->nq && !packed_neg(b); qi++) {
		struct be_ring *r = &b->r[qi];
		uint16_t u;

		if (!r->started)
			continue;
		u = idx_at(b, r->used);
		if (u == r->seen_used)
			continue;
		inflight_after(b, qi, r->seen_used, u);
		r->seen_used = u;
		/* vu-call-nofd-closes: signalling a ring with no call descriptor writes to -1 and ends the session. */
		if (b->q[BQ_CALL_NOFD_CLOSES] && r->call_nofd)
			return be_end(b, "ring %u: used a buffer and had no call descriptor to signal (quirk vu-call-nofd-closes)",
				      qi);
	}
	return 0;
}

/* The device's notification of ring @qi (a kick, or new buffers seen by polling), with inflight tracking. */
static int ring_kick(struct be *b, unsigned int qi)
{
	struct be_ring *r = &b->r[qi];

	if (!r->started)
		return 0;
	if (!packed_neg(b)) {
		uint16_t a = idx_at(b, r->avail);

		inflight_before(b, qi, r->seen_avail, a);
		r->seen_avail = a;
	}
	b->d->ops->notify(b->d, (uint16_t)qi, r->cookie, qi, false);
	return track_used(b);
}

/* Program ring @qi into the device once it has its size, addresses and kick (a started ring). */
static int ring_try_start(struct be *b, unsigned int qi)
{
	struct be_ring *r = &b->r[qi];
	struct vct_dev *d = b->d;
	char why[160];
	int rc;

	if (r->started || r->dead || !r->kick_set || !r->addr_set || !r->num)
		return 0;
	d->ops->set_queue_size(d, (uint16_t)qi, (uint16_t)r->num);
	if (d->ops->get_queue_size(d, (uint16_t)qi) != r->num)
		return be_end(b, "ring %u: the device does not take size %u", qi, r->num);
	d->ops->set_queue_addr(d, (uint16_t)qi, r->desc, r->avail, r->used);
	d->ops->set_queue_vector(d, (uint16_t)qi, (uint16_t)(qi + 1));
	d->ops->set_queue_enable(d, (uint16_t)qi, 1);
	rc = vct_refdev_ring_base(b->t, qi, r->base);
	if (rc)
		return be_end(b, "ring %u: the device did not start it at base %u (%s)", qi, r->base, strerror(-rc));
	if (d->ops->queue_notify_prepare(d, (uint16_t)qi, false, &r->cookie, why, sizeof(why)))
		return be_end(b, "ring %u: %s", qi, why);
	r->started = true;
	r->seen_avail = (uint16_t)r->base;
	r->seen_used = packed_neg(b) ? 0 : idx_at(b, r->used);
	vct_refdev_ring_hold(b->t, qi, !r->enabled && !b->q[BQ_DISABLED_RING_RUNS]);
	return 0;
}

/* GET_VRING_BASE: the ring stops; its base is the next available entry the device would take. */
static uint32_t ring_stop(struct be *b, unsigned int qi)
{
	struct be_ring *r = &b->r[qi];
	uint32_t base = r->base;

	if (r->started && b->q[BQ_STOP_KEEPS_RUNNING]) {
		/* quirk: answers and goes on serving the ring */
		base = packed_neg(b) ? r->base : idx_at(b, r->avail);
	} else if (r->started) {
		vct_refdev_ring_stop(b->t, qi, &base);
		r->started = false;
		if (r->kick >= 0)
			close(r->kick);
		r->kick = -1;
		r->kick_set = r->kick_poll = false;
		r->dead = b->q[BQ_RESTART_STAYS_STOPPED];
	}
	if (b->q[BQ_VRING_BASE_STALE])
		return r->base;	/* quirk: the base it was started from */
	r->base = base;
	return base;
}

/* Device reset (status 0, RESET_DEVICE, a session's end): the rings are gone, the memory stays. */
static void device_reset(struct be *b)
{
	b->d->ops->set_status(b->d, 0);
	for (unsigned int i = 0; i < BE_MAXQ; i++)
		ring_clear(&b->r[i]);
	vectors_bind(b);
	b->features_set = false;
	memset(b->cfg_over_set, 0, sizeof(b->cfg_over_set));
}

/* ---- messages ---- */

/* Payload size per request, -1: variable (checked by its handler); -2: not served. */
static int req_size(uint32_t req)
{
	switch (req) {
	case VU_GET_FEATURES: case VU_SET_OWNER: case VU_RESET_OWNER: case VU_GET_PROTOCOL_FEATURES:
	case VU_GET_QUEUE_NUM: case VU_RESET_DEVICE: case VU_GET_STATUS:
		return 0;
	case VU_SET_FEATURES: case VU_SET_PROTOCOL_FEATURES: case VU_SET_STATUS: case VU_SET_VRING_KICK:
	case VU_SET_VRING_CALL: case VU_SET_VRING_ERR: case VU_SET_VRING_NUM: case VU_SET_VRING_BASE:
	case VU_GET_VRING_BASE: case VU_SET_VRING_ENABLE:
		return 8;
	case VU_SET_VRING_ADDR:
		return (int)sizeof(struct vu_vring_addr);
	case VU_GET_INFLIGHT_FD: case VU_SET_INFLIGHT_FD:
		return BE_INFLIGHT_LEN;
	case VU_SET_MEM_TABLE: case VU_GET_CONFIG: case VU_SET_CONFIG:
		return -1;
	}
	return -2;
}

/* Descriptors each request carries: exactly this many (-1: SET_MEM_TABLE, one per region; -2: a vring fd message). */
static int req_fds(uint32_t req)
{
	switch (req) {
	case VU_SET_MEM_TABLE:
		return -1;
	case VU_SET_VRING_KICK: case VU_SET_VRING_CALL: case VU_SET_VRING_ERR:
		return -2;
	case VU_SET_INFLIGHT_FD:
		return 1;
	}
	return 0;
}

static int send_reply(struct be *b, uint32_t req, const void *payload, uint32_t len, int fd)
{
	struct vu_hdr h = { .request = req, .flags = VU_FLAG_VERSION | VU_FLAG_REPLY, .size = len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, len } };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	if (req == VU_GET_VRING_BASE && b->q[BQ_REPLY_VERSION])
		h.flags = VU_FLAG_REPLY;	/* quirk: version 0 */
	if (req == VU_GET_VRING_BASE && b->q[BQ_REPLY_FLAG])
		h.flags = VU_FLAG_VERSION;	/* quirk: the reply bit left out */
	if (fd >= 0) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	if (sendmsg(b->sock, &mh, MSG_NOSIGNAL) != (ssize_t)(sizeof(h) + len))
		return be_end(b, "the front end did not take the reply to %s", vct_vu_req_name(req));
	return 0;
}

static int reply_u64(struct be *b, uint32_t req, uint64_t v)
{
	return send_reply(b, req, &v, sizeof(v), -1);
}

/*
 * The end of a request with no reply of its own: with REPLY_ACK and
 * need_reply, its u64 acknowledgement (0 done; a refusal 1 and the session
 * goes on); without, a refusal ends the session.
 */
static int finish(struct be *b, uint32_t req, uint32_t flags, int rc)
{
	bool ack = (flags & VU_FLAG_NEED_REPLY) && (b->proto >> VU_PF_REPLY_ACK & 1);

	/* vu-reply-ack-partial: ring state requests are never acknowledged. */
	if (ack && b->q[BQ_REPLY_ACK_PARTIAL] && (req == VU_SET_VRING_NUM || req == VU_SET_VRING_BASE))
		ack = false;
	if (!ack)
		return rc;
	if (rc) {
		be_log(b, "%s refused: %s", vct_vu_req_name(req), b->why);
		b->why[0] = 0;
	}
	return reply_u64(b, req, rc ? 1 : 0);
}

static int ring_index(struct be *b, uint32_t req, uint32_t index)
{
	if (index >= b->nq)
		return be_end(b, "%s for ring %u; the device has %u", vct_vu_req_name(req), index, b->nq);
	return 0;
}

/*
 * Bits the driver set that this back end did not offer, though the device
 * behind it offers them (BE_NOT_OVER_VU, be_type_strip): the device alone
 * would keep FEATURES_OK for them, the back end must not. (Bits the device
 * does not offer either are the device's to judge, its quirks included.)
 */
static bool unoffered(const struct be *b)
{
	return (b->features & ~b->offered & b->dev_offered) != 0;
}

static int set_features(struct be *b, uint64_t f)
{
	uint64_t virtio = f & ~(1ull << VU_F_PROTOCOL_FEATURES);
	bool status = b->proto >> VU_PF_STATUS & 1;

	if ((f >> VU_F_PROTOCOL_FEATURES & 1) && !(b->offered >> VU_F_PROTOCOL_FEATURES & 1))
		return be_end(b, "SET_FEATURES with VHOST_USER_F_PROTOCOL_FEATURES, never offered");
	if (f >> VU_F_LOG_ALL & 1)
		return be_end(b, "SET_FEATURES with VHOST_F_LOG_ALL, never offered");
	/*
	 * With STATUS the front end's FEATURES_OK goes to the device, which
	 * judges the set (unoffered bits included) as the spec has it; without,
	 * this back end negotiates with the device itself and refuses a set the
	 * device does not keep FEATURES_OK for.
	 */
	if (!status) {
		b->d->ops->set_status(b->d, 0);
		b->d->ops->set_status(b->d, 1 | 2);
	}
	b->d->ops->set_driver_features(b->d, 0, (uint32_t)virtio);
	b->d->ops->set_driver_features(b->d, 1, (uint32_t)(virtio >> 32));
	b->features = virtio;
	b->features_set = true;
	b->pf_negotiated = f >> VU_F_PROTOCOL_FEATURES & 1;
	if (!status) {
		b->d->ops->set_status(b->d, 1 | 2 | 8);
		if (!(b->d->ops->get_status(b->d) & 8) || unoffered(b))
			return be_end(b, "SET_FEATURES 0x%llx: the device does not accept them", (unsigned long long)virtio);
	}
	return 0;
}

static int get_config(struct be *b, uint8_t *p, uint32_t size)
{
	struct vu_config c;
	uint32_t want;

	if (size < 12 || size > 12 + BE_CFG_MAX)
		return be_end(b, "GET_CONFIG with a %u-byte payload", size);
	memcpy(&c, p, size);
	if (c.size != size - 12)
		return be_end(b, "GET_CONFIG of %u bytes in a %u-byte payload", c.size, size);
	/* Outside the space: the RST's failure reply, an empty payload. */
	if (c.offset > b->cfg_len || c.size > b->cfg_len - c.offset)
		return send_reply(b, VU_GET_CONFIG, NULL, 0, -1);
	want = c.size;
	/* vu-get-config-rounds-up: reads in 8-byte units, so a shorter request gets 8 bytes back. */
	if (b->q[BQ_GET_CONFIG_ROUNDS_UP] && want < 8)
		want = 8;
	memset(c.data, 0, sizeof(c.data));
	for (uint32_t i = 0; i < want && c.offset + i < b->cfg_len; i++) {
		uint64_t v = 0;

		b->d->ops->config_read(b->d, c.offset + i, 1, &v);
		c.data[i] = b->cfg_over_set[c.offset + i] ? b->cfg_over[c.offset + i] : (uint8_t)v;
	}
	c.size = want;
	return send_reply(b, VU_GET_CONFIG, &c, 12 + want, -1);
}

static int set_config(struct be *b, const uint8_t *p, uint32_t size)
{
	struct vu_config c;

	if (size < 12 || size > 12 + BE_CFG_MAX)
		return be_end(b, "SET_CONFIG with a %u-byte payload", size);
	memcpy(&c, p, size);
	if (c.size != size - 12 || c.offset > b->cfg_len || c.size > b->cfg_len - c.offset)
		return be_end(b, "SET_CONFIG of %u bytes at %u (payload %u, space %u bytes)", c.size, c.offset, size,
			      b->cfg_len);
	/* The device takes what it lets a driver write; the rest of a read-only field stays (refdev's cfg_write). */
	for (uint32_t i = 0; i < c.size;) {
		uint32_t w = (c.offset + i) % 4 == 0 && c.size - i >= 4 ? 4 : (c.offset + i) % 2 == 0 && c.size - i >= 2 ? 2 : 1;

		b->d->ops->config_write(b->d, c.offset + i, w, vct_le_load(c.data + i, w));
		i += w;
	}
	if (b->q[BQ_SET_CONFIG_RO_TAKEN])
		for (uint32_t i = 0; i < c.size; i++) {
			b->cfg_over[c.offset + i] = c.data[i];
			b->cfg_over_set[c.offset + i] = true;
		}
	return 0;
}

static int vring_fd(struct be *b, uint32_t req, uint64_t v, const int *fds, unsigned int nfds)
{
	unsigned int qi = (unsigned int)(v & 0xff);
	bool nofd = v >> 8 & 1;
	struct be_ring *r;
	int rc;

	if (v >> 9)
		return be_end(b, "%s with reserved bits 0x%llx set", vct_vu_req_name(req), (unsigned long long)(v & ~0x1ffull));
	if (nofd != (nfds == 0))
		return be_end(b, "%s with the invalid-descriptor flag %s and %u descriptors", vct_vu_req_name(req),
			      nofd ? "set" : "clear", nfds);
	rc = ring_index(b, req, qi);
	if (rc)
		return rc;
	r = &b->r[qi];
	if (req == VU_SET_VRING_KICK) {
		if (r->kick >= 0)
			close(r->kick);
		r->kick = nofd ? -1 : dup(fds[0]);
		r->kick_set = true;
		r->kick_poll = nofd;
		/* Without protocol features a ring is enabled when it starts. */
		if (!b->pf_negotiated)
			r->enabled = true;
		return ring_try_start(b, qi);
	}
	if (req == VU_SET_VRING_CALL) {
		if (r->call >= 0)
			close(r->call);
		r->call = nofd ? -1 : dup(fds[0]);
		r->call_nofd = nofd;
		vectors_bind(b);
		return 0;
	}
	if (r->err >= 0)
		close(r->err);
	r->err = nofd ? -1 : dup(fds[0]);
	return 0;
}

static int vring_addr(struct be *b, const uint8_t *p)
{
	struct vu_vring_addr a;
	struct be_ring *r;
	bool packed = packed_neg(b);
	uint64_t n;
	int rc;

	memcpy(&a, p, sizeof(a));
	rc = ring_index(b, VU_SET_VRING_ADDR, a.index);
	if (rc)
		return rc;
	r = &b->r[a.index];
	if (a.flags)
		return be_end(b, "SET_VRING_ADDR of ring %u with flags 0x%x (logging was not negotiated)", a.index, a.flags);
	if (r->started)
		return be_end(b, "SET_VRING_ADDR of ring %u while it runs", a.index);
	n = r->num ? r->num : b->qmax[a.index];
	r->desc = ua_to_gpa(b, a.desc, 16 * n);
	r->avail = ua_to_gpa(b, a.avail, packed ? 4 : 6 + 2 * n);
	r->used = ua_to_gpa(b, a.used, packed ? 4 : 6 + 8 * n);
	if (r->desc == ~0ull || r->avail == ~0ull || r->used == ~0ull)
		return be_end(b, "SET_VRING_ADDR of ring %u: an area (desc 0x%llx, avail 0x%llx, used 0x%llx) lies outside "
			      "the memory table", a.index, (unsigned long long)a.desc, (unsigned long long)a.avail,
			      (unsigned long long)a.used);
	r->addr_set = true;
	return ring_try_start(b, a.index);
}

static int vring_state(struct be *b, uint32_t req, const uint8_t *p, uint32_t flags)
{
	struct vu_vring_state s;
	struct be_ring *r;
	int rc;

	memcpy(&s, p, sizeof(s));
	rc = ring_index(b, req, s.index);
	if (rc)
		return rc;
	r = &b->r[s.index];
	switch (req) {
	case VU_SET_VRING_NUM: {
		bool packed = packed_neg(b);

		if (!s.num || s.num > b->qmax[s.index] || (!packed && (s.num & (s.num - 1))))
			return be_end(b, "SET_VRING_NUM %u for ring %u (maximum %u%s)", s.num, s.index, b->qmax[s.index],
				      packed ? "" : ", a power of 2");
		if (r->started)
			return be_end(b, "SET_VRING_NUM of ring %u while it runs", s.index);
		r->num = s.num;
		return 0;
	}
	case VU_SET_VRING_BASE:
		if (s.num > 0xffff)
			return be_end(b, "SET_VRING_BASE %u for ring %u", s.num, s.index);
		if (r->started)
			return be_end(b, "SET_VRING_BASE of ring %u while it runs", s.index);
		r->base = s.num;
		return 0;
	case VU_SET_VRING_ENABLE:
		if (s.num > 1)
			return be_end(b, "SET_VRING_ENABLE %u for ring %u", s.num, s.index);
		r->enabled = s.num;
		if (r->started) {
			vct_refdev_ring_hold(b->t, s.index, !r->enabled && !b->q[BQ_DISABLED_RING_RUNS]);
			if (r->enabled)
				return ring_kick(b, s.index);
		}
		return 0;
	case VU_GET_VRING_BASE:
		s.num = ring_stop(b, s.index);
		return send_reply(b, req, &s, sizeof(s), -1);
	}
	return 0;
}

/* One message; -EPROTO ends the session (b->why), -EPIPE: the front end left. */
static int handle(struct be *b, const struct vu_hdr *h, uint8_t *p, const int *fds, unsigned int nfds)
{
	uint64_t v = 0;
	int rc = 0, fd = -1;

	if (h->size >= 8)
		memcpy(&v, p, 8);
	switch (h->request) {
	case VU_GET_FEATURES:
		return reply_u64(b, h->request, b->offered);
	case VU_SET_FEATURES:
		return finish(b, h->request, h->flags, set_features(b, v));
	case VU_SET_OWNER:
		return finish(b, h->request, h->flags, 0);
	case VU_RESET_OWNER:
	case VU_RESET_DEVICE:
		device_reset(b);
		return finish(b, h->request, h->flags, 0);
	case VU_GET_PROTOCOL_FEATURES:
		if (b->q[BQ_PROTO_GET_STALE] && b->session > 1 && !b->features_set)
			return be_end(b, "GET_PROTOCOL_FEATURES taken for a renegotiation after SET_FEATURES "
				      "(quirk vu-proto-get-stale: the last session's state)");
		return reply_u64(b, h->request, b->proto_offered);
	case VU_SET_PROTOCOL_FEATURES:
		if (v & ~b->proto_offered)
			return finish(b, h->request, h->flags,
				      be_end(b, "SET_PROTOCOL_FEATURES 0x%llx: bits 0x%llx never offered", (unsigned long long)v,
					     (unsigned long long)(v & ~b->proto_offered)));
		/* vu-proto-set-stale: ignored before SET_FEATURES in a later session. */
		if (!(b->q[BQ_PROTO_SET_STALE] && b->session > 1 && !b->features_set)) {
			b->proto = v;
			b->proto_set = true;
		}
		return finish(b, h->request, h->flags, 0);
	case VU_GET_QUEUE_NUM:
		return reply_u64(b, h->request, b->nq);
	case VU_SET_MEM_TABLE:
		return finish(b, h->request, h->flags, set_mem_table(b, p, h->size, fds, nfds));
	case VU_SET_VRING_NUM:
	case VU_SET_VRING_BASE:
	case VU_SET_VRING_ENABLE:
		return finish(b, h->request, h->flags, vring_state(b, h->request, p, h->flags));
	case VU_GET_VRING_BASE:
		return vring_state(b, h->request, p, h->flags);
	case VU_SET_VRING_ADDR:
		return finish(b, h->request, h->flags, vring_addr(b, p));
	case VU_SET_VRING_KICK:
	case VU_SET_VRING_CALL:
	case VU_SET_VRING_ERR:
		return finish(b, h->request, h->flags, vring_fd(b, h->request, v, fds, nfds));
	case VU_GET_CONFIG:
		return get_config(b, p, h->size);
	case VU_SET_CONFIG:
		return finish(b, h->request, h->flags, set_config(b, p, h->size));
	case VU_SET_STATUS:
		if (v > 0xff)
			return finish(b, h->request, h->flags, be_end(b, "SET_STATUS 0x%llx: status is 8 bits", (unsigned long long)v));
		if (v == 0) {
			device_reset(b);
		} else {
			if ((v & 8) && !(b->d->ops->get_status(b->d) & 8) && unoffered(b))
				v &= ~8ull;	/* FEATURES_OK not kept (D-2cd1add1's refusal) */
			b->d->ops->set_status(b->d, (uint8_t)v);
		}
		return finish(b, h->request, h->flags, 0);
	case VU_GET_STATUS:
		return reply_u64(b, h->request, b->d->ops->get_status(b->d));
	case VU_GET_INFLIGHT_FD:
		rc = get_inflight_fd(b, p, &fd);
		if (rc)
			return rc;
		rc = send_reply(b, h->request, p, BE_INFLIGHT_LEN, fd);
		close(fd);
		return rc;
	case VU_SET_INFLIGHT_FD:
		return finish(b, h->request, h->flags, set_inflight_fd(b, p, fds[0]));
	}
	return rc;
}

/* Read exactly @len bytes, collecting descriptors; -EPIPE when the front end left. */
static int recv_full(struct be *b, void *buf, size_t len, int *fds, unsigned int *nfds)
{
	size_t done = 0;

	while (done < len) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { (char *)buf + done, len - done };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
				     .msg_controllen = sizeof(ctl.buf) };
		ssize_t n = recvmsg(b->sock, &mh, MSG_CMSG_CLOEXEC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return be_end(b, "the front end stopped mid-message");
		if (n <= 0)
			return -EPIPE;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			for (size_t i = 0; i < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
				if (*nfds < VU_MAX_FDS)
					fds[(*nfds)++] = fd;
				else
					close(fd);
			}
		}
		done += (size_t)n;
	}
	return 0;
}

static void die_now(struct be *b, const char *what)
{
	fprintf(stderr, "vct-refdev-vu: dying as told (%s)\n", what);
	fflush(stderr);
	kill(getpid(), SIGKILL);
	_exit(137);
}

/* Receive, validate and handle one message. */
static int message(struct be *b)
{
	struct vu_hdr h;
	uint8_t p[VU_MAX_PAYLOAD];
	int fds[VU_MAX_FDS], want, rc;
	unsigned int nfds = 0;

	rc = recv_full(b, &h, sizeof(h), fds, &nfds);
	if (!rc && (h.flags & 3) != VU_FLAG_VERSION)
		rc = be_end(b, "request %u with version %u in flags 0x%x", h.request, h.flags & 3, h.flags);
	else if (!rc && (h.flags & VU_FLAG_REPLY))
		rc = be_end(b, "request %u (%s) carries the reply flag", h.request, vct_vu_req_name(h.request));
	else if (!rc && (h.flags & ~(3u | VU_FLAG_REPLY | VU_FLAG_NEED_REPLY)))
		rc = be_end(b, "request %u with undefined flags 0x%x", h.request, h.flags);
	else if (!rc && h.size > sizeof(p))
		rc = be_end(b, "request %u with a %u-byte payload", h.request, h.size);
	if (!rc)
		rc = recv_full(b, p, h.size, fds, &nfds);
	if (!rc) {
		want = req_size(h.request);
		if (want == -2)
			rc = be_end(b, "request %u (%s): not served by this back end", h.request, vct_vu_req_name(h.request));
		else if (want >= 0 && h.size != (uint32_t)want)
			rc = be_end(b, "%s with a %u-byte payload, %d expected", vct_vu_req_name(h.request), h.size, want);
		else if (req_fds(h.request) >= 0 && nfds != (unsigned int)req_fds(h.request))
			rc = be_end(b, "%s with %u descriptors, %d expected", vct_vu_req_name(h.request), nfds,
				    req_fds(h.request));
		else if (req_fds(h.request) == -2 && nfds > 1)
			rc = be_end(b, "%s with %u descriptors", vct_vu_req_name(h.request), nfds);
	}
	if (!rc && b->o && b->o->die_on == h.request && ++b->die_seen >= (b->o->die_on_n ? b->o->die_on_n : 1))
		die_now(b, vct_vu_req_name(h.request));
	if (!rc)
		rc = handle(b, &h, p, fds, nfds);
	for (unsigned int i = 0; i < nfds; i++)
		close(fds[i]);
	return rc;
}

/* ---- sessions ---- */

static void session(struct be *b)
{
	b->proto = 0;
	b->proto_set = false;
	b->features_set = false;
	b->features = 0;
	b->why[0] = 0;
	for (;;) {
		struct pollfd pf[1 + BE_MAXQ];
		unsigned int map[1 + BE_MAXQ], n = 1;
		bool polled = false;
		int rc = 0;

		pf[0] = (struct pollfd){ .fd = b->sock, .events = POLLIN };
		for (unsigned int i = 0; i < b->nq; i++) {
			if (b->r[i].started && b->r[i].kick >= 0) {
				map[n] = i;
				pf[n++] = (struct pollfd){ .fd = b->r[i].kick, .events = POLLIN };
			}
			if (b->r[i].started && b->r[i].kick_poll && !b->q[BQ_KICK_NOFD_IGNORED])
				polled = true;
		}
		/* Short naps while something is polled or the device may have work of its own (refdev's poll op). */
		if (poll(pf, n, polled ? 1 : 5) < 0 && errno != EINTR)
			break;
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			rc = message(b);
			if (rc == -EPIPE)
				break;
			if (rc) {
				be_log(b, "%s; ending the session", b->why);
				break;
			}
		}
		for (unsigned int k = 1; k < n && !rc; k++) {
			uint64_t cnt;

			if (!(pf[k].revents & POLLIN) || read(pf[k].fd, &cnt, sizeof(cnt)) != sizeof(cnt))
				continue;
			rc = ring_kick(b, map[k]);
		}
		for (unsigned int i = 0; i < b->nq && !rc && polled; i++) {
			struct be_ring *r = &b->r[i];

			if (r->started && r->kick_poll &&
			    (packed_neg(b) || idx_at(b, r->avail) != r->seen_avail))
				rc = ring_kick(b, i);
		}
		if (rc) {
			be_log(b, "%s; ending the session", b->why);
			break;
		}
		if (b->t->ops->poll)
			b->t->ops->poll(b->t);
		if (track_used(b)) {
			be_log(b, "%s; ending the session", b->why);
			break;
		}
		if (b->o && b->o->die_after_requests) {
			struct vct_refdev_stats st;

			vct_refdev_stats(b->t, &st);
			if (st.requests >= b->o->die_after_requests)
				die_now(b, "requests consumed");
		}
	}
	/* The front end left (or was sent away): the device and its memory go back to the start. */
	device_reset(b);
	regions_drop(b);
	inflight_drop(b);
	b->t->ops->reset(b->t);
}

int vct_refdev_vu_serve(int listen_fd, const char *spec, const struct vct_refdev_vu_opts *o, char *err,
			size_t errlen)
{
	struct be b;
	int r;

	memset(&b, 0, sizeof(b));
	b.o = o;
	b.sock = -1;
	for (unsigned int i = 0; i < BE_MAXQ; i++)
		b.r[i].kick = b.r[i].call = b.r[i].err = -1;
	r = vct_refdev_open(spec, &b.t, err, errlen);
	if (r)
		return r;
	r = __vct_pci_probe(b.t, &b.d, err, errlen);
	if (r) {
		vct_transport_close(b.t);
		return r;
	}
	vct_refdev_dma_whole(b.t, true);
	for (unsigned int i = 0; i < BQ__COUNT; i++)
		b.q[i] = vct_refdev_has_quirk(b.t, be_quirk_names[i]);
	b.offered = (uint64_t)b.d->ops->get_device_features(b.d, 0) | (uint64_t)b.d->ops->get_device_features(b.d, 1) << 32;
	b.dev_offered = b.offered;
	b.offered &= ~((1ull << VU_F_LOG_ALL) | (1ull << VU_F_PROTOCOL_FEATURES) | BE_NOT_OVER_VU);
	for (size_t i = 0; i < sizeof(be_type_strip) / sizeof(be_type_strip[0]); i++)
		if (be_type_strip[i].type == b.d->type)
			b.offered &= ~be_type_strip[i].bits;
	b.offered |= 1ull << VU_F_PROTOCOL_FEATURES;
	b.proto_offered = BE_PROTO & ~(b.q[BQ_NO_MQ] ? 1ull << VU_PF_MQ : 0);
	b.nq = b.d->num_queues > BE_MAXQ ? BE_MAXQ : b.d->num_queues;
	for (unsigned int i = 0; i < b.nq; i++)
		b.qmax[i] = b.d->ops->get_queue_size(b.d, (uint16_t)i);
	b.cfg_len = b.d->ops->config_len(b.d);
	if (b.cfg_len > BE_CFG_MAX)
		b.cfg_len = BE_CFG_MAX;
	for (;;) {
		b.sock = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (b.sock < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			snprintf(err, errlen, "vct-refdev-vu: accept: %s", strerror(errno));
			return -errno;
		}
		/* A front end that stops mid-message is not waited for forever. */
		setsockopt(b.sock, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 5, 0 }, sizeof(struct timeval));
		b.session++;
		session(&b);
		close(b.sock);
		b.sock = -1;
	}
}

int vct_refdev_vu_listen(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char tmp[sizeof(sa.sun_path)];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "socket path '%s' is too long (at most %zu bytes)", path, sizeof(tmp) - 5);
		return -ENAMETOOLONG;
	}
	memcpy(sa.sun_path, tmp, strlen(tmp) + 1);
	unlink(tmp);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4) || rename(tmp, path)) {
		int e = errno;

		snprintf(err, errlen, "cannot listen on %s: %s", path, strerror(e));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -e;
	}
	return fd;
}

bool vct_refdev_vu_wanted(const char *spec)
{
	for (const char *p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, "vhost-user", 10) && (p[11] == ',' || !p[11]))
			return true;
		else if (!strncmp(p + 1, "quirk=vu-", 9))
			return true;
	return false;
}

int vct_refdev_vu_open(const char *spec, struct vct_transport **out, char *err, size_t errlen)
{
	char dir[64], path[96], target[192], type[32];
	pid_t parent = getpid(), pid;
	int lfd, r;

	*out = NULL;
	/* Physical addresses mean an IOMMU bypassed; over vhost-user the back end maps vct's memory instead. */
	if (strstr(spec, ",phys-dma")) {
		snprintf(err, errlen, "refdev: phys-dma and vhost-user exclude each other (a vhost-user back end maps the "
			 "front end's memory, it has no physical addresses); drop one");
		return -EINVAL;
	}
	snprintf(type, sizeof(type), "%.*s", (int)strcspn(spec, ","), spec);
	snprintf(dir, sizeof(dir), "%s/vct-vu-refdev.XXXXXX", getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 30 ?
		 getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "refdev over vhost-user: cannot make a socket folder in %s: %s", dir, strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/sock", dir);
	lfd = vct_refdev_vu_listen(path, err, errlen);
	if (lfd < 0) {
		rmdir(dir);
		return lfd;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = -errno;
		snprintf(err, errlen, "refdev over vhost-user: fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* The back end lives only as long as vct; it is a process of its own, not part of vct's checks. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		vct_wait_mark = NULL;
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		r = vct_refdev_vu_serve(lfd, spec, NULL, err, errlen);
		fprintf(stderr, "vct-refdev-vu: %s\n", err);
		_exit(1);
	}
	close(lfd);
	snprintf(target, sizeof(target), "%s,type=%s,impl=refdev-vu", path, type);
	r = vct_vu_open(target, out, err, errlen);
	if (r) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		unlink(path);
		rmdir(dir);
		return r;
	}
	vct_vu_adopt(*out, pid, dir);
	return 0;
fail:
	close(lfd);
	unlink(path);
	rmdir(dir);
	return r;
}
