/* Test kernel: guest user mode on its own L4, syscalls and traps from it. */
#include "rt_mm.h"
#include <xen/callback.h>
#include <xen/vcpu.h>

#define LOW_VA 0x400000UL          /* L4 0, L3 0, L2 2, L1 0: kernel L4 only */

extern volatile unsigned long um_syscalls, um_last_rax, um_last_cs;
extern volatile unsigned long um_gs_in_kernel, um_gs_in_user, um_traps;
void um_enter(unsigned long rip, unsigned long rsp);
void um_syscall_entry(void), um_trap_entry(void), um_int80_entry(void);
void um_user_code(void), um_spin_code(void);
extern volatile unsigned long um_spin_iters;

static uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static unsigned long gs_user_probe = 0x11, gs_kernel_probe = 0x22;

static struct trap_info table[] = {
	{ 6, 3, 0xe033, (unsigned long)um_trap_entry },
	{ 0x80, 3, 0xe033, (unsigned long)um_int80_entry },
	{ 0, 0, 0, 0 },
};

/*
 * cmdline "runstate" (beside a CPU hog on one CPU): the runstate area at
 * a kernel address the user L4 does not map. While this vCPU spins in
 * guest user mode it is preempted and rescheduled; those writes of its
 * area cannot be made through the user L4 and, as Xen's
 * need_update_runstate_area, must wait for the entry to kernel mode: on
 * the syscall back, the area already shows the time spent runnable.
 */
static void runstate_in_user_mode(unsigned long F)
{
	start_info_t *si = rt_start_info;
	uint64_t l4_maddr = rt_mfn((si->pt_base - RT_VIRT_BASE) >> 12) << 12;
	unsigned long P = F - 1, L1 = F - 2, L2 = F - 3, L3 = F - 4;
	struct mmu_update u = { l4_maddr, (rt_mfn(L3) << 12) | 7 };
	volatile struct vcpu_runstate_info *area = (void *)LOW_VA;
	struct vcpu_register_runstate_memory_area ra = { .addr.v = (void *)LOW_VA };
	struct vcpu_runstate_info a0, a1;

	rt_check(L3 >= rt_region_pages(), "no free frames past the region");
	rt_fill_frame(P, NULL, 0, 0, -1, 0);
	rt_fill_frame(L1, NULL, 0, 0, 0, (rt_mfn(P) << 12) | 7);
	rt_fill_frame(L2, NULL, 0, 0, 2, (rt_mfn(L1) << 12) | 7);
	rt_fill_frame(L3, NULL, 0, 0, 0, (rt_mfn(L2) << 12) | 7);
	rt_expect(rt_mmuext(MMUEXT_PIN_L3_TABLE, rt_mfn(L3), 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(rt_hypercall(__HYPERVISOR_vcpu_op,
			       VCPUOP_register_runstate_memory_area, 0,
			       (unsigned long)&ra, 0, 0), 0);
	a0 = *area;
	rt_check(a0.state == RUNSTATE_running, "area state %d after "
		 "registering, expected running", a0.state);
	um_spin_iters = 60000000;
	um_enter((unsigned long)um_spin_code,
		 (unsigned long)user_stack + sizeof(user_stack));
	a1 = *area;                    /* before any hypercall can rewrite it */
	rt_check(a1.time[RUNSTATE_runnable] > a0.time[RUNSTATE_runnable],
		 "runstate area after user mode: runnable %lu ns, before %lu ns "
		 "(entry time %lu then %lu): the writes made while in user mode "
		 "were lost, not made on the entry to kernel mode",
		 a1.time[RUNSTATE_runnable], a0.time[RUNSTATE_runnable],
		 a0.state_entry_time, a1.state_entry_time);
	rt_printf("usermode: runstate area written on kernel entry: %lu ms "
		  "runnable while in user mode\n",
		  (a1.time[RUNSTATE_runnable] - a0.time[RUNSTATE_runnable]) /
		  1000000);
	u.val = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(L3), 0), 0);
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	uint64_t *kl4 = (uint64_t *)si->pt_base;
	unsigned long F = si->nr_pages - 1, S = rt_va_of(rt_region_pages() - 1);
	uint64_t old;
	struct callback_register cb = { CALLBACKTYPE_syscall,
		CALLBACKF_mask_events, (unsigned long)um_syscall_entry };

	/* A user L4 sharing the kernel's L3 for slot 511 (a test shortcut:
	 * Linux's user L4 maps only user space). */
	rt_l1e_maddr(S, &old);
	rt_expect(rt_uvm(S, (rt_mfn(F) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		((uint64_t *)S)[i] = 0;
	((uint64_t *)S)[511] = kl4[511];
	rt_expect(rt_uvm(S, old, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(F), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, rt_mfn(F), 0), 0);

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_stack_switch, 0xe02b,
			     (unsigned long)kernel_stack + sizeof(kernel_stack)), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER,
			     (unsigned long)&gs_user_probe), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL,
			     (unsigned long)&gs_kernel_probe), 0);

	if (rt_cmdline_has("runstate")) {
		runstate_in_user_mode(F);
		goto out;
	}
	um_enter((unsigned long)um_user_code,
		 (unsigned long)user_stack + sizeof(user_stack));

	rt_check(um_syscalls == 3, "%lu syscalls reached the callback, expected 3",
		 um_syscalls);
	rt_check(um_last_rax == 99, "last syscall number %lu, expected 99",
		 um_last_rax);
	rt_check((um_last_cs & 3) == 3, "syscall frame CS %#lx: RPL should be 3 "
		 "(user mode was interrupted)", um_last_cs);
	rt_check(um_traps == 2, "%lu traps from user mode, expected 2 "
		 "(int $0x80 and ud2)", um_traps);
	rt_check(um_gs_in_user == gs_user_probe, "%%gs:0 in user mode %#lx, "
		 "expected the user GS base's %#lx", um_gs_in_user, gs_user_probe);
	rt_check(um_gs_in_kernel == gs_kernel_probe, "%%gs:0 in the syscall "
		 "callback %#lx, expected the kernel GS base's %#lx",
		 um_gs_in_kernel, gs_kernel_probe);

out:
	/* Back in kernel mode: the user L4 can go. */
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(F), 0), 0);
}
