/* SPDX-License-Identifier: MIT */
/*
 * SCSI host (id 8): controlq, eventq, then num_queues - 2 request queues.
 * Commands go to target 0, LUN 0 (where QEMU puts a lone scsi-hd); a host
 * with nothing there answers VIRTIO_SCSI_S_BAD_TARGET, which is still a
 * complete answer for the ring checks.
 */
#include <string.h>

#include "types.h"

#define CMD_HDR 19		/* lun[8] id task_attr prio crn, before the cdb */
#define RESP_HDR 12		/* sense_len residual status_qualifier status response, before the sense */
#define INQUIRY_LEN 36		/* the standard INQUIRY data */
#define S_OK 0
#define S_FAILURE 9		/* the highest response code the chapter defines */

/* sense_size and cdb_size, which size the request: the device sets them, within what a driver can allocate. */
static void sizes(struct vct_ctx *c, uint32_t *cdb, uint32_t *sense)
{
	*cdb = (uint32_t)vct_req_cfg(c, "cdb_size");
	*sense = (uint32_t)vct_req_cfg(c, "sense_size");
	if (*cdb < 6 || *cdb > 256 || *sense > 1024)
		vct_skip(c, "device: cdb_size %u / sense_size %u leave no room for a 6-byte CDB in a request vct can size",
			 *cdb, *sense);
}

static uint8_t *cmd(struct vct_ctx *c, struct vct_req *r, uint32_t cdb_size)
{
	uint8_t *h = vct_req_add(c, r, CMD_HDR + cdb_size, false);

	h[0] = 1;		/* single-level LUN structure: target 0, LUN 0 */
	vct_put64(h + 8, 0x7663740000000001ull);	/* id: echoed nowhere, any value */
	return h + CMD_HDR;
}

static void inquiry_build(struct vct_ctx *c, struct vct_req *r)
{
	uint32_t cdb_size, sense;
	uint8_t *cdb;

	sizes(c, &cdb_size, &sense);
	r->queue = vct_req_queue(c, "requestq");
	cdb = cmd(c, r, cdb_size);
	cdb[0] = 0x12;		/* INQUIRY, standard data */
	cdb[4] = INQUIRY_LEN;
	vct_req_add(c, r, RESP_HDR + sense, true);
	vct_req_add(c, r, INQUIRY_LEN, true);
}

static void tur_build(struct vct_ctx *c, struct vct_req *r)
{
	uint32_t cdb_size, sense;

	sizes(c, &cdb_size, &sense);
	r->queue = vct_req_queue(c, "requestq");
	cmd(c, r, cdb_size);	/* TEST UNIT READY: opcode 0, the rest 0 */
	vct_req_add(c, r, RESP_HDR + sense, true);
}

static void write_build(struct vct_ctx *c, struct vct_req *r)
{
	uint32_t cdb_size, sense;
	uint8_t *cdb, *d;

	sizes(c, &cdb_size, &sense);
	r->queue = vct_req_queue(c, "requestq");
	cdb = cmd(c, r, cdb_size);
	cdb[0] = 0x2a;		/* WRITE(10) of one 512-byte block at LBA 8 */
	cdb[5] = 8;
	cdb[8] = 1;
	d = vct_req_add(c, r, 512, false);
	for (unsigned int i = 0; i < 512; i++)
		d[i] = (uint8_t)(i * 5 + 1);
	vct_req_add(c, r, RESP_HDR + sense, true);
}

/* The command response every request queue answer starts with. */
static void resp_check(struct vct_ctx *c, const struct vct_req *r, uint32_t datain)
{
	uint8_t h[RESP_HDR];
	uint32_t sense_len, residual;
	uint32_t sense = r->sg[r->n - (datain ? 2 : 1)].len - RESP_HDR;

	vct_req_written(r, 0, h, sizeof(h));
	sense_len = (uint32_t)vct_le_load(h, 4);
	residual = (uint32_t)vct_le_load(h + 4, 4);
	vct_report(c, h[11] <= S_FAILURE, "virtio-scsi response", "a response code the chapter defines (0-9)",
		   "%s: %u", r->model->what, h[11]);
	vct_report(c, sense_len <= sense, "sense_len", "at most sense_size", "%s: %u > %u", r->model->what, sense_len,
		   sense);
	vct_report(c, residual <= datain || h[11] != S_OK, "residual", "at most the data-in length",
		   "%s: %u > %u", r->model->what, residual, datain);
}

static void inquiry_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	resp_check(c, r, INQUIRY_LEN);
}

static void nodata_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	resp_check(c, r, 0);
}

static void an_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *p;

	r->queue = vct_req_queue(c, "controlq");
	p = vct_req_add(c, r, 16, false);
	vct_put32(p, 1);	/* VIRTIO_SCSI_T_AN_QUERY */
	p[4] = 1;		/* target 0, LUN 0 */
	vct_put32(p + 12, 0);	/* event_requested: none */
	vct_req_add(c, r, 5, true);	/* event_actual, response */
}

static void an_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	const uint8_t *p = r->buf[1]->va;

	/* The control queue's codes: the command set's, plus INCORRECT_LUN (12). */
	vct_report(c, p[4] <= S_FAILURE || p[4] == 12, "asynchronous notification query response",
		   "a response code the chapter defines for control requests", "%u", p[4]);
}

static void event_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "eventq");
	vct_req_add(c, r, 16, true);	/* struct virtio_scsi_event */
}

static const struct vct_req_model inquiry = {
	.what = "INQUIRY (36 bytes) to target 0 LUN 0 on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = RESP_HDR,
	.build = inquiry_build,
	.check = inquiry_check,
};

static const struct vct_req_model tur = {
	.what = "TEST UNIT READY to target 0 LUN 0 on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = RESP_HDR,
	.build = tur_build,
	.check = nodata_check,
};

static const struct vct_req_model write10 = {
	.what = "WRITE(10) of LBA 8 to target 0 LUN 0 on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = RESP_HDR,
	.build = write_build,
	.check = nodata_check,
};

static const struct vct_req_model an_query = {
	.what = "VIRTIO_SCSI_T_AN_QUERY on controlq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 5,
	.build = an_build,
	.check = an_check,
};

static const struct vct_req_model event = {
	.what = "an event buffer on eventq",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "events come from the host side (a hot-plugged or removed LUN, a parameter change)",
	.build = event_build,
};

VCT_TYPE_MODELS(scsi) = {
	.type = 8,
	.writing = &inquiry,
	.reading = &tur,
	.queues = {
		{ "controlq", &an_query },
		{ "eventq", &event },
		{ "requestq", &inquiry },
		{ "requestq", &write10 },	/* data-out: 512 bytes the device reads */
	},
};
