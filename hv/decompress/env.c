/* The hypervisor's decompression environment: xenheap buffers, xmalloc state. */
#include "decompress.h"
#include "lx.h"
#include "mm.h"
#include "xmalloc.h"

void *decomp_alloc(size_t len)
{
	return xmalloc_bytes(len);
}

void decomp_free(void *p)
{
	xfree(p);
}

/* The smallest order of pages holding len bytes, or -1 above MAX_ORDER. */
static int order_of(size_t len)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < len)
		if (++order > MAX_ORDER)
			return -1;
	return (int)order;
}

/*
 * Decompression output: one physically contiguous xenheap block, so the
 * image is flat in the direct map (tens of MiB for a real kernel, freed
 * once the domain is built). NULL when the heap has no such block.
 */
static void *hv_alloc(void *ctx, size_t len)
{
	int order = order_of(len);

	return order < 0 ? NULL : alloc_xenheap_pages((unsigned int)order);
}

static void hv_free(void *ctx, void *p, size_t len)
{
	int order = order_of(len);

	if (p && order >= 0)
		free_xenheap_pages(p, (unsigned int)order);
}

const struct builder_decomp hv_builder_decomp = {
	.ctx = NULL,
	.alloc = hv_alloc,
	.free = hv_free,
	.decompress = decompress_image,
};
