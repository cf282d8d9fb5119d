/* Guest copies with range checks; the exception-table search. */
#include "types.h"
#include "errno.h"
#include "asm/uaccess.h"

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

int copy_from_guest(void *dst, uint64_t guest_va, unsigned long len)
{
	if (!guest_range_ok(guest_va, len))
		return -EFAULT;
	return __copy_user(dst, (const void *)guest_va, len) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t guest_va, const void *src, unsigned long len)
{
	if (!guest_range_ok(guest_va, len))
		return -EFAULT;
	return __copy_user((void *)guest_va, src, len) ? -EFAULT : 0;
}

uint64_t search_extable(uint64_t rip)
{
	for (const struct extable_entry *e = __start_ex_table;
	     e < __stop_ex_table; e++) {
		uint64_t insn = (uint64_t)&e->insn + e->insn;

		if (insn == rip)
			return (uint64_t)&e->fixup + e->fixup;
	}
	return 0;
}
