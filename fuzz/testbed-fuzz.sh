#!/usr/bin/env bash
# make fuzz-testbed: a black-box fuzz campaign against the test bed's QEMU
# devices through VFIO (vct's builtin engine, feedback from what the device
# does), with live progress from the guest and a summary at the end. Every
# finding is replayed in the guest with `vct repro`. When a program kills the
# device's process (QEMU itself), the guest dies with it: the program comes
# back through the journal serial line, is saved as a finding and replayed in
# a fresh boot, and the campaign goes on with the next device.
#
# A device whose process died goes on in a fresh boot for the rest of its
# FUZZ_TIME (at most FUZZ_RESUMES times, default 3), so its rate is measured
# over more than the seconds before the first death; a death with the same
# message as an earlier one of that device is saved but not replayed again.
# The findings the guest made before it died come back on the journal (one
# vct-fuzz-finding line each, as vct fuzz saves them) and go to the boot that
# resumes the device (vct fuzz --held), which reports and replays them as its
# own and does not minimize them again.
#
# env: FUZZ_TIME     seconds per device (default 150: four devices, ten minutes)
#      FUZZ_RESUMES  fresh boots a device whose process died gets (default 3; 0: go on with the next device)
#      FUZZ_DEVICES  matrix names (default rng,blk,net,console)
#      FUZZ_MATRIX   the matrix file (default testbed/matrix.conf; testbed/matrix-impl.conf has
#                    vhost-user back ends: one that dies mid-program is the device dying)
#      FUZZ_KNOWN_CRASHES  crashes held from the first boot (default fuzz/known-crashes/qemu-7.2.txt;
#                    empty: none): each device's guard (fuzz/guard.h) declines the notifications that
#                    would repeat them, and the finding each cites is replayed in a fresh boot
#      FUZZ_GUARD_OBSERVE=1  the guards decline nothing and journal what they would have declined
#                    (the summary compares that with where the device died: the guards' precision)
#      BUILD
#
# A death of a device's process is held for the boots that resume it: its
# message goes to their --held-crash, where a guard that knows it declines
# what would repeat it (the summary counts the declines).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
T=${FUZZ_TIME:-150}
DEVS=${FUZZ_DEVICES:-rng,blk,net,console}
[[ $T =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-testbed: FUZZ_TIME wants whole seconds" >&2; exit 2; }
MAXR=${FUZZ_RESUMES:-3}
[[ $MAXR =~ ^[0-9]+$ ]] || { echo "fuzz-testbed: FUZZ_RESUMES wants a whole number of boots" >&2; exit 2; }
read -r -a LIST <<<"$(tr ',' ' ' <<<"$DEVS")"
# The guest fuzzes its devices in the matrix's order (run.sh --only keeps it): so does the
# bookkeeping below, or a device listed first but run last (net,rng) was skipped when the
# other one used up its resumes.
ordered=()
while read -r name _; do
    for d in "${LIST[@]}"; do [ "$d" = "$name" ] && ordered+=("$d"); done
done < <(grep -v '^[[:space:]]*#' "${FUZZ_MATRIX:-testbed/matrix.conf}" 2>/dev/null | awk 'NF')
for d in "${LIST[@]}"; do [[ " ${ordered[*]} " == *" $d "* ]] || ordered+=("$d"); done
LIST=("${ordered[@]}")

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
    while [ $# -ge 2 ]; do mkdir -p "$(dirname "$STAGE/root/$1")"; cp "$2" "$STAGE/root/$1"; shift 2; done
    # (the crashes each device's campaign holds, and whether its guards only observe)
    for h in "$STAGE"/held-crash-*; do [ -e "$h" ] && cp "$h" "$STAGE/root/etc/vct/"; done
    [ "${FUZZ_GUARD_OBSERVE:-0}" = 0 ] || : >"$STAGE/root/etc/vct/guard-observe"
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

# A boot's serial journal (fuzz-journal.txt), then, for the device that ran
# last in it, the statistics its guest stored last in shared memory (run.sh:
# fuzz-stats-mem.txt, four a second, so newer than the journal's last
# once-a-second lines; "vct-fuzz-stats ADDRESS" first), under that device's
# vct-fuzz-device line: readers that keep a device's last line get them.
journal_of() {   # BOOTDIR
    local b=$1 ln la
    tr -d '\r' <"$b/fuzz-journal.txt" 2>/dev/null
    [ -s "$b/fuzz-stats-mem.txt" ] || return 0
    read -r ln la < <(tr -d '\r' <"$b/fuzz-journal.txt" | awk '$1 == "vct-fuzz-device" { n = $2; a = $3 } END { print n, a }')
    awk -v a="$la" -v n="$ln" 'NR == 1 { if ($1 != "vct-fuzz-stats" || $2 != a) exit; print "vct-fuzz-device " n " " a; next } { print }' \
        "$b/fuzz-stats-mem.txt"
}

# A boot whose QEMU the stall watcher killed (run.sh: RESULTS/stalled.txt, "DEVICE CHECK SECONDS"): why, in words.
stalled() {   # DIR
    [ -s "$1/stalled.txt" ] || return 0
    awk '{ printf "QEMU wedged: no guest output and no monitor answer for %s s (the test bed killed it)\n", $3 }' "$1/stalled.txt"
}

# The findings a boot journaled for DEVICE (vct fuzz --journal: one
# vct-fuzz-finding line each, tab-separated: name, execution, program in hex,
# oracle, statement, what, expected, seen) as NAME.{bin,txt} in DIR, the
# first of each name kept. A line the guest's death cut short is left out.
journal_findings() {   # DEVICE JOURNAL DIR BOOT
    mkdir -p "$3"
    tr -d '\r' <"$2" 2>/dev/null | perl -e '
        my ($dev, $dir, $boot, $vct) = @ARGV; my ($on, $addr) = (0, $dev);
        while (<STDIN>) {
            chomp;
            ($on, $addr) = ($1 eq $dev, $2 // $dev) if /^vct-fuzz-device (\S+) ?(\S+)?/;
            next unless $on && /^vct-fuzz-finding\t/;
            my (undef, $name, $exec, $hex, @f) = split /\t/, $_, -1;
            next unless @f == 5 && $name =~ /^[a-z0-9_-]+$/ && $exec =~ /^\d+$/ && $hex =~ /^(?:[0-9a-f]{2})+$/;
            next if -e "$dir/$name.bin";
            open(my $b, ">", "$dir/$name.bin") or die "$dir/$name.bin: $!"; print $b pack("H*", $hex); close $b;
            open(my $t, ">", "$dir/$name.txt") or die "$dir/$name.txt: $!";
            printf $t "# oracle: %s\n# statement: %s\n# what: %s\n# expected: %s\n# seen: %s\n# device: %s\n# found at execution: %s\n",
                @f, $addr, $exec;
            printf $t "# journaled in %s, whose guest died with the device\n", $boot;
            close $t;
            system("$vct fuzz --print $dir/$name.bin >>$dir/$name.txt 2>&1");
        }' "$1" "$3" "$4" "$BUILD/vct"
}

echo "fuzz-testbed: ${#LIST[@]} devices (${DEVS}), ${T}s each; results in ${RES#"$PWD"/}" >&2
# Known crashes held from the first boot: DEVICE MESSAGE FINDING SOURCE (tab-separated).
KNOWN=${FUZZ_KNOWN_CRASHES-fuzz/known-crashes/qemu-7.2.txt}
declare -A KNOWN_OF=()
if [ -n "$KNOWN" ]; then
    [ -r "$KNOWN" ] || { echo "fuzz-testbed: FUZZ_KNOWN_CRASHES=$KNOWN cannot be read; give a known-crash list or set it empty" >&2; exit 2; }
    while IFS=$'\t' read -r kd km kf ks; do
        [[ -z "$kd" || "$kd" == \#* ]] && continue
        [ -e "$kf" ] || { echo "fuzz-testbed: $KNOWN: $kf (the finding of '$km') is missing" >&2; exit 2; }
        printf '%s\tknown crash: %s (%s)\n' "$km" "$kf" "$ks" >>"$STAGE/held-crash-$kd"
        KNOWN_OF[$kd]+="$km"$'\t'"$kf"$'\n'
    done <"$KNOWN"
fi
conf_archive "$RES/fuzz-conf.cpio.gz"
i=0 part=0 status=0
DIED=() TIMEDOUT=()
declare -A USED=() RESUMED=() WHYS=()
conf=$RES/fuzz-conf.cpio.gz
while [ "$i" -lt "${#LIST[@]}" ]; do
    rest=$(IFS=,; echo "${LIST[*]:$i}")
    part=$((part + 1))
    dir=$RES/boot-$part
    n=$(( ${#LIST[@]} - i ))
    rc=0
    boot fuzz "$rest" "$dir" $((60 + n * (T + 90))) "$conf" || rc=$?
    conf=$RES/fuzz-conf.cpio.gz
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
    # A program that wedged QEMU's main loop: the test bed's stall watcher killed it (run.sh, TESTBED_STALL).
    [ -n "$why" ] || why=$(stalled "$dir")
    [ -n "$why" ] || why=$(grep -a -m1 -E 'Assertion|Aborted|core dumped|Segmentation' "$dir/qemu-stderr.txt" 2>/dev/null || tail -1 "$dir/qemu-stderr.txt" 2>/dev/null || true)
    # The boot's own time limit (run.sh runs QEMU under timeout(1)): the guest stopped making progress
    # with QEMU alive; that is no death of the device's process, and no finding.
    if [ -n "$dev" ] && grep -aqE 'terminating on signal 15 from pid [0-9]+ \(timeout\)' "$dir/qemu-stderr.txt" 2>/dev/null; then
        echo "fuzz-testbed: boot-$part of $dev ran into the test bed's time limit (QEMU stopped by it, not by the device): no finding; $dev goes no further" >&2
        TIMEDOUT+=("$dev: boot-$part ran into the test bed's time limit; see ${dir#"$PWD"/}")
        status=1
        for ((k = i; k < ${#LIST[@]}; k++)); do [ "${LIST[$k]}" = "$dev" ] && break; done
        i=$((k + 1))
        continue
    fi
    if [ -z "$dev" ] || [ -z "$last" ]; then
        echo "fuzz-testbed: the test bed failed (exit $rc) without a journal to blame; see ${dir#"$PWD"/}" >&2
        status=1
        break
    fi
    # What it found before the guest died, for the boot that resumes it.
    journal_findings "$dev" "$j" "$RES/held-$dev" "boot-$part"
    f=$RES/findings-$dev
    mkdir -p "$f"
    # The first death of a device is device-died, later ones (after a resume) device-died-2, -3 ...
    nd=$(( ${RESUMED[$dev]:-0} + 1 ))
    name=device-died; [ "$nd" = 1 ] || name=device-died-$nd
    awk '{print $3}' <<<"$last" | perl -ne 'chomp; print pack("H*", $_)' >"$f/$name.bin"
    {
        if [ -e "$dir/stalled.txt" ]; then
            echo "# oracle: device-wedged (the device's process held its main loop: the guest stopped with it)"
        else
            echo "# oracle: device-died (the device's process exited: the whole guest went with it)"
        fi
        echo "# device: $dev"
        echo "# seen: $why"
        echo "# execution: $(awk '{print $2}' <<<"$last")"
        "$BUILD/vct" fuzz --print "$f/$name.bin" 2>&1
    } >"$f/$name.txt"
    # Held from now on: the boots that resume the device get it (--held-crash; a guard that knows it declines it).
    [ -z "$why" ] || printf '%s\tdevice-died in boot-%s (findings-%s/%s)\n' "$why" "$part" "$dev" "$name" >>"$STAGE/held-crash-$dev"
    if grep -qxF -- "$why" <<<"${WHYS[$dev]:-}"; then
        echo "replay: not replayed again (the same message as an earlier death of $dev)" >>"$f/$name.txt"
        DIED+=("$dev: QEMU died ($why) again; saved as $name, not replayed again")
    else
        WHYS[$dev]+="$why"$'\n'
        echo "fuzz-testbed: $dev took QEMU down ($why); program saved, replaying it in a fresh boot" >&2
        conf_archive "$RES/replay-conf.cpio.gz" etc/vct/replay.bin "$f/$name.bin"
        rrc=0 rdir=$RES/replay-$dev; [ "$nd" = 1 ] || rdir=$RES/replay-$dev-$nd
        boot replay "$dev" "$rdir" 150 "$RES/replay-conf.cpio.gz" || rrc=$?
        rwhy=$(cut -f2 "$rdir/backend-died.txt" 2>/dev/null || true)
        [ -n "$rwhy" ] || rwhy=$(stalled "$rdir")
        [ -n "$rwhy" ] || rwhy=$(grep -a -m1 -E 'Assertion|Aborted|core dumped|Segmentation' "$rdir/qemu-stderr.txt" 2>/dev/null || true)
        if [ "$rrc" != 0 ] && [ -n "$rwhy" ]; then
            echo "replayed: QEMU died again: $rwhy" >>"$f/$name.txt"
            DIED+=("$dev: QEMU died ($why); replay in a fresh boot: died again")
        else
            echo "replay: QEMU survived (exit $rrc)" >>"$f/$name.txt"
            DIED+=("$dev: QEMU died ($why); replay in a fresh boot: did not die again")
        fi
    fi
    for ((k = i; k < ${#LIST[@]}; k++)); do [ "${LIST[$k]}" = "$dev" ] && break; done
    # The device's fuzzing time in this boot (its last rate line: executions, milliseconds).
    ms=$(journal_of "$dir" | awk -v d="$dev" '$1 == "vct-fuzz-device" { on = ($2 == d) } on && $1 == "vct-fuzz-rate" { ms = $3 } END { print ms + 0 }')
    USED[$dev]=$(( ${USED[$dev]:-0} + ms ))
    left=$(( T - ${USED[$dev]} / 1000 ))
    if [ "${RESUMED[$dev]:-0}" -lt "$MAXR" ] && [ "$left" -ge 3 ] && [ "$k" -lt "${#LIST[@]}" ]; then
        # Go on with the same device in a fresh boot for the rest of its time (the devices after it get theirs).
        RESUMED[$dev]=$(( ${RESUMED[$dev]:-0} + 1 ))
        echo "$left" >"$STAGE/fuzz-time-$dev"
        # A seed of its own: the same one would run the same programs and die at the same execution.
        echo $(( ${RESUMED[$dev]} + 1 )) >"$STAGE/fuzz-seed-$dev"
        held=()
        for x in "$RES/held-$dev"/*; do [ -e "$x" ] && held+=("etc/vct/held-$dev/${x##*/}" "$x"); done
        conf_archive "$RES/resume-conf.cpio.gz" "etc/vct/fuzz-time-$dev" "$STAGE/fuzz-time-$dev" \
            "etc/vct/fuzz-seed-$dev" "$STAGE/fuzz-seed-$dev" ${held[@]+"${held[@]}"}
        conf=$RES/resume-conf.cpio.gz
        echo "fuzz-testbed: $dev goes on in a fresh boot for its last ${left}s (resume ${RESUMED[$dev]} of at most $MAXR)" >&2
        i=$k
    else
        # Go on after the device that died.
        i=$((k + 1))
    fi
done

# Each known crash a fuzzed device's guards held is replayed once in a fresh
# boot (vct repro declines nothing), unless a death of this campaign with the
# same message was replayed already: the held crash must still be real.
declare -A KNOWN_REPLAY=()
STALL_MIN=3   # seconds of monitor silence that show a known stall again (its finding asks for 2 GiB: 1 GiB kept it silent 3.3 s)
for d in "${LIST[@]}"; do
    while IFS=$'\t' read -r km kf; do
        [ -n "$km" ] || continue
        if grep -qF -- "$km" <<<"${WHYS[$d]:-}"; then
            KNOWN_REPLAY[$d]+="  held crash ${kf##*/}: this campaign's own death of $d with that message was replayed (above)"$'\n'
            continue
        fi
        kb=$RES/known-$d-$(basename "$kf" .txt).bin
        "$BUILD/vct" fuzz --encode "$kf" "$kb"
        conf_archive "$RES/replay-conf.cpio.gz" etc/vct/replay.bin "$kb"
        rdir=$RES/replay-known-$d-$(basename "$kf" .txt)
        echo "fuzz-testbed: replaying the known crash ${kf} on $d in a fresh boot" >&2
        rrc=0
        boot replay "$d" "$rdir" 150 "$RES/replay-conf.cpio.gz" </dev/null || rrc=$?
        rwhy=$(grep -a -m1 -E 'Assertion|Aborted|core dumped|Segmentation' "$rdir/qemu-stderr.txt" 2>/dev/null || true)
        if [ "${km#stall: }" != "$km" ]; then
            # (a known stall is no death: QEMU's monitor must stay silent for seconds again, testbed/stallwatch.py)
            rs=$(awk '{ print $1 + 0; exit }' "$rdir/monitor-silence.txt" 2>/dev/null || true)
            if awk -v s="${rs:-0}" -v m="$STALL_MIN" 'BEGIN { exit !(s >= m) }'; then
                KNOWN_REPLAY[$d]+="  held stall ${kf##*/}: vct repro in a fresh boot: QEMU's monitor silent ${rs} s (a stall is ${STALL_MIN} s or more)"$'\n'
            else
                KNOWN_REPLAY[$d]+="  held stall ${kf##*/}: vct repro in a fresh boot did NOT show it (longest monitor silence ${rs:-none} s, exit $rrc): the guard holds a stall this QEMU no longer has"$'\n'
                status=1
            fi
        elif [ "$rrc" != 0 ] && grep -qF -- "$km" <<<"$rwhy"; then
            KNOWN_REPLAY[$d]+="  held crash ${kf##*/}: vct repro in a fresh boot: QEMU died again: $rwhy"$'\n'
        else
            KNOWN_REPLAY[$d]+="  held crash ${kf##*/}: vct repro in a fresh boot did NOT show it (exit $rrc${rwhy:+: $rwhy}): the guard holds a crash this QEMU no longer has"$'\n'
            status=1
        fi
    done <<<"${KNOWN_OF[$d]:-}"
done

echo "# fuzz summary (${T}s per device)"
# One device's rate over every boot it ran in: the summary of the boot it
# finished in, the journal's last rate line of each boot its process died in;
# the limit is the mean of those boots' limits.
rate_line() {   # DEVICE SUMMARY|-
    local d=$1 s=$2
    {
        for b in "$RES"/boot-*/; do
            [ -e "$b/fuzz-journal.txt" ] || continue
            if [ "$s" != - ] && [ "$(dirname "$s")" = "${b%/}/fuzz-$d" ]; then
                # (the loop's milliseconds where the summary has them: its seconds: line is rounded)
                sec=$(sed -n 's/^wall_ms: loop \([0-9]*\),.*/\1/p' "$s")
                [ -n "$sec" ] && sec=$(awk -v m="$sec" 'BEGIN { printf "%.3f", m / 1000 }') || sec=$(sed -n 's/^seconds: //p' "$s")
                echo "done $(sed -n 's/^executions: //p' "$s") $sec $(sed -n 's/^limit_per_sec: //p' "$s")"
            else
                journal_of "$b" | awk -v d="$d" '$1 == "vct-fuzz-device" { on = ($2 == d); seen = seen || on }
                    on && $1 == "vct-fuzz-limit" { l = $2 } on && $1 == "vct-fuzz-rate" { e = $2; ms = $3 }
                    END { if (seen) print "died", e + 0, ms / 1000, l + 0 }'
            fi
        done
    } | awk -v d="$d" '
        { boots++; died += $1 == "died"; e += $2; s += $3; if ($4 > 0) { l += $4; nl++ } }
        END {
            if (!boots || s <= 0) { printf "fuzz-rate: %s unknown (the device died before the first rate line)\n", d; exit }
            r = e / s
            if (!nl) { printf "fuzz-rate: %s %.0f exec/s, limit not measured\n", d, r; exit }
            l /= nl
            printf "fuzz-rate: %s %.0f exec/s, limit %.0f/s, ratio %.2f", d, r, l, r / l
            if (died) printf " (%.*f s of fuzzing in %d boot(s); its process died %d time(s)%s)", s < 10 ? 1 : 0, s, boots, died,
                s < 5 ? ": too few seconds for a rate to mean much" : ""
            printf "\n"
        }'
}
# Where the campaign loop's wall time went in each boot of DEVICE (vct fuzz's
# wall_ms, milliseconds: the seconds the rate counts): from the summary of the
# boot it finished in, the journal's last vct-fuzz-wall line (once a second)
# of each boot its process died in.
wall_lines() {   # DEVICE SUMMARY|-
    local d=$1 s=$2 b w
    # (boot-2 before boot-10)
    while IFS= read -r b; do
        [ -e "$b/fuzz-journal.txt" ] || continue
        if [ "$s" != - ] && [ "$(dirname "$s")" = "${b%/}/fuzz-$d" ]; then
            w=$(sed -n 's/^wall_ms: //p' "$s")
        else
            w=$(journal_of "$b" | awk -v d="$d" '$1 == "vct-fuzz-device" { on = ($2 == d) }
                on && $1 == "vct-fuzz-wall" { w = $0 } END { sub(/^vct-fuzz-wall /, "", w); print w }')
            [ -z "$w" ] || w="$w (as of its last statistics: the device's process died)"
        fi
        [ -z "$w" ] || echo "  wall (ms) in $(basename "$b"): $w"
    done < <(printf '%s\n' "$RES"/boot-*/ | sort -V)
}
# The held-crash guards of DEVICE in each boot (fuzz/guard.h): what they
# declined (the summary's guards: line, else the last statistics of a boot
# its process died in); with FUZZ_GUARD_OBSERVE, what they would have
# declined (the journal's vct-fuzz-guard lines, written before the
# notification went out) against the execution the device died at.
guard_lines() {   # DEVICE
    local d=$1 b g
    while IFS= read -r b; do
        [ -e "$b/fuzz-journal.txt" ] || continue
        g=$(sed -n 's/^guards: //p' "$b/fuzz-$d/summary.txt" 2>/dev/null || true)
        [ -n "$g" ] || g=$(journal_of "$b" | awk -v d="$d" '$1 == "vct-fuzz-device" { on = ($2 == d) }
                on && $1 == "vct-fuzz-guards" { g = $0 } END { sub(/^vct-fuzz-guards /, "", g); if (g != "") print g " (as of its last statistics: the device'"'"'s process died)" }')
        [ -z "$g" ] || echo "  guards in $(basename "$b"): $g"
        if [ "${FUZZ_GUARD_OBSERVE:-0}" != 0 ]; then
            # (the program that ran last: the shared-memory journal's, else the serial one's)
            local ml
            ml=$(grep -a '^vct-fuzz-journal ' "$b/fuzz-journal-mem.txt" 2>/dev/null | tail -1 | awk '{print $2}' || true)
            tr -d '\r' <"$b/fuzz-journal.txt" | awk -v d="$d" -v died="$([ -e "$b/fuzz-$d/summary.txt" ] && echo 0 || echo 1)" \
                -v boot="$(basename "$b")" -v ml="$ml" '
                $1 == "vct-fuzz-device" { on = ($2 == d); seen_dev = seen_dev || on }
                on && $1 == "vct-fuzz-guard" { n++; if (!($3 in seen)) { seen[$3] = 1; ex = ex " " $3; ne++ } }
                on && $1 == "vct-fuzz-journal" { last = $2 }
                END {
                    if (!seen_dev) exit
                    if (ml != "") last = ml
                    if (!n && !died) exit
                    printf "  guard observe in %s: %d notification(s) it would have declined, in %d program(s) (executions%s)", boot, n, ne, ne ? ex : " none"
                    if (died) printf "; the device died at execution %s (%s)\n", last, (last in seen) ? "one it flagged" : "NOT one it flagged"
                    else printf "; the device did not die: every flagged program went through unharmed\n"
                }'
        fi
    done < <(printf '%s\n' "$RES"/boot-*/ | sort -V)
    printf '%s' "${KNOWN_REPLAY[$d]:-}"
}
for d in "${LIST[@]}"; do
    s=$(ls "$RES"/boot-*/fuzz-"$d"/summary.txt 2>/dev/null | tail -1 || true)
    fdir=$(dirname "${s:-/nonexistent/x}")/findings
    if [ -n "$s" ] && [ -s "$s" ]; then
        execs=$(sed -n 's/^executions: //p' "$s"); rate=$(sed -n 's/^execs_per_sec: //p' "$s")
        nf=$(ls "$fdir"/*.bin 2>/dev/null | wc -l || true)
        echo "$d: $execs executions ($rate/s), $nf finding(s)"
        # Against the device's limit, measured in the same boot before the campaign (fuzz/limit.c).
        lim=$(sed -n 's/^limit_per_sec: //p' "$s")
        if [ -n "$lim" ] && [ "${lim%%.*}" -gt 0 ] 2>/dev/null; then
            rate_line "$d" "$s"
            sed -n 's/^exec_us: /  per execution (us): /p; s/^limit_request: /  limit cycle: /p' "$s"
            wall_lines "$d" "$s"
            guard_lines "$d"
        else
            echo "fuzz-rate: $d ${rate:-0} exec/s, limit not measured ($(sed -n 's/^limit: //p' "$s"))"
        fi
        for f in "$fdir"/*.bin; do
            [ -e "$f" ] || continue
            r=$(cat "${f%.bin}.repro.rc" 2>/dev/null || echo none)
            # The test point of the finding's own oracle (a replay may fire others first), else the first.
            o=$(sed -n 's/^# oracle: //p' "${f%.bin}.txt" 2>/dev/null | head -1)
            line=$(grep -m1 -F -- "- fuzz.$o " "${f%.bin}.repro.tap" 2>/dev/null || true)
            [ -n "$o" ] && [ -n "$line" ] || line=$(grep -m1 '^not ok\|^ok' "${f%.bin}.repro.tap" 2>/dev/null || echo "(no TAP)")
            [ -z "$o" ] || grep -qF -- "- fuzz.$o " "${f%.bin}.repro.tap" 2>/dev/null || line="$line (its own oracle, $o, did not fire)"
            echo "  $(basename "$f" .bin): repro exit $r: $line"
        done
        for f in "$RES/findings-$d"/device-died*.txt; do
            [ -e "$f" ] && echo "  $(basename "$f" .txt): the device's process died; see ${f#"$PWD"/}"
        done
    elif [ -e "$RES/findings-$d/device-died.bin" ]; then
        echo "$d: the device's process died; see ${RES#"$PWD"/}/findings-$d/device-died*.txt"
        for f in "$RES/held-$d"/*.txt; do
            [ -e "$f" ] && echo "  $(basename "$f" .txt): found before its guest died (journaled), not replayed: no boot of $d finished; see ${f#"$PWD"/}"
        done
        # The rate until then, from the journals the guest kept writing (vct fuzz --journal).
        rate_line "$d" -
        wall_lines "$d" -
        guard_lines "$d"
        # Where an execution's time went, as of the last second before it died.
        j=$(grep -l -a "^vct-fuzz-device $d " "$RES"/boot-*/fuzz-journal.txt 2>/dev/null | tail -1)
        [ -z "$j" ] || journal_of "$(dirname "$j")" | awk -v d="$d" '$1 == "vct-fuzz-device" { on = ($2 == d) } on && $1 == "vct-fuzz-time" { t = $0 }
                END { if (t != "") { sub(/^vct-fuzz-time /, "", t); print "  per execution (us): " t } }'
    else
        echo "$d: no summary"
        status=1
    fi
done
for x in "${DIED[@]}"; do echo "# device died: $x"; done
for x in "${TIMEDOUT[@]}"; do echo "# boot timed out: $x"; done
echo "# results in ${RES#"$PWD"/}"
exit $status
