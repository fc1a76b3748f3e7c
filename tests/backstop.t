#!/bin/sh
# The runner's backstop verdicts (tests/runner/backstop.c): a killed check is
# a harness error unless the device provably stalled inside a wait. The
# binary is built by make check; a missing one fails (never a SKIP).
cd "$(dirname "$0")/.." || exit 1
B=${BUILD:-build}/tests/backstop
if [ ! -x "$B" ]; then
	echo "1..1"
	echo "not ok 1 - $B not built (make $B)"
	exit 1
fi
exec "$B"
