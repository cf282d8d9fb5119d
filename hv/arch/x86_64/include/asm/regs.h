/* The register frame saved on entry to the hypervisor. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

/* sizeof(struct cpu_regs): 15 registers, error code + vector, 5 from the CPU. */
#define CPU_REGS_SIZE (21 * 8)

#ifndef __ASSEMBLY__
#include "types.h"

/*
 * Same order as Xen's struct cpu_regs (lowest address first), so
 * later guest-facing code can copy it field for field. entry.S builds it.
 */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx;
	uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct cpu_regs) == CPU_REGS_SIZE, "entry.S");

/* Print every register of a frame, and CR0-CR4 (traps.c). */
void show_registers(const struct cpu_regs *r);

#endif /* !__ASSEMBLY__ */

#endif
