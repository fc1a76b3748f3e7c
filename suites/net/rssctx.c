/* SPDX-License-Identifier: MIT */
/*
 * Network device: RSS contexts (VIRTIO_NET_F_RSS_CONTEXT, control class
 * VIRTNET_RSS_CTX_CTRL): the capability the device reports and what a
 * device reset does to the contexts the driver configured.
 */
#include <endian.h>
#include <string.h>

#include "netdev.h"

#define NET_F_RSS_CONTEXT 64
#define RSS_CTX_CTRL 9
#define RSS_CTX_CAP_GET 0
#define RSS_CTX_ADD 1
#define RSS_CTX_MOD 2
#define RSS_CTX_DEL 3
#define RSS_CTX_PROBE 8		/* contexts a check adds at most */

/* Up with the control queue, RSS and RSS_CONTEXT; returns max_rss_contexts (the ack of CAP_GET in @ack). */
static uint16_t rss_ctx_up(struct vct_ctx *c, struct vct_net *n, uint8_t *ack)
{
	uint8_t cap[2] = { 0xff, 0xff };	/* a field the device leaves alone reads as 0xffff, not 0 */

	vct_net_up(c, n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_RSS, NET_F_RSS_CONTEXT), NULL);
	*ack = vct_net_ctrl(c, n, RSS_CTX_CTRL, RSS_CTX_CAP_GET, NULL, 0, cap, sizeof(cap));
	return (uint16_t)(cap[0] | cap[1] << 8);
}

/* D-6c62f2a9: with RSS_CONTEXT offered, CAP_GET reports max_rss_contexts of 1 or more. */
static void rss_ctx_max(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack;
	uint16_t max = rss_ctx_up(c, &n, &ack);

	vct_require(c, ack == VCT_NET_OK, "VIRTNET_RSS_CTX_CTRL_CAP_GET with VIRTIO_NET_F_RSS_CONTEXT negotiated",
		    "VIRTIO_NET_OK (0) and virtnet_rss_ctx_cap written", "ack %u", ack);
	vct_report(c, max >= 1, "max_rss_contexts", "1 or more (the device offers VIRTIO_NET_F_RSS_CONTEXT)", "%u", max);
}

/*
 * VIRTNET_RSS_CTX_CTRL_ADD of context @id: all traffic of the context to
 * receiveq1 (one table entry, no hash types), max_tx_vq 1, a key as long as
 * rss_max_key_size allows (up to 40 bytes).
 */
static uint8_t rss_ctx_add(struct vct_ctx *c, struct vct_net *n, uint16_t id, uint8_t klen)
{
	uint8_t b[8 + 8 + 2 + 2 + 1 + 40] = { 0 };
	uint16_t v = htole16(id);

	memcpy(b, &v, 2);		/* rss_ctx_id; reserved[6] zero */
	/* rss: hash_types 0, indirection_table_mask 0, unclassified_queue 0, table { 0 }, max_tx_vq 1 */
	b[8 + 8 + 2] = 1;
	b[8 + 8 + 2 + 2] = klen;
	for (unsigned int i = 0; i < klen; i++)
		b[8 + 8 + 2 + 2 + 1 + i] = (uint8_t)(0x6d + 7 * i + id);
	return vct_net_ctrl(c, n, RSS_CTX_CTRL, RSS_CTX_ADD, b, 8 + 8 + 2 + 2 + 1 + klen, NULL, 0);
}

/*
 * D-fe5d4301: a device reset clears every RSS context. Contexts 1..max are
 * added on a fresh device, the device is reset, and the same additions are
 * sent again: each must be answered as the first time, as it is on a device
 * that holds no context (one that kept them refuses ids still in use).
 */
static void rss_ctx_reset_clears(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack, klen, first[RSS_CTX_PROBE];
	uint16_t max = rss_ctx_up(c, &n, &ack), cnt;

	if (ack != VCT_NET_OK || !max)
		vct_skip(c, "device: VIRTNET_RSS_CTX_CTRL_CAP_GET answered %u with max_rss_contexts %u (net.rss_ctx_max)",
			 ack, ack == VCT_NET_OK ? max : 0);
	vct_c_config(c, 17, &klen, 1);	/* rss_max_key_size */
	if (klen > 40)
		klen = 40;
	cnt = max < RSS_CTX_PROBE ? max : RSS_CTX_PROBE;
	for (uint16_t id = 1; id <= cnt; id++)
		first[id - 1] = rss_ctx_add(c, &n, id, klen);
	if (first[0] != VCT_NET_OK)
		vct_skip(c, "device: VIRTNET_RSS_CTX_CTRL_ADD of context 1 refused on a fresh device (ack %u)", first[0]);
	rss_ctx_up(c, &n, &ack);	/* device reset, then up again */
	for (uint16_t id = 1; id <= cnt; id++) {
		uint8_t again = rss_ctx_add(c, &n, id, klen);

		vct_report(c, again == first[id - 1], "VIRTNET_RSS_CTX_CTRL_ADD of a context added before the device reset",
			   "answered as on the fresh device (the reset cleared every context)",
			   "context %u: ack %u before the reset, %u after it", id, first[id - 1], again);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.rss_ctx_max", "D-6c62f2a9", rss_ctx_max, .type = VCT_ID_NET),
	VCT_CHECK("net.rss_ctx_reset_clears", "D-fe5d4301", rss_ctx_reset_clears, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_rssctx, "net", checks);
