/* SPDX-License-Identifier: MIT */
/* Every driven device type's request models, and what a check's needs get from them. */
#include <stdio.h>

#include "types.h"

/* Every models file's VCT_TYPE_MODELS, listed by the build (build/gen/models_list.c). */
extern const struct vct_type_models *const vct_models_all[];
extern const unsigned int vct_models_n;

const struct vct_type_models *vct_models_of(uint16_t type)
{
	for (unsigned int i = 0; i < vct_models_n; i++)
		if (vct_models_all[i]->type == type)
			return vct_models_all[i];
	return NULL;
}

static const struct vct_req_model *usable(const struct vct_req_model *m, const char *none, char *why, size_t n)
{
	if (!m) {
		snprintf(why, n, "%s", none ? none : "spec: no such request");
		return NULL;
	}
	if (m->provoke == VCT_PROVOKE_HOST) {
		snprintf(why, n, "host action: %s (%s)", m->host_event, m->what);
		return NULL;
	}
	return m;
}

const struct vct_req_model *vct_req_model_for(uint16_t type, unsigned int need, char *why, size_t n)
{
	const struct vct_type_models *tm = vct_models_of(type);
	const struct vct_req_model *m;

	if (!tm) {
		if (!vct_devtype(type))
			snprintf(why, n, "spec: device id %u is not one the spec defines, so no request of its type is known",
				 type);
		else
			snprintf(why, n, "device: vct has no request model for %s devices yet (a vct gap, not a verdict)",
				 vct_type_name(type));
		return NULL;
	}
	switch (need) {
	case VCT_NEED_WRITING:
		return usable(tm->writing, tm->no_writing, why, n);
	case VCT_NEED_READING:
		return usable(tm->reading, tm->no_reading, why, n);
	default:
		/* One the device completes without a second request: writing first, as the checks always did. */
		if (tm->writing && tm->writing->provoke == VCT_PROVOKE_SELF)
			return tm->writing;
		if (tm->reading && tm->reading->provoke == VCT_PROVOKE_SELF)
			return tm->reading;
		if ((m = usable(tm->writing, tm->no_writing, why, n)))
			return m;
		return usable(tm->reading, tm->no_reading, why, n);
	}
}

bool vct_req_need_met(uint16_t type, unsigned int needs, char *why, size_t n)
{
	for (unsigned int bit = 1; bit <= VCT_NEED_REQUEST; bit <<= 1)
		if ((needs & bit) && !vct_req_model_for(type, bit, why, n))
			return false;
	return true;
}
