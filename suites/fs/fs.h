/* SPDX-License-Identifier: MIT */
/*
 * The file system device's chapter (id 26): a FUSE session driven over the
 * device's queues (session.c) for the checks of config.c, hiprio.c and
 * dax.c. Messages are FUSE's, little-endian (the session's endianness is the
 * driver's choice in FUSE_INIT); each one a fuse_in_header and argument the
 * device reads, then a fuse_out_header and reply it writes, laid out over
 * the descriptors in a rotating choice of splits (the driver's latitude:
 * inside a header, between header and body, or none).
 */
#ifndef VCT_SUITES_FS_H
#define VCT_SUITES_FS_H

#include "types/types.h"

#define VCT_ID_FS 26
#define FS_F_NOTIFICATION 0

#define FS_IN_HDR 40	/* struct fuse_in_header */
#define FS_OUT_HDR 16	/* struct fuse_out_header */

enum {
	FUSE_LOOKUP = 1, FUSE_FORGET = 2, FUSE_GETATTR = 3, FUSE_SETATTR = 4, FUSE_UNLINK = 10, FUSE_OPEN = 14,
	FUSE_READ = 15, FUSE_WRITE = 16, FUSE_RELEASE = 18, FUSE_INIT = 26, FUSE_SETLK = 32, FUSE_SETLKW = 33,
	FUSE_CREATE = 35, FUSE_INTERRUPT = 36, FUSE_SETUPMAPPING = 48, FUSE_REMOVEMAPPING = 49,
};

#define FUSE_POSIX_LOCKS (1u << 1)
#define FUSE_MAP_ALIGNMENT (1u << 26)

/* One FUSE session over a brought-up device. */
struct fs_sess {
	struct vct_bringup b;
	struct vct_vq *hq, *rq;	/* hiprio and the request queue used */
	uint64_t unique;	/* the last unique handed out */
	uint32_t flags;		/* fuse_init_out.flags */
	uint32_t map_align;	/* log2 of the DAX mapping alignment (FUSE_MAP_ALIGNMENT), 0 without */
	unsigned int calls;	/* rotates the descriptor split */
	struct { void *token; uint32_t len; } early[64];	/* completions that came while waiting for another */
	unsigned int nearly;
};

/* A request made available: its buffers and how it went out. */
struct fs_msg {
	struct vct_vq *vq;
	struct vct_dma_buf *in, *out;
	uint32_t inlen, outcap;
	uint64_t unique;
	int head;
	const char *what;	/* "FUSE_LOOKUP": evidence */
};

/*
 * Bring the device up with its defaults (plus VIRTIO_FS_F_NOTIFICATION when
 * @notification: SKIP when not offered) and start a session: FUSE_INIT 7.36
 * asking for @want flags. A failing bring-up or INIT is a driver step's.
 */
void fs_start(struct vct_ctx *c, struct fs_sess *s, bool notification, uint32_t want);
/* Make a request available on @vq (not waited for): header for @op on @nodeid, @arg, room for @outcap reply bytes. */
void fs_post(struct vct_ctx *c, struct fs_sess *s, struct vct_vq *vq, struct fs_msg *m, uint32_t op, uint64_t nodeid,
	     const void *arg, uint32_t arglen, uint32_t outcap);
/* Wait up to @ms for @m's completion: true with the used len, false when it did not come. */
bool fs_wait(struct vct_ctx *c, struct fs_sess *s, const struct fs_msg *m, int ms, uint32_t *len);
/*
 * The reply to a completed request: requires (driver step) a fuse_out_header
 * whose len fits the used len and whose unique is the request's; returns its
 * error and copies at most @n bytes of the body into @body (@blen: its length).
 */
int32_t fs_reply(struct vct_ctx *c, const struct fs_msg *m, uint32_t len, void *body, uint32_t n, uint32_t *blen);
/* Post on the request queue, wait (a missing completion is a driver step's) and return the reply's error. */
int32_t fs_call(struct vct_ctx *c, struct fs_sess *s, uint32_t op, uint64_t nodeid, const void *arg, uint32_t arglen,
		void *body, uint32_t n, uint32_t *blen);

/* A scratch file the check creates in the root (SKIPs "device:" when the file system refuses). */
struct fs_file {
	char name[48];
	uint64_t nodeid, fh;
};
void fs_create(struct vct_ctx *c, struct fs_sess *s, struct fs_file *f);
/* Release and unlink it (no verdict: tidying up). */
void fs_remove(struct vct_ctx *c, struct fs_sess *s, struct fs_file *f);

#endif
