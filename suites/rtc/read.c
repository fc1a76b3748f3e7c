/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Read Requests": READ on every clock, readings in the order
 * the driver made requests available, nanoseconds, readings obtained after
 * the request, and READ_CROSS's counter values. Non-MONOTONIC clocks may
 * step backwards at any time: an order seen reversed on them is tried
 * three times before it is a failure.
 */
#include <sched.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define RTC_VCT_TSC 1
#else
#define RTC_VCT_TSC 0
#endif

#include "rtc.h"

/* D-d596f601: every clock supports READ: none answers EOPNOTSUPP, ENODEV or EINVAL (EIO: an error of the moment). */
static void read_supported(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		uint8_t st = rtc_read(c, &d, (uint16_t)i, NULL, NULL, NULL);

		vct_report(c, st == RTC_S_OK || st == RTC_S_EIO, "READ status", "OK (or EIO): READ is supported",
			   "clock %u (%s): status %u (%s)", i, rtc_type_name(d.type[i]), st, rtc_status_name(st));
	}
}

/* D-c1a1846a (SHOULD): after DRIVER_OK every clock reads: READ answers OK, three times each. */
static void read_ok(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int r = 0; r < 3; r++)
		for (unsigned int i = 0; i < d.n; i++) {
			uint8_t st = rtc_read(c, &d, (uint16_t)i, NULL, NULL, NULL);

			vct_report(c, st == RTC_S_OK, "READ status", "VIRTIO_RTC_S_OK", "clock %u (%s), round %u: %u (%s)",
				   i, rtc_type_name(d.type[i]), r, st, rtc_status_name(st));
		}
}

/* @n READs of @clock in one notification; whether their readings never go down in availability order (*@at the first that does). */
static bool batch_rising(struct vct_ctx *c, struct rtc_dev *d, uint16_t clock, unsigned int n, uint64_t *v,
			 unsigned int *at)
{
	struct rtc_msg m[8];

	for (unsigned int i = 0; i < n; i++)
		rtc_msg_init(&m[i], RTC_REQ_READ, clock, 0);
	rtc_batch(c, d, m, n, NULL, false);
	for (unsigned int i = 0; i < n; i++)
		v[i] = m[i].resp[0] == RTC_S_OK ? vct_le_load(m[i].resp + 8, 8) : 0;
	for (unsigned int i = 1; i < n; i++)
		if (m[i].resp[0] == RTC_S_OK && m[i - 1].resp[0] == RTC_S_OK && v[i] < v[i - 1]) {
			*at = i;
			return false;
		}
	return true;
}

/*
 * D-97441b5a: two reads of one clock are obtained in the order the driver
 * made them available (or give the same value): four READs of each clock in
 * one notification read non-decreasing; a decrease is tried three times
 * (the clock may have stepped back).
 */
static void read_obtained_in_order(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = rtc_readable(c, &d, ids);
	for (unsigned int i = 0; i < k; i++) {
		uint64_t v[8];
		unsigned int at = 0;
		bool ok = false;

		for (unsigned int t = 0; t < 3 && !ok; t++)
			ok = batch_rising(c, &d, ids[i], 4, v, &at);
		vct_report(c, ok, "readings of four READs in one notification",
			   "in the order made available (non-decreasing)",
			   ok ? "clock %u: in order" : "clock %u, three tries, the last: request %u read %llu, before it %llu",
			   ids[i], at, (unsigned long long)v[at], (unsigned long long)v[at ? at - 1 : 0]);
	}
}

/*
 * D-d974064b: READs of one clock are used in the order they were made
 * available: eight READs in one notification, alternating between two
 * clocks where there are two.
 */
static void read_used_in_order(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	struct rtc_msg m[8];
	unsigned int k, order[8], last[2] = { 0, 0 };
	bool seen[2] = { false, false };

	rtc_start(c, &d, false);
	k = rtc_readable(c, &d, ids);
	for (unsigned int i = 0; i < 8; i++)
		rtc_msg_init(&m[i], RTC_REQ_READ, ids[k > 1 ? i % 2 : 0], 0);
	rtc_batch(c, &d, m, 8, order, false);
	for (unsigned int j = 0; j < 8; j++) {
		unsigned int i = order[j], g = k > 1 ? i % 2 : 0;

		vct_report(c, !seen[g] || i > last[g], "used order of READs of one clock", "the order made available",
			   "clock %u: request %u used after request %u", ids[k > 1 ? g : 0], i, last[g]);
		seen[g] = true;
		last[g] = i;
	}
}

/*
 * D-4e33f420: a MONOTONIC clock never reads less than a read made
 * available before: eight READs in one notification, then four one by one.
 */
static void monotonic_nondecreasing(struct vct_ctx *c)
{
	struct rtc_dev d;
	unsigned int seen = 0;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		uint64_t v[8], prev, cur;
		unsigned int at = 0;
		bool ok;

		if (d.cap_status[i] != RTC_S_OK || d.type[i] != RTC_MONO)
			continue;
		seen++;
		ok = batch_rising(c, &d, (uint16_t)i, 8, v, &at);
		vct_report(c, ok, "MONOTONIC readings of eight READs in one notification", "non-decreasing",
			   ok ? "clock %u: non-decreasing" : "clock %u: request %u read %llu, before it %llu", i, at,
			   (unsigned long long)v[at], (unsigned long long)v[at ? at - 1 : 0]);
		if (rtc_read(c, &d, (uint16_t)i, &prev, NULL, NULL) != RTC_S_OK)
			continue;
		for (unsigned int r = 0; r < 4; r++) {
			if (rtc_read(c, &d, (uint16_t)i, &cur, NULL, NULL) != RTC_S_OK)
				break;
			vct_report(c, cur >= prev, "MONOTONIC reading of a READ after the last one was used",
				   "at least the last reading", "clock %u: %llu after %llu", i, (unsigned long long)cur,
				   (unsigned long long)prev);
			prev = cur;
		}
	}
	if (!seen)
		vct_skip(c, "device: no clock of type VIRTIO_RTC_CLOCK_MONOTONIC");
}

/*
 * D-424cd65d: READ's clock_reading is in nanoseconds: over 100 ms of vct's
 * clock each clock advances between half and twice that (a slewed clock
 * stays well inside; microseconds or counter ticks do not). Three tries:
 * a clock may step.
 */
static void read_unit_ns(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = rtc_readable(c, &d, ids);
	for (unsigned int i = 0; i < k; i++)
		rtc_rate(c, &d, RTC_REQ_READ, ids[i], 0, 100, 0.5, 2.0, "READ clock_reading advance over 100 ms",
			 "vct's interval in nanoseconds, within a factor of 2");
}

/*
 * D-69db2855: the reading is obtained after the request was made
 * available: a READ made available 100 ms after the last one was used reads
 * at least 50 ms later (any rate within a factor of 2; three tries).
 */
static void read_after_available(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = rtc_readable(c, &d, ids);
	for (unsigned int i = 0; i < k; i++) {
		uint64_t a, b, ta, tb;
		double gap = 0, dv = 0;
		bool ok = false;

		for (unsigned int t = 0; t < 3 && !ok; t++) {
			struct timespec ts = { 0, 100000000L };

			if (rtc_read(c, &d, ids[i], &a, NULL, &ta) != RTC_S_OK)
				continue;
			nanosleep(&ts, NULL);
			if (rtc_read(c, &d, ids[i], &b, &tb, NULL) != RTC_S_OK)
				continue;
			gap = (double)(tb - ta);
			dv = (double)(int64_t)(b - a);
			ok = dv >= 0.5 * gap;
		}
		vct_report(c, ok, "READ made available after the last one was used",
			   "a reading obtained after it was made available (advanced by half vct's gap at least)",
			   "clock %u: advanced %.0f ns over a %.0f ns gap", ids[i], dv, gap);
	}
}

/* Clock and counter pairs whose READ_CROSS answers OK (SKIP "not offered:" when none), into @ids / @hws. */
static unsigned int cross_pairs(struct vct_ctx *c, struct rtc_dev *d, uint16_t *ids, uint8_t *hws, bool tsc_only)
{
	unsigned int k = 0;

	rtc_need_clock(c, d);
	for (unsigned int i = 0; i < d->n; i++)
		for (uint8_t hw = tsc_only ? RTC_CNT_X86_TSC : 0; hw < 2; hw++) {
			struct rtc_msg m;

			rtc_msg_init(&m, RTC_REQ_READ_CROSS, (uint16_t)i, hw);
			if (rtc_call(c, d, &m) == RTC_S_OK) {
				ids[k] = (uint16_t)i;
				hws[k++] = hw;
			}
		}
	if (!k)
		vct_skip(c, tsc_only ? "not offered: no clock answers READ_CROSS with the x86 TSC" :
				       "not offered: no clock answers READ_CROSS (cross-timestamping) with a counter the spec defines");
	return k;
}

/*
 * D-33336162: of two READ_CROSS requests for one clock and counter, the
 * later shows the counter later (or the same): four in one notification.
 */
static void cross_counter_order(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[2 * RTC_MAX_CLOCKS];
	uint8_t hws[2 * RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = cross_pairs(c, &d, ids, hws, false);
	for (unsigned int p = 0; p < k; p++) {
		struct rtc_msg m[4];

		for (unsigned int i = 0; i < 4; i++)
			rtc_msg_init(&m[i], RTC_REQ_READ_CROSS, ids[p], hws[p]);
		rtc_batch(c, &d, m, 4, NULL, false);
		for (unsigned int i = 1; i < 4; i++) {
			uint64_t a = vct_le_load(m[i - 1].resp + 16, 8), b = vct_le_load(m[i].resp + 16, 8);

			if (m[i].resp[0] != RTC_S_OK || m[i - 1].resp[0] != RTC_S_OK)
				continue;
			vct_report(c, b >= a, "counter_cycles of READ_CROSS made available later",
				   "at least the earlier request's", "clock %u, hw_counter %u, request %u: %llu after %llu",
				   ids[p], hws[p], i, (unsigned long long)b, (unsigned long long)a);
		}
	}
}

/* D-c88f858f: READ_CROSS's clock_reading is in nanoseconds (as read_unit_ns, for each pair READ_CROSS serves). */
static void cross_unit_ns(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[2 * RTC_MAX_CLOCKS];
	uint8_t hws[2 * RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = cross_pairs(c, &d, ids, hws, false);
	for (unsigned int p = 0; p < k; p++)
		rtc_rate(c, &d, RTC_REQ_READ_CROSS, ids[p], hws[p], 100, 0.5, 2.0,
			 "READ_CROSS clock_reading advance over 100 ms", "vct's interval in nanoseconds, within a factor of 2");
}

#if RTC_VCT_TSC
/* TSC cycles in 10 ms of vct's clock (measured over 20 ms). */
static uint64_t tsc_10ms(void)
{
	struct timespec ts = { 0, 20000000L };
	uint64_t t0 = rtc_now(), c0 = __rdtsc(), t1, c1;

	nanosleep(&ts, NULL);
	c1 = __rdtsc();
	t1 = rtc_now();
	return t1 > t0 ? (c1 - c0) * 10000000ull / (t1 - t0) : 0;
}
#endif

/*
 * D-d2b904c0: READ_CROSS with the x86 TSC gives counter_cycles close to
 * what vct reads from the TSC itself (vct runs on the CPU the driver
 * enumerates first, as the spec has the device assume): between the TSC
 * before the request was made available and after it was used, give or
 * take 10 ms worth of cycles.
 */
static void cross_counter_approx(struct vct_ctx *c)
{
#if RTC_VCT_TSC
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	uint8_t hws[RTC_MAX_CLOCKS];
	unsigned int k;
	uint64_t slack;
	cpu_set_t one, was;
	bool pinned;

	/* best effort (the counter is usually the same on every CPU); undone at the end for --no-fork runs */
	rtc_start(c, &d, false);
	k = cross_pairs(c, &d, ids, hws, true);
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	pinned = !sched_getaffinity(0, sizeof(was), &was) && !sched_setaffinity(0, sizeof(one), &one);
	slack = tsc_10ms();
	for (unsigned int p = 0; p < k; p++) {
		struct rtc_msg m;
		uint64_t c0, c1, cyc;

		rtc_msg_init(&m, RTC_REQ_READ_CROSS, ids[p], RTC_CNT_X86_TSC);
		c0 = __rdtsc();
		if (rtc_call(c, &d, &m) != RTC_S_OK)
			continue;
		c1 = __rdtsc();
		cyc = vct_le_load(m.resp + 16, 8);
		vct_report(c, cyc + slack >= c0 && cyc <= c1 + slack, "READ_CROSS counter_cycles (x86 TSC)",
			   "vct's own TSC around the request, within 10 ms of cycles",
			   "clock %u: %llu; vct read %llu before, %llu after (10 ms = %llu cycles)", ids[p],
			   (unsigned long long)cyc, (unsigned long long)c0, (unsigned long long)c1, (unsigned long long)slack);
	}
	if (pinned)
		(void)sched_setaffinity(0, sizeof(was), &was);
#else
	vct_skip(c, "spec: the counters the chapter defines are the Arm virtual count and the x86 TSC; vct compares with the TSC only, on x86");
#endif
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.read_supported", "D-d596f601", read_supported, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.read_ok", "D-c1a1846a", read_ok, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.read_obtained_in_order", "D-97441b5a", read_obtained_in_order, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.read_used_in_order", "D-d974064b", read_used_in_order, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.monotonic_nondecreasing", "D-4e33f420", monotonic_nondecreasing, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.read_unit_ns", "D-424cd65d", read_unit_ns, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.read_after_available", "D-69db2855", read_after_available, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.cross_counter_approx", "D-d2b904c0", cross_counter_approx, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.cross_counter_order", "D-33336162", cross_counter_order, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.cross_unit_ns", "D-c88f858f", cross_unit_ns, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_read, "rtc", checks);
