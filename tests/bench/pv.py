#!/usr/bin/python3
"""PV transition benchmark: boots the bench kernel pair and prints its table.

Domain 1 ("bench", two vCPUs) times every row; domain 2 ("peer", the same
kernel with role=peer) answers its event-channel round trips and grants it
the page it maps and copies. Cycles are TSC ticks measured inside domain 1
under QEMU TCG, each the median of SAMPLES timings; the last column is the
ratio to an empty rdtsc pair measured in the same run. The table is printed
whole; the run fails if either domain fails or QEMU does not finish in
TIMEOUT seconds.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = 100000
TIMEOUT = 300
ELF = os.path.join(TOP, "build", "guests", "bench.elf")


def domains(samples):
    """The two --domain specs of a bench run with this many samples."""
    return [ELF + ',mem=32,vcpus=2,name=bench,cmdline="role=main peer=2 '
            'samples=%d"' % samples,
            ELF + ',mem=16,name=peer,cmdline="role=peer peer=1 samples=%d"'
            % samples]


def main():
    cmd = [os.path.join(TOP, "scripts", "run"), "--accel", "tcg", "--cpus", "1",
           "--timeout", str(TIMEOUT)]
    for d in domains(SAMPLES):
        cmd += ["--domain", d]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = p.stdout.decode("utf-8", "replace").replace("\r", "")
    rows = re.findall(r"\(bench\) bench: (.*)", out)
    print("PV transitions (TCG, one pCPU, TSC cycles inside the guest)")
    for r in rows:
        print("  " + r)
    for note in re.findall(r"\((?:bench|peer)\) (bench \w+: .*)", out):
        print("  " + note)
    failed = []
    for dom in ("bench", "peer"):
        m = re.search(r"\(%s\) Test result: (.*)" % dom, out)
        if not m or m.group(1) != "SUCCESS":
            failed.append("%s: %s" % (dom, m.group(1) if m else "no result"))
    for l in re.findall(r"\((?:bench|peer)\) check failed: .*", out):
        print("  " + l)
    if p.returncode != 0 or failed:
        print("bench: failed (rc %d%s): %s"
              % (p.returncode, ", timeout" if p.returncode == 124 else "",
                 "; ".join(failed) or "a domain did not finish cleanly"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
