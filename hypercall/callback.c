/* set_trap_table, callback_op and set_callbacks: where the guest wants its
 * exceptions, events and system calls delivered. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "preempt.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/uaccess.h"
#include <xen/callback.h>
#include <xen/xen.h>

/* Budget units (preempt.h) one trap_info entry costs. */
#define TRAP_ENTRY_COST 4

/*
 * set_trap_table(traps): NULL clears every handler; otherwise entries are
 * applied in order until one with address 0 (-EINVAL at a non-canonical
 * one, the entries before it applied). As Xen, there is no limit: once
 * the budget is spent after an entry, the call continues with traps
 * advanced past it.
 */
HYPERCALL(set_trap_table)
{
	struct vcpu *v = current_vcpu();
	struct arch_vcpu *a = arch_of(v);
	unsigned long ptr = a1;
	struct trap_info ti;

	if (!ptr) {
		for (unsigned int i = 0; i < 256; i++)
			a->traps[i] = (struct pv_trap){ 0 };
		return 0;
	}
	for (;;) {
		if (copy_from_guest(&ti, ptr, sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		/* As Xen: a non-canonical handler would fault our iretq. */
		if (!is_canonical(ti.address))
			return -EINVAL;
		a->traps[ti.vector] = (struct pv_trap){
			.address = ti.address, .cs = ti.cs, .flags = ti.flags,
		};
		ptr += sizeof(ti);
		hcall_charge(&v->hcall, TRAP_ENTRY_COST);
		if (hcall_preempt_check(&v->hcall)) {
			unsigned long cont[1] = { ptr };

			return hcall_create_continuation(&v->hcall,
				__HYPERVISOR_set_trap_table, 1, cont);
		}
	}
}

static bool guest_code_address(uint64_t va)
{
	return guest_range_ok(va, 1) && is_canonical(va);
}

static long register_callback(struct arch_vcpu *a, const struct callback_register *r)
{
	uint64_t *slot;

	if (!guest_code_address(r->address))
		return -EINVAL;
	switch (r->type) {
	case CALLBACKTYPE_event:
		slot = &a->event_callback;
		break;
	case CALLBACKTYPE_failsafe:
		slot = &a->failsafe_callback;
		break;
	case CALLBACKTYPE_syscall:
		slot = &a->syscall_callback;
		break;
	case CALLBACKTYPE_syscall32:
		slot = &a->syscall32_callback;
		break;
	case CALLBACKTYPE_sysenter:
		slot = &a->sysenter_callback;
		break;
	case CALLBACKTYPE_nmi:
		/* No virtual NMIs here: accepted, as Linux registers it, but
		 * never invoked. */
		return 0;
	default:
		return -ENOSYS;
	}
	*slot = r->address;
	if (r->flags & CALLBACKF_mask_events)
		a->callback_flags |= 1u << r->type;
	else
		a->callback_flags &= ~(1u << r->type);
	return 0;
}

HYPERCALL(callback_op)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	unsigned long cmd = a1, arg = a2;

	switch (cmd) {
	case CALLBACKOP_register: {
		struct callback_register r;

		if (copy_from_guest(&r, arg, sizeof(r)))
			return -EFAULT;
		return register_callback(a, &r);
	}
	case CALLBACKOP_unregister: {
		struct callback_unregister u;

		if (copy_from_guest(&u, arg, sizeof(u)))
			return -EFAULT;
		/* Xen refuses to unregister the entry points (-EINVAL; only
		 * the NMI callback can go), other types are -ENOSYS. */
		if (u.type == CALLBACKTYPE_event || u.type == CALLBACKTYPE_failsafe ||
		    u.type == CALLBACKTYPE_syscall ||
		    u.type == CALLBACKTYPE_syscall32 ||
		    u.type == CALLBACKTYPE_sysenter)
			return -EINVAL;
		return u.type == CALLBACKTYPE_nmi ? 0 : -ENOSYS;
	}
	default:
		return -ENOSYS;
	}
}

/* The legacy form: event, failsafe and syscall entry points at once. */
HYPERCALL(set_callbacks)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	struct callback_register r = { .flags = CALLBACKF_mask_events };
	static const uint16_t types[3] = {
		CALLBACKTYPE_event, CALLBACKTYPE_failsafe, CALLBACKTYPE_syscall,
	};
	const unsigned long addr[3] = { a1, a2, a3 };
	long rc;

	for (unsigned int i = 0; i < 3; i++) {
		r.type = types[i];
		r.address = addr[i];
		rc = register_callback(a, &r);
		if (rc)
			return rc;
	}
	return 0;
}
