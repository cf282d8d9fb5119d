/* Buddy allocator over a range of the frame table. */
#include "mm.h"
#include "errno.h"

void buddy_init(struct buddy *b, struct page_info *table, unsigned long nr_frames)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		list_init(&b->free[o]);
	b->nr_free = 0;
	b->table = table;
	b->nr_frames = nr_frames;
	spin_lock_init(&b->lock);
	for (unsigned long i = 0; i < nr_frames; i++) {
		struct page_info *pg = &table[i];

		list_init(&pg->list);
		pg->count_info = 0;
		pg->type_info = 0;
		pg->owner = DOMID_XEN;
		pg->order = 0;
		pg->flags = PGF_RESERVED;
	}
}

/*
 * Puts the block [mfn, mfn + 2^order), whose frames are already marked
 * PGF_FREE, on the free lists, merging it with free buddies as far as
 * possible. Caller holds the lock.
 */
static void free_block(struct buddy *b, mfn_t mfn, unsigned int order)
{
	b->nr_free += 1UL << order;
	while (order < MAX_ORDER) {
		mfn_t bud = mfn ^ (1UL << order);
		struct page_info *bp;

		if (bud >= b->nr_frames)
			break;
		/* A free frame at an aligned buddy address is its block's head. */
		bp = &b->table[bud];
		if (!(bp->flags & PGF_FREE) || bp->order != order)
			break;
		list_del(&bp->list);
		mfn &= ~(1UL << order);
		order++;
	}
	b->table[mfn].order = (uint8_t)order;
	list_add(&b->table[mfn].list, &b->free[order]);
}

static void mark_free(struct buddy *b, mfn_t mfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct page_info *pg = &b->table[mfn + i];

		pg->flags = PGF_FREE;
		pg->owner = DOMID_INVALID;
		pg->count_info = 0;
		pg->type_info = 0;
	}
}

/* Frees the reserved run [s, e) as the largest aligned blocks that fit. */
static void add_run(struct buddy *b, mfn_t s, mfn_t e)
{
	while (s < e) {
		unsigned int order = 0;

		while (order < MAX_ORDER && !(s & (1UL << order)) &&
		       s + (2UL << order) <= e)
			order++;
		mark_free(b, s, 1UL << order);
		free_block(b, s, order);
		s += 1UL << order;
	}
}

void buddy_add_range(struct buddy *b, mfn_t start, unsigned long nr)
{
	unsigned long flags = spin_lock_irqsave(&b->lock);
	mfn_t end = start + nr < start ? ~0UL : start + nr;

	if (end > b->nr_frames)
		end = b->nr_frames;
	while (start < end) {
		mfn_t e = start;

		while (e < end && (b->table[e].flags & PGF_RESERVED))
			e++;
		add_run(b, start, e);
		start = e == start ? e + 1 : e;
	}
	spin_unlock_irqrestore(&b->lock, flags);
}

mfn_t buddy_alloc(struct buddy *b, unsigned int order)
{
	unsigned long flags;
	unsigned int o;
	struct page_info *pg;
	mfn_t mfn;

	if (order > MAX_ORDER)
		return INVALID_MFN;
	flags = spin_lock_irqsave(&b->lock);
	for (o = order; o <= MAX_ORDER && list_empty(&b->free[o]); o++)
		;
	if (o > MAX_ORDER) {
		spin_unlock_irqrestore(&b->lock, flags);
		return INVALID_MFN;
	}
	pg = list_first_entry(&b->free[o], struct page_info, list);
	list_del(&pg->list);
	mfn = (mfn_t)(pg - b->table);
	while (o > order) {             /* give back the upper halves */
		o--;
		b->table[mfn + (1UL << o)].order = (uint8_t)o;
		list_add(&b->table[mfn + (1UL << o)].list, &b->free[o]);
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		pg = &b->table[mfn + i];
		pg->flags = 0;
		pg->owner = DOMID_XEN;
		pg->order = (uint8_t)order;
	}
	b->nr_free -= 1UL << order;
	spin_unlock_irqrestore(&b->lock, flags);
	return mfn;
}

/* Contract in mm.h. Every frame of the block must be allocated. */
int buddy_free(struct buddy *b, mfn_t mfn, unsigned int order)
{
	unsigned long flags, n;

	if (order > MAX_ORDER)
		return -EINVAL;
	n = 1UL << order;
	if (mfn >= b->nr_frames || n > b->nr_frames - mfn || (mfn & (n - 1)))
		return -EINVAL;
	flags = spin_lock_irqsave(&b->lock);
	for (unsigned long i = 0; i < n; i++) {
		if (b->table[mfn + i].flags & (PGF_FREE | PGF_RESERVED)) {
			spin_unlock_irqrestore(&b->lock, flags);
			return -EINVAL;
		}
	}
	mark_free(b, mfn, n);
	free_block(b, mfn, order);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}

unsigned long buddy_nr_free(const struct buddy *b)
{
	return b->nr_free;
}
