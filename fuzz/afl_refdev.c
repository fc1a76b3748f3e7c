/* SPDX-License-Identifier: MIT */
/*
 * AFL++ persistent-mode target: fuzz programs against the in-process
 * reference device (same environment variables as libfuzzer_refdev.c).
 * Oracle findings are saved (deduplicated, minimized) to VCT_FUZZ_FINDINGS;
 * with VCT_FUZZ_ABORT=1 they also abort, so AFL++ records them as crashes.
 * Black-box observations are added to the AFL++ coverage map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "prog.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
/* Built without afl-clang-fast: a plain file runner (for debugging). */
static unsigned char fz_buf[FZ_MAX_BIN * 4];
static ssize_t fz_len;
#define __AFL_FUZZ_INIT() /* nothing */
#define __AFL_INIT() /* nothing */
#define __AFL_FUZZ_TESTCASE_BUF fz_buf
#define __AFL_FUZZ_TESTCASE_LEN fz_len
#define __AFL_LOOP(n) ((fz_len = read(0, fz_buf, sizeof(fz_buf))) > 0 && !fz_done++)
static int fz_done;
#else
#include <dlfcn.h>
#endif

__AFL_FUZZ_INIT();

static unsigned char **afl_map;	/* &__afl_area_ptr of the AFL++ runtime */

static void feedback(void *ctx, uint32_t key, int op)
{
	(void)op;
	if (afl_map && *afl_map)
		(*afl_map)[(key % 4096) + 61440]++;	/* the top 4 KiB of the default 64 KiB map */
}

int main(void)
{
	static struct fz_prog p;
	struct fz_target tg;
	struct fz_exec_opts o = { .feedback = feedback };
	const char *dev = getenv("VCT_FUZZ_DEVICE"), *fdir = getenv("VCT_FUZZ_FINDINGS");
	int abort_on = getenv("VCT_FUZZ_ABORT") && atoi(getenv("VCT_FUZZ_ABORT"));
	unsigned long long n = 0;
	char err[512];

	if (!dev || !*dev)
		dev = "refdev:rng";
	if (fz_target_open(&tg, dev, err, sizeof(err))) {
		fprintf(stderr, "vct afl target: %s\n", err);
		return 2;
	}
#ifdef __AFL_COMPILER
	afl_map = dlsym(RTLD_DEFAULT, "__afl_area_ptr");
#endif
	__AFL_INIT();
	unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;

	while (__AFL_LOOP(10000)) {
		struct fz_result r;
		size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;

		n++;
		fz_decode(buf, len, &p);
		if (fz_run(&tg, &p, &o, &r))
			continue;
		for (unsigned int i = 0; i < r.nfind; i++) {
			if (fdir) {
				static struct fz_prog m;

				m = p;
				fz_minimize(&tg, &m, r.f[i].sig, &o, 200);
				fz_save_finding(fdir, &m, &r.f[i], dev, n);
			}
		}
		if (r.nfind && abort_on)
			abort();
	}
	fz_target_close(&tg);
	return 0;
}
