/* SPDX-License-Identifier: MIT */
/*
 * Request models of the driven device types (suites/types/<type>.c), the
 * half of a device-type table row that needs the check API: for each type,
 * a request the device answers by writing (and the bytes it owes), one that
 * makes it read driver data, one per further queue, and how each gets
 * provoked; or, where a type has none, the prefixed reason why. The other
 * half of the row (names, queues, features, configuration fields) is in
 * harness/virtio/devtypes.c.
 */
#ifndef VCT_SUITES_TYPES_H
#define VCT_SUITES_TYPES_H

#include "req.h"

/*
 * Define a type's models, on a line of their own at the start of the line:
 * the build lists every VCT_TYPE_MODELS of the files in suites/types/ for
 * vct_models_of() (harness/harness.mk, build/gen/models_list.c), so adding a
 * device type is its row in harness/virtio/devtypes.c plus its file here.
 *
 *	VCT_TYPE_MODELS(rtc) = { .type = 17, .writing = &read_clock, ... };
 */
#define VCT_TYPE_MODELS(name)                                        \
	extern const struct vct_type_models vct_models_##name;        \
	const struct vct_type_models vct_models_##name

/* Append a @len-byte buffer to @r (device-writable when @write); returns its memory. */
void *vct_req_add(struct vct_ctx *c, struct vct_req *r, size_t len, bool write);
/* The configuration field @name of this device type, read generation-safely; requires it to exist. */
uint64_t vct_req_cfg(struct vct_ctx *c, const char *name);
/* Index of the queue named @name with the default features; SKIPs "device:" when the device lacks it. */
uint16_t vct_req_queue(struct vct_ctx *c, const char *name);
/*
 * The device's shared memory regions (ids and lengths, at most @max); the
 * count. None where the transport has none.
 */
unsigned int vct_req_shm_regions(struct vct_ctx *c, uint8_t *ids, uint64_t *lens, unsigned int max);
/* The device-writable bytes of @r from offset @off, flattened (at most @n). */
size_t vct_req_written(const struct vct_req *r, uint32_t off, void *out, size_t n);

static inline void vct_put16(void *p, uint16_t v) { vct_le_store(p, v, 2); }
static inline void vct_put32(void *p, uint32_t v) { vct_le_store(p, v, 4); }
static inline void vct_put64(void *p, uint64_t v) { vct_le_store(p, v, 8); }

#endif
