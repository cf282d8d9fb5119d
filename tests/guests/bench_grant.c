/* Bench kernel, grants: the peer's granted page; main's map + unmap and copy rows. */
#include "bench.h"
#include "gnt_common.h"

#define PATTERN 0x62656e6368000000UL     /* "bench", plus the word index */
#define WORD(va, i) (((volatile uint64_t *)(va))[i])

static grant_entry_v1_t *gt;
static long bad;

/* Count a failed check of sample i; print only the first. */
#define MISS(fmt, ...) do { if (!bad++) \
	rt_fail("grant sample %ld: " fmt, i, ##__VA_ARGS__); } while (0)

/* Peer: table at the region's page -3, the page (last frame) at -4. */
bool bench_grant_offer(domid_t main)
{
	unsigned long region = rt_region_pages(), pfn = rt_start_info->nr_pages - 1;
	unsigned long page = rt_va_of(region - 4);

	gt = gnt_table_at(rt_va_of(region - 3), 1);
	if (!gt)
		return false;
	rt_expect(rt_uvm(page, (rt_mfn(pfn) << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	for (int i = 0; i < 512; i++)
		WORD(page, i) = PATTERN + i;
	gnt_grant(gt, BENCH_GREF, main, rt_mfn(pfn), GTF_permit_access);
	return true;
}

/* Peer: end access as Linux does, only if no mapping is left. */
void bench_grant_end(void)
{
	uint16_t fl = GTF_permit_access;

	if (gt)
		rt_check(__atomic_compare_exchange_n(&gt[BENCH_GREF].flags, &fl, 0,
						     false, __ATOMIC_ACQ_REL,
						     __ATOMIC_ACQUIRE),
			 "grant still in use at the end: flags %#x", fl);
}

/* Main: host_map at the region's page -3, one op each way, timed
 * together; between them one word is read through the mapping. */
static void map_unmap_row(domid_t peer, unsigned long va)
{
	uint64_t t0, t1, t2, pte;
	grant_handle_t h = 0;
	int16_t st;

	for (long i = 0; i < bench_n; i++) {
		long k = i % 512;

		t0 = bench_tsc();
		st = gnt_map(peer, BENCH_GREF, GNTMAP_host_map, va, &h);
		t1 = bench_tsc();
		if (st != GNTST_okay) {
			MISS("map_grant_ref status %d, expected 0", st);
			bench_samples[i] = t1 - t0;
			continue;
		}
		if (WORD(va, k) != PATTERN + k)
			MISS("word %ld through the mapping is %#lx, expected "
			     "%#lx", k, WORD(va, k), PATTERN + k);
		t2 = bench_tsc();
		st = gnt_unmap(h, va);
		bench_samples[i] = t1 - t0 + bench_tsc() - t2;
		if (st != GNTST_okay)
			MISS("unmap_grant_ref status %d, expected 0", st);
	}
	bench_row("grant map + unmap (host_map, 1 page)", bench_median());
	rt_l1e_maddr(va, &pte);
	rt_check(!pte, "the PTE at %#lx is %#lx after the last unmap", va, pte);
}

/* Main: GNTTABOP_copy of the whole page into our frame at the region's
 * page -4 (the last frame but three), poisoned before and checked after
 * every copy. */
static void copy_row(domid_t peer, unsigned long va)
{
	unsigned long mfn = rt_mfn(rt_start_info->nr_pages - 4);
	struct gnttab_copy cp;
	uint64_t t0;
	long rc;

	rt_expect(rt_uvm(va, (mfn << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	for (long i = 0; i < bench_n; i++) {
		cp = (struct gnttab_copy){ .len = 4096, .flags = GNTCOPY_source_gref };
		cp.source.u.ref = BENCH_GREF, cp.source.domid = peer;
		cp.dest.u.gmfn = mfn, cp.dest.domid = DOMID_SELF;
		for (int k = 0; k < 512; k++)
			WORD(va, k) = ~0UL;
		t0 = bench_tsc();
		rc = gnt_op(GNTTABOP_copy, &cp, 1);
		bench_samples[i] = bench_tsc() - t0;
		if (rc || cp.status != GNTST_okay) {
			MISS("copy: rc %ld status %d, expected 0 and 0", rc,
			     cp.status);
			continue;
		}
		for (int k = 0; k < 512; k++)
			if (WORD(va, k) != PATTERN + k) {
				MISS("copied word %d is %#lx, expected %#lx", k,
				     WORD(va, k), PATTERN + k);
				break;
			}
	}
	bench_row("grant copy 4 KiB (peer gref -> own)", bench_median());
}

void bench_grant_rows(domid_t peer)
{
	unsigned long region = rt_region_pages();

	map_unmap_row(peer, rt_va_of(region - 3));
	copy_row(peer, rt_va_of(region - 4));
	rt_check(!bad, "%ld failed grant checks in %ld samples of each row", bad,
		 bench_n);
}
