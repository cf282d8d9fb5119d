/* Unit tests: event channels (hv/event_channel.c, event_2l.c, event_hv.c). */
#include <string.h>
#include "harness.h"
#include "event_fixture.h"

START_TEST(port0_reserved_and_lowest_first)
{
	struct evtchn_status s;
	uint32_t p;

	ck_assert_int_eq(status(D1, DOMID_SELF, 0, &s), 0);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_closed);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, 0), -EINVAL);
	for (uint32_t want = 1; want <= 3; want++) {
		ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &p), 0);
		ck_assert_uint_eq(p, want);
	}
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, 2), 0);
	ck_assert_int_eq(bind_ipi(D1, 0, &p), 0);
	ck_assert_msg(p == 2, "closed port 2 is the lowest free, got %u", p);
	ck_assert_int_eq(status(D1, DOMID_SELF, EVTCHN_NR_PORTS, &s), -EINVAL);
	ck_assert_int_eq(status(D1, DOMID_SELF, EVTCHN_NR_PORTS - 1, &s), 0);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_closed);
}
END_TEST

START_TEST(alloc_unbound_checks)
{
	struct evtchn_status s;
	uint32_t p;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, DOMID_SELF, &p), 0);
	ck_assert_int_eq(status(D1, 1, p, &s), 0);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_unbound);
	ck_assert_msg(s.u.unbound.dom == 1, "DOMID_SELF remote is the caller, "
		      "saw %u", s.u.unbound.dom);
	ck_assert_uint_eq(s.vcpu, 0);
	/* Another domain's port: privileged only; missing domains: ESRCH. */
	ck_assert_int_eq(alloc_unbound(D1, 2, 1, &p), -EPERM);
	ck_assert_int_eq(alloc_unbound(D1, 7, 1, &p), -ESRCH);
	ck_assert_int_eq(alloc_unbound(D0, 2, DOMID_SELF, &p), 0);
	ck_assert_uint_eq(p, 1);
	ck_assert_int_eq(status(D0, 2, 1, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 0,
		      "privileged alloc in dom 2 offered to 0: status %u dom %u",
		      s.status, s.u.unbound.dom);
	/* A shut-down domain is missing. */
	dom[2].is_shut_down = true;
	ck_assert_int_eq(alloc_unbound(D0, 2, 0, &p), -ESRCH);
	dom[2].is_shut_down = false;
}
END_TEST

START_TEST(bind_interdomain_and_status)
{
	struct evtchn_status s;
	uint32_t a, b;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &a), 0);
	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, NULL), 0);
	/* Offered to 2, so 0 (even privileged) cannot bind it. */
	ck_assert_int_eq(bind_idom(D0, 1, a, &b), -EINVAL);
	ck_assert_int_eq(bind_idom(D2, 1, EVTCHN_NR_PORTS, &b), -EINVAL);
	ck_assert_int_eq(bind_idom(D2, 1, 0, &b), -EINVAL);
	ck_assert_int_eq(bind_idom(D2, 1, 9, &b), -EINVAL);     /* free port */
	ck_assert_int_eq(bind_idom(D2, 9, a, &b), -ESRCH);
	harness_nr_hook_calls = 0;
	ck_assert_int_eq(bind_idom(D2, 1, a, &b), 0);
	ck_assert_uint_eq(b, 1);
	/* Xen raises the new local port at once. */
	ck_assert_msg(bit(si[2].evtchn_pending, b), "local port pending after bind");
	ck_assert_uint_eq(hooks(HOOK_PORT_PENDING), 1);
	ck_assert_int_eq(status(D2, DOMID_SELF, b, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_interdomain &&
		      s.u.interdomain.dom == 1 && s.u.interdomain.port == a &&
		      s.vcpu == 0, "2:%u status %u dom %u port %u vcpu %u", b,
		      s.status, s.u.interdomain.dom, s.u.interdomain.port, s.vcpu);
	ck_assert_int_eq(status(D0, 1, a, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_interdomain &&
		      s.u.interdomain.dom == 2 && s.u.interdomain.port == b,
		      "1:%u status %u dom %u port %u", a, s.status,
		      s.u.interdomain.dom, s.u.interdomain.port);
	/* Bound now: a second bind is refused; status of others needs privilege. */
	ck_assert_int_eq(bind_idom(D2, 1, a, NULL), -EINVAL);
	ck_assert_int_eq(status(D2, 1, a, &s), -EPERM);
	ck_assert_int_eq(status(D2, 5, a, &s), -ESRCH);
}
END_TEST

START_TEST(loopback)
{
	struct evtchn_status s;
	uint32_t a, b;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, DOMID_SELF, &a), 0);
	ck_assert_int_eq(bind_idom(D1, DOMID_SELF, a, &b), 0);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	memset(si[1].evtchn_pending, 0, sizeof(si[1].evtchn_pending));
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, b), 0);
	ck_assert_msg(bit(si[1].evtchn_pending, a) && !bit(si[1].evtchn_pending, b),
		      "send on %u raises %u only: pending word %#lx", b, a,
		      si[1].evtchn_pending[0]);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, a), 0);
	ck_assert_msg(!bit(si[1].evtchn_pending, a), "close clears pending");
	ck_assert_int_eq(status(D1, DOMID_SELF, b, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 1,
		      "peer back to unbound offered to 1: %u %u", s.status,
		      s.u.unbound.dom);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, b), 0);   /* dropped */
	ck_assert_msg(!bit(si[1].evtchn_pending, a), "send on unbound is dropped");
}
END_TEST

START_TEST(pending_mask_selector_and_hooks)
{
	struct vcpu_info *vi = &si[2].vcpu_info[0];
	uint32_t a, b, c;

	/* Ports 1..65 of dom 1 offered to 2; 2 binds to 1 and 65 as its
	 * ports 70 and 71 (selector word 1), after 69 IPIs. */
	for (int i = 0; i < 65; i++)
		ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &a), 0);
	ck_assert_uint_eq(a, 65);
	for (int i = 0; i < 69; i++)
		ck_assert_int_eq(bind_ipi(D2, 0, NULL), 0);
	ck_assert_int_eq(bind_idom(D2, 1, 1, &b), 0);
	ck_assert_int_eq(bind_idom(D2, 1, 65, &c), 0);
	ck_assert_uint_eq(b, 70);
	ck_assert_uint_eq(c, 71);
	memset(&si[2], 0, sizeof(si[2]));
	harness_nr_hook_calls = 0;

	/* dom 1 sends on 65 -> dom 2's port c pending, selector, upcall, wake. */
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 65), 0);
	ck_assert_msg(bit(si[2].evtchn_pending, c), "peer port %u pending", c);
	ck_assert_msg(vi->evtchn_pending_sel == 2, "selector %#lx for port %u",
		      vi->evtchn_pending_sel, c);
	ck_assert_uint_eq(vi->evtchn_upcall_pending, 1);
	ck_assert_uint_eq(harness_nr_hook_calls, 2);
	ck_assert_msg(hooks(HOOK_VCPU_WAKE) == 1 &&
		      harness_hook_calls[0].v == &vcpus[2][0],
		      "vcpu_wake(dom 2 vCPU 0)");
	ck_assert_msg(hooks(HOOK_PORT_PENDING) == 1 &&
		      harness_hook_calls[1].d == D2 && harness_hook_calls[1].port == c,
		      "sched_port_pending(dom 2, %u)", c);
	/* Already pending: nothing more happens. */
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 65), 0);
	ck_assert_uint_eq(harness_nr_hook_calls, 2);
	/* Selector already set (guest has not scanned yet): no second wake. */
	si[2].evtchn_pending[1] = 0;
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 65), 0);
	ck_assert_uint_eq(hooks(HOOK_VCPU_WAKE), 1);
	ck_assert_uint_eq(hooks(HOOK_PORT_PENDING), 2);

	/* Masked port b: pending bit and poll hook only. */
	vi->evtchn_pending_sel = 0;
	vi->evtchn_upcall_pending = 0;
	si[2].evtchn_mask[1] |= 1UL << (b % 64);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 1), 0);
	ck_assert_msg(bit(si[2].evtchn_pending, b), "masked port still pending");
	ck_assert_msg(!vi->evtchn_pending_sel && !vi->evtchn_upcall_pending,
		      "no selector/upcall for a masked port: sel %#lx upcall %u",
		      vi->evtchn_pending_sel, vi->evtchn_upcall_pending);
	ck_assert_uint_eq(hooks(HOOK_PORT_PENDING), 3);
	ck_assert_uint_eq(hooks(HOOK_VCPU_WAKE), 1);
	/* Unmask raises it as a fresh event. */
	ck_assert_int_eq(simple(D2, EVTCHNOP_unmask, b), 0);
	ck_assert_msg(!bit(si[2].evtchn_mask, b), "mask cleared");
	ck_assert_msg(vi->evtchn_pending_sel == 2 && vi->evtchn_upcall_pending,
		      "selector and upcall after unmask: %#lx %u",
		      vi->evtchn_pending_sel, vi->evtchn_upcall_pending);
	ck_assert_uint_eq(hooks(HOOK_VCPU_WAKE), 2);
	/* Unmask of an unmasked or non-pending port does nothing more. */
	ck_assert_int_eq(simple(D2, EVTCHNOP_unmask, b), 0);
	ck_assert_int_eq(simple(D2, EVTCHNOP_unmask, 300), 0);
	ck_assert_int_eq(simple(D2, EVTCHNOP_unmask, EVTCHN_NR_PORTS), -EINVAL);
	ck_assert_uint_eq(hooks(HOOK_VCPU_WAKE), 2);
	ck_assert(evtchn_port_is_pending(D2, c));
	ck_assert(!evtchn_port_is_pending(D2, 300));
	ck_assert(!evtchn_port_is_pending(D2, 99999));
	/* Events masked for the vCPU (upcall_mask) still set upcall_pending. */
	memset(&si[2], 0, sizeof(si[2]));
	vi->evtchn_upcall_mask = 1;
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 1), 0);
	ck_assert_uint_eq(vi->evtchn_upcall_pending, 1);
}
END_TEST

START_TEST(send_kinds)
{
	uint32_t p, v;

	ck_assert_int_eq(bind_ipi(D1, 1, &p), 0);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, p), 0);
	ck_assert_msg(bit(si[1].evtchn_pending, p) &&
		      si[1].vcpu_info[1].evtchn_upcall_pending &&
		      !si[1].vcpu_info[0].evtchn_upcall_pending,
		      "IPI to vCPU 1 raises vCPU 1 only");
	ck_assert_int_eq(bind_ipi(D1, 2, NULL), -ENOENT);
	ck_assert_int_eq(bind_ipi(D1, 0xffffffff, NULL), -ENOENT);
	ck_assert_int_eq(bind_virq(D1, VIRQ_DEBUG, 0, &v), 0);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, v), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 77), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 0), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, EVTCHN_NR_PORTS), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, 0xffffffff), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, p), 0);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, p), -EINVAL);
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, p), -EINVAL);
}
END_TEST

START_TEST(bind_vcpu_kinds)
{
	struct evtchn_status s;
	uint32_t u, i, a, b;

	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &u), 0);
	ck_assert_int_eq(bind_vcpu(D1, u, 1), 0);
	ck_assert_int_eq(bind_ipi(D1, 0, &i), 0);
	ck_assert_int_eq(bind_vcpu(D1, i, 1), -EINVAL);
	ck_assert_int_eq(bind_vcpu(D1, 500, 0), -EINVAL);
	ck_assert_int_eq(bind_vcpu(D1, EVTCHN_NR_PORTS, 0), -EINVAL);
	ck_assert_int_eq(alloc_unbound(D1, DOMID_SELF, 2, &a), 0);
	ck_assert_int_eq(bind_idom(D2, 1, a, &b), 0);
	ck_assert_int_eq(bind_vcpu(D2, b, 1), 0);
	memset(&si[2], 0, sizeof(si[2]));
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, a), 0);
	ck_assert_msg(si[2].vcpu_info[1].evtchn_upcall_pending &&
		      !si[2].vcpu_info[0].evtchn_upcall_pending,
		      "interdomain port moved to vCPU 1");
	ck_assert_int_eq(status(D2, DOMID_SELF, b, &s), 0);
	ck_assert_uint_eq(s.vcpu, 1);
}
END_TEST

START_TEST(close_interdomain_both_ways)
{
	struct evtchn_status s;
	uint32_t a, b;

	ck_assert_int_eq(alloc_unbound(D2, DOMID_SELF, 1, &a), 0);
	ck_assert_int_eq(bind_idom(D1, 2, a, &b), 0);
	/* The lower-id side closes. */
	ck_assert_int_eq(simple(D1, EVTCHNOP_close, b), 0);
	ck_assert_int_eq(status(D2, DOMID_SELF, a, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 1,
		      "2:%u unbound offered to 1: %u %u", a, s.status, s.u.unbound.dom);
	ck_assert_int_eq(status(D1, DOMID_SELF, b, &s), 0);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_closed);
	/* Rebind, then the higher-id side closes. */
	ck_assert_int_eq(bind_idom(D1, 2, a, &b), 0);
	ck_assert_int_eq(simple(D2, EVTCHNOP_close, a), 0);
	ck_assert_int_eq(status(D1, DOMID_SELF, b, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == 2,
		      "1:%u unbound offered to 2: %u %u", b, s.status, s.u.unbound.dom);
	ck_assert_int_eq(simple(D1, EVTCHNOP_send, b), 0);
}
END_TEST

START_TEST(commands_and_sizes)
{
	uint64_t buf[4] = { 0 };
	struct evtchn_bind_pirq bp = { .pirq = 5 };
	bool out;

	for (unsigned int cmd = EVTCHNOP_init_control; cmd < 20; cmd++)
		ck_assert_msg(op(D1, cmd, buf) == -ENOSYS, "cmd %u not ENOSYS", cmd);
	ck_assert_int_eq(op(D1, 0xffffffff, buf), -ENOSYS);
	ck_assert_int_eq(op(D1, EVTCHNOP_bind_pirq, &bp), -EPERM);
	bp.pirq = 0x80000000;
	ck_assert_int_eq(op(D1, EVTCHNOP_bind_pirq, &bp), -EINVAL);
	ck_assert_uint_eq(evtchn_op_arg_size(EVTCHNOP_status, &out), 24);
	ck_assert(out);
	ck_assert_uint_eq(evtchn_op_arg_size(EVTCHNOP_send, &out), 4);
	ck_assert(!out);
	ck_assert_uint_eq(evtchn_op_arg_size(EVTCHNOP_alloc_unbound, &out), 8);
	ck_assert(out);
	ck_assert_uint_eq(evtchn_op_arg_size(EVTCHNOP_reset, &out), 2);
	ck_assert_uint_eq(evtchn_op_arg_size(EVTCHNOP_init_control, &out), 0);
	ck_assert_uint_eq(evtchn_op_arg_size(1000, &out), 0);
}
END_TEST

Suite *event_hv_suite(void);
Suite *pirq_suite(void);

static Suite *event_channel_suite(void)
{
	Suite *s = suite_create("event_channel");
	TCase *tc = tcase_create("ops");

	tcase_add_checked_fixture(tc, ev_setup, ev_teardown);
	tcase_add_test(tc, port0_reserved_and_lowest_first);
	tcase_add_test(tc, alloc_unbound_checks);
	tcase_add_test(tc, bind_interdomain_and_status);
	tcase_add_test(tc, loopback);
	tcase_add_test(tc, pending_mask_selector_and_hooks);
	tcase_add_test(tc, send_kinds);
	tcase_add_test(tc, bind_vcpu_kinds);
	tcase_add_test(tc, close_interdomain_both_ways);
	tcase_add_test(tc, commands_and_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { event_channel_suite,
							  event_hv_suite, pirq_suite, NULL };

	return harness_run(suites);
}
