/* SPDX-License-Identifier: MIT */
/* GPIO device: the configuration layout, line names and requestq messages. */
#include <string.h>

#include "gpio.h"

/* D-c76f4e2a: every configuration field is set; padding, whose only value is zero, reads 0. */
static void config_padding(struct vct_ctx *c)
{
	uint8_t pad[2];

	vct_c_negotiate(c, NULL);
	vct_c_config(c, 2, pad, 2);
	vct_report(c, !pad[0] && !pad[1], "padding (bytes 2-3 of the configuration)", "0x0000, as the device sets it",
		   "0x%02x%02x", pad[1], pad[0]);
}

/*
 * D-d59f3e52: the device sets status and value of every response. Each
 * message goes twice, its response buffer filled with 0xee, then 0x11: a
 * byte that still holds the filler both times was never written. status is
 * OK or ERR; with OK, value is what the message's response table gives
 * (a direction, a level, or 0 for the SET messages).
 */
static void response_fields(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l;

	gpio_start(c, &g, false);
	l = gpio_input_line(c, &g);
	struct {
		uint16_t type;
		uint32_t value;
		const char *what;
		uint8_t max;	/* the largest value an OK response may carry */
	} msgs[] = {
		{ GPIO_MSG_GET_DIRECTION, 0, "GET_DIRECTION", 2 },
		{ GPIO_MSG_SET_VALUE, 0, "SET_VALUE 0", 0 },
		{ GPIO_MSG_GET_VALUE, 0, "GET_VALUE", 1 },
		{ GPIO_MSG_SET_DIRECTION, GPIO_DIR_IN, "SET_DIRECTION input", 0 },
		{ GPIO_MSG_SET_DIRECTION, GPIO_DIR_NONE, "SET_DIRECTION none", 0 },
	};
	enum { N = sizeof(msgs) / sizeof(msgs[0]) };
	struct gpio_msg m[2][N];

	for (unsigned int run = 0; run < 2; run++) {
		for (unsigned int i = 0; i < N; i++)
			m[run][i] = (struct gpio_msg){ .type = msgs[i].type, .line = l, .value = msgs[i].value,
						       .poison = run ? 0x11 : 0xee };
		/* one at a time: the next message's answer may depend on this one */
		for (unsigned int i = 0; i < N; i++)
			gpio_batch(c, &g, &m[run][i], 1, NULL);
	}
	for (unsigned int i = 0; i < N; i++) {
		const uint8_t *a = m[0][i].resp, *b = m[1][i].resp;

		vct_report(c, a[0] != 0xee || b[0] != 0x11, "response status", "set by the device",
			   "%s on line %u: left as the driver filled it (0xee, then 0x11)", msgs[i].what, l);
		vct_report(c, a[1] != 0xee || b[1] != 0x11, "response value", "set by the device",
			   "%s on line %u: left as the driver filled it (0xee, then 0x11)", msgs[i].what, l);
		for (unsigned int run = 0; run < 2; run++) {
			const uint8_t *r = m[run][i].resp;

			vct_report(c, r[0] <= GPIO_STATUS_ERR, "response status", "VIRTIO_GPIO_STATUS_OK (0) or _ERR (1)",
				   "%s on line %u: 0x%02x", msgs[i].what, l, r[0]);
			if (r[0] == GPIO_STATUS_OK)
				vct_report(c, r[1] <= msgs[i].max, "response value, status OK",
					   msgs[i].max ? "within the message's range" : "0",
					   "%s on line %u: 0x%02x (at most %u)", msgs[i].what, l, r[1], msgs[i].max);
		}
	}
}

/*
 * D-118cf96e: a device without line names reports gpio_names_size 0; one
 * that reports a names block answers GET_LINE_NAMES (the message that
 * fetches it) with STATUS_OK.
 */
static void names_size_zero_without_names(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint8_t *names, st;

	gpio_start(c, &g, false);
	if (!g.names_size)
		vct_skip(c, "device: gpio_names_size is 0: nothing says the device has names it does not report");
	st = gpio_names(c, &g, &names);
	vct_report(c, st == GPIO_STATUS_OK, "GET_LINE_NAMES status, gpio_names_size non-zero",
		   "STATUS_OK: a device without names reports gpio_names_size 0", "0x%02x (gpio_names_size %u)", st,
		   g.names_size);
}

/* The names block of a device that has one: SKIPs where it has none or refuses to give it. */
static uint8_t *names_block(struct vct_ctx *c, struct gpio_dev *g)
{
	uint8_t *names, st;

	gpio_start(c, g, false);
	if (!g->names_size)
		vct_skip(c, "device: gpio_names_size is 0 (no line names)");
	st = gpio_names(c, g, &names);
	if (st != GPIO_STATUS_OK)
		vct_skip(c, "device: GET_LINE_NAMES answered status 0x%02x (gpio.names_size_zero_without_names judges that)",
			 st);
	return names;
}

/*
 * D-97796b6d: gpio_names_size is the size of the names block: ngpio
 * zero-terminated strings in line order, so the ngpio-th terminator falls
 * inside it, and nothing but zero bytes follows it.
 */
static void names_size_matches(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint8_t *names = names_block(c, &g);
	uint32_t off = 0, junk = 0;
	unsigned int strings = 0;

	while (strings < g.ngpio && off < g.names_size) {
		const uint8_t *z = memchr(names + off, 0, g.names_size - off);

		if (!z)
			break;
		off = (uint32_t)(z - names) + 1;
		strings++;
	}
	vct_report(c, strings == g.ngpio, "zero-terminated strings in gpio_names_size bytes", "one per line (ngpio)",
		   "%u of %u (gpio_names_size %u)", strings, g.ngpio, g.names_size);
	for (uint32_t i = off; i < g.names_size; i++)
		junk += names[i] != 0;
	vct_report(c, junk == 0, "bytes after the last line's name", "none but zeroes: the block ends there",
		   "%u non-zero of %u after byte %u (gpio_names_size %u)", junk, g.names_size - off, off, g.names_size);
}

/* D-fa021024: each line's name is zero-terminated, and no two lines share a name (empty ones aside). */
static void names_terminated_unique(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint8_t *names = names_block(c, &g);
	uint32_t start[64], off = 0;
	unsigned int n = g.ngpio < 64 ? g.ngpio : 64;

	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *z = off < g.names_size ? memchr(names + off, 0, g.names_size - off) : NULL;

		vct_require(c, z != NULL, "name of a line", "zero-terminated inside the names block",
			    "line %u's name runs to the end of the %u bytes", i, g.names_size);
		start[i] = off;
		off = (uint32_t)(z - names) + 1;
	}
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = i + 1; j < n && names[start[i]]; j++)
			vct_report(c, strcmp((const char *)names + start[i], (const char *)names + start[j]) != 0,
				   "line names", "unique within the device", "lines %u and %u are both \"%.40s\"", i, j,
				   (const char *)names + start[i]);
}

/*
 * D-5c0c891a: messages for one line are carried out one after the other and
 * answered in the order they came. The same six messages for one line go
 * first one per notification, then all in one: they must come back in
 * order, and each answer must be what it was when sent alone.
 */
static void same_line_in_order(struct vct_ctx *c)
{
	static const struct { uint16_t type; uint32_t value; } seq[] = {
		{ GPIO_MSG_SET_DIRECTION, GPIO_DIR_IN }, { GPIO_MSG_GET_DIRECTION, 0 },
		{ GPIO_MSG_SET_VALUE, 1 }, { GPIO_MSG_SET_DIRECTION, GPIO_DIR_NONE },
		{ GPIO_MSG_GET_DIRECTION, 0 }, { GPIO_MSG_SET_DIRECTION, GPIO_DIR_IN },
	};
	enum { N = sizeof(seq) / sizeof(seq[0]) };
	struct gpio_msg one[N], all[N];
	unsigned int order[N], wrong = N;
	struct gpio_dev g;
	uint16_t l;

	gpio_start(c, &g, false);
	l = gpio_input_line(c, &g);
	for (unsigned int i = 0; i < N; i++) {
		one[i] = (struct gpio_msg){ .type = seq[i].type, .line = l, .value = seq[i].value, .poison = 0xee };
		all[i] = one[i];
		gpio_batch(c, &g, &one[i], 1, NULL);
	}
	gpio_batch(c, &g, all, N, order);
	for (unsigned int k = 0; k < N && wrong == N; k++)
		if (order[k] != k)
			wrong = k;
	vct_report(c, wrong == N, "used order of six messages for one line, one notification", "the order they were made available",
		   "used entry %u is message %u (order %u %u %u %u %u %u)", wrong, wrong < N ? order[wrong] : 0, order[0],
		   order[1], order[2], order[3], order[4], order[5]);
	for (unsigned int i = 0; i < N; i++)
		vct_report(c, !memcmp(one[i].resp, all[i].resp, 2), "answer in a batch for one line",
			   "as when the message goes alone: carried out in order",
			   "message %u (type %u): status %u value %u, alone status %u value %u", i, seq[i].type,
			   all[i].resp[0], all[i].resp[1], one[i].resp[0], one[i].resp[1]);
}

/*
 * D-be1b3219: once the driver sets a line's direction to none the device
 * keeps nothing of the line's configuration; its direction then reads
 * none.
 */
static void none_discards_state(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint8_t st, dir = 0xee;
	uint16_t l;

	gpio_start(c, &g, false);
	l = gpio_input_line(c, &g);
	gpio_call(c, &g, GPIO_MSG_SET_VALUE, l, 1, NULL);
	st = gpio_call(c, &g, GPIO_MSG_SET_DIRECTION, l, GPIO_DIR_NONE, NULL);
	if (st != GPIO_STATUS_OK)
		vct_skip(c, "device: SET_DIRECTION none on line %u answered status 0x%02x, not OK", l, st);
	st = gpio_call(c, &g, GPIO_MSG_GET_DIRECTION, l, 0, &dir);
	if (st != GPIO_STATUS_OK)
		vct_skip(c, "device: GET_DIRECTION of line %u answered status 0x%02x, not OK", l, st);
	vct_report(c, dir == GPIO_DIR_NONE, "direction after SET_DIRECTION none", "0 (none): the line's state discarded",
		   "%u (line %u, an input with value 1 set before)", dir, l);
}

static const struct vct_check checks[] = {
	VCT_CHECK("gpio.config_padding", "D-c76f4e2a", config_padding, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.response_fields", "D-d59f3e52", response_fields, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.names_size_zero_without_names", "D-118cf96e", names_size_zero_without_names, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.names_size_matches", "D-97796b6d", names_size_matches, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.names_terminated_unique", "D-fa021024", names_terminated_unique, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.same_line_in_order", "D-5c0c891a", same_line_in_order, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.none_discards_state", "D-be1b3219", none_discards_state, .type = VCT_ID_GPIO),
};

VCT_SUITE(vct_suite_gpio_request, "gpio", checks);
