#!/usr/bin/python3
"""Boot benchmark: wall time from QEMU start to the banner and to power-off.

Runs the default ISO N times under TCG (same machine, same run) and prints
median and spread. Figures are for comparison between runs of this script
on one machine, not absolute claims.
"""
import os
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ISO = os.path.join(TOP, "build", "xenolith.iso")
RUNS = int(os.environ.get("BOOT_RUNS", "5"))


def one_boot():
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max,-smap",
           "-m", "256", "-boot", "d", "-cdrom", ISO, "-serial", "stdio",
           "-display", "none", "-vga", "none", "-nic", "none", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    banner = None
    buf = b""
    while True:
        chunk = p.stdout.read1(4096) if hasattr(p.stdout, "read1") else \
            p.stdout.read(1)
        if not chunk:
            break
        buf += chunk
        if banner is None and b"(XEN) Xenolith" in buf:
            banner = time.monotonic() - t0
    p.wait(timeout=60)
    return banner, time.monotonic() - t0, p.returncode


def main():
    banners, totals = [], []
    for _ in range(RUNS):
        b, t, rc = one_boot()
        if b is None or rc != 1:
            print("boot: run failed (rc %d, banner %s)" % (rc, b))
            return 1
        banners.append(b)
        totals.append(t)
    print("boot (TCG, -m 256, %d runs)      median    min     max" % RUNS)
    for name, v in (("QEMU start -> banner   ", banners),
                    ("QEMU start -> power-off", totals)):
        print("  %s  %6.3fs %6.3fs %6.3fs" % (name, statistics.median(v),
                                              min(v), max(v)))
    print("  hypervisor share of boot: %.0f%% (banner to power-off / total)"
          % (100 * (statistics.median(totals) - statistics.median(banners))
             / statistics.median(totals)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
