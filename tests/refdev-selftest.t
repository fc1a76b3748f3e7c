#!/bin/sh
# The reference device's self-test (tests/refdev/refdev_selftest.c), built
# normally and with ASan+UBSan; plus proof that the crash-desc-loop fuzz-only
# quirk is a real memory bug that the sanitizer build catches.
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
N=$BUILD/tests/refdev_selftest
S=$BUILD/tests/refdev_selftest-san
# A build failure is a test failure, never a SKIP (make's errors are on stderr).
make -s "$N" "$S" >&2 || { echo "1..1"; echo "not ok 1 - build $N and $S"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "1..4"
n=0
run() { # desc binary
	n=$((n + 1))
	if "$2" >"$tmp/out" 2>&1; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
	fi
	sed 's/^/#   /' "$tmp/out"
}
run "refdev self-test" "$N"
run "refdev self-test under ASan+UBSan" "$S"

n=$((n + 1))
if "$N" crash-loop >"$tmp/out" 2>&1; then
	echo "ok $n - crash-desc-loop quirk survives in the plain build (latent bug)"
else
	echo "not ok $n - crash-desc-loop quirk survives in the plain build (latent bug)"
	sed 's/^/#   /' "$tmp/out"
fi
n=$((n + 1))
if ASAN_OPTIONS=detect_leaks=0 "$S" crash-loop >"$tmp/out" 2>&1; then
	echo "not ok $n - ASan catches the crash-desc-loop quirk"
elif grep -q 'heap-buffer-overflow' "$tmp/out"; then
	echo "ok $n - ASan catches the crash-desc-loop quirk"
else
	echo "not ok $n - ASan catches the crash-desc-loop quirk"
	sed 's/^/#   /' "$tmp/out"
fi
