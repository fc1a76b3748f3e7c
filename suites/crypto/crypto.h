/* SPDX-License-Identifier: MIT */
/*
 * The crypto device's driver side for its checks (suites/crypto/): the
 * configuration as one snapshot, session create/destroy on the control
 * queue and data requests on the first data queue, in the layouts of a
 * driver that did not negotiate VIRTIO_CRYPTO_F_REVISION_1 (56-byte control
 * and 48-byte data fixed parts), and the known-answer vectors the checks
 * compare results with (published test vectors: NIST SP 800-38A F.2.1,
 * FIPS 180 examples, RFC 4231 case 2, the GCM specification's case 4 with
 * its 60-byte plaintext cut to 32 bytes, recomputed with OpenSSL; an RSA
 * encryption with raw padding under a 1024-bit public key vct made for it,
 * checked with OpenSSL).
 */
#ifndef VCT_SUITES_CRYPTO_H
#define VCT_SUITES_CRYPTO_H

#include "admin.h"
#include "types/types.h"

#define VCT_ID_CRYPTO		20

#define CRY_SVC_CIPHER		0
#define CRY_SVC_HASH		1
#define CRY_SVC_MAC		2
#define CRY_SVC_AEAD		3
#define CRY_SVC_AKCIPHER	4
#define CRY_SVC_IPSEC		5
#define CRY_OP(svc, op)		((uint32_t)(svc) << 8 | (op))

#define CRY_CIPHER_AES_CBC	3
#define CRY_HASH_SHA1		2
#define CRY_HASH_SHA_256	4
#define CRY_MAC_HMAC_SHA_256	4
#define CRY_AEAD_GCM		1
#define CRY_AKCIPHER_RSA	1

#define CRY_OK			0
#define CRY_ERR			1
#define CRY_BADMSG		2
#define CRY_NOTSUPP		3
#define CRY_INVSESS		4
#define CRY_NOSPC		5
#define CRY_KEY_REJECTED	6
#define CRY_IPSEC_SOFT_EXPIRY	7

#define CRY_F_REVISION_1	0
#define CRY_F_STATELESS(svc)	(1 + (svc))	/* VIRTIO_CRYPTO_F_<SERVICE>_STATELESS_MODE */
#define CRY_FLAG_SESSION_MODE	1

/* struct virtio_crypto_config as read at one configuration generation. */
struct cry_cfg {
	uint32_t status, max_dataqueues, services, cipher_l, cipher_h, hash, mac_l, mac_h, aead, max_cipher_key,
		max_auth_key, akcipher;
	uint64_t max_size;
};

struct cry {
	struct vct_bringup b;
	struct vct_vq *dataq, *ctrlq;
	struct cry_cfg cfg;
};

/*
 * One data request: the header's opcode, session and flag, the fixed part
 * (@flflen bytes; 0: the 48 bytes of a driver without REVISION_1), up to
 * four readable parts, dst.
 */
struct cry_data {
	uint32_t opcode, flag, flflen;
	uint64_t sid;
	uint8_t flf[80];
	const void *in[4];
	uint32_t inlen[4];
	uint32_t dstlen;
};

/* A known-answer vector of the session-mode services. */
struct cry_kat {
	const char *name;
	const uint8_t *key, *iv, *aad, *in, *out;
	uint32_t klen, ivlen, aadlen, inlen, outlen;
};

extern const struct cry_kat cry_cbc_k1, cry_cbc_k2, cry_sha256_abc, cry_sha256_56, cry_sha1_abc, cry_sha1_56,
	cry_hmac_jefe, cry_gcm, cry_rsa;

const char *cry_status_name(uint32_t st);
/* Read the whole configuration, generation-safely. */
void cry_cfg_read(struct vct_ctx *c, struct cry_cfg *f);
/* Bring up the first data queue and the control queue (default features); read the configuration. */
void cry_open(struct vct_ctx *c, struct cry *y);
/* The same with feature bits @extra (a mask of bits 0-31) accepted too; SKIPs ("not offered:") unless offered. */
void cry_open_with(struct vct_ctx *c, struct cry *y, uint32_t extra);
/* The same with VIRTIO_F_ADMIN_VQ too (SKIPs "not offered:" without it) and @a's admin queue set up before DRIVER_OK. */
void cry_open_admin(struct vct_ctx *c, struct cry *y, uint32_t extra, struct vct_admin *a);
/* SKIP ("device:") unless status shows VIRTIO_CRYPTO_S_HW_READY (the driver may send nothing before). */
void cry_need_ready(struct vct_ctx *c, struct cry *y);
/*
 * CREATE_SESSION of @svc (the opcode of the service): @flf (its fixed part,
 * padded to 56 bytes, or its structure's own size with REVISION_1
 * negotiated), then @key as the variable part. Returns the
 * status; *@sid the session id when OK.
 */
uint32_t cry_create(struct vct_ctx *c, struct cry *y, unsigned int svc, const void *flf, size_t flflen,
		    const void *key, size_t klen, uint64_t *sid);
/* DESTROY_SESSION of @sid with @svc's opcode; the status byte. */
uint8_t cry_destroy(struct vct_ctx *c, struct cry *y, unsigned int svc, uint64_t sid);
/* A session of @svc for vector @k (@enc: encrypt), required to be created (a driver step); its id. */
uint64_t cry_session(struct vct_ctx *c, struct cry *y, unsigned int svc, const struct cry_kat *k, bool enc);
/* SKIP ("not offered:") unless @svc is advertised with @algo in its mask. */
void cry_need_algo(struct vct_ctx *c, struct cry *y, unsigned int svc, unsigned int algo);
/* cry_open, then cry_need_ready and cry_need_algo: what a request of @svc with @algo needs first. */
void cry_open_for(struct vct_ctx *c, struct cry *y, unsigned int svc, unsigned int algo);
/* Whether the configuration advertises @svc with @algo. */
bool cry_has_algo(const struct cry_cfg *f, unsigned int svc, unsigned int algo);
/*
 * A data request on the first data queue; returns the status byte, copies
 * what the device wrote into dst (at most @outlen bytes) to @out (NULL: not
 * needed); dst is poisoned with 0xee before it is posted.
 */
uint8_t cry_request(struct vct_ctx *c, struct cry *y, const struct cry_data *r, void *out, size_t outlen);
/* The session-mode requests of each service for vector @k, with the session @sid. */
void cry_cipher_req(struct cry_data *r, uint64_t sid, bool enc, const struct cry_kat *k);
void cry_hash_req(struct cry_data *r, unsigned int svc, uint64_t sid, const struct cry_kat *k);
void cry_akcipher_req(struct cry_data *r, uint64_t sid, const struct cry_kat *k);
void cry_aead_req(struct cry_data *r, uint64_t sid, bool enc, const struct cry_kat *k, const uint8_t *in,
		  uint32_t inlen);

#endif
