#!/bin/sh
# The executor's feature shadow as the held-crash guards see it: whole
# programs on the reference device (tests/fuzz/exec_shadow.c, fuzz/exec.c).
exec "$(dirname "$0")/run-bin.sh" exec_shadow
