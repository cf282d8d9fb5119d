/* Rangesets: sorted, merged sets of inclusive ranges (contract in rangeset.h). */
#include "rangeset.h"
#include "errno.h"

void rangeset_init(struct rangeset *rs)
{
	rs->nr = 0;
}

bool rangeset_is_empty(const struct rangeset *rs)
{
	return rs->nr == 0;
}

static void remove_at(struct rangeset *rs, unsigned int i, unsigned int n)
{
	for (unsigned int k = i; k + n < rs->nr; k++)
		rs->r[k] = rs->r[k + n];
	rs->nr -= n;
}

int rangeset_add_range(struct rangeset *rs, uint64_t s, uint64_t e)
{
	unsigned int i, j;

	if (s > e)
		return -EINVAL;
	/* First range that ends at or after s - 1 (touching merges). */
	for (i = 0; i < rs->nr; i++)
		if (rs->r[i].e == UINT64_MAX || rs->r[i].e + 1 >= s)
			break;
	/* Ranges from i that start at or before e + 1 merge with [s, e]. */
	for (j = i; j < rs->nr; j++)
		if (e != UINT64_MAX && rs->r[j].s > e + 1)
			break;
	if (j > i) {
		if (rs->r[i].s < s)
			s = rs->r[i].s;
		if (rs->r[j - 1].e > e)
			e = rs->r[j - 1].e;
		rs->r[i].s = s;
		rs->r[i].e = e;
		remove_at(rs, i + 1, j - i - 1);
		return 0;
	}
	if (rs->nr == RANGESET_MAX)
		return -ENOSPC;
	for (unsigned int k = rs->nr; k > i; k--)
		rs->r[k] = rs->r[k - 1];
	rs->r[i].s = s;
	rs->r[i].e = e;
	rs->nr++;
	return 0;
}

int rangeset_remove_range(struct rangeset *rs, uint64_t s, uint64_t e)
{
	if (s > e)
		return -EINVAL;
	for (unsigned int i = 0; i < rs->nr; i++) {
		struct rangeset_range *r = &rs->r[i];

		if (r->e < s || r->s > e)
			continue;
		if (r->s < s && r->e > e) {
			/* Split in two. */
			if (rs->nr == RANGESET_MAX)
				return -ENOSPC;
			for (unsigned int k = rs->nr; k > i + 1; k--)
				rs->r[k] = rs->r[k - 1];
			rs->r[i + 1].s = e + 1;
			rs->r[i + 1].e = r->e;
			r->e = s - 1;
			rs->nr++;
			return 0;
		}
		if (r->s < s) {
			r->e = s - 1;
		} else if (r->e > e) {
			r->s = e + 1;
		} else {
			remove_at(rs, i, 1);
			i--;
		}
	}
	return 0;
}

bool rangeset_contains_range(const struct rangeset *rs, uint64_t s, uint64_t e)
{
	for (unsigned int i = 0; i < rs->nr; i++)
		if (rs->r[i].s <= s && rs->r[i].e >= e)
			return true;
	return false;
}

bool rangeset_overlaps_range(const struct rangeset *rs, uint64_t s, uint64_t e)
{
	for (unsigned int i = 0; i < rs->nr; i++)
		if (rs->r[i].s <= e && rs->r[i].e >= s)
			return true;
	return false;
}
