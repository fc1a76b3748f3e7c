/* SPDX-License-Identifier: MIT */
/* General Initialization And Device Operation / Device Suspend (VIRTIO_F_SUSPEND). */
#include <errno.h>
#include <string.h>

#include "req.h"

#define F_SUSPEND 43
#define S_SUSPEND 0x10
#define S_ALL_OK (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK)

static void bring_suspendable(struct vct_ctx *c, struct vct_bringup *b)
{
	vct_c_need_feature(c, F_SUSPEND);
	memset(b, 0, sizeof(*b));
	b->nq = vct_req_queues(c->vd);
	vct_dev_default_features(c->vd, b->features);
	vct_set(b->features, F_SUSPEND);
	b->features_set = true;
	vct_c_bringup(c, b);
}

/* Wait until status has @set bits and none of @clear, or NEEDS_RESET; returns the last status. */
static uint8_t wait_status(struct vct_ctx *c, uint8_t set, uint8_t clear)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	uint8_t s;

	do {
		vct_dev_poll(c->vd);
		s = vct_dev_status(c->vd);
		if (((s & set) == set && !(s & clear)) || (s & VIRTIO_CONFIG_S_NEEDS_RESET))
			return s;
		usleep(200);
	} while (vct_now_ms() < deadline);
	return s;
}

/* Suspend a running device; SKIP (the failure is suspend.suspends_or_needs_reset's) when it does not. */
static void suspend(struct vct_ctx *c)
{
	uint8_t s;

	vct_dev_set_status(c->vd, S_ALL_OK | VIRTIO_CONFIG_S_DRIVER_OK | S_SUSPEND);
	s = wait_status(c, S_SUSPEND, VIRTIO_CONFIG_S_DRIVER_OK);
	if ((s & (S_SUSPEND | VIRTIO_CONFIG_S_DRIVER_OK)) != S_SUSPEND)
		vct_skip(c, "device: the device did not suspend (status 0x%02x; suspend.suspends_or_needs_reset reports it)", s);
}

/* D-02561016: before DRIVER_OK the SUSPEND bit is ignored. */
static void ignored_before_driver_ok(struct vct_ctx *c)
{
	uint64_t f[2];
	uint8_t s;

	vct_c_need_feature(c, F_SUSPEND);
	vct_dev_default_features(c->vd, f);
	vct_set(f, F_SUSPEND);
	vct_c_negotiate(c, f);
	vct_dev_set_status(c->vd, S_ALL_OK | S_SUSPEND);
	s = vct_dev_status(c->vd);
	vct_report(c, !(s & S_SUSPEND), "device_status after writing SUSPEND before DRIVER_OK", "SUSPEND ignored (clear)",
		   "0x%02x", s);
}

/* D-dd8d4510: SUSPEND on a running device: suspended (SUSPEND, no DRIVER_OK) or DEVICE_NEEDS_RESET. */
static void suspends_or_needs_reset(struct vct_ctx *c)
{
	struct vct_bringup b;
	uint8_t s;

	bring_suspendable(c, &b);
	vct_dev_set_status(c->vd, S_ALL_OK | VIRTIO_CONFIG_S_DRIVER_OK | S_SUSPEND);
	s = wait_status(c, S_SUSPEND, VIRTIO_CONFIG_S_DRIVER_OK);
	vct_report(c, (s & VIRTIO_CONFIG_S_NEEDS_RESET) || (s & (S_SUSPEND | VIRTIO_CONFIG_S_DRIVER_OK)) == S_SUSPEND,
		   "device_status after the driver set SUSPEND", "SUSPEND set and DRIVER_OK clear, or DEVICE_NEEDS_RESET",
		   "0x%02x after %d ms", s, c->timeout_ms);
}

/* D-7c8c9e55: suspended, the device neither touches its queues nor notifies, and its configuration holds still. */
static void quiet_while_suspended(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint8_t cfg0[64] = { 0 }, cfg1[64] = { 0 };
	size_t clen = vct_dev_config_len(c->vd) < sizeof(cfg0) ? vct_dev_config_len(c->vd) & ~(size_t)3 : sizeof(cfg0);

	bring_suspendable(c, &b);
	suspend(c);
	if (clen)
		vct_c_config(c, 0, cfg0, clen);
	vct_req_self(c, &r);
	vq = b.vq[r.queue];
	vct_dev_irq_drain(c->vd);
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	for (int i = 0; i < 20; i++) {
		vct_dev_poll(c->vd);
		usleep(5000);
	}
	vct_report(c, vct_vq_pending(vq) == 0, "used ring while suspended", "untouched", "%u entries used",
		   vct_vq_pending(vq));
	for (unsigned int v = 0; v < c->vd->nvec; v++)
		vct_report(c, vct_dev_irq_wait(c->vd, v, 1) != 1, "interrupts while suspended", "none", "vector %u fired",
			   v);
	if (clen) {
		vct_c_config(c, 0, cfg1, clen);
		vct_report(c, !memcmp(cfg0, cfg1, clen), "device configuration while suspended", "unchanged",
			   "changed");
	}
}

/* D-b25a74d3: DRIVER_OK on a suspended device: it runs again (SUSPEND clear, work done) or asks for a reset. */
static void resumes_or_needs_reset(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t len;
	uint8_t s;
	int head;

	bring_suspendable(c, &b);
	suspend(c);
	vct_req_self(c, &r);
	vq = b.vq[r.queue];
	head = vct_vq_add(vq, r.sg, r.n, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	vct_dev_set_status(c->vd, S_ALL_OK | VIRTIO_CONFIG_S_DRIVER_OK);
	s = wait_status(c, VIRTIO_CONFIG_S_DRIVER_OK, S_SUSPEND);
	vct_require(c, (s & VIRTIO_CONFIG_S_NEEDS_RESET) || (s & (S_SUSPEND | VIRTIO_CONFIG_S_DRIVER_OK)) == VIRTIO_CONFIG_S_DRIVER_OK,
		    "device_status after DRIVER_OK on a suspended device", "DRIVER_OK set and SUSPEND clear, or DEVICE_NEEDS_RESET",
		    "0x%02x after %d ms", s, c->timeout_ms);
	if (s & VIRTIO_CONFIG_S_NEEDS_RESET)
		return;
	vct_vq_notify(vq);	/* a device may want a fresh notification after resume */
	{
		struct vct_used_err e = { 0 };
		uint16_t id = 0;
		int got = vct_vq_wait_used(vq, c->timeout_ms, &id, &len, NULL, &e);

		/* Normal operation again: the request posted while suspended completes. */
		vct_require(c, got == 1 && id == (uint16_t)head, "the request posted while suspended, after resume",
			    "completed", "%s", got == 1 ? "another id" : got < 0 && got != -ETIMEDOUT ? e.why : "no used entry");
	}
}

/* A host-side configuration change while suspended (host action config-change); SKIP where the host has none. */
static void change_while_suspended(struct vct_ctx *c, struct vct_bringup *b)
{
	bring_suspendable(c, b);
	if (!c->vd->nvec)
		vct_skip(c, "device: no MSI-X vector for configuration changes");
	suspend(c);
	vct_dev_irq_drain(c->vd);
	vct_req_config_change(c);
}

/* D-5a8abaca: no configuration change notification while suspended. */
static void no_config_notify_suspended(struct vct_ctx *c)
{
	struct vct_bringup b;

	change_while_suspended(c, &b);
	vct_report(c, vct_dev_irq_wait(c->vd, 0, 20) != 1, "configuration change interrupt while suspended", "none",
		   "config vector 0 fired");
}

/* D-0378a3d8: the change made while suspended is notified once the device resumes. */
static void config_notify_at_resume(struct vct_ctx *c)
{
	struct vct_bringup b;

	change_while_suspended(c, &b);
	vct_dev_irq_wait(c->vd, 0, 20);	/* a premature one is suspend.no_config_notify's finding */
	vct_dev_set_status(c->vd, S_ALL_OK | VIRTIO_CONFIG_S_DRIVER_OK);
	wait_status(c, VIRTIO_CONFIG_S_DRIVER_OK, S_SUSPEND);
	vct_report(c, vct_dev_irq_wait(c->vd, 0, c->timeout_ms) == 1, "configuration change interrupt after resume",
		   "delivered", "none within %d ms", c->timeout_ms);
}

static const struct vct_check checks[] = {
	VCT_CHECK("suspend.ignored_before_driver_ok", "D-02561016", ignored_before_driver_ok),
	VCT_CHECK("suspend.suspends_or_needs_reset", "D-dd8d4510", suspends_or_needs_reset),
	VCT_CHECK("suspend.quiet_while_suspended", "D-7c8c9e55", quiet_while_suspended, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("suspend.resumes_or_needs_reset", "D-b25a74d3", resumes_or_needs_reset, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("suspend.no_config_notify", "D-5a8abaca", no_config_notify_suspended),
	VCT_CHECK("suspend.config_notify_at_resume", "D-0378a3d8", config_notify_at_resume),
};

VCT_SUITE(vct_suite_core_suspend, "core/suspend", checks);
