#!/usr/bin/env bash
# make bench, host side. Prints (and writes to results/bench-<time>/bench.txt)
# one table of ratios measured side by side in one run:
#   - in the test-bed guest, on the same QEMU device in the same boot, vct's
#     driver (VFIO, `vct stress`) against the Linux kernel's own virtio driver
#     (kbench: O_DIRECT reads, /dev/hwrng, AF_PACKET) -- bench/guest-bench.sh;
#   - `vct stress` against the in-process reference device (no VM).
# Figures, not a test: the exit status only says whether every figure came.
#
# env: BENCH_TIME     seconds per measurement (default 3)
#      BENCH_ROUNDS   kernel/vct alternations per device in the guest (default 2);
#                     the table shows each side's best round
#      BENCH_VERIFY   1: vct verifies every byte (default 0: --no-verify)
#      BENCH_IRQ      1 (default): vct sleeps on its MSI-X interrupt after a short
#                     spin (--irq), so the idle vCPU leaves the host's cores to
#                     QEMU's I/O threads; 0: vct busy-polls the used ring
#      BENCH_NET_DEPTH, BENCH_RNG_DEPTH  vct's requests in flight (256, 32)
#      BENCH_APPEND   guest kernel parameters for this run, e.g. iommu.passthrough=1
#                     (the kernel driver without per-request vIOMMU maps; vct unchanged)
#      BENCH_ADDON    the bench archive (bench/bench.mk builds it), BUILD
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VCT=$BUILD/vct
ADDON=${BENCH_ADDON:-$BUILD/bench/bench-addon.cpio.gz}
T=${BENCH_TIME:-3}
NET_DEPTH=${BENCH_NET_DEPTH:-256}
RNG_DEPTH=${BENCH_RNG_DEPTH:-32}
ROUNDS=${BENCH_ROUNDS:-2}
[[ $ROUNDS =~ ^[1-9]$ ]] || { echo "bench: BENCH_ROUNDS wants 1..9" >&2; exit 2; }
[[ $T =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_TIME wants whole seconds" >&2; exit 2; }
VARGS=--no-verify
[ "${BENCH_VERIFY:-0}" = 1 ] && VARGS=
[ "${BENCH_IRQ:-1}" = 1 ] && VARGS="${VARGS:+$VARGS }--irq"
for f in "$VCT" "$ADDON"; do [ -e "$f" ] || { echo "bench: missing $f (make bench builds it)" >&2; exit 2; }; done
# The DPDK column: the add-on has testpmd and its virtio PMD when the host has DPDK (testbed/mkimage.sh).
DPDK=0
DPDK_VER=$(gzip -dc "$ADDON" | cpio -i --to-stdout etc/vct/bench-dpdk 2>/dev/null || true)
[ -n "$DPDK_VER" ] && DPDK=1

base=results/bench-$(date +%Y%m%d-%H%M%S)
RES=$base; n=1
while [ -e "$RES" ]; do RES=$base-$n; n=$((n + 1)); done
mkdir -p "$RES/refdev"
RES=$(cd "$RES" && pwd)
SHOWN=${RES#"$PWD"/}

rate_of() {   # FILE -> "requests/s<TAB>bytes/s" from a "rate:" line
    sed -n 's/^rate: *\([0-9.]*\) requests\/s, \([0-9.]*\) bytes\/s.*/\1\t\2/p' "$1" | tail -1
}

# --- the guest: kernel driver, then vct, on each device ------------------------
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/etc/vct"
cat >"$STAGE/etc/vct/bench.conf" <<EOF
BENCH_TIME=$T
BENCH_VCT_ARGS='$VARGS'
BENCH_NET_DEPTH=$NET_DEPTH
BENCH_RNG_DEPTH=$RNG_DEPTH
BENCH_ROUNDS=$ROUNDS
EOF
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1n >"$RES/bench-conf.cpio.gz"
echo "bench: booting the test bed (rng, blk, net; ${T}s per measurement, $(((8 + DPDK) * ROUNDS)) measurements)" >&2
grc=0
# DPDK 22.11 as Debian builds it needs SSE4.2 and POPCNT, which TCG's default CPU model (qemu64) lacks.
[ "$DPDK" = 1 ] && export TESTBED_CPU=${TESTBED_CPU:-max}
TESTBED_APPEND=${BENCH_APPEND:-} TESTBED_MODE=bench TESTBED_EXTRA_INITRD="$PWD/$ADDON $RES/bench-conf.cpio.gz" \
    ./testbed/run.sh --only rng,blk,net --results "$RES/guest" --timeout $((120 + ROUNDS * (30 + 16 * T + DPDK * (90 + T)))) >"$RES/testbed.txt" 2>&1 || grc=$?
rm -f "$RES/bench-conf.cpio.gz"
[ "$grc" = 0 ] || { echo "bench: test bed failed (exit $grc):" >&2; tail -n 30 "$RES/testbed.txt" >&2; }

# --- the reference device, host side --------------------------------------------
echo "bench: reference device rows (host, no VM)" >&2
ref() {   # ROW ARGS...
    local row=$1; shift
    echo "# $VCT stress $*" >"$RES/refdev/$row.txt"
    # shellcheck disable=SC2086
    timeout -k 5 $((T * 4 + 30)) "$VCT" stress "$@" --time "$T" $VARGS >>"$RES/refdev/$row.txt" 2>&1 || true
}
ref blk-qd1 refdev:blk --reads --depth 1
ref blk-qd32 refdev:blk --reads --depth 32
ref rng refdev:rng --depth "$RNG_DEPTH"
ref net-tx refdev:net --depth "$NET_DEPTH"

# --- table ------------------------------------------------------------------------
FIG=$RES/guest/bench/figures.tsv
fig() {   # ROW SIDE COLUMN(3 = requests/s, 4 = bytes/s): the best round
    [ -r "$FIG" ] && awk -F'\t' -v r="$1" -v s="$2" -v c="$3" \
        '$1 == r && $2 == s && $c != "-" && $c + 0 > v + 0 { v = $c } END { print v }' "$FIG"
}
rounds() {   # ROW SIDE COLUMN SCALE: every round's figure
    [ -r "$FIG" ] && awk -F'\t' -v r="$1" -v s="$2" -v c="$3" -v k="$4" \
        '$1 == r && $2 == s { printf "%s%s", n++ ? " " : "", $c == "-" ? "-" : sprintf("%.0f", $c / k) }' "$FIG"
}
missing=0
{
    echo "vct bench $(date -u +%Y-%m-%dT%H:%M:%SZ): vct $(git describe --always --dirty 2>/dev/null || echo ?)," \
         "QEMU $(qemu-system-x86_64 --version | head -1 | sed 's/.*version //'), TCG, guest kernel $(cat "$BUILD/testbed/kernel-abi" 2>/dev/null)"
    echo "${T} s per figure; vct ${VARGS:-verifying every byte}; same device, same boot: kernel driver first, then vfio-pci + vct$([ "$DPDK" = 1 ] && echo ", then $DPDK_VER (virtio PMD, txonly)")"
    echo "guest: 1 vCPU${TESTBED_CPU:+ ($TESTBED_CPU)}, intel-iommu (caching-mode)${BENCH_APPEND:+, kernel parameters: $BENCH_APPEND}"
    echo
    printf '%-44s %14s %14s %14s %9s %9s\n' "guest, QEMU device (best of $ROUNDS)" "vct" "kernel" "dpdk" "vct/kern" "vct/dpdk"
    row() {   # ROW COLUMN LABEL UNIT SCALE [dpdk: the row has a DPDK figure]
        local v k d ratio dratio
        v=$(fig "$1" vct "$2"); k=$(fig "$1" kernel "$2"); d=
        if [ -z "$v" ] || [ "$v" = - ]; then v=; missing=1; fi
        if [ -z "$k" ] || [ "$k" = - ]; then k=; missing=1; fi
        if [ "${6:-}" = dpdk ] && [ "$DPDK" = 1 ]; then
            d=$(fig "$1" dpdk "$2")
            if [ -z "$d" ] || [ "$d" = - ]; then d=; missing=1; fi
        fi
        ratio=$(awk -v a="${v:-0}" -v b="${k:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }')
        dratio=$(awk -v a="${v:-0}" -v b="${d:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }')
        printf '%-44s %14s %14s %14s %9s %9s\n' "$3" \
            "$(awk -v a="${v:-0}" -v s="$5" -v u="$4" 'BEGIN { if (a > 0) printf "%.0f %s", a / s, u; else print "-" }')" \
            "$(awk -v a="${k:-0}" -v s="$5" -v u="$4" 'BEGIN { if (a > 0) printf "%.0f %s", a / s, u; else print "-" }')" \
            "$(awk -v a="${d:-0}" -v s="$5" -v u="$4" 'BEGIN { if (a > 0) printf "%.0f %s", a / s, u; else print "-" }')" "$ratio" "$dratio"
    }
    row blk-qd1 3 "virtio-blk 4K random read, QD1" "IOPS" 1
    row blk-qd32 3 "virtio-blk 4K random read, QD32" "IOPS" 1
    row rng 4 "virtio-rng (vct depth $RNG_DEPTH x 64 B)" "KB/s" 1000
    row net-tx 3 "virtio-net tx 1514 B frames (vct depth $NET_DEPTH)" "fps" 1 dpdk
    echo "rounds (vct | kernel): blk-qd1 $(rounds blk-qd1 vct 3 1) | $(rounds blk-qd1 kernel 3 1);" \
         "blk-qd32 $(rounds blk-qd32 vct 3 1) | $(rounds blk-qd32 kernel 3 1)"
    echo "  rng KB/s $(rounds rng vct 4 1000) | $(rounds rng kernel 4 1000);" \
         "net-tx $(rounds net-tx vct 3 1) | $(rounds net-tx kernel 3 1)$([ "$DPDK" = 1 ] && echo " | dpdk $(rounds net-tx dpdk 3 1)")"
    echo
    # What each side made the device (or the guest kernel) do per request.
    printf '%-44s %14s %14s %14s\n' "per request, round 1" "vct notifies" "vct wakeups" "kernel irqs"
    for r in blk-qd1 blk-qd32 rng net-tx; do
        vf=$RES/guest/bench/$r.vct.1.txt kf=$RES/guest/bench/$r.kernel.1.txt
        vn=$(sed -n 's/^notifies: *\([0-9]*\) .*/\1/p' "$vf" 2>/dev/null)
        vr=$(sed -n 's/^requests: *\([0-9]*\) completed.*/\1/p' "$vf" 2>/dev/null)
        ki=$(sed -n 's/^device interrupts taken by the guest kernel: *\([0-9]*\)/\1/p' "$kf" 2>/dev/null)
        vi=$(sed -n 's/^wakeups: *\([0-9]*\) .*/\1/p' "$vf" 2>/dev/null)
        kr=$(sed -n 's/^rate:.*(\([0-9]*\) in .*/\1/p' "$kf" 2>/dev/null)
        printf '%-44s %14s %14s %14s\n' "$r" \
            "$(awk -v a="${vn:-0}" -v b="${vr:-0}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')" \
            "$(awk -v a="${vi:-0}" -v b="${vr:-0}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')" \
            "$(awk -v a="${ki:-0}" -v b="${kr:-0}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')"
    done
    echo "(notifies: available-buffer notifications, each an MMIO write QEMU emulates; wakeups: vct --irq"
    echo " sleeps its MSI-X interrupt ended; kernel irqs: virtio-pci interrupts; rng kernel: per read(2) of 4 KiB)"
    echo
    printf '%-44s %14s\n' "host, in-process reference device (vct)" "vct"
    for r in blk-qd1:"refdev:blk 4K random read, QD1" blk-qd32:"refdev:blk 4K random read, QD32" \
             rng:"refdev:rng (depth $RNG_DEPTH x 64 B)" net-tx:"refdev:net tx+loopback (depth $NET_DEPTH)"; do
        f=$RES/refdev/${r%%:*}.txt
        v=$(rate_of "$f" | cut -f1)
        [ -n "$v" ] || missing=1
        printf '%-44s %14s\n' "${r#*:}" "$(awk -v a="${v:-0}" 'BEGIN { if (a > 0) printf "%.0f req/s", a; else print "-" }')"
    done
    if [ -s "$RES/guest/testbed-errors.txt" ]; then
        echo; echo "guest errors:"; sed 's/^/  /' "$RES/guest/testbed-errors.txt"
    fi
    echo
    echo "full outputs: $SHOWN/guest/bench/*.txt, $SHOWN/refdev/*.txt"
} | tee "$RES/bench.txt"
[ "$grc" = 0 ] && [ "$missing" = 0 ]
