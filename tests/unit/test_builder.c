/* Unit tests of the PV domain builder: Xen notes, features, image extent. */
#include <string.h>
#include "test_builder.h"

START_TEST(linux_notes)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;

	parse_ok(&im, &gi);
	ck_assert_str_eq(gi.guest_os, "linux");
	ck_assert_str_eq(gi.guest_version, "2.6");
	ck_assert_str_eq(gi.xen_version, "xen-3.0");
	ck_assert_str_eq(gi.loader, "generic");
	ck_assert_str_eq(gi.pae_mode, "yes");
	ck_assert_str_eq(gi.features, "!writable_page_tables|pae_pgdir_above_4gb");
	ck_assert_msg(gi.virt_base == LINUX_BASE, "VIRT_BASE: expected %#lx, saw %#lx",
		      LINUX_BASE, (unsigned long)gi.virt_base);
	ck_assert_uint_eq(gi.paddr_offset, 0);
	ck_assert_uint_eq(gi.hypercall_page, 0);
	ck_assert_uint_eq(gi.init_p2m, 0x8000000000UL);
	ck_assert_uint_eq(gi.hv_start_low, 0xffff800000000000UL);
	ck_assert_msg(gi.has_l1_mfn_valid && gi.l1_mfn_valid[0] == 1 &&
		      gi.l1_mfn_valid[1] == 1, "L1_MFN_VALID: expected 1,1");
	ck_assert_msg(gi.suspend_cancel && gi.mod_start_pfn,
		      "SUSPEND_CANCEL and MOD_START_PFN: expected set");
	image_free(&im);
}
END_TEST

START_TEST(linux_features)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;

	parse_ok(&im, &gi);
	ck_assert_msg(gi.features_required[0] == 0x1,
		      "required: expected 0x1, saw %#x", gi.features_required[0]);
	/* FEATURES names bits 0 and 4; SUPPORTED_FEATURES 0x8801 adds 11, 15. */
	ck_assert_msg(gi.features_supported[0] == 0x8811,
		      "supported: expected 0x8811, saw %#x", gi.features_supported[0]);
	image_free(&im);
}
END_TEST

START_TEST(linux_extent_and_entry)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;

	parse_ok(&im, &gi);
	/* Loaded at p_paddr + VIRT_BASE; e_entry (physical) is not used. */
	ck_assert_msg(gi.v_start == LINUX_TEXT, "v_start: expected %#lx, saw %#lx",
		      LINUX_TEXT, (unsigned long)gi.v_start);
	ck_assert_msg(gi.v_end == LINUX_TEXT + 0x2000 + 0x3086,
		      "v_end: saw %#lx", (unsigned long)gi.v_end);
	ck_assert_msg(gi.entry == LINUX_TEXT + 1, "entry: expected startup_xen "
		      "%#lx, saw %#lx", LINUX_TEXT + 1, (unsigned long)gi.entry);
	image_free(&im);
}
END_TEST

START_TEST(minios_section_notes)
{
	struct image im = image_load(BUILDER_MINIOS_ELF);
	struct xen_guest_info gi;

	parse_ok(&im, &gi);
	ck_assert_str_eq(gi.guest_os, "Mini-OS");
	ck_assert_uint_eq(gi.virt_base, 0);
	ck_assert_msg(gi.hypercall_page == 0x2000,
		      "HYPERCALL_PAGE: expected 0x2000, saw %#lx",
		      (unsigned long)gi.hypercall_page);
	ck_assert_uint_eq(gi.entry, 0);
	ck_assert_uint_eq(gi.v_start, 0);
	ck_assert_uint_eq(gi.v_end, 0x4478);
	/* An unknown optional feature is ignored, as Xen does. */
	ck_assert_uint_eq(gi.features_required[0], 0);
	ck_assert_uint_eq(gi.features_supported[0], 1);
	ck_assert_msg(!gi.mod_start_pfn && !gi.suspend_cancel,
		      "absent notes: expected false");
	image_free(&im);
}
END_TEST

START_TEST(features_accepted)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;
	uint32_t hv = (1u << 0) | (1u << 5) | (1u << 7);
	const char *missing = NULL;
	int rc;

	parse_ok(&im, &gi);
	rc = xen_guest_check_features(&gi, &hv, 1, &missing);
	ck_assert_msg(rc == 0, "expected 0, saw %d (missing %s)", rc,
		      missing ? missing : "-");
	image_free(&im);
}
END_TEST

START_TEST(features_refused_named)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;
	uint32_t hv = (1u << 5) | (1u << 7);
	const char *missing = NULL;
	int rc;

	parse_ok(&im, &gi);
	rc = xen_guest_check_features(&gi, &hv, 1, &missing);
	ck_assert_msg(rc == -EOPNOTSUPP, "expected -EOPNOTSUPP, saw %d", rc);
	ck_assert_msg(missing && !strcmp(missing, "writable_page_tables"),
		      "expected writable_page_tables named, saw %s",
		      missing ? missing : "(null)");
	/* No hypervisor words at all: still refused, not read out of bounds. */
	missing = NULL;
	rc = xen_guest_check_features(&gi, NULL, 0, &missing);
	ck_assert_msg(rc == -EOPNOTSUPP && missing, "n = 0: expected refusal");
	image_free(&im);
}
END_TEST

START_TEST(feature_names)
{
	static const struct { unsigned int nr; const char *name; } t[] = {
		{ 0, "writable_page_tables" }, { 4, "pae_pgdir_above_4gb" },
		{ 5, "mmu_pt_update_preserve_ad" }, { 7, "gnttab_map_avail_bits" },
		{ 11, "dom0" }, { 14, "ARM_SMCCC_supported" },
		{ 16, "not_direct_mapped" }, { 17, "direct_mapped" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *n = xen_feature_name(t[i].nr);

		ck_assert_msg(n && !strcmp(n, t[i].name), "feature %u: expected %s, "
			      "saw %s", t[i].nr, t[i].name, n ? n : "(null)");
	}
	ck_assert_ptr_null(xen_feature_name(99));
}
END_TEST

START_TEST(entry_falls_back_to_e_entry)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;

	put32(im.buf + note_off(&im, 1) + 8, 0x7777);   /* ENTRY -> unknown */
	put64(im.buf + 24, LINUX_TEXT + 0x1000);        /* e_entry: a VA */
	parse_ok(&im, &gi);
	ck_assert_msg(gi.entry == LINUX_TEXT + 0x1000,
		      "entry: expected e_entry %#lx, saw %#lx",
		      LINUX_TEXT + 0x1000, (unsigned long)gi.entry);
	image_free(&im);
}
END_TEST

START_TEST(numeric_note_sizes)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;
	size_t off = note_off(&im, 14);                 /* SUSPEND_CANCEL, 4 bytes */

	/* A 2-byte number is fine too (Xen takes 1, 2, 4 and 8). */
	put32(im.buf + off + 4, 2);
	put32(im.buf + off + 16, 0);
	parse_ok(&im, &gi);
	ck_assert_msg(!gi.suspend_cancel, "2-byte 0: expected SUSPEND_CANCEL off");
	image_free(&im);
}
END_TEST

Suite *builder_parse_suite(void)
{
	Suite *s = suite_create("builder_parse");
	TCase *tc = tcase_create("notes");

	tcase_add_test(tc, linux_notes);
	tcase_add_test(tc, linux_features);
	tcase_add_test(tc, linux_extent_and_entry);
	tcase_add_test(tc, minios_section_notes);
	tcase_add_test(tc, features_accepted);
	tcase_add_test(tc, features_refused_named);
	tcase_add_test(tc, feature_names);
	tcase_add_test(tc, entry_falls_back_to_e_entry);
	tcase_add_test(tc, numeric_note_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = {
		builder_parse_suite, builder_build_suite, builder_mem_suite,
		builder_hostile_suite, builder_notes_suite,
		builder_p2m_suite, builder_image_suite,
		NULL
	};

	return harness_run(suites);
}
