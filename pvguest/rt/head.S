/* Start of day for Xenolith's PV test kernels: Xen notes and _start. */
#include <xen/elfnote.h>

#define VIRT_BASE 0xffffffff80000000

/* One Xen ELF note: name "Xen", the given type, the given payload. */
#define ELFNOTE(type, payload...) \
	.pushsection .note.Xen, "a", @note;	\
	.balign 4;				\
	.long 2f - 1f;				\
	.long 4f - 3f;				\
	.long type;				\
1:	.asciz "Xen";				\
2:	.balign 4;				\
3:	payload;				\
4:	.balign 4;				\
	.popsection

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz "xenolith-test")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz "1")
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE)
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad 0)
	ELFNOTE(XEN_ELFNOTE_ENTRY, .quad _start)
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables|pae_pgdir_above_4gb")
	ELFNOTE(XEN_ELFNOTE_PAE_MODE, .asciz "yes")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz "generic")
	ELFNOTE(XEN_ELFNOTE_HV_START_LOW, .quad 0xffff800000000000)

	.section .text.head, "ax"
	.globl _start
_start:
	/* rsi = start_info, rsp = top of the builder's boot stack. */
	cld
	mov	%rsi, %rdi
	and	$~15, %rsp
	call	rt_start
	ud2
