/* SPDX-License-Identifier: MIT */
/*
 * Network device: device statistics over the control queue
 * (VIRTIO_NET_F_DEVICE_STATS): the capabilities, the replies' headers and
 * sizes, and the refusal of a request list with anything wrong in it.
 *
 * Not checked: the wrap of a counter at overflow (D-daca5602): a 64-bit
 * counter cannot be driven there by a test (spec-refs/classification.tsv).
 */
#include <string.h>

#include "netdev.h"

#define CTRL_STATS 8
#define T_RX_BASIC 0
#define T_TX_BASIC 16
#define T_CVQ 32
#define BASIC_SIZE (8 + 48)	/* header and six counters */
#define CVQ_SIZE (8 + 16)

struct req {
	uint16_t vq;
	uint64_t types;
};

static void stats_up(struct vct_ctx *c, struct vct_net *n)
{
	vct_net_up(c, n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_DEVICE_STATS), NULL);
}

/* VIRTIO_NET_CTRL_STATS_GET for @nr requests; the result (poisoned 0xee first) in @res of @room bytes. */
static uint8_t stats_get(struct vct_ctx *c, struct vct_net *n, const struct req *r, unsigned int nr, uint8_t *res,
			 size_t room)
{
	uint8_t data[16 * 4] = { 0 };

	for (unsigned int i = 0; i < nr; i++) {
		memcpy(data + 16 * i, &(uint16_t){ htole16(r[i].vq) }, 2);
		memcpy(data + 16 * i + 8, &(uint64_t){ htole64(r[i].types) }, 8);
	}
	return vct_net_ctrl(c, n, CTRL_STATS, 1, data, 16 * nr, res, room);
}

/* D-5044bc56: STATS_QUERY answers with the capabilities; the basic types need no feature, so they are there. */
static void stats_query(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t caps[8];
	uint64_t t;
	uint8_t ack;

	stats_up(c, &n);
	ack = vct_net_ctrl(c, &n, CTRL_STATS, 0, NULL, 0, caps, sizeof(caps));
	memcpy(&t, caps, 8);
	t = le64toh(t);
	vct_report(c, ack == VCT_NET_OK && (t & (1ULL << T_RX_BASIC)) && (t & (1ULL << T_TX_BASIC)),
		   "VIRTIO_NET_CTRL_STATS_QUERY", "VIRTIO_NET_OK with supported_stats_types holding RX_BASIC and TX_BASIC",
		   "ack %u, supported_stats_types 0x%016llx", ack, (unsigned long long)t);
}

/* D-5bd7d7c0: a request for a queue out of range, an unknown type, or a type the queue has not, is VIRTIO_NET_ERR. */
static void stats_bad_request(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t res[64];

	stats_up(c, &n);
	const struct {
		struct req r;
		const char *what;
	} bad[] = {
		{ { (uint16_t)(n.ctrl + 1), 1ULL << T_RX_BASIC }, "a vq_index beyond the controlq" },
		{ { 0, 1ULL << 40 }, "an unknown type (bit 40) for receiveq1" },
		{ { 0, 1ULL << T_TX_BASIC }, "TX_BASIC for receiveq1" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		uint8_t ack = stats_get(c, &n, &bad[i].r, 1, res, sizeof(res));

		vct_report(c, ack == VCT_NET_ERR, "VIRTIO_NET_CTRL_STATS_GET with an incorrect request", "VIRTIO_NET_ERR (1)",
			   "%s: %u", bad[i].what, ack);
	}
}

/* D-7e598ab3: one incorrect request among correct ones fails the whole command. */
static void stats_one_error_fails_all(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t res[256];
	uint8_t ack;

	stats_up(c, &n);
	const struct req r[] = {
		{ 0, 1ULL << T_RX_BASIC },
		{ 1, 1ULL << T_TX_BASIC },
		{ (uint16_t)(n.ctrl + 1), 1ULL << T_RX_BASIC },
	};

	ack = stats_get(c, &n, r, 3, res, sizeof(res));
	vct_report(c, ack == VCT_NET_ERR, "STATS_GET for receiveq1, transmitq1 and a queue out of range",
		   "VIRTIO_NET_ERR (1) for the whole command", "%u", ack);
}

/* Replies for receiveq1 RX_BASIC, transmitq1 TX_BASIC and the controlq CVQ, in a buffer @extra bytes larger. */
static uint8_t stats_three(struct vct_ctx *c, struct vct_net *n, uint8_t *res, size_t extra)
{
	const struct req r[] = {
		{ 0, 1ULL << T_RX_BASIC },
		{ 1, 1ULL << T_TX_BASIC },
		{ (uint16_t)n->ctrl, 1ULL << T_CVQ },
	};
	uint8_t ack = stats_get(c, n, r, 3, res, 2 * BASIC_SIZE + CVQ_SIZE + extra);

	if (ack != VCT_NET_OK)
		vct_skip(c, "device: STATS_GET for receiveq1, transmitq1 and the controlq answered %u "
			    "(net.stats_query judges the capabilities)", ack);
	return ack;
}

/* D-2cdc566c / D-f5d040b8: every reply header says its size, its type and its queue. */
static void stats_reply_headers(struct vct_ctx *c)
{
	static const struct {
		uint8_t type;
		uint16_t size;
		const char *name;
	} want[] = { { T_RX_BASIC, BASIC_SIZE, "RX_BASIC" }, { T_TX_BASIC, BASIC_SIZE, "TX_BASIC" }, { T_CVQ, CVQ_SIZE, "CVQ" } };
	bool sizes = !strcmp(c->check->stmt, "D-2cdc566c");
	uint8_t res[2 * BASIC_SIZE + CVQ_SIZE];
	struct vct_net n;
	size_t at = 0;

	stats_up(c, &n);
	stats_three(c, &n, res, 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const uint8_t *h = res + at;
		uint16_t vq = (uint16_t)(h[2] | h[3] << 8), size = (uint16_t)(h[6] | h[7] << 8);
		uint16_t want_vq = i < 2 ? (uint16_t)i : (uint16_t)n.ctrl;

		if (sizes)
			vct_report(c, size == want[i].size, "size of a statistics reply header", "the reply's bytes",
				   "%s reply: size %u, the structure has %u", want[i].name, size, want[i].size);
		else
			vct_report(c, h[0] == want[i].type && vq == want_vq, "type and vq_index of a statistics reply header",
				   "the type and queue asked for", "reply %zu: type %u vq_index %u, asked %s of queue %u", i + 1,
				   h[0], vq, want[i].name, want_vq);
		at += want[i].size;	/* the layout the spec gives each type */
	}
}

/* D-3a054b22: with a result buffer larger than the replies, the bytes after them stay as the driver left them. */
static void stats_fills_valid_bytes(struct vct_ctx *c)
{
	uint8_t res[2 * BASIC_SIZE + CVQ_SIZE + 40];
	const size_t used = 2 * BASIC_SIZE + CVQ_SIZE;
	struct vct_net n;

	stats_up(c, &n);
	stats_three(c, &n, res, sizeof(res) - used);
	for (size_t i = used; i < sizeof(res); i++)
		if (res[i] != 0xee) {
			vct_report(c, false, "result buffer bytes after the replies", "untouched (0xee as the driver left them)",
				   "byte %zu of %zu: 0x%02x (the replies take %zu)", i, sizeof(res), res[i], used);
			return;
		}
	vct_report(c, true, "result buffer bytes after the replies", "untouched", "untouched");
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.stats_query", "D-5044bc56", stats_query, .type = VCT_ID_NET),
	VCT_CHECK("net.stats_bad_request", "D-5bd7d7c0", stats_bad_request, .type = VCT_ID_NET),
	VCT_CHECK("net.stats_one_error_fails_all", "D-7e598ab3", stats_one_error_fails_all, .type = VCT_ID_NET),
	VCT_CHECK("net.stats_reply_size", "D-2cdc566c", stats_reply_headers, .type = VCT_ID_NET),
	VCT_CHECK("net.stats_reply_type_vq", "D-f5d040b8", stats_reply_headers, .type = VCT_ID_NET),
	VCT_CHECK("net.stats_fills_valid_bytes", "D-3a054b22", stats_fills_valid_bytes, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_stats, "net", checks);
