/* Event channels: Xen's port state machine (alloc, bind, send, close, status). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "lib.h"
#include "spinlock.h"
#include "xmalloc.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

static struct vcpu *domain_vcpu(struct domain *d, uint32_t id)
{
	if (id >= MAX_VIRT_CPUS_PER_DOMAIN || id >= d->max_vcpus)
		return NULL;
	return d->vcpu[id];
}

/*
 * Xen's virq_is_global: TIMER, DEBUG, XENOPROF and XENPMU are per vCPU;
 * every other VIRQ (the x86 arch ones included) is global: bound on
 * vCPU 0, movable with EVTCHNOP_bind_vcpu.
 */
static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/* d's channel for port, or NULL (out of range, no state). Under d's lock. */
static struct evtchn *chn_of(struct domain *d, uint32_t port)
{
	if (!d->evtchn || port >= EVTCHN_NR_PORTS)
		return NULL;
	return &d->evtchn->port[port];
}

/* Xen's get_free_port: the lowest free port, or -ENOSPC. Under d's lock. */
static int get_free_port(struct domain *d)
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

/* DOMID_SELF is the caller; otherwise a live domain or NULL. */
static struct domain *resolve(struct domain *cur, domid_t id)
{
	return id == DOMID_SELF ? cur : domain_lookup(id);
}

static long alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
	struct domain *d = resolve(cur, a->dom);
	unsigned long flags;
	int port;

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = get_free_port(d);
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
static long bind_interdomain(struct domain *cur,
			     struct evtchn_bind_interdomain *b)
{
	struct domain *rd = resolve(cur, b->remote_dom);
	struct evtchn *lchn, *rchn;
	unsigned long flags;
	int lport;

	if (!rd)
		return -ESRCH;
	flags = lock2(cur, rd);
	lport = get_free_port(cur);
	if (lport < 0)
		goto out;
	rchn = chn_of(rd, b->remote_port);
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

static long bind_virq(struct domain *d, struct evtchn_bind_virq *b)
{
	unsigned long flags;
	int port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return -EINVAL;
	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = get_free_port(d);
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
	return port < 0 ? port : 0;
}

static long bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
	unsigned long flags;
	int port;

	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	port = get_free_port(d);
	if (port > 0) {
		d->evtchn->port[port].state = ECS_IPI;
		d->evtchn->port[port].notify_vcpu_id = b->vcpu;
		b->port = port;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return port < 0 ? port : 0;
}

/* Close one port with its lock (and its peer's) held. */
static long close_locked(struct domain *d, uint32_t port, enum close_mode mode)
{
	struct evtchn *chn = chn_of(d, port), *rchn;

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
	long rc;

	for (;;) {
		flags = spin_lock_irqsave(&d->evtchn_lock);
		chn = chn_of(d, port);
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
	rc = close_locked(d, port, mode);
	if (r)
		spin_unlock(&r->evtchn_lock);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return rc;
}

/*
 * Interdomain: the peer's port on its notify vCPU; IPI: our own port;
 * unbound: dropped (0, as Xen); hypervisor-bound: its notify hook.
 */
static long send(struct domain *d, uint32_t port)
{
	void (*notify)(struct domain *, unsigned int) = NULL;
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = chn_of(d, port), *rchn;
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

static long status(struct domain *cur, struct evtchn_status *s)
{
	struct domain *d = resolve(cur, s->dom);
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	chn = chn_of(d, s->port);
	if (!chn) {
		rc = -EINVAL;
		goto out;
	}
	memset(&s->u, 0, sizeof(s->u));
	switch (chn->state) {
	case ECS_UNBOUND:
		s->status = EVTCHNSTAT_unbound;
		s->u.unbound.dom = chn->remote_domid;
		break;
	case ECS_INTERDOMAIN:
		s->status = EVTCHNSTAT_interdomain;
		s->u.interdomain.dom = chn->u.remote_dom->domain_id;
		s->u.interdomain.port = chn->remote_port;
		break;
	case ECS_XEN:
		s->status = EVTCHNSTAT_interdomain;
		s->u.interdomain.dom = DOMID_XEN;
		break;
	case ECS_VIRQ:
		s->status = EVTCHNSTAT_virq;
		s->u.virq = chn->virq;
		break;
	case ECS_IPI:
		s->status = EVTCHNSTAT_ipi;
		break;
	default:
		s->status = EVTCHNSTAT_closed;
	}
	s->vcpu = chn->notify_vcpu_id;
out:
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return rc;
}

/* Global VIRQs, unbound and interdomain ports may move (Xen). */
static long bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	chn = chn_of(d, b->port);
	switch (chn ? chn->state : ECS_FREE) {
	case ECS_VIRQ:
		if (!virq_is_global(chn->virq)) {
			rc = -EINVAL;
			break;
		}
		/* fall through */
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		chn->notify_vcpu_id = b->vcpu;
		break;
	default:
		rc = -EINVAL;
	}
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return rc;
}

static long unmask(struct domain *d, uint32_t port)
{
	unsigned long flags = spin_lock_irqsave(&d->evtchn_lock);
	struct evtchn *chn = chn_of(d, port);

	if (chn)
		evtchn_2l_unmask(d->vcpu[chn->notify_vcpu_id], port);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return chn ? 0 : -EINVAL;
}

/* Close every port of dom except hypervisor-bound ones (Xen's reset). */
static long reset(struct domain *cur, domid_t dom)
{
	struct domain *d = resolve(cur, dom);

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	for (uint32_t port = 1; port < EVTCHN_NR_PORTS; port++)
		evtchn_close_port(d, port, CLOSE_RESET);
	return 0;
}

/* No domain has physical IRQs: a valid pirq is not permitted (Xen's check). */
static long bind_pirq(struct evtchn_bind_pirq *b)
{
	return (int32_t)b->pirq < 0 ? -EINVAL : -EPERM;
}

long evtchn_do_op(struct domain *cur, unsigned int cmd, void *arg)
{
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:    return alloc_unbound(cur, arg);
	case EVTCHNOP_bind_interdomain: return bind_interdomain(cur, arg);
	case EVTCHNOP_bind_virq:        return bind_virq(cur, arg);
	case EVTCHNOP_bind_ipi:         return bind_ipi(cur, arg);
	case EVTCHNOP_bind_pirq:        return bind_pirq(arg);
	case EVTCHNOP_close:
		return evtchn_close_port(cur, ((struct evtchn_close *)arg)->port,
				  CLOSE_GUEST);
	case EVTCHNOP_send:
		return send(cur, ((struct evtchn_send *)arg)->port);
	case EVTCHNOP_status:           return status(cur, arg);
	case EVTCHNOP_bind_vcpu:        return bind_vcpu(cur, arg);
	case EVTCHNOP_unmask:
		return unmask(cur, ((struct evtchn_unmask *)arg)->port);
	case EVTCHNOP_reset:
		return reset(cur, ((struct evtchn_reset *)arg)->dom);
	default:                        /* the FIFO ABI included */
		return -ENOSYS;
	}
}

size_t evtchn_op_arg_size(unsigned int cmd, bool *copy_out)
{
	static const struct { uint8_t size; bool out; } ops[] = {
		[EVTCHNOP_bind_interdomain] = { sizeof(struct evtchn_bind_interdomain), true },
		[EVTCHNOP_bind_virq]      = { sizeof(struct evtchn_bind_virq), true },
		[EVTCHNOP_bind_pirq]      = { sizeof(struct evtchn_bind_pirq), true },
		[EVTCHNOP_close]          = { sizeof(struct evtchn_close), false },
		[EVTCHNOP_send]           = { sizeof(struct evtchn_send), false },
		[EVTCHNOP_status]         = { sizeof(struct evtchn_status), true },
		[EVTCHNOP_alloc_unbound]  = { sizeof(struct evtchn_alloc_unbound), true },
		[EVTCHNOP_bind_ipi]       = { sizeof(struct evtchn_bind_ipi), true },
		[EVTCHNOP_bind_vcpu]      = { sizeof(struct evtchn_bind_vcpu), false },
		[EVTCHNOP_unmask]         = { sizeof(struct evtchn_unmask), false },
		[EVTCHNOP_reset]          = { sizeof(struct evtchn_reset), false },
	};

	if (cmd >= ARRAY_SIZE(ops))
		return 0;
	*copy_out = ops[cmd].out;
	return ops[cmd].size;
}
