/* SPDX-License-Identifier: MIT */
/*
 * Every suite, in the order they run: transport layout first, then core,
 * rings, device types. One line per suite, so adding one is one line here.
 */
#include "check.h"

#define SUITES(X)                \
	X(vct_suite_pci_header)        \
	X(vct_suite_pci_layout)        \
	X(vct_suite_pci_optional_caps) \
	X(vct_suite_pci_access)        \
	X(vct_suite_pci_msix)          \
	X(vct_suite_pci_intx)          \
	X(vct_suite_pci_notify_data)   \
	X(vct_suite_pci_isr)           \
	X(vct_suite_core_features)     \
	X(vct_suite_pci_features)      \
	X(vct_suite_pci_sriov)         \
	X(vct_suite_core_status)       \
	X(vct_suite_core_suspend)      \
	X(vct_suite_core_reset)        \
	X(vct_suite_pci_reset)         \
	X(vct_suite_core_config)       \
	X(vct_suite_pci_config)        \
	X(vct_suite_core_queue)        \
	X(vct_suite_pci_queue)         \
	X(vct_suite_ring_split)        \
	X(vct_suite_ring_packed)       \
	X(vct_suite_ring_ignore)       \
	X(vct_suite_ring_sizes)        \
	X(vct_suite_pci_admin)         \
	X(vct_suite_admin_vq)          \
	X(vct_suite_admin_group)       \
	X(vct_suite_admin_caps)        \
	X(vct_suite_admin_parts)       \
	X(vct_suite_rng)               \
	X(vct_suite_blk)               \
	X(vct_suite_blk_zoned)         \
	X(vct_suite_net)               \
	X(vct_suite_net_rxhdr)         \
	X(vct_suite_net_rxbuf)         \
	X(vct_suite_net_filter)        \
	X(vct_suite_net_ctrl)          \
	X(vct_suite_net_tx)            \
	X(vct_suite_net_coal)          \
	X(vct_suite_net_stats)         \
	X(vct_suite_net_hash)          \
	X(vct_suite_net_rssctx)        \
	X(vct_suite_net_ff)            \
	X(vct_suite_net_ipsec)         \
	X(vct_suite_console)           \
	X(vct_suite_scsi)              \
	X(vct_suite_balloon)           \
	X(vct_suite_input)             \
	X(vct_suite_gpu)               \
	X(vct_suite_pmem)              \
	X(vct_suite_mem_config)        \
	X(vct_suite_mem_requests)      \
	X(vct_suite_mem_memory)        \
	X(vct_suite_crypto_config)     \
	X(vct_suite_crypto_session)    \
	X(vct_suite_crypto_data)       \
	X(vct_suite_crypto_stateless)  \
	X(vct_suite_crypto_chain)        \
	X(vct_suite_crypto_ipsec)      \
	X(vct_suite_fs_config)           \
	X(vct_suite_fs_hiprio)           \
	X(vct_suite_fs_dax)              \
	X(vct_suite_vhost_user_protocol) \
	X(vct_suite_net_offload)         \
	X(vct_suite_net_steer)           \
	X(vct_suite_gpio_request)        \
	X(vct_suite_gpio_irq)            \
	X(vct_suite_i2c)                 \
	X(vct_suite_vsock)               \
	X(vct_suite_spi)                 \
	X(vct_suite_rtc_ops)             \
	X(vct_suite_rtc_ctrl)            \
	X(vct_suite_rtc_read)            \
	X(vct_suite_rtc_alarm)           \
	X(vct_suite_rtc_alarm_set)       \
	X(vct_suite_rpmb)                \
	X(vct_suite_sound)               \
	X(vct_suite_rtc_alarm_fire)      \
	X(vct_suite_sound_pcm)

#define DECLARE(s) extern const struct vct_suite s;
#define ENTRY(s) &s,
SUITES(DECLARE)

const struct vct_suite *const vct_suites[] = { SUITES(ENTRY) };

const unsigned int vct_nsuites = sizeof(vct_suites) / sizeof(vct_suites[0]);

/* The robustness cases (`vct run --robustness`): generic ones first, then the transport's, then the types'. */
#define ROBUST_SUITES(X)   \
	X(vct_robust_split)  \
	X(vct_robust_packed) \
	X(vct_robust_status) \
	X(vct_robust_pci)    \
	X(vct_robust_types)

ROBUST_SUITES(DECLARE)

const struct vct_suite *const vct_robust_suites[] = { ROBUST_SUITES(ENTRY) };

const unsigned int vct_nrobust_suites = sizeof(vct_robust_suites) / sizeof(vct_robust_suites[0]);
