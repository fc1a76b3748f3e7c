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
	c->top = calloc(FZ_SCHED_KEYS, sizeof(*c->top));
	c->used = calloc(FZ_SCHED_KEYS, sizeof(*c->used));
	if (!c->e || !c->top || !c->used) {
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
	free(c->top);
	free(c->used);
	memset(c, 0, sizeof(*c));
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
			c->nhold -= !--h->ntop;
		} else {
			c->used[c->nused++] = e->keys[k];
		}
		*t = i + 1;
		c->nhold += !e->ntop++;
	}
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
	if (!(e->b = malloc(n ? n : 1)))
		return -ENOMEM;
	memcpy(e->b, b, n);
	e->n = n;
	c->n++;
	c->nseeds = c->n;
	return 0;
}

/*
 * A slot for a new entry in a full corpus: an entry that holds no key and
 * has run alone (not a seed still to be calibrated, whose index the engine
 * may hold), searched from a cursor that moves on, so the oldest such
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

/*
 * Key @key reached at @cost_us is under half its holder's cost (out of
 * process). (Half: a run's time moves with the host's load; a holder is not
 * replaced by its own noise.)
 */
static bool reached_cheaper(const struct fz_corpus *c, uint32_t cost_us, uint16_t key)
{
	uint32_t t = c->top[key];

	return c->timed && cost_us && t && (uint64_t)cost_us * 2 < c->e[t - 1].cost_us;
}

bool fz_corpus_cheaper(const struct fz_corpus *c, uint32_t cost_us, const struct fz_run_keys *rk)
{
	for (unsigned int k = 0; k < rk->n; k++)
		if (reached_cheaper(c, cost_us, rk->k[k]))
			return true;
	return false;
}

unsigned int fz_corpus_cut(const struct fz_corpus *c, uint32_t cost_us, const struct fz_run_keys *rk, unsigned int nops,
			   struct fz_run_keys *kept)
{
	int last = -1;

	*kept = *rk;
	if (!c->timed)
		return nops;	/* (in process a run's cost is no guide, and the fixed-seed budgets keep their stream) */
	for (unsigned int k = 0; k < rk->n; k++) {
		if (!rk->fresh[k] && !reached_cheaper(c, cost_us, rk->k[k]))
			continue;
		if (rk->at[k] < 0 || (unsigned int)rk->at[k] >= nops)
			return nops;
		if (rk->at[k] > last)
			last = rk->at[k];
	}
	if (last < 0 || (unsigned int)last + 1 >= nops)
		return nops;
	kept->n = 0;
	for (unsigned int k = 0; k < rk->n; k++)
		if (rk->at[k] >= 0 && rk->at[k] <= last) {
			kept->k[kept->n] = rk->k[k];
			kept->at[kept->n] = rk->at[k];
			kept->fresh[kept->n++] = rk->fresh[k];
		}
	return (unsigned int)last + 1;
}

int fz_corpus_add(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk)
{
	struct fz_entry ne = { .n = n, .cost_us = cost_us ? cost_us : 1 };
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

int fz_corpus_offer(struct fz_corpus *c, const uint8_t *b, size_t n, uint32_t cost_us, const struct fz_run_keys *rk,
		    bool new_key)
{
	int i;

	if (new_key)
		return fz_corpus_add(c, b, n, cost_us, rk);
	if (!fz_corpus_cheaper(c, cost_us, rk) || (i = fz_corpus_add(c, b, n, cost_us, rk)) < 0)
		return -1;
	c->cheaper++;
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
	if (!keys_set(e, rk))
		hold_keys(c, i);
}

int fz_corpus_pick(struct fz_corpus *c, uint64_t *rng, enum fz_draw *how)
{
	if (!c->n)
		return -1;
	if (c->timed && c->calib < c->nseeds) {
		*how = FZ_DRAW_CALIB;
		return (int)c->calib++;
	}
	/*
	 * Seven draws in eight: two keys, and the cheaper of their holders
	 * (sched.h; a tournament over keys, so the cheap holders get more of
	 * the campaign while the keys still set who is drawn). The eighth:
	 * any entry, so that one holding nothing any more can still be the one
	 * a mutation needs.
	 */
	if (c->timed && c->nused && fz_rand(rng) % 8) {
		unsigned int a = c->top[c->used[fz_rand(rng) % c->nused]] - 1;
		unsigned int b = c->top[c->used[fz_rand(rng) % c->nused]] - 1;

		*how = FZ_DRAW_KEY;
		return (int)(cheaper(&c->e[b], &c->e[a]) ? b : a);
	}
	*how = FZ_DRAW_ANY;
	return (int)(fz_rand(rng) % c->n);
}

void fz_corpus_costs(const struct fz_corpus *c, double *all, double *held)
{
	double sa = 0, sh = 0;
	unsigned int na = 0, nh = 0;

	for (unsigned int i = 0; i < c->n; i++) {
		if (!c->e[i].cost_us)
			continue;
		sa += c->e[i].cost_us;
		na++;
		if (c->e[i].ntop) {
			sh += c->e[i].cost_us;
			nh++;
		}
	}
	*all = na ? sa / na : 0;
	*held = nh ? sh / nh : 0;
}
