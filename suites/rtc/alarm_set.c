/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Alarm Control Requests": what SET_ALARM and
 * SET_ALARM_ENABLED do to an alarm, seen through READ_ALARM, and the alarm
 * after a device reset. An alarm may wake the host, so vct takes only an
 * alarm nobody set (READ_ALARM time 0, disabled), sets times no clock
 * reaches (2^63 ns and later: past year 2262), enables an alarm only at
 * such a time, and leaves it at time 0, disabled, as it found it. The
 * clock may step, but never to there: these alarms never expire (the
 * checks of expiry are in alarm_fire.c).
 */
#include <string.h>

#include "rtc.h"

#define T_FAR 0xfffffffffff00000ull	/* about year 2554 */
#define T_FAR2 0x8000000000000000ull	/* year 2262 */

/* Report READ_ALARM of @a against @t and @en (either may be skipped: @want_t / @want_en false). */
static void alarm_expect(struct vct_ctx *c, struct rtc_alarm *a, bool want_t, uint64_t t, bool want_en, bool en,
			 const char *what)
{
	uint64_t rt;
	uint8_t rf, st = rtc_alarm_read(c, a, &rt, &rf);

	if (want_t)
		vct_report(c, st == RTC_S_OK && rt == t, what, "READ_ALARM OK with the alarm time set",
			   "clock %u: status %u (%s), alarm_time %llu (set %llu)", a->id, st, rtc_status_name(st),
			   (unsigned long long)rt, (unsigned long long)t);
	if (want_en)
		vct_report(c, st == RTC_S_OK && !!(rf & RTC_FLAG_ALARM_ENABLED) == en, what,
			   en ? "READ_ALARM OK, VIRTIO_RTC_FLAG_ALARM_ENABLED set" :
				"READ_ALARM OK, VIRTIO_RTC_FLAG_ALARM_ENABLED clear",
			   "clock %u: status %u (%s), flags 0x%02x", a->id, st, rtc_status_name(st), rf);
}

/* D-37057f48: SET_ALARM takes any alarm_time (those no clock reaches: 2^63, 2^63 + 1, T_FAR, all ones), disabled. */
static void alarm_set_any_time(struct vct_ctx *c)
{
	static const uint64_t t[] = { T_FAR2, T_FAR2 + 1, T_FAR, ~0ull };
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t st = rtc_alarm_set(c, &a, t[i], false);

		vct_report(c, st == RTC_S_OK || st == RTC_S_EIO, "SET_ALARM status", "OK (or EIO): any alarm_time is accepted",
			   "clock %u, alarm_time 0x%016llx, disabled: %u (%s)", a.id, (unsigned long long)t[i], st,
			   rtc_status_name(st));
	}
	rtc_alarm_restore(c, &a);
}

/* D-35cc0ceb: SET_ALARM answered OK sets the alarm time: READ_ALARM gives it back (two times, disabled). */
static void alarm_set_time(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, false), "SET_ALARM");
	alarm_expect(c, &a, true, T_FAR, false, false, "alarm time after SET_ALARM, disabled");
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR2, false), "SET_ALARM");
	alarm_expect(c, &a, true, T_FAR2, false, false, "alarm time after a second SET_ALARM");
	rtc_alarm_restore(c, &a);
}

/* D-3f74f224: SET_ALARM with VIRTIO_RTC_FLAG_ALARM_ENABLED enables the alarm (at a time no clock reaches). */
static void alarm_set_enables(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, true), "SET_ALARM, enabled");
	alarm_expect(c, &a, false, 0, true, true, "alarm after SET_ALARM with ALARM_ENABLED");
	rtc_alarm_restore(c, &a);
}

/* D-e40b09e7: SET_ALARM without the flag disables the alarm, an enabled one included. */
static void alarm_set_disables(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, true), "SET_ALARM, enabled");
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR2, false), "SET_ALARM, disabled");
	alarm_expect(c, &a, false, 0, true, false, "alarm after SET_ALARM without ALARM_ENABLED (it was enabled)");
	rtc_alarm_restore(c, &a);
}

/* D-7264494c: SET_ALARM_ENABLED with the flag enables the alarm. */
static void alarm_enable_enables(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, false), "SET_ALARM, disabled");
	rtc_alarm_need_ok(c, &a, rtc_alarm_enable(c, &a, true), "SET_ALARM_ENABLED, enabled");
	alarm_expect(c, &a, false, 0, true, true, "alarm after SET_ALARM_ENABLED with ALARM_ENABLED");
	rtc_alarm_restore(c, &a);
}

/* D-c5834a1d: SET_ALARM_ENABLED without the flag disables the alarm. */
static void alarm_enable_disables(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, true), "SET_ALARM, enabled");
	rtc_alarm_need_ok(c, &a, rtc_alarm_enable(c, &a, false), "SET_ALARM_ENABLED, disabled");
	alarm_expect(c, &a, false, 0, true, false, "alarm after SET_ALARM_ENABLED without ALARM_ENABLED");
	rtc_alarm_restore(c, &a);
}

/* D-7e005a56: SET_ALARM_ENABLED keeps the alarm time, enabling and disabling. */
static void alarm_enable_keeps_time(struct vct_ctx *c)
{
	struct rtc_alarm a;

	rtc_alarm_take(c, &a, -1);
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, false), "SET_ALARM, disabled");
	rtc_alarm_need_ok(c, &a, rtc_alarm_enable(c, &a, true), "SET_ALARM_ENABLED, enabled");
	alarm_expect(c, &a, true, T_FAR, false, false, "alarm time after SET_ALARM_ENABLED, enabling");
	rtc_alarm_need_ok(c, &a, rtc_alarm_enable(c, &a, false), "SET_ALARM_ENABLED, disabled");
	alarm_expect(c, &a, true, T_FAR, false, false, "alarm time after SET_ALARM_ENABLED, disabling");
	rtc_alarm_restore(c, &a);
}

/*
 * The alarm after a device reset, set before it to T_FAR, disabled: kept
 * (T_FAR, disabled) or not (time 0, disabled). @time: judge the time
 * (D-8a04d345), else the enable (D-df8763cd).
 */
static void reset_state(struct vct_ctx *c, bool time)
{
	struct rtc_alarm a;
	uint64_t t;
	uint8_t f, st;
	uint16_t id;

	rtc_alarm_take(c, &a, -1);
	id = a.id;
	rtc_alarm_need_ok(c, &a, rtc_alarm_set(c, &a, T_FAR, false), "SET_ALARM, disabled");
	vct_c_reset(c);
	rtc_start(c, &a.d, true);
	a.id = id;
	st = rtc_alarm_read(c, &a, &t, &f);
	if (time)
		vct_report(c, st == RTC_S_OK && (t == T_FAR || t == 0), "alarm time after a device reset",
			   "kept (the time set before) or 0", "clock %u: status %u (%s), alarm_time %llu (set %llu before)",
			   id, st, rtc_status_name(st), (unsigned long long)t, (unsigned long long)T_FAR);
	else
		vct_report(c, st == RTC_S_OK && !(f & RTC_FLAG_ALARM_ENABLED), "alarm after a device reset",
			   "disabled (kept disabled, or not kept)", "clock %u: status %u (%s), flags 0x%02x", id, st,
			   rtc_status_name(st), f);
	rtc_alarm_restore(c, &a);
}

static void alarm_reset_time(struct vct_ctx *c)
{
	reset_state(c, true);
}

static void alarm_reset_disabled(struct vct_ctx *c)
{
	reset_state(c, false);
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.alarm_set_any_time", "D-37057f48", alarm_set_any_time, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_set_time", "D-35cc0ceb", alarm_set_time, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_set_enables", "D-3f74f224", alarm_set_enables, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_set_disables", "D-e40b09e7", alarm_set_disables, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_enable_enables", "D-7264494c", alarm_enable_enables, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_enable_disables", "D-c5834a1d", alarm_enable_disables, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_enable_keeps_time", "D-7e005a56", alarm_enable_keeps_time, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_reset_time", "D-8a04d345", alarm_reset_time, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_reset_disabled", "D-df8763cd", alarm_reset_disabled, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_alarm_set, "rtc", checks);
