/* SPDX-License-Identifier: MIT */
/*
 * Name tables: virtio device types and feature bits by the spec's names. A
 * leaf (it depends on nothing of vct), so the runner, the commands and the
 * offline report all name things the same way without the report reaching
 * into the driver for it. PCI vendor and device names: report_ids.h.
 */
#ifndef VCT_NAMES_H
#define VCT_NAMES_H

#include <stdint.h>

const char *vct_type_name(uint16_t type);	/* "entropy", "block", ... or "type-N" */
const char *vct_feature_name(uint16_t type, unsigned int bit);	/* NULL if unknown */

#endif
