/* Trap handlers for the traps test kernel: record, then iret to resume. */

	.data
	.globl trap_vector, trap_error_code, trap_rip, trap_cs, trap_rflags
	.globl trap_count, trap_resume, trap_rsp
trap_vector:     .quad 0
trap_error_code: .quad 0
trap_rip:        .quad 0
trap_cs:         .quad 0
trap_rflags:     .quad 0
trap_rsp:        .quad 0
trap_count:      .quad 0
trap_resume:     .quad 0    /* nonzero: continue there instead */

	.text
/*
 * Entry: rsp -> rcx, r11, [error code], rip, cs, rflags, rsp, ss (Xen's
 * bounce frame). Rebuild the iret_context {rax, r11, rcx, flags, rip, cs,
 * rflags, rsp, ss} in place and make the iret hypercall.
 */
	.macro HANDLER name, vector, has_ec
	.globl \name
\name:
	pop	%rcx
	pop	%r11
	.if \has_ec
	popq	trap_error_code(%rip)
	.else
	movq	$-1, trap_error_code(%rip)
	.endif
	pushq	$0			/* flags */
	push	%rcx
	push	%r11
	push	%rax
	movq	$\vector, trap_vector(%rip)
	mov	32(%rsp), %rax
	mov	%rax, trap_rip(%rip)
	mov	40(%rsp), %rax
	mov	%rax, trap_cs(%rip)
	mov	48(%rsp), %rax
	mov	%rax, trap_rflags(%rip)
	mov	56(%rsp), %rax
	mov	%rax, trap_rsp(%rip)
	incq	trap_count(%rip)
	mov	trap_resume(%rip), %rax
	test	%rax, %rax
	jz	1f
	mov	%rax, 32(%rsp)
	movq	$0, trap_resume(%rip)
	/* Resume in 64-bit code: the frame's CS may be 32-bit (0xe020);
	 * the iret keeps it as given (RPL 3 forced), so make it 0xe030 with
	 * the frame's RPL. */
	andq	$3, 40(%rsp)
	orq	$0xe030, 40(%rsp)
1:	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall
	ud2
	.endm

	HANDLER handle_de, 0, 0
	HANDLER handle_db, 1, 0
	HANDLER handle_sc32, 0x132, 0
	HANDLER handle_sysenter, 0x134, 0
	HANDLER handle_bp, 3, 0
	HANDLER handle_ud, 6, 0
	HANDLER handle_nm, 7, 0
	HANDLER handle_gp, 13, 1
	HANDLER handle_pf, 14, 1
	HANDLER handle_int80, 0x80, 0
	HANDLER handle_int81, 0x81, 0
