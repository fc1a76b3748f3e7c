#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test-bed part of `make demo`: the default matrix (testbed/matrix.conf)
# and one device of each further type (testbed/matrix-types.conf, whose memory
# devices need their own -m) boot side by side, two QEMUs of one TCG thread
# each, into one results folder (the further types under types/). Prints the
# default devices' TAP and summary, then the further types'; results/latest
# points at the folder. Exit: the first non-zero exit of the two runs
# (testbed/run.sh's codes).
set -uo pipefail
cd "$(dirname "$0")/.."
base=results/testbed-$(date +%Y%m%d-%H%M%S)
res=$base
n=1
while [ -e "$res" ]; do res=$base-$n; n=$((n + 1)); done
mkdir -p "$res"
./testbed/run.sh --matrix testbed/matrix-types.conf --results "$res/types" >"$res/types-run.txt" 2>&1 &
types=$!
./testbed/run.sh --results "$res"
rc=$?
wait "$types"
trc=$?
cat "$res/types-run.txt"
ln -sfn "$(basename "$res")" results/latest
echo "# demo: results/latest -> $res (further types in $res/types)"
[ "$rc" -ne 0 ] && exit "$rc"
exit "$trc"
