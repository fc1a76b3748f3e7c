/* SPDX-License-Identifier: MIT */
/* Block device: configuration, data integrity through the queue, unsupported commands. */
#include <string.h>

#include <linux/virtio_blk.h>

#include "req.h"

#define BLK_F_FLUSH 9
#define BLK_F_CONFIG_WCE 11
#define BLK_F_WRITE_ZEROES 14
#define BLK_F_ZONED 17

/* One request: header, optional data, status byte. Returns the status byte. */
static uint8_t blk_io(struct vct_ctx *c, struct vct_vq *vq, uint32_t type, uint64_t sector, void *data,
		      uint32_t len, bool data_in, uint32_t *used_len)
{
	struct vct_dma_buf *h = vct_c_dma(c, 16), *d = NULL, *st = vct_c_dma(c, 1);
	struct virtio_blk_outhdr *hdr = h->va;
	struct vct_sg sg[3];
	unsigned int n = 0;
	int head;

	hdr->type = htole32(type);
	hdr->sector = htole64(sector);
	sg[n++] = (struct vct_sg){ h->iova, 16, false };
	if (len) {
		d = vct_c_dma(c, len);
		if (!data_in)
			memcpy(d->va, data, len);
		else
			memset(d->va, 0xee, len);
		sg[n++] = (struct vct_sg){ d->iova, len, data_in };
	}
	*(uint8_t *)st->va = 0xee;
	sg[n++] = (struct vct_sg){ st->iova, 1, true };
	head = vct_vq_add(vq, sg, n, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a block request");
	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)head, used_len);
	if (len && data_in)
		memcpy(data, d->va, len);
	return *(uint8_t *)st->va;
}

/* A zone of 8 sectors with a pattern of @seed, written with VIRTIO_BLK_T_OUT; false if the write failed. */
static bool blk_fill(struct vct_ctx *c, struct vct_vq *vq, uint64_t sector, uint8_t seed)
{
	uint8_t out[4096];
	uint32_t ulen;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 31 + (i >> 8) + seed) | 1;	/* never 0 */
	return blk_io(c, vq, VIRTIO_BLK_T_OUT, sector, out, sizeof(out), false, &ulen) == VIRTIO_BLK_S_OK;
}

/*
 * D-6f4118c9, the part a driver can see. With VIRTIO_BLK_F_FLUSH offered, a
 * completed write is stable when neither FLUSH nor CONFIG_WCE was negotiated,
 * and an earlier completed write is stable once a FLUSH completed; a stable
 * write must be committed before that completion, so at the least it reads
 * back. (Whether it reached persistent media shows only after a crash of the
 * backend: that part stays unchecked, and the statement is not counted.)
 * Without FLUSH offered the device need not commit anything: SKIP.
 */
static void stable_write_reads_back(struct vct_ctx *c)
{
	vct_c_need_feature(c, BLK_F_FLUSH);
	for (int flush = 0; flush < 2; flush++) {
		struct vct_bringup b = { .nq = 1, .features_set = true };
		uint8_t out[4096], in[4096];
		uint64_t cap = 0;
		uint32_t ulen;
		uint8_t s;

		vct_dev_default_features(c->vd, b.features);
		vct_clear(b.features, BLK_F_CONFIG_WCE);
		if (flush)
			vct_set(b.features, BLK_F_FLUSH);
		else
			vct_clear(b.features, BLK_F_FLUSH);
		vct_c_bringup(c, &b);
		vct_c_config(c, 0, &cap, 8);
		cap = le64toh(cap);
		if (cap < 16)
			vct_skip(c, "device: capacity %llu sectors, fewer than the 16 this check writes", (unsigned long long)cap);
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (uint8_t)(i * 31 + (i >> 8) + 0x3c + flush);
		s = blk_io(c, b.vq[0], VIRTIO_BLK_T_OUT, cap - 16 + 8 * (uint64_t)flush, out, sizeof(out), false, &ulen);
		if (s != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: a 4 KiB write completed with status %u, nothing was made stable", s);
		if (flush) {
			s = blk_io(c, b.vq[0], VIRTIO_BLK_T_FLUSH, 0, NULL, 0, false, &ulen);
			if (s != VIRTIO_BLK_S_OK)
				vct_skip(c, "device: a flush completed with status %u, nothing was made stable", s);
		}
		s = blk_io(c, b.vq[0], VIRTIO_BLK_T_IN, cap - 16 + 8 * (uint64_t)flush, in, sizeof(in), true, &ulen);
		vct_require(c, s == VIRTIO_BLK_S_OK, "status of the read back", "VIRTIO_BLK_S_OK (0)", "%u", s);
		for (size_t i = 0; i < sizeof(in); i++)
			if (in[i] != out[i]) {
				vct_report(c, false, flush ? "a write made stable by a completed flush, read back"
							   : "a completed write (FLUSH offered, not negotiated: stable), read back",
					   "the bytes written (committed before the completion)",
					   "byte %zu: 0x%02x, wrote 0x%02x", i, in[i], out[i]);
				break;
			}
	}
}

/*
 * D-49df4b6e: once a write zeroes command completed, the sectors read back
 * as zeroes, whether unmap was set or not (the device may deallocate with
 * unmap, but what reads return is fixed). Each range first gets a pattern
 * that holds no zero byte, so that zeroes can only come from the command.
 */
static void write_zeroes_reads_zero(struct vct_ctx *c)
{
	struct vct_bringup b = { .nq = 1, .features_set = true };
	uint32_t maxsec = 0, maxseg = 0, n;
	uint64_t cap = 0;

	vct_c_need_feature(c, BLK_F_WRITE_ZEROES);
	vct_dev_default_features(c->vd, b.features);
	vct_set(b.features, BLK_F_WRITE_ZEROES);
	vct_c_bringup(c, &b);
	vct_c_config(c, 0, &cap, 8);
	vct_c_config(c, 48, &maxsec, 4);
	vct_c_config(c, 52, &maxseg, 4);
	cap = le64toh(cap);
	maxsec = le32toh(maxsec);
	maxseg = le32toh(maxseg);
	if (cap < 16)
		vct_skip(c, "device: capacity %llu sectors, fewer than the 16 this check writes", (unsigned long long)cap);
	if (!maxsec || !maxseg)
		vct_skip(c, "device: max_write_zeroes_sectors %u, max_write_zeroes_seg %u: no command can be sent",
			 maxsec, maxseg);
	n = maxsec < 8 ? maxsec : 8;
	for (uint32_t unmap = 0; unmap < 2; unmap++) {
		uint64_t sector = cap - 16 + 8 * unmap;
		struct virtio_blk_discard_write_zeroes wz = {
			.sector = htole64(sector), .num_sectors = htole32(n), .flags = htole32(unmap),
		};
		uint8_t in[4096];
		uint32_t ulen;
		uint8_t s;

		if (!blk_fill(c, b.vq[0], sector, (uint8_t)(0x5a + unmap)))
			vct_skip(c, "device: a 4 KiB write at sector %llu failed, nothing to zero", (unsigned long long)sector);
		s = blk_io(c, b.vq[0], VIRTIO_BLK_T_WRITE_ZEROES, 0, &wz, sizeof(wz), false, &ulen);
		if (s != VIRTIO_BLK_S_OK)
			vct_skip(c, "device: write zeroes of %u sectors at %llu (unmap %u) completed with status %u, not OK",
				 n, (unsigned long long)sector, unmap, s);
		s = blk_io(c, b.vq[0], VIRTIO_BLK_T_IN, sector, in, sizeof(in), true, &ulen);
		vct_require(c, s == VIRTIO_BLK_S_OK, "status of the read after write zeroes", "VIRTIO_BLK_S_OK (0)",
			    "%u", s);
		for (size_t i = 0; i < 512u * n; i++)
			if (in[i]) {
				vct_report(c, false, "sectors read after a completed write zeroes", "zeroes",
					   "unmap %u, sector %llu + %zu bytes: 0x%02x (the pattern written before)", unmap,
					   (unsigned long long)sector, i, in[i]);
				break;
			}
	}
}

/* D-c157c3df: zone commands without ZONED negotiated are UNSUPP. */
static void zone_commands_unsupported(struct vct_ctx *c)
{
	static const uint32_t zone_types[] = { 15, 16, 18, 20, 22, 24, 26 };
	struct vct_bringup b = { .nq = 1 };
	uint8_t buf[512];
	uint32_t ulen;

	vct_c_bringup(c, &b);
	if (vct_has(c->vd->features, BLK_F_ZONED))
		vct_skip(c, "device: VIRTIO_BLK_F_ZONED was negotiated");
	for (size_t i = 0; i < sizeof(zone_types) / sizeof(zone_types[0]); i++) {
		bool data_in = zone_types[i] == 16;
		uint8_t s = blk_io(c, b.vq[0], zone_types[i], 0, buf, data_in ? sizeof(buf) : 0, data_in, &ulen);

		vct_report(c, s == VIRTIO_BLK_S_UNSUPP, "status of a zone request without VIRTIO_BLK_F_ZONED",
			   "VIRTIO_BLK_S_UNSUPP (2)", "type %u: %u", zone_types[i], s);
	}
}

/* D-fe684607: CONFIG_WCE comes with FLUSH. */
static void wce_implies_flush(struct vct_ctx *c)
{
	if (!vct_has(c->vd->offered, BLK_F_CONFIG_WCE))
		vct_skip(c, "not offered: the device does not offer VIRTIO_BLK_F_CONFIG_WCE");
	vct_report(c, vct_has(c->vd->offered, BLK_F_FLUSH), "VIRTIO_BLK_F_FLUSH with VIRTIO_BLK_F_CONFIG_WCE",
		   "offered", "not offered");
}

/*
 * D-8ee72c13: padding bytes unused0 (33) and unused1 (57..59) read 0. A
 * padding byte is part of the layout only when a field after it is: the
 * capability length says nothing (QEMU maps 4 KiB whatever the layout).
 */
static void padding_zero(struct vct_ctx *c)
{
	static const uint32_t pad[] = { 33, 57, 58, 59 };
	const uint64_t *o = c->vd->offered;
	bool after33 = vct_has(o, 12) || vct_has(o, 13) || vct_has(o, 14) || vct_has(o, 16) || vct_has(o, 17);
	bool after57 = vct_has(o, 16) || vct_has(o, 17);
	unsigned int n = 0;

	vct_c_negotiate(c, NULL);
	for (size_t i = 0; i < sizeof(pad) / sizeof(pad[0]); i++) {
		uint8_t v;

		if (pad[i] >= vct_dev_config_len(c->vd) || !(pad[i] == 33 ? after33 : after57))
			continue;
		vct_c_config(c, pad[i], &v, 1);
		vct_report(c, v == 0, "block config padding byte", "0", "offset %u: 0x%02x", pad[i], v);
		n++;
	}
	if (!n)
		vct_skip(c, "not offered: no offered feature puts a field after the padding bytes");
}

static const struct vct_check checks[] = {
	VCT_CHECK("blk.stable_write_reads_back", "D-6f4118c9", stable_write_reads_back, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.write_zeroes_reads_zero", "D-49df4b6e", write_zeroes_reads_zero, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.zone_commands_unsupported", "D-c157c3df", zone_commands_unsupported, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.wce_implies_flush", "D-fe684607", wce_implies_flush, .type = VCT_ID_BLOCK),
	VCT_CHECK("blk.padding_zero", "D-8ee72c13", padding_zero, .type = VCT_ID_BLOCK),
};

VCT_SUITE(vct_suite_blk, "blk", checks);
