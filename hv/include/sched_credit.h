/* The credit scheduler's core: run queue order, credit, weights and caps. */
#ifndef HV_SCHED_CREDIT_H
#define HV_SCHED_CREDIT_H

#include "types.h"
#include "list.h"
#include "timer.h"

struct vcpu;
struct domain;

/*
 * In the spirit of Xen's credit1 scheduler, for the CPUs this scheduler
 * drives. Every accounting period each active domain earns credit in
 * proportion to its weight, split among its active vCPUs; a running vCPU
 * burns credit at CSCHED_CREDITS_PER_MSEC. vCPUs with credit left run
 * before those without (UNDER before OVER, FIFO within a priority); a vCPU
 * that wakes from blocking while UNDER is BOOSTed ahead of both until its
 * next tick, so event round trips are not stuck behind CPU hogs. A
 * domain's cap (percent of one CPU, 0 = none) parks its vCPUs for the rest
 * of a period once they have run cap% of it.
 */
#define CSCHED_PRI_BOOST   2
#define CSCHED_PRI_UNDER   1
#define CSCHED_PRI_OVER    0
#define CSCHED_PRI_PARKED  (-1)     /* over its cap: not run this period */

#define CSCHED_TICK            MILLISECS(10)
#define CSCHED_TICKS_PER_ACCT  3
#define CSCHED_PERIOD          (CSCHED_TICK * CSCHED_TICKS_PER_ACCT)
#define CSCHED_TSLICE          MILLISECS(30)
#define CSCHED_CREDITS_PER_MSEC 10
#define CSCHED_CREDITS_PER_ACCT (CSCHED_CREDITS_PER_MSEC * 30)
#define CSCHED_DEFAULT_WEIGHT  256

struct csched_cpu {
	struct list_head runq;       /* runnable vCPUs, highest priority first */
	struct list_head vcpus;      /* every vCPU this CPU schedules */
	unsigned int tick;           /* ticks since the last accounting */
	unsigned int ncpus;          /* CPUs sharing this queue (1): each
					period hands out ncpus CPUs' credit */
};

void csched_init_cpu(struct csched_cpu *c);

/* A new vCPU (not runnable yet); its domain's weight must be set. */
void csched_add_vcpu(struct csched_cpu *c, struct vcpu *v);
/* Forget v (its domain is dying): off the run queue and the list. */
void csched_remove_vcpu(struct csched_cpu *c, struct vcpu *v);

/* Queue runnable v behind every vCPU of its priority or higher. */
void csched_runq_insert(struct csched_cpu *c, struct vcpu *v);
void csched_runq_remove(struct csched_cpu *c, struct vcpu *v);

/* A vCPU on the run queue may run now (not parked over its cap). */
bool csched_has_runnable(struct csched_cpu *c);

/*
 * v became runnable after blocking: boost it if it has credit, queue it.
 * Returns true if it should preempt curr (NULL = the CPU idles).
 */
bool csched_wake(struct csched_cpu *c, struct vcpu *v, struct vcpu *curr);

/* Charge v for the CPU time it used up to now. */
void csched_burn(struct vcpu *v, s_time_t now);

/*
 * Choose what runs next: the head of the run queue, compared with prev
 * (NULL, or the vCPU that ran and may continue if still runnable;
 * yielded: it asked to let others go first). prev, if still runnable and
 * not chosen, is queued again. Returns the vCPU to run (taken off the
 * queue), or NULL to idle.
 */
struct vcpu *csched_pick(struct csched_cpu *c, struct vcpu *prev,
			 bool prev_runnable, bool yielded, s_time_t now);

/*
 * The 10 ms tick with curr running (or NULL): burn its credit, end its
 * boost, run the accounting every CSCHED_TICKS_PER_ACCT ticks. Returns
 * true if curr should be preempted now (its time slice is over and
 * another vCPU of at least its priority waits, or it hit its cap).
 */
bool csched_tick(struct csched_cpu *c, struct vcpu *curr, s_time_t now);

/*
 * The same tick in three steps, for several CPUs sharing one run queue:
 * csched_tick_burn for each CPU's curr (burn, end boost, park a domain
 * over its cap), csched_tick_count once (accounting when due), then
 * csched_should_preempt for each CPU (curr NULL: an idle CPU, true if a
 * vCPU waits).
 */
void csched_tick_burn(struct csched_cpu *c, struct vcpu *curr, s_time_t now);
void csched_tick_count(struct csched_cpu *c);
bool csched_should_preempt(struct csched_cpu *c, struct vcpu *curr,
			   s_time_t now);

/* Accounting: hand out one period's credit by weight, apply caps. */
void csched_acct(struct csched_cpu *c);

#endif
