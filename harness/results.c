/* SPDX-License-Identifier: MIT */
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"
#include "util.h"

struct entry {
	const struct vct_check *chk;
	const struct vct_stmt *st;
	struct vct_result res;
};

struct vct_results {
	char path[4096];
	const struct vct_vdev *vd;
	char label[128];
	char started[32];
	struct entry *e;
	size_t n, cap;
};

static const char *const outcome[] = {
	[VCT_PASS] = "pass", [VCT_FAIL] = "fail", [VCT_SKIP] = "skip",
	[VCT_QUIRK] = "known-quirk", [VCT_ERROR] = "harness-error",
};

static void js(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void features(FILE *f, const uint64_t v[2])
{
	fprintf(f, "\"0x%016llx%016llx\"", (unsigned long long)v[1], (unsigned long long)v[0]);
}

static void write_out(struct vct_results *r, const struct vct_summary *sum)
{
	const struct vct_vdev *vd = r->vd;
	char *buf = NULL, ended[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	fprintf(f, "{\n  \"schema\": \"vct-result\",\n  \"schema_version\": %d,\n", VCT_RESULT_SCHEMA_VERSION);
	fprintf(f, "  \"vct_version\": \"%s\",\n  \"spec_version\": \"v1.4-cs01\",\n", VCT_VERSION);
	fprintf(f, "  \"complete\": %s,\n  \"started\": \"%s\",\n", sum ? "true" : "false", r->started);
	if (sum) {
		now_iso(ended, sizeof(ended));
		fprintf(f, "  \"ended\": \"%s\",\n", ended);
	}
	fputs("  \"device\": {\n    \"address\": ", f);
	js(f, vd->t->name);
	fprintf(f, ",\n    \"transport\": \"%s\",\n", vd->t->ops->kind);
	fprintf(f, "    \"pci_id\": \"%04x:%04x\",\n    \"subsystem\": \"%04x:%04x\",\n    \"revision\": %u,\n",
		vd->vendor, vd->device, vd->subsys_vendor, vd->subsys_device, vd->revision);
	fprintf(f, "    \"virtio_type\": %u,\n    \"virtio_type_name\": \"%s\",\n", vd->type, vct_type_name(vd->type));
	fputs("    \"label\": ", f);
	js(f, r->label);
	fputs(",\n    \"offered_features\": ", f);
	features(f, vd->offered);
	fprintf(f, ",\n    \"num_queues\": %u\n  },\n  \"checks\": [", vd->num_queues);
	for (size_t i = 0; i < r->n; i++) {
		const struct entry *e = &r->e[i];

		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"name\": ", f);
		js(f, e->chk->name);
		fputs(", \"statement\": ", f);
		js(f, e->chk->stmt);
		fputs(", \"level\": ", f);
		js(f, e->st ? vct_level_name(e->st->level) : "?");
		fputs(", \"clause\": ", f);
		js(f, e->st ? e->st->label : "");
		fprintf(f, ", \"outcome\": \"%s\", \"duration_ms\": %llu", outcome[e->res.outcome],
			(unsigned long long)e->res.ms);
		if (e->res.reason[0]) {
			fputs(", \"reason\": ", f);
			js(f, e->res.reason);
		}
		if (e->res.nev) {
			fputs(", \"evidence\": [", f);
			for (unsigned int j = 0; j < e->res.nev; j++) {
				fputs(j ? ", {\"what\": " : "{\"what\": ", f);
				js(f, e->res.ev[j].what);
				fputs(", \"expected\": ", f);
				js(f, e->res.ev[j].expected);
				fputs(", \"seen\": ", f);
				js(f, e->res.ev[j].seen);
				fprintf(f, ", \"at\": \"%s:%d\"}", e->res.ev[j].file ? e->res.ev[j].file : "?",
					e->res.ev[j].line);
			}
			fputc(']', f);
		}
		fputc('}', f);
	}
	fputs("\n  ]", f);
	if (sum)
		fprintf(f, ",\n  \"summary\": {\"pass\": %u, \"fail\": %u, \"must_fail\": %u, \"skip\": %u, \"known_quirk\": %u, \"harness_error\": %u}",
			sum->pass, sum->fail, sum->must_fail, sum->skip, sum->quirk, sum->error);
	fputs("\n}\n", f);
	fclose(f);
	vct_write_file_atomic(r->path, buf, len);
	free(buf);
}

struct vct_results *vct_results_open(const char *dir, const struct vct_vdev *vd, const char *label)
{
	struct vct_results *r;

	if (vct_mkdirs(dir)) {
		fprintf(stderr, "vct: cannot create results folder %s\n", dir);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	snprintf(r->path, sizeof(r->path), "%s/result.json", dir);
	snprintf(r->label, sizeof(r->label), "%s", label ? label : "");
	r->vd = vd;
	now_iso(r->started, sizeof(r->started));
	write_out(r, NULL);
	return r;
}

void vct_results_add(struct vct_results *r, const struct vct_check *chk, const struct vct_stmt *st,
		     const struct vct_result *res)
{
	if (r->n == r->cap) {
		size_t ncap = r->cap ? 2 * r->cap : 64;
		struct entry *ne = realloc(r->e, ncap * sizeof(*ne));

		if (!ne)
			return;
		r->e = ne;
		r->cap = ncap;
	}
	r->e[r->n++] = (struct entry){ chk, st, *res };
	write_out(r, NULL);
}

void vct_results_close(struct vct_results *r, const struct vct_summary *sum)
{
	write_out(r, sum);
	free(r->e);
	free(r);
}
