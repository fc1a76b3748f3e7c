/* SPDX-License-Identifier: MIT */
/*
 * The device-type table: one row per device id the spec defines (names for
 * all of them), and for the types vct drives, what the virtio layer needs
 * to know about the type: its queues and their roles, the device
 * configuration fields checks read, and the features vct accepts by
 * default (by name, including those a device insists on). The rows are in
 * devtypes.c. A driven type's request models (a request the device answers
 * by writing, one that makes it read driver data, one per extra queue, and
 * how each is provoked) sit one layer up, with the checks that use them:
 * suites/types/<type>.c, keyed by the same device id (suites/types/types.h).
 *
 * Checks never name device types: they state what they need (struct
 * vct_check .needs) and the runner asks the type's models. Adding a type =
 * its row here plus its models file; see README "Adding a device type".
 */
#ifndef VCT_DEVTYPE_H
#define VCT_DEVTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vct_dev;

/* What a queue is for, from the driver's side. */
enum vct_qrole {
	VCT_QR_REQUEST,		/* driver requests, device answers (blk, scsi requestq, mem, pmem, 9p) */
	VCT_QR_RX,		/* device fills buffers with input from outside (net, console) */
	VCT_QR_TX,		/* device consumes driver data (net, console transmit; balloon in/deflate; input status) */
	VCT_QR_CONTROL,		/* control requests (net, scsi, crypto, gpu controlq) */
	VCT_QR_EVENT,		/* device-written events on the host's schedule (scsi, input eventq) */
	VCT_QR_STATS,		/* balloon statistics: returned when the host asks */
	VCT_QR_OTHER,
};

struct vct_queue_desc {
	const char *name;		/* the spec's name: "requestq", "controlq" */
	enum vct_qrole role;
	int feature;			/* exists only with this feature negotiated; -1: always */
	bool device_completes;		/* the device completes every buffer on it without outside input */
};

/* A device configuration field checks and request models read. */
struct vct_cfg_field {
	const char *name;
	uint16_t off;
	uint8_t width;			/* 1, 2, 4, 8 */
	int feature;			/* present only with this feature; -1: always */
};

struct vct_feature {
	uint8_t bit;
	const char *name;
};

#define VCT_MAX_TYPE_QUEUES 8

/* What vct knows to drive a device type. */
struct vct_drive {
	const char *short_name;		/* "blk": refdev type, fuzz corpus folder */
	const struct vct_feature *features;	/* the type's feature bits (0-23, 50-127), by name */
	const char *const *defaults;	/* accepted when offered: what vct implements or needs */
	const char *const *insists;	/* accepted when offered because the device may refuse FEATURES_OK otherwise */
	const struct vct_cfg_field *cfg;	/* NULL-name terminated */
	/* Queue layout in index order; repeated per layout() when set. */
	struct vct_queue_desc queues[VCT_MAX_TYPE_QUEUES];
	/*
	 * For types whose queue index depends on num_queues or features (net
	 * pairs, scsi request queues, crypto data queues): the descriptor of
	 * queue @q. NULL: queues[] in order, those of unnegotiated features left out.
	 */
	const struct vct_queue_desc *(*layout)(const struct vct_drive *dt, const struct vct_dev *vd,
					       const uint64_t features[2], unsigned int q);
};

struct vct_devtype {
	uint16_t id;
	const char *name;		/* "network", "scsi", "pmem" */
	const char *title;		/* the spec's Device Types table wording */
	const struct vct_drive *drive;	/* NULL: vct has no model of this type */
};

/* The row's name ("entropy", "block" ...); "type-N" for an id the spec does not define. */
const char *vct_type_name(uint16_t type);
/* The spec's name of feature bit @bit of device type @type (generic bits included); NULL if unknown. */
const char *vct_feature_name(uint16_t type, unsigned int bit);
/* The row of device id @id; NULL for an id the spec does not define. */
const struct vct_devtype *vct_devtype(uint16_t id);
/* Its driving knowledge; NULL when vct has no model of the type. */
const struct vct_drive *vct_drive_of(uint16_t id);
/* The row whose short or full name is @name (refdev's TYPE); NULL if none. */
const struct vct_devtype *vct_devtype_by_name(const char *name);
/* Every row, in id order. */
extern const struct vct_devtype vct_devtypes[];
extern const size_t vct_ndevtypes;

/* Queue @q of @vd with @features negotiated; NULL past the last or unknown type. */
const struct vct_queue_desc *vct_devtype_queue(const struct vct_dev *vd, const uint64_t features[2], unsigned int q);
/* Number of queues the layout gives for @features, at most @max. */
unsigned int vct_devtype_nqueues(const struct vct_dev *vd, const uint64_t features[2], unsigned int max);
/* Index of the first queue named @name (of the layout with @features), -1 if none. */
int vct_devtype_queue_index(const struct vct_dev *vd, const uint64_t features[2], const char *name);
/* Bit number of the feature named @name for device type @type (generic bits included); -1 unknown. */
int vct_feature_bit(uint16_t type, const char *name);
/* The configuration field named @name of the type; NULL if the row has none. */
const struct vct_cfg_field *vct_cfg_field(uint16_t type, const char *name);

#endif
