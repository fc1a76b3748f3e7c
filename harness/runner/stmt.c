/* stmt.c - lookups over the generated statement table, and showing a
 * statement's source lines from a spec checkout.  See stmt.h. */
#include "stmt.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const struct vct_stmt *vct_stmt_find(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < vct_stmts_count; i++)
		if (strcmp(vct_stmts[i].id, id) == 0)
			return &vct_stmts[i];
	for (size_t i = 0; i < vct_vu_stmts_count; i++)
		if (strcmp(vct_vu_stmts[i].id, id) == 0)
			return &vct_vu_stmts[i];
	return NULL;
}

const char *vct_level_name(enum vct_level l)
{
	switch (l) {
	case VCT_MUST: return "MUST";
	case VCT_MUST_NOT: return "MUST NOT";
	case VCT_SHOULD: return "SHOULD";
	case VCT_SHOULD_NOT: return "SHOULD NOT";
	case VCT_MAY: return "MAY";
	case VCT_REQUIRED: return "REQUIRED";
	case VCT_NOT_REQUIRED: return "NOT REQUIRED";
	case VCT_RECOMMENDED: return "RECOMMENDED";
	case VCT_NOT_RECOMMENDED: return "NOT RECOMMENDED";
	case VCT_OPTIONAL: return "OPTIONAL";
	case VCT_SHALL: return "SHALL";
	case VCT_SHALL_NOT: return "SHALL NOT";
	}
	return "?";
}

void vct_stmt_area(const struct vct_stmt *st, char *buf, size_t n)
{
	if (strcmp(st->device_type, "-")) {
		snprintf(buf, n, "%s / %s", st->chapter, st->device_type);
	} else if (!strncmp(st->label, "Virtio Transport Options / ", 27)) {
		const char *p = st->label + 27, *e = strstr(p, " / ");
		int len = e ? (int)(e - p) : (int)strlen(p);

		snprintf(buf, n, "Virtio Transport Options / %.*s", len, p);
	} else {
		snprintf(buf, n, "%s", st->chapter);
	}
}

bool vct_level_is_must(enum vct_level l)
{
	return l == VCT_MUST || l == VCT_MUST_NOT || l == VCT_REQUIRED ||
	       l == VCT_SHALL || l == VCT_SHALL_NOT;
}

/* ---- SHA-256 (FIPS 180-4), just enough for the checkout fingerprint ---- */

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3];
	e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
			      ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
			      ((a & b) ^ (a & cc) ^ (b & cc));
		h = g; g = f; f = e; e = d + t1;
		d = cc; cc = b; b = a; a = t1 + t2;
	}
	c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
	c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

static void sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
	c->n = 0;
}

static void sha256_update(struct sha256 *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	c->len += len;
	while (len) {
		size_t k = 64 - c->n < len ? 64 - c->n : len;
		memcpy(c->buf + c->n, p, k);
		c->n += k;
		p += k;
		len -= k;
		if (c->n == 64) {
			sha256_block(c, c->buf);
			c->n = 0;
		}
	}
}

static void sha256_hex(struct sha256 *c, char hex[65])
{
	uint64_t bits = c->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];

	sha256_update(c, &pad, 1);
	while (c->n != 56)
		sha256_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, lenb, 8);
	for (int i = 0; i < 8; i++)
		snprintf(hex + 8 * i, 9, "%08x", (unsigned)c->h[i]);
}

/* ---- checkout identification: must match gen-statements.py ---- */

static const struct {
	const char *tag, *fingerprint;
} known_versions[] = {
	{ "v1.2-cs01", "373fbad2fe9a7cad" },
	{ "v1.4-cs01", "98004ea7d7e308df" },
};
static const char *const fp_files[] = { "title.tex", "changelog.tex", "cl-os.tex" };

static char *join_path(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

int vct_spec_dir_version(const char *spec_dir, char *tag, size_t tagsz)
{
	struct sha256 c;
	char hex[65];

	if (tagsz)
		tag[0] = '\0';
	sha256_init(&c);
	for (size_t i = 0; i < sizeof(fp_files) / sizeof(fp_files[0]); i++) {
		char *path = join_path(spec_dir, fp_files[i]);
		FILE *f;

		if (!path)
			return -ENOMEM;
		sha256_update(&c, fp_files[i], strlen(fp_files[i]) + 1);
		f = fopen(path, "rb");
		free(path);
		if (f) {
			unsigned char buf[8192];
			size_t k;

			while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
				sha256_update(&c, buf, k);
			if (ferror(f)) {
				int e = errno ? errno : EIO;
				fclose(f);
				return -e;
			}
			fclose(f);
		} else if (errno != ENOENT) {
			return -errno;
		}
		sha256_update(&c, "", 1);
	}
	sha256_hex(&c, hex);
	for (size_t i = 0; i < sizeof(known_versions) / sizeof(known_versions[0]); i++)
		if (strncmp(hex, known_versions[i].fingerprint, 16) == 0) {
			snprintf(tag, tagsz, "%s", known_versions[i].tag);
			break;
		}
	return 0;
}

int vct_stmt_show(const struct vct_stmt *s, const char *spec_dir, FILE *out)
{
	char tag[32], *path, *line = NULL;
	size_t cap = 0;
	unsigned n = 0, printed = 0;
	FILE *f;
	int rc;

	if (!s || !spec_dir || !out)
		return -EINVAL;
	path = join_path(spec_dir, s->file);
	if (!path)
		return -ENOMEM;
	f = fopen(path, "r");
	if (!f) {
		rc = -errno;
		fprintf(out, "%s: %s: cannot open: %s\n", s->id, path, strerror(-rc));
		free(path);
		return rc;
	}
	rc = vct_spec_dir_version(spec_dir, tag, sizeof(tag));
	if (rc == 0 && strcmp(tag, vct_stmts_version) != 0) {
		fprintf(out, "%s: %s is %s%s, not %s (the table's version): "
			"the checkout is a different version\n", s->id, spec_dir,
			tag[0] ? "spec " : "an unknown spec version", tag,
			vct_stmts_version);
		rc = -ESTALE;
	}
	if (rc) {
		fclose(f);
		free(path);
		return rc;
	}
	fprintf(out, "%s %s %s [%s] %s:%u-%u\n", s->id, vct_stmts_version,
		vct_level_name(s->level), s->label, s->file, s->line, s->end_line);
	while (getline(&line, &cap, f) >= 0) {
		if (++n < s->line)
			continue;
		if (n > s->end_line)
			break;
		fprintf(out, "%6u  %s", n, line);
		if (line[0] && line[strlen(line) - 1] != '\n')
			fputc('\n', out);
		printed++;
	}
	free(line);
	fclose(f);
	if (printed != s->end_line - s->line + 1) {
		fprintf(out, "%s: %s: lines %u-%u not in the file: the checkout "
			"is a different version\n", s->id, path, s->line, s->end_line);
		free(path);
		return -ERANGE;
	}
	free(path);
	return 0;
}
