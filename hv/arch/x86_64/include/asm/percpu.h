/* Per-CPU data, reached through the GS base. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include "types.h"
#include "asm/desc.h"

/*
 * Everything that differs between physical CPUs lives here: the GS base
 * points at the owning CPU's struct cpu_info, so this_cpu() is one load.
 */
struct cpu_info {
	struct cpu_info *self;        /* must stay first: read as %gs:0 */
	unsigned int cpu_id;
	uint32_t apic_id;
	void *current;                /* the vCPU running here (later issues) */
	uint64_t *gdt;                /* 16 pages: guest part, then Xen's at 0xe000 */
	struct tss64 tss;
	uint64_t ticks;               /* timer interrupts taken */
	void *stack_base;
	void *ist_stacks[3];          /* #DF, NMI, #MC */
};

static inline struct cpu_info *this_cpu(void)
{
	struct cpu_info *c;

	asm volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

void percpu_init_boot_cpu(void);

#endif
