/* The hypervisor's own page tables: image, direct map, ioremap. */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include "types.h"
#include "boot.h"
#include "pte.h"

#define PAGE_HYPERVISOR_RX  (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PAGE_HYPERVISOR_RO  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_HYPERVISOR_RW  (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			     _PAGE_DIRTY | _PAGE_NX)
#define PAGE_HYPERVISOR_UC  (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

/* The hypervisor's L4, whose slots 256-271 every guest L4 will share. */
extern uint64_t *idle_pg_table;

/*
 * Build the final tables (image with per-section rights, direct map of
 * every RAM region of bi up to max_addr) and switch to them: the boot
 * identity map is gone afterwards.
 */
void paging_init(const struct boot_info *bi, paddr_t max_addr);

/* Extend the direct map to RAM in [lo, hi) (after paging_init). */
void paging_map_ram(const struct boot_info *bi, paddr_t lo, paddr_t hi);

/* Map len bytes of device memory at pa uncached; NULL if out of space. */
void *ioremap(paddr_t pa, size_t len);

/* Map nr 4 KiB frames at va in l4, allocating tables; 0 or -ENOMEM. */
int map_pages(uint64_t *l4, vaddr_t va, paddr_t pa, unsigned long nr,
	      uint64_t flags);

#endif
