/* Unit tests: hypercall budgets and continuation arguments, the page-table work count, the console rate limit. */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "page_type_fixture.h"
#include "preempt.h"
#include "ratelimit.h"

#define SEC 1000000000LL

static struct hcall_state h;

START_TEST(budget_charges_down_to_zero)
{
	memset(&h, 0, sizeof(h));
	hcall_start(&h, 100);
	ck_assert(!hcall_preempt_check(&h));
	hcall_charge(&h, 60);
	ck_assert_uint_eq(h.budget, 40);
	ck_assert(!hcall_preempt_check(&h));
	hcall_charge(&h, 60);                  /* past it: stops at zero */
	ck_assert_uint_eq(h.budget, 0);
	ck_assert(hcall_preempt_check(&h));
	hcall_charge(&h, ~0UL);
	ck_assert_uint_eq(h.budget, 0);
	h.preempted = true;
	hcall_start(&h, 100);                  /* the next call starts afresh */
	ck_assert(!hcall_preempt_check(&h));
	ck_assert(!h.preempted);
}
END_TEST

START_TEST(continuation_rewrites_only_its_arguments)
{
	unsigned long regs[6] = { 1, 2, 3, 4, 5, 6 };
	const unsigned long cont[3] = { 10, 20, 30 };

	memset(&h, 0, sizeof(h));
	hcall_start(&h, 1);
	ck_assert(!hcall_take_continuation(&h, regs));
	ck_assert_uint_eq(hcall_create_continuation(&h, __HYPERVISOR_console_io,
						    3, cont),
			  __HYPERVISOR_console_io);
	ck_assert(hcall_take_continuation(&h, regs));
	ck_assert_uint_eq(h.nr, __HYPERVISOR_console_io);
	ck_assert_uint_eq(regs[0], 10);
	ck_assert_uint_eq(regs[1], 20);
	ck_assert_uint_eq(regs[2], 30);
	ck_assert_uint_eq(regs[3], 4);          /* the others as they were */
	ck_assert_uint_eq(regs[5], 6);
	ck_assert(!hcall_take_continuation(&h, regs));   /* taken once */
}
END_TEST

START_TEST(continuation_inside_a_multicall_goes_to_the_entry)
{
	unsigned long regs[6] = { 1, 2, 3, 4, 5, 6 };
	const unsigned long cont[2] = { 0x5000, 7 };

	memset(&h, 0, sizeof(h));
	hcall_start(&h, 1);
	h.mc.flags = MCSF_in_multicall;
	h.mc.call = (struct multicall_entry){ __HYPERVISOR_mmu_update, 0,
					      { 11, 12, 13, 14, 15, 16 } };
	hcall_create_continuation(&h, __HYPERVISOR_mmu_update, 2, cont);
	ck_assert(h.preempted);                 /* do_multicall looks at it */
	ck_assert_uint_eq(h.mc.call.args[0], 0x5000);
	ck_assert_uint_eq(h.mc.call.args[1], 7);
	ck_assert_uint_eq(h.mc.call.args[2], 13);
	/* Not for the guest entry path while the multicall runs. */
	ck_assert(!hcall_take_continuation(&h, regs));
	ck_assert_uint_eq(regs[0], 1);
}
END_TEST

START_TEST(batch_continuation_is_xens)
{
	unsigned long regs[6] = { 0 };

	memset(&h, 0, sizeof(h));
	hcall_start(&h, 1);
	ck_assert_uint_eq(MMU_UPDATE_PREEMPTED, 0x80000000u);
	hcall_continue_batch(&h, __HYPERVISOR_mmuext_op, 0x10000, 16, 100, 30,
			     0x20000, 0x7ff0);
	ck_assert(hcall_take_continuation(&h, regs));
	ck_assert_uint_eq(regs[0], 0x10000 + 30 * 16);
	ck_assert_uint_eq(regs[1], 70 | 0x80000000ul);   /* no sign extension */
	ck_assert_uint_eq(regs[2], 0x20000);
	ck_assert_uint_eq(regs[3], 0x7ff0);
	/* A resumed batch of 2^31 - 1 left keeps the bit, not a wrap. */
	hcall_continue_batch(&h, __HYPERVISOR_mmu_update, 0, 16, 0x7fffffff, 1,
			     0, 0);
	ck_assert(hcall_take_continuation(&h, regs));
	ck_assert_uint_eq(regs[1], 0xfffffffeul);
}
END_TEST

START_TEST(page_table_work_counts_entries_walked)
{
	unsigned long w0;

	machine_reset();
	write_tree();
	w0 = page_table_work;
	ck_assert_int_eq(pin_table(&dom1, L4F, 4), 0);   /* L4, L3, L2, L1 */
	ck_assert_uint_eq(page_table_work - w0, 4 * 512);
	ck_assert_int_eq(pin_table(&dom1, L1F, 1), 0);   /* typed already */
	ck_assert_uint_eq(page_table_work - w0, 4 * 512);
	ck_assert_int_eq(unpin_table(&dom1, L4F), 0);    /* L1 stays pinned */
	ck_assert_uint_eq(page_table_work - w0, 7 * 512);
	ck_assert_int_eq(unpin_table(&dom1, L1F), 0);
	ck_assert_uint_eq(page_table_work - w0, 8 * 512);
}
END_TEST

/* ---- the rate limit: burst 1000 bytes, 100 bytes a second ---- */

static struct ratelimit rl;

static bool take(s_time_t t, uint64_t n, uint64_t *report)
{
	return ratelimit_take(&rl, t, n, 100, 1000, report);
}

START_TEST(bucket_starts_full_and_refills)
{
	uint64_t r;

	memset(&rl, 0, sizeof(rl));
	ck_assert(take(5 * SEC, 1000, &r));     /* the whole burst at once */
	ck_assert_uint_eq(r, 0);
	ck_assert(!take(5 * SEC, 1, &r));
	ck_assert_uint_eq(r, 0);                 /* not reported yet */
	/* Suppressing until half full: 4 s bring 400, not enough. */
	ck_assert(!take(9 * SEC, 100, &r));
	ck_assert_uint_eq(r, 0);
	ck_assert(take(10 * SEC, 100, &r));     /* 500: it ends, reported */
	ck_assert_uint_eq(r, 101);
	ck_assert_uint_eq(rl.tokens, 400);
	ck_assert(take(10 * SEC, 400, &r));     /* then down to empty again */
	ck_assert_uint_eq(r, 0);
}
END_TEST

START_TEST(long_suppression_is_reported_every_period)
{
	uint64_t r, sum = 0;

	memset(&rl, 0, sizeof(rl));
	ck_assert(take(0, 1000, &r));
	/* 200 bytes every 100 ms at 10 bytes a second: refused throughout. */
	for (s_time_t t = 1; t < 12 * SEC; t += SEC / 10) {
		ck_assert(!ratelimit_take(&rl, t, 200, 10, 1000, &r));
		sum += r;
		if (r)
			ck_assert_uint_ge(r, 200 * 49);
	}
	ck_assert_uint_eq(sum + ratelimit_flush(&rl), 120 * 200);
	ck_assert_uint_eq(ratelimit_flush(&rl), 0);
}
END_TEST

START_TEST(slow_refill_loses_no_fraction)
{
	uint64_t r;

	memset(&rl, 0, sizeof(rl));
	ck_assert(take(0, 1000, &r));
	/* 100 B/s in steps of 3 ms (0.3 bytes each): 10 s make 1000. */
	for (s_time_t t = 0; t <= 10 * SEC; t += 3000000)
		ratelimit_take(&rl, t, 2000, 100, 1000, &r);  /* never fits */
	ck_assert_uint_ge(rl.tokens, 999);
	ck_assert_uint_le(rl.tokens, 1000);
}
END_TEST

START_TEST(clock_jumps_and_zero_rate)
{
	uint64_t r;

	memset(&rl, 0, sizeof(rl));
	ck_assert(take(100, 1000, &r));
	ck_assert(!take(50, 1, &r));             /* time going back: nothing */
	ck_assert(take(INT64_MAX, 1000, &r));    /* a huge gap: just full */
	ck_assert_uint_eq(rl.tokens, 0);
	memset(&rl, 0, sizeof(rl));
	ck_assert(ratelimit_take(&rl, 0, 10, 0, 10, &r));
	ck_assert(!ratelimit_take(&rl, 100 * SEC, 1, 0, 10, &r));
}
END_TEST

static Suite *preempt_suite(void)
{
	Suite *s = suite_create("preempt");
	TCase *tc = tcase_create("continuations");
	TCase *rt = tcase_create("ratelimit");

	tcase_add_test(tc, budget_charges_down_to_zero);
	tcase_add_test(tc, continuation_rewrites_only_its_arguments);
	tcase_add_test(tc, continuation_inside_a_multicall_goes_to_the_entry);
	tcase_add_test(tc, batch_continuation_is_xens);
	tcase_add_test(tc, page_table_work_counts_entries_walked);
	suite_add_tcase(s, tc);
	tcase_add_test(rt, bucket_starts_full_and_refills);
	tcase_add_test(rt, long_suppression_is_reported_every_period);
	tcase_add_test(rt, slow_refill_loses_no_fraction);
	tcase_add_test(rt, clock_jumps_and_zero_rate);
	suite_add_tcase(s, rt);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { preempt_suite, NULL };

	return harness_run(suites);
}
