# SPDX-License-Identifier: MIT
# TAP points for the Python self-tests (tests/*.t that prove runs through
# their #! line): ok() prints one and records it, failed() and count() say
# how many failed and how many ran, for the exit status and the plan.
import sys

_n = 0
_failed = 0


def ok(cond, name):
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _n, name))
    sys.stdout.flush()
    return cond


def failed():
    return _failed


def count():
    return _n
