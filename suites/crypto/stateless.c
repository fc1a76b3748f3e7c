/* SPDX-License-Identifier: MIT */
/*
 * Crypto device: stateless mode (VIRTIO_CRYPTO_F_REVISION_1 with a
 * service's STATELESS_MODE feature). The device tells the two modes apart
 * by the header's flag: a request without VIRTIO_CRYPTO_FLAG_SESSION_MODE
 * carries its session parameters and key itself, one with it names a
 * session. Both, on the same device, must give the vector's result.
 */
#include <string.h>

#include "crypto.h"

/* The stateless request of @svc for vector @k (revision-1 layouts). */
static void stateless_req(struct cry_data *r, unsigned int svc, const struct cry_kat *k)
{
	memset(r, 0, sizeof(*r));
	r->opcode = CRY_OP(svc, 0);
	r->flag = 0;	/* stateless */
	switch (svc) {
	case CRY_SVC_CIPHER:	/* sess_para {algo, key_len, op}, iv_len, src_data_len, dst_data_len; op_type at 72 */
		r->flflen = 76;
		vct_put32(r->flf, CRY_CIPHER_AES_CBC);
		vct_put32(r->flf + 4, k->klen);
		vct_put32(r->flf + 8, 1);
		vct_put32(r->flf + 12, k->ivlen);
		vct_put32(r->flf + 16, k->inlen);
		vct_put32(r->flf + 20, k->outlen);
		vct_put32(r->flf + 72, 1);
		r->in[0] = k->key, r->inlen[0] = k->klen;
		r->in[1] = k->iv, r->inlen[1] = k->ivlen;
		r->in[2] = k->in, r->inlen[2] = k->inlen;
		break;
	case CRY_SVC_HASH:	/* sess_para {algo}, src_data_len, hash_result_len, reserved */
		r->flflen = 16;
		vct_put32(r->flf, k->outlen == 20 ? CRY_HASH_SHA1 : CRY_HASH_SHA_256);
		vct_put32(r->flf + 4, k->inlen);
		vct_put32(r->flf + 8, k->outlen);
		r->in[0] = k->in, r->inlen[0] = k->inlen;
		break;
	case CRY_SVC_MAC:	/* sess_para {algo, auth_key_len}, src_data_len, hash_result_len */
		r->flflen = 16;
		vct_put32(r->flf, CRY_MAC_HMAC_SHA_256);
		vct_put32(r->flf + 4, k->klen);
		vct_put32(r->flf + 8, k->inlen);
		vct_put32(r->flf + 12, k->outlen);
		r->in[0] = k->key, r->inlen[0] = k->klen;
		r->in[1] = k->in, r->inlen[1] = k->inlen;
		break;
	case CRY_SVC_AEAD:	/* sess_para {algo, key_len, op}, iv_len, tag_len, aad_len, src_data_len, dst_data_len */
		r->flflen = 32;
		vct_put32(r->flf, CRY_AEAD_GCM);
		vct_put32(r->flf + 4, k->klen);
		vct_put32(r->flf + 8, 1);
		vct_put32(r->flf + 12, k->ivlen);
		vct_put32(r->flf + 16, k->outlen - k->inlen);
		vct_put32(r->flf + 20, k->aadlen);
		vct_put32(r->flf + 24, k->inlen);
		vct_put32(r->flf + 28, k->outlen);
		r->in[0] = k->key, r->inlen[0] = k->klen;
		r->in[1] = k->iv, r->inlen[1] = k->ivlen;
		r->in[2] = k->in, r->inlen[2] = k->inlen;
		r->in[3] = k->aad, r->inlen[3] = k->aadlen;
		break;
	default:		/* AKCIPHER: sess_para {algo, key_type, key_len, RSA padding and hash}, src/dst_data_len */
		r->flflen = 28;
		vct_put32(r->flf, CRY_AKCIPHER_RSA);
		vct_put32(r->flf + 4, 1);
		vct_put32(r->flf + 8, k->klen);
		vct_put32(r->flf + 20, k->inlen);
		vct_put32(r->flf + 24, k->outlen);
		r->in[0] = k->key, r->inlen[0] = k->klen;
		r->in[1] = k->in, r->inlen[1] = k->inlen;
		break;
	}
	r->dstlen = k->outlen;
}

/*
 * D-ccdac72f, D-e5db784c, D-cdd38b26: with @svc's stateless mode negotiated,
 * the flag decides the mode. D-98c9b2f4, D-76a46ac0: for AEAD and AKCIPHER,
 * the stateless variable part (key first) is parsed as such.
 */
static void flag_decides_mode(struct vct_ctx *c, unsigned int svc, unsigned int algo, const struct cry_kat *k)
{
	struct cry y;
	struct cry_data r;
	uint8_t got[128], st;
	uint64_t sid;

	cry_open_with(c, &y, 1u << CRY_F_REVISION_1 | 1u << CRY_F_STATELESS(svc));
	cry_need_ready(c, &y);
	cry_need_algo(c, &y, svc, algo);
	stateless_req(&r, svc, k);
	memset(got, 0, sizeof(got));
	st = cry_request(c, &y, &r, got, k->outlen);
	vct_report(c, st == CRY_OK && !memcmp(got, k->out, k->outlen),
		   "a stateless request (flag 0, session parameters and key in the request)", "OK and the vector's result",
		   "%s (%u), result %02x%02x%02x%02x... (%s)", cry_status_name(st), st, got[0], got[1], got[2], got[3],
		   k->name);
	sid = cry_session(c, &y, svc, k, true);
	if (svc == CRY_SVC_CIPHER) {
		cry_cipher_req(&r, sid, true, k);
	} else if (svc == CRY_SVC_AEAD) {
		cry_aead_req(&r, sid, true, k, k->in, k->inlen);
		r.flflen = 24;	/* virtio_crypto_aead_data_flf */
	} else if (svc == CRY_SVC_AKCIPHER) {
		cry_akcipher_req(&r, sid, k);
		r.flflen = 8;	/* virtio_crypto_akcipher_data_flf */
	} else {
		cry_hash_req(&r, svc, sid, k);
		r.flflen = 8;	/* virtio_crypto_hash_data_flf / mac_data_flf, unpadded with REVISION_1 */
	}
	r.flag = CRY_FLAG_SESSION_MODE;
	memset(got, 0, sizeof(got));
	st = cry_request(c, &y, &r, got, k->outlen);
	vct_report(c, st == CRY_OK && !memcmp(got, k->out, k->outlen),
		   "a session-mode request (flag VIRTIO_CRYPTO_FLAG_SESSION_MODE) on the same device",
		   "OK and the vector's result", "%s (%u), result %02x%02x%02x%02x... (%s)", cry_status_name(st), st, got[0],
		   got[1], got[2], got[3], k->name);
}

static void cipher_flag_decides(struct vct_ctx *c)
{
	flag_decides_mode(c, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC, &cry_cbc_k1);
}

static void hash_flag_decides(struct vct_ctx *c)
{
	flag_decides_mode(c, CRY_SVC_HASH, CRY_HASH_SHA_256, &cry_sha256_abc);
}

static void mac_flag_decides(struct vct_ctx *c)
{
	flag_decides_mode(c, CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256, &cry_hmac_jefe);
}

static void aead_stateless_parsed(struct vct_ctx *c)
{
	flag_decides_mode(c, CRY_SVC_AEAD, CRY_AEAD_GCM, &cry_gcm);
}

static void akcipher_stateless_parsed(struct vct_ctx *c)
{
	flag_decides_mode(c, CRY_SVC_AKCIPHER, CRY_AKCIPHER_RSA, &cry_rsa);
}

#define CRY_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	CRY_CHECK("crypto.cipher_flag_decides_mode", "D-ccdac72f", cipher_flag_decides),
	CRY_CHECK("crypto.hash_flag_decides_mode", "D-e5db784c", hash_flag_decides),
	CRY_CHECK("crypto.mac_flag_decides_mode", "D-cdd38b26", mac_flag_decides),
	CRY_CHECK("crypto.aead_stateless_parsed", "D-98c9b2f4", aead_stateless_parsed),
	CRY_CHECK("crypto.akcipher_stateless_parsed", "D-76a46ac0", akcipher_stateless_parsed),
};

VCT_SUITE(vct_suite_crypto_stateless, "crypto", checks);
