"""Shared by the QEMU test runners: the case registry, the serial-log
cleaner, where the test kernels are, and the main loop that ends with
"N passed, N failed"."""
import os
import re
import sys
import time


class Failed(Exception):
    """A case failed; the message says what was expected and what was seen."""


def registry():
    """A list of cases and the decorator that appends to it."""
    cases = []

    def case(fn):
        cases.append(fn)
        return fn
    return cases, case


TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def guest_kernel(name):
    """The path of build/guests/NAME.elf; Failed if it was not built."""
    path = os.path.join(TOP, "build", "guests", name + ".elf")
    if not os.path.isfile(path):
        raise Failed("test kernel %s not built (expected %s)" % (name, path))
    return path


def clean_log(raw):
    """QEMU's serial output as text: GRUB's ANSI escapes and CRs removed."""
    text = raw.decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")


def run_cases(cases, tier, argv=None):
    """Run the cases picked by -k SUBSTRING (-v: print passes too). Prints
    each failure, the tier's wall time and the tally; returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args
    pick = args[args.index("-k") + 1] if "-k" in args else ""
    passed = failed = 0
    t0 = time.monotonic()
    for fn in cases:
        if pick not in fn.__name__:
            continue
        t = time.monotonic()
        try:
            fn()
        except Failed as e:
            failed += 1
            print("FAIL %s: %s" % (fn.__name__, e))
            continue
        passed += 1
        if verbose:
            print("PASS %s (%.1fs)" % (fn.__name__, time.monotonic() - t))
    print("%s: %.0fs" % (tier, time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
