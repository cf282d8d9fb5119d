/* Unit tests: the virtual debug registers' checks (hv/arch/x86_64/debugreg.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "errno.h"
#include "asm/debugreg.h"

static uint64_t rd(const struct pv_debugregs *s, unsigned int reg, bool de)
{
	uint64_t v = 0xdead;

	ck_assert_int_eq(debugreg_get(s, reg, de, &v), 0);
	return v;
}

START_TEST(addresses)
{
	struct pv_debugregs s = { 0 };

	ck_assert_int_eq(debugreg_set(&s, 0, 0x7fffffffffffUL, false), 0);
	ck_assert_int_eq(debugreg_set(&s, 1, 0x800000000000UL, false), -EPERM);
	ck_assert_int_eq(debugreg_set(&s, 1, 0xffff800000000000UL, false), -EPERM);
	ck_assert_int_eq(debugreg_set(&s, 1, 0xffff87ffffffffffUL, false), -EPERM);
	ck_assert_int_eq(debugreg_set(&s, 1, 0xffff880000000000UL, false), 0);
	ck_assert_uint_eq(rd(&s, 0, false), 0x7fffffffffffUL);
	ck_assert_uint_eq(rd(&s, 1, false), 0xffff880000000000UL);
}
END_TEST

START_TEST(dr6_dr7_rules)
{
	struct pv_debugregs s = { 0 };

	ck_assert_uint_eq(rd(&s, 6, false), 0xffff0ff0);
	ck_assert_uint_eq(rd(&s, 7, false), 0x400);
	ck_assert_int_eq(debugreg_set(&s, 6, 1UL << 32, false), -EINVAL);
	ck_assert_int_eq(debugreg_set(&s, 6, 0x100f, false), 0);
	ck_assert_uint_eq(rd(&s, 6, false), 0xffff0fff);
	ck_assert_int_eq(debugreg_set(&s, 7, 1UL << 40, false), -EINVAL);
	ck_assert_int_eq(debugreg_set(&s, 7, 0x2000, false), -EPERM);
	/* An I/O breakpoint, enabled or only another one enabled. */
	ck_assert_int_eq(debugreg_set(&s, 7, 0x20002, false), -EPERM);
	ck_assert_int_eq(debugreg_set(&s, 7, 0x20000004, false), -EPERM);
	ck_assert_int_eq(debugreg_set(&s, 7, 0x20000000, false), 0);
	ck_assert_int_eq(debugreg_set(&s, 7, 0xd8ff | 0x10000, false), 0);
	ck_assert_uint_eq(rd(&s, 7, false), 0x104ff);
	/* DR4/DR5 alias DR6/DR7 without CR4.DE and are #UD with it. */
	ck_assert_uint_eq(rd(&s, 5, false), 0x104ff);
	ck_assert_int_eq(debugreg_set(&s, 4, 0, true), -ENODEV);
	ck_assert_int_eq(debugreg_set(&s, 5, 0, true), -ENODEV);
	ck_assert_int_eq(debugreg_set(&s, 8, 0, false), -ENODEV);
	uint64_t v;
	ck_assert_int_eq(debugreg_get(&s, 4, true, &v), -ENODEV);
	ck_assert_int_eq(debugreg_get(&s, 9, false, &v), -ENODEV);
}
END_TEST

START_TEST(db_merges_dr6)
{
	struct pv_debugregs s = { 0 };

	debugreg_note_db(&s, 0xffff4ff2);   /* BS, B1 */
	ck_assert_uint_eq(rd(&s, 6, false), 0xffff4ff2);
	debugreg_note_db(&s, 0xffff0ff1);   /* B0: B1 replaced, BS kept */
	ck_assert_uint_eq(rd(&s, 6, false), 0xffff4ff1);
}
END_TEST

static Suite *debugreg_suite(void)
{
	Suite *s = suite_create("debugreg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, addresses);
	tcase_add_test(tc, dr6_dr7_rules);
	tcase_add_test(tc, db_merges_dr6);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { debugreg_suite, NULL };

	return harness_run(suites);
}
