/* Unit tests of the PV domain builder: hostile images are refused. */
#include <string.h>
#include "test_builder.h"

/* Offsets in the ELF64 header and a program header. */
#define EH_CLASS   4
#define EH_ENTRY   24
#define EH_PHOFF   32
#define EH_PHENTSZ 54
#define EH_PHNUM   56
#define PH_OFFSET  8
#define PH_PADDR   24
#define PH_FILESZ  32
#define PH_MEMSZ   40

/* Parses im (len bytes of it), expecting err and a reason containing want. */
static void refused(const struct image *im, size_t len, int err,
		    const char *want)
{
	struct xen_guest_info gi;
	const char *why = NULL;
	int rc = xen_guest_parse(im->buf, len, &gi, &why);

	ck_assert_msg(rc == err && why && strstr(why, want),
		      "expected %d with a reason containing \"%s\", saw %d: %s",
		      err, want, rc, why ? why : "(no reason)");
}

static struct image linux_img(void)
{
	return image_load(BUILDER_LINUX_ELF);
}

START_TEST(truncated_header)
{
	struct image im = linux_img();

	refused(&im, 40, -EINVAL, "shorter than an ELF64 header");
	refused(&im, 0, -EINVAL, "shorter");
	image_free(&im);
}
END_TEST

START_TEST(bad_ident)
{
	struct image im = linux_img();

	im.buf[EH_CLASS] = 1;                           /* ELFCLASS32 */
	refused(&im, im.len, -EINVAL, "not an ELF64 image");
	im.buf[EH_CLASS] = 2;
	im.buf[1] = 'X';
	refused(&im, im.len, -EINVAL, "bad magic");
	image_free(&im);
}
END_TEST

START_TEST(bzimage_named)
{
	struct image im = linux_img();

	/* What a vmlinuz looks like at the start: no ELF magic, "HdrS". */
	memset(im.buf, 0, 0x300);
	memcpy(im.buf + 0x202, "HdrS", 4);
	refused(&im, im.len, -EINVAL, "a bzImage");
	refused(&im, 0x205, -EINVAL, "bad magic");      /* header cut short */
	image_free(&im);
}
END_TEST

START_TEST(phdrs_past_eof)
{
	struct image im = linux_img();

	put64(im.buf + EH_PHOFF, im.len - 100);
	refused(&im, im.len, -EINVAL, "program header table lies past the end");
	put64(im.buf + EH_PHOFF, ~0UL - 8);             /* offset + size wraps */
	refused(&im, im.len, -EINVAL, "program header table lies past the end");
	image_free(&im);
}
END_TEST

START_TEST(bad_phdr_counts)
{
	struct image im = linux_img();

	put16(im.buf + EH_PHENTSZ, 48);
	refused(&im, im.len, -EINVAL, "e_phentsize");
	put16(im.buf + EH_PHENTSZ, 56);
	put16(im.buf + EH_PHNUM, 0xffff);
	refused(&im, im.len, -EINVAL, "too many program headers");
	put16(im.buf + EH_PHNUM, 0);
	refused(&im, im.len, -EINVAL, "no program headers");
	image_free(&im);
}
END_TEST

START_TEST(segment_past_eof)
{
	struct image im = linux_img();
	uint8_t *ph = im.buf + phdr_off(&im, 1);

	put64(ph + PH_OFFSET, im.len - 4);
	refused(&im, im.len, -EINVAL, "segment lies past the end of the image");
	put64(ph + PH_OFFSET, ~0UL);
	refused(&im, im.len, -EINVAL, "segment lies past the end of the image");
	image_free(&im);
}
END_TEST

START_TEST(filesz_over_memsz)
{
	struct image im = linux_img();

	put64(im.buf + phdr_off(&im, 1) + PH_MEMSZ, 4);
	refused(&im, im.len, -EINVAL, "p_filesz is larger than p_memsz");
	image_free(&im);
}
END_TEST

START_TEST(overlapping_segments)
{
	struct image im = linux_img();

	put64(im.buf + phdr_off(&im, 1) + PH_PADDR, 0x1001000);
	refused(&im, im.len, -EINVAL, "segments overlap");
	image_free(&im);
}
END_TEST

START_TEST(segment_too_large)
{
	struct image im = linux_img();

	put64(im.buf + phdr_off(&im, 1) + PH_MEMSZ, 2UL << 30);
	refused(&im, im.len, -E2BIG, "larger than 1 GiB");
	image_free(&im);
}
END_TEST

START_TEST(segment_outside_window)
{
	struct image im = linux_img();
	uint8_t *ph = im.buf + phdr_off(&im, 1);

	put64(ph + PH_PADDR, 0x3fffe000);               /* ends past 1 GiB */
	refused(&im, im.len, -EINVAL, "outside [VIRT_BASE, VIRT_BASE + 1 GiB)");
	/* Below VIRT_BASE: PADDR_OFFSET larger than p_paddr. */
	put64(ph + PH_PADDR, 0x1002000);
	put64(im.buf + note_off(&im, 4) + 16, 0x2000000);
	refused(&im, im.len, -EINVAL, "outside [VIRT_BASE");
	image_free(&im);
}
END_TEST

START_TEST(segment_in_hypervisor_range)
{
	struct image im = linux_img();
	size_t vb = note_off(&im, 3) + 16;

	put64(im.buf + vb, 0xffff800000000000UL);       /* slots 256-271 */
	refused(&im, im.len, -EINVAL, "hypervisor's range");
	put64(im.buf + vb, 0x00007ffffff00000UL);       /* into the hole */
	refused(&im, im.len, -EINVAL, "not canonical");
	image_free(&im);
}
END_TEST

START_TEST(note_runs_past_end)
{
	struct image im = linux_img();

	put32(im.buf + note_off(&im, 6) + 4, 0x10000);  /* GUEST_OS descsz */
	refused(&im, im.len, -EINVAL, "note runs past the end");
	image_free(&im);
}
END_TEST

START_TEST(numeric_bad_size)
{
	struct image im = linux_img();

	put32(im.buf + note_off(&im, 16) + 4, 3);       /* MOD_START_PFN */
	refused(&im, im.len, -EINVAL, "not 1, 2, 4 or 8 bytes");
	image_free(&im);
}
END_TEST

START_TEST(no_entry)
{
	struct image im = linux_img();

	/* Without ENTRY, e_entry (physical in Linux) lies outside the image. */
	put32(im.buf + note_off(&im, 1) + 8, 0x7777);
	refused(&im, im.len, -EINVAL, "no ENTRY note and e_entry");
	image_free(&im);
	im = linux_img();
	put64(im.buf + note_off(&im, 1) + 16, LINUX_TEXT + 0x100000);
	refused(&im, im.len, -EINVAL, "ENTRY lies outside the image");
	image_free(&im);
}
END_TEST

START_TEST(no_xen_notes)
{
	struct image im = linux_img();

	for (uint32_t t = 0; t <= 17; t++) {
		for (size_t off = 0; off + 16 <= im.len; off += 4) {
			uint32_t h[3];

			memcpy(h, im.buf + off, 12);
			if (h[0] == 4 && h[2] == t && !memcmp(im.buf + off + 12, "Xen", 4))
				im.buf[off + 14] = 'x';
		}
	}
	refused(&im, im.len, -EINVAL, "no Xen ELF notes");
	image_free(&im);
}
END_TEST

START_TEST(wrong_version_loader_feature)
{
	struct image im = linux_img();
	size_t off;

	memcpy(im.buf + note_off(&im, 5) + 16, "xen-2.0", 7);
	refused(&im, im.len, -EINVAL, "XEN_VERSION is not xen-3.0");
	image_free(&im);
	im = linux_img();
	memcpy(im.buf + note_off(&im, 6) + 16, "bsd!", 4);
	memcpy(im.buf + note_off(&im, 8) + 16, "special", 7);
	refused(&im, im.len, -EINVAL, "neither LOADER");
	image_free(&im);
	im = linux_img();
	off = note_off(&im, 10) + 16;                   /* "!writable_page..." */
	memcpy(im.buf + off + 1, "wobbly", 6);
	refused(&im, im.len, -EINVAL, "unknown to this hypervisor");
	image_free(&im);
}
END_TEST

START_TEST(hypercall_page_outside)
{
	struct image im = image_load(BUILDER_MINIOS_ELF);
	size_t off = note_off(&im, 2) + 16;

	put64(im.buf + off, 0x100000);
	refused(&im, im.len, -EINVAL, "HYPERCALL_PAGE");
	put64(im.buf + off, 0x2010);                    /* not page aligned */
	refused(&im, im.len, -EINVAL, "HYPERCALL_PAGE");
	put64(im.buf + off, 0x4000);                    /* only 0x478 inside */
	refused(&im, im.len, -EINVAL, "HYPERCALL_PAGE");
	image_free(&im);
}
END_TEST

/* Building with the notes of another image is refused, not loaded. */
START_TEST(mismatched_guest_info)
{
	struct image lx = linux_img(), mo = image_load(BUILDER_MINIOS_ELF);
	struct xen_guest_info gi;
	struct builder_params p = { .nr_pages = NR_PAGES };
	struct builder_result r;
	struct guest g;
	const char *why = NULL;
	int rc;

	parse_ok(&lx, &gi);
	guest_init(&g, NR_PAGES);
	rc = xen_guest_build(&gi, mo.buf, mo.len, &p, &g.bm, &r, &why);
	ck_assert_msg(rc == -EINVAL && why && strstr(why, "does not match"),
		      "expected -EINVAL \"does not match\", saw %d: %s", rc,
		      why ? why : "(no reason)");
	guest_free(&g);
	image_free(&lx);
	image_free(&mo);
}
END_TEST

/* Every truncation of a real image is refused cleanly or parses. */
START_TEST(every_truncation)
{
	struct image im = linux_img();
	struct xen_guest_info gi;
	const char *why;

	for (size_t len = 0; len < im.len; len += 7) {
		int rc = xen_guest_parse(im.buf, len, &gi, &why);

		ck_assert_msg(rc == 0 || (rc < 0 && why), "length %zu: %d without "
			      "a reason", len, rc);
	}
	image_free(&im);
}
END_TEST

Suite *builder_hostile_suite(void)
{
	Suite *s = suite_create("builder_hostile");
	TCase *tc = tcase_create("elf");

	tcase_add_test(tc, truncated_header);
	tcase_add_test(tc, bad_ident);
	tcase_add_test(tc, bzimage_named);
	tcase_add_test(tc, phdrs_past_eof);
	tcase_add_test(tc, bad_phdr_counts);
	tcase_add_test(tc, segment_past_eof);
	tcase_add_test(tc, filesz_over_memsz);
	tcase_add_test(tc, overlapping_segments);
	tcase_add_test(tc, segment_too_large);
	tcase_add_test(tc, segment_outside_window);
	tcase_add_test(tc, segment_in_hypervisor_range);
	suite_add_tcase(s, tc);
	tc = tcase_create("notes");
	tcase_add_test(tc, note_runs_past_end);
	tcase_add_test(tc, numeric_bad_size);
	tcase_add_test(tc, no_entry);
	tcase_add_test(tc, no_xen_notes);
	tcase_add_test(tc, wrong_version_loader_feature);
	tcase_add_test(tc, hypercall_page_outside);
	tcase_add_test(tc, mismatched_guest_info);
	tcase_add_test(tc, every_truncation);
	suite_add_tcase(s, tc);
	return s;
}
