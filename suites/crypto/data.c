/* SPDX-License-Identifier: MIT */
/*
 * Crypto device: session-mode data requests of the CIPHER, HASH, MAC and
 * AEAD services: results against published vectors, the layout each opcode
 * has, and the status values.
 */
#include <string.h>

#include "crypto.h"

static void show(char *buf, size_t n, const uint8_t *p, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 3 < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%02x", p[i]);
}

/* Report @got against vector bytes @want (@len). */
static void report_result(struct vct_ctx *c, const char *what, const uint8_t *got, const uint8_t *want, size_t len,
			  const char *name)
{
	char g[72] = "", w[72] = "";

	show(g, sizeof(g), got, len < 32 ? len : 32);
	show(w, sizeof(w), want, len < 32 ? len : 32);
	vct_report(c, !memcmp(got, want, len), what, w, "%s (%s)", g, name);
}

/* ---- CIPHER ---- */

/* D-79277e5b: the ciphertext (and back the plaintext) lands in dst_data: SP 800-38A F.2.1 both ways. */
static void cipher_result(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint8_t got[32], st;
	uint64_t sid;

	cry_open_for(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	for (int enc = 1; enc >= 0; enc--) {
		sid = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1, enc);
		cry_cipher_req(&r, sid, enc, &cry_cbc_k1);
		st = cry_request(c, &y, &r, got, sizeof(got));
		vct_require(c, st == CRY_OK, enc ? "status of an AES-CBC encryption" : "status of an AES-CBC decryption",
			    "OK (0)", "%s (%u)", cry_status_name(st), st);
		report_result(c, enc ? "dst_data of an AES-CBC encryption" : "dst_data of an AES-CBC decryption", got,
			      enc ? cry_cbc_k1.out : cry_cbc_k1.in, 32, cry_cbc_k1.name);
	}
}

/*
 * D-acc599db: the fields of the cipher request's fixed and variable parts
 * are used: the IV from iv[] (the vector's, not zero) and the source
 * length (one block, then two).
 */
static void cipher_uses_request_fields(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint8_t got[32], st;
	uint64_t sid;

	cry_open_for(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	sid = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1, true);
	for (uint32_t len = 16; len <= 32; len += 16) {
		cry_cipher_req(&r, sid, true, &cry_cbc_k1);
		vct_put32(r.flf + 4, len);
		vct_put32(r.flf + 8, len);
		r.inlen[1] = len;
		r.dstlen = len;
		memset(got, 0, sizeof(got));
		st = cry_request(c, &y, &r, got, len);
		if (st != CRY_OK)
			vct_skip(c, "device: an AES-CBC encryption answered %s (crypto.cipher_result judges it)",
				 cry_status_name(st));
		report_result(c, len == 16 ? "dst_data of a one-block AES-CBC encryption (src_data_len 16, IV 00..0f)"
					   : "dst_data of a two-block AES-CBC encryption (src_data_len 32, IV 00..0f)",
			      got, cry_cbc_k1.out, len, cry_cbc_k1.name);
	}
}

/*
 * D-0328292e: a data request is parsed by its opcode, not by its session:
 * a HASH request naming a cipher session is no cipher operation (the
 * session is not a HASH session: INVSESS, or NOTSUPP, or ERR; OK only
 * comes from a device that ran it as its session's service). The request
 * is built so that a device reading it in the cipher layout finds a valid
 * one: src_data_len 16 and hash_result_len 32 are iv_len and src_data_len
 * there, the fixed part's padding holds dst_data_len 32 and op_type CIPHER,
 * and 48 readable bytes follow.
 */
static void data_parsed_by_opcode(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint64_t sid;
	uint8_t st;

	cry_open_for(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	sid = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1, true);
	memset(&r, 0, sizeof(r));
	r.opcode = CRY_OP(CRY_SVC_HASH, 0);
	r.sid = sid;
	vct_put32(r.flf, 16);
	vct_put32(r.flf + 4, 32);
	vct_put32(r.flf + 8, 32);
	vct_put32(r.flf + 40, 1);
	r.in[0] = cry_cbc_k1.iv, r.inlen[0] = 16;
	r.in[1] = cry_cbc_k1.in, r.inlen[1] = 32;
	r.dstlen = 32;
	st = cry_request(c, &y, &r, NULL, 0);
	vct_report(c, st != CRY_OK, "a VIRTIO_CRYPTO_HASH request naming a CIPHER session",
		   "not OK (INVSESS, NOTSUPP or ERR)", "%s (%u)", cry_status_name(st), st);
}

/*
 * The status of a request of @svc naming a session that no longer exists
 * (created with vector @k, then destroyed): INVSESS (D-1d39a849,
 * D-ae0f4981, D-7d87c282, D-c284c29e). A live session of the service
 * first, so that the service is known to be supported (an unsupported one
 * may answer NOTSUPP instead).
 */
static void invalid_session(struct vct_ctx *c, struct cry *y, unsigned int svc, const struct cry_kat *k)
{
	struct cry_data r;
	uint64_t sid;
	uint8_t st;

	sid = cry_session(c, y, svc, k, true);
	st = cry_destroy(c, y, svc, sid);
	if (st != CRY_OK)
		vct_skip(c, "device: the destroy of a new session answered %s (crypto.destroy_status judges it)",
			 cry_status_name(st));
	switch (svc) {
	case CRY_SVC_CIPHER: cry_cipher_req(&r, sid, true, k); break;
	case CRY_SVC_AKCIPHER: cry_akcipher_req(&r, sid, k); break;
	case CRY_SVC_AEAD: cry_aead_req(&r, sid, true, k, k->in, k->inlen); break;
	default: cry_hash_req(&r, svc, sid, k);
	}
	st = cry_request(c, y, &r, NULL, 0);
	vct_report(c, st == CRY_INVSESS, "status of a session-mode request naming a destroyed session", "INVSESS (4)",
		   "%s (%u), session 0x%llx", cry_status_name(st), st, (unsigned long long)sid);
}

static void open_ready(struct vct_ctx *c, struct cry *y, unsigned int svc, unsigned int algo)
{
	cry_open(c, y);
	cry_need_ready(c, y);
	if (algo != ~0u)
		cry_need_algo(c, y, svc, algo);
}

static void cipher_status(struct vct_ctx *c)
{
	struct cry y;

	open_ready(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	invalid_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1);
}

/* ---- HASH and MAC ---- */

/* The HASH algorithm advertised that vct has vectors for: SHA-256, else SHA-1; SKIPs without either. */
static void hash_vectors(struct vct_ctx *c, struct cry *y, const struct cry_kat **a, const struct cry_kat **b)
{
	if (cry_has_algo(&y->cfg, CRY_SVC_HASH, CRY_HASH_SHA_256)) {
		*a = &cry_sha256_abc, *b = &cry_sha256_56;
	} else if (cry_has_algo(&y->cfg, CRY_SVC_HASH, CRY_HASH_SHA1)) {
		*a = &cry_sha1_abc, *b = &cry_sha1_56;
	} else {
		vct_skip(c, "not offered: the device advertises neither SHA-256 nor SHA-1 for the HASH service");
	}
}

/* D-99efe397: the digest lands in hash_result[]: FIPS 180 "abc". */
static void hash_result(struct vct_ctx *c)
{
	const struct cry_kat *k, *k2;
	struct cry y;
	struct cry_data r;
	uint8_t got[32] = { 0 }, st;
	uint64_t sid;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	hash_vectors(c, &y, &k, &k2);
	sid = cry_session(c, &y, CRY_SVC_HASH, k, true);
	cry_hash_req(&r, CRY_SVC_HASH, sid, k);
	st = cry_request(c, &y, &r, got, k->outlen);
	vct_require(c, st == CRY_OK, "status of a HASH request", "OK (0)", "%s (%u)", cry_status_name(st), st);
	report_result(c, "hash_result of a HASH request", got, k->out, k->outlen, k->name);
}

/*
 * D-3079dbd8: a HASH request is read in the HASH layout (src_data_len and
 * hash_result_len in a 48-byte fixed part, then the source): two sources
 * of different lengths give their two digests.
 */
static void hash_uses_layout(struct vct_ctx *c)
{
	const struct cry_kat *ks[2];
	struct cry y;
	uint64_t sid;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	hash_vectors(c, &y, &ks[0], &ks[1]);
	sid = cry_session(c, &y, CRY_SVC_HASH, ks[0], true);
	for (unsigned int i = 0; i < 2; i++) {
		struct cry_data r;
		uint8_t got[32] = { 0 }, st;

		cry_hash_req(&r, CRY_SVC_HASH, sid, ks[i]);
		st = cry_request(c, &y, &r, got, ks[i]->outlen);
		if (st != CRY_OK)
			vct_skip(c, "device: a HASH request answered %s (crypto.hash_result judges it)", cry_status_name(st));
		report_result(c, "hash_result of a HASH request read in the HASH layout", got, ks[i]->out, ks[i]->outlen,
			      ks[i]->name);
	}
}

static void hash_status(struct vct_ctx *c)
{
	const struct cry_kat *k, *k2;
	struct cry y;

	open_ready(c, &y, CRY_SVC_HASH, ~0u);
	hash_vectors(c, &y, &k, &k2);
	invalid_session(c, &y, CRY_SVC_HASH, k);
}

/* D-b217f9b4: the MAC lands in hash_result[]: RFC 4231 case 2. */
static void mac_result(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint8_t got[32] = { 0 }, st;
	uint64_t sid;

	cry_open_for(c, &y, CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256);
	sid = cry_session(c, &y, CRY_SVC_MAC, &cry_hmac_jefe, true);
	cry_hash_req(&r, CRY_SVC_MAC, sid, &cry_hmac_jefe);
	st = cry_request(c, &y, &r, got, 32);
	vct_require(c, st == CRY_OK, "status of a MAC request", "OK (0)", "%s (%u)", cry_status_name(st), st);
	report_result(c, "hash_result of a MAC request", got, cry_hmac_jefe.out, 32, cry_hmac_jefe.name);
}

static void mac_status(struct vct_ctx *c)
{
	struct cry y;

	open_ready(c, &y, CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256);
	invalid_session(c, &y, CRY_SVC_MAC, &cry_hmac_jefe);
}

/* ---- AEAD ---- */

/* An AEAD encryption of the GCM vector; the status, dst (ciphertext then tag) in @got (48 bytes). */
static uint8_t gcm_encrypt(struct vct_ctx *c, struct cry *y, uint8_t got[48])
{
	uint64_t sid = cry_session(c, y, CRY_SVC_AEAD, &cry_gcm, true);
	struct cry_data r;

	cry_aead_req(&r, sid, true, &cry_gcm, cry_gcm.in, cry_gcm.inlen);
	memset(got, 0, 48);
	return cry_request(c, y, &r, got, 48);
}

/* D-cc5ffc15: the ciphertext lands in dst_data. */
static void aead_result(struct vct_ctx *c)
{
	struct cry y;
	uint8_t got[48], st;

	cry_open_for(c, &y, CRY_SVC_AEAD, CRY_AEAD_GCM);
	st = gcm_encrypt(c, &y, got);
	vct_require(c, st == CRY_OK, "status of an AES-GCM encryption", "OK (0)", "%s (%u)", cry_status_name(st), st);
	report_result(c, "dst_data of an AES-GCM encryption (the ciphertext part)", got, cry_gcm.out, 32, cry_gcm.name);
}

/* D-bc890e15: the tag follows the ciphertext in dst_data. */
static void aead_tag_after_result(struct vct_ctx *c)
{
	struct cry y;
	uint8_t got[48], st;

	cry_open_for(c, &y, CRY_SVC_AEAD, CRY_AEAD_GCM);
	st = gcm_encrypt(c, &y, got);
	if (st != CRY_OK)
		vct_skip(c, "device: an AES-GCM encryption answered %s (crypto.aead_result judges it)", cry_status_name(st));
	report_result(c, "dst_data bytes 32-47 of an AES-GCM encryption of 32 bytes", got + 32, cry_gcm.out + 32, 16,
		      "the tag, after the ciphertext");
}

static void aead_status(struct vct_ctx *c)
{
	struct cry y;

	open_ready(c, &y, CRY_SVC_AEAD, CRY_AEAD_GCM);
	invalid_session(c, &y, CRY_SVC_AEAD, &cry_gcm);
}

/* D-a6535915: a decryption verifies the tag: the right one gives the plaintext, a flipped bit BADMSG. */
static void aead_decrypt_verifies(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint8_t in[48], got[32], st;
	uint64_t sid;

	cry_open_for(c, &y, CRY_SVC_AEAD, CRY_AEAD_GCM);
	sid = cry_session(c, &y, CRY_SVC_AEAD, &cry_gcm, false);
	memcpy(in, cry_gcm.out, 48);
	cry_aead_req(&r, sid, false, &cry_gcm, in, 48);
	st = cry_request(c, &y, &r, got, 32);
	vct_report(c, st == CRY_OK, "status of an AES-GCM decryption with the right tag", "OK (0)", "%s (%u)",
		   cry_status_name(st), st);
	if (st == CRY_OK)
		report_result(c, "dst_data of an AES-GCM decryption", got, cry_gcm.in, 32, cry_gcm.name);
	in[40] ^= 0x01;
	cry_aead_req(&r, sid, false, &cry_gcm, in, 48);
	st = cry_request(c, &y, &r, NULL, 0);
	vct_report(c, st == CRY_BADMSG, "status of an AES-GCM decryption whose tag has one bit flipped", "BADMSG (2)",
		   "%s (%u)", cry_status_name(st), st);
}

/* ---- AKCIPHER ---- */

/* D-f5a6b8d4: the result lands in dst_data: RSA-1024 with raw padding, a vector made with OpenSSL. */
static void akcipher_result(struct vct_ctx *c)
{
	struct cry y;
	struct cry_data r;
	uint8_t got[128] = { 0 }, st;
	uint64_t sid;

	open_ready(c, &y, CRY_SVC_AKCIPHER, CRY_AKCIPHER_RSA);
	sid = cry_session(c, &y, CRY_SVC_AKCIPHER, &cry_rsa, true);
	cry_akcipher_req(&r, sid, &cry_rsa);
	st = cry_request(c, &y, &r, got, sizeof(got));
	if (st == CRY_ERR || st == CRY_NOTSUPP)
		vct_skip(c, "device: an RSA encryption with raw padding was answered %s: no result to compare "
			    "(the status a failure may have)", cry_status_name(st));
	vct_require(c, st == CRY_OK, "status of an RSA encryption (raw padding)", "OK (0)", "%s (%u)", cry_status_name(st),
		    st);
	report_result(c, "dst_data of an RSA encryption (raw padding)", got, cry_rsa.out, 128, cry_rsa.name);
}

/* D-d0beaf99: a request naming a destroyed session is answered INVSESS. */
static void akcipher_status(struct vct_ctx *c)
{
	struct cry y;

	open_ready(c, &y, CRY_SVC_AKCIPHER, CRY_AKCIPHER_RSA);
	invalid_session(c, &y, CRY_SVC_AKCIPHER, &cry_rsa);
}

#define CRY_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	CRY_CHECK("crypto.cipher_result", "D-79277e5b", cipher_result),
	CRY_CHECK("crypto.cipher_uses_request_fields", "D-acc599db", cipher_uses_request_fields),
	CRY_CHECK("crypto.data_parsed_by_opcode", "D-0328292e", data_parsed_by_opcode),
	CRY_CHECK("crypto.cipher_status", "D-1d39a849", cipher_status),
	CRY_CHECK("crypto.hash_result", "D-99efe397", hash_result),
	CRY_CHECK("crypto.hash_uses_layout", "D-3079dbd8", hash_uses_layout),
	CRY_CHECK("crypto.hash_status", "D-ae0f4981", hash_status),
	CRY_CHECK("crypto.mac_result", "D-b217f9b4", mac_result),
	CRY_CHECK("crypto.mac_status", "D-7d87c282", mac_status),
	CRY_CHECK("crypto.aead_result", "D-cc5ffc15", aead_result),
	CRY_CHECK("crypto.aead_tag_after_result", "D-bc890e15", aead_tag_after_result),
	CRY_CHECK("crypto.aead_status", "D-c284c29e", aead_status),
	CRY_CHECK("crypto.aead_decrypt_verifies", "D-a6535915", aead_decrypt_verifies),
	CRY_CHECK("crypto.akcipher_result", "D-f5a6b8d4", akcipher_result),
	CRY_CHECK("crypto.akcipher_status", "D-d0beaf99", akcipher_status),
};

VCT_SUITE(vct_suite_crypto_data, "crypto", checks);
