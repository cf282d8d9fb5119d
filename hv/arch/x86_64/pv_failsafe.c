/* The failsafe callback: when the return to a guest itself faults. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "panic.h"
#include "sched_if.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/smp.h"

/*
 * regs: the fault taken on iret_to_guest. The general registers are
 * already the guest's (restore_all popped them) and regs->rsp points at
 * the guest's own iret frame {rip, cs, rflags, rsp, ss}: rebuild the
 * guest's registers from both, bounce them to the failsafe callback (as
 * Xen's .Lfx0 / failsafe_callback) and enter the guest afresh on this
 * CPU's stack. Without a usable callback the domain dies, and so it does
 * if the failsafe entry itself cannot be returned to.
 */
void __noreturn pv_iret_fault(struct cpu_regs *regs)
{
	const uint64_t *gf = (const uint64_t *)regs->rsp;
	struct vcpu *v = current_vcpu();
	struct cpu_regs g = *regs;
	uint16_t seg[4];

	if (!v || !(gf[1] & 3))
		panic("fault on the iret to a guest with no guest to return to");
	g.rip = gf[0];
	g.cs = gf[1];
	g.rflags = gf[2];
	g.rsp = gf[3];
	g.ss = gf[4];
	printk(KERN_WARNING "Domain %u (%s) vCPU %u: return to the guest "
	       "faulted (vector %u, error code %#x) at rip %#lx\n",
	       v->domain->domain_id, v->domain->name, v->vcpu_id,
	       regs->entry_vector, regs->error_code, g.rip);
	read_data_selectors(seg);
	if (g.rip == arch_of(v)->failsafe_callback ||
	    !pv_create_failsafe_frame(&g, seg)) {
		const char *why = arch_of(v)->failsafe_callback ?
			"the failsafe callback cannot be delivered" :
			"return to the guest faulted and there is no failsafe "
			"callback";

		printk(KERN_ERR "Domain %u (%s) vCPU %u: %s\n",
		       v->domain->domain_id, v->domain->name, v->vcpu_id, why);
		show_registers(&g);
		domain_crash(v->domain, why);
		schedule();
	}
	hv_unlock();
	enter_guest(&g);
}
