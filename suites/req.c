/* SPDX-License-Identifier: MIT */
#include "req.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_blk.h>

uint32_t vct_sum(const void *p, size_t n)
{
	/* FNV-1a: enough to notice any change a device makes. */
	const unsigned char *b = p;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

unsigned int vct_req_queues(const struct vct_dev *vd)
{
	switch (vd->type) {
	case VCT_ID_NET:
	case VCT_ID_CONSOLE:
		return 2;	/* receive, transmit */
	default:
		return 1;
	}
}

static void add(struct vct_ctx *c, struct vct_req *r, size_t len, bool write)
{
	struct vct_dma_buf *b = vct_c_dma(c, len);

	r->buf[r->n] = b;
	r->sg[r->n] = (struct vct_sg){ .iova = b->iova, .len = (uint32_t)len, .write = write };
	r->n++;
}

/* An ARP request for the slirp gateway: QEMU's user network answers it, and
 * the reference device loops it back, so either way a frame comes in. */
static void arp_frame(struct vct_ctx *c, uint8_t *p)
{
	static const uint8_t tail[] = { 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1 };
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	if (vct_has(c->vd->features, 5))	/* VIRTIO_NET_F_MAC: use the device's address */
		__vct_dev_config_read(c->vd, 0, mac, 6, 16);
	memset(p, 0, 12 + 60);
	p += 12;	/* virtio_net_hdr_v1, all zero: no offloads */
	memset(p, 0xff, 6);
	memcpy(p + 6, mac, 6);
	memcpy(p + 12, tail, sizeof(tail));
	memcpy(p + 22, mac, 6);
	memcpy(p + 28, (uint8_t[]){ 10, 0, 2, 15 }, 4);
	memcpy(p + 38, (uint8_t[]){ 10, 0, 2, 2 }, 4);
}

void vct_req_writing(struct vct_ctx *c, struct vct_req *r)
{
	memset(r, 0, sizeof(*r));
	switch (c->vd->type) {
	case VCT_ID_ENTROPY:
		r->queue = 0;
		add(c, r, 64, true);
		break;
	case VCT_ID_BLOCK: {
		struct virtio_blk_outhdr *h;

		r->queue = 0;
		add(c, r, sizeof(*h), false);
		h = r->buf[0]->va;
		h->type = htole32(VIRTIO_BLK_T_IN);
		h->sector = htole64(0);
		add(c, r, 512, true);
		add(c, r, 1, true);
		break;
	}
	case VCT_ID_NET:
		r->queue = 0;
		r->trigger_queue = 1;
		r->needs_trigger = true;
		add(c, r, 12 + 1514, true);
		break;
	default:
		vct_skip(c, "no request makes the %s device write on its own", vct_type_name(c->vd->type));
	}
	/* Poison writable buffers so what the device writes is visible. */
	for (unsigned int i = 0; i < r->n; i++)
		if (r->sg[i].write)
			memset(r->buf[i]->va, 0xee, r->buf[i]->len);
		else
			r->readable_sum[i] = vct_sum(r->buf[i]->va, r->buf[i]->len);
}

void vct_req_reading(struct vct_ctx *c, struct vct_req *r)
{
	memset(r, 0, sizeof(*r));
	switch (c->vd->type) {
	case VCT_ID_BLOCK: {
		struct virtio_blk_outhdr *h;

		r->queue = 0;
		add(c, r, sizeof(*h), false);
		h = r->buf[0]->va;
		h->type = htole32(VIRTIO_BLK_T_OUT);
		/* The last sector: sector 0 may hold something a later check reads. */
		h->sector = htole64(8);
		add(c, r, 512, false);
		for (unsigned int i = 0; i < 512; i++)
			((uint8_t *)r->buf[1]->va)[i] = (uint8_t)(i * 7 + 3);
		add(c, r, 1, true);
		break;
	}
	case VCT_ID_NET:
		r->queue = 1;
		add(c, r, 12 + 60, false);
		arp_frame(c, r->buf[0]->va);
		break;
	case VCT_ID_CONSOLE:
		r->queue = 1;
		add(c, r, 32, false);
		memcpy(r->buf[0]->va, "vct: device-readable bytes.....\n", 32);
		break;
	default:
		vct_skip(c, "the %s device has no request with device-readable data", vct_type_name(c->vd->type));
	}
	for (unsigned int i = 0; i < r->n; i++)
		if (!r->sg[i].write)
			r->readable_sum[i] = vct_sum(r->buf[i]->va, r->buf[i]->len);
}

uint32_t vct_req_writable(const struct vct_req *r)
{
	uint32_t w = 0;

	for (unsigned int i = 0; i < r->n; i++)
		w += r->sg[i].write ? r->sg[i].len : 0;
	return w;
}

int vct_req_post(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags)
{
	int head;

	if (r->queue >= b->nq || !b->vq[r->queue])
		vct_abort(c, "request queue %u was not brought up", r->queue);
	head = vct_vq_add(b->vq[r->queue], r->sg, r->n, NULL, flags);
	if (head < 0)
		vct_abort(c, "cannot post a %u-part request on queue %u: %d", r->n, r->queue, head);
	vct_vq_notify(b->vq[r->queue]);
	vct_req_trigger(c, b, r);
	return head;
}

void vct_req_trigger(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r)
{
	if (r->needs_trigger) {
		struct vct_dma_buf *f = vct_c_dma(c, 12 + 60);
		struct vct_sg sg = { .iova = f->iova, .len = 12 + 60 };
		struct vct_used_err e;
		uint32_t len;

		arp_frame(c, f->va);
		if (vct_vq_add(b->vq[r->trigger_queue], &sg, 1, NULL, 0) < 0)
			vct_abort(c, "cannot post the trigger frame");
		vct_vq_notify(b->vq[r->trigger_queue]);
		/* The transmit completion itself is checked by the net suite. */
		vct_vq_wait_used(b->vq[r->trigger_queue], c->timeout_ms, NULL, &len, NULL, &e);
	}
}

void vct_req_check_readable(struct vct_ctx *c, struct vct_req *r)
{
	for (unsigned int i = 0; i < r->n; i++) {
		uint32_t now;

		if (r->sg[i].write)
			continue;
		now = vct_sum(r->buf[i]->va, r->buf[i]->len);
		vct_report(c, now == r->readable_sum[i], "device-readable buffer contents after completion",
			   "unchanged", "buffer %u (%u bytes) changed: checksum 0x%08x, was 0x%08x", i,
			   r->sg[i].len, now, r->readable_sum[i]);
		vct_report(c, vct_dma_canary_check(r->buf[i]) < 0, "bytes after a device-readable buffer",
			   "canary intact", "overwritten at offset %ld", vct_dma_canary_check(r->buf[i]));
	}
}

void vct_req_bring(struct vct_ctx *c, struct vct_bringup *b, bool event_idx)
{
	memset(b, 0, sizeof(*b));
	b->nq = vct_req_queues(c->vd);
	vct_dev_default_features(c->vd, b->features);
	if (event_idx)
		vct_c_need_feature(c, VCT_F_EVENT_IDX);
	else
		vct_clear(b->features, VCT_F_EVENT_IDX);
	b->features_set = true;
	vct_c_bringup(c, b);
}

void vct_req_any(struct vct_ctx *c, struct vct_req *r)
{
	if (c->vd->type == VCT_ID_ENTROPY)
		vct_req_writing(c, r);
	else
		vct_req_reading(c, r);
}

void vct_req_wait_pending(struct vct_ctx *c, struct vct_vq *vq, int ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;

	while (!vct_vq_pending(vq) && vct_now_ms() < deadline)
		vct_dev_poll(c->vd);
}

uint32_t vct_req_round_trip(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags)
{
	uint32_t len = 0;
	int head = vct_req_post(c, b, r, flags);

	vct_c_wait_used(c, b->vq[r->queue], (uint16_t)head, &len);
	return len;
}

uint32_t vct_req_completes(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags,
			   const char *what)
{
	struct vct_used_err e = { 0 };
	uint32_t len = 0;
	uint16_t id = 0;
	int head = vct_req_post(c, b, r, flags);
	int got = vct_vq_wait_used(b->vq[r->queue], c->timeout_ms, &id, &len, NULL, &e);

	vct_require(c, got == 1, what, "completed with a valid used entry",
		    "%s", got == -ETIMEDOUT || got == 0 ? "no used entry within the wait" : e.why);
	vct_require(c, id == (uint16_t)head, what, "completed under its own head id", "used id %u, head %d", id,
		    head);
	return len;
}

int vct_req_interrupted(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, int wait_ms)
{
	uint16_t vec = b->vq[r->queue]->vector_readback;

	if (!c->vd->nvec || vec == VCT_NO_VECTOR || vec >= c->vd->nvec)
		vct_skip(c, "no MSI-X vector is mapped to queue %u", r->queue);
	return vct_dev_irq_wait(c->vd, vec, wait_ms);
}

/*
 * Have the device's host change its device-specific configuration (host
 * action config-change: blk capacity, net link status, console size ...).
 * The change must be visible to this driver: a network device shows its
 * link only with VIRTIO_NET_F_STATUS, a console its size only with
 * VIRTIO_CONSOLE_F_SIZE, so without them the check SKIPs.
 */
void vct_req_config_change(struct vct_ctx *c)
{
	if (c->vd->type == VCT_ID_NET && !vct_has(c->vd->features, 16))
		vct_skip(c, "not offered: VIRTIO_NET_F_STATUS (a link change would not be visible in the configuration)");
	if (c->vd->type == VCT_ID_CONSOLE && !vct_has(c->vd->features, 0))
		vct_skip(c, "not offered: VIRTIO_CONSOLE_F_SIZE (the console has no configuration its host can change)");
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, "", NULL, 0);
}

