/* SPDX-License-Identifier: MIT */
/* A FUSE session over the file system device's queues (fs.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fs.h"

void fs_start(struct vct_ctx *c, struct fs_sess *s, bool notification, uint32_t want)
{
	uint8_t init[64] = { 0 }, out[64] = { 0 };
	uint32_t blen = 0;
	int32_t err;
	int rqi;

	memset(s, 0, sizeof(*s));
	vct_dev_default_features(c->vd, s->b.features);
	if (notification) {
		vct_c_need_feature(c, FS_F_NOTIFICATION);
		s->b.features[0] |= 1ull << FS_F_NOTIFICATION;
	}
	s->b.features_set = true;
	s->b.nq = vct_devtype_nqueues(c->vd, s->b.features, VCT_MAX_QUEUES);
	rqi = vct_devtype_queue_index(c->vd, s->b.features, "requestq");
	if (rqi < 1 || (unsigned int)rqi >= s->b.nq)
		vct_abort(c, "fs: the queue layout has no request queue");
	vct_c_bringup(c, &s->b);
	s->hq = s->b.vq[0];
	s->rq = s->b.vq[rqi];
	/* uniques of this session: distinct from the request models' and from the last check's */
	s->unique = 0x5f5f000000000000ull | ((uint64_t)(getpid() & 0xffff) << 16);
	vct_put32(init, 7);		/* fuse_init_in.major */
	vct_put32(init + 4, 36);	/* minor */
	vct_put32(init + 8, 65536);	/* max_readahead */
	vct_put32(init + 12, want);	/* flags */
	err = fs_call(c, s, FUSE_INIT, 0, init, sizeof(init), out, sizeof(out), &blen);
	vct_step_begin(c);
	vct_require(c, err == 0 && blen >= 8 && vct_le_load(out, 4) == 7, "FUSE_INIT 7.36 reply",
		    "error 0 and a fuse_init_out with major 7", "error %d, %u body bytes, major %u", err, blen,
		    blen >= 4 ? (unsigned int)vct_le_load(out, 4) : 0);
	vct_step_end(c);
	if (blen >= 16)
		s->flags = (uint32_t)vct_le_load(out + 12, 4);
	if (blen >= 34 && (s->flags & FUSE_MAP_ALIGNMENT))
		s->map_align = (uint32_t)vct_le_load(out + 32, 2);
}

void fs_post(struct vct_ctx *c, struct fs_sess *s, struct vct_vq *vq, struct fs_msg *m, uint32_t op, uint64_t nodeid,
	     const void *arg, uint32_t arglen, uint32_t outcap)
{
	static const char *const names[] = {
		[FUSE_LOOKUP] = "FUSE_LOOKUP", [FUSE_FORGET] = "FUSE_FORGET", [FUSE_GETATTR] = "FUSE_GETATTR",
		[FUSE_SETATTR] = "FUSE_SETATTR", [FUSE_UNLINK] = "FUSE_UNLINK", [FUSE_OPEN] = "FUSE_OPEN",
		[FUSE_READ] = "FUSE_READ", [FUSE_WRITE] = "FUSE_WRITE", [FUSE_RELEASE] = "FUSE_RELEASE",
		[FUSE_INIT] = "FUSE_INIT", [FUSE_SETLK] = "FUSE_SETLK", [FUSE_SETLKW] = "FUSE_SETLKW",
		[FUSE_CREATE] = "FUSE_CREATE", [FUSE_INTERRUPT] = "FUSE_INTERRUPT",
		[FUSE_SETUPMAPPING] = "FUSE_SETUPMAPPING", [FUSE_REMOVEMAPPING] = "FUSE_REMOVEMAPPING",
	};
	/*
	 * The split of this request over its descriptors: none; the in header
	 * cut after 7 bytes; the out header cut after 5; header and body apart
	 * on both sides (as Linux lays them out).
	 */
	unsigned int v = s->calls++ % 4, n = 0;
	uint32_t inlen = FS_IN_HDR + arglen, cut_in, cut_out;
	struct vct_sg sg[4];
	uint8_t *h;

	memset(m, 0, sizeof(*m));
	m->vq = vq;
	m->what = op < sizeof(names) / sizeof(names[0]) && names[op] ? names[op] : "FUSE request";
	m->in = vct_c_dma(c, inlen);
	m->inlen = inlen;
	m->outcap = outcap;
	m->unique = ++s->unique;
	h = m->in->va;
	memset(h, 0, inlen);
	vct_put32(h, inlen);
	vct_put32(h + 4, op);
	vct_put64(h + 8, m->unique);
	vct_put64(h + 16, nodeid);
	vct_put32(h + 32, (uint32_t)getpid());	/* pid; uid and gid 0 */
	if (arglen)
		memcpy(h + FS_IN_HDR, arg, arglen);
	cut_in = v == 1 ? 7 : v == 3 && arglen ? FS_IN_HDR : 0;
	cut_out = v == 2 && outcap > 5 ? 5 : v == 3 && outcap > FS_OUT_HDR ? FS_OUT_HDR : 0;
	sg[n++] = (struct vct_sg){ .iova = m->in->iova, .len = cut_in ? cut_in : inlen };
	if (cut_in)
		sg[n++] = (struct vct_sg){ .iova = m->in->iova + cut_in, .len = inlen - cut_in };
	if (outcap) {
		m->out = vct_c_dma(c, outcap);
		memset(m->out->va, 0xee, outcap);
		sg[n++] = (struct vct_sg){ .iova = m->out->iova, .len = cut_out ? cut_out : outcap, .write = true };
		if (cut_out)
			sg[n++] = (struct vct_sg){ .iova = m->out->iova + cut_out, .len = outcap - cut_out,
						   .write = true };
	}
	m->head = vct_vq_add(vq, sg, n, m, 0);
	if (m->head < 0)
		vct_abort(c, "fs: cannot make %s available (%d)", m->what, m->head);
	vct_vq_notify(vq);
}

bool fs_wait(struct vct_ctx *c, struct fs_sess *s, const struct fs_msg *m, int ms, uint32_t *len)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;

	for (unsigned int i = 0; i < s->nearly; i++)
		if (s->early[i].token == m) {
			*len = s->early[i].len;
			s->early[i] = s->early[--s->nearly];
			return true;
		}
	for (;;) {
		struct vct_used_err e = { 0 };
		uint64_t now = vct_now_ms();
		void *token = NULL;
		uint16_t id = 0;
		int r;

		if (now >= deadline)
			return false;
		r = vct_vq_wait_used(m->vq, (int)(deadline - now), &id, len, &token, &e);
		if (r == -ETIMEDOUT)
			return false;
		/* A request with nothing device-writable (hiprio) completed with a used len: the completion stands. */
		if (r == -EPROTO && e.overlong && !e.wlen && e.id == (uint32_t)m->head) {
			*len = 0;
			return true;
		}
		if (r != 1) {
			vct_step_begin(c);
			vct_require(c, false, "used ring entry", "a valid used entry", "%s (waiting for %s)", e.why,
				    m->what);
		}
		if (token == m)
			return true;
		if (s->nearly < sizeof(s->early) / sizeof(s->early[0])) {
			s->early[s->nearly].token = token;
			s->early[s->nearly++].len = *len;
		}
	}
}

int32_t fs_reply(struct vct_ctx *c, const struct fs_msg *m, uint32_t len, void *body, uint32_t n, uint32_t *blen)
{
	const uint8_t *h = m->out->va;
	uint32_t olen;
	int32_t err;

	vct_step_begin(c);
	vct_require(c, len >= FS_OUT_HDR && len <= m->outcap, m->what, "a used len of 16 .. the writable bytes",
		    "used len %u (%u writable)", len, m->outcap);
	olen = (uint32_t)vct_le_load(h, 4);
	err = (int32_t)vct_le_load(h + 4, 4);
	vct_require(c, olen >= FS_OUT_HDR && olen <= len, "fuse_out_header.len", "16 .. the used len",
		    "%u (used len %u, %s)", olen, len, m->what);
	vct_require(c, vct_le_load(h + 8, 8) == m->unique, "fuse_out_header.unique", "the request's unique",
		    "0x%llx, expected 0x%llx (%s)", (unsigned long long)vct_le_load(h + 8, 8),
		    (unsigned long long)m->unique, m->what);
	vct_require(c, err <= 0 && err > -4096, "fuse_out_header.error", "0 or a negative errno", "%d (%s)", err,
		    m->what);
	vct_step_end(c);
	if (blen)
		*blen = olen - FS_OUT_HDR;
	if (body && n)
		memcpy(body, h + FS_OUT_HDR, olen - FS_OUT_HDR < n ? olen - FS_OUT_HDR : n);
	return err;
}

int32_t fs_call(struct vct_ctx *c, struct fs_sess *s, uint32_t op, uint64_t nodeid, const void *arg, uint32_t arglen,
		void *body, uint32_t n, uint32_t *blen)
{
	struct fs_msg m;
	uint32_t len = 0;
	bool done;

	fs_post(c, s, s->rq, &m, op, nodeid, arg, arglen, FS_OUT_HDR + (n > 64 ? n : 64));
	done = fs_wait(c, s, &m, c->timeout_ms, &len);
	vct_step_begin(c);
	vct_require(c, done, m.what, "completed", "no used entry within %d ms", c->timeout_ms);
	vct_step_end(c);
	return fs_reply(c, &m, len, body, n, blen);
}

void fs_create(struct vct_ctx *c, struct fs_sess *s, struct fs_file *f)
{
	uint8_t arg[16 + sizeof(f->name)] = { 0 }, out[144] = { 0 };
	uint32_t blen = 0;
	int32_t err;
	size_t l;

	l = (size_t)snprintf(f->name, sizeof(f->name), "vct-%d-%u", (int)getpid(), s->calls);
	vct_put32(arg, 02 | 0100 | 0200);	/* O_RDWR | O_CREAT | O_EXCL */
	vct_put32(arg + 4, 0100644);		/* mode */
	memcpy(arg + 16, f->name, l + 1);
	err = fs_call(c, s, FUSE_CREATE, 1, arg, (uint32_t)(16 + l + 1), out, sizeof(out), &blen);
	if (err)
		vct_skip(c, "device: the file system refused to create a scratch file in its root (FUSE_CREATE: errno %d)",
			 -err);
	vct_step_begin(c);
	vct_require(c, blen >= 144, "FUSE_CREATE reply", "fuse_entry_out and fuse_open_out (144 bytes)", "%u bytes",
		    blen);
	vct_step_end(c);
	f->nodeid = vct_le_load(out, 8);
	f->fh = vct_le_load(out + 128, 8);
}

void fs_remove(struct vct_ctx *c, struct fs_sess *s, struct fs_file *f)
{
	uint8_t rel[24] = { 0 };
	struct fs_msg m;
	uint32_t len;

	vct_put64(rel, f->fh);
	fs_post(c, s, s->rq, &m, FUSE_RELEASE, f->nodeid, rel, sizeof(rel), 64);
	fs_wait(c, s, &m, c->timeout_ms, &len);
	fs_post(c, s, s->rq, &m, FUSE_UNLINK, 1, f->name, (uint32_t)strlen(f->name) + 1, 64);
	fs_wait(c, s, &m, c->timeout_ms, &len);
}
