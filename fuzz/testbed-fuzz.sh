#!/usr/bin/env bash
# make fuzz-testbed: a black-box fuzz campaign against the test bed's QEMU
# devices through VFIO (vct's builtin engine, feedback from what the device
# does), with live progress from the guest and a summary at the end. Every
# finding is replayed in the guest with `vct repro`.
#
# env: FUZZ_TIME     seconds per device (default 150: four devices, ten minutes)
#      FUZZ_DEVICES  matrix names (default rng,blk,net,console)
#      BUILD
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
T=${FUZZ_TIME:-150}
DEVS=${FUZZ_DEVICES:-rng,blk,net,console}
[[ $T =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-testbed: FUZZ_TIME wants whole seconds" >&2; exit 2; }
n=$(tr ',' '\n' <<<"$DEVS" | grep -c .)

base=results/fuzz-$(date +%Y%m%d-%H%M%S)
RES=$base; k=1
while [ -e "$RES" ]; do RES=$base-$k; k=$((k + 1)); done
mkdir -p "$RES"
RES=$(cd "$RES" && pwd)

# The campaign's settings and the seed corpora reach the guest as one more
# initrd archive (vct looks for fuzz/corpus beside its own directory: /).
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/etc/vct" "$STAGE/fuzz"
echo "$T" >"$STAGE/etc/vct/fuzz-time"
cp -r fuzz/corpus "$STAGE/fuzz/"
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1n >"$RES/fuzz-conf.cpio.gz"

echo "fuzz-testbed: $n devices ($DEVS), ${T}s each; results in ${RES#"$PWD"/}" >&2
before=$(ls -d "$BUILD"/testbed/run.* 2>/dev/null || true)
TESTBED_MODE=fuzz TESTBED_EXTRA_INITRD="$RES/fuzz-conf.cpio.gz" \
    testbed/run.sh --only "$DEVS" --results "$RES" --timeout $((60 + n * (T + 90))) >"$RES/run.txt" 2>&1 &
RUNPID=$!
# Live progress: the guest console of this run, carriage returns made lines.
for _ in $(seq 50); do
    run=$(comm -13 <(echo "$before" | sort) <(ls -d "$BUILD"/testbed/run.* 2>/dev/null | sort) | head -1)
    [ -n "$run" ] && [ -e "$run/console.log" ] && break
    sleep 0.2
done
if [ -n "${run:-}" ]; then
    # tail ends with the run (--pid), so nothing keeps our stdout open afterwards.
    tail --pid="$RUNPID" -F "$run/console.log" 2>/dev/null | tr '\r' '\n' | \
        grep --line-buffered -E 'vct fuzz|finding|testbed: fuzz' | \
        awk '/\[vct fuzz/ { if (++n % 10) next } { print; fflush() }' >&2 &
fi
rc=0
wait "$RUNPID" || rc=$?
wait 2>/dev/null || true	# the progress pipeline ends with the run
cat "$RES/run.txt"
[ "$rc" = 0 ] || { echo "fuzz-testbed: the test bed failed (exit $rc)" >&2; exit "$rc"; }

echo "# fuzz summary (${T}s per device)"
status=0
for d in $(tr ',' ' ' <<<"$DEVS"); do
    s=$RES/fuzz-$d/summary.txt
    if [ ! -s "$s" ]; then
        echo "$d: no summary (see $RES/fuzz-$d.log)"
        status=1
        continue
    fi
    execs=$(sed -n 's/^executions: //p' "$s"); rate=$(sed -n 's/^execs_per_sec: //p' "$s")
    nf=$(ls "$RES/fuzz-$d/findings/"*.bin 2>/dev/null | wc -l)
    echo "$d: $execs executions ($rate/s), $nf finding(s)"
    for f in "$RES/fuzz-$d/findings/"*.bin; do
        [ -e "$f" ] || continue
        r=$(cat "${f%.bin}.repro.rc" 2>/dev/null || echo none)
        line=$(grep -m1 '^not ok\|^ok' "${f%.bin}.repro.tap" 2>/dev/null || echo "(no TAP)")
        echo "  $(basename "$f" .bin): repro exit $r: $line"
    done
done
echo "# results in ${RES#"$PWD"/}"
exit $status
