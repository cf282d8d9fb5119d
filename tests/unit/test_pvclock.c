/* Unit tests: the secondary time area's write protocol and the TSC-stable rule (hv/arch/x86_64/pvclock.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "asm/pvclock.h"

/*
 * A fake guest: 4 KiB at VA 0x1000, writes recorded in order. Writes
 * fail from fail_at on (the n-th write, counting from 1; 0: never) or
 * when any byte falls outside [ok_lo, ok_hi).
 */
static uint8_t mem[4096];
static struct { uint64_t va; unsigned long len; uint32_t ver; } log_[8];
static int nlog, fail_at;
static uint64_t ok_lo = 0x1000, ok_hi = 0x2000;

static int fake_copy(uint64_t va, const void *src, unsigned long len)
{
	int n = nlog + 1;

	if (nlog < 8) {
		log_[nlog].va = va;
		log_[nlog].len = len;
		memcpy(&log_[nlog].ver, src, 4);
	}
	nlog++;
	if ((fail_at && n >= fail_at) || va < ok_lo || va + len > ok_hi)
		return -1;
	memcpy(mem + (va - 0x1000), src, len);
	return 0;
}

static struct vcpu_time_info rec(uint32_t version)
{
	struct vcpu_time_info t = { .version = version, .tsc_timestamp = 123456,
				    .system_time = 987654321, .tsc_to_system_mul = 0x80000000u,
				    .tsc_shift = -1, .flags = XEN_PVCLOCK_TSC_STABLE_BIT };
	return t;
}

static void reset(void)
{
	memset(mem, 0x5a, sizeof(mem));
	nlog = 0;
	fail_at = 0;
	ok_lo = 0x1000, ok_hi = 0x2000;
}

START_TEST(odd_first_then_record_then_even)
{
	struct vcpu_time_info src = rec(7), out;

	reset();
	ck_assert(pvclock_write_secondary(0x1100, &src, fake_copy));
	ck_assert_int_eq(nlog, 3);
	ck_assert_uint_eq(log_[0].va, 0x1100);
	ck_assert_uint_eq(log_[0].len, 4);
	ck_assert_uint_eq(log_[0].ver, 7);           /* odd first */
	ck_assert_uint_eq(log_[1].len, sizeof(struct vcpu_time_info));
	ck_assert_uint_eq(log_[1].ver, 7);           /* whole record, still odd */
	ck_assert_uint_eq(log_[2].ver, 8);           /* then even */
	memcpy(&out, mem + 0x100, sizeof(out));
	ck_assert_uint_eq(out.version, 8);
	ck_assert_uint_eq(out.tsc_timestamp, 123456);
	ck_assert_uint_eq(out.system_time, 987654321);
	ck_assert_uint_eq(out.tsc_to_system_mul, 0x80000000u);
	ck_assert_int_eq(out.tsc_shift, -1);
	ck_assert_uint_eq(out.flags, XEN_PVCLOCK_TSC_STABLE_BIT);
	ck_assert_uint_eq(mem[0xff], 0x5a);          /* nothing around it */
	ck_assert_uint_eq(mem[0x100 + sizeof(out)], 0x5a);
}
END_TEST

START_TEST(even_source_made_odd)
{
	struct vcpu_time_info src = rec(10);

	reset();
	ck_assert(pvclock_write_secondary(0x1000, &src, fake_copy));
	ck_assert_uint_eq(log_[0].ver, 11);
	ck_assert_uint_eq(log_[2].ver, 12);
}
END_TEST

START_TEST(first_write_fails_nothing_written)
{
	struct vcpu_time_info src = rec(3);

	reset();
	fail_at = 1;
	ck_assert(!pvclock_write_secondary(0x1000, &src, fake_copy));
	ck_assert_int_eq(nlog, 1);
	ck_assert_uint_eq(mem[0], 0x5a);
	/* Unmapped (outside the fake guest's memory) likewise. */
	reset();
	ck_assert(!pvclock_write_secondary(0x3000, &src, fake_copy));
	ck_assert_int_eq(nlog, 1);
}
END_TEST

START_TEST(record_write_fails_left_odd)
{
	struct vcpu_time_info src = rec(5);
	uint32_t v;

	/* Across the end of the writable range: the version fits, the
	 * record does not; the area stays odd, no final version write. */
	reset();
	ok_hi = 0x1ffc + 8;
	ck_assert(pvclock_write_secondary(0x1ffc, &src, fake_copy));
	ck_assert_int_eq(nlog, 2);
	memcpy(&v, mem + 0xffc, 4);
	ck_assert_uint_eq(v, 5);
}
END_TEST

START_TEST(tsc_stable_rule)
{
	ck_assert(pvclock_tsc_stable(0x80000008, 1u << 8, NULL));
	ck_assert(!pvclock_tsc_stable(0x80000008, 0, NULL));
	/* The leaf is read only if it exists. */
	ck_assert(!pvclock_tsc_stable(0x80000006, 1u << 8, NULL));
	ck_assert(pvclock_tsc_stable(0x80000006, 0, "TCGTCGTCGTCG"));
	ck_assert(!pvclock_tsc_stable(0x80000008, 0, "KVMKVMKVM\0\0\0"));
	ck_assert(!pvclock_tsc_stable(0x80000008, 0, "XenVMMXenVMM"));
	ck_assert(pvclock_tsc_stable(0x80000008, 1u << 8, "KVMKVMKVM\0\0\0"));
}
END_TEST

static Suite *pvclock_suite(void)
{
	Suite *s = suite_create("pvclock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, odd_first_then_record_then_even);
	tcase_add_test(tc, even_source_made_odd);
	tcase_add_test(tc, first_write_fails_nothing_written);
	tcase_add_test(tc, record_write_fails_left_odd);
	tcase_add_test(tc, tsc_stable_rule);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { pvclock_suite, NULL };

	return harness_run(suites);
}
