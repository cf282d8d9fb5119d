/* The iopl test kernel's assembly: user-mode runs, kernel irets, user snippets. */
#include "pv_asm.h"

	.data
saved_rsp:       .quad 0
	.globl user_in_value
user_in_value:   .quad 0

	.text
/*
 * void iopl_user_run(uint64_t rip, uint64_t rsp, uint64_t rflags): iret
 * into guest user mode at rip with rflags (IOPL included: under
 * VMASST_TYPE_architectural_iopl it becomes the virtual IOPL); returns
 * when the user code makes syscall 99.
 */
	.globl iopl_user_run
iopl_user_run:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, saved_rsp(%rip)
	pushq	$FLAT_RING3_SS64
	push	%rsi
	push	%rdx
	pushq	$FLAT_RING3_CS64	/* RPL 3: user mode */
	push	%rdi
	pushq	$0			/* flags */
	XEN_IRET

/* The syscall callback: the user code is done, back into iopl_user_run. */
	.globl iopl_syscall_entry
iopl_syscall_entry:
	mov	saved_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

/*
 * void iret_with_rflags(uint64_t rflags): return to the caller through
 * the iret hypercall, staying in guest kernel mode (CS RPL 0), with
 * rflags in the frame.
 */
	.globl iret_with_rflags
iret_with_rflags:
	pop	%rcx			/* the return address */
	mov	%rsp, %rax		/* rsp after the return */
	pushq	$FLAT_RING3_SS64
	push	%rax
	push	%rdi
	pushq	$(FLAT_RING3_CS64 & ~3)	/* RPL 0: guest kernel */
	push	%rcx
	pushq	$0
	XEN_IRET

/* User snippets: one instruction with a #GP fixup (trap_resume), then back. */
	.macro USER_SNIPPET name
	.globl \name
\name:
	lea	1f(%rip), %rcx
	mov	%rcx, trap_resume(%rip)
	.endm
	.macro USER_DONE
1:	movq	$0, trap_resume(%rip)
	mov	$99, %eax
	syscall
	ud2
	.endm

	USER_SNIPPET user_cli
	cli
	USER_DONE

	USER_SNIPPET user_sti
	sti
	USER_DONE

	USER_SNIPPET user_outb
	mov	$0x5a, %eax
	outb	%al, $0x80
	USER_DONE

	USER_SNIPPET user_inb
	mov	$0x12345600, %eax
	inb	$0x80, %al
	mov	%rax, user_in_value(%rip)
	USER_DONE
