/* SPDX-License-Identifier: MIT */
/*
 * The RTC device's chapter (id 17): requestq messages (ops.c: status and
 * buffer rules; ctrl.c: control requests; read.c: read requests; alarm.c:
 * alarm messages), driven through the helpers of msg.c.
 *
 * A clock may be the one the host keeps its time by, and an alarm may wake
 * the host: vct never sets a clock, and touches an alarm only where it
 * reads time 0 and disabled (nobody's alarm), leaving it at time 0,
 * disabled, as it found it. An alarm vct sets expires only while vct holds
 * the device (alarm_fire.c: at time 0 or some 50 ms ahead), and vct disables
 * it before it lets go. Readings are judged against vct's own
 * CLOCK_MONOTONIC (rates, order), never against an absolute time: a clock
 * may not be aligned to its reference yet.
 */
#ifndef VCT_SUITES_RTC_H
#define VCT_SUITES_RTC_H

#include "types/types.h"

#define VCT_ID_RTC 17
#define RTC_F_ALARM 0
/* Clocks vct looks at (a device may have up to 65535). */
#define RTC_MAX_CLOCKS 32

enum { RTC_S_OK = 0, RTC_S_EOPNOTSUPP = 2, RTC_S_ENODEV = 3, RTC_S_EINVAL = 4, RTC_S_EIO = 5 };
enum {
	RTC_REQ_READ = 0x0001, RTC_REQ_READ_CROSS = 0x0002, RTC_REQ_CFG = 0x1000, RTC_REQ_CLOCK_CAP = 0x1001,
	RTC_REQ_CROSS_CAP = 0x1002, RTC_REQ_READ_ALARM = 0x1003, RTC_REQ_SET_ALARM = 0x1004,
	RTC_REQ_SET_ALARM_ENABLED = 0x1005,
};
enum { RTC_UTC = 0, RTC_TAI = 1, RTC_MONO = 2, RTC_UTC_SMEARED = 3, RTC_UTC_MAYBE_SMEARED = 4 };
enum { RTC_CNT_ARM_VCT = 0, RTC_CNT_X86_TSC = 1 };
#define RTC_FLAG_ALARM_CAP 1u
#define RTC_FLAG_CROSS_CAP 1u
#define RTC_FLAG_ALARM_ENABLED 1u
#define RTC_NOTIF_ALARM 0x2000

/* The device, brought up, and what CFG and CLOCK_CAP said. */
struct rtc_dev {
	struct vct_bringup b;
	struct vct_vq *rq;
	bool alarm;			/* VIRTIO_RTC_F_ALARM negotiated */
	uint16_t nclocks;		/* num_clocks as CFG answered it */
	unsigned int n;			/* clocks vct looks at: min(nclocks, RTC_MAX_CLOCKS) */
	uint8_t type[RTC_MAX_CLOCKS], smear[RTC_MAX_CLOCKS], flags[RTC_MAX_CLOCKS];
	uint8_t cap_status[RTC_MAX_CLOCKS];
	unsigned int calls;		/* rotates the descriptor layout */
};

/* One requestq message: what the driver sends and the device's response once it came. */
struct rtc_msg {
	uint8_t req[48];
	uint32_t req_len;		/* readable bytes (0: none; more than the message: zeros after it) */
	uint32_t resp_len;		/* writable bytes (0: none) */
	uint8_t poison;			/* the writable bytes before the device wrote (0 = 0xee) */
	bool whole;			/* one buffer each for request and response (no rotating split) */
	/* filled in when the device used it */
	bool done;
	uint32_t len;			/* used length */
	uint64_t t_post, t_used;	/* vct's CLOCK_MONOTONIC (ns) before the notify, after the used entry */
	uint8_t resp[64];		/* the writable bytes, flattened (first 64) */
	uint8_t req_after[48];		/* the readable bytes once used (first 48) */
	struct vct_dma_buf *buf[4];
	uint32_t part[4];
	bool w[4];
	unsigned int nb;
};

/* The request of @type for @clock (and hw_counter @hw where it has one), with the message's sizes. */
void rtc_msg_init(struct rtc_msg *m, uint16_t type, uint16_t clock, uint8_t hw);
/*
 * Bring the device up, with VIRTIO_RTC_F_ALARM when @alarm (SKIP "not
 * offered" without it) and without it otherwise; CFG (required OK, else
 * SKIP "device:") and CLOCK_CAP of the first RTC_MAX_CLOCKS clocks.
 */
void rtc_start(struct vct_ctx *c, struct rtc_dev *d, bool alarm);
/* The same bring-up with a hook before DRIVER_OK (rtc_start's rest not done). */
void rtc_bring(struct vct_ctx *c, struct rtc_dev *d, bool alarm, void (*before_driver_ok)(struct vct_ctx *c));
/* CFG and CLOCK_CAP after rtc_bring. */
void rtc_discover(struct vct_ctx *c, struct rtc_dev *d);
/*
 * Post @n messages in one notification (layouts rotating from call to
 * call) and wait for them; @order gets the indexes in the order the device
 * used them. Every message must come back within the timeout (a driver
 * step's failure) unless @may_keep: then the count that came back.
 */
unsigned int rtc_batch(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m, unsigned int n, unsigned int *order,
		       bool may_keep);
/* One message, round trip: its status byte. */
uint8_t rtc_call(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m);
/* A READ of @clock: the status; *@v the reading, *@t_post / *@t_used vct's times around it (may be NULL). */
uint8_t rtc_read(struct vct_ctx *c, struct rtc_dev *d, uint16_t clock, uint64_t *v, uint64_t *t_post, uint64_t *t_used);
/* vct's CLOCK_MONOTONIC in ns. */
uint64_t rtc_now(void);
/* The clock type's name. */
const char *rtc_type_name(uint8_t t);
/* Status value's name. */
const char *rtc_status_name(uint8_t s);
/* SKIP "device:" when the device has no clock. */
void rtc_need_clock(struct vct_ctx *c, const struct rtc_dev *d);
/*
 * Clocks whose READ answers OK (SKIP "device:" when none), into @ids; the count.
 */
unsigned int rtc_readable(struct vct_ctx *c, struct rtc_dev *d, uint16_t *ids);
/*
 * The rate check shared by the unit and SI checks: two reads of @clock
 * (@type READ or READ_CROSS with @hw) @gap_ms apart, up to three times
 * until the device's delta lies within [@lo x inner, @hi x outer] of vct's
 * own interval; reports the last try. Returns whether a try fit.
 */
bool rtc_rate(struct vct_ctx *c, struct rtc_dev *d, uint16_t type, uint16_t clock, uint8_t hw, unsigned int gap_ms,
	      double lo, double hi, const char *what, const char *expected);

/* One clock's alarm, taken by rtc_alarm_take: the device brought up with VIRTIO_RTC_F_ALARM, and the clock. */
struct rtc_alarm {
	struct rtc_dev d;
	uint16_t id;
};

/*
 * Bring the device up with VIRTIO_RTC_F_ALARM and take the first clock
 * (of type @type, or any when negative) that serves alarm messages and has
 * no alarm set (READ_ALARM: time 0, disabled). SKIPs "not offered:" or
 * "device:" where the feature is not offered, no clock serves alarms, or
 * every alarm is someone's.
 */
void rtc_alarm_take(struct vct_ctx *c, struct rtc_alarm *a, int type);
/* READ_ALARM of @a: the status; time and flags into *@t / *@f. */
uint8_t rtc_alarm_read(struct vct_ctx *c, struct rtc_alarm *a, uint64_t *t, uint8_t *f);
/* SET_ALARM of @a to @t, enabled when @en: the status. */
uint8_t rtc_alarm_set(struct vct_ctx *c, struct rtc_alarm *a, uint64_t t, bool en);
/* SET_ALARM_ENABLED of @a: the status. */
uint8_t rtc_alarm_enable(struct vct_ctx *c, struct rtc_alarm *a, bool en);
/* Back to time 0, disabled: the state vct found (and the one the spec has a driver clear alarms to). */
void rtc_alarm_restore(struct vct_ctx *c, struct rtc_alarm *a);
/* Require @st OK for a step the check builds on: else restore the alarm and SKIP "device:" naming @what. */
void rtc_alarm_need_ok(struct vct_ctx *c, struct rtc_alarm *a, uint8_t st, const char *what);

#endif
