/* SPDX-License-Identifier: MIT */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hostact.h"
#include "progress.h"
#include "results.h"
#include "tap.h"
#include "tapread.h"
#include "util.h"

void __vct_report(struct vct_ctx *c, bool ok, const char *file, int line, const char *what,
		  const char *expected, const char *seen_fmt, ...)
{
	struct vct_evidence *e;
	va_list ap;

	if (ok) {
		c->res.npass++;
		return;
	}
	c->res.nfail++;
	if (c->res.nev >= VCT_MAX_EVIDENCE)
		return;
	e = &c->res.ev[c->res.nev++];
	snprintf(e->what, sizeof(e->what), "%s", what);
	snprintf(e->expected, sizeof(e->expected), "%s", expected);
	va_start(ap, seen_fmt);
	vsnprintf(e->seen, sizeof(e->seen), seen_fmt, ap);
	va_end(ap);
	e->file = file;
	e->line = line;
	e->origin = c->steps ? VCT_EV_STEP : VCT_EV_CHECK;
}

const char *vct_ev_origin_name(enum vct_ev_origin o)
{
	switch (o) {
	case VCT_EV_CHECK: return "check";
	case VCT_EV_STEP: return "step";
	case VCT_EV_BACKSTOP: return "backstop";
	case VCT_EV_REMOVAL: return "removal";
	}
	return "?";
}

void __vct_stop(struct vct_ctx *c, enum vct_outcome o, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->res.reason, sizeof(c->res.reason), fmt, ap);
	va_end(ap);
	c->res.outcome = o;
	c->res.file = file;
	c->res.line = line;
	longjmp(c->out, 1);
}

/* Run one check body in this process; the outcome lands in c->res. */
static void run_body(struct vct_ctx *c)
{
	c->res.outcome = VCT_PASS;
	if (setjmp(c->out) == 0)
		c->check->run(c);
	/* A stop with VCT_FAIL or any recorded failure makes it a failure. */
	if (c->res.outcome == VCT_PASS && c->res.nfail)
		c->res.outcome = VCT_FAIL;
	if (c->res.outcome == VCT_FAIL && !c->res.nfail)
		c->res.nfail = 1;
	/* A robustness run: the health probe judges what the case left, in the case's own process. */
	if (c->after)
		c->after(c);
	/* Host-side actions the check took are undone, so the next check finds the device as the run did. */
	vct_host_restore(vct_dev_host(c->vd), VCT_HOST_RESTORE_MS);
	/* Whatever the check left behind, in this process. */
	vct_dev_release(c->vd);
}

/* The live status line of a run (a terminal only). */
struct run_progress {
	unsigned int n, plan;
	const struct vct_summary *sum;
	const char *check;
	uint64_t t0;
};

static void progress_draw(const struct run_progress *p)
{
	if (!p)
		return;
	vct_progress("[vct] %u/%u %s | %u pass, %u fail, %u skip, %u error | %llus", p->n, p->plan, p->check,
		     p->sum->pass, p->sum->fail + p->sum->quirk, p->sum->skip, p->sum->error,
		     (unsigned long long)(vct_now_ms() - p->t0) / 1000);
}

static int read_full(int fd, void *buf, size_t len, uint64_t deadline, const struct run_progress *prog)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		uint64_t now = vct_now_ms(), left = now >= deadline ? 0 : deadline - now;
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		/* Wake up every second to keep the elapsed time on a terminal moving. */
		int r = poll(&pf, 1, (int)(prog && left > 1000 ? 1000 : left));
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && left) {
			progress_draw(prog);
			continue;
		}
		if (r <= 0)
			return -ETIMEDOUT;
		n = read(fd, p + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;	/* child died before it reported */
		got += (size_t)n;
	}
	return 0;
}

/*
 * Backstop kill: whose fault? Every wait of a check for the device is
 * bounded by --timeout and returns by itself; a check still running at the
 * backstop is either slow or stuck in vct (a harness error: it says nothing
 * about the device), or stuck inside a device access that does not return.
 * Only the last is the device's, and only where it is provable: the check
 * had entered a bounded device wait (vct_wait_enter()) whose deadline passed
 * more than STALL_GRACE_MS before the kill, so that wait could not get back
 * to its own deadline test; the device stalled the access it was making.
 */
#define STALL_GRACE_MS 1000

static void backstop_verdict(struct vct_ctx *c, const struct vct_run_opts *o, uint64_t wait_deadline)
{
	uint64_t now = vct_now_ms();

	memset(&c->res, 0, sizeof(c->res));
	if (wait_deadline && now >= wait_deadline + STALL_GRACE_MS) {
		c->res.outcome = VCT_FAIL;
		c->res.nfail = 1;
		c->res.nev = 1;
		snprintf(c->res.ev[0].what, sizeof(c->res.ev[0].what), "device access inside a bounded wait");
		snprintf(c->res.ev[0].expected, sizeof(c->res.ev[0].expected),
			 "the wait returns by its deadline (%d ms)", o->wait_ms);
		snprintf(c->res.ev[0].seen, sizeof(c->res.ev[0].seen),
			 "still inside it %llu ms after its deadline; the device stopped answering (killed at %d ms)",
			 (unsigned long long)(now - wait_deadline), o->check_timeout_ms);
		c->res.ev[0].file = __FILE__;
		c->res.ev[0].line = __LINE__;
		c->res.ev[0].origin = VCT_EV_BACKSTOP;
		return;
	}
	c->res.outcome = VCT_ERROR;
	snprintf(c->res.reason, sizeof(c->res.reason),
		 "the check did not finish within --check-timeout %d ms and was killed %s; raise --check-timeout",
		 o->check_timeout_ms, wait_deadline ? "inside a device wait that had not run out" : "outside any device wait");
	c->res.file = c->check->name;
	c->res.line = 0;
}

/*
 * The device's own process died while the check or case ran (a device living
 * in the check's process noted its last words first, vct_device_dies()): the
 * device crashed, whatever the check was about. Its message is the evidence.
 */
static void device_crashed(struct vct_ctx *c, const char *msg, int status)
{
	struct vct_evidence *e = &c->res.ev[0];

	memset(&c->res, 0, sizeof(c->res));
	c->res.outcome = VCT_FAIL;
	c->res.verdict = VCT_VERDICT_CRASHED;
	c->res.nfail = 1;
	c->res.nev = 1;
	snprintf(c->res.vnote, sizeof(c->res.vnote), "the device's process died%s%s",
		 WIFSIGNALED(status) ? " of " : "", WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "");
	snprintf(e->what, sizeof(e->what), "the device's process");
	snprintf(e->expected, sizeof(e->expected), "keeps running");
	snprintf(e->seen, sizeof(e->seen), "%.*s", (int)sizeof(e->seen) - 1, msg);
	e->file = __FILE__;
	e->line = __LINE__;
	e->origin = VCT_EV_CHECK;
}

static void run_forked(struct vct_ctx *c, const struct vct_run_opts *o, const struct run_progress *prog)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)o->check_timeout_ms;
	int pfd[2], status = 0, r;
	pid_t pid;

	if (vct_wait_mark) {
		vct_wait_mark->deadline_ms = 0;
		vct_wait_mark->device_died[0] = 0;
	}

	if (pipe2(pfd, O_CLOEXEC)) {
		snprintf(c->res.reason, sizeof(c->res.reason), "pipe: %s", strerror(errno));
		c->res.outcome = VCT_ERROR;
		c->res.file = __FILE__;
		c->res.line = __LINE__;
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		run_body(c);
		if (write(pfd[1], &c->res, sizeof(c->res)) != sizeof(c->res))
			_exit(3);
		_exit(0);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		snprintf(c->res.reason, sizeof(c->res.reason), "fork: %s", strerror(errno));
		c->res.outcome = VCT_ERROR;
		c->res.file = __FILE__;
		c->res.line = __LINE__;
		return;
	}
	r = read_full(pfd[0], &c->res, sizeof(c->res), deadline, prog);
	close(pfd[0]);
	if (r == -ETIMEDOUT) {
		uint64_t wait_deadline;

		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		/* Read after the child is gone: nothing can change it any more. */
		wait_deadline = vct_wait_mark ? vct_wait_mark->deadline_ms : 0;
		backstop_verdict(c, o, wait_deadline);
		/*
		 * A robustness case whose device stalled an access past the
		 * backstop: for that long the device answered nothing at all (and
		 * held the driver's access), which is what wedged means; whether a
		 * reset brought it back shows in the cases after it.
		 */
		if (o->robust && c->res.outcome == VCT_FAIL) {
			c->res.verdict = VCT_VERDICT_WEDGED;
			snprintf(c->res.vnote, sizeof(c->res.vnote),
				 "an access to the device did not return within --check-timeout %d ms; the case was killed",
				 o->check_timeout_ms);
		}
		return;
	}
	waitpid(pid, &status, 0);
	if (r && vct_wait_mark && vct_wait_mark->device_died[0]) {
		device_crashed(c, vct_wait_mark->device_died, status);
		return;
	}
	if (r) {
		memset(&c->res, 0, sizeof(c->res));
		c->res.outcome = VCT_ERROR;
		if (WIFSIGNALED(status))
			snprintf(c->res.reason, sizeof(c->res.reason), "the check process died of signal %d (%s)",
				 WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			snprintf(c->res.reason, sizeof(c->res.reason), "the check process exited %d without a result",
				 WEXITSTATUS(status));
		c->res.file = c->check->name;
		c->res.line = 0;
	}
}

void vct_device_quiesce(struct vct_dev *vd)
{
	if (vd->gone) {
		/* Nothing to reset: give the memory back, touch no register. */
		vct_dev_release(vd);
		return;
	}
	/*
	 * Stop the device first, so nothing DMAs into memory about to go away;
	 * then a function-level reset where the function offers one, so no state
	 * a virtio reset might keep leaks into the next check; then a virtio
	 * reset again, which must complete.
	 */
	__vct_dev_reset(vd, 1000, NULL);
	if (vd->ops->function_reset)
		vd->ops->function_reset(vd);
	__vct_dev_reset(vd, 1000, NULL);
	vct_dma_unmap_all(&vd->dma);
	vct_dev_release(vd);
}

/* A known-quirk entry for @chk's failure: keyed to its statement, its name, or (a robustness case) the device-side statement it broke. */
static const struct vct_known_quirk *known_match(const struct vct_run_opts *o, const struct vct_dev *vd,
						 const struct vct_check *chk, const char *dstmt)
{
	char id[16];

	snprintf(id, sizeof(id), "%04x:%04x", vd->vendor, vd->device);
	for (unsigned int i = 0; i < o->nknown; i++) {
		const struct vct_known_quirk *k = &o->known[i];

		if (strcmp(k->key, chk->stmt) && strcmp(k->key, chk->name) && (!dstmt || strcmp(k->key, dstmt)))
			continue;
		if (!strcmp(k->match, "*") || !strcmp(k->match, id) || !fnmatch(k->match, vd->name, 0) ||
		    (o->label && !fnmatch(k->match, o->label, 0)))
			return k;
	}
	return NULL;
}

/*
 * Whether the device type can give the check what it needs; @why gets the
 * prefixed SKIP reason when not. A type's own chapter applies to that type
 * only ("spec:"); a generic check needing a request asks the type's row.
 */
static bool type_applies(const struct vct_check *chk, const struct vct_dev *vd, char *why, size_t n)
{
	const char *tn = vct_type_name(vd->type);

	if (chk->type && chk->type != vd->type) {
		snprintf(why, n, "spec: applies to %s devices; this is a%s %s device", vct_type_name(chk->type),
			 strchr("aeiou", tn[0]) ? "n" : "", tn);
		return false;
	}
	return !chk->needs || vct_req_need_met(vd->type, chk->needs, why, n);
}

/*
 * The device went away while a check ran (its host unplugged it, or it fell
 * off the bus). That says nothing about the statement the check was keyed
 * to, so it is not a device failure; but the check did not finish on a
 * device that was there, so it is `not ok`: a harness-level outcome with the
 * evidence of what happened.
 */
static void mark_removed(struct vct_result *r, const char *how)
{
	struct vct_evidence *e;

	r->outcome = VCT_ERROR;
	snprintf(r->reason, sizeof(r->reason), "device: removed while the check ran; vct released it and runs no further checks on it");
	r->file = __FILE__;
	r->line = __LINE__;
	if (r->nev == VCT_MAX_EVIDENCE)
		r->nev--;
	e = &r->ev[r->nev++];
	memset(e, 0, sizeof(*e));
	snprintf(e->what, sizeof(e->what), "device presence during the check");
	snprintf(e->expected, sizeof(e->expected), "the device stays while vct holds it");
	snprintf(e->seen, sizeof(e->seen), "%s", how);
	e->file = __FILE__;
	e->line = __LINE__;
	e->origin = VCT_EV_REMOVAL;
}

/* Suites that read only PCI configuration space (ids, the capability list, the PCI header). */
static bool config_space_only(const struct vct_suite *su)
{
	return !strcmp(su->name, "pci/layout") || !strcmp(su->name, "pci/header");
}

/*
 * Whether suite @su applies over @vd's transport at all: NULL, or the
 * prefixed SKIP reason. A transport's own chapter (suites/pci/,
 * suites/vhost-user/) applies to that transport only; beyond that the
 * transport says what it leaves to the driver (vhost-user without the
 * STATUS or CONFIG protocol features).
 */
static const char *suite_skip(struct vct_dev *vd, const struct vct_suite *su, char *buf, size_t n)
{
	static const char *const own[] = { "pci", "vhost-user" };
	static const char *const chapter[] = { "PCI chapter", "vhost-user specification" };

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		size_t l = strlen(own[i]);

		if (!strncmp(su->name, own[i], l) && su->name[l] == '/' && strcmp(vd->ops->transport, own[i])) {
			snprintf(buf, n, "spec: transport: %s; %s not applicable", vd->ops->transport, chapter[i]);
			return buf;
		}
	}
	return vd->ops->suite_skip ? vd->ops->suite_skip(vd, su->name) : NULL;
}

/*
 * Whether a failure counts at MUST level: a check's own statement; for a
 * robustness case only the device-side statement its evidence breaks (its
 * own .stmt is a driver's rule, broken on purpose).
 */
static bool must_level(const struct vct_run_opts *o, const struct vct_ctx *c)
{
	const struct vct_stmt *st = c->res.dstmt ? vct_stmt_find(c->res.dstmt) : o->robust ? NULL : c->stmt;

	return st && vct_level_is_must(st->level);
}

/* One finished check or case into the run's counts. */
static void tally(struct vct_summary *sum, const struct vct_run_opts *o, const struct vct_ctx *c)
{
	switch (c->res.outcome) {
	case VCT_PASS: sum->pass++; break;
	case VCT_SKIP: sum->skip++; break;
	case VCT_QUIRK: sum->quirk++; break;
	case VCT_ERROR: sum->error++; break;
	case VCT_FAIL:
		sum->fail++;
		if (must_level(o, c))
			sum->must_fail++;
		break;
	}
	if (vct_verdict_bad(c->res.verdict))
		sum->robust_bad++;
	sum->verdicts[c->res.verdict]++;
}

/* The points of earlier boots (--resume-tap), into the counts and the results; their TAP is already out. */
struct prior {
	const struct vct_run_opts *o;
	struct vct_summary *sum;
	struct vct_results *res;
	unsigned int n, unknown;
};

static void prior_point(void *arg, const struct vct_tap_in *p)
{
	struct prior *pr = arg;
	const struct vct_suite *const *suites = pr->o->robust ? vct_robust_suites : vct_suites;
	unsigned int nsuites = pr->o->robust ? vct_nrobust_suites : vct_nsuites;

	for (unsigned int s = 0; s < nsuites; s++)
		for (unsigned int i = 0; i < suites[s]->n; i++) {
			const struct vct_check *chk = &suites[s]->checks[i];
			struct vct_ctx c = { .check = chk };

			if (strcmp(chk->name, p->name))
				continue;
			c.stmt = vct_stmt_find(chk->stmt);
			c.res = p->res;
			tally(pr->sum, pr->o, &c);
			if (pr->res)
				vct_results_add(pr->res, chk, c.stmt, &c.res);
			pr->n++;
			return;
		}
	pr->unknown++;
}

static void read_prior(const struct vct_run_opts *o, struct vct_summary *sum, struct vct_results *res)
{
	struct prior pr = { .o = o, .sum = sum, .res = res };
	FILE *f = fopen(o->resume_tap, "r");

	if (!f) {
		vct_tap_comment(o->tap, "the earlier boots' points (%s) could not be read: %s; the results hold "
				"this boot's checks only", o->resume_tap, strerror(errno));
		return;
	}
	vct_tap_read(f, prior_point, &pr);
	fclose(f);
	vct_tap_comment(o->tap, "%u points of the earlier boots (their TAP came through the journal) kept in the "
			"results and counts%s", pr.n, pr.unknown ? "; some named no check of this run and were left out" : "");
}

/* Flushed at once: the line has to be out before a device that dies takes vct with it. */
static void journal_check(const struct vct_run_opts *o, const struct vct_check *chk, const struct vct_stmt *st)
{
	if (!o->journal)
		return;
	fprintf(o->journal, "vct-run-check %s %s %s\n", chk->name, chk->stmt, st ? vct_level_name(st->level) : "?");
	fflush(o->journal);
}

/* --pause-before: the check is named (TAP comment, journal) and waits before it touches the device. */
static void pause_before(const struct vct_run_opts *o, const struct vct_check *chk)
{
	struct timespec ts = { .tv_sec = o->pause_ms / 1000, .tv_nsec = (long)(o->pause_ms % 1000) * 1000000L };

	vct_tap_comment(o->tap, "pausing %u ms before %s (--pause-before)", o->pause_ms, chk->name);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void journal_point(const struct vct_run_opts *o, unsigned int n, const struct vct_check *chk,
			  const struct vct_stmt *st, const struct vct_result *r)
{
	if (!o->journal)
		return;
	vct_tap_point(o->journal, n, chk, st, r);	/* flushes */
}

int vct_run_suites(struct vct_dev *vd, const struct vct_run_opts *o, struct vct_summary *sum)
{
	unsigned int plan = 0, n = 0;
	struct vct_results *res = NULL;
	struct run_progress prog = { .sum = sum, .t0 = vct_now_ms() };
	int rc = 0;
	char gone_in[80] = "";
	bool gone_died = false;	/* the device under test itself died (vct_dev_removal_is_crash) */
	/* A resumed run (resume_after): checks up to that one already ran in a boot that died. */
	bool resuming = o->resume_after != NULL;
	/* A robustness run walks the cases' own table instead of the conformance suites. */
	const struct vct_suite *const *suites = o->robust ? vct_robust_suites : vct_suites;
	unsigned int nsuites = o->robust ? vct_nrobust_suites : vct_nsuites;

	memset(sum, 0, sizeof(*sum));
	/* One shared page for the wait marks of every forked check (see backstop_verdict()). */
	if (!o->nofork && !vct_wait_mark) {
		void *m = mmap(NULL, sizeof(*vct_wait_mark), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		if (m != MAP_FAILED)
			vct_wait_mark = m;
	}
	for (unsigned int s = 0; s < nsuites; s++)
		for (unsigned int i = 0; i < suites[s]->n; i++)
			if (!o->only || !fnmatch(o->only, suites[s]->checks[i].name, 0))
				plan++;
	prog.plan = plan;
	if (o->results_dir && !(res = vct_results_open(o->results_dir, vd, o->label, &o->names)))
		rc = -EIO;
	if (res && o->robust)
		vct_results_robust(res);
	vct_tap_begin(o->tap, o->tap_version, plan);
	vct_tap_comment(o->tap, "vct %s on %s (%s transport): %04x:%04x rev %u, subsystem %04x:%04x, virtio %s device",
			VCT_VERSION, vd->name, vd->kind, vd->vendor, vd->device, vd->revision,
			vd->subsys_vendor, vd->subsys_device, vct_type_name(vd->type));
	if (vd->impl)
		vct_tap_comment(o->tap, "implementation: %s", vd->impl);
	vct_tap_comment(o->tap, "offered features: 0x%016llx%016llx, %u queues",
			(unsigned long long)vd->offered[1], (unsigned long long)vd->offered[0], vd->num_queues);
	vct_device_quiesce(vd);
	if (o->resume_tap)
		read_prior(o, sum, res);

	/* Two passes: destructive cases (they may leave the device unusable) after every other one. */
	for (unsigned int pass = 0; pass < 2; pass++)
	for (unsigned int s = 0; s < nsuites; s++) {
		const struct vct_suite *su = suites[s];
		char skipbuf[160];
		const char *su_skip = suite_skip(vd, su, skipbuf, sizeof(skipbuf));

		/* A suite that does not apply says so once here; its checks carry the same reason. */
		if (su_skip && pass == 0)
			vct_tap_comment(o->tap, "suite %s: %s", su->name, su_skip);
		for (unsigned int i = 0; i < su->n; i++) {
			const struct vct_check *chk = &su->checks[i];
			struct vct_ctx c = { .vd = vd, .check = chk, .timeout_ms = o->wait_ms, .after = o->after };
			const struct vct_known_quirk *k;
			uint64_t t0 = vct_now_ms();
			char why[200];

			if (chk->destructive != (pass == 1))
				continue;
			if (o->only && fnmatch(o->only, chk->name, 0))
				continue;
			n++;
			if (resuming) {
				if (strcmp(chk->name, o->resume_after))
					continue;	/* reported by the boot that died */
				resuming = false;
				c.stmt = vct_stmt_find(chk->stmt);
				device_crashed(&c, o->crashed_msg ? o->crashed_msg : "the device's process died", 0);
				snprintf(c.res.vnote, sizeof(c.res.vnote),
					 "the device's process died while this ran (it took the test-bed guest with it); "
					 "the rest ran in a fresh boot");
				if (o->resume_wedged) {
					/* Alive but holding the guest's vCPUs: no request answered, no reset possible. */
					c.res.verdict = VCT_VERDICT_WEDGED;
					snprintf(c.res.ev[0].expected, sizeof(c.res.ev[0].expected),
						 "lets the guest run (answers within the backstop)");
					snprintf(c.res.vnote, sizeof(c.res.vnote),
						 "the device's process stopped running the test-bed guest while this ran and "
						 "was killed; the rest ran in a fresh boot");
				}
				goto report;
			}
			prog.n = n;
			prog.check = chk->name;
			if (o->progress)
				progress_draw(&prog);
			c.stmt = vct_stmt_find(chk->stmt);
			if (!c.stmt) {
				c.res.outcome = VCT_ERROR;
				snprintf(c.res.reason, sizeof(c.res.reason), "statement %s is not in the table",
					 chk->stmt);
				c.res.file = chk->name;
			} else if (gone_in[0]) {
				c.res.outcome = VCT_SKIP;
				snprintf(c.res.reason, sizeof(c.res.reason), gone_died ?
					 "device: its process died during %s; not run" : "device: removed by its host during %s; not run",
					 gone_in);
			} else if (su_skip) {
				c.res.outcome = VCT_SKIP;
				snprintf(c.res.reason, sizeof(c.res.reason), "%s", su_skip);
			} else if (!type_applies(chk, vd, why, sizeof(why))) {
				c.res.outcome = VCT_SKIP;
				snprintf(c.res.reason, sizeof(c.res.reason), "%s", why);
			} else if (vd->undriven && !config_space_only(su)) {
				/* e.g. pci.common_cap_present fails; driving the device further would only pile up false failures. */
				c.res.outcome = VCT_SKIP;
				snprintf(c.res.reason, sizeof(c.res.reason),
					 "device: %s, so nothing beyond PCI configuration space can be driven", vd->undriven);
			} else {
				const char *how;
				bool quiesced = false;

				journal_check(o, chk, c.stmt);
				if (o->pause_before && !fnmatch(o->pause_before, chk->name, 0))
					pause_before(o, chk);
				if (o->nofork)
					run_body(&c);
				else
					run_forked(&c, o, o->progress ? &prog : NULL);
				how = vct_dev_removed(vd);
				/*
				 * A device whose death is its crash may also die in the reset
				 * that ends the check (what the check left it with): that is
				 * this check's, not the next one's.
				 */
				if (!how && vct_dev_removal_is_crash(vd)) {
					vct_device_quiesce(vd);
					how = vct_dev_removed(vd);
					quiesced = true;
				}
				if (how && vct_dev_removal_is_crash(vd)) {
					/* The device under test died (a vhost-user back end's process): its crash, not vct's trouble. */
					device_crashed(&c, how, 0);
					snprintf(c.res.vnote, sizeof(c.res.vnote), "the device's process died while this ran%s; "
						 "no further checks run on it", quiesced ? " or in the reset after it" : "");
					snprintf(gone_in, sizeof(gone_in), "%s", chk->name);
					gone_died = true;
					vd->gone = true;
				} else if (how) {
					mark_removed(&c.res, how);
					snprintf(gone_in, sizeof(gone_in), "%s", chk->name);
					vd->gone = true;
				} else if (!quiesced) {
					vct_device_quiesce(vd);
				}
			}
			c.res.ms = vct_now_ms() - t0;
report:
			/* A bad robustness verdict is never a known quirk: only a device-side statement's failure is. */
			if (c.res.outcome == VCT_FAIL && !vct_verdict_bad(c.res.verdict) &&
			    (k = known_match(o, vd, chk, c.res.dstmt))) {
				c.res.outcome = VCT_QUIRK;
				snprintf(c.res.reason, sizeof(c.res.reason), "%s", k->note);
			}
			tally(sum, o, &c);
			if (o->progress)
				vct_progress_clear();
			vct_tap_point(o->tap, n, chk, c.stmt, &c.res);
			journal_point(o, n, chk, c.stmt, &c.res);
			if (res)
				vct_results_add(res, chk, c.stmt, &c.res);
		}
	}
	vct_tap_comment(o->tap, "%u pass, %u fail (%u at MUST level), %u skip, %u known quirk, %u harness error",
			sum->pass, sum->fail, sum->must_fail, sum->skip, sum->quirk, sum->error);
	if (o->robust)
		vct_tap_comment(o->tap, "robustness: %u handled, %u needs-reset, %u wedged, %u crashed, %u corrupted",
				sum->verdicts[VCT_VERDICT_HANDLED], sum->verdicts[VCT_VERDICT_NEEDS_RESET],
				sum->verdicts[VCT_VERDICT_WEDGED], sum->verdicts[VCT_VERDICT_CRASHED],
				sum->verdicts[VCT_VERDICT_CORRUPTED]);
	if (res) {
		int e = vct_results_close(res, sum);

		rc = rc ? rc : e;
	}
	return rc;
}

int vct_known_quirks_load(const char *path, struct vct_known_quirk **out, unsigned int *n, char *err,
			  size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned int lineno = 0, cap = 0;
	struct vct_known_quirk *v = NULL;

	*out = NULL;
	*n = 0;
	if (!f) {
		snprintf(err, errlen, "cannot read known-quirks file %s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		struct vct_known_quirk k = { 0 };
		int used = 0;

		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == 0)
			continue;
		if (sscanf(line, "%63s %63s %n", k.match, k.key, &used) < 2 || !line[used]) {
			snprintf(err, errlen, "%s:%u: expected '<device> <statement-or-check> <note>'", path, lineno);
			free(v);
			fclose(f);
			return -EINVAL;
		}
		snprintf(k.note, sizeof(k.note), "%s", line + used);
		k.note[strcspn(k.note, "\r\n")] = 0;
		if (*n == cap) {
			struct vct_known_quirk *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				fclose(f);
				return -ENOMEM;
			}
			v = nv;
		}
		v[(*n)++] = k;
	}
	fclose(f);
	*out = v;
	return 0;
}
