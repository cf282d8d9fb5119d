/* Scheduler: block, wake, yield, poll, preemption, idle, runstate. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "panic.h"
#include "sched_credit.h"
#include "sched_if.h"
#include "spinlock.h"
#include "timer.h"
#include "asm/percpu.h"
#include "asm/power.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/smp.h"
#include "asm/uaccess.h"
#include <xen/vcpu.h>
#include <xen/xen.h>

/*
 * One scheduler instance (one credit run queue) drives every online CPU.
 * The hypervisor is not preemptible and runs under the big lock
 * (asm/smp.h), so the run queue, runstates and the per-CPU flags below
 * are only touched by its holder; sched_lock is kept for the order it
 * documents. A reschedule is requested by setting a CPU's need_resched
 * (in its struct cpu_info, where the exit path tests it inline)
 * (and kicking it if it is another CPU); it happens on the way back to a
 * guest (sched_softirq) or in the idle loop, never inside a hypercall.
 * A vCPU is on at most one CPU: is_running from pv_run_vcpu until the
 * switch away from it, and only a vCPU that is not running is queued.
 */
static struct csched_cpu csched;
static DEFINE_SPINLOCK(sched_lock);
static struct timer tick_timer;
static struct {
	bool yield_pending;
} pcpu[CONFIG_NR_CPUS];
static void (*tick_hooks[4])(void);

#define for_each_online_cpu(c) \
	for (unsigned int c = 0; c < SMP_MAX_CPUS; c++) \
		if (cpu_online_mask & (1ULL << (c)))

/* What CPU cpu runs (NULL: it idles). */
static struct vcpu *curr_of(unsigned int cpu)
{
	return cpu_info_of(cpu)->current;
}

/* CPU cpu must pick again: at its next exit, or now if it idles. */
static void resched_cpu(unsigned int cpu)
{
	cpu_info_of(cpu)->need_resched = true;
	smp_send_event_check(cpu);
}

static void runstate_change(struct vcpu *v, unsigned int state, s_time_t now)
{
	if (now > v->runstate_entry)
		v->runstate_time[v->runstate] += now - v->runstate_entry;
	v->runstate = state;
	v->runstate_entry = now;
}

static bool vcpu_runnable(const struct vcpu *v)
{
	return v->is_initialised && v->is_up && !v->is_blocked &&
	       !v->domain->is_shut_down;
}

void sched_get_runstate(const struct vcpu *v, struct vcpu_runstate_info *r)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	s_time_t now = NOW();

	r->state = v->runstate;
	r->state_entry_time = v->runstate_entry;
	for (unsigned int i = 0; i < 4; i++)
		r->time[i] = v->runstate_time[i];
	if (now > v->runstate_entry)
		r->time[v->runstate] += now - v->runstate_entry;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_write_runstate_area(struct vcpu *v)
{
	struct vcpu_runstate_info r;
	bool flag = v->domain->vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);
	uint64_t entry_va;

	v->runstate_pending = false;
	if (!v->runstate_guest)
		return;
	sched_get_runstate(v, &r);
	entry_va = v->runstate_guest +
		   offsetof(struct vcpu_runstate_info, state_entry_time);
	if (flag) {
		/* Xen's protocol: the update flag brackets the rewrite. */
		uint64_t e = r.state_entry_time | XEN_RUNSTATE_UPDATE;

		if (copy_to_guest(entry_va, &e, sizeof(e)))
			goto failed;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r.state_entry_time |= XEN_RUNSTATE_UPDATE;
	}
	if (copy_to_guest(v->runstate_guest, &r, sizeof(r)))
		goto failed;
	if (flag) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
		copy_to_guest(entry_va, &r.state_entry_time, sizeof(uint64_t));
	}
	return;
failed:
	v->runstate_pending = !arch_guest_kernel_mode(v);
}

static void tick_fn(void *data)
{
	s_time_t now = NOW();
	unsigned long flags;

	this_cpu()->ticks++;
	flags = spin_lock_irqsave(&sched_lock);
	csched.ncpus = nr_cpus_online;
	for_each_online_cpu(cpu)
		csched_tick_burn(&csched, curr_of(cpu), now);
	csched_tick_count(&csched);
	for_each_online_cpu(cpu)
		if (csched_should_preempt(&csched, curr_of(cpu), now))
			resched_cpu(cpu);
	spin_unlock_irqrestore(&sched_lock, flags);
	for (unsigned int i = 0; i < ARRAY_SIZE(tick_hooks); i++)
		if (tick_hooks[i])
			tick_hooks[i]();
	/* Keep the phase; skip ticks that were missed entirely. */
	tick_timer.expires += CSCHED_TICK;
	set_timer(&tick_timer, MAX(tick_timer.expires, now));
}

void sched_add_tick_hook(void (*fn)(void))
{
	for (unsigned int i = 0; i < ARRAY_SIZE(tick_hooks); i++) {
		if (!tick_hooks[i]) {
			tick_hooks[i] = fn;
			return;
		}
	}
	BUG();
}

void sched_init(void)
{
	csched_init_cpu(&csched);
	init_timer(&tick_timer, tick_fn, NULL);
	set_timer(&tick_timer, NOW() + CSCHED_TICK);
}

void sched_init_vcpu(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (!v->domain->sched_weight)
		v->domain->sched_weight = CSCHED_DEFAULT_WEIGHT;
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
	csched_add_vcpu(&csched, v);
	spin_unlock_irqrestore(&sched_lock, flags);
	vcpu_timers_init(v);
}

/*
 * A CPU for a vCPU that just became runnable: an idle one not already
 * asked to pick (this one first), else the one running the vCPU of the
 * lowest priority. *idle says which kind it is.
 */
static unsigned int pick_cpu(bool *idle)
{
	unsigned int me = smp_processor_id(), best = me;

	if (!curr_of(me) && !this_cpu()->need_resched) {
		*idle = true;
		return me;
	}
	for_each_online_cpu(cpu) {
		if (!curr_of(cpu) && !cpu_info_of(cpu)->need_resched) {
			*idle = true;
			return cpu;
		}
	}
	*idle = false;
	for_each_online_cpu(cpu)
		if (curr_of(best) && (!curr_of(cpu) ||
				      curr_of(cpu)->pri < curr_of(best)->pri))
			best = cpu;
	return best;
}

/* Make v runnable if it can run and is not already queued or running. */
static void make_runnable(struct vcpu *v, s_time_t now)
{
	bool idle;
	unsigned int cpu;

	if (!vcpu_runnable(v) || v->on_runq || v->is_running)
		return;
	runstate_change(v, RUNSTATE_runnable, now);
	cpu = pick_cpu(&idle);
	if (csched_wake(&csched, v, idle ? NULL : curr_of(cpu)))
		resched_cpu(cpu);
}

void sched_add_domain(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			make_runnable(d->vcpu[i], NOW());
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_destroy_domain(struct domain *d)
{
	unsigned long flags;

	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_timers_kill(d->vcpu[i]);
	flags = spin_lock_irqsave(&sched_lock);
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		csched_remove_vcpu(&csched, v);
		runstate_change(v, RUNSTATE_offline, NOW());
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_wake(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (v->is_blocked) {
		v->is_blocked = false;
		v->is_polling = false;
		stop_timer(&v->poll_timer);
	}
	make_runnable(v, NOW());
	/* Xen's vcpu_kick: running elsewhere, it sees its events at once. */
	if (v->is_running)
		smp_send_event_check(v->processor);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_port_pending(struct domain *d, unsigned int port)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v || !v->is_polling)
			continue;
		for (unsigned int j = 0; j < v->poll_nr; j++) {
			if (v->poll_ports[j] == port) {
				vcpu_wake(v);
				break;
			}
		}
	}
}

void vcpu_block_current(void)
{
	struct vcpu *v = current_vcpu();
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	v->is_blocked = true;
	this_cpu()->need_resched = true;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_yield_current(void)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	pcpu[smp_processor_id()].yield_pending = true;
	this_cpu()->need_resched = true;
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_vcpu_up(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	v->is_up = true;
	make_runnable(v, NOW());
	spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_vcpu_down(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	v->is_up = false;
	csched_runq_remove(&csched, v);
	if (v->is_running)
		resched_cpu(v->processor);
	else
		runstate_change(v, RUNSTATE_offline, NOW());
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * Pick and switch. Returns only if the current vCPU keeps the CPU; every
 * other outcome leaves on a fresh stack (the next guest, or idle).
 */
static void do_schedule(void)
{
	struct vcpu *prev = current_vcpu(), *next;
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	s_time_t now = NOW();
	unsigned int me = smp_processor_id();
	bool yielded = pcpu[me].yield_pending;

	this_cpu()->need_resched = pcpu[me].yield_pending = false;
	if (prev)
		csched_burn(prev, now);
	next = csched_pick(&csched, prev, prev && vcpu_runnable(prev),
			   yielded, now);
	if (next == prev && prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	if (prev) {
		runstate_change(prev, vcpu_runnable(prev) ? RUNSTATE_runnable :
				prev->is_up && prev->is_blocked ?
				RUNSTATE_blocked : RUNSTATE_offline, now);
		prev->is_running = false;
	}
	if (next) {
		runstate_change(next, RUNSTATE_running, now);
		next->sched_start = next->burnt_to = now;
		next->is_running = true;
		next->processor = me;
	}
	spin_unlock_irqrestore(&sched_lock, flags);

	if (prev) {
		arch_context_save(prev);
		sched_write_runstate_area(prev);
	}
	if (next)
		pv_run_vcpu(next);
	arch_switch_to_idle();
	idle_enter();
}

void sched_softirq(void)
{
	if (this_cpu()->need_resched)
		do_schedule();
}

void __noreturn schedule(void)
{
	do_schedule();
	/* The current vCPU continues: back to it through its saved frame. */
	pv_resume_current();
}

/*
 * The idle loop, entered with the big lock held: halt, without the lock,
 * until an interrupt makes a vCPU runnable.
 */
void __noreturn idle_loop(void)
{
	bool runnable;

	for (;;) {
		local_irq_disable();
		hv_lock();
		if (!domains_alive()) {
			if (domains_all_powered_off()) {
				printk("All domains have shut down: powering off\n");
				machine_poweroff(HV_EXIT_OK);
			}
			printk(KERN_ERR "All domains have stopped, not all with "
			       "poweroff: result code %u\n", HV_EXIT_DOMAIN);
			machine_poweroff(HV_EXIT_DOMAIN);
		}
		spin_lock(&sched_lock);          /* interrupts are off */
		runnable = csched_has_runnable(&csched) ||
			   this_cpu()->need_resched;
		spin_unlock(&sched_lock);
		if (runnable)
			do_schedule();
		hv_unlock();
		/* sti; hlt: an interrupt between the two still ends the hlt. */
		asm volatile("sti; hlt" ::: "memory");
	}
}
