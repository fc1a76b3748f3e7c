/* SPDX-License-Identifier: MIT */
/* Entropy device. */
#include <string.h>

#include "req.h"

/* D-682443f6: at least one random byte arrives; nothing beyond the buffer is touched. */
static void random_bytes_arrive(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = 1 };
	uint8_t first[64];
	unsigned int differ = 0;

	vct_c_bringup(c, &b);
	for (int round = 0; round < 2; round++) {
		struct vct_req r;
		uint32_t len = 0;
		int head;

		vct_req_writing(c, &r);
		head = vct_req_post(c, &b, &r, 0);
		vct_c_wait_used(c, b.vq[0], (uint16_t)head, &len);
		vct_report(c, len >= 1, "used len of an entropy request", ">= 1 random byte", "%u", len);
		vct_report(c, vct_dma_canary_check(r.buf[0]) < 0, "bytes past the entropy buffer", "untouched",
			   "changed at offset %ld", vct_dma_canary_check(r.buf[0]));
		if (round == 0) {
			memcpy(first, r.buf[0]->va, sizeof(first));
		} else {
			for (size_t i = 0; i < len && i < sizeof(first); i++)
				differ += first[i] != ((uint8_t *)r.buf[0]->va)[i];
			/* Two draws that agree byte for byte are not random. */
			vct_report(c, len < 8 || differ > 0, "two successive entropy draws", "different bytes",
				   "identical %u-byte draws", len);
		}
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("rng.random_bytes_arrive", "D-682443f6", random_bytes_arrive, .type = VCT_ID_ENTROPY),
};

VCT_SUITE(vct_suite_rng, "rng", checks);
