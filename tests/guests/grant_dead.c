/* Test kernel trio: a grants pages to b and dies; b's mapping outlives it, c allocates meanwhile. */
#include "gnt_common.h"

/*
 * Command line: "role=a|b|c dom_a=N dom_b=N dom_c=N [how=crash]".
 * a grants b page P (ref 8, writable), page Q (ref 9), page R (ref 11,
 * read-only), and c page Q (ref 10, read-only, c's probe) and page S
 * (ref 12, c's "ready" box). b maps P, c tries what is not granted to
 * it; both say ready, and a dies (poweroff, or SCHEDOP_shutdown crash
 * with how=crash). b and c see a's death as copies from a's refs turn
 * into GNTST_bad_domain. Then c grows its grant table to the maximum
 * (the hypervisor allocates frames while b still maps a's P), checks its
 * new frames and tells b their MFNs through a page it granted b; b checks
 * that P still holds a's pattern, is none of c's frames, that a's refs
 * are refused, unmaps P (or with "keep" exits with P mapped) and acks c.
 */
#define PAT_P    0x6465616470000000UL    /* "deadp", + word index */
#define PAT_Q    0x6465616471000000UL
#define B_READY  0x625f7265616479UL      /* b wrote it through its mapping */
#define C_READY  0x635f7265616479UL      /* c copied it into a's S */
#define C_DONE   0x635f646f6e65UL        /* c's table grew: frames listed */
#define B_ACK    0x625f61636bUL          /* b is done with c's page */
#define LIMIT    2000000                 /* yields before a wait gives up */
#define GNTTAB_MAX_FRAMES_GUEST 32       /* query_size's max_nr_frames */
#define P2M_PAGES 8                      /* a's p2m: 16 MiB of frames */
#define RD(va, i) (((volatile uint64_t *)(va))[i])

extern volatile unsigned long trap_vector, trap_error_code, trap_count;
extern volatile unsigned long trap_resume;
void handle_gp(void), handle_pf(void);

static struct trap_info traps[] = {
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

static domid_t dom_a, dom_b, dom_c;
static unsigned long region;             /* pages the bootstrap maps */

/* Run one instruction (operands %0 memory, %1 register); resume after it. */
#define GUARDED(insn, mem, val) asm volatile( \
	"lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); " insn "; 2: " \
	"movq $0, trap_resume(%%rip)" : "+m"(mem) : "r"(val) : "rax", "memory")

/* Did reading the quadword at va fault? */
static bool read_faults(unsigned long va)
{
	unsigned long c = trap_count, v;

	GUARDED("mov %0, %%rax; mov %%rax, (%1)", *(volatile uint64_t *)va, &v);
	return trap_count != c;
}

/* Did writing val at va fault? */
static bool write_faults(unsigned long va, uint64_t val)
{
	unsigned long c = trap_count;

	GUARDED("mov %1, %0", *(volatile uint64_t *)va, val);
	return trap_count != c;
}

/* Free frame k (0: the last one) mapped writable at padding page k + 2. */
static unsigned long frame_va(unsigned int k, unsigned long *mfn)
{
	unsigned long va = rt_va_of(region - 2 - k);

	*mfn = rt_mfn(rt_start_info->nr_pages - 1 - k);
	rt_expect(rt_uvm(va, (*mfn << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	return va;
}

/*
 * Copy 8 bytes from dom's ref into my frame mfn at word 0 until the copy
 * fails (alive = false) or succeeds (alive = true); the last status.
 */
static int16_t probe_until(domid_t dom, grant_ref_t ref, unsigned long mfn,
			   bool alive)
{
	int16_t st = GNTST_general_error;

	for (int n = 0; n < LIMIT; n++) {
		st = gnt_copy(dom, ref, 0, DOMID_SELF, mfn, 0, 8,
			      GNTCOPY_source_gref);
		if ((st == GNTST_okay) == alive)
			break;
		rt_yield();
	}
	return st;
}

static void role_a(grant_entry_v1_t *gt)
{
	unsigned long p, q, r, s;
	unsigned long P = frame_va(0, &p), Q = frame_va(1, &q);
	unsigned long R = frame_va(2, &r), S = frame_va(3, &s);
	bool crash = rt_cmdline_is("how", "crash");

	for (int i = 0; i < 512; i++) {
		RD(P, i) = i < 511 ? PAT_P + i : 0;
		RD(Q, i) = PAT_Q + i;
		RD(R, i) = 0x72 + i;
		RD(S, i) = 0;
	}
	rt_check(rt_start_info->nr_pages == P2M_PAGES * 512, "need mem=16: "
		 "%lu pages", rt_start_info->nr_pages);
	/* My p2m, read-only to b (refs 16...): which frames were mine. */
	for (unsigned int k = 0; k < P2M_PAGES; k++)
		gnt_grant(gt, 16 + k, dom_b, rt_mfn(((rt_start_info->mfn_list -
			  RT_VIRT_BASE) >> 12) + k), GTF_permit_access | GTF_readonly);
	gnt_grant(gt, 8, dom_b, p, GTF_permit_access);
	gnt_grant(gt, 9, dom_b, q, GTF_permit_access);
	gnt_grant(gt, 10, dom_c, q, GTF_permit_access | GTF_readonly);
	gnt_grant(gt, 11, dom_b, r, GTF_permit_access | GTF_readonly);
	gnt_grant(gt, 12, dom_c, s, GTF_permit_access);
	rt_printf("grant_dead a: P is mfn %#lx, granted to %u as ref 8\n", p, dom_b);
	rt_check(gnt_wait_word(P, 511, B_READY), "b never wrote through its mapping: "
		 "word 511 of P is %#lx", RD(P, 511));
	rt_check(gnt_wait_word(S, 0, C_READY), "c never said ready: %#lx", RD(S, 0));
	rt_check(gt[8].flags == (GTF_permit_access | GTF_reading | GTF_writing),
		 "ref 8 mapped writable by b: flags %#x", gt[8].flags);
	rt_check(gt[9].flags == GTF_permit_access, "ref 9 after c's refused "
		 "map and b's copies: flags %#x", gt[9].flags);
	rt_check(gt[11].flags == (GTF_permit_access | GTF_readonly),
		 "ref 11 after b's read-only use: flags %#x", gt[11].flags);
	rt_check(RD(R, 0) == 0x72, "read-only R changed: %#lx", RD(R, 0));
	rt_printf("grant_dead a: dying by %s with ref 8 mapped\n",
		  crash ? "crash" : "poweroff");
	if (crash)
		rt_finish(SHUTDOWN_crash);
}

/* a's p2m, copied from its refs 16... while it lived. */
static unsigned long a_p2m[P2M_PAGES * 512] __attribute__((aligned(4096)));

/* How many of the n frames fr[] were a's (other than its frame p). */
static int were_a_frames(const volatile uint64_t *fr, int n, unsigned long p)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		for (unsigned int j = 0; j < P2M_PAGES * 512; j++)
			if (a_p2m[j] == fr[i] && fr[i] != p) {
				k++;
				break;
			}
	return k;
}

/* b, while a lives: refusals around the read-only ref 11. */
static void b_readonly(unsigned long va)
{
	grant_handle_t h;

	rt_expect(gnt_map(dom_a, 11, GNTMAP_host_map, va, &h), GNTST_general_error);
	rt_expect(gnt_map(dom_a, 11, GNTMAP_host_map | GNTMAP_readonly, va, &h),
		  GNTST_okay);
	rt_check(RD(va, 0) == 0x72, "read-only mapping reads %#lx", RD(va, 0));
	rt_check(write_faults(va, 1), "a write through a read-only grant did "
		 "not fault");
	rt_check(trap_vector == 14 && (trap_error_code & 3) == 3,
		 "write fault: vector %lu error code %#lx", trap_vector,
		 trap_error_code);
	rt_expect(gnt_unmap(h, va), GNTST_okay);
	rt_expect(gnt_copy(DOMID_SELF, rt_mfn(0), 0, dom_a, 11, 0, 8,
			   GNTCOPY_dest_gref), GNTST_general_error);
}

static void role_b(void)
{
	unsigned long t, T = frame_va(0, &t);
	unsigned long M1 = rt_va_of(region - 8), M2 = rt_va_of(region - 9);
	struct gnttab_map_grant_ref m = { .host_addr = M1,
					  .flags = GNTMAP_host_map, .ref = 8 };
	int16_t st = GNTST_general_error;
	unsigned long mfn;
	int bad = 0, i, reused = 0;

	m.dom = dom_a;
	for (i = 0; i < LIMIT; i++) {
		rt_expect(gnt_op(GNTTABOP_map_grant_ref, &m, 1), 0);
		if ((st = m.status) == GNTST_okay)
			break;
		rt_yield();
	}
	rt_check(st == GNTST_okay, "map of a's ref 8: status %d", st);
	if (st != GNTST_okay)
		return;
	mfn = m.dev_bus_addr >> 12;
	for (unsigned int k = 0; k < P2M_PAGES; k++)
		rt_expect(gnt_copy(dom_a, 16 + k, 0, DOMID_SELF,
				   rt_mfn(((unsigned long)a_p2m - RT_VIRT_BASE) / 4096 +
					  k), 0, 4096, GNTCOPY_source_gref), GNTST_okay);
	rt_check(a_p2m[P2M_PAGES * 512 - 1] == mfn, "a's p2m: last entry %#lx, "
		 "P is %#lx", a_p2m[P2M_PAGES * 512 - 1], mfn);
	for (i = 0; i < 511; i++)
		bad += RD(M1, i) != PAT_P + i;
	rt_check(!bad, "%d words of P differ (word 0 %#lx)", bad, RD(M1, 0));
	b_readonly(M2);
	rt_expect(probe_until(dom_a, 9, t, true), GNTST_okay);
	rt_check(RD(T, 0) == PAT_Q, "copied from a's ref 9: %#lx", RD(T, 0));
	__atomic_store_n((uint64_t *)M1 + 511, B_READY, __ATOMIC_RELEASE);

	/* a dies: its grants turn into GNTST_bad_domain, for maps too. */
	rt_expect(probe_until(dom_a, 9, t, false), GNTST_bad_domain);
	rt_printf("grant_dead b: a is gone; P (mfn %#lx) still mapped\n", mfn);
	rt_expect(gnt_map(dom_a, 8, GNTMAP_host_map, M2, NULL), GNTST_bad_domain);
	rt_expect(gnt_map(dom_a, 9, GNTMAP_host_map | GNTMAP_readonly, M2, NULL),
		  GNTST_bad_domain);
	rt_expect(gnt_copy(dom_a, 8, 0, DOMID_SELF, t, 0, 8, GNTCOPY_source_gref),
		  GNTST_bad_domain);
	rt_expect(gnt_copy(DOMID_SELF, t, 0, dom_a, 8, 0, 8, GNTCOPY_dest_gref),
		  GNTST_bad_domain);
	rt_check(read_faults(M2), "M2 reads after the refused maps");

	/* c grows its table meanwhile; then lists its frames in its ref 8. */
	for (i = 0; i < LIMIT; i++) {
		st = gnt_copy(dom_c, 8, 0, DOMID_SELF, t, 0, 34 * 8,
			      GNTCOPY_source_gref);
		if (st == GNTST_okay && RD(T, 0) == C_DONE)
			break;
		rt_yield();
	}
	rt_check(st == GNTST_okay && RD(T, 0) == C_DONE, "no frame list from "
		 "c: status %d, word 0 %#lx", st, RD(T, 0));
	rt_check(RD(T, 33) == GNTTAB_MAX_FRAMES_GUEST, "c lists %lu frames",
		 RD(T, 33));
	for (i = 1; i <= 32 && i <= (int)RD(T, 33); i++)
		rt_check(RD(T, i) != mfn, "c's grant frame %d is b's mapped "
			 "frame %#lx of the dead a", i - 1, mfn);
	reused = were_a_frames((volatile uint64_t *)T + 1, RD(T, 33) > 32 ? 32 :
			       (int)RD(T, 33), mfn);
	rt_printf("grant_dead b: %d of c's grant frames were a's\n", reused);
	bad = 0;
	for (i = 0; i < 511; i++)
		bad += RD(M1, i) != PAT_P + i;
	rt_check(!bad && RD(M1, 511) == B_READY, "after a died and c allocated, "
		 "%d words of P differ (word 0 %#lx, 511 %#lx)", bad, RD(M1, 0),
		 RD(M1, 511));
	RD(T, 0) = B_ACK;
	rt_expect(gnt_copy(DOMID_SELF, t, 0, dom_c, 8, 40 * 8, 8,
			   GNTCOPY_dest_gref), GNTST_okay);

	if (rt_cmdline_has("keep")) {   /* my teardown must free P */
		rt_printf("grant_dead b: exiting with the dead domain's frame "
			  "mapped\n");
		return;
	}
	rt_expect(gnt_unmap(m.handle, M1), GNTST_okay);
	rt_expect(gnt_unmap(m.handle, M1), GNTST_bad_handle);
	rt_check(read_faults(M1), "P still reads after the unmap");
	rt_printf("grant_dead b: unmapped the dead domain's frame\n");
}

/* c, while a lives: nothing of a's granted to b is c's to use. */
static void c_refused(unsigned long scratch, unsigned long own_mfn)
{
	struct gnttab_setup_table st = { .nr_frames = 1 };
	struct gnttab_query_size qs = { .dom = dom_a };
	xen_pfn_t fr[1];

	rt_expect(rt_uvm(scratch, 0, UVMF_INVLPG), 0);
	rt_expect(gnt_map(dom_a, 8, GNTMAP_host_map, scratch, NULL),
		  GNTST_general_error);
	rt_expect(gnt_map(dom_a, 9, GNTMAP_host_map | GNTMAP_readonly, scratch,
			  NULL), GNTST_general_error);
	rt_expect(gnt_map(dom_a, 10, GNTMAP_host_map, scratch, NULL),
		  GNTST_general_error);       /* mine, but read-only */
	rt_expect(gnt_copy(dom_a, 8, 0, DOMID_SELF, own_mfn, 0, 8,
			   GNTCOPY_source_gref), GNTST_general_error);
	rt_expect(gnt_copy(DOMID_SELF, own_mfn, 0, dom_a, 9, 0, 8,
			   GNTCOPY_dest_gref), GNTST_general_error);
	rt_expect(gnt_unmap(0, scratch), GNTST_bad_handle);   /* b's, not mine */
	st.dom = dom_a;
	st.frame_list.p = fr;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_permission_denied);
	rt_expect(gnt_op(GNTTABOP_query_size, &qs, 1), 0);
	rt_expect(qs.status, GNTST_permission_denied);
	rt_check(read_faults(scratch), "scratch reads after refused maps");
}

static void role_c(grant_entry_v1_t *gt)
{
	unsigned long s, S = frame_va(0, &s), t, T = frame_va(1, &t);
	unsigned long V = rt_va_of(region - 8);
	struct gnttab_setup_table st = { .dom = DOMID_SELF,
					 .nr_frames = GNTTAB_MAX_FRAMES_GUEST };
	xen_pfn_t frames[GNTTAB_MAX_FRAMES_GUEST];
	int bad = 0;

	for (int i = 0; i < 512; i++)
		RD(S, i) = 0;
	gnt_grant(gt, 8, dom_b, s, GTF_permit_access);
	rt_expect(probe_until(dom_a, 10, t, true), GNTST_okay);
	rt_check(RD(T, 0) == PAT_Q, "copied from a's ref 10: %#lx", RD(T, 0));
	c_refused(V, t);
	RD(T, 0) = C_READY;
	rt_expect(gnt_copy(DOMID_SELF, t, 0, dom_a, 12, 0, 8, GNTCOPY_dest_gref),
		  GNTST_okay);

	rt_expect(probe_until(dom_a, 10, t, false), GNTST_bad_domain);
	/* a's frames went back to the heap: grow into them, all zero. */
	st.frame_list.p = frames;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_okay);
	if (st.status != GNTST_okay)
		return;
	rt_check(gt[8].domid == dom_b && gt[8].frame == s, "frame 0 lost entry 8: "
		 "domid %u frame %#x", gt[8].domid, gt[8].frame);
	for (unsigned int f = 1; f < GNTTAB_MAX_FRAMES_GUEST; f++) {
		rt_expect(rt_uvm(V, (frames[f] << 12) | GNT_P | GNT_RW,
				 UVMF_INVLPG), 0);
		for (int i = 0; i < 512; i++)
			bad += RD(V, i) != 0;
	}
	rt_check(!bad, "%d nonzero words in my %d new grant frames", bad,
		 GNTTAB_MAX_FRAMES_GUEST - 1);
	rt_expect(rt_uvm(V, 0, UVMF_INVLPG), 0);
	for (int i = 0; i < GNTTAB_MAX_FRAMES_GUEST; i++)
		RD(S, 1 + i) = frames[i];
	RD(S, 33) = GNTTAB_MAX_FRAMES_GUEST;
	__atomic_store_n((uint64_t *)S, C_DONE, __ATOMIC_RELEASE);
	rt_check(gnt_wait_word(S, 40, B_ACK), "no ack from b: %#lx", RD(S, 40));
	rt_printf("grant_dead c: grew to %d frames after a died\n",
		  GNTTAB_MAX_FRAMES_GUEST);
}

void test_main(void)
{
	long a = rt_cmdline_number("dom_a"), b = rt_cmdline_number("dom_b");
	long c = rt_cmdline_number("dom_c");
	char role = rt_cmdline_is("role", "a") ? 'a' : rt_cmdline_is("role", "b") ?
		    'b' : rt_cmdline_is("role", "c") ? 'c' : 0;
	grant_entry_v1_t *gt;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, traps, 0), 0);
	region = rt_region_pages();
	rt_check(a > 0 && b > 0 && c > 0 && role, "need role=a|b|c dom_a=N "
		 "dom_b=N dom_c=N, command line \"%s\"",
		 (char *)rt_start_info->cmd_line);
	rt_check(region > 12 && region + 4 < rt_start_info->nr_pages,
		 "need free frames and padding pages");
	if (a <= 0 || b <= 0 || c <= 0 || !role)
		return;
	dom_a = a, dom_b = b, dom_c = c;
	gt = gnt_table_at(rt_va_of(region - 10), 1);
	if (!gt)
		return;
	if (role == 'a')
		role_a(gt);
	else if (role == 'b')
		role_b();
	else
		role_c(gt);
}
