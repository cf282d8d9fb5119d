/* Unit-test harness: the scheduler hooks, recorded instead of acted on. */
#ifndef XENOLITH_TEST_HARNESS_SCHED_H
#define XENOLITH_TEST_HARNESS_SCHED_H

struct vcpu;
struct domain;

#define HOOK_VCPU_WAKE    1   /* vcpu_wake(v) */
#define HOOK_PORT_PENDING 2   /* sched_port_pending(d, port) */
#define HARNESS_MAX_HOOK_CALLS 64

struct harness_hook_call {
	int kind;
	struct vcpu *v;
	struct domain *d;
	unsigned int port;
};

/* Every call since the count was last set to 0 (the first 64 kept). */
extern struct harness_hook_call harness_hook_calls[HARNESS_MAX_HOOK_CALLS];
extern unsigned int harness_nr_hook_calls;

void vcpu_wake(struct vcpu *v);
void sched_port_pending(struct domain *d, unsigned int port);

#endif
