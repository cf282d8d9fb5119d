/* Test kernels for the builder: ELFNOTE type, value into NOTE_SECTION. */
	.macro ELFNOTE type, desc:vararg
	.pushsection NOTE_SECTION, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
	.endm
