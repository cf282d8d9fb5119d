/* sched_op: yield, block, shutdown and the shutdown code. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "sched_if.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/sched.h>

HYPERCALL(sched_op)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	unsigned long cmd = a1, arg = a2;
	struct sched_shutdown sd;

	switch (cmd) {
	case SCHEDOP_yield:
		return 0;
	case SCHEDOP_block:
		/* Without event channels nothing can wake a vCPU: return at
		 * once, as Xen does when an event is already pending. */
		return 0;
	case SCHEDOP_shutdown:
		if (copy_from_guest(&sd, arg, sizeof(sd)))
			return -EFAULT;
		if (d->shutdown_code_set)
			sd.reason = d->shutdown_code;
		domain_shutdown(d, sd.reason);
		schedule();
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&sd, arg, sizeof(sd)))
			return -EFAULT;
		d->shutdown_code = sd.reason;
		d->shutdown_code_set = true;
		return 0;
	default:
		return -ENOSYS;
	}
}
