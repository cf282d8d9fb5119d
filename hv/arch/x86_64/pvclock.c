/* pvclock: the secondary time area's write protocol and TSC stability. */
#include "types.h"
#include "lib.h"
#include "asm/pvclock.h"

#define CPUID_INVARIANT_TSC (1u << 8)   /* 0x80000007 EDX */

bool pvclock_write_secondary(uint64_t va, const struct vcpu_time_info *src,
			     pvclock_copy_fn copy)
{
	struct vcpu_time_info t = *src;
	uint32_t odd = src->version | 1;

	t.version = odd;
	if (copy(va + offsetof(struct vcpu_time_info, version), &odd,
		 sizeof(odd)))
		return false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (copy(va, &t, sizeof(t)))
		return true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t.version = odd + 1;
	copy(va + offsetof(struct vcpu_time_info, version), &t.version,
	     sizeof(t.version));
	return true;
}

bool pvclock_tsc_stable(uint32_t max_extd, uint32_t edx_80000007,
			const char *hv_sig)
{
	if (max_extd >= 0x80000007 && (edx_80000007 & CPUID_INVARIANT_TSC))
		return true;
	return hv_sig && !memcmp(hv_sig, "TCGTCGTCGTCG", 12);
}
