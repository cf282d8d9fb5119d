/* Xen's page-type core: general and type references, pinning, domain teardown. */
#include "page_type.h"
#include "page_table.h"
#include "errno.h"
#include "panic.h"

/*
 * Every counter here is changed with a compare-and-exchange loop on the
 * whole word, as Xen does, so the rules hold on SMP without a lock per
 * frame: a check and the increment it allows are one atomic step.
 */
static inline unsigned long load_ul(const unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline bool cmpxchg_ul(unsigned long *p, unsigned long *old,
			      unsigned long new)
{
	return __atomic_compare_exchange_n(p, old, new, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

bool mfn_valid(mfn_t mfn)
{
	return mfn < frame_table_size;
}

/*
 * Xen's page_get_owner_and_reference() followed by the owner check: take
 * a general reference unless the count is zero (free frame) or would
 * wrap, then keep it only if the frame belongs to owner.
 */
bool get_page_owned(struct page_info *pg, domid_t owner)
{
	unsigned long x = load_ul(&pg->count_info);

	do {
		if (((x + 1) & PGC_count_mask) <= 1)
			return false;
	} while (!cmpxchg_ul(&pg->count_info, &x, x + 1));
	if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) == owner)
		return true;
	put_page(pg);
	return false;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
	return get_page_owned(pg, d->domain_id);
}

struct page_info *get_page_from_mfn(mfn_t mfn, const struct domain *d)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return NULL;
	pg = mfn_to_page(mfn);
	return get_page(pg, d) ? pg : NULL;
}

/* put_page(); true if that was the last reference and the frame is gone. */
static bool put_page_last(struct page_info *pg)
{
	unsigned long x = load_ul(&pg->count_info), nx;

	do {
		BUG_ON(!(x & PGC_count_mask));
		nx = x - 1;
	} while (!cmpxchg_ul(&pg->count_info, &x, nx));
	if (nx & PGC_count_mask)
		return false;
	page_free_hook(pg);
	return true;
}

void put_page(struct page_info *pg)
{
	put_page_last(pg);
}

/* Contract in page_type.h. Xen's _get_page_type(), not preemptible. */
int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long x = load_ul(&pg->type_info), nx;
	bool retyped;
	int rc;

	BUG_ON(type & ~PGT_type_mask);
	for (;;) {
		nx = x + 1;
		if (!(nx & PGT_count_mask))
			return -EINVAL;                 /* type count overflow */
		if (!(x & PGT_count_mask)) {
			if ((x & PGT_type_mask) != type) {
				/* Nobody uses the old type: switch. */
				nx &= ~(PGT_type_mask | PGT_validated);
				nx |= type;
				if (!pt_type_level(type) &&
				    type != PGT_seg_desc_page)
					nx |= PGT_validated;
			}
		} else if ((x & PGT_type_mask) != type) {
			return -EINVAL;                 /* in use as another type */
		} else if (!(x & PGT_validated)) {
			/* Another CPU is (de)validating it: wait, then retry. */
			__builtin_ia32_pause();
			x = load_ul(&pg->type_info);
			continue;
		}
		if (cmpxchg_ul(&pg->type_info, &x, nx))
			break;
	}
	retyped = (x & PGT_type_mask) != type;
	if (retyped && type != PGT_writable_page)
		page_type_retyped(pg);
	if (nx & PGT_validated)
		return 0;
	/*
	 * We took the count from 0 to 1 on an unvalidated type: validate.
	 * Others wanting this type spin above until we finish.
	 */
	rc = alloc_page_type(pg, type);
	if (rc)
		__atomic_store_n(&pg->type_info, PGT_none, __ATOMIC_RELEASE);
	else
		__atomic_fetch_or(&pg->type_info, PGT_validated, __ATOMIC_RELEASE);
	return rc;
}

/*
 * Xen's _put_page_type(). ptpg, when not NULL, is the table whose entry
 * held this reference: if it has the same type as pg, the entry was a
 * linear one and the linear counts of both go down too.
 */
void put_page_type_from(struct page_info *pg, struct page_info *ptpg)
{
	unsigned long x = load_ul(&pg->type_info), nx;

	if (ptpg && !((x ^ load_ul(&ptpg->type_info)) & PGT_type_mask))
		dec_linear_refs(pg, ptpg);
	for (;;) {
		BUG_ON(!(x & PGT_count_mask));
		nx = x - 1;
		if (!(nx & PGT_count_mask) && pt_type_level(x & PGT_type_mask) &&
		    (x & PGT_validated)) {
			/*
			 * Last reference to a page table: clear PGT_validated
			 * while the count still holds it, so that getters wait,
			 * drop what its entries hold, then drop the count.
			 */
			nx = x & ~PGT_validated;
			if (!cmpxchg_ul(&pg->type_info, &x, nx))
				continue;
			free_page_type(pg, x & PGT_type_mask);
			__atomic_fetch_sub(&pg->type_info, 1, __ATOMIC_RELEASE);
			return;
		}
		if (cmpxchg_ul(&pg->type_info, &x, nx))
			return;
	}
}

void put_page_type(struct page_info *pg)
{
	put_page_type_from(pg, NULL);
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
		      unsigned long type)
{
	int rc;

	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

int get_page_and_type_from_mfn(mfn_t mfn, const struct domain *d,
			       unsigned long type)
{
	if (!mfn_valid(mfn))
		return -EINVAL;
	return get_page_and_type(mfn_to_page(mfn), d, type);
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}

void share_xen_page_ro(struct page_info *pg)
{
	pg->owner = DOMID_XEN;
	__atomic_store_n(&pg->type_info, PGT_none | PGT_validated | 1,
			 __ATOMIC_RELEASE);
	__atomic_store_n(&pg->count_info, PGC_allocated | PGC_xen_shared | 1,
			 __ATOMIC_RELEASE);
}

void share_xen_page_rw(struct page_info *pg, struct domain *d)
{
	pg->owner = d->domain_id;
	__atomic_store_n(&pg->type_info, PGT_writable_page | PGT_validated | 1,
			 __ATOMIC_RELEASE);
	__atomic_store_n(&pg->count_info, PGC_allocated | 1, __ATOMIC_RELEASE);
}

void unshare_xen_page(struct page_info *pg)
{
	if (__atomic_fetch_and(&pg->count_info, ~PGC_allocated,
			       __ATOMIC_ACQ_REL) & PGC_allocated)
		put_page(pg);
}

int pin_table(struct domain *d, mfn_t mfn, unsigned int level)
{
	struct page_info *pg;
	int rc;

	if (level < 1 || level > 4 || !mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	rc = get_page_and_type(pg, d, pt_level_type(level));
	if (rc)
		return rc;
	if (__atomic_fetch_or(&pg->type_info, PGT_pinned, __ATOMIC_ACQ_REL) &
	    PGT_pinned) {
		put_page_and_type(pg);                  /* already pinned */
		return -EINVAL;
	}
	return 0;
}

int unpin_table(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = get_page_from_mfn(mfn, d);

	if (!pg)
		return -EINVAL;
	if (!(__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
	      PGT_pinned)) {
		put_page(pg);
		return -EINVAL;
	}
	put_page_and_type(pg);                          /* the pin's references */
	put_page(pg);
	return 0;
}

/*
 * Xen's relinquish_memory() pass for one type: a table of type top still
 * validated is de-validated by force. Its type count stays; whoever holds
 * those references drops them later without a second de-validation.
 */
static void force_devalidate(struct domain *d, unsigned long top)
{
	struct list_head *p;

	list_for_each(p, &d->page_list) {
		struct page_info *pg = list_entry(p, struct page_info, list);
		unsigned long x = load_ul(&pg->type_info);

		while ((x & PGT_type_mask) == top && (x & PGT_validated)) {
			if (cmpxchg_ul(&pg->type_info, &x, x & ~PGT_validated)) {
				free_page_type(pg, top);
				break;
			}
		}
	}
}

/*
 * Contract in page_type.h. The caller guarantees nothing allocates to d
 * any more; references others hold are only waited for, never stolen.
 */
unsigned long domain_relinquish_pages(struct domain *d)
{
	unsigned long held = 0, flags;
	struct list_head *p;

	/*
	 * A reference on every listed frame first, so that none is freed
	 * (and taken off the list by page_free_hook) while the passes below
	 * walk the list: a frame the domain gave back (no PGC_allocated) may
	 * lose its last other reference when a table is de-validated.
	 */
	list_for_each(p, &d->page_list)
		BUG_ON(!get_page(list_entry(p, struct page_info, list), d));
	list_for_each(p, &d->page_list) {
		struct page_info *pg = list_entry(p, struct page_info, list);

		if (__atomic_fetch_and(&pg->type_info, ~PGT_pinned,
				       __ATOMIC_ACQ_REL) & PGT_pinned)
			put_page_and_type(pg);
	}
	force_devalidate(d, PGT_l4_page_table);
	force_devalidate(d, PGT_l3_page_table);
	force_devalidate(d, PGT_l2_page_table);

	for (;;) {
		struct page_info *pg;
		bool freed = false;

		flags = spin_lock_irqsave(&d->page_lock);
		if (list_empty(&d->page_list)) {
			spin_unlock_irqrestore(&d->page_lock, flags);
			break;
		}
		pg = list_first_entry(&d->page_list, struct page_info, list);
		list_del(&pg->list);
		spin_unlock_irqrestore(&d->page_lock, flags);

		if (__atomic_fetch_and(&pg->count_info, ~PGC_allocated,
				       __ATOMIC_ACQ_REL) & PGC_allocated)
			put_page(pg);
		freed = put_page_last(pg);      /* the reference taken above */
		flags = spin_lock_irqsave(&d->page_lock);
		if (freed)
			d->tot_pages--;
		else
			held++;
		spin_unlock_irqrestore(&d->page_lock, flags);
	}
	return held;
}
