/* SPDX-License-Identifier: MIT */
/*
 * The vhost-user protocol, front-end side (QEMU 7.2 docs/interop/vhost-user.rst):
 * vct connects to a back end's UNIX socket and drives it the way a VMM does.
 * This file is the wire: message framing, file-descriptor passing, the
 * validation of every message the back end sends, and the guest memory vct
 * shares (one memfd region). The virtio-level device built on it is
 * harness/vhost/vu_dev.c.
 *
 * Guarantees:
 *  - Every wait for the back end is bounded by vu->timeout_ms; a back end
 *    that stops answering yields -ETIMEDOUT, one that closed the socket
 *    -EPIPE, and the connection is then marked broken (vu->why says what
 *    happened, for evidence); no later call touches the socket.
 *  - Every reply is validated before use: version 1, the reply flag, the
 *    request code it answers, its payload size against the request's reply
 *    layout, and no file descriptors where none belong. A reply that fails
 *    any of these is -EPROTO with the finding in vu->why and the connection
 *    broken (the stream can no longer be trusted).
 *  - Functions prefixed with __ return -errno; nothing here aborts.
 */
#ifndef VCT_VHOST_USER_H
#define VCT_VHOST_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Front-end requests (the RST's ids). */
enum {
	VU_GET_FEATURES = 1,
	VU_SET_FEATURES = 2,
	VU_SET_OWNER = 3,
	VU_RESET_OWNER = 4,
	VU_SET_MEM_TABLE = 5,
	VU_SET_VRING_NUM = 8,
	VU_SET_VRING_ADDR = 9,
	VU_SET_VRING_BASE = 10,
	VU_GET_VRING_BASE = 11,
	VU_SET_VRING_KICK = 12,
	VU_SET_VRING_CALL = 13,
	VU_SET_VRING_ERR = 14,
	VU_GET_PROTOCOL_FEATURES = 15,
	VU_SET_PROTOCOL_FEATURES = 16,
	VU_GET_QUEUE_NUM = 17,
	VU_SET_VRING_ENABLE = 18,
	VU_GET_CONFIG = 24,
	VU_SET_CONFIG = 25,
	VU_GET_INFLIGHT_FD = 31,
	VU_SET_INFLIGHT_FD = 32,
	VU_RESET_DEVICE = 34,
	VU_GET_MAX_MEM_SLOTS = 36,
	VU_SET_STATUS = 39,
	VU_GET_STATUS = 40,
	VU_REQ_MAX = 40,
};

/* Protocol feature bits. */
enum {
	VU_PF_MQ = 0,
	VU_PF_LOG_SHMFD = 1,
	VU_PF_RARP = 2,
	VU_PF_REPLY_ACK = 3,
	VU_PF_MTU = 4,
	VU_PF_BACKEND_REQ = 5,
	VU_PF_CROSS_ENDIAN = 6,
	VU_PF_CRYPTO_SESSION = 7,
	VU_PF_PAGEFAULT = 8,
	VU_PF_CONFIG = 9,
	VU_PF_BACKEND_SEND_FD = 10,
	VU_PF_HOST_NOTIFIER = 11,
	VU_PF_INFLIGHT_SHMFD = 12,
	VU_PF_RESET_DEVICE = 13,
	VU_PF_INBAND_NOTIFICATIONS = 14,
	VU_PF_CONFIGURE_MEM_SLOTS = 15,
	VU_PF_STATUS = 16,
};

/* The vhost feature bits vhost-user reuses (not virtio device features). */
#define VU_F_LOG_ALL 26
#define VU_F_PROTOCOL_FEATURES 30

#define VU_FLAG_VERSION 0x1u
#define VU_FLAG_REPLY (1u << 2)
#define VU_FLAG_NEED_REPLY (1u << 3)

#define VU_MAX_FDS 8
#define VU_MAX_PAYLOAD 4096
#define VU_CONFIG_MAX 256

struct vu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
};

struct vu_vring_state {
	uint32_t index;
	uint32_t num;
};

struct vu_vring_addr {
	uint32_t index;
	uint32_t flags;
	uint64_t desc;
	uint64_t used;
	uint64_t avail;
	uint64_t log;
};

struct vu_mem_region {
	uint64_t gpa;
	uint64_t size;
	uint64_t uaddr;
	uint64_t mmap_offset;
};

struct vu_mem_table {
	uint32_t nregions;
	uint32_t padding;
	struct vu_mem_region r[8];
};

struct vu_config {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t data[VU_CONFIG_MAX];
};

struct vu_inflight {
	uint64_t mmap_size;
	uint64_t mmap_offset;
	uint16_t num_queues;
	uint16_t queue_size;
};

/* One reply as received, before the caller interprets its payload. */
struct vu_msg {
	struct vu_hdr h;
	uint8_t payload[VU_MAX_PAYLOAD];
	int fds[VU_MAX_FDS];
	unsigned int nfds;
};

struct vct_vu {
	int sock;
	char path[108];
	int timeout_ms;
	bool broken;
	char why[256];		/* the first thing that broke the connection */

	uint64_t features;	/* GET_FEATURES as the back end answered */
	uint64_t proto;		/* GET_PROTOCOL_FEATURES (0 without VU_F_PROTOCOL_FEATURES) */
	uint64_t proto_acked;	/* what vct set with SET_PROTOCOL_FEATURES */
	uint32_t queue_num;	/* GET_QUEUE_NUM (with MQ), else 0 */
	pid_t peer;		/* SO_PEERCRED, 0 when unknown */
	char impl[64];		/* the peer's program name, for result labels */

	/* Guest memory: one memfd region at gpa_base, mapped here at mem. */
	int memfd;
	uint8_t *mem;
	uint64_t mem_size, gpa_base;
	/*
	 * Send requests without need_reply even with REPLY_ACK (set around the
	 * ring messages, which QEMU sends unacknowledged too): they pipeline, and
	 * a back end that refused one shows it by not using the ring or by
	 * closing the session, which the next exchange sees.
	 */
	bool quiet;
	/*
	 * Replies the back end owes to requests sent without waiting for them
	 * (__vct_vu_get_vring_base_deferred), oldest first. Every later receive
	 * collects and validates them before its own reply, so the stream stays
	 * in step and nothing the back end sends goes unchecked.
	 */
#define VU_MAX_PENDING 32
	struct {
		uint32_t req, index;	/* index: GET_VRING_BASE's ring */
		bool ack;		/* a REPLY_ACK: must be 0 */
		bool expect;		/* a u64 reply that must equal val */
		uint64_t val;
	} pend[VU_MAX_PENDING];
	unsigned int pend_head, npend;
	/*
	 * Between __vct_vu_batch_begin and __vct_vu_flush, messages are queued
	 * here and go out in one sendmmsg(2): the back end wakes once for the
	 * lot instead of once a message (each keeps its own descriptor).
	 */
#define VU_BATCH_MAX 16
#define VU_BATCH_BYTES 1024
	bool batching;
	unsigned int nbatch;
	size_t batch_used;
	struct {
		size_t off, len;
		int fd;		/* -1: none */
		uint32_t req;
	} batch[VU_BATCH_MAX];
	uint8_t batch_buf[VU_BATCH_BYTES];
	/* Counts, for the fuzzer's rate and the tests. */
	uint64_t sent, received;
};

/*
 * Connect to @path and take ownership (SET_OWNER, GET_FEATURES, protocol
 * features: vct acknowledges those in @want_proto the back end offers).
 * -errno with one line in @err (no such socket, nobody listening, refused).
 */
int __vct_vu_connect(struct vct_vu *vu, const char *path, int timeout_ms, uint64_t want_proto, char *err,
		     size_t errlen);
/*
 * A new session with the back end @vu held before, expected to answer as it
 * did then: the handshake goes out in one batch, with the protocol features
 * acknowledged last time, and its replies are collected later (deferred),
 * each required to equal the last session's; one that differs ends the
 * session with the difference as evidence.
 */
int __vct_vu_reconnect(struct vct_vu *vu, const char *path, int timeout_ms, char *err, size_t errlen);
/* Only the connection: socket, connect, peer identity; nothing sent. */
int __vct_vu_dial(struct vct_vu *vu, const char *path, int timeout_ms, char *err, size_t errlen);
/* Close the socket (the back end sees the front end leave). Memory stays. */
void vct_vu_disconnect(struct vct_vu *vu);
/* Create the memfd guest memory: @size bytes at guest address @gpa. */
int __vct_vu_mem_create(struct vct_vu *vu, uint64_t gpa, uint64_t size);
void vct_vu_mem_destroy(struct vct_vu *vu);
/* Our address of guest range [gpa, gpa+len), or NULL outside the region. */
void *vct_vu_gpa(struct vct_vu *vu, uint64_t gpa, uint64_t len);
/* The front end's (vct's) user address the back end translates vring addresses from. */
uint64_t vct_vu_uaddr(struct vct_vu *vu, uint64_t gpa);

static inline bool vct_vu_has_proto(const struct vct_vu *vu, unsigned int bit)
{
	return (vu->proto_acked >> bit) & 1;
}

/* Queue messages from now on (at most one descriptor each) ... */
void vct_vu_batch_begin(struct vct_vu *vu);
/* ... and send what is queued, in order, in one system call where the socket takes it. */
int __vct_vu_flush(struct vct_vu *vu);
/* Raw framing: send one message (with @nfds descriptors), receive one. */
int __vct_vu_send(struct vct_vu *vu, uint32_t req, uint32_t flags, const void *payload, size_t len, const int *fds,
		  unsigned int nfds);
/*
 * Receive the reply to @req: validated header (see Guarantees), payload
 * size exactly @want_len (or, with @want_len == SIZE_MAX, anything up to
 * VU_MAX_PAYLOAD), at most @max_fds descriptors (others are closed and the
 * reply is -EPROTO).
 */
int __vct_vu_recv(struct vct_vu *vu, uint32_t req, size_t want_len, unsigned int max_fds, struct vu_msg *m);

/*
 * A request without a reply payload. With REPLY_ACK negotiated (and
 * vu->quiet clear) it is sent with need_reply and the ack is awaited:
 * -EREMOTEIO when the back end answered non-zero (in *@ack). Otherwise
 * nothing is awaited.
 */
int __vct_vu_request(struct vct_vu *vu, uint32_t req, const void *payload, size_t len, const int *fds,
		     unsigned int nfds, uint64_t *ack);
/* A request whose reply carries a u64 (GET_FEATURES, GET_PROTOCOL_FEATURES, GET_QUEUE_NUM, GET_STATUS, ...). */
int __vct_vu_get_u64(struct vct_vu *vu, uint32_t req, uint64_t *val);
/* Only its reply (the request went earlier, e.g. in a batch). */
int __vct_vu_recv_u64(struct vct_vu *vu, uint32_t req, uint64_t *val);
int __vct_vu_set_u64(struct vct_vu *vu, uint32_t req, uint64_t val);
/* SET_VRING_NUM / BASE / ENABLE: a vring state without reply. */
int __vct_vu_set_state(struct vct_vu *vu, uint32_t req, uint32_t index, uint32_t num);
/* GET_VRING_BASE: the index of the next available entry the back end would have processed. */
int __vct_vu_get_vring_base(struct vct_vu *vu, uint32_t index, uint32_t *base);
/*
 * GET_VRING_BASE without waiting: the ring stops in stream order (the back
 * end handles messages in order), and its reply is collected and validated
 * by the next receive (or __vct_vu_collect). For a caller that needs no base
 * and watches nothing of the ring afterwards.
 */
int __vct_vu_get_vring_base_deferred(struct vct_vu *vu, uint32_t index);
/*
 * A request sent without waiting whose reply is collected later (see pend):
 * with @ack its REPLY_ACK (need_reply is set; non-zero breaks the session,
 * naming the request), else a u64 reply that must equal @expect.
 */
int __vct_vu_send_deferred(struct vct_vu *vu, uint32_t req, const void *payload, size_t len, const int *fds,
			   unsigned int nfds, bool ack, uint64_t expect);
/* Collect every reply still owed (see pend): 0, or the first error (the connection is then broken). */
int __vct_vu_collect(struct vct_vu *vu);
/* SET_VRING_KICK / CALL / ERR with @fd, or no descriptor (polling) with @fd < 0. */
int __vct_vu_set_vring_fd(struct vct_vu *vu, uint32_t req, uint32_t index, int fd);
/* SET_MEM_TABLE of the memfd region. */
int __vct_vu_set_mem_table(struct vct_vu *vu);
/* GET_CONFIG of [@off, @off + @len); -EREMOTEIO when the back end answered with no payload (failure). */
int __vct_vu_get_config(struct vct_vu *vu, uint32_t off, uint32_t len, void *buf);
int __vct_vu_set_config(struct vct_vu *vu, uint32_t off, uint32_t len, const void *buf);

/* A reply the caller found wrong: break the connection with @fmt as the reason; returns @err. */
int vct_vu_fail(struct vct_vu *vu, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The request's name ("GET_VRING_BASE"), for evidence. */
const char *vct_vu_req_name(uint32_t req);
/* The protocol feature's name ("REPLY_ACK"), or NULL. */
const char *vct_vu_proto_name(unsigned int bit);

#endif
