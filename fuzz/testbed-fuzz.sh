#!/usr/bin/env bash
# make fuzz-testbed: a black-box fuzz campaign against the test bed's QEMU
# devices through VFIO (vct's builtin engine, feedback from what the device
# does), with live progress from the guest and a summary at the end. Every
# finding is replayed in the guest with `vct repro`. When a program kills the
# device's process (QEMU itself), the guest dies with it: the program comes
# back through the journal serial line, is saved as a finding and replayed in
# a fresh boot, and the campaign goes on with the next device.
#
# env: FUZZ_TIME     seconds per device (default 150: four devices, ten minutes)
#      FUZZ_DEVICES  matrix names (default rng,blk,net,console)
#      FUZZ_MATRIX   the matrix file (default testbed/matrix.conf; testbed/matrix-impl.conf has
#                    vhost-user back ends: one that dies mid-program is the device dying)
#      BUILD
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
T=${FUZZ_TIME:-150}
DEVS=${FUZZ_DEVICES:-rng,blk,net,console}
[[ $T =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-testbed: FUZZ_TIME wants whole seconds" >&2; exit 2; }
read -r -a LIST <<<"$(tr ',' ' ' <<<"$DEVS")"

base=results/fuzz-$(date +%Y%m%d-%H%M%S)
RES=$base; k=1
while [ -e "$RES" ]; do RES=$base-$k; k=$((k + 1)); done
mkdir -p "$RES"
RES=$(cd "$RES" && pwd)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

# One archive of settings (and seed corpora: vct looks for fuzz/corpus beside
# its own directory, /) appended to the initrd.
conf_archive() {   # OUT FILE... (pairs: guest-path host-file)
    local out=$1; shift
    rm -rf "$STAGE/root"; mkdir -p "$STAGE/root/etc/vct" "$STAGE/root/fuzz"
    echo "$T" >"$STAGE/root/etc/vct/fuzz-time"
    cp -r fuzz/corpus "$STAGE/root/fuzz/"
    while [ $# -ge 2 ]; do cp "$2" "$STAGE/root/$1"; shift 2; done
    (cd "$STAGE/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1n >"$out"
}

# Boot MODE on DEVICES into DIR, showing the guest's fuzz progress live.
boot() {   # MODE DEVICES DIR TIMEOUT ARCHIVE
    local mode=$1 devs=$2 dir=$3 timeout=$4 archive=$5 before run="" rc=0
    before=$(ls -d "$BUILD"/testbed/run.* 2>/dev/null || true)
    TESTBED_MODE=$mode TESTBED_EXTRA_INITRD=$archive \
        testbed/run.sh --matrix "${FUZZ_MATRIX:-testbed/matrix.conf}" --only "$devs" --results "$dir" --timeout "$timeout" >"$dir.run.txt" 2>&1 &
    local pid=$!
    for _ in $(seq 50); do
        run=$(comm -13 <(echo "$before" | sort) <(ls -d "$BUILD"/testbed/run.* 2>/dev/null | sort) | head -1)
        [ -n "$run" ] && [ -e "$run/console.log" ] && break
        sleep 0.2
    done
    if [ -n "$run" ]; then
        # tail ends with the run (--pid), so nothing holds our stdout open afterwards.
        tail --pid="$pid" -F "$run/console.log" 2>/dev/null | tr '\r' '\n' | \
            grep --line-buffered -E 'vct fuzz|finding|testbed: (fuzz|replay)' | \
            awk '/\[vct fuzz/ { if (++n % 10) next } { print; fflush() }' >&2 &
    fi
    wait "$pid" || rc=$?
    wait 2>/dev/null || true
    return "$rc"
}

echo "fuzz-testbed: ${#LIST[@]} devices (${DEVS}), ${T}s each; results in ${RES#"$PWD"/}" >&2
conf_archive "$RES/fuzz-conf.cpio.gz"
i=0 part=0 status=0
DIED=()
while [ "$i" -lt "${#LIST[@]}" ]; do
    rest=$(IFS=,; echo "${LIST[*]:$i}")
    part=$((part + 1))
    dir=$RES/boot-$part
    n=$(( ${#LIST[@]} - i ))
    rc=0
    boot fuzz "$rest" "$dir" $((60 + n * (T + 90))) "$RES/fuzz-conf.cpio.gz" || rc=$?
    if [ "$rc" = 0 ]; then
        break
    fi
    # The VM died: which device, and what was it running?
    j=$dir/fuzz-journal.txt
    dev=$(grep -a '^vct-fuzz-device ' "$j" 2>/dev/null | tail -1 | awk '{print $2}')
    last=$(grep -a '^vct-fuzz-journal ' "$j" 2>/dev/null | tail -1 || true)
    # The shared-memory journal holds the program that ran last (when the guest had it).
    mlast=$(grep -a '^vct-fuzz-journal ' "$dir/fuzz-journal-mem.txt" 2>/dev/null | tail -1 || true)
    [ -z "$mlast" ] || last=$mlast
    # A vhost-user back end that left (run.sh took the VM down for it) speaks for itself.
    why=$(cut -f2 "$dir/backend-died.txt" 2>/dev/null || true)
    [ -n "$why" ] || why=$(grep -a -m1 -E 'Assertion|Aborted|core dumped|Segmentation' "$dir/qemu-stderr.txt" 2>/dev/null || tail -1 "$dir/qemu-stderr.txt" 2>/dev/null || true)
    if [ -z "$dev" ] || [ -z "$last" ]; then
        echo "fuzz-testbed: the test bed failed (exit $rc) without a journal to blame; see ${dir#"$PWD"/}" >&2
        status=1
        break
    fi
    f=$RES/findings-$dev
    mkdir -p "$f"
    awk '{print $3}' <<<"$last" | perl -ne 'chomp; print pack("H*", $_)' >"$f/device-died.bin"
    {
        echo "# oracle: device-died (the device's process exited: the whole guest went with it)"
        echo "# device: $dev"
        echo "# seen: $why"
        echo "# execution: $(awk '{print $2}' <<<"$last")"
        "$BUILD/vct" fuzz --print "$f/device-died.bin" 2>&1
    } >"$f/device-died.txt"
    echo "fuzz-testbed: $dev took QEMU down ($why); program saved, replaying it in a fresh boot" >&2
    conf_archive "$RES/replay-conf.cpio.gz" etc/vct/replay.bin "$f/device-died.bin"
    rrc=0
    boot replay "$dev" "$RES/replay-$dev" 150 "$RES/replay-conf.cpio.gz" || rrc=$?
    rwhy=$(cut -f2 "$RES/replay-$dev/backend-died.txt" 2>/dev/null || true)
    [ -n "$rwhy" ] || rwhy=$(grep -a -m1 -E 'Assertion|Aborted|core dumped|Segmentation' "$RES/replay-$dev/qemu-stderr.txt" 2>/dev/null || true)
    if [ "$rrc" != 0 ] && [ -n "$rwhy" ]; then
        echo "replayed: QEMU died again: $rwhy" >>"$f/device-died.txt"
        DIED+=("$dev: QEMU died ($why); replay in a fresh boot: died again")
    else
        echo "replay: QEMU survived (exit $rrc)" >>"$f/device-died.txt"
        DIED+=("$dev: QEMU died ($why); replay in a fresh boot: did not die again")
    fi
    # Go on after the device that died.
    for ((k = i; k < ${#LIST[@]}; k++)); do [ "${LIST[$k]}" = "$dev" ] && break; done
    i=$((k + 1))
done

echo "# fuzz summary (${T}s per device)"
for d in "${LIST[@]}"; do
    s=$(ls "$RES"/boot-*/fuzz-"$d"/summary.txt 2>/dev/null | tail -1 || true)
    fdir=$(dirname "${s:-/nonexistent/x}")/findings
    if [ -n "$s" ] && [ -s "$s" ]; then
        execs=$(sed -n 's/^executions: //p' "$s"); rate=$(sed -n 's/^execs_per_sec: //p' "$s")
        nf=$(ls "$fdir"/*.bin 2>/dev/null | wc -l || true)
        echo "$d: $execs executions ($rate/s), $nf finding(s)"
        # Against the device's limit, measured in the same boot before the campaign (fuzz/limit.c).
        lim=$(sed -n 's/^limit_per_sec: //p' "$s"); secs=$(sed -n 's/^seconds: //p' "$s")
        if [ -n "$lim" ] && [ "${lim%%.*}" -gt 0 ] 2>/dev/null; then
            awk -v d="$d" -v e="$execs" -v s="$secs" -v l="$lim" \
                'BEGIN { r = s > 0 ? e / s : 0; printf "fuzz-rate: %s %.0f exec/s, limit %.0f/s, ratio %.2f\n", d, r, l, r / l }'
            sed -n 's/^exec_us: /  per execution (us): /p; s/^limit_request: /  limit cycle: /p' "$s"
        else
            echo "fuzz-rate: $d ${rate:-0} exec/s, limit not measured ($(sed -n 's/^limit: //p' "$s"))"
        fi
        for f in "$fdir"/*.bin; do
            [ -e "$f" ] || continue
            r=$(cat "${f%.bin}.repro.rc" 2>/dev/null || echo none)
            line=$(grep -m1 '^not ok\|^ok' "${f%.bin}.repro.tap" 2>/dev/null || echo "(no TAP)")
            echo "  $(basename "$f" .bin): repro exit $r: $line"
        done
    elif [ -e "$RES/findings-$d/device-died.bin" ]; then
        echo "$d: the device's process died; see ${RES#"$PWD"/}/findings-$d/device-died.txt"
        # The rate until then, from the journal the guest kept writing (vct fuzz --journal).
        j=$(grep -l -a "^vct-fuzz-device $d " "$RES"/boot-*/fuzz-journal.txt 2>/dev/null | tail -1)
        if [ -n "$j" ]; then
            awk -v d="$d" '
                $1 == "vct-fuzz-device" { on = ($2 == d) }
                on && $1 == "vct-fuzz-limit" { l = $2 }
                on && $1 == "vct-fuzz-rate" { e = $2; ms = $3 }
                END {
                    if (ms > 0 && l > 0) printf "fuzz-rate: %s %.0f exec/s, limit %.0f/s, ratio %.2f (until the device died, %.0f s)\n", d, e * 1000 / ms, l, e * 1000 / ms / l, ms / 1000
                    else printf "fuzz-rate: %s unknown (the device died before the first rate line)\n", d
                }' "$j"
            # Where an execution's time went, as of the last second before it died.
            awk -v d="$d" '$1 == "vct-fuzz-device" { on = ($2 == d) } on && $1 == "vct-fuzz-time" { t = $0 }
                END { if (t != "") { sub(/^vct-fuzz-time /, "", t); print "  per execution (us): " t } }' "$j"
        fi
    else
        echo "$d: no summary"
        status=1
    fi
done
for x in "${DIED[@]}"; do echo "# device died: $x"; done
echo "# results in ${RES#"$PWD"/}"
exit $status
