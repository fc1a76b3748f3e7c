/* SPDX-License-Identifier: MIT */
/*
 * Held-crash guards: a campaign that already holds a crash of the device's
 * process (a finding of an earlier boot, or an entry of a known-crash list
 * that cites the finding and the device's source line) declines the one
 * notification that would hand the device a chain of that crash's shape, so
 * a device that dies within a second of every boot can be fuzzed at all.
 *
 * A guard does not test programs: at the moment the executor is about to
 * notify a queue, it walks the chains the driver made available there, in
 * DMA memory, as the device's own code will pop them (its validity rules,
 * its order, its notion of where it stopped), and declines only when one of
 * them matches the held crash's shape before the device would stop for an
 * error of its own. Whatever it cannot tell (memory the driver did not map,
 * a ring the program made ambiguous, a packed ring) it lets through: an
 * imprecise guard costs a boot, never a hidden finding. Declines are
 * counted per guard and reported; `vct repro` runs without guards.
 */
#ifndef VCT_FUZZ_GUARD_H
#define VCT_FUZZ_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One split queue as the device will read it. */
struct fz_gq {
	uint16_t type;		/* virtio device id */
	uint16_t qi, size;	/* queue index, queue_size as the device holds it */
	uint16_t num_queues;
	const void *desc, *avail, *used;	/* the rings (little-endian, as in DMA memory) */
	uint64_t feat[2];	/* what the device works with (feat_known), else what it offered */
	bool feat_known;
	/*
	 * Where [iova, iova + len) is for the device: FZ_GM_RAM wholly inside
	 * one mapping the driver made (@va: its bytes), FZ_GM_NONE outside
	 * every mapping (the IOMMU translates none of it), FZ_GM_UNSURE
	 * partly inside, or where vct cannot tell.
	 */
	int (*map)(void *ctx, uint64_t iova, uint64_t len, const void **va);
	void *ctx;
	bool iommu;		/* the device's DMA goes through an IOMMU vct alone programs (VFIO, not physical addresses) */
	/*
	 * A chain written but not yet made available (its head + 1; 0: none):
	 * a post checked before it publishes the chain, since a device still
	 * working from an earlier notification (QEMU's transmit bottom half
	 * looks at the ring once more before it sleeps) pops it without one.
	 */
	unsigned int pending;
	/*
	 * The program made the queue's registers or rings ambiguous: where the
	 * device stands is not known, only vct's rings (the descriptor table,
	 * where vct wrote the pending chain). Guards that can judge a post by its
	 * own chain do, virtio-rng's bounds what any position could ask; the
	 * rest let it through.
	 */
	bool rings_unsure;
	/*
	 * A packed ring's post (its rings are not walked): the list about to be
	 * made available, as descriptors of one chain (NULL: none). Guards that
	 * cannot judge a list let it through.
	 */
	/*
	 * The check precedes a status write with DRIVER_OK, not a notification:
	 * only guards of devices that work on such a write look (virtio-rng),
	 * from wherever the device stands, broken or not.
	 */
	bool status_write;
	const struct fz_gsg {
		uint64_t addr;
		uint32_t len;
		bool write;
	} *list;
	unsigned int nlist;
	/*
	 * For guards of the queue's registers rather than its chains: the size
	 * the device holds now (live_size) and the size its ring caches were
	 * built for when the queue was last enabled (cache_size; 0: none, or
	 * not known); the driver and device areas those caches are on, when
	 * they are vct's rings of cache_size entries (else NULL); whether the
	 * driver set DRIVER_OK. Guards that walk chains do not look at them.
	 */
	uint16_t live_size, cache_size;
	const void *cache_avail, *cache_used;
	bool driver_ok;
	bool notified;		/* a notification reached the queue since the reset (QEMU then remembers an interrupt) */
	/*
	 * Not a notification but a register write that hands the device one:
	 * size_write, a queue_size value about to be written to the live queue,
	 * which a notification QEMU still holds for it (after DRIVER_OK it takes
	 * them in its main loop, through ioeventfd) would meet (guards of chains
	 * let it through); status_kick, with status_write: the DRIVER_OK write
	 * follows one without it, and QEMU notifies every queue itself.
	 */
	uint16_t size_write;
	bool status_kick;
	/*
	 * Where the queue's descriptor table and driver area lie, as vct
	 * mapped them ([iova, iova + len); len 0: not known). A chain that
	 * makes them device-writable hands the device the memory it reads its
	 * chains from (guards of devices that fill such a chain with data of
	 * their own look: virtio-rng).
	 */
	uint64_t ring_iova[2];
	uint64_t ring_len[2];
	/*
	 * Not a notification but the driver's write of the available index
	 * (its new value + 1; 0: none), after DRIVER_OK, when QEMU may still
	 * hold a notification that will pop up to it: only guards that judge
	 * the index itself look (avail-far-ahead).
	 */
	uint32_t avail_write;
};

enum { FZ_GM_UNSURE = -1, FZ_GM_NONE = 0, FZ_GM_RAM = 1 };

#define FZ_GUARDS_MAX 4

struct fz_guards {
	unsigned int n;
	bool observe;		/* count what would be declined, decline nothing (measuring a guard's precision) */
	struct fz_guard_on {
		int def;	/* index into the table of guard.c */
		char held[192];	/* what holds it: the finding or list entry */
		unsigned long long declined, checked, unsure;
		unsigned long long declined_posts;	/* of declined: posts not published (fz_gq.pending) */
		unsigned long long declined_status;	/* of declined: status writes not made (fz_gq.status_write) */
		unsigned long long sizes[3];	/* of declined, where a guard measures a size: < 16 MiB, < 1 GiB, more */
	} g[FZ_GUARDS_MAX];
	/* Set by the executor on each decline (observe: each would-be decline); the campaign clears it per program. */
	unsigned int declined_now;
	/* Called on each match before the notification goes out (or not): observe mode journals it. */
	void (*on_match)(void *ctx, const char *guard);
	void *match_ctx;
};

/*
 * Hold the crash whose device process's last words contain a guard's
 * message, for device type @type; @held names what holds it. Returns the
 * guard's name, or NULL when no guard knows that crash (nothing is declined
 * for it: the campaign keeps dying on it, and says so).
 */
const char *fz_guards_hold(struct fz_guards *gs, uint16_t type, const char *message, const char *held);
/*
 * Read a held-crash file (vct fuzz --held-crash): one crash a line, "MESSAGE"
 * or "MESSAGE<TAB>WHAT HOLDS IT", '#' lines ignored. Lines no guard knows
 * are reported on stderr. -1 with a message in @err when the file cannot be read.
 */
int fz_guards_load(struct fz_guards *gs, uint16_t type, const char *path, char *err, size_t errlen);
/*
 * The executor, before notifying @q (or publishing @q's pending chain): true
 * when that must be declined (a held guard matched one of the chains the
 * device would pop).
 * @needs_reset (may be NULL) reads whether the device already refuses to
 * pop anything (DEVICE_NEEDS_RESET): asked only before a decline.
 */
bool fz_guards_kick(struct fz_guards *gs, const struct fz_gq *q, bool (*needs_reset)(void *ctx), void *ctx);
/* One line: "NAME declined N of M notifications, posts and status writes checked (...; U unsure ...); held: ...", "; " between guards. */
void fz_guards_format(const struct fz_guards *gs, char *buf, size_t len);
/*
 * The queue_size a raw write of @width bytes at @off of the virtio-pci
 * common configuration hands the test bed's QEMU (fz_gq.size_write), 0 when
 * it hands none.
 */
uint32_t fz_guard_raw_size(uint32_t off, unsigned int width, uint64_t val);
/* For documentation and the summary: a guard's device type name, message and source lines. */
const char *fz_guard_source(int def);

#endif
