/* Grant mappings: map_grant_ref, unmap_grant_ref, unmap_and_replace, and a dying mapper's release. */
#include "grant.h"
#include "errno.h"
#include "lib.h"
#include "page_type.h"
#include "xmalloc.h"

/*
 * A mapping pins its grant (grant_pin.c) and holds a general reference
 * on the frame, and a writable type reference when writable, per kind
 * (host, device): a mapped frame can not be freed or become a page table.
 * Locks are never nested: the mapper's maptrack lock and the granter's
 * table lock are taken one after the other, and a maptrack entry being
 * unmapped is marked busy meanwhile.
 */
#define MAP_BUSY (1U << 31)   /* maptrack flags: an unmap is under way */

/* ---- maptrack ---- */

static struct grant_mapping *maptrack(struct grant_table *t, grant_handle_t h)
{
	return &t->maptrack[h / MAPTRACK_PER_PAGE][h % MAPTRACK_PER_PAGE];
}

/*
 * Free handles form a list through their entries' ref field, as handle + 1
 * (0 ends it, so a zeroed table starts with an empty list): taking and
 * returning a handle is O(1), however many mappings a domain holds.
 */

/* A free handle, reserved (busy); ~0 if none can be had. */
static grant_handle_t get_handle(struct grant_table *t)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	grant_handle_t h = ~0U, n = t->maptrack_pages * MAPTRACK_PER_PAGE;

	if (!t->maptrack_free && !t->dying && n < MAPTRACK_MAX_PAGES *
					       MAPTRACK_PER_PAGE &&
	    (t->maptrack[t->maptrack_pages] =
	     xzalloc_array(struct grant_mapping, MAPTRACK_PER_PAGE))) {
		t->maptrack_pages++;
		for (grant_handle_t i = MAPTRACK_PER_PAGE; i-- > 0;) {
			maptrack(t, n + i)->ref = t->maptrack_free;
			t->maptrack_free = n + i + 1;
		}
	}
	if (t->maptrack_free) {
		h = t->maptrack_free - 1;
		t->maptrack_free = maptrack(t, h)->ref;
		maptrack(t, h)->flags = MAP_BUSY;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return h;
}

/* Set handle h's entry (flags 0: free it, back on the free list). */
static void set_handle(struct grant_table *t, grant_handle_t h, uint32_t fl,
		       grant_ref_t ref, struct domain *rd)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	struct grant_mapping *m = maptrack(t, h);

	m->rd = rd;
	m->flags = fl;
	if (fl) {
		m->ref = ref;
	} else {
		m->ref = t->maptrack_free;
		t->maptrack_free = h + 1;
	}
	spin_unlock_irqrestore(&t->lock, flags);
}

/* ---- host mappings in the caller's page tables ---- */

/* Xen's grant_to_pte_flags() + adjust_guest_l1e() for a 64-bit PV guest. */
static uint64_t grant_pte(mfn_t mfn, uint32_t flags)
{
	uint64_t e = ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT |
		     _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX | _PAGE_USER;

	if (!(flags & GNTMAP_application_map))
		e |= _PAGE_GUEST_KERNEL;
	if (!(flags & GNTMAP_readonly))
		e |= _PAGE_RW;
	return e | (((uint64_t)(flags >> _GNTMAP_guest_avail0) & 7) << 9);
}

/* The L1 entry host_addr names (a VA, or with contains_pte the PTE's MA). */
static mfn_t host_l1(struct domain *cd, uint64_t addr, uint32_t flags,
		     unsigned int *index)
{
	if (!(flags & GNTMAP_contains_pte))
		return gnttab_guest_l1(cd, addr, index);
	if (addr & (sizeof(uint64_t) - 1))
		return INVALID_MFN;
	*index = (addr & (PAGE_SIZE - 1)) / sizeof(uint64_t);
	return addr >> PAGE_SHIFT;
}

/* The references one mapping kind holds, dropped. */
static void put_refs(mfn_t mfn, bool ro)
{
	if (ro)
		put_page(mfn_to_page(mfn));
	else
		put_page_and_type(mfn_to_page(mfn));
}

/* Contract in grant.h. Xen's map_grant_ref(). */
void gnttab_map_grant_ref(struct domain *cd, struct gnttab_map_grant_ref *op)
{
	uint32_t fl = op->flags;
	bool ro = fl & GNTMAP_readonly, dev = fl & GNTMAP_device_map;
	bool host = fl & GNTMAP_host_map;
	unsigned int refs = 1, types = 0, index;
	uint32_t inc = gntpin_inc(fl, ro);
	struct domain *rd;
	grant_handle_t h;
	mfn_t mfn, l1;
	struct page_info *pg;
	int16_t st;

	if (!dev && !host) {
		op->status = GNTST_bad_gntref;
		return;
	}
	rd = domain_lookup(op->dom);
	if (!rd || !rd->grant_table) {
		op->status = GNTST_bad_domain;
		return;
	}
	h = get_handle(cd->grant_table);
	if (h == ~0U) {
		op->status = GNTST_no_device_space;
		return;
	}
	st = pin_grant(rd, op->ref, cd->domain_id, ro, inc, GNTST_general_error,
		       &mfn);
	if (st != GNTST_okay)
		goto free_handle;
	pg = mfn_to_page(mfn);
	st = GNTST_general_error;
	if (dev && !ro) {
		if (get_page_type(pg, PGT_writable_page))
			goto undo;
		types++;
	}
	if (host) {
		if (dev) {
			if (!get_page(pg, rd))
				goto undo;
			refs++;
		}
		if (!ro) {
			if (get_page_type(pg, PGT_writable_page))
				goto undo;
			types++;
		}
		l1 = host_l1(cd, op->host_addr, fl, &index);
		if (l1 == INVALID_MFN ||
		    create_grant_pv_mapping(cd, l1, index, grant_pte(mfn, fl)))
			goto undo;
	}
	set_handle(cd->grant_table, h, fl, op->ref, rd);
	op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
	op->handle = h;
	op->status = GNTST_okay;
	return;
undo:
	while (types--)
		put_page_type(pg);
	while (refs--)
		put_page(pg);
	unpin_grant(rd, op->ref, inc, ro);
free_handle:
	set_handle(cd->grant_table, h, 0, 0, NULL);
	op->status = st;
}

/*
 * Xen's steal_linear_address() for unmap_and_replace: zap the L1 entry of
 * new_addr, *pte gets it with its references. False if there is none.
 */
static bool steal(struct domain *cd, uint64_t new_addr, uint64_t *pte)
{
	unsigned int index;
	mfn_t l1 = gnttab_guest_l1(cd, new_addr, &index);

	return l1 != INVALID_MFN && !steal_grant_l1e(cd, l1, index, pte);
}

/*
 * Xen's unmap_common() + unmap_common_complete(): undo what of handle's
 * mapping host_addr and dev_bus_addr name. With new_addr (not with
 * contains_pte), new_addr's entry moves into the host mapping's place; it
 * is lost if that fails (as Xen).
 */
static int16_t unmap_common(struct domain *cd, grant_handle_t h,
			    uint64_t host_addr, uint64_t dev_bus_addr,
			    uint64_t new_addr)
{
	uint64_t new_pte = 0;
	struct grant_table *lt = cd->grant_table;
	unsigned long flags = spin_lock_irqsave(&lt->lock);
	uint32_t fl, done = 0;
	struct grant_mapping *m;
	struct domain *rd;
	grant_ref_t ref;
	unsigned int index;
	mfn_t mfn, l1;
	bool ro;

	if (h >= lt->maptrack_pages * MAPTRACK_PER_PAGE ||
	    !(m = maptrack(lt, h))->flags || (m->flags & MAP_BUSY)) {
		spin_unlock_irqrestore(&lt->lock, flags);
		return GNTST_bad_handle;
	}
	fl = m->flags;
	ref = m->ref;
	rd = m->rd;
	m->flags |= MAP_BUSY;
	spin_unlock_irqrestore(&lt->lock, flags);
	ro = fl & GNTMAP_readonly;

	flags = spin_lock_irqsave(&rd->grant_table->lock);
	mfn = active_entry(rd->grant_table, ref)->mfn;  /* pinned by us */
	spin_unlock_irqrestore(&rd->grant_table->lock, flags);

	if (dev_bus_addr && dev_bus_addr != (uint64_t)mfn << PAGE_SHIFT)
		goto fail;
	if (host_addr && (fl & GNTMAP_host_map)) {
		if (new_addr && ((fl & GNTMAP_contains_pte) ||
				 !steal(cd, new_addr, &new_pte)))
			goto fail;
		l1 = host_l1(cd, host_addr, fl, &index);
		if (l1 == INVALID_MFN ||
		    replace_grant_pv_mapping(cd, l1, index, mfn, !ro, new_pte)) {
			put_page_from_l1e(new_pte);
			goto fail;
		}
		done |= GNTMAP_host_map;
		put_refs(mfn, ro);
	}
	if (dev_bus_addr && (fl & GNTMAP_device_map)) {
		done |= GNTMAP_device_map;
		put_refs(mfn, ro);
	}
	fl &= ~done;
	set_handle(lt, h, (fl & (GNTMAP_host_map | GNTMAP_device_map)) ? fl : 0,
		   ref, rd);
	if (done)
		unpin_grant(rd, ref, gntpin_inc(done, ro), ro);
	return GNTST_okay;
fail:
	set_handle(lt, h, fl, ref, rd);
	return GNTST_general_error;
}

void gnttab_unmap_grant_ref(struct domain *cd,
			    struct gnttab_unmap_grant_ref *op)
{
	op->status = unmap_common(cd, op->handle, op->host_addr,
				  op->dev_bus_addr, 0);
}

/* Xen's unmap_and_replace: new_addr's L1 entry moves to host_addr. */
void gnttab_unmap_and_replace(struct domain *cd,
			      struct gnttab_unmap_and_replace *op)
{
	op->status = unmap_common(cd, op->handle, op->host_addr, 0,
				  op->new_addr);
}

/* Contract in grant.h. Xen's gnttab_release_mappings() for PV. */
void gnttab_release_mappings(struct domain *d)
{
	struct grant_table *lt = d->grant_table;
	grant_handle_t n = lt->maptrack_pages * MAPTRACK_PER_PAGE;

	for (grant_handle_t h = 0; h < n; h++) {
		struct grant_mapping *m = maptrack(lt, h);
		bool ro = m->flags & GNTMAP_readonly;

		if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
			continue;
		/* Device references go here; a host mapping's go with d's L1 entry. */
		if (m->flags & GNTMAP_device_map)
			put_refs(active_entry(m->rd->grant_table, m->ref)->mfn, ro);
		unpin_grant(m->rd, m->ref, gntpin_inc(m->flags, ro), ro);
		m->flags = 0;
	}
}
