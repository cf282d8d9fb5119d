/* Hypercalls as Linux 6.1 makes them: a raw `syscall` (no hypercall page). */

	.text
/*
 * long rt_hypercall(nr, a1, a2, a3, a4, a5): rdi = nr, rsi..r9 = args.
 * The hypervisor takes rax = nr and the args in rdi, rsi, rdx, r10, r8;
 * rcx and r11 are clobbered.
 */
	.globl rt_hypercall
rt_hypercall:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	syscall
	ret
