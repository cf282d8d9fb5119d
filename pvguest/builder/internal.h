/* Domain builder internals shared by its files (not part of the API). */
#ifndef PVGUEST_BUILDER_INTERNAL_H
#define PVGUEST_BUILDER_INTERNAL_H

#include "builder.h"
#include "elf.h"

/* Xen's reserved L4 slots 256-271, in every PV guest. */
#define HV_VIRT_START   0xffff800000000000UL
#define HV_VIRT_END     0xffff880000000000UL

/*
 * Fills gi's note fields from the Xen notes of e: those of PT_NOTE
 * segments, or when there are none, those of SHT_NOTE sections. Fields
 * without a note are left as they are. Returns 0, or -EINVAL with *why
 * (malformed note, no Xen notes, bad FEATURES string).
 */
int xen_notes_parse(const struct elf_image *e, struct xen_guest_info *gi,
		    const char **why);

/* The load VA of a segment: p_paddr - PADDR_OFFSET + VIRT_BASE. */
static inline uint64_t seg_load_va(const struct xen_guest_info *gi,
				   const struct elf64_phdr *ph)
{
	return ph->p_paddr - gi->paddr_offset + gi->virt_base;
}

/*
 * True when [va, va + size) is canonical, does not wrap past 2^64 and
 * stays clear of the hypervisor's slots. An empty range is always fine.
 */
static inline bool va_range_ok(uint64_t va, uint64_t size)
{
	uint64_t last = va + size - 1;

	if (!size)
		return true;
	if (last < va)
		return false;               /* wraps past 2^64 */
	if (last >= 0x0000800000000000UL && va < 0xffff800000000000UL)
		return false;               /* touches the non-canonical hole */
	return last < HV_VIRT_START || va >= HV_VIRT_END;
}

#endif
