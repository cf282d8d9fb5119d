/* Test kernel: set_debugreg/get_debugreg, watchpoints, hostile values. */
#include "rt.h"
#include <xen/version.h>

extern volatile unsigned long trap_vector, trap_error_code, trap_rip, trap_cs;
extern volatile unsigned long trap_rflags, trap_count, trap_resume, trap_rsp;
void handle_db(void), handle_gp(void), handle_pf(void);

#define DR7_L0       0x1UL
#define DR7_RW0(x)   ((unsigned long)(x) << 16)
#define DR7_LEN0(x)  ((unsigned long)(x) << 18)
#define DR7_GD       (1UL << 13)

static struct trap_info table[] = {
	{ 1, 0, 0xe033, (unsigned long)handle_db },
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

static volatile unsigned long watched;
static char version_buf[16] __attribute__((aligned(16)));

static long set(unsigned int reg, unsigned long v)
{
	return HYPERCALL2(__HYPERVISOR_set_debugreg, reg, v);
}

static long get(unsigned int reg)
{
	return HYPERCALL2(__HYPERVISOR_get_debugreg, reg, 0);
}

void test_main(void)
{
	unsigned long c;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);

	/* Reset values. */
	rt_expect(get(6), 0xffff0ff0);
	rt_expect(get(7), 0x400);
	rt_expect(get(0), 0);

	/* DR0-3: guest addresses only. */
	rt_expect(set(0, 0xffff830000000000UL), -XEN_EPERM);   /* the hv's */
	rt_expect(set(1, 0xffff800000000000UL), -XEN_EPERM);   /* the M2P */
	rt_expect(set(2, 0x0000800000000000UL), -XEN_EPERM);   /* non-canonical */
	rt_expect(set(3, 0xffff880000000000UL), 0);            /* guest kernel */
	rt_expect(get(3), (long)0xffff880000000000UL);
	rt_expect(set(3, 0x00007ffffffff000UL), 0);
	rt_expect(get(3), 0x00007ffffffff000L);

	/* DR6: no upper half; reserved bits forced. DR4 aliases it. */
	rt_expect(set(6, 1UL << 32), -XEN_EINVAL);
	rt_expect(set(6, 0), 0);
	rt_expect(get(6), 0xffff0ff0);
	rt_expect(set(4, 0x1001), 0);
	rt_expect(get(6), 0xffff0ff1);
	rt_expect(get(4), 0xffff0ff1);
	rt_expect(set(6, 0), 0);

	/* DR7: no upper half, no GD, no I/O breakpoints without CR4.DE. */
	rt_expect(set(7, 1UL << 32), -XEN_EINVAL);
	rt_expect(set(7, DR7_GD), -XEN_EPERM);
	rt_expect(set(7, 0xffffffffUL), -XEN_EPERM);
	rt_expect(set(7, DR7_L0 | DR7_RW0(2)), -XEN_EPERM);
	rt_expect(set(7, DR7_RW0(2)), 0);             /* not enabled: allowed */
	rt_expect(get(7), 0x20400);
	rt_expect(set(5, 0xd800), 0);                 /* reserved zeros cleared */
	rt_expect(get(7), 0x400);
	rt_expect(get(5), 0x400);

	/* Other registers. */
	rt_expect(set(8, 0), -XEN_ENODEV);
	rt_expect(get(8), -XEN_ENODEV);
	rt_expect(get(~0u), -XEN_ENODEV);

	/* A write watchpoint on an 8-byte variable: #DB with B0 in DR6. */
	rt_expect(set(0, (unsigned long)&watched), 0);
	rt_expect(set(7, DR7_L0 | DR7_RW0(1) | DR7_LEN0(2)), 0);
	c = trap_count;
	watched = 1;
	rt_check(trap_count == c + 1, "watchpoint: %lu traps, expected 1",
		 trap_count - c);
	rt_check(trap_vector == 1, "watchpoint: vector %lu, expected 1",
		 trap_vector);
	rt_check(trap_error_code == (unsigned long)-1, "watchpoint: error code "
		 "%#lx, expected none", trap_error_code);
	rt_check((get(6) & 0xf) == 1, "DR6 after the watchpoint: %#lx, expected "
		 "B0", get(6));
	/* Reads do not trigger a write watchpoint. */
	c = trap_count;
	(void)watched;
	rt_check(trap_count == c, "a read hit a write watchpoint");
	rt_expect(set(6, 0), 0);

	/* The hypervisor writing the watched buffer does not #DB the guest
	 * (or the hypervisor); Xen records it in DR6. */
	rt_expect(set(0, (unsigned long)version_buf), 0);
	c = trap_count;
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_extraversion,
			     version_buf), 0);
	rt_check(trap_count == c, "the hypervisor's write raised %lu guest traps",
		 trap_count - c);
	rt_check((get(6) & 0xf) == 1, "DR6 after the hypervisor's write: %#lx, "
		 "expected B0 noted", get(6));
	rt_printf("debugreg: extraversion '%s' read under a watchpoint\n",
		  version_buf);

	/* Disabled: no more traps. */
	rt_expect(set(7, 0), 0);
	c = trap_count;
	watched = 2;
	rt_check(trap_count == c, "DR7 cleared, still %lu traps", trap_count - c);
}
