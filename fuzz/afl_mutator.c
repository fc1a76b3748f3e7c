/* SPDX-License-Identifier: MIT */
/*
 * AFL++ custom mutator (AFL_CUSTOM_MUTATOR_LIBRARY): the structure-aware
 * program mutations of fuzz/mutate.c. AFL++ still runs its own byte-level
 * stages unless AFL_CUSTOM_MUTATOR_ONLY=1. VCT_FUZZ_TYPE (rng, blk, net,
 * console) biases queue choices and writability.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prog.h"

struct fz_mut {
	uint8_t *buf;
	uint16_t type;
	unsigned int seed;
};

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct fz_mut *m = calloc(1, sizeof(*m));
	const char *dev = getenv("VCT_FUZZ_DEVICE");

	if (!m || !(m->buf = malloc(FZ_MAX_BIN))) {
		free(m);
		return NULL;
	}
	m->seed = seed;
	m->type = 4;
	if (dev && strstr(dev, "blk"))
		m->type = 2;
	else if (dev && strstr(dev, "net"))
		m->type = 1;
	else if (dev && strstr(dev, "console"))
		m->type = 3;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *in, size_t in_size, uint8_t **out, uint8_t *add, size_t add_size,
		       size_t max_size)
{
	struct fz_mut *m = data;
	size_t n = in_size < FZ_MAX_BIN ? in_size : FZ_MAX_BIN;

	memcpy(m->buf, in, n);
	if (add && add_size && (m->seed++ % 4) == 0)
		n = fz_crossover_bytes(in, in_size, add, add_size, m->buf, max_size, m->seed);
	else
		n = fz_mutate_bytes(m->buf, n, max_size < FZ_MAX_BIN ? max_size : FZ_MAX_BIN, m->seed++, m->type);
	*out = m->buf;
	return n;
}

void afl_custom_deinit(void *data)
{
	struct fz_mut *m = data;

	free(m->buf);
	free(m);
}
