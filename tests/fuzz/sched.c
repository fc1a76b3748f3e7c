/* SPDX-License-Identifier: MIT */
/*
 * The builtin engine's corpus schedule (fuzz/sched.c): seeds calibrated
 * first, each key held by the entry that reached it cheapest, the favoured
 * set the holders, seven draws in eight from it, a full corpus replacing a
 * non-favoured entry only, and the uniform schedule in process.
 * TAP on stdout (tests/fuzz-sched.t).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

static unsigned int ntest, nfail;

static void ok(int cond, const char *what)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %u - %s\n", cond ? "" : "not ", ntest, what);
}

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

static bool fav(const struct fz_corpus *c, int i)
{
	return i >= 0 && c->e[i].fpos != FZ_NOT_FAV;
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

		ok(r.n == 2 && r.k[0] == 5 && r.k[1] == 6, "run keys: each once, folded to 16 bits");
		r.n = 0;
		for (unsigned int i = 0; i < FZ_RUN_KEYS + 10; i++)
			fz_run_keys_add(&r, i);
		ok(r.n == FZ_RUN_KEYS, "run keys: capped");
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

		ok(a == 0 && h1 == FZ_DRAW_CALIB && b == 1 && h2 == FZ_DRAW_CALIB, "seeds: calibrated first, in order");
		ok(c.nfav == 0, "seeds: favour nothing before their runs are measured");
		struct fz_run_keys k0 = KEYS(1, 2), k1 = KEYS(2);

		fz_corpus_measured(&c, 0, 300, &k0);
		fz_corpus_measured(&c, 1, 100, &k1);
		fz_corpus_update(&c);
		ok(c.top[1] == 1 && c.top[2] == 2, "seeds: measured, each holds the keys it reached cheapest");
		ok(c.nfav == 1 && fav(&c, 0) && !fav(&c, 1),
		   "cover: the first key's holder covers the second key too, so its cheaper holder is not favoured");
		fz_corpus_pick(&c, &rng, &how);
		ok(how == FZ_DRAW_FAV || how == FZ_DRAW_ANY, "seeds: calibration done, draws go to the schedule");
	}

	/* A cheaper entry takes the keys; the cover is made of the holders. */
	{
		int i = add(&c, 8, 50, KEYS(1, 2, 3));

		fz_corpus_update(&c);
		ok(i == 2 && c.top[1] == 3 && c.top[2] == 3 && c.top[3] == 3 && fav(&c, 2) && c.nfav == 1,
		   "holders: the cheapest entry holds every key it reached and alone covers them");
		int j = add(&c, 4, 50, KEYS(3));

		fz_corpus_update(&c);
		ok(c.top[3] == (uint32_t)j + 1 && !fav(&c, j) && fav(&c, 2) && c.nfav == 1,
		   "holders: at equal cost the shorter entry holds the key, and stays out of a cover that has it");
		int k = add(&c, 2, 80, KEYS(3, 4));

		fz_corpus_update(&c);
		ok(c.top[3] == (uint32_t)j + 1 && c.top[4] == (uint32_t)k + 1 && fav(&c, k) && fav(&c, 2) && c.nfav == 2,
		   "holders: a dearer entry holds the key nobody else reached, and joins the cover for it");
	}

	/* Draws: seven in eight from the favoured set, each by its energy. */
	{
		unsigned int hit[8] = { 0 }, nf = 0, n = 80000;

		for (unsigned int t = 0; t < n; t++) {
			int i = fz_corpus_pick(&c, &rng, &how);

			if (i < 0 || (unsigned int)i >= c.n)
				break;
			hit[i]++;
			nf += how == FZ_DRAW_FAV;
		}
		unsigned int sum = 0;

		for (unsigned int i = 0; i < c.n; i++)
			sum += hit[i];
		/*
		 * Mean cost 116 us: entries 2 and 3 (50 us) have energy 4/3
		 * (AFL's 1.5, under half the mean), 1 and 4 (100, 80) 1, entry 0
		 * (300, over twice the mean) 2/3. Favoured: 2 and 4.
		 */
		ok(sum == n && nf > n * 0.85 && nf < n * 0.90, "draws: seven in eight from the favoured set");
		ok(hit[0] && hit[1] && hit[3] && hit[0] + hit[1] + hit[3] < n * 0.1,
		   "draws: entries outside the cover still drawn, rarely");
		ok(hit[2] > hit[4] * 1.15 && hit[2] < hit[4] * 1.55, "draws: a cheaper favoured entry is drawn more (energy 4 : 3)");
		ok(hit[0] < hit[1] && hit[1] < hit[3], "draws: outside the cover, by energy too (2 : 3 : 4)");
	}

	/* A full corpus replaces a non-favoured entry, never a favoured one. */
	{
		int a = add(&c, 8, 500, KEYS(9));
		int b = add(&c, 8, 600, KEYS(10));
		fz_corpus_update(&c);
		unsigned int nfav = c.nfav;

		ok(a == 5 && b == 6 && c.n == 7, "full: room left is used first");
		add(&c, 8, 700, KEYS(11));
		ok(c.n == 8, "full: the corpus is full");
		int r = add(&c, 8, 20, KEYS(12));

		fz_corpus_update(&c);
		ok((r == 0 || r == 1) && c.replaced == 1 && c.nfav == nfav + 2 && c.top[12] == (uint32_t)r + 1,
		   "full: a new entry replaces a non-favoured one");
		int r2 = add(&c, 8, 20, KEYS(13));

		ok(r2 >= 0 && r2 != r && (r2 == 0 || r2 == 1), "full: the next replaces the other non-favoured one");
		ok(add(&c, 8, 1, KEYS(14)) == -1 && c.n == 8, "full: with every entry favoured, nothing is replaced");
	}
	{
		double a, f;

		fz_corpus_costs(&c, &a, &f);
		ok(a > 0 && f > 0 && f <= a * 2, "costs: means of all and of the favoured");
	}
	fz_corpus_free(&c);

	/* A seed not calibrated yet is never replaced. */
	if (fz_corpus_init(&c, 2, true))
		return 1;
	fz_corpus_seed(&c, seed, 4);
	add(&c, 8, 50, KEYS(1));
	ok(add(&c, 8, 10, KEYS(1)) == -1 && c.replaced == 0, "seeds: a full corpus replaces no seed still to be run");
	fz_corpus_free(&c);

	/* In process: uniform, no calibration, nothing replaced when full. */
	if (fz_corpus_init(&c, 3, false))
		return 1;
	fz_corpus_seed(&c, seed, 4);
	{
		int i = fz_corpus_pick(&c, &rng, &how);

		ok(i == 0 && how == FZ_DRAW_ANY, "in process: seeds are not calibrated");
		add(&c, 8, 5, KEYS(1));
		add(&c, 8, 5, KEYS(2));
		ok(c.nfav == 0 && add(&c, 8, 1, KEYS(3)) == -1, "in process: no favoured set, a full corpus takes nothing");
		unsigned int hit[3] = { 0 };

		for (unsigned int t = 0; t < 30000; t++)
			hit[fz_corpus_pick(&c, &rng, &how)]++;
		ok(hit[0] > 9000 && hit[1] > 9000 && hit[2] > 9000, "in process: the draw is uniform");
	}
	fz_corpus_free(&c);
	ok(fz_corpus_pick(&c, &rng, &how) == -1, "an empty corpus draws nothing");

	printf("1..%u\n", ntest);
	return nfail ? 1 : 0;
}
