/* memory_op: what a PV guest may ask about memory, and its reservation (balloon). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "iomem.h"
#include "log.h"
#include "preempt.h"
#include "reservation.h"
#include "lib.h"
#include "asm/dom0.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/memory.h>
#include <xen/xen.h>

#define E820_RAM 1
#define MACHINE_MAP_MAX 64           /* entries: the boot map and its holes */

/*
 * The domain named by *arg (domid_t), as Xen's rcu_lock_domain_by_any_id
 * and XSM_TARGET: DOMID_SELF or the caller's own id is the caller; an id
 * no running domain has is -ESRCH; another domain needs privilege (-EPERM).
 */
static long own_domain(unsigned long arg, struct domain **out)
{
	struct domain *cur = current_vcpu()->domain;
	domid_t id;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	*out = id == cur->domain_id ? cur : domain_lookup_any(cur, id);
	if (!*out)
		return -ESRCH;
	if (*out != cur && !cur->is_privileged)
		return -EPERM;
	return 0;
}

/*
 * XENMEM_machine_memory_map (privileged only, -EPERM otherwise): the
 * firmware's map with the holes dom0 may not map as reserved entries
 * (iomem.h). Needs room for the map plus one (-EINVAL), as Xen.
 */
static long machine_memory_map(unsigned long arg)
{
	struct domain *d = current_vcpu()->domain;
	struct e820_entry e[MACHINE_MAP_MAX];
	struct xen_memory_map map;
	int n;

	if (!d->is_privileged) {
		printk(KERN_DEBUG "d%u: XENMEM_machine_memory_map refused: not "
		       "privileged\n", d->domain_id);
		return -EPERM;
	}
	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	n = dom0_machine_memory_map(e, MIN(map.nr_entries, MACHINE_MAP_MAX));
	if (n < 0)
		return n;
	if (copy_to_guest((unsigned long)map.buffer.p, e, n * sizeof(e[0])))
		return -EFAULT;
	map.nr_entries = n;
	return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/*
 * XENMEM_memory_map: one RAM region covering the domain's pseudo-physical
 * pages (what Xen's toolstack gives a PV domU).
 */
static long memory_map(unsigned long arg)
{
	struct domain *d = current_vcpu()->domain;
	struct xen_memory_map map;
	struct e820_entry e = {
		.addr = 0, .size = (uint64_t)(d->max_pages - 1) << PAGE_SHIFT,
		.type = E820_RAM,
	};

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	if (map.nr_entries < 1)
		return -EINVAL;
	if (copy_to_guest((unsigned long)map.buffer.p, &e, sizeof(e)))
		return -EFAULT;
	map.nr_entries = 1;
	return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/*
 * Budget units per frame of an extent given back or allocated (zeroing
 * a frame costs about 2 us under TCG, see preempt.h).
 */
#define MEMOP_PAGE_COST 32

/* Xen's struct memop_args. */
struct memop_args {
	struct domain *domain;
	unsigned long list;          /* guest VA of the xen_pfn_t array */
	unsigned int nr_extents, extent_order, address_bits;
	unsigned int nr_done;        /* IN/OUT */
	bool preempted;
};

/* Xen's guest_handle_subrange_okay(list, nr_done, nr_extents - 1). */
static bool extents_ok(const struct memop_args *a)
{
	return guest_range_ok(a->list + (unsigned long)a->nr_done * 8,
			      (unsigned long)(a->nr_extents - a->nr_done) * 8);
}

/* Before extent i: spend the budget; false once preempted (not at the first). */
static bool memop_continue(struct memop_args *a, unsigned int i)
{
	struct hcall_state *h = &current_vcpu()->hcall;

	if (i != a->nr_done && hcall_preempt_check(h)) {
		a->preempted = true;
		return false;
	}
	hcall_charge(h, (1UL << a->extent_order) * MEMOP_PAGE_COST);
	return true;
}

/*
 * An extent for a->domain: 2^order zeroed frames with their M2P entries
 * set to gpfn.. (INVALID_M2P_ENTRY for increase_reservation, as Xen
 * leaves a frame's entry until the guest's MMU_MACHPHYS_UPDATE).
 */
static mfn_t alloc_extent(struct memop_args *a, unsigned long gpfn)
{
	mfn_t mfn = domain_alloc_pages(a->domain, a->extent_order,
				       a->address_bits);

	if (mfn == INVALID_MFN)
		return mfn;
	for (unsigned long j = 0; j < (1UL << a->extent_order); j++) {
		memset(mfn_to_virt(mfn + j), 0, PAGE_SIZE);
		m2p_set(mfn + j, gpfn == INVALID_M2P_ENTRY ? gpfn : gpfn + j);
	}
	return mfn;
}

/* Xen's increase_reservation(): the new MFNs go to the list (if any). */
static void increase_reservation(struct memop_args *a)
{
	unsigned int i;

	if ((a->list && !extents_ok(a)) ||
	    a->extent_order > memop_max_order(current_vcpu()->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		xen_pfn_t mfn;

		if (!memop_continue(a, i))
			break;
		mfn = alloc_extent(a, INVALID_M2P_ENTRY);
		if (mfn == INVALID_MFN)
			break;
		if (a->list && copy_to_guest(a->list + (unsigned long)i * 8,
					     &mfn, sizeof(mfn)))
			break;               /* the extent stays allocated, as Xen */
	}
	a->nr_done = i;
}

/* Xen's populate_physmap() for a PV domain: gpfn in, its new MFN out. */
static void populate_physmap(struct memop_args *a)
{
	unsigned int i;

	if (!extents_ok(a) ||
	    a->extent_order > memop_max_order(current_vcpu()->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		xen_pfn_t gpfn, mfn;

		if (!memop_continue(a, i))
			break;
		if (copy_from_guest(&gpfn, a->list + (unsigned long)i * 8,
				    sizeof(gpfn)))
			break;
		mfn = alloc_extent(a, gpfn);
		if (mfn == INVALID_MFN)
			break;
		if (copy_to_guest(a->list + (unsigned long)i * 8, &mfn,
				  sizeof(mfn)))
			break;
	}
	a->nr_done = i;
}

/* Xen's decrease_reservation(): each extent's frames from its first MFN. */
static void decrease_reservation(struct memop_args *a)
{
	unsigned int i;

	if (!extents_ok(a) ||
	    a->extent_order > memop_max_order(current_vcpu()->domain))
		return;
	for (i = a->nr_done; i < a->nr_extents; i++) {
		xen_pfn_t gmfn;
		unsigned long j;

		if (!memop_continue(a, i))
			break;
		if (copy_from_guest(&gmfn, a->list + (unsigned long)i * 8,
				    sizeof(gmfn)))
			break;
		for (j = 0; j < (1UL << a->extent_order); j++)
			if (guest_remove_page(a->domain, gmfn + j))
				break;
		if (j < (1UL << a->extent_order))
			break;
	}
	a->nr_done = i;
}

/*
 * XENMEM_{increase,decrease}_reservation and populate_physmap, from
 * extent start (cmd's upper bits), as Xen's do_memory_op: every failure
 * returns the number of extents done so far, never an error code; a
 * preempted call continues itself with the count in cmd.
 */
static long reservation_op(unsigned int op, unsigned long start,
			   unsigned long arg)
{
	struct domain *cur = current_vcpu()->domain;
	struct xen_memory_reservation r;
	struct memop_args a = { 0 };

	if (copy_from_guest(&r, arg, sizeof(r)))
		return (long)start;
	/* Is size too large for us to encode a continuation? */
	if (r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents)
		return (long)start;
	a.domain = domain_lookup_any(cur, r.domid);
	if (!a.domain || (a.domain != cur && !cur->is_privileged))
		return (long)start;  /* Xen's XSM_TARGET check */
	if (memop_address_bits(r.mem_flags, m2p_size(), &a.address_bits))
		return (long)start;
	a.list = (unsigned long)r.extent_start.p;
	a.nr_extents = (unsigned int)r.nr_extents;
	a.extent_order = r.extent_order;
	a.nr_done = (unsigned int)start;
	if (op == XENMEM_populate_physmap &&
	    (r.mem_flags & XENMEMF_populate_on_demand))
		return (long)start;  /* PoD on oneself: refused as Xen */

	if (op == XENMEM_increase_reservation)
		increase_reservation(&a);
	else if (op == XENMEM_decrease_reservation)
		decrease_reservation(&a);
	else
		populate_physmap(&a);

	if (a.preempted) {
		unsigned long args[2] = {
			op | ((unsigned long)a.nr_done << MEMOP_EXTENT_SHIFT), arg,
		};

		return (long)hcall_create_continuation(
			&current_vcpu()->hcall, __HYPERVISOR_memory_op, 2, args);
	}
	return a.nr_done;
}

HYPERCALL(memory_op)
{
	unsigned long start = a1 >> MEMOP_EXTENT_SHIFT, arg = a2;
	unsigned int cmd = (unsigned int)(a1 & MEMOP_CMD_MASK);
	struct domain *d;
	long rc;

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(cmd, start, arg);
	}
	switch (cmd) {
	case XENMEM_maximum_ram_page:
		return start ? -EINVAL : (long)m2p_size();
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		if (start)
			return -EINVAL;      /* as Xen */
		rc = own_domain(arg, &d);
		if (rc)
			return rc;
		return cmd == XENMEM_current_reservation ? (long)d->tot_pages :
							   (long)d->max_pages;
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = {
			.v_start = RO_MPT_VIRT_START,
			.v_end = RO_MPT_VIRT_START + m2p_size() * sizeof(unsigned long),
			.max_mfn = m2p_size() - 1,
		};

		return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
	}
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	default:
		return -ENOSYS;
	}
}
