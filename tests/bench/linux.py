#!/usr/bin/python3
"""Linux benchmark: the same pv-ops kernel and initramfs (build/linux, from
`make linux`) booted twice in the same QEMU (TCG, same -cpu, -m and -smp):
(a) as a Xenolith PV domU, (b) natively with -kernel bzImage. In both, /init
runs tests/bench/linux_bench.c (xenolith.bench), which prints the median ns
per operation over its batches. The table gives native, PV and the ratio
PV/native, plus the wall time from QEMU's start to /init's first marker.
Figures only: the run fails when a boot does not produce them, never on a
time.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
LX = os.path.join(BUILD, "linux")
TIMEOUT = 900
QEMU_MEM = 512      # the machine, both runs
GUEST_MEM = 256     # the PV domain; the native kernel gets mem=256M
MARKER = b"XENOLITH-LINUX: init reached userspace"
QEMU = ["qemu-system-x86_64", "-accel", "tcg", "-machine", "pc",
        "-cpu", "max,-smap", "-smp", "1", "-m", str(QEMU_MEM),
        "-display", "none", "-vga", "none", "-nic", "none", "-no-reboot",
        "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
ROWS = [("getppid", "getppid()"),
        ("clock_gettime", "clock_gettime(MONOTONIC)"),
        ("fork_exit_wait", "fork+exit+wait"),
        ("fork_execve_wait", "fork+execve(static)+wait"),
        ("page_fault_4k", "4 KiB page fault"),
        ("pipe_round_trip", "pipe round trip (2 procs)")]


def boot(extra):
    """Run QEMU with these arguments: (seconds to the marker or None, log, rc)."""
    t0 = time.monotonic()
    p = subprocess.Popen(QEMU + extra, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    marker, buf = None, b""
    deadline = t0 + TIMEOUT
    while time.monotonic() < deadline:
        chunk = p.stdout.read1(65536)
        if not chunk:
            break
        buf += chunk
        if marker is None and MARKER in buf:
            marker = time.monotonic() - t0
    if p.poll() is None:
        p.kill()
    p.wait()
    return marker, buf.decode("utf-8", "replace").replace("\r", ""), p.returncode


def figures(log):
    return {m.group(1): (float(m.group(2)), int(m.group(3))) for m in
            re.finditer(r"XL-BENCH (\w+) (\d+) (\d+)", log)}


def main():
    for f in ("vmlinux", "bzImage", "initramfs.cpio.gz"):
        if not os.path.isfile(os.path.join(LX, f)):
            print("linux bench: %s/%s missing (run make linux)" % (LX, f))
            return 1
    initrd = os.path.join(LX, "initramfs.cpio.gz")
    with tempfile.TemporaryDirectory(prefix="xenolith-bench.") as d:
        iso = os.path.join(d, "pv.iso")
        subprocess.run([os.path.join(TOP, "scripts", "mkiso"), iso,
                        os.path.join(BUILD, "xenolith"), "",
                        os.path.join(LX, "vmlinux"),
                        "domain name=lx mem=%d vcpus=1 -- console=hvc0 "
                        "xenolith.bench" % GUEST_MEM,
                        initrd, "ramdisk"], check=True)
        pv = boot(["-boot", "d", "-cdrom", iso])
    native = boot(["-kernel", os.path.join(LX, "bzImage"), "-initrd", initrd,
                   "-append", "console=ttyS0 mem=%dM xenolith.bench" % GUEST_MEM])
    fp, fn = figures(pv[1]), figures(native[1])
    print("Linux 6.1 (our pv-ops build), QEMU TCG -cpu max,-smap -smp 1 -m %d; "
          "PV domU %d MiB, native mem=%dM" % (QEMU_MEM, GUEST_MEM, GUEST_MEM))
    print("  %-28s %12s %12s %7s" % ("operation (median ns)", "native",
                                     "Xenolith PV", "PV/nat"))
    for key, label in ROWS:
        n, p = fn.get(key), fp.get(key)
        print("  %-28s %12s %12s %7s" % (
            label, "%.0f" % n[0] if n else "-", "%.0f" % p[0] if p else "-",
            "%.2f" % (p[0] / n[0]) if n and p and n[0] else "-"))
    print("  (iterations per row: %s)" % ", ".join(
        "%s %d" % (k, (fp.get(k) or fn.get(k) or (0, 0))[1]) for k, _ in ROWS))
    nb, pb = native[0], pv[0]
    print("  %-28s %11s %11s %7s" % (
        "QEMU start -> /init (s)", "%.2f" % nb if nb else "-",
        "%.2f" % pb if pb else "-", "%.2f" % (pb / nb) if nb and pb else "-"))
    rc = 0
    for name, (marker, log, qrc), f in (("PV", pv, fp), ("native", native, fn)):
        if marker is None or not all(k in f for k, _ in ROWS):
            print("linux bench: the %s run gave no figures (QEMU status %d); "
                  "log tail:\n  %s" % (name, qrc, "\n  ".join(log.split("\n")[-15:])))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
