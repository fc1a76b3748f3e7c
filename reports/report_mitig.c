/* SPDX-License-Identifier: MIT */
/*
 * What a driver can do about a device that fails a check: the feature bits to
 * mask before negotiation, or the workaround it needs. One table, first match
 * wins; rows are globs on check names (or statement ids). Written for the
 * quirk sheet of `vct report`, for driver maintainers: "clear" is what to
 * drop from the device's offer, "workaround" is what to do otherwise.
 */
#include <fnmatch.h>
#include <string.h>

#include "report.h"
#include "devtype.h"
#include "util.h"

static const struct rp_mitigation table[] = {
	/* Feature negotiation and status. */
	{ "status.features_ok_refuses_unoffered", NULL,
	  "driver must only write offered bits: never rely on FEATURES_OK to reject a bit the device did not offer" },
	{ "status.features_ok_accepts_subset", NULL,
	  "accept every offered feature the driver implements, or expect FEATURES_OK to be refused for a subset; retry with the full offer" },
	{ "status.renegotiation_after_reset", NULL,
	  "after a reset, renegotiate from scratch and re-read device_feature; do not cache the old negotiation" },
	{ "status.no_work_before_driver_ok", NULL,
	  "don't notify before DRIVER_OK: make buffers available only after setting DRIVER_OK" },
	{ "status.needs_reset_*", NULL,
	  "add a per-request watchdog: a queue can stop without DEVICE_NEEDS_RESET; on timeout reset the device" },
	{ "features.version_1_offered", NULL,
	  "no modern-interface workaround: bind the legacy driver or leave the device alone" },
	{ "features.access_platform_offered", NULL,
	  "the device bypasses the IOMMU: don't hand it to untrusted guests; use bounce buffers (swiotlb) if it must sit behind one" },
	{ "features.driver_feature_readback", NULL,
	  "don't read driver_feature back to confirm the negotiation; trust what was written" },
	{ "features.window_consistent", NULL,
	  "read device_feature once per select and only for selects 0 and 1; ignore higher windows" },
	{ "features.no_reserved_bits", NULL, "ignore offered bits the driver does not know (never accept them)" },
	{ "features.no_orphan_features", NULL,
	  "only accept a feature together with the features it depends on; drop orphans from the offer" },
	{ "features.sriov_*", "VIRTIO_F_SR_IOV", "don't enable SR-IOV through virtio on this device" },

	/* Reset. */
	{ "status.reset_reads_zero", NULL,
	  "after writing 0 to device_status, poll with a timeout and fall back to a function-level reset" },
	{ "reset.clears_queue_reset", "VIRTIO_F_RING_RESET", "don't use per-queue reset" },
	{ "reset.*", NULL,
	  "after a device reset, rewrite every queue register (size, addresses, vector, enable) and feature word before use" },

	/* Ring: per-queue reset, event index, indirect descriptors. */
	{ "queue.reset_*", "VIRTIO_F_RING_RESET", "don't use per-queue reset; reset the whole device instead" },
	{ "queue.reenable_fresh_state", "VIRTIO_F_RING_RESET", "don't re-enable a reset queue; reset the whole device" },
	{ "ring.event_idx_*", "VIRTIO_F_EVENT_IDX", "use the avail-ring NO_INTERRUPT flag instead of used_event" },
	{ "ring.used_flags_zero_event_idx", "VIRTIO_F_EVENT_IDX", "ignore used->flags when EVENT_IDX is negotiated" },
	{ "ring.no_interrupt_flag_ignored_with_event_idx", "VIRTIO_F_EVENT_IDX",
	  "never set NO_INTERRUPT and rely on used_event at the same time" },
	{ "ring.used_event_ignored_without_event_idx", NULL,
	  "keep used_event at a value that would not suppress interrupts when EVENT_IDX is off" },
	{ "ring.indirect_after_direct", NULL,
	  "don't chain INDIRECT after direct descriptors (mask nothing; Linux never does this: INDIRECT only on the head)" },
	{ "ring.indirect_*", "VIRTIO_F_INDIRECT_DESC", "use direct descriptor chains only" },
	{ "ring.used_len_*", NULL,
	  "don't trust used len: clamp it to the device-writable size posted and take lengths from the protocol (status byte, header)" },
	{ "ring.no_write_to_readable", NULL,
	  "never reuse a device-readable buffer before completion; keep headers read-only copies (no driver fix for corruption)" },
	{ "ring.writes_stay_in_buffers", NULL,
	  "pad every device-writable buffer (e.g. to 64 bytes) or bounce it; the device writes past what it was given" },
	{ "ring.no_write_to_descriptors", NULL,
	  "map the descriptor table read-only to the device (IOMMU) and re-verify it; the device scribbles on it" },
	{ "ring.framing_independent", NULL,
	  "lay requests out the way this device expects (header, data and status in separate descriptors), as Linux does" },
	{ "ring.used_flags_valid", NULL, "mask reserved used->flags bits before testing NO_NOTIFY" },
	{ "ring.notify_when_flags_zero", NULL,
	  "poll the used ring on a timer as a backstop; interrupts can go missing" },
	{ "ring.no_notify_when_flags_one", NULL, "tolerate spurious interrupts (harmless; costs CPU)" },
	{ "ring.spurious_notifications", NULL, "tolerate spurious interrupts and empty used rings" },

	/* Interrupts, ISR, config space. */
	{ "msix.no_vector_no_interrupt", NULL, "map a vector to every queue; don't depend on NO_VECTOR silencing a queue" },
	{ "msix.mapped_queue_interrupts", NULL, "poll the used ring as a backstop; queue interrupts can go missing" },
	{ "msix.*", NULL,
	  "use at most the MSI-X table size in vectors and read every vector register back; fall back to INTx or one shared vector" },
	{ "isr.*", NULL, "with MSI-X, ignore ISR; without it, treat every interrupt as possibly a config change" },
	{ "config.generation_*", NULL,
	  "don't trust config_generation: read device config twice and compare until two reads agree" },
	{ "config.*", NULL, "read device config with naturally aligned accesses only, after FEATURES_OK" },

	/* Optional ring layouts and notification formats. */
	{ "packed.in_order", "VIRTIO_F_IN_ORDER", "don't negotiate IN_ORDER; walk used entries by id" },
	{ "ring.in_order_split", "VIRTIO_F_IN_ORDER", "don't negotiate IN_ORDER; walk used entries by id" },
	{ "packed.*", "VIRTIO_F_RING_PACKED", "use the split virtqueue layout" },
	{ "notify_data.*", "VIRTIO_F_NOTIFICATION_DATA", "notify with the plain queue index" },
	{ "admin.*", "VIRTIO_F_ADMIN_VQ", "don't use the administration virtqueue (no device-group management)" },

	/* Queues and PCI layout. */
	{ "queue.size_power_of_two", NULL, "choose a power-of-2 queue size (smaller than queue_size) yourself" },
	{ "queue.size_zero_beyond_num_queues", NULL, "use only queues below num_queues whose queue_size is non-zero" },
	{ "queue.split_64bit_access", NULL, "write 64-bit queue addresses as two 32-bit halves, low first" },
	{ "queue.notify_offsets_in_range", NULL,
	  "bounds-check queue_notify_off against the notify capability; refuse queues outside it" },
	{ "pci.revision_id", NULL, "don't key behaviour on the revision id" },
	{ "pci.subsystem_id", NULL, "don't key behaviour on the subsystem id" },
	{ "pci.pcicfg_*", NULL, "access the BARs directly; don't use the PCI configuration access capability" },
	{ "pci.vendor_data_*", NULL, "ignore the vendor-data capability" },
	{ "pci.*", NULL,
	  "validate every capability against the BAR size and refuse to bind on overlap (no feature mask helps)" },

	/* Device types. */
	{ "net.rx_num_buffers_one", NULL, "ignore num_buffers without MRG_RXBUF (treat it as 1)" },
	{ "net.mtu_*", "VIRTIO_NET_F_MTU", "ignore the device MTU; use 1500" },
	{ "net.max_pairs_range", "VIRTIO_NET_F_MQ", "use a single queue pair" },
	{ "net.tx_unknown_flag_ignored", NULL, "send only flags defined for the negotiated features in the net header" },
	{ "blk.wce_implies_flush", "VIRTIO_BLK_F_CONFIG_WCE", "treat the cache as write-back and send FLUSH regardless" },
	{ "blk.zone_commands_unsupported", NULL, "send zone commands only with VIRTIO_BLK_F_ZONED negotiated" },
	{ "blk.padding_zero", NULL, "ignore reserved and padding fields of the block config" },
	{ "blk.*", NULL, "verify data with a read-back in the driver's self-test; no feature mask helps" },
	{ "console.emerg_write_unconfigured", "VIRTIO_CONSOLE_F_EMERG_WRITE", "write the console through the queues only" },
	{ "rng.*", NULL, "don't use the device as an entropy source" },
};

/* Root causes (report_cause.c): "@" + the harness step the failures stopped at. */
static const struct rp_mitigation cause_table[] = {
	{ "@used ring entry", NULL,
	  "validate every used entry before use (id outstanding, len within the device-writable size, index "
	  "advancing by at most the ring size) and reset the device on a bad one; no feature mask helps" },
	{ "@queue setup", NULL,
	  "read queue_size, queue_notify_off and queue_enable back during setup and refuse the device when "
	  "they are unusable; no feature mask helps" },
	{ "@FEATURES_OK after accepting offered features", NULL,
	  "retry negotiation with fewer features; if FEATURES_OK never sticks, the device cannot be driven" },
	{ "@device_status after DRIVER_OK", NULL,
	  "check DEVICE_NEEDS_RESET after DRIVER_OK and reset once; a device that keeps it cannot be driven" },
};

const struct rp_mitigation *rp_mitigation_for_cause(const struct rp_cause *cause)
{
	for (size_t i = 0; i < sizeof(cause_table) / sizeof(cause_table[0]); i++)
		if (!strcmp(cause_table[i].match + 1, cause->what))
			return &cause_table[i];
	return NULL;
}

static const struct rp_mitigation fallback = { "*", NULL,
					       "no known driver-side workaround: report it to the vendor with the evidence" };

const struct rp_mitigation *rp_mitigation_for(const char *check, const char *stmt_id)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (check && !fnmatch(table[i].match, check, 0))
			return &table[i];
		if (stmt_id && !strcmp(table[i].match, stmt_id))
			return &table[i];
	}
	return &fallback;
}

void rp_mitigation_mask(const struct rp_mitigation *m, unsigned type, uint64_t mask[2])
{
	mask[0] = mask[1] = 0;
	if (!m->clear)
		return;
	for (unsigned bit = 0; bit < 128; bit++) {
		const char *nm = vct_feature_name((uint16_t)type, bit);
		const char *p = m->clear;
		size_t l;

		if (!nm)
			continue;
		l = strlen(nm);
		while ((p = strstr(p, nm))) {
			if ((p == m->clear || p[-1] == ',' || p[-1] == ' ') && (p[l] == 0 || p[l] == ',')) {
				vct_set(mask, bit);
				break;
			}
			p += l;
		}
	}
}
