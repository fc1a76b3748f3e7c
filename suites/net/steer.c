/* SPDX-License-Identifier: MIT */
/*
 * Network device: where a frame goes while its receive queue is being
 * reset (VIRTIO_F_RING_RESET: from the driver's queue_reset write until it
 * enables the queue again). Automatic steering picks another queue, or
 * drops the frame when every receive queue is being reset; RSS drops it.
 * Dropped means gone: a frame that turns up once the queue runs again was
 * held, not dropped.
 *
 * The frames are answers to ARP probes (automatic steering) or IPv4 frames
 * the device's network loops back (RSS, hashed): a network that returns
 * neither makes the checks SKIP. Each check first measures how long an
 * answer takes, then waits several times that (at least the quiet time)
 * with the queue reset, so a slow answer is not mistaken for a held one.
 */
#include <string.h>
#include <unistd.h>

#include "netdev.h"

/* Reset receiveq of @pair (SKIP when the reset does not complete). */
static void rxq_reset(struct vct_ctx *c, struct vct_net *n, unsigned int pair)
{
	uint16_t rs = 0xffff, en = 0xffff;

	if (!vct_c_queue_reset(c, (uint16_t)(2 * pair), &rs, &en))
		vct_skip(c, "device: the reset of receiveq%u never completed (queue.reset_completes judges it)", pair + 1);
}

/* Enable receiveq of @pair again with new rings and stock it. */
static void rxq_enable(struct vct_ctx *c, struct vct_net *n, unsigned int pair)
{
	struct vct_vq *old = n->b.vq[2 * pair], *nvq;
	char why[200] = "";

	if (__vct_vq_setup(c->vd, (uint16_t)(2 * pair), old->size, old->vector, &nvq, why, sizeof(why)))
		vct_require(c, false, "receive queue re-enabled after its reset", "accepted", "%s", why);
	n->b.vq[2 * pair] = nvq;
	vct_net_rx_fill(c, n, pair, 8, VCT_NET_RXBUF);
}

/* Let the device work for @ms (it may only run when polled). */
static void settle(struct vct_ctx *c, int ms)
{
	for (uint64_t end = vct_now_ms() + (uint64_t)ms; vct_now_ms() < end;) {
		vct_dev_poll(c->vd);
		usleep(2000);
	}
}

/* How long the device waits with a queue reset: four answer times, at least the quiet time, at most the timeout. */
static int hold_ms(const struct vct_ctx *c, uint64_t rtt)
{
	uint64_t ms = 4 * rtt;

	if (ms < (uint64_t)vct_net_quiet_ms(c))
		ms = (uint64_t)vct_net_quiet_ms(c);
	return ms > (uint64_t)c->timeout_ms ? c->timeout_ms : (int)ms;
}

/* Which receive queue pair (of @pairs) the answer to probe @tag lands on within @ms: -1 for none. */
static int probe_lands(struct vct_ctx *c, struct vct_net *n, unsigned int pairs, uint16_t tag, int ms)
{
	for (uint64_t end = vct_now_ms() + (uint64_t)ms; vct_now_ms() < end;)
		for (unsigned int p = 0; p < pairs; p++) {
			uint32_t len = 0;
			struct vct_net_buf *b = vct_net_take(c, n, p, 1, &len);

			if (b && len > VCT_NET_HDR && len <= b->size &&
			    vct_net_is_answer(b->va + VCT_NET_HDR, len - VCT_NET_HDR, tag))
				return (int)p;
		}
	return -1;
}

/* Send probe @tag on transmitq of @pair; return the time it took its answer to land (SKIP when none did). */
static uint64_t probe_time(struct vct_ctx *c, struct vct_net *n, unsigned int pair, uint16_t tag, int *landed)
{
	uint8_t f[64];
	uint32_t len = vct_net_probe(f, n->mac, tag, -1);
	uint64_t t0 = vct_now_ms();

	vct_net_tx(c, n, pair, f, len, NULL);
	*landed = probe_lands(c, n, n->pairs, tag, c->timeout_ms);
	if (*landed < 0)
		vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back: the device's network does not answer");
	return vct_now_ms() - t0;
}

/*
 * D-3fd51306: with its only receive queue being reset, the device drops
 * what arrives: the answer to a probe sent meanwhile never turns up, not
 * even after receiveq1 is enabled again (while a later probe's does).
 */
static void rx_reset_all_drop(struct vct_ctx *c)
{
	uint8_t f[64];
	struct vct_net n;
	struct vct_net_rx rx;
	uint64_t rtt;
	int landed, late;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_F_RING_RESET), VCT_NET_BITS(VCT_NET_F_MQ, VCT_NET_F_RSS));
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF + n.seed % 64);
	rtt = probe_time(c, &n, 0, 0x610, &landed);
	rxq_reset(c, &n, 0);
	vct_net_tx(c, &n, 0, f, vct_net_probe(f, n.mac, 0x611, -1), NULL);
	settle(c, hold_ms(c, rtt));
	rxq_enable(c, &n, 0);
	late = vct_net_rx_probe(c, &n, 0, 0x611, 2 * vct_net_quiet_ms(c), &rx);
	if (!late && !vct_net_probe_round(c, &n, n.mac, 0x612, -1, c->timeout_ms, &rx))
		vct_skip(c, "device: no answer came after receiveq1 was enabled again: a dropped frame cannot be told from "
			    "a dead receive path");
	vct_report(c, !late, "the answer to a probe sent while receiveq1 (the only receive queue) was being reset",
		   "dropped: never delivered", "delivered on receiveq1 once it was enabled again (held, not dropped; waited "
		   "%d ms with the queue reset, answers take %llu ms)", hold_ms(c, rtt), (unsigned long long)rtt);
}

/*
 * D-ae561600: automatic steering re-selects a receive queue when the one a
 * frame was meant for is being reset: with two pairs in use, the answer to
 * a probe sent on transmitq2 (which the device steers to receiveq2, as a
 * first probe shows) arrives on receiveq1 while receiveq2 is reset.
 */
static void rx_reset_reselect(struct vct_ctx *c)
{
	uint8_t f[64];
	struct vct_net n;
	uint16_t two = htole16(2);
	uint64_t rtt;
	int landed, got;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_MQ, VCT_F_RING_RESET), VCT_NET_BITS(VCT_NET_F_RSS));
	if (n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: no other receive queue to re-select");
	if (vct_net_ctrl(c, &n, VCT_NET_CTRL_MQ, 0, &two, 2, NULL, 0) != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 2 was refused (net.mq_* judge it)");
	n.pairs = 2;
	for (unsigned int p = 0; p < 2; p++)
		vct_net_rx_fill(c, &n, p, 8, VCT_NET_RXBUF + n.seed % 64);
	rtt = probe_time(c, &n, 1, 0x620, &landed);
	if (landed != 1)
		vct_skip(c, "device: the answer to a probe sent on transmitq2 came on receiveq%d: nothing is steered to "
			    "receiveq2 to be re-selected", landed + 1);
	rxq_reset(c, &n, 1);
	vct_net_tx(c, &n, 1, f, vct_net_probe(f, n.mac, 0x621, -1), NULL);
	got = probe_lands(c, &n, 1, 0x621, hold_ms(c, rtt) > c->timeout_ms / 2 ? hold_ms(c, rtt) : c->timeout_ms / 2);
	vct_report(c, got == 0, "the answer to a probe sent on transmitq2 while receiveq2 was being reset",
		   "delivered on receiveq1 (another queue re-selected)",
		   "not on receiveq1 within %d ms (dropped, or held for receiveq2; answers take %llu ms)",
		   hold_ms(c, rtt) > c->timeout_ms / 2 ? hold_ms(c, rtt) : c->timeout_ms / 2, (unsigned long long)rtt);
}

/* A 40-byte RSS key (any: every indirection table entry names receiveq2). */
static const uint8_t rss_key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67 };

static bool is_udp_tag(const uint8_t *f, uint32_t len, const void *arg)
{
	return vct_net_is_ip_frame(f, len, 17, *(const uint16_t *)arg);
}

/*
 * D-71160ba7: RSS drops a frame whose destination receive queue is being
 * reset: with every indirection table entry naming receiveq2 (unclassified
 * frames receiveq1), a looped IPv4 frame lands on receiveq2; sent while
 * receiveq2 is reset, it arrives neither on receiveq1 nor on receiveq2 once
 * that is enabled again.
 */
static void rss_reset_drop(struct vct_ctx *c)
{
	uint8_t cfg[4 + 2 + 2 + 4 + 2 + 1 + sizeof(rss_key)] = { 0 }, f[256];
	uint16_t tag = 0x630;
	struct vct_net n;
	struct vct_net_rx rx;
	uint32_t types, len;
	uint64_t t0, rtt;
	int moved, held;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_RSS, VCT_F_RING_RESET), NULL);
	if (n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: RSS has one queue to choose");
	vct_c_config(c, 20, &types, 4);
	if (!(le32toh(types) & 1))
		vct_skip(c, "device: supported_hash_types lacks VIRTIO_NET_HASH_TYPE_IPv4");
	for (unsigned int p = 0; p < 2; p++)
		vct_net_rx_fill(c, &n, p, 8, VCT_NET_RXBUF + n.seed % 64);
	cfg[0] = 1;		/* hash_types: IPv4 */
	cfg[4] = 1;		/* indirection_table_mask: two entries */
	cfg[8] = 1;		/* both entries: receiveq2; unclassified: receiveq1 */
	cfg[10] = 1;
	cfg[12] = 1;		/* max_tx_vq */
	cfg[14] = sizeof(rss_key);
	memcpy(cfg + 15, rss_key, sizeof(rss_key));
	if (vct_net_ctrl(c, &n, VCT_NET_CTRL_MQ, 1, cfg, sizeof(cfg), NULL, 0) != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MQ_RSS_CONFIG (IPv4 hash, receiveq2) was refused");
	n.pairs = 2;
	len = vct_net_ip_frame(&n, f, 17, tag, 64, 0);
	t0 = vct_now_ms();
	vct_net_tx(c, &n, 0, f, len, NULL);
	if (!vct_net_rx_wait(c, &n, 1, c->timeout_ms, is_udp_tag, &tag, &rx))
		vct_skip(c, "device: the IPv4 frame vct sent did not come back on receiveq2, where RSS sends it (the device's "
			    "network does not loop it, or net.rss_* find the steering wrong)");
	rtt = vct_now_ms() - t0;
	rxq_reset(c, &n, 1);
	tag++;
	len = vct_net_ip_frame(&n, f, 17, tag, 64, 0);
	vct_net_tx(c, &n, 0, f, len, NULL);
	moved = vct_net_rx_wait(c, &n, 0, hold_ms(c, rtt), is_udp_tag, &tag, &rx);
	rxq_enable(c, &n, 1);
	held = !moved && vct_net_rx_wait(c, &n, 1, 2 * vct_net_quiet_ms(c), is_udp_tag, &tag, &rx);
	vct_report(c, !moved && !held, "an IPv4 frame RSS sends to receiveq2, sent while receiveq2 was being reset",
		   "dropped: on no receive queue, not even once receiveq2 is enabled again", "%s",
		   moved ? "delivered on receiveq1 instead" : "delivered on receiveq2 once it was enabled again (held)");
}

#define ROW(nm, id, fn) VCT_CHECK("net." nm, id, fn, .type = VCT_ID_NET)

static const struct vct_check checks[] = {
	ROW("rx_reset_all_drop", "D-3fd51306", rx_reset_all_drop),
	ROW("rx_reset_reselect", "D-ae561600", rx_reset_reselect),
	ROW("rss_reset_drop", "D-71160ba7", rss_reset_drop),
};

VCT_SUITE(vct_suite_net_steer, "net", checks);
