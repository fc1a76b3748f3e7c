/* SPDX-License-Identifier: MIT */
/*
 * Queue sizes from 1 up to the device maximum, on both ring formats: the
 * device works with whatever size the driver set, and a request completes
 * on each (through an indirect table where the request has more parts than
 * the ring has entries).
 */
#include <string.h>

#include "req.h"

static void one_size(struct vct_ctx *c, bool packed, uint16_t size)
{
	struct vct_bringup b;
	struct vct_req r;
	unsigned int flags = 0;

	memset(&b, 0, sizeof(b));
	b.nq = vct_req_queues(c->vd);
	b.qsize = size;
	vct_dev_default_features(c->vd, b.features);
	if (packed)
		vct_set(b.features, VCT_F_RING_PACKED);
	b.features_set = true;
	vct_c_bringup(c, &b);
	vct_req_reading(c, &r);
	if (r.n > size) {
		if (!vct_has(c->vd->features, VCT_F_INDIRECT_DESC))
			return;	/* the request cannot fit: nothing this size can carry */
		flags = VCT_VQ_INDIRECT;
	}
	/* Small rings wrap: a device laying the ring out at another size loses a request. */
	for (unsigned int i = 0; i <= (size <= 16 ? size : 0u); i++) {
		if (i)
			vct_req_reading(c, &r);
		vct_req_completes(c, &b, &r, flags, "a request on a ring of the size the driver set");
		vct_req_check_readable(c, &r);
	}
	vct_c_reset(c);
	vct_dev_release(c->vd);
}

static uint16_t max_size(struct vct_ctx *c, uint16_t q)
{
	vct_c_negotiate(c, NULL);
	return vct_dev_queue_size(c->vd, q);
}

/* D-56b3e8e6 (shared): split ring, every power-of-2 size up to the maximum. */
static void sizes_split(struct vct_ctx *c)
{
	struct vct_req probe;
	uint16_t max;

	vct_req_reading(c, &probe);
	max = max_size(c, probe.queue);
	vct_dev_release(c->vd);
	if (!max)
		vct_require(c, false, "queue_size of the request queue", "a maximum above 0", "0");
	for (uint32_t s = 1; s <= max; s *= 2)
		one_size(c, false, (uint16_t)s);
}

/* D-56b3e8e6 (shared): packed ring, sizes that need not be powers of 2. */
static void sizes_packed(struct vct_ctx *c)
{
	struct vct_req probe;
	uint16_t max, sizes[] = { 1, 2, 3, 5, 17, 0 };

	vct_c_need_feature(c, VCT_F_RING_PACKED);
	vct_req_reading(c, &probe);
	max = max_size(c, probe.queue);
	vct_dev_release(c->vd);
	sizes[5] = max;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i] && sizes[i] <= max)
			one_size(c, true, sizes[i]);
}

static const struct vct_check checks[] = {
	VCT_CHECK("ring.queue_sizes_split", "D-56b3e8e6", sizes_split, .needs = VCT_NEED_READING,
		  .shared = "the re-enable rule (observe the size the driver set) applied at first enable, for every size"),
	VCT_CHECK("ring.queue_sizes_packed", "D-56b3e8e6", sizes_packed, .needs = VCT_NEED_READING,
		  .shared = "as ring.queue_sizes_split, on the packed ring, whose sizes need not be powers of 2"),
};

VCT_SUITE(vct_suite_ring_sizes, "ring/sizes", checks);
