/* The hypervisor's frame heap, over the buddy core and the frame table. */
#ifndef HV_PAGE_ALLOC_H
#define HV_PAGE_ALLOC_H

#include "types.h"
#include "boot.h"

/* A physical range [start, end). */
struct mem_range {
	paddr_t start, end;
};

/* Sort ranges by start (few entries: insertion sort). */
void mem_ranges_sort(struct mem_range *r, unsigned int n);

/*
 * The highest-addressed run of size bytes (align-aligned) that is RAM in bi,
 * lies below limit and overlaps none of the used ranges; 0 if none.
 */
paddr_t mem_find_free(const struct boot_info *bi, const struct mem_range *used,
		      unsigned int nr_used, uint64_t size, uint64_t align,
		      paddr_t limit);

void page_alloc_init(struct page_info *table, unsigned long nr_frames);

/*
 * Give the allocator every whole frame of RAM in bi that lies in [lo, hi)
 * and outside the used ranges (sorted). Returns the frames added.
 */
unsigned long page_alloc_add_ram(const struct boot_info *bi,
				 const struct mem_range *used,
				 unsigned int nr_used, paddr_t lo, paddr_t hi);

unsigned long page_alloc_free_frames(void);

#endif
