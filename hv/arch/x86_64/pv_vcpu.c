/* Secondary vCPUs of PV domains: creation and VCPUOP_initialise. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "lib.h"
#include "sched_if.h"
#include "xmalloc.h"
#include "asm/descriptor.h"
#include "asm/layout.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/pv_mm.h"
#include <xen/callback.h>
#include <xen/xen.h>

int pv_create_secondary_vcpus(struct domain *d, unsigned int n)
{
	struct shared_info *si = d->shared_info;

	if (n > MAX_VIRT_CPUS_PER_DOMAIN || n > XEN_LEGACY_MAX_VCPUS)
		return -EINVAL;
	for (unsigned int i = 1; i < n; i++) {
		struct vcpu *v = xzalloc(struct vcpu);
		struct arch_vcpu *a = xzalloc(struct arch_vcpu);

		if (!v || !a) {
			xfree(v);
			xfree(a);
			return -ENOMEM;
		}
		v->vcpu_id = i;
		v->domain = d;
		v->arch = a;
		v->vcpu_info = &si->vcpu_info[i];
		v->vcpu_info_mfn = INVALID_MFN;
		d->vcpu[i] = v;
		d->max_vcpus = i + 1;
		sched_init_vcpu(v);
	}
	return 0;
}

int pv_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct arch_vcpu *a = arch_of(v);
	const struct cpu_user_regs *u = &c->user_regs;
	mfn_t gdt[16];
	unsigned int nr_gdt = (c->gdt_ents + 511) / 512;
	int rc;

	/* Xen's arch_set_info_guest checks for a 64-bit PV vCPU. */
	if (!is_canonical(u->rip) || !is_canonical(u->rsp) ||
	    !is_canonical(c->kernel_sp) || !is_canonical(c->event_callback_eip) ||
	    !is_canonical(c->failsafe_callback_eip) ||
	    !is_canonical(c->syscall_callback_eip) || !is_canonical(c->fs_base) ||
	    !is_canonical(c->gs_base_kernel) || !is_canonical(c->gs_base_user) ||
	    !is_canonical(c->ldt_base))
		return -EINVAL;
	for (unsigned int i = 0; i < 256; i++)
		if (!is_canonical(c->trap_ctxt[i].address))
			return -EINVAL;
	if (c->gdt_ents > 16 * 512 || c->ldt_ents > 8192 ||
	    (c->ldt_base & (PAGE_SIZE - 1)))
		return -EINVAL;
	for (unsigned int i = 0; i < nr_gdt; i++)
		gdt[i] = c->gdt_frames[i];
	rc = pv_set_gdt(v, gdt, c->gdt_ents);
	if (rc)
		return rc;
	a->kernel_mode = false;          /* load nothing while not running */
	rc = pv_new_guest_cr3(v, xen_cr3_to_pfn(c->ctrlreg[3]));
	if (!rc && c->ctrlreg[1])
		rc = pv_new_guest_user_cr3(v, xen_cr3_to_pfn(c->ctrlreg[1]));
	if (rc) {
		pv_destroy_desc_tables(v);
		return rc;
	}

	memset(&a->regs, 0, sizeof(a->regs));
	a->regs.r15 = u->r15; a->regs.r14 = u->r14; a->regs.r13 = u->r13;
	a->regs.r12 = u->r12; a->regs.rbp = u->rbp; a->regs.rbx = u->rbx;
	a->regs.r11 = u->r11; a->regs.r10 = u->r10; a->regs.r9 = u->r9;
	a->regs.r8 = u->r8; a->regs.rax = u->rax; a->regs.rcx = u->rcx;
	a->regs.rdx = u->rdx; a->regs.rsi = u->rsi; a->regs.rdi = u->rdi;
	a->regs.rip = u->rip;
	a->regs.rsp = u->rsp;
	/*
	 * Xen's fixup_guest_{code,stack}_selector: the selectors are taken
	 * with their RPL raised to the guest kernel's, 3. Whether they are
	 * usable shows on the way in: a bad one faults the iretq and the
	 * vCPU enters its failsafe callback (pv_iret_fault); bad data
	 * selectors do the same at load_segments().
	 */
	a->regs.cs = u->cs | 3;
	a->regs.ss = u->ss | 3;
	a->regs.rflags = pv_guest_rflags(u->rflags);
	/* As Xen's arch_set_info_guest: the frame's IOPL is the vIOPL. */
	a->iopl = (u->rflags & X86_EFLAGS_IOPL) >> 12;
	a->sel[SEL_DS] = u->ds;
	a->sel[SEL_ES] = u->es;
	a->sel[SEL_FS] = u->fs;
	a->sel[SEL_GS] = u->gs;
	a->kernel_mode = true;
	if (!(c->flags & VGCF_in_kernel) && a->guest_table_user)
		a->kernel_mode = false;
	for (unsigned int i = 0; i < 256; i++) {
		const struct trap_info *t = &c->trap_ctxt[i];

		a->traps[i] = (struct pv_trap){ .address = t->address,
						.cs = t->cs,
						.flags = t->flags };
	}
	a->kernel_ss = c->kernel_ss | 3;
	a->kernel_sp = c->kernel_sp;
	a->event_callback = c->event_callback_eip;
	a->failsafe_callback = c->failsafe_callback_eip;
	a->syscall_callback = c->syscall_callback_eip;
	a->callback_flags = 0;
	if (c->flags & VGCF_failsafe_disables_events)
		a->callback_flags |= 1u << CALLBACKTYPE_failsafe;
	if (c->flags & VGCF_syscall_disables_events)
		a->callback_flags |= 1u << CALLBACKTYPE_syscall;
	a->fs_base = c->fs_base;
	a->gs_base_kernel = c->gs_base_kernel;
	a->gs_base_user = c->gs_base_user;
	if (c->flags & VGCF_i387_valid) {
		memcpy(a->fpu, c->fpu_ctxt.x, sizeof(a->fpu));
		/* MXCSR reserved bits would #GP the fxrstor: keep them clear. */
		((uint32_t *)a->fpu)[6] &= 0xffff;
		a->fpu_started = true;
	}
	v->vcpu_info->evtchn_upcall_mask = 1;
	v->is_initialised = true;
	return 0;
}
