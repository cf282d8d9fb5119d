/* memory_op: XENMEM_* commands, reservations, physmap and machphys info. */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

/* memory_op(cmd, arg) commands. */
#define XENMEM_increase_reservation      0   /* xen_memory_reservation */
#define XENMEM_decrease_reservation      1   /* xen_memory_reservation */
#define XENMEM_maximum_ram_page          2   /* arg NULL; highest MFN */
#define XENMEM_current_reservation       3   /* &domid_t; pages owned */
#define XENMEM_maximum_reservation       4   /* &domid_t; page limit */
#define XENMEM_machphys_mfn_list         5   /* xen_machphys_mfn_list */
#define XENMEM_populate_physmap          6   /* xen_memory_reservation */
#define XENMEM_add_to_physmap            7   /* xen_add_to_physmap */
#define XENMEM_memory_map                9   /* xen_memory_map (own) */
#define XENMEM_machine_memory_map        10  /* xen_memory_map (host) */
#define XENMEM_exchange                  11  /* xen_memory_exchange */
#define XENMEM_machphys_mapping          12  /* xen_machphys_mapping */
#define XENMEM_set_memory_map            13  /* xen_foreign_memory_map */
#define XENMEM_maximum_gpfn              14  /* &domid_t */
#define XENMEM_remove_from_physmap       15  /* xen_remove_from_physmap */
#define XENMEM_set_pod_target            16
#define XENMEM_get_pod_target            17
#define XENMEM_get_sharing_freed_pages   18
#define XENMEM_get_sharing_shared_pages  19
#define XENMEM_paging_op                 20
#define XENMEM_access_op                 21
#define XENMEM_sharing_op                22
#define XENMEM_add_to_physmap_batch      23  /* xen_add_to_physmap_batch */
/* Names of the batch call before Xen 4.4 (interface 0x00040400). */
#define XENMEM_add_to_physmap_range      XENMEM_add_to_physmap_batch
#define xen_add_to_physmap_range         xen_add_to_physmap_batch
#define XENMEM_claim_pages               24
#define XENMEM_machphys_compat_mfn_list  25
#define XENMEM_get_vnumainfo             26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource          28

/*
 * xen_memory_reservation.mem_flags: bits 0-7 the address width the frames
 * must fit (0 = any), bits 8-15 NUMA node + 1, then request flags.
 */
#define XENMEMF_address_bits(x)      (x)
#define XENMEMF_get_address_bits(x)  ((x) & 0xffu)
#define XENMEMF_node(x)              (((x) + 1) << 8)
#define XENMEMF_get_node(x)          ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand   (1 << 16)
#define XENMEMF_exact_node_request   (1 << 17)
#define XENMEMF_exact_node(n)        (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode                (1 << 18)

/* xen_add_to_physmap.space: what idx names. */
#define XENMAPSPACE_shared_info   0  /* the shared_info page */
#define XENMAPSPACE_grant_table   1  /* grant table frame idx */
#define XENMAPSPACE_gmfn          2  /* a GMFN of the domain */
#define XENMAPSPACE_gmfn_range    3  /* size GMFNs from idx */
#define XENMAPSPACE_gmfn_foreign  4  /* a GMFN of another domain */
#define XENMAPSPACE_dev_mmio      5  /* device MMIO */

/* With XENMAPSPACE_grant_table: idx of a status frame (grant v2). */
#define XENMAPIDX_grant_table_status  0x80000000U

#ifndef __ASSEMBLY__

/* Give (increase/populate) or take back (decrease) extents of pages. */
struct xen_memory_reservation {
	/* IN/OUT: GMFNs (decrease, populate) or OUT: MFNs (increase). */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	unsigned int extent_order;   /* each extent is 2^order pages */
	union {
		unsigned int mem_flags;      /* XENMEMF_* */
		unsigned int address_bits;   /* its name before 0x00030209 */
	};
	domid_t domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* Trade the frames of `in` for new ones described by `out`. */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged;    /* OUT: input extents done */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* The MFNs of the frames that hold the M2P table, 2 MiB each. */
struct xen_machphys_mfn_list {
	unsigned int max_extents;
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	unsigned int nr_extents;     /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the M2P is mapped read-only, and its highest MFN. */
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;
	xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* Map a page of `space` at gpfn (translated guests). */
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;               /* XENMAPSPACE_gmfn_range only */
	unsigned int space;          /* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/* Unmap gpfn (translated guests). */
struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * An E820-style map: buffer holds nr_entries {u64 addr, u64 size,
 * u32 type} entries. IN: room; OUT: entries written.
 */
struct xen_memory_map {
	unsigned int nr_entries;
	XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* XENMEM_set_memory_map: the map of another domain (toolstack). */
struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/* Map size frames of another (or this) domain into this one's physmap. */
struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space;                  /* XENMAPSPACE_* */
	uint16_t size;
	domid_t foreign_domid;           /* with XENMAPSPACE_gmfn_foreign */
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs;      /* OUT: one code per frame */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

/* Map frames of a resource (grant table, ioreq server) of a domain. */
#define XENMEM_resource_ioreq_server          0
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
#define XENMEM_resource_ioreq_server_frame_bufioreq  0
#define XENMEM_resource_ioreq_server_frame_ioreq(n)  (1 + (n))
#define _XENMEM_rsrc_acq_caller_owned  0
#define XENMEM_rsrc_acq_caller_owned   (1u << _XENMEM_rsrc_acq_caller_owned)
struct xen_mem_acquire_resource {
	domid_t domid;
	uint16_t type;                   /* XENMEM_resource_* */
	uint32_t id;
	uint32_t nr_frames;              /* IN; OUT the maximum if 0 */
	uint32_t flags;                  /* OUT: XENMEM_rsrc_acq_* */
	uint64_t frame;                  /* first frame of the resource */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_MEMORY_H__ */
