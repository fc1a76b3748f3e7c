/* SPDX-License-Identifier: MIT */
/*
 * Input device (id 18): the select/subsel configuration protocol, and how
 * the device hands a report (events closed by SYN_REPORT) to an eventq
 * short of buffers. Events come from the device's host (host action
 * input-event: one key pressed and released, two reports).
 */
#include <string.h>

#include "types/types.h"

#define ID_INPUT 18
#define EV_SYN 0x00
#define EV_KEY 0x01
#define MAX_EVENTS 32

/* size after selecting @sel / @subsel (select written first, then subsel: the driver's order is free). */
static uint8_t select_size(struct vct_ctx *c, uint8_t sel, uint8_t sub)
{
	uint8_t size;

	__vct_dev_config_write(c->vd, 0, sel, 1);
	__vct_dev_config_write(c->vd, 1, sub, 1);
	vct_c_config(c, 2, &size, 1);
	return size;
}

/*
 * D-7b0b6668: size reads 0 for a select/subsel pair the device does not
 * support: an undefined select, ID_NAME with a non-zero subsel, EV_BITS of
 * event type 0x1f and ABS_INFO of axis 0x3f (neither is a type or axis any
 * device reports). A supported selection goes first, so a size left over
 * from it shows.
 */
static void size_zero_unsupported(struct vct_ctx *c)
{
	static const uint8_t pairs[][2] = { { 0x7f, 0x00 }, { 0x01, 0x80 }, { 0x11, 0x1f }, { 0x12, 0x3f } };

	vct_c_negotiate(c, NULL);
	for (unsigned int i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		uint8_t before = select_size(c, 0x01, 0x00), size = select_size(c, pairs[i][0], pairs[i][1]);

		vct_report(c, size == 0, "size for an unsupported select/subsel", "0",
			   "select 0x%02x subsel 0x%02x: %u (ID_NAME before it: %u)", pairs[i][0], pairs[i][1], size, before);
	}
}

struct input_event {
	uint16_t type, code;
	uint32_t value;
};

static void events_post(struct vct_ctx *c, struct vct_bringup *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vct_dma_buf *d = vct_c_dma(c, 8);
		struct vct_sg sg = { .iova = d->iova, .len = 8, .write = true };

		memset(d->va, 0xee, 8);
		if (vct_vq_add(b->vq[0], &sg, 1, d->va, 0) < 0)
			vct_abort(c, "cannot post an eventq buffer");
	}
	vct_vq_notify(b->vq[0]);
}

static unsigned int events_read(struct vct_ctx *c, struct vct_bringup *b, int ms, struct input_event *ev,
				unsigned int have)
{
	void *tok[MAX_EVENTS];
	uint32_t len[MAX_EVENTS];
	unsigned int n = vct_req_collect(c, b->vq[0], ms, MAX_EVENTS - have, tok, len);

	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *e = tok[i];

		ev[have + i] = (struct input_event){ (uint16_t)vct_le_load(e, 2), (uint16_t)vct_le_load(e + 2, 2),
						     (uint32_t)vct_le_load(e + 4, 4) };
	}
	return have + n;
}

/* Length of the report starting at @ev[i] (up to and including its SYN_REPORT); 0 when none closes it. */
static unsigned int report_len(const struct input_event *ev, unsigned int n, unsigned int i)
{
	for (unsigned int j = i; j < n; j++)
		if (ev[j].type == EV_SYN && ev[j].code == 0)
			return j - i + 1;
	return 0;
}

/* Whether the report at @ev[i] (@len events) is one of the reports of @ref. */
static bool report_known(const struct input_event *ev, unsigned int i, unsigned int len, const struct input_event *ref,
			 unsigned int nref)
{
	for (unsigned int r = 0; r < nref;) {
		unsigned int rl = report_len(ref, nref, r);

		if (!rl)
			break;
		if (rl == len && !memcmp(ref + r, ev + i, len * sizeof(*ev)))
			return true;
		r += rl;
	}
	return false;
}

/*
 * The host's reports for one action, learnt with plenty of buffers (@ref),
 * then the same action with @first buffers on a fresh eventq, and more
 * buffers after it: whatever arrives must be whole reports of @ref, in
 * order or not, never a part of one (@what names the statement's view).
 */
static void reports_whole(struct vct_ctx *c, unsigned int first, const char *what)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct input_event ref[MAX_EVENTS], ev[MAX_EVENTS];
	unsigned int nref, n, i = 0;

	vct_c_bringup(c, &b);
	events_post(c, &b, 16);
	vct_c_host(c, VCT_HA_INPUT_EVENT, "key=a", NULL, 0);
	nref = events_read(c, &b, c->timeout_ms / 3, ref, 0);
	if (!nref)
		vct_skip(c, "host action: the host's key events never reached this device's eventq");
	if (!report_len(ref, nref, 0))
		vct_skip(c, "device: with 16 buffers the host's key events came without a SYN_REPORT: no report to compare with");
	vct_c_bringup(c, &b);	/* a reset: a fresh eventq with only @first buffers */
	events_post(c, &b, first);
	vct_c_host(c, VCT_HA_INPUT_EVENT, "key=a", NULL, 0);
	n = events_read(c, &b, c->timeout_ms / 6, ev, 0);
	events_post(c, &b, 16);
	n = events_read(c, &b, c->timeout_ms / 3, ev, n);
	while (i < n) {
		unsigned int len = report_len(ev, n, i);
		bool whole = len && report_known(ev, i, len, ref, nref);

		vct_report(c, whole, what, "whole reports only, as the host sends them with enough buffers",
			   "%s at event %u of %u (type %u code %u value %u); with 16 buffers: %u events", len ? "a report the host never sent" : "events no SYN_REPORT closed",
			   i, n, ev[i].type, ev[i].code, ev[i].value, nref);
		if (!whole)
			break;
		i += len;
	}
}

/* D-60722c78 (SHOULD NOT): one buffer, less than any report: no event of a report is dropped on its own. */
static void report_not_split(struct vct_ctx *c)
{
	reports_whole(c, 1, "events of a key press and release sent to an eventq holding one buffer");
}

/* D-adf85caa (SHOULD): three buffers, a report and a half: a report is buffered or dropped as a whole. */
static void report_buffered_or_dropped(struct vct_ctx *c)
{
	reports_whole(c, 3, "events of a key press and release sent to an eventq holding three buffers");
}

static const struct vct_check checks[] = {
	VCT_CHECK("input.size_zero_unsupported", "D-7b0b6668", size_zero_unsupported, .type = ID_INPUT),
	VCT_CHECK("input.report_not_split", "D-60722c78", report_not_split, .type = ID_INPUT),
	VCT_CHECK("input.report_buffered_or_dropped", "D-adf85caa", report_buffered_or_dropped, .type = ID_INPUT),
};

VCT_SUITE(vct_suite_input, "input", checks);
