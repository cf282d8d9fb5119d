/* PV guest entries: hypercalls, syscalls, exceptions and the iret hypercall. */
#include "types.h"
#include "domain.h"
#include "preempt.h"
#include "errno.h"
#include "event.h"
#include "hypercall.h"
#include "lib.h"
#include "log.h"
#include "sched_if.h"
#include "timer.h"
#include "asm/emulate.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/ptwr.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/smp.h"
#include "asm/uaccess.h"
#include <xen/callback.h>
#include <xen/xen.h>

#define TRAP_debug      1
#define TRAP_nmi        2
#define TRAP_invalid_op 6
#define TRAP_no_device  7
#define TRAP_gp_fault   13
#define TRAP_page_fault 14
#define PFEC_user_mode  (1u << 2)

/* Vectors for which the CPU pushes an error code. */
static bool has_error_code(unsigned int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
	       v == 29 || v == 30;
}

/* Kill the current domain with a register dump; never returns. */
static void __noreturn crash_current(struct cpu_regs *regs, const char *why)
{
	struct domain *d = current_vcpu()->domain;

	printk(KERN_ERR "Domain %u (%s) vCPU %u: %s\n", d->domain_id, d->name,
	       current_vcpu()->vcpu_id, why);
	show_registers(regs);
	domain_crash(d, why);
	schedule();
}

/*
 * HYPERVISOR_iret: the guest left an iret_context at its rsp. Restored
 * field by field as Xen's do_iret: rip and rsp as given (no canonical
 * check: a bad rip makes our iretq fault, which is the guest's failsafe
 * callback; a bad rsp is the guest's fault when it uses it), CS and SS
 * with RPL 3 forced (a 32-bit CS such as 0xe023 stays 32-bit; a
 * selector the CPU refuses faults the iretq, the failsafe again),
 * RFLAGS without IOPL and VM and with IF set (TF, AC, NT, RF and the
 * arithmetic flags are the guest's); an RPL-3 cs returns to guest user
 * mode, on the user L4. rcx and r11 come back only without
 * VGCF_in_syscall; with it the return may be a sysretq (entry.S). The
 * event mask follows the restored IF. Under
 * VMASST_TYPE_architectural_iopl the frame's IOPL becomes the virtual
 * IOPL.
 */
static void pv_iret(struct cpu_regs *regs)
{
	struct vcpu *v = current_vcpu();
	struct arch_vcpu *a = arch_of(v);
	struct iret_context ic;
	struct vcpu_info *vi = v->vcpu_info;

	if (copy_from_guest(&ic, regs->rsp, sizeof(ic)))
		crash_current(regs, "iret: bad iret frame");
	if ((ic.cs & 3) == 3 && a->kernel_mode) {
		if (!a->guest_table_user)
			crash_current(regs, "iret: to user mode with no user L4");
		pv_toggle_guest_mode(v);
	}
	if (pv_architectural_iopl(v->domain))
		a->iopl = (ic.rflags >> 12) & 3;
	a->nmi_masked = false;          /* Xen's async_exception_cleanup */
	regs->rax = ic.rax;
	if (!(ic.flags & VGCF_in_syscall)) {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
		regs->entry_vector |= TRAP_iret_only;
	}
	regs->rip = ic.rip;
	regs->rsp = ic.rsp;
	regs->cs = (uint16_t)ic.cs | 3;
	regs->ss = (uint16_t)ic.ss | 3;
	regs->rflags = pv_iret_rflags(ic.rflags);
	vi->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
}

/*
 * A guest `syscall` that is no hypercall (Xen's switch_to_kernel): bounce
 * to callback, events masked if the syscall callback asked for it, DF
 * clear. Without a callback it is a #UD at the syscall instruction,
 * through the guest's #UD handler; the domain dies if that fails too.
 */
static void syscall_bounce(struct cpu_regs *regs, uint64_t callback)
{
	struct arch_vcpu *a = arch_of(current_vcpu());

	if (!callback) {
		regs->rip -= 2;
		if (!pv_inject_exception(regs, TRAP_invalid_op, false, 0, 0))
			crash_current(regs, "syscall with no callback and no "
				      "#UD handler");
		return;
	}
	if (!pv_create_bounce_frame(regs, callback, false, 0, a->callback_flags &
				    (1u << CALLBACKTYPE_syscall)))
		crash_current(regs, "cannot deliver a syscall: the guest stack "
			      "is not writable");
	regs->rflags &= ~X86_EFLAGS_DF;
}

/*
 * `sysenter` (Xen's sysenter_entry): the frame has rip 0, CS 3, rsp 0.
 * Bounce to the sysenter callback, or make it a #GP(0) through the
 * guest's #GP handler; the domain dies if neither can be delivered.
 */
static void sysenter_bounce(struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(current_vcpu());

	if (a->sysenter_callback) {
		if (pv_create_bounce_frame(regs, a->sysenter_callback, false, 0,
					   a->callback_flags &
					   (1u << CALLBACKTYPE_sysenter)))
			return;
	} else if (pv_inject_exception(regs, TRAP_gp_fault, true, 0, 0)) {
		return;
	}
	crash_current(regs, "cannot deliver a sysenter");
}

void pv_sysenter_init(void)
{
	extern char sysenter_entry[];

	wrmsr(MSR_IA32_SYSENTER_CS, __HYPERVISOR_CS);
	wrmsr(MSR_IA32_SYSENTER_ESP, this_cpu()->stack_top);
	wrmsr(MSR_IA32_SYSENTER_EIP, (uint64_t)sysenter_entry);
}

/* A continuation: the guest issues the hypercall again (Xen's). */
static void __attribute__((noinline)) hypercall_continue(struct cpu_regs *regs,
							  const unsigned long args[6])
{
	regs->rip -= 2;
	regs->rdi = args[0], regs->rsi = args[1], regs->rdx = args[2];
	regs->r10 = args[3], regs->r8 = args[4], regs->r9 = args[5];
}

void pv_handle_syscall(struct cpu_regs *regs)
{
	struct vcpu *v = current_vcpu();
	struct arch_vcpu *a = arch_of(v);
	unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
				  regs->r10, regs->r8, regs->r9 };
	long rc;

	if (!a->kernel_mode) {
		/* A user-mode syscall goes to the guest kernel's callback,
		 * returning by iretq. */
		regs->entry_vector |= TRAP_iret_only;
		syscall_bounce(regs, a->syscall_callback);
		return;
	}
	if (regs->rax == __HYPERVISOR_iret) {
		pv_iret(regs);
		return;
	}
	/* A call from the guest gets a fresh budget (a multicall's entries
	 * share their multicall's). */
	hcall_start(&v->hcall, HYPERCALL_BUDGET);
	rc = hypercall_dispatch(regs->rax, args);
	if (v->hcall.preempted && hypercall_preempted(args)) {
		hypercall_continue(regs, args);
		return;
	}
	regs->rax = rc;
}

/*
 * `int n` from the guest: allowed if the guest's gate DPL permits the
 * current (virtual) privilege, as Xen's permit_softint: the guest kernel
 * counts as ring 1, its user as ring 3. Returns false if it must become
 * a #GP for the guest.
 */
static bool soft_interrupt(struct cpu_regs *regs, int n)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	const struct pv_trap *t = &a->traps[n];

	uint8_t op;

	if (!t->address || (t->flags & 3) < (a->kernel_mode ? 1 : 3))
		return false;
	if (copy_from_guest(&op, regs->rip, 1))
		return false;
	regs->rip += op == 0xcd ? 2 : 1;     /* int n; int3 and into */
	return pv_create_bounce_frame(regs, t->address, false, 0, t->flags & 4);
}

/* Bounced faults logged per domain: a burst of 10, then 10 lines a second. */
#define FAULT_LOG_BURST 10
#define FAULT_LOG_RATE  10

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#CSO",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP",
};

static void report_not_logged(struct domain *d, enum pv_log_kind kind,
			      uint64_t n)
{
	printk(KERN_DEBUG "Domain %u (%s): %lu more %s, not logged\n",
	       d->domain_id, d->name, n, kind == PV_LOG_PTWR ?
	       "refused page-table writes" : "faults bounced to the guest");
}

static struct ratelimit *log_limiter(struct domain *d, enum pv_log_kind kind)
{
	struct arch_vcpu *a0 = arch_of(d->vcpu[0]);

	return kind == PV_LOG_PTWR ? &a0->ptwr_log_rl : &a0->fault_log_rl;
}

/* Contract in asm/pv.h. */
bool pv_debug_log_ok(struct domain *d, enum pv_log_kind kind)
{
	uint64_t skipped;
	bool pass;

	/* Below loglvl=debug the lines would be dropped anyway (as Xen's
	 * debug messages are, ring included): skip the limiter's clock. */
	if (log_console_level() < 7)
		return false;
	pass = ratelimit_take(log_limiter(d, kind), NOW(), 1, FAULT_LOG_RATE,
			      FAULT_LOG_BURST, &skipped);
	if (skipped)
		report_not_logged(d, kind, skipped);
	return pass;
}

/* Contract in asm/pv.h. */
void pv_debug_log_final(struct domain *d)
{
	if (!d->vcpu[0])
		return;
	for (enum pv_log_kind k = PV_LOG_BOUNCE; k <= PV_LOG_PTWR; k++) {
		uint64_t n = ratelimit_flush(log_limiter(d, k));

		if (n)
			report_not_logged(d, k, n);
	}
}

/*
 * Log, at KERN_DEBUG (only with loglvl=debug or all), an exception about
 * to be bounced to the guest's handler: domain, vCPU, vector, rip, error
 * code, CR2 for #PF. For users whose guest kernel dies of a fault it
 * took. Rate-limited per domain with pv_debug_log_ok.
 */
static void log_bounce(const struct cpu_regs *regs, unsigned int v, bool has_ec,
		       uint32_t ec, uint64_t cr2)
{
	struct vcpu *cur = current_vcpu();
	struct domain *d = cur->domain;
	const char *name = v < 32 && exception_names[v] ? exception_names[v] :
			   "exception";
	char detail[48] = "";

	if (!pv_debug_log_ok(d, PV_LOG_BOUNCE))
		return;
	if (v == TRAP_page_fault)
		snprintf(detail, sizeof(detail), ", error code %#x, cr2 %#lx",
			 ec, cr2);
	else if (has_ec)
		snprintf(detail, sizeof(detail), ", error code %#x", ec);
	printk(KERN_DEBUG "Domain %u (%s) vCPU %u: %s (vector %u) at rip %#lx%s: "
	       "bounced to the guest\n", d->domain_id, d->name, cur->vcpu_id,
	       name, v, regs->rip, detail);
}

void pv_handle_guest_trap(struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	unsigned int v = regs->entry_vector;
	uint32_t ec = regs->error_code;
	char why[80];

	if (v == TRAP_syscall32) {
		/* From compatibility mode, in either guest mode (cstar_enter):
		 * the syscall32 callback, or #UD if there is none. */
		syscall_bounce(regs, a->syscall32_callback);
		return;
	}
	if (v == TRAP_sysenter) {
		sysenter_bounce(regs);
		return;
	}
	if (v == TRAP_debug)
		pv_debug_from_guest(current_vcpu());
	if (v == TRAP_no_device && a->fpu_ts) {
		/* The guest asked for lazy FPU switching (fpu_taskswitch). */
		write_cr0(read_cr0() & ~X86_CR0_TS);
		a->fpu_ts = false;
	}
	if (v == TRAP_gp_fault && (ec & 3) == 2) {
		/* `int n` through a DPL-0 gate; QEMU 7.2 TCG reports the wrong
		 * vector in ec (QEMU.md), so the decoder reads the instruction. */
		int n = pv_decode_int_vector(regs);

		if (n >= 0) {
			if (soft_interrupt(regs, n))
				return;
			ec = ((uint32_t)n << 3) | 2;
		}
	}
	if ((v == TRAP_gp_fault || v == 6) && pv_emulate_privileged(regs))
		return;
	/* A guest-kernel write to one of its own read-only L1 tables. */
	if (v == TRAP_page_fault && a->kernel_mode &&
	    pv_ptwr_emulate(regs, read_cr2()))
		return;
	if (v == TRAP_page_fault) {
		/* The guest kernel runs in ring 3, but its faults are not user
		 * faults (Xen's propagate_page_fault). */
		ec &= ~PFEC_user_mode;
		if (!a->kernel_mode)
			ec |= PFEC_user_mode;
	}
	if (a->traps[v].address)
		log_bounce(regs, v, has_error_code(v), ec,
			   v == TRAP_page_fault ? read_cr2() : 0);
	if (pv_inject_exception(regs, v, has_error_code(v), ec,
				v == TRAP_page_fault ? read_cr2() : 0))
		return;
	if (a->traps[v].address)
		snprintf(why, sizeof(why), "cannot deliver exception %u: the "
			 "guest stack is not writable", v);
	else
		snprintf(why, sizeof(why), "unhandled exception %u, error code "
			 "%#x", v, ec);
	crash_current(regs, why);
}

/*
 * Deliver a pending event upcall: Xen's test_guest_events. If the vCPU has
 * an event pending and unmasked, bounce to its event callback with events
 * masked (always, whatever CALLBACKF_mask_events says).
 */
static void pv_deliver_events(struct cpu_regs *regs)
{
	struct vcpu *v = current_vcpu();
	struct arch_vcpu *a = arch_of(v);

	/* A virtual NMI first, as Xen's process_nmi: through vector 2 of the
	 * trap table (dropped if the guest has no handler there), and masked
	 * until the guest's iret hypercall. */
	if (v->nmi_pending && !a->nmi_masked) {
		v->nmi_pending = false;
		if (a->traps[TRAP_nmi].address) {
			a->nmi_masked = true;
			if (!pv_inject_exception(regs, TRAP_nmi, false, 0, 0))
				crash_current(regs, "cannot deliver an NMI: the "
					      "guest stack is not writable");
		}
	}
	if (!local_events_need_delivery(v) || !a->event_callback)
		return;
	if (!pv_create_bounce_frame(regs, a->event_callback, false, 0, true))
		crash_current(regs, "cannot deliver an event upcall: the guest "
			      "stack is not writable");
}

/*
 * A hypercall the fast path called made a continuation (hypercall.h):
 * the registers it did not rewrite are re-issued as they were.
 */
static void __attribute__((noinline)) fast_preempted(struct cpu_regs *regs,
						     long rc)
{
	unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
				  regs->r10, regs->r8, regs->r9 };

	if (hypercall_preempted(args))
		hypercall_continue(regs, args);
	else
		regs->rax = rc;
}

/* The exit path's work: pending #DB notes, a reschedule, an NMI or an
 * upcall. */
static void __attribute__((noinline)) exit_work(struct cpu_regs *regs)
{
	if (__atomic_load_n(&pv_db_notes, __ATOMIC_RELAXED))
		pv_debug_report();
	sched_softirq();
	pv_deliver_events(regs);
}

/*
 * The `syscall` entry (entry.S syscall_entry): a hypercall from the guest
 * kernel, the iret hypercall, or a guest user syscall to bounce. The hot
 * path of every hypercall, so what it does inline is the common case
 * only: the lock taken without the nesting check (a `syscall` only comes
 * from a guest), the checks hv_lock_entry makes, a fresh budget, the
 * handler called with the argument registers from the frame, then the
 * exit's tests, the lock dropped inline. Anything else (a user syscall,
 * the iret hypercall, an unknown number, a preemption, exit work) is
 * out of line. The frame goes back by sysretq unless something marked
 * it TRAP_iret_only (entry.S).
 */
void pv_syscall_entry(struct cpu_regs *regs)
{
	struct cpu_info *c = this_cpu();
	struct vcpu *v = c->current;
	hypercall_fn_t *fn;
	long rc;

	hv_lock_from_guest(c);
	if (__builtin_expect(c->cr3_lost || v->domain->is_dying, 0))
		hv_entry_lost(c, regs);
	fn = hypercall_fast_fn(regs->rax);
	if (__builtin_expect(!fn || !arch_of(v)->kernel_mode, 0)) {
		pv_handle_syscall(regs);
	} else {
		hcall_start(&v->hcall, HYPERCALL_BUDGET);
		rc = fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8,
			regs->r9);
		if (__builtin_expect(v->hcall.preempted, 0))
			fast_preempted(regs, rc);
		else
			regs->rax = rc;
	}
	/* exit_work's tests, inline. */
	if (__builtin_expect(__atomic_load_n(&pv_db_notes, __ATOMIC_RELAXED) ||
			     c->need_resched || v->nmi_pending ||
			     local_events_need_delivery(v), 0))
		exit_work(regs);
	hv_unlock_cpu(c);
}

void pv_exit_to_guest(struct cpu_regs *regs)
{
	sched_softirq();
	pv_deliver_events(regs);
	/* Interrupts stay off until the iretq: a kick sent from now on is
	 * taken in the guest, and brings it straight back. */
	hv_unlock();
}
