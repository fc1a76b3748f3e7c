/* SPDX-License-Identifier: MIT */
/*
 * What the checks of the "Virtio Over PCI Bus" chapter share. These suites
 * alone see virtio-pci (harness/pci/virtio_pci.h, reached from c->vd with
 * vct_pci()) and the PCI-function back end; every other suite builds without
 * either on its include path (harness/harness.mk).
 */
#ifndef VCT_SUITES_PCI_CHECKS_H
#define VCT_SUITES_PCI_CHECKS_H

#include "req.h"
#include "transport.h"
#include "virtio_pci.h"

/* ISR status read (read-to-clear); -errno when the device has no ISR structure. */
int vct_isr_read(struct vct_ctx *c, uint8_t *v);

#endif
