/* Unit tests: event channels for the hypervisor (VIRQs, destroy, exhaustion, its own ports). */
#include <string.h>
#include "harness.h"
#include "event_fixture.h"
#include "log.h"

START_TEST(virqs)
{
	struct evtchn_status s;
	uint32_t t0, t1, c;

	ck_assert_int_eq(bind_virq(D1, VIRQ_TIMER, 0, &t0), 0);
	ck_assert_int_eq(bind_virq(D1, VIRQ_TIMER, 1, &t1), 0);
	ck_assert_int_eq(bind_virq(D1, VIRQ_TIMER, 1, NULL), -EEXIST);
	ck_assert_int_eq(bind_virq(D1, NR_VIRQS, 0, NULL), -EINVAL);
	ck_assert_int_eq(bind_virq(D1, 0xffffffff, 0, NULL), -EINVAL);
	ck_assert_int_eq(bind_virq(D1, VIRQ_DEBUG, 2, NULL), -ENOENT);
	ck_assert_int_eq(bind_virq(D1, VIRQ_CONSOLE, 1, NULL), -EINVAL);
	ck_assert_int_eq(bind_virq(D1, VIRQ_DOM_EXC, 1, NULL), -EINVAL);
	ck_assert_int_eq(bind_virq(D1, VIRQ_CONSOLE, 0, &c), 0);
	ck_assert_int_eq(status(D1, DOMID_SELF, t1, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_virq && s.u.virq == VIRQ_TIMER &&
		      s.vcpu == 1, "status %u virq %u vcpu %u", s.status,
		      s.u.virq, s.vcpu);
	/* Raising: per-vCPU on that vCPU, global on its notify vCPU. */
	ck_assert(send_guest_vcpu_virq(&vcpus[1][1], VIRQ_TIMER));
	ck_assert_msg(bit(si[1].evtchn_pending, t1) &&
		      !bit(si[1].evtchn_pending, t0), "timer on vCPU 1 only");
	ck_assert(!send_guest_vcpu_virq(&vcpus[1][1], VIRQ_DEBUG));
	ck_assert(!send_guest_vcpu_virq(&vcpus[1][1], NR_VIRQS));
	ck_assert(!send_guest_global_virq(D1, VIRQ_DOM_EXC));
	/* bind_vcpu: global VIRQs move, per-vCPU ones and IPIs do not. */
	ck_assert_int_eq(bind_vcpu(D1, t0, 1), -EINVAL);
	ck_assert_int_eq(bind_vcpu(D1, c, 2), -ENOENT);
	ck_assert_int_eq(bind_vcpu(D1, c, 1), 0);
	ck_assert(send_guest_global_virq(D1, VIRQ_CONSOLE));
	ck_assert_msg(bit(si[1].evtchn_pending, c) &&
		      si[1].vcpu_info[1].evtchn_pending_sel == 1 &&
		      !si[1].vcpu_info[0].evtchn_pending_sel,
		      "global VIRQ moved to vCPU 1");
	/* Close frees the VIRQ for a new binding. */
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, c), 0);
	ck_assert(!send_guest_global_virq(D1, VIRQ_CONSOLE));
	ck_assert_int_eq(bind_virq(D1, VIRQ_CONSOLE, 0, &c), 0);
	ck_assert_int_eq(status(D1, DOMID_SELF, c, &s), 0);
	ck_assert_msg(s.vcpu == 0, "a reused port notifies vCPU 0, saw %u", s.vcpu);
}
END_TEST

/*
 * VIRQ_DOM_EXC and VIRQ_CON_RING: the hardware domain's alone (-EBUSY
 * for another, Xen 4.21), once (-EEXIST), on vCPU 0 (-EINVAL);
 * send_global_virq raises them there; VIRQ_CON_RING from the tick hook
 * registered at its bind, only when the log ring grew.
 */
START_TEST(hwdom_global_virqs)
{
	uint32_t e, r;

	send_global_virq(VIRQ_DOM_EXC);              /* nobody bound: no-op */
	ck_assert_int_eq(bind_virq(D1, VIRQ_DOM_EXC, 0, NULL), -EBUSY);
	ck_assert_int_eq(bind_virq(D1, VIRQ_CON_RING, 0, NULL), -EBUSY);
	ck_assert_int_eq(bind_virq(D0, VIRQ_DOM_EXC, 0, NULL), -EBUSY);
	D0->is_hwdom = true;
	ck_assert_int_eq(bind_virq(D0, VIRQ_DOM_EXC, 1, NULL), -EINVAL);
	ck_assert_int_eq(bind_virq(D0, VIRQ_DOM_EXC, 0, &e), 0);
	ck_assert_int_eq(bind_virq(D0, VIRQ_DOM_EXC, 0, NULL), -EEXIST);
	ck_assert_msg(tick_hooks_added == 0, "a tick hook before CON_RING");
	ck_assert_int_eq(bind_virq(D0, VIRQ_CON_RING, 0, &r), 0);
	ck_assert_msg(tick_hooks_added == 1 && tick_hook, "tick hooks: %u",
		      tick_hooks_added);
	send_global_virq(VIRQ_DOM_EXC);
	ck_assert_msg(bit(si[0].evtchn_pending, e) &&
		      !bit(si[0].evtchn_pending, r), "DOM_EXC raised alone");
	send_global_virq(VIRQ_DEBUG);                /* not a global one */
	/* The ring: nothing new, nothing raised; a line, raised once. */
	log_ring_take_grown();
	tick_hook();
	ck_assert_msg(!bit(si[0].evtchn_pending, r), "CON_RING with no log");
	printk("a line for the ring\n");
	tick_hook();
	ck_assert_msg(bit(si[0].evtchn_pending, r), "CON_RING not raised");
	ck_assert(!log_ring_take_grown());
	/* Closed and rebound: one hook still. */
	ck_assert_int_eq(simple(D0, EVTCHNOP_close, r), 0);
	ck_assert_int_eq(bind_virq(D0, VIRQ_CON_RING, 0, &r), 0);
	ck_assert_uint_eq(tick_hooks_added, 1);
	/* A dead hardware domain: sends are no-ops. */
	evtchn_destroy(D0);
	send_global_virq(VIRQ_DOM_EXC);
	tick_hook();
}
END_TEST

START_TEST(reset_and_destroy)
{
	struct evtchn_status s;
	uint32_t a, b, x;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &a), 0);
	ck_assert_int_eq(bind_idom(D2, 1, a, &b), 0);
	ck_assert_int_eq(bind_virq(D2, VIRQ_TIMER, 0, NULL), 0);
	x = evtchn_alloc_xen_port(D2, NULL);
	struct evtchn_reset r = { .dom = 1 };
	ck_assert_int_eq(op(D2, EVTCHNOP_reset, &r), -EPERM);
	r.dom = 9;
	ck_assert_int_eq(op(D0, EVTCHNOP_reset, &r), -ESRCH);
	r.dom = DOMID_SELF;
	ck_assert_int_eq(op(D2, EVTCHNOP_reset, &r), 0);
	ck_assert_int_eq(status(D1, DOMID_SELF, a, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 2,
		      "after reset of 2, 1:%u is unbound to 2: %u", a, s.status);
	ck_assert_int_eq(status(D2, DOMID_SELF, x, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_interdomain, "reset keeps the "
		      "hypervisor port, saw status %u", s.status);
	ck_assert_int_eq(bind_virq(D2, VIRQ_TIMER, 0, NULL), 0);
	/* Destroy: the peer goes unbound, the state is freed, twice is fine. */
	ck_assert_int_eq(bind_idom(D2, 1, a, &b), 0);
	evtchn_destroy(D2);
	evtchn_destroy(D2);
	ck_assert_ptr_null(dom[2].evtchn);
	ck_assert_int_eq(status(D1, DOMID_SELF, a, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 2,
		      "after destroy of 2, 1:%u unbound to 2: %u", a, s.status);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, a), 0);
	ck_assert(!send_guest_vcpu_virq(&vcpus[2][0], VIRQ_TIMER));
	ck_assert_int_eq(alloc_unbound(D2, DOMID_SELF, 1, NULL), -ESRCH);
	ck_assert_int_eq(bind_idom(D1, 2, 1, NULL), -EINVAL);
	evtchn_destroy(D0);
	evtchn_destroy(D1);
	ck_assert_msg(live_allocs == 0, "%ld allocations leaked", live_allocs);
}
END_TEST

START_TEST(exhaustion)
{
	uint32_t p = 0;

	for (uint32_t i = 1; i < EVTCHN_NR_PORTS; i++) {
		ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &p), 0);
		ck_assert_uint_eq(p, i);
	}
	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, NULL), -ENOSPC);
	ck_assert_int_eq(bind_ipi(D1, 0, NULL), -ENOSPC);
	ck_assert_int_eq(bind_virq(D1, VIRQ_TIMER, 0, NULL), -ENOSPC);
	ck_assert_int_eq(evtchn_alloc_xen_port(D1, NULL), -ENOSPC);
	ck_assert_int_eq(alloc_unbound(D2, DOMID_SELF, 1, &p), 0);
	ck_assert_int_eq(bind_idom(D1, 2, p, NULL), -ENOSPC);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, 4095), 0);
	ck_assert_int_eq(bind_idom(D1, 2, p, &p), 0);
	ck_assert_uint_eq(p, 4095);
	/* Highest port: selector word 63. */
	memset(&si[1], 0, sizeof(si[1]));
	ck_assert_int_eq(simple(D2, EVTCHNOP_send, 1), 0);
	ck_assert_msg(si[1].vcpu_info[0].evtchn_pending_sel == 1UL << 63 &&
		      si[1].evtchn_pending[63] == 1UL << 63,
		      "port 4095: sel %#lx word %#lx",
		      si[1].vcpu_info[0].evtchn_pending_sel, si[1].evtchn_pending[63]);
}
END_TEST

static struct domain *notified_d;
static unsigned int notified_port, notified;

static void notify_hook(struct domain *d, unsigned int port)
{
	notified_d = d;
	notified_port = port;
	notified++;
}

START_TEST(hypervisor_ports)
{
	struct evtchn_status s;
	int x;

	notified = 0;
	x = evtchn_alloc_xen_port(D1, notify_hook);
	ck_assert_int_eq(x, 1);
	ck_assert_int_eq(status(D1, DOMID_SELF, x, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_interdomain &&
		      s.u.interdomain.dom == DOMID_XEN && s.u.interdomain.port == 0,
		      "status %u dom %#x port %u", s.status, s.u.interdomain.dom,
		      s.u.interdomain.port);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, x), 0);
	ck_assert_msg(notified == 1 && notified_d == D1 && notified_port == 1,
		      "notify(%p, %u) x%u", (void *)notified_d, notified_port, notified);
	ck_assert_msg(!bit(si[1].evtchn_pending, x), "send does not raise own port");
	ck_assert_int_eq(evtchn_notify_xen_port(D1, x), 0);
	ck_assert_msg(bit(si[1].evtchn_pending, x) &&
		      si[1].vcpu_info[0].evtchn_upcall_pending, "raised for guest");
	ck_assert_int_eq(evtchn_notify_xen_port(D1, 2), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, x), -EINVAL);
	ck_assert_int_eq(bind_vcpu(D1, x, 1), -EINVAL);
	ck_assert_int_eq(bind_idom(D2, 1, x, NULL), -EINVAL);
	evtchn_free_xen_port(D1, x);
	ck_assert_int_eq(status(D1, DOMID_SELF, x, &s), 0);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_closed);
	ck_assert_int_eq(evtchn_notify_xen_port(D1, x), -EINVAL);
}
END_TEST

/* The 'e' key's dump: one line per port in use, with state and peer. */
START_TEST(dump)
{
	uint32_t a, b, v;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &a), 0);
	ck_assert_int_eq(bind_idom(D2, 1, a, &b), 0);
	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 7, NULL), 0);
	ck_assert_int_eq(bind_virq(D1, VIRQ_DEBUG, 1, &v), 0);
	ck_assert(send_guest_vcpu_virq(&vcpus[1][1], VIRQ_DEBUG));
	harness_console_reset();
	evtchn_dump(D1);
	ck_assert_msg(strstr(harness_console, "Event channel information for "
			     "domain 1 ") != NULL, "header: %s", harness_console);
	ck_assert_msg(strstr(harness_console, "       1 [0/0]: s=3 "
			     "(interdomain) n=0 d=2 p=1\n") != NULL,
		      "interdomain line: %s", harness_console);
	ck_assert_msg(strstr(harness_console, "       2 [0/0]: s=2 (unbound) "
			     "n=0 d=7\n") != NULL, "unbound line: %s",
		      harness_console);
	ck_assert_msg(strstr(harness_console, "       3 [1/0]: s=5 (virq) n=1 "
			     "v=1\n") != NULL, "virq line: %s", harness_console);
	ck_assert_msg(strstr(harness_console, "       4 ") == NULL,
		      "a free port was listed: %s", harness_console);
}
END_TEST

Suite *event_hv_suite(void)
{
	Suite *s = suite_create("event_hv");
	TCase *tc = tcase_create("hv");

	tcase_add_checked_fixture(tc, ev_setup, ev_teardown);
	tcase_add_test(tc, virqs);
	tcase_add_test(tc, hwdom_global_virqs);
	tcase_add_test(tc, reset_and_destroy);
	tcase_add_test(tc, exhaustion);
	tcase_add_test(tc, hypervisor_ports);
	tcase_add_test(tc, dump);
	suite_add_tcase(s, tc);
	return s;
}
