/* SPDX-License-Identifier: MIT */
/*
 * Crypto device (id 20): data queues, then controlq (num_queues - 1).
 * Without VIRTIO_CRYPTO_F_REVISION_1 a control request is a 16-byte header
 * and 56 bytes of opcode-specific fields, then variable data.
 */
#include "types.h"

#define CTRL_HDR 16
#define OP_FLF 56		/* VIRTIO_CRYPTO_CTRLQ_OP_SPEC_HDR_LEGACY */
#define CIPHER_CREATE_SESSION 0x02	/* VIRTIO_CRYPTO_OPCODE(SERVICE_CIPHER = 0, 0x02) */
#define CIPHER_DESTROY_SESSION 0x03
#define CIPHER_AES_CBC 3
#define OP_ENCRYPT 1
#define SYM_OP_CIPHER 1
#define STATUS_MAX 6		/* VIRTIO_CRYPTO_OK .. VIRTIO_CRYPTO_KEY_REJECTED */

static uint8_t *ctrl(struct vct_ctx *c, struct vct_req *r, uint32_t opcode)
{
	uint8_t *p;

	r->queue = vct_req_queue(c, "controlq");
	p = vct_req_add(c, r, CTRL_HDR + OP_FLF, false);
	vct_put32(p, opcode);
	vct_put32(p + 4, CIPHER_AES_CBC);
	return p + CTRL_HDR;
}

static void create_build(struct vct_ctx *c, struct vct_req *r)
{
	uint8_t *f = ctrl(c, r, CIPHER_CREATE_SESSION), *key;

	/* virtio_crypto_cipher_session_flf in the 48-byte op_flf, then op_type. */
	vct_put32(f, CIPHER_AES_CBC);
	vct_put32(f + 4, 16);		/* key_len */
	vct_put32(f + 8, OP_ENCRYPT);
	vct_put32(f + 48, SYM_OP_CIPHER);
	key = vct_req_add(c, r, 16, false);
	for (unsigned int i = 0; i < 16; i++)
		key[i] = (uint8_t)(0x10 + i);
	vct_req_add(c, r, 16, true);	/* virtio_crypto_create_session_input */
}

static void create_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint32_t st = (uint32_t)vct_le_load((const uint8_t *)r->buf[2]->va + 8, 4);

	vct_report(c, st <= STATUS_MAX, "create session status", "a VIRTIO_CRYPTO_* status the chapter defines",
		   "%u", st);
}

static void destroy_build(struct vct_ctx *c, struct vct_req *r)
{
	/* A session id no create returned: the answer is a status, whichever. */
	vct_put64(ctrl(c, r, CIPHER_DESTROY_SESSION), 0x7663740000000000ull);
	vct_req_add(c, r, 1, true);	/* virtio_crypto_destroy_session_input */
}

static void destroy_check(struct vct_ctx *c, const struct vct_req *r, uint32_t len)
{
	uint8_t st = ((const uint8_t *)r->buf[1]->va)[0];

	vct_report(c, st <= STATUS_MAX, "destroy session status", "a VIRTIO_CRYPTO_* status the chapter defines",
		   "%u", st);
}

static const struct vct_req_model create = {
	.what = "VIRTIO_CRYPTO_CIPHER_CREATE_SESSION (AES-CBC, 16-byte key) on controlq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 16,
	.build = create_build,
	.check = create_check,
};

static const struct vct_req_model destroy = {
	.what = "VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION of an unknown session on controlq",
	.provoke = VCT_PROVOKE_SELF,
	.must_write = 1,
	.build = destroy_build,
	.check = destroy_check,
};

VCT_TYPE_MODELS(crypto) = {
	.type = 20,
	.writing = &create,
	.reading = &destroy,
	.queues = {
		{ "controlq", &create },
	},
};
