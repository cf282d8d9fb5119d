/* pvclock records: the version protocol, the secondary copy, TSC stability. */
#ifndef ASM_PVCLOCK_H
#define ASM_PVCLOCK_H

#include "types.h"
#include <xen/xen.h>

/*
 * Writes len bytes at guest virtual address va; 0, or nonzero if any
 * byte could not be written (copy_to_guest in the hypervisor, a fake in
 * the unit tests).
 */
typedef int (*pvclock_copy_fn)(uint64_t va, const void *src,
			       unsigned long len);

/*
 * Copy the record src to the guest's secondary area at va
 * (VCPUOP_register_vcpu_time_memory_area) with Xen's protocol. src's
 * version is the odd one the primary record showed while it was being
 * written (forced odd if not): it is written first, then the whole
 * record with it, then version + 1, the primary's final version. If the first write
 * fails nothing else is written and false is returned (Xen 4.17 keeps
 * the record pending then, for the switch to guest kernel mode); a
 * later failure leaves the area odd (the guest's own doing) and still
 * returns true, as Xen.
 */
bool pvclock_write_secondary(uint64_t va, const struct vcpu_time_info *src,
			     pvclock_copy_fn copy);

/*
 * Whether guests may be told XEN_PVCLOCK_TSC_STABLE_BIT. Xen sets it
 * when its clocksource is the TSC, which it picks only for a reliable
 * (invariant) TSC. Our system time always comes from the TSC with one
 * scale for every CPU, so what is left to know is whether the TSC runs
 * at a constant rate and in step on all CPUs: CPUID 0x80000007 EDX[8]
 * (invariant TSC) says so on hardware. QEMU's TCG never advertises it,
 * but its TSC is one counter for every vCPU derived from the host's
 * clock (or, with -icount, from the instruction count), forced monotonic
 * across vCPUs: constant and synchronised, so the hypervisor signature
 * "TCGTCGTCGTCG" at CPUID 0x40000000 counts as invariant too.
 * max_extd: CPUID 0x80000000 EAX; edx_80000007: that leaf's EDX (ignored
 * unless max_extd reaches it); hv_sig: the 12 bytes of leaf 0x40000000
 * EBX, ECX, EDX, or NULL if CPUID.1:ECX[31] is clear.
 */
bool pvclock_tsc_stable(uint32_t max_extd, uint32_t edx_80000007,
			const char *hv_sig);

#endif
