/* Test kernel pair: a grants b what is no plain page (its L1 table, a frame not its own); b tries to misuse a's grants. */
#include "gnt_common.h"

/*
 * Command line: "role=a|b dom_a=N dom_b=N". a grants b: ref 8 = a's L1
 * table, ref 9 = frame 0x200 (the hypervisor's, not a's), ref 10 = page
 * P (writable). P tells b the machine address of one of a's L1 entries
 * and its value. b: ref 8 writable is refused (a page table is never
 * writable), read-only it shows a's entry; ref 9 is GNTST_bad_page; ref
 * 10 maps, but not into a's page table (contains_pte with a's entry).
 * While b maps P, a can neither pin P as a page table nor swap ref 10;
 * once b unmapped (or, with "crash", died with P mapped), both work.
 * b also maps ref 13 twice at one address (b_same_va) and fills ref
 * 11's pin count (b_pin_overflow).
 */
#define B_READY  0x625f7265616479UL
#define A_DONE   0x615f646f6e65UL
#define LIMIT    2000000
#define PINS     128                      /* 0x80: a pin count is full */
#define RD(va, i) (((volatile uint64_t *)(va))[i])

static domid_t dom_a, dom_b;
static unsigned long region;

/* Wait until ref's GTF_reading/GTF_writing are gone; true if they went. */
static bool wait_unused(grant_entry_v1_t *gt, grant_ref_t ref)
{
	for (int n = 0; n < LIMIT; n++) {
		if (!(__atomic_load_n(&gt[ref].flags, __ATOMIC_ACQUIRE) &
		      (GTF_reading | GTF_writing)))
			return true;
		rt_yield();
	}
	return false;
}

static void role_a(grant_entry_v1_t *gt)
{
	unsigned long p = rt_mfn(rt_start_info->nr_pages - 1);
	unsigned long P = rt_va_of(region - 2), X = rt_va_of(region - 3);
	uint64_t x_pte, x_ma = rt_l1e_maddr(X, &x_pte), now;
	unsigned long l1 = x_ma >> 12;

	rt_expect(rt_uvm(P, (p << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	for (int i = 0; i < 512; i++)
		RD(P, i) = 0;
	RD(P, 0) = x_ma, RD(P, 1) = x_pte;
	gnt_grant(gt, 8, dom_b, l1, GTF_permit_access);
	gnt_grant(gt, 9, dom_b, 0x200, GTF_permit_access);
	gnt_grant(gt, 10, dom_b, p, GTF_permit_access);
	gnt_grant(gt, 11, dom_b, p, GTF_permit_access | GTF_readonly);
	gnt_grant(gt, 13, dom_b, rt_mfn(rt_start_info->nr_pages - 2),
		  GTF_permit_access);
	rt_check(gnt_wait_word(P, 2, B_READY), "b never said ready: %#lx", RD(P, 2));
	rt_l1e_maddr(X, &now);
	rt_check(now == x_pte, "my entry for %#lx changed: %#lx, was %#lx", X,
		 now, x_pte);
	rt_check(gt[8].flags == GTF_permit_access, "ref 8 (my L1) after b's "
		 "read-only map and unmap: flags %#x", gt[8].flags);
	rt_check(gt[9].flags == GTF_permit_access, "ref 9 (not my frame) after "
		 "b's refused maps: flags %#x", gt[9].flags);
	rt_check(gt[10].flags == (GTF_permit_access | GTF_reading | GTF_writing),
		 "ref 10 mapped by b: flags %#x", gt[10].flags);
	rt_check(gt[11].flags == (GTF_permit_access | GTF_readonly),
		 "ref 11 after b's 128 device maps and unmaps: flags %#x",
		 gt[11].flags);
	rt_check(gt[13].flags == (GTF_permit_access | GTF_reading | GTF_writing),
		 "ref 13, still pinned by b's stale handle: flags %#x", gt[13].flags);

	/* P is mapped writable by b: no page table, no swap of its ref. */
	rt_expect(rt_uvm(P, 0, UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p, 0), -XEN_EINVAL);
	{
		struct gnttab_swap_grant_ref sw = { .ref_a = 10, .ref_b = 12 };

		rt_expect(gnt_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
		rt_expect(sw.status, GNTST_eagain);
		rt_check(gt[10].frame == p && gt[12].flags == 0, "refused swap "
			 "moved entries: 10 frame %#x, 12 flags %#x", gt[10].frame,
			 gt[12].flags);
		rt_expect(rt_uvm(P, (p << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
		__atomic_store_n((uint64_t *)P + 3, A_DONE, __ATOMIC_RELEASE);
		rt_check(wait_unused(gt, 10), "b never unmapped ref 10: flags %#x",
			 gt[10].flags);
		rt_expect(gnt_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
		rt_expect(sw.status, GNTST_okay);
		rt_check(gt[12].frame == p && gt[12].flags == GTF_permit_access &&
			 gt[10].flags == 0, "swap: 12 frame %#x flags %#x, 10 flags "
			 "%#x", gt[12].frame, gt[12].flags, gt[10].flags);
	}
	/* Unmapped everywhere and zeroed, P may become a page table. */
	for (int i = 0; i < 512; i++)
		RD(P, i) = 0;
	rt_expect(rt_uvm(P, 0, UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, p, 0), 0);
	rt_printf("grant_foreign a: P pinned once b no longer mapped it\n");
}

/*
 * b maps ref 13 twice at one address: the second mapping replaces the
 * first one's entry (dropping its references, as Xen), so the first
 * handle's unmap removes the second's entry and the second handle has
 * no entry left to remove (GNTST_general_error, the pin stays until b
 * dies). The frame's counts must balance: no_leak() and a survived
 * hypervisor say so.
 */
static void b_same_va(unsigned long va)
{
	grant_handle_t h1, h2;

	rt_expect(gnt_map(dom_a, 13, GNTMAP_host_map, va, &h1), GNTST_okay);
	RD(va, 0) = 0x3131;
	rt_expect(gnt_map(dom_a, 13, GNTMAP_host_map, va, &h2), GNTST_okay);
	rt_check(h1 != h2 && RD(va, 0) == 0x3131, "handles %u %u, word %#lx",
		 h1, h2, RD(va, 0));
	rt_expect(gnt_unmap(h1, va), GNTST_okay);
	rt_expect(gnt_unmap(h2, va), GNTST_general_error);
	rt_expect(gnt_unmap(h2, va), GNTST_general_error);
	rt_expect(gnt_unmap(h1, va), GNTST_bad_handle);
}

/*
 * Pin counts are 8 bits per kind: 128 read-only device mappings of ref 11
 * fill one (Xen refuses any new pin of an entry with a count at 0x80),
 * one unmap makes room again.
 */
static void b_pin_overflow(unsigned long va)
{
	static uint64_t bus[PINS];
	struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map |
					  GNTMAP_readonly, .ref = 11 };
	struct gnttab_unmap_grant_ref u = { 0 };
	static grant_handle_t h[PINS];
	bool again = true;
	int ok = 0;

	m.dom = dom_a;
	for (int i = 0; i < PINS; i++) {
		rt_expect(gnt_op(GNTTABOP_map_grant_ref, &m, 1), 0);
		ok += m.status == GNTST_okay;
		h[i] = m.handle, bus[i] = m.dev_bus_addr;
	}
	rt_check(ok == PINS, "%d of %d device maps of one ref worked", ok, PINS);
	rt_expect(gnt_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	rt_expect(m.status, GNTST_general_error);
	rt_expect(gnt_map(dom_a, 11, GNTMAP_host_map | GNTMAP_readonly, va, NULL),
		  GNTST_general_error);
	for (int i = 0; i < PINS; i++) {
		u.handle = h[i], u.dev_bus_addr = bus[i];
		rt_expect(gnt_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
		rt_expect(u.status, GNTST_okay);
		if (again) {                      /* room for one again */
			rt_expect(gnt_op(GNTTABOP_map_grant_ref, &m, 1), 0);
			rt_expect(m.status, GNTST_okay);
			h[i--] = m.handle;
			again = false;
		}
	}
}

static void role_b(void)
{
	unsigned long M = rt_va_of(region - 2), L = rt_va_of(region - 3);
	grant_handle_t h, hl;
	uint64_t a_ma, a_pte;
	int16_t st = GNTST_general_error;
	int i;

	rt_expect(rt_uvm(L, 0, UVMF_INVLPG), 0);
	for (i = 0; i < LIMIT; i++) {
		if ((st = gnt_map(dom_a, 10, GNTMAP_host_map, M, &h)) == GNTST_okay)
			break;
		rt_yield();
	}
	rt_check(st == GNTST_okay, "map of a's ref 10: status %d", st);
	if (st != GNTST_okay)
		return;
	a_ma = RD(M, 0), a_pte = RD(M, 1);

	/* a's L1 table: never writable, readable as a's entries. */
	rt_expect(gnt_map(dom_a, 8, GNTMAP_host_map, L, NULL), GNTST_general_error);
	rt_expect(gnt_map(dom_a, 8, GNTMAP_host_map | GNTMAP_readonly, L, &hl),
		  GNTST_okay);
	rt_check(RD(L, (a_ma & 0xfff) / 8) == a_pte, "a's L1 entry reads %#lx, "
		 "a says %#lx", RD(L, (a_ma & 0xfff) / 8), a_pte);
	rt_expect(gnt_unmap(hl, L), GNTST_okay);
	rt_expect(gnt_copy(DOMID_SELF, rt_mfn(0), 0, dom_a, 8, 0, 8,
			   GNTCOPY_dest_gref), GNTST_general_error);

	/* A frame a does not own. */
	rt_expect(gnt_map(dom_a, 9, GNTMAP_host_map | GNTMAP_readonly, L, NULL),
		  GNTST_bad_page);
	rt_expect(gnt_map(dom_a, 9, GNTMAP_host_map, L, NULL), GNTST_bad_page);
	rt_expect(gnt_copy(dom_a, 9, 0, DOMID_SELF, rt_mfn(0), 0, 8,
			   GNTCOPY_source_gref), GNTST_bad_page);

	/* Into a's page table: its entry is not mine to write. */
	rt_expect(gnt_map(dom_a, 10, GNTMAP_host_map | GNTMAP_contains_pte, a_ma,
			  NULL), GNTST_general_error);
	rt_expect(gnt_map(dom_a, 11, GNTMAP_host_map | GNTMAP_readonly |
			  GNTMAP_contains_pte, a_ma, NULL), GNTST_general_error);
	rt_expect(gnt_unmap(h, a_ma), GNTST_general_error);   /* not my VA */
	b_same_va(L);
	b_pin_overflow(L);
	__atomic_store_n((uint64_t *)M + 2, B_READY, __ATOMIC_RELEASE);

	rt_check(gnt_wait_word(M, 3, A_DONE), "a never finished: %#lx", RD(M, 3));
	if (rt_cmdline_has("crash")) {  /* my death must release P */
		rt_printf("grant_foreign b: crashing with P mapped\n");
		rt_finish(SHUTDOWN_crash);
	}
	rt_expect(gnt_unmap(h, M), GNTST_okay);
	rt_expect(gnt_unmap(h, M), GNTST_bad_handle);
	rt_printf("grant_foreign b: done\n");
}

void test_main(void)
{
	long a = rt_cmdline_number("dom_a"), b = rt_cmdline_number("dom_b");
	bool is_a = rt_cmdline_is("role", "a"), is_b = rt_cmdline_is("role", "b");
	grant_entry_v1_t *gt;

	region = rt_region_pages();
	rt_check(a > 0 && b > 0 && (is_a || is_b), "need role=a|b dom_a=N dom_b=N,"
		 " command line \"%s\"", (char *)rt_start_info->cmd_line);
	rt_check(region > 8 && region + 2 < rt_start_info->nr_pages,
		 "need free frames and padding pages");
	if (a <= 0 || b <= 0 || !(is_a || is_b))
		return;
	dom_a = a, dom_b = b;
	gt = gnt_table_at(rt_va_of(region - 6), 1);
	if (!gt)
		return;
	if (is_a)
		role_a(gt);
	else
		role_b();
}
