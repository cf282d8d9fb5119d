/* Grant mappings in PV L1 tables: create, replace and steal entries (Xen's pv/grant_table.c). */
#include "page_table.h"
#include "errno.h"

/*
 * A grant entry is written without get_page_from_l1e(): the grant core
 * took its references (a general one, and a writable type one for a
 * writable mapping) before, and from then on the entry holds them like
 * any other L1 entry does. So whoever removes the entry drops them: the
 * grant core after replace_grant_pv_mapping(), or put_page_from_l1e()
 * when the guest overwrites it or the table is de-validated.
 */

/*
 * Take a general and an L1 type reference on d's validated L1 at mfn
 * (Xen holds page_lock() instead) and map it. NULL if it is none.
 */
static uint64_t *lock_l1(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = get_page_from_mfn(mfn, d);

	if (!pg)
		return NULL;
	if (!get_validated_table(pg, 1)) {
		put_page(pg);
		return NULL;
	}
	return map_domain_page(mfn);
}

static void unlock_l1(uint64_t *t, mfn_t mfn)
{
	unmap_domain_page(t);
	put_page_and_type(mfn_to_page(mfn));
}

/* Contract in page_type.h. */
int create_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			    uint64_t pte)
{
	uint64_t *t, old;
	int rc = 0;

	if (index >= L1_PAGETABLE_ENTRIES)
		return -EINVAL;
	t = lock_l1(d, l1_mfn);
	if (!t)
		return -EINVAL;
	old = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);
	if (!update_entry(&t[index], old, pte, false))
		rc = -EBUSY;
	unlock_l1(t, l1_mfn);
	if (!rc)
		put_page_from_l1e(old);
	return rc;
}

/* Contract in page_type.h. */
int replace_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			     mfn_t frame, bool rw, uint64_t new_pte)
{
	uint64_t *t, old;
	int rc = 0;

	if (index >= L1_PAGETABLE_ENTRIES)
		return -EINVAL;
	t = lock_l1(d, l1_mfn);
	if (!t)
		return -EINVAL;
	old = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);
	if (!(old & _PAGE_PRESENT) || pte_mfn(old) != frame ||
	    !(old & _PAGE_RW) != !rw)
		rc = -EINVAL;                   /* not the grant's mapping */
	else if (!update_entry(&t[index], old, new_pte, false))
		rc = -EBUSY;
	unlock_l1(t, l1_mfn);
	return rc;
}

/* Contract in page_type.h. */
int steal_grant_l1e(struct domain *d, mfn_t l1_mfn, unsigned int index,
		    uint64_t *old)
{
	uint64_t *t;
	int rc = 0;

	if (index >= L1_PAGETABLE_ENTRIES)
		return -EINVAL;
	t = lock_l1(d, l1_mfn);
	if (!t)
		return -EINVAL;
	*old = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);
	if (!update_entry(&t[index], *old, 0, false))
		rc = -EBUSY;
	unlock_l1(t, l1_mfn);
	return rc;
}
