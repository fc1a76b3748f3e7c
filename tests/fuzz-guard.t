#!/bin/sh
# The held-crash guard's walk (tests/fuzz/guard_walk.c, fuzz/guard.c) on
# hand-made rings. The binary is built by make check; a missing one fails.
cd "$(dirname "$0")/.." || exit 1
B=${BUILD:-build}/tests/guard_walk
if [ ! -x "$B" ]; then
	echo "1..1"
	echo "not ok 1 - $B not built (make $B)"
	exit 1
fi
exec "$B"
