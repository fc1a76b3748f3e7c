/* SPDX-License-Identifier: MIT */
/*
 * The builtin engine's corpus schedule (fuzz/sched.c): seeds calibrated
 * first, each key held by the entry that reached it cheapest, a run that
 * reaches a key at under half its holder's cost joining, seven draws in
 * eight through a key to its holder, a full corpus replacing an entry that
 * holds no key only, and the uniform schedule in process.
 * TAP on stdout (tests/fuzz-sched.t).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "ctap.h"


static struct fz_run_keys keys(unsigned int n, const unsigned int *k)
{
	struct fz_run_keys r = { .n = 0 };

	for (unsigned int i = 0; i < n; i++)
		fz_run_keys_add(&r, k[i]);
	return r;
}

#define KEYS(...) keys(sizeof((unsigned int[]){ __VA_ARGS__ }) / sizeof(unsigned int), (unsigned int[]){ __VA_ARGS__ })

static int add(struct fz_corpus *c, size_t len, uint32_t cost, struct fz_run_keys k)
{
	static const uint8_t b[64];

	return fz_corpus_add(c, b, len, cost, &k);
}

static bool holds(const struct fz_corpus *c, int i)
{
	return i >= 0 && c->e[i].ntop > 0;
}

int main(void)
{
	struct fz_corpus c;
	uint64_t rng = 7;
	enum fz_draw how;
	const uint8_t seed[4] = { 1, 2, 3, 4 };

	/* A run's keys: each once, folded to the map, capped. */
	{
		struct fz_run_keys r = KEYS(5, 5, 0x10005, 6);

		tap_ok(r.n == 2 && r.k[0] == 5 && r.k[1] == 6, "run keys: each once, folded to 16 bits");
		r.n = 0;
		for (unsigned int i = 0; i < FZ_RUN_KEYS + 10; i++)
			fz_run_keys_add(&r, i);
		tap_ok(r.n == FZ_RUN_KEYS, "run keys: capped");
	}

	/* Seeds are run as they are, in order, before any draw; measured, they hold their keys. */
	if (fz_corpus_init(&c, 8, true))
		return 1;
	fz_corpus_seed(&c, seed, sizeof(seed));
	fz_corpus_seed(&c, seed, 2);
	{
		int a = fz_corpus_pick(&c, &rng, &how);
		enum fz_draw h1 = how;
		int b = fz_corpus_pick(&c, &rng, &how);
		enum fz_draw h2 = how;

		tap_ok(a == 0 && h1 == FZ_DRAW_CALIB && b == 1 && h2 == FZ_DRAW_CALIB, "seeds: calibrated first, in order");
		tap_ok(c.nhold == 0, "seeds: hold nothing before their runs are measured");
		struct fz_run_keys k0 = KEYS(1, 2), k1 = KEYS(2);

		fz_corpus_measured(&c, 0, 300, &k0);
		fz_corpus_measured(&c, 1, 100, &k1);
		tap_ok(c.top[1] == 1 && c.top[2] == 2 && c.nused == 2 && c.nhold == 2,
		   "seeds: measured, each holds the keys it reached cheapest");
		fz_corpus_pick(&c, &rng, &how);
		tap_ok(how == FZ_DRAW_KEY || how == FZ_DRAW_ANY, "seeds: calibration done, draws go to the schedule");
	}

	/* A cheaper entry takes the keys; one that holds none is out. */
	int i2, j3, k4;
	{
		i2 = add(&c, 8, 50, KEYS(1, 2, 3));
		tap_ok(i2 == 2 && c.top[1] == 3 && c.top[2] == 3 && c.top[3] == 3 && !holds(&c, 0) && !holds(&c, 1) && c.nhold == 1,
		   "holders: the cheapest entry holds every key it reached; the others hold nothing");
		j3 = add(&c, 4, 50, KEYS(3));
		tap_ok(c.top[3] == (uint32_t)j3 + 1 && holds(&c, j3) && holds(&c, i2) && c.nhold == 2,
		   "holders: at equal cost the shorter entry holds the key");
		k4 = add(&c, 2, 80, KEYS(3, 4));
		tap_ok(c.top[3] == (uint32_t)j3 + 1 && c.top[4] == (uint32_t)k4 + 1 && c.nused == 4,
		   "holders: a dearer entry holds only the key nobody else reached");
	}

	/* A run with no new key joins when it reaches a key at under half its holder's cost. */
	{
		struct fz_run_keys r = KEYS(1, 4);

		tap_ok(fz_corpus_cheaper(&c, 39, &r), "cheaper: key 4 at 39 us against its holder's 80");
		tap_ok(!fz_corpus_cheaper(&c, 40, &r), "cheaper: not at 40 us (half, not under)");
		struct fz_run_keys r9 = KEYS(99);

		tap_ok(!fz_corpus_cheaper(&c, 1, &r9), "cheaper: a key nobody holds is a new key's business, not this");
	}

	/* Draws: seven in eight a key, uniformly, and its holder. */
	{
		unsigned int hit[8] = { 0 }, nk = 0, n = 80000;

		for (unsigned int t = 0; t < n; t++) {
			int i = fz_corpus_pick(&c, &rng, &how);

			if (i < 0 || (unsigned int)i >= c.n)
				break;
			hit[i]++;
			nk += how == FZ_DRAW_KEY;
		}
		unsigned int sum = 0;

		for (unsigned int i = 0; i < c.n; i++)
			sum += hit[i];
		/*
		 * Keys 1, 2 -> entry 2 (50 us); 3 -> entry 3 (50 us, shorter);
		 * 4 -> entry 4 (80 us). Two keys drawn, the cheaper holder wins:
		 * entry 3 whenever key 3 is drawn (7/16), entry 4 only when both
		 * are key 4 (1/16), entry 2 the rest (1/2); times 7/8, plus 1/8 *
		 * 1/5 each for the eighth draw.
		 */
		tap_ok(sum == n && nk > n * 0.85 && nk < n * 0.90, "draws: seven in eight through a key");
		double f2 = (double)hit[i2] / n, f3 = (double)hit[j3] / n, f4 = (double)hit[k4] / n, f0 = (double)hit[0] / n;

		tap_ok(f2 > 0.44 && f2 < 0.48, "draws: the holder of half the keys, cheaper than the others but one, half of them");
		tap_ok(f3 > 0.39 && f3 < 0.43, "draws: the cheapest holder, whenever its key is one of the two");
		tap_ok(f4 > 0.07 && f4 < 0.09, "draws: the dearest holder, only when both keys are its own");
		tap_ok(f0 > 0.02 && f0 < 0.03 && hit[1], "draws: entries that hold nothing still drawn, rarely");
	}

	/* A full corpus replaces an entry that holds no key, never a holder. */
	{
		int a = add(&c, 8, 500, KEYS(9));
		int b = add(&c, 8, 600, KEYS(10));
		unsigned int nhold = c.nhold;

		tap_ok(a == 5 && b == 6 && c.n == 7, "full: room left is used first");
		add(&c, 8, 700, KEYS(11));
		tap_ok(c.n == 8, "full: the corpus is full");
		int r = add(&c, 8, 20, KEYS(12));

		tap_ok((r == 0 || r == 1) && c.replaced == 1 && c.nhold == nhold + 2 && c.top[12] == (uint32_t)r + 1,
		   "full: a new entry replaces one that holds no key");
		int r2 = add(&c, 8, 20, KEYS(13));

		tap_ok(r2 >= 0 && r2 != r && (r2 == 0 || r2 == 1), "full: the next replaces the other");
		tap_ok(add(&c, 8, 1, KEYS(14)) == -1 && c.n == 8, "full: with every entry holding a key, nothing is replaced");
	}
	{
		double a, f;

		fz_corpus_costs(&c, &a, &f);
		tap_ok(a > 0 && f > 0 && f <= a * 2, "costs: means of all and of the holders");
	}
	fz_corpus_free(&c);

	/* A seed not calibrated yet is never replaced. */
	if (fz_corpus_init(&c, 2, true))
		return 1;
	fz_corpus_seed(&c, seed, 4);
	add(&c, 8, 50, KEYS(1));
	tap_ok(add(&c, 8, 10, KEYS(1)) == -1 && c.replaced == 0, "seeds: a full corpus replaces no seed still to be run");
	fz_corpus_free(&c);

	/* fz_corpus_offer: a new key joins; an old one only at under half its holder's cost, counted. */
	if (fz_corpus_init(&c, 8, true))
		return 1;
	{
		static const uint8_t b[8];
		struct fz_run_keys k1 = KEYS(1), k12 = KEYS(1, 2);

		tap_ok(fz_corpus_offer(&c, b, 8, 100, &k1, true) == 0, "offer: a new key joins");
		tap_ok(fz_corpus_offer(&c, b, 8, 60, &k12, false) == -1 && c.n == 1, "offer: no new key, not under half: out");
		tap_ok(fz_corpus_offer(&c, b, 8, 40, &k1, false) == 1 && c.cheaper == 1 && c.top[1] == 2,
		   "offer: under half its holder's cost: joins, takes the key, counted");
	}
	fz_corpus_free(&c);

	/* fz_corpus_cut: a joining run cut after the last op that fed a key it joins for. */
	if (fz_corpus_init(&c, 8, true))
		return 1;
	{
		struct fz_run_keys r = { .n = 0 }, kept;

		add(&c, 8, 1000, KEYS(7));	/* key 7 held at 1 000 us */
		add(&c, 8, 100, KEYS(8));	/* key 8 held at 100 us */
		fz_run_keys_add_at(&r, 1, 0, false);
		fz_run_keys_add_at(&r, 2, 2, true);
		fz_run_keys_add_at(&r, 8, 4, false);
		fz_run_keys_add_at(&r, 9, -1, false);
		tap_ok(fz_corpus_cut(&c, 300, &r, 6, &kept) == 3 && kept.n == 2 && kept.k[0] == 1 && kept.k[1] == 2,
		   "cut: after op 2, the one with the new key; the keys of ops 0-2 kept, not op 4's or the probe's");
		fz_run_keys_add_at(&r, 7, 3, false);
		tap_ok(fz_corpus_cut(&c, 300, &r, 6, &kept) == 4 && kept.n == 3,
		   "cut: after op 3, which reached key 7 at under half its holder's cost");
		tap_ok(fz_corpus_cut(&c, 600, &r, 6, &kept) == 3, "cut: at over half the holder's cost, key 7 does not count");
		r.fresh[3] = true;	/* (key 9: fed after the last op) */
		tap_ok(fz_corpus_cut(&c, 300, &r, 6, &kept) == 6 && kept.n == r.n,
		   "cut: a new key fed by the final wait or the probe: nothing cut");
		r.fresh[3] = false;
		tap_ok(fz_corpus_cut(&c, 300, &r, 4, &kept) == 4, "cut: a key it joins for fed by its last op: nothing cut");
		r.n = 0;
		fz_run_keys_add_at(&r, 1, 0, false);
		tap_ok(fz_corpus_cut(&c, 300, &r, 6, &kept) == 6, "cut: nothing it joins for: nothing cut");
	}
	fz_corpus_free(&c);
	if (fz_corpus_init(&c, 8, false))
		return 1;
	{
		struct fz_run_keys r = { .n = 0 }, kept;

		add(&c, 8, 1000, KEYS(7));
		fz_run_keys_add_at(&r, 7, 1, false);
		fz_run_keys_add_at(&r, 2, 2, true);
		tap_ok(fz_corpus_cut(&c, 1, &r, 6, &kept) == 6 && kept.n == 2, "cut, in process: nothing cut");
	}
	fz_corpus_free(&c);

	/* In process: uniform, no calibration, nothing replaced when full. */
	if (fz_corpus_init(&c, 3, false))
		return 1;
	fz_corpus_seed(&c, seed, 4);
	{
		int i = fz_corpus_pick(&c, &rng, &how);

		tap_ok(i == 0 && how == FZ_DRAW_ANY, "in process: seeds are not calibrated");
		add(&c, 8, 5, KEYS(1));
		add(&c, 8, 5, KEYS(2));
		struct fz_run_keys r = KEYS(1);

		tap_ok(c.nhold == 0 && add(&c, 8, 1, KEYS(3)) == -1 && !fz_corpus_cheaper(&c, 1, &r),
		   "in process: no holders, a full corpus takes nothing, nothing joins for its cost");
		unsigned int hit[3] = { 0 };

		for (unsigned int t = 0; t < 30000; t++)
			hit[fz_corpus_pick(&c, &rng, &how)]++;
		tap_ok(hit[0] > 9000 && hit[1] > 9000 && hit[2] > 9000, "in process: the draw is uniform");
	}
	fz_corpus_free(&c);
	tap_ok(fz_corpus_pick(&c, &rng, &how) == -1, "an empty corpus draws nothing");

	return tap_end(true);
}
