/* SPDX-License-Identifier: MIT */
/* File system device: the hiprio queue keeps going whatever the request queues are doing. */
#include <string.h>

#include "fs.h"

#define FS_F_WRLCK 1
#define FS_F_UNLCK 2
#define OWNER_A 0x766374000000000aull
#define OWNER_B 0x766374000000000bull
#define BURST 24

/* struct fuse_lk_in: fh, owner, a whole-file lock of @type. */
static void lk_in(uint8_t *a, uint64_t fh, uint64_t owner, uint32_t type)
{
	memset(a, 0, 48);
	vct_put64(a, fh);
	vct_put64(a + 8, owner);
	vct_put64(a + 24, ~0ull);	/* end: the whole file */
	vct_put32(a + 32, type);
	vct_put32(a + 36, 1);		/* pid */
}

/* A hiprio request (nothing device-writable) must be used within the check's wait. */
static void hiprio_used(struct vct_ctx *c, struct fs_sess *s, uint32_t op, uint64_t nodeid, uint64_t arg,
			const char *busy)
{
	struct fs_msg m;
	uint8_t a[8];
	uint32_t len = 0;

	vct_put64(a, arg);
	fs_post(c, s, s->hq, &m, op, nodeid, a, sizeof(a), 0);
	vct_report(c, fs_wait(c, s, &m, c->timeout_ms, &len), m.what, "used from hiprio while the request queue is busy",
		   "not used within %d ms, %s", c->timeout_ms, busy);
}

/*
 * D-1ad13603: the device does not pause hiprio for activity on a request
 * queue. The request queue is kept busy by a FUSE_SETLKW waiting for a lock
 * another owner holds, where the device does POSIX locks (FUSE_POSIX_LOCKS
 * granted, the first lock taken, the second one waiting); otherwise by a
 * burst of GETATTRs made available and notified just before. Then a
 * FUSE_FORGET (and, with the waiting lock, a FUSE_INTERRUPT of it) goes on
 * hiprio and must come back while that goes on.
 */
static void hiprio_not_paused(struct vct_ctx *c)
{
	struct fs_msg w, burst[BURST];
	struct fs_file f = { .nodeid = 0 };
	struct fs_sess s;
	uint8_t a[48], e[128];
	uint32_t len = 0;
	unsigned int n = 0;
	bool waiting = false;

	fs_start(c, &s, false, FUSE_POSIX_LOCKS);
	if (s.flags & FUSE_POSIX_LOCKS) {
		fs_create(c, &s, &f);
		lk_in(a, f.fh, OWNER_A, FS_F_WRLCK);
		if (fs_call(c, &s, FUSE_SETLK, f.nodeid, a, sizeof(a), NULL, 0, NULL) == 0) {
			lk_in(a, f.fh, OWNER_B, FS_F_WRLCK);
			fs_post(c, &s, s.rq, &w, FUSE_SETLKW, f.nodeid, a, sizeof(a), 64);
			waiting = !fs_wait(c, &s, &w, 100, &len);
			if (!waiting)
				fs_reply(c, &w, len, NULL, 0, NULL);	/* answered at once: a burst instead */
		}
	}
	if (waiting) {
		/* one more lookup of the file, so that the FORGET forgets something real */
		vct_step_begin(c);
		vct_require(c, fs_call(c, &s, FUSE_LOOKUP, 1, f.name, (uint32_t)strlen(f.name) + 1, e, sizeof(e), NULL) == 0,
			    "FUSE_LOOKUP of the scratch file", "error 0", "an error");
		vct_step_end(c);
		hiprio_used(c, &s, FUSE_FORGET, f.nodeid, 1, "a FUSE_SETLKW waiting on the request queue");
		hiprio_used(c, &s, FUSE_INTERRUPT, 0, w.unique, "the FUSE_SETLKW it interrupts waiting on the request queue");
		lk_in(a, f.fh, OWNER_A, FS_F_UNLCK);
		fs_call(c, &s, FUSE_SETLK, f.nodeid, a, sizeof(a), NULL, 0, NULL);
		if (fs_wait(c, &s, &w, c->timeout_ms, &len))
			fs_reply(c, &w, len, NULL, 0, NULL);	/* granted or interrupted: either is the device's choice */
	} else {
		uint8_t g[16] = { 0 };

		for (; n < BURST && 4 * (n + 2) <= s.rq->size; n++)
			fs_post(c, &s, s.rq, &burst[n], FUSE_GETATTR, 1, g, sizeof(g), FS_OUT_HDR + 104);
		hiprio_used(c, &s, FUSE_FORGET, 1, 0, "a burst of GETATTRs made available and notified on the request queue");
		for (unsigned int i = 0; i < n; i++) {
			bool done = fs_wait(c, &s, &burst[i], c->timeout_ms, &len);

			vct_step_begin(c);
			vct_require(c, done, "FUSE_GETATTR of the burst", "completed", "no used entry within %d ms",
				    c->timeout_ms);
			vct_step_end(c);
			fs_reply(c, &burst[i], len, NULL, 0, NULL);
		}
	}
	if (f.nodeid)
		fs_remove(c, &s, &f);
}

static const struct vct_check checks[] = {
	VCT_CHECK("fs.hiprio_not_paused", "D-1ad13603", hiprio_not_paused, .type = VCT_ID_FS),
};

VCT_SUITE(vct_suite_fs_hiprio, "fs", checks);
