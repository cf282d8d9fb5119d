/* Software timers: a list sorted by deadline, the head programs the hardware. */
#include "types.h"
#include "spinlock.h"
#include "timer.h"

static struct list_head pending = LIST_HEAD_INIT(pending);
static DEFINE_SPINLOCK(timer_lock);

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
	t->expires = 0;
	t->fn = fn;
	t->data = data;
	t->active = false;
	list_init(&t->list);
}

static void program_head(void)
{
	arch_timer_program(list_empty(&pending) ? STIME_MAX :
			   list_first_entry(&pending, struct timer,
					    list)->expires);
}

/* Insert in deadline order; equal deadlines keep arming order. */
static void insert(struct timer *t)
{
	struct list_head *p;

	list_for_each(p, &pending) {
		if (list_entry(p, struct timer, list)->expires > t->expires)
			break;
	}
	list_add_tail(&t->list, p);
	t->active = true;
}

void set_timer(struct timer *t, s_time_t expires)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	bool was_head = t->active &&
			pending.next == &t->list;

	if (t->active)
		list_del(&t->list);
	t->expires = expires;
	insert(t);
	if (was_head || pending.next == &t->list)
		program_head();
	spin_unlock_irqrestore(&timer_lock, flags);
}

void stop_timer(struct timer *t)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);

	if (t->active) {
		bool was_head = pending.next == &t->list;

		list_del(&t->list);
		t->active = false;
		if (was_head)
			program_head();
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}

void timer_softirq(s_time_t now)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);

	while (!list_empty(&pending)) {
		struct timer *t = list_first_entry(&pending, struct timer, list);

		if (t->expires > now)
			break;
		list_del(&t->list);
		t->active = false;
		/* The callback may arm timers (this one too): drop the lock. */
		spin_unlock_irqrestore(&timer_lock, flags);
		t->fn(t->data);
		flags = spin_lock_irqsave(&timer_lock);
	}
	program_head();
	spin_unlock_irqrestore(&timer_lock, flags);
}

s_time_t timer_next_deadline(void)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	s_time_t d = list_empty(&pending) ? STIME_MAX :
		     list_first_entry(&pending, struct timer, list)->expires;

	spin_unlock_irqrestore(&timer_lock, flags);
	return d;
}
