/* SPDX-License-Identifier: MIT */
/*
 * Socket device (id 19): the guest's CID, the features it should offer,
 * and the RST its host owes a packet of unknown type. The statements about
 * data flow (credit, buf_alloc and fwd_cnt, tx processed while rx is full)
 * need an application on the host side exchanging data with the driver,
 * which vct has no way to ask for yet (they are host-action statements).
 */
#include <string.h>

#include "types/types.h"

#define VCT_ID_VSOCK 19
#define VSOCK_F_NO_IMPLIED_STREAM 2
#define VSOCK_HDR 44
#define VSOCK_HOST_CID 2
#define VSOCK_OP_REQUEST 1
#define VSOCK_OP_RST 3

/* D-1596cfb1: guest_cid is none of the reserved CIDs (0, 1, 2 for the host, 0xffffffff, all ones). */
static void guest_cid_not_reserved(struct vct_ctx *c)
{
	uint64_t cid;

	vct_c_negotiate(c, NULL);
	cid = vct_req_cfg(c, "guest_cid");
	vct_report(c, cid > 2 && cid != 0xffffffffull && cid != ~0ull, "guest_cid",
		   "not a reserved CID (0, 1, 2, 0xffffffff, 0xffffffffffffffff)", "0x%llx", (unsigned long long)cid);
}

/* D-691718bb (SHOULD): the device offers VIRTIO_VSOCK_F_NO_IMPLIED_STREAM. */
static void no_implied_stream_offered(struct vct_ctx *c)
{
	vct_report(c, vct_has(c->vd->offered, VSOCK_F_NO_IMPLIED_STREAM), "device_feature bit 2",
		   "VIRTIO_VSOCK_F_NO_IMPLIED_STREAM offered", "not offered");
}

/*
 * D-2899a5f8: a packet of an unknown type gets an RST reply. Connection
 * requests to the host of types 0, 3, 0x7f and 0xffff (the chapter defines
 * 1 and 2), each from its own port and in its own split of the header over
 * the descriptors; for each, an RST addressed back to the sender's port
 * must arrive on rx.
 */
static void rst_for_unknown_type(struct vct_ctx *c)
{
	static const uint16_t types[] = { 0, 3, 0x7f, 0xffff };
	static const uint32_t cut[] = { 44, 16, 24, 30 };
	enum { N = sizeof(types) / sizeof(types[0]) };
	struct vct_bringup b = { .nq = vct_req_queues(c->vd) };
	uint16_t rxq, txq;
	uint64_t cid;
	bool seen[N] = { false };

	vct_c_bringup(c, &b);
	rxq = vct_req_queue(c, "rx");
	txq = vct_req_queue(c, "tx");
	cid = vct_req_cfg(c, "guest_cid");
	for (unsigned int i = 0; i < 2 * N; i++) {
		struct vct_dma_buf *rb = vct_c_dma(c, VSOCK_HDR + 64);
		struct vct_sg sg = { .iova = rb->iova, .len = VSOCK_HDR + 64, .write = true };

		memset(rb->va, 0xee, VSOCK_HDR + 64);
		if (vct_vq_add(b.vq[rxq], &sg, 1, rb->va, 0) < 0)
			vct_abort(c, "cannot post an rx buffer");
	}
	vct_vq_notify(b.vq[rxq]);
	for (unsigned int i = 0; i < N; i++) {
		struct vct_dma_buf *p = vct_c_dma(c, VSOCK_HDR);
		struct vct_sg sg[2] = { { .iova = p->iova, .len = cut[i] },
					{ .iova = p->iova + cut[i], .len = VSOCK_HDR - cut[i] } };
		uint8_t *h = p->va;
		uint32_t len;
		void *tok;

		memset(h, 0, VSOCK_HDR);
		vct_put64(h, cid);
		vct_put64(h + 8, VSOCK_HOST_CID);
		vct_put32(h + 16, 0x40002000 + i);	/* src_port */
		vct_put32(h + 20, 0x7ffffff3);		/* dst_port */
		vct_put16(h + 28, types[i]);
		vct_put16(h + 30, VSOCK_OP_REQUEST);
		vct_put32(h + 36, 65536);		/* buf_alloc */
		if (vct_vq_add(b.vq[txq], sg, cut[i] < VSOCK_HDR ? 2 : 1, NULL, 0) < 0)
			vct_abort(c, "cannot post a tx packet");
		vct_vq_notify(b.vq[txq]);
		if (vct_req_collect(c, b.vq[txq], c->timeout_ms, 1, &tok, &len) != 1)
			vct_skip(c, "device: tx packet %u (type 0x%x) not consumed within %d ms", i, types[i], c->timeout_ms);
	}
	/* Packets on rx until every RST came or the wait ended: the RSTs addressed back to the senders' ports. */
	for (unsigned int missing = N; missing;) {
		void *tok[N];
		uint32_t lens[N];
		unsigned int n = vct_req_collect(c, b.vq[rxq], c->timeout_ms, missing, tok, lens);

		if (!n)
			break;
		for (unsigned int k = 0; k < n; k++) {
			const uint8_t *r = tok[k];
			uint32_t dport = (uint32_t)vct_le_load(r + 20, 4);

			if (lens[k] < VSOCK_HDR || vct_le_load(r + 30, 2) != VSOCK_OP_RST || vct_le_load(r + 8, 8) != cid ||
			    vct_le_load(r + 16, 4) != 0x7ffffff3 || dport < 0x40002000 || dport >= 0x40002000 + N ||
			    seen[dport - 0x40002000])
				continue;
			seen[dport - 0x40002000] = true;
			missing--;
		}
	}
	for (unsigned int i = 0; i < N; i++)
		vct_report(c, seen[i], "RST reply on rx to a connection request of unknown type",
			   "an RST from the host's port back to the sender's",
			   "type 0x%x from port 0x%x: none within %d ms", types[i], 0x40002000 + i, c->timeout_ms);
}

static const struct vct_check checks[] = {
	VCT_CHECK("vsock.guest_cid_not_reserved", "D-1596cfb1", guest_cid_not_reserved, .type = VCT_ID_VSOCK),
	VCT_CHECK("vsock.no_implied_stream_offered", "D-691718bb", no_implied_stream_offered, .type = VCT_ID_VSOCK),
	VCT_CHECK("vsock.rst_for_unknown_type", "D-2899a5f8", rst_for_unknown_type, .type = VCT_ID_VSOCK),
};

VCT_SUITE(vct_suite_vsock, "vsock", checks);
