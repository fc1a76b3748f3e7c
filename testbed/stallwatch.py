#!/usr/bin/env python3
# Tells a stalled test-bed VM from a slow one (testbed/run.sh, TESTBED_STALL).
#
# A device model whose loop never ends (QEMU 7.2's packed-ring virtio-blk and
# virtio-rng after virtio_error(), README: Robustness) holds QEMU's big lock
# for good: the guest's vCPU blocks at its next access to any device and
# QEMU's main loop never runs again. Two things show it from outside, and the
# watcher needs both for the whole limit:
#   - the guest writes nothing: the journal, the console and the return
#     channel (the files given with --watch) keep their sizes;
#   - QEMU's monitor answers nothing: a QMP command (query-status) on a
#     monitor of our own, sent at least every second, gets no reply. QMP
#     commands run in QEMU's main loop under the big lock, so a QEMU that
#     still iterates its main loop answers within a fraction of a second, and
#     within a few seconds on a host with a load average of 25 (a TCG guest
#     that is merely slow still leaves the main loop to run between its
#     translation blocks).
# A guest that is silent while the monitor answers is alive (a slow case, a
# long wait inside vct): never a stall here; vct's own backstops end it.
#
# On a stall the watcher writes "DEVICE CHECK SECONDS" (the journal's running
# device and check) to --out and exits 1; run.sh kills QEMU and isolate.sh
# records the check wedged. It exits 0 when QEMU's monitor goes away (QEMU
# ended) and never before vct began (an empty journal).
#
# --longest FILE keeps the longest monitor silence seen ("SECONDS DEVICE CHECK",
# rewritten whenever it grows): how close a live QEMU came to the limit.
#
# usage: stallwatch.py --qmp SOCK --journal FILE --watch FILE [--watch FILE ...]
#                      --limit SECS --out FILE [--poll SECS] [--longest FILE]
import argparse
import json
import os
import select
import socket
import sys
import time


def sizes(paths):
    out = []
    for p in paths:
        try:
            out.append(os.stat(p).st_size)
        except OSError:
            out.append(-1)
    return out


def running(journal):
    """The device and check the journal names last (vct run --journal, guest-init.sh; fuzz and bench modes)."""
    dev = chk = "-"
    try:
        with open(journal, "rb") as f:
            for raw in f:
                w = raw.decode("utf-8", "replace").replace("\r", "").split()
                if len(w) >= 2 and w[0] == "vct-run-device":
                    dev, chk = w[1], "-"
                elif len(w) >= 2 and w[0] == "vct-fuzz-device":
                    dev, chk = w[1], "fuzz"
                elif len(w) >= 1 and w[0] == "vct-bench-begin":
                    dev, chk = "bench", "-"
                elif len(w) >= 2 and w[0] == "vct-run-check":
                    chk = w[1]
    except OSError:
        pass
    return dev, chk


def connect(path, until):
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            s.setblocking(False)
            return s
        except OSError:
            s.close()
            if time.monotonic() > until:
                return None
            time.sleep(0.2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qmp", required=True)
    ap.add_argument("--journal", required=True)
    ap.add_argument("--watch", action="append", default=[])
    ap.add_argument("--limit", type=float, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--poll", type=float, default=1.0)
    ap.add_argument("--longest")
    a = ap.parse_args()

    s = connect(a.qmp, time.monotonic() + 60)
    if s is None:
        sys.stderr.write("stallwatch: no QMP monitor at %s: not watching\n" % a.qmp)
        return 0
    buf = b""
    greeted = False
    pending = None                  # when the unanswered command went out
    sent = 0.0                      # when the last command went out
    answered = time.monotonic()     # the monitor's last sign of life
    seen = sizes(a.watch)
    wrote = time.monotonic()        # the guest's last write
    longest = 0.0                   # the longest monitor silence so far (--longest)
    while True:
        now = time.monotonic()
        if greeted and pending is None and now - sent >= a.poll:
            try:
                s.sendall(b'{"execute": "query-status"}\n')
            except BlockingIOError:
                pass                # a full socket buffer: the monitor is not reading; try again
            except OSError:
                return 0
            else:
                pending = sent = now
        r, _, _ = select.select([s], [], [], a.poll)
        if r:
            try:
                chunk = s.recv(65536)
            except BlockingIOError:
                chunk = None
            except OSError:
                return 0
            if chunk == b"":
                return 0            # QEMU closed the monitor: it ended
            if chunk:
                buf += chunk
                t = time.monotonic()
                if a.longest and t - answered > longest + 1 and t - answered >= 2:
                    longest = t - answered
                    dev, chk = running(a.journal)
                    with open(a.longest, "w") as f:
                        f.write("%.1f %s %s\n" % (longest, dev, chk))
                answered = t
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "QMP" in msg and not greeted:
                greeted = True
                s.sendall(b'{"execute": "qmp_capabilities"}\n')
                pending = time.monotonic()
            elif "return" in msg or "error" in msg:
                pending = None
        now = time.monotonic()
        cur = sizes(a.watch)
        if cur != seen:
            seen, wrote = cur, now
        if os.path.exists(a.journal) and os.path.getsize(a.journal) > 0 \
                and now - wrote >= a.limit and now - answered >= a.limit:
            dev, chk = running(a.journal)
            with open(a.out + ".tmp", "w") as f:
                f.write("%s %s %d\n" % (dev, chk, round(a.limit)))
            os.rename(a.out + ".tmp", a.out)
            sys.stderr.write("stallwatch: no guest output and no monitor answer for %gs (running: %s %s)\n"
                             % (a.limit, dev, chk))
            return 1


if __name__ == "__main__":
    sys.exit(main())
