/* SPDX-License-Identifier: MIT */
/* Crypto device: session create and destroy on the control queue. */
#include <string.h>

#include "crypto.h"

/* The result of one session-mode cipher request of vector @k on session @sid, compared with the vector. */
static bool cipher_matches(struct vct_ctx *c, struct cry *y, uint64_t sid, const struct cry_kat *k, uint8_t *got,
			   uint8_t *st)
{
	struct cry_data r;

	cry_cipher_req(&r, sid, true, k);
	*st = cry_request(c, y, &r, got, k->outlen);
	return *st == CRY_OK && !memcmp(got, k->out, k->outlen);
}

/*
 * D-158c1c69: each create opcode's own structure is used: a MAC session
 * (fixed part: algo, hash_result_len, auth_key_len, then the key after the
 * 56-byte padded part) gives the RFC 4231 MAC; a HASH session (no key) the
 * FIPS 180 digest. A device reading another layout takes the wrong key or
 * lengths.
 */
static void create_uses_opcode_layout(struct vct_ctx *c)
{
	static const struct { unsigned int svc, algo; const struct cry_kat *k; } tries[] = {
		{ CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256, &cry_hmac_jefe },
		{ CRY_SVC_HASH, CRY_HASH_SHA_256, &cry_sha256_abc },
		{ CRY_SVC_HASH, CRY_HASH_SHA1, &cry_sha1_abc },
	};
	struct cry y;
	unsigned int n = 0, advertised = 0;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		const struct cry_kat *k = tries[i].k;
		struct cry_data r;
		uint8_t got[32] = { 0 }, st;
		uint64_t sid;

		if (!cry_has_algo(&y.cfg, tries[i].svc, tries[i].algo))
			continue;
		advertised++;
		{
			uint8_t f[56] = { 0 };
			uint32_t s;

			vct_put32(f, tries[i].algo);
			vct_put32(f + 4, k->outlen);
			vct_put32(f + 8, k->klen);
			s = cry_create(c, &y, tries[i].svc, f, sizeof(f), k->key, k->klen, &sid);
			if (s != CRY_OK)
				continue;	/* crypto.services_backed and crypto.create_status_values judge it */
		}
		n++;
		cry_hash_req(&r, tries[i].svc, sid, k);
		st = cry_request(c, &y, &r, got, k->outlen);
		vct_report(c, st == CRY_OK && !memcmp(got, k->out, k->outlen),
			   "result on a session made with the opcode's own structure", "the published result",
			   "%s: status %s (%u), result %02x%02x%02x%02x...", k->name, cry_status_name(st), st, got[0], got[1],
			   got[2], got[3]);
	}
	if (!advertised)
		vct_skip(c, "not offered: the device advertises no HASH or MAC algorithm vct has a vector for");
	if (!n)
		vct_skip(c, "device: every advertised HASH and MAC session create was refused (crypto.services_backed and "
			    "crypto.create_status_values judge that)");
}

/* D-a7687e20: the key of the variable part is what the session uses: two keys, their two known ciphertexts. */
static void create_takes_key(struct vct_ctx *c)
{
	const struct cry_kat *ks[2] = { &cry_cbc_k1, &cry_cbc_k2 };
	struct cry y;

	cry_open_for(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	for (unsigned int i = 0; i < 2; i++) {
		uint64_t sid = cry_session(c, &y, CRY_SVC_CIPHER, ks[i], true);
		uint8_t got[32] = { 0 }, st;
		bool ok = cipher_matches(c, &y, sid, ks[i], got, &st);

		if (st != CRY_OK)
			vct_skip(c, "device: the encryption on the new session answered %s (crypto.cipher_result judges it)",
				 cry_status_name(st));
		vct_report(c, ok, "ciphertext on a session created with the request's key", "that key's known ciphertext",
			   "key %u of 2: %02x%02x%02x%02x...", i + 1, got[0], got[1], got[2], got[3]);
	}
}

/*
 * D-a1b3d162: create session answers OK, NOTSUPP or ERR (NOSPC only with
 * REVISION_1): OK for a valid one, NOTSUPP for an algorithm number the spec
 * does not define.
 */
static void create_status_values(struct vct_ctx *c)
{
	struct cry y;
	uint8_t f[56] = { 0 };
	uint64_t sid;
	uint32_t st;
	bool rev1;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	rev1 = vct_has(c->vd->features, CRY_F_REVISION_1);
	vct_put32(f, 200);	/* no such cipher algorithm */
	vct_put32(f + 4, 16);
	vct_put32(f + 8, 1);
	vct_put32(f + 48, 1);
	st = cry_create(c, &y, CRY_SVC_CIPHER, f, sizeof(f), cry_cbc_k1.key, 16, &sid);
	vct_report(c, st == CRY_NOTSUPP, "create session of cipher algorithm 200 (undefined)", "NOTSUPP (3)", "%s (%u)",
		   cry_status_name(st), st);
	if (!cry_has_algo(&y.cfg, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC))
		return;
	vct_put32(f, CRY_CIPHER_AES_CBC);
	st = cry_create(c, &y, CRY_SVC_CIPHER, f, sizeof(f), cry_cbc_k1.key, 16, &sid);
	vct_report(c, st == CRY_OK || st == CRY_ERR || st == CRY_NOTSUPP || (rev1 && st == CRY_NOSPC),
		   "status of an AES-CBC session create", rev1 ? "OK, NOTSUPP, NOSPC or ERR" : "OK, NOTSUPP or ERR",
		   "%s (%u)", cry_status_name(st), st);
}

/* D-315eab11: the ids of live sessions differ, also for a session created after one was destroyed. */
static void session_ids_unique(struct vct_ctx *c)
{
	struct cry y;
	uint64_t ids[4];

	cry_open_for(c, &y, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC);
	for (unsigned int i = 0; i < 4; i++)
		ids[i] = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1, true);
	for (unsigned int i = 0; i < 4; i++)
		for (unsigned int j = i + 1; j < 4; j++)
			vct_report(c, ids[i] != ids[j], "session_id of two live sessions", "different",
				   "sessions %u and %u both 0x%llx", i + 1, j + 1, (unsigned long long)ids[i]);
	if (cry_destroy(c, &y, CRY_SVC_CIPHER, ids[1]) != CRY_OK)
		return;	/* crypto.destroy_status judges it */
	ids[1] = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k2, true);
	for (unsigned int i = 0; i < 4; i++)
		vct_report(c, i == 1 || ids[i] != ids[1], "session_id of a session created after another was destroyed",
			   "different from every live session", "0x%llx, held by live session %u",
			   (unsigned long long)ids[1], i + 1);
}

/* D-3c822412: destroy answers OK for a live session and ERR for one that does not exist (never created, or gone). */
static void destroy_status(struct vct_ctx *c)
{
	struct cry y;
	uint64_t sid;
	uint8_t st;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	st = cry_destroy(c, &y, CRY_SVC_CIPHER, 0x7663740000000000ull);
	vct_report(c, st == CRY_ERR, "destroy of a session id never created", "ERR (1)", "%s (%u)", cry_status_name(st), st);
	if (!cry_has_algo(&y.cfg, CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC))
		return;
	sid = cry_session(c, &y, CRY_SVC_CIPHER, &cry_cbc_k1, true);
	st = cry_destroy(c, &y, CRY_SVC_CIPHER, sid);
	vct_report(c, st == CRY_OK, "destroy of a live session", "OK (0)", "%s (%u)", cry_status_name(st), st);
	st = cry_destroy(c, &y, CRY_SVC_CIPHER, sid);
	vct_report(c, st == CRY_ERR, "second destroy of the same session", "ERR (1)", "%s (%u)", cry_status_name(st), st);
}

#define CRY_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	CRY_CHECK("crypto.create_uses_opcode_layout", "D-158c1c69", create_uses_opcode_layout),
	CRY_CHECK("crypto.create_takes_key", "D-a7687e20", create_takes_key),
	CRY_CHECK("crypto.create_status_values", "D-a1b3d162", create_status_values),
	CRY_CHECK("crypto.session_ids_unique", "D-315eab11", session_ids_unique),
	CRY_CHECK("crypto.destroy_status", "D-3c822412", destroy_status),
};

VCT_SUITE(vct_suite_crypto_session, "crypto", checks);
