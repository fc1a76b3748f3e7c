/* SPDX-License-Identifier: MIT */
/*
 * Sound device (id 25): bring-up and controlq messages shared by the
 * sound checks (sound.c: item information; pcm.c: the PCM lifecycle).
 */
#ifndef VCT_SUITES_SND_H
#define VCT_SUITES_SND_H

#include "types/types.h"

#define VCT_ID_SOUND 25
#define SND_F_CTLS 0
#define R_JACK_INFO 1
#define R_PCM_INFO 0x0100
#define R_CHMAP_INFO 0x0200
#define R_CTL_INFO 0x0300
#define R_CTL_ENUM_ITEMS 0x0301
#define S_OK 0x8000
#define R_PCM_SET_PARAMS 0x0101
#define R_PCM_PREPARE 0x0102
#define R_PCM_RELEASE 0x0103
#define R_PCM_START 0x0104
#define R_PCM_STOP 0x0105
#define JACK_SIZE 24
#define PCM_SIZE 32
#define CHMAP_SIZE 24
#define CTL_SIZE 96
#define CHMAP_MAX 18
#define MAX_ITEMS 64		/* items vct asks about per kind */
#define MAX_ENUM 1024		/* enumerated items vct reads per element */

struct snd {
	struct vct_bringup b;
	uint32_t jacks, streams, chmaps, controls;
	bool ctls;
};

/* Bring up with every queue (CTLS when offered, required when @need_ctls), a few event buffers posted as the driver owes; the counts. */
void snd_open(struct vct_ctx *c, struct snd *s, bool need_ctls);
/*
 * One control request: @req (@rlen bytes, cut after @rcut when nonzero),
 * an answer part of @wlen bytes (cut after @wcut when nonzero), filled with
 * 0xee. Requires an answer within the timeout (a driver step's failure);
 * the status into *@status; the answer bytes after the status, in DMA memory.
 */
uint8_t *snd_request(struct vct_ctx *c, struct snd *s, const void *req, uint32_t rlen, uint32_t rcut, uint32_t wlen,
		     uint32_t wcut, const char *what, uint32_t *status);
/* snd_request that also requires status OK (a driver step's: the check is not about it). */
uint8_t *snd_control(struct vct_ctx *c, struct snd *s, const void *req, uint32_t rlen, uint32_t rcut, uint32_t wlen,
		     uint32_t wcut, const char *what);
/* All @n items of kind @code (@size bytes each) in one query; the items. SKIPs when there are none. */
uint8_t *snd_info(struct vct_ctx *c, struct snd *s, uint32_t code, uint32_t n, uint32_t size, const char *kind);

#endif
