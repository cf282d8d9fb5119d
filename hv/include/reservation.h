/* Memory reservations: the core of XENMEM_{increase,decrease}_reservation and populate_physmap. */
#ifndef HV_RESERVATION_H
#define HV_RESERVATION_H

#include "types.h"
#include "domain.h"

/*
 * memory_op's cmd: the XENMEM_* operation in bits 0-5, and for the
 * reservation operations the extent to start at above them (Xen's
 * continuation encoding, xen/include/xen/hypercall.h).
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1UL << MEMOP_EXTENT_SHIFT) - 1)

/* Xen's defaults (CONFIG_DOMU_MAX_ORDER, CONFIG_CTLDOM_MAX_ORDER). */
#define DOMU_MAX_ORDER     9
#define CTLDOM_MAX_ORDER   12

/* Xen's max_order(): the largest extent_order caller may use. */
unsigned int memop_max_order(const struct domain *caller);

/*
 * Xen's construct_memop_from_reservation() address width check: the
 * XENMEMF_address_bits of mem_flags on a machine of max_page frames. *bits
 * is the width frames must fit, 0 for any (no bits given, or bits that
 * cover all memory). 0, or -EINVAL for a width of PAGE_SHIFT or less.
 */
int memop_address_bits(unsigned int mem_flags, unsigned long max_page,
		       unsigned int *bits);

/*
 * Xen's guest_remove_page() for a PV domain (gmfn is the mfn): d gives
 * back frame gmfn. With a general reference held across, a pinned table
 * is unpinned and the allocation reference (PGC_allocated) dropped; the
 * frame is freed now if nothing else references it, else when the last
 * reference goes (mappings, the hypervisor's console or vcpu_info
 * reference), and leaves d's page list and tot_pages then
 * (page_free_hook). Returns 0, -EINVAL (no such frame), -ENXIO (not d's,
 * or free) or -EBUSY (a frame the hypervisor uses itself and the domain
 * may not give back: its shared_info, or a frame not on its page list
 * such as a grant-table frame; Xen keeps those as Xen-heap pages and
 * reports success, we refuse).
 */
int guest_remove_page(struct domain *d, unsigned long gmfn);

/*
 * An input frame of XENMEM_exchange (mfn, as a PV guest lists it): d's,
 * held by nothing but its allocation (no mapping, no type, not pinned,
 * not shared with the hypervisor, not its shared_info): Xen's steal_page
 * conditions.
 */
bool memop_page_exchangeable(const struct domain *d, unsigned long mfn);

#endif
