/* Test kernel: virtual IOPL (cli/sti, port I/O, I/O bitmap), TSC_AUX, bounce logging. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/callback.h>
#include <xen/physdev.h>

/*
 * Xen's rules (pv/emul-priv-op.c, XTF's pv-iopl test): the guest kernel
 * has virtual CPL 1 (0 under VMASST_TYPE_architectural_iopl), its user
 * mode 3; cli/sti and port I/O trap in ring 3 and are emulated when the
 * virtual IOPL is at least the virtual CPL, or, for ports, the
 * PHYSDEVOP_set_iobitmap bitmap clears them. Otherwise the guest gets
 * #GP(0). A domU owns no ports: reads give all-ones, writes vanish.
 * Command line: "aux=N" (decimal) the TSC_AUX value this domain keeps
 * (a peer keeps another), "flood" also takes a few thousand #UD for
 * the hypervisor's rate-limited fault log.
 */

extern volatile unsigned long trap_vector, trap_error_code, trap_count;
extern volatile unsigned long trap_resume, trap_cs, trap_rflags, trap_rip;
extern volatile unsigned long user_in_value;
void handle_gp(void), handle_ud(void), handle_pf(void);
void iopl_user_run(unsigned long rip, unsigned long rsp, unsigned long rflags);
void iopl_syscall_entry(void);
void iret_with_rflags(unsigned long rflags);
void user_cli(void), user_sti(void), user_outb(void), user_inb(void);

#define MSR_TSC_AUX 0xc0000103
#define EFLAGS_IF   0x200UL
#define IOPL(n)     ((unsigned long)(n) << 12)

static uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static uint8_t iobmp[8192];
static volatile struct shared_info *si;

static struct trap_info table[] = {
	{ 6, 0, 0xe033, (unsigned long)handle_ud },
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

static long set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl s = { iopl };

	return HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &s);
}

static long set_iobitmap(void *bitmap, unsigned int nr_ports)
{
	struct physdev_set_iobitmap s = { .nr_ports = nr_ports };

	set_xen_guest_handle(s.bitmap, bitmap);
	return HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iobitmap, &s);
}

static long vm_assist_iopl(unsigned int cmd)
{
	return HYPERCALL2(__HYPERVISOR_vm_assist, cmd,
			  VMASST_TYPE_architectural_iopl);
}

static volatile uint8_t *upcall_mask(void)
{
	return &si->vcpu_info[0].evtchn_upcall_mask;
}

/* The rflags for an iret that keeps the current event mask. */
static unsigned long kernel_rflags(unsigned int iopl)
{
	return 0x2 | (*upcall_mask() ? 0 : EFLAGS_IF) | IOPL(iopl);
}

/*
 * Kernel-mode probes: the instruction with a #GP fixup; each returns how
 * many #GP(0) it took (any other trap is a failure).
 */
static unsigned long took(unsigned long before, const char *what)
{
	unsigned long n = trap_count - before;

	trap_resume = 0;
	if (n)
		rt_check(trap_vector == 13 && trap_error_code == 0 &&
			 (trap_cs & 3) == 0, "%s: vector %lu error code %#lx cs "
			 "%#lx, expected #GP(0) from the kernel", what,
			 trap_vector, trap_error_code, trap_cs);
	return n;
}

#define KPROBE(what, insn, ...) ({ unsigned long _c = trap_count; \
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); " \
		     insn "; 1:" __VA_ARGS__); took(_c, what); })

static unsigned long k_cli(void)
{
	return KPROBE("cli", "cli", ::: "r8", "memory");
}

static unsigned long k_sti(void)
{
	return KPROBE("sti", "sti", ::: "r8", "memory");
}

/* in of size 1, 2 or 4 from port; *val gets rax afterwards. */
static unsigned long k_in(unsigned int size, uint16_t port, unsigned long *val)
{
	unsigned long v = 0x1122334455667788UL;
	unsigned long n;

	if (size == 1)
		n = KPROBE("inb", "inb %%dx, %%al", : "+a"(v) : "d"(port)
			   : "r8", "memory");
	else if (size == 2)
		n = KPROBE("inw", "inw %%dx, %%ax", : "+a"(v) : "d"(port)
			   : "r8", "memory");
	else
		n = KPROBE("inl", "inl %%dx, %%eax", : "+a"(v) : "d"(port)
			   : "r8", "memory");
	*val = v;
	return n;
}

static unsigned long k_outb(uint16_t port)
{
	return KPROBE("outb", "outb %%al, %%dx", :: "a"(0x5a), "d"(port)
		      : "r8", "memory");
}

/* One user-mode snippet with rflags (IOPL); returns the #GP(0) it took. */
static unsigned long u_run(void (*fn)(void), unsigned int iopl, const char *what)
{
	unsigned long c = trap_count, n;

	iopl_user_run((unsigned long)fn, (unsigned long)user_stack +
		      sizeof(user_stack), 0x202 | IOPL(iopl));
	trap_resume = 0;
	n = trap_count - c;
	if (n)
		rt_check(trap_vector == 13 && trap_error_code == 0 &&
			 (trap_cs & 3) == 3, "user %s: vector %lu error code "
			 "%#lx cs %#lx, expected #GP(0) from user mode", what,
			 trap_vector, trap_error_code, trap_cs);
	return n;
}

/* The IOPL field of a bounce frame: take a #UD in the kernel, read it. */
static unsigned int frame_iopl(void)
{
	unsigned long c = trap_count;

	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "ud2; 1:" ::: "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == c + 1 && trap_vector == 6, "ud2: %lu traps, "
		 "vector %lu", trap_count - c, trap_vector);
	return (trap_rflags >> 12) & 3;
}

/* A user L4 sharing the kernel's slot 511 (as the usermode test). */
static void setup_user_mode(void)
{
	start_info_t *sinfo = rt_start_info;
	uint64_t *kl4 = (uint64_t *)sinfo->pt_base, old;
	unsigned long F = sinfo->nr_pages - 1, S = rt_va_of(rt_region_pages() - 1);
	struct callback_register cb = { CALLBACKTYPE_syscall, 0,
					(unsigned long)iopl_syscall_entry };

	rt_l1e_maddr(S, &old);
	rt_expect(rt_uvm(S, (rt_mfn(F) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		((uint64_t *)S)[i] = 0;
	((uint64_t *)S)[511] = kl4[511];
	rt_expect(rt_uvm(S, old, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(F), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, rt_mfn(F), 0), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			     &cb), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_stack_switch, FLAT_RING3_SS64,
			     (unsigned long)kernel_stack + sizeof(kernel_stack)),
		  0);
	si = rt_map_shared_info();
}

/* vIOPL 0 (the start, and after set_iopl(0)): everything #GPs. */
static void check_iopl0(const char *when)
{
	unsigned long v;

	rt_check(k_cli() == 1, "%s: kernel cli at vIOPL 0 did not #GP", when);
	rt_check(k_sti() == 1, "%s: kernel sti at vIOPL 0 did not #GP", when);
	rt_check(k_in(1, 0x80, &v) == 1, "%s: kernel inb at vIOPL 0 without a "
		 "bitmap did not #GP", when);
	rt_check(v == 0x1122334455667788UL, "%s: a refused inb changed rax to "
		 "%#lx", when, v);
	rt_check(k_outb(0x80) == 1, "%s: kernel outb at vIOPL 0 did not #GP",
		 when);
	rt_check(u_run(user_cli, 0, "cli") == 1, "%s: user cli did not #GP",
		 when);
	rt_check(u_run(user_outb, 0, "outb") == 1, "%s: user outb did not "
		 "#GP", when);
}

static void check_set_iopl(void)
{
	rt_expect(set_iopl(4), -XEN_EINVAL);
	rt_expect(set_iopl(~0u), -XEN_EINVAL);
	rt_expect(HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			     0xffff800000000000UL), -XEN_EFAULT);
	rt_expect(set_iopl(0), 0);
}

/* PHYSDEVOP_set_iobitmap at vIOPL 0: only the ports it clears. */
static void check_iobitmap(void)
{
	unsigned long v;

	__builtin_memset(iobmp, 0xff, sizeof(iobmp));
	iobmp[0x80 / 8] &= ~1;                  /* port 0x80 */
	iobmp[0x500 / 8] &= ~1;                 /* 0x500: past nr_ports */
	rt_expect(set_iobitmap((void *)0xffff800000000000UL, 0x400), -XEN_EINVAL);
	rt_expect(set_iobitmap(iobmp, 65537), -XEN_EINVAL);
	rt_expect(set_iobitmap(iobmp, 0x400), 0);

	rt_check(k_in(1, 0x80, &v) == 0, "inb 0x80, cleared in the bitmap: "
		 "#GP");
	rt_check(v == 0x11223344556677ffUL, "inb 0x80 from a port the domain "
		 "does not own: rax %#lx, expected ...77ff", v);
	rt_check(k_outb(0x80) == 0, "outb 0x80, cleared in the bitmap: #GP");
	rt_check(k_in(1, 0x81, &v) == 1, "inb 0x81, set in the bitmap: no #GP");
	rt_check(k_in(2, 0x7f, &v) == 1, "inw 0x7f (0x7f set): no #GP");
	rt_check(k_in(2, 0x80, &v) == 1, "inw 0x80 (0x81 set): no #GP");
	rt_check(k_in(1, 0x500, &v) == 1, "inb 0x500, past nr_ports: no #GP");
	rt_check(k_cli() == 1, "cli at vIOPL 0 with a bitmap: no #GP");
	/* From user mode the bitmap is read through the kernel's tables. */
	user_in_value = 0;
	rt_check(u_run(user_inb, 0, "inb") == 0, "user inb 0x80, cleared in "
		 "the bitmap: #GP");
	rt_check(user_in_value == 0x123456ff, "user inb 0x80: eax %#lx",
		 user_in_value);
	rt_check(u_run(user_cli, 0, "cli") == 1, "user cli with a bitmap: no "
		 "#GP");
	/* nr_ports 0: no bitmap. */
	rt_expect(set_iobitmap(iobmp, 0), 0);
	rt_check(k_in(1, 0x80, &v) == 1, "inb 0x80 after the bitmap went: no "
		 "#GP");
}

/* vIOPL 1, as Linux: the kernel's cli/sti/ports emulated, user's #GP. */
static void check_iopl1(void)
{
	uint8_t buf[16] = { 0 };
	void *p = buf;
	unsigned long v, n = 8, flags, c;

	rt_expect(set_iopl(1), 0);
	*upcall_mask() = 0;
	rt_check(k_cli() == 0, "kernel cli at vIOPL 1: #GP");
	rt_check(*upcall_mask() == 0, "cli changed evtchn_upcall_mask to %u "
		 "(Xen 4.17 leaves it)", *upcall_mask());
	*upcall_mask() = 1;
	rt_check(k_sti() == 0, "kernel sti at vIOPL 1: #GP");
	rt_check(*upcall_mask() == 1, "sti changed evtchn_upcall_mask to %u "
		 "(Xen 4.17 leaves it)", *upcall_mask());

	/* arch/x86/lib/cmpxchg16b_emu.S: pushf; cli; ...; popf. */
	c = trap_count;
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "pushf; cli; 1: mov (%%rsp), %0; popf"
		     : "=r"(flags) :: "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == c, "pushf; cli; popf at vIOPL 1: %lu traps",
		 trap_count - c);
	rt_check((flags & EFLAGS_IF) && !(flags & IOPL(3)), "pushf saw "
		 "rflags %#lx: expected IF set and IOPL 0 (ring 3's)", flags);

	rt_check(k_in(1, 0x3f8, &v) == 0 && v == 0x11223344556677ffUL,
		 "inb 0x3f8 at vIOPL 1: rax %#lx", v);
	rt_check(k_in(2, 0x60, &v) == 0 && v == 0x112233445566ffffUL,
		 "inw 0x60 at vIOPL 1: rax %#lx", v);
	rt_check(k_in(4, 0xcfc, &v) == 0 && v == 0xffffffffUL,
		 "inl 0xcfc at vIOPL 1: rax %#lx", v);
	rt_check(k_outb(0x80) == 0, "outb at vIOPL 1: #GP");
	c = trap_count;
	asm volatile("rep insb" : "+D"(p), "+c"(n) : "d"(0x3f8) : "memory");
	rt_check(trap_count == c && n == 0 && p == buf + 8 && buf[7] == 0xff &&
		 buf[8] == 0, "rep insb at vIOPL 1: %lu traps, rcx %lu",
		 trap_count - c, n);
	p = buf;
	n = 3;
	asm volatile("rep outsw" : "+S"(p), "+c"(n) : "d"(0x3f8) : "memory");
	rt_check(trap_count == c && n == 0, "rep outsw at vIOPL 1: %lu traps",
		 trap_count - c);

	/* User mode is vCPL 3. */
	rt_check(u_run(user_cli, 1, "cli") == 1, "user cli at vIOPL 1: no #GP");
	rt_check(u_run(user_sti, 1, "sti") == 1, "user sti at vIOPL 1: no #GP");
	rt_check(u_run(user_outb, 1, "outb") == 1, "user outb at vIOPL 1: no "
		 "#GP");
	rt_check(u_run(user_inb, 1, "inb") == 1, "user inb at vIOPL 1: no #GP");

	rt_expect(set_iopl(2), 0);
	rt_check(k_cli() == 0, "kernel cli at vIOPL 2: #GP");
	rt_check(u_run(user_cli, 2, "cli") == 1, "user cli at vIOPL 2: no #GP");

	rt_expect(set_iopl(3), 0);
	rt_check(u_run(user_cli, 3, "cli") == 0, "user cli at vIOPL 3: #GP");
	rt_check(u_run(user_sti, 3, "sti") == 0, "user sti at vIOPL 3: #GP");
	rt_check(u_run(user_outb, 3, "outb") == 0, "user outb at vIOPL 3: #GP");
	user_in_value = 0;
	rt_check(u_run(user_inb, 3, "inb") == 0, "user inb at vIOPL 3: #GP");
	rt_check(user_in_value == 0x123456ff, "user inb at vIOPL 3: eax %#lx",
		 user_in_value);
	/* Without the assist, frames show IOPL 0 and iret cannot set it. */
	rt_check(frame_iopl() == 0, "bounce frame IOPL %u without "
		 "architectural_iopl, expected 0", frame_iopl());
	rt_expect(set_iopl(0), 0);
	iret_with_rflags(kernel_rflags(3));
	rt_check(k_cli() == 1, "iret with IOPL 3 changed the vIOPL without "
		 "architectural_iopl");
}

/* VMASST_TYPE_architectural_iopl: kernel vCPL 0, iret sets the vIOPL. */
static void check_architectural_iopl(void)
{
	rt_expect(vm_assist_iopl(VMASST_CMD_enable), 0);
	iret_with_rflags(kernel_rflags(0));
	rt_check(frame_iopl() == 0, "frame IOPL %u after iret with IOPL 0",
		 frame_iopl());
	rt_check(k_cli() == 0, "kernel cli at vIOPL 0 under "
		 "architectural_iopl (vCPL 0): #GP");
	rt_check(k_outb(0x80) == 0, "kernel outb at vIOPL 0 under "
		 "architectural_iopl: #GP");
	rt_check(u_run(user_cli, 0, "cli") == 1, "user cli at vIOPL 0 under "
		 "architectural_iopl: no #GP");
	/* The iret into user mode sets the vIOPL user code runs with. */
	rt_check(u_run(user_cli, 1, "cli") == 1, "user cli, iret IOPL 1: no "
		 "#GP");
	rt_check(((trap_rflags >> 12) & 3) == 1, "user #GP frame rflags %#lx: "
		 "IOPL should be 1", trap_rflags);
	rt_check(u_run(user_cli, 3, "cli") == 0, "user cli, iret IOPL 3: #GP");
	rt_check(u_run(user_outb, 3, "outb") == 0, "user outb, iret IOPL 3: "
		 "#GP");
	iret_with_rflags(kernel_rflags(2));
	rt_check(frame_iopl() == 2, "frame IOPL %u after iret with IOPL 2",
		 frame_iopl());
	rt_expect(set_iopl(3), 0);          /* still works under the assist */
	rt_check(frame_iopl() == 3, "frame IOPL %u after set_iopl(3)",
		 frame_iopl());
	iret_with_rflags(kernel_rflags(0));
	rt_expect(vm_assist_iopl(VMASST_CMD_disable), 0);
	rt_check(frame_iopl() == 0, "frame IOPL %u with the assist off",
		 frame_iopl());
	rt_check(k_cli() == 1, "kernel cli at vIOPL 0, assist off: no #GP");
}

/* MSR_TSC_AUX: per vCPU, read by rdtscp (and rdpid), 32 bits. */
static void check_tsc_aux(void)
{
	uint32_t a, b, c, d, aux, lo, hi;
	long want = rt_cmdline_number("aux");
	unsigned long n = trap_count, v;
	bool rdpid;

	asm volatile("ud2; .ascii \"xen\"; cpuid" : "=a"(a), "=b"(b), "=c"(c),
		     "=d"(d) : "a"(0x80000001), "c"(0));
	if (!(d & (1u << 27))) {
		rt_printf("no RDTSCP in CPUID: TSC_AUX not tested\n");
		return;
	}
	asm volatile("ud2; .ascii \"xen\"; cpuid" : "=a"(a), "=b"(b), "=c"(c),
		     "=d"(d) : "a"(7), "c"(0));
	rdpid = c & (1u << 22);
	if (want <= 0 || want > 0xffffffffL)
		want = 0x1234;          /* never 0, the MSR's reset value */
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "wrmsr; 1:" :: "c"(MSR_TSC_AUX), "a"((uint32_t)want),
		     "d"(0) : "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == n, "wrmsr TSC_AUX %#lx: #GP", want);
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "rdmsr; 1:" : "=a"(lo), "=d"(hi) : "c"(MSR_TSC_AUX),
		     "a"(0), "d"(0) : "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == n && lo == want && hi == 0, "rdmsr TSC_AUX: "
		 "%#x:%#x, expected %#lx", hi, lo, want);
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "wrmsr; 1:" :: "c"(MSR_TSC_AUX), "a"(0), "d"(1)
		     : "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == n + 1 && trap_vector == 13, "wrmsr TSC_AUX "
		 "with bit 32: no #GP");
	for (int i = 0; i < 200; i++) {
		asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
		if (aux != want) {
			rt_fail("rdtscp ecx %#x, expected this domain's TSC_AUX "
				"%#lx (round %d)", aux, want, i);
			break;
		}
		if (rdpid) {
			asm volatile("rdpid %0" : "=r"(v));
			rt_check(v == (unsigned long)want, "rdpid %#lx, expected "
				 "%#lx", v, want);
		}
		rt_yield();         /* let a peer with its own value run */
	}
}

/* One #PF, first of all, so that the hypervisor logs it with its CR2. */
static void page_fault_probe(void)
{
	unsigned long c = trap_count, rip, v;

	asm volatile("lea 2f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "lea 1f(%%rip), %1; 1: mov 0x1238, %0; 2:"
		     : "=r"(v), "=r"(rip) :: "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == c + 1 && trap_vector == 14, "read of 0x1238: "
		 "%lu traps, vector %lu", trap_count - c, trap_vector);
	rt_printf("page fault probe at rip %#lx\n", rip);
}

/* "flood": 3000 #UD for the log's rate limit, then one more later. */
static void flood(void)
{
	volatile struct vcpu_time_info *t = &si->vcpu_info[0].time;
	uint64_t until;

	if (!rt_cmdline_has("flood"))
		return;
	for (int i = 0; i < 3000; i++)
		frame_iopl();
	/* Past the limiter's refill, one more: the count of the rest. */
	until = rt_system_time(t) + 1500000000ULL;
	while (rt_system_time(t) < until)
		rt_yield();
	frame_iopl();
	rt_printf("flood done\n");
}

void test_main(void)
{
	rt_printf("iopl: virtual IOPL, port I/O, TSC_AUX\n");
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	page_fault_probe();
	setup_user_mode();
	check_iopl0("at start");
	check_set_iopl();
	check_iopl0("after set_iopl(0)");
	check_iobitmap();
	check_iopl1();
	check_architectural_iopl();
	check_tsc_aux();
	flood();
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE,
			    rt_mfn(rt_start_info->nr_pages - 1), 0), 0);
}
