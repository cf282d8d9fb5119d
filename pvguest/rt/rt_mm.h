/* Test-kernel helpers for the guest's own page tables and free frames. */
#ifndef PVGUEST_RT_MM_H
#define PVGUEST_RT_MM_H

#include "rt.h"

#define RT_VIRT_BASE 0xffffffff80000000UL
#define RT_M2P       ((const unsigned long *)0xffff800000000000UL)
#define RT_ADDR_MASK 0x000ffffffffff000UL
#define rt_va_of(pfn) (RT_VIRT_BASE + ((unsigned long)(pfn) << 12))

/* The p2m (pfn -> mfn) the builder gave us. */
static inline unsigned long rt_mfn(unsigned long pfn)
{
	return ((unsigned long *)rt_start_info->mfn_list)[pfn];
}

/* The read-only view of the table a page-table entry points at. */
uint64_t *rt_table_of(uint64_t e);

/* Pages the bootstrap tables map (whole 2 MiB steps of the one L2). */
unsigned long rt_region_pages(void);

/* Machine address of the L1 entry mapping va; *val gets its value. */
uint64_t rt_l1e_maddr(unsigned long va, uint64_t *val);

/* update_va_mapping(va, val, flags). */
long rt_uvm(unsigned long va, uint64_t val, unsigned long flags);

/* System time (ns) from a pvclock record, with the version protocol. */
uint64_t rt_system_time(const volatile struct vcpu_time_info *t);

/* SCHEDOP_yield. */
void rt_yield(void);

/*
 * Wait (yielding) until port's pending bit in si is set, then clear it:
 * true, or false after limit yields (a bound for liveness, not a time).
 */
bool rt_wait_port(volatile struct shared_info *si, uint32_t port,
		  unsigned long limit);

/* shared_info mapped writable at the region's last (padding) page. */
struct shared_info *rt_map_shared_info(void);

/*
 * Fill free frame pfn through the region's last (scratch) page: zero it,
 * copy n bytes of src at byte off, and if idx >= 0 set 8-byte entry idx to
 * e (a page-table entry). The scratch page's mapping is put back.
 */
void rt_fill_frame(unsigned long pfn, const void *src, size_t n, size_t off,
		   int idx, uint64_t e);

/* One mmuext_op with up to two arguments. */
long rt_mmuext(unsigned int cmd, unsigned long arg1, unsigned long arg2);

#endif
