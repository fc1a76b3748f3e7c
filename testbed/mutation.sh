#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Mutation gate: proves the suite catches every conformance quirk of the
# reference device (testbed/refdev/refdev_quirks.h).
#
#  1. The clean refdev of every type must pass: exit 0 and no `not ok`.
#  2. Each conformance quirk runs on every type it applies to. It is caught
#     when a check keyed to its expect_stmt reports `not ok` on at least one
#     of them; failures of other checks alone do not count.
#
# Output: one line per quirk, then `mutation score: K/N quirks caught` with N
# the number of conformance quirks. Exit 0 only when K == N and the clean
# runs pass. Robustness and fuzz-only quirks are listed, not scored.
#
# usage: testbed/mutation.sh [VCT]   (default build/vct; VCT_JOBS=parallelism)
set -u
cd "$(dirname "$0")/.."
VCT=${1:-${VCT:-build/vct}}
JOBS=${VCT_JOBS:-$(nproc 2>/dev/null || echo 4)}
QUIRKS_H=testbed/refdev/refdev_quirks.h
TYPES="rng blk net console"
# Per-wait timeout for device responses: refdev answers synchronously, so a
# short one only shortens what a broken quirk makes the checks wait for.
WAIT_MS=${VCT_MUTATION_WAIT_MS:-300}

[ -x "$VCT" ] || { echo "mutation: $VCT not built" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vct-mutation.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s%N)

# The catalog: name class types expect_stmt, one quirk a line.
perl -0777 -ne '
	while (/^X\(\w+,\s*"([^"]+)",\s*(\w+_),\s*"([^"]*)",\s*\\\s*\n\s*"(?:[^"\\]|\\.)*",\s*\\\s*\n\s*"(?:[^"\\]|\\.)*",\s*"([^"]*)"\)/mg) {
		my %c = (C_ => "conformance", F_ => "fuzz-only", R_ => "robustness");
		printf "%s %s %s %s\n", $1, $c{$2} // $2, $3, ($4 eq "" ? "-" : $4);
	}' "$QUIRKS_H" >"$tmp/catalog"
nq=$(grep -c "" "$tmp/catalog")
want=$(grep -c '^X(' "$QUIRKS_H")
if [ "$nq" -ne "$want" ]; then
	echo "mutation: parsed $nq of $want catalog entries in $QUIRKS_H" >&2
	exit 2
fi

# Check name and statement id of every check.
"$VCT" checks | awk '{ print $1, $2 }' >"$tmp/checks" || exit 2

# Jobs: "label spec [glob]", run in parallel, each TAP stream kept in its own file.
{
	for t in $TYPES; do echo "clean-$t refdev:$t"; done
	while read -r name cls types stmt; do
		[ "$cls" = conformance ] || continue
		[ "$types" = "*" ] && types=${TYPES// /,}
		# Only the checks keyed to the expected statement (a quirk that breaks
		# bring-up would otherwise make every check wait); VCT_MUTATION_FULL=1
		# runs the whole suite instead, to see what else a quirk trips.
		checks=$(awk -v s="$stmt" '$2 == s { print $1 }' "$tmp/checks")
		[ -n "${VCT_MUTATION_FULL:-}" ] || [ -z "$checks" ] && checks=ALL
		for t in ${types//,/ }; do
			for ck in $checks; do echo "$name-$t.$ck refdev:$t,quirk=$name $ck"; done
		done
	done <"$tmp/catalog"
} >"$tmp/jobs"
export VCT WAIT_MS tmp
xargs -P "$JOBS" -L 1 sh -c '"$VCT" run "$1" --only "$(test "${2:-ALL}" = ALL && echo "*" || echo "$2")" --timeout "$WAIT_MS" >"$tmp/$0.tap" 2>"$tmp/$0.err"; echo $? >"$tmp/$0.rc"' <"$tmp/jobs"

fail=0
for t in $TYPES; do
	rc=$(cat "$tmp/clean-$t.rc" 2>/dev/null || echo none)
	bad=$(grep -c '^not ok' "$tmp/clean-$t.tap" 2>/dev/null)
	if [ "$rc" != 0 ] || [ "${bad:-0}" != 0 ]; then
		echo "CLEAN FAIL  refdev:$t  exit $rc, $bad not ok:"
		grep '^not ok' "$tmp/clean-$t.tap" | sed 's/^/    /'
		fail=1
	else
		echo "clean   refdev:$t  $(grep -c '^ok' "$tmp/clean-$t.tap") ok, exit 0"
	fi
done

k=0 n=0
while read -r name cls types stmt; do
	case $cls in
	fuzz-only) printf '%-8s %-26s %s\n' "-" "$name" "fuzz-only (fuzzer gate)"; continue ;;
	conformance) ;;
	*) printf '%-8s %-26s %s\n' "-" "$name" "$cls (not a conformance violation; not scored)"; continue ;;
	esac
	n=$((n + 1))
	[ "$types" = "*" ] && types=${TYPES// /,}
	by="" on="" others=""
	for t in ${types//,/ }; do
		f="$tmp/$name-$t.all"
		cat "$tmp/$name-$t".*.tap >"$f" 2>/dev/null
		if ! grep -q '^ok \|^not ok ' "$f"; then
			others="$others $t:no-result"
			continue
		fi
		hit=$(awk -v s="$stmt" '/^not ok / && index($0, "[" s " ") { print $5 }' "$f" | sort -u | paste -sd, -)
		if [ -n "$hit" ]; then
			on="$on,$t"
			for h in ${hit//,/ }; do case ",$by," in *",$h,"*) ;; *) by="${by:+$by,}$h" ;; esac; done
		else
			o=$(awk '/^not ok / { print $5 }' "$f" | head -3 | paste -sd, -)
			[ -n "$o" ] && others="$others $t:$o"
		fi
	done
	if [ "$stmt" != "-" ] && [ -n "$by" ]; then
		k=$((k + 1))
		printf 'caught   %-26s by %s [%s] on %s\n' "$name" "$by" "$stmt" "${on#,}"
	elif [ "$stmt" = "-" ]; then
		printf 'MISSED   %-26s no expect_stmt in the catalog%s\n' "$name" "${others:+ (failed:$others)}"
	else
		printf 'MISSED   %-26s [%s] no check keyed to it failed%s\n' "$name" "$stmt" \
			"${others:+ (only others did:$others)}"
	fi
done <"$tmp/catalog"

ms=$((($(date +%s%N) - t0) / 1000000))
echo "# $(grep -c "" "$tmp/jobs") runs in ${ms} ms ($JOBS parallel)"
echo "mutation score: $k/$n quirks caught"
[ "$fail" = 0 ] && [ "$k" = "$n" ] && [ "$n" -gt 0 ]
