/* Xen's check_descriptor and alloc_segdesc_page for 64-bit PV guests: a pure core. */
#include "types.h"
#include "errno.h"
#include "page_type.h"
#include "asm/desc.h"
#include "asm/descriptor.h"

/*
 * Xen's guest_gate_selector_okay() for a 64-bit domain: a call gate may
 * target a guest GDT selector, any LDT selector, or the flat ring-3 CS.
 */
static bool gate_selector_okay(uint16_t sel)
{
	unsigned int idx = sel >> 3;

	return idx < FIRST_RESERVED_GDT_ENTRY || idx >= GDT_ENTRIES ||
	       sel == FLAT_RING3_CS64 || (sel & 4);
}

/* Contract in asm/descriptor.h. */
bool check_descriptor(uint64_t *d)
{
	uint32_t a = (uint32_t)*d, b = (uint32_t)(*d >> 32);
	uint16_t cs;

	/* A not-present descriptor always faults, so any contents are safe. */
	if (!(b & _SEGMENT_P))
		return true;

	/* Raise the DPL to the guest kernel's ring, 3 (Xen's fixup). */
	b |= _SEGMENT_DPL;

	/* Code and data: no base or limit checks in 64-bit mode. */
	if (b & _SEGMENT_S)
		goto good;

	/* Type 0 is harmless: the upper half of a 16-byte call gate. */
	if (!(b & _SEGMENT_TYPE))
		return true;

	/* Every other system descriptor but a call gate is refused. */
	if ((b & _SEGMENT_TYPE) != (SYS_DESC_call_gate << 8))
		return false;

	cs = a >> 16;
	if (!gate_selector_okay(cs))
		return false;
	/*
	 * DPL 0: the guest (ring 3) cannot use the gate directly; Xen
	 * emulates it on the resulting #GP and keeps the guest's (raised)
	 * DPL in the target's RPL. We do not emulate gates: the #GP goes to
	 * the guest.
	 */
	b &= ~_SEGMENT_DPL;
	cs = (cs & ~3) | 3;
	a = (a & 0xffffU) | ((uint32_t)cs << 16);
	if (b & 0xff)
		return false;             /* reserved bits */
good:
	*d = ((uint64_t)b << 32) | a;
	return true;
}

/* Contract in asm/descriptor.h. */
int alloc_segdesc_page(struct page_info *pg)
{
	uint64_t *descs = map_domain_page(page_to_mfn(pg));
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 8; i++) {
		uint64_t e = __atomic_load_n(&descs[i], __ATOMIC_RELAXED);

		if (!check_descriptor(&e))
			break;
		__atomic_store_n(&descs[i], e, __ATOMIC_RELAXED);
	}
	unmap_domain_page(descs);
	return i == PAGE_SIZE / 8 ? 0 : -EINVAL;
}
