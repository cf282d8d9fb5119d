/* Shim for Linux's lib/ decompressors: the bit scans they use. */
#ifndef SHIM_LINUX_BITOPS_H
#define SHIM_LINUX_BITOPS_H

#define BITS_PER_LONG 64
/* Index of the lowest / highest set bit of a non-zero word. */
static inline unsigned long __ffs(unsigned long x) { return (unsigned long)__builtin_ctzl(x); }
static inline unsigned long __fls(unsigned long x) { return 63UL - (unsigned long)__builtin_clzl(x); }

#endif
