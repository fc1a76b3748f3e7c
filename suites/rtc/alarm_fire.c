/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Alarm Operation" and "Alarm Notifications": alarm expiry
 * events and the VIRTIO_RTC_NOTIF_ALARM notifications on the alarmq that
 * serve them.
 *
 * These alarms do expire, so vct keeps them to its own time with the
 * device: it takes only an alarm nobody set (READ_ALARM time 0, disabled),
 * sets time 0 (which every clock has reached: a reading is unsigned, no
 * clock can be before it, so no later clock step makes a second expiry)
 * or a time some 50 ms ahead of the clock's own reading, and disables the
 * alarm again (time 0) before the check ends; a disable stops every alarm
 * action of the alarm (D-4b67d012, checked here).
 *
 * A check fails only on what the chapter leaves no room for: an expiry
 * the clock itself shows happened (its reading at or past the alarm time,
 * READ_ALARM still showing the alarm enabled at that time) and no
 * notification for the clock with alarmq buffers available for the whole
 * wait. A clock that steps back before the alarm time makes a pending
 * expiry obsolete (the device may drop it), so a reading before it SKIPs.
 */
#include <string.h>

#include "rtc.h"

#define AHEAD_MS 50		/* a "future" alarm time: this far past the clock's reading */
#define NBUF 4			/* alarmq buffers posted at once */

/* The alarm taken and the alarmq's notifications as they come. */
struct fire {
	struct rtc_alarm a;
	struct vct_vq *aq;
	struct vct_dma_buf *buf[NBUF];
	unsigned int posted;	/* buffers made available */
	unsigned int used;	/* of those, used by the device */
	unsigned int mine;	/* VIRTIO_RTC_NOTIF_ALARM for the clock taken */
	unsigned int bad_clock;	/* VIRTIO_RTC_NOTIF_ALARM naming a clock without VIRTIO_RTC_FLAG_ALARM_CAP */
	char log[200];		/* each used buffer: used length, msg_type, clock_id */
	size_t loglen;
	char bad[120];		/* the first bad_clock one */
};

/* After a bring-up with VIRTIO_RTC_F_ALARM: the alarmq, nothing posted on it yet. */
static void fire_attach(struct vct_ctx *c, struct fire *f)
{
	f->aq = f->a.d.b.vq[1];
	if (!f->aq)
		vct_abort(c, "rtc: VIRTIO_RTC_F_ALARM negotiated but no alarmq set up");
}

/* Take the alarm (of a clock of @type, any when negative). */
static void fire_take(struct vct_ctx *c, struct fire *f, int type)
{
	memset(f, 0, sizeof(*f));
	rtc_alarm_take(c, &f->a, type);
	fire_attach(c, f);
}

/* Make NBUF 16-byte device-writable buffers available on the alarmq, and notify. */
static void fire_post(struct vct_ctx *c, struct fire *f)
{
	for (unsigned int i = 0; i < NBUF; i++) {
		struct vct_sg sg;

		f->buf[i] = vct_c_dma(c, 16);
		memset(f->buf[i]->va, 0xee, 16);
		sg = (struct vct_sg){ .iova = f->buf[i]->iova, .len = 16, .write = true };
		if (vct_vq_add(f->aq, &sg, 1, f->buf[i], 0) < 0)
			vct_abort(c, "cannot post an alarmq buffer");
	}
	f->posted = NBUF;
	vct_vq_notify(f->aq);
}

/* One used alarmq buffer: tally it. */
static void fire_note(struct fire *f, const struct vct_dma_buf *b, uint32_t len)
{
	const uint8_t *p = b->va;
	uint16_t type = (uint16_t)vct_le_load(p, 2), clock = (uint16_t)vct_le_load(p + 8, 2);
	const struct rtc_dev *d = &f->a.d;
	bool alarm = len >= 10 && type == RTC_NOTIF_ALARM;
	int n;

	f->used++;
	n = snprintf(f->log + f->loglen, sizeof(f->log) - f->loglen, "%s[len %u, msg_type 0x%04x, clock %u]",
		     f->loglen ? " " : "", len, type, clock);
	if (n > 0 && (size_t)n < sizeof(f->log) - f->loglen)
		f->loglen += (size_t)n;
	if (!alarm)
		return;
	if (clock == f->a.id)
		f->mine++;
	/* A clock vct did not look at (past RTC_MAX_CLOCKS but below num_clocks) cannot be judged. */
	if (clock >= d->nclocks || (clock < d->n && (d->cap_status[clock] != RTC_S_OK ||
						       !(d->flags[clock] & RTC_FLAG_ALARM_CAP)))) {
		if (!f->bad_clock++)
			snprintf(f->bad, sizeof(f->bad), "clock %u (%s)", clock,
				 clock >= d->nclocks ? "no such clock" :
				 d->cap_status[clock] != RTC_S_OK ? "CLOCK_CAP not OK" : "VIRTIO_RTC_FLAG_ALARM_CAP clear");
	}
}

/*
 * Poll the alarmq for up to @ms, until @mine notifications for the clock
 * came (0: the whole time); the count of those.
 */
static unsigned int fire_wait(struct vct_ctx *c, struct fire *f, int ms, unsigned int mine)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)ms;

	do {
		void *tok[NBUF];
		uint32_t lens[NBUF];
		unsigned int left = f->posted - f->used, got;
		int slice = (int)(deadline - vct_now_ms());

		if (!left || (mine && f->mine >= mine))
			break;
		got = vct_req_collect(c, f->aq, slice > 0 ? slice : 0, mine ? 1 : left, tok, lens);
		for (unsigned int k = 0; k < got; k++)
			fire_note(f, tok[k], lens[k]);
	} while (vct_now_ms() < deadline);
	return f->mine;
}

/* What the alarmq showed, for evidence. */
static const char *fire_log(const struct fire *f)
{
	return f->loglen ? f->log : "no buffer used";
}

/* A READ of the alarm's clock that must answer OK (else the alarm is restored and the check SKIPs). */
static uint64_t fire_clock(struct vct_ctx *c, struct fire *f)
{
	uint64_t v = 0;
	uint8_t st = rtc_read(c, &f->a.d, f->a.id, &v, NULL, NULL);

	rtc_alarm_need_ok(c, &f->a, st, "READ");
	return v;
}

/*
 * No notification for an expiry: the verdict is a failure only when the
 * device itself shows the expiry stands: READ_ALARM still the alarm set
 * (time @at, enabled) and the clock at or past @at. Otherwise SKIP, naming
 * what changed.
 */
static void fire_missing(struct vct_ctx *c, struct fire *f, uint64_t at, const char *what, const char *expected,
			 const char *how)
{
	uint64_t t, now;
	uint8_t fl, st = rtc_alarm_read(c, &f->a, &t, &fl);

	now = fire_clock(c, f);
	if (st != RTC_S_OK || t != at || !(fl & RTC_FLAG_ALARM_ENABLED)) {
		rtc_alarm_restore(c, &f->a);
		vct_skip(c, "device: READ_ALARM of clock %u changed on its own (status %u, time %llu, flags 0x%02x; set %llu, enabled)",
			 f->a.id, st, (unsigned long long)t, fl, (unsigned long long)at);
	}
	if (now < at) {
		rtc_alarm_restore(c, &f->a);
		vct_skip(c, "device: clock %u reads %llu, before the alarm time %llu: it stepped back (an expiry may then be dropped)",
			 f->a.id, (unsigned long long)now, (unsigned long long)at);
	}
	vct_report(c, false, what, expected,
		   "no notification for clock %u (%s) in %d ms with %u alarmq buffers available, though READ_ALARM shows "
		   "time %llu, enabled, and the clock reads %llu; %s; alarmq: %s",
		   f->a.id, rtc_type_name(f->a.d.type[f->a.id]), c->timeout_ms, f->posted, (unsigned long long)at,
		   (unsigned long long)now, how, fire_log(f));
}

/* Judge that a notification for the clock came within the timeout after an expiry at @at (see fire_missing). */
static void fire_expect(struct vct_ctx *c, struct fire *f, uint64_t at, const char *what, const char *expected,
			const char *how)
{
	if (fire_wait(c, f, c->timeout_ms, 1))
		vct_report(c, true, what, expected, "clock %u: %s; alarmq: %s", f->a.id, how, fire_log(f));
	else
		fire_missing(c, f, at, what, expected, how);
}

/* The expiry of SET_ALARM(time 0, enabled), with the alarmq buffers posted first: SKIPs when none came. */
static void fire_now(struct vct_ctx *c, struct fire *f, int type)
{
	fire_take(c, f, type);
	fire_post(c, f);
	rtc_alarm_need_ok(c, &f->a, rtc_alarm_set(c, &f->a, 0, true), "SET_ALARM (time 0, enabled)");
	if (!fire_wait(c, f, c->timeout_ms, 1)) {
		rtc_alarm_restore(c, &f->a);
		vct_skip(c, "device: no notification for clock %u after SET_ALARM (time 0, enabled) "
			 "(rtc.alarm_expiry_set_past judges that); alarmq: %s", f->a.id, fire_log(f));
	}
}

/* Milliseconds to watch for notifications that must not come. */
static int quiet_ms(const struct vct_ctx *c)
{
	return c->timeout_ms < 1000 ? c->timeout_ms : 1000;
}

/* D-5cfb1b15: an enabled alarm expires when its clock runs up to the alarm time (set AHEAD_MS ahead). */
static void alarm_expiry_reached(struct vct_ctx *c)
{
	struct fire f;
	uint64_t at;

	fire_take(c, &f, -1);
	fire_post(c, &f);
	at = fire_clock(c, &f) + AHEAD_MS * 1000000ull;
	rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, at, true), "SET_ALARM (50 ms ahead, enabled)");
	/* The clock's run to the alarm time, then the timeout. */
	if (!fire_wait(c, &f, AHEAD_MS + c->timeout_ms, 1)) {
		if (fire_clock(c, &f) < at) {
			rtc_alarm_restore(c, &f.a);
			vct_skip(c, "device: clock %u did not reach the alarm time %d ms after it was %d ms ahead "
				 "(stepped back or not running)", f.a.id, AHEAD_MS + c->timeout_ms, AHEAD_MS);
		}
		fire_expect(c, &f, at, "alarm expiry as the clock reaches the alarm time",
			    "one VIRTIO_RTC_NOTIF_ALARM for the clock",
			    "alarm set enabled 50 ms ahead of the clock, which has passed it");
	} else {
		vct_report(c, true, "alarm expiry as the clock reaches the alarm time",
			   "one VIRTIO_RTC_NOTIF_ALARM for the clock", "clock %u: alarmq: %s", f.a.id, fire_log(&f));
	}
	rtc_alarm_restore(c, &f.a);
}

/* How an alarm at time 0 (passed for every clock) gets enabled, and when the alarmq buffers come. */
enum past { PAST_SET, PAST_ENABLE, PAST_LATER };

/*
 * An expiry of an alarm at time 0: enabled by SET_ALARM (PAST_SET,
 * PAST_LATER) or by SET_ALARM_ENABLED after SET_ALARM disabled
 * (PAST_ENABLE); alarmq buffers available before, or 50 ms after
 * (PAST_LATER). A notification for the clock must come.
 */
static void expiry_past(struct vct_ctx *c, enum past how, const char *what, const char *done)
{
	struct fire f;

	fire_take(c, &f, -1);
	if (how == PAST_ENABLE)
		rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, 0, false), "SET_ALARM (time 0, disabled)");
	if (how != PAST_LATER)
		fire_post(c, &f);
	if (how == PAST_ENABLE)
		rtc_alarm_need_ok(c, &f.a, rtc_alarm_enable(c, &f.a, true), "SET_ALARM_ENABLED (enabled)");
	else
		rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, 0, true), "SET_ALARM (time 0, enabled)");
	if (how == PAST_LATER) {
		fire_wait(c, &f, AHEAD_MS, 0);	/* the device polled without a buffer for a while */
		fire_post(c, &f);
	}
	fire_expect(c, &f, 0, what, "one VIRTIO_RTC_NOTIF_ALARM for the clock", done);
	rtc_alarm_restore(c, &f.a);
}

/* D-2c2dc38c: SET_ALARM enabled at a time the clock has passed (0) is an expiry: a notification comes. */
static void alarm_expiry_set_past(struct vct_ctx *c)
{
	expiry_past(c, PAST_SET, "alarm expiry on SET_ALARM at a time passed, enabled",
		    "SET_ALARM time 0, enabled, answered OK");
}

/* D-5e385fc6: SET_ALARM_ENABLED enabling an alarm whose time has passed (0) is an expiry. */
static void alarm_expiry_enable_past(struct vct_ctx *c)
{
	expiry_past(c, PAST_ENABLE, "alarm expiry on SET_ALARM_ENABLED at a time passed",
		    "SET_ALARM time 0, disabled, then SET_ALARM_ENABLED enabled, both answered OK");
}

/*
 * D-5a744fdf: an expiry while no alarmq buffer is available is served:
 * the notification comes once buffers are.
 */
static void alarm_expiry_served_later(struct vct_ctx *c)
{
	expiry_past(c, PAST_LATER, "alarm expiry served until an alarmq buffer is there",
		    "SET_ALARM time 0, enabled, answered OK with no alarmq buffer; buffers made available 50 ms later");
}

/*
 * D-6ebe6ceb: an alarm kept over a device reset, enabled, its time
 * passed, expires with the reset. Its expiry before the reset is served
 * first (so the one after can only be the reset's); a device that keeps no
 * alarm over a reset (READ_ALARM after it: time 0, disabled) SKIPs.
 */
static void alarm_expiry_reset(struct vct_ctx *c)
{
	struct fire f;
	uint64_t t;
	uint8_t fl, st;
	uint16_t id;

	fire_now(c, &f, -1);
	id = f.a.id;
	vct_c_reset(c);
	memset(&f, 0, sizeof(f));
	rtc_start(c, &f.a.d, true);
	fire_attach(c, &f);
	f.a.id = id;
	st = rtc_alarm_read(c, &f.a, &t, &fl);
	if (st != RTC_S_OK || t || !(fl & RTC_FLAG_ALARM_ENABLED)) {
		rtc_alarm_restore(c, &f.a);
		vct_skip(c, "device: the alarm was not kept over the reset (READ_ALARM status %u, time %llu, flags 0x%02x; "
			 "set time 0, enabled): only a kept alarm expires with a reset", st, (unsigned long long)t, fl);
	}
	fire_post(c, &f);
	fire_expect(c, &f, 0, "alarm expiry on a device reset keeping an enabled alarm whose time passed",
		    "one VIRTIO_RTC_NOTIF_ALARM for the clock after the reset",
		    "SET_ALARM time 0, enabled, its notification taken, a device reset; READ_ALARM after it: kept");
	rtc_alarm_restore(c, &f.a);
}

/*
 * D-36f0c918: one expiry, one notification: after SET_ALARM(time 0,
 * enabled) no second one comes while buffers are there (time 0 cannot be
 * reached again: no clock reads before it).
 */
static void alarm_expiry_single(struct vct_ctx *c)
{
	struct fire f;

	fire_now(c, &f, -1);
	fire_wait(c, &f, quiet_ms(c), 0);
	vct_report(c, f.mine == 1, "notifications for one alarm expiry", "a single VIRTIO_RTC_NOTIF_ALARM for the clock",
		   "clock %u: %u notifications in %d ms after SET_ALARM (time 0, enabled), %u buffers available; alarmq: %s",
		   f.a.id, f.mine, c->timeout_ms + quiet_ms(c), f.posted, fire_log(&f));
	rtc_alarm_restore(c, &f.a);
}

/*
 * D-4b67d012: an expiry waiting for an alarmq buffer, then the alarm
 * disabled (SET_ALARM_ENABLED answered OK): no notification for it once
 * buffers come.
 */
static void alarm_disable_stops_expiry(struct vct_ctx *c)
{
	struct fire f;

	fire_take(c, &f, -1);
	rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, 0, true), "SET_ALARM (time 0, enabled)");
	fire_wait(c, &f, AHEAD_MS, 0);
	rtc_alarm_need_ok(c, &f.a, rtc_alarm_enable(c, &f.a, false), "SET_ALARM_ENABLED (disabled)");
	fire_post(c, &f);
	fire_wait(c, &f, quiet_ms(c), 0);
	vct_report(c, !f.mine, "an expiry after the alarm was disabled", "no VIRTIO_RTC_NOTIF_ALARM for the clock",
		   "clock %u: SET_ALARM time 0, enabled, with no alarmq buffer, then SET_ALARM_ENABLED disabled "
		   "answered OK; %u notifications in %d ms once %u buffers were available; alarmq: %s",
		   f.a.id, f.mine, quiet_ms(c), f.posted, fire_log(&f));
	rtc_alarm_restore(c, &f.a);
}

/* D-c73cfdd3: every VIRTIO_RTC_NOTIF_ALARM that comes names a clock with VIRTIO_RTC_FLAG_ALARM_CAP. */
static void alarm_notify_clock_capable(struct vct_ctx *c)
{
	struct fire f;

	fire_take(c, &f, -1);
	fire_post(c, &f);
	rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, 0, true), "SET_ALARM (time 0, enabled)");
	fire_wait(c, &f, c->timeout_ms, 1);
	if (!f.used) {
		rtc_alarm_restore(c, &f.a);
		vct_skip(c, "device: no alarmq buffer used after SET_ALARM (time 0, enabled) of clock %u "
			 "(rtc.alarm_expiry_set_past judges that)", f.a.id);
	}
	fire_wait(c, &f, quiet_ms(c) / 4, 0);
	vct_report(c, !f.bad_clock, "clock of each alarm notification", "a clock with VIRTIO_RTC_FLAG_ALARM_CAP",
		   "%u of %u notifications name a clock without alarm support, the first %s (the alarm set: clock %u); "
		   "alarmq: %s", f.bad_clock, f.used, f.bad_clock ? f.bad : "-", f.a.id, fire_log(&f));
	rtc_alarm_restore(c, &f.a);
}

/*
 * D-521fa806: after a notification for an alarm at time A, a READ of the
 * clock does not precede A. A MONOTONIC clock only: another clock may
 * step back (the statement excepts that), which vct cannot tell apart.
 */
static void alarm_read_after_notify(struct vct_ctx *c)
{
	struct fire f;
	uint64_t at, v;

	fire_take(c, &f, RTC_MONO);
	fire_post(c, &f);
	at = fire_clock(c, &f) + AHEAD_MS * 1000000ull;
	rtc_alarm_need_ok(c, &f.a, rtc_alarm_set(c, &f.a, at, true), "SET_ALARM (50 ms ahead, enabled)");
	if (!fire_wait(c, &f, AHEAD_MS + c->timeout_ms, 1)) {
		rtc_alarm_restore(c, &f.a);
		vct_skip(c, "device: no notification for clock %u within %d ms of an alarm 50 ms ahead "
			 "(rtc.alarm_expiry_reached judges that); alarmq: %s", f.a.id, AHEAD_MS + c->timeout_ms,
			 fire_log(&f));
	}
	v = fire_clock(c, &f);
	vct_report(c, v >= at, "a reading after an alarm notification", "not before the alarm time",
		   "clock %u (MONOTONIC): alarm time %llu; READ after the notification: %llu (%lld ns before it)", f.a.id,
		   (unsigned long long)at, (unsigned long long)v, v < at ? (long long)(at - v) : 0ll);
	rtc_alarm_restore(c, &f.a);
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.alarm_expiry_reached", "D-5cfb1b15", alarm_expiry_reached, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_expiry_set_past", "D-2c2dc38c", alarm_expiry_set_past, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_expiry_enable_past", "D-5e385fc6", alarm_expiry_enable_past, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_expiry_reset", "D-6ebe6ceb", alarm_expiry_reset, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_expiry_served_later", "D-5a744fdf", alarm_expiry_served_later, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_expiry_single", "D-36f0c918", alarm_expiry_single, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_disable_stops_expiry", "D-4b67d012", alarm_disable_stops_expiry, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_notify_clock_capable", "D-c73cfdd3", alarm_notify_clock_capable, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.alarm_read_after_notify", "D-521fa806", alarm_read_after_notify, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_alarm_fire, "rtc", checks);
