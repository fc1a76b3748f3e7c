#!/usr/bin/env python3
# The test bed's host side of vct's host actions (harness/hostact.h): reads
# requests the guest's vct writes on its host channel (a PCI serial port that
# is not a device under test, a unix socket here), turns each into QMP
# commands on the QEMU running the guest, and answers.
#
# Protocol, one line each way (harness/hostact.c is the other end):
#   guest: VCT-HOST <seq> <action> <target> [key=value ...]
#   host:  VCT-HOST <seq> ok|unsupported|error [text]
#   guest: VCT-HOST-MAP <name> <pci-address>   (guest-init: which matrix line a target is)
# A query's answer is one line of JSON after "ok".
#
# Every wait is bounded; the bridge never blocks QEMU: it leaves when the
# channel closes (QEMU exited) or its own time limit passes.
import argparse
import base64
import json
import os
import select
import socket
import sys
import time

ACTIONS = ("config-change", "link-down", "link-up", "announce", "input-event", "inject-error",
           "unplug", "replug", "pause", "resume", "query", "restore", "system-reset")


def log(msg):
    sys.stderr.write("hostbridge: %s\n" % msg)
    sys.stderr.flush()


class QMPError(Exception):
    pass


class QMP:
    """A minimal QMP client: one command at a time, events kept aside."""

    def __init__(self, path, deadline):
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.buf = b""
        self.events = []
        self._read(10)                       # greeting
        self.cmd("qmp_capabilities")

    def _read(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise QMPError("QMP did not answer within %d s" % timeout)
            r, _, _ = select.select([self.s], [], [], left)
            if r:
                chunk = self.s.recv(65536)
                if not chunk:
                    raise QMPError("QMP connection closed")
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, command, timeout=15, **args):
        name = command
        msg = {"execute": command}
        if args:
            msg["arguments"] = args
        self.s.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read(timeout)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise QMPError("%s: %s" % (name, r["error"].get("desc", r["error"])))
            return r.get("return")

    def wait_event(self, name, pred, timeout):
        end = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("event") == name and pred(e.get("data", {})):
                    del self.events[i]
                    return e
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                r = self._read(left)
            except QMPError:
                return None
            if "event" in r:
                self.events.append(r)


class Unsupported(Exception):
    pass


class Device:
    """One matrix line: what the host can do to it and what it did."""

    def __init__(self, name, driver, actions, devargs, disk_bytes):
        self.name = name
        self.driver = driver
        self.actions = set(a for a in actions.split(",") if a)
        self.devargs = devargs              # the -device value, for replug
        self.disk_bytes = disk_bytes
        self.size = disk_bytes
        self.link_up = True
        self.unplugged = False
        self.port_removed = False           # virtio-serial: its port @ID@-p1 was unplugged
        self.lun_plugged = None             # virtio-scsi: the LUN the host hot-plugged (its id)
        self.plugs = 0
        self.mem_requested = None           # virtio-mem: requested-size before this check changed it


class Bridge:
    def __init__(self, qmp, devices):
        self.qmp = qmp
        self.devs = {d.name: d for d in devices}
        self.addr = {}                      # guest PCI address -> name

    def device(self, target):
        name = self.addr.get(target, target)
        if name not in self.devs:
            raise Unsupported("no test-bed device behind target %s" % target)
        return self.devs[name]

    def need(self, d, action, why=None):
        if action not in d.actions:
            raise Unsupported(why or "the test-bed matrix line of %s does not list '%s' (actions=%s)"
                              % (d.name, action, ",".join(sorted(d.actions)) or "none"))

    # ---- actions -------------------------------------------------------------
    def config_change(self, d, params):
        self.need(d, "config-change")
        if d.driver.startswith("virtio-serial") and "port-remove" in params.get("_words", []):
            # A port leaves the multiport device: the matrix line names it @ID@-p1 (chardev @ID@-c1, nr=1).
            try:
                self.qmp.cmd("device_del", id="%s-p1" % d.name)
            except QMPError as e:
                raise Unsupported("no port %s-p1 to remove on %s (%s)" % (d.name, d.name, e))
            d.port_removed = True
            return "device_del %s-p1" % d.name
        if d.driver.startswith("virtio-blk"):
            # The capacity is what a host changes on a block device: grow by one 4 KiB block or back.
            d.size = d.disk_bytes + 4096 if d.size == d.disk_bytes else d.disk_bytes
            self.qmp.cmd("block_resize", device=d.name, size=d.size)
            return "block_resize %s to %d bytes" % (d.name, d.size)
        if d.driver.startswith("virtio-net"):
            return self.link(d, not d.link_up, "config-change")
        if d.driver.startswith("virtio-balloon"):
            if "free-page-hint" in params:
                raise Unsupported("QEMU starts free page hinting rounds only during a migration, which the "
                                  "test bed does not run")
            mib = int(params.get("target-mib", "256"))
            self.qmp.cmd("balloon", value=mib << 20)
            return "balloon target %d MiB" % mib
        if d.driver.startswith("virtio-scsi"):
            return self.scsi_change(d, params.get("scsi", ""))
        if d.driver.startswith("virtio-mem"):
            path = "/machine/peripheral/%s" % d.name
            now = self.qmp.cmd("qom-get", path=path, property="requested-size")
            if d.mem_requested is None:
                d.mem_requested = now
            # Without a size asked for: 32 MiB more than now, or 32 MiB less once past half the region.
            mib = int(params.get("requested-mib", str(((now >> 20) + 32) if now < (64 << 20) else ((now >> 20) - 32))))
            self.qmp.cmd("qom-set", path=path, property="requested-size", value=mib << 20)
            return "virtio-mem requested-size %d MiB (was %d MiB)" % (mib, now >> 20)
        raise Unsupported("QEMU's %s has no configuration its host can change" % d.driver)

    def scsi_change(self, d, what):
        # The matrix line names the drive of its scsi-hd at LUN 0 <name>-d. A hot-plug adds a
        # scsi-hd at LUN 2 on a fresh null-co node (a node a deleted device held may not be
        # released yet when the next check plugs again).
        if what == "hotplug":
            if not d.lun_plugged:
                d.plugs += 1
                node = "%s-hp%d" % (d.name, d.plugs)
                self.qmp.cmd("blockdev-add", driver="null-co", **{"node-name": node, "size": 64 << 20})
                self.qmp.cmd("device_add", driver="scsi-hd", id=node + "-lun2", bus=d.name + ".0",
                             drive=node, **{"scsi-id": 0, "lun": 2})
                d.lun_plugged = node + "-lun2"
            return "device_add scsi-hd %s (target 0 LUN 2)" % d.lun_plugged
        if what == "resize":
            d.size = d.disk_bytes + 4096 if d.size == d.disk_bytes else d.disk_bytes
            self.qmp.cmd("block_resize", device=d.name + "-d", size=d.size)
            return "block_resize %s-d to %d bytes (LUN 0's capacity)" % (d.name, d.size)
        raise Unsupported("virtio-scsi changes its logical units (scsi=hotplug, scsi=resize), not '%s'" % what)

    def link(self, d, up, action):
        self.need(d, action)
        self.qmp.cmd("set_link", name=d.name, up=up)
        d.link_up = up
        return "set_link %s %s" % (d.name, "up" if up else "down")

    def announce(self, d):
        self.need(d, "announce")
        self.qmp.cmd("announce-self", initial=50, max=550, rounds=1, step=100)
        return "announce-self"

    def input_event(self, d, params):
        self.need(d, "input-event")
        key = params.get("key", "a")
        ev = lambda down: {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": key}}}
        try:
            self.qmp.cmd("input-send-event", device=d.name, events=[ev(True), ev(False)])
            return "input-send-event %s key %s" % (d.name, key)
        except QMPError as e:
            if "not bound to a QemuConsole" not in str(e):
                raise
        # Without a display (the test bed's -display none) no console binds the device: the event
        # then goes to the active keyboard, which is the virtio one once its driver runs.
        self.qmp.cmd("input-send-event", events=[ev(True), ev(False)])
        return "input-send-event (active keyboard) key %s" % key

    def pause(self, d, params):
        # stop/cont is the floor: the whole machine (device and guest) stops for ms, then runs on.
        self.need(d, "pause")
        ms = min(max(int(params.get("ms", "200")), 1), 5000)
        if not self.qmp.cmd("query-status").get("running"):
            raise Unsupported("the machine is not running, so it cannot be paused")
        self.qmp.cmd("stop")
        time.sleep(ms / 1000.0)
        self.qmp.cmd("cont")
        return "stop, %d ms, cont" % ms

    def unplug(self, d):
        self.need(d, "unplug")
        # The guest's removal completes once its driver lets go; the answer does not wait for that.
        self.qmp.cmd("device_del", id=d.name)
        d.unplugged = True
        return "device_del %s" % d.name

    def replug(self, d):
        self.need(d, "replug")
        if d.unplugged:
            if not self.qmp.wait_event("DEVICE_DELETED", lambda e: e.get("device") == d.name, 15):
                return None
            # HMP parses the -device string exactly as the command line did.
            out = self.qmp.cmd("human-monitor-command", **{"command-line": "device_add " + d.devargs})
            if out:
                raise QMPError("device_add: %s" % out.strip())
            d.unplugged = False
        return "device_add %s" % d.name

    def query(self, d, what):
        if what == "stats" and d.driver.startswith("virtio-balloon"):
            self.need(d, "query")
            path = "/machine/peripheral/%s" % d.name
            self.qmp.cmd("qom-set", path=path, property="guest-stats-polling-interval", value=2)
            return json.dumps(self.qmp.cmd("qom-get", path=path, property="guest-stats"))
        if what == "console-output" and d.driver.startswith("virtio-serial"):
            # Port 0's chardev is a ringbuf (@ID@-c0): what reached it, emerg_wr bytes included, as byte values.
            self.need(d, "query")
            try:
                data = self.qmp.cmd("ringbuf-read", device="%s-c0" % d.name, size=65536, format="base64")
            except QMPError as e:
                raise Unsupported("port 0 of %s has no ringbuf chardev %s-c0 (%s)" % (d.name, d.name, e))
            raw = base64.b64decode(data or "")
            return json.dumps({"emerg": list(raw[-32:])})
        if what == "platform-suspend":
            raise Unsupported("QMP query-current-machine says whether the machine can wake from suspend "
                              "(wakeup-suspend-support), not whether memory plugged through %s survives suspend "
                              "and wake-up" % d.driver)
        raise Unsupported("no '%s' query for %s" % (what, d.driver))

    def restore(self, d):
        done = []
        if d.size != d.disk_bytes:
            d.size = d.disk_bytes
            drive = d.name + "-d" if d.driver.startswith("virtio-scsi") else d.name
            self.qmp.cmd("block_resize", device=drive, size=d.size)
            done.append("block_resize back")
        if d.lun_plugged:
            self.qmp.cmd("device_del", id=d.lun_plugged)
            self.qmp.wait_event("DEVICE_DELETED", lambda e: e.get("device") == d.lun_plugged, 5)
            done.append("device_del %s" % d.lun_plugged)
            d.lun_plugged = None
        if not d.link_up:
            self.qmp.cmd("set_link", name=d.name, up=True)
            d.link_up = True
            done.append("link up")
        if d.port_removed:
            self.qmp.wait_event("DEVICE_DELETED", lambda e: e.get("device") == "%s-p1" % d.name, 15)
            out = self.qmp.cmd("human-monitor-command", **{"command-line":
                               "device_add virtserialport,bus=%s.0,id=%s-p1,chardev=%s-c1,nr=1" % ((d.name,) * 3)})
            if out:
                raise QMPError("device_add: %s" % out.strip())
            d.port_removed = False
            done.append("port %s-p1 back" % d.name)
        if d.mem_requested is not None:
            self.qmp.cmd("qom-set", path="/machine/peripheral/%s" % d.name, property="requested-size",
                         value=d.mem_requested)
            done.append("requested-size back to %d MiB" % (d.mem_requested >> 20))
            d.mem_requested = None
        return ", ".join(done) or "nothing to undo"

    def handle(self, action, target, params):
        d = self.device(target)
        if action == "config-change":
            return self.config_change(d, params)
        if action in ("link-down", "link-up"):
            return self.link(d, action == "link-up", action)
        if action == "announce":
            return self.announce(d)
        if action == "input-event":
            return self.input_event(d, params)
        if action == "pause":
            return self.pause(d, params)
        if action == "resume":
            self.need(d, "pause")
            self.qmp.cmd("cont")
            return "cont"
        if action == "unplug":
            return self.unplug(d)
        if action == "replug":
            r = self.replug(d)
            if r is None:
                raise QMPError("the guest did not release %s within 15 s (no DEVICE_DELETED)" % d.name)
            return r
        if action == "query":
            return self.query(d, next(iter(params.get("_words", [])), ""))
        if action == "restore":
            return self.restore(d)
        if action == "system-reset":
            raise Unsupported("QMP system_reset would reset the guest vct runs in, and vct with it")
        if action == "inject-error":
            raise Unsupported("QEMU 7.2 has no runtime error injection for %s (blkdebug rules are fixed "
                              "when the drive is created)" % d.driver)
        raise Unsupported("unknown action '%s'" % action)


def parse_params(words):
    p = {"_words": []}
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            p[k] = v
        else:
            p["_words"].append(w)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qmp", required=True)
    ap.add_argument("--chan", required=True)
    ap.add_argument("--devices", required=True, help="TSV: name driver actions device-args")
    ap.add_argument("--disk-bytes", type=int, default=64 << 20)
    ap.add_argument("--limit", type=int, default=3600, help="seconds before the bridge gives up")
    ap.add_argument("--unplug", default="", help="NAME:SECONDS: pull NAME that long after vct starts on it")
    a = ap.parse_args()
    deadline = time.monotonic() + a.limit

    devices = []
    with open(a.devices) as f:
        for line in f:
            name, driver, actions, devargs = line.rstrip("\n").split("\t")
            devices.append(Device(name, driver, actions, devargs, a.disk_bytes))
    try:
        qmp = QMP(a.qmp, time.monotonic() + 30)
        chan = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        end = time.monotonic() + 30
        while True:
            try:
                chan.connect(a.chan)
                break
            except OSError:
                if time.monotonic() > end:
                    raise
                time.sleep(0.1)
    except (OSError, QMPError) as e:
        log("cannot reach QEMU: %s" % e)
        return 1
    bridge = Bridge(qmp, devices)
    unplug_name, unplug_at = None, None
    if a.unplug:
        unplug_name, secs = a.unplug.split(":")
        unplug_secs = float(secs)
    buf = b""
    while time.monotonic() < deadline:
        wait = 1.0
        if unplug_at is not None:
            wait = max(0.0, min(wait, unplug_at - time.monotonic()))
        r, _, _ = select.select([chan], [], [], wait)
        if unplug_at is not None and time.monotonic() >= unplug_at:
            unplug_at = None
            try:
                qmp.cmd("device_del", id=unplug_name)
                log("pulled %s (device_del) while vct held it" % unplug_name)
            except QMPError as e:
                log("scheduled unplug of %s failed: %s" % (unplug_name, e))
        if not r:
            continue
        chunk = chan.recv(4096)
        if not chunk:
            break                            # QEMU closed the channel: the guest is gone
        buf += chunk
        while b"\n" in buf:
            raw, buf = buf.split(b"\n", 1)
            words = raw.decode("ascii", "replace").strip().split()
            if len(words) >= 3 and words[0] == "VCT-HOST-MAP":
                bridge.addr[words[2]] = words[1]
                if words[1] == unplug_name and unplug_at is None and a.unplug:
                    unplug_at = time.monotonic() + unplug_secs
                    a.unplug = ""            # once
                continue
            if len(words) < 3 or words[0] != "VCT-HOST":
                continue
            seq, action = words[1], words[2]
            target = words[3] if len(words) > 3 else "-"
            if action == "hello":
                status, text = "ok", "hostbridge (QMP)"
            else:
                try:
                    text = bridge.handle(action, target, parse_params(words[4:]))
                    status = "ok"
                except Unsupported as e:
                    status, text = "unsupported", str(e)
                except (QMPError, ValueError, OSError) as e:
                    status, text = "error", str(e)
                except Exception as e:      # a bridge bug must not leave the guest waiting
                    status, text = "error", "hostbridge: %s: %s" % (type(e).__name__, e)
                log("%s %s %s -> %s %s" % (action, target, " ".join(words[4:]), status, text))
            reply = "VCT-HOST %s %s %s\n" % (seq, status, " ".join(str(text).split()))
            try:
                chan.sendall(reply.encode("ascii", "replace"))
            except OSError:
                return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
