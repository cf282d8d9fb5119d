/* ABI test shim: only assembler macros come from here; none are used. */
