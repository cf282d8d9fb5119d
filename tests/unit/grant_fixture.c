/* Unit-test fixture for the grant-table suites: grant.h's hooks and the helpers. */
#include <stdlib.h>
#include <string.h>
#include "grant_fixture.h"

static mfn_t next_free;

/* ---- the hooks grant.h wants, on the fake machine ---- */

void *xmalloc_bytes(size_t size) { return malloc(size); }
void *xzalloc_bytes(size_t size) { return calloc(1, size); }
void xfree(void *p) { free(p); }

mfn_t gnttab_alloc_frame(void)
{
	if (next_free >= NFR)
		return INVALID_MFN;
	memset(ram[next_free], 0, PAGE_SIZE);
	ft[next_free].owner = DOMID_XEN;
	ft[next_free].count_info = 0;
	return next_free++;
}

mfn_t gnttab_guest_l1(struct domain *d, uint64_t va, unsigned int *index)
{
	if (va >= (512UL << PAGE_SHIFT))
		return INVALID_MFN;         /* not mapped down to an L1 */
	*index = va >> PAGE_SHIFT;
	return d == &dom1 ? L1F : D2L1;
}

struct domain *domain_lookup(domid_t id)
{
	struct domain *d = id == 1 ? &dom1 : id == 2 ? &dom2 : NULL;

	return d && !d->is_dying ? d : NULL;
}

/* ---- helpers ---- */

void setup(void)
{
	build_tree();
	ram[D2L4][0] = pte(D2L3, P | RW);
	ram[D2L3][0] = pte(D2L2, P | RW);
	ram[D2L2][0] = pte(D2L1, P | RW);
	ram[D2L1][0] = pte(D2DATA, P | RW);
	ck_assert_int_eq(pin_table(&dom2, D2L4, 4), 0);
	next_free = FREE_FIRST;
	ck_assert_int_eq(grant_table_init(&dom1), 0);
	ck_assert_int_eq(grant_table_init(&dom2), 0);
}

grant_entry_v1_t *gent(struct domain *d, grant_ref_t r)
{
	return (grant_entry_v1_t *)ram[d->grant_table->shared[r / 512]] + r % 512;
}

void grant(grant_ref_t r, domid_t to, mfn_t f, uint16_t flags)
{
	*gent(&dom1, r) = (grant_entry_v1_t){ flags, to, (uint32_t)f };
}

int16_t map(struct domain *cd, domid_t dom, grant_ref_t ref,
		   uint32_t flags, uint64_t addr, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { .host_addr = addr, .flags = flags,
					   .ref = ref, .dom = dom };

	gnttab_map_grant_ref(cd, &op);
	if (op.status == GNTST_okay) {
		ck_assert_uint_eq(op.dev_bus_addr,
				  (uint64_t)active_entry(domain_lookup(dom)->grant_table,
							 ref)->mfn << PAGE_SHIFT);
		*h = op.handle;
	}
	return op.status;
}

int16_t unmap(struct domain *cd, grant_handle_t h, uint64_t addr,
		     uint64_t dev)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = addr,
					     .dev_bus_addr = dev, .handle = h };

	gnttab_unmap_grant_ref(cd, &op);
	return op.status;
}
