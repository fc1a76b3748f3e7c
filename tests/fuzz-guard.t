#!/bin/sh
# The held-crash guard's walk (tests/fuzz/guard_walk.c, fuzz/guard.c) on
# hand-made rings.
exec "$(dirname "$0")/run-bin.sh" guard_walk
