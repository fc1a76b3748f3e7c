/* SPDX-License-Identifier: MIT */
/*
 * refdev: the algorithms behind the crypto device model (refdev_crypto.c):
 * AES (FIPS-197) with CBC and GCM (SP 800-38A/D), SHA-256 (FIPS 180-4) and
 * HMAC-SHA-256 (RFC 2104), and the RSA public-key operation (raw, moduli up
 * to 1024 bits, keys as DER RSAPublicKey). Written for clarity, not speed or side-channel
 * resistance: the reference device computes what a conforming device
 * returns, so that checks can compare it with published test vectors.
 * A part of refdev.c, included by it (built on its own it is empty).
 */
#ifdef RD_TYPES_IMPL

/* ---- AES ---------------------------------------------------------------- */

struct rd_aes {
	uint8_t rk[240];
	int nr;
};

static uint8_t aes_sbox[256], aes_isbox[256];

static uint8_t aes_xtime(uint8_t x)
{
	return (uint8_t)((x << 1) ^ (x & 0x80 ? 0x1b : 0));
}

static uint8_t aes_mul(uint8_t a, uint8_t b)
{
	uint8_t r = 0;

	for (; b; b >>= 1, a = aes_xtime(a))
		if (b & 1)
			r ^= a;
	return r;
}

static void aes_tables(void)
{
	if (aes_sbox[0])
		return;
	/* S(x) = affine(x^-1): the inverse by brute force, once */
	for (unsigned int x = 0; x < 256; x++) {
		uint8_t inv = 0, s;

		for (unsigned int y = 1; x && y < 256; y++)
			if (aes_mul((uint8_t)x, (uint8_t)y) == 1)
				inv = (uint8_t)y;
		s = inv;
		for (int i = 1; i < 5; i++)
			s ^= (uint8_t)((inv << i) | (inv >> (8 - i)));
		aes_sbox[x] = s ^ 0x63;
		aes_isbox[aes_sbox[x]] = (uint8_t)x;
	}
}

/* @klen 16, 24 or 32 bytes. */
static void aes_setkey(struct rd_aes *a, const uint8_t *key, unsigned int klen)
{
	unsigned int nk = klen / 4, total;
	uint8_t rcon = 1;

	aes_tables();
	a->nr = (int)nk + 6;
	total = 4 * ((unsigned int)a->nr + 1);
	memcpy(a->rk, key, klen);
	for (unsigned int i = nk; i < total; i++) {
		uint8_t t[4];

		memcpy(t, a->rk + 4 * (i - 1), 4);
		if (i % nk == 0) {
			uint8_t u = t[0];

			t[0] = aes_sbox[t[1]] ^ rcon;
			t[1] = aes_sbox[t[2]];
			t[2] = aes_sbox[t[3]];
			t[3] = aes_sbox[u];
			rcon = aes_xtime(rcon);
		} else if (nk > 6 && i % nk == 4) {
			for (int j = 0; j < 4; j++)
				t[j] = aes_sbox[t[j]];
		}
		for (int j = 0; j < 4; j++)
			a->rk[4 * i + j] = a->rk[4 * (i - nk) + j] ^ t[j];
	}
}

static void aes_encrypt(const struct rd_aes *a, const uint8_t in[16], uint8_t out[16])
{
	uint8_t s[16], t[16];

	for (int i = 0; i < 16; i++)
		s[i] = in[i] ^ a->rk[i];
	for (int r = 1; r <= a->nr; r++) {
		for (int i = 0; i < 16; i++)	/* SubBytes and ShiftRows (s[row + 4 col]) */
			t[i] = aes_sbox[s[(i % 4) + 4 * (((i / 4) + (i % 4)) % 4)]];
		for (int c = 0; c < 4 && r < a->nr; c++) {	/* MixColumns */
			uint8_t *p = t + 4 * c, a0 = p[0], a1 = p[1], a2 = p[2], a3 = p[3];

			p[0] = aes_xtime(a0) ^ aes_xtime(a1) ^ a1 ^ a2 ^ a3;
			p[1] = a0 ^ aes_xtime(a1) ^ aes_xtime(a2) ^ a2 ^ a3;
			p[2] = a0 ^ a1 ^ aes_xtime(a2) ^ aes_xtime(a3) ^ a3;
			p[3] = aes_xtime(a0) ^ a0 ^ a1 ^ a2 ^ aes_xtime(a3);
		}
		for (int i = 0; i < 16; i++)
			s[i] = t[i] ^ a->rk[16 * r + i];
	}
	memcpy(out, s, 16);
}

static void aes_decrypt(const struct rd_aes *a, const uint8_t in[16], uint8_t out[16])
{
	uint8_t s[16], t[16];

	for (int i = 0; i < 16; i++)
		s[i] = in[i] ^ a->rk[16 * a->nr + i];
	for (int r = a->nr - 1; r >= 0; r--) {
		for (int i = 0; i < 16; i++)	/* InvShiftRows and InvSubBytes */
			t[(i % 4) + 4 * (((i / 4) + (i % 4)) % 4)] = aes_isbox[s[i]];
		for (int i = 0; i < 16; i++)
			t[i] ^= a->rk[16 * r + i];
		for (int c = 0; c < 4 && r > 0; c++) {	/* InvMixColumns */
			uint8_t *p = t + 4 * c, a0 = p[0], a1 = p[1], a2 = p[2], a3 = p[3];

			p[0] = aes_mul(a0, 14) ^ aes_mul(a1, 11) ^ aes_mul(a2, 13) ^ aes_mul(a3, 9);
			p[1] = aes_mul(a0, 9) ^ aes_mul(a1, 14) ^ aes_mul(a2, 11) ^ aes_mul(a3, 13);
			p[2] = aes_mul(a0, 13) ^ aes_mul(a1, 9) ^ aes_mul(a2, 14) ^ aes_mul(a3, 11);
			p[3] = aes_mul(a0, 11) ^ aes_mul(a1, 13) ^ aes_mul(a2, 9) ^ aes_mul(a3, 14);
		}
		memcpy(s, t, 16);
	}
	memcpy(out, s, 16);
}

/* CBC over @len bytes (a multiple of 16); @iv is 16 bytes. */
static void aes_cbc(const struct rd_aes *a, bool enc, const uint8_t iv[16], const uint8_t *in, uint8_t *out,
		    size_t len)
{
	uint8_t chain[16], blk[16];

	memcpy(chain, iv, 16);
	for (size_t off = 0; off + 16 <= len; off += 16) {
		if (enc) {
			for (int i = 0; i < 16; i++)
				blk[i] = in[off + i] ^ chain[i];
			aes_encrypt(a, blk, out + off);
			memcpy(chain, out + off, 16);
		} else {
			memcpy(blk, in + off, 16);
			aes_decrypt(a, blk, out + off);
			for (int i = 0; i < 16; i++)
				out[off + i] ^= chain[i];
			memcpy(chain, blk, 16);
		}
	}
}

/* ---- GCM (96-bit IV) ---------------------------------------------------- */

static void gcm_mul(uint8_t x[16], const uint8_t h[16])
{
	uint8_t z[16] = { 0 }, v[16];

	memcpy(v, h, 16);
	for (int i = 0; i < 128; i++) {
		int lsb = v[15] & 1;

		if ((x[i / 8] >> (7 - i % 8)) & 1)
			for (int j = 0; j < 16; j++)
				z[j] ^= v[j];
		for (int j = 15; j > 0; j--)
			v[j] = (uint8_t)((v[j] >> 1) | (v[j - 1] << 7));
		v[0] >>= 1;
		if (lsb)
			v[0] ^= 0xe1;
	}
	memcpy(x, z, 16);
}

static void gcm_ghash(uint8_t x[16], const uint8_t h[16], const uint8_t *p, size_t len)
{
	for (size_t off = 0; off < len; off += 16) {
		for (size_t i = 0; i < 16 && off + i < len; i++)
			x[i] ^= p[off + i];
		gcm_mul(x, h);
	}
}

/*
 * AES-GCM with a 12-byte IV: @in (@len bytes) to @out, and the 16-byte tag
 * over @aad and the ciphertext (@in when decrypting, @out when encrypting).
 */
static void aes_gcm(const struct rd_aes *a, bool enc, const uint8_t iv[12], const uint8_t *aad, size_t aadlen,
		    const uint8_t *in, uint8_t *out, size_t len, uint8_t tag[16])
{
	uint8_t h[16] = { 0 }, j0[16], ctr[16], ks[16], x[16] = { 0 }, lens[16];

	aes_encrypt(a, h, h);
	memcpy(j0, iv, 12);
	put32(j0 + 12, 0);
	j0[15] = 1;
	memcpy(ctr, j0, 16);
	if (!enc)
		gcm_ghash(x, h, aad, aadlen), gcm_ghash(x, h, in, len);
	for (size_t off = 0; off < len; off += 16) {
		uint32_t n = ((uint32_t)ctr[12] << 24 | (uint32_t)ctr[13] << 16 | (uint32_t)ctr[14] << 8 | ctr[15]) + 1;

		ctr[12] = (uint8_t)(n >> 24), ctr[13] = (uint8_t)(n >> 16), ctr[14] = (uint8_t)(n >> 8), ctr[15] = (uint8_t)n;
		aes_encrypt(a, ctr, ks);
		for (size_t i = 0; i < 16 && off + i < len; i++)
			out[off + i] = in[off + i] ^ ks[i];
	}
	if (enc)
		gcm_ghash(x, h, aad, aadlen), gcm_ghash(x, h, out, len);
	for (int i = 0; i < 8; i++) {
		lens[i] = (uint8_t)(((uint64_t)aadlen * 8) >> (56 - 8 * i));
		lens[8 + i] = (uint8_t)(((uint64_t)len * 8) >> (56 - 8 * i));
	}
	gcm_ghash(x, h, lens, 16);
	aes_encrypt(a, j0, ks);
	for (int i = 0; i < 16; i++)
		tag[i] = x[i] ^ ks[i];
}

/* ---- SHA-256 and HMAC-SHA-256 ------------------------------------------- */

struct rd_sha256 {
	uint32_t h[8];
	uint8_t buf[64];
	uint64_t len;
};

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror32(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct rd_sha256 *s, const uint8_t *p)
{
	uint32_t w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
		       (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, s->h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
			      sha256_k[i] + w[i];
		uint32_t t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
			      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));

		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256_init(struct rd_sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
}

static void sha256_update(struct rd_sha256 *s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->buf[s->len++ % 64] = p[i];
		if (s->len % 64 == 0)
			sha256_block(s, s->buf);
	}
}

static void sha256_final(struct rd_sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->len * 8;
	uint8_t pad = 0x80, z = 0, l[8];

	sha256_update(s, &pad, 1);
	while (s->len % 64 != 56)
		sha256_update(s, &z, 1);
	for (int i = 0; i < 8; i++)
		l[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, l, 8);
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(s->h[i] >> (24 - 8 * j));
}

static void sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	struct rd_sha256 s;

	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, out);
}

static void hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *p, size_t n, uint8_t out[32])
{
	uint8_t k[64] = { 0 }, pad[64], inner[32];
	struct rd_sha256 s;

	if (klen > 64)
		sha256(key, klen, k);
	else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&s);
	sha256_update(&s, pad, 64);
	sha256_update(&s, p, n);
	sha256_final(&s, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&s);
	sha256_update(&s, pad, 64);
	sha256_update(&s, inner, 32);
	sha256_final(&s, out);
}

/* ---- RSA (public key, raw) ---------------------------------------------- */

#define RSA_LIMBS 32	/* 1024-bit moduli */

/* Big-endian bytes to @nl little-endian 32-bit limbs (the bytes must fit). */
static void bn_from_be(uint32_t *w, size_t nl, const uint8_t *p, size_t len)
{
	memset(w, 0, nl * sizeof(*w));
	for (size_t i = 0; i < len && i / 4 < nl; i++)
		w[i / 4] |= (uint32_t)p[len - 1 - i] << (8 * (i % 4));
}

static void bn_to_be(uint8_t *p, size_t len, const uint32_t *w, size_t nl)
{
	for (size_t i = 0; i < len; i++)
		p[len - 1 - i] = i / 4 < nl ? (uint8_t)(w[i / 4] >> (8 * (i % 4))) : 0;
}

static int bn_cmp(const uint32_t *a, const uint32_t *b, size_t nl)
{
	for (size_t i = nl; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* r = a * b mod n, all of @nl limbs (a, b < n). */
static void bn_mulmod(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *n, size_t nl)
{
	uint32_t prod[2 * RSA_LIMBS] = { 0 }, rem[RSA_LIMBS + 1] = { 0 }, nn[RSA_LIMBS + 1] = { 0 };

	for (size_t i = 0; i < nl; i++) {
		uint64_t carry = 0;

		for (size_t j = 0; j < nl; j++) {
			uint64_t t = (uint64_t)a[i] * b[j] + prod[i + j] + carry;

			prod[i + j] = (uint32_t)t;
			carry = t >> 32;
		}
		prod[i + nl] = (uint32_t)carry;
	}
	memcpy(nn, n, nl * sizeof(*n));
	for (size_t bit = 64 * nl; bit-- > 0;) {	/* long division, one bit at a time */
		for (size_t k = nl + 1; k-- > 1;)
			rem[k] = rem[k] << 1 | rem[k - 1] >> 31;
		rem[0] = rem[0] << 1 | ((prod[bit / 32] >> (bit % 32)) & 1);
		if (bn_cmp(rem, nn, nl + 1) >= 0) {
			uint64_t borrow = 0;

			for (size_t k = 0; k <= nl; k++) {
				uint64_t t = (uint64_t)rem[k] - nn[k] - borrow;

				rem[k] = (uint32_t)t;
				borrow = (t >> 32) & 1;
			}
		}
	}
	memcpy(r, rem, nl * sizeof(*r));
}

/* One DER TLV at @p (@len bytes): the value's offset and length; -1 when malformed. */
static int der_tlv(const uint8_t *p, size_t len, uint8_t tag, size_t *off, size_t *vlen)
{
	size_t i = 2, l;

	if (len < 2 || p[0] != tag)
		return -1;
	l = p[1];
	if (l & 0x80) {
		unsigned int nb = l & 0x7f;

		if (!nb || nb > 2 || len < 2 + nb)
			return -1;
		l = 0;
		for (unsigned int k = 0; k < nb; k++)
			l = l << 8 | p[2 + k];
		i += nb;
	}
	if (l > len - i)
		return -1;
	*off = i;
	*vlen = l;
	return 0;
}

struct rd_rsa {
	uint32_t n[RSA_LIMBS], e[RSA_LIMBS];
	size_t nl, nbytes;
};

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }; -1 when malformed or too large. */
static int rsa_parse_public(struct rd_rsa *k, const uint8_t *der, size_t len)
{
	size_t so, sl, no, nlen, eo, elen;
	const uint8_t *s, *nb;

	if (der_tlv(der, len, 0x30, &so, &sl))
		return -1;
	s = der + so;
	if (der_tlv(s, sl, 0x02, &no, &nlen))
		return -1;
	nb = s + no;
	while (nlen > 1 && !nb[0])
		nb++, nlen--;
	if (nlen > 4 * RSA_LIMBS || nlen < 8 || der_tlv(s + no + (nb - (s + no)) + nlen, sl - (size_t)(nb - s) - nlen,
							 0x02, &eo, &elen) || elen > 4 * RSA_LIMBS)
		return -1;
	k->nbytes = nlen;
	k->nl = (nlen + 3) / 4;
	bn_from_be(k->n, RSA_LIMBS, nb, nlen);
	bn_from_be(k->e, RSA_LIMBS, nb + nlen + eo, elen);
	return 0;
}

/* out (nbytes) = in^e mod n for @in of at most nbytes (big-endian); -1 when in >= n. */
static int rsa_public(const struct rd_rsa *k, const uint8_t *in, size_t inlen, uint8_t *out)
{
	uint32_t m[RSA_LIMBS], r[RSA_LIMBS] = { 1 };
	int top = 32 * RSA_LIMBS - 1;

	if (inlen > k->nbytes)
		return -1;
	bn_from_be(m, RSA_LIMBS, in, inlen);
	if (bn_cmp(m, k->n, RSA_LIMBS) >= 0)
		return -1;
	while (top >= 0 && !((k->e[top / 32] >> (top % 32)) & 1))
		top--;
	for (int bit = top; bit >= 0; bit--) {
		bn_mulmod(r, r, r, k->n, k->nl);
		if ((k->e[bit / 32] >> (bit % 32)) & 1)
			bn_mulmod(r, r, m, k->n, k->nl);
	}
	bn_to_be(out, k->nbytes, r, k->nl);
	return 0;
}

#endif
