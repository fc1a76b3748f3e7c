/* SPDX-License-Identifier: MIT */
/*
 * `vct report`: JUnit XML, valid against the Jenkins xUnit plugin's
 * junit-10.xsd (vendored in reports/schema/, checked by the self-tests):
 * testsuites > testsuite > properties, testcase > skipped | error | failure.
 * Every string from a result goes through rp_esc_xml().
 */
#include <string.h>
#include <stdlib.h>

#include "report.h"

static void attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	rp_esc_xml(f, v ? v : "");
	fputc('"', f);
}

static void property(FILE *f, const char *name, const char *v)
{
	fputs("      <property", f);
	attr(f, "name", name);
	attr(f, "value", v);
	fputs("/>\n", f);
}

static void failure_text(FILE *f, const struct rp_result *r, const struct rp_check *c)
{
	char *rep;

	if (rp_summary_of(c)) {
		rp_esc_xml(f, rp_summary_of(c));
		fputs("&#10;", f);
	}
	if (c->cause >= 0) {
		fputs("probable root cause: ", f);
		rp_esc_xml(f, r->causes[c->cause].what);
		fprintf(f, " (shared by %zu checks)&#10;", r->causes[c->cause].n);
	}
	for (size_t j = 0; c->evidence && j < c->evidence->n; j++) {
		const struct vct_json *e = c->evidence->kid[j];
		const char *w = vct_json_str(e, "what"), *x = vct_json_str(e, "expected"), *s = vct_json_str(e, "seen"),
			   *a = vct_json_str(e, "at");

		rp_esc_xml(f, w ? w : "");
		fputs(": expected ", f);
		rp_esc_xml(f, x ? x : "");
		fputs(", seen ", f);
		rp_esc_xml(f, s ? s : "");
		fputs(" (", f);
		rp_esc_xml(f, a ? a : "");
		fputs(")&#10;", f);
	}
	rep = rp_reproducer(r, c);
	fputs("reproduce: ", f);
	rp_esc_xml(f, rep);
	free(rep);
}

void rp_junit_suite(FILE *f, const struct rp_result *r)
{
	unsigned fails = 0, errs = 0, skips = 0;
	double total = 0;

	for (size_t i = 0; i < r->nc; i++) {
		fails += !strcmp(r->c[i].outcome, "fail");
		errs += !strcmp(r->c[i].outcome, "harness-error");
		skips += !strcmp(r->c[i].outcome, "skip") || !strcmp(r->c[i].outcome, "known-quirk");
		if (r->c[i].ms >= 0 && r->c[i].ms < 1e12)	/* the schema's time pattern has no sign */
			total += r->c[i].ms / 1000.0;
	}
	fputs("  <testsuite", f);
	attr(f, "name", r->title);
	fprintf(f, " tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"", r->nc, fails, errs, skips,
		total);
	/* xs:dateTime without the zone letter; only a well-formed timestamp is copied. */
	if (r->started && strlen(r->started) == 20 &&
	    strspn(r->started, "0123456789-:TZ") == 20 && r->started[10] == 'T')
		fprintf(f, " timestamp=\"%.19s\"", r->started);
	fputs(" package=\"vct\"", f);
	attr(f, "file", r->path);
	fputs(">\n    <properties>\n", f);
	property(f, "pci_id", r->pci_id);
	property(f, "subsystem", r->subsystem);
	property(f, "vendor", r->vendor_name);
	property(f, "device", r->device_name);
	property(f, "target", r->target);
	property(f, "label", r->label);
	property(f, "complete", r->complete ? "true" : "false");
	property(f, "mode", r->mode ? r->mode : "conformance");
	property(f, "vct_version", r->vct_version);
	for (size_t i = 0; i < r->nproblems; i++)
		property(f, "problem", r->problems[i]);
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		const char *dot = strchr(c->name, '.');
		char *cls = NULL;

		if (asprintf(&cls, "vct.%.*s", dot ? (int)(dot - c->name) : (int)strlen(c->name), c->name) < 0)
			cls = NULL;
		fputs("    <testcase", f);
		attr(f, "name", c->name);
		attr(f, "classname", cls ? cls : "vct");
		free(cls);
		fprintf(f, " time=\"%.3f\"", c->ms >= 0 && c->ms < 1e12 ? c->ms / 1000.0 : 0.0);
		if (!strcmp(c->outcome, "pass")) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (!strcmp(c->outcome, "skip") || !strcmp(c->outcome, "known-quirk")) {
			fputs("      <skipped message=\"", f);
			if (!strcmp(c->outcome, "known-quirk"))
				fputs("known quirk: ", f);
			rp_esc_xml(f, c->reason ? c->reason : "");
			fputs("\"/>\n", f);
		} else if (!strcmp(c->outcome, "harness-error")) {
			fputs("      <error type=\"harness-error\"", f);
			attr(f, "message", c->reason);
			fputs("/>\n", f);
		} else if (c->verdict) {
			/* A robustness verdict: the type says which, the message the severity and the rule broken. */
			fputs("      <failure", f);
			attr(f, "type", c->verdict);
			fputs(" message=\"robustness: ", f);
			rp_esc_xml(f, c->verdict);
			if (c->severity) {
				fputs(" (", f);
				rp_esc_xml(f, c->severity);
				fputc(')', f);
			}
			fputs(" after breaking ", f);
			rp_esc_xml(f, c->stmt_id);
			if (c->dstmt) {
				fputs("; device-side ", f);
				rp_esc_xml(f, c->dstmt);
			}
			fputs("\">", f);
			if (c->health) {
				rp_esc_xml(f, c->health);
				fputs("&#10;", f);
			}
			failure_text(f, r, c);
			fputs("</failure>\n", f);
		} else {
			fputs("      <failure", f);
			attr(f, "type", c->level);
			fputs(" message=\"", f);
			rp_esc_xml(f, c->stmt_id);
			fputc(' ', f);
			rp_esc_xml(f, c->level);
			fputs(": ", f);
			rp_esc_xml(f, c->clause);
			fputs("\">", f);
			failure_text(f, r, c);
			fputs("</failure>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

void rp_junit_open(FILE *f, const struct rp_result *rs, size_t n)
{
	unsigned t = 0, fl = 0, er = 0;

	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; rs[k].usable && i < rs[k].nc; i++) {
			t++;
			fl += !strcmp(rs[k].c[i].outcome, "fail");
			er += !strcmp(rs[k].c[i].outcome, "harness-error");
		}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vct\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
		t, fl, er);
}
