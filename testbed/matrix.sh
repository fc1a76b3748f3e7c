#!/usr/bin/env bash
# make matrix: the same device types on every implementation available here
# (testbed/matrix-impl.conf: blk on QEMU's built-in model and on
# qemu-storage-daemon, net on QEMU's and on DPDK's vhost library, fs on
# virtiofsd), each checked by vct in the test bed with crash isolation
# (testbed/isolate.sh: a back end that dies mid-check is a crash of the device
# under test, and the rest runs in a fresh boot), then `vct report --matrix`
# renders statements x implementations. Prints one line per device and
# implementation,
#   matrix: IMPLEMENTATION DEVICE pass=N fail=N skip=N harness-error=N
# and where the matrix went.
#
# env: BUILD, TESTBED_DEV_TIMEOUT (default 240 s per device), MATRIX_ONLY (names),
#      TESTBED_BOOTS (default 16: every crash of a device under test costs a boot)
# exit: 0 every device produced results without a harness error; 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CONF=testbed/matrix-impl.conf
base=results/matrix-$(date +%Y%m%d-%H%M%S)
res=$base; n=1
while [ -e "$res" ]; do res=$base-$n; n=$((n + 1)); done
mkdir -p "$res"
source testbed/lib.sh
mapfile -t NAMES < <(tb_matrix "$CONF" "${MATRIX_ONLY:-}" | cut -f1) || exit 2

t0=$(date +%s)
echo "matrix: ${#NAMES[@]} devices (${NAMES[*]}) in the test bed; results in $res" >&2
TESTBED_BOOTS=${TESTBED_BOOTS:-16} TESTBED_DEV_TIMEOUT=${TESTBED_DEV_TIMEOUT:-240} BUILD=$BUILD testbed/isolate.sh --matrix "$CONF" \
    --only "$(IFS=,; echo "${NAMES[*]}")" --results "$res/run" >"$res/run.txt" 2>"$res/run-stderr.txt"
irc=$?
grep -h '^#' "$res/run.txt" | grep -E '^# (----|results|[a-z0-9-]+  )' >&2 || true

status=0
jsons=()
for name in "${NAMES[@]}"; do
    j=$res/run/$name/result.json
    if [ ! -s "$j" ]; then
        echo "matrix: - ${name%%-*} no result for $name (see $res/run-stderr.txt)"
        status=1
        continue
    fi
    jsons+=("$j")
    # Counts from the device's whole TAP stream (isolate.sh puts it together from every boot);
    # the implementation from its result.json.
    impl=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["device"]; print(d.get("implementation") or d.get("label") or "?")' "$j")
    line=$(awk '
        function flush() { if (pend) { if (err) e++; else f++ } pend = 0; err = 0 }
        /^(not )?ok / {
            flush(); d = $0; sub(/^[^#]*/, "", d); d = tolower(d)
            if (d ~ /^#[ \t]*skip/) s++
            else if (/^ok/) p++
            else pend = 1            # not ok: a failure, a known quirk or a crash, unless its YAML says harness-error
            next
        }
        pend && /^  +outcome: harness-error/ { err = 1 }
        END { flush(); printf "pass=%d fail=%d skip=%d harness-error=%d", p, f, s, e }' "$res/run/$name.tap")
    echo "matrix: $impl ${name%%-*} $line"
    [[ $line == *harness-error=0 ]] || status=1
done
if [ "${#jsons[@]}" -gt 0 ]; then
    "$BUILD/vct" report --matrix "${jsons[@]}" --out "$res" >"$res/report.txt" 2>&1 || status=1
fi
echo "matrix: statements x implementations in $res/matrix.md and $res/matrix.html ($(( $(date +%s) - t0 )) s; isolate.sh exit $irc)"
exit "$status"
