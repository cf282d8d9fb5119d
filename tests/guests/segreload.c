/* Test kernel: data selectors the hypervisor cannot load at a context switch get the failsafe callback. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/callback.h>
#include <xen/vcpu.h>

/*
 * Command line (one case each):
 *   init=ds|es|fs|gs|all [nofailsafe]  vCPU 1 is initialised with that
 *	selector 0x7 (an LDT one; it has no LDT): it must start in its
 *	failsafe callback (or, with nofailsafe, the domain must die);
 *   table=ldt|gdt how=unset|zero reg=ds|es|fs|gs [remote]  a selector
 *	loaded from our LDT/GDT, then made invalid (unset: SET_LDT 0 /
 *	set_gdt shrunk; zero: update_descriptor 0) while in a register;
 *	a forced context switch must end in the failsafe callback. remote:
 *	vCPU 1 holds the selector and vCPU 0 zeroes the descriptor.
 *   init=cs|ss  vCPU 1 is initialised with the hypervisor's ring-0 CS
 *	(0xe008) or DS (0xe010) as its cs/ss, no failsafe callback: Xen
 *	raises their RPL to 3, the return to the guest faults and the
 *	domain must die (never run in ring 0).
 */

#define LDT_SEL   0x7      /* LDT entry 0, RPL 3 */
#define GDT_SEL   0x1b     /* GDT entry 3, RPL 3 */
#define GDT_ENTS  16
#define DATA_DPL3 0x00cff2000000ffffULL   /* flat data, DPL 3 */
#define P_RW      0x2UL
#define LIMIT     10000000L                /* liveness bound of waits */

enum { SEG_DS, SEG_ES, SEG_FS, SEG_GS, NR_SEGS };
static const char *const seg_name[NR_SEGS] = { "ds", "es", "fs", "gs" };

/* Failsafe frame words, lowest address first (Xen's load_segments). */
enum { F_RCX, F_R11, F_DS, F_ES, F_FS, F_GS, F_RIP, F_CS, F_RFLAGS, F_RSP,
       F_SS, F_WORDS };

/* What the failsafe callback saw: its frame, where it was, the live
 * selectors on entry. It then irets to the frame's rip. */
volatile unsigned long fsc_count, fsc_frame[F_WORDS], fsc_frame_at;
volatile uint16_t fsc_live[NR_SEGS];
void failsafe_entry(void);

asm(".text\n"
    "failsafe_entry:\n"
    "	mov %ds, fsc_live+0(%rip)\n"
    "	mov %es, fsc_live+2(%rip)\n"
    "	mov %fs, fsc_live+4(%rip)\n"
    "	mov %gs, fsc_live+6(%rip)\n"
    "	mov %rsp, fsc_frame_at(%rip)\n"
    "	push %rax\n"
    "	push %rcx\n"
    "	xor %ecx, %ecx\n"
    "1:	mov 16(%rsp,%rcx,8), %rax\n"
    "	mov %rax, fsc_frame(,%rcx,8)\n"
    "	inc %ecx\n"
    "	cmp $11, %ecx\n"
    "	jne 1b\n"
    "	pop %rcx\n"
    "	pop %rax\n"
    "	lock incq fsc_count(%rip)\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	add $32, %rsp\n"              /* DS, ES, FS, GS */
    "	pushq $0\n"                   /* iret_context: flags */
    "	push %rcx\n"
    "	push %r11\n"
    "	push %rax\n"
    "	mov $23, %eax\n"              /* __HYPERVISOR_iret */
    "	syscall\n"
    "	ud2\n");

static uint64_t ldt_page[512] __attribute__((aligned(4096)));
static uint64_t gdt_page[512] __attribute__((aligned(4096)));
static uint8_t ap_stack[16384] __attribute__((aligned(16)));
static uint64_t probe = 0x5e1ec7ed;        /* read through the segment */
static struct vcpu_guest_context ctxt;
static struct shared_info *si;
static volatile unsigned long ap_started, ap_loaded, zeroed, ap_done;
static unsigned long ap_rsp;               /* what VCPUOP_initialise gave */
static uint16_t want[NR_SEGS];              /* selectors vCPU 1 was given */

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return rt_hypercall(__HYPERVISOR_vcpu_op, cmd, id,
			    (unsigned long)arg, 0, 0);
}

static uint64_t maddr_of(const void *p)
{
	return (rt_mfn(((unsigned long)p - RT_VIRT_BASE) >> 12) << 12) |
	       ((unsigned long)p & 0xfff);
}

/* Map our own page at p read-only (rw false) or writable again. */
static void remap(const void *p, bool rw)
{
	uint64_t e;

	rt_l1e_maddr((unsigned long)p, &e);
	e = rw ? e | P_RW : e & ~P_RW;
	rt_expect(rt_uvm((unsigned long)p, e, UVMF_INVLPG | UVMF_LOCAL), 0);
}

static long set_ldt(const void *va, unsigned long ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = (unsigned long)va;
	op.arg2.nr_ents = ents;
	return rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			    DOMID_SELF, 0);
}

static long set_gdt(unsigned long entries)
{
	unsigned long frame = rt_mfn(((unsigned long)gdt_page - RT_VIRT_BASE)
				     >> 12);

	return HYPERCALL2(__HYPERVISOR_set_gdt, &frame, entries);
}

static long update_descriptor(const void *entry, uint64_t desc)
{
	return HYPERCALL2(__HYPERVISOR_update_descriptor, maddr_of(entry),
			  desc);
}

static void read_selectors(uint16_t s[NR_SEGS])
{
	asm volatile("mov %%ds, %0" : "=r"(s[SEG_DS]));
	asm volatile("mov %%es, %0" : "=r"(s[SEG_ES]));
	asm volatile("mov %%fs, %0" : "=r"(s[SEG_FS]));
	asm volatile("mov %%gs, %0" : "=r"(s[SEG_GS]));
}

static void load_selector(int seg, unsigned long sel)
{
	switch (seg) {
	case SEG_DS: asm volatile("mov %0, %%ds" :: "r"(sel)); break;
	case SEG_ES: asm volatile("mov %0, %%es" :: "r"(sel)); break;
	case SEG_FS: asm volatile("mov %0, %%fs" :: "r"(sel)); break;
	case SEG_GS: asm volatile("mov %0, %%gs" :: "r"(sel)); break;
	}
}

/* Read probe through seg (base 0: fs and gs take the descriptor's). */
static uint64_t read_through(int seg)
{
	uint64_t v;

	switch (seg) {
	case SEG_FS:
		asm volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(&probe));
		break;
	case SEG_GS:
		asm volatile("mov %%gs:(%1), %0" : "=r"(v) : "r"(&probe));
		break;
	default:
		v = *(volatile uint64_t *)&probe;
	}
	return v;
}

static int seg_of(const char *key)
{
	for (int i = 0; i < NR_SEGS; i++)
		if (rt_cmdline_is(key, seg_name[i]))
			return i;
	return -1;
}

/* SCHEDOP_poll on no port for 2 ms: the vCPU is switched out and back
 * in, so the hypervisor saves and reloads its selectors. */
static void forced_switch(unsigned int vcpu)
{
	struct sched_poll sp = { .nr_ports = 0 };

	sp.timeout = rt_system_time(&si->vcpu_info[vcpu].time) + 2000000;
	rt_expect(HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp), 0);
}

/*
 * The failsafe frame after a reload of seg faulted: it holds the
 * selectors the vCPU had (before[]), seg now reads 0, the others as
 * they were; kernel CS, upcall mask in CS bits 32-63 with IF its
 * inverse, SS FLAT_KERNEL_SS, the frame 16-byte aligned below the rsp.
 */
static void check_frame(const char *what, const uint16_t before[NR_SEGS],
			unsigned int bad_mask)
{
	unsigned long top = (fsc_frame[F_RSP] & ~0xfUL) - F_WORDS * 8;

	rt_check(fsc_count == 1, "%s: failsafe callback entered %lu times, "
		 "expected 1", what, fsc_count);
	for (int i = 0; i < NR_SEGS; i++) {
		uint16_t live = bad_mask & (1u << i) ? 0 : before[i];

		rt_check(fsc_frame[F_DS + i] == before[i], "%s: failsafe frame "
			 "%s %#lx, expected %#x", what, seg_name[i],
			 fsc_frame[F_DS + i], before[i]);
		rt_check(fsc_live[i] == live, "%s: %%%s in the failsafe "
			 "callback %#x, expected %#x", what, seg_name[i],
			 fsc_live[i], live);
	}
	rt_check((fsc_frame[F_CS] & 0xffff) == (FLAT_KERNEL_CS & ~3),
		 "%s: failsafe frame CS %#lx, expected %#x (guest kernel)",
		 what, fsc_frame[F_CS] & 0xffff, FLAT_KERNEL_CS & ~3);
	rt_check((fsc_frame[F_CS] >> 32) == !(fsc_frame[F_RFLAGS] & 0x200),
		 "%s: failsafe frame upcall mask %lu with RFLAGS %#lx, expected "
		 "IF the mask's inverse", what, fsc_frame[F_CS] >> 32,
		 fsc_frame[F_RFLAGS]);
	rt_check(fsc_frame[F_SS] == FLAT_KERNEL_SS, "%s: failsafe frame SS "
		 "%#lx, expected %#x", what, fsc_frame[F_SS], FLAT_KERNEL_SS);
	rt_check(fsc_frame_at == top, "%s: failsafe frame at %#lx, expected "
		 "%#lx (16-byte aligned below rsp %#lx)", what, fsc_frame_at,
		 top, fsc_frame[F_RSP]);
}

/* ---- init=: vCPU 1 given a selector that cannot be loaded ---- */

void ap_init_main(void)
{
	unsigned int bad = 0;

	ap_started = 1;
	if (rt_cmdline_has("nofailsafe")) {
		rt_fail("vCPU 1 ran with a selector 0x7 and no failsafe "
			"callback: expected the domain to be crashed");
		ap_done = 1;
		goto down;
	}
	if (!fsc_count) {
		uint16_t now[NR_SEGS];

		read_selectors(now);
		rt_fail("vCPU 1 started at its entry, not in its failsafe "
			"callback (selectors now ds %#x es %#x fs %#x gs %#x, "
			"given ds %#x es %#x fs %#x gs %#x)", now[0], now[1],
			now[2], now[3], want[0], want[1], want[2], want[3]);
		ap_done = 1;
		goto down;
	}
	for (int i = 0; i < NR_SEGS; i++)
		if (want[i] == LDT_SEL)
			bad |= 1u << i;
	check_frame("VCPUOP_initialise", want, bad);
	rt_check(fsc_frame[F_RSP] == ap_rsp, "failsafe frame rsp %#lx, "
		 "expected %#lx (VCPUOP_initialise's)", fsc_frame[F_RSP], ap_rsp);
	rt_check(fsc_frame[F_RCX] == 0xc0c0 && fsc_frame[F_R11] == 0x1111,
		 "failsafe frame rcx %#lx r11 %#lx, expected 0xc0c0 0x1111",
		 fsc_frame[F_RCX], fsc_frame[F_R11]);
	rt_printf("segreload: vCPU 1 started in its failsafe callback, frame "
		  "ds %#lx es %#lx fs %#lx gs %#lx\n", fsc_frame[F_DS],
		  fsc_frame[F_ES], fsc_frame[F_FS], fsc_frame[F_GS]);
	ap_done = 1;
down:
	vcpu_op(VCPUOP_down, 1, NULL);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void ap_init_entry(void);
asm(".text\nap_init_entry:\n call ap_init_main\n ud2\n");

static uint16_t init_cs = FLAT_KERNEL_CS, init_ss = FLAT_KERNEL_SS;

static void init_vcpu1(void (*entry)(void), bool failsafe)
{
	uint64_t l4;

	rt_l1e_maddr(rt_start_info->pt_base, &l4);
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = (unsigned long)entry;
	/* Not 16-byte aligned: Xen aligns the failsafe frame down. */
	ap_rsp = (unsigned long)(ap_stack + sizeof(ap_stack) - 8);
	ctxt.user_regs.rsp = ap_rsp;
	ctxt.user_regs.rcx = 0xc0c0;
	ctxt.user_regs.r11 = 0x1111;
	ctxt.user_regs.rflags = 0x202;
	ctxt.user_regs.cs = init_cs;
	ctxt.user_regs.ss = init_ss;
	ctxt.user_regs.ds = want[SEG_DS];
	ctxt.user_regs.es = want[SEG_ES];
	ctxt.user_regs.fs = want[SEG_FS];
	ctxt.user_regs.gs = want[SEG_GS];
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = ap_rsp;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3((l4 & RT_ADDR_MASK) >> 12);
	ctxt.failsafe_callback_eip = failsafe ? (unsigned long)failsafe_entry
					      : 0;
	ctxt.flags |= VGCF_failsafe_disables_events;
	rt_expect(vcpu_op(VCPUOP_initialise, 1, &ctxt), 0);
	rt_expect(vcpu_op(VCPUOP_up, 1, NULL), 0);
}

static void wait_for(volatile unsigned long *flag, const char *what)
{
	for (long i = 0; i < LIMIT && !*flag; i++)
		rt_yield();
	rt_check(*flag, "vCPU 1 never %s", what);
}

static void init_case(void)
{
	int seg = seg_of("init");
	bool failsafe = !rt_cmdline_has("nofailsafe");

	for (int i = 0; i < NR_SEGS; i++)
		want[i] = rt_cmdline_is("init", "all") || i == seg ? LDT_SEL
								  : FLAT_RING3_DS32;
	rt_printf("segreload: vCPU 1 initialised with ds %#x es %#x fs %#x gs "
		  "%#x%s\n", want[0], want[1], want[2], want[3],
		  failsafe ? "" : ", no failsafe callback");
	init_vcpu1(ap_init_entry, failsafe);
	wait_for(&ap_done, "finished");
	if (!failsafe)
		rt_fail("the domain lived on after vCPU 1's selector faulted "
			"with no failsafe callback");
}

/* ---- table=: a selector made stale under a running vCPU ---- */

static bool use_ldt;
static int reg;

static unsigned long sel;

/* Our LDT or GDT page (read-only) with one flat data descriptor. */
static void table_setup(void)
{
	remap(use_ldt ? ldt_page : gdt_page, false);
	if (use_ldt)
		rt_expect(update_descriptor(&ldt_page[0], DATA_DPL3), 0);
	else
		rt_expect(update_descriptor(&gdt_page[GDT_SEL >> 3], DATA_DPL3),
			  0);
	sel = use_ldt ? LDT_SEL : GDT_SEL;
}

/* The table on this vCPU, sel loaded into reg, a read through it. */
static void load_and_read(void)
{
	uint16_t now[NR_SEGS];

	if (use_ldt)
		rt_expect(set_ldt(ldt_page, 1), 0);
	else
		rt_expect(set_gdt(GDT_ENTS), 0);
	load_selector(reg, sel);
	read_selectors(now);
	rt_check(now[reg] == sel, "%%%s after loading %#lx: %#x",
		 seg_name[reg], sel, now[reg]);
	rt_check(read_through(reg) == 0x5e1ec7ed, "read through %%%s = %#lx: "
		 "%#lx, expected 0x5e1ec7ed", seg_name[reg], sel,
		 read_through(reg));
}

/* Make the descriptor behind the loaded selector invalid. */
static void invalidate(bool unset)
{
	if (unset && use_ldt)
		rt_expect(set_ldt(NULL, 0), 0);
	else if (unset)
		rt_expect(set_gdt(GDT_SEL >> 3), 0);     /* entries 0-2 */
	else
		rt_expect(update_descriptor(use_ldt ? &ldt_page[0]
					    : &gdt_page[GDT_SEL >> 3], 0), 0);
}

/* After the forced switch: the failsafe callback, with reg's selector. */
static void check_stale(const char *what, const uint16_t before[NR_SEGS])
{
	uint16_t now[NR_SEGS];

	read_selectors(now);
	if (!fsc_count) {
		rt_fail("%s: no failsafe callback after the %%%s selector %#x "
			"went stale and the vCPU was switched out and in (%%%s "
			"now %#x)", what, seg_name[reg], before[reg],
			seg_name[reg], now[reg]);
		return;
	}
	check_frame(what, before, 1u << reg);
	rt_printf("segreload: %s: failsafe callback, frame %s %#lx\n", what,
		  seg_name[reg], fsc_frame[F_DS + reg]);
}

void ap_stale_main(void)
{
	uint16_t before[NR_SEGS];

	ap_started = 1;
	load_and_read();
	read_selectors(before);
	ap_loaded = 1;
	for (long i = 0; i < LIMIT && !zeroed; i++)
		rt_yield();
	rt_check(zeroed, "vCPU 0 never zeroed the descriptor");
	forced_switch(1);
	check_stale("vCPU 0 zeroed vCPU 1's descriptor", before);
	load_selector(reg, 0);
	if (use_ldt)
		rt_expect(set_ldt(NULL, 0), 0);
	else
		rt_expect(set_gdt(0), 0);
	ap_done = 1;
	vcpu_op(VCPUOP_down, 1, NULL);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

void ap_stale_entry(void);
asm(".text\nap_stale_entry:\n call ap_stale_main\n ud2\n");

static void stale_case(void)
{
	struct callback_register cb = { CALLBACKTYPE_failsafe,
		CALLBACKF_mask_events, (unsigned long)failsafe_entry };
	bool unset = rt_cmdline_is("how", "unset");
	uint16_t before[NR_SEGS];

	use_ldt = rt_cmdline_is("table", "ldt");
	reg = seg_of("reg");
	rt_check(reg >= 0 && (use_ldt || rt_cmdline_is("table", "gdt")) &&
		 (unset || rt_cmdline_is("how", "zero")), "expected table=ldt|"
		 "gdt how=unset|zero reg=ds|es|fs|gs on the command line");
	if (reg < 0)
		return;
	table_setup();
	if (rt_cmdline_has("remote")) {
		rt_check(!unset, "remote: only how=zero reaches another vCPU");
		for (int i = 0; i < NR_SEGS; i++)
			want[i] = 0;
		init_vcpu1(ap_stale_entry, true);
		wait_for(&ap_loaded, "loaded its selector");
		rt_printf("segreload: vCPU 0 zeroes the %s descriptor vCPU 1 "
			  "has in %%%s\n", use_ldt ? "LDT" : "GDT",
			  seg_name[reg]);
		invalidate(false);
		zeroed = 1;
		wait_for(&ap_done, "finished");
		goto out;
	}

	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			     &cb), 0);
	load_and_read();
	read_selectors(before);
	rt_printf("segreload: %%%s = %#lx from our %s, then %s\n",
		  seg_name[reg], sel, use_ldt ? "LDT" : "GDT",
		  unset ? (use_ldt ? "SET_LDT 0 entries" : "set_gdt shrunk to 3 "
			   "entries") : "update_descriptor 0");
	invalidate(unset);
	forced_switch(0);
	check_stale(use_ldt ? "stale LDT selector" : "stale GDT selector",
		    before);
	/* Back to selectors we can keep; the tables go. */
	load_selector(reg, 0);
out:
	if (use_ldt)
		rt_expect(set_ldt(NULL, 0), 0);
	else
		rt_expect(set_gdt(0), 0);
	remap(use_ldt ? ldt_page : gdt_page, true);
}

void ap_ring0_entry(void);
asm(".text\nap_ring0_entry:\n call ap_ring0_main\n ud2\n");

void ap_ring0_main(void)
{
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	rt_fail("vCPU 1 ran with cs %#x, ss from VCPUOP_initialise %#x: "
		"expected the domain to be crashed", cs, init_ss);
	for (;;)
		HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

/* init=cs|ss: vCPU 1 asks for the hypervisor's selectors. */
static void hv_selector_case(void)
{
	for (int i = 0; i < NR_SEGS; i++)
		want[i] = 0;
	if (rt_cmdline_is("init", "cs"))
		init_cs = 0xe008;                   /* __HYPERVISOR_CS */
	else
		init_ss = 0xe010;                   /* __HYPERVISOR_DS */
	init_vcpu1(ap_ring0_entry, false);
	for (long i = 0; i < LIMIT; i++)
		rt_yield();
	rt_fail("the domain survived vCPU 1's hypervisor selector");
}

void test_main(void)
{
	si = rt_map_shared_info();
	if (rt_cmdline_is("init", "cs") || rt_cmdline_is("init", "ss"))
		hv_selector_case();
	else if (seg_of("init") >= 0 || rt_cmdline_is("init", "all"))
		init_case();
	else
		stale_case();
}
