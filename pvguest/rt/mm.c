/* Test-kernel helpers for the guest's own page tables (see rt_mm.h). */
#include "rt_mm.h"

/* Through the M2P: the table's pfn, then its VA in the region. */
uint64_t *rt_table_of(uint64_t e)
{
	return (uint64_t *)rt_va_of(RT_M2P[(e & RT_ADDR_MASK) >> 12]);
}

unsigned long rt_region_pages(void)
{
	uint64_t *l4 = (uint64_t *)rt_start_info->pt_base;
	uint64_t *l2 = rt_table_of(rt_table_of(l4[511])[510]);
	unsigned long n = 0;

	for (unsigned int slot = 0; slot < 512 && (l2[slot] & 1); slot++)
		n += 512;
	return n;
}

uint64_t rt_l1e_maddr(unsigned long va, uint64_t *val)
{
	uint64_t *l4 = (uint64_t *)rt_start_info->pt_base;
	uint64_t *l3 = rt_table_of(l4[(va >> 39) & 511]);
	uint64_t *l2 = rt_table_of(l3[(va >> 30) & 511]);
	uint64_t l2e = l2[(va >> 21) & 511];
	uint64_t *l1 = rt_table_of(l2e);

	if (val)
		*val = l1[(va >> 12) & 511];
	return (l2e & RT_ADDR_MASK) | (((va >> 12) & 511) * 8);
}

long rt_uvm(unsigned long va, uint64_t val, unsigned long flags)
{
	return HYPERCALL3(__HYPERVISOR_update_va_mapping, va, val, flags);
}

long rt_mmuext(unsigned int cmd, unsigned long arg1, unsigned long arg2)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	op.arg2.src_mfn = arg2;
	return rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			    DOMID_SELF, 0);
}

struct shared_info *rt_map_shared_info(void)
{
	unsigned long va = rt_va_of(rt_region_pages() - 1);

	rt_expect(rt_uvm(va, (rt_start_info->shared_info & RT_ADDR_MASK) | 3,
			 UVMF_INVLPG), 0);
	return (struct shared_info *)va;
}

void rt_fill_frame(unsigned long pfn, const void *src, size_t n, size_t off,
		   int idx, uint64_t e)
{
	unsigned long S = rt_va_of(rt_region_pages() - 1);
	uint64_t old;

	rt_l1e_maddr(S, &old);
	rt_expect(rt_uvm(S, (rt_mfn(pfn) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		((uint64_t *)S)[i] = 0;
	for (size_t i = 0; i < n; i++)
		((uint8_t *)S)[off + i] = ((const uint8_t *)src)[i];
	if (idx >= 0)
		((uint64_t *)S)[idx] = e;
	rt_expect(rt_uvm(S, old, UVMF_INVLPG | UVMF_LOCAL), 0);
}
