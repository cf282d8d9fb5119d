/* PV page-table validation: what each L1-L4 entry may reference, entry updates, linear tables. */
#include "page_table.h"
#include "errno.h"
#include "iomem.h"
#include "panic.h"

/*
 * A 64-bit PV table of level N references frames through its present
 * entries, and each such entry holds references while the table is
 * validated:
 *   L1, read-only: a general reference on the data frame;
 *   L1, _PAGE_RW:  a general and a PGT_writable_page type reference, so a
 *                  frame in use as a page table (or descriptor page) can
 *                  never be mapped writable, nor become one while it is;
 *   L2/L3/L4:      a general and a PGT_l(N-1)_page_table type reference.
 * Xen's "linear page table" rule is kept for L2-L4: a read-only entry may
 * map its own table (no references) or another already validated table
 * of the same level and domain. A table that has such entries can not be
 * mapped linearly and vice versa (linear_pt_count), so references can not
 * form a cycle and teardown always reaches zero.
 */

/* Contract in page_type.h. */
unsigned long page_table_work;

static void charge_walk(void)
{
	__atomic_fetch_add(&page_table_work, L1_PAGETABLE_ENTRIES,
			   __ATOMIC_RELAXED);
}

static uint64_t load_pte(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * Xen's l1_disallow_mask(): a domain with I/O resources (dom0) may also
 * set the cache attributes PWT, PCD and PAT in L1 entries.
 */
static uint64_t disallow_mask(unsigned int level, domid_t d)
{
	if (level == 1)
		return iomem_perms_of(d) ? L1_DISALLOW_MASK &
			~(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT) : L1_DISALLOW_MASK;
	return level == 2 ? L2_DISALLOW_MASK :
	       level == 3 ? L3_DISALLOW_MASK : L4_DISALLOW_MASK;
}

/*
 * A frame of the I/O pseudo-domain: past the frame table (not RAM), or
 * a frame the boot gave DOMID_IO (non-RAM holes inside the table, and
 * all of machine 0-1 MiB). Such frames are never referenced counted.
 */
static bool is_io_frame(mfn_t mfn)
{
	return !mfn_valid(mfn) ||
	       __atomic_load_n(&mfn_to_page(mfn)->owner, __ATOMIC_ACQUIRE) ==
	       DOMID_IO;
}

/*
 * Xen's adjust_guest_l1e() .. adjust_guest_l4e() for 64-bit PV: the guest
 * kernel runs in ring 3, so present entries get _PAGE_USER; L1 kernel
 * mappings (no _PAGE_USER from the guest) are marked _PAGE_GUEST_KERNEL.
 * (Xen's optional _PAGE_GLOBAL on user mappings is not done.)
 */
static uint64_t adjust_guest_entry(uint64_t e, unsigned int level)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	if (level == 1 && !(e & _PAGE_USER))
		e |= _PAGE_GUEST_KERNEL;
	return e | _PAGE_USER;
}

/*
 * Xen's get_page_from_l1e() for a present entry *e of d's L1: 0 with the
 * references taken, -EINVAL for disallowed flags, -EPERM for an I/O frame
 * d has no permission for (iomem.h; I/O frames take no reference, and
 * one of d's read-only I/O frames gets _PAGE_RW cleared in *e), -EBUSY
 * for a frame d may not map like this (another owner, hypervisor RAM,
 * free, or the type is in use).
 */
static int get_page_from_l1e(uint64_t *e, domid_t d)
{
	mfn_t mfn = pte_mfn(*e);
	struct page_info *pg;

	if (*e & disallow_mask(1, d))
		return -EINVAL;
	if (is_io_frame(mfn)) {
		switch (iomem_l1e_access(iomem_perms_of(d), mfn)) {
		case IOMEM_RW:
			return 0;
		case IOMEM_RO:
			*e &= ~_PAGE_RW;
			return 0;
		default:
			return -EPERM;
		}
	}
	pg = mfn_to_page(mfn);
	if (get_page_owned(pg, d)) {
		if ((*e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
			put_page(pg);
			return -EBUSY;
		}
		return 0;
	}
	/* The M2P and other frames the hypervisor shares read-only. */
	if (!(*e & _PAGE_RW) && get_page_owned(pg, DOMID_XEN)) {
		if (__atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE) &
		    PGC_xen_shared)
			return 0;
		put_page(pg);
	}
	/*
	 * Another domain's frame: only GNTTABOP_map_grant_ref writes such
	 * entries (grant_pte.c), never a validation, as in Xen.
	 */
	return -EBUSY;
}

void put_page_from_l1e(uint64_t e)
{
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT) || is_io_frame(pte_mfn(e)))
		return;
	pg = mfn_to_page(pte_mfn(e));
	if (e & _PAGE_RW)
		put_page_and_type(pg);
	else
		put_page(pg);
}

/* Contract in page_table.h. */
void put_old_l1e(struct domain *d, uint64_t e)
{
	struct page_info *pg;

	if ((e & _PAGE_PRESENT) && !is_io_frame(pte_mfn(e))) {
		pg = mfn_to_page(pte_mfn(e));
		if (pg->owner != d->domain_id && pg->owner != DOMID_XEN)
			page_table_foreign_dropped(d, pg);
	}
	put_page_from_l1e(e);
}

/* Linear counts (Xen's inc_linear_entries() / inc_linear_uses()). */
static bool inc_linear(int16_t *c, int delta)
{
	int16_t x = __atomic_load_n(c, __ATOMIC_ACQUIRE);

	do {
		int n = x + delta;

		if ((delta > 0 && (x < 0 || n > INT16_MAX)) ||
		    (delta < 0 && (x > 0 || n < INT16_MIN)))
			return false;
	} while (!__atomic_compare_exchange_n(c, &x, (int16_t)(x + delta), false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

void dec_linear_refs(struct page_info *pg, struct page_info *ptpg)
{
	BUG_ON(__atomic_add_fetch(&pg->linear_pt_count, 1, __ATOMIC_ACQ_REL) > 0);
	BUG_ON(__atomic_sub_fetch(&ptpg->linear_pt_count, 1, __ATOMIC_ACQ_REL) < 0);
}

/*
 * One more type reference on pg if it is a validated level-N table (so
 * in use: validated tables always have a type count). False otherwise.
 */
bool get_validated_table(struct page_info *pg, unsigned int level)
{
	unsigned long want = pt_level_type(level) | PGT_validated;
	unsigned long x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

	do {
		if ((x & PGT_count_mask) == PGT_count_mask ||
		    (x & (PGT_type_mask | PGT_validated)) != want)
			return false;
	} while (!__atomic_compare_exchange_n(&pg->type_info, &x, x + 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return true;
}

/*
 * Xen's get_lN_linear_pagetable(): may entry e of d's level-N table at
 * table_mfn map a table of level N? Only read-only, and only a table of d
 * that is validated already; a self-map takes no references at all.
 */
static bool get_linear_pagetable(uint64_t e, unsigned int level,
				 mfn_t table_mfn, domid_t d)
{
	mfn_t mfn = pte_mfn(e);
	struct page_info *pg, *ptpg = mfn_to_page(table_mfn);

	if (e & _PAGE_RW)
		return false;
	if (mfn == table_mfn)
		return true;
	if (!mfn_valid(mfn))
		return false;
	pg = mfn_to_page(mfn);
	if (!get_page_owned(pg, d))
		return false;
	if (!inc_linear(&ptpg->linear_pt_count, 1))
		goto put;
	if (!inc_linear(&pg->linear_pt_count, -1))
		goto entries;
	if (get_validated_table(pg, level))
		return true;
	__atomic_add_fetch(&pg->linear_pt_count, 1, __ATOMIC_ACQ_REL);
entries:
	__atomic_sub_fetch(&ptpg->linear_pt_count, 1, __ATOMIC_ACQ_REL);
put:
	put_page(pg);
	return false;
}

/*
 * Xen's get_page_from_l2e() .. get_page_from_l4e(): a present entry of
 * d's level-N table takes a level N-1 type reference. 0 or -EINVAL (PSE,
 * PWT/PCD/G or other disallowed flags; not d's frame; wrong type).
 */
static int get_page_from_lNe(uint64_t e, unsigned int level, mfn_t table_mfn,
			     domid_t d)
{
	struct page_info *pg;
	int rc;

	if (e & disallow_mask(level, d))
		return -EINVAL;
	if (!mfn_valid(pte_mfn(e)))
		return -EINVAL;
	pg = mfn_to_page(pte_mfn(e));
	if (!get_page_owned(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, pt_level_type(level - 1));
	if (!rc)
		return 0;
	put_page(pg);
	if (rc == -EINVAL && get_linear_pagetable(e, level, table_mfn, d))
		return 0;
	return rc;
}

/* *e may lose _PAGE_RW (a read-only I/O frame, get_page_from_l1e). */
static int get_page_from_entry(uint64_t *e, unsigned int level,
			       mfn_t table_mfn, domid_t d)
{
	if (level == 1)
		return get_page_from_l1e(e, d);
	return get_page_from_lNe(*e, level, table_mfn, d);
}

/* Undo get_page_from_entry() for an entry that held references. */
static void put_page_from_entry(uint64_t e, unsigned int level, mfn_t table_mfn)
{
	struct page_info *pg;

	if (level == 1) {
		put_page_from_l1e(e);
		return;
	}
	if (!(e & _PAGE_PRESENT) || pte_mfn(e) == table_mfn)
		return;
	pg = mfn_to_page(pte_mfn(e));
	put_page_type_from(pg, mfn_to_page(table_mfn));
	put_page(pg);
}

/* put_page_from_entry() for the entry an update just replaced. */
static void put_old_entry(struct domain *d, uint64_t e, unsigned int level,
			  mfn_t table_mfn)
{
	if (level == 1)
		put_old_l1e(d, e);
	else
		put_page_from_entry(e, level, table_mfn);
}

static bool is_guest_slot(unsigned int level, unsigned int i)
{
	return level != 4 || is_guest_l4_slot(i);
}

/*
 * Xen's alloc_l1_table() .. alloc_l4_table() (and alloc_segdesc_page()
 * for descriptor pages): the frame is typed but not validated, so nobody
 * can write it. Guest entries in the hypervisor's L4
 * slots are ignored and then overwritten by its own.
 */
int alloc_page_type(struct page_info *pg, unsigned long type)
{
	unsigned int level = pt_type_level(type), i;
	mfn_t mfn = page_to_mfn(pg);
	domid_t d = pg->owner;
	uint64_t *t;
	int rc = 0;

	if (type == PGT_seg_desc_page) {
		charge_walk();
		return alloc_segdesc_page(pg);
	}
	if (!level)
		return 0;
	charge_walk();
	t = map_domain_page(mfn);
	for (i = 0; i < L1_PAGETABLE_ENTRIES; i++) {
		uint64_t e = load_pte(&t[i]);

		if (!is_guest_slot(level, i) || !(e & _PAGE_PRESENT))
			continue;
		rc = get_page_from_entry(&e, level, mfn, d);
		if (rc)
			break;
		__atomic_store_n(&t[i], adjust_guest_entry(e, level),
				 __ATOMIC_RELEASE);
	}
	if (rc) {
		while (i-- > 0)
			if (is_guest_slot(level, i))
				put_page_from_entry(load_pte(&t[i]), level, mfn);
	} else if (level == 4) {
		pv_install_hypervisor_l4_slots(t);
	}
	unmap_domain_page(t);
	return rc;
}

/* Xen's free_l1_table() .. free_l4_table(). */
void free_page_type(struct page_info *pg, unsigned long type)
{
	unsigned int level = pt_type_level(type);
	mfn_t mfn = page_to_mfn(pg);
	uint64_t *t;

	if (!level)
		return;
	charge_walk();
	t = map_domain_page(mfn);
	for (unsigned int i = 0; i < L1_PAGETABLE_ENTRIES; i++)
		if (is_guest_slot(level, i))
			put_page_from_entry(load_pte(&t[i]), level, mfn);
	unmap_domain_page(t);
}

/*
 * Xen's UPDATE_ENTRY: replace old by new unless the entry changed since
 * it was read. The CPU may set A/D meanwhile: with preserve_ad they are
 * kept, otherwise overwritten. False if anything else changed.
 */
bool update_entry(uint64_t *p, uint64_t old, uint64_t new, bool preserve_ad)
{
	uint64_t seen = old;

	for (;;) {
		uint64_t want = new;

		if (preserve_ad)
			want |= seen & (_PAGE_ACCESSED | _PAGE_DIRTY);
		if (__atomic_compare_exchange_n(p, &seen, want, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
		if ((seen ^ old) & ~(_PAGE_ACCESSED | _PAGE_DIRTY))
			return false;
	}
}

/* Contract in page_table.h. */
int lock_table(struct domain *d, mfn_t mfn, unsigned int level)
{
	struct page_info *pg = get_page_from_mfn(mfn, d);

	if (!pg)
		return -EINVAL;
	if (get_validated_table(pg, level))
		return 0;
	put_page(pg);
	return -EINVAL;
}

/* Contract in page_type.h (mod_l1_entry). */
static int mod_entry(struct domain *d, mfn_t mfn, unsigned int index,
		     uint64_t nval, bool preserve_ad, unsigned int level)
{
	uint64_t *t, *p, o;
	int rc;

	if (index >= L1_PAGETABLE_ENTRIES || !is_guest_slot(level, index))
		return -EINVAL;
	rc = lock_table(d, mfn, level);
	if (rc)
		return rc;
	t = map_domain_page(mfn);
	p = &t[index];
	o = load_pte(p);
	if (!(nval & _PAGE_PRESENT)) {
		if (update_entry(p, o, nval, preserve_ad))
			put_old_entry(d, o, level, mfn);
		else
			rc = -EBUSY;
	} else if (nval & disallow_mask(level, d->domain_id)) {
		rc = -EINVAL;
	} else if (!((o ^ nval) & ~FASTPATH_FLAG_WHITELIST)) {
		/* Same frame, same RW and presence: no reference changes. */
		if (!update_entry(p, o, adjust_guest_entry(nval, level), preserve_ad))
			rc = -EBUSY;
	} else {
		/* New references first, then the write, then the old ones go. */
		rc = get_page_from_entry(&nval, level, mfn, d->domain_id);
		nval = adjust_guest_entry(nval, level);
		if (!rc && update_entry(p, o, nval, preserve_ad)) {
			put_old_entry(d, o, level, mfn);
		} else if (!rc) {
			put_page_from_entry(nval, level, mfn);
			rc = -EBUSY;
		}
	}
	unmap_domain_page(t);
	put_page_and_type(mfn_to_page(mfn));
	return rc;
}

int mod_l1_entry(struct domain *d, mfn_t l1_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad)
{
	return mod_entry(d, l1_mfn, index, new_val, preserve_ad, 1);
}

int mod_l2_entry(struct domain *d, mfn_t l2_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad)
{
	return mod_entry(d, l2_mfn, index, new_val, preserve_ad, 2);
}

int mod_l3_entry(struct domain *d, mfn_t l3_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad)
{
	return mod_entry(d, l3_mfn, index, new_val, preserve_ad, 3);
}

int mod_l4_entry(struct domain *d, mfn_t l4_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad)
{
	return mod_entry(d, l4_mfn, index, new_val, preserve_ad, 4);
}
