/* Unit-test fixture for the grant-table suites: two domains on the page-type fake machine. */
#ifndef XENOLITH_TEST_GRANT_FIXTURE_H
#define XENOLITH_TEST_GRANT_FIXTURE_H

#include <stdint.h>
#include "errno.h"
#include "grant.h"
#include "page_type_fixture.h"

/*
 * Domain 1 has the fixture's tree (L1 23 maps its VAs 0-2 MiB: va =
 * index << 12); domain 2 gets the same shape at 2060-2063. Grant frames
 * come from the free frames. Domain 1 grants frame G (and G2) at ref 8.
 */
enum { D2L4 = 2060, D2L3, D2L2, D2L1, D2DATA = 2070, G = 40, G2 = 41 };
#define REF 8

/* Fresh page tables for both domains and empty grant tables. */
void setup(void);
/* Domain d's shared entry r, and domain 1 granting frame f to `to` at r. */
grant_entry_v1_t *gent(struct domain *d, grant_ref_t r);
void grant(grant_ref_t r, domid_t to, mfn_t f, uint16_t flags);
/* One map or unmap op as cd; the op's status (map: *h = its handle). */
int16_t map(struct domain *cd, domid_t dom, grant_ref_t ref, uint32_t flags,
	    uint64_t addr, grant_handle_t *h);
int16_t unmap(struct domain *cd, grant_handle_t h, uint64_t addr, uint64_t dev);

#define gflags(r) (gent(&dom1, r)->flags)

/* Frame f back to the allocation reference only, and nothing pinned. */
#define assert_idle(f) do { \
	ck_assert_msg(gen(f) == 1, "frame %lu: general count %lu, expected 1", \
		      (mfn_t)(f), gen(f)); \
	ck_assert_msg(tcnt(f) == 0, "frame %lu: type count %lu, expected 0", \
		      (mfn_t)(f), tcnt(f)); \
	ck_assert_msg(dom1.grant_table->nr_pinned == 0, \
		      "%u entries still pinned", dom1.grant_table->nr_pinned); \
	ck_assert_int_eq(maps_out, 0); \
} while (0)

#endif
