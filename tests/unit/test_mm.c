/* Unit tests: frame table helpers, buddy allocator, xmalloc (hv/mm). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "mm.h"
#include "xmalloc.h"
#include "errno.h"

/* ---- the xenheap, as the test harness side: page-aligned host memory ---- */
static unsigned long heap_pages_out;    /* pages currently allocated */
static unsigned long heap_limit = ~0UL; /* fail allocations past this */

void *alloc_xenheap_pages(unsigned int order)
{
	void *p;

	if (heap_pages_out + (1UL << order) > heap_limit)
		return NULL;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
	if (p)
		heap_pages_out += 1UL << order;
	return p;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	heap_pages_out -= 1UL << order;
	free(va);
}

/* ---- frame table ---- */
START_TEST(frame_table_sizing)
{
	unsigned long per_page = PAGE_SIZE / sizeof(struct page_info);

	ck_assert_uint_eq(frame_table_frames(0), 0);
	ck_assert_uint_eq(frame_table_frames(1), 1);
	ck_assert_uint_eq(frame_table_frames(per_page * PAGE_SIZE), 1);
	ck_assert_uint_eq(frame_table_frames(per_page * PAGE_SIZE + 1), 2);
	ck_assert_uint_eq(frame_table_frames(4ULL << 30),
			  ((4ULL << 30) / PAGE_SIZE * sizeof(struct page_info)) / PAGE_SIZE);
}
END_TEST

START_TEST(mfn_page_round_trip)
{
	static struct page_info table[64];

	frame_table = table;
	frame_table_size = 64;
	ck_assert_ptr_eq(mfn_to_page(17), &table[17]);
	ck_assert_uint_eq(page_to_mfn(&table[63]), 63);
}
END_TEST

/* ---- buddy ---- */
#define NFRAMES 4096UL
static struct page_info pages[NFRAMES];
static struct buddy b;

static void setup_all(unsigned long n)
{
	buddy_init(&b, pages, n);
	buddy_add_range(&b, 0, n);
}

START_TEST(buddy_starts_reserved)
{
	buddy_init(&b, pages, NFRAMES);
	ck_assert_uint_eq(buddy_nr_free(&b), 0);
	ck_assert_uint_eq(buddy_alloc(&b, 0), INVALID_MFN);
	ck_assert(pages[5].flags & PGF_RESERVED);
	ck_assert_int_eq(buddy_free(&b, 5, 0), -EINVAL);   /* never handed over */
}
END_TEST

START_TEST(buddy_split_and_merge_back)
{
	mfn_t m;

	setup_all(NFRAMES);                     /* one order-12 block */
	ck_assert_uint_eq(buddy_nr_free(&b), NFRAMES);
	m = buddy_alloc(&b, 0);
	ck_assert_uint_eq(m, 0);
	ck_assert_uint_eq(buddy_nr_free(&b), NFRAMES - 1);
	ck_assert_uint_eq(pages[0].owner, DOMID_XEN);
	ck_assert(!(pages[0].flags & PGF_FREE));
	/* The split left one free block of each order 0..11. */
	for (unsigned int o = 0; o < 12; o++)
		ck_assert_msg(!list_empty(&b.free[o]), "order %u list empty", o);
	ck_assert(list_empty(&b.free[12]));
	ck_assert_int_eq(buddy_free(&b, m, 0), 0);
	ck_assert_uint_eq(buddy_nr_free(&b), NFRAMES);
	for (unsigned int o = 0; o < 12; o++)
		ck_assert_msg(list_empty(&b.free[o]), "order %u not merged", o);
	ck_assert(!list_empty(&b.free[12]));
	ck_assert_uint_eq(buddy_alloc(&b, 12), 0);
}
END_TEST

START_TEST(buddy_merges_to_max_order)
{
	static struct page_info big[(1UL << MAX_ORDER) * 2];
	mfn_t m;

	buddy_init(&b, big, ARRAY_SIZE(big));
	buddy_add_range(&b, 0, ARRAY_SIZE(big));
	ck_assert_uint_eq(buddy_nr_free(&b), ARRAY_SIZE(big));
	ck_assert_uint_eq(buddy_alloc(&b, MAX_ORDER + 1), INVALID_MFN);
	m = buddy_alloc(&b, 3);
	ck_assert_int_eq(buddy_free(&b, m, 3), 0);
	/* Two max-order blocks: merging stops at MAX_ORDER. */
	ck_assert(!list_empty(&b.free[MAX_ORDER]));
	ck_assert_uint_eq(buddy_alloc(&b, MAX_ORDER) % (1UL << MAX_ORDER), 0);
	ck_assert_uint_ne(buddy_alloc(&b, MAX_ORDER), INVALID_MFN);
	ck_assert_uint_eq(buddy_alloc(&b, 0), INVALID_MFN);
	ck_assert_uint_eq(buddy_nr_free(&b), 0);
}
END_TEST

START_TEST(buddy_exhaustion)
{
	mfn_t got[64];
	unsigned int i;

	setup_all(64);
	for (i = 0; i < 16; i++) {
		got[i] = buddy_alloc(&b, 2);
		ck_assert_uint_ne(got[i], INVALID_MFN);
		ck_assert_uint_eq(got[i] % 4, 0);
	}
	ck_assert_uint_eq(buddy_nr_free(&b), 0);
	ck_assert_uint_eq(buddy_alloc(&b, 0), INVALID_MFN);
	/* Every block distinct. */
	for (i = 0; i < 16; i++)
		for (unsigned int j = i + 1; j < 16; j++)
			ck_assert_uint_ne(got[i], got[j]);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(buddy_free(&b, got[i], 2), 0);
	ck_assert_uint_eq(buddy_nr_free(&b), 64);
	ck_assert_uint_eq(buddy_alloc(&b, 6), 0);
}
END_TEST

START_TEST(buddy_fragmentation)
{
	mfn_t m[32];
	unsigned int i;

	setup_all(32);
	for (i = 0; i < 32; i++)
		m[i] = buddy_alloc(&b, 0);
	/* Free every other frame: 16 free, but no two are buddies. */
	for (i = 0; i < 32; i += 2)
		ck_assert_int_eq(buddy_free(&b, m[i], 0), 0);
	ck_assert_uint_eq(buddy_nr_free(&b), 16);
	ck_assert_uint_eq(buddy_alloc(&b, 1), INVALID_MFN);
	/* Free the rest: everything merges back into one order-5 block. */
	for (i = 1; i < 32; i += 2)
		ck_assert_int_eq(buddy_free(&b, m[i], 0), 0);
	ck_assert_uint_eq(buddy_nr_free(&b), 32);
	ck_assert_uint_eq(buddy_alloc(&b, 5), 0);
}
END_TEST

START_TEST(buddy_double_and_misaligned_free)
{
	mfn_t m;

	setup_all(64);
	m = buddy_alloc(&b, 2);
	ck_assert_int_eq(buddy_free(&b, m + 1, 1), -EINVAL);   /* misaligned */
	ck_assert_int_eq(buddy_free(&b, m + 2, 1), 0);         /* a sub-block is fine */
	ck_assert_int_eq(buddy_free(&b, m, 2), -EINVAL);       /* half already free */
	ck_assert_int_eq(buddy_free(&b, m, 1), 0);
	ck_assert_int_eq(buddy_free(&b, m, 1), -EINVAL);       /* double free */
	ck_assert_int_eq(buddy_free(&b, m + 3, 0), -EINVAL);   /* inside a merged free block */
	ck_assert_int_eq(buddy_free(&b, 64, 0), -EINVAL);      /* out of range */
	ck_assert_int_eq(buddy_free(&b, 0, 7), -EINVAL);       /* runs past the table */
	ck_assert_int_eq(buddy_free(&b, 0, MAX_ORDER + 1), -EINVAL);
	ck_assert_uint_eq(buddy_nr_free(&b), 64);
}
END_TEST

START_TEST(buddy_add_range_odd_boundaries)
{
	mfn_t m;
	unsigned long n = 0;

	buddy_init(&b, pages, 100);
	buddy_add_range(&b, 3, 10);             /* [3, 13): 1+4+4+1 frames */
	ck_assert_uint_eq(buddy_nr_free(&b), 10);
	buddy_add_range(&b, 90, 50);            /* clipped to [90, 100) */
	ck_assert_uint_eq(buddy_nr_free(&b), 20);
	buddy_add_range(&b, 5, 3);              /* already free: skipped */
	ck_assert_uint_eq(buddy_nr_free(&b), 20);
	ck_assert(pages[2].flags & PGF_RESERVED);
	ck_assert(pages[13].flags & PGF_RESERVED);
	/* Largest block: [4, 8) or [8, 12) or [92, 96) or [96, 100): order 2. */
	ck_assert_uint_eq(buddy_alloc(&b, 3), INVALID_MFN);
	while ((m = buddy_alloc(&b, 0)) != INVALID_MFN) {
		ck_assert_msg((m >= 3 && m < 13) || (m >= 90 && m < 100),
			      "allocated reserved frame %lu", m);
		n++;
	}
	ck_assert_uint_eq(n, 20);
}
END_TEST

START_TEST(buddy_nr_free_bookkeeping)
{
	mfn_t a, c, d;

	setup_all(1024);
	a = buddy_alloc(&b, 4);
	c = buddy_alloc(&b, 0);
	d = buddy_alloc(&b, 7);
	ck_assert_uint_eq(buddy_nr_free(&b), 1024 - 16 - 1 - 128);
	buddy_free(&b, c, 0);
	ck_assert_uint_eq(buddy_nr_free(&b), 1024 - 16 - 128);
	buddy_free(&b, d, 7);
	buddy_free(&b, a, 4);
	ck_assert_uint_eq(buddy_nr_free(&b), 1024);
	ck_assert_uint_eq(buddy_alloc(&b, 10), 0);
}
END_TEST

/* ---- xmalloc ---- */
START_TEST(xmalloc_alignment_and_classes)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 512, 1000, 2048 };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p = xmalloc_bytes(sizes[i]);

		ck_assert_ptr_nonnull(p);
		ck_assert_msg((uintptr_t)p % 16 == 0, "size %zu: %p not 16-aligned",
			      sizes[i], (void *)p);
		memset(p, 0xa5, sizes[i]);
	}
	/* One page per class used so far: 16, 32, 128, 512, 1024, 2048. */
	ck_assert_uint_eq(heap_pages_out, 6);
}
END_TEST

START_TEST(xmalloc_reuses_freed_blocks)
{
	void *a = xmalloc_bytes(40), *c;
	unsigned long pages_before;

	xfree(a);
	c = xmalloc_bytes(64);                  /* same class (64) */
	ck_assert_ptr_eq(c, a);
	pages_before = heap_pages_out;
	for (int i = 0; i < 1000; i++) {
		void *p = xmalloc_bytes(64);

		ck_assert_ptr_nonnull(p);
		xfree(p);
	}
	ck_assert_uint_eq(heap_pages_out, pages_before);
}
END_TEST

START_TEST(xmalloc_distinct_blocks)
{
	uint64_t *p[300];

	for (int i = 0; i < 300; i++) {
		p[i] = xmalloc(uint64_t);
		ck_assert_ptr_nonnull(p[i]);
		*p[i] = (uint64_t)i * 0x0101010101010101ULL;
	}
	for (int i = 0; i < 300; i++)
		ck_assert_uint_eq(*p[i], (uint64_t)i * 0x0101010101010101ULL);
	/* 255 16-byte blocks per page after the header: two pages. */
	ck_assert_uint_eq(heap_pages_out, 2);
	for (int i = 0; i < 300; i++)
		xfree(p[i]);
}
END_TEST

START_TEST(xmalloc_large)
{
	char *p = xmalloc_bytes(3000), *q;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % 16, 0);
	ck_assert_uint_eq(heap_pages_out, 1);   /* 3000 + header fits a page */
	memset(p, 1, 3000);
	q = xmalloc_bytes(20000);               /* order 3 */
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(heap_pages_out, 1 + 8);
	memset(q, 2, 20000);
	xfree(p);
	xfree(q);
	ck_assert_uint_eq(heap_pages_out, 0);
}
END_TEST

START_TEST(xzalloc_zeroes)
{
	unsigned char *p = xmalloc_bytes(256);

	memset(p, 0xff, 256);
	xfree(p);
	p = xzalloc_bytes(256);
	for (int i = 0; i < 256; i++)
		ck_assert_uint_eq(p[i], 0);
	p = xzalloc_bytes(10000);
	for (int i = 0; i < 10000; i++)
		ck_assert_uint_eq(p[i], 0);
}
END_TEST

START_TEST(xfree_null_and_array_overflow)
{
	struct big { char c[1024]; };

	xfree(NULL);
	ck_assert_uint_eq(heap_pages_out, 0);
	ck_assert_ptr_null(xmalloc_array(struct big, SIZE_MAX / 512));
	ck_assert_ptr_null(xmalloc_array_bytes(SIZE_MAX / 2 + 1, 2));
	ck_assert_uint_eq(heap_pages_out, 0);
	ck_assert_ptr_nonnull(xmalloc_array(uint32_t, 10));
	ck_assert_ptr_null(xzalloc_array(uint64_t, SIZE_MAX / 4));
}
END_TEST

START_TEST(xmalloc_out_of_memory)
{
	heap_limit = 1;
	ck_assert_ptr_nonnull(xmalloc_bytes(16));
	ck_assert_ptr_null(xmalloc_bytes(32));   /* needs a second page */
	ck_assert_ptr_null(xmalloc_bytes(8192));
	ck_assert_ptr_null(xmalloc_bytes(SIZE_MAX - 4));
}
END_TEST

static Suite *mm_suite(void)
{
	Suite *s = suite_create("mm");
	TCase *tc = tcase_create("frame");

	tcase_add_test(tc, frame_table_sizing);
	tcase_add_test(tc, mfn_page_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("buddy");
	tcase_add_test(tc, buddy_starts_reserved);
	tcase_add_test(tc, buddy_split_and_merge_back);
	tcase_add_test(tc, buddy_merges_to_max_order);
	tcase_add_test(tc, buddy_exhaustion);
	tcase_add_test(tc, buddy_fragmentation);
	tcase_add_test(tc, buddy_double_and_misaligned_free);
	tcase_add_test(tc, buddy_add_range_odd_boundaries);
	tcase_add_test(tc, buddy_nr_free_bookkeeping);
	suite_add_tcase(s, tc);
	tc = tcase_create("xmalloc");
	tcase_add_test(tc, xmalloc_alignment_and_classes);
	tcase_add_test(tc, xmalloc_reuses_freed_blocks);
	tcase_add_test(tc, xmalloc_distinct_blocks);
	tcase_add_test(tc, xmalloc_large);
	tcase_add_test(tc, xzalloc_zeroes);
	tcase_add_test(tc, xfree_null_and_array_overflow);
	tcase_add_test(tc, xmalloc_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { mm_suite, NULL };

	return harness_run(suites);
}
