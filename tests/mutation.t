#!/bin/bash
# The mutation gate (testbed/mutation.sh): the clean reference device passes
# every check in every variant, every conformance quirk is caught by a check
# keyed to its statement through the check's own assertion, and every check
# is shown failing that way under some quirk (or is listed as not exercisable
# on refdev, with its reason, by `.unexercisable` on its row).
cd "$(dirname "$0")/.." || exit 1
VCT=${VCT:-build/vct}
echo "1..4"
if [ ! -x "$VCT" ]; then
	echo "not ok 1 - $VCT is built"
	for i in 2 3 4; do echo "not ok $i - # SKIP no vct"; done
	exit 1
fi
out=$(./testbed/mutation.sh "$VCT" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if echo "$out" | grep -q '^CLEAN FAIL' || ! echo "$out" | grep -q '^clean '; then
	echo "not ok 1 - clean refdev passes every check in every variant"
else
	echo "ok 1 - clean refdev passes every check in every variant ($(echo "$out" | grep -c '^clean ') variants)"
fi
set -- $(echo "$out" | sed -n 's/^mutation score: \([0-9]*\)\/\([0-9]*\) quirks caught$/\1 \2/p')
if [ -n "${1:-}" ] && [ "$1" = "$2" ] && [ "$2" -ge 30 ]; then
	echo "ok 2 - mutation score $1/$2 (N >= 30, all caught)"
else
	echo "not ok 2 - mutation score ${1:-?}/${2:-?} (want N/N with N >= 30)"
fi
# The last two lines, exactly these.
last=$(echo "$out" | tail -2)
if echo "$last" | head -1 | grep -q '^mutation score: ' &&
	echo "$last" | tail -1 | grep -Eq '^checks shown failing: [0-9]+/[0-9]+ \([0-9]+ listed as not exercisable\)$'; then
	echo "ok 3 - the gate ends with the score and the checks line"
else
	echo "not ok 3 - the gate ends with the score and the checks line"
fi
set -- $(echo "$out" | sed -n 's/^checks shown failing: \([0-9]*\)\/\([0-9]*\) (\([0-9]*\) listed.*/\1 \2 \3/p')
if [ -n "${1:-}" ] && [ "$1" = "$2" ] && [ "$2" -gt 0 ] && [ "$rc" = 0 ]; then
	echo "ok 4 - every check shown failing through its own assertion ($1/$2, $3 listed as not exercisable), gate exits 0"
else
	echo "not ok 4 - every check shown failing (${1:-?}/${2:-?}, gate exit $rc): the NOT SHOWN lines above need a quirk"
fi
