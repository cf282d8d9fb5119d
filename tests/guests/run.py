#!/usr/bin/python3
"""PV test kernels: boot each under Xenolith (QEMU, TCG) and read its result.

A test kernel prints "Test result: SUCCESS" or "Test result: FAILURE: why"
on its console and shuts down. Each case here names the kernels to boot
together, and what the hypervisor must say and return.
Usage: tests/guests/run.py [-k SUBSTRING] [-v]
Ends with the line "N passed, N failed".
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from qemutest import Failed, clean_log, guest_kernel, registry, run_cases  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN = os.path.join(TOP, "scripts", "run")
TIMEOUT = 120
CASES, case = registry()


def boot(*domains, mem=256, cpus=1, hv_opts=(), dom0=None):
    """Boot the given --domain specs (and a --dom0 spec), with hypervisor
    options hv_opts (e.g. loglvl=debug); return (rc, hypervisor lines)."""
    args = [RUN, "--accel", "tcg", "--timeout", str(TIMEOUT), "--mem", str(mem),
            "--cpus", str(cpus)] + list(hv_opts)
    if dom0:
        args += ["--dom0", dom0]
    for d in domains:
        args += ["--domain", d]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    raw = clean_log(p.stdout)
    lines = [l[6:] for l in raw.split("\n") if l.startswith("(XEN) ")]
    return p.returncode, lines


def result_of(lines, dom):
    """The domain's 'Test result:' line, or a failure naming what it saw."""
    for l in lines:
        m = re.match(r"\(%s\) Test result: (.*)" % re.escape(dom), l)
        if m:
            return m.group(1)
    raise Failed("domain %s printed no 'Test result:' line; log tail:\n  %s"
                 % (dom, "\n  ".join(lines[-20:])))


def expect_success(lines, rc, *doms):
    for d in doms:
        r = result_of(lines, d)
        if r != "SUCCESS":
            raise Failed("domain %s: expected SUCCESS, saw %s" % (d, r))
    if rc != 0:
        raise Failed("expected result code 0, saw %d; log tail:\n  %s"
                     % (rc, "\n  ".join(lines[-15:])))


def expect_line(lines, pattern):
    for l in lines:
        if re.search(pattern, l):
            return l
    raise Failed("expected a line matching /%s/; log tail:\n  %s"
                 % (pattern, "\n  ".join(lines[-20:])))


def no_leak(lines):
    """Each domain's last report of frames it still holds (after its
    relinquish, or when a frame another domain held is freed) says 0."""
    last = {}
    for l in lines:
        m = re.search(r"Domain \d+ \((.*)\): (\d+) frames still held", l)
        if m:
            last[m.group(1)] = m.group(2)
    for dom, n in last.items():
        if n != "0":
            raise Failed("domain %s leaked %s frames" % (dom, n))


@case
def boot_console_syscall():
    rc, lines = boot(guest_kernel("boot_console") +
                     ',mem=32,name=bc,cmdline="console=hvc0 pages=8192"')
    expect_success(lines, rc, "bc")
    no_leak(lines)


@case
def boot_console_hypercall_page():
    rc, lines = boot(guest_kernel("boot_console_hcpage") +
                     ",mem=32,name=hc,cmdline=pages=8192")
    expect_success(lines, rc, "hc")
    no_leak(lines)


@case
def two_domains_side_by_side():
    rc, lines = boot(guest_kernel("boot_console") +
                     ",mem=32,name=one,cmdline=pages=8192",
                     guest_kernel("boot_console_hcpage") +
                     ",mem=48,name=two,cmdline=pages=12288")
    expect_success(lines, rc, "one", "two")
    expect_line(lines, r"^Domain 2 \(two\): 48 MiB")
    no_leak(lines)


@case
def traps_bounces_and_segment_bases():
    rc, lines = boot(guest_kernel("traps") + ",mem=16,name=traps")
    expect_success(lines, rc, "traps")
    no_leak(lines)


@case
def guest_user_mode_syscalls_and_traps():
    rc, lines = boot(guest_kernel("usermode") + ",mem=16,name=um")
    expect_success(lines, rc, "um")
    no_leak(lines)


@case
def runstate_area_written_on_kernel_entry_after_user_mode():
    """The runstate area is a kernel address the user L4 does not map:
    the writes due while the vCPU spins in user mode (preempted by a hog
    on the one CPU) are made when it enters kernel mode, as Xen's."""
    rc, lines = boot(guest_kernel("usermode") + ",mem=16,name=um,"
                     "cmdline=runstate", hog("hg", ",cmdline=secs=2"))
    expect_success(lines, rc, "um", "hg")
    expect_line(lines, r"^\(um\) usermode: runstate area written on kernel "
                r"entry: [1-9]\d* ms runnable")
    no_leak(lines)


def contained_crash(bad, why_pattern, vcpu=0, cpus=1):
    """Domain 1 (bad, a --domain spec named "bad") is crashed alone with
    why_pattern said of its vCPU vcpu; the other one finishes, the
    hypervisor survives."""
    rc, lines = boot(bad, guest_kernel("boot_console") +
                     ",mem=16,name=good,cmdline=pages=4096", cpus=cpus)
    expect_line(lines, r"^Domain 1 \(bad\) vCPU %d: %s" % (vcpu, why_pattern))
    expect_line(lines, r"^Domain 1 \(bad\) shut down: crash \(reason 3\)")
    r = result_of(lines, "good")
    if r != "SUCCESS":
        raise Failed("the other domain: expected SUCCESS, saw %s" % r)
    if rc != 2:
        raise Failed("expected result code 2 (a domain crashed), saw %d" % rc)
    hv_survived(lines)
    no_leak(lines)
    return lines


def crash_case(how, why_pattern):
    """The crash kernel misbehaves as told by how=."""
    return contained_crash(guest_kernel("crash") +
                           ",mem=16,name=bad,cmdline=how=" + how, why_pattern)


@case
def crash_on_page_fault_without_handler():
    crash_case("pagefault", r"unhandled exception 14")


@case
def crash_on_ud2():
    crash_case("ud2", r"unhandled exception 6")


@case
def int3_without_handler():
    crash_case("int3", r"unhandled exception 3")


# An iret to a non-canonical rip is taken as given (Xen's do_iret checks
# no rip): on hardware our iretq faults and the guest gets its failsafe
# callback (none here: it dies alone); QEMU 7.2's TCG does not check
# iretq's rip, so the guest takes the #GP fetching there (no handler here).
IRET_FAULT = (r"(return to the guest faulted and there is no failsafe "
              r"callback|unhandled exception 13, error code 0)")


@case
def iret_to_noncanonical_rip():
    crash_case("iret_noncanonical", IRET_FAULT)


@case
def iret_to_noncanonical_rip_in_syscall():
    """The iret hypercall with VGCF_in_syscall (a sysretq candidate) to a
    non-canonical rip: never a sysretq (XSA-7), the iretq's fault."""
    crash_case("iret_noncanonical_sysret", IRET_FAULT)


@case
def hypercall_at_lower_half_edge_returns_by_iretq():
    """XSA-7: a hypercall `syscall` in the last 2 bytes of the lower half
    leaves a non-canonical return rip; the return must not be a sysretq
    (a ring-0 #GP on the guest's stack on Intel): the iretq faults, the
    guest has no failsafe callback, it dies alone. (QEMU 7.2's TCG checks
    neither iretq's nor sysretq's rip: the #GP comes from fetching at
    0x800000000000 in the guest, so under TCG this shows containment, not
    which instruction returned; on Intel hardware it is the iretq's.)"""
    crash_case("syscall_at_edge", r"(return to the guest faulted and there "
               r"is no failsafe callback|unhandled exception 13, error code 0)")


@case
def iret_frame_in_hypervisor_memory():
    crash_case("iret_badframe", r"iret: bad iret frame")


@case
def guest_cannot_write_hypervisor_memory():
    crash_case("hvwrite", r"unhandled exception 14")


@case
def guest_cannot_write_m2p():
    crash_case("m2pwrite", r"unhandled exception 14")


@case
def exception_with_unwritable_guest_stack():
    crash_case("badstack", r"cannot deliver exception 6: the guest stack")


@case
def cli_is_a_fault():
    crash_case("cli", r"unhandled exception 13")


@case
def far_jump_into_32bit_segment_is_contained():
    """The test's 32-bit code sits above 4 GiB, so it faults at the jump
    target before reaching its syscall (the CSTAR path is not reached)."""
    crash_case("syscall32", r"unhandled exception 14")


@case
def privops_cpuid_msrs_crs_ports_emulated():
    rc, lines = boot(guest_kernel("privops") + ",mem=16,name=privops")
    expect_success(lines, rc, "privops")
    no_leak(lines)


@case
def pagetables_mmu_hypercalls_and_hostile_updates():
    rc, lines = boot(guest_kernel("pagetables") + ",mem=16,name=pt")
    expect_success(lines, rc, "pt")
    for l in lines:
        if l.startswith("FATAL TRAP") or l.startswith("Panic"):
            raise Failed("the hypervisor itself failed: %s" % l)
    no_leak(lines)


@case
def ptwr_direct_page_table_writes_and_hostile_ones():
    rc, lines = boot(guest_kernel("ptwr") + ",mem=16,name=ptwr")
    # A hypervisor fault or panic leaves no SUCCESS line and a nonzero rc.
    expect_success(lines, rc, "ptwr")
    expect_line(lines, r"\(ptwr\) ptwr: 10 page faults delivered")
    no_leak(lines)


def hv_survived(lines):
    bad = [l for l in lines if l.startswith(("FATAL TRAP", "Panic"))]
    if bad:
        raise Failed("the hypervisor itself failed: %s" % bad[0])


@case
def descriptors_gdt_ldt_and_hostile_updates():
    rc, lines = boot(guest_kernel("descriptors") + ",mem=16,name=desc")
    expect_success(lines, rc, "desc")
    hv_survived(lines)
    no_leak(lines)


@case
def events_loopback_ipi_virq_and_hostile_ops():
    rc, lines = boot(guest_kernel("events") + ",mem=16,name=ev")
    expect_success(lines, rc, "ev")
    hv_survived(lines)
    no_leak(lines)


@case
def console_ring_drained_and_hostile_indices():
    rc, lines = boot(guest_kernel("console") + ",mem=16,name=con")
    expect_success(lines, rc, "con")
    hv_survived(lines)
    for text in ("console: ring line one", "console: io line",
                 "console: a line across the index wrap",
                 "console: after garbage"):
        expect_line(lines, r"^\(con\) %s$" % re.escape(text))
    for i in range(20):
        l = expect_line(lines, r"^\(con\) bulk%02d " % i)
        want = "".join(chr(ord("a") + (i + j) % 26) for j in range(7, 99))
        if l[len("(con) bulk00 "):] != want:
            raise Failed("bulk line %d: expected ...%s, saw %s"
                         % (i, want[-10:], l))
    expect_line(lines, r"^Domain 1 \(con\): console ring indices out of "
                r"range: ring reset$")
    seen = sum(1 for l in lines if l == "(con) console: notified line")
    if seen != 20:
        raise Failed("expected 20 '(con) console: notified line' lines, saw %d"
                     % seen)
    expect_line(lines, r"^\*\*\* Serial input to DOM1 \(type 'CTRL-a' "
                r"three times to switch input\)$")
    no_leak(lines)

@case
def debugreg_checks_watchpoints_and_hostile_values():
    rc, lines = boot(guest_kernel("debugreg") + ",mem=16,name=dbg")
    expect_success(lines, rc, "dbg")
    expect_line(lines, r"^\(dbg\) debugreg: mov to/from %db0-7 emulated")
    hv_survived(lines)
    no_leak(lines)

@case
def syscall32_bounced_to_callback_or_ud():
    rc, lines = boot(guest_kernel("compat") + ",mem=16,name=c32")
    expect_success(lines, rc, "c32")
    expect_line(lines, r"^\(c32\) compat: iret to cs 0xe020 runs 32-bit code")
    hv_survived(lines)
    no_leak(lines)


@case
def timers_block_poll_upcalls_runstate_vcpu_info():
    rc, lines = boot(guest_kernel("timers") + ",mem=16,name=tm")
    expect_success(lines, rc, "tm")
    expect_line(lines, r"\(tm\) timers: \d+ upcalls, \d+ timer events")
    hv_survived(lines)
    no_leak(lines)


def smp_second_vcpu(cpus):
    rc, lines = boot(guest_kernel("smp") + ",mem=16,name=smp,vcpus=2",
                     cpus=cpus)
    if cpus > 1:
        cpus_online(lines, cpus)
    expect_success(lines, rc, "smp")
    expect_line(lines, r"\(smp\) smp: vCPU 1 up, 200 IPI round trips")
    hv_survived(lines)
    no_leak(lines)


@case
def smp_second_vcpu_ipis_and_down():
    smp_second_vcpu(1)


def virtual_nmis(cpus):
    rc, lines = boot(guest_kernel("nmi") + ",mem=16,name=nmi,vcpus=2",
                     cpus=cpus)
    expect_success(lines, rc, "nmi")
    expect_line(lines, r"^\(nmi\) nmi: 5 virtual NMIs taken, masked until "
                r"the iret, across vCPUs")
    hv_survived(lines)
    no_leak(lines)


@case
def virtual_nmis_send_nmi_one_cpu():
    """VCPUOP_send_nmi: dropped without a vector-2 handler, else taken on
    the way back, masked until the iret, waking a blocked vCPU; hostile
    arguments -EINVAL/-ENOENT as Xen."""
    virtual_nmis(1)


@case
def virtual_nmis_send_nmi_two_cpus():
    virtual_nmis(2)


def evtchn_pingpong(cpus):
    rc, lines = boot(guest_kernel("evtchn_pingpong") +
                     ',mem=16,name=pa,cmdline="peer=2 role=a"',
                     guest_kernel("evtchn_pingpong") +
                     ',mem=16,name=pb,cmdline="peer=1 role=b"', cpus=cpus)
    expect_success(lines, rc, "pa", "pb")
    expect_line(lines, r"\(pb\) pingpong: 1000 events received")
    hv_survived(lines)
    no_leak(lines)


@case
def evtchn_pingpong_between_two_domains():
    evtchn_pingpong(1)


def hog(name, opts=""):
    return guest_kernel("hog") + ",mem=16,name=%s%s" % (name, opts)


def hog_share(lines, name):
    """(ran, window, waited) in ms from a hog's report."""
    l = expect_line(lines, r"^\(%s\) hog: ran \d+ ms" % name)
    m = re.search(r"ran (\d+) ms of (\d+) ms, waited (\d+) ms", l)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


@case
def timers_and_blocking_under_load():
    """The timers kernel (every timer kind, block, poll, upcalls) beside
    two CPU hogs on one CPU: no timer or event wake-up is lost, and the
    hogs split what is left evenly (equal weights)."""
    rc, lines = boot(guest_kernel("timers") + ",mem=16,name=tm",
                     hog("h1", ",cmdline=secs=5"), hog("h2", ",cmdline=secs=5"),
                     cpus=1)
    expect_success(lines, rc, "tm", "h1", "h2")
    r1, r2 = hog_share(lines, "h1")[0], hog_share(lines, "h2")[0]
    if not 0.6 <= r1 / max(r2, 1) <= 1.65:
        raise Failed("equal weights: expected about 1:1 CPU time, saw h1 %d ms, "
                     "h2 %d ms" % (r1, r2))
    no_leak(lines)


@case
def evtchn_pingpong_beside_a_hog():
    """1000 interdomain events while a third domain spins: each wake-up
    reaches the blocked side (the waking vCPU is boosted past the hog)."""
    rc, lines = boot(guest_kernel("evtchn_pingpong") +
                     ',mem=16,name=pa,cmdline="peer=2 role=a"',
                     guest_kernel("evtchn_pingpong") +
                     ',mem=16,name=pb,cmdline="peer=1 role=b"',
                     hog("h", ",cmdline=secs=3"), cpus=1)
    expect_success(lines, rc, "pa", "pb", "h")
    expect_line(lines, r"\(pb\) pingpong: 1000 events received")
    no_leak(lines)


@case
def weights_share_the_cpu_in_proportion():
    """Hogs of weight 512 and 256 on one CPU for 3 s: while both spin,
    CPU time goes about 2:1 (bounds are wide: the host is shared)."""
    rc, lines = boot(hog("h1", ",weight=512"), hog("h2", ",weight=256"),
                     cpus=1)
    expect_success(lines, rc, "h1", "h2")
    r1, w1, _ = hog_share(lines, "h1")
    r2, w2, _ = hog_share(lines, "h2")
    if not 1.4 <= r1 / max(r2, 1) <= 2.9:
        raise Failed("weights 512:256: expected CPU time near 2:1, saw h1 %d ms "
                     "of %d, h2 %d ms of %d" % (r1, w1, r2, w2))


@case
def weights_share_two_cpus_among_three_hogs():
    """Hogs of weight 512, 256 and 256 on two CPUs: the first gets a whole
    CPU and the others half of one each (equal weights would give each
    two thirds), so again about 2:1."""
    rc, lines = boot(hog("h1", ",weight=512"), hog("h2", ",weight=256"),
                     hog("h3", ",weight=256"), cpus=2)
    cpus_online(lines, 2)
    expect_success(lines, rc, "h1", "h2", "h3")
    r1, w1, _ = hog_share(lines, "h1")
    for h in ("h2", "h3"):
        r, w, _ = hog_share(lines, h)
        if not 1.4 <= r1 / max(r, 1) <= 2.9:
            raise Failed("weights 512:256 on 2 CPUs: expected CPU time near "
                         "2:1, saw h1 %d ms of %d, %s %d ms of %d"
                         % (r1, w1, h, r, w))


@case
def cap_limits_a_domain_beside_and_without_a_competitor():
    """A hog capped at 25% gets no more than that (within noise) beside an
    uncapped hog, which takes the rest; alone, it still gets no more."""
    rc, lines = boot(hog("hc", ",cap=25"), hog("h"), cpus=1)
    expect_success(lines, rc, "hc", "h")
    rc_, wc, _ = hog_share(lines, "hc")
    r, w, _ = hog_share(lines, "h")
    if not 0.05 <= rc_ / wc <= 0.35:
        raise Failed("cap 25: expected 5-35%% of the CPU, saw %d ms of %d ms"
                     % (rc_, wc))
    if r / w < 0.55:
        raise Failed("the uncapped hog beside a 25%% cap: expected at least "
                     "55%%, saw %d ms of %d ms" % (r, w))
    rc, lines = boot(hog("hc", ",cap=25"), cpus=1)
    expect_success(lines, rc, "hc")
    rc_, wc, _ = hog_share(lines, "hc")
    if not 0.05 <= rc_ / wc <= 0.35:
        raise Failed("cap 25 alone: expected 5-35%% of the CPU, saw %d ms of "
                     "%d ms" % (rc_, wc))


@case
def sysenter_from_guest_kernel_crashes_it_alone():
    """Xen's sysenter frame has rsp 0: from kernel mode it cannot be
    delivered and the domain dies; the other domain finishes."""
    lines = contained_crash(guest_kernel("compat") +
                            ",mem=16,name=bad,cmdline=sysenter",
                            r"cannot deliver a sysenter")
    expect_line(lines, r"^RIP: 0000000000000000")
    expect_line(lines, r"^CS: 0003 RFLAGS: [0-9a-f]+ SS: e02b RSP: 0000000000000000")


@case
def failsafe_or_fault_at_the_canonical_edge():
    """rip = 0x800000000000 after an emulated cpuid: our iretq faults on
    hardware (failsafe callback) but not under QEMU TCG (the guest's #GP);
    the kernel checks whichever happened, the hypervisor must survive."""
    rc, lines = boot(guest_kernel("failsafe") + ",mem=16,name=fs")
    expect_success(lines, rc, "fs")
    expect_line(lines, r"^\(fs\) failsafe: (callback entered|the CPU did not "
                r"fault our iretq)")
    expect_line(lines, r"^\(fs\) failsafe: iret forces only RPL 3 on cs, "
                r"keeps TF")
    hv_survived(lines)
    no_leak(lines)


@case
def grants_to_self_and_hostile_grant_ops():
    """One domain (id 1) grants to itself: map, copy, unmap, refusals."""
    rc, lines = boot(guest_kernel("grants") + ",mem=16,name=gnt,cmdline=self=1")
    expect_success(lines, rc, "gnt")
    expect_line(lines, r"\(gnt\) grants: self 1, 2 page faults delivered")
    hv_survived(lines)
    no_leak(lines)


def grant_pair(cpus):
    rc, lines = boot(guest_kernel("grant_pair") +
                     ',mem=16,name=ga,cmdline="role=a peer=2"',
                     guest_kernel("grant_pair") +
                     ',mem=16,name=gb,cmdline="role=b peer=1"', cpus=cpus)
    expect_success(lines, rc, "ga", "gb")
    hv_survived(lines)
    no_leak(lines)


@case
def grant_pair_map_copy_between_two_domains():
    grant_pair(1)


@case
def bench_kernel_pair_with_few_samples():
    """make bench's two domains with 300 samples a row: every timed
    operation is checked, so the bench code cannot rot; no time asserted."""
    bench = guest_kernel("bench")
    rc, lines = boot(bench + ',mem=32,vcpus=2,name=bench,cmdline="role=main '
                     'peer=2 samples=300"',
                     bench + ',mem=16,name=peer,cmdline="role=peer peer=1 '
                     'samples=300"')
    expect_success(lines, rc, "bench", "peer")
    for row in (r"null hypercall", r"user syscall", r"vCPU switch",
                r"grant map \+ unmap", r"grant copy 4 KiB",
                r"evtchn round trip, 2 doms \(poll\)",
                r"evtchn round trip, 2 doms \(upcall\)"):
        expect_line(lines, r"^\(bench\) bench: %s.* \d+ cycles" % row)
    expect_line(lines, r"^\(peer\) bench peer: port \d+, 300 polled and 300 "
                r"upcall round trips answered")
    hv_survived(lines)
    no_leak(lines)


def grant_dead_case(how, keep=False):
    """a (domain 1) grants b (2) a page b maps, then dies by how; c (3)
    grows its grant table meanwhile. The mapped frame outlives a (one frame
    held after a's relinquish) and is freed when b unmaps it (keep: when
    b's own teardown drops the mapping)."""
    cmd = "dom_a=1 dom_b=2 dom_c=3 how=%s%s role=" % (how, " keep" * keep)
    rc, lines = boot(*[guest_kernel("grant_dead") +
                       ',mem=16,name=d%s,cmdline="%s%s"' % (r, cmd, r)
                       for r in "abc"])
    expect_line(lines, r"^\(da\) grant_dead a: dying by %s" % how)
    if keep:
        expect_line(lines, r"^\(db\) grant_dead b: exiting with the dead")
        i = lines.index(expect_line(lines, r"^Domain 2 \(db\) shut down"))
        expect_line(lines[i:], r"^Domain 1 \(da\): 0 frames still held: "
                    r"the last one was freed")
    else:
        expect_line(lines, r"^\(db\) grant_dead b: unmapped the dead "
                    r"domain's")
    expect_line(lines, r"^\(dc\) grant_dead c: grew to 32 frames")
    for d in ("da", "db", "dc"):
        r = result_of(lines, d)
        if r != "SUCCESS":
            raise Failed("domain %s: expected SUCCESS, saw %s" % (d, r))
    reason = {"crash": "crash \\(reason 3\\)",
              "poweroff": "poweroff \\(reason 0\\)"}[how]
    expect_line(lines, r"^Domain 1 \(da\) shut down: " + reason)
    expect_line(lines, r"^Domain 1 \(da\): 1 frames still held after "
                r"relinquish")
    expect_line(lines, r"^Domain 1 \(da\): 0 frames still held: the last "
                r"one was freed")
    # The allocation must land in a's freed memory, or it proves nothing.
    l = expect_line(lines, r"^\(db\) grant_dead b: \d+ of c's grant frames")
    if l.split()[3] == "0":
        raise Failed("none of c's new grant frames came from the dead a's "
                     "memory; the test no longer exercises reuse: %s" % l)
    want = 2 if how == "crash" else 0
    if rc != want:
        raise Failed("expected result code %d, saw %d" % (want, rc))
    hv_survived(lines)
    no_leak(lines)


@case
def grant_map_outlives_a_crashed_granter():
    grant_dead_case("crash")


@case
def grant_map_outlives_a_powered_off_granter():
    grant_dead_case("poweroff")


@case
def grant_map_of_a_dead_granter_freed_by_the_mappers_teardown():
    grant_dead_case("crash", keep=True)


@case
def evtchn_third_domain_cannot_take_or_inspect_a_port():
    """c (3) tries to bind, inspect, reset and close the port a (1)
    offered to b (2), before and after b binds it; a and b then bounce
    events over it, b closes its end and binds it again."""
    cmd = "dom_a=1 dom_b=2 dom_c=3 role="
    rc, lines = boot(*[guest_kernel("evtchn_trio") +
                       ',mem=16,name=e%s,cmdline="%s%s"' % (r, cmd, r)
                       for r in "abc"])
    expect_success(lines, rc, "ea", "eb", "ec")
    expect_line(lines, r"^\(ea\) evtchn_trio a: 100 events from b on port 4")
    expect_line(lines, r"^\(eb\) evtchn_trio b: 100 round trips")
    expect_line(lines, r"^\(ec\) evtchn_trio c: every attempt on a's and b's "
                r"ports refused")
    expect_line(lines, r"^\(ec\) evtchn_trio c: a's death left my port "
                r"unbound")
    hv_survived(lines)
    no_leak(lines)


@case
def grant_of_a_page_table_or_foreign_frame_and_pte_into_granter():
    """a (1) grants b (2) its L1 table, a frame it does not own and a page
    b maps; b's misuses are refused; a cannot pin or swap the mapped page."""
    cmd = "dom_a=1 dom_b=2 role="
    rc, lines = boot(*[guest_kernel("grant_foreign") +
                       ',mem=16,name=f%s,cmdline="%s%s"' % (r, cmd, r)
                       for r in "ab"])
    expect_success(lines, rc, "fa", "fb")
    expect_line(lines, r"^\(fa\) grant_foreign a: P pinned once b no "
                r"longer mapped it")
    expect_line(lines, r"^\(fb\) grant_foreign b: done")
    hv_survived(lines)
    no_leak(lines)


@case
def grant_mapper_crashes_with_the_page_mapped():
    """As above, but b crashes instead of unmapping: its death releases
    the grant (flags clear), and a can swap the ref and pin the page."""
    cmd = "dom_a=1 dom_b=2 role="
    rc, lines = boot(*[guest_kernel("grant_foreign") +
                       ',mem=16,name=f%s,cmdline="%s%s%s"'
                       % (r, cmd, r, " crash" * (r == "b")) for r in "ab"])
    expect_line(lines, r"^\(fb\) grant_foreign b: crashing with P mapped")
    expect_line(lines, r"^Domain 2 \(fb\) shut down: crash \(reason 3\)")
    expect_line(lines, r"^\(fa\) grant_foreign a: P pinned once b no "
                r"longer mapped it")
    for d in ("fa", "fb"):
        r = result_of(lines, d)
        if r != "SUCCESS":
            raise Failed("domain %s: expected SUCCESS, saw %s" % (d, r))
    if rc != 2:
        raise Failed("expected result code 2 (a domain crashed), saw %d" % rc)
    hv_survived(lines)
    no_leak(lines)


# ---- the same domains on two CPUs (SMP), and real parallelism ----
def cpus_online(lines, n):
    expect_line(lines, r"^SMP: %d CPUs online" % n)
    for c in range(1, n):
        expect_line(lines, r"^CPU%d: APIC id \d+ online" % c)


@case
def smp_two_vcpus_in_parallel_kicks_and_tlb_shootdowns():
    """vCPU 1 spins on CPU 1 while vCPU 0 sees it running, kicks it with
    events, changes its mappings and retypes a frame it writes."""
    rc, lines = boot(guest_kernel("smp_parallel") + ",mem=16,name=sp,vcpus=2",
                     cpus=2)
    cpus_online(lines, 2)
    expect_success(lines, rc, "sp")
    expect_line(lines, r"\(sp\) smp_parallel: vCPU 1 running beside vCPU 0")
    expect_line(lines, r"\(sp\) smp_parallel: 100 upcalls")
    expect_line(lines, r"\(sp\) smp_parallel: 4 remote TLB flushes")
    expect_line(lines, r"\(sp\) smp_parallel: .*writer faulted, table intact")
    hv_survived(lines)
    no_leak(lines)


@case
def smp_cpu_kicked_while_its_domain_dies_still_serves_the_next():
    """sp kicks its vCPU 1's CPU in the entry that shuts sp down: that CPU
    waits for the lock inside the kick's interrupt while sp goes, and must
    still send its EOI, or it never takes a kick, timer or shootdown
    again. sq, started once sp is gone, then runs on both CPUs. The path
    is reached on every run, but without the EOI this case can still pass:
    the deaf CPU keeps running a vCPU of sq that needs no interrupt."""
    rc, lines = boot(guest_kernel("smp_parallel") +
                     ',mem=16,name=sp,vcpus=2,cmdline="kick_at_death"',
                     guest_kernel("smp_parallel") +
                     ',mem=16,name=sq,vcpus=2,cmdline="after=1"', cpus=2)
    cpus_online(lines, 2)
    expect_success(lines, rc, "sp", "sq")
    expect_line(lines, r"\(sq\) smp_parallel: vCPU 1 running beside vCPU 0")
    expect_line(lines, r"\(sq\) smp_parallel: 4 remote TLB flushes")
    hv_survived(lines)
    no_leak(lines)


@case
def smp_vcpus_sharing_one_cpu_see_flushes_meant_for_one():
    """Both vCPUs of sp on one CPU: vCPU 0 remaps what vCPU 1 reads and
    flushes for vCPU 1 alone (MULTI masks) while it is not running; the
    CPU must not hand vCPU 1 the stale entry when it switches it in on the
    same tables without a CR3 load."""
    rc, lines = boot(guest_kernel("smp_parallel") +
                     ',mem=16,name=sp,vcpus=2,cmdline="one_cpu"', cpus=1)
    expect_success(lines, rc, "sp")
    expect_line(lines, r"\(sp\) smp_parallel: 4 remote TLB flushes")
    expect_line(lines, r"\(sp\) smp_parallel: .*writer faulted, table intact")
    hv_survived(lines)
    no_leak(lines)


@case
def smp_second_vcpu_on_two_cpus():
    smp_second_vcpu(2)


@case
def evtchn_pingpong_on_two_cpus():
    evtchn_pingpong(2)


@case
def grant_pair_on_two_cpus():
    grant_pair(2)


@case
def five_domains_on_four_cpus():
    """Guests that each check one concern, side by side on four CPUs (the
    timers kernel is left out: it assumes its 5 ms deadline cannot pass
    before it starts waiting, which a busy host breaks with -smp 4)."""
    rc, lines = boot(guest_kernel("smp") + ",mem=16,name=smp,vcpus=2",
                     guest_kernel("descriptors") + ",mem=16,name=desc",
                     guest_kernel("pagetables") + ",mem=16,name=pt",
                     guest_kernel("ptwr") + ",mem=16,name=ptwr",
                     guest_kernel("events") + ",mem=16,name=ev", cpus=4)
    cpus_online(lines, 4)
    expect_success(lines, rc, "smp", "desc", "pt", "ptwr", "ev")
    hv_survived(lines)
    no_leak(lines)


# Issue 10: entry paths under a hostile guest
@case
def sysenter_with_tf_from_guest_kernel_crashes_it_alone():
    """As above with EFLAGS.TF set right before the sysenter: the #DB is
    taken on the hypervisor's first sysenter instruction, in ring 0 with
    the guest's GS base live; Xen clears TF there, then the sysenter
    cannot be delivered and the domain dies alone."""
    lines = contained_crash(guest_kernel("compat") +
                            ",mem=16,name=bad,cmdline=sysenter_tf",
                            r"cannot deliver a sysenter")
    expect_line(lines, r"^\(bad\) compat: sysenter with EFLAGS.TF")


def beside_good(bad, cpus=1):
    """Boot bad (a --domain spec) beside the boot_console domain "good"."""
    return boot(bad, guest_kernel("boot_console") +
                ",mem=16,name=good,cmdline=pages=4096", cpus=cpus)


def hostile_spec(kernel, name, cmdline, vcpus=1):
    return guest_kernel(kernel) + ',mem=16,name=%s%s,cmdline="%s"' % (
        name, ",vcpus=%d" % vcpus if vcpus > 1 else "", cmdline)


def survives_beside_good(kernel, cmdline, vcpus=1, cpus=1):
    """kernel (domain "hostile") and "good" both succeed, nothing leaks."""
    rc, lines = beside_good(hostile_spec(kernel, "hostile", cmdline, vcpus),
                            cpus)
    expect_success(lines, rc, "hostile", "good")
    hv_survived(lines)
    no_leak(lines)
    return lines


def crashed_alone(kernel, cmdline, vcpu, why_pattern, vcpus=1, cpus=1):
    """contained_crash for kernel with cmdline, said of vCPU vcpu."""
    return contained_crash(hostile_spec(kernel, "bad", cmdline, vcpus),
                           why_pattern, vcpu, cpus)


@case
def segment_at_vcpu_up_gs_ldt_selector_to_failsafe():
    """VCPUOP_initialise with gs 0x7 (an LDT selector, no LDT), then up:
    Xen's load_segments() faults on it and starts vCPU 1 in its failsafe
    callback, the frame holding gs 0x7 and the given rip/rsp/rcx/r11."""
    lines = survives_beside_good("segreload", "init=gs", vcpus=2)
    expect_line(lines, r"^\(hostile\) segreload: vCPU 1 started in its "
                r"failsafe callback, frame ds 0xe02b es 0xe02b fs 0xe02b "
                r"gs 0x7$")


@case
def segment_at_vcpu_up_ds_ldt_selector_to_failsafe():
    survives_beside_good("segreload", "init=ds", vcpus=2)


@case
def segment_at_vcpu_up_all_four_ldt_selectors_to_failsafe():
    lines = survives_beside_good("segreload", "init=all", vcpus=2)
    expect_line(lines, r"^\(hostile\) segreload: vCPU 1 started in its "
                r"failsafe callback, frame ds 0x7 es 0x7 fs 0x7 gs 0x7$")


@case
def hypervisor_cs_or_ss_through_vcpuop_initialise_crashes_it_alone():
    """VCPUOP_initialise with cs 0xe008 or ss 0xe010 (the hypervisor's):
    the RPL is raised to 3, the iretq into vCPU 1 faults, and without a
    failsafe callback the domain dies alone; it never runs."""
    for sel in ("cs", "ss"):
        lines = crashed_alone("segreload", "init=" + sel, 1,
                              r"return to the guest faulted and there is no "
                              r"failsafe callback", vcpus=2)
        expect_line(lines, r"^CS: e00b|^CS: e033 RFLAGS: [0-9a-f]+ SS: e013")


@case
def segment_at_vcpu_up_without_failsafe_crashes_it_alone():
    crashed_alone("segreload", "init=gs nofailsafe", 1,
                  r".*segment.*no failsafe callback", vcpus=2)


def stale_selector(cmdline, vcpus=1, cpus=1):
    lines = survives_beside_good("segreload", cmdline, vcpus, cpus)
    reg = re.search(r"reg=(\w+)", cmdline).group(1)
    sel = "0x7" if "table=ldt" in cmdline else "0x1b"
    expect_line(lines, r"^\(hostile\) segreload: .*: failsafe callback, "
                r"frame %s %s$" % (reg, sel))


@case
def stale_ldt_fs_after_set_ldt_0_to_failsafe():
    """%fs 0x7 from our LDT, then MMUEXT_SET_LDT with 0 entries, then a
    forced context switch (SCHEDOP_poll with a timeout): the reload
    faults and the vCPU gets its failsafe callback with fs 0x7."""
    stale_selector("table=ldt how=unset reg=fs")


@case
def stale_ldt_gs_after_zeroed_descriptor_to_failsafe():
    stale_selector("table=ldt how=zero reg=gs")


@case
def stale_gdt_ds_after_zeroed_descriptor_to_failsafe():
    stale_selector("table=gdt how=zero reg=ds")


@case
def stale_gdt_fs_after_shrunk_gdt_to_failsafe():
    stale_selector("table=gdt how=unset reg=fs")


@case
def stale_ldt_gs_zeroed_by_the_other_vcpu_on_two_cpus():
    """vCPU 1 holds gs 0x7 from its LDT on one CPU while vCPU 0 zeroes
    the descriptor with update_descriptor from the other."""
    stale_selector("table=ldt how=zero reg=gs remote", vcpus=2, cpus=2)


@case
def stale_gdt_fs_zeroed_by_the_other_vcpu_on_two_cpus():
    stale_selector("table=gdt how=zero reg=fs remote", vcpus=2, cpus=2)


@case
def debug_breakpoints_firing_in_the_hypervisor():
    """DR0-3 refuse hypervisor addresses; watchpoints on console_io and
    mmuext_op arguments fire in the hypervisor, which notes Bn in DR6 and
    carries on; mov %ss from a watched variable + syscall (XSA-260):
    #DB in the guest (TCG) or noted by the hypervisor, all survive."""
    lines = survives_beside_good("debugreg", "entry")
    expect_line(lines, r"^\(hostile\) debugreg: console_io read a watched "
                r"buffer$")
    expect_line(lines, r"^\(hostile\) debugreg: mov ss \+ syscall: #DB ")


@case
def debug_registers_not_inherited_across_cpus():
    """vCPU 0 watches a word vCPUs 1 and 2 (no breakpoints) write between
    yields, three vCPUs on two CPUs: none of their writes may raise vCPU
    0's #DB (each switch must load or clear DR7 on its own CPU)."""
    lines = survives_beside_good("debugreg", "inherit", vcpus=3, cpus=2)
    expect_line(lines, r"^\(hostile\) debugreg: 500 writes each by vCPUs "
                r"1 and 2 beside vCPU 0's watchpoint, 0 #DBs$")


# Issue 10: bounded work under the lock
def lock_hog_beside_a_victim(kernel, role):
    """The lock_hog kernel (domain 1, "hog") makes long hypercalls until
    domain 2 ("vic", 300 sleeps of 2 ms) is gone, on one CPU. Without
    preemption each call holds the CPU for a second or more and the
    victim does not finish before the harness gives up."""
    rc, lines = boot(guest_kernel(kernel) + ',mem=32,name=hog,'
                     'cmdline="role=%s victim=2"' % role,
                     guest_kernel("lock_hog") + ',mem=16,name=vic,'
                     'cmdline="role=victim victim=1"', cpus=1,
                     hv_opts=["loglvl=debug"])
    if rc == 124 and not any(l.startswith("(vic) lock_hog victim: 300 sleeps")
                             for l in lines):
        raise Failed("the victim did not finish within %d s (QEMU timed "
                     "out); log tail:\n  %s" % (TIMEOUT, "\n  ".join(
                         l[:160] for l in lines[-10:])))
    expect_line(lines, r"^\(vic\) lock_hog victim: 300 sleeps done")
    expect_success(lines, rc, "vic", "hog")
    hv_survived(lines)
    no_leak(lines)
    return lines


@case
def lock_hog_page_table_multicalls_are_preempted_beside_a_victim():
    """256-entry multicalls of mmuext_op batches pinning and unpinning a
    35-table tree, 2048-request mmu_update batches rehooking its L1s, a
    20000-request mmu_update and a 300-entry multicall: every result and
    done count right after the continuations (the kernel checks them and
    each continued entry's rewritten arguments), the victim finishes."""
    lines = lock_hog_beside_a_victim("lock_hog", "pt")
    l = expect_line(lines, r"^\(hog\) lock_hog pt: \d+ rounds, \d+ entries "
                    r"continued")
    rounds, continued = map(int, re.findall(r"\d+", l)[:2])
    if continued != 256 * rounds:
        raise Failed("every entry is past the budget and must have been "
                     "continued: %s" % l)
    expect_line(lines, r"^d1v0: (multicall|mmu_update|mmuext_op) preempted, "
                r"continued by the guest")


@case
def lock_hog_grant_copy_batches_are_preempted_beside_a_victim():
    """A 6000-op GNTTABOP_copy batch (the old bound was 4096), then
    multicalls of 64 such batches until the victim is gone: every status
    and copied word right after the continuations, each continued entry
    written back as (cmd, uop advanced, count left); the victim
    finishes."""
    lines = lock_hog_beside_a_victim("lock_hog", "gnt")
    l = expect_line(lines, r"^\(hog\) lock_hog gnt: \d+ rounds, \d+ entries "
                    r"continued")
    expect_line(lines, r"^d1v0: (multicall|grant_table_op) preempted, "
                r"continued by the guest")


@case
def lock_hog_trap_tables_are_preempted_beside_a_victim():
    """set_trap_table of 70000 entries (the old cap was 65536), then
    multicalls of 64 such calls until the victim is gone: each returns 0,
    continued entries are written back with the table pointer advanced,
    the victim finishes."""
    lines = lock_hog_beside_a_victim("lock_hog", "traps")
    expect_line(lines, r"^\(hog\) lock_hog traps: \d+ rounds, \d+ entries "
                r"continued")
    expect_line(lines, r"^d1v0: (multicall|set_trap_table) preempted, "
                r"continued by the guest")


@case
def lock_hog_ldt_loads_are_charged_and_preempted_beside_a_victim():
    """A batch of 4096 MMUEXT_SET_LDT, each copying a full 64 KiB LDT,
    then multicalls of 8 batches of 256 until the victim is gone: every
    result and done count right, entries continued, the victim finishes
    (with one op charged as one unit a slice would hold the CPU for
    seconds)."""
    lines = lock_hog_beside_a_victim("lock_hog", "ldt")
    expect_line(lines, r"^\(hog\) lock_hog ldt: \d+ rounds, \d+ entries "
                r"continued")


@case
def lock_hog_console_flood_is_preempted_and_rate_limited_beside_a_victim():
    """CONSOLEIO_write of 1 MiB again and again (through the hypercall
    page), then 4 GiB - 1 bytes running off the mapped memory (-EFAULT):
    preempted, and the flood's lines are rate-limited with a report of
    what was suppressed; the victim finishes."""
    lines = lock_hog_beside_a_victim("lock_hog_hcpage", "console")
    l = expect_line(lines, r"^\(hog\) lock_hog console: \d+ calls of 1048576")
    calls = int(re.findall(r"\d+", l)[0])
    logged = sum(len(x) + 1 for x in lines if x.startswith("(hog) "))
    if logged >= 1 << 20:
        raise Failed("%d of the flood's %d MiB reached the log: not "
                     "rate-limited" % (logged, calls))
    expect_line(lines, r"^Domain 1 \(hog\): \d+ bytes of console output "
                r"suppressed \(rate limit\)$")
    expect_line(lines, r"^d1v0: console_io preempted, continued by the guest")


# Issue 11: writable page tables of every width
@case
def ptwr_writes_of_every_width_on_an_own_pinned_l1():
    """mov/xchg/cmpxchg/and/or/xor/bt* at 1, 2, 4 and 8 bytes (lock, ds,
    none) on a pinned L1 of the guest's own, merged into the entry and
    validated; RW on a page-table mapping, PAT, a frame beyond RAM and
    misaligned or straddling writes refused with the guest's #PF; each
    refusal logged with why (loglvl=debug), a flood of them rate-limited."""
    rc, lines = boot(guest_kernel("ptwr") + ",mem=16,name=ptwr,cmdline=widths",
                     hv_opts=["loglvl=debug"])
    expect_success(lines, rc, "ptwr")
    expect_line(lines, r"\(ptwr\) ptwr widths: 11 page faults delivered")
    expect_line(lines, r"ptwr write refused \(new entry refused, rc -\d+\): "
                r"insn \[f0 (4\w )?80 4\w 08 02\]")
    expect_line(lines, r"ptwr write refused \(misaligned operand")
    expect_line(lines, r"\(ptwr\) ptwr widths: a flood of 3000 refused "
                r"writes faulted")
    refused = [l for l in lines if "ptwr write refused" in l]
    if len(refused) > 80:
        raise Failed("%d refused page-table writes logged: not rate-limited"
                     % len(refused))
    skipped = [int(m.group(1)) for m in
               (re.search(r"^Domain 1 \(ptwr\): (\d+) more refused "
                          r"page-table writes, not logged$", l) for l in lines)
               if m]
    if not skipped or sum(skipped) < 2900:
        raise Failed("the flood's unlogged refusals were not counted: %s"
                     % skipped)
    no_leak(lines)



# Issue 11: virtual IOPL, port I/O, TSC_AUX
@case
def iopl_cli_sti_ports_tsc_aux_and_bounced_fault_log():
    """Two iopl kernels side by side on one CPU at loglvl=all: cli/sti and
    port I/O under Xen's virtual IOPL rules (kernel vCPL 1, user 3;
    architectural_iopl: kernel 0, iret sets it), the I/O bitmap, all-ones
    reads and dropped writes for a domU, set_iopl(4) -EINVAL, TSC_AUX per
    domain through rdtscp while they take turns. Each bounced fault is
    logged at KERN_DEBUG (vector, rip, error code, cr2 for #PF), and the
    flood of the second one is rate-limited with a count of the rest."""
    rc, lines = boot(guest_kernel("iopl") + ",mem=16,name=io1,cmdline=aux=4369",
                     guest_kernel("iopl") + ",mem=16,name=io2,"
                     "cmdline=\"aux=8738 flood\"", hv_opts=("loglvl=all",))
    expect_success(lines, rc, "io1", "io2")
    no_leak(lines)
    expect_line(lines, r"^Domain 1 \(io1\) vCPU 0: #GP \(vector 13\) at rip "
                r"0x[0-9a-f]+, error code 0: bounced to the guest$")
    for dom, name in ((1, "io1"), (2, "io2")):
        l = expect_line(lines, r"^\(%s\) page fault probe at rip " % name)
        rip = l.split()[-1]
        expect_line(lines, r"^Domain %d \(%s\) vCPU 0: #PF \(vector 14\) at "
                    r"rip %s, error code 0, cr2 0x1238: bounced to the "
                    r"guest$" % (dom, name, rip))
    expect_line(lines, r"^\(io2\) flood done")
    logged = [l for l in lines if l.startswith("Domain 2 (io2) vCPU 0: ")
              and l.endswith("bounced to the guest")]
    # A few hundred faults before the flood, 3001 #UD in it, in ~2 s.
    if len(logged) > 80:
        raise Failed("%d bounced faults of domain 2 logged: not rate-limited"
                     % len(logged))
    skipped = [int(re.search(r": (\d+) more faults", l).group(1))
               for l in lines if re.match(r"^Domain 2 \(io2\): \d+ more "
                                          r"faults bounced to the guest, "
                                          r"not logged$", l)]
    if not skipped or sum(skipped) < 2900:
        raise Failed("the flood's unlogged faults were not counted: %s"
                     % skipped)


# Issue 11: memory reservations (balloon)
@case
def balloon_gives_back_and_repopulates_beside_good():
    """The balloon kernel gives back 64 frames (decrease_reservation),
    populates them again (populate_physmap, increase_reservation) and uses
    them, 4000 in one preempted call, then hostile reservations (lists in
    hypervisor space, orders past 9, frames not its own, its shared_info,
    domain 2's id) and its console page and L4; "good" (domain 2) beside
    it is untouched and nothing leaks."""
    rc, lines = beside_good(guest_kernel("balloon") +
                            ',mem=32,name=bal,cmdline="other=2 big own"')
    expect_success(lines, rc, "bal", "good")
    expect_line(lines, r"^\(bal\) balloon: 4000 frames in one call")
    expect_line(lines, r"^\(bal\) balloon: exchanges traded 3 frames, "
                r"refused the rest")
    expect_line(lines, r"^\(bal\) balloon: console page and L4 given back")
    hv_survived(lines)
    no_leak(lines)


# Issue 11 item 9: the secondary time area Linux's vDSO reads
@case
def time_memory_area_mirrors_pvclock_and_survives_hostile_areas():
    """VCPUOP_register_vcpu_time_memory_area: the area is written at once
    and every time the primary vcpu_info time is (same version, same
    fields, nothing around it touched), XEN_PVCLOCK_TSC_STABLE_BIT as the
    CPU's TSC says; hypervisor, lower-half-edge and non-canonical
    addresses refused with -EFAULT; unmapped, page-table (its L4),
    read-only, unmapped-later and half-read-only (across a page) areas
    accepted and never written where they may not be; 0 unregisters.
    "good" beside it is untouched."""
    rc, lines = beside_good(guest_kernel("timearea") + ",mem=16,name=ta")
    expect_success(lines, rc, "ta", "good")
    expect_line(lines, r"^\(ta\) timearea: \d+ updates mirrored")
    expect_line(lines, r"^pvclock: TSC .*XEN_PVCLOCK_TSC_STABLE_BIT")
    hv_survived(lines)
    no_leak(lines)


@case
def dom0_privileges_and_hostile_domu():
    """The dom0 kernel booted with --dom0 (start_info, machine memory map,
    identity mappings, ports, platform_op, apic_read, alloc_unbound to
    itself, the RTC's interrupt as GSI pirq 8, edge then level) beside the same kernel as a domU, which is refused each of
    them; dom0 powers the machine off once the domU is gone."""
    rc, lines = boot(guest_kernel("dom0") + ",mem=16,name=hostile,"
                     'cmdline="beside-dom0"', hv_opts=("loglvl=all",
                                                       "dom0_mem=32M"),
                     dom0=guest_kernel("dom0") + ',cmdline="peer=1"')
    expect_success(lines, rc, "dom0", "hostile")
    expect_line(lines, r"d0: write to read-only I/O frame 0xfec00 .* dropped")
    expect_line(lines, r"d1: XENMEM_machine_memory_map refused: not privileged")
    # Issue 12 D4: the RTC's GSI as dom0's pirq 8, the refusals logged.
    expect_line(lines, r"^\(dom0\) dom0: RTC on pirq 8: 20 edge interrupts, "
                r"10 level ones each held masked until PHYSDEVOP_eoi")
    expect_line(lines, r"^d0: cannot bind IRQ2: in use by timer")
    expect_line(lines, r"^d0: cannot bind IRQ4: in use by COM1")
    expect_line(lines, r"^d0: map_pirq GSI 0: no permission")
    expect_line(lines, r"^d1: map_pirq refused: not privileged")
    expect_line(lines, r"Hardware domain powered off: powering the machine "
                r"off \(result code 0\)")
    no_leak(lines)


@case
def dom0_reboot_resets_the_machine():
    """dom0's SCHEDOP_shutdown(reboot) restarts the machine (Xen's
    hwdom_shutdown): QEMU, run with -no-reboot, ends without a result."""
    rc, lines = boot(hv_opts=("dom0_mem=16M",),
                     dom0=guest_kernel("dom0") + ',cmdline="reboot"')
    if rc != 125:
        raise Failed("expected QEMU to end on the reset (125), saw %d; log "
                     "tail:\n  %s" % (rc, "\n  ".join(lines[-10:])))
    expect_line(lines, r"^Hardware domain rebooted: restarting the machine")


@case
def dom0_global_virqs_and_self_channels():
    """Issue 12 D6: dom0 binds VIRQ_DOM_EXC and VIRQ_CON_RING (once, on
    vCPU 0), sends through channels to itself (remote DOMID_SELF and 0),
    wakes domain 1 then domain 2 through a port it made in each and sees
    VIRQ_DOM_EXC when the first powers off and again when the second
    crashes, then VIRQ_CON_RING after a logged console line; the peers
    are refused both VIRQs with -EBUSY. A domain crashed: result code 2."""
    rc, lines = boot(guest_kernel("dom0") + ",mem=16,name=peer,"
                     'cmdline="virq-peer"',
                     guest_kernel("dom0") + ",mem=16,name=crasher,"
                     'cmdline="virq-peer crash"',
                     hv_opts=("loglvl=all", "dom0_mem=16M"),
                     dom0=guest_kernel("dom0") + ',cmdline="virq peers=2"')
    for dom in ("dom0", "peer"):
        r = result_of(lines, dom)
        if r != "SUCCESS":
            raise Failed("domain %s: expected SUCCESS, saw %s" % (dom, r))
    if rc != 2:
        raise Failed("expected result code 2 (a domain crashed), saw %d" % rc)
    expect_line(lines, r"^\(dom0\) dom0: channels to itself: events cross")
    expect_line(lines, r"^\(peer\) virq-peer: woken by dom0 on port \d+")
    expect_line(lines, r"^\(dom0\) dom0: VIRQ_DOM_EXC \(port \d+\) when "
                r"domain 1 went")
    expect_line(lines, r"^\(crasher\) virq-peer: woken by dom0 on port \d+")
    expect_line(lines, r"^Domain 2 \(crasher\) crashed: ")
    expect_line(lines, r"^\(dom0\) dom0: VIRQ_DOM_EXC \(port \d+\) when "
                r"domain 2 went")
    expect_line(lines, r"^\(dom0\) dom0: VIRQ_CON_RING \(port \d+\) after")
    for d in (1, 2):
        for virq in (3, 8):
            expect_line(lines, r"^d%d: bind_virq %d refused: only the "
                        r"hardware domain" % (d, virq))
    no_leak(lines)

if __name__ == "__main__":
    sys.exit(run_cases(CASES, "guests"))
