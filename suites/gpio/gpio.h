/* SPDX-License-Identifier: MIT */
/*
 * The GPIO device's chapter (id 41): messages on requestq (request.c) and
 * interrupts over eventq (irq.c), driven through the helpers of msg.c.
 *
 * Lines are real pins on real silicon: vct never makes a line an output
 * (it would drive it). It uses GET_* messages, SET_VALUE (which only
 * takes effect once a line is an output), and directions input and none,
 * on the first line the device lets become an input. Interrupts need the
 * line's other end to move: the device's host does that (host action
 * input-event `line=N level=0|1`).
 */
#ifndef VCT_SUITES_GPIO_H
#define VCT_SUITES_GPIO_H

#include "types/types.h"

#define VCT_ID_GPIO 41
#define GPIO_F_IRQ 0

enum {
	GPIO_MSG_GET_LINE_NAMES = 1, GPIO_MSG_GET_DIRECTION = 2, GPIO_MSG_SET_DIRECTION = 3,
	GPIO_MSG_GET_VALUE = 4, GPIO_MSG_SET_VALUE = 5, GPIO_MSG_SET_IRQ_TYPE = 6,
};
enum { GPIO_STATUS_OK = 0, GPIO_STATUS_ERR = 1 };
enum { GPIO_DIR_NONE = 0, GPIO_DIR_OUT = 1, GPIO_DIR_IN = 2 };
enum {
	GPIO_IRQ_NONE = 0, GPIO_IRQ_EDGE_RISING = 1, GPIO_IRQ_EDGE_FALLING = 2, GPIO_IRQ_LEVEL_HIGH = 4,
	GPIO_IRQ_LEVEL_LOW = 8,
};
enum { GPIO_IRQ_STATUS_INVALID = 0, GPIO_IRQ_STATUS_VALID = 1 };

/* The device, brought up. */
struct gpio_dev {
	struct vct_bringup b;
	struct vct_vq *rq, *eq;		/* requestq; eventq (NULL without VIRTIO_GPIO_F_IRQ) */
	uint16_t ngpio;
	uint32_t names_size;
	unsigned int calls;		/* rotates the descriptor layout */
};

/* One requestq message: what the driver sends, and the device's response once it came. */
struct gpio_msg {
	uint16_t type, line;
	uint32_t value;
	uint32_t resp_len;		/* response bytes (status and value[]): 2, or 1 + gpio_names_size */
	uint8_t poison;			/* the response buffer's bytes before the device wrote */
	/* filled in when the device used it */
	bool done;
	uint32_t len;			/* used length */
	uint8_t *resp;			/* the response, flattened (resp_len bytes) */
	struct vct_dma_buf *rbuf[3];
	uint32_t rpart[3];
	unsigned int nr;
};

/*
 * Bring the device up, with VIRTIO_GPIO_F_IRQ when @irq (SKIP "not offered"
 * without it) and without it otherwise; read ngpio and gpio_names_size.
 */
void gpio_start(struct vct_ctx *c, struct gpio_dev *g, bool irq);
/*
 * Post @n messages in one notification (each request and response laid out
 * over a rotating choice of descriptor splits) and wait for all of them;
 * @order gets the indexes in the order the device used them. A message the
 * device never answers fails as a driver step's.
 */
void gpio_batch(struct vct_ctx *c, struct gpio_dev *g, struct gpio_msg *m, unsigned int n, unsigned int *order);
/* One message, round trip: the status; *@val the value byte (may be NULL). */
uint8_t gpio_call(struct vct_ctx *c, struct gpio_dev *g, uint16_t type, uint16_t line, uint32_t value, uint8_t *val);
/* The first line (of the first 64) the device makes an input on request; SKIPs "device:" when none. */
uint16_t gpio_input_line(struct vct_ctx *c, struct gpio_dev *g);
/* GET_LINE_NAMES into *@out (gpio_names_size bytes, allocated once that size is in range): the status. */
uint8_t gpio_names(struct vct_ctx *c, struct gpio_dev *g, uint8_t **out);

/* eventq: post the pair for @line (response poisoned); returns its token. */
void *gpio_irq_post(struct vct_ctx *c, struct gpio_dev *g, uint16_t line);
/* Wait up to @ms for the pair @tok to come back: 1 with its status in *@status, 0 when it did not. */
int gpio_irq_wait(struct vct_ctx *c, struct gpio_dev *g, void *tok, int ms, uint8_t *status);
/* SET_IRQ_TYPE @type on @line, requiring STATUS_OK (else SKIP "device: refused"). */
void gpio_irq_type(struct vct_ctx *c, struct gpio_dev *g, uint16_t line, uint8_t type);
/* The host drives @line to @level (host action input-event; SKIPs "host action:" where it cannot). */
void gpio_host_level(struct vct_ctx *c, uint16_t line, unsigned int level);

#endif
