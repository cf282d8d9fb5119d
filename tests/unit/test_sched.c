/* Unit tests: software timers (hv/timer.c), the credit scheduler core (hv/sched/credit.c), mktime64. */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "domain.h"
#include "lib.h"
#include "sched_credit.h"
#include "timer.h"
#include <xen/vcpu.h>

/* ---- the timer core's architecture hooks ---- */
static s_time_t programmed = -1;
static s_time_t fake_now;

void arch_timer_program(s_time_t deadline)
{
	programmed = deadline;
}

s_time_t NOW(void)
{
	return fake_now;
}

static int fired[8], fire_order[8], nfired;
static struct timer tm[8];

static void fire(void *data)
{
	int i = (int)(intptr_t)data;

	fired[i]++;
	fire_order[nfired++] = i;
}

static void timers_reset(void)
{
	memset(fired, 0, sizeof(fired));
	nfired = 0;
	for (int i = 0; i < 8; i++)
		init_timer(&tm[i], fire, (void *)(intptr_t)i);
}

START_TEST(timers_fire_in_deadline_order)
{
	timers_reset();
	set_timer(&tm[0], 300);
	set_timer(&tm[1], 100);
	set_timer(&tm[2], 200);
	ck_assert_msg(programmed == 100, "hardware programmed for %ld, "
		      "expected the earliest deadline 100", (long)programmed);
	timer_softirq(250);
	ck_assert_int_eq(nfired, 2);
	ck_assert_int_eq(fire_order[0], 1);
	ck_assert_int_eq(fire_order[1], 2);
	ck_assert(!timer_is_active(&tm[1]) && timer_is_active(&tm[0]));
	ck_assert_msg(programmed == 300, "after firing: programmed %ld, "
		      "expected 300", (long)programmed);
	timer_softirq(1000);
	ck_assert_int_eq(nfired, 3);
	ck_assert_msg(programmed == STIME_MAX, "nothing armed: expected "
		      "STIME_MAX, saw %ld", (long)programmed);
}
END_TEST

START_TEST(timers_stop_and_rearm)
{
	timers_reset();
	set_timer(&tm[0], 100);
	set_timer(&tm[1], 200);
	stop_timer(&tm[0]);
	ck_assert_int_eq(programmed, 200);
	stop_timer(&tm[0]);                 /* twice is harmless */
	set_timer(&tm[1], 50);              /* re-arming moves it */
	ck_assert_int_eq(programmed, 50);
	ck_assert_int_eq(timer_next_deadline(), 50);
	timer_softirq(60);
	ck_assert_int_eq(fired[0], 0);
	ck_assert_int_eq(fired[1], 1);
	/* Equal deadlines fire in arming order. */
	set_timer(&tm[3], 500);
	set_timer(&tm[2], 500);
	timer_softirq(500);
	ck_assert_int_eq(fire_order[1], 3);
	ck_assert_int_eq(fire_order[2], 2);
}
END_TEST

/* A deadline already in the past fires on the next softirq. */
START_TEST(timers_past_deadline_fires)
{
	timers_reset();
	set_timer(&tm[4], -5);
	ck_assert_int_eq(programmed, -5);
	timer_softirq(0);
	ck_assert_int_eq(fired[4], 1);
}
END_TEST

static struct timer self_rearm;
static int rearms;

static void rearm_fn(void *data)
{
	if (++rearms < 3)
		set_timer(&self_rearm, self_rearm.expires + 10);
}

START_TEST(timers_callback_may_rearm)
{
	rearms = 0;
	init_timer(&self_rearm, rearm_fn, NULL);
	set_timer(&self_rearm, 10);
	timer_softirq(100);            /* 10, 20, 30: all due by 100 */
	ck_assert_int_eq(rearms, 3);
	ck_assert(!timer_is_active(&self_rearm));
}
END_TEST

/* ---- the credit core: a simulated CPU ---- */
#define NV 4
static struct csched_cpu cpu;
static struct domain dom[NV];
static struct vcpu vc[NV];
static s_time_t ran[NV];

static void sim_init(unsigned int n, const unsigned int *weights,
		     const unsigned int *caps)
{
	csched_init_cpu(&cpu);
	memset(dom, 0, sizeof(dom));
	memset(vc, 0, sizeof(vc));
	memset(ran, 0, sizeof(ran));
	for (unsigned int i = 0; i < n; i++) {
		dom[i].domain_id = i + 1;
		dom[i].sched_weight = weights[i];
		dom[i].sched_cap = caps ? caps[i] : 0;
		vc[i].domain = &dom[i];
		vc[i].runstate = RUNSTATE_runnable;
		csched_add_vcpu(&cpu, &vc[i]);
		csched_runq_insert(&cpu, &vc[i]);
	}
}

static struct vcpu *sim_switch(struct vcpu *prev, bool runnable, bool yield,
			       s_time_t now)
{
	struct vcpu *next;

	if (prev)
		csched_burn(prev, now);
	next = csched_pick(&cpu, prev, runnable, yield, now);
	if (next != prev) {
		if (prev)
			prev->runstate = runnable ? RUNSTATE_runnable :
						    RUNSTATE_blocked;
		if (next) {
			next->runstate = RUNSTATE_running;
			next->sched_start = next->burnt_to = now;
		}
	}
	return next;
}

/* Run every vCPU as a CPU hog for `ms`; ran[] gets each one's share. */
static void sim_run(s_time_t ms)
{
	s_time_t now = 0;
	struct vcpu *curr = sim_switch(NULL, false, false, now);

	for (s_time_t t = 0; t < ms / 10; t++) {
		now += CSCHED_TICK;
		if (curr)
			ran[curr - vc] += CSCHED_TICK;
		if (csched_tick(&cpu, curr, now))
			curr = sim_switch(curr, curr != NULL, false, now);
	}
}

START_TEST(credit_shares_follow_weights)
{
	static const unsigned int w[] = { 256, 512 };
	double ratio;

	sim_init(2, w, NULL);
	sim_run(6000);
	ratio = (double)ran[1] / (double)ran[0];
	ck_assert_msg(ratio > 1.7 && ratio < 2.3, "weights 512:256: expected "
		      "a CPU share ratio near 2, saw %.2f (%ld ms vs %ld ms)",
		      ratio, (long)(ran[1] / 1000000), (long)(ran[0] / 1000000));
}
END_TEST

START_TEST(credit_equal_weights_share_equally)
{
	static const unsigned int w[] = { 256, 256, 256 };

	sim_init(3, w, NULL);
	sim_run(9000);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(ran[i] > MILLISECS(2700) && ran[i] < MILLISECS(3300),
			      "three equal hogs over 9 s: vCPU %d ran %ld ms, "
			      "expected about 3000", i, (long)(ran[i] / 1000000));
}
END_TEST

START_TEST(credit_cap_limits_a_domain)
{
	static const unsigned int w[] = { 256, 256 }, caps[] = { 20, 0 };
	double share;

	sim_init(2, w, caps);
	sim_run(6000);
	share = (double)ran[0] / MILLISECS(6000);
	ck_assert_msg(share <= 0.24, "cap 20%%: expected at most ~20%% of the "
		      "CPU, saw %.1f%%", share * 100);
	ck_assert_msg(ran[1] >= MILLISECS(4500), "the uncapped domain should "
		      "get the rest: ran %ld ms of 6000", (long)(ran[1] / 1000000));
}
END_TEST

/* A capped domain alone leaves the CPU idle rather than exceed its cap. */
START_TEST(credit_cap_alone_idles)
{
	static const unsigned int w[] = { 256 }, caps[] = { 50 };
	double share;

	sim_init(1, w, caps);
	sim_run(3000);
	share = (double)ran[0] / MILLISECS(3000);
	ck_assert_msg(share > 0.4 && share <= 0.55, "cap 50%% alone: expected "
		      "about half the CPU, saw %.1f%%", share * 100);
}
END_TEST

START_TEST(credit_wake_boosts_and_preempts)
{
	static const unsigned int w[] = { 256, 256 };
	struct vcpu *curr;

	sim_init(2, w, NULL);
	curr = sim_switch(NULL, false, false, 0);
	ck_assert_ptr_eq(curr, &vc[0]);
	/* vc[1] blocks (leaves the queue), later wakes while vc[0] runs. */
	csched_runq_remove(&cpu, &vc[1]);
	vc[1].runstate = RUNSTATE_blocked;
	vc[1].runstate = RUNSTATE_runnable;
	ck_assert_msg(csched_wake(&cpu, &vc[1], curr), "a woken vCPU with "
		      "credit must preempt an UNDER hog");
	ck_assert_int_eq(vc[1].pri, CSCHED_PRI_BOOST);
	curr = sim_switch(curr, true, false, MILLISECS(1));
	ck_assert_ptr_eq(curr, &vc[1]);
	/* Its boost ends at its next tick. */
	csched_tick(&cpu, curr, MILLISECS(10));
	ck_assert_int_ne(vc[1].pri, CSCHED_PRI_BOOST);
	/* Waking onto an idle CPU always asks for a switch. */
	csched_runq_remove(&cpu, &vc[0]);
	ck_assert(csched_wake(&cpu, &vc[0], NULL));
}
END_TEST

START_TEST(credit_yield)
{
	static const unsigned int w[] = { 256, 256 };
	struct vcpu *curr;

	sim_init(2, w, NULL);
	curr = sim_switch(NULL, false, false, 0);
	ck_assert_ptr_eq(curr, &vc[0]);
	curr = sim_switch(curr, true, true, MICROSECS(100));
	ck_assert_msg(curr == &vc[1], "yield with another runnable vCPU: "
		      "expected vCPU 1, saw %ld", (long)(curr - vc));
	curr = sim_switch(curr, true, true, MICROSECS(200));
	ck_assert_ptr_eq(curr, &vc[0]);
	/* Alone on the queue, a yield gives the CPU back to the yielder. */
	csched_runq_remove(&cpu, &vc[1]);
	curr = sim_switch(curr, true, true, MICROSECS(300));
	ck_assert_ptr_eq(curr, &vc[0]);
	/* A blocked vCPU with nothing else to run: idle. */
	curr = sim_switch(curr, false, false, MICROSECS(400));
	ck_assert_ptr_null(curr);
}
END_TEST

/*
 * Two CPUs sharing the one run queue, ticked the way schedule.c does:
 * burn on each CPU, count once, then a preemption check per CPU.
 */
static void sim2_run(s_time_t ms)
{
	s_time_t now = 0;
	struct vcpu *curr[2];

	cpu.ncpus = 2;
	curr[0] = sim_switch(NULL, false, false, now);
	curr[1] = sim_switch(NULL, false, false, now);
	for (s_time_t t = 0; t < ms / 10; t++) {
		now += CSCHED_TICK;
		for (int c = 0; c < 2; c++) {
			if (curr[c])
				ran[curr[c] - vc] += CSCHED_TICK;
			csched_tick_burn(&cpu, curr[c], now);
		}
		csched_tick_count(&cpu);
		for (int c = 0; c < 2; c++)
			if (csched_should_preempt(&cpu, curr[c], now))
				curr[c] = sim_switch(curr[c], curr[c] != NULL,
						     false, now);
	}
}

START_TEST(credit_two_cpus_share_one_queue)
{
	static const unsigned int w[] = { 256, 256, 256 };
	static const unsigned int w2[] = { 512, 256, 256, 256 };

	sim_init(3, w, NULL);
	sim2_run(6000);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(ran[i] > MILLISECS(3500) && ran[i] < MILLISECS(4500),
			      "three equal hogs on two CPUs for 6 s: vCPU %d ran "
			      "%ld ms, expected about 4000", i,
			      (long)(ran[i] / 1000000));
	/* Weights still count: 512 against three of 256 on two CPUs. */
	sim_init(4, w2, NULL);
	sim2_run(6000);
	for (int i = 1; i < 4; i++)
		ck_assert_msg(ran[0] > ran[i] * 3 / 2, "weight 512 ran %ld ms, "
			      "weight 256 (vCPU %d) %ld ms: expected clearly more",
			      (long)(ran[0] / 1000000), i,
			      (long)(ran[i] / 1000000));
	ck_assert_msg(ran[0] + ran[1] + ran[2] + ran[3] == MILLISECS(12000),
		      "two busy CPUs for 6 s give 12000 ms, saw %ld",
		      (long)((ran[0] + ran[1] + ran[2] + ran[3]) / 1000000));
}
END_TEST

START_TEST(mktime_known_dates)
{
	ck_assert_uint_eq(mktime64(1970, 1, 1, 0, 0, 0), 0);
	ck_assert_uint_eq(mktime64(2000, 3, 1, 0, 0, 0), 951868800);
	ck_assert_uint_eq(mktime64(2024, 2, 29, 12, 34, 56), 1709210096);
	ck_assert_uint_eq(mktime64(2026, 12, 1, 16, 0, 0), 1796140800);
	ck_assert_uint_eq(mktime64(2100, 1, 1, 0, 0, 0), 4102444800);
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("timer");

	tcase_add_test(tc, timers_fire_in_deadline_order);
	tcase_add_test(tc, timers_stop_and_rearm);
	tcase_add_test(tc, timers_past_deadline_fires);
	tcase_add_test(tc, timers_callback_may_rearm);
	suite_add_tcase(s, tc);
	tc = tcase_create("credit");
	tcase_add_test(tc, credit_shares_follow_weights);
	tcase_add_test(tc, credit_equal_weights_share_equally);
	tcase_add_test(tc, credit_cap_limits_a_domain);
	tcase_add_test(tc, credit_cap_alone_idles);
	tcase_add_test(tc, credit_wake_boosts_and_preempts);
	tcase_add_test(tc, credit_yield);
	tcase_add_test(tc, credit_two_cpus_share_one_queue);
	suite_add_tcase(s, tc);
	tc = tcase_create("mktime");
	tcase_add_test(tc, mktime_known_dates);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { sched_suite, NULL };

	return harness_run(suites);
}
