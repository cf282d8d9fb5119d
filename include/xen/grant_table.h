/* Grant tables: entries, GTF_/GNTMAP_ flags, GNTTABOP_* ops, GNTST_ codes. */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

/*
 * A domain grants another domain access to one of its frames by filling
 * an entry of its grant table; the grantee names the grant by
 * <granting domain, grant_ref_t> in GNTTABOP_* calls.
 */

#ifndef __ASSEMBLY__
typedef uint32_t grant_ref_t;

/* Version 1 entry, 8 bytes. */
struct grant_entry_v1 {
	uint16_t flags;          /* GTF_* */
	domid_t  domid;          /* the grantee */
	uint32_t frame;          /* frame granted, or transferred into */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
#endif

/* Entries 0-7 are reserved for the toolstack. */
#define GNTTAB_NR_RESERVED_ENTRIES  8
#define GNTTAB_RESERVED_CONSOLE     0
#define GNTTAB_RESERVED_XENSTORE    1

/* grant_entry flags: bits 0-1 the type. */
#define GTF_invalid          (0U << 0)
#define GTF_permit_access    (1U << 0)  /* grantee may map/copy frame */
#define GTF_accept_transfer  (2U << 0)  /* grantee may give a frame */
#define GTF_transitive       (3U << 0)  /* v2: re-grant of another grant */
#define GTF_type_mask        (3U << 0)

/* With GTF_permit_access: set by the granter ... */
#define _GTF_readonly  2
#define GTF_readonly   (1U << _GTF_readonly)   /* no writable mappings */
/* ... set by the hypervisor while the grant is in use: */
#define _GTF_reading   3
#define GTF_reading    (1U << _GTF_reading)
#define _GTF_writing   4
#define GTF_writing    (1U << _GTF_writing)
/* ... cache attributes of the grantee's mapping (x86): */
#define _GTF_PWT       5
#define GTF_PWT        (1U << _GTF_PWT)
#define _GTF_PCD       6
#define GTF_PCD        (1U << _GTF_PCD)
#define _GTF_PAT       7
#define GTF_PAT        (1U << _GTF_PAT)
/* ... v2: only part of the page is granted. */
#define _GTF_sub_page  8
#define GTF_sub_page   (1U << _GTF_sub_page)

/* With GTF_accept_transfer: progress of a transfer. */
#define _GTF_transfer_committed  2
#define GTF_transfer_committed   (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed  3
#define GTF_transfer_completed   (1U << _GTF_transfer_completed)

#ifndef __ASSEMBLY__
/* Version 2 entries (16 bytes); status lives in separate frames. */
struct grant_entry_header {
	uint16_t flags;
	domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
	struct grant_entry_header hdr;
	struct {
		struct grant_entry_header hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		struct grant_entry_header hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		struct grant_entry_header hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;
#endif

/* grant_table_op(cmd, args, count) commands. */
#define GNTTABOP_map_grant_ref       0
#define GNTTABOP_unmap_grant_ref     1
#define GNTTABOP_setup_table         2
#define GNTTABOP_dump_table          3
#define GNTTABOP_transfer            4
#define GNTTABOP_copy                5
#define GNTTABOP_query_size          6
#define GNTTABOP_unmap_and_replace   7
#define GNTTABOP_set_version         8
#define GNTTABOP_get_status_frames   9
#define GNTTABOP_get_version         10
#define GNTTABOP_swap_grant_ref      11
#define GNTTABOP_cache_flush         12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map       0  /* map for device (bus) access */
#define GNTMAP_device_map        (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map         1  /* map into host_addr */
#define GNTMAP_host_map          (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly         2
#define GNTMAP_readonly          (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map  3  /* user-accessible mapping */
#define GNTMAP_application_map   (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte     4  /* host_addr is the PTE's address */
#define GNTMAP_contains_pte      (1 << _GNTMAP_contains_pte)
/* Bits 16-31 go into the PTE's software-available bits. */
#define _GNTMAP_guest_avail0     16
#define GNTMAP_guest_avail_mask  ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref  0
#define GNTCOPY_source_gref   (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref    1
#define GNTCOPY_dest_gref     (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op */
#define GNTTAB_CACHE_CLEAN        (1u << 0)
#define GNTTAB_CACHE_INVAL        (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF  (1u << 31)

/* Per-operation status codes (the status fields). */
#define GNTST_okay               (0)
#define GNTST_general_error      (-1)
#define GNTST_bad_domain         (-2)   /* unknown domain id */
#define GNTST_bad_gntref         (-3)   /* bad grant reference */
#define GNTST_bad_handle         (-4)   /* bad mapping handle */
#define GNTST_bad_virt_addr      (-5)
#define GNTST_bad_dev_addr       (-6)
#define GNTST_no_device_space    (-7)   /* IOMMU full */
#define GNTST_permission_denied  (-8)
#define GNTST_bad_page           (-9)
#define GNTST_bad_copy_arg       (-10)  /* copy crosses a page boundary */
#define GNTST_address_too_big    (-11)
#define GNTST_eagain             (-12)  /* retry */
#define GNTST_no_space           (-13)  /* out of handles etc. */

#ifndef __ASSEMBLY__
typedef uint32_t grant_handle_t;

/* Map <dom, ref> at host_addr and/or for device access. */
struct gnttab_map_grant_ref {
	uint64_t host_addr;
	uint32_t flags;          /* GNTMAP_* */
	grant_ref_t ref;
	domid_t  dom;
	int16_t  status;         /* OUT: GNTST_* */
	grant_handle_t handle;   /* OUT: for unmap */
	uint64_t dev_bus_addr;   /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t  status;         /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/* Size dom's table to nr_frames and return the frames' MFNs. */
struct gnttab_setup_table {
	domid_t  dom;
	uint32_t nr_frames;
	int16_t  status;         /* OUT */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;  /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/* Print dom's table on the hypervisor console (debug). */
struct gnttab_dump_table {
	domid_t  dom;
	int16_t  status;         /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/* Give frame mfn to domid through its accept_transfer grant ref. */
struct gnttab_transfer {
	xen_pfn_t mfn;
	domid_t  domid;
	grant_ref_t ref;
	int16_t  status;         /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/* Copy len bytes between grants and/or local frames. */
struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;     /* with GNTCOPY_*_gref */
			xen_pfn_t   gmfn;    /* otherwise */
		} u;
		domid_t  domid;
		uint16_t offset;
	} source, dest;
	uint16_t len;
	uint16_t flags;          /* GNTCOPY_* */
	int16_t  status;         /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

struct gnttab_query_size {
	domid_t  dom;
	uint32_t nr_frames;      /* OUT */
	uint32_t max_nr_frames;  /* OUT */
	int16_t  status;         /* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/* Unmap host_addr's grant, put new_addr's mapping there instead. */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;
	uint64_t new_addr;
	grant_handle_t handle;
	int16_t  status;         /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

struct gnttab_set_version {
	uint32_t version;        /* IN 1 or 2; OUT the version in force */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/* v2: the frames holding grant_status_t entries. */
struct gnttab_get_status_frames {
	uint32_t nr_frames;
	domid_t  dom;
	int16_t  status;         /* OUT */
	XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

struct gnttab_get_version {
	domid_t  dom;
	uint16_t pad;
	uint32_t version;        /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/* Swap two entries of the caller's table. */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;
	grant_ref_t ref_b;
	int16_t  status;         /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/* Clean/invalidate caches for a range (Arm). */
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;
	uint16_t length;
	uint32_t op;             /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);
#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
