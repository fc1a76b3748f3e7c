// SPDX-License-Identifier: MIT
/* The builtin engine's corpus and its schedule (the model: sched.h). */
#include "sched.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "prog.h"

int fz_corpus_init(struct fz_corpus *c, unsigned int cap, bool timed)
{
	memset(c, 0, sizeof(*c));
	c->cap = cap;
	c->timed = timed;
	c->e = calloc(cap, sizeof(*c->e));
	c->fav = calloc(cap, sizeof(*c->fav));
	c->top = calloc(FZ_SCHED_KEYS, sizeof(*c->top));
	c->cov = calloc(FZ_SCHED_KEYS, sizeof(*c->cov));
	c->used = calloc(FZ_SCHED_KEYS, sizeof(*c->used));
	if (!c->e || !c->fav || !c->top || !c->cov || !c->used) {
		fz_corpus_free(c);
		return -ENOMEM;
	}
	return 0;
}

void fz_corpus_free(struct fz_corpus *c)
{
	for (unsigned int i = 0; c->e && i < c->n; i++) {
		free(c->e[i].b);
		free(c->e[i].keys);
	}
	free(c->e);
	free(c->fav);
	free(c->top);
	free(c->cov);
	free(c->used);
	memset(c, 0, sizeof(*c));
}

static void fav_set(struct fz_corpus *c, unsigned int i, bool on)
{
	struct fz_entry *e = &c->e[i];

	if (on && e->fpos == FZ_NOT_FAV) {
		e->fpos = c->nfav;
		c->fav[c->nfav++] = i;
	} else if (!on && e->fpos != FZ_NOT_FAV) {
		unsigned int last = c->fav[--c->nfav];

		c->fav[e->fpos] = last;
		c->e[last].fpos = e->fpos;
		e->fpos = FZ_NOT_FAV;
	}
}

/* @a reached its keys cheaper than @b (AFL weighs time by length; here time, then length). */
static bool cheaper(const struct fz_entry *a, const struct fz_entry *b)
{
	return a->cost_us < b->cost_us || (a->cost_us == b->cost_us && a->n < b->n);
}

/*
 * Entry @i's keys, its cost known: it takes every key it reaches cheaper
 * than the holder (afl-fuzz's update_bitmap_score()); the favoured set is
 * made again before the next draw.
 */
static void hold_keys(struct fz_corpus *c, unsigned int i)
{
	struct fz_entry *e = &c->e[i];

	for (unsigned int k = 0; k < e->nkeys; k++) {
		uint32_t *t = &c->top[e->keys[k]];

		if (*t == i + 1)
			continue;
		if (*t) {
			if (!cheaper(e, &c->e[*t - 1]))
				continue;
			c->e[*t - 1].ntop--;
		} else {
			c->used[c->nused++] = e->keys[k];
		}
		*t = i + 1;
		e->ntop++;
		c->dirty = true;
	}
}

/*
 * The favoured set (afl-fuzz's cull_queue()): the keys in the order they
 * were first reached, each not yet covered takes its holder into the set,
 * and all of that holder's keys count as covered. So the set is a cover
 * of every key by cheap holders, far smaller than the holders themselves:
 * an entry that holds one key another favoured entry reaches too is left
 * out. Made again only after a key changed holder.
 */
static void cull(struct fz_corpus *c)
{
	c->gen++;
	for (unsigned int f = 0; f < c->nfav; f++)
		c->e[c->fav[f]].fpos = FZ_NOT_FAV;
	c->nfav = 0;
	for (unsigned int u = 0; u < c->nused; u++) {
		uint16_t k = c->used[u];
		struct fz_entry *e;

		if (c->cov[k] == c->gen)
			continue;
		e = &c->e[c->top[k] - 1];
		fav_set(c, c->top[k] - 1, true);
		for (unsigned int j = 0; j < e->nkeys; j++)
			c->cov[e->keys[j]] = c->gen;
	}
	c->dirty = false;
}

static void cost_seen(struct fz_corpus *c, uint32_t cost_us, uint32_t was_us)
{
	c->cost_sum += cost_us;
	c->cost_sum -= was_us;
	c->ncost += !was_us;
}

static int keys_set(struct fz_entry *e, const struct fz_run_keys *rk)
{
	uint16_t *k = NULL;

	if (rk && rk->n) {
		if (!(k = malloc(rk->n * sizeof(*k))))
			return -ENOMEM;
		memcpy(k, rk->k, rk->n * sizeof(*k));
	}
	free(e->keys);
	e->keys = k;
	e->nkeys = k ? (uint16_t)rk->n : 0;
	return 0;
}

int fz_corpus_seed(struct fz_corpus *c, const uint8_t *b, size_t n)
{
	struct fz_entry *e;

	if (c->n >= c->cap)
		return -ENOSPC;
	e = &c->e[c->n];
	memset(e, 0, sizeof(*e));
	e->fpos = FZ_NOT_FAV;
	if (!(e->b = malloc(n ? n : 1)))
		return -ENOMEM;
	memcpy(e->b, b, n);
	e->n = n;
	c->n++;
	c->nseeds = c->n;
	return 0;
}

/*
 * A slot for a new entry in a full corpus: a non-favoured entry that has
 * run alone (not a seed still to be calibrated, whose index the engine may
 * hold), searched from a cursor that moves on, so the oldest non-favoured
 * entries go first, roughly. -1: none.
 */
static int victim(struct fz_corpus *c)
{
	for (unsigned int s = 0; s < c->n; s++) {
		unsigned int i = (c->evict + s) % c->n;

		if (c->e[i].ntop || !c->e[i].cost_us)
			continue;
		c->evict = i + 1;
		return (int)i;
	}
	return -1;
}

int fz_corpus_add(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk)
{
	struct fz_entry ne = { .n = n, .cost_us = cost_us ? cost_us : 1, .fpos = FZ_NOT_FAV };
	int i;

	if (c->n < c->cap)
		i = (int)c->n;
	else if (!c->timed || (i = victim(c)) < 0)
		return -1;
	if (!(ne.b = malloc(n ? n : 1)) || keys_set(&ne, c->timed ? rk : NULL)) {
		free(ne.b);
		return -1;
	}
	memcpy(ne.b, b, n);
	cost_seen(c, ne.cost_us, (unsigned int)i < c->n ? c->e[i].cost_us : 0);
	if ((unsigned int)i < c->n) {
		fav_set(c, (unsigned int)i, false);	/* (it held no key: out of the set at the next cull anyway) */
		free(c->e[i].b);
		free(c->e[i].keys);
		c->replaced++;
	} else {
		c->n++;
	}
	c->e[i] = ne;
	if (c->timed)
		hold_keys(c, (unsigned int)i);
	return i;
}

void fz_corpus_measured(struct fz_corpus *c, unsigned int i, uint32_t cost_us, const struct fz_run_keys *rk)
{
	struct fz_entry *e;

	if (i >= c->n || !c->timed)
		return;
	e = &c->e[i];
	if (e->ntop)
		return;	/* (measured once: a held key's cost does not move under its holder) */
	cost_seen(c, cost_us ? cost_us : 1, e->cost_us);
	e->cost_us = cost_us ? cost_us : 1;
	if (!keys_set(e, rk))
		hold_keys(c, i);
}

/*
 * An entry's energy, AFL's by its run's time against the corpus's mean
 * (afl-fuzz's calculate_score(): from a tenth for one ten times slower than
 * the mean to three times for one four times faster), in thirds.
 */
static unsigned int energy3(const struct fz_corpus *c, uint32_t cost)
{
	double avg = c->ncost ? (double)c->cost_sum / (double)c->ncost : 0;

	if (!cost || avg <= 0)
		return 3;
	if (cost * 0.1 > avg)
		return 0;	/* (a tenth: below) */
	if (cost * 0.25 > avg)
		return 1;	/* (a quarter, rounded up to a third) */
	if (cost * 0.5 > avg)
		return 2;	/* (a half, rounded up to two thirds) */
	if (cost * 0.75 > avg)
		return 2;	/* (three quarters) */
	if (cost * 4.0 < avg)
		return 9;
	if (cost * 3.0 < avg)
		return 6;
	if (cost * 2.0 < avg)
		return 4;	/* (one and a half, rounded down to four thirds) */
	return 3;
}

/*
 * One of @n entries (@idx: their indexes, NULL: 0..n-1) drawn by energy:
 * rejection sampling, each candidate uniform and kept with its energy over
 * the largest (a tenth of a third for the slowest), so no table of weights
 * is kept as the corpus grows. After FZ_SCHED_TRIES the cheapest candidate
 * seen.
 */
#define FZ_SCHED_TRIES 64u

static int draw_weighted(const struct fz_corpus *c, uint64_t *rng, const uint32_t *idx, unsigned int n)
{
	int best = -1;

	for (unsigned int t = 0; t < FZ_SCHED_TRIES; t++) {
		unsigned int i = (unsigned int)(fz_rand(rng) % n);
		unsigned int k = idx ? idx[i] : i;
		unsigned int en = energy3(c, c->e[k].cost_us);
		uint64_t r = fz_rand(rng) % 90;

		/* (kept with en/9; the slowest, en 0, with 1/30 = 3/90) */
		if (r < (en ? 10u * en : 3u))
			return (int)k;
		if (best < 0 || c->e[k].cost_us < c->e[best].cost_us)
			best = (int)k;
	}
	return best;
}

void fz_corpus_update(struct fz_corpus *c)
{
	if (c->dirty)
		cull(c);
}

int fz_corpus_pick(struct fz_corpus *c, uint64_t *rng, enum fz_draw *how)
{
	if (!c->n)
		return -1;
	if (c->timed && c->calib < c->nseeds) {
		*how = FZ_DRAW_CALIB;
		return (int)c->calib++;
	}
	if (!c->timed) {
		*how = FZ_DRAW_ANY;
		return (int)(fz_rand(rng) % c->n);
	}
	fz_corpus_update(c);
	/*
	 * Seven draws in eight from the favoured entries (AFL skips a
	 * non-favoured one 95-99 times in 100 while favoured ones wait), the
	 * eighth from all of them, each by its energy: an entry outside the
	 * cover can still be the one a mutation needs. Weighing every holder
	 * of a key by cost alone narrowed nothing that mattered: on QEMU's rng
	 * 1 091 of 1 445 entries held a key, and weighted by the square of
	 * their cost the draws went to programs that never bring the device
	 * up (an INIT in 0.10 of the runs against 0.67), cheap because the
	 * device does nothing with them.
	 */
	if (c->nfav && fz_rand(rng) % 8) {
		*how = FZ_DRAW_FAV;
		return draw_weighted(c, rng, c->fav, c->nfav);
	}
	*how = FZ_DRAW_ANY;
	return draw_weighted(c, rng, NULL, c->n);
}

void fz_corpus_costs(const struct fz_corpus *c, double *all, double *fav)
{
	double sa = 0, sf = 0;
	unsigned int na = 0, nf = 0;

	for (unsigned int i = 0; i < c->n; i++) {
		if (!c->e[i].cost_us)
			continue;
		sa += c->e[i].cost_us;
		na++;
		if (c->e[i].fpos != FZ_NOT_FAV) {
			sf += c->e[i].cost_us;
			nf++;
		}
	}
	*all = na ? sa / na : 0;
	*fav = nf ? sf / nf : 0;
}
