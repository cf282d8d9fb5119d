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
 * Entry index of d's validated L1 at l1_mfn, mapped, with the table held
 * by lock_table(); NULL if index is out of range or there is no such L1.
 * put_l1e() lets go of both.
 */
static uint64_t *get_l1e(struct domain *d, mfn_t l1_mfn, unsigned int index)
{
	if (index >= L1_PAGETABLE_ENTRIES || lock_table(d, l1_mfn, 1))
		return NULL;
	return (uint64_t *)map_domain_page(l1_mfn) + index;
}

static void put_l1e(uint64_t *e, mfn_t l1_mfn)
{
	unmap_domain_page(e);
	put_page_and_type(mfn_to_page(l1_mfn));
}

/* Contract in page_type.h. */
int create_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			    uint64_t pte)
{
	uint64_t *e = get_l1e(d, l1_mfn, index), old;
	bool done;

	if (!e)
		return -EINVAL;
	old = __atomic_load_n(e, __ATOMIC_ACQUIRE);
	done = update_entry(e, old, pte, false);
	put_l1e(e, l1_mfn);
	if (!done)
		return -EBUSY;
	put_old_l1e(d, old);
	return 0;
}

/* Contract in page_type.h. */
int replace_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			     mfn_t frame, bool rw, uint64_t new_pte)
{
	uint64_t *e = get_l1e(d, l1_mfn, index), old;
	int rc = 0;

	if (!e)
		return -EINVAL;
	old = __atomic_load_n(e, __ATOMIC_ACQUIRE);
	if (!(old & _PAGE_PRESENT) || pte_mfn(old) != frame ||
	    !(old & _PAGE_RW) != !rw)
		rc = -EINVAL;                   /* not the grant's mapping */
	else if (!update_entry(e, old, new_pte, false))
		rc = -EBUSY;
	put_l1e(e, l1_mfn);
	return rc;
}

/* Contract in page_type.h. */
int steal_grant_l1e(struct domain *d, mfn_t l1_mfn, unsigned int index,
		    uint64_t *old)
{
	uint64_t *e = get_l1e(d, l1_mfn, index);
	bool done;

	if (!e)
		return -EINVAL;
	*old = __atomic_load_n(e, __ATOMIC_ACQUIRE);
	done = update_entry(e, *old, 0, false);
	put_l1e(e, l1_mfn);
	return done ? 0 : -EBUSY;
}
