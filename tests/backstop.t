#!/bin/sh
# The runner's backstop verdicts (tests/runner/backstop.c): a killed check is
# a harness error unless the device provably stalled inside a wait.
exec "$(dirname "$0")/run-bin.sh" backstop
