/* Unit-test fixture for the event-channel suite: three domains on plain buffers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "event_fixture.h"

struct domain dom[NDOM];
struct vcpu vcpus[NDOM][2];
struct shared_info si[NDOM];
long live_allocs;

void *xzalloc_bytes(size_t size)
{
	live_allocs++;
	return calloc(1, size);
}

void *xmalloc_bytes(size_t size)
{
	live_allocs++;
	return malloc(size);
}

void xfree(void *p)
{
	if (p)
		live_allocs--;
	free(p);
}

void (*tick_hook)(void);
unsigned int tick_hooks_added;

/* The scheduler's tick hooks: the one the event code registers. */
void sched_add_tick_hook(void (*fn)(void))
{
	tick_hook = fn;
	tick_hooks_added++;
}

struct domain *domain_lookup(domid_t id)
{
	for (int i = 0; i < NDOM; i++)
		if (dom[i].domain_id == id && !dom[i].is_shut_down)
			return &dom[i];
	return NULL;
}

void ev_setup(void)
{
	memset(dom, 0, sizeof(dom));
	memset(vcpus, 0, sizeof(vcpus));
	memset(si, 0, sizeof(si));
	live_allocs = 0;
	for (int i = 0; i < NDOM; i++) {
		dom[i].domain_id = i;
		dom[i].is_privileged = i == 0;
		dom[i].shared_info = &si[i];
		dom[i].max_vcpus = 2;
		for (int j = 0; j < 2; j++) {
			vcpus[i][j].vcpu_id = j;
			vcpus[i][j].domain = &dom[i];
			vcpus[i][j].vcpu_info = &si[i].vcpu_info[j];
			dom[i].vcpu[j] = &vcpus[i][j];
		}
		ck_assert_int_eq(evtchn_init(&dom[i]), 0);
	}
	harness_nr_hook_calls = 0;
	tick_hook = NULL;
	tick_hooks_added = 0;
}

void ev_teardown(void)
{
	for (int i = 0; i < NDOM; i++)
		evtchn_destroy(&dom[i]);
}

long op(struct domain *d, unsigned int cmd, void *arg)
{
	return evtchn_do_op(d, cmd, arg);
}

long alloc_unbound(struct domain *d, domid_t in, domid_t remote,
			  uint32_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = in, .remote_dom = remote,
					  .port = 0xdead };
	long rc = op(d, EVTCHNOP_alloc_unbound, &a);

	if (port)
		*port = a.port;
	return rc;
}

long bind_idom(struct domain *d, domid_t rdom, uint32_t rport,
		      uint32_t *lport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = rdom,
					     .remote_port = rport };
	long rc = op(d, EVTCHNOP_bind_interdomain, &b);

	if (lport)
		*lport = b.local_port;
	return rc;
}

long bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
		      uint32_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = op(d, EVTCHNOP_bind_virq, &b);

	if (port)
		*port = b.port;
	return rc;
}

long bind_ipi(struct domain *d, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long rc = op(d, EVTCHNOP_bind_ipi, &b);

	if (port)
		*port = b.port;
	return rc;
}

long simple(struct domain *d, unsigned int cmd, uint32_t port)
{
	uint32_t arg = port;   /* close, send and unmask: just the port */

	return op(d, cmd, &arg);
}

long bind_vcpu(struct domain *d, uint32_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return op(d, EVTCHNOP_bind_vcpu, &b);
}

long status(struct domain *d, domid_t of, uint32_t port,
		   struct evtchn_status *s)
{
	memset(s, 0xa5, sizeof(*s));
	s->dom = of;
	s->port = port;
	return op(d, EVTCHNOP_status, s);
}

bool bit(const xen_ulong_t *w, unsigned int n)
{
	return w[n / 64] >> (n % 64) & 1;
}

unsigned int hooks(int kind)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < harness_nr_hook_calls; i++)
		n += harness_hook_calls[i].kind == kind;
	return n;
}
