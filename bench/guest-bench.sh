# shellcheck shell=sh
# make bench, guest side: sourced by testbed/guest-init.sh (busybox sh, PID 1)
# when /etc/vct/mode says "bench"; it uses guest-init's say, err, bind and
# $OUT, and returns (guest-init ships /out and powers off). Never exits.
#
# For each device of the run (rng, blk, net), in ONE boot: the kernel's own
# driver binds it (virtio_pci + virtio_{blk,net,rng}), kbench measures it,
# then it is unbound, bound to vfio-pci, and `vct stress` measures the same
# device (net: then DPDK's testpmd with its virtio PMD, when the add-on has
# it); BENCH_ROUNDS times, alternating, so a load change on the host hits
# every side alike. One line per measurement goes to $OUT/bench/figures.tsv:
#   row  side(kernel|vct|dpdk)  requests/s  bytes/s  file-with-the-full-output
BENCH_TIME=3
BENCH_VCT_ARGS='--no-verify --irq'
BENCH_NET_DEPTH=256
BENCH_RNG_DEPTH=32
BENCH_ROUNDS=2
# shellcheck disable=SC1091
[ -r /etc/vct/bench.conf ] && . /etc/vct/bench.conf
B=$OUT/bench
mkdir -p "$B"
: >"$B/figures.tsv"
say "bench mode: ${BENCH_TIME}s per measurement, vct args '$BENCH_VCT_ARGS'"
echo "rounds=$BENCH_ROUNDS time=$BENCH_TIME vct_args=$BENCH_VCT_ARGS net_depth=$BENCH_NET_DEPTH rng_depth=$BENCH_RNG_DEPTH" >"$B/settings.txt"

# The kernel's virtio drivers, only now (after vfio): virtio_pci probes every
# virtio function that has no driver yet, i.e. all of them.
while read -r ko; do
    [ -n "$ko" ] || continue
    insmod "/lib/modules/$ko" || err "bench: insmod $ko failed"
done </etc/vct/bench-modules
# Let the kernel settle (udev-less: devtmpfs makes /dev/vda, /dev/hwrng).
sleep 1
# rng-core's fill thread would read the device behind kbench's back.
echo 0 >/sys/class/misc/hw_random/rng_quality 2>/dev/null

# Device interrupts so far (virtio-pci's vectors; vfio-pci's vanish from
# /proc/interrupts when vct exits, so vct counts its own wakeups).
virtio_irqs() {
    awk '/virtio|vfio/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }' /proc/interrupts
}

# measure ROW SIDE CMD...: run CMD, keep its output, record its "rate:" line.
measure() {
    row=$1 side=$2; shift 2
    f=$B/$row.$side.$round.txt
    echo "# $*" >"$f"
    i0=$(virtio_irqs)
    timeout -k 5 $((BENCH_TIME * 4 + 60)) "$@" >>"$f" 2>&1
    rc=$?
    echo "device interrupts taken by the guest kernel: $(( $(virtio_irqs) - i0 ))" >>"$f"
    rate=$(sed -n 's/^rate: *\([0-9.]*\) requests\/s, \([0-9.]*\) bytes\/s.*/\1\t\2/p' "$f" | tail -1)
    if [ -z "$rate" ]; then
        err "bench: $row $side round $round: no figure (exit $rc): $(tail -n 3 "$f" | tr '\n' ' ')"
        rate="-	-"
    fi
    printf '%s\t%s\t%s\t%s\n' "$row" "$side" "$rate" "${f##*/}" >>"$B/figures.tsv"
    say "bench: $row $side round $round: $rate (exit $rc)"
}

driver_of() { d=$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null); echo "${d##*/}"; }
# the kernel's name for the function: vda, eth0, ...
kname() { ls "/sys/bus/pci/devices/$1"/virtio*/"$2" 2>/dev/null | head -n 1; }

# Back to the kernel's driver: clear driver_override (a lone newline does)
# and let virtio-pci probe the function again.
to_kernel() {
    [ "$(driver_of "$1")" = virtio-pci ] && return 0
    d=/sys/bus/pci/devices/$1
    [ -e "$d/driver" ] && echo "$1" >"$d/driver/unbind"
    echo >"$d/driver_override"
    echo "$1" >/sys/bus/pci/drivers_probe 2>/dev/null
    sleep 1
    echo 0 >/sys/class/misc/hw_random/rng_quality 2>/dev/null
    [ "$(driver_of "$1")" = virtio-pci ] || { err "bench: $2: virtio-pci did not take $1 back"; return 1; }
}

to_vfio() {
    if ! bind "$1" >>"$B/bind.txt" 2>&1; then
        err "bench: $2: bind $1 to vfio-pci failed: $(tail -n 2 "$B/bind.txt" | tr '\n' ' ')"
        return 1
    fi
}

# shellcheck disable=SC2086 # BENCH_VCT_ARGS is a word list
while read -r name addr; do
    [ -n "$name" ] || continue
    id=$(cat "/sys/bus/pci/devices/$addr/device" 2>/dev/null)
    echo "$name $addr device=$id driver=$(driver_of "$addr")" >>"$B/devices.txt"
    round=0
    while [ "$round" -lt "$BENCH_ROUNDS" ]; do
    round=$((round + 1))
    to_kernel "$addr" "$name"
    drv=$(driver_of "$addr")
    case $id in
    0x1042)
        disk=$(kname "$addr" block)
        if [ "$drv" = virtio-pci ] && [ -n "$disk" ]; then
            measure blk-qd1 kernel /bin/kbench blk "/dev/$disk" --qd 1 --time "$BENCH_TIME"
            measure blk-qd32 kernel /bin/kbench blk "/dev/$disk" --qd 32 --time "$BENCH_TIME" --no-prefill
        else
            err "bench: $name: virtio_blk did not take $addr (driver ${drv:-none}, disk ${disk:-none})"
        fi
        to_vfio "$addr" "$name" || break
        measure blk-qd1 vct /bin/vct stress "$addr" --reads --depth 1 --time "$BENCH_TIME" $BENCH_VCT_ARGS
        measure blk-qd32 vct /bin/vct stress "$addr" --reads --depth 32 --time "$BENCH_TIME" $BENCH_VCT_ARGS
        ;;
    0x1041)
        ifc=$(kname "$addr" net)
        if [ "$drv" = virtio-pci ] && [ -n "$ifc" ]; then
            ip link set "$ifc" up
            sleep 1
            measure net-tx kernel /bin/kbench net "$ifc" --time "$BENCH_TIME"
            ip link set "$ifc" down
        else
            err "bench: $name: virtio_net did not take $addr (driver ${drv:-none}, interface ${ifc:-none})"
        fi
        to_vfio "$addr" "$name" || break
        measure net-tx vct /bin/vct stress "$addr" --depth "$BENCH_NET_DEPTH" --time "$BENCH_TIME" $BENCH_VCT_ARGS
        # DPDK's virtio PMD on the same function, still bound to vfio-pci (the add-on has it when the host had DPDK).
        if [ -x /bin/dpdk-bench ]; then
            measure net-tx dpdk /bin/dpdk-bench "$addr" "$BENCH_TIME"
        fi
        ;;
    0x1044)
        if [ "$drv" = virtio-pci ] && [ -c /dev/hwrng ]; then
            cat /sys/class/misc/hw_random/rng_current >"$B/rng-current.txt" 2>&1
            measure rng kernel /bin/kbench rng --time "$BENCH_TIME"
        else
            err "bench: $name: no /dev/hwrng from virtio_rng (driver ${drv:-none})"
        fi
        to_vfio "$addr" "$name" || break
        measure rng vct /bin/vct stress "$addr" --depth "$BENCH_RNG_DEPTH" --time "$BENCH_TIME" $BENCH_VCT_ARGS
        ;;
    *) echo "bench: $name ($id) is not benchmarked" >>"$B/devices.txt"; break ;;
    esac
    done
done <"$DEVICES"
