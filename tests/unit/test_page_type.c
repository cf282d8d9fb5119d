/* Unit tests: Xen's page-type model (hv/mm/page_type.c, hv/mm/page_table.c) on a fake machine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "page_type.h"
#include "errno.h"

/*
 * The fake machine: 4096 frames of RAM and their frame table.
 *   0-7      DOMID_XEN, shared read-only (like the M2P)
 *   8-15     DOMID_XEN, private
 *   16-2047  domain 1
 *   2048-3999 domain 2
 *   4000-    free
 */
#define NFR        4096UL
#define D1_FIRST   16UL
#define D2_FIRST   2048UL
#define FREE_FIRST 4000UL
#define XEN_MARK   0x5a5a000000000000ULL

static struct page_info ft[NFR];
static uint64_t ram[NFR][512] __aligned(4096);
static struct domain dom1, dom2;
static unsigned int freed[NFR];
static long maps_out;

void *map_domain_page(mfn_t mfn)
{
	ck_assert_uint_lt(mfn, NFR);
	maps_out++;
	return ram[mfn];
}

void unmap_domain_page(const void *va)
{
	(void)va;
	maps_out--;
}

void page_free_hook(struct page_info *pg)
{
	freed[page_to_mfn(pg)]++;
	pg->owner = DOMID_INVALID;
	pg->type_info = 0;
}

void pv_install_hypervisor_l4_slots(uint64_t *l4)
{
	for (unsigned int i = ROOT_PAGETABLE_FIRST_XEN_SLOT;
	     i <= ROOT_PAGETABLE_LAST_XEN_SLOT; i++)
		l4[i] = XEN_MARK | i;
}

static void assign(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = &ft[mfn];

	pg->owner = d->domain_id;
	pg->count_info = PGC_allocated | 1;
	pg->type_info = 0;
	list_add_tail(&pg->list, &d->page_list);
	d->tot_pages++;
}

static void domain_init(struct domain *d, domid_t id, mfn_t first, mfn_t end)
{
	memset(d, 0, sizeof(*d));
	d->domain_id = id;
	spin_lock_init(&d->page_lock);
	list_init(&d->page_list);
	for (mfn_t m = first; m < end; m++)
		assign(d, m);
}

static void machine_reset(void)
{
	memset(ft, 0, sizeof(ft));
	memset(ram, 0, sizeof(ram));
	memset(freed, 0, sizeof(freed));
	maps_out = 0;
	frame_table = ft;
	frame_table_size = NFR;
	for (mfn_t m = 0; m < NFR; m++) {
		list_init(&ft[m].list);
		ft[m].owner = DOMID_INVALID;
	}
	for (mfn_t m = 0; m < 8; m++)
		share_xen_page_ro(&ft[m]);
	for (mfn_t m = 8; m < 16; m++) {
		ft[m].owner = DOMID_XEN;
		ft[m].count_info = PGC_allocated | 1;
	}
	domain_init(&dom1, 1, D1_FIRST, D2_FIRST);
	domain_init(&dom2, 2, D2_FIRST, FREE_FIRST);
}

static uint64_t pte(mfn_t mfn, uint64_t flags)
{
	return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

static unsigned long gen(mfn_t m)  { return ft[m].count_info & PGC_count_mask; }
static unsigned long tcnt(mfn_t m) { return ft[m].type_info & PGT_count_mask; }
static unsigned long ttype(mfn_t m) { return ft[m].type_info & PGT_type_mask; }
static bool validated(mfn_t m)     { return ft[m].type_info & PGT_validated; }

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define US  _PAGE_USER

/*
 * The directed tree of domain 1: L4 20 -> L3 21 -> L2 22 -> L1 23, which
 * maps data 30 read-write at index 0 and data 31 read-only at index 1.
 */
enum { L4F = 20, L3F = 21, L2F = 22, L1F = 23, DATA = 30, DATA2 = 31, SPARE = 40 };

static void write_tree(void)
{
	ram[L4F][0] = pte(L3F, P | RW);
	ram[L3F][0] = pte(L2F, P | RW);
	ram[L2F][0] = pte(L1F, P | RW);
	ram[L1F][0] = pte(DATA, P | RW);
	ram[L1F][1] = pte(DATA2, P);
}

static void build_tree(void)
{
	machine_reset();
	write_tree();
	ck_assert_int_eq(pin_table(&dom1, L4F, 4), 0);
}

/* Every count of domain 1's frames is back to the allocation reference. */
static void assert_quiescent(void)
{
	for (mfn_t m = D1_FIRST; m < D2_FIRST; m++) {
		ck_assert_msg(gen(m) == 1, "frame %lu: general count %lu, expected 1",
			      m, gen(m));
		ck_assert_msg(tcnt(m) == 0, "frame %lu: type count %lu, expected 0",
			      m, tcnt(m));
		ck_assert_msg(ft[m].linear_pt_count == 0, "frame %lu: linear %d",
			      m, ft[m].linear_pt_count);
	}
	ck_assert_int_eq(maps_out, 0);
}

/* ---- general references ---- */
START_TEST(get_page_owner_and_free)
{
	machine_reset();
	ck_assert(get_page(&ft[100], &dom1));
	ck_assert_uint_eq(gen(100), 2);
	ck_assert(!get_page(&ft[100], &dom2));       /* not dom2's */
	ck_assert_uint_eq(gen(100), 2);              /* failed get holds nothing */
	ck_assert(!get_page(&ft[FREE_FIRST], &dom1)); /* free frame */
	ck_assert(!get_page(&ft[0], &dom1));         /* DOMID_XEN's */
	put_page(&ft[100]);
	ck_assert_uint_eq(gen(100), 1);
	ck_assert_uint_eq(freed[100], 0);
}
END_TEST

START_TEST(get_page_overflow)
{
	machine_reset();
	ft[100].count_info = PGC_allocated | (PGC_count_mask - 1);
	ck_assert(get_page(&ft[100], &dom1));
	ck_assert(!get_page(&ft[100], &dom1));       /* would wrap to zero */
	ck_assert_uint_eq(gen(100), PGC_count_mask);
}
END_TEST

START_TEST(put_page_last_frees)
{
	machine_reset();
	ft[100].count_info &= ~PGC_allocated;
	ck_assert(get_page(&ft[100], &dom1));
	put_page(&ft[100]);
	ck_assert_uint_eq(freed[100], 0);
	put_page(&ft[100]);
	ck_assert_uint_eq(freed[100], 1);
	ck_assert_uint_eq(ft[100].owner, DOMID_INVALID);
}
END_TEST

/* ---- types ---- */
START_TEST(type_switch_and_conflict)
{
	machine_reset();
	ck_assert_int_eq(get_page_type(&ft[100], PGT_writable_page), 0);
	ck_assert_uint_eq(ttype(100), PGT_writable_page);
	ck_assert(validated(100));
	ck_assert_int_eq(get_page_type(&ft[100], PGT_l1_page_table), -EINVAL);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_seg_desc_page), -EINVAL);
	put_page_type(&ft[100]);
	ck_assert_uint_eq(tcnt(100), 0);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_l1_page_table), 0);
	ck_assert_uint_eq(ttype(100), PGT_l1_page_table);
	ck_assert(validated(100));
	put_page_type(&ft[100]);
	ck_assert(!validated(100));                  /* de-validated at zero */
	ck_assert_int_eq(get_page_type(&ft[100], PGT_seg_desc_page), 0);
	put_page_type(&ft[100]);
}
END_TEST

START_TEST(type_count_overflow)
{
	machine_reset();
	ft[100].type_info = PGT_writable_page | PGT_validated | PGT_count_mask;
	ck_assert_int_eq(get_page_type(&ft[100], PGT_writable_page), -EINVAL);
	ck_assert_uint_eq(tcnt(100), PGT_count_mask);
}
END_TEST

START_TEST(failed_validation_leaves_untyped)
{
	machine_reset();
	ram[50][0] = pte(51, P);
	ram[50][1] = pte(52, P);
	ram[50][2] = pte(D2_FIRST, P);               /* dom2's: bad */
	ck_assert_int_eq(get_page_and_type(&ft[50], &dom1, PGT_l2_page_table),
			 -EINVAL);
	ck_assert_uint_eq(ft[50].type_info, PGT_none);
	assert_quiescent();                          /* 51 and 52 released */
	ck_assert(!validated(51));                   /* typed L1, count 0 */
}
END_TEST

/* ---- the 4-level tree ---- */
START_TEST(build_and_pin_tree)
{
	build_tree();
	ck_assert_uint_eq(ft[L4F].type_info, PGT_l4_page_table | PGT_pinned |
			  PGT_validated | 1);
	ck_assert_uint_eq(gen(L4F), 2);
	ck_assert_uint_eq(ft[L3F].type_info, PGT_l3_page_table | PGT_validated | 1);
	ck_assert_uint_eq(ft[L2F].type_info, PGT_l2_page_table | PGT_validated | 1);
	ck_assert_uint_eq(ft[L1F].type_info, PGT_l1_page_table | PGT_validated | 1);
	ck_assert_uint_eq(gen(L3F), 2);
	ck_assert_uint_eq(ft[DATA].type_info, PGT_writable_page | PGT_validated | 1);
	ck_assert_uint_eq(gen(DATA), 2);
	ck_assert_uint_eq(tcnt(DATA2), 0);           /* read-only: general ref only */
	ck_assert_uint_eq(gen(DATA2), 2);
	ck_assert_int_eq(maps_out, 0);
}
END_TEST

START_TEST(user_bit_forced)
{
	build_tree();
	ck_assert_uint_eq(ram[L4F][0], pte(L3F, P | RW | US));
	ck_assert_uint_eq(ram[L3F][0], pte(L2F, P | RW | US));
	ck_assert_uint_eq(ram[L2F][0], pte(L1F, P | RW | US));
	ck_assert_uint_eq(ram[L1F][0], pte(DATA, P | RW | US | _PAGE_GUEST_KERNEL));
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 5, pte(SPARE, P | US), false), 0);
	ck_assert_uint_eq(ram[L1F][5], pte(SPARE, P | US));   /* user page */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, pte(SPARE, P), false), 0);
	ck_assert_uint_eq(ram[L1F][6], pte(SPARE, P | US | _PAGE_GUEST_KERNEL));
}
END_TEST

START_TEST(hypervisor_l4_slots)
{
	machine_reset();
	write_tree();
	ram[L4F][256] = pte(SPARE, P | RW);          /* ignored, not referenced */
	ram[L4F][271] = pte(D2_FIRST, P | RW);       /* even a foreign frame */
	ram[L4F][300] = 0;
	ck_assert_int_eq(pin_table(&dom1, L4F, 4), 0);
	for (unsigned int i = 256; i <= 271; i++)
		ck_assert_uint_eq(ram[L4F][i], XEN_MARK | i);
	ck_assert_uint_eq(gen(SPARE), 1);
	ck_assert_uint_eq(tcnt(SPARE), 0);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 256, 0, false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 271, pte(SPARE, P), false), -EINVAL);
	ck_assert_uint_eq(ram[L4F][256], XEN_MARK | 256);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(table_never_writable)
{
	build_tree();
	/* Map each table of the tree writable: refused; read-only: fine. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 2, pte(L2F, P | RW), false), -EBUSY);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 2, pte(L1F, P | RW), false), -EBUSY);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 2, pte(L4F, P | RW), false), -EBUSY);
	ck_assert_uint_eq(ram[L1F][2], 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 2, pte(L2F, P), false), 0);
	ck_assert_uint_eq(gen(L2F), 3);
	/* A fresh L1 that maps a table writable fails validation. */
	ram[SPARE][0] = pte(L3F, P | RW);
	ck_assert_int_eq(pin_table(&dom1, SPARE, 1), -EBUSY);
	ck_assert_uint_eq(ft[SPARE].type_info, PGT_none);
}
END_TEST

START_TEST(writable_data_cannot_become_table)
{
	build_tree();
	/* DATA is mapped writable by L1F[0]: it can't become an L1. */
	ck_assert_int_eq(pin_table(&dom1, DATA, 1), -EINVAL);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 1, pte(DATA, P | RW), false), -EINVAL);
	ck_assert_uint_eq(ttype(DATA), PGT_writable_page);
	/* Remove the mapping: now it can. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, 0, false), 0);
	ck_assert_uint_eq(tcnt(DATA), 0);
	ck_assert_uint_eq(gen(DATA), 1);
	ck_assert_int_eq(pin_table(&dom1, DATA, 1), 0);
	ck_assert_uint_eq(ttype(DATA), PGT_l1_page_table);
	/* And now it can't be mapped writable. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(DATA, P | RW), false), -EBUSY);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(DATA, P), false), 0);
}
END_TEST

START_TEST(foreign_frames_refused)
{
	build_tree();
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(D2_FIRST, P), false), -EBUSY);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(FREE_FIRST, P), false), -EBUSY);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 3, pte(D2_FIRST, P), false), -EINVAL);
	ck_assert_int_eq(mod_l3_entry(&dom1, L3F, 3, pte(D2_FIRST, P), false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 3, pte(D2_FIRST, P), false), -EINVAL);
	/* dom2 can't touch dom1's tables either. */
	ck_assert_int_eq(mod_l1_entry(&dom2, L1F, 3, pte(D2_FIRST, P), false), -EINVAL);
	ck_assert_int_eq(pin_table(&dom2, SPARE, 1), -EINVAL);
	ck_assert_int_eq(unpin_table(&dom2, L4F), -EINVAL);
	ck_assert_uint_eq(gen(D2_FIRST), 1);
	ck_assert_uint_eq(ram[L1F][3], 0);
}
END_TEST

START_TEST(mmio_frames_refused)
{
	build_tree();
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(NFR + 5, P), false), -EPERM);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 3, pte(NFR + 5, P), false), -EINVAL);
}
END_TEST

START_TEST(xen_shared_frames)
{
	build_tree();
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(2, P), false), 0);
	ck_assert_uint_eq(gen(2), 2);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 4, pte(2, P | RW), false), -EBUSY);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 4, pte(9, P), false), -EBUSY);
	ck_assert_uint_eq(gen(9), 1);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 4, pte(2, P), false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, 0, false), 0);
	ck_assert_uint_eq(gen(2), 1);
	ck_assert_uint_eq(ft[2].type_info, PGT_none | PGT_validated | 1);
}
END_TEST

START_TEST(reserved_bits_refused)
{
	build_tree();
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(SPARE, P | _PAGE_PCD), false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(SPARE, P | _PAGE_PWT), false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(SPARE, P | _PAGE_PAT), false), -EINVAL);
	/* G is allowed in L1 only; NX and the software bits everywhere. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(SPARE, P | _PAGE_GLOBAL |
				       _PAGE_NX | _PAGE_AVAIL | (1UL << 60)), false), 0);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 3, pte(SPARE + 1, P | _PAGE_GLOBAL), false), -EINVAL);
	ck_assert_int_eq(mod_l3_entry(&dom1, L3F, 3, pte(SPARE + 1, P | _PAGE_PCD), false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 3, pte(SPARE + 1, P | _PAGE_PWT), false), -EINVAL);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 3, pte(SPARE + 1, P | _PAGE_NX | _PAGE_AVAIL), false), 0);
	/* Also when only whitelisted flags change (the fast path). */
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 0, ram[L2F][0] | _PAGE_GLOBAL, false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 0, ram[L4F][0] | _PAGE_GLOBAL, false), -EINVAL);
	/* Validation applies the same masks. */
	ram[SPARE + 2][7] = pte(SPARE + 3, P | _PAGE_PCD);
	ck_assert_int_eq(pin_table(&dom1, SPARE + 2, 1), -EINVAL);
}
END_TEST

START_TEST(pse_refused)
{
	build_tree();
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 3, pte(512, P | _PAGE_PSE), false), -EINVAL);
	ck_assert_int_eq(mod_l3_entry(&dom1, L3F, 3, pte(512, P | _PAGE_PSE), false), -EINVAL);
	ck_assert_uint_eq(gen(512), 1);
	ram[SPARE][0] = pte(512, P | RW | _PAGE_PSE);
	ck_assert_int_eq(pin_table(&dom1, SPARE, 2), -EINVAL);
	ck_assert_uint_eq(ft[SPARE].type_info, PGT_none);
}
END_TEST

START_TEST(unpin_releases_everything)
{
	build_tree();
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
	for (mfn_t m = L4F; m <= L1F; m++)
		ck_assert_msg(!validated(m), "frame %lu still validated", m);
	ck_assert_uint_eq(ttype(DATA), PGT_writable_page);  /* keeps its type */
	ck_assert_int_eq(unpin_table(&dom1, L4F), -EINVAL); /* not pinned */
}
END_TEST

START_TEST(double_pin_refused)
{
	build_tree();
	ck_assert_int_eq(pin_table(&dom1, L4F, 4), -EINVAL);
	ck_assert_uint_eq(tcnt(L4F), 1);
	ck_assert_uint_eq(gen(L4F), 2);
	ck_assert_int_eq(pin_table(&dom1, L1F, 1), 0);    /* a lower level: fine */
	ck_assert_int_eq(pin_table(&dom1, L1F, 1), -EINVAL);
	ck_assert_int_eq(pin_table(&dom1, L1F, 2), -EINVAL); /* wrong level */
	ck_assert_int_eq(pin_table(&dom1, L1F, 5), -EINVAL);
	ck_assert_uint_eq(tcnt(L1F), 2);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	ck_assert(validated(L1F));                        /* its own pin keeps it */
	ck_assert_uint_eq(tcnt(L1F), 1);
	ck_assert_int_eq(unpin_table(&dom1, L1F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(mod_l1_success_and_failure)
{
	build_tree();
	/* Replace DATA (RW) with SPARE (RW): SPARE gains, DATA loses. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(SPARE, P | RW), false), 0);
	ck_assert_uint_eq(gen(SPARE), 2);
	ck_assert_uint_eq(tcnt(SPARE), 1);
	ck_assert_uint_eq(gen(DATA), 1);
	ck_assert_uint_eq(tcnt(DATA), 0);
	/* A failing update leaves entry and counts as they were. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(L3F, P | RW), false), -EBUSY);
	ck_assert_uint_eq(ram[L1F][0], pte(SPARE, P | RW | US | _PAGE_GUEST_KERNEL));
	ck_assert_uint_eq(gen(SPARE), 2);
	ck_assert_uint_eq(tcnt(SPARE), 1);
	ck_assert_uint_eq(gen(L3F), 2);
	ck_assert_uint_eq(tcnt(L3F), 1);
	/* Bad arguments. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 512, 0, false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L2F, 0, 0, false), -EINVAL);  /* not an L1 */
	ck_assert_int_eq(mod_l1_entry(&dom1, SPARE + 1, 0, 0, false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, NFR + 1, 0, 0, false), -EINVAL);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(mod_fast_path_and_preserve_ad)
{
	build_tree();
	uint64_t base = pte(DATA, P | RW | US | _PAGE_GUEST_KERNEL);

	/* A/D/NX/software bits: same references. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, base | _PAGE_ACCESSED |
				       _PAGE_DIRTY | _PAGE_NX, false), 0);
	ck_assert_uint_eq(tcnt(DATA), 1);
	ck_assert_uint_eq(gen(DATA), 2);
	/* Dropping RW is not a fast path: the writable type ref goes. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(DATA, P), false), 0);
	ck_assert_uint_eq(tcnt(DATA), 0);
	ck_assert_uint_eq(gen(DATA), 2);
	/* preserve_ad keeps the A/D bits the entry had. */
	ram[L1F][0] |= _PAGE_ACCESSED | _PAGE_DIRTY;
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(DATA, P | RW), true), 0);
	ck_assert_uint_eq(ram[L1F][0], pte(DATA, P | RW | US | _PAGE_GUEST_KERNEL |
					   _PAGE_ACCESSED | _PAGE_DIRTY));
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, pte(DATA, P | RW), false), 0);
	ck_assert_uint_eq(ram[L1F][0], pte(DATA, P | RW | US | _PAGE_GUEST_KERNEL));
	ck_assert_uint_eq(tcnt(DATA), 1);
}
END_TEST

START_TEST(mod_upper_levels)
{
	build_tree();
	/* A second L1 under L2F. */
	ram[SPARE][9] = pte(SPARE + 1, P | RW);
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 1, pte(SPARE, P | RW), false), 0);
	ck_assert_uint_eq(ft[SPARE].type_info, PGT_l1_page_table | PGT_validated | 1);
	ck_assert_uint_eq(tcnt(SPARE + 1), 1);
	/* Move it to another slot of L3F's new L2. */
	ck_assert_int_eq(mod_l3_entry(&dom1, L3F, 1, pte(SPARE + 2, P | RW), false), 0);
	ck_assert_uint_eq(ttype(SPARE + 2), PGT_l2_page_table);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 1, pte(SPARE + 3, P | RW), false), 0);
	ck_assert_uint_eq(ttype(SPARE + 3), PGT_l3_page_table);
	/* Wrong levels. */
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 2, pte(SPARE + 2, P | RW), false), -EINVAL);
	ck_assert_int_eq(mod_l3_entry(&dom1, L3F, 2, pte(L1F, P), false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 2, pte(L2F, P), false), -EINVAL);
	/* Clearing drops it all. */
	ck_assert_int_eq(mod_l2_entry(&dom1, L2F, 1, 0, false), 0);
	ck_assert_uint_eq(tcnt(SPARE), 0);
	ck_assert_uint_eq(tcnt(SPARE + 1), 0);
	ck_assert(!validated(SPARE));
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(linear_l4)
{
	build_tree();
	/* Self map read-only: allowed, no references. */
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 5, pte(L4F, P), false), 0);
	ck_assert_uint_eq(tcnt(L4F), 1);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 6, pte(L4F, P | RW), false), -EINVAL);
	/* A second pinned L4 mapped read-only from the first. */
	ram[SPARE][0] = pte(L3F, P);
	ck_assert_int_eq(pin_table(&dom1, SPARE, 4), 0);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 7, pte(SPARE, P | RW), false), -EINVAL);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 7, pte(SPARE, P), false), 0);
	ck_assert_uint_eq(tcnt(SPARE), 2);
	ck_assert_int_eq(ft[L4F].linear_pt_count, 1);
	ck_assert_int_eq(ft[SPARE].linear_pt_count, -1);
	/* SPARE is used linearly: it may not have linear entries itself. */
	ck_assert_int_eq(mod_l4_entry(&dom1, SPARE, 7, pte(L4F, P), false), -EINVAL);
	/* A frame in use as another type is neither an L3 nor a linear L4. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 8, pte(SPARE + 1, P | RW), false), 0);
	ck_assert_int_eq(mod_l4_entry(&dom1, L4F, 8, pte(SPARE + 1, P), false), -EINVAL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 8, 0, false), 0);
	/* Unpinning the target leaves it alive through the linear entry. */
	ck_assert_int_eq(unpin_table(&dom1, SPARE), 0);
	ck_assert(validated(SPARE));
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(linear_l4_validation)
{
	build_tree();
	ram[SPARE][0] = pte(L4F, P);                 /* maps a validated L4 */
	ram[SPARE][1] = pte(SPARE, P);               /* and itself */
	ck_assert_int_eq(pin_table(&dom1, SPARE, 4), 0);
	ck_assert_int_eq(ft[SPARE].linear_pt_count, 1);
	ck_assert_uint_eq(tcnt(L4F), 2);
	ram[SPARE + 1][0] = pte(SPARE + 1, P | RW);  /* writable self map */
	ck_assert_int_eq(pin_table(&dom1, SPARE + 1, 4), -EINVAL);
	ck_assert_int_eq(unpin_table(&dom1, SPARE), 0);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(destroy_returns_counts_to_zero)
{
	build_tree();
	ram[SPARE][0] = pte(L4F, P);
	ck_assert_int_eq(pin_table(&dom1, SPARE, 4), 0);
	ck_assert_int_eq(pin_table(&dom1, L1F, 1), 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(1, P), false), 0);
	ck_assert_uint_eq(domain_relinquish_pages(&dom1), 0);
	ck_assert_uint_eq(dom1.tot_pages, 0);
	ck_assert(list_empty(&dom1.page_list));
	for (mfn_t m = D1_FIRST; m < D2_FIRST; m++) {
		ck_assert_msg(freed[m] == 1, "frame %lu freed %u times", m, freed[m]);
		ck_assert_uint_eq(ft[m].count_info, 0);
		ck_assert_uint_eq(tcnt(m), 0);
		ck_assert_int_eq(ft[m].linear_pt_count, 0);
	}
	ck_assert_uint_eq(gen(1), 1);                /* the Xen frame's refs went */
	ck_assert_uint_eq(gen(D2_FIRST), 1);         /* dom2 untouched */
	ck_assert_uint_eq(dom2.tot_pages, FREE_FIRST - D2_FIRST);
}
END_TEST

START_TEST(destroy_reports_held_frames)
{
	build_tree();
	ck_assert(get_page(&ft[DATA], &dom1));       /* someone else holds DATA */
	ck_assert_uint_eq(domain_relinquish_pages(&dom1), 1);
	ck_assert_uint_eq(dom1.tot_pages, 1);
	ck_assert_uint_eq(freed[DATA], 0);
	put_page(&ft[DATA]);
	ck_assert_uint_eq(freed[DATA], 1);
}
END_TEST

START_TEST(destroy_devalidates_held_tables)
{
	build_tree();
	/* A vCPU's CR3 still holds the L4 when the domain is torn down. */
	ck_assert_int_eq(get_page_and_type(&ft[L4F], &dom1, PGT_l4_page_table), 0);
	ck_assert_uint_eq(domain_relinquish_pages(&dom1), 1);
	ck_assert(!validated(L4F));                  /* forced: its tree is gone */
	ck_assert_uint_eq(tcnt(L4F), 1);
	for (mfn_t m = L3F; m < D2_FIRST; m++)
		ck_assert_msg(freed[m] == 1, "frame %lu freed %u times", m, freed[m]);
	put_page_and_type(&ft[L4F]);                 /* no second de-validation */
	ck_assert_uint_eq(freed[L4F], 1);
	ck_assert_uint_eq(freed[L3F], 1);
	ck_assert_int_eq(maps_out, 0);
}
END_TEST

/* ---- random operation sequences against a reference model ---- */

#define POOL1 48                     /* dom1 frames used: D1_FIRST.. */
#define POOL2 16                     /* dom2 frames used: D2_FIRST.. */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned int rndn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static mfn_t pool_frame(struct domain *d)
{
	return d == &dom1 ? D1_FIRST + rndn(POOL1) : D2_FIRST + rndn(POOL2);
}

/* A random entry: mostly the domain's own frames with ordinary flags. */
static uint64_t random_entry(struct domain *d)
{
	unsigned int r = rndn(100);
	mfn_t target;
	uint64_t f = P;

	if (r < 8)
		return 0;
	if (r < 12)
		target = rndn(16);                       /* Xen's */
	else if (r < 15)
		target = pool_frame(d == &dom1 ? &dom2 : &dom1);
	else if (r < 16)
		target = NFR + rndn(4);                  /* MMIO */
	else
		target = pool_frame(d);
	if (rndn(2))
		f |= RW;
	if (rndn(2))
		f |= US;
	if (rndn(4) == 0)
		f |= _PAGE_ACCESSED | _PAGE_DIRTY;
	if (rndn(8) == 0)
		f |= _PAGE_NX;
	if (rndn(40) == 0)
		f |= _PAGE_PSE;
	if (rndn(40) == 0)
		f |= _PAGE_PCD;
	if (rndn(40) == 0)
		f |= _PAGE_GLOBAL;
	return pte(target, f);
}

static unsigned int random_index(void)
{
	static const unsigned int idx[] = { 0, 1, 2, 3, 4, 5, 256, 271, 511 };

	return idx[rndn(ARRAY_SIZE(idx))];
}

static unsigned long exp_gen[NFR], exp_type[NFR];
static long exp_linear[NFR];
static bool writable_mapped[NFR];

/* Fails the test with where and what: seed, step and the numbers. */
#define MODEL_CHECK(cond, seed, step, ...) do { if (!(cond)) { \
	char _m[256]; snprintf(_m, sizeof(_m), __VA_ARGS__); \
	ck_abort_msg("seed %u step %u: %s", seed, step, _m); } } while (0)

static bool table_in_use(mfn_t m)
{
	unsigned long t = ttype(m);

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table && validated(m);
}

/*
 * Recompute every reference from scratch: allocations, pins and the
 * entries of every validated table. Then compare with the frame table
 * and check the safety property.
 */
static void model_check(unsigned int seed, unsigned int step)
{
	memset(exp_gen, 0, sizeof(exp_gen));
	memset(exp_type, 0, sizeof(exp_type));
	memset(exp_linear, 0, sizeof(exp_linear));
	memset(writable_mapped, 0, sizeof(writable_mapped));
	for (mfn_t m = 0; m < NFR; m++) {
		if (ft[m].count_info & PGC_allocated)
			exp_gen[m]++;
		if (ft[m].count_info & PGC_xen_shared)
			exp_type[m]++;
		if (ft[m].type_info & PGT_pinned) {
			exp_gen[m]++;
			exp_type[m]++;
		}
	}
	for (mfn_t m = 0; m < NFR; m++) {
		unsigned int level;

		if (!table_in_use(m))
			continue;
		MODEL_CHECK(tcnt(m) > 0, seed, step, "validated table %lu has type count 0", m);
		level = (unsigned int)(ttype(m) >> PGT_type_shift);
		for (unsigned int i = 0; i < 512; i++) {
			uint64_t e = ram[m][i];
			mfn_t t = pte_mfn(e);

			if (level == 4 && !is_guest_l4_slot(i)) {
				MODEL_CHECK(e == (XEN_MARK | i), seed, step,
					    "L4 %lu slot %u is %#lx, not the hypervisor's", m, i,
					    (unsigned long)e);
				continue;
			}
			if (!(e & P))
				continue;
			MODEL_CHECK(e & US, seed, step, "L%u %lu[%u] lacks _PAGE_USER", level, m, i);
			MODEL_CHECK(t < NFR, seed, step, "L%u %lu[%u] maps MMIO %lu", level, m, i, t);
			MODEL_CHECK(ft[t].owner == ft[m].owner ||
				    (level == 1 && !(e & RW) && (ft[t].count_info & PGC_xen_shared)),
				    seed, step, "L%u %lu[%u] maps frame %lu of owner %u", level, m, i,
				    t, ft[t].owner);
			if (level == 1) {
				exp_gen[t]++;
				if (e & RW) {
					exp_type[t]++;
					writable_mapped[t] = true;
				}
				continue;
			}
			if (t == m || ttype(t) == ttype(m))
				MODEL_CHECK(!(e & RW), seed, step, "L%u %lu[%u] is a writable "
					    "linear entry", level, m, i);
			if (t == m)
				continue;
			exp_gen[t]++;
			exp_type[t]++;
			if (ttype(t) == ttype(m)) {
				exp_linear[m]++;
				exp_linear[t]--;
			} else {
				MODEL_CHECK(ttype(t) >> PGT_type_shift == level - 1, seed, step,
					    "L%u %lu[%u] maps frame %lu of type %lu", level, m, i, t,
					    ttype(t) >> PGT_type_shift);
			}
		}
	}
	for (mfn_t m = 0; m < NFR; m++) {
		MODEL_CHECK(!(writable_mapped[m] && table_in_use(m)), seed, step,
			    "frame %lu is writably mapped and a validated page table", m);
		MODEL_CHECK(!writable_mapped[m] || ttype(m) == PGT_writable_page, seed, step,
			    "frame %lu writably mapped with type %lu", m, ttype(m) >> PGT_type_shift);
		MODEL_CHECK(gen(m) == exp_gen[m], seed, step,
			    "frame %lu: expected general count %lu, saw %lu", m, exp_gen[m], gen(m));
		MODEL_CHECK(tcnt(m) == exp_type[m], seed, step,
			    "frame %lu: expected type count %lu, saw %lu", m, exp_type[m], tcnt(m));
		MODEL_CHECK(ft[m].linear_pt_count == exp_linear[m], seed, step,
			    "frame %lu: expected linear count %ld, saw %d", m, exp_linear[m],
			    ft[m].linear_pt_count);
	}
	MODEL_CHECK(maps_out == 0, seed, step, "%ld mappings left", maps_out);
}

static void random_step(void)
{
	struct domain *d = rndn(4) ? &dom1 : &dom2;
	mfn_t m = pool_frame(d);
	unsigned int level = 1 + rndn(4);
	unsigned int r = rndn(100);

	if (table_in_use(m) && rndn(8))
		level = (unsigned int)(ttype(m) >> PGT_type_shift);
	if (r < 30) {
		/* The guest writes a frame that is no table in use. */
		if (!table_in_use(m))
			ram[m][random_index()] = random_entry(d);
	} else if (r < 45) {
		pin_table(d, m, level);
	} else if (r < 55) {
		unpin_table(d, m);
	} else {
		int (*const mod[])(struct domain *, mfn_t, unsigned int, uint64_t, bool) = {
			mod_l1_entry, mod_l2_entry, mod_l3_entry, mod_l4_entry,
		};

		mod[level - 1](d, m, random_index(), random_entry(d), rndn(2));
	}
}

static void destroy_and_check(struct domain *d, mfn_t first, mfn_t end,
			      unsigned int seed, unsigned int step)
{
	unsigned long held = domain_relinquish_pages(d);

	MODEL_CHECK(held == 0 && d->tot_pages == 0, seed, step,
		    "domain %u: %lu frames held, tot_pages %lu after destruction",
		    d->domain_id, held, d->tot_pages);
	for (mfn_t m = first; m < end; m++)
		MODEL_CHECK(freed[m] == 1 && ft[m].count_info == 0 && tcnt(m) == 0 &&
			    ft[m].linear_pt_count == 0, seed, step,
			    "frame %lu after destruction: freed %u times, count_info %#lx, "
			    "type_info %#lx", m, freed[m], ft[m].count_info, ft[m].type_info);
}

static void random_run(unsigned int seed, unsigned int steps)
{
	machine_reset();
	rng_state = 0x9e3779b97f4a7c15ULL * (seed + 1);
	for (unsigned int step = 1; step <= steps; step++) {
		random_step();
		model_check(seed, step);
		if (step % 1500 == 0) {
			/* Destroy domain 1 and start it again on fresh frames. */
			destroy_and_check(&dom1, D1_FIRST, D2_FIRST, seed, step);
			memset(freed, 0, sizeof(freed));
			memset(ram[D1_FIRST], 0, (D2_FIRST - D1_FIRST) * PAGE_SIZE);
			domain_init(&dom1, 1, D1_FIRST, D2_FIRST);
			model_check(seed, step);
		}
	}
	destroy_and_check(&dom1, D1_FIRST, D2_FIRST, seed, steps);
	destroy_and_check(&dom2, D2_FIRST, FREE_FIRST, seed, steps);
	for (mfn_t m = 0; m < 16; m++)
		MODEL_CHECK(gen(m) == 1, seed, steps, "Xen frame %lu: general count %lu",
			    m, gen(m));
}

START_TEST(random_sequences)
{
	random_run((unsigned int)_i + 1, 6000);
}
END_TEST

static Suite *page_type_suite(void)
{
	Suite *s = suite_create("page_type");
	TCase *tc = tcase_create("refs");

	tcase_add_test(tc, get_page_owner_and_free);
	tcase_add_test(tc, get_page_overflow);
	tcase_add_test(tc, put_page_last_frees);
	tcase_add_test(tc, type_switch_and_conflict);
	tcase_add_test(tc, type_count_overflow);
	tcase_add_test(tc, failed_validation_leaves_untyped);
	suite_add_tcase(s, tc);
	tc = tcase_create("tables");
	tcase_add_test(tc, build_and_pin_tree);
	tcase_add_test(tc, user_bit_forced);
	tcase_add_test(tc, hypervisor_l4_slots);
	tcase_add_test(tc, table_never_writable);
	tcase_add_test(tc, writable_data_cannot_become_table);
	tcase_add_test(tc, foreign_frames_refused);
	tcase_add_test(tc, mmio_frames_refused);
	tcase_add_test(tc, xen_shared_frames);
	tcase_add_test(tc, reserved_bits_refused);
	tcase_add_test(tc, pse_refused);
	tcase_add_test(tc, unpin_releases_everything);
	tcase_add_test(tc, double_pin_refused);
	tcase_add_test(tc, mod_l1_success_and_failure);
	tcase_add_test(tc, mod_fast_path_and_preserve_ad);
	tcase_add_test(tc, mod_upper_levels);
	tcase_add_test(tc, linear_l4);
	tcase_add_test(tc, linear_l4_validation);
	tcase_add_test(tc, destroy_returns_counts_to_zero);
	tcase_add_test(tc, destroy_reports_held_frames);
	tcase_add_test(tc, destroy_devalidates_held_tables);
	suite_add_tcase(s, tc);
	tc = tcase_create("random");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, random_sequences, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { page_type_suite, NULL };

	return harness_run(suites);
}
