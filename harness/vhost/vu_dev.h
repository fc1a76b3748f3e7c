/* SPDX-License-Identifier: MIT */
/*
 * vhost-user as a virtio transport: vct is the front end of a back end's
 * UNIX socket (`vhost-user:PATH,type=blk`), and struct vct_dev's ops become
 * vhost-user messages (harness/vhost/vhost_user.h is the wire).
 *
 * How the virtio-level interface maps (README, "vhost-user"):
 *  - device_status: GET_STATUS/SET_STATUS where the back end offers the
 *    STATUS protocol feature; otherwise the front end holds the status (and
 *    the status checks SKIP: checking it would check vct).
 *  - Features: GET_FEATURES (the vhost-user bits 26 and 30 are not virtio
 *    features and are not shown); the driver's features go out with
 *    SET_FEATURES when it sets FEATURES_OK, followed by the memory table.
 *  - A queue is programmed on vct's side and handed over when the driver
 *    enables it: SET_VRING_NUM, BASE, ADDR, KICK, CALL, ERR, and
 *    SET_VRING_ENABLE 1 when protocol features were negotiated.
 *  - Notification: a write to the queue's kick eventfd. Interrupts: the
 *    queue's vector's eventfd is its call descriptor.
 *  - Device configuration: GET_CONFIG/SET_CONFIG with the CONFIG protocol
 *    feature (whole-space reads, as a VMM does); without it the ops return
 *    -EOPNOTSUPP and config checks SKIP.
 *  - Device reset (status 0): every ring vct started is disabled and
 *    stopped with GET_VRING_BASE (its base kept as evidence), then
 *    RESET_DEVICE where offered and SET_STATUS 0 where offered; the rings
 *    are set up afresh by the next bring-up. The function-level reset is a
 *    new connection, made when the old one broke.
 *
 * Session state lives in shared memory so the runner and the forked check
 * processes see one connection's state; descriptors are used only by the
 * process that created them.
 */
#ifndef VCT_VU_DEV_H
#define VCT_VU_DEV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dev.h"
#include "transport.h"

/*
 * Open `PATH,type=TYPE[,impl=NAME][,timeout=MS]` (what follows
 * "vhost-user:"): connect, take ownership, negotiate protocol features,
 * share the memory. Errors: -errno with one line in @err.
 */
int vct_vu_open(const char *spec, struct vct_transport **out, char *err, size_t errlen);
/*
 * The back end behind @t is process @pid, started by this process, with its
 * socket in folder @dir (testbed/refdev/refdev_vu.h): closing @t kills it
 * and removes the socket and the folder.
 */
void vct_vu_adopt(struct vct_transport *t, pid_t pid, const char *dir);
/* Is @t a vhost-user connection? */
bool vct_vu_is(const struct vct_transport *t);
/* Bind the virtio-level device to a vhost-user transport. */
int __vct_vu_probe(struct vct_transport *t, struct vct_dev **out, char *err, size_t errlen);
/* The back end's implementation name (its program, or impl=), for result labels. */
const char *vct_vu_impl(const struct vct_transport *t);

/*
 * For the vhost-user protocol's own checks (suites/vhost-user/): the wire
 * of @d's session, NULL when @d is no vhost-user device.
 */
struct vct_vu *vct_vu_wire(struct vct_dev *d);
/*
 * The inflight buffer the back end gave (GET_INFLIGHT_FD) as this process
 * maps it, its length in *@len; NULL when none (INFLIGHT_SHMFD not offered,
 * or no ring started since the last device reset).
 */
const uint8_t *vct_vu_inflight(struct vct_dev *d, size_t *len);
/* Stop ring @q (GET_VRING_BASE, without disabling it first); its base in *@base. */
int __vct_vu_ring_stop(struct vct_dev *d, uint16_t q, uint32_t *base);
/* Start ring @q again from @base: the whole hand-over (NUM, BASE, ADDR, KICK, CALL, ERR, ENABLE) as QEMU restarts one. */
int __vct_vu_ring_restart(struct vct_dev *d, uint16_t q, uint32_t base);
/* SET_VRING_CALL of ring @q with the invalid-descriptor flag: the front end polls. */
int __vct_vu_ring_call_nofd(struct vct_dev *d, uint16_t q);
/* SET_VRING_KICK of ring @q with the invalid-descriptor flag: the back end is to poll. */
int __vct_vu_ring_kick_nofd(struct vct_dev *d, uint16_t q);
/* SET_VRING_ENABLE of ring @q. */
int __vct_vu_ring_enable(struct vct_dev *d, uint16_t q, bool on);
/*
 * End the session (the back end sees vct leave) and dial a new connection
 * into @fresh, sending nothing on it; the device gets a new session of its
 * own at its next function reset. Retries for up to two seconds while the
 * back end lets go of the old session.
 */
int __vct_vu_dial_fresh(struct vct_dev *d, struct vct_vu *fresh, char *err, size_t errlen);

#endif
