/* SPDX-License-Identifier: MIT */
/*
 * RTC device, "Device Operation": the status a request gets, how the
 * device treats buffers shorter or longer than a message, reserved fields,
 * flags, and that control responses do not change.
 */
#include <string.h>

#include "rtc.h"

/* Send @m and report that its status is @want. */
static void expect_status(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m, uint8_t want, const char *what)
{
	uint8_t st = rtc_call(c, d, m);
	char exp[48];

	snprintf(exp, sizeof(exp), "VIRTIO_RTC_S_%s (%u)", rtc_status_name(want), want);
	vct_report(c, st == want, what, exp, "status %u (%s)", st, rtc_status_name(st));
}

static const uint16_t unknown_types[] = { 0x0000, 0x0003, 0x0fff, 0x1006, 0x7fff, 0xffff };

/* D-8b405cbc: a msg_type the spec does not describe gets EOPNOTSUPP (request and response room to spare). */
static void unknown_msg_type(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	for (unsigned int i = 0; i < sizeof(unknown_types) / sizeof(unknown_types[0]); i++) {
		struct rtc_msg m;
		char what[64];

		rtc_msg_init(&m, unknown_types[i], 0, 0);
		m.req_len = 24;
		m.resp_len = 24;
		snprintf(what, sizeof(what), "status of msg_type 0x%04x (not in the spec)", unknown_types[i]);
		expect_status(c, &d, &m, RTC_S_EOPNOTSUPP, what);
	}
}

/*
 * D-5769a50b: a request the device cannot have carried out gets a status
 * other than OK: an undescribed msg_type, a READ and a CLOCK_CAP of clocks
 * past the last.
 */
static void failed_not_ok(struct vct_ctx *c)
{
	struct rtc_dev d;
	struct rtc_msg m[3];
	static const char *const what[3] = { "status of msg_type 0x0003 (not in the spec)",
					     "status of READ of clock num_clocks (no such clock)",
					     "status of CLOCK_CAP of clock 0xffff (no such clock)" };

	rtc_start(c, &d, false);
	rtc_msg_init(&m[0], 0x0003, 0, 0);
	rtc_msg_init(&m[1], RTC_REQ_READ, d.nclocks, 0);
	rtc_msg_init(&m[2], RTC_REQ_CLOCK_CAP, 0xffff, 0);
	if (d.nclocks == 0xffff)
		m[2] = m[0];
	for (unsigned int i = 0; i < 3; i++) {
		uint8_t st = rtc_call(c, &d, &m[i]);

		vct_report(c, st != RTC_S_OK, what[i], "a status other than VIRTIO_RTC_S_OK", "status %u (%s)", st,
			   rtc_status_name(st));
	}
}

/*
 * D-1b584b4b: a hw_counter the spec does not define (nor reserves for
 * implementations, 0xf0-0xfe) gets EOPNOTSUPP in CROSS_CAP and
 * READ_CROSS of clock 0. OK stays allowed: the implementation may know
 * the id from elsewhere (a later spec).
 */
static void unknown_hw_counter(struct vct_ctx *c)
{
	static const uint8_t hw[] = { 0x02, 0x7f, 0xef };
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < sizeof(hw); i++)
		for (unsigned int k = 0; k < 2; k++) {
			uint16_t type = k ? RTC_REQ_READ_CROSS : RTC_REQ_CROSS_CAP;
			struct rtc_msg m;
			uint8_t st;

			rtc_msg_init(&m, type, 0, hw[i]);
			st = rtc_call(c, &d, &m);
			vct_report(c, st == RTC_S_EOPNOTSUPP || st == RTC_S_OK, k ? "READ_CROSS status" : "CROSS_CAP status",
				   "VIRTIO_RTC_S_EOPNOTSUPP (2) for an unknown hw_counter (OK: one the device knows)",
				   "hw_counter 0x%02x on clock 0: status %u (%s)", hw[i], st, rtc_status_name(st));
		}
}

/* D-2981c1c1: CLOCK_CAP, READ and CROSS_CAP of clock ids num_clocks and 0xffff get ENODEV. */
static void unknown_clock_id(struct vct_ctx *c)
{
	static const uint16_t types[] = { RTC_REQ_CLOCK_CAP, RTC_REQ_READ, RTC_REQ_CROSS_CAP };
	static const char *const names[] = { "CLOCK_CAP", "READ", "CROSS_CAP" };
	struct rtc_dev d;

	rtc_start(c, &d, false);
	for (unsigned int k = 0; k < 2; k++) {
		uint16_t id = k ? 0xffff : d.nclocks;

		if (k && d.nclocks == 0xffff)
			break;
		for (unsigned int i = 0; i < 3; i++) {
			struct rtc_msg m;
			char what[64];

			rtc_msg_init(&m, types[i], id, RTC_CNT_X86_TSC);
			snprintf(what, sizeof(what), "%s of clock %u (num_clocks %u)", names[i], id, d.nclocks);
			expect_status(c, &d, &m, RTC_S_ENODEV, what);
		}
	}
}

/*
 * D-1d7ea4e3: request values the spec does not allow, which no EOPNOTSUPP
 * or ENODEV rule covers, get EINVAL: a reserved byte of the request head
 * set (CFG), and one of READ's own reserved bytes (clock 0).
 */
static void reserved_set_einval(struct vct_ctx *c)
{
	struct rtc_dev d;
	struct rtc_msg m;

	rtc_start(c, &d, false);
	rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
	m.req[2] = 0x01;
	expect_status(c, &d, &m, RTC_S_EINVAL, "CFG with head reserved byte 0 set to 0x01");
	rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
	m.req[7] = 0x80;
	expect_status(c, &d, &m, RTC_S_EINVAL, "CFG with head reserved byte 5 set to 0x80");
	if (d.n) {
		rtc_msg_init(&m, RTC_REQ_READ, 0, 0);
		m.req[15] = 0x01;
		expect_status(c, &d, &m, RTC_S_EINVAL, "READ of clock 0 with its last reserved byte set to 0x01");
	}
}

/* D-ff3bb09a: a request the readable part cannot hold gets EINVAL (READ of 8 and 12 bytes, CLOCK_CAP of 10, CFG of 6). */
static void request_short_einval(struct vct_ctx *c)
{
	static const struct { uint16_t type; uint32_t len; const char *what; } t[] = {
		{ RTC_REQ_READ, 8, "READ, readable part 8 bytes (the head only; 16 owed)" },
		{ RTC_REQ_READ, 12, "READ, readable part 12 bytes (16 owed)" },
		{ RTC_REQ_CLOCK_CAP, 10, "CLOCK_CAP, readable part 10 bytes (16 owed)" },
		{ RTC_REQ_CFG, 6, "CFG, readable part 6 bytes (8 owed)" },
	};
	struct rtc_dev d;

	rtc_start(c, &d, false);
	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rtc_msg m;

		rtc_msg_init(&m, t[i].type, 0, 0);
		m.req_len = t[i].len;
		expect_status(c, &d, &m, RTC_S_EINVAL, t[i].what);
	}
}

/*
 * D-b2d05021: a response the writable part cannot hold gets EINVAL in the
 * status byte: CFG with 1, 8 and 15 writable bytes (16 owed), READ of
 * clock 0 with 15.
 */
static void response_short_einval(struct vct_ctx *c)
{
	static const uint32_t lens[] = { 1, 8, 15 };
	struct rtc_dev d;
	struct rtc_msg m;
	char what[64];

	rtc_start(c, &d, false);
	for (unsigned int i = 0; i < 3; i++) {
		rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
		m.resp_len = lens[i];
		snprintf(what, sizeof(what), "CFG, writable part %u bytes (16 owed)", lens[i]);
		expect_status(c, &d, &m, RTC_S_EINVAL, what);
	}
	if (d.n) {
		rtc_msg_init(&m, RTC_REQ_READ, 0, 0);
		m.resp_len = 15;
		expect_status(c, &d, &m, RTC_S_EINVAL, "READ of clock 0, writable part 15 bytes (16 owed)");
	}
}

/*
 * D-b5640dfa: with no writable byte there is nowhere for a status: a CFG
 * request (8 bytes, then 8 bytes of 0xa5) without a writable part is used
 * or kept, and its readable bytes are as the driver wrote them.
 */
static void status_no_room(struct vct_ctx *c)
{
	struct rtc_dev d;
	struct rtc_msg m;
	bool same;

	rtc_start(c, &d, false);
	rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
	m.req_len = 16;
	memset(m.req + 8, 0xa5, 8);
	m.resp_len = 0;
	rtc_batch(c, &d, &m, 1, NULL, true);
	same = !memcmp(m.req_after, m.req, 16);
	vct_report(c, same, m.done ? "readable bytes of a used request without writable part" :
				     "readable bytes of a request without writable part (not used)",
		   "as the driver wrote them: no status written", "%02x %02x %02x %02x %02x %02x %02x %02x | %02x .. %02x",
		   m.req_after[0], m.req_after[1], m.req_after[2], m.req_after[3], m.req_after[4], m.req_after[5],
		   m.req_after[6], m.req_after[7], m.req_after[8], m.req_after[15]);
}

/* CFG with @req_len readable and @resp_len writable bytes: status and num_clocks into @st / @n. */
static void cfg_sized(struct vct_ctx *c, struct rtc_dev *d, uint32_t req_len, uint32_t resp_len, uint8_t fill,
		      uint8_t *st, uint16_t *n)
{
	struct rtc_msg m;

	rtc_msg_init(&m, RTC_REQ_CFG, 0, 0);
	m.req_len = req_len;
	memset(m.req + 8, fill, sizeof(m.req) - 8);
	m.resp_len = resp_len;
	*st = rtc_call(c, d, &m);
	*n = (uint16_t)vct_le_load(m.resp + 8, 2);
}

/*
 * D-f6f3276e: a readable part longer than the request is ignored past the
 * request: CFG followed by 24 bytes of 0xa5 or zeros, READ of clock 0 by 16
 * more: OK, num_clocks as the plain CFG says.
 */
static void request_longer_ignored(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint8_t st;
	uint16_t n;

	rtc_start(c, &d, false);
	for (unsigned int k = 0; k < 2; k++) {
		cfg_sized(c, &d, 32, 16, k ? 0 : 0xa5, &st, &n);
		vct_report(c, st == RTC_S_OK && n == d.nclocks,
			   k ? "CFG in 32 readable bytes (zeros after it)" : "CFG in 32 readable bytes (0xa5 after it)",
			   "status OK, num_clocks as for an 8-byte request", "status %u (%s), num_clocks %u (was %u)", st,
			   rtc_status_name(st), n, d.nclocks);
	}
	if (d.n) {
		struct rtc_msg m;

		rtc_msg_init(&m, RTC_REQ_READ, 0, 0);
		m.req_len = 32;
		expect_status(c, &d, &m, RTC_S_OK, "READ of clock 0 in 32 readable bytes");
	}
}

/* D-a73f7373: a writable part longer than the response is ignored past it: CFG into 48 bytes, READ into 64. */
static void response_longer_ignored(struct vct_ctx *c)
{
	struct rtc_dev d;
	uint8_t st;
	uint16_t n;

	rtc_start(c, &d, false);
	cfg_sized(c, &d, 8, 48, 0, &st, &n);
	vct_report(c, st == RTC_S_OK && n == d.nclocks, "CFG with 48 writable bytes (16 owed)",
		   "status OK, num_clocks as with 16", "status %u (%s), num_clocks %u (was %u)", st, rtc_status_name(st), n,
		   d.nclocks);
	if (d.n) {
		struct rtc_msg m;

		rtc_msg_init(&m, RTC_REQ_READ, 0, 0);
		m.resp_len = 64;
		expect_status(c, &d, &m, RTC_S_OK, "READ of clock 0 with 64 writable bytes (16 owed)");
	}
}

/* The control requests vct repeats: CFG, CLOCK_CAP of each clock, CROSS_CAP of each clock for both counters. */
static unsigned int control_set(const struct rtc_dev *d, struct rtc_msg *m, unsigned int max)
{
	unsigned int n = 0;

	rtc_msg_init(&m[n++], RTC_REQ_CFG, 0, 0);
	for (unsigned int i = 0; i < d->n && n + 3 <= max; i++) {
		rtc_msg_init(&m[n++], RTC_REQ_CLOCK_CAP, (uint16_t)i, 0);
		rtc_msg_init(&m[n++], RTC_REQ_CROSS_CAP, (uint16_t)i, RTC_CNT_ARM_VCT);
		rtc_msg_init(&m[n++], RTC_REQ_CROSS_CAP, (uint16_t)i, RTC_CNT_X86_TSC);
	}
	return n;
}

/* Send the control set @m (@n), one at a time, or in batches of up to 16 when @batched. */
static void send_set(struct vct_ctx *c, struct rtc_dev *d, struct rtc_msg *m, unsigned int n, bool batched)
{
	for (unsigned int i = 0; i < n; i += batched ? 16 : 1)
		rtc_batch(c, d, &m[i], batched ? (n - i < 16 ? n - i : 16) : 1, NULL, false);
}

static const char *msg_name(uint16_t t)
{
	return t == RTC_REQ_CFG ? "CFG" : t == RTC_REQ_CLOCK_CAP ? "CLOCK_CAP" : "CROSS_CAP";
}

/*
 * D-8ddef7e5: the device writes zero into every reserved field of a
 * response it answers OK: the head's seven bytes and those of CFG,
 * CLOCK_CAP and CROSS_CAP (the writable part filled with 0xee first).
 */
static void resp_reserved_zero(struct vct_ctx *c)
{
	struct rtc_dev d;
	struct rtc_msg m[1 + 3 * RTC_MAX_CLOCKS];
	unsigned int n;

	rtc_start(c, &d, false);
	n = control_set(&d, m, sizeof(m) / sizeof(m[0]));
	send_set(c, &d, m, n, true);
	for (unsigned int i = 0; i < n; i++) {
		uint16_t t = (uint16_t)vct_le_load(m[i].req, 2);
		unsigned int from = t == RTC_REQ_CFG ? 10 : t == RTC_REQ_CLOCK_CAP ? 11 : 9, bad = 0;

		if (m[i].resp[0] != RTC_S_OK)
			continue;
		for (unsigned int b = 1; b < 16; b++)
			if ((b < 8 || b >= from) && m[i].resp[b])
				bad = b;
		vct_report(c, !bad, "reserved bytes of an OK response", "zero",
			   "%s of clock %u: byte %u is 0x%02x", msg_name(t), (unsigned int)vct_le_load(m[i].req + 8, 2),
			   bad, m[i].resp[bad]);
	}
}

/*
 * D-329bfd8b: flags hold only bits the negotiated features allow: without
 * VIRTIO_RTC_F_ALARM CLOCK_CAP's flags are 0 (ALARM_CAP needs the
 * feature) and CROSS_CAP's at most CROSS_CAP; with it (where offered)
 * CLOCK_CAP's at most ALARM_CAP, READ_ALARM's at most ALARM_ENABLED.
 */
static void resp_flags_allowed(struct vct_ctx *c)
{
	struct rtc_dev d;
	struct rtc_msg m[1 + 3 * RTC_MAX_CLOCKS];
	unsigned int n;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	n = control_set(&d, m, sizeof(m) / sizeof(m[0]));
	send_set(c, &d, m, n, true);
	for (unsigned int i = 1; i < n; i++) {
		uint16_t t = (uint16_t)vct_le_load(m[i].req, 2);
		uint8_t allowed = t == RTC_REQ_CLOCK_CAP ? 0 : RTC_FLAG_CROSS_CAP, f = m[i].resp[t == RTC_REQ_CLOCK_CAP ? 10 : 8];

		if (m[i].resp[0] != RTC_S_OK)
			continue;
		vct_report(c, !(f & ~allowed), "flags of an OK response, VIRTIO_RTC_F_ALARM not negotiated",
			   allowed ? "no bit but VIRTIO_RTC_FLAG_CROSS_CAP" : "0",
			   "%s of clock %u: flags 0x%02x", msg_name(t), (unsigned int)vct_le_load(m[i].req + 8, 2), f);
	}
	if (!vct_has(c->vd->offered, RTC_F_ALARM))
		return;
	vct_c_reset(c);
	rtc_start(c, &d, true);
	for (unsigned int i = 0; i < d.n; i++) {
		struct rtc_msg a;

		if (d.cap_status[i] == RTC_S_OK)
			vct_report(c, !(d.flags[i] & ~RTC_FLAG_ALARM_CAP), "CLOCK_CAP flags, VIRTIO_RTC_F_ALARM negotiated",
				   "no bit but VIRTIO_RTC_FLAG_ALARM_CAP", "clock %u: flags 0x%02x", i, d.flags[i]);
		rtc_msg_init(&a, RTC_REQ_READ_ALARM, (uint16_t)i, 0);
		if (rtc_call(c, &d, &a) == RTC_S_OK)
			vct_report(c, !(a.resp[16] & ~RTC_FLAG_ALARM_ENABLED), "READ_ALARM flags",
				   "no bit but VIRTIO_RTC_FLAG_ALARM_ENABLED", "clock %u: flags 0x%02x", i, a.resp[16]);
	}
}

/* Compare two runs of the control set; report each response that changed. */
static void same_answers(struct vct_ctx *c, const struct rtc_msg *a, const struct rtc_msg *b, unsigned int n,
			 const char *what, const char *expected)
{
	unsigned int diff = 0;

	for (unsigned int i = 0; i < n; i++) {
		uint32_t len = a[i].resp_len < 64 ? a[i].resp_len : 64;

		if (!memcmp(a[i].resp, b[i].resp, len))
			continue;
		diff++;
		vct_report(c, false, what, expected,
			   "%s of clock %u (hw_counter %u): %02x %02x %02x %02x | %02x %02x %02x, then %02x %02x %02x %02x | %02x %02x %02x",
			   msg_name((uint16_t)vct_le_load(a[i].req, 2)), (unsigned int)vct_le_load(a[i].req + 8, 2),
			   a[i].req[10], a[i].resp[0], a[i].resp[1], a[i].resp[2], a[i].resp[3], a[i].resp[8], a[i].resp[9],
			   a[i].resp[10], b[i].resp[0], b[i].resp[1], b[i].resp[2], b[i].resp[3], b[i].resp[8], b[i].resp[9],
			   b[i].resp[10]);
	}
	if (!diff)
		vct_report(c, true, what, expected, "%u responses the same", n);
}

/*
 * D-be8713fb: while the device stays live, CFG, CLOCK_CAP and CROSS_CAP
 * answer the same every time: the set three times, one request at a time
 * and batched, the layouts rotating.
 */
static void caps_repeat(struct vct_ctx *c)
{
	struct rtc_dev d;
	static struct rtc_msg m[3][1 + 3 * RTC_MAX_CLOCKS];
	unsigned int n;

	rtc_start(c, &d, false);
	for (unsigned int r = 0; r < 3; r++) {
		n = control_set(&d, m[r], sizeof(m[r]) / sizeof(m[r][0]));
		send_set(c, &d, m[r], n, r == 1);
	}
	same_answers(c, m[0], m[1], n, "control response repeated while live", "the same bytes");
	same_answers(c, m[0], m[2], n, "control response repeated while live", "the same bytes");
}

/* D-f8629c9e (SHOULD): with the same features, CFG, CLOCK_CAP and CROSS_CAP answer the same after a reset. */
static void caps_after_reset(struct vct_ctx *c)
{
	struct rtc_dev d;
	static struct rtc_msg m[3][1 + 3 * RTC_MAX_CLOCKS];
	unsigned int n = 0;

	for (unsigned int r = 0; r < 3; r++) {
		if (r)
			vct_c_reset(c);
		rtc_start(c, &d, false);
		n = control_set(&d, m[r], sizeof(m[r]) / sizeof(m[r][0]));
		send_set(c, &d, m[r], n, false);
	}
	same_answers(c, m[0], m[1], n, "control response after a device reset, same features", "the same bytes");
	same_answers(c, m[0], m[2], n, "control response after a second reset, same features", "the same bytes");
}

/* D-3d31176d: clock ids are 0 to num_clocks - 1: each of them names a clock (neither CLOCK_CAP nor READ is ENODEV). */
static void clock_ids_dense(struct vct_ctx *c)
{
	struct rtc_dev d;

	rtc_start(c, &d, false);
	rtc_need_clock(c, &d);
	for (unsigned int i = 0; i < d.n; i++) {
		uint8_t st = rtc_read(c, &d, (uint16_t)i, NULL, NULL, NULL);

		vct_report(c, d.cap_status[i] != RTC_S_ENODEV && st != RTC_S_ENODEV, "clock id below num_clocks",
			   "a clock (CLOCK_CAP and READ not ENODEV)", "clock %u of %u: CLOCK_CAP %s, READ %s", i, d.nclocks,
			   rtc_status_name(d.cap_status[i]), rtc_status_name(st));
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("rtc.unknown_msg_type", "D-8b405cbc", unknown_msg_type, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.failed_not_ok", "D-5769a50b", failed_not_ok, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.unknown_hw_counter", "D-1b584b4b", unknown_hw_counter, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.unknown_clock_id", "D-2981c1c1", unknown_clock_id, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.reserved_set_einval", "D-1d7ea4e3", reserved_set_einval, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.request_short_einval", "D-ff3bb09a", request_short_einval, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.response_short_einval", "D-b2d05021", response_short_einval, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.status_no_room", "D-b5640dfa", status_no_room, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.request_longer_ignored", "D-f6f3276e", request_longer_ignored, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.response_longer_ignored", "D-a73f7373", response_longer_ignored, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.resp_reserved_zero", "D-8ddef7e5", resp_reserved_zero, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.resp_flags_allowed", "D-329bfd8b", resp_flags_allowed, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.caps_repeat", "D-be8713fb", caps_repeat, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.caps_after_reset", "D-f8629c9e", caps_after_reset, .type = VCT_ID_RTC),
	VCT_CHECK("rtc.clock_ids_dense", "D-3d31176d", clock_ids_dense, .type = VCT_ID_RTC),
};

VCT_SUITE(vct_suite_rtc_ops, "rtc", checks);
