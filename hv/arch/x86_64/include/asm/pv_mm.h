/* Arch helpers of the PV MMU hypercalls: base pointers, TLB flushes, L1 lookup. */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include "types.h"
#include "domain.h"

/*
 * Xen's __addr_ok(): va is a guest address (lower half, or the upper half
 * above the hypervisor's slots 256-271).
 */
bool pv_addr_ok(unsigned long va);

/* Flush this CPU's whole TLB, global entries too (Xen's flush_tlb_local). */
void pv_flush_tlb_local(void);

/* Flush one guest page from this CPU's TLB; ignored unless pv_addr_ok(va). */
void pv_invlpg_local(unsigned long va);

/*
 * Xen's vcpumask_to_pcpumask(): read d's vCPU bitmap (one unsigned long
 * per 64 vCPUs) at guest address mask; *pmask gets the CPUs those vCPUs
 * run on (a vCPU that is not running has no TLB entries: a CPU hands its
 * TLB to another vCPU of d only if no such partial flush came since it
 * loaded d's tables, pv_run_vcpu). 0, or -EFAULT if it cannot be read.
 */
int pv_vcpumask_to_pcpumask(const struct domain *d, unsigned long mask,
			    uint64_t *pmask);

/* Flush the CPUs of pmask (whole TLB, or va if pv_addr_ok(va)), waiting. */
void pv_flush_tlb_mask(uint64_t pmask);
void pv_invlpg_mask(uint64_t pmask, unsigned long va);

/* Flush every CPU that may hold d's translations (d->dirty_cpumask). */
void pv_flush_tlb_domain(const struct domain *d);

/*
 * Xen's map_guest_l1e(): walk v's kernel L4 to the L1 table that maps va.
 * Returns its mfn and sets *index to va's slot in it, or INVALID_MFN if va
 * is not a guest address or an L4/L3/L2 entry on the way is not present
 * or maps a superpage. The L1 found is not referenced: mod_l1_entry()
 * checks it is a validated L1 of the domain.
 */
mfn_t pv_guest_l1_mfn(struct vcpu *v, unsigned long va, unsigned int *index);

/*
 * MMUEXT_NEW_BASEPTR (Xen's new_guest_cr3()): make d's frame mfn v's
 * kernel L4 (a general and a PGT_l4 type reference, validating it if
 * needed), load it if v runs in kernel mode, then drop the old L4's
 * references. 0, or -EINVAL (not d's, not usable as an L4) and nothing
 * changed. The current L4 again is a no-op reload.
 */
int pv_new_guest_cr3(struct vcpu *v, mfn_t mfn);

/*
 * MMUEXT_NEW_USER_BASEPTR: as above for the user L4; mfn 0 means none.
 * It is loaded on the next switch to guest user mode.
 */
int pv_new_guest_user_cr3(struct vcpu *v, mfn_t mfn);

#endif
