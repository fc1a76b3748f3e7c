/* SPDX-License-Identifier: MIT */
/*
 * The structure-aware mutator's size (fuzz/mutate.c): mutated over and over
 * with no selection, a program's length is a random walk. Size-neutral
 * (fz_mutate_set_size_neutral) it wanders without a drift (about 20 ops
 * after 400 mutations); the default stream drifts up to the op cap. And the size-neutral cuts keep
 * what the engine relies on: a program never emptied, a kept bring-up kept.
 * TAP on stdout (tests/fuzz-mutate.t).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "prog.h"
#include "ctap.h"

#define WALKS 64u
#define STEPS 400u


struct size {
	double ops, parts;	/* mean ops a program, mean parts a POST */
	unsigned int empty;	/* programs left with no op */
};

/* @WALKS programs generated for @type, each mutated @STEPS times in a row. */
static struct size walk(uint16_t type)
{
	static struct fz_prog p;
	struct size z = { 0, 0, 0 };
	unsigned long long ops = 0, posts = 0, parts = 0;

	for (unsigned int w = 0; w < WALKS; w++) {
		uint64_t s = 0x5eed0000u + w * 7919u + type;

		fz_generate(&p, &s, type);
		for (unsigned int i = 0; i < STEPS; i++) {
			fz_mutate_prog(&p, &s, type);
			z.empty += !p.n;
		}
		ops += p.n;
		for (unsigned int i = 0; i < p.n; i++)
			if (p.ops[i].op == FZ_OP_POST) {
				posts++;
				parts += p.ops[i].nparts;
			}
	}
	z.ops = (double)ops / WALKS;
	z.parts = posts ? (double)parts / (double)posts : 0;
	return z;
}

int main(void)
{
	static const uint16_t types[] = { 4, 2, 1, 3 };	/* rng, blk, net, console */
	static const char *const names[] = { "rng", "blk", "net", "console" };

	printf("TAP version 13\n1..%u\n", 4u * 4u + 2u);
	for (unsigned int t = 0; t < 4; t++) {
		struct size drift, neutral;

		fz_mutate_set_size_neutral(false);
		drift = walk(types[t]);
		fz_mutate_set_size_neutral(true);
		neutral = walk(types[t]);
		fz_mutate_set_size_neutral(false);
		tap_ok(drift.ops > 0.75 * FZ_MAX_OPS, "%s: the default stream drifts long (%.1f ops a program after %u mutations)",
			 names[t], drift.ops, STEPS);
		tap_ok(neutral.ops < drift.ops / 3, "%s: size-neutral, %.1f ops a program after %u mutations", names[t],
			 neutral.ops, STEPS);
		tap_ok(neutral.parts <= drift.parts, "%s: size-neutral, %.1f parts a post (default stream %.1f)", names[t],
			 neutral.parts, drift.parts);
		tap_ok(neutral.empty == 0, "%s: size-neutral cuts never leave a program empty (%u times)", names[t],
			 neutral.empty);
	}
	/* A kept bring-up (fz_mutate_set_keep_init) stays the first op in 7 mutations of 8, cuts included. */
	{
		static struct fz_prog p;
		uint64_t s = 99;
		unsigned int kept = 0, n = 4000;

		fz_mutate_set_keep_init(true);
		fz_mutate_set_size_neutral(true);
		for (unsigned int i = 0; i < n; i++) {
			memset(&p, 0, sizeof(p));
			p.n = 6;
			p.ops[0].op = FZ_OP_INIT;
			p.ops[0].q = FZ_INIT_STD;
			for (unsigned int k = 1; k < p.n; k++)
				p.ops[k].op = FZ_OP_CFGREAD;
			fz_mutate_prog(&p, &s, 4);
			kept += p.n && p.ops[0].op == FZ_OP_INIT && p.ops[0].q == FZ_INIT_STD;
		}
		tap_ok(kept >= n * 7 / 8 && kept < n, "keep_init, size-neutral: the bring-up kept in %u of %u mutations", kept, n);
		fz_mutate_set_keep_init(false);
		fz_mutate_set_size_neutral(false);
	}
	/* Cuts at the edges (sanitized): a long program cut and grown 20 000 times stays within the caps. */
	{
		static struct fz_prog p;
		uint64_t s = 3;
		bool within = true;

		fz_mutate_set_size_neutral(true);
		fz_generate(&p, &s, 1);
		for (unsigned int i = 0; i < 20000 && within; i++) {
			fz_mutate_prog(&p, &s, 1);
			within = p.n >= 1 && p.n <= FZ_MAX_OPS;
			for (unsigned int k = 0; k < p.n; k++)
				within &= p.ops[k].nparts <= FZ_MAX_PARTS;
		}
		tap_ok(within, "size-neutral: 20 000 mutations in a row stay within the op and part caps");
		fz_mutate_set_size_neutral(false);
	}
	return tap_end(false);
}
