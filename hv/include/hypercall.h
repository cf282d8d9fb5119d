/* The hypercall table's contract: every handler has one signature. */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include "types.h"

/*
 * Every handler takes the six argument registers (rdi, rsi, rdx, r10, r8,
 * r9) as raw guest values and returns the value for rax: >= 0 or a
 * negative errno. Handlers treat every argument as hostile.
 */
#define HYPERCALL(name) \
	long do_##name(unsigned long a1, unsigned long a2, unsigned long a3, \
		       unsigned long a4, unsigned long a5, unsigned long a6)

typedef long hypercall_fn_t(unsigned long, unsigned long, unsigned long,
			    unsigned long, unsigned long, unsigned long);

/* Every hypercall number Xen defines is below this (arch_7 is 55). */
#define NR_hypercall_slots 64

/* The handler of each hypercall number, NULL for a hole (table.c). */
extern hypercall_fn_t *const hypercall_table[NR_hypercall_slots];

/*
 * The handler the `syscall` fast path (pv_syscall_entry) calls directly
 * with the guest's argument registers, or NULL: a number past the table
 * or a hole (the iret hypercall is one: it has its own path), and every
 * number when hypercalls are traced, so that hypercall_dispatch() sees
 * them all. A NULL handler takes the general path (pv_handle_syscall).
 */
static inline hypercall_fn_t *hypercall_fast_fn(unsigned long nr)
{
#ifdef CONFIG_HYPERCALL_TRACE
	return NULL;
#else
	return nr < NR_hypercall_slots ? hypercall_table[nr] : NULL;
#endif
}

/*
 * Dispatch hypercall nr; -ENOSYS past the table or for an empty slot.
 * The caller set the budget (preempt.h): pv_handle_syscall for a call
 * from the guest; a multicall's entries share the multicall's.
 */
long hypercall_dispatch(unsigned long nr, const unsigned long args[6]);

/*
 * After hypercall_dispatch() for a `syscall` from the guest: true if the
 * hypercall was preempted and made a continuation (hv/preempt.c). Then
 * args holds the argument registers to re-issue it with, and the caller
 * makes the guest issue it again: rip back over its 2-byte `syscall`
 * (hypercall-page stubs are `syscall` too), rax left as the hypercall
 * number, rdi, rsi, rdx, r10, r8, r9 set from args. False otherwise: rax
 * gets the result as usual.
 */
bool hypercall_preempted(unsigned long args[6]);

/* Name of hypercall nr for traces, or NULL. */
const char *hypercall_name(unsigned long nr);

HYPERCALL(console_io);
HYPERCALL(sched_op);
HYPERCALL(xen_version);
HYPERCALL(set_trap_table);
HYPERCALL(callback_op);
HYPERCALL(set_callbacks);
HYPERCALL(stack_switch);
HYPERCALL(set_segment_base);
HYPERCALL(fpu_taskswitch);
HYPERCALL(vm_assist);
HYPERCALL(memory_op);
HYPERCALL(physdev_op);
HYPERCALL(platform_op);
HYPERCALL(mmu_update);
HYPERCALL(mmuext_op);
HYPERCALL(update_va_mapping);
HYPERCALL(update_va_mapping_otherdomain);
HYPERCALL(multicall);
HYPERCALL(set_gdt);
HYPERCALL(update_descriptor);
HYPERCALL(set_timer_op);
HYPERCALL(vcpu_op);
HYPERCALL(event_channel_op);
HYPERCALL(event_channel_op_compat);
HYPERCALL(set_debugreg);
HYPERCALL(get_debugreg);
HYPERCALL(grant_table_op);

#endif
