/* Test kernel: set_debugreg/get_debugreg, watchpoints, hostile values. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/vcpu.h>
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

/*
 * mov %drN by the guest kernel, emulated as set/get_debugreg. Each macro
 * gives -1 when it ran, else the #GP's error code (the fault's resume
 * skips the instruction).
 */
#define MOV_TO_DR(n, v) ({ unsigned long _c = trap_count;		\
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip);" \
		     "mov %0, %%db" #n "; movq $0, trap_resume(%%rip); 2:"	\
		     :: "r"((unsigned long)(v)) : "rax", "memory");	\
	trap_count == _c ? -1L : (long)trap_error_code; })
#define MOV_FROM_DR(n, out) ({ unsigned long _c = trap_count;		\
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip);" \
		     "mov %%db" #n ", %0; movq $0, trap_resume(%%rip); 2:"	\
		     : "+r"(out) :: "rax", "memory");			\
	trap_count == _c ? -1L : (long)trap_error_code; })

static void mov_dr(void)
{
	unsigned long v = 0, c;
	register unsigned long r9 asm("r9") = 0;

	/* Round trips through the same checks as the hypercalls. */
	rt_expect(MOV_TO_DR(0, 0x1000), -1);
	rt_expect(get(0), 0x1000);
	rt_expect(MOV_FROM_DR(0, v), -1);
	rt_expect(v, 0x1000);
	rt_expect(set(3, 0x7000), 0);
	asm volatile("mov %%db3, %0" : "=r"(r9));     /* REX.B: r9 */
	rt_expect(r9, 0x7000);
	rt_expect(MOV_FROM_DR(7, v), -1);
	rt_expect(v, 0x400);
	rt_expect(MOV_FROM_DR(6, v), -1);
	rt_expect(v, 0xffff0ff0);
	/* DR4/DR5 are DR6/DR7 (no CR4.DE for PV). */
	rt_expect(MOV_FROM_DR(5, v), -1);
	rt_expect(v, 0x400);
	rt_expect(MOV_TO_DR(4, 0x1002), -1);
	rt_expect(get(6), 0xffff0ff2);
	rt_expect(set(6, 0), 0);
	rt_expect(MOV_TO_DR(5, DR7_RW0(2)), -1);      /* not enabled */
	rt_expect(get(7), 0x20400);
	rt_expect(set(7, 0), 0);

	/* What set_debugreg refuses is a #GP(0) to the guest, the register
	 * unchanged. */
	rt_expect(MOV_TO_DR(1, 0xffff830000000000UL), 0);
	rt_expect(get(1), 0);
	rt_expect(MOV_TO_DR(6, 1UL << 32), 0);
	rt_expect(MOV_TO_DR(7, DR7_GD), 0);
	rt_expect(MOV_TO_DR(7, DR7_L0 | DR7_RW0(2)), 0);
	rt_expect(get(7), 0x400);
	/* DR8 (REX.R): no such register. */
	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip);"
		     ".byte 0x44, 0x0f, 0x21, 0xc1; movq $0, trap_resume(%%rip);"
		     " 2:" ::: "rax", "rcx", "memory");
	rt_check(trap_count == c + 1 && trap_vector == 13,
		 "mov %%dr8, %%rcx: %lu traps, vector %lu, expected one #GP",
		 trap_count - c, trap_vector);

	/* A live watchpoint set by mov fires like one set by hypercall. */
	rt_expect(MOV_TO_DR(0, (unsigned long)&watched), -1);
	rt_expect(MOV_TO_DR(7, DR7_L0 | DR7_RW0(1) | DR7_LEN0(2)), -1);
	c = trap_count;
	watched = 3;
	rt_check(trap_count == c + 1 && trap_vector == 1,
		 "watchpoint by mov %%db7: %lu traps, vector %lu, expected a #DB",
		 trap_count - c, trap_vector);
	rt_expect(MOV_TO_DR(7, 0), -1);
	rt_expect(MOV_TO_DR(6, 0), -1);
	rt_expect(MOV_TO_DR(0, 0), -1);
	rt_printf("debugreg: mov to/from %%db0-7 emulated\n");
}

/* ---- cmdline "entry": breakpoints that fire in the hypervisor ---- */

#define DR7_RW_ANY   3UL                  /* break on reads and writes */
#define DR7_LEN_2    1UL
#define DR7_LEN_8    2UL

#define CONSOLE_TEXT "debugreg: console_io read a watched buffer\n"
static char console_text[64] __attribute__((aligned(8))) = CONSOLE_TEXT;
static struct mmuext_op flush_op __attribute__((aligned(8))) =
	{ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
static volatile uint16_t ss_value __attribute__((aligned(8))) = 0xe02b;
extern char xsa260_syscall[];

/* set_debugreg(reg, hypervisor address): refused, the register unchanged. */
static void hv_address_refused(void)
{
	static const unsigned long hv[] = {
		0xffff800000000000UL, 0xffff82d080000000UL,
		0xffff830000000000UL, 0xffff87fffffffff8UL,
	};

	for (unsigned int r = 0; r < 4; r++) {
		for (unsigned int i = 0; i < sizeof(hv) / sizeof(hv[0]); i++) {
			long rc = set(r, hv[i]);

			rt_check(rc == -XEN_EPERM, "set_debugreg(%u, %#lx) = %ld, "
				 "expected %d (EPERM)", r, hv[i], rc, -XEN_EPERM);
		}
		rt_check(get(r) == 0, "DR%u after refused sets: %#lx, expected 0",
			 r, get(r));
	}
}

/*
 * A read/write watchpoint (8 bytes) through DRn on a buffer the next
 * hypercall reads: the #DB is taken in the hypervisor, which notes it in
 * our DR6 (Bn) and carries on: the call succeeds, no guest trap.
 */
static void hv_reads_watched(unsigned int n, const void *buf,
			     const char *what, long (*call)(void))
{
	unsigned long c;
	long rc, dr6;

	rt_expect(set(6, 0), 0);
	rt_expect(set(n, (unsigned long)buf), 0);
	rt_expect(set(7, (DR7_L0 << (2 * n)) |
		      ((DR7_RW_ANY | DR7_LEN_8 << 2) << (16 + 4 * n))), 0);
	c = trap_count;
	rc = call();
	rt_expect(set(7, 0), 0);
	dr6 = get(6);
	rt_check(rc >= 0, "%s under a watchpoint on its argument: %ld, expected "
		 "success", what, rc);
	rt_check(trap_count == c, "%s: the hypervisor's read raised %lu guest "
		 "traps, expected none", what, trap_count - c);
	rt_check((dr6 & 0xf) == 1UL << n, "DR6 after %s read a DR%u-watched "
		 "argument: %#lx, expected B%u noted", what, n, dr6, n);
}

static long console_write_watched(void)
{
	return HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write,
			  sizeof(CONSOLE_TEXT) - 1, console_text);
}

static long mmuext_watched(void)
{
	return rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&flush_op, 1,
			    0, DOMID_SELF, 0);
}

/*
 * XSA-260 (CVE-2018-8897): mov to %ss from a watched variable, then
 * syscall. The #DB is held for one instruction by the mov-ss shadow: on
 * hardware it is taken on the hypervisor's first syscall instruction
 * (ring 0, the guest's GS base still live); QEMU's TCG raises it in the
 * guest at the syscall. Either is fine if the guest's xen_version
 * returns, the guest lives on and the hypervisor with it.
 */
static void xsa260(void)
{
	unsigned long c, traps;
	long rax = __HYPERVISOR_xen_version, dr6;
	unsigned long rdi = XENVER_version, rsi = 0;

	rt_expect(set(6, 0), 0);
	rt_expect(set(0, (unsigned long)&ss_value), 0);
	rt_expect(set(7, DR7_L0 | DR7_RW0(DR7_RW_ANY) | DR7_LEN0(DR7_LEN_2)), 0);
	c = trap_count;
	asm volatile("mov ss_value(%%rip), %%ss\n"
		     "xsa260_syscall: syscall"
		     : "+a"(rax), "+D"(rdi), "+S"(rsi)
		     : : "rcx", "r11", "memory");
	traps = trap_count - c;
	rt_expect(set(7, 0), 0);
	dr6 = get(6);
	rt_check(rax == 0x40011, "xen_version after mov ss: %#lx, expected "
		 "0x40011 (4.17)", rax);
	if (traps) {
		rt_check(traps == 1 && trap_vector == 1 &&
			 trap_rip == (unsigned long)xsa260_syscall,
			 "mov ss + syscall: %lu guest traps, vector %lu at %#lx, "
			 "expected one #DB at the syscall %p", traps, trap_vector,
			 trap_rip, xsa260_syscall);
		rt_printf("debugreg: mov ss + syscall: #DB in the guest at the "
			  "syscall\n");
	} else {
		rt_printf("debugreg: mov ss + syscall: #DB taken in the "
			  "hypervisor\n");
	}
	rt_check(dr6 & 1, "DR6 after mov ss + syscall: %#lx, expected B0", dr6);
}

/*
 * cmdline "inherit" (3 vCPUs, 2 CPUs): vCPU 0 watches writes to
 * inherit_word and yields; vCPUs 1 and 2, with no breakpoints, write it
 * and yield. Whichever CPU a vCPU lands on, it must never take vCPU 0's
 * #DB: every context switch loads the incoming vCPU's DR7 (or clears a
 * live one), on every CPU.
 */
#define INHERIT_ROUNDS 500
static volatile unsigned long inherit_word, inherit_done[3];
static uint8_t inherit_stack[3][8192] __attribute__((aligned(16)));
static struct vcpu_guest_context inherit_ctxt;

void inherit_main(unsigned long id)
{
	for (unsigned long i = 0; i < INHERIT_ROUNDS; i++) {
		inherit_word = i;
		rt_yield();
	}
	inherit_done[id] = 1;
	rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_down, id, 0, 0, 0);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void inherit_entry(void);
asm(".text\ninherit_entry:\n call inherit_main\n ud2\n");

static void inherit_checks(void)
{
	uint64_t l4;
	unsigned long c = trap_count;

	rt_l1e_maddr(rt_start_info->pt_base, &l4);
	rt_expect(set(0, (unsigned long)&inherit_word), 0);
	rt_expect(set(7, DR7_L0 | DR7_RW0(1) | DR7_LEN0(2)), 0);
	for (unsigned int id = 1; id < 3; id++) {
		struct vcpu_guest_context *x = &inherit_ctxt;

		x->flags = VGCF_in_kernel;
		x->user_regs.rip = (unsigned long)inherit_entry;
		x->user_regs.rsp = (unsigned long)inherit_stack[id] +
				   sizeof(inherit_stack[0]) - 8;
		x->user_regs.rdi = id;
		x->user_regs.cs = FLAT_KERNEL_CS;
		x->user_regs.ss = FLAT_KERNEL_SS;
		x->user_regs.rflags = 0x202;
		x->trap_ctxt[1] = (struct trap_info){ 1, 0, FLAT_KERNEL_CS,
						      (unsigned long)handle_db };
		x->kernel_ss = FLAT_KERNEL_SS;
		x->kernel_sp = x->user_regs.rsp;
		x->ctrlreg[3] = xen_pfn_to_cr3((l4 & RT_ADDR_MASK) >> 12);
		rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_initialise,
				       id, (unsigned long)x, 0, 0), 0);
		rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_up, id, 0, 0,
				       0), 0);
	}
	for (long i = 0; i < 10000000 && !(inherit_done[1] && inherit_done[2]);
	     i++)
		rt_yield();
	rt_check(inherit_done[1] && inherit_done[2], "vCPUs 1 and 2 did not "
		 "finish (%lu, %lu)", inherit_done[1], inherit_done[2]);
	rt_expect(set(7, 0), 0);
	rt_check(trap_count == c, "vCPUs 1 and 2 (no breakpoints) took %lu "
		 "#DBs from vCPU 0's watchpoint in %d writes each, expected none",
		 trap_count - c, INHERIT_ROUNDS);
	rt_printf("debugreg: %d writes each by vCPUs 1 and 2 beside vCPU 0's "
		  "watchpoint, %lu #DBs\n", INHERIT_ROUNDS, trap_count - c);
}

static void entry_checks(void)
{
	hv_address_refused();
	hv_reads_watched(0, console_text, "console_io write",
			 console_write_watched);
	hv_reads_watched(1, &flush_op, "mmuext_op", mmuext_watched);
	xsa260();
	rt_printf("debugreg: breakpoints in the hypervisor's entry paths "
		  "survived\n");
}

void test_main(void)
{
	unsigned long c;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	if (rt_cmdline_has("entry")) {
		entry_checks();
		return;
	}
	if (rt_cmdline_has("inherit")) {
		inherit_checks();
		return;
	}

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
	rt_expect(set(6, 0), 0);
	rt_expect(set(0, 0), 0);
	rt_expect(set(3, 0), 0);

	mov_dr();
}
