#!/bin/sh
# A self-test that builds what it runs must fail, not SKIP, when the build
# fails (issue 10 item 10; BRIEF: "a build failure is a test failure"). Each
# such test is run with a compiler that always fails, into a scratch build
# folder, and must exit non-zero with a "not ok" and no SKIP. The report tests
# and the other perl tests do not build; they must fail, not SKIP, when what they test is missing.
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

set -- tests/admin-refdev.t tests/refdev-selftest.t
reports="tests/report-badinput.t tests/report-chromium.t tests/report-diff.t tests/report-hostile.t tests/report-render.t tests/report-schema.t tests/known-quirks.t tests/check-table.t tests/cli-help.t tests/fuzz-hostile.t tests/fuzz-prog.t tests/fuzz-quirks.t tests/harness-refdev.t tests/harness-removal.t tests/harness-usage.t tests/host-hook.t tests/install.t tests/progress.t tests/results.t tests/stress.t tests/tap-version.t"
echo "1..$(($# + $(echo $reports | wc -w)))"
n=0
for t in "$@"; do
	n=$((n + 1))
	CC=false BUILD="$tmp/build" sh "$t" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q '^not ok' "$tmp/out" && ! grep -q 'SKIP' "$tmp/out"; then
		echo "ok $n - $t fails (exit $rc) when its build fails"
	else
		echo "not ok $n - $t fails (exit $rc) when its build fails"
		sed 's/^/#   /' "$tmp/out"
	fi
done
for t in $reports; do
	n=$((n + 1))
	BUILD="$tmp/nothing" perl "$t" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ] && ! grep -q 'SKIP' "$tmp/out" && grep -q 'not built' "$tmp/err"; then
		echo "ok $n - $t fails (exit $rc) without the vct it tests"
	else
		echo "not ok $n - $t fails (exit $rc) without the vct it tests"
		sed 's/^/#   /' "$tmp/out" "$tmp/err"
	fi
done
