/* SPDX-License-Identifier: MIT */
/* The transport-neutral half of the virtio device: everything built on the ops. */
#include "dev.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <linux/virtio_config.h>

#include "devtype.h"
#include "transport.h"
#include "util.h"

void vct_dev_init(struct vct_dev *d, const struct vct_dev_ops *ops, struct vct_transport *t)
{
	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->t = t;
	d->name = t->name;
	d->kind = t->ops->kind;
	d->noiommu = t->noiommu;
	for (unsigned int i = 0; i < VCT_MAX_VECTORS; i++)
		d->efd[i] = -1;
	vct_dma_init(&d->dma, t);
}

void vct_dev_release(struct vct_dev *d)
{
	while (d->nvqs)
		d->vq_free(d->vqs[d->nvqs - 1]);
	if (d->nvec)
		d->ops->irq_bind(d, 0, NULL);
	for (unsigned int i = 0; i < VCT_MAX_VECTORS; i++) {
		if (d->efd[i] >= 0)
			close(d->efd[i]);
		d->efd[i] = -1;
	}
	d->nvec = 0;
	vct_dma_free_all(&d->dma);
}

int vct_dev_iova_mode(struct vct_dev *d, enum vct_iova_mode m, char *err, size_t errlen)
{
	char why[400];
	int r;

	/* A device vct does not drive gets no DMA; a shared-memory back end has no choice to make unless asked. */
	if (m == VCT_IOVA_VA || d->undriven || (m == VCT_IOVA_AUTO && d->t->ops->dma_mem))
		return 0;
	if (m == VCT_IOVA_AUTO && vct_has(d->offered, VCT_F_ACCESS_PLATFORM))
		return 0;
	r = vct_dma_pa_enable(&d->dma, why, sizeof(why));
	if (r) {
		if (m == VCT_IOVA_AUTO)
			snprintf(err, errlen, "%s does not offer VIRTIO_F_ACCESS_PLATFORM, so its DMA may bypass the IOMMU "
				 "and vct must give it physical addresses (--iova pa), but %s", d->name, why);
		else
			snprintf(err, errlen, "%s: %s", d->name, why);
		return r;
	}
	fprintf(stderr, "vct: %s: physical-address DMA (IOVA = physical address, pinned)%s; checks that need an "
		"IOMMU fault SKIP\n", d->name,
		m == VCT_IOVA_PA ? " as --iova pa asks" : ": the device does not offer VIRTIO_F_ACCESS_PLATFORM");
	return 0;
}

void vct_dev_close(struct vct_dev *d)
{
	struct vct_transport *t;
	bool own;

	if (!d)
		return;
	vct_dev_release(d);
	t = d->t;
	own = d->owns_transport;
	d->ops->free(d);
	if (own)
		vct_transport_close(t);
}

void vct_dev_poll(struct vct_dev *d)
{
	if (d->t->ops->poll)
		d->t->ops->poll(d->t);
}

bool vct_dev_inproc(const struct vct_dev *d)
{
	return d->t->ops->poll != NULL;
}

uint8_t vct_dev_status(struct vct_dev *d)
{
	return d->ops->get_status(d);
}

void vct_dev_set_status(struct vct_dev *d, uint8_t s)
{
	d->ops->set_status(d, s);
}

static int reset_wait(struct vct_dev *d, uint64_t deadline, uint8_t *last)
{
	uint8_t s;

	if (d->undriven)
		return -ENODEV;	/* nothing to write device_status to (a malformed device under test) */
	vct_dev_set_status(d, 0);
	for (;;) {
		vct_dev_poll(d);
		s = vct_dev_status(d);
		if (last)
			*last = s;
		if (s == 0)
			return 0;
		if (vct_now_ms() >= deadline)
			return -ETIMEDOUT;
		usleep(100);
	}
}

int __vct_dev_reset(struct vct_dev *d, int timeout_ms, uint8_t *last)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)timeout_ms, prev = vct_wait_enter(deadline);
	int r = reset_wait(d, deadline, last);

	vct_wait_leave(prev);
	return r;
}

uint32_t vct_dev_device_features_word(struct vct_dev *d, uint32_t sel)
{
	return d->ops->get_device_features(d, sel);
}

void vct_dev_driver_features_word(struct vct_dev *d, uint32_t sel, uint32_t val)
{
	d->ops->set_driver_features(d, sel, val);
}

void vct_dev_read_features(struct vct_dev *d, uint64_t f[2])
{
	for (uint32_t w = 0; w < 4; w++) {
		uint64_t v = vct_dev_device_features_word(d, w);

		if (w % 2 == 0)
			f[w / 2] = v;
		else
			f[w / 2] |= v << 32;
	}
}

void vct_dev_read_driver_features(struct vct_dev *d, uint64_t f[2])
{
	f[0] = f[1] = 0;
	for (uint32_t w = 0; w < 4; w++)
		f[w / 2] |= (uint64_t)d->ops->get_driver_features(d, w) << (32 * (w % 2));
}

void vct_dev_write_features(struct vct_dev *d, const uint64_t f[2])
{
	for (uint32_t w = 0; w < 4; w++)
		vct_dev_driver_features_word(d, w, (uint32_t)(f[w / 2] >> (32 * (w % 2))));
}

static void want_named(struct vct_dev *d, const char *const *names, uint64_t want[2])
{
	for (; names && *names; names++) {
		int bit = vct_feature_bit(d->type, *names);

		if (bit >= 0 && vct_has(d->offered, (unsigned int)bit))
			vct_set(want, (unsigned int)bit);
	}
}

void vct_dev_default_features(struct vct_dev *d, uint64_t want[2])
{
	/* What the harness implements, and per device type what its row accepts or the device insists on. */
	static const char *const generic[] = {
		"VIRTIO_F_VERSION_1", "VIRTIO_F_ACCESS_PLATFORM", "VIRTIO_F_INDIRECT_DESC", "VIRTIO_F_EVENT_IDX",
		"VIRTIO_F_RING_RESET", NULL,
	};
	/*
	 * The names resolve by a walk of every bit's name (vct_feature_bit):
	 * hundreds of strcmp() a call, and the fuzz executor asks at every
	 * bring-up (5 % of a TCG guest's blk campaign). The answer depends on
	 * the type and the offered bits alone: kept for the last pair.
	 */
	static _Thread_local struct {
		bool valid;
		uint16_t type;
		uint64_t offered[2], want[2];
	} last;
	const struct vct_drive *dt;

	if (last.valid && last.type == d->type && last.offered[0] == d->offered[0] && last.offered[1] == d->offered[1]) {
		want[0] = last.want[0];
		want[1] = last.want[1];
		return;
	}
	dt = vct_drive_of(d->type);
	want[0] = want[1] = 0;
	want_named(d, generic, want);
	if (dt) {
		want_named(d, dt->defaults, want);
		want_named(d, dt->insists, want);
	}
	last.valid = true;
	last.type = d->type;
	last.offered[0] = d->offered[0];
	last.offered[1] = d->offered[1];
	last.want[0] = want[0];
	last.want[1] = want[1];
}

int __vct_dev_negotiate(struct vct_dev *d, const uint64_t want[2])
{
	int r = __vct_dev_reset(d, 1000, NULL);

	d->features[0] = d->features[1] = 0;
	if (r)
		return r;
	vct_dev_set_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vct_dev_set_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	vct_dev_write_features(d, want);
	vct_dev_set_status(d, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vct_dev_status(d) & VIRTIO_CONFIG_S_FEATURES_OK))
		return -EPROTO;
	d->features[0] = want[0];
	d->features[1] = want[1];
	return 0;
}

bool vct_dev_queue_reset(struct vct_dev *d, uint16_t q, int timeout_ms, uint16_t *reset, uint16_t *enable)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)timeout_ms;

	d->ops->set_queue_reset(d, q, 1);
	do {
		vct_dev_poll(d);
		*reset = d->ops->get_queue_reset(d, q);
		*enable = d->ops->get_queue_enable(d, q);
		if (*reset == 0 && *enable == 0)
			return true;
	} while (vct_now_ms() < deadline);
	return false;
}

int __vct_dev_config_read(struct vct_dev *d, uint32_t off, void *buf, size_t len, int tries)
{
	uint8_t *out = buf;
	uint32_t clen = d->ops->config_len(d);

	if (!clen) {
		uint64_t v;

		/* -EOPNOTSUPP: the transport leaves the configuration to the driver (vhost-user without CONFIG). */
		return d->ops->config_read(d, off, 1, &v) == -EOPNOTSUPP ? -EOPNOTSUPP : -ENODEV;
	}
	if (off > clen || len > clen - off)
		return -ERANGE;
	for (int i = 0; i < tries; i++) {
		uint8_t g1 = d->ops->config_generation(d), g2;
		size_t done = 0;

		while (done < len) {
			/* Natural widths: the device may only support aligned field accesses. */
			uint32_t o = off + (uint32_t)done;
			size_t w = (len - done >= 4 && !(o & 3)) ? 4 : (len - done >= 2 && !(o & 1)) ? 2 : 1;
			uint64_t v;
			int r = d->ops->config_read(d, o, w, &v);

			if (r)
				return r;
			vct_le_store(out + done, v, w);
			done += w;
		}
		g2 = d->ops->config_generation(d);
		if (g1 == g2)
			return 0;
	}
	return -EAGAIN;
}

int __vct_dev_config_write(struct vct_dev *d, uint32_t off, uint64_t val, size_t width)
{
	return d->ops->config_write(d, off, width, val);
}

int __vct_dev_irq_setup(struct vct_dev *d, unsigned int n)
{
	if (n > d->ops->irq_max(d) || n > VCT_MAX_VECTORS)
		return -ERANGE;
	for (unsigned int i = 0; i < n; i++) {
		if (d->efd[i] < 0)
			d->efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (d->efd[i] < 0)
			return -errno;
	}
	d->nvec = n;
	return d->ops->irq_bind(d, n, d->efd);
}

static int irq_wait(struct vct_dev *d, unsigned int vec, uint64_t deadline)
{
	bool inproc = vct_dev_inproc(d);
	uint64_t cnt;

	if (vec >= d->nvec || d->efd[vec] < 0)
		return -EINVAL;
	for (;;) {
		struct pollfd p = { .fd = d->efd[vec], .events = POLLIN };
		uint64_t now;
		int r;

		vct_dev_poll(d);
		now = vct_now_ms();
		r = poll(&p, 1, inproc ? 0 : (int)(deadline > now ? deadline - now : 0));
		if (r > 0 && read(d->efd[vec], &cnt, sizeof(cnt)) == sizeof(cnt))
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (vct_now_ms() >= deadline)
			return 0;
		if (inproc)
			usleep(200);
	}
}

int vct_dev_irq_wait(struct vct_dev *d, unsigned int vec, int timeout_ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	uint64_t prev = vct_wait_enter(deadline);
	int r = irq_wait(d, vec, deadline);

	vct_wait_leave(prev);
	return r;
}

void vct_dev_irq_drain(struct vct_dev *d)
{
	uint64_t cnt;

	for (unsigned int i = 0; i < d->nvec; i++)
		while (d->efd[i] >= 0 && read(d->efd[i], &cnt, sizeof(cnt)) == sizeof(cnt))
			;
	if (!d->nvec && d->ops->irq_status) {
		uint8_t causes;

		d->ops->irq_status(d, &causes);
	}
}

bool vct_dev_has_irq_status(struct vct_dev *d)
{
	return d->ops->irq_status && d->ops->irq_status(d, NULL) == 0;
}

static int irq_wait_status(struct vct_dev *d, uint8_t causes, uint64_t deadline)
{
	for (;;) {
		uint8_t v = 0;
		int r;

		vct_dev_poll(d);
		r = d->ops->irq_status(d, &v);
		if (r)
			return r;
		if (v & causes)
			return 1;
		if (vct_now_ms() >= deadline)
			return 0;
		usleep(200);
	}
}

int vct_dev_irq_wait_status(struct vct_dev *d, uint8_t causes, int timeout_ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0), prev;
	int r;

	if (!d->ops->irq_status)
		return -ENODEV;
	prev = vct_wait_enter(deadline);
	r = irq_wait_status(d, causes, deadline);
	vct_wait_leave(prev);
	return r;
}

void *vct_dev_phys_map(struct vct_dev *d, uint64_t addr, size_t len, char *why, size_t whylen)
{
	if (!d->ops->phys_map) {
		snprintf(why, whylen, "the %s transport gives no access to the machine's memory", d->ops->transport);
		return NULL;
	}
	return d->ops->phys_map(d, addr, len, why, whylen);
}

void vct_dev_phys_unmap(struct vct_dev *d, void *p, size_t len)
{
	if (p && d->ops->phys_unmap)
		d->ops->phys_unmap(d, p, len);
}

int vct_dev_host_action(struct vct_dev *d, const struct vct_host_action *a, char *why, size_t whylen)
{
	if (!d->ops->host_action) {
		snprintf(why, whylen, "the %s transport has no host-side actions", d->ops->transport);
		return -EOPNOTSUPP;
	}
	return d->ops->host_action(d, a, why, whylen);
}
