/* Credit scheduler core: priorities, credit by weight, caps, run queue order. */
#include "types.h"
#include "domain.h"
#include "sched_credit.h"
#include <xen/vcpu.h>

#define NS_PER_CREDIT (1000000LL / CSCHED_CREDITS_PER_MSEC)
#define CREDIT_MAX    CSCHED_CREDITS_PER_ACCT
#define CREDIT_MIN    (-CSCHED_CREDITS_PER_ACCT)

void csched_init_cpu(struct csched_cpu *c)
{
	list_init(&c->runq);
	list_init(&c->vcpus);
	c->tick = 0;
	c->ncpus = 1;
}

void csched_add_vcpu(struct csched_cpu *c, struct vcpu *v)
{
	v->on_runq = false;
	v->pri = CSCHED_PRI_UNDER;
	v->credit = 0;
	list_add_tail(&v->all_elem, &c->vcpus);
}

void csched_remove_vcpu(struct csched_cpu *c, struct vcpu *v)
{
	csched_runq_remove(c, v);
	list_del(&v->all_elem);
}

void csched_runq_insert(struct csched_cpu *c, struct vcpu *v)
{
	struct list_head *p;

	if (v->on_runq)
		return;
	list_for_each(p, &c->runq) {
		if (list_entry(p, struct vcpu, runq_elem)->pri < v->pri)
			break;
	}
	list_add_tail(&v->runq_elem, p);
	v->on_runq = true;
}

void csched_runq_remove(struct csched_cpu *c, struct vcpu *v)
{
	if (v->on_runq) {
		list_del(&v->runq_elem);
		v->on_runq = false;
	}
}

/* The first queued vCPU that may run (parked ones sit at the tail). */
static struct vcpu *runq_head(struct csched_cpu *c)
{
	struct vcpu *v;

	if (list_empty(&c->runq))
		return NULL;
	v = list_first_entry(&c->runq, struct vcpu, runq_elem);
	return v->pri == CSCHED_PRI_PARKED ? NULL : v;
}

bool csched_has_runnable(struct csched_cpu *c)
{
	return runq_head(c) != NULL;
}

static int credit_pri(const struct vcpu *v)
{
	return v->credit < 0 ? CSCHED_PRI_OVER : CSCHED_PRI_UNDER;
}

bool csched_wake(struct csched_cpu *c, struct vcpu *v, struct vcpu *curr)
{
	if (v->pri == CSCHED_PRI_UNDER)
		v->pri = CSCHED_PRI_BOOST;
	csched_runq_insert(c, v);
	return v->pri != CSCHED_PRI_PARKED && (!curr || v->pri > curr->pri);
}

static void park_domain(struct csched_cpu *c, struct domain *d)
{
	struct list_head *p;

	list_for_each(p, &c->vcpus) {
		struct vcpu *v = list_entry(p, struct vcpu, all_elem);

		if (v->domain != d || v->pri == CSCHED_PRI_PARKED)
			continue;
		v->pri = CSCHED_PRI_PARKED;
		if (v->on_runq) {          /* move behind everything runnable */
			csched_runq_remove(c, v);
			csched_runq_insert(c, v);
		}
	}
}

void csched_burn(struct vcpu *v, s_time_t now)
{
	s_time_t delta = now - v->burnt_to;
	int64_t credits;

	if (delta <= 0)
		return;
	credits = delta / NS_PER_CREDIT;
	v->burnt_to += credits * NS_PER_CREDIT;
	v->credit = (int)MAX((int64_t)CREDIT_MIN, v->credit - credits);
	v->domain->cap_used += credits * NS_PER_CREDIT;
}

/* CPU time a capped domain may use per accounting period. */
static s_time_t cap_allowance(const struct domain *d)
{
	return (s_time_t)d->sched_cap * CSCHED_PERIOD / 100;
}

/* Over its cap: time used beyond the allowance carries into the next
 * periods as debt, so the long-run share converges on the cap. */
static bool over_cap(const struct domain *d)
{
	return d->sched_cap && d->cap_used >= cap_allowance(d);
}

/*
 * A vCPU that yields loses its boost and goes behind its own priority
 * and, as in Xen's credit1, behind one runnable vCPU of lower priority if
 * there is one, so a yield can help a vCPU that has run out of credit.
 */
static void runq_insert_yielded(struct csched_cpu *c, struct vcpu *v)
{
	struct list_head *p;

	if (v->pri == CSCHED_PRI_BOOST)
		v->pri = credit_pri(v);
	list_for_each(p, &c->runq) {
		struct vcpu *w = list_entry(p, struct vcpu, runq_elem);

		if (w->pri < v->pri) {
			if (w->pri != CSCHED_PRI_PARKED)
				p = p->next;          /* behind the first lower one */
			break;
		}
	}
	list_add_tail(&v->runq_elem, p);
	v->on_runq = true;
}

struct vcpu *csched_pick(struct csched_cpu *c, struct vcpu *prev,
			 bool prev_runnable, bool yielded, s_time_t now)
{
	struct vcpu *head = runq_head(c);

	/* prev keeps the CPU unless a higher priority waits, or one of
	 * its own priority and its time slice is over (round robin). */
	if (prev && prev_runnable && prev->pri != CSCHED_PRI_PARKED &&
	    !yielded && !(head && (head->pri > prev->pri ||
				   (head->pri == prev->pri &&
				    now - prev->sched_start >= CSCHED_TSLICE))))
		return prev;
	if (prev && prev_runnable) {
		if (yielded)
			runq_insert_yielded(c, prev);
		else
			csched_runq_insert(c, prev);
	}
	head = runq_head(c);
	if (head)
		csched_runq_remove(c, head);
	return head;
}

void csched_tick_burn(struct csched_cpu *c, struct vcpu *curr, s_time_t now)
{
	if (!curr)
		return;
	csched_burn(curr, now);
	if (curr->pri == CSCHED_PRI_BOOST)
		curr->pri = credit_pri(curr);
	if (over_cap(curr->domain))
		park_domain(c, curr->domain);
}

void csched_tick_count(struct csched_cpu *c)
{
	if (++c->tick >= CSCHED_TICKS_PER_ACCT) {
		c->tick = 0;
		csched_acct(c);
	}
}

bool csched_tick(struct csched_cpu *c, struct vcpu *curr, s_time_t now)
{
	csched_tick_burn(c, curr, now);
	csched_tick_count(c);
	return csched_should_preempt(c, curr, now);
}

bool csched_should_preempt(struct csched_cpu *c, struct vcpu *curr,
			   s_time_t now)
{
	struct vcpu *head;

	if (!curr)
		return csched_has_runnable(c);
	head = runq_head(c);
	if (curr->pri == CSCHED_PRI_PARKED)
		return true;
	if (!head)
		return false;
	return head->pri > curr->pri ||
	       (head->pri == curr->pri && now - curr->sched_start >= CSCHED_TSLICE);
}

static bool vcpu_active(const struct vcpu *v)
{
	return v->runstate == RUNSTATE_running ||
	       v->runstate == RUNSTATE_runnable;
}

void csched_acct(struct csched_cpu *c)
{
	struct list_head *p, *n;
	struct list_head requeue = LIST_HEAD_INIT(requeue);
	uint64_t total_weight = 0;

	/* Active vCPUs per domain; each active domain's weight once. */
	list_for_each(p, &c->vcpus)
		list_entry(p, struct vcpu, all_elem)->domain->sched_active = 0;
	list_for_each(p, &c->vcpus) {
		struct vcpu *v = list_entry(p, struct vcpu, all_elem);

		if (vcpu_active(v) && v->domain->sched_active++ == 0)
			total_weight += v->domain->sched_weight;
	}
	list_for_each(p, &c->vcpus) {
		struct vcpu *v = list_entry(p, struct vcpu, all_elem);
		struct domain *d = v->domain;

		if (vcpu_active(v) && total_weight) {
			int64_t share = (int64_t)CSCHED_CREDITS_PER_ACCT *
					c->ncpus * d->sched_weight /
					total_weight / d->sched_active;

			v->credit = (int)MIN((int64_t)CREDIT_MAX,
					     v->credit + share);
		}
		if (v->vcpu_id == 0)          /* once per domain */
			d->cap_used = d->sched_cap ?
				MAX((s_time_t)0, d->cap_used - cap_allowance(d)) : 0;
	}
	list_for_each(p, &c->vcpus) {
		struct vcpu *v = list_entry(p, struct vcpu, all_elem);

		if (over_cap(v->domain))
			v->pri = CSCHED_PRI_PARKED;
		else if (v->pri != CSCHED_PRI_BOOST || v->credit < 0)
			v->pri = credit_pri(v);
	}
	/* Priorities changed: queue everything again in the new order. */
	list_for_each_safe(p, n, &c->runq) {
		struct vcpu *v = list_entry(p, struct vcpu, runq_elem);

		list_del(&v->runq_elem);
		list_add_tail(&v->runq_elem, &requeue);
		v->on_runq = false;
	}
	list_for_each_safe(p, n, &requeue) {
		struct vcpu *v = list_entry(p, struct vcpu, runq_elem);

		list_del(&v->runq_elem);
		csched_runq_insert(c, v);
	}
}
