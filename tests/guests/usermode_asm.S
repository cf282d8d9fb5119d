/* Guest user mode for the usermode test kernel: entry, callbacks, user code. */
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS   0xe02b
#define VGCF_in_syscall (1 << 8)

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
	pushq	$FLAT_RING3_DS		/* ss */
	push	%rsi			/* rsp */
	pushq	$0x202			/* rflags: IF */
	pushq	$FLAT_RING3_CS64	/* cs, RPL 3: user mode */
	push	%rdi			/* rip */
	pushq	$0			/* flags */
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall
	ud2

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
	pop	%rcx
	pop	%r11
	pushq	$VGCF_in_syscall
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax		/* back to user, after the syscall */
	syscall
	ud2
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
	pop	%rcx
	pop	%r11
	pushq	$0
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax
	syscall
	ud2

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
