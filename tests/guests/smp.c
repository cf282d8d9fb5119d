/* Test kernel: a second vCPU through VCPUOP_initialise/up, IPIs both ways, poll wake-ups, VCPUOP_down; hostile vcpu_op cases. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/event_channel.h>
#include <xen/vcpu.h>

#define ROUNDS 200

static struct shared_info *si;
static volatile unsigned int port0, port1;    /* IPI ports of vCPU 0 and 1 */
static volatile unsigned long ap_started, ap_rounds, ap_done;
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, cmd, id,
			    (unsigned long)arg, 0, 0);
}

static long evtchn(int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* Wait (SCHEDOP_poll) for port, then clear it. */
static void wait_port(unsigned int port)
{
	struct sched_poll sp;
	unsigned int p = port;

	sp.ports.p = &p;
	sp.nr_ports = 1;
	sp.timeout = 0;
	while (!(__atomic_fetch_and(&si->evtchn_pending[port / 64],
				    ~(1UL << (port % 64)), __ATOMIC_SEQ_CST) &
		 (1UL << (port % 64))))
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

static void send(unsigned int port)
{
	struct evtchn_send s = { port };

	rt_expect(evtchn(EVTCHNOP_send, &s), 0);
}

/* vCPU 1 starts here, on its own stack, in the same address space. */
void ap_main(void)
{
	struct evtchn_bind_ipi ipi = { 1, 0 };

	rt_expect(evtchn(EVTCHNOP_bind_ipi, &ipi), 0);
	port1 = ipi.port;
	ap_started = 1;
	send(port0);
	for (int i = 0; i < ROUNDS; i++) {
		wait_port(port1);
		ap_rounds++;
		send(port0);
	}
	ap_done = 1;
	vcpu_op(VCPUOP_down, 1, NULL);
	for (;;)                      /* never scheduled again */
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void ap_entry(void);
/* vCPU 1 starts at vIOPL 1 (the IOPL of its initial rflags, as Xen's
 * arch_set_info_guest takes it): cli/sti are emulated, not a #GP that
 * would kill it (it has no trap table). */
asm(".text\n.globl ap_entry\nap_entry:\n cli\n sti\n call ap_main\n ud2\n");

void test_main(void)
{
	start_info_t *st = rt_start_info;
	struct evtchn_bind_ipi ipi = { 0, 0 };
	uint64_t l4_mfn;

	si = rt_map_shared_info();
	rt_l1e_maddr(st->pt_base, &l4_mfn);
	l4_mfn = (l4_mfn & RT_ADDR_MASK) >> 12;

	/* One vCPU is up, one is not, there is no third. */
	rt_expect(vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	rt_expect(vcpu_op(VCPUOP_is_up, 2, NULL), -XEN_ENOENT);
	rt_expect(vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);   /* no context yet */

	/* An IPI to oneself works with one vCPU. */
	rt_expect(evtchn(EVTCHNOP_bind_ipi, &ipi), 0);
	port0 = ipi.port;
	send(port0);
	rt_check(si->evtchn_pending[0] & (1UL << port0), "self IPI not pending");
	wait_port(port0);

	/* Hostile contexts first: bad pointer, non-canonical entry point. */
	rt_expect(vcpu_op(VCPUOP_initialise, 1, (void *)0xffff830000000000UL),
		  -XEN_EFAULT);
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = 0x0000800000000000UL;
	ctxt.user_regs.rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EINVAL);
	ctxt.user_regs.rip = (unsigned long)ap_entry;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(1);       /* not our frame */
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EINVAL);
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
	ctxt.user_regs.cs = FLAT_KERNEL_CS64;
	ctxt.user_regs.ss = FLAT_KERNEL_SS64;
	ctxt.kernel_ss = FLAT_KERNEL_SS64;
	ctxt.kernel_sp = ctxt.user_regs.rsp;
	ctxt.user_regs.rflags = 0x1000;                 /* IOPL 1 */
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), -XEN_EEXIST);
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	rt_expect(vcpu_op(VCPUOP_up, 1, NULL), 0);
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), 1);

	/* vCPU 1 says hello, then ROUNDS IPI round trips. */
	wait_port(port0);
	rt_check(ap_started, "vCPU 1 did not start");
	for (int i = 0; i < ROUNDS; i++) {
		send(port1);
		wait_port(port0);
	}
	rt_check(ap_rounds == ROUNDS, "vCPU 1 saw %lu rounds of %d", ap_rounds,
		 ROUNDS);
	/*
	 * Its last answer and "done" may coalesce: events are not counted.
	 * On several CPUs vCPU 1 runs elsewhere, and its host thread may be
	 * descheduled for a while: the bounds are liveness, not timing.
	 */
	for (long i = 0; i < 10000000 && !ap_done; i++)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	rt_check(ap_done, "vCPU 1 did not finish");
	for (long i = 0; i < 10000000 && vcpu_op(VCPUOP_is_up, 1, NULL) != 0;
	     i++)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	rt_printf("smp: vCPU 1 up, %lu IPI round trips, down again\n", ap_rounds);
}
