/* Unit tests: vsnprintf family and simple_strtoull from hv/lib. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "harness.h"

/* The product functions, renamed in the test build (tests/unit/build.mk). */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int hv_scnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
unsigned long long simple_strtoull(const char *s, const char **end, unsigned int base);

/* No format attribute: lets the tests pass formats gcc would warn about. */
static int fmt_nocheck(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hv_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define CHECK_RAW(expect, ...) do { \
	char b_[256]; \
	int n_ = fmt_nocheck(b_, sizeof(b_), __VA_ARGS__); \
	ck_assert_str_eq(b_, expect); \
	ck_assert_int_eq(n_, (int)strlen(expect)); \
} while (0)

/* Formats into a big buffer and compares with the expected text and length. */
#define CHECK_FMT(expect, ...) do { \
	char b_[256]; \
	int n_ = hv_snprintf(b_, sizeof(b_), __VA_ARGS__); \
	ck_assert_str_eq(b_, expect); \
	ck_assert_int_eq(n_, (int)strlen(expect)); \
} while (0)

START_TEST(fmt_signed)
{
	CHECK_FMT("42 -42 0", "%d %i %d", 42, -42, 0);
	CHECK_FMT("-2147483648", "%d", INT32_MIN);
	CHECK_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK_FMT("+5 -5  5", "%+d %+d % d", 5, -5, 5);
}
END_TEST

START_TEST(fmt_unsigned_bases)
{
	CHECK_FMT("4294967295", "%u", 4294967295u);
	CHECK_FMT("ff FF 377", "%x %X %o", 255u, 255u, 255u);
	CHECK_FMT("0xff 0XFF 0377 0", "%#x %#X %#o %#x", 255u, 255u, 255u, 0u);
	CHECK_FMT("18446744073709551615", "%llu", ~0ULL);
	CHECK_FMT("ffffffffffffffff", "%lx", ~0UL);
}
END_TEST

START_TEST(fmt_width_flags)
{
	CHECK_FMT("[   42]", "[%5d]", 42);
	CHECK_FMT("[42   ]", "[%-5d]", 42);
	CHECK_FMT("[00042]", "[%05d]", 42);
	CHECK_FMT("[-0042]", "[%05d]", -42);
	CHECK_FMT("[0x002a]", "[%#06x]", 42u);
	CHECK_RAW("[42   ]", "[%-05d]", 42);
	CHECK_FMT("[  abc]|[abc  ]", "[%5s]|[%-5s]", "abc", "abc");
	CHECK_FMT("[    x]", "[%5c]", 'x');
}
END_TEST

START_TEST(fmt_precision)
{
	CHECK_FMT("[00042]", "[%.5d]", 42);
	CHECK_FMT("[  00042]", "[%7.5d]", 42);
	CHECK_RAW("[   42]", "[%05.2d]", 42);    /* '0' ignored with precision */
	CHECK_FMT("[]", "[%.0d]", 0);
	CHECK_FMT("[ab]", "[%.2s]", "abcdef");
	CHECK_FMT("[-007]", "[%.3d]", -7);
}
END_TEST

START_TEST(fmt_star)
{
	CHECK_FMT("[   42]", "[%*d]", 5, 42);
	CHECK_FMT("[42   ]", "[%*d]", -5, 42);
	CHECK_FMT("[abc]", "[%.*s]", 3, "abcdef");
	CHECK_FMT("[  0042]", "[%*.*d]", 6, 4, 42);
	CHECK_FMT("[42]", "[%.*d]", -1, 42);   /* negative precision: none */
}
END_TEST

START_TEST(fmt_length_modifiers)
{
	CHECK_FMT("-1 255", "%hhd %hhu", 255, 255);
	CHECK_FMT("-1 65535", "%hd %hu", 65535, 65535);
	CHECK_FMT("-1 ffffffffffffffff", "%ld %lx", -1L, -1UL);
	CHECK_FMT("123 -4", "%zu %zd", (size_t)123, (ptrdiff_t)-4);
	CHECK_FMT("-9 77", "%td %ju", (ptrdiff_t)-9, (uintmax_t)77);
	CHECK_FMT("-3", "%jd", (intmax_t)-3);
}
END_TEST

START_TEST(fmt_char_string_percent)
{
	CHECK_FMT("a%b", "%c%%%c", 'a', 'b');
	CHECK_RAW("(null)", "%s", (char *)NULL);
	CHECK_FMT("x y", "%s %s", "x", "y");
	CHECK_FMT("", "%s", "");
}
END_TEST

START_TEST(fmt_pointer)
{
	CHECK_FMT("0xffff800000001000", "%p", (void *)0xffff800000001000UL);
	CHECK_FMT("0x0000000000000000", "%p", NULL);
	CHECK_FMT("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
}
END_TEST

START_TEST(fmt_truncation)
{
	char b[8];
	int n;

	memset(b, 'Z', sizeof(b));
	n = hv_snprintf(b, sizeof(b), "hello, %s", "world");
	ck_assert_int_eq(n, 12);
	ck_assert_str_eq(b, "hello, ");
	n = hv_scnprintf(b, sizeof(b), "hello, %s", "world");
	ck_assert_int_eq(n, 7);
	n = hv_scnprintf(b, sizeof(b), "hi");
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(b, "hi");

	/* size 0: nothing written, the would-be length returned. */
	b[0] = 'Q';
	n = hv_snprintf(b, 0, "%d", 12345);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(b[0], 'Q');
	ck_assert_int_eq(hv_scnprintf(b, 0, "abc"), 0);
	n = hv_snprintf(b, 1, "abc");
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(b, "");
}
END_TEST

START_TEST(fmt_unknown_conversion)
{
	CHECK_RAW("a%qb", "a%qb");
	CHECK_RAW("50%", "50%");
}
END_TEST

START_TEST(strtoull_bases)
{
	const char *end;

	ck_assert_uint_eq(simple_strtoull("1234xyz", &end, 10), 1234);
	ck_assert_str_eq(end, "xyz");
	ck_assert_uint_eq(simple_strtoull("0x1fG", &end, 0), 0x1f);
	ck_assert_str_eq(end, "G");
	ck_assert_uint_eq(simple_strtoull("0777", &end, 0), 0777);
	ck_assert_uint_eq(simple_strtoull("ff", &end, 16), 0xff);
	ck_assert_uint_eq(simple_strtoull("0XAb", &end, 16), 0xab);
	ck_assert_uint_eq(simple_strtoull("101", &end, 2), 5);
	ck_assert_uint_eq(simple_strtoull("0", &end, 0), 0);
	ck_assert_str_eq(end, "");
}
END_TEST

START_TEST(strtoull_edges)
{
	const char *s = "zzz", *end;

	ck_assert_uint_eq(simple_strtoull(s, &end, 0), 0);
	ck_assert_ptr_eq(end, s);             /* no digits: end = s */
	ck_assert_uint_eq(simple_strtoull("0x", &end, 0), 0);
	ck_assert_str_eq(end, "x");           /* "0" parsed, "x" left */
	ck_assert_uint_eq(simple_strtoull("18446744073709551615", &end, 10), ~0ULL);
	ck_assert_uint_eq(simple_strtoull("99999999999999999999999", &end, 10), ~0ULL);
	ck_assert_str_eq(end, "");
	ck_assert_uint_eq(simple_strtoull("12", NULL, 10), 12);
}
END_TEST

static Suite *lib_suite(void)
{
	Suite *s = suite_create("lib");
	TCase *tc = tcase_create("vsnprintf");

	tcase_add_test(tc, fmt_signed);
	tcase_add_test(tc, fmt_unsigned_bases);
	tcase_add_test(tc, fmt_width_flags);
	tcase_add_test(tc, fmt_precision);
	tcase_add_test(tc, fmt_star);
	tcase_add_test(tc, fmt_length_modifiers);
	tcase_add_test(tc, fmt_char_string_percent);
	tcase_add_test(tc, fmt_pointer);
	tcase_add_test(tc, fmt_truncation);
	tcase_add_test(tc, fmt_unknown_conversion);
	suite_add_tcase(s, tc);
	tc = tcase_create("strtoull");
	tcase_add_test(tc, strtoull_bases);
	tcase_add_test(tc, strtoull_edges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { lib_suite, NULL };

	return harness_run(suites);
}
