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
 * vectors 8, 10-14, 17, 21, 29 and 30. The IST vectors (#DB, NMI, #DF,
 * #MC) go to ist_entry, every other one to common_entry.
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
	.if vector == 1 || vector == 2 || vector == 8 || vector == 18
	jmp	ist_entry
	.else
	jmp	common_entry
	.endif
	vector = vector + 1
	.endr

/*
 * From a guest (CS RPL 3) the guest's GS base is live: swap in ours. So
 * it is after a fault on the iretq to a guest (restore_all swapped
 * already); do_entry turns that into the guest's failsafe callback. From
 * ring 0 nothing is swapped, whatever the GS base holds: the hypervisor
 * finds its per-CPU data from %rsp (asm/percpu.h), and the return puts
 * back exactly the GS state it interrupted. Only vectors that do not use
 * an IST stack come here, so the iretq check sees only faults (#GP, #NP,
 * #SS) of the iretq itself: interrupts are off in restore_all.
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
 * off, rsp is this CPU's stack top (MSR_IA32_SYSENTER_ESP), and the CPU
 * saved neither the guest's rip nor its rsp. Like Xen, the frame says
 * rip 0, CS 3 (a ring-3 null selector), rsp 0; the C side bounces it to
 * the sysenter callback. sysenter keeps EFLAGS.TF: a guest that set it
 * takes a #DB (on its IST stack) at each instruction up to
 * sysenter_eflags_saved, where do_ist_entry clears TF once the guest's
 * flags are in the frame (as Xen's do_debug).
 */
	.globl sysenter_entry
sysenter_entry:
	pushq	$FLAT_RING3_DS		/* ss */
	pushq	$0			/* rsp */
	pushfq				/* rflags */
	.globl sysenter_eflags_saved
sysenter_eflags_saved:
	swapgs
	pushq	$3			/* cs */
	pushq	$0			/* rip */
	pushq	$0
	movl	$TRAP_sysenter, 4(%rsp)
	jmp	save_all

	.macro SAVE_REGS
	cld
	SAVE_GPRS
	.endm

	/* The general registers, as struct cpu_regs lays them out. */
	.macro SAVE_GPRS
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
	.endm

/*
 * A hypercall (or a guest user syscall): straight to pv_syscall_entry,
 * no dispatch on the vector; the way back is restore_all's, by sysretq
 * when the frame allows it.
 */
	.globl syscall_entry
syscall_entry:
	SYSCALL_FRAME FLAT_RING3_CS64, TRAP_syscall
	SAVE_GPRS			/* DF is clear: MSR_FMASK has it */
	mov	%rsp, %rdi
	call	pv_syscall_entry
	jmp	restore_all

save_all:
	SAVE_REGS
	mov	%rsp, %rdi
	call	do_entry
	/* fall through: do_entry returns to whatever the frame now says */

/*
 * Back to the frame at %rsp. To a guest by sysretq (Xen's
 * restore_all_guest) only if the frame was entered by a 64-bit
 * `syscall` and nothing since asked for an exact return (entry_vector
 * still exactly TRAP_syscall: pv_traps.c ors TRAP_iret_only into it for
 * an iret hypercall without VGCF_in_syscall and a bounced user
 * syscall), the target is CS 0xe033 / SS 0xe02b (what sysretq loads from
 * MSR_STAR) and rip is canonical: a sysretq to a non-canonical rcx
 * faults in ring 0 on Intel, on the guest's stack (XSA-7,
 * CVE-2012-0217), so such a frame takes the iretq, which faults
 * recoverably (pv_iret_fault). sysretq sets rcx = rip and r11 = rflags
 * (the guest was told they are clobbered), clears RF and VM; IOPL is
 * cleared and IF set as Xen does; TF and NT go back as they were.
 */
#define FRAME_vector  (15 * 8 + 4)
#define FRAME_rip     (16 * 8)
#define FRAME_cs      (17 * 8)
#define FRAME_rflags  (18 * 8)
#define FRAME_rsp     (19 * 8)
#define FRAME_ss      (20 * 8)
	.globl restore_all
restore_all:
	cmpq	$FLAT_RING3_CS64, FRAME_cs(%rsp)	/* RPL 3: a guest's */
	jne	restore_iret
	cmpl	$TRAP_syscall, FRAME_vector(%rsp)
	jne	restore_iret
	cmpq	$FLAT_RING3_DS, FRAME_ss(%rsp)
	jne	restore_iret
	/* Canonical: rip + 2^47 (mod 2^64) is below 2^48. */
	movabs	$(1 << 47), %rcx
	add	FRAME_rip(%rsp), %rcx
	shr	$48, %rcx
	jnz	restore_iret
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	add	$8, %rsp		/* r11: rflags below */
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	add	$8, %rsp		/* rcx: rip below */
	pop	%rdx
	pop	%rsi
	pop	%rdi
	mov	8(%rsp), %rcx		/* rip (past error_code/vector) */
	mov	24(%rsp), %r11		/* rflags */
	and	$~((3 << 12) | (1 << 17)), %r11	/* IOPL, VM */
	or	$(1 << 9), %r11		/* IF */
	mov	32(%rsp), %rsp		/* the guest's rsp; IST vectors only now */
	swapgs
	sysretq

restore_iret:
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
 * #DB, NMI, #DF and #MC, on their IST stacks. From a guest (CS RPL 3) the
 * primary stack is unused: the frame moves there and takes the common
 * way (swapgs, do_entry), so a guest's #DB can bounce, block or switch
 * like any trap. From ring 0 the handler stays on the IST stack, swaps
 * nothing and takes no lock (do_ist_entry): it may have landed anywhere,
 * with the guest's GS base live (before syscall_entry's swapgs), on a
 * guest-chosen rsp (a #DB deferred past `mov ss`, XSA-260), or on an
 * overflowed stack (#DF).
 */
ist_entry:
	testb	$3, 16(%rsp)		/* saved CS */
	jz	ist_in_hypervisor
	swapgs
	push	%rax
	push	%rcx
	push	%rdx
	/* rdx = the primary stack top; copy rdx, rcx, rax and the 6 words
	 * of error code/vector and hardware frame there, then switch. */
	GET_CPUINFO %rdx
	mov	CPUINFO_stack_top(%rdx), %rdx
	sub	$72, %rdx
	mov	$9, %ecx
1:	mov	-8(%rsp,%rcx,8), %rax
	mov	%rax, -8(%rdx,%rcx,8)
	loop	1b
	mov	%rdx, %rsp
	pop	%rdx
	pop	%rcx
	pop	%rax
	jmp	save_all

ist_in_hypervisor:
	SAVE_REGS
	mov	%rsp, %rdi
	call	do_ist_entry
	jmp	restore_all

/*
 * Start running a guest: rdi = its struct cpu_regs, copied to the top of
 * this CPU's stack (where every later entry builds its frame), then out
 * through restore_all. Never returns.
 */
	.globl enter_guest
enter_guest:
	GET_CPUINFO %rax
	mov	CPUINFO_stack_top(%rax), %rsp
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
	GET_CPUINFO %rax
	mov	CPUINFO_stack_top(%rax), %rsp
	sub	$CPU_REGS_SIZE, %rsp
	jmp	restore_all

/*
 * Leave whatever this CPU was doing for the idle loop, on a fresh stack
 * below the area where guest frames are built. Never returns.
 */
	.globl idle_enter
idle_enter:
	GET_CPUINFO %rax
	mov	CPUINFO_stack_top(%rax), %rsp
	sub	$512, %rsp
	xor	%ebp, %ebp
	call	idle_loop
	ud2
