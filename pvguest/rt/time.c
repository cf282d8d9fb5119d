/* Test-kernel time: system time from a vCPU's pvclock record. */
#include "rt_mm.h"

uint64_t rt_system_time(const volatile struct vcpu_time_info *t)
{
	uint32_t ver;
	uint64_t ns;

	do {
		ver = t->version;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		uint64_t delta = rt_rdtsc() - t->tsc_timestamp;

		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta *
				 t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((ver & 1) || ver != t->version);
	return ns;
}
