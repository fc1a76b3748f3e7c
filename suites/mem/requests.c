/* SPDX-License-Identifier: MIT */
/*
 * Memory device: the PLUG, UNPLUG, UNPLUG_ALL and STATE requests and their
 * responses: which bytes the device ignores, which ranges it rejects with
 * ERROR, that an acknowledgement matches what it did, and the state it
 * reports.
 */
#include "mem.h"

/*
 * The padding checks, one body: a request with @junk bytes filled must be
 * answered as the same request without them. PLUG and UNPLUG go on block
 * 0 (UNPLUG after a plain PLUG), STATE on two blocks, one plugged.
 */
static void ignores(struct vct_ctx *c, uint16_t type, unsigned int junk, const char *which)
{
	struct mem m;
	uint16_t t, st = 0xffff;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	switch (type) {
	case MEM_REQ_PLUG:
		t = mem_request(c, &m, type, mem_block(&m, 0), 1, junk, NULL);
		vct_report(c, t == MEM_RESP_ACK, "PLUG of an unplugged block within the requested size, with padding set",
			   "ACK (the padding ignored)", "%s (%u); %s", mem_resp_name(t), t, which);
		break;
	case MEM_REQ_UNPLUG:
		mem_plug(c, &m, 0, 1);
		t = mem_request(c, &m, type, mem_block(&m, 0), 1, junk, NULL);
		vct_report(c, t == MEM_RESP_ACK, "UNPLUG of a plugged block, with padding set", "ACK (the padding ignored)",
			   "%s (%u); %s", mem_resp_name(t), t, which);
		break;
	case MEM_REQ_STATE:
		mem_plug(c, &m, 0, 1);
		t = mem_request(c, &m, type, mem_block(&m, 0), 2, junk, &st);
		vct_report(c, t == MEM_RESP_ACK && st == MEM_STATE_MIXED,
			   "STATE of a plugged and an unplugged block, with padding set", "ACK, MIXED (the padding ignored)",
			   "%s (%u), state %u; %s", mem_resp_name(t), t, st, which);
		break;
	default:
		mem_plug(c, &m, 0, 1);
		t = mem_request(c, &m, type, 0, 0, junk, NULL);
		vct_report(c, t == MEM_RESP_ACK, "UNPLUG_ALL with one block plugged, other bytes set",
			   "ACK (only the type counts)", "%s (%u); %s", mem_resp_name(t), t, which);
		if (t == MEM_RESP_ACK) {
			st = mem_state(c, &m, mem_block(&m, 0), 1);
			vct_report(c, st == MEM_STATE_UNPLUGGED, "STATE of the block after UNPLUG_ALL", "UNPLUGGED (1)",
				   "%u", st);
		}
		break;
	}
}

#define HDR "bytes 2-7 (the header's padding) 0xa5"
#define PAD "bytes 18-23 (the request-specific padding) 0xa5"

/* D-9b0d9181, D-ad2e61de, D-e20767a6: only the type and the request-specific data count. */
static void plug_ignores_header(struct vct_ctx *c) { ignores(c, MEM_REQ_PLUG, MEM_JUNK_HDR, HDR); }
static void unplug_ignores_header(struct vct_ctx *c) { ignores(c, MEM_REQ_UNPLUG, MEM_JUNK_HDR, HDR); }
static void state_ignores_header(struct vct_ctx *c) { ignores(c, MEM_REQ_STATE, MEM_JUNK_HDR, HDR); }
/* D-0e810789, D-98378de6, D-4264268d, D-8d1ce9b8: the padding of the request-specific data. */
static void plug_ignores_padding(struct vct_ctx *c) { ignores(c, MEM_REQ_PLUG, MEM_JUNK_DATA_PAD, PAD); }
static void unplug_ignores_padding(struct vct_ctx *c) { ignores(c, MEM_REQ_UNPLUG, MEM_JUNK_DATA_PAD, PAD); }
static void state_ignores_padding(struct vct_ctx *c) { ignores(c, MEM_REQ_STATE, MEM_JUNK_DATA_PAD, PAD); }
static void unplug_all_ignores_padding(struct vct_ctx *c) { ignores(c, MEM_REQ_UNPLUG_ALL, MEM_JUNK_DATA_PAD, PAD); }
/* D-bd01370e: UNPLUG_ALL: everything but the type, header padding, addr and nb_blocks included. */
static void unplug_all_ignores_data(struct vct_ctx *c)
{
	ignores(c, MEM_REQ_UNPLUG_ALL, MEM_JUNK_HDR | MEM_JUNK_UNUSED | MEM_JUNK_DATA_PAD,
		"bytes 2-23 (padding, addr 0xa5a5a5a5a5a5a5a5, nb_blocks 0xa5a5) set");
}

/*
 * D-a1e1fe51, D-71aaa33d, D-3da22ad9: ERROR for an unaligned addr, 0
 * blocks, and a range that leaves the usable region (past its end, across
 * its end, before its start). For UNPLUG the blocks inside are plugged and
 * for PLUG unplugged, so that only the range makes the request invalid.
 */
static void rejects_invalid(struct vct_ctx *c, uint16_t type)
{
	struct mem m;
	uint64_t last;
	struct bad { uint64_t addr; uint16_t nb; const char *what; } bad[5];
	unsigned int n = 0;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	last = m.cfg.usable / m.cfg.block_size - 1;
	if (type == MEM_REQ_UNPLUG || type == MEM_REQ_STATE) {
		mem_plug(c, &m, 0, 1);
		if (last > 0 && m.cfg.requested >= 2 * m.cfg.block_size)
			mem_plug(c, &m, last, 1);
	}
	bad[n++] = (struct bad){ mem_block(&m, 0) + m.cfg.block_size / 2, 1, "addr half a block into the region" };
	bad[n++] = (struct bad){ mem_block(&m, 0), 0, "nb_blocks 0" };
	bad[n++] = (struct bad){ mem_block(&m, last + 1), 1, "the first block past the usable region" };
	if (last + 2 <= 0xffff)
		bad[n++] = (struct bad){ mem_block(&m, last), 2, "the last usable block and the one after it" };
	if (m.cfg.addr >= m.cfg.block_size)
		bad[n++] = (struct bad){ m.cfg.addr - m.cfg.block_size, 1, "the block before the region" };
	for (unsigned int i = 0; i < n; i++) {
		uint16_t t = mem_request(c, &m, type, bad[i].addr, bad[i].nb, 0, NULL);

		vct_report(c, t == MEM_RESP_ERROR, mem_req_name(type), "ERROR (3) for an invalid range",
			   "%s (%u) for %s (addr 0x%llx, nb_blocks %u)", mem_resp_name(t), t, bad[i].what,
			   (unsigned long long)bad[i].addr, bad[i].nb);
	}
}

static void plug_rejects_invalid(struct vct_ctx *c) { rejects_invalid(c, MEM_REQ_PLUG); }
static void unplug_rejects_invalid(struct vct_ctx *c) { rejects_invalid(c, MEM_REQ_UNPLUG); }
static void state_rejects_invalid(struct vct_ctx *c) { rejects_invalid(c, MEM_REQ_STATE); }

/*
 * D-a97e637b: a PLUG covering a plugged block is ERROR: the block alone,
 * and with an unplugged one beside it; then again once plugged_size has
 * reached requested_size (the rule has no exception for that: a device
 * that checks the requested size first answers NACK).
 */
static void plug_rejects_plugged(struct vct_ctx *c)
{
	struct mem m;
	uint64_t want;
	uint16_t t;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 2);
	mem_plug(c, &m, 0, 1);
	t = mem_request(c, &m, MEM_REQ_PLUG, mem_block(&m, 0), 1, 0, NULL);
	vct_report(c, t == MEM_RESP_ERROR, "PLUG of a plugged block", "ERROR (3)", "%s (%u)", mem_resp_name(t), t);
	t = mem_request(c, &m, MEM_REQ_PLUG, mem_block(&m, 0), 2, 0, NULL);
	vct_report(c, t == MEM_RESP_ERROR, "PLUG of a plugged block and the unplugged one after it", "ERROR (3)", "%s (%u)",
		   mem_resp_name(t), t);
	want = m.cfg.requested / m.cfg.block_size;
	if (want < 2 || want > 0xffff || want > m.cfg.usable / m.cfg.block_size)
		return;
	mem_plug(c, &m, 1, (uint16_t)(want - 1));
	mem_cfg_read(c, &m.cfg);
	if (m.cfg.plugged < m.cfg.requested)
		return;
	t = mem_request(c, &m, MEM_REQ_PLUG, mem_block(&m, 0), 1, 0, NULL);
	vct_report(c, t == MEM_RESP_ERROR, "PLUG of a plugged block once plugged_size reached requested_size", "ERROR (3)",
		   "%s (%u) (plugged_size 0x%llx, requested_size 0x%llx)", mem_resp_name(t), t,
		   (unsigned long long)m.cfg.plugged, (unsigned long long)m.cfg.requested);
}

/* D-2d2151a0: an UNPLUG covering an unplugged block is ERROR: alone, and beside a plugged one. */
static void unplug_rejects_unplugged(struct vct_ctx *c)
{
	struct mem m;
	uint16_t t;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 1);
	t = mem_request(c, &m, MEM_REQ_UNPLUG, mem_block(&m, 1), 1, 0, NULL);
	vct_report(c, t == MEM_RESP_ERROR, "UNPLUG of an unplugged block", "ERROR (3)", "%s (%u)", mem_resp_name(t), t);
	mem_plug(c, &m, 0, 1);
	t = mem_request(c, &m, MEM_REQ_UNPLUG, mem_block(&m, 0), 2, 0, NULL);
	vct_report(c, t == MEM_RESP_ERROR, "UNPLUG of a plugged block and the unplugged one after it", "ERROR (3)",
		   "%s (%u)", mem_resp_name(t), t);
}

/*
 * D-fea6ed46, D-c9015b3f: the response to a PLUG or UNPLUG of a valid range
 * says whether the blocks changed state: ACK exactly when STATE then reports
 * them all changed (a device may refuse with NACK or BUSY, but not after
 * doing the work).
 */
static void acks_done(struct vct_ctx *c, bool plug)
{
	struct mem m;
	uint16_t t, st;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 2);
	if (!plug)
		mem_plug(c, &m, 1, 2);
	t = mem_request(c, &m, plug ? MEM_REQ_PLUG : MEM_REQ_UNPLUG, mem_block(&m, 1), 2, 0, NULL);
	st = mem_state(c, &m, mem_block(&m, 1), 2);
	if (t == MEM_RESP_ACK)
		vct_report(c, st == (plug ? MEM_STATE_PLUGGED : MEM_STATE_UNPLUGGED),
			   plug ? "STATE after an acknowledged PLUG of 2 blocks" : "STATE after an acknowledged UNPLUG of 2 blocks",
			   plug ? "PLUGGED (0)" : "UNPLUGGED (1)", "%u", st);
	else
		vct_report(c, st == (plug ? MEM_STATE_UNPLUGGED : MEM_STATE_PLUGGED),
			   plug ? "response to a PLUG of 2 unplugged blocks that then read PLUGGED"
				: "response to an UNPLUG of 2 plugged blocks that then read UNPLUGGED",
			   "ACK (0) when the blocks changed state", "%s (%u), then state %u", mem_resp_name(t), t, st);
}

static void plug_acks(struct vct_ctx *c) { acks_done(c, true); }
static void unplug_acks(struct vct_ctx *c) { acks_done(c, false); }

/* D-bf1dd781, D-e38ad66d: an acknowledged PLUG or UNPLUG moves plugged_size by its blocks. */
static void updates_plugged(struct vct_ctx *c, bool plug)
{
	struct mem m;
	uint64_t before;
	uint16_t t;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 3);
	if (!plug)
		mem_plug(c, &m, 0, 3);
	mem_cfg_read(c, &m.cfg);
	before = m.cfg.plugged;
	t = mem_request(c, &m, plug ? MEM_REQ_PLUG : MEM_REQ_UNPLUG, mem_block(&m, plug ? 0 : 1), 2, 0, NULL);
	if (t != MEM_RESP_ACK)
		vct_skip(c, "device: a %s of 2 blocks was answered %s, not acknowledged", plug ? "PLUG" : "UNPLUG",
			 mem_resp_name(t));
	mem_cfg_read(c, &m.cfg);
	vct_report(c, m.cfg.plugged == (plug ? before + 2 * m.cfg.block_size : before - 2 * m.cfg.block_size),
		   plug ? "plugged_size after an acknowledged PLUG of 2 blocks"
			: "plugged_size after an acknowledged UNPLUG of 2 blocks",
		   plug ? "2 x block_size more" : "2 x block_size less", "0x%llx, was 0x%llx (block_size 0x%llx)",
		   (unsigned long long)m.cfg.plugged, (unsigned long long)before, (unsigned long long)m.cfg.block_size);
}

static void plug_updates_plugged(struct vct_ctx *c) { updates_plugged(c, true); }
static void unplug_updates_plugged(struct vct_ctx *c) { updates_plugged(c, false); }

/*
 * D-9ff40f9e, D-95313a01: UNPLUG_ALL with blocks plugged: ACK exactly when
 * every block is then unplugged, and plugged_size 0 once acknowledged.
 */
static void unplug_all(struct vct_ctx *c, bool size)
{
	struct mem m;
	uint16_t t, st;

	/* Not mem_open's UNPLUG_ALL first: the one under test is answered once, BUSY not retried. */
	mem_open(c, &m, false);
	if (m.cfg.plugged) {
		mem_request(c, &m, MEM_REQ_UNPLUG_ALL, 0, 0, 0, NULL);
		mem_cfg_read(c, &m.cfg);
	}
	mem_need_plug(c, &m, 2);
	mem_plug(c, &m, 0, 1);
	mem_plug(c, &m, 2, 1);
	t = mem_request(c, &m, MEM_REQ_UNPLUG_ALL, 0, 0, MEM_ONCE, NULL);
	mem_cfg_read(c, &m.cfg);
	if (size) {
		if (t != MEM_RESP_ACK)
			vct_skip(c, "device: UNPLUG_ALL was answered %s, not acknowledged", mem_resp_name(t));
		vct_report(c, m.cfg.plugged == 0, "plugged_size after an acknowledged UNPLUG_ALL", "0", "0x%llx",
			   (unsigned long long)m.cfg.plugged);
		return;
	}
	st = m.cfg.usable >= 3 * m.cfg.block_size ? mem_state(c, &m, mem_block(&m, 0), 3) : MEM_STATE_UNPLUGGED;
	if (t == MEM_RESP_ACK)
		vct_report(c, st == MEM_STATE_UNPLUGGED, "STATE of the blocks plugged before an acknowledged UNPLUG_ALL",
			   "UNPLUGGED (1)", "%u", st);
	else
		vct_report(c, st != MEM_STATE_UNPLUGGED, "response to an UNPLUG_ALL after which every block read UNPLUGGED",
			   "ACK (0)", "%s (%u)", mem_resp_name(t), t);
}

static void unplug_all_acks(struct vct_ctx *c) { unplug_all(c, false); }
static void unplug_all_zeroes_plugged(struct vct_ctx *c) { unplug_all(c, true); }

/*
 * D-23ad7f28, D-d3f97d71, D-12a8d7ca, D-8326ad2e: STATE of valid ranges is
 * acknowledged with PLUGGED, UNPLUGGED or MIXED as the blocks are. Blocks
 * 0-1 are plugged, 2-3 not.
 */
enum { ST_ACK, ST_PLUGGED, ST_UNPLUGGED, ST_MIXED };

static void state(struct vct_ctx *c, int which)
{
	static const struct { uint16_t first, nb, want; const char *what; } ranges[] = {
		{ 0, 1, MEM_STATE_PLUGGED, "one plugged block" },
		{ 0, 2, MEM_STATE_PLUGGED, "two plugged blocks" },
		{ 2, 2, MEM_STATE_UNPLUGGED, "two unplugged blocks" },
		{ 3, 1, MEM_STATE_UNPLUGGED, "one unplugged block" },
		{ 1, 2, MEM_STATE_MIXED, "a plugged and an unplugged block" },
		{ 0, 4, MEM_STATE_MIXED, "two plugged then two unplugged blocks" },
	};
	struct mem m;

	mem_open(c, &m, true);
	mem_need_plug(c, &m, 2);
	if (m.cfg.usable < 4 * m.cfg.block_size)
		vct_skip(c, "device: the usable region holds fewer than the 4 blocks this check asks about");
	mem_plug(c, &m, 0, 2);
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		uint16_t st = 0xffff, t = mem_request(c, &m, MEM_REQ_STATE, mem_block(&m, ranges[i].first), ranges[i].nb, 0, &st);

		if (which == ST_ACK) {
			vct_report(c, t == MEM_RESP_ACK, "response to a STATE of a valid range", "ACK (0)", "%s (%u) for %s",
				   mem_resp_name(t), t, ranges[i].what);
			continue;
		}
		if (t != MEM_RESP_ACK)
			continue;	/* mem.state_acks judges it */
		if ((which == ST_PLUGGED && ranges[i].want == MEM_STATE_PLUGGED) ||
		    (which == ST_UNPLUGGED && ranges[i].want == MEM_STATE_UNPLUGGED) ||
		    (which == ST_MIXED && ranges[i].want == MEM_STATE_MIXED))
			vct_report(c, st == ranges[i].want, "state in a STATE response",
				   ranges[i].want == MEM_STATE_PLUGGED ? "PLUGGED (0)"
				   : ranges[i].want == MEM_STATE_UNPLUGGED ? "UNPLUGGED (1)" : "MIXED (2)",
				   "%u for %s", st, ranges[i].what);
	}
}

static void state_acks(struct vct_ctx *c) { state(c, ST_ACK); }
static void state_plugged(struct vct_ctx *c) { state(c, ST_PLUGGED); }
static void state_unplugged(struct vct_ctx *c) { state(c, ST_UNPLUGGED); }
static void state_mixed(struct vct_ctx *c) { state(c, ST_MIXED); }

#define MEM_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_MEM)

static const struct vct_check checks[] = {
	MEM_CHECK("mem.plug_ignores_header", "D-9b0d9181", plug_ignores_header),
	MEM_CHECK("mem.plug_ignores_padding", "D-0e810789", plug_ignores_padding),
	MEM_CHECK("mem.plug_rejects_invalid", "D-a1e1fe51", plug_rejects_invalid),
	MEM_CHECK("mem.plug_rejects_plugged", "D-a97e637b", plug_rejects_plugged),
	MEM_CHECK("mem.plug_acks", "D-fea6ed46", plug_acks),
	MEM_CHECK("mem.plug_updates_plugged", "D-bf1dd781", plug_updates_plugged),
	MEM_CHECK("mem.unplug_ignores_header", "D-ad2e61de", unplug_ignores_header),
	MEM_CHECK("mem.unplug_ignores_padding", "D-98378de6", unplug_ignores_padding),
	MEM_CHECK("mem.unplug_rejects_invalid", "D-71aaa33d", unplug_rejects_invalid),
	MEM_CHECK("mem.unplug_rejects_unplugged", "D-2d2151a0", unplug_rejects_unplugged),
	MEM_CHECK("mem.unplug_acks", "D-c9015b3f", unplug_acks),
	MEM_CHECK("mem.unplug_updates_plugged", "D-e38ad66d", unplug_updates_plugged),
	MEM_CHECK("mem.unplug_all_ignores_data", "D-bd01370e", unplug_all_ignores_data),
	MEM_CHECK("mem.unplug_all_ignores_padding", "D-8d1ce9b8", unplug_all_ignores_padding),
	MEM_CHECK("mem.unplug_all_acks", "D-9ff40f9e", unplug_all_acks),
	MEM_CHECK("mem.unplug_all_zeroes_plugged", "D-95313a01", unplug_all_zeroes_plugged),
	MEM_CHECK("mem.state_ignores_header", "D-e20767a6", state_ignores_header),
	MEM_CHECK("mem.state_ignores_padding", "D-4264268d", state_ignores_padding),
	MEM_CHECK("mem.state_rejects_invalid", "D-3da22ad9", state_rejects_invalid),
	MEM_CHECK("mem.state_acks", "D-23ad7f28", state_acks),
	MEM_CHECK("mem.state_plugged", "D-d3f97d71", state_plugged),
	MEM_CHECK("mem.state_unplugged", "D-12a8d7ca", state_unplugged),
	MEM_CHECK("mem.state_mixed", "D-8326ad2e", state_mixed),
};

VCT_SUITE(vct_suite_mem_requests, "mem", checks);
