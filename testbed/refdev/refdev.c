/* SPDX-License-Identifier: MIT */
/*
 * refdev: an in-process virtio-pci modern device behind struct vct_transport.
 *
 * Layout (see also refdev_layout() below):
 *   config space  4096 bytes; caps at 0x40 COMMON, 0x50 ISR, 0x60 DEVICE
 *                 (absent for rng), 0x70 NOTIFY, 0x84 PCI_CFG, 0x98 MSI-X.
 *   BAR 1         32-bit memory, 4 KiB: MSI-X table at 0x000, PBA at 0x800.
 *   BAR 4/5       64-bit prefetchable memory, 16 KiB: common cfg 0x0000,
 *                 ISR 0x1000, device cfg 0x2000, notify 0x3000 (multiplier 4,
 *                 queue_notify_off = queue index).
 *
 * Everything is synchronous: a notify write processes that queue before the
 * bar_write returns (unless the "async" option is given, in which case the
 * notify only marks the queue pending and the poll op does the work). Work
 * the device cannot do yet (rx frames or console bytes with no receive
 * buffer posted, notifies before DRIVER_OK) is kept and retried on the next
 * notify of the receive queue, at DRIVER_OK, and on every poll.
 *
 * No global mutable state: all state is in struct refdev.
 */
#include "refdev.h"
#include "hostact.h"
#include "refdev_quirks.h"
#include "refdev_admin.h"
#include "refdev_net.h"
#include "util.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- quirk catalog ------------------------------------------------------ */

#define RD_QENUM(id, n, c, ty, o, w, st) Q_##id,
enum rd_quirk { REFDEV_QUIRKS(RD_QENUM) Q__COUNT };
#undef RD_QENUM

#define RD_QENTRY(id, n, c, ty, o, w, st) { n, c, ty, o, st, w },
const struct vct_refdev_quirk vct_refdev_quirks[] = { REFDEV_QUIRKS(RD_QENTRY) };
#undef RD_QENTRY
const size_t vct_refdev_nquirks = sizeof(vct_refdev_quirks) / sizeof(vct_refdev_quirks[0]);

/* The quirks switched on: one bit per catalog entry, no limit on the catalog. */
#define RD_QWORDS ((Q__COUNT + 63) / 64)

/* ---- constants ---------------------------------------------------------- */

#define PCI_VENDOR_REDHAT	0x1af4
#define RD_CFG_SIZE		4096

#define CAP_COMMON		0x40
#define CAP_ISR			0x50
#define CAP_DEVICE		0x60
#define CAP_NOTIFY		0x70
#define CAP_PCICFG		0x84
#define CAP_MSIX		0x98

#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG	  3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG	  5

#define BAR_MSIX		1
#define BAR_VIRTIO		4
#define BAR1_SIZE		0x1000
#define BAR4_SIZE		0x4000
#define MSIX_PBA_OFF		0x800

#define R_COMMON		0x0000
#define R_COMMON_LEN		0x40
#define R_ISR			0x1000
#define R_ISR_LEN		4
#define R_DEVCFG		0x2000
#define R_NOTIFY		0x3000
#define R_NOTIFY_LEN		0x1000
#define NOTIFY_MULT		4

#define RD_MAXQ			6	/* balloon: five queues; net: two queue pairs and controlq; plus an administration queue */
#define RD_QMAX			256
#define RD_MAXVEC		(RD_MAXQ + 1)
#define RD_MAX_SEGS		4096

#define S_ACK			1
#define S_DRIVER		2
#define S_DRIVER_OK		4
#define S_FEATURES_OK		8
#define S_SUSPEND		16
#define S_NEEDS_RESET		64
#define S_FAILED		128

#define F_INDIRECT		28
#define F_EVENT_IDX		29
#define F_VERSION_1		32
#define F_ACCESS_PLATFORM	33
#define F_RING_RESET		40
#define F_RING_PACKED		34
#define F_IN_ORDER		35
#define F_NOTIFICATION_DATA	38
#define F_SR_IOV		37
#define F_NOTIF_CONFIG_DATA	39
#define F_ADMIN_VQ		41
#define F_SUSPEND		43
#define BIT(n)			(1ULL << (n))	/* a bit of one 64-bit feature word, n < 64 */

/*
 * Feature bits 0..127 as RD_FWORDS 64-bit words, word i holding bits
 * 64*i .. 64*i+63: the layout of the harness's struct vct_dev features[2].
 * A device type's offer, the driver's writes, the negotiated set and the
 * FEATURES_OK checks all use it; feature_select windows 0..3 read and write
 * its 32-bit halves, and windows from 4 on are beyond every defined bit.
 */
#define RD_FWORDS		2
#define RD_FBITS		(64 * RD_FWORDS)

static inline bool feat_has(const uint64_t *f, unsigned int bit)
{
	return bit < RD_FBITS && ((f[bit / 64] >> (bit % 64)) & 1);
}

static inline void feat_set(uint64_t *f, unsigned int bit)
{
	if (bit < RD_FBITS)
		f[bit / 64] |= 1ULL << (bit % 64);
}

static inline void feat_clr(uint64_t *f, unsigned int bit)
{
	if (bit < RD_FBITS)
		f[bit / 64] &= ~(1ULL << (bit % 64));
}

/* True when every bit of @f is also in @of. */
static inline bool feat_within(const uint64_t *f, const uint64_t *of)
{
	for (unsigned int i = 0; i < RD_FWORDS; i++)
		if (f[i] & ~of[i])
			return false;
	return true;
}

static inline bool feat_eq(const uint64_t *a, const uint64_t *b)
{
	return !memcmp(a, b, RD_FWORDS * sizeof(*a));
}

/* The 32-bit window @sel of a feature set (feature_select semantics): 0 beyond bit 127. */
static inline uint32_t feat_word32(const uint64_t *f, uint32_t sel)
{
	return sel < 2 * RD_FWORDS ? (uint32_t)(f[sel / 2] >> (32 * (sel % 2))) : 0;
}

static inline void feat_put_word32(uint64_t *f, uint32_t sel, uint32_t v)
{
	unsigned int sh = 32 * (sel % 2);

	if (sel < 2 * RD_FWORDS)
		f[sel / 2] = (f[sel / 2] & ~(0xffffffffULL << sh)) | ((uint64_t)v << sh);
}

#define D_NEXT			1
#define D_WRITE			2
#define D_INDIRECT		4
#define AVAIL_F_NO_INTERRUPT	1
#define NO_VECTOR		0xffff

#define ID_NET			1
#define ID_BLK			2
#define ID_CONSOLE		3
#define ID_RNG			4

/* blk */
#define BLK_F_SIZE_MAX		1
#define BLK_F_SEG_MAX		2
#define BLK_F_BLK_SIZE		6
#define BLK_F_FLUSH		9
#define BLK_F_CONFIG_WCE	11
#define BLK_F_TOPOLOGY		10
#define BLK_F_DISCARD		13
#define BLK_F_WRITE_ZEROES	14
#define BLK_F_RO		5
#define BLK_F_LIFETIME		15
#define BLK_F_SECURE_ERASE	16
#define BLK_F_ZONED		17
#define BLK_T_GET_LIFETIME	10
#define BLK_T_SECURE_ERASE	14
#define BLK_T_IN		0
#define BLK_T_OUT		1
#define BLK_T_FLUSH		4
#define BLK_T_GET_ID		8
#define BLK_T_DISCARD		11
#define BLK_T_WRITE_ZEROES	13
#define BLK_S_OK		0
#define BLK_S_IOERR		1
#define BLK_S_UNSUPP		2
#define BLK_DISK_BYTES		(16u << 20)
#define BLK_SECTORS		(BLK_DISK_BYTES / 512)
#define BLK_ID_STRING		"vct-refdev-blk"

/* console */
#define CON_F_SIZE		0
#define CON_F_EMERG_WRITE	2
#define CON_F_MULTIPORT		1
#define CON_CTRL_MAX		8	/* control messages the device holds for the driver */
#define CON_EMERG_LOG		32	/* emerg_wr bytes its host keeps */
#define CON_BACKLOG		4096

/* ---- state -------------------------------------------------------------- */

struct rd_map {
	uint64_t iova, size;	/* the address the device uses (phys-dma: the physical address) */
	uint8_t *vaddr;
	uint64_t key;		/* the IOVA the driver mapped it at (dma_unmap names that) */
};

struct rd_seg {
	uint64_t addr;
	uint32_t len;
	bool w;
};

struct rd_chain {
	uint16_t head;		/* split: head index; packed: buffer id */
	uint16_t ndesc;		/* packed: ring descriptors the list took */
	struct rd_seg *seg;
	unsigned int n;
	uint64_t rlen, wlen;
};

struct rd_queue {
	uint16_t size, max, msix;
	uint16_t msix_shown;	/* live-vector-latched: what the register reads after a live write */
	bool msix_latched;
	bool enabled, pending, wedged;
	uint64_t desc, driver, device;
	uint16_t last_avail, used_idx;
	uint16_t *visit;	/* exactly `size` entries (crash-desc-loop scratch) */
	int32_t ro_notify_off;	/* ro-writable override, -1 = none */
	/* packed ring and notification data (refdev_packed.c) */
	bool avail_wrap, used_wrap, sig_wrap, nd_seen, nd_wrap;
	uint16_t nd_off, sig_pos, prev_used;
	bool held;		/* in-order-swapped: a completion held back */
	uint16_t held_head, held_ndesc;
	uint32_t held_written;
	uint32_t used_count, sig_count;
	bool vu_held;		/* disabled by a vhost-user front end (SET_VRING_ENABLE 0): not processed */
};

struct refdev;
struct rd_type {
	const char *name;
	uint16_t id;
	uint32_t class_code;
	unsigned int nq;
	uint16_t cfg_len;
	uint64_t features[RD_FWORDS];	/* offered, besides the transport's */
	void (*init)(struct refdev *d);
	void (*queue)(struct refdev *d, unsigned int qi);
	void (*deliver)(struct refdev *d);	/* pending rx work, may be NULL */
	bool (*features_ok)(struct refdev *d, const uint64_t *f);	/* f: RD_FWORDS words */
	/* Driver write to the device configuration; NULL: it is read-only. */
	void (*cfg_write)(struct refdev *d, uint64_t off, uint64_t val, size_t width);
};

/* Per-type model state beyond the configuration image (refdev_types.c). */
struct rd_tstate {
	/* scsi */
	bool scsi_dropped;	/* events lost for want of eventq buffers, not flagged yet */
	bool scsi_lun2;		/* the host hot-plugged target 0 LUN 2 */
	/* balloon: the last statistics received (all ones: not supplied), the buffer held for the next request */
	uint64_t bstat[10];
	uint64_t bstat_updates;
	bool bstat_held;
	uint16_t bstat_head, bstat_ndesc;
	uint32_t hint_last;	/* the last command id handed out (0: none yet) */
	uint32_t hint_rx;	/* the command id the driver said it hints for */
	struct { uint64_t addr; uint32_t len; } hinted[16];
	unsigned int nhinted;
	/* input: events of the current report waiting for eventq buffers */
	uint8_t ievt[32][8];
	unsigned int nievt;
	/* gpu: live 2D resources; a fenced command held back (gpu-fence-early) */
	uint32_t gpu_res[16];
	uint8_t gpu_late[32];
	bool gpu_late_set;
};

struct refdev {
	struct vct_transport t;
	const struct rd_type *ty;
	uint64_t quirks[RD_QWORDS];
	bool async;
	bool drop_unoffered;	/* ",drop-unoffered": driver_feature ignores unoffered bits */
	bool phys_dma;		/* ",phys-dma": no ACCESS_PLATFORM; addresses are physical, the IOMMU is bypassed */
	bool dma_whole;		/* an access whose range is not wholly mapped moves nothing (vct_refdev_dma_whole) */
	struct rd_admin *admin;	/* ",admin": group owner with one admin queue */
	unsigned int admin_qi;	/* its index, after the device type's queues */

	uint8_t cfg[RD_CFG_SIZE], wmask[RD_CFG_SIZE];

	/* virtio common state */
	uint64_t dev_features[RD_FWORDS], drv_features[RD_FWORDS], negotiated[RD_FWORDS];
	uint32_t dfsel, gfsel;
	uint16_t config_msix, qsel;
	uint8_t status, gen, isr;
	bool intx_line;		/* intx-no-isr-bit: INTx asserted without an ISR bit */
	bool intx_latched;	/* intx-status-stuck: the PCI Status bit, once set */
	uint16_t qmsix_shared;	/* msix-vector-shared: the one queue vector latch */
	uint32_t vendor_counter;	/* vendor-data-counter */
	uint32_t dfsel_shown;	/* feature-window-lag: the window device_feature shows */
	uint64_t fok_accepted[RD_FWORDS];	/* renegotiation-refused: a set already accepted (0 = none) */
	bool cfg_change_pending;	/* a host-side change that arrived while suspended */
	bool status_sticky;
	uint8_t status_sticky_val;
	unsigned int nq;
	struct rd_queue q[RD_MAXQ];
	/* ro-writable overrides */
	int32_t ro_numq, ro_gen;
	uint32_t ro_feat[2 * RD_FWORDS];
	bool ro_feat_set[2 * RD_FWORDS];

	uint8_t devcfg[256];

	/* MSI-X */
	unsigned int ntab;
	uint8_t msix_table[RD_MAXVEC][16];
	uint64_t pba;
	int efd[RD_MAXVEC];

	/* DMA */
	struct rd_map *maps;
	size_t nmaps, capmaps;
	struct vct_refdev_stats stats;
	struct rd_seg *segs;

	uint64_t rng;

	/* blk */
	uint8_t *disk;
	bool blk_ro;		/* ",ro": VIRTIO_BLK_F_RO, every write refused */
	struct rd_zoned *zn;	/* ",zoned": the zone model (refdev_zoned.c), NULL otherwise */

	/* net (refdev_net.c) */
	struct rd_net net;

	/* console */
	uint8_t cbl[CON_BACKLOG];
	unsigned int cbl_len;
	uint8_t cctl[CON_CTRL_MAX][8];	/* MULTIPORT: control messages waiting for a c_ivq buffer */
	unsigned int cctl_n;
	bool port_added;		/* port 0 announced (DEVICE_ADD) and not removed */
	uint8_t emerg[CON_EMERG_LOG];	/* the host's log of emerg_wr bytes */
	unsigned int emerg_n;

	/* host side (host actions, hostact.h) */
	struct vct_host host;
	uint8_t devcfg0[256];	/* configuration as the host first set it: what restore returns to (as devcfg) */
	bool paused;		/* the host stopped the device: no queue work until resume */
	bool latched_fault;	/* quirk wedge-on-loop: no queue work until a function-level reset */
	bool unplugged;		/* pulled by the host: the function answers all ones */
	bool inject_err;	/* the next block request fails with IOERR */
	unsigned int late_reads; /* config-gen-early: device-config reads until the late field lands */
	uint32_t late_val;
	uint64_t unplug_at_ms;	/* ",unplug-after=MS": pulled that long after open (0: never) */
	bool pulled;		/* that happened: not undone by a check's restore */
	int host_fifo;		/* ",host-fifo=PATH": action lines from an outside host (a hook), -1: none */

	/* crypto: the sessions (refdev_crypto.c, allocated on first use); mem: plugged blocks */
	struct rd_crypto *crypto;
	struct rd_netadm *netadm;	/* net with ",admin": flow filter and IPsec objects (refdev_netadm.c) */
	struct rd_fs *fs;	/* fs: the file system and its session (refdev_fs.c), allocated on first use */
	struct rd_gpio *gpio;	/* gpio: the lines and held eventq pairs (refdev_gpio.c), allocated at init */
	struct rd_i2c *i2c;	/* i2c: the EEPROM on the bus (refdev_i2c.c), allocated at init */
	struct rd_vsock *vsock;	/* vsock: replies waiting for rx buffers (refdev_vsock.c), allocated at init */
	struct rd_rtc *rtc;	/* rtc: alarms and the quirks' memory (refdev_rtc.c), allocated at init */
	/* sound (refdev_snd.c): each of the two streams' place in the PCM lifecycle; a release's I/O flushed late */
	uint8_t snd_state[2];
	bool snd_late[2];
	struct rd_rpmb *rpmb;	/* rpmb: key, write counter and data (refdev_rpmb.c), allocated at init */
	bool rpmb_unkeyed;	/* ",unkeyed": a blank part, no authentication key programmed */
	bool rtc_alarm_kept;	/* ",alarm-kept": alarm time and enable kept over a reset */
	uint64_t mem_plugged[2];

	/* scsi, balloon, input, gpu: the state of their models (refdev_types.c) */
	struct rd_tstate ts;
	uint8_t *mem_ram;	/* mem: the region's memory (reserved, touched pages only), NULL until mapped */
};

#define RD(tp) ((struct refdev *)((char *)(tp) - offsetof(struct refdev, t)))

static inline bool QK(const struct refdev *d, enum rd_quirk q)
{
	return (d->quirks[q / 64] >> (q % 64)) & 1;
}

static inline bool NEG(const struct refdev *d, unsigned int bit)
{
	return feat_has(d->negotiated, bit);
}

/* ---- little helpers ----------------------------------------------------- */

static void put16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }

static uint64_t rng_next(struct refdev *d)
{
	/* xorshift64* */
	uint64_t x = d->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	d->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* ---- DMA ---------------------------------------------------------------- */

static struct rd_map *dma_find(struct refdev *d, uint64_t iova)
{
	for (size_t i = 0; i < d->nmaps; i++)
		if (iova >= d->maps[i].iova && iova - d->maps[i].iova < d->maps[i].size)
			return &d->maps[i];
	return NULL;
}

/* Does [iova, iova + len) lie wholly in mapped memory? */
static bool dma_covered(struct refdev *d, uint64_t iova, uint64_t len)
{
	while (len) {
		struct rd_map *m = dma_find(d, iova);
		uint64_t n;

		if (!m)
			return false;
		n = m->size - (iova - m->iova);
		if (n >= len)
			return true;
		if (iova + n < iova)
			return false;
		iova += n;
		len -= n;
	}
	return true;
}

/* Every guest-memory access of the device goes through here. */
static int dma_rw(struct refdev *d, uint64_t iova, void *buf, size_t len, bool write)
{
	uint8_t *b = buf;

	/* Served over vhost-user: the whole range is translated before any byte moves (refdev_vu.c). */
	if (d->dma_whole && !dma_covered(d, iova, len)) {
		d->stats.dma_faults++;
		return -EFAULT;
	}

	while (len) {
		struct rd_map *m = dma_find(d, iova);
		uint64_t n;

		if (!m) {
			d->stats.dma_faults++;
			return -EFAULT;
		}
		n = m->size - (iova - m->iova);
		if (n > len)
			n = len;
		if (write)
			memcpy(m->vaddr + (iova - m->iova), b, n);
		else
			memcpy(b, m->vaddr + (iova - m->iova), n);
		b += n;
		len -= n;
		iova += n;
		if (!iova && len) {	/* wrapped around the address space */
			d->stats.dma_faults++;
			return -EFAULT;
		}
	}
	return 0;
}

static int dma_read16(struct refdev *d, uint64_t iova, uint16_t *v)
{
	uint8_t b[2];
	int r = dma_rw(d, iova, b, 2, false);

	*v = r ? 0 : get16(b);
	return r;
}

static int dma_write16(struct refdev *d, uint64_t iova, uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	return dma_rw(d, iova, b, 2, true);
}

static int dma_zero(struct refdev *d, uint64_t iova, uint64_t len)
{
	static const uint8_t z[512];

	while (len) {
		size_t n = len > sizeof(z) ? sizeof(z) : len;
		int r = dma_rw(d, iova, (void *)z, n, true);

		if (r)
			return r;
		iova += n;
		len -= n;
	}
	return 0;
}

/* Read @len bytes at offset @off of the chain's device-readable stream. */
static int chain_read(struct refdev *d, const struct rd_chain *c, uint64_t off, void *buf, size_t len)
{
	uint8_t *b = buf;

	if (off + len > c->rlen)
		return -ENOSPC;
	for (unsigned int i = 0; i < c->n && len; i++) {
		const struct rd_seg *s = &c->seg[i];
		uint64_t n;
		int r;

		if (s->w)
			break;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off;
		if (n > len)
			n = len;
		r = dma_rw(d, s->addr + off, b, n, false);
		if (r)
			return r;
		b += n;
		len -= n;
		off = 0;
	}
	return 0;
}

/* Write @len bytes (or zeroes if @buf is NULL) at @off of the writable stream. */
static int chain_write(struct refdev *d, const struct rd_chain *c, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	if (off + len > c->wlen)
		return -ENOSPC;
	for (unsigned int i = 0; i < c->n && len; i++) {
		const struct rd_seg *s = &c->seg[i];
		uint64_t n;
		int r;

		if (!s->w)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off;
		if (n > len)
			n = len;
		r = b ? dma_rw(d, s->addr + off, (void *)b, n, true) : dma_zero(d, s->addr + off, n);
		if (r)
			return r;
		if (b)
			b += n;
		len -= n;
		off = 0;
	}
	return 0;
}

/* ---- interrupts --------------------------------------------------------- */

static bool msix_enabled(const struct refdev *d)
{
	return d->cfg[CAP_MSIX + 3] & 0x80;
}

static bool msix_fmasked(const struct refdev *d)
{
	return d->cfg[CAP_MSIX + 3] & 0x40;
}

static void fire_vector(struct refdev *d, uint16_t vec)
{
	uint64_t one = 1;

	if (!msix_enabled(d) || vec >= d->ntab)
		return;		/* INTx: ISR carries it (status bit 3 follows ISR) */
	if (msix_fmasked(d) || (d->msix_table[vec][12] & 1)) {
		d->pba |= 1ULL << vec;
		return;
	}
	if (d->efd[vec] >= 0 && write(d->efd[vec], &one, sizeof(one)) < 0) {
		/* eventfd counter saturated: the vector is pending anyway */
	}
}

static void msix_unmask_check(struct refdev *d)
{
	for (unsigned int v = 0; v < d->ntab; v++)
		if ((d->pba >> v) & 1 && !msix_fmasked(d) && !(d->msix_table[v][12] & 1)) {
			d->pba &= ~(1ULL << v);
			fire_vector(d, (uint16_t)v);
		}
}

static void irq_queue(struct refdev *d, struct rd_queue *q)
{
	if (QK(d, Q_USED_NOTIFY_LOST))
		return;
	if (!msix_enabled(d)) {
		d->intx_latched = true;
		if (QK(d, Q_INTX_NO_ISR_BIT)) {
			d->intx_line = true;
			return;
		}
	}
	d->isr |= 1;
	fire_vector(d, q->msix == NO_VECTOR && QK(d, Q_MSIX_UNMAPPED_FIRES) ? 0 : q->msix);
}

static void irq_config(struct refdev *d)
{
	if (!QK(d, Q_CONFIG_IRQ_NO_ISR))
		d->isr |= 2;
	/* config-irq-no-vector: an unmapped config vector falls back to vector 0 */
	fire_vector(d, d->config_msix == NO_VECTOR && QK(d, Q_CONFIG_IRQ_NO_VECTOR) ? 0 : d->config_msix);
}

/* Device-specific configuration changed (several fields may have). */
static void config_changed(struct refdev *d)
{
	/* config-gen-after-driver-ok: only a change the driver is notified of moves the generation */
	if (!QK(d, Q_CONFIG_GEN_STUCK) && (!QK(d, Q_CONFIG_GEN_AFTER_DRIVER_OK) || (d->status & S_DRIVER_OK)))
		d->gen++;
	if ((d->status & S_SUSPEND) && !QK(d, Q_SUSPEND_NOTIFIES)) {
		d->cfg_change_pending = true;	/* notified at resume */
		return;
	}
	if (d->status & (S_DRIVER_OK | S_SUSPEND))
		irq_config(d);
}

/* A fatal error: the device needs a reset. */
static void rd_fatal(struct refdev *d, struct rd_queue *q)
{
	if (QK(d, Q_NO_NEEDS_RESET)) {
		q->wedged = true;
		return;
	}
	if (d->status & S_NEEDS_RESET)
		return;
	d->status |= S_NEEDS_RESET;
	if ((d->status & S_DRIVER_OK) && !QK(d, Q_NEEDS_RESET_SILENT))
		irq_config(d);
}

/* ---- packed virtqueue, device side --------------------------------------- */

/*
 * The fragile variants' descriptor walker faults (robustness), shared by both
 * ring formats: called for each descriptor the walker takes, before it is
 * judged. @seen_w: a writable one came earlier in the list.
 */
static void rd_fragile_desc(struct refdev *d, uint64_t addr, uint32_t len, bool w, bool seen_w)
{
	if (len >= 0x80000000u && QK(d, Q_CRASH_HUGE_LEN))
		vct_device_dies("refdev: the device's process died of SIGSEGV in its descriptor walker "
				"(quirk crash-huge-len: a descriptor of %u bytes went negative as a signed length)", len);
	if (!w && seen_w && QK(d, Q_CORRUPT_READABLE_TAIL)) {
		uint8_t ff = 0xff;

		if (!dma_rw(d, addr, &ff, 1, true))
			d->stats.illegal_writes++;
	}
}

#define RD_PACKED_IMPL
#include "refdev_packed.c"

/* ---- split virtqueue, device side --------------------------------------- */

static bool can_process(const struct refdev *d, const struct rd_queue *q)
{
	if (d->paused || d->unplugged || d->latched_fault || q->vu_held)
		return false;
	if (QK(d, Q_RESET_NOT_QUIET) && !d->status && q->enabled && q->size)
		return true;
	if (d->status & S_NEEDS_RESET)
		return false;
	if (d->status & S_SUSPEND) {
		if (!QK(d, Q_SUSPEND_KEEPS_RUNNING))
			return false;
	} else if (!(d->status & S_DRIVER_OK) && !QK(d, Q_PROCESS_BEFORE_DRIVER_OK)) {
		return false;
	}
	if (q->wedged || !q->size)
		return false;
	return q->enabled || QK(d, Q_IGNORE_QUEUE_ENABLE);
}

/* 1: a chain was taken; 0: ring empty; -1: fatal error (flagged); -2: wedged */
static int rd_pop(struct refdev *d, struct rd_queue *q, struct rd_chain *c)
{
	uint16_t aidx, head, i;
	uint64_t table;
	uint32_t tsize, count = 0, depth = 0;
	bool in_ind = false, seen_w = false;

	if (NEG(d, F_RING_PACKED))
		return rd_pop_packed(d, q, c);
	if (dma_read16(d, q->driver + 2, &aidx))
		goto fatal;
	rd_nd_limit(d, q, &aidx);
	if (aidx == q->last_avail)
		return 0;
	if ((uint16_t)(aidx - q->last_avail) > q->size)
		goto fatal;	/* the driver moved avail idx by more than the ring holds */
	if (dma_read16(d, q->driver + 4 + 2ULL * (q->last_avail % q->size), &head))
		goto fatal;
	if (head >= q->size)
		goto fatal;

	memset(c, 0, sizeof(*c));
	c->head = head;
	c->seg = d->segs;
	table = q->desc;
	tsize = q->size;
	i = head;
	for (;;) {
		uint8_t raw[16];
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;

		if (++count > tsize) {
			/* A loop (or a chain longer than its table). */
			if (QK(d, Q_WEDGE_ON_LOOP))
				d->latched_fault = true;
			if (QK(d, Q_CRASH_DESC_LOOP) && !in_ind && q->visit) {
				/* Quirk: the loop "diagnostic" dumps the visited
				 * indices and reads one past the array. */
				volatile uint16_t last = q->visit[count - 1];
				(void)last;
			}
			goto fatal;
		}
		if (!in_ind && q->visit && count - 1 < q->size)
			q->visit[count - 1] = i;
		if (dma_rw(d, table + 16ULL * i, raw, 16, false))
			goto fatal;
		addr = get64(raw);
		len = get32(raw + 8);
		flags = get16(raw + 12);
		next = get16(raw + 14);

		if (flags & D_INDIRECT) {
			if (!NEG(d, F_INDIRECT) && !QK(d, Q_INDIRECT_NESTED_ACCEPT))
				goto fatal;
			if ((flags & D_WRITE) && QK(d, Q_INDIRECT_WRITE_FLAG_FATAL))
				goto fatal;
			if (in_ind && !QK(d, Q_INDIRECT_NESTED_ACCEPT))
				goto fatal;
			if (!in_ind && (flags & D_NEXT))
				goto fatal;
			if (!len || len % 16 || ++depth > 4)
				goto fatal;
			table = addr;
			tsize = len / 16;
			i = 0;
			count = 0;
			in_ind = true;
			continue;
		}
		if (c->n >= RD_MAX_SEGS)
			goto fatal;
		rd_fragile_desc(d, addr, len, flags & D_WRITE, seen_w);
		if (flags & D_WRITE) {
			seen_w = true;
			c->wlen += len;
		} else {
			if (seen_w)
				goto fatal;	/* readable after writable */
			c->rlen += len;
		}
		c->seg[c->n].addr = addr;
		c->seg[c->n].len = len;
		c->seg[c->n].w = flags & D_WRITE;
		c->n++;
		if (c->rlen + c->wlen > 0xffffffffULL)
			goto fatal;
		if (!(flags & D_NEXT))
			break;
		if (in_ind && QK(d, Q_INDIRECT_NEXT_WRONG)) {
			/* Quirk: resolve `next` in the main table. */
			table = q->desc;
			tsize = q->size;
			in_ind = false;
			count = 0;
		}
		i = next;
		if (i >= tsize)
			goto fatal;
	}
	if (QK(d, Q_HANG_LONG_CHAIN) && c->n > 8) {
		q->wedged = true;
		return -2;
	}
	q->last_avail++;
	d->stats.requests++;
	return 1;
fatal:
	rd_fatal(d, q);
	return -1;
}

static int rd_push_one(struct refdev *d, struct rd_queue *q, uint32_t id, uint32_t len)
{
	uint8_t e[8];

	put32(e, id);
	put32(e + 4, len);
	if (dma_rw(d, q->device + 4 + 8ULL * (q->used_idx % q->size), e, 8, true))
		return -EFAULT;
	q->used_idx += QK(d, Q_USED_IDX_JUMP) ? 2 : 1;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return dma_write16(d, q->device + 2, q->used_idx);
}

/* Return a chain to the driver with @written bytes written into it. */
static int rd_complete(struct refdev *d, struct rd_queue *q, const struct rd_chain *c, uint32_t written)
{
	uint32_t len = written, id = c->head;
	int r;

	if (QK(d, Q_WRITE_READABLE)) {
		for (unsigned int i = 0; i < c->n; i++) {
			uint8_t b;

			if (c->seg[i].w || !c->seg[i].len)
				continue;
			if (!dma_rw(d, c->seg[i].addr, &b, 1, false)) {
				b ^= 0x5a;
				dma_rw(d, c->seg[i].addr, &b, 1, true);
			}
			d->stats.illegal_writes++;
			break;
		}
	}
	for (unsigned int i = 0; i < c->n; i++) {
		const struct rd_seg *s = &c->seg[i];
		bool last_w = s->w && (i + 1 == c->n);

		if (QK(d, Q_WRITE_PAST_LEN) && last_w) {
			static const uint8_t junk[4] = { 0xee, 0xee, 0xee, 0xee };

			dma_rw(d, s->addr + s->len, (void *)junk, 4, true);
			d->stats.illegal_writes++;
		}
		if (QK(d, Q_STRAY_WRITE_ODD) && s->w && (s->len & 1)) {
			uint8_t junk = 0xcc;

			dma_rw(d, s->addr + s->len, &junk, 1, true);
			d->stats.illegal_writes++;
		}
	}
	if (QK(d, Q_USED_LEN_LONG))
		len += 8;
	if (QK(d, Q_USED_LEN_READ) && !c->wlen)
		len = (uint32_t)c->rlen;
	if (QK(d, Q_USED_LEN_SHORT) && len)
		len--;
	if (QK(d, Q_USED_LEN_ZERO))
		len = 0;
	if (QK(d, Q_USED_ID_UNAVAILABLE))
		id = (id + 1) % q->size;
	if (NEG(d, F_RING_PACKED)) {
		r = rd_push_packed(d, q, c, id, len);
		if (!r && QK(d, Q_USED_ID_TWICE))
			r = rd_push_packed(d, q, c, id, len);
		return r;
	}
	if (QK(d, Q_DESC_TABLE_SCRIBBLE)) {
		uint8_t l[4];

		put32(l, len);
		dma_rw(d, q->desc + 16ULL * c->head + 8, l, 4, true);
	}
	r = rd_push_one(d, q, id, len);
	if (!r && QK(d, Q_USED_ID_TWICE))
		r = rd_push_one(d, q, id, len);
	return r;
}

static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* After a batch: publish avail_event and decide about the interrupt. */
static void rd_batch_done(struct refdev *d, struct rd_queue *q, uint16_t old_used)
{
	bool need;

	if (NEG(d, F_RING_PACKED)) {
		rd_batch_done_packed(d, q);
		return;
	}
	if ((d->status & S_NEEDS_RESET) && q->used_idx == old_used)
		return;
	if (QK(d, Q_USED_FLAGS_GARBAGE))
		dma_write16(d, q->device, 2);
	else if (QK(d, Q_USED_FLAGS_WITH_EVENT_IDX) && NEG(d, F_EVENT_IDX))
		dma_write16(d, q->device, 1);
	if (NEG(d, F_EVENT_IDX))
		dma_write16(d, q->device + 4 + 8ULL * q->size, q->last_avail);
	if (q->used_idx == old_used)
		return;
	if (NEG(d, F_EVENT_IDX)) {
		uint16_t ue;

		if (dma_read16(d, q->driver + 4 + 2ULL * q->size, &ue))
			return;
		if (QK(d, Q_EVENT_IDX_LATE))
			ue++;
		need = need_event(ue, q->used_idx, old_used) || QK(d, Q_EVENT_IDX_IGNORE);
		if (QK(d, Q_NO_INTERRUPT_WITH_EVENT_IDX)) {
			uint16_t flags;

			if (!dma_read16(d, q->driver, &flags) && (flags & AVAIL_F_NO_INTERRUPT))
				need = false;
		}
	} else {
		uint16_t flags;

		if (dma_read16(d, q->driver, &flags))
			return;
		need = !(flags & AVAIL_F_NO_INTERRUPT) || QK(d, Q_NO_INTERRUPT_IGNORE);
		if (QK(d, Q_USED_EVENT_WITHOUT_EVENT_IDX)) {
			uint16_t ue;

			if (!dma_read16(d, q->driver + 4 + 2ULL * q->size, &ue) && !need_event(ue, q->used_idx, old_used))
				need = false;
		}
	}
	if (need)
		irq_queue(d, q);
}

static bool rd_has_avail(struct refdev *d, struct rd_queue *q);

/* framing-assumed: the request header a type's parser wants in the first descriptor. */
static uint32_t rd_hdr_len(const struct refdev *d)
{
	return d->ty->id == ID_BLK ? 16 : d->ty->id == ID_NET ? 12 : 0;	/* virtio_net_hdr */
}

/*
 * Handler for one request: sets *written, returns 0 or <0 for a fatal error,
 * or RD_KEPT when the model keeps the chain to complete it later (fs: a
 * SETLKW waiting for its lock).
 */
#define RD_KEPT 0x4b455054
typedef int (*rd_req_fn)(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written);

static void rd_serve(struct refdev *d, unsigned int qi, rd_req_fn fn)
{
	struct rd_queue *q = &d->q[qi];
	uint16_t old = q->used_idx;

	bool swapped = false;

	if (q->held) {
		/* in-order-swapped: the buffer held back last time goes now, after its successor. */
		struct rd_chain h = { .head = q->held_head, .ndesc = q->held_ndesc };

		q->held = false;
		if (rd_complete(d, q, &h, q->held_written) < 0)
			rd_fatal(d, q);
	}
	for (unsigned int guard = 0; guard < 65536 && can_process(d, q); guard++) {
		struct rd_chain c;
		uint32_t written = 0;
		int r;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (QK(d, Q_FRAMING_ASSUMED) && c.n > 1 && c.seg[0].len < rd_hdr_len(d)) {
			rd_fatal(d, q);
			break;
		}
		r = fn(d, qi, &c, &written);
		if (r < 0) {
			rd_fatal(d, q);
			break;
		}
		if (r == RD_KEPT)
			continue;
		if (QK(d, Q_IN_ORDER_SWAPPED) && NEG(d, F_IN_ORDER) && guard == 0 && rd_has_avail(d, q)) {
			/* Hold the first buffer back; its successor is used first. */
			q->held = true;
			q->held_head = c.head;
			q->held_ndesc = c.ndesc;
			q->held_written = written;
			swapped = true;
			continue;
		}
		if (rd_complete(d, q, &c, written) < 0) {
			rd_fatal(d, q);
			break;
		}
		if (swapped)
			break;	/* the rest on the next notification or poll */
	}
	if (q->held && !swapped)
		q->held = false;
	rd_batch_done(d, q, old);
}

/* ---- administration virtqueue (commands in refdev_admin.c) ------------- */

struct admin_job {
	struct rd_chain c;
	uint8_t *in;
	size_t inlen;
};

/* Pop one chain and keep what execution needs past the next pop. */
static int admin_take(struct refdev *d, struct rd_queue *q, struct admin_job *j)
{
	int r = rd_pop(d, q, &j->c);

	if (r <= 0)
		return r;
	j->inlen = j->c.rlen < RD_ADMIN_IO_MAX ? (size_t)j->c.rlen : RD_ADMIN_IO_MAX;
	j->in = malloc(j->inlen ? j->inlen : 1);
	j->c.seg = malloc(sizeof(*j->c.seg) * (j->c.n ? j->c.n : 1));
	if (!j->in || !j->c.seg) {
		free(j->in);
		free(j->c.seg);
		return -1;
	}
	memcpy(j->c.seg, d->segs, sizeof(*j->c.seg) * j->c.n);
	if (chain_read(d, &j->c, 0, j->in, j->inlen)) {
		free(j->in);
		free(j->c.seg);
		return -1;
	}
	return 1;
}

static int admin_run(struct refdev *d, struct rd_queue *q, struct admin_job *j)
{
	uint8_t *out = calloc(1, RD_ADMIN_IO_MAX);
	uint32_t n;
	int r = -1;

	if (out) {
		n = rd_admin_exec(d->admin, j->in, j->inlen, out, j->c.wlen);
		r = chain_write(d, &j->c, 0, out, n);
		if (!r)
			r = rd_complete(d, q, &j->c, n);
	}
	free(out);
	free(j->in);
	free(j->c.seg);
	return r;
}

static void admin_queue(struct refdev *d, unsigned int qi)
{
	struct rd_queue *q = &d->q[qi];
	uint16_t old = q->used_idx;

	for (unsigned int guard = 0; guard < 65536 && can_process(d, q); guard++) {
		struct admin_job j[2];
		int r = admin_take(d, q, &j[0]), r2 = 0;

		if (r <= 0)
			break;
		/* Quirk: the second of two queued commands overtakes the first. */
		if (QK(d, Q_ADMIN_OUT_OF_ORDER) && (r2 = admin_take(d, q, &j[1])) == 1 &&
		    admin_run(d, q, &j[1])) {
			admin_run(d, q, &j[0]);
			rd_fatal(d, q);
			break;
		}
		if (admin_run(d, q, &j[0]) || r2 < 0) {
			rd_fatal(d, q);
			break;
		}
	}
	rd_batch_done(d, q, old);
}

static void run_queue(struct refdev *d, unsigned int qi)
{
	struct rd_queue *q = &d->q[qi];

	if (!can_process(d, q)) {
		q->pending = true;	/* retried at DRIVER_OK / poll */
		return;
	}
	q->pending = false;
	if (d->admin && qi == d->admin_qi)
		admin_queue(d, qi);
	else
		d->ty->queue(d, qi);
}

static void run_all(struct refdev *d)
{
	for (unsigned int i = 0; i < d->nq; i++)
		if (d->q[i].pending || d->q[i].enabled)
			run_queue(d, i);
	if (d->ty->deliver)
		d->ty->deliver(d);
}

/* ---- rng ---------------------------------------------------------------- */

static int rng_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t buf[256];
	uint64_t off = 0;

	while (off < c->wlen) {
		size_t n = c->wlen - off > sizeof(buf) ? sizeof(buf) : c->wlen - off;
		int r;

		for (size_t i = 0; i < n; i += 8) {
			uint64_t x = rng_next(d);

			memcpy(buf + i, &x, n - i < 8 ? n - i : 8);
		}
		r = chain_write(d, c, off, buf, n);
		if (r)
			return r;
		off += n;
	}
	*written = (uint32_t)c->wlen;
	return 0;
}

static void rng_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, rng_req);
}

static void rng_init(struct refdev *d)
{
	(void)d;
}

/* ---- blk ---------------------------------------------------------------- */

static uint64_t blk_capacity(const struct refdev *d)
{
	return get64(d->devcfg);
}

#define RD_ZONED_IMPL
#include "refdev_zoned.c"

static uint8_t blk_rw(struct refdev *d, const struct rd_chain *c, uint32_t type, uint64_t sector,
		      uint64_t dlen, int *err)
{
	uint64_t cap = blk_capacity(d), where;
	uint8_t st;

	if (type == BLK_T_OUT && d->blk_ro) {
		if (!QK(d, Q_BLK_RO_WRITE_STORED))
			return QK(d, Q_BLK_RO_WRITE_OK) ? BLK_S_OK : BLK_S_IOERR;
		if (!(dlen % 512 || sector > cap || dlen / 512 > cap - sector))
			*err = chain_read(d, c, 16, d->disk + sector * 512, dlen);
		return BLK_S_IOERR;	/* quirk: refused after the data went to the medium */
	}
	if (zn_active(d) && type == BLK_T_IN && zn_read(d, c, sector, dlen, &st, err))
		return st;
	if (zn_active(d) && type == BLK_T_OUT && (st = zn_write(d, c, sector, dlen, false, &where, err)) != 0xff)
		return st;
	if (dlen % 512 || sector > cap || dlen / 512 > cap - sector)
		return BLK_S_IOERR;
	if (type == BLK_T_IN) {
		*err = chain_write(d, c, 0, d->disk + sector * 512, dlen);
	} else {
		*err = chain_read(d, c, 16, d->disk + sector * 512, dlen);
	}
	return *err ? BLK_S_IOERR : BLK_S_OK;
}

static uint8_t blk_dwz(struct refdev *d, const struct rd_chain *c, uint32_t type, int *err)
{
	uint64_t plen = c->rlen - 16, cap = blk_capacity(d);
	unsigned int lim = type == BLK_T_DISCARD ? 36 : type == BLK_T_SECURE_ERASE ? 60 : 48;
	uint32_t maxsec = get32(d->devcfg + lim), maxseg = get32(d->devcfg + lim + 4);
	uint32_t known = QK(d, Q_BLK_DWZ_FLAGS_IGNORED) ? ~0u : 1u;
	uint8_t st = BLK_S_OK;

	if (!NEG(d, type == BLK_T_DISCARD ? BLK_F_DISCARD : type == BLK_T_SECURE_ERASE ? BLK_F_SECURE_ERASE
										 : BLK_F_WRITE_ZEROES))
		return BLK_S_UNSUPP;
	if (!plen || plen % 16 || plen / 16 > maxseg)
		return BLK_S_IOERR;
	for (uint64_t off = 16; off < c->rlen; off += 16) {
		uint8_t s[16];
		uint64_t sector;
		uint32_t num, flags;

		*err = chain_read(d, c, off, s, 16);
		if (*err)
			return BLK_S_IOERR;
		sector = get64(s);
		num = get32(s + 8);
		flags = get32(s + 12);
		if (flags & ~known || (type == BLK_T_DISCARD && (flags & 1) && !QK(d, Q_BLK_DISCARD_UNMAP_OK)))
			return BLK_S_UNSUPP;
		if (num > maxsec || sector > cap || num > cap - sector)
			st = BLK_S_IOERR;
	}
	if (st != BLK_S_OK)
		return st;
	if (d->blk_ro)
		return BLK_S_IOERR;	/* read-only: nothing of the medium changes */
	for (uint64_t off = 16; off < c->rlen; off += 16) {
		uint8_t s[16];

		*err = chain_read(d, c, off, s, 16);
		if (*err)
			return BLK_S_IOERR;
		if (get64(s) > cap || get32(s + 8) > cap - get64(s))
			return BLK_S_IOERR;
		if (type == BLK_T_WRITE_ZEROES && (get32(s + 12) & 1) && QK(d, Q_BLK_WZ_UNMAP_STALE))
			continue;
		if (type == BLK_T_SECURE_ERASE && zn_active(d))
			zn_erase(d, get64(s), get32(s + 8));
		memset(d->disk + get64(s) * 512, 0, (size_t)get32(s + 8) * 512);
	}
	return BLK_S_OK;
}

static int blk_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t hdr[16], st;
	uint64_t din;
	uint32_t type;
	uint64_t sector;
	int err = 0;

	if (!c->wlen)
		return 0;	/* nowhere to put a status: complete with len 0 */
	din = c->wlen - 1;
	if (c->rlen < 16) {
		st = BLK_S_IOERR;
		goto out;
	}
	err = chain_read(d, c, 0, hdr, 16);
	if (err)
		return err;
	type = get32(hdr);
	sector = get64(hdr + 8);
	if (d->inject_err) {
		/* the host's back end failed this one request (a per-request error status) */
		d->inject_err = false;
		st = BLK_S_IOERR;
		goto out;
	}
	switch (type) {
	case BLK_T_IN:
		st = blk_rw(d, c, type, sector, din, &err);
		if (st == BLK_S_OK)
			din = 0;	/* data area fully written */
		break;
	case BLK_T_OUT:
		if (QK(d, Q_BLK_WRITE_LOST)) {
			st = BLK_S_OK;	/* quirk: acknowledged, never stored */
			break;
		}
		st = blk_rw(d, c, type, sector, c->rlen - 16, &err);
		break;
	case BLK_T_FLUSH:
		st = NEG(d, BLK_F_FLUSH) ? BLK_S_OK : BLK_S_UNSUPP;
		break;
	case BLK_T_GET_ID: {
		char id[20] = BLK_ID_STRING;
		uint64_t n = din < 20 ? din : 20;

		err = chain_write(d, c, 0, id, n);
		if (!err)
			err = chain_write(d, c, n, NULL, din - n);
		st = BLK_S_OK;
		din = 0;
		break;
	}
	case BLK_T_DISCARD:
	case BLK_T_WRITE_ZEROES:
	case BLK_T_SECURE_ERASE:
		st = blk_dwz(d, c, type, &err);
		break;
	case BLK_T_GET_LIFETIME: {
		/* pre_eol_info NORMAL, 20 % and 30 % of the estimated life used */
		uint8_t lt[6];

		st = BLK_S_UNSUPP;
		if (!NEG(d, BLK_F_LIFETIME) || QK(d, Q_BLK_LIFETIME_UNSUPP) || din < sizeof(lt))
			break;
		put16(lt, 1);
		put16(lt + 2, QK(d, Q_BLK_LIFETIME_RESERVED) ? 12 : 2);
		put16(lt + 4, 3);
		err = chain_write(d, c, 0, lt, sizeof(lt));
		if (!err && din > sizeof(lt))
			err = chain_write(d, c, sizeof(lt), NULL, din - sizeof(lt));
		din = 0;
		st = BLK_S_OK;
		break;
	}
	case BLK_T_ZONE_REPORT:
		if (!zn_active(d))
			goto unsupp;
		st = zn_report(d, c, sector, din, &err);
		if (st == BLK_S_OK)
			din = 0;
		break;
	case BLK_T_ZONE_APPEND: {
		uint8_t where[8] = { 0 };
		uint64_t w = 0;

		if (!zn_active(d))
			goto unsupp;
		if (din < 8) {
			st = BLK_S_IOERR;
			break;
		}
		st = zn_write(d, c, sector, c->rlen - 16, true, &w, &err);
		if (st == 0xff)	/* a conventional zone taken as a plain write (blk-zoned-append-conv-ok) */
			st = blk_rw(d, c, BLK_T_OUT, sector, c->rlen - 16, &err);
		put64(where, w);
		if (st == BLK_S_OK && !err) {
			err = chain_write(d, c, din - 8, where, 8);
			din = 0;
		}
		break;
	}
	case BLK_T_ZONE_OPEN:
	case BLK_T_ZONE_CLOSE:
	case BLK_T_ZONE_FINISH:
	case BLK_T_ZONE_RESET:
	case BLK_T_ZONE_RESET_ALL:
		if (!zn_active(d))
			goto unsupp;
		st = zn_mgmt(d, type, sector);
		break;
	default:
	unsupp:
		/* zone requests (15..26): blk-zone-accepted completes them as no-ops */
		st = QK(d, Q_BLK_ZONE_ACCEPTED) && type >= 15 && type <= 26 ? BLK_S_OK : BLK_S_UNSUPP;
		break;
	}
	if (err == -EFAULT)
		return err;
out:
	/* Whatever of the data area was not produced is zeroed, so that
	 * len (the whole writable size) is an honest count. */
	if (din && chain_write(d, c, 0, NULL, din))
		return -EFAULT;
	if (chain_write(d, c, c->wlen - 1, &st, 1))
		return -EFAULT;
	*written = (uint32_t)c->wlen;
	return 0;
}

static void blk_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, blk_req);
}

static void blk_init(struct refdev *d)
{
	uint8_t *c = d->devcfg;
	uint32_t bs = QK(d, Q_BLK_SIZE_NPOT) ? 520 : QK(d, Q_BLK_SIZE_SMALL) ? 256 : 512;

	put64(c + 0, BLK_SECTORS);	/* capacity */
	put32(c + 8, 1u << 20);		/* size_max */
	if (QK(d, Q_BLK_PADDING_GARBAGE))
		c[33] = 0xa5;			/* unused0 */
	put32(c + 12, RD_QMAX - 2);	/* seg_max */
	put32(c + 20, bs);		/* blk_size */
	c[24] = 3;			/* physical_block_exp: 4 KiB */
	c[25] = 0;			/* alignment_offset */
	put16(c + 26, 1);		/* min_io_size */
	put32(c + 28, 8);		/* opt_io_size */
	put32(c + 36, BLK_SECTORS);	/* max_discard_sectors */
	put32(c + 40, 1);		/* max_discard_seg */
	put32(c + 44, 8);		/* discard_sector_alignment */
	put32(c + 48, BLK_SECTORS);	/* max_write_zeroes_sectors */
	put32(c + 52, 1);		/* max_write_zeroes_seg */
	c[56] = 1;			/* write_zeroes_may_unmap */
	c[32] = 1;			/* writeback: the cache starts in writeback mode */
	put32(c + 60, BLK_SECTORS);	/* max_secure_erase_sectors */
	put32(c + 64, 1);		/* max_secure_erase_seg */
	put32(c + 68, 8);		/* secure_erase_sector_alignment */
	if (d->zn)
		zn_config(d, true);
}

/* At FEATURES_OK: writeback 0 without FLUSH (D-9cbf8f5d); a host-managed zoned device needs ZONED (D-d0deb8de). */
static bool blk_features_ok(struct refdev *d, const uint64_t *f)
{
	if (feat_has(f, BLK_F_CONFIG_WCE) && !feat_has(f, BLK_F_FLUSH) && !QK(d, Q_BLK_WRITEBACK_NO_FLUSH))
		d->devcfg[32] = 0;
	else
		d->devcfg[32] = 1;
	if (!d->zn)
		return true;
	zn_config(d, feat_has(f, BLK_F_ZONED));
	return feat_has(f, BLK_F_ZONED) || d->zn->ha || QK(d, Q_BLK_ZN_HM_UNACCEPTED_OK);
}

/* The driver toggles the cache mode through writeback (CONFIG_WCE). */
static void blk_cfg_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	if (off == 32 && width == 1 && NEG(d, BLK_F_CONFIG_WCE))
		d->devcfg[32] = val ? 1 : 0;
}

/* ---- net (refdev_net.c) ----------------------------------------------------- */

#define RD_NET_IMPL
#include "refdev_net.c"
#include "refdev_netadm.c"

/* ---- console ------------------------------------------------------------ */

static void con_deliver(struct refdev *d)
{
	struct rd_queue *q = &d->q[0];
	uint16_t old = q->used_idx;

	if (!d->cbl_len || !can_process(d, q))
		return;
	while (d->cbl_len && can_process(d, q)) {
		struct rd_chain c;
		uint32_t n;

		if (rd_pop(d, q, &c) <= 0)
			break;
		n = c.wlen < d->cbl_len ? (uint32_t)c.wlen : d->cbl_len;
		if (chain_write(d, &c, 0, d->cbl, n) || rd_complete(d, q, &c, n)) {
			rd_fatal(d, q);
			break;
		}
		memmove(d->cbl, d->cbl + n, d->cbl_len - n);
		d->cbl_len -= n;
	}
	rd_batch_done(d, q, old);
}

static int con_tx(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t buf[512];

	*written = 0;
	for (uint64_t off = 0; off < c->rlen; off += sizeof(buf)) {
		size_t n = c->rlen - off > sizeof(buf) ? sizeof(buf) : c->rlen - off;
		size_t room = CON_BACKLOG - d->cbl_len;
		int r = chain_read(d, c, off, buf, n);

		if (r)
			return r;
		if (n > room)
			n = room;	/* overflow: dropped */
		memcpy(d->cbl + d->cbl_len, buf, n);
		d->cbl_len += n;
	}
	return 0;
}

/* MULTIPORT: a control message for the driver (id, event, value), held until c_ivq (queue 2) has a buffer. */
static void con_ctl_send(struct refdev *d, uint32_t id, uint16_t event, uint16_t value)
{
	if (d->cctl_n == CON_CTRL_MAX)
		return;
	put32(d->cctl[d->cctl_n], id);
	put16(d->cctl[d->cctl_n] + 4, event);
	put16(d->cctl[d->cctl_n] + 6, value);
	d->cctl_n++;
}

static void con_ctl_deliver(struct refdev *d)
{
	struct rd_queue *q = &d->q[2];
	uint16_t old = q->used_idx;

	if (!NEG(d, CON_F_MULTIPORT) || !d->cctl_n || !can_process(d, q))
		return;
	while (d->cctl_n && can_process(d, q)) {
		struct rd_chain c;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (c.wlen < 8) {
			rd_unpop(d, q, &c);
			break;
		}
		if (chain_write(d, &c, 0, d->cctl[0], 8) || rd_complete(d, q, &c, 8)) {
			rd_fatal(d, q);
			break;
		}
		memmove(d->cctl[0], d->cctl[1], (size_t)(--d->cctl_n) * 8);
	}
	rd_batch_done(d, q, old);
}

/* c_ovq (queue 3): the driver's control messages. DEVICE_READY announces port 0; PORT_READY opens it. */
static int con_ctl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t m[8];
	int r;

	*written = 0;
	if (c->rlen < 8)
		return 0;
	r = chain_read(d, c, 0, m, 8);
	if (r)
		return r;
	if (get16(m + 4) == 0 && get16(m + 6) == 1) {		/* VIRTIO_CONSOLE_DEVICE_READY */
		con_ctl_send(d, 0, 1, 0);			/* VIRTIO_CONSOLE_DEVICE_ADD */
		d->port_added = true;
		if (QK(d, Q_CONSOLE_ADD_BEYOND))
			con_ctl_send(d, get32(d->devcfg + 4), 1, 0);
	} else if (get16(m + 4) == 3 && get32(m) == 0 && get16(m + 6) == 1) {	/* PORT_READY */
		con_ctl_send(d, 0, 4, 1);			/* VIRTIO_CONSOLE_CONSOLE_PORT */
		con_ctl_send(d, 0, 6, 1);			/* VIRTIO_CONSOLE_PORT_OPEN */
	}
	return 0;
}

static void con_queue(struct refdev *d, unsigned int qi)
{
	if (qi == 1)
		rd_serve(d, qi, con_tx);
	else if (qi == 3 && NEG(d, CON_F_MULTIPORT))
		rd_serve(d, qi, con_ctl);
	con_deliver(d);
	con_ctl_deliver(d);
}

static void con_deliver_all(struct refdev *d)
{
	con_deliver(d);
	con_ctl_deliver(d);
}

/* emerg_wr: the low byte goes to the host's output (D-803b1ded), kept for `query console-output`. */
static void con_cfg_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	if (off != 8 || width < 1 || QK(d, Q_CONSOLE_EMERG_DROPPED))
		return;
	if (d->emerg_n == CON_EMERG_LOG) {
		memmove(d->emerg, d->emerg + 1, CON_EMERG_LOG - 1);
		d->emerg_n--;
	}
	d->emerg[d->emerg_n++] = (uint8_t)val;
}

static void con_init(struct refdev *d)
{
	put16(d->devcfg + 0, 80);	/* cols */
	put16(d->devcfg + 2, 25);	/* rows */
	put32(d->devcfg + 4, 1);	/* max_nr_ports: port 0 only (queues 0, 1 and the control pair 2, 3) */
}

#define RD_TYPES_IMPL
#include "refdev_types.c"
#include "refdev_mem.c"
#include "refdev_cryptalg.c"
#include "refdev_crypto.c"
#include "refdev_fs.c"
#include "refdev_gpio.c"
#include "refdev_i2c.c"
#include "refdev_vsock.c"
#include "refdev_spi.c"
#include "refdev_rtc.c"
#include "refdev_rpmb.c"
#include "refdev_snd.c"

#define RD_TYPE_NAMES "rng, blk, net, console, scsi, balloon, input, gpu, crypto, mem, pmem, 9p, fs, gpio, i2c, vsock, spi, rtc, rpmb, sound"

static const struct rd_type rd_types[] = {
	{ "rng", ID_RNG, 0x00ff00, 1, 0, { 0 }, rng_init, rng_queue, NULL, NULL, NULL },
	{ "blk", ID_BLK, 0x010000, 1, 96,
	  { BIT(BLK_F_SIZE_MAX) | BIT(BLK_F_SEG_MAX) | BIT(BLK_F_BLK_SIZE) | BIT(BLK_F_FLUSH) |
		    BIT(BLK_F_TOPOLOGY) | BIT(BLK_F_CONFIG_WCE) | BIT(BLK_F_DISCARD) | BIT(BLK_F_WRITE_ZEROES) |
		    BIT(BLK_F_LIFETIME) | BIT(BLK_F_SECURE_ERASE) },
	  blk_init, blk_queue, NULL, blk_features_ok, blk_cfg_write },
	{ "net", ID_NET, 0x020000, NET_NQ, 28, { NET_FEATURES, NET_FEATURES_HI }, net_init, net_queue, net_deliver, net_features_ok, NULL },
	/* receiveq0, transmitq0, control receiveq, control transmitq (MULTIPORT, one port) */
	{ "console", ID_CONSOLE, 0x078000, 4, 12, { BIT(CON_F_SIZE) | BIT(CON_F_MULTIPORT) | BIT(CON_F_EMERG_WRITE) },
	  con_init, con_queue, con_deliver_all, NULL, con_cfg_write },
	/* refdev_types.c: controlq, eventq, one request queue; no feature bits */
	{ "scsi", ID_SCSI, 0x010000, 3, 36, { BIT(SCSI_F_HOTPLUG) | BIT(SCSI_F_CHANGE) }, scsi_init, scsi_queue, NULL,
	  NULL, scsi_cfg_write },
	/* inflateq, deflateq, then statsq, free_page_vq, reporting_vq as negotiated */
	{ "balloon", ID_BALLOON, 0x00ff00, 5, 16,
	  { BIT(BALLOON_F_STATS_VQ) | BIT(BALLOON_F_FREE_PAGE_HINT) | BIT(BALLOON_F_PAGE_POISON) |
		    BIT(BALLOON_F_PAGE_REPORTING) },
	  balloon_init, balloon_queue, NULL, NULL, balloon_cfg_write },
	{ "input", ID_INPUT, 0x090000, 2, INPUT_CFG_SIZE, { 0 }, input_init, input_queue, NULL, NULL, input_cfg_write },
	{ "gpu", ID_GPU, 0x038000, 2, 16, { 0 }, gpu_init, gpu_queue, NULL, NULL, NULL },
	/* dataq, controlq */
	{ "crypto", ID_CRYPTO, 0x00ff00, 2, 56, { 0x3f }, crypto_init, crypto_queue, NULL, NULL, NULL },
	{ "mem", ID_MEM, 0x00ff00, 1, 56, { BIT(MEM_F_UNPLUGGED_INACCESSIBLE) | BIT(MEM_F_PERSISTENT_SUSPEND) }, mem_init,
	  mem_queue, NULL,
	  mem_features_ok, NULL },
	{ "pmem", ID_PMEM, 0x00ff00, 1, 16, { BIT(PMEM_F_SHMEM_REGION) }, pmem_init, pmem_queue, NULL, pmem_features_ok,
	  NULL },
	/* VIRTIO_9P_MOUNT_TAG */
	{ "9p", ID_9P, 0x028000, 1, 8, { BIT(0) }, p9_init, p9_queue, NULL, NULL, NULL },
	/* refdev_fs.c: hiprio, the notification queue (VIRTIO_FS_F_NOTIFICATION), one request queue */
	{ "fs", ID_FS, 0x018000, 3, 44, { BIT(FS_F_NOTIFICATION) }, fs_init, fs_queue, NULL, NULL, NULL },
	/* refdev_gpio.c: requestq, eventq (VIRTIO_GPIO_F_IRQ) */
	{ "gpio", ID_GPIO, 0x00ff00, 2, GPIO_CFG_LEN, { BIT(GPIO_F_IRQ) }, gpio_init, gpio_queue, NULL, NULL, NULL },
	/* refdev_i2c.c: requestq; no configuration */
	{ "i2c", ID_I2C, 0x00ff00, 1, 0, { BIT(I2C_F_ZERO_LENGTH) }, i2c_init, i2c_queue, NULL, i2c_features_ok, NULL },
	/* refdev_vsock.c: rx, tx, event */
	{ "vsock", ID_VSOCK, 0x00ff00, 3, 8,
	  { BIT(VSOCK_F_STREAM) | BIT(VSOCK_F_SEQPACKET) | BIT(VSOCK_F_NO_IMPLIED_STREAM) }, vsock_init, vsock_queue,
	  vsock_deliver, NULL, NULL },
	/* refdev_spi.c: requestq; no feature bits */
	{ "spi", ID_SPI, 0x00ff00, 1, SPI_CFG_LEN, { 0 }, spi_init, spi_queue, NULL, NULL, NULL },
	/* refdev_rtc.c: requestq, alarmq (VIRTIO_RTC_F_ALARM); no configuration */
	{ "rtc", ID_RTC, 0x00ff00, 2, 0, { BIT(RTC_F_ALARM) }, rtc_init, rtc_queue, rtc_alarm_deliver, NULL, NULL },
	/* refdev_rpmb.c: requestq; no feature bits */
	{ "rpmb", ID_RPMB, 0x00ff00, 1, RPMB_CFG_LEN, { 0 }, rpmb_init, rpmb_queue, NULL, NULL, NULL },
	/* refdev_snd.c: controlq, eventq, txq, rxq; control elements */
	{ "sound", ID_SND, 0x00ff00, 4, SND_CFG_LEN, { BIT(SND_F_CTLS) }, snd_init, snd_queue, snd_deliver, NULL, NULL },
};

/* ---- virtio state ------------------------------------------------------- */

/* Why a queue goes back to its default state. */
enum rd_qreset { RD_QR_DEVICE, RD_QR_QUEUE, RD_QR_FLR };

static void queue_default(struct refdev *d, struct rd_queue *q, enum rd_qreset why)
{
	uint16_t la = q->last_avail, ui = q->used_idx;

	free(q->visit);
	q->visit = NULL;
	if (!(why == RD_QR_QUEUE && QK(d, Q_QUEUE_RESET_KEEPS_SIZE)))
		q->size = q->max;
	q->msix = NO_VECTOR;
	q->msix_latched = false;
	q->enabled = q->pending = q->wedged = q->vu_held = false;
	q->desc = q->driver = q->device = 0;
	q->last_avail = q->used_idx = 0;
	if (why != RD_QR_FLR && QK(d, Q_RESET_KEEPS_RING_INDEXES)) {
		q->last_avail = la;
		q->used_idx = ui;
	}
	rd_packed_reset(q);
}

static void virtio_reset(struct refdev *d)
{
	uint8_t old = d->status;

	types_before_reset(d);
	d->status = 0;
	d->dfsel = d->gfsel = 0;
	d->config_msix = NO_VECTOR;
	d->qmsix_shared = NO_VECTOR;
	d->qsel = 0;
	d->isr = 0;
	d->intx_line = d->intx_latched = false;
	if (!QK(d, Q_RESET_KEEPS_FEATURES)) {
		memset(d->drv_features, 0, sizeof(d->drv_features));
		memset(d->negotiated, 0, sizeof(d->negotiated));
	}
	for (unsigned int i = 0; i < d->nq; i++) {
		if (QK(d, Q_RESET_KEEPS_QUEUES))
			d->q[i].wedged = d->q[i].pending = false;
		else if (QK(d, Q_RESET_NOT_QUIET) && d->q[i].enabled)
			d->q[i].pending = false;	/* the engine goes on with the old ring */
		else
			queue_default(d, &d->q[i], RD_QR_DEVICE);
	}
	if (d->ty->id == ID_NET)
		net_reset(d);
	d->cbl_len = 0;
	d->cctl_n = 0;
	d->port_added = false;
	types_reset(d);
	if (d->admin)
		rd_admin_reset(d->admin);
	if (d->ty->id == ID_MEM)
		mem_reset(d);
	if (d->ty->id == ID_CRYPTO)
		crypto_reset(d);
	if (d->ty->id == ID_FS)
		fs_reset(d);
	if (d->ty->id == ID_GPIO)
		gpio_reset(d);
	if (d->ty->id == ID_I2C)
		i2c_reset(d);
	if (d->ty->id == ID_VSOCK)
		vsock_reset(d);
	if (d->ty->id == ID_RTC)
		rtc_reset(d);
	if (d->ty->id == ID_SND)
		snd_reset(d);
	if (d->ty->id == ID_RPMB)
		rpmb_reset(d);
	d->cfg_change_pending = false;
	d->status_sticky = QK(d, Q_RESET_STATUS_STICKY) && old;
	d->status_sticky_val = old;
}

static void set_status(struct refdev *d, uint8_t v)
{
	uint8_t old = d->status, nv;

	if (!v) {
		virtio_reset(d);
		return;
	}
	d->status_sticky = false;
	nv = (uint8_t)((v & ~S_NEEDS_RESET) | (old & S_NEEDS_RESET));
	if ((nv & S_SUSPEND) && !(old & S_SUSPEND)) {
		/* Only a fully initialized device with SUSPEND negotiated suspends; otherwise the bit is ignored. */
		if (!(old & S_DRIVER_OK) || !NEG(d, F_SUSPEND)) {
			if (!QK(d, Q_SUSPEND_EARLY))
				nv &= (uint8_t)~S_SUSPEND;
		} else if (QK(d, Q_SUSPEND_IGNORED)) {
			nv &= (uint8_t)~S_SUSPEND;
		} else {
			nv &= (uint8_t)~S_DRIVER_OK;
			d->status = nv;
			return;
		}
	} else if ((old & S_SUSPEND) && (nv & S_DRIVER_OK)) {
		/* Resume: DRIVER_OK back, SUSPEND off, and what waited is delivered. */
		if (QK(d, Q_RESUME_KEEPS_SUSPEND))
			nv |= S_SUSPEND;	/* quirk: DRIVER_OK back, SUSPEND never cleared */
		else
			nv &= (uint8_t)~S_SUSPEND;
		old &= (uint8_t)~S_DRIVER_OK;
		if (QK(d, Q_RESUME_NO_CONFIG_NOTIFY))
			d->cfg_change_pending = false;
		if (d->cfg_change_pending) {
			d->cfg_change_pending = false;
			d->status = nv;
			irq_config(d);
		}
	} else if (old & S_SUSPEND) {
		nv |= S_SUSPEND;	/* stays suspended until DRIVER_OK */
	}
	if ((nv & S_FEATURES_OK) && !(old & S_FEATURES_OK)) {
		const uint64_t *f = d->drv_features;
		bool ok = true;

		if (!feat_within(f, d->dev_features) && !QK(d, Q_FEATURES_OK_UNOFFERED))
			ok = false;
		if (!feat_has(f, F_VERSION_1) && !QK(d, Q_FEATURES_OK_NO_V1))
			ok = false;
		if (d->ty->features_ok && !d->ty->features_ok(d, f))
			ok = false;
		if (QK(d, Q_FEATURES_OK_ALL_OR_NOTHING) && !feat_eq(f, d->dev_features))
			ok = false;
		if (QK(d, Q_RENEGOTIATION_REFUSED) && feat_eq(d->fok_accepted, f))
			ok = false;
		if (ok) {
			memcpy(d->fok_accepted, f, sizeof(d->fok_accepted));
			memcpy(d->negotiated, f, sizeof(d->negotiated));
			if (QK(d, Q_IRQ_BEFORE_DRIVER_OK))
				irq_config(d);
		} else {
			nv &= (uint8_t)~S_FEATURES_OK;
		}
	}
	d->status = nv;
	if ((nv & S_DRIVER_OK) && !(old & S_DRIVER_OK)) {
		if (d->ty->id == ID_RTC)
			rtc_driver_ok(d);
		/* Buffers made available before DRIVER_OK are looked at now. */
		for (unsigned int i = 0; i < d->nq; i++)
			if (d->q[i].enabled)
				d->q[i].pending = true;
		if (!d->async)
			run_all(d);
	}
}

static void queue_enable(struct refdev *d, struct rd_queue *q)
{
	if (q->enabled || !q->size)
		return;
	free(q->visit);
	if (QK(d, Q_QUEUE_SIZE_IGNORED))
		q->size = q->max;
	q->visit = malloc(sizeof(*q->visit) * q->size);
	if (!QK(d, Q_RESET_KEEPS_RING_INDEXES))
		q->last_avail = q->used_idx = 0;
	rd_packed_reset(q);
	q->wedged = false;
	q->enabled = true;
	if (d->ty->id == ID_NET)
		net_queue_enabled(d, (unsigned int)(q - d->q));
	if (QK(d, Q_IRQ_BEFORE_DRIVER_OK) && !(d->status & S_DRIVER_OK))
		irq_queue(d, q);
}

static uint16_t vector_check(const struct refdev *d, uint16_t v)
{
	if (v == NO_VECTOR || v < d->ntab || QK(d, Q_MSIX_VECTOR_NO_FAIL))
		return v;
	return NO_VECTOR;
}

static uint16_t num_queues_reg(const struct refdev *d)
{
	if (d->ro_numq >= 0)
		return (uint16_t)d->ro_numq;
	if (QK(d, Q_NUM_QUEUES_WRONG))
		return (uint16_t)(d->nq - 1);
	return (uint16_t)(d->admin ? d->admin_qi : d->nq);	/* admin queues are not counted */
}

/* Queues the driver can see: the admin queue only once VIRTIO_F_ADMIN_VQ is negotiated. */
static unsigned int nq_visible(const struct refdev *d)
{
	return d->admin && !NEG(d, F_ADMIN_VQ) ? d->admin_qi : d->nq;
}

static uint32_t dev_feature_word(const struct refdev *d, uint32_t sel)
{
	if (sel < 2 * RD_FWORDS && d->ro_feat_set[sel])
		return d->ro_feat[sel];
	if (sel < 2 * RD_FWORDS)
		return feat_word32(d->dev_features, sel);
	if (QK(d, Q_FEATURE_SELECT_GARBAGE))
		return 0x80000001u | (sel << 8);
	return 0;
}

static void common_image(const struct refdev *d, uint8_t *img)
{
	memset(img, 0, R_COMMON_LEN);
	put32(img + 0, d->dfsel);
	put32(img + 4, dev_feature_word(d, QK(d, Q_FEATURE_WINDOW_LAG) ? d->dfsel_shown : d->dfsel));
	put32(img + 8, d->gfsel);
	put32(img + 12, QK(d, Q_DRIVER_FEATURE_WRITE_ONLY) ? 0 :
			feat_word32(d->drv_features, d->gfsel));
	put16(img + 16, d->config_msix);
	put16(img + 18, num_queues_reg(d));
	img[20] = d->status_sticky ? d->status_sticky_val : d->status;
	img[21] = d->ro_gen >= 0 ? (uint8_t)d->ro_gen : d->gen;
	put16(img + 22, d->qsel);
	if (d->admin) {
		put16(img + 60, (uint16_t)(d->admin_qi - QK(d, Q_ADMIN_QUEUE_INDEX_LOW)));	/* admin_queue_index */
		put16(img + 62, QK(d, Q_ADMIN_QUEUE_NUM_OVERFLOW) ? 0xffff : 1);		/* admin_queue_num */
	}
	if (d->qsel < nq_visible(d)) {
		const struct rd_queue *q = &d->q[d->qsel];
		bool zero = QK(d, Q_QUEUE_SIZE_ZERO) && d->qsel == d->nq - 1;

		put16(img + 24, zero ? 0 : q->size);
		put16(img + 26, q->msix_latched ? q->msix_shown : QK(d, Q_MSIX_VECTOR_SHARED) ? d->qmsix_shared : q->msix);
		put16(img + 28, q->enabled);
		put16(img + 30, q->ro_notify_off >= 0 ? (uint16_t)q->ro_notify_off : d->qsel);
		put64(img + 32, q->desc);
		put64(img + 40, q->driver);
		put64(img + 48, q->device);
		put16(img + 56, d->qsel);	/* queue_notif_config_data */
		/* queue_reset: resets complete at once */
		put16(img + 58, QK(d, Q_QUEUE_RESET_READS_ONE) && NEG(d, F_RING_RESET));
	}
}

static void common_field(struct refdev *d, unsigned int off, const uint8_t *img)
{
	struct rd_queue *q = d->qsel < nq_visible(d) ? &d->q[d->qsel] : NULL;
	bool ro = QK(d, Q_RO_WRITABLE);

	switch (off) {
	case 0: d->dfsel = get32(img); break;
	case 4:
		if (ro && d->dfsel < 2 * RD_FWORDS) {
			d->ro_feat[d->dfsel] = get32(img + 4);
			d->ro_feat_set[d->dfsel] = true;
		}
		break;
	case 8: d->gfsel = get32(img + 8); break;
	case 12:
		/*
		 * Written bits are mirrored and judged at FEATURES_OK; with
		 * drop-unoffered the write of a bit never offered is ignored
		 * instead and reads 0, which the PCI transport equally allows
		 * (the note after the driver_feature requirements).
		 */
		if (!(d->status & S_FEATURES_OK)) {
			uint32_t v = get32(img + 12);

			if (d->drop_unoffered)
				v &= feat_word32(d->dev_features, d->gfsel);
			/* Windows from 4 on (bits 128 and up) hold nothing: their writes are dropped. */
			feat_put_word32(d->drv_features, d->gfsel, v);
		}
		break;
	case 16:
		if (!(QK(d, Q_MSIX_NO_UNMAP) && get16(img + 16) == NO_VECTOR))
			d->config_msix = vector_check(d, get16(img + 16));
		break;
	case 18: if (ro) d->ro_numq = get16(img + 18); break;
	case 20: set_status(d, img[20]); break;
	case 21: if (ro) d->ro_gen = img[21]; break;
	case 22: d->qsel = get16(img + 22); break;
	case 24:
		if (q && !q->enabled) {
			uint16_t v = get16(img + 24);

			if (v && v <= q->max && (is_pow2(v) || NEG(d, F_RING_PACKED) || QK(d, Q_QUEUE_SIZE_NPOT)))
				q->size = v;
		}
		break;
	case 26:
		if (q && !(QK(d, Q_MSIX_NO_UNMAP) && get16(img + 26) == NO_VECTOR)) {
			uint16_t v = vector_check(d, get16(img + 26));

			if (QK(d, Q_MSIX_MAP_LIMITED) && v != NO_VECTOR && v > 1)
				v = NO_VECTOR;
			if (QK(d, Q_LIVE_VECTOR_LATCHED) && q->enabled) {
				/* the register takes it; the interrupt logic keeps what it latched */
				q->msix_shown = v;
				q->msix_latched = true;
				break;
			}
			q->msix = d->qmsix_shared = v;
			q->msix_latched = false;
		}
		break;
	case 28: if (q && get16(img + 28) == 1) queue_enable(d, q); break;
	case 30: if (q && ro) q->ro_notify_off = get16(img + 30); break;
	case 32: if (q && !q->enabled) q->desc = get64(img + 32); break;
	case 40: if (q && !q->enabled) q->driver = get64(img + 40); break;
	case 48: if (q && !q->enabled) q->device = get64(img + 48); break;
	case 58:
		if (q && get16(img + 58) == 1 && NEG(d, F_RING_RESET) && !QK(d, Q_IGNORE_QUEUE_RESET))
			queue_default(d, q, RD_QR_QUEUE);
		break;
	}
}

static void common_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	static const uint8_t fields[][2] = {
		{ 0, 4 }, { 4, 4 }, { 8, 4 }, { 12, 4 }, { 16, 2 }, { 18, 2 }, { 20, 1 },
		{ 21, 1 }, { 22, 2 }, { 24, 2 }, { 26, 2 }, { 28, 2 }, { 30, 2 }, { 32, 8 },
		{ 40, 8 }, { 48, 8 }, { 56, 2 }, { 58, 2 }, { 60, 2 }, { 62, 2 },
	};
	uint8_t img[R_COMMON_LEN], le[8];

	if (off >= R_COMMON_LEN)
		return;
	common_image(d, img);
	put64(le, val);
	for (size_t i = 0; i < width && off + i < R_COMMON_LEN; i++)
		img[off + i] = le[i];
	/* queue-addr-halves: a 32-bit write to a low half takes the high half with it */
	if (QK(d, Q_QUEUE_ADDR_HALVES) && width == 4 && (off == 32 || off == 40 || off == 48))
		memset(img + off + 4, 0, 4);
	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		uint64_t fo = fields[f][0], fl = fields[f][1];

		if (fo < off + width && off < fo + fl)
			common_field(d, (unsigned int)fo, img);
	}
}

static int rd_reset(struct vct_transport *t);

/* ---- host side: the in-process back end of host actions (hostact.h) --------
 *
 * What a hypervisor would do to this device, done to it directly: the
 * configuration changes a check needs, link and error events, pause, unplug.
 * With ",host-fifo=PATH" the same actions also arrive as lines
 * "ACTION [key=value...]" on a FIFO, so that an outside program (the
 * --host-hook example) can drive the device like a host would.
 */

/* The type-specific configuration change: several fields where the type has them. */
static int host_config_change(struct refdev *d, const char *params, char *msg, size_t msglen)
{
	if (d->ty->id == ID_CONSOLE && !strcmp(params, "port-remove")) {
		/* the host unplugs port 0 (MULTIPORT): DEVICE_REMOVE for it */
		if (!NEG(d, CON_F_MULTIPORT) || !d->port_added) {
			snprintf(msg, msglen, "no port to remove: MULTIPORT not negotiated or port 0 not announced");
			return -EOPNOTSUPP;
		}
		con_ctl_send(d, QK(d, Q_CONSOLE_REMOVE_UNADDED) ? 1 : 0, 2, 0);
		d->port_added = false;
		con_ctl_deliver(d);
		return 0;
	}
	/* scsi and balloon: their host events and changes, chosen by the parameters (refdev_types.c) */
	if (d->ty->id == ID_SCSI || d->ty->id == ID_BALLOON)
		return types_host_change(d, params, msg, msglen);
	if (params[0] && d->ty->id != ID_MEM) {	/* mem: requested-mib=N (mem_host_resize) */
		snprintf(msg, msglen, "the reference device makes no configuration change '%s'", params);
		return -EOPNOTSUPP;
	}
	switch (d->ty->id) {
	case ID_BLK: {	/* the backing store shrinks by one 4 KiB block or grows back; the optimal I/O size follows */
		uint32_t opt = get32(d->devcfg + 28) == 16 ? 32 : 16;

		/* thin provisioning switched: write zeroes may deallocate or no longer may */
		if (QK(d, Q_BLK_UNMAP_CHANGE_SILENT)) {
			d->devcfg[56] ^= 1;	/* quirk: this change alone, and nobody told */
			d->gen++;
			return 0;
		}
		if (QK(d, Q_BLK_CAPACITY_SILENT)) {
			put64(d->devcfg, get64(d->devcfg) == BLK_SECTORS ? BLK_SECTORS - 8 : BLK_SECTORS);
			d->gen++;	/* quirk: resized, and nobody told */
			return 0;
		}
		d->devcfg[56] ^= 1;

		put64(d->devcfg, get64(d->devcfg) == BLK_SECTORS ? BLK_SECTORS - 8 : BLK_SECTORS);
		if (QK(d, Q_CONFIG_GEN_EARLY)) {
			/* lands after the driver's next full pass over the configuration */
			d->late_val = opt;
			d->late_reads = d->ty->cfg_len / 4;
		} else {
			put32(d->devcfg + 28, opt);
		}
		break;
	}
	case ID_NET:	/* the link goes down or comes back */
		put16(d->devcfg + 6, get16(d->devcfg + 6) ^ 1);
		break;
	case ID_MEM:		/* the host asks for another amount of plugged memory */
		return mem_host_resize(d, params, msg, msglen);
	case ID_CONSOLE:	/* the terminal is resized: both columns and rows */
		put16(d->devcfg, (uint16_t)(get16(d->devcfg) + 1));
		put16(d->devcfg + 2, (uint16_t)(get16(d->devcfg + 2) + 1));
		break;
	default:
		snprintf(msg, msglen, "the reference device makes no host-side configuration change on a %s device", d->ty->name);
		return -EOPNOTSUPP;
	}
	config_changed(d);
	return 0;
}

static int host_link(struct refdev *d, bool up, char *msg, size_t msglen)
{
	uint16_t st;

	if (d->ty->id != ID_NET) {
		snprintf(msg, msglen, "only the network device has a link");
		return -EOPNOTSUPP;
	}
	st = get16(d->devcfg + 6);
	if (!!(st & 1) != up) {
		put16(d->devcfg + 6, (uint16_t)(st ^ 1));
		config_changed(d);
	} else if (up && QK(d, Q_NET_SPEED_FLAPS)) {
		/* quirk: the PHY renegotiates on every link-up request, the link staying up */
		put32(d->devcfg + 12, get32(d->devcfg + 12) == 10000 ? 1000 : 10000);
		config_changed(d);
	}
	return 0;
}

static void host_resume(struct refdev *d)
{
	if (!d->paused)
		return;
	d->paused = false;
	run_all(d);
}

/* Back to the configuration the host first gave the device, everything running and plugged. */
static void host_restore(struct refdev *d)
{
	d->inject_err = false;
	d->unplugged = d->pulled;
	d->ts.scsi_lun2 = false;
	if (d->ty->id == ID_GPIO)
		gpio_host_restore(d);
	if (d->late_reads) {
		d->late_reads = 0;
		put32(d->devcfg + 28, d->late_val);
	}
	if (memcmp(d->devcfg, d->devcfg0, sizeof(d->devcfg))) {
		memcpy(d->devcfg, d->devcfg0, sizeof(d->devcfg));
		if (d->ty->id == ID_MEM)
			mem_sync_plugged(d);	/* the blocks are the device's, not the host's */
		config_changed(d);
	}
	host_resume(d);
}

static int host_do(struct refdev *d, enum vct_hact a, const char *params, char *out, size_t outlen, char *msg,
		   size_t msglen)
{
	switch (a) {
	case VCT_HA_CONFIG_CHANGE:
		return host_config_change(d, params, msg, msglen);
	case VCT_HA_LINK_DOWN:
	case VCT_HA_LINK_UP:
		return host_link(d, a == VCT_HA_LINK_UP, msg, msglen);
	case VCT_HA_ANNOUNCE:
		if (d->ty->id != ID_NET)
			break;
		if (!NEG(d, NET_F_GUEST_ANNOUNCE)) {
			snprintf(msg, msglen, "the driver did not negotiate VIRTIO_NET_F_GUEST_ANNOUNCE");
			return -EOPNOTSUPP;
		}
		/* as after a migration: ask the driver to announce itself */
		put16(d->devcfg + 6, get16(d->devcfg + 6) | NET_S_ANNOUNCE);
		config_changed(d);
		return 0;
	case VCT_HA_INJECT_ERROR:
		if (d->ty->id != ID_BLK)
			break;
		d->inject_err = true;
		return 0;
	case VCT_HA_UNPLUG:
		d->unplugged = true;
		return 0;
	case VCT_HA_REPLUG:
		if (d->unplugged) {
			d->unplugged = false;
			rd_reset(&d->t);	/* a new function on the bus: it starts from reset */
		}
		return 0;
	case VCT_HA_PAUSE:
		d->paused = true;
		return 0;
	case VCT_HA_RESUME:
		host_resume(d);
		return 0;
	case VCT_HA_INPUT_EVENT:
		if (d->ty->id == ID_GPIO)
			return gpio_host_level(d, params, msg, msglen);
		if (d->ty->id != ID_INPUT)
			break;
		input_key(d);
		return 0;
	case VCT_HA_QUERY:
		if (!strcmp(params, "console-output") && d->ty->id == ID_CONSOLE) {
			/* what reached the host's output through emerg_wr, as byte values */
			size_t o = (size_t)snprintf(out, outlen, "{\"emerg\": [");

			for (unsigned int i = 0; i < d->emerg_n && o < outlen; i++)
				o += (size_t)snprintf(out + o, outlen - o, "%s%u", i ? ", " : "", d->emerg[i]);
			if (o < outlen)
				snprintf(out + o, outlen - o, "]}");
			return 0;
		}
		if (!strcmp(params, "platform-suspend")) {
			/* refdev's platform keeps memory plugged through the device across suspend and wake-up */
			snprintf(out, outlen, "{\"suspend_with_plugged_memory\": true}");
			return 0;
		}
		if (strcmp(params, "stats"))
			break;
		if (d->ty->id == ID_BALLOON)
			return balloon_query(d, out, outlen);
		snprintf(out, outlen, "{\"requests\": %llu, \"dma_faults\": %llu, \"illegal_writes\": %llu}",
			 (unsigned long long)d->stats.requests, (unsigned long long)d->stats.dma_faults,
			 (unsigned long long)d->stats.illegal_writes);
		return 0;
	case VCT_HA_RESTORE:
		host_restore(d);
		return 0;
	case VCT_HA_SYSTEM_RESET:
		/* the platform resets: the function starts from reset, a memory device's blocks go */
		if (d->ty->id == ID_MEM && !QK(d, Q_MEM_SYSTEM_RESET_KEEPS))
			mem_system_reset(d);
		rd_reset(&d->t);
		return 0;
	default:
		break;
	}
	snprintf(msg, msglen, "the reference %s device has no '%s%s%s'", d->ty->name, vct_hact_name(a),
		 params[0] ? " " : "", params);
	return -EOPNOTSUPP;
}

/* Host events that arrive by themselves: a timed unplug, lines on the host FIFO. */
static void host_poll(struct refdev *d)
{
	char buf[512], msg[128], out[8];
	ssize_t n;

	if (d->unplug_at_ms && !d->unplugged) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 >= d->unplug_at_ms) {
			d->unplugged = d->pulled = true;
			d->unplug_at_ms = 0;
		}
	}
	if (d->host_fifo < 0)
		return;
	/* Lines are short and written whole (a pipe write under PIPE_BUF is atomic). */
	while ((n = read(d->host_fifo, buf, sizeof(buf) - 1)) > 0) {
		char *save = NULL;

		buf[n] = 0;
		for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *sp = strchr(line, ' ');
			int a;

			if (sp)
				*sp++ = 0;
			a = vct_hact_parse(line);
			if (a >= 0)
				host_do(d, (enum vct_hact)a, sp ? sp : "", out, sizeof(out), msg, sizeof(msg));
		}
	}
}

static int rd_host_act(struct vct_host *h, enum vct_hact a, const char *params, int timeout_ms, char *out,
		       size_t outlen, char *msg, size_t msglen)
{
	struct refdev *d = (struct refdev *)((char *)h - offsetof(struct refdev, host));

	(void)timeout_ms;	/* in process: every action is immediate */
	return host_do(d, a, params, out, outlen, msg, msglen);
}

static void rd_host_close(struct vct_host *h)
{
	(void)h;		/* part of the device: freed with it */
}

static const struct vct_host_ops rd_host_ops = { .kind = "refdev", .act = rd_host_act, .close = rd_host_close };

/* ---- BAR access --------------------------------------------------------- */

static int bar4_read(struct refdev *d, uint64_t off, uint8_t *out, size_t width)
{
	memset(out, 0, width);
	if (off < R_COMMON + 0x1000) {
		uint8_t img[R_COMMON_LEN];

		common_image(d, img);
		for (size_t i = 0; i < width; i++)
			if (off + i < R_COMMON_LEN)
				out[i] = img[off + i];
		if (off <= 4 && off + width > 4)
			d->dfsel_shown = d->dfsel;	/* feature-window-lag: the next read shows this one */
		if (QK(d, Q_CONFIG_GEN_TICKS) && off <= 21 && off + width > 21)
			d->gen++;
	} else if (off < R_DEVCFG) {
		if (off == R_ISR) {
			out[0] = d->isr;
			if (!QK(d, Q_ISR_NO_CLEAR))
				d->isr = 0;
		}
	} else if (off < R_NOTIFY) {
		uint64_t o = off - R_DEVCFG;

		/* config-gen-early: the second field of a change lands after the generation moved */
		if (d->late_reads && !--d->late_reads)
			put32(d->devcfg + 28, d->late_val);
		for (size_t i = 0; i < width; i++)
			if (o + i < d->ty->cfg_len &&
			    !(QK(d, Q_DEVCFG_ZERO_BEFORE_FEATURES_OK) && !(d->status & S_FEATURES_OK)))
				out[i] = d->devcfg[o + i];
	}
	return 0;
}

/* Where the notification structure starts in BAR 4. */
static uint64_t notify_base(const struct refdev *d)
{
	return R_NOTIFY + (QK(d, Q_NOTIFY_OFFSET_2) ? 2 : 0);
}

/* Whether the driver made a buffer available the device has not taken yet. */
static bool rd_has_avail(struct refdev *d, struct rd_queue *q)
{
	uint16_t v;

	if (!q->size)
		return false;
	if (NEG(d, F_RING_PACKED))
		return !dma_read16(d, q->desc + 16ULL * q->last_avail + 14, &v) && pd_is_avail_q(d, v, q->avail_wrap);
	return !dma_read16(d, q->driver + 2, &v) && v != q->last_avail;
}

static uint32_t notify_mult(const struct refdev *d)
{
	return QK(d, Q_NOTIFY_MULT_ODD) ? 3 : NOTIFY_MULT;
}

static int bar4_write(struct refdev *d, uint64_t off, uint64_t val, size_t width)
{
	if (off < R_ISR) {
		common_write(d, off, val, width);
	} else if (off >= notify_base(d)) {
		uint64_t rel = off - notify_base(d), mult = notify_mult(d);

		for (unsigned int qi = 0; qi < d->nq; qi++) {
			uint64_t nofs = d->q[qi].ro_notify_off >= 0 ? (uint64_t)d->q[qi].ro_notify_off : qi;

			if ((mult && rel == nofs * mult) || (!mult && (val & 0xffff) == qi)) {
				if (QK(d, Q_NOTIFY_DATA_WIDTH_16) && NEG(d, F_NOTIFICATION_DATA) && width > 2)
					break;	/* quirk: the doorbell latches 16 bits only */
				if (!rd_notify_data(d, qi, val, width))
					break;
				if (QK(d, Q_SPURIOUS_NOTIFY_FATAL) && (d->status & S_DRIVER_OK) && d->q[qi].enabled &&
				    !rd_has_avail(d, &d->q[qi])) {
					rd_fatal(d, &d->q[qi]);
					break;
				}
				if (d->async)
					d->q[qi].pending = true;
				else
					run_queue(d, qi);
				break;
			}
		}
	}
	if (off >= R_DEVCFG && off < R_NOTIFY && off - R_DEVCFG < d->ty->cfg_len && d->ty->cfg_write)
		d->ty->cfg_write(d, off - R_DEVCFG, val, width);
	/* ISR is read-only; device configuration too unless the type takes writes (the console's emerg_wr takes and drops a character). */
	if (QK(d, Q_CONSOLE_EMERG_UNREADY) && d->ty->id == ID_CONSOLE && off >= R_DEVCFG + 8 &&
	    off < R_DEVCFG + 12 && !(d->status & S_DRIVER_OK))
		d->status |= S_NEEDS_RESET;	/* quirk: written before the device runs */
	return 0;
}

static int bar1_read(struct refdev *d, uint64_t off, uint8_t *out, size_t width)
{
	uint8_t pba[8];

	put64(pba, d->pba);
	memset(out, 0, width);
	for (size_t i = 0; i < width; i++) {
		uint64_t o = off + i;

		if (o < 16ULL * d->ntab)
			out[i] = d->msix_table[o / 16][o % 16];
		else if (o >= MSIX_PBA_OFF && o < MSIX_PBA_OFF + 8)
			out[i] = pba[o - MSIX_PBA_OFF];
	}
	return 0;
}

static int bar1_write(struct refdev *d, uint64_t off, const uint8_t *in, size_t width)
{
	for (size_t i = 0; i < width; i++) {
		uint64_t o = off + i;

		if (o < 16ULL * d->ntab)
			d->msix_table[o / 16][o % 16] = in[i];
	}
	msix_unmask_check(d);
	return 0;
}

static int rd_bar_read(struct vct_transport *t, int bar, uint64_t off, uint64_t *val, size_t width)
{
	struct refdev *d = RD(t);
	uint8_t b[8];
	int r;

	if (bar < 0 || bar >= VCT_NR_BARS || !t->bars[bar].size ||
	    (width != 1 && width != 2 && width != 4 && width != 8) ||
	    off > t->bars[bar].size || width > t->bars[bar].size - off)
		return -EINVAL;
	host_poll(d);
	if (d->unplugged) {
		*val = ~0ULL >> (64 - 8 * width);
		return 0;
	}
	r = bar == BAR_VIRTIO ? bar4_read(d, off, b, width) : bar1_read(d, off, b, width);
	if (r)
		return r;
	memset(b + width, 0, 8 - width);
	*val = get64(b);
	return 0;
}

static int rd_bar_write(struct vct_transport *t, int bar, uint64_t off, uint64_t val, size_t width)
{
	struct refdev *d = RD(t);
	uint8_t b[8];

	if (bar < 0 || bar >= VCT_NR_BARS || !t->bars[bar].size ||
	    (width != 1 && width != 2 && width != 4 && width != 8) ||
	    off > t->bars[bar].size || width > t->bars[bar].size - off)
		return -EINVAL;
	if (width < 8)
		val &= (1ULL << (8 * width)) - 1;
	host_poll(d);
	if (d->unplugged)
		return 0;
	if (bar == BAR_VIRTIO)
		return bar4_write(d, off, val, width);
	put64(b, val);
	return bar1_write(d, off, b, width);
}

/* ---- PCI configuration space -------------------------------------------- */

static void vcap(struct refdev *d, unsigned int at, unsigned int next, uint8_t len, uint8_t type,
		 uint8_t bar, uint32_t off, uint32_t length)
{
	d->cfg[at + 0] = 0x09;	/* PCI_CAP_ID_VNDR */
	d->cfg[at + 1] = (uint8_t)next;
	d->cfg[at + 2] = len;
	d->cfg[at + 3] = type;
	d->cfg[at + 4] = bar;
	put32(d->cfg + at + 8, off);
	put32(d->cfg + at + 12, length);
}

/* Capabilities only quirks add: chained after MSI-X, 24 bytes apart from 0xa4. */
static uint8_t *extra_cap(struct refdev *d, unsigned int *at, uint8_t **link, uint8_t len, uint8_t type)
{
	uint8_t *c = d->cfg + *at;

	**link = (uint8_t)*at;
	c[0] = 0x09;	/* PCI_CAP_ID_VNDR */
	c[1] = 0;
	c[2] = len;
	c[3] = type;
	c[4] = BAR_VIRTIO;
	*link = c + 1;
	*at += 24;
	return c;
}

#define VIRTIO_PCI_CAP_SHARED_MEMORY_CFG 8
#define VIRTIO_PCI_CAP_VENDOR_CFG	 9
#define CAP_EXTRA			 0xa4

static void cfg_extra_caps(struct refdev *d)
{
	unsigned int at = CAP_EXTRA;
	uint8_t *link = d->cfg + CAP_MSIX + 1, *c;

	if (QK(d, Q_COMMON_CAP_MISALIGNED)) {
		c = extra_cap(d, &at, &link, 16, VIRTIO_PCI_CAP_COMMON_CFG);
		put32(c + 8, R_COMMON + 2);
		put32(c + 12, R_COMMON_LEN - 4);
	}
	if (QK(d, Q_NOTIFY_CAP_EXTRA_ODD) || QK(d, Q_NOTIFY_CAP_EXTRA_EMPTY) || QK(d, Q_CAP_LEN_SHORT)) {
		c = extra_cap(d, &at, &link, QK(d, Q_CAP_LEN_SHORT) ? 16 : 20, VIRTIO_PCI_CAP_NOTIFY_CFG);
		put32(c + 8, R_NOTIFY + (QK(d, Q_NOTIFY_CAP_EXTRA_ODD) ? 1 : 0));
		put32(c + 12, QK(d, Q_NOTIFY_CAP_EXTRA_EMPTY) ? 0 : R_NOTIFY_LEN - 2);
		if (!QK(d, Q_CAP_LEN_SHORT))
			put32(c + 16, notify_mult(d));
	}
	if (QK(d, Q_DEVCFG_CAP_MISALIGNED)) {
		c = extra_cap(d, &at, &link, 16, VIRTIO_PCI_CAP_DEVICE_CFG);
		put32(c + 8, R_DEVCFG + 2);
		put32(c + 12, d->ty->cfg_len - 2);
	}
	if (QK(d, Q_SHM_OUTSIDE_BAR) || QK(d, Q_SHM_ID_TWICE)) {
		/* virtio_pci_cap64: id at 5, 64-bit offset and length */
		c = extra_cap(d, &at, &link, 24, VIRTIO_PCI_CAP_SHARED_MEMORY_CFG);
		put32(c + 8, QK(d, Q_SHM_OUTSIDE_BAR) ? BAR4_SIZE - 0x800 : R_DEVCFG + 0x800);
		put32(c + 12, QK(d, Q_SHM_OUTSIDE_BAR) ? 0x1000 : 0x100);
		if (QK(d, Q_SHM_ID_TWICE)) {
			c = extra_cap(d, &at, &link, 24, VIRTIO_PCI_CAP_SHARED_MEMORY_CFG);
			put32(c + 8, R_DEVCFG + 0x900);
			put32(c + 12, 0x100);
		}
	}
	/* pmem's persistent memory (id 0) and gpu's region (id 0, UNDEFINED: no host-visible memory), 1 KiB of BAR4 */
	/* and fs's DAX window (id 0, D-c0abb21f; refdev_fs.c keeps its mappings) */
	if ((d->ty->id == ID_PMEM && !QK(d, Q_PMEM_SHM_MISSING)) || d->ty->id == ID_GPU || d->ty->id == ID_FS) {
		c = extra_cap(d, &at, &link, 24, VIRTIO_PCI_CAP_SHARED_MEMORY_CFG);
		c[5] = QK(d, Q_PMEM_SHM_ID_ONE) || QK(d, Q_FS_DAX_ID_ONE) ? 1 : QK(d, Q_GPU_SHM_ID_BAD) ? 2 : 0;
		put32(c + 8, R_DEVCFG + 0xc00);
		put32(c + 12, 0x400);
	}
	if (QK(d, Q_VENDOR_DATA_VIRTIO_ID) || QK(d, Q_VENDOR_DATA_ODD_LEN) || QK(d, Q_VENDOR_DATA_COUNTER)) {
		/* cap_vndr, cap_next, cap_len, cfg_type, vendor_id (16 bit), then vendor data */
		c = extra_cap(d, &at, &link, QK(d, Q_VENDOR_DATA_ODD_LEN) ? 10 : 12, VIRTIO_PCI_CAP_VENDOR_CFG);
		put16(c + 4, QK(d, Q_VENDOR_DATA_VIRTIO_ID) ? PCI_VENDOR_REDHAT : 0x8086);
		put32(c + 8, 0x00c0ffee);
	}
}

static void cfg_build(struct refdev *d)
{
	const struct rd_type *ty = d->ty;
	bool has_dev = ty->cfg_len != 0;
	uint16_t msgctl = (uint16_t)(d->ntab - 1 + QK(d, Q_MSIX_SIZE_OVERSTATED));

	/* keep MSI-X enable/mask across an FLR: the binding (irq_set) survives */
	msgctl |= (uint16_t)((d->cfg[CAP_MSIX + 3] & 0xc0) << 8);
	memset(d->cfg, 0, sizeof(d->cfg));
	memset(d->wmask, 0, sizeof(d->wmask));

	put16(d->cfg + 0x00, QK(d, Q_VENDOR_ID_WRONG) ? 0x1b36 : PCI_VENDOR_REDHAT);
	put16(d->cfg + 0x02, QK(d, Q_DEVICE_ID_UNASSIGNED) ? 0x103f : (uint16_t)(0x1040 + ty->id));
	put16(d->cfg + 0x06, 0x0010);		/* status: capability list */
	d->cfg[0x08] = QK(d, Q_REVISION_ZERO) ? 0 : 1;	/* revision */
	d->cfg[0x09] = (uint8_t)ty->class_code;
	d->cfg[0x0a] = (uint8_t)(ty->class_code >> 8);
	d->cfg[0x0b] = (uint8_t)(ty->class_code >> 16);
	put32(d->cfg + 0x14, 0x00000000);	/* BAR1: 32-bit memory */
	put32(d->cfg + 0x20, 0x0000000c);	/* BAR4: 64-bit prefetchable memory */
	put16(d->cfg + 0x2c, PCI_VENDOR_REDHAT);
	put16(d->cfg + 0x2e, QK(d, Q_SUBSYSTEM_ID_LOW) ? ty->id : 0x1100);
	d->cfg[0x34] = CAP_COMMON;
	d->cfg[0x3d] = QK(d, Q_INTPIN_INVALID) ? 0xff : 1;	/* INTA */

	d->wmask[0x04] = 0x07;			/* I/O, memory, bus master */
	d->wmask[0x05] = 0x04;			/* INTx disable */
	d->wmask[0x0c] = 0xff;
	d->wmask[0x0d] = 0xff;
	put32(d->wmask + 0x14, ~(uint32_t)(BAR1_SIZE - 1));
	put32(d->wmask + 0x20, ~(uint32_t)(BAR4_SIZE - 1));
	put32(d->wmask + 0x24, 0xffffffff);
	d->wmask[0x3c] = 0xff;

	vcap(d, CAP_COMMON, QK(d, Q_NO_ISR_CAP) ? (has_dev ? CAP_DEVICE : CAP_NOTIFY) : CAP_ISR, 16,
	     VIRTIO_PCI_CAP_COMMON_CFG, BAR_VIRTIO, R_COMMON, R_COMMON_LEN);
	if (!QK(d, Q_NO_ISR_CAP))
		vcap(d, CAP_ISR, has_dev ? CAP_DEVICE : CAP_NOTIFY, 16, VIRTIO_PCI_CAP_ISR_CFG, BAR_VIRTIO,
		     R_ISR, R_ISR_LEN);
	if (has_dev)
		vcap(d, CAP_DEVICE, CAP_NOTIFY, 16, VIRTIO_PCI_CAP_DEVICE_CFG, BAR_VIRTIO, R_DEVCFG,
		     ty->cfg_len);
	if (QK(d, Q_NO_NOTIFY_CAP)) {
		/* the capability before NOTIFY points past it */
		d->cfg[(has_dev ? CAP_DEVICE : QK(d, Q_NO_ISR_CAP) ? CAP_COMMON : CAP_ISR) + 1] =
			QK(d, Q_NO_PCI_CFG_CAP) ? CAP_MSIX : CAP_PCICFG;
	}
	vcap(d, CAP_NOTIFY, QK(d, Q_NO_PCI_CFG_CAP) ? CAP_MSIX : CAP_PCICFG, 20, VIRTIO_PCI_CAP_NOTIFY_CFG,
	     BAR_VIRTIO, (uint32_t)notify_base(d),
	     QK(d, Q_CAP_OUTSIDE_BAR) ? 2 * R_NOTIFY_LEN : QK(d, Q_NOTIFY_LENGTH_SHORT) ? 2 : R_NOTIFY_LEN - 2 * QK(d, Q_NOTIFY_OFFSET_2));
	put32(d->cfg + CAP_NOTIFY + 16, notify_mult(d));
	if (!QK(d, Q_NO_PCI_CFG_CAP)) {
		vcap(d, CAP_PCICFG, CAP_MSIX, 20, VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 0);
		memset(d->wmask + CAP_PCICFG + 4, 0xff, 1);
		memset(d->wmask + CAP_PCICFG + 8, 0xff, 12);
	}

	d->cfg[CAP_MSIX + 0] = 0x11;		/* PCI_CAP_ID_MSIX */
	d->cfg[CAP_MSIX + 1] = 0;
	if (QK(d, Q_COMMON_CAP_MISSING))
		d->cfg[0x34] = CAP_ISR;		/* the common capability is not in the list */
	if (QK(d, Q_CAP_LIST_LOOP)) {
		d->cfg[0x34] = CAP_ISR;
		d->cfg[CAP_MSIX + 1] = CAP_ISR;	/* ISR ... MSI-X -> ISR again */
	}
	put16(d->cfg + CAP_MSIX + 2, msgctl);
	put32(d->cfg + CAP_MSIX + 4, 0x000 | BAR_MSIX);
	put32(d->cfg + CAP_MSIX + 8, MSIX_PBA_OFF | BAR_MSIX);
	d->wmask[CAP_MSIX + 3] = 0xc0;		/* MSI-X enable, function mask */
	cfg_extra_caps(d);
	if (d->admin)
		rd_admin_cfg(d->admin, d->cfg, d->wmask);	/* SR-IOV extended capability */
}

/* The PCI_CFG access window: cap.bar/cap.offset/cap.length select the access. */
static bool pcicfg_target(struct refdev *d, int *bar, uint64_t *off, size_t *len)
{
	*bar = d->cfg[CAP_PCICFG + 4];
	*off = get32(d->cfg + CAP_PCICFG + 8);
	*len = get32(d->cfg + CAP_PCICFG + 12);
	if (*len != 1 && *len != 2 && *len != 4)
		return false;
	if (*bar >= VCT_NR_BARS || !d->t.bars[*bar].size)
		return false;
	return *off + *len <= d->t.bars[*bar].size;
}

static int rd_cfg_read(struct vct_transport *t, uint32_t off, void *buf, size_t len)
{
	struct refdev *d = RD(t);
	uint8_t *out = buf;

	if (off >= RD_CFG_SIZE || len > RD_CFG_SIZE - off)
		return -EINVAL;
	host_poll(d);
	if (d->unplugged) {
		memset(out, 0xff, len);
		return 0;
	}
	if (off < CAP_PCICFG + 20 && off + len > CAP_PCICFG + 16) {
		int bar;
		uint64_t bo, v = 0;
		size_t bl;

		if (QK(d, Q_PCI_CFG_CAP_DEAD))
			memset(d->cfg + CAP_PCICFG + 16, 0, 4);
		else if (pcicfg_target(d, &bar, &bo, &bl) && !rd_bar_read(t, bar, bo, &v, bl))
			put32(d->cfg + CAP_PCICFG + 16, (uint32_t)v);
	}
	if (QK(d, Q_VENDOR_DATA_COUNTER) && off < CAP_EXTRA + 12 && off + len > CAP_EXTRA + 8)
		put32(d->cfg + CAP_EXTRA + 8, ++d->vendor_counter);
	memcpy(out, d->cfg + off, len);
	for (size_t i = 0; i < len; i++)
		if (off + i == 0x06 && !msix_enabled(d) &&
		    (d->isr || d->intx_line || (QK(d, Q_INTX_STATUS_STUCK) && d->intx_latched)))
			out[i] |= 0x08;	/* interrupt status follows ISR under INTx */
	return 0;
}

static int rd_cfg_write(struct vct_transport *t, uint32_t off, const void *buf, size_t len)
{
	struct refdev *d = RD(t);
	const uint8_t *in = buf;
	uint8_t oldctl = d->cfg[CAP_MSIX + 3];

	if (off >= RD_CFG_SIZE || len > RD_CFG_SIZE - off)
		return -EINVAL;
	host_poll(d);
	if (d->unplugged)
		return 0;
	for (size_t i = 0; i < len; i++) {
		uint32_t o = off + (uint32_t)i;

		d->cfg[o] = (uint8_t)((d->cfg[o] & ~d->wmask[o]) | (in[i] & d->wmask[o]));
	}
	if (off < CAP_PCICFG + 20 && off + len > CAP_PCICFG + 16 && !QK(d, Q_PCI_CFG_CAP_DEAD)) {
		int bar;
		uint64_t bo;
		size_t bl;

		if (pcicfg_target(d, &bar, &bo, &bl))
			rd_bar_write(t, bar, bo, get32(d->cfg + CAP_PCICFG + 16), bl);
	}
	if (oldctl != d->cfg[CAP_MSIX + 3])
		msix_unmask_check(d);
	return 0;
}

/* ---- remaining transport ops -------------------------------------------- */

static int map_push(struct refdev *d, struct rd_map m)
{
	if (d->nmaps == d->capmaps) {
		size_t nc = d->capmaps ? 2 * d->capmaps : 16;
		struct rd_map *nm = realloc(d->maps, nc * sizeof(*nm));

		if (!nm)
			return -ENOMEM;
		d->maps = nm;
		d->capmaps = nc;
	}
	d->maps[d->nmaps++] = m;
	return 0;
}

/*
 * phys-dma: the IOMMU mapping succeeds but the device never looks at it; it
 * reaches the mapped memory by its physical address (its frames from
 * /proc/self/pagemap, one entry per physically consecutive run). A driver
 * giving it IOVAs of its own choosing sees its buffers missed (dma_faults).
 */
static int map_phys(struct refdev *d, uint8_t *vaddr, uint64_t iova, uint64_t size)
{
	size_t np = size / 4096, i = 0;
	uint64_t *pa = calloc(np, sizeof(*pa));
	int r;

	if (!pa)
		return -ENOMEM;
	r = vct_pagemap_pa(vaddr, np, pa);
	while (!r && i < np) {
		size_t j = i + 1;

		while (j < np && pa[i] && pa[j] == pa[j - 1] + 4096)
			j++;
		if (pa[i])	/* a frame hidden from this process (no CAP_SYS_ADMIN) the model cannot reach */
			r = map_push(d, (struct rd_map){ pa[i], (j - i) * 4096, vaddr + i * 4096, iova + i * 4096 });
		i = j;
	}
	free(pa);
	return r;
}

static int rd_dma_map(struct vct_transport *t, void *vaddr, uint64_t iova, uint64_t size)
{
	struct refdev *d = RD(t);
	bool in_range = false;

	if (!vaddr || !size || (iova | size | (uintptr_t)vaddr) & 0xfff || iova + size < iova)
		return -EINVAL;
	for (unsigned int i = 0; i < t->n_iova; i++)
		if (iova >= t->iova[i].start && iova + size - 1 <= t->iova[i].end)
			in_range = true;
	if (!in_range)
		return -EINVAL;
	for (size_t i = 0; i < d->nmaps; i++)
		if (iova < d->maps[i].key + d->maps[i].size && d->maps[i].key < iova + size)
			return -EEXIST;
	if (d->phys_dma)
		return map_phys(d, vaddr, iova, size);
	return map_push(d, (struct rd_map){ iova, size, vaddr, iova });
}

/* Removes every mapping that lies entirely inside [iova, iova + size). */
static int rd_dma_unmap(struct vct_transport *t, uint64_t iova, uint64_t size)
{
	struct refdev *d = RD(t);
	size_t j = 0;

	for (size_t i = 0; i < d->nmaps; i++) {
		struct rd_map *m = &d->maps[i];

		if (m->key >= iova && m->key - iova + m->size <= size)
			continue;
		d->maps[j++] = *m;
	}
	d->nmaps = j;
	return 0;
}

static int rd_dma_unmap_all(struct vct_transport *t)
{
	RD(t)->nmaps = 0;
	return 0;
}

static int rd_irq_set(struct vct_transport *t, unsigned int nvec, const int *efds)
{
	struct refdev *d = RD(t);

	if (nvec > d->ntab || (nvec && !efds))
		return -EINVAL;
	for (unsigned int i = 0; i < RD_MAXVEC; i++) {
		if (d->efd[i] >= 0)
			close(d->efd[i]);
		d->efd[i] = -1;
	}
	for (unsigned int i = 0; i < nvec; i++) {
		if (efds[i] < 0)
			continue;
		d->efd[i] = dup(efds[i]);
		if (d->efd[i] < 0) {
			int e = -errno;

			for (unsigned int k = 0; k < i; k++)
				if (d->efd[k] >= 0) {
					close(d->efd[k]);
					d->efd[k] = -1;
				}
			return e;
		}
	}
	/* Like VFIO_DEVICE_SET_IRQS: enabling vectors enables MSI-X and
	 * unmasks the bound entries; nvec == 0 disables MSI-X. */
	if (nvec) {
		d->cfg[CAP_MSIX + 3] = (uint8_t)((d->cfg[CAP_MSIX + 3] | 0x80) & ~0x40);
		for (unsigned int i = 0; i < nvec; i++)
			if (efds[i] >= 0)
				d->msix_table[i][12] &= (uint8_t)~1;
		msix_unmask_check(d);
	} else {
		d->cfg[CAP_MSIX + 3] &= (uint8_t)~0x80;
	}
	return 0;
}

static void devcfg_init(struct refdev *d)
{
	memset(d->devcfg, 0, sizeof(d->devcfg));
	d->ty->init(d);
}

static int rd_reset(struct vct_transport *t)
{
	struct refdev *d = RD(t);

	virtio_reset(d);
	d->latched_fault = false;
	d->status_sticky = false;
	d->ro_numq = d->ro_gen = -1;
	memset(d->ro_feat_set, 0, sizeof(d->ro_feat_set));
	for (unsigned int i = 0; i < d->nq; i++) {
		queue_default(d, &d->q[i], RD_QR_FLR);
		d->q[i].ro_notify_off = -1;
	}
	memset(d->fok_accepted, 0, sizeof(d->fok_accepted));
	memset(d->drv_features, 0, sizeof(d->drv_features));
	memset(d->negotiated, 0, sizeof(d->negotiated));
	d->pba = 0;
	for (unsigned int v = 0; v < d->ntab; v++)
		if (d->efd[v] < 0)
			d->msix_table[v][12] |= 1;
	cfg_build(d);
	return 0;
}

static void rd_poll(struct vct_transport *t)
{
	struct refdev *d = RD(t);

	host_poll(d);
	for (unsigned int i = 0; i < d->nq; i++)
		if (d->q[i].pending)
			run_queue(d, i);
	if (d->ty->deliver)
		d->ty->deliver(d);
}

static void rd_close(struct vct_transport *t)
{
	struct refdev *d = RD(t);

	for (unsigned int i = 0; i < RD_MAXVEC; i++)
		if (d->efd[i] >= 0)
			close(d->efd[i]);
	for (unsigned int i = 0; i < d->nq; i++)
		free(d->q[i].visit);
	net_backlog_clear(d);
	free(d->maps);
	free(d->segs);
	free(d->disk);
	free(d->zn);
	free(d->crypto);
	free(d->netadm);
	fs_free(d);
	gpio_free(d);
	rtc_free(d);
	rpmb_free(d);
	i2c_free(d);
	vsock_free(d);
	mem_free(d);
	if (d->host_fifo >= 0)
		close(d->host_fifo);
	rd_admin_free(d->admin);
	free(d);
}

static const struct vct_transport_ops rd_ops = {
	.kind = "refdev",
	.cfg_read = rd_cfg_read,
	.cfg_write = rd_cfg_write,
	.bar_read = rd_bar_read,
	.bar_write = rd_bar_write,
	.dma_map = rd_dma_map,
	.dma_unmap = rd_dma_unmap,
	.dma_unmap_all = rd_dma_unmap_all,
	.irq_set = rd_irq_set,
	.reset = rd_reset,
	.poll = rd_poll,
	.close = rd_close,
	.phys_map = rd_phys_map,
	.phys_unmap = rd_phys_unmap,
};

int vct_is_refdev(const struct vct_transport *t)
{
	return t && t->ops == &rd_ops;
}

void vct_refdev_stats(struct vct_transport *t, struct vct_refdev_stats *out)
{
	if (!vct_is_refdev(t)) {
		memset(out, 0, sizeof(*out));
		return;
	}
	*out = RD(t)->stats;
}

/* ---- ring state for a vhost-user back end (refdev_vu.c) ------------------ */

bool vct_refdev_has_quirk(const struct vct_transport *t, const char *name)
{
	const struct refdev *d = RD(t);

	for (size_t i = 0; i < vct_refdev_nquirks; i++)
		if (!strcmp(vct_refdev_quirks[i].name, name))
			return QK(d, (enum rd_quirk)i);
	return false;
}

static struct rd_queue *vu_queue(struct vct_transport *t, unsigned int qi)
{
	struct refdev *d = RD(t);

	return qi < d->nq ? &d->q[qi] : NULL;
}

int vct_refdev_ring_stop(struct vct_transport *t, unsigned int qi, uint32_t *base)
{
	struct rd_queue *q = vu_queue(t, qi);

	if (!q)
		return -EINVAL;
	*base = NEG(RD(t), F_RING_PACKED) ? (uint32_t)(q->last_avail | (q->avail_wrap ? 0x8000 : 0)) : q->last_avail;
	q->enabled = q->pending = q->vu_held = false;
	return 0;
}

int vct_refdev_ring_base(struct vct_transport *t, unsigned int qi, uint32_t base)
{
	struct refdev *d = RD(t);
	struct rd_queue *q = vu_queue(t, qi);
	uint16_t used = 0;

	if (!q || !q->enabled)
		return -EINVAL;
	if (NEG(d, F_RING_PACKED)) {
		/* Bits 0-14 the next descriptor, bit 15 its wrap counter; the device resumes where the driver expects. */
		q->last_avail = q->used_idx = (uint16_t)(base & 0x7fff);
		q->avail_wrap = q->used_wrap = q->sig_wrap = (base >> 15) & 1;
		q->sig_pos = q->prev_used = q->last_avail;
		return 0;
	}
	if (base > 0xffff)
		return -EINVAL;
	/* Split: the next available entry from @base; the used index as the used ring holds it (what was completed). */
	if (dma_read16(d, q->device + 2, &used))
		return -EFAULT;
	q->last_avail = (uint16_t)base;
	q->used_idx = used;
	return 0;
}

void vct_refdev_dma_whole(struct vct_transport *t, bool on)
{
	RD(t)->dma_whole = on;
}

void vct_refdev_ring_hold(struct vct_transport *t, unsigned int qi, bool hold)
{
	struct rd_queue *q = vu_queue(t, qi);

	if (q)
		q->vu_held = hold;
}

/* ---- open --------------------------------------------------------------- */

static bool type_listed(const char *types, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(types, "*"))
		return true;
	for (const char *p = types; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == n && !strncmp(p, name, n))
			return true;
		p += l + (e ? 1 : 0);
	}
	return false;
}

const struct vct_refdev_option vct_refdev_options[] = {
	{ "async", "queue notifications only record work; the transport's poll op performs it", "*" },
	{ "admin", "SR-IOV group owner: ADMIN_VQ and SR_IOV offered, an administration queue, an SR-IOV capability", "*" },
	{ "notify-data", "also offers VIRTIO_F_NOTIFICATION_DATA", "*" },
	{ "unplug-after=MS", "the host pulls the device MS milliseconds after open: it answers all ones from then on", "*" },
	{ "host-fifo=PATH", "host actions also arrive as lines on the FIFO at PATH (an outside host hook drives the device)", "*" },
	{ "drop-unoffered", "ignores driver_feature writes of bits it never offered (they read 0) instead of "
			    "mirroring them and refusing FEATURES_OK; both conform (D-2cd1add1)", "*" },
	{ "ro", "a read-only disk: offers VIRTIO_BLK_F_RO and refuses every write with VIRTIO_BLK_S_IOERR", "blk" },
	{ "zoned", "a host-managed zoned disk (VIRTIO_BLK_F_ZONED): conventional, sequential, read-only and offline "
		   "zones with open and active limits (refdev_zoned.c)", "blk" },
	{ "unkeyed", "a blank RPMB part: no authentication key programmed, write counter 0 (vct never programs one)",
	  "rpmb" },
	{ "alarm-kept", "keeps each alarm's time and enable over a device reset (the chapter allows both); a kept "
			"alarm, enabled, its time passed, expires with the reset", "rtc" },
	{ "phys-dma", "does not offer VIRTIO_F_ACCESS_PLATFORM and reaches memory by physical address, bypassing the "
		      "IOMMU (a vhost-user back end behind QEMU's vIOMMU): vct must run it in physical-address mode", "*" },
	{ "iommu-aw=BITS", "its IOMMU translates IOVAs below 2^BITS only (21..48; QEMU's intel-iommu aw-bits, VT-d's "
			   "MGAW): with phys-dma, memory above that cannot be given to the device", "*" },
	{ "vhost-user", "served by a vhost-user back end process around the device (refdev_vu.c), vct its front end "
			"over a UNIX socket; the vu-* quirks imply it", "*" },
};
const size_t vct_refdev_noptions = sizeof(vct_refdev_options) / sizeof(vct_refdev_options[0]);

void vct_refdev_catalog(FILE *f)
{
	for (size_t i = 0; i < sizeof(rd_types) / sizeof(rd_types[0]); i++)
		fprintf(f, "type\t%s\n", rd_types[i].name);
	for (size_t i = 0; i < vct_refdev_noptions; i++)
		fprintf(f, "option\t%s\t%s\t%s\n", vct_refdev_options[i].name, vct_refdev_options[i].what,
			vct_refdev_options[i].types);
	for (size_t i = 0; i < vct_refdev_nquirks; i++) {
		const struct vct_refdev_quirk *q = &vct_refdev_quirks[i];

		fprintf(f, "quirk\t%s\t%s\t%s\t%s\t%s\n", q->name, q->cls, q->types,
			*q->expect_stmt ? q->expect_stmt : "-", q->what);
	}
}

static void list_quirks(char *err, size_t errlen, const char *prefix)
{
	size_t used;

	snprintf(err, errlen, "%s; known quirks:", prefix);
	for (size_t i = 0; i < vct_refdev_nquirks; i++) {
		used = strlen(err);
		if (used + 1 >= errlen)
			break;
		snprintf(err + used, errlen - used, "%s%s", i ? "," : " ", vct_refdev_quirks[i].name);
	}
}

/* Whether the comma-separated @spec holds the token @opt (after the type). */
static bool spec_has(const char *spec, const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = strchr(spec, ','); p; p = strchr(p + 1, ','))
		if (!strncmp(p + 1, opt, n) && (p[1 + n] == ',' || !p[1 + n]))
			return true;
	return false;
}

/* The option @tok names, or NULL. */
static const struct vct_refdev_option *option_known(const char *tok)
{
	for (size_t i = 0; i < vct_refdev_noptions; i++) {
		const char *n = vct_refdev_options[i].name, *eq = strchr(n, '=');

		/* "name=VALUE" options match on "name="; host_options() checks the value */
		if (eq ? !strncmp(tok, n, (size_t)(eq - n + 1)) : !strcmp(tok, n))
			return &vct_refdev_options[i];
	}
	return NULL;
}

static int parse_spec(const char *spec, const struct rd_type **ty, uint64_t quirks[RD_QWORDS], bool *async,
		      char *err, size_t errlen)
{
	char buf[1024], *save = NULL, *tok;
	bool first = true;

	*ty = NULL;
	memset(quirks, 0, RD_QWORDS * sizeof(quirks[0]));
	*async = false;
	if (!spec || strlen(spec) >= sizeof(buf)) {
		snprintf(err, errlen, "refdev: missing or overlong spec; use refdev:TYPE[,quirk=NAME]... "
			 "with TYPE one of rng, blk, net, console");
		return -EINVAL;
	}
	strcpy(buf, spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), first = false) {
		if (first) {
			for (size_t i = 0; i < sizeof(rd_types) / sizeof(rd_types[0]); i++)
				if (!strcmp(tok, rd_types[i].name))
					*ty = &rd_types[i];
			if (!*ty) {
				snprintf(err, errlen, "refdev: unknown device type '%s'; known types: %s", tok,
					 RD_TYPE_NAMES);
				return -EINVAL;
			}
		} else if (option_known(tok)) {
			const struct vct_refdev_option *o = option_known(tok);

			if (!type_listed(o->types, (*ty)->name)) {
				snprintf(err, errlen, "refdev: option '%s' does not apply to %s (only: %s)", o->name,
					 (*ty)->name, o->types);
				return -EINVAL;
			}
			/* async here; the others are picked up by vct_refdev_open */
			if (!strcmp(tok, "async"))
				*async = true;
		} else if (!strncmp(tok, "quirk=", 6)) {
			size_t i;
			char pfx[160];

			for (i = 0; i < vct_refdev_nquirks; i++)
				if (!strcmp(tok + 6, vct_refdev_quirks[i].name))
					break;
			if (i == vct_refdev_nquirks) {
				snprintf(pfx, sizeof(pfx), "refdev: unknown quirk '%.80s'", tok + 6);
				list_quirks(err, errlen, pfx);
				return -EINVAL;
			}
			if (!type_listed(vct_refdev_quirks[i].types, (*ty)->name)) {
				snprintf(err, errlen, "refdev: quirk '%s' does not apply to %s (only: %s)",
					 vct_refdev_quirks[i].name, (*ty)->name, vct_refdev_quirks[i].types);
				return -EINVAL;
			}
			quirks[i / 64] |= 1ULL << (i % 64);
		} else {
			size_t used;

			snprintf(err, errlen, "refdev: unknown option '%.80s'; options are quirk=NAME", tok);
			for (size_t i = 0; i < vct_refdev_noptions; i++) {
				used = strlen(err);
				snprintf(err + used, errlen - used, "%s%s", i + 1 < vct_refdev_noptions ? ", " : " and ",
					 vct_refdev_options[i].name);
			}
			return -EINVAL;
		}
	}
	if (!*ty) {
		snprintf(err, errlen, "refdev: no device type; known types: %s", RD_TYPE_NAMES);
		return -EINVAL;
	}
	return 0;
}

/* ",iommu-aw=BITS": the highest IOVA the IOMMU translates, 2^BITS - 1 (2^48 - 1 without the option). */
static int iommu_aw(const char *spec, uint64_t *top, char *err, size_t errlen)
{
	const char *p = strstr(spec, ",iommu-aw=");
	char *end;
	long bits = 48;

	if (p) {
		bits = strtol(p + 10, &end, 10);
		if (end == p + 10 || (*end && *end != ',') || bits < 21 || bits > 48) {
			snprintf(err, errlen, "refdev: iommu-aw wants an address width in bits (21..48)");
			return -EINVAL;
		}
	}
	*top = (1ULL << bits) - 1;
	return 0;
}

/* ",unplug-after=MS" and ",host-fifo=PATH": host events that come on their own. */
static int host_options(struct refdev *d, const char *spec, char *err, size_t errlen)
{
	const char *p = strstr(spec, ",unplug-after="), *f = strstr(spec, ",host-fifo=");

	if (p) {
		char *end;
		long ms = strtol(p + 14, &end, 10);
		struct timespec ts;

		if (end == p + 14 || (*end && *end != ',') || ms < 1 || ms > 3600000) {
			snprintf(err, errlen, "refdev: unplug-after wants milliseconds (1..3600000)");
			return -EINVAL;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		d->unplug_at_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + (uint64_t)ms;
	}
	if (f) {
		char path[256];

		snprintf(path, sizeof(path), "%.*s", (int)strcspn(f + 11, ","), f + 11);
		/* read-write: the FIFO never reads as closed between two writers */
		d->host_fifo = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (d->host_fifo < 0) {
			snprintf(err, errlen, "refdev: cannot open host-fifo %s: %s (create it with mkfifo)", path,
				 strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static const struct { enum rd_quirk q; enum rd_admin_quirk f; } rd_admin_map[] = {
	{ Q_ADMIN_SHORT_INPUT_REFUSED, RDA_SHORT_INPUT_REFUSED },
	{ Q_ADMIN_LEN_WHOLE_BUFFER, RDA_LEN_WHOLE_BUFFER },
	{ Q_ADMIN_HEADER_PARTIAL, RDA_HEADER_PARTIAL },
	{ Q_ADMIN_INVALID_ENXIO, RDA_INVALID_ENXIO },
	{ Q_ADMIN_GROUP_AS_OPCODE, RDA_GROUP_AS_OPCODE },
	{ Q_ADMIN_OPCODE_AS_FIELD, RDA_OPCODE_AS_FIELD },
	{ Q_ADMIN_MEMBER_AS_FIELD, RDA_MEMBER_AS_FIELD },
	{ Q_ADMIN_SUCCESS_NONZERO, RDA_SUCCESS_NONZERO },
	{ Q_ADMIN_FAILURE_OK, RDA_FAILURE_OK },
	{ Q_ADMIN_EINVAL_APPLIES_LIST, RDA_EINVAL_APPLIES_LIST },
	{ Q_ADMIN_EINVAL_LATCHES, RDA_EINVAL_LATCHES },
	{ Q_ADMIN_LIST_SHARED, RDA_LIST_SHARED },
	{ Q_ADMIN_USED_LIST_SURVIVES_RESET, RDA_USED_LIST_SURVIVES_RESET },
	{ Q_ADMIN_LIST_USE_IGNORED, RDA_LIST_USE_IGNORED },
	{ Q_ADMIN_UNLISTED_AS_FIELD, RDA_UNLISTED_AS_FIELD },
	{ Q_ADMIN_QUERY_REPORTS_IN_USE, RDA_QUERY_REPORTS_IN_USE },
	{ Q_ADMIN_QUERY_SHRINKS_AFTER_RESET, RDA_QUERY_SHRINKS_AFTER_RESET },
	{ Q_ADMIN_LIST_USE_ONCE, RDA_LIST_USE_ONCE },
	{ Q_ADMIN_SRIOV_GROUP_ALWAYS, RDA_SRIOV_GROUP_ALWAYS },
	{ Q_ADMIN_MEMBER_TRUNCATED, RDA_MEMBER_TRUNCATED },
	{ Q_ADMIN_CAP_SET_MISSING, RDA_CAP_SET_MISSING },
	{ Q_ADMIN_CAP_SET_EXACT, RDA_CAP_SET_EXACT },
	{ Q_ADMIN_CAP_ANY_GROUP, RDA_CAP_ANY_GROUP },
	{ Q_ADMIN_CAPS_SURVIVE_RESET, RDA_CAPS_SURVIVE_RESET },
	{ Q_ADMIN_OBJ_ID_TOMBSTONE, RDA_OBJ_ID_TOMBSTONE },
	{ Q_ADMIN_MODIFY_PARTIAL, RDA_MODIFY_PARTIAL },
	{ Q_ADMIN_QUERY_STALE, RDA_QUERY_STALE },
	{ Q_ADMIN_OBJS_SURVIVE_RESET, RDA_OBJS_SURVIVE_RESET },
	{ Q_ADMIN_PARTS_SET_MISSING, RDA_PARTS_SET_MISSING },
	{ Q_ADMIN_PARTS_GET_ONCE, RDA_PARTS_GET_ONCE },
	{ Q_ADMIN_PARTS_REVERSED, RDA_PARTS_REVERSED },
	{ Q_ADMIN_PARTS_SET_ONCE, RDA_PARTS_SET_ONCE },
	{ Q_ADMIN_PARTS_LEN_LAX, RDA_PARTS_LEN_LAX },
	{ Q_ADMIN_PARTS_DEV_FEATURES_TAKEN, RDA_PARTS_DEV_FEATURES_TAKEN },
	{ Q_ADMIN_STOP_TWICE_BUSY, RDA_STOP_TWICE_BUSY },
	{ Q_ADMIN_RESUME_RUNNING_BUSY, RDA_RESUME_RUNNING_BUSY },
};

/* Devices created so far in this process: seeds each one's entropy stream. */
static uint64_t rd_instances;

int vct_refdev_open(const char *spec, struct vct_transport **out, char *err, size_t errlen)
{
	const struct rd_type *ty;
	struct refdev *d;
	uint64_t quirks[RD_QWORDS], top;
	bool async;
	char dummy[1];
	int r;

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = 0;
	*out = NULL;
	r = parse_spec(spec, &ty, quirks, &async, err, errlen);
	if (r)
		return r;
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "refdev: out of memory");
		return -ENOMEM;
	}
	d->ty = ty;
	memcpy(d->quirks, quirks, sizeof(d->quirks));
	d->async = async;
	d->drop_unoffered = strstr(spec, ",drop-unoffered") != NULL;
	d->phys_dma = spec_has(spec, "phys-dma");
	/* blk-ro-* quirks imply ,ro; blk-zoned-* ,zoned (host-aware under blk-zoned-ha-fields-kept) */
	d->blk_ro = ty->id == ID_BLK && (spec_has(spec, "ro") || QK(d, Q_BLK_RO_WRITE_OK) || QK(d, Q_BLK_RO_WRITE_STORED));
	/* rpmb-unkeyed-* quirks imply ,unkeyed */
	d->rpmb_unkeyed = ty->id == ID_RPMB && (spec_has(spec, "unkeyed") || QK(d, Q_RPMB_UNKEYED_READ_SERVED));
	/* rtc-alarm-kept-no-expiry implies ,alarm-kept */
	d->rtc_alarm_kept = ty->id == ID_RTC && (spec_has(spec, "alarm-kept") || QK(d, Q_RTC_ALARM_KEPT_NO_EXPIRY));
	if (ty->id == ID_BLK && (spec_has(spec, "zoned") || strstr(spec, "quirk=blk-zoned-"))) {
		d->zn = zn_new(QK(d, Q_BLK_ZN_HA_FIELDS_KEPT));
		if (!d->zn) {
			free(d);
			snprintf(err, errlen, "refdev: out of memory");
			return -ENOMEM;
		}
	}
	d->nq = ty->nq;
	if (strstr(spec, ",admin") || strstr(spec, "quirk=admin-")) {	/* admin-* quirks imply it */
		struct rd_admin_opts ao = {
			.vf_device_id = (uint16_t)(0x1040 + ty->id),
			.status_stale = QK(d, Q_ADMIN_STATUS_UNINIT),
			.short_buffer_fail = QK(d, Q_ADMIN_SHORT_BUFFER_FAIL),
			.unused_opcode_ok = QK(d, Q_ADMIN_UNUSED_OPCODE_OK),
			.einval_side_effect = QK(d, Q_ADMIN_EINVAL_SIDE_EFFECT),
		};

		for (size_t i = 0; i < sizeof(rd_admin_map) / sizeof(rd_admin_map[0]); i++)
			if (QK(d, rd_admin_map[i].q))
				ao.flags |= 1ULL << rd_admin_map[i].f;

		d->admin = rd_admin_new(d->cfg, &ao);
		if (!d->admin) {
			free(d->zn);
			free(d);
			snprintf(err, errlen, "refdev: out of memory");
			return -ENOMEM;
		}
		d->admin_qi = d->nq++;
		if (ty->id == ID_CRYPTO)
			crypto_admin_attach(d);	/* its IPsec capabilities and SAs */
		if (ty->id == ID_NET && net_admin_attach(d)) {
			rd_admin_free(d->admin);
			free(d->zn);
			free(d);
			snprintf(err, errlen, "refdev: out of memory");
			return -ENOMEM;
		}
	}
	d->ntab = QK(d, Q_MSIX_ONE_VECTOR) ? 1 : d->nq + 1;
	d->segs = calloc(RD_MAX_SEGS, sizeof(*d->segs));
	if (ty->id == ID_BLK || ty->id == ID_SCSI)
		d->disk = calloc(1, ty->id == ID_BLK ? BLK_DISK_BYTES : SCSI_BLOCKS * 512);
	if (!d->segs || ((ty->id == ID_BLK || ty->id == ID_SCSI) && !d->disk)) {
		free(d->segs);
		free(d->disk);
		free(d->zn);
		rd_admin_free(d->admin);
		free(d);
		snprintf(err, errlen, "refdev: out of memory");
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < RD_MAXVEC; i++)
		d->efd[i] = -1;
	/*
	 * Seeded by creation order, never by an address: with ASLR a heap
	 * address made the entropy stream (and so the fuzz gates' feedback)
	 * differ run to run; a fixed-budget gate must replay exactly.
	 */
	d->rng = 0x9e3779b97f4a7c15ULL ^ (0x100000001b3ULL * ++rd_instances);
	memcpy(d->dev_features, ty->features, sizeof(d->dev_features));
	feat_set(d->dev_features, F_INDIRECT);
	feat_set(d->dev_features, F_EVENT_IDX);
	feat_set(d->dev_features, F_VERSION_1);
	feat_set(d->dev_features, F_RING_RESET);
	feat_set(d->dev_features, F_RING_PACKED);
	feat_set(d->dev_features, F_IN_ORDER);
	if (!QK(d, Q_NO_ACCESS_PLATFORM) && !d->phys_dma)
		feat_set(d->dev_features, F_ACCESS_PLATFORM);
	if (d->admin) {
		feat_set(d->dev_features, F_ADMIN_VQ);
		feat_set(d->dev_features, F_SR_IOV);
	}
	if (strstr(spec, ",notify-data"))
		feat_set(d->dev_features, F_NOTIFICATION_DATA);
	feat_set(d->dev_features, F_SUSPEND);
	if (QK(d, Q_BLK_WCE_NO_FLUSH)) {
		feat_set(d->dev_features, BLK_F_CONFIG_WCE);
		feat_clr(d->dev_features, BLK_F_FLUSH);
	}
	if (QK(d, Q_BLK_NO_FLUSH)) {
		feat_clr(d->dev_features, BLK_F_FLUSH);
		feat_clr(d->dev_features, BLK_F_CONFIG_WCE);
	}
	if (d->blk_ro)
		feat_set(d->dev_features, BLK_F_RO);
	if (d->zn)
		feat_set(d->dev_features, BLK_F_ZONED);
	if (QK(d, Q_MEM_NO_PERSISTENT_SUSPEND))
		feat_clr(d->dev_features, MEM_F_PERSISTENT_SUSPEND);
	if (QK(d, Q_I2C_ZERO_LENGTH_NOT_OFFERED))
		feat_clr(d->dev_features, I2C_F_ZERO_LENGTH);
	if (QK(d, Q_VSOCK_NO_IMPLIED_STREAM_MISSING))
		feat_clr(d->dev_features, VSOCK_F_NO_IMPLIED_STREAM);
	if (QK(d, Q_CONSOLE_EMERG_UNREADY))
		feat_set(d->dev_features, CON_F_EMERG_WRITE);
	if (ty->id == ID_NET)
		net_offer(d, d->dev_features);
	if (QK(d, Q_NO_VERSION_1))
		feat_clr(d->dev_features, F_VERSION_1);
	if (QK(d, Q_NOTIF_CONFIG_DATA_ORPHAN))
		feat_set(d->dev_features, F_NOTIF_CONFIG_DATA);
	if (QK(d, Q_SRIOV_BIT_NO_CAP))
		feat_set(d->dev_features, F_SR_IOV);
	if (QK(d, Q_ADMIN_SRIOV_BIT_MISSING))
		feat_clr(d->dev_features, F_SR_IOV);
	for (unsigned int i = 0; i < d->nq; i++) {
		d->q[i].max = QK(d, Q_QUEUE_MAX_NPOT) ? 100 : RD_QMAX;
		d->q[i].visit = NULL;
	}
	devcfg_init(d);
	memcpy(d->devcfg0, d->devcfg, sizeof(d->devcfg0));
	for (unsigned int v = 0; v < RD_MAXVEC; v++)
		d->msix_table[v][12] = 1;	/* entries start masked */
	d->host.ops = &rd_host_ops;
	snprintf(d->host.target, sizeof(d->host.target), "refdev:%s", spec);
	d->t.host = &d->host;
	d->host_fifo = -1;
	r = host_options(d, spec, err, errlen);
	if (r) {
		d->t.host = NULL;
		rd_close(&d->t);
		return r;
	}

	d->t.ops = &rd_ops;
	snprintf(d->t.name, sizeof(d->t.name), "refdev:%s%s", ty->name, d->admin ? ",admin" : "");
	d->t.cfg_size = RD_CFG_SIZE;
	d->t.bars[BAR_MSIX] = (struct vct_bar){ BAR1_SIZE, false };
	d->t.bars[BAR_VIRTIO] = (struct vct_bar){ BAR4_SIZE, false };
	d->t.msix_max = d->ntab;
	d->t.noiommu = false;
	/* Like an x86 IOMMU: everything below 2^48 (or 2^iommu-aw) except the MSI window. */
	r = iommu_aw(spec, &top, err, errlen);
	if (r) {
		rd_close(&d->t);
		return r;
	}
	d->t.iova[0] = (struct vct_iova_range){ 0, top < 0xfedfffffULL ? top : 0xfedfffffULL };
	d->t.iova[1] = (struct vct_iova_range){ 0xfef00000ULL, top };
	d->t.n_iova = top > 0xfef00000ULL ? 2 : 1;
	rd_reset(&d->t);
	*out = &d->t;
	return 0;
}
