#!/bin/bash
# The mutation gate: the clean reference device passes every check, and every
# conformance quirk is caught by a check keyed to its expected statement.
cd "$(dirname "$0")/.." || exit 1
VCT=${VCT:-build/vct}
echo "1..3"
if [ ! -x "$VCT" ]; then
	echo "not ok 1 - $VCT is built"
	echo "not ok 2 - # SKIP no vct"
	echo "not ok 3 - # SKIP no vct"
	exit 1
fi
out=$(./testbed/mutation.sh "$VCT" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc = 0 ] && echo "ok 1 - mutation gate exits 0" || echo "not ok 1 - mutation gate exits 0 (exit $rc)"
score=$(echo "$out" | sed -n 's/^mutation score: \([0-9]*\)\/\([0-9]*\) quirks caught$/\1 \2/p')
set -- $score
if [ -n "${1:-}" ] && [ "$1" = "$2" ] && [ "$2" -ge 30 ]; then
	echo "ok 2 - mutation score $1/$2 (N >= 30, all caught)"
else
	echo "not ok 2 - mutation score ${1:-?}/${2:-?} (want N/N with N >= 30)"
fi
if echo "$out" | grep -q '^CLEAN FAIL'; then
	echo "not ok 3 - clean refdev passes every check on rng, blk, net, console"
else
	echo "ok 3 - clean refdev passes every check on rng, blk, net, console"
fi
