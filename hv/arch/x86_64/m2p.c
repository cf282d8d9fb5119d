/* The M2P table: one entry per machine frame, read-only to every guest. */
#include "types.h"
#include "log.h"
#include "mm.h"
#include "page_type.h"
#include "panic.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include "asm/paging.h"

static unsigned long *m2p;      /* the hypervisor's writable view */
static unsigned long m2p_entries;

void m2p_init(unsigned long nr_mfns)
{
	unsigned long pages = ALIGN_UP(nr_mfns * sizeof(*m2p), PAGE_SIZE) >> PAGE_SHIFT;
	unsigned int order = 0;
	mfn_t first;

	while ((1UL << order) < pages)
		order++;
	m2p = alloc_xenheap_pages(order);
	if (!m2p)
		panic("no memory for a %lu-page M2P table", pages);
	m2p_entries = ((1UL << order) << PAGE_SHIFT) / sizeof(*m2p);
	for (unsigned long i = 0; i < m2p_entries; i++)
		m2p[i] = INVALID_M2P_ENTRY;
	first = virt_to_maddr(m2p) >> PAGE_SHIFT;
	for (unsigned long i = 0; i < (1UL << order); i++)
		share_xen_page_ro(mfn_to_page(first + i));
	/* Guests (ring 3) read it; nobody writes through this mapping. */
	if (map_pages(idle_pg_table, RO_MPT_VIRT_START, first << PAGE_SHIFT,
		      1UL << order, _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED |
		      _PAGE_NX))
		panic("cannot map the M2P table");
	printk("M2P: %lu entries (%lu KiB) at %#lx, read-only for guests\n",
	       m2p_entries, (m2p_entries * 8) >> 10, RO_MPT_VIRT_START);
}

void m2p_set(mfn_t mfn, unsigned long pfn)
{
	if (mfn < m2p_entries)
		__atomic_store_n(&m2p[mfn], pfn, __ATOMIC_RELAXED);
}

unsigned long m2p_get(mfn_t mfn)
{
	return mfn < m2p_entries ? m2p[mfn] : INVALID_M2P_ENTRY;
}

unsigned long m2p_size(void)
{
	return m2p_entries;
}
