/* SPDX-License-Identifier: MIT */
/* `vct report`: reading and validating result.json files (schema vct-result v1). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "report_ids.h"
#include "results.h"
#include "util.h"
#include "devtype.h"

static void problem(struct rp_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct rp_result *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	char **np;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "vct report: %s: %s\n", r->path, buf);
	np = realloc(r->problems, (r->nproblems + 1) * sizeof(*np));
	if (!np)
		return;
	r->problems = np;
	r->problems[r->nproblems++] = strdup(buf);
}

bool rp_is_failure(const char *o)
{
	return o && (!strcmp(o, "fail") || !strcmp(o, "known-quirk"));
}

static enum rp_level level_class_name(const char *l)
{
	if (!l)
		return RP_MAY;
	if (!strcmp(l, "MUST") || !strcmp(l, "MUST NOT") || !strcmp(l, "REQUIRED") || !strcmp(l, "SHALL") ||
	    !strcmp(l, "SHALL NOT"))
		return RP_MUST;
	if (!strcmp(l, "SHOULD") || !strcmp(l, "SHOULD NOT") || !strcmp(l, "RECOMMENDED") ||
	    !strcmp(l, "NOT RECOMMENDED"))
		return RP_SHOULD;
	return RP_MAY;
}

static void slug(char *out, size_t n, const char *s, size_t max)
{
	size_t k = 0;
	bool dash = false;

	for (; s && *s && k + 1 < n && k < max; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch)) {
			if (dash && k)
				out[k++] = '-';
			if (k + 1 < n)
				out[k++] = (char)tolower(ch);
			dash = false;
		} else {
			dash = true;
		}
	}
	out[k] = 0;
	if (!k)
		snprintf(out, n, "unnamed");
}

static int parse_features(const char *s, uint64_t v[2])
{
	char hi[17], lo[17];
	size_t l;

	if (!s || strncmp(s, "0x", 2))
		return -1;
	s += 2;
	l = strlen(s);
	if (l != 32 || strspn(s, "0123456789abcdefABCDEF") != 32)
		return -1;
	memcpy(hi, s, 16);
	hi[16] = 0;
	memcpy(lo, s + 16, 16);
	lo[16] = 0;
	v[1] = strtoull(hi, NULL, 16);
	v[0] = strtoull(lo, NULL, 16);
	return 0;
}

static const char *dev_str(struct rp_result *r, const struct vct_json *d, const char *key, bool required)
{
	const struct vct_json *m = vct_json_get(d, key);

	if (m && m->type == VCT_JSTR)
		return m->str;
	if (m && !(m->type == VCT_JNULL && !required))
		problem(r, "device.%s is a %s, not a string", key, vct_json_type_name(m->type));
	else if (!m && required && d)
		problem(r, "device.%s is missing", key);
	return NULL;
}

static void load_device(struct rp_result *r, const struct vct_json *d)
{
	const char *vn, *dn, *sn, *pid, *sub, *feat;
	struct vct_pci_names names;
	unsigned a, b;
	double num;

	if (!d || d->type != VCT_JOBJ) {
		problem(r, "no \"device\" object: the device is unknown");
	} else if (d->cut) {
		problem(r, "the \"device\" object is cut short");
	}
	r->address = dev_str(r, d, "address", true);
	r->transport = dev_str(r, d, "transport", true);
	r->implementation = dev_str(r, d, "implementation", false);
	r->type_name = dev_str(r, d, "virtio_type_name", true);
	r->label = dev_str(r, d, "label", true);
	pid = dev_str(r, d, "pci_id", true);
	sub = dev_str(r, d, "subsystem", true);
	feat = dev_str(r, d, "offered_features", true);
	if (!vct_json_num(d, "virtio_type", &num) && num >= 0 && num < 65536)
		r->type = (unsigned)num;
	else if (d)
		problem(r, "device.virtio_type is missing or not a number");
	if (pid && sscanf(pid, "%4x:%4x", &a, &b) == 2 && strlen(pid) == 9) {
		r->ven = (uint16_t)a;
		r->dev = (uint16_t)b;
		r->ids_ok = true;
	} else if (pid) {
		problem(r, "device.pci_id \"%s\" is not vvvv:dddd", pid);
	}
	if (sub && sscanf(sub, "%4x:%4x", &a, &b) == 2 && strlen(sub) == 9) {
		r->sven = (uint16_t)a;
		r->sdev = (uint16_t)b;
	} else if (sub) {
		problem(r, "device.subsystem \"%s\" is not vvvv:dddd", sub);
	}
	snprintf(r->pci_id, sizeof(r->pci_id), "%s", r->ids_ok ? pid : "????:????");
	snprintf(r->subsystem, sizeof(r->subsystem), "%s", sub && strlen(sub) == 9 ? sub : "????:????");
	if (feat && !parse_features(feat, r->offered)) {
		r->offered_ok = true;
		r->offered_hex = feat;
	} else if (feat) {
		problem(r, "device.offered_features \"%s\" is not 0x + 32 hex digits", feat);
	}

	/* Names: the result's own (vct run looked them up) win; else look them up here. */
	vn = dev_str(r, d, "vendor_name", false);
	dn = dev_str(r, d, "device_name", false);
	sn = dev_str(r, d, "subsystem_name", false);
	r->names_source = dev_str(r, d, "names_source", false);
	/* A run without a PCI id database (the test-bed guest) stored built-in names: prefer this machine's. */
	if (r->ids_ok && (!vn || !dn || !r->names_source || !strcmp(r->names_source, "built-in"))) {
		vct_pci_names_lookup(r->ven, r->dev, r->sven, r->sdev, &names);
		bool better = strcmp(names.source, "built-in") != 0;

		if ((!vn || better) && names.vendor[0])
			vn = names.vendor;
		if ((!dn || better) && names.device[0])
			dn = names.device;
		if ((!sn || better) && names.subsystem[0])
			sn = names.subsystem;
		r->names_source = names.source;
		if (!vn)
			problem(r, "vendor id %04x is not in the PCI id database (%s): named by its id", r->ven,
				names.source);
		else if (!dn)
			problem(r, "device id %04x:%04x is not in the PCI id database (%s): named by its id", r->ven,
				r->dev, names.source);
	}
	if (vn)
		snprintf(r->vendor_name, sizeof(r->vendor_name), "%s", vn);
	else
		snprintf(r->vendor_name, sizeof(r->vendor_name), "vendor %s", r->ids_ok ? pid : "unknown");
	if (dn)
		snprintf(r->device_name, sizeof(r->device_name), "%s", dn);
	else if (r->ids_ok)
		snprintf(r->device_name, sizeof(r->device_name), "device %04x (virtio %s)", r->dev,
			 r->type_name ? r->type_name : "?");
	else
		snprintf(r->device_name, sizeof(r->device_name), "unknown device");
	if (sn)
		snprintf(r->subsystem_name, sizeof(r->subsystem_name), "%s", sn);
}

static void load_checks(struct rp_result *r, const struct vct_json *arr)
{
	static const char *const outcomes[] = { "pass", "fail", "skip", "known-quirk", "harness-error" };

	if (!arr || arr->type != VCT_JARR) {
		problem(r, "no \"checks\" array: no check outcome can be shown");
		return;
	}
	r->c = calloc(arr->n + 1, sizeof(*r->c));
	if (!r->c)
		return;
	for (size_t i = 0; i < arr->n; i++) {
		const struct vct_json *e = arr->kid[i];
		struct rp_check *c = &r->c[r->nc];
		bool known = false;

		if (e->type != VCT_JOBJ || e->cut) {
			problem(r, "checks[%zu] is %s: skipped", i, e->cut ? "cut short" : "not an object");
			r->ninvalid++;
			continue;
		}
		c->name = vct_json_str(e, "name");
		c->stmt_id = vct_json_str(e, "statement");
		c->outcome = vct_json_str(e, "outcome");
		for (size_t k = 0; c->outcome && k < sizeof(outcomes) / sizeof(outcomes[0]); k++)
			known |= !strcmp(c->outcome, outcomes[k]);
		if (!c->name || !c->stmt_id || !known) {
			problem(r, "checks[%zu]%s%s%s: %s: skipped", i, c->name ? " (" : "", c->name ? c->name : "",
				c->name ? ")" : "",
				!c->name ? "no \"name\" string" :
				!c->stmt_id ? "no \"statement\" string" :
				c->outcome ? "unknown \"outcome\"" : "no \"outcome\" string");
			r->ninvalid++;
			continue;
		}
		c->level = vct_json_str(e, "level");
		c->clause = vct_json_str(e, "clause");
		c->reason = vct_json_str(e, "reason");
		c->evidence = vct_json_get(e, "evidence");
		c->verdict = vct_json_str(e, "verdict");
		c->severity = vct_json_str(e, "severity");
		c->health = vct_json_str(e, "health");
		c->dstmt = vct_json_str(e, "device_statement");
		if (c->evidence && c->evidence->type != VCT_JARR) {
			problem(r, "checks[%zu] (%s): \"evidence\" is not an array: not shown", i, c->name);
			c->evidence = NULL;
		}
		vct_json_num(e, "duration_ms", &c->ms);
		c->st = vct_stmt_find(c->stmt_id);
		if (c->st) {
			c->level = vct_level_name(c->st->level);
			if (!c->clause)
				c->clause = c->st->label;
		} else {
			problem(r, "checks[%zu] (%s): statement %s is not in this vct's table (%s)", i, c->name,
				c->stmt_id, vct_stmts_version);
		}
		if (!c->level)
			c->level = "?";
		if (!c->clause)
			c->clause = "";
		c->lc = level_class_name(c->level);
		c->cause = -1;
		if (!strcmp(c->outcome, "pass"))
			r->pass[c->lc]++;
		else if (!strcmp(c->outcome, "fail"))
			r->fail[c->lc]++;
		else if (!strcmp(c->outcome, "skip"))
			r->skip[c->lc]++;
		else if (!strcmp(c->outcome, "known-quirk"))
			r->quirk[c->lc]++;
		else
			r->error++;
		r->nc++;
	}
	if (arr->cut)
		problem(r, "the \"checks\" array is cut short: %zu entr%s could be read before the cut", r->nc,
			r->nc == 1 ? "y" : "ies");
}

void rp_load(struct rp_result *r, const char *path)
{
	char err[256];
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	const char *schema;
	double ver;
	const struct vct_json *cm;

	memset(r, 0, sizeof(*r));
	r->path = path;
	f = fopen(path, "r");
	if (!f) {
		problem(r, "cannot read: %s", strerror(errno));
		return;
	}
	for (;;) {
		size_t k;

		if (len + 65536 > cap) {
			char *nt = realloc(text, cap = cap ? 2 * cap : 262144);

			if (!nt) {
				free(text);
				fclose(f);
				problem(r, "out of memory");
				return;
			}
			text = nt;
		}
		k = fread(text + len, 1, cap - len - 1, f);
		len += k;
		if (!k)
			break;
	}
	fclose(f);
	r->root = vct_json_parse(text, len, err, sizeof(err));
	free(text);
	if (!r->root || r->root->type != VCT_JOBJ) {
		problem(r, "not a vct result: %s", err[0] ? err : "the document is not a JSON object");
		return;
	}
	if (err[0])
		problem(r, "malformed or truncated JSON (%s): rendering what was read before it", err);
	schema = vct_json_str(r->root, "schema");
	if (!schema || strcmp(schema, "vct-result")) {
		problem(r, "schema is %s%s%s, not \"vct-result\": not a vct result", schema ? "\"" : "(missing)",
			schema ? schema : "", schema ? "\"" : "");
		return;
	}
	if (vct_json_num(r->root, "schema_version", &ver))
		problem(r, "schema_version is missing: read as version %d", VCT_RESULT_SCHEMA_VERSION);
	else if (ver < VCT_RESULT_SCHEMA_OLDEST || ver > VCT_RESULT_SCHEMA_VERSION)
		problem(r, "schema_version %g: this vct reads version %d (and %d); rendering the fields version %d defines, "
			   "which may be missing or mean something else",
			ver, VCT_RESULT_SCHEMA_VERSION, VCT_RESULT_SCHEMA_OLDEST, VCT_RESULT_SCHEMA_VERSION);
	cm = vct_json_get(r->root, "complete");
	r->complete = cm && cm->type == VCT_JBOOL && cm->b && !err[0];
	if (!cm || cm->type != VCT_JBOOL)
		problem(r, "\"complete\" is missing or not a boolean: treated as incomplete");
	else if (!cm->b)
		problem(r, "the run is incomplete (\"complete\": false): it was interrupted or is still running");
	r->vct_version = vct_json_str(r->root, "vct_version");
	r->spec_version = vct_json_str(r->root, "spec_version");
	r->started = vct_json_str(r->root, "started");
	r->mode = vct_json_str(r->root, "mode");
	r->ended = vct_json_str(r->root, "ended");
	r->target = vct_json_str(r->root, "target");
	load_device(r, vct_json_get(r->root, "device"));
	if (!r->target)
		r->target = r->address;
	load_checks(r, vct_json_get(r->root, "checks"));
	r->findings = vct_json_get(r->root, "findings");
	r->stress = vct_json_get(r->root, "stress");
	r->usable = r->nc > 0 || r->ids_ok;
	if (!r->usable)
		problem(r, "neither a device nor a readable check: nothing to render");

	{
		char vs[64], ds[64], ls[64];

		slug(vs, sizeof(vs), r->vendor_name, 40);
		slug(ds, sizeof(ds), r->device_name, 48);
		slug(ls, sizeof(ls), r->label && *r->label ? r->label : r->implementation ? r->implementation : r->target ? r->target : "run", 48);
		snprintf(r->vendor_dir, sizeof(r->vendor_dir), "%04x-%s", r->ven, vs);
		snprintf(r->device_dir, sizeof(r->device_dir), "%04x-%s--%s", r->dev, ds, ls);
		size_t tl;

		snprintf(r->title, sizeof(r->title), "%s %s (%s, subsystem %s)", r->vendor_name, r->device_name,
			 r->pci_id, r->subsystem);
		tl = strlen(r->title);
		/* A device reached other than through PCI says how and whose, so a matrix can tell it apart. */
		if (r->transport && r->implementation && tl < sizeof(r->title))
			tl += (size_t)snprintf(r->title + tl, sizeof(r->title) - tl, " over %s (%s)", r->transport,
					       r->implementation);
		if (r->label && *r->label && tl < sizeof(r->title))
			snprintf(r->title + tl, sizeof(r->title) - tl, ": %s", r->label);
	}
}

void rp_free(struct rp_result *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	for (size_t i = 0; i < r->ncauses; i++)
		free(r->causes[i].checks);
	free(r->causes);
	free(r->c);
	vct_json_free(r->root);
}

const struct rp_check *rp_find(const struct rp_result *r, const char *name)
{
	for (size_t i = 0; i < r->nc; i++)
		if (!strcmp(r->c[i].name, name))
			return &r->c[i];
	return NULL;
}

/* ---- output files ------------------------------------------------------------------ */

int rp_write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4096];

	if (vct_mkdirs(dir)) {
		fprintf(stderr, "vct report: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (vct_write_file_atomic(path, data, len)) {
		fprintf(stderr, "vct report: cannot write %s\n", path);
		return -1;
	}
	return 0;
}
