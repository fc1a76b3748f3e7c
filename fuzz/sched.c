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
	if (!c->e || !c->fav || !c->top) {
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

/* Entry @i's keys, its cost known: it takes every key it reaches cheaper than the holder. */
static void hold_keys(struct fz_corpus *c, unsigned int i)
{
	struct fz_entry *e = &c->e[i];

	for (unsigned int k = 0; k < e->nkeys; k++) {
		uint32_t *t = &c->top[e->keys[k]];

		if (*t == i + 1)
			continue;
		if (*t) {
			struct fz_entry *h = &c->e[*t - 1];

			if (!cheaper(e, h))
				continue;
			if (!--h->ntop)
				fav_set(c, *t - 1, false);
		}
		*t = i + 1;
		if (!e->ntop++)
			fav_set(c, i, true);
	}
}

static void cost_seen(struct fz_corpus *c, uint32_t cost_us)
{
	if (cost_us && (!c->cmin || cost_us < c->cmin))
		c->cmin = cost_us;
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
	cost_seen(c, ne.cost_us);
	if ((unsigned int)i < c->n) {
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
	e->cost_us = cost_us ? cost_us : 1;
	cost_seen(c, e->cost_us);
	if (!keys_set(e, rk))
		hold_keys(c, i);
}

/*
 * One of @n entries (@idx: their indexes, NULL: 0..n-1) drawn with a weight
 * of (cmin / cost)^@pw: rejection sampling, each candidate uniform and
 * kept with that probability (at most 1: cmin is no entry's cost's
 * better), so a draw costs a few tries and no table of weights is kept
 * as the corpus grows. After FZ_SCHED_TRIES the cheapest candidate seen.
 */
#define FZ_SCHED_TRIES 128u

static int draw_weighted(const struct fz_corpus *c, uint64_t *rng, const uint32_t *idx, unsigned int n, unsigned int pw)
{
	int best = -1;

	for (unsigned int t = 0; t < FZ_SCHED_TRIES; t++) {
		unsigned int i = (unsigned int)(fz_rand(rng) % n);
		unsigned int k = idx ? idx[i] : i;
		uint32_t cost = c->e[k].cost_us;
		double w = 1.0;

		if (cost && c->cmin < cost) {
			w = (double)c->cmin / (double)cost;
			if (pw == 2)
				w *= w;
		}
		if ((double)(fz_rand(rng) >> 11) < w * (double)(1ULL << 53))
			return (int)k;
		if (best < 0 || cost < c->e[best].cost_us)
			best = (int)k;
	}
	return best;
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
	/*
	 * Seven draws in eight from the favoured entries (AFL skips a
	 * non-favoured one 95-99 times in 100 while favoured ones wait),
	 * weighted by the square of how cheap each is; the eighth from all of
	 * them, weighted by how cheap: an entry that holds nothing can still
	 * be the one a mutation needs. The favoured set alone hardly narrows a
	 * black-box corpus (on QEMU's rng 1 091 of 1 445 entries held a key
	 * of their own) and drawn uniformly its mutants ran 1 177 us each
	 * against 576 under the tournament of three it replaced; its entries'
	 * own runs spread from 279 us (the tenth percentile) to 2 539 (the
	 * ninetieth). Weighted so, the runs they make cost about what the
	 * cheapest quarter of the corpus costs, and one entry in ten still
	 * gets fewer than one draw in a 30 s campaign.
	 */
	if (c->nfav && fz_rand(rng) % 8) {
		*how = FZ_DRAW_FAV;
		return draw_weighted(c, rng, c->fav, c->nfav, 2);
	}
	*how = FZ_DRAW_ANY;
	return draw_weighted(c, rng, NULL, c->n, 1);
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
