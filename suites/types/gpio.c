/* SPDX-License-Identifier: MIT */
/* GPIO device (id 41): requestq messages; eventq pairs come back only on a line's interrupt. */
#include "types.h"

/*
 * GET_DIRECTION of line 0 (every device has it when ngpio is not 0): it
 * reads nothing on the line and changes nothing. The request is laid out in
 * two buffers (type and gpio, then value) and the two-byte response in two
 * (status, value): the framing is the driver's to choose.
 */
static void get_direction_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *req;

	r->queue = vct_req_queue(c, "requestq");
	req = vct_req_add(c, r, 4, false);
	vct_put16(req, 0x0002);	/* VIRTIO_GPIO_MSG_GET_DIRECTION */
	vct_put16(req + 2, 0);	/* gpio */
	vct_put32(vct_req_add(c, r, 4, false), 0);	/* value */
	vct_req_add(c, r, 1, true);	/* status */
	vct_req_add(c, r, 1, true);	/* value */
}

/* status OK or ERR; with OK, a direction the chapter defines (none, output, input). */
static void get_direction_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t resp[2];

	vct_req_written(r, 0, resp, 2);
	vct_report(c, resp[0] <= 1, "GET_DIRECTION status", "VIRTIO_GPIO_STATUS_OK (0) or _ERR (1)", "0x%02x", resp[0]);
	if (resp[0] == 0)
		vct_report(c, resp[1] <= 2, "GET_DIRECTION value, status OK", "0 (none), 1 (output) or 2 (input)",
			   "0x%02x", resp[1]);
}

static const struct vct_req_model get_direction = {
	.what = "VIRTIO_GPIO_MSG_GET_DIRECTION of line 0 on requestq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 2,
	.build = get_direction_build,
	.check = get_direction_check,
};

static void irq_build(struct vct_ctx *c, struct vct_req *r)
{
	r->queue = vct_req_queue(c, "eventq");
	vct_put16(vct_req_add(c, r, 2, false), 0);	/* struct virtio_gpio_irq_request: line 0 */
	vct_req_add(c, r, 1, true);			/* struct virtio_gpio_irq_response */
}

static const struct vct_req_model irq = {
	.what = "an interrupt pair for line 0 on eventq",
	.provoke = VCT_PROVOKE_HOST,
	.host_event = "a GPIO interrupt needs the line's other end, the device's host, to change its level",
	.build = irq_build,
};

VCT_TYPE_MODELS(gpio) = {
	.type = 41,
	.writing = &get_direction,
	.reading = &get_direction,
	.queues = {
		{ "requestq", &get_direction },
		{ "eventq", &irq },
	},
};
