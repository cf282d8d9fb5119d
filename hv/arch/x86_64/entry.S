/* Interrupt and exception entry stubs: build cpu_user_regs, call C. */

	.section .text, "ax"
	.code64

/* One 16-byte stub per vector; the CPU pushes an error code only for
 * vectors 8, 10-14, 17, 21, 29 and 30. */
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

common_entry:
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
	/* Frame pointer chain for backtraces starts at the interrupted rbp. */
	call	do_entry
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
	iretq
