/* SPDX-License-Identifier: MIT */
/*
 * Crypto device: the IPSEC service. Its capabilities and security
 * associations (SAs) live in the self group of the administration queue
 * (VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP 0x800, _SA_CAP 0x801; resource objects
 * 0x200 outbound, 0x201 inbound), its packets on the data queue.
 *
 * vct drives the one combination whose output it can judge without keys of
 * its own: ESP in IPv4 tunnel mode with AES-CBC and HMAC-SHA-256, so the
 * packet is a 20-byte outer header, SPI and sequence number, a 16-byte IV
 * (RFC 3602), the ciphertext of the padded inner packet and a 16-byte ICV
 * (RFC 4868). The chapter leaves open how struct in_addr's le32 holds an
 * address and gives the tunnel type no values: vct accepts the addresses and
 * the SPI in either byte order and uses type 1 for IPv4 (as DPDK's rte_security
 * does), and SKIPs ("device:") when a device refuses such an SA. Data
 * requests need VIRTIO_CRYPTO_F_REVISION_1: the chapter pads the other
 * services' fixed parts to 48 bytes without it, but says nothing of IPsec's.
 */
#include <string.h>

#include "crypto.h"

#define IPS_CAP_RESOURCE	0x800
#define IPS_CAP_SA		0x801
#define IPS_OBJ(dir)		(0x200 + (dir))	/* dir 0: outbound, 1: inbound */
#define IPS_SA_LEN		196		/* struct virtio_crypto_resource_obj_ipsec_sa_256b_key */
#define IPS_MODE_ESP_TUNNEL	1
#define IPS_OPT_LIFETIME	(1u << 6)
#define IPS_MODE_LEN		44		/* struct virtio_crypto_ipsec_mode_cap */
#define IPS_MODES_MAX		8
#define IPS_TUN_SRC		0x0a000001u	/* 10.0.0.1 */
#define IPS_TUN_DST		0xc0a80102u	/* 192.168.1.2 */

struct ips {
	struct cry y;
	struct vct_admin a;
	uint64_t self_ops;		/* LIST_QUERY of the self group */
	uint32_t limit[2];		/* outb_sa_limit, inb_sa_limit (the driver sets the same) */
	uint8_t sacap[8 + IPS_MODE_LEN * IPS_MODES_MAX];
	uint32_t sacap_len;
	int mode;			/* the SA_CAP entry vct uses, -1: none */
	bool rev1;
};

static const char *const dirs[] = { "outbound", "inbound" };

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }

/* A 32-bit value as the device wrote it: in network order, or as stored in the SA's le32. */
static bool either_order(const uint8_t *p, uint32_t v)
{
	return be32(p) == v || (uint32_t)vct_le_load(p, 4) == v;
}

static const uint8_t *mode_entry(const struct ips *p, unsigned int i)
{
	return p->sacap + 8 + IPS_MODE_LEN * i;
}

/* DEVICE_CAP_GET of @id into @cmd. */
static void cap_get(struct vct_ctx *c, struct ips *p, uint16_t id, struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, VCT_ADMIN_DEVICE_CAP_GET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(cmd, 0, id);
	vct_admin_put(cmd, 2, "\0\0\0\0\0\0", 6);
	vct_c_admin_exec(c, &p->a, cmd);
}

/* DRIVER_CAP_SET of VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP with the device's own limits (a driver step). */
static void set_resource_cap(struct vct_ctx *c, struct ips *p)
{
	struct vct_admin_cmd cmd;

	vct_admin_cmd_init(&cmd, VCT_ADMIN_DRIVER_CAP_SET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, IPS_CAP_RESOURCE);
	vct_admin_put32(&cmd, 8, p->limit[1]);
	vct_admin_put32(&cmd, 12, p->limit[0]);
	vct_c_admin_exec(c, &p->a, &cmd);
	vct_admin_require_ok(c, &cmd, "DRIVER_CAP_SET of VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP with the device's limits");
}

/*
 * Bring up data, control and admin queues (REVISION_1 when offered), need
 * the IPSEC service, enable the self group's commands and read both IPsec
 * capabilities; with @set_caps also set them as the device gave them.
 */
static void ips_open(struct vct_ctx *c, struct ips *p, bool set_caps)
{
	struct vct_admin_cmd cmd;
	uint32_t n;
	char d[128];

	memset(p, 0, sizeof(*p));
	p->mode = -1;
	p->rev1 = vct_has(c->vd->offered, CRY_F_REVISION_1);
	cry_open_admin(c, &p->y, p->rev1 ? 1u << CRY_F_REVISION_1 : 0, &p->a);
	if (!((p->y.cfg.services >> CRY_SVC_IPSEC) & 1))
		vct_skip(c, "not offered: crypto_services 0x%x does not advertise the IPSEC service", p->y.cfg.services);
	cry_need_ready(c, &p->y);
	p->self_ops = vct_c_admin_enable(c, &p->a, VCT_ADMIN_GROUP_SELF);
	if (!((p->self_ops >> VCT_ADMIN_DEVICE_CAP_GET) & 1) || !((p->self_ops >> VCT_ADMIN_DRIVER_CAP_SET) & 1))
		vct_skip(c, "device: the self group offers no DEVICE_CAP_GET / DRIVER_CAP_SET (LIST_QUERY 0x%llx; "
			 "crypto.ipsec_caps_listed judges it)", (unsigned long long)p->self_ops);
	cap_get(c, p, IPS_CAP_RESOURCE, &cmd);
	if (cmd.status != VCT_ADMIN_S_OK)
		vct_skip(c, "device: DEVICE_CAP_GET of VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP: %s (crypto.ipsec_caps_listed "
			 "judges it)", vct_admin_describe(&cmd, d, sizeof(d)));
	p->limit[1] = vct_admin_res32(&cmd, 0);
	p->limit[0] = vct_admin_res32(&cmd, 4);
	cap_get(c, p, IPS_CAP_SA, &cmd);
	if (cmd.status != VCT_ADMIN_S_OK)
		vct_skip(c, "device: DEVICE_CAP_GET of VIRTIO_CRYPTO_IPSEC_SA_CAP: %s (crypto.ipsec_caps_listed judges it)",
			 vct_admin_describe(&cmd, d, sizeof(d)));
	p->sacap_len = cmd.result_len < sizeof(p->sacap) ? cmd.result_len : (uint32_t)sizeof(p->sacap);
	memcpy(p->sacap, cmd.result, p->sacap_len);
	for (unsigned int i = 0; i < p->sacap[0] && 8u + IPS_MODE_LEN * (i + 1) <= p->sacap_len && p->mode < 0; i++) {
		const uint8_t *m = mode_entry(p, i);

		if (m[0] == IPS_MODE_ESP_TUNNEL && ((vct_le_load(m + 16, 8) >> CRY_CIPHER_AES_CBC) & 1) &&
		    ((vct_le_load(m + 24, 8) >> CRY_MAC_HMAC_SHA_256) & 1) && vct_le_load(m + 36, 4) >= 16 &&
		    vct_le_load(m + 40, 4) >= 16)
			p->mode = (int)i;
	}
	if (p->mode < 0)
		vct_skip(c, "not offered: no IPsec mode of the SA capability offers ESP tunnel mode with AES-CBC and "
			 "HMAC-SHA-256 (128-bit keys)");
	if (!set_caps)
		return;
	set_resource_cap(c, p);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_DRIVER_CAP_SET, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(&cmd, 0, IPS_CAP_SA);
	n = 8u + IPS_MODE_LEN * (uint32_t)p->sacap[0];
	vct_admin_put(&cmd, 8, p->sacap, n <= p->sacap_len ? n : p->sacap_len);
	vct_c_admin_exec(c, &p->a, &cmd);
	vct_admin_require_ok(c, &cmd, "DRIVER_CAP_SET of VIRTIO_CRYPTO_IPSEC_SA_CAP as the device gave it");
}

/* An SA of direction @dir: ESP tunnel mode, AES-CBC and HMAC-SHA-256 with keys drawn from @spi. */
static void sa_build(uint8_t *sa, unsigned int dir, uint32_t spi)
{
	memset(sa, 0, IPS_SA_LEN);
	sa[0] = IPS_MODE_ESP_TUNNEL;
	sa[1] = (uint8_t)(dir + 1);			/* VIRTIO_CRYPTO_IPSEC_DIR_OUTBOUND / _INBOUND */
	vct_put32(sa + 4, spi);				/* obj_id: driver data */
	vct_put32(sa + 8, spi);
	vct_put32(sa + 12, 0x5a17u);			/* salt */
	if (dir == 0) {
		sa[24] = 1;				/* tunnel type: IPv4 */
		vct_put32(sa + 28, IPS_TUN_SRC);
		vct_put32(sa + 32, IPS_TUN_DST);
		sa[38] = 64;				/* ttl */
	}
	vct_put64(sa + 76, CRY_CIPHER_AES_CBC);
	vct_put16(sa + 84, 16);
	for (unsigned int i = 0; i < 16; i++)
		sa[88 + i] = (uint8_t)(spi * 7 + i);
	vct_put64(sa + 120, CRY_MAC_HMAC_SHA_256);
	vct_put16(sa + 128, 32);
	for (unsigned int i = 0; i < 32; i++)
		sa[132 + i] = (uint8_t)(spi * 13 + 3 * i);
}

/* RESOURCE_OBJ_@op of SA @id (direction @dir); CREATE and MODIFY carry @sa. */
static void sa_cmd(struct vct_ctx *c, struct ips *p, uint16_t op, unsigned int dir, uint32_t id, const uint8_t *sa,
		   struct vct_admin_cmd *cmd)
{
	vct_admin_cmd_init(cmd, op, VCT_ADMIN_GROUP_SELF, 0);
	vct_admin_put16(cmd, 0, (uint16_t)IPS_OBJ(dir));
	vct_admin_put32(cmd, 4, id);
	if (op != VCT_ADMIN_OBJ_DESTROY)
		vct_admin_put64(cmd, 8, 0);		/* flags */
	if (sa)
		vct_admin_put(cmd, 16, sa, IPS_SA_LEN);
	vct_c_admin_exec(c, &p->a, cmd);
}

/* CREATE of SA @id with @spi; SKIP ("device:") when the device refuses vct's SA parameters. */
static void sa_create(struct vct_ctx *c, struct ips *p, unsigned int dir, uint32_t id, uint32_t spi)
{
	struct vct_admin_cmd cmd;
	uint8_t sa[IPS_SA_LEN];
	char d[128];

	if (id >= p->limit[dir])
		vct_skip(c, "device: %s_sa_limit %u leaves no SA id %u", dir ? "inb" : "outb", p->limit[dir], id);
	sa_build(sa, dir, spi);
	sa_cmd(c, p, VCT_ADMIN_OBJ_CREATE, dir, id, sa, &cmd);
	if (cmd.status == VCT_ADMIN_S_EINVAL && cmd.qual == VCT_ADMIN_Q_INVALID_FIELD)
		vct_skip(c, "device: an %s SA of ESP tunnel mode with AES-CBC and HMAC-SHA-256 was refused (%s); the "
			 "chapter gives the tunnel type no values", dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
	vct_admin_require_ok(c, &cmd, dir ? "RESOURCE_OBJ_CREATE of an inbound SA" : "RESOURCE_OBJ_CREATE of an outbound SA");
}

/* Whether @cmd was refused as the statement of disabled capabilities says: qualifier INVALID_OPCODE. */
static bool invalid_opcode(const struct vct_admin_cmd *cmd)
{
	/* The statement names VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE as the status: its value 2 there is accepted too. */
	return (cmd->status != VCT_ADMIN_S_OK && cmd->qual == VCT_ADMIN_Q_INVALID_OPCODE) || cmd->status == 2;
}

/* ---- capabilities and resource objects ---- */

/* D-cc3ff8e0: with IPsec offered, CAP_ID_LIST_QUERY lists both IPsec capabilities. */
static void caps_listed(struct vct_ctx *c)
{
	struct ips p;
	struct vct_admin_cmd cmd;
	uint64_t w;
	char d[128];

	memset(&p, 0, sizeof(p));
	cry_open_admin(c, &p.y, 0, &p.a);
	if (!((p.y.cfg.services >> CRY_SVC_IPSEC) & 1))
		vct_skip(c, "not offered: crypto_services 0x%x does not advertise the IPSEC service", p.y.cfg.services);
	cry_need_ready(c, &p.y);
	p.self_ops = vct_c_admin_enable(c, &p.a, VCT_ADMIN_GROUP_SELF);
	vct_require(c, (p.self_ops >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 1, "LIST_QUERY of the self group",
		    "CAP_ID_LIST_QUERY supported (the IPsec capabilities are listed by it)", "0x%llx",
		    (unsigned long long)p.self_ops);
	vct_admin_cmd_init(&cmd, VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_GROUP_SELF, 0);
	vct_c_admin_exec(c, &p.a, &cmd);
	vct_admin_require_ok(c, &cmd, "CAP_ID_LIST_QUERY");
	w = vct_admin_res64(&cmd, IPS_CAP_RESOURCE / 64 * 8);
	vct_report(c, cmd.result_len >= IPS_CAP_RESOURCE / 64 * 8 + 8, "supported_caps length", ">= 264 bytes (word 32 "
		   "holds ids 0x800-0x83f)", "%u bytes (%s)", cmd.result_len, vct_admin_describe(&cmd, d, sizeof(d)));
	vct_report(c, (w >> (IPS_CAP_RESOURCE % 64)) & 1, "supported_caps bit 0x800 (VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP)",
		   "set", "word 32 0x%016llx", (unsigned long long)w);
	vct_report(c, (w >> (IPS_CAP_SA % 64)) & 1, "supported_caps bit 0x801 (VIRTIO_CRYPTO_IPSEC_SA_CAP)", "set",
		   "word 32 0x%016llx", (unsigned long long)w);
}

/* D-6f7e6507: CREATE, MODIFY, QUERY and DESTROY work on outbound and inbound SAs. */
static void obj_commands(struct vct_ctx *c)
{
	struct ips p;
	struct vct_admin_cmd cmd;
	uint8_t sa[IPS_SA_LEN];
	char d[128];

	ips_open(c, &p, true);
	vct_report(c, ((p.self_ops >> VCT_ADMIN_OBJ_CREATE) & 0xf) == 0xf, "LIST_QUERY of the self group",
		   "RESOURCE_OBJ_CREATE, _MODIFY, _QUERY and _DESTROY (0xa-0xd) supported", "0x%llx",
		   (unsigned long long)p.self_ops);
	for (unsigned int dir = 0; dir < 2; dir++) {
		static const struct { uint16_t op; const char *name; } ops[] = {
			{ VCT_ADMIN_OBJ_MODIFY, "MODIFY" }, { VCT_ADMIN_OBJ_QUERY, "QUERY" },
			{ VCT_ADMIN_OBJ_DESTROY, "DESTROY" },
		};

		sa_create(c, &p, dir, 0, 0x100u + dir);
		for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
			sa_build(sa, dir, 0x100u + dir);	/* MODIFY: the same parameters again, valid whatever may change */
			sa_cmd(c, &p, ops[i].op, dir, 0, ops[i].op == VCT_ADMIN_OBJ_MODIFY ? sa : NULL, &cmd);
			vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_ of an existing SA", "OK", "%s of %s SA 0: %s",
				   ops[i].name, dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
		}
	}
}

/* The four commands on both SA types, each refused as an unsupported opcode. */
static void all_refused(struct vct_ctx *c, struct ips *p, const char *when)
{
	static const uint16_t ops[] = { VCT_ADMIN_OBJ_CREATE, VCT_ADMIN_OBJ_MODIFY, VCT_ADMIN_OBJ_QUERY,
					VCT_ADMIN_OBJ_DESTROY };
	struct vct_admin_cmd cmd;
	uint8_t sa[IPS_SA_LEN];
	char d[128];

	for (unsigned int dir = 0; dir < 2; dir++)
		for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
			sa_build(sa, dir, 0x300u + dir);
			sa_cmd(c, p, ops[i], dir, 0, ops[i] <= VCT_ADMIN_OBJ_MODIFY ? sa : NULL, &cmd);
			vct_report(c, invalid_opcode(&cmd), "an IPsec SA command with a capability disabled",
				   "refused with VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE", "%s of %s SA 0 %s: %s",
				   vct_admin_opcode_name(ops[i]), dirs[dir], when, vct_admin_describe(&cmd, d, sizeof(d)));
		}
}

/*
 * D-b2f1491e: while the driver has not enabled both IPsec capabilities
 * (DRIVER_CAP_SET), every SA command is refused with INVALID_OPCODE: first
 * with neither set, then with only the resource capability set.
 */
static void caps_disabled(struct vct_ctx *c)
{
	struct ips p;

	ips_open(c, &p, false);
	vct_require(c, ((p.self_ops >> VCT_ADMIN_OBJ_CREATE) & 0xf) == 0xf, "LIST_QUERY of the self group",
		    "RESOURCE_OBJ_* supported (crypto.ipsec_obj_commands judges it)", "0x%llx",
		    (unsigned long long)p.self_ops);
	all_refused(c, &p, "before DRIVER_CAP_SET");
	set_resource_cap(c, &p);
	all_refused(c, &p, "with only the resource capability set");
}

/* What comes between two CREATEs of SA 0 in create_again. */
enum between { NOTHING, DESTROY, RESET };

/*
 * SA 0 of each direction created, then @how, then created again: the second
 * CREATE is answered @want.
 */
static void create_again(struct vct_ctx *c, enum between how, uint16_t want, const char *what, const char *exp)
{
	struct ips p;
	struct vct_admin_cmd cmd;
	uint8_t sa[IPS_SA_LEN];
	char d[128];

	ips_open(c, &p, true);
	for (unsigned int dir = 0; dir < 2; dir++) {
		sa_create(c, &p, dir, 0, 0x400u + dir);
		if (how == DESTROY) {
			sa_cmd(c, &p, VCT_ADMIN_OBJ_DESTROY, dir, 0, NULL, &cmd);
			vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_DESTROY of the SA");
		}
	}
	if (how == RESET) {
		vct_c_reset(c);
		ips_open(c, &p, true);
	}
	for (unsigned int dir = 0; dir < 2; dir++) {
		sa_build(sa, dir, 0x500u + dir);
		sa_cmd(c, &p, VCT_ADMIN_OBJ_CREATE, dir, 0, sa, &cmd);
		vct_report(c, cmd.status == want, what, exp, "%s SA 0: %s", dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

/* D-75726dad: a second CREATE of an existing SA id is answered EEXIST. */
static void create_exists(struct vct_ctx *c)
{
	create_again(c, NOTHING, VCT_ADMIN_S_EEXIST, "CREATE of an SA id that exists", "EEXIST (17)");
}

/*
 * D-761e6e5d, D-e99476af: CREATE is refused with EINVAL for an id at the
 * limit, a reserved mode (0) and a cipher no mode of the SA capability lists.
 */
static void create_invalid(struct vct_ctx *c, unsigned int dir)
{
	struct ips p;
	struct vct_admin_cmd cmd;
	uint8_t sa[IPS_SA_LEN];
	uint64_t ciphers = 0;
	unsigned int bad = 0;
	char d[128];

	ips_open(c, &p, true);
	for (unsigned int i = 0; i < p.sacap[0] && 8u + IPS_MODE_LEN * (i + 1) <= p.sacap_len; i++)
		ciphers |= vct_le_load(mode_entry(&p, i) + 16, 8);
	for (unsigned int a = 1; a <= 14 && !bad; a++)
		if (!((ciphers >> a) & 1))
			bad = a;
	sa_build(sa, dir, 0x600u + dir);
	if (p.limit[dir] < 0xffffffffu) {
		sa_cmd(c, &p, VCT_ADMIN_OBJ_CREATE, dir, p.limit[dir], sa, &cmd);
		vct_report(c, cmd.status == VCT_ADMIN_S_EINVAL, "CREATE of an SA whose id is the limit", "EINVAL (22)",
			   "%s SA id %u (%s_sa_limit %u): %s", dirs[dir], p.limit[dir], dir ? "inb" : "outb", p.limit[dir],
			   vct_admin_describe(&cmd, d, sizeof(d)));
	}
	sa[0] = 0;
	sa_cmd(c, &p, VCT_ADMIN_OBJ_CREATE, dir, 0, sa, &cmd);
	vct_report(c, cmd.status == VCT_ADMIN_S_EINVAL, "CREATE of an SA of mode 0 (reserved)", "EINVAL (22)",
		   "%s SA 0: %s", dirs[dir], vct_admin_describe(&cmd, d, sizeof(d)));
	if (bad) {
		sa[0] = IPS_MODE_ESP_TUNNEL;
		vct_put64(sa + 76, bad);
		sa_cmd(c, &p, VCT_ADMIN_OBJ_CREATE, dir, 0, sa, &cmd);
		vct_report(c, cmd.status == VCT_ADMIN_S_EINVAL, "CREATE of an SA with a cipher the SA capability lacks",
			   "EINVAL (22)", "%s SA 0, cipher_algo %u: %s", dirs[dir], bad,
			   vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

static void create_invalid_outbound(struct vct_ctx *c)
{
	create_invalid(c, 0);
}

static void create_invalid_inbound(struct vct_ctx *c)
{
	create_invalid(c, 1);
}

/* D-1552a6b1: an SA destroyed can be created again with the same id, without a reset. */
static void recreate(struct vct_ctx *c)
{
	create_again(c, DESTROY, VCT_ADMIN_S_OK, "CREATE of an SA id destroyed before", "OK");
}

/* D-e537615d: a device reset destroys every SA: the same ids can be created afterwards. */
static void reset_destroys(struct vct_ctx *c)
{
	create_again(c, RESET, VCT_ADMIN_S_OK, "CREATE after a device reset of an SA id created before it",
		     "OK (the reset destroyed the SA)");
}

/* ---- data requests ---- */

/* An inner IPv4/UDP packet of @len bytes (>= 28) whose payload is a pattern vct looks for. */
static void inner_packet(uint8_t *pk, uint32_t len)
{
	memset(pk, 0, len);
	pk[0] = 0x45;
	pk[2] = (uint8_t)(len >> 8), pk[3] = (uint8_t)len;
	pk[8] = 64, pk[9] = 17;
	pk[12] = 172, pk[13] = 16, pk[14] = 0, pk[15] = 1;
	pk[16] = 172, pk[17] = 16, pk[18] = 0, pk[19] = 2;
	pk[20] = 0x30, pk[21] = 0x39, pk[22] = 0x30, pk[23] = 0x3a;
	pk[24] = (uint8_t)((len - 20) >> 8), pk[25] = (uint8_t)(len - 20);
	for (uint32_t i = 28; i < len; i++)
		pk[i] = (uint8_t)("vct-ipsec-inner:"[i % 16] ^ (i / 16));
}

/* ips_open with the caps set, then SKIP unless data requests have a layout (REVISION_1). */
static void ips_open_data(struct vct_ctx *c, struct ips *p)
{
	ips_open(c, p, true);
	if (!p->rev1)
		vct_skip(c, "spec: without VIRTIO_CRYPTO_F_REVISION_1 (not offered) an IPsec data request has no "
			 "defined fixed-part layout");
}

/* One IPsec request on SA @sid; the status, dst_data (poisoned before) in @dst. */
static uint8_t ips_req(struct vct_ctx *c, struct ips *p, unsigned int dir, uint64_t sid, const uint8_t *src,
		       uint32_t slen, uint8_t *dst, uint32_t dlen)
{
	struct cry_data r;

	memset(&r, 0, sizeof(r));
	r.opcode = CRY_OP(CRY_SVC_IPSEC, dir);
	r.sid = sid;
	r.flag = CRY_FLAG_SESSION_MODE;
	r.flflen = 8;
	vct_put32(r.flf, slen);			/* virtio_crypto_ipsec_data_flf */
	vct_put32(r.flf + 4, dlen);
	r.in[0] = src, r.inlen[0] = slen;
	r.dstlen = dlen;
	return cry_request(c, &p->y, &r, dst, dlen);
}

#define INNER_LEN	100
#define ESP_MAX		(20 + 8 + 16 + 112 + 16)	/* outer header, SPI/seq, IV, padded inner, ICV */

/* The outbound packet's length from its outer header, or 0 when it is no ESP-in-IPv4 packet of SA @spi. */
static uint32_t esp_len(const uint8_t *o, uint32_t spi)
{
	uint32_t ihl = (o[0] & 15u) * 4, tl = be16(o + 2);

	if ((o[0] >> 4) != 4 || ihl < 20 || o[9] != 50 || tl > ESP_MAX || tl < ihl + 8 + 16 + 16 + 16 ||
	    !either_order(o + ihl, spi))
		return 0;
	return tl;
}

/*
 * D-c3d9e06f: dst_data holds the result: outbound, an ESP packet in an outer
 * IPv4 header from the tunnel parameters (protocol 50, the SA's SPI, IV,
 * whole cipher blocks covering the inner packet and its trailer, ICV) with
 * the inner packet not in clear; inbound of that packet, the inner packet.
 */
static void result_in_dst(struct vct_ctx *c)
{
	struct ips p;
	uint8_t pk[INNER_LEN], o[ESP_MAX], back[INNER_LEN], st;
	uint32_t ihl, tl, body, diff;
	bool clear = false;

	ips_open_data(c, &p);
	sa_create(c, &p, 0, 0, 0x1001);
	sa_create(c, &p, 1, 0, 0x1001);
	inner_packet(pk, sizeof(pk));
	st = ips_req(c, &p, 0, 0, pk, sizeof(pk), o, sizeof(o));
	vct_require(c, st == CRY_OK, "status of an IPsec outbound request", "OK (0)", "%s (%u)", cry_status_name(st), st);
	ihl = (o[0] & 15u) * 4;
	tl = be16(o + 2);
	vct_report(c, (o[0] >> 4) == 4 && ihl >= 20 && o[9] == 50, "dst_data: outer header", "IPv4, protocol 50 (ESP)",
		   "first byte 0x%02x, protocol %u", o[0], o[9]);
	vct_require(c, ihl >= 20 && ihl <= 60 && tl <= sizeof(o) && tl >= ihl + 8 + 16 + 16 + 16,
		    "dst_data: outer total length", "header, ESP header, IV, cipher blocks and ICV within dst_data_len",
		    "total length %u, header %u bytes, dst_data_len %zu", tl, ihl, sizeof(o));
	body = tl - ihl - 8 - 16 - 16;
	vct_report(c, either_order(o + 16, IPS_TUN_DST) && either_order(o + 12, IPS_TUN_SRC),
		   "dst_data: outer addresses", "the SA's tunnel source 10.0.0.1 and destination 192.168.1.2",
		   "%u.%u.%u.%u -> %u.%u.%u.%u", o[12], o[13], o[14], o[15], o[16], o[17], o[18], o[19]);
	vct_report(c, either_order(o + ihl, 0x1001), "dst_data: ESP SPI", "0x1001 (the SA's)", "0x%08x", be32(o + ihl));
	vct_report(c, body % 16 == 0 && body >= sizeof(pk) + 2, "dst_data: ESP ciphertext length",
		   "whole AES blocks holding the inner packet and its 2-byte trailer (>= 102)", "%u", body);
	for (uint32_t i = 0; i + 32 <= tl && !clear; i++)
		clear = !memcmp(o + i, pk + 28, 32);
	vct_report(c, !clear, "dst_data: the inner packet's payload", "not in clear (encrypted)",
		   "found unencrypted in the outbound packet");
	st = ips_req(c, &p, 1, 0, o, tl, back, sizeof(back));
	vct_require(c, st == CRY_OK, "status of an IPsec inbound request of that packet", "OK (0)", "%s (%u)",
		    cry_status_name(st), st);
	for (diff = 0; diff < sizeof(pk) && back[diff] == pk[diff]; diff++)
		;
	vct_report(c, diff == sizeof(pk), "dst_data of the inbound request", "the 100-byte inner packet sent",
		   "differs from byte %u on (0x%02x)", diff, diff < sizeof(pk) ? back[diff] : 0);
}

/*
 * D-178487dd: the status values: INVSESS for an SA id never created,
 * BADMSG for a packet whose ICV fails, and IPSEC_SA_SOFT_EXPIRY once an
 * SA with a soft packet limit of 1 has processed a packet (when the SA
 * capability offers lifetimes).
 */
static void status_values(struct vct_ctx *c)
{
	struct ips p;
	uint8_t pk[INNER_LEN], o[ESP_MAX], back[INNER_LEN], st;
	uint32_t tl, unused;

	ips_open_data(c, &p);
	sa_create(c, &p, 0, 0, 0x2001);
	sa_create(c, &p, 1, 0, 0x2001);
	inner_packet(pk, sizeof(pk));
	unused = p.limit[0] - 1;
	if (unused > 0) {
		st = ips_req(c, &p, 0, unused, pk, sizeof(pk), o, sizeof(o));
		vct_report(c, st == CRY_INVSESS, "status of an outbound request on an SA id never created",
			   "INVSESS (4)", "%s (%u) for SA id %u", cry_status_name(st), st, unused);
	}
	st = ips_req(c, &p, 0, 0, pk, sizeof(pk), o, sizeof(o));
	vct_require(c, st == CRY_OK, "status of an IPsec outbound request", "OK (0)", "%s (%u)", cry_status_name(st), st);
	tl = esp_len(o, 0x2001);
	vct_require(c, tl, "dst_data of the outbound request", "an ESP packet of the SA (crypto.ipsec_result_in_dst)",
		    "not one");
	o[tl - 1] ^= 0x01;
	st = ips_req(c, &p, 1, 0, o, tl, back, sizeof(back));
	vct_report(c, st == CRY_BADMSG, "status of an inbound request whose ICV does not verify", "BADMSG (2)",
		   "%s (%u)", cry_status_name(st), st);
	if (!(vct_le_load(mode_entry(&p, (unsigned int)p.mode) + 8, 4) & IPS_OPT_LIFETIME) || p.limit[0] < 2)
		return;	/* no SA lifetimes offered (VIRTIO_CRYPTO_IPSEC_SA_LIFETIME), or no second SA */
	{
		struct vct_admin_cmd cmd;
		uint8_t sa[IPS_SA_LEN];

		sa_build(sa, 0, 0x2002);
		/* the chapter gives 0 no meaning of "no limit": every limit set, only the packet soft one reachable */
		vct_put64(sa + 16, IPS_OPT_LIFETIME);
		vct_put64(sa + 164, 1);		/* packets_soft_limit */
		vct_put64(sa + 172, 1u << 30);	/* bytes_soft_limit */
		vct_put64(sa + 180, 1000);	/* packets_hard_limit */
		vct_put64(sa + 188, 1ull << 31);	/* bytes_hard_limit */
		sa_cmd(c, &p, VCT_ADMIN_OBJ_CREATE, 0, 1, sa, &cmd);
		vct_admin_require_ok(c, &cmd, "RESOURCE_OBJ_CREATE of an outbound SA with a soft packet limit of 1");
		ips_req(c, &p, 0, 1, pk, sizeof(pk), o, sizeof(o));
		st = ips_req(c, &p, 0, 1, pk, sizeof(pk), o, sizeof(o));
		vct_report(c, st == CRY_IPSEC_SOFT_EXPIRY, "status of the second packet on an SA with packets_soft_limit 1",
			   "IPSEC_SA_SOFT_EXPIRY (7)", "%s (%u)", cry_status_name(st), st);
	}
}

/*
 * D-159ca248 (SHOULD): SAs are looked up by the id the request names: with
 * two outbound SAs, each request's packet carries the SPI of its own.
 */
static void sa_lookup(struct vct_ctx *c)
{
	struct ips p;
	uint8_t pk[INNER_LEN], o[ESP_MAX], st;

	ips_open_data(c, &p);
	sa_create(c, &p, 0, 0, 0x3001);
	sa_create(c, &p, 0, 1, 0x3002);
	inner_packet(pk, sizeof(pk));
	for (int id = 1; id >= 0; id--) {
		uint32_t spi = 0x3001u + (uint32_t)id, ihl;

		st = ips_req(c, &p, 0, (uint64_t)id, pk, sizeof(pk), o, sizeof(o));
		vct_require(c, st == CRY_OK, "status of an IPsec outbound request", "OK (0)", "%s (%u) on SA %d",
			    cry_status_name(st), st, id);
		ihl = (o[0] & 15u) * 4;
		vct_report(c, ihl >= 20 && ihl <= 60 && either_order(o + ihl, spi),
			   "ESP SPI of a request naming an outbound SA", "the SPI of that SA", "0x%08x on SA %d (its SPI 0x%x)",
			   ihl >= 20 && ihl <= 60 ? be32(o + ihl) : 0, id, spi);
	}
}

#define IPS_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	IPS_CHECK("crypto.ipsec_caps_listed", "D-cc3ff8e0", caps_listed),
	IPS_CHECK("crypto.ipsec_obj_commands", "D-6f7e6507", obj_commands),
	IPS_CHECK("crypto.ipsec_caps_disabled", "D-b2f1491e", caps_disabled),
	IPS_CHECK("crypto.ipsec_create_exists", "D-75726dad", create_exists),
	IPS_CHECK("crypto.ipsec_create_invalid_outbound", "D-761e6e5d", create_invalid_outbound),
	IPS_CHECK("crypto.ipsec_create_invalid_inbound", "D-e99476af", create_invalid_inbound),
	IPS_CHECK("crypto.ipsec_recreate", "D-1552a6b1", recreate),
	IPS_CHECK("crypto.ipsec_reset_destroys", "D-e537615d", reset_destroys),
	IPS_CHECK("crypto.ipsec_result_in_dst", "D-c3d9e06f", result_in_dst),
	IPS_CHECK("crypto.ipsec_status_values", "D-178487dd", status_values),
	IPS_CHECK("crypto.ipsec_sa_lookup", "D-159ca248", sa_lookup),
};

VCT_SUITE(vct_suite_crypto_ipsec, "crypto", checks);
