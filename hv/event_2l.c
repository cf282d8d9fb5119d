/* The 2-level event ABI: pending, mask and selector bits in shared_info. */
#include "types.h"
#include "domain.h"
#include "event.h"
#include "sched_if.h"
#include <xen/xen.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

static xen_ulong_t bit_of(unsigned int n)
{
	return (xen_ulong_t)1 << (n % BITS_PER_WORD);
}

/* Atomically set bit n of the array w; true if it was already set. */
static bool test_and_set(xen_ulong_t *w, unsigned int n)
{
	return __atomic_fetch_or(&w[n / BITS_PER_WORD], bit_of(n),
				 __ATOMIC_SEQ_CST) & bit_of(n);
}

static bool test_and_clear(xen_ulong_t *w, unsigned int n)
{
	return __atomic_fetch_and(&w[n / BITS_PER_WORD], ~bit_of(n),
				  __ATOMIC_SEQ_CST) & bit_of(n);
}

static bool test(const xen_ulong_t *w, unsigned int n)
{
	return __atomic_load_n(&w[n / BITS_PER_WORD], __ATOMIC_SEQ_CST) &
	       bit_of(n);
}

/*
 * Port's selector bit on v, and the upcall: Xen's vcpu_mark_events_pending
 * when the selector bit was clear. v->vcpu_info may be NULL (no guest yet).
 */
static void mark_selector(struct vcpu *v, unsigned int port)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (!vi)
		return;
	if (test_and_set(&vi->evtchn_pending_sel, port / BITS_PER_WORD))
		return;
	vcpu_mark_events_pending(v);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 1,
			 __ATOMIC_SEQ_CST);
	vcpu_wake(v);
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
	struct domain *d = v->domain;
	struct shared_info *si = d->shared_info;

	if (!si || port >= EVTCHN_NR_PORTS)
		return;
	if (test_and_set(si->evtchn_pending, port))
		return;
	if (!test(si->evtchn_mask, port))
		mark_selector(v, port);
	sched_port_pending(d, port);
}

/* Clear port's pending bit (a port being closed), as Xen. */
void evtchn_2l_clear_pending(struct domain *d, unsigned int port)
{
	struct shared_info *si = d->shared_info;

	if (si && port < EVTCHN_NR_PORTS)
		test_and_clear(si->evtchn_pending, port);
}

/*
 * EVTCHNOP_unmask's effect: clear the mask bit; if it was set and the
 * port is pending, raise the selector and upcall on v (the port's notify
 * vCPU) as a fresh event would.
 */
void evtchn_2l_unmask(struct vcpu *v, unsigned int port)
{
	struct shared_info *si = v->domain->shared_info;

	if (!si || port >= EVTCHN_NR_PORTS)
		return;
	if (test_and_clear(si->evtchn_mask, port) &&
	    test(si->evtchn_pending, port))
		mark_selector(v, port);
}

bool evtchn_port_is_pending(struct domain *d, unsigned int port)
{
	struct shared_info *si = d->shared_info;

	return si && port < EVTCHN_NR_PORTS && test(si->evtchn_pending, port);
}
