/* Unit tests: Xen's page-type model (hv/mm/page_type.c, hv/mm/page_table.c) on a fake machine. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errno.h"
#include "iomem.h"
#include "page_type_fixture.h"

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

/* Leaving writable (or no) type for any other calls the flush hook. */
START_TEST(retype_calls_the_flush_hook)
{
	machine_reset();
	ck_assert_int_eq(get_page_type(&ft[100], PGT_writable_page), 0);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_writable_page), 0);
	ck_assert_msg(retyped[100] == 0, "becoming writable needs no flush, "
		      "saw %u hook calls", retyped[100]);
	put_page_type(&ft[100]);
	put_page_type(&ft[100]);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_l1_page_table), 0);
	ck_assert_msg(retyped[100] == 1, "writable -> L1: expected 1 hook "
		      "call, saw %u", retyped[100]);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_l1_page_table), 0);
	ck_assert_uint_eq(retyped[100], 1);       /* a second reference */
	put_page_type(&ft[100]);
	put_page_type(&ft[100]);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_l1_page_table), 0);
	ck_assert_uint_eq(retyped[100], 1);       /* still L1: no change */
	put_page_type(&ft[100]);
	ck_assert_int_eq(get_page_type(&ft[100], PGT_seg_desc_page), 0);
	ck_assert_uint_eq(retyped[100], 2);
	put_page_type(&ft[100]);
	ck_assert_int_eq(get_page_type(&ft[101], PGT_seg_desc_page), 0);
	ck_assert_msg(retyped[101] == 1, "none -> descriptor page: expected "
		      "1 hook call, saw %u", retyped[101]);
	put_page_type(&ft[101]);
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

/* dom1 given I/O permissions: frames past the table and DOMID_IO's. */
static struct io_perms io1;

static void give_dom1_io(void)
{
	rangeset_init(&io1.iomem);
	rangeset_init(&io1.iomem_ro);
	rangeset_add_range(&io1.iomem, NFR, NFR + 100);
	rangeset_add_range(&io1.iomem, FREE_FIRST + 50, FREE_FIRST + 50);
	rangeset_add_range(&io1.iomem_ro, NFR + 7, NFR + 7);
	ft[FREE_FIRST + 50].owner = DOMID_IO;
	ft[FREE_FIRST + 51].owner = DOMID_IO;
	iomem_set_hwdom(1, &io1);
}

START_TEST(io_frames_under_permissions)
{
	uint64_t *l1;

	build_tree();
	give_dom1_io();
	l1 = (uint64_t *)ram[L1F];
	/* Permitted: no references taken, the entry as asked. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(NFR + 5, P | RW), false), 0);
	ck_assert(l1[3] & RW);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 4, pte(FREE_FIRST + 50, P | RW),
				      false), 0);
	ck_assert_uint_eq(gen(FREE_FIRST + 50), 0);
	/* Read-only I/O frame: granted with RW stripped. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 5, pte(NFR + 7, P | RW), false), 0);
	ck_assert(!(l1[5] & RW));
	ck_assert(l1[5] & P);
	/* Outside the set: -EPERM, whether past the table or DOMID_IO's. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, pte(NFR + 200, P), false), -EPERM);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, pte(FREE_FIRST + 51, P), false),
			 -EPERM);
	/* Hypervisor RAM stays refused to an I/O-capable domain. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, pte(9, P), false), -EBUSY);
	/* Cache attributes: allowed to dom1 now, still refused to dom2. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, pte(SPARE, P | _PAGE_PCD |
						       _PAGE_PWT), false), 0);
	/* Zapping I/O entries puts no reference. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, 0, false), 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 4, 0, false), 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 5, 0, false), 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 6, 0, false), 0);
	ck_assert_uint_eq(gen(FREE_FIRST + 50), 0);
	ck_assert_uint_eq(freed[FREE_FIRST + 50], 0);
	iomem_set_hwdom(1, NULL);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
}
END_TEST

START_TEST(io_frames_and_cache_bits_refused_without_permissions)
{
	build_tree();
	give_dom1_io();
	iomem_set_hwdom(1, NULL);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(NFR + 5, P), false), -EPERM);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(FREE_FIRST + 50, P), false),
			 -EPERM);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 3, pte(SPARE, P | _PAGE_PCD),
				      false), -EINVAL);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);
	assert_quiescent();
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
	ck_assert_msg(foreign_dropped[1] == 0, "dom1's own frame replaced: "
		      "expected no foreign-frame flush, saw %u", foreign_dropped[1]);
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

static Suite *page_type_suite(void)
{
	Suite *s = suite_create("page_type");
	TCase *tc = tcase_create("refs");

	tcase_add_test(tc, get_page_owner_and_free);
	tcase_add_test(tc, get_page_overflow);
	tcase_add_test(tc, put_page_last_frees);
	tcase_add_test(tc, type_switch_and_conflict);
	tcase_add_test(tc, type_count_overflow);
	tcase_add_test(tc, retype_calls_the_flush_hook);
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
	tcase_add_test(tc, io_frames_under_permissions);
	tcase_add_test(tc, io_frames_and_cache_bits_refused_without_permissions);
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
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = {
		page_type_suite, page_type_random_suite, NULL,
	};

	return harness_run(suites);
}
