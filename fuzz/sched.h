/* SPDX-License-Identifier: MIT */
/*
 * The builtin engine's corpus and its schedule: which entry is mutated next.
 *
 * An entry is a program's canonical bytes, what its own run cost (the
 * execution's whole time, its probe's share included) and which feedback
 * keys that run fed (fuzz/exec.c fb(), folded to 16 bits as the engine's
 * map). Out of process (@timed) the schedule is AFL's: for every key the
 * entry that reached it cheapest holds it (afl-fuzz's
 * update_bitmap_score()), the favoured set is a cover of every key by
 * such holders (cull_queue()), most draws go to it, and every draw weighs
 * an entry by its energy, AFL's factor for its run's time against the
 * corpus's mean (calculate_score()). So the campaign's time goes to cheap
 * programs among those that reach what the corpus reaches, the deep keys
 * (what a device does after DRIVER_OK) keeping theirs. Seed files were
 * never run alone: they are run once each, unmutated, before anything is
 * drawn (calibration), so they hold their keys like any entry. In process
 * a run's time is the host's scheduling: the draw is uniform and seeds are
 * not calibrated.
 *
 * Guarantees: fz_corpus_pick() returns an index below the corpus's size,
 * or -1 for an empty corpus; an index once returned keeps naming the same
 * bytes until fz_corpus_add() replaces a non-favoured entry when the corpus
 * is full (the engine holds no index across an add).
 */
#ifndef VCT_FUZZ_SCHED_H
#define VCT_FUZZ_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FZ_SCHED_KEYS  65536u	/* the engine's feedback map: keys folded to 16 bits */
#define FZ_RUN_KEYS    96u	/* keys one run records (the rest count as feedback only) */

struct fz_entry {
	uint8_t *b;
	size_t n;
	uint32_t cost_us;	/* its own run; 0: not run alone yet (a seed before calibration) */
	uint16_t *keys;		/* the keys its own run fed, each once */
	uint16_t nkeys;
	uint32_t ntop;		/* keys it holds (such an entry is never replaced) */
	uint32_t fpos;		/* its place in fav[], FZ_NOT_FAV when not favoured */
};

#define FZ_NOT_FAV UINT32_MAX

/* Where a draw came from, for the campaign's summary. */
enum fz_draw { FZ_DRAW_CALIB, FZ_DRAW_FAV, FZ_DRAW_ANY, FZ_DRAW_FRESH, FZ_DRAW_N };

struct fz_corpus {
	struct fz_entry *e;
	unsigned int n, cap;
	unsigned int nseeds, calib;	/* seeds loaded; the next one to calibrate */
	bool timed;
	uint32_t *top;			/* [FZ_SCHED_KEYS]: entry index + 1 holding the key, 0: none */
	uint32_t *fav;			/* favoured entries' indexes, nfav of them */
	unsigned int nfav;
	unsigned int replaced;		/* entries a full corpus replaced */
	unsigned int evict;		/* where the search for a non-favoured entry to replace goes on */
	unsigned long long cost_sum;	/* the entries' own runs, ncost of them (their mean: energy) */
	unsigned int ncost;
	uint16_t *used;			/* the keys some entry holds, in the order first reached */
	unsigned int nused;
	uint32_t *cov;			/* [FZ_SCHED_KEYS]: the cull that covered the key */
	uint32_t gen;			/* the last cull */
	bool dirty;			/* a key changed holder since it */
	/* per draw kind: draws, and the total cost of the runs they made (fz_corpus_ran) */
	unsigned long long draws[FZ_DRAW_N], cost[FZ_DRAW_N];
};

/* A run's keys, each once (the engine's feedback callback fills it). */
struct fz_run_keys {
	uint16_t k[FZ_RUN_KEYS];
	unsigned int n;
};

static inline void fz_run_keys_add(struct fz_run_keys *r, uint32_t key)
{
	uint16_t k = (uint16_t)(key & (FZ_SCHED_KEYS - 1));

	for (unsigned int i = 0; i < r->n; i++)
		if (r->k[i] == k)
			return;
	if (r->n < FZ_RUN_KEYS)
		r->k[r->n++] = k;
}

int fz_corpus_init(struct fz_corpus *c, unsigned int cap, bool timed);
void fz_corpus_free(struct fz_corpus *c);
/* A seed file's bytes (not run yet): 0, or -ENOMEM / -ENOSPC. */
int fz_corpus_seed(struct fz_corpus *c, const uint8_t *b, size_t n);
/*
 * A program whose run fed a new key, with that run's cost and keys: its
 * index, or -1 when the corpus is full of favoured entries (or out of
 * memory). A full corpus replaces a non-favoured entry.
 */
int fz_corpus_add(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk);
/* A calibration run of entry @i (its seed unmutated): its cost and keys. */
void fz_corpus_measured(struct fz_corpus *c, unsigned int i, uint32_t cost_us, const struct fz_run_keys *rk);
/*
 * The entry to run or mutate next and how it was drawn (@rng: the
 * campaign's generator, fz_rand). FZ_DRAW_CALIB: run it as it is.
 * FZ_DRAW_FRESH is the caller's own draw (fz_corpus_fresh), never
 * returned here.
 */
int fz_corpus_pick(struct fz_corpus *c, uint64_t *rng, enum fz_draw *how);
/* The favoured set made again if a key changed holder since it was made (every draw does it first). */
void fz_corpus_update(struct fz_corpus *c);
/* The run a draw made cost @cost_us (for the summary's per-kind means). */
static inline void fz_corpus_ran(struct fz_corpus *c, enum fz_draw how, uint64_t cost_us)
{
	c->draws[how]++;
	c->cost[how] += cost_us;
}
/* The entries' own runs: mean cost of all of them and of the favoured ones (us; 0 when none). */
void fz_corpus_costs(const struct fz_corpus *c, double *all, double *fav);

#endif
