/* Grant tables v1: per-domain tables, setup_table, query_size, versions, swap, teardown. */
#include "grant.h"
#include "errno.h"
#include "page_type.h"
#include "xmalloc.h"

/* Xen's XSM_TARGET check with the dummy policy: itself, or privileged. */
static bool may_manage(const struct domain *cd, const struct domain *d)
{
	return cd == d || cd->is_privileged;
}

struct active_grant_entry *active_entry(struct grant_table *t, grant_ref_t r)
{
	return &t->active[r / GNTTAB_ENTRIES_PER_FRAME][r % GNTTAB_ENTRIES_PER_FRAME];
}

grant_entry_v1_t *shared_entry_map(struct grant_table *t, grant_ref_t r)
{
	grant_entry_v1_t *f;

	if (t->dying)
		return NULL;
	f = map_domain_page(t->shared[r / GNTTAB_ENTRIES_PER_FRAME]);
	return f + r % GNTTAB_ENTRIES_PER_FRAME;
}

void gnttab_clear_flags(struct grant_table *t, grant_ref_t r, uint16_t flags)
{
	grant_entry_v1_t *e = shared_entry_map(t, r);

	if (!e)
		return;
	__atomic_fetch_and(&e->flags, (uint16_t)~flags, __ATOMIC_ACQ_REL);
	unmap_domain_page(e);
}

/* Free what a dead table still had (its lock held, nothing pinned). */
static void free_arrays(struct grant_table *t)
{
	for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++) {
		xfree(t->active[i]);
		t->active[i] = NULL;
	}
	for (unsigned int i = 0; i < t->maptrack_pages; i++) {
		xfree(t->maptrack[i]);
		t->maptrack[i] = NULL;
	}
	t->maptrack_pages = 0;
	t->maptrack_free = 0;
	t->nr_frames = 0;
}

void gnttab_pin_changed(struct grant_table *t, uint32_t old, uint32_t pin)
{
	if (old && !pin)
		t->nr_pinned--;
	else if (!old && pin)
		t->nr_pinned++;
	if (t->dying && !t->nr_pinned)
		free_arrays(t);
}

/* Xen's gnttab_grow_table(): t (locked) of d to nr frames. 0 or -ENOMEM. */
static int grow_table(struct domain *d, struct grant_table *t, unsigned int nr)
{
	while (t->nr_frames < nr) {
		unsigned int i = t->nr_frames;
		mfn_t mfn;

		t->active[i] = xzalloc_array(struct active_grant_entry,
					     GNTTAB_ENTRIES_PER_FRAME);
		if (!t->active[i])
			return -ENOMEM;
		mfn = gnttab_alloc_frame();
		if (mfn == INVALID_MFN) {
			xfree(t->active[i]);
			t->active[i] = NULL;
			return -ENOMEM;
		}
		share_xen_page_rw(mfn_to_page(mfn), d);
		t->shared[i] = mfn;
		t->nr_frames++;
	}
	return 0;
}

int grant_table_init(struct domain *d)
{
	struct grant_table *t = xzalloc(struct grant_table);
	int rc;

	if (!t)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	rc = grow_table(d, t, INITIAL_NR_GRANT_FRAMES);
	if (rc) {
		xfree(t);
		return rc;
	}
	d->grant_table = t;
	return 0;
}

/* Contract in grant.h. */
void grant_table_destroy(struct domain *d)
{
	struct grant_table *t = d->grant_table;
	unsigned long flags;

	if (!t)
		return;
	gnttab_release_mappings(d);
	flags = spin_lock_irqsave(&t->lock);
	for (unsigned int i = 0; i < t->nr_frames; i++) {
		unshare_xen_page(mfn_to_page(t->shared[i]));
		t->shared[i] = INVALID_MFN;
	}
	t->dying = true;
	if (!t->nr_pinned)
		free_arrays(t);
	spin_unlock_irqrestore(&t->lock, flags);
}

/* Contract in grant.h. Xen's gnttab_setup_table() after its copy-in. */
int16_t gnttab_setup_table(struct domain *cd, domid_t dom, uint32_t nr_frames,
			   xen_pfn_t frames[GNTTAB_MAX_FRAMES])
{
	struct domain *d = domain_lookup_any(cd, dom);
	struct grant_table *t;
	unsigned long flags;
	int16_t st = GNTST_okay;

	if (!d || !d->grant_table)
		return GNTST_bad_domain;
	if (!may_manage(cd, d))
		return GNTST_permission_denied;
	if (nr_frames > GNTTAB_MAX_FRAMES)
		return GNTST_general_error;
	t = d->grant_table;
	flags = spin_lock_irqsave(&t->lock);
	if (t->dying || grow_table(d, t, nr_frames))
		st = GNTST_general_error;
	for (uint32_t i = 0; st == GNTST_okay && i < nr_frames; i++)
		frames[i] = t->shared[i];
	spin_unlock_irqrestore(&t->lock, flags);
	return st;
}

int16_t gnttab_query_size(struct domain *cd, domid_t dom, uint32_t *nr_frames,
			  uint32_t *max_nr_frames)
{
	struct domain *d = domain_lookup_any(cd, dom);

	if (!d || !d->grant_table)
		return GNTST_bad_domain;
	if (!may_manage(cd, d))
		return GNTST_permission_denied;
	*nr_frames = __atomic_load_n(&d->grant_table->nr_frames, __ATOMIC_ACQUIRE);
	*max_nr_frames = GNTTAB_MAX_FRAMES;
	return GNTST_okay;
}

int16_t gnttab_get_status_frames(struct domain *cd, domid_t dom,
				 uint32_t nr_frames)
{
	struct domain *d = domain_lookup_any(cd, dom);

	if (!d || !d->grant_table)
		return GNTST_bad_domain;
	if (!may_manage(cd, d))
		return GNTST_permission_denied;
	return nr_frames ? GNTST_general_error : GNTST_okay;
}

/* Contract in grant.h: a Xen built with max version 1 ("gnttab=max-ver:1"). */
long gnttab_set_version(struct domain *cd, uint32_t *version)
{
	long rc = 0;

	(void)cd;
	if (*version != 1 && *version != 2)
		rc = -EINVAL;
	else if (*version == 2)
		rc = -ENOSYS;
	*version = 1;
	return rc;
}

long gnttab_get_version(struct domain *cd, domid_t dom, uint32_t *version)
{
	struct domain *d = domain_lookup_any(cd, dom);

	if (!d)
		return -ESRCH;
	if (!may_manage(cd, d))
		return -EPERM;
	*version = 1;
	return 0;
}

/* Xen's swap_grant_ref(): exchange two unused entries of cd's table. */
int16_t gnttab_swap_grant_ref(struct domain *cd, grant_ref_t a, grant_ref_t b)
{
	struct grant_table *t = cd->grant_table;
	grant_entry_v1_t *ea, *eb, tmp;
	unsigned long flags = spin_lock_irqsave(&t->lock);
	int16_t st = GNTST_okay;

	if (a >= nr_grant_entries(t) || b >= nr_grant_entries(t))
		st = GNTST_bad_gntref;
	else if (a != b && (active_entry(t, a)->pin || active_entry(t, b)->pin))
		st = GNTST_eagain;
	if (st == GNTST_okay && a != b) {
		ea = shared_entry_map(t, a);
		eb = shared_entry_map(t, b);
		if (ea && eb) {
			tmp = *ea;
			*ea = *eb;
			*eb = tmp;
		}
		if (ea)
			unmap_domain_page(ea);
		if (eb)
			unmap_domain_page(eb);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return st;
}
