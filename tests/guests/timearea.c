/* Test kernel: VCPUOP_register_vcpu_time_memory_area, its updates and hostile areas. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/event_channel.h>
#include <xen/vcpu.h>

#define MS 1000000ULL
#define PAT 0xa5

static struct shared_info *si;
static volatile struct vcpu_info *vi;
static unsigned int port;

/* Two pages: the area straddles their boundary in one case. */
static uint8_t buf[8192] __attribute__((aligned(4096)));

static long reg(uint64_t va)
{
	struct vcpu_register_time_memory_area a = { .addr.p = va };

	return rt_hypercall(__HYPERVISOR_vcpu_op,
			    VCPUOP_register_vcpu_time_memory_area, 0,
			    (unsigned long)&a, 0, 0);
}

/* Sleep in SCHEDOP_poll until a 1 ms timeout: the vCPU runs again through
 * a fresh switch-in, which rewrites its time records. */
static void resched(void)
{
	struct sched_poll sp;
	unsigned int p = port;

	sp.ports.p = &p;
	sp.nr_ports = 1;
	sp.timeout = rt_system_time(&vi->time) + MS;
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

/* Is a copy equal to the primary record (as the guest reads it now)? */
static bool same_as_primary(const volatile struct vcpu_time_info *c,
			    const char *what)
{
	const volatile struct vcpu_time_info *p = &vi->time;
	bool ok = c->version == p->version && c->tsc_timestamp == p->tsc_timestamp &&
		  c->system_time == p->system_time &&
		  c->tsc_to_system_mul == p->tsc_to_system_mul &&
		  c->tsc_shift == p->tsc_shift && c->flags == p->flags;

	rt_check(ok, "%s: copy v%u ts %lu st %lu mul %u shift %d flags %u, "
		 "primary v%u ts %lu st %lu mul %u shift %d flags %u", what,
		 c->version, c->tsc_timestamp, c->system_time,
		 c->tsc_to_system_mul, c->tsc_shift, c->flags, p->version,
		 p->tsc_timestamp, p->system_time, p->tsc_to_system_mul,
		 p->tsc_shift, p->flags);
	return ok;
}

static bool all_pat(const volatile uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != PAT)
			return false;
	return true;
}

/* The TSC-stable rule (asm/pvclock.h), from the real CPUID. */
static bool expect_stable(void)
{
	uint32_t a, b, c, d, max;
	char sig[13] = "";

	__asm__ volatile("cpuid" : "=a"(max), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0x80000000), "c"(0));
	if (max >= 0x80000007 && max < 0x8000ffff) {
		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
				 : "a"(0x80000007), "c"(0));
		if (d & (1u << 8))
			return true;
	}
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	if (!(c & (1u << 31)))
		return false;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0x40000000), "c"(0));
	__builtin_memcpy(sig, &b, 4);
	__builtin_memcpy(sig + 4, &c, 4);
	__builtin_memcpy(sig + 8, &d, 4);
	return !__builtin_memcmp(sig, "TCGTCGTCGTCG", 12);
}

void test_main(void)
{
	start_info_t *st = rt_start_info;
	unsigned long scratch = rt_va_of(rt_region_pages() - 3); /* padding */
	uint64_t scratch_old, t0, t1;
	volatile struct vcpu_time_info *area;
	unsigned int updates = 0;

	si = rt_map_shared_info();
	vi = &si->vcpu_info[0];
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 0, 0 };
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
			     &bv), 0);
	port = bv.port;

	/* The flag follows the CPU's TSC, as the hypervisor decided. */
	bool stable = expect_stable();
	rt_check(!!(vi->time.flags & XEN_PVCLOCK_TSC_STABLE_BIT) == stable,
		 "primary flags %#x, expected the TSC-stable bit %s",
		 vi->time.flags, stable ? "set" : "clear");

	/* A good area inside buf, with guard bytes around it. */
	__builtin_memset(buf, PAT, sizeof(buf));
	area = (void *)(buf + 64);
	rt_expect(reg((uint64_t)area), 0);
	rt_check(area->version && !(area->version & 1), "version %u after "
		 "registering", area->version);
	same_as_primary(area, "at registration");
	rt_check(all_pat(buf, 64) && all_pat(buf + 64 + sizeof(*area),
					     sizeof(buf) - 64 - sizeof(*area)),
		 "bytes around the area were written");

	/* Rewritten every time the primary is. */
	for (int i = 0; i < 20; i++) {
		uint32_t v0 = vi->time.version;

		resched();
		if (vi->time.version != v0)
			updates++;
		if (!same_as_primary(area, "after a switch"))
			break;
	}
	rt_check(updates >= 10, "only %u of 20 polls rewrote the primary", updates);
	t0 = rt_system_time(area);
	t1 = rt_system_time(&vi->time);
	rt_check(t1 >= t0 && t1 - t0 < 50 * MS, "copy says %lu, primary %lu", t0, t1);

	/* Another vCPU id that does not exist. */
	struct vcpu_register_time_memory_area a = { .addr.p = (uint64_t)area };
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op,
			       VCPUOP_register_vcpu_time_memory_area, 7,
			       (unsigned long)&a, 0, 0), -XEN_ENOENT);
	/* The argument itself in hypervisor space. */
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op,
			       VCPUOP_register_vcpu_time_memory_area, 0,
			       0xffff830000000000UL, 0, 0), -XEN_EFAULT);

	/* Hostile areas: the hypervisor's range, the edge of the lower half,
	 * non-canonical: refused. */
	rt_expect(reg(0xffff800000000000UL), -XEN_EFAULT);
	rt_expect(reg(0xffff830000001000UL), -XEN_EFAULT);
	rt_expect(reg(0xffff87fffffffff0UL), -XEN_EFAULT);
	rt_expect(reg(0x00007ffffffffff0UL), -XEN_EFAULT);
	rt_expect(reg(0x0000900000000000UL), -XEN_EFAULT);
	rt_expect(reg(0xfffffffffffffff0UL), -XEN_EFAULT);

	/* Unmapped: accepted (Xen checks no mapping), never written. */
	rt_expect(reg(0x10000), 0);
	resched();
	rt_expect(reg(rt_va_of(rt_region_pages() + 100)), 0);
	resched();

	/* The guest's own L4 (mapped read-only, a page table): accepted,
	 * never written, still a valid table. */
	uint64_t *l4 = (uint64_t *)st->pt_base;
	uint64_t l4_copy[8];

	__builtin_memcpy(l4_copy, l4, sizeof(l4_copy));
	rt_expect(reg((uint64_t)l4), 0);
	resched();
	resched();
	rt_check(!__builtin_memcmp(l4_copy, l4, sizeof(l4_copy)), "the L4 changed");
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);

	/* A read-only mapping of a data page: never written through. */
	rt_l1e_maddr(scratch, &scratch_old);
	unsigned long f = st->nr_pages - 1;

	rt_fill_frame(f, NULL, 0, 0, -1, 0);
	rt_expect(rt_uvm(scratch, (rt_mfn(f) << 12) | 1 /* P, RO */,
			 UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(reg(scratch + 128), 0);
	resched();
	for (int i = 0; i < 4096; i++)
		if (((volatile uint8_t *)scratch)[i]) {
			rt_fail("read-only page written at %d", i);
			break;
		}

	/* Registered writable, unmapped later, mapped again: skipped while
	 * unmapped, written again once mapped. */
	rt_expect(rt_uvm(scratch, (rt_mfn(f) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(reg(scratch + 256), 0);
	same_as_primary((void *)(scratch + 256), "writable scratch");
	rt_expect(rt_uvm(scratch, 0, UVMF_INVLPG | UVMF_LOCAL), 0);
	resched();
	resched();
	rt_expect(rt_uvm(scratch, (rt_mfn(f) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	resched();
	same_as_primary((void *)(scratch + 256), "mapped again");

	/* Across a page boundary, both pages writable: whole and right. */
	__builtin_memset(buf, PAT, sizeof(buf));
	area = (void *)(buf + 4096 - 12);
	rt_expect(reg((uint64_t)area), 0);
	same_as_primary(area, "across pages");
	resched();
	same_as_primary(area, "across pages, after a switch");
	rt_check(all_pat(buf, 4096 - 12) &&
		 all_pat(buf + 4096 - 12 + sizeof(*area), 4096 + 12 - sizeof(*area)),
		 "bytes around the straddling area were written");

	/* Across into a read-only page: the writable part may change, the
	 * read-only page never does. */
	rt_expect(rt_uvm(scratch, (rt_mfn(f) << 12) | 1, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(reg(scratch - 8), 0);
	resched();
	for (int i = 0; i < 4096; i++)
		if (((volatile uint8_t *)scratch)[i] != 0 &&
		    !(i >= 256 && i < 256 + 32)) {
			rt_fail("read-only page written at %d", i);
			break;
		}
	rt_expect(rt_uvm(scratch, scratch_old, UVMF_INVLPG | UVMF_LOCAL), 0);

	/* Unregistered (0): no more writes. */
	__builtin_memset(buf, PAT, sizeof(buf));
	rt_expect(reg(0), 0);
	resched();
	rt_check(all_pat(buf, sizeof(buf)), "written after unregistering");

	/* And the real thing again, as Linux leaves it. */
	area = (void *)(buf + 64);
	rt_expect(reg((uint64_t)area), 0);
	resched();
	same_as_primary(area, "registered again");
	rt_printf("timearea: %u updates mirrored, TSC-stable %s\n", updates,
		  stable ? "yes" : "no");
}
