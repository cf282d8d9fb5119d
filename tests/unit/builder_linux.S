/* Test kernel for the builder: notes as Linux's xen-head.S declares them. */
#define NOTE_SECTION .note.Xen
#include "builder_elfnote.h"

	.text
	.globl startup_xen
	.byte 0xf4                      /* entry is not the first byte */
startup_xen:
	cld
	mov %rsi, %rbx
	hlt
	.balign 4096
	.ascii "TEXT-PAGE-2"            /* a second text page */
	.fill 100, 1, 0x90

	.data
	.globl data_marker
data_marker:
	.ascii "DATA-MARKER"

	.bss
	.globl bss_start
bss_start:
	.skip 3 * 4096 + 123            /* memsz > filesz, several pages */

	ELFNOTE 6, .asciz "linux"                        /* GUEST_OS */
	ELFNOTE 7, .asciz "2.6"                          /* GUEST_VERSION */
	ELFNOTE 5, .asciz "xen-3.0"                      /* XEN_VERSION */
	ELFNOTE 3, .quad 0xffffffff80000000              /* VIRT_BASE */
	ELFNOTE 4, .quad 0                               /* PADDR_OFFSET */
	ELFNOTE 1, .quad startup_xen                     /* ENTRY */
	ELFNOTE 15, .quad 0x8000000000                   /* INIT_P2M */
	/* .ascii as in Linux: the NUL is the note's padding, not in descsz. */
	ELFNOTE 10, .ascii "!writable_page_tables|pae_pgdir_above_4gb"
	ELFNOTE 17, .long 0x8801                         /* SUPPORTED_FEATURES */
	ELFNOTE 9, .asciz "yes"                          /* PAE_MODE */
	ELFNOTE 8, .asciz "generic"                      /* LOADER */
	ELFNOTE 13, .quad 1, 1                           /* L1_MFN_VALID */
	ELFNOTE 14, .long 1                              /* SUSPEND_CANCEL */
	ELFNOTE 16, .long 1                              /* MOD_START_PFN */
	ELFNOTE 12, .quad 0xffff800000000000             /* HV_START_LOW */
