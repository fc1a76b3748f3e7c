/* SPDX-License-Identifier: MIT */
#include "pci_ident.h"

#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>

static unsigned int le16(const uint8_t *p)
{
	return (unsigned int)p[0] | (unsigned int)p[1] << 8;
}

bool vct_pci_is_virtio(const uint8_t *cfg, size_t len)
{
	uint8_t visited[256] = { 0 };
	unsigned int pos;

	if (len < PCI_STD_HEADER_SIZEOF)
		return false;
	if (le16(cfg + PCI_VENDOR_ID) == 0x1af4 && le16(cfg + PCI_DEVICE_ID) >= 0x1000 &&
	    le16(cfg + PCI_DEVICE_ID) <= 0x107f)
		return true;
	if (!(le16(cfg + PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return false;
	/* Every pointer is range-checked and each position visited once: the list may be hostile. */
	for (pos = cfg[PCI_CAPABILITY_LIST] & ~3u; pos >= PCI_STD_HEADER_SIZEOF && pos + 4 <= len && pos < 256 &&
	     !visited[pos]++; pos = cfg[pos + 1] & ~3u)
		if (cfg[pos] == PCI_CAP_ID_VNDR && cfg[pos + 3] == VIRTIO_PCI_CAP_COMMON_CFG)
			return true;
	return false;
}
