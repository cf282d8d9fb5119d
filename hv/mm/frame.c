/* The frame table: one struct page_info per machine frame. */
#include "mm.h"

struct page_info *frame_table;
unsigned long frame_table_size;

unsigned long frame_table_frames(uint64_t max_addr)
{
	uint64_t frames = (max_addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
	uint64_t bytes = frames * sizeof(struct page_info);

	return (unsigned long)((bytes + PAGE_SIZE - 1) >> PAGE_SHIFT);
}
