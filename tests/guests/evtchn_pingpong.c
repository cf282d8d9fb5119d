/* Test kernel pair: two domains bounce 1000 events over an interdomain channel. */
#include "rt_mm.h"
#include <xen/event_channel.h>

/*
 * Command line: "peer=N role=a|b [port=P]". a offers an unbound port to
 * peer (its lowest free one: 2, as the builder gave port 1 to the console);
 * b binds to <peer, P> (P = 2 by default), retrying with SCHEDOP_yield until a has offered it. b sends
 * first; each side waits for its own port's pending bit (yielding),
 * clears it and answers. Needs a scheduler that runs both domains.
 */
#define ROUNDS 1000
#define SPIN_LIMIT 100000000UL   /* yields before giving up */

static volatile struct shared_info *si;

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* Wait for port's pending bit, then clear it; false after SPIN_LIMIT yields. */
static bool wait_and_clear(uint32_t port)
{
	return rt_wait_port(si, port, SPIN_LIMIT);
}

void test_main(void)
{
	long n = rt_cmdline_number("peer"), remote_port = rt_cmdline_number("port");
	domid_t peer = n < 0 ? DOMID_INVALID : (domid_t)n;
	char r = rt_cmdline_is("role", "a") ? 'a' :
		 rt_cmdline_is("role", "b") ? 'b' : 0;
	uint32_t port = 0;
	unsigned int rounds = 0;
	long rc;

	rt_printf("pingpong: role %c, peer %u\n", r ? r : '?', peer);
	if ((r != 'a' && r != 'b') || peer == DOMID_INVALID) {
		rt_fail("command line needs peer=N role=a|b");
		return;
	}
	si = rt_map_shared_info();
	if (r == 'a') {
		struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
						  .remote_dom = peer };

		rt_expect(evop(EVTCHNOP_alloc_unbound, &a), 0);
		port = a.port;
		rt_printf("pingpong: offered port %u to domain %u\n", port, peer);
	} else {
		struct evtchn_bind_interdomain b = {
			.remote_dom = peer,
			.remote_port = remote_port < 0 ? 2 : remote_port };
		unsigned long tries = 0;

		while ((rc = evop(EVTCHNOP_bind_interdomain, &b)) != 0 &&
		       tries++ < SPIN_LIMIT)
			rt_yield();
		rt_expect(rc, 0);
		if (rc)
			return;
		port = b.local_port;
		rt_printf("pingpong: bound port %u to %u:%u after %lu yields\n",
			  port, peer, b.remote_port, tries);
		/* Xen raises a freshly bound port; that one is not a ping. */
		wait_and_clear(port);
		rt_expect(evop(EVTCHNOP_send, &port), 0);
	}
	while (rounds < ROUNDS) {
		if (!wait_and_clear(port)) {
			rt_fail("round %u: no event from domain %u", rounds, peer);
			return;
		}
		rounds++;
		/* a answers every ping; b stops after its 1000th pong. */
		if (r == 'a' || rounds < ROUNDS)
			rt_expect(evop(EVTCHNOP_send, &port), 0);
	}
	rt_printf("pingpong: %u events received on port %u\n", rounds, port);
}
