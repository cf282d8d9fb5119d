/* What the rest of the hypervisor asks of the scheduler. */
#ifndef HV_SCHED_IF_H
#define HV_SCHED_IF_H

#include "domain.h"

/* Add a domain's vCPUs to the run queue. */
void sched_add_domain(struct domain *d);

/*
 * Leave the current vCPU (it blocked, yielded or its domain died) and run
 * the next runnable one; powers the machine off when no domain is left.
 */
void __noreturn schedule(void);

/*
 * v has something to do (an event became pending for it, its timer
 * fired): if it is blocked, make it runnable. Idempotent, callable from
 * any context, including interrupt handlers and for a vCPU of another
 * domain.
 */
void vcpu_wake(struct vcpu *v);

/*
 * Port `port` of d became pending (masked or not): wake any vCPU of d
 * that is in SCHEDOP_poll on it. The event-channel core calls this on
 * every 0->1 transition of a pending bit.
 */
void sched_port_pending(struct domain *d, unsigned int port);

#endif
