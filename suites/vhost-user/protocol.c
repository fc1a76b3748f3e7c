/* SPDX-License-Identifier: MIT */
/*
 * The vhost-user protocol's own requirements on a back end, as far as a
 * front end can observe them (statements U-xxxxxxxx: spec-refs/vu-statements.py,
 * curated from QEMU 7.2's docs/interop/vhost-user.rst). These checks run only
 * over the vhost-user transport; the runner SKIPs them elsewhere.
 *
 * Not checked, because the RST requires nothing a front end could see:
 * rejecting messages before SET_OWNER (the RST calls SET_OWNER a session
 * start and states no rule for messages before it).
 */
#include <errno.h>
#include <string.h>

#include "req.h"
#include "vhost_user.h"
#include "vu_dev.h"

static struct vct_vu *wire(struct vct_ctx *c)
{
	struct vct_vu *vu = vct_vu_wire(c->vd);

	if (!vu)
		vct_skip(c, "spec: applies to vhost-user back ends only");
	return vu;
}

/*
 * A new session with only SET_OWNER and GET_FEATURES sent; retried while the
 * back end lets go of the old one (one front end at a time). The check
 * process's own connection: it closes when the check ends, and the runner
 * connects the device anew.
 */
static void fresh_session(struct vct_ctx *c, struct vct_vu *f)
{
	uint64_t deadline = vct_now_ms() + 3000;
	char err[256] = "";
	int r;

	do {
		r = __vct_vu_dial_fresh(c->vd, f, err, sizeof(err));
		if (r)
			vct_abort(c, "a new vhost-user session: %s", err);
		r = __vct_vu_send(f, VU_SET_OWNER, 0, NULL, 0, NULL, 0);
		if (!r)
			r = __vct_vu_get_u64(f, VU_GET_FEATURES, &f->features);
		if (!r)
			return;
		vct_vu_disconnect(f);
		usleep(50000);
	} while (vct_now_ms() < deadline);
	vct_require(c, false, "GET_FEATURES on a new session", "answered", "%s", f->why);
}

/* A new session on a back end that offers VHOST_USER_F_PROTOCOL_FEATURES (else the check SKIPs). */
static void fresh_session_pf(struct vct_ctx *c, struct vct_vu *f)
{
	wire(c);
	fresh_session(c, f);
	if (!(f->features >> VU_F_PROTOCOL_FEATURES & 1)) {
		vct_vu_disconnect(f);
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_F_PROTOCOL_FEATURES");
	}
}

/*
 * U-329772d8 / U-5d5a3806: the replies of a round of requests that all
 * solicit one. The wire validates every reply (vhost_user.h); a header
 * problem breaks the session with the finding, which these report.
 */
static void reply_round(struct vct_ctx *c, bool want_version, bool want_flag)
{
	struct vct_vu *vu = wire(c);
	uint64_t v;
	uint32_t base;
	int r;

	vct_c_negotiate(c, NULL);
	r = __vct_vu_get_u64(vu, VU_GET_FEATURES, &v);
	if (!r && vu->proto)
		r = __vct_vu_get_u64(vu, VU_GET_PROTOCOL_FEATURES, &v);
	if (!r && vct_vu_has_proto(vu, VU_PF_MQ))
		r = __vct_vu_get_u64(vu, VU_GET_QUEUE_NUM, &v);
	if (!r && vct_vu_has_proto(vu, VU_PF_STATUS))
		r = __vct_vu_get_u64(vu, VU_GET_STATUS, &v);
	if (!r)
		r = __vct_vu_get_vring_base(vu, 0, &base);
	if (r == -EPROTO) {
		bool version = strstr(vu->why, "version") != NULL, flag = strstr(vu->why, "reply bit") != NULL;

		if ((want_version && version) || (want_flag && flag)) {
			vct_report(c, false, "reply header", want_version ? "version 1 in flags bits 0-1" : "reply flag (bit 2) set",
				   "%s", vu->why);
			return;
		}
	}
	vct_require(c, r == 0, "replies to GET_FEATURES, GET_PROTOCOL_FEATURES, GET_QUEUE_NUM, GET_STATUS, GET_VRING_BASE",
		    "each answered", "%s", vu->why);
	vct_report(c, true, "reply header", "valid", "valid");
}

static void reply_version(struct vct_ctx *c)
{
	reply_round(c, true, false);
}

static void reply_flag(struct vct_ctx *c)
{
	reply_round(c, false, true);
}

/* U-24f34e1c: GET_PROTOCOL_FEATURES answered on a new session before any SET_FEATURES. */
static void proto_get_before_features(struct vct_ctx *c)
{
	struct vct_vu f;
	uint64_t p = 0;
	int r;

	fresh_session_pf(c, &f);
	r = __vct_vu_get_u64(&f, VU_GET_PROTOCOL_FEATURES, &p);
	vct_report(c, r == 0, "GET_PROTOCOL_FEATURES before SET_FEATURES", "answered with a u64", "%s",
		   r ? f.why : "answered");
	vct_vu_disconnect(&f);
}

/*
 * U-4fb9f0d5: SET_PROTOCOL_FEATURES taken on a new session before any
 * SET_FEATURES: with REPLY_ACK among those set, the next need_reply request
 * is acknowledged (so the set took effect); without it, the session must
 * at least stay open and answer GET_PROTOCOL_FEATURES again.
 */
static void proto_set_before_features(struct vct_ctx *c)
{
	struct vct_vu f;
	uint64_t p = 0, ack = 0, again = 0;
	int r;

	fresh_session_pf(c, &f);
	r = __vct_vu_get_u64(&f, VU_GET_PROTOCOL_FEATURES, &p);
	vct_require(c, r == 0, "GET_PROTOCOL_FEATURES before SET_FEATURES", "answered", "%s", f.why);
	p &= (1ull << VU_PF_REPLY_ACK) | (1ull << VU_PF_MQ);
	r = __vct_vu_set_u64(&f, VU_SET_PROTOCOL_FEATURES, p);
	if (!r)
		f.proto_acked = p;
	if (!r && (p >> VU_PF_REPLY_ACK & 1)) {
		/* A harmless request the back end must acknowledge now: ring 0's size, before any ring starts. */
		struct vu_vring_state st = { 0, 128 };

		r = __vct_vu_request(&f, VU_SET_VRING_NUM, &st, sizeof(st), NULL, 0, &ack);
		vct_report(c, r == 0 || r == -EREMOTEIO, "SET_VRING_NUM with need_reply after SET_PROTOCOL_FEATURES(REPLY_ACK)",
			   "acknowledged: the protocol features took effect before SET_FEATURES", "%s",
			   r == 0 || r == -EREMOTEIO ? "acknowledged" : f.why);
	} else {
		if (!r)
			r = __vct_vu_get_u64(&f, VU_GET_PROTOCOL_FEATURES, &again);
		vct_report(c, r == 0, "the session after SET_PROTOCOL_FEATURES before SET_FEATURES",
			   "still open and answering", "%s", r ? f.why : "answering");
	}
	vct_vu_disconnect(&f);
}

/* U-3e61a650: with REPLY_ACK, need_reply requests of several kinds are each acknowledged with a u64. */
static void reply_ack(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	struct vu_vring_state st = { 0, 0 };
	uint64_t ack;
	int r;

	if (!vct_vu_has_proto(vu, VU_PF_REPLY_ACK))
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_PROTOCOL_F_REPLY_ACK");
	vct_c_negotiate(c, NULL);
	/* Requests with no reply of their own: each must now get one (success or failure). */
	r = __vct_vu_request(vu, VU_SET_VRING_NUM, &(struct vu_vring_state){ 0, 64 }, sizeof(st), NULL, 0, &ack);
	vct_report(c, r == 0 || r == -EREMOTEIO, "acknowledgement of SET_VRING_NUM with need_reply", "a u64 reply",
		   "%s", r == 0 || r == -EREMOTEIO ? "replied" : vu->why);
	r = __vct_vu_request(vu, VU_SET_VRING_BASE, &st, sizeof(st), NULL, 0, &ack);
	vct_report(c, r == 0 || r == -EREMOTEIO, "acknowledgement of SET_VRING_BASE with need_reply", "a u64 reply",
		   "%s", r == 0 || r == -EREMOTEIO ? "replied" : vu->why);
	r = __vct_vu_set_mem_table(vu);
	vct_report(c, r == 0, "acknowledgement of SET_MEM_TABLE (the same region again) with need_reply",
		   "a u64 reply of 0: the table is valid", "%s", r == -EREMOTEIO ? "non-zero (refused)" : r ? vu->why : "0");
}

/*
 * U-d8ef708d, U-f4fde8bf, U-f5845d93: the ring of the type's request,
 * after requests completed: GET_VRING_BASE answers the available index
 * reached; a request made available after that stays untouched while the
 * ring is stopped; the ring started again at that base completes it.
 */
enum ring_stage { ST_BASE, ST_STOPPED, ST_RESTART };

static void ring_stop(struct vct_ctx *c, enum ring_stage stage)
{
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t base = 0;
	int rc;

	wire(c);
	memset(&b, 0, sizeof(b));
	b.nq = vct_req_queues(c->vd);
	vct_c_bringup(c, &b);
	for (int i = 0; i < 3; i++) {
		vct_req_any(c, &r);
		vct_req_round_trip(c, &b, &r, 0);
	}
	vq = b.vq[r.queue];
	rc = __vct_vu_ring_stop(c->vd, r.queue, &base);
	vct_require(c, rc == 0, "GET_VRING_BASE", "answered", "%s", vct_vu_wire(c->vd)->why);
	if (stage == ST_BASE) {
		vct_report(c, base == vq->avail_idx, "GET_VRING_BASE after three completed requests",
			   "the available index the back end reached", "%u, expected %u", base, vq->avail_idx);
		return;
	}
	vct_req_any(c, &r);
	vct_req_post(c, &b, &r, 0);
	vct_req_wait_pending(c, vq, c->timeout_ms / 2);
	if (stage == ST_STOPPED) {
		vct_report(c, vct_vq_pending(vq) == 0, "a request made available and kicked on a stopped ring",
			   "left untouched (no used entry)", "%u used entries within %d ms", vct_vq_pending(vq),
			   c->timeout_ms / 2);
		return;
	}
	if (vct_vq_pending(vq))
		vct_skip(c, "device: the back end processed the stopped ring (ring.stopped_ring_untouched reports it)");
	rc = __vct_vu_ring_restart(c->vd, r.queue, base);
	vct_require(c, rc == 0, "SET_VRING_BASE and SET_VRING_KICK to start the ring again", "accepted", "%s",
		    vct_vu_wire(c->vd)->why);
	vct_vq_notify(vq);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_report(c, vct_vq_pending(vq) == 1, "the pending request once the ring is started again at its base and kicked",
		   "completed", "%u used entries within %d ms", vct_vq_pending(vq), c->timeout_ms);
}

static void vring_base_after_stop(struct vct_ctx *c)
{
	ring_stop(c, ST_BASE);
}

static void stopped_ring_untouched(struct vct_ctx *c)
{
	ring_stop(c, ST_STOPPED);
}

static void ring_restarts_on_kick(struct vct_ctx *c)
{
	ring_stop(c, ST_RESTART);
}

/*
 * U-5ed20bbd: a network back end's receive ring disabled: a frame sent on
 * the transmit ring (which the back end loops back) is consumed, and no
 * packet lands in the disabled receive ring.
 */
static void disabled_rx_no_packets(struct vct_ctx *c)
{
	struct vct_bringup b;
	struct vct_req rx;
	struct vct_vq *vq;
	int rc;

	wire(c);
	if (!(c->vd->features[0] >> VU_F_PROTOCOL_FEATURES & 1) && !vct_vu_wire(c->vd)->proto)
		vct_skip(c, "not offered: without VHOST_USER_F_PROTOCOL_FEATURES rings cannot be disabled");
	memset(&b, 0, sizeof(b));
	b.nq = vct_req_queues(c->vd);
	vct_c_bringup(c, &b);
	vct_req_writing(c, &rx);
	vq = b.vq[rx.queue];
	rc = __vct_vu_ring_enable(c->vd, rx.queue, false);
	vct_require(c, rc == 0, "SET_VRING_ENABLE 0 of the receive ring", "accepted", "%s", vct_vu_wire(c->vd)->why);
	/* Posting the receive buffer sends the frame that provokes a packet (the type's trigger). */
	vct_req_post(c, &b, &rx, 0);
	vct_req_wait_pending(c, vq, c->timeout_ms / 2);
	vct_report(c, vct_vq_pending(vq) == 0, "the disabled receive ring after a frame was sent",
		   "no packet supplied", "%u used entries", vct_vq_pending(vq));
}

/* U-1818c0ad: GET_CONFIG replies as long as the request, or empty (failure), for several lengths. */
static void get_config_size(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	uint32_t lens[] = { 0, 4, 8, 1 };

	if (!vct_vu_has_proto(vu, VU_PF_CONFIG))
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_PROTOCOL_F_CONFIG");
	lens[0] = vct_dev_config_len(c->vd);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct vu_config q;
		struct vu_msg m;
		int r;

		if (!lens[i] || lens[i] > VU_CONFIG_MAX)
			continue;
		memset(&q, 0, sizeof(q));
		q.size = lens[i];
		r = __vct_vu_send(vu, VU_GET_CONFIG, 0, &q, 12 + lens[i], NULL, 0);
		if (!r)
			r = __vct_vu_recv(vu, VU_GET_CONFIG, SIZE_MAX, 0, &m);
		vct_require(c, r == 0, "GET_CONFIG reply", "received", "%s", vu->why);
		vct_report(c, m.h.size == 12 + lens[i] || m.h.size == 0, "GET_CONFIG reply payload size",
			   "the request's size or 0", "%u for a %u-byte request (payload %u)", m.h.size, lens[i],
			   12 + lens[i]);
	}
}

/* U-d44549fd: a block device's capacity (read-only) written with SET_CONFIG by the front end is not taken. */
static void set_config_read_only(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	uint8_t before[8], after[8], val[8];
	uint64_t ack = 0;
	int r;

	if (!vct_vu_has_proto(vu, VU_PF_CONFIG))
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_PROTOCOL_F_CONFIG");
	vct_c_config(c, 0, before, 8);
	for (int i = 0; i < 8; i++)
		val[i] = (uint8_t)~before[i];
	{
		struct vu_config q;

		memset(&q, 0, sizeof(q));
		q.offset = 0;
		q.size = 8;
		q.flags = 0;	/* the front end's write, not live migration */
		memcpy(q.data, val, 8);
		r = __vct_vu_request(vu, VU_SET_CONFIG, &q, 12 + 8, NULL, 0, &ack);
	}
	if (r == -EPIPE) {
		/* Refused by ending the session (libvhost-user's vu_panic): nothing was taken. */
		vct_report(c, true, "SET_CONFIG of capacity", "refused", "the back end closed the session");
		return;
	}
	/*
	 * The verdict rests on the value: an acknowledgement of 0 is a REPLY_ACK
	 * matter (a SHOULD), and libvhost-user acknowledges 0 even for a write it
	 * refused (libvhost-user.c vu_dispatch) before closing the session.
	 */
	r = __vct_vu_get_config(vu, 0, 8, after);
	if (r == -EPIPE)
		return;
	vct_require(c, r == 0, "GET_CONFIG after SET_CONFIG", "answered", "%s", vu->why);
	vct_report(c, !memcmp(before, after, 8), "capacity after SET_CONFIG wrote its complement", "unchanged",
		   "0x%016llx, was 0x%016llx", (unsigned long long)vct_le_load(after, 8),
		   (unsigned long long)vct_le_load(before, 8));
}

/*
 * Bring the device up (no interrupts with @no_irq) with a request of the
 * type's model in @r, and send @msg for its ring with the invalid-descriptor
 * flag (@nofd); the ring.
 */
static struct vct_vq *polled_ring(struct vct_ctx *c, struct vct_bringup *b, struct vct_req *r, bool no_irq,
				  int (*nofd)(struct vct_dev *d, uint16_t q), const char *msg)
{
	int rc;

	memset(b, 0, sizeof(*b));
	b->nq = vct_req_queues(c->vd);
	b->no_irq = no_irq;
	vct_c_bringup(c, b);
	vct_req_any(c, r);
	rc = nofd(c->vd, r->queue);
	vct_require(c, rc == 0, msg, "accepted with the invalid-descriptor flag", "%s", vct_vu_wire(c->vd)->why);
	return b->vq[r->queue];
}

/*
 * U-6f1195a8: the request queue's call descriptor replaced by the
 * invalid-descriptor flag (the front end polls): requests still complete
 * and the session stays.
 */
static void call_without_fd_polls(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq = polled_ring(c, &b, &r, true, __vct_vu_ring_call_nofd, "SET_VRING_CALL");
	int rc = 0;
	/* Two requests one after the other: a back end that ended the session when it tried to signal misses the second. */
	for (int i = 0; i < 2; i++) {
		uint16_t id;
		uint32_t len;
		struct vct_used_err e = { 0 };

		if (i)
			vct_req_any(c, &r);
		vct_req_post(c, &b, &r, 0);
		rc = vct_vq_wait_used(vq, c->timeout_ms, &id, &len, NULL, &e);
		if (rc != 1)
			break;
	}
	if (rc == 1 && !vu->broken) {
		uint64_t f;

		/* And the session still answers once any teardown it started has had time to happen. */
		usleep(100000);
		if (__vct_vu_get_u64(vu, VU_GET_FEATURES, &f))
			rc = 0;
	}
	vct_report(c, rc == 1 && !vu->broken, "two requests in turn on a ring whose used buffers are polled for",
		   "both completed, the session kept", "%s", vu->broken ? vu->why : "the second request was not completed");
}

/* U-f391d05b: the MQ protocol feature is offered, whatever the device's queue count. */
static void offers_mq(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);

	if (!(vu->features >> VU_F_PROTOCOL_FEATURES & 1))
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_F_PROTOCOL_FEATURES");
	vct_report(c, vu->proto >> VU_PF_MQ & 1, "GET_PROTOCOL_FEATURES bit 0 (VHOST_USER_PROTOCOL_F_MQ)", "offered",
		   "not offered (protocol features 0x%llx)", (unsigned long long)vu->proto);
}

/*
 * U-86721e8d: the request queue's kick descriptor replaced
 * by the invalid-descriptor flag: a request made available is completed
 * without any kick reaching the back end.
 */
static void kick_without_fd_polls(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq = polled_ring(c, &b, &r, false, __vct_vu_ring_kick_nofd, "SET_VRING_KICK");
	/* The notify goes to vct's old kick eventfd, which the back end no longer holds. */
	vct_req_post(c, &b, &r, 0);
	vct_req_wait_pending(c, vq, c->timeout_ms);
	vct_report(c, vct_vq_pending(vq) == 1, "a request on a ring the back end was told to poll", "completed",
		   "%u used entries within %d ms%s%s", vct_vq_pending(vq), c->timeout_ms, vu->broken ? "; " : "",
		   vu->broken ? vu->why : "");
}

/*
 * U-42a91fd8: with INFLIGHT_SHMFD, the split ring's region of the inflight
 * buffer after requests completed on it: the region is initialized
 * (version 1), each head used carries a counter from the back end's
 * tracking, in the order the requests were made available, and no
 * in-flight mark, and used_idx is the used ring's index. The region of
 * queue q lies after those of the queues before it, each 16 bytes of
 * header and 16 per entry (the RST's layout; vct asks for every queue at
 * the size it gives the largest ring).
 */
static void inflight_tracked(struct vct_ctx *c)
{
	struct vct_vu *vu = wire(c);
	struct vct_bringup b;
	struct vct_req r;
	struct vct_vq *vq;
	const uint8_t *buf, *q = NULL;
	uint64_t last = 0;
	size_t len = 0, qlen;
	uint16_t ver, num = 0, used_idx;

	if (!vct_vu_has_proto(vu, VU_PF_INFLIGHT_SHMFD))
		vct_skip(c, "not offered: the back end does not offer VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD");
	memset(&b, 0, sizeof(b));
	b.nq = vct_req_queues(c->vd);
	vct_c_bringup(c, &b);
	if (vct_has(c->vd->features, VCT_F_RING_PACKED))
		vct_skip(c, "spec: the check reads a split ring's region");
	buf = vct_vu_inflight(c->vd, &len);
	vct_require(c, buf != NULL && len >= 16, "the inflight buffer from GET_INFLIGHT_FD", "mapped", "none");
	memcpy(&num, buf + 10, 2);
	qlen = 16 + 16 * (size_t)num;
	/* Each request's head is read as soon as it is used: the next request may take the same head. */
	for (int i = 0; i < 3; i++) {
		uint64_t counter;
		uint16_t head;

		vct_req_any(c, &r);
		vct_req_round_trip(c, &b, &r, 0);
		vq = b.vq[r.queue];
		vct_require(c, num > 0 && (r.queue + 1) * qlen <= len, "inflight buffer layout",
			    "a region for the request's queue", "desc_num %u, %zu bytes for queue %u", num, len, r.queue);
		q = buf + r.queue * qlen;
		/*
		 * The back end finishes its region after the used entry (the RST's
		 * order: used ring, then the marks, then used_idx last): wait for its
		 * used_idx to reach the ring's before reading the marks.
		 */
		for (uint64_t end = vct_now_ms() + (uint64_t)c->timeout_ms;
		     vct_le_load(q + 14, 2) != vq->last_used && vct_now_ms() < end;)
			usleep(100);
		head = (uint16_t)vct_le_load((const uint8_t *)&vq->used->ring[(uint16_t)(vq->last_used - 1) % vq->size].id, 4);
		vct_require(c, head < num, "a used head", "inside the region", "head %u, desc_num %u", head, num);
		memcpy(&counter, q + 16 + 16 * head + 8, 8);
		vct_report(c, q[16 + 16 * head] == 0, "in-flight mark of a head the back end used", "0", "%u for head %u",
			   q[16 + 16 * head], head);
		vct_report(c, counter > last, "counter of a head the back end took", "above the previous request's",
			   "%llu for head %u after %llu", (unsigned long long)counter, head, (unsigned long long)last);
		last = counter;
	}
	memcpy(&ver, q + 8, 2);
	vct_report(c, ver == 1, "the queue region's version", "1", "%u", ver);
	memcpy(&used_idx, q + 14, 2);
	vct_report(c, used_idx == vq->last_used, "used_idx of the queue region", "the used ring's index",
		   "%u, the used ring at %u", used_idx, vq->last_used);
}

static const struct vct_check checks[] = {
	VCT_CHECK("vu.reply_version", "U-329772d8", reply_version),
	VCT_CHECK("vu.reply_flag", "U-5d5a3806", reply_flag),
	VCT_CHECK("vu.protocol_features_get_early", "U-24f34e1c", proto_get_before_features),
	VCT_CHECK("vu.protocol_features_set_early", "U-4fb9f0d5", proto_set_before_features),
	VCT_CHECK("vu.offers_mq", "U-f391d05b", offers_mq),
	VCT_CHECK("vu.kick_without_fd_polls", "U-86721e8d", kick_without_fd_polls, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("vu.reply_ack", "U-3e61a650", reply_ack),
	VCT_CHECK("vu.vring_base_after_stop", "U-d8ef708d", vring_base_after_stop, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("vu.stopped_ring_untouched", "U-f4fde8bf", stopped_ring_untouched, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("vu.ring_restarts_on_kick", "U-f5845d93", ring_restarts_on_kick, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("vu.disabled_rx_no_packets", "U-5ed20bbd", disabled_rx_no_packets, .type = VCT_ID_NET),
	VCT_CHECK("vu.call_without_fd_polls", "U-6f1195a8", call_without_fd_polls, .needs = VCT_NEED_REQUEST),
	VCT_CHECK("vu.get_config_size", "U-1818c0ad", get_config_size),
	VCT_CHECK("vu.set_config_read_only", "U-d44549fd", set_config_read_only, .type = VCT_ID_BLOCK),
	VCT_CHECK("vu.inflight_tracked", "U-42a91fd8", inflight_tracked, .needs = VCT_NEED_REQUEST),
};

VCT_SUITE(vct_suite_vhost_user_protocol, "vhost-user/protocol", checks);
