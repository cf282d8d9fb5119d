/* Hypervisor virtual memory layout, inside the L4 slots Xen reserves. */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

/*
 * L4 slots 256-271 (0xffff800000000000-0xffff87ffffffffff) belong to the
 * hypervisor in every PV guest's L4, as in Xen:
 *   slot 256        read-only M2P table for guests (RO_MPT_VIRT_START)
 *   slot 261        ioremap window, the CPUs' stacks, the hypervisor image
 *   slots 262-271   direct map of all RAM (DIRECTMAP_VIRT_START)
 */
#define HYPERVISOR_VIRT_START   0xffff800000000000
#define HYPERVISOR_VIRT_END     0xffff880000000000
#define RO_MPT_VIRT_START       0xffff800000000000
#define IOREMAP_VIRT_START      0xffff82c000000000
#define IOREMAP_VIRT_END        0xffff82c040000000
/*
 * Each CPU's stacks: a STACKS_PER_CPU_SPAN window per CPU, in it one
 * 2 * STACK_SIZE slot per stack (0 the primary stack, 1-4 the IST stacks
 * of asm/desc.h) whose lower half stays unmapped: a guard below every
 * stack, so an overflow faults (and ends in #DF on its own stack)
 * instead of running over memory.
 */
#define STACKS_VIRT_START       0xffff82c400000000
#define STACKS_PER_CPU_SPAN     0x40000
#define STACK_VA(cpu, slot)     (STACKS_VIRT_START + \
				 (uint64_t)(cpu) * STACKS_PER_CPU_SPAN + \
				 (2 * (slot) + 1) * STACK_SIZE)
/* The image is linked at XEN_VIRT_START + its physical address. */
#define XEN_VIRT_START          0xffff82d080000000
#define DIRECTMAP_VIRT_START    0xffff830000000000
#define DIRECTMAP_VIRT_END      0xffff880000000000

/* Where GRUB puts the image (2 MiB aligned). */
#define XEN_PHYS_START          0x200000

#define STACK_ORDER             2
#define STACK_SIZE              (4096 << STACK_ORDER)

#ifndef __ASSEMBLY__
#include "types.h"

static inline void *maddr_to_virt(paddr_t pa)
{
	return (void *)(pa + DIRECTMAP_VIRT_START);
}

static inline paddr_t virt_to_maddr(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= XEN_VIRT_START && v < DIRECTMAP_VIRT_START)
		return v - XEN_VIRT_START;
	return v - DIRECTMAP_VIRT_START;
}

static inline void *mfn_to_virt(mfn_t mfn)
{
	return maddr_to_virt((paddr_t)mfn << PAGE_SHIFT);
}

/* A 48-bit canonical address: bits 63-47 all equal. */
static inline bool is_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}
#endif

#ifdef __ASSEMBLY__
/*
 * From 32-bit protected mode to long mode on boot_pml4 (head.S): PAE, then
 * CR3, then EFER.LME|NXE|SCE, then paging with WP. The boot CPU (head.S)
 * and every AP (trampoline.S) come this way.
 */
.macro ENTER_LONG_MODE
	mov	%cr4, %eax
	or	$0x20, %eax
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x901, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80010001, %eax		/* PG | WP | PE */
	mov	%eax, %cr0
.endm
#endif

#endif
