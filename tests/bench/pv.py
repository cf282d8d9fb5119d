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
ICOUNT_SAMPLES = 2000  # exact counts: the median needs few
TIMEOUT = 300
ELF = os.path.join(TOP, "build", "guests", "bench.elf")


def domains(samples):
    """The two --domain specs of a bench run with this many samples."""
    return [ELF + ',mem=32,vcpus=2,name=bench,cmdline="role=main peer=2 '
            'samples=%d"' % samples,
            ELF + ',mem=16,name=peer,cmdline="role=peer peer=1 samples=%d"'
            % samples]


def run(samples, icount, build=None):
    """One bench run, of the hypervisor in build (default: scripts/run's);
    (rows as (name, cycles, ratio), notes, failures, rc)."""
    cmd = [os.path.join(TOP, "scripts", "run"), "--accel", "tcg", "--cpus", "1",
           "--timeout", str(TIMEOUT)] + (["--icount"] if icount else [])
    for d in domains(samples):
        cmd += ["--domain", d]
    env = dict(os.environ, BUILD=build) if build else None
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, env=env)
    out = p.stdout.decode("utf-8", "replace").replace("\r", "")
    rows = re.findall(r"\(bench\) bench: (.*?)\s+(\d+) cycles\s+(\S+)", out)
    notes = re.findall(r"\((?:bench|peer)\) (bench \w+: .*)", out)
    failed = []
    for dom in ("bench", "peer"):
        m = re.search(r"\(%s\) Test result: (.*)" % dom, out)
        if not m or m.group(1) != "SUCCESS":
            failed.append("%s: %s" % (dom, m.group(1) if m else "no result"))
    failed += re.findall(r"\((?:bench|peer)\) check failed: .*", out)
    return rows, notes, failed, p.returncode


def instructions(irows):
    """Each row's instructions, less the empty rdtsc pair's."""
    icount = {name: int(n) for name, n, _ in irows}
    ibase = icount.get("empty (rdtsc pair)", 0)
    return {name: n - ibase for name, n in icount.items()}, ibase


def main():
    """Cycles from a normal run; instructions from a second run under
    QEMU -icount shift=0, where the TSC advances by one per guest
    instruction (exact and repeatable): a row's count minus the empty
    rdtsc pair's is the instructions of the operation, hypervisor and
    guest side together. With --against DIR, the hypervisor built in DIR
    (e.g. `make BUILD=DIR` of another commit) is measured in the same
    sitting, its cycle run right after ours, and shown beside it."""
    other = None
    if sys.argv[1:2] == ["--against"] and len(sys.argv) == 3:
        other = sys.argv[2]
    elif sys.argv[1:]:
        print("usage: pv.py [--against BUILD_DIR]")
        return 2
    rows, notes, failed, rc = run(SAMPLES, False)
    if other:
        orows, _, ofailed, orc = run(SAMPLES, False, other)
    irows, _, ifailed, irc = run(ICOUNT_SAMPLES, True)
    icount, ibase = instructions(irows)
    if other:
        oirows, _, oifailed, oirc = run(ICOUNT_SAMPLES, True, other)
        ocycles = {name: cyc for name, cyc, _ in orows}
        oicount, _ = instructions(oirows)
        failed += ["%s: %s" % (other, f) for f in ofailed + oifailed]
        rc, irc = rc or orc, irc or oirc
    print("PV transitions (TCG, one pCPU): TSC cycles inside the guest, and "
          "instructions (-icount, less the empty pair's %d)" % ibase)
    head = "  %-40s %9s %8s %12s" % ("operation", "cycles", "x empty",
                                     "instructions")
    if other:
        head += "  | %9s %12s  (%s)" % ("cycles", "instructions", other)
    print(head)
    for name, cyc, ratio in rows:
        if name == "operation":
            continue
        n = icount.get(name)
        line = "  %-40s %9s %8s %12s" % (name, cyc, ratio,
                                         "-" if n is None else n)
        if other:
            line += "  | %9s %12s" % (ocycles.get(name, "-"),
                                      oicount.get(name, "-"))
        print(line)
    for note in notes:
        print("  " + note)
    failed += ["icount run: " + f for f in ifailed]
    for l in failed:
        print("  " + l)
    if rc != 0 or irc != 0 or failed:
        print("bench: failed (rc %d/%d): %s"
              % (rc, irc, "; ".join(failed) or "a domain did not finish cleanly"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
