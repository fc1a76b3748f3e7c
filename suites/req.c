/* SPDX-License-Identifier: MIT */
#include "req.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_blk.h>

#include "types/types.h"

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
	uint64_t f[2];
	unsigned int n;

	vct_dev_default_features((struct vct_dev *)vd, f);
	n = vct_devtype_nqueues(vd, f, VCT_MAX_QUEUES);
	return n ? n : 1;
}

void *vct_req_add(struct vct_ctx *c, struct vct_req *r, size_t len, bool write)
{
	struct vct_dma_buf *b;

	if (r->n >= ARRAY_SIZE(r->sg))
		vct_abort(c, "request model %s has more than %zu parts", r->model ? r->model->what : "?",
			  ARRAY_SIZE(r->sg));
	b = vct_c_dma(c, len);
	memset(b->va, 0, len);
	r->buf[r->n] = b;
	r->sg[r->n] = (struct vct_sg){ .iova = b->iova, .len = (uint32_t)len, .write = write };
	r->n++;
	return b->va;
}

uint64_t vct_req_cfg(struct vct_ctx *c, const char *name)
{
	const struct vct_cfg_field *f = vct_cfg_field(c->vd->type, name);
	uint8_t b[8] = { 0 };

	if (!f || f->width > 8)
		vct_abort(c, "the %s row has no configuration field %s", vct_type_name(c->vd->type), name);
	vct_c_config(c, f->off, b, f->width);
	return vct_le_load(b, f->width);
}

uint16_t vct_req_queue(struct vct_ctx *c, const char *name)
{
	uint64_t f[2];
	int q;

	vct_dev_default_features(c->vd, f);
	q = vct_devtype_queue_index(c->vd, f, name);
	if (q < 0)
		vct_skip(c, "device: the %s device has no %s with the features vct accepts (num_queues %u)",
			 vct_type_name(c->vd->type), name, c->vd->num_queues);
	if (q >= VCT_MAX_QUEUES)
		vct_skip(c, "device: the %s device's %s is queue %d, past the %u queues vct brings up",
			 vct_type_name(c->vd->type), name, q, VCT_MAX_QUEUES);
	return (uint16_t)q;
}

size_t vct_req_written(const struct vct_req *r, uint32_t off, void *out, size_t n)
{
	uint8_t *o = out;
	size_t got = 0;

	for (unsigned int i = 0; i < r->n && got < n; i++) {
		size_t k;

		if (!r->sg[i].write)
			continue;
		if (off >= r->sg[i].len) {
			off -= r->sg[i].len;
			continue;
		}
		k = r->sg[i].len - off < n - got ? r->sg[i].len - off : n - got;
		memcpy(o + got, (uint8_t *)r->buf[i]->va + off, k);
		got += k;
		off = 0;
	}
	return got;
}

void vct_req_build(struct vct_ctx *c, struct vct_req *r, const struct vct_req_model *m)
{
	memset(r, 0, sizeof(*r));
	r->model = m;
	m->build(c, r);
	/* Poison writable buffers so what the device writes is visible; remember the readable ones. */
	for (unsigned int i = 0; i < r->n; i++)
		if (r->sg[i].write)
			memset(r->buf[i]->va, 0xee, r->buf[i]->len);
		else
			r->readable_sum[i] = vct_sum(r->buf[i]->va, r->buf[i]->len);
}

static void build_for(struct vct_ctx *c, struct vct_req *r, unsigned int need)
{
	const struct vct_req_model *m;
	char why[200];

	m = vct_req_model_for(c->vd->type, need, why, sizeof(why));
	if (!m)
		vct_skip(c, "%s", why);
	vct_req_build(c, r, m);
}

void vct_req_writing(struct vct_ctx *c, struct vct_req *r)
{
	build_for(c, r, VCT_NEED_WRITING);
}

void vct_req_reading(struct vct_ctx *c, struct vct_req *r)
{
	build_for(c, r, VCT_NEED_READING);
}

void vct_req_self(struct vct_ctx *c, struct vct_req *r)
{
	build_for(c, r, VCT_NEED_REQUEST);
}

static const struct vct_req_model *answerable(const struct vct_req_model *m)
{
	return m && m->provoke != VCT_PROVOKE_HOST ? m : NULL;
}

void vct_req_answer(struct vct_ctx *c, struct vct_req *r)
{
	const struct vct_type_models *dt = vct_models_of(c->vd->type);

	if (dt && !answerable(dt->writing) && answerable(dt->reading))
		vct_req_reading(c, r);
	else
		vct_req_writing(c, r);
}

void vct_req_multipart(struct vct_ctx *c, struct vct_req *r)
{
	const struct vct_type_models *dt = vct_models_of(c->vd->type);
	unsigned int big = 0;

	if (dt && answerable(dt->writing)) {
		vct_req_writing(c, r);
		if (r->n >= 2)
			return;
	}
	if (dt && answerable(dt->reading)) {
		vct_req_reading(c, r);
		if (r->n >= 2)
			return;
	}
	if (!r->n)
		vct_req_answer(c, r);	/* SKIPs with the row's reason */
	/* One buffer: cut it in two, which the device must take the same (message framing, D-5db902d8). */
	for (unsigned int i = 1; i < r->n; i++)
		big = r->sg[i].len > r->sg[big].len ? i : big;
	if (r->sg[big].len < 2)
		vct_skip(c, "spec: %s is a single byte, which no descriptor split can carry in two", r->model->what);
	if (r->n >= ARRAY_SIZE(r->sg))
		vct_abort(c, "%s has no room for one more descriptor", r->model->what);
	/* sg, buf and readable_sum stay parallel: the second half has no buffer of its own. */
	memmove(&r->sg[big + 2], &r->sg[big + 1], sizeof(r->sg[0]) * (r->n - big - 1));
	memmove(&r->buf[big + 2], &r->buf[big + 1], sizeof(r->buf[0]) * (r->n - big - 1));
	memmove(&r->readable_sum[big + 2], &r->readable_sum[big + 1], sizeof(r->readable_sum[0]) * (r->n - big - 1));
	r->buf[big + 1] = NULL;
	r->sg[big + 1] = (struct vct_sg){ r->sg[big].iova + r->sg[big].len / 2, r->sg[big].len - r->sg[big].len / 2,
					 r->sg[big].write };
	r->sg[big].len /= 2;
	r->n++;
}

/* The request still has the buffers its model built (a check may have re-cut it). */
static bool as_built(const struct vct_req *r)
{
	for (unsigned int i = 0; i < r->n; i++)
		if (!r->buf[i] || r->sg[i].iova != r->buf[i]->iova || r->sg[i].len != r->buf[i]->len)
			return false;
	return r->n > 0;
}

void vct_req_validate(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const struct vct_req_model *m = r->model;

	if (!m || !as_built(r))
		return;
	/* VCT_LEN_UNREPORTED: a packed-ring used descriptor without WRITE carries no length (Element Length). */
	if (m->must_write && len != VCT_LEN_UNREPORTED)
		vct_report(c, len >= m->must_write && vct_req_writable(r) >= m->must_write,
			   "used len of the answer", "covers the response the request owes",
			   "%s: len %u, the response is %u bytes", m->what, len, m->must_write);
	if (m->check && len >= m->must_write)
		m->check(c, r, len);
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
	if (r->model && r->model->trigger)
		r->model->trigger(c, b, r);
}

void vct_req_check_readable(struct vct_ctx *c, struct vct_req *r)
{
	for (unsigned int i = 0; i < r->n; i++) {
		uint32_t now;

		if (r->sg[i].write || !r->buf[i])	/* no buffer: the second half of a cut one */
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
	vct_req_bring_polled(c, b, event_idx, false);
}

void vct_req_bring_polled(struct vct_ctx *c, struct vct_bringup *b, bool event_idx, bool polled)
{
	memset(b, 0, sizeof(*b));
	b->no_irq = polled;
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
	const struct vct_type_models *dt = vct_models_of(c->vd->type);

	if (dt && dt->reading && dt->reading->provoke == VCT_PROVOKE_SELF)
		vct_req_reading(c, r);
	else
		vct_req_self(c, r);
}

void vct_req_wait_pending(struct vct_ctx *c, struct vct_vq *vq, int ms)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;

	while (!vct_vq_pending(vq) && vct_now_ms() < deadline)
		vct_dev_poll(c->vd);
}

/* A packed-ring used descriptor without WRITE carries no length (Element Length): VCT_LEN_UNREPORTED. */
static uint32_t vct_req_reported_len(struct vct_bringup *b, const struct vct_req *r, uint32_t len)
{
	const struct vct_vq *vq = b->vq[r->queue];

	return vq->packed && !(vq->last_used_flags & VRING_DESC_F_WRITE) ? VCT_LEN_UNREPORTED : len;
}

uint32_t vct_req_round_trip(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, unsigned int flags)
{
	struct vct_used_err e = { 0 };
	uint32_t len = 0;
	uint16_t id = 0;
	int head = vct_req_post(c, b, r, flags), got;

	got = vct_vq_wait_used(b->vq[r->queue], c->timeout_ms, &id, &len, NULL, &e);
	/* As vct_c_wait_used: a readable-only buffer completed with a used len is the used-len check's to judge. */
	if (got == -EPROTO && e.overlong && !e.wlen && e.id == (uint32_t)head) {
		got = 1;
		id = (uint16_t)head;
		len = 0;
	}
	vct_step_begin(c);
	vct_require(c, got == 1, "used ring entry", "a valid used entry", "%s", e.why);
	vct_report(c, id == head, "used id", "the id of the only outstanding buffer", "%u, expected %d", id, head);
	vct_step_end(c);
	vct_req_validate(c, r, vct_req_reported_len(b, r, len));
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

	/* As vct_req_round_trip: a readable-only chain completed with a used len is the used-len check's to judge. */
	if (got == -EPROTO && e.overlong && !e.wlen && e.id == (uint32_t)head) {
		got = 1;
		id = (uint16_t)head;
		len = 0;
	}
	vct_require(c, got == 1, what, "completed with a valid used entry",
		    "%s", got == -ETIMEDOUT || got == 0 ? "no used entry within the wait" : e.why);
	vct_require(c, id == (uint16_t)head, what, "completed under its own head id", "used id %u, head %d", id,
		    head);
	vct_req_validate(c, r, vct_req_reported_len(b, r, len));
	return len;
}

/*
 * A device without MSI-X vectors notifies through its interrupt status
 * (PCI: INTx and ISR status, bit 0 for a used buffer, bit 1 for a
 * configuration change): poll it. vct_dev_irq_drain cleared it before the
 * request was posted.
 */
static int status_wait(struct vct_ctx *c, uint8_t cause, int wait_ms)
{
	int r = vct_dev_irq_wait_status(c->vd, cause, wait_ms);

	if (r < 0)
		vct_abort(c, "interrupt status read failed: %s", strerror(-r));
	return r;
}

int vct_req_interrupted(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, int wait_ms)
{
	uint16_t vec = b->vq[r->queue]->vector_readback;

	if (!c->vd->nvec && vct_dev_has_irq_status(c->vd))
		return status_wait(c, VCT_IRQ_QUEUE, wait_ms);
	if (!c->vd->nvec || vec == VCT_NO_VECTOR || vec >= c->vd->nvec)
		vct_skip(c, "device: no MSI-X vector is mapped to queue %u", r->queue);
	return vct_dev_irq_wait(c->vd, vec, wait_ms);
}

/*
 * Without MSI-X vectors a queue interrupt shows only as the ISR queue bit,
 * which every queue shares, and a vector may serve several queues: where a
 * request rides on another queue (net's reading request needs a frame sent
 * on transmitq; testpmd loops a transmitted frame back into receiveq) that
 * queue's notification would pass for this one's. So the suppression checks
 * suppress the other queues of the bring-up too, as a driver may (each
 * queue's flags and events are the driver's to set): a split ring
 * NO_INTERRUPT, and used_event @ahead entries on for a device with EVENT_IDX
 * (0: leave used_event); a packed ring its driver event flags DISABLE.
 */
void vct_req_suppress_others(struct vct_bringup *b, uint16_t q, uint16_t ahead)
{
	for (unsigned int i = 0; i < b->nq && i < VCT_MAX_QUEUES; i++) {
		struct vct_vq *vq = b->vq[i];

		if (i == q || !vq)
			continue;
		if (vq->packed) {
			vct_pvq_set_driver_event(vq, VRING_PACKED_EVENT_FLAG_DISABLE, 0, false);
			continue;
		}
		vq->avail->flags = htole16(VRING_AVAIL_F_NO_INTERRUPT);
		if (ahead)
			vq->avail->ring[vq->size] = htole16((uint16_t)(vq->last_used + ahead));
	}
}

/*
 * Wait until the request's queue has been quiet for 100 ms (at most the
 * check's timeout): a notification the device sent before the rule applied
 * may reach vct late. libvhost-user signals every call eventfd QEMU hands it
 * once, with nothing used (SET_VRING_CALL, "in case of I/O hang after
 * reconnecting"), and QEMU relays it from its main loop whenever that runs:
 * under load after the check's drain; a back end's notification can follow
 * its used entry late too (the used entry is what ends a round trip).
 */
void vct_req_irq_settle(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r)
{
	uint64_t end = vct_now_ms() + (uint64_t)c->timeout_ms;

	while (vct_req_interrupted(c, b, r, 100) == 1 && vct_now_ms() < end)
		;
}

int vct_req_config_interrupted(struct vct_ctx *c, int wait_ms)
{
	if (c->vd->nvec)
		return vct_dev_irq_wait(c->vd, 0, wait_ms);	/* vct_c_bringup maps the config vector to 0 */
	if (!vct_dev_has_irq_status(c->vd))
		vct_skip(c, "device: no MSI-X and no usable ISR status: no configuration change notification can be seen");
	return status_wait(c, VCT_IRQ_CONFIG, wait_ms);
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

unsigned int vct_req_collect(struct vct_ctx *c, struct vct_vq *vq, int ms, unsigned int max, void **tokens,
			     uint32_t *lens)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;
	unsigned int n = 0;

	while (n < max) {
		struct vct_used_err e = { 0 };
		uint32_t len = 0;
		uint16_t id;
		void *tok = NULL;
		int r = vct_vq_get_used(vq, &id, &len, &tok, &e);

		if (r == 1) {
			tokens[n] = tok;
			lens[n++] = len;
			continue;
		}
		vct_step_begin(c);
		vct_require(c, r == 0, "used ring entry", "a valid used entry", "%s", e.why);
		vct_step_end(c);
		if (vct_now_ms() >= deadline)
			break;
		vct_dev_poll(c->vd);
		usleep(1000);
	}
	return n;
}

unsigned int vct_req_shm_regions(struct vct_ctx *c, uint8_t *ids, uint64_t *lens, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && vct_dev_shm_region(c->vd, n, &ids[n], &lens[n]) == 0)
		n++;
	return n;
}
