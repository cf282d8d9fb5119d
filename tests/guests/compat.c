/* Test kernel: `syscall` and `sysenter` from 32-bit code, as Xen bounces them. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/callback.h>

extern volatile unsigned long trap_vector, trap_error_code, trap_rip, trap_cs;
extern volatile unsigned long trap_rflags, trap_count, trap_resume, trap_rsp;
void handle_ud(void), handle_gp(void), handle_pf(void);
void handle_sc32(void), handle_sysenter(void);

#define CODE32_VA  0x400000UL      /* L4 0, L3 0, L2 2, L1 0 */
#define STACK32_VA 0x401000UL      /* L1 1: a writable page */
#define P_RW_US    0x7UL

static struct trap_info table[] = {
	{ 6, 0, 0xe033, (unsigned long)handle_ud },
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

/*
 * 32-bit code: syscall at +0, sysenter at +0x10, each followed by ud2;
 * at +0x20 the same sysenter with EFLAGS.TF set just before it, on a
 * stack in the writable page at STACK32_VA:
 *	mov $STACK32_VA + 0x1000, %esp; pushfl; orl $0x100, (%esp); popfl;
 *	sysenter; ud2
 */
static const uint8_t code32[] = {
	0x0f, 0x05, 0x0f, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x0f, 0x34, 0x0f, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xbc, 0x00, 0x20, 0x40, 0x00, 0x9c, 0x81, 0x0c, 0x24, 0x00, 0x01,
	0x00, 0x00, 0x9d, 0x0f, 0x34, 0x0f, 0x0b,
};

/* Far jump to 32-bit code at CODE32_VA + off; a handler's iret comes back. */
static void run32(unsigned long off)
{
	struct { uint32_t off; uint16_t sel; } __attribute__((packed)) fp = {
		(uint32_t)(CODE32_VA + off), 0xe023 };

	asm volatile("lea 1f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "ljmpl *%0; 1:" :: "m"(fp) : "rax", "rcx", "r11", "memory");
	trap_resume = 0;
}

static void expect(const char *what, unsigned long c, unsigned long vector,
		   unsigned long rip, unsigned long cs)
{
	rt_check(trap_count == c + 1, "%s: %lu entries, expected 1", what,
		 trap_count - c);
	rt_check(trap_vector == vector, "%s: reached vector %#lx, expected %#lx",
		 what, trap_vector, vector);
	rt_check(trap_rip == rip, "%s: frame rip %#lx, expected %#lx", what,
		 trap_rip, rip);
	rt_check((trap_cs & 0xffff) == cs, "%s: frame CS %#lx, expected %#lx",
		 what, trap_cs & 0xffff, cs);
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long F = si->nr_pages - 1;     /* code, L1, L2, L3, stack */
	uint64_t l4_maddr = rt_mfn((si->pt_base - RT_VIRT_BASE) >> 12) << 12;
	struct callback_register cb = { CALLBACKTYPE_syscall32,
		CALLBACKF_mask_events, (unsigned long)handle_sc32 };
	struct mmu_update u = { l4_maddr, (rt_mfn(F - 3) << 12) | P_RW_US };
	unsigned long c;

	rt_check(F - 4 >= rt_region_pages(), "no free frames past the region");
	rt_fill_frame(F, code32, sizeof(code32), 0, -1, 0);
	rt_fill_frame(F - 1, NULL, 0, 0, 0, (rt_mfn(F) << 12) | 5);   /* RO code */
	rt_fill_frame(F - 2, NULL, 0, 0, 2, (rt_mfn(F - 1) << 12) | P_RW_US);
	rt_fill_frame(F - 3, NULL, 0, 0, 0, (rt_mfn(F - 2) << 12) | P_RW_US);
	rt_expect(rt_mmuext(MMUEXT_PIN_L3_TABLE, rt_mfn(F - 3), 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	{
		/* The 32-bit stack page (the TF variant, the iret), in L1
		 * slot 1. */
		struct mmu_update st = { (rt_mfn(F - 1) << 12) + 8,
					 (rt_mfn(F - 4) << 12) | P_RW_US };

		rt_expect(rt_hypercall(__HYPERVISOR_mmu_update,
				       (unsigned long)&st, 1, 0, DOMID_SELF, 0),
			  0);
	}

	/* No syscall32 callback: #UD at the syscall, from the guest kernel
	 * (CS RPL 0 in the frame). */
	c = trap_count;
	run32(0);
	expect("syscall32, no callback", c, 6, CODE32_VA, 0xe020);

	/* With one: bounced there, rip after the syscall, events masked. */
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
	c = trap_count;
	run32(0);
	expect("syscall32 callback", c, 0x132, CODE32_VA + 2, 0xe020);
	rt_check(trap_cs >> 32 == 1, "saved upcall mask %lu", trap_cs >> 32);
	/* The same 32-bit code entered by the iret hypercall with cs 0xe020
	 * (Xen forces RPL 3 only: 0xe023, compatibility mode) instead of a
	 * far jump: the 32-bit syscall again. The stack must be 32-bit
	 * too: an iretq to compatibility mode keeps only ESP. */
	c = trap_count;
	asm volatile("lea 1f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "mov %%rsp, %%r8; pushq $0xe02b; push %1; pushq $0x202; "
		     "pushq $0xe020; push %0; pushq $0; push %%rcx; push %%r11; "
		     "push %%rax; mov $23, %%eax; syscall; ud2; "
		     "1: mov %%r8, %%rsp"
		     :: "r"(CODE32_VA), "r"(STACK32_VA + 0x1000)
		     : "rax", "rcx", "r8", "r11", "memory");
	trap_resume = 0;
	expect("iret to 32-bit code", c, 0x132, CODE32_VA + 2, 0xe020);
	rt_printf("compat: iret to cs 0xe020 runs 32-bit code\n");
	/* Unregistering it is not allowed (Xen: -EINVAL, as for the other
	 * entry points; -ENOSYS is for unknown types). */
	struct callback_unregister un = { CALLBACKTYPE_syscall32, 0 };
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
			     &un), -XEN_EINVAL);
	un.type = CALLBACKTYPE_sysenter;
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
			     &un), -XEN_EINVAL);
	un.type = 99;
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
			     &un), -XEN_ENOSYS);
	/* A hostile callback address is refused. */
	cb.address = 0x0000800000000000UL;
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb),
		  -XEN_EINVAL);

	/* sysenter from the guest kernel: the frame has rsp 0, so the bounce
	 * cannot be written and the domain dies, as on Xen (cmdline
	 * "sysenter"; QEMU's TCG runs sysenter in compatibility mode even
	 * with an AMD vendor string). */
	if (rt_cmdline_has("sysenter")) {
		rt_printf("compat: sysenter from the guest kernel\n");
		run32(0x10);
		rt_fail("survived sysenter from kernel mode");
	}
	/*
	 * The same with EFLAGS.TF set (cmdline "sysenter_tf"): sysenter does
	 * not clear TF, so the single-step #DB is taken on the hypervisor's
	 * first sysenter instruction, in ring 0 with the guest's GS base
	 * still live. Xen clears TF there and goes on: the same contained
	 * crash as above.
	 */
	if (rt_cmdline_has("sysenter_tf")) {
		rt_printf("compat: sysenter with EFLAGS.TF from the guest "
			  "kernel\n");
		run32(0x20);
		rt_fail("survived sysenter with TF from kernel mode");
	}

	/* Tear down the low mapping. */
	u.val = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(F - 3), 0), 0);
}
