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

#endif
