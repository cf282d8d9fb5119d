/* Unit tests: grant tables v1 (hv/grant_*.c, hv/mm/grant_pte.c) on the page-type fake machine. */
#include "grant_fixture.h"

/* ---- page types: frames shared writable ---- */

START_TEST(share_rw_frame)
{
	setup();
	mfn_t f = dom1.grant_table->shared[0];

	ck_assert_uint_eq(ft[f].owner, 1);
	ck_assert_uint_eq(gen(f), 1);
	ck_assert_uint_eq(ttype(f), PGT_writable_page);
	ck_assert_uint_eq(tcnt(f), 1);
	/* The guest maps it writable, never as a table. */
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 5, pte(f, P | RW), false), 0);
	ck_assert_uint_eq(gen(f), 2);
	ck_assert_int_eq(pin_table(&dom1, f, 1), -EINVAL);
	ck_assert(!get_page(&ft[f], &dom2));
	/* Unshared while mapped: freed only when the mapping goes. */
	unshare_xen_page(&ft[f]);
	ck_assert_uint_eq(freed[f], 0);
	ck_assert_int_eq(mod_l1_entry(&dom1, L1F, 5, 0, false), 0);
	ck_assert_uint_eq(freed[f], 1);
	unshare_xen_page(&ft[f]);                  /* twice: nothing */
	ck_assert_uint_eq(freed[f], 1);
}
END_TEST

/* ---- setup_table, query_size, versions ---- */

START_TEST(setup_and_query)
{
	xen_pfn_t fr[GNTTAB_MAX_FRAMES];
	uint32_t nr = 0, max = 0;

	setup();
	ck_assert_int_eq(gnttab_query_size(&dom1, DOMID_SELF, &nr, &max), GNTST_okay);
	ck_assert_uint_eq(nr, 1);
	ck_assert_uint_eq(max, 32);
	ck_assert_int_eq(gnttab_setup_table(&dom1, DOMID_SELF, 4, fr), GNTST_okay);
	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(fr[i], dom1.grant_table->shared[i]);
		ck_assert_uint_eq(ft[fr[i]].owner, 1);
		ck_assert_uint_eq(ttype(fr[i]), PGT_writable_page);
	}
	ck_assert_int_eq(gnttab_query_size(&dom1, 1, &nr, &max), GNTST_okay);
	ck_assert_uint_eq(nr, 4);
	/* Smaller: no shrink, the first frames. */
	ck_assert_int_eq(gnttab_setup_table(&dom1, 1, 2, fr), GNTST_okay);
	ck_assert_uint_eq(dom1.grant_table->nr_frames, 4);
	ck_assert_int_eq(gnttab_setup_table(&dom1, DOMID_SELF, 33, fr),
			 GNTST_general_error);
	ck_assert_int_eq(gnttab_setup_table(&dom1, DOMID_SELF, 32, fr), GNTST_okay);
	ck_assert_int_eq(gnttab_setup_table(&dom2, 1, 1, fr),
			 GNTST_permission_denied);
	ck_assert_int_eq(gnttab_query_size(&dom2, 1, &nr, &max),
			 GNTST_permission_denied);
	ck_assert_int_eq(gnttab_setup_table(&dom2, 77, 1, fr), GNTST_bad_domain);
	ck_assert_int_eq(gnttab_query_size(&dom2, 77, &nr, &max), GNTST_bad_domain);
	dom2.is_privileged = true;
	ck_assert_int_eq(gnttab_setup_table(&dom2, 1, 1, fr), GNTST_okay);
	ck_assert_uint_eq(fr[0], dom1.grant_table->shared[0]);
}
END_TEST

START_TEST(versions)
{
	uint32_t v;

	setup();
	v = 1;
	ck_assert_int_eq(gnttab_set_version(&dom1, &v), 0);
	ck_assert_uint_eq(v, 1);
	v = 2;
	ck_assert_int_eq(gnttab_set_version(&dom1, &v), -ENOSYS);
	ck_assert_uint_eq(v, 1);
	v = 3;
	ck_assert_int_eq(gnttab_set_version(&dom1, &v), -EINVAL);
	ck_assert_uint_eq(v, 1);
	v = 0;
	ck_assert_int_eq(gnttab_get_version(&dom1, DOMID_SELF, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(gnttab_get_version(&dom1, 2, &v), -EPERM);
	ck_assert_int_eq(gnttab_get_version(&dom1, 77, &v), -ESRCH);
	/* v1 has no status frames: none is fine, any more is not. */
	ck_assert_int_eq(gnttab_get_status_frames(&dom1, DOMID_SELF, 0),
			 GNTST_okay);
	ck_assert_int_eq(gnttab_get_status_frames(&dom1, DOMID_SELF, 1),
			 GNTST_general_error);
	ck_assert_int_eq(gnttab_get_status_frames(&dom1, 2, 0),
			 GNTST_permission_denied);
	ck_assert_int_eq(gnttab_get_status_frames(&dom1, 77, 0),
			 GNTST_bad_domain);
}
END_TEST

/* ---- map and unmap ---- */

START_TEST(map_host_writable)
{
	grant_handle_t h = 99;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	ck_assert_uint_eq(pte_mfn(ram[D2L1][5]), G);
	ck_assert(ram[D2L1][5] & RW);
	ck_assert(ram[D2L1][5] & _PAGE_NX);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_reading | GTF_writing);
	ck_assert_uint_eq(gen(G), 2);                 /* allocation + mapping */
	ck_assert_uint_eq(ttype(G), PGT_writable_page);
	ck_assert_uint_eq(tcnt(G), 1);
	ck_assert_uint_eq(active_entry(dom1.grant_table, REF)->pin, GNTPIN_hstw_inc);
	/* A mapped frame can not become a page table. */
	ck_assert_int_eq(pin_table(&dom1, G, 1), -EINVAL);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_okay);
	ck_assert_uint_eq(ram[D2L1][5], 0);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	assert_idle(G);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_bad_handle);
	ck_assert_int_eq(unmap(&dom2, 12345, 5 << 12, 0), GNTST_bad_handle);
}
END_TEST

START_TEST(map_readonly)
{
	grant_handle_t h;

	setup();
	grant(REF, 2, G, GTF_permit_access | GTF_readonly);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_general_error);      /* r/o grant, writable map */
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_readonly);
	assert_idle(G);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_readonly,
			     5 << 12, &h), GNTST_okay);
	ck_assert(!(ram[D2L1][5] & RW));
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_readonly | GTF_reading);
	ck_assert_uint_eq(gen(G), 2);
	ck_assert_uint_eq(tcnt(G), 0);
	/* The guest can not make the mapping writable itself. */
	ck_assert_int_ne(mod_l1_entry(&dom2, D2L1, 5, ram[D2L1][5] | RW, false), 0);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_okay);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_readonly);
	assert_idle(G);
}
END_TEST

START_TEST(map_refusals)
{
	grant_handle_t h;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	grant(REF + 1, 3, G, GTF_permit_access);       /* to another domain */
	grant(REF + 2, 2, G, 0);                       /* not granted */
	grant(REF + 3, 2, G, GTF_permit_access | GTF_sub_page);
	grant(REF + 4, 2, D2DATA, GTF_permit_access);  /* not dom1's frame */
	ck_assert_int_eq(map(&dom2, 1, REF + 1, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF + 2, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF + 3, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF + 4, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_page);
	ck_assert_uint_eq(gflags(REF + 4), GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, 512, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_gntref);                  /* one frame: 512 refs */
	ck_assert_int_eq(map(&dom2, 1, ~0U, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_gntref);
	ck_assert_int_eq(map(&dom2, 77, REF, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_domain);
	ck_assert_int_eq(map(&dom2, DOMID_SELF, REF, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_bad_domain);                  /* by id only, as Xen */
	ck_assert_int_eq(map(&dom2, 1, REF, 0, 5 << 12, &h), GNTST_bad_gntref);
	/* Bad host addresses: nothing left pinned, referenced or flagged. */
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 1UL << 40, &h),
			 GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_contains_pte,
			     ((uint64_t)D2L1 << 12) + 3, &h), GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_contains_pte,
			     (uint64_t)D2DATA << 12, &h), GNTST_general_error);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_contains_pte,
			     (uint64_t)L1F << 12, &h), GNTST_general_error);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	assert_idle(G);
	/* The ref is in use by domain 2: nobody else may pin it. */
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	grant(REF, 1, G, GTF_permit_access | GTF_reading | GTF_writing);
	ck_assert_int_eq(map(&dom1, 1, REF, GNTMAP_host_map, 5 << 12, &h),
			 GNTST_general_error);
}
END_TEST

START_TEST(map_contains_pte_and_device)
{
	grant_handle_t h, hd;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_contains_pte,
			     ((uint64_t)D2L1 << 12) + 7 * 8, &h), GNTST_okay);
	ck_assert_uint_eq(pte_mfn(ram[D2L1][7]), G);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_device_map | GNTMAP_readonly,
			     0, &hd), GNTST_okay);
	ck_assert_uint_eq(gen(G), 3);
	ck_assert_uint_eq(tcnt(G), 1);
	ck_assert_uint_eq(active_entry(dom1.grant_table, REF)->pin,
			  GNTPIN_hstw_inc | GNTPIN_devr_inc);
	/* Wrong bus address, wrong PTE address: refused, nothing changes. */
	ck_assert_int_eq(unmap(&dom2, hd, 0, 4096), GNTST_general_error);
	ck_assert_int_eq(unmap(&dom2, h, ((uint64_t)D2L1 << 12) + 6 * 8, 0),
			 GNTST_general_error);
	ck_assert_uint_eq(gen(G), 3);
	ck_assert_int_eq(unmap(&dom2, hd, 0, (uint64_t)G << 12), GNTST_okay);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_reading | GTF_writing);
	ck_assert_int_eq(unmap(&dom2, h, ((uint64_t)D2L1 << 12) + 7 * 8, 0),
			 GNTST_okay);
	ck_assert_uint_eq(ram[D2L1][7], 0);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
	assert_idle(G);
}
END_TEST

START_TEST(map_host_and_device_at_once)
{
	grant_handle_t h;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_device_map,
			     5 << 12, &h), GNTST_okay);
	ck_assert_uint_eq(gen(G), 3);
	ck_assert_uint_eq(tcnt(G), 2);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_okay);   /* host only */
	ck_assert_uint_eq(gen(G), 2);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access | GTF_reading | GTF_writing);
	ck_assert_int_eq(unmap(&dom2, h, 0, 0), GNTST_okay);         /* nothing */
	ck_assert_int_eq(unmap(&dom2, h, 0, (uint64_t)G << 12), GNTST_okay);
	assert_idle(G);
	ck_assert_int_eq(unmap(&dom2, h, 0, (uint64_t)G << 12), GNTST_bad_handle);
}
END_TEST

START_TEST(map_self_and_old_entry_released)
{
	grant_handle_t h;

	setup();
	grant(REF, 1, G, GTF_permit_access);
	/* Slot 1 maps DATA2: the grant replaces it and DATA2's ref goes. */
	ck_assert_uint_eq(gen(DATA2), 2);
	ck_assert_int_eq(map(&dom1, 1, REF, GNTMAP_host_map, 1 << 12, &h),
			 GNTST_okay);
	ck_assert_uint_eq(gen(DATA2), 1);
	ck_assert_uint_eq(pte_mfn(ram[L1F][1]), G);
	/* host_addr 0 means "no host mapping to undo", as in Xen. */
	ck_assert_int_eq(unmap(&dom1, h, 0, 0), GNTST_okay);
	ck_assert_uint_eq(gen(G), 2);
	ck_assert_int_eq(unmap(&dom1, h, 1 << 12, 0), GNTST_okay);
	assert_idle(G);
}
END_TEST

START_TEST(pin_count_overflow)
{
	grant_handle_t h;
	int i;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	for (i = 0; i < 200; i++)
		if (map(&dom2, 1, REF, GNTMAP_device_map | GNTMAP_readonly, 0, &h))
			break;
	ck_assert_int_eq(i, 128);
	ck_assert_uint_eq(gen(G), 129);
	for (grant_handle_t k = 0; k < 128; k++)
		ck_assert_int_eq(unmap(&dom2, k, 0, (uint64_t)G << 12), GNTST_okay);
	assert_idle(G);
}
END_TEST

START_TEST(maptrack_full)
{
	grant_handle_t h;
	unsigned int n = 0;

	setup();
	for (grant_ref_t r = REF; r < REF + 33; r++)
		grant(r, 2, G, GTF_permit_access | GTF_readonly);
	for (grant_ref_t r = REF; r < REF + 33; r++)
		for (int i = 0; i < 128; i++) {
			int16_t st = map(&dom2, 1, r, GNTMAP_device_map |
					 GNTMAP_readonly, 0, &h);

			if (st != GNTST_okay) {
				ck_assert_int_eq(st, GNTST_no_device_space);
				goto full;
			}
			n++;
		}
full:
	ck_assert_uint_eq(n, MAPTRACK_MAX_PAGES * MAPTRACK_PER_PAGE);
	/* The refused map left nothing behind; all unmap again. */
	ck_assert_uint_eq(gen(G), 1 + n);
	/* A freed handle is the next one given out (the free list). */
	ck_assert_int_eq(unmap(&dom2, 77, 0, (uint64_t)G << 12), GNTST_okay);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_device_map | GNTMAP_readonly,
			     0, &h), GNTST_okay);
	ck_assert_uint_eq(h, 77);
	for (grant_handle_t k = 0; k < n; k++)
		ck_assert_int_eq(unmap(&dom2, k, 0, (uint64_t)G << 12), GNTST_okay);
	assert_idle(G);
	/* Every handle came back: the table fills again without growing. */
	for (unsigned int k = 0; k < n; k++)
		ck_assert_int_eq(map(&dom2, 1, REF + k / 128, GNTMAP_device_map |
				     GNTMAP_readonly, 0, &h), GNTST_okay);
	ck_assert_uint_eq(dom2.grant_table->maptrack_pages, MAPTRACK_MAX_PAGES);
	ck_assert_int_eq(map(&dom2, 1, REF + 32, GNTMAP_device_map |
			     GNTMAP_readonly, 0, &h), GNTST_no_device_space);
	for (grant_handle_t k = 0; k < n; k++)
		ck_assert_int_eq(unmap(&dom2, k, 0, (uint64_t)G << 12), GNTST_okay);
	assert_idle(G);
	for (grant_ref_t r = REF; r < REF + 33; r++)
		ck_assert_uint_eq(gflags(r), GTF_permit_access | GTF_readonly);
}
END_TEST

START_TEST(guest_zaps_grant_pte)
{
	grant_handle_t h;

	setup();
	grant(REF, 2, G, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	/* The entry owns the grant's references: zapping it drops them. */
	ck_assert_int_eq(mod_l1_entry(&dom2, D2L1, 5, 0, false), 0);
	/* Domain 2's CPUs forget the translation before they drop: else
	 * domain 1 could make G a page table (or the heap reuse it) while
	 * domain 2 still writes it through its TLB. */
	ck_assert_msg(foreign_dropped[2] == 1, "zapping a grant entry: expected "
		      "1 flush of domain 2's CPUs, saw %u", foreign_dropped[2]);
	ck_assert_msg(foreign_dropped_gen == 2, "the flush came with G's "
		      "general count at %lu, expected 2 (before the entry's "
		      "reference went)", foreign_dropped_gen);
	ck_assert_uint_eq(foreign_dropped[1], 0);
	ck_assert_uint_eq(gen(G), 1);
	ck_assert_uint_eq(tcnt(G), 0);
	ck_assert_int_eq(unmap(&dom2, h, 5 << 12, 0), GNTST_general_error);
	ck_assert_uint_eq(gen(G), 1);
	/* The pin stays until domain 2 dies, as in Xen. */
	grant_table_destroy(&dom2);
	assert_idle(G);
	ck_assert_uint_eq(gflags(REF), GTF_permit_access);
}
END_TEST

START_TEST(unmap_and_replace)
{
	struct gnttab_unmap_and_replace op = { .host_addr = 5 << 12,
					       .new_addr = 0 };
	grant_handle_t h;
	uint64_t data_pte = ram[D2L1][0];

	setup();
	data_pte = ram[D2L1][0];
	grant(REF, 2, G, GTF_permit_access);
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	op.handle = 4321;                              /* bad handle ... */
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_bad_handle);
	ck_assert_uint_eq(ram[D2L1][0], data_pte);     /* ... steals nothing */
	op.handle = h;
	op.new_addr = 1UL << 40;                       /* no L1 there */
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_general_error);
	ck_assert_uint_eq(pte_mfn(ram[D2L1][5]), G);
	op.new_addr = 0;                               /* VA 0 maps D2DATA */
	op.host_addr = 6 << 12;                        /* wrong slot */
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_general_error);
	ck_assert_uint_eq(gen(D2DATA), 2);
	op.host_addr = 5 << 12;
	op.new_addr = 0;
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_okay);
	ck_assert_uint_eq(ram[D2L1][5], 0);
	assert_idle(G);
	/* With a new_addr: its entry moves to host_addr. */
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map, 5 << 12, &h), GNTST_okay);
	op.handle = h;
	op.new_addr = 0x100;                           /* VA page 0 */
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_okay);
	ck_assert_uint_eq(ram[D2L1][0], 0);
	ck_assert_uint_eq(ram[D2L1][5], data_pte);
	ck_assert_uint_eq(gen(D2DATA), 2);             /* refs moved along */
	assert_idle(G);
	/* Not with contains_pte, as Xen: refused, new_addr keeps its entry. */
	ck_assert_int_eq(map(&dom2, 1, REF, GNTMAP_host_map | GNTMAP_contains_pte,
			     ((uint64_t)D2L1 << 12) + 8 * 8, &h), GNTST_okay);
	op.handle = h;
	op.host_addr = ((uint64_t)D2L1 << 12) + 8 * 8;
	op.new_addr = 5 << 12;
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_general_error);
	ck_assert_uint_eq(ram[D2L1][5], data_pte);
	op.new_addr = 0;
	gnttab_unmap_and_replace(&dom2, &op);
	ck_assert_int_eq(op.status, GNTST_okay);
	assert_idle(G);
}
END_TEST

Suite *grant_copy_suite(void);      /* test_grant_copy.c */

static Suite *grant_suite(void)
{
	Suite *s = suite_create("grant_table");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, share_rw_frame);
	tcase_add_test(tc, setup_and_query);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, map_host_writable);
	tcase_add_test(tc, map_readonly);
	tcase_add_test(tc, map_refusals);
	tcase_add_test(tc, map_contains_pte_and_device);
	tcase_add_test(tc, map_host_and_device_at_once);
	tcase_add_test(tc, map_self_and_old_entry_released);
	tcase_add_test(tc, pin_count_overflow);
	tcase_add_test(tc, maptrack_full);
	tcase_add_test(tc, guest_zaps_grant_pte);
	tcase_add_test(tc, unmap_and_replace);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { grant_suite, grant_copy_suite,
						   NULL };

	return harness_run(suites);
}
