/* SPDX-License-Identifier: MIT */
/*
 * refdev: the RTC device (id 17). Five clocks, one of each type the
 * chapter defines: 0 UTC (with an alarm), 1 TAI, 2 MONOTONIC (with an alarm), 3
 * UTC_SMEARED (NOON_LINEAR), 4 UTC_MAYBE_SMEARED. UTC-like clocks read
 * CLOCK_REALTIME, TAI 37 s ahead of it, MONOTONIC CLOCK_MONOTONIC (its
 * epoch the host's boot, before any reset). On x86 the UTC and MONOTONIC
 * clocks cross-timestamp with the TSC (the process's rdtsc is the driver's
 * counter: refdev runs inside vct). VIRTIO_RTC_F_ALARM is offered; alarm
 * time and enable are not retained across a reset (",alarm-kept": they
 * are, and a kept alarm, enabled, its time passed, expires with the
 * reset); an expiry is held until an alarmq buffer is there. Alarms are
 * looked at whenever the device runs: a notification, the poll op.
 *
 * A request is checked in this order: msg_type known (EOPNOTSUPP), the
 * request fits the readable part and the response the writable part
 * (EINVAL; no status at all without a writable byte), reserved fields zero
 * (EINVAL), alarm messages only with VIRTIO_RTC_F_ALARM (ENODEV), clock_id
 * (ENODEV), the clock's alarm (ENODEV), hw_counter (EOPNOTSUPP for an id
 * the spec does not define, EINVAL for COUNTER_INVALID), flags (EINVAL).
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define RTC_HAVE_TSC 1
#else
#define RTC_HAVE_TSC 0
#endif

#define ID_RTC			17
#define RTC_F_ALARM		0
#define RTC_NCLOCKS		5
#define RTC_TAI_OFFSET_NS	37000000000ull

enum { RTC_S_OK = 0, RTC_S_EOPNOTSUPP = 2, RTC_S_ENODEV = 3, RTC_S_EINVAL = 4, RTC_S_EIO = 5 };
enum {
	RTC_REQ_READ = 0x0001, RTC_REQ_READ_CROSS = 0x0002, RTC_REQ_CFG = 0x1000, RTC_REQ_CLOCK_CAP = 0x1001,
	RTC_REQ_CROSS_CAP = 0x1002, RTC_REQ_READ_ALARM = 0x1003, RTC_REQ_SET_ALARM = 0x1004,
	RTC_REQ_SET_ALARM_ENABLED = 0x1005, RTC_NOTIF_ALARM = 0x2000,
};
enum { RTC_UTC = 0, RTC_TAI = 1, RTC_MONO = 2, RTC_UTC_SMEARED = 3, RTC_UTC_MAYBE_SMEARED = 4 };
enum { RTC_CNT_ARM_VCT = 0, RTC_CNT_X86_TSC = 1, RTC_CNT_INVALID = 0xff };

static const uint8_t rtc_type[RTC_NCLOCKS] = { RTC_UTC, RTC_TAI, RTC_MONO, RTC_UTC_SMEARED, RTC_UTC_MAYBE_SMEARED };

struct rd_rtc {
	uint64_t alarm_time[RTC_NCLOCKS];
	bool alarm_on[RTC_NCLOCKS];
	bool pending[RTC_NCLOCKS];	/* an expiration being served: a notification owed */
	bool reached[RTC_NCLOCKS];	/* the clock was at or past the alarm time when last looked at */
	bool looked[RTC_NCLOCKS];	/* rtc-alarm-progress-missed: looked at since the alarm was set or enabled */
	uint64_t mono_epoch;		/* rtc-monotonic-epoch-late: CLOCK_MONOTONIC at DRIVER_OK */
	uint64_t last_read[RTC_NCLOCKS];	/* rtc-read-stale: the reading handed out last */
	unsigned int resets;		/* rtc-caps-vary-reset */
	unsigned int calls;		/* rtc-monotonic-backwards */
	unsigned int cfgs;		/* rtc-caps-vary: CFG requests answered */
	unsigned int batch_k;		/* the request's place in this notification's batch */
};

static struct rd_rtc *rtc_state(struct refdev *d)
{
	if (!d->rtc)
		d->rtc = calloc(1, sizeof(*d->rtc));
	return d->rtc;
}

static void rtc_free(struct refdev *d)
{
	free(d->rtc);
	d->rtc = NULL;
}

static void rtc_init(struct refdev *d)
{
	rtc_state(d);
}

static uint64_t rtc_now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t rtc_counter(void)
{
#if RTC_HAVE_TSC
	return __rdtsc();
#else
	return 0;
#endif
}

/* Clock @id as its type reads it, in nanoseconds. */
static uint64_t rtc_clock(struct refdev *d, unsigned int id)
{
	struct rd_rtc *r = rtc_state(d);
	uint64_t v;

	switch (rtc_type[id]) {
	case RTC_TAI:
		return rtc_now(CLOCK_REALTIME) + RTC_TAI_OFFSET_NS;
	case RTC_MONO:
		v = rtc_now(CLOCK_MONOTONIC);
		if (QK(d, Q_RTC_MONOTONIC_EPOCH_LATE))
			v -= r->mono_epoch;
		if (QK(d, Q_RTC_MONOTONIC_SLOW))
			v = v / 10 * 8;	/* 0.8 s a second */
		return v;
	default:
		return rtc_now(CLOCK_REALTIME);
	}
}

static bool rtc_has_alarm(const struct refdev *d, unsigned int id)
{
	return (id == 0 || id == 2) && !QK(d, Q_RTC_ALARM_NONE);
}

/* Whether clock @id cross-timestamps with @hw (a counter id known to be defined). */
static bool rtc_cross(unsigned int id, uint8_t hw)
{
	return RTC_HAVE_TSC && hw == RTC_CNT_X86_TSC && (rtc_type[id] == RTC_UTC || rtc_type[id] == RTC_MONO);
}

/* An alarm expiration: served until notified (or made obsolete by a disable or a new time). */
static void rtc_alarm_look(struct refdev *d)
{
	struct rd_rtc *r = rtc_state(d);

	for (unsigned int i = 0; r && i < RTC_NCLOCKS; i++) {
		uint64_t clk;
		bool now;

		if (!rtc_has_alarm(d, i))
			continue;
		clk = rtc_clock(d, i);
		if (QK(d, Q_RTC_ALARM_EARLY))
			clk += 1000000000ull;	/* a second of timer slack */
		now = clk >= r->alarm_time[i];
		if (r->alarm_on[i] && now && (!r->reached[i] || QK(d, Q_RTC_ALARM_LEVEL)) &&
		    !(QK(d, Q_RTC_ALARM_PROGRESS_MISSED) && r->looked[i]))
			r->pending[i] = true;
		r->reached[i] = now;
		r->looked[i] = true;
	}
}

/* Notify the pending expirations into alarmq buffers (only with VIRTIO_RTC_F_ALARM). */
static void rtc_alarm_deliver(struct refdev *d)
{
	struct rd_rtc *r = rtc_state(d);
	struct rd_queue *q = &d->q[1];
	uint16_t old = q->used_idx;

	if (!r || !NEG(d, RTC_F_ALARM))
		return;
	rtc_alarm_look(d);
	for (unsigned int i = 0; i < RTC_NCLOCKS; i++) {
		struct rd_chain c;
		uint8_t n[16] = { 0 };
		uint32_t w = 0;

		if (!r->pending[i] || !can_process(d, q))
			continue;
		if (rd_pop(d, q, &c) <= 0) {
			if (QK(d, Q_RTC_ALARM_EXPIRY_DROPPED))
				r->pending[i] = false;
			continue;
		}
		r->pending[i] = false;
		put16(n, RTC_NOTIF_ALARM);
		put16(n + 8, (uint16_t)(QK(d, Q_RTC_ALARM_NOTIFY_WRONG_CLOCK) ? i + 1 : i));
		if (c.wlen >= sizeof(n)) {
			if (chain_write(d, &c, 0, n, sizeof(n))) {
				rd_fatal(d, q);
				break;
			}
			w = sizeof(n);
		}
		if (rd_complete(d, q, &c, w) < 0) {
			rd_fatal(d, q);
			break;
		}
	}
	rd_batch_done(d, q, old);
}

static void rtc_driver_ok(struct refdev *d)
{
	rtc_state(d)->mono_epoch = rtc_now(CLOCK_MONOTONIC);
}

/* A virtio reset: alarms not retained (time 0, disabled), expirations dropped. */
static void rtc_reset(struct refdev *d)
{
	struct rd_rtc *r = rtc_state(d);

	if (!r)
		return;
	for (unsigned int i = 0; i < RTC_NCLOCKS; i++) {
		r->looked[i] = false;
		if (d->rtc_alarm_kept) {
			/* kept: an enabled alarm whose time passed expires with the reset (at the next look) */
			r->pending[i] = false;
			r->reached[i] = QK(d, Q_RTC_ALARM_KEPT_NO_EXPIRY) && rtc_clock(d, i) >= r->alarm_time[i];
			continue;
		}
		if (QK(d, Q_RTC_ALARM_RESET_ENABLED) && r->alarm_time[i]) {
			r->alarm_on[i] = true;	/* time kept, enable back to its default */
		} else {
			r->alarm_time[i] = QK(d, Q_RTC_ALARM_RESET_TIME) && r->alarm_time[i] ? 0x5a5a5a5a5a5a5a5aull : 0;
			r->alarm_on[i] = false;
		}
		r->pending[i] = r->reached[i] = false;
	}
	r->resets++;
}

/* The request's size and its response's, by message type; false for a type the spec does not describe. */
static bool rtc_sizes(uint16_t type, uint32_t *req, uint32_t *resp)
{
	switch (type) {
	case RTC_REQ_READ: *req = 16; *resp = 16; return true;
	case RTC_REQ_READ_CROSS: *req = 16; *resp = 24; return true;
	case RTC_REQ_CFG: *req = 8; *resp = 16; return true;
	case RTC_REQ_CLOCK_CAP: *req = 16; *resp = 16; return true;
	case RTC_REQ_CROSS_CAP: *req = 16; *resp = 16; return true;
	case RTC_REQ_READ_ALARM: *req = 16; *resp = 24; return true;
	case RTC_REQ_SET_ALARM: *req = 24; *resp = 8; return true;
	case RTC_REQ_SET_ALARM_ENABLED: *req = 16; *resp = 8; return true;
	default: return false;
	}
}

static bool rtc_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The reserved bytes of request @q of @type are all zero (head included). */
static bool rtc_reserved_ok(uint16_t type, const uint8_t *q)
{
	if (!rtc_zero(q + 2, 6))
		return false;
	switch (type) {
	case RTC_REQ_READ: case RTC_REQ_CLOCK_CAP: case RTC_REQ_READ_ALARM:
		return rtc_zero(q + 10, 6);
	case RTC_REQ_READ_CROSS: case RTC_REQ_CROSS_CAP: case RTC_REQ_SET_ALARM_ENABLED:
		return rtc_zero(q + 11, 5);
	case RTC_REQ_SET_ALARM:
		return rtc_zero(q + 19, 5);
	default:
		return true;
	}
}

/* Where request @q of @type names its clock: bytes 16-17 in SET_ALARM (after alarm_time), else 8-9. */
static uint16_t rtc_clock_id(uint16_t type, const uint8_t *q)
{
	return get16(q + (type == RTC_REQ_SET_ALARM ? 16 : 8));
}

/* Fill response @p (after the head) for a request of @type that passed the checks; the status. */
static uint8_t rtc_exec(struct refdev *d, uint16_t type, const uint8_t *q, uint8_t *p)
{
	struct rd_rtc *r = rtc_state(d);
	uint16_t id = rtc_clock_id(type, q);
	uint64_t v;

	switch (type) {
	case RTC_REQ_CFG:
		r->cfgs++;
		put16(p + 8, RTC_NCLOCKS + (QK(d, Q_RTC_CLOCK_IDS_SPARSE) ? 1 : 0));
		return RTC_S_OK;
	case RTC_REQ_CLOCK_CAP:
		p[8] = rtc_type[id];
		p[9] = rtc_type[id] == RTC_UTC_SMEARED ? (QK(d, Q_RTC_SMEAR_VARIANT_UNDEFINED) ? 7 : 1) : 0;
		if (rtc_type[id] == RTC_UTC_MAYBE_SMEARED && QK(d, Q_RTC_SMEAR_NOT_SMEARED))
			p[9] = 1;
		if (rtc_type[id] == RTC_UTC_SMEARED && QK(d, Q_RTC_CAPS_VARY_RESET))
			p[9] = (uint8_t)(r->resets % 3);
		if (rtc_has_alarm(d, id) && (NEG(d, RTC_F_ALARM) || QK(d, Q_RTC_FLAGS_UNNEGOTIATED)) &&
		    !QK(d, Q_RTC_ALARM_CAP_MISSING))
			p[10] = 1;	/* VIRTIO_RTC_FLAG_ALARM_CAP */
		return RTC_S_OK;
	case RTC_REQ_CROSS_CAP:
		p[8] = rtc_cross(id, q[10]) && !(QK(d, Q_RTC_CROSS_CAP_WRONG) && rtc_type[id] == RTC_MONO);
		if (QK(d, Q_RTC_CAPS_VARY) && (r->cfgs & 1))
			p[8] ^= 1;	/* re-probed whenever the driver asks CFG */
		return RTC_S_OK;
	case RTC_REQ_READ:
	case RTC_REQ_READ_CROSS:
		if (type == RTC_REQ_READ && QK(d, Q_RTC_READ_UNSUPPORTED) && rtc_type[id] == RTC_TAI)
			return RTC_S_EOPNOTSUPP;
		if (type == RTC_REQ_READ && QK(d, Q_RTC_READ_EIO) && rtc_type[id] == RTC_TAI)
			return RTC_S_EIO;
		if (type == RTC_REQ_READ_CROSS && !rtc_cross(id, q[10]))
			return RTC_S_EOPNOTSUPP;
		{
			uint64_t cyc = rtc_counter();

			v = rtc_clock(d, id);
			if (type == RTC_REQ_READ_CROSS) {
				if (QK(d, Q_RTC_CROSS_COUNTER_OFFSET))
					cyc += 1ull << 44;	/* the host's counter, the driver's offset not applied */
				if (QK(d, Q_RTC_CROSS_COUNTER_BACKWARDS))
					cyc -= (uint64_t)r->batch_k << 32;
				if (QK(d, Q_RTC_CROSS_MICROSECONDS))
					v /= 1000;
				put64(p + 16, cyc);
			}
		}
		if (QK(d, Q_RTC_READ_REVERSED))
			v -= (uint64_t)r->batch_k * 1000000;	/* read up front, the batch's last first */
		if (QK(d, Q_RTC_MONOTONIC_BACKWARDS) && rtc_type[id] == RTC_MONO && (r->calls++ & 1))
			v -= 1000000;
		if (type == RTC_REQ_READ && QK(d, Q_RTC_READ_MICROSECONDS) && rtc_type[id] == RTC_UTC)
			v /= 1000;
		if (QK(d, Q_RTC_READ_STALE)) {
			uint64_t fresh = v;

			v = r->last_read[id] ? r->last_read[id] : v;
			r->last_read[id] = fresh;
		}
		put64(p + 8, v);
		return RTC_S_OK;
	case RTC_REQ_READ_ALARM:
		put64(p + 8, r->alarm_time[id]);
		p[16] = r->alarm_on[id];
		return RTC_S_OK;
	case RTC_REQ_SET_ALARM:
		if (QK(d, Q_RTC_ALARM_SET_REFUSES_FAR) && (get64(q + 8) >> 63))
			return RTC_S_EINVAL;
		if (!QK(d, Q_RTC_ALARM_SET_TIME_IGNORED) || (q[18] & 1))
			r->alarm_time[id] = get64(q + 8);
		if (!(QK(d, Q_RTC_ALARM_SET_ENABLE_IGNORED) && (q[18] & 1)) &&
		    !(QK(d, Q_RTC_ALARM_SET_KEEPS_ENABLED) && !(q[18] & 1)))
			r->alarm_on[id] = q[18] & 1;
		r->pending[id] = false;
		/* a time already reached expires now when enabled */
		r->reached[id] = QK(d, Q_RTC_ALARM_SET_PAST_IGNORED) && rtc_clock(d, id) >= r->alarm_time[id];
		r->looked[id] = false;
		return RTC_S_OK;
	case RTC_REQ_SET_ALARM_ENABLED:
		if ((QK(d, Q_RTC_ALARM_ENABLE_IGNORED) && (q[10] & 1)) ||
		    (QK(d, Q_RTC_ALARM_DISABLE_IGNORED) && !(q[10] & 1)))
			return RTC_S_OK;
		if (QK(d, Q_RTC_ALARM_ENABLE_CLEARS_TIME))
			r->alarm_time[id] = 0;
		if (!(q[10] & 1)) {
			if (!QK(d, Q_RTC_ALARM_DISABLE_KEEPS_PENDING))
				r->pending[id] = false;
		} else if (!r->alarm_on[id]) {
			r->reached[id] = QK(d, Q_RTC_ALARM_ENABLE_PAST_IGNORED) && rtc_clock(d, id) >= r->alarm_time[id];
			r->looked[id] = false;
		}
		r->alarm_on[id] = q[10] & 1;
		return RTC_S_OK;
	}
	return RTC_S_EIO;
}

/* Whether @type names a clock, and where its flags byte is (0: none). */
static bool rtc_names_clock(uint16_t type)
{
	return type != RTC_REQ_CFG;
}

static unsigned int rtc_flags_at(uint16_t type)
{
	return type == RTC_REQ_SET_ALARM ? 18 : type == RTC_REQ_SET_ALARM_ENABLED ? 10 : 0;
}

static bool rtc_is_alarm_msg(uint16_t type)
{
	return type >= RTC_REQ_READ_ALARM && type <= RTC_REQ_SET_ALARM_ENABLED;
}

/* The status for request @q (@rlen bytes read, at most 24) of @type with @wlen writable bytes; fills @p on OK. */
static uint8_t rtc_status(struct refdev *d, const uint8_t *q, uint64_t rlen, uint64_t wlen, uint8_t *p,
			  uint32_t *resp)
{
	uint16_t type = get16(q), id = rtc_clock_id(type, q);
	uint32_t req;
	unsigned int nclocks = RTC_NCLOCKS;

	if (rlen < 2)
		return RTC_S_EINVAL;
	if (!rtc_sizes(type, &req, resp)) {
		if (QK(d, Q_RTC_UNKNOWN_TYPE_OK)) {
			*resp = 8;
			return RTC_S_OK;
		}
		return QK(d, Q_RTC_UNKNOWN_TYPE_EINVAL) ? RTC_S_EINVAL : RTC_S_EOPNOTSUPP;
	}
	if (rlen < req && !QK(d, Q_RTC_SHORT_REQUEST_READ))
		return RTC_S_EINVAL;
	if (rlen > req && QK(d, Q_RTC_LONG_REQUEST_EINVAL))
		return RTC_S_EINVAL;
	if (wlen < *resp && !QK(d, Q_RTC_SHORT_RESPONSE_OK))
		return RTC_S_EINVAL;
	if (wlen > *resp && QK(d, Q_RTC_LONG_RESPONSE_EINVAL))
		return RTC_S_EINVAL;
	if (!rtc_reserved_ok(type, q) && !QK(d, Q_RTC_RESERVED_IGNORED))
		return RTC_S_EINVAL;
	if (rtc_is_alarm_msg(type) && !NEG(d, RTC_F_ALARM)) {
		if (QK(d, Q_RTC_ALARM_UNNEGOTIATED_OK))
			return id < RTC_NCLOCKS ? rtc_exec(d, type, q, p) : RTC_S_ENODEV;
		return QK(d, Q_RTC_ALARM_UNNEGOTIATED_EOPNOTSUPP) ? RTC_S_EOPNOTSUPP : RTC_S_ENODEV;
	}
	if (rtc_names_clock(type) && id >= nclocks) {
		if (QK(d, Q_RTC_CLOCK_ID_EINVAL))
			return RTC_S_EINVAL;
		return RTC_S_ENODEV;
	}
	if (rtc_is_alarm_msg(type) && !rtc_has_alarm(d, id) && !(QK(d, Q_RTC_ALARM_CAP_MISSING) && id == 0))
		return QK(d, Q_RTC_ALARM_NO_CAP_EOPNOTSUPP) ? RTC_S_EOPNOTSUPP : RTC_S_ENODEV;
	if (type == RTC_REQ_CROSS_CAP || type == RTC_REQ_READ_CROSS) {
		uint8_t hw = q[10];

		if (hw == RTC_CNT_INVALID)
			return RTC_S_EINVAL;
		if (hw > RTC_CNT_X86_TSC && hw < 0xf0)
			return QK(d, Q_RTC_HW_COUNTER_EINVAL) ? RTC_S_EINVAL : RTC_S_EOPNOTSUPP;
	}
	if (rtc_flags_at(type) && (q[rtc_flags_at(type)] & ~1u))
		return RTC_S_EINVAL;
	return rtc_exec(d, type, q, p);
}

static int rtc_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t q[24] = { 0 }, p[24] = { 0 }, st;
	uint32_t resp = 8, n;
	int r;

	(void)qi;
	*written = 0;
	r = chain_read(d, c, 0, q, c->rlen < sizeof(q) ? (size_t)c->rlen : sizeof(q));
	if (r)
		return r;
	if (!c->wlen) {
		/* no room for the status: nothing is written (D-b5640dfa) */
		if (QK(d, Q_RTC_STATUS_NO_ROOM) && c->rlen) {
			uint8_t s = RTC_S_EINVAL;

			i2c_poke_readable(d, c, c->rlen - 1, &s, 1);
		}
		return 0;
	}
	st = rtc_status(d, q, c->rlen, c->wlen, p, &resp);
	p[0] = st;
	if (st != RTC_S_OK)
		resp = 1;
	else if (QK(d, Q_RTC_RESP_RESERVED_JUNK))
		memset(p + 1, 0x5a, 7);
	n = resp < c->wlen ? resp : (uint32_t)c->wlen;
	if (chain_write(d, c, 0, p, n))
		return -EFAULT;
	*written = n;
	return 0;
}

/*
 * requestq: every request of the notification in turn (its place in the
 * batch kept for the quirks that misuse it); rtc-read-used-reversed keeps
 * them and uses them last first.
 */
static void rtc_serve(struct refdev *d)
{
	struct rd_rtc *r = rtc_state(d);
	struct rd_queue *q = &d->q[0];
	struct {
		struct rd_chain c;
		struct rd_seg seg[8];
		uint32_t written;
	} done[16];
	unsigned int n = 0;
	uint16_t old = q->used_idx;

	for (r->batch_k = 0; can_process(d, q) && r->batch_k < 4096; r->batch_k++) {
		struct rd_chain c;
		uint32_t w;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (rtc_req(d, 0, &c, &w) < 0 || (QK(d, Q_RTC_READ_USED_REVERSED) && c.n > 8)) {
			rd_fatal(d, q);
			break;
		}
		if (!QK(d, Q_RTC_READ_USED_REVERSED)) {
			if (rd_complete(d, q, &c, w) < 0) {
				rd_fatal(d, q);
				break;
			}
			continue;
		}
		done[n].c = c;
		memcpy(done[n].seg, c.seg, sizeof(*c.seg) * c.n);
		done[n].c.seg = done[n].seg;
		done[n++].written = w;
		if (n == 16)
			break;
	}
	while (n--)
		if (rd_complete(d, q, &done[n].c, done[n].written) < 0) {
			rd_fatal(d, q);
			break;
		}
	rd_batch_done(d, q, old);
}

static void rtc_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 0)
		rtc_serve(d);
	rtc_alarm_deliver(d);
}

#endif
