/* physdev_op: a PV vCPU's I/O privilege (IOPL, I/O bitmap), dom0's devices and physical IRQs. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "log.h"
#include "pirq.h"
#include "asm/io_apic.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/uaccess.h"
#include <xen/physdev.h>

/* The largest bitmap: one bit for each of the 65536 ports (Xen's). */
#define IOBMP_BYTES 8192

/*
 * The commands only the privileged domain may use (Xen's XSM_PRIV checks
 * in do_physdev_op): -EPERM for the rest, logged at debug level.
 */
static bool privileged(unsigned long cmd)
{
	struct domain *d = current_vcpu()->domain;

	if (d->is_privileged)
		return true;
	printk(KERN_DEBUG "d%u: physdev_op %lu refused: not privileged\n",
	       d->domain_id, cmd);
	return false;
}

/*
 * PCI devices dom0 reports (pci_device_add, manage_pci_add(_ext)) and
 * MMCONFIG areas it found: accepted and logged. Nothing in the
 * hypervisor uses PCI yet (no MSI, no passthrough: D3/D4 of issue 12).
 */
static long pci_report(unsigned long cmd, unsigned long arg)
{
	if (cmd == PHYSDEVOP_pci_device_add) {
		struct physdev_pci_device_add a;

		if (copy_from_guest(&a, arg, sizeof(a)))
			return -EFAULT;
		printk(KERN_DEBUG "dom0: PCI device %04x:%02x:%02x.%u added "
		       "(flags %#x)\n", a.seg, a.bus, a.devfn >> 3, a.devfn & 7,
		       a.flags);
	} else if (cmd == PHYSDEVOP_pci_mmcfg_reserved) {
		struct physdev_pci_mmcfg_reserved m;

		if (copy_from_guest(&m, arg, sizeof(m)))
			return -EFAULT;
		printk(KERN_DEBUG "dom0: MMCONFIG %#lx segment %u buses %u-%u "
		       "flags %#x\n", (unsigned long)m.address, m.segment,
		       m.start_bus, m.end_bus, m.flags);
	} else {
		struct physdev_manage_pci m;

		if (copy_from_guest(&m, arg, sizeof(m)))
			return -EFAULT;
		printk(KERN_DEBUG "dom0: PCI device 0000:%02x:%02x.%u added\n",
		       m.bus, m.devfn >> 3, m.devfn & 7);
	}
	return 0;
}

/*
 * The physical-IRQ commands (Xen's physdev.c): map/unmap a GSI, the
 * dummy vector, setup_gsi, status, EOI. pirq = GSI (dom0's numbering).
 */
static long pirq_op(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current_vcpu()->domain;

	switch (cmd) {
	case PHYSDEVOP_map_pirq: {
		struct physdev_map_pirq m;
		long rc;

		if (copy_from_guest(&m, arg, sizeof(m)))
			return -EFAULT;
		if (m.domid != DOMID_SELF && m.domid != d->domain_id) {
			/* Xen maps for another domain (passthrough): not here. */
			printk(KERN_DEBUG "d%u: map_pirq for d%u refused\n",
			       d->domain_id, m.domid);
			return d->is_privileged ? -EOPNOTSUPP : -EPERM;
		}
		if (!d->is_privileged) {
			printk(KERN_DEBUG "d%u: map_pirq refused: not "
			       "privileged\n", d->domain_id);
			return -EPERM;
		}
		if (m.type != MAP_PIRQ_TYPE_GSI) {
			/* MSI (issue 12 D11) is not routed: Linux boots with
			 * pci=nomsi. */
			printk(KERN_DEBUG "d%u: map_pirq type %d: only GSIs\n",
			       d->domain_id, m.type);
			return -EINVAL;
		}
		rc = pirq_map_gsi(d, m.index, &m.pirq);
		if (rc)
			return rc;
		return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
	}
	case PHYSDEVOP_unmap_pirq: {
		struct physdev_unmap_pirq u;

		if (copy_from_guest(&u, arg, sizeof(u)))
			return -EFAULT;
		if (!d->is_privileged ||
		    (u.domid != DOMID_SELF && u.domid != d->domain_id)) {
			printk(KERN_DEBUG "d%u: unmap_pirq refused\n",
			       d->domain_id);
			return -EPERM;
		}
		return pirq_unmap(d, u.pirq);
	}
	case PHYSDEVOP_alloc_irq_vector: {
		/* Xen's dummy: the vector is the hypervisor's business. */
		struct physdev_irq i;

		if (copy_from_guest(&i, arg, sizeof(i)))
			return -EFAULT;
		if (!privileged(cmd))
			return -EPERM;
		i.vector = i.irq;
		return copy_to_guest(arg, &i, sizeof(i)) ? -EFAULT : 0;
	}
	case PHYSDEVOP_setup_gsi: {
		struct physdev_setup_gsi g;

		if (copy_from_guest(&g, arg, sizeof(g)))
			return -EFAULT;
		if (!privileged(cmd))
			return -EPERM;
		return pirq_setup_gsi(g.gsi, g.triggering, g.polarity);
	}
	case PHYSDEVOP_irq_status_query: {
		/* As Xen: needs_eoi always (no EOI map), shared if so. */
		struct physdev_irq_status_query q;

		if (copy_from_guest(&q, arg, sizeof(q)))
			return -EFAULT;
		if (q.irq >= NR_PIRQS)
			return -EINVAL;
		q.flags = XENIRQSTAT_needs_eoi |
			  (pirq_shared(d, q.irq) ? XENIRQSTAT_shared : 0);
		return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
	}
	case PHYSDEVOP_eoi: {
		struct physdev_eoi e;

		if (copy_from_guest(&e, arg, sizeof(e)))
			return -EFAULT;
		return pirq_eoi(d, e.irq);
	}
	default:
		/*
		 * PHYSDEVOP_pirq_eoi_gmfn_v1/v2: no EOI map page. Linux then
		 * issues PHYSDEVOP_eoi for every pirq interrupt (needs_eoi).
		 */
		printk(KERN_DEBUG "d%u: physdev_op %lu: no pirq EOI map\n",
		       d->domain_id, cmd);
		return -ENOSYS;
	}
}

HYPERCALL(physdev_op)
{
	unsigned long cmd = a1, arg = a2;

	switch (cmd) {
	case PHYSDEVOP_set_iopl: {
		/* The vCPU's virtual IOPL, consulted when it traps on cli/sti
		 * or port I/O (pv_emul.c). */
		struct physdev_set_iopl s;

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (s.iopl > 3)
			return -EINVAL;
		arch_of(current_vcpu())->iopl = s.iopl;
		return 0;
	}
	case PHYSDEVOP_set_iobitmap: {
		/*
		 * A guest kernel VA of a TSS-style bitmap for ports
		 * 0..nr_ports-1 (set bit: denied), read only when a port
		 * access traps (Xen keeps the handle, not a copy). The whole
		 * 8 KiB must lie in guest space, as Xen's guest_handle_okay.
		 * nr_ports 0 turns the bitmap off.
		 */
		struct physdev_set_iobitmap s;
		struct arch_vcpu *a = arch_of(current_vcpu());

		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		if (!guest_range_ok((uint64_t)s.bitmap.p, IOBMP_BYTES) ||
		    s.nr_ports > 65536)
			return -EINVAL;
		a->iobmp = (uint64_t)s.bitmap.p;
		a->iobmp_nr = s.nr_ports;
		return 0;
	}
	case PHYSDEVOP_apic_read: {
		/* An I/O APIC register, read from the hardware (Xen's
		 * ioapic_guest_read); -EINVAL for an address that is none. */
		struct physdev_apic a;
		long rc;

		if (!privileged(cmd))
			return -EPERM;
		if (copy_from_guest(&a, arg, sizeof(a)))
			return -EFAULT;
		rc = io_apic_guest_read(a.apic_physbase, a.reg, &a.value);
		if (rc)
			return rc;
		return copy_to_guest(arg, &a, sizeof(a)) ? -EFAULT : 0;
	}
	case PHYSDEVOP_map_pirq:
	case PHYSDEVOP_unmap_pirq:
	case PHYSDEVOP_alloc_irq_vector:
	case PHYSDEVOP_setup_gsi:
	case PHYSDEVOP_irq_status_query:
	case PHYSDEVOP_eoi:
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return pirq_op(cmd, arg);
	case PHYSDEVOP_pci_device_add:
	case PHYSDEVOP_pci_mmcfg_reserved:
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_add_ext:
		if (!privileged(cmd))
			return -EPERM;
		return pci_report(cmd, arg);
	default:
		return -ENOSYS;
	}
}
