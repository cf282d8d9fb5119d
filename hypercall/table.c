/* The one hypercall dispatch table. */
#include "types.h"
#include "errno.h"
#include "hypercall.h"
#include "log.h"
#include <xen/xen.h>

static const struct {
	hypercall_fn_t *fn;
	const char *name;
} table[] = {
	[__HYPERVISOR_console_io]  = { do_console_io, "console_io" },
	[__HYPERVISOR_sched_op]    = { do_sched_op, "sched_op" },
	[__HYPERVISOR_xen_version] = { do_xen_version, "xen_version" },
};

const char *hypercall_name(unsigned long nr)
{
	return nr < ARRAY_SIZE(table) ? table[nr].name : NULL;
}

long hypercall_dispatch(unsigned long nr, const unsigned long a[6])
{
	long rc;

	if (nr >= ARRAY_SIZE(table) || !table[nr].fn)
		rc = -ENOSYS;
	else
		rc = table[nr].fn(a[0], a[1], a[2], a[3], a[4], a[5]);
#ifdef CONFIG_HYPERCALL_TRACE
	printk(KERN_DEBUG "hypercall %s(%lu)(%#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
	       hypercall_name(nr) ? hypercall_name(nr) : "?", nr, a[0], a[1],
	       a[2], a[3], a[4], rc);
#endif
	return rc;
}
