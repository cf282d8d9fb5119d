/* Unit-test fixture for the event-channel suite: three domains on plain buffers. */
#ifndef XENOLITH_TEST_EVENT_FIXTURE_H
#define XENOLITH_TEST_EVENT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include "harness_sched.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

/* Domain 0 is privileged; 1 and 2 are guests; each has two vCPUs. */
#define NDOM 3
extern struct domain dom[NDOM];
extern struct vcpu vcpus[NDOM][2];
extern struct shared_info si[NDOM];
extern long live_allocs;      /* xzalloc'd blocks not yet freed */
#define D0 (&dom[0])
#define D1 (&dom[1])
#define D2 (&dom[2])

/* What the event code registered with sched_add_tick_hook (and how often). */
extern void (*tick_hook)(void);
extern unsigned int tick_hooks_added;

/* Fresh domains with event state and no hook calls; teardown destroys. */
void ev_setup(void);
void ev_teardown(void);

/* The guest operations as domain d (evtchn_do_op); OUT values via pointers. */
long op(struct domain *d, unsigned int cmd, void *arg);
long alloc_unbound(struct domain *d, domid_t in, domid_t remote, uint32_t *port);
long bind_idom(struct domain *d, domid_t rdom, uint32_t rport, uint32_t *lport);
long bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu, uint32_t *port);
long bind_ipi(struct domain *d, uint32_t vcpu, uint32_t *port);
long simple(struct domain *d, unsigned int cmd, uint32_t port); /* close/send/unmask */
long bind_vcpu(struct domain *d, uint32_t port, uint32_t vcpu);
long status(struct domain *d, domid_t of, uint32_t port, struct evtchn_status *s);

/* Bit n of a shared_info bit array; hook calls of one kind so far. */
bool bit(const xen_ulong_t *w, unsigned int n);
unsigned int hooks(int kind);

#endif
