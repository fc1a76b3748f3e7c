/* SPDX-License-Identifier: MIT */
/*
 * Network device: IPsec operation (VIRTIO_NET_F_IPSEC). Its capabilities
 * (0x803 resource limits, 0x804 SA modes and algorithms) and SA objects
 * (0x203 outbound, 0x204 inbound) live in the self group of the device's
 * administration queue, in the crypto chapter's formats.
 *
 * vct builds the SA it can describe without guessing: ESP in IPv4 tunnel
 * mode, AES-CBC with a 16-byte key and HMAC-SHA-256 with a 16-byte key
 * (tunnel type 1 for IPv4, as the crypto checks use), and SKIPs ("not
 * offered:") a device whose SA capability has no such mode.
 */
#include <string.h>

#include "netadm.h"

#define NET_F_IPSEC 70
#define NIPS_CAP_RESOURCE 0x803
#define NIPS_CAP_SA 0x804
#define NIPS_OBJ(dir) (0x203 + (dir))	/* 0 outbound, 1 inbound */
#define NIPS_SA_LEN 196			/* struct virtio_crypto_resource_obj_ipsec_sa_256b_key */
#define NIPS_MODE_LEN 44		/* struct virtio_crypto_ipsec_mode_cap */
#define NIPS_MODE_ESP_TUNNEL 1
#define NIPS_CIPHER_AES_CBC 3
#define NIPS_HMAC_SHA_256 4

struct nips {
	struct vct_net n;
	struct vct_admin a;
	uint64_t self_ops;
	uint32_t limit[2];	/* outb_sa_limit, inb_sa_limit as the device gave them */
	uint8_t sacap[8 + NIPS_MODE_LEN * 8];
	uint32_t sacap_len;
};

static const char *const dirs[] = { "outbound", "inbound" };

/* Up with IPSEC and the administration queue, the self group's commands enabled; its capability list in @cmd. */
static void nips_up(struct vct_ctx *c, struct nips *p, struct vct_admin_cmd *cmd)
{
	char d[128];

	memset(p, 0, sizeof(*p));
	vct_net_admin_up(c, &p->n, &p->a, VCT_NET_BITS(NET_F_IPSEC));
	p->self_ops = vct_c_admin_enable(c, &p->a, VCT_ADMIN_GROUP_SELF);
	vct_require(c, (p->self_ops >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 1,
		    "CAP_ID_LIST_QUERY in the self group of a device with VIRTIO_NET_F_IPSEC", "supported",
		    "LIST_QUERY 0x%llx", (unsigned long long)p->self_ops);
	vct_admin_cmd_init(cmd, VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_GROUP_SELF, 0);
	vct_c_admin_exec(c, &p->a, cmd);
	vct_require(c, cmd->status == VCT_ADMIN_S_OK, "CAP_ID_LIST_QUERY with VIRTIO_NET_F_IPSEC negotiated",
		    "VIRTIO_ADMIN_STATUS_OK", "%s", vct_admin_describe(cmd, d, sizeof(d)));
}

/*
 * nips_up, then both capabilities read (SKIP, naming net.ipsec_caps_listed,
 * when they are not there) and a usable SA mode required; with @set the
 * driver's capabilities are set to the device's.
 */
static void nips_open(struct vct_ctx *c, struct nips *p, bool set)
{
	struct vct_admin_cmd cmd;
	uint8_t res[8];
	bool ok = false;
	char d[128];

	nips_up(c, p, &cmd);
	if (!vct_net_cap_listed(&cmd, NIPS_CAP_RESOURCE) || !vct_net_cap_listed(&cmd, NIPS_CAP_SA))
		vct_skip(c, "device: the IPsec capabilities are not listed (net.ipsec_caps_listed judges it)");
	vct_net_cap_get(c, &p->a, NIPS_CAP_RESOURCE, &cmd);
	vct_require(c, cmd.status == VCT_ADMIN_S_OK, "DEVICE_CAP_GET of VIRTIO_NET_IPSEC_RESOURCE_CAP", "VIRTIO_ADMIN_STATUS_OK",
		    "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	p->limit[1] = vct_admin_res32(&cmd, 0);
	p->limit[0] = vct_admin_res32(&cmd, 4);
	vct_net_cap_get(c, &p->a, NIPS_CAP_SA, &cmd);
	vct_require(c, cmd.status == VCT_ADMIN_S_OK, "DEVICE_CAP_GET of VIRTIO_NET_IPSEC_SA_CAP", "VIRTIO_ADMIN_STATUS_OK",
		    "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	p->sacap_len = cmd.result_len < sizeof(p->sacap) ? cmd.result_len : (uint32_t)sizeof(p->sacap);
	memcpy(p->sacap, cmd.result, p->sacap_len);
	for (unsigned int i = 0; i < p->sacap[0] && 8u + NIPS_MODE_LEN * (i + 1) <= p->sacap_len && !ok; i++) {
		const uint8_t *m = p->sacap + 8 + NIPS_MODE_LEN * i;

		ok = m[0] == NIPS_MODE_ESP_TUNNEL && ((vct_le_load(m + 16, 8) >> NIPS_CIPHER_AES_CBC) & 1) &&
		     ((vct_le_load(m + 24, 8) >> NIPS_HMAC_SHA_256) & 1) && vct_le_load(m + 36, 4) >= 16 &&
		     vct_le_load(m + 40, 4) >= 16;
	}
	if (!ok)
		vct_skip(c, "not offered: no mode of VIRTIO_NET_IPSEC_SA_CAP offers ESP tunnel mode with AES-CBC and "
			 "HMAC-SHA-256 (16-byte keys)");
	if (!p->limit[0] || !p->limit[1])
		vct_skip(c, "device: an SA limit is 0 (outb_sa_limit %u, inb_sa_limit %u)", p->limit[0], p->limit[1]);
	if (!set)
		return;
	vct_le_store(res, p->limit[1], 4);
	vct_le_store(res + 4, p->limit[0], 4);
	vct_net_cap_set(c, &p->a, NIPS_CAP_RESOURCE, res, sizeof(res),
			"DRIVER_CAP_SET of VIRTIO_NET_IPSEC_RESOURCE_CAP with the device's limits");
	vct_net_cap_set(c, &p->a, NIPS_CAP_SA, p->sacap, p->sacap_len,
			"DRIVER_CAP_SET of VIRTIO_NET_IPSEC_SA_CAP as the device gave it");
}

/* A command on SA @id of direction @dir (@sa: the SA's data, NULL for none). */
static void sa_cmd(struct vct_ctx *c, struct nips *p, struct vct_admin_cmd *cmd, uint16_t op, unsigned int dir, uint32_t id,
		   const uint8_t *sa)
{
	vct_net_obj_cmd(c, &p->a, cmd, op, (uint16_t)NIPS_OBJ(dir), id, sa, sa ? NIPS_SA_LEN : 0);
}

/* An SA of direction @dir: ESP tunnel mode, AES-CBC and HMAC-SHA-256, 16-byte keys drawn from @spi. */
static void sa_build(uint8_t *sa, unsigned int dir, uint32_t spi)
{
	memset(sa, 0, NIPS_SA_LEN);
	sa[0] = NIPS_MODE_ESP_TUNNEL;
	sa[1] = (uint8_t)(dir + 1);	/* VIRTIO_CRYPTO_IPSEC_DIR_OUTBOUND / _INBOUND */
	vct_le_store(sa + 4, spi, 4);		/* obj_id: the driver's data */
	vct_le_store(sa + 8, spi, 4);
	vct_le_store(sa + 12, 0x5a17u, 4);	/* salt */
	if (dir == 0) {			/* the tunnel (outbound only): IPv4 10.0.0.1 to 192.168.1.2, TTL 64 */
		sa[24] = 1;
		vct_le_store(sa + 28, 0x0a000001u, 4);
		vct_le_store(sa + 32, 0xc0a80102u, 4);
		sa[38] = 64;
	}
	sa[76] = NIPS_CIPHER_AES_CBC;
	sa[84] = 16;
	for (unsigned int i = 0; i < 16; i++)
		sa[88 + i] = (uint8_t)(spi * 7 + i);
	sa[120] = NIPS_HMAC_SHA_256;
	sa[128] = 16;
	for (unsigned int i = 0; i < 16; i++)
		sa[132 + i] = (uint8_t)(spi * 13 + 3 * i);
}

/* D-ab8347b6: with IPSEC negotiated, supported_caps lists both IPsec capabilities. */
static void ipsec_caps_listed(struct vct_ctx *c)
{
	struct vct_admin_cmd cmd;
	struct nips p;
	bool r, s;

	nips_up(c, &p, &cmd);
	r = vct_net_cap_listed(&cmd, NIPS_CAP_RESOURCE), s = vct_net_cap_listed(&cmd, NIPS_CAP_SA);
	vct_report(c, r && s, "IPsec capabilities in supported_caps of CAP_ID_LIST_QUERY (VIRTIO_NET_F_IPSEC negotiated)",
		   "VIRTIO_NET_IPSEC_RESOURCE_CAP (0x803) and VIRTIO_NET_IPSEC_SA_CAP (0x804)", "0x803 %s, 0x804 %s",
		   r ? "listed" : "missing", s ? "listed" : "missing");
}

/* D-565950db: CREATE, MODIFY, QUERY and DESTROY of an outbound and an inbound SA all succeed. */
static void ipsec_sa_commands(struct vct_ctx *c)
{
	static const uint16_t ops[] = { VCT_ADMIN_OBJ_CREATE, VCT_ADMIN_OBJ_MODIFY, VCT_ADMIN_OBJ_QUERY, VCT_ADMIN_OBJ_DESTROY };
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	struct nips p;
	char d[128];

	nips_open(c, &p, true);
	for (unsigned int dir = 0; dir < 2; dir++)
		for (unsigned int k = 0; k < 4; k++) {
			sa_build(sa, dir, 0x1000 + dir + (k == 1 ? 0x10 : 0));	/* MODIFY: a new SPI and keys */
			sa_cmd(c, &p, &cmd, ops[k], dir, 0, ops[k] <= VCT_ADMIN_OBJ_MODIFY ? sa : NULL);
			vct_report(c, cmd.status == VCT_ADMIN_S_OK, "command on an IPsec SA object", "VIRTIO_ADMIN_STATUS_OK",
				   "%s of %s SA 0: %s", vct_admin_opcode_name(ops[k]), dirs[dir],
				   vct_admin_describe(&cmd, d, sizeof(d)));
		}
}

/* D-90c2c91f: before the driver sets the IPsec capabilities, the SA commands answer INVALID_OPCODE. */
static void ipsec_caps_disabled(struct vct_ctx *c)
{
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	struct nips p;
	char d[128];

	nips_open(c, &p, false);
	for (unsigned int dir = 0; dir < 2; dir++)
		for (uint16_t op = VCT_ADMIN_OBJ_CREATE; op <= VCT_ADMIN_OBJ_DESTROY; op++) {
			if (!((p.self_ops >> op) & 1))
				continue;	/* not supported at all: refused as an unsupported opcode already */
			sa_build(sa, dir, 0x2000 + dir);
			sa_cmd(c, &p, &cmd, op, dir, 0, op == VCT_ADMIN_OBJ_CREATE || op == VCT_ADMIN_OBJ_MODIFY ? sa : NULL);
			vct_report(c, vct_net_invalid_opcode(&cmd),
				   "SA command before DRIVER_CAP_SET of the IPsec capabilities",
				   "refused with VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE", "%s of %s SA 0: %s",
				   vct_admin_opcode_name(op), dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
		}
}

/*
 * D-b5b73411: a second CREATE of an SA id in use answers EEXIST;
 * D-c051710e: once destroyed, the id is created again, no device reset needed.
 */
static void ipsec_sa_again(struct vct_ctx *c)
{
	bool destroy = !strcmp(c->check->stmt, "D-c051710e");
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	struct nips p;
	char d[128];

	nips_open(c, &p, true);
	for (unsigned int dir = 0; dir < 2; dir++) {
		sa_build(sa, dir, 0x3000 + dir);
		sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, 0, sa);
		vct_net_obj_created(c, &cmd, "RESOURCE_OBJ_CREATE of SA 0");
		if (destroy) {
			sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_DESTROY, dir, 0, NULL);
			vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_DESTROY of SA 0");
		}
		sa_build(sa, dir, 0x3010 + dir);	/* another SPI: only the id is the same */
		sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, 0, sa);
		vct_report(c, cmd.status == (destroy ? VCT_ADMIN_S_OK : VCT_ADMIN_S_EEXIST),
			   destroy ? "RESOURCE_OBJ_CREATE of an SA destroyed before" : "RESOURCE_OBJ_CREATE of an SA id that exists",
			   destroy ? "VIRTIO_ADMIN_STATUS_OK" : "VIRTIO_ADMIN_STATUS_EEXIST", "%s SA 0: %s", dirs[dir],
			   vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

/*
 * D-90e66f7b (outbound), D-4de650d2 (inbound): CREATE fails for an id at
 * the SA limit, and for parameters the SA capability does not offer (a
 * cipher algorithm bit it does not set in any mode).
 */
static void ipsec_sa_refused(struct vct_ctx *c)
{
	unsigned int dir = !strcmp(c->check->stmt, "D-4de650d2");
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	uint64_t ciphers = 0;
	struct nips p;
	char d[128];
	int bad = -1;

	nips_open(c, &p, true);
	sa_build(sa, dir, 0x4000 + dir);
	sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, p.limit[dir], sa);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE of an SA whose id is the SA limit", "refused",
		   "%s SA %u (limit %u): %s", dirs[dir], p.limit[dir], p.limit[dir], vct_admin_describe(&cmd, d, sizeof(d)));
	for (unsigned int i = 0; i < p.sacap[0] && 8u + NIPS_MODE_LEN * (i + 1) <= p.sacap_len; i++)
		ciphers |= vct_le_load(p.sacap + 8 + NIPS_MODE_LEN * i + 16, 8);
	for (int b = 1; b < 64 && bad < 0; b++)
		if (!((ciphers >> b) & 1))
			bad = b;
	if (bad < 0)
		return;
	sa_build(sa, dir, 0x4010 + dir);
	sa[76] = (uint8_t)bad;
	sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, 0, sa);
	vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE of an SA with a cipher the SA capability lacks",
		   "refused", "%s SA 0, cipher_algo %d: %s", dirs[dir], bad, vct_admin_describe(&cmd, d, sizeof(d)));
}

/*
 * D-b2772bc8: a device reset destroys every SA: after it (and the
 * capabilities set again) the ids created before can be created again and a
 * query of one finds nothing.
 */
static void ipsec_reset_destroys(struct vct_ctx *c)
{
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	struct nips p;
	char d[128];

	nips_open(c, &p, true);
	for (unsigned int dir = 0; dir < 2; dir++) {
		sa_build(sa, dir, 0x6000 + dir);
		sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, 0, sa);
		vct_net_obj_created(c, &cmd, "RESOURCE_OBJ_CREATE of SA 0");
	}
	nips_open(c, &p, true);	/* device reset, up again, capabilities set again */
	for (unsigned int dir = 0; dir < 2; dir++) {
		sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_QUERY, dir, 0, NULL);
		vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_QUERY after a device reset of an SA created before it",
			   "refused (the SA was destroyed)", "%s SA 0: %s", dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
		sa_build(sa, dir, 0x6010 + dir);
		sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, 0, sa);
		vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE after a device reset of an id used before it",
			   "VIRTIO_ADMIN_STATUS_OK", "%s SA 0: %s", dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

/* D-84e9c95d: SAs are kept by id: two SAs queried each give back their own SPI. */
static void ipsec_sa_table(struct vct_ctx *c)
{
	uint8_t sa[NIPS_SA_LEN];
	struct vct_admin_cmd cmd;
	struct nips p;
	char d[128];

	nips_open(c, &p, true);
	for (unsigned int dir = 0; dir < 2; dir++) {
		unsigned int n = p.limit[dir] < 2 ? p.limit[dir] : 2;

		for (uint32_t id = 0; id < n; id++) {
			sa_build(sa, dir, 0x7000 + 0x10 * id + dir);
			sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_CREATE, dir, id, sa);
			vct_net_obj_created(c, &cmd, "RESOURCE_OBJ_CREATE of an SA");
		}
		for (uint32_t id = 0; id < n; id++) {
			uint32_t spi;

			sa_cmd(c, &p, &cmd, VCT_ADMIN_OBJ_QUERY, dir, id, NULL);
			vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_QUERY of an SA");
			spi = vct_admin_res32(&cmd, 8);
			vct_report(c, spi == 0x7000 + 0x10 * id + dir, "spi of the SA a query by id returns", "that SA's",
				   "%s SA %u: 0x%x, created with 0x%x (%s)", dirs[dir], id, spi, 0x7000 + 0x10 * id + dir,
				   vct_admin_describe(&cmd, d, sizeof(d)));
		}
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.ipsec_caps_listed", "D-ab8347b6", ipsec_caps_listed, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_sa_commands", "D-565950db", ipsec_sa_commands, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_caps_disabled", "D-90c2c91f", ipsec_caps_disabled, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_sa_exists", "D-b5b73411", ipsec_sa_again, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_outb_refused", "D-90e66f7b", ipsec_sa_refused, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_inb_refused", "D-4de650d2", ipsec_sa_refused, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_sa_recreate", "D-c051710e", ipsec_sa_again, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_reset_destroys", "D-b2772bc8", ipsec_reset_destroys, .type = VCT_ID_NET),
	VCT_CHECK("net.ipsec_sa_table", "D-84e9c95d", ipsec_sa_table, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_ipsec, "net", checks);
