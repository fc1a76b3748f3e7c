/* SPDX-License-Identifier: MIT */
/*
 * refdev: the network device's part of the administration queue's self
 * group ("refdev:net,admin"), attached as the owner's rd_admin_ext:
 *
 *   flow filter   capabilities 0x800-0x802 (resource limits, selectors ETH,
 *                 IPv4 with partial masks and UDP, actions DROP and
 *                 DIRECT_RX_VQ) and resource objects 0x200-0x202 (groups,
 *                 classifiers, rules), applied to each received frame after
 *                 the MAC/VLAN filter and before steering (net_tx);
 *   IPsec         with VIRTIO_NET_F_IPSEC negotiated, capabilities 0x803 and
 *                 0x804 (ESP tunnel mode, AES-CBC, HMAC-SHA-256) and the
 *                 outbound and inbound SA objects 0x203 and 0x204.
 *
 * Objects keep the resource_obj_specific_data of their last successful
 * CREATE or MODIFY, which QUERY returns; rules and classifiers are parsed
 * from it when a frame is matched. A device reset destroys every object and
 * forgets the driver's capabilities (rd_admin_reset calls netadm_reset).
 *
 * This file is a part of refdev.c, included by it after refdev_net.c.
 */
#ifdef RD_NET_IMPL

#define FF_CAP_RESOURCE		0x800
#define FF_CAP_SELECTOR		0x801
#define FF_CAP_ACTION		0x802
#define NIPS_CAP_RESOURCE	0x803
#define NIPS_CAP_SA		0x804
#define FF_OBJ_GROUP		0x200
#define FF_OBJ_CLASSIFIER	0x201
#define FF_OBJ_RULE		0x202
#define NIPS_OBJ_OUTB		0x203
#define NIPS_OBJ_INB		0x204

#define OP_CREATE		0xa
#define OP_MODIFY		0xb
#define OP_QUERY		0xc
#define OP_DESTROY		0xd

/* The device's limits (VIRTIO_NET_FF_RESOURCE_CAP). */
#define FF_GROUPS		4
#define FF_CLASSIFIERS		4
#define FF_RULES		8
#define FF_RULES_PER_GROUP	4
#define FF_LAST_PRIO		8
#define FF_SEL_PER_CLS		3

#define FF_SEL_ETH		1
#define FF_SEL_IPV4		2
#define FF_SEL_IPV6		3
#define FF_SEL_TCP		4
#define FF_SEL_UDP		5
#define FF_SEL_ESP		6
#define FF_PARTIAL		1
#define FF_ACT_DROP		1
#define FF_ACT_DIRECT		2

#define NIPS_SAS		4	/* inb_sa_limit and outb_sa_limit */
#define NIPS_SLOTS		8	/* room beyond them (net-ipsec-limit-ignored) */
#define NIPS_SA_LEN		196	/* struct virtio_crypto_resource_obj_ipsec_sa_256b_key */
#define NIPS_MODE_ESP_TUNNEL	1
#define NIPS_CIPHER_AES_CBC	3
#define NIPS_HMAC_SHA_256	4

#define NETADM_RAW		200	/* the largest resource_obj_specific_data kept (an SA) */

struct netadm_obj {
	bool used;
	uint8_t raw[NETADM_RAW];
	uint8_t rawlen;
};

struct rd_netadm {
	/* the driver's capabilities (DRIVER_CAP_SET), forgotten at a device reset */
	bool ff_res_set, ff_sel_set, ff_act_set, ips_res_set, ips_sa_set;
	uint32_t groups, classifiers, rules, rules_per_group;
	uint32_t inb_limit, outb_limit;
	struct netadm_obj group[FF_GROUPS], cls[FF_CLASSIFIERS], rule[FF_RULES];
	struct netadm_obj sa[2][NIPS_SLOTS];	/* outbound, inbound */
	uint32_t sa_last[2];			/* the SA created last (net-ipsec-table-last) */
};

/* One selector the device supports: type, flags, the mask of what it can match. */
struct ff_dev_sel {
	uint8_t type, flags, len;
	uint8_t mask[20];
};

static const struct ff_dev_sel ff_dev_sels[] = {
	{ FF_SEL_ETH, 0, 14, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	/* protocol, source and destination address */
	{ FF_SEL_IPV4, FF_PARTIAL, 20, { [9] = 0xff, [12] = 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ FF_SEL_UDP, 0, 8, { 0xff, 0xff, 0xff, 0xff } },
};
#define FF_NSELS (sizeof(ff_dev_sels) / sizeof(ff_dev_sels[0]))

static const struct ff_dev_sel *ff_dev_sel(uint8_t type)
{
	for (size_t i = 0; i < FF_NSELS; i++)
		if (ff_dev_sels[i].type == type)
			return &ff_dev_sels[i];
	return NULL;
}

static bool netadm_ipsec(const struct refdev *d)
{
	return NEG(d, NET_F_IPSEC);
}

/* ---- capabilities ------------------------------------------------------- */

static const uint16_t netadm_caps[] = { FF_CAP_RESOURCE, FF_CAP_SELECTOR, FF_CAP_ACTION, NIPS_CAP_RESOURCE,
					NIPS_CAP_SA };

/* The SA capability: one mode, ESP tunnel with AES-CBC and HMAC-SHA-256, keys up to 32 bytes. */
static size_t nips_sa_cap(uint8_t *o)
{
	memset(o, 0, 8 + 44);
	o[0] = 1;
	o[8] = NIPS_MODE_ESP_TUNNEL;
	put32(o + 8 + 4, 64);				/* max_replay_win_sz */
	put64(o + 8 + 16, BIT(NIPS_CIPHER_AES_CBC));	/* cipher_algo */
	put64(o + 8 + 24, BIT(NIPS_HMAC_SHA_256));	/* hmac_algo */
	put32(o + 8 + 36, 32);				/* max_cipher_key_len */
	put32(o + 8 + 40, 32);				/* max_auth_key_len */
	return 8 + 44;
}

static size_t netadm_cap_get(void *ctx, uint16_t id, uint8_t *o, size_t cap)
{
	struct refdev *d = ctx;
	size_t n = 0;

	if (cap < 256)
		return 0;
	memset(o, 0, 256);
	switch (id) {
	case FF_CAP_RESOURCE:
		put32(o, FF_GROUPS);
		put32(o + 4, FF_CLASSIFIERS);
		put32(o + 8, FF_RULES);
		put32(o + 12, FF_RULES_PER_GROUP);
		o[16] = FF_LAST_PRIO;
		o[17] = FF_SEL_PER_CLS;
		return 20;
	case FF_CAP_SELECTOR:
		o[0] = FF_NSELS;
		n = 8;
		for (size_t i = 0; i < FF_NSELS; i++) {
			o[n] = ff_dev_sels[i].type;
			o[n + 1] = ff_dev_sels[i].flags;
			o[n + 4] = ff_dev_sels[i].len;
			memcpy(o + n + 8, ff_dev_sels[i].mask, ff_dev_sels[i].len);
			n += 8u + ff_dev_sels[i].len;
		}
		return n;
	case FF_CAP_ACTION:
		o[0] = 2;
		o[8] = FF_ACT_DROP;
		o[9] = FF_ACT_DIRECT;
		return 16;
	case NIPS_CAP_RESOURCE:
		put32(o, NIPS_SAS);	/* inb_sa_limit */
		put32(o + 4, NIPS_SAS);	/* outb_sa_limit */
		return 8;
	case NIPS_CAP_SA:
		return nips_sa_cap(o);
	}
	(void)d;
	return 0;
}

static unsigned int netadm_count(const struct netadm_obj *o, unsigned int n)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++)
		k += o[i].used;
	return k;
}

static bool netadm_ff_objects(const struct rd_netadm *a)
{
	return netadm_count(a->group, FF_GROUPS) || netadm_count(a->cls, FF_CLASSIFIERS) ||
	       netadm_count(a->rule, FF_RULES);
}

static uint16_t netadm_cap_set(void *ctx, uint16_t id, const uint8_t *p, size_t len, uint16_t *qual)
{
	struct refdev *d = ctx;
	struct rd_netadm *a = d->netadm;

	*qual = RD_ADMIN_Q_INVALID_FIELD;
	switch (id) {
	case FF_CAP_RESOURCE: {
		uint32_t g, c, r, rg;

		if (len < 20)
			return RD_ADMIN_EINVAL;
		g = get32(p), c = get32(p + 4), r = get32(p + 8), rg = get32(p + 12);
		if (g > FF_GROUPS || c > FF_CLASSIFIERS || r > FF_RULES || rg > FF_RULES_PER_GROUP ||
		    p[16] > FF_LAST_PRIO || p[17] > FF_SEL_PER_CLS)
			return RD_ADMIN_EINVAL;
		if (netadm_ff_objects(a))
			return RD_ADMIN_EBUSY;
		a->groups = g, a->classifiers = c, a->rules = r, a->rules_per_group = rg;
		a->ff_res_set = true;
		return RD_ADMIN_OK;
	}
	case FF_CAP_SELECTOR:
	case FF_CAP_ACTION:
		if (len < 8)
			return RD_ADMIN_EINVAL;
		if (netadm_ff_objects(a))
			return RD_ADMIN_EBUSY;
		*(id == FF_CAP_SELECTOR ? &a->ff_sel_set : &a->ff_act_set) = p[0] != 0;
		return RD_ADMIN_OK;
	case NIPS_CAP_RESOURCE:
		if (len < 8 || get32(p) > NIPS_SAS || get32(p + 4) > NIPS_SAS)
			return RD_ADMIN_EINVAL;
		a->inb_limit = get32(p);
		a->outb_limit = get32(p + 4);
		a->ips_res_set = true;
		return RD_ADMIN_OK;
	case NIPS_CAP_SA:
		if (len < 8)
			return RD_ADMIN_EINVAL;
		a->ips_sa_set = p[0] != 0;
		return RD_ADMIN_OK;
	}
	return RD_ADMIN_ENXIO;
}

/* ---- flow filter objects ------------------------------------------------- */

/* A classifier's selectors, parsed from its data; 0 when malformed. */
struct ff_cls {
	uint8_t count;
	struct {
		uint8_t type, flags, len;
		const uint8_t *mask;
	} sel[FF_SEL_PER_CLS];
};

static bool ff_cls_parse(const struct refdev *d, const uint8_t *b, size_t len, struct ff_cls *c)
{
	static const uint8_t allowed[FF_SEL_PER_CLS][3] = {
		{ FF_SEL_ETH }, { FF_SEL_IPV4, FF_SEL_IPV6 }, { FF_SEL_TCP, FF_SEL_UDP, FF_SEL_ESP } };
	size_t off = 8;

	if (len < 8 || !b[0] || b[0] > FF_SEL_PER_CLS)
		return false;
	c->count = b[0];
	for (unsigned int i = 0; i < c->count; i++) {
		const struct ff_dev_sel *s;

		if (off + 8 > len)
			return false;
		s = ff_dev_sel(b[off]);
		if (!s || b[off + 4] != s->len || off + 8 + s->len > len ||
		    (b[off] != allowed[i][0] && b[off] != allowed[i][1] && b[off] != allowed[i][2]))
			return false;
		if ((b[off + 1] & ~FF_PARTIAL) || (b[off + 1] && (!(s->flags & FF_PARTIAL) || QK(d, Q_NET_FF_PARTIAL_REFUSED))))
			return false;
		for (unsigned int k = 0; k < s->len; k++)
			if (b[off + 8 + k] & ~s->mask[k])
				return false;	/* a field the device cannot match */
		c->sel[i].type = b[off];
		c->sel[i].flags = b[off + 1];
		c->sel[i].len = s->len;
		c->sel[i].mask = b + off + 8;
		off += 8u + s->len;
	}
	return true;
}

static unsigned int ff_key_len(const struct ff_cls *c)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->count; i++)
		n += c->sel[i].len;
	return n;
}

/* Fields of a rule object's data (struct virtio_net_resource_obj_ff_rule). */
#define FR_GROUP(r)	get32((r) + 0)
#define FR_CLS(r)	get32((r) + 4)
#define FR_PRIO(r)	((r)[8])
#define FR_KEYLEN(r)	((r)[9])
#define FR_ACTION(r)	((r)[10])
#define FR_VQ(r)	get16((r) + 12)
#define FR_HDR		16

static bool ff_rule_valid(const struct refdev *d, uint32_t id, const uint8_t *r, size_t len)
{
	const struct rd_netadm *a = d->netadm;
	uint32_t lim = a->rules < a->rules_per_group ? a->rules : a->rules_per_group;
	const struct netadm_obj *co;
	struct ff_cls c;

	if (len < FR_HDR || FR_GROUP(r) >= FF_GROUPS || !a->group[FR_GROUP(r)].used || FR_CLS(r) >= FF_CLASSIFIERS ||
	    !a->cls[FR_CLS(r)].used)
		return false;
	if (QK(d, Q_NET_FF_RULE_UNCHECKED))
		return true;
	co = &a->cls[FR_CLS(r)];
	if (!ff_cls_parse(d, co->raw, co->rawlen, &c) || FR_KEYLEN(r) != ff_key_len(&c) || len < FR_HDR + (size_t)FR_KEYLEN(r))
		return false;
	if (FR_ACTION(r) != FF_ACT_DROP && FR_ACTION(r) != FF_ACT_DIRECT)
		return false;
	if (FR_ACTION(r) == FF_ACT_DIRECT && ((FR_VQ(r) & 1) || FR_VQ(r) >= 2 * NET_MAX_PAIRS))
		return false;
	return FR_PRIO(r) < FF_LAST_PRIO && id < lim;
}

static unsigned int ff_rules_in(const struct rd_netadm *a, uint32_t group)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < FF_RULES; i++)
		n += a->rule[i].used && FR_GROUP(a->rule[i].raw) == group;
	return n;
}

static bool ff_depends(const struct rd_netadm *a, uint16_t type, uint32_t id)
{
	for (unsigned int i = 0; i < FF_RULES; i++)
		if (a->rule[i].used && (type == FF_OBJ_GROUP ? FR_GROUP(a->rule[i].raw) : FR_CLS(a->rule[i].raw)) == id)
			return true;
	return false;
}

/*
 * Whether object data @b (@len bytes) is acceptable for @type/@id (the
 * group's distinct priority, the classifier's selectors, the rule's checks);
 * the status to answer otherwise.
 */
static uint16_t ff_check(struct refdev *d, uint16_t type, uint32_t id, const uint8_t *b, size_t len, bool create)
{
	struct rd_netadm *a = d->netadm;
	struct ff_cls c;

	switch (type) {
	case FF_OBJ_GROUP:
		if (len < 2)
			return RD_ADMIN_EINVAL;
		if (create && netadm_count(a->group, FF_GROUPS) >=
				      (a->groups < a->rules_per_group ? a->groups : a->rules_per_group) &&
		    !QK(d, Q_NET_FF_GROUP_LIMIT_IGNORED))
			return RD_ADMIN_ENOSPC;
		for (unsigned int i = 0; i < FF_GROUPS; i++)
			if (a->group[i].used && i != id && get16(a->group[i].raw) == get16(b) &&
			    !QK(d, Q_NET_FF_GROUP_PRIO_SHARED))
				return RD_ADMIN_EINVAL;
		return id < FF_GROUPS ? RD_ADMIN_OK : RD_ADMIN_EINVAL;
	case FF_OBJ_CLASSIFIER:
		if (create && netadm_count(a->cls, FF_CLASSIFIERS) >= a->classifiers && !QK(d, Q_NET_FF_CLS_LIMIT_IGNORED))
			return RD_ADMIN_ENOSPC;
		if (id >= FF_CLASSIFIERS || !ff_cls_parse(d, b, len, &c))
			return RD_ADMIN_EINVAL;
		return RD_ADMIN_OK;
	default:
		if (id >= FF_RULES || !ff_rule_valid(d, id, b, len))
			return RD_ADMIN_EINVAL;
		if (create && (ff_rules_in(a, FR_GROUP(b)) >= a->rules_per_group ||
			       netadm_count(a->rule, FF_RULES) >= a->rules))
			return RD_ADMIN_ENOSPC;
		return RD_ADMIN_OK;
	}
}

/* The object table of @type and its size; NULL for a type that is not the net device's. */
static struct netadm_obj *netadm_table(struct rd_netadm *a, uint16_t type, unsigned int *n)
{
	switch (type) {
	case FF_OBJ_GROUP: *n = FF_GROUPS; return a->group;
	case FF_OBJ_CLASSIFIER: *n = FF_CLASSIFIERS; return a->cls;
	case FF_OBJ_RULE: *n = FF_RULES; return a->rule;
	case NIPS_OBJ_OUTB: *n = NIPS_SLOTS; return a->sa[0];
	case NIPS_OBJ_INB: *n = NIPS_SLOTS; return a->sa[1];
	}
	return NULL;
}

static bool netadm_owns(void *ctx, uint16_t type)
{
	struct refdev *d = ctx;

	if (type == NIPS_OBJ_OUTB || type == NIPS_OBJ_INB)
		return netadm_ipsec(d);
	return type >= FF_OBJ_GROUP && type <= FF_OBJ_RULE;
}

/* ---- IPsec SAs ---------------------------------------------------------- */

/* Whether SA data @b is one the SA capability offers: ESP tunnel, its direction, AES-CBC, HMAC-SHA-256. */
static bool nips_sa_valid(const struct refdev *d, unsigned int dir, const uint8_t *b, size_t len)
{
	if (QK(d, Q_NET_IPSEC_SA_UNCHECKED))
		return len >= 8;
	return len >= NIPS_SA_LEN && b[0] == NIPS_MODE_ESP_TUNNEL && b[1] == dir + 1 && !(get64(b + 16) & ~0ULL) &&
	       get64(b + 76) == NIPS_CIPHER_AES_CBC && get16(b + 84) >= 16 && get16(b + 84) <= 32 &&
	       get64(b + 120) == NIPS_HMAC_SHA_256 && get16(b + 128) >= 16 && get16(b + 128) <= 32;
}

/* ---- the command hook ----------------------------------------------------- */

static uint16_t netadm_obj(void *ctx, uint16_t op, const uint8_t *p, size_t len, uint8_t *res, size_t cap,
			   size_t *reslen, uint16_t *qual)
{
	struct refdev *d = ctx;
	struct rd_netadm *a = d->netadm;
	uint16_t type = len >= 2 ? get16(p) : 0xffff, st;
	uint32_t id = len >= 8 ? get32(p + 4) : 0xffffffffu;
	bool ips = type == NIPS_OBJ_OUTB || type == NIPS_OBJ_INB;
	const uint8_t *b = p + 16;
	size_t blen = len > 16 ? len - 16 : 0;
	struct netadm_obj *t, *o;
	unsigned int n;

	*reslen = 0;
	*qual = RD_ADMIN_Q_INVALID_FIELD;
	t = netadm_table(a, type, &n);
	if (!t || len < 8)
		return RD_ADMIN_EINVAL;
	/* a capability the driver has not enabled: the commands do not exist for these objects */
	if (ips ? !(a->ips_res_set && a->ips_sa_set) && !QK(d, Q_NET_IPSEC_CAPS_IGNORED)
		: !(a->ff_res_set && a->ff_sel_set && a->ff_act_set) && !QK(d, Q_NET_FF_CAPS_IGNORED)) {
		*qual = RD_ADMIN_Q_INVALID_OPCODE;
		return RD_ADMIN_EINVAL;
	}
	if (op == OP_MODIFY && QK(d, ips ? Q_NET_IPSEC_MODIFY_UNSUPPORTED : Q_NET_FF_MODIFY_UNSUPPORTED)) {
		*qual = RD_ADMIN_Q_INVALID_OPCODE;
		return RD_ADMIN_EINVAL;
	}
	o = id < n ? &t[id] : NULL;
	switch (op) {
	case OP_CREATE:
		if (!o)
			return RD_ADMIN_EINVAL;
		if (o->used)
			return ips && QK(d, Q_NET_IPSEC_DUP_ENOSPC) ? RD_ADMIN_ENOSPC : RD_ADMIN_EEXIST;
		if (ips) {
			uint32_t lim = type == NIPS_OBJ_OUTB ? a->outb_limit : a->inb_limit;

			if ((id >= lim && !QK(d, Q_NET_IPSEC_LIMIT_IGNORED)) || !nips_sa_valid(d, type == NIPS_OBJ_INB, b, blen))
				return RD_ADMIN_EINVAL;
			if (QK(d, Q_NET_IPSEC_NO_RECREATE) && o->rawlen)
				return RD_ADMIN_ENOSPC;	/* quirk: a destroyed SA's slot is never freed */
		} else if (type == FF_OBJ_CLASSIFIER && len >= 16 && get64(p + 8) & ~(uint64_t)FF_PARTIAL) {
			return RD_ADMIN_EINVAL;	/* create flags: only PARTIAL_MASK means something */
		} else if (type == FF_OBJ_CLASSIFIER && len >= 16 && get64(p + 8) && QK(d, Q_NET_FF_PARTIAL_REFUSED)) {
			return RD_ADMIN_EINVAL;
		} else if ((st = ff_check(d, type, id, b, blen, true)) != RD_ADMIN_OK) {
			if (st == RD_ADMIN_ENOSPC)
				*qual = RD_ADMIN_Q_NORESOURCE;
			return st;
		}
		o->used = true;
		o->rawlen = (uint8_t)(blen < NETADM_RAW ? blen : NETADM_RAW);
		memcpy(o->raw, b, o->rawlen);
		if (ips)
			a->sa_last[type - NIPS_OBJ_OUTB] = id;
		return RD_ADMIN_OK;
	case OP_MODIFY:
		if (!o || !o->used)
			return RD_ADMIN_ENXIO;
		if (ips ? !nips_sa_valid(d, type == NIPS_OBJ_INB, b, blen) : ff_check(d, type, id, b, blen, false))
			return RD_ADMIN_EINVAL;
		o->rawlen = (uint8_t)(blen < NETADM_RAW ? blen : NETADM_RAW);
		memcpy(o->raw, b, o->rawlen);
		return RD_ADMIN_OK;
	case OP_QUERY:
		if (!o || !o->used)
			return RD_ADMIN_ENXIO;
		if (ips && QK(d, Q_NET_IPSEC_TABLE_LAST))
			o = &t[a->sa_last[type - NIPS_OBJ_OUTB] % NIPS_SLOTS];	/* quirk: one SA register */
		*reslen = o->rawlen < cap ? o->rawlen : cap;
		memcpy(res, o->raw, *reslen);
		return RD_ADMIN_OK;
	case OP_DESTROY:
		if (!o || !o->used)
			return RD_ADMIN_ENXIO;
		if ((type == FF_OBJ_GROUP && ff_depends(a, type, id) && !QK(d, Q_NET_FF_GROUP_DESTROY_BUSY_OK)) ||
		    (type == FF_OBJ_CLASSIFIER && ff_depends(a, type, id) && !QK(d, Q_NET_FF_CLS_DESTROY_BUSY_OK))) {
			*qual = RD_ADMIN_Q_INVALID_FIELD;
			return RD_ADMIN_EBUSY;
		}
		o->used = false;
		return RD_ADMIN_OK;
	}
	return RD_ADMIN_EINVAL;
}

static void netadm_reset(void *ctx)
{
	struct refdev *d = ctx;
	struct rd_netadm keep = *d->netadm;

	memset(d->netadm, 0, sizeof(*d->netadm));
	if (QK(d, Q_NET_IPSEC_SA_KEPT))
		memcpy(d->netadm->sa, keep.sa, sizeof(keep.sa));
}

/* ---- frames --------------------------------------------------------------- */

/* Where selector @i of classifier @c starts in frame @f, or -1 when the frame lacks that header. */
static long ff_hdr_off(const struct ff_cls *c, unsigned int i, const uint8_t *f, uint32_t len)
{
	uint32_t off = 0;

	for (unsigned int k = 0; k <= i; k++) {
		uint8_t t = c->sel[k].type;

		if (t == FF_SEL_ETH) {
			off = 0;
		} else if (t == FF_SEL_IPV4) {
			if (len < 34 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
				return -1;
			off = 14;
		} else if (t == FF_SEL_UDP) {
			if (len < 34 || f[23] != 17 || len < 14u + (f[14] & 15) * 4u + 8u)
				return -1;
			off = 14u + (f[14] & 15) * 4u;
		} else {
			return -1;
		}
		if (off + c->sel[k].len > len)
			return -1;
	}
	return off;
}

static bool ff_rule_matches(const struct refdev *d, const struct netadm_obj *r, const uint8_t *f, uint32_t len)
{
	const struct netadm_obj *co = &d->netadm->cls[FR_CLS(r->raw) % FF_CLASSIFIERS];
	const uint8_t *key = r->raw + FR_HDR;
	struct ff_cls c;

	if (!co->used || !ff_cls_parse(d, co->raw, co->rawlen, &c) || r->rawlen < FR_HDR + ff_key_len(&c))
		return false;
	for (unsigned int i = 0; i < c.count; i++) {
		long off = ff_hdr_off(&c, i, f, len);

		if (off < 0)
			return false;
		for (unsigned int k = 0; k < c.sel[i].len; k++)
			if ((f[off + k] ^ key[k]) & c.sel[i].mask[k])
				return false;
		key += c.sel[i].len;
	}
	return true;
}

/* What the flow filter decided for one frame. */
struct ff_verdict {
	bool matched;		/* an action was taken */
	bool drop;
	uint8_t pairs;		/* DIRECT_RX_VQ: the receive queue pairs it goes to (one bit each) */
};

/* Rules of @group from the highest rule_priority down (net-ff-rule-low-first: up); the verdict of the first match. */
static bool ff_group_apply(const struct refdev *d, uint32_t group, const uint8_t *f, uint32_t len, struct ff_verdict *v)
{
	const struct rd_netadm *a = d->netadm;
	bool low_first = QK(d, Q_NET_FF_RULE_LOW_FIRST), any = false;

	for (int p = low_first ? 0 : 255; low_first ? p <= 255 : p >= 0; p += low_first ? 1 : -1)
		for (unsigned int i = 0; i < FF_RULES; i++) {
			const struct netadm_obj *r = &a->rule[i];

			if (!r->used || FR_GROUP(r->raw) != group || FR_PRIO(r->raw) != p || !ff_rule_matches(d, r, f, len))
				continue;
			if (QK(d, Q_NET_FF_MATCH_NO_ACTION))
				return false;	/* quirk: matched, action forgotten */
			any = true;
			v->matched = true;
			if (FR_ACTION(r->raw) == FF_ACT_DROP)
				v->drop = true;
			else
				v->pairs |= (uint8_t)(1u << (FR_VQ(r->raw) / 2));
			if (!QK(d, Q_NET_FF_ALL_ACTIONS))
				return true;
		}
	return any;
}

/* Groups from the highest group_priority down until one takes an action (the quirks break the order). */
static struct ff_verdict ff_apply(const struct refdev *d, const uint8_t *f, uint32_t len)
{
	const struct rd_netadm *a = d->netadm;
	struct ff_verdict v = { false, false, 0 };
	bool low_first = QK(d, Q_NET_FF_GROUP_LOW_FIRST);
	int prev = low_first ? -1 : 0x10000;

	if (!a)
		return v;
	for (;;) {
		int best = -1;

		/* the next group: priorities are distinct */
		for (unsigned int g = 0; g < FF_GROUPS; g++) {
			int p;

			if (!a->group[g].used)
				continue;
			p = get16(a->group[g].raw);
			if ((low_first ? p > prev : p < prev) &&
			    (best < 0 || (low_first ? p < get16(a->group[best].raw) : p > get16(a->group[best].raw))))
				best = (int)g;
		}
		if (best < 0)
			return v;
		prev = get16(a->group[best].raw);
		if (QK(d, Q_NET_FF_ALL_GROUPS)) {
			struct ff_verdict w = { false, false, 0 };

			if (ff_group_apply(d, (uint32_t)best, f, len, &w))
				v = w;	/* quirk: every group consulted, the last match wins */
			continue;
		}
		if (ff_group_apply(d, (uint32_t)best, f, len, &v) || QK(d, Q_NET_FF_FIRST_GROUP_ONLY))
			return v;
	}
}

/*
 * The flow filter's part of receiving frame @f: after the MAC/VLAN filter
 * (@accepted), before steering. Returns the pairs (one bit each) it goes to,
 * 0 when it is dropped; @steer is where steering alone would put it.
 */
static uint8_t netadm_rx(const struct refdev *d, const uint8_t *f, uint32_t len, bool accepted, uint8_t steer)
{
	struct ff_verdict v;
	uint8_t out = 0;

	if (!accepted && !QK(d, Q_NET_FF_BEFORE_MAC_FILTER))
		return 0;
	v = ff_apply(d, f, len);
	if (!accepted && !(v.matched && v.pairs))
		return 0;	/* quirk net-ff-before-mac-filter: only a rule's queue lets it through */
	if (!v.matched)
		return (uint8_t)(1u << steer);
	if (v.drop && !QK(d, Q_NET_FF_DROP_IGNORED))
		return 0;
	if (QK(d, Q_NET_FF_AFTER_RSS) && d->net.rss)
		return (uint8_t)(1u << steer);
	for (unsigned int p = 0; p < NET_MAX_PAIRS; p++) {
		if (!((v.pairs >> p) & 1))
			continue;
		if (d->q[2 * p].enabled)
			out |= (uint8_t)(1u << p);
		else if (QK(d, Q_NET_FF_RESET_VQ_STEERED))
			out |= (uint8_t)(1u << steer);	/* quirk: instead of dropping it */
	}
	if (QK(d, Q_NET_FF_STEERS_TOO) || (v.drop && QK(d, Q_NET_FF_DROP_IGNORED)))
		out |= (uint8_t)(1u << steer);
	return out;
}

/* "net,admin": the flow filter and IPsec part of the self group; -ENOMEM. */
static int net_admin_attach(struct refdev *d)
{
	struct rd_admin_ext e = {
		.ctx = d,
		.caps = netadm_caps,
		.ncaps = sizeof(netadm_caps) / sizeof(netadm_caps[0]),
		.cap_get = netadm_cap_get,
		.cap_set = netadm_cap_set,
		.owns = netadm_owns,
		.obj = netadm_obj,
		.reset = netadm_reset,
	};

	if (QK(d, Q_NET_FF_CAPS_PARTIAL))
		e.ncaps = 2;	/* quirk: the action capability (and IPsec's) not listed */
	else if (QK(d, Q_NET_IPSEC_CAPS_MISSING))
		e.ncaps = 3;	/* quirk: the IPsec capabilities not listed */
	d->netadm = calloc(1, sizeof(*d->netadm));
	if (!d->netadm)
		return -ENOMEM;
	rd_admin_set_ext(d->admin, &e);
	return 0;
}

#endif
