/* PV guest entries: hypercalls, guest faults, and the iret hypercall. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "log.h"
#include "sched_if.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

/* Kill the current domain with a register dump; never returns. */
static void __noreturn crash_current(struct cpu_regs *regs,
				     const char *why)
{
	struct domain *d = current_vcpu()->domain;

	printk(KERN_ERR "Domain %u (%s) vCPU %u: %s\n", d->domain_id, d->name,
	       current_vcpu()->vcpu_id, why);
	show_registers(regs);
	domain_crash(d, why);
	schedule();
}

static bool is_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * HYPERVISOR_iret: the guest left an iret_context at its rsp. Restore it,
 * keeping every privileged bit ours: CS/SS ring 3, IF set, IOPL 0.
 */
static void pv_iret(struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	struct iret_context ic;

	if (copy_from_guest(&ic, regs->rsp, sizeof(ic)))
		crash_current(regs, "iret: bad iret frame pointer");
	if (!is_canonical(ic.rip) || !is_canonical(ic.rsp))
		crash_current(regs, "iret: non-canonical rip or rsp");
	if ((ic.cs & 3) == 3 && a->kernel_mode)
		crash_current(regs, "iret: to guest user mode, which is not "
			      "supported yet");

	regs->rax = ic.rax;
	regs->r11 = ic.r11;
	regs->rcx = ic.rcx;
	regs->rip = ic.rip;
	regs->rsp = ic.rsp;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS;
	/* Arithmetic flags and DF only: no IOPL, TF, NT, AC; IF stays on. */
	regs->rflags = (ic.rflags & 0xcd5) | X86_EFLAGS_IF | 0x2;
}

void pv_handle_syscall(struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
				  regs->r10, regs->r8, regs->r9 };

	if (!a->kernel_mode)
		crash_current(regs, "syscall from guest user mode: no "
			      "syscall callback support yet");
	if (regs->rax == __HYPERVISOR_iret) {
		pv_iret(regs);
		return;
	}
	regs->rax = hypercall_dispatch(regs->rax, args);
}

void pv_handle_guest_trap(struct cpu_regs *regs)
{
	char why[64];

	snprintf(why, sizeof(why), "unhandled exception %u, error code %#x",
		 regs->entry_vector, regs->error_code);
	crash_current(regs, why);
}
