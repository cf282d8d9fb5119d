/* Unit tests of the builder's kernel containers: bzImage, gzip'd ELF, hostile ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_builder.h"
#include "decompress.h"

#define BZ(name) BUILDER_BZ_DIR "/" name

/*
 * The environment the hypervisor gives the builder, hosted: the same
 * decompress_image() and Linux lib/ objects, buffers from malloc with a
 * limit, every allocation counted so that leaks show.
 */
static long live_bufs, live_state;
static size_t buf_limit = (size_t)1 << 30;
static size_t state_budget = (size_t)-1;    /* bytes decomp_alloc may give */

void *decomp_alloc(size_t len)
{
	void *p;

	if (len > state_budget)
		return NULL;
	state_budget -= len;
	p = malloc(len);
	if (p)
		live_state++;
	return p;
}

void decomp_free(void *p)
{
	if (p)
		live_state--;
	free(p);
}

static void *t_alloc(void *ctx, size_t len)
{
	void *p = len <= buf_limit ? malloc(len) : NULL;

	if (p) {
		memset(p, 0xa5, len);
		live_bufs++;
	}
	return p;
}

static void t_free(void *ctx, void *p, size_t len)
{
	ck_assert_ptr_nonnull(p);
	live_bufs--;
	free(p);
}

static const struct builder_decomp t_dc = {
	NULL, t_alloc, t_free, decompress_image,
};

static void reset(void)
{
	live_bufs = live_state = 0;
	buf_limit = (size_t)1 << 30;
	state_budget = (size_t)-1;
}

static void no_leaks(void)
{
	ck_assert_msg(live_bufs == 0 && live_state == 0,
		      "expected every buffer freed, saw %ld image buffers and "
		      "%ld decoder allocations live", live_bufs, live_state);
}

/* Offsets of the bzImage setup header and its payload in an image. */
static uint32_t le32_at(const uint8_t *p) { return (uint32_t)get64(p); }
static size_t payload_start(const struct image *im)
{
	unsigned int ss = im->buf[0x1f1] ? im->buf[0x1f1] : 4;

	return (ss + 1) * 512 + le32_at(im->buf + 0x248);
}
static size_t payload_len(const struct image *im)
{
	return le32_at(im->buf + 0x24c);
}

/* Opens im and expects the fixture ELF at elf_path back, byte for byte. */
static void opens_to(const struct image *im, const char *elf_path,
		     enum builder_comp comp, bool bz)
{
	struct image elf = image_load(elf_path);
	struct builder_image bi;
	struct xen_guest_info gi;
	const char *why = NULL;
	int rc;

	reset();
	rc = builder_image_open(im->buf, im->len, &t_dc, &bi, &why);
	ck_assert_msg(rc == 0, "expected the image to open, saw %d: %s", rc,
		      why ? why : "(no reason)");
	ck_assert_msg(bi.comp == comp && bi.bzimage == bz,
		      "expected %s%s, saw %s%s", bz ? "bzImage " : "",
		      builder_comp_name(comp), bi.bzimage ? "bzImage " : "",
		      builder_comp_name(bi.comp));
	ck_assert_msg(bi.elf_len == elf.len && !memcmp(bi.elf, elf.buf, elf.len),
		      "expected the %zu bytes of %s, saw %zu bytes%s", elf.len,
		      elf_path, bi.elf_len,
		      bi.elf_len == elf.len ? " that differ" : "");
	rc = xen_guest_parse(bi.elf, bi.elf_len, &gi, &why);
	ck_assert_msg(rc == 0, "expected the unpacked ELF to parse, saw %d: %s",
		      rc, why);
	{
		struct xen_guest_info want;

		parse_ok(&elf, &want);
		ck_assert_uint_eq(gi.entry, want.entry);
		ck_assert_uint_eq(gi.v_end, want.v_end);
	}
	builder_image_close(&t_dc, &bi);
	no_leaks();
	image_free(&elf);
}

/* Expects im (len bytes of it) refused with err and a reason with want. */
static void refused_len(const struct image *im, size_t len, int err,
			const char *want)
{
	struct builder_image bi;
	const char *why = NULL;
	int rc;

	reset();
	rc = builder_image_open(im->buf, len, &t_dc, &bi, &why);
	ck_assert_msg(rc == err && why && strstr(why, want),
		      "expected %d with a reason containing \"%s\", saw %d: %s",
		      err, want, rc, why ? why : "(no reason)");
	ck_assert_ptr_null(bi.buf);
	no_leaks();
}

static void refused(const struct image *im, int err, const char *want)
{
	refused_len(im, im->len, err, want);
}

START_TEST(formats_open)
{
	static const struct {
		const char *file;
		enum builder_comp comp;
	} f[] = {
		{ BZ("linux.gz.bzImage"), BUILDER_COMP_GZIP },
		{ BZ("linux.xz.bzImage"), BUILDER_COMP_XZ },
		{ BZ("linux.lz4.bzImage"), BUILDER_COMP_LZ4 },
		{ BZ("linux.zst.bzImage"), BUILDER_COMP_ZSTD },
	};
	struct image im = image_load(f[_i].file);

	opens_to(&im, BUILDER_LINUX_ELF, f[_i].comp, true);
	image_free(&im);
}
END_TEST

START_TEST(big_payloads)
{
	/* 9 MiB past the ELF: LZ4 takes two legacy blocks. */
	const char *file[] = { BZ("big.lz4.bzImage"), BZ("big.xz.bzImage") };
	enum builder_comp comp[] = { BUILDER_COMP_LZ4, BUILDER_COMP_XZ };
	struct image im = image_load(file[_i]);

	opens_to(&im, BZ("big.bin"), comp[_i], true);
	image_free(&im);
}
END_TEST

START_TEST(gzip_elf_and_plain_elf)
{
	struct image gz = image_load(BZ("linux.elf.gz"));
	struct image elf = image_load(BUILDER_LINUX_ELF);
	struct builder_image bi;
	const char *why = NULL;

	opens_to(&gz, BUILDER_LINUX_ELF, BUILDER_COMP_GZIP, false);
	/* A plain ELF is used in place: no buffer, no decompressor needed. */
	ck_assert_int_eq(builder_image_open(elf.buf, elf.len, NULL, &bi, &why), 0);
	ck_assert_ptr_eq(bi.elf, elf.buf);
	ck_assert_ptr_null(bi.buf);
	builder_image_close(NULL, &bi);
	/* Without a decompressor, a compressed one is refused by name. */
	ck_assert_int_eq(builder_image_open(gz.buf, gz.len, NULL, &bi, &why),
			 -EINVAL);
	ck_assert_str_eq(why, "compressed kernel, and no decompressor here");
	image_free(&gz);
	image_free(&elf);
}
END_TEST

START_TEST(setup_sects_zero_means_four)
{
	struct image im = image_load(BZ("linux.xz.bzImage"));
	struct image moved;
	size_t pl = payload_start(&im);

	/* Rebuild with 4 setup sectors declared as 0 (boot protocol rule). */
	moved.len = im.len + 512;
	moved.buf = calloc(1, moved.len);
	memcpy(moved.buf, im.buf, 4 * 512);
	memcpy(moved.buf + 5 * 512, im.buf + 4 * 512, im.len - 4 * 512);
	moved.buf[0x1f1] = 0;
	ck_assert_uint_eq(payload_start(&moved), pl + 512);
	opens_to(&moved, BUILDER_LINUX_ELF, BUILDER_COMP_XZ, true);
	image_free(&moved);
	image_free(&im);
}
END_TEST

START_TEST(old_protocol_and_short_header)
{
	struct image im = image_load(BZ("linux.gz.bzImage"));

	put16(im.buf + 0x206, 0x207);
	refused(&im, -EINVAL, "boot protocol older than 2.08");
	put16(im.buf + 0x206, 0x20f);
	refused_len(&im, 0x207, -EINVAL, "cut short inside its setup header");
	refused_len(&im, 0x240, -EINVAL, "cut short inside its setup header");
	image_free(&im);
}
END_TEST

START_TEST(truncated_payload)
{
	struct image im = image_load(BZ("linux.xz.bzImage"));
	size_t end = payload_start(&im) + payload_len(&im);

	/* The file cut inside the payload: the header says more is there. */
	refused_len(&im, end - 1, -EINVAL, "payload lies past the end");
	refused_len(&im, payload_start(&im) + 2, -EINVAL, "payload lies past");
	/* payload_offset + length wrapping or pointing far away. */
	put32(im.buf + 0x248, 0xfffffff0u);
	refused(&im, -EINVAL, "payload lies past the end");
	image_free(&im);
}
END_TEST

START_TEST(stream_cut_short)
{
	/* The header agrees with a payload that lost its last part. */
	const char *file[] = { BZ("linux.gz.bzImage"), BZ("linux.xz.bzImage"),
			       BZ("linux.lz4.bzImage"), BZ("linux.zst.bzImage") };
	const char *want[] = { "gzip:", "xz:", "lz4:", "zstd:" };
	struct image im = image_load(file[_i]);
	size_t ps = payload_start(&im), pl = payload_len(&im);
	uint32_t size = le32_at(im.buf + ps + pl - 4);

	/* Keep the size trailer, drop 40 bytes of stream before it. */
	memmove(im.buf + ps + pl - 44, im.buf + ps + pl - 4, 4);
	put32(im.buf + 0x24c, (uint32_t)(pl - 40));
	ck_assert_uint_eq(le32_at(im.buf + ps + pl - 44), size);
	refused(&im, -EINVAL, want[_i]);
	image_free(&im);
}
END_TEST

START_TEST(lying_size)
{
	const char *file[] = { BZ("linux.gz.bzImage"), BZ("linux.xz.bzImage"),
			       BZ("linux.lz4.bzImage"), BZ("linux.zst.bzImage") };
	struct image im = image_load(file[_i]);
	uint8_t *sz = im.buf + payload_start(&im) + payload_len(&im) - 4;
	uint32_t real = le32_at(sz);

	/* Smaller than the data: the decoder stops at the buffer's end. */
	put32(sz, real - 100);
	refused(&im, -EINVAL, "larger than the size the image declares");
	/* Larger: the stream ends first (gzip: its ISIZE also disagrees). */
	put32(sz, real + 4096);
	refused(&im, -EINVAL, _i == 0 ? "gzip: stream ends before" :
		"ends before the size the image declares");
	/* Absurd ones: too small for an ELF, over the 1 GiB limit. */
	put32(sz, 12);
	refused(&im, -EINVAL, "too small for an ELF image");
	put32(sz, 0x80000000u);
	refused(&im, -E2BIG, "over 1 GiB");
	image_free(&im);
}
END_TEST

START_TEST(no_memory)
{
	struct image im = image_load(BZ("linux.zst.bzImage"));
	uint8_t *sz = im.buf + payload_start(&im) + payload_len(&im) - 4;

	/* A size under the limit that the environment cannot give. */
	put32(sz, 512u << 20);
	reset();
	buf_limit = 256u << 20;
	{
		struct builder_image bi;
		const char *why = NULL;
		int rc = builder_image_open(im.buf, im.len, &t_dc, &bi, &why);

		ck_assert_msg(rc == -ENOMEM && !strcmp(why, "not enough memory "
			      "to decompress the kernel"),
			      "expected -ENOMEM, saw %d: %s", rc, why);
	}
	no_leaks();
	image_free(&im);
	/* The decoders' own state refused: each says so, nothing leaks. */
	{
		const char *file[] = { BZ("linux.gz.bzImage"),
				       BZ("linux.xz.bzImage"),
				       BZ("linux.zst.bzImage") };

		for (unsigned int i = 0; i < 3; i++) {
			struct image m = image_load(file[i]);
			struct builder_image bi;
			const char *why = NULL;
			int rc;

			reset();
			state_budget = 1000;
			rc = builder_image_open(m.buf, m.len, &t_dc, &bi, &why);
			ck_assert_msg(rc < 0 && why && strstr(why, "no memory"),
				      "%s: expected a 'no memory' refusal, saw "
				      "%d: %s", file[i], rc, why);
			no_leaks();
			image_free(&m);
		}
	}
}
END_TEST

START_TEST(bad_magic_named)
{
	struct image im = image_load(BZ("linux.xz.bzImage"));
	uint8_t *p = im.buf + payload_start(&im);

	memcpy(p, "BZh9", 4);
	refused(&im, -EINVAL, "bzip2-compressed: not supported");
	memcpy(p, "\x5d\x00\x00\x80", 4);
	refused(&im, -EINVAL, "lzma-compressed: not supported");
	memcpy(p, "\x89LZO", 4);
	refused(&im, -EINVAL, "lzo-compressed: not supported");
	memcpy(p, "\x12\x34\x56\x78", 4);
	refused(&im, -EINVAL, "unknown compression");
	image_free(&im);
}
END_TEST

START_TEST(corrupt_stream)
{
	const char *file[] = { BZ("linux.gz.bzImage"), BZ("linux.xz.bzImage"),
			       BZ("linux.lz4.bzImage"), BZ("linux.zst.bzImage") };
	const char *want[] = { "gzip:", "xz:", "lz4:", "zstd:" };
	struct image im = image_load(file[_i]);
	size_t ps = payload_start(&im), pl = payload_len(&im);

	/* Garbage over the middle of the stream (headers left intact). */
	for (size_t i = pl / 3; i < pl / 3 + 64; i++)
		im.buf[ps + i] ^= (uint8_t)(0x5a + i);
	refused(&im, -EINVAL, want[_i]);
	image_free(&im);
}
END_TEST

START_TEST(not_an_elf_inside)
{
	struct image im = image_load(BZ("notelf.gz.bzImage"));

	refused(&im, -EINVAL, "the decompressed kernel is not an ELF image");
	image_free(&im);
}
END_TEST

START_TEST(gzip_header_hostile)
{
	struct image im = image_load(BZ("linux.elf.gz"));

	im.buf[2] = 7;                               /* not deflate */
	refused(&im, -EINVAL, "compression method is not deflate");
	im.buf[2] = 8;
	im.buf[3] = 0x80;                            /* reserved flag */
	refused(&im, -EINVAL, "reserved header flags");
	im.buf[3] = 0x04;                            /* FEXTRA longer than all */
	put16(im.buf + 10, 0xffff);
	refused(&im, -EINVAL, "header truncated (FEXTRA)");
	refused_len(&im, 17, -EINVAL, "too short");
	image_free(&im);
}
END_TEST

START_TEST(elf_open_names_bzimage)
{
	struct image im = image_load(BZ("linux.gz.bzImage"));
	struct xen_guest_info gi;
	const char *why = NULL;

	/* Given straight to the ELF parser, it still says what it is. */
	ck_assert_int_eq(xen_guest_parse(im.buf, im.len, &gi, &why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "a bzImage"));
	image_free(&im);
}
END_TEST

Suite *builder_image_suite(void)
{
	Suite *s = suite_create("builder_image");
	TCase *tc = tcase_create("image");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, formats_open, 0, 4);
	tcase_add_loop_test(tc, big_payloads, 0, 2);
	tcase_add_test(tc, gzip_elf_and_plain_elf);
	tcase_add_test(tc, setup_sects_zero_means_four);
	tcase_add_test(tc, old_protocol_and_short_header);
	tcase_add_test(tc, truncated_payload);
	tcase_add_loop_test(tc, stream_cut_short, 0, 4);
	tcase_add_loop_test(tc, lying_size, 0, 4);
	tcase_add_test(tc, no_memory);
	tcase_add_test(tc, bad_magic_named);
	tcase_add_loop_test(tc, corrupt_stream, 0, 4);
	tcase_add_test(tc, not_an_elf_inside);
	tcase_add_test(tc, gzip_header_hostile);
	tcase_add_test(tc, elf_open_names_bzimage);
	suite_add_tcase(s, tc);
	return s;
}
