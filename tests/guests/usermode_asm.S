/* Guest user mode for the usermode test kernel: entry, callbacks, user code. */
#include "pv_asm.h"

	.data
	.globl um_syscalls, um_last_rax, um_last_cs, um_gs_in_kernel, um_traps
um_syscalls:     .quad 0
um_last_rax:     .quad 0
um_last_cs:      .quad 0
um_gs_in_kernel: .quad 0
um_traps:        .quad 0
saved_rsp:       .quad 0

	.text
/*
 * void um_enter(uint64_t rip, uint64_t rsp): iret into guest user mode
 * (CS RPL 3) at rip; returns when user code makes syscall 99.
 */
	.globl um_enter
um_enter:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, saved_rsp(%rip)
	ENTER_USER %rdi, %rsi

/*
 * The syscall callback (kernel mode, kernel stack from stack_switch):
 * rsp -> rcx (user rip), r11 (user rflags), rip, cs, rflags, rsp, ss.
 */
	.globl um_syscall_entry
um_syscall_entry:
	incq	um_syscalls(%rip)
	mov	%rax, um_last_rax(%rip)
	mov	24(%rsp), %rcx
	mov	%rcx, um_last_cs(%rip)
	mov	%gs:0, %rcx
	mov	%rcx, um_gs_in_kernel(%rip)
	cmp	$99, %rax
	je	1f
	BOUNCE_RETURN VGCF_in_syscall	/* back to user, after the syscall */
1:	mov	saved_rsp(%rip), %rsp	/* syscall 99: back into um_enter */
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

/* #UD and int $0x80 from user mode: count, record CS, resume after. */
	.globl um_trap_entry, um_int80_entry
um_trap_entry:
	addq	$2, 16(%rsp)		/* skip ud2 (rip is above rcx, r11) */
um_int80_entry:
	incq	um_traps(%rip)
	mov	24(%rsp), %rcx
	mov	%rcx, um_last_cs(%rip)
	BOUNCE_RETURN 0

/* User code: syscalls, an int $0x80, a #UD, reads %gs, then exits. */
	.globl um_user_code, um_gs_in_user
um_user_code:
	mov	$1, %eax
	syscall
	mov	$2, %eax
	syscall
	int	$0x80
	ud2
	mov	%gs:0, %rax
	mov	%rax, um_gs_in_user(%rip)
	mov	$99, %eax
	syscall
	ud2

	.data
um_gs_in_user: .quad 0

/* User code for the runstate case: spin um_spin_iters times, then exit. */
	.globl um_spin_code, um_spin_iters
um_spin_code:
	mov	um_spin_iters(%rip), %rcx
1:	dec	%rcx
	jnz	1b
	mov	$99, %eax
	syscall
	ud2

	.data
um_spin_iters: .quad 0
