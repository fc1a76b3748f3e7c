#!/usr/bin/env python3
# The test bed's host bridge (testbed/hostbridge.py) against a real QEMU 7.2,
# without a guest: QEMU is started paused (-S) with the devices the bridge
# acts on, this test plays the guest's end of the host channel, and every
# action's QMP path is exercised: what QEMU accepts is answered ok, what the
# matrix line does not list or QEMU cannot do is answered unsupported with the
# reason, and the effects are read back over a second QMP connection.
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BRIDGE = os.path.join(HERE, "..", "testbed", "hostbridge.py")
sys.path.insert(0, HERE)
from taplib import ok, failed  # noqa: E402


def qmp_connect(path):
    s = socket.socket(socket.AF_UNIX)
    end = time.monotonic() + 20
    while True:
        try:
            s.connect(path)
            break
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)
    f = s.makefile("rw")
    f.readline()
    f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
    f.flush()
    f.readline()
    return s, f


def qmp(f, cmd, **args):
    f.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "event" not in r:
            return r


qemu = shutil.which("qemu-system-x86_64")
if not qemu:
    print("1..0 # SKIP qemu-system-x86_64 not installed (testbed/ensure-deps.sh)")
    sys.exit(0)

d = tempfile.mkdtemp(prefix="hostbridge-")
proc = bridge = None
try:
    for img in ("blk", "hp"):
        with open(os.path.join(d, img + ".img"), "wb") as f:
            f.truncate(64 << 20)
    with open(os.path.join(d, "devs.tsv"), "w") as f:
        f.write("blk\tvirtio-blk-pci\tconfig-change,pause\tvirtio-blk-pci,id=blk,drive=blk\n"
                "net\tvirtio-net-pci\tconfig-change,link-down,link-up,announce\tvirtio-net-pci,netdev=net\n"
                "bal\tvirtio-balloon-pci\tconfig-change,query\tvirtio-balloon-pci,id=bal\n"
                "kbd\tvirtio-keyboard-pci\tinput-event\tvirtio-keyboard-pci,id=kbd\n"
                "hp\tvirtio-blk-pci\tunplug,replug\tvirtio-blk-pci,id=hp,drive=hp,bus=vct-rp-hp,addr=0x0\n"
                "rng\tvirtio-rng-pci\t\tvirtio-rng-pci\n"
                "ser\tvirtio-serial-pci\tconfig-change,query\tvirtio-serial-pci,id=ser\n")
    proc = subprocess.Popen(
        [qemu, "-S", "-accel", "tcg", "-machine", "q35", "-m", "256M", "-nodefaults", "-display", "none",
         "-qmp", "unix:%s/q.sock,server=on,wait=off" % d, "-qmp", "unix:%s/v.sock,server=on,wait=off" % d,
         "-drive", "if=none,id=blk,format=raw,file=%s/blk.img" % d,
         "-device", "virtio-blk-pci,id=blk,drive=blk,bus=pcie.0,addr=0x11",
         "-netdev", "user,id=net,restrict=on", "-device", "virtio-net-pci,netdev=net,bus=pcie.0,addr=0x12",
         "-device", "virtio-balloon-pci,id=bal,bus=pcie.0,addr=0x13",
         "-device", "virtio-keyboard-pci,id=kbd,bus=pcie.0,addr=0x14",
         "-device", "virtio-rng-pci,bus=pcie.0,addr=0x16",
         "-device", "pcie-root-port,id=vct-rp-hp,bus=pcie.0,addr=0x15,chassis=21,slot=21",
         "-drive", "if=none,id=hp,format=raw,file=%s/hp.img" % d,
         "-device", "virtio-blk-pci,id=hp,drive=hp,bus=vct-rp-hp,addr=0x0",
         "-device", "virtio-serial-pci,id=ser,bus=pcie.0,addr=0x17,max_ports=4",
         "-chardev", "ringbuf,id=ser-c0", "-device", "virtconsole,bus=ser.0,chardev=ser-c0,nr=0",
         "-chardev", "null,id=ser-c1", "-device", "virtserialport,bus=ser.0,id=ser-p1,chardev=ser-c1,nr=1"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "qemu.log"), "w"))
    chan = socket.socket(socket.AF_UNIX)
    chan.bind(os.path.join(d, "chan.sock"))
    chan.listen(1)
    chan.settimeout(30)
    bridge = subprocess.Popen([sys.executable, BRIDGE, "--qmp", d + "/q.sock", "--chan", d + "/chan.sock",
                               "--devices", d + "/devs.tsv", "--limit", "120"],
                              stdin=subprocess.DEVNULL, stderr=open(os.path.join(d, "bridge.log"), "w"))
    conn, _ = chan.accept()
    conn.settimeout(30)
    rf = conn.makefile("r")
    vs, vf = qmp_connect(d + "/v.sock")
    qmp(vf, "cont")        # firmware runs with no boot device: enough for input events and pause
    print("1..23")

    def ask(seq, line):
        conn.sendall(("VCT-HOST %d %s\n" % (seq, line)).encode())
        while True:
            words = rf.readline().rstrip("\n").split(" ", 3)
            if words[:2] == ["VCT-HOST", str(seq)]:
                return words[2], (words[3] if len(words) > 3 else "")

    def size(dev):
        for b in qmp(vf, "query-block")["return"]:
            if b["device"] == dev:
                return b["inserted"]["image"]["virtual-size"]

    conn.sendall(b"VCT-HOST-MAP blk 0000:00:11.0\n")
    ok(ask(1, "hello -")[0] == "ok", "the bridge answers hello")
    st, txt = ask(2, "config-change 0000:00:11.0")
    ok(st == "ok" and size("blk") == (64 << 20) + 4096, "blk config-change: block_resize by one 4 KiB block (%s)" % txt)
    st, txt = ask(3, "restore 0000:00:11.0")
    ok(st == "ok" and size("blk") == 64 << 20, "blk restore: the size is back (%s)" % txt)
    st, txt = ask(4, "config-change net")
    ok(st == "ok" and "down" in txt, "net config-change: set_link down (%s)" % txt)
    st, txt = ask(5, "restore net")
    ok(st == "ok" and "link up" in txt, "net restore: link up again (%s)" % txt)
    ok(ask(6, "link-down net")[0] == "ok" and ask(7, "link-up net")[0] == "ok", "net link-down / link-up")
    ok(ask(8, "announce net")[0] == "ok", "net announce: announce-self")
    st, txt = ask(9, "config-change bal target-mib=200")
    ok(st == "ok", "balloon config-change: QMP balloon (%s)" % txt)
    st, txt = ask(10, "query bal stats")
    ok(st == "ok" and "stats" in json.loads(txt), "balloon query stats: qom-get guest-stats as one JSON line")
    st, txt = ask(11, "input-event kbd key=a")
    ok(st == "ok", "keyboard input-event: input-send-event (%s)" % txt)
    st, txt = ask(12, "pause blk ms=50")
    ok(st == "ok" and qmp(vf, "query-status")["return"]["status"] == "running",
       "pause: stop, wait, cont: the machine runs again (%s)" % txt)
    st, txt = ask(13, "inject-error blk")
    ok(st == "unsupported" and "blkdebug" in txt, "inject-error: unsupported, saying why (%s)" % txt)
    st, txt = ask(14, "config-change rng")
    ok(st == "unsupported" and "does not list" in txt, "an action the matrix line does not list: unsupported (%s)" % txt)
    st, txt = ask(15, "config-change kbd")
    ok(st == "unsupported", "config-change on a keyboard line without it: unsupported")
    st, txt = ask(16, "config-change 0000:00:99.0")
    ok(st == "unsupported" and "no test-bed device" in txt, "an unknown target: unsupported (%s)" % txt)
    st, txt = ask(17, "unplug hp")
    ok(st == "ok", "unplug: device_del on the device behind its root port (%s)" % txt)
    qmp(vf, "ringbuf-write", device="ser-c0", data="vct")
    st, txt = ask(20, "query ser console-output")
    ok(st == "ok" and json.loads(txt).get("emerg", [])[-3:] == [118, 99, 116],
       "virtio-serial query console-output: port 0's ringbuf as byte values (%s)" % txt)

    def ports():
        return [p["name"] for p in qmp(vf, "qom-list", path="/machine/peripheral")["return"]]
    st, txt = ask(21, "config-change ser port-remove")
    ok(st == "ok" and "ser-p1" not in ports(), "virtio-serial config-change port-remove: device_del ser-p1 (%s)" % txt)
    st, txt = ask(22, "restore ser")
    ok(st == "ok" and "ser-p1" in ports(), "virtio-serial restore: the port is plugged back (%s)" % txt)
    conn.sendall(b"garbage line\nVCT-HOST\n")
    ok(ask(23, "hello -")[0] == "ok", "lines that are not requests are ignored")
    st, txt = ask(24, "frobnicate blk")
    ok(st == "unsupported", "an unknown action: unsupported")
    conn.close()
    rf.close()
    try:
        bridge.wait(timeout=10)
        ok(bridge.returncode == 0, "the bridge leaves when the channel closes")
    except subprocess.TimeoutExpired:
        ok(False, "the bridge leaves when the channel closes")
    log = open(os.path.join(d, "bridge.log")).read()
    ok("Traceback" not in log, "the bridge logged no Python error")
    vs.close()
finally:
    for p in (bridge, proc):
        if p and p.poll() is None:
            p.kill()
            p.wait()
    shutil.rmtree(d, ignore_errors=True)
sys.exit(1 if failed() else 0)
