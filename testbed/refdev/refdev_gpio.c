/* SPDX-License-Identifier: MIT */
/*
 * refdev: the GPIO device (id 41). Eight lines, four of them named; the
 * requestq messages (line names, direction, value, interrupt trigger type)
 * and, with VIRTIO_GPIO_F_IRQ, eventq buffers held per line until the
 * line's interrupt fires or is disabled. The other end of every line is the
 * device's host: the host action input-event `line=N level=0|1` sets the
 * level a line senses, which is what makes interrupts happen.
 *
 * Interrupts follow the chapter's two steps: SET_IRQ_TYPE enables (a
 * trigger type) or disables (NONE) a line's interrupt at the device; an
 * eventq buffer pair for the line unmasks it until the device returns the
 * pair. An edge sensed while enabled but masked is latched and delivered
 * at the next unmask (D-e7573f6f); a level is not latched (D-d587298d) but
 * delivered at unmask while the line is still active; disabling drops the
 * latch (D-133973d4) and returns the line's pair with STATUS_INVALID
 * (D-1c7f335d). A pair for a line whose interrupt is not enabled goes back
 * at once with STATUS_INVALID, as the chapter recommends.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_GPIO			41
#define GPIO_F_IRQ		0
#define GPIO_NLINES		8
#define GPIO_HELD_SEGS		8
#define GPIO_CFG_LEN		8

#define GPIO_MSG_GET_LINE_NAMES	1
#define GPIO_MSG_GET_DIRECTION	2
#define GPIO_MSG_SET_DIRECTION	3
#define GPIO_MSG_GET_VALUE	4
#define GPIO_MSG_SET_VALUE	5
#define GPIO_MSG_SET_IRQ_TYPE	6
#define GPIO_STATUS_OK		0
#define GPIO_STATUS_ERR		1
#define GPIO_DIR_NONE		0
#define GPIO_DIR_OUT		1
#define GPIO_DIR_IN		2
#define GPIO_IRQ_EDGE_RISING	1
#define GPIO_IRQ_EDGE_FALLING	2
#define GPIO_IRQ_LEVEL_HIGH	4
#define GPIO_IRQ_LEVEL_LOW	8
#define GPIO_IRQ_INVALID	0
#define GPIO_IRQ_VALID		1

/* An eventq pair the device holds for a line (its segments copied: d->segs is reused by the next pop). */
struct rd_gpio_held {
	bool on;
	uint16_t head, ndesc;
	unsigned int n;
	uint64_t wlen;
	struct rd_seg seg[GPIO_HELD_SEGS];
};

struct rd_gpio_line {
	uint8_t dir, out;	/* direction; the output value set (driven once the line is an output) */
	uint8_t level;		/* what the host drives on the line (input-event), kept across resets */
	uint8_t irq;		/* trigger type; 0: the interrupt is disabled */
	bool latched;		/* an edge sensed while masked */
	struct rd_gpio_held held;
};

struct rd_gpio {
	struct rd_gpio_line line[GPIO_NLINES];
	bool returned;		/* an eventq pair went back since the batch was last published */
};

/* Lines 0, 2, 4 and 7 are named; the block is ngpio zero-terminated strings. */
static const char *const gpio_names[GPIO_NLINES] = {
	"vct-led-red", "", "vct-button", "", "vct-reset", "", "", "vct-irq-in",
};

static struct rd_gpio *gpio_state(struct refdev *d)
{
	if (!d->gpio)
		d->gpio = calloc(1, sizeof(*d->gpio));
	return d->gpio;
}

static void gpio_free(struct refdev *d)
{
	free(d->gpio);
	d->gpio = NULL;
}

/* The names block into @out (at least 128 bytes); its length. gpio-names-dup gives line 2 line 0's name. */
static uint32_t gpio_names_block(const struct refdev *d, uint8_t *out)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < GPIO_NLINES; i++) {
		const char *s = i == 2 && QK(d, Q_GPIO_NAMES_DUP) ? gpio_names[0] : gpio_names[i];
		size_t l = strlen(s) + 1;

		memcpy(out + n, s, l);
		n += (uint32_t)l;
	}
	return n;
}

static void gpio_init(struct refdev *d)
{
	uint8_t names[128];
	uint32_t size = gpio_names_block(d, names);

	memset(d->devcfg, 0, GPIO_CFG_LEN);
	put16(d->devcfg + 0, GPIO_NLINES);	/* ngpio */
	if (QK(d, Q_GPIO_CFG_PADDING))
		d->devcfg[2] = d->devcfg[3] = 0xa5;
	put32(d->devcfg + 4, size + (QK(d, Q_GPIO_NAMES_SIZE_LONG) ? 4 : 0));	/* gpio_names_size */
	gpio_state(d);
}

/* Return the held eventq pair of line @l with @status (the caller publishes the batch). */
static void gpio_return(struct refdev *d, struct rd_gpio_line *l, uint8_t status)
{
	struct rd_queue *q = &d->q[1];
	struct rd_chain c = { .head = l->held.head, .ndesc = l->held.ndesc, .seg = l->held.seg, .n = l->held.n,
			      .wlen = l->held.wlen };
	uint32_t written = 0;

	if (!l->held.on)
		return;
	l->held.on = false;
	d->gpio->returned = true;
	if (c.wlen) {
		if (chain_write(d, &c, 0, &status, 1)) {
			rd_fatal(d, q);
			return;
		}
		written = 1;
	}
	if (rd_complete(d, q, &c, written) < 0)
		rd_fatal(d, q);
}

/* Publish the eventq pairs returned since the last call (none: the eventq is left alone, it may not exist). */
static void gpio_events_done(struct refdev *d, uint16_t old)
{
	if (d->gpio && d->gpio->returned) {
		d->gpio->returned = false;
		rd_batch_done(d, &d->q[1], old);
	}
}

static bool gpio_level_active(const struct rd_gpio_line *l)
{
	return ((l->irq & GPIO_IRQ_LEVEL_HIGH) && l->level) || ((l->irq & GPIO_IRQ_LEVEL_LOW) && !l->level);
}

/* An unmasked, enabled line with a latched edge or an active level: deliver it now. */
static void gpio_try_deliver(struct refdev *d, struct rd_gpio_line *l)
{
	if (!l->held.on || !l->irq)
		return;
	if (l->latched || gpio_level_active(l)) {
		l->latched = false;
		gpio_return(d, l, GPIO_IRQ_VALID);
	}
}

/* Disable line @l's interrupt: the latch goes (D-133973d4), its pair comes back INVALID (D-1c7f335d). */
static void gpio_irq_disable(struct refdev *d, struct rd_gpio_line *l)
{
	l->irq = 0;
	if (!QK(d, Q_GPIO_LATCH_KEPT_ON_DISABLE))
		l->latched = false;
	if (!QK(d, Q_GPIO_IRQ_NONE_KEEPS_BUFFER))
		gpio_return(d, l, GPIO_IRQ_INVALID);
}

/* One requestq message; the response is status and value (the names block for GET_LINE_NAMES). */
static int gpio_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	struct rd_gpio *g = gpio_state(d);
	struct rd_queue *eq = &d->q[1];
	uint16_t eq_old = eq->used_idx;
	uint8_t req[8], resp[2] = { GPIO_STATUS_ERR, 0 };
	uint16_t type, line;
	uint32_t value;
	struct rd_gpio_line *l;
	bool value_set = true;
	int r;

	(void)qi;
	*written = 0;
	if (!g)
		return -ENOMEM;
	if (c->rlen < sizeof(req)) {
		/* not a message: answered STATUS_ERR where there is room */
		return c->wlen >= 2 ? answer(d, c, resp, 2, written) : 0;
	}
	r = chain_read(d, c, 0, req, sizeof(req));
	if (r)
		return r;
	type = get16(req);
	line = get16(req + 2);
	value = get32(req + 4);
	if (type == GPIO_MSG_GET_LINE_NAMES) {
		uint8_t block[1 + 128 + 4] = { GPIO_STATUS_ERR };
		uint32_t size = get32(d->devcfg + 4), n = gpio_names_block(d, block + 1);

		if (QK(d, Q_GPIO_NAMES_SIZE_LONG))
			memcpy(block + 1 + n, "\xff\xfe\xfd\xfc", 4);
		if (line || value || QK(d, Q_GPIO_NAMES_UNSUPPORTED) || c->wlen < 1 + (uint64_t)size) {
			/* status ERR, the rest of the driver's buffer (its N bytes) zeroed */
			uint32_t w = c->wlen < 1 + (uint64_t)size ? (uint32_t)c->wlen : 1 + size;

			if (!w)
				return 0;
			if (chain_write(d, c, 0, NULL, w) || chain_write(d, c, 0, resp, 1))
				return -EFAULT;
			*written = w;
			return 0;
		}
		block[0] = GPIO_STATUS_OK;
		return answer(d, c, block, 1 + size, written);
	}
	if (line >= GPIO_NLINES)
		return answer(d, c, resp, 2, written);
	l = &g->line[line];
	switch (type) {
	case GPIO_MSG_GET_DIRECTION:
		resp[0] = GPIO_STATUS_OK;
		resp[1] = l->dir;
		break;
	case GPIO_MSG_SET_DIRECTION:
		if (value > GPIO_DIR_IN)
			break;
		resp[0] = GPIO_STATUS_OK;
		value_set = !QK(d, Q_GPIO_RESP_VALUE_UNSET);
		if (QK(d, Q_GPIO_NONE_KEEPS_STATE) && value == GPIO_DIR_NONE)
			break;
		if (value == GPIO_DIR_NONE) {
			/* the line is released: everything the driver set on it goes (D-be1b3219) */
			gpio_irq_disable(d, l);
			l->latched = false;
			l->out = 0;
		}
		l->dir = (uint8_t)value;
		break;
	case GPIO_MSG_GET_VALUE:
		resp[0] = GPIO_STATUS_OK;
		resp[1] = l->dir == GPIO_DIR_OUT ? l->out : l->level;
		break;
	case GPIO_MSG_SET_VALUE:
		if (value > 1)
			break;
		resp[0] = GPIO_STATUS_OK;
		value_set = !QK(d, Q_GPIO_RESP_VALUE_UNSET);
		l->out = (uint8_t)value;
		break;
	case GPIO_MSG_SET_IRQ_TYPE:
		/* with VIRTIO_GPIO_F_IRQ only, on a line that is not an output, a defined trigger type */
		if (!NEG(d, GPIO_F_IRQ) || l->dir == GPIO_DIR_OUT ||
		    (value != 0 && value != 1 && value != 2 && value != 3 && value != 4 && value != 8))
			break;
		resp[0] = GPIO_STATUS_OK;
		value_set = !QK(d, Q_GPIO_RESP_VALUE_UNSET);
		if (!value) {
			gpio_irq_disable(d, l);
			break;
		}
		/* edges are latched from now on (the disable dropped any earlier one) */
		l->irq = (uint8_t)value;
		gpio_try_deliver(d, l);
		break;
	default:
		break;
	}
	gpio_events_done(d, eq_old);
	if (!value_set) {
		if (c->wlen < 1 || chain_write(d, c, 0, resp, 1))
			return c->wlen < 1 ? 0 : -EFAULT;
		*written = 1;
		return 0;
	}
	return answer(d, c, resp, 2, written);
}

/*
 * gpio-same-line-reordered: the notification's requests are answered as
 * they come, then completed last first (their segments copied, as d->segs
 * is reused by the next pop).
 */
static void gpio_serve_reversed(struct refdev *d)
{
	struct rd_queue *q = &d->q[0];
	struct {
		struct rd_chain c;
		struct rd_seg seg[GPIO_HELD_SEGS];
		uint32_t written;
	} done[16];
	unsigned int n = 0;
	uint16_t old = q->used_idx;

	while (n < 16 && can_process(d, q)) {
		struct rd_chain c;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (gpio_req(d, 0, &c, &done[n].written) < 0 || c.n > GPIO_HELD_SEGS) {
			rd_fatal(d, q);
			break;
		}
		done[n].c = c;
		memcpy(done[n].seg, c.seg, sizeof(*c.seg) * c.n);
		done[n].c.seg = done[n].seg;
		n++;
	}
	while (n--)
		if (rd_complete(d, q, &done[n].c, done[n].written) < 0) {
			rd_fatal(d, q);
			break;
		}
	rd_batch_done(d, q, old);
}

/* eventq: a pair per line (struct virtio_gpio_irq_request, then the one-byte response) unmasks it. */
static void gpio_events(struct refdev *d)
{
	struct rd_gpio *g = gpio_state(d);
	struct rd_queue *q = &d->q[1];
	uint16_t old = q->used_idx;

	for (unsigned int guard = 0; g && guard < 65536 && can_process(d, q); guard++) {
		struct rd_gpio_line *l = NULL;
		struct rd_chain c;
		uint8_t req[2];
		bool keep;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (c.rlen >= 2 && chain_read(d, &c, 0, req, 2)) {
			rd_fatal(d, q);
			break;
		}
		if (c.rlen >= 2 && get16(req) < GPIO_NLINES)
			l = &g->line[get16(req)];
		/* held: a line's first pair, while its interrupt is enabled (gpio-irq-without-enable: always) */
		keep = l && !l->held.on && c.wlen >= 1 && c.n <= GPIO_HELD_SEGS &&
		       (l->irq || QK(d, Q_GPIO_IRQ_WITHOUT_ENABLE));
		if (keep) {
			l->held = (struct rd_gpio_held){ .on = true, .head = c.head, .ndesc = c.ndesc, .n = c.n,
							 .wlen = c.wlen };
			memcpy(l->held.seg, c.seg, sizeof(*c.seg) * c.n);
			gpio_try_deliver(d, l);
			continue;
		}
		/* not a line, a second pair, or a line not enabled: back at once, STATUS_INVALID */
		{
			uint8_t st = GPIO_IRQ_INVALID;
			uint32_t w = c.wlen >= 1 ? 1 : 0;

			if ((w && chain_write(d, &c, 0, &st, 1)) || rd_complete(d, q, &c, w) < 0) {
				rd_fatal(d, q);
				break;
			}
		}
	}
	rd_batch_done(d, q, old);
}

static void gpio_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 1)
		gpio_events(d);
	else if (QK(d, Q_GPIO_SAME_LINE_REORDERED))
		gpio_serve_reversed(d);
	else
		rd_serve(d, 0, gpio_req);
}

/* A virtio reset: lines back to unconfigured, pairs dropped with the rings; the host's levels stay. */
static void gpio_reset(struct refdev *d)
{
	if (!d->gpio)
		return;
	for (unsigned int i = 0; i < GPIO_NLINES; i++) {
		uint8_t level = d->gpio->line[i].level;

		d->gpio->line[i] = (struct rd_gpio_line){ .level = level };
	}
}

/* The host drives line @params "line=N level=0|1" (host action input-event). */
static int gpio_host_level(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	struct rd_gpio *g = gpio_state(d);
	struct rd_queue *q = &d->q[1];
	unsigned int line, level;
	struct rd_gpio_line *l;
	uint16_t old = q->used_idx;
	bool rise, fall;

	if (!g || sscanf(params, "line=%u level=%u", &line, &level) != 2 || line >= GPIO_NLINES || level > 1) {
		snprintf(msg, msglen, "input-event on the reference GPIO device takes line=0..%u level=0|1",
			 GPIO_NLINES - 1);
		return -EINVAL;
	}
	l = &g->line[line];
	rise = !l->level && level;
	fall = l->level && !level;
	l->level = (uint8_t)level;
	if (!l->irq && QK(d, Q_GPIO_IRQ_WITHOUT_ENABLE) && (rise || fall)) {
		gpio_return(d, l, GPIO_IRQ_VALID);
	} else if (l->irq && (((l->irq & GPIO_IRQ_EDGE_RISING) && rise) || ((l->irq & GPIO_IRQ_EDGE_FALLING) && fall))) {
		/* an edge: delivered if unmasked, else latched (D-e7573f6f) */
		if (l->held.on)
			gpio_return(d, l, GPIO_IRQ_VALID);
		else if (!QK(d, Q_GPIO_EDGE_NOT_LATCHED))
			l->latched = true;
	} else if (gpio_level_active(l)) {
		/* a level: delivered if unmasked, never latched (D-d587298d) */
		if (l->held.on)
			gpio_return(d, l, GPIO_IRQ_VALID);
		else if (QK(d, Q_GPIO_LEVEL_LATCHED))
			l->latched = true;
	}
	gpio_events_done(d, old);
	return 0;
}

/* Host action restore: every line the host drove goes back low, silently (no edge is sensed). */
static void gpio_host_restore(struct refdev *d)
{
	if (!d->gpio)
		return;
	for (unsigned int i = 0; i < GPIO_NLINES; i++)
		d->gpio->line[i].level = 0;
}

#endif
