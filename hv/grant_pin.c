/* The grant pin protocol: active-entry pin counts and the GTF_reading/GTF_writing marks. */
#include "grant.h"
#include "page_type.h"

/*
 * A domain using a grant pins its active entry (GNTPIN_* counts) and, on
 * the first pin and on the first writable one, marks the granter's shared
 * entry GTF_reading / GTF_writing with cmpxchg; the marks go when the
 * last such pin goes. Only one domain at a time may use an entry.
 */

/*
 * Xen's _set_status_v1(): mark ref's entry in use by ldom (reading, and
 * writing unless ro), checking on the first pin that it is a full-page
 * access grant to ldom. A few retries against a guest racing the entry.
 */
static int16_t set_status(struct grant_table *t, grant_ref_t ref, domid_t ldom,
			  bool ro, bool first)
{
	grant_entry_v1_t *e = shared_entry_map(t, ref);
	uint32_t *raw, old;
	int16_t st = GNTST_general_error;

	if (!e)
		return GNTST_bad_domain;
	raw = (uint32_t *)e;            /* flags (low 16 bits) and domid */
	old = __atomic_load_n(raw, __ATOMIC_ACQUIRE);
	for (int tries = 0; tries < 5; tries++) {
		uint16_t fl = old & 0xffff;
		uint32_t nw = old | GTF_reading | (ro ? 0 : GTF_writing);

		if (first && ((fl & (GTF_type_mask | GTF_sub_page)) !=
			      GTF_permit_access || (old >> 16) != ldom))
			break;
		if (!ro && (fl & GTF_readonly))
			break;
		if (__atomic_compare_exchange_n(raw, &old, nw, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			st = GNTST_okay;
			break;
		}
	}
	unmap_domain_page(e);
	return st;
}

/* Contract in grant.h. */
int16_t pin_grant(struct domain *rd, grant_ref_t ref, domid_t ldom,
			 bool ro, uint32_t inc, int16_t gone, mfn_t *mfn)
{
	struct grant_table *t = rd->grant_table;
	unsigned long flags = spin_lock_irqsave(&t->lock);
	struct active_grant_entry *act;
	uint32_t wpins = GNTPIN_hstw_mask | GNTPIN_devw_mask;
	int16_t st = GNTST_okay;
	uint32_t old;

	if (t->dying) {
		st = GNTST_bad_domain;
		goto out;
	}
	if (ref >= nr_grant_entries(t)) {
		st = GNTST_bad_gntref;
		goto out;
	}
	act = active_entry(t, ref);
	old = act->pin;
	if (old && (act->domid != ldom || (old & 0x80808080U))) {
		st = GNTST_general_error;
		goto out;
	}
	if (!old || (!ro && !(old & wpins))) {
		st = set_status(t, ref, ldom, ro, !old);
		if (st != GNTST_okay)
			goto out;
	}
	if (!old) {
		grant_entry_v1_t *e = shared_entry_map(t, ref);
		mfn_t frame = __atomic_load_n(&e->frame, __ATOMIC_ACQUIRE);

		unmap_domain_page(e);
		if (!get_page_from_mfn(frame, rd)) {
			st = GNTST_bad_page;
			gnttab_clear_flags(t, ref, GTF_reading | GTF_writing);
			goto out;
		}
		act->domid = ldom;
		act->mfn = frame;
	} else if (!get_page_from_mfn(act->mfn, rd)) {
		st = gone;
		if (!ro && !(old & wpins))
			gnttab_clear_flags(t, ref, GTF_writing);
		goto out;
	}
	act->pin += inc;
	*mfn = act->mfn;
	gnttab_pin_changed(t, old, act->pin);
out:
	spin_unlock_irqrestore(&t->lock, flags);
	return st;
}

/* Contract in grant.h. */
void unpin_grant(struct domain *rd, grant_ref_t ref, uint32_t inc,
			bool ro)
{
	struct grant_table *t = rd->grant_table;
	unsigned long flags = spin_lock_irqsave(&t->lock);
	struct active_grant_entry *act = active_entry(t, ref);
	uint32_t old = act->pin;
	uint16_t clear = 0;

	act->pin -= inc;
	if (!ro && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
		clear |= GTF_writing;
	if (!act->pin)
		clear |= GTF_reading;
	if (clear)
		gnttab_clear_flags(t, ref, clear);
	gnttab_pin_changed(t, old, act->pin);
	spin_unlock_irqrestore(&t->lock, flags);
}
