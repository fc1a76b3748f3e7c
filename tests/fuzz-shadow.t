#!/bin/sh
# The executor's feature shadow as the held-crash guards see it: whole
# programs on the reference device (tests/fuzz/exec_shadow.c, fuzz/exec.c).
# The binary is built by make check; a missing one fails.
cd "$(dirname "$0")/.." || exit 1
B=${BUILD:-build}/tests/exec_shadow
if [ ! -x "$B" ]; then
	echo "1..1"
	echo "not ok 1 - $B not built (make $B)"
	exit 1
fi
exec "$B"
