/* SPDX-License-Identifier: MIT */
/*
 * SCSI host device (id 8): configuration defaults, command responses on the
 * request queues, and what the event queue reports when the host changes
 * its logical units (host action config-change with scsi=hotplug or
 * scsi=resize: the test bed's QEMU hot-plugs a LUN or resizes a disk).
 */
#include <errno.h>
#include <string.h>

#include "types/types.h"

#define ID_SCSI 8
#define F_INOUT 0
#define F_HOTPLUG 1
#define F_CHANGE 2
#define CMD_HDR 19		/* lun[8] id task_attr prio crn, before the cdb */
#define RESP_HDR 12		/* sense_len residual status_qualifier status response, before the sense */
#define S_OK 0
#define S_BAD_TARGET 3
#define S_FAILURE 9
#define T_TRANSPORT_RESET 1
#define T_PARAM_CHANGE 3
#define T_EVENTS_MISSED 0x80000000u
#define EVT_RESET_RESCAN 1
#define EVT_RESET_REMOVED 2
#define EVENT_BUFS 8
#define EVENT_LEN 16		/* struct virtio_scsi_event */

static const struct vct_req_model scsi_cmd = { .what = "a SCSI command on requestq", .provoke = VCT_PROVOKE_SELF };

/* A command to target @target, LUN @lun: the CDB to fill, with @dout data-out and @din data-in bytes. */
static uint8_t *cmd_build(struct vct_ctx *c, struct vct_req *r, unsigned int target, unsigned int lun, uint32_t dout,
			  uint32_t din)
{
	uint32_t cdb_size = (uint32_t)vct_req_cfg(c, "cdb_size"), sense = (uint32_t)vct_req_cfg(c, "sense_size");
	uint8_t *h;

	if (cdb_size < 10 || cdb_size > 256 || sense > 1024)
		vct_skip(c, "device: cdb_size %u / sense_size %u leave no room for a 10-byte CDB in a request vct can size",
			 cdb_size, sense);
	memset(r, 0, sizeof(*r));
	r->model = &scsi_cmd;
	r->queue = vct_req_queue(c, "requestq");
	h = vct_req_add(c, r, CMD_HDR + cdb_size, false);
	h[0] = 1;
	h[1] = (uint8_t)target;
	h[2] = (uint8_t)(lun >> 8 | (lun >= 256 ? 0x40 : 0));
	h[3] = (uint8_t)lun;
	vct_put64(h + 8, 0x7663740000000000ull | lun);
	if (dout)
		memset(vct_req_add(c, r, dout, false), 0x5a, dout);
	memset(vct_req_add(c, r, RESP_HDR + sense, true), 0xee, RESP_HDR + sense);
	if (din)
		memset(vct_req_add(c, r, din, true), 0xee, din);
	return h + CMD_HDR;
}

/*
 * Post it and wait: the response header (status at [10], response at [11]).
 * A used length beyond the writable bytes is ring.used_len_backed_by_writes'
 * to judge (QEMU 7.2 counts data-out in it): the answer is still read.
 */
static const uint8_t *cmd_run(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r)
{
	struct vct_used_err e = { 0 };
	uint32_t len = 0;
	uint16_t id = 0;
	int head = vct_req_post(c, b, r, 0), got;
	unsigned int resp = r->sg[r->n - 1].write && r->n >= 2 && r->sg[r->n - 2].write ? r->n - 2 : r->n - 1;

	got = vct_vq_wait_used(b->vq[r->queue], c->timeout_ms, &id, &len, NULL, &e);
	if (got == -EPROTO && e.overlong && e.id == (uint32_t)head) {
		got = 1;
		id = (uint16_t)head;
	}
	vct_step_begin(c);
	vct_require(c, got == 1, "used ring entry", "a valid used entry", "%s", e.why);
	vct_require(c, id == head, "used id", "the id of the only outstanding buffer", "%u, expected %d", id, head);
	vct_step_end(c);
	return r->buf[resp]->va;
}

/* Status codes SAM defines (current and obsolete ones). */
static bool sam_status(uint8_t s)
{
	static const uint8_t codes[] = { 0x00, 0x02, 0x04, 0x08, 0x10, 0x14, 0x18, 0x22, 0x28, 0x30, 0x40 };

	return memchr(codes, s, sizeof(codes)) != NULL;
}

/* D-1983e544: after a reset, sense_size is 96 and cdb_size 32, whatever the driver wrote before. */
static void sizes_reset(struct vct_ctx *c)
{
	uint64_t sense, cdb;

	vct_c_negotiate(c, NULL);
	/* The driver may write these two fields (and no other). */
	__vct_dev_config_write(c->vd, 20, 64, 4);
	__vct_dev_config_write(c->vd, 24, 16, 4);
	vct_c_reset(c);
	sense = vct_req_cfg(c, "sense_size");
	cdb = vct_req_cfg(c, "cdb_size");
	vct_report(c, sense == 96, "sense_size after a reset (the driver had written 64)", "96", "%llu",
		   (unsigned long long)sense);
	vct_report(c, cdb == 32, "cdb_size after a reset (the driver had written 16)", "32", "%llu",
		   (unsigned long long)cdb);
}

/*
 * D-483fe293: when a command completes (VIRTIO_SCSI_S_OK), status holds a
 * SAM status code: TEST UNIT READY and an opcode no direct-access device
 * defines (0x02, which normally ends in CHECK CONDITION) on LUN 0.
 */
static void status_is_sam(struct vct_ctx *c)
{
	static const uint8_t ops[] = { 0x00, 0x02 };
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	unsigned int done = 0;

	vct_c_bringup(c, &b);
	for (unsigned int i = 0; i < sizeof(ops); i++) {
		struct vct_req r;
		const uint8_t *resp;

		cmd_build(c, &r, 0, 0, 0, 0)[0] = ops[i];
		resp = cmd_run(c, &b, &r);
		if (resp[11] != S_OK)
			continue;	/* not processed: status carries nothing */
		done++;
		vct_report(c, sam_status(resp[10]), "status of a completed command", "a SAM status code",
			   "opcode 0x%02x: status 0x%02x", ops[i], resp[10]);
	}
	if (!done)
		vct_skip(c, "device: no command to target 0 LUN 0 completed with VIRTIO_SCSI_S_OK (no logical unit there)");
}

/*
 * D-38080fb8: the response byte for requests the chapter names: data-out
 * and data-in together without VIRTIO_SCSI_F_INOUT is VIRTIO_SCSI_S_FAILURE;
 * a target beyond max_target (when max_target leaves one) is
 * VIRTIO_SCSI_S_BAD_TARGET.
 */
static void response_codes(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint64_t max_target;
	struct vct_req r;
	const uint8_t *resp;
	uint8_t *cdb;

	vct_c_bringup(c, &b);
	if (!vct_has(c->vd->features, F_INOUT)) {
		cdb = cmd_build(c, &r, 0, 0, 512, 512);
		cdb[0] = 0x2a;	/* WRITE(10) of one block at LBA 8, with a data-in buffer too */
		cdb[5] = 8;
		cdb[8] = 1;
		resp = cmd_run(c, &b, &r);
		vct_report(c, resp[11] == S_FAILURE,
			   "response to a request with data-out and data-in, VIRTIO_SCSI_F_INOUT not negotiated",
			   "VIRTIO_SCSI_S_FAILURE (9)", "%u", resp[11]);
	}
	max_target = vct_req_cfg(c, "max_target");
	if (max_target < 255) {
		cmd_build(c, &r, (unsigned int)max_target + 1, 0, 0, 0);	/* TEST UNIT READY */
		resp = cmd_run(c, &b, &r);
		vct_report(c, resp[11] == S_BAD_TARGET, "response to a command for a target beyond max_target",
			   "VIRTIO_SCSI_S_BAD_TARGET (3)", "target %llu: %u", (unsigned long long)max_target + 1,
			   resp[11]);
	} else if (vct_has(c->vd->features, F_INOUT)) {
		vct_skip(c, "device: VIRTIO_SCSI_F_INOUT negotiated and max_target 255 leave no request whose response the chapter fixes");
	}
}

/*
 * D-eef25214: commands are completed before the device is reset; one it
 * does not abort gets VIRTIO_SCSI_S_FAILURE. The host pauses the device
 * (host action pause: its queues stop, the driver runs on), a command is
 * made available, and the driver resets the device: by the time status
 * reads 0 the command must be in the used ring, answered OK (processed
 * after all), ABORTED or RESET (aborted), or FAILURE.
 */
static void commands_done_before_reset(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	struct vct_used_err e = { 0 };
	const uint8_t *resp;
	struct vct_req r;
	uint32_t len = 0;
	uint16_t id = 0;
	int head, got;

	vct_c_bringup(c, &b);
	vct_c_host(c, VCT_HA_PAUSE, "", NULL, 0);
	cmd_build(c, &r, 0, 0, 0, 0);	/* TEST UNIT READY */
	resp = r.buf[r.n - 1]->va;
	head = vct_req_post(c, &b, &r, 0);
	vct_req_wait_pending(c, b.vq[r.queue], c->timeout_ms / 10);
	if (vct_vq_pending(b.vq[r.queue]))
		vct_skip(c, "device: the command completed while its host had paused it: nothing was in flight at the reset");
	vct_c_reset(c);
	got = vct_vq_get_used(b.vq[r.queue], &id, &len, NULL, &e);
	vct_c_host(c, VCT_HA_RESUME, "", NULL, 0);
	vct_require(c, got == 1 && id == head, "the command made available before the reset, once status reads 0",
		    "completed (in the used ring)", "%s", got == 1 ? "another buffer" : got ? e.why : "no used entry");
	vct_report(c, resp[11] == S_OK || resp[11] == 2 || resp[11] == 4 || resp[11] == S_FAILURE,
		   "response of a command completed by a reset", "OK, ABORTED, RESET or FAILURE", "%u", resp[11]);
}

/* Bring up with the default features plus @extra (those offered), eventq left empty. */
static void events_bringup(struct vct_ctx *c, struct vct_bringup *b, unsigned int extra, unsigned int drop)
{
	vct_dev_default_features(c->vd, b->features);
	for (unsigned int bit = 0; bit < 8; bit++) {
		if (((extra >> bit) & 1) && vct_has(c->vd->offered, bit))
			vct_set(b->features, bit);
		if ((drop >> bit) & 1)
			b->features[0] &= ~(1ull << bit);
	}
	b->features_set = true;
	b->nq = vct_devtype_nqueues(c->vd, b->features, VCT_MAX_QUEUES);
	vct_c_bringup(c, b);
}

/* Make @n event buffers available on eventq (queue 1). */
static void events_post(struct vct_ctx *c, struct vct_bringup *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vct_dma_buf *d = vct_c_dma(c, 64);
		struct vct_sg sg = { .iova = d->iova, .len = 64, .write = true };

		memset(d->va, 0xee, 64);
		if (vct_vq_add(b->vq[1], &sg, 1, d->va, 0) < 0)
			vct_abort(c, "cannot post an eventq buffer");
	}
	vct_vq_notify(b->vq[1]);
}

struct scsi_event {
	uint32_t event, reason;
	unsigned int target, lun;
};

/* The events that arrive within @ms (at most @max). */
static unsigned int events_read(struct vct_ctx *c, struct vct_bringup *b, int ms, struct scsi_event *ev,
				unsigned int max)
{
	void *tok[EVENT_BUFS];
	uint32_t len[EVENT_BUFS];
	unsigned int n = vct_req_collect(c, b->vq[1], ms, max < EVENT_BUFS ? max : EVENT_BUFS, tok, len);

	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *e = tok[i];

		vct_report(c, len[i] >= EVENT_LEN || len[i] == 0, "used length of an event buffer",
			   "a whole struct virtio_scsi_event (16 bytes)", "%u", len[i]);
		ev[i].event = (uint32_t)vct_le_load(e, 4);
		ev[i].target = e[5];
		ev[i].lun = (unsigned int)(e[6] & 0x3f) << 8 | e[7];
		ev[i].reason = (uint32_t)vct_le_load(e + 12, 4);
	}
	return n;
}

/*
 * D-20b9229b: an event lost because eventq had no buffer sets bit 31 of the
 * next event the device sends. The host hot-plugs a LUN while eventq is
 * empty; once buffers are there, the first event (a NO_EVENT the device
 * may send at once, or the one after the host changes a parameter) must
 * carry the bit.
 */
static void events_missed(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct scsi_event ev[EVENT_BUFS];
	unsigned int n;

	if (!vct_has(c->vd->offered, F_HOTPLUG) && !vct_has(c->vd->offered, F_CHANGE))
		vct_skip(c, "not offered: neither VIRTIO_SCSI_F_HOTPLUG nor VIRTIO_SCSI_F_CHANGE (no event would be lost)");
	events_bringup(c, &b, 1u << F_HOTPLUG | 1u << F_CHANGE, 0);
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, vct_has(c->vd->features, F_HOTPLUG) ? "scsi=hotplug" : "scsi=resize",
		   NULL, 0);
	events_post(c, &b, 4);
	n = events_read(c, &b, c->timeout_ms / 3, ev, 1);
	if (!n) {
		vct_c_host(c, VCT_HA_CONFIG_CHANGE, "scsi=resize", NULL, 0);
		n = events_read(c, &b, c->timeout_ms, ev, 1);
	}
	if (!n)
		vct_skip(c, "device: no event came after the host's changes, so none shows whether the lost one was flagged");
	vct_report(c, ev[0].event & T_EVENTS_MISSED, "first event after events were lost for want of buffers",
		   "bit 31 (VIRTIO_SCSI_T_EVENTS_MISSED) set", "event 0x%08x reason %u", ev[0].event, ev[0].reason);
}

/*
 * D-41e56ecc: without VIRTIO_SCSI_F_HOTPLUG negotiated, a LUN the host
 * hot-plugs brings no TRANSPORT_RESET with reason RESCAN or REMOVED.
 */
static void no_rescan_without_hotplug(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct scsi_event ev[EVENT_BUFS];
	unsigned int n;

	events_bringup(c, &b, 0, 1u << F_HOTPLUG);
	events_post(c, &b, 4);
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, "scsi=hotplug", NULL, 0);
	n = events_read(c, &b, c->timeout_ms / 3, ev, 4);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t t = ev[i].event & ~T_EVENTS_MISSED;

		vct_report(c, t != T_TRANSPORT_RESET || (ev[i].reason != EVT_RESET_RESCAN && ev[i].reason != EVT_RESET_REMOVED),
			   "event after a hot-plug, VIRTIO_SCSI_F_HOTPLUG not negotiated",
			   "no TRANSPORT_RESET with reason RESCAN or REMOVED", "event 0x%08x reason %u (LUN %u)",
			   ev[i].event, ev[i].reason, ev[i].lun);
	}
}

/*
 * D-7de16154: no VIRTIO_SCSI_T_PARAM_CHANGE names an MMC logical unit
 * (INQUIRY peripheral device type 5). The LUNs of target 0 are probed, the
 * host changes parameters (scsi=resize), and every PARAM_CHANGE is held
 * against the MMC LUNs found.
 */
static void no_param_change_mmc(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct scsi_event ev[EVENT_BUFS];
	uint8_t mmc[8] = { 0 };
	unsigned int n, nmmc = 0, max_lun;

	vct_c_need_feature(c, F_CHANGE);
	events_bringup(c, &b, 1u << F_CHANGE, 0);
	max_lun = (unsigned int)vct_req_cfg(c, "max_lun");
	for (unsigned int lun = 0; lun < 8 && lun <= max_lun; lun++) {
		struct vct_req r;
		uint8_t *cdb = cmd_build(c, &r, 0, lun, 0, 36);
		const uint8_t *resp, *inq;

		cdb[0] = 0x12;	/* INQUIRY, standard data */
		cdb[4] = 36;
		resp = cmd_run(c, &b, &r);
		inq = r.buf[r.n - 1]->va;
		if (resp[11] == S_OK && resp[10] == 0 && inq[0] == 0x05) {
			mmc[lun] = 1;
			nmmc++;
		}
	}
	if (!nmmc)
		vct_skip(c, "device: no MMC logical unit (INQUIRY type 5) at target 0, LUNs 0-%u", max_lun < 7 ? max_lun : 7);
	events_post(c, &b, EVENT_BUFS);
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, "scsi=resize", NULL, 0);
	n = events_read(c, &b, c->timeout_ms / 3, ev, EVENT_BUFS);
	for (unsigned int i = 0; i < n; i++)
		vct_report(c, (ev[i].event & ~T_EVENTS_MISSED) != T_PARAM_CHANGE || ev[i].target != 0 || ev[i].lun >= 8 ||
				      !mmc[ev[i].lun],
			   "VIRTIO_SCSI_T_PARAM_CHANGE events", "none for an MMC logical unit",
			   "PARAM_CHANGE for target 0 LUN %u, an MMC device (reason 0x%04x)", ev[i].lun, ev[i].reason);
}

static const struct vct_check checks[] = {
	VCT_CHECK("scsi.sizes_reset", "D-1983e544", sizes_reset, .type = ID_SCSI),
	VCT_CHECK("scsi.status_is_sam", "D-483fe293", status_is_sam, .type = ID_SCSI),
	VCT_CHECK("scsi.response_codes", "D-38080fb8", response_codes, .type = ID_SCSI),
	VCT_CHECK("scsi.commands_done_before_reset", "D-eef25214", commands_done_before_reset, .type = ID_SCSI),
	VCT_CHECK("scsi.events_missed", "D-20b9229b", events_missed, .type = ID_SCSI),
	VCT_CHECK("scsi.no_rescan_without_hotplug", "D-41e56ecc", no_rescan_without_hotplug, .type = ID_SCSI),
	VCT_CHECK("scsi.no_param_change_mmc", "D-7de16154", no_param_change_mmc, .type = ID_SCSI),
};

VCT_SUITE(vct_suite_scsi, "scsi", checks);
