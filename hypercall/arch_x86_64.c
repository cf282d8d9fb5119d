/* The x86-64 PV CPU-state hypercalls: stack_switch, set_segment_base,
 * fpu_taskswitch, vm_assist, set_gdt and update_descriptor. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "log.h"
#include "asm/desc.h"
#include "asm/descriptor.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

/* vm_assist types a 64-bit PV guest may turn on (Xen's VM_ASSIST_VALID). */
#define VM_ASSIST_VALID ((1UL << VMASST_TYPE_4gb_segments) | \
			 (1UL << VMASST_TYPE_4gb_segments_notify) | \
			 (1UL << VMASST_TYPE_writable_pagetables) | \
			 (1UL << VMASST_TYPE_pae_extended_cr3) | \
			 (1UL << VMASST_TYPE_architectural_iopl) | \
			 (1UL << VMASST_TYPE_runstate_update_flag) | \
			 (1UL << VMASST_TYPE_m2p_strict))

/* stack_switch(ss, rsp): the kernel stack for bounces from user mode. */
HYPERCALL(stack_switch)
{
	struct arch_vcpu *a = arch_of(current_vcpu());

	a->kernel_ss = a1 | 3;
	a->kernel_sp = a2;
	return 0;
}

HYPERCALL(set_segment_base)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	unsigned long which = a1, base = a2;

	switch (which) {
	case SEGBASE_FS:
		if (!is_canonical(base))
			return -EINVAL;
		a->fs_base = base;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		if (!is_canonical(base))
			return -EINVAL;
		a->gs_base_user = base;
		return 0;
	case SEGBASE_GS_KERNEL:
		if (!is_canonical(base))
			return -EINVAL;
		a->gs_base_kernel = base;
		if (a->kernel_mode)
			wrmsr(MSR_SHADOW_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL: {
		/*
		 * Load the user %gs selector (RPL forced to 3) from the
		 * guest's GDT/LDT; the base it brings becomes the user GS
		 * base. As Xen, a faulting selector is loaded as null and
		 * the call still returns 0 (Linux BUG()s on an error); the
		 * guest sees it by reading %gs back. Our GS base (read by
		 * no one, asm/percpu.h) is restored afterwards.
		 */
		unsigned int sel = (uint16_t)base;
		bool ok = true;

		if (sel > 3)
			sel |= 3;
		asm volatile("1: mov %k1, %%gs\n2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xor %k1, %k1\n mov %k1, %%gs\n movb $0, %0\n"
			     " jmp 2b\n.popsection\n"
			     ".pushsection .ex_table, \"a\"\n.balign 4\n"
			     ".long 1b - ., 3b - .\n.popsection"
			     : "+m"(ok), "+r"(sel));
		a->gs_base_user = (sel & ~3u) ? (uint32_t)rdmsr(MSR_GS_BASE) : 0;
		wrmsr(MSR_GS_BASE, (uint64_t)this_cpu());
		if (!ok)
			printk(KERN_DEBUG "Domain %u: set_segment_base: user %%gs "
			       "selector %#lx faulted, loaded as null\n",
			       current_vcpu()->domain->domain_id, base & 0xffff);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

/* fpu_taskswitch(set): the guest's view of CR0.TS, for lazy FPU. */
HYPERCALL(fpu_taskswitch)
{
	struct arch_vcpu *a = arch_of(current_vcpu());

	a->fpu_ts = a1 != 0;
	write_cr0(a->fpu_ts ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
	return 0;
}

HYPERCALL(vm_assist)
{
	struct domain *d = current_vcpu()->domain;
	unsigned long cmd = a1, type = a2;

	if (type >= 64 || !(VM_ASSIST_VALID & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		d->vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		d->vm_assist &= ~(1UL << type);
		return 0;
	default:
		return -ENOSYS;
	}
}

/*
 * set_gdt(frame_list, entries) (Xen's do_set_gdt): entries is an unsigned
 * int; frame_list holds ceil(entries / 512) MFNs. -EINVAL for more than
 * FIRST_RESERVED_GDT_ENTRY entries, -EFAULT for an unreadable list.
 */
HYPERCALL(set_gdt)
{
	unsigned int entries = a2;
	unsigned long frames[FIRST_RESERVED_GDT_PAGE];

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (copy_from_guest(frames, a1, (entries + 511) / 512 * sizeof(frames[0])))
		return -EFAULT;
	return pv_set_gdt(current_vcpu(), frames, entries);
}

/* update_descriptor(maddr, desc): Xen's do_update_descriptor for PV. */
HYPERCALL(update_descriptor)
{
	return pv_update_descriptor(current_vcpu(), a1, a2);
}
