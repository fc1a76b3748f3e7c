/* SPDX-License-Identifier: MIT */
/* The health probe (health.h): one verdict for what a broken rule left the device in. */
#include "health.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "req.h"

#define S_DRIVER_OK 4
#define S_NEEDS_RESET 64
#define S_FAILED 128

const char *vct_verdict_name(enum vct_verdict v)
{
	switch (v) {
	case VCT_VERDICT_NONE: return "-";
	case VCT_VERDICT_HANDLED: return "handled";
	case VCT_VERDICT_NEEDS_RESET: return "needs-reset";
	case VCT_VERDICT_WEDGED: return "wedged";
	case VCT_VERDICT_CRASHED: return "crashed";
	case VCT_VERDICT_CORRUPTED: return "corrupted";
	}
	return "?";
}

const char *vct_verdict_severity(enum vct_verdict v)
{
	switch (v) {
	case VCT_VERDICT_CRASHED:
	case VCT_VERDICT_CORRUPTED:
		return "critical";	/* a guest takes the device (and with QEMU its VM) down, or reaches memory it was not given */
	case VCT_VERDICT_WEDGED:
		return "high";		/* a guest denies the device to itself until the host steps in */
	default:
		return NULL;
	}
}

/* Evidence strings are cut to their fields' sizes (as __vct_report does). */
static void say(struct vct_health *h, const char *what, const char *expected, const char *seen)
{
	snprintf(h->what, sizeof(h->what), "%.*s", (int)sizeof(h->what) - 1, what);
	snprintf(h->expected, sizeof(h->expected), "%.*s", (int)sizeof(h->expected) - 1, expected);
	snprintf(h->seen, sizeof(h->seen), "%.*s", (int)sizeof(h->seen) - 1, seen);
}

/* Step 1: memory the device was not given, or was given to read only. */
static bool corrupted(struct vct_dev *vd, const struct vct_health_in *in, struct vct_health *h)
{
	char seen[192];

	for (size_t i = 0; i < vd->dma.n; i++) {
		const struct vct_dma_buf *b = vd->dma.bufs[i];
		long k = b ? vct_dma_canary_check(b) : -1;

		if (k < 0)
			continue;
		snprintf(seen, sizeof(seen), "buffer iova 0x%llx (%zu bytes): byte %ld past its end changed to 0x%02x",
			 (unsigned long long)b->iova, b->len, k - (long)b->len, ((const uint8_t *)b->va)[k]);
		say(h, "memory after the end of a buffer given to the device", "untouched (canary)", seen);
		h->dstmt = "D-d61ea6f6";
		return true;
	}
	for (unsigned int i = 0; in && i < in->nreadable; i++) {
		const struct vct_dma_buf *b = in->readable[i];
		uint32_t now = vct_sum(b->va, b->len);

		if (now == in->sums[i])
			continue;
		snprintf(seen, sizeof(seen), "buffer iova 0x%llx (%zu bytes): checksum 0x%08x, was 0x%08x",
			 (unsigned long long)b->iova, b->len, now, in->sums[i]);
		say(h, "memory the device may only read (a device-readable buffer or a descriptor table)", "unchanged",
		    seen);
		h->dstmt = in->stmts && in->stmts[i] ? in->stmts[i] : "D-d61ea6f6";
		return true;
	}
	return false;
}

/* Run @fn under its own check context, as the runner runs a body (setjmp on a context reached by pointer). */
static void guarded(struct vct_ctx *c, void (*fn)(struct vct_ctx *c, void *arg), void *arg)
{
	c->res.outcome = VCT_PASS;
	if (setjmp(c->out) == 0)
		fn(c, arg);
	if (c->res.outcome == VCT_PASS && c->res.nfail)
		c->res.outcome = VCT_FAIL;
}

/* What one_request is given: a running bring-up, or NULL for a fresh one (polled: without vectors). */
struct probe_arg {
	struct vct_bringup *live;
	bool polled;
};

static void one_request(struct vct_ctx *c, void *arg)
{
	const struct probe_arg *a = arg;
	struct vct_bringup *b = a->live, fresh;
	struct vct_req r;

	if (!b) {
		vct_req_bring_polled(c, &fresh, false, a->polled);
		b = &fresh;
	}
	memset(&r, 0, sizeof(r));
	vct_req_self(c, &r);
	if (r.queue >= b->nq || !b->vq[r.queue])
		vct_skip(c, "device: the request's queue is not running");
	vct_req_round_trip(c, b, &r, 0);
}

static const struct vct_check probe_row = { .name = "health-probe", .stmt = "-" };

/*
 * A well-formed request on @b (NULL: after a fresh bring-up). 1 works, 0 does
 * not (evidence in @h), -1 the type has no request the device completes on
 * its own: then a bring-up that keeps DRIVER_OK without NEEDS_RESET or FAILED
 * is all the probe can ask.
 */
static int request_works(struct vct_dev *vd, struct vct_bringup *b, bool polled, int timeout_ms, struct vct_health *h)
{
	struct vct_ctx c = { .vd = vd, .check = &probe_row, .timeout_ms = timeout_ms };
	struct probe_arg a = { .live = b, .polled = polled };
	uint8_t st;

	guarded(&c, one_request, &a);
	if (c.res.outcome == VCT_PASS)
		return 1;
	if (c.res.outcome == VCT_FAIL || c.res.outcome == VCT_ERROR) {
		const struct vct_evidence *e = c.res.nev ? &c.res.ev[0] : NULL;

		if (e)
			say(h, e->what, e->expected, e->seen);
		else
			say(h, "a well-formed request", "completed", c.res.reason);
		return 0;
	}
	/* SKIP: no request of its own (or its queue is gone): the status decides. */
	st = vct_dev_status(vd);
	if ((st & S_DRIVER_OK) && !(st & (S_NEEDS_RESET | S_FAILED)) && st != 0xff)
		return -1;
	{
		char seen[192];

		snprintf(seen, sizeof(seen), "device_status 0x%02x after bring-up (%.150s)", st, c.res.reason);
		say(h, "bring-up after a reset", "DRIVER_OK kept, no NEEDS_RESET or FAILED", seen);
	}
	return 0;
}

/* A reset of the whole function below virtio (PCI FLR); -ENOTTY where there is none. */
static int function_reset(struct vct_dev *vd)
{
	return vd->ops->function_reset ? vd->ops->function_reset(vd) : -ENOTTY;
}

static int reset_and_request(struct vct_dev *vd, bool polled, int timeout_ms, struct vct_health *h)
{
	uint8_t last = 0;

	if (__vct_dev_reset(vd, timeout_ms, &last)) {
		char seen[192];

		snprintf(seen, sizeof(seen), "device_status 0x%02x %d ms after writing 0", last, timeout_ms);
		say(h, "device reset", "device_status reads 0", seen);
		return 0;
	}
	/* The fresh bring-up adds queues and buffers of its own; what the case had stays until the caller releases it. */
	return request_works(vd, NULL, polled, timeout_ms, h);
}

void vct_health_probe(struct vct_dev *vd, const struct vct_health_in *in, int timeout_ms, struct vct_health *h)
{
	uint8_t st;
	int r;

	memset(h, 0, sizeof(*h));
	if (!(in && in->memory_checked) && corrupted(vd, in, h)) {
		h->verdict = VCT_VERDICT_CORRUPTED;
		return;
	}
	st = vct_dev_status(vd);
	if (st != 0xff && (st & S_NEEDS_RESET)) {
		h->needs_reset = true;
		h->driver_ok = st & S_DRIVER_OK;
		if (h->driver_ok && vd->nvec && !(in && in->no_notification))
			h->notified = vct_dev_irq_wait(vd, 0, timeout_ms < 1000 ? timeout_ms : 1000) == 1;
	}
	if (!h->needs_reset && in && in->live) {
		h->live_tried = true;
		h->live_ok = request_works(vd, in->live, false, in->live_ms > 0 && in->live_ms < timeout_ms ? in->live_ms : timeout_ms,
					   h) != 0;
		if (h->live_ok) {
			h->verdict = VCT_VERDICT_HANDLED;
			return;
		}
	}
	r = reset_and_request(vd, in && in->polled, timeout_ms, h);
	if (r < 0)
		h->no_request = true;
	if (r) {
		h->verdict = h->needs_reset || h->live_tried ? VCT_VERDICT_NEEDS_RESET : VCT_VERDICT_HANDLED;
		if (h->needs_reset && h->driver_ok && vd->nvec && !h->notified && !(in && in->no_notification)) {
			/* D-81f6138b: with DRIVER_OK, setting DEVICE_NEEDS_RESET comes with a configuration change notification. */
			say(h, "configuration change notification after DEVICE_NEEDS_RESET (DRIVER_OK set)",
			    "sent (MSI-X configuration vector)", "none came within the wait");
			h->dstmt = "D-81f6138b";
		} else {
			h->what[0] = h->expected[0] = h->seen[0] = 0;
		}
		return;
	}
	h->verdict = VCT_VERDICT_WEDGED;
	if (function_reset(vd) == 0) {
		struct vct_health again = { 0 };

		h->flr_tried = true;
		h->flr_recovers = reset_and_request(vd, in && in->polled, timeout_ms, &again) != 0;
	}
}

void vct_health_note(const struct vct_health *h, char *buf, size_t n)
{
	const char *after;

	switch (h->verdict) {
	case VCT_VERDICT_HANDLED:
		after = h->live_ok ? "completed a well-formed request without a reset" :
			h->no_request ? "keeps DRIVER_OK after a reset and bring-up (no request of its own to send)" :
			"works after a virtio reset";
		break;
	case VCT_VERDICT_NEEDS_RESET:
		after = "works after a virtio reset";
		break;
	case VCT_VERDICT_WEDGED:
		after = !h->flr_tried ? "a virtio reset does not bring it back; no function-level reset on this transport" :
			h->flr_recovers ? "a virtio reset does not bring it back; a function-level reset does" :
			"neither a virtio reset nor a function-level reset brings it back";
		break;
	case VCT_VERDICT_CORRUPTED:
		after = "wrote memory it was not given to write (the evidence says where)";
		break;
	default:
		after = "";
		break;
	}
	if (h->needs_reset)
		snprintf(buf, n, "DEVICE_NEEDS_RESET %s; %s",
			 !h->driver_ok ? "(before DRIVER_OK)" : h->notified ? "with its notification" :
			 "without a configuration change notification", after);
	else if (h->live_tried && !h->live_ok)
		snprintf(buf, n, "stopped answering without DEVICE_NEEDS_RESET; %s", after);
	else
		snprintf(buf, n, "%s", after);
}
