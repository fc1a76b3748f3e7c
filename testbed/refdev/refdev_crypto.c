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

struct rd_crypto {
	struct rd_crypto_sess s[CRYPTO_SESSIONS];
};

static void crypto_init(struct refdev *d)
{
	uint32_t svc = 1u << CRYPTO_SVC_CIPHER | 1u << CRYPTO_SVC_HASH | 1u << CRYPTO_SVC_MAC | 1u << CRYPTO_SVC_AEAD |
		       1u << CRYPTO_SVC_AKCIPHER;

	put32(d->devcfg + 0, QK(d, Q_CRYPTO_STATUS_UNDEFINED) ? 0x81 : 1);	/* status: VIRTIO_CRYPTO_S_HW_READY */
	put32(d->devcfg + 4, QK(d, Q_CRYPTO_DATAQUEUES_ZERO) ? 0 : 1);		/* max_dataqueues */
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

/* A virtio reset ends every session. */
static void crypto_reset(struct refdev *d)
{
	if (d->crypto)
		memset(d->crypto, 0, sizeof(*d->crypto));
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
	if (st != CRYPTO_OK)
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
