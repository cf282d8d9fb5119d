/* Software timers on system time (ns since boot), one hardware deadline. */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include "types.h"
#include "list.h"

typedef int64_t s_time_t;

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define STIME_MAX     INT64_MAX

struct timer {
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	struct list_head list;       /* on the pending list, by expiry */
	bool active;
};

/* ---- what the architecture provides ---- */

/* System time: ns since the hypervisor started its clock. */
s_time_t NOW(void);
/* Raise the timer interrupt at (or soon after) deadline; STIME_MAX: none. */
void arch_timer_program(s_time_t deadline);

/* ---- the timer core (hv/timer.c) ---- */

void init_timer(struct timer *t, void (*fn)(void *data), void *data);

/*
 * Arm t for expires (absolute system time), replacing an earlier setting.
 * A deadline already in the past fires on the next timer_softirq() (the
 * hardware is programmed to interrupt at once). Callable with interrupts
 * on or off; the callback runs later with interrupts off, never from
 * inside set_timer.
 */
void set_timer(struct timer *t, s_time_t expires);

/* Disarm t if it is armed (a no-op otherwise). */
void stop_timer(struct timer *t);

static inline bool timer_is_active(const struct timer *t)
{
	return t->active;
}

/*
 * Run every timer whose deadline is <= now (each disarmed before its
 * callback, which may re-arm it), then program the hardware for the
 * earliest remaining one. Called from the timer interrupt.
 */
void timer_softirq(s_time_t now);

/* Deadline of the earliest armed timer, or STIME_MAX. */
s_time_t timer_next_deadline(void);

#endif
