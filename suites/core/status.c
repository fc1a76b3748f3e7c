/* SPDX-License-Identifier: MIT */
/* Basic Facilities of a Virtio Device / Device Status Field and Device Reset. */
#include <linux/virtio_config.h>

#include "req.h"

#define S_ACK VIRTIO_CONFIG_S_ACKNOWLEDGE
#define S_DRV VIRTIO_CONFIG_S_DRIVER
#define S_FOK VIRTIO_CONFIG_S_FEATURES_OK
#define S_DOK VIRTIO_CONFIG_S_DRIVER_OK

/* D-e96f18da: after a reset, device_status reads 0. Reset from a busy state, not an idle one. */
static void reset_reads_zero(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint8_t last = 0xff;
	int r;

	vct_c_bringup(c, &b);
	r = __vct_dev_reset(c->vd, c->timeout_ms, &last);
	vct_report(c, r == 0, "device_status after writing 0 from DRIVER_OK", "0x00", "0x%02x after %d ms", last,
		   c->timeout_ms);
}

static uint32_t feature_word(const uint64_t f[2], unsigned int sel)
{
	return (uint32_t)(f[sel / 2] >> (32 * (sel % 2)));
}

/*
 * D-2cd1add1: a subset the device cannot accept (an unoffered bit) must not
 * keep FEATURES_OK. What the driver accepted is what driver_feature presents:
 * the PCI transport lets a device ignore the write of a bit it never offered
 * and present 0 for it (the note after the driver_feature requirements), and
 * then the accepted set is valid and FEATURES_OK may stay. Only a device that
 * still presents the unoffered bit once FEATURES_OK was written, and keeps
 * FEATURES_OK, accepted a set it could not. Tried in the second word (a
 * reserved bit) and beyond 63 (driver_feature_select 3), each after its own reset.
 */
static void features_ok_refuses_unoffered(struct vct_ctx *c)
{
	int cand[2] = { -1, -1 };

	for (int i = 42; i < 50 && cand[0] < 0; i++)
		if (!vct_has(c->vd->offered, (unsigned int)i))
			cand[0] = i;
	for (int i = 127; i >= 64 && cand[1] < 0; i--)
		if (!vct_has(c->vd->offered, (unsigned int)i))
			cand[1] = i;
	if (cand[0] < 0 && cand[1] < 0)
		vct_skip(c, "device: the device offers every candidate feature bit");
	for (int k = 0; k < 2; k++) {
		unsigned int bit = (unsigned int)cand[k];
		uint64_t f[2], before[2], after[2];
		uint8_t s;

		if (cand[k] < 0)
			continue;
		vct_dev_default_features(c->vd, f);
		vct_set(f, bit);
		vct_c_reset(c);
		vct_dev_set_status(c->vd, S_ACK);
		vct_dev_set_status(c->vd, S_ACK | S_DRV);
		vct_dev_write_features(c->vd, f);
		vct_dev_read_driver_features(c->vd, before);
		vct_dev_set_status(c->vd, S_ACK | S_DRV | S_FOK);
		s = vct_dev_status(c->vd);
		vct_dev_read_driver_features(c->vd, after);
		vct_report(c, !(s & S_FOK) || !vct_has(after, bit),
			   "FEATURES_OK with an unoffered bit written to driver_feature",
			   "FEATURES_OK cleared, or the bit presented as 0 (write ignored)",
			   "status 0x%02x, bit %u (not offered) %s; driver_feature word %u: 0x%08x before FEATURES_OK, 0x%08x after",
			   s, bit, vct_has(after, bit) ? "presented" : "reads 0", bit / 32, feature_word(before, bit / 32),
			   feature_word(after, bit / 32));
	}
}

/* D-3dd90dd0: the device should accept the valid subset a driver picks (here: vct's default). */
static void features_ok_accepts_subset(struct vct_ctx *c)
{
	uint64_t f[2];
	uint8_t s;

	vct_dev_default_features(c->vd, f);
	vct_c_reset(c);
	vct_dev_set_status(c->vd, S_ACK);
	vct_dev_set_status(c->vd, S_ACK | S_DRV);
	vct_dev_write_features(c->vd, f);
	vct_dev_set_status(c->vd, S_ACK | S_DRV | S_FOK);
	s = vct_dev_status(c->vd);
	vct_report(c, s & S_FOK, "device_status after FEATURES_OK with an offered subset", "FEATURES_OK kept",
		   "0x%02x for 0x%016llx%016llx", s, (unsigned long long)f[1], (unsigned long long)f[0]);
}

/* D-ecd8d8b2: a set negotiated once is accepted again after a reset. */
static void renegotiation_after_reset(struct vct_ctx *c)
{
	vct_c_negotiate(c, NULL);
	for (int i = 0; i < 3; i++) {
		uint64_t f[2] = { c->vd->features[0], c->vd->features[1] };
		int r = __vct_dev_negotiate(c->vd, f);

		vct_report(c, r == 0, "FEATURES_OK on re-negotiating the same set after reset", "kept",
			   "round %d: status 0x%02x (%d)", i + 1, vct_dev_status(c->vd), r);
	}
}

/*
 * D-0ec6171d: no buffer consumed and no used buffer notification before
 * DRIVER_OK. The request is posted and notified with FEATURES_OK set but
 * DRIVER_OK not yet; then DRIVER_OK must let it through.
 */
static void no_work_before_driver_ok(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_dev *vd = c->vd;
	struct vct_req r;
	struct vct_vq *vq;
	unsigned int nvec = 0;
	int fired = 0;

	vct_c_negotiate(c, NULL);
	if (vct_dev_irq_max(vd)) {
		nvec = b.nq + 1 <= vct_dev_irq_max(vd) ? b.nq + 1 : 0;
		if (nvec && __vct_dev_irq_setup(vd, nvec))
			vct_abort(c, "cannot bind MSI-X vectors");
	}
	for (unsigned int i = 0; i < b.nq; i++)
		b.vq[i] = vct_c_queue(c, (uint16_t)i, 0, nvec ? (uint16_t)(i + 1) : VCT_NO_VECTOR);
	vct_req_self(c, &r);	/* no outside trigger: net and console transmit */
	vq = b.vq[r.queue];
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	for (int i = 0; i < 20; i++) {
		vct_dev_poll(vd);
		usleep(5000);
	}
	if (nvec)
		fired = vct_dev_irq_wait(vd, r.queue + 1, 1);
	vct_report(c, vct_vq_pending(vq) == 0, "used->idx before DRIVER_OK", "0 (nothing consumed)",
		   "%u used entries", vct_vq_pending(vq));
	vct_report(c, fired != 1, "queue interrupt before DRIVER_OK", "none", "MSI-X vector %u fired", r.queue + 1);
	vct_dev_set_status(vd, S_ACK | S_DRV | S_FOK | S_DOK);
	/* Not a requirement checked here, but tells a stuck device from a strict one. */
	vct_vq_notify(vq);
}

/*
 * Post a request whose last buffer lies in a guard gap (never mapped), so
 * the device cannot complete it, and wait for either DEVICE_NEEDS_RESET or a
 * used entry. Returns the last status; @vqp gets the queue.
 */
static uint8_t post_unreachable(struct vct_ctx *c, struct vct_bringup *b, struct vct_vq **vqp)
{
	struct vct_dev *vd = c->vd;
	struct vct_req r;
	struct vct_vq *vq;
	uint64_t deadline;
	uint8_t s = 0;

	vct_req_answer(c, &r);
	vq = b->vq[r.queue];
	r.sg[r.n - 1].iova = vct_dma_guard_iova(&vd->dma);
	if (vct_vq_add(vq, r.sg, r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	vct_vq_notify(vq);
	vct_req_trigger(c, b, &r);
	deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	while (vct_now_ms() < deadline) {
		vct_dev_poll(vd);
		s = vct_dev_status(vd);
		if ((s & VIRTIO_CONFIG_S_NEEDS_RESET) || vct_vq_pending(vq))
			break;
		usleep(1000);
	}
	*vqp = vq;
	return s;
}

/* D-81f6138b: after NEEDS_RESET while DRIVER_OK, a config change notification follows. Provoke by a fatal ring error. */
static void needs_reset_on_fatal_error(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_dev *vd = c->vd;
	struct vct_vq *vq;
	uint8_t s;
	int fired;

	if (vd->dma.pa)
		vct_skip(c, VCT_SKIP_PA_NOFAULT);
	vct_c_bringup(c, &b);
	vct_dev_irq_drain(vd);
	s = post_unreachable(c, &b, &vq);
	if (vct_vq_pending(vq)) {
		uint32_t ulen = le32toh(vq->used->ring[0].len);

		/* Posted writes into an IOMMU hole can vanish without the device learning of it (QEMU does this). */
		vct_skip(c, "device: the device completed the request (used len %u, status 0x%02x): it saw no error to enter DEVICE_NEEDS_RESET for", ulen, s);
	}
	if (!(s & VIRTIO_CONFIG_S_NEEDS_RESET))
		vct_skip(c, "device: the device did not enter DEVICE_NEEDS_RESET on an unreachable buffer (status 0x%02x); that is a SHOULD (D-5aeb6583)", s);
	fired = vct_req_config_interrupted(c, c->timeout_ms);
	vct_report(c, fired == 1, "configuration change interrupt after DEVICE_NEEDS_RESET", "on the config vector",
		   "none within %d ms", c->timeout_ms);
}

/* D-5aeb6583: a device that cannot reach a buffer should say so with DEVICE_NEEDS_RESET (or complete it). */
static void needs_reset_set_on_error(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_dev *vd = c->vd;
	struct vct_vq *vq;
	uint8_t s;

	if (vd->noiommu)
		vct_skip(c, "device: without an IOMMU a stray buffer address is not an error the device can see");
	if (vd->dma.pa)
		vct_skip(c, VCT_SKIP_PA_NOFAULT);
	vct_c_bringup(c, &b);
	s = post_unreachable(c, &b, &vq);
	vct_report(c, (s & VIRTIO_CONFIG_S_NEEDS_RESET) || vct_vq_pending(vq),
		   "device_status after a request whose buffer faults in the IOMMU",
		   "DEVICE_NEEDS_RESET (0x40) set, or the request completed", "status 0x%02x, nothing used within %d ms",
		   s, c->timeout_ms);
}

static const struct vct_check checks[] = {
	VCT_CHECK("status.reset_reads_zero", "D-e96f18da", reset_reads_zero),
	VCT_CHECK("status.features_ok_accepts_subset", "D-3dd90dd0", features_ok_accepts_subset),
	VCT_CHECK("status.features_ok_refuses_unoffered", "D-2cd1add1", features_ok_refuses_unoffered),
	VCT_CHECK("status.renegotiation_after_reset", "D-ecd8d8b2", renegotiation_after_reset),
	VCT_CHECK("status.no_work_before_driver_ok", "D-0ec6171d", no_work_before_driver_ok,
		  .needs = VCT_NEED_REQUEST),
	VCT_CHECK("status.needs_reset_set_on_error", "D-5aeb6583", needs_reset_set_on_error,
		  .needs = VCT_NEED_REQUEST),
	VCT_CHECK("status.needs_reset_notifies", "D-81f6138b", needs_reset_on_fatal_error,
		  .needs = VCT_NEED_REQUEST),
};

VCT_SUITE(vct_suite_core_status, "core/status", checks);
