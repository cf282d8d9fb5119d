/* Test kernel trio: c tries to take, inspect and close the port a offered to b; a and b still talk. */
#include "rt_mm.h"
#include <xen/event_channel.h>

/*
 * Command line: "role=a|b|c dom_a=N dom_b=N dom_c=N". a offers port 2
 * to c and port 3 to b (control channels) and port 4 to b (the target):
 * its lowest free ports, as the builder gave port 1 to the console.
 * Steps, each started by an event on a control channel:
 *   1. c, with the target unbound for b: bind, status, alloc_unbound and
 *      reset naming a, and its own free port 3 (send, close, bind_vcpu):
 *      refused.
 *   2. b binds the target; a sees it bound to b's port.
 *   3. c again, with the target bound: every bind to a's or b's ports
 *      refused.
 *   4. a and b bounce ROUNDS events over the target; b closes its end
 *      (a's target is unbound for b again), sends on the closed port,
 *      binds it again.
 * a checks after each of c's rounds that the target is as it was.
 *   5. a exits: c's control port is unbound (for a), a is -ESRCH.
 */
#define PORT_C 2     /* a's control port for c */
#define PORT_B 3     /* a's control port for b */
#define TARGET 4     /* a's port for b that c goes after */
#define ROUNDS 100
#define LIMIT 10000000UL              /* yields before a wait gives up */

static volatile struct shared_info *si;
static domid_t dom_a, dom_b, dom_c;

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static long port_op(unsigned int cmd, uint32_t port)
{
	return evop(cmd, &port);      /* send, close, unmask */
}

/* Wait for port's pending bit, then clear it; false after LIMIT yields. */
static bool wait_and_clear(uint32_t port)
{
	return rt_wait_port(si, port, LIMIT);
}

static long bind_idom(domid_t dom, uint32_t rport, uint32_t *lport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = dom,
					     .remote_port = rport };
	long rc = evop(EVTCHNOP_bind_interdomain, &b);

	if (!rc && lport)
		*lport = b.local_port;
	return rc;
}

/* bind_interdomain, retried while the peer has not offered the port. */
static uint32_t bind_retry(domid_t dom, uint32_t rport)
{
	uint32_t port = 0;
	long rc = -XEN_EINVAL;

	for (unsigned long i = 0; i < LIMIT && rc; i++)
		if ((rc = bind_idom(dom, rport, &port)))
			rt_yield();
	rt_expect(rc, 0);
	/* Xen raises a freshly bound port; that one is no message. */
	rt_check(!rc && wait_and_clear(port), "port %u not raised at bind", port);
	return rc ? 0 : port;
}

/* EVTCHNOP_status of dom's port: the call's result; *s filled. */
static long status(domid_t dom, uint32_t port, struct evtchn_status *s)
{
	s->dom = dom;
	s->port = port;
	return evop(EVTCHNOP_status, s);
}

/* a's own port p: unbound for dom (rport 0), or connected to dom:rport. */
static void expect_port(uint32_t p, domid_t dom, uint32_t rport, const char *when)
{
	struct evtchn_status s;

	rt_expect(status(DOMID_SELF, p, &s), 0);
	if (!rport)
		rt_check(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == dom,
			 "%s: port %u status %u dom %u, expected unbound for %u",
			 when, p, s.status, s.u.unbound.dom, dom);
	else
		rt_check(s.status == EVTCHNSTAT_interdomain &&
			 s.u.interdomain.dom == dom && s.u.interdomain.port == rport,
			 "%s: port %u status %u dom %u port %u, expected %u:%u",
			 when, p, s.status, s.u.interdomain.dom,
			 s.u.interdomain.port, dom, rport);
}

static void role_a(void)
{
	struct evtchn_alloc_unbound to_c = { .dom = DOMID_SELF, .remote_dom = dom_c };
	struct evtchn_alloc_unbound to_b = { .dom = DOMID_SELF, .remote_dom = dom_b };
	struct evtchn_status s;
	uint32_t ports[3], lb;
	unsigned long i;

	rt_expect(evop(EVTCHNOP_alloc_unbound, &to_c), 0);
	ports[0] = to_c.port;
	rt_expect(evop(EVTCHNOP_alloc_unbound, &to_b), 0);
	ports[1] = to_b.port;
	rt_expect(evop(EVTCHNOP_alloc_unbound, &to_b), 0);
	ports[2] = to_b.port;
	rt_check(ports[0] == PORT_C && ports[1] == PORT_B && ports[2] == TARGET,
		 "my ports %u %u %u, expected %u %u %u", ports[0], ports[1],
		 ports[2], PORT_C, PORT_B, TARGET);
	for (i = 0; i < LIMIT; i++) {
		rt_expect(status(DOMID_SELF, PORT_C, &s), 0);
		if (s.status == EVTCHNSTAT_interdomain) {
			rt_expect(status(DOMID_SELF, PORT_B, &s), 0);
			if (s.status == EVTCHNSTAT_interdomain)
				break;
		}
		rt_yield();
	}
	rt_check(i < LIMIT, "b and c never bound their control ports");

	rt_expect(port_op(EVTCHNOP_send, PORT_C), 0);         /* c: round 1 */
	rt_check(wait_and_clear(PORT_C), "c never finished round 1");
	expect_port(TARGET, dom_b, 0, "after c's round 1");
	rt_expect(port_op(EVTCHNOP_send, PORT_B), 0);         /* b: bind 3 */
	rt_check(wait_and_clear(PORT_B), "b never said it bound the target port");
	rt_expect(status(DOMID_SELF, TARGET, &s), 0);
	lb = s.u.interdomain.port;
	expect_port(TARGET, dom_b, lb, "after b bound it");
	rt_expect(port_op(EVTCHNOP_send, PORT_C), 0);         /* c: round 2 */
	rt_check(wait_and_clear(PORT_C), "c never finished round 2");
	expect_port(TARGET, dom_b, lb, "after c's round 2");

	rt_expect(port_op(EVTCHNOP_send, PORT_B), 0);         /* b: ping */
	for (i = 0; i < ROUNDS; i++) {
		if (!wait_and_clear(TARGET)) {
			rt_fail("round %lu: no event from b", i);
			return;
		}
		rt_expect(port_op(EVTCHNOP_send, TARGET), 0);
	}
	rt_check(wait_and_clear(PORT_B), "b never said it closed its end");
	expect_port(TARGET, dom_b, 0, "after b closed its end");
	rt_expect(port_op(EVTCHNOP_send, TARGET), 0);          /* unbound: dropped */
	rt_printf("evtchn_trio a: %d events from b on port %u (b's port %u)\n",
		  ROUNDS, TARGET, lb);
}

static void role_b(void)
{
	uint32_t ctl = bind_retry(dom_a, PORT_B), lb, again;
	struct evtchn_status s;
	unsigned int i;

	if (!ctl)
		return;
	rt_check(wait_and_clear(ctl), "no word from a to bind the target port");
	lb = bind_retry(dom_a, TARGET);
	if (!lb)
		return;
	rt_expect(status(DOMID_SELF, lb, &s), 0);
	rt_check(s.status == EVTCHNSTAT_interdomain && s.u.interdomain.dom == dom_a &&
		 s.u.interdomain.port == TARGET, "my port %u: status %u %u:%u", lb,
		 s.status, s.u.interdomain.dom, s.u.interdomain.port);
	rt_expect(port_op(EVTCHNOP_send, ctl), 0);       /* bound */
	rt_check(wait_and_clear(ctl), "no word from a to start");
	for (i = 0; i < ROUNDS; i++) {
		rt_expect(port_op(EVTCHNOP_send, lb), 0);
		if (!wait_and_clear(lb)) {
			rt_fail("round %u: no answer from a", i);
			return;
		}
	}
	/* Close my end: sends on it are refused, a's end is mine to bind again. */
	rt_expect(port_op(EVTCHNOP_close, lb), 0);
	rt_expect(port_op(EVTCHNOP_send, lb), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_close, lb), -XEN_EINVAL);
	rt_expect(status(DOMID_SELF, lb, &s), 0);
	rt_check(s.status == EVTCHNSTAT_closed, "closed port: status %u", s.status);
	again = bind_retry(dom_a, TARGET);
	rt_expect(port_op(EVTCHNOP_close, again), 0);
	rt_expect(port_op(EVTCHNOP_send, ctl), 0);       /* closed */
	rt_printf("evtchn_trio b: %u round trips on port %u\n", i, lb);
}

/* c's refusals that hold whether a's target port is unbound or bound. */
static void c_refused(void)
{
	struct evtchn_alloc_unbound au = { .dom = dom_a, .remote_dom = dom_c };
	struct evtchn_reset r = { .dom = dom_a };
	struct evtchn_bind_vcpu bv = { .port = 3, .vcpu = 0 };
	struct evtchn_status s;

	rt_expect(bind_idom(dom_a, TARGET, NULL), -XEN_EINVAL);
	rt_expect(status(dom_a, TARGET, &s), -XEN_EPERM);
	rt_expect(status(dom_b, 1, &s), -XEN_EPERM);
	rt_expect(evop(EVTCHNOP_alloc_unbound, &au), -XEN_EPERM);
	au.remote_dom = dom_b;
	rt_expect(evop(EVTCHNOP_alloc_unbound, &au), -XEN_EPERM);
	rt_expect(evop(EVTCHNOP_reset, &r), -XEN_EPERM);
	/* Port 3 in my own table is free: nothing of a's. */
	rt_expect(port_op(EVTCHNOP_send, 3), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_close, 3), -XEN_EINVAL);
	rt_expect(evop(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	rt_expect(status(DOMID_SELF, 3, &s), 0);
	rt_check(s.status == EVTCHNSTAT_closed, "my port 3: status %u", s.status);
}

/* c, once a is gone: its end of the control channel is unbound, for a. */
static void c_after_a(uint32_t ctl)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = dom_a };
	struct evtchn_status s = { .status = EVTCHNSTAT_interdomain };

	for (unsigned long i = 0; i < LIMIT && s.status == EVTCHNSTAT_interdomain;
	     i++) {
		rt_expect(status(DOMID_SELF, ctl, &s), 0);
		rt_yield();
	}
	rt_check(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == dom_a,
		 "my control port after a died: status %u dom %u", s.status,
		 s.u.unbound.dom);
	rt_expect(port_op(EVTCHNOP_send, ctl), 0);            /* dropped */
	rt_expect(bind_idom(dom_a, PORT_C, NULL), -XEN_ESRCH);
	rt_expect(bind_idom(dom_a, TARGET, NULL), -XEN_ESRCH);
	rt_expect(status(dom_a, PORT_C, &s), -XEN_ESRCH);
	rt_expect(evop(EVTCHNOP_alloc_unbound, &au), 0);      /* for nobody */
	rt_expect(port_op(EVTCHNOP_close, au.port), 0);
	rt_expect(port_op(EVTCHNOP_close, ctl), 0);
	rt_printf("evtchn_trio c: a's death left my port unbound\n");
}

static void role_c(void)
{
	uint32_t ctl = bind_retry(dom_a, PORT_C);

	if (!ctl)
		return;
	rt_check(wait_and_clear(ctl), "no word from a for round 1");
	c_refused();
	rt_expect(port_op(EVTCHNOP_send, ctl), 0);
	rt_check(wait_and_clear(ctl), "no word from a for round 2");
	c_refused();
	rt_expect(bind_idom(dom_a, PORT_C, NULL), -XEN_EINVAL);   /* mine, bound */
	rt_expect(bind_idom(dom_a, PORT_B, NULL), -XEN_EINVAL);   /* b's control */
	for (uint32_t p = 1; p <= 3; p++)
		rt_expect(bind_idom(dom_b, p, NULL), -XEN_EINVAL);
	rt_expect(port_op(EVTCHNOP_send, ctl), 0);
	rt_printf("evtchn_trio c: every attempt on a's and b's ports refused\n");
	c_after_a(ctl);
}

void test_main(void)
{
	long a = rt_cmdline_number("dom_a"), b = rt_cmdline_number("dom_b");
	long c = rt_cmdline_number("dom_c");
	char role = rt_cmdline_is("role", "a") ? 'a' : rt_cmdline_is("role", "b") ?
		    'b' : rt_cmdline_is("role", "c") ? 'c' : 0;

	rt_check(a > 0 && b > 0 && c > 0 && role, "need role=a|b|c dom_a=N "
		 "dom_b=N dom_c=N, command line \"%s\"",
		 (char *)rt_start_info->cmd_line);
	if (a <= 0 || b <= 0 || c <= 0 || !role)
		return;
	dom_a = a, dom_b = b, dom_c = c;
	si = rt_map_shared_info();
	if (role == 'a')
		role_a();
	else if (role == 'b')
		role_b();
	else
		role_c();
}
