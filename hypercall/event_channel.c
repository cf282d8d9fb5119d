/* event_channel_op and its compat form: copy in, the event core, copy out. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "hypercall.h"
#include "preempt.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/event_channel.h>

/* One command with its argument at guest address arg. */
static long event_channel_op(unsigned int cmd, unsigned long arg)
{
	union {
		struct evtchn_status status;   /* the largest argument */
		uint8_t bytes[32];
	} buf;
	bool out = false;
	size_t size = evtchn_op_arg_size(cmd, &out);
	long rc;

	if (!size || size > sizeof(buf))
		return -ENOSYS;
	if (copy_from_guest(&buf, arg, size))
		return -EFAULT;
	rc = evtchn_do_op(current_vcpu()->domain, cmd, &buf);
	/* A reset walks every port (at most EVTCHN_2L_NR_CHANNELS): charged
	 * so that a multicall of them is preempted (Xen 4.17 preempts a
	 * reset itself, EVTCHNOP_reset_cont; ours is bounded by the ports). */
	if (cmd == EVTCHNOP_reset)
		hcall_charge(&current_vcpu()->hcall, EVTCHN_2L_NR_CHANNELS);
	if (rc == 0 && out && copy_to_guest(arg, &buf, size))
		rc = -EFAULT;
	return rc;
}

HYPERCALL(event_channel_op)
{
	return event_channel_op(a1, a2);
}

/*
 * The pre-3.2 form: a struct evtchn_op holding cmd and the argument.
 * Xen passes the embedded argument on for the ten original commands.
 */
HYPERCALL(event_channel_op_compat)
{
	uint32_t cmd;

	if (copy_from_guest(&cmd, a1, sizeof(cmd)))
		return -EFAULT;
	if (cmd > EVTCHNOP_unmask)
		return -ENOSYS;
	return event_channel_op(cmd, a1 + offsetof(struct evtchn_op, u));
}
