/* Domain builder: state shared by the files that write guest memory. */
#ifndef PVGUEST_BUILDER_BUILD_INTERNAL_H
#define PVGUEST_BUILDER_BUILD_INTERNAL_H

#include "internal.h"

struct build_ctx {
	const struct builder_mem *mem;
	const struct builder_layout *l;
	const char **why;
};

/* The 4 KiB of guest pfn, or NULL with *c->why set. */
void *build_map(struct build_ctx *c, unsigned long pfn);

/* *mfn = the machine frame of pfn; -EINVAL (why set) if it is not valid. */
int build_mfn(struct build_ctx *c, unsigned long pfn, uint64_t *mfn);

/*
 * Fills the page-table frames of c->l (already zeroed): L4 -> L3s -> L2s
 * -> L1s mapping every page of the region, tables read-only, every entry
 * _PAGE_USER; and with a p2m apart, L4 -> its L3s -> L2s -> L1s mapping
 * its frames read-write at p2m_va. Returns 0 or a negative errno.
 */
int build_page_tables(struct build_ctx *c);

#endif
