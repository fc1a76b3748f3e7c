#!/bin/sh
# PID 1 of the vct test-bed guest (busybox sh). Binds every matrix device to
# vfio-pci, runs `vct run` on each, and ships /out back to the host over ttyS1,
# then powers off. It must never exit: PID 1 exiting panics the kernel, and the
# host would see a boot failure instead of the real error. So there is no
# `set -e`; every step records its failure in /out and carries on.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs ships no /dev/console node, so the kernel could not give us
# stdio before devtmpfs was mounted; take the console now.
exec </dev/console >/dev/console 2>&1

say() { echo "vct-testbed: $*"; }
# Device results are <name>.{tap,log,rc,info} and <name>/; the bed's own
# files end in .txt, which no device name (no dots allowed) can collide with.
OUT=/out
mkdir -p "$OUT"
: >"$OUT/testbed-errors.txt"
err() { say "ERROR: $*"; echo "$*" >>"$OUT/testbed-errors.txt"; }

# Hand /out to the host and stop. The return channel is ttyS1 (the host's
# -serial #2, a plain file), never a device under test. Framing: a BEGIN line,
# base64 of a gzipped tar, an END line; the host decodes what is between.
# Each block is a whole snapshot of /out; the host keeps the last complete one,
# so a snapshot after every fuzzed device survives a device that kills the VM.
ship() {
    dmesg >"$OUT/dmesg.txt" 2>&1
    # raw: no \n -> \r\n or other tty processing of the archive text.
    stty -F /dev/ttyS1 raw -echo 2>/dev/null
    {
        echo "VCT-TESTBED-BEGIN"
        tar -czf - -C / out | base64
        echo "VCT-TESTBED-END"
    } >/dev/ttyS1
}
ship_and_poweroff() {
    ship
    # The last device is done: from here a vhost-user back end leaving (virtiofsd
    # does when QEMU powers off) is no crash (run.sh's watcher).
    echo "vct-run-end" >/dev/ttyS2 2>/dev/null
    # Closing the tty above waits for its output to drain; sync for good measure.
    sync
    say "done, powering off"
    poweroff -f
    sleep 5; exit 1      # unreachable unless poweroff failed: panic -> qemu exits
}

# Settings from the image, overridable per run by run.sh's overlay archive.
DEVICES=/etc/vct/devices
VCT_ARGS=$(cat /etc/vct/args 2>/dev/null)
DEV_TIMEOUT=$(cat /etc/vct/dev-timeout 2>/dev/null)
DEV_TIMEOUT=${DEV_TIMEOUT:-60}
say "kernel $(uname -r), virtio_pci $(cat /etc/vct/virtio-pci 2>/dev/null), $(nproc) cpu(s)"

# vfio and friends, in dependency order (mkimage.sh resolved it).
while read -r ko; do
    [ -n "$ko" ] || continue
    insmod "/lib/modules/$ko" || err "insmod $ko failed"
done </etc/vct/modules
[ -c /dev/vfio/vfio ] || err "/dev/vfio/vfio missing after loading modules"

# For humans debugging group sharing: every PCI function and its group.
for d in /sys/bus/pci/devices/*; do
    g=$(readlink "$d/iommu_group" 2>/dev/null); g=${g##*/}
    drv=$(readlink "$d/driver" 2>/dev/null); drv=${drv##*/}
    echo "${d##*/} $(cat "$d/vendor"):$(cat "$d/device") class=$(cat "$d/class") group=${g:-none} driver=${drv:-none}"
done >"$OUT/pci.txt"
cat "$OUT/pci.txt"

# The host channel: the PCI serial port at 00:01.0 (run.sh), whose other end
# is testbed/hostbridge.py turning vct's host actions into QMP. Used only when
# the bridge answers a hello, so a bed without it SKIPs host actions quickly
# instead of waiting on each.
HOSTCH=
for t in /sys/bus/pci/devices/0000:00:01.0/tty/tty*; do
    [ -e "$t" ] || continue
    dev=/dev/${t##*/}
    stty -F "$dev" raw -echo 2>/dev/null
    # The reader starts first, so the answer cannot pass before it listens.
    timeout 10 grep -m1 -q '^VCT-HOST 1 ok' <"$dev" &
    rd=$!
    sleep 0.2
    echo "VCT-HOST 1 hello -" >"$dev"
    if wait "$rd"; then HOSTCH=$dev; fi
done
if [ -n "$HOSTCH" ]; then
    say "host channel $HOSTCH: the host bridge answers"
else
    say "no host bridge answered: host actions are unavailable"
    echo "no host bridge answered on the host channel" >"$OUT/host-channel.txt"
fi

# resolve ADDR: a matrix address, or port:ADDR for a device behind its own
# root port (hot-pluggable), which is the function below that port.
resolve() {
    case $1 in
        port:*)
            for f in /sys/bus/pci/devices/${1#port:}/0000:*:00.0; do
                [ -e "$f" ] && { echo "${f##*/}"; return 0; }
            done
            echo "${1#port:}-has-no-device-below"; return 1 ;;
        *) echo "$1" ;;
    esac
}

# bind ADDR: give the function to vfio-pci. Unbinds any current driver first
# (a kernel with virtio_pci built in, or another driver, may hold it).
bind() {
    d=/sys/bus/pci/devices/$1
    [ -e "$d" ] || { echo "no PCI device at $1 (check the slot in matrix.conf)"; return 1; }
    cur=$(readlink "$d/driver" 2>/dev/null); cur=${cur##*/}
    [ "$cur" = vfio-pci ] && return 0
    if [ -n "$cur" ]; then
        echo "$1" >"$d/driver/unbind" || { echo "unbind from $cur failed"; return 1; }
    fi
    # driver_override makes drivers_probe pick vfio-pci even though vfio-pci
    # has no ID table entry for virtio devices.
    echo vfio-pci >"$d/driver_override" || { echo "driver_override failed"; return 1; }
    echo "$1" >/sys/bus/pci/drivers_probe 2>/dev/null
    cur=$(readlink "$d/driver" 2>/dev/null); cur=${cur##*/}
    [ "$cur" = vfio-pci ] || { echo "vfio-pci did not bind (driver now: ${cur:-none}); see dmesg.txt"; return 1; }
    # A group is only usable when every member is bound to vfio (or no driver).
    g=$(readlink "$d/iommu_group"); g=${g##*/}
    for m in /sys/kernel/iommu_groups/"$g"/devices/*; do
        [ "${m##*/}" = "$1" ] && continue
        echo "note: iommu group $g is shared with ${m##*/}"
    done
    return 0
}

# Bench mode (make bench): run.sh's overlay sets /etc/vct/mode and appends
# the bench archive (bench/guest-bench.sh, kbench, the kernel's virtio drivers).
if [ "$(cat /etc/vct/mode 2>/dev/null)" = bench ]; then
    # (a journal line arms run.sh's stall watcher: a device that wedges QEMU ends the boot)
    stty -F /dev/ttyS2 raw -echo 2>/dev/null
    echo "vct-bench-begin" >/dev/ttyS2 2>/dev/null
    if [ -r /etc/vct/bench.sh ]; then
        . /etc/vct/bench.sh
    else
        err "bench mode, but no /etc/vct/bench.sh (bench archive missing)"
    fi
    ship_and_poweroff
fi

# Fuzz mode (make fuzz-testbed): a black-box campaign per device with vct's
# builtin engine; its progress goes to the console (the host shows it live),
# and every finding is replayed with vct repro before the results go home.
if [ "$(cat /etc/vct/mode 2>/dev/null)" = fuzz ]; then
    FUZZ_TIME=$(cat /etc/vct/fuzz-time 2>/dev/null)
    FUZZ_TIME=${FUZZ_TIME:-60}
    # The shared-memory journal (run.sh: ivshmem at 00:02.0, 1af4:1110): each
    # program is stored there before it runs; the serial journal keeps the rest.
    JMEM=
    jd=/sys/bus/pci/devices/0000:00:02.0
    if [ "$(cat $jd/vendor 2>/dev/null):$(cat $jd/device 2>/dev/null)" = 0x1af4:0x1110 ]; then
        echo 1 >$jd/enable 2>/dev/null && JMEM="--journal-mem $jd/resource2"
    fi
    [ -n "$JMEM" ] || say "no shared-memory journal: programs go to the serial journal" 
    while read -r name addr impl; do
        [ -n "$name" ] || continue
        addr=$(resolve "$addr")
        if ! bind "$addr" >"$OUT/$name.log" 2>&1; then
            err "$name: bind $addr failed: $(cat "$OUT/$name.log")"
            continue
        fi
        # A device resumed after its process died gets the rest of its time (fuzz/testbed-fuzz.sh).
        # (and a seed of its own, so it does not run the programs of the boot it died in again)
        FT=$(cat "/etc/vct/fuzz-time-$name" 2>/dev/null)
        FT=${FT:-$FUZZ_TIME}
        SEED=$(cat "/etc/vct/fuzz-seed-$name" 2>/dev/null)
        # (and the findings the boots it died in journaled: reported and replayed here, not minimized again)
        HELD=; [ -d "/etc/vct/held-$name" ] && HELD="--held /etc/vct/held-$name"
        # (and the crashes of its process the campaign holds: their guards decline what would repeat them, fuzz/guard.h)
        [ -s "/etc/vct/held-crash-$name" ] && HELD="$HELD --held-crash /etc/vct/held-crash-$name"
        [ -s "/etc/vct/held-crash-$name" ] && [ -e /etc/vct/guard-observe ] && HELD="$HELD --guard-observe"
        say "fuzz $name at $addr for ${FT}s"
        stty -F /dev/ttyS2 raw -echo 2>/dev/null
        echo "vct-fuzz-device $name $addr" >/dev/ttyS2
        # stderr is a pipe here: VCT_PROGRESS=1 keeps the live line the host shows (fuzz/testbed-fuzz.sh).
        VCT_PROGRESS=1 timeout -k 5 $((FT + 60)) /bin/vct fuzz --device "$addr" --engine builtin \
            --time "$FT" ${SEED:+--seed "$SEED"} --out "$OUT/fuzz-$name" --journal /dev/ttyS2 $JMEM $HELD 2>&1 | tee "$OUT/fuzz-$name.log" >/dev/console
        for f in "$OUT/fuzz-$name"/findings/*.bin; do
            [ -e "$f" ] || continue
            timeout -k 5 60 /bin/vct repro "$f" --device "$addr" >"${f%.bin}.repro.tap" 2>&1
            echo "$?" >"${f%.bin}.repro.rc"
        done
        say "fuzz $name: done"
        ship
    done <"$DEVICES"
    ship_and_poweroff
fi

# Replay mode (fuzz-testbed after a device process died): run the journal's
# last program on the device it was fuzzing, to see the process die again.
if [ "$(cat /etc/vct/mode 2>/dev/null)" = replay ]; then
    while read -r name addr impl; do
        [ -n "$name" ] || continue
        addr=$(resolve "$addr")
        bind "$addr" >"$OUT/$name.log" 2>&1 || { err "$name: bind $addr failed"; continue; }
        say "replay on $name at $addr"
        # (names the device for run.sh's stall watcher, armed by a journal line: a replay that wedges QEMU ends the boot)
        stty -F /dev/ttyS2 raw -echo 2>/dev/null
        echo "vct-fuzz-device $name $addr" >/dev/ttyS2
        timeout -k 5 60 /bin/vct repro /etc/vct/replay.bin --device "$addr" >"$OUT/replay-$name.tap" 2>&1
        echo "$?" >"$OUT/replay-$name.rc"
    done <"$DEVICES"
    ship_and_poweroff
fi

# The journal (ttyS2, run.sh): the device about to run, then vct's own lines
# (the check about to run, each finished TAP point), so a device whose process
# takes the VM down still names the check that was running. A boot after
# such a death (testbed/isolate.sh) resumes that device after that check.
JRN=/dev/ttyS2
stty -F "$JRN" raw -echo 2>/dev/null
RESUME=$(cat /etc/vct/resume 2>/dev/null)
while read -r name addr impl; do
    [ -n "$name" ] || continue
    addr=$(resolve "$addr")
    say "device $name at $addr"
    if ! bind "$addr" >"$OUT/$name.log" 2>&1; then
        err "$name: bind $addr failed: $(cat "$OUT/$name.log")"
        echo bind-failed >"$OUT/$name.rc"
        continue
    fi
    g=$(readlink "/sys/bus/pci/devices/$addr/iommu_group"); g=${g##*/}
    echo "$addr group=$g" >"$OUT/$name.info"
    t0=$(cut -d' ' -f1 /proc/uptime)
    HOSTARGS=
    if [ -n "$HOSTCH" ]; then
        # Tells the bridge which matrix line this address is (and starts a scheduled unplug).
        echo "VCT-HOST-MAP $name $addr" >"$HOSTCH"
        HOSTARGS="--host-channel $HOSTCH"
    fi
    # A per-device timeout keeps one hung check from eating the host's whole
    # budget for the other devices. VCT_ARGS is word-split on purpose.
    echo "vct-run-device $name $addr" >"$JRN"
    rdev=${RESUME%% *}; rrest=${RESUME#* }
    # shellcheck disable=SC2086
    if [ -n "$RESUME" ] && [ "$rdev" = "$name" ]; then
        # The points the earlier boots' journals carried out go into this run's results and counts.
        RTAP=
        [ -s /etc/vct/resume.tap ] && RTAP="--resume-tap /etc/vct/resume.tap"
        [ -s /etc/vct/resume-verdict ] && RTAP="$RTAP --resume-verdict $(cat /etc/vct/resume-verdict)"
        timeout -k 5 "$DEV_TIMEOUT" /bin/vct run "$addr" --label "$name" ${impl:+--implementation "$impl"} --results "$OUT/$name" $HOSTARGS $VCT_ARGS \
            --journal "$JRN" --resume-after "${rrest%% *}" --crashed-message "${rrest#* }" $RTAP \
            >"$OUT/$name.tap" 2>>"$OUT/$name.log"
    else
        timeout -k 5 "$DEV_TIMEOUT" /bin/vct run "$addr" --label "$name" ${impl:+--implementation "$impl"} --results "$OUT/$name" $HOSTARGS $VCT_ARGS \
            --journal "$JRN" >"$OUT/$name.tap" 2>>"$OUT/$name.log"
    fi
    rc=$?
    echo "$rc" >"$OUT/$name.rc"
    t1=$(cut -d' ' -f1 /proc/uptime)
    echo "seconds=$(awk "BEGIN{print $t1 - $t0}")" >>"$OUT/$name.info"
    say "device $name: vct exit $rc"
    # A snapshot after every device: one that later takes the VM down cannot take these results with it.
    ship
done <"$DEVICES"

ship_and_poweroff
