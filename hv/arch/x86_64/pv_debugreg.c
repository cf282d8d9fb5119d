/* Debug registers of PV vCPUs in the hardware: loading, and #DB in Xen. */
#include "types.h"
#include "domain.h"
#include "asm/debugreg.h"
#include "asm/percpu.h"
#include "asm/pv.h"

#define WRITE_DR(n, v) asm volatile("mov %0, %%db" #n :: "r"((uint64_t)(v)))
#define READ_DR(n) ({ uint64_t _v; asm volatile("mov %%db" #n ", %0" \
						 : "=r"(_v)); _v; })

/* Whether the hardware DR7 enables some vCPU's breakpoints. */
static bool hw_breakpoints;

/*
 * DR7 goes last: no breakpoint is live with half-loaded addresses. With
 * no breakpoint enabled before or after (the usual context switch), the
 * registers are left alone: only an enabled DR7 makes DR0-3 matter, and
 * the hardware DR6 is read and reset only on a #DB.
 */
void pv_load_debugregs(const struct pv_debugregs *s)
{
	uint64_t v;

	debugreg_get(s, 7, false, &v);
	if (!(v & DR7_ACTIVE_MASK) && !hw_breakpoints)
		return;
	hw_breakpoints = v & DR7_ACTIVE_MASK;
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

void pv_debug_in_hypervisor(void)
{
	struct vcpu *v = current_vcpu();
	uint32_t hw = take_dr6();

	if (v && v->arch)
		debugreg_note_db(&arch_of(v)->debugregs, hw);
}

/* A #DB from the guest: its virtual DR6 shows why, as Xen. */
void pv_debug_from_guest(struct vcpu *v)
{
	debugreg_note_db(&arch_of(v)->debugregs, take_dr6());
}
