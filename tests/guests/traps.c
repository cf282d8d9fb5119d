/* Test kernel: exception bounces, software interrupts, iret, segment bases. */
#include "rt.h"
#include <xen/callback.h>

extern volatile unsigned long trap_vector, trap_error_code, trap_rip, trap_cs;
extern volatile unsigned long trap_rflags, trap_count, trap_resume, trap_rsp;
void handle_de(void), handle_bp(void), handle_ud(void), handle_nm(void);
void handle_gp(void), handle_pf(void), handle_int80(void), handle_int81(void);

#define HV_ADDRESS 0xffff830000000000UL

static struct trap_info table[] = {
	{ 0, 0, 0xe033, (unsigned long)handle_de },
	{ 3, 3, 0xe033, (unsigned long)handle_bp },       /* DPL 3 */
	{ 6, 0, 0xe033, (unsigned long)handle_ud },
	{ 7, 0, 0xe033, (unsigned long)handle_nm },
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0x80, 3, 0xe033, (unsigned long)handle_int80 }, /* DPL 3 */
	{ 0x81, 0, 0xe033, (unsigned long)handle_int81 }, /* DPL 0 */
	{ 0, 0, 0, 0 },
};

/* One trap, checked: vector, error code (-1 = none), where it hit. */
static void expect_trap(const char *what, unsigned long count0,
			unsigned long vector, long ec)
{
	rt_check(trap_count == count0 + 1, "%s: %lu traps, expected 1", what,
		 trap_count - count0);
	rt_check(trap_vector == vector, "%s: vector %lu, expected %lu", what,
		 trap_vector, vector);
	rt_check((long)trap_error_code == ec, "%s: error code %#lx, expected %#lx",
		 what, trap_error_code, (unsigned long)ec);
	rt_check((trap_cs & 3) == 0, "%s: saved CS %#lx has RPL %lu, expected 0 "
		 "(the guest kernel was interrupted)", what, trap_cs, trap_cs & 3);
	rt_check(trap_cs >> 32 == 1, "%s: saved upcall mask %lu, expected 1",
		 what, trap_cs >> 32);
	rt_check(!(trap_rflags & 0x200), "%s: saved RFLAGS.IF set while "
		 "events were masked", what);
}

static unsigned long fs_probe = 0x5a5a1234;

void test_main(void)
{
	unsigned long c, here;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); ud2; 2:"
		     ::: "rax", "memory");
	expect_trap("ud2", c, 6, -1);

	c = trap_count;
	asm volatile("int3; 1: lea 1b(%%rip), %0" : "=r"(here) :: "memory");
	expect_trap("int3", c, 3, -1);
	rt_check(trap_rip == here, "int3: saved rip %#lx, expected %#lx (after "
		 "the instruction)", trap_rip, here);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "xor %%edx, %%edx; xor %%ecx, %%ecx; mov $1, %%eax; div %%ecx; 2:"
		     ::: "rax", "rcx", "rdx", "memory");
	expect_trap("divide by zero", c, 0, -1);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "mov 0x1000, %%rax; 2:" ::: "rax", "memory");
	expect_trap("page fault (read, not present)", c, 14, 0);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "movq $1, 0x1000; 2:" ::: "rax", "memory");
	expect_trap("page fault (write, not present)", c, 14, 2);

	c = trap_count;
	asm volatile("int $0x80; 1: lea 1b(%%rip), %0" : "=r"(here) :: "memory");
	expect_trap("int $0x80 (gate DPL 3)", c, 0x80, -1);
	rt_check(trap_rip == here, "int $0x80: saved rip %#lx, expected %#lx",
		 trap_rip, here);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "int $0x81; 2:" ::: "rax", "memory");
	expect_trap("int $0x81 (gate DPL 0)", c, 13, (0x81 << 3) | 2);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "int $0x82; 2:" ::: "rax", "memory");
	expect_trap("int $0x82 (no handler)", c, 13, (0x82 << 3) | 2);

	c = trap_count;
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "cli; 2:" ::: "rax", "memory");
	expect_trap("cli", c, 13, 0);

	/* Lazy FPU: TS set by fpu_taskswitch, first x87 use traps once. */
	rt_expect(HYPERCALL2(__HYPERVISOR_fpu_taskswitch, 1, 0), 0);
	c = trap_count;
	asm volatile("fnop" ::: "memory");
	expect_trap("x87 with TS set", c, 7, -1);
	c = trap_count;
	asm volatile("fnop" ::: "memory");
	rt_check(trap_count == c, "x87 after the #NM trapped again");

	/* Segment bases. */
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_FS,
			     (unsigned long)&fs_probe), 0);
	asm volatile("mov %%fs:0, %0" : "=r"(here));
	rt_check(here == fs_probe, "%%fs:0 = %#lx after set_segment_base(FS), "
		 "expected %#lx", here, fs_probe);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL,
			     (unsigned long)&fs_probe), 0);
	asm volatile("mov %%gs:0, %0" : "=r"(here));
	rt_check(here == fs_probe, "%%gs:0 = %#lx after set_segment_base("
		 "GS_KERNEL), expected %#lx", here, fs_probe);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0), 0);
	/* User %gs selectors that cannot be loaded (an LDT one with no LDT,
	 * the hypervisor's ring-0 CS and DS): as Xen, 0 and a null %gs; the
	 * kernel GS base stays ours. Selector 3 is null with RPL 3. */
	{
		static const unsigned long bad_sel[] = { 0x7, 0xe008, 0xe010, 3 };
		unsigned long sel;

		for (unsigned int i = 0; i < 4; i++) {
			rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base,
					     SEGBASE_GS_USER_SEL, bad_sel[i]), 0);
			asm volatile("mov %%gs, %0" : "=r"(sel));
			rt_check((sel & ~3UL) == 0, "%%gs %#lx after "
				 "GS_USER_SEL %#lx, expected a null selector",
				 sel, bad_sel[i]);
			asm volatile("mov %%gs:0, %0" : "=r"(here));
			rt_check(here == fs_probe, "%%gs:0 = %#lx after "
				 "GS_USER_SEL %#lx, expected the kernel base's "
				 "%#lx", here, bad_sel[i], fs_probe);
		}
	}
	rt_expect(HYPERCALL2(__HYPERVISOR_stack_switch, 0xe02b, 0x1000), 0);

	/* Hostile arguments. */
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, HV_ADDRESS, 0), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_FS,
			     0x0000800000000000UL), -XEN_EINVAL);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, 9, 0), -XEN_EINVAL);
	struct callback_register cb = { CALLBACKTYPE_event, 0, HV_ADDRESS };
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb),
		  -XEN_EINVAL);
	cb.address = 0x0000800000000000UL;
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb),
		  -XEN_EINVAL);
	cb.type = 99;
	cb.address = (unsigned long)handle_ud;
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb),
		  -XEN_ENOSYS);
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register,
			     HV_ADDRESS), -XEN_EFAULT);
	struct callback_unregister un = { CALLBACKTYPE_event };
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_unregister, &un),
		  -XEN_EINVAL);
	rt_expect(HYPERCALL2(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 63),
		  -XEN_EINVAL);
	rt_expect(HYPERCALL2(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
			     VMASST_TYPE_writable_pagetables), 0);
	cb = (struct callback_register){ CALLBACKTYPE_syscall,
					 CALLBACKF_mask_events,
					 (unsigned long)handle_ud };
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
	rt_expect(HYPERCALL3(__HYPERVISOR_set_callbacks, handle_ud, handle_gp,
			     handle_pf), 0);
	rt_expect(HYPERCALL3(__HYPERVISOR_set_callbacks, HV_ADDRESS, handle_gp,
			     handle_pf), -XEN_EINVAL);
}
