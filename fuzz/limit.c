/* SPDX-License-Identifier: MIT */
/*
 * The device's speed limit for fuzzing: what one execution could cost at
 * best. A cycle is reset -> ACKNOWLEDGE|DRIVER -> features -> FEATURES_OK ->
 * one queue programmed and enabled -> DRIVER_OK -> one well-formed request
 * of the device type (its request model, suites/types/) -> notify -> its
 * used entry reaped, with nothing the device does not need: the rings and
 * the request's buffers are allocated and mapped once and re-programmed
 * each cycle, and every wait polls for the evidence (status 0, used index).
 * A fuzz execution does at least this much, so the fuzzer's rate over this
 * one is the share of its time that goes to the device rather than to vct.
 */
#include "limit.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "req.h"
#include "transport.h"
#include "util.h"
#include "virtqueue.h"

#define LIMIT_WAIT_US 2000000ull	/* one step of one cycle: a device slower than this has no limit to measure */
#define LIMIT_LAT_KEEP 1024u	/* latencies kept for the median */
#define LIMIT_READS 256u	/* device_status reads timed after the cycles (fz_limit.read_us) */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Poll until device_status reads @want (after a write of 0: the reset is done). */
static int status_wait(struct vct_dev *vd, uint8_t want)
{
	uint64_t t0 = vct_now_us();

	while (vct_dev_status(vd) != want) {
		vct_dev_poll(vd);
		if (vct_now_us() - t0 > LIMIT_WAIT_US)
			return -ETIMEDOUT;
	}
	return 0;
}

/* One cycle; its request latency (notify -> used entry seen) in @lat_us, its reset's and bring-up's time in @ph. */
static int cycle(struct vct_dev *vd, struct vct_vq *vq, const struct vct_req *r, const uint64_t feat[2],
		 uint64_t *lat_us, uint64_t ph[2], char *why, size_t whylen)
{
	uint16_t head = 0, n = (uint16_t)r->n;
	uint64_t t0 = vct_now_us(), t1, t;

	vct_dev_set_status(vd, 0);
	if (status_wait(vd, 0)) {
		snprintf(why, whylen, "device_status did not read 0 within 2 s of a reset");
		return -ETIMEDOUT;
	}
	t1 = vct_now_us();
	ph[0] = t1 - t0;	/* the reset */
	vct_dev_set_status(vd, 1);
	vct_dev_set_status(vd, 3);
	vct_dev_write_features(vd, feat);
	vct_dev_set_status(vd, 11);
	if (!(vct_dev_status(vd) & 8)) {
		snprintf(why, whylen, "FEATURES_OK not kept for vct's default feature set");
		return -EPROTO;
	}
	/* The same rings, re-programmed: a queue after reset starts empty. */
	memset(vq->desc_mem->va, 0, vq->desc_mem->len);
	memset(vq->avail_mem->va, 0, vq->avail_mem->len);
	memset(vq->used_mem->va, 0, vq->used_mem->len);
	vd->ops->set_queue_size(vd, vq->index, vq->size);
	vd->ops->set_queue_addr(vd, vq->index, vq->desc_mem->iova, vq->avail_mem->iova, vq->used_mem->iova);
	vd->ops->set_queue_enable(vd, vq->index, 1);
	vct_dev_set_status(vd, 15);
	/* The request: one chain from slot 0, readable parts first (as the model built it). */
	for (uint16_t i = 0; i < n; i++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = htole64(r->sg[i].iova);
		d->len = htole32(r->sg[i].len);
		d->flags = htole16((r->sg[i].write ? VRING_DESC_F_WRITE : 0) | (i + 1 < n ? VRING_DESC_F_NEXT : 0));
		d->next = htole16(i + 1 < n ? i + 1 : 0);
	}
	vq->avail->ring[0] = htole16(head);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->avail->idx = htole16(1);
	vq->avail_idx = 1;	/* what vct_vq_notify puts in a NOTIFICATION_DATA value */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t = vct_now_us();
	ph[1] = t - t1;	/* the bring-up, up to the notification */
	vct_vq_notify(vq);
	while (le16toh(__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE)) == 0) {
		vct_dev_poll(vd);
		if (vct_now_us() - t > LIMIT_WAIT_US) {
			snprintf(why, whylen, "%s: no used entry within 2 s", r->model->what);
			return -ETIMEDOUT;
		}
	}
	*lat_us = vct_now_us() - t;
	return 0;
}

int fz_limit_measure(struct vct_dev *vdp, unsigned int cycles, unsigned int min_ms, unsigned int max_ms, struct fz_limit *l)
{
	struct vct_dev *const vdev = vdp;
	struct vct_ctx c;
	struct vct_vq *vq = NULL;
	struct vct_req r;
	const struct vct_req_model *m;
	uint64_t feat[2], t0;
	unsigned long long acc0;
	volatile uint64_t lat_sum = 0;	/* (setjmp below) */
	static uint64_t lats[LIMIT_LAT_KEEP];
	int rc;

	memset(l, 0, sizeof(*l));
	memset(&c, 0, sizeof(c));
	c.vd = vdev;
	c.timeout_ms = 2000;
	m = vct_req_model_for(vdev->type, VCT_NEED_REQUEST, l->why, sizeof(l->why));
	if (!m || m->provoke != VCT_PROVOKE_SELF) {
		if (m)
			snprintf(l->why, sizeof(l->why), "%s needs more than the driver to complete", m->what);
		rc = -ENOTSUP;
		goto out;
	}
	/* Bring-up once to learn the features and get the rings and the request's buffers mapped. */
	if ((rc = __vct_dev_reset(vdev, 2000, NULL))) {
		snprintf(l->why, sizeof(l->why), "reset did not complete");
		goto out;
	}
	vct_dev_set_status(vdev, 3);
	vct_dev_default_features(vdev, feat);
	vct_clear(feat, VCT_F_RING_PACKED);	/* the split ring: what the fuzz executor drives */
	vct_clear(feat, VCT_F_EVENT_IDX);
	vct_dev_write_features(vdev, feat);
	vct_dev_set_status(vdev, 11);
	vdev->features[0] = feat[0];
	vdev->features[1] = feat[1];
	if (setjmp(c.out)) {
		snprintf(l->why, sizeof(l->why), "the request model could not be built: %.200s", c.res.reason);
		rc = -EIO;
		goto out;
	}
	vct_req_build(&c, &r, m);
	if (r.n > 8 || (rc = __vct_vq_setup_noenable(vdev, r.queue, 8, VCT_NO_VECTOR, &vq, l->why, sizeof(l->why))))
		goto out;
	l->queue = r.queue;
	snprintf(l->request, sizeof(l->request), "%s", m->what);
	acc0 = vdev->t->accesses;
	t0 = vct_now_us();
	for (l->cycles = 0;; l->cycles++) {
		uint64_t lat, ph[2], el = vct_now_us() - t0;

		if ((l->cycles >= cycles && el >= (uint64_t)min_ms * 1000u) || el >= (uint64_t)max_ms * 1000u)
			break;

		if ((rc = cycle(vdev, vq, &r, feat, &lat, ph, l->why, sizeof(l->why))))
			goto out;
		l->reset_us += (double)ph[0];
		l->bringup_us += (double)ph[1];
		lat_sum += lat;
		if (l->cycles < LIMIT_LAT_KEEP)
			lats[l->cycles] = lat;
		if (!l->cycles || lat > l->lat_max_us)
			l->lat_max_us = lat;
	}
	l->mean_us = l->cycles ? (double)(vct_now_us() - t0) / l->cycles : 0;
	if (l->cycles) {
		l->reset_us /= l->cycles;
		l->bringup_us /= l->cycles;
	}
	l->acc_per_cycle = l->cycles ? (double)(vdev->t->accesses - acc0) / l->cycles : 0;
	/* One register access alone: device_status, read LIMIT_READS times on the device the cycles left idle. */
	t0 = vct_now_us();
	for (unsigned int i = 0; i < LIMIT_READS; i++)
		(void)vct_dev_status(vdev);
	l->read_us = (double)(vct_now_us() - t0) / LIMIT_READS;
	l->per_sec = l->mean_us > 0 ? 1e6 / l->mean_us : 0;
	l->lat_mean_us = l->cycles ? (double)lat_sum / l->cycles : 0;
	if (l->cycles) {
		unsigned int n = l->cycles < LIMIT_LAT_KEEP ? l->cycles : LIMIT_LAT_KEEP;

		qsort(lats, n, sizeof(lats[0]), cmp_u64);
		l->lat_median_us = n % 2 ? (double)lats[n / 2] : ((double)lats[n / 2 - 1] + (double)lats[n / 2]) / 2;
	}
out:
	__vct_dev_reset(vdev, 500, NULL);
	return rc;
}

void fz_limit_merge(struct fz_limit *l, const struct fz_limit *later)
{
	l->per_sec = (l->per_sec + later->per_sec) / 2;
	l->mean_us = 1e6 / l->per_sec;
	l->cycles += later->cycles;
	l->read_us = (l->read_us + later->read_us) / 2;
	l->acc_per_cycle = (l->acc_per_cycle + later->acc_per_cycle) / 2;
	l->reset_us = (l->reset_us + later->reset_us) / 2;
	l->bringup_us = (l->bringup_us + later->bringup_us) / 2;
}
