/* SPDX-License-Identifier: MIT */
/* Console device: emergency write, and the multiport control messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "req.h"

#define CONSOLE_F_MULTIPORT 1
#define CONSOLE_F_EMERG_WRITE 2

#define CTL_DEVICE_READY 0
#define CTL_DEVICE_ADD 1
#define CTL_DEVICE_REMOVE 2
#define CTL_BUFS 16
#define CTL_MAX_PORTS 1024	/* ports vct tracks; max_nr_ports above that is read as this many */
#define CTL_QUIET_MS 1000	/* no control message for this long: the device has said what it had to say */

/* D-1ba91081: emerg_wr accepts a write before the device is configured. */
static void emerg_write_unconfigured(struct vct_ctx *c)
{
	int r;

	vct_c_need_feature(c, CONSOLE_F_EMERG_WRITE);
	vct_c_reset(c);
	vct_require(c, vct_dev_config_len(c->vd) >= 12, "console configuration length", "covers emerg_wr (offset 8)",
		    "%u bytes", vct_dev_config_len(c->vd));
	r = __vct_dev_config_write(c->vd, 8, 'v', 4);
	vct_report(c, r == 0, "write to emerg_wr on an unconfigured device", "accepted", "error %d", r);
	vct_report(c, vct_dev_status(c->vd) == 0, "device_status after the emergency write",
		   "still 0 (no error state)", "0x%02x", vct_dev_status(c->vd));
	vct_c_negotiate(c, NULL);
}

/*
 * D-803b1ded (SHOULD; host action): the low byte of what is written to
 * emerg_wr reaches the host's output. Three bytes, written as 32-bit
 * values whose upper bytes must be dropped, then the host's account of
 * its output (query console-output: {"emerg": [byte, ...]}) must end with
 * them.
 */
static void emerg_write_output(struct vct_ctx *c)
{
	static const uint32_t w[3] = { 0x5a5a5a76, 0xa5a5a563, 0x0f0f0f74 };	/* 'v' 'c' 't' */
	char out[512];

	vct_c_need_feature(c, CONSOLE_F_EMERG_WRITE);
	vct_c_negotiate(c, NULL);
	for (int i = 0; i < 3; i++)
		if (__vct_dev_config_write(c->vd, 8, w[i], 4))
			vct_abort(c, "write to emerg_wr failed");
	vct_c_host(c, VCT_HA_QUERY, "console-output", out, sizeof(out));
	vct_report(c, strstr(out, "118, 99, 116]") != NULL, "the host's output after three emergency writes",
		   "ends with their low bytes 118, 99, 116 ('vct')", "%.150s", out);
}

/* The multiport control queues: port 0's pair, then c_ivq (2) and c_ovq (3). */
struct mp {
	struct vct_bringup b;
	uint32_t max_ports;
	uint8_t added[CTL_MAX_PORTS];	/* 1: announced and not removed */
	unsigned int nadd, nremove;
	struct vct_dma_buf *bufs[CTL_BUFS];
};

/* Post a control receive buffer in slot @i. */
static void mp_post(struct vct_ctx *c, struct mp *m, unsigned int i)
{
	struct vct_sg sg = { m->bufs[i]->iova, 64, true };

	memset(m->bufs[i]->va, 0xee, 64);
	if (vct_vq_add(m->b.vq[2], &sg, 1, (void *)(uintptr_t)(i + 1), 0) < 0)
		vct_abort(c, "cannot post a control receive buffer");
}

/*
 * Bring up with MULTIPORT, fill c_ivq and say DEVICE_READY on c_ovq. SKIPs
 * a device without MULTIPORT.
 */
static void mp_start(struct vct_ctx *c, struct mp *m)
{
	struct vct_dma_buf *msg;
	struct vct_sg sg;
	uint32_t mx = 0;
	uint32_t len;
	int head;

	vct_c_need_feature(c, CONSOLE_F_MULTIPORT);
	memset(m, 0, sizeof(*m));
	m->b = (struct vct_bringup){ .nq = 4, .features_set = true };
	vct_dev_default_features(c->vd, m->b.features);
	vct_set(m->b.features, CONSOLE_F_MULTIPORT);
	vct_c_bringup(c, &m->b);
	vct_c_config(c, 4, &mx, 4);
	m->max_ports = le32toh(mx);
	for (unsigned int i = 0; i < CTL_BUFS; i++) {
		m->bufs[i] = vct_c_dma(c, 64);
		mp_post(c, m, i);
	}
	vct_vq_notify(m->b.vq[2]);
	msg = vct_c_dma(c, 8);
	*(uint32_t *)msg->va = 0;
	((uint16_t *)msg->va)[2] = htole16(CTL_DEVICE_READY);
	((uint16_t *)msg->va)[3] = htole16(1);
	sg = (struct vct_sg){ msg->iova, 8, false };
	head = vct_vq_add(m->b.vq[3], &sg, 1, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post DEVICE_READY");
	vct_vq_notify(m->b.vq[3]);
	vct_c_wait_used(c, m->b.vq[3], (uint16_t)head, &len);
}

/*
 * Take control messages until none came for CTL_QUIET_MS, checking each
 * DEVICE_ADD (D-43cc71ff) and DEVICE_REMOVE (D-e8567526) against the ports
 * announced so far; @adds / @removes say which of the two this check judges.
 */
static void mp_collect(struct vct_ctx *c, struct mp *m, bool adds, bool removes)
{
	for (;;) {
		struct vct_used_err e = { 0 };
		uint16_t id = 0, ev;
		uint32_t len = 0, port;
		void *tok = NULL;
		unsigned int slot;
		const uint8_t *p;
		int r = vct_vq_wait_used(m->b.vq[2], CTL_QUIET_MS, &id, &len, &tok, &e);

		if (r == -ETIMEDOUT || r == 0)
			return;
		vct_step_begin(c);
		vct_require(c, r == 1, "used entry on the control receiveq", "a valid used entry", "%s", e.why);
		vct_step_end(c);
		slot = (unsigned int)(uintptr_t)tok - 1;
		p = m->bufs[slot]->va;
		if (len < 8)
			vct_report(c, false, "a control message", "at least 8 bytes (id, event, value)", "used len %u", len);
		port = le32toh(*(const uint32_t *)p);
		ev = (uint16_t)(p[4] | p[5] << 8);
		if (len >= 8 && ev == CTL_DEVICE_ADD) {
			bool ok = port < m->max_ports && (port >= CTL_MAX_PORTS || !m->added[port]);

			if (adds)
				vct_report(c, ok, "port in a DEVICE_ADD message", "below max_nr_ports and not announced already",
					   "port %u (max_nr_ports %u)%s", port, m->max_ports,
					   port < CTL_MAX_PORTS && m->added[port] ? ", announced before" : "");
			if (port < CTL_MAX_PORTS)
				m->added[port] = 1;
			m->nadd++;
		} else if (len >= 8 && ev == CTL_DEVICE_REMOVE) {
			if (removes)
				vct_report(c, port < CTL_MAX_PORTS && m->added[port], "port in a DEVICE_REMOVE message",
					   "one announced with DEVICE_ADD and not removed since", "port %u", port);
			if (port < CTL_MAX_PORTS)
				m->added[port] = 0;
			m->nremove++;
		}
		mp_post(c, m, slot);
		vct_vq_notify(m->b.vq[2]);
	}
}

/* D-43cc71ff: DEVICE_ADD names no port announced already and none at or above max_nr_ports. */
static void device_add_ports(struct vct_ctx *c)
{
	struct mp m;

	mp_start(c, &m);
	mp_collect(c, &m, true, false);
	if (!m.nadd)
		vct_skip(c, "device: no DEVICE_ADD after DEVICE_READY (the device has no port)");
}

/* D-e8567526 (host action): DEVICE_REMOVE names only a port announced with DEVICE_ADD. */
static void device_remove_added(struct vct_ctx *c)
{
	struct mp m;

	mp_start(c, &m);
	mp_collect(c, &m, false, false);
	if (!m.nadd)
		vct_skip(c, "device: no DEVICE_ADD after DEVICE_READY (no port to remove)");
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, "port-remove", NULL, 0);
	mp_collect(c, &m, false, true);
	if (!m.nremove)
		vct_skip(c, "device: no DEVICE_REMOVE after the host removed a port");
}

static const struct vct_check checks[] = {
	VCT_CHECK("console.emerg_write_unconfigured", "D-1ba91081", emerg_write_unconfigured,
		  .type = VCT_ID_CONSOLE),
	VCT_CHECK("console.emerg_write_output", "D-803b1ded", emerg_write_output, .type = VCT_ID_CONSOLE),
	VCT_CHECK("console.device_add_ports", "D-43cc71ff", device_add_ports, .type = VCT_ID_CONSOLE),
	VCT_CHECK("console.device_remove_added", "D-e8567526", device_remove_added, .type = VCT_ID_CONSOLE),
};

VCT_SUITE(vct_suite_console, "console", checks);
