/* Guest memory copies that survive faults (see asm/uaccess.h). */

	.section .text, "ax"
	.code64

/*
 * unsigned long __copy_user(void *dst, const void *src, unsigned long len)
 * rdi = dst, rsi = src, rdx = len. Returns the bytes left uncopied.
 */
	.globl __copy_user
__copy_user:
	mov	%rdx, %rcx
1:	rep movsb
	mov	%rcx, %rax
	ret
2:	mov	%rcx, %rax		/* fault: rcx counts what is left */
	ret

	.section .ex_table, "a"
	.balign 4
	.long 1b - ., 2b - .
