/* Test kernel: a CPU hog that spins for secs= seconds and reports its CPU share. */
#include "rt_mm.h"
#include <xen/vcpu.h>

#define MS 1000000UL

static void runstate(struct vcpu_runstate_info *r)
{
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info,
			       0, (unsigned long)r, 0, 0), 0);
}

/*
 * Command line "secs=S" (default 3). Spins on the pvclock, never calling
 * the hypervisor, until S seconds of system time have passed, then prints
 * "hog: ran R ms of E ms, waited W ms" (from its runstate: the time it was
 * running, and runnable but not running, within that window of E ms) for
 * the harness to compare shares.
 */
void test_main(void)
{
	long secs = rt_cmdline_number("secs");
	const volatile struct vcpu_time_info *t =
		&rt_map_shared_info()->vcpu_info[0].time;
	struct vcpu_runstate_info r0, r1;
	uint64_t start, end, now, spins = 0;

	if (secs <= 0)
		secs = 3;
	runstate(&r0);
	start = rt_system_time(t);
	end = start + (uint64_t)secs * 1000 * MS;
	while ((now = rt_system_time(t)) < end)
		spins++;
	runstate(&r1);
	rt_check(r1.time[RUNSTATE_running] > r0.time[RUNSTATE_running],
		 "runstate running time did not grow: %lu then %lu",
		 r0.time[RUNSTATE_running], r1.time[RUNSTATE_running]);
	rt_printf("hog: ran %lu ms of %lu ms, waited %lu ms, %lu spins\n",
		  (r1.time[RUNSTATE_running] - r0.time[RUNSTATE_running]) / MS,
		  (now - start) / MS,
		  (r1.time[RUNSTATE_runnable] - r0.time[RUNSTATE_runnable]) / MS,
		  spins);
}
