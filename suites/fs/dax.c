/* SPDX-License-Identifier: MIT */
/* File system device: the DAX window (shared memory region 0) and the data path beside it. */
#include <errno.h>
#include <string.h>

#include "fs.h"

#define FATTR_SIZE (1u << 3)
#define MAP_RW 3	/* FUSE_SETUPMAPPING_FLAG_WRITE | _READ */

/* The length of shared memory region 0, 0 when the device has none; the region count in *@n, ids in @ids. */
static uint64_t window(struct vct_ctx *c, uint8_t *ids, unsigned int *n)
{
	uint64_t lens[8];

	*n = vct_req_shm_regions(c, ids, lens, 8);
	for (unsigned int i = 0; i < *n; i++)
		if (ids[i] == 0)
			return lens[i];
	return 0;
}

/* D-c0abb21f: a DAX window is shared memory region 0 (the chapter defines no other region). */
static void dax_window_id_zero(struct vct_ctx *c)
{
	uint8_t ids[8];
	unsigned int n;
	uint64_t len;

	vct_c_negotiate(c, NULL);
	len = window(c, ids, &n);
	if (!n)
		vct_skip(c, "device: no shared memory region, so no DAX window (it is optional, D-e86da37c)");
	vct_report(c, len != 0, "shared memory regions of the file system device", "the DAX window as region 0",
		   "%u region(s), none with id 0 (the first has id %u)", n, ids[0]);
}

/* FUSE_SETUPMAPPING of [@foff, +@len) of @fh at window offset @moff; the reply's error. */
static int32_t map(struct vct_ctx *c, struct fs_sess *s, uint64_t fh, uint64_t foff, uint64_t len, uint64_t moff)
{
	uint8_t a[40] = { 0 };

	vct_put64(a, fh);
	vct_put64(a + 8, foff);
	vct_put64(a + 16, len);
	vct_put64(a + 24, MAP_RW);
	vct_put64(a + 32, moff);
	return fs_call(c, s, FUSE_SETUPMAPPING, 0, a, sizeof(a), NULL, 0, NULL);
}

/* FUSE_REMOVEMAPPING of [@moff, +@len); the reply's error. */
static int32_t unmap(struct vct_ctx *c, struct fs_sess *s, uint64_t moff, uint64_t len)
{
	uint8_t a[20] = { 0 };

	vct_put32(a, 1);
	vct_put64(a + 4, moff);
	vct_put64(a + 12, len);
	return fs_call(c, s, FUSE_REMOVEMAPPING, 0, a, sizeof(a), NULL, 0, NULL);
}

/* Set the scratch file's size (FUSE_SETATTR); the reply's error. */
static int32_t truncate_to(struct vct_ctx *c, struct fs_sess *s, const struct fs_file *f, uint64_t size)
{
	uint8_t a[88] = { 0 }, out[104];

	vct_put32(a, FATTR_SIZE);
	vct_put64(a + 8, f->fh);
	vct_put64(a + 16, size);
	return fs_call(c, s, FUSE_SETATTR, f->nodeid, a, sizeof(a), out, sizeof(out), NULL);
}

/*
 * A session with the DAX window's alignment and a scratch file two aligned
 * units long: the window's length and the unit. SKIPs "device:" without a
 * window, without FUSE_MAP_ALIGNMENT, or with a window under two units.
 */
static uint64_t dax_setup(struct vct_ctx *c, struct fs_sess *s, struct fs_file *f, uint64_t *unit)
{
	uint8_t ids[8];
	unsigned int n;
	uint64_t win;
	int32_t err;

	fs_start(c, s, false, FUSE_MAP_ALIGNMENT);
	win = window(c, ids, &n);
	if (!win)
		vct_skip(c, "device: no DAX window (shared memory region 0; it is optional, D-e86da37c)");
	if (!(s->flags & FUSE_MAP_ALIGNMENT) || s->map_align >= 48)
		vct_skip(c, "device: FUSE_INIT gave no usable mapping alignment (FUSE_MAP_ALIGNMENT, map_alignment %u)",
			 s->map_align);
	*unit = 1ull << s->map_align;
	if (win < 2 * *unit)
		vct_skip(c, "device: the DAX window (%llu bytes) holds fewer than two aligned units of %llu",
			 (unsigned long long)win, (unsigned long long)*unit);
	fs_create(c, s, f);
	err = truncate_to(c, s, f, 2 * *unit);
	if (err)
		vct_skip(c, "device: the scratch file cannot be made %llu bytes long (FUSE_SETATTR: errno %d)",
			 (unsigned long long)(2 * *unit), -err);
	return win;
}

/*
 * D-4f54bf11: mappings may overlap existing ones, completely or partly.
 * Setting up and splitting mappings takes resources the device may run out
 * of, so the device first shows it can hold two mappings (two units side
 * by side, then removed); then one mapping of both units is replaced by a
 * perfect overlap (no more mappings than before) and split by a partial one
 * (two, as held a moment ago).
 */
static void dax_overlap(struct vct_ctx *c)
{
	struct fs_sess s;
	struct fs_file f;
	uint64_t u;
	int32_t e1, e2, err;

	dax_setup(c, &s, &f, &u);
	e1 = map(c, &s, f.fh, 0, u, 0);
	e2 = e1 ? 0 : map(c, &s, f.fh, u, u, u);
	if (e1 || e2)
		vct_skip(c, "device: two side-by-side mappings of the scratch file were refused (errno %d): out of resources",
			 -(e1 ? e1 : e2));
	vct_step_begin(c);
	vct_require(c, unmap(c, &s, 0, 2 * u) == 0, "FUSE_REMOVEMAPPING of both", "error 0", "an error");
	vct_require(c, map(c, &s, f.fh, 0, 2 * u, 0) == 0, "FUSE_SETUPMAPPING of both units at once", "error 0",
		    "an error (it held two mappings a moment ago)");
	vct_step_end(c);
	err = map(c, &s, f.fh, u, 2 * u, 0);
	vct_report(c, err == 0, "FUSE_SETUPMAPPING completely overlapping an existing mapping", "error 0 (replaced)",
		   "error %d", err);
	err = map(c, &s, f.fh, 0, u, u);
	vct_report(c, err == 0, "FUSE_SETUPMAPPING partially overlapping an existing mapping",
		   "error 0 (the old one split)", "error %d", err);
	unmap(c, &s, 0, 2 * u);
	fs_remove(c, &s, &f);
}

/* D-c6bb171c: a mapping going past the window's end is refused (three ways, one wrapping around 2^64). */
static void dax_beyond_end(struct vct_ctx *c)
{
	struct fs_sess s;
	struct fs_file f;
	uint64_t u, win = 0;
	static const char *const what[] = { "straddling the window's end", "starting at the window's end",
					    "whose end wraps around 2^64" };

	win = dax_setup(c, &s, &f, &u);
	win &= ~(u - 1);
	for (unsigned int i = 0; i < 3; i++) {
		uint64_t moff = i == 0 ? win - u : i == 1 ? win : -u;
		int32_t err = map(c, &s, f.fh, 0, 2 * u, moff);
		char w[96];

		snprintf(w, sizeof(w), "FUSE_SETUPMAPPING %s", what[i]);
		vct_report(c, err < 0, w, "an error", "error 0 (window offset 0x%llx, length 0x%llx, window 0x%llx)",
			   (unsigned long long)moff, (unsigned long long)(2 * u), (unsigned long long)win);
	}
	unmap(c, &s, 0, win);
	fs_remove(c, &s, &f);
}

/*
 * D-6f77830b: FUSE_READ and FUSE_WRITE work whether or not the DAX window
 * is in use: with a window, part of the file is mapped into it first. The
 * write goes at an odd offset; what the read returns is what was written.
 */
static void read_write(struct vct_ctx *c)
{
	uint8_t ids[8], wr[40 + 200] = { 0 }, rd[40] = { 0 }, back[200] = { 0 }, wo[8] = { 0 };
	struct fs_sess s;
	struct fs_file f;
	unsigned int n;
	uint32_t blen = 0;
	bool mapped = false;
	int32_t err;

	fs_start(c, &s, false, FUSE_MAP_ALIGNMENT);
	fs_create(c, &s, &f);
	if (window(c, ids, &n) >= (1ull << s.map_align) && (s.flags & FUSE_MAP_ALIGNMENT) && s.map_align < 48 &&
	    truncate_to(c, &s, &f, 1ull << s.map_align) == 0)
		mapped = map(c, &s, f.fh, 0, 1ull << s.map_align, 0) == 0;
	vct_put64(wr, f.fh);
	vct_put64(wr + 8, 3);		/* offset */
	vct_put32(wr + 16, 200);	/* size */
	for (unsigned int i = 0; i < 200; i++)
		wr[40 + i] = (uint8_t)(i * 7 + 1);
	err = fs_call(c, &s, FUSE_WRITE, f.nodeid, wr, sizeof(wr), wo, sizeof(wo), &blen);
	if (err == -ENOSPC || err == -EDQUOT || err == -EROFS)
		vct_skip(c, "device: the file system cannot take 200 bytes (FUSE_WRITE: errno %d)", -err);
	vct_report(c, err == 0 && blen >= 4 && vct_le_load(wo, 4) == 200, "FUSE_WRITE of 200 bytes at offset 3",
		   "error 0, fuse_write_out.size 200", "error %d, size %u%s", err,
		   blen >= 4 ? (unsigned int)vct_le_load(wo, 4) : 0, mapped ? " (the file mapped into the DAX window)" : "");
	vct_put64(rd, f.fh);
	vct_put64(rd + 8, 3);
	vct_put32(rd + 16, 200);
	err = fs_call(c, &s, FUSE_READ, f.nodeid, rd, sizeof(rd), back, sizeof(back), &blen);
	vct_report(c, err == 0 && blen == 200 && !memcmp(back, wr + 40, 200), "FUSE_READ of those 200 bytes",
		   "error 0 and the bytes written", "error %d, %u bytes%s%s", err, blen,
		   err == 0 && blen == 200 ? ", different" : "", mapped ? " (the file mapped into the DAX window)" : "");
	if (mapped)
		unmap(c, &s, 0, 1ull << s.map_align);
	fs_remove(c, &s, &f);
}

static const struct vct_check checks[] = {
	VCT_CHECK("fs.read_write", "D-6f77830b", read_write, .type = VCT_ID_FS),
	VCT_CHECK("fs.dax_window_id_zero", "D-c0abb21f", dax_window_id_zero, .type = VCT_ID_FS),
	VCT_CHECK("fs.dax_overlap", "D-4f54bf11", dax_overlap, .type = VCT_ID_FS),
	VCT_CHECK("fs.dax_beyond_end", "D-c6bb171c", dax_beyond_end, .type = VCT_ID_FS),
};

VCT_SUITE(vct_suite_fs_dax, "fs", checks);
