/* SPDX-License-Identifier: MIT */
/*
 * Sound device (id 25), "PCM Stream Release" and "PCM Input Stream": what
 * RELEASE does to the I/O messages queued to a stream, and how full an
 * input stream's messages come back.
 *
 * Nothing plays: vct sets an output stream's parameters (the lowest rate,
 * a format whose frame size it knows, the fewest channels the stream's
 * information offers, no feature), PREPAREs it, queues three periods of
 * zeros on the txq (the lifecycle's pre-buffering, which comes before
 * START) and RELEASEs it; an output stream is never STARTed. A device may
 * take or hold the queued messages as it likes before the RELEASE; by the
 * time its answer is used, none may be left, and each must be used. An
 * input stream is STARTed for at most three periods of 64 frames at its
 * lowest rate, which vct discards, then STOPped and RELEASEd.
 */
#include <string.h>

#include "snd.h"

#define NIO 3			/* I/O messages queued before the RELEASE */
#define PERIOD_FRAMES 64

/* The physical width in bits of each format the chapter defines (0: not a whole number of bytes per sample). */
static const uint8_t fmt_bits[25] = { 0, 8, 8, 8, 8, 16, 16, 24, 24, 24, 24, 24, 24, 32, 32, 32, 32,
				      32, 32, 32, 64, 8, 16, 32, 32 };

/* An output stream set up and prepared, and the txq messages queued to it. */
struct pcm {
	struct snd s;
	uint32_t id, period;
	uint8_t dir, ch, fmt, rate;
	struct vct_dma_buf *st[NIO];	/* each message's status part */
	unsigned int used;		/* messages used so far */
	uint32_t len[NIO];		/* their used lengths, in the order used */
};

/* A PCM request @code (8 bytes, SET_PARAMS 24) for stream @p->id: its status. */
static uint32_t pcm_ctl(struct vct_ctx *c, struct pcm *p, uint32_t code, const char *what)
{
	uint8_t q[24] = { 0 };
	uint32_t len = code == R_PCM_SET_PARAMS ? 24 : 8, st;

	vct_put32(q, code);
	vct_put32(q + 4, p->id);
	if (code == R_PCM_SET_PARAMS) {
		vct_put32(q + 8, p->period * 4);	/* buffer_bytes: four periods */
		vct_put32(q + 12, p->period);
		q[20] = p->ch;
		q[21] = p->fmt;
		q[22] = p->rate;
	}
	snd_request(c, &p->s, q, len, 0, 4, 0, what, &st);
	return st;
}

/* Stream @id's information fits vct: a format with whole bytes, a defined rate, channels; fills @p. */
static bool pcm_fit(struct pcm *p, uint32_t id, const uint8_t *info)
{
	uint64_t fm = vct_le_load(info + 8, 8), r = vct_le_load(info + 16, 8);
	int fmt = -1, rate = -1;

	for (int i = 0; i < 25 && fmt < 0; i++)
		if ((fm >> i & 1) && fmt_bits[i])
			fmt = i;
	for (int i = 0; i < 16 && rate < 0; i++)
		if (r >> i & 1)
			rate = i;
	if (fmt < 0 || rate < 0 || !info[26] || info[25] > info[26])
		return false;
	p->id = id;
	p->dir = info[24];
	p->fmt = (uint8_t)fmt;
	p->rate = (uint8_t)rate;
	p->ch = info[25] ? info[25] : 1;
	p->period = (uint32_t)p->ch * fmt_bits[fmt] / 8 * PERIOD_FRAMES;
	return true;
}

/*
 * Bring up, take the first stream of direction @dir (0 output, 1 input)
 * vct can frame, SET_PARAMS and PREPARE it (SKIP "device:" otherwise).
 */
static void pcm_prepare(struct vct_ctx *c, struct pcm *p, uint8_t dir)
{
	const uint8_t *it;
	uint32_t st;
	bool found = false;

	memset(p, 0, sizeof(*p));
	snd_open(c, &p->s, false);
	it = snd_info(c, &p->s, R_PCM_INFO, p->s.streams, PCM_SIZE, "PCM streams");
	for (uint32_t i = 0; i < p->s.streams && i < MAX_ITEMS && !found; i++)
		found = it[i * PCM_SIZE + 24] == dir && pcm_fit(p, i, it + i * PCM_SIZE);
	if (!found)
		vct_skip(c, "device: no %s stream offers a format of whole bytes per sample, a rate and a channel count",
			 dir ? "input" : "output");
	st = pcm_ctl(c, p, R_PCM_SET_PARAMS, "SET_PARAMS");
	if (st != S_OK)
		vct_skip(c, "device: SET_PARAMS of stream %u (format %u, rate %u, %u channels, period %u bytes) answered 0x%08x",
			 p->id, p->fmt, p->rate, p->ch, p->period, st);
	st = pcm_ctl(c, p, R_PCM_PREPARE, "PREPARE");
	if (st != S_OK)
		vct_skip(c, "device: PREPARE of stream %u answered 0x%08x", p->id, st);
}

/*
 * Queue NIO messages on the stream's queue: stream_id, a period (zeros,
 * device-readable on the txq; 0xee, device-writable on the rxq), the
 * status (device-writable).
 */
static void pcm_queue(struct vct_ctx *c, struct pcm *p)
{
	bool in = p->dir == 1;

	for (unsigned int i = 0; i < NIO; i++) {
		struct vct_dma_buf *h = vct_c_dma(c, 4), *f = vct_c_dma(c, p->period);
		struct vct_sg sg[3];

		p->st[i] = vct_c_dma(c, 8);
		vct_put32(h->va, p->id);
		memset(f->va, in ? 0xee : 0, p->period);
		memset(p->st[i]->va, 0xee, 8);
		sg[0] = (struct vct_sg){ .iova = h->iova, .len = 4 };
		sg[1] = (struct vct_sg){ .iova = f->iova, .len = p->period, .write = in };
		sg[2] = (struct vct_sg){ .iova = p->st[i]->iova, .len = 8, .write = true };
		if (vct_vq_add(p->s.b.vq[in ? 3 : 2], sg, 3, p->st[i], 0) < 0)
			vct_abort(c, "cannot queue a PCM I/O message");
	}
	vct_vq_notify(p->s.b.vq[in ? 3 : 2]);
}

/* Collect the stream's used entries for up to @ms (their lengths into @p->len); the count used so far. */
static unsigned int pcm_used(struct vct_ctx *c, struct pcm *p, int ms)
{
	void *tok[NIO];

	if (p->used < NIO)
		p->used += vct_req_collect(c, p->s.b.vq[p->dir == 1 ? 3 : 2], ms, NIO - p->used, tok, p->len + p->used);
	return p->used;
}

/*
 * Set up, queue, RELEASE (answered OK, else SKIP "device:"); @at_answer:
 * the messages used by the time the answer was (nothing waited for).
 */
static void pcm_release(struct vct_ctx *c, struct pcm *p, unsigned int *at_answer)
{
	uint32_t st;

	pcm_prepare(c, p, 0);
	pcm_queue(c, p);
	st = pcm_ctl(c, p, R_PCM_RELEASE, "RELEASE");
	*at_answer = pcm_used(c, p, 0);
	if (st != S_OK)
		vct_skip(c, "device: RELEASE of stream %u answered 0x%08x", p->id, st);
}

/* D-d795e012: RELEASE completes the I/O messages queued to the stream (all used within the timeout). */
static void release_completes_io(struct vct_ctx *c)
{
	struct pcm p;
	unsigned int at;

	pcm_release(c, &p, &at);
	vct_report(c, pcm_used(c, &p, c->timeout_ms) == NIO, "I/O messages of a released stream", "every one used",
		   "stream %u: %u of %u txq messages (pre-buffered after PREPARE) used within %d ms of RELEASE's OK answer",
		   p.id, p.used, NIO, c->timeout_ms);
}

/* D-d4ffeb99: RELEASE is not answered while I/O messages of the stream are pending: all used before the answer. */
static void release_after_io(struct vct_ctx *c)
{
	struct pcm p;
	unsigned int at;

	pcm_release(c, &p, &at);
	vct_report(c, at == NIO, "I/O messages of a stream when its RELEASE is answered", "every one already used",
		   "stream %u: %u of %u txq messages (pre-buffered after PREPARE) used when RELEASE's answer was; "
		   "%u within %d ms after", p.id, at, NIO, pcm_used(c, &p, c->timeout_ms), c->timeout_ms);
}

/*
 * D-92e453d0: while an input stream runs, the device uses an rxq message
 * only with its buffer full: used length the period plus the 8-byte
 * status. Only the messages used before vct sends STOP are judged (the
 * end of the stream may return a shorter one).
 */
static void input_buffer_full(struct vct_ctx *c)
{
	struct pcm p;
	uint32_t st;
	unsigned int n;

	pcm_prepare(c, &p, 1);
	pcm_queue(c, &p);
	st = pcm_ctl(c, &p, R_PCM_START, "START");
	if (st != S_OK) {
		pcm_ctl(c, &p, R_PCM_RELEASE, "RELEASE");
		vct_skip(c, "device: START of input stream %u answered 0x%08x", p.id, st);
	}
	n = pcm_used(c, &p, c->timeout_ms);
	pcm_ctl(c, &p, R_PCM_STOP, "STOP");
	pcm_ctl(c, &p, R_PCM_RELEASE, "RELEASE");
	if (!n)
		vct_skip(c, "device: no rxq message of input stream %u used within %d ms of its START", p.id,
			 c->timeout_ms);
	for (unsigned int i = 0; i < n; i++)
		vct_report(c, p.len[i] == p.period + 8, "an rxq message used while its input stream runs",
			   "its buffer full: used length the period plus the status", "stream %u, message %u of %u used "
			   "before STOP: used length %u (period %u + status 8 = %u)", p.id, i + 1, n, p.len[i], p.period,
			   p.period + 8);
}

static const struct vct_check checks[] = {
	VCT_CHECK("sound.release_completes_io", "D-d795e012", release_completes_io, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.release_after_io", "D-d4ffeb99", release_after_io, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.input_buffer_full", "D-92e453d0", input_buffer_full, .type = VCT_ID_SOUND),
};

VCT_SUITE(vct_suite_sound_pcm, "sound", checks);
