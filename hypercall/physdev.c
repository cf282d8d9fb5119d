/* physdev_op: the virtual I/O privilege of a PV vCPU (IOPL, I/O bitmap). */
#include "types.h"
#include "errno.h"
#include "hypercall.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/uaccess.h"
#include <xen/physdev.h>

/* The largest bitmap: one bit for each of the 65536 ports (Xen's). */
#define IOBMP_BYTES 8192

HYPERCALL(physdev_op)
{
	unsigned long cmd = a1, arg = a2;

	switch (cmd) {
	case PHYSDEVOP_set_iopl: {
		/* The vCPU's virtual IOPL, consulted when it traps on cli/sti
		 * or port I/O (pv_emul.c). */
		struct physdev_set_iopl s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.iopl > 3)
			return -EINVAL;
		arch_of(current_vcpu())->iopl = s.iopl;
		return 0;
	}
	case PHYSDEVOP_set_iobitmap: {
		/*
		 * A guest kernel VA of a TSS-style bitmap for ports
		 * 0..nr_ports-1 (set bit: denied), read only when a port
		 * access traps (Xen keeps the handle, not a copy). The whole
		 * 8 KiB must lie in guest space, as Xen's guest_handle_okay.
		 * nr_ports 0 turns the bitmap off.
		 */
		struct physdev_set_iobitmap s;
		struct arch_vcpu *a = arch_of(current_vcpu());

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (!guest_range_ok((uint64_t)s.bitmap.p, IOBMP_BYTES) ||
		    s.nr_ports > 65536)
			return -EINVAL;
		a->iobmp = (uint64_t)s.bitmap.p;
		a->iobmp_nr = s.nr_ports;
		return 0;
	}
	default:
		return -ENOSYS;
	}
}
