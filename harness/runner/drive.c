/* SPDX-License-Identifier: MIT */
#include "drive.h"
#include "admin.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_config.h>

void vct_c_reset(struct vct_ctx *c)
{
	uint8_t last = 0;
	int r = __vct_dev_reset(c->vd, c->timeout_ms, &last);

	vct_step_begin(c);
	vct_require(c, r == 0, "device_status after writing 0 (reset)", "0x00 within the wait",
		    "0x%02x after %d ms", last, c->timeout_ms);
	vct_step_end(c);
}

void vct_c_negotiate(struct vct_ctx *c, const uint64_t *want)
{
	uint64_t f[2];
	int r;

	if (want) {
		f[0] = want[0];
		f[1] = want[1];
	} else {
		vct_dev_default_features(c->vd, f);
	}
	r = __vct_dev_negotiate(c->vd, f);
	vct_step_begin(c);
	if (r == -ETIMEDOUT)
		vct_require(c, false, "device_status after reset", "0x00", "not 0 after %d ms", c->timeout_ms);
	vct_require(c, r == 0, "FEATURES_OK after accepting offered features", "FEATURES_OK kept",
		    "status 0x%02x for features 0x%016llx%016llx", vct_dev_status(c->vd),
		    (unsigned long long)f[1], (unsigned long long)f[0]);
	vct_step_end(c);
}

void vct_c_negotiate_refused(struct vct_ctx *c, const uint64_t want[2], const char *what)
{
	int r = __vct_dev_negotiate(c->vd, want);

	/* The reset ahead of negotiation is the device's to complete, as in vct_c_reset(). */
	vct_step_begin(c);
	vct_require(c, r == 0 || r == -EPROTO, "device_status after writing 0 (reset)", "0x00 within the wait",
		    r == -ETIMEDOUT ? "not 0 after the reset wait" : "error %d", r);
	vct_step_end(c);
	vct_report(c, r == -EPROTO, what, "FEATURES_OK cleared: the driver is refused", "kept (status 0x%02x)",
		   vct_dev_status(c->vd));
}

struct vct_vq *vct_c_queue(struct vct_ctx *c, uint16_t q, uint16_t size, uint16_t vector)
{
	struct vct_vq *vq = NULL;
	char why[200] = "";
	int r = __vct_vq_setup(c->vd, q, size, vector, &vq, why, sizeof(why));

	vct_step_begin(c);
	if (r == -ENOMEM || r == -ENOSPC || r == -EOPNOTSUPP)
		vct_abort(c, "queue %u setup: %s", q, why[0] ? why : strerror(-r));
	vct_require(c, r == 0, "queue setup", "a usable queue", "%s", why);
	vct_step_end(c);
	return vq;
}

void vct_c_bringup(struct vct_ctx *c, struct vct_bringup *b)
{
	struct vct_dev *vd = c->vd;
	unsigned int nvec = 0;
	uint16_t cfgvec = VCT_NO_VECTOR;

	if (b->nq > VCT_MAX_QUEUES)
		vct_abort(c, "bring-up of %u queues exceeds %u", b->nq, VCT_MAX_QUEUES);
	vct_c_negotiate(c, b->features_set ? b->features : NULL);
	if (!b->no_irq && vct_dev_irq_max(vd)) {
		nvec = b->nq + 1;
		if (nvec > vct_dev_irq_max(vd))
			nvec = vct_dev_irq_max(vd);
		if (__vct_dev_irq_setup(vd, nvec))
			vct_abort(c, "cannot bind %u MSI-X vectors", nvec);
	}
	if (nvec) {
		cfgvec = 0;
		vd->ops->set_config_vector(vd, cfgvec);
	}
	for (unsigned int i = 0; i < b->nq; i++)
		b->vq[i] = vct_c_queue(c, (uint16_t)i, b->qsizes[i] ? b->qsizes[i] : b->qsize,
				       i + 1 < nvec ? (uint16_t)(i + 1) : (nvec ? 0 : VCT_NO_VECTOR));
	if (b->admin)
		vct_c_admin_queue(c, b->admin);
	if (b->before_driver_ok)
		b->before_driver_ok(c);
	vct_dev_set_status(vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
					VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
	vct_step_begin(c);
	vct_require(c, !(vct_dev_status(vd) & VIRTIO_CONFIG_S_NEEDS_RESET), "device_status after DRIVER_OK",
		    "DEVICE_NEEDS_RESET clear", "0x%02x", vct_dev_status(vd));
	vct_step_end(c);
}

struct vct_dma_buf *vct_c_dma(struct vct_ctx *c, size_t len)
{
	struct vct_dma_buf *b;
	int r = __vct_dma_alloc(&c->vd->dma, len, &b);

	if (r == -EOPNOTSUPP)
		vct_skip(c, "device: DMA is not available on this transport (no-IOMMU mode)");
	if (r)
		vct_abort(c, "cannot map %zu bytes of DMA memory: %s", len, strerror(-r));
	return b;
}

void vct_c_wait_used(struct vct_ctx *c, struct vct_vq *vq, uint16_t expect_id, uint32_t *len)
{
	struct vct_used_err e = { 0 };
	uint16_t id = 0;
	int r = vct_vq_wait_used(vq, c->timeout_ms, &id, len, NULL, &e);

	/*
	 * A buffer with nothing device-writable completed with a used len
	 * (QEMU's input statusq reports the bytes it read): the completion
	 * stands; the len is ring.used_len_backed_by_writes's to judge (D-6a2ebd0e).
	 */
	if (r == -EPROTO && e.overlong && !e.wlen && e.id == expect_id) {
		if (len)
			*len = 0;
		return;
	}
	vct_step_begin(c);
	vct_require(c, r == 1, "used ring entry", "a valid used entry", "%s", e.why);
	vct_report(c, id == expect_id, "used id", "the id of the only outstanding buffer", "%u, expected %u", id,
		   expect_id);
	vct_step_end(c);
}

void vct_c_config(struct vct_ctx *c, uint32_t off, void *buf, size_t len)
{
	int r = __vct_dev_config_read(c->vd, off, buf, len, 64);

	if (r == -EOPNOTSUPP)
		vct_skip(c, "not offered: the transport leaves the device configuration to the driver (vhost-user without VHOST_USER_PROTOCOL_F_CONFIG)");
	vct_step_begin(c);
	if (r == -ENODEV)
		vct_require(c, false, "device configuration capability", "present for this device type",
			    "absent");
	if (r == -ERANGE)
		vct_require(c, false, "device configuration length", "covers the field read",
			    "field at %u+%zu beyond %u bytes", off, len, vct_dev_config_len(c->vd));
	vct_require(c, r == 0, "config_generation across a config read", "stable within 64 reads",
		    "kept changing");
	vct_step_end(c);
}

void vct_c_need_feature(struct vct_ctx *c, unsigned int bit)
{
	const char *n = vct_feature_name(c->vd->type, bit);

	if (!vct_has(c->vd->offered, bit)) {
		if (n)
			vct_skip(c, "not offered: the device does not offer %s", n);
		vct_skip(c, "not offered: the device does not offer feature bit %u", bit);
	}
}

void vct_c_host(struct vct_ctx *c, enum vct_hact a, const char *params, char *out, size_t outlen)
{
	int ms = c->timeout_ms > VCT_HOST_ACT_MS ? c->timeout_ms : VCT_HOST_ACT_MS;
	char msg[200];
	struct vct_host_action req = { .action = a, .params = params, .timeout_ms = ms, .out = out, .outlen = outlen };
	int r = vct_dev_host_action(c->vd, &req, msg, sizeof(msg));

	if (r == -EOPNOTSUPP)
		vct_skip(c, "host action: %s%s%s unavailable on this target (%s)", vct_hact_name(a), params && *params ? " " : "",
			 params ? params : "", msg);
	/* The host is not the device under test: its failures are the harness's. */
	if (r)
		vct_abort(c, "host action %s failed: %s", vct_hact_name(a), msg);
}
