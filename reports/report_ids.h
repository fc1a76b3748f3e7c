/* SPDX-License-Identifier: MIT */
/*
 * PCI vendor / device / subsystem names for results and reports: from the
 * pci.ids file $VCT_PCI_IDS names, when readable; else from libpci when vct is
 * built with it; else read straight from /usr/share/misc/pci.ids or
 * /usr/share/hwdata/pci.ids; else a built-in fallback that knows the virtio
 * ids only (the static test-bed build). A name the database does not know is
 * left "" and `source` says which source answered.
 */
#ifndef VCT_REPORT_IDS_H
#define VCT_REPORT_IDS_H

#include <stdint.h>

struct vct_pci_names {
	char vendor[128], device[160], subsys_vendor[128], subsystem[160];
	const char *source;	/* "libpci", "pci.ids", "built-in" */
};

void vct_pci_names_lookup(uint16_t ven, uint16_t dev, uint16_t sven, uint16_t sdev, struct vct_pci_names *n);

#endif
