/* Copying to and from guest virtual memory, with fault fixups. */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include "types.h"
#include "asm/layout.h"

/*
 * A guest range is acceptable only if it is canonical and lies wholly
 * outside the hypervisor's slots 256-271: the lower half, or the part of
 * the upper half above HYPERVISOR_VIRT_END.
 */
static inline bool guest_range_ok(uint64_t va, uint64_t len)
{
	uint64_t end = va + len;

	if (end < va)
		return false;
	if (end <= 0x0000800000000000ULL)
		return true;
	return va >= HYPERVISOR_VIRT_END;
}

/*
 * Raw copies through the current page tables; a fault part-way returns
 * the number of bytes NOT copied (0 = success). Callers check ranges.
 */
unsigned long __copy_user(void *dst, const void *src, unsigned long len);

/* Copy from / to the running guest: 0 or -EFAULT. */
int copy_from_guest(void *dst, uint64_t guest_va, unsigned long len);
int copy_to_guest(uint64_t guest_va, const void *src, unsigned long len);

/* The exception table: faulting instruction -> where to resume. */
struct extable_entry {
	int32_t insn;     /* relative to the entry itself */
	int32_t fixup;
};

/* Returns the fixup address for a fault at rip, or 0. */
uint64_t search_extable(uint64_t rip);

#endif
