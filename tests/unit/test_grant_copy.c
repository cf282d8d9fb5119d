/* Unit tests: grant copy, swap, and a mapper's or granter's death (hv/grant_*.c). */
#include "grant_fixture.h"

/* ---- copy ---- */

static int16_t copy(struct domain *cd, uint32_t sref_or_mfn, domid_t sdom,
		    uint16_t soff, uint32_t dref_or_mfn, domid_t ddom,
		    uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = { .len = len, .flags = flags };

	op.source.domid = sdom;
	op.source.offset = soff;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = sref_or_mfn;
	else
		op.source.u.gmfn = sref_or_mfn;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = dref_or_mfn;
	else
		op.dest.u.gmfn = dref_or_mfn;
	gnttab_copy_one(cd, &op);
	return op.status;
}

START_TEST(copy_both_ways_and_refusals)
{
	setup();
	grant(REF, 2, G, GTF_permit_access);
	grant(REF + 1, 2, G2, GTF_permit_access | GTF_readonly);
	memcpy((char *)ram[G] + 100, "granted", 8);
	ck_assert_int_eq(copy(&dom2, REF, 1, 100, D2DATA, DOMID_SELF, 10, 8,
			      GNTCOPY_source_gref), GNTST_okay);
	ck_assert_str_eq((char *)ram[D2DATA] + 10, "granted");
	memcpy((char *)ram[D2DATA] + 200, "back", 5);
	ck_assert_int_eq(copy(&dom2, D2DATA, DOMID_SELF, 200, REF, 1, 4000, 5,
			      GNTCOPY_dest_gref), GNTST_okay);
	ck_assert_str_eq((char *)ram[G] + 4000, "back");
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	/* Grant to grant: ref 8 into itself. */
	ck_assert_int_eq(copy(&dom2, REF, 1, 100, REF, 1, 0, 8,
			      GNTCOPY_source_gref | GNTCOPY_dest_gref), GNTST_okay);
	ck_assert_str_eq((char *)ram[G], "granted");
	/* Refusals. */
	ck_assert_int_eq(copy(&dom2, REF, 1, 4090, D2DATA, DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref), GNTST_bad_copy_arg);
	ck_assert_int_eq(copy(&dom2, REF, 1, 0, D2DATA, DOMID_SELF, 4095, 2,
			      GNTCOPY_source_gref), GNTST_bad_copy_arg);
	ck_assert_int_eq(copy(&dom2, G, 1, 0, D2DATA, DOMID_SELF, 0, 8, 0),
			 GNTST_permission_denied);      /* a frame of another */
	ck_assert_int_eq(copy(&dom2, G, DOMID_SELF, 0, D2DATA, DOMID_SELF, 0, 8, 0),
			 GNTST_bad_page);               /* not my frame */
	ck_assert_int_eq(copy(&dom2, REF, 77, 0, D2DATA, DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref), GNTST_bad_domain);
	ck_assert_int_eq(copy(&dom2, 600, 1, 0, D2DATA, DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref), GNTST_bad_gntref);
	ck_assert_int_eq(copy(&dom2, D2DATA, DOMID_SELF, 0, REF + 1, 1, 0, 8,
			      GNTCOPY_dest_gref), GNTST_general_error);
	ck_assert_int_eq(copy(&dom1, REF, 1, 0, D2DATA, 2, 0, 8,
			      GNTCOPY_source_gref), GNTST_permission_denied);
	ck_assert_int_eq(copy(&dom1, REF, 1, 0, DATA, DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref), GNTST_general_error);
	/* A page table can not be a copy destination. */
	ck_assert_int_eq(copy(&dom2, REF, 1, 0, D2L1, DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref), GNTST_general_error);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	ck_assert_uint_eq(gflags(REF + 1), GTF_permit_access | GTF_readonly);
	assert_idle(G);
	assert_idle(G2);
	ck_assert_uint_eq(gen(D2DATA), 2);
	ck_assert_uint_eq(tcnt(D2DATA), 1);
}
END_TEST

/* ---- swap ---- */

START_TEST(swap_refs)
{
	grant_handle_t h;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	grant(REF + 1, 2, G2, 0);
	ck_assert_int_eq(gnttab_swap_grant_ref(&dom1, REF, REF + 1), GNTST_okay);
	ck_assert_uint_eq(gent(&dom1, REF + 1)->frame, G);
	ck_assert_uint_eq(gent(&dom1, REF)->frame, G2);
	ck_assert_int_eq(gnttab_swap_grant_ref(&dom1, REF, 512), GNTST_bad_gntref);
	ck_assert_int_eq(map(&dom2, 1, REF + 1, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_okay);
	ck_assert_int_eq(gnttab_swap_grant_ref(&dom1, REF, REF + 1), GNTST_eagain);
	ck_assert_int_eq(gnttab_swap_grant_ref(&dom1, REF + 1, REF + 1), GNTST_okay);
}
END_TEST

/* ---- death ---- */

START_TEST(mapper_dies)
{
	grant_handle_t h, hd;
	mfn_t f0 = 0;

	setup();
	f0 = dom2.grant_table->shared[0];
	grant(REF, 2, G, GTF_permit_access);
	grant(REF + 1, 2, G2, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	ck_assert_int_eq(map(&dom2, 1, REF + 1, GNTMAP_device_map, 0, &hd),
			 GNTST_okay);
	dom2.is_dying = true;
	grant_table_destroy(&dom2);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	ck_assert_uint_eq(gflags(REF + 1), GTF_permit_access);
	ck_assert_uint_eq(dom1.grant_table->nr_pinned, 0);
	assert_idle(G2);
	ck_assert_uint_eq(gen(G), 2);                 /* still in dom2's L1 */
	ck_assert_uint_eq(freed[f0], 1);              /* its own table frame */
	ck_assert_uint_eq(domain_relinquish_pages(&dom2), 0);
	assert_idle(G);
	ck_assert_int_eq(map(&dom1, 2, REF, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_domain);
}
END_TEST

START_TEST(granter_dies_while_mapped)
{
	grant_handle_t h;
	mfn_t f0;

	setup();
	f0 = dom1.grant_table->shared[0];
	grant(REF, 2, G, GTF_permit_access);
	grant(REF + 1, 2, G2, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	dom1.is_dying = true;
	grant_table_destroy(&dom1);
	ck_assert_uint_eq(freed[f0], 1);
	ck_assert_uint_eq(domain_relinquish_pages(&dom1), 1);   /* G is held */
	ck_assert_uint_eq(freed[G], 0);
	ck_assert_uint_eq(gen(G), 1);
	ck_assert_uint_eq(ft[G].owner, 1);             /* not reused */
	ck_assert_int_eq(map(&dom2, 1, REF + 1, GNTMAP_host_map, 6 << 12, &h + 0),
			 GNTST_bad_domain);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_okay);
	ck_assert_uint_eq(freed[G], 1);
	ck_assert_uint_eq(ram[D2L1][5], 0);
	ck_assert_ptr_null(dom1.grant_table->active[0]);   /* dead table freed */
}
END_TEST

Suite *grant_copy_suite(void)
{
	Suite *s = suite_create("grant_copy");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, copy_both_ways_and_refusals);
	tcase_add_test(tc, swap_refs);
	tcase_add_test(tc, mapper_dies);
	tcase_add_test(tc, granter_dies_while_mapped);
	suite_add_tcase(s, tc);
	return s;
}
