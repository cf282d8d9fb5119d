/* Test kernel (2 vCPUs on 2 CPUs): real parallelism, cross-CPU event kicks, TLB shootdowns, retyping a frame another CPU writes; after=N waits for domain N to die first, kick_at_death kicks vCPU 1 as the domain dies, one_cpu shares one CPU. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/event_channel.h>
#include <xen/vcpu.h>

#define P  0x001UL
#define RW 0x002UL
#define SPIN_MAX 400000000UL          /* a bound on waiting, not a time */
#define KICK_ROUNDS 100
#define ATTACK ((0x200UL << 12) | 7)  /* a writable PTE to the hypervisor */

static struct shared_info *si;
static volatile unsigned int port1;
static volatile unsigned long ap_started, ap_spins, ap_upcalls;
/* TLB cases: vCPU 0 sets phase; vCPU 1 reads (or writes) test_va. */
static volatile unsigned long phase, ack, last_read, read_after;
static volatile unsigned long test_va, ap_writes;
volatile unsigned long ap_faulted;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;

void upcall_entry(void);
void ap_pf_entry(void);
/* vCPU 1's #PF handler: note it, then spin for ever (events stay on). */
asm(".text\n.globl ap_pf_entry\nap_pf_entry:\n movq $1, ap_faulted(%rip)\n"
    "1: pause\n jmp 1b\n");

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, cmd, id,
			    (unsigned long)arg, 0, 0);
}

static long evtchn(int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static long mmu1(uint64_t ptr, uint64_t val)
{
	struct mmu_update u = { ptr, val };

	return rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			    DOMID_SELF, 0);
}

static long mmuext_multi(unsigned int cmd, unsigned long va,
			 unsigned long *mask)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.linear_addr = va;
	op.arg2.vcpumask.p = mask;
	return rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			    DOMID_SELF, 0);
}

/* Spin (no hypercall) until *p == want (or >= it if at_least); false
 * if the bound ran out. */
static bool wait_until(volatile unsigned long *p, unsigned long want,
		       bool at_least)
{
	for (unsigned long i = 0; i < SPIN_MAX; i++) {
		unsigned long v = *p;

		if (v == want || (at_least && v > want))
			return true;
		asm volatile("pause" ::: "memory");
	}
	return false;
}

#define wait_for(p, want) wait_until(p, want, false)
#define wait_min(p, want) wait_until(p, want, true)

/* The event upcall: only vCPU 1 ever unmasks events. */
void upcall_c(void)
{
	struct vcpu_info *vi = &si->vcpu_info[1];
	unsigned long bit = 1UL << (port1 % 64);

	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	if (__atomic_fetch_and(&si->evtchn_pending[port1 / 64], ~bit,
			       __ATOMIC_SEQ_CST) & bit)
		ap_upcalls++;
}

/*
 * vCPU 1: no hypercall after start-up. It counts, and serves the TLB
 * phases: odd phases read test_va, and the read after seeing an even
 * phase is reported; phase 10 writes 0 to test_va, phase 11 the attack.
 */
void ap_main(void)
{
	struct evtchn_bind_ipi ipi = { 1, 0 };

	rt_expect(evtchn(EVTCHNOP_bind_ipi, &ipi), 0);
	port1 = ipi.port;
	si->vcpu_info[1].evtchn_upcall_mask = 0;
	ap_started = 1;
	for (;;) {
		unsigned long ph = phase;

		ap_spins++;
		if (ph >= 1 && ph < 10) {
			unsigned long v = *(volatile unsigned long *)test_va;

			if (ph & 1) {
				last_read = v;
			} else if (ack != ph) {
				read_after = v;
				ack = ph;
			}
		} else if (ph == 10 || ph == 11) {
			*(volatile unsigned long *)test_va = ph == 10 ? 0 : ATTACK;
			ap_writes++;
		}
	}
}

void ap_entry(void);
asm(".text\n.globl ap_entry\nap_entry:\n call ap_main\n ud2\n");

/* SCHEDOP_poll with no port: sleep until now + ns. */
static void sleep_ns(uint64_t ns)
{
	struct sched_poll sp = {
		.timeout = rt_system_time(&si->vcpu_info[0].time) + ns };

	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

/* after=N: wait until domain N is gone (its ports' status is -ESRCH,
 * -EPERM while it lives). */
static void wait_for_death(domid_t dom)
{
	for (int i = 0; i < 3000; i++) {
		struct evtchn_status st = { .dom = dom, .port = 1 };

		if (evtchn(EVTCHNOP_status, &st) == -XEN_ESRCH)
			return;
		sleep_ns(20000000);
	}
	rt_fail("domain %u is still alive after 60 s", dom);
}

/*
 * test_va maps f1 on both vCPUs; then change it to f2 with `change`,
 * which must reach vCPU 1's TLB: its first read after the change
 * returns must be f2's contents.
 */
static void remap_case(const char *what, unsigned long ph, unsigned long f1,
		       unsigned long f2, void (*change)(unsigned long mfn))
{
	rt_expect(rt_uvm(test_va, (rt_mfn(f1) << 12) | P,
			 UVMF_INVLPG | UVMF_ALL), 0);
	last_read = 0;
	phase = ph;
	rt_check(wait_for(&last_read, 0x1111), "%s: vCPU 1 never read 0x1111 "
		 "(last %#lx)", what, last_read);
	change(rt_mfn(f2));
	phase = ph + 1;
	rt_check(wait_for(&ack, ph + 1), "%s: vCPU 1 did not answer", what);
	rt_check(read_after == 0x2222, "%s: after the flush vCPU 1 read %#lx, "
		 "expected 0x2222 (a stale TLB entry on the other CPU)", what,
		 read_after);
}

static void by_uvm_all(unsigned long mfn)
{
	rt_expect(rt_uvm(test_va, (mfn << 12) | P, UVMF_INVLPG | UVMF_ALL), 0);
}

static void by_invlpg_multi(unsigned long mfn)
{
	unsigned long mask = 2;            /* vCPU 1 */

	rt_expect(mmu1(rt_l1e_maddr(test_va, NULL), (mfn << 12) | P), 0);
	rt_expect(mmuext_multi(MMUEXT_INVLPG_MULTI, test_va, &mask), 0);
}

static void by_flush_all(unsigned long mfn)
{
	rt_expect(mmu1(rt_l1e_maddr(test_va, NULL), (mfn << 12) | P), 0);
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
}

static void by_uvm_multi(unsigned long mfn)
{
	static unsigned long mask = 2;

	rt_expect(rt_uvm(test_va, (mfn << 12) | P,
			 UVMF_TLB_FLUSH | (unsigned long)&mask), 0);
}

void test_main(void)
{
	start_info_t *st = rt_start_info;
	unsigned long region = rt_region_pages(), f1, f2, f3, one = 0x1111,
		      two = 0x2222, seen = 0;
	uint64_t l4_mfn, *view;
	struct vcpu_runstate_info r;
	struct evtchn_send s;

	si = rt_map_shared_info();
	if (rt_cmdline_number("after") > 0)
		wait_for_death((domid_t)rt_cmdline_number("after"));
	rt_l1e_maddr(st->pt_base, &l4_mfn);
	l4_mfn = (l4_mfn & RT_ADDR_MASK) >> 12;
	f1 = st->nr_pages - 1, f2 = f1 - 1, f3 = f1 - 2;
	rt_check(region + 4 < st->nr_pages, "need free frames past the region");
	test_va = rt_va_of(region - 2);
	rt_fill_frame(f1, &one, 8, 0, -1, 0);
	rt_fill_frame(f2, &two, 8, 0, -1, 0);
	rt_fill_frame(f3, NULL, 0, 0, -1, 0);

	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = (unsigned long)ap_entry;
	ctxt.user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
	ctxt.user_regs.cs = FLAT_KERNEL_CS64;
	ctxt.user_regs.ss = FLAT_KERNEL_SS64;
	ctxt.kernel_ss = FLAT_KERNEL_SS64;
	ctxt.kernel_sp = ctxt.user_regs.rsp;
	ctxt.event_callback_eip = (unsigned long)upcall_entry;
	ctxt.trap_ctxt[14] = (struct trap_info){ 14, 0, FLAT_KERNEL_CS64,
						 (unsigned long)ap_pf_entry };
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
	rt_expect(vcpu_op(VCPUOP_up, 1, NULL), 0);
	rt_check(wait_for(&ap_started, 1), "vCPU 1 did not start");

	/*
	 * one_cpu: both vCPUs share one CPU (steps 1 and 2 need two): each
	 * one inherits the TLB the other leaves there, and step 3's flushes
	 * for vCPU 1 alone, while it waits, must still reach what it sees.
	 */
	if (rt_cmdline_has("one_cpu"))
		goto tlb;

	/* 1. While this vCPU runs, vCPU 1 is seen running too. */
	/* A bound for liveness: vCPU 1's host thread may be descheduled. */
	for (long i = 0; i < 10000000 && seen != RUNSTATE_running; i++) {
		rt_expect(vcpu_op(VCPUOP_get_runstate_info, 1, &r), 0);
		seen = r.state;
	}
	rt_check(seen == RUNSTATE_running, "vCPU 1's runstate is %lu, expected "
		 "running (%d) beside vCPU 0", seen, RUNSTATE_running);
	rt_printf("smp_parallel: vCPU 1 running beside vCPU 0\n");

	/* 2. Events to a vCPU spinning on another CPU arrive (a kick). */
	for (unsigned long i = 1; i <= KICK_ROUNDS; i++) {
		s.port = port1;
		rt_expect(evtchn(EVTCHNOP_send, &s), 0);
		rt_check(wait_min(&ap_upcalls, i), "event %lu to the spinning "
			 "vCPU 1 was not delivered (upcalls %lu)", i, ap_upcalls);
	}
	rt_printf("smp_parallel: %lu upcalls on the spinning vCPU 1\n",
		  ap_upcalls);

	/* 3. Mapping changes reach vCPU 1's TLB on the other CPU. */
tlb:
	remap_case("update_va_mapping UVMF_ALL", 1, f1, f2, by_uvm_all);
	remap_case("mmuext INVLPG_MULTI", 3, f1, f2, by_invlpg_multi);
	remap_case("mmuext TLB_FLUSH_ALL", 5, f1, f2, by_flush_all);
	remap_case("update_va_mapping UVMF_MULTI", 7, f1, f2, by_uvm_multi);
	rt_printf("smp_parallel: 4 remote TLB flushes seen by vCPU 1\n");

	/*
	 * 4. vCPU 1 writes f3 through test_va; we unmap it without asking
	 * for a flush and make f3 an L1 table. Its next write (a PTE to the
	 * hypervisor) must fault, not land in the table.
	 */
	rt_expect(rt_uvm(test_va, (rt_mfn(f3) << 12) | P | RW,
			 UVMF_INVLPG | UVMF_ALL), 0);
	ap_writes = 0;
	phase = 10;
	rt_check(wait_min(&ap_writes, 1000), "vCPU 1 is not writing (%lu)",
		 ap_writes);
	rt_expect(mmu1(rt_l1e_maddr(test_va, NULL), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, rt_mfn(f3), 0), 0);
	phase = 11;
	rt_check(wait_for(&ap_faulted, 1), "vCPU 1 kept writing into the new "
		 "page table without a fault (%lu writes)", ap_writes);
	rt_expect(rt_uvm(test_va, (rt_mfn(f3) << 12) | P, UVMF_INVLPG), 0);
	view = (uint64_t *)test_va;
	for (int i = 0; i < 512; i++)
		rt_check(view[i] == 0, "entry %d of the new L1 is %#lx", i,
			 view[i]);
	rt_printf("smp_parallel: a frame retyped to L1 under a writer on the "
		  "other CPU: writer faulted, table intact\n");
	/*
	 * vCPU 1 still spins in its handler: the domain dies around it.
	 * With kick_at_death an event kicks vCPU 1's CPU in the same entry
	 * as the shutdown: that CPU waits for the lock in the kick's
	 * interrupt while its domain goes, and must still answer it.
	 */
	if (rt_cmdline_has("kick_at_death")) {
		static struct evtchn_send kick;
		static struct multicall_entry mc = {
			.op = __HYPERVISOR_event_channel_op,
			.args = { EVTCHNOP_send, (unsigned long)&kick } };

		kick.port = port1;
		rt_shutdown_with = &mc;
	}
}
