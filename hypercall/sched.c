/* sched_op and set_timer_op: yield, block, poll, shutdown, timers. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "hypercall.h"
#include "sched_if.h"
#include "timer.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/xen.h>

/*
 * SCHEDOP_block: enable event delivery and sleep until an event arrives;
 * if one is already pending, return at once (the upcall follows).
 */
static long do_block(struct vcpu *v)
{
	v->vcpu_info->evtchn_upcall_mask = 0;
	vcpu_block_current();
	/* Checked after blocking: a wake-up in between is not lost. */
	if (local_events_need_delivery(v))
		vcpu_wake(v);
	return 0;
}

/*
 * SCHEDOP_poll: sleep until one of the ports is pending or the absolute
 * timeout passes (0: none). Xen's checks: at most 128 ports, each a
 * valid port number; returns 0 in every waking case.
 */
static long do_poll(struct vcpu *v, unsigned long arg)
{
	struct sched_poll sp;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > SCHED_POLL_MAX)
		return -EINVAL;
	if (copy_from_guest(v->poll_ports, (uint64_t)sp.ports.p,
			    sp.nr_ports * sizeof(uint32_t)))
		return -EFAULT;
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (v->poll_ports[i] >= EVTCHN_2L_NR_CHANNELS)
			return -EINVAL;
	v->poll_nr = sp.nr_ports;
	v->is_polling = true;
	vcpu_block_current();
	if (local_events_need_delivery(v))
		goto out;
	for (unsigned int i = 0; i < sp.nr_ports; i++)
		if (evtchn_port_is_pending(v->domain, v->poll_ports[i]))
			goto out;
	if (sp.timeout)
		set_timer(&v->poll_timer, (s_time_t)sp.timeout);
	return 0;
out:
	vcpu_wake(v);
	return 0;
}

HYPERCALL(sched_op)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	unsigned long cmd = a1, arg = a2;
	struct sched_shutdown sd;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield_current();
		return 0;
	case SCHEDOP_block:
		return do_block(v);
	case SCHEDOP_poll:
		return do_poll(v, arg);
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

/*
 * set_timer_op(deadline): the single-shot timer at an absolute system
 * time, 0 cancels. As Xen, a deadline wrapped negative or more than 2^50
 * ns (about 13 days) ahead fires in 100 ms: Linux's jiffies wrap gives
 * such deadlines, and so do old guests with no timer pending at all,
 * which an immediate event would keep spinning.
 */
HYPERCALL(set_timer_op)
{
	struct vcpu *v = current_vcpu();
	s_time_t timeout = (s_time_t)a1, now = NOW();

	if (!timeout) {
		stop_timer(&v->singleshot_timer);
		return 0;
	}
	if (timeout < 0 || timeout - now > (1LL << 50))
		timeout = now + MILLISECS(100);
	set_timer(&v->singleshot_timer, timeout);
	return 0;
}
