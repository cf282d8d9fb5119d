/* GNTTABOP_copy: copy bytes between granted frames and the caller's own frames. */
#include "grant.h"
#include "lib.h"
#include "page_type.h"

/* One side of a copy: the frame with its references while claimed. */
struct copy_buf {
	struct domain *d;
	mfn_t mfn;
	bool have_grant, have_type, have_page;
	grant_ref_t ref;
	bool ro;
};

/*
 * Xen's gnttab_copy_lock_domain(): a frame (not a grant ref) may only
 * name the caller's own memory (DOMID_SELF).
 */
static int16_t copy_domain(struct domain *cd, domid_t dom, bool is_gref,
			   struct copy_buf *b)
{
	if (dom != DOMID_SELF && !is_gref)
		return GNTST_permission_denied;
	b->d = domain_lookup_any(cd, dom);
	return b->d && b->d->grant_table ? GNTST_okay : GNTST_bad_domain;
}

/* Xen's gnttab_copy_claim_buf(): pin the grant or reference the frame. */
static int16_t claim(struct domain *cd, const struct gnttab_copy_ptr *p,
		     bool is_gref, struct copy_buf *b)
{
	int16_t st;

	if (is_gref) {
		st = pin_grant(b->d, p->u.ref, cd->domain_id, b->ro,
			       gntpin_inc(GNTMAP_host_map, b->ro),
			       GNTST_bad_domain, &b->mfn);
		if (st != GNTST_okay)
			return st;
		b->have_grant = true;
		b->ref = p->u.ref;
	} else {
		if (!get_page_from_mfn(p->u.gmfn, b->d))
			return GNTST_bad_page;
		b->mfn = p->u.gmfn;
	}
	b->have_page = true;
	if (!b->ro) {
		if (get_page_type(mfn_to_page(b->mfn), PGT_writable_page))
			return GNTST_general_error;
		b->have_type = true;
	}
	return GNTST_okay;
}

static void release(struct copy_buf *b)
{
	if (b->have_type)
		put_page_type(mfn_to_page(b->mfn));
	if (b->have_page)
		put_page(mfn_to_page(b->mfn));
	if (b->have_grant)
		unpin_grant(b->d, b->ref, gntpin_inc(GNTMAP_host_map, b->ro),
			    b->ro);
}

/* Contract in grant.h. Xen's gnttab_copy_one() without buffer reuse. */
void gnttab_copy_one(struct domain *cd, struct gnttab_copy *op)
{
	struct copy_buf src = { .ro = true }, dst = { .ro = false };
	bool sg = op->flags & GNTCOPY_source_gref;
	bool dg = op->flags & GNTCOPY_dest_gref;
	int16_t st;

	st = copy_domain(cd, op->source.domid, sg, &src);
	if (st == GNTST_okay)
		st = copy_domain(cd, op->dest.domid, dg, &dst);
	if (st == GNTST_okay)
		st = claim(cd, &op->source, sg, &src);
	if (st == GNTST_okay)
		st = claim(cd, &op->dest, dg, &dst);
	if (st == GNTST_okay &&
	    (op->source.offset + op->len > PAGE_SIZE ||
	     op->dest.offset + op->len > PAGE_SIZE))
		st = GNTST_bad_copy_arg;
	if (st == GNTST_okay) {
		uint8_t *s = map_domain_page(src.mfn);
		uint8_t *d = map_domain_page(dst.mfn);

		memmove(d + op->dest.offset, s + op->source.offset, op->len);
		unmap_domain_page(d);
		unmap_domain_page(s);
	}
	release(&dst);
	release(&src);
	op->status = st;
}
