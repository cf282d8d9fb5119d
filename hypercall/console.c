/* console_io: guest text to the hypervisor console (and input, later). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
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
	case CONSOLEIO_write:
		/* Like Xen: count is unsigned; copy in bounded chunks. */
		count = (unsigned int)count;
		while (count) {
			unsigned long n = MIN(count, sizeof(chunk));

			if (copy_from_guest(chunk, buf, n))
				return -EFAULT;
			domain_console_write(d, chunk, n);
			buf += n;
			count -= n;
		}
		return 0;
	case CONSOLEIO_read:
		/* No serial input is routed to domains yet: nothing to read. */
		return 0;
	default:
		return -ENOSYS;
	}
}
