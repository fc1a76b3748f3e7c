/* SPDX-License-Identifier: MIT */
/*
 * Crypto device: algorithm chaining (VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING),
 * HASH_THEN_CIPHER with an authenticated hash (HMAC-SHA-256, key "Jefe")
 * over a range of the source and AES-128-CBC (SP 800-38A F.2.1) over all of
 * it, no AAD: the chaining case whose result the chapter leaves no doubt
 * about (the hash is over source data either way). The HMAC values were
 * computed with Python's hmac module.
 */
#include <string.h>

#include "crypto.h"

static const uint8_t hmac_pt32[32] = {	/* HMAC-SHA-256("Jefe", the 32-byte CBC plaintext) */
	0x01, 0x79, 0x46, 0x44, 0xc0, 0x81, 0x13, 0x91, 0x49, 0x23, 0x63, 0x3d, 0x3b, 0x00, 0xda, 0xaa,
	0x20, 0x8b, 0xf3, 0x14, 0xf2, 0x4f, 0xc8, 0xc9, 0x99, 0xd1, 0x57, 0x26, 0xb9, 0xe7, 0xb7, 0xec,
};
static const uint8_t hmac_pt16[32] = {	/* HMAC-SHA-256("Jefe", its first 16 bytes) */
	0x0e, 0x4e, 0x19, 0x6d, 0x9e, 0x36, 0x3b, 0x11, 0x0c, 0xee, 0x55, 0xaa, 0xa6, 0x58, 0xc6, 0x24,
	0x0c, 0x97, 0xac, 0xdd, 0x8a, 0x5d, 0x10, 0x98, 0x8e, 0x40, 0x52, 0xda, 0xda, 0xa3, 0xda, 0x78,
};

/* A HASH_THEN_CIPHER session (AES-128-CBC encrypt, HMAC-SHA-256 with a 32-byte result); SKIPs where refused. */
static uint64_t chain_session(struct vct_ctx *c, struct cry *y)
{
	uint8_t f[56] = { 0 }, key[20];
	uint64_t sid = 0;
	uint32_t st;

	vct_put32(f, 1);			/* alg_chain_order: HASH_THEN_CIPHER */
	vct_put32(f + 4, 2);			/* hash_mode: AUTH */
	vct_put32(f + 8, CRY_CIPHER_AES_CBC);	/* cipher_hdr: algo, key_len, op */
	vct_put32(f + 12, 16);
	vct_put32(f + 16, 1);
	vct_put32(f + 24, CRY_MAC_HMAC_SHA_256);	/* algo_flf: mac algo, hash_result_len, auth_key_len */
	vct_put32(f + 28, 32);
	vct_put32(f + 32, 4);
	vct_put32(f + 48, 2);			/* op_type: ALGORITHM_CHAINING */
	memcpy(key, cry_cbc_k1.key, 16);
	memcpy(key + 16, "Jefe", 4);
	st = cry_create(c, y, CRY_SVC_CIPHER, f, sizeof(f), key, sizeof(key), &sid);
	if (st == CRY_NOTSUPP || st == CRY_ERR)
		vct_skip(c, "device: a HASH_THEN_CIPHER session (AES-CBC, HMAC-SHA-256) was answered %s: it does not chain "
			    "these", cry_status_name(st));
	vct_step_begin(c);
	vct_require(c, st == CRY_OK, "create a chaining session", "VIRTIO_CRYPTO_OK", "%s (%u)", cry_status_name(st), st);
	vct_step_end(c);
	return sid;
}

/* One chaining request: cipher over the whole 32-byte source, hash over [0, @hl); dst then hash_result in @got. */
static uint8_t chain_request(struct vct_ctx *c, struct cry *y, uint64_t sid, uint32_t hl, uint8_t got[64])
{
	struct cry_data r;

	memset(&r, 0, sizeof(r));
	r.opcode = CRY_OP(CRY_SVC_CIPHER, 0);
	r.sid = sid;
	vct_put32(r.flf, 16);		/* iv_len */
	vct_put32(r.flf + 4, 32);	/* src_data_len */
	vct_put32(r.flf + 8, 32);	/* dst_data_len */
	vct_put32(r.flf + 12, 0);	/* cipher_start_src_offset */
	vct_put32(r.flf + 16, 32);	/* len_to_cipher */
	vct_put32(r.flf + 20, 0);	/* hash_start_src_offset */
	vct_put32(r.flf + 24, hl);	/* len_to_hash */
	vct_put32(r.flf + 28, 0);	/* aad_len */
	vct_put32(r.flf + 32, 32);	/* hash_result_len */
	vct_put32(r.flf + 40, 2);	/* op_type: ALGORITHM_CHAINING */
	r.in[0] = cry_cbc_k1.iv, r.inlen[0] = 16;
	r.in[1] = cry_cbc_k1.in, r.inlen[1] = 32;
	r.dstlen = 64;			/* dst_data, then hash_result */
	memset(got, 0, 64);
	return cry_request(c, y, &r, got, 64);
}

static void chain_open(struct vct_ctx *c, struct cry *y)
{
	cry_open(c, y);
	cry_need_ready(c, y);
	cry_need_algo(c, y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	cry_need_algo(c, y, CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256);
}

/* D-f20fe85c: the hash of a chaining request lands in hash_result[]. */
static void chain_hash_result(struct vct_ctx *c)
{
	struct cry y;
	uint8_t got[64], st;

	chain_open(c, &y);
	st = chain_request(c, &y, chain_session(c, &y), 32, got);
	vct_require(c, st == CRY_OK, "status of a HASH_THEN_CIPHER request", "OK (0)", "%s (%u)", cry_status_name(st), st);
	vct_report(c, !memcmp(got + 32, hmac_pt32, 32), "hash_result of a chaining request (HMAC over the whole source)",
		   "HMAC-SHA-256(\"Jefe\", source)", "%02x%02x%02x%02x...", got[32], got[33], got[34], got[35]);
}

/*
 * D-b7fc3a58: the chaining request's own fields are parsed: the cipher over
 * its range (the SP 800-38A ciphertext in dst_data) and the hash over its
 * range (the first 16 bytes only).
 */
static void chain_parses_fields(struct vct_ctx *c)
{
	struct cry y;
	uint8_t got[64], st;

	chain_open(c, &y);
	st = chain_request(c, &y, chain_session(c, &y), 16, got);
	if (st != CRY_OK)
		vct_skip(c, "device: a chaining request was answered %s (crypto.chain_hash_result judges it)",
			 cry_status_name(st));
	vct_report(c, !memcmp(got, cry_cbc_k1.out, 32), "dst_data of a chaining request (cipher over the whole source)",
		   "the SP 800-38A ciphertext", "%02x%02x%02x%02x...", got[0], got[1], got[2], got[3]);
	vct_report(c, !memcmp(got + 32, hmac_pt16, 32), "hash_result of a chaining request with len_to_hash 16",
		   "HMAC-SHA-256(\"Jefe\", the first 16 source bytes)", "%02x%02x%02x%02x...", got[32], got[33], got[34],
		   got[35]);
}

/* D-eeea3773: with aad_len 0 the device parses no AAD: a request with none after the source is answered OK. */
static void chain_no_aad(struct vct_ctx *c)
{
	struct cry y;
	uint8_t got[64], st;

	chain_open(c, &y);
	st = chain_request(c, &y, chain_session(c, &y), 32, got);
	vct_report(c, st == CRY_OK, "status of a chaining request with aad_len 0 and no AAD", "OK (0)", "%s (%u)",
		   cry_status_name(st), st);
}

#define CRY_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	CRY_CHECK("crypto.chain_parses_fields", "D-b7fc3a58", chain_parses_fields),
	CRY_CHECK("crypto.chain_no_aad", "D-eeea3773", chain_no_aad),
	CRY_CHECK("crypto.chain_hash_result", "D-f20fe85c", chain_hash_result),
};

VCT_SUITE(vct_suite_crypto_chain, "crypto", checks);
