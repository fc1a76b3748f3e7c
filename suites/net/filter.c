/* SPDX-License-Identifier: MIT */
/*
 * Network device: receive filtering as the control queue sets it (receive
 * modes, the MAC filter table, the VLAN filter). A row names the modes it
 * turns on, the destination of the frame it makes arrive and whether the
 * frame must (or should) reach the driver.
 *
 * A frame is made to arrive by an ARP probe whose Ethernet source is the
 * destination wanted (netdev.h). Before a row is judged, the same frame is
 * shown to come back in promiscuous mode: a network that never answers
 * such a frame (QEMU's user network ignores VLAN-tagged ones) makes the row
 * SKIP, never fail (it is tried once, waiting vct_net_quiet_ms: a network
 * that answers later makes the row SKIP). A frame that must
 * arrive and did not is tried three times, each waiting the whole timeout,
 * before it fails the device.
 */
#include <string.h>

#include "netdev.h"

enum { PROMISC, ALLMULTI, ALLUNI, NOMULTI, NOUNI, NOBCAST };
enum dst { OURS, FOREIGN, MCAST, BCAST };

#define M(x) (1u << (x))
#define EXTRA_MODES (M(ALLUNI) | M(NOMULTI) | M(NOUNI) | M(NOBCAST))

static const uint8_t foreign[6] = { 0x02, 0x76, 0x63, 0x74, 0x00, 0x01 };
static const uint8_t foreign2[6] = { 0x02, 0x76, 0x63, 0x74, 0x00, 0x02 };
static const uint8_t group[6] = { 0x01, 0x76, 0x63, 0x74, 0x00, 0x01 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const char *const mode_name[] = { "PROMISC", "ALLMULTI", "ALLUNI", "NOMULTI", "NOUNI", "NOBCAST" };
static const char *const dst_name[] = { "its own address", "another unicast address", "a multicast group",
					"broadcast" };

struct frow {
	const char *stmt;
	unsigned int modes;	/* M(...) turned on; every other mode the device has is off */
	enum dst to;
	bool arrive;		/* must (or should) reach the driver */
	bool group_listed;	/* the group is in the multicast MAC table */
};

static const struct frow rows[] = {
	{ "D-de3818a1", M(PROMISC), FOREIGN, true, false },
	{ "D-5d1f6881", M(PROMISC) | M(NOUNI), FOREIGN, true, false },
	{ "D-df3104f7", M(ALLMULTI), MCAST, true, false },
	{ "D-46996951", M(ALLUNI), FOREIGN, true, false },
	{ "D-85d37a67", M(NOMULTI), MCAST, false, true },
	{ "D-8bd33d56", M(ALLMULTI) | M(NOMULTI), MCAST, false, false },
	{ "D-328b248a", M(NOMULTI), BCAST, true, false },
	{ "D-d04aa348", M(NOUNI), OURS, false, false },
	{ "D-e5f3a0a4", M(ALLUNI) | M(NOUNI), OURS, false, false },
	{ "D-1b6a90bd", M(NOBCAST), BCAST, false, false },
	{ "D-8a138f3c", M(ALLMULTI) | M(NOBCAST), BCAST, false, false },
	{ "D-b9983c7a", 0, FOREIGN, false, false },
};

static const uint8_t *dst_mac(const struct vct_net *n, enum dst d)
{
	return d == OURS ? n->mac : d == FOREIGN ? foreign : d == MCAST ? group : bcast;
}

/* Every receive mode the negotiated features have: on when in @modes, else off. */
static void set_modes(struct vct_ctx *c, struct vct_net *n, unsigned int modes)
{
	bool extra = vct_has(c->vd->features, VCT_NET_F_CTRL_RX_EXTRA);

	for (unsigned int m = PROMISC; m <= NOBCAST; m++) {
		uint8_t ack;

		if (m >= ALLUNI && !extra)
			continue;
		ack = vct_net_rx_mode(c, n, (uint8_t)m, (modes >> m) & 1);
		if (ack != VCT_NET_OK)
			vct_skip(c, "device: VIRTIO_NET_CTRL_RX_%s %s answered %u, not VIRTIO_NET_OK (net.ctrl_rx_* judge that)",
				 mode_name[m], (modes >> m) & 1 ? "on" : "off", ack);
	}
}

/* The multicast table holds @mc (or nothing), the unicast one @uc (or nothing). */
static uint8_t set_table(struct vct_ctx *c, struct vct_net *n, const uint8_t *uc, const uint8_t *mc)
{
	uint8_t t[8 + 12];
	size_t len = 0;

	memcpy(t, &(uint32_t){ htole32(uc ? 1 : 0) }, 4);
	len = 4;
	if (uc) {
		memcpy(t + len, uc, 6);
		len += 6;
	}
	memcpy(t + len, &(uint32_t){ htole32(mc ? 1 : 0) }, 4);
	len += 4;
	if (mc) {
		memcpy(t + len, mc, 6);
		len += 6;
	}
	return vct_net_ctrl(c, n, VCT_NET_CTRL_MAC, 0, t, len, NULL, 0);
}

/* Whether a probe towards @to (VLAN @vid or -1) comes back; @tries rounds for one that should. */
static bool arrives(struct vct_ctx *c, struct vct_net *n, const uint8_t *to, int vid, uint16_t tag, unsigned int tries)
{
	struct vct_net_rx rx;

	for (unsigned int i = 0; i < tries; i++)
		if (vct_net_probe_round(c, n, to, (uint16_t)(tag + i), vid,
					tries > 1 ? c->timeout_ms : vct_net_quiet_ms(c), &rx))
			return true;
	return false;
}

/*
 * The same frame in promiscuous mode (every other mode off): SKIP when the
 * network never answers it. A row about promiscuous mode itself is
 * calibrated with the address in the unicast MAC table instead.
 */
static void calibrate(struct vct_ctx *c, struct vct_net *n, const uint8_t *to, int vid, const char *what, bool table)
{
	if (table) {
		set_modes(c, n, 0);
		if (set_table(c, n, to, NULL) != VCT_NET_OK)
			vct_skip(c, "device: VIRTIO_NET_CTRL_MAC_TABLE_SET with one unicast address was refused");
	} else {
		set_modes(c, n, M(PROMISC));
	}
	if (!arrives(c, n, to, vid, 0x300, 1))
		vct_skip(c, "device: no frame to %s came back even %s (the device's network does not answer the probe)",
			 what, table ? "with the address in the MAC table" : "in promiscuous mode");
	if (table && set_table(c, n, NULL, NULL) != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MAC_TABLE_SET emptying the tables was refused");
}

static void filter_row(struct vct_ctx *c)
{
	const struct frow *r = NULL;
	struct vct_net n;
	bool got;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (!strcmp(rows[i].stmt, c->check->stmt))
			r = &rows[i];
	if (!r)
		vct_abort(c, "no filter row for %s", c->check->stmt);
	if (r->modes & EXTRA_MODES)
		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX, VCT_NET_F_CTRL_RX_EXTRA), NULL);
	else
		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX), NULL);
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n, dst_mac(&n, r->to), -1, dst_name[r->to], (r->modes & M(PROMISC)) != 0);
	if (r->group_listed && set_table(c, &n, NULL, group) != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MAC_TABLE_SET with one multicast address was refused");
	set_modes(c, &n, r->modes);
	got = arrives(c, &n, dst_mac(&n, r->to), -1, 0x310, r->arrive ? 3 : 1);
	vct_report(c, got == r->arrive, "a frame to the row's destination under the row's receive modes",
		   r->arrive ? "delivered to the driver" : "not delivered", "%s to %s (modes on: %s%s%s%s%s%s)",
		   got ? "delivered" : "not delivered", dst_name[r->to], r->modes & M(PROMISC) ? "PROMISC " : "",
		   r->modes & M(ALLMULTI) ? "ALLMULTI " : "", r->modes & M(ALLUNI) ? "ALLUNI " : "",
		   r->modes & M(NOMULTI) ? "NOMULTI " : "", r->modes & M(NOUNI) ? "NOUNI " : "",
		   r->modes & M(NOBCAST) ? "NOBCAST" : "");
}

/*
 * Whether the device filters unicast frames for other addresses at all
 * (SHOULD, D-b9983c7a): without that the table's content cannot be seen,
 * and the MAC table checks SKIP.
 */
static void need_unicast_filter(struct vct_ctx *c, struct vct_net *n)
{
	if (arrives(c, n, foreign2, -1, 0x320, 1))
		vct_skip(c, "device: frames to an address in no table still reach the driver outside promiscuous mode "
			    "(no unicast filtering, D-b9983c7a): the MAC table's content cannot be seen");
}

/* D-94e96b52: an address of a MAC_TABLE_SET the device used is in the table at once. */
static void mac_table_before_used(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX), NULL);
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n, foreign, -1, dst_name[FOREIGN], false);
	set_modes(c, &n, 0);
	need_unicast_filter(c, &n);
	ack = set_table(c, &n, foreign, NULL);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MAC_TABLE_SET with one unicast address", "VIRTIO_NET_OK (0)",
		    "%u", ack);
	vct_report(c, arrives(c, &n, foreign, -1, 0x330, 3),
		   "a frame to the address the table got, right after the command was used", "delivered",
		   "not delivered (frames to an address in no table are dropped)");
}

/* D-1ab38f5b: after a device reset the MAC table is empty: an address set before is filtered again. */
static void mac_table_empty_after_reset(struct vct_ctx *c)
{
	struct vct_net n;
	uint8_t ack;

	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX), NULL);
	vct_net_rx_fill(c, &n, 0, 4, VCT_NET_RXBUF);
	ack = set_table(c, &n, foreign, NULL);
	if (ack != VCT_NET_OK)
		vct_skip(c, "device: VIRTIO_NET_CTRL_MAC_TABLE_SET with one unicast address answered %u", ack);
	vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX), NULL);	/* resets the device */
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n, foreign, -1, dst_name[FOREIGN], false);
	set_modes(c, &n, 0);
	need_unicast_filter(c, &n);
	vct_report(c, !arrives(c, &n, foreign, -1, 0x340, 1),
		   "a frame to the address the MAC table held before the device reset", "dropped like any address in no table",
		   "delivered: the table kept it across the reset");
}

/* VLAN rows: D-8f0023b9 without CTRL_VLAN, D-2664de1a / D-8f1cc470 with VLAN 100 in the table. */
static void vlan_row(struct vct_ctx *c)
{
	bool with = strcmp(c->check->stmt, "D-8f0023b9") != 0;
	int vid = !strcmp(c->check->stmt, "D-8f1cc470") ? 200 : 100;
	bool arrive = vid == 100;
	struct vct_net n;

	if (with)
		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX, VCT_NET_F_CTRL_VLAN), NULL);
	else
		vct_net_up(c, &n, VCT_NET_BITS(VCT_NET_F_CTRL_VQ, VCT_NET_F_CTRL_RX), VCT_NET_BITS(VCT_NET_F_CTRL_VLAN));
	vct_net_rx_fill(c, &n, 0, 8, VCT_NET_RXBUF);
	calibrate(c, &n, n.mac, vid, "its own address with a VLAN tag", false);
	if (with) {
		uint16_t v = htole16(100);
		uint8_t ack = vct_net_ctrl(c, &n, VCT_NET_CTRL_VLAN, 0, &v, 2, NULL, 0);

		vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_VLAN_ADD 100", "VIRTIO_NET_OK (0)", "%u", ack);
	}
	set_modes(c, &n, 0);
	vct_report(c, arrives(c, &n, n.mac, vid, 0x350, arrive ? 3 : 1) == arrive,
		   with ? "a frame tagged with a VLAN id (VLAN 100 in the filter table)" : "a VLAN-tagged frame without CTRL_VLAN",
		   arrive ? "delivered" : "not delivered", "VLAN %d: %s", vid, arrive ? "not delivered" : "delivered");
}

#define ROW(nm, id) VCT_CHECK("net." nm, id, filter_row, .type = VCT_ID_NET)

static const struct vct_check checks[] = {
	ROW("promisc_receives_all", "D-de3818a1"),
	ROW("promisc_over_nouni", "D-5d1f6881"),
	ROW("allmulti_receives_groups", "D-df3104f7"),
	ROW("alluni_receives_unicast", "D-46996951"),
	ROW("nomulti_drops_groups", "D-85d37a67"),
	ROW("nomulti_over_allmulti", "D-8bd33d56"),
	ROW("nomulti_keeps_broadcast", "D-328b248a"),
	ROW("nouni_drops_unicast", "D-d04aa348"),
	ROW("nouni_over_alluni", "D-e5f3a0a4"),
	ROW("nobcast_drops_broadcast", "D-1b6a90bd"),
	ROW("nobcast_over_allmulti", "D-8a138f3c"),
	ROW("drops_other_unicast", "D-b9983c7a"),
	VCT_CHECK("net.mac_table_before_used", "D-94e96b52", mac_table_before_used, .type = VCT_ID_NET),
	VCT_CHECK("net.mac_table_empty_after_reset", "D-1ab38f5b", mac_table_empty_after_reset, .type = VCT_ID_NET),
	VCT_CHECK("net.vlan_untagged_filter_off", "D-8f0023b9", vlan_row, .type = VCT_ID_NET),
	VCT_CHECK("net.vlan_listed_accepted", "D-2664de1a", vlan_row, .type = VCT_ID_NET),
	VCT_CHECK("net.vlan_unlisted_dropped", "D-8f1cc470", vlan_row, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_filter, "net", checks);
