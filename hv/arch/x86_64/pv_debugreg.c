/* Debug registers of PV vCPUs in the hardware: loading, and #DB in Xen. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "asm/debugreg.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/symbols.h"

#define X86_EFLAGS_TF (1UL << 8)

#define WRITE_DR(n, v) asm volatile("mov %0, %%db" #n :: "r"((uint64_t)(v)))
#define READ_DR(n) ({ uint64_t _v; asm volatile("mov %%db" #n ", %0" \
						 : "=r"(_v)); _v; })

/* The last #DB this CPU took in ring 0, until pv_debug_report(). */
static struct {
	uint64_t rip, dr6;
	unsigned long count;
} db_note[CONFIG_NR_CPUS];
/* CPUs with a note not yet reported: the hot path's one test. */
unsigned long pv_db_notes;

/*
 * DR7 goes last: no breakpoint is live with half-loaded addresses. With
 * no breakpoint enabled before or after (the usual context switch), the
 * registers are left alone: only an enabled DR7 makes DR0-3 matter, and
 * the hardware DR6 is read and reset only on a #DB.
 */
void pv_load_debugregs(const struct pv_debugregs *s)
{
	struct cpu_info *c = this_cpu();
	uint64_t v;

	debugreg_get(s, 7, false, &v);
	if (!(v & DR7_ACTIVE_MASK) && !c->hw_breakpoints)
		return;
	c->hw_breakpoints = v & DR7_ACTIVE_MASK;
	WRITE_DR(7, X86_DR7_DEFAULT);
	WRITE_DR(0, s->dr[0]);
	WRITE_DR(1, s->dr[1]);
	WRITE_DR(2, s->dr[2]);
	WRITE_DR(3, s->dr[3]);
	debugreg_get(s, 6, false, &v);
	WRITE_DR(6, v);
	debugreg_get(s, 7, false, &v);
	WRITE_DR(7, v);
}

/* Read and clear the hardware DR6 after a #DB. */
static uint32_t take_dr6(void)
{
	uint32_t hw = (uint32_t)READ_DR(6);

	WRITE_DR(6, X86_DR6_DEFAULT);
	return hw;
}

void pv_debug_in_hypervisor(struct cpu_regs *regs)
{
	extern char sysenter_entry[], sysenter_eflags_saved[];
	struct cpu_info *c = this_cpu();
	struct vcpu *v = c->current;
	uint32_t hw = take_dr6();

	if (regs->rflags & X86_EFLAGS_TF) {
		/* Single steps through sysenter_entry until the guest's
		 * flags are saved (they keep TF, the guest's own); then the
		 * hypervisor goes on without it. */
		if (regs->rip >= (uint64_t)sysenter_entry &&
		    regs->rip <= (uint64_t)sysenter_eflags_saved) {
			if (regs->rip == (uint64_t)sysenter_eflags_saved)
				regs->rflags &= ~X86_EFLAGS_TF;
			return;
		}
		regs->rflags &= ~X86_EFLAGS_TF;
	}
	if (v && v->arch)
		debugreg_note_db(&arch_of(v)->debugregs, hw);
	db_note[c->cpu_id].rip = regs->rip;
	db_note[c->cpu_id].dr6 = hw;
	if (!db_note[c->cpu_id].count++)
		__atomic_add_fetch(&pv_db_notes, 1, __ATOMIC_RELAXED);
}

void pv_debug_report(void)
{
	struct cpu_info *c = this_cpu();
	struct vcpu *v = c->current;
	unsigned long n = db_note[c->cpu_id].count;
	uint64_t off;
	const char *sym;

	if (!n)
		return;
	db_note[c->cpu_id].count = 0;
	__atomic_sub_fetch(&pv_db_notes, 1, __ATOMIC_RELAXED);
	sym = symbol_lookup(db_note[c->cpu_id].rip, &off);
	printk(KERN_DEBUG "Domain %d (%s) vCPU %d: #DB in hypervisor context "
	       "at %lx <%s+%#lx>, dr6 %#lx%s: noted in the guest's DR6\n",
	       v ? (int)v->domain->domain_id : -1, v ? v->domain->name : "-",
	       v ? (int)v->vcpu_id : -1, db_note[c->cpu_id].rip,
	       sym ? sym : "?", sym ? off : 0, db_note[c->cpu_id].dr6,
	       n > 1 ? " (and earlier ones)" : "");
}

/* A #DB from the guest: its virtual DR6 shows why, as Xen. */
void pv_debug_from_guest(struct vcpu *v)
{
	debugreg_note_db(&arch_of(v)->debugregs, take_dr6());
}
