/* Unit tests of the PV domain builder: string notes read as Xen reads them. */
#include <stdlib.h>
#include <string.h>
#include "test_builder.h"

#define PT_NOTE 4

/* Parses im, expecting success; returns gi. */
static struct xen_guest_info parsed(const struct image *im)
{
	struct xen_guest_info gi;

	parse_ok(im, &gi);
	return gi;
}

/* The program header of the (one) PT_NOTE segment. */
static size_t note_phdr(const struct image *im)
{
	uint16_t phnum;

	memcpy(&phnum, im->buf + 56, 2);
	for (unsigned int i = 0; i < phnum; i++) {
		uint32_t type;

		memcpy(&type, im->buf + phdr_off(im, i), 4);
		if (type == PT_NOTE)
			return phdr_off(im, i);
	}
	ck_abort_msg("no PT_NOTE segment");
	return 0;
}

/*
 * The Linux fixture with its PT_NOTE segment moved to the end of the
 * file and one more note appended: "Xen" type t whose 8-byte descriptor
 * and the tail bytes after it are 'A', with a NUL tail_nul bytes after
 * the descriptor's start (none when tail_nul >= 8 + tail: the string runs
 * to the end of the image).
 */
static struct image tail_note(uint32_t t, size_t tail, size_t tail_nul)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	size_t ph = note_phdr(&im);
	uint64_t off = get64(im.buf + ph + 8), sz = get64(im.buf + ph + 32);
	size_t at = (im.len + 3) & ~(size_t)3, len = at + sz + 24 + tail;
	uint8_t *b = calloc(1, len), *n;

	memcpy(b, im.buf, im.len);
	memcpy(b + at, im.buf + off, sz);
	n = b + at + sz;
	put32(n, 4);
	put32(n + 4, 8);
	put32(n + 8, t);
	memcpy(n + 12, "Xen", 4);
	memset(n + 16, 'A', 8 + tail);
	if (tail_nul < 8 + tail)
		n[16 + tail_nul] = 0;
	put64(b + ph + 8, at);
	put64(b + ph + 32, sz + 24);
	put64(b + ph + 40, sz + 24);
	free(im.buf);
	im.buf = b;
	im.len = len;
	return im;
}

/* The first Xen note of type t at or after byte from. */
static size_t note_off_from(const struct image *im, uint32_t t, size_t from)
{
	for (size_t off = from & ~(size_t)3; off + 16 <= im->len; off += 4) {
		uint32_t h[3];

		memcpy(h, im->buf + off, 12);
		if (h[0] == 4 && h[2] == t && !memcmp(im->buf + off + 12, "Xen", 4))
			return off;
	}
	ck_abort_msg("no Xen note of type %u after %zu", t, from);
	return 0;
}

/* Linux's FEATURES: descsz counts no NUL; the padding supplies it. */
START_TEST(features_nul_in_padding)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	size_t off = note_off(&im, 10);
	uint32_t descsz;
	struct xen_guest_info gi;

	memcpy(&descsz, im.buf + off + 4, 4);
	ck_assert_msg(descsz == 41 && im.buf[off + 16 + 40] == 'b' &&
		      im.buf[off + 16 + 41] == 0,
		      "fixture: FEATURES should be 41 bytes without a NUL, "
		      "as Linux's .ascii (descsz %u)", descsz);
	gi = parsed(&im);
	ck_assert_str_eq(gi.features, "!writable_page_tables|pae_pgdir_above_4gb");
	ck_assert_uint_eq(gi.features_required[0], 1);
	ck_assert_ptr_null(gi.broken);
	image_free(&im);
}
END_TEST

/* A string that runs past its padding ends at the next NUL, as in Xen. */
START_TEST(string_runs_past_padding)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	size_t off = note_off(&im, 6);                  /* "linux\0" + 2 */
	struct xen_guest_info gi;

	memset(im.buf + off + 16 + 5, 'A', 3);
	/* ... into the next note's namesz (4): "linuxAAA\x04". */
	gi = parsed(&im);
	ck_assert_str_eq(gi.guest_os, "linuxAAA\x04");
	ck_assert_ptr_null(gi.broken);
	image_free(&im);
}
END_TEST

/* Empty: descsz 0, the string is what follows (here a 0x00 byte). */
START_TEST(string_empty)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	size_t off = note_off(&im, 12);                 /* HV_START_LOW, last */
	struct xen_guest_info gi;

	put32(im.buf + off + 4, 0);
	put32(im.buf + off + 8, 7);                     /* as GUEST_VERSION */
	gi = parsed(&im);
	ck_assert_str_eq(gi.guest_version, "");         /* its old 0x00 byte */
	ck_assert_ptr_null(gi.broken);
	image_free(&im);
}
END_TEST

/* Xen reads at most 4096 characters: a NUL at 4096 ends one, at 4097 not. */
START_TEST(string_length_limit)
{
	struct image im = tail_note(7, 5000, 4096);
	struct xen_guest_info gi = parsed(&im);

	ck_assert_uint_eq(strlen(gi.guest_version), 4096);
	ck_assert_ptr_null(gi.broken);
	image_free(&im);
	im = tail_note(7, 5000, 4097);
	gi = parsed(&im);
	ck_assert_str_eq(gi.guest_version, "2.6");      /* ignored */
	ck_assert_msg(gi.broken && strstr(gi.broken, "no NUL"),
		      "expected a broken-ELF warning, saw %s",
		      gi.broken ? gi.broken : "none");
	image_free(&im);
}
END_TEST

/*
 * No NUL before the end of the image: Xen ignores the note and warns.
 * A FEATURES that would require an unknown feature is thus not refused;
 * an XEN_VERSION that is the only one leaves none, which is refused.
 */
START_TEST(string_without_nul_ignored)
{
	struct image im = tail_note(10, 100, ~(size_t)0);
	struct xen_guest_info gi;
	const char *why = NULL;
	int rc;

	memcpy(im.buf + im.len - 108, "!wobbly", 7);
	gi = parsed(&im);
	ck_assert_ptr_nonnull(gi.broken);
	ck_assert_str_eq(gi.features, "!writable_page_tables|pae_pgdir_above_4gb");
	image_free(&im);

	im = tail_note(5, 100, ~(size_t)0);
	/* The real XEN_VERSION, in the moved copy, becomes an unknown type. */
	put32(im.buf + note_off_from(&im, 5, note_off(&im, 5) + 4) + 8, 0x4242);
	rc = xen_guest_parse(im.buf, im.len, &gi, &why);
	ck_assert_msg(rc == -EINVAL && why && strstr(why, "XEN_VERSION"),
		      "expected XEN_VERSION refused, saw %d: %s", rc,
		      why ? why : "(none)");
	image_free(&im);
}
END_TEST

/* The name is a string too: "Xen" with namesz 3 and its NUL in padding. */
START_TEST(name_nul_in_padding)
{
	struct image im = image_load(BUILDER_LINUX_ELF);
	struct xen_guest_info gi;

	put32(im.buf + note_off(&im, 6), 3);            /* GUEST_OS */
	gi = parsed(&im);
	ck_assert_str_eq(gi.guest_os, "linux");
	image_free(&im);
}
END_TEST

Suite *builder_notes_suite(void)
{
	Suite *s = suite_create("builder_notes");
	TCase *tc = tcase_create("strings");

	tcase_add_test(tc, features_nul_in_padding);
	tcase_add_test(tc, string_runs_past_padding);
	tcase_add_test(tc, string_empty);
	tcase_add_test(tc, string_length_limit);
	tcase_add_test(tc, string_without_nul_ignored);
	tcase_add_test(tc, name_nul_in_padding);
	suite_add_tcase(s, tc);
	return s;
}
