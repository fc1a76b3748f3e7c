/* SPDX-License-Identifier: MIT */
/*
 * GPIO device: interrupts (VIRTIO_GPIO_F_IRQ). SET_IRQ_TYPE enables or
 * disables a line's interrupt at the device; an eventq pair for the line
 * unmasks it until the device returns the pair, VALID for an interrupt,
 * INVALID when it gives the pair back otherwise. The line's level comes
 * from the device's host (gpio_host_level).
 */
#include "gpio.h"

/*
 * How long a pair must stay with the device to count as not returned VALID:
 * a device that latched what it must not hands the pair back as soon as it
 * sees it (the unmask is the moment it acts on), so half a second is ample;
 * never more than the run's --timeout.
 */
static int quiet_ms(const struct vct_ctx *c)
{
	return c->timeout_ms < 500 ? c->timeout_ms : 500;
}

/* Bring up with interrupts; an input line the host holds low. */
static uint16_t irq_line(struct vct_ctx *c, struct gpio_dev *g)
{
	uint16_t l;

	gpio_start(c, g, true);
	l = gpio_input_line(c, g);
	gpio_host_level(c, l, 0);
	return l;
}

/* Unmask @l (post its pair): it must not come back VALID within quiet_ms (held, or INVALID, is fine). */
static void unmask_expect_nothing(struct vct_ctx *c, struct gpio_dev *g, uint16_t l, const char *what,
				  const char *expected, const char *state)
{
	void *tok = gpio_irq_post(c, g, l);
	uint8_t st = 0xee;

	if (!gpio_irq_wait(c, g, tok, quiet_ms(c), &st))
		st = 0xff;	/* held: nothing to deliver */
	vct_report(c, st != GPIO_IRQ_STATUS_VALID, what, expected, "returned VALID (line %u, %s)", l, state);
}

/*
 * D-1c7f335d: SET_IRQ_TYPE NONE gives the line's eventq pair back, status
 * INVALID. A pair that comes back VALID first (the line really interrupted)
 * is posted again, up to three times.
 */
static void irq_none_returns_pair(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l;
	void *tok;
	uint8_t st = 0xee;

	gpio_start(c, &g, true);
	l = gpio_input_line(c, &g);
	for (int tries = 0;; tries++) {
		if (tries == 3)
			vct_skip(c, "device: line %u interrupted each of three times before it could be disabled", l);
		gpio_irq_type(c, &g, l, GPIO_IRQ_EDGE_RISING);
		tok = gpio_irq_post(c, &g, l);
		if (gpio_irq_wait(c, &g, tok, 10, &st)) {
			if (st != GPIO_IRQ_STATUS_VALID)
				vct_skip(c, "device: gave the pair of line %u back (status 0x%02x) while its interrupt was enabled",
					 l, st);
			gpio_irq_type(c, &g, l, GPIO_IRQ_NONE);
			continue;
		}
		gpio_irq_type(c, &g, l, GPIO_IRQ_NONE);
		if (!gpio_irq_wait(c, &g, tok, c->timeout_ms, &st)) {
			vct_report(c, false, "eventq pair after SET_IRQ_TYPE NONE", "returned, status INVALID",
				   "line %u: not returned within %d ms", l, c->timeout_ms);
			return;
		}
		if (st == GPIO_IRQ_STATUS_VALID)
			continue;	/* it interrupted just before the disable */
		break;
	}
	vct_report(c, st == GPIO_IRQ_STATUS_INVALID, "status of the pair returned at SET_IRQ_TYPE NONE",
		   "VIRTIO_GPIO_IRQ_STATUS_INVALID (0)", "0x%02x (line %u)", st, l);
}

/* D-e7573f6f: a rising edge while the interrupt is enabled but masked is latched and delivered at unmask. */
static void edge_latched_while_masked(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l = irq_line(c, &g);
	uint8_t st = 0xee;
	void *tok;
	int got;

	gpio_irq_type(c, &g, l, GPIO_IRQ_EDGE_RISING);
	gpio_host_level(c, l, 1);	/* the edge, no pair posted: masked */
	tok = gpio_irq_post(c, &g, l);
	got = gpio_irq_wait(c, &g, tok, c->timeout_ms, &st);
	if (!got)
		vct_report(c, false, "eventq pair posted after a rising edge sensed while masked",
			   "returned VALID: the edge was latched", "not returned within %d ms (line %u)", c->timeout_ms, l);
	else
		vct_report(c, st == GPIO_IRQ_STATUS_VALID, "eventq pair posted after a rising edge sensed while masked",
			   "returned VALID: the edge was latched", "returned with status 0x%02x (line %u)", st, l);
}

/* D-d587298d: a level that came and went while masked is not latched: unmasking then delivers nothing. */
static void level_not_latched_while_masked(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l = irq_line(c, &g);

	gpio_irq_type(c, &g, l, GPIO_IRQ_LEVEL_HIGH);
	gpio_host_level(c, l, 1);	/* active while masked */
	gpio_host_level(c, l, 0);	/* and inactive again */
	unmask_expect_nothing(c, &g, l, "eventq pair posted after a high level came and went while masked",
			      "not returned VALID: a level interrupt is not latched", "low by then");
}

/*
 * D-133973d4: disabling the interrupt drops an edge latched while masked:
 * enabled again (the line unchanged since), unmasking delivers nothing.
 */
static void latch_dropped_on_disable(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l = irq_line(c, &g);

	gpio_irq_type(c, &g, l, GPIO_IRQ_EDGE_RISING);
	gpio_host_level(c, l, 1);	/* latched: enabled, masked */
	gpio_irq_type(c, &g, l, GPIO_IRQ_NONE);
	gpio_irq_type(c, &g, l, GPIO_IRQ_EDGE_RISING);
	unmask_expect_nothing(c, &g, l, "eventq pair posted after disable and enable again",
			      "not returned VALID: the edge latched before the disable is gone", "no edge since the disable");
}

/*
 * D-a9e07640: no interrupt event for a line unmasked (its pair posted) but
 * never enabled. The device may give the pair back INVALID at once (the
 * chapter recommends it); it must not return it VALID on an edge.
 */
static void no_event_unless_enabled(struct vct_ctx *c)
{
	struct gpio_dev g;
	uint16_t l = irq_line(c, &g);
	uint8_t st = 0xee;
	void *tok;

	tok = gpio_irq_post(c, &g, l);
	if (gpio_irq_wait(c, &g, tok, 10, &st)) {
		vct_report(c, st != GPIO_IRQ_STATUS_VALID, "eventq pair of a line whose interrupt is not enabled",
			   "never returned VALID", "returned VALID at once (line %u)", l);
		return;
	}
	gpio_host_level(c, l, 1);
	gpio_host_level(c, l, 0);
	if (!gpio_irq_wait(c, &g, tok, quiet_ms(c), &st))
		st = 0xff;
	vct_report(c, st != GPIO_IRQ_STATUS_VALID, "eventq pair of a line whose interrupt is not enabled, after two edges",
		   "never returned VALID", "returned VALID (line %u)", l);
}

static const struct vct_check checks[] = {
	VCT_CHECK("gpio.irq_none_returns_pair", "D-1c7f335d", irq_none_returns_pair, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.edge_latched_while_masked", "D-e7573f6f", edge_latched_while_masked, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.level_not_latched_while_masked", "D-d587298d", level_not_latched_while_masked,
		  .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.latch_dropped_on_disable", "D-133973d4", latch_dropped_on_disable, .type = VCT_ID_GPIO),
	VCT_CHECK("gpio.no_event_unless_enabled", "D-a9e07640", no_event_unless_enabled, .type = VCT_ID_GPIO),
};

VCT_SUITE(vct_suite_gpio_irq, "gpio", checks);
