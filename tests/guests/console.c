/* Test kernel: the console ring (output, hostile indices) and serial input. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/event_channel.h>
#include <xen/io/console.h>

#define WAIT_CYCLES 20000000000UL   /* ~10 s of TSC: the tick is 10 ms */

static struct xencons_interface *ring;

/* True if "word" appears on the kernel command line. */
/* Queue s in the out ring (the caller leaves room) and publish it. */
static void ring_put(const char *s)
{
	XENCONS_RING_IDX prod = ring->out_prod;

	for (size_t i = 0; s[i]; i++)
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = s[i];
	__atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
}

/* Wait until the hypervisor consumed everything; false on timeout. */
static bool ring_drained(void)
{
	uint64_t t0 = rt_rdtsc();

	while (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) !=
	       ring->out_prod) {
		if (rt_rdtsc() - t0 > WAIT_CYCLES)
			return false;
		asm volatile("pause");
	}
	return true;
}

static void output_tests(void)
{
	char line[120];

	ring_put("console: ring line one\n");
	rt_check(ring_drained(), "first line: out_cons %u, out_prod %u",
		 ring->out_cons, ring->out_prod);
	rt_printf("console: io line\n");

	/* Twenty 100-byte lines at once: 2000 of the ring's 2048 bytes. */
	for (int i = 0; i < 20; i++) {
		for (int j = 0; j < 99; j++)
			line[j] = 'a' + (i + j) % 26;
		line[0] = 'b'; line[1] = 'u'; line[2] = 'l'; line[3] = 'k';
		line[4] = '0' + i / 10; line[5] = '0' + i % 10; line[6] = ' ';
		line[99] = '\n';
		line[100] = 0;
		ring_put(line);
	}
	rt_check(ring_drained(), "bulk lines not drained: cons %u prod %u",
		 ring->out_cons, ring->out_prod);

	/* Indices that wrap around 2^32 in the middle of a line. */
	ring->out_cons = ring->out_prod = 0xfffffff0u;
	ring_put("console: a line across the index wrap\n");
	rt_check(ring_drained(), "wrapped line: cons %#x prod %#x",
		 ring->out_cons, ring->out_prod);
	rt_check(ring->out_cons == 0xfffffff0u + 38, "after the wrap: out_cons "
		 "%#x, expected %#x", ring->out_cons, 0xfffffff0u + 38);

	/* Hostile: out_prod far beyond out_cons. The hypervisor must read
	 * nothing outside out[] and reset the ring. */
	ring->out_prod = ring->out_cons + 0x80000000u;
	rt_check(ring_drained(), "garbage indices never reset: cons %#x prod %#x",
		 ring->out_cons, ring->out_prod);
	ring->out_prod = ring->out_cons + 2049;
	rt_check(ring_drained(), "2049 bytes claimed: cons %#x prod %#x",
		 ring->out_cons, ring->out_prod);
	ring_put("console: after garbage\n");
	rt_check(ring_drained(), "line after garbage: cons %#x prod %#x",
		 ring->out_cons, ring->out_prod);

	/* console_io with a bad buffer still fails as before. */
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, 4,
			     0xffff830000000000UL), -XEN_EFAULT);
	/* Nothing is typed in this test: a read returns 0 bytes. */
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_read, 16,
			     line), 0);
}

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/*
 * start_info's console event channel: bound to the hypervisor (status
 * says interdomain with DOMID_XEN), not closable by the guest, and a send
 * on it drains the out ring before the hypercall returns (the 10 ms tick
 * could not have run in between: events are masked and nothing blocks).
 */
static void event_channel_tests(void)
{
	uint32_t port = rt_start_info->console.domU.evtchn;
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	struct evtchn_close cl = { .port = port };
	XENCONS_RING_IDX prod;

	rt_check(port != 0, "start_info console.domU.evtchn is 0");
	if (!port)
		return;
	rt_expect(evop(EVTCHNOP_status, &st), 0);
	rt_check(st.status == EVTCHNSTAT_interdomain &&
		 st.u.interdomain.dom == DOMID_XEN,
		 "console port %u: status %u dom %u, expected interdomain "
		 "to DOMID_XEN (%u)", port, st.status, st.u.interdomain.dom,
		 DOMID_XEN);
	rt_expect(evop(EVTCHNOP_close, &cl), -XEN_EINVAL);

	for (unsigned int i = 0; i < 20; i++) {
		ring_put("console: notified line\n");
		prod = ring->out_prod;
		rt_expect(evop(EVTCHNOP_send, &port), 0);
		rt_check(__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) ==
			 prod, "send %u: out_cons %#x after the send, expected "
			 "%#x (drained on notify)", i, ring->out_cons, prod);
	}
}

/* Show control characters as ^X. */
static void show(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)src[i] < 32) {
			*dst++ = '^';
			*dst++ = src[i] + '@';
		} else {
			*dst++ = src[i];
		}
	}
	*dst = 0;
}

/* Read one line of serial input with CONSOLEIO_read and echo it. */
static void echo_test(void)
{
	char buf[100], shown[200];
	size_t n = 0;
	long got;

	struct evtchn_bind_virq cv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };

	rt_expect(evop(EVTCHNOP_bind_virq, &cv), 0);
	rt_printf("echo: ready\n");
	while (n < sizeof(buf) - 1) {
		got = HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_read,
				 sizeof(buf) - 1 - n, buf + n);
		if (got < 0) {
			rt_fail("CONSOLEIO_read returned %ld", got);
			return;
		}
		n += got;
		if (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			break;
	}
	n--;
	show(shown, buf, n);
	rt_printf("echo: got '%s' (%lu bytes)\n", shown, n);

	/* The same bytes are in the console ring's in[]. */
	XENCONS_RING_IDX c = ring->in_cons, p = ring->in_prod;

	rt_check(p - c == n + 1, "in ring holds %u bytes, CONSOLEIO_read gave %lu",
		 p - c, n + 1);
	for (size_t i = 0; i < n + 1 && i < p - c; i++)
		rt_check(ring->in[MASK_XENCONS_IDX(c + i, ring->in)] == buf[i],
			 "in ring byte %lu is %#x, read %#x", i,
			 ring->in[MASK_XENCONS_IDX(c + i, ring->in)], buf[i]);
	ring->in_cons = p;

	/* Putting the bytes in in[] raised the console port (masked: no upcall). */
	volatile struct shared_info *si = rt_map_shared_info();
	uint32_t port = rt_start_info->console.domU.evtchn;

	rt_check(port && (si->evtchn_pending[port / 64] >> (port % 64) & 1),
		 "console port %u not pending after serial input", port);
	/* And VIRQ_CONSOLE, as Xen tells the domain that reads console_io. */
	rt_check(si->evtchn_pending[cv.port / 64] >> (cv.port % 64) & 1,
		 "VIRQ_CONSOLE (port %u) not pending after serial input",
		 cv.port);
}

/*
 * Bind VIRQ_DEBUG and wait for it in SCHEDOP_poll: the harness switches
 * the serial input to Xen and presses 'q', which raises it.
 */
static void debugkey_test(void)
{
	struct evtchn_bind_virq b = { .virq = VIRQ_DEBUG, .vcpu = 0 };
	volatile struct shared_info *si = rt_map_shared_info();
	struct sched_poll sp = { .nr_ports = 1, .timeout = 0 };

	rt_expect(evop(EVTCHNOP_bind_virq, &b), 0);
	sp.ports.p = &b.port;
	rt_printf("debugkey: ready, VIRQ_DEBUG on port %u\n", b.port);
	rt_expect(HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp), 0);
	rt_check(si->evtchn_pending[b.port / 64] >> (b.port % 64) & 1,
		 "SCHEDOP_poll returned but VIRQ_DEBUG (port %u) is not "
		 "pending", b.port);
	rt_printf("debugkey: VIRQ_DEBUG arrived\n");
}

void test_main(void)
{
	unsigned long mfn = rt_start_info->console.domU.mfn;

	ring = (struct xencons_interface *)rt_va_of(RT_M2P[mfn]);
	if (rt_cmdline_has("echo"))
		echo_test();
	else if (rt_cmdline_has("debugkey"))
		debugkey_test();
	else {
		output_tests();
		event_channel_tests();
	}
}
