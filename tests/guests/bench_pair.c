/* Bench kernel, two domains: the interdomain event round trip (poll, upcall) and the peer's role. */
#include "bench.h"
#include <xen/callback.h>
#include <xen/event_channel.h>

/*
 * The protocol, over one interdomain port and strictly alternating, so
 * no two events ever coalesce: main offers the port (alloc_unbound: its
 * lowest free one, 2, as the builder gave port 1 to the console); the
 * peer binds it (port=P on its command line, 2 by default), grants its page and sends "ready". Then bench_n round
 * trips where both sides wait in SCHEDOP_poll with events masked (as
 * Linux's xen_poll_irq), bench_n where both wait in SCHEDOP_block and an
 * upcall handler takes the event (as Linux's drivers: the peer's handler
 * answers at once), and one last event from main that ends the peer.
 */
#define TRIES 1000000    /* yields to wait for the other side's set-up */

void upcall_entry(void);

static struct shared_info *si;
static volatile struct vcpu_info *vi;
static evtchn_port_t port;
static bool is_peer;
static volatile long answered, got, done, send_errors;

/* shared_info at the region's last page but one (bench.c uses the last). */
static void map_shared_info(void)
{
	unsigned long va = rt_va_of(rt_region_pages() - 2);

	rt_expect(rt_uvm(va, (rt_start_info->shared_info & RT_ADDR_MASK) | 3,
			 UVMF_INVLPG), 0);
	si = (struct shared_info *)va;
	vi = &si->vcpu_info[0];
}

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* EVTCHNOP_send on our port; a failure is counted. */
static void send(void)
{
	struct evtchn_send s = { port };

	if (evop(EVTCHNOP_send, &s))
		send_errors++;
}

/* Test and clear our port's pending bit. */
static bool take(void)
{
	xen_ulong_t bit = 1UL << (port % 64);

	return __atomic_fetch_and(&si->evtchn_pending[port / 64], ~bit,
				  __ATOMIC_SEQ_CST) & bit;
}

/* Wait in SCHEDOP_poll until our port is pending, and clear it. */
static void poll_port(void)
{
	evtchn_port_t p = port;
	struct sched_poll sp = { .nr_ports = 1, .timeout = 0 };

	sp.ports.p = &p;
	while (!take())
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

/*
 * Wait with events masked until *flag: SCHEDOP_block unmasks and returns
 * at once if an event is pending, the upcall comes on its way back, and
 * masking again before looking closes the lost-wakeup race (Linux's
 * safe_halt pattern).
 */
static void block_until(volatile long *flag)
{
	vi->evtchn_upcall_mask = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	while (!*flag) {
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
		vi->evtchn_upcall_mask = 1;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
}

/* Called by upcall_entry, events masked. Only our port is bound. */
void upcall_c(void)
{
	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	if (!take())
		return;
	if (!is_peer)
		got = 1;
	else if (answered < bench_n) {
		answered++;
		send();
	} else {
		done = 1;
	}
}

static void register_upcall(void)
{
	struct callback_register cb = { CALLBACKTYPE_event, 0,
					(unsigned long)upcall_entry };

	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
}

bool bench_pair_open(domid_t peer)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = peer };
	long tries = 0;

	map_shared_info();
	rt_expect(evop(EVTCHNOP_alloc_unbound, &a), 0);
	port = a.port;
	while (!take() && tries++ < TRIES)
		bench_yield();
	rt_check(tries <= TRIES, "no \"ready\" from domain %u on port %u after "
		 "%d yields", peer, port, TRIES);
	return tries <= TRIES;
}

void bench_evtchn_rows(void)
{
	uint64_t t0;
	long n = bench_n;

	for (long i = 0; i < n; i++) {
		t0 = bench_tsc();
		send();
		poll_port();
		bench_samples[i] = bench_tsc() - t0;
	}
	bench_row("evtchn round trip, 2 doms (poll)", bench_median());
	rt_check(!take(), "an event beyond the %ld answers", n);

	register_upcall();
	for (long i = 0; i < n; i++) {
		got = 0;
		t0 = bench_tsc();
		send();
		block_until(&got);
		bench_samples[i] = bench_tsc() - t0;
	}
	bench_row("evtchn round trip, 2 doms (upcall)", bench_median());
	send();                                 /* the peer's last event */
	rt_check(!send_errors, "%ld event sends failed", send_errors);
}

void bench_peer(domid_t main)
{
	long rc, tries = 0, n = bench_n, port_arg = rt_cmdline_number("port");
	struct evtchn_bind_interdomain b = {
		.remote_dom = main, .remote_port = port_arg < 0 ? 2 : port_arg };

	is_peer = true;
	map_shared_info();
	while ((rc = evop(EVTCHNOP_bind_interdomain, &b)) != 0 &&
	       tries++ < TRIES)
		bench_yield();
	rt_expect(rc, 0);
	if (rc)
		return;
	port = b.local_port;
	take();                 /* Xen raises a freshly bound port: no ping */
	bench_grant_offer(main);  /* a failure shows in main's grant rows */
	send();                                 /* ready */
	for (long i = 0; i < n; i++) {
		poll_port();
		send();
	}
	register_upcall();
	block_until(&done);     /* the handler answers n events, then done */
	rt_check(answered == n, "answered %ld upcall events, expected %ld",
		 answered, n);
	bench_grant_end();
	rt_check(!send_errors, "%ld event sends failed", send_errors);
	rt_printf("bench peer: port %u, %ld polled and %ld upcall round trips "
		  "answered\n", port, n, answered);
}
