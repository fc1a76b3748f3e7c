/* SPDX-License-Identifier: MIT */
/*
 * The reference device as a vhost-user back end (refdev_vu.c): a process
 * that serves a UNIX socket, speaks the back-end side of the vhost-user
 * protocol (QEMU 7.2's docs/interop/vhost-user.rst) and runs refdev's device
 * models over the rings a front end hands it, the way a VMM drives a
 * passed-through virtio-pci function (it binds refdev with vct's own PCI
 * driver and maps the front end's memory regions as the function's DMA).
 * refdev's quirks apply as they do in process, and the vu-* quirks of the
 * catalog (refdev_quirks.h) break the vhost-user protocol statements (U-...).
 *
 * Two ways to run it:
 *  - `refdev:TYPE,vhost-user[,...]` (or any vu-* quirk): vct starts the back
 *    end as its child on a private socket and is its front end
 *    (vct_refdev_vu_open), so the mutation gate and every suite run over
 *    vhost-user like any refdev variant;
 *  - `build/vct-refdev-vu SOCKET TYPE[,...]`: a standalone back end for
 *    `vct run vhost-user:SOCKET,type=TYPE`, which can also be told to die on
 *    a given message or request (the crash self-tests).
 *
 * Guarantees: every message the front end sends is validated (header,
 * payload size per request, descriptors, ring indexes and sizes, addresses
 * against the memory table, feature bits against the offer); a message that
 * fails is refused with a non-zero REPLY_ACK where the front end asked for
 * one, and otherwise ends the session, with one line on stderr saying why.
 * One front end at a time; a session that ends resets the device.
 */
#ifndef VCT_REFDEV_VU_H
#define VCT_REFDEV_VU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport.h"

struct vct_refdev_vu_opts {
	/* Die (SIGKILL, as a crash) on the @die_on_n-th message with request code @die_on (0: never). */
	uint32_t die_on;
	unsigned int die_on_n;
	/* Die once the device has consumed this many descriptor chains (0: never). */
	uint64_t die_after_requests;
};

/*
 * Serve refdev @spec (what follows "refdev:") on the listening socket
 * @listen_fd until killed; returns only when the device cannot be opened
 * (-errno, one line in @err).
 */
int vct_refdev_vu_serve(int listen_fd, const char *spec, const struct vct_refdev_vu_opts *o, char *err,
			size_t errlen);
/* A listening UNIX socket at @path, in place only once it listens (bound aside, then renamed). */
int vct_refdev_vu_listen(const char *path, char *err, size_t errlen);
/* Does refdev @spec ask to be served over vhost-user (the vhost-user option, or a vu-* quirk)? */
bool vct_refdev_vu_wanted(const char *spec);
/*
 * refdev:@spec over vhost-user: start the back end as a child of this
 * process on a socket in a private folder and open it as vct's vhost-user
 * front end; the child is killed and the folder removed when the transport
 * closes (and the child dies with this process).
 */
int vct_refdev_vu_open(const char *spec, struct vct_transport **out, char *err, size_t errlen);

#endif
