/* SPDX-License-Identifier: MIT */
/* The crypto device's requests, configuration and known-answer vectors, for the checks of suites/crypto/. */
#include <string.h>

#include "crypto.h"

#define CTRL_FLF 56
#define DATA_HDR 24

/* ---- known-answer vectors ---- */

static const uint8_t iv_seq[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const uint8_t cbc_pt[32] = {
	0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
	0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
};
static const uint8_t cbc_k1[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
				    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
static const uint8_t cbc_c1[32] = {
	0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
	0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72, 0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2,
};
static const uint8_t cbc_k2[16] = { 0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe,
				    0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81 };
static const uint8_t cbc_c2[32] = {
	0xa1, 0x2b, 0x03, 0x86, 0xd8, 0x15, 0xa2, 0xc1, 0x8e, 0x9c, 0x23, 0xb6, 0x3a, 0x7a, 0xdb, 0xf2,
	0xfd, 0x55, 0x76, 0xec, 0x89, 0xb6, 0x4b, 0xef, 0x8f, 0xff, 0x20, 0xc6, 0x7a, 0x2d, 0xb5, 0x25,
};
static const uint8_t m56[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const uint8_t sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
static const uint8_t sha256_56[32] = {
	0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
	0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
};
static const uint8_t sha1_abc[20] = { 0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
				      0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d };
static const uint8_t sha1_56[20] = { 0x84, 0x98, 0x3e, 0x44, 0x1c, 0x3b, 0xd2, 0x6e, 0xba, 0xae,
				     0x4a, 0xa1, 0xf9, 0x51, 0x29, 0xe5, 0xe5, 0x46, 0x70, 0xf1 };
static const uint8_t hmac_data[] = "what do ya want for nothing?";
static const uint8_t hmac_out[32] = {
	0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
	0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
};
static const uint8_t gcm_k[16] = { 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
				   0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08 };
static const uint8_t gcm_iv[12] = { 0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88 };
static const uint8_t gcm_aad[20] = { 0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
				     0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2 };
static const uint8_t gcm_pt[32] = {
	0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26, 0x9a,
	0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31, 0x8a, 0x72,
};
static const uint8_t gcm_ct_tag[48] = {
	0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24, 0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4, 0x9c,
	0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0, 0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac, 0xa1, 0x2e,
	0xe1, 0x3e, 0x14, 0x34, 0x28, 0x5a, 0x94, 0x26, 0xad, 0xdf, 0xbf, 0xc2, 0x70, 0xd2, 0x7f, 0x16,
};

static const uint8_t rsa_der[140] = {
	0x30, 0x81, 0x89, 0x02, 0x81, 0x81, 0x00, 0xad, 0x4a, 0xe5, 0x08, 0x1e, 0xd4, 0xdc, 0x30, 0xcc,
	0xaa, 0x32, 0x4f, 0x59, 0x0f, 0x90, 0x7c, 0xea, 0x5e, 0x16, 0x54, 0x90, 0x4d, 0x86, 0x22, 0xfa,
	0x54, 0x65, 0xa9, 0x30, 0x66, 0x1f, 0x0f, 0x0e, 0x53, 0x32, 0xb4, 0x64, 0x17, 0xc4, 0x54, 0x57,
	0x6f, 0x96, 0xd8, 0x93, 0x7c, 0xe0, 0xe8, 0x46, 0x0f, 0x7c, 0xbb, 0xd7, 0xa7, 0x41, 0xbc, 0x27,
	0x81, 0xf9, 0x02, 0x3a, 0x10, 0x5e, 0x42, 0x4c, 0xff, 0x72, 0xfe, 0x43, 0x9f, 0x9f, 0xc4, 0xf7,
	0x89, 0xe0, 0x8a, 0xee, 0xe7, 0x62, 0xd8, 0x0e, 0x18, 0x8d, 0x38, 0x2b, 0xff, 0xd3, 0x77, 0x84,
	0x53, 0xa6, 0x83, 0xc6, 0x7e, 0xd4, 0x65, 0xd2, 0x14, 0x2a, 0x4d, 0xed, 0x9d, 0x6e, 0x7c, 0xc0,
	0xf2, 0x0f, 0x4d, 0x93, 0x45, 0x20, 0x8e, 0xe9, 0x86, 0x24, 0x7d, 0x63, 0x11, 0xbe, 0x56, 0xdc,
	0xa7, 0x24, 0x72, 0xdd, 0x5f, 0x0d, 0x9f, 0x02, 0x03, 0x01, 0x00, 0x01,
};
static const uint8_t rsa_c[128] = {
	0x62, 0x28, 0x65, 0x5f, 0x73, 0xf5, 0x47, 0xba, 0x22, 0x20, 0x16, 0xeb, 0x38, 0xfa, 0x8e, 0xc2,
	0xd5, 0x10, 0x16, 0x98, 0x32, 0x66, 0x36, 0x80, 0x07, 0x84, 0x97, 0x2f, 0xe5, 0x1f, 0xae, 0xab,
	0x1d, 0xce, 0x89, 0x7d, 0x9e, 0xb7, 0x03, 0xb9, 0x12, 0x58, 0x9f, 0x32, 0x33, 0x50, 0x17, 0x0a,
	0xb6, 0x32, 0xc6, 0x62, 0x26, 0x52, 0x5e, 0x5b, 0x06, 0x6c, 0xca, 0x37, 0xe8, 0xae, 0x17, 0x6e,
	0x54, 0x22, 0x97, 0x17, 0x78, 0xaf, 0xfe, 0xc9, 0x27, 0x70, 0x86, 0x39, 0x74, 0x91, 0xfe, 0x0a,
	0x8c, 0x88, 0x20, 0x86, 0xe0, 0xf7, 0x5b, 0x96, 0xaa, 0x85, 0x16, 0x41, 0x14, 0x3a, 0xf2, 0xf6,
	0x04, 0x9e, 0x3f, 0xf1, 0xd6, 0x2b, 0xbd, 0xed, 0xe1, 0xa8, 0x37, 0xad, 0xad, 0xc9, 0x15, 0x94,
	0x10, 0xf9, 0x71, 0x89, 0x91, 0x59, 0x50, 0x4c, 0xb6, 0x7a, 0xa7, 0xae, 0xcd, 0x45, 0x94, 0x45,
};
static const uint8_t rsa_m[] = "vct virtio-crypto akcipher vector";

const struct cry_kat cry_cbc_k1 = { "AES-128-CBC (SP 800-38A F.2.1)", cbc_k1, iv_seq, NULL, cbc_pt, cbc_c1,
				    16, 16, 0, 32, 32 };
const struct cry_kat cry_cbc_k2 = { "AES-128-CBC, a second key", cbc_k2, iv_seq, NULL, cbc_pt, cbc_c2,
				    16, 16, 0, 32, 32 };
const struct cry_kat cry_sha256_abc = { "SHA-256(\"abc\")", NULL, NULL, NULL, (const uint8_t *)"abc", sha256_abc,
					0, 0, 0, 3, 32 };
const struct cry_kat cry_sha256_56 = { "SHA-256 of the 56-byte FIPS 180 message", NULL, NULL, NULL, m56, sha256_56,
				       0, 0, 0, 56, 32 };
const struct cry_kat cry_sha1_abc = { "SHA-1(\"abc\")", NULL, NULL, NULL, (const uint8_t *)"abc", sha1_abc,
				      0, 0, 0, 3, 20 };
const struct cry_kat cry_sha1_56 = { "SHA-1 of the 56-byte FIPS 180 message", NULL, NULL, NULL, m56, sha1_56,
				     0, 0, 0, 56, 20 };
const struct cry_kat cry_hmac_jefe = { "HMAC-SHA-256 (RFC 4231 case 2)", (const uint8_t *)"Jefe", NULL, NULL,
				       hmac_data, hmac_out, 4, 0, 0, 28, 32 };
const struct cry_kat cry_gcm = { "AES-128-GCM (GCM case 4 key, IV and AAD)", gcm_k, gcm_iv, gcm_aad, gcm_pt,
				 gcm_ct_tag, 16, 12, 20, 32, 48 };

const struct cry_kat cry_rsa = { "RSA-1024 encryption, raw padding", rsa_der, NULL, NULL, rsa_m, rsa_c,
				 sizeof(rsa_der), 0, 0, sizeof(rsa_m) - 1, sizeof(rsa_c) };

const char *cry_status_name(uint32_t st)
{
	static const char *const n[] = { "OK", "ERR", "BADMSG", "NOTSUPP", "INVSESS", "NOSPC", "KEY_REJECTED",
					 "IPSEC_SA_SOFT_EXPIRY" };

	return st < 8 ? n[st] : "undefined";
}

void cry_cfg_read(struct vct_ctx *c, struct cry_cfg *f)
{
	uint8_t b[56];

	vct_c_config(c, 0, b, sizeof(b));
	f->status = (uint32_t)vct_le_load(b, 4);
	f->max_dataqueues = (uint32_t)vct_le_load(b + 4, 4);
	f->services = (uint32_t)vct_le_load(b + 8, 4);
	f->cipher_l = (uint32_t)vct_le_load(b + 12, 4);
	f->cipher_h = (uint32_t)vct_le_load(b + 16, 4);
	f->hash = (uint32_t)vct_le_load(b + 20, 4);
	f->mac_l = (uint32_t)vct_le_load(b + 24, 4);
	f->mac_h = (uint32_t)vct_le_load(b + 28, 4);
	f->aead = (uint32_t)vct_le_load(b + 32, 4);
	f->max_cipher_key = (uint32_t)vct_le_load(b + 36, 4);
	f->max_auth_key = (uint32_t)vct_le_load(b + 40, 4);
	f->akcipher = (uint32_t)vct_le_load(b + 44, 4);
	f->max_size = vct_le_load(b + 48, 8);
}

void cry_open_with(struct vct_ctx *c, struct cry *y, uint32_t extra)
{
	cry_open_admin(c, y, extra, NULL);
}

void cry_open_admin(struct vct_ctx *c, struct cry *y, uint32_t extra, struct vct_admin *a)
{
	uint16_t cq = vct_req_queue(c, "controlq");

	for (unsigned int bit = 0; bit < 32; bit++)
		if (((extra >> bit) & 1) && !vct_has(c->vd->offered, bit))
			vct_skip(c, "not offered: the device does not offer %s", vct_feature_name(c->vd->type, bit));
	if (a)
		vct_c_need_feature(c, VCT_F_ADMIN_VQ);
	y->b = (struct vct_bringup){ .nq = (unsigned int)cq + 1, .features_set = true, .admin = a };
	vct_dev_default_features(c->vd, y->b.features);
	y->b.features[0] |= extra;
	if (a)
		vct_set(y->b.features, VCT_F_ADMIN_VQ);
	vct_c_bringup(c, &y->b);
	y->dataq = y->b.vq[0];
	y->ctrlq = y->b.vq[cq];
	cry_cfg_read(c, &y->cfg);
}

void cry_open(struct vct_ctx *c, struct cry *y)
{
	uint16_t cq = vct_req_queue(c, "controlq");

	y->b = (struct vct_bringup){ .nq = (unsigned int)cq + 1 };
	vct_c_bringup(c, &y->b);
	y->dataq = y->b.vq[0];
	y->ctrlq = y->b.vq[cq];
	cry_cfg_read(c, &y->cfg);
}

void cry_need_ready(struct vct_ctx *c, struct cry *y)
{
	if (!(y->cfg.status & 1))
		vct_skip(c, "device: status 0x%x without VIRTIO_CRYPTO_S_HW_READY: the driver may send it no request",
			 y->cfg.status);
}

bool cry_has_algo(const struct cry_cfg *f, unsigned int svc, unsigned int algo)
{
	uint64_t mask;

	if (!((f->services >> svc) & 1))
		return false;
	switch (svc) {
	case CRY_SVC_CIPHER: mask = f->cipher_l | (uint64_t)f->cipher_h << 32; break;
	case CRY_SVC_HASH: mask = f->hash; break;
	case CRY_SVC_MAC: mask = f->mac_l | (uint64_t)f->mac_h << 32; break;
	case CRY_SVC_AEAD: mask = f->aead; break;
	case CRY_SVC_AKCIPHER: mask = f->akcipher; break;
	default: return false;
	}
	return algo < 64 && ((mask >> algo) & 1);
}

void cry_need_algo(struct vct_ctx *c, struct cry *y, unsigned int svc, unsigned int algo)
{
	static const char *const svcs[] = { "CIPHER", "HASH", "MAC", "AEAD", "AKCIPHER", "IPSEC" };

	if (!cry_has_algo(&y->cfg, svc, algo))
		vct_skip(c, "not offered: the device does not advertise the %s service with algorithm %u", svcs[svc], algo);
}

void cry_open_for(struct vct_ctx *c, struct cry *y, unsigned int svc, unsigned int algo)
{
	cry_open(c, y);
	cry_need_ready(c, y);
	cry_need_algo(c, y, svc, algo);
}

/* Post @sg, wait for its used entry; the used len. */
static uint32_t post(struct vct_ctx *c, struct vct_vq *vq, struct vct_sg *sg, unsigned int n, const char *what)
{
	uint32_t len = 0;
	int head = vct_vq_add(vq, sg, n, NULL, 0);

	if (head < 0)
		vct_abort(c, "cannot post %s", what);
	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)head, &len);
	return len;
}

uint32_t cry_create(struct vct_ctx *c, struct cry *y, unsigned int svc, const void *flf, size_t flflen,
		    const void *key, size_t klen, uint64_t *sid)
{
	static const uint32_t rev1[] = { 56, 8, 16, 24, 56 };	/* each create structure's size */
	uint32_t fl = vct_has(c->vd->features, CRY_F_REVISION_1) && svc <= CRY_SVC_AKCIPHER ? rev1[svc] : CTRL_FLF;
	struct vct_dma_buf *h = vct_c_dma(c, 16 + CTRL_FLF), *k = klen ? vct_c_dma(c, klen) : NULL,
			   *o = vct_c_dma(c, 16);
	struct vct_sg sg[3];
	unsigned int n = 0;
	uint8_t *p = h->va;
	uint32_t len, st;

	if (flflen > fl)
		flflen = fl;
	memset(p, 0, 16 + CTRL_FLF);
	vct_put32(p, CRY_OP(svc, svc == CRY_SVC_AKCIPHER ? 0x04 : 0x02));
	vct_put32(p + 4, flflen >= 4 ? (uint32_t)vct_le_load(flf, 4) : 0);	/* header algo: the session's */
	memcpy(p + 16, flf, flflen);
	sg[n++] = (struct vct_sg){ h->iova, 16 + fl, false };
	if (k) {
		memcpy(k->va, key, klen);
		sg[n++] = (struct vct_sg){ k->iova, (uint32_t)klen, false };
	}
	memset(o->va, 0xee, 16);
	sg[n++] = (struct vct_sg){ o->iova, 16, true };
	len = post(c, y->ctrlq, sg, n, "a create session request");
	vct_step_begin(c);
	vct_require(c, len >= 12, "used length of a create session answer", ">= 12 (session_id and status)", "%u", len);
	vct_step_end(c);
	st = (uint32_t)vct_le_load((uint8_t *)o->va + 8, 4);
	if (sid)
		*sid = vct_le_load(o->va, 8);
	return st;
}

uint8_t cry_destroy(struct vct_ctx *c, struct cry *y, unsigned int svc, uint64_t sid)
{
	struct vct_dma_buf *h = vct_c_dma(c, 16 + CTRL_FLF), *o = vct_c_dma(c, 1);
	struct vct_sg sg[2] = { { h->iova, 16 + CTRL_FLF, false }, { o->iova, 1, true } };
	uint8_t *p = h->va;
	uint32_t len;

	memset(p, 0, 16 + CTRL_FLF);
	vct_put32(p, CRY_OP(svc, svc == CRY_SVC_AKCIPHER ? 0x05 : 0x03));
	vct_put64(p + 16, sid);
	*(uint8_t *)o->va = 0xee;
	len = post(c, y->ctrlq, sg, 2, "a destroy session request");
	vct_step_begin(c);
	vct_require(c, len >= 1, "used length of a destroy session answer", ">= 1 (the status)", "%u", len);
	vct_step_end(c);
	return *(uint8_t *)o->va;
}

uint64_t cry_session(struct vct_ctx *c, struct cry *y, unsigned int svc, const struct cry_kat *k, bool enc)
{
	uint8_t f[56] = { 0 };
	uint64_t sid = 0;
	uint32_t st;

	switch (svc) {
	case CRY_SVC_CIPHER:	/* virtio_crypto_cipher_session_flf in op_flf[48], op_type CIPHER */
		vct_put32(f, CRY_CIPHER_AES_CBC);
		vct_put32(f + 4, k->klen);
		vct_put32(f + 8, enc ? 1 : 2);
		vct_put32(f + 48, 1);
		break;
	case CRY_SVC_HASH:	/* algo, hash_result_len */
		vct_put32(f, k->outlen == 20 ? CRY_HASH_SHA1 : CRY_HASH_SHA_256);
		vct_put32(f + 4, k->outlen);
		break;
	case CRY_SVC_MAC:	/* algo, hash_result_len, auth_key_len */
		vct_put32(f, CRY_MAC_HMAC_SHA_256);
		vct_put32(f + 4, k->outlen);
		vct_put32(f + 8, k->klen);
		break;
	case CRY_SVC_AKCIPHER:	/* algo, key_type PUBLIC, key_len, padding_algo RAW, hash_algo NO_HASH */
		vct_put32(f, CRY_AKCIPHER_RSA);
		vct_put32(f + 4, 1);
		vct_put32(f + 8, k->klen);
		break;
	default:		/* AEAD: algo, key_len, tag_len, aad_len, op */
		vct_put32(f, CRY_AEAD_GCM);
		vct_put32(f + 4, k->klen);
		vct_put32(f + 8, k->outlen - k->inlen);
		vct_put32(f + 12, k->aadlen);
		vct_put32(f + 16, enc ? 1 : 2);
		break;
	}
	st = cry_create(c, y, svc, f, sizeof(f), k->key, k->klen, &sid);
	if (st == CRY_NOTSUPP)
		vct_skip(c, "device: a session for %s was answered NOTSUPP (crypto.services_backed judges an advertised "
			    "algorithm it does not support)", k->name);
	vct_step_begin(c);
	vct_require(c, st == CRY_OK, "create session", "VIRTIO_CRYPTO_OK", "%s (%u) for %s", cry_status_name(st), st,
		    k->name);
	vct_step_end(c);
	return sid;
}

uint8_t cry_request(struct vct_ctx *c, struct cry *y, const struct cry_data *r, void *out, size_t outlen)
{
	uint32_t fl = r->flflen ? r->flflen : 48;
	struct vct_dma_buf *h = vct_c_dma(c, DATA_HDR + sizeof(r->flf)), *d = r->dstlen ? vct_c_dma(c, r->dstlen) : NULL,
			   *st = vct_c_dma(c, 1);
	struct vct_sg sg[7];
	unsigned int n = 0;
	uint8_t *p = h->va;

	if (fl > sizeof(r->flf))
		vct_abort(c, "a data request's fixed part of %u bytes", fl);
	memset(p, 0, DATA_HDR);
	vct_put32(p, r->opcode);
	vct_put64(p + 8, r->sid);
	vct_put32(p + 16, r->flag);
	memcpy(p + DATA_HDR, r->flf, fl);
	sg[n++] = (struct vct_sg){ h->iova, DATA_HDR + fl, false };
	for (unsigned int i = 0; i < 4; i++) {
		struct vct_dma_buf *b;

		if (!r->inlen[i])
			continue;
		b = vct_c_dma(c, r->inlen[i]);
		memcpy(b->va, r->in[i], r->inlen[i]);
		sg[n++] = (struct vct_sg){ b->iova, r->inlen[i], false };
	}
	if (d) {
		memset(d->va, 0xee, r->dstlen);
		sg[n++] = (struct vct_sg){ d->iova, r->dstlen, true };
	}
	*(uint8_t *)st->va = 0xee;
	sg[n++] = (struct vct_sg){ st->iova, 1, true };
	post(c, y->dataq, sg, n, "a data request");
	if (out && d)
		memcpy(out, d->va, outlen < r->dstlen ? outlen : r->dstlen);
	return *(uint8_t *)st->va;
}

void cry_cipher_req(struct cry_data *r, uint64_t sid, bool enc, const struct cry_kat *k)
{
	memset(r, 0, sizeof(*r));
	r->opcode = CRY_OP(CRY_SVC_CIPHER, enc ? 0 : 1);
	r->sid = sid;
	vct_put32(r->flf, k->ivlen);		/* virtio_crypto_cipher_data_flf in op_type_flf[40] */
	vct_put32(r->flf + 4, k->inlen);
	vct_put32(r->flf + 8, k->outlen);
	vct_put32(r->flf + 40, 1);		/* op_type: VIRTIO_CRYPTO_SYM_OP_CIPHER */
	r->in[0] = k->iv, r->inlen[0] = k->ivlen;
	r->in[1] = enc ? k->in : k->out, r->inlen[1] = k->inlen;
	r->dstlen = k->outlen;
}

void cry_hash_req(struct cry_data *r, unsigned int svc, uint64_t sid, const struct cry_kat *k)
{
	memset(r, 0, sizeof(*r));
	r->opcode = CRY_OP(svc, 0);
	r->sid = sid;
	vct_put32(r->flf, k->inlen);		/* src_data_len, hash_result_len */
	vct_put32(r->flf + 4, k->outlen);
	r->in[0] = k->in, r->inlen[0] = k->inlen;
	r->dstlen = k->outlen;
}

void cry_akcipher_req(struct cry_data *r, uint64_t sid, const struct cry_kat *k)
{
	memset(r, 0, sizeof(*r));
	r->opcode = CRY_OP(CRY_SVC_AKCIPHER, 0);	/* VIRTIO_CRYPTO_AKCIPHER_ENCRYPT */
	r->sid = sid;
	vct_put32(r->flf, k->inlen);		/* src_data_len, dst_data_len */
	vct_put32(r->flf + 4, k->outlen);
	r->in[0] = k->in, r->inlen[0] = k->inlen;
	r->dstlen = k->outlen;
}

void cry_aead_req(struct cry_data *r, uint64_t sid, bool enc, const struct cry_kat *k, const uint8_t *in,
		  uint32_t inlen)
{
	uint32_t tag = k->outlen - k->inlen;

	memset(r, 0, sizeof(*r));
	r->opcode = CRY_OP(CRY_SVC_AEAD, enc ? 0 : 1);
	r->sid = sid;
	vct_put32(r->flf, k->ivlen);		/* iv_len, aad_len, src_data_len, dst_data_len, tag_len */
	vct_put32(r->flf + 4, k->aadlen);
	vct_put32(r->flf + 8, inlen);
	vct_put32(r->flf + 12, enc ? inlen + tag : inlen - tag);
	vct_put32(r->flf + 16, tag);
	r->in[0] = k->iv, r->inlen[0] = k->ivlen;
	r->in[1] = in, r->inlen[1] = inlen;
	r->in[2] = k->aad, r->inlen[2] = k->aadlen;
	r->dstlen = enc ? inlen + tag : inlen - tag;
}
