/* Run loop for boot-time domains: each vCPU runs until it stops. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "sched_if.h"
#include "spinlock.h"
#include "asm/percpu.h"
#include "asm/power.h"
#include "asm/pv.h"

/*
 * Issue 4 brings a real scheduler (credit, block/wake, preemption). Until
 * then the run queue is FIFO and a vCPU keeps the CPU until its domain
 * shuts down or crashes; SCHEDOP_yield and SCHEDOP_block return at once.
 */
#define RUNQ_MAX 64

static struct vcpu *runq[RUNQ_MAX];
static unsigned int runq_head, runq_tail;
static DEFINE_SPINLOCK(runq_lock);

void sched_add_domain(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&runq_lock);

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		if (d->vcpu[i] && runq_tail - runq_head < RUNQ_MAX)
			runq[runq_tail++ % RUNQ_MAX] = d->vcpu[i];
	}
	spin_unlock_irqrestore(&runq_lock, flags);
}

/* Nothing blocks until the scheduler of issue 4: nothing to wake. */
void vcpu_wake(struct vcpu *v)
{
}

void sched_port_pending(struct domain *d, unsigned int port)
{
}

void __noreturn schedule(void)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&runq_lock);
		struct vcpu *v = NULL;

		if (runq_head != runq_tail)
			v = runq[runq_head++ % RUNQ_MAX];
		spin_unlock_irqrestore(&runq_lock, flags);
		if (!v)
			break;
		if (!v->domain->is_shut_down)
			pv_run_vcpu(v);
	}
	if (domains_all_powered_off()) {
		printk("All domains have shut down: powering off\n");
		machine_poweroff(HV_EXIT_OK);
	}
	printk(KERN_ERR "All domains have stopped, not all with poweroff: "
	       "result code %u\n", HV_EXIT_DOMAIN);
	machine_poweroff(HV_EXIT_DOMAIN);
}
