/* multicall: a batch of hypercalls in one trap, each result written back. */
#include "types.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

/*
 * Xen preempts long batches; we cannot, so a batch is bounded (Linux
 * sends at most 32 calls). Longer ones are refused with -EINVAL.
 */
#define MULTICALL_MAX 256

/*
 * multicall(calls[], nr): run each call in order, writing only its result
 * field back. A nested multicall is refused (-EINVAL in its result, the
 * batch goes on, as Xen). __HYPERVISOR_iret ends the batch: Xen returns
 * the iret's result; ours cannot run inside a batch, so the call's result
 * and the return value are -ENOSYS. Returns 0, or -EFAULT if the array
 * cannot be read or a result not written.
 */
HYPERCALL(multicall)
{
	unsigned long calls = a1;
	unsigned int nr = a2;

	if (!guest_range_ok(calls, (uint64_t)nr * sizeof(struct multicall_entry)))
		return -EFAULT;
	if (nr > MULTICALL_MAX)
		return -EINVAL;
	for (unsigned int i = 0; i < nr; i++) {
		unsigned long at = calls + i * sizeof(struct multicall_entry);
		struct multicall_entry mc;

		if (copy_from_guest(&mc, at, sizeof(mc)))
			return -EFAULT;
		if (mc.op == __HYPERVISOR_multicall)
			mc.result = -EINVAL;
		else if (mc.op == __HYPERVISOR_iret)
			mc.result = -ENOSYS;
		else
			mc.result = hypercall_dispatch(mc.op, mc.args);
		if (copy_to_guest(at + offsetof(struct multicall_entry, result),
				  &mc.result, sizeof(mc.result)))
			return -EFAULT;
		if (mc.op == __HYPERVISOR_iret)
			return mc.result;
	}
	return 0;
}
