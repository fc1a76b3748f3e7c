/* SPDX-License-Identifier: MIT */
/*
 * refdev: the crypto device (virtio-crypto, id 20), a part of refdev.c
 * included by it like refdev_types.c (built on its own it is empty).
 *
 * One data queue and the control queue. Without VIRTIO_CRYPTO_F_REVISION_1
 * the fixed parts are padded (56 bytes on the control queue, 48 on the data
 * queue); with it each opcode's structure has its own size, and with a
 * service's STATELESS_MODE (all five are offered) a data request whose header flag
 * is not VIRTIO_CRYPTO_FLAG_SESSION_MODE carries its session parameters
 * itself (stateless mode). Services, in session mode: CIPHER (AES-CBC), HASH (SHA-256), MAC (HMAC-SHA-256), AEAD
 * (AES-GCM, 12-byte IV) and AKCIPHER (RSA encryption with a public key of up
 * to 1024 bits, raw padding), computed by refdev_cryptalg.c. Up to 64 sessions,
 * ids 1..64; a session's direction (encrypt/decrypt) is fixed at creation.
 * Algorithm chaining: HASH_THEN_CIPHER with an HMAC-SHA-256 authenticated
 * hash over a range of the source and AES-CBC over a range of it, no AAD.
 *
 * With ",admin" also the IPSEC service (crypto_services bit 5): the self
 * group's VIRTIO_CRYPTO_IPSEC_RESOURCE_CAP (4 inbound, 4 outbound SAs) and
 * _SA_CAP (ESP tunnel mode, AES-CBC with HMAC-SHA-256, SA lifetimes), SA
 * resource objects created, modified, queried and destroyed through the
 * admin queue (refdev_admin.c's extension hooks), and IPsec data requests
 * (session mode, REVISION_1 layout: an 8-byte fixed part) doing RFC 4303
 * ESP in IPv4 tunnel mode: a 16-byte IV, the padded inner packet encrypted
 * with AES-CBC, a 16-byte ICV of HMAC-SHA-256 (RFC 4868), sequence numbers
 * from 1.
 */
#ifdef RD_TYPES_IMPL

#define CRYPTO_CTRL		(16 + 56)
#define CRYPTO_F_REVISION_1	0
#define CRYPTO_F_STATELESS(svc)	(1 + (svc))	/* CIPHER 1, HASH 2, MAC 3, AEAD 4, AKCIPHER 5 */
#define CRYPTO_SESSIONS		64
#define CRYPTO_MAX_KEY		32
#define CRYPTO_MAX_AUTH_KEY	64
/* services and algorithms */
#define CRYPTO_SVC_CIPHER	0
#define CRYPTO_SVC_HASH		1
#define CRYPTO_SVC_MAC		2
#define CRYPTO_SVC_AEAD		3
#define CRYPTO_SVC_AKCIPHER	4
#define CRYPTO_AES_CBC		3
#define CRYPTO_SHA_256		4
#define CRYPTO_HMAC_SHA_256	4
#define CRYPTO_GCM		1
#define CRYPTO_RSA		1
#define CRYPTO_OP(svc, op)	((uint32_t)(svc) << 8 | (op))
/* status */
#define CRYPTO_OK		0
#define CRYPTO_ERR		1
#define CRYPTO_BADMSG		2
#define CRYPTO_NOTSUPP		3
#define CRYPTO_INVSESS		4
#define CRYPTO_SVC_IPSEC	5
#define CRYPTO_SOFT_EXPIRY	7
/* IPsec: capabilities, object types, the SA layout (struct virtio_crypto_resource_obj_ipsec_sa_256b_key) */
#define IPSEC_CAP_RESOURCE	0x800
#define IPSEC_CAP_SA		0x801
#define IPSEC_OBJ_OUTB		0x200
#define IPSEC_OBJ_INB		0x201
#define IPSEC_LIMIT		4	/* SAs per direction the device offers */
#define IPSEC_SLOTS		8	/* room for the limit-unchecked quirk */
#define IPSEC_SA_LEN		196
#define IPSEC_MODE_ESP_TUNNEL	1
#define IPSEC_OPT_LIFETIME	(1u << 6)
#define IPSEC_KEY_MAX		32

struct rd_crypto_sess {
	bool live;
	uint8_t svc, enc;
	uint32_t hrl, tag_len, aad_len;
	uint8_t key[CRYPTO_MAX_AUTH_KEY];
	uint32_t klen;
	bool chain;		/* CIPHER: an algorithm-chaining session (HMAC key in akey) */
	uint8_t akey[CRYPTO_MAX_AUTH_KEY];
	uint32_t aklen;
	struct rd_rsa rsa;	/* AKCIPHER: the public key */
};

struct rd_ipsec_sa {
	bool live;
	uint8_t raw[IPSEC_SA_LEN];	/* as the last CREATE or MODIFY supplied it */
	uint64_t packets, bytes;
	uint32_t seq;
};

/* The IPsec state: driver capabilities and SAs live until a device reset (admin extension hooks). */
struct rd_ipsec {
	bool res_set, sa_set;
	uint32_t limit[2];		/* [0] outbound, [1] inbound, as the driver set them */
	struct rd_ipsec_sa sa[2][IPSEC_SLOTS];
	uint8_t tomb[2];		/* crypto-ipsec-id-tombstone: destroyed ids */
};

struct rd_crypto {
	struct rd_crypto_sess s[CRYPTO_SESSIONS];
	struct rd_ipsec ipsec;
};

static void crypto_init(struct refdev *d)
{
	uint32_t svc = 1u << CRYPTO_SVC_CIPHER | 1u << CRYPTO_SVC_HASH | 1u << CRYPTO_SVC_MAC | 1u << CRYPTO_SVC_AEAD |
		       1u << CRYPTO_SVC_AKCIPHER;

	put32(d->devcfg + 0, QK(d, Q_CRYPTO_STATUS_UNDEFINED) ? 0x81 : 1);	/* status: VIRTIO_CRYPTO_S_HW_READY */
	put32(d->devcfg + 4, QK(d, Q_CRYPTO_DATAQUEUES_ZERO) ? 0 : 1);		/* max_dataqueues */
	if (d->admin)
		svc |= 1u << CRYPTO_SVC_IPSEC;					/* its SAs live on the admin queue */
	put32(d->devcfg + 8, svc);						/* crypto_services */
	put32(d->devcfg + 12, 1u << CRYPTO_AES_CBC);				/* cipher_algo_l */
	put32(d->devcfg + 20, 1u << CRYPTO_SHA_256 | (QK(d, Q_CRYPTO_HASH_MASK_UNDEFINED) ? 1u << 20 : 0));
	put32(d->devcfg + 24, QK(d, Q_CRYPTO_MAC_MASK_EMPTY) ? 0 : 1u << CRYPTO_HMAC_SHA_256);	/* mac_algo_l */
	put32(d->devcfg + 32, 1u << CRYPTO_GCM);				/* aead_algo */
	put32(d->devcfg + 36, QK(d, Q_CRYPTO_KEY_LEN_ZERO) ? 0 : CRYPTO_MAX_KEY);
	put32(d->devcfg + 40, QK(d, Q_CRYPTO_AUTH_KEY_LEN_ZERO) ? 0 : CRYPTO_MAX_AUTH_KEY);
	put32(d->devcfg + 44, 1u << CRYPTO_RSA);				/* akcipher_algo */
	put64(d->devcfg + 48, QK(d, Q_CRYPTO_MAX_SIZE_ZERO) ? 0 : 1u << 20);	/* max_size */
}

static struct rd_crypto *crypto_state(struct refdev *d)
{
	if (!d->crypto)
		d->crypto = calloc(1, sizeof(*d->crypto));
	return d->crypto;
}

/* A virtio reset ends every session (IPsec SAs go with the admin reset, crypto_ipsec_reset). */
static void crypto_reset(struct refdev *d)
{
	if (d->crypto)
		memset(d->crypto->s, 0, sizeof(d->crypto->s));
}

/* A free session slot: its id (1..64), 0 when none. */
static uint64_t crypto_new_id(const struct rd_crypto *cs)
{
	for (unsigned int s = 0; s < CRYPTO_SESSIONS; s++)
		if (!cs->s[s].live)
			return s + 1;
	return 0;
}

/* CREATE_SESSION of @svc; the status, and the session in *@id on OK. */
static uint32_t crypto_create(struct refdev *d, uint32_t svc, const uint8_t *f, const struct rd_chain *c, uint32_t vlf,
			      uint64_t *id)
{
	struct rd_crypto *cs = crypto_state(d);
	struct rd_crypto_sess n = { .live = true, .svc = (uint8_t)svc, .enc = 1 };
	uint32_t algo = get32(f);
	uint64_t sid;
	unsigned int slot;

	if (!cs)
		return CRYPTO_ERR;
	switch (svc) {
	case CRYPTO_SVC_CIPHER:
		if (get32(f + 48) == 2) {
			/* alg_chain_session_flf: order, hash_mode, cipher_hdr at 8, algo_flf (a MAC's) at 24, aad_len at 40 */
			if (get32(f) != 1 || get32(f + 4) != 2 || get32(f + 24) != CRYPTO_HMAC_SHA_256 || get32(f + 40))
				return CRYPTO_NOTSUPP;	/* HASH_THEN_CIPHER, HMAC-SHA-256, no AAD only */
			n.chain = true;
			n.hrl = get32(f + 28);
			n.aklen = get32(f + 32);
			f += 8;	/* the cipher header */
			algo = get32(f);
			if (!n.hrl || n.hrl > 32 || n.aklen > CRYPTO_MAX_AUTH_KEY)
				return CRYPTO_ERR;
		} else if (get32(f + 48) != 1) {
			return CRYPTO_NOTSUPP;
		}
		if (algo != CRYPTO_AES_CBC)
			return CRYPTO_NOTSUPP;	/* only AES-CBC */
		n.klen = get32(f + 4);
		n.enc = get32(f + 8) == 1;
		if (get32(f + 8) != 1 && get32(f + 8) != 2)
			return CRYPTO_NOTSUPP;
		if (n.klen != 16 && n.klen != 24 && n.klen != 32)
			return CRYPTO_ERR;
		if (n.chain && (c->rlen < vlf + (uint64_t)n.klen + n.aklen || chain_read(d, c, vlf + n.klen, n.akey, n.aklen)))
			return CRYPTO_ERR;	/* alg_chain_session_vlf: the cipher key, then the authentication key */
		break;
	case CRYPTO_SVC_HASH:
		if (algo != CRYPTO_SHA_256)
			return CRYPTO_NOTSUPP;
		n.hrl = get32(f + 4);
		if (!n.hrl || n.hrl > 32)
			return CRYPTO_ERR;
		break;
	case CRYPTO_SVC_MAC:
		if (algo != CRYPTO_HMAC_SHA_256)
			return CRYPTO_NOTSUPP;
		n.hrl = get32(f + 4);
		n.klen = get32(f + 8);
		if (!n.hrl || n.hrl > 32 || n.klen > CRYPTO_MAX_AUTH_KEY)
			return CRYPTO_ERR;
		if (QK(d, Q_CRYPTO_CREATE_FLF_UNPADDED))
			vlf = 16 + 16;	/* the key taken right after the revision-1 fixed part, whatever was negotiated */
		break;
	case CRYPTO_SVC_AEAD:
		if (algo != CRYPTO_GCM || QK(d, Q_CRYPTO_AEAD_UNBACKED))
			return CRYPTO_NOTSUPP;
		n.klen = get32(f + 4);
		n.tag_len = get32(f + 8);
		n.aad_len = get32(f + 12);
		n.enc = get32(f + 16) == 1;
		if (get32(f + 16) != 1 && get32(f + 16) != 2)
			return CRYPTO_NOTSUPP;
		if ((n.klen != 16 && n.klen != 24 && n.klen != 32) || n.tag_len < 4 || n.tag_len > 16)
			return CRYPTO_ERR;
		break;
	case CRYPTO_SVC_AKCIPHER: {	/* algo, key_type, key_len, then RSA's padding_algo and hash_algo */
		uint32_t klen = get32(f + 8);
		uint8_t der[600];

		if (algo != CRYPTO_RSA || get32(f + 4) != 1 || get32(f + 12) != 0)
			return CRYPTO_NOTSUPP;	/* public keys with raw padding only */
		if (klen > sizeof(der) || c->rlen < vlf + (uint64_t)klen || chain_read(d, c, vlf, der, klen) ||
		    rsa_parse_public(&n.rsa, der, klen))
			return CRYPTO_ERR;
		break;
	}
	default:
		return CRYPTO_NOTSUPP;
	}
	if (n.klen && (c->rlen < vlf + (uint64_t)n.klen || chain_read(d, c, vlf, n.key, n.klen)))
		return CRYPTO_ERR;
	if (QK(d, Q_CRYPTO_KEY_IGNORED) && svc == CRYPTO_SVC_CIPHER)
		memset(n.key, 0, sizeof(n.key));
	sid = crypto_new_id(cs);
	if (QK(d, Q_CRYPTO_SESSION_ID_REUSED)) {
		unsigned int live = 0;

		for (unsigned int s = 0; s < CRYPTO_SESSIONS; s++)
			live += cs->s[s].live;
		sid = live + 1;	/* the id counts live sessions: a freed id in the middle comes back as a live one */
		if (sid <= CRYPTO_SESSIONS && cs->s[sid - 1].live) {
			for (slot = 0; slot < CRYPTO_SESSIONS && cs->s[slot].live; slot++)
				;
			if (slot < CRYPTO_SESSIONS)
				cs->s[slot] = n;
			*id = sid;
			return CRYPTO_OK;
		}
	}
	if (!sid || sid > CRYPTO_SESSIONS)
		return CRYPTO_ERR;	/* no free session (NOSPC needs VIRTIO_CRYPTO_F_REVISION_1) */
	cs->s[sid - 1] = n;
	*id = sid;
	return CRYPTO_OK;
}

/* The fixed part of control opcode @op: 56 bytes padded, or with REVISION_1 its own structure's size. */
static uint32_t crypto_ctrl_flf(const struct refdev *d, uint32_t op)
{
	static const uint32_t create[] = { 56, 8, 16, 24, 56 };	/* CIPHER (sym), HASH, MAC, AEAD, AKCIPHER */

	if (!NEG(d, CRYPTO_F_REVISION_1))
		return 56;
	if ((op & 0xff) == 0x03 || op == CRYPTO_OP(CRYPTO_SVC_AKCIPHER, 0x05))
		return 8;	/* virtio_crypto_destroy_session_flf */
	return (op >> 8) <= CRYPTO_SVC_AKCIPHER ? create[op >> 8] : 56;
}

static int crypto_ctrl(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t req[CRYPTO_CTRL] = { 0 }, in[16] = { 0 };
	uint32_t op, flf;
	int r;

	(void)qi;
	r = req_head(d, c, req, 16, written);
	if (r)
		return r < 0 ? r : 0;
	op = get32(req);
	flf = crypto_ctrl_flf(d, op);
	if (c->rlen < 16 + flf || chain_read(d, c, 16, req + 16, flf))
		return 0;	/* too short: completed with len 0 */
	if ((op & 0xff) == 0x02 || op == CRYPTO_OP(CRYPTO_SVC_AKCIPHER, 0x04)) {
		uint64_t id = 0;
		uint32_t st = crypto_create(d, op >> 8, req + 16, c, 16 + flf, &id);

		if (st == CRYPTO_NOTSUPP && QK(d, Q_CRYPTO_CREATE_INVSESS))
			st = CRYPTO_INVSESS;
		if (st == CRYPTO_OK)
			put64(in, id);
		put32(in + 8, st);
		return answer(d, c, in, 16, written);
	}
	if ((op & 0xff) == 0x03 || op == CRYPTO_OP(CRYPTO_SVC_AKCIPHER, 0x05)) {
		struct rd_crypto *cs = crypto_state(d);
		uint64_t id = get64(req + 16);

		in[0] = QK(d, Q_CRYPTO_DESTROY_INVSESS) ? CRYPTO_INVSESS : CRYPTO_ERR;
		if (cs && id >= 1 && id <= CRYPTO_SESSIONS && cs->s[id - 1].live && cs->s[id - 1].svc == op >> 8) {
			cs->s[id - 1].live = false;
			in[0] = CRYPTO_OK;
		}
		return answer(d, c, in, 1, written);
	}
	in[0] = CRYPTO_NOTSUPP;
	return answer(d, c, in, 1, written);
}

/*
 * The data request's variable part: @n readable bytes from readable offset
 * @off into a fresh buffer (NULL when the chain has fewer).
 */
static uint8_t *crypto_read(struct refdev *d, const struct rd_chain *c, uint64_t off, uint32_t n)
{
	uint8_t *p;

	if (c->rlen < off + n || !(p = malloc(n ? n : 1)))
		return NULL;
	if (chain_read(d, c, off, p, n)) {
		free(p);
		return NULL;
	}
	return p;
}

/* Whether a data request with header @h is a stateless one (its session parameters in the request). */
static bool crypto_stateless(const struct refdev *d, const uint8_t *h)
{
	uint32_t svc = get32(h) >> 8;

	return NEG(d, CRYPTO_F_REVISION_1) && svc <= CRYPTO_SVC_AKCIPHER && NEG(d, CRYPTO_F_STATELESS(svc)) &&
	       !(get32(h + 16) & 1) && !QK(d, Q_CRYPTO_STATELESS_FLAG_IGNORED);
}

/* The fixed part of a data request: 48 bytes padded, or with REVISION_1 the structure of its opcode and mode. */
static uint32_t crypto_data_flf(const struct refdev *d, const uint8_t *h)
{
	static const uint32_t session[] = { 48, 8, 8, 24, 8 }, stateless[] = { 76, 16, 16, 32, 28 };
	uint32_t svc = get32(h) >> 8;

	if (NEG(d, CRYPTO_F_REVISION_1) && svc == CRYPTO_SVC_IPSEC)
		return 8;	/* virtio_crypto_ipsec_data_flf */
	if (!NEG(d, CRYPTO_F_REVISION_1) || svc > CRYPTO_SVC_AKCIPHER)
		return 48;
	return crypto_stateless(d, h) ? stateless[svc] : session[svc];
}

/*
 * A stateless request's session: from the parameters in its fixed part @f
 * and the key that starts the variable part at *@v (moved past it; HASH has
 * none); @nf gets the fixed part laid out as in session mode.
 */
static uint8_t crypto_stateless_sess(struct refdev *d, uint32_t svc, const uint8_t *f, const struct rd_chain *c,
				     uint32_t *v, struct rd_crypto_sess *s, uint8_t *nf)
{
	memset(s, 0, sizeof(*s));
	s->live = true;
	s->svc = (uint8_t)svc;
	s->enc = 1;
	if (svc == CRYPTO_SVC_CIPHER) {	/* algo, key_len, op, iv_len, src_data_len, dst_data_len; op_type at 72 */
		if (get32(f) != CRYPTO_AES_CBC || (get32(f + 8) != 1 && get32(f + 8) != 2))
			return CRYPTO_NOTSUPP;
		s->klen = get32(f + 4);
		s->enc = get32(f + 8) == 1;
		put32(nf, get32(f + 12)), put32(nf + 4, get32(f + 16)), put32(nf + 8, get32(f + 20));
		put32(nf + 40, get32(f + 72));
		if (s->klen != 16 && s->klen != 24 && s->klen != 32)
			return CRYPTO_ERR;
	} else if (svc == CRYPTO_SVC_HASH) {	/* algo, src_data_len, hash_result_len */
		if (get32(f) != CRYPTO_SHA_256)
			return CRYPTO_NOTSUPP;
		put32(nf, get32(f + 4)), put32(nf + 4, get32(f + 8));
	} else if (svc == CRYPTO_SVC_MAC) {	/* algo, auth_key_len, src_data_len, hash_result_len */
		if (get32(f) != CRYPTO_HMAC_SHA_256)
			return CRYPTO_NOTSUPP;
		s->klen = get32(f + 4);
		put32(nf, get32(f + 8)), put32(nf + 4, get32(f + 12));
		if (s->klen > CRYPTO_MAX_AUTH_KEY)
			return CRYPTO_ERR;
	} else if (svc == CRYPTO_SVC_AEAD) {	/* algo, key_len, op, iv_len, tag_len, aad_len, src_data_len, dst_data_len */
		if (get32(f) != CRYPTO_GCM || (get32(f + 8) != 1 && get32(f + 8) != 2))
			return CRYPTO_NOTSUPP;
		s->klen = get32(f + 4);
		s->enc = get32(f + 8) == 1;
		s->tag_len = get32(f + 16);
		put32(nf, get32(f + 12)), put32(nf + 4, get32(f + 20)), put32(nf + 8, get32(f + 24));
		put32(nf + 12, get32(f + 28)), put32(nf + 16, get32(f + 16));
		if (s->klen != 16 && s->klen != 24 && s->klen != 32)
			return CRYPTO_ERR;
	} else {	/* AKCIPHER: algo, key_type, key_len, RSA padding_algo and hash_algo, src_data_len, dst_data_len */
		uint32_t klen = get32(f + 8);
		uint8_t der[600];

		if (get32(f) != CRYPTO_RSA || get32(f + 4) != 1 || get32(f + 12) != 0)
			return CRYPTO_NOTSUPP;
		if (klen > sizeof(der) || c->rlen < *v + (uint64_t)klen || chain_read(d, c, *v, der, klen) ||
		    rsa_parse_public(&s->rsa, der, klen))
			return CRYPTO_ERR;
		put32(nf, get32(f + 20)), put32(nf + 4, get32(f + 24));
		*v += klen;
		return CRYPTO_OK;
	}
	if (s->klen && (c->rlen < *v + (uint64_t)s->klen || chain_read(d, c, *v, s->key, s->klen)))
		return CRYPTO_ERR;
	*v += s->klen;
	return CRYPTO_OK;
}

/*
 * An algorithm-chaining request (alg_chain_data_flf in @f): HMAC of the
 * hash range of the source into hash_result, AES-CBC of the cipher range
 * into dst_data; @out gets dst_data_len + hash_result_len bytes.
 */
static uint8_t crypto_chain(struct refdev *d, const struct rd_crypto_sess *s, const uint8_t *f,
			    const struct rd_chain *c, uint32_t v, uint8_t **out, uint32_t *outlen)
{
	uint32_t ivl = get32(f), sl = get32(f + 4), dl = get32(f + 8), cs = get32(f + 12), cl = get32(f + 16),
		 hs = get32(f + 20), hl = get32(f + 24), al = get32(f + 28), hrl = get32(f + 32);
	uint8_t *iv, *src, md[32];
	struct rd_aes aes;

	if (QK(d, Q_CRYPTO_CHAIN_AAD_ALWAYS) && !al)
		al = 16;	/* the quirk: AAD parsed whatever aad_len says */
	if (ivl != 16 || sl > (1u << 20) || cs > sl || cl > sl - cs || cl % 16 || dl != cl || hs > sl || hl > sl - hs ||
	    hrl != s->hrl)
		return CRYPTO_ERR;
	if (al && c->rlen < v + (uint64_t)ivl + sl + al)
		return CRYPTO_ERR;	/* no AAD where aad_len says there is some */
	if (al)
		return CRYPTO_NOTSUPP;	/* this model chains no AAD */
	iv = crypto_read(d, c, v, ivl);
	src = crypto_read(d, c, v + ivl, sl);
	*out = calloc(1, dl + hrl + 1);
	if (!iv || !src || !*out) {
		free(iv), free(src);
		return CRYPTO_ERR;
	}
	hmac_sha256(s->akey, s->aklen, QK(d, Q_CRYPTO_CHAIN_HASH_WHOLE_SRC) ? src : src + hs,
		    QK(d, Q_CRYPTO_CHAIN_HASH_WHOLE_SRC) ? sl : hl, md);
	aes_setkey(&aes, s->key, s->klen);
	aes_cbc(&aes, s->enc, iv, src + cs, *out, cl);
	if (!QK(d, Q_CRYPTO_CHAIN_HASH_UNWRITTEN))
		memcpy(*out + dl, md, hrl);
	*outlen = dl + hrl;
	free(iv), free(src);
	return CRYPTO_OK;
}

/* ---- IPsec ------------------------------------------------------------------ */

/* struct virtio_crypto_ipsec_sa_cap_data: one mode, ESP tunnel. */
static size_t ipsec_sa_cap(uint8_t *p)
{
	memset(p, 0, 8 + 44);
	p[0] = 1;				/* count */
	p[8] = IPSEC_MODE_ESP_TUNNEL;		/* struct virtio_crypto_ipsec_mode_cap */
	put32(p + 8 + 4, 64);			/* max_replay_win_sz */
	put32(p + 8 + 8, IPSEC_OPT_LIFETIME);	/* options */
	put64(p + 8 + 16, 1ULL << CRYPTO_AES_CBC);	/* cipher_algo */
	put64(p + 8 + 24, 1ULL << CRYPTO_HMAC_SHA_256);	/* hmac_algo */
	put32(p + 8 + 36, IPSEC_KEY_MAX);	/* max_cipher_key_len */
	put32(p + 8 + 40, IPSEC_KEY_MAX);	/* max_auth_key_len */
	return 8 + 44;
}

static size_t ipsec_cap_get(void *ctx, uint16_t id, uint8_t *out, size_t cap)
{
	(void)ctx;
	if (cap < 8 + 44)
		return 0;
	if (id == IPSEC_CAP_SA)
		return ipsec_sa_cap(out);
	put32(out, IPSEC_LIMIT);		/* inb_sa_limit */
	put32(out + 4, IPSEC_LIMIT);		/* outb_sa_limit */
	return 8;
}

static uint16_t ipsec_cap_set(void *ctx, uint16_t id, const uint8_t *p, size_t len, uint16_t *qual)
{
	struct rd_crypto *cs = crypto_state(ctx);
	struct rd_ipsec *ip = &cs->ipsec;

	*qual = RD_ADMIN_Q_INVALID_FIELD;
	if (!cs)
		return RD_ADMIN_ENXIO;
	if (id == IPSEC_CAP_RESOURCE) {
		uint32_t inb, outb;

		if (len < 8)
			return RD_ADMIN_EINVAL;
		inb = get32(p), outb = get32(p + 4);
		if (inb > IPSEC_LIMIT || outb > IPSEC_LIMIT)
			return RD_ADMIN_EINVAL;	/* above what the device offers */
		for (unsigned int i = 0; i < IPSEC_SLOTS; i++)
			if ((ip->sa[0][i].live && i >= outb) || (ip->sa[1][i].live && i >= inb))
				return RD_ADMIN_EBUSY;
		ip->limit[0] = outb, ip->limit[1] = inb;
		ip->res_set = true;
		return RD_ADMIN_OK;
	}
	/* SA_CAP: the driver's entries, each a subset of the device's one mode */
	if (len < 8 || len < 8 + (size_t)p[0] * 44)
		return RD_ADMIN_EINVAL;
	for (unsigned int i = 0; i < p[0]; i++) {
		const uint8_t *m = p + 8 + 44 * i;

		if (m[0] != IPSEC_MODE_ESP_TUNNEL || (get32(m + 8) & ~IPSEC_OPT_LIFETIME) ||
		    (get64(m + 16) & ~(1ULL << CRYPTO_AES_CBC)) || (get64(m + 24) & ~(1ULL << CRYPTO_HMAC_SHA_256)) ||
		    get32(m + 32) || get32(m + 36) > IPSEC_KEY_MAX || get32(m + 40) > IPSEC_KEY_MAX || get32(m + 4) > 64)
			return RD_ADMIN_EINVAL;
	}
	ip->sa_set = true;
	return RD_ADMIN_OK;
}

static bool ipsec_owns(void *ctx, uint16_t type)
{
	(void)ctx;
	return type == IPSEC_OBJ_OUTB || type == IPSEC_OBJ_INB;
}

/* Whether SA bytes @sa (direction @dir: 0 outbound) name what the SA capability offers. */
static bool ipsec_sa_valid(struct refdev *d, const uint8_t *sa, unsigned int dir)
{
	bool algo_ok = get64(sa + 76) == CRYPTO_AES_CBC || (dir == 1 && QK(d, Q_CRYPTO_IPSEC_INB_ALGO_UNCHECKED));

	return sa[0] == IPSEC_MODE_ESP_TUNNEL && sa[1] == dir + 1 && !(get64(sa + 16) & ~(uint64_t)IPSEC_OPT_LIFETIME) &&
	       algo_ok && (get16(sa + 84) == 16 || get16(sa + 84) == 24 || get16(sa + 84) == 32) &&
	       get64(sa + 120) == CRYPTO_HMAC_SHA_256 && get16(sa + 128) >= 1 && get16(sa + 128) <= IPSEC_KEY_MAX &&
	       get32(sa + 72) <= 64 && (dir == 1 || sa[24] == 1);	/* outbound: an IPv4 tunnel (type 1) */
}

/* RESOURCE_OBJ_*: @p is command_specific_data (header, flags, then the SA). */
static uint16_t ipsec_obj(void *ctx, uint16_t op, const uint8_t *p, size_t len, uint8_t *res, size_t cap,
			  size_t *reslen, uint16_t *qual)
{
	struct refdev *d = ctx;
	struct rd_crypto *cs = crypto_state(d);
	struct rd_ipsec *ip;
	unsigned int dir;
	uint32_t id, limit;
	struct rd_ipsec_sa *sa;

	*qual = RD_ADMIN_Q_INVALID_FIELD;
	if (!cs || len < 8)
		return RD_ADMIN_EINVAL;
	ip = &cs->ipsec;
	if ((!ip->res_set || !ip->sa_set) && !QK(d, Q_CRYPTO_IPSEC_CAPS_IGNORED)) {
		*qual = RD_ADMIN_Q_INVALID_OPCODE;	/* a capability the driver has not enabled */
		return RD_ADMIN_EINVAL;
	}
	if (op == 0xb && QK(d, Q_CRYPTO_IPSEC_NO_MODIFY)) {
		*qual = RD_ADMIN_Q_INVALID_OPCODE;
		return RD_ADMIN_EINVAL;
	}
	dir = get16(p) == IPSEC_OBJ_INB;
	id = get32(p + 4);
	limit = ip->res_set ? ip->limit[dir] : IPSEC_LIMIT;
	if (dir == 0 && QK(d, Q_CRYPTO_IPSEC_OUTB_LIMIT_UNCHECKED))
		limit = IPSEC_SLOTS;
	if (id >= limit || id >= IPSEC_SLOTS)
		return op == 0xa ? RD_ADMIN_EINVAL : RD_ADMIN_ENXIO;
	sa = &ip->sa[dir][id];
	switch (op) {
	case 0xa:	/* CREATE */
		if (len < 16 + IPSEC_SA_LEN || !ipsec_sa_valid(d, p + 16, dir))
			return RD_ADMIN_EINVAL;
		if ((sa->live && !QK(d, Q_CRYPTO_IPSEC_DUP_REPLACES)) ||
		    (QK(d, Q_CRYPTO_IPSEC_ID_TOMBSTONE) && ((ip->tomb[dir] >> id) & 1)))
			return RD_ADMIN_EEXIST;
		memset(sa, 0, sizeof(*sa));
		sa->live = true;
		memcpy(sa->raw, p + 16, IPSEC_SA_LEN);
		return RD_ADMIN_OK;
	case 0xb:	/* MODIFY: the whole SA again, validated before it is taken */
		if (!sa->live)
			return RD_ADMIN_ENXIO;
		if (len < 16 + IPSEC_SA_LEN || !ipsec_sa_valid(d, p + 16, dir))
			return RD_ADMIN_EINVAL;
		memcpy(sa->raw, p + 16, IPSEC_SA_LEN);
		return RD_ADMIN_OK;
	case 0xc:	/* QUERY */
		if (!sa->live)
			return RD_ADMIN_ENXIO;
		*reslen = cap < IPSEC_SA_LEN ? cap : IPSEC_SA_LEN;
		memcpy(res, sa->raw, *reslen);
		return RD_ADMIN_OK;
	default:	/* DESTROY */
		if (!sa->live)
			return RD_ADMIN_ENXIO;
		sa->live = false;
		ip->tomb[dir] |= (uint8_t)(1u << id);
		return RD_ADMIN_OK;
	}
}

/* The owner's reset destroys every SA and forgets the driver's capabilities. */
static void ipsec_reset(void *ctx)
{
	struct refdev *d = ctx;

	if (d->crypto && !QK(d, Q_CRYPTO_IPSEC_SA_SURVIVE_RESET))
		memset(&d->crypto->ipsec, 0, sizeof(d->crypto->ipsec));
	else if (d->crypto)
		d->crypto->ipsec.res_set = d->crypto->ipsec.sa_set = false;
}

static void crypto_admin_attach(struct refdev *d)
{
	static const uint16_t caps[] = { IPSEC_CAP_RESOURCE, IPSEC_CAP_SA };
	struct rd_admin_ext e = {
		.ctx = d, .caps = caps, .ncaps = QK(d, Q_CRYPTO_IPSEC_CAPS_UNLISTED) ? 1 : 2,
		.cap_get = ipsec_cap_get, .cap_set = ipsec_cap_set, .owns = ipsec_owns, .obj = ipsec_obj,
		.reset = ipsec_reset,
	};

	rd_admin_set_ext(d->admin, &e);
}

static void be16put(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void be32put(uint8_t *p, uint32_t v) { be16put(p, (uint16_t)(v >> 16)), be16put(p + 2, (uint16_t)v); }
static uint32_t be32get(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/* RFC 1071 over an IPv4 header. */
static uint16_t ip_csum(const uint8_t *h, unsigned int n)
{
	uint32_t s = 0;

	for (unsigned int i = 0; i < n; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/*
 * An IPsec data request (virtio_crypto_ipsec_data_flf in @f: src_data_len,
 * dst_data_len) on SA @id: outbound wraps the source IP packet in an outer
 * IPv4 header and ESP, inbound checks and strips them.
 */
static uint8_t crypto_ipsec_op(struct refdev *d, uint32_t op, uint64_t id, const uint8_t *f, const struct rd_chain *c,
			       uint32_t v, uint8_t **out, uint32_t *outlen)
{
	struct rd_crypto *cs = crypto_state(d);
	uint32_t sl = get32(f), dl = get32(f + 4), dir = op & 0xff;
	struct rd_ipsec_sa *sa = NULL;
	uint8_t *src, mac[32], st = CRYPTO_OK;
	const uint8_t *r;
	struct rd_aes aes;

	if (dir > 1)
		return CRYPTO_NOTSUPP;
	if (!NEG(d, CRYPTO_F_REVISION_1) || !(get32(f - 8) & 1))
		return CRYPTO_NOTSUPP;	/* session mode, REVISION_1 layout only */
	if (!cs || id >= IPSEC_SLOTS)
		return CRYPTO_INVSESS;
	for (unsigned int i = 0; i < IPSEC_SLOTS && QK(d, Q_CRYPTO_IPSEC_LOOKUP_FIRST) && dir == 0 && !sa; i++)
		if (cs->ipsec.sa[dir][i].live)
			sa = &cs->ipsec.sa[dir][i];
	if (!sa)
		sa = &cs->ipsec.sa[dir][id];
	if (!sa->live)
		return CRYPTO_INVSESS;
	r = sa->raw;
	if (sl > (1u << 16) || dl > (1u << 16) || !(src = crypto_read(d, c, v, sl)))
		return CRYPTO_ERR;
	if ((get64(r + 180) && sa->packets >= get64(r + 180)) || (get64(r + 188) && sa->bytes >= get64(r + 188))) {
		free(src);
		return CRYPTO_ERR;	/* a hard lifetime limit reached */
	}
	aes_setkey(&aes, r + 88, get16(r + 84));
	if (dir == 0) {	/* outbound: IPv4 | ESP(SPI, seq) | IV | AES-CBC(inner | pad | pad len | 4) | ICV */
		uint32_t pl = (sl + 2 + 15) / 16 * 16, total = 20 + 8 + 16 + pl + 16;
		uint8_t *o, *pt;

		if (dl < total || !(o = calloc(1, total)) || !(pt = calloc(1, pl))) {
			free(src);
			return CRYPTO_ERR;
		}
		memcpy(pt, src, sl);
		for (uint32_t i = sl; i < pl - 2; i++)
			pt[i] = (uint8_t)(i - sl + 1);	/* RFC 4303 default padding 1, 2, 3, ... */
		pt[pl - 2] = (uint8_t)(pl - 2 - sl);
		pt[pl - 1] = 4;				/* next header: IPv4 */
		o[0] = 0x45;
		o[1] = (uint8_t)(r[36] << 2);		/* dscp */
		be16put(o + 2, (uint16_t)total);
		o[6] = r[37] ? 0x40 : 0;		/* df */
		o[8] = r[38] ? r[38] : 64;		/* ttl */
		o[9] = 50;				/* ESP */
		be32put(o + 12, get32(r + 28));	/* the tunnel's addresses (le32 s_addr values) */
		be32put(o + 16, get32(r + 32));
		be16put(o + 10, ip_csum(o, 20));
		be32put(o + 20, get32(r + 8));		/* SPI */
		be32put(o + 24, ++sa->seq);
		for (unsigned int i = 0; i < 16; i++)
			o[28 + i] = (uint8_t)rng_next(d);
		aes_cbc(&aes, true, o + 28, pt, o + 44, pl);
		hmac_sha256(r + 132, get16(r + 128), o + 20, 8 + 16 + pl, mac);
		memcpy(o + 44 + pl, mac, 16);
		if (QK(d, Q_CRYPTO_IPSEC_DST_PLAIN)) {
			memset(o, 0, total);
			memcpy(o, src, sl);
		}
		*out = o, *outlen = total;
		free(pt);
	} else {	/* inbound: the same packet checked and taken apart */
		uint32_t ihl = sl ? (src[0] & 15u) * 4 : 0, pl;
		uint8_t *pt;

		if (sl < 20 || (src[0] >> 4) != 4 || ihl < 20 || src[9] != 50 || sl < ihl + 8 + 16 + 16 + 16 ||
		    (sl - ihl - 8 - 16 - 16) % 16 || be32get(src + ihl) != get32(r + 8)) {
			free(src);
			return CRYPTO_ERR;
		}
		pl = sl - ihl - 8 - 16 - 16;
		hmac_sha256(r + 132, get16(r + 128), src + ihl, 8 + 16 + pl, mac);
		if (memcmp(mac, src + sl - 16, 16)) {
			free(src);
			return QK(d, Q_CRYPTO_IPSEC_BADMSG_ERR) ? CRYPTO_ERR : CRYPTO_BADMSG;
		}
		if (!(pt = malloc(pl))) {
			free(src);
			return CRYPTO_ERR;
		}
		aes_cbc(&aes, false, src + ihl + 8, src + ihl + 24, pt, pl);
		if (pt[pl - 2] > pl - 2 || pl - 2 - pt[pl - 2] > dl) {
			free(src), free(pt);
			return CRYPTO_ERR;
		}
		*out = pt, *outlen = pl - 2 - pt[pl - 2];
	}
	sa->packets++;
	sa->bytes += sl;
	if ((get64(r + 164) && sa->packets >= get64(r + 164)) || (get64(r + 172) && sa->bytes >= get64(r + 172)))
		st = CRYPTO_SOFT_EXPIRY;	/* done, and a soft lifetime limit reached */
	free(src);
	return st;
}

/* The operation of one data request (header and fixed part in @h): the status, @out (@outlen bytes) filled on OK. */
static uint8_t crypto_op(struct refdev *d, const uint8_t *h, const struct rd_chain *c, uint8_t **out, uint32_t *outlen)
{
	struct rd_crypto *cs = crypto_state(d);
	const uint8_t *f = h + 24;
	uint32_t op = get32(h), svc = op >> 8, v = 24 + crypto_data_flf(d, h);
	uint64_t id = get64(h + 8);
	struct rd_crypto_sess *s, tmp;
	uint8_t nf[48] = { 0 };
	struct rd_aes aes;

	if (svc == CRYPTO_SVC_IPSEC && d->admin)
		return crypto_ipsec_op(d, op, id, f, c, v, out, outlen);
	if (svc > CRYPTO_SVC_AKCIPHER || (op & 0xff) > (svc == CRYPTO_SVC_CIPHER || svc == CRYPTO_SVC_AEAD ? 1u : 0u))
		return CRYPTO_NOTSUPP;	/* AKCIPHER: encryption only (a public key) */
	if (crypto_stateless(d, h)) {
		uint8_t st = crypto_stateless_sess(d, svc, f, c, &v, &tmp, nf);

		if (st != CRYPTO_OK)
			return st;
		s = &tmp;
		f = nf;
		goto run;
	}
	if (NEG(d, CRYPTO_F_REVISION_1) && !(get32(h + 16) & 1))
		return CRYPTO_NOTSUPP;	/* a stateless request of a service without stateless mode (the note's SHOULD) */
	if (!cs || id < 1 || id > CRYPTO_SESSIONS || !cs->s[id - 1].live)
		return QK(d, Q_CRYPTO_BADSESS_ERR) ? CRYPTO_ERR : CRYPTO_INVSESS;
	s = &cs->s[id - 1];
	if (QK(d, Q_CRYPTO_OPCODE_IGNORED))
		svc = s->svc;	/* the session decides, whatever the opcode says */
	if (s->svc != svc)
		return QK(d, Q_CRYPTO_BADSESS_ERR) ? CRYPTO_ERR : CRYPTO_INVSESS;
run:
	switch (svc) {
	case CRYPTO_SVC_CIPHER: {
		uint32_t ivl = get32(f), sl = get32(f + 4), dl = get32(f + 8);
		uint8_t *iv, *src;

		if (get32(f + 40) == 2 && s->chain)
			return crypto_chain(d, s, f, c, v, out, outlen);
		if (get32(f + 40) != 1 || s->chain)
			return CRYPTO_NOTSUPP;
		if (ivl != 16 || sl % 16 || dl < sl || sl > (1u << 20))
			return CRYPTO_ERR;
		iv = crypto_read(d, c, v, ivl);
		src = crypto_read(d, c, v + ivl, sl);
		*out = calloc(1, dl ? dl : 1);
		if (!iv || !src || !*out) {
			free(iv), free(src);
			return CRYPTO_ERR;
		}
		if (QK(d, Q_CRYPTO_CIPHER_IV_IGNORED))
			memset(iv, 0, ivl);
		aes_setkey(&aes, s->key, s->klen);
		aes_cbc(&aes, s->enc, iv, src, *out, sl);
		*outlen = QK(d, Q_CRYPTO_CIPHER_DST_UNWRITTEN) ? 0 : sl;
		free(iv), free(src);
		return CRYPTO_OK;
	}
	case CRYPTO_SVC_HASH:
	case CRYPTO_SVC_MAC: {
		uint32_t sl = get32(f), hrl = get32(f + 4);
		uint64_t at = QK(d, Q_CRYPTO_HASH_FLF_UNPADDED) ? 24 + 8 : v;
		uint8_t *src, md[32];

		if (!hrl || hrl > 32 || sl > (1u << 20))
			return CRYPTO_ERR;
		if (!(src = crypto_read(d, c, at, sl)) || !(*out = malloc(hrl))) {
			free(src);
			return CRYPTO_ERR;
		}
		if (svc == CRYPTO_SVC_HASH)
			sha256(src, sl, md);
		else
			hmac_sha256(s->key, s->klen, src, sl, md);
		memcpy(*out, md, hrl);
		*outlen = QK(d, Q_CRYPTO_HASH_TRUNCATED) && hrl > 16 ? 16 : hrl;
		free(src);
		return CRYPTO_OK;
	}
	case CRYPTO_SVC_AKCIPHER: {	/* src_data_len, dst_data_len; the source, then dst */
		uint32_t sl = get32(f), dl = get32(f + 4);
		uint8_t *src;

		if (sl > s->rsa.nbytes || dl < s->rsa.nbytes)
			return CRYPTO_ERR;
		src = crypto_read(d, c, v, sl);
		*out = malloc(s->rsa.nbytes);
		if (!src || !*out || rsa_public(&s->rsa, src, sl, *out)) {
			free(src);
			return CRYPTO_ERR;
		}
		*outlen = QK(d, Q_CRYPTO_AKCIPHER_DST_UNWRITTEN) ? 0 : (uint32_t)s->rsa.nbytes;
		free(src);
		return CRYPTO_OK;
	}
	default: {	/* AEAD: iv, src, aad readable; dst = ciphertext and tag (encrypt) or plaintext (decrypt) */
		uint32_t ivl = get32(f), al = get32(f + 4), sl = get32(f + 8), dl = get32(f + 12), tl = get32(f + 16);
		uint8_t *iv, *src, *aad, tag[16];
		uint32_t pl;
		uint8_t st = CRYPTO_OK;

		if (ivl != 12 || tl != s->tag_len || sl > (1u << 20) || al > (1u << 20) ||
		    (s->enc ? dl < sl + tl : (sl < tl || dl < sl - tl)))
			return CRYPTO_ERR;
		pl = s->enc ? sl : sl - tl;
		iv = crypto_read(d, c, v, ivl);
		src = crypto_read(d, c, v + ivl, sl);
		aad = crypto_read(d, c, v + ivl + sl, al);
		*out = calloc(1, pl + tl);
		if (!iv || !src || !aad || !*out) {
			free(iv), free(src), free(aad);
			return CRYPTO_ERR;
		}
		aes_setkey(&aes, s->key, s->klen);
		aes_gcm(&aes, s->enc, iv, aad, al, src, s->enc ? *out + (QK(d, Q_CRYPTO_AEAD_TAG_FIRST) ? tl : 0) : *out,
			pl, tag);
		if (s->enc) {
			memcpy(*out + (QK(d, Q_CRYPTO_AEAD_TAG_FIRST) ? 0 : pl), tag, tl);
			*outlen = QK(d, Q_CRYPTO_AEAD_DST_UNWRITTEN) ? 0 : pl + tl;
		} else {
			if (memcmp(tag, src + pl, tl) && !QK(d, Q_CRYPTO_AEAD_NO_VERIFY))
				st = CRYPTO_BADMSG;
			*outlen = st == CRYPTO_OK && !QK(d, Q_CRYPTO_AEAD_DST_UNWRITTEN) ? pl : 0;
		}
		free(iv), free(src), free(aad);
		return st;
	}
	}
}

/* A data request ends in struct virtio_crypto_inhdr: its status is the last writable byte. */
static int crypto_data(struct refdev *d, unsigned int qi, const struct rd_chain *c, uint32_t *written)
{
	uint8_t h[24 + 80] = { 0 }, st = CRYPTO_ERR, *out = NULL;
	uint32_t outlen = 0;

	(void)qi;
	*written = 0;
	if (!c->wlen)
		return 0;
	if (c->rlen >= 24 && !chain_read(d, c, 0, h, 24)) {
		uint32_t flf = crypto_data_flf(d, h);

		if (c->rlen >= 24 + flf && !chain_read(d, c, 24, h + 24, flf))
			st = crypto_op(d, h, c, &out, &outlen);
	}
	if (st != CRYPTO_OK && st != CRYPTO_SOFT_EXPIRY)
		outlen = 0;
	if (outlen > c->wlen - 1)
		outlen = (uint32_t)c->wlen - 1;
	if ((outlen && chain_write(d, c, 0, out, outlen)) || chain_write(d, c, c->wlen - 1, &st, 1)) {
		free(out);
		return -EFAULT;
	}
	free(out);
	*written = (uint32_t)c->wlen;
	return 0;
}

static void crypto_queue(struct refdev *d, unsigned int qi)
{
	if (qi + 1 == d->ty->nq && QK(d, Q_CRYPTO_CTRL_STALLS))
		return;	/* control requests stay on the ring, never completed */
	rd_serve(d, qi, qi + 1 == d->ty->nq ? crypto_ctrl : crypto_data);
}

#endif
