/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Alarm Operation": which clocks serve alarm messages and
 * with what status, judged by READ_ALARM alone (it changes nothing). An
 * alarm belongs to the device's owner and may wake the host: vct does not
 * set one here.
 */
#include <string.h>

#include "rtc.h"

/* READ_ALARM of @clock: the status; the response in @m. */
static uint8_t read_alarm(struct vct_ctx *c, struct rtc_dev *d, uint16_t clock, struct rtc_msg *m)
{
	rtc_msg_init(m, RTC_REQ_READ_ALARM, clock, 0);
	return rtc_call(c, d, m);
}

/* READ_ALARM of every clock without VIRTIO_RTC_F_ALARM: report each status against @ok(). */
static void unnegotiated(struct vct_ctx *c, bool enodev)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		struct rtc_msg m;
		uint8_t st = read_alarm(c, &d, (uint16_t)i, &m);

		if (enodev)
			vct_report(c, st == RTC_S_ENODEV, "READ_ALARM status, VIRTIO_RTC_F_ALARM not negotiated",
				   "VIRTIO_RTC_S_ENODEV (3)", "clock %u: %u (%s)", i, st, rtc_status_name(st));
		else
			vct_report(c, st != RTC_S_OK, "READ_ALARM status, VIRTIO_RTC_F_ALARM not negotiated",
				   "not OK: no alarm message is supported", "clock %u: %u (%s)", i, st, rtc_status_name(st));
	}
}

/* D-98fb3372: without VIRTIO_RTC_F_ALARM the device supports no alarm message: READ_ALARM of every clock is not OK. */
static void alarm_refused_unnegotiated(struct vct_ctx *c)
{
	unnegotiated(c, false);
}

/* D-2f06645c: without VIRTIO_RTC_F_ALARM, READ_ALARM gets ENODEV, for every clock. */
static void alarm_enodev_unnegotiated(struct vct_ctx *c)
{
	unnegotiated(c, true);
}

/* D-31f29c75: with VIRTIO_RTC_F_ALARM, READ_ALARM of a clock without VIRTIO_RTC_FLAG_ALARM_CAP gets ENODEV. */
static void alarm_enodev_no_cap(struct vct_ctx *c)
{
	struct rtc_dev d;
	unsigned int seen = 0;

	rtc_start(c, &d, true);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		struct rtc_msg m;
		uint8_t st;

		if (d.cap_status[i] != RTC_S_OK || (d.flags[i] & RTC_FLAG_ALARM_CAP))
			continue;
		seen++;
		st = read_alarm(c, &d, (uint16_t)i, &m);
		vct_report(c, st == RTC_S_ENODEV, "READ_ALARM status, clock without VIRTIO_RTC_FLAG_ALARM_CAP",
			   "VIRTIO_RTC_S_ENODEV (3)", "clock %u (%s): %u (%s)", i, rtc_type_name(d.type[i]), st,
			   rtc_status_name(st));
	}
	if (!seen)
		vct_skip(c, "device: every clock has VIRTIO_RTC_FLAG_ALARM_CAP");
}

/*
 * D-57918979: VIRTIO_RTC_FLAG_ALARM_CAP is set exactly for the clocks that
 * serve alarm messages: with the flag READ_ALARM is neither ENODEV nor
 * EOPNOTSUPP, without it READ_ALARM is not OK.
 */
static void alarm_cap_flag(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, true);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		struct rtc_msg m;
		uint8_t st;
		bool cap = d.flags[i] & RTC_FLAG_ALARM_CAP;

		if (d.cap_status[i] != RTC_S_OK)
			continue;
		st = read_alarm(c, &d, (uint16_t)i, &m);
		vct_report(c, cap ? st != RTC_S_ENODEV && st != RTC_S_EOPNOTSUPP : st != RTC_S_OK,
			   "VIRTIO_RTC_FLAG_ALARM_CAP against READ_ALARM",
			   "flag set exactly for the clocks that serve alarm messages",
			   "clock %u: flag %s, READ_ALARM status %u (%s)", i, cap ? "set" : "clear", st, rtc_status_name(st));
	}
}

/* D-ce860329: with VIRTIO_RTC_F_ALARM negotiated, at least one clock serves alarm messages (ALARM_CAP, READ_ALARM OK). */
static void alarm_supported(struct vct_ctx *c)
{
	struct rtc_dev d;
	int first = -1;

	rtc_start(c, &d, true);
	for (unsigned int i = 0; i < d.n && first < 0; i++) {
		struct rtc_msg m;

		if (d.cap_status[i] == RTC_S_OK && (d.flags[i] & RTC_FLAG_ALARM_CAP) &&
		    read_alarm(c, &d, (uint16_t)i, &m) == RTC_S_OK)
			first = (int)i;
	}
	vct_report(c, first >= 0, "clocks serving alarm messages, VIRTIO_RTC_F_ALARM negotiated",
		   "one or more (VIRTIO_RTC_FLAG_ALARM_CAP, READ_ALARM OK)",
		   first >= 0 ? "clock %d" : "none of %d clocks looked at", first >= 0 ? first : (int)d.n);
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.alarm_refused_unnegotiated", "D-98fb3372", alarm_refused_unnegotiated, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_enodev_unnegotiated", "D-2f06645c", alarm_enodev_unnegotiated, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_enodev_no_cap", "D-31f29c75", alarm_enodev_no_cap, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_cap_flag", "D-57918979", alarm_cap_flag, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_supported", "D-ce860329", alarm_supported, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_alarm, "rtc", checks);
