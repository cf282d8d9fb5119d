/* Event upcall entry for test kernels: call upcall_c(), then iret. */

	.text
/*
 * Entry: rsp -> rcx, r11, rip, cs, rflags, rsp, ss (Xen's bounce frame,
 * events masked). Rebuild it as the iret_context {rax, r11, rcx, flags,
 * rip, cs, rflags, rsp, ss}, save what C may clobber, call upcall_c and
 * make the iret hypercall, which unmasks events if the frame says so.
 */
	.globl upcall_entry
upcall_entry:
	pop	%rcx
	pop	%r11
	pushq	$0			/* flags */
	push	%rcx
	push	%r11
	push	%rax
	push	%rdi
	push	%rsi
	push	%rdx
	push	%r8
	push	%r9
	push	%r10
	call	upcall_c
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdx
	pop	%rsi
	pop	%rdi
	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall
	ud2
