/* xmalloc: power-of-two size classes in xenheap pages, big blocks as pages. */
#include "xmalloc.h"
#include "mm.h"
#include "lib.h"
#include "panic.h"
#include "spinlock.h"

#define MIN_SHIFT   4                   /* 16 bytes */
#define MAX_SHIFT   11                  /* 2048 bytes */
#define NR_CLASSES  (MAX_SHIFT - MIN_SHIFT + 1)
#define LARGE       0xff
#define PAGE_MAGIC  0x584d4c43u         /* "XMLC" */

/*
 * Every page (or first page of a large block) obtained from the xenheap
 * starts with this header; blocks follow it. xfree() finds the header by
 * masking the address down to its page.
 */
struct xpage {
	uint32_t magic;
	uint8_t kind;                   /* size class index, or LARGE */
	uint8_t order;                  /* LARGE: xenheap order */
	uint8_t pad[10];
} __aligned(XMALLOC_ALIGN);

struct free_block {
	struct free_block *next;
};

static DEFINE_SPINLOCK(xmalloc_lock);
static struct free_block *free_list[NR_CLASSES];

static unsigned int size_class(size_t size)
{
	unsigned int c = 0;

	while (((size_t)XMALLOC_ALIGN << c) < size)
		c++;
	return c;
}

/* Carves a fresh page into blocks of class c. Caller holds the lock. */
static bool refill(unsigned int c)
{
	struct xpage *pg = alloc_xenheap_pages(0);
	size_t bsize = (size_t)XMALLOC_ALIGN << c;
	char *p;

	if (!pg)
		return false;
	pg->magic = PAGE_MAGIC;
	pg->kind = (uint8_t)c;
	pg->order = 0;
	for (p = (char *)(pg + 1); p + bsize <= (char *)pg + PAGE_SIZE; p += bsize) {
		struct free_block *fb = (struct free_block *)p;

		fb->next = free_list[c];
		free_list[c] = fb;
	}
	return true;
}

static void *alloc_large(size_t size)
{
	size_t total = size + sizeof(struct xpage);
	unsigned int order = 0;
	struct xpage *pg;

	if (total < size)
		return NULL;
	while ((PAGE_SIZE << order) < total) {
		if (++order > MAX_ORDER)
			return NULL;
	}
	pg = alloc_xenheap_pages(order);
	if (!pg)
		return NULL;
	pg->magic = PAGE_MAGIC;
	pg->kind = LARGE;
	pg->order = (uint8_t)order;
	return pg + 1;
}

void *xmalloc_bytes(size_t size)
{
	unsigned long flags;
	struct free_block *fb = NULL;
	unsigned int c;

	if (size > (size_t)XMALLOC_ALIGN << (NR_CLASSES - 1))
		return alloc_large(size);
	c = size_class(size);
	flags = spin_lock_irqsave(&xmalloc_lock);
	if (free_list[c] || refill(c)) {
		fb = free_list[c];
		free_list[c] = fb->next;
	}
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return fb;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* Contract in xmalloc.h. A pointer xmalloc did not return is a BUG. */
void xfree(void *p)
{
	struct xpage *pg;
	struct free_block *fb = p;
	unsigned long flags;

	if (!p)
		return;
	pg = (struct xpage *)((uintptr_t)p & PAGE_MASK);
	BUG_ON(pg->magic != PAGE_MAGIC || ((uintptr_t)p % XMALLOC_ALIGN));
	if (pg->kind == LARGE) {
		BUG_ON(p != pg + 1);
		free_xenheap_pages(pg, pg->order);
		return;
	}
	BUG_ON(pg->kind >= NR_CLASSES);
	flags = spin_lock_irqsave(&xmalloc_lock);
	fb->next = free_list[pg->kind];
	free_list[pg->kind] = fb;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}
