/* Test kernel: the failsafe callback when the return to the guest faults. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/callback.h>

#define EDGE_VA   0x00007ffffffff000UL   /* the last canonical low page */
#define P_RW_US   0x7UL

void failsafe_entry(void), handle_gp(void);
extern volatile unsigned long trap_vector, trap_error_code, trap_rip, trap_cs;
extern volatile unsigned long trap_count, trap_resume;
volatile unsigned long fs_count, fs_resume, fs_frame[11];

/*
 * Failsafe frame: rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss.
 * Record it, then iret (as the guest kernel, cs 0xe030) to fs_resume.
 */
asm(".text\n"
    "failsafe_entry:\n"
    "	push %rax\n"
    "	push %rcx\n"
    "	xor %ecx, %ecx\n"
    "1:	mov 16(%rsp,%rcx,8), %rax\n"
    "	mov %rax, fs_frame(,%rcx,8)\n"
    "	inc %ecx\n"
    "	cmp $11, %ecx\n"
    "	jne 1b\n"
    "	pop %rcx\n"
    "	pop %rax\n"
    "	incq fs_count(%rip)\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	add $32, %rsp\n"              /* DS, ES, FS, GS */
    "	pushq $0\n"                   /* iret_context: flags */
    "	push %rcx\n"
    "	push %r11\n"
    "	push %rax\n"
    "	mov fs_resume(%rip), %rax\n"
    "	mov %rax, 32(%rsp)\n"         /* rip */
    "	movq $0xe030, 40(%rsp)\n"     /* cs: the frame's may be the bad one */
    "	mov $23, %eax\n"              /* __HYPERVISOR_iret */
    "	syscall\n"
    "	ud2\n");

/*
 * #DB: record the rip, clear TF in the bounce frame (rcx, r11, rip, cs,
 * rflags, rsp, ss) and iret back.
 */
volatile unsigned long db_count, db_rip;
void db_entry(void);
asm(".text\n"
    "db_entry:\n"
    "	push %rax\n"
    "	mov 24(%rsp), %rax\n"
    "	mov %rax, db_rip(%rip)\n"
    "	incq db_count(%rip)\n"
    "	andq $~0x100, 40(%rsp)\n"
    "	pop %rax\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	pushq $0\n"
    "	push %rcx\n"
    "	push %r11\n"
    "	push %rax\n"
    "	mov $23, %eax\n"
    "	syscall\n"
    "	ud2\n");

/*
 * The iret hypercall, as the guest kernel, to the label 1 just after it
 * with the given cs and rflags, on the current stack; fs_resume and
 * trap_resume bring a fault back to the same label.
 */
static void iret_to_here(unsigned long cs, unsigned long rflags)
{
	asm volatile("lea 1f(%%rip), %%rax; mov %%rax, fs_resume(%%rip); "
		     "mov %%rax, trap_resume(%%rip); mov %%rsp, %%r8; "
		     "pushq $0xe02b; push %%r8; push %1; push %0; push %%rax; "
		     "pushq $0; push %%rcx; push %%r11; push %%rax; "
		     "mov $23, %%eax; syscall; ud2; "
		     "1: nop; .globl iret_here_2; iret_here_2: nop"
		     :: "r"(cs), "r"(rflags)
		     : "rax", "rcx", "r8", "r11", "memory");
	trap_resume = 0;
}
extern char iret_here_2[];

/*
 * Xen's do_iret, field by field: CS with RPL 3 forced but otherwise as
 * given (the hypervisor's own 0xe008 becomes 0xe00b, which the CPU
 * refuses: the iretq faults, our failsafe callback), TF passed through
 * (the next instruction single-steps into #DB).
 */
static void iret_fields(void)
{
	struct trap_info t[] = {
		{ 1, 0, 0xe033, (unsigned long)db_entry },
		{ 13, 0, 0xe033, (unsigned long)handle_gp }, { 0, 0, 0, 0 } };
	unsigned long c = fs_count;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, t, 0), 0);
	iret_to_here(0xe008, 0x202);
	rt_check(fs_count == c + 1, "iret to cs 0xe008: failsafe entered %lu "
		 "times, expected once (the iretq to 0xe00b faults)",
		 fs_count - c);
	/* The frame shows it as every kernel-mode bounce frame shows CS:
	 * RPL cleared. */
	rt_check((fs_frame[7] & 0xffff) == 0xe008, "iret to cs 0xe008: "
		 "failsafe frame CS %#lx, expected 0xe008", fs_frame[7] & 0xffff);
	c = fs_count;
	iret_to_here(0xe030, 0x302);                  /* IF | TF */
	rt_check(db_count == 1 && db_rip == (unsigned long)iret_here_2,
		 "iret with TF: %lu #DB at rip %#lx, expected one at %p (after "
		 "one instruction)", db_count, db_rip, iret_here_2);
	rt_check(fs_count == c, "iret with TF: failsafe entered");
	rt_printf("failsafe: iret forces only RPL 3 on cs, keeps TF\n");
}

/* The forced-emulation cpuid, ending exactly at the canonical boundary. */
static const uint8_t edge_code[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long F = si->nr_pages - 1;      /* code, L1, L2, L3 */
	uint64_t l4_maddr = rt_mfn((si->pt_base - RT_VIRT_BASE) >> 12) << 12;
	struct mmu_update u = { l4_maddr + 255 * 8,
				(rt_mfn(F - 3) << 12) | P_RW_US };
	struct callback_register cb = { CALLBACKTYPE_failsafe,
		CALLBACKF_mask_events, (unsigned long)failsafe_entry };
	struct trap_info bad[] = {
		{ 6, 0, 0xe033, 0x0000800000000000UL }, { 0, 0, 0, 0 } };
	struct trap_info gp[] = {
		{ 13, 0, 0xe033, (unsigned long)handle_gp }, { 0, 0, 0, 0 } };
	uint16_t ds, es;

	/* Xen refuses a non-canonical trap handler (our iretq would fault). */
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, bad, 0), -XEN_EINVAL);

	rt_check(F - 3 >= rt_region_pages(), "no free frames past the region");
	rt_fill_frame(F, edge_code, sizeof(edge_code), 0x1000 - sizeof(edge_code), -1, 0);
	rt_fill_frame(F - 1, NULL, 0, 0, 511, (rt_mfn(F) << 12) | 5);
	rt_fill_frame(F - 2, NULL, 0, 0, 511, (rt_mfn(F - 1) << 12) | P_RW_US);
	rt_fill_frame(F - 3, NULL, 0, 0, 511, (rt_mfn(F - 2) << 12) | P_RW_US);
	rt_expect(rt_mmuext(MMUEXT_PIN_L3_TABLE, rt_mfn(F - 3), 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);

	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			     &cb), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, gp, 0), 0);
	asm volatile("mov $0xe02b, %%ax; mov %%ax, %%es" ::: "rax");
	asm volatile("mov %%ds, %0; mov %%es, %1" : "=r"(ds), "=r"(es));

	/*
	 * Emulating the cpuid moves rip to 0x800000000000. On hardware our
	 * iretq to it faults and the guest gets its failsafe callback (Xen's
	 * .Lfx0 path). QEMU's TCG does not check RIP on iretq: the guest
	 * then takes a #GP fetching there. Either is a defined event with
	 * that rip; the hypervisor must survive both.
	 */
	rt_printf("failsafe: cpuid at the canonical edge\n");
	asm volatile("lea 1f(%%rip), %%rax; mov %%rax, fs_resume(%%rip); "
		     "mov %%rax, trap_resume(%%rip); "
		     "mov %0, %%rax; jmp *%%rax; 1:"
		     :: "r"(EDGE_VA + 0x1000 - sizeof(edge_code))
		     : "rax", "rbx", "rcx", "rdx", "r11", "memory");
	trap_resume = 0;
	if (!fs_count) {
		rt_check(trap_count == 1 && trap_vector == 13 &&
			 trap_rip == 0x0000800000000000UL, "neither the failsafe "
			 "callback nor a #GP at 0x800000000000 (traps %lu, "
			 "vector %lu, rip %#lx)", trap_count, trap_vector,
			 trap_rip);
		rt_printf("failsafe: the CPU did not fault our iretq: #GP in "
			  "the guest instead (QEMU TCG)\n");
		goto out;
	}
	rt_printf("failsafe: callback entered\n");
	rt_check(fs_count == 1, "failsafe callback entered %lu times, expected 1",
		 fs_count);
	rt_check(fs_frame[6] == 0x0000800000000000UL, "failsafe frame rip %#lx, "
		 "expected 0x800000000000", fs_frame[6]);
	rt_check((fs_frame[7] & 0xffff) == 0xe030, "failsafe frame CS %#lx, "
		 "expected 0xe030 (guest kernel)", fs_frame[7] & 0xffff);
	rt_check(fs_frame[7] >> 32 == 1, "saved upcall mask %lu, expected 1",
		 fs_frame[7] >> 32);
	rt_check(fs_frame[2] == ds && fs_frame[3] == es, "failsafe frame DS %#lx "
		 "ES %#lx, expected %#x %#x", fs_frame[2], fs_frame[3], ds, es);

out:
	iret_fields();
	u.val = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(F - 3), 0), 0);
}
