/* SPDX-License-Identifier: MIT */
/*
 * Physical-address DMA (dma.h): buffers at IOVA == physical address, as
 * DPDK's IOVA-as-PA mode does. Memory comes in arenas of 2 MiB-aligned
 * transparent huge pages, touched and locked, whose frames /proc/self/pagemap
 * names; a buffer is a run of physically consecutive pages inside one arena
 * (a huge page is one such run), so it never spans discontiguous memory.
 * After VFIO has pinned a buffer its frames are read again: a page the kernel
 * moved between the read and the pin would give the device the wrong memory.
 */
#include "dma.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "transport.h"
#include "util.h"

#define ARENA_ALIGN (2u << 20)
#define ARENA_MAX 64		/* 128 MiB of pinned memory at most */
#define LOW_FLOOR 0x100000u	/* as in dma.c: nothing in the first MiB */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Whether the page at @pa may be given to the device: memory inside an IOVA range the IOMMU maps. */
static bool pa_usable(const struct vct_transport *t, uint64_t pa)
{
	if (pa < LOW_FLOOR)
		return false;
	for (unsigned int i = 0; i < t->n_iova; i++)
		if (pa >= t->iova[i].start && pa + VCT_PAGE - 1 <= t->iova[i].end)
			return true;
	return false;
}

/* (Re)read the frames of @a's pages, marking the ones vct may not give out as 0. */
static int arena_read(const struct vct_transport *t, struct vct_pa_arena *a)
{
	size_t n = a->len / VCT_PAGE;
	int r = vct_pagemap_pa(a->va, n, a->pa);

	if (r)
		return r;
	for (size_t i = 0; i < n; i++)
		if (!pa_usable(t, a->pa[i]))
			a->pa[i] = 0;
	return 0;
}

static void arena_unmap(struct vct_pa_arena *a)
{
	munmap(a->va, a->len);
	free(a->pa);
}

/* A new arena of at least @len bytes; its pa[] holds the raw frames (unfiltered) for the caller to judge. */
static int arena_new(struct vct_pa_arena *a, size_t len)
{
	size_t n;
	uint8_t *raw, *va;

	len = align_up(len, ARENA_ALIGN);
	n = len / VCT_PAGE;
	raw = mmap(NULL, len + ARENA_ALIGN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return -ENOMEM;
	va = (uint8_t *)align_up((uintptr_t)raw, ARENA_ALIGN);
	if (va > raw)
		munmap(raw, (size_t)(va - raw));
	munmap(va + len, (size_t)(raw + ARENA_ALIGN - va));
	*a = (struct vct_pa_arena){ .va = va, .len = len, .pa = calloc(n, sizeof(uint64_t)) };
	if (!a->pa) {
		munmap(va, len);
		return -ENOMEM;
	}
	/* Huge pages where the kernel has them: one physically contiguous run per 2 MiB. */
	madvise(va, len, MADV_HUGEPAGE);
	/* A child forked for the next check must not share pinned pages (dma.c). */
	madvise(va, len, MADV_DONTFORK);
	for (size_t i = 0; i < n; i++)
		va[i * VCT_PAGE] = 0;
	/* Resident from now on; VFIO's pin at mapping time is what keeps each frame in place. */
	mlock(va, len);
	return vct_pagemap_pa(va, n, a->pa);
}

/* The first run of @np usable, physically consecutive pages in @a from its next free page, or -1. */
static long arena_run(const struct vct_pa_arena *a, size_t np)
{
	size_t n = a->len / VCT_PAGE, run = 0;

	for (size_t i = a->next; i < n; i++) {
		if (!a->pa[i] || (run && a->pa[i] != a->pa[i - 1] + VCT_PAGE))
			run = 0;
		if (a->pa[i])
			run++;
		if (run == np)
			return (long)(i + 1 - np);
	}
	return -1;
}

int vct_dma_pa_place(struct vct_dma *d, size_t map_len, void **va, uint64_t *pa)
{
	size_t np = map_len / VCT_PAGE;
	struct vct_pa_arena *na;
	long i;
	int r;

	for (size_t k = 0; k < d->narena; k++) {
		struct vct_pa_arena *a = &d->arena[k];

		if ((i = arena_run(a, np)) >= 0) {
			a->next = (size_t)i + np;
			*va = a->va + (size_t)i * VCT_PAGE;
			*pa = a->pa[i];
			return 0;
		}
	}
	if (d->narena == ARENA_MAX)
		return -ENOMEM;
	na = realloc(d->arena, (d->narena + 1) * sizeof(*na));
	if (!na)
		return -ENOMEM;
	d->arena = na;
	r = arena_new(&na[d->narena], map_len);
	if (r)
		return r;
	d->narena++;
	r = arena_read(d->t, &na[d->narena - 1]);
	if (r)
		return r;
	if ((i = arena_run(&na[d->narena - 1], np)) < 0)
		return -ENOMEM;	/* not even a fresh arena has the run: fragmented, no huge pages */
	na[d->narena - 1].next = (size_t)i + np;
	*va = na[d->narena - 1].va + (size_t)i * VCT_PAGE;
	*pa = na[d->narena - 1].pa[i];
	return 0;
}

int vct_dma_pa_verify(struct vct_dma *d, void *va, uint64_t pa, size_t map_len)
{
	size_t np = map_len / VCT_PAGE;
	uint64_t now[64];

	for (size_t done = 0; done < np;) {
		size_t n = np - done > 64 ? 64 : np - done;
		int r = vct_pagemap_pa((uint8_t *)va + done * VCT_PAGE, n, now);

		if (r)
			return r;
		for (size_t i = 0; i < n; i++)
			if (now[i] != pa + (done + i) * VCT_PAGE) {
				/* The kernel moved a page before the pin: the arena's table is stale. */
				for (size_t k = 0; k < d->narena; k++)
					arena_read(d->t, &d->arena[k]);
				return -EAGAIN;
			}
		done += n;
	}
	return 0;
}

void vct_dma_pa_free(struct vct_dma *d)
{
	for (size_t k = 0; k < d->narena; k++)
		arena_unmap(&d->arena[k]);
	free(d->arena);
	d->arena = NULL;
	d->narena = 0;
}

/* The end of the highest resource /proc/iomem lists (memory, devices, bus windows), and of its System RAM; 0 if unknown. */
static void iomem_top(uint64_t *top, uint64_t *ram_top)
{
	FILE *f = fopen("/proc/iomem", "re");
	unsigned long long lo, hi;
	char line[256];

	*top = *ram_top = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %llx-%llx", &lo, &hi) == 2) {
			if (hi > *top)
				*top = hi;
			if (strstr(line, "System RAM") && hi > *ram_top)
				*ram_top = hi;
		}
	fclose(f);
}

/* Whether [iova, iova + len) lies in one IOVA range of @t. */
static bool iova_ok(const struct vct_transport *t, uint64_t iova, uint64_t len)
{
	for (unsigned int i = 0; i < t->n_iova; i++)
		if (iova >= t->iova[i].start && iova + len - 1 <= t->iova[i].end)
			return true;
	return false;
}

enum vct_iova_mode vct_iova_mode_parse(const char *s)
{
	return !s ? VCT_IOVA_AUTO : !strcmp(s, "pa") ? VCT_IOVA_PA : !strcmp(s, "va") ? VCT_IOVA_VA : VCT_IOVA_AUTO;
}

int vct_dma_pa_enable(struct vct_dma *d, char *why, size_t whylen)
{
	struct vct_pa_arena a;
	uint64_t lowest = 0, top, ram_top;
	size_t n, usable = 0;
	int r;

	if (d->t->ops->dma_mem) {
		snprintf(why, whylen, "--iova pa does not apply to %s: its device reaches vct's memory through the shared "
			 "region, by the addresses vct gives it; drop --iova", d->t->name);
		return -EINVAL;
	}
	r = arena_new(&a, ARENA_ALIGN);
	if (r) {
		snprintf(why, whylen, "physical-address mode: cannot set up pinned memory: %s", strerror(-r));
		return r;
	}
	n = a.len / VCT_PAGE;
	for (size_t i = 0; i < n; i++) {
		if (a.pa[i] && (!lowest || a.pa[i] < lowest))
			lowest = a.pa[i];
		usable += pa_usable(d->t, a.pa[i]);
	}
	arena_unmap(&a);
	if (!lowest) {
		snprintf(why, whylen, "physical-address mode needs the page frame numbers of /proc/self/pagemap, which the "
			 "kernel shows only to CAP_SYS_ADMIN: run vct as root (or give --iova va if the IOMMU translates "
			 "this device's DMA)");
		return -EPERM;
	}
	if (!usable) {
		snprintf(why, whylen, "physical-address mode: this process's memory (from 0x%llx) lies outside the IOVA "
			 "ranges the IOMMU maps (up to 0x%llx): the device could not be given it; give --iova va if the "
			 "IOMMU translates this device's DMA",
			 (unsigned long long)lowest, (unsigned long long)d->t->iova[d->t->n_iova - 1].end);
		return -ERANGE;
	}
	iomem_top(&top, &ram_top);
	d->pa_guard = align_up((top < (4ull << 30) ? (4ull << 30) : top + 1), 1ull << 30);
	/*
	 * Where __vct_dma_alloc_aside maps buffers for the IOMMU: above all RAM,
	 * so no buffer's physical address (its IOVA in this mode) collides; 0 (none)
	 * where the IOMMU's ranges have no 256 MiB there.
	 */
	d->aside_base = align_up(ram_top + 1, 1ull << 30) + (1ull << 30);
	if (!ram_top || !iova_ok(d->t, d->aside_base, 256u << 20))
		d->aside_base = 0;
	d->pa = true;
	return 0;
}
