/* SPDX-License-Identifier: MIT */
/*
 * `vct report`: failures grouped by probable root cause, and the quirk-sheet
 * lines built from them.
 *
 * A check's deciding evidence is the last it recorded (where it stopped).
 * When that evidence was judged by a shared driver step rather than the
 * check's own assertion (evidence "origin" "step" or "backstop"; in older
 * results, "at" outside suites/: a used-entry validation in drive.c, a queue
 * set up during bring-up), the check did not fail on its own
 * statement: it could not get past a step every check shares. Two or more
 * failures stopped at the same step (same place, same "what" and "expected")
 * are one probable cause: a device that returns one bad used entry, or
 * refuses every queue, shows it once instead of once per check.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const struct vct_json *deciding(const struct rp_check *c)
{
	return c->evidence && c->evidence->type == VCT_JARR && c->evidence->n ? c->evidence->kid[c->evidence->n - 1]
									       : NULL;
}

/* The step a failure stopped at, when it is a harness-level one; NULL otherwise. */
static const struct vct_json *harness_step(const struct rp_check *c)
{
	const struct vct_json *e = deciding(c);
	const char *at = e ? vct_json_str(e, "at") : NULL, *origin = e ? vct_json_str(e, "origin") : NULL;

	if (!rp_is_failure(c->outcome) || !at || !*at)
		return NULL;
	/* "origin" says who judged it (a shared driver "step", the "backstop", or the "check");
	 * results written before it existed are judged by where: vct's own code is not under suites/. */
	if (origin ? !strcmp(origin, "check") : !strncmp(at, "suites/", 7))
		return NULL;
	if (!vct_json_str(e, "what") || !vct_json_str(e, "expected"))
		return NULL;
	return e;
}

static bool same_step(const struct vct_json *a, const struct vct_json *b)
{
	return !strcmp(vct_json_str(a, "at"), vct_json_str(b, "at")) &&
	       !strcmp(vct_json_str(a, "what"), vct_json_str(b, "what")) &&
	       !strcmp(vct_json_str(a, "expected"), vct_json_str(b, "expected"));
}

void rp_group_causes(struct rp_result *r)
{
	for (size_t i = 0; i < r->nc; i++)
		r->c[i].cause = -1;
	for (size_t i = 0; i < r->nc; i++) {
		const struct vct_json *e = harness_step(&r->c[i]);
		struct rp_cause *cs, *k;
		size_t n = 0;

		if (!e || r->c[i].cause >= 0)
			continue;
		for (size_t j = i; j < r->nc; j++) {
			const struct vct_json *o = harness_step(&r->c[j]);

			n += o && r->c[j].cause < 0 && same_step(e, o);
		}
		if (n < 2)
			continue;
		cs = realloc(r->causes, (r->ncauses + 1) * sizeof(*cs));
		if (!cs)
			return;
		r->causes = cs;
		k = &r->causes[r->ncauses];
		*k = (struct rp_cause){ vct_json_str(e, "what"), vct_json_str(e, "expected"), vct_json_str(e, "at"),
					calloc(n, sizeof(size_t)), 0 };
		if (!k->checks)
			return;
		for (size_t j = i; j < r->nc; j++) {
			const struct vct_json *o = harness_step(&r->c[j]);

			if (o && r->c[j].cause < 0 && same_step(e, o)) {
				k->checks[k->n++] = j;
				r->c[j].cause = (int)r->ncauses;
			}
		}
		r->ncauses++;
	}
}

struct rp_quirk *rp_quirks(const struct rp_result *r, size_t *n)
{
	struct rp_quirk *q = calloc(r->nc + 1, sizeof(*q));

	*n = 0;
	if (!q)
		return NULL;
	for (size_t i = 0; i < r->nc; i++) {
		const struct rp_check *c = &r->c[i];
		struct rp_quirk *k = &q[*n];

		if (!rp_is_failure(c->outcome))
			continue;
		if (c->cause >= 0 && r->causes[c->cause].checks[0] != i)
			continue;	/* folded under its cause's first check */
		k->r = r;
		k->c = c;
		k->cause = c->cause >= 0 ? &r->causes[c->cause] : NULL;
		k->m = k->cause ? rp_mitigation_for_cause(k->cause) : NULL;
		if (!k->m)
			k->m = rp_mitigation_for(c->name, c->stmt_id);
		rp_mitigation_mask(k->m, r->type, k->mask);
		(*n)++;
	}
	return q;
}

bool rp_quirk_same(const struct rp_quirk *a, const struct rp_quirk *b)
{
	if (a->mask[0] != b->mask[0] || a->mask[1] != b->mask[1] || a->m != b->m || !a->cause != !b->cause)
		return false;
	if (a->cause)
		return !strcmp(a->cause->what, b->cause->what) && !strcmp(a->cause->expected, b->cause->expected) &&
		       !strcmp(a->cause->at, b->cause->at);
	return !strcmp(a->c->name, b->c->name) && !strcmp(a->c->stmt_id, b->c->stmt_id);
}
