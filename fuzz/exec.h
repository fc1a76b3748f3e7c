/* SPDX-License-Identifier: MIT */
/*
 * The fuzz executor: runs a program (prog.h) against one device through any
 * transport and checks it with oracles. Each oracle names the statement of
 * spec-refs/ it enforces ("-" when the property is vct's own: a crash, a
 * stray DMA).
 *
 * Waiting is bounded by work, not by the clock, whenever the device lives in
 * vct's process (the transport has a poll op): one WAIT unit is a fixed
 * number of poll calls. Out-of-process devices (VFIO) get wall-clock units.
 */
#ifndef VCT_FUZZ_EXEC_H
#define VCT_FUZZ_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "guard.h"
#include "prog.h"
#include "transport.h"

#define FZ_MAX_FINDINGS 8

struct vct_dev;
struct vct_vq;

struct fz_finding {
	char oracle[32];	/* "hang", "write-outside-buffer", ... */
	const char *stmt;	/* statement id or "-" */
	char sig[96];		/* dedup key: oracle + what distinguishes it */
	char what[96], expected[96], seen[192];
	int op;			/* index of the op after which it was seen (-1: at the end) */
};

struct fz_result {
	unsigned int nfind;
	struct fz_finding f[FZ_MAX_FINDINGS];
	unsigned int ops_run;
	uint64_t used_seen;	/* used entries consumed */
	/*
	 * Out of process: the health probe's request was left out after this
	 * program (fz_exec_opts.health_defer): its reset (with the reset
	 * oracles, as the program's) and the next program's bring-up ran, no
	 * well-formed request. False: the whole probe ran, and a wedged device
	 * is among the findings.
	 */
	bool health_deferred;
	/* Its slowest op (index, -1: none ran) and that op's own time: where a stall of the device's process showed. */
	int slow_op;
	uint64_t slow_us;
};

/* What the health probe after a program said (fz_exec_opts.health). */
struct fz_health_out {
	int verdict;		/* enum vct_verdict (suites/runner) */
	bool live_ok;		/* the program's own queue took the well-formed request: no reset was needed */
	bool finding;		/* a verdict vct reports: the fields below */
	char oracle[32];
	const char *stmt;
	char what[96], expected[96], seen[192];
};

struct fz_exec_opts {
	unsigned int poll_per_unit;	/* in-process: poll calls per WAIT unit (default 4) */
	unsigned int ms_per_unit;	/* out-of-process: milliseconds per WAIT unit (default 20) */
	unsigned int final_units;	/* WAIT units at the end of every program (default 4) */
	/*
	 * Out-of-process, when nonzero: waits on evidence instead of the clock.
	 * A WAIT unit ends as soon as every notified chain the device owes is
	 * back in a used ring and nothing the device can change (used indexes,
	 * device_status) changed for settle_us; ms_per_unit stays its cap. A
	 * campaign sets it from the device's measured request latency (limit.h);
	 * 0 (vct repro): every unit lasts ms_per_unit.
	 */
	unsigned int settle_us;
	/*
	 * Out-of-process: wall time notified chains get to complete (or the
	 * device to set DEVICE_NEEDS_RESET) before the hang oracle fires
	 * (0: 2000 ms). A campaign that already holds a hang finding shortens
	 * it for the programs it runs next; minimization and repro keep it.
	 */
	unsigned int hang_grace_ms;
	/* The campaign holds a hang finding: owed answers then get two settle windows (0.5-2 ms), no further grace. */
	bool hang_known;
	/*
	 * Out of process: the health probe after each program (vct fuzz sets it
	 * to fz_health_probe, fuzz/health.c: the robustness runner's probe,
	 * suites/robust/health.h). @live[i] (i < @nlive) is the program's queue
	 * i where it is running and able to take a well-formed request before
	 * any reset (every chain answered, nothing ambiguous), else NULL; the
	 * probe sends its request on the one its request model names. A verdict
	 * vct reports comes back in @out. Also what INIT's probed step runs
	 * (FZ_INIT_PROBED, on a fresh bring-up: every queue live).
	 */
	void (*health)(struct vct_dev *vd, struct vct_vq *const *live, unsigned int nlive, int live_ms, int timeout_ms,
		       struct fz_health_out *out);
	uint16_t health_q;	/* the queue of the type's well-formed request (the limit's, limit.h) */
	unsigned int health_ms;	/* the wait of the probe's request on the program's own queue (0: the hang grace) */
	bool health_q_known;
	/*
	 * The INIT steps of the program the campaign runs next, when it starts
	 * with an INIT (any of FZ_INIT_STD's steps, with or without SMALLQ); 0:
	 * not known. Out of process, a deferred probe's reset path brings the
	 * device up with them, and the whole probe's with a complete bring-up
	 * (else FZ_INIT_STD | FZ_INIT_SMALLQ, the request's queue only), so that
	 * program can start from there (fz_target.carry). A partial INIT (a
	 * step left out, RESET included: the reset path reset the device just
	 * before) is the same steps on the same device in either place. With
	 * FZ_INIT_PROBED too when that INIT asks for it: a deferred probe's
	 * complete bring-up then takes the probe's request as well, as that
	 * step would (else the program could not start from it).
	 */
	uint8_t next_init;
	uint8_t next_queues;	/* ... and its queues (fz_prog_queues), which that bring-up sets up */
	/*
	 * When set, next_init and next_queues are not known yet: this makes
	 * the next program and sets them (once a run; idempotent). The
	 * executor calls it while the device works, from the first look of a
	 * wait that finds the device not done, so making the program overlaps
	 * the device's own time, and at the latest before the probe needs them.
	 */
	void (*next)(void *ctx);
	void *next_ctx;
	/*
	 * Out of process (not vhost-user): the caller lets this program go
	 * without the probe's well-formed request (vct fuzz probes every K
	 * programs, fuzz/cmd.c): the program's state is still reset in its own
	 * fz_run (the reset oracles report what survived it, as its own) and
	 * the next INIT brought up, as the probe's reset path does. The whole
	 * probe runs all the same after a program with a finding, and where
	 * that reset or bring-up fails (fz_result.health_deferred says which
	 * happened).
	 */
	bool health_defer;
	/*
	 * Held-crash guards (guard.h): a notification that would hand the device
	 * a chain of a crash the campaign holds is declined (counted there); the
	 * chains stay made available but not notified. NULL (vct repro): none.
	 */
	struct fz_guards *guards;
	/*
	 * Black-box feedback: observations hashed to a key (engines map it to
	 * counters), and the index of the op that made it (-1: after the last
	 * op, in the final wait or the probe).
	 */
	void (*feedback)(void *ctx, uint32_t key, int op);
	void *fb_ctx;
};

/*
 * Where an executor's time went, over every fz_run since the last
 * fz_time_reset (microseconds): what vct spends per execution besides the
 * device's own work (fuzz-testbed's summary shows it).
 */
struct fz_time {
	unsigned long long runs;
	uint64_t total, probe, reset, wait, dma, release;
	uint64_t grace;		/* of wait: notified chains given time before a hang is called */
	uint64_t observe;	/* the oracles run after every op */
	uint64_t next;		/* the campaign's next program, made during a wait (fz_exec_opts.next; not in wait) */
	uint64_t health;	/* the health probe after the program (health.h) */
	unsigned long long health_tried, health_live;	/* ... on the program's own queue, and answered there (no reset) */
	unsigned long long carried;	/* programs that started from the last probe's bring-up (fz_target.carry) */
	unsigned long long deferred;	/* programs whose probe left its request out (fz_exec_opts.health_defer) */
	unsigned long long resets_kept;	/* a program's first reset, on a device whose reset had just completed (do_reset) */
	unsigned long long forced_find;	/* ... asked to, but the whole probe ran: a finding */
	unsigned long long forced_amb;	/* ... deferred after a live register, queue reset, raw or backward status write */
	/* How the waits (let_run) ended, and their time: enum fz_wait_end. */
	unsigned long long wend[5];
	uint64_t wend_us[5];
	/* Of health: its reset path's reset, bring-up (the next INIT) and request, and the request on the program's own queue. */
	uint64_t h_reset, h_init, h_req, h_live;
	uint64_t h_wait;	/* of h_req and h_live: waiting for the used entry (vct_dev.used_wait_us) */
	unsigned long long acc, acc_health;	/* register accesses (vct_transport.accesses) in fz_run, and in its probe */
	uint64_t op[256];	/* each opcode's own time (its waits, resets and allocations included) */
	unsigned long long nop[256];
};
void fz_time_reset(void);
/* A few of the running totals (not op[]): one execution's own share, taken before it and subtracted after. */
struct fz_time_mark {
	uint64_t wait, grace, reset, health, h_reset, h_init, h_req, h_live;
};
void fz_time_mark(struct fz_time_mark *m);
/* @d = the totals now less @m. */
void fz_time_since(const struct fz_time_mark *m, struct fz_time_mark *d);
void fz_time_get(struct fz_time *t);
/* Put back a snapshot (leaves out what ran in between: minimization). */
void fz_time_set(const struct fz_time *t);
/* One line, microseconds per execution: "total T, probe P, ..., op init I (n N), ...". */
void fz_time_format(const struct fz_time *t, char *buf, size_t len);

/* Where programs run: a refdev spec (a fresh device per execution) or a PCI address. */
struct fz_target {
	char spec[256];
	bool refdev;
	uint16_t type;		/* virtio device id, known after open */
	struct vct_transport *t;	/* VFIO: open for the whole campaign */
	/*
	 * Out of process: the device bound once (capabilities do not change
	 * between executions), with a pooled DMA allocator whose mappings
	 * outlive an execution; each fz_run frees its queues and vectors and
	 * hands the buffers back to the pool.
	 */
	struct vct_dev *vd;
	bool quiet;		/* VFIO: the last run ended with a completed reset */
	/*
	 * ... made by the executor's own reset with its oracles (a deferred
	 * probe's: a program's first reset may then be kept as done, do_reset),
	 * which read queue_enable 0 of the queues in quiet_en0 (fz_x.en_known0).
	 */
	bool quiet_judged;
	uint32_t quiet_en0;
	/*
	 * Out of process: what the last program's health probe left when it took its
	 * reset path (a completed reset, a bring-up with INIT steps
	 * @carry_steps, its well-formed request answered), with the executor's
	 * shadow of it. A next program whose first op is INIT of those steps
	 * starts from it instead of running that INIT (it ran as INIT|PROBED:
	 * fz_target_carries). NULL: nothing kept.
	 */
	struct fz_x *carry;
	uint8_t carry_steps;
	uint8_t carry_queues;	/* the queues it set up (fz_prog_queues of the program it was made for) */
	bool carry_probed;	/* the kept bring-up took the probe's request (else a deferred probe's: none) */
};

int fz_target_open(struct fz_target *tg, const char *device, char *err, size_t errlen);
void fz_target_close(struct fz_target *tg);
/* After using tg->vd outside fz_run (fuzz/limit.c): reset it, free its queues and vectors, pool its buffers. */
void fz_target_idle(struct fz_target *tg);
/* Run @p; findings in @r. Returns 0, or -errno when the device could not even be probed. */
int fz_run(struct fz_target *tg, const struct fz_prog *p, const struct fz_exec_opts *o, struct fz_result *r);
/*
 * @p will start from what the last probe left (tg->carry): its first op is
 * INIT of the kept steps. It then runs as INIT|PROBED would from a fresh
 * device (tg->carry_probed; else, after a deferred probe, as INIT, and a
 * program whose INIT asks for PROBED does not start from it); a caller that
 * saves or journals @p sets FZ_INIT_PROBED on that op first where
 * tg->carry_probed, so that the program replays from the same state.
 */
bool fz_target_carries(const struct fz_target *tg, const struct fz_prog *p);
/* Let go of what the last probe left (before using tg->vd outside fz_run). */
void fz_target_drop(struct fz_target *tg);
/* The probe vct fuzz runs after each program (fz_exec_opts.health; fuzz/health.c, linked into vct only). */
void fz_health_probe(struct vct_dev *vd, struct vct_vq *const *live, unsigned int nlive, int live_ms, int timeout_ms,
		     struct fz_health_out *out);

/*
 * Shrink @p while a finding with signature @sig still reproduces, within
 * @budget executions. Returns the executions used.
 */
unsigned int fz_minimize(struct fz_target *tg, struct fz_prog *p, const char *sig, const struct fz_exec_opts *o,
			 unsigned int budget);

/* A finding's file name (DIR/NAME.bin, .txt) from its signature: one name per signature a campaign saves. */
void fz_finding_name(const char *sig, char *name, size_t len);
/* Save a finding: DIR/<sig>.bin, .txt (program text + oracle). 1 new, 0 already there, -errno. */
int fz_save_finding(const char *dir, const struct fz_prog *p, const struct fz_finding *f, const char *device,
		    uint64_t exec_no);
/* Print one finding as a TAP test point with a YAML block. */
void fz_tap_finding(FILE *out, unsigned int n, const struct fz_finding *f);

/* The device type of the corpus / dictionary for a device id ("rng", "blk", "net", "console"). */
const char *fz_type_dir(uint16_t type);

#endif
