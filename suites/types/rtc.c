/* SPDX-License-Identifier: MIT */
/* RTC device (id 17): requestq messages; alarmq notifications come only when an alarm the device's owner set expires. */
#include "types.h"

/*
 * VIRTIO_RTC_REQ_CFG (the number of clocks): every device answers it, one
 * without clocks included, and it reads nothing but the device's own
 * description. The request goes in two buffers (msg_type, then the head's
 * reserved bytes) and the response in two (the head, then num_clocks and
 * reserved): the framing is the driver's.
 */
static void cfg_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "requestq");
	vct_put16(vct_req_add(c, r, 2, false), 0x1000);	/* VIRTIO_RTC_REQ_CFG */
	vct_req_add(c, r, 6, false);			/* reserved: zero */
	vct_req_add(c, r, 8, true);			/* struct virtio_rtc_resp_head */
	vct_req_add(c, r, 8, true);			/* num_clocks, reserved */
}

/* status one the chapter defines; with OK, the head's reserved bytes zero (D-8ddef7e5). */
static void cfg_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t h[8];

	(void)len;
	vct_req_written(r, 0, h, 8);
	vct_report(c, h[0] == 0 || (h[0] >= 2 && h[0] <= 5), "CFG status", "VIRTIO_RTC_S_OK (0) or an error 2-5",
		   "0x%02x", h[0]);
	if (h[0] == 0)
		vct_report(c, !h[1] && !h[2] && !h[3] && !h[4] && !h[5] && !h[6] && !h[7],
			   "CFG response head reserved bytes, status OK", "zero",
			   "%02x %02x %02x %02x %02x %02x %02x", h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
}

static const struct vct_req_model cfg = {
	.what = "VIRTIO_RTC_REQ_CFG on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = cfg_build,
	.check = cfg_check,
};

static void alarm_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "alarmq");
	vct_req_add(c, r, 16, true);	/* struct virtio_rtc_notif_alarm */
}

static const struct vct_req_model alarm_notif = {
	.what = "an alarmq buffer for an alarm notification",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "an alarm notification needs an alarm to expire, and alarms belong to the device's owner",
	.build = alarm_build,
};

VCT_TYPE_MODELS(rtc) = {
	.type = 17,
	.writing = &cfg,
	.reading = &cfg,
	.queues = {
		{ "requestq", &cfg },
		{ "alarmq", &alarm_notif },
	},
};
