/* SPDX-License-Identifier: MIT */
/* Small helpers every harness file uses. */
#ifndef VCT_UTIL_H
#define VCT_UTIL_H

#include <endian.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Read a small sysfs-style file into buf (NUL-terminated, trailing newline cut). */
ssize_t vct_read_file(const char *path, char *buf, size_t len);
/* Write a whole file atomically: temp file in the same directory, fsync, rename. */
int vct_write_file_atomic(const char *path, const void *data, size_t len);
/* Monotonic milliseconds. */
uint64_t vct_now_ms(void);
/* Monotonic microseconds (figures of how long something took). */
uint64_t vct_now_us(void);

/* @s as a JSON string literal (quotes, backslashes, control bytes escaped); NULL as "". */
void vct_json_put_str(FILE *f, const char *s);
/* mkdir -p */
int vct_mkdirs(const char *path);

/*
 * The bounded device wait a check is inside, published to the runner through
 * memory shared across fork(). When the runner's backstop has to kill a
 * check, this tells a device that stalled an access inside a wait whose own
 * deadline had long passed (the device's fault: the wait could not return)
 * from a check that was merely slow or stuck elsewhere (reported as a harness
 * error). NULL outside a forked check: then the marks cost one test.
 */
struct vct_wait_mark {
	volatile uint64_t deadline_ms;	/* vct_now_ms() deadline of the innermost wait; 0: not waiting */
	/*
	 * A device living in the check's own process (refdev) that dies writes
	 * its last words here first (vct_device_dies()), so the runner can tell
	 * the device's crash from vct's own: "" while nothing died.
	 */
	char device_died[200];
};
extern struct vct_wait_mark *vct_wait_mark;
/* An in-process device's process death: note @fmt in the shared mark and on stderr, then abort(). */
_Noreturn void vct_device_dies(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Enter a device wait ending at @deadline_ms; returns what vct_wait_leave() restores. */
static inline uint64_t vct_wait_enter(uint64_t deadline_ms)
{
	uint64_t prev = vct_wait_mark ? vct_wait_mark->deadline_ms : 0;

	if (vct_wait_mark)
		vct_wait_mark->deadline_ms = deadline_ms;
	return prev;
}

static inline void vct_wait_leave(uint64_t prev)
{
	if (vct_wait_mark)
		vct_wait_mark->deadline_ms = prev;
}

static inline uint64_t vct_le_load(const uint8_t *p, size_t width)
{
	uint64_t v = 0;

	for (size_t i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void vct_le_store(uint8_t *p, uint64_t v, size_t width)
{
	for (size_t i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* 128-bit feature sets as two words: bit @bit of f (bits beyond 127 read 0, writes are ignored). */
static inline bool vct_has(const uint64_t f[2], unsigned int bit)
{
	return bit < 128 && (f[bit / 64] >> (bit % 64)) & 1;
}

static inline void vct_set(uint64_t f[2], unsigned int bit)
{
	if (bit < 128)
		f[bit / 64] |= 1ull << (bit % 64);
}

static inline void vct_clear(uint64_t f[2], unsigned int bit)
{
	if (bit < 128)
		f[bit / 64] &= ~(1ull << (bit % 64));
}

/*
 * The physical addresses of the @npages pages from @va (page aligned), from
 * /proc/self/pagemap: pa[i] is 0 for a page not present, or when the kernel
 * hides frame numbers (a reader without CAP_SYS_ADMIN sees them as 0).
 * 0 or -errno (no pagemap).
 */
int vct_pagemap_pa(const void *va, size_t npages, uint64_t *pa);

#endif
