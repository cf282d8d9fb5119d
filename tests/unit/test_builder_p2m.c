/* Unit tests of the PV domain builder: the p2m apart at INIT_P2M. */
#include <string.h>
#include "test_builder.h"

#define INIT_P2M  0x8000000000UL
#define PMD       (2UL << 20)

/* Linux's INIT_P2M: the p2m is mapped there, RW, right after the region. */
START_TEST(p2m_apart_mapped_at_init_p2m)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;

	build(&b, BUILDER_LINUX_ELF, 0, 10000);
	ck_assert(l->p2m_apart);
	ck_assert_uint_eq(l->p2m_va, INIT_P2M);
	ck_assert_uint_eq(l->p2m_pfn, l->nr_region_pages);
	ck_assert_uint_eq(l->p2m_pt_pfn, l->p2m_pfn + l->p2m_pages);
	ck_assert_msg(l->p2m_nr_l3 == 1 && l->p2m_nr_l2 == 1 && l->p2m_nr_l1 == 1,
		      "16 pages at 512 GiB: expected one L3, L2, L1");
	for (unsigned long i = 0; i < l->p2m_pages; i++) {
		uint64_t e = walk(&b, INIT_P2M + i * 4096);
		uint64_t want = (guest_mfn(&b.g, l->p2m_pfn + i) << 12) | PT_FLAGS;

		ck_assert_msg(e == want, "p2m page %lu: expected PTE %#lx, saw %#lx",
			      i, (unsigned long)want, (unsigned long)e);
	}
	/* Its tables are where the layout says, in L4[1]: walk's tables. */
	{
		const uint64_t *l4 = (const uint64_t *)guest_va(&b.g, l, b.r.pt_base_va);

		ck_assert_uint_eq(l4[1] >> 12, guest_mfn(&b.g, l->p2m_pt_pfn));
	}
	/* The p2m holds every MFN; the highmap maps nothing past the region. */
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++) {
		const uint64_t *p2m = (const uint64_t *)(b.g.mem +
			guest_pfn(&b.g, walk(&b, INIT_P2M + pfn / 512 * 4096) >> 12) * 4096);

		ck_assert_uint_eq(p2m[pfn % 512], guest_mfn(&b.g, pfn));
	}
	unbuild(&b);
}
END_TEST

/* Xen (libxc) keeps the p2m in the region when INIT_P2M is unusable. */
START_TEST(p2m_in_region_without_usable_note)
{
	static const uint64_t bad[] = { 0, INIT_P2M + 8, LINUX_BASE,
		0xffff800000000000UL /* hypervisor */, 0xffffff8000000000UL };

	for (unsigned int k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct image im = image_load(BUILDER_LINUX_ELF);
		struct xen_guest_info gi;
		struct builder_layout l;
		const char *why = NULL;

		put64(im.buf + note_off(&im, 15) + 16, bad[k]);
		parse_ok(&im, &gi);
		ck_assert_msg(builder_layout(&gi, 10000, NR_PAGES, &l, &why) == 0,
			      "%s", why);
		ck_assert_msg(!l.p2m_apart, "INIT_P2M %#lx: expected in the region",
			      (unsigned long)bad[k]);
		ck_assert_uint_eq(l.p2m_pfn, l.ramdisk_pfn + 3);
		ck_assert_uint_eq(l.start_info_pfn, l.p2m_pfn + l.p2m_pages);
		ck_assert_uint_eq(l.p2m_va, va_of(&l, l.p2m_pfn));
		ck_assert_uint_eq(l.nr_pages_used, l.nr_region_pages);
		image_free(&im);
	}
}
END_TEST

/* Linux 6.1's xen_cleanhighmap: greedy, both boundary PMDs included. */
static void xen_cleanhighmap(bool *pmd, uint64_t va, uint64_t end,
			     uint64_t text, uint64_t kend)
{
	for (unsigned long i = (va - LINUX_BASE) / PMD; va <= end && i < 512;
	     i++, va += PMD)
		if (va < text || va > kend)
			pmd[i] = false;
}

/*
 * The region PMDs outside the kernel that Linux 6.1 leaves mapped in its
 * highmap (W+X: the region is RW and executable) after cleanup_highmap
 * (arch/x86/mm/init_64.c), xen_pagetable_p2m_free and
 * xen_pagetable_cleanhighmap (arch/x86/xen/mmu_pv.c), for layout l.
 */
static unsigned int left_mapped(const struct builder_layout *l,
				const struct xen_guest_info *gi, unsigned long nr)
{
	bool pmd[512] = { false };
	uint64_t text = gi->v_start, kend = (gi->v_end + PMD - 1) / PMD * PMD - 1;
	uint64_t mfn_list = l->p2m_va, max_pfn_mapped, va, end;
	uint64_t pt_base = va_of(l, l->pt_pfn), size;
	unsigned int left = 0;

	for (unsigned long i = 0; i * PMD < (uint64_t)l->nr_region_pages * 4096; i++)
		pmd[i] = true;
	/* xen_setup_kernel_pagetable */
	max_pfn_mapped = mfn_list < LINUX_BASE ? l->p2m_pfn /* first_p2m_pfn */
		: (mfn_list - LINUX_BASE) / 4096;
	/* cleanup_highmap */
	end = LINUX_BASE + max_pfn_mapped * 4096;
	for (va = LINUX_BASE; va + PMD - 1 < end; va += PMD)
		if (va < text || va > kend)
			pmd[(va - LINUX_BASE) / PMD] = false;
	/* xen_pagetable_p2m_free: the highmap only for a p2m inside it */
	size = (nr * 8 + 4095) / 4096 * 4096;
	if (mfn_list >= LINUX_BASE)
		xen_cleanhighmap(pmd, mfn_list,
				 mfn_list + (size + PMD - 1) / PMD * PMD, text, kend);
	/* xen_pagetable_cleanhighmap */
	size = l->nr_pt_frames * 4096UL;
	xen_cleanhighmap(pmd, pt_base,
			 (pt_base + size + 2 * PMD - 1) / (2 * PMD) * (2 * PMD),
			 text, kend);
	for (unsigned int i = 0; i < 512; i++) {
		va = LINUX_BASE + i * PMD;
		if (pmd[i] && (va < text || va > kend))
			left++;
	}
	return left;
}

/*
 * With the p2m apart (Xen's layout for a kernel with INIT_P2M), Linux's
 * cleanup leaves no region page mapped past its kernel, whatever the
 * sizes; with the p2m in the region (the old layout) it does for some.
 */
START_TEST(linux_cleanup_leaves_no_wx)
{
	unsigned int apart_left = 0, inside_left = 0, inside_cases = 0;

	for (uint64_t kend = 0x1000000; kend < 0x1800000; kend += 0x3b000)
		for (size_t rd = 0; rd < (24UL << 20); rd += 0x2f1000 + 123) {
			static const unsigned long nrs[] = { 65536, 131072, 262144 };

			for (unsigned int k = 0; k < 3; k++) {
				struct xen_guest_info gi = { .virt_base = LINUX_BASE,
					.v_start = LINUX_TEXT,
					.v_end = LINUX_TEXT + kend,
					.init_p2m = INIT_P2M };
				struct builder_layout l;
				const char *why = NULL;
				unsigned int n;

				ck_assert_msg(builder_layout(&gi, rd, nrs[k], &l, &why) == 0,
					      "%s", why);
				ck_assert(l.p2m_apart);
				n = left_mapped(&l, &gi, nrs[k]);
				ck_assert_msg(n == 0, "kernel %#lx, ramdisk %zu, %lu "
					      "pages: %u region PMDs left mapped W+X",
					      (unsigned long)kend, rd, nrs[k], n);
				apart_left += n;
				gi.init_p2m = 0;
				ck_assert(builder_layout(&gi, rd, nrs[k], &l, &why) == 0);
				inside_left += left_mapped(&l, &gi, nrs[k]) != 0;
				inside_cases++;
			}
		}
	ck_assert_uint_eq(apart_left, 0);
	ck_assert_msg(inside_left > 0, "the model should find W+X leftovers "
		      "with the p2m in the region (%u cases)", inside_cases);
}
END_TEST

Suite *builder_p2m_suite(void)
{
	Suite *s = suite_create("builder_p2m");
	TCase *tc = tcase_create("p2m");

	tcase_add_test(tc, p2m_apart_mapped_at_init_p2m);
	tcase_add_test(tc, p2m_in_region_without_usable_note);
	tcase_add_test(tc, linux_cleanup_leaves_no_wx);
	suite_add_tcase(s, tc);
	return s;
}
