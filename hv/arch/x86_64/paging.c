/* Hypervisor page tables: the image, the direct map and ioremap. */
#include "types.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "mm.h"
#include "panic.h"
#include "spinlock.h"
#include "asm/layout.h"
#include "asm/paging.h"
#include "asm/processor.h"

#define L2_SIZE    (1UL << 21)
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

uint64_t *idle_pg_table;
static vaddr_t ioremap_next = IOREMAP_VIRT_START;
/* Serialises changes to the hypervisor's own tables and ioremap_next. */
static DEFINE_SPINLOCK(pt_lock);

extern char _start[], _etext[], _sdata[], _end[];

static inline unsigned int pt_index(vaddr_t va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & 511;
}

/*
 * The next-level table under entry idx of t, allocated when absent. user:
 * the path must be reachable from ring 3 (only the guests' read-only M2P
 * slot is).
 */
static uint64_t *next_table(uint64_t *t, unsigned int idx, bool user)
{
	if (!(t[idx] & _PAGE_PRESENT)) {
		uint64_t *n = alloc_xenheap_pages(0);

		if (!n)
			return NULL;
		memset(n, 0, PAGE_SIZE);
		t[idx] = virt_to_maddr(n) | TABLE_FLAGS | (user ? _PAGE_USER : 0);
	}
	BUG_ON(t[idx] & _PAGE_PSE);
	return maddr_to_virt(t[idx] & PADDR_MASK);
}

static int map_pages_locked(uint64_t *l4, vaddr_t va, paddr_t pa,
			    unsigned long nr, uint64_t flags)
{
	for (unsigned long i = 0; i < nr; i++, va += PAGE_SIZE, pa += PAGE_SIZE) {
		bool user = flags & _PAGE_USER;
		uint64_t *l3 = next_table(l4, pt_index(va, 4), user);
		uint64_t *l2 = l3 ? next_table(l3, pt_index(va, 3), user) : NULL;
		uint64_t *l1 = l2 ? next_table(l2, pt_index(va, 2), user) : NULL;

		if (!l1)
			return -ENOMEM;
		l1[pt_index(va, 1)] = pa | flags;
		invlpg((void *)va);
	}
	return 0;
}

int map_pages(uint64_t *l4, vaddr_t va, paddr_t pa, unsigned long nr,
	      uint64_t flags)
{
	unsigned long irq = spin_lock_irqsave(&pt_lock);
	int rc = map_pages_locked(l4, va, pa, nr, flags);

	spin_unlock_irqrestore(&pt_lock, irq);
	return rc;
}

/* Map [pa, pa + len) at va with 2 MiB pages where alignment allows. */
static int map_range(uint64_t *l4, vaddr_t va, paddr_t pa, uint64_t len,
		     uint64_t flags)
{
	while (len) {
		if (IS_ALIGNED(va, L2_SIZE) && IS_ALIGNED(pa, L2_SIZE) &&
		    len >= L2_SIZE) {
			uint64_t *l3 = next_table(l4, pt_index(va, 4), false);
			uint64_t *l2 = l3 ? next_table(l3, pt_index(va, 3), false) : NULL;

			if (!l2)
				return -ENOMEM;
			l2[pt_index(va, 2)] = pa | flags | _PAGE_PSE;
			va += L2_SIZE;
			pa += L2_SIZE;
			len -= L2_SIZE;
		} else {
			if (map_pages_locked(l4, va, pa, 1, flags))
				return -ENOMEM;
			va += PAGE_SIZE;
			pa += PAGE_SIZE;
			len -= PAGE_SIZE;
		}
	}
	return 0;
}

void paging_map_ram(const struct boot_info *bi, paddr_t lo, paddr_t hi)
{
	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem *m = &bi->mem[i];
		paddr_t s = ALIGN_UP(m->base, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(m->base + m->len, PAGE_SIZE);

		if (m->type != E820_RAM)
			continue;
		s = MAX(s, lo);
		e = MIN(e, hi);
		if (s >= e)
			continue;
		unsigned long irq = spin_lock_irqsave(&pt_lock);
		int rc = map_range(idle_pg_table, DIRECTMAP_VIRT_START + s, s,
				   e - s, PAGE_HYPERVISOR_RW);

		spin_unlock_irqrestore(&pt_lock, irq);
		if (rc)
			panic("out of memory building the direct map");
	}
}

/* Image: text read-execute, rodata read-only, data and bss read-write. */
static void map_image(void)
{
	vaddr_t va = (vaddr_t)_start;

	for (; va < (vaddr_t)_end; va += PAGE_SIZE) {
		uint64_t flags = va < (vaddr_t)_etext ? PAGE_HYPERVISOR_RX :
				 va < (vaddr_t)_sdata ? PAGE_HYPERVISOR_RO :
				 PAGE_HYPERVISOR_RW;

		if (map_pages(idle_pg_table, va, va - XEN_VIRT_START, 1, flags))
			panic("out of memory mapping the image");
	}
}

void paging_init(const struct boot_info *bi, paddr_t max_addr)
{
	idle_pg_table = alloc_xenheap_pages(0);
	BUG_ON(!idle_pg_table);
	memset(idle_pg_table, 0, PAGE_SIZE);
	map_image();
	paging_map_ram(bi, 0, max_addr);
	write_cr3(virt_to_maddr(idle_pg_table));
}

void *ioremap(paddr_t pa, size_t len)
{
	paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	unsigned long nr = (ALIGN_UP(pa + len, PAGE_SIZE) - base) >> PAGE_SHIFT;
	unsigned long irq = spin_lock_irqsave(&pt_lock);
	vaddr_t va = ioremap_next;
	void *ret = NULL;

	if (va + (nr << PAGE_SHIFT) <= IOREMAP_VIRT_END &&
	    !map_pages_locked(idle_pg_table, va, base, nr, PAGE_HYPERVISOR_UC)) {
		ioremap_next += nr << PAGE_SHIFT;
		ret = (void *)(va + (pa - base));
	}
	spin_unlock_irqrestore(&pt_lock, irq);
	return ret;
}

/* Every guest L4 shares the hypervisor's slots 256-271 (page_type.c hook). */
void pv_install_hypervisor_l4_slots(uint64_t *l4)
{
	for (unsigned int s = 256; s <= 271; s++)
		l4[s] = idle_pg_table[s];
}

void *map_domain_page(mfn_t mfn)
{
	return mfn_to_virt(mfn);
}

void unmap_domain_page(const void *va)
{
	(void)va;
}
