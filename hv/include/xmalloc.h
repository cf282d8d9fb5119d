/* xmalloc(): the hypervisor's small-object allocator. */
#ifndef HV_XMALLOC_H
#define HV_XMALLOC_H

#include "types.h"

#define XMALLOC_ALIGN 16

/*
 * Blocks of up to XMALLOC_MAX_SMALL bytes come from power-of-two size
 * classes (16..2048) carved from xenheap pages; bigger ones are whole
 * pages with a header. Results are 16-byte aligned; NULL when out of
 * memory. xfree(NULL) does nothing. Takes the xmalloc lock (irqsave).
 */
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

/* NULL if n * size overflows. */
static inline void *xmalloc_array_bytes(size_t size, size_t n)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return xmalloc_bytes(size * n);
}

static inline void *xzalloc_array_bytes(size_t size, size_t n)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return xzalloc_bytes(size * n);
}

#define xmalloc(T)          ((T *)xmalloc_bytes(sizeof(T)))
#define xzalloc(T)          ((T *)xzalloc_bytes(sizeof(T)))
#define xmalloc_array(T, n) ((T *)xmalloc_array_bytes(sizeof(T), (n)))
#define xzalloc_array(T, n) ((T *)xzalloc_array_bytes(sizeof(T), (n)))

#endif
