/* Shared helpers of the grant-table test kernels: grant_table_op, the table. */
#ifndef TESTS_GUESTS_GNT_COMMON_H
#define TESTS_GUESTS_GNT_COMMON_H

#include "rt_mm.h"
#include <xen/grant_table.h>

#define GNT_P   0x001UL
#define GNT_RW  0x002UL

/* grant_table_op(cmd, uop, count). */
long gnt_op(unsigned int cmd, const void *uop, unsigned long count);

/*
 * setup_table(DOMID_SELF, nr) and map its frames writable at va, va +
 * 4 KiB, ... (update_va_mapping). Returns the entries, or NULL (a failed
 * check says why).
 */
grant_entry_v1_t *gnt_table_at(unsigned long va, unsigned int nr);

/* Fill entry ref: frame and domid first, then the flags. */
void gnt_grant(grant_entry_v1_t *gt, grant_ref_t ref, domid_t to,
	       unsigned long mfn, uint16_t flags);

/* One map_grant_ref; returns its status, *h the handle on success. */
int16_t gnt_map(domid_t dom, grant_ref_t ref, uint32_t flags,
		uint64_t host_addr, grant_handle_t *h);
/* One unmap_grant_ref by handle and host address; its status. */
int16_t gnt_unmap(grant_handle_t h, uint64_t host_addr);

/*
 * One GNTTABOP_copy of len bytes from (sdom, src) at soff to (ddom, dst)
 * at doff; src and dst are grant refs or frames as flags (GNTCOPY_*_gref)
 * say. Returns its status (the call itself must succeed).
 */
int16_t gnt_copy(domid_t sdom, uint64_t src, uint16_t soff, domid_t ddom,
		 uint64_t dst, uint16_t doff, uint16_t len, uint16_t flags);

/*
 * Wait (yielding) until 64-bit word i at va is want, as another domain
 * writes it through a shared frame; false after GNT_WAIT_LIMIT yields.
 */
#define GNT_WAIT_LIMIT 2000000
bool gnt_wait_word(unsigned long va, unsigned int i, uint64_t want);

#endif
