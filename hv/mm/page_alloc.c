/* The hypervisor's frame heap: boot-time RAM accounting and page allocation. */
#include "types.h"
#include "mm.h"
#include "page_alloc.h"
#include "panic.h"
#include "asm/layout.h"

static struct buddy heap;

void mem_ranges_sort(struct mem_range *r, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		struct mem_range x = r[i];
		unsigned int j = i;

		for (; j > 0 && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

static bool overlaps_used(paddr_t s, paddr_t e, const struct mem_range *used,
			  unsigned int n, paddr_t *below)
{
	for (unsigned int i = 0; i < n; i++) {
		if (used[i].start < e && s < used[i].end) {
			*below = used[i].start;
			return true;
		}
	}
	return false;
}

paddr_t mem_find_free(const struct boot_info *bi, const struct mem_range *used,
		      unsigned int nr_used, uint64_t size, uint64_t align,
		      paddr_t limit)
{
	paddr_t best = 0;

	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem *m = &bi->mem[i];
		paddr_t lo = m->base, hi = MIN(m->base + m->len, limit);
		paddr_t s, below;

		if (m->type != E820_RAM || hi <= lo || hi - lo < size)
			continue;
		s = ALIGN_DOWN(hi - size, align);
		while (s >= lo && s > best) {
			if (!overlaps_used(s, s + size, used, nr_used, &below)) {
				best = s;
				break;
			}
			if (below < size)
				break;
			s = ALIGN_DOWN(below - size, align);
		}
	}
	return best;
}

void page_alloc_init(struct page_info *table, unsigned long nr_frames)
{
	buddy_init(&heap, table, nr_frames);
}

static unsigned long add_frames(paddr_t s, paddr_t e)
{
	mfn_t first = ALIGN_UP(s, PAGE_SIZE) >> PAGE_SHIFT;
	mfn_t last = e >> PAGE_SHIFT;

	if (last <= first)
		return 0;
	buddy_add_range(&heap, first, last - first);
	return last - first;
}

unsigned long page_alloc_add_ram(const struct boot_info *bi,
				 const struct mem_range *used,
				 unsigned int nr_used, paddr_t lo, paddr_t hi)
{
	unsigned long added = 0;

	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem *m = &bi->mem[i];
		paddr_t s = MAX(m->base, lo), e = MIN(m->base + m->len, hi);

		if (m->type != E820_RAM || s >= e)
			continue;
		/* Walk the sorted used ranges, adding the gaps between them. */
		for (unsigned int u = 0; u < nr_used && s < e; u++) {
			if (used[u].end <= s || used[u].start >= e)
				continue;
			if (used[u].start > s)
				added += add_frames(s, used[u].start);
			s = MAX(s, used[u].end);
		}
		if (s < e)
			added += add_frames(s, e);
	}
	return added;
}

unsigned long page_alloc_free_frames(void)
{
	return buddy_nr_free(&heap);
}

void *alloc_xenheap_pages(unsigned int order)
{
	mfn_t mfn = buddy_alloc(&heap, order);

	return mfn == INVALID_MFN ? NULL : mfn_to_virt(mfn);
}

void free_xenheap_pages(void *va, unsigned int order)
{
	if (va)
		BUG_ON(buddy_free(&heap, virt_to_maddr(va) >> PAGE_SHIFT, order));
}
