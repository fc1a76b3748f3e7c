/* SPDX-License-Identifier: MIT */
/* Check bodies shared by the split and the packed ring (layout.h). */
#include <string.h>

#include "layout.h"

void vct_ring_bring(struct vct_ctx *c, struct vct_bringup *b, bool packed, bool event_idx, unsigned int extra)
{
	memset(b, 0, sizeof(*b));
	if (packed)
		vct_c_need_feature(c, VCT_F_RING_PACKED);
	if (extra)
		vct_c_need_feature(c, extra);
	if (event_idx)
		vct_c_need_feature(c, VCT_F_EVENT_IDX);
	b->nq = vct_req_queues(c->vd);
	vct_dev_default_features(c->vd, b->features);
	if (packed)
		vct_set(b->features, VCT_F_RING_PACKED);
	if (extra)
		vct_set(b->features, extra);
	if (!event_idx)
		vct_clear(b->features, VCT_F_EVENT_IDX);
	b->features_set = true;
	vct_c_bringup(c, b);
	if (packed && !b->vq[0]->packed)
		vct_abort(c, "queue 0 was set up as a split ring although RING_PACKED was negotiated");
}

void vct_ring_no_write_to_readable(struct vct_ctx *c, bool packed)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_ring_bring(c, &b, packed, false, 0);
	vct_req_reading(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	vct_req_check_readable(c, &r);
}

void vct_ring_writes_stay_in_buffers(struct vct_ctx *c, bool packed)
{
	struct vct_bringup b;
	struct vct_req r;

	vct_ring_bring(c, &b, packed, false, 0);
	vct_req_writing(c, &r);
	vct_req_round_trip(c, &b, &r, 0);
	for (unsigned int i = 0; i < r.n; i++) {
		long bad = vct_dma_canary_check(r.buf[i]);

		vct_report(c, bad < 0, "memory after a device-writable buffer", "canary intact",
			   "buffer %u (%u bytes): changed at offset %ld", i, r.sg[i].len, bad);
	}
	vct_req_check_readable(c, &r);
}

void vct_ring_framing_independent(struct vct_ctx *c, bool packed)
{
	struct vct_bringup b;
	struct vct_req r, split;

	vct_ring_bring(c, &b, packed, false, 0);
	vct_req_reading(c, &r);
	/* Cut every buffer longer than 8 bytes in two: same bytes, more descriptors. */
	memset(&split, 0, sizeof(split));
	split.queue = r.queue;
	for (unsigned int i = 0; i < r.n; i++) {
		if (r.sg[i].len > 8 && split.n + 2 + (r.n - i - 1) <= 8) {
			uint32_t h = r.sg[i].len / 2;

			split.sg[split.n++] = (struct vct_sg){ r.sg[i].iova, h, r.sg[i].write };
			split.sg[split.n++] = (struct vct_sg){ r.sg[i].iova + h, r.sg[i].len - h, r.sg[i].write };
		} else {
			split.sg[split.n++] = r.sg[i];
		}
	}
	vct_req_completes(c, &b, &split, 0, "the same request cut into more descriptors");
	vct_req_check_readable(c, &r);
}
