/* physdev_op: the I/O privilege level of a PV guest kernel. */
#include "types.h"
#include "errno.h"
#include "hypercall.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/uaccess.h"
#include <xen/physdev.h>

HYPERCALL(physdev_op)
{
	unsigned long cmd = a1, arg = a2;

	switch (cmd) {
	case PHYSDEVOP_set_iopl: {
		struct physdev_set_iopl s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.iopl > 3)
			return -EINVAL;
		/* Recorded; port I/O of a domU is emulated whatever it is. */
		arch_of(current_vcpu())->iopl = s.iopl;
		return 0;
	}
	default:
		return -ENOSYS;
	}
}
