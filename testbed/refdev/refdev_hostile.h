/* SPDX-License-Identifier: MIT */
/* The hostile reference device (refdev_hostile.c): registers, capabilities and used entries from a byte string. */
#ifndef VCT_REFDEV_HOSTILE_H
#define VCT_REFDEV_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "transport.h"

/* @data must stay valid until the transport is closed. */
int vct_refdev_hostile_open(const uint8_t *data, size_t len, struct vct_transport **out);

#endif
