#!/usr/bin/env python3
# The test bed's stall detection (testbed/stallwatch.py, run.sh's TESTBED_STALL)
# without a guest: a real QEMU 7.2 (no machine, paused) plays the VM's monitor,
# the test writes the guest's journal, and SIGSTOP freezes QEMU as a device
# model that never lets go of QEMU's big lock would. A stall is declared only
# when the guest writes nothing AND the monitor answers nothing for the whole
# limit: a silent guest on a live QEMU, a guest that still writes, and a VM
# where vct has not begun are never stalls.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WATCH = os.path.join(HERE, "..", "testbed", "stallwatch.py")
LIMIT = 3
sys.path.insert(0, HERE)
from taplib import ok, failed, count  # noqa: E402


qemu = shutil.which("qemu-system-x86_64")
if not qemu:
    print("1..0 # SKIP qemu-system-x86_64 not installed (testbed/ensure-deps.sh)")
    sys.exit(0)
tmp = tempfile.mkdtemp(prefix="testbed-stall-")


class Bed:
    """A QEMU with a monitor of the watcher's own, a journal, a watcher."""

    def __init__(self, name, journal_text):
        self.d = os.path.join(tmp, name)
        os.mkdir(self.d)
        self.sock = os.path.join(self.d, "stall.sock")
        self.jrn = os.path.join(self.d, "journal.raw")
        self.out = os.path.join(self.d, "stalled")
        with open(self.jrn, "w") as f:
            f.write(journal_text)
        self.q = subprocess.Popen([qemu, "-machine", "none", "-S", "-nodefaults", "-display", "none",
                                   "-qmp", "unix:%s,server=on,wait=off" % self.sock],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.w = subprocess.Popen([sys.executable, WATCH, "--qmp", self.sock, "--journal", self.jrn,
                                   "--watch", self.jrn, "--limit", str(LIMIT), "--out", self.out,
                                   "--longest", os.path.join(self.d, "longest")],
                                  stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.t0 = time.monotonic()

    def wait_watcher(self, secs):
        """The watcher's exit status, or None while it still runs after @secs."""
        try:
            self.w.wait(timeout=secs)
        except subprocess.TimeoutExpired:
            return None
        return self.w.returncode

    def journal(self, text):
        with open(self.jrn, "a") as f:
            f.write(text)

    def end(self):
        self.q.kill()          # SIGKILL ends a stopped process too: the monitor socket closes
        self.q.wait()
        if self.wait_watcher(10) is None:
            self.w.kill()
            self.w.wait()
        return self.w.returncode


RUNNING = "vct-run-device blk-packed 0000:00:15.0\nvct-run-check robust.packed.len_max R-3ce0662d MUST\n"

# A live QEMU and a silent guest (a slow case): never a stall, however long.
a = Bed("live", RUNNING)
rc = a.wait_watcher(3 * LIMIT)
ok(rc is None, "a silent guest on a QEMU whose monitor answers is no stall (%d s, limit %d s)" % (3 * LIMIT, LIMIT))
ok(a.end() == 0 and not os.path.exists(a.out), "the watcher leaves quietly when QEMU ends, writing no stall")

# QEMU frozen (its main loop never runs) and the guest silent: a stall, named after the journal's check.
b = Bed("frozen", RUNNING)
time.sleep(1)                    # the watcher has its monitor answering first
b.q.send_signal(signal.SIGSTOP)
t = time.monotonic()
rc = b.wait_watcher(LIMIT + 20)
took = time.monotonic() - t
ok(rc == 1, "a frozen QEMU and a silent guest: the watcher reports a stall (exit %s)" % rc)
ok(LIMIT - 1.5 <= took <= LIMIT + 10, "after the limit, not before (%.1f s, limit %d s)" % (took, LIMIT))
stalled = open(b.out).read() if os.path.exists(b.out) else ""
ok(stalled == "blk-packed robust.packed.len_max %d\n" % LIMIT,
   "the stall names the device and the check the journal shows running (%r)" % stalled)
b.end()

# QEMU frozen but the guest still writing: no stall while it writes; one once it stops.
c = Bed("writing", RUNNING)
time.sleep(1)
c.q.send_signal(signal.SIGSTOP)
t = time.monotonic()
while time.monotonic() - t < 2 * LIMIT:
    c.journal("ok 1 - robust.packed.len_max\n")
    time.sleep(0.5)
    if c.w.poll() is not None:
        break
ok(c.w.poll() is None, "a guest that still writes is no stall while its QEMU's monitor is silent")
c.journal("vct-run-check robust.packed.indirect_len_zero R-eb14c323 MUST NOT\n")
t = time.monotonic()
rc = c.wait_watcher(LIMIT + 20)
ok(rc == 1 and time.monotonic() - t >= LIMIT - 0.5,
   "once it stops writing, a stall after the limit (exit %s, %.1f s)" % (rc, time.monotonic() - t))
stalled = open(c.out).read() if os.path.exists(c.out) else ""
ok(stalled.startswith("blk-packed robust.packed.indirect_len_zero "), "blamed on the check that ran last (%r)" % stalled)
c.end()

# Before vct began (an empty journal: the kernel still booting), a frozen QEMU is left to run.sh's limit.
d = Bed("booting", "")
time.sleep(1)
d.q.send_signal(signal.SIGSTOP)
rc = d.wait_watcher(LIMIT + 3)
ok(rc is None, "no stall before vct begins (an empty journal)")
ok(d.end() == 0 and not os.path.exists(d.out), "and none written when QEMU ends")

print("1..%d" % count())
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failed() else 0)
