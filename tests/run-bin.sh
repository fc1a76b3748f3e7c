#!/bin/sh
# The C self-tests' wrapper (tests/backstop.t, fuzz-guard.t, fuzz-shadow.t):
# run $BUILD/tests/NAME, whose TAP goes to stdout, from the source tree. The
# binary is built by make check; a missing one fails, never a SKIP.
# Usage: tests/run-bin.sh NAME
cd "$(dirname "$0")/.." || exit 1
B=${BUILD:-build}/tests/$1
if [ ! -x "$B" ]; then
	echo "1..1"
	echo "not ok 1 - $B not built (make $B)"
	exit 1
fi
exec "$B"
