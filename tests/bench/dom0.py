#!/usr/bin/python3
"""dom0 benchmark: what `make run` boots (scripts/run --dom0-linux: our Linux
as dom0 with a virtio-blk disk and a virtio-net NIC on QEMU user networking,
restrict=on) against the same kernel and initramfs booted natively in the
same QEMU (TCG, linux.py's machine with -m 1024, the same disk and NIC,
pci=nomsi in both, native mem=512M as dom0_mem=512M). Figures: wall time
from QEMU's start to the hypervisor's banner (dom0: GRUB loads it and
the modules from an ISO; the native kernel is QEMU's -kernel), to /init's
first marker and to the shell marker (dom0's includes its DHCP lease), and
sequential read and write MB/s of /dev/vda (8 passes of dd bs=1M with
O_DIRECT over a 128 MiB random image per timed run, timed with
/proc/uptime in the guest, median of 5; writes go to QEMU's snapshot
overlay, never to the image), and 4 KiB O_DIRECT reads per second (one
dd of 8192 requests at consecutive offsets, median of 5). Figures only: the run fails when a boot does not
produce them, never on a time.
"""
import os
import re
import selectors
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linux  # noqa: E402  (the native boot's machine, paths, timeout)

QEMU_MEM = 1024
DOM0_MEM = 512
DISK_MIB = 128
READS = 5           # timed reads; the median is shown
IOS = 8192          # 4 KiB O_DIRECT requests per timed run (32 MiB)
PASSES = 8          # whole-disk dd passes per timed read (~1 s at 1 GB/s)
BANNER = b"(XEN) Xenolith "
INIT = b"XENOLITH-LINUX: init reached userspace"
SHELL = b"XENOLITH-LINUX: shell"
# Typed at the shell, one short line per step (long typed lines can lose
# input while the kernel prints); $((...)) so the echo of the typed line
# does not match the marker it waits for.
STEPS = [b"t() { cut -d' ' -f1 /proc/uptime; }; echo s-$((1+1))\n",
         b"r() { for i in $(seq %d); do dd if=/dev/vda of=/dev/null bs=1M "
         b"iflag=direct 2>/dev/null; done; }; echo s-$((2+1))\n" % PASSES,
         b"w() { for i in $(seq %d); do dd if=/dev/zero of=/dev/vda bs=1M "
         b"count=%d oflag=direct 2>/dev/null; done; }; echo s-$((3+1))\n"
         % (PASSES, DISK_MIB),
         b"i() { dd if=/dev/vda of=/dev/null bs=4k count=%d iflag=direct "
         b"2>/dev/null; }; echo s-$((4+1))\n" % IOS] + [
    b"a=$(t); %s; echo XL-D%s $a $(t) $((%d+1))\n" % (op, op.upper(), i)
    for op in (b"r", b"w", b"i") for i in range(READS)] + [b"poweroff -f\n"]


def machine():
    """linux.py's QEMU command with this bench's memory and a NIC."""
    cmd = list(linux.QEMU)
    cmd[cmd.index("-m") + 1] = str(QEMU_MEM)
    cmd[cmd.index("-nic") + 1] = "user,model=virtio-net-pci,restrict=on"
    return cmd


def session(extra, disk):
    """Boot, wait for the shell, type STEPS (each after the previous one's
    output): (seconds to INIT, seconds to SHELL, log, QEMU status)."""
    cmd = machine() + extra + [
        "-drive", "if=none,id=disk0,format=raw,snapshot=on,file=" + disk,
        "-device", "virtio-blk-pci,drive=disk0"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    t_banner = t_init = t_shell = None
    buf, step, waits = b"", 0, [re.compile(rb"s-%d\r?\n" % n)
                                for n in (2, 3, 4, 5)] + [
        re.compile(rb"XL-D%s [\d.]+ [\d.]+ %d\r?\n" % (op, i + 1))
        for op in (b"R", b"W", b"I") for i in range(READS)]
    deadline = t0 + linux.TIMEOUT
    while time.monotonic() < deadline:
        if not sel.select(max(0.1, deadline - time.monotonic())):
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        now = time.monotonic() - t0
        if t_banner is None and BANNER in buf:
            t_banner = now
        if t_init is None and INIT in buf:
            t_init = now
        if t_shell is None and SHELL in buf:
            t_shell = now
            time.sleep(0.5)     # let the shell start reading
            p.stdin.write(STEPS[0])
            p.stdin.flush()
            step = 1
        while t_shell is not None and 0 < step < len(STEPS) and \
                waits[step - 1].search(buf):
            p.stdin.write(STEPS[step])
            p.stdin.flush()
            step += 1
    if p.poll() is None:
        p.kill()
    p.wait()
    return t_init, t_shell, buf.decode("utf-8", "replace").replace("\r", ""), \
        p.returncode, t_banner


def read_mbs(log, op="R"):
    """Median MB/s of the XL-DR (read) or XL-DW (write) lines, or I/Os per
    second of the XL-DI lines (uptime before and after each timed dd),
    and all of them."""
    work = IOS if op == "I" else DISK_MIB * PASSES
    rates = sorted(work / (float(b) - float(a)) for a, b in
                   re.findall(r"^(?:\(XEN\) \(dom0\) )?XL-D%s ([\d.]+) "
                              r"([\d.]+) \d+$" % op, log, re.M)
                   if float(b) > float(a))
    return rates[len(rates) // 2] if len(rates) == READS else None, rates


def main():
    lx = linux.LX
    for f in ("bzImage", "initramfs.cpio.gz"):
        if not os.path.isfile(os.path.join(lx, f)):
            print("dom0 bench: %s/%s missing (run make linux)" % (lx, f))
            return 1
    initrd = os.path.join(lx, "initramfs.cpio.gz")
    cmdline = "pci=nomsi xenolith.shell"
    with tempfile.TemporaryDirectory(prefix="xenolith-bench.") as d:
        disk = os.path.join(d, "disk.img")
        with open(disk, "wb") as f:
            for _ in range(DISK_MIB):
                f.write(os.urandom(1 << 20))
        iso = os.path.join(d, "dom0.iso")
        subprocess.run([os.path.join(linux.TOP, "scripts", "mkiso"), iso,
                        os.path.join(linux.BUILD, "xenolith"),
                        "dom0_mem=%dM" % DOM0_MEM,
                        os.path.join(lx, "bzImage"),
                        "console=hvc0 earlyprintk=xen " + cmdline,
                        initrd, "initrd"], check=True)
        dom0 = session(["-boot", "d", "-cdrom", iso], disk)
        native = session(["-kernel", os.path.join(lx, "bzImage"), "-initrd",
                          initrd, "-append", "console=ttyS0 mem=%dM %s"
                          % (DOM0_MEM, cmdline)], disk)
    (dr, dall), (nr, nall) = read_mbs(dom0[2]), read_mbs(native[2])
    (dw, dwall), (nw, nwall) = read_mbs(dom0[2], "W"), read_mbs(native[2], "W")
    (di, diall), (ni, niall) = read_mbs(dom0[2], "I"), read_mbs(native[2], "I")
    print("Linux 6.1 (our pv-ops build), QEMU TCG -cpu max,-smap -smp 1 -m %d, "
          "virtio-blk + virtio-net (user, restrict=on), pci=nomsi; dom0 "
          "dom0_mem=%dM, native mem=%dM" % (QEMU_MEM, DOM0_MEM, DOM0_MEM))
    print("  %-34s %9s %9s %11s" % ("", "native", "dom0", "dom0/native"))

    def row(label, n, x, fmt):
        print("  %-34s %9s %9s %11s" % (
            label, fmt % n if n else "-", fmt % x if x else "-",
            "%.2f" % (x / n) if n and x else "-"))
    print("  %-34s %9s %9s %11s" % ("QEMU start -> hypervisor (s)", "-",
                                     "%.2f" % dom0[4] if dom0[4] else "-", ""))
    row("QEMU start -> /init (s)", native[0], dom0[0], "%.2f")
    row("QEMU start -> shell (s)", native[1], dom0[1], "%.2f")
    row("seq read /dev/vda (MB/s, median)", nr, dr, "%.1f")
    row("seq write /dev/vda (MB/s, median)", nw, dw, "%.1f")
    row("4 KiB O_DIRECT reads (IOPS, med.)", ni, di, "%.0f")

    def each(rates):
        return " ".join("%.0f" % r for r in rates) or "-"
    print("  (each timed dd: %d x %d MiB, bs=1M, O_DIRECT; MB/s read native "
          "%s, dom0 %s; write native %s, dom0 %s)" % (
              PASSES, DISK_MIB, each(nall), each(dall), each(nwall),
              each(dwall)))
    print("  (4 KiB reads: %d one-at-a-time requests at consecutive offsets "
          "per timed dd, a per-request cost; not random offsets: busybox "
          "has no random I/O tool)" % IOS)
    rc = 0
    # A clean end: dom0's poweroff is the hypervisor's result code 0
    # (isa-debug-exit status 1); the native kernel's ends QEMU with 0.
    for name, run, r, status in (("dom0", dom0, dr, 1),
                                 ("native", native, nr, 0)):
        if run[1] is None or r is None or run[3] != status or \
                read_mbs(run[2], "W")[0] is None or \
                read_mbs(run[2], "I")[0] is None:
            print("dom0 bench: the %s run gave no figures or did not power "
                  "off (QEMU status %d, expected %d); log tail:\n  %s"
                  % (name, run[3], status,
                     "\n  ".join(run[2].split("\n")[-15:])))
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
