/* SPDX-License-Identifier: MIT */
/*
 * Traditional memory balloon (id 5): what the device does with the
 * statistics it receives (seen through its host: query stats), free page
 * hinting rounds (started, stopped and ended by the host, as a migration
 * does: host action config-change free-page-hint=start|stop|done) and free
 * page reporting with page poisoning.
 */
#include <stdlib.h>
#include <string.h>

#include "types/types.h"

#define ID_BALLOON 5
#define F_STATS_VQ 1
#define F_FREE_PAGE_HINT 3
#define F_PAGE_POISON 4
#define F_PAGE_REPORTING 5
#define CMD_ID_STOP 0
#define CMD_ID_DONE 1
#define NSTATS 10		/* tags 0-9 are defined */
#define PAGE 4096
#define POISON 0xa5a5a5a5u

/* What the host shows for each statistic tag (QEMU's guest-stats names). */
static const char *const stat_names[NSTATS] = {
	"stat-swap-in", "stat-swap-out", "stat-major-faults", "stat-minor-faults", "stat-free-memory",
	"stat-total-memory", "stat-available-memory", "stat-disk-caches", "stat-htlb-pgalloc", "stat-htlb-pgfail",
};

/* Bring up with the defaults plus @bits (each required offered), queues as they then lay out. */
static void bring(struct vct_ctx *c, struct vct_bringup *b, unsigned int bits)
{
	for (unsigned int bit = 0; bit < 8; bit++)
		if ((bits >> bit) & 1)
			vct_c_need_feature(c, bit);
	vct_dev_default_features(c->vd, b->features);
	b->features[0] |= bits;
	b->features_set = true;
	b->nq = vct_devtype_nqueues(c->vd, b->features, VCT_MAX_QUEUES);
	vct_c_bringup(c, b);
}

static struct vct_vq *queue_named(struct vct_ctx *c, struct vct_bringup *b, const char *name)
{
	int q = vct_devtype_queue_index(c->vd, b->features, name);

	if (q < 0 || (unsigned int)q >= b->nq || !b->vq[q])
		vct_skip(c, "device: no %s with the negotiated features", name);
	return b->vq[q];
}

/* One driver buffer (device-readable, or device-writable when @write) on @vq, waited for; its memory. */
static uint8_t *buffer_round(struct vct_ctx *c, struct vct_vq *vq, const void *data, size_t len, bool write)
{
	struct vct_dma_buf *d = vct_c_dma(c, len);
	struct vct_sg sg = { .iova = d->iova, .len = (uint32_t)len, .write = write };
	uint32_t used = 0;
	int head;

	memcpy(d->va, data, len);
	head = vct_vq_add(vq, &sg, 1, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a %zu-byte buffer", len);
	vct_vq_notify(vq);
	vct_c_wait_used(c, vq, (uint16_t)head, &used);
	return d->va;
}

/* ---- statistics --------------------------------------------------------- */

/* The value the host shows for @tag in a stats query answer; false when it shows none. */
static bool stat_shown(const char *json, unsigned int tag, uint64_t *v)
{
	char key[40];
	const char *p;

	snprintf(key, sizeof(key), "\"%s\"", stat_names[tag]);
	p = strstr(json, key);
	if (!p || !(p = strchr(p + strlen(key), ':')))
		return false;
	*v = strtoull(p + 1, NULL, 10);
	return true;
}

struct stat_ent {
	uint16_t tag;
	uint64_t val;
};

/*
 * Give the device one statistics buffer with @n entries and wait, asking
 * the host, until it shows the value of entry @anchor; then wait for the
 * device to hand the buffer back (its next request), so the driver never
 * has two buffers out. @json keeps the host's last answer; false when the
 * anchor never showed.
 */
static bool stats_round(struct vct_ctx *c, struct vct_vq *vq, const struct stat_ent *e, unsigned int n,
			unsigned int anchor, char *json, size_t jlen)
{
	struct vct_dma_buf *d = vct_c_dma(c, 10 * n);
	struct vct_sg sg = { .iova = d->iova, .len = 10 * n, .write = false };
	uint64_t deadline = vct_now_ms() + (uint64_t)c->timeout_ms, v;
	bool seen = false;
	struct vct_used_err err = { 0 };
	uint32_t used = 0;
	uint16_t uid;
	void *tok;
	int head;

	for (unsigned int i = 0; i < n; i++) {
		vct_put16((uint8_t *)d->va + 10 * i, e[i].tag);
		vct_put64((uint8_t *)d->va + 10 * i + 2, e[i].val);
	}
	head = vct_vq_add(vq, &sg, 1, NULL, 0);
	if (head < 0)
		vct_abort(c, "cannot post a statistics buffer");
	vct_vq_notify(vq);
	do {
		vct_c_host(c, VCT_HA_QUERY, "stats", json, jlen);
		seen = stat_shown(json, e[anchor].tag, &v) && v == e[anchor].val;
		if (!seen)
			usleep(100000);
	} while (!seen && vct_now_ms() < deadline);
	if (!seen)
		return false;
	/* The device uses the buffer when it wants new statistics (QEMU: the host's polling interval). */
	if (vct_vq_wait_used(vq, c->timeout_ms, &uid, &used, &tok, &err) != 1)
		vct_skip(c, "device: the statistics buffer did not come back within %d ms; the driver may not offer another",
			 c->timeout_ms);
	(void)head;
	return true;
}

/*
 * The statistics the host shows from this device: every defined tag, each
 * with its own value; the tags it shows go into @shown. The first of them
 * anchors the round.
 */
static unsigned int stats_supported(struct vct_ctx *c, struct vct_vq *vq, uint16_t *shown, uint64_t base)
{
	struct stat_ent e[NSTATS];
	char json[2048];
	unsigned int n = 0;
	uint64_t v;

	for (unsigned int t = 0; t < NSTATS; t++)
		e[t] = (struct stat_ent){ (uint16_t)t, base + t };
	if (!stats_round(c, vq, e, NSTATS, 4, json, sizeof(json)))
		vct_skip(c, "device: the host never showed the statistics vct supplied (stat-free-memory): nothing to judge");
	for (unsigned int t = 0; t < NSTATS; t++)
		if (stat_shown(json, t, &v) && v == base + t)
			shown[n++] = (uint16_t)t;
	if (n < 2)
		vct_skip(c, "device: its host shows %u of the statistics vct supplied; the check needs two", n);
	return n;
}

static uint64_t stats_base(void)
{
	return (vct_now_ms() & 0xfffff) << 20;	/* distinct from what an earlier run left */
}

/*
 * D-06c739e8: entries with tags the device does not know are ignored, so
 * a known statistic after them still reaches the host.
 */
static void stats_unknown_ignored(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	uint16_t shown[NSTATS];
	uint64_t base = stats_base(), v = 0;
	struct stat_ent e[4];
	char json[2048];
	struct vct_vq *vq;
	bool got;

	bring(c, &b, 1u << F_STATS_VQ);
	vq = queue_named(c, &b, "statsq");
	stats_supported(c, vq, shown, base);
	e[0] = (struct stat_ent){ shown[0], base + 100 };
	e[1] = (struct stat_ent){ 0x7fff, 0x1111 };
	e[2] = (struct stat_ent){ NSTATS, 0x2222 };	/* the first tag the spec leaves undefined */
	e[3] = (struct stat_ent){ shown[1], base + 101 };
	if (!stats_round(c, vq, e, 4, 0, json, sizeof(json)))
		vct_skip(c, "device: the host never showed the second statistics buffer");
	got = stat_shown(json, shown[1], &v);
	vct_report(c, got && v == base + 101, "statistic after two entries with unknown tags (0x7fff, 10)",
		   "shown to the host with the value supplied", "%s: %s%llu, supplied %llu", stat_names[shown[1]],
		   got ? "" : "absent ", (unsigned long long)v, (unsigned long long)(base + 101));
}

/* D-d93314f3: entries in any tag order: supplied in descending order, every one reaches the host. */
static void stats_any_order(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	uint16_t shown[NSTATS];
	uint64_t base = stats_base();
	struct stat_ent e[NSTATS] = { { 0, 0 } };
	char json[2048];
	struct vct_vq *vq;
	unsigned int n;

	bring(c, &b, 1u << F_STATS_VQ);
	vq = queue_named(c, &b, "statsq");
	n = stats_supported(c, vq, shown, base);
	for (unsigned int i = 0; i < n; i++)
		e[i] = (struct stat_ent){ shown[n - 1 - i], base + 200 + shown[n - 1 - i] };
	if (!stats_round(c, vq, e, n, 0, json, sizeof(json)))
		vct_skip(c, "device: the host never showed the second statistics buffer");
	for (unsigned int i = 1; i < n; i++) {
		uint64_t v = 0;
		bool got = stat_shown(json, e[i].tag, &v);

		vct_report(c, got && v == e[i].val, "statistics supplied in descending tag order",
			   "each shown to the host with its value", "%s: %s%llu, supplied %llu", stat_names[e[i].tag],
			   got ? "" : "absent ", (unsigned long long)v, (unsigned long long)e[i].val);
	}
}

/* ---- free page hinting -------------------------------------------------- */

static uint32_t cmd_id(struct vct_ctx *c)
{
	return (uint32_t)vct_req_cfg(c, "free_page_hint_cmd_id");
}

/* Ask the host for a hinting step and wait (bounded) until cmd_id satisfies @want (-1: a new id, >= 2). */
static uint32_t hint_host(struct vct_ctx *c, const char *step, int64_t want)
{
	char p[40];
	uint64_t deadline;
	uint32_t id;

	snprintf(p, sizeof(p), "free-page-hint=%s", step);
	vct_c_host(c, VCT_HA_CONFIG_CHANGE, p, NULL, 0);
	deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	do {
		id = cmd_id(c);
		if (want < 0 ? id > CMD_ID_DONE : id == (uint32_t)want)
			break;
		usleep(10000);
	} while (vct_now_ms() < deadline);
	return id;
}

/* A hinting round under way: bring-up with FREE_PAGE_HINT, the host starts a round; its id. */
static uint32_t hint_begin(struct vct_ctx *c, struct vct_bringup *b, struct vct_vq **vq)
{
	uint32_t id;

	bring(c, b, 1u << F_STATS_VQ | 1u << F_FREE_PAGE_HINT);
	*vq = queue_named(c, b, "free_page_vq");
	id = hint_host(c, "start", -1);
	if (id <= CMD_ID_DONE)
		vct_skip(c, "device: free_page_hint_cmd_id stayed %u after the host started a hinting round", id);
	return id;
}

/* The driver's command id buffer, then one free page filled with @fill; the page. */
static uint8_t *hint_page(struct vct_ctx *c, struct vct_vq *vq, uint32_t id, uint8_t fill)
{
	uint8_t le[4], page[PAGE];

	vct_put32(le, id);
	buffer_round(c, vq, le, 4, false);
	memset(page, fill, sizeof(page));
	return buffer_round(c, vq, page, PAGE, true);
}

static void hint_stop(struct vct_ctx *c, struct vct_vq *vq)
{
	uint8_t le[4];

	vct_put32(le, CMD_ID_STOP);
	buffer_round(c, vq, le, 4, false);
}

/* Offset of the first byte of @p that is not @v, -1 when none. */
static long first_not(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return (long)i;
	return -1;
}

/* D-86938b8c: pages hinted under a command id other than the current one are ignored (left as they are). */
static void hint_wrong_id_ignored(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_vq *vq;
	uint32_t id = hint_begin(c, &b, &vq);
	uint8_t *page = hint_page(c, vq, id + 0x100, 0x3c);
	long at = first_not(page, PAGE, 0x3c);

	vct_report(c, at < 0, "page hinted under a command id that is not the current one",
		   "ignored: its contents unchanged", "byte %ld is 0x%02x (was 0x3c; current id %u, hinted as %u)", at,
		   at < 0 ? 0 : page[at], id, id + 0x100);
	hint_stop(c, vq);
}

/* D-02723610: a command id is not handed out again until the driver sent STOP for it. */
static void hint_id_not_reused(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_vq *vq;
	uint32_t a = hint_begin(c, &b, &vq), n;

	hint_page(c, vq, a, 0x11);	/* hinting under a, and no STOP from the driver */
	hint_host(c, "stop", CMD_ID_STOP);
	n = hint_host(c, "start", -1);
	if (n <= CMD_ID_DONE)
		vct_skip(c, "device: free_page_hint_cmd_id stayed %u after the host started a second round", n);
	vct_report(c, n != a, "command id of a second hinting round, no STOP received for the first",
		   "not the first round's id", "%u again", n);
	hint_stop(c, vq);
}

/* D-acd04b6f: once the host no longer needs the hinted pages, cmd_id reads DONE. */
static void hint_done_reported(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_vq *vq;
	uint32_t id = hint_begin(c, &b, &vq);

	hint_page(c, vq, id, 0x22);
	hint_stop(c, vq);
	id = hint_host(c, "done", CMD_ID_DONE);
	vct_report(c, id == CMD_ID_DONE, "free_page_hint_cmd_id after the host no longer needs the hinted pages",
		   "VIRTIO_BALLOON_CMD_ID_DONE (1)", "%u", id);
}

/* D-5bee7f76: after DONE, a previously hinted page the driver writes keeps what it wrote. */
static void hint_no_modify_after_done(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_req r;
	struct vct_vq *vq;
	uint32_t id = hint_begin(c, &b, &vq);
	uint8_t *page = hint_page(c, vq, id, 0x33);
	long at;

	hint_stop(c, vq);
	if (hint_host(c, "done", CMD_ID_DONE) != CMD_ID_DONE)
		vct_skip(c, "device: free_page_hint_cmd_id never read DONE (balloon.hint_done_reported judges that)");
	memset(page, 0x5a, PAGE);	/* the guest reuses the page */
	vct_req_reading(c, &r);		/* and the device goes on working: a deflate request */
	vct_req_round_trip(c, &b, &r, 0);
	usleep(50000);
	vct_dev_poll(c->vd);
	at = first_not(page, PAGE, 0x5a);
	vct_report(c, at < 0, "previously hinted page written by the driver after DONE", "keeps what the driver wrote",
		   "byte %ld is 0x%02x, written 0x5a", at, at < 0 ? 0 : page[at]);
}

/* D-ac93f3e5 (SHOULD): when the host stops using hints, cmd_id reads STOP. */
static void hint_stop_when_unusable(struct vct_ctx *c)
{
	struct vct_bringup b = { 0 };
	struct vct_vq *vq;
	uint32_t id = hint_begin(c, &b, &vq);

	hint_page(c, vq, id, 0x44);
	id = hint_host(c, "stop", CMD_ID_STOP);
	vct_report(c, id == CMD_ID_STOP, "free_page_hint_cmd_id after the host stopped using hints",
		   "VIRTIO_BALLOON_CMD_ID_STOP (0)", "%u", id);
	hint_stop(c, vq);
}

/* ---- free page reporting ------------------------------------------------ */

static void poison_write(struct vct_ctx *c)
{
	__vct_dev_config_write(c->vd, 12, POISON, 4);
}

/*
 * D-f69858ab: with PAGE_POISON negotiated (poison_val 0xa5a5a5a5, written
 * before DRIVER_OK), a reported page filled with poison_val holds nothing
 * else once the device acknowledged the report.
 */
static void report_keeps_poison(struct vct_ctx *c)
{
	struct vct_bringup b = { .before_driver_ok = poison_write };
	uint8_t page[PAGE], *p;
	long at;

	bring(c, &b, 1u << F_STATS_VQ | 1u << F_PAGE_POISON | 1u << F_PAGE_REPORTING);
	memset(page, 0xa5, sizeof(page));
	p = buffer_round(c, queue_named(c, &b, "reporting_vq"), page, PAGE, true);
	at = first_not(p, PAGE, 0xa5);
	vct_report(c, at < 0, "reported page after the device acknowledged the report (PAGE_POISON, poison_val 0xa5a5a5a5)",
		   "poison_val throughout", "byte %ld is 0x%02x", at, at < 0 ? 0 : p[at]);
}

static const struct vct_check checks[] = {
	VCT_CHECK("balloon.stats_unknown_ignored", "D-06c739e8", stats_unknown_ignored, .type = ID_BALLOON),
	VCT_CHECK("balloon.stats_any_order", "D-d93314f3", stats_any_order, .type = ID_BALLOON),
	VCT_CHECK("balloon.hint_id_not_reused", "D-02723610", hint_id_not_reused, .type = ID_BALLOON),
	VCT_CHECK("balloon.hint_wrong_id_ignored", "D-86938b8c", hint_wrong_id_ignored, .type = ID_BALLOON),
	VCT_CHECK("balloon.hint_no_modify_after_done", "D-5bee7f76", hint_no_modify_after_done, .type = ID_BALLOON),
	VCT_CHECK("balloon.hint_done_reported", "D-acd04b6f", hint_done_reported, .type = ID_BALLOON),
	VCT_CHECK("balloon.hint_stop_when_unusable", "D-ac93f3e5", hint_stop_when_unusable, .type = ID_BALLOON),
	VCT_CHECK("balloon.report_keeps_poison", "D-f69858ab", report_keeps_poison, .type = ID_BALLOON),
};

VCT_SUITE(vct_suite_balloon, "balloon", checks);
