#!/bin/sh
# The mutator's size: the builtin engine's size-neutral stream against the
# default one, and its cuts at the edges (tests/fuzz/mutate.c, fuzz/mutate.c).
exec "$(dirname "$0")/run-bin.sh" mutate
