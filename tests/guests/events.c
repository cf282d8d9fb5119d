/* Test kernel: event channels (loopback, IPI, VIRQ, status, close) and hostile use. */
#include "rt_mm.h"
#include <xen/event_channel.h>

#define P  0x001UL
#define HV_ADDRESS 0xffff830000000000UL   /* the hypervisor's direct map */
#define SCRATCH_OFF 3840                  /* unused tail of shared_info */

static volatile struct shared_info *si;   /* writable mapping */
static const volatile uint8_t *si_ro;     /* read-only mapping, same frame */

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static long alloc_unbound(domid_t dom, domid_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
	long rc = evop(EVTCHNOP_alloc_unbound, &a);

	*port = a.port;
	return rc;
}

static long bind_idom(domid_t dom, uint32_t rport, uint32_t *lport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = dom,
					     .remote_port = rport };
	long rc = evop(EVTCHNOP_bind_interdomain, &b);

	*lport = b.local_port;
	return rc;
}

static long bind_virq(uint32_t virq, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = evop(EVTCHNOP_bind_virq, &b);

	*port = b.port;
	return rc;
}

static long port_op(unsigned int cmd, uint32_t port)
{
	return evop(cmd, &port);    /* close, send, unmask */
}

static long status(domid_t dom, uint32_t port, struct evtchn_status *s)
{
	*s = (struct evtchn_status){ .dom = dom, .port = port };
	return evop(EVTCHNOP_status, s);
}

static bool pending(uint32_t p)
{
	return si->evtchn_pending[p / 64] >> (p % 64) & 1;
}

static void clear_events(void)
{
	for (int i = 0; i < 64; i++)
		si->evtchn_pending[i] = 0;
	si->vcpu_info[0].evtchn_pending_sel = 0;
	si->vcpu_info[0].evtchn_upcall_pending = 0;
}

/* The 2-level bits after raising port p: pending, selector, upcall. */
#define expect_raised(p, sel, up) rt_check(pending(p) && \
	((si->vcpu_info[0].evtchn_pending_sel >> ((p) / 64)) & 1) == (sel) && \
	si->vcpu_info[0].evtchn_upcall_pending == (up), \
	"port %u: pending %d, sel %#lx, upcall_pending %u (want sel %d up %d)", \
	(p), pending(p), (unsigned long)si->vcpu_info[0].evtchn_pending_sel, \
	si->vcpu_info[0].evtchn_upcall_pending, (sel), (up))

static void map_shared_info(void)
{
	unsigned long ro = rt_va_of(rt_region_pages() - 2);

	si = rt_map_shared_info();
	rt_expect(rt_uvm(ro, (rt_start_info->shared_info & RT_ADDR_MASK) | P,
			 UVMF_INVLPG), 0);
	si_ro = (const volatile uint8_t *)ro;
	rt_check(si->vcpu_info[0].evtchn_upcall_mask == 1,
		 "upcalls masked at start, saw mask %u",
		 si->vcpu_info[0].evtchn_upcall_mask);
}

static void loopback(domid_t *self)
{
	struct evtchn_status s;
	uint32_t a, b, again;

	rt_expect(alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0);
	rt_expect(status(DOMID_SELF, a, &s), 0);
	rt_check(s.status == EVTCHNSTAT_unbound && s.vcpu == 0,
		 "unbound port %u: status %u vcpu %u", a, s.status, s.vcpu);
	*self = s.u.unbound.dom;
	rt_printf("events: domain id %u, first free port %u\n", *self, a);
	rt_expect(bind_idom(DOMID_SELF, a, &b), 0);
	rt_check(b > a, "local port %u after %u (lowest free first)", b, a);
	/* Xen raises the new local port at bind time. */
	expect_raised(b, 1, 1);
	rt_expect(status(DOMID_SELF, b, &s), 0);
	rt_check(s.status == EVTCHNSTAT_interdomain && s.u.interdomain.dom == *self
		 && s.u.interdomain.port == a, "port %u: status %u dom %u port %u",
		 b, s.status, s.u.interdomain.dom, s.u.interdomain.port);
	rt_expect(status(*self, a, &s), 0);
	rt_check(s.status == EVTCHNSTAT_interdomain && s.u.interdomain.port == b,
		 "port %u: status %u port %u", a, s.status, s.u.interdomain.port);

	/* Send raises the other end, with upcalls still masked. */
	clear_events();
	rt_expect(port_op(EVTCHNOP_send, b), 0);
	expect_raised(a, 1, 1);
	rt_check(!pending(b), "send on %u raised %u itself", b, b);
	rt_check(si->vcpu_info[0].evtchn_upcall_mask == 1, "upcall mask changed");
	/* Masked: pending only; unmask raises selector and upcall. */
	clear_events();
	si->evtchn_mask[a / 64] |= 1UL << (a % 64);
	rt_expect(port_op(EVTCHNOP_send, b), 0);
	expect_raised(a, 0, 0);
	rt_expect(port_op(EVTCHNOP_unmask, a), 0);
	rt_check(!(si->evtchn_mask[a / 64] >> (a % 64) & 1), "mask bit still set");
	expect_raised(a, 1, 1);

	/* Close: the peer goes back to unbound, offered to us. */
	rt_expect(port_op(EVTCHNOP_close, a), 0);
	rt_check(!pending(a), "close clears pending");
	rt_expect(status(DOMID_SELF, b, &s), 0);
	rt_check(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == *self,
		 "peer after close: status %u dom %u", s.status, s.u.unbound.dom);
	clear_events();
	rt_expect(port_op(EVTCHNOP_send, b), 0);       /* dropped, as Xen */
	rt_check(!pending(a) && !pending(b), "send on unbound raised something");
	rt_expect(port_op(EVTCHNOP_send, a), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_close, a), -XEN_EINVAL);
	rt_expect(alloc_unbound(DOMID_SELF, *self, &again), 0);
	rt_check(again == a, "lowest free port: %u, expected %u", again, a);
	rt_expect(port_op(EVTCHNOP_close, again), 0);
	rt_expect(port_op(EVTCHNOP_close, b), 0);
}

static void ipi_and_virq(void)
{
	struct evtchn_status s;
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };
	struct evtchn_bind_vcpu bv;
	uint32_t d, x;

	rt_expect(evop(EVTCHNOP_bind_ipi, &ipi), 0);
	clear_events();
	rt_expect(port_op(EVTCHNOP_send, ipi.port), 0);
	expect_raised(ipi.port, 1, 1);
	rt_expect(status(DOMID_SELF, ipi.port, &s), 0);
	rt_check(s.status == EVTCHNSTAT_ipi && s.vcpu == 0, "ipi status %u vcpu %u",
		 s.status, s.vcpu);
	bv = (struct evtchn_bind_vcpu){ .port = ipi.port, .vcpu = 0 };
	rt_expect(evop(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	ipi.vcpu = 1;
	rt_expect(evop(EVTCHNOP_bind_ipi, &ipi), -XEN_ENOENT);

	rt_expect(bind_virq(VIRQ_DEBUG, 0, &d), 0);
	rt_expect(status(DOMID_SELF, d, &s), 0);
	rt_check(s.status == EVTCHNSTAT_virq && s.u.virq == VIRQ_DEBUG &&
		 s.vcpu == 0, "virq status %u virq %u vcpu %u", s.status,
		 s.u.virq, s.vcpu);
	rt_expect(bind_virq(VIRQ_DEBUG, 0, &x), -XEN_EEXIST);
	rt_expect(bind_virq(NR_VIRQS, 0, &x), -XEN_EINVAL);
	rt_expect(bind_virq(0xffffffff, 0, &x), -XEN_EINVAL);
	rt_expect(bind_virq(VIRQ_TIMER, 1, &x), -XEN_ENOENT);     /* no vCPU 1 */
	rt_expect(bind_virq(VIRQ_TIMER, 40, &x), -XEN_ENOENT);
	rt_expect(bind_virq(VIRQ_CONSOLE, 1, &x), -XEN_EINVAL);   /* global */
	rt_expect(port_op(EVTCHNOP_send, d), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_close, d), 0);
	rt_expect(bind_virq(VIRQ_DEBUG, 0, &x), 0);
	rt_check(x == d, "VIRQ_DEBUG rebinds on the freed port %u, got %u", d, x);
	rt_expect(port_op(EVTCHNOP_close, x), 0);
	rt_expect(port_op(EVTCHNOP_close, ipi.port), 0);
}

static void hostile(domid_t self)
{
	struct evtchn_status s;
	struct evtchn_reset r = { .dom = 7 };
	struct evtchn_op cop = { .cmd = EVTCHNOP_status };
	struct evtchn_bind_vcpu bv;
	volatile struct evtchn_status *scratch =
		(volatile struct evtchn_status *)((volatile uint8_t *)si + SCRATCH_OFF);
	uint32_t p, q;
	uint64_t buf[4] = { 0 };

	/* Other and missing domains. */
	rt_expect(alloc_unbound(7, DOMID_SELF, &p), -XEN_ESRCH);
	rt_expect(alloc_unbound(self + 1, DOMID_SELF, &p), -XEN_ESRCH);
	rt_expect(alloc_unbound(self, DOMID_SELF, &p), 0);   /* our own id */
	rt_expect(port_op(EVTCHNOP_close, p), 0);
	rt_expect(bind_idom(7, 1, &p), -XEN_ESRCH);
	rt_expect(bind_idom(DOMID_XEN, 1, &p), -XEN_ESRCH);
	rt_expect(status(7, 1, &s), -XEN_ESRCH);
	rt_expect(evop(EVTCHNOP_reset, &r), -XEN_ESRCH);
	/* Our own port offered to another domain, a free port, port 0. */
	rt_expect(alloc_unbound(DOMID_SELF, 7, &p), 0);
	rt_expect(bind_idom(DOMID_SELF, p, &q), -XEN_EINVAL);
	bv = (struct evtchn_bind_vcpu){ .port = p, .vcpu = 0 };
	rt_expect(evop(EVTCHNOP_bind_vcpu, &bv), 0);         /* unbound: movable */
	bv.vcpu = 1;
	rt_expect(evop(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT);
	bv = (struct evtchn_bind_vcpu){ .port = EVTCHN_2L_NR_CHANNELS };
	rt_expect(evop(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	rt_expect(bind_idom(DOMID_SELF, p + 1, &q), -XEN_EINVAL);
	rt_expect(bind_idom(DOMID_SELF, 0, &q), -XEN_EINVAL);
	rt_expect(bind_idom(DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &q), -XEN_EINVAL);
	/* Ports out of range. */
	rt_expect(port_op(EVTCHNOP_send, EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_send, 0xffffffff), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_close, 0), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_unmask, EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
	rt_expect(status(DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &s), -XEN_EINVAL);
	/* Bad guest pointers: unmapped, hypervisor, read-only for an OUT. */
	rt_expect(evop(EVTCHNOP_send, NULL), -XEN_EFAULT);
	rt_expect(evop(EVTCHNOP_status, (void *)0x1000), -XEN_EFAULT);
	rt_expect(evop(EVTCHNOP_alloc_unbound, (void *)HV_ADDRESS), -XEN_EFAULT);
	scratch->dom = DOMID_SELF;
	scratch->port = p;
	rt_expect(evop(EVTCHNOP_status, (void *)(si_ro + SCRATCH_OFF)), -XEN_EFAULT);
	rt_expect(evop(EVTCHNOP_status, (void *)scratch), 0);
	rt_check(scratch->status == EVTCHNSTAT_unbound && scratch->u.unbound.dom == 7,
		 "status through shared_info: %u %u", scratch->status,
		 scratch->u.unbound.dom);
	/* Unknown commands and the FIFO ABI. */
	rt_expect(evop(EVTCHNOP_init_control, buf), -XEN_ENOSYS);
	rt_expect(evop(EVTCHNOP_expand_array, buf), -XEN_ENOSYS);
	rt_expect(evop(EVTCHNOP_set_priority, buf), -XEN_ENOSYS);
	rt_expect(evop(14, buf), -XEN_ENOSYS);
	rt_expect(evop(0x12345678, NULL), -XEN_ENOSYS);
	/* The compat form. */
	cop.u.status.dom = DOMID_SELF;
	cop.u.status.port = p;
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op_compat, &cop, 0), 0);
	rt_check(cop.u.status.status == EVTCHNSTAT_unbound, "compat status %u",
		 cop.u.status.status);
	cop.cmd = EVTCHNOP_reset;
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op_compat, &cop, 0),
		  -XEN_ENOSYS);
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op_compat, HV_ADDRESS, 0),
		  -XEN_EFAULT);
	/* Reset closes everything. */
	r.dom = DOMID_SELF;
	rt_expect(evop(EVTCHNOP_reset, &r), 0);
	rt_expect(status(DOMID_SELF, p, &s), 0);
	rt_check(s.status == EVTCHNSTAT_closed, "after reset: status %u", s.status);
}

void test_main(void)
{
	domid_t self = 0;

	map_shared_info();
	if (!si)
		return;
	loopback(&self);
	ipi_and_virq();
	hostile(self);
	rt_printf("events: done\n");
}
