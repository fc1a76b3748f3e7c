/* SPDX-License-Identifier: MIT */
/* The vhost-user transport: struct vct_dev's ops as vhost-user messages (vu_dev.h). */
#include "vu_dev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/virtio_config.h>

#include "devtype.h"
#include "vhost_user.h"

/* Guest memory vct shares: sparse, so only what buffers touch is real. */
#define VU_GPA_BASE 0x100000ull
#define VU_MEM_SIZE (256ull << 20)
/*
 * DMA goes to one slot of the memory at a time, the next slot for each
 * check and each fuzz program: a back end that completes a request late
 * (after its ring was stopped) writes into memory nobody uses for the next
 * seven, not into the next check's buffers.
 */
#define VU_SLOTS 8
#define VU_SLOT_SIZE (VU_MEM_SIZE / VU_SLOTS)
/* The queue size vct offers itself as the front end (QEMU's vhost-user-net default). */
#define VU_QUEUE_MAX 256
#define VU_MAXQ 64
#define VU_TIMEOUT_MS 3000

/* Protocol features vct implements as a front end. */
#define VU_WANT_PROTO                                                                                       \
	((1ull << VU_PF_MQ) | (1ull << VU_PF_REPLY_ACK) | (1ull << VU_PF_CONFIG) | (1ull << VU_PF_RESET_DEVICE) | \
	 (1ull << VU_PF_STATUS) | (1ull << VU_PF_INFLIGHT_SHMFD))
/* The largest inflight buffer vct maps from a back end (64 queues of 32768 entries, with headers, fit). */
#define VU_INFLIGHT_MAX (64ull << 20)

struct vu_queue {
	uint16_t size, vector;
	uint64_t desc, avail, used;
	bool enabled;		/* enabled by the driver */
	bool packed;		/* handed over as a packed ring */
	bool waiting;		/* enabled, handed over at DRIVER_OK (back end without STATUS) */
	int kick, err, sink;	/* owned by fd_owner; sink: the call descriptor of a queue without a vector */
	pid_t fd_owner;
	uint32_t last_base;	/* GET_VRING_BASE at the last stop */
};

/* One connection's state, shared by the runner and its forked check processes. */
struct vu_shared {
	struct vct_vu vu;
	uint8_t status;		/* the front end's status where the back end has no STATUS */
	uint32_t drv[4];	/* driver feature words as written */
	bool mem_sent;
	bool feat_sent;		/* the back end acknowledged feat (this session) */
	uint64_t feat;
	uint64_t feat_ok[8];	/* feature sets it acknowledged in earlier sessions */
	unsigned int nfeat_ok;
	bool probed;		/* cfg_len and nq known (a device bound again reuses them) */
	/*
	 * Inflight tracking (INFLIGHT_SHMFD): the buffer the back end gave at
	 * GET_INFLIGHT_FD, mapped here by the process that asked (inflight_owner);
	 * handed back with SET_INFLIGHT_FD at the first ring of every session
	 * (so a back end that restarts finds what it had in flight), and given up
	 * at a device reset, after which the next bring-up asks for a new one.
	 */
	uint8_t *inflight;
	uint64_t inflight_size, inflight_off;
	int inflight_fd;
	pid_t inflight_owner;
	bool inflight_sent;	/* SET_INFLIGHT_FD went in this session */
	uint16_t nq;
	uint32_t cfg_len;
	unsigned int slot;
	struct vu_queue q[VU_MAXQ];
	int irq[VCT_MAX_VECTORS];
	unsigned int nirq;
	pid_t irq_owner;
};

struct vu_transport {
	struct vct_transport t;
	struct vu_shared *s;
	uint16_t type;
	char impl[64];
	char gone[400];
	/* A back end vct started itself (vct_vu_adopt): killed, and its socket folder removed, at close. */
	pid_t child, child_owner;
	char child_dir[128];
};

struct vct_vu_dev {
	struct vct_dev dev;
	struct vu_transport *vt;
};

static const struct vct_transport_ops vu_transport_ops;
static const struct vct_dev_ops vu_dev_ops;

static struct vu_transport *vut(struct vct_transport *t)
{
	return container_of(t, struct vu_transport, t);
}

static struct vu_shared *vus(struct vct_dev *d)
{
	return container_of(d, struct vct_vu_dev, dev)->vt->s;
}

bool vct_vu_is(const struct vct_transport *t)
{
	return t && t->ops == &vu_transport_ops;
}

const char *vct_vu_impl(const struct vct_transport *t)
{
	return vct_vu_is(t) ? container_of(t, struct vu_transport, t)->impl : NULL;
}

/* ---- the transport: memory and lifetime; no PCI function behind it ---- */

static int vut_cfg_read(struct vct_transport *t, uint32_t off, void *buf, size_t len)
{
	memset(buf, 0xff, len);
	return -ENODEV;
}

static int vut_cfg_write(struct vct_transport *t, uint32_t off, const void *buf, size_t len)
{
	return -ENODEV;
}

static int vut_bar_read(struct vct_transport *t, int bar, uint64_t off, uint64_t *val, size_t width)
{
	*val = ~0ull;
	return -ENODEV;
}

static int vut_bar_write(struct vct_transport *t, int bar, uint64_t off, uint64_t val, size_t width)
{
	return -ENODEV;
}

static void *vut_dma_mem(struct vct_transport *t, uint64_t iova, uint64_t size)
{
	return vct_vu_gpa(&vut(t)->s->vu, iova, size);
}

static int vut_dma_map(struct vct_transport *t, void *vaddr, uint64_t iova, uint64_t size)
{
	/* The back end already maps the whole region (SET_MEM_TABLE); only check the buffer lies in it. */
	return vct_vu_gpa(&vut(t)->s->vu, iova, size) == vaddr ? 0 : -EINVAL;
}

static int vut_dma_unmap(struct vct_transport *t, uint64_t iova, uint64_t size)
{
	return 0;
}

/* Move DMA to the next slot of the shared memory. */
static void vut_rotate(struct vu_transport *v)
{
	v->s->slot = (v->s->slot + 1) % VU_SLOTS;
	v->t.iova[0].start = VU_GPA_BASE + (uint64_t)v->s->slot * VU_SLOT_SIZE;
	v->t.iova[0].end = v->t.iova[0].start + VU_SLOT_SIZE - 1;
	v->t.n_iova = 1;
}

/* The runner drops every mapping between checks: the next check allocates in the next slot. */
static int vut_dma_unmap_all(struct vct_transport *t)
{
	vut_rotate(vut(t));
	return 0;
}

static int vut_irq_set(struct vct_transport *t, unsigned int nvec, const int *efds)
{
	return 0;
}

/* Has the session ended? Looks at the socket without waiting: a hang-up the back end made is seen at once. */
static bool vut_removed(struct vct_transport *t)
{
	struct vct_vu *vu = &vut(t)->s->vu;

	if (!vu->broken && vu->sock >= 0) {
		struct pollfd p = { .fd = vu->sock, .events = POLLRDHUP };

		if (poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
			vu->broken = true;
			snprintf(vu->why, sizeof(vu->why), "the back end closed the session");
		}
	}
	return vu->broken;
}

static void inflight_drop(struct vu_shared *s);

static void vut_close(struct vct_transport *t)
{
	struct vu_transport *v = vut(t);

	vct_vu_disconnect(&v->s->vu);
	inflight_drop(v->s);
	/* Only the process that started the back end ends it (forked check processes close nothing of it). */
	if (v->child > 0 && v->child_owner == getpid()) {
		char sock[sizeof(v->child_dir) + 8];

		kill(v->child, SIGKILL);
		waitpid(v->child, NULL, 0);
		snprintf(sock, sizeof(sock), "%s/sock", v->child_dir);
		unlink(sock);
		rmdir(v->child_dir);
	}
	vct_vu_mem_destroy(&v->s->vu);
	munmap(v->s, sizeof(*v->s));
	free(v);
}

static const struct vct_transport_ops vu_transport_ops = {
	.kind = "vhost-user",
	.cfg_read = vut_cfg_read,
	.cfg_write = vut_cfg_write,
	.bar_read = vut_bar_read,
	.bar_write = vut_bar_write,
	.dma_map = vut_dma_map,
	.dma_unmap = vut_dma_unmap,
	.dma_unmap_all = vut_dma_unmap_all,
	.irq_set = vut_irq_set,
	.dma_mem = vut_dma_mem,
	.removed = vut_removed,
	.close = vut_close,
};

int vct_vu_open(const char *spec, struct vct_transport **out, char *err, size_t errlen)
{
	char path[256] = "", type[32] = "", impl[64] = "";
	const struct vct_devtype *dt;
	struct vu_transport *v;
	long timeout = VU_TIMEOUT_MS;
	const char *p = strchr(spec, ',');
	size_t plen = p ? (size_t)(p - spec) : strlen(spec);
	int r;

	*out = NULL;
	if (!plen || plen >= sizeof(path)) {
		snprintf(err, errlen, "vhost-user target needs a socket path: vhost-user:PATH,type=TYPE");
		return -EINVAL;
	}
	memcpy(path, spec, plen);
	while (p && *p == ',') {
		const char *o = p + 1, *e = strchr(o, ',');
		size_t n = e ? (size_t)(e - o) : strlen(o);
		char *end;

		if (n > 5 && !strncmp(o, "type=", 5) && n - 5 < sizeof(type)) {
			memcpy(type, o + 5, n - 5);
			type[n - 5] = 0;
		} else if (n > 5 && !strncmp(o, "impl=", 5) && n - 5 < sizeof(impl)) {
			memcpy(impl, o + 5, n - 5);
			impl[n - 5] = 0;
		} else if (n > 8 && !strncmp(o, "timeout=", 8)) {
			timeout = strtol(o + 8, &end, 10);
			if (end != o + n || timeout < 10 || timeout > 600000) {
				snprintf(err, errlen, "vhost-user option '%.*s': timeout is milliseconds, 10 to 600000",
					 (int)n, o);
				return -EINVAL;
			}
		} else {
			snprintf(err, errlen, "unknown vhost-user option '%.*s'; options are type=TYPE, impl=NAME, timeout=MS",
				 (int)n, o);
			return -EINVAL;
		}
		p = e;
	}
	dt = type[0] ? vct_devtype_by_name(type) : NULL;
	if (!dt || !dt->drive) {
		/* Name the types vct drives from the device-type table, so the list is never stale. */
		char known[256];
		size_t k = 0;

		known[0] = 0;
		for (size_t i = 0; i < vct_ndevtypes && k < sizeof(known); i++)
			if (vct_devtypes[i].drive)
				k += (size_t)snprintf(known + k, sizeof(known) - k, "%s%s", k ? ", " : "",
						      vct_devtypes[i].name);
		snprintf(err, errlen, "vhost-user:%s needs type=TYPE naming a device type vct drives (%s)%s%s",
			 path, known, type[0] ? "; not one: " : "", type);
		return -EINVAL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->s = mmap(NULL, sizeof(*v->s), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (v->s == MAP_FAILED) {
		free(v);
		return -ENOMEM;
	}
	v->s->vu.memfd = -1;
	v->s->vu.sock = -1;
	for (unsigned int i = 0; i < VU_MAXQ; i++)
		v->s->q[i].kick = v->s->q[i].err = v->s->q[i].sink = -1;
	v->s->inflight_fd = -1;
	v->type = dt->id;
	r = __vct_vu_mem_create(&v->s->vu, VU_GPA_BASE, VU_MEM_SIZE);
	if (r) {
		snprintf(err, errlen, "cannot create %llu MiB of shared guest memory (memfd): %s",
			 (unsigned long long)(VU_MEM_SIZE >> 20), strerror(-r));
		goto fail;
	}
	r = __vct_vu_connect(&v->s->vu, path, (int)timeout, VU_WANT_PROTO, err, errlen);
	if (r)
		goto fail;
	snprintf(v->impl, sizeof(v->impl), "%s", impl[0] ? impl : v->s->vu.impl);
	v->t.ops = &vu_transport_ops;
	/* The name is for display: a long path is cut (the socket path itself is kept whole in the session). */
	snprintf(v->t.name, sizeof(v->t.name), "vhost-user:%.52s", path);
	/* vct's IOVAs are guest addresses inside the shared region; nothing translates them. */
	v->s->slot = VU_SLOTS - 1;
	vut_rotate(v);
	v->t.noiommu = true;
	*out = &v->t;
	return 0;
fail:
	vct_vu_disconnect(&v->s->vu);
	vct_vu_mem_destroy(&v->s->vu);
	munmap(v->s, sizeof(*v->s));
	free(v);
	return r;
}

void vct_vu_adopt(struct vct_transport *t, pid_t pid, const char *dir)
{
	struct vu_transport *v = vut(t);

	v->child = pid;
	v->child_owner = getpid();
	snprintf(v->child_dir, sizeof(v->child_dir), "%s", dir);
}

/* ---- the device ---- */

static bool mine(pid_t owner)
{
	return owner == getpid();
}

/* The device's features: bits 26 (LOG_ALL) and 30 (PROTOCOL_FEATURES) are vhost-user's, not virtio's. */
static uint64_t offered_virtio(struct vu_shared *s)
{
	return s->vu.features & ~((1ull << VU_F_LOG_ALL) | (1ull << VU_F_PROTOCOL_FEATURES));
}

static uint64_t drv_features(struct vu_shared *s)
{
	return (uint64_t)s->drv[0] | (uint64_t)s->drv[1] << 32;
}

/*
 * The call descriptor of queue @q: its vector's eventfd, or without one a
 * private eventfd nobody waits on, as QEMU gives a masked queue (the
 * invalid-descriptor flag is exercised by vu.call_without_fd_polls only).
 */
static int call_fd_of(struct vu_shared *s, struct vu_queue *q)
{
	if (q->vector == VCT_NO_VECTOR || q->vector >= s->nirq || !mine(s->irq_owner))
		return q->sink;
	return s->irq[q->vector];
}

/*
 * Stop every ring handed to the back end: disable it, then GET_VRING_BASE
 * (the back end stops processing). @deferred: the replies are collected
 * later (struct vct_dev .pipelined); the rings still stop in stream order,
 * before anything vct sends next.
 */
static bool rings_stop(struct vu_shared *s, bool deferred)
{
	unsigned int unanswered = 0;

	vct_vu_batch_begin(&s->vu);
	for (unsigned int i = 0; i < s->nq && i < VU_MAXQ; i++) {
		struct vu_queue *q = &s->q[i];

		if (q->enabled && !q->waiting && q->fd_owner && deferred && !q->packed) {
			/* Buffers made available and not (yet) used: the back end may complete them after the stop. */
			const uint16_t *avail = vct_vu_gpa(&s->vu, q->avail + 2, 2), *used = vct_vu_gpa(&s->vu, q->used + 2, 2);

			if (avail && used && __atomic_load_n(avail, __ATOMIC_ACQUIRE) != __atomic_load_n(used, __ATOMIC_ACQUIRE))
				unanswered++;
		}
		if (q->enabled && !q->waiting && q->fd_owner) {
			if (s->vu.features >> VU_F_PROTOCOL_FEATURES & 1) {
				s->vu.quiet = true;
				__vct_vu_set_state(&s->vu, VU_SET_VRING_ENABLE, i, 0);
				s->vu.quiet = false;
			}
			if (deferred)
				__vct_vu_get_vring_base_deferred(&s->vu, i);
			else
				__vct_vu_get_vring_base(&s->vu, i, &q->last_base);
		}
		if (mine(q->fd_owner)) {
			if (q->kick >= 0)
				close(q->kick);
			if (q->err >= 0)
				close(q->err);
			if (q->sink >= 0)
				close(q->sink);
		}
		memset(q, 0, sizeof(*q));
		q->kick = q->err = q->sink = -1;
		q->vector = VCT_NO_VECTOR;
	}
	__vct_vu_flush(&s->vu);
	/*
	 * GET_VRING_BASE stops a ring without waiting for the requests the back
	 * end has in flight (libvhost-user.c:1163), and qemu-storage-daemon
	 * completes them later into whatever ring is then set up
	 * (vhost-user-blk-server.c:41-49): the next program's. A caller that
	 * watches nothing of the old rings (pipelined: the fuzzer between
	 * programs) ends the session instead, which a back end drains before it
	 * takes the next one (vhost-user-server.c:194-198), so what follows is
	 * not blamed for what came before.
	 */
	if (unanswered && !s->vu.broken && s->vu.sock >= 0) {
		shutdown(s->vu.sock, SHUT_RDWR);
		s->vu.broken = true;
		snprintf(s->vu.why, sizeof(s->vu.why),
			 "vct ended the session: %u ring(s) stopped with buffers not yet used", unanswered);
		return true;
	}
	return false;
}

/* Give the inflight buffer up (a device reset: the next bring-up asks for a new one). */
static void inflight_drop(struct vu_shared *s)
{
	if (s->inflight && mine(s->inflight_owner)) {
		munmap(s->inflight, s->inflight_size);
		close(s->inflight_fd);
	}
	s->inflight = NULL;
	s->inflight_fd = -1;
	s->inflight_owner = 0;
	s->inflight_sent = false;
}

/*
 * Before the first ring of a session where the back end offers
 * INFLIGHT_SHMFD: a buffer from GET_INFLIGHT_FD for every queue at the
 * largest size vct gives a ring (validated: one descriptor, a size vct is
 * willing to map, a page-aligned offset inside what the descriptor holds),
 * then SET_INFLIGHT_FD with it, as QEMU does before it starts the rings.
 */
static int inflight_setup(struct vu_shared *s)
{
	struct vct_vu *vu = &s->vu;
	uint8_t p[20];
	uint64_t size, off;
	uint16_t nq = s->nq, qs = VU_QUEUE_MAX;
	struct vu_msg m;
	struct stat st;
	int r;

	if (!vct_vu_has_proto(vu, VU_PF_INFLIGHT_SHMFD) || s->inflight_sent || vu->broken)
		return 0;
	if (!s->inflight || !mine(s->inflight_owner)) {
		s->inflight = NULL;
		memset(p, 0, sizeof(p));
		memcpy(p + 16, &nq, 2);
		memcpy(p + 18, &qs, 2);
		r = __vct_vu_send(vu, VU_GET_INFLIGHT_FD, 0, p, sizeof(p), NULL, 0);
		if (!r)
			r = __vct_vu_recv(vu, VU_GET_INFLIGHT_FD, sizeof(p), 1, &m);
		if (r)
			return r;
		memcpy(p, m.payload, sizeof(p));
		memcpy(&size, p, 8);
		memcpy(&off, p + 8, 8);
		if (m.nfds != 1 || !size || size > VU_INFLIGHT_MAX || off & 0xfff || off > VU_INFLIGHT_MAX ||
		    fstat(m.fds[0], &st) || (uint64_t)st.st_size < off + size) {
			for (unsigned int i = 0; i < m.nfds; i++)
				close(m.fds[i]);
			return vct_vu_fail(vu, -EPROTO, "GET_INFLIGHT_FD answered %u descriptors, %llu bytes at %llu (the "
					   "descriptor holds %lld)", m.nfds, (unsigned long long)size, (unsigned long long)off,
					   m.nfds == 1 ? (long long)st.st_size : -1ll);
		}
		s->inflight = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, m.fds[0], (off_t)off);
		if (s->inflight == MAP_FAILED) {
			s->inflight = NULL;
			close(m.fds[0]);
			return vct_vu_fail(vu, -EPROTO, "GET_INFLIGHT_FD: its buffer cannot be mapped: %s", strerror(errno));
		}
		s->inflight_fd = m.fds[0];
		s->inflight_size = size;
		s->inflight_off = off;
		s->inflight_owner = getpid();
	}
	/* What GET_INFLIGHT_FD described, back with its descriptor. */
	memcpy(p, &s->inflight_size, 8);
	memcpy(p + 8, &s->inflight_off, 8);
	memcpy(p + 16, &nq, 2);
	memcpy(p + 18, &qs, 2);
	r = __vct_vu_request(vu, VU_SET_INFLIGHT_FD, p, sizeof(p), &s->inflight_fd, 1, NULL);
	s->inflight_sent = r == 0;
	return r;
}

/*
 * The memory table, once per session, before anything refers to guest
 * memory; @quiet (pipelined): without waiting for the acknowledgement (a
 * back end that cannot map it ends the session, which the next exchange sees).
 */
static int mem_table(struct vu_shared *s, bool quiet)
{
	int r;

	if (s->mem_sent)
		return 0;
	s->vu.quiet = quiet;
	r = __vct_vu_set_mem_table(&s->vu);
	s->vu.quiet = false;
	s->mem_sent = r == 0;
	return r;
}

static bool feat_acked_before(const struct vu_shared *s, uint64_t f)
{
	for (unsigned int i = 0; i < s->nfeat_ok && i < ARRAY_SIZE(s->feat_ok); i++)
		if (s->feat_ok[i] == f)
			return true;
	return false;
}

static uint8_t vu_get_status(struct vct_dev *d)
{
	struct vu_shared *s = vus(d);
	uint64_t v;

	/* A session that ended holds no device state: the next one starts from reset. */
	if (s->vu.broken)
		return 0;
	if (!vct_vu_has_proto(&s->vu, VU_PF_STATUS))
		return s->status;
	if (__vct_vu_get_u64(&s->vu, VU_GET_STATUS, &v))
		return 0xff;
	/* Judged by the checks as read; the spec's status is one byte. */
	return (uint8_t)v;
}

static void ring_start(struct vct_dev *d, uint16_t qi);
static int vu_function_reset(struct vct_dev *d);

static void vu_set_status(struct vct_dev *d, uint8_t st)
{
	struct vu_shared *s = vus(d);
	bool has_status = vct_vu_has_proto(&s->vu, VU_PF_STATUS);

	if (st == 0) {
		/*
		 * Over an ended session there is nothing to stop: only vct's side of
		 * the rings is cleared. A session vct ended itself here (buffers the
		 * back end had not used) is replaced at once, so the reset completes
		 * on a device that is there: whatever follows (the fuzzer's health
		 * probe) judges the back end, not a session vct closed.
		 */
		inflight_drop(s);
		if (rings_stop(s, d->pipelined)) {
			memset(s->drv, 0, sizeof(s->drv));
			vu_function_reset(d);
			return;
		}
		if (vct_vu_has_proto(&s->vu, VU_PF_RESET_DEVICE))
			__vct_vu_request(&s->vu, VU_RESET_DEVICE, NULL, 0, NULL, 0, NULL);
		if (has_status)
			__vct_vu_set_u64(&s->vu, VU_SET_STATUS, 0);
		/* A device reset the back end was told of resets its negotiated features too: they go again. */
		if (has_status || vct_vu_has_proto(&s->vu, VU_PF_RESET_DEVICE))
			s->feat_sent = false;
		memset(s->drv, 0, sizeof(s->drv));
		s->status = 0;
		return;
	}
	if (s->vu.broken)
		return;
	if ((st & VIRTIO_CONFIG_S_FEATURES_OK) && !(s->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
		/* The driver's features go to the back end now, with the vhost-user bit it offered. */
		uint64_t f = drv_features(s);
		int r;

		if (s->vu.features >> VU_F_PROTOCOL_FEATURES & 1)
			f |= 1ull << VU_F_PROTOCOL_FEATURES;
		/*
		 * Without STATUS, vct owns device status and acts as a VMM does: it
		 * presents a modern-only device (QEMU's disable-legacy=on) and never
		 * passes on bits the back end did not offer. FEATURES_OK without
		 * VIRTIO_F_VERSION_1, or with unoffered bits, is refused here.
		 */
		if (!has_status && (!(f >> VCT_F_VERSION_1 & 1) || (drv_features(s) & ~offered_virtio(s)) || s->drv[2] || s->drv[3]))
			r = -EPROTO;
		else if (d->pipelined && s->feat_sent && s->feat == f)
			r = 0;	/* the back end holds exactly these (a vhost-user reset leaves them): no round trip */
		else if (d->pipelined && feat_acked_before(s, f) && vct_vu_has_proto(&s->vu, VU_PF_REPLY_ACK))
			/* A new session, features it took before: its acknowledgement is collected later. */
			r = __vct_vu_send_deferred(&s->vu, VU_SET_FEATURES, &f, sizeof(f), NULL, 0, true, 0);
		else
			r = __vct_vu_set_u64(&s->vu, VU_SET_FEATURES, f);
		s->feat_sent = !r;
		s->feat = f;
		if (!r && !feat_acked_before(s, f))
			s->feat_ok[s->nfeat_ok++ % ARRAY_SIZE(s->feat_ok)] = f;
		if (!r)
			r = mem_table(s, d->pipelined);
		/* A back end that refused the features (REPLY_ACK non-zero) did not accept FEATURES_OK. */
		if (r && !has_status)
			st &= (uint8_t)~VIRTIO_CONFIG_S_FEATURES_OK;
	}
	/*
	 * Without STATUS the back end cannot know DRIVER_OK: as QEMU starts a
	 * vhost device only then, the rings the driver enabled are handed over
	 * now. (With STATUS each ring goes over when enabled, and the back end,
	 * told the status, must not use it before DRIVER_OK.)
	 */
	if (!has_status && (st & VIRTIO_CONFIG_S_DRIVER_OK) && !(s->status & VIRTIO_CONFIG_S_DRIVER_OK))
		for (uint16_t qi = 0; qi < s->nq && qi < VU_MAXQ; qi++)
			if (s->q[qi].enabled && s->q[qi].waiting)
				ring_start(d, qi);
	if (has_status)
		__vct_vu_set_u64(&s->vu, VU_SET_STATUS, st);
	s->status = st;
}

static uint32_t vu_get_device_features(struct vct_dev *d, uint32_t word)
{
	uint64_t f = offered_virtio(vus(d));

	/*
	 * A vhost-user net back end serves the data queues only: the control
	 * queue and what rides on it (bits 17-23) are the front end's (QEMU
	 * leaves them out of vhost-user-net too), and vct has no control queue
	 * of its own to offer.
	 */
	if (d->type == VCT_ID_NET)
		f &= ~(0x7full << 17);

	return word == 0 ? (uint32_t)f : word == 1 ? (uint32_t)(f >> 32) : 0;
}

static void vu_set_driver_features(struct vct_dev *d, uint32_t word, uint32_t val)
{
	if (word < 4)
		vus(d)->drv[word] = val;
}

/*
 * What the back end was given: SET_FEATURES carries 64 bits, so words 2 and
 * 3 never reach it and read 0 (vhost-user has no read-back of its own).
 */
static uint32_t vu_get_driver_features(struct vct_dev *d, uint32_t word)
{
	return word < 2 ? vus(d)->drv[word] : 0;
}

static uint16_t vu_get_queue_size(struct vct_dev *d, uint16_t q)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ)
		return 0;
	return s->q[q].size ? s->q[q].size : VU_QUEUE_MAX;
}

static void vu_set_queue_size(struct vct_dev *d, uint16_t q, uint16_t size)
{
	struct vu_shared *s = vus(d);

	if (q < s->nq && q < VU_MAXQ && !s->q[q].enabled)
		s->q[q].size = size;
}

static void vu_set_queue_addr(struct vct_dev *d, uint16_t q, uint64_t desc, uint64_t driver, uint64_t device)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ || s->q[q].enabled)
		return;
	s->q[q].desc = desc;
	s->q[q].avail = driver;
	s->q[q].used = device;
}

static uint16_t vu_get_queue_enable(struct vct_dev *d, uint16_t q)
{
	struct vu_shared *s = vus(d);

	return q < s->nq && q < VU_MAXQ && s->q[q].enabled;
}

/* Do the three areas of queue @q, at its size, lie in the shared memory? */
static bool ring_fits(struct vu_shared *s, const struct vu_queue *q, bool packed)
{
	uint64_t n = q->size ? q->size : VU_QUEUE_MAX;

	if (packed)
		return vct_vu_gpa(&s->vu, q->desc, 16 * n) && vct_vu_gpa(&s->vu, q->avail, 4) &&
		       vct_vu_gpa(&s->vu, q->used, 4);
	return vct_vu_gpa(&s->vu, q->desc, 16 * n) && vct_vu_gpa(&s->vu, q->avail, 6 + 2 * n) &&
	       vct_vu_gpa(&s->vu, q->used, 6 + 8 * n);
}

/*
 * The vring messages that hand queue @qi to the back end from @base, then
 * with @barrier one reply (see below).
 */
static int ring_handover(struct vu_shared *s, uint16_t qi, uint32_t base, bool barrier)
{
	struct vct_vu *vu = &s->vu;
	struct vu_queue *q = &s->q[qi];
	struct vu_vring_addr a;
	int r;

	memset(&a, 0, sizeof(a));
	a.index = qi;
	a.desc = vct_vu_uaddr(vu, q->desc);
	a.avail = vct_vu_uaddr(vu, q->avail);
	a.used = vct_vu_uaddr(vu, q->used);
	r = mem_table(s, !barrier);
	if (!r)
		r = inflight_setup(s);
	vu->quiet = true;
	vct_vu_batch_begin(vu);
	if (!r)
		r = __vct_vu_set_state(vu, VU_SET_VRING_NUM, qi, q->size ? q->size : VU_QUEUE_MAX);
	if (!r)
		r = __vct_vu_set_state(vu, VU_SET_VRING_BASE, qi, base);
	if (!r)
		r = __vct_vu_request(vu, VU_SET_VRING_ADDR, &a, sizeof(a), NULL, 0, NULL);
	/*
	 * CALL and ERR before KICK (the RST leaves the order to the front end):
	 * a back end starts the ring at the kick descriptor and may complete a
	 * pending request at once, before a later CALL would be read
	 * (libvhost-user then writes to no descriptor and ends the session).
	 */
	if (!r)
		r = __vct_vu_set_vring_fd(vu, VU_SET_VRING_CALL, qi, call_fd_of(s, q));
	if (!r)
		r = __vct_vu_set_vring_fd(vu, VU_SET_VRING_ERR, qi, q->err);
	if (!r)
		r = __vct_vu_set_vring_fd(vu, VU_SET_VRING_KICK, qi, q->kick);
	if (!r && (vu->features >> VU_F_PROTOCOL_FEATURES & 1))
		r = __vct_vu_set_state(vu, VU_SET_VRING_ENABLE, qi, 1);
	/* One wake-up of the back end for the whole hand-over. */
	if (!r)
		r = __vct_vu_flush(vu);
	vu->batching = false;
	vu->quiet = false;
	/*
	 * One reply as a barrier: the back end handles messages in order, so the
	 * ring is set up once it answers. What it does on setup (libvhost-user
	 * signals the call descriptor at SET_VRING_CALL) is then over before
	 * the driver goes on.
	 */
	if (!r && barrier) {
		uint64_t f;

		r = __vct_vu_get_u64(vu, VU_GET_FEATURES, &f);
	}
	return r;
}

/* Hand queue @qi over now: its descriptors, then the vring messages. */
static void ring_start(struct vct_dev *d, uint16_t qi)
{
	struct vu_shared *s = vus(d);
	struct vu_queue *q = &s->q[qi];

	q->waiting = false;
	/*
	 * Rings outside the shared memory are never handed over (QEMU cannot map
	 * them either): the queue reads enabled, and its buffers simply go unused.
	 */
	if (s->vu.broken || !ring_fits(s, q, vct_has(d->features, VCT_F_RING_PACKED)))
		return;
	q->kick = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->err = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->sink = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	q->fd_owner = getpid();
	q->packed = vct_has(d->features, VCT_F_RING_PACKED);
	/* Packed rings start with both wrap counters set (bit 15). */
	ring_handover(s, qi, vct_has(d->features, VCT_F_RING_PACKED) ? 0x8000 : 0, !d->pipelined);
}

/* The driver enables queue @qi: handed over now, or at DRIVER_OK where the back end has no STATUS. */
static void vu_set_queue_enable(struct vct_dev *d, uint16_t qi, uint16_t val)
{
	struct vu_shared *s = vus(d);

	if (qi >= s->nq || qi >= VU_MAXQ || !val || s->q[qi].enabled || s->vu.broken)
		return;
	/* Enabled even when the back end refused part of it: the queue's buffers then go unused, which checks see. */
	s->q[qi].enabled = true;
	if (!vct_vu_has_proto(&s->vu, VU_PF_STATUS) && !(s->status & VIRTIO_CONFIG_S_DRIVER_OK))
		s->q[qi].waiting = true;
	else
		ring_start(d, qi);
}

static bool vu_queue_reset_supported(struct vct_dev *d)
{
	return false;
}

static uint16_t vu_get_queue_reset(struct vct_dev *d, uint16_t q)
{
	return 0;
}

static void vu_set_queue_reset(struct vct_dev *d, uint16_t q, uint16_t val)
{
}

/*
 * A vector bound or moved: the new call descriptor goes to the back end for
 * a ring it holds. A ring not yet handed over gets it with the hand-over: a
 * VMM passes no call descriptor before it starts the device, and
 * libvhost-user signals every descriptor it is given at once
 * (libvhost-user.c:1414), which would be an interrupt before DRIVER_OK of
 * vct's making.
 */
static void call_update(struct vct_dev *d, uint16_t qi)
{
	struct vu_shared *s = vus(d);
	struct vu_queue *q = &s->q[qi];

	if (!q->enabled || q->waiting || !q->fd_owner)
		return;
	s->vu.quiet = d->pipelined;
	__vct_vu_set_vring_fd(&s->vu, VU_SET_VRING_CALL, qi, call_fd_of(s, q));
	s->vu.quiet = false;
}

static uint16_t vu_set_queue_vector(struct vct_dev *d, uint16_t qi, uint16_t vector)
{
	struct vu_shared *s = vus(d);

	if (qi >= s->nq || qi >= VU_MAXQ)
		return VCT_NO_VECTOR;
	if (vector != VCT_NO_VECTOR && vector >= VCT_MAX_VECTORS)
		vector = VCT_NO_VECTOR;
	s->q[qi].vector = vector;
	call_update(d, qi);
	return vector;
}

static uint16_t vu_get_queue_vector(struct vct_dev *d, uint16_t qi)
{
	struct vu_shared *s = vus(d);

	return qi < s->nq && qi < VU_MAXQ ? s->q[qi].vector : VCT_NO_VECTOR;
}

/* Configuration changes would come over the back-end channel, which vct does not open: no vector to bind. */
static uint16_t vu_set_config_vector(struct vct_dev *d, uint16_t vector)
{
	return VCT_NO_VECTOR;
}

static uint16_t vu_get_config_vector(struct vct_dev *d)
{
	return VCT_NO_VECTOR;
}

static int vu_queue_notify_prepare(struct vct_dev *d, uint16_t q, bool with_data, uint64_t *cookie, char *why,
				   size_t whylen)
{
	if (with_data) {
		snprintf(why, whylen, "vhost-user kicks carry no notification data");
		return -ERANGE;
	}
	*cookie = q;
	return 0;
}

static void vu_notify(struct vct_dev *d, uint16_t qi, uint64_t cookie, uint32_t data, bool with_data)
{
	struct vu_shared *s = vus(d);
	uint64_t one = 1;

	if (qi < s->nq && qi < VU_MAXQ && s->q[qi].kick >= 0 && mine(s->q[qi].fd_owner))
		if (write(s->q[qi].kick, &one, sizeof(one)) != sizeof(one))
			return;
}

/*
 * The configuration space length the back end answers: the longest
 * GET_CONFIG it does not refuse, in steps of 4, then 3, 2 and 1 (RPMB's
 * space is 3 bytes).
 */
static uint32_t probe_config_len(struct vu_shared *s)
{
	uint8_t buf[VU_CONFIG_MAX];

	for (uint32_t len = VU_CONFIG_MAX; len >= 1 && !s->vu.broken; len -= len > 4 ? 4 : 1)
		if (__vct_vu_get_config(&s->vu, 0, len, buf) == 0)
			return len;
	return 0;
}

static uint32_t vu_config_len(struct vct_dev *d)
{
	return vus(d)->cfg_len;
}

static int vu_config_read(struct vct_dev *d, uint32_t off, size_t width, uint64_t *val)
{
	struct vu_shared *s = vus(d);
	uint8_t buf[VU_CONFIG_MAX];
	int r;

	*val = ~0ull;
	if (!vct_vu_has_proto(&s->vu, VU_PF_CONFIG))
		return -EOPNOTSUPP;
	if (!s->cfg_len)
		return -ENODEV;
	if (off > s->cfg_len || width > s->cfg_len - off)
		return -ERANGE;
	/* The whole space, as a VMM reads it: back ends need not honour an offset. */
	r = __vct_vu_get_config(&s->vu, 0, s->cfg_len, buf);
	if (r)
		return r;
	*val = vct_le_load(buf + off, width);
	return 0;
}

static int vu_config_write(struct vct_dev *d, uint32_t off, size_t width, uint64_t val)
{
	struct vu_shared *s = vus(d);
	uint8_t buf[8];

	if (!vct_vu_has_proto(&s->vu, VU_PF_CONFIG))
		return -EOPNOTSUPP;
	if (off > s->cfg_len || width > s->cfg_len - off || width > sizeof(buf))
		return -ERANGE;
	vct_le_store(buf, val, width);
	return __vct_vu_set_config(&s->vu, off, (uint32_t)width, buf);
}

static uint8_t vu_config_generation(struct vct_dev *d)
{
	/* vhost-user has no generation counter: a GET_CONFIG reply is one consistent copy. */
	return 0;
}

static unsigned int vu_irq_max(struct vct_dev *d)
{
	unsigned int n = vus(d)->nq + 1u;

	return n > VCT_MAX_VECTORS ? VCT_MAX_VECTORS : n;
}

static int vu_irq_bind(struct vct_dev *d, unsigned int n, const int *efds)
{
	struct vu_shared *s = vus(d);

	if (n > VCT_MAX_VECTORS)
		return -ERANGE;
	for (unsigned int i = 0; i < n; i++)
		s->irq[i] = efds[i];
	s->nirq = n;
	s->irq_owner = getpid();
	for (uint16_t q = 0; q < s->nq && q < VU_MAXQ; q++)
		call_update(d, q);
	return 0;
}

static int vu_admin_queues(struct vct_dev *d, uint16_t *index, uint16_t *num)
{
	return -ENODEV;
}

/*
 * The connection-level reset: a new session when the old one broke (or the
 * socket went away), and on a pipelined device always (the fuzzer's replay
 * of a finding from a clean slate: the back end drains the old session
 * before it takes the new one).
 */
static int vu_function_reset(struct vct_dev *d)
{
	struct vct_vu_dev *vd = container_of(d, struct vct_vu_dev, dev);
	struct vu_shared *s = vd->vt->s;
	char path[sizeof(s->vu.path)], err[256], was[sizeof(s->vu.why)];
	uint64_t deadline;
	int r = -EPIPE;

	if (!s->vu.broken && !d->pipelined)
		return 0;
	if (!s->vu.broken)
		rings_stop(s, true);
	snprintf(path, sizeof(path), "%s", s->vu.path);
	snprintf(was, sizeof(was), "%s", s->vu.why);
	vct_vu_disconnect(&s->vu);
	/* A back end serves one front end at a time: give it a moment to see the old one leave. */
	deadline = vct_now_ms() + 2000;
	/*
	 * Pipelined (the fuzzer, whose programs often end a session): the same
	 * back end answers the handshake as before, so it goes out at once.
	 */
	if (d->pipelined && s->vu.features)
		r = __vct_vu_reconnect(&s->vu, path, s->vu.timeout_ms, err, sizeof(err));
	for (unsigned int i = 0; r; i++) {
		r = __vct_vu_connect(&s->vu, path, VU_TIMEOUT_MS, VU_WANT_PROTO, err, sizeof(err));
		if (!r || vct_now_ms() >= deadline)
			break;
		usleep(i < 10 ? 1000 : 20000);
	}
	/* No new session: the evidence is what ended the last one, then why none followed. */
	if (r && was[0])
		snprintf(s->vu.why, sizeof(s->vu.why), "%.100s; then no new session: %.120s", was, err);
	s->mem_sent = s->feat_sent = false;
	s->inflight_sent = false;	/* the buffer, if any, goes to the new session with its first ring */
	s->status = 0;
	for (unsigned int i = 0; i < VU_MAXQ; i++) {
		memset(&s->q[i], 0, sizeof(s->q[i]));
		s->q[i].kick = s->q[i].err = s->q[i].sink = -1;
		s->q[i].vector = VCT_NO_VECTOR;
	}
	return r;
}

static struct vct_host *vu_host(struct vct_dev *d)
{
	return NULL;
}

/*
 * The back end is gone when its session broke and its process is no more
 * (or, not knowing the process, its socket is gone). A back end that only
 * closed the session (libvhost-user's vu_panic does) has failed the check
 * that was running, which shows that on its own evidence; the next check
 * gets a new session (vu_function_reset).
 */
/* Has process @pid exited (gone, or a zombie not yet reaped)? */
static bool peer_gone(pid_t pid)
{
	char p[64], buf[256];
	const char *rp;
	ssize_t n;
	int fd;

	if (kill(pid, 0) < 0 && errno == ESRCH)
		return true;
	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	/* The state follows the command name's closing parenthesis (the name may hold one itself). */
	rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
}

static const char *vu_removed(struct vct_dev *d)
{
	struct vu_transport *vt = container_of(d, struct vct_vu_dev, dev)->vt;
	struct vct_vu *vu = &vt->s->vu;

	/* A back end that died since the last exchange has hung up its end: seen here, before the next check drives it. */
	if (!vut_removed(&vt->t))
		return NULL;
	/*
	 * The session ended: is the process gone too? One that crashed closes
	 * its socket a moment before it is reaped, so outside the fuzzer
	 * (whose programs end sessions often and must stay fast) it gets
	 * 200 ms to be seen gone before the next check drives a new session.
	 */
	for (uint64_t end = vct_now_ms() + (d->pipelined ? 0 : 200);;) {
		if (vu->peer > 0 ? peer_gone(vu->peer) : access(vu->path, F_OK) < 0)
			break;
		if (vct_now_ms() >= end)
			return NULL;
		usleep(5000);
	}
	snprintf(vt->gone, sizeof(vt->gone), "the back end (%s, pid %d) exited: %s", vt->impl, (int)vu->peer, vu->why);
	return vt->gone;
}

/* The back end is the device under test: its process gone is the device's crash (vct_dev_removal_is_crash). */
static bool vu_removal_is_crash(struct vct_dev *d)
{
	return true;
}

/*
 * What the back end leaves to the front end: without STATUS, device status
 * (and so the reset it reads back) lives in vct; without CONFIG, the
 * configuration space does. Checking those would check vct itself.
 */
static const char *vu_suite_skip(struct vct_dev *d, const char *suite)
{
	struct vu_shared *s = vus(d);

	if ((!strcmp(suite, "core/status") || !strcmp(suite, "core/reset")) && !vct_vu_has_proto(&s->vu, VU_PF_STATUS))
		return "not offered: the back end lacks VHOST_USER_PROTOCOL_F_STATUS, so the front end (vct) holds device status";
	if (!strcmp(suite, "core/config") && !vct_vu_has_proto(&s->vu, VU_PF_CONFIG))
		return "not offered: the back end lacks VHOST_USER_PROTOCOL_F_CONFIG, so the front end (vct) holds the configuration space";
	return NULL;
}

/*
 * The call descriptors of the rings handed over without a vector: the back
 * end signals them after using buffers. The socket too, for its hang-up: a
 * session the back end ended wakes the sleeper at once, and false says no
 * more progress can come (libvhost-user's vu_panic closes the session on a
 * bad descriptor; the buffers it held will never be used).
 */
static bool vu_idle_wait(struct vct_dev *d, unsigned int timeout_us)
{
	struct vu_transport *vt = container_of(d, struct vct_vu_dev, dev)->vt;
	struct vu_shared *s = vus(d);
	struct pollfd p[VU_MAXQ + 1];
	struct timespec ts = { 0, (long)timeout_us * 1000 };
	nfds_t n = 0;

	if (s->vu.broken || s->vu.sock < 0)
		return false;
	for (unsigned int i = 0; i < s->nq && i < VU_MAXQ; i++) {
		struct vu_queue *q = &s->q[i];

		if (q->enabled && !q->waiting && mine(q->fd_owner) && q->sink >= 0 && call_fd_of(s, q) == q->sink)
			p[n++] = (struct pollfd){ .fd = q->sink, .events = POLLIN };
	}
	/* (only the hang-up: replies the back end owes make the socket readable, and are the next exchange's) */
	p[n++] = (struct pollfd){ .fd = s->vu.sock, .events = POLLRDHUP };
	if (ppoll(p, n, &ts, NULL) > 0)
		for (nfds_t i = 0; i + 1 < n; i++) {
			uint64_t cnt;

			if ((p[i].revents & POLLIN) && read(p[i].fd, &cnt, sizeof(cnt)) != sizeof(cnt))
				continue;
		}
	return !vut_removed(&vt->t);
}

static void vu_free(struct vct_dev *d)
{
	free(container_of(d, struct vct_vu_dev, dev));
}

static const struct vct_dev_ops vu_dev_ops = {
	.transport = "vhost-user",
	.get_status = vu_get_status,
	.set_status = vu_set_status,
	.get_device_features = vu_get_device_features,
	.set_driver_features = vu_set_driver_features,
	.get_driver_features = vu_get_driver_features,
	.get_queue_size = vu_get_queue_size,
	.set_queue_size = vu_set_queue_size,
	.set_queue_addr = vu_set_queue_addr,
	.get_queue_enable = vu_get_queue_enable,
	.set_queue_enable = vu_set_queue_enable,
	.queue_reset_supported = vu_queue_reset_supported,
	.get_queue_reset = vu_get_queue_reset,
	.set_queue_reset = vu_set_queue_reset,
	.set_queue_vector = vu_set_queue_vector,
	.set_config_vector = vu_set_config_vector,
	.get_queue_vector = vu_get_queue_vector,
	.get_config_vector = vu_get_config_vector,
	.queue_notify_prepare = vu_queue_notify_prepare,
	.notify = vu_notify,
	.config_len = vu_config_len,
	.config_read = vu_config_read,
	.config_write = vu_config_write,
	.config_generation = vu_config_generation,
	.irq_max = vu_irq_max,
	.irq_bind = vu_irq_bind,
	.admin_queues = vu_admin_queues,
	.function_reset = vu_function_reset,
	.host = vu_host,
	.removed = vu_removed,
	.removal_is_crash = vu_removal_is_crash,
	.suite_skip = vu_suite_skip,
	.idle_wait = vu_idle_wait,
	.free = vu_free,
};

struct vct_vu *vct_vu_wire(struct vct_dev *d)
{
	return d->ops == &vu_dev_ops ? &vus(d)->vu : NULL;
}

const uint8_t *vct_vu_inflight(struct vct_dev *d, size_t *len)
{
	struct vu_shared *s = vus(d);

	if (!s->inflight || !mine(s->inflight_owner))
		return NULL;
	*len = s->inflight_size;
	return s->inflight;
}

int __vct_vu_ring_stop(struct vct_dev *d, uint16_t q, uint32_t *base)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ)
		return -EINVAL;
	return __vct_vu_get_vring_base(&s->vu, q, base);
}

int __vct_vu_ring_restart(struct vct_dev *d, uint16_t qi, uint32_t base)
{
	struct vu_shared *s = vus(d);

	if (qi >= s->nq || qi >= VU_MAXQ || !mine(s->q[qi].fd_owner) || s->q[qi].kick < 0)
		return -EINVAL;
	/* The whole hand-over again, as QEMU restarts a ring: a back end may forget the ring at GET_VRING_BASE (DPDK does). */
	return ring_handover(s, qi, base, true);
}

int __vct_vu_ring_call_nofd(struct vct_dev *d, uint16_t q)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ)
		return -EINVAL;
	return __vct_vu_set_vring_fd(&s->vu, VU_SET_VRING_CALL, q, -1);
}

int __vct_vu_ring_kick_nofd(struct vct_dev *d, uint16_t q)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ)
		return -EINVAL;
	return __vct_vu_set_vring_fd(&s->vu, VU_SET_VRING_KICK, q, -1);
}

int __vct_vu_ring_enable(struct vct_dev *d, uint16_t q, bool on)
{
	struct vu_shared *s = vus(d);

	if (q >= s->nq || q >= VU_MAXQ)
		return -EINVAL;
	return __vct_vu_set_state(&s->vu, VU_SET_VRING_ENABLE, q, on);
}

int __vct_vu_dial_fresh(struct vct_dev *d, struct vct_vu *fresh, char *err, size_t errlen)
{
	struct vu_shared *s = vus(d);
	uint64_t deadline = vct_now_ms() + 2000;
	int r;

	/* Shut down the shared socket: the session ends for every process holding it. */
	if (s->vu.sock >= 0)
		shutdown(s->vu.sock, SHUT_RDWR);
	if (!s->vu.broken) {
		s->vu.broken = true;
		snprintf(s->vu.why, sizeof(s->vu.why), "vct ended the session for a check that needs a new one");
	}
	memset(fresh, 0, sizeof(*fresh));
	fresh->memfd = -1;
	do {
		r = __vct_vu_dial(fresh, s->vu.path, s->vu.timeout_ms, err, errlen);
		if (!r)
			return 0;
		usleep(20000);
	} while (vct_now_ms() < deadline);
	return r;
}

/* How many queues the device has: the device type's fixed layout, blk's num_queues with MQ, else GET_QUEUE_NUM. */
static uint16_t queue_count(struct vct_vu_dev *vd)
{
	struct vct_dev *d = &vd->dev;
	struct vu_shared *s = vd->vt->s;
	uint64_t v;
	unsigned int n;

	if (d->type == VCT_ID_BLOCK && vct_has(d->offered, 12) && s->cfg_len >= 36 &&
	    vu_config_read(d, 34, 2, &v) == 0 && v > 0)
		return (uint16_t)(v > VU_MAXQ ? VU_MAXQ : v);
	/*
	 * With every feature offered: the most queues the device can have (a
	 * console's ports, a balloon's statistics queue), within the count the
	 * back end gives (GET_QUEUE_NUM) where the layout depends on it.
	 */
	d->num_queues = (uint16_t)(s->vu.queue_num > VU_MAXQ ? VU_MAXQ : s->vu.queue_num);
	n = vct_devtype_nqueues(d, d->offered, VU_MAXQ);
	if (!n && s->vu.queue_num)
		n = s->vu.queue_num > VU_MAXQ ? VU_MAXQ : s->vu.queue_num;
	return (uint16_t)(n ? n : 1);
}

int __vct_vu_probe(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen)
{
	struct vu_transport *v = vut(t);
	struct vct_vu_dev *vd = calloc(1, sizeof(*vd));
	struct vct_dev *d;

	*out = NULL;
	if (!vd) {
		snprintf(err, errlen, "%s: out of memory", t->name);
		return -ENOMEM;
	}
	vd->vt = v;
	d = &vd->dev;
	/* Each device bound (the fuzzer binds one per program) allocates in a slot of its own. */
	vut_rotate(v);
	vct_dev_init(d, &vu_dev_ops, t);
	d->type = v->type;
	d->impl = v->impl;
	/* No PCI identity: the virtio ids a modern PCI function would carry, so reports group by type. */
	d->vendor = 0x1af4;
	d->device = (uint16_t)(0x1040 + v->type);
	vct_dev_read_features(d, d->offered);
	/* Once per connection: the fuzzer binds a device per program. */
	if (!v->s->probed) {
		if (vct_vu_has_proto(&v->s->vu, VU_PF_CONFIG))
			v->s->cfg_len = probe_config_len(v->s);
		v->s->nq = 0;
		v->s->nq = queue_count(vd);
		v->s->probed = !v->s->vu.broken;
	}
	d->num_queues = v->s->nq;
	for (unsigned int i = 0; i < VU_MAXQ; i++)
		v->s->q[i].vector = VCT_NO_VECTOR;
	/* A session that broke later is the function reset's to renew; one that broke while probing is no device. */
	if (v->s->vu.broken && !v->s->probed) {
		snprintf(err, errlen, "%s: %s", t->name, v->s->vu.why);
		vu_free(d);
		return -ENODEV;
	}
	*out = d;
	return 0;
}
