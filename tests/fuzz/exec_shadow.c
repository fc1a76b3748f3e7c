/* SPDX-License-Identifier: MIT */
/*
 * The executor's shadow of the device's features, as the held-crash guards
 * see it, on the reference device: whole programs run by fz_run() with a
 * guard held, each case saying whether the guard must decline. The guards'
 * own walks are tested on hand-made rings (guard_walk.c); this is what the
 * executor hands them.
 *
 * The live queue_size guard (QEMU 7.2's vring caches, guard.c live_kick)
 * judges one published blk chain differently with and without
 * VIRTIO_F_EVENT_IDX: with it, the grown queue's first pop writes
 * avail_event past the old caches (a crash), without it the head read stays
 * inside them. refdev's features-ok-no-version1 keeps FEATURES_OK for any
 * set, as QEMU does without VERSION_1, so a program can set FEATURES_OK
 * with no features, clear it, write EVENT_IDX and set it again (session
 * 12's blk campaign died so: the executor kept the empty set, and the guard
 * let the growing write through). TAP on stdout.
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "guard.h"
#include "prog.h"

/* The live-size guard's message, as QEMU's last words hold it (guard.c's table). */
#define LIVE_SIZE_WORDS "_cached: Assertion `addr < cache->len && "

static const char TAIL[] = "qsetup q=0 size=0x8 vector=0xffff\n"
			   "qenable q=0\n"
			   "status value=0xf\n"
			   "post q=0 parts=2\n"
			   "  part buf flags=auto len=0x10 arg=0x0 next=0x0\n"
			   "  part buf flags=auto|write len=0x201 arg=0x0 next=0x0\n"
			   "qlive q=0 reg=0 value=0x10\n"
			   "kick q=0\n";

static const struct shadow_case {
	const char *name, *head;	/* the program up to the queue's setup; TAIL follows */
	bool declined;
} cases[] = {
	{ "EVENT_IDX negotiated: the growing write is declined",
	  "reset\nstatus value=0x3\nfeatures mode=raw lo=0x120000000 hi=0x0\nstatus value=0xb\n", true },
	{ "without EVENT_IDX: let through (the heads read stay inside the caches)",
	  "reset\nstatus value=0x3\nfeatures mode=raw lo=0x100000000 hi=0x0\nstatus value=0xb\n", false },
	{ "FEATURES_OK with no features, cleared, EVENT_IDX written, set again: declined",
	  "reset\nstatus value=0x3\nstatus value=0xb\nstatus value=0x3\n"
	  "features mode=raw lo=0x120000000 hi=0x0\nstatus value=0xb\n", true },
	{ "the same, FEATURES_OK set again with DRIVER_OK in one write: declined",
	  "reset\nstatus value=0x3\nstatus value=0xb\nstatus value=0x3\n"
	  "features mode=raw lo=0x120000000 hi=0x0\n", true },
	{ "FEATURES_OK with no features, kept: let through",
	  "reset\nstatus value=0x3\nstatus value=0xb\n", false },
};

int main(void)
{
	unsigned int n = sizeof(cases) / sizeof(cases[0]), fails = 0;

	printf("1..%u\n", n);
	for (unsigned int i = 0; i < n; i++) {
		static struct fz_prog p;
		struct fz_target tg;
		struct fz_guards gs = { 0 };
		struct fz_exec_opts o = { 0 };
		struct fz_result r;
		char text[2048], err[256];
		int rc;

		snprintf(text, sizeof(text), "vct-fuzz v1\n%s%s", cases[i].head, TAIL);
		if (fz_parse(text, &p, err, sizeof(err))) {
			printf("not ok %u - %s # program does not parse: %s\n", i + 1, cases[i].name, err);
			fails++;
			continue;
		}
		if (!fz_guards_hold(&gs, 2, LIVE_SIZE_WORDS, "exec_shadow")) {
			printf("not ok %u - %s # no guard holds the live-size crash\n", i + 1, cases[i].name);
			fails++;
			continue;
		}
		if ((rc = fz_target_open(&tg, "refdev:blk,quirk=features-ok-no-version1", err, sizeof(err)))) {
			printf("not ok %u - %s # refdev: %s\n", i + 1, cases[i].name, err);
			fails++;
			continue;
		}
		o.guards = &gs;
		rc = fz_run(&tg, &p, &o, &r);
		fz_target_close(&tg);
		bool ok = !rc && (gs.g[0].declined > 0) == cases[i].declined;

		printf("%sok %u - %s # declined %llu of %llu checked, fz_run %d\n", ok ? "" : "not ", i + 1,
		       cases[i].name, gs.g[0].declined, gs.g[0].checked, rc);
		fails += !ok;
	}
	return fails ? 1 : 0;
}
