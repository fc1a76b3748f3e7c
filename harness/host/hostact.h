/* SPDX-License-Identifier: MIT */
/*
 * Host-side actions: what vct asks the device's host to do to the device
 * (change its configuration, take the link down, send an input event, pause
 * the machine, pull the device) and what it asks the host about it (what the
 * device reported to its host, e.g. balloon statistics). Device-initiated
 * events are the subject of many device-side statements; from the driver
 * side alone vct cannot cause them, a hypervisor, a PF driver or a BMC can.
 *
 * One interface, three back ends:
 *   - the reference device acts on itself, in process (testbed/refdev);
 *   - a line protocol over a serial channel to the test bed's QEMU host
 *     (`--host-channel DEV`; testbed/hostbridge.py turns lines into QMP);
 *   - a user program run once per action (`--host-hook CMD`), for hardware.
 *
 * An action returns once the host has acted; the device may take a moment
 * more to show it (a check waits for the device's own notification, with its
 * usual timeout). Actions a check performed are undone by "restore" when the
 * check ends, so the next check sees the device as the run found it.
 */
#ifndef VCT_HOSTACT_H
#define VCT_HOSTACT_H

#include <stdbool.h>
#include <stddef.h>

enum vct_hact {
	VCT_HA_CONFIG_CHANGE,	/* change device-specific configuration (type-specific field) */
	VCT_HA_LINK_DOWN,	/* net: carrier lost */
	VCT_HA_LINK_UP,
	VCT_HA_ANNOUNCE,	/* net: ask the device to announce (VIRTIO_NET_S_ANNOUNCE) */
	VCT_HA_INPUT_EVENT,	/* input: one key press and release */
	VCT_HA_INJECT_ERROR,	/* the next request fails in the back end (per-request error status) */
	VCT_HA_UNPLUG,		/* hot-unplug request; the host waits for the driver to let go */
	VCT_HA_REPLUG,
	VCT_HA_PAUSE,		/* the device (or the machine holding it) stops, then resumes */
	VCT_HA_RESUME,
	VCT_HA_QUERY,		/* what the host sees; params name the query, JSON comes back */
	VCT_HA_RESTORE,		/* undo this check's actions */
	/*
	 * A system reset of the platform the device sits in (its power-on state
	 * again). The driver's own system resets with it unless the driver lives
	 * outside: refdev's in-process host, a rig whose host is a BMC.
	 */
	VCT_HA_SYSTEM_RESET,
	VCT_HA__COUNT
};

/* "config-change", "link-down", ... (the names the protocols carry). */
const char *vct_hact_name(enum vct_hact a);
/* -1 when @name is not an action. */
int vct_hact_parse(const char *name);

struct vct_host;

/*
 * Guarantees (every back end keeps all of these):
 *  - act returns within @timeout_ms (a back end that cannot bound its host
 *    gives up and returns -ETIMEDOUT);
 *  - 0: the host did it; -EOPNOTSUPP: the action (or this parameter) is not
 *    available on this target, with the host's reason in @msg when it gave
 *    one; any other -errno is a harness or host problem, described in @msg;
 *  - for VCT_HA_QUERY, @out holds the host's answer as a NUL-terminated JSON
 *    text (validated here before the caller sees it);
 *  - act never touches the device through vct's own transport.
 */
struct vct_host_ops {
	const char *kind;	/* "refdev", "channel", "hook" */
	int (*act)(struct vct_host *h, enum vct_hact a, const char *params, int timeout_ms, char *out,
		   size_t outlen, char *msg, size_t msglen);
	void (*close)(struct vct_host *h);
};

struct vct_host {
	const struct vct_host_ops *ops;
	char target[128];	/* the TARGET string vct was given */
	bool acted;		/* an action succeeded since the last restore */
};

/*
 * Run an action. -EOPNOTSUPP also when @h is NULL (no host back end). On
 * success an action other than a query or restore marks the host for
 * restore. @msg always holds a one-line account.
 */
int vct_host_act(struct vct_host *h, enum vct_hact a, const char *params, int timeout_ms, char *out,
		 size_t outlen, char *msg, size_t msglen);
/*
 * One request as a whole, the shape the virtio-level device interface's
 * host-action op (struct vct_dev_ops) passes down: that op forwards to
 * vct_host_request(t->host, a, why, whylen) on the device's transport.
 */
struct vct_host_action {
	enum vct_hact action;
	const char *params;	/* "key=value ..." or NULL */
	int timeout_ms;
	char *out;		/* a query's JSON answer; may be NULL for other actions */
	size_t outlen;
};
/* vct_host_act() with the request in one struct; @why gets the one-line account. */
int vct_host_request(struct vct_host *h, const struct vct_host_action *a, char *why, size_t whylen);

/* Undo what was done since the last restore (no-op when nothing was). */
void vct_host_restore(struct vct_host *h, int timeout_ms);
void vct_host_close(struct vct_host *h);

/* Back ends for out-of-process hosts; @target is the TARGET string. NULL with @err on failure. */
struct vct_host *vct_host_hook_open(const char *cmd, const char *target, char *err, size_t errlen);
struct vct_host *vct_host_channel_open(const char *dev, const char *target, char *err, size_t errlen);

#endif
