/* SPDX-License-Identifier: MIT */
/*
 * Sound device (id 25): the item information the device gives about its
 * jacks, PCM streams, channel maps and control elements. Every request
 * here is a query (no stream is set up, nothing plays or records), so the
 * checks are safe on a real sound card.
 *
 * The driver's latitude: jacks, streams and channel maps are asked for all
 * at once, the query cut over two descriptors after its header and the
 * answer over two after the status; control elements one at a time (their
 * structure ends in a union whose 64-bit members make its size 92 or 96
 * bytes depending on alignment: vct gives 96 and reads only the fields
 * before the union). Every answer buffer is filled with 0xee first, so a
 * byte the device never wrote shows.
 */
#include <string.h>

#include "snd.h"

/* Control element @id's information (one query). */
static uint8_t *snd_ctl_info(struct vct_ctx *c, struct snd *s, uint32_t id)
{
	uint8_t q[16];

	vct_put32(q, R_CTL_INFO);
	vct_put32(q + 4, id);
	vct_put32(q + 8, 1);
	vct_put32(q + 12, CTL_SIZE);
	return snd_control(c, s, q, 16, 0, 4 + CTL_SIZE, 0, "information on one control element");
}

static uint32_t le32(const uint8_t *p) { return (uint32_t)vct_le_load(p, 4); }

/* Whether @n bytes at @p are all zero; the first that is not in *@bad. */
static bool zero_bytes(const uint8_t *p, unsigned int n, unsigned int *bad)
{
	for (unsigned int i = 0; i < n; i++)
		if (p[i]) {
			*bad = i;
			return false;
		}
	return true;
}

/* D-03b66b31: a jack's features hold only VIRTIO_SND_JACK_F_REMAP (bit 0). */
static void jack_features(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_JACK_INFO, s.jacks, JACK_SIZE, "jacks");
	for (uint32_t i = 0; i < s.jacks && i < MAX_ITEMS; i++) {
		uint32_t f = le32(it + i * JACK_SIZE + 4);

		vct_report(c, !(f & ~1u), "features of a jack", "only bit 0 (REMAP) defined", "jack %u: 0x%08x", i, f);
	}
}

/* The padding (@len bytes at @off) of each of @n items of @size bytes reads 0: one report per item. */
static void items_padding_zero(struct vct_ctx *c, const uint8_t *it, uint32_t n, size_t size, size_t off,
			       unsigned int len, const char *what, const char *unit)
{
	for (uint32_t i = 0; i < n && i < MAX_ITEMS; i++) {
		unsigned int b = 0;
		bool z = zero_bytes(it + i * size + off, len, &b);

		vct_report(c, z, what, "0", "%s %u: byte %u of it 0x%02x", unit, i, b, it[i * size + off + b]);
	}
}

/* D-6cc39004: a jack's padding (7 bytes after connected) reads 0. */
static void jack_padding(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_JACK_INFO, s.jacks, JACK_SIZE, "jacks");
	items_padding_zero(c, it, s.jacks, JACK_SIZE, 17, 7, "padding of a jack's information", "jack");
}

/*
 * D-16c98ce8: a stream's features (bits 0-4), formats (0-24), rates
 * (0-15) and direction (OUTPUT 0, INPUT 1) hold only defined values.
 */
static void pcm_values(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_PCM_INFO, s.streams, PCM_SIZE, "PCM streams");
	for (uint32_t i = 0; i < s.streams && i < MAX_ITEMS; i++) {
		const uint8_t *p = it + i * PCM_SIZE;
		uint32_t f = le32(p + 4);
		uint64_t fm = vct_le_load(p + 8, 8), r = vct_le_load(p + 16, 8);

		vct_report(c, !(f & ~0x1fu) && !(fm >> 25) && !(r >> 16) && p[24] <= 1,
			   "features, formats, rates and direction of a PCM stream",
			   "defined values only (features bits 0-4, formats 0-24, rates 0-15, direction 0 or 1)",
			   "stream %u: features 0x%08x, formats 0x%016llx, rates 0x%016llx, direction %u", i, f,
			   (unsigned long long)fm, (unsigned long long)r, p[24]);
	}
}

/* D-d75578a3: a stream's padding (5 bytes after channels_max) reads 0. */
static void pcm_padding(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_PCM_INFO, s.streams, PCM_SIZE, "PCM streams");
	items_padding_zero(c, it, s.streams, PCM_SIZE, 27, 5, "padding of a PCM stream's information", "stream");
}

/* D-87dda841: a channel map's direction is OUTPUT (0) or INPUT (1). */
static void chmap_direction(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_CHMAP_INFO, s.chmaps, CHMAP_SIZE, "channel maps");
	for (uint32_t i = 0; i < s.chmaps && i < MAX_ITEMS; i++)
		vct_report(c, it[i * CHMAP_SIZE + 4] <= 1, "direction of a channel map", "0 (OUTPUT) or 1 (INPUT)",
			   "map %u: %u", i, it[i * CHMAP_SIZE + 4]);
}

/* D-a455878e: a channel map's channels is at most VIRTIO_SND_CHMAP_MAX_SIZE (18). */
static void chmap_channels(struct vct_ctx *c)
{
	struct snd s;
	const uint8_t *it;

	snd_open(c, &s, false);
	it = snd_info(c, &s, R_CHMAP_INFO, s.chmaps, CHMAP_SIZE, "channel maps");
	for (uint32_t i = 0; i < s.chmaps && i < MAX_ITEMS; i++)
		vct_report(c, it[i * CHMAP_SIZE + 5] <= CHMAP_MAX, "channels of a channel map", "at most 18",
			   "map %u: %u", i, it[i * CHMAP_SIZE + 5]);
}

/* The control elements vct looks at (SKIP without CTLS or without elements). */
static uint32_t ctl_count(struct vct_ctx *c, struct snd *s)
{
	snd_open(c, s, true);
	if (!s->controls)
		vct_skip(c, "device: it has no control elements (controls 0)");
	return s->controls > MAX_ITEMS ? MAX_ITEMS : s->controls;
}

/*
 * D-a147d6cc: an element's role is UNDEFINED (0) or a direction bit over
 * VOLUME, MUTE or GAIN (2-7), its type 0-5 (BOOLEAN ... IEC958), its access
 * bits 0-6 only.
 */
static void ctl_values(struct vct_ctx *c)
{
	struct snd s;
	uint32_t n = ctl_count(c, &s);

	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = snd_ctl_info(c, &s, i);
		uint32_t role = le32(p + 4), type = le32(p + 8), access = le32(p + 12);

		vct_report(c, (role == 0 || (role >= 2 && role <= 7)) && type <= 5 && !(access & ~0x7fu),
			   "role, type and access of a control element",
			   "role 0 or 2-7, type 0-5, access bits 0-6 only", "element %u: role %u, type %u, access 0x%08x",
			   i, role, type, access);
	}
}

/* D-fb794c7f: an element's count is not 0 and at most its type's limit (128, 128, 64, 128, 512, 1). */
static void ctl_count_range(struct vct_ctx *c)
{
	static const uint32_t max[] = { 128, 128, 64, 128, 512, 1 };
	struct snd s;
	uint32_t n = ctl_count(c, &s), tried = 0;

	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = snd_ctl_info(c, &s, i);
		uint32_t type = le32(p + 8), cnt = le32(p + 16);

		if (type > 5)
			continue;	/* an undefined type has no limit: ctl_values' failure */
		vct_report(c, cnt && cnt <= max[type], "count of a control element", "1 to its type's limit",
			   "element %u: count %u, type %u (limit %u)", i, cnt, type, max[type]);
		tried++;
	}
	if (!tried)
		vct_skip(c, "device: no element has a defined type (ctl_values fails it)");
}

/* Whether @p (@n bytes) holds a non-empty 0-terminated ASCII string. */
static bool ascii_string(const uint8_t *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && p[i]; i++)
		if (p[i] > 0x7f)
			return false;
	return i > 0 && i < n;
}

/*
 * value.enumerated.items of an element's information: at 68 if the
 * structure is packed (92 bytes), at 72 if its union is 8-aligned (96, as
 * Linux's header has it). Of the two candidates that are plausible (1 to
 * MAX_ENUM, not the 0xee filler) the smaller: never more items than the
 * device has, so no unwritten item is read as the device's.
 */
static uint32_t enum_items(const uint8_t *p)
{
	uint32_t a = le32(p + 68), b = le32(p + 72), n = 0;

	if (a && a <= MAX_ENUM)
		n = a;
	if (b && b <= MAX_ENUM && (!n || b < n))
		n = b;
	return n;
}

/*
 * D-8dda7cf1: an element's name, and each item of an ENUMERATED element
 * (CTL_ENUM_ITEMS), is a non-empty 0-terminated ASCII string.
 */
static void ctl_strings(struct vct_ctx *c)
{
	struct snd s;
	uint32_t n = ctl_count(c, &s);

	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = snd_ctl_info(c, &s, i);
		uint32_t type = le32(p + 8), items = enum_items(p);
		uint8_t q[8];
		const uint8_t *e;

		vct_report(c, ascii_string(p + 24, 44), "name of a control element", "non-empty 0-terminated ASCII",
			   "element %u: %02x %02x %02x %02x ... byte 43 %02x", i, p[24], p[25], p[26], p[27], p[67]);
		if (type != 3 || !items)
			continue;
		if (items > MAX_ENUM)
			items = MAX_ENUM;
		vct_put32(q, R_CTL_ENUM_ITEMS);
		vct_put32(q + 4, i);
		e = snd_control(c, &s, q, 8, 0, 4 + items * 64, 0, "the items of an enumerated element");
		for (uint32_t k = 0; k < items; k++)
			vct_report(c, ascii_string(e + k * 64, 64), "item of an enumerated control element",
				   "non-empty 0-terminated ASCII", "element %u item %u: %02x %02x %02x %02x ... byte 63 %02x",
				   i, k, e[k * 64], e[k * 64 + 1], e[k * 64 + 2], e[k * 64 + 3], e[k * 64 + 63]);
	}
}

/* D-8323136b: no two elements share (name, index). */
static void ctl_unique(struct vct_ctx *c)
{
	static uint8_t names[MAX_ITEMS][44];
	static uint32_t idx[MAX_ITEMS];
	struct snd s;
	uint32_t n = ctl_count(c, &s);

	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = snd_ctl_info(c, &s, i);

		memcpy(names[i], p + 24, 44);
		idx[i] = le32(p + 20);
		for (uint32_t k = 0; k < i; k++)
			vct_report(c, idx[k] != idx[i] || strncmp((const char *)names[k], (const char *)names[i], 44),
				   "(name, index) of two control elements", "different",
				   "elements %u and %u: both \"%.44s\", index %u", k, i, (const char *)names[i], idx[i]);
	}
}

static const struct vct_check checks[] = {
	VCT_CHECK("sound.jack_features", "D-03b66b31", jack_features, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.jack_padding", "D-6cc39004", jack_padding, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.pcm_values", "D-16c98ce8", pcm_values, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.pcm_padding", "D-d75578a3", pcm_padding, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.chmap_direction", "D-87dda841", chmap_direction, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.chmap_channels", "D-a455878e", chmap_channels, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.ctl_values", "D-a147d6cc", ctl_values, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.ctl_count", "D-fb794c7f", ctl_count_range, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.ctl_strings", "D-8dda7cf1", ctl_strings, .type = VCT_ID_SOUND),
	VCT_CHECK("sound.ctl_unique", "D-8323136b", ctl_unique, .type = VCT_ID_SOUND),
};

VCT_SUITE(vct_suite_sound, "sound", checks);
