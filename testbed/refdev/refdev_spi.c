/* SPDX-License-Identifier: MIT */
/*
 * refdev: the SPI controller (id 45). One chip select, 8-bit words only,
 * both clock phases and polarities, no CS_HIGH, LSB_FIRST or loopback, no
 * dual/quad/octal, up to 10 MHz, no delays. Its peripheral answers every
 * word with 0xa5. A request is the transfer head (32 bytes), tx_buf
 * (device-readable), rx_buf (device-writable) and the result byte, the last
 * writable one; every parameter is checked before anything is clocked, and
 * a full-duplex transfer needs tx_buf and rx_buf of one length.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_SPI			45
#define SPI_CFG_LEN		28
#define SPI_HEAD		32
#define SPI_TRANS_OK		0
#define SPI_PARAM_ERR		1
#define SPI_MAX_FREQ		10000000u

static void spi_init(struct refdev *d)
{
	d->devcfg[0] = 1;	/* cs_max_number */
	d->devcfg[1] = 1;	/* cs_change_supported */
	d->devcfg[2] = 0;	/* tx_nbits_supported: SINGLE only */
	d->devcfg[3] = 0;	/* rx_nbits_supported */
	put32(d->devcfg + 4, 1u << 7);	/* bits_per_word_mask: 8 */
	put32(d->devcfg + 8, QK(d, Q_SPI_CONFIG_CPHA_NONE) ? 0xc : 0xf);	/* mode_func_supported: CPHA, CPOL both */
	put32(d->devcfg + 12, SPI_MAX_FREQ);	/* max_freq_hz; the delays (16-27) are not supported: 0 */
}

/* Whether the head's parameters are all valid and ask for nothing the controller lacks. */
static bool spi_head_ok(struct refdev *d, const uint8_t *h)
{
	uint32_t mode = get32(h + 8), freq = get32(h + 12);
	bool valid = (h[0] < d->devcfg[0] || QK(d, Q_SPI_CS_UNCHECKED)) && h[2] <= 1 &&
		     ((h[3] <= 1 && h[4] <= 1) || QK(d, Q_SPI_CS_UNCHECKED)) && freq <= SPI_MAX_FREQ;
	bool supported = h[1] == 8 && ((mode & ~3u) == 0 || QK(d, Q_SPI_UNSUPPORTED_MODE_ACCEPTED)) &&
			 !get32(h + 16) && !get32(h + 20) && !get32(h + 24) && !get32(h + 28);

	return valid && supported;
}

static int spi_req(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t h[SPI_HEAD], res = SPI_PARAM_ERR, rx[4096];
	uint64_t tx, rxl;
	bool ok;
	int r;

	(void)qi;
	*written = 0;
	if (!c->wlen)
		return 0;	/* nowhere to put a result */
	if (c->rlen < SPI_HEAD) {
		/* no head: refused */
		if (chain_write(d, c, 0, NULL, c->wlen - 1) || chain_write(d, c, c->wlen - 1, &res, 1))
			return -EFAULT;
		*written = (uint32_t)c->wlen;
		return 0;
	}
	r = chain_read(d, c, 0, h, SPI_HEAD);
	if (r)
		return r;
	tx = c->rlen - SPI_HEAD;
	rxl = c->wlen - 1;
	ok = spi_head_ok(d, h) && rxl <= sizeof(rx) && (tx || rxl);
	/* full duplex: one length for both (D-11e909a2, D-efa2e277) */
	if (tx && rxl && tx != rxl && !(rxl > tx && QK(d, Q_SPI_DUPLEX_RX_LONGER_ACCEPTED)) &&
	    !(tx > rxl && QK(d, Q_SPI_DUPLEX_TX_LONGER_ACCEPTED)))
		ok = false;
	if (ok) {
		memset(rx, 0xa5, rxl);
		if (rxl && chain_write(d, c, 0, rx, rxl))
			return -EFAULT;
		res = SPI_TRANS_OK;
	} else if (rxl && chain_write(d, c, 0, NULL, rxl)) {
		return -EFAULT;
	}
	if (QK(d, Q_SPI_TX_BUF_SCRIBBLED) && tx) {
		uint8_t ff[64];

		memset(ff, 0xff, sizeof(ff));
		i2c_poke_readable(d, c, SPI_HEAD, ff, tx < 64 ? tx : 64);
	}
	if (chain_write(d, c, c->wlen - 1, &res, 1))
		return -EFAULT;
	*written = (uint32_t)c->wlen;
	return 0;
}

static void spi_queue(struct refdev *d, unsigned int qi)
{
	rd_serve(d, qi, spi_req);
}

#endif
