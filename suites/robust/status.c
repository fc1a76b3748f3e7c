/* SPDX-License-Identifier: MIT */
/*
 * Robustness cases on the device status, feature negotiation and device
 * configuration (any device type): the initialization sequence broken, and
 * status bits cleared or set in the middle of requests.
 */
#include <string.h>

#include "robust.h"

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_FAILED 128

/* Queues of @rc's bring-up set up by hand (after the case's own status steps), and the request built. */
static void queues_by_hand(struct vct_ctx *c, struct vct_rcase *rc)
{
	for (unsigned int i = 0; i < rc->b.nq; i++)
		rc->b.vq[i] = vct_c_queue(c, (uint16_t)i, 0, VCT_NO_VECTOR);
	vct_req_self(c, &rc->r);
	rc->vq = rc->b.vq[rc->r.queue];
}

/* R-ccb0b354: DRIVER_OK cleared while a request is outstanding. */
static void clear_driver_ok(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	if (vct_vq_add(rc->vq, rc->r.sg, rc->r.n, NULL, 0) < 0)
		vct_abort(c, "cannot post the request");
	rb_watch_request(c);
	vct_vq_notify(rc->vq);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FEATURES_OK);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* R-ccb0b354: ACKNOWLEDGE and DRIVER cleared once the device runs, then a request. */
static void clear_ack(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	vct_dev_set_status(c->vd, S_FEATURES_OK | S_DRIVER_OK);
	rb_post(c, rc);
}

/* R-8613247d: FAILED set, and the driver goes on using the device without a reset. */
static void failed_then_continue(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, 0);

	vct_dev_set_status(c->vd, (uint8_t)(vct_dev_status(c->vd) | S_FAILED));
	rb_post(c, rc);
}

/* R-95a718ad: FAILED set during initialization, which then goes on to DRIVER_OK and a request. */
static void failed_then_init(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);

	vct_c_reset(c);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FAILED);
	vct_dev_write_features(c->vd, rc->b.features);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FAILED | S_FEATURES_OK);
	queues_by_hand(c, rc);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FAILED | S_FEATURES_OK | S_DRIVER_OK);
	rb_post(c, rc);
}

/* R-69a346b6: DRIVER_OK without FEATURES_OK ever set, then a request. */
static void skip_features_ok(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);

	vct_c_reset(c);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER);
	vct_dev_write_features(c->vd, rc->b.features);
	queues_by_hand(c, rc);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_DRIVER_OK);
	rb_post(c, rc);
}

/*
 * R-3024e8fe: a buffer made available and notified before DRIVER_OK. The
 * device must not use it before DRIVER_OK (D-0ec6171d): the case is also a
 * conformance check of that.
 */
static void notify_before_driver_ok(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);

	vct_c_negotiate(c, rc->b.features);
	queues_by_hand(c, rc);
	rb_post(c, rc);
	vct_report(c, vct_vq_pending(rc->vq) == 0, "used ring before DRIVER_OK", "no buffer used",
		   "%u used entries on queue %u", vct_vq_pending(rc->vq), rc->r.queue);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	rb_kick(c, rc->vq, RB_SETTLE_MS);
}

/* R-034781b7: after FEATURES_OK, every offered feature bit accepted on top, then DRIVER_OK and requests. */
static void features_after_features_ok(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	uint64_t all[2];

	vct_c_negotiate(c, rc->b.features);
	vct_dev_read_features(c->vd, all);
	vct_dev_write_features(c->vd, all);
	queues_by_hand(c, rc);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	rb_live(c, rc->r.queue);
}

/* R-0e30179b: every feature bit the device did not offer accepted along with the defaults. */
static void accept_unoffered(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	uint64_t f[2] = { rc->b.features[0] | ~c->vd->offered[0], rc->b.features[1] | ~c->vd->offered[1] };

	/* The device may refuse FEATURES_OK (that is handling it); the probe says whether it is sound after. */
	(void)__vct_dev_negotiate(c->vd, f);
}

/* R-732416c2: the device-specific configuration written before FEATURES_OK (its own value written back). */
static void config_write_early(struct vct_ctx *c)
{
	struct vct_rcase *rc = rb_begin(c, RB_NO_BRINGUP);
	uint8_t v = 0;

	if (!vct_dev_config_len(c->vd))
		vct_skip(c, "spec: the %s device has no device-specific configuration", vct_type_name(c->vd->type));
	vct_c_reset(c);
	vct_dev_set_status(c->vd, S_ACK | S_DRIVER);
	if (__vct_dev_config_read(c->vd, 0, &v, 1, 4) == 0)
		(void)__vct_dev_config_write(c->vd, 0, v, 1);
	vct_c_bringup(c, &rc->b);
}

static const struct vct_check cases[] = {
	VCT_CASE("robust.status.clear_driver_ok", "R-ccb0b354", clear_driver_ok),
	VCT_CASE("robust.status.clear_ack", "R-ccb0b354", clear_ack, .shared = "other bits cleared"),
	VCT_CASE("robust.status.failed_then_continue", "R-8613247d", failed_then_continue),
	VCT_CASE("robust.status.failed_then_init", "R-95a718ad", failed_then_init),
	VCT_CASE("robust.status.skip_features_ok", "R-69a346b6", skip_features_ok),
	VCT_CASE("robust.status.notify_before_driver_ok", "R-3024e8fe", notify_before_driver_ok,
		 .dstmt = "D-0ec6171d"),
	VCT_CASE("robust.features.after_features_ok", "R-034781b7", features_after_features_ok),
	VCT_CASE("robust.features.accept_unoffered", "R-0e30179b", accept_unoffered),
	VCT_CASE("robust.config.write_before_features_ok", "R-732416c2", config_write_early),
};

VCT_SUITE(vct_robust_status, "robust/status", cases);
