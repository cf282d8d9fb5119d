/* Assembly macros for test-kernel trap handlers: Xen's iret hypercall. */
#ifndef PVGUEST_RT_PV_ASM_H
#define PVGUEST_RT_PV_ASM_H

#include <xen/xen.h>

/*
 * With flags, rip, cs, rflags, rsp, ss on the stack, push the rest of
 * Xen's iret_context {rax, r11, rcx, flags, ...} and make the iret
 * hypercall. Does not return.
 */
	.macro XEN_IRET
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2
	.endm

/*
 * At a handler's entry with no error code, rsp points at Xen's bounce
 * frame {rcx, r11, rip, cs, rflags, rsp, ss}: restore rcx/r11 and return
 * through the iret hypercall with the given iret flags.
 */
	.macro BOUNCE_RETURN flags
	pop	%rcx
	pop	%r11
	pushq	$\flags
	XEN_IRET
	.endm

/* iret from guest kernel mode into guest user mode at rip, with rsp. */
	.macro ENTER_USER rip, rsp
	pushq	$FLAT_RING3_SS64
	push	\rsp
	pushq	$0x202			/* rflags: IF */
	pushq	$FLAT_RING3_CS64	/* RPL 3: user mode */
	push	\rip
	pushq	$0			/* flags */
	XEN_IRET
	.endm

#endif
