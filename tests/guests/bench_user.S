/* User-mode part of the bench kernel: timed syscall round trips. */
#include "pv_asm.h"

	.data
saved_rsp: .quad 0

	.text
/*
 * void bench_user(uint64_t *samples, long n, uint64_t user_rsp): enter user
 * mode, time n syscall round trips into samples, come back.
 */
	.globl bench_user
bench_user:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, saved_rsp(%rip)
	mov	%rdi, %r12		/* samples */
	mov	%rsi, %r13		/* n */
	lea	user_loop(%rip), %rax
	ENTER_USER %rax, %rdx

user_loop:				/* user mode: r12, r13 survive */
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rax, %rdx
	mov	%rdx, %r14
	mov	$1, %eax
	syscall
	lfence
	rdtsc
	lfence
	shl	$32, %rdx
	or	%rax, %rdx
	sub	%r14, %rdx
	mov	%rdx, (%r12)
	add	$8, %r12
	dec	%r13
	jnz	user_loop
	mov	$99, %eax
	syscall
	ud2

/* The syscall callback: 1 returns to user at once, 99 ends the run. */
	.globl bench_syscall_entry
bench_syscall_entry:
	cmp	$99, %rax
	je	1f
	BOUNCE_RETURN VGCF_in_syscall
1:	mov	saved_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
