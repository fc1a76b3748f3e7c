/* SPDX-License-Identifier: MIT */
/*
 * The health probe after each fuzz program (fz_exec_opts.health): the
 * robustness runner's own probe (suites/robust/health.h) on what the program
 * left, so one device state gets one verdict whoever provoked it, and the
 * verdicts vct reports as fuzz findings. Linked into vct only: the engines'
 * in-process targets get a fresh reference device per execution.
 */
#include "exec.h"

#include <stdio.h>
#include <string.h>

#include "robust/health.h"

void fz_health_probe(struct vct_dev *vd, struct vct_vq *const *live, unsigned int nlive, int live_ms, int timeout_ms,
		     struct fz_health_out *out)
{
	struct vct_bringup b;
	/* The executor checked every buffer with what it let the device write (check_bufs). */
	struct vct_health_in in = { .memory_checked = true, .polled = true, .live_ms = live_ms, .no_notification = true };
	struct vct_health h;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	b.no_irq = true;
	/* The program's bring-up, still running: its queues adopted by vct's driver (vct_vq_adopt). */
	for (unsigned int i = 0; live && i < nlive && i < VCT_MAX_QUEUES; i++) {
		if (!live[i])
			continue;
		b.vq[i] = live[i];
		b.nq = i + 1u;
		in.live = &b;
		in.live_q = (uint16_t)i;
	}
	vct_health_probe(vd, &in, timeout_ms, &h);
	out->verdict = (int)h.verdict;
	out->live_ok = h.live_ok;
	if (h.verdict == VCT_VERDICT_WEDGED && h.flr_recovers && !strcmp(vd->ops->transport, "vhost-user")) {
		/*
		 * Over vhost-user a function-level reset is a new session: the
		 * old one was over. The probe's own ring stops never end one
		 * (fz_run calls it unpipelined), so the back end ended it, during
		 * the probe: the back-end oracle's finding, not a wedged device.
		 */
		out->finding = true;
		snprintf(out->oracle, sizeof(out->oracle), "backend-closed");
		out->stmt = "-";
		snprintf(out->what, sizeof(out->what), "the vhost-user session");
		snprintf(out->expected, sizeof(out->expected), "kept by the back end");
		snprintf(out->seen, sizeof(out->seen), "the back end ended it during the health probe (a new session works)");
		return;
	}
	if (h.verdict == VCT_VERDICT_WEDGED) {
		/* Neither the program's queue nor a reset and a fresh bring-up get a well-formed request through. */
		out->finding = true;
		snprintf(out->oracle, sizeof(out->oracle), "wedged");
		out->stmt = "-";
	}
	/*
	 * Not reported here: DEVICE_NEEDS_RESET without its configuration change
	 * notification (D-81f6138b). A program chooses its own vectors (or
	 * none for the configuration) and the executor drains eventfds as it
	 * goes, so a missing notification is not the device's fault for sure;
	 * the robustness runner checks it on a bring-up of its own. So the probe
	 * does not wait for one either (no_notification): with a program's
	 * vectors bound and none for the configuration, that wait was the whole
	 * grace (250 ms or more) for 1 % of the programs, 40 % of a campaign.
	 */
	if (out->finding) {
		char note[160];

		vct_health_note(&h, note, sizeof(note));
		snprintf(out->what, sizeof(out->what), "%.*s", (int)sizeof(out->what) - 1, h.what[0] ? h.what : "the device after the program");
		snprintf(out->expected, sizeof(out->expected), "%.*s", (int)sizeof(out->expected) - 1,
			 h.expected[0] ? h.expected : "works after a virtio reset");
		snprintf(out->seen, sizeof(out->seen), "%.90s (%.90s)", h.seen[0] ? h.seen : "-", note);
	}
}
