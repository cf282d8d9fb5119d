/* Machine memory: the frame table, the buddy allocator, the xenheap. */
#ifndef HV_MM_H
#define HV_MM_H

#include "types.h"
#include "list.h"
#include "spinlock.h"
#include <xen/xen.h>        /* DOMID_XEN, DOMID_INVALID */

/* count_info: general reference count in the low bits, PGC_* flags above. */
#define PGC_count_width 32
#define PGC_count_mask  ((1UL << PGC_count_width) - 1)
#define PGC_allocated   (1UL << 63)     /* owner holds an allocation reference */
/*
 * Owned by DOMID_XEN and shared read-only with every guest (M2P frames):
 * an L1 entry of any domain may map it without _PAGE_RW (page_type.c).
 */
#define PGC_xen_shared  (1UL << 62)

/* page_info.flags: the allocator's view of a frame. */
#define PGF_FREE      0x01      /* in a free block of the buddy allocator */
#define PGF_RESERVED  0x02      /* never handed to the allocator */

struct page_info {
	struct list_head list;      /* free list, or the owner's page list */
	unsigned long count_info;   /* general reference count + PGC_* flags */
	unsigned long type_info;    /* PGT_* type (high bits) + type count (low bits) */
	uint16_t owner;             /* domain id, DOMID_XEN or DOMID_INVALID */
	uint8_t order;              /* buddy order, valid on the head of a free block */
	uint8_t flags;              /* PGF_FREE, PGF_RESERVED */
	/*
	 * Xen's linear_pt_count (page_type.c): > 0, entries of this table
	 * that map other tables of its own level; < 0, such entries elsewhere
	 * that map this table. Zero for every frame that is not a page table.
	 */
	int16_t linear_pt_count;
};

/* hv/mm/frame.c: one page_info per machine frame, indexed by mfn. */
extern struct page_info *frame_table;
extern unsigned long frame_table_size;  /* entries */

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
	return frame_table + mfn;
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
	return (mfn_t)(pg - frame_table);
}

/* Pages needed for a frame table covering machine addresses [0, max_addr). */
unsigned long frame_table_frames(uint64_t max_addr);

/* hv/mm/buddy.c */
#define MAX_ORDER 18

struct buddy {
	struct list_head free[MAX_ORDER + 1];
	unsigned long nr_free;
	struct page_info *table;
	unsigned long nr_frames;
	spinlock_t lock;
};

/* Takes over table[0, nr_frames); all frames start reserved. */
void buddy_init(struct buddy *b, struct page_info *table, unsigned long nr_frames);
/*
 * Hands frames [start, start + nr) to the allocator (clipped to the
 * table; frames not currently reserved are skipped).
 */
void buddy_add_range(struct buddy *b, mfn_t start, unsigned long nr);
/* INVALID_MFN if none; the block is marked allocated, owner DOMID_XEN. */
mfn_t buddy_alloc(struct buddy *b, unsigned int order);
/* 0, or -EINVAL: out of range, misaligned, or not allocated (double free). */
int buddy_free(struct buddy *b, mfn_t mfn, unsigned int order);
unsigned long buddy_nr_free(const struct buddy *b);

/* The xenheap: direct-mapped pages (hv/mm/page_alloc.c, arch code). */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);

#endif
