/* SPDX-License-Identifier: MIT */
/*
 * refdev: the sound device (id 25). Two jacks (headphone out, microphone
 * in), two PCM streams (0 output, 1 input: S16/S32 at 44.1 and 48 kHz, 1 or
 * 2 channels), two channel maps (stereo out, mono in) and, with
 * VIRTIO_SND_F_CTLS, three control elements (a stereo volume, a stereo
 * mute switch, an enumerated capture source of two items). The controlq
 * answers the item information requests, CTL_ENUM_ITEMS and the PCM
 * lifecycle (SET_PARAMS checked against the stream's information), and
 * refuses every other request (element reads and writes) with NOT_SUPP.
 * The output stream never plays: START of it is refused (NOT_SUPP), so the
 * txq holds its I/O messages until the stream's RELEASE completes them
 * (status OK, no frames). The input stream records silence: while it runs,
 * each rxq message is used full (zeros, then status OK) as the device
 * runs; STOP and RELEASE complete the rest with no frames (the end of the
 * stream). The eventq keeps its buffers.
 *
 * An information request is virtio_snd_query_info (16 bytes readable),
 * answered in the writable part: the status header, then @count items of
 * the driver's @size each (the device's structure cut or zero-filled to
 * it). A request for items past the configuration's count, or one whose
 * writable part cannot hold the answer, gets BAD_MSG alone.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_SND			25
#define SND_CFG_LEN		16
#define SND_F_CTLS		0
#define SND_JACKS		2
#define SND_STREAMS		2
#define SND_CHMAPS		2
#define SND_CTLS		3
#define SND_R_JACK_INFO		1
#define SND_R_PCM_INFO		0x0100
#define SND_R_PCM_SET_PARAMS	0x0101
#define SND_R_PCM_PREPARE	0x0102
#define SND_R_PCM_RELEASE	0x0103
#define SND_R_PCM_START		0x0104
#define SND_R_PCM_STOP		0x0105
#define SND_R_CHMAP_INFO	0x0200
#define SND_R_CTL_INFO		0x0300
#define SND_R_CTL_ENUM_ITEMS	0x0301
#define SND_S_OK		0x8000
#define SND_S_BAD_MSG		0x8001
#define SND_S_NOT_SUPP		0x8002
#define SND_ITEM_MAX		96	/* the largest information structure (virtio_snd_ctl_info, 8-aligned union) */

/* A stream's place in the PCM lifecycle (refdev.snd_state). */
enum { SND_ST_NONE, SND_ST_PARAMS, SND_ST_PREPARED, SND_ST_RUNNING, SND_ST_STOPPED };

static void snd_reset(struct refdev *d)
{
	memset(d->snd_state, 0, sizeof(d->snd_state));
	memset(d->snd_late, 0, sizeof(d->snd_late));
}

static void snd_init(struct refdev *d)
{
	put32(d->devcfg + 0, SND_JACKS);
	put32(d->devcfg + 4, SND_STREAMS);
	put32(d->devcfg + 8, SND_CHMAPS);
	put32(d->devcfg + 12, SND_CTLS);
}

static void snd_jack(struct refdev *d, unsigned int id, uint8_t *p)
{
	put32(p, 1);						/* hda_fn_nid */
	put32(p + 4, id ? 0 : 1u << 0 | (QK(d, Q_SND_JACK_FEATURE_UNDEFINED) ? 1u << 1 : 0));	/* REMAP */
	put32(p + 8, id ? 0x90a70130 : 0x0221401f);		/* hda_reg_defconf: mic in, headphone out */
	put32(p + 12, id ? 0x24 : 0x1c);			/* hda_reg_caps */
	p[16] = 1;						/* connected */
	memset(p + 17, QK(d, Q_SND_JACK_PADDING_SET) ? 0xcc : 0, 7);
}

static void snd_pcm(struct refdev *d, unsigned int id, uint8_t *p)
{
	put32(p, 1);
	put32(p + 4, 1u << 2 | 1u << 4);			/* MSG_POLLING, EVT_XRUNS */
	put64(p + 8, 1u << 5 | 1u << 17);			/* S16, S32 */
	put64(p + 16, 1u << 6 | 1u << 7 | (QK(d, Q_SND_PCM_RATE_UNDEFINED) ? 1ull << 16 : 0));	/* 44100, 48000 */
	p[24] = (uint8_t)id;					/* stream 0 output, 1 input */
	p[25] = 1;
	p[26] = 2;
	memset(p + 27, QK(d, Q_SND_PCM_PADDING_SET) ? 0xcc : 0, 5);
}

static void snd_chmap(struct refdev *d, unsigned int id, uint8_t *p)
{
	put32(p, 1);
	p[4] = QK(d, Q_SND_CHMAP_DIRECTION_UNDEFINED) && id ? 2 : (uint8_t)id;	/* 0 output, 1 input */
	p[5] = QK(d, Q_SND_CHMAP_CHANNELS_OVER) && !id ? 20 : id ? 1 : 2;
	if (id)
		p[6] = 2;					/* MONO */
	else
		p[6] = 3, p[7] = 4;				/* FL, FR */
}

static const char *const snd_ctl_names[SND_CTLS] = { "Master Playback Volume", "Master Playback Switch",
						     "Capture Source" };
static const char *const snd_enum_items[] = { "Mic", "Line" };

static void snd_ctl(struct refdev *d, unsigned int id, uint8_t *p)
{
	static const uint32_t role[] = { 1u << 1 | 0, 2u << 1 | 0, 0 }, type[] = { 1, 0, 3 },
			      access[] = { 0x13, 0x3, 0x3 }, count[] = { 2, 2, 1 };
	const char *name = snd_ctl_names[id == 1 && QK(d, Q_SND_CTL_NAME_INDEX_DUP) ? 0 : id];

	put32(p, 1);
	put32(p + 4, id == 2 && QK(d, Q_SND_CTL_ROLE_UNDEFINED) ? 1 : role[id]);
	put32(p + 8, type[id]);
	put32(p + 12, access[id]);
	put32(p + 16, id == 1 && QK(d, Q_SND_CTL_COUNT_ZERO) ? 0 : count[id]);
	put32(p + 20, 0);					/* index */
	memset(p + 24, 0, 44);
	if (id == 2 && QK(d, Q_SND_CTL_NAME_UNTERMINATED))
		memset(p + 24, 'X', 44);
	else
		memcpy(p + 24, name, strlen(name));
	if (type[id] == 1) {
		put32(p + 72, 0);				/* integer: min, max, step */
		put32(p + 76, 100);
		put32(p + 80, 1);
	} else if (type[id] == 3) {
		put32(p + 72, 2);				/* enumerated: items */
	}
}

/* An information request @code: the number of items and the builder. */
static bool snd_info_kind(struct refdev *d, uint32_t code, uint32_t *total, uint32_t *isize,
			  void (**fill)(struct refdev *, unsigned int, uint8_t *))
{
	switch (code) {
	case SND_R_JACK_INFO:
		*total = SND_JACKS, *isize = 24, *fill = snd_jack;
		return true;
	case SND_R_PCM_INFO:
		*total = SND_STREAMS, *isize = 32, *fill = snd_pcm;
		return true;
	case SND_R_CHMAP_INFO:
		*total = SND_CHMAPS, *isize = 24, *fill = snd_chmap;
		return true;
	case SND_R_CTL_INFO:
		*total = NEG(d, SND_F_CTLS) ? SND_CTLS : 0, *isize = SND_ITEM_MAX, *fill = snd_ctl;
		return NEG(d, SND_F_CTLS);
	}
	return false;
}

/*
 * Complete every I/O message held on stream @id's queue (txq for the
 * output stream 0, rxq for the input stream 1): status OK, latency 0; with
 * @frames, an rxq message's buffer filled with silence first (all of it,
 * or half under snd-rx-partial), else no frames recorded.
 */
static void snd_complete(struct refdev *d, unsigned int id, bool frames)
{
	struct rd_queue *q = &d->q[id ? 3 : 2];
	uint16_t old = q->used_idx;

	for (unsigned int guard = 0; guard < 65536 && can_process(d, q); guard++) {
		struct rd_chain c;
		uint8_t st[8] = { 0 };
		uint32_t w = 0;

		if (rd_pop(d, q, &c) <= 0)
			break;
		put32(st, SND_S_OK);
		if (c.wlen >= sizeof(st)) {
			uint64_t n = frames ? c.wlen - sizeof(st) : 0;

			if (QK(d, Q_SND_RX_PARTIAL))
				n /= 2;
			if ((n && chain_write(d, &c, 0, NULL, n)) ||
			    chain_write(d, &c, c.wlen - sizeof(st), st, sizeof(st))) {
				rd_fatal(d, q);
				break;
			}
			w = (uint32_t)(n + sizeof(st));
		}
		if (rd_complete(d, q, &c, w) < 0) {
			rd_fatal(d, q);
			break;
		}
	}
	rd_batch_done(d, q, old);
}

static void snd_flush(struct refdev *d, unsigned int id)
{
	snd_complete(d, id, false);
}

/*
 * A PCM lifecycle request @code for the stream in @q (@rlen bytes
 * readable): its status. SET_PARAMS must pick one format, rate and
 * channel count the stream's information offers, period_bytes dividing
 * buffer_bytes, no feature; PREPARE needs parameters; RELEASE a prepared
 * stream, and completes the stream's held I/O messages before its answer.
 */
static uint32_t snd_pcm_ctl(struct refdev *d, uint32_t code, const uint8_t *q, uint64_t rlen)
{
	uint32_t id = get32(q + 4);
	uint8_t info[32];

	if (rlen < (code == SND_R_PCM_SET_PARAMS ? 24u : 8u) || id >= SND_STREAMS)
		return SND_S_BAD_MSG;
	switch (code) {
	case SND_R_PCM_SET_PARAMS: {
		uint32_t buf = get32(q + 8), per = get32(q + 12), feat = get32(q + 16);
		uint8_t ch = q[20], fmt = q[21], rate = q[22];

		snd_pcm(d, id, info);
		if (!per || buf % per || feat || q[23] || fmt > 63 || rate > 63 ||
		    !(get64(info + 8) >> fmt & 1) || !(get64(info + 16) >> rate & 1) || ch < info[25] || ch > info[26])
			return SND_S_BAD_MSG;
		d->snd_state[id] = SND_ST_PARAMS;
		return SND_S_OK;
	}
	case SND_R_PCM_PREPARE:
		if (d->snd_state[id] == SND_ST_NONE)
			return SND_S_BAD_MSG;
		d->snd_state[id] = SND_ST_PREPARED;
		return SND_S_OK;
	case SND_R_PCM_START:
		if (!id)
			return SND_S_NOT_SUPP;	/* the output stream never plays */
		if (d->snd_state[id] != SND_ST_PREPARED && d->snd_state[id] != SND_ST_STOPPED)
			return SND_S_BAD_MSG;
		d->snd_state[id] = SND_ST_RUNNING;
		return SND_S_OK;
	case SND_R_PCM_STOP:
		if (d->snd_state[id] != SND_ST_RUNNING)
			return SND_S_BAD_MSG;
		d->snd_state[id] = SND_ST_STOPPED;
		snd_flush(d, id);	/* the end of the stream: what is held goes back without frames */
		return SND_S_OK;
	default:	/* SND_R_PCM_RELEASE */
		if (d->snd_state[id] != SND_ST_PREPARED && d->snd_state[id] != SND_ST_STOPPED)
			return SND_S_BAD_MSG;
		d->snd_state[id] = SND_ST_PARAMS;
		if (QK(d, Q_SND_RELEASE_BEFORE_IO))
			d->snd_late[id] = true;
		else if (!QK(d, Q_SND_RELEASE_KEEPS_IO))
			snd_flush(d, id);
		return SND_S_OK;
	}
}

static int snd_ctl_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t q[16] = { 0 }, st[4], item[SND_ITEM_MAX];
	void (*fill)(struct refdev *, unsigned int, uint8_t *) = NULL;
	uint32_t code, total = 0, isize = 0, status = SND_S_NOT_SUPP;
	uint64_t need = 4;

	(void)qi;
	*written = 0;
	if (c->wlen < 4)
		return 0;	/* nowhere to put a status */
	if (c->rlen < 4 || chain_read(d, c, 0, q, c->rlen < 16 ? c->rlen : 16))
		status = SND_S_BAD_MSG;
	code = get32(q);
	if (status != SND_S_BAD_MSG && snd_info_kind(d, code, &total, &isize, &fill)) {
		uint32_t start = get32(q + 4), count = get32(q + 8), size = get32(q + 12);

		status = SND_S_BAD_MSG;
		need = 4 + (uint64_t)count * size;
		if (c->rlen >= 16 && size && (uint64_t)start + count <= total && need <= c->wlen) {
			for (uint32_t i = 0; i < count; i++) {
				memset(item, 0, sizeof(item));
				fill(d, start + i, item);
				if (chain_write(d, c, 4 + (uint64_t)i * size, item, size < isize ? size : isize) ||
				    (size > isize && chain_write(d, c, 4 + (uint64_t)i * size + isize, NULL, size - isize)))
					return -EFAULT;
			}
			status = SND_S_OK;
		} else {
			need = 4;
		}
	} else if (status != SND_S_BAD_MSG && code >= SND_R_PCM_SET_PARAMS && code <= SND_R_PCM_STOP) {
		uint8_t pq[24] = { 0 };
		struct rd_seg keep[16];

		if (chain_read(d, c, 0, pq, c->rlen < sizeof(pq) ? c->rlen : sizeof(pq)))
			return -EFAULT;
		if (c->n > 16)
			return -EINVAL;
		/* a RELEASE pops the stream's I/O chains, whose segments take the place of this chain's */
		memcpy(keep, c->seg, sizeof(*keep) * c->n);
		status = snd_pcm_ctl(d, code, pq, c->rlen);
		memcpy(c->seg, keep, sizeof(*keep) * c->n);
	} else if (status != SND_S_BAD_MSG && code == SND_R_CTL_ENUM_ITEMS && NEG(d, SND_F_CTLS)) {
		uint32_t id = get32(q + 4);

		status = SND_S_BAD_MSG;
		if (c->rlen >= 8 && id == 2 && c->wlen >= 4 + 2 * 64) {
			for (unsigned int i = 0; i < 2; i++) {
				uint8_t it[64] = { 0 };

				memcpy(it, snd_enum_items[i], strlen(snd_enum_items[i]));
				if (chain_write(d, c, 4 + 64 * i, it, 64))
					return -EFAULT;
			}
			need = 4 + 2 * 64;
			status = SND_S_OK;
		}
	}
	put32(st, status);
	if (chain_write(d, c, 0, st, 4))
		return -EFAULT;
	*written = (uint32_t)need;
	return 0;
}

/* controlq only: no stream runs, no event is due, so eventq, txq and rxq keep their buffers. */
static void snd_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 0)
		rd_serve(d, qi, snd_ctl_req);
	else if (qi == 3 && d->snd_state[1] == SND_ST_RUNNING)
		snd_complete(d, 1, true);
}

/* Releases whose I/O was left for later (snd-release-before-io): flush it now; the running input stream records. */
static void snd_deliver(struct refdev *d)
{
	for (unsigned int i = 0; i < SND_STREAMS; i++)
		if (d->snd_late[i]) {
			d->snd_late[i] = false;
			snd_flush(d, i);
		}
	if (d->snd_state[1] == SND_ST_RUNNING)
		snd_complete(d, 1, true);
}

#endif
