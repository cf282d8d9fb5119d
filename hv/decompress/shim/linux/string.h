/* Shim for Linux's lib/ decompressors: the hypervisor's mem*() functions. */
#ifndef SHIM_LINUX_STRING_H
#define SHIM_LINUX_STRING_H

#include <linux/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Ours: lib/decompress_unxz.c then keeps its own out (#ifndef memmove). */
#define memmove memmove

#endif
