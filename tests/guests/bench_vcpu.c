/* Bench kernel, vCPUs: vCPU 0 and 1 of this domain ping-pong with SCHEDOP_yield. */
#include "bench.h"
#include <xen/vcpu.h>

#define TRIES 10000

static volatile unsigned long ap_turns;
static volatile bool ap_stop;
static uint8_t ap_stack[8192] __attribute__((aligned(16)));
static struct vcpu_guest_context ctxt;

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, cmd, id, (unsigned long)arg,
			    0, 0);
}

/* vCPU 1: one turn per yield until told to stop, then down for good. */
void bench_ap_main(void)
{
	while (!ap_stop) {
		ap_turns++;
		bench_yield();
	}
	vcpu_op(VCPUOP_down, 1, NULL);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void bench_ap_entry(void);
asm(".text\n.globl bench_ap_entry\nbench_ap_entry:\n call bench_ap_main\n ud2\n");

/*
 * One sample: vCPU 0 yields, vCPU 1 returns from its yield, takes a turn
 * and yields back: two switches, so the row is half the median. Each
 * yield must give vCPU 1 its turn, except where a scheduler tick
 * preempted vCPU 1 between its turn and its yield (its next run is then
 * only that yield): at most 1% + 2 such misses are let pass, and counted.
 * Needs vcpus=2 and no other runnable vCPU (the peer waits blocked).
 */
void bench_vcpu_rows(void)
{
	uint64_t l4e, t0;
	unsigned long c;
	long missed = 0, first_miss = -1, i;

	rt_l1e_maddr(rt_start_info->pt_base, &l4e);
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = (unsigned long)bench_ap_entry;
	ctxt.user_regs.rsp = (unsigned long)ap_stack + sizeof(ap_stack);
	ctxt.ctrlreg[3] = xen_pfn_to_cr3((l4e & RT_ADDR_MASK) >> 12);
	ctxt.user_regs.cs = FLAT_KERNEL_CS64;
	ctxt.user_regs.ss = FLAT_KERNEL_SS64;
	ctxt.kernel_ss = FLAT_KERNEL_SS64;
	ctxt.kernel_sp = ctxt.user_regs.rsp;
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
	rt_expect(vcpu_op(VCPUOP_up, 1, NULL), 0);
	for (i = 0; i < TRIES && !ap_turns; i++)
		bench_yield();
	rt_check(ap_turns, "vCPU 1 did not run in %d yields (vcpus=2?)", TRIES);
	if (!ap_turns)
		return;
	for (i = 0; i < bench_n; i++) {
		c = ap_turns;
		t0 = bench_tsc();
		bench_yield();
		bench_samples[i] = bench_tsc() - t0;
		if (ap_turns == c && !missed++)
			first_miss = i;
	}
	bench_row("vCPU switch (yield ping-pong, each)", bench_median() / 2);
	rt_check(missed <= bench_n / 100 + 2, "%ld of %ld yields did not give "
		 "vCPU 1 a turn", missed, bench_n);
	rt_printf("bench vcpu: %ld of %ld yields gave vCPU 1 no turn (first: "
		  "sample %ld)\n", missed, bench_n, first_miss);
	ap_stop = true;
	for (i = 0; i < TRIES && vcpu_op(VCPUOP_is_up, 1, NULL) != 0; i++)
		bench_yield();
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}
