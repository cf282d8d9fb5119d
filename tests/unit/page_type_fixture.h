/* The fake machine the page-type tests run on: frames, RAM, two domains. */
#ifndef TEST_PAGE_TYPE_FIXTURE_H
#define TEST_PAGE_TYPE_FIXTURE_H

#include <stdint.h>
#include "harness.h"
#include "page_type.h"

/*
 * The fake machine: 4096 frames of RAM and their frame table.
 *   0-7      DOMID_XEN, shared read-only (like the M2P)
 *   8-15     DOMID_XEN, private
 *   16-2047  domain 1
 *   2048-3999 domain 2
 *   4000-    free
 */
#define NFR        4096UL
#define D1_FIRST   16UL
#define D2_FIRST   2048UL
#define FREE_FIRST 4000UL
#define XEN_MARK   0x5a5a000000000000ULL

extern struct page_info ft[NFR];
extern uint64_t ram[NFR][512];
extern struct domain dom1, dom2;
extern unsigned int freed[NFR];    /* page_free_hook calls per frame */
extern unsigned int retyped[NFR];  /* page_type_retyped calls per frame */
/* page_table_foreign_dropped calls per domain id (& 3) */
extern unsigned int foreign_dropped[4];
extern unsigned long foreign_dropped_gen;  /* the frame's general count then */
extern long maps_out;              /* map_domain_page minus unmaps */

/* Fresh frame table and RAM; dom1 and dom2 own their ranges. */
void machine_reset(void);
void domain_init(struct domain *d, domid_t id, mfn_t first, mfn_t end);

static inline uint64_t pte(mfn_t mfn, uint64_t flags)
{
	return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

static inline unsigned long gen(mfn_t m)  { return ft[m].count_info & PGC_count_mask; }
static inline unsigned long tcnt(mfn_t m) { return ft[m].type_info & PGT_count_mask; }
static inline unsigned long ttype(mfn_t m) { return ft[m].type_info & PGT_type_mask; }
static inline bool validated(mfn_t m)     { return ft[m].type_info & PGT_validated; }

#define P   _PAGE_PRESENT
#define RW  _PAGE_RW
#define US  _PAGE_USER

/*
 * The directed tree of domain 1: L4 20 -> L3 21 -> L2 22 -> L1 23, which
 * maps data 30 read-write at index 0 and data 31 read-only at index 1.
 */
enum { L4F = 20, L3F = 21, L2F = 22, L1F = 23, DATA = 30, DATA2 = 31, SPARE = 40 };

void write_tree(void);
void build_tree(void);           /* machine_reset, write_tree, pin the L4 */
void assert_quiescent(void);     /* dom1's counts back to allocation refs */

/* The random reference-model suite (test_page_type_random.c). */
Suite *page_type_random_suite(void);

#endif
