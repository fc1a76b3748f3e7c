/* SPDX-License-Identifier: MIT */
/*
 * The builtin engine's corpus and its schedule: which entry is mutated next.
 *
 * An entry is a program's canonical bytes, what its own run cost (the
 * execution's whole time, its probe's share included) and which feedback
 * keys that run fed (fuzz/exec.c fb(), folded to 16 bits as the engine's
 * map). Out of process (@timed) every key is held by the cheapest entry
 * known to reach it (afl-fuzz's top_rated[], update_bitmap_score()), and a
 * run that reaches a key at under half its holder's cost joins the corpus
 * and takes it, new key or not (libFuzzer's -reduce_inputs, by time rather
 * than size). Seven draws in eight pick two keys the corpus reaches,
 * uniformly, and mutate the cheaper of their holders; the eighth draws any
 * entry. So the behaviours the campaign has seen share it, each through
 * the cheapest program known to show it, the cheaply shown ones a little
 * more: the keys only a device brought up shows keep their share (a
 * schedule weighted by cost alone drew programs that never bring the
 * device up), and a key first reached by a slow program is
 * mutated through a faster one once a run shows one. Seed files were never
 * run alone: they are run once each, unmutated, before anything is drawn
 * (calibration), so they hold their keys like any entry. In process a
 * run's time is the host's scheduling: the draw is uniform over the
 * entries, seeds are not calibrated and nothing joins for its cost.
 *
 * Guarantees: fz_corpus_pick() returns an index below the corpus's size,
 * or -1 for an empty corpus; an index once returned keeps naming the same
 * bytes until fz_corpus_add() replaces an entry that holds no key (never a
 * seed still to be calibrated) when the corpus is full; the engine holds
 * no index across an add.
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
};

/* Where a draw came from, for the campaign's summary. */
enum fz_draw { FZ_DRAW_CALIB, FZ_DRAW_KEY, FZ_DRAW_ANY, FZ_DRAW_FRESH, FZ_DRAW_N };

struct fz_corpus {
	struct fz_entry *e;
	unsigned int n, cap;
	unsigned int nseeds, calib;	/* seeds loaded; the next one to calibrate */
	bool timed;
	uint32_t *top;			/* [FZ_SCHED_KEYS]: entry index + 1 holding the key, 0: none */
	uint16_t *used;			/* the keys some entry holds, in the order first held */
	unsigned int nused;
	unsigned int nhold;		/* entries holding a key */
	unsigned int replaced;		/* entries a full corpus replaced */
	unsigned int cheaper;		/* entries that joined for a key reached cheaper, not a new one */
	unsigned int evict;		/* where the search for an entry to replace goes on */
	unsigned int cut;		/* entries that joined cut short (fz_corpus_cut; the engine counts them) */
	unsigned long long cut_ops;	/* ... the ops they left out */
	/* per draw kind: draws, and the total cost of the runs they made (fz_corpus_ran) */
	unsigned long long draws[FZ_DRAW_N], cost[FZ_DRAW_N];
};

/*
 * A run's keys, each once (the engine's feedback callback fills it), with
 * the op that first fed each (its index, -1: after the last op, the final
 * wait and the probe) and whether the campaign's map had it before.
 */
struct fz_run_keys {
	uint16_t k[FZ_RUN_KEYS];
	int16_t at[FZ_RUN_KEYS];
	bool fresh[FZ_RUN_KEYS];
	unsigned int n;
};

static inline void fz_run_keys_add_at(struct fz_run_keys *r, uint32_t key, int op, bool fresh)
{
	uint16_t k = (uint16_t)(key & (FZ_SCHED_KEYS - 1));

	for (unsigned int i = 0; i < r->n; i++)
		if (r->k[i] == k)
			return;
	if (r->n < FZ_RUN_KEYS) {
		r->k[r->n] = k;
		r->at[r->n] = (int16_t)(op < 0 || op > INT16_MAX ? -1 : op);
		r->fresh[r->n++] = fresh;
	}
}

static inline void fz_run_keys_add(struct fz_run_keys *r, uint32_t key)
{
	fz_run_keys_add_at(r, key, -1, false);
}

int fz_corpus_init(struct fz_corpus *c, unsigned int cap, bool timed);
void fz_corpus_free(struct fz_corpus *c);
/* A seed file's bytes (not run yet): 0, or -ENOMEM / -ENOSPC. */
int fz_corpus_seed(struct fz_corpus *c, const uint8_t *b, size_t n);
/*
 * Does a run that fed no new key belong in the corpus all the same? Out of
 * process: when it reached one of its keys at under half the holder's cost.
 */
bool fz_corpus_cheaper(const struct fz_corpus *c, uint32_t cost_us, const struct fz_run_keys *rk);
/*
 * A program whose run fed a new key (or fz_corpus_cheaper), with that
 * run's cost and keys: its index, or -1 when the corpus is full of key
 * holders (or out of memory).
 */
int fz_corpus_add(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk);
/*
 * A run that was no calibration, its cost and keys: joins when it fed a
 * new key (@new_key) or reached a key cheaper (fz_corpus_cheaper, counted
 * in ->cheaper). Its index, or -1 when it does not join.
 */
int fz_corpus_offer(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk,
		    bool new_key);
/*
 * A run about to join (fz_corpus_offer would take it; @nops ops): how many
 * of its first ops reach every key it joins for, a key new to the campaign
 * (fresh) or one it reaches at under half its holder's cost, where ops came
 * after the last of them; @nops when one of them came after the last op
 * (the final wait, the probe) or none did. Cut there the program reaches
 * those keys again (nothing after an op changes what fed it), and the
 * ops after it, which reached nothing the corpus wanted, are not mutated
 * on (afl-fuzz trims an entry by running it shorter; this cut costs no
 * run). @kept gets the keys fed by the ops kept. Out of process only (@timed).
 */
unsigned int fz_corpus_cut(const struct fz_corpus *c, uint32_t cost_us, const struct fz_run_keys *rk, unsigned int nops,
			   struct fz_run_keys *kept);
/* A calibration run of entry @i (its seed unmutated): its cost and keys. */
void fz_corpus_measured(struct fz_corpus *c, unsigned int i, uint32_t cost_us, const struct fz_run_keys *rk);
/*
 * The entry to run or mutate next and how it was drawn (@rng: the
 * campaign's generator, fz_rand). FZ_DRAW_CALIB: run it as it is.
 * FZ_DRAW_FRESH is the caller's own draw, never returned here.
 */
int fz_corpus_pick(struct fz_corpus *c, uint64_t *rng, enum fz_draw *how);
/* The run a draw made cost @cost_us (for the summary's per-kind means). */
static inline void fz_corpus_ran(struct fz_corpus *c, enum fz_draw how, uint64_t cost_us)
{
	c->draws[how]++;
	c->cost[how] += cost_us;
}
/* The entries' own runs: mean cost of all of them and of the key holders (us; 0 when none). */
void fz_corpus_costs(const struct fz_corpus *c, double *all, double *held);

#endif
