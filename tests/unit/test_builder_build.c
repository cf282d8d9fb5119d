/* Unit tests of the PV domain builder: layout and bootstrap page tables. */
#include <stdlib.h>
#include <string.h>
#include "test_builder.h"

START_TEST(layout_order)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	uint64_t end;

	build(&b, BUILDER_LINUX_ELF, 0, 10000);
	ck_assert_uint_eq(l->kernel_pfn, 0x1000);
	ck_assert_uint_eq(l->kernel_pages, 6);
	ck_assert_uint_eq(l->ramdisk_pfn, l->kernel_pfn + l->kernel_pages);
	ck_assert_uint_eq(l->ramdisk_pages, 3);
	/* INIT_P2M: the p2m is apart, after the region (test_builder_p2m.c). */
	ck_assert(l->p2m_apart);
	ck_assert_uint_eq(l->p2m_pages, NR_PAGES * 8 / 4096);
	ck_assert_uint_eq(l->start_info_pfn, l->ramdisk_pfn + 3);
	ck_assert_uint_eq(l->store_pfn, l->start_info_pfn + 1);
	ck_assert_uint_eq(l->console_pfn, l->store_pfn + 1);
	ck_assert_uint_eq(l->pt_pfn, l->console_pfn + 1);
	ck_assert_uint_eq(l->stack_pfn, l->pt_pfn + l->nr_pt_frames);
	end = va_of(l, l->nr_region_pages);
	ck_assert_msg(end % (4UL << 20) == 0, "end %#lx not 4 MiB aligned",
		      (unsigned long)end);
	ck_assert_msg(l->nr_region_pages - (l->stack_pfn + 1) >= 128,
		      "padding: expected >= 128 pages, saw %lu",
		      l->nr_region_pages - (l->stack_pfn + 1));
	ck_assert_uint_eq(l->p2m_pfn, l->nr_region_pages);
	ck_assert_uint_eq(b.r.nr_pages_used, l->p2m_pfn + l->p2m_pages + 3);
	unbuild(&b);
}
END_TEST

START_TEST(layout_linux_tables)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	/* Linux: L4[511] -> L3[510] -> one L2 -> L1s, all under 1 GiB. */
	ck_assert_uint_eq(l->nr_l4, 1);
	ck_assert_uint_eq(l->nr_l3, 1);
	ck_assert_uint_eq(l->nr_l2, 1);
	ck_assert_uint_eq(l->nr_l1, l->nr_region_pages / 512);
	ck_assert_uint_eq(l->nr_pt_frames, 3 + l->nr_l1);
	for (unsigned long i = 0; i < l->nr_pt_frames; i++) {
		unsigned int want = i == 0 ? 4 : i == 1 ? 3 : i == 2 ? 2 : 1;

		ck_assert_msg(builder_pt_level(l, i) == want,
			      "frame %lu: expected level %u, saw %u", i, want,
			      builder_pt_level(l, i));
	}
	unbuild(&b);
}
END_TEST

/* The layout invariants for many ramdisk sizes (the table fixpoint). */
START_TEST(layout_fixpoint)
{
	struct xen_guest_info gi = { .virt_base = LINUX_BASE,
		.v_start = LINUX_TEXT, .v_end = LINUX_TEXT + 0x5000 };
	struct builder_layout l;
	const char *why;

	for (size_t rd = 0; rd < (300UL << 20); rd += 977 * 4096 + 5) {
		int rc = builder_layout(&gi, rd, 1UL << 20, &l, &why);
		uint64_t last = va_of(&l, l.nr_region_pages) - 1;
		unsigned int l1 = (unsigned int)((last >> 21) - (LINUX_BASE >> 21) + 1);

		ck_assert_msg(rc == 0, "ramdisk %zu: saw %d (%s)", rd, rc, why);
		ck_assert_msg(l.nr_l1 == l1 && l.nr_pt_frames == 3 + l1,
			      "ramdisk %zu: expected %u L1s, saw %u", rd, l1, l.nr_l1);
		ck_assert_msg((last + 1) % (4UL << 20) == 0 &&
			      l.nr_region_pages - l.stack_pfn - 1 >= 128,
			      "ramdisk %zu: bad end or padding", rd);
	}
}
END_TEST

START_TEST(layout_too_small_or_large)
{
	struct xen_guest_info gi = { .virt_base = LINUX_BASE,
		.v_start = LINUX_TEXT, .v_end = LINUX_TEXT + 0x5000 };
	struct builder_layout l;
	const char *why = NULL;
	int rc;

	rc = builder_layout(&gi, 0, 4096, &l, &why);
	ck_assert_msg(rc == -ENOMEM && why && strstr(why, "nr_pages"),
		      "16 MiB domain: expected -ENOMEM naming nr_pages, saw %d (%s)",
		      rc, why ? why : "-");
	rc = builder_layout(&gi, 1UL << 30, 1UL << 20, &l, &why);
	ck_assert_msg(rc == -E2BIG, "1 GiB ramdisk: expected -E2BIG, saw %d", rc);
	rc = builder_layout(&gi, 1016UL << 20, 1UL << 20, &l, &why);
	ck_assert_msg(rc == -E2BIG && strstr(why, "1 GiB"),
		      "region over 1 GiB: expected -E2BIG, saw %d (%s)", rc, why);
}
END_TEST

START_TEST(page_tables_map_region)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	const uint64_t *l4;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	for (unsigned long pfn = 0; pfn < l->nr_region_pages; pfn++) {
		uint64_t e = walk(&b, va_of(l, pfn));
		bool pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_frames;
		uint64_t want = (guest_mfn(&b.g, pfn) << 12) |
			(pt ? PT_FLAGS & ~2UL : PT_FLAGS);

		ck_assert_msg(e == want, "pfn %#lx: expected PTE %#lx, saw %#lx",
			      pfn, (unsigned long)want, (unsigned long)e);
	}
	l4 = (const uint64_t *)guest_va(&b.g, l, b.r.pt_base_va);
	for (int i = 0; i < 511; i++)           /* L4[1]: the p2m apart */
		ck_assert_msg(i == 1 || l4[i] == 0, "L4[%d]: expected 0 (slots "
			      "256-271 are the hypervisor's), saw %#lx", i,
			      (unsigned long)l4[i]);
	ck_assert_uint_eq(b.r.pt_base_mfn, guest_mfn(&b.g, l->pt_pfn));
	unbuild(&b);
}
END_TEST

/* A region across a 1 GiB and a 512 GiB boundary: two L2s, two L3s. */
START_TEST(page_tables_span_boundaries)
{
	static const uint64_t bases[] = { 0x3fff0000UL, 0x7fffff0000UL };

	for (int k = 0; k < 2; k++) {
		struct built b = { 0 };
		const char *why = NULL;
		int rc;

		b.gi.virt_base = bases[k];
		b.gi.v_start = bases[k] + 0x1000;
		b.gi.v_end = bases[k] + 0x3000;
		b.gi.entry = bases[k] + 0x1000;
		b.im = image_load(BUILDER_MINIOS_ELF);
		/* Reload at 0x1000 past the base (PADDR_OFFSET -0x1000). */
		b.gi.paddr_offset = (uint64_t)-0x1000;
		guest_init(&b.g, 4096);
		b.p.nr_pages = 4096;
		b.gi.v_end = bases[k] + 0x1000 + 0x4478;
		rc = xen_guest_build(&b.gi, b.im.buf, b.im.len, &b.p, &b.g.bm,
				     &b.r, &why);
		ck_assert_msg(rc == 0, "base %#lx: saw %d (%s)",
			      (unsigned long)bases[k], rc, why ? why : "-");
		ck_assert_uint_eq(b.r.layout.nr_l2, 2);
		ck_assert_uint_eq(b.r.layout.nr_l3, k == 0 ? 1 : 2);
		for (unsigned long pfn = 0; pfn < b.r.layout.nr_region_pages; pfn++)
			ck_assert_uint_eq(walk(&b, bases[k] + pfn * 4096) >> 12,
					  guest_mfn(&b.g, pfn));
		unbuild(&b);
	}
}
END_TEST

Suite *builder_build_suite(void)
{
	Suite *s = suite_create("builder_build");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, layout_order);
	tcase_add_test(tc, layout_linux_tables);
	tcase_add_test(tc, layout_fixpoint);
	tcase_add_test(tc, layout_too_small_or_large);
	tcase_add_test(tc, page_tables_map_region);
	tcase_add_test(tc, page_tables_span_boundaries);
	suite_add_tcase(s, tc);
	return s;
}
