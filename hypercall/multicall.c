/* multicall: a batch of hypercalls in one trap, each result written back. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "preempt.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

/*
 * What an entry costs beyond what its call charges itself (preempt.h):
 * 64 units, some 3 us under TCG, so a slice runs at most 256 entries of
 * the calls that charge nothing (a TLB shootdown by update_va_mapping
 * waits for the other CPUs).
 */
#define MULTICALL_ENTRY_COST 64

/*
 * multicall(calls[], nr): run each call in order, writing only its result
 * field back. Any nr is accepted: as Xen, the batch shares one budget
 * (preempt.h) and is preempted between entries (after at least one) with
 * a continuation on the rest of the list. An entry that is itself
 * preempted (mmu_update, mmuext_op, console_io) is written back whole,
 * with the arguments of its continuation, and the multicall continues at
 * that entry (Xen's MCSF_call_preempted, hcall_preempted in 4.17). A
 * nested multicall is refused (-EINVAL in its result, the batch goes on,
 * as Xen). __HYPERVISOR_iret ends the batch: Xen returns the iret's
 * result; ours cannot run inside a batch, so the call's result and the
 * return value are -ENOSYS. Returns 0, or -EFAULT if the array cannot be
 * read or a result not written.
 */
HYPERCALL(multicall)
{
	struct hcall_state *h = &current_vcpu()->hcall;
	struct multicall_entry *mc = &h->mc.call;
	unsigned long calls = a1;
	unsigned int nr = a2, i;
	long rc = 0;

	if (!guest_range_ok(calls, (uint64_t)nr * sizeof(*mc)))
		return -EFAULT;
	h->mc.flags |= MCSF_in_multicall;
	for (i = 0; !rc && i < nr; i++) {
		unsigned long at = calls + i * sizeof(*mc);

		if (i && hcall_preempt_check(h))
			break;
		hcall_charge(h, MULTICALL_ENTRY_COST);
		if (copy_from_guest(mc, at, sizeof(*mc))) {
			rc = -EFAULT;
			break;
		}
		if (mc->op == __HYPERVISOR_multicall)
			mc->result = -EINVAL;
		else if (mc->op == __HYPERVISOR_iret)
			mc->result = -ENOSYS;
		else
			mc->result = hypercall_dispatch(mc->op, mc->args);
		if (copy_to_guest(at + offsetof(struct multicall_entry, result),
				  &mc->result, sizeof(mc->result))) {
			rc = -EFAULT;
			h->preempted = false;
			break;
		}
		if (mc->op == __HYPERVISOR_iret) {
			rc = mc->result;
			break;
		}
		if (h->preempted) {
			/* Its continuation goes back into the guest's entry. */
			h->preempted = false;
			if (copy_to_guest(at, mc, sizeof(*mc)))
				rc = -EFAULT;
			break;
		}
	}
	h->mc.flags &= ~MCSF_in_multicall;
	if (!rc && i < nr) {
		unsigned long cont[2] = { calls + i * sizeof(*mc), nr - i };

		return hcall_create_continuation(h, __HYPERVISOR_multicall, 2,
						 cont);
	}
	return rc;
}
