/* Test kernel pair: role=a grants a page to peer b, b maps it, checks it, copies back, unmaps. */
#include "gnt_common.h"

#define REF      8                       /* the first non-reserved ref */
#define PATTERN  0x70616972UL            /* "pair" */
#define REPLY    0x7265706c79UL          /* "reply", copied back by b */
#define TRIES    200000
#define RD(va, i) (((volatile uint64_t *)(va))[i])

/* a: grant a page to b, wait for b's reply in it and for b to unmap. */
static void role_a(domid_t peer, unsigned long page_va, unsigned long mfn,
		   unsigned long gt_va)
{
	grant_entry_v1_t *gt = gnt_table_at(gt_va, 1);
	int i;

	if (!gt)
		return;
	for (i = 0; i < 512; i++)
		RD(page_va, i) = PATTERN + i;
	gnt_grant(gt, REF, peer, mfn, GTF_permit_access);
	rt_printf("grant_pair a: granted mfn %#lx to domain %u as ref %u\n", mfn,
		  peer, REF);
	for (i = 0; i < TRIES && RD(page_va, 256) != REPLY; i++)
		rt_yield();
	rt_check(RD(page_va, 256) == REPLY, "no reply from domain %u after %d "
		 "yields: word 256 is %#lx", peer, i, RD(page_va, 256));
	for (i = 0; i < TRIES && (__atomic_load_n(&gt[REF].flags, __ATOMIC_ACQUIRE) &
				  (GTF_reading | GTF_writing)); i++)
		rt_yield();
	rt_check(!(gt[REF].flags & (GTF_reading | GTF_writing)),
		 "domain %u still uses the grant: flags %#x", peer, gt[REF].flags);
	/* End foreign access as Linux does: only when nobody uses it. */
	uint16_t fl = GTF_permit_access;
	rt_check(__atomic_compare_exchange_n(&gt[REF].flags, &fl, 0, false,
					     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE),
		 "could not end access: flags %#x", fl);
}

/* b: map a's ref (retrying until a granted it), check, copy back, unmap. */
static void role_b(domid_t peer, unsigned long map_va, unsigned long own_va,
		   unsigned long own_mfn)
{
	struct gnttab_copy cp = { .len = 8, .flags = GNTCOPY_dest_gref };
	grant_handle_t h;
	int16_t st = GNTST_general_error;
	int i, bad = 0;

	for (i = 0; i < TRIES; i++) {
		st = gnt_map(peer, REF, GNTMAP_host_map | GNTMAP_readonly, map_va, &h);
		if (st == GNTST_okay)
			break;
		rt_yield();
	}
	rt_check(st == GNTST_okay, "map of domain %u's ref %u: status %d after "
		 "%d tries", peer, REF, st, i);
	if (st != GNTST_okay)
		return;
	for (i = 0; i < 256; i++)
		bad += RD(map_va, i) != PATTERN + i;
	rt_check(!bad, "%d words of the granted page differ (word 0 %#lx)", bad,
		 RD(map_va, 0));
	RD(own_va, 0) = REPLY;
	cp.source.u.gmfn = own_mfn, cp.source.domid = DOMID_SELF;
	cp.dest.u.ref = REF, cp.dest.domid = peer, cp.dest.offset = 256 * 8;
	rt_expect(gnt_op(GNTTABOP_copy, &cp, 1), 0);
	rt_expect(cp.status, GNTST_okay);
	rt_check(RD(map_va, 256) == REPLY, "copy not visible through the "
		 "mapping: %#lx", RD(map_va, 256));
	rt_expect(gnt_unmap(h, map_va), GNTST_okay);
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long *p2m = (unsigned long *)si->mfn_list;
	unsigned long region = rt_region_pages(), F = si->nr_pages - 1;
	unsigned long SF = rt_va_of(region - 1), SM = rt_va_of(region - 2);
	unsigned long GT = rt_va_of(region - 4);
	long peer = rt_cmdline_number("peer");
	bool a = rt_cmdline_is("role", "a"), b = rt_cmdline_is("role", "b");

	rt_check(peer > 0 && (a || b), "need role=a|b peer=N, command line \"%s\"",
		 (char *)si->cmd_line);
	rt_check(region && region + 2 < si->nr_pages, "need a free frame");
	if (peer <= 0 || !(a || b))
		return;
	rt_expect(rt_uvm(SF, (p2m[F] << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	if (a)
		role_a(peer, SF, p2m[F], GT);
	else
		role_b(peer, SM, SF, p2m[F]);
	rt_printf("grant_pair %s: done\n", a ? "a" : "b");
}
