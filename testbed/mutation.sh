#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Mutation gate: every check of vct is shown failing, through its own
# assertion, on a reference-device quirk that breaks the check's statement,
# and every conformance quirk of the catalog is caught that way.
#
# Everything is enumerated from the binary: the checks (`vct checks --format
# tsv`, with the reason of those refdev cannot exercise) and the reference
# device's types, options and quirks (`vct refdev`). A variant is a type
# alone or with one option that applies to it (`refdev:blk`, `refdev:blk,admin`,
# `refdev:blk,zoned`, ...).
#
#  1. The clean device passes every check in every variant: exit 0 and no
#     `not ok`.
#  2. For each conformance quirk and each check keyed to one of the
#     quirk's statements, the check runs under the quirk variant by variant
#     (plain types first, then each option) until it reports `not ok` with
#     evidence its own assertion recorded (`origin: check`). A failure
#     recorded by a shared driver step (bring-up, generic used-entry
#     validation: `origin: step`), a backstop kill or a harness error is
#     not a credit, and neither is the failure of a check whose statement
#     the quirk does not name.
#  3. A check is shown failing when some quirk credits it; a quirk is
#     caught when it credits some check.
#
# Output: the clean runs, one line per quirk, one line per check not shown
# failing or listed as not exercisable, then exactly these two lines:
#   mutation score: K/N quirks caught
#   checks shown failing: C/T (L listed as not exercisable)
# Exit 0 only when the clean runs pass, K == N and C == T.
#
# usage: testbed/mutation.sh [VCT]   (default build/vct; VCT_JOBS=parallelism,
#        VCT_MUTATION_ONLY=GLOB to run only some quirks, VCT_MUTATION_KEEP=1 to keep the runs)
set -u
shopt -s extglob
cd "$(dirname "$0")/.."
# Per-wait timeout for device responses: refdev answers synchronously, so a
# short one only shortens what a broken quirk makes the checks wait for.
WAIT_MS=${VCT_MUTATION_WAIT_MS:-300}

# The verdict of CHECK in a TAP stream: own (not ok with evidence of its own
# assertion), step, backstop, harness-error, fail (no evidence), pass, skip, none.
judge() {
	awk -v ck="$1" '
		$0 ~ /^(not )?ok [0-9]+ - / {
			if (in_pt) exit
			if ($0 !~ ("^(not )?ok [0-9]+ - " ck " \\[")) next
			in_pt = 1
			if ($1 == "ok") { v = ($0 ~ /# SKIP/) ? "skip" : "pass"; exit }
			v = "fail"; next
		}
		in_pt && /^  outcome: harness-error/ { v = "harness-error"; exit }
		in_pt && /^      origin: check/ { v = "own"; exit }
		in_pt && /^      origin: (step|backstop)/ && v == "fail" { v = $2 }
		in_pt && /^  \.\.\./ { exit }
		END { print (v == "" ? "none" : v) }' "$2"
}

# One job of the gate (run through xargs): a clean run of a variant, or the
# chain of one quirk and one check over the variants until a credit.
if [ "${1:-}" = --job ]; then
	shift
	kind=$1 out=$2
	shift 2
	case $kind in
	clean)
		# A clean run must pass, never time out: with eight jobs on two cores a
		# 300 ms wait failed one in a fresh clone's make check. Over vhost-user
		# the device is another process: its answers take longer still.
		w=$((WAIT_MS * 2))
		case ,$1, in *,vhost-user,*) w=$((WAIT_MS * 8)) ;; esac
		"$VCT" run "refdev:$1" --timeout "$w" >"$out.tap" 2>"$out.err"
		echo $? >"$out.rc"
		;;
	chain)
		q=$1 ck=$2
		shift 2
		seen=""
		for v in "$@"; do
			"$VCT" run "refdev:$v,quirk=$q" --only "$ck" --timeout "$WAIT_MS" >"$out.tap" 2>"$out.err"
			j=$(judge "$ck" "$out.tap")
			if [ "$j" = own ]; then
				echo "credited $v" >"$out"
				exit 0
			fi
			seen="$seen $v:$j"
		done
		echo "missed$seen" >"$out"
		;;
	esac
	exit 0
fi

VCT=${1:-${VCT:-build/vct}}
# The runs mostly wait on the device's timeouts, not on the CPU: 4 per core.
JOBS=${VCT_JOBS:-$((4 * $(nproc 2>/dev/null || echo 2)))}
[ -x "$VCT" ] || { echo "mutation: $VCT not built" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vct-mutation.XXXXXX") || exit 2
[ -n "${VCT_MUTATION_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s%N)

"$VCT" refdev >"$tmp/refdev" || { echo "mutation: $VCT refdev failed" >&2; exit 2; }
"$VCT" checks --format tsv >"$tmp/checks" || { echo "mutation: $VCT checks failed" >&2; exit 2; }
types=$(awk -F'\t' '$1 == "type" { print $2 }' "$tmp/refdev")
# Options that take a value (unplug-after=MS, host-fifo=PATH) stage host events, not device variants.
# Each as NAME:TYPES (TYPES "*" or a comma list: the device types it applies to).
options=$(awk -F'\t' '$1 == "option" && $2 !~ /=/ { print $2 ":" ($4 == "" ? "*" : $4) }' "$tmp/refdev")
# quirk NAME CLASS TYPES STATEMENTS, statements joined by commas
awk -F'\t' '$1 == "quirk" { s = $5; gsub(/[ ,]+/, ",", s); print $2, $3, $4, s }' "$tmp/refdev" >"$tmp/catalog"
[ -n "$types" ] && [ -s "$tmp/catalog" ] && [ -s "$tmp/checks" ] || { echo "mutation: empty catalog" >&2; exit 2; }

# Variants of the types in $1 ("*" or a comma list): plain ones first.
variants() {
	local ts=$1 o t out=""
	[ "$ts" = "*" ] && ts=$(echo $types | tr ' ' ,)
	for o in "" $options; do
		for t in ${ts//,/ }; do
			case ",${o#*:}," in ,,|*,\**|*,$t,*) ;; *) continue ;; esac
			out="$out${out:+ }$t${o:+,${o%%:*}}"
		done
	done
	# no trailing blank: xargs -L would join the next job line to this one
	echo "$out"
}

{
	for v in $(variants "*"); do echo "clean $tmp/clean.$v $v"; done
	while read -r q cls qtypes stmts; do
		[ "$cls" = conformance ] || continue
		# VCT_MUTATION_ONLY=GLOB: only those quirks (while working on them; the gate then fails)
		case $q in ${VCT_MUTATION_ONLY:-*}) ;; *) continue ;; esac
		for st in ${stmts//,/ }; do
			awk -F'\t' -v s="$st" '$2 == s && $4 == "-" { print $1 }' "$tmp/checks"
		done | sort -u | while read -r ck; do
			echo "chain $tmp/chain.$q.$ck $q $ck $(variants "$qtypes")"
		done
	done <"$tmp/catalog"
} >"$tmp/jobs"
export VCT WAIT_MS
xargs -P "$JOBS" -L 1 "$0" --job <"$tmp/jobs"

fail=0
for v in $(variants "*"); do
	f=$tmp/clean.$v
	rc=$(cat "$f.rc" 2>/dev/null || echo none)
	bad=$(grep -c '^not ok' "$f.tap" 2>/dev/null)
	if [ "$rc" != 0 ] || [ "${bad:-0}" != 0 ]; then
		echo "CLEAN FAIL  refdev:$v  exit $rc, $bad not ok:"
		grep '^not ok' "$f.tap" | sed 's/^/    /'
		fail=1
	else
		echo "clean   refdev:$v  $(grep -c '^ok' "$f.tap") ok, exit 0"
	fi
done

# Credits: "quirk check variant", one per credited chain.
for f in "$tmp"/chain.*; do
	[ -e "$f" ] || continue
	case $f in *.tap | *.err) continue ;; esac
	read -r verdict rest <"$f"
	[ "$verdict" = credited ] || continue
	qc=${f#"$tmp/chain."}
	echo "${qc%%.*} ${qc#*.} $rest"
done | sort >"$tmp/credits"

k=0 n=0
while read -r q cls qtypes stmts; do
	case $cls in
	conformance) ;;
	fuzz-only) printf '%-8s %-28s %s\n' "-" "$q" "fuzz-only (fuzzer gate)"; continue ;;
	*) printf '%-8s %-28s %s\n' "-" "$q" "$cls (not a conformance violation; not scored)"; continue ;;
	esac
	n=$((n + 1))
	by=$(awk -v q="$q" '$1 == q { printf "%s%s on %s", sep, $2, $3; sep = ", " }' "$tmp/credits")
	if [ "$stmts" = - ]; then
		printf 'MISSED   %-28s no statement named in the catalog\n' "$q"
	elif [ -n "$by" ]; then
		k=$((k + 1))
		printf 'caught   %-28s [%s] by %s\n' "$q" "$stmts" "$by"
	else
		why=""
		for f in "$tmp/chain.$q".*; do
			case $f in *.tap | *.err) continue ;; esac
			[ -e "$f" ] && why="$why ${f#"$tmp/chain.$q."}:$(cut -d' ' -f2- "$f" | tr ' ' '\n' | sed 's/.*://' | sort | uniq -c | awk '{ printf "%s%s", s, $2 "x" $1; s = "," }')"
		done
		printf 'MISSED   %-28s [%s] no check keyed to it failed through its own assertion%s\n' "$q" "$stmts" \
			"${why:- (no check is keyed to it)}"
	fi
done <"$tmp/catalog"

c=0 t=0 l=0
while IFS=$'\t' read -r ck st lvl why _; do
	if [ "$why" != - ]; then
		l=$((l + 1))
		printf 'listed   %-44s not exercisable on refdev: %s\n' "$ck" "$why"
		continue
	fi
	t=$((t + 1))
	if awk -v c="$ck" '$2 == c { f = 1 } END { exit !f }' "$tmp/credits"; then
		c=$((c + 1))
		continue
	fi
	qs=$(awk -v s="$st" '$2 == "conformance" && ("," $4 ",") ~ ("," s ",") { printf "%s%s", sep, $1; sep = "," }' "$tmp/catalog")
	if [ -z "$qs" ]; then
		printf 'NOT SHOWN %-43s [%s] no conformance quirk names this statement\n' "$ck" "$st"
	else
		printf 'NOT SHOWN %-43s [%s] did not fail through its own assertion under %s\n' "$ck" "$st" "$qs"
	fi
done <"$tmp/checks"

ms=$((($(date +%s%N) - t0) / 1000000))
echo "# $(grep -c "" "$tmp/jobs") jobs in ${ms} ms ($JOBS parallel)"
echo "mutation score: $k/$n quirks caught"
echo "checks shown failing: $c/$t ($l listed as not exercisable)"
[ "$fail" = 0 ] && [ "$k" = "$n" ] && [ "$n" -gt 0 ] && [ "$c" = "$t" ]
