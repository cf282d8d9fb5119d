/* Test kernel pair: two domains bounce 1000 events over an interdomain channel. */
#include "rt_mm.h"
#include <xen/event_channel.h>

/*
 * Command line: "peer=N role=a|b [port=P]". a offers an unbound port to
 * peer (its lowest free one, normally 1); b binds to <peer, P> (P = 1 by
 * default), retrying with SCHEDOP_yield until a has offered it. b sends
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

static void yield(void)
{
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

/* The number after "key=" on the command line, or def. */
static unsigned long arg_num(const char *key, unsigned long def)
{
	const char *c = (const char *)rt_start_info->cmd_line;

	for (; *c; c++) {
		const char *k = key, *p = c;
		unsigned long n = 0;

		if (c != (const char *)rt_start_info->cmd_line && c[-1] != ' ')
			continue;
		while (*k && *p == *k)
			k++, p++;
		if (*k || *p != '=')
			continue;
		if (p[1] < '0' || p[1] > '9')
			return def;
		for (p++; *p >= '0' && *p <= '9'; p++)
			n = n * 10 + (unsigned long)(*p - '0');
		return n;
	}
	return def;
}

static char role(void)
{
	const char *c = (const char *)rt_start_info->cmd_line;

	for (; *c; c++)
		if (c[0] == 'r' && c[1] == 'o' && c[2] == 'l' && c[3] == 'e' &&
		    c[4] == '=')
			return c[5];
	return 0;
}

/* Wait for port's pending bit, then clear it; false after SPIN_LIMIT. */
static bool wait_and_clear(uint32_t port)
{
	volatile xen_ulong_t *w = &si->evtchn_pending[port / 64];
	xen_ulong_t bit = 1UL << (port % 64);

	for (unsigned long i = 0; i < SPIN_LIMIT; i++) {
		if (*w & bit) {
			__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
			return true;
		}
		yield();
	}
	return false;
}

static void map_shared_info(void)
{
	unsigned long va = rt_va_of(rt_region_pages() - 1);

	rt_expect(rt_uvm(va, (rt_start_info->shared_info & RT_ADDR_MASK) | 3,
			 UVMF_INVLPG), 0);
	si = (volatile struct shared_info *)va;
}

void test_main(void)
{
	domid_t peer = arg_num("peer", DOMID_INVALID);
	char r = role();
	uint32_t port = 0;
	unsigned int rounds = 0;
	long rc;

	rt_printf("pingpong: role %c, peer %u\n", r ? r : '?', peer);
	if ((r != 'a' && r != 'b') || peer == DOMID_INVALID) {
		rt_fail("command line needs peer=N role=a|b");
		return;
	}
	map_shared_info();
	if (r == 'a') {
		struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
						  .remote_dom = peer };

		rt_expect(evop(EVTCHNOP_alloc_unbound, &a), 0);
		port = a.port;
		rt_printf("pingpong: offered port %u to domain %u\n", port, peer);
	} else {
		struct evtchn_bind_interdomain b = {
			.remote_dom = peer, .remote_port = arg_num("port", 1) };
		unsigned long tries = 0;

		while ((rc = evop(EVTCHNOP_bind_interdomain, &b)) != 0 &&
		       tries++ < SPIN_LIMIT)
			yield();
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
