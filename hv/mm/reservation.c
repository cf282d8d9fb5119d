/* Memory reservations: giving frames back (Xen's guest_remove_page) and the memop limits. */
#include "reservation.h"
#include "page_type.h"
#include "page_table.h"
#include "errno.h"
#include <xen/memory.h>

unsigned int memop_max_order(const struct domain *caller)
{
	unsigned int order = DOMU_MAX_ORDER;

	if (caller->is_privileged && order < CTLDOM_MAX_ORDER)
		order = CTLDOM_MAX_ORDER;
	return order < MAX_ORDER ? order : MAX_ORDER;
}

/* Xen's get_order_from_pages(): the least order with 2^order >= n. */
static unsigned int order_from_pages(unsigned long n)
{
	unsigned int order = 0;

	while (order < 63 && (1UL << order) < n)
		order++;
	return order;
}

int memop_address_bits(unsigned int mem_flags, unsigned long max_page,
		       unsigned int *bits)
{
	unsigned int b = XENMEMF_get_address_bits(mem_flags);

	*bits = 0;
	if (b && b < order_from_pages(max_page) + PAGE_SHIFT) {
		if (b <= PAGE_SHIFT)
			return -EINVAL;
		*bits = b;
	}
	return 0;
}

int guest_remove_page(struct domain *d, unsigned long gmfn)
{
	struct page_info *pg;

	if (!mfn_valid(gmfn))
		return -EINVAL;
	pg = mfn_to_page(gmfn);
	if (!get_page(pg, d))
		return -ENXIO;
	if (gmfn == d->shared_info_mfn || list_empty(&pg->list)) {
		put_page(pg);
		return -EBUSY;
	}
	if (__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
	    PGT_pinned)
		put_page_and_type(pg);                  /* the pin's references */
	if (__atomic_fetch_and(&pg->count_info, ~PGC_allocated,
			       __ATOMIC_ACQ_REL) & PGC_allocated)
		put_page(pg);
	put_page(pg);
	return 0;
}

bool memop_page_exchangeable(const struct domain *d, unsigned long mfn)
{
	const struct page_info *pg;

	if (!mfn_valid(mfn))
		return false;
	pg = mfn_to_page(mfn);
	return pg->owner == d->domain_id && mfn != d->shared_info_mfn &&
	       !list_empty(&pg->list) && !(pg->count_info & PGC_xen_shared) &&
	       (pg->count_info & (PGC_count_mask | PGC_allocated)) ==
	       (PGC_allocated | 1) && !(pg->type_info & PGT_count_mask);
}
