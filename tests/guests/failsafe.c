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
 * Record it, then iret (as the guest kernel) to fs_resume.
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
    "	mov $23, %eax\n"              /* __HYPERVISOR_iret */
    "	syscall\n"
    "	ud2\n");

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
	u.val = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(F - 3), 0), 0);
}
