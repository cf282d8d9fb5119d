/* Per-CPU data, reached through the GS base. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

/* Offsets the entry code uses; checked against the struct below. */
#define CPUINFO_self        0
#define CPUINFO_stack_top   8
#define CPUINFO_scratch     16
#define CPUINFO_current     24

#ifndef __ASSEMBLY__
#include "types.h"
#include "asm/desc.h"

struct vcpu;

/*
 * Everything that differs between physical CPUs lives here. While the
 * hypervisor runs, GS base points at the owning CPU's struct cpu_info,
 * so this_cpu() is one load; while a guest runs, the guest's GS base is
 * live and this pointer waits in MSR_SHADOW_GS_BASE (swapgs on entry).
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
	void *stack_base;
	void *ist_stacks[3];          /* #DF, NMI, #MC */
	bool hv_locked;               /* holds the big hypervisor lock (smp.c) */
	bool cr3_lost;                /* a shootdown took current's tables away */
	struct vcpu *cr3_vcpu;        /* whose guest tables CR3 holds, or NULL */
	uint64_t tlb_flush_gen;       /* its domain's tlb_flush_gen at that load */
};

_Static_assert(offsetof(struct cpu_info, stack_top) == CPUINFO_stack_top, "");
_Static_assert(offsetof(struct cpu_info, scratch) == CPUINFO_scratch, "");
_Static_assert(offsetof(struct cpu_info, current) == CPUINFO_current, "");

static inline struct cpu_info *this_cpu(void)
{
	struct cpu_info *c;

	asm volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

static inline struct vcpu *current_vcpu(void)
{
	return this_cpu()->current;
}

void percpu_init_boot_cpu(void);
/*
 * Allocate CPU cpu's area (GDT, stack, IST stacks, TSS) for an AP with
 * apic_id; NULL if out of memory. percpu_load() then makes it this CPU's:
 * GS base, GDT, TSS and the shared IDT.
 */
struct cpu_info *percpu_alloc_ap(unsigned int cpu, uint32_t apic_id);
void percpu_load(struct cpu_info *c);
#endif

#endif
