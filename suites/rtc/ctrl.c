/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Control Requests": what CLOCK_CAP and CROSS_CAP say, and
 * the properties of clock types that show without a reference time (the
 * MONOTONIC clock's rate and epoch). Absolute time (UTC, TAI, the epochs
 * of UTC-like and TAI clocks) is not judged: a clock may be read before it
 * is aligned to its reference, and vct's own clock is no reference.
 */
#include <string.h>
#include <time.h>

#include "rtc.h"

/* D-059178e4: CLOCK_CAP of a clock not of type UTC_SMEARED gives leap_second_smearing UNSPECIFIED (0). */
static void smearing_unspecified(struct vct_ctx *c)
{
	struct rtc_dev d;
	unsigned int seen = 0;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		if (d.cap_status[i] != RTC_S_OK || d.type[i] == RTC_UTC_SMEARED)
			continue;
		seen++;
		vct_report(c, d.smear[i] == 0, "CLOCK_CAP leap_second_smearing, clock not UTC_SMEARED",
			   "VIRTIO_RTC_SMEAR_UNSPECIFIED (0)", "clock %u (type %u, %s): %u", i, d.type[i],
			   rtc_type_name(d.type[i]), d.smear[i]);
	}
	if (!seen)
		vct_skip(c, "device: every clock answered CLOCK_CAP with an error or is of type UTC_SMEARED");
}

/* D-7f79a548: a UTC_SMEARED clock names a smearing variant: UNSPECIFIED, NOON_LINEAR, UTC_SLS, or 0xf0 and above. */
static void smearing_variant(struct vct_ctx *c)
{
	struct rtc_dev d;
	unsigned int seen = 0;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		if (d.cap_status[i] != RTC_S_OK || d.type[i] != RTC_UTC_SMEARED)
			continue;
		seen++;
		vct_report(c, d.smear[i] <= 2 || d.smear[i] >= 0xf0, "CLOCK_CAP leap_second_smearing, UTC_SMEARED clock",
			   "0, 1, 2 or 0xf0-0xff", "clock %u: %u", i, d.smear[i]);
	}
	if (!seen)
		vct_skip(c, "device: no clock of type VIRTIO_RTC_CLOCK_UTC_SMEARED");
}

/*
 * D-5cb69893 (SHOULD): CROSS_CAP's flag is set exactly for the clock and
 * counter pairs whose READ_CROSS answers OK (both counters the spec
 * defines, every clock).
 */
static void cross_cap_matches(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++)
		for (uint8_t hw = 0; hw < 2; hw++) {
			struct rtc_msg cap, rd;
			uint8_t st;

			rtc_msg_init(&cap, RTC_REQ_CROSS_CAP, (uint16_t)i, hw);
			if (rtc_call(c, &d, &cap) != RTC_S_OK)
				continue;
			rtc_msg_init(&rd, RTC_REQ_READ_CROSS, (uint16_t)i, hw);
			st = rtc_call(c, &d, &rd);
			if (st == RTC_S_EIO)
				continue;	/* a passing error says nothing about support */
			vct_report(c, !!(cap.resp[8] & RTC_FLAG_CROSS_CAP) == (st == RTC_S_OK),
				   "CROSS_CAP flag against READ_CROSS", "flag set exactly when READ_CROSS answers OK",
				   "clock %u, hw_counter %u: flag %s, READ_CROSS status %u (%s)", i, hw,
				   cap.resp[8] & RTC_FLAG_CROSS_CAP ? "set" : "clear", st, rtc_status_name(st));
		}
}

/* The MONOTONIC clocks vct can read (SKIP "device:" when none). */
static unsigned int monotonic_clocks(struct vct_ctx *c, struct rtc_dev *d, uint16_t *ids)
{
	unsigned int k = 0;

	rtc_need_clock(c, d);
	for (unsigned int i = 0; i < d->n; i++)
		if (d->cap_status[i] == RTC_S_OK && d->type[i] == RTC_MONO)
			ids[k++] = (uint16_t)i;
	if (!k)
		vct_skip(c, "device: no clock of type VIRTIO_RTC_CLOCK_MONOTONIC");
	return k;
}

/*
 * D-e7dda0ae: a MONOTONIC clock counts SI seconds: over 200 ms of vct's
 * CLOCK_MONOTONIC it advances by that much, within 5 % (vct's clock may be
 * slewed by 0.05 % at most; the margin is for scheduling).
 */
static void monotonic_si_rate(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	unsigned int k;

	rtc_start(c, &d, false);
	k = monotonic_clocks(c, &d, ids);
	for (unsigned int i = 0; i < k; i++)
		rtc_rate(c, &d, RTC_REQ_READ, ids[i], 0, 200, 0.95, 1.05, "MONOTONIC clock advance over 200 ms",
			 "vct's interval within 5 % (SI seconds, nanosecond unit)");
}

static uint64_t before_ok_at;

/* Before DRIVER_OK: note the time (the reset is over) and let 300 ms pass. */
static void hold_before_driver_ok(struct vct_ctx *c)
{
	struct timespec ts = { 0, 300000000L };

	(void)c;
	before_ok_at = rtc_now();
	nanosleep(&ts, NULL);
}

/*
 * D-11c46dcf: a MONOTONIC clock's epoch is at or before the device reset:
 * bring-up waits 300 ms between the reset and DRIVER_OK, so a reading
 * taken after that shows at least as much time since the epoch as vct saw
 * since the reset was over (less 5 %).
 */
static void monotonic_epoch(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint16_t ids[RTC_MAX_CLOCKS];
	unsigned int k;
	uint64_t t0;

	vct_c_reset(c);
	rtc_bring(c, &d, false, hold_before_driver_ok);
	t0 = before_ok_at;
	rtc_discover(c, &d);
	k = monotonic_clocks(c, &d, ids);
	for (unsigned int i = 0; i < k; i++) {
		uint64_t v, tp;
		uint8_t st = rtc_read(c, &d, ids[i], &v, &tp, NULL);

		if (st != RTC_S_OK)
			continue;
		vct_report(c, (double)v >= 0.95 * (double)(tp - t0), "MONOTONIC clock reading after a reset",
			   "at least the time since the reset (epoch before or during it)",
			   "clock %u: %llu ns; vct saw %llu ns since the reset", ids[i], (unsigned long long)v,
			   (unsigned long long)(tp - t0));
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.smearing_unspecified", "D-059178e4", smearing_unspecified, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.smearing_variant", "D-7f79a548", smearing_variant, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.cross_cap_matches", "D-5cb69893", cross_cap_matches, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.monotonic_si_rate", "D-e7dda0ae", monotonic_si_rate, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.monotonic_epoch", "D-11c46dcf", monotonic_epoch, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_ctrl, "rtc", checks);
