/* Per-CPU data, found from the stack pointer (never from the GS base). */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include "asm/layout.h"

/* Offsets the entry code uses; checked against the struct below. */
#define CPUINFO_self        0
#define CPUINFO_stack_top   8
#define CPUINFO_scratch     16
#define CPUINFO_current     24

/*
 * Every hypervisor stack of a CPU (the primary one and each IST stack) is
 * STACK_SIZE long and STACK_SIZE aligned, and its top 16 bytes hold a
 * pointer to the CPU's struct cpu_info (then 8 bytes of padding). So the
 * per-CPU data is found from %rsp alone, whatever the GS base holds when
 * an exception, an NMI or a #DB lands in ring 0 (Xen does the same with
 * its per-CPU stack blocks). CPUINFO_PTR_OFF is where that pointer sits,
 * below the end of the stack.
 */
#define CPUINFO_PTR_OFF     16

#ifdef __ASSEMBLY__
/* reg = this CPU's struct cpu_info, from %rsp (any stack of the CPU). */
.macro GET_CPUINFO reg
	mov	%rsp, \reg
	or	$(STACK_SIZE - 1), \reg
	mov	-(CPUINFO_PTR_OFF - 1)(\reg), \reg
.endm
#endif

#ifndef __ASSEMBLY__
#include "types.h"
#include "asm/desc.h"

struct vcpu;

/*
 * Everything that differs between physical CPUs lives here. this_cpu()
 * reads it from the top of the current stack. The GS base serves the
 * guest and one entry path: while a guest runs its GS base is live and
 * this CPU's struct cpu_info waits in MSR_SHADOW_GS_BASE, so `syscall`
 * (which only a guest executes) finds its stack after a swapgs. Entries
 * from ring 3 swap; entries from ring 0 never do and never read %gs.
 */
struct cpu_info {
	struct cpu_info *self;        /* %gs:0 */
	uint64_t stack_top;           /* top of this CPU's hypervisor stack */
	uint64_t scratch;             /* guest rsp during syscall entry */
	struct vcpu *current;         /* the vCPU running here, or NULL */
	unsigned int cpu_id;
	uint32_t apic_id;
	uint64_t *gdt;                /* 16 pages: guest part, then Xen's at 0xe000 */
	struct tss64 tss;
	uint64_t ticks;               /* timer interrupts taken */
	uint64_t ist_top[NR_IST];     /* the IST stacks' tops (#DF, NMI, #MC, #DB) */
	uint64_t nmis;                /* NMIs taken */
	bool hw_breakpoints;          /* DR7 enables a vCPU's breakpoints here */
	bool hv_locked;               /* holds the big hypervisor lock (smp.c) */
	bool cr3_lost;                /* a shootdown took current's tables away */
	bool need_resched;            /* pick again at the next exit (schedule.c) */
	struct vcpu *cr3_vcpu;        /* whose guest tables CR3 holds, or NULL */
	uint64_t tlb_flush_gen;       /* its domain's tlb_flush_gen at that load */
};

_Static_assert(offsetof(struct cpu_info, stack_top) == CPUINFO_stack_top, "");
_Static_assert(offsetof(struct cpu_info, scratch) == CPUINFO_scratch, "");
_Static_assert(offsetof(struct cpu_info, current) == CPUINFO_current, "");

/* This CPU's data, from the pointer at the top of the current stack. */
static inline struct cpu_info *this_cpu(void)
{
	uint64_t sp;

	asm volatile("mov %%rsp, %0" : "=r"(sp));
	return *(struct cpu_info **)((sp | (STACK_SIZE - 1)) -
				     (CPUINFO_PTR_OFF - 1));
}

static inline struct vcpu *current_vcpu(void)
{
	return this_cpu()->current;
}

/*
 * The boot CPU's area (GS base, GDT, TSS, IDT) while it still runs on
 * cpu0_stack; percpu_stacks_boot_cpu() then maps its guarded stacks, once
 * the hypervisor's page tables exist, and turns the IST stacks on.
 */
void percpu_init_boot_cpu(void);
void percpu_stacks_boot_cpu(void);
/* Whether va lies in an unmapped guard page below some CPU's stack; in
 * one of the CPUs' mapped stacks (cpu0_stack aside). */
bool in_stack_guard(uint64_t va);
bool in_stack(uint64_t va);
/*
 * Allocate CPU cpu's area (GDT, guarded stacks, TSS) for an AP with
 * apic_id; NULL if out of memory. percpu_load() then makes it this CPU's:
 * GS base, GDT, TSS and the shared IDT.
 */
struct cpu_info *percpu_alloc_ap(unsigned int cpu, uint32_t apic_id);
void percpu_load(struct cpu_info *c);
#endif

#endif
