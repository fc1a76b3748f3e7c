#!/usr/bin/env python3
"""The vhost-user statement table (spec-refs/vhost-user-qemu-7.2.tsv).

QEMU's docs/interop/vhost-user.rst has no normative markup, so the rows are
curated by hand: this script holds, per statement, its label, level,
protocol features, line span in the RST and a summary in the project's own
words. It reads the RST (--rst), hashes each span's text as gen-statements.py
hashes a TeX sentence (markup dropped, whitespace collapsed; first 16 hex of
sha256) and derives the id (U- and the first 8 hex of sha256 over label and
text). The levels are the RST's words (must, MUST NOT) except where it states
a behaviour as the meaning of a message or flag ("needs to be sent", "Get the
available vring base offset", "polling will be used"); those are curated as
MUST because no front end can work with a back end that does otherwise.
Never copies RST text into the project.

  python3 spec-refs/vu-statements.py --rst QEMU/docs/interop/vhost-user.rst > spec-refs/vhost-user-qemu-7.2.tsv
"""
import argparse
import hashlib
import re
import sys

VERSION = "qemu-7.2"
FILE = "docs/interop/vhost-user.rst"
CHAPTER = "vhost-user protocol (QEMU 7.2)"

# label, level, features, first line, last line, summary
ROWS = [
    ("Message Specification / Header", "MUST", "-", 79, 79,
     "Every message the back end sends carries protocol version 1 in the two low flag bits."),
    ("Message Specification / Header", "MUST", "-", 80, 80,
     "Every reply from the back end has the reply flag (bit 2) set."),
    ("Ring states", "MUST", "-", 352, 352,
     "The back end does not touch a stopped ring (never kicked, or stopped by GET_VRING_BASE)."),
    ("Ring states", "MUST", "-", 354, 357,
     "A started but disabled ring is processed without side effects: a network back end hands no new "
     "received packet to it and consumes and drops transmitted ones."),
    ("Ring states", "MUST", "-", 361, 365,
     "A ring starts when its kick descriptor becomes readable and stops at GET_VRING_BASE."),
    ("Multiple queue support", "SHOULD", "VHOST_USER_F_PROTOCOL_FEATURES", 406, 408,
     "A back end offers the MQ protocol feature even when its device has a fixed number of queues."),
    ("Front-end message types / VHOST_USER_SET_VRING_KICK", "SHOULD", "-", 1038, 1040,
     "SET_VRING_KICK with the invalid-descriptor flag and no descriptor means the front end will not kick: "
     "the back end polls the ring for new buffers."),
    ("Front-end message types / VHOST_USER_GET_VRING_BASE", "MUST", "-", 1027, 1027,
     "GET_VRING_BASE answers the ring's available index the back end has reached, from which a restart continues."),
    ("Front-end message types / VHOST_USER_GET_PROTOCOL_FEATURES", "MUST", "VHOST_USER_F_PROTOCOL_FEATURES", 908, 910,
     "A back end offering protocol features answers GET_PROTOCOL_FEATURES before any SET_FEATURES."),
    ("Front-end message types / VHOST_USER_SET_PROTOCOL_FEATURES", "MUST", "VHOST_USER_F_PROTOCOL_FEATURES", 925, 927,
     "A back end offering protocol features takes SET_PROTOCOL_FEATURES before any SET_FEATURES."),
    ("Front-end message types / VHOST_USER_GET_CONFIG", "MUST", "VHOST_USER_PROTOCOL_F_CONFIG", 1195, 1198,
     "A GET_CONFIG reply's payload is as long as the request's, or empty to say the read failed."),
    ("Front-end message types / VHOST_USER_SET_CONFIG", "MUST NOT", "VHOST_USER_PROTOCOL_F_CONFIG", 1212, 1214,
     "A SET_CONFIG that would write read-only configuration fields, outside live migration, is refused."),
    ("Front-end message types / VHOST_USER_SET_VRING_CALL", "MUST", "-", 1057, 1060,
     "SET_VRING_CALL with the invalid-descriptor flag (bit 8) and no descriptor means the front end polls: "
     "the back end serves the ring without signalling."),
    ("VHOST_USER_PROTOCOL_F_REPLY_ACK", "MUST", "VHOST_USER_PROTOCOL_F_REPLY_ACK", 1523, 1527,
     "With REPLY_ACK negotiated, any request flagged need_reply gets a u64 reply: zero for success, non-zero for failure."),
    ("Inflight I/O tracking", "SHOULD", "VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD", 624, 650,
     "With INFLIGHT_SHMFD, the back end keeps a split ring's region of the shared inflight buffer current: each "
     "head it takes gets the next counter value and an in-flight mark, each head it uses loses the mark, and "
     "used_idx then equals the used ring's index."),
]

HEADER = ("id\tversion\tside\tlevel\tlabel\tchapter\tdevice_type\tfeatures\tfile\tline\tend_line\thash\tclass\t"
          "reason\tsummary")


def normalize(text):
    s = re.sub(r"``([^`]*)``", r"\1", text)
    s = s.replace(".. Note::", " ")
    s = re.sub(r"^\s*[-*]\s+", " ", s, flags=re.M)
    return " ".join(s.split())


def sha(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rst")
    a = ap.parse_args()
    if not a.rst:
        ap.error("--rst QEMU's docs/interop/vhost-user.rst (Debian's QEMU 7.2 source)")
    lines = open(a.rst, encoding="utf-8").read().split("\n")
    print(HEADER)
    for label, level, feat, lo, hi, summary in ROWS:
        text = normalize("\n".join(lines[lo - 1:hi]))
        if not text:
            sys.exit("vu-statements: empty span %d-%d" % (lo, hi))
        rid = "U-" + sha(label + "\n" + text)[:8]
        print("\t".join([rid, VERSION, "device", level, "vhost-user / " + label, CHAPTER, "-", feat, FILE,
                         str(lo), str(hi), sha(text)[:16], "blackbox", "-", summary]))


main()
