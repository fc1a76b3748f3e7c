/* SPDX-License-Identifier: MIT */
/*
 * refdev: the socket device (id 19). Guest CID 3; its host (CID 2) has no
 * listening socket, so every packet the driver sends it, but an RST, is
 * answered by an RST reply (a connection request to a port nobody listens
 * on, data for a connection that does not exist, and a packet of a type it
 * does not know, D-2899a5f8). Replies wait for rx buffers in a backlog of
 * VSOCK_BACKLOG packets, the resources outside the rx queue that keep the
 * tx queue processed while rx is full; with the backlog full, tx waits.
 * The event queue's buffers are held: a transport reset comes only with a
 * migration, which this host never does.
 *
 * This file is a part of refdev.c, included by it (after the device-side
 * ring code, before rd_types[]) like refdev_types.c.
 */
#ifdef RD_TYPES_IMPL

#define ID_VSOCK		19
#define VSOCK_F_STREAM		0
#define VSOCK_F_SEQPACKET	1
#define VSOCK_F_NO_IMPLIED_STREAM 2
#define VSOCK_HDR		44
#define VSOCK_HOST_CID		2
#define VSOCK_GUEST_CID		3
#define VSOCK_BACKLOG		64
#define VSOCK_OP_RST		3

struct rd_vsock {
	uint8_t pkt[VSOCK_BACKLOG][VSOCK_HDR];	/* replies waiting for rx buffers */
	unsigned int n;
};

static struct rd_vsock *vsock_state(struct refdev *d)
{
	if (!d->vsock)
		d->vsock = calloc(1, sizeof(*d->vsock));
	return d->vsock;
}

static void vsock_free(struct refdev *d)
{
	free(d->vsock);
	d->vsock = NULL;
}

static void vsock_init(struct refdev *d)
{
	put64(d->devcfg, QK(d, Q_VSOCK_CID_RESERVED) ? VSOCK_HOST_CID : VSOCK_GUEST_CID);	/* guest_cid */
	vsock_state(d);
}

static void vsock_reset(struct refdev *d)
{
	if (d->vsock)
		d->vsock->n = 0;
}

/* Replies into rx buffers, one packet per buffer, oldest first. */
static void vsock_deliver(struct refdev *d)
{
	struct rd_vsock *v = d->vsock;
	struct rd_queue *q = &d->q[0];
	uint16_t old = q->used_idx;
	unsigned int sent = 0;

	while (v && sent < v->n && can_process(d, q)) {
		struct rd_chain c;

		if (rd_pop(d, q, &c) <= 0)
			break;
		if (c.wlen < VSOCK_HDR) {
			/* a buffer too small for a header carries nothing; the packet waits for the next */
			if (rd_complete(d, q, &c, 0) < 0) {
				rd_fatal(d, q);
				break;
			}
			continue;
		}
		if (chain_write(d, &c, 0, v->pkt[sent], VSOCK_HDR) || rd_complete(d, q, &c, VSOCK_HDR) < 0) {
			rd_fatal(d, q);
			break;
		}
		sent++;
	}
	if (v && sent) {
		memmove(v->pkt, v->pkt[sent], (v->n - sent) * VSOCK_HDR);
		v->n -= sent;
	}
	rd_batch_done(d, q, old);
}

/* The type the negotiated features make known: stream (also without any vsock feature), seqpacket. */
static bool vsock_known_type(const struct refdev *d, uint16_t type)
{
	bool none = !NEG(d, VSOCK_F_STREAM) && !NEG(d, VSOCK_F_SEQPACKET) && !NEG(d, VSOCK_F_NO_IMPLIED_STREAM);

	if (type == 1)
		return NEG(d, VSOCK_F_STREAM) || none || !NEG(d, VSOCK_F_NO_IMPLIED_STREAM);
	return type == 2 && NEG(d, VSOCK_F_SEQPACKET);
}

/* One packet from the driver: to the host, not an RST: an RST reply (no socket listens, or the type is unknown). */
static int vsock_tx(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	struct rd_vsock *v = vsock_state(d);
	uint8_t h[VSOCK_HDR], *r;
	uint16_t type;

	*written = 0;
	if (!v)
		return -ENOMEM;
	if (c->rlen < VSOCK_HDR)
		return 0;	/* not a packet: consumed */
	if (chain_read(d, c, 0, h, VSOCK_HDR))
		return -EFAULT;
	type = get16(h + 28);
	if (get64(h + 8) != VSOCK_HOST_CID || get16(h + 30) == VSOCK_OP_RST)
		return 0;
	if (!vsock_known_type(d, type) && QK(d, Q_VSOCK_UNKNOWN_TYPE_DROPPED))
		return 0;
	r = v->pkt[v->n++];
	memset(r, 0, VSOCK_HDR);
	put64(r, VSOCK_HOST_CID);		/* src_cid */
	memcpy(r + 8, h, 8);			/* dst_cid: the sender */
	memcpy(r + 16, h + 20, 4);		/* src_port: the port it addressed */
	memcpy(r + 20, h + 16, 4);		/* dst_port: its own */
	put16(r + 28, type);
	put16(r + 30, VSOCK_OP_RST);
	return 0;
}

static void vsock_queue(struct refdev *d, unsigned int qi)
{
	struct rd_queue *q = &d->q[1];
	uint16_t old = q->used_idx;

	if (qi == 1) {
		/* tx, while the backlog has room for a reply (D-0b43ec15) */
		for (unsigned int guard = 0; guard < 65536 && d->vsock && d->vsock->n < VSOCK_BACKLOG && can_process(d, q);
		     guard++) {
			struct rd_chain c;
			uint32_t written;

			if (rd_pop(d, q, &c) <= 0)
				break;
			if (vsock_tx(d, 1, &c, &written) < 0 || rd_complete(d, q, &c, written) < 0) {
				rd_fatal(d, q);
				break;
			}
		}
		rd_batch_done(d, q, old);
	}
	/* rx buffers, and what tx was waiting for once rx drained; event buffers are held */
	vsock_deliver(d);
	if (qi != 1 && d->vsock && d->vsock->n < VSOCK_BACKLOG)
		vsock_queue(d, 1);
}

#endif
