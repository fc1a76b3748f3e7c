#!/usr/bin/env bash
# Crash isolation for test-bed runs (make robustness): boot the bed with
# testbed/run.sh; when a device's process dies mid-run (QEMU hosts the guest,
# so the guest and vct die with it), the journal serial line names the check
# or case that was running (`vct run --journal`): it is recorded as crashed
# with QEMU's own message, and the bed boots again for the rest of that
# device's run (`vct run --resume-after`) and the devices after it, so one
# crash never hides the rest of a run. Each device's TAP is put together from
# its boots: the points the journal carried out of the boot that died, the
# crashed point, the rest.
#
# The resumed run also gets those journal points (vct run --resume-tap), so
# the device's result.json and counts hold every check, not only the ones
# after the crash.
#
# usage: testbed/isolate.sh [--results DIR] [--only DEVICES] [--matrix FILE] [other run.sh options]
#        (DIR default results/isolated-<time>; each boot's own results in DIR/boot-N)
# env:   everything run.sh takes; TESTBED_BOOTS (default: the devices + 8): at
#        most this many boots (a device that crashes on every case still ends).
#        A robustness run of the default matrix on QEMU 7.2 needs more than 8.
#        TESTBED_LANES (default 1): boots side by side, each lane running one device
#        at a time (DIR/NAME.run/ holds a device's boots; TESTBED_BOOTS then bounds
#        each device's, default 16). make robustness runs 2.
# exit:  as run.sh for the last boot; 3 when a boot died without a journal to blame.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
source testbed/lib.sh

ONLY="" ARGS=() RES="" MATRIX=testbed/matrix.conf
while [ $# -gt 0 ]; do
    case $1 in
        --only) ONLY=$2; shift 2 ;;
        --matrix) MATRIX=$2; ARGS+=("$1" "$2"); shift 2 ;;
        --results) RES=$2; shift 2 ;;
        *) ARGS+=("$1"); shift ;;
    esac
done
mapfile -t ALL < <(tb_matrix "$MATRIX" "$ONLY" | cut -f1) || exit 2
[ "${#ALL[@]}" -gt 0 ] || { echo "testbed/isolate.sh: no device selected" >&2; exit 2; }

if [ -z "$RES" ]; then
    base=results/isolated-$(date +%Y%m%d-%H%M%S)
    RES=$base; k=1
    while [ -e "$RES" ]; do RES=$base-$k; k=$((k + 1)); done
fi
mkdir -p "$RES"
RES=$(cd "$RES" && pwd)
SHOWN=${RES#"$PWD"/}

# Lanes: TESTBED_LANES boots side by side (each a TCG guest of one thread: one
# core each; VCT_BOOT_SLOTS still bounds them machine-wide). Each lane claims the
# next device (packed-ring ones first, below) and runs it alone through this script (its own
# boots, crashes and stalls), then claims the next, so a device that costs many
# boots does not hold up the others. Costs a boot per device instead of one for
# all: ~10 s each on an idle host, against minutes saved when a device stalls.
LANES=${TESTBED_LANES:-1}
[[ $LANES =~ ^[1-9][0-9]*$ ]] || { echo "testbed/isolate.sh: TESTBED_LANES wants a count (1, 2, ...)" >&2; exit 2; }
[ "$LANES" -gt "${#ALL[@]}" ] && LANES=${#ALL[@]}
if [ "$LANES" -gt 1 ]; then
    # The packed-ring devices are claimed first: the packed ring's own cases apply to them
    # besides the split ring's (about 20 more than on the same type without it), so they are
    # the longest, and a lane that starts with the longest ends nearest the others.
    tb_matrix "$MATRIX" "$ONLY" | awk -F'\t' '$3 ~ /(^|,)packed=on(,|$)/ { print $1 }' >"$RES/queue.txt"
    tb_matrix "$MATRIX" "$ONLY" | awk -F'\t' '$3 !~ /(^|,)packed=on(,|$)/ { print $1 }' >>"$RES/queue.txt"
    : >"$RES/queue.next"
    claim() {   # the next unclaimed device of queue.txt, or nothing
        (
            flock 8
            n=$(wc -l <"$RES/queue.next")
            d=$(sed -n "$((n + 1))p" "$RES/queue.txt")
            [ -n "$d" ] && echo "$d" >>"$RES/queue.next"
            echo "$d"
        ) 8>>"$RES/queue.lock"
    }
    lane() {
        local k=$1 d lrc
        while d=$(claim) && [ -n "$d" ]; do
            echo "testbed/isolate.sh: lane $k: $d" >&2
            lrc=0
            TESTBED_LANES=1 TESTBED_BOOTS=${TESTBED_BOOTS:-16} testbed/isolate.sh --only "$d" --results "$RES/$d.run" "${ARGS[@]}" \
                >"$RES/$d.run.out" 2> >(sed -u "s/^testbed\/isolate.sh: /testbed\/isolate.sh: lane $k: /" >&2) || lrc=$?
            echo "$lrc" >"$RES/$d.run.rc"
        done
    }
    pids=()
    for ((k = 1; k <= LANES; k++)); do lane "$k" & pids+=($!); done
    wait "${pids[@]}"
    boots=0 worst=
    for name in "${ALL[@]}"; do
        r=$RES/$name.run
        echo "# device: $name"
        cat "$r/$name.tap" 2>/dev/null || echo "# no TAP for $name: no boot completed it"
        for f in "$name.tap" "$name.rc" "$name.partial.tap"; do cp "$r/$f" "$RES/$f" 2>/dev/null; done
        [ -d "$r/$name" ] && cp -r "$r/$name" "$RES/$name"
        cat "$r/crashes.tsv" >>"$RES/crashes.tsv" 2>/dev/null
        boots=$((boots + $(find "$r" -maxdepth 1 -name 'boot-*' -type d | wc -l)))
        lrc=$(cat "$RES/$name.run.rc" 2>/dev/null || echo 3)
        # The worst of the lanes' exits: a boot that died unblamed (3), a device without TAP (4), usage (2).
        case $lrc in 3) worst=3 ;; 4) [ "$worst" = 3 ] || worst=4 ;; 0) ;; *) [ -n "$worst" ] || worst=$lrc ;; esac
    done
    {
        echo "# ---- isolated run: $boots boot(s) in $LANES lanes ----"
        for name in "${ALL[@]}"; do
            grep -a "^# $name  " "$RES/$name.run/summary.txt" 2>/dev/null || echo "# $name  NO TAP"
        done
        echo "# results: $SHOWN"
    } | tee "$RES/summary.txt"
    exit "${worst:-0}"
fi

i=0 boot=0 resume="" rverdict="" rc=0
declare -A CRASHES DONE_IN
BOOTS=${TESTBED_BOOTS:-$((${#ALL[@]} + 8))}
while [ "$i" -lt "${#ALL[@]}" ] && [ "$boot" -lt "$BOOTS" ]; do
    boot=$((boot + 1))
    todo=$(IFS=,; echo "${ALL[*]:$i}")
    dir=$RES/boot-$boot
    echo "testbed/isolate.sh: boot $boot: ${todo}${resume:+ (resuming ${resume%% *} after ${resume#* })}" >&2
    rc=0
    rtap=
    [ -n "$resume" ] && rtap=$RES/${resume%% *}.partial.tap
    TESTBED_RESUME=$resume TESTBED_RESUME_TAP=$rtap TESTBED_RESUME_VERDICT=$rverdict testbed/run.sh --only "$todo" --results "$dir" "${ARGS[@]}" \
        >"$dir.out" 2>"$dir.err" || rc=$?
    # Every device of this boot that came home complete is done.
    for ((j = i; j < ${#ALL[@]}; j++)); do
        [ -s "$dir/${ALL[$j]}.rc" ] && DONE_IN[${ALL[$j]}]=$boot
    done
    [ "$rc" = 3 ] || break
    # The VM died: which device was running, and which check?
    jrn=$dir/journal.txt
    dev=$(tr -d '\r' <"$jrn" 2>/dev/null | grep -a '^vct-run-device ' | tail -1 | awk '{print $2}')
    chk=$(tr -d '\r' <"$jrn" 2>/dev/null | awk -v d="$dev" '$1 == "vct-run-device" { on = ($2 == d) } on && $1 == "vct-run-check" { c = $2 } END { print c }')
    if [ -z "$dev" ] || [ -z "$chk" ]; then
        echo "testbed/isolate.sh: boot $boot died (run.sh exit 3) without a journal line to blame; see $SHOWN/boot-$boot.err" >&2
        break
    fi
    # A vhost-user back end that left (run.sh took the VM down for it): its own last words.
    why=$(cut -f2 "$dir/backend-died.txt" 2>/dev/null)
    # QEMU's own last words: an assertion or abort line, else its last message (earlier
    # lines are the device's complaints about earlier cases), else how run.sh saw it end.
    [ -n "$why" ] || why=$(grep -a -E 'Assertion|Aborted|core dumped|Segmentation' "$dir/qemu-stderr.txt" 2>/dev/null | tail -1)
    if [ -z "$why" ]; then
        # No last words: the signal it died of, from its exit status (run.sh: "qemu exited with status N").
        st=$(grep -a -o -m1 -E 'qemu exited with status [0-9]+' "$dir.err" 2>/dev/null | awk '{ print $NF }')
        if [ -n "$st" ] && [ "$st" -gt 128 ]; then
            why="QEMU died of signal $((st - 128)) (SIG$(kill -l $((st - 128)) 2>/dev/null)) without a message"
        fi
    fi
    [ -n "$why" ] || why=$(grep -a -E '^qemu-system' "$dir/qemu-stderr.txt" 2>/dev/null | tail -1)
    [ -n "$why" ] || why=$(grep -a -m1 -E 'qemu exited|killed' "$dir.err" 2>/dev/null | sed 's/^testbed: //' || true)
    [ -n "$why" ] || why="QEMU exited without a message"
    rverdict=crashed
    if [ -s "$dir/stalled.txt" ]; then
        # Not a death: the device's process held QEMU's main loop and with it the guest, and the test
        # bed killed it (run.sh, TESTBED_STALL: no guest output and no monitor answer for that long).
        read -r sdev schk ssecs <"$dir/stalled.txt"
        [ "$sdev" = "$dev" ] && [ "$schk" = "$chk" ] && rverdict=wedged
        [ "$rverdict" = wedged ] &&
            why="QEMU stopped running the guest (no guest output and no monitor answer for ${ssecs}s; last: $(grep -a -E '^qemu-system' "$dir/qemu-stderr.txt" 2>/dev/null | tail -1 | cut -c1-80)); the test bed killed it"
    fi
    why=$(printf '%s' "$why" | tr -d '\r\n' | cut -c1-180)
    # The points the journal carried out of the boot that died: this device's, up to
    # the last check line. The blamed check's own point may have made it out too
    # (the device died while vct quiesced it after the check): it is reported
    # crashed instead, once, by the resumed run.
    tr -d '\r' <"$jrn" | awk -v d="$dev" '
        $1 == "vct-run-device" { on = ($2 == d); next }
        !on { next }
        $1 == "vct-run-check" { for (k = 1; k <= n; k++) print buf[k]; n = 0; next }
        { buf[++n] = $0 }' >>"$RES/$dev.partial.tap"
    CRASHES[$dev]="${CRASHES[$dev]:-}${CRASHES[$dev]:+ }$chk$([ "$rverdict" = wedged ] && echo ' (stalled)')"
    printf '%s\t%s\t%s\t%s\n' "$dev" "$chk" "$why" "$rverdict" >>"$RES/crashes.tsv"
    echo "testbed/isolate.sh: $dev $([ "$rverdict" = wedged ] && echo stalled || echo died) during $chk ($why); the rest of it runs in a fresh boot" >&2
    for ((j = i; j < ${#ALL[@]}; j++)); do [ "${ALL[$j]}" = "$dev" ] && i=$j; done
    resume="$dev $chk $why"
done

# Put each device's TAP together: the last boot's header, the journal's points, the last boot's points.
status=0
for name in "${ALL[@]}"; do
    b=${DONE_IN[$name]:-}
    echo "# device: $name"
    if [ -z "$b" ]; then
        echo "# no TAP for $name: no boot completed it"
        status=4
        continue
    fi
    src=$RES/boot-$b/$name.tap
    vrc=$(cat "$RES/boot-$b/$name.rc" 2>/dev/null)
    if [ ! -s "$src" ]; then
        # The boot came home, but vct gave nothing for it (a bind that failed, vct not starting).
        echo "# no TAP from vct for $name (vct exit: ${vrc:-none}); $SHOWN/boot-$b/$name.log says:"
        sed 's/^/#   /' "$RES/boot-$b/$name.log" 2>/dev/null | tail -n 5
        status=4
        continue
    fi
    # As run.sh: a vct that was killed or reported an environment error is a test-bed failure.
    case $vrc in 0|1|4) ;; *) status=4 ;; esac
    {
        awk '/^(not )?ok / { exit } { print }' "$src"
        [ -f "$RES/$name.partial.tap" ] && cat "$RES/$name.partial.tap"
        awk 'f || /^(not )?ok / { f = 1; print }' "$src"
    } >"$RES/$name.tap"
    cp "$RES/boot-$b/$name.rc" "$RES/$name.rc" 2>/dev/null
    [ -d "$RES/boot-$b/$name" ] && cp -r "$RES/boot-$b/$name" "$RES/$name"
    cat "$RES/$name.tap"
done
{
    echo "# ---- isolated run: $boot boot(s) ----"
    for name in "${ALL[@]}"; do
        t=$RES/$name.tap
        [ -f "$t" ] || { echo "# $name  NO TAP"; continue; }
        echo "# $name  $(grep -c '^ok' "$t") ok, $(grep -c '^not ok' "$t") not ok, vct-exit=$(cat "$RES/$name.rc" 2>/dev/null)${CRASHES[$name]:+  crashed in: ${CRASHES[$name]}}"
    done
    echo "# results: $SHOWN"
} | tee "$RES/summary.txt"
[ "$rc" = 3 ] && exit 3
[ "$status" = 0 ] && [ "$rc" = 1 ] && exit 1     # --strict and a MUST failure in the last boot
exit "$status"
