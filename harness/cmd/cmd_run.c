/* SPDX-License-Identifier: MIT */
/*
 * `vct run TARGET [options]`: the suites against one device, TAP on stdout.
 * Every option is validated before the device is opened: a usage error
 * touches nothing (exit 2).
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hostact.h"
#include "progress.h"
#include "report_ids.h"
#include "runner.h"
#include "target.h"
#include "util.h"
#include "vfio.h"

struct run_args {
	const char *results, *label, *only, *known_quirks, *tap_version, *host_hook, *host_channel;
	const char *journal, *resume_after, *crashed_message, *resume_tap, *iova, *implementation;
	unsigned long long timeout, check_timeout;
	const char *resume_verdict, *pause_before;
	unsigned long long pause_ms;
	bool no_fork, allow_noiommu, robustness;
};

static int run_main(int argc, char **argv);
/* The robustness runner's hook (suites/robust/robust.c): the health probe after each case. */
void vct_robust_after(struct vct_ctx *c);

/*
 * Exit status, in precedence order (README, Running vct): 2 usage (returned
 * before the run), 1 a MUST-level conformance failure, 3 a harness error,
 * 4 a check or robustness case that left the device wedged, crashed or
 * corrupted, 0 none of these.
 */
int vct_run_exit(const struct vct_summary *sum)
{
	return sum->must_fail ? 1 : sum->error ? 3 : sum->robust_bad ? 4 : 0;
}

#define A struct run_args
static const struct vct_opt run_opts[] = {
	VCT_OPT_STR(A, results, "results", "DIR", VCT_C_DIR, 0,
		    "write DIR/result.json (schema vct-result v2), atomically after every check; DIR is created "
		    "and must be writable"),
	VCT_OPT_STR(A, label, "label", "TEXT", VCT_C_NONE, 0,
		    "a label for the device (firmware, back-end version) kept in the result"),
	VCT_OPT_STR(A, implementation, "implementation", "TEXT", VCT_C_NONE, 0,
		    "the implementation behind the device, with its version (qemu-storage-daemon-7.2.22), kept in the "
		    "result as device.implementation and shown by vct report --matrix; a vhost-user target names its "
		    "back end's program itself"),
	VCT_OPT_STR(A, only, "only", "GLOB", VCT_C_NONE, 0,
		    "run only the checks whose name matches the shell pattern ('ring.*'); it must match at least one"),
	VCT_OPT_UINT(A, timeout, "timeout", "MS", "milliseconds", 1, 3600000, 3000, 0,
		     "each wait for the device inside a check"),
	VCT_OPT_UINT(A, check_timeout, "check-timeout", "MS", "milliseconds", 2, 3600000, 60000, 0,
		     "backstop for a whole check, above --timeout; a check still running then is killed and reported "
		     "(a harness error, unless the device stalled inside a wait that had already timed out)"),
	VCT_OPT_STR(A, known_quirks, "known-quirks", "FILE", VCT_C_FILE, 0,
		    "lines '<vendor:device or name-glob> <statement-or-check> <note>': such failures are reported "
		    "'not ok ... # TODO known quirk'"),
	VCT_OPT_ENUM(A, tap_version, "tap-version", "13|14", "14", 0,
		     "the TAP version line; 13 for consumers that stop at 14, such as Debian 12's prove "
		     "(the stream is otherwise the same)"),
	VCT_OPT_FLAG(A, robustness, "robustness", 0,
		     "run the robustness cases (suites/robust/) instead of the conformance suites: each breaks one "
		     "driver-side rule (R-...) and ends with the device's verdict (handled, needs-reset, wedged, "
		     "crashed, corrupted); exit 4 when one ended wedged, crashed or corrupted"),
	VCT_OPT_STR(A, journal, "journal", "FILE", VCT_C_FILE, 0,
		    "append 'vct-run-check NAME STATEMENT LEVEL' to FILE before each check and its TAP point after "
		    "it, so the check running when the device's death took vct down is known (the test bed's serial line)"),
	VCT_OPT_STR(A, pause_before, "pause-before", "GLOB", VCT_C_NONE, 0,
		    "before each check whose name matches GLOB, after its journal line, wait --pause-ms: time for a "
		    "tracer or an analyzer to be armed, or for a test bed to inject a fault while the check is named"),
	VCT_OPT_UINT(A, pause_ms, "pause-ms", "MS", "milliseconds", 1, 600000, 10000, 0,
		     "with --pause-before: how long each pause lasts"),
	VCT_OPT_STR(A, resume_after, "resume-after", "NAME", VCT_C_NONE, 0,
		    "after a boot in which the device died during check NAME: do not run the checks up to it again, "
		    "report NAME as crashed (with --crashed-message) and run the rest, numbered as before"),
	VCT_OPT_STR(A, crashed_message, "crashed-message", "TEXT", VCT_C_NONE, 0,
		    "with --resume-after: the device's own last words (QEMU's message) for the crashed check's evidence"),
	VCT_OPT_STR(A, resume_tap, "resume-tap", "FILE", VCT_C_FILE, 0,
		    "with --resume-after: the TAP points the earlier boots' journals carried out; they count in the "
		    "summary, the exit status and --results as this run's own (ahead of the rest), without being "
		    "printed again"),
	VCT_OPT_ENUM(A, resume_verdict, "resume-verdict", "crashed|wedged", "crashed", 0,
		     "with --resume-after: what the device did during NAME: its process died (crashed), or it "
		     "stalled the whole guest until the test bed killed it (wedged)"),
	VCT_OPT_FLAG(A, no_fork, "no-fork", 0, "run checks in vct's own process (debugging)"),
	VCT_OPT_FLAG(A, allow_noiommu, "allow-noiommu", 0,
		     "accept an unsafe no-IOMMU group, with a warning; DMA checks then SKIP"),
	VCT_OPT_ENUM(A, iova, "iova", "auto|pa|va", "auto", 0,
		     "the addresses the device is given: pa, each buffer pinned at an IOVA equal to its physical address "
		     "(for a device whose DMA bypasses the IOMMU); va, addresses of vct's choosing with unmapped guard "
		     "pages; auto, pa where the device does not offer VIRTIO_F_ACCESS_PLATFORM, else va"),
	VCT_OPT_STR(A, host_hook, "host-hook", "CMD", VCT_C_CMD, 0,
		    "run 'CMD ACTION TARGET [KEY=VALUE...]' for each host-side action a check needs (exit 0 done, "
		    "3 unsupported; a query prints JSON); see README, Host-side actions"),
	VCT_OPT_STR(A, host_channel, "host-channel", "DEV", VCT_C_FILE, 0,
		    "send host-side actions as lines over the serial port DEV to a host that answers them (the test "
		    "bed's testbed/hostbridge.py)"),
};
#undef A

static const struct vct_form run_forms[] = { { NULL, "TARGET", 1, 1, VCT_C_TARGET } };

const struct vct_cmd vct_cmd_run = {
	.name = "run",
	.summary = "the suites against one device; TAP on stdout",
	.desc = "Runs every check that applies to the device TARGET and streams TAP (version 14 unless "
		"--tap-version 13): one test point per check, keyed to its statement of the spec, with a YAML block "
		"of evidence for each failure. A check that does not apply (device type, unoffered feature) is "
		"'ok # SKIP' with the reason; vct's own failures are 'not ok' with outcome harness-error and never "
		"count against the device.\n\nOn a terminal, the current check, the counts so far and the elapsed "
		"time are shown on standard error; nothing extra is written when standard error is not a terminal.",
	.forms = run_forms,
	.nforms = 1,
	.opts = run_opts,
	.nopts = sizeof(run_opts) / sizeof(run_opts[0]),
	.main = run_main,
};

/* Checks whose names are closest to @pat, for a --only that matches none. */
static void close_matches(const char *pat, const struct vct_suite *const *suites, unsigned int nsuites, char *out,
			  size_t n)
{
	const char *best[3] = { 0 };
	unsigned int bd[3] = { ~0u, ~0u, ~0u };
	size_t used = 0;

	for (unsigned int s = 0; s < nsuites; s++)
		for (unsigned int i = 0; i < suites[s]->n; i++) {
			const char *name = suites[s]->checks[i].name;
			unsigned int d = vct_cli_distance(pat, name);

			/* A name the pattern begins (a glob missing its '*') or contains comes first. */
			if (!strncmp(name, pat, strlen(pat)))
				d = 0;
			else if (strstr(name, pat))
				d = 1;
			for (unsigned int k = 0; k < 3; k++)
				if (d < bd[k]) {
					for (unsigned int m = 2; m > k; m--) {
						bd[m] = bd[m - 1];
						best[m] = best[m - 1];
					}
					bd[k] = d;
					best[k] = name;
					break;
				}
		}
	out[0] = 0;
	for (unsigned int k = 0; k < 3 && best[k] && used < n; k++)
		used += (size_t)snprintf(out + used, n - used, "%s%s", k ? ", " : "", best[k]);
}

/* The results folder exists (created) and takes a file, before the device is touched. */
static int results_writable(const char *dir, char *err, size_t errlen)
{
	char probe[4096];
	int fd, r = vct_mkdirs(dir);

	if (r) {
		snprintf(err, errlen, "cannot create the results folder %s: %s", dir, strerror(-r > 0 ? -r : errno));
		return -1;
	}
	snprintf(probe, sizeof(probe), "%s/.vct-write-test.%d", dir, (int)getpid());
	fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write into the results folder %s: %s", dir, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(probe);
	return 0;
}

static int run_main(int argc, char **argv)
{
	const struct vct_cmd *cmd = &vct_cmd_run;
	struct run_args a;
	struct vct_cli cli;
	struct vct_run_opts o = { .tap = stdout };
	struct vct_vfio_opts vo = { 0 };
	struct vct_known_quirk *known = NULL;
	struct vct_summary sum;
	struct vct_pci_names names;
	struct vct_dev *vd;
	char err[512] = "";
	unsigned int nmatch = 0;
	int r;

	if ((r = vct_cli_parse(cmd, argc, argv, &a, &cli)) >= 0)
		goto out_cli;
	r = 2;
	/*
	 * A check waits for the device several times, each bounded by --timeout;
	 * a backstop at or below one wait would kill checks that are merely
	 * waiting as told and blame the device for it.
	 */
	if (a.check_timeout <= a.timeout) {
		vct_cli_usage(cmd, "--check-timeout %llu is not above --timeout %llu; give a --check-timeout above "
			      "--timeout (default 60000)", a.check_timeout, a.timeout);
		goto out_cli;
	}
	if (a.only) {
		const struct vct_suite *const *suites = a.robustness ? vct_robust_suites : vct_suites;
		unsigned int nsuites = a.robustness ? vct_nrobust_suites : vct_nsuites;

		for (unsigned int s = 0; s < nsuites; s++)
			for (unsigned int i = 0; i < suites[s]->n; i++)
				nmatch += !fnmatch(a.only, suites[s]->checks[i].name, 0);
		if (!nmatch) {
			char close[256];

			/* The names offered are those --only chose from: robustness cases with --robustness. */
			close_matches(a.only, suites, nsuites, close, sizeof(close));
			if (a.robustness)
				vct_cli_usage(cmd, "--only '%s' matches no robustness case (closest: %s); the README's "
					      "Robustness section lists them", a.only, close);
			else
				vct_cli_usage(cmd, "--only '%s' matches no check (closest: %s); 'vct checks' lists them",
					      a.only, close);
			goto out_cli;
		}
	}
	if (a.pause_before) {
		const struct vct_suite *const *suites = a.robustness ? vct_robust_suites : vct_suites;
		unsigned int nsuites = a.robustness ? vct_nrobust_suites : vct_nsuites;
		unsigned int np = 0;

		for (unsigned int s = 0; s < nsuites; s++)
			for (unsigned int i = 0; i < suites[s]->n; i++)
				np += !fnmatch(a.pause_before, suites[s]->checks[i].name, 0) &&
				      (!a.only || !fnmatch(a.only, suites[s]->checks[i].name, 0));
		if (!np) {
			vct_cli_usage(cmd, "--pause-before '%s' matches no %s this run would run; 'vct checks' lists them",
				      a.pause_before, a.robustness ? "robustness case" : "check");
			goto out_cli;
		}
	}
	if (!a.pause_before && vct_cli_given(cmd, &cli, "pause-ms")) {
		vct_cli_usage(cmd, "--pause-ms goes with --pause-before GLOB (the checks to pause before)");
		goto out_cli;
	}
	if (a.resume_tap && !a.resume_after) {
		vct_cli_usage(cmd, "--resume-tap goes with --resume-after NAME (the check the device died in)");
		goto out_cli;
	}
	if (a.resume_after || a.crashed_message) {
		const struct vct_suite *const *suites = a.robustness ? vct_robust_suites : vct_suites;
		unsigned int nsuites = a.robustness ? vct_nrobust_suites : vct_nsuites;
		bool found = false;

		for (unsigned int s = 0; a.resume_after && s < nsuites; s++)
			for (unsigned int i = 0; i < suites[s]->n; i++)
				found |= !strcmp(a.resume_after, suites[s]->checks[i].name);
		if (!a.resume_after) {
			vct_cli_usage(cmd, "--crashed-message goes with --resume-after NAME (the check the device died in)");
			goto out_cli;
		}
		if (!found || (a.only && fnmatch(a.only, a.resume_after, 0))) {
			vct_cli_usage(cmd, "--resume-after '%s' is not a %s this run would run; 'vct checks' lists them",
				      a.resume_after, a.robustness ? "robustness case" : "check");
			goto out_cli;
		}
	}
	if (a.host_hook && a.host_channel) {
		vct_cli_usage(cmd, "--host-hook and --host-channel are two ways to reach the host: give one");
		goto out_cli;
	}
	if (a.host_hook && !*a.host_hook) {
		vct_cli_usage(cmd, "--host-hook wants a command");
		goto out_cli;
	}
	if (a.known_quirks && vct_known_quirks_load(a.known_quirks, &known, &o.nknown, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		goto out_cli;
	}
	if (a.results && results_writable(a.results, err, sizeof(err))) {
		fprintf(stderr, "vct: %s; give --results a folder you can write\n", err);
		goto out;
	}
	o.results_dir = a.results;
	o.label = a.label;
	o.only = a.only;
	o.resume_after = a.resume_after;
	o.pause_before = a.pause_before;
	o.pause_ms = (unsigned int)a.pause_ms;
	o.crashed_msg = a.crashed_message;
	o.resume_tap = a.resume_tap;
	o.resume_wedged = !strcmp(a.resume_verdict, "wedged");
	o.wait_ms = (int)a.timeout;
	o.check_timeout_ms = (int)a.check_timeout;
	o.tap_version = atoi(a.tap_version);
	o.nofork = a.no_fork;
	o.known = known;
	o.progress = vct_progress_enabled();
	o.robust = a.robustness;
	o.after = a.robustness ? vct_robust_after : NULL;
	vo.allow_noiommu = a.allow_noiommu;
	vo.iova = vct_iova_mode_parse(a.iova);

	if (a.journal && !(o.journal = fopen(a.journal, "a"))) {
		fprintf(stderr, "vct: cannot open the journal %s: %s; give --journal a file or serial line you can write\n",
			a.journal, strerror(errno));
		goto out;
	}
	/* A malformed virtio function is a device under test (its checks fail); a non-virtio one is a usage error. */
	if (vct_dev_open(cli.pos[0], &vo, VCT_BIND_DUT, &vd, err, sizeof(err))) {
		fprintf(stderr, "vct: %s\n", err);
		goto out;
	}
	/* Only the device's host knows what implements a PCI function (the test bed's matrix line says). */
	if (a.implementation && *a.implementation)
		vd->impl = a.implementation;
	if (a.host_hook || a.host_channel) {
		/* An explicit host replaces the one a target brings (the reference device's own). */
		struct vct_host *h = a.host_hook ? vct_host_hook_open(a.host_hook, cli.pos[0], err, sizeof(err))
						 : vct_host_channel_open(a.host_channel, cli.pos[0], err, sizeof(err));

		if (!h) {
			fprintf(stderr, "vct: %s\n", err);
			vct_dev_close(vd);
			goto out;
		}
		vct_host_close(vd->t->host);
		vd->t->host = h;
	}
	/* result.json names the device from the PCI id database (the report would look them up the same way). */
	vct_pci_names_lookup(vd->vendor, vd->device, vd->subsys_vendor, vd->subsys_device, &names);
	o.names = (struct vct_dev_names){ names.vendor, names.device, names.subsys_vendor, names.subsystem,
					  names.source };
	r = vct_run_suites(vd, &o, &sum);
	vct_device_quiesce(vd);
	vct_dev_close(vd);
	if (r) {
		/* The results could not be kept: never a success. */
		fprintf(stderr, "vct: results could not be written to %s/result.json: %s\n", a.results, strerror(-r));
		r = sum.must_fail ? 1 : 3;
		goto out;
	}
	if (a.results)
		fprintf(stderr, "vct: results in %s/result.json\n", a.results);
	r = vct_run_exit(&sum);
out:
	if (o.journal)
		fclose(o.journal);
	free(known);
out_cli:
	free(cli.pos);
	return r;
}
