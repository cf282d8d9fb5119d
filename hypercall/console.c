/* console_io: guest text to the hypervisor console, serial input back. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "preempt.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

#define CONSOLE_CHUNK 128

HYPERCALL(console_io)
{
	struct domain *d = current_vcpu()->domain;
	unsigned long cmd = a1, count = a2, buf = a3;
	char chunk[CONSOLE_CHUNK];

	switch (cmd) {
	case CONSOLEIO_write: {
		/* Like Xen: count is unsigned; copy in bounded chunks, and
		 * once the budget is spent, continue with what is left. */
		struct hcall_state *h = &current_vcpu()->hcall;
		bool first = true;

		count = (unsigned int)count;
		while (count) {
			unsigned long n = MIN(count, sizeof(chunk));
			size_t printed;

			if (!first && hcall_preempt_check(h)) {
				unsigned long cont[3] = { cmd, count, buf };

				return hcall_create_continuation(
					h, __HYPERVISOR_console_io, 3, cont);
			}
			first = false;
			if (copy_from_guest(chunk, buf, n))
				return -EFAULT;
			printed = domain_console_write(d, chunk, n);
			hcall_charge(h, n + printed * CONSOLE_PRINT_COST);
			buf += n;
			count -= n;
		}
		return 0;
	}
	case CONSOLEIO_read: {
		/* Like Xen: the bytes copied, 0 without the input focus. */
		long done = 0;

		count = (unsigned int)count;
		while (count) {
			size_t n = domain_console_read(d, chunk,
						       MIN(count, sizeof(chunk)));

			if (!n)
				break;
			if (copy_to_guest(buf, chunk, n))
				return -EFAULT;
			buf += n;
			count -= n;
			done += n;
		}
		return done;
	}
	default:
		return -ENOSYS;
	}
}
