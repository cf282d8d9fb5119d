/* Unit tests of the PV domain builder: start-of-day memory contents. */
#include <stdlib.h>
#include <string.h>
#include "test_builder.h"

START_TEST(segments_and_bss)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	const uint8_t *p;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	p = guest_va(&b.g, l, LINUX_TEXT);
	ck_assert_msg(p[0] == 0xf4 && p[1] == 0xfc, "text: expected f4 fc, saw "
		      "%02x %02x", p[0], p[1]);
	ck_assert_msg(!memcmp(guest_va(&b.g, l, LINUX_TEXT + 0x1000),
			      "TEXT-PAGE-2", 11), "second text page not loaded");
	ck_assert_msg(!memcmp(guest_va(&b.g, l, LINUX_TEXT + 0x2000),
			      "DATA-MARKER", 11), "data not loaded");
	p = guest_va(&b.g, l, LINUX_TEXT + 0x200b);
	for (unsigned int i = 0; i < 0x307b; i++)
		ck_assert_msg(p[i] == 0, "bss byte %u: expected 0, saw %#x", i, p[i]);
	/* The rest of the last kernel page too; before the kernel untouched. */
	ck_assert_uint_eq(*guest_va(&b.g, l, LINUX_TEXT + 0x5fff), 0);
	ck_assert_uint_eq(*guest_va(&b.g, l, LINUX_TEXT - 1), 0xAA);
	unbuild(&b);
}
END_TEST

START_TEST(p2m_contents)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	const uint64_t *p2m;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	p2m = (const uint64_t *)guest_va(&b.g, l, va_of(l, l->p2m_pfn));
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++)
		ck_assert_msg(p2m[pfn] == guest_mfn(&b.g, pfn), "p2m[%lu]: "
			      "expected %#lx, saw %#lx", pfn,
			      (unsigned long)guest_mfn(&b.g, pfn),
			      (unsigned long)p2m[pfn]);
	unbuild(&b);
}
END_TEST

START_TEST(p2m_tail_invalid)
{
	struct xen_guest_info gi;
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct builder_params p = { .nr_pages = NR_PAGES - 100 };
	struct builder_result r;
	struct guest g;
	const uint64_t *p2m;
	const char *why = NULL;
	int rc;

	parse_ok(&im, &gi);
	guest_init(&g, NR_PAGES);
	g.nr_pages = NR_PAGES;
	rc = xen_guest_build(&gi, im.buf, im.len, &p, &g.bm, &r, &why);
	ck_assert_msg(rc == 0, "saw %d (%s)", rc, why ? why : "-");
	p2m = (const uint64_t *)guest_va(&g, &r.layout, va_of(&r.layout, r.layout.p2m_pfn));
	ck_assert_uint_eq(r.layout.p2m_pages, 16);
	ck_assert_uint_eq(p2m[NR_PAGES - 101], guest_mfn(&g, NR_PAGES - 101));
	for (unsigned long i = NR_PAGES - 100; i < NR_PAGES; i++)
		ck_assert_msg(p2m[i] == ~0UL, "p2m[%lu] past nr_pages: expected "
			      "INVALID_MFN, saw %#lx", i, (unsigned long)p2m[i]);
	guest_free(&g);
	image_free(&im);
}
END_TEST

#define SI(off) get64(si + (off))

START_TEST(start_info_fields)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	const uint8_t *si;

	build(&b, BUILDER_LINUX_ELF, 0x8 /* SIF_MOD_START_PFN */, 10000);
	si = guest_va(&b.g, l, b.r.start_info_va);
	ck_assert_str_eq((const char *)si, "xen-3.0-x86_64");
	ck_assert_uint_eq(SI(32), NR_PAGES);
	ck_assert_uint_eq(SI(40), 0x12345000);
	ck_assert_uint_eq(*(const uint32_t *)(si + 48), 0x8);
	ck_assert_uint_eq(SI(56), guest_mfn(&b.g, l->store_pfn));
	ck_assert_uint_eq(*(const uint32_t *)(si + 64), 1);
	ck_assert_uint_eq(SI(72), guest_mfn(&b.g, l->console_pfn));
	ck_assert_uint_eq(*(const uint32_t *)(si + 80), 2);
	ck_assert_uint_eq(SI(88), b.r.pt_base_va);
	ck_assert_uint_eq(SI(96), l->nr_pt_frames);
	ck_assert_uint_eq(SI(104), 0x8000000000UL);      /* INIT_P2M */
	ck_assert_msg(SI(112) == l->ramdisk_pfn, "mod_start: expected pfn %#lx "
		      "(SIF_MOD_START_PFN), saw %#lx", l->ramdisk_pfn,
		      (unsigned long)SI(112));
	ck_assert_uint_eq(SI(120), 10000);
	ck_assert_str_eq((const char *)si + 128, "console=hvc0 earlyprintk=xen");
	ck_assert_uint_eq(SI(1152), l->p2m_pfn);
	ck_assert_uint_eq(SI(1160), l->p2m_pages + 3);   /* + L3, L2, L1 */
	ck_assert_msg(!memcmp(guest_va(&b.g, l, va_of(l, l->ramdisk_pfn)), b.rd,
			      10000), "ramdisk contents differ");
	/* xenstore and console pages start zeroed. */
	ck_assert_uint_eq(*guest_va(&b.g, l, va_of(l, l->store_pfn) + 100), 0);
	ck_assert_uint_eq(*guest_va(&b.g, l, va_of(l, l->console_pfn) + 4095), 0);
	unbuild(&b);
}
END_TEST

START_TEST(result_registers)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	ck_assert_uint_eq(b.r.entry, LINUX_TEXT + 1);
	ck_assert_uint_eq(b.r.stack_top, va_of(l, l->stack_pfn + 1));
	ck_assert_uint_eq(b.r.start_info_va, va_of(l, l->start_info_pfn));
	ck_assert_uint_eq(b.r.pt_base_va, va_of(l, l->pt_pfn));
	ck_assert_uint_eq(b.r.store_mfn, guest_mfn(&b.g, l->store_pfn));
	ck_assert_uint_eq(b.r.console_mfn, guest_mfn(&b.g, l->console_pfn));
	unbuild(&b);
}
END_TEST

START_TEST(minios_hypercall_page_and_va_mod_start)
{
	struct built b;
	const struct builder_layout *l = &b.r.layout;
	const uint8_t *hp, *si;
	static const uint8_t stub5[] = { 0x51, 0x41, 0x53, 0xb8, 5, 0, 0, 0,
					 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3, 0xcc };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0,
					0, 0x0f, 0x05, 0xcc };

	build(&b, BUILDER_MINIOS_ELF, 0x8, 100);
	hp = guest_va(&b.g, l, 0x2000);
	ck_assert_msg(!memcmp(hp + 5 * 32, stub5, sizeof(stub5)),
		      "stub 5: expected push rcx/r11, mov $5, syscall, pop, ret");
	ck_assert_msg(!memcmp(hp + 23 * 32, iret, sizeof(iret)),
		      "iret stub: expected push rcx/r11/rax, mov $23, syscall");
	ck_assert_msg(hp[127 * 32 + 4] == 127 && hp[4095] == 0xcc,
		      "stub 127 / padding: saw %#x %#x", hp[127 * 32 + 4], hp[4095]);
	/* Mini-OS does not declare MOD_START_PFN: VA, and the flag cleared. */
	si = guest_va(&b.g, l, b.r.start_info_va);
	ck_assert_uint_eq(*(const uint32_t *)(si + 48), 0);
	ck_assert_uint_eq(SI(112), va_of(l, l->ramdisk_pfn));
	unbuild(&b);
}
END_TEST

START_TEST(cmdline_truncated_dom0_no_rings)
{
	struct built b;
	const uint8_t *si;
	char *lng = malloc(3000);

	memset(lng, 'x', 2999);
	lng[2999] = 0;
	memset(&b, 0, sizeof(b));
	b.im = image_load(BUILDER_LINUX_ELF);
	parse_ok(&b.im, &b.gi);
	guest_init(&b.g, NR_PAGES);
	b.p.nr_pages = NR_PAGES;
	b.p.cmdline = lng;
	b.p.flags = 0x3;                /* SIF_PRIVILEGED | SIF_INITDOMAIN */
	b.p.store_evtchn = 9;
	const char *why = NULL;
	int rc = xen_guest_build(&b.gi, b.im.buf, b.im.len, &b.p, &b.g.bm, &b.r, &why);
	ck_assert_msg(rc == 0, "saw %d (%s)", rc, why ? why : "-");
	si = guest_va(&b.g, &b.r.layout, b.r.start_info_va);
	ck_assert_uint_eq(strlen((const char *)si + 128), 1023);
	ck_assert_msg(SI(56) == 0 && SI(64) == 0 && SI(72) == 0 && SI(80) == 0,
		      "dom0: expected no store/console in start_info");
	ck_assert_uint_eq(SI(112), 0);  /* no ramdisk */
	free(lng);
	unbuild(&b);
}
END_TEST

START_TEST(memory_callback_failures)
{
	struct built b;
	const char *why = NULL;
	int rc;

	build(&b, BUILDER_LINUX_ELF, 0, 0);
	b.g.fail_map_pfn = b.r.layout.start_info_pfn;
	rc = xen_guest_build(&b.gi, b.im.buf, b.im.len, &b.p, &b.g.bm, &b.r, &why);
	ck_assert_msg(rc == -EFAULT && strstr(why, "map"), "map failure: expected "
		      "-EFAULT, saw %d (%s)", rc, why);
	b.g.fail_map_pfn = ~0UL;
	b.g.bad_mfn_pfn = 17;
	rc = xen_guest_build(&b.gi, b.im.buf, b.im.len, &b.p, &b.g.bm, &b.r, &why);
	ck_assert_msg(rc == -EINVAL && strstr(why, "MFN"), "bad MFN: expected "
		      "-EINVAL, saw %d (%s)", rc, why);
	unbuild(&b);
}
END_TEST

Suite *builder_mem_suite(void)
{
	Suite *s = suite_create("builder_mem");
	TCase *tc = tcase_create("memory");

	tcase_add_test(tc, segments_and_bss);
	tcase_add_test(tc, p2m_contents);
	tcase_add_test(tc, p2m_tail_invalid);
	tcase_add_test(tc, start_info_fields);
	tcase_add_test(tc, result_registers);
	tcase_add_test(tc, minios_hypercall_page_and_va_mod_start);
	tcase_add_test(tc, cmdline_truncated_dom0_no_rings);
	tcase_add_test(tc, memory_callback_failures);
	suite_add_tcase(s, tc);
	return s;
}
