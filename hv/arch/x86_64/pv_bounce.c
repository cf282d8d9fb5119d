/* Bounce frames: delivering exceptions and callbacks into a PV guest. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "sched_if.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/time.h"
#include "asm/uaccess.h"
#include <xen/callback.h>
#include <xen/xen.h>

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_RF (1UL << 16)
#define X86_EFLAGS_AC (1UL << 18)

/*
 * Switch the vCPU between guest kernel and guest user mode: the other L4
 * and the other GS base. Both run in ring 3; only the hypervisor knows.
 */
void pv_toggle_guest_mode(struct vcpu *v)
{
	struct arch_vcpu *a = arch_of(v);

	a->kernel_mode = !a->kernel_mode;
	write_cr3((uint64_t)(a->kernel_mode ? a->guest_table :
			     a->guest_table_user) << PAGE_SHIFT);
	/* The guest's active GS base waits in the shadow MSR while we run. */
	wrmsr(MSR_SHADOW_GS_BASE, a->kernel_mode ? a->gs_base_kernel :
						   a->gs_base_user);
	if (a->time_pending_valid)
		pv_time_area_kernel_entry(v);
	if (v->runstate_pending && a->kernel_mode)
		sched_write_runstate_area(v);
}

bool arch_guest_kernel_mode(const struct vcpu *v)
{
	return arch_of(v)->kernel_mode;
}

/*
 * Build Xen's bounce frame on the guest kernel stack and point the vCPU at
 * handler. From guest user mode, switch to kernel mode and the stack from
 * stack_switch first. Frame, low to high: RCX, R11, [DS, ES, FS, GS for
 * the failsafe callback (seg)], [error code], RIP,
 * CS | saved upcall mask << 32, RFLAGS, RSP, SS. CS has RPL 3 if user
 * mode was interrupted and RPL 0 if the guest kernel was; RFLAGS.IF shows
 * the saved event mask, RFLAGS.IOPL the virtual IOPL under
 * VMASST_TYPE_architectural_iopl (else 0). Returns false if the frame cannot be written (the
 * caller crashes the domain).
 */
static bool bounce(struct cpu_regs *regs, uint64_t handler, bool has_ec,
		   uint32_t ec, bool mask_events, const uint16_t *seg)
{
	struct vcpu *v = current_vcpu();
	struct arch_vcpu *a = arch_of(v);
	struct vcpu_info *vi = v->vcpu_info;
	bool from_user = !a->kernel_mode;
	uint64_t frame[12], rsp, rflags;
	uint8_t saved_mask = vi->evtchn_upcall_mask;
	unsigned int n = 0;

	if (!handler)
		return false;
	if (from_user) {
		pv_toggle_guest_mode(v);
		rsp = a->kernel_sp;
	} else {
		rsp = regs->rsp;
	}
	rsp &= ~15UL;
	rflags = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		 (saved_mask ? 0 : X86_EFLAGS_IF) | pv_frame_iopl(v);

	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	for (unsigned int i = 0; seg && i < 4; i++)
		frame[n++] = seg[i];          /* DS, ES, FS, GS */
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->rip;
	frame[n++] = (from_user ? (regs->cs | 3) : (regs->cs & ~3UL)) |
		     ((uint64_t)saved_mask << 32);
	frame[n++] = rflags;
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss | (from_user ? 3 : 0);
	rsp -= n * 8;
	if (copy_to_guest(rsp, frame, n * 8))
		return false;

	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rsp = rsp;
	regs->rip = handler;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
			  X86_EFLAGS_AC);
	regs->rflags |= X86_EFLAGS_IF;
	return true;
}

bool pv_create_bounce_frame(struct cpu_regs *regs, uint64_t handler,
			    bool has_ec, uint32_t ec, bool mask_events)
{
	return bounce(regs, handler, has_ec, ec, mask_events, NULL);
}

/* Xen's TBF_FAILSAFE frame: RCX, R11, DS, ES, FS, GS, RIP, CS, ... */
bool pv_create_failsafe_frame(struct cpu_regs *regs, const uint16_t seg[4])
{
	struct arch_vcpu *a = arch_of(current_vcpu());

	return bounce(regs, a->failsafe_callback, false, 0,
		      a->callback_flags & (1u << CALLBACKTYPE_failsafe), seg);
}

/*
 * Deliver exception vector to the guest's registered handler. cr2 is
 * written to vcpu_info for #PF. Returns false if the guest has no handler
 * or its stack is unusable.
 */
bool pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
			 bool has_ec, uint32_t ec, uint64_t cr2)
{
	struct vcpu *v = current_vcpu();
	struct pv_trap *t = &arch_of(v)->traps[vector & 255];

	if (vector == 14)
		v->vcpu_info->arch.cr2 = cr2;
	return pv_create_bounce_frame(regs, t->address, has_ec, ec,
				      t->flags & 4);
}
