/* SPDX-License-Identifier: MIT */
/*
 * vct fuzz programs: a compact, versioned binary list of driver actions that
 * any transport can execute (fuzz/exec.c), with a text form for humans.
 *
 * Binary format v1 (all integers little-endian):
 *   byte 0        format version (1); any other value is read as 1
 *   then ops      opcode byte + arguments (table in prog.c): fixed-size
 *                 fields, except a POST's parts and a DATA's bytes (count first)
 *
 * Opcode space:
 *   0x01..0x3f    common / split-ring operations (v1 uses 0x01..0x14), all
 *                 executed through the virtio-level device interface
 *                 (harness/virtio/dev.h), so they run on every transport
 *   0x40..0x5f    packed-ring operations (0x40 ppost, 0x41 pevent; KICK and
 *                 REAP serve both ring formats)
 *   0x60..0x6f    reserved: admin virtqueue commands
 *   0x70..0x7f    transport-specific, executed by the transport (its raw_op
 *                 and notify ops); a transport that lacks one does nothing:
 *                   0x70..0x77  virtio-pci: 0x70 raw kick, 0x71 common-config
 *                               write, 0x72 common-config read
 *                   0x78..0x7f  reserved: MMIO, CCW
 *   0x80..0xff    never used (a mutation landing here is skipped)
 *
 * Compatibility: the first v1 programs carried the three virtio-pci
 * operations at 0x0a (kickraw), 0x0e (commonw) and 0x0f (commonr). The
 * decoder still reads those bytes as the same operations, so every saved
 * corpus entry and finding replays as before; the encoder writes 0x70..0x72,
 * so such a program's canonical form differs from its old bytes only in
 * those opcode bytes. The text names (kickraw, commonw, commonr) are
 * unchanged. 0x0a, 0x0e and 0x0f are never assigned again.
 *
 * The decoder accepts every byte string: an unknown opcode byte is skipped,
 * a truncated op ends the program, counts are clamped. Decoding then
 * encoding gives the canonical form; canonical programs (the corpus) round
 * trip decode -> print -> parse -> encode to the same bytes.
 */
#ifndef VCT_FUZZ_PROG_H
#define VCT_FUZZ_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FZ_VERSION 1
#define FZ_MAX_OPS 96
#define FZ_MAX_PARTS 48		/* descriptor parts in one POST */
#define FZ_MAX_BIN 8192		/* largest canonical encoding */
#define FZ_MAX_DATA 96		/* bytes of one request payload (DATA) */
#define FZ_DATA_SLOTS 8

enum fz_opcode {
	FZ_OP_INIT = 0x01,	/* u8 steps: bring-up macro (FZ_INIT_*) */
	FZ_OP_FEATURES = 0x02,	/* u8 mode, u64 lo, u32 hi: write driver_feature */
	FZ_OP_STATUS = 0x03,	/* u8 value: write device_status */
	FZ_OP_RESET = 0x04,	/* device reset (write 0, wait for 0) + reset oracles */
	FZ_OP_QSETUP = 0x05,	/* u8 q, u16 size (0 = max), u16 vector: rings + registers, not enabled */
	FZ_OP_QENABLE = 0x06,	/* u8 q */
	FZ_OP_QRESET = 0x07,	/* u8 q: queue_reset (RING_RESET) */
	FZ_OP_POST = 0x08,	/* u8 q, u8 n, n x part (10 bytes) */
	FZ_OP_KICK = 0x09,	/* u8 q */
	FZ_OP_LEGACY_KICKRAW = 0x0a,	/* read as FZ_OP_PCI_KICKRAW (see Compatibility) */
	FZ_OP_CFGREAD = 0x0b,	/* u8 off, u8 width */
	FZ_OP_CFGWRITE = 0x0c,	/* u8 off, u8 width, u32 value */
	FZ_OP_WAIT = 0x0d,	/* u8 units: let the device work, reap, run the oracles */
	FZ_OP_LEGACY_COMMONW = 0x0e,	/* read as FZ_OP_PCI_COMMONW */
	FZ_OP_LEGACY_COMMONR = 0x0f,	/* read as FZ_OP_PCI_COMMONR */
	FZ_OP_AVAILIDX = 0x10,	/* u8 q, u16 delta: move avail->idx without entries */
	FZ_OP_RINGFLAGS = 0x11,	/* u8 q, u16 avail flags, u16 used_event */
	FZ_OP_MSIX = 0x12,	/* u8 nvec: bind vectors [0, nvec) to eventfds */
	FZ_OP_REAP = 0x13,	/* u8 q: consume used entries */
	/*
	 * u8 q, u8 reg (FZ_QL_*), u16 value: one queue register written while
	 * the queue may be live (after queue_enable, after DRIVER_OK), with the
	 * executor's shadow following what the device then presents.
	 */
	FZ_OP_QLIVE = 0x14,
	/*
	 * u8 slot, u8 n, n bytes: request payload #slot (0..7) for FZ_P_DATA
	 * parts: the type's request headers and frames (seeds per device type in
	 * fuzz/corpus/TYPE/), mutated field by field (mutate.c).
	 */
	FZ_OP_DATA = 0x15,
	/*
	 * Packed ring: u8 q, u8 wrap mode (FZ_PW_*), n parts as POST (kinds; WRITE
	 * flag; an FZ_P_INDIRECT part puts the whole list behind one indirect
	 * descriptor). Buffer ids and wrap counters are vct's packed driver's.
	 */
	FZ_OP_PPOST = 0x40,
	FZ_OP_PEVENT = 0x41,	/* u8 q, u16 flags (0 enable, 1 disable, 2 desc), u16 off_wrap: driver event suppression */
	/* virtio-pci (transport-specific range); the values match VCT_RAW_PCI_* in dev.h. */
	FZ_OP_PCI_KICKRAW = 0x70,	/* u8 q, u32 value: q's notification carries value (32 bits where it fits) */
	FZ_OP_PCI_COMMONW = 0x71,	/* u8 off, u8 width, u32 value: any common-config register */
	FZ_OP_PCI_COMMONR = 0x72,	/* u8 off, u8 width */
};

/* QLIVE registers. */
enum {
	FZ_QL_SIZE = 0,		/* queue_size = value */
	FZ_QL_ENABLE = 1,	/* queue_enable = value */
	FZ_QL_VECTOR = 2,	/* queue_msix_vector = value (0xffff: NO_VECTOR) */
	FZ_QL_DESC = 3,		/* queue_desc / driver / device = an address chosen by value: */
	FZ_QL_DRIVER = 4,	/*   bits 0-1 where (0 its own ring, 1 queue (bits 2-3)'s same ring, */
	FZ_QL_DEVICE = 5,	/*   2 a guard gap, 3 a fresh zeroed buffer) */
	FZ_QL__N
};

/* PPOST wrap modes: the first descriptor's AVAIL/USED bits against the driver's wrap counter W. */
enum {
	FZ_PW_AVAILABLE = 0,	/* AVAIL = W, USED = !W: made available */
	FZ_PW_AVAIL_WRONG = 1,	/* AVAIL = !W, USED = !W: not available (a device reading USED alone takes it) */
	FZ_PW_BOTH_SET = 2,	/* AVAIL = USED = W: reads as used, not available */
	FZ_PW_SWAPPED = 3,	/* AVAIL = !W, USED = W: the previous lap's used descriptor */
	FZ_PW__N
};

/* INIT steps, done in this order. */
enum {
	FZ_INIT_RESET = 1 << 0,
	FZ_INIT_ACK = 1 << 1,		/* ACKNOWLEDGE | DRIVER */
	FZ_INIT_FEATURES = 1 << 2,	/* vct's default feature set */
	FZ_INIT_FEATURES_OK = 1 << 3,
	FZ_INIT_QUEUES = 1 << 4,	/* the program's queues (fz_prog_queues): setup (max size, no vector) + enable */
	FZ_INIT_DRIVER_OK = 1 << 5,
	FZ_INIT_SMALLQ = 1 << 6,	/* with QUEUES: size 8 instead of the maximum */
	/*
	 * After the other steps: the health probe's well-formed request (the
	 * device type's request model) on the queue it names, reaped. A
	 * campaign's health probe after a program resets and brings the device
	 * up with the next program's INIT steps and sends that request; the next
	 * program starts from there instead of running its INIT again, and a
	 * finding it makes is saved with this step set, so that `vct repro`
	 * starts from the same device and ring state (used index 1 on that
	 * queue). Runs where the executor has the probe (vct fuzz, vct repro);
	 * the in-process engines' targets have none and skip it.
	 */
	FZ_INIT_PROBED = 1 << 7,
	FZ_INIT_STD = 0x3f,		/* reset .. driver-ok: a complete bring-up */
};

/* FEATURES modes. */
enum {
	FZ_FEAT_RAW = 0,	/* exactly lo/hi */
	FZ_FEAT_AND = 1,	/* offered & lo/hi */
	FZ_FEAT_OR = 2,		/* default set | lo/hi (may add unoffered bits) */
	FZ_FEAT_XOR = 3,	/* default set ^ lo/hi */
	FZ_FEAT__N
};

/* Descriptor part kinds: where the descriptor's address points. */
enum {
	FZ_P_BUF = 0,		/* a fresh DMA buffer of len bytes (allocation capped) */
	FZ_P_GUARD = 1,		/* inside an unmapped guard gap (+ arg) */
	FZ_P_RING = 2,		/* inside a ring: arg bits 0-1 queue, 2-3 desc/avail/used, 4.. offset */
	FZ_P_EDGE = 3,		/* the last (arg % 4096) bytes of a page before a guard gap */
	FZ_P_WILD = 4,		/* a fixed odd address (0, past the MSI window, top of IOVA, wrap) by arg */
	FZ_P_SAME = 5,		/* the address of part #arg of the same POST (overlap) */
	FZ_P_INDIRECT = 6,	/* an indirect table holding the next arg parts */
	FZ_P_DATA = 7,		/* a fresh buffer of len bytes starting with payload #(arg % 8) (DATA op) */
	FZ_P__N
};

/* Part flags. */
enum {
	FZ_PF_NEXT = 1,		/* VRING_DESC_F_NEXT (raw mode) */
	FZ_PF_WRITE = 2,	/* VRING_DESC_F_WRITE (both modes) */
	FZ_PF_INDIRECT = 4,	/* VRING_DESC_F_INDIRECT (raw mode) */
	FZ_PF_NEXTABS = 8,	/* raw mode: next field written verbatim (else: part index in its table) */
	FZ_PF_RAWLEN = 0x40,	/* INDIRECT part: descriptor len = len, not 16 x entries */
	FZ_PF_AUTO = 0x80,	/* NEXT / next / INDIRECT computed as a well-formed chain */
	FZ_PF__MASK = 0xcf,
};

struct fz_part {
	uint8_t kind, flags;
	uint16_t arg, next;
	uint32_t len;
};

struct fz_op {
	uint8_t op;
	uint8_t q;		/* queue / offset / steps / units / value / mode / nvec */
	uint8_t width;		/* CFG*, COMMON*: 1, 2, 4 (8 for COMMONR) */
	uint16_t a16, b16;	/* QSETUP size/vector; AVAILIDX delta; RINGFLAGS flags/event */
	uint32_t val;		/* writes; FEATURES hi */
	uint64_t lo;		/* FEATURES lo */
	uint8_t nparts;
	struct fz_part parts[FZ_MAX_PARTS];
	uint8_t dlen;		/* DATA */
	uint8_t data[FZ_MAX_DATA];
};

struct fz_prog {
	uint8_t version;
	unsigned int n;
	struct fz_op ops[FZ_MAX_OPS];
};

/* Every byte string decodes (never fails). */
void fz_decode(const uint8_t *b, size_t len, struct fz_prog *p);
/* Canonical encoding; returns its length (<= cap, FZ_MAX_BIN always suffices). */
size_t fz_encode(const struct fz_prog *p, uint8_t *b, size_t cap);
/* The same in the first v1 opcode bytes (0x0a, 0x0e, 0x0f): tells a saved old finding from a damaged file. */
size_t fz_encode_legacy(const struct fz_prog *p, uint8_t *b, size_t cap);
/* Text form, one op a line. */
void fz_print(const struct fz_prog *p, FILE *f);
/*
 * The queues INIT's QUEUES step sets up (bit i: queue i, of the first 8):
 * queues 0 and 1, and every queue an op of the program names (its queue
 * field; a RING part's queue; QLIVE's other queue), or all of them when
 * the program writes or reads the common configuration raw (it may select
 * any queue). A driver may leave queues it does not use alone, and the
 * device's answer to a program depends on the program alone: a campaign
 * and `vct repro` set up the same queues. (Until session 9 it was every
 * queue: virtio-serial's eight cost 100 register accesses a bring-up.)
 */
uint8_t fz_prog_queues(const struct fz_prog *p);
/* Text back to a program; -1 with a message in err naming the line. */
int fz_parse(const char *text, struct fz_prog *p, char *err, size_t errlen);
const char *fz_op_name(uint8_t op);
/* Bring an op's fields into their canonical ranges (what the decoder does). */
void fz_op_normalize(struct fz_op *o);

/* Structure-aware mutation (fuzz/mutate.c). rng state: any nonzero value. */
uint64_t fz_rand(uint64_t *s);
void fz_mutate_prog(struct fz_prog *p, uint64_t *rng, uint16_t dev_type);
/*
 * Keep a program's complete bring-up (INIT of FZ_INIT_STD, +SMALLQ) as its
 * first op in 7 mutations of 8 (mutate.c says why); off by default, on for
 * a VFIO target (fz_target_open).
 */
void fz_mutate_set_keep_init(bool on);
/*
 * Mutations that take out as many ops and descriptor parts as they add, on
 * average: the builtin engine's out of process (fuzz/cmd.c). Off by
 * default: in process, and AFL++ and libFuzzer, which trim and cap their
 * inputs, get the stream they always had.
 */
void fz_mutate_set_size_neutral(bool on);
/* Byte-level entry: decode @data, mutate, encode into data (<= max). */
size_t fz_mutate_bytes(uint8_t *data, size_t size, size_t max, unsigned int seed, uint16_t dev_type);
/* Crossover of two programs, byte level. */
size_t fz_crossover_bytes(const uint8_t *a, size_t na, const uint8_t *b, size_t nb, uint8_t *out, size_t max,
			  unsigned int seed);
/* A fresh random program (well-formed bring-up most of the time). */
void fz_generate(struct fz_prog *p, uint64_t *rng, uint16_t dev_type);

#endif
