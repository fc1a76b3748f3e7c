/* SPDX-License-Identifier: MIT */
/* GPIO device: bring-up, requestq messages and eventq pairs for the gpio checks. */
#include <stdio.h>
#include <string.h>

#include "gpio.h"

/* More names than this is not a GPIO controller vct can read in one response. */
#define GPIO_NAMES_MAX 65536u

void gpio_start(struct vct_ctx *c, struct gpio_dev *g, bool irq)
{
	memset(g, 0, sizeof(*g));
	if (irq)
		vct_c_need_feature(c, GPIO_F_IRQ);
	vct_dev_default_features(c->vd, g->b.features);
	if (irq)
		g->b.features[0] |= 1ull << GPIO_F_IRQ;
	else
		g->b.features[0] &= ~(1ull << GPIO_F_IRQ);
	g->b.features_set = true;
	g->b.nq = irq ? 2 : 1;
	vct_c_bringup(c, &g->b);
	g->rq = g->b.vq[0];
	g->eq = irq ? g->b.vq[1] : NULL;
	g->ngpio = (uint16_t)vct_req_cfg(c, "ngpio");
	g->names_size = (uint32_t)vct_req_cfg(c, "gpio_names_size");
}

/* A part of @len bytes (device-writable when @w) into @sg; its memory. */
static uint8_t *part(struct vct_ctx *c, struct vct_sg *sg, unsigned int *n, uint32_t len, bool w, uint8_t fill,
		     struct vct_dma_buf **out)
{
	struct vct_dma_buf *b = vct_c_dma(c, len);

	memset(b->va, fill, len);
	sg[*n] = (struct vct_sg){ .iova = b->iova, .len = len, .write = w };
	(*n)++;
	if (out)
		*out = b;
	return b->va;
}

/*
 * The request as one buffer, as type+gpio then value, or as type then
 * gpio+value; the response whole, as status then value[], or cut in the
 * middle: the layout rotates from call to call (the driver's latitude).
 */
static void post_one(struct vct_ctx *c, struct gpio_dev *g, struct gpio_msg *m)
{
	static const uint32_t rsplit[3][2] = { { 8, 0 }, { 4, 4 }, { 2, 6 } };
	unsigned int lay = g->calls++ % 3, n = 0;
	struct vct_sg sg[5];
	uint8_t req[8];
	uint32_t cut;

	vct_put16(req, m->type);
	vct_put16(req + 2, m->line);
	vct_put32(req + 4, m->value);
	memcpy(part(c, sg, &n, rsplit[lay][0], false, 0, NULL), req, rsplit[lay][0]);
	if (rsplit[lay][1])
		memcpy(part(c, sg, &n, rsplit[lay][1], false, 0, NULL), req + rsplit[lay][0], rsplit[lay][1]);
	cut = lay == 0 ? m->resp_len : lay == 1 ? 1 : (m->resp_len + 1) / 2;
	m->nr = 0;
	m->rpart[m->nr] = cut;
	part(c, sg, &n, cut, true, m->poison, &m->rbuf[m->nr++]);
	if (cut < m->resp_len) {
		m->rpart[m->nr] = m->resp_len - cut;
		part(c, sg, &n, m->resp_len - cut, true, m->poison, &m->rbuf[m->nr++]);
	}
	m->done = false;
	if (vct_vq_add(g->rq, sg, n, m, 0) < 0)
		vct_abort(c, "cannot post a GPIO message (%u descriptors)", n);
}

void gpio_batch(struct vct_ctx *c, struct gpio_dev *g, struct gpio_msg *m, unsigned int n, unsigned int *order)
{
	void *tok[16];
	uint32_t lens[16];
	unsigned int got;

	if (n > 16)
		vct_abort(c, "gpio_batch: %u messages, at most 16", n);
	for (unsigned int i = 0; i < n; i++) {
		if (!m[i].resp_len)
			m[i].resp_len = 2;
		post_one(c, g, &m[i]);
	}
	vct_vq_notify(g->rq);
	got = vct_req_collect(c, g->rq, c->timeout_ms, n, tok, lens);
	vct_step_begin(c);
	vct_require(c, got == n, "requestq", "every message answered", "%u of %u answered within %d ms", got, n,
		    c->timeout_ms);
	vct_step_end(c);
	for (unsigned int k = 0; k < n; k++) {
		struct gpio_msg *x = tok[k];
		uint32_t o = 0;

		x->done = true;
		x->len = lens[k];
		x->resp = vct_c_dma(c, x->resp_len)->va;	/* released with the check's other buffers */
		for (unsigned int p = 0; p < x->nr; p++) {
			memcpy(x->resp + o, x->rbuf[p]->va, x->rpart[p]);
			o += x->rpart[p];
		}
		if (order)
			order[k] = (unsigned int)(x - m);
	}
}

uint8_t gpio_call(struct vct_ctx *c, struct gpio_dev *g, uint16_t type, uint16_t line, uint32_t value, uint8_t *val)
{
	struct gpio_msg m = { .type = type, .line = line, .value = value, .poison = 0xee };

	gpio_batch(c, g, &m, 1, NULL);
	if (val)
		*val = m.resp[1];
	return m.resp[0];
}

uint16_t gpio_input_line(struct vct_ctx *c, struct gpio_dev *g)
{
	unsigned int max = g->ngpio < 64 ? g->ngpio : 64;

	if (!g->ngpio)
		vct_skip(c, "device: ngpio is 0, the device has no line");
	for (uint16_t l = 0; l < max; l++) {
		uint8_t dir;

		/* a line already an output is left alone: something relies on what it drives */
		if (gpio_call(c, g, GPIO_MSG_GET_DIRECTION, l, 0, &dir) == GPIO_STATUS_OK && dir == GPIO_DIR_OUT)
			continue;
		if (gpio_call(c, g, GPIO_MSG_SET_DIRECTION, l, GPIO_DIR_IN, NULL) == GPIO_STATUS_OK)
			return l;
	}
	vct_skip(c, "device: none of lines 0-%u became an input on SET_DIRECTION (STATUS_ERR, or already outputs)",
		 max - 1);
}

uint8_t gpio_names(struct vct_ctx *c, struct gpio_dev *g, uint8_t **out)
{
	struct gpio_msg m = { .type = GPIO_MSG_GET_LINE_NAMES, .poison = 0xee };

	if (!g->names_size)
		vct_skip(c, "device: gpio_names_size is 0 (no line names)");
	if (g->names_size > GPIO_NAMES_MAX)
		vct_skip(c, "device: gpio_names_size %u is beyond the %u bytes vct reads", g->names_size, GPIO_NAMES_MAX);
	/* Sized from the device's gpio_names_size only once it is known to be in range. */
	*out = vct_c_dma(c, g->names_size)->va;
	m.resp_len = 1 + g->names_size;
	gpio_batch(c, g, &m, 1, NULL);
	memcpy(*out, m.resp + 1, g->names_size);
	return m.resp[0];
}

void *gpio_irq_post(struct vct_ctx *c, struct gpio_dev *g, uint16_t line)
{
	struct vct_dma_buf *rq = vct_c_dma(c, 2), *rs = vct_c_dma(c, 1);
	struct vct_sg sg[2] = { { .iova = rq->iova, .len = 2, .write = false },
				{ .iova = rs->iova, .len = 1, .write = true } };

	vct_put16(rq->va, line);
	*(uint8_t *)rs->va = 0xee;
	if (vct_vq_add(g->eq, sg, 2, rs->va, 0) < 0)
		vct_abort(c, "cannot post an eventq pair");
	vct_vq_notify(g->eq);
	return rs->va;
}

int gpio_irq_wait(struct vct_ctx *c, struct gpio_dev *g, void *tok, int ms, uint8_t *status)
{
	void *got = NULL;
	uint32_t len = 0;

	if (!vct_req_collect(c, g->eq, ms, 1, &got, &len))
		return 0;
	if (got != tok)
		vct_abort(c, "eventq returned a pair vct did not have outstanding");
	*status = *(uint8_t *)got;
	return 1;
}

void gpio_irq_type(struct vct_ctx *c, struct gpio_dev *g, uint16_t line, uint8_t type)
{
	uint8_t st = gpio_call(c, g, GPIO_MSG_SET_IRQ_TYPE, line, type, NULL);

	if (st != GPIO_STATUS_OK)
		vct_skip(c, "device: SET_IRQ_TYPE %u on input line %u answered status 0x%02x, not OK", type, line, st);
}

void gpio_host_level(struct vct_ctx *c, uint16_t line, unsigned int level)
{
	char p[48];

	snprintf(p, sizeof(p), "line=%u level=%u", line, level);
	vct_c_host(c, VCT_HA_INPUT_EVENT, p, NULL, 0);
}
