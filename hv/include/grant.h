/* Grant tables v1: per-domain shared entries, active pins, maptrack, and the GNTTABOP_* cores. */
#ifndef HV_GRANT_H
#define HV_GRANT_H

#include "types.h"
#include "domain.h"
#include "spinlock.h"
#include <xen/grant_table.h>

/* Xen's private split of the cmd argument (continuation bits above). */
#define GNTTABOP_CONTINUATION_ARG_SHIFT 12
#define GNTTABOP_CMD_MASK  ((1U << GNTTABOP_CONTINUATION_ARG_SHIFT) - 1)
#define GNTTABOP_ARG_MASK  (~GNTTABOP_CMD_MASK)

#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define INITIAL_NR_GRANT_FRAMES  1      /* as Xen: one frame at creation */
#define GNTTAB_MAX_FRAMES        CONFIG_GNTTAB_MAX_FRAMES

/*
 * Active entry pin counts (Xen's layout): host mappings read-only and
 * writable, device mappings read-only and writable, 8 bits each. A copy
 * pins like a host mapping while it runs.
 */
#define GNTPIN_hstr_shift 0
#define GNTPIN_hstw_shift 8
#define GNTPIN_devr_shift 16
#define GNTPIN_devw_shift 24
#define GNTPIN_hstr_inc   (1U << GNTPIN_hstr_shift)
#define GNTPIN_hstw_inc   (1U << GNTPIN_hstw_shift)
#define GNTPIN_devr_inc   (1U << GNTPIN_devr_shift)
#define GNTPIN_devw_inc   (1U << GNTPIN_devw_shift)
#define GNTPIN_hstr_mask  (0xffU << GNTPIN_hstr_shift)
#define GNTPIN_hstw_mask  (0xffU << GNTPIN_hstw_shift)
#define GNTPIN_devr_mask  (0xffU << GNTPIN_devr_shift)
#define GNTPIN_devw_mask  (0xffU << GNTPIN_devw_shift)

/* One granted ref in use: who uses it, how often, which frame. */
struct active_grant_entry {
	uint32_t pin;               /* GNTPIN_* counts; 0 = not in use */
	domid_t domid;              /* the one domain using it */
	mfn_t mfn;                  /* frame read from the entry at first pin */
};

/* One mapping a domain made (its maptrack, indexed by handle). */
struct grant_mapping {
	uint32_t flags;             /* GNTMAP_* still in place; 0 = free */
	grant_ref_t ref;            /* free: the next free handle + 1, or 0 */
	struct domain *rd;          /* the granter (never freed while pinned) */
};

#define MAPTRACK_PER_PAGE  (PAGE_SIZE / sizeof(struct grant_mapping))
#define MAPTRACK_MAX_PAGES 16

/*
 * A domain's table, all under lock: shared frames (shared with the guest
 * writable), an active array per shared frame, and the maptrack of the
 * mappings this domain holds of others' grants (pages added on demand).
 * A dying table has no shared frames any more; its active arrays stay
 * until the last pin of its entries goes (mappers still unmap).
 */
struct grant_table {
	spinlock_t lock;
	unsigned int nr_frames;
	mfn_t shared[GNTTAB_MAX_FRAMES];
	struct active_grant_entry *active[GNTTAB_MAX_FRAMES];
	unsigned int nr_pinned;     /* active entries with pin != 0 */
	bool dying;
	struct grant_mapping *maptrack[MAPTRACK_MAX_PAGES];
	unsigned int maptrack_pages;
	grant_handle_t maptrack_free;   /* first free handle + 1, 0: none */
};

/* ---- hooks the hypervisor (hypercall/grant_table.c) or a test provides ---- */

/* A zeroed frame of the xenheap for a table, owner DOMID_XEN; INVALID_MFN if none. */
mfn_t gnttab_alloc_frame(void);
/*
 * The L1 entry mapping guest address va in d's current page tables (the
 * running vCPU's kernel tables): its table's mfn, *index its slot.
 * INVALID_MFN if va is no guest address or is not mapped down to an L1.
 */
mfn_t gnttab_guest_l1(struct domain *d, uint64_t va, unsigned int *index);

/* ---- lifecycle (grant_table.c) ---- */

/* Give d a v1 table with INITIAL_NR_GRANT_FRAMES frames. 0 or -ENOMEM. */
int grant_table_init(struct domain *d);
/*
 * d is dying (no vCPU of d runs, before its pages are relinquished):
 * release every mapping d holds of grants (pins, GTF_ flags, device
 * references; host mappings' references stay with d's PTEs, which the
 * page teardown drops, as Xen does for PV), then unshare d's own frames.
 * Frames of d mapped by others stay allocated until they unmap.
 */
void grant_table_destroy(struct domain *d);

/* ---- GNTTABOP_* cores: cd is the calling domain; status GNTST_* ---- */

/*
 * setup_table: grow dom's table (DOMID_SELF, cd's own id, or any if cd is
 * privileged) to nr_frames and put the frames' MFNs in frames[0..nr).
 */
int16_t gnttab_setup_table(struct domain *cd, domid_t dom, uint32_t nr_frames,
			   xen_pfn_t frames[GNTTAB_MAX_FRAMES]);
int16_t gnttab_query_size(struct domain *cd, domid_t dom, uint32_t *nr_frames,
			  uint32_t *max_nr_frames);
/* 0, -EINVAL (not 1 or 2), -ENOSYS (2: no v2); *version = version in force. */
long gnttab_set_version(struct domain *cd, uint32_t *version);
/*
 * get_status_frames: status frames exist only in v2, so a v1 table has
 * none: GNTST_okay for nr_frames 0, GNTST_general_error for more (Xen's
 * answer when asked for more than it has); GNTST_bad_domain and
 * GNTST_permission_denied as setup_table.
 */
int16_t gnttab_get_status_frames(struct domain *cd, domid_t dom,
				 uint32_t nr_frames);
/* 0, -ESRCH (no such domain), -EPERM (another domain, unprivileged). */
long gnttab_get_version(struct domain *cd, domid_t dom, uint32_t *version);

/* Each fills op's status (and handle, dev_bus_addr) as Xen does. */
void gnttab_map_grant_ref(struct domain *cd, struct gnttab_map_grant_ref *op);
void gnttab_unmap_grant_ref(struct domain *cd,
			    struct gnttab_unmap_grant_ref *op);
void gnttab_unmap_and_replace(struct domain *cd,
			      struct gnttab_unmap_and_replace *op);
void gnttab_copy_one(struct domain *cd, struct gnttab_copy *op);
int16_t gnttab_swap_grant_ref(struct domain *cd, grant_ref_t a, grant_ref_t b);

/* ---- shared between grant_table.c and grant_map.c ---- */

/* The pins a use of kinds (GNTMAP_host_map, GNTMAP_device_map) holds. */
static inline uint32_t gntpin_inc(uint32_t kinds, bool ro)
{
	uint32_t inc = 0;

	if (kinds & GNTMAP_device_map)
		inc += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
	if (kinds & GNTMAP_host_map)
		inc += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	return inc;
}

/* Entries of t (its frames times entries per frame). */
static inline unsigned int nr_grant_entries(const struct grant_table *t)
{
	return t->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}
struct active_grant_entry *active_entry(struct grant_table *t, grant_ref_t r);
/* Map ref's shared entry; unmap_domain_page() it after. NULL if dying. */
grant_entry_v1_t *shared_entry_map(struct grant_table *t, grant_ref_t r);
/* Atomically clear flags in ref's shared entry (nothing if dying). */
void gnttab_clear_flags(struct grant_table *t, grant_ref_t r, uint16_t flags);
/* act->pin changed from old: keep nr_pinned right, free a dead table. */
void gnttab_pin_changed(struct grant_table *t, uint32_t old, uint32_t pin);
/*
 * Pin rd's ref for ldom with inc (GNTPIN_*_inc; writable unless ro),
 * setting GTF_reading/GTF_writing as needed, and take a general reference
 * on its frame (*mfn). GNTST_okay, GNTST_bad_gntref, GNTST_general_error
 * (not a full-page access grant to ldom, read-only, in use by another
 * domain, counts full), GNTST_bad_page (frame not rd's), or gone when the
 * entry is pinned already but its frame is no longer rd's.
 */
int16_t pin_grant(struct domain *rd, grant_ref_t ref, domid_t ldom, bool ro,
		  uint32_t inc, int16_t gone, mfn_t *mfn);
/* Drop pin inc of rd's ref and the GTF_ marks no pin needs any more. */
void unpin_grant(struct domain *rd, grant_ref_t ref, uint32_t inc, bool ro);
/* The mappings d holds, released as d dies (grant_map.c). */
void gnttab_release_mappings(struct domain *d);

#endif
