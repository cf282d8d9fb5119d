/* Multiboot2 header and the 32-bit to 64-bit entry from GRUB. */
#include "asm/layout.h"
#include "asm/percpu.h"

#define MB2_MAGIC       0xe85250d6
#define MB2_BOOT_MAGIC  0x36d76289
#define MB2_ARCH_I386   0

#define PTE_P   0x001
#define PTE_RW  0x002
#define PTE_PS  0x080

#define PHYS(x) ((x) - XEN_VIRT_START)

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* entry address tag (type 3): where to jump, physical */
	.balign 8
	.short 3, 0
	.long 12
	.long start32
	/* end tag */
	.balign 8
	.short 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl start32
start32:
	/* eax = Multiboot2 magic, ebx = MBI physical address. Keep them in
	 * edi/esi (the first two C arguments later), never on a stack. */
	cli
	cld
	mov	%eax, %edi
	mov	%ebx, %esi
	mov	$boot_stack32_top, %esp

	cmp	$MB2_BOOT_MAGIC, %edi
	jne	no_multiboot2

	/* Long mode is required. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	/* Zero the boot page tables. */
	push	%edi
	mov	$boot_pgt_start, %edi
	mov	$(boot_pgt_end - boot_pgt_start) / 4, %ecx
	xor	%eax, %eax
	rep stosl
	pop	%edi

	/* 4 page directories map 0-4 GiB with 2 MiB pages. */
	mov	$boot_pd, %ebx
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_RW | PTE_PS), %eax
	mov	%eax, (%ebx, %ecx, 8)
	mov	%ecx, %eax
	shr	$11, %eax
	mov	%eax, 4(%ebx, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	1b

	/* boot_pdpt_low[0..3] -> the 4 PDs: identity and direct map. */
	mov	$boot_pdpt_low, %ebx
	mov	$boot_pd + (PTE_P | PTE_RW), %eax
	mov	%eax, 0(%ebx)
	add	$4096, %eax
	mov	%eax, 8(%ebx)
	add	$4096, %eax
	mov	%eax, 16(%ebx)
	add	$4096, %eax
	mov	%eax, 24(%ebx)

	/* boot_pdpt_high: XEN_VIRT_START (1 GiB aligned) -> phys 0-1 GiB. */
	mov	$boot_pdpt_high, %ebx
	movl	$boot_pd + (PTE_P | PTE_RW), ((XEN_VIRT_START >> 30) & 511) * 8(%ebx)

	/* L4: slot 0 identity, slot 262 direct map, slot 261 the image. */
	mov	$boot_pml4, %ebx
	movl	$boot_pdpt_low + (PTE_P | PTE_RW), 0(%ebx)
	movl	$boot_pdpt_low + (PTE_P | PTE_RW), ((DIRECTMAP_VIRT_START >> 39) & 511) * 8(%ebx)
	movl	$boot_pdpt_high + (PTE_P | PTE_RW), ((XEN_VIRT_START >> 39) & 511) * 8(%ebx)

	ENTER_LONG_MODE

	lgdt	boot_gdtr
	ljmp	$0x08, $start64

no_multiboot2:
	mov	$msg_no_mb2, %esi
	jmp	early_fail
no_long_mode:
	mov	$msg_no_lm, %esi
early_fail:
	/* Print on COM1 and power off through isa-debug-exit, code 1. */
	mov	$0x3f8 + 5, %dx
2:	in	%dx, %al
	test	$0x20, %al
	jz	2b
	mov	$0x3f8, %dx
	lodsb
	test	%al, %al
	jz	3f
	out	%al, %dx
	jmp	early_fail
3:	mov	$1, %al
	out	%al, $0xf4
4:	hlt
	jmp	4b

	.code64
start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	movabs	$high_entry, %rax
	jmp	*%rax

	.section .boot.data, "a"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08: 64-bit code, ring 0 */
	.quad 0x00cf93000000ffff	/* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdtr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
msg_no_mb2:
	.asciz "Xenolith: not started by a Multiboot2 loader\r\n"
msg_no_lm:
	.asciz "Xenolith: this CPU has no 64-bit long mode\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_pgt_start:
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
boot_pgt_end:
	.skip 1024
boot_stack32_top:

	.section .text.entry, "ax"
	.code64
high_entry:
	/* Running at the high mapping now. */
	lea	cpu0_stack + STACK_SIZE - CPUINFO_PTR_OFF(%rip), %rsp
	xor	%ebp, %ebp
	/* Zero .bss (the boot page tables live outside it; the stack is
	 * inside, so nothing may be pushed before this). */
	mov	%edi, %r8d
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	shr	$3, %rcx
	xor	%eax, %eax
	rep stosq
	/* this_cpu() reads the CPU's area from the top of its stack. */
	lea	cpu_infos(%rip), %rax
	mov	%rax, cpu0_stack + STACK_SIZE - CPUINFO_PTR_OFF(%rip)
	mov	%r8d, %edi
	/* start_xenolith(magic, mbi_phys): never returns. */
	mov	%esi, %esi
	call	start_xenolith
	ud2

	.section .bss.stack_aligned, "aw", @nobits
	.balign STACK_SIZE		/* this_cpu() masks %rsp */
	.globl cpu0_stack
cpu0_stack:
	.skip STACK_SIZE
