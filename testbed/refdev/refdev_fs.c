/* SPDX-License-Identifier: MIT */
/*
 * refdev: the file system device (id 26), a small in-memory FUSE server.
 *
 * Queues: 0 hiprio (FORGET, BATCH_FORGET, INTERRUPT: completed with nothing
 * written), 1 the notification queue with VIRTIO_FS_F_NOTIFICATION (its
 * buffers wait: this device emits no notify message, its notify_buf_size
 * still holds FUSE_NOTIFY_LOCK's), then one request queue (1 without the
 * feature, 2 with it). The file system: the root (nodeid 1) holding "hello"
 * and the files the driver creates, their data in memory. Operations:
 * INIT (a new session each time), LOOKUP, GETATTR, SETATTR (size), CREATE,
 * OPEN, READ, WRITE, RELEASE, UNLINK, GETLK, SETLK, SETLKW (one whole-file
 * POSIX lock per file; a SETLKW that must wait is kept until the lock is
 * released or an INTERRUPT names it), SETUPMAPPING and REMOVEMAPPING on a
 * 1 KiB DAX window (shared memory region 0, 256-byte alignment); every other
 * opcode ENOSYS, every unknown nodeid ENOENT, an unknown fh EBADF.
 *
 * This file is a part of refdev.c, included by it (after refdev_types.c)
 * so that it sees the device's state and DMA helpers. Built on its own it is empty.
 */
#ifdef RD_TYPES_IMPL

#define ID_FS			26
#define FS_F_NOTIFICATION	0

#define FS_IN_HDR		40
#define FS_OUT_HDR		16
#define FS_NODES		16
#define FS_DATA_MAX		65536
#define FS_WIN			0x400	/* the DAX window: 1 KiB of BAR4 (cfg_extra_caps) */
#define FS_ALIGN_LOG2		8
#define FS_UNITS		(FS_WIN >> FS_ALIGN_LOG2)
#define FS_HELD_SEGS		8
#define FS_TAG			"vct-refdev"

enum {
	FUSE_LOOKUP = 1, FUSE_FORGET = 2, FUSE_GETATTR = 3, FUSE_SETATTR = 4, FUSE_UNLINK = 10, FUSE_OPEN = 14,
	FUSE_READ = 15, FUSE_WRITE = 16, FUSE_RELEASE = 18, FUSE_INIT = 26, FUSE_GETLK = 31, FUSE_SETLK = 32,
	FUSE_SETLKW = 33, FUSE_CREATE = 35, FUSE_INTERRUPT = 36, FUSE_BATCH_FORGET = 42, FUSE_SETUPMAPPING = 48,
	FUSE_REMOVEMAPPING = 49,
};

#define FUSE_POSIX_LOCKS	(1u << 1)
#define FUSE_MAP_ALIGNMENT	(1u << 26)
#define FS_F_RDLCK		0
#define FS_F_WRLCK		1
#define FS_F_UNLCK		2

struct rd_fs_node {
	bool used, dir;
	char name[48];
	uint8_t *data;
	uint64_t size, nlookup;
	uint64_t lk_owner;	/* the one whole-file lock's owner, 0: unlocked */
	uint32_t lk_type;
};

struct rd_fs {
	bool init;			/* FUSE_INIT seen: a session runs */
	bool hiprio_due;		/* a lock was released: serve hiprio after the request queue's batch */
	struct rd_fs_node node[FS_NODES];	/* nodeid = index + 1; 0 the root */
	uint64_t fh[FS_NODES];		/* open handle i + 1: its nodeid, 0 free */
	/* a SETLKW waiting for a lock (kept: completed when it is granted or interrupted) */
	bool held;
	unsigned int held_qi, held_n;
	uint16_t held_head, held_ndesc;
	struct rd_seg held_seg[FS_HELD_SEGS];
	uint64_t held_wlen, held_unique, held_owner, held_node;
	uint32_t held_type;
	/* the DAX window, per 256-byte unit: the handle and file offset mapped there (fh 0: unmapped) */
	uint64_t map_fh[FS_UNITS], map_foff[FS_UNITS];
};

static struct rd_fs *fs_state(struct refdev *d)
{
	if (!d->fs) {
		d->fs = calloc(1, sizeof(*d->fs));
		if (!d->fs)
			return NULL;
		d->fs->node[0] = (struct rd_fs_node){ .used = true, .dir = true, .name = "" };
		d->fs->node[1] = (struct rd_fs_node){ .used = true, .name = "hello" };
		d->fs->node[1].data = malloc(4);
		if (d->fs->node[1].data) {
			memcpy(d->fs->node[1].data, "vct\n", 4);
			d->fs->node[1].size = 4;
		}
	}
	return d->fs;
}

static void fs_free(struct refdev *d)
{
	if (!d->fs)
		return;
	for (unsigned int i = 0; i < FS_NODES; i++)
		free(d->fs->node[i].data);
	free(d->fs);
	d->fs = NULL;
}

static void fs_init(struct refdev *d)
{
	memset(d->devcfg, 0, 44);
	memcpy(d->devcfg, FS_TAG, sizeof(FS_TAG) - 1);
	put32(d->devcfg + 36, QK(d, Q_FS_REQUEST_QUEUES_ZERO) ? 0 : 1);	/* num_request_queues */
	/* notify_buf_size: fuse_out_header and fuse_notify_lock_out, FUSE_NOTIFY_LOCK's 32 bytes (D-88a5c3dc) */
	put32(d->devcfg + 40, QK(d, Q_FS_NOTIFY_BUF_SHORT) ? FS_OUT_HDR : FS_OUT_HDR + 16);
}

/* A virtio reset ends the session: handles, locks, mappings and a kept request go; files stay. */
static void fs_reset(struct refdev *d)
{
	struct rd_fs *fs = d->fs;

	if (!fs)
		return;
	fs->init = false;
	fs->held = false;
	memset(fs->fh, 0, sizeof(fs->fh));
	memset(fs->map_fh, 0, sizeof(fs->map_fh));
	for (unsigned int i = 0; i < FS_NODES; i++) {
		fs->node[i].lk_owner = 0;
		fs->node[i].nlookup = 0;
	}
}

static struct rd_fs_node *fs_node(struct rd_fs *fs, uint64_t nodeid)
{
	return nodeid >= 1 && nodeid <= FS_NODES && fs->node[nodeid - 1].used ? &fs->node[nodeid - 1] : NULL;
}

/* The nodeid of an open handle, 0 when @fh is none. */
static uint64_t fs_fh(struct rd_fs *fs, uint64_t fh)
{
	return fh >= 1 && fh <= FS_NODES && fs->fh[fh - 1] && fs_node(fs, fs->fh[fh - 1]) ? fs->fh[fh - 1] : 0;
}

/* struct fuse_attr (88 bytes) of node @id. */
static void fs_attr(struct rd_fs *fs, uint64_t id, uint8_t *a)
{
	const struct rd_fs_node *n = &fs->node[id - 1];

	memset(a, 0, 88);
	put64(a, id);					/* ino */
	put64(a + 8, n->size);
	put64(a + 16, (n->size + 511) / 512);		/* blocks */
	put32(a + 60, n->dir ? 040755 : 0100644);	/* mode */
	put32(a + 64, n->dir ? 2 : 1);			/* nlink */
	put32(a + 84, 4096);				/* blksize */
}

/* struct fuse_entry_out (128 bytes) of node @id; counts the lookup. */
static void fs_entry(struct rd_fs *fs, uint64_t id, uint8_t *e)
{
	memset(e, 0, 40);
	put64(e, id);		/* nodeid; generation, entry and attr validity 0: nothing cached */
	fs_attr(fs, id, e + 40);
	fs->node[id - 1].nlookup++;
}

/* The NUL-terminated name after @off of the request; false when there is none. */
static bool fs_name(const uint8_t *m, uint32_t len, uint32_t off, char *name, size_t n)
{
	size_t l;

	if (off >= len)
		return false;
	l = strnlen((const char *)m + off, len - off);
	if (l == len - off || l == 0 || l >= n)
		return false;
	memcpy(name, m + off, l + 1);
	return true;
}

static uint64_t fs_child(struct rd_fs *fs, const char *name)
{
	for (unsigned int i = 1; i < FS_NODES; i++)
		if (fs->node[i].used && !strcmp(fs->node[i].name, name))
			return i + 1;
	return 0;
}

static uint64_t fs_open_fh(struct rd_fs *fs, uint64_t id)
{
	for (unsigned int i = 0; i < FS_NODES; i++)
		if (!fs->fh[i]) {
			fs->fh[i] = id;
			return i + 1;
		}
	return 0;
}

/* Write the reply (out header + @len bytes of @body) into the chain; the bytes written. */
static int fs_reply(struct refdev *d, const struct rd_chain *c, uint64_t unique, int32_t err, const void *body,
		    uint32_t len, uint32_t *written)
{
	uint8_t h[FS_OUT_HDR];

	*written = 0;
	if (err || c->wlen < FS_OUT_HDR + (uint64_t)len) {
		if (!err)
			err = -ERANGE;	/* the driver's buffer cannot take the reply */
		len = 0;
	}
	if (c->wlen < FS_OUT_HDR)
		return 0;
	put32(h, FS_OUT_HDR + len);
	put32(h + 4, (uint32_t)err);
	put64(h + 8, unique);
	if (chain_write(d, c, 0, h, FS_OUT_HDR) || (len && chain_write(d, c, FS_OUT_HDR, body, len)))
		return -EFAULT;
	*written = FS_OUT_HDR + len;
	return 0;
}

/* Complete the kept SETLKW with @err (0: granted). */
static void fs_held_done(struct refdev *d, int32_t err)
{
	struct rd_fs *fs = d->fs;
	struct rd_queue *q = &d->q[fs->held_qi];
	struct rd_chain h = { .head = fs->held_head, .ndesc = fs->held_ndesc, .seg = fs->held_seg, .n = fs->held_n,
			      .wlen = fs->held_wlen };
	uint16_t old = q->used_idx;
	uint32_t written = 0;

	fs->held = false;
	if (!err) {
		fs->node[fs->held_node - 1].lk_owner = fs->held_owner;
		fs->node[fs->held_node - 1].lk_type = fs->held_type;
	}
	if (fs_reply(d, &h, fs->held_unique, err, NULL, 0, &written) < 0 || rd_complete(d, q, &h, written) < 0) {
		rd_fatal(d, q);
		return;
	}
	rd_batch_done(d, q, old);
}

/* GETLK, SETLK, SETLKW: struct fuse_lk_in (fh, owner, file_lock{start, end, type, pid}, lk_flags). */
static int fs_lock(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t op, uint64_t unique,
		   uint64_t id, const uint8_t *m, uint32_t len, uint32_t *written)
{
	struct rd_fs *fs = d->fs;
	struct rd_fs_node *n = fs_node(fs, id);
	uint64_t owner;
	uint32_t type;
	bool conflict;

	if (len < FS_IN_HDR + 48)
		return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
	if (!n || n->dir)
		return fs_reply(d, c, unique, n ? -EISDIR : -ENOENT, NULL, 0, written);
	owner = get64(m + FS_IN_HDR + 8);
	type = get32(m + FS_IN_HDR + 32);
	conflict = n->lk_owner && n->lk_owner != owner && (type == FS_F_WRLCK || n->lk_type == FS_F_WRLCK);
	if (op == FUSE_GETLK) {
		uint8_t lk[24] = { 0 };

		put64(lk + 8, ~0ull);
		put32(lk + 16, conflict ? n->lk_type : FS_F_UNLCK);
		return fs_reply(d, c, unique, 0, lk, 24, written);
	}
	if (type == FS_F_UNLCK) {
		if (n->lk_owner == owner) {
			n->lk_owner = 0;
			if (fs->held && fs->held_node == id)
				fs_held_done(d, 0);
			/* hiprio's work paused for the kept request goes on after this batch (fs-hiprio-paused) */
			fs->hiprio_due = true;
		}
		return fs_reply(d, c, unique, 0, NULL, 0, written);
	}
	if (type != FS_F_RDLCK && type != FS_F_WRLCK)
		return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
	if (!conflict) {
		if (!n->lk_owner || n->lk_owner == owner) {
			n->lk_owner = owner;
			n->lk_type = type;
		}
		return fs_reply(d, c, unique, 0, NULL, 0, written);
	}
	if (op == FUSE_SETLK || fs->held || c->n > FS_HELD_SEGS)
		return fs_reply(d, c, unique, op == FUSE_SETLK ? -EAGAIN : -ENOLCK, NULL, 0, written);
	/* SETLKW: wait for the lock, keeping the request */
	fs->held = true;
	fs->held_qi = qi;
	fs->held_head = c->head;
	fs->held_ndesc = c->ndesc;
	fs->held_n = c->n;
	memcpy(fs->held_seg, c->seg, sizeof(*c->seg) * c->n);
	fs->held_wlen = c->wlen;
	fs->held_unique = unique;
	fs->held_owner = owner;
	fs->held_node = id;
	fs->held_type = type;
	return RD_KEPT;
}

/* SETUPMAPPING (fuse_setupmapping_in: fh, foffset, len, flags, moffset) and REMOVEMAPPING. */
static int fs_map(struct refdev *d, const struct rd_chain *c, uint32_t op, uint64_t unique, const uint8_t *m,
		  uint32_t len, uint32_t *written)
{
	struct rd_fs *fs = d->fs;
	const uint64_t mask = (1u << FS_ALIGN_LOG2) - 1;

	if (op == FUSE_SETUPMAPPING) {
		uint64_t fh, foff, l, moff;

		if (len < FS_IN_HDR + 40)
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		fh = get64(m + FS_IN_HDR);
		foff = get64(m + FS_IN_HDR + 8);
		l = get64(m + FS_IN_HDR + 16);
		moff = get64(m + FS_IN_HDR + 32);
		if (!fs_fh(fs, fh))
			return fs_reply(d, c, unique, -EBADF, NULL, 0, written);
		if (!l || (foff | l | moff) & mask)
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		/* the window's end (D-c6bb171c) */
		if (!QK(d, Q_FS_DAX_BEYOND_END) && (moff >= FS_WIN || l > FS_WIN - moff))
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		for (uint64_t u = moff >> FS_ALIGN_LOG2; u < (moff + l) >> FS_ALIGN_LOG2 && u < FS_UNITS; u++)
			if (fs->map_fh[u] && QK(d, Q_FS_DAX_OVERLAP_REFUSED))
				return fs_reply(d, c, unique, -EBUSY, NULL, 0, written);
		/* an overlapped mapping is replaced or split: per unit, the new one wins (D-4f54bf11) */
		for (uint64_t u = moff >> FS_ALIGN_LOG2, k = 0; u < (moff + l) >> FS_ALIGN_LOG2 && u < FS_UNITS; u++, k++) {
			fs->map_fh[u] = fh;
			fs->map_foff[u] = foff + (k << FS_ALIGN_LOG2);
		}
		return fs_reply(d, c, unique, 0, NULL, 0, written);
	}
	/* fuse_removemapping_in { count } then count fuse_removemapping_one { moffset, len } */
	if (len < FS_IN_HDR + 4)
		return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
	for (uint32_t i = 0, n = get32(m + FS_IN_HDR); i < n; i++) {
		uint32_t at = FS_IN_HDR + 4 + 16 * i;
		uint64_t moff, l;

		if (at + 16 > len)
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		moff = get64(m + at);
		l = get64(m + at + 8);
		if ((moff | l) & mask || moff >= FS_WIN || l > FS_WIN - moff)
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		for (uint64_t u = moff >> FS_ALIGN_LOG2; u < (moff + l) >> FS_ALIGN_LOG2; u++)
			fs->map_fh[u] = 0;
	}
	return fs_reply(d, c, unique, 0, NULL, 0, written);
}

/* Whether the file behind handle @fh is mapped into the DAX window. */
static bool fs_mapped(const struct rd_fs *fs, uint64_t fh)
{
	for (unsigned int u = 0; u < FS_UNITS; u++)
		if (fs->map_fh[u] && fs->fh[fs->map_fh[u] - 1] == fs->fh[fh - 1])
			return true;
	return false;
}

/* READ and WRITE (fuse_read_in / fuse_write_in: fh, offset, size, ...; the data follows a write's 40 bytes). */
static int fs_rw(struct refdev *d, const struct rd_chain *c, uint32_t op, uint64_t unique, const uint8_t *m,
		 uint32_t len, uint32_t *written)
{
	struct rd_fs *fs = d->fs;
	uint64_t fh, off, id;
	uint32_t size;
	struct rd_fs_node *n;

	if (len < FS_IN_HDR + 40)
		return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
	fh = get64(m + FS_IN_HDR);
	off = get64(m + FS_IN_HDR + 8);
	size = get32(m + FS_IN_HDR + 16);
	id = fs_fh(fs, fh);
	if (!id)
		return fs_reply(d, c, unique, -EBADF, NULL, 0, written);
	/* fs-rw-enosys-with-dax: a file mapped into the window is only reachable through it (D-6f77830b) */
	if (QK(d, Q_FS_RW_ENOSYS_WITH_DAX) && fs_mapped(fs, fh))
		return fs_reply(d, c, unique, -ENOSYS, NULL, 0, written);
	n = &fs->node[id - 1];
	if (op == FUSE_READ) {
		uint32_t got = off >= n->size ? 0 : (uint32_t)(n->size - off < size ? n->size - off : size);

		return fs_reply(d, c, unique, 0, got ? n->data + off : NULL, got, written);
	}
	if (size > len - FS_IN_HDR - 40 || off > FS_DATA_MAX || size > FS_DATA_MAX - off)
		return fs_reply(d, c, unique, size > len - FS_IN_HDR - 40 ? -EINVAL : -EFBIG, NULL, 0, written);
	if (off + size > n->size) {
		uint8_t *p = realloc(n->data, off + size);

		if (!p)
			return fs_reply(d, c, unique, -ENOSPC, NULL, 0, written);
		memset(p + n->size, 0, off + size - n->size);
		n->data = p;
		n->size = off + size;
	}
	memcpy(n->data + off, m + FS_IN_HDR + 40, size);
	{
		uint8_t wo[8] = { 0 };

		put32(wo, size);
		return fs_reply(d, c, unique, 0, wo, 8, written);
	}
}

/* One FUSE request: its message is read whole (at most the header, a 40-byte argument and 64 KiB of data). */
static int fs_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	static uint8_t m[FS_IN_HDR + 64 + FS_DATA_MAX];
	struct rd_fs *fs = fs_state(d);
	uint8_t out[160] = { 0 };
	uint32_t len, op;
	uint64_t unique, id;
	struct rd_fs_node *n;
	char name[48];
	int r;

	*written = 0;
	if (!fs)
		return -ENOMEM;
	if (c->rlen < FS_IN_HDR)
		return 0;	/* no request: completed with nothing written */
	len = c->rlen < sizeof(m) ? (uint32_t)c->rlen : (uint32_t)sizeof(m);
	r = chain_read(d, c, 0, m, len);
	if (r)
		return r;
	if (get32(m) < len)
		len = get32(m) < FS_IN_HDR ? FS_IN_HDR : get32(m);	/* fuse_in_header.len bounds the message */
	op = get32(m + 4);
	unique = get64(m + 8);
	id = get64(m + 16);
	if (qi == 0) {
		/* hiprio: nothing is written back */
		if (op == FUSE_FORGET && len >= FS_IN_HDR + 8 && (n = fs_node(fs, id)))
			n->nlookup -= get64(m + FS_IN_HDR) < n->nlookup ? get64(m + FS_IN_HDR) : n->nlookup;
		else if (op == FUSE_INTERRUPT && len >= FS_IN_HDR + 8 && fs->held && fs->held_unique == get64(m + FS_IN_HDR))
			fs_held_done(d, -EINTR);
		return 0;
	}
	if (op == FUSE_INIT) {
		uint32_t major = len >= FS_IN_HDR + 8 ? get32(m + FS_IN_HDR) : 0;
		uint32_t minor = len >= FS_IN_HDR + 8 ? get32(m + FS_IN_HDR + 4) : 0, want = len >= FS_IN_HDR + 16 ? get32(m + FS_IN_HDR + 12) : 0;

		if (major < 7)
			return fs_reply(d, c, unique, -EPROTO, NULL, 0, written);
		if (fs->held)
			fs_held_done(d, -EINTR);	/* the old session's waiting lock ends with it */
		fs_reset(d);
		put32(out, 7);
		put32(out + 4, major > 7 || minor > 36 ? 36 : minor);
		if (major > 7)
			return fs_reply(d, c, unique, 0, out, 8, written);	/* the driver retries with 7 */
		fs->init = true;
		put32(out + 8, get32(m + FS_IN_HDR + 8));	/* max_readahead */
		put32(out + 12, want & (FUSE_POSIX_LOCKS | FUSE_MAP_ALIGNMENT));
		put16(out + 16, 16);		/* max_background */
		put32(out + 20, FS_DATA_MAX);	/* max_write */
		put16(out + 32, FS_ALIGN_LOG2);	/* map_alignment */
		return fs_reply(d, c, unique, 0, out, minor < 5 ? 8 : minor < 23 ? 24 : 64, written);
	}
	if (!fs->init)
		return fs_reply(d, c, unique, -EIO, NULL, 0, written);
	switch (op) {
	case FUSE_LOOKUP:
		if (!fs_node(fs, id) || !fs->node[id - 1].dir)
			return fs_reply(d, c, unique, fs_node(fs, id) ? -ENOTDIR : -ENOENT, NULL, 0, written);
		if (!fs_name(m, len, FS_IN_HDR, name, sizeof(name)) || !(id = fs_child(fs, name)))
			return fs_reply(d, c, unique, -ENOENT, NULL, 0, written);
		fs_entry(fs, id, out);
		return fs_reply(d, c, unique, 0, out, 128, written);
	case FUSE_GETATTR:
	case FUSE_SETATTR:
		if (!(n = fs_node(fs, id)))
			return fs_reply(d, c, unique, -ENOENT, NULL, 0, written);
		if (op == FUSE_SETATTR && len >= FS_IN_HDR + 88 && (get32(m + FS_IN_HDR) & (1u << 3))) {
			uint64_t size = get64(m + FS_IN_HDR + 16);	/* FATTR_SIZE */
			uint8_t *p;

			if (n->dir || size > FS_DATA_MAX)
				return fs_reply(d, c, unique, n->dir ? -EISDIR : -EFBIG, NULL, 0, written);
			p = realloc(n->data, size ? size : 1);
			if (!p)
				return fs_reply(d, c, unique, -ENOSPC, NULL, 0, written);
			if (size > n->size)
				memset(p + n->size, 0, size - n->size);
			n->data = p;
			n->size = size;
		}
		fs_attr(fs, id, out + 16);	/* fuse_attr_out: validity 0 */
		return fs_reply(d, c, unique, 0, out, 104, written);
	case FUSE_CREATE:
		if (id != 1)
			return fs_reply(d, c, unique, fs_node(fs, id) ? -ENOTDIR : -ENOENT, NULL, 0, written);
		if (!fs_name(m, len, FS_IN_HDR + 16, name, sizeof(name)))
			return fs_reply(d, c, unique, -EINVAL, NULL, 0, written);
		if (!(id = fs_child(fs, name))) {
			for (unsigned int i = 1; i < FS_NODES && !id; i++)
				if (!fs->node[i].used) {
					fs->node[i] = (struct rd_fs_node){ .used = true };
					memcpy(fs->node[i].name, name, strlen(name) + 1);
					id = i + 1;
				}
			if (!id)
				return fs_reply(d, c, unique, -ENOSPC, NULL, 0, written);
		}
		fs_entry(fs, id, out);
		put64(out + 128, fs_open_fh(fs, id));
		return fs_reply(d, c, unique, get64(out + 128) ? 0 : -EMFILE, out, 144, written);
	case FUSE_OPEN:
		if (!(n = fs_node(fs, id)))
			return fs_reply(d, c, unique, -ENOENT, NULL, 0, written);
		put64(out, fs_open_fh(fs, id));
		return fs_reply(d, c, unique, get64(out) ? 0 : -EMFILE, out, 16, written);
	case FUSE_RELEASE:
		if (len < FS_IN_HDR + 24 || !fs_fh(fs, get64(m + FS_IN_HDR)))
			return fs_reply(d, c, unique, -EBADF, NULL, 0, written);
		fs->fh[get64(m + FS_IN_HDR) - 1] = 0;
		return fs_reply(d, c, unique, 0, NULL, 0, written);
	case FUSE_READ:
	case FUSE_WRITE:
		return fs_rw(d, c, op, unique, m, len, written);
	case FUSE_UNLINK:
		if (id != 1 || !fs_name(m, len, FS_IN_HDR, name, sizeof(name)) || !(id = fs_child(fs, name)))
			return fs_reply(d, c, unique, -ENOENT, NULL, 0, written);
		free(fs->node[id - 1].data);
		fs->node[id - 1] = (struct rd_fs_node){ 0 };
		for (unsigned int i = 0; i < FS_NODES; i++)
			if (fs->fh[i] == id)
				fs->fh[i] = 0;
		return fs_reply(d, c, unique, 0, NULL, 0, written);
	case FUSE_GETLK:
	case FUSE_SETLK:
	case FUSE_SETLKW:
		return fs_lock(d, qi, c, op, unique, id, m, len, written);
	case FUSE_SETUPMAPPING:
	case FUSE_REMOVEMAPPING:
		return fs_map(d, c, op, unique, m, len, written);
	default:
		return fs_reply(d, c, unique, -ENOSYS, NULL, 0, written);
	}
}

static void fs_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 1 && NEG(d, FS_F_NOTIFICATION))
		return;		/* notification buffers wait: this device emits no notify message */
	/* fs-hiprio-paused: hiprio waits while a request queue holds a request in progress (D-1ad13603) */
	if (qi == 0 && QK(d, Q_FS_HIPRIO_PAUSED) && d->fs && d->fs->held)
		return;
	rd_serve(d, qi, fs_req);
	if (qi != 0 && d->fs && d->fs->hiprio_due) {
		d->fs->hiprio_due = false;
		fs_queue(d, 0);
	}
}

#endif
