/* x86-64 page-table entry bits (4-level paging), shared by hv and the page-type core. */
#ifndef HV_PTE_H
#define HV_PTE_H

#include "types.h"

#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL      /* L2/L3: large page; L1: PAT */
#define _PAGE_PAT      0x080UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_AVAIL    0xe00UL      /* bits 9-11, free for software */
#define _PAGE_AVAIL_HIGH (0x7ffUL << 52)  /* bits 52-62, free for software */
#define _PAGE_NX       (1UL << 63)
#define PADDR_MASK     0x000ffffffffff000UL

/*
 * Xen marks guest-kernel L1 mappings with pte bit 52 because a 64-bit PV
 * kernel runs in ring 3, so _PAGE_USER is set on kernel and user pages alike.
 */
#define _PAGE_GUEST_KERNEL (1UL << 52)

#define L1_PAGETABLE_ENTRIES 512
#define L2_PAGETABLE_ENTRIES 512
#define L3_PAGETABLE_ENTRIES 512
#define L4_PAGETABLE_ENTRIES 512

static inline unsigned long pte_mfn(uint64_t pte)
{
	return (unsigned long)((pte & PADDR_MASK) >> 12);
}

#endif
