/* SPDX-License-Identifier: MIT */
#include "results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"
#include "util.h"

/* One check's record, serialized once when it is added (rewriting the file stays linear per check). */
struct entry {
	char *json;
	size_t len;
};

struct vct_results {
	char path[4096];
	const struct vct_dev *vd;
	char label[128];
	char started[32];
	struct {
		char vendor[128], device[160], subsys_vendor[128], subsystem[160], source[32];
	} names;			/* as the caller looked them up, copied at open */
	char target[256];		/* TARGET as given to `vct run` (refdev quirks included) */
	char **argv;			/* the command line, from /proc/self/cmdline */
	size_t argc;
	struct entry *e;
	size_t n, cap;
	int err;			/* first failure to write the file (-errno), kept for close */
	bool robust;			/* a robustness run (vct_results_robust) */
};

void vct_results_robust(struct vct_results *r)
{
	r->robust = true;
}

static const char *const outcome[] = {
	[VCT_PASS] = "pass", [VCT_FAIL] = "fail", [VCT_SKIP] = "skip",
	[VCT_QUIRK] = "known-quirk", [VCT_ERROR] = "harness-error",
};

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

/* Additions for `vct report` (still schema v1; see reports/SCHEMA.md). */
static void feature_names(FILE *f, uint16_t type, const uint64_t v[2])
{
	bool first = true;

	fputc('[', f);
	for (unsigned int bit = 0; bit < 128; bit++) {
		const char *nm;
		char buf[24];

		if (!vct_has(v, bit))
			continue;
		nm = vct_feature_name(type, bit);
		if (!nm) {
			snprintf(buf, sizeof(buf), "bit%u", bit);
			nm = buf;
		}
		fputs(first ? "" : ", ", f);
		vct_json_put_str(f, nm);
		first = false;
	}
	fputc(']', f);
}

static void name_or_null(FILE *f, const char *s)
{
	if (s && *s)
		vct_json_put_str(f, s);
	else
		fputs("null", f);
}

/* The command line, so a report can print a reproducer with the exact TARGET. */
static void read_cmdline(struct vct_results *r)
{
	static const char *const with_arg[] = { "--results", "--label", "--only", "--timeout",
						"--check-timeout", "--known-quirks" };
	char buf[8192];
	ssize_t k = vct_read_file("/proc/self/cmdline", buf, sizeof(buf));
	bool after_run = false;

	for (ssize_t i = 0; i < k; i += (ssize_t)strlen(buf + i) + 1) {
		char **na = realloc(r->argv, (r->argc + 1) * sizeof(*na));

		if (!na)
			break;
		r->argv = na;
		r->argv[r->argc++] = strdup(buf + i);
	}
	for (size_t i = 1; i < r->argc && r->argv[i]; i++) {
		const char *a = r->argv[i];
		bool takes_arg = false;

		if (!after_run) {
			after_run = !strcmp(a, "run");
			continue;
		}
		for (size_t j = 0; j < sizeof(with_arg) / sizeof(with_arg[0]); j++)
			takes_arg |= !strcmp(a, with_arg[j]);
		if (takes_arg) {
			i++;
			continue;
		}
		if (a[0] != '-') {
			snprintf(r->target, sizeof(r->target), "%s", a);
			break;
		}
	}
}

static void write_device_additions(FILE *f, const struct vct_results *r)
{
	const struct vct_dev *vd = r->vd;
	uint64_t neg[2];

	/* What the checks negotiate by default: the offer intersected with what vct implements. */
	vct_dev_default_features((struct vct_dev *)vd, neg);
	fputs(",\n    \"vendor_name\": ", f);
	name_or_null(f, r->names.vendor);
	fputs(",\n    \"device_name\": ", f);
	name_or_null(f, r->names.device);
	fputs(",\n    \"subsystem_vendor_name\": ", f);
	name_or_null(f, r->names.subsys_vendor);
	fputs(",\n    \"subsystem_name\": ", f);
	name_or_null(f, r->names.subsystem);
	fputs(",\n    \"names_source\": ", f);
	vct_json_put_str(f, r->names.source);
	fputs(",\n    \"offered_feature_names\": ", f);
	feature_names(f, vd->type, vd->offered);
	fputs(",\n    \"negotiated_features\": ", f);
	features(f, neg);
	fputs(",\n    \"negotiated_feature_names\": ", f);
	feature_names(f, vd->type, neg);
}

static void write_run_info(FILE *f, const struct vct_results *r)
{
	fputs("  \"target\": ", f);
	vct_json_put_str(f, r->target[0] ? r->target : r->vd->name);
	fputs(",\n  \"command\": [", f);
	for (size_t i = 0; i < r->argc; i++) {
		fputs(i ? ", " : "", f);
		vct_json_put_str(f, r->argv[i] ? r->argv[i] : "");
	}
	fputs("],\n", f);
}

/* The JSON object of one check's record, without separators. */
static void write_entry(FILE *f, const struct vct_check *chk, const struct vct_stmt *st, const struct vct_result *res)
{
	fputc('{', f);
	fputs("\"name\": ", f);
	vct_json_put_str(f, chk->name);
	fputs(", \"statement\": ", f);
	vct_json_put_str(f, chk->stmt);
	fputs(", \"level\": ", f);
	vct_json_put_str(f, st ? vct_level_name(st->level) : "?");
	fputs(", \"clause\": ", f);
	vct_json_put_str(f, st ? st->label : "");
	if (chk->analogy) {
		fputs(", \"by_analogy\": ", f);
		vct_json_put_str(f, chk->analogy);
	}
	fprintf(f, ", \"outcome\": \"%s\", \"duration_ms\": %llu", outcome[res->outcome],
		(unsigned long long)res->ms);
	if (res->verdict) {
		const char *sev = vct_verdict_severity(res->verdict);

		fprintf(f, ", \"verdict\": \"%s\"", vct_verdict_name(res->verdict));
		if (sev)
			fprintf(f, ", \"severity\": \"%s\"", sev);
		fputs(", \"health\": ", f);
		vct_json_put_str(f, res->vnote);
	}
	if (res->dstmt) {
		fputs(", \"device_statement\": ", f);
		vct_json_put_str(f, res->dstmt);
	}
	if (res->reason[0]) {
		fputs(", \"reason\": ", f);
		vct_json_put_str(f, res->reason);
	}
	if (res->nev) {
		fputs(", \"evidence\": [", f);
		for (unsigned int j = 0; j < res->nev; j++) {
			fputs(j ? ", {\"what\": " : "{\"what\": ", f);
			vct_json_put_str(f, res->ev[j].what);
			fputs(", \"expected\": ", f);
			vct_json_put_str(f, res->ev[j].expected);
			fputs(", \"seen\": ", f);
			vct_json_put_str(f, res->ev[j].seen);
			fprintf(f, ", \"at\": \"%s:%d\", \"origin\": \"%s\"}",
				res->ev[j].file ? res->ev[j].file : "?", res->ev[j].line,
				vct_ev_origin_name(res->ev[j].origin));
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void write_out(struct vct_results *r, const struct vct_summary *sum)
{
	const struct vct_dev *vd = r->vd;
	char *buf = NULL, ended[32];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int werr;

	if (!f) {
		r->err = r->err ? r->err : -ENOMEM;
		return;
	}
	fprintf(f, "{\n  \"schema\": \"vct-result\",\n  \"schema_version\": %d,\n", VCT_RESULT_SCHEMA_VERSION);
	fprintf(f, "  \"vct_version\": \"%s\",\n  \"spec_version\": \"v1.4-cs01\",\n", VCT_VERSION);
	fprintf(f, "  \"complete\": %s,\n  \"started\": \"%s\",\n", sum ? "true" : "false", r->started);
	fprintf(f, "  \"mode\": \"%s\",\n", r->robust ? "robustness" : "conformance");
	if (sum) {
		now_iso(ended, sizeof(ended));
		fprintf(f, "  \"ended\": \"%s\",\n", ended);
	}
	write_run_info(f, r);
	fputs("  \"device\": {\n    \"address\": ", f);
	vct_json_put_str(f, vd->name);
	fprintf(f, ",\n    \"transport\": \"%s\",\n    \"implementation\": ", vd->kind);
	name_or_null(f, vd->impl);
	fputs(",\n", f);
	fprintf(f, "    \"pci_id\": \"%04x:%04x\",\n    \"subsystem\": \"%04x:%04x\",\n    \"revision\": %u,\n",
		vd->vendor, vd->device, vd->subsys_vendor, vd->subsys_device, vd->revision);
	fprintf(f, "    \"virtio_type\": %u,\n    \"virtio_type_name\": \"%s\",\n", vd->type, vct_type_name(vd->type));
	fputs("    \"label\": ", f);
	vct_json_put_str(f, r->label);
	fputs(",\n    \"offered_features\": ", f);
	features(f, vd->offered);
	fprintf(f, ",\n    \"num_queues\": %u", vd->num_queues);
	write_device_additions(f, r);
	fputs("\n  },\n  \"checks\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		fwrite(r->e[i].json, 1, r->e[i].len, f);
	}
	fputs("\n  ]", f);
	/* Filled by the fuzzer and the stress mode; a conformance run leaves them empty. */
	fputs(",\n  \"findings\": [],\n  \"stress\": null", f);
	if (sum) {
		fprintf(f, ",\n  \"summary\": {\"pass\": %u, \"fail\": %u, \"must_fail\": %u, \"skip\": %u, \"known_quirk\": %u, \"harness_error\": %u",
			sum->pass, sum->fail, sum->must_fail, sum->skip, sum->quirk, sum->error);
		if (r->robust)
			fprintf(f, ", \"robustness\": {\"handled\": %u, \"needs_reset\": %u, \"wedged\": %u, \"crashed\": %u, \"corrupted\": %u}",
				sum->verdicts[VCT_VERDICT_HANDLED], sum->verdicts[VCT_VERDICT_NEEDS_RESET],
				sum->verdicts[VCT_VERDICT_WEDGED], sum->verdicts[VCT_VERDICT_CRASHED],
				sum->verdicts[VCT_VERDICT_CORRUPTED]);
		fputc('}', f);
	}
	fputs("\n}\n", f);
	fclose(f);
	werr = vct_write_file_atomic(r->path, buf, len);
	if (werr && !r->err)
		r->err = werr;
	free(buf);
}

struct vct_results *vct_results_open(const char *dir, const struct vct_dev *vd, const char *label,
				     const struct vct_dev_names *names)
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
	snprintf(r->names.vendor, sizeof(r->names.vendor), "%s", names->vendor ? names->vendor : "");
	snprintf(r->names.device, sizeof(r->names.device), "%s", names->device ? names->device : "");
	snprintf(r->names.subsys_vendor, sizeof(r->names.subsys_vendor), "%s",
		 names->subsys_vendor ? names->subsys_vendor : "");
	snprintf(r->names.subsystem, sizeof(r->names.subsystem), "%s", names->subsystem ? names->subsystem : "");
	snprintf(r->names.source, sizeof(r->names.source), "%s", names->source ? names->source : "");
	read_cmdline(r);
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
	{
		struct entry *e = &r->e[r->n];
		FILE *f = open_memstream(&e->json, &e->len);

		if (!f) {
			r->err = r->err ? r->err : -ENOMEM;
			return;
		}
		write_entry(f, chk, st, res);
		if (fclose(f)) {
			free(e->json);
			r->err = r->err ? r->err : -ENOMEM;
			return;
		}
		r->n++;
	}
	write_out(r, NULL);
}

int vct_results_close(struct vct_results *r, const struct vct_summary *sum)
{
	int err;

	write_out(r, sum);
	err = r->err;
	for (size_t i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
	for (size_t i = 0; i < r->n; i++)
		free(r->e[i].json);
	free(r->e);
	free(r);
	return err;
}
