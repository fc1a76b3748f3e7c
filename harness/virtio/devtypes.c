/* SPDX-License-Identifier: MIT */
/*
 * The device-type table's rows (devtype.h): every device id the spec
 * defines, with the spec's title; for the types vct drives, their queues
 * in index order, feature names, the features vct accepts by default or
 * because the device insists, and the configuration fields checks read.
 */
#include "devtype.h"

#include "dev.h"

/* ---- net ---- */

static const struct vct_feature net_features[] = {
	{ 0, "VIRTIO_NET_F_CSUM" }, { 1, "VIRTIO_NET_F_GUEST_CSUM" }, { 2, "VIRTIO_NET_F_CTRL_GUEST_OFFLOADS" },
	{ 3, "VIRTIO_NET_F_MTU" }, { 5, "VIRTIO_NET_F_MAC" }, { 7, "VIRTIO_NET_F_GUEST_TSO4" },
	{ 8, "VIRTIO_NET_F_GUEST_TSO6" }, { 9, "VIRTIO_NET_F_GUEST_ECN" }, { 10, "VIRTIO_NET_F_GUEST_UFO" },
	{ 11, "VIRTIO_NET_F_HOST_TSO4" }, { 12, "VIRTIO_NET_F_HOST_TSO6" }, { 13, "VIRTIO_NET_F_HOST_ECN" },
	{ 14, "VIRTIO_NET_F_HOST_UFO" }, { 15, "VIRTIO_NET_F_MRG_RXBUF" }, { 16, "VIRTIO_NET_F_STATUS" },
	{ 17, "VIRTIO_NET_F_CTRL_VQ" }, { 18, "VIRTIO_NET_F_CTRL_RX" }, { 19, "VIRTIO_NET_F_CTRL_VLAN" },
	{ 20, "VIRTIO_NET_F_CTRL_RX_EXTRA" }, { 21, "VIRTIO_NET_F_GUEST_ANNOUNCE" }, { 22, "VIRTIO_NET_F_MQ" },
	{ 23, "VIRTIO_NET_F_CTRL_MAC_ADDR" }, { 50, "VIRTIO_NET_F_DEVICE_STATS" }, { 51, "VIRTIO_NET_F_HASH_TUNNEL" },
	{ 52, "VIRTIO_NET_F_VQ_NOTF_COAL" }, { 53, "VIRTIO_NET_F_NOTF_COAL" }, { 54, "VIRTIO_NET_F_GUEST_USO4" },
	{ 55, "VIRTIO_NET_F_GUEST_USO6" }, { 56, "VIRTIO_NET_F_HOST_USO" }, { 57, "VIRTIO_NET_F_HASH_REPORT" },
	{ 59, "VIRTIO_NET_F_GUEST_HDRLEN" }, { 60, "VIRTIO_NET_F_RSS" }, { 61, "VIRTIO_NET_F_RSC_EXT" }, { 62, "VIRTIO_NET_F_STANDBY" },
	{ 63, "VIRTIO_NET_F_SPEED_DUPLEX" }, { 64, "VIRTIO_NET_F_RSS_CONTEXT" },
	{ 65, "VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO" }, { 66, "VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO_CSUM" },
	{ 67, "VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO" }, { 68, "VIRTIO_NET_F_HOST_UDP_TUNNEL_GSO_CSUM" }, { 70, "VIRTIO_NET_F_IPSEC" }, { 0, NULL },
};

/* No offloads and no control queue: the frames vct sends and expects stay plain. */
static const char *const net_defaults[] = { "VIRTIO_NET_F_MTU", "VIRTIO_NET_F_MAC", "VIRTIO_NET_F_STATUS", NULL };

static const struct vct_cfg_field net_cfg[] = {
	{ "mac", 0, 6, 5 }, { "status", 6, 2, 16 }, { "max_virtqueue_pairs", 8, 2, 22 }, { "mtu", 10, 2, 3 },
	{ NULL, 0, 0, 0 },
};

/* receiveqN/transmitqN pairs (max_virtqueue_pairs with MQ, one without), then controlq with CTRL_VQ. */
static const struct vct_queue_desc *net_layout(const struct vct_drive *dt, const struct vct_dev *vd,
					       const uint64_t f[2], unsigned int q)
{
	bool ctrl = vct_has(f, 17);
	unsigned int pairs = 1;

	if ((vct_has(f, 22) || vct_has(f, 60)) && vd->num_queues > 2)	/* MQ or RSS */
		pairs = (vd->num_queues - (ctrl ? 1u : 0u)) / 2;
	if (q < 2 * pairs)
		return &dt->queues[q % 2];
	if (ctrl && q == 2 * pairs)
		return &dt->queues[2];
	return NULL;
}

static const struct vct_drive drive_net = {
	.short_name = "net",
	.features = net_features,
	.defaults = net_defaults,
	.cfg = net_cfg,
	.queues = {
		{ "receiveq", VCT_QR_RX, -1, false },
		{ "transmitq", VCT_QR_TX, -1, true },
		{ "controlq", VCT_QR_CONTROL, 17, true },
	},
	.layout = net_layout,
};

/* ---- blk ---- */

static const struct vct_feature blk_features[] = {
	{ 1, "VIRTIO_BLK_F_SIZE_MAX" }, { 2, "VIRTIO_BLK_F_SEG_MAX" }, { 4, "VIRTIO_BLK_F_GEOMETRY" },
	{ 5, "VIRTIO_BLK_F_RO" }, { 6, "VIRTIO_BLK_F_BLK_SIZE" }, { 9, "VIRTIO_BLK_F_FLUSH" },
	{ 10, "VIRTIO_BLK_F_TOPOLOGY" }, { 11, "VIRTIO_BLK_F_CONFIG_WCE" }, { 12, "VIRTIO_BLK_F_MQ" },
	{ 13, "VIRTIO_BLK_F_DISCARD" }, { 14, "VIRTIO_BLK_F_WRITE_ZEROES" }, { 15, "VIRTIO_BLK_F_LIFETIME" },
	{ 16, "VIRTIO_BLK_F_SECURE_ERASE" }, { 17, "VIRTIO_BLK_F_ZONED" }, { 0, NULL },
};

/*
 * Bits that only add configuration fields, or requests vct's models do not
 * send; RO because a driver should accept it (the models then send no
 * write), ZONED because a host-managed device refuses FEATURES_OK without it
 * (the models keep to what every zone takes: see suites/types/blk.c).
 */
static const char *const blk_defaults[] = {
	"VIRTIO_BLK_F_SIZE_MAX", "VIRTIO_BLK_F_SEG_MAX", "VIRTIO_BLK_F_GEOMETRY", "VIRTIO_BLK_F_RO",
	"VIRTIO_BLK_F_BLK_SIZE", "VIRTIO_BLK_F_FLUSH", "VIRTIO_BLK_F_TOPOLOGY", "VIRTIO_BLK_F_ZONED", NULL,
};

static const struct vct_cfg_field blk_cfg[] = {
	{ "capacity", 0, 8, -1 }, { "size_max", 8, 4, 1 }, { "seg_max", 12, 4, 2 },
	{ "blk_size", 20, 4, 6 }, { "opt_io_size", 28, 4, 10 }, { "writeback", 32, 1, 11 },
	{ NULL, 0, 0, 0 },
};

static const struct vct_drive drive_blk = {
	.short_name = "blk",
	.features = blk_features,
	.defaults = blk_defaults,
	.cfg = blk_cfg,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- console ---- */

static const struct vct_feature console_features[] = {
	{ 0, "VIRTIO_CONSOLE_F_SIZE" }, { 1, "VIRTIO_CONSOLE_F_MULTIPORT" }, { 2, "VIRTIO_CONSOLE_F_EMERG_WRITE" },
	{ 0, NULL },
};

static const char *const console_defaults[] = { "VIRTIO_CONSOLE_F_SIZE", NULL };

static const struct vct_cfg_field console_cfg[] = {
	{ "cols", 0, 2, 0 }, { "rows", 2, 2, 0 }, { "max_nr_ports", 4, 4, 1 }, { "emerg_wr", 8, 4, 2 },
	{ NULL, 0, 0, 0 },
};

static const struct vct_queue_desc console_port_rx = { "receiveq", VCT_QR_RX, -1, false };
static const struct vct_queue_desc console_port_tx = { "transmitq", VCT_QR_TX, -1, true };

/* receiveq0, transmitq0, then with MULTIPORT the control pair and every further port's pair. */
static const struct vct_queue_desc *console_layout(const struct vct_drive *dt, const struct vct_dev *vd,
						   const uint64_t f[2], unsigned int q)
{
	bool multi = vct_has(f, 1);

	if (q < 2)
		return &dt->queues[q];
	if (!multi || q >= vd->num_queues)
		return NULL;
	if (q < 4)
		return &dt->queues[q];
	return q % 2 ? &console_port_tx : &console_port_rx;
}

static const struct vct_drive drive_console = {
	.short_name = "console",
	.features = console_features,
	.defaults = console_defaults,
	.cfg = console_cfg,
	.queues = {
		{ "receiveq0", VCT_QR_RX, -1, false },
		{ "transmitq0", VCT_QR_TX, -1, true },
		{ "control receiveq", VCT_QR_CONTROL, 1, false },
		{ "control transmitq", VCT_QR_CONTROL, 1, true },
	},
	.layout = console_layout,
};

/* ---- rng ---- */

static const struct vct_drive drive_rng = {
	.short_name = "rng",
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- balloon ---- */

static const struct vct_feature balloon_features[] = {
	{ 0, "VIRTIO_BALLOON_F_MUST_TELL_HOST" }, { 1, "VIRTIO_BALLOON_F_STATS_VQ" },
	{ 2, "VIRTIO_BALLOON_F_DEFLATE_ON_OOM" }, { 3, "VIRTIO_BALLOON_F_FREE_PAGE_HINT" },
	{ 4, "VIRTIO_BALLOON_F_PAGE_POISON" }, { 5, "VIRTIO_BALLOON_F_PAGE_REPORTING" }, { 0, NULL },
};

/* The statistics queue is modelled; hinting and reporting add queues vct posts nothing on. */
static const char *const balloon_defaults[] = { "VIRTIO_BALLOON_F_STATS_VQ", NULL };

static const struct vct_cfg_field balloon_cfg[] = {
	{ "num_pages", 0, 4, -1 }, { "actual", 4, 4, -1 }, { "free_page_hint_cmd_id", 8, 4, 3 },
	{ "poison_val", 12, 4, 4 }, { NULL, 0, 0, 0 },
};

static const struct vct_drive drive_balloon = {
	.short_name = "balloon",
	.features = balloon_features,
	.defaults = balloon_defaults,
	.cfg = balloon_cfg,
	.queues = {
		{ "inflateq", VCT_QR_TX, -1, true },
		{ "deflateq", VCT_QR_TX, -1, true },
		{ "statsq", VCT_QR_STATS, 1, false },
		{ "free_page_vq", VCT_QR_OTHER, 3, false },
		{ "reporting_vq", VCT_QR_OTHER, 5, true },
	},
};

/* ---- scsi ---- */

static const struct vct_feature scsi_features[] = {
	{ 0, "VIRTIO_SCSI_F_INOUT" }, { 1, "VIRTIO_SCSI_F_HOTPLUG" }, { 2, "VIRTIO_SCSI_F_CHANGE" },
	{ 3, "VIRTIO_SCSI_F_T10_PI" }, { 0, NULL },
};

static const struct vct_cfg_field scsi_cfg[] = {
	{ "num_queues", 0, 4, -1 }, { "seg_max", 4, 4, -1 }, { "max_sectors", 8, 4, -1 },
	{ "cmd_per_lun", 12, 4, -1 }, { "event_info_size", 16, 4, -1 }, { "sense_size", 20, 4, -1 },
	{ "cdb_size", 24, 4, -1 }, { "max_channel", 28, 2, -1 }, { "max_target", 30, 2, -1 },
	{ "max_lun", 32, 4, -1 }, { NULL, 0, 0, 0 },
};

/* controlq, eventq, then the request queues up to num_queues. */
static const struct vct_queue_desc *scsi_layout(const struct vct_drive *dt, const struct vct_dev *vd,
						const uint64_t f[2], unsigned int q)
{
	if (q < 2)
		return &dt->queues[q];
	return q < vd->num_queues ? &dt->queues[2] : NULL;
}

static const struct vct_drive drive_scsi = {
	.short_name = "scsi",
	.features = scsi_features,
	.cfg = scsi_cfg,
	.queues = {
		{ "controlq", VCT_QR_CONTROL, -1, true },
		{ "eventq", VCT_QR_EVENT, -1, false },
		{ "requestq", VCT_QR_REQUEST, -1, true },
	},
	.layout = scsi_layout,
};

/* ---- 9p ---- */

static const struct vct_feature p9_features[] = { { 0, "VIRTIO_9P_MOUNT_TAG" }, { 0, NULL } };

static const char *const p9_defaults[] = { "VIRTIO_9P_MOUNT_TAG", NULL };

static const struct vct_cfg_field p9_cfg[] = { { "tag_len", 0, 2, 0 }, { NULL, 0, 0, 0 } };

static const struct vct_drive drive_p9 = {
	.short_name = "9p",
	.features = p9_features,
	.defaults = p9_defaults,
	.cfg = p9_cfg,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- gpu ---- */

static const struct vct_feature gpu_features[] = {
	{ 0, "VIRTIO_GPU_F_VIRGL" }, { 1, "VIRTIO_GPU_F_EDID" }, { 2, "VIRTIO_GPU_F_RESOURCE_UUID" },
	{ 3, "VIRTIO_GPU_F_RESOURCE_BLOB" }, { 4, "VIRTIO_GPU_F_CONTEXT_INIT" }, { 0, NULL },
};

static const struct vct_cfg_field gpu_cfg[] = {
	{ "events_read", 0, 4, -1 }, { "events_clear", 4, 4, -1 }, { "num_scanouts", 8, 4, -1 },
	{ "num_capsets", 12, 4, -1 }, { NULL, 0, 0, 0 },
};

static const struct vct_drive drive_gpu = {
	.short_name = "gpu",
	.features = gpu_features,
	.cfg = gpu_cfg,
	.queues = {
		{ "controlq", VCT_QR_CONTROL, -1, true },
		{ "cursorq", VCT_QR_OTHER, -1, true },
	},
};

/* ---- input ---- */

static const struct vct_cfg_field input_cfg[] = {
	{ "select", 0, 1, -1 }, { "subsel", 1, 1, -1 }, { "size", 2, 1, -1 }, { NULL, 0, 0, 0 },
};

static const struct vct_drive drive_input = {
	.short_name = "input",
	.cfg = input_cfg,
	.queues = {
		{ "eventq", VCT_QR_EVENT, -1, false },
		{ "statusq", VCT_QR_TX, -1, true },
	},
};

/* ---- crypto ---- */

static const struct vct_feature crypto_features[] = {
	{ 0, "VIRTIO_CRYPTO_F_REVISION_1" }, { 1, "VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE" },
	{ 2, "VIRTIO_CRYPTO_F_HASH_STATELESS_MODE" }, { 3, "VIRTIO_CRYPTO_F_MAC_STATELESS_MODE" },
	{ 4, "VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE" }, { 5, "VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE" }, { 0, NULL },
};

static const struct vct_cfg_field crypto_cfg[] = {
	{ "status", 0, 4, -1 }, { "max_dataqueues", 4, 4, -1 }, { "crypto_services", 8, 4, -1 },
	{ "cipher_algo_l", 12, 4, -1 }, { "cipher_algo_h", 16, 4, -1 }, { "hash_algo", 20, 4, -1 },
	{ "mac_algo_l", 24, 4, -1 }, { "mac_algo_h", 28, 4, -1 }, { "aead_algo", 32, 4, -1 },
	{ "max_cipher_key_len", 36, 4, -1 }, { "max_auth_key_len", 40, 4, -1 }, { "akcipher_algo", 44, 4, -1 },
	{ "max_size", 48, 8, -1 }, { NULL, 0, 0, 0 },
};

/* dataq0 .. dataqN-1, then controlq: num_queues = max_dataqueues + 1. */
static const struct vct_queue_desc *crypto_layout(const struct vct_drive *dt, const struct vct_dev *vd,
						  const uint64_t f[2], unsigned int q)
{
	if (q >= vd->num_queues || vd->num_queues < 2)
		return NULL;
	return q + 1 == vd->num_queues ? &dt->queues[1] : &dt->queues[0];
}

static const struct vct_drive drive_crypto = {
	.short_name = "crypto",
	.features = crypto_features,
	.cfg = crypto_cfg,
	.queues = {
		{ "dataq", VCT_QR_REQUEST, -1, true },
		{ "controlq", VCT_QR_CONTROL, -1, true },
	},
	.layout = crypto_layout,
};

/* ---- mem ---- */

static const struct vct_feature mem_features[] = {
	{ 0, "VIRTIO_MEM_F_ACPI_PXM" }, { 1, "VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE" },
	{ 2, "VIRTIO_MEM_F_PERSISTENT_SUSPEND" }, { 0, NULL },
};

/* The device MAY stop working when this one is not accepted (Device Initialization). */
static const char *const mem_insists[] = { "VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE", NULL };

static const struct vct_cfg_field mem_cfg[] = {
	{ "block_size", 0, 8, -1 }, { "node_id", 8, 2, 0 }, { "addr", 16, 8, -1 }, { "region_size", 24, 8, -1 },
	{ "usable_region_size", 32, 8, -1 }, { "plugged_size", 40, 8, -1 }, { "requested_size", 48, 8, -1 },
	{ NULL, 0, 0, 0 },
};

static const struct vct_drive drive_mem = {
	.short_name = "mem",
	.features = mem_features,
	.insists = mem_insists,
	.cfg = mem_cfg,
	.queues = { { "guestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- fs ---- */

static const struct vct_feature fs_features[] = { { 0, "VIRTIO_FS_F_NOTIFICATION" }, { 0, NULL } };

/* tag[36] (a string, read whole by the fs suite) precedes these. */
static const struct vct_cfg_field fs_cfg[] = {
	{ "num_request_queues", 36, 4, -1 }, { "notify_buf_size", 40, 4, 0 }, { NULL, 0, 0, 0 },
};

/*
 * hiprio, the notification queue with VIRTIO_FS_F_NOTIFICATION, then the
 * request queues: the queues the device has beyond hiprio and (when it
 * offers the feature) the notification queue's slot; one while num_queues
 * is not known yet (vhost-user probing: QEMU's vhost-user-fs front end
 * gives a back end exactly hiprio and one request queue by default).
 */
static const struct vct_queue_desc *fs_layout(const struct vct_drive *dt, const struct vct_dev *vd,
					      const uint64_t f[2], unsigned int q)
{
	unsigned int first = vct_has(f, 0) ? 2 : 1, nreq = 1;

	if (vd->num_queues > 1u + (vct_has(vd->offered, 0) ? 1u : 0u))
		nreq = vd->num_queues - 1u - (vct_has(vd->offered, 0) ? 1u : 0u);
	if (q == 0)
		return &dt->queues[0];
	if (q == 1 && first == 2)
		return &dt->queues[1];
	return q >= first && q < first + nreq ? &dt->queues[2] : NULL;
}

static const struct vct_drive drive_fs = {
	.short_name = "fs",
	.features = fs_features,
	.cfg = fs_cfg,
	/* hiprio: FORGET and INTERRUPT, completed with nothing written; notification: FUSE notify messages */
	.queues = {
		{ "hiprio", VCT_QR_OTHER, -1, true },
		{ "notification", VCT_QR_EVENT, 0, false },
		{ "requestq", VCT_QR_REQUEST, -1, true },
	},
	.layout = fs_layout,
};

/* ---- pmem ---- */

static const struct vct_feature pmem_features[] = { { 0, "VIRTIO_PMEM_F_SHMEM_REGION" }, { 0, NULL } };

static const struct vct_cfg_field pmem_cfg[] = { { "start", 0, 8, -1 }, { "size", 8, 8, -1 }, { NULL, 0, 0, 0 } };

static const struct vct_drive drive_pmem = {
	.short_name = "pmem",
	.features = pmem_features,
	.cfg = pmem_cfg,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- gpio ---- */

static const struct vct_feature gpio_features[] = { { 0, "VIRTIO_GPIO_F_IRQ" }, { 0, NULL } };

/* padding (2 bytes at 2) is read whole by the gpio suite. */
static const struct vct_cfg_field gpio_cfg[] = {
	{ "ngpio", 0, 2, -1 }, { "gpio_names_size", 4, 4, -1 }, { NULL, 0, 0, 0 },
};

/*
 * VIRTIO_GPIO_F_IRQ is not accepted by default: eventq buffers come back
 * only on a line's interrupt, which the host drives; the gpio suite
 * negotiates it where a check needs it.
 */
static const struct vct_drive drive_gpio = {
	.short_name = "gpio",
	.features = gpio_features,
	.cfg = gpio_cfg,
	.queues = {
		{ "requestq", VCT_QR_REQUEST, -1, true },
		{ "eventq", VCT_QR_EVENT, 0, false },
	},
};

/* ---- i2c ---- */

static const struct vct_feature i2c_features[] = { { 0, "VIRTIO_I2C_F_ZERO_LENGTH_REQUEST" }, { 0, NULL } };

/* The device must refuse a driver that does not accept it (D-59132f01). */
static const char *const i2c_insists[] = { "VIRTIO_I2C_F_ZERO_LENGTH_REQUEST", NULL };

/* No configuration layout. */
static const struct vct_drive drive_i2c = {
	.short_name = "i2c",
	.features = i2c_features,
	.insists = i2c_insists,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- vsock ---- */

static const struct vct_feature vsock_features[] = {
	{ 0, "VIRTIO_VSOCK_F_STREAM" }, { 1, "VIRTIO_VSOCK_F_SEQPACKET" }, { 2, "VIRTIO_VSOCK_F_NO_IMPLIED_STREAM" },
	{ 0, NULL },
};

/* Stream sockets, said outright: the driver should accept NO_IMPLIED_STREAM when offered. */
static const char *const vsock_defaults[] = { "VIRTIO_VSOCK_F_STREAM", "VIRTIO_VSOCK_F_NO_IMPLIED_STREAM", NULL };

static const struct vct_cfg_field vsock_cfg[] = { { "guest_cid", 0, 8, -1 }, { NULL, 0, 0, 0 } };

static const struct vct_drive drive_vsock = {
	.short_name = "vsock",
	.features = vsock_features,
	.defaults = vsock_defaults,
	.cfg = vsock_cfg,
	.queues = {
		{ "rx", VCT_QR_RX, -1, false },
		{ "tx", VCT_QR_TX, -1, true },
		{ "event", VCT_QR_EVENT, -1, false },
	},
};

/* ---- spi ---- */

/* No feature bits. */
static const struct vct_cfg_field spi_cfg[] = {
	{ "cs_max_number", 0, 1, -1 }, { "cs_change_supported", 1, 1, -1 }, { "tx_nbits_supported", 2, 1, -1 },
	{ "rx_nbits_supported", 3, 1, -1 }, { "bits_per_word_mask", 4, 4, -1 }, { "mode_func_supported", 8, 4, -1 },
	{ "max_freq_hz", 12, 4, -1 }, { NULL, 0, 0, 0 },
};

static const struct vct_drive drive_spi = {
	.short_name = "spi",
	.cfg = spi_cfg,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- rtc ---- */

static const struct vct_feature rtc_features[] = { { 0, "VIRTIO_RTC_F_ALARM" }, { 0, NULL } };

/*
 * No configuration layout. VIRTIO_RTC_F_ALARM is not accepted by default:
 * alarmq buffers come back only when an alarm expires, and an alarm belongs
 * to the device's owner (it may wake the host); the rtc suite negotiates it
 * where a check needs it and only reads alarms.
 */
static const struct vct_drive drive_rtc = {
	.short_name = "rtc",
	.features = rtc_features,
	.queues = {
		{ "requestq", VCT_QR_REQUEST, -1, true },
		{ "alarmq", VCT_QR_EVENT, 0, false },
	},
};

/* ---- rpmb ---- */

/* No feature bits. */
static const struct vct_cfg_field rpmb_cfg[] = {
	{ "capacity", 0, 1, -1 }, { "max_wr_cnt", 1, 1, -1 }, { "max_rd_cnt", 2, 1, -1 }, { NULL, 0, 0, 0 },
};

static const struct vct_drive drive_rpmb = {
	.short_name = "rpmb",
	.cfg = rpmb_cfg,
	.queues = { { "requestq", VCT_QR_REQUEST, -1, true } },
};

/* ---- sound ---- */

static const struct vct_feature snd_features[] = { { 0, "VIRTIO_SND_F_CTLS" }, { 0, NULL } };

/* Control elements: vct queries them when offered. */
static const char *const snd_defaults[] = { "VIRTIO_SND_F_CTLS", NULL };

static const struct vct_cfg_field snd_cfg[] = {
	{ "jacks", 0, 4, -1 }, { "streams", 4, 4, -1 }, { "chmaps", 8, 4, -1 }, { "controls", 12, 4, 0 },
	{ NULL, 0, 0, 0 },
};

/* No stream is set up: the device completes tx and rx buffers only while one runs. */
static const struct vct_drive drive_sound = {
	.short_name = "sound",
	.features = snd_features,
	.defaults = snd_defaults,
	.cfg = snd_cfg,
	.queues = {
		{ "controlq", VCT_QR_CONTROL, -1, true },
		{ "eventq", VCT_QR_EVENT, -1, false },
		{ "txq", VCT_QR_TX, -1, false },
		{ "rxq", VCT_QR_RX, -1, false },
	},
};

/* ---- every id: the spec's Device Types table (v1.4-cs01) ---- */

const struct vct_devtype vct_devtypes[] = {
	{ 1, "network", "network device", &drive_net },
	{ 2, "block", "block device", &drive_blk },
	{ 3, "console", "console", &drive_console },
	{ 4, "entropy", "entropy source", &drive_rng },
	{ 5, "balloon", "memory ballooning (traditional)", &drive_balloon },
	{ 6, "iomemory", "ioMemory", NULL },
	{ 7, "rpmsg", "rpmsg", NULL },
	{ 8, "scsi", "SCSI host", &drive_scsi },
	{ 9, "9p", "9P transport", &drive_p9 },
	{ 10, "mac80211-wlan", "mac80211 wlan", NULL },
	{ 11, "rproc-serial", "rproc serial", NULL },
	{ 12, "caif", "virtio CAIF", NULL },
	{ 13, "memory-balloon", "memory balloon", NULL },
	{ 16, "gpu", "GPU device", &drive_gpu },
	{ 17, "rtc", "RTC (Real Time Clock) device", &drive_rtc },
	{ 18, "input", "Input device", &drive_input },
	{ 19, "vsock", "Socket device", &drive_vsock },
	{ 20, "crypto", "Crypto device", &drive_crypto },
	{ 21, "sdm", "Signal Distribution Module", NULL },
	{ 22, "pstore", "pstore device", NULL },
	{ 23, "iommu", "IOMMU device", NULL },
	{ 24, "mem", "Memory device", &drive_mem },
	{ 25, "sound", "Sound device", &drive_sound },
	{ 26, "fs", "file system device", &drive_fs },
	{ 27, "pmem", "PMEM device", &drive_pmem },
	{ 28, "rpmb", "RPMB device", &drive_rpmb },
	{ 29, "mac80211-hwsim", "mac80211 hwsim wireless simulation device", NULL },
	{ 30, "video-encoder", "Video encoder device", NULL },
	{ 31, "video-decoder", "Video decoder device", NULL },
	{ 32, "scmi", "SCMI device", NULL },
	{ 33, "nsm", "NitroSecureModule", NULL },
	{ 34, "i2c", "I2C adapter", &drive_i2c },
	{ 35, "watchdog", "Watchdog", NULL },
	{ 36, "can", "CAN device", NULL },
	{ 38, "parameter-server", "Parameter Server", NULL },
	{ 39, "audio-policy", "Audio policy device", NULL },
	{ 40, "bluetooth", "Bluetooth device", NULL },
	{ 41, "gpio", "GPIO device", &drive_gpio },
	{ 42, "rdma", "RDMA device", NULL },
	{ 43, "camera", "Camera device", NULL },
	{ 44, "ism", "ISM device", NULL },
	{ 45, "spi", "SPI controller", &drive_spi },
	{ 46, "tee", "TEE device", NULL },
	{ 47, "cpu-balloon", "CPU balloon device", NULL },
	{ 48, "media", "Media device", NULL },
	{ 49, "usb", "USB controller", NULL },
};

const size_t vct_ndevtypes = sizeof(vct_devtypes) / sizeof(vct_devtypes[0]);
