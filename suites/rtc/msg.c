/* SPDX-License-Identifier: MIT */
/* RTC device: bring-up, clock discovery and requestq messages for the rtc checks. */
#include <string.h>
#include <time.h>

#include "rtc.h"

uint64_t rtc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

const char *rtc_type_name(uint8_t t)
{
	static const char *const n[] = { "UTC", "TAI", "MONOTONIC", "UTC_SMEARED", "UTC_MAYBE_SMEARED" };

	return t < 5 ? n[t] : "an undefined type";
}

const char *rtc_status_name(uint8_t s)
{
	switch (s) {
	case RTC_S_OK: return "OK";
	case RTC_S_EOPNOTSUPP: return "EOPNOTSUPP";
	case RTC_S_ENODEV: return "ENODEV";
	case RTC_S_EINVAL: return "EINVAL";
	case RTC_S_EIO: return "EIO";
	default: return "undefined";
	}
}

void rtc_msg_init(struct rtc_msg *m, uint16_t type, uint16_t clock, uint8_t hw)
{
	memset(m, 0, sizeof(*m));
	vct_put16(m->req, type);
	m->req_len = 16;
	m->resp_len = 16;
	switch (type) {
	case RTC_REQ_CFG:
		m->req_len = 8;
		return;
	case RTC_REQ_READ_CROSS:
		m->resp_len = 24;
		/* fall through */
	case RTC_REQ_CROSS_CAP:
		m->req[10] = hw;
		break;
	case RTC_REQ_READ_ALARM:
		m->resp_len = 24;
		break;
	case RTC_REQ_SET_ALARM:
		m->req_len = 24;
		m->resp_len = 8;
		vct_put16(m->req + 16, clock);
		return;
	case RTC_REQ_SET_ALARM_ENABLED:
		m->resp_len = 8;
		break;
	}
	vct_put16(m->req + 8, clock);
}

void rtc_bring(struct vct_ctx *c, struct rtc_dev *d, bool alarm, void (*before_driver_ok)(struct vct_ctx *c))
{
	memset(d, 0, sizeof(*d));
	if (alarm)
		vct_c_need_feature(c, RTC_F_ALARM);
	vct_dev_default_features(c->vd, d->b.features);
	if (alarm)
		d->b.features[0] |= 1ull << RTC_F_ALARM;
	else
		d->b.features[0] &= ~(1ull << RTC_F_ALARM);
	d->b.features_set = true;
	d->b.nq = alarm ? 2 : 1;
	d->b.before_driver_ok = before_driver_ok;
	vct_c_bringup(c, &d->b);
	d->rq = d->b.vq[0];
	d->alarm = alarm;
}

void rtc_discover(struct vct_ctx *c, struct rtc_dev *d)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
	if (rtc_call(c, d, &m) != RTC_S_OK)
		vct_skip(c, "device: VIRTIO_RTC_REQ_CFG answered status %u (%s): vct learns no clocks", m.resp[0],
			 rtc_status_name(m.resp[0]));
	d->nclocks = (uint16_t)vct_le_load(m.resp + 8, 2);
	d->n = d->nclocks < RTC_MAX_CLOCKS ? d->nclocks : RTC_MAX_CLOCKS;
	for (unsigned int i = 0; i < d->n; i++) {
		rtc_msg_init(&m, RTC_REQ_CLOCK_CAP, (uint16_t)i, 0);
		d->cap_status[i] = rtc_call(c, d, &m);
		d->type[i] = m.resp[8];
		d->smear[i] = m.resp[9];
		d->flags[i] = m.resp[10];
	}
}

void rtc_start(struct vct_ctx *c, struct rtc_dev *d, bool alarm)
{
	rtc_bring(c, d, alarm, NULL);
	rtc_discover(c, d);
}

void rtc_need_clock(struct vct_ctx *c, const struct rtc_dev *d)
{
	if (!d->n)
		vct_skip(c, "device: num_clocks is 0, the device has no clock");
}

/* A part of @len bytes of @m (device-writable when @w), filled from @src or with @fill. */
static void part(struct vct_ctx *c, struct rtc_msg *m, struct vct_sg *sg, const uint8_t *src, uint32_t len, bool w,
		 uint8_t fill)
{
	struct vct_dma_buf *b = vct_c_dma(c, len);

	if (src)
		memcpy(b->va, src, len);
	else
		memset(b->va, fill, len);
	sg[m->nb] = (struct vct_sg){ .iova = b->iova, .len = len, .write = w };
	m->buf[m->nb] = b;
	m->part[m->nb] = len;
	m->w[m->nb++] = w;
}

/*
 * The request whole, cut after msg_type, or cut after the head; the
 * response whole, cut after status, or cut after the head (where each is
 * long enough): the layout rotates from call to call (the driver's latitude).
 */
static void post_one(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m)
{
	static const uint32_t cuts[3] = { 0, 2, 8 }, wcuts[3] = { 0, 1, 8 };
	unsigned int lay = m->whole ? 0 : d->calls++ % 3;
	uint8_t req[256] = { 0 };
	struct vct_sg sg[4];
	uint32_t cut;

	if (m->req_len > sizeof(req))
		vct_abort(c, "rtc: a %u-byte request is beyond vct's %zu", m->req_len, sizeof(req));
	memcpy(req, m->req, m->req_len < sizeof(m->req) ? m->req_len : sizeof(m->req));
	m->nb = 0;
	if (!m->poison)
		m->poison = 0xee;
	cut = cuts[lay] < m->req_len ? cuts[lay] : 0;
	if (m->req_len) {
		if (cut)
			part(c, m, sg, req, cut, false, 0);
		part(c, m, sg, req + cut, m->req_len - cut, false, 0);
	}
	cut = wcuts[(lay + 1) % 3] < m->resp_len ? wcuts[(lay + 1) % 3] : 0;
	if (m->resp_len) {
		if (cut)
			part(c, m, sg, NULL, cut, true, m->poison);
		part(c, m, sg, NULL, m->resp_len - cut, true, m->poison);
	}
	m->done = false;
	if (vct_vq_add(d->rq, sg, m->nb, m, 0) < 0)
		vct_abort(c, "cannot post an RTC request (%u descriptors)", m->nb);
}

/* Flatten what the device left in @m's buffers. */
static void gather(struct rtc_msg *m)
{
	uint32_t ro = 0, wo = 0;

	memset(m->resp, 0, sizeof(m->resp));
	memset(m->req_after, 0, sizeof(m->req_after));
	for (unsigned int p = 0; p < m->nb; p++) {
		uint8_t *dst = m->w[p] ? m->resp : m->req_after;
		uint32_t *o = m->w[p] ? &wo : &ro, cap = m->w[p] ? sizeof(m->resp) : sizeof(m->req_after);
		uint32_t n = *o >= cap ? 0 : cap - *o;

		if (n > m->part[p])
			n = m->part[p];
		memcpy(dst + *o, m->buf[p]->va, n);
		*o += m->part[p];
	}
}

unsigned int rtc_batch(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m, unsigned int n, unsigned int *order,
		       bool may_keep)
{
	void *tok[16];
	uint32_t lens[16];
	unsigned int got;
	uint64_t t0;

	if (n > 16)
		vct_abort(c, "rtc_batch: %u messages, at most 16", n);
	for (unsigned int i = 0; i < n; i++)
		post_one(c, d, &m[i]);
	t0 = rtc_now();
	for (unsigned int i = 0; i < n; i++)
		m[i].t_post = t0;
	vct_vq_notify(d->rq);
	got = vct_req_collect(c, d->rq, c->timeout_ms, n, tok, lens);
	if (!may_keep) {
		vct_step_begin(c);
		vct_require(c, got == n, "requestq", "every request answered", "%u of %u answered within %d ms", got,
			    n, c->timeout_ms);
		vct_step_end(c);
	}
	for (unsigned int k = 0; k < got; k++) {
		struct rtc_msg *x = tok[k];

		x->done = true;
		x->len = lens[k];
		x->t_used = rtc_now();
		gather(x);
		if (order)
			order[k] = (unsigned int)(x - m);
	}
	for (unsigned int i = 0; i < n; i++)
		if (!m[i].done)
			gather(&m[i]);
	return got;
}

uint8_t rtc_call(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m)
{
	rtc_batch(c, d, m, 1, NULL, false);
	return m->resp[0];
}

uint8_t rtc_read(struct vct_ctx *c, struct rtc_dev *d, uint16_t clock, uint64_t *v, uint64_t *t_post, uint64_t *t_used)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_READ, clock, 0);
	rtc_call(c, d, &m);
	if (v)
		*v = vct_le_load(m.resp + 8, 8);
	if (t_post)
		*t_post = m.t_post;
	if (t_used)
		*t_used = m.t_used;
	return m.resp[0];
}

unsigned int rtc_readable(struct vct_ctx *c, struct rtc_dev *d, uint16_t *ids)
{
	unsigned int k = 0;

	rtc_need_clock(c, d);
	for (unsigned int i = 0; i < d->n; i++)
		if (rtc_read(c, d, (uint16_t)i, NULL, NULL, NULL) == RTC_S_OK)
			ids[k++] = (uint16_t)i;
	if (!k)
		vct_skip(c, "device: no clock answered READ with status OK (rtc.read_ok judges that)");
	return k;
}

bool rtc_rate(struct vct_ctx *c, struct rtc_dev *d, uint16_t type, uint16_t clock, uint8_t hw, unsigned int gap_ms,
	      double lo, double hi, const char *what, const char *expected)
{
	double dv = 0, inner = 0, outer = 0;
	uint8_t sa = 0, sb = 0;

	for (unsigned int t = 0; t < 3; t++) {
		struct rtc_msg a, b;
		struct timespec ts = { .tv_sec = gap_ms / 1000, .tv_nsec = (long)(gap_ms % 1000) * 1000000L };

		rtc_msg_init(&a, type, clock, hw);
		rtc_msg_init(&b, type, clock, hw);
		sa = rtc_call(c, d, &a);
		nanosleep(&ts, NULL);
		sb = rtc_call(c, d, &b);
		if (sa != RTC_S_OK || sb != RTC_S_OK)
			continue;
		dv = (double)(int64_t)(vct_le_load(b.resp + 8, 8) - vct_le_load(a.resp + 8, 8));
		inner = (double)(b.t_post - a.t_used);
		outer = (double)(b.t_used - a.t_post);
		if (dv >= lo * inner && dv <= hi * outer) {
			vct_report(c, true, what, expected, "clock %u: %.0f ns in %.0f-%.0f ns of vct's", clock, dv,
				   inner, outer);
			return true;
		}
	}
	if (sa != RTC_S_OK || sb != RTC_S_OK)
		vct_skip(c, "device: clock %u answered status %u, %u to its reads (rtc.read_ok judges that)", clock, sa, sb);
	vct_report(c, false, what, expected, "clock %u, three tries, the last: %.0f ns advanced in %.0f-%.0f ns of vct's",
		   clock, dv, inner, outer);
	return false;
}

uint8_t rtc_alarm_read(struct vct_ctx *c, struct rtc_alarm *a, uint64_t *t, uint8_t *f)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_READ_ALARM, a->id, 0);
	rtc_call(c, &a->d, &m);
	*t = vct_le_load(m.resp + 8, 8);
	*f = m.resp[16];
	return m.resp[0];
}

uint8_t rtc_alarm_set(struct vct_ctx *c, struct rtc_alarm *a, uint64_t t, bool en)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_SET_ALARM, a->id, 0);
	vct_put64(m.req + 8, t);
	m.req[18] = en ? RTC_FLAG_ALARM_ENABLED : 0;
	return rtc_call(c, &a->d, &m);
}

uint8_t rtc_alarm_enable(struct vct_ctx *c, struct rtc_alarm *a, bool en)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_SET_ALARM_ENABLED, a->id, 0);
	m.req[10] = en ? RTC_FLAG_ALARM_ENABLED : 0;
	return rtc_call(c, &a->d, &m);
}

void rtc_alarm_restore(struct vct_ctx *c, struct rtc_alarm *a)
{
	rtc_alarm_set(c, a, 0, false);
}

void rtc_alarm_need_ok(struct vct_ctx *c, struct rtc_alarm *a, uint8_t st, const char *what)
{
	if (st != RTC_S_OK) {
		rtc_alarm_restore(c, a);
		vct_skip(c, "device: %s on clock %u answered %u (%s)", what, a->id, st, rtc_status_name(st));
	}
}

void rtc_alarm_take(struct vct_ctx *c, struct rtc_alarm *a, int type)
{
	int owned = -1;
	uint64_t ot = 0;
	uint8_t of = 0;

	rtc_start(c, &a->d, true);
	for (unsigned int i = 0; i < a->d.n; i++) {
		uint64_t t;
		uint8_t f;

		if (a->d.cap_status[i] != RTC_S_OK || !(a->d.flags[i] & RTC_FLAG_ALARM_CAP))
			continue;
		if (type >= 0 && a->d.type[i] != type)
			continue;
		a->id = (uint16_t)i;
		if (rtc_alarm_read(c, a, &t, &f) != RTC_S_OK)
			continue;
		if (!t && !(f & RTC_FLAG_ALARM_ENABLED))
			return;
		owned = (int)i;
		ot = t;
		of = f;
	}
	if (owned >= 0)
		vct_skip(c, "device: the alarm of clock %d is set (time %llu, flags 0x%02x): vct changes no alarm it did not set",
			 owned, (unsigned long long)ot, of);
	if (type >= 0)
		vct_skip(c, "device: no %s clock serves alarm messages (VIRTIO_RTC_FLAG_ALARM_CAP and READ_ALARM OK)",
			 rtc_type_name((uint8_t)type));
	vct_skip(c, "device: no clock serves alarm messages (VIRTIO_RTC_FLAG_ALARM_CAP and READ_ALARM OK)");
}
