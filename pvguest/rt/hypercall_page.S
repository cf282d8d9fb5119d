/* Hypercalls through the hypervisor-filled hypercall page (older ABI). */
#include <xen/elfnote.h>

	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 4, 8, XEN_ELFNOTE_HYPERCALL_PAGE
	.asciz "Xen"
	.balign 4
	.quad hypercall_page
	.popsection

	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc		/* the builder overwrites this */

	.text
/*
 * long rt_hypercall(nr, a1, a2, a3, a4, a5): call stub nr (32 bytes each).
 * Numbers past the page's 128 stubs (the hostile tests) use raw syscall.
 */
	.globl rt_hypercall
rt_hypercall:
	mov	%rdi, %rax
	cmp	$128, %rax
	jae	1f
	shl	$5, %rax
	lea	hypercall_page(%rip), %r11
	add	%r11, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	jmp	*%rax
1:	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	syscall
	ret
