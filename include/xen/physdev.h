/* physdev_op: PHYSDEVOP_* commands a PV kernel uses, and their structs. */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include <xen/xen.h>

/* physdev_op(cmd, arg) commands. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY   4   /* old: no argument */
#define PHYSDEVOP_irq_status_query    5
#define PHYSDEVOP_set_iopl            6
#define PHYSDEVOP_set_iobitmap        7
#define PHYSDEVOP_apic_read           8
#define PHYSDEVOP_apic_write          9
#define PHYSDEVOP_alloc_irq_vector    10
#define PHYSDEVOP_free_irq_vector     11
#define PHYSDEVOP_eoi                 12
#define PHYSDEVOP_map_pirq            13
#define PHYSDEVOP_unmap_pirq          14
#define PHYSDEVOP_manage_pci_add      15
#define PHYSDEVOP_manage_pci_remove   16
#define PHYSDEVOP_pirq_eoi_gmfn_v1    17
#define PHYSDEVOP_restore_msi         19
#define PHYSDEVOP_manage_pci_add_ext  20
#define PHYSDEVOP_setup_gsi           21
#define PHYSDEVOP_get_nr_pirqs        22
#define PHYSDEVOP_get_free_pirq       23
#define PHYSDEVOP_pci_mmcfg_reserved  24
#define PHYSDEVOP_pci_device_add      25
#define PHYSDEVOP_pci_device_remove   26
#define PHYSDEVOP_restore_msi_ext     27
#define PHYSDEVOP_pirq_eoi_gmfn_v2    28
#define PHYSDEVOP_dbgp_op             29
#define PHYSDEVOP_prepare_msix        30
#define PHYSDEVOP_release_msix        31

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi  0
#define XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared     1
#define XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

#ifndef __ASSEMBLY__

/* Signal end of interrupt for a physical IRQ. */
struct physdev_eoi {
	uint32_t irq;
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/* Register a page whose bits say which PIRQs need an EOI. */
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

struct physdev_irq_status_query {
	uint32_t irq;            /* IN */
	uint32_t flags;          /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* I/O privilege level the guest kernel gets (0-3). */
struct physdev_set_iopl {
	uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/* A TSS-style I/O bitmap for the first nr_ports ports. */
struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8) bitmap;
	uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
