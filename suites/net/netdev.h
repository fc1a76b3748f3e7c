/* SPDX-License-Identifier: MIT */
/*
 * The network device as the net checks drive it: bring-up with the
 * features a check asks for, control queue commands, frames out, frames in.
 *
 * Frames come back to vct from the device's network: vct sends an ARP
 * request for 10.0.2.2 (the gateway QEMU's user network has, and that the
 * reference device's network answers) from the Ethernet source the answer
 * must go to, so a check chooses the destination of the frame it will
 * receive (our address, another unicast address, a multicast group,
 * broadcast) without any help from the device's host. A probe carries a
 * tag (the ARP sender hardware address, echoed as the target hardware
 * address) so that an answer is never confused with other traffic.
 *
 * Where the driver may choose (how a receive buffer is split into
 * descriptors, buffer sizes), the choice varies with a seed: a failure
 * replays with the same seed, and it is never only the layout Linux uses.
 */
#ifndef VCT_SUITES_NET_NETDEV_H
#define VCT_SUITES_NET_NETDEV_H

#include "req.h"

/* Feature bits (device-types/net). */
enum {
	VCT_NET_F_CSUM = 0,
	VCT_NET_F_GUEST_CSUM = 1,
	VCT_NET_F_MTU = 3,
	VCT_NET_F_GUEST_TSO4 = 7,
	VCT_NET_F_GUEST_ECN = 9,
	VCT_NET_F_HOST_TSO4 = 11,
	VCT_NET_F_HOST_TSO6 = 12,
	VCT_NET_F_HOST_ECN = 13,
	VCT_NET_F_MAC = 5,
	VCT_NET_F_MRG_RXBUF = 15,
	VCT_NET_F_STATUS = 16,
	VCT_NET_F_CTRL_VQ = 17,
	VCT_NET_F_CTRL_RX = 18,
	VCT_NET_F_CTRL_VLAN = 19,
	VCT_NET_F_CTRL_RX_EXTRA = 20,
	VCT_NET_F_GUEST_ANNOUNCE = 21,
	VCT_NET_F_MQ = 22,
	VCT_NET_F_CTRL_MAC_ADDR = 23,
	VCT_NET_F_DEVICE_STATS = 50,
	VCT_NET_F_HASH_TUNNEL = 51,
	VCT_NET_F_VQ_NOTF_COAL = 52,
	VCT_NET_F_NOTF_COAL = 53,
	VCT_NET_F_HOST_USO = 56,
	VCT_NET_F_HASH_REPORT = 57,
	VCT_NET_F_RSS = 60,
	VCT_NET_F_RSC_EXT = 61,
	VCT_NET_F_SPEED_DUPLEX = 63,
	VCT_NET_F_GUEST_UDP_TUNNEL_GSO = 65,
	VCT_NET_F_HOST_UDP_TUNNEL_GSO = 67,
	VCT_NET_F_OUT_NET_HEADER = 69,
	VCT_NET_F_IPSEC = 70,
};

#define VCT_NET_HDR 12		/* virtio_net_hdr with num_buffers (VERSION_1), no longer fields negotiated */
#define VCT_NET_HDR_MAX 32	/* the longest: up to padding_reserved_2 (OUT_NET_HEADER, IPSEC) */
#define VCT_NET_OK 0
#define VCT_NET_ERR 1
#define VCT_NET_RXBUF 1526	/* a receive buffer for one untagged frame of 1500 bytes plus the header */

/* Control classes and commands. */
enum {
	VCT_NET_CTRL_RX = 0,	/* PROMISC 0, ALLMULTI 1, ALLUNI 2, NOMULTI 3, NOUNI 4, NOBCAST 5 */
	VCT_NET_CTRL_MAC = 1,	/* TABLE_SET 0, ADDR_SET 1 */
	VCT_NET_CTRL_VLAN = 2,	/* ADD 0, DEL 1 */
	VCT_NET_CTRL_ANNOUNCE = 3,
	VCT_NET_CTRL_MQ = 4,
	VCT_NET_CTRL_NOTF_COAL = 6,	/* TX_SET 0, RX_SET 1, VQ_SET 2, VQ_GET 3 */
};

#define VCT_NET_MAX_PAIRS 7	/* queue pairs vct sets up at most (VCT_MAX_QUEUES with the controlq) */
#define VCT_NET_BUFS 512	/* receive buffers a check has posted, taken or not (a ring: far more than outstanding) */

/* One receive buffer vct posted. */
struct vct_net_buf {
	struct vct_dma_buf *dma;
	uint8_t *va;		/* the buffer (at an offset into dma the seed chose) */
	uint32_t size;
	bool posted;		/* made available and not yet taken back */
};

struct vct_net {
	struct vct_bringup b;
	unsigned int pairs;	/* receiveq/transmitq pairs set up */
	int ctrl;		/* controlq index, -1 without CTRL_VQ */
	uint8_t mac[6];		/* the device's address (VIRTIO_NET_F_MAC), else one vct chose */
	uint32_t seed;		/* the driver's choices (buffer splits) */
	uint32_t hdr;		/* virtio_net_hdr length as negotiated: 12, 20, 24 or 32 (vct_net_up sets it) */
	uint16_t pending_at_take;	/* used entries still pending when vct_net_take took its buffer */
	struct vct_net_buf bufs[VCT_NET_BUFS];
	unsigned int nbufs;	/* posted so far (the next slot is nbufs % VCT_NET_BUFS) */
};

/*
 * Bring the device up with the default features plus the @need bits (each
 * must be offered: SKIP naming the first that is not) minus the @drop bits
 * (both lists end with -1): every receiveq/transmitq pair (max_virtqueue_pairs
 * with MQ, else one) and the controlq when CTRL_VQ is negotiated. Receive
 * queues start empty.
 */
void vct_net_up(struct vct_ctx *c, struct vct_net *n, const int *need, const int *drop);
#define VCT_NET_BITS(...) ((const int[]){ __VA_ARGS__, -1 })
/*
 * vct_net_up with VIRTIO_F_ADMIN_VQ too (SKIP when it is not offered) and
 * the administration queue @a set up in the same bring-up (admin.h).
 */
struct vct_admin;
void vct_net_admin_up(struct vct_ctx *c, struct vct_net *n, struct vct_admin *a, const int *need);

/*
 * One control command: class, command, @len bytes of data; @out/@outlen a
 * device-writable part before the ack (VQ_GET). Returns the ack byte the
 * device wrote; a missing completion or a used length that does not cover
 * the ack is reported against the statement of the calling check.
 */
uint8_t vct_net_ctrl(struct vct_ctx *c, struct vct_net *n, uint8_t cls, uint8_t cmd, const void *data, size_t len,
		     void *out, size_t outlen);
/* A receive mode command (VCT_NET_CTRL_RX): the ack. */
uint8_t vct_net_rx_mode(struct vct_ctx *c, struct vct_net *n, uint8_t cmd, bool on);

/* Post @count receive buffers of @size bytes on receive queue pair @pair, each split as the seed says. */
void vct_net_rx_fill(struct vct_ctx *c, struct vct_net *n, unsigned int pair, unsigned int count, uint32_t size);
/* Send @frame (@len bytes, after the n->hdr bytes of @hdr or zeroes) on transmitq @pair; waits for its completion. */
void vct_net_tx(struct vct_ctx *c, struct vct_net *n, unsigned int pair, const void *frame, uint32_t len,
		const uint8_t *hdr);

/*
 * An ARP request for 10.0.2.2 from Ethernet source @to (the address its
 * answer goes to), tagged @tag, in @f (room for 64 bytes); VLAN id @vid
 * when >= 0. Returns its length.
 */
uint32_t vct_net_probe(uint8_t *f, const uint8_t to[6], uint16_t tag, int vid);

/* One frame as it arrived: the buffers it took, the header, the frame. */
struct vct_net_rx {
	unsigned int nbuf;		/* used buffers it took (num_buffers' worth, as far as they came) */
	uint32_t len[16];		/* used length of each */
	uint32_t size[16];		/* the driver's size of each */
	uint16_t pending_at_first;	/* used entries pending when the first one was taken */
	uint8_t hdr[VCT_NET_HDR_MAX];	/* n->hdr bytes of it */
	uint8_t frame[1600];
	uint32_t flen;			/* frame bytes (header excluded, capped at sizeof(frame)) */
};

/*
 * Wait up to @ms for the answer to probe @tag on receiveq of @pair (other
 * frames are consumed and ignored). 1 and @rx filled when it came, 0 when
 * not. With MRG_RXBUF the frame is gathered from num_buffers buffers.
 */
int vct_net_rx_probe(struct vct_ctx *c, struct vct_net *n, unsigned int pair, uint16_t tag, int ms,
		     struct vct_net_rx *rx);
/* Which frames a wait takes: @f (@len bytes, no virtio header) is the one wanted. */
typedef bool (*vct_net_match)(const uint8_t *f, uint32_t len, const void *arg);
/*
 * Wait up to @ms on receiveq of @pair for a frame @match accepts (others are
 * consumed and ignored): 1 and @rx filled when it came, 0 when not. With
 * MRG_RXBUF the frame is gathered from num_buffers buffers.
 */
int vct_net_rx_wait(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms, vct_net_match match,
		    const void *arg, struct vct_net_rx *rx);
/* The Internet checksum: @sum plus the 16-bit big-endian words of @p (an odd byte padded), and folded to 16 bits. */
uint32_t vct_net_sum(const uint8_t *p, size_t n, uint32_t sum);
uint16_t vct_net_fold(uint32_t sum);
/*
 * An IPv4 frame from and to the device's own address (a loop in the
 * device's network returns it as it was): UDP (@proto 17), or TCP (6) with
 * @tcpflags, sequence number 0x10000000; IPv4 ident and source port @tag;
 * @plen payload bytes, byte i being i * 7 + tag; checksums complete.
 * Returns its length (@f needs 54 + @plen bytes).
 */
uint32_t vct_net_ip_frame(const struct vct_net *n, uint8_t *f, uint8_t proto, uint16_t tag, uint32_t plen,
			  uint8_t tcpflags);
/* Offset of the TCP/UDP header of IPv4 frame @f (0: not one, or cut short); *@l4len its length as IPv4 says. */
uint32_t vct_net_l4(const uint8_t *f, uint32_t len, uint32_t *l4len);
/* Whether @f is a frame vct_net_ip_frame built for @proto and @tag. */
bool vct_net_is_ip_frame(const uint8_t *f, uint32_t len, uint8_t proto, uint16_t tag);
/* Send probe @tag towards @to (VLAN @vid or -1) on transmitq1 and wait @ms for its answer on receiveq1. */
int vct_net_probe_round(struct vct_ctx *c, struct vct_net *n, const uint8_t to[6], uint16_t tag, int vid, int ms,
			struct vct_net_rx *rx);
/*
 * Take one used buffer of receiveq @pair, waiting up to @ms (NULL when none
 * came); @len its used length. A buffer of the same size takes its place.
 */
struct vct_net_buf *vct_net_take(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms, uint32_t *len);
/* Whether frame @f (@len bytes, no virtio header) answers probe @tag. */
bool vct_net_is_answer(const uint8_t *f, uint32_t len, uint16_t tag);
/*
 * Whether it is probe @tag itself, come back unchanged from a back end that
 * loops frames back (dpdk-testpmd's io forwarding). Only for checks that
 * judge how a received frame fills the buffers, never whether it went out
 * unchanged (a looped-back frame is no answer to that).
 */
bool vct_net_is_probe_back(const uint8_t *f, uint32_t len, uint16_t tag);
/* Whether any frame at all is pending on receiveq of @pair after @ms (consumes nothing). */
bool vct_net_rx_any(struct vct_ctx *c, struct vct_net *n, unsigned int pair, int ms);

/* How long a check waits for a frame that should not come (the device's network answers in well under it). */
int vct_net_quiet_ms(const struct vct_ctx *c);

#endif
