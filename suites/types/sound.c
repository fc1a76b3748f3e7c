/* SPDX-License-Identifier: MIT */
/* Sound device (id 25): controlq, eventq, txq, rxq; an item information query, which sets nothing up and plays nothing. */
#include "types.h"

#define R_JACK_INFO 1
#define R_PCM_INFO 0x0100
#define R_CHMAP_INFO 0x0200

/*
 * Information on the first item of a kind the device has (a jack, else a
 * PCM stream, else a channel map): the query cut after its header, the
 * answer (status, then the item) in one buffer.
 */
static void info_build(struct vct_ctx *c, struct vct_req *r)
{
	static const struct { const char *cfg; uint32_t code, size; } kinds[] = {
		{ "jacks", R_JACK_INFO, 24 }, { "streams", R_PCM_INFO, 32 }, { "chmaps", R_CHMAP_INFO, 24 },
	};
	uint8_t *q;
	unsigned int k = 0;

	while (k < 3 && !vct_req_cfg(c, kinds[k].cfg))
		k++;
	if (k == 3)
		vct_skip(c, "device: no jack, PCM stream or channel map to ask about (jacks, streams, chmaps all 0)");
	r->queue = vct_req_queue(c, "controlq");
	vct_put32(vct_req_add(c, r, 4, false), kinds[k].code);
	q = vct_req_add(c, r, 12, false);
	vct_put32(q, 0);		/* start_id */
	vct_put32(q + 4, 1);		/* count */
	vct_put32(q + 8, kinds[k].size);
	vct_req_add(c, r, 4 + kinds[k].size, true);
}

/* No .check: the item's values are the sound chapter's statements, checked by suites/sound/ under them. */
static const struct vct_req_model info = {
	.what = "an item information query on controlq (jack, else PCM stream, else channel map 0)",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 4,
	.build = info_build,
};

VCT_TYPE_MODELS(sound) = {
	.type = 25,
	.writing = &info,
	.reading = &info,
	.queues = {
		{ "controlq", &info },
	},
};
