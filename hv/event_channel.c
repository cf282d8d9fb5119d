/* Event channels: Xen's port state machine (alloc, bind, send, close). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "lib.h"
#include "log.h"
#include "pirq.h"
#include "spinlock.h"
#include "xmalloc.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

/* Contract in event.h. */
int evtchn_get_free_port(struct domain *d)
{
	if (!d->evtchn || d->evtchn->dying)
		return -ESRCH;
	for (int port = 1; port < EVTCHN_NR_PORTS; port++)
		if (d->evtchn->port[port].state == ECS_FREE)
			return port;
	return -ENOSPC;
}

/* Both domains' locks (one if a == b), in domain-id order. */
static unsigned long lock2(struct domain *a, struct domain *b)
{
	unsigned long flags = arch_local_irq_save();

	if (a != b && b->domain_id < a->domain_id)
		spin_lock(&b->evtchn_lock);
	spin_lock(&a->evtchn_lock);
	if (a != b && b->domain_id > a->domain_id)
		spin_lock(&b->evtchn_lock);
	return flags;
}

static void unlock2(struct domain *a, struct domain *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->evtchn_lock);
	spin_unlock(&a->evtchn_lock);
	arch_local_irq_restore(flags);
}

long evtchn_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
	struct domain *d = domain_lookup_any(cur, a->dom);
	unsigned long flags;
	int port;

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = evtchn_get_free_port(d);
	if (port > 0) {
		struct evtchn *chn = &d->evtchn->port[port];

		chn->state = ECS_UNBOUND;
		chn->remote_domid = a->remote_dom == DOMID_SELF ?
				    cur->domain_id : a->remote_dom;
		a->port = port;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port < 0 ? port : 0;
}

/*
 * Connect to <remote_dom, remote_port>, which must be unbound and offered
 * to the caller (the caller's own port too: loopback). As Xen, the new
 * local port is raised at once, for notifications the unbound end dropped.
 */
long evtchn_bind_interdomain(struct domain *cur,
			     struct evtchn_bind_interdomain *b)
{
	struct domain *rd = domain_lookup_any(cur, b->remote_dom);
	struct evtchn *lchn, *rchn;
	unsigned long flags;
	int lport;

	if (!rd)
		return -ESRCH;
	flags = lock2(cur, rd);
	lport = evtchn_get_free_port(cur);
	if (lport < 0)
		goto out;
	rchn = evtchn_from_port(rd, b->remote_port);
	if (!rchn || rd->evtchn->dying || rchn->state != ECS_UNBOUND ||
	    rchn->remote_domid != cur->domain_id) {
		lport = -EINVAL;
		goto out;
	}
	lchn = &cur->evtchn->port[lport];
	lchn->state = ECS_INTERDOMAIN;
	lchn->u.remote_dom = rd;
	lchn->remote_port = b->remote_port;
	rchn->state = ECS_INTERDOMAIN;
	rchn->u.remote_dom = cur;
	rchn->remote_port = lport;
	evtchn_set_pending(cur->vcpu[lchn->notify_vcpu_id], lport);
	b->local_port = lport;
out:
	unlock2(cur, rd, flags);
	return lport < 0 ? lport : 0;
}

long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *b)
{
	unsigned long flags;
	int port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return -EINVAL;
	if (!evtchn_vcpu(d, b->vcpu))
		return -ENOENT;
	/* Xen (since 4.21; 4.17 let the bind succeed and never raised it):
	 * -EBUSY unless d is the domain that handles the global VIRQ. */
	if (virq_is_hwdom_only(b->virq) && !d->is_hwdom) {
		printk(KERN_DEBUG "d%u: bind_virq %u refused: only the hardware "
		       "domain handles it\n", d->domain_id, b->virq);
		return -EBUSY;
	}
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = evtchn_get_free_port(d);
	if (port > 0 && d->evtchn->virq_to_port[b->vcpu][b->virq])
		port = -EEXIST;
	if (port > 0) {
		struct evtchn *chn = &d->evtchn->port[port];

		chn->state = ECS_VIRQ;
		chn->notify_vcpu_id = b->vcpu;
		chn->virq = b->virq;
		d->evtchn->virq_to_port[b->vcpu][b->virq] = port;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	if (port > 0 && virq_is_hwdom_only(b->virq))
		evtchn_note_global_virq(d, b->virq);
	return port < 0 ? port : 0;
}

long evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
	unsigned long flags;
	int port;

	if (!evtchn_vcpu(d, b->vcpu))
		return -ENOENT;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = evtchn_get_free_port(d);
	if (port > 0) {
		d->evtchn->port[port].state = ECS_IPI;
		d->evtchn->port[port].notify_vcpu_id = b->vcpu;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port < 0 ? port : 0;
}

/*
 * Close one port with its lock (and its peer's) held. A pirq port's
 * pirq goes to *pirq (else -1): the caller unbinds it after unlocking
 * (pirq_lock is taken before event locks, pirq.c).
 */
static long close_locked(struct domain *d, uint32_t port, enum close_mode mode,
			 int *pirq)
{
	struct evtchn *chn = evtchn_from_port(d, port), *rchn;

	if (!chn)
		return -EINVAL;
	switch (chn->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		return -EINVAL;
	case ECS_XEN:
		if (mode == CLOSE_GUEST)
			return -EINVAL;     /* Xen: a guest cannot close these */
		if (mode == CLOSE_RESET)
			return 0;           /* Xen: reset skips them */
		break;
	case ECS_VIRQ:
		for (unsigned int i = 0; i < MAX_VIRT_CPUS_PER_DOMAIN; i++)
			if (d->evtchn->virq_to_port[i][chn->virq] == port)
				d->evtchn->virq_to_port[i][chn->virq] = 0;
		break;
	case ECS_PIRQ:
		*pirq = chn->pirq;
		break;
	case ECS_INTERDOMAIN:
		rchn = &chn->u.remote_dom->evtchn->port[chn->remote_port];
		rchn->state = ECS_UNBOUND;
		rchn->remote_domid = d->domain_id;
		rchn->u.remote_dom = NULL;
		rchn->remote_port = 0;
		break;
	}
	evtchn_2l_clear_pending(d, port);
	memset(chn, 0, sizeof(*chn));   /* ECS_FREE, notify vCPU 0 */
	return 0;
}

/*
 * Xen's evtchn_close: an interdomain peer goes back to unbound, offered
 * to d. Takes d's lock and, for an interdomain port to another domain,
 * the peer's, in domain-id order (retrying if the binding changed while
 * no lock was held).
 */
long evtchn_close_port(struct domain *d, uint32_t port, enum close_mode mode)
{
	unsigned long flags;
	struct domain *r;
	struct evtchn *chn;
	int pirq = -1;
	long rc;

	for (;;) {
		flags = spin_lock_irqsave(&d->evtchn_lock);
		chn = evtchn_from_port(d, port);
		if (!chn || chn->state != ECS_INTERDOMAIN ||
		    chn->u.remote_dom == d) {
			r = NULL;
			break;
		}
		r = chn->u.remote_dom;
		if (r->domain_id > d->domain_id) {
			spin_lock(&r->evtchn_lock);
			break;
		}
		spin_unlock(&d->evtchn_lock);
		spin_lock(&r->evtchn_lock);
		spin_lock(&d->evtchn_lock);
		if (chn->state == ECS_INTERDOMAIN && chn->u.remote_dom == r)
			break;
		spin_unlock(&d->evtchn_lock);
		spin_unlock(&r->evtchn_lock);
		arch_local_irq_restore(flags);
	}
	rc = close_locked(d, port, mode, &pirq);
	if (r)
		spin_unlock(&r->evtchn_lock);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	if (pirq >= 0)
		pirq_unbind(d, pirq, port);
	return rc;
}

/*
 * Xen's evtchn_bind_pirq: -EINVAL out of d's pirq space, -EPERM unless d
 * mapped it (pirq_access_permitted); the port is taken first (bound to
 * vCPU 0) and given back if pirq_bind refuses (-EEXIST, -EBUSY).
 */
long evtchn_bind_pirq(struct domain *d, struct evtchn_bind_pirq *b)
{
	unsigned long flags;
	long rc;
	int port;

	if (b->pirq >= NR_PIRQS)
		return -EINVAL;
	if (!pirq_mapped_by(d, b->pirq)) {
		printk(KERN_DEBUG "d%u: bind_pirq %u: not mapped or not "
		       "permitted\n", d->domain_id, b->pirq);
		return -EPERM;
	}
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = evtchn_get_free_port(d);
	if (port > 0) {
		d->evtchn->port[port].state = ECS_PIRQ;
		d->evtchn->port[port].pirq = b->pirq;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	if (port < 0)
		return port;
	rc = pirq_bind(d, b->pirq, port,
		       b->flags & BIND_PIRQ__WILL_SHARE);
	if (rc) {
		flags = spin_lock_irqsave(&d->evtchn_lock);
		if (d->evtchn && d->evtchn->port[port].state == ECS_PIRQ &&
		    d->evtchn->port[port].pirq == b->pirq)
			memset(&d->evtchn->port[port], 0,
			       sizeof(d->evtchn->port[port]));
		spin_unlock_irqrestore(&d->evtchn_lock, flags);
		return rc;
	}
	b->port = port;
	return 0;
}

/* Contract in pirq.h. */
void evtchn_raise_pirq(struct domain *d, unsigned int port, unsigned int pirq)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = evtchn_from_port(d, port);

	if (chn && chn->state == ECS_PIRQ && chn->pirq == pirq)
		evtchn_set_pending(d->vcpu[chn->notify_vcpu_id], port);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
}

/*
 * Interdomain: the peer's port on its notify vCPU; IPI: our own port;
 * unbound: dropped (0, as Xen); hypervisor-bound: its notify hook.
 */
long evtchn_send(struct domain *d, uint32_t port)
{
	void (*notify)(struct domain *, unsigned int) = NULL;
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = evtchn_from_port(d, port), *rchn;
	struct domain *r;
	long rc = 0;

	switch (chn ? chn->state : ECS_FREE) {
	case ECS_INTERDOMAIN:
		r = chn->u.remote_dom;
		rchn = &r->evtchn->port[chn->remote_port];
		evtchn_set_pending(r->vcpu[rchn->notify_vcpu_id],
				   chn->remote_port);
		break;
	case ECS_IPI:
		evtchn_set_pending(d->vcpu[chn->notify_vcpu_id], port);
		break;
	case ECS_UNBOUND:
		break;
	case ECS_XEN:
		notify = chn->u.xen_notify;
		break;
	default:
		rc = -EINVAL;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	if (notify)
		notify(d, port);
	return rc;
}
