/* Rangesets: sorted, merged sets of inclusive integer ranges (Xen's rangeset). */
#ifndef HV_RANGESET_H
#define HV_RANGESET_H

#include "types.h"

/*
 * A set of unsigned 64-bit values kept as at most RANGESET_MAX disjoint,
 * non-adjacent inclusive ranges in ascending order: I/O-memory frames and
 * I/O ports a domain may use. Pure: no allocation, no locks (the caller
 * serialises changes; the sets are written at boot and read afterwards).
 */
#define RANGESET_MAX 64

struct rangeset_range {
	uint64_t s, e;                  /* inclusive */
};

struct rangeset {
	unsigned int nr;
	struct rangeset_range r[RANGESET_MAX];
};

void rangeset_init(struct rangeset *rs);
/* Add [s, e] (s <= e): 0, -EINVAL (s > e) or -ENOSPC (too many pieces). */
int rangeset_add_range(struct rangeset *rs, uint64_t s, uint64_t e);
/* Remove [s, e]: 0, -EINVAL or -ENOSPC (a split that does not fit). */
int rangeset_remove_range(struct rangeset *rs, uint64_t s, uint64_t e);
/* Every value of [s, e] is in the set. */
bool rangeset_contains_range(const struct rangeset *rs, uint64_t s, uint64_t e);
/* Some value of [s, e] is in the set. */
bool rangeset_overlaps_range(const struct rangeset *rs, uint64_t s, uint64_t e);
bool rangeset_is_empty(const struct rangeset *rs);

#endif
