/* SPDX-License-Identifier: MIT */
/*
 * Network device: the flow filter (Device Operation / Flow filter). Its
 * capabilities (0x800 resource limits, 0x801 selectors, 0x802 actions) and
 * resource objects (0x200 groups, 0x201 classifiers, 0x202 rules) live in
 * the self group of the device's administration queue; there is no feature
 * bit, so a device "supports flow filter operations" when it lists one of
 * the capabilities (none listed: SKIP "not offered:").
 *
 * Frames: the rules vct makes match on the Ethernet destination address
 * only (a classifier of one ETH selector), and the frames they see are the
 * answers to ARP requests for 10.0.2.2 sent from that address (netdev.h),
 * with promiscuous mode on so that any destination is received. Without a
 * flow filter rule a frame sent on transmitq1 comes back on receiveq1
 * (automatic steering); rules send theirs to receiveq2 or drop them, so a
 * check sees which rule, group or stage decided by where (or whether) the
 * answer arrives.
 *
 * The chapter calls last_rule_priority both the highest priority a rule can
 * have and a value a rule's priority must stay below; vct only uses
 * priorities below it, and tests refusal with one above it.
 */
#include <string.h>

#include "netadm.h"

#define FF_CAP_RESOURCE 0x800
#define FF_CAP_SELECTOR 0x801
#define FF_CAP_ACTION 0x802
#define FF_OBJ_GROUP 0x200
#define FF_OBJ_CLASSIFIER 0x201
#define FF_OBJ_RULE 0x202
#define FF_SEL_ETH 1
#define FF_SEL_IPV4 2
#define FF_PARTIAL 1
#define FF_ACT_DROP 1
#define FF_ACT_DIRECT 2
#define FF_SEL_MAX 16

struct ff {
	struct vct_net n;
	struct vct_admin a;
	uint64_t self_ops;
	/* VIRTIO_NET_FF_RESOURCE_CAP as the device gave it (vct sets the same) */
	uint32_t groups, classifiers, rules, rules_per_group;
	uint8_t last_prio, sel_per_cls;
	uint8_t res[20];
	/* VIRTIO_NET_FF_SELECTOR_CAP and VIRTIO_NET_FF_ACTION_CAP, raw, and where each selector starts */
	uint8_t selcap[1024], actcap[264];
	uint32_t selcap_len, actcap_len;
	uint32_t sel_off[FF_SEL_MAX];
	unsigned int nsel;
	bool drop, direct;	/* actions offered */
};

static const char *const obj_names[] = { "group", "classifier", "rule" };

/* A locally administered unicast address, one per @i: the destination rules match on. */
static void ff_addr(uint8_t *a, unsigned int i)
{
	memcpy(a, (uint8_t[]){ 0x02, 0x76, 0x63, 0x74, 0xf0, (uint8_t)i }, 6);
}

static void cap_list(struct vct_ctx *c, struct ff *f, struct vct_admin_cmd *cmd)
{
	char d[128];

	vct_admin_cmd_init(cmd, VCT_ADMIN_CAP_ID_LIST_QUERY, VCT_ADMIN_GROUP_SELF, 0);
	vct_c_admin_exec(c, &f->a, cmd);
	if (cmd->status != VCT_ADMIN_S_OK)
		vct_skip(c, "device: CAP_ID_LIST_QUERY failed (%s): the device has no capabilities",
			 vct_admin_describe(cmd, d, sizeof(d)));
}

/* Parse the selector capability; false when an entry runs past the data. */
static bool sel_parse(struct ff *f)
{
	uint32_t off = 8;

	f->nsel = 0;
	for (unsigned int i = 0; i < f->selcap[0] && i < FF_SEL_MAX; i++) {
		if (off + 8 > f->selcap_len || off + 8 + f->selcap[off + 4] > f->selcap_len)
			return false;
		f->sel_off[f->nsel++] = off;
		off += 8u + f->selcap[off + 4];
	}
	return true;
}

/* The device's selector entry of @type, NULL when it offers none. */
static const uint8_t *sel_of(const struct ff *f, uint8_t type)
{
	for (unsigned int i = 0; i < f->nsel; i++)
		if (f->selcap[f->sel_off[i]] == type)
			return f->selcap + f->sel_off[i];
	return NULL;
}

/*
 * Bring the device up with its administration queue (and @bits), enable the
 * self group's commands, and read the three flow filter capabilities; with
 * @set the driver's capabilities are set to the device's. SKIPs a device
 * that lists no flow filter capability.
 */
static void ff_open(struct vct_ctx *c, struct ff *f, const int *bits, bool set)
{
	struct vct_admin_cmd cmd;
	char d[128];

	memset(f, 0, sizeof(*f));
	vct_net_admin_up(c, &f->n, &f->a, bits);
	f->self_ops = vct_c_admin_enable(c, &f->a, VCT_ADMIN_GROUP_SELF);
	if (!((f->self_ops >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 1))
		vct_skip(c, "not offered: the self group has no CAP_ID_LIST_QUERY, so no flow filter capability");
	cap_list(c, f, &cmd);
	if (!vct_net_cap_listed(&cmd, FF_CAP_RESOURCE) && !vct_net_cap_listed(&cmd, FF_CAP_SELECTOR) && !vct_net_cap_listed(&cmd, FF_CAP_ACTION))
		vct_skip(c, "not offered: the device lists no flow filter capability (VIRTIO_NET_FF_*_CAP)");
	if (!vct_net_cap_listed(&cmd, FF_CAP_RESOURCE) || !vct_net_cap_listed(&cmd, FF_CAP_SELECTOR) || !vct_net_cap_listed(&cmd, FF_CAP_ACTION))
		vct_skip(c, "device: flow filter capabilities listed only in part (net.ff_caps_listed judges it)");
	vct_net_cap_get(c, &f->a, FF_CAP_RESOURCE, &cmd);
	vct_require(c, cmd.status == VCT_ADMIN_S_OK, "DEVICE_CAP_GET of VIRTIO_NET_FF_RESOURCE_CAP, listed by the device",
		    "VIRTIO_ADMIN_STATUS_OK", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	for (unsigned int i = 0; i < sizeof(f->res); i++)
		f->res[i] = vct_admin_res8(&cmd, i);
	f->res[18] = f->res[19] = 0;
	f->groups = vct_admin_res32(&cmd, 0);
	f->classifiers = vct_admin_res32(&cmd, 4);
	f->rules = vct_admin_res32(&cmd, 8);
	f->rules_per_group = vct_admin_res32(&cmd, 12);
	f->last_prio = vct_admin_res8(&cmd, 16);
	f->sel_per_cls = vct_admin_res8(&cmd, 17);
	vct_net_cap_get(c, &f->a, FF_CAP_SELECTOR, &cmd);
	vct_require(c, cmd.status == VCT_ADMIN_S_OK, "DEVICE_CAP_GET of VIRTIO_NET_FF_SELECTOR_CAP, listed by the device",
		    "VIRTIO_ADMIN_STATUS_OK", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	f->selcap_len = cmd.result_len < sizeof(f->selcap) ? cmd.result_len : (uint32_t)sizeof(f->selcap);
	memcpy(f->selcap, cmd.result, f->selcap_len);
	vct_require(c, sel_parse(f), "VIRTIO_NET_FF_SELECTOR_CAP", "count selectors, each inside the result",
		    "count %u, %u bytes", f->selcap[0], f->selcap_len);
	vct_net_cap_get(c, &f->a, FF_CAP_ACTION, &cmd);
	vct_require(c, cmd.status == VCT_ADMIN_S_OK, "DEVICE_CAP_GET of VIRTIO_NET_FF_ACTION_CAP, listed by the device",
		    "VIRTIO_ADMIN_STATUS_OK", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
	f->actcap_len = cmd.result_len < sizeof(f->actcap) ? cmd.result_len : (uint32_t)sizeof(f->actcap);
	memcpy(f->actcap, cmd.result, f->actcap_len);
	for (unsigned int i = 0; i < f->actcap[0] && 8u + i < f->actcap_len; i++) {
		f->drop |= f->actcap[8 + i] == FF_ACT_DROP;
		f->direct |= f->actcap[8 + i] == FF_ACT_DIRECT;
	}
	if (!set)
		return;
	vct_net_cap_set(c, &f->a, FF_CAP_RESOURCE, f->res, sizeof(f->res), "DRIVER_CAP_SET of VIRTIO_NET_FF_RESOURCE_CAP with the device's limits");
	vct_net_cap_set(c, &f->a, FF_CAP_SELECTOR, f->selcap, f->selcap_len, "DRIVER_CAP_SET of VIRTIO_NET_FF_SELECTOR_CAP as the device gave it");
	vct_net_cap_set(c, &f->a, FF_CAP_ACTION, f->actcap, f->actcap_len, "DRIVER_CAP_SET of VIRTIO_NET_FF_ACTION_CAP as the device gave it");
}

static uint32_t group_data(uint8_t *b, uint16_t prio)
{
	b[0] = (uint8_t)prio;
	b[1] = (uint8_t)(prio >> 8);
	return 2;
}

/* A classifier of one ETH selector matching the destination address; 0 when the device cannot match it. */
static uint32_t cls_eth_dst(const struct ff *f, uint8_t *b)
{
	const uint8_t *s = sel_of(f, FF_SEL_ETH);

	if (!s || s[4] != 14)
		return 0;
	for (unsigned int i = 0; i < 6; i++)
		if (s[8 + i] != 0xff)
			return 0;
	memset(b, 0, 8 + 8 + 14);
	b[0] = 1;
	b[8] = FF_SEL_ETH;
	b[12] = 14;
	memset(b + 16, 0xff, 6);
	return 8 + 8 + 14;
}

/* A rule of @group, @cls (ETH destination) for @dst: @action, to receive virtqueue @vq. */
static uint32_t rule_data(uint8_t *b, uint32_t group, uint32_t cls, uint8_t prio, uint8_t action, uint16_t vq,
			  const uint8_t *dst)
{
	memset(b, 0, 16 + 14);
	vct_le_store(b, group, 4);
	vct_le_store(b + 4, cls, 4);
	b[8] = prio;
	b[9] = 14;		/* key_length: the ETH selector's */
	b[10] = action;
	b[12] = (uint8_t)vq;
	b[13] = (uint8_t)(vq >> 8);
	memcpy(b + 16, dst, 6);
	return 16 + 14;
}

static void create_ok(struct vct_ctx *c, struct ff *f, uint16_t type, uint32_t id, const uint8_t *b, uint32_t len,
		      const char *what)
{
	struct vct_admin_cmd cmd;

	vct_net_obj_cmd(c, &f->a, &cmd, VCT_ADMIN_OBJ_CREATE, type, id, b, len);
	vct_net_obj_created(c, &cmd, what);
}

/* D-daf8ef91: a device listing any flow filter capability lists all three. */
static void ff_caps_listed(struct vct_ctx *c)
{
	struct vct_admin_cmd cmd;
	struct ff f;
	bool r, s, a;

	memset(&f, 0, sizeof(f));
	vct_net_admin_up(c, &f.n, &f.a, NULL);
	f.self_ops = vct_c_admin_enable(c, &f.a, VCT_ADMIN_GROUP_SELF);
	if (!((f.self_ops >> VCT_ADMIN_CAP_ID_LIST_QUERY) & 1))
		vct_skip(c, "not offered: the self group has no CAP_ID_LIST_QUERY, so no flow filter capability");
	cap_list(c, &f, &cmd);
	r = vct_net_cap_listed(&cmd, FF_CAP_RESOURCE), s = vct_net_cap_listed(&cmd, FF_CAP_SELECTOR), a = vct_net_cap_listed(&cmd, FF_CAP_ACTION);
	if (!r && !s && !a)
		vct_skip(c, "not offered: the device lists no flow filter capability (VIRTIO_NET_FF_*_CAP)");
	vct_report(c, r && s && a, "flow filter capabilities in supported_caps of CAP_ID_LIST_QUERY",
		   "all of VIRTIO_NET_FF_RESOURCE_CAP (0x800), _SELECTOR_CAP (0x801) and _ACTION_CAP (0x802)",
		   "0x800 %s, 0x801 %s, 0x802 %s", r ? "listed" : "missing", s ? "listed" : "missing", a ? "listed" : "missing");
}

/* D-08a6c63f: CREATE, MODIFY, QUERY and DESTROY of a group, a classifier and a rule all succeed. */
static void ff_obj_commands(struct vct_ctx *c)
{
	uint8_t b[3][64], dst[6];
	uint32_t len[3];
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];

	ff_open(c, &f, NULL, true);
	if (!f.groups || !f.classifiers || !f.rules || !f.rules_per_group || !f.last_prio)
		vct_skip(c, "device: a flow filter limit is 0 (groups %u, classifiers %u, rules %u, per group %u, last_rule_priority %u)",
			 f.groups, f.classifiers, f.rules, f.rules_per_group, f.last_prio);
	if (!f.drop && !f.direct)
		vct_skip(c, "device: VIRTIO_NET_FF_ACTION_CAP offers neither DROP nor DIRECT_RX_VQ");
	ff_addr(dst, 1);
	len[0] = group_data(b[0], 1);
	len[1] = cls_eth_dst(&f, b[1]);
	if (!len[1])
		vct_skip(c, "device: its ETH selector cannot match the destination address");
	len[2] = rule_data(b[2], 0, 0, 0, f.direct ? FF_ACT_DIRECT : FF_ACT_DROP, 0, dst);
	for (unsigned int t = 0; t < 3; t++) {
		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, (uint16_t)(FF_OBJ_GROUP + t), 0, b[t], len[t]);
		if (cmd.status == VCT_ADMIN_S_ENOSPC)
			vct_net_obj_created(c, &cmd, obj_names[t]);	/* SKIPs: an internal limit */
		vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE of a flow filter object", "VIRTIO_ADMIN_STATUS_OK",
			   "%s 0: %s", obj_names[t], vct_admin_describe(&cmd, d, sizeof(d)));
	}
	/* a change each: a new group priority, the same classifier, the rule one priority up */
	len[0] = group_data(b[0], 2);
	b[2][8] = f.last_prio > 1 ? 1 : 0;
	for (unsigned int t = 0; t < 3; t++) {
		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_MODIFY, (uint16_t)(FF_OBJ_GROUP + t), 0, b[t], len[t]);
		vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_MODIFY of a flow filter object", "VIRTIO_ADMIN_STATUS_OK",
			   "%s 0: %s", obj_names[t], vct_admin_describe(&cmd, d, sizeof(d)));
		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_QUERY, (uint16_t)(FF_OBJ_GROUP + t), 0, NULL, 0);
		vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_QUERY of a flow filter object", "VIRTIO_ADMIN_STATUS_OK",
			   "%s 0: %s", obj_names[t], vct_admin_describe(&cmd, d, sizeof(d)));
	}
	for (int t = 2; t >= 0; t--) {	/* the rule first: it depends on the other two */
		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_DESTROY, (uint16_t)(FF_OBJ_GROUP + t), 0, NULL, 0);
		vct_report(c, cmd.status == VCT_ADMIN_S_OK, "RESOURCE_OBJ_DESTROY of a flow filter object", "VIRTIO_ADMIN_STATUS_OK",
			   "%s 0: %s", obj_names[t], vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

/*
 * D-4192df05: with the flow filter capabilities not enabled by the driver
 * (none set since the device reset), the resource object commands on flow
 * filter objects answer INVALID_OPCODE.
 */
static void ff_caps_disabled(struct vct_ctx *c)
{
	uint8_t b[4];
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];

	ff_open(c, &f, NULL, false);
	for (uint16_t op = VCT_ADMIN_OBJ_CREATE; op <= VCT_ADMIN_OBJ_DESTROY; op++) {
		if (!((f.self_ops >> op) & 1))
			continue;	/* not supported at all: refused as an unsupported opcode already */
		vct_net_obj_cmd(c, &f.a, &cmd, op, FF_OBJ_GROUP, 0, b, op == VCT_ADMIN_OBJ_CREATE || op == VCT_ADMIN_OBJ_MODIFY ?
								   group_data(b, 1) : 0);
		vct_report(c, vct_net_invalid_opcode(&cmd), "flow filter group command before DRIVER_CAP_SET of the flow filter capabilities",
			   "refused with VIRTIO_ADMIN_STATUS_Q_INVALID_OPCODE", "%s: %s", vct_admin_opcode_name(op),
			   vct_admin_describe(&cmd, d, sizeof(d)));
	}
}

/* D-1c65e880: a second group with a group_priority already in use is refused with EINVAL. */
static void ff_group_prio_unique(struct vct_ctx *c)
{
	uint8_t b[2];
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];

	ff_open(c, &f, NULL, true);
	if (f.groups < 2 || f.rules_per_group < 2)
		vct_skip(c, "device: fewer than two groups possible (groups_limit %u, rules_per_group_limit %u)", f.groups,
			 f.rules_per_group);
	create_ok(c, &f, FF_OBJ_GROUP, 0, b, group_data(b, 7), "RESOURCE_OBJ_CREATE of group 0, group_priority 7");
	vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, FF_OBJ_GROUP, 1, b, group_data(b, 7));
	vct_report(c, cmd.status == VCT_ADMIN_S_EINVAL, "RESOURCE_OBJ_CREATE of group 1 with group 0's group_priority (7)",
		   "VIRTIO_ADMIN_STATUS_EINVAL", "%s", vct_admin_describe(&cmd, d, sizeof(d)));
}

/*
 * D-0ed88607 (groups), D-ae64eaca (classifiers): with every object the
 * driver's limit allows created, one more is refused with ENOSPC. Its id is
 * necessarily beyond the limit too, so EINVAL (an id out of range) is
 * accepted as well; a device that creates it fails.
 */
static void ff_limit(struct vct_ctx *c)
{
	bool cls = !strcmp(c->check->stmt, "D-ae64eaca");
	uint16_t type = cls ? FF_OBJ_CLASSIFIER : FF_OBJ_GROUP;
	uint32_t lim;
	uint8_t b[64];
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];

	ff_open(c, &f, NULL, false);
	/* the driver's limit: 2 (or the device's when lower) */
	if (cls) {
		f.classifiers = f.classifiers < 2 ? f.classifiers : 2;
		vct_le_store(f.res + 4, f.classifiers, 4);
	} else {
		f.groups = f.groups < 2 ? f.groups : 2;
		vct_le_store(f.res, f.groups, 4);
	}
	vct_net_cap_set(c, &f.a, FF_CAP_RESOURCE, f.res, sizeof(f.res), "DRIVER_CAP_SET of VIRTIO_NET_FF_RESOURCE_CAP, a limit of 2");
	vct_net_cap_set(c, &f.a, FF_CAP_SELECTOR, f.selcap, f.selcap_len, "DRIVER_CAP_SET of VIRTIO_NET_FF_SELECTOR_CAP");
	vct_net_cap_set(c, &f.a, FF_CAP_ACTION, f.actcap, f.actcap_len, "DRIVER_CAP_SET of VIRTIO_NET_FF_ACTION_CAP");
	lim = cls ? f.classifiers : (f.groups < f.rules_per_group ? f.groups : f.rules_per_group);
	if (!lim)
		vct_skip(c, "device: its %s limit is 0", cls ? "classifiers" : "groups");
	if (cls && !cls_eth_dst(&f, b))
		vct_skip(c, "device: its ETH selector cannot match the destination address");
	for (uint32_t id = 0; id < lim; id++) {
		uint32_t len = cls ? cls_eth_dst(&f, b) : group_data(b, (uint16_t)(10 + id));

		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, type, id, b, len);
		if (cmd.status != VCT_ADMIN_S_OK)	/* an internal limit: the device MAY refuse earlier */
			vct_skip(c, "device: %s %u of %u refused (%s)", obj_names[cls], id, lim,
				 vct_admin_describe(&cmd, d, sizeof(d)));
	}
	vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, type, lim, b,
		cls ? cls_eth_dst(&f, b) : group_data(b, (uint16_t)(10 + lim)));
	vct_report(c, cmd.status == VCT_ADMIN_S_ENOSPC || cmd.status == VCT_ADMIN_S_EINVAL,
		   "RESOURCE_OBJ_CREATE of one object more than the driver's limit", "VIRTIO_ADMIN_STATUS_ENOSPC",
		   "%s %u with %u created (limit %u): %s", obj_names[cls], lim, lim, lim, vct_admin_describe(&cmd, d, sizeof(d)));
}

/*
 * D-74b7481f (group), D-cdc5ee59 (classifier): destroying an object a rule
 * depends on is refused with EBUSY.
 */
static void ff_destroy_busy(struct vct_ctx *c)
{
	bool cls = !strcmp(c->check->stmt, "D-cdc5ee59");
	uint8_t b[64], dst[6];
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];

	ff_open(c, &f, NULL, true);
	if (!f.drop && !f.direct)
		vct_skip(c, "device: VIRTIO_NET_FF_ACTION_CAP offers neither DROP nor DIRECT_RX_VQ");
	ff_addr(dst, 2);
	create_ok(c, &f, FF_OBJ_GROUP, 0, b, group_data(b, 1), "RESOURCE_OBJ_CREATE of group 0");
	if (!cls_eth_dst(&f, b))
		vct_skip(c, "device: its ETH selector cannot match the destination address");
	create_ok(c, &f, FF_OBJ_CLASSIFIER, 0, b, cls_eth_dst(&f, b), "RESOURCE_OBJ_CREATE of classifier 0 (ETH destination)");
	create_ok(c, &f, FF_OBJ_RULE, 0, b, rule_data(b, 0, 0, 0, f.direct ? FF_ACT_DIRECT : FF_ACT_DROP, 0, dst),
		  "RESOURCE_OBJ_CREATE of rule 0 in group 0 with classifier 0");
	vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_DESTROY, cls ? FF_OBJ_CLASSIFIER : FF_OBJ_GROUP, 0, NULL, 0);
	vct_report(c, cmd.status == VCT_ADMIN_S_EBUSY, "RESOURCE_OBJ_DESTROY of an object rule 0 depends on",
		   "VIRTIO_ADMIN_STATUS_EBUSY", "%s 0: %s", obj_names[cls], vct_admin_describe(&cmd, d, sizeof(d)));
}

/*
 * D-eab1f3be: a rule is refused when its receive queue is not one
 * (DIRECT_RX_VQ), its priority is beyond last_rule_priority, its id is at
 * the rules limit, its key length differs from the classifier's masks, or
 * its action is not offered.
 */
static void ff_rule_invalid(struct vct_ctx *c)
{
	uint8_t b[64], g[2], cl[64], dst[6];
	uint32_t lim, len;
	struct vct_admin_cmd cmd;
	struct ff f;
	char d[128];
	int bad_action = -1;

	ff_open(c, &f, NULL, true);
	if (!f.direct)
		vct_skip(c, "not offered: VIRTIO_NET_FF_ACTION_CAP has no DIRECT_RX_VQ");
	lim = f.rules < f.rules_per_group ? f.rules : f.rules_per_group;
	create_ok(c, &f, FF_OBJ_GROUP, 0, g, group_data(g, 1), "RESOURCE_OBJ_CREATE of group 0");
	if (!cls_eth_dst(&f, cl))
		vct_skip(c, "device: its ETH selector cannot match the destination address");
	create_ok(c, &f, FF_OBJ_CLASSIFIER, 0, cl, cls_eth_dst(&f, cl), "RESOURCE_OBJ_CREATE of classifier 0");
	ff_addr(dst, 3);
	/* an action value the capability does not list (5 and up are reserved) */
	for (int v = 1; v < 256 && bad_action < 0; v++) {
		bool listed = false;

		for (unsigned int i = 0; i < f.actcap[0] && 8u + i < f.actcap_len; i++)
			listed |= f.actcap[8 + i] == v;
		if (!listed)
			bad_action = v;
	}
	for (unsigned int k = 0; k < 5; k++) {
		static const char *const why[] = { "vq_index 1 (a transmit queue) with DIRECT_RX_VQ",
						   "rule_priority above last_rule_priority", "id at the rules limit",
						   "key_length 13 for a 14-byte ETH mask", "an action VIRTIO_NET_FF_ACTION_CAP does not list" };
		uint32_t id = k == 2 ? lim : 0;

		len = rule_data(b, 0, 0, 0, FF_ACT_DIRECT, 0, dst);
		if (k == 0)
			b[12] = 1;
		if (k == 1) {
			if (f.last_prio == 255)
				continue;	/* no priority above it */
			b[8] = (uint8_t)(f.last_prio + 1);
		}
		if (k == 3)
			b[9] = 13;
		if (k == 4)
			b[10] = (uint8_t)bad_action;
		vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, FF_OBJ_RULE, id, b, len);
		vct_report(c, cmd.status != VCT_ADMIN_S_OK, "RESOURCE_OBJ_CREATE of an invalid flow filter rule", "refused",
			   "rule %u with %s: %s", id, why[k], vct_admin_describe(&cmd, d, sizeof(d)));
		if (cmd.status == VCT_ADMIN_S_OK) {
			vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_DESTROY, FF_OBJ_RULE, id, NULL, 0);
		}
	}
}

/*
 * D-b2a9901c: a classifier whose selector carries
 * VIRTIO_NET_FF_MASK_F_PARTIAL_MASK is created, with whole-field masks, when
 * the device's selector offers partial masks. The classifier is ETH
 * (EtherType, as a second selector requires) then that selector.
 */
static void ff_partial_mask(struct vct_ctx *c)
{
	uint8_t b[8 + 8 + 14 + 8 + 40] = { 0 };
	const uint8_t *eth, *s = NULL;
	struct vct_admin_cmd cmd, cmd2 = { .status = 0xffff };
	struct ff f;
	char d[128], d2[128];
	uint32_t len;

	ff_open(c, &f, NULL, true);
	for (unsigned int i = 0; i < f.nsel && !s; i++) {
		const uint8_t *e = f.selcap + f.sel_off[i];

		if ((e[1] & FF_PARTIAL) && (e[0] == FF_SEL_IPV4 || e[0] == 3) && e[4] <= 40)
			s = e;
	}
	if (!s)
		vct_skip(c, "not offered: no IPv4 or IPv6 selector of VIRTIO_NET_FF_SELECTOR_CAP offers partial masks");
	eth = sel_of(&f, FF_SEL_ETH);
	if (!eth || eth[4] != 14 || eth[8 + 12] != 0xff || eth[8 + 13] != 0xff || f.sel_per_cls < 2)
		vct_skip(c, "device: a two-selector classifier is not possible (its ETH selector cannot match EtherType, "
			 "or selectors_per_classifier_limit %u)", f.sel_per_cls);
	b[0] = 2;
	b[8] = FF_SEL_ETH;
	b[12] = 14;
	b[8 + 8 + 12] = b[8 + 8 + 13] = 0xff;	/* EtherType */
	len = 8 + 8 + 14;
	b[len] = s[0];
	b[len + 1] = FF_PARTIAL;
	b[len + 4] = s[4];
	memcpy(b + len + 8, s + 8, s[4]);	/* every field the device offers, whole */
	len += 8u + s[4];
	vct_net_obj_cmd(c, &f.a, &cmd, VCT_ADMIN_OBJ_CREATE, FF_OBJ_CLASSIFIER, 0, b, len);
	if (cmd.status != VCT_ADMIN_S_OK) {
		/* the other reading of "flags": the command's, with the selector's flags 0 */
		b[8 + 8 + 14 + 1] = 0;
		vct_admin_cmd_init(&cmd2, VCT_ADMIN_OBJ_CREATE, VCT_ADMIN_GROUP_SELF, 0);
		vct_admin_put16(&cmd2, 0, FF_OBJ_CLASSIFIER);
		vct_admin_put32(&cmd2, 4, 0);
		vct_admin_put64(&cmd2, 8, FF_PARTIAL);
		vct_admin_put(&cmd2, 16, b, len);
		vct_c_admin_exec(c, &f.a, &cmd2);
	}
	vct_report(c, cmd.status == VCT_ADMIN_S_OK || cmd2.status == VCT_ADMIN_S_OK,
		   "RESOURCE_OBJ_CREATE of a classifier with VIRTIO_NET_FF_MASK_F_PARTIAL_MASK, whole-field masks, on a "
		   "selector offering partial masks", "VIRTIO_ADMIN_STATUS_OK (the flag in the selector's or the command's flags)",
		   "selector type %u: with the selector's flags %s; with the command's flags %s", s[0],
		   vct_admin_describe(&cmd, d, sizeof(d)), cmd.status == VCT_ADMIN_S_OK ? "not tried" :
		   vct_admin_describe(&cmd2, d2, sizeof(d2)));
}

/* ---- frames ------------------------------------------------------------- */

/*
 * Up for frames: two queue pairs in use, promiscuous mode, receive buffers
 * on both, the driver's capabilities set, classifier 0 (ETH destination).
 * SKIPs a device without what that needs.
 */
static void ff_rx_open(struct vct_ctx *c, struct ff *f, const int *more)
{
	uint8_t b[64];
	uint16_t v;
	uint8_t ack;
	int bits[8] = { VCT_NET_F_CTRL_VQ, VCT_NET_F_MQ, VCT_NET_F_CTRL_RX };
	unsigned int nb = 3;

	for (; more && *more >= 0 && nb < 7; more++)
		bits[nb++] = *more;
	bits[nb] = -1;
	ff_open(c, f, bits, true);
	if (f->n.pairs < 2)
		vct_skip(c, "device: max_virtqueue_pairs is 1: no second receive queue for a rule to send to");
	if (!f->direct)
		vct_skip(c, "not offered: VIRTIO_NET_FF_ACTION_CAP has no DIRECT_RX_VQ");
	if (!f->groups || !f->classifiers || f->rules < 3 || f->rules_per_group < 2 || f->last_prio < 3)
		vct_skip(c, "device: flow filter limits too small (groups %u, classifiers %u, rules %u, per group %u, "
			 "last_rule_priority %u)", f->groups, f->classifiers, f->rules, f->rules_per_group, f->last_prio);
	v = htole16(2);
	ack = vct_net_ctrl(c, &f->n, VCT_NET_CTRL_MQ, 0, &v, 2, NULL, 0);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET 2", "VIRTIO_NET_OK (0)", "%u", ack);
	ack = vct_net_rx_mode(c, &f->n, 0, true);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_RX_PROMISC on", "VIRTIO_NET_OK (0)", "%u", ack);
	if (!cls_eth_dst(f, b))
		vct_skip(c, "device: its ETH selector cannot match the destination address");
	create_ok(c, f, FF_OBJ_CLASSIFIER, 0, b, cls_eth_dst(f, b), "RESOURCE_OBJ_CREATE of classifier 0 (ETH destination)");
	for (unsigned int p = 0; p < 2; p++)
		vct_net_rx_fill(c, &f->n, p, 8, VCT_NET_RXBUF);
}

static void ff_group(struct vct_ctx *c, struct ff *f, uint32_t id, uint16_t prio)
{
	uint8_t b[2];

	create_ok(c, f, FF_OBJ_GROUP, id, b, group_data(b, prio), "RESOURCE_OBJ_CREATE of a flow filter group");
}

/* Rule @id: frames to address @a go to receiveq(@pair + 1) (DIRECT_RX_VQ), or are dropped (@pair < 0). */
static void ff_rule(struct vct_ctx *c, struct ff *f, uint32_t id, uint32_t group, uint8_t prio, unsigned int a, int pair)
{
	uint8_t b[64], dst[6];

	if (pair < 0 && !f->drop)
		vct_skip(c, "not offered: VIRTIO_NET_FF_ACTION_CAP has no DROP");
	ff_addr(dst, a);
	create_ok(c, f, FF_OBJ_RULE, id, b,
		  rule_data(b, group, 0, prio, pair < 0 ? FF_ACT_DROP : FF_ACT_DIRECT, pair < 0 ? 0 : (uint16_t)(2 * pair), dst),
		  "RESOURCE_OBJ_CREATE of a flow filter rule");
}

/*
 * Send a probe from address @a on transmitq1 and see where its answer
 * arrives: a bitmask of receive queue pairs (0: nowhere within the timeout).
 * Both queues are polled until it comes; then the other one is watched for
 * a copy.
 */
static unsigned int ff_where(struct vct_ctx *c, struct ff *f, unsigned int a, uint16_t tag)
{
	uint64_t deadline = vct_now_ms() + (uint64_t)c->timeout_ms;
	uint8_t fr[64], src[6];
	struct vct_net_rx rx;
	unsigned int got = 0;
	uint32_t len;

	ff_addr(src, a);
	len = vct_net_probe(fr, src, tag, -1);
	vct_net_tx(c, &f->n, 0, fr, len, NULL);
	while (!got && vct_now_ms() < deadline)
		for (unsigned int p = 0; p < 2 && !got; p++)
			if (vct_net_rx_probe(c, &f->n, p, tag, 1, &rx))
				got = 1u << p;
	if (got && vct_net_rx_probe(c, &f->n, got == 1 ? 1 : 0, tag, vct_net_quiet_ms(c), &rx))
		got = 3;
	return got;
}

static const char *where_name(unsigned int w)
{
	static const char *const n[] = { "nowhere (dropped)", "receiveq1", "receiveq2", "receiveq1 and receiveq2" };

	return n[w & 3];
}

/* A frame no rule matches arrives at all (else the checks below could not judge anything). */
static void ff_baseline(struct vct_ctx *c, struct ff *f)
{
	unsigned int w = ff_where(c, f, 0xee, 0x3ee);

	if (!w)
		vct_skip(c, "device: no answer to an ARP request for 10.0.2.2 came back for a frame no rule matches");
}

/*
 * D-8fc23b2e: a frame a rule sends to receiveq2 arrives there and nowhere
 * else (no steering applied after the rule); D-da20856a: the matching rule's
 * action is taken.
 */
static void ff_direct(struct vct_ctx *c)
{
	struct ff f;
	unsigned int w;

	ff_rx_open(c, &f, NULL);
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 10, 1);
	ff_baseline(c, &f);
	w = ff_where(c, &f, 10, 0x310);
	if (!strcmp(c->check->stmt, "D-da20856a"))
		vct_report(c, w & 2, "frame matching a DIRECT_RX_VQ rule for receiveq2", "delivered on receiveq2 (the action taken)",
			   "%s", where_name(w));
	else
		vct_report(c, w == 2, "frame matching a DIRECT_RX_VQ rule for receiveq2",
			   "on receiveq2 only (no other rule or steering applied)", "%s", where_name(w));
}

/*
 * Groups: G1 (priority 5) sends A to receiveq2; G0 (priority 4) sends A to
 * receiveq1... by DROP, and B to receiveq2.
 *  D-305b5ac9: A follows the higher group (receiveq2).
 *  D-b704096d: G0's rule for A (DIRECT to receiveq1 here) is not applied as well.
 *  D-ff5d7926: B, unmatched in G1, follows G0 (receiveq2).
 */
static void ff_groups(struct vct_ctx *c)
{
	const char *st = c->check->stmt;
	struct ff f;
	unsigned int w;

	ff_rx_open(c, &f, NULL);
	if (f.groups < 2 || f.rules < 3)
		vct_skip(c, "device: fewer than two groups or three rules (groups %u, rules %u)", f.groups, f.rules);
	ff_group(c, &f, 0, 4);
	ff_group(c, &f, 1, 5);
	ff_rule(c, &f, 0, 1, 1, 20, 1);
	ff_rule(c, &f, 1, 0, 1, 20, !strcmp(st, "D-b704096d") ? 0 : -1);
	ff_rule(c, &f, 2, 0, 2, 21, 1);
	ff_baseline(c, &f);
	if (!strcmp(st, "D-ff5d7926")) {
		w = ff_where(c, &f, 21, 0x321);
		vct_report(c, w == 2, "frame no rule of the higher group matches, a rule of the lower group sends to receiveq2",
			   "receiveq2 (the next group's rules applied)", "%s", where_name(w));
		return;
	}
	w = ff_where(c, &f, 20, 0x320);
	if (!strcmp(st, "D-305b5ac9"))
		vct_report(c, w & 2, "frame matching rules in groups of priority 5 (to receiveq2) and 4 (DROP)",
			   "receiveq2 (the highest priority group first)", "%s", where_name(w));
	else
		vct_report(c, w == 2, "frame matching rules in groups of priority 5 (to receiveq2) and 4 (to receiveq1)",
			   "receiveq2 only (the lower group ignored)", "%s", where_name(w));
}

/*
 * One group, two rules for the same address: priority 2 sends it to
 * receiveq2, priority 1 drops it (D-a4e09ae5: highest priority first) or
 * sends it to receiveq1 (D-6a2b678c: no second action).
 */
static void ff_rule_order(struct vct_ctx *c)
{
	bool second = !strcmp(c->check->stmt, "D-6a2b678c");
	struct ff f;
	unsigned int w;

	ff_rx_open(c, &f, NULL);
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 30, second ? 0 : -1);
	ff_rule(c, &f, 1, 0, 2, 30, 1);
	ff_baseline(c, &f);
	w = ff_where(c, &f, 30, 0x330);
	if (second)
		vct_report(c, w == 2, "frame matching rules of priority 2 (to receiveq2) and 1 (to receiveq1)",
			   "receiveq2 only (one action per frame)", "%s", where_name(w));
	else
		vct_report(c, w & 2, "frame matching rules of priority 2 (to receiveq2) and 1 (DROP)",
			   "receiveq2 (the higher priority rule first)", "%s", where_name(w));
}

/* D-76173fd7: a frame a rule drops is not delivered (steering never sees it). */
static void ff_drop(struct vct_ctx *c)
{
	struct ff f;
	unsigned int w;

	ff_rx_open(c, &f, NULL);
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 40, -1);
	ff_baseline(c, &f);
	w = ff_where(c, &f, 40, 0x340);
	vct_report(c, !w, "frame matching a DROP rule", "not delivered on any receive queue", "%s", where_name(w));
}

/*
 * D-f6cc399c: the flow filter before RSS: with RSS sending every frame it
 * does not hash (ARP) to receiveq1, a rule sends its frame to receiveq2.
 */
static void ff_before_rss(struct vct_ctx *c)
{
	uint8_t cfg[8 + 2 + 2 + 1] = { 0 }, ack;
	struct ff f;
	unsigned int w;

	ff_rx_open(c, &f, VCT_NET_BITS(VCT_NET_F_RSS));
	cfg[10] = 2;	/* max_tx_vq; hash_types 0, one table entry and unclassified_queue: receiveq1 */
	ack = vct_net_ctrl(c, &f.n, VCT_NET_CTRL_MQ, 1, cfg, sizeof(cfg), NULL, 0);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_MQ_RSS_CONFIG (everything to receiveq1)", "VIRTIO_NET_OK (0)",
		    "%u", ack);
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 50, 1);
	ff_baseline(c, &f);
	w = ff_where(c, &f, 50, 0x350);
	vct_report(c, w == 2, "frame matching a rule for receiveq2, RSS steering everything to receiveq1",
		   "receiveq2 (flow filter rules before RSS)", "%s", where_name(w));
}

/*
 * D-418e7e70: a frame the MAC filter drops (promiscuous mode off, an address
 * that is not the device's) is not delivered by a rule sending it to
 * receiveq2.
 */
static void ff_after_mac_filter(struct vct_ctx *c)
{
	struct ff f;
	unsigned int w;
	uint8_t ack;

	ff_rx_open(c, &f, NULL);
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 60, 1);
	ff_baseline(c, &f);
	ack = vct_net_rx_mode(c, &f.n, 0, false);
	vct_require(c, ack == VCT_NET_OK, "VIRTIO_NET_CTRL_RX_PROMISC off", "VIRTIO_NET_OK (0)", "%u", ack);
	if (ff_where(c, &f, 0xef, 0x3ef))
		vct_skip(c, "device: a frame for another address still arrives with PROMISC off (the filter checks judge it)");
	w = ff_where(c, &f, 60, 0x360);
	vct_report(c, !w, "frame to an address the MAC filter drops, matching a rule for receiveq2",
		   "not delivered (flow filter rules skipped)", "%s", where_name(w));
}

/* D-913aba84: with receiveq2 reset, a frame a rule sends there is dropped, not steered elsewhere. */
static void ff_reset_vq(struct vct_ctx *c)
{
	uint16_t rs = 0xffff, en = 0xffff;
	struct vct_net_rx rx;
	struct vct_vq *nvq;
	struct ff f;
	unsigned int w;
	char why[200] = "";

	ff_rx_open(c, &f, VCT_NET_BITS(VCT_F_RING_RESET));
	if (!vct_has(c->vd->features, VCT_F_RING_RESET))
		vct_skip(c, "not offered: VIRTIO_F_RING_RESET was not negotiated");
	ff_group(c, &f, 0, 1);
	ff_rule(c, &f, 0, 0, 1, 70, 1);
	ff_baseline(c, &f);
	if (!vct_c_queue_reset(c, 2, &rs, &en))
		vct_skip(c, "device: the queue reset never completed (queue.reset_completes judges it)");
	w = ff_where(c, &f, 70, 0x370);
	vct_report(c, !(w & 1), "frame matching a rule for receiveq2 while receiveq2 is reset",
		   "dropped (not delivered on receiveq1)", "%s", where_name(w));
	if (__vct_vq_setup(c->vd, 2, f.n.b.vq[2]->size, f.n.b.vq[2]->vector, &nvq, why, sizeof(why)))
		vct_require(c, false, "receiveq2 re-enable after reset", "accepted", "%s", why);
	f.n.b.vq[2] = nvq;
	vct_net_rx_fill(c, &f.n, 1, 8, VCT_NET_RXBUF);
	w = vct_net_rx_probe(c, &f.n, 1, 0x370, vct_net_quiet_ms(c), &rx) ? 2 : 0;
	vct_report(c, !w, "receiveq2 once enabled again", "no answer to the probe sent while it was reset (dropped)",
		   "the answer arrived");
}

static const struct vct_check checks[] = {
	VCT_CHECK("net.ff_caps_listed", "D-daf8ef91", ff_caps_listed, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_obj_commands", "D-08a6c63f", ff_obj_commands, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_caps_disabled", "D-4192df05", ff_caps_disabled, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_prio_unique", "D-1c65e880", ff_group_prio_unique, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_limit", "D-0ed88607", ff_limit, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_classifier_limit", "D-ae64eaca", ff_limit, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_busy", "D-74b7481f", ff_destroy_busy, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_classifier_busy", "D-cdc5ee59", ff_destroy_busy, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_rule_invalid", "D-eab1f3be", ff_rule_invalid, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_partial_mask", "D-b2a9901c", ff_partial_mask, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_direct_stops", "D-8fc23b2e", ff_direct, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_action_taken", "D-da20856a", ff_direct, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_highest_first", "D-305b5ac9", ff_groups, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_rest_ignored", "D-b704096d", ff_groups, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_group_next", "D-ff5d7926", ff_groups, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_rule_highest_first", "D-a4e09ae5", ff_rule_order, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_one_action", "D-6a2b678c", ff_rule_order, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_drop_final", "D-76173fd7", ff_drop, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_before_rss", "D-f6cc399c", ff_before_rss, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_after_mac_filter", "D-418e7e70", ff_after_mac_filter, .type = VCT_ID_NET),
	VCT_CHECK("net.ff_reset_vq_drops", "D-913aba84", ff_reset_vq, .type = VCT_ID_NET),
};

VCT_SUITE(vct_suite_net_ff, "net", checks);
