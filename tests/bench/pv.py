#!/usr/bin/python3
"""PV transition benchmark: boots the bench kernel and prints its table.

Cycles are TSC ticks measured inside the guest under QEMU TCG; the last
column is the ratio to an empty rdtsc pair measured in the same run.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    cmd = [os.path.join(TOP, "scripts", "run"), "--accel", "tcg",
           "--timeout", "600", "--domain",
           os.path.join(TOP, "build", "guests", "bench.elf") + ",mem=32,name=bench"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = p.stdout.decode("utf-8", "replace").replace("\r", "")
    rows = re.findall(r"\(bench\) bench: (.*)", out)
    result = re.search(r"\(bench\) Test result: (.*)", out)
    print("PV transitions (TCG, TSC cycles inside the guest)")
    for r in rows:
        print("  " + r)
    if p.returncode != 0 or not result or result.group(1) != "SUCCESS":
        print("bench: the bench kernel failed (rc %d): %s"
              % (p.returncode, result.group(1) if result else "no result"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
