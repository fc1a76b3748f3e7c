#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The network of the test bed's tap variants (testbed/run.sh, matrix lines
with a -netdev tap,ifname=@TAP@ back end), run inside the bed's network
namespace, which has no route anywhere.

It answers what vct's net checks send, the way the reference device does
(and QEMU's user network, but for VLANs): an ARP request for the gateway
10.0.2.2 gets a reply addressed to the request's Ethernet source, the
requester's hardware and protocol address as its target (the tag a probe
carries), in the request's VLAN if it had one. The kernel's own
ARP is off on the tap: Linux would reply to the ARP sender hardware address
instead, which is not where a check wants its frame.

IPv4 frames are looped back by the kernel (tc mirred from the tap's
ingress to its egress, set up by run.sh), keeping their offload state:
a frame the driver sent partial or as one GSO frame comes back that way
when the driver negotiated the receive offload, complete or segmented
when not.

usage: netloop.py IFNAME [IFNAME...] --limit SECS
"""
import argparse
import select
import signal
import struct
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
GW_MAC = bytes([0x52, 0x55, 0x0A, 0x00, 0x02, 0x02])
GW_IP = bytes([10, 0, 2, 2])


def answer(frame, vlan):
    """The reply to an ARP request for the gateway (VLAN tag @vlan kept, None: untagged), or None."""
    if len(frame) < 42 or frame[12:14] != b"\x08\x06":
        return None
    arp = frame[14:42]
    if arp[0:8] != b"\x00\x01\x08\x00\x06\x04\x00\x01" or arp[24:28] != GW_IP:
        return None
    tag = b"" if vlan is None else b"\x81\x00" + struct.pack("!H", vlan)
    reply = frame[6:12] + GW_MAC + tag + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x02"
    reply += GW_MAC + GW_IP + arp[8:18]
    return reply + bytes(60 + len(tag) - len(reply))


def vlan_of(ancdata):
    """The VLAN tag the kernel took off a received frame (PACKET_AUXDATA), or None."""
    for level, kind, data in ancdata:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(data) >= 20:
            status, _, _, _, _, tci = struct.unpack("=IIIHHH", data[:18])
            if status & TP_STATUS_VLAN_VALID:
                return tci
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ifnames", nargs="+")
    ap.add_argument("--limit", type=float, required=True)
    args = ap.parse_args()
    socks = []
    for name in args.ifnames:
        # Every frame, not ETH_P_ARP: the kernel hands a tagged frame to protocol sockets only after
        # dropping its tag; the tag-all socket gets it (as metadata, PACKET_AUXDATA) before.
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        s.bind((name, ETH_P_ALL))
        socks.append(s)
    end = time.monotonic() + args.limit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(socks, end)
    finally:
        print("netloop: %d ARP requests answered" % ANSWERED[0], file=sys.stderr)
    return 0


ANSWERED = [0]


def serve(socks, end):
    while time.monotonic() < end:
        ready, _, _ = select.select(socks, [], [], 1.0)
        for s in ready:
            try:
                frame, ancdata, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(32))
            except OSError:
                return          # the tap went away with QEMU
            if addr[2] == PACKET_OUTGOING:
                continue
            reply = answer(frame, vlan_of(ancdata))
            if reply is not None:
                s.send(reply)
                ANSWERED[0] += 1


if __name__ == "__main__":
    sys.exit(main())
