/* Event channels: the guest's EVTCHNOP_* commands that inspect or move ports. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "lib.h"
#include "spinlock.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

static long status(struct domain *cur, struct evtchn_status *s)
{
	struct domain *d = domain_lookup_any(cur, s->dom);
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	chn = evtchn_from_port(d, s->port);
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
	case ECS_PIRQ:
		s->status = EVTCHNSTAT_pirq;
		s->u.pirq = chn->pirq;
		break;
	default:
		s->status = EVTCHNSTAT_closed;
	}
	s->vcpu = chn->notify_vcpu_id;
out:
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return rc;
}

/* Global VIRQs, unbound, interdomain and pirq ports may move (Xen). */
static long bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (!evtchn_vcpu(d, b->vcpu))
		return -ENOENT;
	flags = spin_lock_irqsave(&d->evtchn_lock);
	chn = evtchn_from_port(d, b->port);
	switch (chn ? chn->state : ECS_FREE) {
	case ECS_VIRQ:
		if (!virq_is_global(chn->virq)) {
			rc = -EINVAL;
			break;
		}
		/* fall through */
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_PIRQ:
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
	struct evtchn *chn = evtchn_from_port(d, port);

	if (chn)
		evtchn_2l_unmask(d->vcpu[chn->notify_vcpu_id], port);
	spin_unlock_irqrestore(&d->evtchn_lock, flags);
	return chn ? 0 : -EINVAL;
}

/* Close every port of dom except hypervisor-bound ones (Xen's reset). */
static long reset(struct domain *cur, domid_t dom)
{
	struct domain *d = domain_lookup_any(cur, dom);

	if (!d)
		return -ESRCH;
	if (d != cur && !cur->is_privileged)
		return -EPERM;
	for (uint32_t port = 1; port < EVTCHN_NR_PORTS; port++)
		evtchn_close_port(d, port, CLOSE_RESET);
	return 0;
}

long evtchn_do_op(struct domain *cur, unsigned int cmd, void *arg)
{
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:    return evtchn_alloc_unbound(cur, arg);
	case EVTCHNOP_bind_interdomain: return evtchn_bind_interdomain(cur, arg);
	case EVTCHNOP_bind_virq:        return evtchn_bind_virq(cur, arg);
	case EVTCHNOP_bind_ipi:         return evtchn_bind_ipi(cur, arg);
	case EVTCHNOP_bind_pirq:        return evtchn_bind_pirq(cur, arg);
	case EVTCHNOP_close:
		return evtchn_close_port(cur, ((struct evtchn_close *)arg)->port,
					 CLOSE_GUEST);
	case EVTCHNOP_send:
		return evtchn_send(cur, ((struct evtchn_send *)arg)->port);
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
