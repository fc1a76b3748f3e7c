/* SPDX-License-Identifier: MIT */
/*
 * Crypto device: its configuration (status, data queues, services and
 * algorithm masks, key and request size limits) and whether what it
 * advertises is what it does.
 */
#include "crypto.h"

/* Defined algorithm bits of each mask (the chapter's VIRTIO_CRYPTO_* numbers; bit 0 is NO_*). */
#define CIPHER_DEFINED	0x7fffull		/* 0-14 */
#define HASH_DEFINED	0x1fffu			/* 0-12 */
#define MAC_DEFINED	(0x7full | 0xfull << 25 | 0x3ull << 41 | 0x3ull << 49 | 0x3ull << 53)
#define AEAD_DEFINED	0xfu			/* 0-3 */
#define AKCIPHER_DEFINED 0x7u			/* 0-2 */
#define SERVICES_DEFINED 0x3fu			/* CIPHER .. IPSEC */

/* D-69f00726: max_dataqueues within 1..65535. */
static void max_dataqueues_range(struct vct_ctx *c)
{
	struct cry_cfg f;

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	vct_report(c, f.max_dataqueues >= 1 && f.max_dataqueues <= 65535, "max_dataqueues", "1 to 65535", "%u",
		   f.max_dataqueues);
}

/*
 * D-47db6d6d: status holds valid flags whenever the driver reads it: before
 * FEATURES_OK, once negotiated and once running (only HW_READY is defined).
 */
static void status_valid(struct vct_ctx *c)
{
	const char *when[] = { "after ACKNOWLEDGE and DRIVER", "after FEATURES_OK", "after DRIVER_OK" };
	struct cry y;
	struct cry_cfg f;

	for (unsigned int i = 0; i < 3; i++) {
		if (i == 0) {
			vct_c_reset(c);
			vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
			vct_dev_set_status(c->vd, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
		} else if (i == 1) {
			vct_c_negotiate(c, NULL);
		} else {
			cry_open(c, &y);
		}
		cry_cfg_read(c, &f);
		vct_report(c, !(f.status & ~1u), "status", "valid flags only (VIRTIO_CRYPTO_S_HW_READY, bit 0)",
			   "0x%x %s", f.status, when[i]);
	}
}

/* D-1b1e36e9: no undefined status flag (bits 1-31) once the device runs. */
static void status_no_undefined(struct vct_ctx *c)
{
	struct cry y;

	cry_open(c, &y);
	vct_report(c, !(y.cfg.status & ~1u), "status bits 1-31", "clear (undefined)", "status 0x%x", y.cfg.status);
}

/*
 * D-70bbcf7c: with HW_READY set the device takes and answers a request: a
 * session create of an advertised cipher, else the destroy of an unknown
 * session (an answer is owed either way).
 */
static void handles_when_ready(struct vct_ctx *c)
{
	struct cry y;
	struct vct_req r;
	uint32_t len;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	vct_req_reading(c, &r);
	len = vct_req_completes(c, &y.b, &r, 0, "a control request sent once VIRTIO_CRYPTO_S_HW_READY was set");
	vct_report(c, len >= 1, "used length of the answer", ">= 1 (its status)", "%u", len);
}

/*
 * D-f6f4c265: crypto_services says what the device offers: a session of an
 * advertised service with an advertised algorithm vct has a vector for is
 * not answered NOTSUPP (unsupported).
 */
static void services_backed(struct vct_ctx *c)
{
	static const struct { unsigned int svc, algo; const struct cry_kat *k; const char *what; } tries[] = {
		{ CRY_SVC_CIPHER, CRY_CIPHER_AES_CBC, &cry_cbc_k1, "CIPHER AES-CBC" },
		{ CRY_SVC_HASH, CRY_HASH_SHA_256, &cry_sha256_abc, "HASH SHA-256" },
		{ CRY_SVC_HASH, CRY_HASH_SHA1, &cry_sha1_abc, "HASH SHA-1" },
		{ CRY_SVC_MAC, CRY_MAC_HMAC_SHA_256, &cry_hmac_jefe, "MAC HMAC-SHA-256" },
		{ CRY_SVC_AEAD, CRY_AEAD_GCM, &cry_gcm, "AEAD GCM" },
		{ CRY_SVC_AKCIPHER, CRY_AKCIPHER_RSA, &cry_rsa, "AKCIPHER RSA (public key, raw padding)" },
	};
	struct cry y;
	unsigned int n = 0;

	cry_open(c, &y);
	cry_need_ready(c, &y);
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		uint8_t f[56] = { 0 };
		uint64_t sid = 0;
		uint32_t st;
		const struct cry_kat *k = tries[i].k;

		if (!cry_has_algo(&y.cfg, tries[i].svc, tries[i].algo))
			continue;
		vct_put32(f, tries[i].algo);
		switch (tries[i].svc) {
		case CRY_SVC_CIPHER: vct_put32(f + 4, k->klen); vct_put32(f + 8, 1); vct_put32(f + 48, 1); break;
		case CRY_SVC_HASH: vct_put32(f + 4, k->outlen); break;
		case CRY_SVC_MAC: vct_put32(f + 4, k->outlen); vct_put32(f + 8, k->klen); break;
		case CRY_SVC_AKCIPHER: vct_put32(f + 4, 1); vct_put32(f + 8, k->klen); break;
		default: vct_put32(f + 4, k->klen); vct_put32(f + 8, 16); vct_put32(f + 12, k->aadlen); vct_put32(f + 16, 1);
		}
		st = cry_create(c, &y, tries[i].svc, f, sizeof(f), k->key, k->klen, &sid);
		n++;
		vct_report(c, st != CRY_NOTSUPP, "create session of an advertised service and algorithm",
			   "not NOTSUPP (the device advertises it)", "%s: %s (%u)", tries[i].what, cry_status_name(st), st);
		if (st == CRY_OK)
			cry_destroy(c, &y, tries[i].svc, sid);
	}
	if (!n)
		vct_skip(c, "not offered: no advertised service and algorithm vct has a known-answer vector for");
}

/* D-843996a0: every advertised service (but IPsec, which has no mask) has a nonzero algorithm mask. */
static void algo_masks_present(struct vct_ctx *c)
{
	static const char *const svcs[] = { "CIPHER", "HASH", "MAC", "AEAD", "AKCIPHER" };
	struct cry_cfg f;
	unsigned int n = 0;

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	for (unsigned int s = 0; s <= CRY_SVC_AKCIPHER; s++) {
		uint64_t mask = s == 0 ? f.cipher_l | (uint64_t)f.cipher_h << 32 : s == 1 ? f.hash
				: s == 2 ? f.mac_l | (uint64_t)f.mac_h << 32 : s == 3 ? f.aead : f.akcipher;

		if (!((f.services >> s) & 1))
			continue;
		n++;
		vct_report(c, (mask & ~1ull) != 0, "algorithm mask of an advertised service", "an algorithm bit set",
			   "%s advertised (crypto_services 0x%x), mask 0x%llx", svcs[s], f.services, (unsigned long long)mask);
	}
	if (!n)
		vct_skip(c, "device: crypto_services 0x%x advertises no service with an algorithm mask", f.services);
}

/* D-3bd9b88d: no undefined bit in crypto_services or any algorithm mask. */
static void algo_masks_defined(struct vct_ctx *c)
{
	struct cry_cfg f;
	struct mask { const char *name; uint64_t v, defined; } m[6];

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	m[0] = (struct mask){ "crypto_services", f.services, SERVICES_DEFINED };
	m[1] = (struct mask){ "cipher_algo_l/h", f.cipher_l | (uint64_t)f.cipher_h << 32, CIPHER_DEFINED };
	m[2] = (struct mask){ "hash_algo", f.hash, HASH_DEFINED };
	m[3] = (struct mask){ "mac_algo_l/h", f.mac_l | (uint64_t)f.mac_h << 32, MAC_DEFINED };
	m[4] = (struct mask){ "aead_algo", f.aead, AEAD_DEFINED };
	m[5] = (struct mask){ "akcipher_algo", f.akcipher, AKCIPHER_DEFINED };
	for (unsigned int i = 0; i < 6; i++)
		vct_report(c, !(m[i].v & ~m[i].defined), m[i].name, "no undefined algorithm bit",
			   "0x%llx (undefined bits 0x%llx)", (unsigned long long)m[i].v,
			   (unsigned long long)(m[i].v & ~m[i].defined));
}

/* D-f6a49c48: max_size shows a maximum request size: not 0 (no request could be sent). */
static void max_size_set(struct vct_ctx *c)
{
	struct cry_cfg f;

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	vct_report(c, f.max_size > 0, "max_size", "the largest request content the device takes (not 0)", "%llu",
		   (unsigned long long)f.max_size);
}

/* D-18476373: with CIPHER advertised, max_cipher_key_len covers a key (an advertised AES mode: 16 bytes at the least). */
static void max_cipher_key_len_set(struct vct_ctx *c)
{
	const uint64_t aes = 1u << 2 | 1u << 3 | 1u << 4 | 1u << 12 | 1u << 13;	/* AES-ECB, -CBC, -CTR, -F8, -XTS */
	struct cry_cfg f;

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	if (!(f.services & (1u << CRY_SVC_CIPHER)))
		vct_skip(c, "not offered: the device does not advertise the CIPHER service");
	vct_report(c, f.max_cipher_key > 0, "max_cipher_key_len with CIPHER advertised", "the longest key it takes (not 0)",
		   "%u", f.max_cipher_key);
	if ((f.cipher_l | (uint64_t)f.cipher_h << 32) & aes)
		vct_report(c, f.max_cipher_key >= 16, "max_cipher_key_len with an AES mode advertised",
			   ">= 16 (the shortest AES key)", "%u", f.max_cipher_key);
}

/* D-94a204da: with MAC advertised, max_auth_key_len shows the longest authentication key: not 0. */
static void max_auth_key_len_set(struct vct_ctx *c)
{
	struct cry_cfg f;

	vct_c_negotiate(c, NULL);
	cry_cfg_read(c, &f);
	if (!(f.services & (1u << CRY_SVC_MAC)))
		vct_skip(c, "not offered: the device does not advertise the MAC service");
	vct_report(c, f.max_auth_key > 0, "max_auth_key_len with MAC advertised", "the longest key it takes (not 0)", "%u",
		   f.max_auth_key);
}

#define CRY_CHECK(nm, id, fn) VCT_CHECK(nm, id, fn, .type = VCT_ID_CRYPTO)

static const struct vct_check checks[] = {
	CRY_CHECK("crypto.max_dataqueues_range", "D-69f00726", max_dataqueues_range),
	CRY_CHECK("crypto.status_valid", "D-47db6d6d", status_valid),
	CRY_CHECK("crypto.status_no_undefined", "D-1b1e36e9", status_no_undefined),
	CRY_CHECK("crypto.handles_when_ready", "D-70bbcf7c", handles_when_ready),
	CRY_CHECK("crypto.services_backed", "D-f6f4c265", services_backed),
	CRY_CHECK("crypto.algo_masks_present", "D-843996a0", algo_masks_present),
	CRY_CHECK("crypto.algo_masks_defined", "D-3bd9b88d", algo_masks_defined),
	CRY_CHECK("crypto.max_size_set", "D-f6a49c48", max_size_set),
	CRY_CHECK("crypto.max_cipher_key_len_set", "D-18476373", max_cipher_key_len_set),
	CRY_CHECK("crypto.max_auth_key_len_set", "D-94a204da", max_auth_key_len_set),
};

VCT_SUITE(vct_suite_crypto_config, "crypto", checks);
