/* SPDX-License-Identifier: MIT */
/*
 * SPI controller (id 45): its configuration and how it checks a transfer.
 * SPI has no addressing: a transfer the device accepts is clocked into
 * whatever sits on the chip select. So every transfer vct sends here is one
 * the device must refuse (a parameter out of range, a feature its
 * configuration says it lacks, tx_buf and rx_buf of different lengths), and
 * the checks are that it does (VIRTIO_SPI_PARAM_ERR) and leaves tx_buf
 * alone. Each transfer is otherwise valid for the device's configuration.
 */
#include <string.h>

#include "types/types.h"

#define VCT_ID_SPI 45
#define SPI_HEAD 32
#define SPI_TRANS_OK 0
#define SPI_PARAM_ERR 1
#define M_CPHA 1u
#define M_CPOL 2u
#define M_CS_HIGH 4u
#define M_LSB_FIRST 8u
#define M_LOOP 16u

struct spi_dev {
	struct vct_bringup b;
	uint8_t cs_max;
	uint32_t bpw_mask, mode_func, max_freq;
};

/* A transfer head valid for this device: chip select 0, a supported word size, mode, SINGLE, a modest clock. */
struct spi_xfer {
	uint8_t head[SPI_HEAD];
	uint32_t tx, rx;	/* tx_buf and rx_buf lengths (0: none) */
	uint8_t result;
	uint8_t tx_after[16];
};

static void spi_start(struct vct_ctx *c, struct spi_dev *d)
{
	memset(d, 0, sizeof(*d));
	d->b.nq = 1;
	vct_c_bringup(c, &d->b);
	d->cs_max = (uint8_t)vct_req_cfg(c, "cs_max_number");
	d->bpw_mask = (uint32_t)vct_req_cfg(c, "bits_per_word_mask");
	d->mode_func = (uint32_t)vct_req_cfg(c, "mode_func_supported");
	d->max_freq = (uint32_t)vct_req_cfg(c, "max_freq_hz");
	if (!d->cs_max)
		vct_skip(c, "device: cs_max_number is 0, no chip select to address");
}

static void valid_head(const struct spi_dev *d, struct spi_xfer *x, uint32_t tx, uint32_t rx)
{
	unsigned int bpw = 8;

	memset(x, 0, sizeof(*x));
	if (d->bpw_mask && !(d->bpw_mask & (1u << 7)))
		for (bpw = 1; bpw <= 32 && !(d->bpw_mask & (1u << (bpw - 1))); bpw++)
			;
	x->head[0] = 0;			/* chip_select_id */
	x->head[1] = (uint8_t)bpw;	/* bits_per_word */
	x->head[3] = x->head[4] = 1;	/* tx_nbits, rx_nbits: SINGLE */
	/* CPHA and CPOL each as supported (bits 0-1 and 2-3: 0b01 the 0 setting, 0b10 the 1 setting) */
	vct_put32(x->head + 8, ((d->mode_func & 3) == 2 ? M_CPHA : 0) | (((d->mode_func >> 2) & 3) == 2 ? M_CPOL : 0));
	vct_put32(x->head + 12, d->max_freq && d->max_freq < 100000 ? d->max_freq : 100000);	/* freq */
	x->tx = tx;
	x->rx = rx;
}

/* Send @x (tx_buf 0x5a, 0xa5 ...; the head cut after 8 bytes) and wait for it; the result and tx_buf afterwards. */
static void spi_send(struct vct_ctx *c, struct spi_dev *d, struct spi_xfer *x)
{
	struct vct_dma_buf *h = vct_c_dma(c, SPI_HEAD), *t = x->tx ? vct_c_dma(c, x->tx) : NULL,
			   *r = vct_c_dma(c, x->rx + 1);
	struct vct_sg sg[4];
	unsigned int n = 0;
	uint32_t len;
	void *tok;

	memcpy(h->va, x->head, SPI_HEAD);
	sg[n++] = (struct vct_sg){ .iova = h->iova, .len = 8 };
	sg[n++] = (struct vct_sg){ .iova = h->iova + 8, .len = SPI_HEAD - 8 };
	if (t) {
		for (uint32_t i = 0; i < x->tx; i++)
			((uint8_t *)t->va)[i] = i & 1 ? 0xa5 : 0x5a;
		sg[n++] = (struct vct_sg){ .iova = t->iova, .len = x->tx };
	}
	memset(r->va, 0xee, x->rx + 1);
	sg[n++] = (struct vct_sg){ .iova = r->iova, .len = x->rx + 1, .write = true };	/* rx_buf and result */
	if (vct_vq_add(d->b.vq[0], sg, n, r->va, 0) < 0)
		vct_abort(c, "cannot post an SPI transfer");
	vct_vq_notify(d->b.vq[0]);
	if (vct_req_collect(c, d->b.vq[0], c->timeout_ms, 1, &tok, &len) != 1) {
		vct_step_begin(c);
		vct_require(c, false, "requestq", "the transfer answered", "not within %d ms", c->timeout_ms);
	}
	x->result = ((uint8_t *)r->va)[x->rx];
	if (t)
		memcpy(x->tx_after, t->va, x->tx < 16 ? x->tx : 16);
}

/* Send @x and report that it was refused. */
static void refused(struct vct_ctx *c, struct spi_dev *d, struct spi_xfer *x, const char *what)
{
	spi_send(c, d, x);
	vct_report(c, x->result == SPI_PARAM_ERR, what, "VIRTIO_SPI_PARAM_ERR (1)", "result 0x%02x", x->result);
}

/*
 * D-992abbeb: the configuration is set: the reserved bits of
 * tx_nbits_supported and rx_nbits_supported are 0, and mode_func_supported
 * names at least one CPHA and one CPOL setting (0b00 is the invalid value).
 */
static void config_set(struct vct_ctx *c)
{
	uint8_t txn, rxn;
	uint32_t mf;

	vct_c_negotiate(c, NULL);
	txn = (uint8_t)vct_req_cfg(c, "tx_nbits_supported");
	rxn = (uint8_t)vct_req_cfg(c, "rx_nbits_supported");
	mf = (uint32_t)vct_req_cfg(c, "mode_func_supported");
	vct_report(c, !(txn & ~7u) && !(rxn & ~7u), "reserved bits 3-7 of tx_nbits_supported, rx_nbits_supported", "0",
		   "0x%02x, 0x%02x", txn, rxn);
	vct_report(c, (mf & 3) && ((mf >> 2) & 3), "CPHA and CPOL fields of mode_func_supported",
		   "at least one setting each (0b00 is invalid)", "mode_func_supported 0x%08x", mf);
}

/* D-54b85030: the device checks the head: a chip select past cs_max_number, then a tx_nbits of 3, are refused. */
static void params_verified(struct vct_ctx *c)
{
	struct spi_dev d;
	struct spi_xfer x;

	spi_start(c, &d);
	valid_head(&d, &x, 4, 0);
	x.head[0] = d.cs_max;	/* one past the last index */
	refused(c, &d, &x, "write transfer to chip select cs_max_number");
	valid_head(&d, &x, 4, 0);
	x.head[3] = 3;		/* tx_nbits: neither SINGLE, DUAL, QUAD nor OCTAL */
	refused(c, &d, &x, "write transfer with tx_nbits 3");
}

/* D-659c17fc: a transfer asking for a mode feature the configuration says the device lacks is refused. */
static void unsupported_refused(struct vct_ctx *c)
{
	static const struct { uint32_t bit, need; const char *what; } m[] = {
		{ M_CS_HIGH, 1u << 4, "write transfer with CS_HIGH, unsupported" },
		{ M_LSB_FIRST, 1u << 5, "write transfer with LSB_FIRST, unsupported" },
		{ M_LOOP, 1u << 6, "write transfer with LOOP, unsupported" },
	};
	struct spi_dev d;
	unsigned int tried = 0;

	spi_start(c, &d);
	for (unsigned int i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct spi_xfer x;

		if (d.mode_func & m[i].need)
			continue;
		valid_head(&d, &x, 4, 0);
		vct_put32(x.head + 8, (uint32_t)vct_le_load(x.head + 8, 4) | m[i].bit);
		refused(c, &d, &x, m[i].what);
		tried++;
	}
	if (!tried)
		vct_skip(c, "device: it supports CS_HIGH, LSB_FIRST and LOOP (mode_func_supported 0x%08x)", d.mode_func);
}

/* D-11e909a2: a full-duplex transfer whose rx_buf is longer than its tx_buf is refused. */
static void duplex_rx_longer(struct vct_ctx *c)
{
	struct spi_dev d;
	struct spi_xfer x;

	spi_start(c, &d);
	valid_head(&d, &x, 4, 8);
	refused(c, &d, &x, "full-duplex transfer, tx_buf 4 bytes, rx_buf 8");
}

/* D-efa2e277: a full-duplex transfer whose tx_buf is longer than its rx_buf is refused. */
static void duplex_tx_longer(struct vct_ctx *c)
{
	struct spi_dev d;
	struct spi_xfer x;

	spi_start(c, &d);
	valid_head(&d, &x, 8, 4);
	refused(c, &d, &x, "full-duplex transfer, tx_buf 8 bytes, rx_buf 4");
}

/* D-a87ea1de: tx_buf stays as the driver wrote it (transfers the device refuses, so nothing is clocked). */
static void tx_buf_unchanged(struct vct_ctx *c)
{
	static const uint32_t sizes[][2] = { { 4, 0 }, { 8, 4 }, { 16, 16 } };
	struct spi_dev d;

	spi_start(c, &d);
	for (unsigned int i = 0; i < 3; i++) {
		struct spi_xfer x;
		bool same = true;

		valid_head(&d, &x, sizes[i][0], sizes[i][1]);
		x.head[0] = d.cs_max;	/* refused */
		spi_send(c, &d, &x);
		for (uint32_t k = 0; k < x.tx && k < 16; k++)
			same &= x.tx_after[k] == (k & 1 ? 0xa5 : 0x5a);
		vct_report(c, same, "tx_buf after the request", "as the driver wrote it (5a a5 ...)",
			   "%u-byte tx_buf: %02x %02x %02x %02x ...", x.tx, x.tx_after[0], x.tx_after[1], x.tx_after[2],
			   x.tx_after[3]);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("spi.config_set", "D-992abbeb", config_set, .type = VCT_ID_SPI),
	VCT_CHECK("spi.params_verified", "D-54b85030", params_verified, .type = VCT_ID_SPI),
	VCT_CHECK("spi.unsupported_refused", "D-659c17fc", unsupported_refused, .type = VCT_ID_SPI),
	VCT_CHECK("spi.duplex_rx_longer", "D-11e909a2", duplex_rx_longer, .type = VCT_ID_SPI),
	VCT_CHECK("spi.duplex_tx_longer", "D-efa2e277", duplex_tx_longer, .type = VCT_ID_SPI),
	VCT_CHECK("spi.tx_buf_unchanged", "D-a87ea1de", tx_buf_unchanged, .type = VCT_ID_SPI),
};

VCT_SUITE(vct_suite_spi, "spi", checks);
