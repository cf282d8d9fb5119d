/* vCPU timers: single-shot, periodic and poll timeouts, raising VIRQ_TIMER. */
#include "types.h"
#include "domain.h"
#include "event.h"
#include "sched_if.h"
#include "timer.h"
#include <xen/xen.h>

static void singleshot_fn(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void periodic_fn(void *data)
{
	struct vcpu *v = data;
	s_time_t now = NOW();

	send_guest_vcpu_virq(v, VIRQ_TIMER);
	/* Next period boundary after now: missed periods are not replayed. */
	v->periodic_next += v->periodic_period;
	if (v->periodic_next <= now)
		v->periodic_next = now + v->periodic_period -
			(now - v->periodic_next) % v->periodic_period;
	set_timer(&v->periodic_timer, v->periodic_next);
}

/* SCHEDOP_poll timed out: wake the poller (it returns 0, as Xen). */
static void poll_timeout_fn(void *data)
{
	vcpu_wake(data);
}

void vcpu_timers_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_fn, v);
	init_timer(&v->periodic_timer, periodic_fn, v);
	init_timer(&v->poll_timer, poll_timeout_fn, v);
}

void vcpu_timers_kill(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
	stop_timer(&v->periodic_timer);
	stop_timer(&v->poll_timer);
}

void vcpu_set_periodic(struct vcpu *v, s_time_t period)
{
	if (!period) {
		stop_timer(&v->periodic_timer);
		v->periodic_period = 0;
		return;
	}
	v->periodic_period = period;
	v->periodic_next = NOW() + period;
	set_timer(&v->periodic_timer, v->periodic_next);
}
