/* set_debugreg and get_debugreg: the PV guest's debug registers. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "asm/debugreg.h"
#include "asm/percpu.h"
#include "asm/pv.h"

/* set_debugreg(reg, value): checked as Xen, live at once (we are current). */
HYPERCALL(set_debugreg)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	long rc = debugreg_set(&a->debugregs, (unsigned int)a1, a2,
			       PV_GUEST_CR4_DE);

	if (!rc)
		pv_load_debugregs(&a->debugregs);
	return rc;
}

/* get_debugreg(reg): the value (as a long, like Xen), or -ENODEV. */
HYPERCALL(get_debugreg)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	uint64_t v;
	long rc = debugreg_get(&a->debugregs, (unsigned int)a1, PV_GUEST_CR4_DE,
			       &v);

	return rc ? rc : (long)v;
}
