/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: fuzz programs against the in-process reference device.
 *   VCT_FUZZ_DEVICE    refdev:TYPE[,quirk=...] (default VCT_FUZZ_DEFAULT_DEVICE, a build
 *                      setting for infrastructure that runs targets with no environment
 *                      of ours, fuzz/oss-fuzz/build.sh; else refdev:rng)
 *   VCT_FUZZ_FINDINGS  directory for deduplicated, minimized oracle findings
 *   VCT_FUZZ_ABORT=1   abort() on the first oracle finding (gates, -minimize_crash)
 *   VCT_FUZZ_ABORT_ON=a|b  only on findings whose signature starts with a or b
 *   VCT_FUZZ_PLAIN=1   byte mutation only (no structure-aware custom mutator)
 *   VCT_FUZZ_BLACKBOX=0  no feedback from observations into extra counters
 * Device crashes are caught by ASan/UBSan as usual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "prog.h"

#ifndef VCT_FUZZ_DEFAULT_DEVICE
#define VCT_FUZZ_DEFAULT_DEVICE "refdev:rng"
#endif

/* Weak: an engine driver other than libFuzzer's (AFL++'s, for one) may not provide it. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max) __attribute__((weak));

/* Black-box feedback: observations hashed into libFuzzer's extra counters. */
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t fz_counters[4096];

static struct fz_target tg;
static struct fz_exec_opts opts;
static const char *findings_dir, *device;
static int abort_on_find, plain;
static const char *abort_on;

static int wanted(const char *sig)
{
	const char *p = abort_on;

	if (!p || !*p)
		return 1;
	while (*p) {
		size_t l = strcspn(p, "|");

		if (l && !strncmp(sig, p, l))
			return 1;
		p += l + (p[l] ? 1 : 0);
	}
	return 0;
}
static unsigned long long nexec;

static void feedback(void *ctx, uint32_t key, int op)
{
	uint8_t *c = &fz_counters[key % sizeof(fz_counters)];

	(void)op;	/* (libFuzzer's counters are per key) */
	if (*c < 255)
		(*c)++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];

	device = getenv("VCT_FUZZ_DEVICE");
	if (!device || !*device)
		device = VCT_FUZZ_DEFAULT_DEVICE;
	findings_dir = getenv("VCT_FUZZ_FINDINGS");
	abort_on_find = getenv("VCT_FUZZ_ABORT") && atoi(getenv("VCT_FUZZ_ABORT"));
	abort_on = getenv("VCT_FUZZ_ABORT_ON");
	if (abort_on && *abort_on)
		abort_on_find = 1;
	plain = getenv("VCT_FUZZ_PLAIN") && atoi(getenv("VCT_FUZZ_PLAIN"));
	if (fz_target_open(&tg, device, err, sizeof(err))) {
		fprintf(stderr, "vct fuzz target: %s\n", err);
		exit(2);
	}
	/* VCT_FUZZ_BLACKBOX=0 turns the observation feedback off (code coverage only). */
	opts.feedback = getenv("VCT_FUZZ_BLACKBOX") && !atoi(getenv("VCT_FUZZ_BLACKBOX")) ? NULL : feedback;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_prog p;
	struct fz_result r;

	nexec++;
	fz_decode(data, size, &p);
	if (fz_run(&tg, &p, &opts, &r))
		return 0;
	for (unsigned int i = 0; i < r.nfind; i++) {
		fprintf(stderr, "vct-fuzz: execution %llu: oracle %s (%s) fired: %s: %s\n", nexec, r.f[i].sig, r.f[i].stmt,
			r.f[i].what, r.f[i].seen);
		if (findings_dir) {
			static struct fz_prog m;

			m = p;
			fz_minimize(&tg, &m, r.f[i].sig, &opts, 200);
			fz_save_finding(findings_dir, &m, &r.f[i], device, nexec);
		}
	}
	for (unsigned int i = 0; i < r.nfind && abort_on_find; i++)
		if (wanted(r.f[i].sig)) {
			fprintf(stderr, "vct-fuzz: FINDING %s after %llu executions\n", r.f[i].sig, nexec);
			abort();
		}
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
	if ((plain || seed % 5 == 0) && LLVMFuzzerMutate)
		return LLVMFuzzerMutate(data, size, max);
	return fz_mutate_bytes(data, size, max, seed, tg.type);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *a, size_t na, const uint8_t *b, size_t nb, uint8_t *out, size_t max,
				 unsigned int seed)
{
	return fz_crossover_bytes(a, na, b, nb, out, max, seed);
}
