/* physdev_op: PHYSDEVOP_* commands a PV kernel uses, and their structs. */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

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

/* Old interface (physdev_op with the command inside the struct). */
struct physdev_apic {
	unsigned long apic_physbase;
	uint32_t reg;
	uint32_t value;
};
typedef struct physdev_apic physdev_apic_t;

struct physdev_irq {
	uint32_t irq;
	uint32_t vector;
};
typedef struct physdev_irq physdev_irq_t;

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI        0x0
#define MAP_PIRQ_TYPE_GSI        0x1
#define MAP_PIRQ_TYPE_UNKNOWN    0x2
#define MAP_PIRQ_TYPE_MSI_SEG    0x3   /* bus carries the segment too */
#define MAP_PIRQ_TYPE_MULTI_MSI  0x4

/* Map a GSI or MSI of a device to a PIRQ of domid. */
struct physdev_map_pirq {
	domid_t domid;
	int type;                /* MAP_PIRQ_TYPE_* */
	int index;               /* GSI, or MSI-X entry */
	int pirq;                /* IN: wanted or -1; OUT: assigned */
	int bus;
	int devfn;
	int entry_nr;            /* MSI-X entry / multi-MSI count */
	uint64_t table_base;     /* MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;

struct physdev_unmap_pirq {
	domid_t domid;
	int pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;

/* Tell the hypervisor about PCI devices (dom0). */
struct physdev_manage_pci {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;

struct physdev_restore_msi {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;

struct physdev_manage_pci_ext {
	uint8_t bus;
	uint8_t devfn;
	unsigned int is_extfn;
	unsigned int is_virtfn;
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;                /* with is_virtfn */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;

/* The old multiplexed form, for PHYSDEVOP_*_compat callers. */
struct physdev_op {
	uint32_t cmd;
	union {
		struct physdev_irq_status_query irq_status_query;
		struct physdev_set_iopl set_iopl;
		struct physdev_set_iobitmap set_iobitmap;
		struct physdev_apic apic_op;
		struct physdev_irq irq_op;
	} u;
};
typedef struct physdev_op physdev_op_t;

/* Trigger mode and polarity of a GSI (ACPI's encoding). */
struct physdev_setup_gsi {
	int gsi;
	uint8_t triggering;      /* 0 edge, 1 level */
	uint8_t polarity;        /* 0 high, 1 low */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;

struct physdev_nr_pirqs {
	uint32_t nr_pirqs;       /* OUT */
};
typedef struct physdev_nr_pirqs physdev_nr_pirqs_t;

struct physdev_get_free_pirq {
	int type;                /* IN: MAP_PIRQ_TYPE_* */
	uint32_t pirq;           /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;

/* physdev_pci_device_add.flags; physdev_pci_mmcfg_reserved.flags */
#define XEN_PCI_DEV_EXTFN       0x1
#define XEN_PCI_DEV_VIRTFN      0x2
#define XEN_PCI_DEV_PXM         0x4   /* optarr[0] is the proximity domain */
#define XEN_PCI_MMCFG_RESERVED  0x1

struct physdev_pci_mmcfg_reserved {
	uint64_t address;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t flags;
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;

struct physdev_pci_device_add {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	uint32_t flags;          /* XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
	uint32_t optarr[XEN_FLEX_ARRAY_DIM];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;

/* A device by segment, bus and devfn (remove, restore_msi_ext, msix). */
struct physdev_pci_device {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;

/* physdev_dbgp_op */
#define PHYSDEVOP_DBGP_RESET_PREPARE  1
#define PHYSDEVOP_DBGP_RESET_DONE     2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN    0
#define PHYSDEVOP_DBGP_BUS_PCI        1
struct physdev_dbgp_op {
	uint8_t op;
	uint8_t bus;
	union {
		struct physdev_pci_device pci;
	} u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;

#endif /* !__ASSEMBLY__ */

/* The pre-3.0.2 upper-case names. */
#define PHYSDEVOP_IRQ_STATUS_QUERY         PHYSDEVOP_irq_status_query
#define PHYSDEVOP_SET_IOPL                 PHYSDEVOP_set_iopl
#define PHYSDEVOP_SET_IOBITMAP             PHYSDEVOP_set_iobitmap
#define PHYSDEVOP_APIC_READ                PHYSDEVOP_apic_read
#define PHYSDEVOP_APIC_WRITE               PHYSDEVOP_apic_write
#define PHYSDEVOP_ASSIGN_VECTOR            PHYSDEVOP_alloc_irq_vector
#define PHYSDEVOP_FREE_VECTOR              PHYSDEVOP_free_irq_vector
#define PHYSDEVOP_IRQ_NEEDS_UNMASK_NOTIFY  XENIRQSTAT_needs_eoi
#define PHYSDEVOP_IRQ_SHARED               XENIRQSTAT_shared

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
