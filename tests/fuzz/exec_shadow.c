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
 * let the growing write through). The last cases: a live queue's refused
 * setup keeps the shadow of the queue the device still holds; then net's
 * transmit guard behind a chain it cannot judge. TAP on stdout.
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "guard.h"
#include "prog.h"

/* The held crashes' messages, as QEMU's last words hold them (guard.c's table). */
#define LIVE_SIZE_WORDS "_cached: Assertion `addr < cache->len && "
#define NET_TX_WORDS "iov_copy: Assertion `offset == 0' failed"

/* The programs' pieces. */
#define BRINGUP_SMALLQ "init steps=reset|ack|features|features-ok|queues|driver-ok|smallq\n"
/* After the features: an 8-entry queue live after DRIVER_OK, a chain, its queue_size grown to 16, a notification. */
#define GROW "qsetup q=0 size=0x8 vector=0xffff\nqenable q=0\nstatus value=0xf\n" \
	     "post q=0 parts=2\n  part buf flags=auto len=0x10 arg=0x0 next=0x0\n" \
	     "  part buf flags=auto|write len=0x201 arg=0x0 next=0x0\nqlive q=0 reg=0 value=0x10\nkick q=0\n"
/* A live queue set up again at 1024 entries (refused), then queue_size @size written. */
#define REFUSED_THEN(size) "qsetup q=0 size=0x400 vector=0xffff\nqlive q=0 reg=0 value=" size "\nwait units=1\n"
/* net: status 0x85 (FEATURES_OK and DRIVER cleared), a transmit chain of @len readable bytes, a notification. */
#define BACKWARD_TX(len) "status value=0x85\npost q=1 parts=1\n  part buf flags=auto len=" len " arg=0x0 next=0x0\n" \
			 "kick q=1\nwait units=1\n"

/* net: 15 readable bytes at 2^64 - 8 (a wild part), then a transmit chain of @len, a notification. */
#define WILD_THEN_TX(len) "post q=1 parts=1\n  part wild flags=auto len=0xf arg=0x3 next=0x0\n" \
			  "post q=1 parts=1\n  part buf flags=auto len=" len " arg=0x0 next=0x0\nkick q=1\nwait units=1\n"

static const struct shadow_case {
	const char *name, *prog;	/* the program, after its "vct-fuzz v1" line */
	bool declined;
	bool net;		/* on refdev:net with the transmit crash held, not blk with the live-size one */
} cases[] = {
	{ "EVENT_IDX negotiated: the growing write is declined",
	  "reset\nstatus value=0x3\nfeatures mode=raw lo=0x120000000 hi=0x0\nstatus value=0xb\n" GROW, true, false },
	{ "without EVENT_IDX: let through (the heads read stay inside the caches)",
	  "reset\nstatus value=0x3\nfeatures mode=raw lo=0x100000000 hi=0x0\nstatus value=0xb\n" GROW, false, false },
	{ "FEATURES_OK with no features, cleared, EVENT_IDX written, set again: declined",
	  "reset\nstatus value=0x3\nstatus value=0xb\nstatus value=0x3\n"
	  "features mode=raw lo=0x120000000 hi=0x0\nstatus value=0xb\n" GROW, true, false },
	{ "the same, FEATURES_OK set again with DRIVER_OK in one write: declined",
	  "reset\nstatus value=0x3\nstatus value=0xb\nstatus value=0x3\n"
	  "features mode=raw lo=0x120000000 hi=0x0\n" GROW, true, false },
	{ "FEATURES_OK with no features, kept: let through",
	  "reset\nstatus value=0x3\nstatus value=0xb\n" GROW, false, false },
	/*
	 * A live queue set up again at a larger size is refused (its
	 * queue_size reads what it holds, which setup takes for the maximum),
	 * and the device keeps the queue: so must the shadow (session 13's blk
	 * campaign died after such a refusal had dropped it, and a later
	 * queue_size write grew the queue unjudged).
	 */
	{ "a live 8-entry queue set up again at 1024 entries (refused), then queue_size 1024: declined",
	  BRINGUP_SMALLQ REFUSED_THEN("0x400"), true, false },
	{ "the same, queue_size 8 written: let through", BRINGUP_SMALLQ REFUSED_THEN("0x8"), false, false },
	{ "the same before DRIVER_OK: let through (no notification is held)",
	  "init steps=reset|ack|features|features-ok|queues|smallq\n" REFUSED_THEN("0x400"), false, false },
	/*
	 * A status write leaves QEMU's features as they were, FEATURES_OK
	 * cleared or not: virtio-net keeps its 12-byte header (VERSION_1), and
	 * a transmit chain of 10 readable bytes aborts it (session 13's net
	 * campaign died so after status 0x85; the guard had called the
	 * features unknown, the chain unsure).
	 */
	{ "net: status 0x85 after DRIVER_OK, a 10-byte transmit chain: declined", BRINGUP_SMALLQ BACKWARD_TX("0xa"),
	  true, true },
	{ "net: the same with a 13-byte chain: let through", BRINGUP_SMALLQ BACKWARD_TX("0xd"), false, true },
	/*
	 * A chain the guard cannot judge (15 readable bytes at the top of the
	 * address space, wrapping it) ahead of a short one: the device stops
	 * at the first or pops the second (session 14's net campaign died so).
	 */
	{ "net: an unjudged chain, then a 3-byte one: declined", BRINGUP_SMALLQ WILD_THEN_TX("0x3"), true, true },
	{ "net: the same with a 13-byte chain: let through", BRINGUP_SMALLQ WILD_THEN_TX("0xd"), false, true },
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

		snprintf(text, sizeof(text), "vct-fuzz v1\n%s", cases[i].prog);
		if (fz_parse(text, &p, err, sizeof(err))) {
			printf("not ok %u - %s # program does not parse: %s\n", i + 1, cases[i].name, err);
			fails++;
			continue;
		}
		if (!fz_guards_hold(&gs, cases[i].net ? 1 : 2, cases[i].net ? NET_TX_WORDS : LIVE_SIZE_WORDS, "exec_shadow")) {
			printf("not ok %u - %s # no guard holds the crash\n", i + 1, cases[i].name);
			fails++;
			continue;
		}
		if ((rc = fz_target_open(&tg, cases[i].net ? "refdev:net" : "refdev:blk,quirk=features-ok-no-version1", err,
					 sizeof(err)))) {
			printf("not ok %u - %s # refdev: %s\n", i + 1, cases[i].name, err);
			fails++;
			continue;
		}
		o.guards = &gs;
		rc = fz_run(&tg, &p, &o, &r);
		fz_target_close(&tg);
		unsigned long long declined = 0, checked = 0;

		for (unsigned int k = 0; k < gs.n; k++) {
			declined += gs.g[k].declined;
			checked += gs.g[k].checked;
		}
		bool ok = !rc && (declined > 0) == cases[i].declined;

		printf("%sok %u - %s # declined %llu of %llu checked, fz_run %d\n", ok ? "" : "not ", i + 1,
		       cases[i].name, declined, checked, rc);
		fails += !ok;
	}
	return fails ? 1 : 0;
}
