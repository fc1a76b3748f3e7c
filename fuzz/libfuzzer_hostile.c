/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: vct's driver side against the hostile device. The input
 * is the device (capabilities, BAR sizes, register values, used entries);
 * vct probes it (capability walk), negotiates, sets queues up, posts and
 * reaps buffers, reads device configuration and resets it. The property is
 * that vct never crashes, hangs or reads out of bounds (ASan/UBSan), and that
 * no used entry it accepts is outside what it made available.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdev_hostile.h"
#include "virtio_pci.h"
#include "virtqueue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vct_transport *t;
	struct vct_dev *vd;
	char err[256];
	uint64_t want[2];
	uint8_t cfg[8];

	if (vct_refdev_hostile_open(data, size, &t))
		return 0;
	if (__vct_pci_probe(t, &vd, err, sizeof(err))) {
		vct_transport_close(t);
		return 0;
	}
	if (__vct_dev_reset(vd, 1, NULL))
		goto out;
	vct_dev_set_status(vd, 3);
	vct_dev_default_features(vd, want);
	vct_clear(want, VCT_F_RING_PACKED);	/* packed ring: its own target once it lands */
	vct_dev_write_features(vd, want);
	vct_dev_set_status(vd, 11);
	if (!(vct_dev_status(vd) & 8))
		goto out;
	vd->features[0] = want[0];
	vd->features[1] = want[1];
	if (vct_dev_irq_max(vd))
		__vct_dev_irq_setup(vd, 2);
	for (uint16_t q = 0; q < 2 && q < vd->num_queues; q++) {
		struct vct_vq *vq;
		struct vct_dma_buf *b;
		char why[160];

		if (__vct_vq_setup(vd, q, q ? 4 : 0, q ? 1 : VCT_NO_VECTOR, &vq, why, sizeof(why)))
			continue;
		vct_dev_set_status(vd, 15);
		if (__vct_dma_alloc(&vd->dma, 64, &b))
			continue;
		for (int k = 0; k < 3; k++) {
			struct vct_sg sg[2] = { { b->iova, 16, false }, { b->iova + 16, 48, true } };
			struct vct_used_err ue;
			uint16_t id;
			uint32_t len;
			void *tok;

			if (vct_vq_add(vq, sg, 2, b, k == 1 ? VCT_VQ_INDIRECT : 0) < 0)
				break;
			vct_vq_kick(vq);
			vct_vq_notify(vq);
			for (int i = 0; i < 4; i++) {
				int r = vct_vq_get_used(vq, &id, &len, &tok, &ue);

				if (r == 1 && (tok != b || len > 48))
					__builtin_trap();	/* accepted an entry it never made available */
				if (r == 0)
					break;
			}
			(void)vct_vq_pending(vq);
		}
		vct_dev_irq_wait(vd, 1, 0);
	}
	for (uint32_t off = 0; off < 16; off += 4)
		__vct_dev_config_read(vd, off, cfg, 4, 3);
	__vct_dev_reset(vd, 1, NULL);
out:
	vct_dev_close(vd);
	vct_transport_close(t);
	return 0;
}
