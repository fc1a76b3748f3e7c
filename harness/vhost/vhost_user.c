/* SPDX-License-Identifier: MIT */
/* The vhost-user wire: framing, descriptor passing, reply validation, the memfd guest memory. */
#include "vhost_user.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

static const char *const req_names[VU_REQ_MAX + 1] = {
	[1] = "GET_FEATURES", [2] = "SET_FEATURES", [3] = "SET_OWNER", [4] = "RESET_OWNER",
	[5] = "SET_MEM_TABLE", [6] = "SET_LOG_BASE", [7] = "SET_LOG_FD", [8] = "SET_VRING_NUM",
	[9] = "SET_VRING_ADDR", [10] = "SET_VRING_BASE", [11] = "GET_VRING_BASE", [12] = "SET_VRING_KICK",
	[13] = "SET_VRING_CALL", [14] = "SET_VRING_ERR", [15] = "GET_PROTOCOL_FEATURES",
	[16] = "SET_PROTOCOL_FEATURES", [17] = "GET_QUEUE_NUM", [18] = "SET_VRING_ENABLE", [19] = "SEND_RARP",
	[20] = "NET_SET_MTU", [21] = "SET_BACKEND_REQ_FD", [22] = "IOTLB_MSG", [23] = "SET_VRING_ENDIAN",
	[24] = "GET_CONFIG", [25] = "SET_CONFIG", [26] = "CREATE_CRYPTO_SESSION", [27] = "CLOSE_CRYPTO_SESSION",
	[28] = "POSTCOPY_ADVISE", [29] = "POSTCOPY_LISTEN", [30] = "POSTCOPY_END", [31] = "GET_INFLIGHT_FD",
	[32] = "SET_INFLIGHT_FD", [33] = "GPU_SET_SOCKET", [34] = "RESET_DEVICE", [35] = "VRING_KICK",
	[36] = "GET_MAX_MEM_SLOTS", [37] = "ADD_MEM_REG", [38] = "REM_MEM_REG", [39] = "SET_STATUS",
	[40] = "GET_STATUS",
};

static const char *const proto_names[] = {
	"MQ", "LOG_SHMFD", "RARP", "REPLY_ACK", "MTU", "BACKEND_REQ", "CROSS_ENDIAN", "CRYPTO_SESSION",
	"PAGEFAULT", "CONFIG", "BACKEND_SEND_FD", "HOST_NOTIFIER", "INFLIGHT_SHMFD", "RESET_DEVICE",
	"INBAND_NOTIFICATIONS", "CONFIGURE_MEM_SLOTS", "STATUS",
};

const char *vct_vu_req_name(uint32_t req)
{
	return req <= VU_REQ_MAX && req_names[req] ? req_names[req] : "unknown request";
}

const char *vct_vu_proto_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(proto_names) ? proto_names[bit] : NULL;
}

/* Mark the connection broken with the first reason; later reasons are consequences. */
static int vu_break(struct vct_vu *vu, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int vu_break(struct vct_vu *vu, int err, const char *fmt, ...)
{
	va_list ap;

	if (!vu->broken) {
		va_start(ap, fmt);
		vsnprintf(vu->why, sizeof(vu->why), fmt, ap);
		va_end(ap);
		vu->broken = true;
	}
	return err;
}

int vct_vu_fail(struct vct_vu *vu, int err, const char *fmt, ...)
{
	char why[sizeof(vu->why)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return vu_break(vu, err, "%s", why);
}

static int remaining(uint64_t deadline)
{
	uint64_t now = vct_now_ms();

	return deadline > now ? (int)(deadline - now) : 0;
}

/* Wait for @events on the socket until @deadline: 0 ready, -ETIMEDOUT, -EPIPE (hung up, nothing to read). */
static int wait_sock(struct vct_vu *vu, short events, uint64_t deadline)
{
	for (;;) {
		struct pollfd p = { .fd = vu->sock, .events = events };
		int r = poll(&p, 1, remaining(deadline));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ETIMEDOUT;
		if (p.revents & events)
			return 0;
		if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
			return -EPIPE;
	}
}

static int send_now(struct vct_vu *vu, uint32_t req, uint32_t flags, const void *payload, size_t len, const int *fds,
		    unsigned int nfds);

void vct_vu_batch_begin(struct vct_vu *vu)
{
	vu->batching = true;
	vu->nbatch = 0;
	vu->batch_used = 0;
}

/* The descriptor a queued message carries, in a control buffer for sendmsg. */
union vu_ctl {
	char buf[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
	struct cmsghdr align;
};

static void ctl_fill(struct msghdr *mh, union vu_ctl *ctl, const int *fds, unsigned int nfds)
{
	struct cmsghdr *cm;

	memset(ctl, 0, sizeof(*ctl));
	mh->msg_control = ctl->buf;
	mh->msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
	cm = CMSG_FIRSTHDR(mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
}

int __vct_vu_flush(struct vct_vu *vu)
{
	struct mmsghdr mm[VU_BATCH_MAX];
	struct iovec iov[VU_BATCH_MAX];
	union vu_ctl ctl[VU_BATCH_MAX];
	unsigned int n = vu->nbatch, done = 0;
	int r = 0;

	vu->batching = false;
	vu->nbatch = 0;
	if (vu->broken)
		return -EPIPE;
	memset(mm, 0, sizeof(mm[0]) * n);
	for (unsigned int i = 0; i < n; i++) {
		iov[i].iov_base = vu->batch_buf + vu->batch[i].off;
		iov[i].iov_len = vu->batch[i].len;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		if (vu->batch[i].fd >= 0)
			ctl_fill(&mm[i].msg_hdr, &ctl[i], &vu->batch[i].fd, 1);
	}
	/*
	 * One call for the lot. What the socket did not take whole (it was
	 * full: rare, messages are small) goes the ordinary way, with waits.
	 */
	if (n) {
		int k = sendmmsg(vu->sock, mm, n, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k > 0) {
			for (done = 0; done < (unsigned int)k && mm[done].msg_len == vu->batch[done].len; done++)
				vu->sent++;
		}
	}
	for (unsigned int i = done; i < n && !r; i++) {
		const struct vu_hdr *h = (const void *)(vu->batch_buf + vu->batch[i].off);
		size_t sent = i == done && n && mm[i].msg_len < vu->batch[i].len ? mm[i].msg_len : 0;

		if (sent) {
			/* A message cut short: its descriptor went with its first byte; the rest follows alone. */
			r = send_now(vu, UINT32_MAX, 0, vu->batch_buf + vu->batch[i].off + sent, vu->batch[i].len - sent,
				     NULL, 0);
			continue;
		}
		r = send_now(vu, h->request, h->flags & ~VU_FLAG_VERSION, h + 1, vu->batch[i].len - sizeof(*h),
			     vu->batch[i].fd >= 0 ? &vu->batch[i].fd : NULL, vu->batch[i].fd >= 0);
	}
	return r;
}

int __vct_vu_send(struct vct_vu *vu, uint32_t req, uint32_t flags, const void *payload, size_t len, const int *fds,
		  unsigned int nfds)
{
	if (vu->batching && vu->nbatch < VU_BATCH_MAX && nfds <= 1 &&
	    vu->batch_used + sizeof(struct vu_hdr) + len <= VU_BATCH_BYTES && !vu->broken) {
		struct vu_hdr h = { .request = req, .flags = VU_FLAG_VERSION | flags, .size = (uint32_t)len };
		unsigned int i = vu->nbatch++;

		vu->batch[i].off = vu->batch_used;
		vu->batch[i].len = sizeof(h) + len;
		vu->batch[i].fd = nfds ? fds[0] : -1;
		vu->batch[i].req = req;
		memcpy(vu->batch_buf + vu->batch_used, &h, sizeof(h));
		if (len)
			memcpy(vu->batch_buf + vu->batch_used + sizeof(h), payload, len);
		vu->batch_used += sizeof(h) + len;
		return 0;
	}
	/* Order is kept: what is queued goes first. */
	if (vu->batching) {
		int r = __vct_vu_flush(vu);

		vu->batching = true;
		if (r)
			return r;
	}
	return send_now(vu, req, flags, payload, len, fds, nfds);
}

/* @req UINT32_MAX: @payload is the rest of a message cut short, sent without a header of its own. */
static int send_now(struct vct_vu *vu, uint32_t req, uint32_t flags, const void *payload, size_t len, const int *fds,
		    unsigned int nfds)
{
	struct vu_hdr h = { .request = req, .flags = VU_FLAG_VERSION | flags, .size = (uint32_t)len };
	union vu_ctl ctl;
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, len } };
	struct msghdr mh = { .msg_iov = req == UINT32_MAX ? iov + 1 : iov, .msg_iovlen = req == UINT32_MAX ? 1 : len ? 2 : 1 };
	size_t total = (req == UINT32_MAX ? 0 : sizeof(h)) + len, done = 0;
	uint64_t deadline = vct_now_ms() + (uint64_t)vu->timeout_ms;

	if (vu->broken)
		return -EPIPE;
	if (len > VU_MAX_PAYLOAD || nfds > VU_MAX_FDS)
		return -EINVAL;
	if (nfds)
		ctl_fill(&mh, &ctl, fds, nfds);
	while (done < total) {
		ssize_t n = sendmsg(vu->sock, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			int r = wait_sock(vu, POLLOUT, deadline);

			if (r == -ETIMEDOUT)
				return vu_break(vu, r, "the back end took no %s message for %d ms (socket full)",
						vct_vu_req_name(req), vu->timeout_ms);
			if (r)
				return vu_break(vu, -EPIPE, "the back end closed the socket (sending %s)",
						vct_vu_req_name(req));
			continue;
		}
		if (n < 0)
			return vu_break(vu, -EPIPE, "the back end closed the socket (sending %s: %s)",
					vct_vu_req_name(req), strerror(errno));
		done += (size_t)n;
		/* Descriptors went with the first byte; continue with what is left. */
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
		while (n > 0 && mh.msg_iovlen) {
			size_t take = (size_t)n < mh.msg_iov[0].iov_len ? (size_t)n : mh.msg_iov[0].iov_len;

			mh.msg_iov[0].iov_base = (char *)mh.msg_iov[0].iov_base + take;
			mh.msg_iov[0].iov_len -= take;
			n -= (ssize_t)take;
			if (!mh.msg_iov[0].iov_len) {
				mh.msg_iov++;
				mh.msg_iovlen--;
			}
		}
	}
	vu->sent++;
	return 0;
}

static void close_fds(struct vu_msg *m)
{
	for (unsigned int i = 0; i < m->nfds; i++)
		close(m->fds[i]);
	m->nfds = 0;
}

/* Read exactly @len bytes (the first read collects descriptors into @m). */
static int recv_exact(struct vct_vu *vu, void *buf, size_t len, struct vu_msg *m, uint64_t deadline, uint32_t req)
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
		ssize_t n;
		int r = wait_sock(vu, POLLIN, deadline);

		if (r == -ETIMEDOUT)
			return vu_break(vu, r, "no reply to %s within %d ms", vct_vu_req_name(req), vu->timeout_ms);
		if (r)
			return vu_break(vu, -EPIPE, "the back end closed the socket (awaiting the reply to %s)",
					vct_vu_req_name(req));
		n = recvmsg(vu->sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return vu_break(vu, -EPIPE, "the back end closed the socket (awaiting the reply to %s%s%s)",
					vct_vu_req_name(req), done ? ", mid-message" : "", "");
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			for (size_t i = 0; i < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
				if (m->nfds < VU_MAX_FDS)
					m->fds[m->nfds++] = fd;
				else
					close(fd);
			}
		}
		done += (size_t)n;
	}
	return 0;
}

static int recv_msg(struct vct_vu *vu, uint32_t req, size_t want_len, unsigned int max_fds, struct vu_msg *m);

/* The oldest reply still owed: received and validated like any other. */
static int collect_one(struct vct_vu *vu)
{
	unsigned int k = vu->pend_head;
	uint32_t req = vu->pend[k].req, index = vu->pend[k].index;
	struct vu_vring_state st;
	struct vu_msg m;
	uint64_t v;
	int r;

	vu->pend_head = (vu->pend_head + 1) % VU_MAX_PENDING;
	vu->npend--;
	if (req == VU_GET_VRING_BASE) {
		r = recv_msg(vu, req, sizeof(st), 0, &m);
		if (r)
			return r;
		memcpy(&st, m.payload, sizeof(st));
		if (st.index != index)
			return vu_break(vu, -EPROTO, "GET_VRING_BASE of ring %u answered for ring %u", index, st.index);
		return 0;
	}
	r = recv_msg(vu, req, sizeof(v), 0, &m);
	if (r)
		return r;
	memcpy(&v, m.payload, sizeof(v));
	if (vu->pend[k].ack && v)
		return vu_break(vu, -EREMOTEIO, "the back end refused %s (REPLY_ACK %llu)", vct_vu_req_name(req),
				(unsigned long long)v);
	if (vu->pend[k].expect && v != vu->pend[k].val)
		return vu_break(vu, -ESTALE, "%s answered 0x%llx in a new session, 0x%llx in the last", vct_vu_req_name(req),
				(unsigned long long)v, (unsigned long long)vu->pend[k].val);
	return 0;
}

/* Note a reply owed, collecting the oldest first when the list is full. */
static int pend_push(struct vct_vu *vu, uint32_t req, uint32_t index, bool ack, bool expect, uint64_t val)
{
	unsigned int k;
	int r = vu->npend == VU_MAX_PENDING ? collect_one(vu) : 0;

	if (r)
		return r;
	k = (vu->pend_head + vu->npend++) % VU_MAX_PENDING;
	vu->pend[k].req = req;
	vu->pend[k].index = index;
	vu->pend[k].ack = ack;
	vu->pend[k].expect = expect;
	vu->pend[k].val = val;
	return 0;
}

int __vct_vu_send_deferred(struct vct_vu *vu, uint32_t req, const void *payload, size_t len, const int *fds,
			   unsigned int nfds, bool ack, uint64_t expect)
{
	int r = __vct_vu_send(vu, req, ack ? VU_FLAG_NEED_REPLY : 0, payload, len, fds, nfds);

	return r ? r : pend_push(vu, req, 0, ack, !ack, expect);
}

int __vct_vu_collect(struct vct_vu *vu)
{
	int r = 0;

	while (vu->npend && !r)
		r = collect_one(vu);
	if (vu->broken)
		vu->npend = 0;
	return vu->broken ? -EPIPE : r;
}

int __vct_vu_recv(struct vct_vu *vu, uint32_t req, size_t want_len, unsigned int max_fds, struct vu_msg *m)
{
	int r = 0;

	/* A reply is awaited: what is queued goes out first (it may be what is answered). */
	if (vu->batching && vu->nbatch) {
		r = __vct_vu_flush(vu);
		vu->batching = true;
	}
	if (!r)
		r = __vct_vu_collect(vu);

	if (r) {
		m->nfds = 0;
		return r;
	}
	return recv_msg(vu, req, want_len, max_fds, m);
}

static int recv_msg(struct vct_vu *vu, uint32_t req, size_t want_len, unsigned int max_fds, struct vu_msg *m)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)vu->timeout_ms;
	int r;

	m->nfds = 0;
	if (vu->broken)
		return -EPIPE;
	r = recv_exact(vu, &m->h, sizeof(m->h), m, deadline, req);
	if (r)
		goto fail;
	/* The header first: a wrong one means the stream cannot be followed any further. */
	if ((m->h.flags & 3) != VU_FLAG_VERSION) {
		r = vu_break(vu, -EPROTO, "reply to %s: version %u in flags 0x%x, expected 1", vct_vu_req_name(req),
			     m->h.flags & 3, m->h.flags);
		goto fail;
	}
	if (!(m->h.flags & VU_FLAG_REPLY)) {
		r = vu_break(vu, -EPROTO, "reply to %s: flags 0x%x lack the reply bit (0x4)", vct_vu_req_name(req),
			     m->h.flags);
		goto fail;
	}
	if (m->h.request != req) {
		r = vu_break(vu, -EPROTO, "reply to %s carries request %u (%s)", vct_vu_req_name(req), m->h.request,
			     vct_vu_req_name(m->h.request));
		goto fail;
	}
	if (m->h.size > VU_MAX_PAYLOAD || (want_len != SIZE_MAX && m->h.size != want_len)) {
		r = vu_break(vu, -EPROTO, "reply to %s: payload size %u, expected %zu", vct_vu_req_name(req),
			     m->h.size, want_len == SIZE_MAX ? (size_t)VU_MAX_PAYLOAD : want_len);
		goto fail;
	}
	r = recv_exact(vu, m->payload, m->h.size, m, deadline, req);
	if (r)
		goto fail;
	if (m->nfds > max_fds) {
		r = vu_break(vu, -EPROTO, "reply to %s came with %u file descriptors, expected at most %u",
			     vct_vu_req_name(req), m->nfds, max_fds);
		goto fail;
	}
	vu->received++;
	return 0;
fail:
	close_fds(m);
	return r;
}

int __vct_vu_request(struct vct_vu *vu, uint32_t req, const void *payload, size_t len, const int *fds,
		     unsigned int nfds, uint64_t *ack)
{
	bool want_ack = vct_vu_has_proto(vu, VU_PF_REPLY_ACK) && !vu->quiet;
	struct vu_msg m;
	uint64_t a;
	int r = __vct_vu_send(vu, req, want_ack ? VU_FLAG_NEED_REPLY : 0, payload, len, fds, nfds);

	if (ack)
		*ack = 0;
	if (r || !want_ack)
		return r;
	r = __vct_vu_recv(vu, req, sizeof(uint64_t), 0, &m);
	if (r)
		return r;
	memcpy(&a, m.payload, sizeof(a));
	if (ack)
		*ack = a;
	return a ? -EREMOTEIO : 0;
}

int __vct_vu_recv_u64(struct vct_vu *vu, uint32_t req, uint64_t *val)
{
	struct vu_msg m;
	int r = __vct_vu_recv(vu, req, sizeof(uint64_t), 0, &m);

	if (!r)
		memcpy(val, m.payload, sizeof(*val));
	return r;
}

int __vct_vu_get_u64(struct vct_vu *vu, uint32_t req, uint64_t *val)
{
	int r = __vct_vu_send(vu, req, 0, NULL, 0, NULL, 0);

	return r ? r : __vct_vu_recv_u64(vu, req, val);
}

int __vct_vu_set_u64(struct vct_vu *vu, uint32_t req, uint64_t val)
{
	return __vct_vu_request(vu, req, &val, sizeof(val), NULL, 0, NULL);
}

int __vct_vu_set_state(struct vct_vu *vu, uint32_t req, uint32_t index, uint32_t num)
{
	struct vu_vring_state s = { index, num };

	return __vct_vu_request(vu, req, &s, sizeof(s), NULL, 0, NULL);
}

int __vct_vu_get_vring_base(struct vct_vu *vu, uint32_t index, uint32_t *base)
{
	struct vu_vring_state s = { index, 0 };
	struct vu_msg m;
	int r = __vct_vu_send(vu, VU_GET_VRING_BASE, 0, &s, sizeof(s), NULL, 0);

	if (!r)
		r = __vct_vu_recv(vu, VU_GET_VRING_BASE, sizeof(s), 0, &m);
	if (r)
		return r;
	memcpy(&s, m.payload, sizeof(s));
	if (s.index != index)
		return vu_break(vu, -EPROTO, "GET_VRING_BASE of ring %u answered for ring %u", index, s.index);
	*base = s.num;
	return 0;
}

int __vct_vu_get_vring_base_deferred(struct vct_vu *vu, uint32_t index)
{
	struct vu_vring_state s = { index, 0 };
	int r = __vct_vu_send(vu, VU_GET_VRING_BASE, 0, &s, sizeof(s), NULL, 0);

	return r ? r : pend_push(vu, VU_GET_VRING_BASE, index, false, false, 0);
}

int __vct_vu_set_vring_fd(struct vct_vu *vu, uint32_t req, uint32_t index, int fd)
{
	/* Bits 0-7 the ring, bit 8: no descriptor (the back end polls). */
	uint64_t v = (index & 0xff) | (fd < 0 ? 0x100 : 0);

	return __vct_vu_request(vu, req, &v, sizeof(v), fd < 0 ? NULL : &fd, fd < 0 ? 0 : 1, NULL);
}

int __vct_vu_set_mem_table(struct vct_vu *vu)
{
	struct vu_mem_table t;

	memset(&t, 0, sizeof(t));
	t.nregions = 1;
	t.r[0].gpa = vu->gpa_base;
	t.r[0].size = vu->mem_size;
	t.r[0].uaddr = (uint64_t)(uintptr_t)vu->mem;
	t.r[0].mmap_offset = 0;
	/* The payload carries as many region slots as there are regions. */
	return __vct_vu_request(vu, VU_SET_MEM_TABLE, &t, 8 + sizeof(t.r[0]), &vu->memfd, 1, NULL);
}

int __vct_vu_get_config(struct vct_vu *vu, uint32_t off, uint32_t len, void *buf)
{
	struct vu_config c;
	struct vu_msg m;
	size_t plen = 12 + (size_t)len;
	int r;

	if (len > VU_CONFIG_MAX)
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	c.offset = off;
	c.size = len;
	r = __vct_vu_send(vu, VU_GET_CONFIG, 0, &c, plen, NULL, 0);
	if (!r)
		r = __vct_vu_recv(vu, VU_GET_CONFIG, SIZE_MAX, 0, &m);
	if (r)
		return r;
	/* The reply repeats the request's layout; a zero-length reply is the back end's failure. */
	if (m.h.size == 0)
		return -EREMOTEIO;
	if (m.h.size != plen)
		return vu_break(vu, -EPROTO, "GET_CONFIG of %u bytes answered with a %u-byte payload, expected %zu",
				len, m.h.size, plen);
	memcpy(&c, m.payload, plen);
	if (c.offset != off || c.size != len)
		return vu_break(vu, -EPROTO, "GET_CONFIG of %u bytes at %u answered for %u bytes at %u", len, off,
				c.size, c.offset);
	memcpy(buf, c.data, len);
	return 0;
}

int __vct_vu_set_config(struct vct_vu *vu, uint32_t off, uint32_t len, const void *buf)
{
	struct vu_config c;

	if (len > VU_CONFIG_MAX)
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	c.offset = off;
	c.size = len;
	memcpy(c.data, buf, len);
	return __vct_vu_request(vu, VU_SET_CONFIG, &c, 12 + (size_t)len, NULL, 0, NULL);
}

static void peer_identify(struct vct_vu *vu)
{
	struct ucred cr;
	socklen_t l = sizeof(cr);
	char p[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(vu->impl, sizeof(vu->impl), "unknown");
	if (getsockopt(vu->sock, SOL_SOCKET, SO_PEERCRED, &cr, &l) || cr.pid <= 0)
		return;
	vu->peer = cr.pid;
	snprintf(p, sizeof(p), "/proc/%d/exe", (int)cr.pid);
	n = readlink(p, exe, sizeof(exe) - 1);
	if (n > 0) {
		const char *b;

		exe[n] = 0;
		b = strrchr(exe, '/');
		b = b ? b + 1 : exe;
		/* Program names are short; a longer one is cut, not trusted to fit. */
		memcpy(vu->impl, b, strnlen(b, sizeof(vu->impl) - 1));
		vu->impl[strnlen(b, sizeof(vu->impl) - 1)] = 0;
	}
}

int __vct_vu_dial(struct vct_vu *vu, const char *path, int timeout_ms, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint64_t deadline = vct_now_ms() + (uint64_t)timeout_ms;
	int r;

	vu->sock = -1;
	vu->broken = false;
	vu->why[0] = 0;
	vu->timeout_ms = timeout_ms;
	vu->features = vu->proto = vu->proto_acked = 0;
	vu->queue_num = 0;
	vu->npend = vu->pend_head = 0;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "vhost-user socket path '%s' is longer than %zu bytes; use a shorter path", path,
			 sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	snprintf(vu->path, sizeof(vu->path), "%s", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	vu->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (vu->sock < 0)
		return -errno;
	if (connect(vu->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS && errno != EAGAIN) {
		r = -errno;
		snprintf(err, errlen, "cannot connect to vhost-user socket %s: %s; start the back end (server mode) first",
			 path, strerror(errno));
		close(vu->sock);
		vu->sock = -1;
		/* No session: whatever uses this connection next sees why. */
		return vu_break(vu, r, "%s", err);
	}
	r = wait_sock(vu, POLLOUT, deadline);
	if (r) {
		snprintf(err, errlen, "vhost-user socket %s: the back end did not accept the connection within %d ms", path,
			 timeout_ms);
		vu_break(vu, -ETIMEDOUT, "%s", err);
		vct_vu_disconnect(vu);
		return -ETIMEDOUT;
	}
	peer_identify(vu);
	return 0;
}

int __vct_vu_connect(struct vct_vu *vu, const char *path, int timeout_ms, uint64_t want_proto, char *err,
		     size_t errlen)
{
	int r = __vct_vu_dial(vu, path, timeout_ms, err, errlen);

	if (r)
		return r;
	r = __vct_vu_send(vu, VU_SET_OWNER, 0, NULL, 0, NULL, 0);
	if (!r)
		r = __vct_vu_get_u64(vu, VU_GET_FEATURES, &vu->features);
	if (!r && (vu->features >> VU_F_PROTOCOL_FEATURES & 1)) {
		r = __vct_vu_get_u64(vu, VU_GET_PROTOCOL_FEATURES, &vu->proto);
		if (!r)
			r = __vct_vu_set_u64(vu, VU_SET_PROTOCOL_FEATURES, vu->proto & want_proto);
		if (!r)
			vu->proto_acked = vu->proto & want_proto;
	}
	if (!r && vct_vu_has_proto(vu, VU_PF_MQ)) {
		uint64_t n;

		r = __vct_vu_get_u64(vu, VU_GET_QUEUE_NUM, &n);
		if (!r)
			vu->queue_num = n > 0xffff ? 0xffff : (uint32_t)n;
	}
	if (r) {
		snprintf(err, errlen, "vhost-user socket %s: the back end failed the handshake: %s", path,
			 vu->broken ? vu->why : strerror(-r));
		vct_vu_disconnect(vu);
		return r;
	}
	return 0;
}

int __vct_vu_reconnect(struct vct_vu *vu, const char *path, int timeout_ms, char *err, size_t errlen)
{
	uint64_t features = vu->features, proto = vu->proto, acked = vu->proto_acked, qn = vu->queue_num;
	bool pf = features >> VU_F_PROTOCOL_FEATURES & 1;
	int r = __vct_vu_dial(vu, path, timeout_ms, err, errlen);

	if (r)
		return r;
	vct_vu_batch_begin(vu);
	r = __vct_vu_send(vu, VU_SET_OWNER, 0, NULL, 0, NULL, 0);
	if (!r)
		r = __vct_vu_send_deferred(vu, VU_GET_FEATURES, NULL, 0, NULL, 0, false, features);
	if (!r && pf)
		r = __vct_vu_send_deferred(vu, VU_GET_PROTOCOL_FEATURES, NULL, 0, NULL, 0, false, proto);
	if (!r && pf)
		r = __vct_vu_send(vu, VU_SET_PROTOCOL_FEATURES, 0, &acked, sizeof(acked), NULL, 0);
	if (!r && (acked >> VU_PF_MQ & 1))
		r = __vct_vu_send_deferred(vu, VU_GET_QUEUE_NUM, NULL, 0, NULL, 0, false, qn);
	if (!r)
		r = __vct_vu_flush(vu);
	vu->batching = false;
	vu->features = features;
	vu->proto = pf ? proto : 0;
	vu->proto_acked = pf ? acked : 0;
	vu->queue_num = (uint32_t)qn;
	if (r) {
		snprintf(err, errlen, "vhost-user socket %s: the back end failed the handshake: %s", path,
			 vu->broken ? vu->why : strerror(-r));
		vct_vu_disconnect(vu);
	}
	return r;
}

void vct_vu_disconnect(struct vct_vu *vu)
{
	if (vu->sock >= 0)
		close(vu->sock);
	vu->sock = -1;
	if (!vu->broken)
		vu_break(vu, -EPIPE, "vct closed the connection");
}

int __vct_vu_mem_create(struct vct_vu *vu, uint64_t gpa, uint64_t size)
{
	vu->memfd = memfd_create("vct-guest-memory", MFD_CLOEXEC);
	if (vu->memfd < 0)
		return -errno;
	if (ftruncate(vu->memfd, (off_t)size) < 0) {
		int r = -errno;

		close(vu->memfd);
		vu->memfd = -1;
		return r;
	}
	/* Shared: the back end maps the same pages; forked check processes see them too. */
	vu->mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vu->memfd, 0);
	if (vu->mem == MAP_FAILED) {
		int r = -errno;

		vu->mem = NULL;
		close(vu->memfd);
		vu->memfd = -1;
		return r;
	}
	vu->gpa_base = gpa;
	vu->mem_size = size;
	return 0;
}

void vct_vu_mem_destroy(struct vct_vu *vu)
{
	if (vu->mem)
		munmap(vu->mem, vu->mem_size);
	if (vu->memfd >= 0)
		close(vu->memfd);
	vu->mem = NULL;
	vu->memfd = -1;
}

void *vct_vu_gpa(struct vct_vu *vu, uint64_t gpa, uint64_t len)
{
	if (gpa < vu->gpa_base || gpa - vu->gpa_base > vu->mem_size || len > vu->mem_size - (gpa - vu->gpa_base))
		return NULL;
	return vu->mem + (gpa - vu->gpa_base);
}

uint64_t vct_vu_uaddr(struct vct_vu *vu, uint64_t gpa)
{
	return (uint64_t)(uintptr_t)vu->mem + (gpa - vu->gpa_base);
}
