/* Interrupt, exception and syscall entry: build struct cpu_regs, call C. */
#include "asm/desc.h"
#include "asm/percpu.h"
#include "asm/regs.h"

/* entry_vector for a `syscall` instruction from a 64-bit / 32-bit guest. */
#define TRAP_syscall   256
#define TRAP_syscall32 257
#define TRAP_sysenter  258

	.section .text, "ax"
	.code64

/*
 * One 16-byte stub per vector; the CPU pushes an error code only for
 * vectors 8, 10-14, 17, 21, 29 and 30.
 */
	.balign 16
	.globl entry_stubs
entry_stubs:
	vector = 0
	.rept 256
	.balign 16
	.if vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30
	.else
	pushq	$0			/* no error code: make room */
	.endif
	movl	$vector, 4(%rsp)	/* entry_vector beside error_code */
	jmp	common_entry
	vector = vector + 1
	.endr

/*
 * From a guest (CS RPL 3) the guest's GS base is live: swap in ours. So
 * it is after a fault on the iretq to a guest (restore_all swapped
 * already); do_entry turns that into the guest's failsafe callback.
 */
common_entry:
	testb	$3, 16(%rsp)		/* saved CS */
	jnz	1f
	push	%rax
	lea	iret_to_guest(%rip), %rax
	cmp	%rax, 16(%rsp)		/* saved RIP */
	pop	%rax
	jne	save_all
1:	swapgs
	jmp	save_all

/*
 * `syscall` from a guest (kernel: a hypercall; user: bounced to the guest
 * kernel). CS/SS came from MSR_STAR; rcx = guest rip, r11 = guest rflags,
 * rsp is still the guest's. Build the same frame an interrupt from ring 3
 * would have built, on this CPU's stack.
 */
	.macro SYSCALL_FRAME cs, vector
	swapgs
	mov	%rsp, %gs:CPUINFO_scratch
	mov	%gs:CPUINFO_stack_top, %rsp
	pushq	$FLAT_RING3_DS		/* ss */
	pushq	%gs:CPUINFO_scratch	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$\cs			/* cs */
	pushq	%rcx			/* rip */
	pushq	$0
	movl	$\vector, 4(%rsp)
	.endm

	.globl syscall32_entry
syscall32_entry:			/* from compatibility mode (MSR_CSTAR) */
	SYSCALL_FRAME FLAT_RING3_CS32, TRAP_syscall32
	jmp	save_all

/*
 * `sysenter` from a guest (MSR_IA32_SYSENTER_*): CS/SS are ours, IF is
 * off, and the CPU saved neither the guest's rip nor its rsp. Like Xen,
 * the frame says rip 0, CS 3 (a ring-3 null selector), rsp 0; the C side
 * bounces it to the sysenter callback.
 */
	.globl sysenter_entry
sysenter_entry:
	swapgs
	mov	%gs:CPUINFO_stack_top, %rsp
	pushq	$FLAT_RING3_DS		/* ss */
	pushq	$0			/* rsp */
	pushfq				/* rflags */
	pushq	$3			/* cs */
	pushq	$0			/* rip */
	pushq	$0
	movl	$TRAP_sysenter, 4(%rsp)
	jmp	save_all

	.globl syscall_entry
syscall_entry:
	SYSCALL_FRAME FLAT_RING3_CS64, TRAP_syscall
	/* fall through */

save_all:
	cld
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	call	do_entry
	/* fall through: do_entry returns to whatever the frame now says */

	.globl restore_all
restore_all:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	add	$8, %rsp		/* error_code + entry_vector */
	testb	$3, 8(%rsp)		/* returning to a guest? */
	jz	1f
	swapgs
	.globl iret_to_guest
iret_to_guest:
	iretq
1:	iretq

/*
 * Start running a guest: rdi = its struct cpu_regs, copied to the top of
 * this CPU's stack (where every later entry builds its frame), then out
 * through restore_all. Never returns.
 */
	.globl enter_guest
enter_guest:
	mov	%gs:CPUINFO_stack_top, %rsp
	sub	$CPU_REGS_SIZE, %rsp
	mov	%rsp, %rax
	mov	$(CPU_REGS_SIZE / 8), %ecx
2:	mov	(%rdi), %rdx
	mov	%rdx, (%rax)
	add	$8, %rdi
	add	$8, %rax
	dec	%ecx
	jnz	2b
	jmp	restore_all

/*
 * Return to the guest whose frame is already complete at the top of this
 * CPU's stack (written by a context switch, or left by its own entry).
 */
	.globl resume_guest
resume_guest:
	mov	%gs:CPUINFO_stack_top, %rsp
	sub	$CPU_REGS_SIZE, %rsp
	jmp	restore_all

/*
 * Leave whatever this CPU was doing for the idle loop, on a fresh stack
 * below the area where guest frames are built. Never returns.
 */
	.globl idle_enter
idle_enter:
	mov	%gs:CPUINFO_stack_top, %rsp
	sub	$512, %rsp
	xor	%ebp, %ebp
	call	idle_loop
	ud2
