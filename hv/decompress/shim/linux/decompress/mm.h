/* Shim for Linux's lib/ decompressors: their malloc() is the environment's. */
#ifndef SHIM_DECOMPR_MM_H
#define SHIM_DECOMPR_MM_H

/*
 * Replaces Linux's include/linux/decompress/mm.h (a bump allocator over
 * a preboot heap): state comes from decomp_alloc() (hv/decompress/env.c
 * in the hypervisor, the test's own in the unit tests).
 */
#include <linux/types.h>

void *decomp_alloc(size_t len);
void decomp_free(void *p);

#define malloc(a)       decomp_alloc(a)
#define free(a)         decomp_free(a)
#define large_malloc(a) decomp_alloc(a)
#define large_free(a)   decomp_free(a)
#define INIT

#endif
