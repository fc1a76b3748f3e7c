/* SPDX-License-Identifier: MIT */
/* Sound device: bring-up and controlq messages for the sound checks. */
#include <string.h>

#include "snd.h"

/* Bring up with every queue (CTLS when offered), a few event buffers posted as the driver owes; the counts. */
void snd_open(struct vct_ctx *c, struct snd *s, bool need_ctls)
{
	memset(s, 0, sizeof(*s));
	if (need_ctls)
		vct_c_need_feature(c, SND_F_CTLS);
	s->b.nq = 4;
	vct_c_bringup(c, &s->b);
	s->ctls = vct_has(c->vd->offered, SND_F_CTLS);	/* accepted whenever offered (the type's defaults) */
	s->jacks = (uint32_t)vct_req_cfg(c, "jacks");
	s->streams = (uint32_t)vct_req_cfg(c, "streams");
	s->chmaps = (uint32_t)vct_req_cfg(c, "chmaps");
	if (s->ctls)
		s->controls = (uint32_t)vct_req_cfg(c, "controls");
	for (unsigned int i = 0; i < 4; i++) {
		struct vct_dma_buf *e = vct_c_dma(c, 8);
		struct vct_sg sg = { .iova = e->iova, .len = 8, .write = true };

		if (vct_vq_add(s->b.vq[1], &sg, 1, e->va, 0) < 0)
			vct_abort(c, "cannot post a sound event buffer");
	}
	vct_vq_notify(s->b.vq[1]);
}

uint8_t *snd_request(struct vct_ctx *c, struct snd *s, const void *req, uint32_t rlen, uint32_t rcut, uint32_t wlen,
		     uint32_t wcut, const char *what, uint32_t *status)
{
	struct vct_dma_buf *q = vct_c_dma(c, rlen), *r = vct_c_dma(c, wlen);
	struct vct_sg sg[4];
	unsigned int n = 0;
	uint32_t len = 0;
	void *tok;

	memcpy(q->va, req, rlen);
	memset(r->va, 0xee, wlen);
	sg[n++] = (struct vct_sg){ .iova = q->iova, .len = rcut ? rcut : rlen };
	if (rcut)
		sg[n++] = (struct vct_sg){ .iova = q->iova + rcut, .len = rlen - rcut };
	sg[n++] = (struct vct_sg){ .iova = r->iova, .len = wcut ? wcut : wlen, .write = true };
	if (wcut)
		sg[n++] = (struct vct_sg){ .iova = r->iova + wcut, .len = wlen - wcut, .write = true };
	if (vct_vq_add(s->b.vq[0], sg, n, r->va, 0) < 0)
		vct_abort(c, "cannot post a sound control request");
	vct_vq_notify(s->b.vq[0]);
	vct_step_begin(c);
	vct_require(c, vct_req_collect(c, s->b.vq[0], c->timeout_ms, 1, &tok, &len) == 1, "controlq", "answered",
		    "%s: not within %d ms", what, c->timeout_ms);
	vct_step_end(c);
	*status = (uint32_t)vct_le_load(r->va, 4);
	return (uint8_t *)r->va + 4;
}

uint8_t *snd_control(struct vct_ctx *c, struct snd *s, const void *req, uint32_t rlen, uint32_t rcut, uint32_t wlen,
		     uint32_t wcut, const char *what)
{
	uint32_t st;
	uint8_t *a = snd_request(c, s, req, rlen, rcut, wlen, wcut, what, &st);

	vct_step_begin(c);
	vct_require(c, st == S_OK, "status of an information request", "VIRTIO_SND_S_OK (0x8000)", "%s: 0x%08x", what,
		    st);
	vct_step_end(c);
	return a;
}

/* All @n items of kind @code (@size bytes each) in one query; the items. SKIPs when there are none. */
uint8_t *snd_info(struct vct_ctx *c, struct snd *s, uint32_t code, uint32_t n, uint32_t size, const char *kind)
{
	uint8_t q[16];
	char what[64];

	if (!n)
		vct_skip(c, "device: it has no %s (configuration says 0)", kind);
	if (n > MAX_ITEMS)
		n = MAX_ITEMS;
	vct_put32(q, code);
	vct_put32(q + 4, 0);		/* start_id */
	vct_put32(q + 8, n);		/* count */
	vct_put32(q + 12, size);
	snprintf(what, sizeof(what), "information on %u %s", n, kind);
	/* the query cut after its header, the answer after the status and 3 bytes into the first item */
	return snd_control(c, s, q, 16, 4, 4 + n * size, 7, what);
}

