#!/bin/sh
# The builtin engine's corpus schedule: seeds calibrated, keys held by the
# cheapest entry, draws from the favoured set (tests/fuzz/sched.c, fuzz/sched.c).
exec "$(dirname "$0")/run-bin.sh" sched
