/* SPDX-License-Identifier: MIT */
/*
 * refdev's network device state (refdev_net.c): the frames on their way
 * back to the driver, the receive filters and steering the control queue
 * sets, and what a few quirks hold back. Private to refdev.c.
 */
#ifndef VCT_REFDEV_NET_H
#define VCT_REFDEV_NET_H

#include <stdbool.h>
#include <stdint.h>

#define NET_BACKLOG		16
#define NET_MAC_TABLE		16	/* entries per MAC filter table (unicast, multicast) */
#define NET_MAX_PAIRS		2	/* max_virtqueue_pairs */
#define NET_NQ			(2 * NET_MAX_PAIRS + 1)	/* receiveq/transmitq pairs and controlq */
#define NET_RSS_TABLE		128	/* rss_max_indirection_table_length */
#define NET_RSS_KEY		40	/* rss_max_key_size */

struct net_frame {
	uint8_t *p;
	uint32_t len;
	uint8_t pair;		/* receiveq it is steered to (0-based pair) */
	uint8_t vh[32];		/* the virtio_net_hdr it is delivered with (offloads), num_buffers aside */
};

/* A used buffer held back (net-mrg-late-last): completed when the driver next notifies a receiveq. */
struct net_late {
	bool held;
	uint16_t head, ndesc;
	uint32_t written;
	uint8_t qi;
};

/* Notification coalescing parameters of one virtqueue. */
struct net_coal {
	uint32_t usecs, frames;
};

struct rd_net {
	struct net_frame bl[NET_BACKLOG];
	unsigned int head, count;

	/* VIRTIO_NET_CTRL_RX modes */
	bool promisc, allmulti, alluni, nomulti, nouni, nobcast;
	/* VIRTIO_NET_CTRL_MAC_TABLE_SET */
	uint8_t uc[NET_MAC_TABLE][6], mc[NET_MAC_TABLE][6];
	unsigned int nuc, nmc;
	/* a command that lands only with the next one (net-mac-table-late, net-mac-addr-late) */
	bool table_pending, addr_pending;
	uint8_t pend_uc[NET_MAC_TABLE][6], pend_mc[NET_MAC_TABLE][6], pend_addr[6];
	unsigned int pend_nuc, pend_nmc;
	/* VIRTIO_NET_CTRL_VLAN: one bit per VLAN id */
	uint64_t vlan[4096 / 64];
	/* VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, or RSS_CONFIG (the last one sent decides) */
	uint16_t pairs;
	bool rss;
	uint32_t rss_types;
	uint16_t rss_mask, rss_unclassified, rss_table[NET_RSS_TABLE];
	uint8_t rss_key[NET_RSS_KEY];
	uint32_t tunnels;	/* VIRTIO_NET_CTRL_HASH_TUNNEL_SET: enabled_tunnel_types */
	/* VIRTIO_NET_CTRL_NOTF_COAL: the class-wide values and each data queue's */
	struct net_coal tx, rx, vq[2 * NET_MAX_PAIRS];
	/* VIRTIO_NET_CTRL_STATS: frames and bytes per data queue, commands and successes on the controlq */
	uint64_t packets[2 * NET_MAX_PAIRS], bytes[2 * NET_MAX_PAIRS], cmds, cmds_ok;
	struct net_late late;
	uint8_t rss_ctx;	/* VIRTNET_RSS_CTX_CTRL: one bit per context id in use (1..4) */
};

#endif
