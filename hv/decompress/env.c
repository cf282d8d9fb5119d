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
 * Frees pages [s, e) of a block at va that was allocated 2^order-aligned,
 * as the largest aligned buddy blocks that fit (offsets in the block are
 * as aligned as the frames themselves).
 */
static void free_run(uint8_t *va, unsigned long s, unsigned long e)
{
	while (s < e) {
		unsigned int o = 0;

		while (!(s & (1UL << o)) && s + (2UL << o) <= e)
			o++;
		free_xenheap_pages(va + s * PAGE_SIZE, o);
		s += 1UL << o;
	}
}

/*
 * Decompression output: one physically contiguous xenheap block, so the
 * image is flat in the direct map (tens of MiB for a real kernel, freed
 * once the domain is built). The power-of-two block's unused tail goes
 * back to the heap at once. NULL when the heap has no such block.
 */
static void *hv_alloc(void *ctx, size_t len)
{
	int order = order_of(len);
	uint8_t *p;

	if (order < 0)
		return NULL;
	p = alloc_xenheap_pages((unsigned int)order);
	if (p)
		free_run(p, (len + PAGE_SIZE - 1) / PAGE_SIZE, 1UL << order);
	return p;
}

static void hv_free(void *ctx, void *p, size_t len)
{
	if (p)
		free_run(p, 0, (len + PAGE_SIZE - 1) / PAGE_SIZE);
}

const struct builder_decomp hv_builder_decomp = {
	.ctx = NULL,
	.alloc = hv_alloc,
	.free = hv_free,
	.decompress = decompress_image,
};
