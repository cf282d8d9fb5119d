/* memory_op: what a PV guest may ask about memory, and its reservation (balloon). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "iomem.h"
#include "log.h"
#include "page_type.h"
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

/* Xen's multipage_allocation_permitted: order 0, or I/O resources. */
static bool multipage_ok(const struct domain *cur, unsigned int order)
{
	return !order || iomem_perms_of(cur->domain_id);
}

/*
 * XENMEM_exchange as Xen's memory_exchange: trade the domain's frames in
 * `in` (MFNs, as a PV guest lists them) for new frames of `out`'s order
 * and address width (out's list gives each extent's first gpfn and gets
 * its first MFN back, the M2P entries set), chunk by chunk: a chunk is
 * checked whole before anything changes, so a failure leaves it as it
 * was and nr_exchanged says how many input extents were traded. The
 * output frames are zeroed. Preempted between chunks (a continuation
 * with nr_exchanged written back).
 */
static long memory_exchange(unsigned long arg)
{
	struct domain *cur = current_vcpu()->domain, *d;
	struct hcall_state *h = &current_vcpu()->hcall;
	struct xen_memory_exchange ex;
	unsigned long in_chunk, out_chunk, i, j, k, first;
	unsigned int bits;
	long rc = 0;

	if (copy_from_guest(&ex, arg, sizeof(ex)))
		return -EFAULT;
	if (ex.nr_exchanged > ex.in.nr_extents || ex.in.domid != ex.out.domid ||
	    ex.in.extent_order > MAX_ORDER || ex.out.extent_order > MAX_ORDER ||
	    (~0UL >> ex.in.extent_order) < ex.in.nr_extents ||
	    (~0UL >> ex.out.extent_order) < ex.out.nr_extents ||
	    (ex.in.nr_extents << ex.in.extent_order) !=
	    (ex.out.nr_extents << ex.out.extent_order)) {
		rc = -EINVAL;
		goto out;
	}
	if (!guest_range_ok((unsigned long)ex.in.extent_start.p,
			    ex.in.nr_extents * 8) ||
	    !guest_range_ok((unsigned long)ex.out.extent_start.p,
			    ex.out.nr_extents * 8)) {
		rc = -EFAULT;
		goto out;
	}
	if (!multipage_ok(cur, ex.in.extent_order) ||
	    !multipage_ok(cur, ex.out.extent_order)) {
		printk(KERN_DEBUG "d%u: XENMEM_exchange of order %u/%u refused: "
		       "multi-page extents need I/O resources\n", cur->domain_id,
		       ex.in.extent_order, ex.out.extent_order);
		rc = -EPERM;
		goto out;
	}
	in_chunk = ex.in.extent_order <= ex.out.extent_order ?
		   ex.out.extent_order - ex.in.extent_order : 0;
	out_chunk = ex.in.extent_order > ex.out.extent_order ?
		    ex.in.extent_order - ex.out.extent_order : 0;
	d = domain_lookup_any(cur, ex.in.domid);
	if (!d) {
		rc = -ESRCH;
		goto out;
	}
	if (d != cur && !cur->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	/* As Xen's MEMF_bits: a width no frame fits fails the allocation
	 * (-ENOMEM), not the call. */
	bits = XENMEMF_get_address_bits(ex.out.mem_flags);

	first = ex.nr_exchanged >> in_chunk;
	for (i = first; i < (ex.in.nr_extents >> in_chunk); i++) {
		mfn_t out_mfn[1UL << 6];      /* out extents of one chunk */
		unsigned long nr_in = 1UL << in_chunk, nr_out = 1UL << out_chunk;
		xen_pfn_t gmfn, gpfn;

		if (i != first && hcall_preempt_check(h)) {
			unsigned long args[2] = { XENMEM_exchange, arg };

			ex.nr_exchanged = i << in_chunk;
			if (copy_to_guest(arg + offsetof(struct xen_memory_exchange,
							 nr_exchanged),
					  &ex.nr_exchanged,
					  sizeof(ex.nr_exchanged)))
				return -EFAULT;
			return (long)hcall_create_continuation(
				h, __HYPERVISOR_memory_op, 2, args);
		}
		hcall_charge(h, (nr_in << ex.in.extent_order) * MEMOP_PAGE_COST);
		if (nr_out > ARRAY_SIZE(out_mfn)) {
			rc = -EINVAL;        /* out order far below in order */
			goto fail;
		}
		/* The whole chunk's input must be exchangeable. */
		for (j = 0; j < nr_in; j++) {
			if (copy_from_guest(&gmfn, (unsigned long)ex.in.extent_start.p +
					    ((i << in_chunk) + j) * 8, 8)) {
				rc = -EFAULT;
				goto fail;
			}
			for (k = 0; k < (1UL << ex.in.extent_order); k++)
				if (!memop_page_exchangeable(d, gmfn + k)) {
					printk(KERN_DEBUG "d%u: XENMEM_exchange: "
					       "mfn %#lx is not an unused frame "
					       "of d%u\n", cur->domain_id,
					       (unsigned long)(gmfn + k),
					       d->domain_id);
					rc = -EINVAL;
					goto fail;
				}
		}
		for (j = 0; j < nr_out; j++) {
			out_mfn[j] = alloc_anonymous_pages(ex.out.extent_order,
							   bits);
			if (out_mfn[j] == INVALID_MFN) {
				while (j--)
					free_xenheap_pages(mfn_to_virt(out_mfn[j]),
							   ex.out.extent_order);
				rc = -ENOMEM;
				goto fail;
			}
		}
		/* Beyond this point the chunk cannot fail: the input frames
		 * go (their last reference, the allocation's), the output
		 * ones are d's. */
		for (j = 0; j < nr_in; j++) {
			copy_from_guest(&gmfn, (unsigned long)ex.in.extent_start.p +
					((i << in_chunk) + j) * 8, 8);
			for (k = 0; k < (1UL << ex.in.extent_order); k++) {
				struct page_info *pg = mfn_to_page(gmfn + k);

				if (__atomic_fetch_and(&pg->count_info,
						       ~PGC_allocated,
						       __ATOMIC_ACQ_REL) &
				    PGC_allocated)
					put_page(pg);
			}
		}
		for (j = 0; j < nr_out; j++) {
			unsigned long slot = (unsigned long)ex.out.extent_start.p +
					     ((i << out_chunk) + j) * 8;
			xen_pfn_t m = out_mfn[j];

			for (k = 0; k < (1UL << ex.out.extent_order); k++)
				memset(mfn_to_virt(m + k), 0, PAGE_SIZE);
			domain_assign_pages(d, m, ex.out.extent_order);
			if (copy_from_guest(&gpfn, slot, 8)) {
				rc = -EFAULT;
				continue;
			}
			for (k = 0; k < (1UL << ex.out.extent_order); k++)
				m2p_set(m + k, gpfn + k);
			if (copy_to_guest(slot, &m, 8))
				rc = -EFAULT;
		}
	}
	ex.nr_exchanged = ex.in.nr_extents;
	goto out;
fail:
	ex.nr_exchanged = i << in_chunk;
out:
	if (copy_to_guest(arg + offsetof(struct xen_memory_exchange,
					 nr_exchanged),
			  &ex.nr_exchanged, sizeof(ex.nr_exchanged)))
		rc = -EFAULT;
	return rc;
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
	case XENMEM_exchange:
		return start ? -EINVAL : memory_exchange(arg);
	default:
		return -ENOSYS;
	}
}
