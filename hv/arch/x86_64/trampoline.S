/* AP start-up: real mode to long mode, copied to TRAMPOLINE_PHYS at boot. */
#include "asm/layout.h"

#define TRAMPOLINE_PHYS 0x8000
#define REL(x) ((x) - trampoline_start)
#define ABS(x) (TRAMPOLINE_PHYS + REL(x))

/*
 * A STARTUP IPI with vector TRAMPOLINE_PHYS >> 12 starts the AP in real
 * mode at CS = TRAMPOLINE_PHYS >> 4, IP = 0. It goes through 32-bit
 * protected mode to long mode on boot_pml4 (head.S: the low 4 GiB
 * identity-mapped, the image high), then to ap_high_entry in the image.
 * This block is data to the image: it only runs from its copy.
 */
	.section .rodata.trampoline, "a"
	.balign 16
	.globl trampoline_start
trampoline_start:
	.code16
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	REL(tramp_gdtr)
	mov	%cr0, %eax
	or	$1, %eax			/* PE */
	mov	%eax, %cr0
	ljmpl	$0x08, $ABS(tramp32)

	.code32
tramp32:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	ENTER_LONG_MODE				/* as the boot CPU */
	ljmp	$0x18, $ABS(tramp64)

	.code64
tramp64:
	movabs	$ap_high_entry, %rax
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff		/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff		/* 0x10: data */
	.quad 0x00af9a000000ffff		/* 0x18: 64-bit code */
tramp_gdtr:
	.short tramp_gdtr - tramp_gdt - 1
	.long ABS(tramp_gdt)
	.globl trampoline_end
trampoline_end:

/*
 * In the image, on boot_pml4: switch to the hypervisor's tables and the
 * stack smpboot.c prepared, then start_secondary(ap_boot_info).
 */
	.section .text, "ax"
	.code64
ap_high_entry:
	mov	ap_boot_cr3(%rip), %rax
	mov	%rax, %cr3
	mov	ap_boot_stack(%rip), %rsp
	xor	%ebp, %ebp
	mov	ap_boot_info(%rip), %rdi
	call	start_secondary
	ud2
