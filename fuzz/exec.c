/* SPDX-License-Identifier: MIT */
/*
 * The fuzz executor and its oracles. The split rings are driven here at the
 * descriptor level (raw flags, loops, nested tables), with vct's own shadow of
 * what was made available; ring memory and queue registers come from
 * __vct_vq_setup_noenable.
 *
 * Oracles (statement ids from spec-refs/statements-v1.4-cs01.tsv):
 *   features-ok-unoffered  D-2cd1add1  FEATURES_OK kept while driver_feature presents
 *                                      unoffered bits the driver wrote
 *   work-before-driver-ok  D-0ec6171d  used entries / queue vector before DRIVER_OK
 *   reset-status           D-e96f18da  device_status does not read 0 after writing 0
 *   reset-queue-enable     D-40ef3a9b  queue_enable survives a reset
 *   reset-vectors          D-ea471510  MSI-X vector registers survive a reset
 *   quiet-after-reset      D-a95edbec  used ring of a reset device keeps changing
 *   quiet-after-qreset     D-17f4dd79  same after a queue reset
 *   hang                   D-5aeb6583  notified work neither completed nor NEEDS_RESET
 *   used-len               D-6a2ebd0e  used len beyond the chain's device-writable bytes
 *   used-id / used-idx     -           used id not outstanding / idx ahead of the work
 *   write-outside-buffer   D-d61ea6f6  canary after a buffer (or a readable buffer) changed
 *   write-readable         D-d61ea6f6  a device-readable buffer (or indirect table) changed
 *   write-descriptors      D-c0f67e1b  descriptor table changed
 *   refdev-illegal-write   D-d61ea6f6  refdev's own count of writes it must not do
 *   dma-fault              -           access outside every mapping although every
 *                                      descriptor pointed at mapped memory
 *   packed-unavailable-used D-1ff26634 packed ring: a list whose first descriptor's
 *                                      AVAIL/USED bits did not make it available
 *                                      (PPOST with a wrap mode) came back used
 *   used-invalid           -           packed ring: a used descriptor vct's packed
 *                                      driver refuses (id, flags), with its reason
 *   irq-no-vector          D-b3453c84  the vector a live queue was unmapped from (its
 *                                      queue_msix_vector now reads NO_VECTOR) fires
 *                                      for buffers the queue used after that
 * Crashes of an in-process device are the sanitizers' business (engines).
 */
#include "exec.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devtype.h"
#include "refdev.h"
#include "util.h"
#include "target.h"
#include "virtqueue.h"

#define FZ_MAXQ 8
#define FZ_MAXBUF 160
#define FZ_BUF_CAP 65536u	/* largest allocation for one part */
#define FZ_BYTES_CAP (1u << 20)	/* total per execution */
#define FZ_MAXRET 8
#define FZ_MAXUNITS 16
#define FZ_MAXWR 32	/* writable ranges that leave their buffer, kept apart (then merged) */

#define P_AVAIL (1u << VRING_PACKED_DESC_F_AVAIL)	/* packed descriptor flags (bit numbers in virtio_ring.h) */
#define P_USED (1u << VRING_PACKED_DESC_F_USED)
#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 64
#define S_FAILED 128

struct fz_buf {
	struct vct_dma_buf *b;
	uint64_t wext;		/* bytes from the start any WRITE descriptor covers */
	bool w, oversized;
	bool dirty;		/* vct wrote into it (an indirect table) since the last seal */
	bool own;		/* vct ever wrote into it past the pattern (a table, a payload): a byte's old value is unknown */
	bool sealed;		/* seal_bufs has seen it */
	bool held;		/* behind a packed list never made available: the device may not touch it */
	uint8_t held_q;		/* (on that queue) */
	uint8_t pat;		/* driver data: byte i is 0x11 * (i & 7) + pat */
	uint64_t sum;		/* of [0, len) when only ever device-readable */
	uint64_t tail_from;	/* device-writable: [tail_from, len) is beyond every WRITE descriptor */
#define FZ_NO_TAIL UINT64_MAX	/* (no tail sealed) */
	uint64_t tail_sum;	/* of that tail when sealed */
	/*
	 * Covered (in part) by a device-writable descriptor range that starts
	 * outside it (struct fz_x .wr): its bytes there are the device's to
	 * write, so it is checked byte by byte against a copy (snap, an offset
	 * into the snapshot arena) outside every such range.
	 */
	bool exposed;
	size_t snap;
};

struct fz_chain {
	bool busy, kicked, wknown;
	bool held;		/* packed: written with AVAIL/USED bits that do not make it available */
	bool given_up;		/* owed, and a wait already waited its short grace for it (a hang held): not again */
	uint64_t wlen;
	uint32_t seq;
};

struct fz_q {
	struct vct_vq *vq;
	uint16_t size;
	bool setup, enabled, enabled_early, amb;
	uint16_t avail_idx, last_used, seen_used;
	uint16_t reaped;	/* packed: used descriptors consumed */
	uint16_t *owner;	/* head owning each slot, 0xffff free */
	struct fz_chain *ch;
	unsigned int outstanding;
	unsigned int given_up;	/* outstanding chains given up on (fz_chain.given_up) */
	uint64_t desc_sum;
	uint16_t vector;	/* as the device reads it back */
	/* QLIVE vector: unmapped from vec_old while live, at used index vec_used. */
	bool vec_unmapped;
	uint16_t vec_old, vec_used;
	/*
	 * For the held-crash guards of queue registers (guard.h: live_size):
	 * queue_size as the device read it back after vct's last write (0: not
	 * known), the size the device's ring caches were built for at the last
	 * queue_enable write (0: none since the reset, or not known), whether
	 * those caches are on this shadow's rings, and whether the address
	 * registers were written with others since the setup.
	 */
	uint16_t dev_size, cache_size;
	bool cache_shadow, addr_moved;
	bool notified;		/* a notification was sent to it since the reset (guard.h: fz_gq.notified) */
};

struct fz_retired {
	struct vct_vring_ref {
		struct vring_used *used;
		size_t len;
	} r;
	uint64_t sum;
	const char *stmt, *oracle;
	uint16_t index;
	uint64_t iova;		/* of r.used */
	bool exposed;		/* a device-writable descriptor range covers it since: the device may write there */
};

struct fz_x {
	struct fz_target *tg;
	struct vct_transport *t;
	struct vct_dev *vd;
	const struct fz_exec_opts *o;
	struct fz_result *res;
	int cur_op;
	bool inproc;
	bool native;		/* out of process but at native speed (vhost-user): waits in microseconds */

	uint8_t status;		/* last value written */
	bool driver_ok_seen, features_ok;
	uint64_t drv_feat[2];
	/*
	 * For the guards (QEMU's held crashes): the features QEMU works with
	 * (vdev->guest_features), when known. A reset makes them 0
	 * (virtio_reset(), hw/virtio/virtio.c:2605); a driver_feature write
	 * sets them at once, masked by what it offers, unless the status has
	 * FEATURES_OK (virtio_set_features(), 3552-3569, and
	 * virtio_set_features_nocheck(), 3506-3517); a status write leaves
	 * them, FEATURES_OK cleared or not. Not known after a feature write
	 * while the status is not (amb_status).
	 */
	uint64_t gfeat[2];
	bool gfeat_known;
	uint32_t gfsel;
	bool packed, in_order;

	struct fz_q q[FZ_MAXQ];
	struct fz_retired ret[FZ_MAXRET];
	unsigned int nret;
	struct fz_buf bufs[FZ_MAXBUF];
	unsigned int nbufs;
	size_t bytes;
	uint32_t seq;
	/*
	 * Device-writable descriptor ranges [lo, hi) that leave the buffer they
	 * start in, or start in none (a huge or wild length): where memory is
	 * one region (vhost-user) nothing faults between buffers, and the
	 * device may write all of such a range, over other buffers and rings.
	 */
	uint64_t wr_lo[FZ_MAXWR], wr_hi[FZ_MAXWR];
	unsigned int nwr;
	size_t snap_used;	/* of the snapshot arena (exposed buffers' copies) */

	bool amb_unmapped, amb_rings, amb_status;
	/*
	 * Queues whose queue_enable reads 0 for sure: do_reset read it so, and
	 * nothing wrote it since (qsetup then need not read it again: every
	 * register access is an emulated one).
	 */
	uint32_t en_known0;
	bool acted;		/* an op since the last wait (wait_check) */
	bool unwatched;		/* do_reset: the rings go back to the allocator at once (the probe's reset path) */
	bool quiesced;		/* a deferred probe's reset completed and nothing was set up since (fz_target.quiet) */
	/* device_status as a wait last read it (st_last), no op run since (st_fresh: hang_check) */
	uint8_t st_last;
	bool st_fresh;
	/* The program started from fz_target.quiet, at register access count fresh_acc (do_reset). */
	bool fresh;
	unsigned long long fresh_acc;
	/* A queue register written while the queue was live, a queue reset, a raw common-config write: the probe is not deferred. */
	bool live_regs;
	uint32_t avail_write;	/* an AVAILIDX write being judged (fz_gq.avail_write) */
	size_t gm_hint;		/* guard_map: where the last range was found */
	uint8_t queues;		/* what INIT's QUEUES step sets up: fz_prog_queues of the running program */
	uint8_t pay[FZ_DATA_SLOTS][FZ_MAX_DATA];	/* DATA: request payloads */
	uint8_t paylen[FZ_DATA_SLOTS];
	struct vct_refdev_stats st0;
};

/* ---- helpers ------------------------------------------------------------ */

static struct fz_time fzt;

void fz_time_reset(void)
{
	memset(&fzt, 0, sizeof(fzt));
}

void fz_time_mark(struct fz_time_mark *m)
{
	*m = (struct fz_time_mark){ fzt.wait, fzt.grace, fzt.reset, fzt.health, fzt.h_reset, fzt.h_init, fzt.h_req, fzt.h_live };
}

void fz_time_since(const struct fz_time_mark *m, struct fz_time_mark *d)
{
	fz_time_mark(d);
	d->wait -= m->wait, d->grace -= m->grace, d->reset -= m->reset, d->health -= m->health;
	d->h_reset -= m->h_reset, d->h_init -= m->h_init, d->h_req -= m->h_req, d->h_live -= m->h_live;
}

void fz_time_get(struct fz_time *t)
{
	*t = fzt;
}

void fz_time_set(const struct fz_time *t)
{
	fzt = *t;
}

void fz_time_format(const struct fz_time *t, char *buf, size_t len)
{
	double n = t->runs ? (double)t->runs : 1;
	size_t k;
	int w;

	w = snprintf(buf, len, "total %.0f, probe %.0f, reset %.0f, wait %.0f (hang grace %.0f), dma %.0f, release %.0f, "
		     "health %.0f (on the program's own queue: tried %.0f%%, answered %.0f%%; next program started from "
		     "its bring-up: %.0f%%; its reset %.0f, bring-up %.0f, request %.0f, own queue's request %.0f; of those two, waiting for the used entry %.0f), observe %.0f, "
		     "register accesses %.1f (health %.1f), the next program made during this one %.0f, ops and oracles %.0f (mean of %llu)",
		     t->total / n, t->probe / n, t->reset / n, t->wait / n, t->grace / n, t->dma / n, t->release / n,
		     t->health / n, 100.0 * (double)t->health_tried / n, 100.0 * (double)t->health_live / n,
		     100.0 * (double)t->carried / n, t->h_reset / n, t->h_init / n, t->h_req / n, t->h_live / n, t->h_wait / n, t->observe / n,
		     t->acc / n, t->acc_health / n, t->next / n,
		     (t->total - t->probe - t->reset - t->wait - t->dma - t->release - t->health - t->observe - t->next) / n,
		     t->runs);
	k = w < 0 ? 0 : (size_t)w;
	/* The probe left out (its reset and the next bring-up only), and how the waits ended: their number and time a run. */
	if (k >= len)
		return;
	w = snprintf(buf + k, len - k, "; probe request deferred %.0f%% (the whole probe run all the same after a finding "
		     "%.0f%%; deferred after a live register or status write %.0f%%); a program's first reset on a device just reset, kept as done %.0f%%; waits ended answered %.2f (%.0f), settled %.2f (%.0f), "
		     "needs-reset %.2f (%.0f), gave up %.2f (%.0f), clock %.2f (%.0f)",
		     100.0 * (double)t->deferred / n, 100.0 * (double)t->forced_find / n, 100.0 * (double)t->forced_amb / n,
		     100.0 * (double)t->resets_kept / n,
		     t->wend[0] / n, t->wend_us[0] / n, t->wend[1] / n, t->wend_us[1] / n,
		     t->wend[2] / n, t->wend_us[2] / n, t->wend[3] / n, t->wend_us[3] / n, t->wend[4] / n, t->wend_us[4] / n);
	k += w < 0 ? 0 : (size_t)w;
	/* Each opcode's share, its own waits, resets and allocations included (so they overlap the above). */
	for (unsigned int o = 0; o < 256 && k < len; o++) {
		if (!t->nop[o])
			continue;
		w = snprintf(buf + k, len - k, "; op %s %.0f (%.2f a run)", fz_op_name((uint8_t)o), t->op[o] / n,
			     t->nop[o] / n);
		k += w < 0 ? 0 : (size_t)w;
	}
}

static inline uint16_t ld16(const void *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
}

static inline void st16(void *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)p, htole16(v), __ATOMIC_RELAXED);
}

static uint64_t sum64(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * A descriptor table's checksum, entry by entry: entry @i's share
 * (desc_mix; an all-zero entry adds 0) summed. The shares add up, so a post
 * updates it for the slots it writes (post) instead of summing the table
 * again, and a write of the device's anywhere else stays in the difference
 * until a wait compares it (observe: 16 bytes an entry, a net queue's 4 KB,
 * were summed after every op before).
 */
static uint64_t desc_mix(const struct vring_desc *d, unsigned int i)
{
	uint64_t a, b, h;

	memcpy(&a, d, 8);
	memcpy(&b, (const uint8_t *)d + 8, 8);
	h = (a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL);
	h *= 2u * (uint64_t)i + 1;
	return h ^ (h >> 31);
}

static uint64_t table_sum(const struct vring_desc *t, unsigned int n)
{
	uint64_t h = 0;

	for (unsigned int i = 0; i < n; i++)
		h += desc_mix(&t[i], i);
	return h;
}

static void fb(struct fz_x *x, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t h;

	if (!x->o->feedback)
		return;
	h = a * 0x9e3779b1u;
	h = (h ^ b) * 0x85ebca6bu;
	h = (h ^ c) * 0xc2b2ae35u;
	h ^= h >> 16;
	x->o->feedback(x->o->fb_ctx, h, x->cur_op);
}

static unsigned int log2c(uint64_t v)
{
	unsigned int n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

static void finding(struct fz_x *x, const char *oracle, const char *stmt, const char *sigdetail, const char *what,
		    const char *expected, const char *seen_fmt, ...) __attribute__((format(printf, 7, 8)));

static void finding(struct fz_x *x, const char *oracle, const char *stmt, const char *sigdetail, const char *what,
		    const char *expected, const char *seen_fmt, ...)
{
	struct fz_result *r = x->res;
	struct fz_finding *f;
	char sig[96];
	va_list ap;

	snprintf(sig, sizeof(sig), "%s%s%s", oracle, sigdetail && *sigdetail ? ":" : "", sigdetail ? sigdetail : "");
	for (unsigned int i = 0; i < r->nfind; i++)
		if (!strcmp(r->f[i].sig, sig))
			return;
	fb(x, 0xf1d, (uint32_t)sum64(sig, strlen(sig)), 0);
	if (r->nfind >= FZ_MAX_FINDINGS)
		return;
	f = &r->f[r->nfind++];
	memset(f, 0, sizeof(*f));
	snprintf(f->oracle, sizeof(f->oracle), "%s", oracle);
	f->stmt = stmt;
	snprintf(f->sig, sizeof(f->sig), "%s", sig);
	snprintf(f->what, sizeof(f->what), "%s", what);
	snprintf(f->expected, sizeof(f->expected), "%s", expected);
	va_start(ap, seen_fmt);
	vsnprintf(f->seen, sizeof(f->seen), seen_fmt, ap);
	va_end(ap);
	f->op = x->cur_op;
}

/* Which queues must complete every notified buffer on their own (no outside input): the device-type table says. */
static bool must_complete(struct fz_x *x, unsigned int q)
{
	const struct vct_queue_desc *d = vct_devtype_queue(x->vd, x->vd->features, q);

	return d && d->device_completes;
}

static uint8_t rd_status(struct fz_x *x)
{
	uint8_t s = vct_dev_status(x->vd);

	return s;
}

static unsigned int owed_chains(struct fz_x *x, unsigned int i);

/*
 * How far the device has used queue @q: the used index of a split ring; of a
 * packed ring, the used descriptors consumed plus those published since.
 */
static uint16_t used_mark(struct fz_x *x, struct fz_q *q)
{
	if (q->vq->packed)
		return (uint16_t)(q->reaped + vct_vq_pending(q->vq));
	return ld16(&q->vq->used->idx);
}

/*
 * What an out-of-process device has visibly done: every used index vct
 * watches (live and retired rings) and device_status, folded into one value.
 */
static uint64_t device_marks(struct fz_x *x, uint8_t status)
{
	uint64_t h = status;

	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup)
			h = h * 0x100000001b3ULL + used_mark(x, &x->q[i]) + 1;
	for (unsigned int i = 0; i < x->nret; i++)
		h = h * 0x100000001b3ULL + ld16(&x->ret[i].r.used->idx) + 1;
	return h;
}

/*
 * Some queue still owes more used entries than its used ring shows, and the
 * device is in a state where it owes them (the hang oracle's conditions).
 */
static bool answers_owed(struct fz_x *x, uint8_t status)
{
	if (x->amb_status || !x->features_ok || !x->driver_ok_seen || x->packed)
		return false;
	if (status & (S_NEEDS_RESET | S_FAILED))
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];

		unsigned int owed = q->setup ? owed_chains(x, i) : 0;

		/* (not the chains an earlier wait gave up on: one grace each is enough) */
		owed = owed > q->given_up ? owed - q->given_up : 0;
		if (owed && owed > (uint16_t)(ld16(&q->vq->used->idx) - q->last_used))
			return true;
	}
	return false;
}

/*
 * Every chain the program made available is back in its used ring (split:
 * the used index; packed: used descriptors published), no queue's outcome is
 * ambiguous, no reset queue is watched and device_status was not driven
 * backwards: the device has nothing left of what it was given, so a wait
 * needs no quiescence window to believe it is done. A native back end
 * (vhost-user) with nothing in flight at all waits out a short quiet spell
 * (@quiet) for stray activity first; a register transport's wait ends at once.
 * (Chains the device may legitimately keep, such as receive buffers, or ones
 * it must not touch, before DRIVER_OK, are owed no answer: answers_owed.)
 */
static bool all_answered(struct fz_x *x, bool quiet)
{
	bool any = false;

	if (x->amb_status || x->amb_rings || x->nret)
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];
		uint16_t done;

		if (!q->setup)
			continue;
		if (q->amb)
			return false;
		done = q->vq->packed ? (uint16_t)(used_mark(x, q) - q->reaped) : (uint16_t)(ld16(&q->vq->used->idx) - q->last_used);
		if (done < q->outstanding - q->given_up)
			return false;
		any |= q->outstanding > q->given_up;
	}
	return any || quiet || !x->native;
}

/* How often a wait reads device_status (microseconds; the used indexes are polled every turn). */
#define FZ_STATUS_US 100

/* A native back end's short quiet spell (microseconds) before a wait with nothing in flight ends. */
#define FZ_NATIVE_QUIET_US 100

/*
 * Once the campaign holds a hang: how long owed answers may stay away before
 * the program moves on (two settle windows, at least 500 us, at most 2 ms),
 * so a device that drops malformed requests stays fast; such a program's
 * hang is one the campaign already holds.
 */
static uint64_t native_hang_us(const struct fz_x *x)
{
	unsigned int s = x->o->settle_us;

	return s < 250 ? 500u : s > 1000 ? 2000u : 2u * s;
}

/* Every owed chain still outstanding: given up on (fz_chain.given_up). */
static void give_up(struct fz_x *x)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];

		for (uint16_t h = 0; q->setup && h < q->size; h++)
			if (q->ch[h].busy && q->ch[h].kicked && !q->ch[h].given_up) {
				q->ch[h].given_up = true;
				q->given_up++;
			}
	}
}

/* The back end ended the session (or its process is gone): nothing it owes will come. */
static bool session_over(struct fz_x *x)
{
	return x->native && x->t->ops->removed && x->t->ops->removed(x->t);
}

/*
 * Let the device work: in-process, @units x poll_per_unit poll calls; else
 * @units x ms_per_unit of wall time, or with settle_us until the evidence
 * says the device is done (every answer owed is there, nothing changed for
 * settle_us; for a native back end also: every chain answered, or the
 * session over), whichever comes first.
 */
/* How a wait ended (fz_time.wend): its evidence, or the clock. */
enum fz_wait_end {
	FZ_WEND_ANSWERED,	/* every chain made available is back (all_answered) */
	FZ_WEND_SETTLED,	/* nothing changed for settle_us, no answer owed (or left to wait_check's grace) */
	FZ_WEND_STATUS,		/* DEVICE_NEEDS_RESET or FAILED */
	FZ_WEND_GAVE_UP,	/* a hang held: owed answers given two settle windows (native_hang_us) */
	FZ_WEND_CLOCK,		/* its cap, a fixed unit (no settle_us), in process, or a back end gone */
};

/* The next program's INIT and queues, made now if the campaign left them for later (fz_exec_opts.next). */
static uint64_t next_known(struct fz_x *x)
{
	uint64_t t0;

	if (!x->o->next)
		return 0;
	t0 = vct_now_us();
	x->o->next(x->o->next_ctx);
	t0 = vct_now_us() - t0;
	fzt.next += t0;
	return t0;
}

static void let_run(struct fz_x *x, unsigned int units)
{
	uint64_t t0 = vct_now_us(), made_us = 0;
	enum fz_wait_end how = FZ_WEND_CLOCK;

	if (units > FZ_MAXUNITS)
		units = FZ_MAXUNITS;
	if (x->inproc) {
		unsigned int n = units * (x->o->poll_per_unit ? x->o->poll_per_unit : 4);

		for (unsigned int i = 0; i < n; i++)
			vct_dev_poll(x->vd);
	} else if (x->o->settle_us) {
		/* A vhost-user back end answers in microseconds: a campaign's unit is at most 250 us there. */
		uint64_t cap = (uint64_t)units * (x->native && !x->o->ms_per_unit ? 250u
						  : (x->o->ms_per_unit ? x->o->ms_per_unit : 20) * 1000u);
		uint64_t marks = 0, changed = t0, now, st_at = 0;
		unsigned int spins = 0, idle = 0;
		uint8_t s = 0;

		bool made = false;

		while ((now = vct_now_us()) - t0 < cap) {
			uint64_t m;

			if (all_answered(x, now - changed >= FZ_NATIVE_QUIET_US)) {
				how = FZ_WEND_ANSWERED;
				break;
			}
			/*
			 * device_status is a register: an emulated device's process
			 * serves each read under its big lock, and a guest spinning on
			 * one starves the thread that completes the device's requests
			 * (QEMU's main loop). The used indexes are memory and are
			 * polled every turn; the status is read every FZ_STATUS_US (a
			 * vhost-user back end's every turn: it is no register there).
			 */
			if (x->native || !st_at || now - st_at >= FZ_STATUS_US) {
				s = x->st_last = rd_status(x);
				x->st_fresh = true;
				/* DEVICE_NEEDS_RESET (or FAILED): the device's own signal that it stopped; it owes nothing more. */
				if (s & (S_NEEDS_RESET | S_FAILED)) {
					how = FZ_WEND_STATUS;
					break;
				}
				if (!st_at)
					marks = device_marks(x, s);
				st_at = now;
			}
			m = device_marks(x, s);

			if (m != marks) {
				marks = m;
				changed = now;
				idle = 0;
			} else if (now - changed >= x->o->settle_us && (!answers_owed(x, s) || (!x->native && !x->o->hang_known))) {
				/*
				 * Settled. Answers still owed are wait_check's grace's to
				 * wait for (VFIO: this wait used to run on to its cap
				 * first, units x 20 ms, for every such wait of a program
				 * before a hang was held: 5.5 s of a 20 s blk campaign).
				 */
				how = FZ_WEND_SETTLED;
				break;
			} else if (x->o->hang_known && now - changed >= native_hang_us(x)) {
				/* Owed answers that stay away: wait_check's grace is this, and later waits do not wait for them again. */
				give_up(x);
				how = FZ_WEND_GAVE_UP;
				break;
			} else if (x->native && x->vd->ops->idle_wait && ++idle > 32) {
				/* Sleep on the back end's notifications rather than take the CPU it needs; a session that ended owes nothing. */
				if (!x->vd->ops->idle_wait(x->vd, 100))
					break;
			}
			/* A poll(2) of the socket now and then: a session that ended answers nothing more. */
			if (x->native && !(++spins & 255) && session_over(x))
				break;
			/*
			 * The device is at work, as first seen: the campaign's next
			 * program is made meanwhile (a TCG guest's mutation, 30-40 us
			 * a program, ran between executions before), then the wait
			 * goes on. Its quiet window may span it: the marks were taken
			 * before and are compared after.
			 */
			if (!made && !x->native) {
				made = true;
				made_us = next_known(x);
			}
		}
	} else {
		uint64_t end = vct_now_ms() + (uint64_t)units * (x->o->ms_per_unit ? x->o->ms_per_unit : 20);

		while (vct_now_ms() < end)
			usleep(200);
	}
	t0 = vct_now_us() - t0 - made_us;
	fzt.wait += t0;
	fzt.wend[how]++;
	fzt.wend_us[how] += t0;
}

/* ---- buffers ------------------------------------------------------------ */

/*
 * A buffer of @len bytes for a part; past the execution's byte cap it gets
 * 16 bytes (*oversized: its descriptor says more than there is), past
 * FZ_MAXBUF the last buffer again. An indirect table is written by vct
 * itself, entry by entry, so it must get all of @len (@exact): else NULL
 * (vct would write its descriptors past the allocation, into the canary
 * or beyond, and blame the device for it).
 */
static struct fz_buf *buf_new_as(struct fz_x *x, uint32_t len, bool exact, bool *oversized, bool fill)
{
	uint32_t alen = len > FZ_BUF_CAP ? FZ_BUF_CAP : len;
	struct fz_buf *fbuf;

	if (x->bytes + alen > FZ_BYTES_CAP && !exact)
		alen = 16;
	*oversized = alen < len;
	if (exact && (*oversized || x->nbufs >= FZ_MAXBUF))
		return NULL;
	if (x->nbufs >= FZ_MAXBUF)
		return x->nbufs ? &x->bufs[x->nbufs - 1] : NULL;
	fbuf = &x->bufs[x->nbufs];
	memset(fbuf, 0, sizeof(*fbuf));
	{
		uint64_t t0 = vct_now_us();
		/* (not zeroed first: the pattern below overwrites every byte) */
		int r = __vct_dma_alloc_unset(&x->vd->dma, alen, &fbuf->b);

		fzt.dma += vct_now_us() - t0;
		if (r)
			return NULL;
	}
	/* Driver data: a pattern the device may read. */
	fbuf->pat = (uint8_t)x->nbufs;
	fbuf->tail_from = FZ_NO_TAIL;
	if (fill) {
		/* Eight bytes a store: under TCG a byte loop over 64 KiB costs more than the device's work. */
		uint8_t w[8];
		uint32_t i = 0;

		for (unsigned int k = 0; k < 8; k++)
			w[k] = (uint8_t)(0x11 * k + fbuf->pat);
		for (; i + 8 <= alen; i += 8)
			memcpy((uint8_t *)fbuf->b->va + i, w, 8);
		for (; i < alen; i++)
			((uint8_t *)fbuf->b->va)[i] = w[i & 7];
	}
	x->bytes += alen;
	x->nbufs++;
	return fbuf;
}

static struct fz_buf *buf_new(struct fz_x *x, uint32_t len, bool exact, bool *oversized)
{
	return buf_new_as(x, len, exact, oversized, true);
}

/* A DATA part's buffer starts with payload #slot (the rest keeps the driver pattern). */
static void buf_fill(struct fz_x *x, struct fz_buf *fbuf, uint16_t slot)
{
	unsigned int k = slot % FZ_DATA_SLOTS;
	size_t n = x->paylen[k] < fbuf->b->len ? x->paylen[k] : fbuf->b->len;

	memcpy(fbuf->b->va, x->pay[k], n);
	fbuf->dirty = fbuf->own = true;
	fb(x, 0xda7a, k, (uint32_t)n);
}

/* A buffer for a part that is one (FZ_P_BUF and the rest), filled with the payload for FZ_P_DATA. */
static struct fz_buf *part_buf(struct fz_x *x, const struct fz_part *pt, bool fill)
{
	bool over = false;
	struct fz_buf *fbuf = buf_new_as(x, pt->len, false, &over, fill || pt->kind == FZ_P_DATA);

	if (!fbuf)
		return NULL;
	if (over)
		fbuf->oversized = true;
	if (pt->kind == FZ_P_DATA)
		buf_fill(x, fbuf, pt->arg);
	return fbuf;
}

static struct fz_buf *buf_of(struct fz_x *x, uint64_t iova)
{
	for (unsigned int i = 0; i < x->nbufs; i++) {
		struct vct_dma_buf *b = x->bufs[i].b;

		if (iova >= b->iova && iova < b->iova + b->map_len)
			return &x->bufs[i];
	}
	return NULL;
}

/* Does a range of x->wr meet [a, a + n)? With @own_start: not counting ranges that start inside it. */
static bool wr_meets(const struct fz_x *x, uint64_t a, uint64_t n, bool own_start)
{
	for (unsigned int i = 0; i < x->nwr; i++)
		if (x->wr_lo[i] < a + n && a < x->wr_hi[i] && !(own_start && x->wr_lo[i] >= a && x->wr_lo[i] < a + n))
			return true;
	return false;
}

static bool ring_meets_wr(const struct fz_x *x, const struct vct_vq *vq)
{
	const struct vct_dma_buf *m[3] = { vq->desc_mem, vq->avail_mem, vq->used_mem };

	for (unsigned int k = 0; k < 3; k++)
		if (m[k] && wr_meets(x, m[k]->iova, m[k]->map_len, false))
			return true;
	return false;
}

/*
 * Rings a writable range covers are the device's to write: their queue's
 * outcome is ambiguous (as with a ring part, ring_part_addr) and a retired
 * used ring there is no longer watched.
 */
static void tables_check(struct fz_x *x);

static void wr_rings(struct fz_x *x)
{
	tables_check(x);
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup && !x->q[i].amb && ring_meets_wr(x, x->q[i].vq))
			x->q[i].amb = x->amb_rings = true;
	for (unsigned int i = 0; i < x->nret; i++)
		if (!x->ret[i].exposed && wr_meets(x, x->ret[i].iova, x->ret[i].r.len, false))
			x->ret[i].exposed = true;
}

/*
 * A device-writable descriptor [lo, lo + len) that leaves the buffer it
 * starts in (or starts in none). The device may write any of it (D-d61ea6f6
 * forbids writes outside the buffers the driver made writable, and this one
 * the driver made writable): buffers under it are checked outside it only
 * (seal_bufs, check_exposed). Past FZ_MAXWR the last range grows to cover
 * the new one: more is forgiven, never less.
 */
static void wr_add(struct fz_x *x, uint64_t lo, uint32_t len)
{
	uint64_t hi = lo + len < lo ? UINT64_MAX : lo + len;
	unsigned int i = x->nwr;

	if (!len)
		return;
	if (i == FZ_MAXWR) {
		i--;
		lo = lo < x->wr_lo[i] ? lo : x->wr_lo[i];
		hi = hi > x->wr_hi[i] ? hi : x->wr_hi[i];
	} else {
		x->nwr++;
	}
	x->wr_lo[i] = lo;
	x->wr_hi[i] = hi;
	wr_rings(x);
}

/* A descriptor [addr, addr+len) with @w: record what the device may do there. */
static void note_desc(struct fz_x *x, uint64_t addr, uint32_t len, bool w)
{
	struct fz_buf *fbuf = buf_of(x, addr);
	uint64_t end;

	if (!fbuf) {
		if (len)
			x->amb_unmapped = true;
		if (w)
			wr_add(x, addr, len);
		return;
	}
	end = addr - fbuf->b->iova + (uint64_t)len;
	if (end > fbuf->b->map_len) {
		x->amb_unmapped = true;
		if (w)
			wr_add(x, addr, len);
	}
	if (w) {
		if (!fbuf->w || end > fbuf->wext)
			fbuf->wext = end > fbuf->wext ? end : fbuf->wext;
		fbuf->w = true;
	}
}

/*
 * The snapshot arena: copies of exposed buffers (buffer and canary), at
 * fz_buf.snap - 1. One execution holds buffers at a time, so each starts it
 * again (fz_x .snap_used) and the memory is reused.
 */
static uint8_t *snap_arena;
static size_t snap_cap;

/* A copy of @fbuf's mapping as it is now (false: no memory for one, so it is not checked). */
static void check_buf(struct fz_x *x, struct fz_buf *fbuf);

static bool snap_take(struct fz_x *x, struct fz_buf *fbuf)
{
	size_t n = fbuf->b->map_len, off;

	if (!fbuf->snap) {
		if (x->snap_used + n > snap_cap) {
			size_t cap = snap_cap ? snap_cap : (size_t)1 << 20;
			uint8_t *a;

			while (cap < x->snap_used + n)
				cap *= 2;
			a = realloc(snap_arena, cap);
			if (!a)
				return false;
			snap_arena = a;
			snap_cap = cap;
		}
		off = x->snap_used;
		x->snap_used += n;
		fbuf->snap = off + 1;
	}
	memcpy(snap_arena + fbuf->snap - 1, fbuf->b->va, n);
	return true;
}

/*
 * After a post: remember what the device may not change. A device-readable
 * buffer must stay as it is; of a device-writable one, the bytes after the
 * end of every WRITE descriptor into it (a descriptor shorter than its
 * allocation) must too. The tail is sealed again only when a WRITE
 * descriptor reached further or vct itself wrote there, so a stray write
 * between two posts is not forgotten. A buffer under a writable range
 * that starts elsewhere (exposed) is copied instead (check_exposed).
 */
static void seal_bufs(struct fz_x *x)
{
	for (unsigned int i = 0; i < x->nbufs; i++) {
		struct fz_buf *fbuf = &x->bufs[i];
		const uint8_t *p = fbuf->b->va;

		if (!fbuf->exposed && x->nwr && wr_meets(x, fbuf->b->iova, fbuf->b->map_len, true)) {
			/* What the device did before a range allowed it is judged as before (unless vct just wrote there). */
			if (fbuf->sealed && !fbuf->dirty)
				check_buf(x, fbuf);
			fbuf->exposed = true;
			if (!snap_take(x, fbuf))
				fbuf->snap = 0;
		} else if (fbuf->exposed && fbuf->dirty && fbuf->snap) {
			snap_take(x, fbuf);
		}
		if (fbuf->exposed) {
			/* (checked against its copy: no sums) */
		} else if (!fbuf->w) {
			/*
			 * Once: resealing at every post would forgive a write
			 * the device made in between (and hash every buffer again).
			 */
			if (!fbuf->sealed || fbuf->dirty)
				fbuf->sum = sum64(p, fbuf->b->len);
		} else if (fbuf->wext >= fbuf->b->len) {
			fbuf->tail_from = FZ_NO_TAIL;
		} else if (fbuf->dirty || fbuf->tail_from != fbuf->wext) {
			fbuf->tail_from = fbuf->wext;
			fbuf->tail_sum = sum64(p + fbuf->wext, fbuf->b->len - fbuf->wext);
		}
		fbuf->dirty = false;
		fbuf->sealed = true;
	}
}

/*
 * The first byte of @fbuf's sealed tail that differs from the driver's
 * pattern, or -1 (unchanged); -2 when it changed in a buffer vct wrote
 * itself (a table, a payload), where the pattern says nothing about which
 * byte: only the sum does.
 */
static long tail_changed(const struct fz_buf *fbuf)
{
	const uint8_t *p = fbuf->b->va;

	if (fbuf->tail_from == FZ_NO_TAIL || fbuf->tail_from >= fbuf->b->len || sum64(p + fbuf->tail_from, fbuf->b->len - fbuf->tail_from) == fbuf->tail_sum)
		return -1;
	if (fbuf->own)
		return -2;
	/* Where: the first byte off buf_new's pattern (vct's own table, if one is there, shows first). */
	for (uint64_t k = fbuf->tail_from; k < fbuf->b->len; k++)
		if (p[k] != (uint8_t)(0x11 * (k & 7) + fbuf->pat))
			return (long)k;
	return (long)fbuf->tail_from;
}

/* The first byte of [from, end) of @p that is not the canary, or @end: eight bytes a load. */
static size_t canary_first_bad(const uint8_t *p, size_t from, size_t end)
{
	const uint64_t cw = 0x0101010101010101ULL * VCT_DMA_CANARY;
	size_t c = from;

	for (; c < end && (c & 7); c++)
		if (p[c] != VCT_DMA_CANARY)
			return c;
	for (; c + 8 <= end; c += 8) {
		uint64_t w;

		memcpy(&w, p + c, 8);
		if (w != cw)
			break;
	}
	for (; c < end; c++)
		if (p[c] != VCT_DMA_CANARY)
			return c;
	return end;
}

/*
 * Byte @k of @fbuf changed where nothing let the device write: past the
 * buffer (its canary), past every WRITE descriptor into it (writable up to
 * @upto), or in a device-readable one (@k is SIZE_MAX when only its sum
 * says so).
 */
static void bad_byte(struct fz_x *x, struct fz_buf *fbuf, size_t k, uint64_t upto)
{
	const uint8_t *p = fbuf->b->va;

	if (k != SIZE_MAX && k >= fbuf->b->len)
		finding(x, "write-outside-buffer", "D-d61ea6f6", fbuf->w ? "after-writable" : "after-readable",
			"memory after a buffer", "untouched (canary)",
			"buffer iova 0x%llx, %zu bytes%s: byte %zu changed to 0x%02x",
			(unsigned long long)fbuf->b->iova, fbuf->b->len,
			fbuf->w ? " (device-writable)" : " (device-readable)", k, p[k]);
	else if (fbuf->w && k != SIZE_MAX)
		finding(x, "write-outside-buffer", "D-d61ea6f6", "after-writable",
			"memory after the end of every device-writable descriptor", "unchanged",
			"buffer iova 0x%llx, %zu bytes, writable up to %llu: byte %zu changed to 0x%02x",
			(unsigned long long)fbuf->b->iova, fbuf->b->len, (unsigned long long)upto, k, p[k]);
	else if (!fbuf->w && fbuf->held && !x->amb_status && !x->q[fbuf->held_q].amb)
		finding(x, "packed-unavailable-used", "D-1ff26634", "", "a buffer behind a packed list never made available",
			"untouched (the list's first descriptor did not say available)",
			"buffer iova 0x%llx, %zu bytes, was written", (unsigned long long)fbuf->b->iova, fbuf->b->len);
	else if (!fbuf->w && !fbuf->held)
		finding(x, "write-readable", "D-d61ea6f6", "", "a device-readable buffer",
			"unchanged", "buffer iova 0x%llx, %zu bytes, was written", (unsigned long long)fbuf->b->iova,
			fbuf->b->len);
}

/*
 * An exposed buffer: every byte outside the ranges the device may write
 * (its own WRITE descriptors' [0, wext), and each range of x->wr over it)
 * is compared with the copy taken when it was sealed.
 */
static void check_exposed(struct fz_x *x, struct fz_buf *fbuf)
{
	uint64_t lo[FZ_MAXWR + 1], hi[FZ_MAXWR + 1];
	const uint8_t *p = fbuf->b->va, *c;
	uint64_t base = fbuf->b->iova, ml = fbuf->b->map_len, k = 0;
	unsigned int n = 0;

	if (!fbuf->snap)
		return;
	c = snap_arena + fbuf->snap - 1;
	if (fbuf->w && fbuf->wext) {
		lo[n] = 0;
		hi[n++] = fbuf->wext < ml ? fbuf->wext : ml;
	}
	for (unsigned int i = 0; i < x->nwr; i++)
		if (x->wr_lo[i] < base + ml && base < x->wr_hi[i]) {
			lo[n] = x->wr_lo[i] > base ? x->wr_lo[i] - base : 0;
			hi[n++] = x->wr_hi[i] - base < ml ? x->wr_hi[i] - base : ml;
		}
	while (k < ml) {
		uint64_t next = ml;

		for (bool moved = true; moved;) {
			moved = false;
			for (unsigned int j = 0; j < n; j++)
				if (lo[j] <= k && k < hi[j]) {
					k = hi[j];
					moved = true;
				}
		}
		if (k >= ml)
			break;
		for (unsigned int j = 0; j < n; j++)
			if (lo[j] > k && lo[j] < next)
				next = lo[j];
		if (memcmp(p + k, c + k, next - k)) {
			while (p[k] == c[k])
				k++;
			/* (a tail byte of a writable buffer counts only where the rings are not ambiguous, as check_buf's) */
			if (k >= fbuf->b->len || !fbuf->w || !x->amb_rings)
				bad_byte(x, fbuf, k, fbuf->wext);
			return;
		}
		k = next;
	}
}

static void check_buf(struct fz_x *x, struct fz_buf *fbuf)
{
	const uint8_t *p = fbuf->b->va;
	size_t from = fbuf->b->len > fbuf->wext ? fbuf->b->len : fbuf->wext;
	size_t c;
	long k;

	if (fbuf->oversized || !fbuf->sealed)
		return;	/* (never sealed: allocated by an op that then gave up) */
	if (fbuf->exposed) {
		check_exposed(x, fbuf);
		return;
	}
	c = canary_first_bad(p, from, fbuf->b->map_len);
	if (c < fbuf->b->map_len)
		bad_byte(x, fbuf, c, fbuf->wext);
	k = fbuf->w && !x->amb_rings ? tail_changed(fbuf) : -1;
	if (k >= 0)
		bad_byte(x, fbuf, (size_t)k, fbuf->tail_from);
	else if (k == -2)
		finding(x, "write-outside-buffer", "D-d61ea6f6", "after-writable",
			"memory after the end of every device-writable descriptor", "unchanged",
			"buffer iova 0x%llx, %zu bytes (written by vct: a table or a payload), writable up to %llu: "
			"bytes %llu-%zu changed (their sum differs)",
			(unsigned long long)fbuf->b->iova, fbuf->b->len, (unsigned long long)fbuf->tail_from,
			(unsigned long long)fbuf->tail_from, fbuf->b->len - 1);
	if (!fbuf->w && fbuf->sum != sum64(p, fbuf->b->len))
		bad_byte(x, fbuf, SIZE_MAX, 0);
}

static void check_bufs(struct fz_x *x)
{
	for (unsigned int i = 0; i < x->nbufs; i++)
		check_buf(x, &x->bufs[i]);
	if (x->tg->refdev) {
		struct vct_refdev_stats s;

		vct_refdev_stats(x->t, &s);
		if (s.illegal_writes > x->st0.illegal_writes)
			finding(x, "refdev-illegal-write", "D-d61ea6f6", "", "refdev illegal_writes",
				"0", "%llu", (unsigned long long)(s.illegal_writes - x->st0.illegal_writes));
		if (s.dma_faults > x->st0.dma_faults && !x->amb_unmapped)
			finding(x, "dma-fault", "-", "", "device DMA outside every mapping",
				"none (every descriptor pointed at mapped memory)", "%llu faults",
				(unsigned long long)(s.dma_faults - x->st0.dma_faults));
		fb(x, 0x57a7, (uint32_t)(s.requests - x->st0.requests), (uint32_t)(s.dma_faults - x->st0.dma_faults));
	}
}

/* ---- rings -------------------------------------------------------------- */

/* Does anything the shadow knows of still route to MSI-X vector @v? */
static bool vector_mapped(struct fz_x *x, uint16_t v)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup && x->q[i].vector == v)
			return true;
	return x->vd->ops->get_config_vector(x->vd) == v;
}

/*
 * irq-no-vector (D-b3453c84): a queue whose vector the program unmapped while
 * it was live (queue_msix_vector reads NO_VECTOR since) used buffers after
 * that, and the vector it had fired although nothing else is mapped to it.
 * Interrupts pending from before the unmapping were drained at the write.
 */
static void irq_unmapped_check(struct fz_x *x)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];
		uint16_t v = q->vec_old, u;
		uint64_t cnt;

		if (!q->setup || !q->vec_unmapped || q->amb || v >= x->vd->nvec || x->vd->efd[v] < 0)
			continue;
		u = used_mark(x, q);
		if (u == q->vec_used || q->vector != VCT_NO_VECTOR || vector_mapped(x, v))
			continue;
		if (read(x->vd->efd[v], &cnt, sizeof(cnt)) == sizeof(cnt))
			finding(x, "irq-no-vector", "D-b3453c84", "", "used buffer notification of a queue set to NO_VECTOR",
				"none", "queue %u: vector %u (unmapped while live; queue_msix_vector reads 0xffff) fired after "
				"used idx moved %u -> %u", i, v, q->vec_used, u);
	}
}

/*
 * The memory the device must never write that vct does not rewrite whole:
 * descriptor tables (D-c0f67e1b) and the used rings of reset queues.
 * At each wait (observe), and before a writable range makes them the
 * device's to write (wr_rings), so what it wrote before is still judged.
 */
static void tables_check(struct fz_x *x)
{
	for (unsigned int i = 0; i < FZ_MAXQ && !x->amb_rings; i++) {
		struct fz_q *q = &x->q[i];

		if (q->setup && !q->vq->packed && q->desc_sum != table_sum(q->vq->desc, q->size))
			finding(x, "write-descriptors", "D-c0f67e1b", "", "descriptor table", "never written by the device",
				"queue %u: the table changed", i);
	}
	for (unsigned int i = 0; i < x->nret; i++) {
		struct fz_retired *r = &x->ret[i];

		if (!r->exposed && r->sum != sum64(r->r.used, r->r.len)) {
			finding(x, r->oracle, r->stmt, "", "used ring of a reset queue", "untouched",
				"queue %u: the device wrote it after the reset", r->index);
			r->sum = sum64(r->r.used, r->r.len);
		}
	}
}

/*
 * What the device did, after each op (@full false: its used indexes and
 * early notifications) and at each wait (@full: its descriptor tables and
 * the used rings of reset queues, which vct itself never rewrites whole,
 * so a write found there at the next wait is found all the same).
 */
static void observe(struct fz_x *x, bool full)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];
		uint16_t u;

		if (!q->setup)
			continue;
		u = used_mark(x, q);
		if (u != q->seen_used) {
			if (!x->driver_ok_seen && !q->amb)
				finding(x, "work-before-driver-ok", "D-0ec6171d", "used", "used ring before DRIVER_OK",
					"untouched", "queue %u: used idx moved %u -> %u", i, q->seen_used, u);
			q->seen_used = u;
		}
		if (!x->driver_ok_seen && x->vd->nvec && q->vector < x->vd->nvec && x->vd->efd[q->vector] >= 0) {
			uint64_t cnt;

			if (read(x->vd->efd[q->vector], &cnt, sizeof(cnt)) == sizeof(cnt))
				finding(x, "work-before-driver-ok", "D-0ec6171d", "irq", "used buffer notification",
					"none before DRIVER_OK", "queue %u: vector %u fired", i, q->vector);
		}
	}
	irq_unmapped_check(x);
	if (full)
		tables_check(x);
}

static void chain_free(struct fz_q *q, uint16_t head)
{
	for (uint16_t s = 0; s < q->size; s++)
		if (q->owner[s] == head)
			q->owner[s] = 0xffff;
	if (q->ch[head].busy)
		q->outstanding--;
	if (q->ch[head].busy && q->ch[head].given_up)
		q->given_up--;
	q->ch[head].busy = false;
	q->ch[head].given_up = false;
}

/* Packed ring: vct's packed driver reads and validates each used descriptor. */
static void reap_packed(struct fz_x *x, unsigned int qi)
{
	struct fz_q *q = &x->q[qi];

	for (unsigned int k = 0; k < 2u * q->size; k++) {
		struct vct_used_err e;
		uint16_t id;
		uint32_t len;
		void *tok;
		int r = vct_vq_get_used(q->vq, &id, &len, &tok, &e);


		if (!r)
			return;
		x->res->used_seen++;
		if (r < 0) {
			fb(x, 0x1d, qi, e.overlong ? 3 : 4);
			if (q->amb)
				continue;
			if (e.overlong)
				finding(x, "used-len", "D-6a2ebd0e", "", "used len", "<= the chain's device-writable bytes",
					"queue %u: %s", qi, e.why);
			else
				finding(x, "used-invalid", "-", "", "used descriptor", "one vct's packed driver accepts",
					"queue %u: %s", qi, e.why);
			if (!e.overlong)
				continue;
			id = (uint16_t)e.id;
		}
		q->reaped++;
		fb(x, 0x05ed, qi, log2c(len));
		if (id < q->size && q->ch[id].held && !q->amb)
			finding(x, "packed-unavailable-used", "D-1ff26634", "", "a packed list never made available",
				"not used: its first descriptor's AVAIL/USED bits did not match the driver's wrap counter",
				"queue %u: buffer id %u came back used (len %u)", qi, id, len);
		if (id < q->size && q->ch[id].busy) {
			q->given_up -= q->ch[id].given_up;
			q->ch[id].busy = false;
			q->ch[id].held = false;
			q->ch[id].given_up = false;
			q->outstanding--;
		}
	}
}

static void reap(struct fz_x *x, unsigned int qi)
{
	struct fz_q *q = &x->q[qi];
	uint16_t idx, n;

	if (!q->setup)
		return;
	if (q->vq->packed) {
		reap_packed(x, qi);
		return;
	}
	idx = ld16(&q->vq->used->idx);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	n = (uint16_t)(idx - q->last_used);
	if (!n)
		return;
	if (!q->amb && (n > q->outstanding || n > q->size)) {
		finding(x, "used-idx", "-", "ahead", "used idx", "advances by at most the buffers outstanding",
			"queue %u: moved by %u with %u outstanding", qi, n, q->outstanding);
		if (n > q->size)
			n = q->size;
	}
	for (uint16_t k = 0; k < n; k++, q->last_used++) {
		struct vring_used_elem *e = &q->vq->used->ring[q->last_used % q->size];
		uint32_t id = le32toh(e->id), len = le32toh(e->len);

		x->res->used_seen++;
		fb(x, 0x05ed, qi, log2c(len));
		if (id >= q->size || !q->ch[id].busy) {
			if (!q->amb)
				finding(x, "used-id", "-", id >= q->size ? "out-of-range" : "not-outstanding", "used id",
					"the head of an outstanding chain", "queue %u: id %u (size %u)%s", qi, id, q->size,
					id < q->size ? ", not outstanding" : "");
			fb(x, 0x1d, qi, id >= q->size ? 1 : 2);
			continue;
		}
		if (!q->amb && q->ch[id].wknown && len > q->ch[id].wlen)
			finding(x, "used-len", "D-6a2ebd0e", "", "used len", "<= the chain's device-writable bytes",
				"queue %u id %u: len %u > %llu", qi, id, len, (unsigned long long)q->ch[id].wlen);
		if (x->in_order) {
			uint32_t seq = q->ch[id].seq;

			for (uint16_t h = 0; h < q->size; h++)
				if (q->ch[h].busy && q->ch[h].seq < seq)
					chain_free(q, h);
		}
		fb(x, 0x0de7, qi, (uint32_t)(q->ch[id].seq & 7));
		chain_free(q, (uint16_t)id);
	}
}

/* Wall-time grace before an out-of-process device is called hung. */
#define FZ_HANG_GRACE_MS 2000

/*
 * Chains the device owes an answer for on queue @i: the queue was set up and
 * enabled in order, its buffers are ones the device type must complete, and
 * nothing made the outcome ambiguous. Without VERSION_1 the device runs a
 * legacy contract with no DEVICE_NEEDS_RESET, so no chain is owed then.
 */
static unsigned int owed_chains(struct fz_x *x, unsigned int i)
{
	struct fz_q *q = &x->q[i];
	unsigned int stuck = 0;

	if (!vct_has(x->vd->features, VCT_F_VERSION_1))
		return 0;
	if (!q->setup || !q->enabled || !q->enabled_early || q->amb || !must_complete(x, i))
		return 0;
	for (uint16_t h = 0; h < q->size; h++)
		stuck += q->ch[h].busy && q->ch[h].kicked;
	return stuck;
}

/* A notified chain the device owes an answer (@past_grace: one a wait already gave up on counts too). */
static bool chains_owed(struct fz_x *x, bool past_grace)
{
	if (x->amb_status || !x->features_ok || !x->driver_ok_seen || x->packed)
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (owed_chains(x, i) > (past_grace ? 0u : x->q[i].given_up))
			return true;
	return false;
}

static bool kicked_outstanding(struct fz_x *x)
{
	/* (not the chains a wait already gave up on: one grace each is enough) */
	return chains_owed(x, false);
}

static void hang_check(struct fz_x *x, unsigned int units)
{
	bool owed = chains_owed(x, true);
	uint8_t s;

	/*
	 * Nothing owed: the status serves the feedback only, and the one the
	 * wait read last, no op since (fz_x.st_fresh), does (a read was 2 % of
	 * an rng campaign: under QEMU's big lock, while the device works).
	 */
	s = !owed && x->st_fresh ? x->st_last : rd_status(x);
	fb(x, 0x57, s, 0);
	if (x->amb_status || !x->features_ok || !x->driver_ok_seen || !(s & S_DRIVER_OK) || (s & (S_NEEDS_RESET | S_FAILED)) || x->packed)
		return;
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		unsigned int stuck = owed_chains(x, i);

		if (stuck)
			finding(x, "hang", "D-5aeb6583", "", "notified buffers",
				"completed, or DEVICE_NEEDS_RESET set",
				"queue %u: %u chain(s) outstanding after %u wait units; status 0x%02x", i, stuck, units, s);
	}
}

static void wait_check(struct fz_x *x, unsigned int units)
{
	/*
	 * On evidence (settle_us): a device that settled at the last wait and
	 * has been given nothing since has nothing left to do.
	 */
	if (x->inproc || !x->o->settle_us || x->acted)
		let_run(x, units);
	x->acted = false;
	observe(x, true);
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		reap(x, i);
	/*
	 * An out-of-process device runs on its own clock (a TCG guest's QEMU
	 * may need a second for what refdev does in a call): before calling
	 * a hang, give notified chains a grace period of wall time to complete
	 * or to turn into DEVICE_NEEDS_RESET.
	 */
	/*
	 * With a hang already held (and waits on evidence), let_run waited the
	 * short grace (native_hang_us: two settle windows) already: another
	 * program whose answers stay away is that hang again, and each used to
	 * cost 100 ms or more here (a VFIO device's 1 % of such programs were a
	 * third of a campaign).
	 */
	for (uint64_t g0 = vct_now_us(), t0 = g0,
		      grace = x->o->hang_known && x->o->settle_us ? 0
				: 1000ull * (x->o->hang_grace_ms ? x->o->hang_grace_ms : FZ_HANG_GRACE_MS);
	     !x->inproc && vct_now_us() - g0 < grace && kicked_outstanding(x); t0 = vct_now_us()) {
		if ((rd_status(x) & (S_NEEDS_RESET | S_FAILED)) || session_over(x))
			break;
		let_run(x, 1);
		for (unsigned int i = 0; i < FZ_MAXQ; i++)
			reap(x, i);
		fzt.grace += vct_now_us() - t0;
	}
	check_bufs(x);
	hang_check(x, units);
	/*
	 * Owed answers that did not come within the grace are this program's
	 * hang (just reported): the program's later waits do not wait the
	 * grace for them again (VFIO; a vhost-user session keeps its own rules).
	 */
	if (!x->inproc && !x->native && x->o->settle_us && kicked_outstanding(x))
		give_up(x);
}

/* ---- status, features, reset -------------------------------------------- */

static void write_status(struct fz_x *x, uint8_t v);

static void retire_queues(struct fz_x *x, const char *oracle, const char *stmt, int only)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];

		if (!q->setup || (only >= 0 && (unsigned int)only != i))
			continue;
		if (!q->amb && x->nret < FZ_MAXRET) {
			struct fz_retired *r = &x->ret[x->nret++];

			/* (packed: the device writes used descriptors into the descriptor ring) */
			r->r.used = q->vq->packed ? (struct vring_used *)(void *)q->vq->pdesc : q->vq->used;
			r->r.len = q->vq->packed ? 16u * q->size : 6u + 8u * q->size;
			r->iova = q->vq->packed ? q->vq->desc_mem->iova : q->vq->used_mem->iova;
			r->exposed = false;
			r->sum = sum64(r->r.used, r->r.len);
			r->oracle = oracle;
			r->stmt = stmt;
			r->index = (uint16_t)i;
		}
		free(q->owner);
		free(q->ch);
		memset(q, 0, sizeof(*q));
	}
}

/* The device part of do_reset: 0 written, 0 awaited, and the reset oracles on what survived it. */
static void reset_device(struct fz_x *x)
{
	unsigned int tries = x->inproc ? 64 : 100;
	uint8_t s = 0xff;
	uint64_t t0 = vct_now_us();
	bool pipelined = x->vd->pipelined;
	uint32_t known0 = x->en_known0;

	/*
	 * Rings about to be retired are watched for writes after the reset
	 * (quiet-after-reset): their stop must be complete when the reset is,
	 * so it is not pipelined then.
	 */
	for (unsigned int i = 0; i < FZ_MAXQ && !x->unwatched; i++)
		if (x->q[i].setup && !x->q[i].amb)
			x->vd->pipelined = false;
	x->en_known0 = 0;
	vct_dev_set_status(x->vd, 0);
	x->vd->pipelined = pipelined;
	for (unsigned int i = 0; i < tries; i++) {
		if (x->inproc)
			vct_dev_poll(x->vd);
		else if (i)
			usleep(1000);
		s = rd_status(x);
		if (!s)
			break;
	}
	fb(x, 0x4e5, s, 0);
	if (s) {
		finding(x, "reset-status", "D-e96f18da", "", "device_status after writing 0", "0 (reset complete)",
			"0x%02x", s);
	} else {
		unsigned int nq = x->vd->num_queues < FZ_MAXQ ? x->vd->num_queues : FZ_MAXQ;
		uint16_t v;

		for (unsigned int i = 0; i < nq; i++) {
			/*
			 * A queue whose queue_enable the last reset read 0, and that
			 * nothing wrote since (fz_x.en_known0), is not read again: a
			 * 0 there says nothing of this reset (D-40ef3a9b), and the
			 * reads were 7 % of a net campaign's time (two register
			 * accesses a queue, after every program).
			 */
			if (known0 & (1u << i)) {
				x->en_known0 |= 1u << i;
				v = 0;
			} else {
				v = x->vd->ops->get_queue_enable(x->vd, (uint16_t)i);
			}
			if (v && !x->q[i].amb)
				finding(x, "reset-queue-enable", "D-40ef3a9b", "", "queue_enable after reset", "0",
					"queue %u reads %u", i, v);
			if (!v)
				x->en_known0 |= 1u << i;
			/* (no MSI-X vectors bound: vct wrote none, and the oracle needs them; two register accesses saved) */
			if (!x->vd->nvec)
				continue;
			v = x->vd->ops->get_queue_vector(x->vd, (uint16_t)i);
			if (v != VCT_NO_VECTOR)
				finding(x, "reset-vectors", "D-ea471510", "queue", "queue_msix_vector after reset",
					"0xffff (NO_VECTOR)", "queue %u: 0x%04x", i, v);
		}
		v = x->vd->nvec ? x->vd->ops->get_config_vector(x->vd) : VCT_NO_VECTOR;
		if (v != VCT_NO_VECTOR)
			finding(x, "reset-vectors", "D-ea471510", "config", "config_msix_vector after reset",
				"0xffff (NO_VECTOR)", "0x%04x", v);
	}
	/*
	 * The vectors' eventfds only. Without vectors the drain is an ISR
	 * read, which no op and no oracle of the executor looks at, and a
	 * costly one: QEMU lowers the INTx line on it (virtio_pci_isr_read),
	 * 4 % of an rng campaign's time. (The health probe's own bring-up is
	 * made without interrupts, no_irq.)
	 */
	if (x->vd->nvec)
		vct_dev_irq_drain(x->vd);
	fzt.reset += vct_now_us() - t0;
}

static void do_reset(struct fz_x *x)
{
	/*
	 * The first reset of a program that starts from a device whose reset
	 * completed at the end of the last one (fz_target.quiet), with no
	 * register touched since: two resets in a row leave a device as one
	 * does, and the reset oracles judged that one (the deferred probe's,
	 * as the last program's). vct repro, from a device just bound, makes
	 * it. A program's INIT, RESET or status write of 0 as its first op was
	 * 10-17 us of an rng execution.
	 */
	if (x->fresh && x->cur_op == 0 && x->t->accesses == x->fresh_acc)
		fzt.resets_kept++;
	else
		reset_device(x);
	x->fresh = false;
	retire_queues(x, "quiet-after-reset", "D-a95edbec", -1);
	x->status = 0;
	x->driver_ok_seen = x->features_ok = x->packed = x->in_order = x->amb_status = false;
	x->vd->features[0] = x->vd->features[1] = 0;
	x->drv_feat[0] = x->drv_feat[1] = 0;
	x->gfeat[0] = x->gfeat[1] = 0;
	x->gfeat_known = true;
	x->gfsel = 0;
}

static void features_rebuild_caches(struct fz_x *x);

/* driver_feature now holds x->drv_feat: what QEMU then works with (fz_x.gfeat). */
static void gfeat_written(struct fz_x *x)
{
	if (x->features_ok)
		return;	/* (refused while the status has FEATURES_OK) */
	x->gfeat_known = !x->amb_status;
	for (int w = 0; w < 2; w++)
		x->gfeat[w] = x->drv_feat[w] & x->vd->offered[w];
}

static void write_features(struct fz_x *x, const uint64_t f[2])
{
	vct_dev_write_features(x->vd, f);
	x->drv_feat[0] = f[0];
	x->drv_feat[1] = f[1];
	x->gfsel = 3;
	gfeat_written(x);
	features_rebuild_caches(x);
}

/*
 * FEATURES_OK stayed although the driver wrote unoffered bits into @acc.
 * What the device accepted is what driver_feature presents: it may have
 * ignored the write of a bit it never offered (PCI note after the
 * driver_feature requirements), and then the set is valid. Only unoffered
 * bits it still presents are a finding (D-2cd1add1). @acc becomes the set
 * the device works with.
 */
static void accepted_unoffered(struct fz_x *x, uint64_t acc[2])
{
	uint64_t pres[2], bad[2];

	vct_dev_read_driver_features(x->vd, pres);	/* leaves the feature select as the program left it */
	fb(x, 0x9f, (uint32_t)(pres[0] >> 32), (uint32_t)pres[1]);
	for (int w = 0; w < 2; w++) {
		bad[w] = acc[w] & ~x->vd->offered[w] & pres[w];
		acc[w] &= x->vd->offered[w] | pres[w];
	}
	if (bad[0] || bad[1])
		finding(x, "features-ok-unoffered", "D-2cd1add1", bad[0] ? "" : "bits-64-127",
			"FEATURES_OK with unoffered bits presented in driver_feature",
			"FEATURES_OK cleared, or the bits read 0 (write ignored)",
			"kept; driver_feature presents 0x%llx:%016llx, offered 0x%llx:%016llx",
			(unsigned long long)pres[1], (unsigned long long)pres[0],
			(unsigned long long)x->vd->offered[1], (unsigned long long)x->vd->offered[0]);
}

static bool guard_declines_status(struct fz_x *x, uint8_t v);
static bool guard_declines_as(struct fz_x *x, unsigned int qi, int pending, bool status, uint16_t size_write,
			      const struct vring_desc *tab);

static void write_status(struct fz_x *x, uint8_t v)
{
	uint8_t old = x->status, s;

	if (!v) {
		do_reset(x);
		return;
	}
	if (guard_declines_status(x, v))
		return;	/* (a held stall or crash the write would set off: not made, the shadow as it was) */
	if (old & ~v) {
		/* Clearing status bits without a reset: what the device does next is undefined. */
		x->amb_status = true;
		/*
		 * With FEATURES_OK cleared QEMU takes driver_feature writes again
		 * (virtio_set_features() refuses them only while the status has
		 * it, hw/virtio/virtio.c:3559-3561), and the next FEATURES_OK
		 * validates those. The shadow's negotiated set was kept, so the
		 * guards judged by it: a session 12 blk campaign died of the
		 * held live-size abort after status 0x19 (FEATURES_OK with no
		 * features), 3, a feature write with EVENT_IDX, 0xb, a grown
		 * queue and a kick, the guard thinking EVENT_IDX off. Not known
		 * now: the guards take what was offered (guard_features), and
		 * the next FEATURES_OK write is read back.
		 */
		if ((old & S_FEATURES_OK) && !(v & S_FEATURES_OK))
			x->features_ok = false;
		x->en_known0 = 0;
		for (unsigned int i = 0; i < FZ_MAXQ; i++)
			x->q[i].amb = true;
	}
	if (v & S_DRIVER_OK)
		x->driver_ok_seen = true;
	/* (QEMU notifies every enabled queue as it starts ioeventfd at this write, virtio.c:4375-4382) */
	if ((v & S_DRIVER_OK) && !(old & S_DRIVER_OK))
		for (unsigned int i = 0; i < FZ_MAXQ; i++)
			if (x->q[i].enabled)
				x->q[i].enabled_early = x->q[i].notified = true;
	vct_dev_set_status(x->vd, v);
	x->status = v;
	/*
	 * Read back only where an oracle needs it (FEATURES_OK kept or not) and
	 * in process, where it costs nothing: over VFIO each read is an emulated
	 * register access, and the waits and the hang oracle read the status anyway.
	 */
	s = (v & S_FEATURES_OK) && !x->features_ok ? rd_status(x) : x->inproc ? rd_status(x) : v;
	fb(x, 0x5a, v, s);
	if ((v & S_FEATURES_OK) && !x->features_ok) {
		if (s & S_FEATURES_OK) {
			uint64_t acc[2] = { x->drv_feat[0], x->drv_feat[1] };

			/* (not after the driver cleared status bits: what the device does then is undefined) */
			if (!x->amb_status && ((acc[0] & ~x->vd->offered[0]) || (acc[1] & ~x->vd->offered[1])))
				accepted_unoffered(x, acc);
			x->features_ok = true;
			x->vd->features[0] = x->gfeat[0] = acc[0];
			x->vd->features[1] = x->gfeat[1] = acc[1];
			x->gfeat_known = true;
			x->packed = vct_has(acc, VCT_F_RING_PACKED);
			/* Queues set up before FEATURES_OK in the other ring format: the device may read either. */
			for (unsigned int i = 0; i < FZ_MAXQ; i++)
				if (x->q[i].setup && x->q[i].vq->packed != x->packed)
					x->q[i].amb = true;
			x->in_order = vct_has(acc, VCT_F_IN_ORDER);
		}
	}
}

/* ---- queues ------------------------------------------------------------- */

static void qsetup(struct fz_x *x, unsigned int qi, uint16_t size, uint16_t vector)
{
	struct fz_q *q;
	char why[160];
	struct vct_vq *vq;
	uint16_t rb, cache;
	bool notified;
	bool live;

	if (qi >= FZ_MAXQ)
		return;
	q = &x->q[qi];
	live = x->en_known0 & (1u << qi) ? false : x->vd->ops->get_queue_enable(x->vd, (uint16_t)qi) != 0;
	if (size > 1024)
		size = 1024;
	/* (a live queue keeps the ring caches of its last enable, on the rings dropped below: QEMU sizes them only then) */
	cache = live && q->setup ? q->cache_size : 0;
	notified = live && q->setup && q->notified;	/* (kept by QEMU until a reset) */
	{
		uint64_t t0 = vct_now_us();
		int r = __vct_vq_setup_noenable(x->vd, (uint16_t)qi, size, vector, &vq, why, sizeof(why));

		fzt.dma += vct_now_us() - t0;
		if (r && live && q->setup) {
			/*
			 * Refused, mostly before any register was written (a live
			 * queue's queue_size reads what it holds, which setup takes
			 * for the maximum: a larger size is refused): the device
			 * keeps the queue, and the shadow its rings and caches, made
			 * ambiguous, with the size read back. A session 13 blk
			 * campaign died of the held live-size abort after such a
			 * refusal had dropped the shadow: the guards skipped the
			 * queue, a later queue_size write grew it unjudged, and the
			 * notification QEMU still held met the new size.
			 */
			q->amb = true;
			x->live_regs = true;
			q->dev_size = x->vd->ops->get_queue_size(x->vd, (uint16_t)qi);
			return;
		}
		if (q->setup) {
			/* Re-programming a live queue without a reset: the old rings are simply dropped. */
			free(q->owner);
			free(q->ch);
			memset(q, 0, sizeof(*q));
		}
		q->cache_size = cache;
		q->notified = notified;
		if (r) {
			q->cache_size = 0;	/* (what the device holds now is not known) */
			return;
		}
	}
	q->vq = vq;
	q->size = vq->size;
	q->owner = malloc(sizeof(*q->owner) * q->size);
	q->ch = calloc(q->size, sizeof(*q->ch));
	if (!q->owner || !q->ch) {
		free(q->owner);
		free(q->ch);
		memset(q, 0, sizeof(*q));
		q->cache_size = cache;
		q->notified = notified;
		return;
	}
	memset(q->owner, 0xff, sizeof(*q->owner) * q->size);
	if (!vq->packed) {
		memset(vq->desc, 0, 16u * q->size);
		q->desc_sum = 0;	/* (table_sum of zeros) */
	}
	q->setup = true;
	q->vector = vq->vector_readback;
	/* (size 0: the maximum, which setup just read and did not write; else what the device kept of the write) */
	rb = size ? x->vd->ops->get_queue_size(x->vd, (uint16_t)qi) : q->size;
	fb(x, 0x95, qi, rb);
	q->dev_size = rb;
	if (x->nwr && ring_meets_wr(x, vq))
		q->amb = x->amb_rings = true;	/* under a writable range (wr_rings) */
	if (rb != q->size || live)
		q->amb = true;
	x->live_regs |= live;	/* a live queue keeps its old rings (driver error, device may ignore us) */	/* the device did not take the size: it will not use our layout */
	if (!vq->packed && x->features_ok && vct_has(x->vd->features, VCT_F_EVENT_IDX))
		st16(&vq->avail->ring[q->size], 0);
}

/*
 * queue_enable written with 1: QEMU builds the ring caches anew, for the
 * size it holds (virtio_queue_set_num() of the size last written, then
 * virtio_queue_set_rings(), hw/virtio/virtio-pci.c 1404-1414), on the
 * addresses last written.
 */
static void cache_built(struct fz_q *q)
{
	q->cache_size = q->dev_size;
	q->cache_shadow = q->dev_size == q->size && !q->addr_moved;
}

/*
 * A driver_feature write before FEATURES_OK that leaves EVENT_IDX among the
 * device's features rebuilds the ring caches of every queue with a size,
 * for the size it holds (virtio_set_features(), hw/virtio/virtio.c
 * 3559-3578; after FEATURES_OK the write is refused).
 */
static void features_rebuild_caches(struct fz_x *x)
{
	if ((x->status & S_FEATURES_OK) || x->amb_status ||
	    !vct_has(x->vd->offered, VCT_F_EVENT_IDX) || !vct_has(x->drv_feat, VCT_F_EVENT_IDX))
		return;
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup && x->q[i].cache_size)
			cache_built(&x->q[i]);
}

static void qenable(struct fz_x *x, unsigned int qi)
{
	if (qi >= FZ_MAXQ)
		return;
	x->vd->ops->set_queue_enable(x->vd, (uint16_t)qi, 1);
	x->en_known0 &= ~(1u << qi);
	if (!x->q[qi].setup) {
		x->amb_unmapped = true;	/* rings at address 0 */
		return;
	}
	x->q[qi].enabled = true;
	cache_built(&x->q[qi]);
	if (!x->driver_ok_seen)
		x->q[qi].enabled_early = true;
	else if (vct_has(x->vd->features, VCT_F_RING_RESET))
		x->q[qi].enabled_early = true;	/* re-enable after a queue reset is allowed */
}

static void qreset(struct fz_x *x, unsigned int qi)
{
	uint16_t v = 1;

	if (qi >= FZ_MAXQ || !x->vd->ops->queue_reset_supported(x->vd))
		return;
	x->vd->ops->set_queue_reset(x->vd, (uint16_t)qi, 1);
	x->q[qi].cache_size = 0;	/* (__virtio_queue_reset drops the caches, hw/virtio/virtio.c:2546) */
	x->q[qi].notified = false;
	x->en_known0 &= ~(1u << qi);
	x->live_regs = true;
	for (unsigned int i = 0; i < 32 && v; i++) {
		if (x->inproc)
			vct_dev_poll(x->vd);
		v = x->vd->ops->get_queue_reset(x->vd, (uint16_t)qi);
	}
	fb(x, 0x9e5, qi, v);
	if (vct_has(x->vd->features, VCT_F_RING_RESET) && !v)
		retire_queues(x, "quiet-after-qreset", "D-17f4dd79", (int)qi);
	else if (x->q[qi].setup)
		x->q[qi].amb = true;
}

/*
 * A queue register written while the queue may be live. The shadow stays
 * exact: a vector is whatever the device reads back (the spec lets the
 * driver map and unmap at any time); a size, address or enable written to
 * an enabled queue is the driver's own error, after which the device may
 * use the old or the new value, so only that queue's ring oracles stand
 * down (and the unmapped-access oracle, where the new address is not memory
 * vct gave the device) while every other oracle stays on.
 */
static void qlive(struct fz_x *x, const struct fz_op *o)
{
	const struct vct_dev_ops *ops = x->vd->ops;
	uint16_t qi = o->q;
	struct fz_q *q;
	bool live;

	if (qi >= FZ_MAXQ || qi >= x->vd->num_queues)
		return;
	q = &x->q[qi];
	live = ops->get_queue_enable(x->vd, qi) != 0;
	x->live_regs |= live;
	x->en_known0 &= ~(1u << qi);	/* (any queue register written while live: not trusted to leave enable alone) */
	switch (o->width) {
	case FZ_QL_VECTOR: {
		uint16_t before = ops->get_queue_vector(x->vd, qi), rb;

		/* What was pending before the write must not count after it. */
		let_run(x, 1);
		vct_dev_irq_drain(x->vd);
		rb = ops->set_queue_vector(x->vd, qi, o->a16);
		fb(x, 0x7ec, qi, rb);
		if (!q->setup)
			break;
		q->vector = rb;
		if (live && rb == VCT_NO_VECTOR && before != VCT_NO_VECTOR && x->driver_ok_seen) {
			q->vec_unmapped = true;
			q->vec_old = before;
			q->vec_used = used_mark(x, q);
		} else if (rb != VCT_NO_VECTOR) {
			q->vec_unmapped = false;
		}
		break;
	}
	case FZ_QL_SIZE:
		if (live && o->a16 && guard_declines_as(x, qi, -1, false, o->a16, NULL))
			break;	/* (a notification QEMU may still hold for the queue would meet the new size) */
		ops->set_queue_size(x->vd, qi, o->a16);
		if (q->setup && live)
			q->amb = true;
		/* (what the device took: the held-crash guard of a size grown past the ring caches compares it with theirs) */
		if (q->setup)
			q->dev_size = ops->get_queue_size(x->vd, qi);
		break;
	case FZ_QL_ENABLE:
		ops->set_queue_enable(x->vd, qi, o->a16);
		if (q->setup && o->a16 == 1)
			cache_built(q);
		if (q->setup && (live || o->a16 != 1))
			q->amb = true;
		else if (q->setup)
			q->enabled = true;
		else
			x->amb_unmapped = true;	/* rings at whatever the registers hold */
		break;
	default: {
		unsigned int which = o->width - FZ_QL_DESC;
		uint64_t a[3], addr;
		struct fz_buf *fbuf;
		bool over;

		if (!q->setup)
			return;	/* the other two addresses are the shadow's */
		a[0] = q->vq->desc_mem->iova;
		a[1] = q->vq->avail_mem->iova;
		a[2] = q->vq->used_mem->iova;
		switch (o->a16 & 3) {
		case 0:	/* its own ring again */
			addr = a[which];
			break;
		case 1: {	/* another queue's same ring */
			struct fz_q *oq = &x->q[(o->a16 >> 2) & 3];

			if (!oq->setup)
				return;
			addr = (which == 0 ? oq->vq->desc_mem : which == 1 ? oq->vq->avail_mem : oq->vq->used_mem)->iova;
			x->amb_rings = true;
			break;
		}
		case 2:
			addr = vct_dma_guard_iova(&x->vd->dma);
			x->amb_unmapped = true;
			break;
		default:
			fbuf = buf_new(x, VCT_PAGE, false, &over);
			if (!fbuf)
				return;
			memset(fbuf->b->va, 0, fbuf->b->len);
			fbuf->w = true;	/* the device may write it as a ring */
			fbuf->wext = fbuf->b->len;
			addr = fbuf->b->iova;
			break;
		}
		a[which] = addr;
		ops->set_queue_addr(x->vd, qi, a[0], a[1], a[2]);
		q->addr_moved |= (o->a16 & 3) != 0;
		if (live && (o->a16 & 3))
			q->amb = true;
		break;
	}
	}
}

/*
 * A notification for queue @qi: the queue index (or, with NOTIFICATION_DATA,
 * its avail state), or @raw a 32-bit value of the program's choosing. The
 * transport's notify keeps the access inside what the device exposes.
 */
/* Where [iova, iova + len) is among the mappings vct made for the device (guard.h: FZ_GM_*). */
static int guard_map(void *ctx, uint64_t iova, uint64_t len, const void **va)
{
	struct fz_x *x = ctx;
	struct vct_dma *d = &x->vd->dma;
	int m = FZ_GM_NONE;
	size_t nb = d->n + d->nspare;

	/*
	 * The mapping that held the last range first: a guard walks one
	 * chain's descriptors, mostly in one buffer or table (mappings do not
	 * overlap, so a range wholly inside one is in no other).
	 */
	if (x->gm_hint < nb) {
		const struct vct_dma_buf *b = x->gm_hint < d->n ? d->bufs[x->gm_hint] : d->spare[x->gm_hint - d->n];

		if (iova >= b->iova && iova - b->iova < b->map_len) {
			if (len <= b->map_len - (iova - b->iova)) {
				*va = (const uint8_t *)b->va + (iova - b->iova);
				return FZ_GM_RAM;
			}
			/*
			 * (it starts in this mapping and runs past its end: in no
			 * other whole, and partly in one: the answer the loop below
			 * gives after every mapping, which dma_map's search for the
			 * longest run inside one asked up to 17 times a descriptor,
			 * 3 % of a net campaign)
			 */
			return FZ_GM_UNSURE;
		}
	}
	for (size_t k = 0; k < nb && m != FZ_GM_RAM; k++) {
		const struct vct_dma_buf *b = k < d->n ? d->bufs[k] : d->spare[k - d->n];

		if (iova >= b->iova && iova - b->iova < b->map_len && len <= b->map_len - (iova - b->iova)) {
			*va = (const uint8_t *)b->va + (iova - b->iova);
			m = FZ_GM_RAM;
			x->gm_hint = k;
		} else if (iova < b->iova + b->map_len && iova + len > b->iova) {
			m = FZ_GM_UNSURE;
		}
	}
	return m;
}

/*
 * The device refuses to pop (QEMU: vdev->broken, which virtio_error() sets
 * with DEVICE_NEEDS_RESET, hw/virtio/virtio.c:4240-4254). A status value the
 * driver wrote itself with that bit proves nothing (QEMU keeps what it was
 * written): not broken, as far as a guard knows.
 */
static bool guard_needs_reset(void *ctx)
{
	struct fz_x *x = ctx;

	if (x->status & S_NEEDS_RESET)
		return false;
	return rd_status(ctx) & S_NEEDS_RESET;
}

/*
 * A held-crash guard declines this notification of queue @qi (guard.h): the
 * queue's split rings as the device reads them. A queue whose registers or
 * rings the program made ambiguous goes to the guards as such
 * (fz_gq.rings_unsure); a packed one is let through. @status: the check
 * precedes a status write with DRIVER_OK instead (fz_gq.status_write).
 */
/*
 * The features the device works with, for the guards: QEMU's (fz_x.gfeat),
 * else what it offered, not known. A session 13 net campaign died of the
 * held net-tx-short-header after status 0x85 (FEATURES_OK and DRIVER
 * cleared): the guards had called the features unknown from then on,
 * a 10-byte chain unsure, where QEMU kept its 12-byte header.
 */
static void guard_features(struct fz_x *x, struct fz_gq *g)
{
	g->feat_known = x->gfeat_known;
	for (int w = 0; w < 2; w++)
		g->feat[w] = x->gfeat_known ? x->gfeat[w] : x->vd->offered[w];
}

static bool guard_declines_as(struct fz_x *x, unsigned int qi, int pending, bool status, uint16_t size_write,
			      const struct vring_desc *tab)
{
	struct fz_q *q;
	struct fz_gq g = { .type = x->vd->type, .qi = (uint16_t)qi, .num_queues = x->vd->num_queues,
			   .map = guard_map, .ctx = x, .iommu = !x->inproc && !x->native && !x->vd->dma.pa,
			   .pending = pending < 0 ? 0 : (unsigned int)pending + 1, .status_write = status,
			   .size_write = size_write, .status_kick = status && !(x->status & S_DRIVER_OK) };

	/*
	 * (a kick without DRIVER_OK is judged by the guards of queue registers
	 * alone, fz_gq.driver_ok; the guards of chains check a post all the
	 * same: virtio-net's DRIVER_OK write restarts a transmit bottom half that
	 * a kick before the last reset left pending, virtio_net_set_status(),
	 * hw/net/virtio-net.c:407-417)
	 */
	if (!x->o->guards || qi >= FZ_MAXQ || !x->q[qi].setup || x->q[qi].vq->packed)
		return false;
	q = &x->q[qi];
	g.driver_ok = (x->status & S_DRIVER_OK) || status;
	g.notified = q->notified;
	g.live_size = q->dev_size;
	g.cache_size = q->cache_size;
	if (q->cache_shadow) {
		g.cache_avail = q->vq->avail;
		g.cache_used = q->vq->used;
	}
	if (!q->amb && q->enabled && !x->amb_status) {
		g.size = q->size;
		g.desc = tab ? tab : q->vq->desc;
		g.avail = q->vq->avail;
		g.used = q->vq->used;
	} else if (pending >= 0 || q->amb || x->amb_status) {
		/*
		 * (a queue the program made ambiguous: vct's rings, where the device
		 * stands unknown; a post's own chain, which vct just wrote, is known;
		 * x->status is still the device's DRIVER_OK bit: QEMU keeps what it
		 * was written, adding NEEDS_RESET at most)
		 */
		g.size = q->size;
		g.desc = tab ? tab : q->vq->desc;
		g.avail = q->vq->avail;
		g.used = q->vq->used;
		g.rings_unsure = true;
	}
	g.avail_write = x->avail_write;
	if (q->vq->desc_mem && q->vq->avail_mem) {
		g.ring_iova[0] = q->vq->desc_mem->iova;
		g.ring_len[0] = q->vq->desc_mem->map_len;
		g.ring_iova[1] = q->vq->avail_mem->iova;
		g.ring_len[1] = q->vq->avail_mem->map_len;
	}
	guard_features(x, &g);
	if (!fz_guards_kick(x->o->guards, &g, guard_needs_reset, x))
		return false;
	fb(x, 0x6d, qi, 0);
	return true;
}

static bool guard_declines(struct fz_x *x, unsigned int qi, int pending)
{
	return guard_declines_as(x, qi, pending, false, 0, NULL);
}

/*
 * A status write of @v with DRIVER_OK: a device that works on it (virtio-rng
 * asks its back end then, hw/virtio/virtio-rng.c:162-173), or that starts
 * ioeventfd with it after a write without it and so notifies every queue
 * itself (guard.h: fz_gq.status_kick), has each set-up queue judged as for
 * a notification; declined, the write is not made.
 */
static bool guard_declines_status(struct fz_x *x, uint8_t v)
{
	if (!x->o->guards || !(v & S_DRIVER_OK))
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup && guard_declines_as(x, i, -1, true, 0, NULL))
			return true;
	return false;
}

/* The same for a packed post (guard.h: fz_gq.list): the list @sg (@n parts) about to be made available on @qi. */
static bool guard_declines_list(struct fz_x *x, unsigned int qi, const struct vct_sg *sg, unsigned int n)
{
	struct fz_gsg l[FZ_MAX_PARTS];
	struct fz_gq g = { .type = x->vd->type, .qi = (uint16_t)qi, .num_queues = x->vd->num_queues,
			   .map = guard_map, .ctx = x, .iommu = !x->inproc && !x->native && !x->vd->dma.pa,
			   .list = l, .nlist = n };

	if (!x->o->guards || x->amb_status || n > FZ_MAX_PARTS)
		return false;
	for (unsigned int i = 0; i < n; i++)
		l[i] = (struct fz_gsg){ .addr = sg[i].iova, .len = sg[i].len, .write = sg[i].write };
	guard_features(x, &g);
	if (!fz_guards_kick(x->o->guards, &g, guard_needs_reset, x))
		return false;
	fb(x, 0x6d, qi, 0);
	return true;
}

static void kick(struct fz_x *x, unsigned int qi, bool raw, uint32_t val)
{
	uint64_t cookie;
	char why[160];
	bool nd = vct_has(x->vd->features, VCT_F_NOTIFICATION_DATA);
	bool wide = nd || raw;

	if (guard_declines(x, qi, -1))
		return;
	if (qi < FZ_MAXQ && x->q[qi].setup) {
		cookie = x->q[qi].vq->notify_cookie;
	} else if (x->vd->ops->queue_notify_prepare(x->vd, (uint16_t)qi, wide, &cookie, why, sizeof(why)) &&
		   (wide = false,
		    x->vd->ops->queue_notify_prepare(x->vd, (uint16_t)qi, false, &cookie, why, sizeof(why)))) {
		return;
	}
	if (!raw && qi < FZ_MAXQ && x->q[qi].setup && x->q[qi].vq->packed) {
		/* (packed: the driver's own notification, NOTIFICATION_DATA as its ring position says) */
		vct_vq_notify(x->q[qi].vq);
		goto kicked;
	}
	if (!raw)
		val = nd && qi < FZ_MAXQ ? ((uint32_t)x->q[qi].avail_idx << 16) | qi : qi;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	x->vd->ops->notify(x->vd, (uint16_t)qi, cookie, val, wide);
kicked:
	if (qi < FZ_MAXQ && x->q[qi].setup)
		x->q[qi].notified = true;
	if (qi < FZ_MAXQ && x->q[qi].setup && x->driver_ok_seen)
		for (uint16_t h = 0; h < x->q[qi].size; h++)
			if (x->q[qi].ch[h].busy)
				x->q[qi].ch[h].kicked = true;
}

/* Where each part sits: table (parent part, -1 = the ring's table) and position. */
struct fz_node {
	int parent;
	unsigned int pos, nent;
	bool placed;
};

static unsigned int layout(const struct fz_op *o, unsigned int start, unsigned int ntop, int parent, unsigned int depth,
			   struct fz_node *nd, unsigned int *count)
{
	unsigned int i = start, k;

	for (k = 0; k < ntop && i < o->nparts; k++) {
		unsigned int me = i++;

		nd[me].parent = parent;
		nd[me].pos = k;
		nd[me].nent = 0;
		if (o->parts[me].kind == FZ_P_INDIRECT && depth < 4)
			i = layout(o, i, o->parts[me].arg, (int)me, depth + 1, nd, &nd[me].nent);
	}
	*count = k;
	return i;
}

/*
 * Addresses vct never maps. Not the x86 interrupt window (0xfee00000-
 * 0xfeefffff, a reserved region VFIO leaves out of the usable IOVA ranges):
 * behind VT-d a device's write there is an interrupt request, not DMA, so a
 * writable buffer there had the device raise whatever interrupts the bytes
 * it wrote spell (random ones from virtio-rng), which took the test bed's
 * guest down (stray NMIs and vectors, then QEMU gone with `vtd_irte_get:
 * detected non-present IRTE` as its last line). A driver that hands out such
 * an address is wrong, not the device that writes to it; the first address
 * past the window is unmapped memory like the others.
 */
static uint64_t wild_addr(uint16_t arg, uint32_t len)
{
	switch (arg % 8) {
	case 0: return 0;
	case 1: return 0xfef00000ULL;
	case 2: return (1ULL << 48) - 8;
	case 3: return ~0ULL - 7;
	case 4: return 0x100000ULL - 16;
	case 5: return 1ULL << 63;
	case 6: return ~0ULL - (len / 2);
	default: return 0xfffff000ULL;
	}
}

/*
 * A part inside a ring (FZ_P_RING): arg bits 0-1 the queue, 2-3 its
 * descriptor / driver / device area, 4.. the offset. Both queues' ring
 * oracles stand down; past the area's mapping, the unmapped-access one too.
 */
static uint64_t ring_part_addr(struct fz_x *x, struct fz_q *q, const struct fz_part *pt)
{
	struct fz_q *rq = &x->q[pt->arg & 3];
	struct vct_dma_buf *m;
	uint64_t addr;

	if (!rq->setup)
		return vct_dma_guard_iova(&x->vd->dma);	/* unmapped: a device access there faults */
	m = (pt->arg >> 2) % 3 == 0 ? rq->vq->desc_mem : (pt->arg >> 2) % 3 == 1 ? rq->vq->avail_mem : rq->vq->used_mem;
	addr = m->iova + ((pt->arg >> 4) * 8u) % m->map_len;
	rq->amb = q->amb = true;
	x->amb_rings = true;
	if (addr - m->iova + pt->len > m->map_len)
		x->amb_unmapped = true;
	return addr;
}

/*
 * Does part @i's buffer need the driver pattern? Not when its descriptor
 * is device-writable and covers all of it (no tail to seal), is not read
 * as a table, and no SAME part of the op names it: the device has nothing
 * of it to read, and filling it was about 8 % of a net campaign's time
 * under TCG (receive and entropy buffers up to 64 KiB).
 */
static bool part_read(const struct fz_op *o, unsigned int i)
{
	const struct fz_part *pt = &o->parts[i];

	if (!(pt->flags & FZ_PF_WRITE) || (!(pt->flags & FZ_PF_AUTO) && (pt->flags & FZ_PF_INDIRECT)))
		return true;
	for (unsigned int j = i + 1; j < o->nparts; j++)
		if (o->parts[j].kind == FZ_P_SAME && o->parts[j].arg % j == i)
			return true;
	return false;
}

static void post(struct fz_x *x, const struct fz_op *o)
{
	struct fz_q *q;
	struct fz_node nd[FZ_MAX_PARTS];
	uint64_t addr[FZ_MAX_PARTS];
	uint32_t nlen[FZ_MAX_PARTS];
	bool nw[FZ_MAX_PARTS];
	struct fz_buf *tbl[FZ_MAX_PARTS];
	uint16_t slots[FZ_MAX_PARTS];
	/*
	 * The descriptor table with the chain in it, as the guards judge it: the
	 * device's own table gets the chain only once it is not declined. A
	 * device at work may read the table at any time (virtio-rng re-asks
	 * from a bottom half while the avail index is ahead of it, and an
	 * AVAILIDX over stale entries names these slots), so a declined chain
	 * must never be there, not even while the guards walk it.
	 */
	struct vring_desc tab[1024];
	unsigned int ntop, nfree = 0, nslots;
	uint64_t wlen = 0;
	bool wknown = true;
	uint16_t head;

	if (o->q >= FZ_MAXQ || !x->q[o->q].setup || x->q[o->q].vq->packed || !o->nparts)
		return;
	q = &x->q[o->q];
	memset(nd, 0, sizeof(nd));
	for (unsigned int i = 0; i < o->nparts; i++)
		nd[i].parent = -2;	/* not reached by the layout */
	layout(o, 0, FZ_MAX_PARTS, -1, 0, nd, &ntop);
	for (uint16_t s = 0; s < q->size; s++)
		nfree += q->owner[s] == 0xffff;
	nslots = ntop < nfree ? ntop : nfree;
	if (!nslots)
		return;
	for (uint16_t s = 0, k = 0; s < q->size && k < nslots; s++)
		if (q->owner[s] == 0xffff)
			slots[k++] = s;
	head = slots[0];
	memcpy(tab, q->vq->desc, 16u * q->size);

	/* Placement: drop top-level entries beyond the free slots, with their tables. */
	for (unsigned int i = 0; i < o->nparts; i++) {
		int p = nd[i].parent;

		nd[i].placed = p == -1 ? nd[i].pos < nslots : p >= 0 && nd[p].placed;
		tbl[i] = NULL;
	}
	/* Addresses. */
	for (unsigned int i = 0; i < o->nparts; i++) {
		const struct fz_part *pt = &o->parts[i];
		bool over = false;
		struct fz_buf *fbuf;

		addr[i] = 0;
		if (!nd[i].placed)
			continue;
		if (!(pt->flags & FZ_PF_AUTO))
			wknown = false;
		switch (pt->kind) {
		case FZ_P_BUF:
		case FZ_P_DATA:
			fbuf = part_buf(x, pt, part_read(o, i));
			if (!fbuf)
				return;
			addr[i] = fbuf->b->iova;
			break;
		case FZ_P_GUARD:
			addr[i] = vct_dma_guard_iova(&x->vd->dma) + (pt->arg % VCT_PAGE);
			break;
		case FZ_P_RING:
			addr[i] = ring_part_addr(x, q, pt);
			break;
		case FZ_P_EDGE:
			fbuf = buf_new(x, VCT_PAGE, false, &over);
			if (!fbuf)
				return;
			addr[i] = fbuf->b->iova + fbuf->b->map_len - (pt->arg % (VCT_PAGE + 1));
			break;
		case FZ_P_WILD:
			addr[i] = wild_addr(pt->arg, pt->len);
			break;
		case FZ_P_SAME:
			addr[i] = i ? addr[pt->arg % i] : 0;
			if (!i)
				x->amb_unmapped = true;
			break;
		case FZ_P_INDIRECT:
			fbuf = buf_new(x, 16u * nd[i].nent, true, &over);
			if (!fbuf)
				return;
			tbl[i] = fbuf;
			addr[i] = fbuf->b->iova;
			break;
		}
	}
	/* Descriptors. */
	for (unsigned int i = 0; i < o->nparts; i++) {
		const struct fz_part *pt = &o->parts[i];
		int p = nd[i].parent;
		unsigned int nent = p == -1 ? nslots : p >= 0 ? nd[p].nent : 0;
		struct vring_desc *d;
		uint16_t flags, next;
		uint32_t len;
		bool auto_ = pt->flags & FZ_PF_AUTO;

		if (!nd[i].placed)
			continue;
		d = p == -1 ? &tab[slots[nd[i].pos]] : &((struct vring_desc *)tbl[p]->b->va)[nd[i].pos];
		if (p >= 0)
			tbl[p]->dirty = tbl[p]->own = true;
		if (auto_) {
			flags = pt->flags & FZ_PF_WRITE;
			if (pt->kind == FZ_P_INDIRECT)
				flags |= VRING_DESC_F_INDIRECT;
			else if (nd[i].pos + 1 < nent)
				flags |= VRING_DESC_F_NEXT;
			next = nd[i].pos + 1 < nent ? (p == -1 ? slots[nd[i].pos + 1] : (uint16_t)(nd[i].pos + 1)) : 0;
		} else {
			flags = pt->flags & (FZ_PF_NEXT | FZ_PF_WRITE | FZ_PF_INDIRECT);
			if (pt->flags & FZ_PF_NEXTABS)
				next = pt->next;
			else
				next = nent ? (p == -1 ? slots[pt->next % nent] : (uint16_t)(pt->next % nent)) : 0;
		}
		len = pt->kind == FZ_P_INDIRECT && !(pt->flags & FZ_PF_RAWLEN) ? 16u * nd[i].nent : pt->len;
		/* (noted once the chain is made available, below: a declined one gives the device nothing to write) */
		nlen[i] = len;
		nw[i] = false;
		if (pt->kind == FZ_P_INDIRECT && (flags & VRING_DESC_F_INDIRECT)) {
			if (len > 16u * nd[i].nent)
				x->amb_unmapped = true;	/* the device may read canary bytes as descriptors */
		} else {
			nw[i] = flags & VRING_DESC_F_WRITE;
			if (flags & VRING_DESC_F_WRITE)
				wlen += len;
		}
		if (pt->kind == FZ_P_INDIRECT && !vct_has(x->vd->features, VCT_F_INDIRECT_DESC))
			wknown = false;
		if (pt->kind != FZ_P_INDIRECT && (flags & VRING_DESC_F_INDIRECT))
			x->amb_unmapped = true;	/* driver data read as a descriptor table */
		d->addr = htole64(addr[i]);
		d->len = htole32(len);
		d->flags = htole16(flags);
		d->next = htole16(next);
		if (p == -1)
			q->owner[slots[nd[i].pos]] = head;
	}
	if (guard_declines_as(x, o->q, head, false, 0, tab)) {
		/*
		 * (a held crash's chain: never made available, never in the
		 * device's table; its slots stay free, its buffers the device's to
		 * leave alone)
		 */
		for (unsigned int k = 0; k < nslots; k++)
			q->owner[slots[k]] = 0xffff;
		seal_bufs(x);
		return;
	}
	for (unsigned int k = 0; k < nslots; k++) {
		uint16_t sl = slots[k];

		q->desc_sum += desc_mix(&tab[sl], sl) - desc_mix(&q->vq->desc[sl], sl);
		q->vq->desc[sl] = tab[sl];
	}
	/*
	 * What the device may now do with each descriptor (a writable range
	 * over a ring makes that queue ambiguous: noted after the guard looked,
	 * or a 2 GiB descriptor over its own ring blinded the guard to it).
	 */
	for (unsigned int i = 0; i < o->nparts; i++)
		if (nd[i].placed)
			note_desc(x, addr[i], nlen[i], nw[i]);
	seal_bufs(x);
	q->ch[head] = (struct fz_chain){ .busy = true, .wknown = wknown, .wlen = wlen, .seq = x->seq++ };
	q->outstanding++;
	st16(&q->vq->avail->ring[q->avail_idx % q->size], head);
	q->avail_idx++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	st16(&q->vq->avail->idx, q->avail_idx);
}

/*
 * Packed ring: one list through vct's packed driver (ids, wrap counters and
 * its shadow are the driver's), every part a descriptor in the ring, or all
 * of them behind one indirect descriptor when a part is FZ_P_INDIRECT. With
 * a wrap mode (o->width) the list is written but its first descriptor gets
 * AVAIL/USED bits that do not make it available for the driver's wrap
 * counter: the device must not use it (nor anything after it).
 */
/* Part kinds that get a fresh buffer of their own. */
static bool fbuf_of_part(uint8_t kind)
{
	return kind == FZ_P_BUF || kind == FZ_P_EDGE || kind == FZ_P_DATA;
}

static void ppost(struct fz_x *x, const struct fz_op *o)
{
	struct vct_sg sg[FZ_MAX_PARTS];
	struct fz_q *q;
	unsigned int n = 0, flags = 0;
	uint64_t wlen = 0;
	bool wknown = true;
	int id;

	if (o->q >= FZ_MAXQ || !x->q[o->q].setup || !x->q[o->q].vq->packed || !o->nparts)
		return;
	q = &x->q[o->q];
	for (unsigned int i = 0; i < o->nparts; i++) {
		const struct fz_part *pt = &o->parts[i];
		struct fz_buf *fbuf;
		bool over = false, w = pt->flags & FZ_PF_WRITE;
		uint64_t addr;

		switch (pt->kind) {
		case FZ_P_INDIRECT:
			flags |= VCT_VQ_INDIRECT;
			continue;
		case FZ_P_GUARD:
			addr = vct_dma_guard_iova(&x->vd->dma) + (pt->arg % VCT_PAGE);
			x->amb_unmapped = true;
			break;
		case FZ_P_WILD:
			addr = wild_addr(pt->arg, pt->len);
			x->amb_unmapped = true;
			break;
		case FZ_P_SAME:
			addr = n ? sg[pt->arg % n].iova : 0;
			if (!n)
				x->amb_unmapped = true;
			break;
		case FZ_P_EDGE:
			fbuf = buf_new(x, VCT_PAGE, false, &over);
			if (!fbuf)
				return;
			addr = fbuf->b->iova + fbuf->b->map_len - (pt->arg % (VCT_PAGE + 1));
			break;
		case FZ_P_RING:
			addr = ring_part_addr(x, q, pt);
			break;
		default:
			fbuf = part_buf(x, pt, true);
			if (!fbuf)
				return;
			addr = fbuf->b->iova;
			break;
		}
		if (n >= q->size && !(flags & VCT_VQ_INDIRECT))
			break;	/* a list longer than the ring: the driver refuses it whole */
		if (o->width && fbuf_of_part(pt->kind) && (fbuf = buf_of(x, addr))) {
			fbuf->held = true;	/* never made available: no write is allowed */
			fbuf->held_q = o->q;
		}
		note_desc(x, addr, pt->len, w && !o->width);
		if (w)
			wlen += pt->len;
		sg[n++] = (struct vct_sg){ .iova = addr, .len = pt->len, .write = w };
	}
	if (!n)
		return;
	/* A readable part after a writable one is the driver's error; the device may refuse or misread it. */
	for (unsigned int i = 1; i < n; i++)
		if (sg[i - 1].write && !sg[i].write)
			wknown = false;
	if ((flags & VCT_VQ_INDIRECT) && !vct_has(x->vd->features, VCT_F_INDIRECT_DESC))
		wknown = false;
	/* (a list posted with AVAIL/USED bits that do not make it available is the device's to leave alone) */
	if (!o->width && guard_declines_list(x, o->q, sg, n)) {
		seal_bufs(x);
		return;	/* a held crash's list: never made available */
	}
	id = vct_vq_add(q->vq, sg, n, NULL, flags | (o->width ? VCT_VQ_HOLD : 0));
	fb(x, 0x9ac, o->q, id < 0 ? 0xffff : (uint32_t)id);
	seal_bufs(x);	/* (also when the driver refused the list: its buffers exist) */
	if (id < 0 || id >= q->size)
		return;
	q->ch[id] = (struct fz_chain){ .busy = true, .wknown = wknown, .wlen = wlen, .seq = x->seq++, .held = o->width != 0 };
	q->outstanding++;
	if (o->width) {
		uint16_t pos = q->vq->slots[id].ring_pos, f = q->vq->pflags[pos];
		bool w = f & P_AVAIL;	/* the driver's wrap counter for that slot */

		f &= (uint16_t)~(P_AVAIL | P_USED);
		switch (o->width) {
		case FZ_PW_AVAIL_WRONG: f |= (w ? 0 : P_AVAIL) | (w ? 0 : P_USED); break;
		case FZ_PW_BOTH_SET: f |= (w ? P_AVAIL | P_USED : 0); break;
		default: f |= (w ? 0 : P_AVAIL) | (w ? P_USED : 0); break;
		}
		__atomic_thread_fence(__ATOMIC_RELEASE);
		st16(&q->vq->pdesc[pos].flags, f);
		q->vq->pflags[pos] = f;	/* what the driver left there: not a used descriptor */
	}
}

/* ---- the run ------------------------------------------------------------ */

/*
 * A transport-specific op (opcodes 0x70..0x7f), executed by the transport;
 * what it did comes back in virtio terms and keeps the shadow honest.
 */
static void raw_op(struct fz_x *x, const struct fz_op *o)
{
	struct vct_raw_op r = { .code = o->op, .width = o->width, .off = o->q, .val = o->val };
	struct vct_raw_effect e;

	/*
	 * A wider write at device_status (0x14) is a status write of its low
	 * byte for QEMU (virtio_pci_common_write(), hw/virtio/virtio-pci.c
	 * 1365-1370, dispatches on the access's address), made by the transport
	 * before the effect comes back: judged first. (A byte write comes back
	 * as_status, for write_status to judge and make.)
	 */
	if (o->op == FZ_OP_PCI_COMMONW && o->q == 0x14 && o->width > 1 && guard_declines_status(x, (uint8_t)o->val))
		return;
	/*
	 * One that hands queue_size a value after DRIVER_OK is judged as a
	 * live size write (qlive), for every queue: the same access may move
	 * queue_select first, a byte at a time.
	 */
	if (o->op == FZ_OP_PCI_COMMONW && (x->status & S_DRIVER_OK)) {
		uint32_t ns = fz_guard_raw_size(o->q, o->width, o->val);

		for (unsigned int i = 0; ns && ns <= 1024 && i < FZ_MAXQ; i++)
			if (x->q[i].setup && guard_declines_as(x, i, -1, false, (uint16_t)ns, NULL))
				return;
	}
	if (!x->vd->ops->raw_op || x->vd->ops->raw_op(x->vd, &r, &e))
		return;
	if (o->op != FZ_OP_PCI_COMMONR) {
		x->en_known0 = 0;	/* (a raw write may reach queue_enable, or the status) */
		x->live_regs = true;
	}
	if (e.as_status) {
		write_status(x, e.status);
		return;
	}
	if (!e.done)
		return;
	if (o->op == FZ_OP_PCI_COMMONR) {
		fb(x, 0xc0, o->q, (uint32_t)e.val);
		return;
	}
	if (e.status_part) {
		/* device_status inside a wider write: allowed to be anything, so trust nothing after it. */
		if (e.status & S_DRIVER_OK)
			x->driver_ok_seen = true;
		x->status = e.status;
		x->amb_status = true;
		for (unsigned int i = 0; i < FZ_MAXQ; i++)
			x->q[i].amb = true;
	}
	if (e.feat_select) {
		x->gfsel = e.sel;
	} else if (e.feat_word) {
		if (x->gfsel < 4) {
			uint64_t *w = &x->drv_feat[x->gfsel / 2];
			unsigned int sh = 32 * (x->gfsel % 2);

			*w = (*w & ~(0xffffffffULL << sh)) | ((uint64_t)e.word << sh);
			gfeat_written(x);
			features_rebuild_caches(x);
		} else if (!x->features_ok) {
			x->gfeat_known = false;	/* (a word of driver_feature vct does not follow) */
		}
	} else if (e.queues) {
		for (unsigned int i = 0; i < FZ_MAXQ; i++) {
			struct fz_q *q = &x->q[i];

			q->amb = true;	/* queue registers no longer what the shadow says */
			/*
			 * (the ring caches stay as they were unless queue_enable was
			 * written: then they may be rebuilt, or the device broken, so
			 * not judged; the size the device holds is read back)
			 */
			if (e.queue_enable || !q->setup)
				q->cache_size = 0;
			if (q->cache_size)
				q->dev_size = x->vd->ops->get_queue_size(x->vd, (uint16_t)i);
		}
		x->amb_unmapped = x->amb_rings = true;
	}
}

static bool probed_request(struct fz_x *x, struct fz_health_out *h);

/*
 * INIT's bring-up; @only >= 0 sets up and enables that queue alone (the
 * probe's bring-up that no program starts from: probe_reset_path).
 */
static void bring_up(struct fz_x *x, uint8_t steps, int only, uint8_t queues)
{
	if (steps & FZ_INIT_RESET)
		do_reset(x);
	if (steps & FZ_INIT_ACK) {
		write_status(x, x->status | S_ACK);
		write_status(x, x->status | S_DRIVER);
	}
	if (steps & FZ_INIT_FEATURES) {
		uint64_t f[2];

		vct_dev_default_features(x->vd, f);
		write_features(x, f);
	}
	if (steps & FZ_INIT_FEATURES_OK)
		write_status(x, x->status | S_FEATURES_OK);
	if (steps & FZ_INIT_QUEUES) {
		unsigned int nq = x->vd->num_queues < FZ_MAXQ ? x->vd->num_queues : FZ_MAXQ;

		for (unsigned int i = 0; i < nq; i++) {
			if (only >= 0 ? i != (unsigned int)only : !(queues & (1u << i)))
				continue;
			qsetup(x, i, steps & FZ_INIT_SMALLQ ? 8 : 0, VCT_NO_VECTOR);
			qenable(x, i);
		}
	}
	if (steps & FZ_INIT_DRIVER_OK)
		write_status(x, x->status | S_DRIVER_OK);
	if (steps & FZ_INIT_PROBED) {
		struct fz_health_out h;

		probed_request(x, &h);
	}
}

static void init_macro(struct fz_x *x, uint8_t steps)
{
	bring_up(x, steps, -1, x->queues);
}

static void run_op(struct fz_x *x, const struct fz_op *o)
{
	switch (o->op) {
	case FZ_OP_INIT: init_macro(x, o->q); break;
	case FZ_OP_FEATURES: {
		uint64_t f[2], d[2];

		vct_dev_default_features(x->vd, d);
		switch (o->q) {
		case FZ_FEAT_RAW: f[0] = o->lo; f[1] = o->val; break;
		case FZ_FEAT_AND: f[0] = x->vd->offered[0] & o->lo; f[1] = x->vd->offered[1] & o->val; break;
		case FZ_FEAT_OR: f[0] = d[0] | o->lo; f[1] = d[1] | o->val; break;
		default: f[0] = d[0] ^ o->lo; f[1] = d[1] ^ o->val; break;
		}
		write_features(x, f);
		break;
	}
	case FZ_OP_STATUS: write_status(x, o->q); break;
	case FZ_OP_RESET: do_reset(x); break;
	case FZ_OP_QSETUP: qsetup(x, o->q, o->a16, o->b16); break;
	case FZ_OP_QENABLE: qenable(x, o->q); break;
	case FZ_OP_QRESET: qreset(x, o->q); break;
	case FZ_OP_POST: post(x, o); break;
	case FZ_OP_KICK: kick(x, o->q, false, 0); break;
	case FZ_OP_PCI_KICKRAW: kick(x, o->q, true, o->val); break;
	case FZ_OP_CFGREAD: {
		uint8_t b[4] = { 0 };

		if (!__vct_dev_config_read(x->vd, o->q, b, o->width, 4))
			fb(x, 0xcf9, o->q, (uint32_t)vct_le_load(b, o->width));
		break;
	}
	case FZ_OP_CFGWRITE: __vct_dev_config_write(x->vd, o->q, o->val, o->width); break;
	case FZ_OP_WAIT: wait_check(x, o->q % (FZ_MAXUNITS + 1)); return;
	case FZ_OP_PCI_COMMONW:
	case FZ_OP_PCI_COMMONR:
		raw_op(x, o);
		break;
	case FZ_OP_AVAILIDX:
		if (o->q < FZ_MAXQ && x->q[o->q].setup && !x->q[o->q].vq->packed) {
			struct fz_q *q = &x->q[o->q];

			uint16_t to = (uint16_t)(q->avail_idx + o->a16);
			bool no;

			/*
			 * After DRIVER_OK QEMU may still hold a notification (its
			 * own at the DRIVER_OK write included) that pops up to the
			 * new index: the write is judged as one (fz_gq.avail_write;
			 * a session 11 console campaign lost 4.8 s to such a jump,
			 * never notified). Declined, it is not made.
			 */
			x->avail_write = (x->status & S_DRIVER_OK) ? (uint32_t)to + 1u : 0;
			no = x->avail_write && guard_declines(x, o->q, -1);
			x->avail_write = 0;
			if (no)
				break;
			q->avail_idx = to;
			st16(&q->vq->avail->idx, q->avail_idx);
			q->amb = true;
		}
		break;
	case FZ_OP_RINGFLAGS:
		if (o->q < FZ_MAXQ && x->q[o->q].setup && !x->q[o->q].vq->packed) {
			struct fz_q *q = &x->q[o->q];

			st16(&q->vq->avail->flags, o->a16);
			st16(&q->vq->avail->ring[q->size], o->b16);
		}
		break;
	case FZ_OP_MSIX: {
		unsigned int n = o->q;
		unsigned int max = vct_dev_irq_max(x->vd);

		if (n > max)
			n = max;
		if (n > VCT_MAX_VECTORS)
			n = VCT_MAX_VECTORS;
		if (n && !x->vd->nvec)
			__vct_dev_irq_setup(x->vd, n);
		break;
	}
	case FZ_OP_REAP:
		if (o->q < FZ_MAXQ)
			reap(x, o->q);
		break;
	case FZ_OP_QLIVE: qlive(x, o); break;
	case FZ_OP_DATA:
		memcpy(x->pay[o->q % FZ_DATA_SLOTS], o->data, o->dlen);
		x->paylen[o->q % FZ_DATA_SLOTS] = o->dlen;
		break;
	case FZ_OP_PPOST: ppost(x, o); break;
	case FZ_OP_PEVENT:
		if (o->q < FZ_MAXQ && x->q[o->q].setup && x->q[o->q].vq->packed)
			vct_pvq_set_driver_event(x->q[o->q].vq, o->a16 & 3, o->b16 & 0x7fff, o->b16 >> 15);
		break;
	}
	x->acted = true;	/* (WAIT returned above) */
	x->st_fresh = false;
}

int fz_target_open(struct fz_target *tg, const char *device, char *err, size_t errlen)
{
	struct vct_vfio_opts vo = { 0 };
	struct vct_transport *t;
	struct vct_dev *vd;
	int r;

	memset(tg, 0, sizeof(*tg));
	if (strlen(device) >= sizeof(tg->spec)) {
		snprintf(err, errlen, "device '%.40s...' is too long", device);
		return -EINVAL;
	}
	snprintf(tg->spec, sizeof(tg->spec), "%s", device);
	r = vct_target_open(device, &vo, &t, err, errlen);
	if (r)
		return r;
	r = vct_dev_bind(t, VCT_BIND_DRIVE, &vd, err, errlen);
	/* An in-process device is opened fresh for every execution; a real one stays open. */
	tg->refdev = !strcmp(t->ops->kind, "refdev");
	if (!r)
		tg->type = vd->type;
	if (!r && !tg->refdev) {
		/*
		 * Bound once (its capabilities do not change between executions),
		 * with a pooled DMA allocator whose mappings outlive an execution.
		 */
		tg->t = t;
		tg->vd = vd;
		vct_dma_set_pooled(&vd->dma, true);
		vd->cache_selects = true;	/* every access is the executor's (raw ones through the ops too) */
		/*
		 * VFIO: the probe's waits poll, as the limit cycle's do (sleeping
		 * only past 2 ms). Not a vhost-user back end: it runs on the CPUs
		 * vct would spin on.
		 */
		vd->spin_us = strcmp(t->ops->kind, "vhost-user") ? 2000 : 0;
		/*
		 * A vhost-user back end: set-up and stop messages go without a round
		 * trip each (struct vct_dev .pipelined); do_reset asks for the
		 * synchronous stop where rings stay watched.
		 */
		vd->pipelined = !strcmp(t->ops->kind, "vhost-user");
		/*
		 * VFIO: mutation keeps a program's complete bring-up first most of
		 * the time, so the next program can start from the health probe's
		 * bring-up (fz_target.carry; fz_mutate_set_keep_init).
		 */
		fz_mutate_set_keep_init(!vd->pipelined);
		return 0;
	}
	if (!r)
		vct_dev_close(vd);
	vct_transport_close(t);
	return r;
}

/* The bound device's queues and vectors go; its buffers stay mapped in the pool. */
static void target_release(struct fz_target *tg)
{
	struct vct_dma pool;

	vct_dma_recycle(&tg->vd->dma);
	pool = tg->vd->dma;
	vct_dma_init(&tg->vd->dma, tg->t);
	vct_dev_release(tg->vd);
	tg->vd->dma = pool;
}

void fz_target_idle(struct fz_target *tg)
{
	if (!tg->vd)
		return;
	fz_target_drop(tg);
	tg->quiet = !__vct_dev_reset(tg->vd, 500, NULL);
	tg->quiet_judged = false;	/* (no reset oracle looked at this one: the next program's first reset is made) */
	tg->quiet_en0 = 0;
	target_release(tg);
}

void fz_target_close(struct fz_target *tg)
{
	if (tg->vd)
		fz_target_drop(tg);
	if (tg->vd && !tg->quiet)
		__vct_dev_reset(tg->vd, 500, NULL);	/* (fz_run leaves the reset to the next program) */
	if (tg->vd) {
		vct_dev_close(tg->vd);	/* the pool's mappings too */
		tg->vd = NULL;
	}
	if (tg->t)
		vct_transport_close(tg->t);
	tg->t = NULL;
}

/*
 * The program's request queue when the program left it running and able to
 * take a well-formed request before any reset: FEATURES_OK kept with
 * VERSION_1, DRIVER_OK written and not driven backwards, the split queue set
 * up and enabled before DRIVER_OK with nothing ambiguous, every chain answered.
 * vct's driver adopts the ring for the probe (the program is over).
 */
static bool queue_clean(struct fz_x *x, unsigned int i)
{
	struct fz_q *q = &x->q[i];

	return !x->amb_status && x->features_ok && !x->packed && (x->status & S_DRIVER_OK) && !(x->status & S_FAILED) &&
	       vct_has(x->vd->features, VCT_F_VERSION_1) && q->setup && !q->amb && !q->vq->packed && q->enabled &&
	       q->enabled_early && !q->outstanding;
}

static struct vct_vq *live_queue(struct fz_x *x)
{
	struct fz_q *q;

	if (!x->o->health_q_known || x->o->health_q >= FZ_MAXQ || !queue_clean(x, x->o->health_q))
		return NULL;
	q = &x->q[x->o->health_q];
	return vct_vq_adopt(q->vq, q->avail_idx, q->last_used, q->owner) ? NULL : q->vq;
}

/* The probe's wait: the full grace on a reset path (a device slow under load is not wedged). */
static int probe_ms(struct fz_x *x)
{
	return x->o->hang_grace_ms > 250 ? (int)x->o->hang_grace_ms : 250;
}

/*
 * The probe itself (fz_exec_opts.health). Its resets stop a vhost-user back
 * end's rings with a reply each (not pipelined): a pipelined stop of a ring
 * still holding the probe's own unanswered request ends the session
 * (rings_stop, vu_dev.c), and the probe's bring-up on the session vct ended
 * would call the back end wedged for vct's own doing.
 */
static void call_probe(struct fz_x *x, struct vct_vq *const *live, unsigned int n, int live_ms, struct fz_health_out *h)
{
	bool pipelined = x->vd->pipelined;
	uint64_t w0 = x->vd->used_wait_us;

	x->vd->pipelined = false;
	x->o->health(x->vd, live, n, live_ms, probe_ms(x), h);
	x->vd->pipelined = pipelined;
	fzt.h_wait += x->vd->used_wait_us - w0;
}

/* What the probe said: feedback, the time it took, a finding. */
static void probe_done(struct fz_x *x, const struct fz_health_out *h, bool own)
{
	fb(x, 0x4ea1, (uint32_t)h->verdict, h->live_ok);
	fzt.health_live += own && h->live_ok;
	if (h->finding)
		finding(x, h->oracle, h->stmt, "", h->what, h->expected, "%s", h->seen);
}

/*
 * The probe's well-formed request on a bring-up the executor just made
 * (INIT's probed step): every queue it set up is adopted by vct's driver,
 * the request goes on the one its model names, and the shadow follows the
 * ring positions it moved. False when it was not answered: the probe then
 * went on to its own reset and bring-up, so nothing of the shadow holds.
 */
static bool probed_request(struct fz_x *x, struct fz_health_out *h)
{
	struct vct_vq *live[FZ_MAXQ] = { 0 };
	unsigned int n = 0;

	memset(h, 0, sizeof(*h));
	if (!x->o->health)
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		struct fz_q *q = &x->q[i];

		if (queue_clean(x, i) && !vct_vq_adopt(q->vq, q->avail_idx, q->last_used, q->owner)) {
			live[i] = q->vq;
			n = i + 1;
		}
	}
	call_probe(x, live, n, probe_ms(x), h);
	if (!h->live_ok) {
		x->amb_status = x->amb_rings = x->amb_unmapped = true;
		x->gfeat_known = false;	/* (the probe may have brought the device up its own way) */
		for (unsigned int i = 0; i < FZ_MAXQ; i++)
			x->q[i].amb = true;
		return false;
	}
	for (unsigned int i = 0; i < n; i++) {
		struct fz_q *q = &x->q[i];

		if (!live[i])
			continue;
		q->avail_idx = live[i]->avail_idx;
		q->last_used = live[i]->last_used;
		q->seen_used = ld16(&q->vq->used->idx);
		q->desc_sum = table_sum(q->vq->desc, q->size);	/* vct's driver wrote the request's descriptors */
	}
	return true;
}

/* The executor's state as a fresh fz_run has it (its device, options and result kept). */
/* vct's per-queue shadow of the program's chains (owners, chain records): freed when the program's state goes. */
static void x_free_queues(struct fz_x *x)
{
	for (unsigned int i = 0; i < FZ_MAXQ; i++) {
		free(x->q[i].owner);
		free(x->q[i].ch);
	}
}

static void x_fresh(struct fz_x *x)
{
	/*
	 * Field by field, and the buffer table left as it is (buf_new clears
	 * each entry it hands out; nothing reads past nbufs): a copy of the
	 * whole state and a clear of it, 14 KB each, were 3 % of an execution's
	 * time under TCG, on every probe.
	 */
	struct fz_target *tg = x->tg;
	struct vct_transport *t = x->t;
	struct vct_dev *vd = x->vd;
	const struct fz_exec_opts *o = x->o;
	struct fz_result *res = x->res;
	int cur_op = x->cur_op;
	bool inproc = x->inproc, native = x->native;
	struct vct_refdev_stats st0 = x->st0;
	uint32_t en_known0 = x->en_known0;	/* (the device is as the reset left it: only vct's structures go) */

	memset(x, 0, offsetof(struct fz_x, bufs));
	memset((char *)x + offsetof(struct fz_x, nbufs), 0, sizeof(*x) - offsetof(struct fz_x, nbufs));
	x->tg = tg;
	x->t = t;
	x->vd = vd;
	x->o = o;
	x->res = res;
	x->cur_op = cur_op;
	x->inproc = inproc;
	x->native = native;
	x->st0 = st0;
	x->en_known0 = en_known0;
}

/* Free what a kept state holds (its queues, buffers and vectors): the device is no longer known to be quiet. */
static void carry_free(struct fz_target *tg, struct fz_x *c)
{
	x_free_queues(c);
	free(c);
	target_release(tg);
	tg->quiet = false;
}

void fz_target_drop(struct fz_target *tg)
{
	struct fz_x *c = tg->carry;

	if (!c)
		return;
	tg->carry = NULL;
	carry_free(tg, c);
}

bool fz_target_carries(const struct fz_target *tg, const struct fz_prog *p)
{
	/* (a bring-up without the probe's request cannot stand in for INIT|PROBED: that program starts afresh) */
	return tg->carry && p->n && p->ops[0].op == FZ_OP_INIT &&
	       (uint8_t)(p->ops[0].q & ~FZ_INIT_PROBED) == tg->carry_steps && fz_prog_queues(p) == tg->carry_queues &&
	       (tg->carry_probed || !(p->ops[0].q & FZ_INIT_PROBED));
}

/* Every chain the program made available came back and nothing is ambiguous: the back end holds nothing of it. */
static bool nothing_in_flight(struct fz_x *x)
{
	if (x->amb_status || x->amb_rings || x->nret)
		return false;
	for (unsigned int i = 0; i < FZ_MAXQ; i++)
		if (x->q[i].setup && (x->q[i].amb || x->q[i].outstanding))
			return false;
	return true;
}

/* Keep the bring-up @x holds (INIT @steps of @queues, with the probe's request or not) for the next program. */
static void carry_keep(struct fz_x *x, uint8_t steps, uint8_t queues, bool probed)
{
	x->tg->carry = x;
	x->tg->carry_steps = steps;
	x->tg->carry_queues = queues;
	x->tg->carry_probed = probed;
}

/*
 * The probe's reset path out of process, as the limit cycle does it: the
 * program's state reset (the reset oracles report what survived it
 * as this program's), its queues, buffers and vectors released, a bring-up
 * with the next program's INIT steps and the well-formed request on it. The
 * state is kept for the next program (tg->carry). False where the reset did
 * not complete: the robustness probe's own path then has the last word.
 */
static bool probe_reset_path(struct fz_x *x, struct fz_health_out *h, bool new_session)
{
	/* (the request needs a complete bring-up: a next program with a partial INIT runs its own) */
	bool full = (x->o->next_init & FZ_INIT_STD) == FZ_INIT_STD;
	uint8_t steps = full ? (uint8_t)(x->o->next_init & (FZ_INIT_STD | FZ_INIT_SMALLQ))
			     : (uint8_t)(FZ_INIT_STD | FZ_INIT_SMALLQ);
	/*
	 * No program starts from this bring-up (the next one does not begin
	 * with a complete INIT): the request's own queue is all it sets up, as
	 * the limit cycle does. Every queue cost virtio-serial's probe 8 setups
	 * of about 14 register accesses each (its 64 queues, FZ_MAXQ of them).
	 */
	int only = !full && x->o->health_q_known && x->o->health_q < FZ_MAXQ ? (int)x->o->health_q : -1;
	uint64_t t0, t1;
	uint8_t queues;
	bool ok;

	if (x->native) {
		/*
		 * A back end may complete what it had in flight after its rings
		 * stopped, into whatever ring is set up next (rings_stop, vu_dev.c):
		 * only a program whose every chain came back is reset and brought
		 * up again here, or on a new session (@new_session: health ended
		 * the one that held the program's buffers).
		 */
		if (!new_session && !nothing_in_flight(x))
			return false;
		x->unwatched = true;	/* (nothing in flight: the stop needs no round trip) */
	}
	t0 = vct_now_us();
	do_reset(x);
	x->unwatched = false;
	fzt.h_reset += vct_now_us() - t0;
	if (rd_status(x) != 0)
		return false;
	x_free_queues(x);
	/* (the reset completed: the buffers may go back to the pool, the retired rings with them) */
	target_release(x->tg);
	x_fresh(x);
	t0 = vct_now_us();
	/* (the next program's queues, and the request's: kept for it only when they are the same) */
	queues = full ? x->o->next_queues : 0x3;
	if (x->o->health_q_known && x->o->health_q < FZ_MAXQ)
		queues |= (uint8_t)(1u << x->o->health_q);
	bring_up(x, (uint8_t)(steps & ~FZ_INIT_RESET), only, queues);
	t1 = vct_now_us();
	fzt.h_init += t1 - t0;
	ok = probed_request(x, h);
	fzt.h_req += vct_now_us() - t1;
	/*
	 * (not answered: the robustness probe's own reset path answered, nothing
	 * to keep; or kept for nobody: fz_run releases it, the next program
	 * starts with a reset)
	 */
	if (!ok || only >= 0 || queues != x->o->next_queues)
		return true;
	carry_keep(x, steps, queues, true);
	return true;
}

/*
 * May this program's probe leave its request out (fz_exec_opts.health_defer)?
 * Not after a program whose oracles flagged something (a finding is never
 * saved from a device not probed after it), nor over vhost-user (its probe
 * keeps its own rules). Everything else keeps the request for later: a
 * program that drove device_status backwards, wrote a queue register while
 * the queue was live, reset a queue or wrote the common configuration raw
 * (the state machine and queue registers where devices break), as well as
 * rings the shadow lost track of (an AVAILIDX jump, rings under a writable
 * range, wild addresses). The reset and the next bring-up still run here,
 * with the reset oracles (a reset that does not complete, or a refused
 * FEATURES_OK, turns into the whole probe), and a device left unable to
 * answer a request is found by the next whole probe, at most PROBE_KMAX
 * programs later, which replays the deferred ones to find which did it
 * (wedge_attribute, fuzz/cmd.c). Until session 9 the programs with live
 * registers or status writes got the whole probe at once: 10-22 % of blk's
 * programs, each request about 0.5 ms of waiting for QEMU's main loop, for
 * a wedge no campaign had shown (blk 1 232 -> 1 619 exec/s at load 4).
 */
static bool probe_deferrable(struct fz_x *x)
{
	if (!x->o->health_defer || x->inproc || x->native)
		return false;
	if (x->res->nfind) {
		fzt.forced_find++;
		return false;
	}
	fzt.forced_amb += x->amb_status || x->live_regs;
	return true;
}

/*
 * A deferred probe: its reset path without the request. The program's state
 * is reset here, in its own run (the reset oracles report what survived it
 * as its own, as the whole probe's reset path does), its buffers released,
 * and the next program's INIT brought up and kept for it (tg->carry, not
 * probed), or, when the next program does not start with an INIT,
 * the device left reset (tg->quiet). False when the reset flagged anything
 * (it did not complete, a register survived it) or the bring-up's
 * FEATURES_OK was refused: the whole probe then runs on what is left.
 */
static bool deferred_reset_path(struct fz_x *x)
{
	uint8_t steps = (uint8_t)(x->o->next_init & (FZ_INIT_STD | FZ_INIT_SMALLQ));
	uint64_t t0 = vct_now_us(), t1;
	bool probed;

	do_reset(x);
	t1 = vct_now_us();
	fzt.h_reset += t1 - t0;
	if (x->res->nfind)
		return false;
	x_free_queues(x);
	/* (the reset completed: do_reset read device_status 0, else it is a finding) */
	target_release(x->tg);
	x_fresh(x);
	if (!(x->o->next_init & (uint8_t)~FZ_INIT_PROBED)) {
		x->quiesced = true;
		return true;
	}
	bring_up(x, (uint8_t)(steps & ~FZ_INIT_RESET), -1, x->o->next_queues);
	t0 = vct_now_us();
	fzt.h_init += t0 - t1;
	if (x->res->nfind || ((steps & FZ_INIT_FEATURES_OK) && !x->features_ok))
		return false;
	/*
	 * The next program's INIT asks for the probe's request as well
	 * (FZ_INIT_PROBED): made here on the complete bring-up, as that step
	 * would make it, so the program starts from it. It ran the reset and
	 * the bring-up a second time before (a carry without the request does
	 * not stand in for that step): 2-3 % of an rng campaign. Not answered:
	 * the whole probe has the last word.
	 */
	probed = (x->o->next_init & FZ_INIT_PROBED) && (steps & FZ_INIT_STD) == FZ_INIT_STD;
	if (probed) {
		struct fz_health_out h;
		bool ok = probed_request(x, &h);

		fzt.h_req += vct_now_us() - t0;
		if (!ok || h.finding)
			return false;
	}
	carry_keep(x, steps, x->o->next_queues, probed);
	return true;
}

/*
 * The health probe (fz_exec_opts.health) on what the program left: a
 * well-formed request on the program's own queue when it can take one, else
 * a reset, a fresh bring-up and the request; a wedged device is a finding.
 * Its reset is a real one: the next run starts from a device that completed
 * it (fz_target.quiet), or from its bring-up (fz_target.carry).
 */
static void health(struct fz_x *x)
{
	struct fz_health_out h;
	uint64_t t0 = vct_now_us();
	struct vct_vq *live = NULL;
	bool new_session = false;
	unsigned long long acc0 = x->t->accesses;

	if (x->native && !nothing_in_flight(x)) {
		/*
		 * A vhost-user back end still holding buffers of the program: vct's
		 * reset ends such a session (rings_stop, vu_dev.c: so that nothing
		 * completes into later rings), and a probe on the session vct ended
		 * would call the back end wedged for vct's own doing. The reset and
		 * a new session come first; the probe judges the back end on that.
		 */
		__vct_dev_reset(x->vd, 500, NULL);
		if (x->t->ops->removed(x->t) && x->vd->ops->function_reset && x->vd->ops->function_reset(x->vd)) {
			fzt.health += vct_now_us() - t0;
			return;	/* (gone for good: fz_run's back-end oracles report it) */
		}
		new_session = true;
	} else {
		live = live_queue(x);
	}
	fzt.health_tried += live != NULL;
	if (live) {
		struct vct_vq *lv[FZ_MAXQ] = { 0 };

		lv[x->o->health_q] = live;
		call_probe(x, lv, x->o->health_q + 1u, (int)(x->o->health_ms ? x->o->health_ms : (unsigned int)probe_ms(x)), &h);
		fzt.h_live += vct_now_us() - t0;
	} else if (x->inproc || !probe_reset_path(x, &h, new_session)) {
		call_probe(x, NULL, 0, probe_ms(x), &h);
	}
	/*
	 * A vhost-user session that is over after the probe was ended by the
	 * back end (the probe's own stops never end one): not a wedged device
	 * but a back end that left, which fz_run's back-end oracles report.
	 */
	if (x->native && h.finding && x->t->ops->removed(x->t))
		h.finding = false;
	probe_done(x, &h, live != NULL);
	fzt.health += vct_now_us() - t0;
	fzt.acc_health += x->t->accesses - acc0;
}

/* The program's first op is a device reset (which completes before it allocates anything). */
static bool starts_with_reset(const struct fz_prog *p)
{
	const struct fz_op *o = p->n ? &p->ops[0] : NULL;

	return o && (o->op == FZ_OP_RESET || (o->op == FZ_OP_INIT && (o->q & FZ_INIT_RESET)) ||
		     (o->op == FZ_OP_STATUS && o->q == 0));
}

int fz_run(struct fz_target *tg, const struct fz_prog *p, const struct fz_exec_opts *o, struct fz_result *r)
{
	static const struct fz_exec_opts defaults = { 0 };
	struct fz_x *x;
	char err[256];
	int rc;
	uint64_t t0 = vct_now_us(), t;
	unsigned int first = 0;
	unsigned long long acc0 = tg->t ? tg->t->accesses : 0;

	memset(r, 0, sizeof(*r));
	r->slow_op = -1;
	if (fz_target_carries(tg, p) && !(tg->t->ops->removed && tg->t->ops->removed(tg->t))) {
		/* The last probe's bring-up and answered request: this program's INIT, run as INIT|PROBED. */
		x = tg->carry;
		tg->carry = NULL;
		x->o = o ? o : &defaults;
		x->res = r;
		x->queues = tg->carry_queues;
		x->cur_op = 0;
		x->acted = true;
		fzt.nop[FZ_OP_INIT]++;
		fzt.carried++;
		r->ops_run++;
		first = 1;
		goto run;
	}
	fz_target_drop(tg);
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->tg = tg;
	x->o = o ? o : &defaults;
	x->res = r;
	x->queues = fz_prog_queues(p);
	x->cur_op = -1;
	if (tg->refdev) {
		static const struct vct_vfio_opts vo;

		rc = vct_target_open(tg->spec, &vo, &x->t, err, sizeof(err));
		if (rc) {
			free(x);
			return rc;
		}
	} else {
		x->t = tg->t;
	}
	x->inproc = x->t->ops->poll != NULL;
	x->native = !strcmp(x->t->ops->kind, "vhost-user");
	t = vct_now_us();
	if (tg->vd) {
		x->vd = tg->vd;	/* bound once; its DMA pool comes along */
		rc = 0;
	} else {
		rc = vct_dev_bind(x->t, VCT_BIND_DRIVE, &x->vd, err, sizeof(err));
	}
	fzt.probe += vct_now_us() - t;
	if (rc)
		goto out;
	/* A vhost-user back end that ended the last program's session gets a new one (fails: it is gone for good). */
	if (x->t->ops->removed && x->t->ops->removed(x->t) && x->vd->ops->function_reset) {
		tg->quiet = false;
		if (x->vd->ops->function_reset(x->vd)) {
			rc = -ENODEV;
			goto close;
		}
	}
	if (tg->refdev) {
		vct_refdev_stats(x->t, &x->st0);
	} else if (!tg->quiet && !starts_with_reset(p)) {
		/* (a program whose first op resets gets that reset only: two in a row leave the device as one does) */
		t = vct_now_us();
		__vct_dev_reset(x->vd, 500, NULL);
		fzt.reset += vct_now_us() - t;
	}
	if (tg->quiet && tg->quiet_judged && !x->inproc && !x->native) {
		x->fresh = true;
		x->fresh_acc = x->t->accesses;
		x->en_known0 = tg->quiet_en0;
	}
	tg->quiet = false;
	x->acted = true;
run:
	for (unsigned int i = first; i < p->n; i++) {
		uint64_t t1 = vct_now_us(), t2;

		x->cur_op = (int)i;
		run_op(x, &p->ops[i]);
		t2 = vct_now_us();
		if (t2 - t1 > r->slow_us) {
			r->slow_us = t2 - t1;
			r->slow_op = (int)i;
		}
		fzt.op[p->ops[i].op] += t2 - t1;
		fzt.nop[p->ops[i].op]++;
		observe(x, false);
		fzt.observe += vct_now_us() - t2;
		r->ops_run++;
	}
	x->cur_op = -1;
	wait_check(x, x->o->final_units ? x->o->final_units : 4);
	/* (not after a vhost-user back end ended the session: the back-end oracles below report that) */
	if (!x->inproc && x->o->health && !(x->t->ops->removed && x->t->ops->removed(x->t))) {
		/*
		 * The probe's reset, its queues' allocations and any wait it runs
		 * are its own (health and its parts): not also counted as the
		 * program's, which made "ops and oracles" (the rest) too small by
		 * the probe's reset (34-64 us an execution in session 11's runs).
		 */
		uint64_t own_reset = fzt.reset, own_dma = fzt.dma, own_wait = fzt.wait;
		bool deferred = false;

		next_known(x);	/* (the probe's bring-up is the next program's INIT: made now if no wait made it) */

		if (probe_deferrable(x)) {
			unsigned long long a0 = x->t->accesses;

			t = vct_now_us();
			deferred = deferred_reset_path(x);
			fzt.health += vct_now_us() - t;
			fzt.acc_health += x->t->accesses - a0;
		}
		if (deferred) {
			r->health_deferred = true;
			fzt.deferred++;
		} else {
			health(x);
		}
		fzt.reset = own_reset, fzt.dma = own_dma, fzt.wait = own_wait;
	}
	if (tg->carry == x) {
		/* Kept for the next program: the probe reset the device, released this program's buffers and brought it up. */
		fzt.runs++;
		fzt.total += vct_now_us() - t0;
		fzt.acc += tg->t ? tg->t->accesses - acc0 : 0;
		return 0;
	}
	x_free_queues(x);
	/*
	 * The back-end crash oracle (vhost-user): the back end's process exited,
	 * or it ended the session, during the program. The program is saved and
	 * replays with vct repro.
	 */
	if (!strcmp(x->vd->ops->transport, "vhost-user") && x->t->ops->removed && x->t->ops->removed(x->t)) {
		const char *gone = vct_dev_removed(x->vd);

		if (gone)
			finding(x, "backend-exited", "-", "", "the back end's process", "alive", "%s", gone);
		else
			finding(x, "backend-closed", "-", "", "the vhost-user session", "kept by the back end",
				"the back end ended it (the RST lets it do so only in exceptional circumstances)");
	}
	/*
	 * Quiesce before the memory goes away. Out of process, the reset is the
	 * next program's: its buffers go back to the pool now, but none is handed
	 * out again before a reset that completed (the next run's first op, or
	 * the reset fz_run does first when the program does not start with one),
	 * so whatever the device still does lands in memory nobody checks.
	 * A vhost-user back end is reset now all the same: pipelined, its ring
	 * stops cost no round trip, and vu_dev ends a session whose ring stops
	 * with buffers unused, so a back end never completes this program's
	 * requests into the next program's rings (findings that would not replay).
	 */
	t = vct_now_us();
	if (x->inproc)
		vct_dev_set_status(x->vd, 0);
	else if (x->native)	/* it reads 0 after it: the next run starts from it (fz_target.quiet) */
		tg->quiet = !__vct_dev_reset(x->vd, 500, NULL);
	else
		tg->quiet = x->quiesced;	/* (a deferred probe's completed reset, nothing set up since) */
	tg->quiet_judged = tg->quiet && !x->inproc && !x->native;
	tg->quiet_en0 = tg->quiet_judged ? x->en_known0 : 0;
close:
	if (tg->vd)
		target_release(tg);
	else
		vct_dev_close(x->vd);
	fzt.release += vct_now_us() - t;
out:
	if (tg->refdev)
		vct_transport_close(x->t);
	free(x);
	fzt.runs++;
	fzt.total += vct_now_us() - t0;
	fzt.acc += tg->t ? tg->t->accesses - acc0 : 0;
	return rc;
}

/* ---- findings ----------------------------------------------------------- */

static bool has_sig(const struct fz_result *r, const char *sig)
{
	for (unsigned int i = 0; i < r->nfind; i++)
		if (!strcmp(r->f[i].sig, sig))
			return true;
	return false;
}

unsigned int fz_minimize(struct fz_target *tg, struct fz_prog *p, const char *sig, const struct fz_exec_opts *o,
			 unsigned int budget)
{
	struct fz_prog *c = malloc(sizeof(*c));
	struct fz_result r;
	unsigned int used = 0;
	bool progress = true;

	if (!c)
		return 0;
	while (progress && used < budget) {
		progress = false;
		/* Drop whole ops, last first. */
		for (int i = (int)p->n - 1; i >= 0 && used < budget; i--) {
			/*
			 * A device in another process may act on buffers without a
			 * notification (QEMU's virtio-rng does when entropy arrives), so
			 * a finding can survive dropping a kick there by luck of timing
			 * and then not replay: kicks stay in out-of-process findings.
			 */
			if (!tg->refdev && (p->ops[i].op == FZ_OP_KICK || p->ops[i].op == FZ_OP_PCI_KICKRAW))
				continue;
			*c = *p;
			memmove(&c->ops[i], &c->ops[i + 1], (c->n - (unsigned int)i - 1) * sizeof(c->ops[0]));
			c->n--;
			used++;
			if (!fz_run(tg, c, o, &r) && has_sig(&r, sig)) {
				*p = *c;
				progress = true;
			}
		}
		/* Drop parts of posts. */
		for (unsigned int i = 0; i < p->n && used < budget; i++) {
			if (p->ops[i].op != FZ_OP_POST && p->ops[i].op != FZ_OP_PPOST)
				continue;
			for (int k = (int)p->ops[i].nparts - 1; k >= 0 && used < budget; k--) {
				struct fz_op *op;

				*c = *p;
				op = &c->ops[i];
				memmove(&op->parts[k], &op->parts[k + 1], (op->nparts - (unsigned int)k - 1) * sizeof(op->parts[0]));
				op->nparts--;
				used++;
				if (!fz_run(tg, c, o, &r) && has_sig(&r, sig)) {
					*p = *c;
					progress = true;
				}
			}
		}
	}
	free(c);
	return used;
}

void fz_finding_name(const char *sig, char *name, size_t len)
{
	snprintf(name, len, "%s", sig);
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9') || *name == '-'))
			*name = '_';
}

int fz_save_finding(const char *dir, const struct fz_prog *p, const struct fz_finding *f, const char *device,
		    uint64_t exec_no)
{
	char base[512], name[128], path[600];
	uint8_t bin[FZ_MAX_BIN];
	size_t n;
	FILE *fp;
	struct stat sb;
	int r;

	fz_finding_name(f->sig, name, sizeof(name));
	snprintf(base, sizeof(base), "%s/%s", dir, name);
	snprintf(path, sizeof(path), "%s.bin", base);
	if (!stat(path, &sb))
		return 0;
	if ((r = vct_mkdirs(dir)))
		return r;
	n = fz_encode(p, bin, sizeof(bin));
	if ((r = vct_write_file_atomic(path, bin, n)))
		return r;
	snprintf(path, sizeof(path), "%s.txt", base);
	fp = fopen(path, "w");
	if (!fp)
		return -errno;
	fprintf(fp, "# oracle: %s\n# statement: %s\n# what: %s\n# expected: %s\n# seen: %s\n# device: %s\n# found at execution: %llu\n",
		f->oracle, f->stmt, f->what, f->expected, f->seen, device, (unsigned long long)exec_no);
	fz_print(p, fp);
	fclose(fp);
	return 1;
}

const char *fz_type_dir(uint16_t type)
{
	const struct vct_drive *dt = vct_drive_of(type);

	/* fuzz/corpus/<short name>; a type without seeds there starts from generated programs. */
	return dt ? dt->short_name : "generic";
}
