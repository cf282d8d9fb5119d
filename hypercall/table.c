/* The one hypercall dispatch table. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "log.h"
#include "preempt.h"
#include "timer.h"
#include "asm/percpu.h"
#include <xen/xen.h>

/*
 * The handlers, indexed by hypercall number (a hole is -ENOSYS). Read
 * by hypercall_dispatch() and, inline, by the `syscall` fast path
 * (hypercall_fast_fn in hypercall.h); their names only by traces.
 */
hypercall_fn_t *const hypercall_table[NR_hypercall_slots] = {
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_set_trap_table] = do_set_trap_table,
	[__HYPERVISOR_set_callbacks] = do_set_callbacks,
	[__HYPERVISOR_callback_op] = do_callback_op,
	[__HYPERVISOR_stack_switch] = do_stack_switch,
	[__HYPERVISOR_set_segment_base] = do_set_segment_base,
	[__HYPERVISOR_fpu_taskswitch] = do_fpu_taskswitch,
	[__HYPERVISOR_vm_assist] = do_vm_assist,
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_physdev_op] = do_physdev_op,
	[__HYPERVISOR_platform_op] = do_platform_op,
	[__HYPERVISOR_mmu_update] = do_mmu_update,
	[__HYPERVISOR_mmuext_op] = do_mmuext_op,
	[__HYPERVISOR_update_va_mapping] = do_update_va_mapping,
	[__HYPERVISOR_update_va_mapping_otherdomain] = do_update_va_mapping_otherdomain,
	[__HYPERVISOR_multicall] = do_multicall,
	[__HYPERVISOR_set_gdt] = do_set_gdt,
	[__HYPERVISOR_update_descriptor] = do_update_descriptor,
	[__HYPERVISOR_set_timer_op] = do_set_timer_op,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_event_channel_op] = do_event_channel_op,
	[__HYPERVISOR_event_channel_op_compat] = do_event_channel_op_compat,
	[__HYPERVISOR_set_debugreg] = do_set_debugreg,
	[__HYPERVISOR_get_debugreg] = do_get_debugreg,
	[__HYPERVISOR_grant_table_op] = do_grant_table_op,
};

static const char *const names[NR_hypercall_slots] = {
	[__HYPERVISOR_console_io] = "console_io",
	[__HYPERVISOR_sched_op] = "sched_op",
	[__HYPERVISOR_xen_version] = "xen_version",
	[__HYPERVISOR_set_trap_table] = "set_trap_table",
	[__HYPERVISOR_set_callbacks] = "set_callbacks",
	[__HYPERVISOR_callback_op] = "callback_op",
	[__HYPERVISOR_stack_switch] = "stack_switch",
	[__HYPERVISOR_set_segment_base] = "set_segment_base",
	[__HYPERVISOR_fpu_taskswitch] = "fpu_taskswitch",
	[__HYPERVISOR_vm_assist] = "vm_assist",
	[__HYPERVISOR_memory_op] = "memory_op",
	[__HYPERVISOR_physdev_op] = "physdev_op",
	[__HYPERVISOR_platform_op] = "platform_op",
	[__HYPERVISOR_mmu_update] = "mmu_update",
	[__HYPERVISOR_mmuext_op] = "mmuext_op",
	[__HYPERVISOR_update_va_mapping] = "update_va_mapping",
	[__HYPERVISOR_update_va_mapping_otherdomain] = "update_va_mapping_otherdomain",
	[__HYPERVISOR_multicall] = "multicall",
	[__HYPERVISOR_set_gdt] = "set_gdt",
	[__HYPERVISOR_update_descriptor] = "update_descriptor",
	[__HYPERVISOR_set_timer_op] = "set_timer_op",
	[__HYPERVISOR_vcpu_op] = "vcpu_op",
	[__HYPERVISOR_event_channel_op] = "event_channel_op",
	[__HYPERVISOR_event_channel_op_compat] = "event_channel_op_compat",
	[__HYPERVISOR_set_debugreg] = "set_debugreg",
	[__HYPERVISOR_get_debugreg] = "get_debugreg",
	[__HYPERVISOR_grant_table_op] = "grant_table_op",
};

const char *hypercall_name(unsigned long nr)
{
	return nr < ARRAY_SIZE(names) ? names[nr] : NULL;
}

long hypercall_dispatch(unsigned long nr, const unsigned long a[6])
{
	long rc;

	if (nr >= NR_hypercall_slots || !hypercall_table[nr])
		rc = -ENOSYS;
	else
		rc = hypercall_table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
#ifdef CONFIG_HYPERCALL_TRACE
	printk(KERN_DEBUG "hypercall %s(%lu)(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
	       hypercall_name(nr) ? hypercall_name(nr) : "?", nr, a[0], a[1],
	       a[2], a[3], a[4], rc);
#endif
	return rc;
}

/*
 * Preemptions are logged at debug level, one line a second at most: the
 * call preempted then, and how many preemptions (any domain) there were
 * since the previous line.
 */
static void log_preempted(const struct vcpu *v, unsigned int nr)
{
	static s_time_t next;
	static unsigned long count;
	s_time_t now = NOW();

	count++;
	if (now < next)
		return;
	next = now + MILLISECS(1000);
	printk(KERN_DEBUG "d%uv%u: %s preempted, continued by the guest (%lu "
	       "continuations since the last report)\n", v->domain->domain_id,
	       v->vcpu_id, hypercall_name(nr) ? hypercall_name(nr) : "?", count);
	count = 0;
}

/* Contract in hypercall.h. */
bool hypercall_preempted(unsigned long args[6])
{
	struct vcpu *v = current_vcpu();

	if (!hcall_take_continuation(&v->hcall, args))
		return false;
	log_preempted(v, v->hcall.nr);
	return true;
}
