/* stmt.h - the table of normative statements of the virtio spec.
 *
 * The table itself (vct_stmts[]) is generated at build time from
 * spec-refs/statements-v1.4-cs01.tsv (see spec-refs/README.md); it holds
 * locators, levels, hashes and ids only, never spec text.  String fields use
 * "-" for "none".
 */
#ifndef VCT_STMT_H
#define VCT_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum vct_level {
	VCT_MUST,
	VCT_MUST_NOT,
	VCT_SHOULD,
	VCT_SHOULD_NOT,
	VCT_MAY,
	VCT_REQUIRED,
	VCT_NOT_REQUIRED,
	VCT_RECOMMENDED,
	VCT_NOT_RECOMMENDED,
	VCT_OPTIONAL,
	VCT_SHALL,
	VCT_SHALL_NOT,
};

struct vct_stmt {
	const char *id;          /* "D-xxxxxxxx" (device) / "R-xxxxxxxx" (driver) */
	const char *label;       /* third argument of \devicenormative/\drivernormative */
	const char *chapter;     /* top-level chapter title */
	const char *device_type; /* "network", "block", ... or "-" */
	const char *features;    /* comma-separated VIRTIO_*_F_* names or "-" */
	const char *file;        /* path relative to the spec checkout */
	const char *hash;        /* first 16 hex of sha256(normalized sentence) */
	const char *cls;         /* blackbox/host-action/fault/transport/legacy/unobservable (spec-refs/README.md); "-" driver side */
	const char *reason;      /* why not blackbox (for host-action: what the host must do), or "-" */
	const char *summary;     /* project-written one-liner, or "-" */
	unsigned line, end_line; /* 1-based line span of the sentence in file */
	enum vct_level level;
	bool device_side;
};

extern const struct vct_stmt vct_stmts[];
extern const size_t vct_stmts_count;
extern const char vct_stmts_version[]; /* e.g. "v1.4-cs01" */
/* The vhost-user protocol's back-end statements (U-xxxxxxxx), curated by hand
 * from QEMU 7.2's docs/interop/vhost-user.rst (spec-refs/vu-statements.py);
 * counted apart from the virtio spec's. */
extern const struct vct_stmt vct_vu_stmts[];
extern const size_t vct_vu_stmts_count;
extern const char vct_vu_stmts_version[];

/* NULL if unknown (either table). */
const struct vct_stmt *vct_stmt_find(const char *id);
/* "MUST", "MUST NOT", ... ("?" for an out-of-range value). */
const char *vct_level_name(enum vct_level);
/* The area a statement is counted under: "Device Types / block",
 * "Virtio Transport Options / Virtio Over PCI Bus", or its chapter. */
void vct_stmt_area(const struct vct_stmt *st, char *buf, size_t n);
/* MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT. */
bool vct_level_is_must(enum vct_level);

/* Print the statement's header and the original source lines of its sentence
 * from a spec checkout at spec_dir.  Before printing, the checkout is
 * identified by the same fingerprint gen-statements.py uses (sha256 of
 * title.tex, changelog.tex and cl-os.tex); a checkout of another version is
 * reported on out and -ESTALE returned.  Other failures: -ENOENT (file
 * missing), -ERANGE (line span outside the file), -errno of the I/O.
 * Returns 0 on success. */
int vct_stmt_show(const struct vct_stmt *s, const char *spec_dir, FILE *out);

/* Identify a checkout: writes the known version tag into tag (size >= 16) or
 * "" if unknown.  Returns 0, or -errno if spec_dir is unreadable. */
int vct_spec_dir_version(const char *spec_dir, char *tag, size_t tagsz);

#endif
