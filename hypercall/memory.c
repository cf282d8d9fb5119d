/* memory_op: what a PV guest may ask about memory (no ballooning yet). */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include "asm/percpu.h"
#include "asm/uaccess.h"
#include <xen/memory.h>
#include <xen/xen.h>

#define E820_RAM 1

/* The guest-visible E820 entry: packed, 20 bytes. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __packed;

/* The domain named by *arg (domid_t): only DOMID_SELF for now. */
static long own_domain(unsigned long arg, struct domain **out)
{
	domid_t id;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -EFAULT;
	*out = current_vcpu()->domain;
	if (id != DOMID_SELF && id != (*out)->domain_id)
		return -EPERM;          /* a non-privileged caller, as Xen */
	return 0;
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

HYPERCALL(memory_op)
{
	unsigned long cmd = a1, arg = a2;
	struct domain *d;
	long rc;

	switch (cmd) {
	case XENMEM_maximum_ram_page:
		return m2p_size();
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
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
	default:
		return -ENOSYS;
	}
}
