/* Unit tests: the hypervisor command-line parser (hv/cmdline.c). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "cmdline.h"
#include "errno.h"

/*
 * Older glibc (before 2.38) has no strlcpy; the product code uses it, so
 * the test supplies one. Weak, in case libc has its own.
 */
__attribute__((weak)) size_t strlcpy(char *dst, const char *src, size_t size)
{
	return (size_t)snprintf(dst, size, "%s", src);
}

static bool opt_noreboot, opt_sync = true;
static unsigned long opt_loglvl, opt_cpus;
static uint64_t opt_mem, opt_heap;
static char opt_console[8];
static char custom_seen[64];
static int custom_calls;

static int parse_custom(const char *val)
{
	custom_calls++;
	strncpy(custom_seen, val, sizeof(custom_seen) - 1);
	return strcmp(val, "bad") ? 0 : -EINVAL;
}

static const struct param tbl[] = {
	{ "noreboot", PARAM_BOOL, &opt_noreboot, 0, NULL },
	{ "sync_console", PARAM_BOOL, &opt_sync, 0, NULL },
	{ "loglvl", PARAM_UINT, &opt_loglvl, 0, NULL },
	{ "maxcpus", PARAM_UINT, &opt_cpus, 0, NULL },
	{ "dom0_mem", PARAM_SIZE, &opt_mem, 0, NULL },
	{ "xenheap", PARAM_SIZE, &opt_heap, 0, NULL },
	{ "console", PARAM_STRING, opt_console, sizeof(opt_console), NULL },
	{ "iommu", PARAM_CUSTOM, NULL, 0, parse_custom },
};

static char reports[1024];

static void report(const char *what, const char *token)
{
	size_t n = strlen(reports);

	snprintf(reports + n, sizeof(reports) - n, "%s: %s;", what, token);
}

static int parse(const char *s)
{
	reports[0] = 0;
	return cmdline_parse(s, tbl, sizeof(tbl) / sizeof(tbl[0]), report);
}

START_TEST(bools)
{
	ck_assert_int_eq(parse("noreboot no-sync_console"), 0);
	ck_assert(opt_noreboot);
	ck_assert(!opt_sync);
	ck_assert_int_eq(parse("noreboot=off sync_console=yes"), 0);
	ck_assert(!opt_noreboot);
	ck_assert(opt_sync);
	ck_assert_int_eq(parse("noreboot=maybe"), 1);
	ck_assert_str_eq(reports, "bad value: noreboot=maybe;");
	ck_assert_int_eq(parse("no-noreboot=1"), 1);   /* no- takes no value */
}
END_TEST

START_TEST(parse_bool_words)
{
	const char *yes[] = { "yes", "on", "true", "enable", "1" };
	const char *no[] = { "no", "off", "false", "disable", "0" };

	for (unsigned int i = 0; i < 5; i++) {
		ck_assert_int_eq(parse_bool(yes[i]), 1);
		ck_assert_int_eq(parse_bool(no[i]), 0);
	}
	ck_assert_int_eq(parse_bool(""), -EINVAL);
	ck_assert_int_eq(parse_bool("2"), -EINVAL);
	ck_assert_int_eq(parse_bool("onn"), -EINVAL);
}
END_TEST

START_TEST(uints)
{
	ck_assert_int_eq(parse("loglvl=7 maxcpus=0x10"), 0);
	ck_assert_uint_eq(opt_loglvl, 7);
	ck_assert_uint_eq(opt_cpus, 16);
	ck_assert_int_eq(parse("maxcpus=010"), 0);
	ck_assert_uint_eq(opt_cpus, 8);                /* octal, as in C */
	ck_assert_int_eq(parse("loglvl=7x loglvl= loglvl"), 3);
	ck_assert_uint_eq(opt_loglvl, 7);              /* unchanged */
	ck_assert_str_eq(reports,
		"bad value: loglvl=7x;bad value: loglvl=;bad value: loglvl;");
}
END_TEST

START_TEST(sizes)
{
	ck_assert_int_eq(parse("dom0_mem=512M xenheap=4096"), 0);
	ck_assert_uint_eq(opt_mem, 512ULL << 20);
	ck_assert_uint_eq(opt_heap, 4096ULL << 10);    /* no suffix: KiB */
	ck_assert_int_eq(parse("dom0_mem=2g xenheap=100b"), 0);
	ck_assert_uint_eq(opt_mem, 2ULL << 30);
	ck_assert_uint_eq(opt_heap, 100);
	ck_assert_int_eq(parse("dom0_mem=1T xenheap=0x10k"), 0);
	ck_assert_uint_eq(opt_mem, 1ULL << 40);
	ck_assert_uint_eq(opt_heap, 16 << 10);
	ck_assert_int_eq(parse("dom0_mem=12Q xenheap=M"), 2);
	ck_assert_uint_eq(opt_mem, 1ULL << 40);
}
END_TEST

START_TEST(parse_size_direct)
{
	uint64_t b = 0;
	const char *end;

	ck_assert_int_eq(parse_size("64M,rest", &end, &b), 0);
	ck_assert_uint_eq(b, 64ULL << 20);
	ck_assert_str_eq(end, ",rest");
	ck_assert_int_eq(parse_size("3", &end, &b), 0);
	ck_assert_uint_eq(b, 3072);
	ck_assert_int_eq(parse_size("x", &end, &b), -EINVAL);
	ck_assert_int_eq(parse_size("99999999999T", &end, &b), -ERANGE);
}
END_TEST

START_TEST(strings)
{
	ck_assert_int_eq(parse("console=com1"), 0);
	ck_assert_str_eq(opt_console, "com1");
	ck_assert_int_eq(parse("console=com1,vga,dbgp"), 1);
	ck_assert_str_eq(opt_console, "com1,vg");     /* truncated to 7 + NUL */
	ck_assert_str_eq(reports, "value truncated: console=com1,vga,dbgp;");
	ck_assert_int_eq(parse("console="), 0);
	ck_assert_str_eq(opt_console, "");
}
END_TEST

START_TEST(custom)
{
	custom_calls = 0;
	ck_assert_int_eq(parse("iommu=force,verbose"), 0);
	ck_assert_str_eq(custom_seen, "force,verbose");
	ck_assert_int_eq(parse("iommu"), 0);
	ck_assert_str_eq(custom_seen, "");
	ck_assert_int_eq(parse("iommu=bad"), 1);
	ck_assert_str_eq(reports, "bad value: iommu=bad;");
	ck_assert_int_eq(custom_calls, 3);
}
END_TEST

START_TEST(unknown_reported_and_parse_continues)
{
	ck_assert_int_eq(parse("  frobnicate=3   loglvl=5 no-such\tmaxcpus=2 "), 2);
	ck_assert_str_eq(reports, "unknown option: frobnicate=3;unknown option: no-such;");
	ck_assert_uint_eq(opt_loglvl, 5);
	ck_assert_uint_eq(opt_cpus, 2);
	ck_assert_int_eq(parse(""), 0);
	ck_assert_int_eq(cmdline_parse(NULL, tbl, 1, report), 0);
	ck_assert_int_eq(cmdline_parse("x", tbl, 1, NULL), 1);  /* no reporter */
}
END_TEST

START_TEST(dom0_split)
{
	const char *cl = "loglvl=3 -- console=hvc0 root=/dev/xvda1 loglvl=1";

	ck_assert_int_eq(parse(cl), 0);
	ck_assert_uint_eq(opt_loglvl, 3);              /* dom0's loglvl ignored */
	ck_assert_str_eq(cmdline_dom0_part(cl), "console=hvc0 root=/dev/xvda1 loglvl=1");
	ck_assert_ptr_null(cmdline_dom0_part("loglvl=3 noreboot"));
	ck_assert_ptr_null(cmdline_dom0_part("a--b --x"));
	ck_assert_str_eq(cmdline_dom0_part("noreboot --"), "");
	ck_assert_str_eq(cmdline_dom0_part("-- quiet"), "quiet");
	ck_assert_ptr_null(cmdline_dom0_part(NULL));
}
END_TEST

START_TEST(long_token)
{
	char cl[400];

	memset(cl, 'a', sizeof(cl) - 1);
	cl[sizeof(cl) - 1] = 0;
	ck_assert_int_eq(parse(cl), 1);
	ck_assert(!strncmp(reports, "option too long: aaa", 20));
}
END_TEST

static Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, bools);
	tcase_add_test(tc, parse_bool_words);
	tcase_add_test(tc, uints);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, parse_size_direct);
	tcase_add_test(tc, strings);
	tcase_add_test(tc, custom);
	tcase_add_test(tc, unknown_reported_and_parse_continues);
	tcase_add_test(tc, dom0_split);
	tcase_add_test(tc, long_token);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { cmdline_suite, NULL };

	return harness_run(suites);
}
