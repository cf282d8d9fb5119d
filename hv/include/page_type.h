/* Xen's page-type model: frame owners, general references, types, PV page-table validation. */
#ifndef HV_PAGE_TYPE_H
#define HV_PAGE_TYPE_H

#include "types.h"
#include "mm.h"
#include "pte.h"
#include "domain.h"

/*
 * page_info.type_info (Xen's names, our layout):
 *
 *   bits 63-61  PGT_type_mask   the frame's one type (values as in Xen)
 *   bit  60     PGT_pinned      the guest pinned it (holds one type ref)
 *   bit  59     PGT_validated   contents checked (page tables), or a type
 *                               that needs no check (writable pages)
 *   bits 31-0   PGT_count_mask  the type count
 *
 * page_info.count_info: general count in bits 31-0, PGC_allocated (63),
 * PGC_xen_shared (62), see mm.h. A frame whose general count is zero is
 * free; page_free_hook() hands it back to the heap.
 */
#define PGT_type_shift      61
#define PGT_none            (0UL << PGT_type_shift)
#define PGT_l1_page_table   (1UL << PGT_type_shift)
#define PGT_l2_page_table   (2UL << PGT_type_shift)
#define PGT_l3_page_table   (3UL << PGT_type_shift)
#define PGT_l4_page_table   (4UL << PGT_type_shift)
#define PGT_seg_desc_page   (5UL << PGT_type_shift)
#define PGT_writable_page   (7UL << PGT_type_shift)
#define PGT_type_mask       (7UL << PGT_type_shift)
#define PGT_pinned          (1UL << 60)
#define PGT_validated       (1UL << 59)
#define PGT_count_width     32
#define PGT_count_mask      ((1UL << PGT_count_width) - 1)

/* Guest L4 slots 256-271 belong to the hypervisor (Xen's is_guest_l4_slot). */
#define ROOT_PAGETABLE_FIRST_XEN_SLOT 256
#define ROOT_PAGETABLE_LAST_XEN_SLOT  271
#define is_guest_l4_slot(s) \
	((s) < ROOT_PAGETABLE_FIRST_XEN_SLOT || (s) > ROOT_PAGETABLE_LAST_XEN_SLOT)

/*
 * Flags a 64-bit PV guest may not set (Xen's base_disallow_mask, in pte
 * bit positions): allowed are P, RW, US, A, D, the software bits 9-11 and
 * 52-62, and NX. So PWT, PCD, PSE/PAT and G are refused, except that L1
 * entries may carry G. The address bits are checked by ownership instead.
 * (Xen's debug-only _PAGE_GNTTAB check and the relaxed cache attributes
 * for domains with I/O resources are not implemented.)
 */
#define BASE_DISALLOW_MASK  (~(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			       _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_AVAIL | \
			       _PAGE_AVAIL_HIGH | _PAGE_NX | PADDR_MASK))
#define L1_DISALLOW_MASK    (BASE_DISALLOW_MASK & ~_PAGE_GLOBAL)
#define L2_DISALLOW_MASK    BASE_DISALLOW_MASK
#define L3_DISALLOW_MASK    BASE_DISALLOW_MASK
#define L4_DISALLOW_MASK    BASE_DISALLOW_MASK

/*
 * Flags whose change does not change what an entry references (Xen's
 * FASTPATH_FLAG_WHITELIST): mod_lN_entry rewrites such entries in place.
 */
#define FASTPATH_FLAG_WHITELIST (_PAGE_NX | _PAGE_AVAIL_HIGH | _PAGE_AVAIL | \
				 _PAGE_GLOBAL | _PAGE_DIRTY | _PAGE_ACCESSED | \
				 _PAGE_USER)

/* ---- hooks the hypervisor (or a test) provides ---- */

/* Map a frame's contents for reading and writing (hv: the direct map). */
void *map_domain_page(mfn_t mfn);
void unmap_domain_page(const void *va);
/* A frame's general count reached zero: give it back to the heap. */
void page_free_hook(struct page_info *pg);
/*
 * get_page_type() just gave pg a type other than PGT_writable_page (its
 * old type had no references left): no CPU may keep a translation from an
 * old writable mapping of it. Called before the contents are validated.
 */
void page_type_retyped(struct page_info *pg);
/*
 * An entry of d's L1 that mapped pg, another domain's frame (a grant
 * mapping), was just overwritten in place by d (mmu_update,
 * update_va_mapping, a grant map over it), and pg's references are about
 * to drop: no CPU running d may keep a translation of it, or d could
 * reach the frame after its owner retypes it or it is freed.
 */
void page_table_foreign_dropped(struct domain *d, struct page_info *pg);
/* Write the hypervisor's entries into slots 256-271 of a new guest L4. */
void pv_install_hypervisor_l4_slots(uint64_t *l4);
/*
 * Validate a frame being typed PGT_seg_desc_page (Xen's
 * alloc_segdesc_page, hv/arch/x86_64/descriptor.c): all 512 descriptors
 * must pass check_descriptor() and are fixed up in place. 0 or -EINVAL.
 */
int alloc_segdesc_page(struct page_info *pg);

/* ---- general references (page_type.c) ---- */

/*
 * Take a general reference on pg for d. False if pg is not owned by d,
 * is free (general count zero) or the count would overflow.
 */
bool get_page(struct page_info *pg, const struct domain *d);
/* Xen's get_page_from_mfn(): the frame with a reference for d, or NULL. */
struct page_info *get_page_from_mfn(mfn_t mfn, const struct domain *d);
/* Drop one; at zero the frame goes to page_free_hook(). */
void put_page(struct page_info *pg);

/*
 * Take one type reference of type (a PGT_* type). When the type count is
 * zero this (re)types the frame and, for L1-L4, validates its contents
 * first: every present entry takes the references it needs. Returns 0, or
 * -EINVAL if the frame has another type in use, the type count would
 * overflow or an entry is not acceptable (-EBUSY / -EPERM from L1 entries,
 * as Xen); a frame that fails validation is left untyped (PGT_none).
 * The caller holds a general reference.
 */
int get_page_type(struct page_info *pg, unsigned long type);
/* Drop one; at zero a page table is de-validated (its entries' refs go). */
void put_page_type(struct page_info *pg);
/* get_page() then get_page_type(); 0, or -EINVAL with neither held. */
int get_page_and_type(struct page_info *pg, const struct domain *d,
		      unsigned long type);
/* The same for d's frame mfn (Xen's get_page_and_type_from_mfn); -EINVAL
 * for an mfn past the frame table. */
int get_page_and_type_from_mfn(mfn_t mfn, const struct domain *d,
			       unsigned long type);
void put_page_and_type(struct page_info *pg);

/*
 * Make pg a DOMID_XEN frame every guest may map read-only (the M2P): one
 * general and one PGT_none type reference held for ever, so no writable
 * type can ever be taken (Xen's share_xen_page_with_guest(SHARE_ro)).
 */
void share_xen_page_ro(struct page_info *pg);

/*
 * Xen's share_xen_page_with_guest(SHARE_rw) for a hypervisor frame
 * (grant-table frames): owned by d from now on, with an allocation
 * reference and one PGT_writable_page type reference held for ever, so
 * d may map it writable but never use it as a page table or descriptor
 * page. The frame is not on d->page_list and not in d->tot_pages.
 */
void share_xen_page_rw(struct page_info *pg, struct domain *d);
/*
 * Undo it when the table goes: drop the allocation reference. The frame
 * is freed (page_free_hook) once the last mapping of it goes too.
 */
void unshare_xen_page(struct page_info *pg);

/* ---- grant mappings in PV page tables (grant_pte.c) ---- */

/*
 * Xen's create_grant_pv_mapping(): write pte, a grant mapping whose frame
 * references the caller already holds for it, into entry index of d's
 * validated L1 table l1_mfn; then drop the references the old entry
 * held. The entry owns the grant's references from now on, as any L1
 * entry does (put_page_from_l1e drops them if the guest zaps it).
 * 0, or -EINVAL (no validated L1 of d) / -EBUSY (entry changed under us).
 */
int create_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			    uint64_t pte);
/*
 * Xen's replace_grant_pv_mapping(): if entry index of d's validated L1
 * maps frame with _PAGE_PRESENT and the _PAGE_RW of rw, put new_pte there
 * (0, or an entry from steal_grant_l1e() whose references move along).
 * The old entry's references are NOT dropped: they are the grant's, and
 * the caller drops them. 0, or -EINVAL (no such L1 or mismatch; nothing
 * changed) / -EBUSY.
 */
int replace_grant_pv_mapping(struct domain *d, mfn_t l1_mfn, unsigned int index,
			     mfn_t frame, bool rw, uint64_t new_pte);
/*
 * Xen's steal_linear_address(): zap entry index of d's validated L1 and
 * return its old value in *old; its references now belong to the caller
 * (put_page_from_l1e() drops them). 0 or -EINVAL / -EBUSY.
 */
int steal_grant_l1e(struct domain *d, mfn_t l1_mfn, unsigned int index,
		    uint64_t *old);
/* Drop the references a present L1 entry holds (none if not present). */
void put_page_from_l1e(uint64_t e);

/* ---- page-table entries (page_type.c) ---- */

/*
 * Rewrite entry index of d's validated level-N table at mfn to new_val:
 * the new entry's references are taken first, then it is written
 * (atomically; with preserve_ad the A/D bits the old entry has keep), then
 * the old entry's references are dropped. An update that changes only
 * flags in FASTPATH_FLAG_WHITELIST takes no new references. _PAGE_USER is
 * forced on present entries. Returns 0, -EINVAL (not such a table of d,
 * index out of range, bad flags, unacceptable target, L4 hypervisor
 * slot), -EBUSY/-EPERM (L1 target, as Xen) or -EBUSY (the entry changed
 * under us).
 */
int mod_l1_entry(struct domain *d, mfn_t l1_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad);
int mod_l2_entry(struct domain *d, mfn_t l2_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad);
int mod_l3_entry(struct domain *d, mfn_t l3_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad);
int mod_l4_entry(struct domain *d, mfn_t l4_mfn, unsigned int index,
		 uint64_t new_val, bool preserve_ad);

/*
 * Entries walked so far by every validation and de-validation of a page
 * table or descriptor page (512 each), counted with relaxed atomics: a
 * hypercall charges its budget the difference (preempt.h). One pin,
 * unpin or entry update may walk a whole tree of tables, bounded by the
 * domain's size: Xen's partial validation (PGT_partial), which makes
 * such an operation itself preemptible, is not implemented.
 */
extern unsigned long page_table_work;

/* ---- pinning and teardown (page_type.c) ---- */

/*
 * MMUEXT_PIN_Ln_TABLE: take a general and a level-N type reference on d's
 * frame mfn and mark it pinned. 0; -EINVAL if it cannot be typed, is not
 * d's, level is not 1-4, or it is pinned already.
 */
int pin_table(struct domain *d, mfn_t mfn, unsigned int level);
/* MMUEXT_UNPIN_TABLE: 0, or -EINVAL if mfn is not d's or not pinned. */
int unpin_table(struct domain *d, mfn_t mfn);

/*
 * Domain destruction (d's vCPUs no longer hold CR3 references): unpin
 * every table, force-devalidate page tables still typed (Xen does this
 * top-down to break references it cannot otherwise see), take every frame
 * off d->page_list and drop its allocation reference. Frames nobody else
 * references go to page_free_hook(). Returns how many frames are still
 * referenced from elsewhere (they are counted in d->tot_pages and freed
 * when their last reference goes); 0 when everything was released.
 */
unsigned long domain_relinquish_pages(struct domain *d);

#endif
