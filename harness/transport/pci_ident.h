/* SPDX-License-Identifier: MIT */
/*
 * Is a PCI function a virtio function? Decided from configuration space
 * alone, before anything is opened or touched, so that the VFIO preflight
 * (sysfs) and the virtio-pci probe (harness/pci, through the transport)
 * agree. A fact about the PCI function, so it sits with the back ends and
 * knows nothing of the virtio-pci driver above them.
 */
#ifndef VCT_PCI_IDENT_H
#define VCT_PCI_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * True for PCI vendor 0x1af4 with a device id in 0x1000..0x107f (the spec's
 * definition of a virtio device, D-e28db8b5), and for a function with other
 * ids that carries a virtio common configuration capability: a virtio
 * device with wrong ids, which pci.vendor_id / pci.device_id then report.
 * Anything else is not virtio (a usage error for vct run). @cfg holds the
 * first @len bytes of configuration space (256 for the capability walk).
 */
bool vct_pci_is_virtio(const uint8_t *cfg, size_t len);

#endif
