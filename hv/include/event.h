/* Event channels (Xen's 2-level ABI): per-domain ports and how they fire. */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include "types.h"
#include "domain.h"
#include <xen/xen.h>
#include <xen/event_channel.h>

/* Ports of the 64-bit 2-level ABI; port 0 is reserved, as in Xen. */
#define EVTCHN_NR_PORTS 4096

/* Port states, Xen's ECS_*; ECS_XEN is our hypervisor-bound kind. */
#define ECS_FREE         0  /* not in use */
#define ECS_RESERVED     1  /* port 0: never allocated */
#define ECS_UNBOUND      2  /* offered to remote_domid */
#define ECS_INTERDOMAIN  3  /* connected to remote_dom:remote_port */
#define ECS_PIRQ         4  /* bound to physical IRQ pirq (dom0's GSIs) */
#define ECS_VIRQ         5  /* bound to virq on notify_vcpu_id */
#define ECS_IPI          6  /* bound to notify_vcpu_id */
#define ECS_XEN          7  /* other end is the hypervisor (see below) */

/* One port. Changed only under its domain's evtchn_lock. */
struct evtchn {
	uint8_t state;               /* ECS_* */
	uint8_t notify_vcpu_id;      /* vCPU whose selector/upcall it raises */
	uint16_t remote_port;        /* ECS_INTERDOMAIN */
	domid_t remote_domid;        /* ECS_UNBOUND: who may bind to it */
	uint16_t virq;               /* ECS_VIRQ */
	uint16_t pirq;               /* ECS_PIRQ */
	union {
		struct domain *remote_dom;                       /* INTERDOMAIN */
		void (*xen_notify)(struct domain *d, unsigned int port); /* XEN */
	} u;
};

/* A domain's event-channel state (d->evtchn). */
struct evtchn_domain {
	bool dying;                  /* evtchn_destroy running: no new binds */
	struct evtchn port[EVTCHN_NR_PORTS];
	uint16_t virq_to_port[MAX_VIRT_CPUS_PER_DOMAIN][NR_VIRQS];
};

/* Set up d's ports (all free, port 0 reserved): 0 or -ENOMEM. */
int evtchn_init(struct domain *d);

/*
 * Close every port of d (interdomain peers go back to unbound with
 * remote = d, as Xen) and free the state. Idempotent. Call before d's
 * shared_info is released.
 */
void evtchn_destroy(struct domain *d);

/*
 * EVTCHNOP_* on behalf of the domain `cur` (the caller), with the
 * command's argument struct already copied in; OUT fields are filled in
 * on success. Returns 0 or Xen's negative error code; -ENOSYS for an
 * unknown command or the FIFO ABI.
 */
long evtchn_do_op(struct domain *cur, unsigned int cmd, void *arg);

/* Size of cmd's argument struct and whether it has OUT fields; 0 if unknown. */
size_t evtchn_op_arg_size(unsigned int cmd, bool *copy_out);

/*
 * Xen's 2-level raise of port on v (its domain's shared_info and
 * v->vcpu_info): if the pending bit was clear, set it; then if unmasked
 * and the selector bit was clear, set it and evtchn_upcall_pending and
 * vcpu_wake(v); then sched_port_pending(d, port).
 */
void evtchn_set_pending(struct vcpu *v, unsigned int port);

/* Xen's vcpu_mark_events_pending: set evtchn_upcall_pending, wake v. */
void vcpu_mark_events_pending(struct vcpu *v);

/* Xen's local_events_need_delivery: an upcall is pending and unmasked. */
static inline bool local_events_need_delivery(const struct vcpu *v)
{
	return v->vcpu_info->evtchn_upcall_pending &&
	       !v->vcpu_info->evtchn_upcall_mask;
}

/* ---- internal to hv/event_*.c ---- */

/* The vCPU id of d, or NULL if d has no such vCPU. */
static inline struct vcpu *evtchn_vcpu(struct domain *d, uint32_t id)
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
static inline bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/* d's channel for port, or NULL (out of range, no state). Under d's lock. */
static inline struct evtchn *evtchn_from_port(struct domain *d, uint32_t port)
{
	if (!d->evtchn || port >= EVTCHN_NR_PORTS)
		return NULL;
	return &d->evtchn->port[port];
}

/*
 * Xen's get_free_port: d's lowest free port, -ESRCH if d has no event
 * state or is dying, -ENOSPC if all are in use. Under d's lock.
 */
int evtchn_get_free_port(struct domain *d);

/* EVTCHNOP_alloc_unbound, bind_interdomain, bind_virq, bind_ipi, send
 * (hv/event_channel.c), for the dispatcher in hv/event_op.c. */
long evtchn_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a);
long evtchn_bind_interdomain(struct domain *cur, struct evtchn_bind_interdomain *b);
long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *b);
long evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *b);
long evtchn_send(struct domain *d, uint32_t port);
/* EVTCHNOP_bind_pirq (port reserved here, the binding in hv/pirq.c). */
long evtchn_bind_pirq(struct domain *d, struct evtchn_bind_pirq *b);

/*
 * Xen's evtchn_close: CLOSE_GUEST refuses a hypervisor-bound port
 * (-EINVAL), CLOSE_RESET leaves it alone, CLOSE_ALL closes it too.
 * -EINVAL for a free or out-of-range port.
 */
enum close_mode { CLOSE_GUEST, CLOSE_RESET, CLOSE_ALL };
long evtchn_close_port(struct domain *d, uint32_t port, enum close_mode mode);

/* The 2-level bit operations behind close and unmask (hv/event_2l.c). */
void evtchn_2l_clear_pending(struct domain *d, unsigned int port);
void evtchn_2l_unmask(struct vcpu *v, unsigned int port);

/* ---- for the rest of the hypervisor ---- */

/* Raise v's binding of a per-vCPU VIRQ; false if it is not bound. */
bool send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* Raise d's binding of a global VIRQ on its notify vCPU; false if unbound. */
bool send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * Xen's send_global_virq: VIRQ_DOM_EXC or VIRQ_CON_RING to the hardware
 * domain, the only domain that may bind them (others get -EBUSY); a
 * no-op until it has. VIRQ_CON_RING is not sent from here but from the
 * scheduler tick, when the log ring has grown (log_ring_take_grown).
 */
void send_global_virq(unsigned int virq);

/*
 * d (the hardware domain) bound virq, one of virq_is_hwdom_only: it is
 * where send_global_virq goes from now on; VIRQ_CON_RING's tick hook is
 * registered at its first bind. Called outside d's event lock.
 */
void evtchn_note_global_virq(struct domain *d, unsigned int virq);

/* The VIRQs that only the hardware domain binds (Xen's global handlers). */
static inline bool virq_is_hwdom_only(unsigned int virq)
{
	return virq == VIRQ_DOM_EXC || virq == VIRQ_CON_RING;
}

/* Is port's pending bit set in d's shared_info? (SCHEDOP_poll) */
bool evtchn_port_is_pending(struct domain *d, unsigned int port);

/*
 * Hypervisor-bound ports (ECS_XEN), for the hypervisor's own back ends.
 * evtchn_alloc_xen_port gives d's lowest free port (or -ENOSPC/-ESRCH);
 * EVTCHNOP_status reports it as interdomain with dom = DOMID_XEN, port 0.
 * An EVTCHNOP_send on it by d calls notify(d, port) in the hypervisor
 * (outside the event lock). The guest cannot close it, re-bind it to
 * another vCPU, or lose it to EVTCHNOP_reset (all as Xen's xen_consumer
 * ports); evtchn_free_xen_port closes it, evtchn_destroy does too.
 */
int evtchn_alloc_xen_port(struct domain *d,
			  void (*notify)(struct domain *d, unsigned int port));
void evtchn_free_xen_port(struct domain *d, unsigned int port);

/* Log every port of d in use, its state, pending and mask bits ('e' key). */
void evtchn_dump(struct domain *d);

/* Raise a hypervisor-bound port for the guest: 0, or -EINVAL if port is not one. */
int evtchn_notify_xen_port(struct domain *d, unsigned int port);

#endif
