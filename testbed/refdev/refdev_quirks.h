/* SPDX-License-Identifier: MIT */
/*
 * The refdev quirk list, kept as one X-macro so that the enum used by the
 * device and the public catalog (vct_refdev_quirks[]) cannot drift apart.
 * X(ID, name, class, types, origin, what, expect_stmt)
 *
 * expect_stmt is the device-side statement of spec-refs/ the quirk violates
 * (several ids separated by spaces when it breaks more than one);
 * the catalog has no size limit (refdev keeps the switched-on quirks as a
 * bitmap);
 * `make mutation` requires a check keyed to it to report `not ok` through
 * the check's own assertion, and every check to be shown failing so.
 *
 * Class "robustness": deviations that violate no device-side statement of the
 * spec, so they are not scored (kept for the fuzzer and for interoperability):
 *  - features-ok-no-version1: a device MAY fail to operate without VERSION_1
 *    (a MAY, D-73ee5ad5); only transitional devices must detect legacy
 *    drivers, and this device is non-transitional. Not accepting VERSION_1
 *    is the driver's violation.
 *  - reset-keeps-features: the spec gives driver_feature no value after a
 *    reset, and a conforming driver writes every feature word it uses before
 *    FEATURES_OK, so nothing a device must do is broken.
 *  - used-len-short: the device MAY write more than len (D-1577af9c); no
 *    device type used here requires len to be exact.
 *  - indirect-nested-accept: nested indirect tables (and indirect without the
 *    feature) are forbidden to the driver only; no device statement requires
 *    the device to refuse them.
 *  - queue-size-npot, ro-writable: only visible after the driver breaks its
 *    own MUST NOT (writing a non-power-of-2 queue_size; writing read-only
 *    common configuration fields); the spec says nothing of the device then.
 *  - blk-size-npot, blk-size-small: the block chapter puts no range or
 *    power-of-2 requirement on blk_size (it is a performance hint).
 *  - used-id-unavailable, used-id-twice: the split ring describes the used
 *    id (the head of the chain used) but states no device requirement on it;
 *    vct's used-entry validation refuses such entries as a driver step and
 *    the fuzzer's invalid-used-entry oracle reports them.
 *  - queue-size-zero: nothing requires a queue counted in num_queues to
 *    have a nonzero maximum size; the device just cannot be driven (bring-up
 *    fails as a driver step).
 *  - wedge-on-loop, crash-huge-len, corrupt-readable-tail: the fragile
 *    variants of the robustness suite (suites/robust/): each answers one
 *    driver violation with a bad verdict, so tests/robust.t shows wedged,
 *    crashed and corrupted reachable; the default refdev is the hardened
 *    variant (every violation it detects sets DEVICE_NEEDS_RESET).
 *  - cap-outside-bar: no device-side sentence requires a virtio structure to
 *    lie inside its BAR (only shared memory regions, D-000493a0); vct
 *    refuses such a capability as a driver must.
 */
#ifndef VCT_REFDEV_QUIRKS_H
#define VCT_REFDEV_QUIRKS_H

#define C_ "conformance"
#define F_ "fuzz-only"
#define R_ "robustness"

#define REFDEV_QUIRKS(X) \
X(CRYPTO_DATAQUEUES_ZERO, "crypto-dataqueues-zero", C_, "crypto", \
  "max_dataqueues counted from 0 like a queue index", \
  "reports max_dataqueues 0 (it has one data queue)", "D-69f00726") \
X(CRYPTO_STATUS_UNDEFINED, "crypto-status-undefined", C_, "crypto", \
  "status register that exposes an internal busy bit", \
  "reports status 0x81: bit 7 set besides VIRTIO_CRYPTO_S_HW_READY", "D-47db6d6d D-1b1e36e9") \
X(CRYPTO_CTRL_STALLS, "crypto-ctrl-stalls", C_, "crypto", \
  "control path waiting on a back-end handshake that never comes", \
  "says VIRTIO_CRYPTO_S_HW_READY but never completes a control request", "D-70bbcf7c") \
X(CRYPTO_AEAD_UNBACKED, "crypto-aead-unbacked", C_, "crypto", \
  "service mask copied from the hardware's data sheet, not from what the firmware implements", \
  "advertises the AEAD service (AES-GCM) but answers NOTSUPP to every AEAD session", "D-f6f4c265") \
X(CRYPTO_MAC_MASK_EMPTY, "crypto-mac-mask-empty", C_, "crypto", \
  "service bit set, algorithm mask left at its reset value", \
  "advertises the MAC service with mac_algo_l and mac_algo_h 0", "D-843996a0") \
X(CRYPTO_HASH_MASK_UNDEFINED, "crypto-hash-mask-undefined", C_, "crypto", \
  "vendor algorithm numbered into the spec's algorithm mask", \
  "sets bit 20 of hash_algo, which no algorithm defines", "D-3bd9b88d") \
X(CRYPTO_MAX_SIZE_ZERO, "crypto-max-size-zero", C_, "crypto", \
  "max_size never filled in", "reports max_size 0", "D-f6a49c48") \
X(CRYPTO_KEY_LEN_ZERO, "crypto-key-len-zero", C_, "crypto", \
  "max_cipher_key_len never filled in", "reports max_cipher_key_len 0 while offering CIPHER", "D-18476373") \
X(CRYPTO_AUTH_KEY_LEN_ZERO, "crypto-auth-key-len-zero", C_, "crypto", \
  "max_auth_key_len never filled in", "reports max_auth_key_len 0 while offering MAC", "D-94a204da") \
X(CRYPTO_CREATE_FLF_UNPADDED, "crypto-create-flf-unpadded", C_, "crypto", \
  "MAC session parser that uses the revision-1 layout whatever was negotiated", \
  "takes a MAC session's key from right after the 16-byte fixed part instead of the padded 56 bytes", \
  "D-158c1c69") \
X(CRYPTO_KEY_IGNORED, "crypto-key-ignored", C_, "crypto", \
  "session key buffer allocated but never copied from the request", \
  "creates cipher sessions with an all-zero key instead of the key in the request", "D-a7687e20") \
X(CRYPTO_CREATE_INVSESS, "crypto-create-invsess", C_, "crypto", \
  "one error code for every session failure", \
  "answers VIRTIO_CRYPTO_INVSESS to a session create of an unsupported algorithm", "D-a1b3d162") \
X(CRYPTO_SESSION_ID_REUSED, "crypto-session-id-reused", C_, "crypto", \
  "session id taken from the count of open sessions", \
  "gives a new session the id (open sessions + 1), which a live session may hold", "D-315eab11") \
X(CRYPTO_DESTROY_INVSESS, "crypto-destroy-invsess", C_, "crypto", \
  "destroy of an unknown session answered with the data path's code", \
  "answers VIRTIO_CRYPTO_INVSESS to destroying a session that does not exist", "D-3c822412") \
X(CRYPTO_CIPHER_DST_UNWRITTEN, "crypto-cipher-dst-unwritten", C_, "crypto", \
  "cipher result left in the engine's bounce buffer", \
  "answers cipher requests VIRTIO_CRYPTO_OK without writing dst_data", "D-79277e5b") \
X(CRYPTO_CIPHER_IV_IGNORED, "crypto-cipher-iv-ignored", C_, "crypto", \
  "IV from the variable-length part never loaded into the engine", \
  "encrypts and decrypts with an all-zero IV instead of the request's iv", "D-acc599db") \
X(CRYPTO_OPCODE_IGNORED, "crypto-opcode-ignored", C_, "crypto", \
  "data requests dispatched by the session's service, not by the request's opcode", \
  "runs a data request as its session's service whatever the opcode says", "D-0328292e") \
X(CRYPTO_BADSESS_ERR, "crypto-badsess-err", C_, "crypto", \
  "one error code for every data request failure", \
  "answers VIRTIO_CRYPTO_ERR to data requests naming a session that does not exist", \
  "D-1d39a849 D-ae0f4981 D-7d87c282 D-c284c29e D-d0beaf99") \
X(CRYPTO_STATELESS_FLAG_IGNORED, "crypto-stateless-flag-ignored", C_, "crypto", \
  "stateless mode advertised, the data path still session-only", \
  "offers the stateless modes but reads every data request as a session-mode one, whatever its flag", \
  "D-ccdac72f D-e5db784c D-cdd38b26 D-98c9b2f4 D-76a46ac0") \
X(CRYPTO_CHAIN_HASH_WHOLE_SRC, "crypto-chain-hash-whole-src", C_, "crypto", \
  "chained hash always taken over the whole source buffer", \
  "ignores hash_start_src_offset and len_to_hash of an algorithm-chaining request", "D-b7fc3a58") \
X(CRYPTO_CHAIN_AAD_ALWAYS, "crypto-chain-aad-always", C_, "crypto", \
  "AAD parser that runs whatever aad_len says", \
  "reads 16 bytes of AAD after the source of a chaining request whose aad_len is 0, and fails it", "D-eeea3773") \
X(CRYPTO_CHAIN_HASH_UNWRITTEN, "crypto-chain-hash-unwritten", C_, "crypto", \
  "chained hash computed but never copied out", \
  "answers algorithm-chaining requests OK without writing hash_result", "D-f20fe85c") \
X(CRYPTO_AKCIPHER_DST_UNWRITTEN, "crypto-akcipher-dst-unwritten", C_, "crypto", \
  "asymmetric result left in the engine's buffer", \
  "answers RSA encryptions VIRTIO_CRYPTO_OK without writing dst_data", "D-f5a6b8d4") \
X(CRYPTO_HASH_TRUNCATED, "crypto-hash-truncated", C_, "crypto", \
  "digest copied with a fixed 16-byte length", \
  "writes only the first 16 bytes of a longer hash or MAC result", "D-99efe397 D-b217f9b4") \
X(CRYPTO_HASH_FLF_UNPADDED, "crypto-hash-flf-unpadded", C_, "crypto", \
  "HASH and MAC data parser that uses the revision-1 layout whatever was negotiated", \
  "reads a HASH or MAC request's source data right after the 8-byte fixed part instead of the padded 48 bytes", \
  "D-3079dbd8") \
X(CRYPTO_AEAD_DST_UNWRITTEN, "crypto-aead-dst-unwritten", C_, "crypto", \
  "AEAD result left in the engine's bounce buffer", \
  "answers AEAD requests VIRTIO_CRYPTO_OK without writing dst_data", "D-cc5ffc15") \
X(CRYPTO_AEAD_TAG_FIRST, "crypto-aead-tag-first", C_, "crypto", \
  "engine output order (tag, then ciphertext) copied as is", \
  "writes the authentication tag before the ciphertext in dst_data", "D-bc890e15") \
X(CRYPTO_AEAD_NO_VERIFY, "crypto-aead-no-verify", C_, "crypto", \
  "decryption path that computes the tag but never compares it", \
  "decrypts AEAD data with a wrong tag and answers VIRTIO_CRYPTO_OK", "D-a6535915") \
X(MEM_RESET_SCRUBS, "mem-reset-scrubs", C_, "mem", \
  "virtio reset that re-initializes the whole region, plugged blocks included", \
  "zeroes the memory of plugged blocks at a virtio reset", "D-1ffce7a0") \
X(MEM_PLUG_SCRUBS, "mem-plug-scrubs", C_, "mem", \
  "plug path that re-populates the region from the start instead of the new blocks only", \
  "zeroes the memory of every plugged block when it plugs another", "D-81611eb5") \
X(MEM_PLUGGED_LOST, "mem-plugged-lost", C_, "mem", \
  "plugged blocks backed by a mapping the guest's writes never reach", \
  "gives the driver a fresh zeroed page for every access to plugged memory: what it wrote is gone", "D-a6224186") \
X(MEM_BLOCK_NPOT, "mem-block-npot", C_, "mem", \
  "block size derived from a 3 MiB hugepage-like allocation unit", \
  "reports block_size 3 MiB, not a power of two", "D-7ae4d93e") \
X(MEM_REQUESTED_UNALIGNED, "mem-requested-unaligned", C_, "mem", \
  "requested size taken from the host in bytes without rounding it to the block size", \
  "requested_size is 16 blocks plus 4 KiB", "D-c1f527d9") \
X(MEM_USABLE_SHORT, "mem-usable-short", C_, "mem", \
  "usable region sized from half the request, growing only as the driver plugs", \
  "usable_region_size is half of requested_size", "D-8d539d03") \
X(MEM_USABLE_FOLLOWS, "mem-usable-follows", C_, "mem", \
  "usable region recomputed from every new requested size, down as well as up", \
  "shrinks usable_region_size when its host lowers requested_size", "D-257d02ae") \
X(MEM_RESIZE_SILENT, "mem-resize-silent", C_, "mem", \
  "resize path that updates the configuration but forgets the notification", \
  "changes requested_size (and the usable region) on its host's request without a configuration change notification", \
  "D-64421b1f") \
X(MEM_PLUG_NOTIFIES, "mem-plug-notifies", C_, "mem", \
  "every configuration write funnelled through one helper that always notifies", \
  "sends a configuration change notification whenever plugged_size changes", "D-c6a57764") \
X(MEM_ADDR_MOVES, "mem-addr-moves", C_, "mem", \
  "region placed anew at every device reset", \
  "moves addr up by one block at every virtio reset", "D-3a44ecf1") \
X(MEM_RESET_UNPLUGS, "mem-reset-unplugs", C_, "mem", \
  "virtio reset handled like a system reset", \
  "unplugs every block at a virtio reset", "D-208dba8a") \
X(MEM_HDR_PAD_STRICT, "mem-hdr-pad-strict", C_, "mem", \
  "request parser that validates the whole header", \
  "answers ERROR to any request whose header padding (bytes 2-7) is not zero", \
  "D-9b0d9181 D-ad2e61de D-e20767a6 D-bd01370e") \
X(MEM_DATA_PAD_STRICT, "mem-data-pad-strict", C_, "mem", \
  "request parser that validates the padding of the request-specific data", \
  "answers ERROR to any request whose bytes 18-23 (the request-specific padding) are not zero", \
  "D-0e810789 D-98378de6 D-4264268d D-8d1ce9b8") \
X(MEM_ZERO_BLOCKS_OK, "mem-zero-blocks-ok", C_, "mem", \
  "range check written as a loop over the blocks, which an empty range passes", \
  "acknowledges PLUG, UNPLUG and STATE requests of 0 blocks", "D-a1e1fe51 D-71aaa33d D-3da22ad9") \
X(MEM_REPLUG_ACK, "mem-replug-ack", C_, "mem", \
  "plug made idempotent", \
  "acknowledges a PLUG that covers blocks already plugged", "D-a97e637b") \
X(MEM_UNPLUG_UNPLUGGED_ACK, "mem-unplug-unplugged-ack", C_, "mem", \
  "unplug made idempotent", \
  "acknowledges an UNPLUG that covers blocks already unplugged", "D-2d2151a0") \
X(MEM_PLUG_NACK, "mem-plug-nack", C_, "mem", \
  "response code taken from a stale limit check after the work was done", \
  "plugs the blocks of a valid PLUG but answers NACK", "D-fea6ed46") \
X(MEM_UNPLUG_NACK, "mem-unplug-nack", C_, "mem", \
  "response code taken from a stale check after the work was done", \
  "unplugs the blocks of a valid UNPLUG but answers NACK", "D-c9015b3f") \
X(MEM_PLUGGED_STALE_PLUG, "mem-plugged-stale-plug", C_, "mem", \
  "plugged size recomputed only on unplug", \
  "leaves plugged_size unchanged after an acknowledged PLUG", "D-bf1dd781 D-290968f6") \
X(MEM_PLUGGED_STALE_UNPLUG, "mem-plugged-stale-unplug", C_, "mem", \
  "plugged size recomputed only on plug", \
  "leaves plugged_size unchanged after an acknowledged UNPLUG", "D-e38ad66d D-290968f6") \
X(MEM_UNPLUG_ALL_BUSY, "mem-unplug-all-busy", C_, "mem", \
  "UNPLUG_ALL answered before the asynchronous unplug was seen to finish", \
  "unplugs every block on UNPLUG_ALL but answers BUSY", "D-9ff40f9e") \
X(MEM_UNPLUG_ALL_STALE, "mem-unplug-all-stale", C_, "mem", \
  "UNPLUG_ALL clearing the block bitmap but not the size counter", \
  "leaves plugged_size unchanged after an acknowledged UNPLUG_ALL", "D-95313a01") \
X(MEM_STATE_ERROR_MULTI, "mem-state-error-multi", C_, "mem", \
  "STATE implemented for one block at a time", \
  "answers ERROR to a valid STATE request of more than one block", "D-23ad7f28") \
X(MEM_STATE_SWAPPED, "mem-state-swapped", C_, "mem", \
  "state values taken from a bitmap with the opposite polarity", \
  "reports PLUGGED for unplugged blocks and UNPLUGGED for plugged ones", "D-d3f97d71 D-12a8d7ca") \
X(MEM_STATE_FIRST_ONLY, "mem-state-first-only", C_, "mem", \
  "STATE answered from the first block of the range", \
  "reports the state of the first block of a STATE range, never MIXED", "D-8326ad2e") \
X(FEATURES_OK_UNOFFERED, "features-ok-unoffered", C_, "*", \
  "device firmware that latches whatever the driver writes to driver_feature and never validates it", \
  "keeps FEATURES_OK set although the driver accepted feature bits the device never offered", "D-2cd1add1") \
X(FEATURES_OK_NO_V1, "features-ok-no-version1", R_, "*", \
  "transitional-era devices that still accept a legacy (pre-1.0) feature set on the modern interface", \
  "keeps FEATURES_OK set although the driver did not accept VERSION_1", "") \
X(RESET_KEEPS_FEATURES, "reset-keeps-features", R_, "*", \
  "device reset implemented as 'clear status only', leaving the negotiated feature latch alone", \
  "driver_feature and the negotiated features survive a device reset", "") \
X(RESET_KEEPS_QUEUES, "reset-keeps-queues", C_, "*", \
  "reset path that forgets per-queue registers, seen in hardware virtqueue engines", \
  "queue size, addresses, vectors and queue_enable survive a device reset", "D-40ef3a9b D-ea471510") \
X(RESET_STATUS_STICKY, "reset-status-sticky", C_, "*", \
  "device whose status register is a plain latch updated only by non-zero writes", \
  "device_status keeps reading the old value after the driver writes 0", "D-e96f18da") \
X(PROCESS_BEFORE_DRIVER_OK, "process-before-driver-ok", C_, "*", \
  "backends that start their queue workers as soon as a queue is enabled", \
  "consumes available buffers before DRIVER_OK is set", "D-0ec6171d") \
X(IRQ_BEFORE_DRIVER_OK, "irq-before-driver-ok", C_, "*", \
  "devices that raise a 'ready' or config interrupt during initialisation", \
  "signals the config vector at FEATURES_OK and a queue vector at queue_enable, before DRIVER_OK", "D-0ec6171d") \
X(USED_LEN_LONG, "used-len-long", C_, "*", \
  "used length computed from the buffer size instead of the bytes actually produced", \
  "reports 8 bytes more in used len than it wrote", "D-6a2ebd0e") \
X(USED_LEN_SHORT, "used-len-short", R_, "*", \
  "off-by-one in the used-length accounting (trailing status byte not counted)", \
  "reports one byte less in used len than it wrote", "") \
X(USED_LEN_ZERO, "used-len-zero", C_, "*", \
  "device that always returns 0 in used len, a classic report against virtio drivers that trust it", \
  "reports used len 0 although it wrote data", "D-682443f6") \
X(WRITE_READABLE, "write-readable", C_, "*", \
  "device reusing the request header buffer as scratch space", \
  "modifies a byte of a device-readable buffer", "D-d61ea6f6 D-eff2e9ae") \
X(WRITE_PAST_LEN, "write-past-len", C_, "*", \
  "DMA engine that rounds transfers up to its burst size", \
  "writes 4 bytes past the end of the last device-writable buffer", "D-d61ea6f6 D-eff2e9ae") \
X(USED_ID_UNAVAILABLE, "used-id-unavailable", R_, "*", \
  "ring bookkeeping bug returning the neighbouring descriptor index", \
  "returns head+1 in the used ring instead of the head it consumed", "") \
X(USED_ID_TWICE, "used-id-twice", R_, "*", \
  "completion path that can run twice for one request after a retry", \
  "puts every consumed chain into the used ring twice", "") \
X(USED_IDX_JUMP, "used-idx-jump", C_, "*", \
  "used index advanced by the batch size instead of the entries written", \
  "advances used idx by 2 for each used entry, leaving a stale slot", "D-0b166af0") \
X(INDIRECT_NEXT_WRONG, "indirect-next-wrong", C_, "*", \
  "indirect support bolted on so that 'next' is resolved against the main table", \
  "follows NEXT inside an indirect table through the main descriptor table", "D-56cb3895") \
X(INDIRECT_NESTED_ACCEPT, "indirect-nested-accept", R_, "*", \
  "recursive descriptor walker without a depth limit", \
  "follows an indirect descriptor inside an indirect table instead of failing", "") \
X(IGNORE_QUEUE_ENABLE, "ignore-queue-enable", C_, "*", \
  "device that starts every queue at DRIVER_OK regardless of queue_enable", \
  "processes notifications on a queue the driver never enabled", "D-17f4dd79") \
X(IGNORE_QUEUE_RESET, "ignore-queue-reset", C_, "*", \
  "device that advertises RING_RESET but drops writes to queue_reset", \
  "ignores queue_reset; the queue stays enabled with its old state", "D-3dadb5df") \
X(QUEUE_SIZE_NPOT, "queue-size-npot", R_, "*", \
  "queue size register implemented as plain storage without validation", \
  "accepts and reads back a queue_size that is not a power of 2", "") \
X(QUEUE_SIZE_ZERO, "queue-size-zero", R_, "*", \
  "device that reports 0 for its last queue while still counting it in num_queues", \
  "queue_size reads 0 for the last existing queue", "") \
X(CONFIG_GEN_STUCK, "config-gen-stuck", C_, "blk,net,console", \
  "device that never implemented config_generation (always 0 / constant)", \
  "config_generation does not change when device-specific configuration changes", "D-53215f10") \
X(CONFIG_IRQ_NO_ISR, "config-irq-no-isr", C_, "blk,net,console", \
  "interrupt path that signals MSI-X without updating the ISR register", \
  "sends a configuration change notification without setting ISR bit 1", "D-2f1fe287") \
X(ISR_NO_CLEAR, "isr-no-clear", C_, "*", \
  "ISR implemented as write-1-to-clear instead of read-to-clear", \
  "reading ISR status does not clear it", "D-3150b6cf") \
X(NO_NEEDS_RESET, "no-needs-reset", C_, "*", \
  "device that silently stops a queue on an internal error", \
  "never sets DEVICE_NEEDS_RESET on a fatal error (the queue just stops)", "D-5aeb6583") \
X(MSIX_VECTOR_NO_FAIL, "msix-vector-no-fail", C_, "*", \
  "vector registers stored without checking the MSI-X table size", \
  "queue/config MSI-X vector registers read back out-of-range values instead of NO_VECTOR", "D-24b90aac") \
X(EVENT_IDX_IGNORE, "event-idx-ignore", C_, "*", \
  "device offering EVENT_IDX but interrupting on every completion", \
  "ignores used_event and interrupts after every batch", "D-38507fef") \
X(NO_INTERRUPT_IGNORE, "no-interrupt-ignore", C_, "*", \
  "device that never looks at the avail ring flags", \
  "ignores VIRTQ_AVAIL_F_NO_INTERRUPT", "D-048b5675") \
X(NO_ACCESS_PLATFORM, "no-access-platform", C_, "*", \
  "devices that assume guest-physical DMA and omit ACCESS_PLATFORM although they sit behind an IOMMU", \
  "does not offer VIRTIO_F_ACCESS_PLATFORM", "D-84a30292") \
X(BLK_SIZE_NPOT, "blk-size-npot", R_, "blk", \
  "disks formatted with 520-byte sectors passed through unchanged", \
  "blk_size is 520", "") \
X(BLK_SIZE_SMALL, "blk-size-small", R_, "blk", \
  "emulated media reporting a 256-byte block size", \
  "blk_size is 256", "") \
X(NET_MTU_SMALL, "net-mtu-small", C_, "net", \
  "NIC firmware reporting an uninitialised or truncated MTU", \
  "offers VIRTIO_NET_F_MTU with mtu 60 (below the Ethernet minimum of 68)", "D-739faec6") \
X(NET_MQ_PAIRS_BAD, "net-mq-pairs-bad", C_, "net", \
  "multiqueue NIC reporting 0 queue pairs when multiqueue is disabled in its firmware", \
  "offers VIRTIO_NET_F_MQ with max_virtqueue_pairs 0", "D-0f99af61") \
X(NET_NUM_BUFFERS_ZERO, "net-num-buffers-zero", C_, "net", \
  "backend copying the transmit-side header (num_buffers 0) into received frames", \
  "receive headers carry num_buffers 0 without MRG_RXBUF", "D-cd97207f") \
X(NUM_QUEUES_WRONG, "num-queues-wrong", C_, "*", \
  "num_queues counting only data queues (control queue forgotten) or off by one", \
  "num_queues reads one less than the number of queues the device has", "D-c4bfe055") \
X(NOTIFY_MULT_ODD, "notify-mult-odd", C_, "*", \
  "notify stride set to a byte count that is not a power of two", \
  "notify_off_multiplier is 3", "D-45769cdd D-7b799b1f") \
X(CAP_OUTSIDE_BAR, "cap-outside-bar", R_, "*", \
  "capability lengths copied from a larger BAR layout of another product", \
  "the notify capability extends beyond the end of BAR 4", "") \
X(FEATURE_SELECT_GARBAGE, "feature-select-garbage", C_, "*", \
  "feature window decoded with too few select bits, aliasing higher selects", \
  "device_feature reads nonzero garbage for device_feature_select >= 4 (beyond bit 127)", "D-f44c920e") \
X(RO_WRITABLE, "ro-writable", R_, "*", \
  "register file implemented as RAM: read-only fields keep whatever is written", \
  "writes to device_feature, num_queues, config_generation and queue_notify_off stick", "") \
X(PCI_CFG_CAP_DEAD, "pci-cfg-cap-dead", C_, "*", \
  "devices advertising VIRTIO_PCI_CAP_PCI_CFG without implementing the window", \
  "the PCI configuration access capability reads 0 and drops writes", "D-4520360c D-d37c6ff3") \
X(HANG_LONG_CHAIN, "hang-long-chain", F_, "*", \
  "firmware with a fixed scatter-gather table that wedges on long chains", \
  "a chain longer than 8 descriptors stops the queue for good, without NEEDS_RESET", "") \
X(CRASH_DESC_LOOP, "crash-desc-loop", F_, "*", \
  "descriptor walker whose loop diagnostics index one past its scratch array", \
  "on a descriptor loop reads one entry past a heap array (ASan reports it)", "") \
X(STRAY_WRITE_ODD, "stray-write-odd", F_, "*", \
  "16-bit DMA engine that pads odd-length writes", \
  "writes one extra byte after every odd-length device-writable buffer", "") \
X(LIVE_VECTOR_LATCHED, "live-vector-latched", F_, "*", \
  "interrupt routing latched when a queue is enabled, the register file updated apart from it", \
  "a queue_msix_vector written after queue_enable reads back but does not route: NO_VECTOR keeps firing the old vector", \
  "D-b3453c84") \
X(ADMIN_STATUS_UNINIT, "admin-status-uninit", C_, "*", \
  "admin command engine that reuses its response header without clearing it between commands", \
  "(implies ,admin) a successful command carries the previous command's status_qualifier", "D-1c046c1e") \
X(ADMIN_OUT_OF_ORDER, "admin-out-of-order", C_, "*", \
  "multi-threaded admin command backend that lets a later command overtake an earlier one", \
  "(implies ,admin) of two commands queued together, executes the second before the first", "D-cc250e8d") \
X(ADMIN_SHORT_BUFFER_FAIL, "admin-short-buffer-fail", C_, "*", \
  "firmware that checks the response buffer against its full result size instead of truncating", \
  "(implies ,admin) fails a command with EINVAL when the result does not fit the writable part", "D-1055dfed") \
X(ADMIN_UNUSED_OPCODE_OK, "admin-unused-opcode-ok", C_, "*", \
  "owner device that only checks opcodes against what it supports, not against LIST_USE", \
  "(implies ,admin) executes supported commands the driver never enabled with LIST_USE", "D-460dfe4a") \
X(ADMIN_EINVAL_SIDE_EFFECT, "admin-einval-side-effect", C_, "*", \
  "resource allocator that reserves the object id before validating the rest of the command", \
  "(implies ,admin) a RESOURCE_OBJ_CREATE refused for an invalid member still takes the id", "D-2ddf37a0") \
X(SUSPEND_EARLY, "suspend-early", C_, "*", \
  "live-migration support that acts on the SUSPEND bit without tracking whether initialization finished", \
  "takes the SUSPEND bit before DRIVER_OK (or without VIRTIO_F_SUSPEND negotiated) instead of ignoring it", "D-02561016") \
X(SUSPEND_KEEPS_RUNNING, "suspend-keeps-running", C_, "*", \
  "a data path in a separate thread that is never told the device was suspended", \
  "reports itself suspended but goes on consuming buffers and notifying", "D-7c8c9e55") \
X(SUSPEND_NOTIFIES, "suspend-notifies", C_, "blk,net,console", \
  "a configuration path that signals changes regardless of the device state", \
  "sends a configuration change notification while suspended instead of at resume", "D-5a8abaca") \
X(CONFIG_GEN_EARLY, "config-gen-early", C_, "blk", \
  "firmware that bumps config_generation when a change starts and copies the new fields in afterwards", \
  "a host-side change moves config_generation, but its second field (opt_io_size) lands one full read later, with no further generation change", "D-53215f10") \
X(CONFIG_IRQ_NO_VECTOR, "config-irq-no-vector", C_, "blk,net,console", \
  "interrupt routing that sends every configuration event to vector 0 when none is mapped", \
  "delivers a configuration change interrupt although config_msix_vector is NO_VECTOR", "D-b7ecd2b0") \
X(CONFIG_GEN_AFTER_DRIVER_OK, "config-gen-after-driver-ok", C_, "blk,net,console", \
  "a generation counter bumped only on the notification path, which is skipped before DRIVER_OK (QEMU 7.2's virtio_notify_config)", \
  "a host-side change before DRIVER_OK alters the configuration but not config_generation", "D-53215f10") \
X(REVISION_ZERO, "revision-zero", C_, "*", \
  "board whose PCI Revision ID register was never programmed by the firmware", \
  "PCI Revision ID reads 0 on a non-transitional device", "D-a3af87c7") \
X(SUBSYSTEM_ID_LOW, "subsystem-id-low", C_, "*", \
  "non-transitional device keeping the transitional convention (subsystem id = virtio type)", \
  "PCI Subsystem Device ID reads the virtio device type (below 0x40)", "D-afe4ac2d") \
X(INTPIN_INVALID, "intpin-invalid", C_, "*", \
  "configuration header image copied from an uninitialised ROM", \
  "Interrupt Pin reads 0xff (PCI allows 0 to 4)", "D-dd2bdc50") \
X(COMMON_CAP_MISALIGNED, "common-cap-misaligned", C_, "*", \
  "second common configuration structure mirrored at an odd place for a boot firmware driver", \
  "presents a second common configuration capability at BAR offset 0x2", "D-c1374aad") \
X(NOTIFY_CAP_EXTRA_ODD, "notify-cap-extra-odd", C_, "*", \
  "alternative notification structure placed at a byte offset by a layout tool", \
  "presents a second notification capability at an odd BAR offset", "D-a928ab16") \
X(NOTIFY_CAP_EXTRA_EMPTY, "notify-cap-extra-empty", C_, "*", \
  "placeholder notification capability left in the list with its length unset", \
  "presents a second notification capability of length 0", "D-9ba83695") \
X(NOTIFY_OFFSET_2, "notify-offset-2", C_, "*", \
  "notification structure placed 2 bytes into its page (fine for 16-bit notifications only)", \
  "the notification structure starts at BAR offset 0x3002", "D-51960018") \
X(NOTIFY_LENGTH_SHORT, "notify-length-short", C_, "*", \
  "notification structure length covering one 16-bit register instead of every queue's", \
  "notify cap.length is 2", "D-cc077936 D-bfb907a1 D-5ecbef11 D-a4dedee6") \
X(CAP_LEN_SHORT, "cap-len-short", C_, "*", \
  "capability length field counting only the generic virtio_pci_cap header", \
  "presents a second notification capability whose cap_len (16) leaves out notify_off_multiplier", "D-921fa269") \
X(NO_ISR_CAP, "no-isr-cap", C_, "*", \
  "MSI-X-only device that dropped the ISR structure", \
  "presents no VIRTIO_PCI_CAP_ISR_CFG capability", "D-7941e7f9") \
X(NO_PCI_CFG_CAP, "no-pci-cfg-cap", C_, "*", \
  "device that never implemented the PCI configuration access window", \
  "presents no VIRTIO_PCI_CAP_PCI_CFG capability", "D-31f42518") \
X(SHM_OUTSIDE_BAR, "shm-outside-bar", C_, "*", \
  "shared memory window sized for the larger BAR of another board revision", \
  "presents a shared memory capability that extends past the end of BAR 4", "D-000493a0") \
X(SHM_ID_TWICE, "shm-id-twice", C_, "*", \
  "shared memory capabilities generated from a template without renumbering the id", \
  "presents two shared memory capabilities with id 0", "D-480f65b9") \
X(VENDOR_DATA_VIRTIO_ID, "vendor-data-virtio-id", C_, "*", \
  "vendor data capability filled in with the virtio vendor id instead of the vendor's own", \
  "presents a vendor data capability with vendor_id 0x1af4", "D-051affbc") \
X(VENDOR_DATA_ODD_LEN, "vendor-data-odd-len", C_, "*", \
  "vendor data capability with a byte-counted length", \
  "presents a vendor data capability with cap_len 10", "D-ed94690f") \
X(VENDOR_DATA_COUNTER, "vendor-data-counter", C_, "*", \
  "vendor data capability exposing a read-to-advance event counter", \
  "a vendor data capability whose last dword changes on every read", "D-5740c507") \
X(MSIX_SIZE_OVERSTATED, "msix-size-overstated", C_, "*", \
  "MSI-X Table Size copied from a bigger product of the same family", \
  "MSI-X Table Size says one more vector than the device can map", "D-f5fca191") \
X(MSIX_ONE_VECTOR, "msix-one-vector", C_, "*", \
  "low-end function given a single MSI-X vector", \
  "MSI-X Table Size is 1", "D-b1555ff0") \
X(MSIX_MAP_LIMITED, "msix-map-limited", C_, "*", \
  "queue vector register only wide enough for vectors 0 and 1", \
  "queue_msix_vector refuses (reads NO_VECTOR for) vectors above 1", "D-dc445224") \
X(MSIX_NO_UNMAP, "msix-no-unmap", C_, "*", \
  "vector registers that treat NO_VECTOR as an invalid value and keep the old mapping", \
  "writing NO_VECTOR to a vector register keeps the previous mapping", "D-642262ab") \
X(MSIX_VECTOR_SHARED, "msix-vector-shared", C_, "*", \
  "one queue_msix_vector latch shared by every queue instead of one per queue", \
  "queue_msix_vector reads the vector last written for any queue", "D-3d9bc67a") \
X(MSIX_UNMAPPED_FIRES, "msix-unmapped-fires", C_, "*", \
  "interrupt path that falls back to vector 0 for an unmapped queue", \
  "a queue at NO_VECTOR interrupts on vector 0", "D-b3453c84") \
X(USED_NOTIFY_LOST, "used-notify-lost", C_, "*", \
  "completion path that updates the used ring but never raises the queue interrupt", \
  "sends no used buffer notification (MSI-X or ISR) although the driver asked for them", "D-49b10d74") \
X(INTX_NO_ISR_BIT, "intx-no-isr-bit", C_, "*", \
  "INTx path that asserts the line without setting the ISR queue bit", \
  "with MSI-X disabled, a used buffer notification leaves ISR bit 0 clear", "D-7bcc86e5") \
X(INTX_STATUS_STUCK, "intx-status-stuck", C_, "*", \
  "PCI Interrupt Status bit latched on the first interrupt and never recomputed", \
  "with MSI-X disabled, the PCI Status interrupt bit stays set after ISR is read", "D-306cacec") \
X(NO_VERSION_1, "no-version-1", C_, "*", \
  "modern interface put on a legacy-first firmware that forgot to set the VERSION_1 bit", \
  "does not offer VIRTIO_F_VERSION_1", "D-e677b7f2") \
X(FEATURE_WINDOW_LAG, "feature-window-lag", C_, "*", \
  "feature window latched one select late (the select register feeds a pipelined mux)", \
  "device_feature shows the window of the previous device_feature_select", "D-f0fbf850") \
X(DRIVER_FEATURE_WRITE_ONLY, "driver-feature-write-only", C_, "*", \
  "driver_feature implemented as a write-only strobe", \
  "driver_feature reads 0 whatever the driver wrote", "D-dafedb26") \
X(NOTIF_CONFIG_DATA_ORPHAN, "notif-config-data-orphan", C_, "*", \
  "feature mask that enables NOTIF_CONFIG_DATA independently of NOTIFICATION_DATA", \
  "offers VIRTIO_F_NOTIF_CONFIG_DATA without VIRTIO_F_NOTIFICATION_DATA", "D-f70ce85a") \
X(SRIOV_BIT_NO_CAP, "sriov-bit-no-cap", C_, "*", \
  "feature mask shared between the PF and VF images, so a function without SR-IOV offers it", \
  "offers VIRTIO_F_SR_IOV without an SR-IOV capability", "D-6d9af5fa") \
X(ADMIN_SRIOV_BIT_MISSING, "admin-sriov-bit-missing", C_, "*", \
  "PF firmware that advertises the SR-IOV capability but masks the virtio feature bit", \
  "(implies ,admin) presents the SR-IOV capability without offering VIRTIO_F_SR_IOV", "D-31cb48d0") \
X(FEATURES_OK_ALL_OR_NOTHING, "features-ok-all-or-nothing", C_, "*", \
  "device that only validated the feature set its own driver negotiates (everything offered)", \
  "refuses FEATURES_OK unless the driver accepted every offered feature", "D-3dd90dd0") \
X(RENEGOTIATION_REFUSED, "renegotiation-refused", C_, "*", \
  "firmware that consumes its feature tables on the first negotiation", \
  "refuses FEATURES_OK for a feature set it already accepted once", "D-ecd8d8b2") \
X(NEEDS_RESET_SILENT, "needs-reset-silent", C_, "*", \
  "error path that sets DEVICE_NEEDS_RESET without raising the configuration interrupt", \
  "enters DEVICE_NEEDS_RESET after DRIVER_OK without a configuration change notification", "D-81f6138b") \
X(QUEUE_RESET_READS_ONE, "queue-reset-reads-one", C_, "*", \
  "queue_reset register wired to the queue's idle flag inverted", \
  "queue_reset reads 1 whenever RING_RESET is negotiated, after a device reset and while enabled", "D-df5ea190 D-ca661eaa") \
X(QUEUE_RESET_KEEPS_SIZE, "queue-reset-keeps-size", C_, "*", \
  "queue reset that clears the ring state but not the size register", \
  "after a queue reset, queue_size keeps the size the driver set instead of the maximum", "D-4e83534b") \
X(RESET_NOT_QUIET, "reset-not-quiet", C_, "*", \
  "queue engine that a device reset does not stop: it still serves the old ring", \
  "after a device reset, a notification of the old queue still consumes its buffers", "D-a95edbec") \
X(RESET_KEEPS_RING_INDEXES, "reset-keeps-ring-indexes", C_, "*", \
  "ring engine whose shadow avail/used indexes are only cleared at power-on", \
  "a device or queue reset keeps the avail and used indexes of the old ring", "D-a9509113 D-384140e0") \
X(DEVCFG_ZERO_BEFORE_FEATURES_OK, "devcfg-zero-before-features-ok", C_, "blk,net,console", \
  "device configuration populated only once the features are known", \
  "the device-specific configuration reads 0 until FEATURES_OK", "D-bf9d7ead") \
X(DEVCFG_CAP_MISALIGNED, "devcfg-cap-misaligned", C_, "blk,net,console", \
  "second device configuration capability pointing 2 bytes into the structure", \
  "presents a second device configuration capability at an unaligned offset", "D-122e7b99") \
X(CONFIG_GEN_TICKS, "config-gen-ticks", C_, "blk,net,console", \
  "config_generation implemented as a free-running counter", \
  "config_generation changes on every read although nothing changed", "D-53215f10") \
X(QUEUE_MAX_NPOT, "queue-max-npot", C_, "*", \
  "queue depth sized from a memory budget (100 entries)", \
  "queue_size (maximum) reads 100 for split queues", "D-c6f53f2c") \
X(QUEUE_ADDR_HALVES, "queue-addr-halves", C_, "*", \
  "64-bit queue address registers that clear the high half on a low-half write", \
  "a 32-bit write to the low half of a queue address zeroes its high half", "D-61008f8c") \
X(QUEUE_SIZE_IGNORED, "queue-size-ignored", C_, "*", \
  "ring engine that always lays out the ring at the maximum size", \
  "uses the maximum queue size whatever queue_size the driver wrote", "D-56b3e8e6") \
X(DESC_TABLE_SCRIBBLE, "desc-table-scribble", C_, "*", \
  "device that records the bytes written in the descriptor's len field, as its native ring format does", \
  "split ring: writes the used length into the head descriptor's len", "D-c0f67e1b") \
X(FRAMING_ASSUMED, "framing-assumed", C_, "blk,net", \
  "request parser that expects the whole request header in the first descriptor", \
  "fails (DEVICE_NEEDS_RESET) a request whose first descriptor is shorter than the type's header", "D-5db902d8") \
X(INDIRECT_WRITE_FLAG_FATAL, "indirect-write-flag-fatal", C_, "*", \
  "descriptor walker that validates WRITE before noticing INDIRECT", \
  "fails (DEVICE_NEEDS_RESET) a descriptor that has both INDIRECT and WRITE set", "D-72886324") \
X(USED_FLAGS_GARBAGE, "used-flags-garbage", C_, "*", \
  "used ring header written from an uninitialised scratch word", \
  "split: used->flags reads 2; packed: the device event flags read 3 (reserved)", "D-3d39881f") \
X(USED_FLAGS_WITH_EVENT_IDX, "used-flags-with-event-idx", C_, "*", \
  "device that keeps advising NO_NOTIFY in used->flags after EVENT_IDX was negotiated", \
  "split, EVENT_IDX negotiated: used->flags reads 1", "D-3a470bf2") \
X(EVENT_IDX_LATE, "event-idx-late", C_, "*", \
  "off-by-one in the event index comparison", \
  "notifies only once used idx has passed used_event by two, missing the entry at used_event", "D-a9525719") \
X(SPURIOUS_NOTIFY_FATAL, "spurious-notify-fatal", C_, "*", \
  "doorbell handler that treats a notification with nothing new as a protocol error", \
  "sets DEVICE_NEEDS_RESET on a notification when no buffer is available", "D-bf7aa049") \
X(USED_EVENT_WITHOUT_EVENT_IDX, "used-event-without-event-idx", C_, "*", \
  "event index logic always compiled in, whatever was negotiated", \
  "split, EVENT_IDX not negotiated: still suppresses notifications by used_event", "D-e18cebfc") \
X(NO_INTERRUPT_WITH_EVENT_IDX, "no-interrupt-with-event-idx", C_, "*", \
  "device checking avail->flags before the event index", \
  "split, EVENT_IDX negotiated: still honours VIRTQ_AVAIL_F_NO_INTERRUPT", "D-507d8ab0") \
X(PACKED_AVAIL_IGNORED, "packed-avail-ignored", C_, "*", \
  "packed ring engine that looks only at the USED bit of a descriptor", \
  "packed: takes a descriptor whose AVAIL bit does not match the wrap counter", "D-1ff26634") \
X(PACKED_SKIP_AHEAD, "packed-skip-ahead", C_, "*", \
  "packed ring engine that scans ahead for available descriptors past an unavailable one", \
  "packed: uses an available descriptor after a slot that is not yet available", "D-4d80a9fd") \
X(PACKED_USED_REWRITE, "packed-used-rewrite", C_, "*", \
  "write-combining buffer that flushes a stale copy of the previous used descriptor", \
  "packed: writing a used descriptor also rewrites the len of the one before", "D-5872dd49") \
X(PACKED_LIST_REVERSED, "packed-list-reversed", C_, "*", \
  "scatter-gather engine that walks a list's device-writable data elements from the end", \
  "packed: fills the device-writable elements of a list (before the last) in reverse order", "D-5246a648") \
X(IN_ORDER_SWAPPED, "in-order-swapped", C_, "*", \
  "two completion workers racing to write the used ring although IN_ORDER was negotiated", \
  "IN_ORDER negotiated: of buffers processed together, the first two come back swapped", "D-dc002a80") \
X(ADMIN_QUEUE_INDEX_LOW, "admin-queue-index-low", C_, "*", \
  "admin queue numbered from the last regular queue instead of after it", \
  "(implies ,admin) admin_queue_index reads num_queues - 1", "D-822c2d80") \
X(ADMIN_QUEUE_NUM_OVERFLOW, "admin-queue-num-overflow", C_, "*", \
  "admin_queue_num register left at its reset value 0xffff", \
  "(implies ,admin) admin_queue_num reads 0xffff, past the 16-bit queue index space", "D-08e4c63e") \
X(ADMIN_SHORT_INPUT_REFUSED, "admin-short-input-refused", C_, "*", \
  "command parser that insists on the full 24-byte command header", \
  "(implies ,admin) refuses a command whose readable part is shorter than 24 bytes", "D-b7293794") \
X(ADMIN_LEN_WHOLE_BUFFER, "admin-len-whole-buffer", C_, "*", \
  "used length taken from the buffer size instead of the bytes written", \
  "(implies ,admin) reports the whole writable part as the used length", "D-c773bf93") \
X(ADMIN_HEADER_PARTIAL, "admin-header-partial", C_, "*", \
  "response header assembled in a scratch word that is never cleared", \
  "(implies ,admin) fills reserved2 of the response header with internal state instead of 0", "D-496fe0ee") \
X(ADMIN_INVALID_ENXIO, "admin-invalid-enxio", C_, "*", \
  "error table mapping an unknown group or opcode to ENXIO", \
  "(implies ,admin) refuses an invalid group type or opcode with ENXIO instead of EINVAL", "D-edee2fe2") \
X(ADMIN_GROUP_AS_OPCODE, "admin-group-as-opcode", C_, "*", \
  "dispatcher that validates the opcode before the group", \
  "(implies ,admin) reports an invalid group type as INVALID_OPCODE", "D-fdc046bb") \
X(ADMIN_OPCODE_AS_FIELD, "admin-opcode-as-field", C_, "*", \
  "generic 'bad field' answer for every malformed command", \
  "(implies ,admin) reports an unsupported opcode as INVALID_FIELD", "D-10c12f64") \
X(ADMIN_MEMBER_AS_FIELD, "admin-member-as-field", C_, "*", \
  "member id checked with the other command fields", \
  "(implies ,admin) reports an invalid member id as INVALID_FIELD", "D-fa473c49") \
X(ADMIN_SUCCESS_NONZERO, "admin-success-nonzero", C_, "*", \
  "firmware returning its internal 'done' code as the status", \
  "(implies ,admin) a successful command carries status 1", "D-81188f6f") \
X(ADMIN_FAILURE_OK, "admin-failure-ok", C_, "*", \
  "error path that fills in the qualifier but leaves the status at 0", \
  "(implies ,admin) a refused command carries status OK with its qualifier", "D-c6181b4b") \
X(ADMIN_EINVAL_APPLIES_LIST, "admin-einval-applies-list", C_, "*", \
  "LIST_USE that stores the bitmap before validating it", \
  "(implies ,admin) a LIST_USE refused with EINVAL still applies its supported bits", "D-6dc2c486") \
X(ADMIN_EINVAL_LATCHES, "admin-einval-latches", C_, "*", \
  "error latch that only a device reset clears", \
  "(implies ,admin) after a command refused with EINVAL, every command fails with EBUSY until a reset", "D-69130304") \
X(ADMIN_LIST_SHARED, "admin-list-shared", C_, "*", \
  "one opcode-in-use register for every group type", \
  "(implies ,admin) LIST_USE of one group type changes the list of the other too", "D-6a916fbd") \
X(ADMIN_USED_LIST_SURVIVES_RESET, "admin-used-list-survives-reset", C_, "*", \
  "opcode list kept in a register a device reset does not clear", \
  "(implies ,admin) the list in use survives a device reset", "D-95807b44") \
X(ADMIN_LIST_USE_IGNORED, "admin-list-use-ignored", C_, "*", \
  "LIST_USE acknowledged but never stored", \
  "(implies ,admin) LIST_USE answers OK but leaves the list in use as it was", "D-cb56f62b") \
X(ADMIN_UNLISTED_AS_FIELD, "admin-unlisted-as-field", C_, "*", \
  "opcode-in-use check done in the field validator", \
  "(implies ,admin) refuses a supported opcode left out of LIST_USE with INVALID_FIELD", "D-cf2171e6") \
X(ADMIN_QUERY_REPORTS_IN_USE, "admin-query-reports-in-use", C_, "*", \
  "LIST_QUERY answered from the in-use register", \
  "(implies ,admin) once LIST_USE was issued, LIST_QUERY reports the list in use instead of the supported one", "D-137d503c") \
X(ADMIN_QUERY_SHRINKS_AFTER_RESET, "admin-query-shrinks-after-reset", C_, "*", \
  "supported list rebuilt lazily after a reset", \
  "(implies ,admin) after a reset that followed a LIST_USE, LIST_QUERY reports only LIST_QUERY and LIST_USE", "D-af345d4e") \
X(ADMIN_LIST_USE_ONCE, "admin-list-use-once", C_, "*", \
  "LIST_USE implemented as a one-time fuse", \
  "(implies ,admin) refuses a LIST_USE after a device reset once one was accepted", "D-75ed5e54") \
X(ADMIN_SRIOV_GROUP_ALWAYS, "admin-sriov-group-always", C_, "*", \
  "SR-IOV group commands not gated by VF Enable", \
  "(implies ,admin) accepts SR-IOV group commands with VF Enable clear", "D-9b5b353a") \
X(ADMIN_MEMBER_TRUNCATED, "admin-member-truncated", C_, "*", \
  "32-bit firmware field for the 64-bit group_member_id", \
  "(implies ,admin) uses only the low 32 bits of the member id", "D-f5650c26") \
X(ADMIN_CAP_SET_MISSING, "admin-cap-set-missing", C_, "*", \
  "capability commands only partly implemented", \
  "(implies ,admin) offers CAP_ID_LIST_QUERY and DEVICE_CAP_GET without DRIVER_CAP_SET", "D-cf4b1f37") \
X(ADMIN_CAP_SET_EXACT, "admin-cap-set-exact", C_, "*", \
  "DRIVER_CAP_SET compared for equality with the device limits", \
  "(implies ,admin) refuses driver limits below the device's", "D-7890d19d") \
X(ADMIN_CAP_ANY_GROUP, "admin-cap-any-group", C_, "*", \
  "capability commands dispatched without looking at the group type", \
  "(implies ,admin) executes capability commands sent to the SR-IOV group", "D-7a45e534") \
X(ADMIN_CAPS_SURVIVE_RESET, "admin-caps-survive-reset", C_, "*", \
  "driver capabilities kept in a register a device reset does not clear", \
  "(implies ,admin) DRIVER_CAP_SET limits survive a device reset", "D-86140ccc") \
X(ADMIN_OBJ_ID_TOMBSTONE, "admin-obj-id-tombstone", C_, "*", \
  "object ids retired at destroy until the next reset", \
  "(implies ,admin) refuses to create an id that was destroyed", "D-59dd69d0") \
X(ADMIN_MODIFY_PARTIAL, "admin-modify-partial", C_, "*", \
  "MODIFY that writes the object before validating the change", \
  "(implies ,admin) a failed RESOURCE_OBJ_MODIFY still changes the object", "D-276ca92e") \
X(ADMIN_QUERY_STALE, "admin-query-stale", C_, "*", \
  "QUERY answered from the creation record", \
  "(implies ,admin) RESOURCE_OBJ_QUERY reports the type given at CREATE, ignoring MODIFY", "D-f109d8d4") \
X(ADMIN_OBJS_SURVIVE_RESET, "admin-objs-survive-reset", C_, "*", \
  "resource objects kept across a device reset", \
  "(implies ,admin) a device reset does not destroy resource objects", "D-b26fe557") \
X(ADMIN_PARTS_SET_MISSING, "admin-parts-set-missing", C_, "*", \
  "device parts implemented for migration out only", \
  "(implies ,admin) offers the device parts commands without DEV_PARTS_SET", "D-0382c93a") \
X(ADMIN_PARTS_GET_ONCE, "admin-parts-get-once", C_, "*", \
  "GET object that is consumed by its first DEV_PARTS_GET", \
  "(implies ,admin) a second DEV_PARTS_GET on an object fails with EBUSY", "D-2cdb0622") \
X(ADMIN_PARTS_REVERSED, "admin-parts-reversed", C_, "*", \
  "parts table walked from the end", \
  "(implies ,admin) returns the device parts (and their headers) in reverse table order", "D-b6bac7aa D-43b5d035") \
X(ADMIN_PARTS_SET_ONCE, "admin-parts-set-once", C_, "*", \
  "SET object that is consumed by its first DEV_PARTS_SET", \
  "(implies ,admin) a second DEV_PARTS_SET on an object fails with EBUSY", "D-cb78d445") \
X(ADMIN_PARTS_LEN_LAX, "admin-parts-len-lax", C_, "*", \
  "part lengths taken from the device table, the driver's ignored", \
  "(implies ,admin) accepts a part whose length differs from the device's", "D-4e22b94e") \
X(ADMIN_PARTS_DEV_FEATURES_TAKEN, "admin-parts-dev-features-taken", C_, "*", \
  "DEV_PARTS_SET that loads every part, device features included", \
  "(implies ,admin) accepts a device features part that differs from the member's", "D-14243bd3") \
X(ADMIN_STOP_TWICE_BUSY, "admin-stop-twice-busy", C_, "*", \
  "mode change treated as a state transition that must change something", \
  "(implies ,admin) stopping a stopped member fails with EBUSY", "D-006bbf7c") \
X(ADMIN_RESUME_RUNNING_BUSY, "admin-resume-running-busy", C_, "*", \
  "mode change treated as a state transition that must change something", \
  "(implies ,admin) resuming a running member fails with EBUSY", "D-d1c221a1") \
X(NO_NOTIFY_CAP, "no-notify-cap", C_, "*", \
  "device that expects drivers to notify through a fixed legacy port", \
  "presents no VIRTIO_PCI_CAP_NOTIFY_CFG capability", "D-95f30ab8") \
X(NOTIFY_DATA_WIDTH_16, "notify-data-width-16", C_, "*", \
  "doorbell register only 16 bits wide although NOTIFICATION_DATA is offered", \
  "with NOTIFICATION_DATA negotiated, ignores 32-bit notification writes", "D-c1b0acc0") \
X(SUSPEND_IGNORED, "suspend-ignored", C_, "*", \
  "device that offers VIRTIO_F_SUSPEND but never wired the status bit", \
  "drops the SUSPEND bit after DRIVER_OK without suspending or setting DEVICE_NEEDS_RESET", "D-dd8d4510") \
X(RESUME_KEEPS_SUSPEND, "resume-keeps-suspend", C_, "*", \
  "resume path that sets DRIVER_OK but forgets to clear SUSPEND", \
  "on resume, reports DRIVER_OK and SUSPEND together", "D-b25a74d3") \
X(RESUME_NO_CONFIG_NOTIFY, "resume-no-config-notify", C_, "blk,net,console", \
  "configuration change held during suspend and then dropped", \
  "a configuration change held while suspended is never notified", "D-0378a3d8") \
X(BLK_ZONE_ACCEPTED, "blk-zone-accepted", C_, "blk", \
  "request dispatcher that completes unknown request types as no-ops", \
  "completes zone requests with VIRTIO_BLK_S_OK without VIRTIO_BLK_F_ZONED", "D-c157c3df") \
X(BLK_WCE_NO_FLUSH, "blk-wce-no-flush", C_, "blk", \
  "write-cache toggle exposed on a device built without flush support", \
  "offers VIRTIO_BLK_F_CONFIG_WCE without VIRTIO_BLK_F_FLUSH", "D-fe684607") \
X(BLK_PADDING_GARBAGE, "blk-padding-garbage", C_, "blk", \
  "configuration image built from an uncleared structure", \
  "the padding byte unused0 reads 0xa5", "D-8ee72c13") \
X(BLK_WRITE_LOST, "blk-write-lost", C_, "blk", \
  "volatile write cache that drops data before anything can read it back", \
  "completes writes with VIRTIO_BLK_S_OK without storing the data", "D-6f4118c9") \
X(NET_MTU_DRIFTS, "net-mtu-drifts", C_, "net", \
  "MTU recomputed at every reset from a link setting (VLAN tag included or not)", \
  "mtu changes by 4 at every device reset", "D-60ba845f") \
X(NET_TX_FLAG_STRICT, "net-tx-flag-strict", C_, "net", \
  "transmit path that rejects virtio_net_hdr flags it does not know", \
  "fails (DEVICE_NEEDS_RESET) a frame whose header carries an unknown flag bit", "D-db2d67a9") \
X(NET_RX_FLAGS_DATA_VALID, "net-rx-flags-data-valid", C_, "net", \
  "receive path that marks every frame's checksum as validated, whatever the driver negotiated", \
  "received headers carry VIRTIO_NET_HDR_F_DATA_VALID without VIRTIO_NET_F_GUEST_CSUM negotiated", "D-bbc185b4") \
X(NET_RX_GSO_TCPV4, "net-rx-gso-tcpv4", C_, "net", \
  "LRO engine that hands up coalesced TCP frames whether or not the driver takes them", \
  "received headers carry gso_type VIRTIO_NET_HDR_GSO_TCPV4 (without NEEDS_CSUM or gso_size) with no guest offload negotiated", \
  "D-d24603c9 D-68e28ecd D-adfa3226 D-7848f761") \
X(NET_RX_GSO_UDP, "net-rx-gso-udp", C_, "net", \
  "UFO receive coalescing left on", "received headers carry gso_type VIRTIO_NET_HDR_GSO_UDP without GUEST_UFO", \
  "D-acc0df08") \
X(NET_RX_GSO_TCPV6, "net-rx-gso-tcpv6", C_, "net", \
  "LRO for IPv6 left on", "received headers carry gso_type VIRTIO_NET_HDR_GSO_TCPV6 without GUEST_TSO6", \
  "D-9191ef64") \
X(NET_RX_GSO_UDP_L4, "net-rx-gso-udp-l4", C_, "net", \
  "USO receive coalescing left on", \
  "received headers carry gso_type VIRTIO_NET_HDR_GSO_UDP_L4 without GUEST_USO4 or GUEST_USO6", "D-ed5e02e9") \
X(NET_RX_GSO_TUNNEL, "net-rx-gso-tunnel", C_, "net", \
  "tunnel-aware LRO that keeps the encapsulation bits and marks the checksum valid", \
  "received headers carry VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4 in gso_type and DATA_VALID in flags", \
  "D-0c139442 D-560555fd") \
X(NET_RX_GSO_ECN, "net-rx-gso-ecn", C_, "net", \
  "LRO that coalesces ECN-marked TCP segments without the driver's consent", \
  "received headers carry gso_type TCPV4 with VIRTIO_NET_HDR_GSO_ECN without GUEST_ECN", "D-6d1cc4d5") \
X(NET_RX_TUNNEL_CSUM, "net-rx-tunnel-csum", C_, "net", \
  "outer UDP checksum offload reported although never negotiated", \
  "received headers carry VIRTIO_NET_HDR_F_UDP_TUNNEL_CSUM without GUEST_UDP_TUNNEL_GSO_CSUM", "D-982d6604") \
X(NET_RX_RSC_INFO, "net-rx-rsc-info", C_, "net", \
  "receive segment coalescing statistics written into every header", \
  "received headers carry VIRTIO_NET_HDR_F_RSC_INFO without VIRTIO_NET_F_RSC_EXT", "D-4a5c9704") \
X(NET_RX_SECURITY, "net-rx-security", C_, "net", \
  "inline IPsec engine that flags every frame it looked at", \
  "received headers carry VIRTIO_NET_HDR_F_SECURITY though no frame went through IPsec processing", "D-49b3b611") \
X(NET_RX_SECURITY_ERR, "net-rx-security-err", C_, "net", \
  "IPsec error bit latched from an earlier frame", \
  "received headers carry VIRTIO_NET_HDR_F_SECURITY_ERR though no IPsec processing failed", "D-3cc6a48c") \
X(NET_MRG_NUM_BUFFERS_ONE, "net-mrg-num-buffers-one", C_, "net", \
  "mergeable receive path that never updates num_buffers after the first buffer", \
  "with MRG_RXBUF a frame spread over several buffers has num_buffers 1", "D-a9e636da D-6fc48d7c") \
X(NET_MRG_PARTIAL, "net-mrg-partial", C_, "net", \
  "receive DMA that copies in whole words and leaves a buffer's odd tail unused", \
  "with MRG_RXBUF every buffer but the last is filled one byte short of its length", "D-6714efe7") \
X(NET_MRG_LATE_LAST, "net-mrg-late-last", C_, "net", \
  "receive engine that publishes each buffer of a frame as it fills, the last one after the next event", \
  "with MRG_RXBUF the last buffer of a spread frame is used only when the driver next notifies the receive queue", "D-eeef31ce") \
X(NET_HDR_SEPARATE, "net-hdr-separate", C_, "net", \
  "header-split receive engine left on without mergeable buffers", \
  "without MRG_RXBUF the header goes into one buffer and the frame into the next", "D-d9781e9c") \
X(NET_RX_ALLMULTI_UNSUPPORTED, "net-rx-allmulti-unsupported", C_, "net", \
  "firmware that implements promiscuous mode only", \
  "offers VIRTIO_NET_F_CTRL_RX but answers VIRTIO_NET_CTRL_RX_ALLMULTI with VIRTIO_NET_ERR", "D-4045d11f") \
X(NET_RX_NOBCAST_UNSUPPORTED, "net-rx-nobcast-unsupported", C_, "net", \
  "firmware without a broadcast filter", \
  "offers VIRTIO_NET_F_CTRL_RX_EXTRA but answers VIRTIO_NET_CTRL_RX_NOBCAST with VIRTIO_NET_ERR", "D-b41db827") \
X(NET_MAC_ADDR_LATE, "net-mac-addr-late", C_, "net", \
  "MAC address programmed asynchronously after the command completes", \
  "VIRTIO_NET_CTRL_MAC_ADDR_SET reaches mac in the configuration only when the next command arrives", "D-661a1a56") \
X(NET_MAC_TABLE_LATE, "net-mac-table-late", C_, "net", \
  "filter table written by a deferred work item after the command completes", \
  "VIRTIO_NET_CTRL_MAC_TABLE_SET takes effect only when the next command arrives", "D-94e96b52") \
X(NET_MAC_TABLE_KEPT, "net-mac-table-kept", C_, "net", \
  "filter table held in memory a device reset does not clear", \
  "the unicast MAC filter table survives a device reset", "D-1ab38f5b") \
X(NET_VLAN_FILTER_ALWAYS, "net-vlan-filter-always", C_, "net", \
  "VLAN filter enabled in hardware whether or not the driver negotiated it", \
  "drops VLAN-tagged frames (outside promiscuous mode) without VIRTIO_NET_F_CTRL_VLAN negotiated", "D-8f0023b9") \
X(NET_VLAN_TABLE_IGNORED, "net-vlan-table-ignored", C_, "net", \
  "VLAN table written to the wrong filter bank", \
  "with VIRTIO_NET_F_CTRL_VLAN drops tagged frames even for VLAN ids added to the table", "D-2664de1a") \
X(NET_RX_FILTER_NONE, "net-rx-filter-none", C_, "net", \
  "receive filters accepted on the control queue but never programmed", \
  "acknowledges every receive mode, MAC table and VLAN command and filters nothing", \
  "D-85d37a67 D-d04aa348 D-1b6a90bd D-b9983c7a D-8f1cc470") \
X(NET_PROMISC_IGNORED, "net-promisc-ignored", C_, "net", \
  "promiscuous mode acknowledged but not programmed", "promiscuous mode on still drops frames for other addresses", \
  "D-de3818a1") \
X(NET_NOUNI_BEATS_PROMISC, "net-nouni-beats-promisc", C_, "net", \
  "filter stages applied in the wrong order", "with promiscuous mode and NOUNI on, unicast frames are dropped", \
  "D-5d1f6881") \
X(NET_ALLMULTI_IGNORED, "net-allmulti-ignored", C_, "net", \
  "all-multicast mode acknowledged but not programmed", "ALLMULTI on still drops multicast frames not in the table", \
  "D-df3104f7") \
X(NET_ALLUNI_IGNORED, "net-alluni-ignored", C_, "net", \
  "all-unicast mode acknowledged but not programmed", "ALLUNI on still drops unicast frames for other addresses", \
  "D-46996951") \
X(NET_ALLMULTI_BEATS_NOMULTI, "net-allmulti-beats-nomulti", C_, "net", \
  "filter stages applied in the wrong order", "with NOMULTI and ALLMULTI on, multicast frames get through", \
  "D-8bd33d56") \
X(NET_NOMULTI_DROPS_BCAST, "net-nomulti-drops-bcast", C_, "net", \
  "multicast filter testing the group bit only (broadcast has it too)", "NOMULTI on drops broadcast frames", \
  "D-328b248a") \
X(NET_ALLUNI_BEATS_NOUNI, "net-alluni-beats-nouni", C_, "net", \
  "filter stages applied in the wrong order", "with NOUNI and ALLUNI on, unicast frames get through", \
  "D-e5f3a0a4") \
X(NET_ALLMULTI_BEATS_NOBCAST, "net-allmulti-beats-nobcast", C_, "net", \
  "broadcast treated as one more multicast group", "with NOBCAST and ALLMULTI on, broadcast frames get through", \
  "D-8a138f3c") \
X(NET_ANNOUNCE_STICKY, "net-announce-sticky", C_, "net", \
  "announce request cleared only by the next migration", \
  "VIRTIO_NET_CTRL_ANNOUNCE_ACK completes without clearing VIRTIO_NET_S_ANNOUNCE", "D-2aa438a5") \
X(NET_MQ_SPREAD, "net-mq-spread", C_, "net", \
  "receive hashing spread over every hardware queue regardless of the driver's setting", \
  "with MQ negotiated, frames land on any receiveq whatever VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET said (or before it)", \
  "D-d5fb9e68 D-5d9e4674") \
X(NET_TX_CSUM_ALWAYS, "net-tx-csum-always", C_, "net", \
  "transmit checksum engine fed from csum_start/csum_offset without looking at the flag", \
  "writes a checksum at csum_start + csum_offset of a transmitted frame whose header lacks NEEDS_CSUM", "D-cdc1a955") \
X(NET_TX_HDR_LEN_TRUSTED, "net-tx-hdr-len-trusted", C_, "net", \
  "transmit path that sizes the frame from hdr_len", "cuts a transmitted frame to hdr_len when that is nonzero", \
  "D-a5ae1cd2") \
X(NET_TX_MTU_STRICT, "net-tx-mtu-strict", C_, "net", \
  "MTU check that counts the Ethernet header into the MTU", \
  "drops transmitted frames longer than mtu bytes, Ethernet header included", "D-56feb297") \
X(NET_SPEED_BAD, "net-speed-bad", C_, "net", \
  "speed register read before the PHY reported (all bits but the top one clear)", \
  "offers VIRTIO_NET_F_SPEED_DUPLEX with speed 0x80000000", "D-f797a7ed") \
X(NET_DUPLEX_BAD, "net-duplex-bad", C_, "net", \
  "duplex taken from the PHY's own encoding (2 = auto)", "offers VIRTIO_NET_F_SPEED_DUPLEX with duplex 2", \
  "D-615b352a") \
X(NET_MTU_LOW, "net-mtu-low", C_, "net", \
  "link configured for a 576-byte MTU", "offers VIRTIO_NET_F_MTU with mtu 576 (valid, below the 1280 IPv6 needs)", \
  "D-d148e9c2") \
X(NET_CTRL_BITS_NO_CTRL_VQ, "net-ctrl-bits-no-ctrl-vq", C_, "net", \
  "feature word copied from a model with a control queue", \
  "offers VIRTIO_NET_F_CTRL_RX_EXTRA and VIRTIO_NET_F_HASH_REPORT without VIRTIO_NET_F_CTRL_VQ", \
  "D-1a8f2fa4 D-187766a6") \
X(NET_COAL_TX_SET_IGNORED, "net-coal-tx-set-ignored", C_, "net", \
  "class-wide transmit coalescing acknowledged but never applied to the queues", \
  "VIRTIO_NET_CTRL_NOTF_COAL_TX_SET answers VIRTIO_NET_OK without changing any transmit queue's parameters", \
  "D-65fb74f8") \
X(NET_COAL_ANY_VQ, "net-coal-any-vq", C_, "net", \
  "coalescing table indexed without a bounds or role check", \
  "VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET and _VQ_GET succeed for the control queue and for queues not enabled", \
  "D-6cc2dd0c") \
X(NET_COAL_VQ_SET_IGNORED, "net-coal-vq-set-ignored", C_, "net", \
  "per-queue coalescing acknowledged but not supported by the hardware", \
  "VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET answers VIRTIO_NET_OK without changing the parameters", "D-46ba16d5") \
X(NET_COAL_RESERVED_CHECKED, "net-coal-reserved-checked", C_, "net", \
  "command parser that validates reserved fields", \
  "VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET / _VQ_GET with reserved nonzero answer VIRTIO_NET_ERR", "D-dd9880be") \
X(NET_COAL_KEPT, "net-coal-kept", C_, "net", \
  "coalescing registers a device reset does not clear", \
  "coalescing parameters survive a device reset", "D-d8fd6e14") \
X(NET_COAL_IGNORES_SUPPRESSION, "net-coal-ignores-suppression", C_, "net", \
  "coalescing timer that raises the interrupt without looking at the ring's suppression flag", \
  "with transmit coalescing parameters set, used buffer notifications come although the driver suppressed them", \
  "D-ba46ce9d") \
X(NET_STATS_QUERY_NO_BASIC, "net-stats-query-no-basic", C_, "net", \
  "statistics capability word built from the firmware's optional counters only", \
  "VIRTIO_NET_CTRL_STATS_QUERY leaves out VIRTIO_NET_STATS_TYPE_RX_BASIC, which every device with DEVICE_STATS supports", \
  "D-5044bc56") \
X(NET_STATS_SKIP_INVALID, "net-stats-skip-invalid", C_, "net", \
  "statistics request parser that drops the entries it cannot serve", \
  "VIRTIO_NET_CTRL_STATS_GET leaves out invalid queue/type requests and answers the rest with VIRTIO_NET_OK", \
  "D-5bd7d7c0 D-7e598ab3") \
X(NET_STATS_SIZE_HDR_ONLY, "net-stats-size-hdr-only", C_, "net", \
  "reply header size taken from the header structure, not the reply", \
  "statistics replies carry size 8 (the header alone)", "D-2cdc566c") \
X(NET_STATS_VQ_INDEX_ZERO, "net-stats-vq-index-zero", C_, "net", \
  "reply header never filled past its type", "statistics replies carry vq_index 0 whatever queue they are for", \
  "D-f5d040b8") \
X(NET_STATS_PAD_WRITE, "net-stats-pad-write", C_, "net", \
  "reply copied with the size of the driver's buffer", \
  "VIRTIO_NET_CTRL_STATS_GET writes zeroes past its replies up to the end of the driver's result buffer", "D-3a054b22") \
X(NET_RSS_KEY_SMALL, "net-rss-key-small", C_, "net", \
  "RSS engine with a 32-byte key register (IPv6 hashing impossible)", \
  "offers VIRTIO_NET_F_RSS with rss_max_key_size 32", "D-d34c19bb") \
X(NET_RSS_TABLE_SMALL, "net-rss-table-small", C_, "net", \
  "RSS indirection table sized for 64 queues' worth of entries", \
  "offers VIRTIO_NET_F_RSS with rss_max_indirection_table_length 64", "D-3c8f23da") \
X(NET_RSS_UNCLASSIFIED_IGNORED, "net-rss-unclassified-ignored", C_, "net", \
  "RSS engine that sends every frame it cannot hash to the first queue", \
  "frames RSS does not hash land on receiveq1 whatever unclassified_queue says", "D-90950565") \
X(NET_SPEED_FLAPS, "net-speed-flaps", C_, "net", \
  "PHY that renegotiates its speed on every host link request, dropping no carrier", \
  "a host link-up request while the link is up changes speed between 10000 and 1000", "D-3d355bd1") \
X(NET_COAL_VQ_KEPT, "net-coal-vq-kept", C_, "net", \
  "per-queue coalescing registers a queue reset does not touch", \
  "a queue reset and enabled again keeps its VQ_SET parameters instead of the TX_SET / RX_SET ones (or 0)", \
  "D-a2dc3aaf D-f2bc7a8b") \
X(NET_HASH_TUNNEL_ACCEPTS_ANY, "net-hash-tunnel-accepts-any", C_, "net", \
  "tunnel-type register written as given, unsupported bits included", \
  "VIRTIO_NET_CTRL_HASH_TUNNEL_SET with types outside supported_tunnel_types answers VIRTIO_NET_OK", "D-ed190550") \
X(NET_HASH_INNER_ANY, "net-hash-inner-any", C_, "net", \
  "parser that always hashes the innermost IPv4 header it recognizes", \
  "RSS hashes the inner header of every GRE and IPIP packet whatever enabled_tunnel_types says (0 included)", \
  "D-748e759f D-cf433ca6") \
X(NET_RX_CSUM_PARTIAL, "net-rx-csum-partial", C_, "net", \
  "receive checksum offload left on with the driver's checksum feature off", \
  "received IPv4/UDP frames carry only the pseudo-header sum in the UDP checksum, with header flags 0", "D-7302ead7") \
X(CONSOLE_EMERG_UNREADY, "console-emerg-unready", C_, "console", \
  "emergency write port served only once the device is running", \
  "offers VIRTIO_CONSOLE_F_EMERG_WRITE but sets DEVICE_NEEDS_RESET on a write to emerg_wr before DRIVER_OK", "D-1ba91081") \
X(USED_LEN_READ, "used-len-read", C_, "net,console,balloon,input", \
  "QEMU 7.2's virtio-input statusq and virtio-scsi data-out: the bytes read counted into the used length", \
  "completes a chain with no device-writable buffer with its device-readable length as used len", "D-6a2ebd0e") \
X(BLK_WZ_UNMAP_STALE, "blk-write-zeroes-unmap-stale", C_, "blk", \
  "thin-provisioned backend that turns write zeroes with unmap into a plain discard, leaving the old blocks readable", \
  "completes write zeroes with the unmap flag without zeroing; reads return the old data", "D-49df4b6e") \
X(BLK_NO_FLUSH, "blk-no-flush", C_, "blk", \
  "write-through-only block back end that never implemented a flush command", \
  "offers neither VIRTIO_BLK_F_FLUSH nor VIRTIO_BLK_F_CONFIG_WCE", "D-7f95460b") \
X(BLK_WRITEBACK_NO_FLUSH, "blk-writeback-no-flush", C_, "blk", \
  "QEMU-style cache mode taken from the back end whatever the driver negotiated", \
  "with CONFIG_WCE negotiated and FLUSH not, writeback still reads 1", "D-9cbf8f5d") \
X(BLK_RO_WRITE_OK, "blk-ro-write-ok", C_, "blk", \
  "read-only export whose write path drops the data but reports success", \
  "(implies ,ro) completes a write with VIRTIO_BLK_S_OK without storing it", "D-6bd83eef") \
X(BLK_RO_WRITE_STORED, "blk-ro-write-stored", C_, "blk", \
  "read-only flag checked after the data already went to the medium", \
  "(implies ,ro) stores a write's data, then completes it with VIRTIO_BLK_S_IOERR", "D-904dfe55") \
X(BLK_DWZ_FLAGS_IGNORED, "blk-dwz-flags-ignored", C_, "blk", \
  "segment parser that masks the flags word to the unmap bit", \
  "accepts discard, write zeroes and secure erase segments with unknown flag bits", "D-62f7add0") \
X(BLK_DISCARD_UNMAP_OK, "blk-discard-unmap-ok", C_, "blk", \
  "one segment handler shared by discard and write zeroes", \
  "accepts a discard segment with the unmap flag set", "D-749e9d92") \
X(BLK_LIFETIME_UNSUPP, "blk-lifetime-unsupp", C_, "blk", \
  "feature bit copied from a template while the back end has no health data", \
  "offers VIRTIO_BLK_F_LIFETIME but answers VIRTIO_BLK_T_GET_LIFETIME with VIRTIO_BLK_S_UNSUPP", "D-334da690") \
X(BLK_LIFETIME_RESERVED, "blk-lifetime-reserved", C_, "blk", \
  "eMMC pass-through that forwards the raw EXT_CSD estimate (0x0c and up mean something else there)", \
  "reports device_lifetime_est_typ_a 12, a reserved value", "D-5e6fbc88") \
X(BLK_CAPACITY_SILENT, "blk-capacity-silent", C_, "blk", \
  "online resize that updates the capacity field but not the guest", \
  "a host-side resize changes capacity without a configuration change notification", "D-ebd7d245") \
X(BLK_UNMAP_CHANGE_SILENT, "blk-unmap-change-silent", C_, "blk", \
  "thin-provisioning switch that flips write_zeroes_may_unmap behind the driver's back", \
  "a host-side change flips write_zeroes_may_unmap without a configuration change notification", "D-950ccaec") \
X(BLK_ZN_HA_FIELDS_KEPT, "blk-zoned-ha-fields-kept", C_, "blk", \
  "host-aware zoned device that always presents its zone geometry", \
  "(a host-aware zoned model) keeps the zoned fields nonzero when the driver did not accept VIRTIO_BLK_F_ZONED", "D-924656a1") \
X(BLK_ZN_HM_UNACCEPTED_OK, "blk-zoned-hm-unaccepted", C_, "blk", \
  "host-managed drive that trusts every driver to know about zones", \
  "(implies ,zoned) keeps FEATURES_OK although the driver did not accept VIRTIO_BLK_F_ZONED", "D-d0deb8de") \
X(BLK_ZN_MODEL_BAD, "blk-zoned-model-bad", C_, "blk", \
  "ZBC zoned model code passed through untranslated", \
  "(implies ,zoned) the zoned model field reads 3", "D-9a6a419e") \
X(BLK_ZN_SECTORS_WRONG, "blk-zoned-zone-sectors-wrong", C_, "blk", \
  "zone size reported in 4 KiB blocks instead of 512-byte sectors halved", \
  "(implies ,zoned) zone_sectors reads half the real zone size", "D-b0acecf6") \
X(BLK_ZN_OPEN_LIMIT, "blk-zoned-open-limit", C_, "blk", \
  "open-zone limit reported from a different firmware table than the one enforced", \
  "(implies ,zoned) lets one zone more than max_open_zones be open", "D-975342cc") \
X(BLK_ZN_ACTIVE_LIMIT, "blk-zoned-active-limit", C_, "blk", \
  "active-zone limit reported from a different firmware table than the one enforced", \
  "(implies ,zoned) lets one zone more than max_active_zones be active", "D-86bfa75b") \
X(BLK_ZN_APPEND_SHORT, "blk-zoned-append-short", C_, "blk", \
  "append limit reported in bytes' worth of the host's page size, enforced in the device's", \
  "(implies ,zoned) refuses a zone append of max_append_sectors (takes only half)", "D-f7300c7f") \
X(BLK_ZN_APPEND_HUGE, "blk-zoned-append-huge", C_, "blk", \
  "append limit left at the all-ones default", \
  "(implies ,zoned) max_append_sectors reads 0xffffffff, beyond seg_max * size_max", "D-16bea143") \
X(BLK_ZN_GRANULARITY, "blk-zoned-granularity", C_, "blk", \
  "512e drive that reports the logical block size while enforcing the physical one", \
  "(implies ,zoned) write_granularity reads 512 but writes must be 4 KiB aligned", "D-429ebc24") \
X(BLK_ZN_UNUSED2, "blk-zoned-unused2", C_, "blk", \
  "zoned characteristics copied from an uncleared buffer", \
  "(implies ,zoned) the padding bytes unused2 read 0x5a", "D-60d635cb") \
X(BLK_ZN_CONV_OPS_OK, "blk-zoned-conv-ops-ok", C_, "blk", \
  "zone management that skips the zone type lookup", \
  "(implies ,zoned) completes open, close, finish and reset of a conventional zone with VIRTIO_BLK_S_OK", "D-d2ba1d7e") \
X(BLK_ZN_APPEND_CONV_OK, "blk-zoned-append-conv-ok", C_, "blk", \
  "append implemented as a plain write at the zone start", \
  "(implies ,zoned) completes a zone append to a conventional zone with VIRTIO_BLK_S_OK", "D-913e7b42") \
X(BLK_ZN_OPEN_FULL_OK, "blk-zoned-open-full-ok", C_, "blk", \
  "explicit open that reports success for zones it cannot open", \
  "(implies ,zoned) completes an open of a full zone with VIRTIO_BLK_S_OK", "D-7e875590") \
X(BLK_ZN_OPEN_RES_INVALID, "blk-zoned-open-res-invalid", C_, "blk", \
  "one error code for every refused zone operation", \
  "(implies ,zoned) refuses an explicit open beyond max_open_zones with VIRTIO_BLK_S_ZONE_INVALID_CMD", "D-49a62cc2") \
X(BLK_ZN_CLOSE_FULL_OK, "blk-zoned-close-full-ok", C_, "blk", \
  "zone close treated as a no-op whatever the state", \
  "(implies ,zoned) completes a close of a full zone with VIRTIO_BLK_S_OK", "D-8b6365a1") \
X(BLK_ZN_FINISH_RDONLY, "blk-zoned-finish-rdonly", C_, "blk", \
  "finish that forces the zone condition without looking at it", \
  "(implies ,zoned) finishes a read-only zone: VIRTIO_BLK_S_OK and the zone reads full", "D-338ad83c") \
X(BLK_ZN_RESET_RDONLY, "blk-zoned-reset-rdonly", C_, "blk", \
  "reset that forces the zone condition without looking at it", \
  "(implies ,zoned) resets a read-only zone: VIRTIO_BLK_S_OK and the zone reads empty", "D-dc911c6f") \
X(BLK_ZN_IMPLICIT_NO_LIMIT, "blk-zoned-implicit-no-limit", C_, "blk", \
  "resource accounting done for explicit opens only", \
  "(implies ,zoned) a write opens a zone implicitly beyond max_open_zones", "D-1c1ad022") \
X(BLK_ZN_APPEND_ANYWHERE, "blk-zoned-append-anywhere", C_, "blk", \
  "append that takes the zone from the sector's zone without checking the sector", \
  "(implies ,zoned) accepts a zone append whose sector is not the zone start", "D-844b9491") \
X(BLK_ZN_WRITE_PAST_CAP, "blk-zoned-write-past-cap", C_, "blk", \
  "capacity check against the zone size instead of the zone capacity", \
  "(implies ,zoned) accepts a write that runs past the zone's writable capacity", "D-5dabf6e2") \
X(BLK_ZN_APPEND_SECTOR_OFF, "blk-zoned-append-sector-off", C_, "blk", \
  "append_sector taken after the write pointer moved", \
  "(implies ,zoned) returns the write pointer after the append as append_sector", "D-c3e88449") \
X(BLK_ZN_APPEND_ZERO_INVALID, "blk-zoned-append-zero-invalid", C_, "blk", \
  "device without append support that still parses appends", \
  "(implies ,zoned) reports max_append_sectors 0 and refuses appends with VIRTIO_BLK_S_ZONE_INVALID_CMD", "D-37e6e03e") \
X(BLK_ZN_APPEND_OVERSIZE_OK, "blk-zoned-append-oversize-ok", C_, "blk", \
  "append limit reported but never enforced", \
  "(implies ,zoned) accepts an append larger than max_append_sectors", "D-47dbe04c") \
X(BLK_ZN_CROSS_OK, "blk-zoned-cross-ok", C_, "blk", \
  "zone boundary checked for writes only", \
  "(implies ,zoned) completes a read spanning two sequential zones with VIRTIO_BLK_S_OK", "D-9c850fa2") \
X(BLK_ZN_UNALIGNED_INVALID, "blk-zoned-unaligned-invalid", C_, "blk", \
  "one error code for every refused write", \
  "(implies ,zoned) refuses a write off the write pointer with VIRTIO_BLK_S_ZONE_INVALID_CMD", "D-424811c0") \
X(BLK_ZN_RDONLY_WRITABLE, "blk-zoned-rdonly-writable", C_, "blk", \
  "read-only zone condition honoured by the zone commands only", \
  "(implies ,zoned) judges a write to a read-only zone by the write pointer rules instead of refusing it", "D-a91d5b5c") \
X(BLK_ZN_OFFLINE_READABLE, "blk-zoned-offline-readable", C_, "blk", \
  "offline zone condition honoured by writes only", \
  "(implies ,zoned) completes a read of an offline zone with VIRTIO_BLK_S_OK", "D-79d33d6f") \
X(BLK_ZN_RESET_STALE, "blk-zoned-reset-stale", C_, "blk", \
  "zone reset that rewinds the write pointer but leaves the media", \
  "(implies ,zoned) reads past the write pointer return what was written before the zone was reset", "D-39c3bab6") \
X(BLK_ZN_UNWRITTEN_UNFILLED, "blk-zoned-unwritten-unfilled", C_, "blk", \
  "read path that skips unwritten sectors instead of filling them", \
  "(implies ,zoned) completes a read past the write pointer with VIRTIO_BLK_S_OK, leaving that part of the buffer as it was", "D-70ff41bc") \
X(BLK_ZN_ERASE_ALIGN, "blk-zoned-erase-align", C_, "blk", \
  "secure erase alignment reported in the non-zoned device's units", \
  "(implies ,zoned) secure_erase_sector_alignment reads 8, not a multiple of zone_sectors", "D-54e22fac") \
X(BLK_ZN_ERASE_KEEPS_WP, "blk-zoned-erase-keeps-wp", C_, "blk", \
  "secure erase that wipes the media but forgets the zone state", \
  "(implies ,zoned) secure erase of a zone leaves its condition and write pointer", "D-692e97b9") \
X(CONSOLE_ADD_BEYOND, "console-add-beyond", C_, "console", \
  "port table sized by a compile-time constant instead of max_nr_ports", \
  "with MULTIPORT, announces a port numbered max_nr_ports after DEVICE_READY", "D-43cc71ff") \
X(CONSOLE_REMOVE_UNADDED, "console-remove-unadded", C_, "console", \
  "port removal that numbers ports from 1", \
  "with MULTIPORT, a host-side port removal names a port never added", "D-e8567526") \
X(CONSOLE_EMERG_DROPPED, "console-emerg-dropped", C_, "console", \
  "emergency write register wired to nothing", \
  "accepts writes to emerg_wr but never passes the byte to its host's output", "D-803b1ded") \
X(VENDOR_ID_WRONG, "vendor-id-wrong", C_, "*", \
  "a virtio function built on a PCI model that kept the model's vendor id (0x1b36) instead of 0x1af4", \
  "PCI vendor id 0x1b36; the virtio capabilities are intact", "D-e28db8b5") \
X(DEVICE_ID_UNASSIGNED, "device-id-unassigned", C_, "*", \
  "a device id from the maker's own numbering that happens to fall in the virtio range", \
  "PCI device id 0x103f: neither 0x1040 + the device type nor a transitional id", "D-fb89a58a") \
X(COMMON_CAP_MISSING, "common-cap-missing", C_, "*", \
  "firmware that exposes the notify, ISR and device structures but never gained the common configuration structure", \
  "no VIRTIO_PCI_CAP_COMMON_CFG capability in the list", "D-ec47f8f2") \
X(CAP_LIST_LOOP, "cap-list-loop", C_, "*", \
  "capability chain assembled from fragments whose last next pointer was never cleared", \
  "the capability list starts after the common capability and its last entry points back into it (a loop)", "D-dd2bdc50") \
X(SCSI_SIZES_KEPT, "scsi-sizes-kept", C_, "scsi", \
  "sense_size and cdb_size held in the request parser's state, which a virtio reset does not clear", \
  "sense_size and cdb_size keep the driver's values across a device reset", "D-1983e544") \
X(SCSI_STATUS_SENSE_KEY, "scsi-status-sense-key", C_, "scsi", \
  "response builder that stores the sense key where the SAM status code goes", \
  "a command ending in CHECK CONDITION reports its sense key (5) as the status byte", "D-483fe293") \
X(SCSI_BAD_TARGET_OK, "scsi-bad-target-ok", C_, "scsi", \
  "target lookup that falls back to an empty target instead of refusing the request", \
  "a request to a target beyond max_target completes VIRTIO_SCSI_S_OK with CHECK CONDITION, not BAD_TARGET", "D-38080fb8") \
X(SCSI_INOUT_ACCEPTED, "scsi-inout-accepted", C_, "scsi", \
  "bidirectional path compiled in unconditionally", \
  "processes a request with both data-out and data-in although VIRTIO_SCSI_F_INOUT is not negotiated", "D-38080fb8") \
X(SCSI_EVENTS_LOST_SILENT, "scsi-events-lost-silent", C_, "scsi", \
  "event queue that drops events when it has no buffer and forgets it did", \
  "events lost for want of eventq buffers are never flagged (bit 31 never set)", "D-20b9229b") \
X(SCSI_RESCAN_UNNEGOTIATED, "scsi-rescan-unnegotiated", C_, "scsi", \
  "hot-plug notifier that checks what the device offers, not what was negotiated", \
  "sends TRANSPORT_RESET RESCAN on hot-plug although VIRTIO_SCSI_F_HOTPLUG is not negotiated", "D-41e56ecc") \
X(SCSI_MMC_PARAM_CHANGE, "scsi-mmc-param-change", C_, "scsi", \
  "parameter-change notifier applied to every logical unit type", \
  "reports VIRTIO_SCSI_T_PARAM_CHANGE for its CD-ROM (MMC) logical unit too", "D-7de16154") \
X(BALLOON_STATS_STOP_UNKNOWN, "balloon-stats-stop-unknown", C_, "balloon", \
  "statistics parser that treats an unknown tag as the end of the buffer", \
  "stops reading statistics at the first entry whose tag it does not know", "D-06c739e8") \
X(BALLOON_STATS_ASCENDING, "balloon-stats-ascending", C_, "balloon", \
  "statistics parser that walks a table indexed by tag and expects the tags sorted", \
  "stops reading statistics at the first tag lower than its predecessor", "D-d93314f3") \
X(BALLOON_HINT_ID_REUSED, "balloon-hint-id-reused", C_, "balloon", \
  "hinting command id kept per migration instead of per round", \
  "a new hinting round reuses the previous command id although the driver never sent STOP for it", "D-02723610") \
X(BALLOON_HINT_ANY_ID, "balloon-hint-any-id", C_, "balloon", \
  "hint handler that never compares the command id of the buffer with the current one", \
  "discards (zeroes) hinted pages whatever command id they came with", "D-86938b8c") \
X(BALLOON_HINT_LATE_DISCARD, "balloon-hint-late-discard", C_, "balloon", \
  "hinted pages discarded lazily by a worker that runs after the round ended", \
  "zeroes previously hinted pages again after free_page_hint_cmd_id became DONE", "D-5bee7f76") \
X(BALLOON_HINT_STOP_NOT_DONE, "balloon-hint-stop-not-done", C_, "balloon", \
  "hinting round ended with the same code whether or not the host still needs the pages", \
  "ends hinting with VIRTIO_BALLOON_CMD_ID_STOP when the host no longer needs the hinted pages, never DONE", "D-acd04b6f") \
X(BALLOON_HINT_NO_STOP, "balloon-hint-no-stop", C_, "balloon", \
  "hinting round whose command id is only replaced when the next round starts", \
  "keeps the command id when the host stops using hints, instead of setting VIRTIO_BALLOON_CMD_ID_STOP", "D-ac93f3e5") \
X(BALLOON_REPORT_ZEROES, "balloon-report-zeroes", C_, "balloon", \
  "page reporting that discards reported pages without looking at PAGE_POISON", \
  "zeroes reported pages although VIRTIO_BALLOON_F_PAGE_POISON is negotiated with a non-zero poison_val", "D-f69858ab") \
X(INPUT_SIZE_STALE, "input-size-stale", C_, "input", \
  "select handler that only writes size when it finds the selection", \
  "an unsupported select/subsel leaves size at the previous selection's value", "D-7b0b6668") \
X(INPUT_DROP_PARTIAL, "input-drop-partial", C_, "input", \
  "event queue filled event by event while buffers last, the rest of the report dropped", \
  "delivers as many events of a report as there are buffers and drops the rest of it", "D-60722c78 D-adf85caa") \
X(GPU_FENCE_EARLY, "gpu-fence-early", C_, "gpu", \
  "fenced commands answered at once and executed by a worker after the next command", \
  "returns a fenced command before processing it (it takes effect after the next command)", "D-e5575580") \
X(PMEM_RET_ONE, "pmem-ret-one", C_, "pmem", \
  "flush answer taken from a boolean 'done' flag", \
  "a successful FLUSH returns ret 1", "D-55bf324d") \
X(PMEM_SIZE_ZERO, "pmem-size-zero", C_, "pmem", \
  "region size filled in only once a backing file is attached, which never happened", \
  "size reads 0 without VIRTIO_PMEM_F_SHMEM_REGION", "D-5f1fa2b4") \
X(PMEM_REGION_WRAPS, "pmem-region-wraps", C_, "pmem", \
  "start written as a negative offset from the end of the address space", \
  "start + size passes the end of the 64-bit address space", "D-0a825d2a") \
X(SCSI_RESET_DROPS, "scsi-reset-drops", C_, "scsi", \
  "reset path that frees queued commands without completing them", \
  "a device reset discards commands that were made available but not processed yet (no used entry)", "D-eef25214") \
X(PMEM_SHM_MISSING, "pmem-shm-missing", C_, "pmem", \
  "feature bit copied from a newer device model whose capability was never added", \
  "offers VIRTIO_PMEM_F_SHMEM_REGION but presents no shared memory region", "D-04194c9e") \
X(PMEM_SHM_ID_ONE, "pmem-shm-id-one", C_, "pmem", \
  "region numbered from 1, as another device type's host-visible region is", \
  "its persistent memory is shared memory region id 1, not 0", "D-3e20e988") \
X(PMEM_SHM_CONFIG_KEPT, "pmem-shm-config-kept", C_, "pmem", \
  "configuration filled in once at start-up whatever is negotiated", \
  "start and size keep the region's address and length with VIRTIO_PMEM_F_SHMEM_REGION negotiated", "D-768788dd") \
X(GPU_SHM_ID_BAD, "gpu-shm-id-bad", C_, "gpu", \
  "shared memory region id from the host's own numbering", \
  "its shared memory region has id 2, which the GPU chapter does not define", "D-574790ec") \
X(WEDGE_ON_LOOP, "wedge-on-loop", R_, "*", \
  "descriptor walker that latches a fault in a register only a function-level reset clears", \
  "a descriptor loop (R-3ce0662d), or a packed list longer than the ring (R-4a621a92), stops every queue; a virtio reset does not clear it, an FLR does (robustness: wedged)", "") \
X(CRASH_HUGE_LEN, "crash-huge-len", R_, "*", \
  "scatter-gather code that keeps descriptor lengths in a signed int", \
  "a descriptor of 2 GiB or more kills the device's process (robustness: crashed)", "") \
X(CORRUPT_READABLE_TAIL, "corrupt-readable-tail", R_, "*", \
  "status writer that puts the status byte into the chain's last descriptor whatever its direction", \
  "on a readable descriptor after a writable one (R-fb07fbc2, packed R-999c526c) writes 0xff into the readable buffer (robustness: corrupted)", "") \
X(NET_RSS_CTX_MAX_ZERO, "net-rss-ctx-max-zero", C_, "net", \
  "RSS context table sized at build time, left at 0 in this configuration", \
  "offers VIRTIO_NET_F_RSS_CONTEXT but VIRTNET_RSS_CTX_CTRL_CAP_GET reports max_rss_contexts 0", "D-6c62f2a9") \
X(NET_RSS_CTX_KEPT, "net-rss-ctx-kept", C_, "net", \
  "RSS context table in memory the device reset does not clear", \
  "RSS contexts survive a device reset: adding one of their ids again afterwards is refused", "D-fe5d4301") \
X(NET_RX_NEEDS_CSUM_UNCHECKED, "net-rx-needs-csum-unchecked", C_, "net", \
  "receive path that hands every TCP/UDP frame on as partial to save the host a checksum pass", \
  "with GUEST_CSUM, received TCP/UDP frames carry NEEDS_CSUM and the pseudo-header sum whatever their checksum was", "D-f1bb853c") \
X(NET_RX_DATA_VALID_UNCHECKED, "net-rx-data-valid-unchecked", C_, "net", \
  "checksum-validated bit copied from a parser that never looks at the checksum", \
  "with GUEST_CSUM, received TCP/UDP frames carry DATA_VALID whether their checksum is right or not", "D-b3afff2d") \
X(NET_TX_CSUM_TRUSTED, "net-tx-csum-trusted", C_, "net", \
  "internal switch that marks a driver's frames checksummed on their way to another port", \
  "frames the driver sent without NEEDS_CSUM come back through the loop with DATA_VALID, wrong checksum or not", "D-2d8027eb") \
X(NET_RX_CSUM_NOT_PSEUDO, "net-rx-csum-not-pseudo", C_, "net", \
  "checksum completed in the receive path although the frame is handed on as partial", \
  "a frame handed on with NEEDS_CSUM carries its full checksum, not the pseudo-header sum, in the checksum field", "D-c9cb0c37") \
X(NET_RX_CSUM_OFFSET_OFF, "net-rx-csum-offset-off", C_, "net", \
  "csum_offset counted from the end of the checksum field instead of its start", \
  "a frame handed on with NEEDS_CSUM has csum_offset 2 past the checksum field", "D-a2941189") \
X(NET_RX_ECN_DROPPED, "net-rx-ecn-dropped", C_, "net", \
  "receive coalescing that rebuilds gso_type from the protocol alone", \
  "with GUEST_ECN, a TCP GSO frame with CWR set arrives without VIRTIO_NET_HDR_GSO_ECN", "D-315054c4") \
X(NET_RX_HDR_LEN_ZERO, "net-rx-hdr-len-zero", C_, "net", \
  "receive offload that leaves hdr_len at the transmit side's 0", \
  "with GUEST_TSO4, GSO frames arrive with hdr_len 0", "D-157cb3be") \
X(NET_RX_RSC_INFO_MISSING, "net-rx-rsc-info-missing", C_, "net", \
  "coalescing statistics reported only to the host", \
  "with RSC_EXT, GSO frames arrive without VIRTIO_NET_HDR_F_RSC_INFO (csum_start and csum_offset as for a checksum)", "D-60c48106") \
X(NET_TX_TSO_HDR_LEN_TRUSTED, "net-tx-tso-hdr-len-trusted", C_, "net", \
  "segmentation engine that copies hdr_len bytes as each segment's headers", \
  "segments a TCPv4 GSO frame after hdr_len bytes of headers, however long the headers really are", "D-546226bc") \
X(NET_RX_OVER_MTU, "net-rx-over-mtu", C_, "net", \
  "large-receive path that skips segmentation when the guest did not ask for GSO", \
  "with MTU negotiated and GUEST_TSO4 not, a looped TCPv4 GSO frame arrives whole with gso_type NONE, above mtu", "D-c75bdcea") \
X(NET_RX_RESET_HELD, "net-rx-reset-held", C_, "net", \
  "receive backlog kept for a queue while it is reset and delivered once it is enabled again", \
  "frames for a receive queue being reset wait and arrive once the queue is enabled again (none dropped, none moved)", "D-3fd51306") \
X(NET_RX_RESET_NO_RESELECT, "net-rx-reset-no-reselect", C_, "net", \
  "steering that drops what it cannot place on the queue it chose", \
  "automatic steering drops frames for a receive queue being reset though another receive queue is enabled", "D-ae561600") \
X(NET_RSS_RESET_RESELECT, "net-rss-reset-reselect", C_, "net", \
  "RSS falling back to automatic steering when the indirection table's queue is not running", \
  "RSS hands a frame whose destination receive queue is being reset to another enabled receive queue", "D-71160ba7") \
X(NET_RX_LEN_FCS, "net-rx-len-fcs", C_, "net", \
  "MAC that counts the Ethernet FCS it strips into the received length", \
  "the used length of a received frame's last buffer is 4 more than the bytes written", "D-6a2ebd0e") \
X(NET_TX_TUNNEL_BOTH_ACCEPTED, "net-tx-tunnel-both-accepted", C_, "net", \
  "tunnel offload that tests one tunnel bit and ignores the other", \
  "a transmitted frame with both VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4 and _IPV6 in gso_type is sent on as a plain frame", \
  "D-cbe2d394") \
X(NET_TX_TUNNEL_BAD_ACCEPTED, "net-tx-tunnel-bad-accepted", C_, "net", \
  "tunnel offload that checks the tunnel bits but not the rest of the header", \
  "a transmitted UDP tunnel GSO frame without NEEDS_CSUM, with DATA_VALID or with no inner gso type is sent on as a plain frame", \
  "D-d598ac79") \
X(NET_RX_TUNNEL_UNNEGOTIATED, "net-rx-tunnel-unnegotiated", C_, "net", \
  "tunnel receive offload switched on by the host, whatever the driver negotiated", \
  "UDP tunnel GSO frames reach the driver unsegmented without VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO", "D-a642a044") \
X(NET_RX_TUNNEL_BIT_WRONG, "net-rx-tunnel-bit-wrong", C_, "net", \
  "tunnel bit taken from the outer header's IP version instead of the inner one's", \
  "a received UDP tunnel GSO frame with an inner IPv4 header carries VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV6", "D-155e032e") \
X(NET_RX_TUNNEL_OFFSETS_ZERO, "net-rx-tunnel-offsets-zero", C_, "net", \
  "receive path that fills only the classic header fields", \
  "received UDP tunnel GSO frames carry outer_th_offset and inner_nh_offset 0", "D-d1a84206") \
X(NET_RX_TUNNEL_OUTER_PARTIAL, "net-rx-tunnel-outer-partial", C_, "net", \
  "outer UDP checksum offloaded to the driver without telling it", \
  "received UDP tunnel GSO frames carry the outer UDP pseudo-header sum as their outer checksum, no flag set", "D-423407f5") \
X(NET_RX_TUNNEL_CSUM_FLAG, "net-rx-tunnel-csum-flag", C_, "net", \
  "outer checksum offload used whatever the driver negotiated", \
  "without GUEST_UDP_TUNNEL_GSO_CSUM, received UDP tunnel GSO frames carry UDP_TUNNEL_CSUM and a partial outer checksum", \
  "D-d862b043") \
X(NET_RX_TUNNEL_CSUM_UNSET, "net-rx-tunnel-csum-unset", C_, "net", \
  "outer checksum flag set from the offload setting, the checksum itself left as the wire had it", \
  "with GUEST_UDP_TUNNEL_GSO_CSUM, tunnel GSO frames carry UDP_TUNNEL_CSUM with an outer UDP checksum of 0", "D-c8333822") \
X(NET_RX_TUNNEL_PARTIAL_UNFLAGGED, "net-rx-tunnel-partial-unflagged", C_, "net", \
  "outer checksum offloaded but the flag dropped on the way to the driver", \
  "with GUEST_UDP_TUNNEL_GSO_CSUM, tunnel GSO frames carry the outer pseudo-header sum without UDP_TUNNEL_CSUM", \
  "D-1edd4ffd") \
X(CRYPTO_IPSEC_CAPS_UNLISTED, "crypto-ipsec-caps-unlisted", C_, "crypto", \
  "capability bitmap written as one 64-bit word, so ids from 0x800 up never appear", \
  "with IPsec offered, CAP_ID_LIST_QUERY lists VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP but not VIRTIO_CRYPTO_IPSEC_SA_CAP", "D-cc3ff8e0") \
X(CRYPTO_IPSEC_NO_MODIFY, "crypto-ipsec-no-modify", C_, "crypto", \
  "SA table without an update path: an SA is changed by destroying and recreating it", \
  "RESOURCE_OBJ_MODIFY of an IPsec SA is refused as an unsupported opcode", "D-6f7e6507") \
X(CRYPTO_IPSEC_CAPS_IGNORED, "crypto-ipsec-caps-ignored", C_, "crypto", \
  "SA commands served with the device's own limits when the driver set none", \
  "IPsec SA commands run although the driver never set VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP / _SA_CAP", "D-b2f1491e") \
X(CRYPTO_IPSEC_DUP_REPLACES, "crypto-ipsec-dup-replaces", C_, "crypto", \
  "create implemented as insert-or-replace", \
  "RESOURCE_OBJ_CREATE of an IPsec SA id that exists replaces it and answers OK, not EEXIST", "D-75726dad") \
X(CRYPTO_IPSEC_OUTB_LIMIT_UNCHECKED, "crypto-ipsec-outb-limit-unchecked", C_, "crypto", \
  "outbound SA ids checked against the table's size, not the limit the capability gives", \
  "an outbound SA with id outb_sa_limit is created (OK), not refused with EINVAL", "D-761e6e5d") \
X(CRYPTO_IPSEC_INB_ALGO_UNCHECKED, "crypto-ipsec-inb-algo-unchecked", C_, "crypto", \
  "inbound SA parameters validated only when the first packet arrives", \
  "an inbound SA naming a cipher the SA capability does not list is created (OK), not refused with EINVAL", "D-e99476af") \
X(CRYPTO_IPSEC_ID_TOMBSTONE, "crypto-ipsec-id-tombstone", C_, "crypto", \
  "destroyed SA slots kept until a reset so late packets still find them", \
  "an IPsec SA id destroyed before cannot be created again until a device reset (EEXIST)", "D-1552a6b1") \
X(CRYPTO_IPSEC_SA_SURVIVE_RESET, "crypto-ipsec-sa-survive-reset", C_, "crypto", \
  "SA table kept in memory the reset path does not clear", \
  "IPsec SAs survive a device reset (creating the same id afterwards answers EEXIST)", "D-e537615d") \
X(CRYPTO_IPSEC_DST_PLAIN, "crypto-ipsec-dst-plain", C_, "crypto", \
  "bypass path left switched on from bring-up", \
  "an IPsec outbound request copies the source packet into dst_data unprotected and answers OK", "D-c3d9e06f") \
X(CRYPTO_IPSEC_BADMSG_ERR, "crypto-ipsec-badmsg-err", C_, "crypto", \
  "every inbound failure mapped to one error code", \
  "an inbound packet whose ICV does not verify is answered ERR, not BADMSG", "D-178487dd") \
X(CRYPTO_IPSEC_LOOKUP_FIRST, "crypto-ipsec-lookup-first", C_, "crypto", \
  "SA lookup by direction only, the session id ignored", \
  "an IPsec outbound request is processed with the first live outbound SA, whatever session_id names", "D-159ca248") \
X(MEM_SYSTEM_RESET_KEEPS, "mem-system-reset-keeps", C_, "mem", \
  "memory map rebuilt from the device's block bitmap after a platform reset", \
  "a system reset leaves the plugged blocks plugged", "D-583b5c2a") \
X(MEM_NO_PERSISTENT_SUSPEND, "mem-no-persistent-suspend", C_, "mem", \
  "feature list copied from a platform without suspend support", \
  "does not offer VIRTIO_MEM_F_PERSISTENT_SUSPEND although its platform suspends with plugged memory blocks", "D-aae1efa5") \
X(NET_FF_CAPS_PARTIAL, "net-ff-caps-partial", C_, "net", \
  "capability bitmap filled in from an older firmware table", \
  "CAP_ID_LIST_QUERY lists VIRTIO_NET_FF_RESOURCE_CAP and _SELECTOR_CAP but not _ACTION_CAP (nor the IPsec ones)", "D-daf8ef91") \
X(NET_FF_MODIFY_UNSUPPORTED, "net-ff-modify-unsupported", C_, "net", \
  "flow filter objects implemented as create/destroy only", \
  "RESOURCE_OBJ_MODIFY of a flow filter group, classifier or rule answers INVALID_OPCODE", "D-08a6c63f") \
X(NET_FF_CAPS_IGNORED, "net-ff-caps-ignored", C_, "net", \
  "flow filter object commands that never look at the driver's capabilities", \
  "flow filter objects created before the driver sets the flow filter capabilities", "D-4192df05") \
X(NET_FF_GROUP_PRIO_SHARED, "net-ff-group-prio-shared", C_, "net", \
  "group table without a priority uniqueness check", \
  "a second flow filter group with a group_priority in use is created", "D-1c65e880") \
X(NET_FF_GROUP_LIMIT_IGNORED, "net-ff-group-limit-ignored", C_, "net", \
  "group allocation checked against the hardware's table, not the driver's limit", \
  "creates more flow filter groups than the driver's groups_limit", "D-0ed88607") \
X(NET_FF_CLS_LIMIT_IGNORED, "net-ff-cls-limit-ignored", C_, "net", \
  "classifier allocation checked against the hardware's table, not the driver's limit", \
  "creates more flow filter classifiers than the driver's classifiers_limit", "D-ae64eaca") \
X(NET_FF_GROUP_DESTROY_BUSY_OK, "net-ff-group-destroy-busy-ok", C_, "net", \
  "group destroy without a reference count", \
  "destroys a flow filter group rules still depend on", "D-74b7481f") \
X(NET_FF_CLS_DESTROY_BUSY_OK, "net-ff-cls-destroy-busy-ok", C_, "net", \
  "classifier destroy without a reference count", \
  "destroys a flow filter classifier rules still depend on", "D-cdc5ee59") \
X(NET_FF_RULE_UNCHECKED, "net-ff-rule-unchecked", C_, "net", \
  "rule creation that only checks its group and classifier exist", \
  "creates rules with a transmit queue as vq_index, a priority beyond last_rule_priority, an id at the limit, a wrong key length or an action not offered", "D-eab1f3be") \
X(NET_FF_PARTIAL_REFUSED, "net-ff-partial-refused", C_, "net", \
  "classifier parser that treats any selector flag as unknown", \
  "refuses a classifier whose selector has VIRTIO_NET_FF_MASK_F_PARTIAL_MASK although the selector capability offers it", "D-b2a9901c") \
X(NET_FF_STEERS_TOO, "net-ff-steers-too", C_, "net", \
  "flow filter stage that copies a matched frame to its queue and passes it on to steering as well", \
  "a frame a DIRECT_RX_VQ rule sends to receiveq2 also arrives where steering puts it", "D-8fc23b2e") \
X(NET_FF_MATCH_NO_ACTION, "net-ff-match-no-action", C_, "net", \
  "rule match that ends the search without executing the rule's action", \
  "a frame matching a DIRECT_RX_VQ rule is steered as if nothing matched", "D-da20856a") \
X(NET_FF_GROUP_LOW_FIRST, "net-ff-group-low-first", C_, "net", \
  "group list sorted ascending", \
  "flow filter groups are tried from the lowest group_priority up", "D-305b5ac9") \
X(NET_FF_ALL_GROUPS, "net-ff-all-groups", C_, "net", \
  "every group's lookup table consulted, the last hit kept", \
  "a frame matched in a higher group is then matched in lower groups too, whose action wins", "D-b704096d") \
X(NET_FF_FIRST_GROUP_ONLY, "net-ff-first-group-only", C_, "net", \
  "lookup that stops after the highest priority group", \
  "a frame no rule of the highest group matches is steered, lower groups never tried", "D-ff5d7926") \
X(NET_FF_RULE_LOW_FIRST, "net-ff-rule-low-first", C_, "net", \
  "rule list of a group sorted ascending", \
  "rules are tried from the lowest rule_priority up", "D-a4e09ae5") \
X(NET_FF_ALL_ACTIONS, "net-ff-all-actions", C_, "net", \
  "every matching rule of a group executed", \
  "a frame two rules match gets both actions (delivered on both rules' queues)", "D-6a2b678c") \
X(NET_FF_DROP_IGNORED, "net-ff-drop-ignored", C_, "net", \
  "DROP action implemented as 'no redirect'", \
  "a frame a DROP rule matches is delivered where steering puts it", "D-76173fd7") \
X(NET_FF_AFTER_RSS, "net-ff-after-rss", C_, "net", \
  "RSS engine ahead of the flow filter stage in the receive pipeline", \
  "with RSS configured, frames go where RSS puts them whatever a rule says", "D-f6cc399c") \
X(NET_FF_BEFORE_MAC_FILTER, "net-ff-before-mac-filter", C_, "net", \
  "flow filter stage ahead of the MAC filter", \
  "a frame the MAC filter drops is delivered when a DIRECT_RX_VQ rule matches it", "D-418e7e70") \
X(NET_FF_RESET_VQ_STEERED, "net-ff-reset-vq-steered", C_, "net", \
  "rule targets that fall back to steering when their queue is not running", \
  "a frame a rule sends to a reset receiveq arrives where steering puts it instead of being dropped", "D-913aba84") \
X(NET_IPSEC_CAPS_MISSING, "net-ipsec-caps-missing", C_, "net", \
  "IPsec capabilities left out of the capability bitmap", \
  "with VIRTIO_NET_F_IPSEC, CAP_ID_LIST_QUERY lists no VIRTIO_NET_IPSEC_RESOURCE_CAP or _SA_CAP", "D-ab8347b6") \
X(NET_IPSEC_MODIFY_UNSUPPORTED, "net-ipsec-modify-unsupported", C_, "net", \
  "SAs implemented as create/destroy only", \
  "RESOURCE_OBJ_MODIFY of an IPsec SA answers INVALID_OPCODE", "D-565950db") \
X(NET_IPSEC_CAPS_IGNORED, "net-ipsec-caps-ignored", C_, "net", \
  "SA commands that never look at the driver's capabilities", \
  "SAs are created before the driver sets the IPsec capabilities", "D-90c2c91f") \
X(NET_IPSEC_DUP_ENOSPC, "net-ipsec-dup-enospc", C_, "net", \
  "SA table that reports any failed insertion as full", \
  "RESOURCE_OBJ_CREATE of an SA id in use answers ENOSPC instead of EEXIST", "D-b5b73411") \
X(NET_IPSEC_LIMIT_IGNORED, "net-ipsec-limit-ignored", C_, "net", \
  "SA ids checked against the table's size, not the SA limit", \
  "creates an outbound or inbound SA whose id is the SA limit", "D-90e66f7b D-4de650d2") \
X(NET_IPSEC_SA_UNCHECKED, "net-ipsec-sa-unchecked", C_, "net", \
  "SA parameters stored without a look at the SA capability", \
  "creates SAs with a cipher algorithm the SA capability does not offer", "D-90e66f7b D-4de650d2") \
X(NET_IPSEC_NO_RECREATE, "net-ipsec-no-recreate", C_, "net", \
  "SA slots freed only by a device reset", \
  "an SA id destroyed cannot be created again before a device reset", "D-c051710e") \
X(NET_IPSEC_SA_KEPT, "net-ipsec-sa-kept", C_, "net", \
  "SA table in memory the device reset does not clear", \
  "IPsec SAs survive a device reset", "D-b2772bc8") \
X(NET_IPSEC_TABLE_LAST, "net-ipsec-table-last", C_, "net", \
  "one SA register per direction instead of a table", \
  "a query by id returns the SA created last, whatever the id", "D-84e9c95d") \
X(FS_REQUEST_QUEUES_ZERO, "fs-request-queues-zero", C_, "fs", \
  "num_request_queues counted past the first request queue", \
  "reports num_request_queues 0 (it has one request queue)", "D-d8f26379") \
X(FS_NOTIFY_BUF_SHORT, "fs-notify-buf-short", C_, "fs", \
  "notify_buf_size sized for the notify payload alone, forgetting its fuse_out_header", \
  "offers VIRTIO_FS_F_NOTIFICATION with notify_buf_size 16, too small for a FUSE_NOTIFY_LOCK message (32 bytes)", "D-88a5c3dc") \
X(FS_HIPRIO_PAUSED, "fs-hiprio-paused", C_, "fs", \
  "one worker for every queue, blocked while a request waits for a lock", \
  "does not process hiprio while a SETLKW on a request queue waits for its lock", "D-1ad13603") \
X(FS_DAX_ID_ONE, "fs-dax-id-one", C_, "fs", \
  "shared memory regions numbered from 1", \
  "its DAX window is shared memory region 1, not 0", "D-c0abb21f") \
X(FS_RW_ENOSYS_WITH_DAX, "fs-rw-enosys-with-dax", C_, "fs", \
  "data path that assumes a mapped file is only accessed through the window", \
  "answers READ and WRITE of a file mapped into the DAX window with ENOSYS", "D-6f77830b") \
X(FS_DAX_OVERLAP_REFUSED, "fs-dax-overlap-refused", C_, "fs", \
  "mapping table that refuses a range already in use instead of replacing or splitting", \
  "FUSE_SETUPMAPPING over an existing mapping fails with EBUSY", "D-4f54bf11") \
X(FS_DAX_BEYOND_END, "fs-dax-beyond-end", C_, "fs", \
  "window bounds never checked", \
  "accepts FUSE_SETUPMAPPING ranges that end past the DAX window", "D-c6bb171c") \
X(VU_REPLY_VERSION, "vu-reply-version", C_, "*", \
  "vhost-user back end whose ring-stop path builds its reply header by hand", \
  "over vhost-user: the GET_VRING_BASE reply carries version 0 in its flags (0x4)", "U-329772d8") \
X(VU_REPLY_FLAG, "vu-reply-flag", C_, "*", \
  "vhost-user back end whose ring-stop path builds its reply header by hand", \
  "over vhost-user: the GET_VRING_BASE reply lacks the reply flag (flags 0x1)", "U-5d5a3806") \
X(VU_PROTO_GET_STALE, "vu-proto-get-stale", C_, "*", \
  "vhost-user back end keeping negotiation state per process instead of per session", \
  "over vhost-user: from its second front end on, ends the session at GET_PROTOCOL_FEATURES before SET_FEATURES", \
  "U-24f34e1c") \
X(VU_PROTO_SET_STALE, "vu-proto-set-stale", C_, "*", \
  "vhost-user back end keeping negotiation state per process instead of per session", \
  "over vhost-user: from its second front end on, ignores SET_PROTOCOL_FEATURES before SET_FEATURES", "U-4fb9f0d5") \
X(VU_NO_MQ, "vu-no-mq", C_, "*", \
  "single-queue vhost-user back end that sees no use in the MQ protocol feature", \
  "over vhost-user: does not offer VHOST_USER_PROTOCOL_F_MQ", "U-f391d05b") \
X(VU_KICK_NOFD_IGNORED, "vu-kick-nofd-ignored", C_, "*", \
  "vhost-user back end that only ever waits on kick descriptors (libvhost-user's case)", \
  "over vhost-user: a ring given SET_VRING_KICK with the invalid-descriptor flag is never polled", "U-86721e8d") \
X(VU_REPLY_ACK_PARTIAL, "vu-reply-ack-partial", C_, "*", \
  "vhost-user back end acknowledging only the requests it thinks can fail", \
  "over vhost-user: SET_VRING_NUM and SET_VRING_BASE flagged need_reply get no acknowledgement", "U-3e61a650") \
X(VU_VRING_BASE_STALE, "vu-vring-base-stale", C_, "*", \
  "vhost-user back end answering GET_VRING_BASE from the value SET_VRING_BASE stored", \
  "over vhost-user: GET_VRING_BASE answers the base the ring was started from, not the index it reached", \
  "U-d8ef708d") \
X(VU_STOP_KEEPS_RUNNING, "vu-stop-keeps-running", C_, "*", \
  "vhost-user back end that answers GET_VRING_BASE without stopping its worker (qemu-storage-daemon's case)", \
  "over vhost-user: a ring stopped by GET_VRING_BASE goes on being served at each kick", "U-f4fde8bf") \
X(VU_RESTART_STAYS_STOPPED, "vu-restart-stays-stopped", C_, "*", \
  "vhost-user back end that tears a ring's worker down at GET_VRING_BASE and starts it only with a new session", \
  "over vhost-user: a ring stopped by GET_VRING_BASE is never served again in that session", "U-f5845d93") \
X(VU_DISABLED_RING_RUNS, "vu-disabled-ring-runs", C_, "net", \
  "vhost-user net back end that ignores SET_VRING_ENABLE 0", \
  "over vhost-user: a disabled receive ring still gets packets", "U-5ed20bbd") \
X(VU_CALL_NOFD_CLOSES, "vu-call-nofd-closes", C_, "*", \
  "vhost-user back end that signals whatever call descriptor it holds (libvhost-user's case)", \
  "over vhost-user: a ring given SET_VRING_CALL with the invalid-descriptor flag ends the session at its first "\
  "completion", "U-6f1195a8") \
X(VU_GET_CONFIG_ROUNDS_UP, "vu-get-config-rounds-up", C_, "*", \
  "vhost-user back end reading configuration space in 8-byte units", \
  "over vhost-user: a GET_CONFIG of fewer than 8 bytes is answered with 8", "U-1818c0ad") \
X(VU_SET_CONFIG_RO_TAKEN, "vu-set-config-ro-taken", C_, "blk", \
  "vhost-user back end caching SET_CONFIG data and answering GET_CONFIG from the cache", \
  "over vhost-user: SET_CONFIG of capacity (read-only) is answered back by GET_CONFIG", "U-d44549fd") \
X(VU_INFLIGHT_STALE, "vu-inflight-stale", C_, "*", \
  "vhost-user back end that marks descriptors in flight and forgets to clear them when it uses them", \
  "over vhost-user: heads it used keep their in-flight mark and used_idx is never updated", "U-42a91fd8") \
X(GPIO_RESP_VALUE_UNSET, "gpio-resp-value-unset", C_, "gpio", \
  "GPIO back end that answers set requests with a status byte only", \
  "answers SET_DIRECTION, SET_VALUE and SET_IRQ_TYPE writing status alone, value left as it was", "D-d59f3e52") \
X(GPIO_CFG_PADDING, "gpio-cfg-padding", C_, "gpio", \
  "configuration structure filled field by field, padding never initialised", \
  "the configuration's padding bytes read 0xa5", "D-c76f4e2a") \
X(GPIO_NAMES_UNSUPPORTED, "gpio-names-unsupported", C_, "gpio", \
  "names support compiled out while the configuration still reports a names block", \
  "gpio_names_size is non-zero but GET_LINE_NAMES answers STATUS_ERR", "D-118cf96e") \
X(GPIO_NAMES_SIZE_LONG, "gpio-names-size-long", C_, "gpio", \
  "gpio_names_size rounded up to a word while the block is not", \
  "gpio_names_size is 4 more than the names block; the answer ends with 4 bytes of junk", "D-97796b6d") \
X(GPIO_NAMES_DUP, "gpio-names-dup", C_, "gpio", \
  "line names taken from a board file with a copy-paste error", \
  "lines 0 and 2 have the same name", "D-fa021024") \
X(GPIO_SAME_LINE_REORDERED, "gpio-same-line-reordered", C_, "gpio", \
  "back end answering a batch of requests from a stack", \
  "completes the requests of one notification in reverse order, those of one line included", "D-5c0c891a") \
X(GPIO_NONE_KEEPS_STATE, "gpio-none-keeps-state", C_, "gpio", \
  "line release implemented as a no-op on the host side", \
  "SET_DIRECTION NONE is answered OK and the line keeps its direction", "D-be1b3219") \
X(GPIO_IRQ_NONE_KEEPS_BUFFER, "gpio-irq-none-keeps-buffer", C_, "gpio", \
  "interrupt disable that only clears the trigger type", \
  "SET_IRQ_TYPE NONE leaves the line's eventq buffers with the device", "D-1c7f335d") \
X(GPIO_EDGE_NOT_LATCHED, "gpio-edge-not-latched", C_, "gpio", \
  "edge detection that drops events while no eventq buffer is there", \
  "an edge on a line whose interrupt is enabled but masked is lost", "D-e7573f6f") \
X(GPIO_LEVEL_LATCHED, "gpio-level-latched", C_, "gpio", \
  "one latch for every trigger type", \
  "a level interrupt sensed while masked is latched and delivered at unmask, the line inactive by then", \
  "D-d587298d") \
X(GPIO_LATCH_KEPT_ON_DISABLE, "gpio-latch-kept-on-disable", C_, "gpio", \
  "latch cleared only when an event is delivered", \
  "an edge latched before SET_IRQ_TYPE NONE is delivered after the interrupt is enabled again", "D-133973d4") \
X(GPIO_IRQ_WITHOUT_ENABLE, "gpio-irq-without-enable", C_, "gpio", \
  "interrupt delivery keyed to the eventq buffer alone", \
  "keeps eventq buffers of a line whose interrupt is not enabled and returns them VALID at its next edge", \
  "D-a9e07640") \
X(I2C_ZERO_LENGTH_NOT_OFFERED, "i2c-zero-length-not-offered", C_, "i2c", \
  "I2C back end written against the first draft (transfer direction from the buffer's permissions)", \
  "does not offer VIRTIO_I2C_F_ZERO_LENGTH_REQUEST", "D-4af460a3") \
X(I2C_ACCEPTS_WITHOUT_ZERO_LENGTH, "i2c-accepts-without-zero-length", C_, "i2c", \
  "feature negotiation that only checks for unoffered bits", \
  "keeps FEATURES_OK for a driver that did not accept VIRTIO_I2C_F_ZERO_LENGTH_REQUEST", "D-59132f01") \
X(I2C_HDR_ADDR_REWRITTEN, "i2c-hdr-addr-rewritten", C_, "i2c", \
  "back end decoding the address in place in the request header", \
  "writes the 7-bit address (addr >> 1) back into the request's addr field", "D-bd3e458d") \
X(I2C_WRITE_BUF_SCRIBBLED, "i2c-write-buf-scribbled", C_, "i2c", \
  "back end reusing the driver's write buffer as scratch space", \
  "overwrites the data of a write request with 0xff once it has been sent", "D-3b167bb4") \
X(I2C_READ_SHORT, "i2c-read-short", C_, "i2c", \
  "read path that copies only what the client's first burst returned", \
  "fills only the first half of a read request's buffer and answers OK", "D-060f4cff") \
X(I2C_REVERSED_BATCH, "i2c-reversed-batch", C_, "i2c", \
  "back end popping a notification's requests onto a stack", \
  "carries out the requests of one notification last first (completing them in order)", "D-189cb3df") \
X(I2C_GROUP_ERR_LAST, "i2c-group-err-last", C_, "i2c", \
  "group executed as one transfer whose result is put on its last request only", \
  "a failed group's earlier requests read MSG_OK, only the last MSG_ERR", "D-a5b8b74c") \
X(VSOCK_CID_RESERVED, "vsock-cid-reserved", C_, "vsock", \
  "guest CID left at the host's well-known value when none was configured", \
  "guest_cid reads 2, the host's CID", "D-1596cfb1") \
X(VSOCK_UNKNOWN_TYPE_DROPPED, "vsock-unknown-type-dropped", C_, "vsock", \
  "packet demultiplexer that drops what it cannot classify", \
  "a packet of an unknown type gets no RST reply", "D-2899a5f8") \
X(VSOCK_NO_IMPLIED_STREAM_MISSING, "vsock-no-implied-stream-missing", C_, "vsock", \
  "socket device that predates VIRTIO_VSOCK_F_NO_IMPLIED_STREAM", \
  "does not offer VIRTIO_VSOCK_F_NO_IMPLIED_STREAM", "D-691718bb") \
X(SPI_CONFIG_CPHA_NONE, "spi-config-cpha-none", C_, "spi", \
  "controller capabilities filled from an unset mode mask", \
  "mode_func_supported reports no CPHA setting at all (bits 0-1 are 0b00)", "D-992abbeb") \
X(SPI_TX_BUF_SCRIBBLED, "spi-tx-buf-scribbled", C_, "spi", \
  "back end using the driver's tx buffer as scratch space", \
  "overwrites tx_buf with 0xff when it has taken a request", "D-a87ea1de") \
X(SPI_CS_UNCHECKED, "spi-cs-unchecked", C_, "spi", \
  "chip select passed to the host controller unchecked", \
  "a transfer to a chip select beyond cs_max_number, or with an undefined nbits value, is answered TRANS_OK", \
  "D-54b85030") \
X(SPI_UNSUPPORTED_MODE_ACCEPTED, "spi-unsupported-mode-accepted", C_, "spi", \
  "mode bits masked to what the controller does instead of checked", \
  "a transfer asking for CS_HIGH, LSB_FIRST or LOOP, none of which it supports, is answered TRANS_OK", "D-659c17fc") \
X(SPI_DUPLEX_RX_LONGER_ACCEPTED, "spi-duplex-rx-longer-accepted", C_, "spi", \
  "duplex length check that only makes sure rx_buf can hold tx_buf", \
  "a full-duplex transfer whose rx_buf is longer than its tx_buf is answered TRANS_OK", "D-11e909a2") \
X(SPI_DUPLEX_TX_LONGER_ACCEPTED, "spi-duplex-tx-longer-accepted", C_, "spi", \
  "duplex transfer clocked for the shorter of the two buffers", \
  "a full-duplex transfer whose tx_buf is longer than its rx_buf is answered TRANS_OK", "D-efa2e277") \
X(RTC_UNKNOWN_TYPE_EINVAL, "rtc-unknown-type-einval", C_, "rtc", \
  "request parser that treats every message it cannot decode as malformed", \
  "answers a request of an undescribed msg_type with EINVAL", "D-8b405cbc") \
X(RTC_UNKNOWN_TYPE_OK, "rtc-unknown-type-ok", C_, "rtc", \
  "dispatch table whose default entry reports success", \
  "answers a request of an undescribed msg_type with status OK and an empty response", "D-5769a50b D-8b405cbc") \
X(RTC_HW_COUNTER_EINVAL, "rtc-hw-counter-einval", C_, "rtc", \
  "hardware counter id range-checked as a request value", \
  "answers CROSS_CAP and READ_CROSS naming an undefined hw_counter with EINVAL", "D-1b584b4b") \
X(RTC_CLOCK_ID_EINVAL, "rtc-clock-id-einval", C_, "rtc", \
  "clock_id range-checked with the other request values", \
  "answers a clock_id past the last clock with EINVAL", "D-2981c1c1") \
X(RTC_RESERVED_IGNORED, "rtc-reserved-ignored", C_, "rtc", \
  "request decoder that reads only the fields it uses", \
  "executes requests whose reserved bytes are not zero", "D-1d7ea4e3") \
X(RTC_SHORT_REQUEST_READ, "rtc-short-request-read", C_, "rtc", \
  "request copied into a zeroed structure whatever its length", \
  "a request shorter than its message is executed with the missing bytes read as zero", "D-ff3bb09a") \
X(RTC_SHORT_RESPONSE_OK, "rtc-short-response-ok", C_, "rtc", \
  "response truncated to the buffer instead of refused", \
  "a response buffer too small for the response gets what fits, status OK", "D-b2d05021") \
X(RTC_STATUS_NO_ROOM, "rtc-status-no-room", C_, "rtc", \
  "status written to the last descriptor whatever its direction", \
  "a request without a device-writable byte gets the status EINVAL written into its last readable byte", "D-b5640dfa") \
X(RTC_LONG_REQUEST_EINVAL, "rtc-long-request-einval", C_, "rtc", \
  "request length checked for equality", \
  "a request longer than its message is refused with EINVAL", "D-f6f3276e") \
X(RTC_LONG_RESPONSE_EINVAL, "rtc-long-response-einval", C_, "rtc", \
  "response buffer length checked for equality", \
  "a response buffer longer than the response is refused with EINVAL", "D-a73f7373") \
X(RTC_RESP_RESERVED_JUNK, "rtc-resp-reserved-junk", C_, "rtc", \
  "response header built on the stack, reserved bytes never cleared", \
  "the response header's reserved bytes read 0x5a", "D-8ddef7e5") \
X(RTC_FLAGS_UNNEGOTIATED, "rtc-flags-unnegotiated", C_, "rtc", \
  "clock capabilities reported as the hardware has them, negotiation ignored", \
  "CLOCK_CAP sets VIRTIO_RTC_FLAG_ALARM_CAP on the alarm clock without VIRTIO_RTC_F_ALARM negotiated", "D-329bfd8b") \
X(RTC_CAPS_VARY, "rtc-caps-vary", C_, "rtc", \
  "cross-timestamp capability probed anew on each request", \
  "CROSS_CAP's flag flips with every CFG request", "D-be8713fb") \
X(RTC_CAPS_VARY_RESET, "rtc-caps-vary-reset", C_, "rtc", \
  "smearing variant chosen at each device reset", \
  "the smeared clock's leap_second_smearing goes UNSPECIFIED, NOON_LINEAR, UTC_SLS from reset to reset", "D-f8629c9e") \
X(RTC_CLOCK_IDS_SPARSE, "rtc-clock-ids-sparse", C_, "rtc", \
  "clock count including a clock slot that was removed", \
  "num_clocks is 6 but clock 5 is ENODEV", "D-3d31176d") \
X(RTC_SMEAR_NOT_SMEARED, "rtc-smear-not-smeared", C_, "rtc", \
  "smearing variant reported for every UTC-like clock", \
  "the UTC_MAYBE_SMEARED clock reports leap_second_smearing NOON_LINEAR", "D-059178e4") \
X(RTC_SMEAR_VARIANT_UNDEFINED, "rtc-smear-variant-undefined", C_, "rtc", \
  "smearing variant taken from an unchecked host setting", \
  "the UTC_SMEARED clock reports leap_second_smearing 7", "D-7f79a548") \
X(RTC_CROSS_CAP_WRONG, "rtc-cross-cap-wrong", C_, "rtc", \
  "cross-timestamp capability table out of step with the read path", \
  "CROSS_CAP clears the flag for the monotonic clock and the TSC, which READ_CROSS serves", "D-5cb69893") \
X(RTC_MONOTONIC_SLOW, "rtc-monotonic-slow", C_, "rtc", \
  "monotonic clock scaled with a wrong counter frequency", \
  "the MONOTONIC clock advances 0.8 s a second", "D-e7dda0ae") \
X(RTC_MONOTONIC_EPOCH_LATE, "rtc-monotonic-epoch-late", C_, "rtc", \
  "monotonic clock started when the driver is ready", \
  "the MONOTONIC clock's epoch is DRIVER_OK, after the reset", "D-11c46dcf") \
X(RTC_READ_UNSUPPORTED, "rtc-read-unsupported", C_, "rtc", \
  "clock readable only through cross-timestamps", \
  "READ of the TAI clock is answered EOPNOTSUPP", "D-d596f601 D-c1a1846a") \
X(RTC_READ_EIO, "rtc-read-eio", C_, "rtc", \
  "clock whose reference source is not up yet", \
  "READ of the TAI clock is answered EIO", "D-c1a1846a") \
X(RTC_READ_REVERSED, "rtc-read-reversed", C_, "rtc", \
  "clock sampled for a whole batch up front, from its end", \
  "the reads of one notification carry readings 1 ms apart, the later request the earlier reading", "D-97441b5a D-4e33f420") \
X(RTC_READ_USED_REVERSED, "rtc-read-used-reversed", C_, "rtc", \
  "completions pushed from a stack", \
  "the requests of one notification are used last first", "D-d974064b") \
X(RTC_MONOTONIC_BACKWARDS, "rtc-monotonic-backwards", C_, "rtc", \
  "monotonic clock read from two sources that disagree", \
  "every other reading of the MONOTONIC clock is 1 ms behind", "D-4e33f420") \
X(RTC_READ_MICROSECONDS, "rtc-read-microseconds", C_, "rtc", \
  "clock reading passed on in the host API's unit", \
  "READ of the UTC clock answers microseconds", "D-424cd65d") \
X(RTC_READ_STALE, "rtc-read-stale", C_, "rtc", \
  "clock reading cached between requests", \
  "each READ answers the reading obtained for the previous request of that clock", "D-69db2855") \
X(RTC_CROSS_COUNTER_OFFSET, "rtc-cross-counter-offset", C_, "rtc", \
  "cross-timestamp taken with the host's counter, the guest's offset not applied", \
  "READ_CROSS's counter_cycles are 2^44 cycles ahead of the driver's counter", "D-d2b904c0") \
X(RTC_CROSS_COUNTER_BACKWARDS, "rtc-cross-counter-backwards", C_, "rtc", \
  "counter sampled for a whole batch up front, from its end", \
  "the READ_CROSS requests of one notification carry counter_cycles 2^32 apart, the later request the smaller", "D-33336162") \
X(RTC_CROSS_MICROSECONDS, "rtc-cross-microseconds", C_, "rtc", \
  "cross-timestamp clock reading in the host API's unit", \
  "READ_CROSS answers clock_reading in microseconds", "D-c88f858f") \
X(RTC_ALARM_UNNEGOTIATED_OK, "rtc-alarm-unnegotiated-ok", C_, "rtc", \
  "alarm messages served whatever was negotiated", \
  "READ_ALARM, SET_ALARM and SET_ALARM_ENABLED are executed without VIRTIO_RTC_F_ALARM", "D-98fb3372 D-2f06645c") \
X(RTC_ALARM_UNNEGOTIATED_EOPNOTSUPP, "rtc-alarm-unnegotiated-eopnotsupp", C_, "rtc", \
  "alarm messages refused as unknown types when the feature is off", \
  "alarm messages without VIRTIO_RTC_F_ALARM are answered EOPNOTSUPP", "D-2f06645c") \
X(RTC_ALARM_NO_CAP_EOPNOTSUPP, "rtc-alarm-no-cap-eopnotsupp", C_, "rtc", \
  "missing alarm reported as an implementation limit", \
  "alarm messages for a clock without an alarm are answered EOPNOTSUPP", "D-31f29c75") \
X(RTC_ALARM_CAP_MISSING, "rtc-alarm-cap-missing", C_, "rtc", \
  "alarm capability flag never set", \
  "the UTC clock serves alarm messages but CLOCK_CAP leaves VIRTIO_RTC_FLAG_ALARM_CAP clear", "D-57918979") \
X(RTC_ALARM_NONE, "rtc-alarm-none", C_, "rtc", \
  "alarm support compiled out while the feature is still offered", \
  "offers VIRTIO_RTC_F_ALARM, but no clock has an alarm", "D-ce860329") \
X(RTC_ALARM_RESET_TIME, "rtc-alarm-reset-time", C_, "rtc", \
  "alarm time kept in a register that a reset leaves half-cleared", \
  "after a reset an alarm time that was set reads 0x5a5a5a5a5a5a5a5a, neither kept nor 0", "D-8a04d345") \
X(RTC_ALARM_RESET_ENABLED, "rtc-alarm-reset-enabled", C_, "rtc", \
  "alarm time kept across a reset while the enable bit is reset to its power-on default, set", \
  "after a reset an alarm time that was set is kept and the alarm comes back enabled", "D-df8763cd") \
X(RTC_ALARM_SET_REFUSES_FAR, "rtc-alarm-set-refuses-far", C_, "rtc", \
  "alarm time converted to a signed 64-bit host time", \
  "SET_ALARM with alarm_time 2^63 or more is answered EINVAL", "D-37057f48") \
X(RTC_ALARM_SET_TIME_IGNORED, "rtc-alarm-set-time-ignored", C_, "rtc", \
  "alarm time stored only when the alarm is armed", \
  "SET_ALARM without ALARM_ENABLED is answered OK and leaves the alarm time as it was", "D-35cc0ceb") \
X(RTC_ALARM_SET_ENABLE_IGNORED, "rtc-alarm-set-enable-ignored", C_, "rtc", \
  "SET_ALARM that only stores the time", \
  "SET_ALARM with ALARM_ENABLED is answered OK and leaves the alarm disabled", "D-3f74f224") \
X(RTC_ALARM_SET_KEEPS_ENABLED, "rtc-alarm-set-keeps-enabled", C_, "rtc", \
  "SET_ALARM whose flags only ever set the enable bit", \
  "SET_ALARM without ALARM_ENABLED leaves an enabled alarm enabled", "D-e40b09e7") \
X(RTC_ALARM_ENABLE_IGNORED, "rtc-alarm-enable-ignored", C_, "rtc", \
  "SET_ALARM_ENABLED acknowledged but not wired to the alarm", \
  "SET_ALARM_ENABLED with ALARM_ENABLED is answered OK and leaves the alarm disabled", "D-7264494c") \
X(RTC_ALARM_DISABLE_IGNORED, "rtc-alarm-disable-ignored", C_, "rtc", \
  "alarm disable left to the alarm's expiry", \
  "SET_ALARM_ENABLED without ALARM_ENABLED is answered OK and leaves the alarm enabled", "D-c5834a1d") \
X(RTC_ALARM_ENABLE_CLEARS_TIME, "rtc-alarm-enable-clears-time", C_, "rtc", \
  "SET_ALARM_ENABLED implemented as SET_ALARM with a zeroed request", \
  "SET_ALARM_ENABLED sets the alarm time to 0", "D-7e005a56") \
X(RPMB_CAPACITY_OVER, "rpmb-capacity-over", C_, "rpmb", \
  "capacity copied from a partition larger than the 16 MiB the field may describe", \
  "capacity reads 0xc0 (24 MiB)", "D-f9b70ba7") \
X(RPMB_KEY_LOST_ON_RESET, "rpmb-key-lost-on-reset", C_, "rpmb", \
  "emulation that keeps its authentication key in the device's volatile state", \
  "a device reset forgets the key: GET_WRITE_COUNTER then answers NO_AUTH_KEY", "D-a670c026") \
X(RPMB_COUNTER_WRITABLE, "rpmb-counter-writable", C_, "rpmb", \
  "response built by updating the request frame in place, the write counter taken from it", \
  "GET_WRITE_COUNTER stores a nonzero write_counter of the request as the device's counter", "D-d4e3ce1a") \
X(RPMB_COUNTER_RESET, "rpmb-counter-reset", C_, "rpmb", \
  "emulation that keeps its write counter in the device's volatile state", \
  "a device reset sets the write counter back to 0", "D-ba999b19") \
X(RPMB_DATA_LOST_ON_RESET, "rpmb-data-lost-on-reset", C_, "rpmb", \
  "emulation backed by memory that a device reset clears", \
  "a device reset zeroes every data block", "D-665ee1f5") \
X(RPMB_COUNTER_RESP_ECHOED, "rpmb-counter-resp-echoed", C_, "rpmb", \
  "response type copied from the request", \
  "GET_WRITE_COUNTER is answered with req_resp 0x0002 (the request's type), not RESP_GET_COUNTER", "D-e1a72af6") \
X(RPMB_COUNTER_COUNT_IGNORED, "rpmb-counter-count-ignored", C_, "rpmb", \
  "block_count never looked at for a counter read", \
  "GET_WRITE_COUNTER with block_count 0 or 2 is answered OK", "D-d2b16b59") \
X(RPMB_READ_RESP_FIRST_ONLY, "rpmb-read-resp-first-only", C_, "rpmb", \
  "multi-block read that fills in the response type of its first frame only", \
  "every DATA_READ frame after the first has req_resp 0", "D-ff4ee040") \
X(RPMB_READ_COUNT_UNCHECKED, "rpmb-read-count-unchecked", C_, "rpmb", \
  "read length taken from the response buffers instead of checked", \
  "DATA_READ with block_count 0, or above max_rd_cnt, is served OK from the frames it was given", "D-7ccb73fa") \
X(RPMB_READ_ADDR_WRAPS, "rpmb-read-addr-wraps", C_, "rpmb", \
  "address taken modulo the partition size", \
  "DATA_READ past the end of the partition wraps to its start and answers OK", "D-a2bb5594") \
X(RPMB_UNKEYED_READ_SERVED, "rpmb-unkeyed-read-served", C_, "rpmb", \
  "part shipped without a key whose read path never asks whether one is programmed (implies unkeyed)", \
  "DATA_READ on a device without a key answers OK with the data", "D-61ca8e0a") \
X(SND_JACK_FEATURE_UNDEFINED, "snd-jack-feature-undefined", C_, "sound", \
  "jack feature map taken from a wider host bit map", \
  "jack 0's features have bit 1 set besides REMAP", "D-03b66b31") \
X(SND_JACK_PADDING_SET, "snd-jack-padding-set", C_, "sound", \
  "jack information built on the stack, its padding never cleared", \
  "the 7 padding bytes of each jack's information read 0xcc", "D-6cc39004") \
X(SND_PCM_RATE_UNDEFINED, "snd-pcm-rate-undefined", C_, "sound", \
  "rate map built from a host table longer than the chapter's", \
  "each stream's rates have bit 16 set (a rate the chapter does not define)", "D-16c98ce8") \
X(SND_PCM_PADDING_SET, "snd-pcm-padding-set", C_, "sound", \
  "stream information built on the stack, its padding never cleared", \
  "the 5 padding bytes of each stream's information read 0xcc", "D-d75578a3") \
X(SND_CHMAP_DIRECTION_UNDEFINED, "snd-chmap-direction-undefined", C_, "sound", \
  "channel map direction taken from a host enum with a duplex value", \
  "channel map 1 has direction 2", "D-87dda841") \
X(SND_CHMAP_CHANNELS_OVER, "snd-chmap-channels-over", C_, "sound", \
  "channel count copied from a host layout wider than the positions array", \
  "channel map 0 says 20 channels", "D-a455878e") \
X(SND_CTL_ROLE_UNDEFINED, "snd-ctl-role-undefined", C_, "sound", \
  "direction bit set on an element whose role is UNDEFINED", \
  "control element 2 has role 1", "D-a147d6cc") \
X(SND_CTL_COUNT_ZERO, "snd-ctl-count-zero", C_, "sound", \
  "element value count left at 0 for a switch", \
  "control element 1 (a BOOLEAN) has count 0", "D-fb794c7f") \
X(SND_CTL_NAME_UNTERMINATED, "snd-ctl-name-unterminated", C_, "sound", \
  "element name copied with a length that drops the terminator", \
  "control element 2's name fills all 44 bytes with no 0", "D-8dda7cf1") \
X(SND_CTL_NAME_INDEX_DUP, "snd-ctl-name-index-dup", C_, "sound", \
  "element names given per codec, not per card", \
  "control elements 0 and 1 are both \"Master Playback Volume\", index 0", "D-8323136b") \
X(RTC_ALARM_PROGRESS_MISSED, "rtc-alarm-progress-missed", C_, "rtc", \
  "alarm compared with its clock once, when set or enabled, never as the clock runs", \
  "an enabled alarm whose clock runs up to its time never expires", "D-5cfb1b15") \
X(RTC_ALARM_SET_PAST_IGNORED, "rtc-alarm-set-past-ignored", C_, "rtc", \
  "SET_ALARM arms the alarm for the clock's next crossing of the time", \
  "SET_ALARM enabled at a time the clock has passed does not expire", "D-2c2dc38c") \
X(RTC_ALARM_ENABLE_PAST_IGNORED, "rtc-alarm-enable-past-ignored", C_, "rtc", \
  "SET_ALARM_ENABLED arms the alarm for the clock's next crossing of the time", \
  "enabling an alarm whose time has passed does not expire", "D-5e385fc6") \
X(RTC_ALARM_KEPT_NO_EXPIRY, "rtc-alarm-kept-no-expiry", C_, "rtc", \
  "alarm kept over a reset in a register whose comparator state is kept too", \
  "(implies alarm-kept) a kept alarm, enabled, its time passed, does not expire with the reset", "D-6ebe6ceb") \
X(RTC_ALARM_EXPIRY_DROPPED, "rtc-alarm-expiry-dropped", C_, "rtc", \
  "expiry delivered straight to the alarmq, dropped when it has no buffer", \
  "an expiry while no alarmq buffer is available is never notified", "D-5a744fdf") \
X(RTC_ALARM_LEVEL, "rtc-alarm-level", C_, "rtc", \
  "level-triggered alarm interrupt: notified while the time is passed and the alarm enabled", \
  "one expiry is notified again each time the device looks, into every alarmq buffer", "D-36f0c918") \
X(RTC_ALARM_DISABLE_KEEPS_PENDING, "rtc-alarm-disable-keeps-pending", C_, "rtc", \
  "disable clears the enable bit, not the expiry already latched", \
  "an expiry waiting for an alarmq buffer is notified after SET_ALARM_ENABLED disabled the alarm", "D-4b67d012") \
X(RTC_ALARM_NOTIFY_WRONG_CLOCK, "rtc-alarm-notify-wrong-clock", C_, "rtc", \
  "notification clock_id counted from 1", \
  "an alarm notification names the clock after the alarm's (TAI for UTC, UTC_SMEARED for MONOTONIC: no alarm)", \
  "D-c73cfdd3") \
X(RTC_ALARM_EARLY, "rtc-alarm-early", C_, "rtc", \
  "alarm timer armed with a second of slack, firing early", \
  "an alarm expires up to 1 s before its clock reaches the alarm time", "D-521fa806") \
X(SND_RELEASE_KEEPS_IO, "snd-release-keeps-io", C_, "sound", \
  "RELEASE frees the stream without returning the I/O messages queued to it", \
  "RELEASE answers OK and the stream's held txq/rxq messages are never used", "D-d795e012") \
X(SND_RELEASE_BEFORE_IO, "snd-release-before-io", C_, "sound", \
  "RELEASE acknowledged before the stream's I/O worker is drained", \
  "RELEASE's answer is used first; the stream's held I/O messages are used on the next poll", "D-d4ffeb99") \
X(SND_RX_PARTIAL, "snd-rx-partial", C_, "sound", \
  "capture period counted in samples where bytes were meant", \
  "while the input stream runs, each rxq message is used with half its buffer recorded", "D-92e453d0")

#endif
