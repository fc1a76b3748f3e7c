/* SPDX-License-Identifier: MIT */
/*
 * Check bodies the split and the packed ring share: each takes the ring
 * layout, so ring.X and packed.X are one body run twice (the check tables in
 * split.c and packed.c name the statement each variant is keyed to).
 */
#ifndef VCT_SUITES_RING_LAYOUT_H
#define VCT_SUITES_RING_LAYOUT_H

#include <stdbool.h>

#include "req.h"

/*
 * Bring the device up with the split or the packed ring, EVENT_IDX as asked
 * and feature bit @extra (0: none); SKIPs where the device does not offer
 * what is asked. Guarantees: every request queue set up in that layout.
 */
void vct_ring_bring(struct vct_ctx *c, struct vct_bringup *b, bool packed, bool event_idx, unsigned int extra);

/* D-d61ea6f6 / D-eff2e9ae: device-readable buffers stay as the driver wrote them. */
void vct_ring_no_write_to_readable(struct vct_ctx *c, bool packed);
/* The same rules extended past a device-writable buffer: its canary stays, and the readable parts too. */
void vct_ring_writes_stay_in_buffers(struct vct_ctx *c, bool packed);
/* D-5db902d8: the same request cut into more, smaller descriptors works the same. */
void vct_ring_framing_independent(struct vct_ctx *c, bool packed);

#endif
