#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test-bed part of `make demo`: the default matrix (testbed/matrix.conf)
# and one device of each further type (testbed/matrix-types.conf, whose memory
# devices need their own -m) boot side by side, two QEMUs of one TCG thread
# each, into one results folder (the further types under types/). Prints the
# default devices' TAP and summary, then the further types'; results/latest
# points at the folder. Both go through testbed/isolate.sh (crash isolation):
# a check that kills QEMU is recorded crashed with QEMU's message and the rest
# of that device, and the devices after it, run in a fresh boot, their
# result.json holding every check. Exit: the first non-zero exit of the two
# runs (testbed/isolate.sh's codes).
set -uo pipefail
cd "$(dirname "$0")/.."
base=results/testbed-$(date +%Y%m%d-%H%M%S)
res=$base
n=1
while [ -e "$res" ]; do res=$base-$n; n=$((n + 1)); done
mkdir -p "$res"
./testbed/isolate.sh --matrix testbed/matrix-types.conf --results "$res/types" >"$res/types-run.txt" 2>&1 &
types=$!
./testbed/isolate.sh --results "$res"
rc=$?
wait "$types"
trc=$?
cat "$res/types-run.txt"
ln -sfn "$(basename "$res")" results/latest
echo "# demo: results/latest -> $res (further types in $res/types)"
[ "$rc" -ne 0 ] && exit "$rc"
exit "$trc"
