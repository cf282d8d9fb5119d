/* Test kernel: pvclock, wallclock, VIRQ_TIMER from single-shot, periodic and set_timer_op timers, block, poll, upcalls, runstate, vcpu_op and register_vcpu_info. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/vcpu.h>

#define MS 1000000ULL
#define P  1UL
#define RW 2UL

void upcall_entry(void);

static struct shared_info *si;
static struct vcpu_info *volatile vi;
static volatile unsigned long upcalls, port_hits[64];
static unsigned int timer_port;

/* Called by upcall_entry with events masked: take and count every port. */
void upcall_c(void)
{
	upcalls++;
	vi->evtchn_upcall_pending = 0;
	unsigned long sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
						__ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = __builtin_ctzl(sel);

		sel &= sel - 1;
		unsigned long bits = si->evtchn_pending[w] & ~si->evtchn_mask[w];
		while (bits) {
			unsigned int b = __builtin_ctzl(bits);

			bits &= bits - 1;
			__atomic_and_fetch(&si->evtchn_pending[w], ~(1UL << b),
					   __ATOMIC_SEQ_CST);
			if (w == 0 && b < 64)
				port_hits[b]++;
		}
	}
}

static uint64_t now_ns(void)
{
	return rt_system_time(&vi->time);
}

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, cmd, id,
			    (unsigned long)arg, 0, 0);
}

static long singleshot(uint64_t abs, uint32_t flags)
{
	struct vcpu_set_singleshot_timer t = { abs, flags };

	return vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static long block(void)
{
	return HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

/* Block until the timer port has been seen `want` more times (bounded). */
static bool wait_timer_hits(unsigned long want)
{
	unsigned long target = port_hits[timer_port] + want;

	for (int i = 0; i < 1000 && port_hits[timer_port] < target; i++)
		block();
	return port_hits[timer_port] >= target;
}

static long poll(unsigned int *ports, unsigned int n, uint64_t timeout)
{
	struct sched_poll sp;

	sp.ports.p = ports;
	sp.nr_ports = n;
	sp.timeout = timeout;
	return HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

static bool port_pending(unsigned int port)
{
	return si->evtchn_pending[port / 64] & (1UL << (port % 64));
}

static void clear_port(unsigned int port)
{
	__atomic_and_fetch(&si->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

void test_main(void)
{
	start_info_t *st = rt_start_info;
	unsigned long region = rt_region_pages();
	unsigned long vi_va = rt_va_of(region - 2);
	unsigned long free_pfn = st->nr_pages - 1;
	uint64_t t0, t1, deadline;
	static struct vcpu_runstate_info rs;
	static unsigned int ports[130];

	si = rt_map_shared_info();
	vi = &si->vcpu_info[0];
	rt_check(vi->evtchn_upcall_mask == 1, "events start masked");

	/* pvclock advances; wallclock is a date after 2023. */
	t0 = now_ns();
	for (volatile int i = 0; i < 100000; i++)
		;
	t1 = now_ns();
	rt_check(t1 > t0, "pvclock did not advance: %lu then %lu", t0, t1);
	rt_check(si->wc_version && !(si->wc_version & 1) && si->wc_sec > 1700000000u,
		 "wallclock version %u sec %u", si->wc_version, si->wc_sec);
	rt_printf("timers: system time %lu ns, wallclock %u s\n", t1, si->wc_sec);

	/* The event callback, and VIRQ_TIMER on vCPU 0. */
	struct callback_register cb = { CALLBACKTYPE_event, 0,
					(unsigned long)upcall_entry };
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 0, 0 };
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &bv), 0);
	timer_port = bv.port;
	rt_check(timer_port > 0 && timer_port < 64, "timer port %u", timer_port);

	/* Linux's first step: stop the periodic timer. */
	rt_expect(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);

	/* A single-shot deadline in the past fires at once (flags 0). */
	rt_expect(singleshot(now_ns() - MS, 0), 0);
	rt_check(wait_timer_hits(1), "past single-shot never fired");
	/* ... but not with VCPU_SSHOTTMR_future. */
	rt_expect(singleshot(now_ns() - MS, VCPU_SSHOTTMR_future), -XEN_ETIME);

	/* A future single-shot wakes a blocked vCPU no earlier than asked. */
	deadline = now_ns() + 5 * MS;
	rt_expect(singleshot(deadline, 0), 0);
	rt_check(wait_timer_hits(1), "5 ms single-shot never fired");
	rt_check(now_ns() >= deadline, "woke %ld ns before the deadline",
		 (long)(deadline - now_ns()));
	rt_check(upcalls >= 2, "events arrived without upcalls (%lu)", upcalls);

	/* Periodic 2 ms: five ticks in order, then stop. */
	struct vcpu_set_periodic_timer per = { 2 * MS };
	t0 = now_ns();
	rt_expect(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0);
	rt_check(wait_timer_hits(5), "periodic timer: fewer than 5 ticks");
	t1 = now_ns();
	rt_check(t1 - t0 >= 9 * MS, "5 periodic ticks of 2 ms in %lu ns", t1 - t0);
	rt_expect(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	/* After stopping, only the guard single-shot arrives in 20 ms. */
	unsigned long before = port_hits[timer_port];
	rt_expect(singleshot(now_ns() + 20 * MS, 0), 0);
	rt_check(wait_timer_hits(1), "guard single-shot never fired");
	rt_check(port_hits[timer_port] == before + 1,
		 "periodic timer still ticking after stop: %lu events",
		 port_hits[timer_port] - before);
	per.period_ns = 100000;              /* < 1 ms: Xen refuses */
	rt_expect(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL);

	/* set_timer_op: a deadline fires; 0 cancels. */
	rt_expect(rt_hypercall(__HYPERVISOR_set_timer_op, now_ns() + 3 * MS,
			       0, 0, 0, 0), 0);
	rt_check(wait_timer_hits(1), "set_timer_op deadline never fired");

	/* Poll with events masked: no upcall, the port stays pending. */
	vi->evtchn_upcall_mask = 1;
	before = upcalls;
	rt_expect(rt_hypercall(__HYPERVISOR_set_timer_op, now_ns() + 2 * MS,
			       0, 0, 0, 0), 0);
	ports[0] = timer_port;
	rt_expect(poll(ports, 1, 0), 0);
	rt_check(port_pending(timer_port), "poll returned, port not pending");
	rt_check(upcalls == before, "upcall delivered while masked");
	clear_port(timer_port);
	vi->evtchn_pending_sel = 0;
	vi->evtchn_upcall_pending = 0;
	/* A cancelled timer: poll sleeps until its own timeout. */
	rt_expect(rt_hypercall(__HYPERVISOR_set_timer_op, now_ns() + 2 * MS,
			       0, 0, 0, 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_set_timer_op, 0, 0, 0, 0, 0), 0);
	deadline = now_ns() + 10 * MS;
	rt_expect(poll(ports, 1, deadline), 0);
	rt_check(now_ns() >= deadline, "poll timed out early");
	rt_check(!port_pending(timer_port), "cancelled timer fired");
	/* Poll on a pending port returns at once. */
	rt_expect(singleshot(0, 0), 0);       /* long past: fires now */
	rt_expect(poll(ports, 1, now_ns() + 1000 * MS), 0);
	rt_check(port_pending(timer_port), "poll woke without the port");
	clear_port(timer_port);
	vi->evtchn_pending_sel = 0;
	vi->evtchn_upcall_pending = 0;
	/* A deadline wrapped negative or more than 2^50 ns ahead: Xen fires
	 * it 100 ms from now, not at once and not never. */
	for (int k = 0; k < 2; k++) {
		unsigned long t0 = now_ns(), huge = k ? t0 + (1UL << 51) :
						       0x8000000000000000UL;

		rt_expect(rt_hypercall(__HYPERVISOR_set_timer_op, huge, 0, 0, 0,
				       0), 0);
		rt_expect(poll(ports, 1, t0 + 20 * MS), 0);
		rt_check(!port_pending(timer_port), "set_timer_op(%#lx) fired "
			 "within 20 ms, expected ~100 ms", huge);
		rt_expect(poll(ports, 1, t0 + 5000 * MS), 0);
		rt_check(port_pending(timer_port) && now_ns() - t0 >= 100 * MS,
			 "set_timer_op(%#lx): pending %d after %lu ms, expected "
			 "the event at 100 ms", huge, port_pending(timer_port),
			 (unsigned long)((now_ns() - t0) / MS));
		clear_port(timer_port);
		vi->evtchn_pending_sel = 0;
		vi->evtchn_upcall_pending = 0;
	}
	/* Hostile polls. */
	rt_expect(poll(ports, 129, 0), -XEN_EINVAL);
	ports[1] = 5000;
	rt_expect(poll(ports, 2, 0), -XEN_EINVAL);
	rt_expect(poll((unsigned int *)0xffff830000000000UL, 1, 0), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll,
			     0xffff830000000000UL), -XEN_EFAULT);
	vi->evtchn_upcall_mask = 0;

	/* Runstate: a registered area shows running now, time spent blocked. */
	struct vcpu_register_runstate_memory_area ra;
	ra.addr.v = &rs;
	rt_expect(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra), 0);
	rt_expect(singleshot(now_ns() + 3 * MS, 0), 0);
	rt_check(wait_timer_hits(1), "single-shot for runstate never fired");
	rt_check(rs.state == RUNSTATE_running, "runstate %d, expected running",
		 rs.state);
	rt_check(rs.time[RUNSTATE_running] > 0 && rs.time[RUNSTATE_blocked] >=
		 2 * MS, "runstate times running %lu blocked %lu",
		 rs.time[RUNSTATE_running], rs.time[RUNSTATE_blocked]);
	struct vcpu_runstate_info ri;
	rt_expect(vcpu_op(VCPUOP_get_runstate_info, 0, &ri), 0);
	rt_check(ri.time[RUNSTATE_blocked] >= rs.time[RUNSTATE_blocked],
		 "get_runstate_info behind the area");
	ra.addr.p = 0xffff830000000000UL;
	rt_expect(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra), -XEN_EFAULT);

	/* vcpu_op hostile arguments. */
	rt_expect(vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	rt_expect(vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT);
	rt_expect(vcpu_op(VCPUOP_is_up, 100000, NULL), -XEN_ENOENT);
	rt_expect(vcpu_op(VCPUOP_up, 31, NULL), -XEN_ENOENT);
	rt_expect(vcpu_op(99, 0, NULL), -XEN_ENOSYS);
	rt_expect(vcpu_op(VCPUOP_set_singleshot_timer, 0,
			  (void *)0xffff830000000000UL), -XEN_EFAULT);
	rt_expect(vcpu_op(VCPUOP_initialise, 0, &rs), -XEN_EEXIST);

	/* register_vcpu_info: bad offset, a frame not ours, then a real move. */
	struct vcpu_register_vcpu_info rv = { rt_mfn(free_pfn), 4096 - 32, 0 };
	rt_expect(vcpu_op(VCPUOP_register_vcpu_info, 0, &rv), -XEN_EINVAL);
	rv.offset = 0;
	rv.mfn = 1;                           /* the hypervisor's frame */
	rt_expect(vcpu_op(VCPUOP_register_vcpu_info, 0, &rv), -XEN_EINVAL);
	rv.mfn = rt_mfn(free_pfn);
	rv.offset = 128;
	vi->evtchn_upcall_mask = 1;
	rt_expect(vcpu_op(VCPUOP_register_vcpu_info, 0, &rv), 0);
	rt_expect(rt_uvm(vi_va, (rv.mfn << 12) | P | RW, UVMF_INVLPG | UVMF_LOCAL), 0);
	vi = (struct vcpu_info *)(vi_va + 128);
	rt_check(vi->evtchn_upcall_pending == 1 && vi->evtchn_pending_sel == ~0UL,
		 "new vcpu_info: pending %u sel %#lx", vi->evtchn_upcall_pending,
		 vi->evtchn_pending_sel);
	rt_check(vi->evtchn_upcall_mask == 1, "mask not carried over");
	rt_expect(vcpu_op(VCPUOP_register_vcpu_info, 0, &rv), -XEN_EINVAL);
	/* Timers and upcalls now go through the new vcpu_info. */
	vi->evtchn_upcall_mask = 0;           /* the spurious upcall runs now */
	HYPERCALL2(__HYPERVISOR_xen_version, 0, 0);
	before = upcalls;
	rt_expect(singleshot(now_ns() + 2 * MS, 0), 0);
	rt_check(wait_timer_hits(1), "timer after register_vcpu_info");
	rt_check(upcalls > before, "no upcall through the new vcpu_info");
	/* The frame now holds a vcpu_info: it cannot become a page table. */
	rt_check(rt_mmuext(MMUEXT_PIN_L1_TABLE, rv.mfn, 0) < 0,
		 "vcpu_info frame pinned as a page table");
	rt_printf("timers: %lu upcalls, %lu timer events\n", upcalls,
		  port_hits[timer_port]);
}
