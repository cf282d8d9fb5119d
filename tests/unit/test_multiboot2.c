/* Unit tests: the Multiboot2 information parser (hv/arch/x86_64/multiboot2.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "boot.h"
#include "errno.h"

/* A Multiboot2 information structure under construction. */
struct mbi {
	uint64_t buf[1024];     /* 8-byte aligned, 8 KiB */
	uint32_t len;
};

static uint8_t *at(struct mbi *m, uint32_t off)
{
	return (uint8_t *)m->buf + off;
}

static void put32(struct mbi *m, uint32_t off, uint32_t v)
{
	memcpy(at(m, off), &v, 4);
}

static void put64(struct mbi *m, uint32_t off, uint64_t v)
{
	memcpy(at(m, off), &v, 8);
}

static void mbi_start(struct mbi *m)
{
	memset(m->buf, 0, sizeof(m->buf));
	m->len = 8;
}

/* Appends a tag with payload (size = 8 + plen), padded to 8 bytes. */
static uint32_t add_tag(struct mbi *m, uint32_t type, const void *payload,
			uint32_t plen)
{
	uint32_t off = m->len;

	put32(m, off, type);
	put32(m, off + 4, 8 + plen);
	if (plen)
		memcpy(at(m, off + 8), payload, plen);
	m->len = (off + 8 + plen + 7) & ~7u;
	return off;
}

static void add_string(struct mbi *m, uint32_t type, const char *s)
{
	add_tag(m, type, s, (uint32_t)strlen(s) + 1);
}

static void add_module(struct mbi *m, uint32_t start, uint32_t end,
		       const char *cmd)
{
	uint8_t p[256];

	memcpy(p, &start, 4);
	memcpy(p + 4, &end, 4);
	strcpy((char *)p + 8, cmd);
	add_tag(m, 3, p, 8 + (uint32_t)strlen(cmd) + 1);
}

static void add_meminfo(struct mbi *m, uint32_t lower, uint32_t upper)
{
	uint32_t p[2] = { lower, upper };

	add_tag(m, 4, p, 8);
}

struct e { uint64_t base, len; uint32_t type; };

static void add_mmap(struct mbi *m, const struct e *e, unsigned int n,
		     uint32_t esz)
{
	uint32_t off = m->len, i;

	put32(m, off, 6);
	put32(m, off + 4, 16 + n * esz);
	put32(m, off + 8, esz);
	put32(m, off + 12, 0);
	for (i = 0; i < n; i++) {
		put64(m, off + 16 + i * esz, e[i].base);
		put64(m, off + 24 + i * esz, e[i].len);
		put32(m, off + 32 + i * esz, e[i].type);
	}
	m->len = (off + 16 + n * esz + 7) & ~7u;
}

static void mbi_end(struct mbi *m)
{
	add_tag(m, 0, NULL, 0);
	put32(m, 0, m->len);
}

static struct mbi m;
static struct boot_info bi;
static const char *why;

static int parse(void)
{
	why = "(none)";
	return mb2_parse(m.buf, sizeof(m.buf), &bi, &why);
}

#define ASSERT_MEM(i, b, l, t) do { \
	ck_assert_uint_eq(bi.mem[i].base, (b)); \
	ck_assert_uint_eq(bi.mem[i].len, (l)); \
	ck_assert_uint_eq(bi.mem[i].type, (t)); \
} while (0)

START_TEST(strings_and_modules)
{
	mbi_start(&m);
	add_string(&m, 1, "console=com1 loglvl=all");
	add_string(&m, 2, "GRUB 2.12");
	add_module(&m, 0x200000, 0x300000, "dom0 root=/dev/xvda");
	add_module(&m, 0x300000, 0x300123, "");
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_str_eq(bi.cmdline, "console=com1 loglvl=all");
	ck_assert_str_eq(bi.loader, "GRUB 2.12");
	ck_assert_uint_eq(bi.nr_mod, 2);
	ck_assert_uint_eq(bi.mod[0].start, 0x200000);
	ck_assert_uint_eq(bi.mod[0].end, 0x300000);
	ck_assert_str_eq(bi.mod[0].cmdline, "dom0 root=/dev/xvda");
	ck_assert_uint_eq(bi.mod[1].end, 0x300123);
	ck_assert_str_eq(bi.mod[1].cmdline, "");
	/* Strings point into the MBI. */
	ck_assert_ptr_eq(bi.cmdline, (const char *)at(&m, 16));
}
END_TEST

START_TEST(absent_strings_are_empty)
{
	mbi_start(&m);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_str_eq(bi.cmdline, "");
	ck_assert_str_eq(bi.loader, "");
	ck_assert_uint_eq(bi.nr_mod, 0);
	ck_assert_uint_eq(bi.nr_mem, 0);
	ck_assert(!bi.have_meminfo && !bi.have_load_base);
	ck_assert_ptr_null(bi.rsdp);
}
END_TEST

START_TEST(mmap_sorted_and_merged)
{
	static const struct e e[] = {
		{ 0x100000, 0x7ff00000, E820_RAM },
		{ 0, 0x9fc00, E820_RAM },
		{ 0xf0000, 0x10000, E820_RESERVED },
		{ 0x9fc00, 0x400, E820_RESERVED },
		{ 0xfffc0000, 0x40000, E820_RESERVED },
		{ 0x500000, 0, E820_RAM },            /* empty: dropped */
	};

	mbi_start(&m);
	add_mmap(&m, e, 6, 24);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_uint_eq(bi.nr_mem, 5);
	ASSERT_MEM(0, 0, 0x9fc00, E820_RAM);
	ASSERT_MEM(1, 0x9fc00, 0x400, E820_RESERVED);
	ASSERT_MEM(2, 0xf0000, 0x10000, E820_RESERVED);
	ASSERT_MEM(3, 0x100000, 0x7ff00000, E820_RAM);
	ASSERT_MEM(4, 0xfffc0000, 0x40000, E820_RESERVED);
	ck_assert_uint_eq(boot_ram_total(&bi), 0x9fc00 + 0x7ff00000ULL);
}
END_TEST

START_TEST(mmap_overlap_favours_reserved)
{
	static const struct e e[] = {
		{ 0x0, 0x1000000, E820_RAM },         /* 0..16M RAM */
		{ 0x400000, 0x100000, E820_RESERVED },/* hole 4M..5M */
		{ 0xff0000, 0x20000, E820_ACPI },     /* straddles the end */
		{ 0x800000, 0x400000, E820_RAM },     /* duplicate RAM */
	};

	mbi_start(&m);
	add_mmap(&m, e, 4, 24);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_uint_eq(bi.nr_mem, 4);
	ASSERT_MEM(0, 0, 0x400000, E820_RAM);
	ASSERT_MEM(1, 0x400000, 0x100000, E820_RESERVED);
	ASSERT_MEM(2, 0x500000, 0xff0000 - 0x500000, E820_RAM);
	ASSERT_MEM(3, 0xff0000, 0x20000, E820_ACPI);
	ck_assert_uint_eq(boot_ram_total(&bi), 0xff0000 - 0x100000);
}
END_TEST

START_TEST(mmap_larger_entry_size)
{
	static const struct e e[] = {
		{ 0x2000, 0x1000, E820_NVS },
		{ 0x0, 0x1000, E820_RAM },
	};

	mbi_start(&m);
	add_mmap(&m, e, 2, 32);                 /* future, longer entries */
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_uint_eq(bi.nr_mem, 2);
	ASSERT_MEM(0, 0, 0x1000, E820_RAM);
	ASSERT_MEM(1, 0x2000, 0x1000, E820_NVS);
}
END_TEST

START_TEST(meminfo_fallback)
{
	mbi_start(&m);
	add_meminfo(&m, 639, 130048);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert(bi.have_meminfo);
	ck_assert_uint_eq(bi.mem_lower_kb, 639);
	ck_assert_uint_eq(bi.nr_mem, 2);
	ASSERT_MEM(0, 0, 639 * 1024, E820_RAM);
	ASSERT_MEM(1, 0x100000, 130048ULL * 1024, E820_RAM);
}
END_TEST

START_TEST(meminfo_ignored_with_mmap)
{
	static const struct e e[] = { { 0, 0x8000000, E820_RAM } };

	mbi_start(&m);
	add_meminfo(&m, 639, 130048);
	add_mmap(&m, e, 1, 24);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_uint_eq(bi.nr_mem, 1);
	ck_assert_uint_eq(boot_ram_total(&bi), 0x8000000);
}
END_TEST

START_TEST(acpi_and_load_base)
{
	uint8_t rsdp1[20] = "RSD PTR old", rsdp2[36] = "RSD PTR new";
	uint32_t base = 0x200000;

	mbi_start(&m);
	add_tag(&m, 15, rsdp2, sizeof(rsdp2));
	add_tag(&m, 14, rsdp1, sizeof(rsdp1));  /* the new one still wins */
	add_tag(&m, 21, &base, 4);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_ptr_nonnull(bi.rsdp);
	ck_assert_uint_eq(bi.rsdp_len, 36);
	ck_assert_str_eq((const char *)bi.rsdp, "RSD PTR new");
	ck_assert(bi.have_load_base);
	ck_assert_uint_eq(bi.load_base, 0x200000);
}
END_TEST

/* Expects rc and a reason; prints the reason it got. */
#define EXPECT_FAIL(rc_) do { \
	int r_ = parse(); \
	ck_assert_msg(r_ == (rc_), "expected %d, got %d (%s)", (rc_), r_, why); \
	ck_assert_str_ne(why, "(none)"); \
} while (0)

START_TEST(bad_total_size)
{
	mbi_start(&m);
	mbi_end(&m);
	put32(&m, 0, 8);
	EXPECT_FAIL(-EINVAL);
	put32(&m, 0, m.len + 4);                /* not a multiple of 8 */
	EXPECT_FAIL(-EINVAL);
	put32(&m, 0, m.len);
	why = "(none)";
	ck_assert_int_eq(mb2_parse(m.buf, m.len - 8, &bi, &why), -EINVAL);
	ck_assert_str_ne(why, "(none)");        /* total_size > avail */
}
END_TEST

START_TEST(tag_past_end)
{
	uint32_t off;

	mbi_start(&m);
	off = m.len;
	add_string(&m, 1, "abc");
	mbi_end(&m);
	put32(&m, off + 4, m.len);              /* runs past total_size */
	EXPECT_FAIL(-EINVAL);
	put32(&m, off + 4, 4);                  /* size below 8 */
	EXPECT_FAIL(-EINVAL);
}
END_TEST

START_TEST(missing_end_tag)
{
	mbi_start(&m);
	add_string(&m, 1, "abc");
	add_string(&m, 2, "xyz");
	put32(&m, 0, m.len);
	EXPECT_FAIL(-EINVAL);
	ck_assert_str_eq(why, "missing end tag");
	/* An end tag with the wrong size. */
	mbi_start(&m);
	add_tag(&m, 0, "\0\0\0\0\0\0\0", 8);
	put32(&m, 0, m.len);
	EXPECT_FAIL(-EINVAL);
}
END_TEST

START_TEST(unterminated_string)
{
	mbi_start(&m);
	add_tag(&m, 1, "abcdefgh", 8);         /* no NUL within the tag */
	mbi_end(&m);
	EXPECT_FAIL(-EINVAL);
	mbi_start(&m);
	add_tag(&m, 3, "\0\0\0\0\1\0\0\0modX", 12);
	mbi_end(&m);
	EXPECT_FAIL(-EINVAL);
}
END_TEST

START_TEST(bad_entry_size)
{
	static const struct e e[] = { { 0, 0x1000, E820_RAM } };

	mbi_start(&m);
	add_mmap(&m, e, 1, 20);
	mbi_end(&m);
	EXPECT_FAIL(-EINVAL);
	mbi_start(&m);
	add_mmap(&m, e, 1, 28);
	mbi_end(&m);
	EXPECT_FAIL(-EINVAL);
}
END_TEST

START_TEST(module_end_before_start)
{
	mbi_start(&m);
	add_module(&m, 0x300000, 0x200000, "x");
	mbi_end(&m);
	EXPECT_FAIL(-EINVAL);
}
END_TEST

START_TEST(too_many_modules_and_regions)
{
	static struct e e[BOOT_MAX_MEMMAP + 1];
	int i, rc;

	mbi_start(&m);
	for (i = 0; i <= BOOT_MAX_MODULES; i++)
		add_module(&m, 0, 0x1000, "m");
	mbi_end(&m);
	rc = parse();
	ck_assert_msg(rc == -E2BIG || rc == -EINVAL, "got %d", rc);

	/* Alternating types: every raw entry survives as its own region. */
	for (i = 0; i <= BOOT_MAX_MEMMAP; i++)
		e[i] = (struct e){ (uint64_t)i << 12, 0x1000,
				   i % 2 ? E820_RESERVED : E820_RAM };
	mbi_start(&m);
	add_mmap(&m, e, BOOT_MAX_MEMMAP, 24);
	mbi_end(&m);
	ck_assert_msg(parse() == 0, "parse failed: %s", why);
	ck_assert_uint_eq(bi.nr_mem, BOOT_MAX_MEMMAP);
	mbi_start(&m);
	add_mmap(&m, e, BOOT_MAX_MEMMAP + 1, 24);
	mbi_end(&m);
	rc = parse();
	ck_assert_msg(rc == -E2BIG, "expected -E2BIG, got %d (%s)", rc, why);
}
END_TEST

static Suite *mb2_suite(void)
{
	Suite *s = suite_create("multiboot2");
	TCase *tc = tcase_create("good");

	tcase_add_test(tc, strings_and_modules);
	tcase_add_test(tc, absent_strings_are_empty);
	tcase_add_test(tc, mmap_sorted_and_merged);
	tcase_add_test(tc, mmap_overlap_favours_reserved);
	tcase_add_test(tc, mmap_larger_entry_size);
	tcase_add_test(tc, meminfo_fallback);
	tcase_add_test(tc, meminfo_ignored_with_mmap);
	tcase_add_test(tc, acpi_and_load_base);
	suite_add_tcase(s, tc);
	tc = tcase_create("bad");
	tcase_add_test(tc, bad_total_size);
	tcase_add_test(tc, tag_past_end);
	tcase_add_test(tc, missing_end_tag);
	tcase_add_test(tc, unterminated_string);
	tcase_add_test(tc, bad_entry_size);
	tcase_add_test(tc, module_end_before_start);
	tcase_add_test(tc, too_many_modules_and_regions);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { mb2_suite, NULL };

	return harness_run(suites);
}
