/* Test-kernel scheduling: yield, and wait (yielding) for an event port. */
#include "rt_mm.h"

void rt_yield(void)
{
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

bool rt_wait_port(volatile struct shared_info *si, uint32_t port,
		  unsigned long limit)
{
	volatile xen_ulong_t *w = &si->evtchn_pending[port / 64];
	xen_ulong_t bit = 1UL << (port % 64);

	for (unsigned long i = 0; i < limit; i++) {
		if (*w & bit) {
			__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
			return true;
		}
		rt_yield();
	}
	return false;
}
