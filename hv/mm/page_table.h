/* Private interface between the page-type core (page_type.c) and PV page-table validation (page_table.c). */
#ifndef HV_MM_PAGE_TABLE_H
#define HV_MM_PAGE_TABLE_H

#include "page_type.h"

/* 1-4 for PGT_l1_page_table..PGT_l4_page_table, else 0; and back. */
static inline unsigned int pt_type_level(unsigned long type)
{
	unsigned long t = type >> PGT_type_shift;

	return t >= 1 && t <= 4 ? (unsigned int)t : 0;
}

static inline unsigned long pt_level_type(unsigned int level)
{
	return (unsigned long)level << PGT_type_shift;
}

/* True if mfn has a frame-table entry (is RAM the core can account). */
bool mfn_valid(mfn_t mfn);

/* get_page() by owner id (a domain or DOMID_XEN). */
bool get_page_owned(struct page_info *pg, domid_t owner);

/* put_page_type() of a reference held by an entry of table ptpg. */
void put_page_type_from(struct page_info *pg, struct page_info *ptpg);

/*
 * Validate pg's contents as type (its type count was just taken from 0
 * to 1): every present entry takes its references, or none does. 0 or a
 * negative errno.
 */
int alloc_page_type(struct page_info *pg, unsigned long type);

/* De-validate: drop every reference pg's entries hold as type. */
void free_page_type(struct page_info *pg, unsigned long type);

/* A linear entry of ptpg mapping pg goes: both linear counts move to 0. */
void dec_linear_refs(struct page_info *pg, struct page_info *ptpg);

/*
 * One more type reference on pg if it is a validated level-N table; false
 * otherwise (page_table.c).
 */
bool get_validated_table(struct page_info *pg, unsigned int level);

/*
 * Take a general and a type reference on d's table at mfn if it is a
 * validated table of this level (Xen holds page_lock() instead): 0, or
 * -EINVAL. put_page_and_type() gives them back (page_table.c).
 */
int lock_table(struct domain *d, mfn_t mfn, unsigned int level);

/*
 * Xen's UPDATE_ENTRY: *p = new unless the entry changed since it read
 * old (A/D bits aside; kept with preserve_ad). False if it changed.
 */
bool update_entry(uint64_t *p, uint64_t old, uint64_t new, bool preserve_ad);

/*
 * put_page_from_l1e() for an entry of d's L1 that was just overwritten:
 * first page_table_foreign_dropped() if it mapped another domain's frame.
 */
void put_old_l1e(struct domain *d, uint64_t e);

#endif
