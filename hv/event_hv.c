/* Event channels as the hypervisor uses them: lifecycle, VIRQs, its own ports. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "lib.h"
#include "log.h"
#include "pirq.h"
#include "sched_if.h"
#include "spinlock.h"
#include "xmalloc.h"
#include <xen/xen.h>

int evtchn_init(struct domain *d)
{
	struct evtchn_domain *e = xzalloc(struct evtchn_domain);

	if (!e)
		return -ENOMEM;
	e->port[0].state = ECS_RESERVED;
	spin_lock_init(&d->evtchn_lock);
	d->evtchn = e;
	return 0;
}

void evtchn_destroy(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn_domain *e = d->evtchn;
	bool first = e && !e->dying;

	if (first)
		e->dying = true;    /* no new ports, nobody binds to ours */
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	if (!first)
		return;
	for (uint32_t port = 1; port < EVTCHN_NR_PORTS; port++)
		evtchn_close_port(d, port, CLOSE_ALL);
	pirq_domain_destroy(d);     /* its GSI mappings go with it */
	flags = spin_lock_irqsave(&d->evtchn_lock);
	d->evtchn = NULL;
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	xfree(e);
}

bool send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	unsigned int port = 0;

	if (virq >= NR_VIRQS || v->vcpu_id >= MAX_VIRT_CPUS_PER_DOMAIN)
		return false;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	if (d->evtchn)
		port = d->evtchn->virq_to_port[v->vcpu_id][virq];
	if (port)
		evtchn_set_pending(v, port);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port;
}

bool send_guest_global_virq(struct domain *d, unsigned int virq)
{
	unsigned long flags;
	unsigned int port = 0;

	if (virq >= NR_VIRQS)
		return false;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	if (d->evtchn)
		port = d->evtchn->virq_to_port[0][virq];
	if (port)
		evtchn_set_pending(d->vcpu[d->evtchn->port[port].notify_vcpu_id],
				   port);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port;
}

/*
 * Where Xen's send_global_virq goes: the hardware domain, recorded when
 * it binds a VIRQ only it may bind. Domains are never freed; a dead one
 * has no event state, so a send to it does nothing.
 */
static struct domain *global_virq_domain;

void send_global_virq(unsigned int virq)
{
	struct domain *d = __atomic_load_n(&global_virq_domain,
					   __ATOMIC_ACQUIRE);

	if (d && virq_is_hwdom_only(virq))
		send_guest_global_virq(d, virq);
}

/* Every scheduler tick: the log ring grew, VIRQ_CON_RING (as Xen's
 * console raises it from a tasklet, never from inside printk). */
static void con_ring_tick(void)
{
	if (log_ring_take_grown())
		send_global_virq(VIRQ_CON_RING);
}

/* Contract in event.h. */
void evtchn_note_global_virq(struct domain *d, unsigned int virq)
{
	static bool tick_hooked;

	__atomic_store_n(&global_virq_domain, d, __ATOMIC_RELEASE);
	/* Under the big lock (a hypercall): one registration. */
	if (virq == VIRQ_CON_RING && !tick_hooked) {
		tick_hooked = true;
		sched_add_tick_hook(con_ring_tick);
	}
}

int evtchn_alloc_xen_port(struct domain *d,
			  void (*notify)(struct domain *d, unsigned int port))
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	int port = evtchn_get_free_port(d);

	if (port > 0) {
		d->evtchn->port[port].state = ECS_XEN;
		d->evtchn->port[port].u.xen_notify = notify;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port;
}

void evtchn_free_xen_port(struct domain *d, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = evtchn_from_port(d, port);
	bool mine = chn && chn->state == ECS_XEN;

	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	/* A hypervisor-bound port has no peer: nothing to race with. */
	if (mine)
		evtchn_close_port(d, port, CLOSE_ALL);
}

int evtchn_notify_xen_port(struct domain *d, unsigned int port)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = evtchn_from_port(d, port);
	int rc = -EINVAL;

	if (chn && chn->state == ECS_XEN) {
		evtchn_set_pending(d->vcpu[chn->notify_vcpu_id], port);
		rc = 0;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return rc;
}

/* Xen's 'e' debug key: one line per port in use, with its pending/mask bits. */
void evtchn_dump(struct domain *d)
{
	static const char *const state[] = {
		[ECS_FREE] = "free", [ECS_RESERVED] = "reserved",
		[ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
		[ECS_VIRQ] = "virq", [ECS_IPI] = "ipi", [ECS_XEN] = "xen",
		[ECS_PIRQ] = "pirq",
	};
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct shared_info *si = d->shared_info;

	printk("Event channel information for domain %u (%s):\n",
	       d->domain_id, d->name);
	for (unsigned int p = 1; d->evtchn && p < EVTCHN_NR_PORTS; p++) {
		const struct evtchn *c = &d->evtchn->port[p];
		unsigned int pend = 0, mask = 0;
		char peer[32] = "";

		if (c->state == ECS_FREE)
			continue;
		if (si) {
			pend = si->evtchn_pending[p / 64] >> (p % 64) & 1;
			mask = si->evtchn_mask[p / 64] >> (p % 64) & 1;
		}
		if (c->state == ECS_INTERDOMAIN)
			snprintf(peer, sizeof(peer), " d=%u p=%u",
				 c->u.remote_dom->domain_id, c->remote_port);
		else if (c->state == ECS_UNBOUND)
			snprintf(peer, sizeof(peer), " d=%u", c->remote_domid);
		else if (c->state == ECS_VIRQ)
			snprintf(peer, sizeof(peer), " v=%u", c->virq);
		else if (c->state == ECS_PIRQ)
			snprintf(peer, sizeof(peer), " x=%u", c->pirq);
		printk("    %4u [%u/%u]: s=%u (%s) n=%u%s\n", p, pend, mask,
		       c->state, c->state < ARRAY_SIZE(state) && state[c->state] ?
		       state[c->state] : "?", c->notify_vcpu_id, peer);
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
}
