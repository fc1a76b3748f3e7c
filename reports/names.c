/* SPDX-License-Identifier: MIT */
#include "names.h"

#include <stddef.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *vct_type_name(uint16_t type)
{
	static const char *const names[] = {
		[1] = "network", [2] = "block", [3] = "console", [4] = "entropy",
		[5] = "balloon", [8] = "scsi", [9] = "9p", [16] = "gpu", [18] = "input",
		[19] = "vsock", [20] = "crypto", [26] = "fs", [41] = "gpio",
	};
	static __thread char buf[16];

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	snprintf(buf, sizeof(buf), "type-%u", type);
	return buf;
}

struct feat_name {
	uint16_t type;	/* 0: any device */
	uint8_t bit;
	const char *name;
};

static const struct feat_name feat_names[] = {
	{ 0, 24, "VIRTIO_F_NOTIFY_ON_EMPTY" }, { 0, 27, "VIRTIO_F_ANY_LAYOUT" },
	{ 0, 28, "VIRTIO_F_INDIRECT_DESC" }, { 0, 29, "VIRTIO_F_EVENT_IDX" },
	{ 0, 32, "VIRTIO_F_VERSION_1" }, { 0, 33, "VIRTIO_F_ACCESS_PLATFORM" },
	{ 0, 34, "VIRTIO_F_RING_PACKED" }, { 0, 35, "VIRTIO_F_IN_ORDER" },
	{ 0, 36, "VIRTIO_F_ORDER_PLATFORM" }, { 0, 37, "VIRTIO_F_SR_IOV" },
	{ 0, 38, "VIRTIO_F_NOTIFICATION_DATA" }, { 0, 39, "VIRTIO_F_NOTIF_CONFIG_DATA" },
	{ 0, 40, "VIRTIO_F_RING_RESET" }, { 0, 41, "VIRTIO_F_ADMIN_VQ" },
	{ 1, 0, "VIRTIO_NET_F_CSUM" }, { 1, 1, "VIRTIO_NET_F_GUEST_CSUM" },
	{ 1, 2, "VIRTIO_NET_F_CTRL_GUEST_OFFLOADS" }, { 1, 3, "VIRTIO_NET_F_MTU" },
	{ 1, 5, "VIRTIO_NET_F_MAC" }, { 1, 7, "VIRTIO_NET_F_GUEST_TSO4" },
	{ 1, 8, "VIRTIO_NET_F_GUEST_TSO6" }, { 1, 9, "VIRTIO_NET_F_GUEST_ECN" },
	{ 1, 10, "VIRTIO_NET_F_GUEST_UFO" }, { 1, 11, "VIRTIO_NET_F_HOST_TSO4" },
	{ 1, 12, "VIRTIO_NET_F_HOST_TSO6" }, { 1, 13, "VIRTIO_NET_F_HOST_ECN" },
	{ 1, 14, "VIRTIO_NET_F_HOST_UFO" }, { 1, 15, "VIRTIO_NET_F_MRG_RXBUF" },
	{ 1, 16, "VIRTIO_NET_F_STATUS" }, { 1, 17, "VIRTIO_NET_F_CTRL_VQ" },
	{ 1, 18, "VIRTIO_NET_F_CTRL_RX" }, { 1, 19, "VIRTIO_NET_F_CTRL_VLAN" },
	{ 1, 20, "VIRTIO_NET_F_CTRL_RX_EXTRA" }, { 1, 21, "VIRTIO_NET_F_GUEST_ANNOUNCE" },
	{ 1, 22, "VIRTIO_NET_F_MQ" }, { 1, 23, "VIRTIO_NET_F_CTRL_MAC_ADDR" },
	{ 1, 61, "VIRTIO_NET_F_RSC_EXT" }, { 1, 62, "VIRTIO_NET_F_STANDBY" },
	{ 1, 63, "VIRTIO_NET_F_SPEED_DUPLEX" },
	{ 2, 1, "VIRTIO_BLK_F_SIZE_MAX" }, { 2, 2, "VIRTIO_BLK_F_SEG_MAX" },
	{ 2, 4, "VIRTIO_BLK_F_GEOMETRY" }, { 2, 5, "VIRTIO_BLK_F_RO" },
	{ 2, 6, "VIRTIO_BLK_F_BLK_SIZE" }, { 2, 9, "VIRTIO_BLK_F_FLUSH" },
	{ 2, 10, "VIRTIO_BLK_F_TOPOLOGY" }, { 2, 11, "VIRTIO_BLK_F_CONFIG_WCE" },
	{ 2, 12, "VIRTIO_BLK_F_MQ" }, { 2, 13, "VIRTIO_BLK_F_DISCARD" },
	{ 2, 14, "VIRTIO_BLK_F_WRITE_ZEROES" }, { 2, 15, "VIRTIO_BLK_F_LIFETIME" },
	{ 2, 16, "VIRTIO_BLK_F_SECURE_ERASE" }, { 2, 17, "VIRTIO_BLK_F_ZONED" },
	{ 3, 0, "VIRTIO_CONSOLE_F_SIZE" }, { 3, 1, "VIRTIO_CONSOLE_F_MULTIPORT" },
	{ 3, 2, "VIRTIO_CONSOLE_F_EMERG_WRITE" },
};

const char *vct_feature_name(uint16_t type, unsigned int bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(feat_names); i++)
		if (feat_names[i].bit == bit && (feat_names[i].type == 0 || feat_names[i].type == type) &&
		    (bit >= 24 ? feat_names[i].type == 0 : feat_names[i].type == type))
			return feat_names[i].name;
	return NULL;
}
