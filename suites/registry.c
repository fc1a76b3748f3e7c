/* SPDX-License-Identifier: MIT */
/* Every suite, in the order they run: transport layout first, then core, rings, device types. */
#include "check.h"

extern const struct vct_suite vct_suite_pci_layout, vct_suite_pci_access, vct_suite_pci_msix,
	vct_suite_core_features, vct_suite_core_status, vct_suite_core_reset, vct_suite_core_config,
	vct_suite_core_queue, vct_suite_ring_split, vct_suite_rng, vct_suite_blk, vct_suite_net,
	vct_suite_console;

const struct vct_suite *const vct_suites[] = {
	&vct_suite_pci_layout, &vct_suite_pci_access, &vct_suite_pci_msix, &vct_suite_core_features,
	&vct_suite_core_status, &vct_suite_core_reset, &vct_suite_core_config, &vct_suite_core_queue,
	&vct_suite_ring_split, &vct_suite_rng, &vct_suite_blk, &vct_suite_net, &vct_suite_console,
};

const unsigned int vct_nsuites = sizeof(vct_suites) / sizeof(vct_suites[0]);
