/* SPDX-License-Identifier: MIT */
/*
 * refdev: the memory device (virtio-mem, id 24), a part of refdev.c included
 * by it like refdev_types.c (built on its own it is empty).
 *
 * A 128-block region of 2 MiB blocks at 4 GiB whose blocks the driver plugs
 * and unplugs on the guest-request queue (PLUG, UNPLUG, UNPLUG_ALL, STATE).
 * The host asks for requested_size (16 blocks; the host action
 * config-change sets it, `requested-mib=N`); the usable region is the
 * requested size plus 32 blocks, up to the region, and only grows, except
 * on UNPLUG_ALL. plugged_size follows the plugged blocks without a
 * configuration notification; a change of the requested or usable size
 * notifies. A virtio reset leaves the blocks as they were; a system reset
 * (host action system-reset) unplugs them all.
 */
#ifdef RD_TYPES_IMPL

#define MEM_BLOCK		(2ull << 20)
#define MEM_ADDR		(4ull << 30)
#define MEM_BLOCKS		128
#define MEM_EXTENT		32	/* usable region beyond the requested size, in blocks */
#define MEM_REQUESTED		16	/* blocks the host first asks for */
#define MEM_F_UNPLUGGED_INACCESSIBLE 1
#define MEM_F_PERSISTENT_SUSPEND 2	/* its platform (refdev's host) keeps plugged blocks across suspend */
/* configuration offsets */
#define MEM_C_BLOCK		0
#define MEM_C_ADDR		16
#define MEM_C_REGION		24
#define MEM_C_USABLE		32
#define MEM_C_PLUGGED		40
#define MEM_C_REQUESTED		48
/* requests and responses */
#define MEM_REQ_PLUG		0
#define MEM_REQ_UNPLUG		1
#define MEM_REQ_UNPLUG_ALL	2
#define MEM_REQ_STATE		3
#define MEM_ACK			0
#define MEM_NACK		1
#define MEM_BUSY		2
#define MEM_ERROR		3
#define MEM_S_PLUGGED		0
#define MEM_S_UNPLUGGED		1
#define MEM_S_MIXED		2

/* The region's memory, reserved once (pages exist only where touched); NULL when it cannot be. */
static uint8_t *mem_ram(struct refdev *d)
{
	if (!d->mem_ram) {
		void *p = mmap(NULL, MEM_BLOCK * MEM_BLOCKS, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		d->mem_ram = p == MAP_FAILED ? NULL : p;
	}
	return d->mem_ram;
}

static void mem_free(struct refdev *d)
{
	if (d->mem_ram)
		munmap(d->mem_ram, MEM_BLOCK * MEM_BLOCKS);
	d->mem_ram = NULL;
}

/* Zero blocks [first, first + n) (plugged memory's content is undefined; unplugged memory is discarded). */
static void mem_scrub(struct refdev *d, unsigned int first, unsigned int n)
{
	if (d->mem_ram)
		madvise(d->mem_ram + first * MEM_BLOCK, n * MEM_BLOCK, MADV_DONTNEED);
}

static unsigned int mem_count(const struct refdev *d)
{
	return (unsigned int)(__builtin_popcountll(d->mem_plugged[0]) + __builtin_popcountll(d->mem_plugged[1]));
}

static void mem_sync_plugged(struct refdev *d)
{
	put64(d->devcfg + MEM_C_PLUGGED, (uint64_t)mem_count(d) * MEM_BLOCK);
}

/* The usable region for a requested size: requested + MEM_EXTENT blocks, at most the region. */
static uint64_t mem_usable_for(uint64_t requested)
{
	uint64_t u = requested + MEM_EXTENT * MEM_BLOCK;

	u = (u + MEM_BLOCK - 1) / MEM_BLOCK * MEM_BLOCK;
	return u < MEM_BLOCK * MEM_BLOCKS ? u : MEM_BLOCK * MEM_BLOCKS;
}

static void mem_init(struct refdev *d)
{
	uint64_t req = MEM_REQUESTED * MEM_BLOCK;

	/* mem-block-npot: the reported block size only; the region keeps its 2 MiB blocks */
	put64(d->devcfg + MEM_C_BLOCK, QK(d, Q_MEM_BLOCK_NPOT) ? 3 * (MEM_BLOCK / 2) : MEM_BLOCK);
	put64(d->devcfg + MEM_C_ADDR, MEM_ADDR);
	put64(d->devcfg + MEM_C_REGION, MEM_BLOCK * MEM_BLOCKS);
	put64(d->devcfg + MEM_C_USABLE, QK(d, Q_MEM_USABLE_SHORT) ? req / 2 : mem_usable_for(req));
	mem_sync_plugged(d);
	put64(d->devcfg + MEM_C_REQUESTED, QK(d, Q_MEM_REQUESTED_UNALIGNED) ? req + 4096 : req);
}

/* A virtio reset: the blocks keep their state (Device Initialization), unless a quirk says otherwise. */
static void mem_reset(struct refdev *d)
{
	if (QK(d, Q_MEM_RESET_UNPLUGS)) {
		memset(d->mem_plugged, 0, sizeof(d->mem_plugged));
		mem_sync_plugged(d);
	}
	if (QK(d, Q_MEM_ADDR_MOVES))
		put64(d->devcfg + MEM_C_ADDR, get64(d->devcfg + MEM_C_ADDR) + MEM_BLOCK);
	if (QK(d, Q_MEM_RESET_SCRUBS))
		mem_scrub(d, 0, MEM_BLOCKS);	/* plugged memory included */
}

/* A system reset: every block unplugged and its memory discarded (the Device Operation SHOULD). */
static void mem_system_reset(struct refdev *d)
{
	memset(d->mem_plugged, 0, sizeof(d->mem_plugged));
	mem_scrub(d, 0, MEM_BLOCKS);
	mem_sync_plugged(d);
}

/* Blocks [first, first + n) are all plugged (want 1) or all unplugged (want 0). */
static bool mem_all(const struct refdev *d, unsigned int first, unsigned int n, int want)
{
	for (unsigned int b = first; b < first + n; b++)
		if ((int)((d->mem_plugged[b / 64] >> (b % 64)) & 1) != want)
			return false;
	return true;
}

static void mem_set(struct refdev *d, unsigned int first, unsigned int n, bool on)
{
	for (unsigned int b = first; b < first + n; b++) {
		if (on)
			d->mem_plugged[b / 64] |= 1ull << (b % 64);
		else
			d->mem_plugged[b / 64] &= ~(1ull << (b % 64));
	}
}

/* PLUG or UNPLUG of [first, first + n), a range already checked to lie in the usable region. */
static uint16_t mem_change(struct refdev *d, bool plug, unsigned int first, unsigned int n)
{
	bool lenient = plug ? QK(d, Q_MEM_REPLUG_ACK) : QK(d, Q_MEM_UNPLUG_UNPLUGGED_ACK);

	if (!mem_all(d, first, n, !plug) && !lenient)
		return MEM_ERROR;	/* some block is already in the requested state */
	if (plug && (uint64_t)mem_count(d) * MEM_BLOCK + n * MEM_BLOCK > get64(d->devcfg + MEM_C_REQUESTED) &&
	    !mem_all(d, first, n, 1))
		return MEM_NACK;	/* more than the host requested */
	if (QK(d, Q_MEM_PLUG_SCRUBS) && plug) {
		for (unsigned int b = 0; b < MEM_BLOCKS; b++)
			if (mem_all(d, b, 1, 1))
				mem_scrub(d, b, 1);	/* the quirk: a plug re-initializes the plugged blocks too */
	}
	if (!plug)
		mem_scrub(d, first, n);
	mem_set(d, first, n, plug);
	if (!(plug ? QK(d, Q_MEM_PLUGGED_STALE_PLUG) : QK(d, Q_MEM_PLUGGED_STALE_UNPLUG)))
		mem_sync_plugged(d);
	if (QK(d, Q_MEM_PLUG_NOTIFIES))
		config_changed(d);
	return (plug ? QK(d, Q_MEM_PLUG_NACK) : QK(d, Q_MEM_UNPLUG_NACK)) ? MEM_NACK : MEM_ACK;
}

static uint16_t mem_state(const struct refdev *d, unsigned int first, unsigned int n, uint8_t *resp)
{
	uint16_t st;

	if (QK(d, Q_MEM_STATE_ERROR_MULTI) && n > 1)
		return MEM_ERROR;
	if (QK(d, Q_MEM_STATE_FIRST_ONLY))
		n = 1;
	st = mem_all(d, first, n, 1) ? MEM_S_PLUGGED : mem_all(d, first, n, 0) ? MEM_S_UNPLUGGED : MEM_S_MIXED;
	if (QK(d, Q_MEM_STATE_SWAPPED) && st != MEM_S_MIXED)
		st = st == MEM_S_PLUGGED ? MEM_S_UNPLUGGED : MEM_S_PLUGGED;
	put16(resp + 8, st);
	return MEM_ACK;
}

static uint16_t mem_unplug_all(struct refdev *d)
{
	memset(d->mem_plugged, 0, sizeof(d->mem_plugged));
	if (!QK(d, Q_MEM_UNPLUG_ALL_STALE))
		mem_sync_plugged(d);
	/* the usable region may shrink back to what the requested size needs (no notification) */
	if (!QK(d, Q_MEM_USABLE_SHORT))
		put64(d->devcfg + MEM_C_USABLE, mem_usable_for(get64(d->devcfg + MEM_C_REQUESTED)));
	return QK(d, Q_MEM_UNPLUG_ALL_BUSY) ? MEM_BUSY : MEM_ACK;
}

static bool mem_nonzero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return true;
	return false;
}

static int mem_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[24], resp[10] = { 0 };
	uint64_t addr, base = get64(d->devcfg + MEM_C_ADDR), usable = get64(d->devcfg + MEM_C_USABLE);
	unsigned int n, first;
	uint16_t type = MEM_ERROR, rt;
	int r;

	(void)qi;
	r = req_head(d, c, req, 24, written);
	if (r)
		return r < 0 ? r : 0;
	rt = get16(req);
	addr = get64(req + 8);
	n = get16(req + 16);
	first = (unsigned int)((addr - base) / MEM_BLOCK);
	if ((QK(d, Q_MEM_HDR_PAD_STRICT) && mem_nonzero(req + 2, 6)) ||
	    (QK(d, Q_MEM_DATA_PAD_STRICT) && mem_nonzero(req + 18, 6))) {
		type = MEM_ERROR;	/* the quirks: padding taken as a malformed request */
	} else if (rt == MEM_REQ_UNPLUG_ALL) {
		type = mem_unplug_all(d);
	} else if (rt <= MEM_REQ_STATE) {
		if (!n && QK(d, Q_MEM_ZERO_BLOCKS_OK)) {
			type = MEM_ACK;
			put16(resp + 8, MEM_S_UNPLUGGED);
		} else if (addr % MEM_BLOCK || !n || addr < base || addr - base >= usable ||
			   n > (usable - (addr - base)) / MEM_BLOCK || first + n > MEM_BLOCKS) {
			type = MEM_ERROR;	/* unaligned, empty, or outside the usable region */
		} else if (rt == MEM_REQ_STATE) {
			type = mem_state(d, first, n, resp);
		} else {
			type = mem_change(d, rt == MEM_REQ_PLUG, first, n);
		}
	}
	put16(resp, type);
	return answer(d, c, resp, sizeof(resp), written);
}

static void mem_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, mem_req);
}

/* "A device MAY fail to operate further if VIRTIO_MEM_F_UNPLUGGED_INACCESSIBLE is not accepted": this one refuses it. */
static bool mem_features_ok(struct refdev *d, const uint64_t *f)
{
	return feat_has(f, MEM_F_UNPLUGGED_INACCESSIBLE);
}

/*
 * The driver's CPU view of the machine's memory (the transport's phys_map):
 * the region's memory wherever it is asked for inside the region.
 */
static void *rd_phys_map(struct vct_transport *t, uint64_t addr, size_t len, char *why, size_t whylen)
{
	struct refdev *d = RD(t);
	uint64_t base = get64(d->devcfg + MEM_C_ADDR);
	uint8_t *ram;

	if (d->ty->id != ID_MEM || addr < base || addr - base > MEM_BLOCK * MEM_BLOCKS ||
	    len > MEM_BLOCK * MEM_BLOCKS - (addr - base)) {
		snprintf(why, whylen, "the reference %s device maps no machine memory at 0x%llx", d->ty->name,
			 (unsigned long long)addr);
		return NULL;
	}
	if (QK(d, Q_MEM_PLUGGED_LOST)) {	/* a fresh zeroed page each time: writes never reach the block */
		void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		return p == MAP_FAILED ? NULL : p;
	}
	if (!(ram = mem_ram(d))) {
		snprintf(why, whylen, "cannot reserve the region's memory");
		return NULL;
	}
	return ram + (addr - base);
}

static void rd_phys_unmap(struct vct_transport *t, void *p, size_t len)
{
	struct refdev *d = RD(t);

	if (!d->mem_ram || (uint8_t *)p < d->mem_ram || (uint8_t *)p >= d->mem_ram + MEM_BLOCK * MEM_BLOCKS)
		munmap(p, len);
}

/*
 * The host changes requested_size (QEMU: qom-set requested-size):
 * `requested-mib=N`, else between 16 and 24 blocks. The usable region grows
 * to cover it and never shrinks here; both changes are notified.
 */
static int mem_host_resize(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	const char *p = strstr(params, "requested-mib=");
	uint64_t req = get64(d->devcfg + MEM_C_REQUESTED), usable = get64(d->devcfg + MEM_C_USABLE), want;

	if (p) {
		char *end;
		unsigned long long mib = strtoull(p + 14, &end, 10);

		want = (uint64_t)mib << 20;
		if (end == p + 14 || want % MEM_BLOCK || want > MEM_BLOCK * MEM_BLOCKS) {
			snprintf(msg, msglen, "requested-mib=%s: not a multiple of the 2 MiB block size within the %llu MiB region",
				 p + 14, (unsigned long long)(MEM_BLOCK * MEM_BLOCKS >> 20));
			return -EINVAL;
		}
	} else {
		want = req == MEM_REQUESTED * MEM_BLOCK ? (MEM_REQUESTED + 8) * MEM_BLOCK : MEM_REQUESTED * MEM_BLOCK;
	}
	put64(d->devcfg + MEM_C_REQUESTED, want);
	if (mem_usable_for(want) > usable || QK(d, Q_MEM_USABLE_FOLLOWS))
		put64(d->devcfg + MEM_C_USABLE, mem_usable_for(want));
	snprintf(msg, msglen, "requested_size %llu MiB", (unsigned long long)(want >> 20));
	if (!QK(d, Q_MEM_RESIZE_SILENT))
		config_changed(d);
	return 0;
}

#endif
