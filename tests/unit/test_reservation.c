/* Unit tests: memory reservations (guest_remove_page, max order, address bits). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "page_type_fixture.h"
#include "reservation.h"
#include "errno.h"
#include <xen/memory.h>

START_TEST(max_order_is_xens_default)
{
	struct domain d = { 0 };

	ck_assert_uint_eq(memop_max_order(&d), 9);
	d.is_privileged = true;
	ck_assert_uint_eq(memop_max_order(&d), 12);
}
END_TEST

START_TEST(address_bits_as_construct_memop)
{
	unsigned int bits = 99;

	/* 65536 frames: 28 bits of address cover all of them. */
	ck_assert_int_eq(memop_address_bits(0, 65536, &bits), 0);
	ck_assert_uint_eq(bits, 0);
	ck_assert_int_eq(memop_address_bits(XENMEMF_address_bits(28), 65536,
					    &bits), 0);
	ck_assert_uint_eq(bits, 0);
	ck_assert_int_eq(memop_address_bits(XENMEMF_address_bits(20), 65536,
					    &bits), 0);
	ck_assert_uint_eq(bits, 20);
	ck_assert_int_eq(memop_address_bits(XENMEMF_address_bits(12), 65536,
					    &bits), -EINVAL);
	ck_assert_int_eq(memop_address_bits(XENMEMF_address_bits(1) |
					    XENMEMF_node(3), 65536, &bits),
			 -EINVAL);
}
END_TEST

START_TEST(plain_frame_is_freed)
{
	machine_reset();
	ck_assert_int_eq(guest_remove_page(&dom1, SPARE), 0);
	ck_assert_uint_eq(freed[SPARE], 1);
	ck_assert(!(ft[SPARE].count_info & PGC_allocated));
	/* Gone: a second time it is not dom1's (free). */
	ck_assert_int_eq(guest_remove_page(&dom1, SPARE), -ENXIO);
	ck_assert_uint_eq(freed[SPARE], 1);
}
END_TEST

START_TEST(foreign_invalid_and_hypervisor_frames_refused)
{
	machine_reset();
	ck_assert_int_eq(guest_remove_page(&dom1, NFR), -EINVAL);
	ck_assert_int_eq(guest_remove_page(&dom1, ~0UL), -EINVAL);
	ck_assert_int_eq(guest_remove_page(&dom1, D2_FIRST), -ENXIO);
	ck_assert_int_eq(guest_remove_page(&dom1, 3), -ENXIO);      /* M2P-like */
	ck_assert_int_eq(guest_remove_page(&dom1, FREE_FIRST), -ENXIO);
	ck_assert_uint_eq(gen(D2_FIRST), 1);
	/* Its shared_info, and a frame not on its list (a grant frame). */
	dom1.shared_info_mfn = SPARE;
	ck_assert_int_eq(guest_remove_page(&dom1, SPARE), -EBUSY);
	ck_assert_uint_eq(gen(SPARE), 1);
	share_xen_page_rw(&ft[FREE_FIRST], &dom1);
	ck_assert_int_eq(guest_remove_page(&dom1, FREE_FIRST), -EBUSY);
	ck_assert(ft[FREE_FIRST].count_info & PGC_allocated);
}
END_TEST

START_TEST(mapped_frame_stays_until_unmapped)
{
	build_tree();
	ck_assert_int_eq(guest_remove_page(&dom1, DATA), 0);
	ck_assert_uint_eq(freed[DATA], 0);          /* the L1 maps it */
	ck_assert_uint_eq(gen(DATA), 1);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, 0, false), 0);
	ck_assert_uint_eq(freed[DATA], 1);
}
END_TEST

START_TEST(pinned_table_is_unpinned_then_freed)
{
	build_tree();
	ck_assert_int_eq(guest_remove_page(&dom1, L4F), 0);
	ck_assert(!(ft[L4F].type_info & PGT_pinned));
	ck_assert_uint_eq(freed[L4F], 1);           /* nothing else used it */
	ck_assert_uint_eq(tcnt(L3F), 0);            /* the tree de-validated */
	ck_assert_uint_eq(gen(L3F), 1);
}
END_TEST

START_TEST(exchangeable_frames_as_steal_page)
{
	build_tree();
	/* Held only by its allocation: yes. */
	ck_assert(memop_page_exchangeable(&dom1, SPARE));
	/* Mapped by an L1, a pinned table, another domain's, invalid,
	 * free: no. */
	ck_assert(!memop_page_exchangeable(&dom1, DATA));
	ck_assert(!memop_page_exchangeable(&dom1, L4F));
	ck_assert(!memop_page_exchangeable(&dom1, D2_FIRST));
	ck_assert(!memop_page_exchangeable(&dom1, NFR));
	ck_assert(!memop_page_exchangeable(&dom1, FREE_FIRST));
	/* Its shared_info, and a frame shared with the hypervisor. */
	dom1.shared_info_mfn = SPARE;
	ck_assert(!memop_page_exchangeable(&dom1, SPARE));
	dom1.shared_info_mfn = 0;
	ck_assert(memop_page_exchangeable(&dom1, SPARE));
	/* Once unmapped, the data frame can go. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 0, 0, false), 0);
	ck_assert(memop_page_exchangeable(&dom1, DATA));
}
END_TEST

static Suite *reservation_suite(void)
{
	Suite *s = suite_create("reservation");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, max_order_is_xens_default);
	tcase_add_test(tc, address_bits_as_construct_memop);
	tcase_add_test(tc, exchangeable_frames_as_steal_page);
	tcase_add_test(tc, plain_frame_is_freed);
	tcase_add_test(tc, foreign_invalid_and_hypervisor_frames_refused);
	tcase_add_test(tc, mapped_frame_stays_until_unmapped);
	tcase_add_test(tc, pinned_table_is_unpinned_then_freed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { reservation_suite, NULL };

	return harness_run(suites);
}
