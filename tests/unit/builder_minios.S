/* Test kernel for the builder: Mini-OS style, notes only in a section. */
#define NOTE_SECTION .note.minios
#include "builder_elfnote.h"

	.text
	.globl _start, shared_info, hypercall_page
_start:
	cld
	hlt
	.org 0x1000
shared_info:
	.org 0x2000
hypercall_page:
	.fill 4096, 1, 0x55             /* the builder must overwrite it */

	.bss
	.skip 5000

	/* A foreign note first: it must be skipped. */
	.pushsection .note.minios, "a", @note
	.long 4, 4, 1
	.asciz "GNU"
	.long 0x12345678
	.popsection

	ELFNOTE 6, .asciz "Mini-OS"                      /* GUEST_OS */
	ELFNOTE 8, .asciz "generic"                      /* LOADER */
	ELFNOTE 5, .asciz "xen-3.0"                      /* XEN_VERSION */
	ELFNOTE 3, .quad 0                               /* VIRT_BASE */
	ELFNOTE 4, .quad 0                               /* PADDR_OFFSET */
	ELFNOTE 2, .quad hypercall_page                  /* HYPERCALL_PAGE */
	ELFNOTE 1, .quad _start                          /* ENTRY */
	ELFNOTE 10, .asciz "writable_page_tables|bogus_optional"
