/* SPDX-License-Identifier: MIT */
/*
 * vct fuzz / vct repro.
 *
 *   vct fuzz --print FILE...                 a program as text
 *   vct fuzz --encode TEXT OUT               text back to the binary form
 *   vct fuzz --roundtrip FILE...             decode -> print -> parse -> encode == FILE
 *   vct fuzz --device DEV [--engine libfuzzer|afl|builtin] [--time SEC] [--jobs N]
 *            [--out DIR] [--runs N] [--seed N] [--journal FILE] [--journal-mem FILE] [--held DIR]
 *            [--held-crash FILE [--guard-observe]]
 *   vct repro FILE [--device DEV]            re-run a finding; TAP on stdout
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "exec.h"
#include "limit.h"
#include "sched.h"
#include "progress.h"
#include "target.h"
#include "prog.h"
#include "tap.h"
#include "util.h"

struct fuzz_args {
	const char *device, *engine, *out, *journal, *journal_mem, *held, *held_crash, *tap_version;
	unsigned long long time, jobs, runs, seed;
	bool print, encode, roundtrip, guard_observe, allow_irreversible;
};

struct repro_args {
	const char *device, *tap_version;
	bool allow_irreversible;
};

static int fuzz_main(int argc, char **argv);
static int repro_main(int argc, char **argv);

/*
 * An RPMB part (virtio device 28) keeps what an authenticated request does
 * for good: its key is one-time programmable and its write counter only
 * grows (suites/rpmb never sends either request). A fuzzed or replayed
 * program may make either, so a real part is refused unless the user says
 * it is a sacrificial one; refdev's model (in process or behind its own
 * vhost-user back end) starts fresh each run.
 * Bound, not driven: the reset the binding did changes nothing on the part.
 */
#define FZ_ID_RPMB 28

static int irreversible_refused(struct fz_target *tg, bool allow, const char *cmd)
{
	if (!strncmp(tg->spec, "refdev:", 7) || tg->type != FZ_ID_RPMB || allow)
		return 0;
	fprintf(stderr, "vct %s: %s is an RPMB device: a fuzzed request can program its one-time key or write its "
		"blocks, which cannot be undone; give --allow-irreversible for a part you can sacrifice\n", cmd, tg->spec);
	fz_target_close(tg);
	return 2;
}

#define A struct fuzz_args
static const struct vct_opt fuzz_opts[] = {
	{ .name = "device", .arg = VCT_ARG_STR, .meta = "TARGET", .off = VCT_OFF(A, device, const char *),
	  .forms = VCT_FORM(0), .required = true, .compl = VCT_C_TARGET,
	  .help = "the device: refdev:TYPE[,quirk=...] (every engine), a PCI address or vhost-user:PATH,type=TYPE (builtin engine)" },
	VCT_OPT_ENUM(A, engine, "engine", "libfuzzer|afl|builtin", "libfuzzer", VCT_FORM(0),
		     "libFuzzer or AFL++ on the in-process reference device, or the black-box builtin engine "
		     "(the only one for a PCI device)"),
	VCT_OPT_UINT(A, time, "time", "SEC", "seconds", 1, 86400 * 30, 600, VCT_FORM(0),
		     "how long the campaign runs"),
	VCT_OPT_UINT(A, runs, "runs", "N", "executions", 1, 1ull << 40, 0, VCT_FORM(0),
		     "stop after N executions instead of a time (a reproducible budget with --seed)"),
	VCT_OPT_UINT(A, seed, "seed", "N", "a seed", 0, 4294967295u, 0, VCT_FORM(0),
		     "the random seed (0: the engine's own choice)"),
	VCT_OPT_UINT(A, jobs, "jobs", "N", "parallel jobs", 1, 64, 1, VCT_FORM(0),
		     "libFuzzer -fork=N, or one AFL++ main and N-1 secondaries sharing DIR/sync"),
	VCT_OPT_STR_DEF(A, out, "out", "DIR", VCT_C_DIR, "fuzz-out", VCT_FORM(0),
			"the campaign's folder: findings/, crashes/, corpus, summary.txt"),
	VCT_OPT_STR(A, journal, "journal", "FILE", VCT_C_FILE, VCT_FORM(0),
		    "builtin engine: append each program, in hex, to FILE before it runs, so a program that kills "
		    "the device's whole process is not lost"),
	VCT_OPT_STR(A, journal_mem, "journal-mem", "FILE", VCT_C_FILE, VCT_FORM(0),
		    "builtin engine: store each program's journal line in FILE mapped shared instead (a memory BAR "
		    "backed by a host file, e.g. the test bed's ivshmem resource2): one store instead of a serial "
		    "write per byte; --journal keeps the device's rate lines"),
	VCT_OPT_STR(A, held, "held", "DIR", VCT_C_DIR, VCT_FORM(0),
		    "builtin engine: findings an earlier campaign on this device already holds (NAME.bin and NAME.txt, "
		    "e.g. journaled by a boot whose device died): copied into the campaign's findings and, when they "
		    "show again, neither minimized nor saved again"),
	VCT_OPT_STR(A, held_crash, "held-crash", "FILE", VCT_C_FILE, VCT_FORM(0),
		    "builtin engine: crashes of the device's process the campaign already holds, one a line (the "
		    "process's last words, a tab, what holds it); a notification that would hand the device a chain "
		    "of a held crash's shape is declined and counted (fuzz/guard.h); vct repro declines nothing"),
	VCT_OPT_FLAG(A, guard_observe, "guard-observe", VCT_FORM(0),
		     "with --held-crash: decline nothing, journal each notification a guard would have declined "
		     "(measures a guard's precision: the device should die at each one)"),
	VCT_OPT_FLAG(A, allow_irreversible, "allow-irreversible", VCT_FORM(0),
		     "fuzz a device whose requests can change it for good (an RPMB part: a program may program its "
		     "one-time authentication key or write its blocks); without it such a device is refused"),
	VCT_OPT_FLAG(A, print, "print", VCT_FORM(1), "print programs (binary or text) as text"),
	VCT_OPT_FLAG(A, encode, "encode", VCT_FORM(2), "read a program's text form and write its binary form to OUT"),
	VCT_OPT_FLAG(A, roundtrip, "roundtrip", VCT_FORM(3),
		     "check that each program decodes, prints, parses and encodes back to the same bytes (TAP)"),
	VCT_OPT_ENUM(A, tap_version, "tap-version", "13|14", "14", VCT_FORM(3),
		     "the TAP version line (13 for Debian 12's prove)"),
};
#undef A

static const struct vct_form fuzz_forms[] = {
	{ NULL, "", 0, 0, VCT_C_NONE },
	{ "print", "FILE...", 1, ~0u, VCT_C_FILE },
	{ "encode", "TEXT OUT", 2, 2, VCT_C_FILE },
	{ "roundtrip", "FILE...", 1, ~0u, VCT_C_FILE },
};

const struct vct_cmd vct_cmd_fuzz = {
	.name = "fuzz",
	.summary = "fuzz a device's rings, feature negotiation and status machine; tools for programs",
	.desc = "Runs a fuzzing campaign against a device with the chosen engine. An input is a program of "
		"driver actions; oracles (hang without DEVICE_NEEDS_RESET, stray writes, invalid used entries, "
		"FEATURES_OK kept for an unoffered set, work before DRIVER_OK, state surviving reset, a crashed "
		"device) each name the statement they enforce. Findings are deduplicated, minimized and saved as "
		"DIR/findings/<signature>.{bin,txt}; exit 1 when there is any.\n\nOn a terminal, executions, "
		"rate, corpus and findings so far are shown on standard error with the elapsed time; nothing "
		"extra is written when it is not a terminal.",
	.forms = fuzz_forms,
	.nforms = 4,
	.opts = fuzz_opts,
	.nopts = sizeof(fuzz_opts) / sizeof(fuzz_opts[0]),
	.main = fuzz_main,
};

static const struct vct_opt repro_opts[] = {
	VCT_OPT_STR(struct repro_args, device, "device", "TARGET", VCT_C_TARGET, 0,
		    "the device to replay on (default: the one named in FILE's .txt companion)"),
	VCT_OPT_ENUM(struct repro_args, tap_version, "tap-version", "13|14", "14", 0,
		     "the TAP version line (13 for Debian 12's prove)"),
	VCT_OPT_FLAG(struct repro_args, allow_irreversible, "allow-irreversible", 0,
		     "replay on a device whose requests can change it for good (an RPMB part); refused without it"),
};

static const struct vct_form repro_forms[] = { { NULL, "FILE", 1, 1, VCT_C_FILE } };

const struct vct_cmd vct_cmd_repro = {
	.name = "repro",
	.summary = "re-run a fuzz finding; TAP: the oracle, its statement, the evidence",
	.desc = "Replays the program FILE (a finding's .bin, or its text form) on the device and reports as TAP "
		"each oracle that fires, with its statement id and evidence; exit 1 when one fires. FILE must be "
		"a complete program: an empty or truncated one is refused (exit 2).",
	.forms = repro_forms,
	.nforms = 1,
	.opts = repro_opts,
	.nopts = sizeof(repro_opts) / sizeof(repro_opts[0]),
	.main = repro_main,
};

static int read_all(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return -errno;
	for (;;) {
		if (n == cap) {
			uint8_t *nb = realloc(b, cap ? 2 * cap : 4096);

			if (!nb) {
				free(b);
				fclose(f);
				return -ENOMEM;
			}
			b = nb;
			cap = cap ? 2 * cap : 4096;
		}
		size_t r = fread(b + n, 1, cap - n, f);

		if (!r)
			break;
		n += r;
	}
	fclose(f);
	if (n == cap) {
		uint8_t *nb = realloc(b, cap + 1);

		if (!nb) {
			free(b);
			return -ENOMEM;
		}
		b = nb;
	}
	b[n] = 0;
	*out = b;
	*len = n;
	return 0;
}

/* A program from a file: text when it starts with "vct-fuzz", binary otherwise. */
static int load_prog(const char *path, struct fz_prog *p, char *err, size_t errlen)
{
	uint8_t *b;
	size_t n;
	int r = read_all(path, &b, &n);

	if (r) {
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	if ((n >= 8 && !memcmp(b, "vct-fuzz", 8)) || (n && b[0] == '#')) {
		r = fz_parse((const char *)b, p, err, errlen);
	} else {
		fz_decode(b, n, p);
		r = 0;
	}
	free(b);
	return r;
}

static int roundtrip(int n, char **files, int tap_version)
{
	static struct fz_prog p, q;
	static uint8_t enc[FZ_MAX_BIN];
	int bad = 0;

	printf("TAP version %d\n", tap_version);
	for (int i = 0; i < n; i++) {
		uint8_t *b;
		size_t len, m;
		char *text = NULL, err[256];
		size_t tl = 0;
		FILE *mf;

		if (read_all(files[i], &b, &len)) {
			fprintf(stderr, "vct: cannot read %s\n", files[i]);
			bad++;
			continue;
		}
		fz_decode(b, len, &p);
		mf = open_memstream(&text, &tl);
		fz_print(&p, mf);
		fclose(mf);
		if (fz_parse(text, &q, err, sizeof(err))) {
			printf("not ok %d - %s: printed form does not parse: %s\n", i + 1, files[i], err);
			bad++;
		} else {
			m = fz_encode(&q, enc, sizeof(enc));
			if (m != len || memcmp(enc, b, len)) {
				printf("not ok %d - %s: round trip changed the program (%zu -> %zu bytes)\n", i + 1, files[i], len, m);
				bad++;
			} else {
				printf("ok %d - %s round-trips (%u ops)\n", i + 1, files[i], p.n);
			}
		}
		free(text);
		free(b);
	}
	printf("1..%d\n", n);
	return bad ? 1 : 0;
}

/*
 * A finding to replay must be whole: the decoder reads any byte string (a
 * fuzzer's need), so a damaged file would silently replay as some other,
 * shorter program and report "ok". A saved finding is canonical (encoded by
 * fz_encode), so its bytes must be exactly its own re-encoding.
 */
static int load_finding(const char *path, struct fz_prog *p, char *err, size_t errlen)
{
	static uint8_t enc[FZ_MAX_BIN];
	uint8_t *b;
	size_t n, m;
	int r = read_all(path, &b, &n);

	if (r) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-r));
		return r;
	}
	if ((n >= 8 && !memcmp(b, "vct-fuzz", 8)) || (n && b[0] == '#')) {
		r = fz_parse((const char *)b, p, err, errlen);
	} else if (n) {
		fz_decode(b, n, p);
		m = fz_encode(p, enc, sizeof(enc));
		/* A finding saved before the virtio-pci ops moved (fuzz/prog.h, Compatibility) is whole too. */
		if (m != n || memcmp(enc, b, n))
			m = fz_encode_legacy(p, enc, sizeof(enc));
		if (m != n || memcmp(enc, b, n)) {
			snprintf(err, errlen, "%s is not a whole fuzz program (%zu bytes; it decodes to %u ops of %zu "
				 "bytes): truncated or damaged; replay the finding as saved, or its .txt form", path, n,
				 p->n, m);
			r = -EINVAL;
		}
	}
	free(b);
	if (!r && !p->n) {
		snprintf(err, errlen, "%s holds no fuzz program (empty); give a finding's .bin or .txt", path);
		r = -EINVAL;
	}
	return r;
}

/*
 * --held DIR is input like a finding to replay: refused before anything is
 * touched when the folder cannot be read or one of its NAME.bin is not a
 * whole program (load_finding), since a held finding is reported as found.
 */
static int held_check(const char *dir, char *err, size_t errlen)
{
	static struct fz_prog p;
	DIR *d = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!d) {
		r = -errno;
		snprintf(err, errlen, "--held %s: %s; give the folder of NAME.bin and NAME.txt findings an earlier "
			 "campaign on this device journaled", dir, strerror(-r));
		return r;
	}
	while (!r && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char path[PATH_MAX + 300], why[400];

		if (l < 5 || strcmp(e->d_name + l - 4, ".bin") || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((r = load_finding(path, &p, why, sizeof(why))))
			snprintf(err, errlen, "--held: %s", why);
	}
	closedir(d);
	return r;
}

/*
 * @p run as `vct repro` runs it, into @r: waits on the clock (no settle
 * windows), the default hang grace, no guard, the health probe after it
 * (out of process, as a campaign runs it). A device in another process runs
 * on its own clock: where a run shows nothing, it gets longer waits (20,
 * 100, then 500 ms per wait unit), up to @tries runs, before the finding is
 * called not reproduced. Each run is counted in @execs when given. Returns
 * fz_run's.
 */
static int repro_run(struct fz_target *tg, const struct fz_prog *p, struct fz_result *r, unsigned int tries,
		     unsigned long long *execs)
{
	static const unsigned int ms[] = { 20, 100, 500 };
	struct fz_exec_opts o = { .health = fz_health_probe };
	int rc = 0;

	for (unsigned int attempt = 0; attempt < tries && attempt < sizeof(ms) / sizeof(ms[0]); attempt++) {
		o.ms_per_unit = ms[attempt];
		if (execs)
			(*execs)++;
		rc = fz_run(tg, p, &o, r);
		if (rc || r->nfind || tg->refdev)
			break;
	}
	return rc;
}

static int repro_main(int argc, char **argv)
{
	static struct fz_prog p;
	const char *file, *device;
	struct repro_args a;
	struct vct_cli cli;
	struct fz_target tg;
	struct fz_result r;
	char err[512], line[512];
	int rc = vct_cli_parse(&vct_cmd_repro, argc, argv, &a, &cli), tapv;

	file = rc < 0 ? cli.pos[0] : NULL;
	free(cli.pos);
	if (rc >= 0)
		return rc;
	device = a.device;
	tapv = atoi(a.tap_version);
	if (load_finding(file, &p, err, sizeof(err)))
		return vct_cli_usage(&vct_cmd_repro, "%s", err);
	if (!device) {
		/* The finding's text form names its device. */
		char txt[PATH_MAX];
		FILE *f;

		snprintf(txt, sizeof(txt), "%s", file);
		if (strlen(txt) > 4 && !strcmp(txt + strlen(txt) - 4, ".bin"))
			strcpy(txt + strlen(txt) - 4, ".txt");
		f = fopen(txt, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "# device: ", 10)) {
				line[strcspn(line, "\n")] = 0;
				device = strdup(line + 10);
				break;
			}
		if (f)
			fclose(f);
		if (!device)
			return vct_cli_usage(&vct_cmd_repro, "%s names no device (no '# device:' line in its .txt); "
					     "give --device refdev:TYPE, a PCI address or vhost-user:PATH,type=TYPE", file);
	}
	if ((rc = fz_target_open(&tg, device, err, sizeof(err)))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	if (irreversible_refused(&tg, a.allow_irreversible, "repro"))
		return 2;
	rc = repro_run(&tg, &p, &r, 3, NULL);
	fz_target_close(&tg);
	if (rc) {
		vct_tap_begin(stdout, tapv, 1);
		fputs("not ok 1 - fuzz program could not run\n  ---\n  outcome: harness-error\n  reason: ", stdout);
		vct_yaml_str(stdout, strerror(-rc));
		fputs("\n  ...\n", stdout);
		return 3;
	}
	vct_tap_begin(stdout, tapv, r.nfind ? r.nfind : 1);
	if (!r.nfind)
		printf("ok 1 - %s on %s: %u ops, %llu used entries, no oracle fired\n", file, device, r.ops_run,
		       (unsigned long long)r.used_seen);
	for (unsigned int i = 0; i < r.nfind; i++)
		fz_tap_finding(stdout, i + 1, &r.f[i]);
	return r.nfind ? 1 : 0;
}

/* ---- campaigns ------------------------------------------------------------ */

struct campaign {
	const char *device, *engine, *out;
	const char *journal;	/* builtin engine: each program, hex, one line, before it runs */
	const char *journal_mem;	/* ... or into this file, mapped shared, overwriting the last */
	const char *held;	/* builtin engine: findings held from an earlier campaign (--held) */
	const char *held_crash;	/* builtin engine: crashes held (--held-crash): their guards */
	struct fz_guards guards;
	unsigned long long guard_exec;	/* (observe mode's journal lines: the execution running) */
	int guard_fd;
	unsigned int secs, jobs;
	unsigned long long runs;
	unsigned int seed;
	struct fz_target tg;
	char exe_dir[PATH_MAX], src_dir[PATH_MAX + 16];	/* engines in exe_dir/fuzz/; seeds in src_dir/fuzz/ */
	struct fz_limit lim;	/* builtin engine: the device's limit, measured before and after */
	double lim_before, lim_after;	/* per second, each time (after: 0 if it failed) */
	int lim_rc;		/* 0: lim holds it; 1: not measured */
	unsigned int settle_us, grace_ms;
	const struct fz_corpus *corpus;	/* builtin engine: its corpus and schedule, for the summary */
	/* builtin engine: the slowest programs of the campaign (summary: slowest), for finding where a device stalls */
	struct slow_prog {
		uint64_t us;
		size_t n;
		uint8_t b[FZ_MAX_BIN];
	} slowest[3];
};

/* Keep @b (@n bytes, one execution of @us) among the campaign's slowest programs. */
static void slow_note(struct campaign *c, uint64_t us, const uint8_t *b, size_t n)
{
	size_t k = sizeof(c->slowest) / sizeof(c->slowest[0]);

	if (us <= c->slowest[k - 1].us || n > FZ_MAX_BIN)
		return;
	while (k > 1 && us > c->slowest[k - 2].us) {
		c->slowest[k - 1] = c->slowest[k - 2];
		k--;
	}
	c->slowest[k - 1].us = us;
	c->slowest[k - 1].n = n;
	memcpy(c->slowest[k - 1].b, b, n);
}

static unsigned int count_files(const char *dir, const char *prefix, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned int n = 0;

	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name), sl = strlen(suffix);

		if ((!prefix || !strncmp(e->d_name, prefix, strlen(prefix))) && l >= sl && !strcmp(e->d_name + l - sl, suffix) &&
		    e->d_name[0] != '.')
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

/*
 * Where the builtin engine's campaign loop spent its wall time (microseconds,
 * summed): the rate's seconds are this loop's, so these add up to them.
 * run: fz_run of the campaign's own programs (run_execs of them); findings:
 * minimizing, confirming and saving new findings, whose executions
 * (find_execs) count in the rate too; mutation: making the next program
 * between runs (mutate_inside: during one, in its time); journal: storing
 * it before it runs; report: rate and progress lines.
 */
static struct {
	uint64_t run, journal, mutate, findings, report;
	uint64_t mutate_inside;	/* of run: the next program made while the device worked (next_make) */
	unsigned long long run_execs, find_execs;
} bb_time;

/* The loop's wall time, @loop_us in all, as one line (summary's wall_ms, the journal's vct-fuzz-wall). */
static void bb_wall_format(uint64_t loop_us, char *buf, size_t len)
{
	uint64_t known = bb_time.run + bb_time.journal + bb_time.mutate + bb_time.findings + bb_time.report;

	snprintf(buf, len, "loop %.0f, programs %.0f (%llu executions, %.0f us each), findings %.0f (%llu executions: "
		 "minimization, confirmation, saving), mutation %.0f (and %.0f inside the programs' time, while the device "
		 "worked), journal %.0f, reports %.0f, other %.0f",
		 loop_us / 1e3, bb_time.run / 1e3, bb_time.run_execs,
		 bb_time.run_execs ? (double)bb_time.run / (double)bb_time.run_execs : 0.0, bb_time.findings / 1e3,
		 bb_time.find_execs, bb_time.mutate / 1e3, bb_time.mutate_inside / 1e3, bb_time.journal / 1e3,
		 bb_time.report / 1e3,
		 loop_us > known ? (loop_us - known) / 1e3 : 0.0);
}

static void write_summary(struct campaign *c, unsigned long long execs, double secs, unsigned int corpus)
{
	char path[PATH_MAX], fdir[PATH_MAX];
	FILE *f;
	DIR *d;
	struct dirent *e;

	snprintf(fdir, sizeof(fdir), "%s/findings", c->out);
	snprintf(path, sizeof(path), "%s/summary.txt", c->out);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "device: %s\nengine: %s\njobs: %u\nseconds: %.0f\nexecutions: %llu\nexecs_per_sec: %.0f\ncorpus: %u\n",
		c->device, c->engine, c->jobs, secs, execs, secs > 0 ? execs / secs : 0.0, corpus);
	if (!c->lim_rc) {
		struct fz_time t;

		/* The device's limit (limit.h) and where the executor's time went, per execution. */
		fprintf(f, "limit_before_per_sec: %.0f\nlimit_after_per_sec: %.0f\n", c->lim_before, c->lim_after);
		fprintf(f, "limit_per_sec: %.0f\nlimit_cycle_us: %.0f\nlimit_cycles: %u\nlimit_request: %s (queue %u), "
			"latency mean %.0f us, max %llu us, median %.0f us\nratio: %.2f\nsettle_us: %u\nhang_grace_ms: %u\n", c->lim.per_sec, c->lim.mean_us,
			c->lim.cycles, c->lim.request, c->lim.queue, c->lim.lat_mean_us,
			(unsigned long long)c->lim.lat_max_us, c->lim.lat_median_us, secs > 0 && c->lim.per_sec > 0 ? execs / secs / c->lim.per_sec : 0.0,
			c->settle_us, c->grace_ms);
		fz_time_get(&t);
		if (execs && !strcmp(c->engine, "builtin")) {
			char wl[512];

			bb_wall_format((uint64_t)(secs * 1e6), wl, sizeof(wl));
			fprintf(f, "wall_ms: %s\n", wl);
		}
		if (t.runs) {
			char line[4096];

			fz_time_format(&t, line, sizeof(line));
			fprintf(f, "exec_us: %s; minimization left out\n", line);
			/*
			 * What the register accesses alone cost, at the idle device's
			 * read time (an exit into QEMU; 0.2-0.6 us measured under
			 * TCG, so the rest of both rates is the device's work on
			 * writes and requests, and, for an execution, vct's own).
			 */
			double na = (double)t.acc / (double)t.runs;

			fprintf(f, "registers: one device_status read %.1f us; an execution %.1f register accesses (about %.0f us of "
				"its %.0f), a limit cycle %.1f (about %.0f us of its %.0f: the reset %.0f us, the bring-up %.0f, the request %.0f)\n",
				c->lim.read_us, na, na * c->lim.read_us, (double)t.total / (double)t.runs, c->lim.acc_per_cycle,
				c->lim.acc_per_cycle * c->lim.read_us, c->lim.mean_us, c->lim.reset_us, c->lim.bringup_us, c->lim.lat_mean_us);
		}
	} else if (c->lim.why[0]) {
		fprintf(f, "limit: not measured: %s\n", c->lim.why);
	}
	if (c->corpus && c->corpus->timed) {
		const struct fz_corpus *cp = c->corpus;
		static const char *const kind[FZ_DRAW_N] = { "seeds calibrated", "a key's holder", "any entry", "fresh" };
		double ca, ch;

		/* The schedule (sched.h): what the corpus's entries cost, and the runs each kind of draw made. */
		fz_corpus_costs(cp, &ca, &ch);
		fprintf(f, "schedule: corpus %u entries (%u for a key reached cheaper, %u replaced, %u cut short by %.1f ops each), "
			"%u keys held by %u; their own runs %.0f us, the holders' %.0f us; draws:", cp->n, cp->cheaper, cp->replaced,
			cp->cut, cp->cut ? (double)cp->cut_ops / cp->cut : 0.0, cp->nused, cp->nhold, ca, ch);
		for (unsigned int k = 0; k < FZ_DRAW_N; k++)
			fprintf(f, " %s %llu (%.0f us)", kind[k], cp->draws[k], cp->draws[k] ? (double)cp->cost[k] / (double)cp->draws[k] : 0.0);
		fputc('\n', f);
	}
	for (size_t k = 0; k < sizeof(c->slowest) / sizeof(c->slowest[0]) && c->slowest[k].us; k++) {
		/* (vct fuzz --print reads it back: xxd -r -p) */
		fprintf(f, "slowest: %llu us ", (unsigned long long)c->slowest[k].us);
		for (size_t i = 0; i < c->slowest[k].n; i++)
			fprintf(f, "%02x", c->slowest[k].b[i]);
		fputc('\n', f);
	}
	if (c->guards.n) {
		char gl[2048];

		fz_guards_format(&c->guards, gl, sizeof(gl));
		fprintf(f, "guards: %s\n", gl);
	}
	fprintf(f, "findings:\n");
	d = opendir(fdir);
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char line[512], tp[PATH_MAX + 300];
		FILE *t;

		if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		snprintf(tp, sizeof(tp), "%s/%s", fdir, e->d_name);
		t = fopen(tp, "r");
		fprintf(f, "  - file: %s\n", tp);
		while (t && fgets(line, sizeof(line), t) && line[0] == '#')
			if (!strncmp(line, "# oracle:", 9) || !strncmp(line, "# statement:", 12) || !strncmp(line, "# seen:", 7))
				fprintf(f, "    %s", line + 2);
		if (t)
			fclose(t);
	}
	if (d)
		closedir(d);
	snprintf(fdir, sizeof(fdir), "%s/crashes", c->out);
	fprintf(f, "crashes: %u (in %s)\n", count_files(fdir, "crash-", ""), fdir);
	fclose(f);
	fprintf(stderr, "vct: fuzz summary in %s\n", path);
}

/* The black-box engine inside vct: no instrumentation, feedback from observations. */
static uint8_t bb_map[FZ_SCHED_KEYS];
static unsigned int bb_new;
static struct fz_run_keys bb_run;	/* the keys the running program fed (its corpus entry holds them) */

static void bb_feedback(void *ctx, uint32_t key, int op)
{
	uint8_t *m = &bb_map[key & (FZ_SCHED_KEYS - 1)];

	fz_run_keys_add_at(&bb_run, key, op, !*m);
	if (!*m)
		bb_new++;
	if (*m < 255)
		(*m)++;
}

/*
 * The run that just ended (@b, @n: its program's bytes as mutated) to the
 * corpus, cut after its last op that fed a key it joins for
 * (fz_corpus_cut): what followed reached nothing the corpus wanted, and
 * mutants of it would run it all again. Its cost stays the whole run's.
 */
static void offer(struct fz_corpus *cp, const uint8_t *b, size_t n, uint32_t cost_us, bool new_key)
{
	static struct fz_prog cut;
	static struct fz_run_keys kept;
	static uint8_t cb[FZ_MAX_BIN];
	unsigned int keep, left;

	if (!cp->timed) {
		fz_corpus_offer(cp, b, n, cost_us, &bb_run, new_key);	/* (nothing is cut in process) */
		return;
	}
	if (!new_key && !fz_corpus_cheaper(cp, cost_us, &bb_run))
		return;	/* (fz_corpus_offer's own test, before any decoding) */
	fz_decode(b, n, &cut);
	keep = fz_corpus_cut(cp, cost_us, &bb_run, cut.n, &kept);
	if (keep >= cut.n) {
		fz_corpus_offer(cp, b, n, cost_us, &bb_run, new_key);
		return;
	}
	left = cut.n - keep;
	cut.n = keep;
	if (fz_corpus_offer(cp, cb, fz_encode(&cut, cb, sizeof(cb)), cost_us, &kept, new_key) >= 0) {
		cp->cut++;
		cp->cut_ops += left;
	}
}

/*
 * One journal line: "vct-fuzz-journal <exec> <hex of the canonical program>",
 * appended to @fd, or stored at the start of @mem (@memlen bytes, mapped
 * shared) and ended by a NUL, over the one before.
 */
/*
 * The program's canonical bytes as next_program made them (@bin, @n: a
 * second encoding of the decoded program cost 10 us an execution under
 * TCG), with INIT's probed step when the executor starts it from the probe's
 * bring-up (@probed: set on the decoded program only, so the corpus keeps
 * the bytes as mutated).
 */
static void journal_write(int fd, char *mem, size_t memlen, const uint8_t *bin, size_t n, bool probed,
			  unsigned long long exec)
{
	static const char hex[] = "0123456789abcdef";
	static char line[2 * FZ_MAX_BIN + 64];
	size_t k;
	int h = snprintf(line, sizeof(line), "vct-fuzz-journal %llu ", exec);

	for (k = 0; k < n && (size_t)h + 3 < sizeof(line); k++) {
		/* (a canonical encoding: the version, then the first op; INIT's steps are its second byte) */
		uint8_t v = probed && k == 2 && bin[1] == FZ_OP_INIT ? (uint8_t)(bin[k] | FZ_INIT_PROBED) : bin[k];

		line[h++] = hex[v >> 4];
		line[h++] = hex[v & 15];
	}
	line[h++] = '\n';
	if (mem) {
		if ((size_t)h < memlen) {
			memcpy(mem, line, (size_t)h);
			mem[h] = 0;
		}
		return;
	}
	if (write(fd, line, (size_t)h) != h) {
		/* best effort: a journal that cannot be written only loses the reproducer */
	}
}

/*
 * The shared-memory journal (--journal-mem, the test bed's 1 MiB ivshmem
 * BAR): the program about to run at offset 0; from JMEM_STATS, the
 * campaign's rate and where its time went (the lines the serial journal
 * has once a second, "vct-fuzz-stats DEVICE" first), four times a second
 * at the cost of a store, in two slots: the byte at JMEM_STATS ('0' or
 * '1') names the one written last, so a guest that dies while it writes
 * one leaves the other whole (testbed/run.sh reads it: fuzz-stats-mem.txt).
 */
#define JMEM_SIZE (1u << 20)
#define JMEM_STATS 0x80000u
#define JMEM_SLOT 8192u

static void jmem_stats(char *mem, const char *text, size_t n)
{
	static unsigned int slot;
	char *dst;

	slot ^= 1;
	dst = mem + JMEM_STATS + 4096 + slot * JMEM_SLOT;
	if (n >= JMEM_SLOT)
		n = JMEM_SLOT - 1;
	memcpy(dst, text, n);
	dst[n] = 0;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	mem[JMEM_STATS] = (char)('0' + slot);
	mem[JMEM_STATS + 1] = 0;
}

/*
 * A finding as it is saved, for the host: "vct-fuzz-finding", its name, the
 * execution, the program's canonical bytes in hex, oracle, statement, what,
 * expected and seen, separated by tabs (none inside a field), one line on
 * the serial journal (@fd). A guest whose device's process dies goes with its
 * findings; the host keeps them from this line and hands them to the boot
 * that resumes the device (--held), so they are not minimized again.
 */
static void journal_finding(int fd, const char *name, unsigned long long exec, const struct fz_prog *p,
			    const struct fz_finding *f)
{
	static const char hex[] = "0123456789abcdef";
	static uint8_t bin[FZ_MAX_BIN];
	static char line[2 * FZ_MAX_BIN + 1024];
	const char *fields[] = { f->oracle, f->stmt ? f->stmt : "-", f->what, f->expected, f->seen };
	size_t n = fz_encode(p, bin, sizeof(bin)), h;

	h = (size_t)snprintf(line, sizeof(line), "vct-fuzz-finding\t%s\t%llu\t", name, exec);
	for (size_t k = 0; k < n; k++) {
		line[h++] = hex[bin[k] >> 4];
		line[h++] = hex[bin[k] & 15];
	}
	for (unsigned int i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		line[h++] = '\t';
		for (const char *c = fields[i]; *c && h < sizeof(line) - 2; c++)
			line[h++] = *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c;
	}
	line[h++] = '\n';
	if (write(fd, line, h) != (ssize_t)h) {
		/* best effort, as the journal itself */
	}
}

/*
 * Findings held from an earlier campaign on this device (--held DIR: the
 * journal of a boot whose device died, fuzz/testbed-fuzz.sh): copied into the
 * findings folder (reported and replayed as this campaign's), their names
 * kept in @names so that they are not minimized again when they show. *hang:
 * a hang is among them.
 */
static unsigned int load_held(const char *held, const char *fdir, char (*names)[96], unsigned int max, bool *hang)
{
	DIR *d = opendir(held);
	struct dirent *e;
	unsigned int n = 0;

	if (!d) {
		fprintf(stderr, "vct: --held %s: %s; no finding held\n", held, strerror(errno));
		return 0;
	}
	vct_mkdirs(fdir);
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		char src[PATH_MAX + 300], dst[PATH_MAX + 300];
		uint8_t *b;
		size_t bl;

		if (l < 5 || l - 4 >= sizeof(names[0]) || strcmp(e->d_name + l - 4, ".bin") || e->d_name[0] == '.')
			continue;
		memcpy(names[n], e->d_name, l - 4);
		names[n][l - 4] = 0;
		for (unsigned int k = 0; k < 2; k++) {
			const char *ext = k ? ".txt" : ".bin";

			snprintf(src, sizeof(src), "%s/%s%s", held, names[n], ext);
			snprintf(dst, sizeof(dst), "%s/%s%s", fdir, names[n], ext);
			if (read_all(src, &b, &bl))
				continue;
			if (k && strstr((const char *)b, "# oracle: hang\n"))
				*hang = true;
			if (access(dst, F_OK))
				vct_write_file_atomic(dst, b, bl);
			free(b);
		}
		n++;
	}
	closedir(d);
	fprintf(stderr, "vct: %u finding(s) held from an earlier campaign (%s)\n", n, held);
	return n;
}

/*
 * The device's limit (limit.h), on the campaign's own device: the reference
 * device runs a fresh instance per execution, so it gets one of its own.
 */
static int measure_limit(struct campaign *c, struct fz_limit *l)
{
	static const struct vct_vfio_opts vo;
	struct vct_dev *vd;
	char err[256];
	int rc;

	if (!c->tg.refdev) {
		fz_target_drop(&c->tg);	/* (the last probe's bring-up) */
		/* A vhost-user back end that ended the last program's session gets a new one first. */
		if (c->tg.t->ops->removed && c->tg.t->ops->removed(c->tg.t) && c->tg.vd->ops->function_reset)
			c->tg.vd->ops->function_reset(c->tg.vd);
		/*
		 * At least a second: 200 cycles were 25-130 ms, so one request
		 * held 4-9 ms by the host's scheduling (seen on QEMU's rng in
		 * session 15, against a median of 20-70 us) moved the limit by a
		 * sixth to a third on its own.
		 */
		rc = fz_limit_measure(c->tg.vd, 200, 1000, 3000, l);
		fz_target_idle(&c->tg);
		return rc ? 1 : 0;
	}
	if (vct_dev_open(c->tg.spec, &vo, VCT_BIND_DRIVE, &vd, err, sizeof(err))) {
		snprintf(l->why, sizeof(l->why), "%s", err);
		return 1;
	}
	rc = fz_limit_measure(vd, 200, 0, 3000, l);
	vct_dev_close(vd);
	return rc ? 1 : 0;
}

/*
 * A back end that closed its session may be on its way out: its socket
 * closes a moment before its process is seen gone. Asked once per new
 * signature, so it gets 300 ms to tell an exit from a close; an exit turns
 * the finding into backend-exited.
 */
static bool backend_exited(struct campaign *c, struct fz_finding *f)
{
	uint64_t end = vct_now_ms() + 300;

	do {
		const char *g = c->tg.vd ? vct_dev_removed(c->tg.vd) : NULL;

		if (g) {
			snprintf(f->oracle, sizeof(f->oracle), "backend-exited");
			snprintf(f->sig, sizeof(f->sig), "backend-exited");
			snprintf(f->what, sizeof(f->what), "the back end's process");
			snprintf(f->expected, sizeof(f->expected), "alive");
			snprintf(f->seen, sizeof(f->seen), "%.*s", (int)sizeof(f->seen) - 1, g);
			return true;
		}
		usleep(10000);
	} while (vct_now_ms() < end);
	return false;
}

/*
 * A vhost-user back end whose process is found gone as the next program
 * starts died after the last one's own checks: its health probe's request
 * (answered, then the exit) or a moment after its last answer, before the
 * socket's hangup could be seen. That program is the one it died on:
 * saved as backend-exited for vct repro, as found. Returns 1 when saved.
 */
static unsigned int gone_between(struct campaign *c, const char *fdir, const uint8_t *b, size_t n, bool probed,
				 int jfd, unsigned long long execs)
{
	static struct fz_prog m;
	struct fz_finding f = { .stmt = "-", .op = -1 };
	const char *g = c->tg.vd ? vct_dev_removed(c->tg.vd) : NULL;
	char name[96];

	if (!g)
		return 0;
	fz_decode(b, n, &m);
	if (probed && m.n)
		m.ops[0].q |= FZ_INIT_PROBED;
	snprintf(f.oracle, sizeof(f.oracle), "backend-exited");
	snprintf(f.sig, sizeof(f.sig), "backend-exited");
	snprintf(f.what, sizeof(f.what), "the back end's process");
	snprintf(f.expected, sizeof(f.expected), "alive");
	snprintf(f.seen, sizeof(f.seen), "%.150s (seen as the next program started)", g);
	fz_finding_name(f.sig, name, sizeof(name));
	if (fz_save_finding(fdir, &m, &f, c->device, execs) != 1)
		return 0;
	if (jfd >= 0)
		journal_finding(jfd, name, execs, &m, &f);
	fprintf(stderr, "vct: finding %s (%s) at execution %llu\n", f.sig, f.stmt, execs);
	return 1;
}

/*
 * Does @p show finding @sig again, run from a new session of the device
 * (its function reset) as `vct repro` first runs it (repro_run, 20 ms a wait
 * unit)? Not with the campaign's settle windows: a back end that finishes a
 * request after the window and after the program's next reset showed a used
 * entry that no chain owed (qemu-storage-daemon under load, D-a95edbec),
 * which repro's clocked waits never show; saved, it did not replay. Only
 * the first of repro's runs: a finding that needs the longer waits is not
 * one the campaign's short ones found, and each of them costs a wait unit
 * half a second (a 5 s campaign took 29 s confirming one signature).
 */
static bool replays(struct campaign *c, const struct fz_prog *p, const char *sig, unsigned long long *execs)
{
	struct fz_result vr;

	if (c->tg.vd)
		fz_target_drop(&c->tg);
	if (c->tg.vd && c->tg.vd->ops->function_reset && c->tg.vd->ops->function_reset(c->tg.vd))
		return false;
	if (repro_run(&c->tg, p, &vr, 1, execs))
		return false;
	for (unsigned int k = 0; k < vr.nfind; k++)
		if (!strcmp(vr.f[k].sig, sig))
			return true;
	return false;
}

/* Two programs differ (their canonical encodings do). */
static bool fz_prog_differ(const struct fz_prog *a, const struct fz_prog *b)
{
	static uint8_t ea[FZ_MAX_BIN], eb[FZ_MAX_BIN];
	size_t na = fz_encode(a, ea, sizeof(ea)), nb = fz_encode(b, eb, sizeof(eb));

	return na != nb || memcmp(ea, eb, na);
}

/* Where a program came from: the draw, and the seed a calibration run measures (-1: none). */
struct fz_origin {
	enum fz_draw how;
	int seed;
};

/*
 * A program for the builtin engine: a seed still to be calibrated as it
 * is, else a corpus entry the schedule draws (sched.h) mutated (7 times in
 * 8 in process, 15 in 16 out of process), else a fresh one; its bytes in
 * @buf. (Fresh programs are the dearest draw out of process: 850-1 900 us
 * a run in session 15's default campaigns against 330-540 through a key.)
 * The schedule replaced a tournament of three entries by their own run's
 * time (sessions 8-14), made because on QEMU's virtio-blk an AVAILIDX delta
 * of thousands has one kick pop every entry it claims from an 8-entry
 * ring, 1-5 s under QEMU's big lock, and such a seed drawn uniformly took
 * 15 s of a 25 s campaign; under the key schedule such an entry is drawn
 * only for the keys nothing cheaper reaches.
 */
static size_t next_program(struct campaign *c, uint64_t *rng, struct fz_corpus *cp, uint8_t *buf, struct fz_prog *p,
			   struct fz_origin *from)
{
	size_t n;
	int k = -1;

	from->how = FZ_DRAW_FRESH;
	from->seed = -1;
	if (cp->timed && cp->calib < cp->nseeds)
		k = fz_corpus_pick(cp, rng, &from->how);
	else if (cp->n && fz_rand(rng) % (cp->timed ? 16 : 8))
		k = fz_corpus_pick(cp, rng, &from->how);
	if (k >= 0) {
		const struct fz_entry *e = &cp->e[k];
		size_t l = e->n < FZ_MAX_BIN ? e->n : FZ_MAX_BIN;

		memcpy(buf, e->b, l);
		if (from->how == FZ_DRAW_CALIB) {
			from->seed = k;
			n = l;
		} else {
			n = fz_mutate_bytes(buf, l, FZ_MAX_BIN, (unsigned int)fz_rand(rng), c->tg.type);
		}
	} else {
		fz_generate(p, rng, c->tg.type);
		n = fz_encode(p, buf, FZ_MAX_BIN);
	}
	fz_decode(buf, n, p);
	return n;
}

/*
 * The program after the running one, made while it runs (fz_exec_opts.next):
 * the campaign's mutation state, the buffer and program it goes into, and
 * the options whose next_init and next_queues it sets. The time it takes
 * inside a run is the run's, and is also counted apart (bb_time).
 */
struct next_gen {
	struct campaign *c;
	uint64_t *rng;
	struct fz_corpus *cp;
	uint8_t *buf;
	struct fz_prog *p;
	struct fz_origin *from;
	size_t *n;
	struct fz_exec_opts *o;
};

static void next_make(void *ctx)
{
	struct next_gen *g = ctx;
	uint64_t t0;

	if (*g->n)
		return;
	t0 = vct_now_us();
	*g->n = next_program(g->c, g->rng, g->cp, g->buf, g->p, g->from);
	g->o->next_init = g->p->n && g->p->ops[0].op == FZ_OP_INIT ? (uint8_t)(g->p->ops[0].q & (FZ_INIT_STD | FZ_INIT_SMALLQ | FZ_INIT_PROBED)) : 0;
	g->o->next_queues = fz_prog_queues(g->p);
	g->o->next = NULL;
	bb_time.mutate_inside += vct_now_us() - t0;
}

/* --guard-observe: each notification a guard would have declined, on the serial journal before it goes out. */
static void guard_journal(void *ctx, const char *guard)
{
	struct campaign *c = ctx;
	char l[128];
	int k = snprintf(l, sizeof(l), "vct-fuzz-guard %s %llu\n", guard, c->guard_exec);

	if (c->guard_fd >= 0 && write(c->guard_fd, l, (size_t)k) != k) {
		/* best effort, as the journal itself */
	}
}

/* A finding whose program had notifications declined says so: vct repro declines nothing. */
static void note_declines(const char *fdir, const char *name, const struct fz_guards *gs, unsigned int n)
{
	char path[PATH_MAX + 200], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.txt", fdir, name);
	if (!(f = fopen(path, "a")))
		return;
	fz_guards_format(gs, line, sizeof(line));
	fprintf(f, "# guard: the program as found had %u notification(s) declined by a held-crash guard "
		"(campaign so far: %s); vct repro sends them\n", n, line);
	fclose(f);
}

/*
 * Amortised health probing (out of process, not vhost-user). The probe's
 * well-formed request follows one program in hk, hk doubling after each
 * whole probe up to PROBE_KMAX, and back to 1 after a finding the campaign
 * did not hold yet (or a wedged device);
 * the programs between (health_defer) still have their state reset and the
 * next bring-up made in their own run (fz_exec_opts.health_defer), and any
 * of them with a finding gets the whole probe. When a
 * probe finds the device wedged after programs whose request was deferred,
 * wedge_attribute finds which one wedged it.
 */
#define PROBE_KMAX 16u

/* An execution this long (microseconds) out of process is printed with its slowest op. */
#define FZ_STALL_US 300000u

struct deferred {
	uint8_t b[PROBE_KMAX][FZ_MAX_BIN];
	size_t n[PROBE_KMAX];
	bool probed[PROBE_KMAX];	/* (it started from a probed bring-up: FZ_INIT_PROBED, as journaled) */
	unsigned long long exec[PROBE_KMAX];
	unsigned int count;
};

static bool has_oracle(const struct fz_result *r, const char *oracle)
{
	for (unsigned int i = 0; i < r->nfind; i++)
		if (!strcmp(r->f[i].oracle, oracle))
			return true;
	return false;
}

/*
 * The probe after @p (execution @at) found the device wedged, and the
 * programs of @d ran before it with their probe's request deferred: any of
 * them may have left the device so (their own reset and the next bring-up
 * went through, a request would not have). First a probe alone (an empty
 * program) asks whether the function-level reset the probe tried brought the
 * device back; then each program of @d runs again, in order, each with the
 * whole probe after it; the first the probe finds wedged is the finding
 * (*p and *r become it and its run), else @p runs again alone and is it if
 * the device is wedged again after it. A wedge that shows again after none of
 * them alone is said so and not saved (*r emptied: @p ran on a device in
 * doubt). A device that did not come back leaves @p's finding as found.
 * Every run counts as an execution.
 */
static void wedge_attribute(struct campaign *c, struct fz_exec_opts o, const struct deferred *d, struct fz_prog *p,
			    struct fz_result *r, unsigned long long at, unsigned long long *execs)
{
	static struct fz_prog q;
	struct fz_result rq;

	o.health_defer = false;
	o.next_init = 0;
	o.next = NULL;
	fz_target_drop(&c->tg);
	vct_progress_clear();
	memset(&q, 0, sizeof(q));
	(*execs)++;
	if (fz_run(&c->tg, &q, &o, &rq) || has_oracle(&rq, "wedged")) {
		fprintf(stderr, "vct: the device was found wedged after execution %llu and did not come back: the %u program(s) "
			"before it ran without the probe's request; saved as found\n", at, d->count);
		return;
	}
	for (unsigned int k = 0; k < d->count; k++) {
		fz_decode(d->b[k], d->n[k], &q);
		if (d->probed[k] && q.n && q.ops[0].op == FZ_OP_INIT)
			q.ops[0].q |= FZ_INIT_PROBED;
		(*execs)++;
		if (fz_run(&c->tg, &q, &o, &rq))
			return;
		if (has_oracle(&rq, "wedged")) {
			fprintf(stderr, "vct: the device found wedged after execution %llu was wedged by execution %llu "
				"(its probe's request had been deferred; run again with the whole probe)\n", at, d->exec[k]);
			*p = q;
			*r = rq;
			return;
		}
	}
	(*execs)++;
	if (!fz_run(&c->tg, p, &o, &rq) && has_oracle(&rq, "wedged")) {
		*r = rq;
		return;
	}
	fprintf(stderr, "vct: the device was found wedged after execution %llu, but it is not again after that program nor "
		"after any of the %u before it run alone (with the whole probe each): not saved\n", at, d->count);
	r->nfind = 0;
}

static int engine_builtin(struct campaign *c)
{
	/*
	 * (MAXC: 4 096 until session 15, when the key schedule's joins filled it
	 * 40-91 s into a 150 s campaign of each of QEMU's devices, rng's with
	 * 5 179 keys held by 4 096 entries, after which no new key could join;
	 * an entry is its program's bytes and its keys, a few hundred bytes)
	 */
	enum { MAXC = 32768, MAXSIGS = 256 };
	static char sigs[MAXSIGS][96], held[MAXSIGS][96];
	unsigned int nheld = 0;
	bool held_hang = false;
	static unsigned char unconfirmed[MAXSIGS];	/* times a signature did not show again on its own */
	unsigned int nsigs = 0;
	/* (this program and the next, swapped rather than copied: 68 KB each, a TCG guest feels every copy) */
	static struct fz_prog progs[2];
	struct fz_prog *p = &progs[0], *pn = &progs[1];
	static uint8_t bufs[2][FZ_MAX_BIN];
	uint8_t *buf = bufs[0], *bufn = bufs[1];
	size_t nn = 0;
	const bool native = c->tg.t && !strcmp(c->tg.t->ops->kind, "vhost-user");
	static struct fz_corpus corpus;
	struct fz_origin from = { FZ_DRAW_FRESH, -1 }, nfrom = from;	/* (of this program and the next) */
	int jfd = -1, rc;
	char *jmem = NULL;
	size_t jmemlen = 0;
	unsigned int nfind = 0;
	bool stopped = false, prevprobed = false;
	static uint8_t prevb[FZ_MAX_BIN];
	size_t prevn = 0;
	struct fz_exec_opts o = { .feedback = bb_feedback, .health = fz_health_probe };
	uint64_t rng = c->seed ? c->seed : 1, t0, last = 0, last_rate = 0, last_time = 0, ran;
	struct next_gen ng = { .c = c, .rng = &rng, .cp = &corpus, .n = &nn, .o = &o };
	static struct deferred dfr;	/* (amortised probing: the programs since the last whole probe) */
	unsigned int hk = 1;
	bool amortise;
	double secs;
	unsigned long long execs = 0, mexecs = 0;
	char seeds[PATH_MAX + 64], fdir[PATH_MAX];
	DIR *d;
	struct dirent *e;

	/* (in process a run's time is the host's scheduling: the schedule is uniform there) */
	if (fz_corpus_init(&corpus, MAXC, !c->tg.refdev))
		return 2;
	c->corpus = &corpus;
	if (c->journal) {
		/*
		 * When the device's whole process dies (QEMU asserting), the guest dies
		 * with it and nothing in memory survives: the program about to run is
		 * written out first, unbuffered, to a line the host keeps.
		 */
		jfd = open(c->journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
		if (jfd < 0) {
			fprintf(stderr, "vct: cannot open the journal %s: %s\n", c->journal, strerror(errno));
			return 2;
		}
	}
	if (c->journal_mem) {
		int mfd = open(c->journal_mem, O_RDWR | O_CLOEXEC);
		struct stat sb;

		if (mfd < 0 || fstat(mfd, &sb) || sb.st_size < 4096 ||
		    (jmem = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0)) == MAP_FAILED) {
			fprintf(stderr, "vct: cannot map the journal %s (%s): give a file of at least 4 KiB\n", c->journal_mem,
				strerror(errno));
			if (mfd >= 0)
				close(mfd);
			if (jfd >= 0)
				close(jfd);
			return 2;
		}
		jmemlen = (size_t)sb.st_size;
		close(mfd);
	}
	snprintf(fdir, sizeof(fdir), "%s/findings", c->out);
	snprintf(seeds, sizeof(seeds), "%s/fuzz/corpus/%s", c->src_dir, fz_type_dir(c->tg.type));
	d = opendir(seeds);
	while (d && (e = readdir(d)) && corpus.n < MAXC) {
		char path[PATH_MAX + 400];
		size_t l = strlen(e->d_name);
		uint8_t *sb;
		size_t sn;

		if (l < 5 || strcmp(e->d_name + l - 4, ".bin"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", seeds, e->d_name);
		if (!read_all(path, &sb, &sn)) {
			fz_corpus_seed(&corpus, sb, sn);
			free(sb);
		}
	}
	if (d)
		closedir(d);
	fprintf(stderr, "vct: %u seed programs from %s\n", corpus.n, seeds);
	if (c->held)
		nheld = load_held(c->held, fdir, held, MAXSIGS, &held_hang);
	if (c->guards.n) {
		o.guards = &c->guards;
		if (c->guards.observe) {
			c->guard_fd = jfd;
			c->guards.on_match = guard_journal;
			c->guards.match_ctx = c;
		}
	}
	c->lim_rc = measure_limit(c, &c->lim);
	if (!c->lim_rc && !c->tg.refdev) {
		/*
		 * For a device in another process, the request latency the limit
		 * cycles saw sets how long a wait watches an idle device before it
		 * believes the device is done: their median, the device's own
		 * answer time (the mean holds the host's stalls too: at load 5,
		 * one boot's console mean was 1 620 us, 3.2 ms a settle window,
		 * while 85 % of the probes' answers came within 50 us).
		 */
		double st = 2 * (c->lim.lat_median_us > 0 ? c->lim.lat_median_us : c->lim.lat_mean_us);

		double g = 50.0 * (double)c->lim.lat_max_us / 1000.0;

		/*
		 * (At least 50 us. It was 150 us, three times a TCG guest's
		 * median blk answer: a settled wait was then a program's largest
		 * cost, 166 us of 730. device_status is still read every
		 * FZ_STATUS_US within a wait, and at its start: a window that
		 * ends before the next reading leaves DEVICE_NEEDS_RESET to the
		 * grace and hang checks that follow, which read it.)
		 */
		c->settle_us = st < 50 ? 50 : st > 5000 ? 5000 : (unsigned int)st;
		/* The health probe's well-formed request goes on the limit's queue when the program left it running. */
		o.health_q = c->lim.queue;
		o.health_q_known = true;
		/*
		 * The probe's request on the program's own queue: 5 mean request
		 * latencies of the limit cycles, at least 2 ms; unanswered by then,
		 * the probe goes on to its reset path, which waits the full grace.
		 */
		o.health_ms = 5.0 * c->lim.lat_mean_us / 1000.0 < 2 ? 2u : (unsigned int)(5.0 * c->lim.lat_mean_us / 1000.0);
		o.settle_us = c->settle_us;
		/* The hang grace from the slowest answer seen, 50 times over (250 ms .. 2 s). */
		o.hang_grace_ms = g < 250 ? 250 : g > 2000 ? 2000 : (unsigned int)g;
		c->grace_ms = o.hang_grace_ms;
		if (held_hang) {
			/* A hang held from an earlier campaign is held here too (below). */
			o.hang_grace_ms = 100;
			o.hang_known = true;
		}
	}
	if (!c->lim_rc && jfd >= 0) {
		/* For the host when the device's process dies mid-campaign: the limit, then the rate each second. */
		char l[64];
		int k = snprintf(l, sizeof(l), "vct-fuzz-limit %.0f\n", c->lim.per_sec);

		if (write(jfd, l, (size_t)k) != k) {
			/* best effort, as the journal itself */
		}
	}
	if (!c->lim_rc)
		fprintf(stderr, "vct: limit %.0f cycles/s (%u cycles of reset, DRIVER_OK, one queue, %s)%s\n",
			c->lim.per_sec, c->lim.cycles, c->lim.request, c->settle_us ? "; waits settle on evidence" : "");
	else
		fprintf(stderr, "vct: limit not measured: %s%s\n", c->lim.why, c->tg.refdev ? "" : "; waits keep the clock");
	/* Amortised probing where waits settle on evidence (the limit measured): not over vhost-user. */
	amortise = !c->tg.refdev && !native && c->settle_us;
	fz_time_reset();
	/*
	 * Out of process, programs as long as what they reach keeps them, not
	 * as the mutator drifts (fz_mutate_set_size_neutral, and the cut of a
	 * joining run, offer()): a round of the default stream adds half an op
	 * on average, and 400 mutations take a program to the 96-op cap
	 * (tests/fuzz-mutate.t). In process the stream stays as it was, and
	 * with it make check's fixed-seed budgets.
	 */
	fz_mutate_set_size_neutral(!c->tg.refdev);
	/*
	 * One clock reading per phase boundary, each phase ending where the
	 * next begins (a TCG guest pays for every reading).
	 */
	uint64_t tm = vct_now_us(), tn;
	struct fz_time_mark st0 = { 0 };	/* the running program's starting totals (its own breakdown when slow) */

	t0 = tm / 1000;
	for (;;) {
		struct fz_result r;
		size_t n;
		uint64_t now = tm / 1000;

		if ((c->runs && execs >= c->runs) || (!c->runs && now - t0 >= (uint64_t)c->secs * 1000))
			break;

		if (c->tg.refdev) {
			n = next_program(c, &rng, &corpus, buf, p, &from);
		} else {
			/*
			 * Out of process, the program after this one is made first,
			 * so the health probe after this one can bring the device
			 * up the way that one starts (fz_exec_opts.next_init,
			 * fz_target.carry).
			 */
			if (!nn)
				nn = next_program(c, &rng, &corpus, bufn, pn, &nfrom);
			{
				uint8_t *tb = buf;
				struct fz_prog *tp = p;

				buf = bufn;
				bufn = tb;
				p = pn;
				pn = tp;
				from = nfrom;
			}
			n = nn;
			/*
			 * The program after this one: made while this one runs, when
			 * a wait first finds the device at work, or before its probe
			 * (next_make), so the mutation overlaps the device's time.
			 */
			nn = 0;
			ng.buf = bufn;
			ng.p = pn;
			ng.from = &nfrom;
			o.next = next_make;
			o.next_ctx = &ng;
			/* It starts from what the last probe left: saved and journaled as such, so it replays from there. */
			if (fz_target_carries(&c->tg, p) && c->tg.carry_probed)
				p->ops[0].q |= FZ_INIT_PROBED;
			o.health_defer = amortise && dfr.count + 1 < hk;
		}
		tn = vct_now_us();
		bb_time.mutate += tn - tm;
		tm = tn;
		if (jfd >= 0 || jmem)
			journal_write(jfd, jmem, jmemlen, buf, n, p->n && p->ops[0].op == FZ_OP_INIT && (p->ops[0].q & FZ_INIT_PROBED), execs);
		tn = vct_now_us();
		bb_time.journal += tn - tm;
		tm = tn;
		bb_new = 0;
		bb_run.n = 0;
		c->guards.declined_now = 0;
		c->guard_exec = execs;
		fz_time_mark(&st0);	/* (for a slow execution's own breakdown below) */
		rc = fz_run(&c->tg, p, &o, &r);
		tn = vct_now_us();
		ran = tn - tm;
		bb_time.run += ran;
		tm = tn;
		if (rc) {
			vct_progress_clear();
			if (native && prevn)
				nfind += gone_between(c, fdir, prevb, prevn, prevprobed, jfd, execs);
			fprintf(stderr, "vct: the device can no longer be driven (%s) after %llu executions; the campaign stops\n",
				strerror(-rc), execs);
			stopped = true;	/* not the campaign asked for: the exit status says so */
			break;
		}
		execs++;
		bb_time.run_execs++;
		slow_note(c, ran, buf, n);
		if (!c->tg.refdev && ran >= FZ_STALL_US) {
			/*
			 * A program that held the device's process (its main loop) for
			 * a large part of a second: which op waited, and the program,
			 * on stderr (one 10 s stall was a third of a 30 s console campaign).
			 */
			vct_progress_clear();
			struct fz_time_mark own;

			fz_time_since(&st0, &own);
			fprintf(stderr, "vct: execution %llu took %llu ms, %llu ms of it in op %d (%s); waits %llu ms (grace %llu), "
				"resets %llu ms, health probe %llu ms (reset %llu, bring-up %llu, request %llu, on the program's "
				"queue %llu); the program:\n", execs,
				(unsigned long long)ran / 1000, (unsigned long long)r.slow_us / 1000, r.slow_op,
				r.slow_op >= 0 && (unsigned int)r.slow_op < p->n ? fz_op_name(p->ops[r.slow_op].op) : "the final wait or the probe",
				(unsigned long long)own.wait / 1000, (unsigned long long)own.grace / 1000, (unsigned long long)own.reset / 1000,
				(unsigned long long)own.health / 1000, (unsigned long long)own.h_reset / 1000,
				(unsigned long long)own.h_init / 1000, (unsigned long long)own.h_req / 1000, (unsigned long long)own.h_live / 1000);
			fz_print(p, stderr);
		}
		if (native) {
			/* (gone_between: the bytes of the last program that ran, a few hundred) */
			memcpy(prevb, buf, n);
			prevn = n;
			prevprobed = p->n && (p->ops[0].q & FZ_INIT_PROBED);
		}
		fz_corpus_ran(&corpus, from.how, ran);
		if (from.seed >= 0)
			fz_corpus_measured(&corpus, (unsigned int)from.seed, ran > UINT32_MAX ? UINT32_MAX : (uint32_t)ran, &bb_run);
		else
			offer(&corpus, buf, n, ran > UINT32_MAX ? UINT32_MAX : (uint32_t)ran, bb_new != 0);
		unsigned long long e0 = execs;

		if (amortise && r.health_deferred) {
			if (dfr.count < PROBE_KMAX) {
				memcpy(dfr.b[dfr.count], buf, n);
				dfr.n[dfr.count] = n;
				dfr.probed[dfr.count] = p->n && p->ops[0].op == FZ_OP_INIT && (p->ops[0].q & FZ_INIT_PROBED);
				dfr.exec[dfr.count++] = execs;
			}
		} else if (amortise) {
			/*
			 * Back to a probe after every program on a signature the
			 * campaign does not hold yet (or a wedged device); a finding it
			 * already holds (a held hang shows on every program left
			 * unanswered) had the whole probe after it, and moves K no more.
			 */
			bool fresh = has_oracle(&r, "wedged");

			for (unsigned int i = 0; i < r.nfind && !fresh; i++) {
				char nm[96];
				bool held_sig = false;

				fz_finding_name(r.f[i].sig, nm, sizeof(nm));
				for (unsigned int k = 0; k < nheld && !held_sig; k++)
					held_sig = !strcmp(held[k], nm);
				for (unsigned int k = 0; k < nsigs && !held_sig; k++)
					held_sig = !strcmp(sigs[k], r.f[i].sig) && !unconfirmed[k];
				fresh = !held_sig;
			}
			hk = fresh ? 1 : hk < PROBE_KMAX ? 2 * hk : PROBE_KMAX;
			if (dfr.count && has_oracle(&r, "wedged")) {
				struct fz_time ft;
				unsigned int keep = bb_new;

				fz_time_get(&ft);
				wedge_attribute(c, o, &dfr, p, &r, execs, &execs);
				fz_time_set(&ft);	/* (counted as executions; the breakdown is of the campaign's own programs) */
				bb_new = keep;
			}
			dfr.count = 0;
		}
		for (unsigned int i = 0; i < r.nfind; i++) {
			static struct fz_prog m;
			struct fz_exec_opts mo = o;
			struct fz_time ft;

			mo.health_defer = false;	/* (every try of a minimization is probed, as vct repro runs it) */
			bool seen = false, gone;
			unsigned int sk = MAXSIGS;
			char name[96];

			/* Held from an earlier campaign (--held): saved there, minimized there. */
			fz_finding_name(r.f[i].sig, name, sizeof(name));
			for (unsigned int k = 0; k < nheld && !seen; k++)
				seen = !strcmp(held[k], name);
			if (seen)
				continue;

			/*
			 * A signature this campaign already holds is not minimized
			 * again (one that did not show again on its own gets two
			 * more chances).
			 */
			for (unsigned int k = 0; k < nsigs && sk == MAXSIGS; k++)
				if (!strcmp(sigs[k], r.f[i].sig)) {
					sk = k;
					seen = !unconfirmed[k] || unconfirmed[k] >= 3;
				}
			if (seen)
				continue;
			if (sk == MAXSIGS && nsigs < MAXSIGS) {
				sk = nsigs++;
				snprintf(sigs[sk], sizeof(sigs[0]), "%s", r.f[i].sig);
			}
			/*
			 * Once a hang is held, later programs whose chains stay
			 * unanswered only cost a short grace, not the full one
			 * (minimization keeps the full one: it must reproduce).
			 */
			if (!strcmp(r.f[i].oracle, "hang") && c->settle_us) {
				o.hang_grace_ms = 100;
				o.hang_known = true;
			}
			mo.hang_grace_ms = c->grace_ms;
			/*
			 * A hang out of process: each try that still hangs would
			 * wait out the whole grace (up to 2 s; a QEMU device's 100
			 * tries were most of a short campaign). Tries get 20 settle
			 * windows (at least 20 ms) instead, and the smaller program is
			 * kept only if it still hangs under the full grace (below);
			 * otherwise the program as found is saved.
			 */
			if (c->settle_us && !strcmp(r.f[i].oracle, "hang")) {
				unsigned int g = c->settle_us / 50;

				mo.hang_grace_ms = g < 20 ? 20 : g > c->grace_ms ? c->grace_ms : g;
			}
			m = *p;
			fz_time_get(&ft);
			/*
			 * A back end whose process exited cannot run anything again
			 * (vct cannot restart it): the program that killed it is saved
			 * as found, neither minimized nor confirmed, for `vct repro`
			 * against a restarted back end.
			 */
			gone = !strcmp(r.f[i].oracle, "backend-exited") ||
			       (!strcmp(r.f[i].oracle, "backend-closed") && backend_exited(c, &r.f[i]));
			/* (a device in another process: fewer tries, each may wait out a hang grace) */
			if (!gone)
				execs += fz_minimize(&c->tg, &m, r.f[i].sig, &mo, c->tg.refdev ? 300 : 100);	/* executions too */
			/*
			 * A native back end: the finding must show again on its own,
			 * from a new session, as `vct repro` runs it (replays): the
			 * minimized program, else the one as found. One that does not
			 * came from what an earlier program left behind in the back
			 * end, or from a race the campaign's short settle windows lost
			 * to it; it is named, not saved.
			 */
			mo.hang_grace_ms = c->grace_ms;
			mo.hang_known = false;	/* (as vct repro runs it) */
			if (!native && c->settle_us && !strcmp(r.f[i].oracle, "hang") && fz_prog_differ(&m, p)) {
				struct fz_result vr;
				bool again = false;

				execs++;
				if (!fz_run(&c->tg, &m, &mo, &vr))
					for (unsigned int k = 0; k < vr.nfind; k++)
						again |= !strcmp(vr.f[k].sig, r.f[i].sig);
				if (!again)
					m = *p;
			}
			if (native && !gone && !replays(c, &m, r.f[i].sig, &execs)) {
				m = *p;
				if (!replays(c, &m, r.f[i].sig, &execs)) {
					if (sk < MAXSIGS)
						unconfirmed[sk]++;
					fz_time_set(&ft);
					vct_progress_clear();
					fprintf(stderr, "vct: finding %s (%s) at execution %llu did not show again on its own as vct repro runs it: not saved\n",
						r.f[i].sig, r.f[i].stmt, execs);
					continue;
				}
			}
			if (sk < MAXSIGS)
				unconfirmed[sk] = 0;
			fz_time_set(&ft);	/* the breakdown is of the campaign's own programs */
			if (fz_save_finding(fdir, &m, &r.f[i], c->device, execs) == 1) {
				if (c->guards.declined_now)
					note_declines(fdir, name, &c->guards, c->guards.declined_now);
				if (jfd >= 0)
					journal_finding(jfd, name, execs, &m, &r.f[i]);
				nfind++;
				vct_progress_clear();
				fprintf(stderr, "vct: finding %s (%s) at execution %llu\n", r.f[i].sig, r.f[i].stmt, execs);
			}
		}
		tn = vct_now_us();
		bb_time.findings += tn - tm;
		bb_time.find_execs += execs - e0;
		tm = tn;
		now = tm / 1000;	/* (the rate lines: these executions over the time up to now) */
		/*
		 * Shared memory also every 32 executions in a boot's first 512:
		 * virtio-net's QEMU died 138 programs (under 250 ms) into a boot.
		 * Not after them: each store formats the whole breakdown, which
		 * cost a TCG guest 15 us an execution at that pace.
		 */
		bool tick = now - last_rate >= 250,
		     mtick = jmemlen >= JMEM_SIZE && (tick || (execs < 512 && execs - mexecs >= 32));

		if ((jfd >= 0 && tick) || mtick) {
			/* Four a second: a device that dies within its first second still leaves a rate. */
			char l[80];
			int k = snprintf(l, sizeof(l), "vct-fuzz-rate %llu %llu\n", execs, (unsigned long long)(now - t0));

			if (tick) {
				last_rate = now;
				if (jfd >= 0 && write(jfd, l, (size_t)k) != k) {
					/* best effort */
				}
			}
			if (mtick) {
				/* The same with where the time went, into shared memory: a store, each time. */
				static char st[JMEM_SLOT];
				struct fz_time ft;
				size_t h = (size_t)snprintf(st, sizeof(st), "vct-fuzz-stats %s\n%s", c->device, l);

				fz_time_get(&ft);
				h += (size_t)snprintf(st + h, sizeof(st) - h, "vct-fuzz-time ");
				fz_time_format(&ft, st + h, sizeof(st) - h);
				h += strlen(st + h);
				h += (size_t)snprintf(st + h, sizeof(st) - h, "\nvct-fuzz-wall ");
				bb_wall_format((now - t0) * 1000, st + h, sizeof(st) - h);
				h += strlen(st + h);
				if (c->guards.n && h + 32 < sizeof(st)) {
					h += (size_t)snprintf(st + h, sizeof(st) - h, "\nvct-fuzz-guards ");
					fz_guards_format(&c->guards, st + h, sizeof(st) - h);
					h += strlen(st + h);
				}
				if (h + 2 < sizeof(st)) {
					st[h++] = '\n';
					st[h] = 0;
				}
				jmem_stats(jmem, st, h);
				mexecs = execs;
			} else if (jmemlen < JMEM_SIZE && now - last_time >= 1000) {
				/* And where the time went, once a second (the summary's exec_us line, for a device that dies). */
				static char tl[4200];
				struct fz_time ft;

				last_time = now;
				fz_time_get(&ft);
				memcpy(tl, "vct-fuzz-time ", 14);
				fz_time_format(&ft, tl + 14, sizeof(tl) - 16);
				k = (int)strlen(tl);
				tl[k++] = '\n';
				if (write(jfd, tl, (size_t)k) != k) {
					/* best effort */
				}
				/* ... and the loop's wall time (the summary's wall_ms line), milliseconds. */
				memcpy(tl, "vct-fuzz-wall ", 14);
				bb_wall_format((now - t0) * 1000, tl + 14, sizeof(tl) - 16);
				k = (int)strlen(tl);
				tl[k++] = '\n';
				if (write(jfd, tl, (size_t)k) != k) {
					/* best effort */
				}
				if (c->guards.n) {
					memcpy(tl, "vct-fuzz-guards ", 16);
					fz_guards_format(&c->guards, tl + 16, sizeof(tl) - 18);
					k = (int)strlen(tl);
					tl[k++] = '\n';
					if (write(jfd, tl, (size_t)k) != k) {
						/* best effort */
					}
				}
			}
		}
		if (now - last >= 1000) {
			last = now;
			vct_progress("[vct fuzz builtin] %3llus execs %llu (%.0f/s) corpus %u findings %u",
				(unsigned long long)(now - t0) / 1000, execs, (now - t0) ? execs * 1000.0 / (double)(now - t0) : 0.0, corpus.n, nfind);
		}
		tn = vct_now_us();
		bb_time.report += tn - tm;
		tm = tn;
	}
	vct_progress_clear();
	if (jfd >= 0)
		close(jfd);
	if (jmem)
		munmap(jmem, jmemlen);
	secs = (double)(vct_now_ms() - t0) / 1000.0;
	if (!c->lim_rc) {
		/* Again after the campaign: the host's load moves, the limit is the mean of both. */
		struct fz_limit end;

		c->lim_before = c->lim.per_sec;
		if (!measure_limit(c, &end)) {
			c->lim_after = end.per_sec;
			fz_limit_merge(&c->lim, &end);
		}
	}
	write_summary(c, execs, secs, corpus.n);
	c->corpus = NULL;
	fz_corpus_free(&corpus);
	return nfind || nheld || stopped ? 1 : 0;
}

static pid_t spawn(char *const argv[], char *const extra_env[], int out_fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (int i = 0; extra_env[i]; i++)
			putenv(extra_env[i]);
		if (out_fd >= 0) {
			dup2(out_fd, 2);
			dup2(out_fd, 1);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "vct: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static volatile sig_atomic_t stop_req;
static void on_sig(int s) { stop_req = s; }

static int engine_libfuzzer(struct campaign *c)
{
	char bin[PATH_MAX + 32], corpus[PATH_MAX], seeds[PATH_MAX + 64], dict[PATH_MAX + 64], crashes[PATH_MAX + 16];
	char a_time[64], a_fork[32], a_dict[PATH_MAX + 80], a_art[PATH_MAX + 40], a_seed[32], a_runs[48];
	char e_dev[300], e_find[PATH_MAX + 32], fdir[PATH_MAX];
	char *argv[20], *env[4];
	int pfd[2], ac = 0;
	pid_t pid;
	FILE *in;
	char line[1024];
	unsigned long long execs = 0, rate = 0;
	unsigned int corp = 0;
	uint64_t t0 = vct_now_ms();
	int status;

	snprintf(bin, sizeof(bin), "%s/fuzz/libfuzzer-refdev", c->exe_dir);
	if (access(bin, X_OK)) {
		fprintf(stderr, "vct: %s not built (make %s; needs clang with libFuzzer)\n", bin, bin);
		return 2;
	}
	snprintf(corpus, sizeof(corpus), "%s/corpus", c->out);
	snprintf(crashes, sizeof(crashes), "%s/crashes", c->out);
	snprintf(fdir, sizeof(fdir), "%s/findings", c->out);
	vct_mkdirs(corpus);
	vct_mkdirs(crashes);
	vct_mkdirs(fdir);
	snprintf(seeds, sizeof(seeds), "%s/fuzz/corpus/%s", c->src_dir, fz_type_dir(c->tg.type));
	snprintf(dict, sizeof(dict), "%s/fuzz/dict/%s.dict", c->src_dir, fz_type_dir(c->tg.type));
	snprintf(a_time, sizeof(a_time), "-max_total_time=%u", c->secs);
	snprintf(a_fork, sizeof(a_fork), "-fork=%u", c->jobs);
	snprintf(a_dict, sizeof(a_dict), "-dict=%s", dict);
	snprintf(a_art, sizeof(a_art), "-artifact_prefix=%s/", crashes);
	snprintf(a_seed, sizeof(a_seed), "-seed=%u", c->seed);
	snprintf(a_runs, sizeof(a_runs), "-runs=%llu", c->runs);
	argv[ac++] = bin;
	argv[ac++] = corpus;
	if (!access(seeds, R_OK))
		argv[ac++] = seeds;
	if (!access(dict, R_OK))
		argv[ac++] = a_dict;
	argv[ac++] = a_art;
	argv[ac++] = c->runs ? a_runs : a_time;
	if (c->seed)
		argv[ac++] = a_seed;
	argv[ac++] = "-print_final_stats=1";
	argv[ac++] = "-timeout=10";
	if (c->jobs > 1) {
		argv[ac++] = a_fork;
		argv[ac++] = "-ignore_crashes=1";
		argv[ac++] = "-ignore_timeouts=1";
		argv[ac++] = "-ignore_ooms=1";
	}
	argv[ac] = NULL;
	snprintf(e_dev, sizeof(e_dev), "VCT_FUZZ_DEVICE=%s", c->device);
	snprintf(e_find, sizeof(e_find), "VCT_FUZZ_FINDINGS=%s", fdir);
	env[0] = e_dev;
	env[1] = e_find;
	env[2] = "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1";
	env[3] = NULL;
	if (pipe(pfd))
		return 2;
	fprintf(stderr, "vct: libFuzzer on %s, %u job(s), %us; output in %s\n", c->device, c->jobs, c->secs, c->out);
	pid = spawn(argv, env, pfd[1]);
	close(pfd[1]);
	signal(SIGINT, on_sig);
	in = fdopen(pfd[0], "r");
	{
		char logp[PATH_MAX + 16];
		FILE *log;

		snprintf(logp, sizeof(logp), "%s/engine.log", c->out);
		log = fopen(logp, "w");
		while (in && fgets(line, sizeof(line), in)) {
			char *p;

			if (log)
				fputs(line, log);
			if (line[0] == '#' && (p = strstr(line, "exec/s:"))) {
				char *cp = strstr(line, "corp:");

				execs = strtoull(line + 1, NULL, 10);
				rate = strtoull(p + 7, NULL, 10);
				if (cp)
					corp = (unsigned int)strtoul(cp + 5, NULL, 10);
			} else if (line[0] == '#' && line[1] >= '0' && line[1] <= '9') {
				execs = strtoull(line + 1, NULL, 10);
			}
			if (stop_req)
				kill(pid, SIGINT);
			vct_progress("[vct fuzz libfuzzer] %3llus execs %llu (%llu/s) corpus %u findings %u crashes %u",
				(unsigned long long)(vct_now_ms() - t0) / 1000, execs, rate, corp, count_files(fdir, NULL, ".bin"),
				count_files(crashes, "crash-", ""));
		}
		if (log)
			fclose(log);
	}
	if (in)
		fclose(in);
	waitpid(pid, &status, 0);
	vct_progress_clear();
	corp = count_files(corpus, NULL, "");
	write_summary(c, execs, (double)(vct_now_ms() - t0) / 1000.0, corp);
	return count_files(fdir, NULL, ".bin") || count_files(crashes, "crash-", "") ? 1 : 0;
}

static int engine_afl(struct campaign *c)
{
	char bin[PATH_MAX + 32], mut[PATH_MAX + 32], sync[PATH_MAX], seeds[PATH_MAX + 64], dict[PATH_MAX + 64];
	char e_dev[300], e_find[PATH_MAX + 32], e_mut[PATH_MAX + 64], fdir[PATH_MAX], a_time[32], name[32];
	char *env[10];
	pid_t pids[64];
	unsigned int n = c->jobs > 64 ? 64 : c->jobs;
	uint64_t t0 = vct_now_ms();
	unsigned long long execs = 0;
	unsigned int corp = 0, crashes = 0;

	snprintf(bin, sizeof(bin), "%s/fuzz/afl-refdev", c->exe_dir);
	snprintf(mut, sizeof(mut), "%s/fuzz/afl-mutator.so", c->exe_dir);
	if (access(bin, X_OK)) {
		fprintf(stderr, "vct: %s not built (make %s; needs afl++)\n", bin, bin);
		return 2;
	}
	snprintf(sync, sizeof(sync), "%s/sync", c->out);
	snprintf(fdir, sizeof(fdir), "%s/findings", c->out);
	vct_mkdirs(sync);
	vct_mkdirs(fdir);
	snprintf(seeds, sizeof(seeds), "%s/fuzz/corpus/%s", c->src_dir, fz_type_dir(c->tg.type));
	snprintf(dict, sizeof(dict), "%s/fuzz/dict/%s.dict", c->src_dir, fz_type_dir(c->tg.type));
	snprintf(e_dev, sizeof(e_dev), "VCT_FUZZ_DEVICE=%s", c->device);
	snprintf(e_find, sizeof(e_find), "VCT_FUZZ_FINDINGS=%s", fdir);
	snprintf(e_mut, sizeof(e_mut), "AFL_CUSTOM_MUTATOR_LIBRARY=%s", mut);
	snprintf(a_time, sizeof(a_time), "%u", c->secs);
	env[0] = e_dev;
	env[1] = e_find;
	env[2] = "AFL_NO_UI=1";
	env[3] = "AFL_SKIP_CPUFREQ=1";
	env[4] = "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1";
	env[5] = "AFL_NO_AFFINITY=1";
	env[6] = access(mut, R_OK) ? NULL : e_mut;
	env[7] = NULL;
	fprintf(stderr, "vct: AFL++ on %s, %u instance(s) (main + %u secondary), %us; sync dir %s\n", c->device, n, n - 1,
		c->secs, sync);
	for (unsigned int i = 0; i < n; i++) {
		char logp[PATH_MAX + 32];
		int fd;
		char *argv[20];
		int ac = 0;

		argv[ac++] = "afl-fuzz";
		argv[ac++] = "-i";
		argv[ac++] = seeds;
		argv[ac++] = "-o";
		argv[ac++] = sync;
		argv[ac++] = i ? "-S" : "-M";
		argv[ac++] = name;
		argv[ac++] = "-V";
		argv[ac++] = a_time;
		if (!access(dict, R_OK)) {
			argv[ac++] = "-x";
			argv[ac++] = dict;
		}
		argv[ac++] = "-t";
		argv[ac++] = "2000";
		argv[ac++] = "--";
		argv[ac++] = bin;
		argv[ac] = NULL;
		snprintf(name, sizeof(name), i ? "sec%u" : "main", i);
		snprintf(logp, sizeof(logp), "%s/afl-%s.log", c->out, name);
		fd = open(logp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		pids[i] = spawn(argv, env, fd);
		if (fd >= 0)
			close(fd);
	}
	signal(SIGINT, on_sig);
	for (;;) {
		unsigned int alive = 0;
		unsigned long long rate = 0;

		for (unsigned int i = 0; i < n; i++)
			if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) == 0)
				alive++;
			else
				pids[i] = -1;
		execs = 0;
		corp = crashes = 0;
		for (unsigned int i = 0; i < n; i++) {
			char sp[PATH_MAX + 64], line[256];
			FILE *f;

			snprintf(sp, sizeof(sp), "%s/%s/fuzzer_stats", sync, i ? (snprintf(name, sizeof(name), "sec%u", i), name) : "main");
			f = fopen(sp, "r");
			while (f && fgets(line, sizeof(line), f)) {
				char *v = strchr(line, ':');

				if (!v)
					continue;
				v++;
				if (!strncmp(line, "execs_done", 10))
					execs += strtoull(v, NULL, 10);
				else if (!strncmp(line, "execs_per_sec", 13))
					rate += strtoull(v, NULL, 10);
				else if (!strncmp(line, "corpus_count", 12))
					corp = (unsigned int)strtoul(v, NULL, 10) > corp ? (unsigned int)strtoul(v, NULL, 10) : corp;
				else if (!strncmp(line, "saved_crashes", 13))
					crashes += (unsigned int)strtoul(v, NULL, 10);
			}
			if (f)
				fclose(f);
		}
		vct_progress("[vct fuzz afl] %3llus execs %llu (%llu/s) corpus %u findings %u crashes %u",
			(unsigned long long)(vct_now_ms() - t0) / 1000, execs, rate, corp, count_files(fdir, NULL, ".bin"), crashes);
		if (!alive)
			break;
		if (stop_req)
			for (unsigned int i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGINT);
		sleep(1);
	}
	vct_progress_clear();
	write_summary(c, execs, (double)(vct_now_ms() - t0) / 1000.0, corp);
	return count_files(fdir, NULL, ".bin") || crashes ? 1 : 0;
}

static int cmd_campaign(const struct fuzz_args *a)
{
	struct campaign c = { .device = a->device, .engine = a->engine, .out = a->out, .journal = a->journal,
			      .journal_mem = a->journal_mem, .held = a->held, .held_crash = a->held_crash,
			      .guards = { .observe = a->guard_observe }, .guard_fd = -1,
			      .secs = (unsigned int)a->time, .jobs = (unsigned int)a->jobs, .runs = a->runs,
			      .seed = (unsigned int)a->seed, .lim_rc = 1 };
	char err[512], exe[PATH_MAX];
	ssize_t n;
	int r;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	snprintf(c.exe_dir, sizeof(c.exe_dir), "%s", n > 0 ? dirname(exe) : ".");
	{
		/*
		 * Seeds and dictionaries: a checkout (the folder above build/), an
		 * installation (BINDIR/../share/vct, make install), else the current
		 * folder. Engine programs: beside the binary (build/fuzz/), else
		 * BINDIR/../lib/vct/fuzz/.
		 */
		const char *const data[] = { "/..", "/../share/vct" };
		static const char libsuf[] = "/../lib/vct";
		char probe[PATH_MAX + 48];
		size_t el = strlen(c.exe_dir);

		snprintf(c.src_dir, sizeof(c.src_dir), ".");
		for (unsigned int i = 0; i < 2; i++) {
			snprintf(probe, sizeof(probe), "%s%s/fuzz/corpus", c.exe_dir, data[i]);
			if (!access(probe, R_OK)) {
				char rp[PATH_MAX];

				snprintf(c.src_dir, sizeof(c.src_dir), "%s%s", c.exe_dir, data[i]);
				if (realpath(c.src_dir, rp))
					memcpy(c.src_dir, rp, strlen(rp) + 1);
				break;
			}
		}
		snprintf(probe, sizeof(probe), "%s/fuzz", c.exe_dir);
		if (access(probe, R_OK) && el + sizeof(libsuf) <= sizeof(c.exe_dir)) {
			memcpy(c.exe_dir + el, libsuf, sizeof(libsuf));
			if (access(c.exe_dir, R_OK))
				c.exe_dir[el] = 0;
		}
	}
	if (a->guard_observe && !c.held_crash)
		return vct_cli_usage(&vct_cmd_fuzz, "--guard-observe measures the guards of --held-crash; give that too");
	if (c.held_crash && access(c.held_crash, R_OK)) {
		fprintf(stderr, "vct: --held-crash %s: %s; give a file of the crashes held, one a line\n", c.held_crash,
			strerror(errno));
		return 2;
	}
	if (c.held && held_check(c.held, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	if ((r = fz_target_open(&c.tg, c.device, err, sizeof(err)))) {
		fprintf(stderr, "vct: %s\n", err);
		return 2;
	}
	if (irreversible_refused(&c.tg, a->allow_irreversible, "fuzz"))
		return 2;
	if (vct_mkdirs(c.out)) {
		fprintf(stderr, "vct: cannot create %s\n", c.out);
		return 2;
	}
	if ((c.journal || c.journal_mem || c.held || c.held_crash) && strcmp(c.engine, "builtin") && c.tg.refdev) {
		fz_target_close(&c.tg);
		return vct_cli_usage(&vct_cmd_fuzz, "--journal, --journal-mem, --held and --held-crash are the builtin "
				     "engine's; add --engine builtin");
	}
	if (c.held_crash && fz_guards_load(&c.guards, c.tg.type, c.held_crash, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		fz_target_close(&c.tg);
		return 2;
	}
	if (!c.tg.refdev && strcmp(c.engine, "builtin")) {
		/* Instrumented engines run the device in their own process; a PCI device is a black box. */
		fprintf(stderr, "vct: %s is not in-process; using the builtin black-box engine\n", c.device);
		c.engine = "builtin";
	}
	if (!strcmp(c.engine, "builtin"))
		r = engine_builtin(&c);
	else if (!strcmp(c.engine, "libfuzzer"))
		r = engine_libfuzzer(&c);
	else
		r = engine_afl(&c);
	fz_target_close(&c.tg);
	return r;
}

static int fuzz_main(int argc, char **argv)
{
	const struct vct_cmd *cmd = &vct_cmd_fuzz;
	struct fuzz_args a;
	struct vct_cli cli;
	int rc = vct_cli_parse(cmd, argc, argv, &a, &cli), bad = 0;

	if (rc >= 0)
		goto out;
	if (a.print) {
		static struct fz_prog p;
		char err[256];

		for (unsigned int i = 0; i < cli.npos; i++) {
			if (load_prog(cli.pos[i], &p, err, sizeof(err))) {
				fprintf(stderr, "vct: %s\n", err);
				bad = 1;
				continue;
			}
			fz_print(&p, stdout);
		}
		rc = bad ? 2 : 0;
	} else if (a.encode) {
		static struct fz_prog p;
		static uint8_t b[FZ_MAX_BIN];
		char err[256];
		size_t n;

		if (load_prog(cli.pos[0], &p, err, sizeof(err))) {
			fprintf(stderr, "vct: %s\n", err);
			rc = 2;
		} else {
			n = fz_encode(&p, b, sizeof(b));
			rc = vct_write_file_atomic(cli.pos[1], b, n) ? 2 : 0;
		}
	} else if (a.roundtrip) {
		rc = roundtrip((int)cli.npos, cli.pos, atoi(a.tap_version));
	} else if (vct_cli_given(cmd, &cli, "runs") && vct_cli_given(cmd, &cli, "time")) {
		rc = vct_cli_usage(cmd, "--runs and --time both say when to stop; give one");
	} else {
		rc = cmd_campaign(&a);
	}
out:
	free(cli.pos);
	return rc;
}
