/* Test kernel: long hypercalls (page-table multicalls, grant copies, trap tables, LDT loads, console floods) that must be preempted, and a victim that must keep running. */
#include "rt_mm.h"
#include <xen/event_channel.h>
#include <xen/grant_table.h>

#define MS      1000000UL
#define P       0x001UL
#define RW      0x002UL
#define PREEMPTED 0x80000000U     /* MMU_UPDATE_PREEMPTED */

#define K       32          /* L1 tables in the tree */
#define PAIRS   4           /* pin + unpin of the tree per mmuext_op batch */
#define ENTRIES 256         /* multicall entries, each such a batch */
#define PT_REQS 2048        /* mmu_update: unhook and rehook an L1, 32 times */
#define MP_REQS 20000       /* mmu_update: cheap M2P requests (> 4096) */
#define MC_LONG 300         /* a multicall longer than 256 entries */
#define FLOOD   (1UL << 20) /* bytes per CONSOLEIO_write */
#define GNT_OPS 6000        /* GNTTABOP_copy: one batch (> 4096) */
#define GNT_MC  64          /* multicall entries, each GNT_OPS copies */
#define TRAPS   70000       /* set_trap_table entries (the old cap: 65536) */
#define LDT_OPS 4096        /* MMUEXT_SET_LDT ops per batch */

static uint64_t page[512] __attribute__((aligned(4096)));
static struct mmuext_op ops[2 * PAIRS];
static multicall_entry_t mc[MC_LONG];
static unsigned int done[MC_LONG];
static struct mmu_update reqs[MP_REQS];
static char text[FLOOD];
static struct gnttab_copy cps[GNT_OPS];
static struct trap_info traps[TRAPS + 1];
static uint64_t ldt[8192] __attribute__((aligned(4096)));
static struct mmuext_op ldt_ops[LDT_OPS];
static uint64_t gsrc[512] __attribute__((aligned(4096)));
static uint64_t gdst[512] __attribute__((aligned(4096)));
static struct shared_info *si;
static domid_t victim;

/* SCHEDOP_poll with no port: sleep until now + ns. */
static void sleep_ns(uint64_t ns)
{
	struct sched_poll sp = {
		.timeout = rt_system_time(&si->vcpu_info[0].time) + ns };

	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

/* The victim is alive while its ports' status is -EPERM (-ESRCH after). */
static bool victim_alive(void)
{
	struct evtchn_status st = { .dom = victim, .port = 1 };

	return HYPERCALL2(__HYPERVISOR_event_channel_op, EVTCHNOP_status,
			  &st) != -XEN_ESRCH;
}

/*
 * role=victim: 300 sleeps of 2 ms. Each needs the CPU back from the
 * other domain, so it finishes in seconds only if the hypervisor keeps
 * scheduling it (and delivering its timers) while the other makes long
 * hypercalls on the same CPU; when those hold the CPU for seconds, it
 * takes longer than the harness waits.
 */
static void victim_main(void)
{
	for (int i = 0; i < 300; i++)
		sleep_ns(2 * MS);
	rt_printf("lock_hog victim: 300 sleeps done\n");
}

/* The tree: L4 -> L3 -> L2 -> K L1s, each entry mapping d read-only. */
struct tree {
	unsigned long d, l1[K], l2, l3, l4;      /* pfns */
};

static void build_tree(struct tree *t)
{
	unsigned long nr = rt_start_info->nr_pages, f = nr - 1;

	rt_check(rt_region_pages() + K + 8 < nr, "need %u free frames past the "
		 "region (%lu pages, region %lu)", K + 4, nr, rt_region_pages());
	t->d = f--;
	rt_fill_frame(t->d, "data", 4, 0, -1, 0);
	for (int i = 0; i < 512; i++)
		page[i] = (rt_mfn(t->d) << 12) | P;
	for (int j = 0; j < K; j++) {
		t->l1[j] = f--;
		rt_fill_frame(t->l1[j], page, sizeof(page), 0, -1, 0);
	}
	for (int i = 0; i < 512; i++)
		page[i] = i < K ? (rt_mfn(t->l1[i]) << 12) | P | RW : 0;
	t->l2 = f--;
	rt_fill_frame(t->l2, page, sizeof(page), 0, -1, 0);
	t->l3 = f--;
	rt_fill_frame(t->l3, NULL, 0, 0, 0, (rt_mfn(t->l2) << 12) | P | RW);
	t->l4 = f--;
	rt_fill_frame(t->l4, NULL, 0, 0, 0, (rt_mfn(t->l3) << 12) | P | RW);
}

/*
 * One 256-entry multicall, each entry an mmuext_op batch pinning and
 * unpinning the whole tree PAIRS times: every entry is preempted inside
 * and continued. Each result must be 0, each done count 2 * PAIRS (the
 * guest's old value is not added on a fresh call), and an entry that was
 * continued holds its last continuation: the rest of ops, count |
 * MMU_UPDATE_PREEMPTED. Returns how many entries were continued.
 */
/*
 * Entry k of a multicall whose entries were batches of n elements of size
 * bytes at base: result 0, done n (the guest's old value is not added on
 * a fresh call). An entry that was preempted inside holds the arguments
 * of its last continuation: the rest of the array, count | PREEMPTED.
 * Returns true if it was.
 */
static bool check_entry(int k, const void *base, unsigned long n, size_t size)
{
	unsigned long left = mc[k].args[1] & ~(unsigned long)PREEMPTED;

	rt_check(mc[k].result == 0 && done[k] == n, "multicall entry %d: "
		 "result %ld, done %u, expected 0 and %lu", k,
		 (long)mc[k].result, done[k], n);
	if (mc[k].args[1] == n && mc[k].args[0] == (unsigned long)base)
		return false;
	rt_check((mc[k].args[1] & PREEMPTED) && left < n &&
		 mc[k].args[0] == (unsigned long)base + (n - left) * size,
		 "multicall entry %d: continuation args %#lx %#lx (array at "
		 "%p)", k, mc[k].args[0], mc[k].args[1], base);
	return true;
}

/*
 * One 256-entry multicall, each entry an mmuext_op batch pinning and
 * unpinning the whole tree PAIRS times (far past the budget: each entry
 * is preempted inside and continued). Returns how many entries were.
 */
static unsigned int pin_round(const struct tree *t)
{
	unsigned int continued = 0;

	for (int p = 0; p < PAIRS; p++) {
		ops[2 * p] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L4_TABLE,
						 .arg1.mfn = rt_mfn(t->l4) };
		ops[2 * p + 1] = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE,
						     .arg1.mfn = rt_mfn(t->l4) };
	}
	for (int k = 0; k < ENTRIES; k++) {
		done[k] = 12345;
		mc[k] = (multicall_entry_t){ __HYPERVISOR_mmuext_op, 0xdead,
			{ (unsigned long)ops, 2 * PAIRS, (unsigned long)&done[k],
			  DOMID_SELF } };
	}
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, ENTRIES), 0);
	for (int k = 0; k < ENTRIES; k++)
		continued += check_entry(k, ops, 2 * PAIRS, sizeof(ops[0]));
	return continued;
}

/* A long mmu_update batch: unhook and rehook each L1 of the pinned L2. */
static void update_round(const struct tree *t)
{
	uint64_t l2 = rt_mfn(t->l2) << 12;
	unsigned int n = 0, d = 777;

	rt_expect(rt_mmuext(MMUEXT_PIN_L2_TABLE, rt_mfn(t->l2), 0), 0);
	while (n < PT_REQS) {
		for (int j = 0; j < K; j++) {
			reqs[n++] = (struct mmu_update){ l2 + j * 8, 0 };
			reqs[n++] = (struct mmu_update){
				l2 + j * 8, (rt_mfn(t->l1[j]) << 12) | P | RW };
		}
	}
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)reqs,
			       PT_REQS, (unsigned long)&d, DOMID_SELF, 0), 0);
	rt_expect(d, PT_REQS);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(t->l2), 0), 0);
}

/*
 * What no bound refuses any more (Xen accepts any count): MP_REQS cheap
 * requests in one mmu_update, preempted on its count alone; and a
 * multicall of MC_LONG entries of 64 of them each, preempted between
 * entries. Every result and done count must be right.
 */
static void long_batches(const struct tree *t)
{
	unsigned int d = 5;

	for (int i = 0; i < MP_REQS; i++)
		reqs[i] = (struct mmu_update){
			(rt_mfn(t->d) << 12) | MMU_MACHPHYS_UPDATE, t->d };
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)reqs,
			       MP_REQS, (unsigned long)&d, DOMID_SELF, 0), 0);
	rt_expect(d, MP_REQS);
	for (int k = 0; k < MC_LONG; k++) {
		done[k] = 99;
		mc[k] = (multicall_entry_t){ __HYPERVISOR_mmu_update, 0xdead,
			{ (unsigned long)reqs, 64, (unsigned long)&done[k],
			  DOMID_SELF } };
	}
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, MC_LONG), 0);
	for (int k = 0; k < MC_LONG; k++)
		check_entry(k, reqs, 64, sizeof(reqs[0]));
	rt_check(RT_M2P[rt_mfn(t->d)] == t->d, "M2P of d: %#lx",
		 RT_M2P[rt_mfn(t->d)]);
}

/* role=pt: page-table work until the victim is gone (one round at least). */
static void pt_main(void)
{
	struct tree t;
	unsigned int rounds = 0, continued = 0;

	build_tree(&t);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(t.l4), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(t.l4), 0), 0);
	long_batches(&t);
	do {
		continued += pin_round(&t);
		update_round(&t);
		rounds++;
	} while (victim_alive());
	rt_check(continued > 0, "no multicall entry was continued in %u rounds",
		 rounds);
	/* Nothing is left typed or pinned: the tree pins again. */
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(t.l4), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(t.l4), 0), 0);
	rt_printf("lock_hog pt: %u rounds, %u entries continued\n", rounds,
		  continued);
}

static long console_write(unsigned long count, const void *buf)
{
	return rt_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, count,
			    (unsigned long)buf, 0, 0);
}

/*
 * role=console: CONSOLEIO_write of FLOOD bytes of text lines, again and
 * again until the victim is gone; then a count of 4 GiB - 1 that runs
 * off the mapped region (-EFAULT, after continuations). The output is
 * rate-limited: wait for the bucket to refill before the result line.
 */
static void console_main(void)
{
	unsigned long region = rt_region_pages(), calls = 0;

	for (unsigned long i = 0; i < FLOOD; i++)
		text[i] = i % 64 == 63 ? '\n' : 'a' + (i / 64) % 26;
	rt_printf("lock_hog console: flooding\n");
	do {
		rt_expect(console_write(FLOOD, text), 0);
		calls++;
	} while (victim_alive());
	rt_expect(console_write(0xffffffffUL, (void *)(rt_va_of(region) -
						       65536)), -XEN_EFAULT);
	rt_printf("\n");        /* ends what the last call left unfinished */
	sleep_ns(5000 * MS);
	rt_printf("lock_hog console: %lu calls of %lu bytes\n", calls, FLOOD);
}

/* GNT_OPS copies of 8 bytes, own frame to own frame (by gmfn), word
 * k % 512 of gsrc to the same word of gdst; statuses start as junk. */
static void gnt_fill(uint64_t salt)
{
	unsigned long s = rt_mfn(((unsigned long)gsrc - RT_VIRT_BASE) >> 12);
	unsigned long d = rt_mfn(((unsigned long)gdst - RT_VIRT_BASE) >> 12);

	for (int k = 0; k < 512; k++)
		gsrc[k] = salt + k, gdst[k] = 0;
	for (int k = 0; k < GNT_OPS; k++) {
		cps[k] = (struct gnttab_copy){ .len = 8, .flags = 0 };
		cps[k].source.domid = DOMID_SELF;
		cps[k].source.u.gmfn = s;
		cps[k].source.offset = (k % 512) * 8;
		cps[k].dest.domid = DOMID_SELF;
		cps[k].dest.u.gmfn = d;
		cps[k].dest.offset = (k % 512) * 8;
		cps[k].status = 0x777;
	}
}

static void gnt_check(const char *what, uint64_t salt)
{
	int bad = 0;

	for (int k = 0; k < GNT_OPS; k++)
		bad += cps[k].status != GNTST_okay;
	rt_check(!bad, "%s: %d of %d copies without GNTST_okay (first %d)",
		 what, bad, GNT_OPS, cps[0].status);
	for (int k = 0; k < 512; k++)
		if (gdst[k] != salt + k) {
			rt_check(0, "%s: word %d is %#lx, expected %#lx", what, k,
				 gdst[k], salt + k);
			break;
		}
}

/*
 * role=gnt: one batch of GNT_OPS copies (more than the old bound of
 * 4096), then multicalls of GNT_MC such batches until the victim is
 * gone: every status and word right after the continuations, and each
 * continued entry written back with (cmd, uop advanced, count left).
 */
static void gnt_main(void)
{
	unsigned int rounds = 0, continued = 0;

	gnt_fill(0x1000);
	rt_expect(HYPERCALL3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, cps,
			     GNT_OPS), 0);
	gnt_check("one batch", 0x1000);
	do {
		uint64_t salt = 0x100000 * (rounds + 2);

		gnt_fill(salt);
		for (int k = 0; k < GNT_MC; k++)
			mc[k] = (multicall_entry_t){ __HYPERVISOR_grant_table_op,
				0xdead, { GNTTABOP_copy, (unsigned long)cps,
					  GNT_OPS } };
		rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, GNT_MC), 0);
		for (int k = 0; k < GNT_MC; k++) {
			rt_check(mc[k].result == 0, "entry %d: result %ld", k,
				 (long)mc[k].result);
			if (mc[k].args[2] != GNT_OPS) {
				unsigned long left = mc[k].args[2];

				rt_check(mc[k].args[0] == GNTTABOP_copy &&
					 left < GNT_OPS && mc[k].args[1] ==
					 (unsigned long)&cps[GNT_OPS - left],
					 "entry %d continued as (%lu, %#lx, %lu)", k,
					 mc[k].args[0], mc[k].args[1], left);
				continued++;
			}
		}
		gnt_check("multicall", salt);
		rounds++;
	} while (victim_alive());
	rt_check(continued > 0, "no multicall entry was continued in %u rounds",
		 rounds);
	rt_printf("lock_hog gnt: %u rounds, %u entries continued\n", rounds,
		  continued);
}

static void ud_handler(void)
{
	rt_fail("a #UD reached the test handler");
}

/*
 * role=traps: set_trap_table of TRAPS entries (more than the old cap),
 * then multicalls of 64 such calls until the victim is gone: 0 each, the
 * handler the last entry for #UD names in place; each continued entry
 * written back with its table pointer advanced.
 */
static void traps_main(void)
{
	unsigned int rounds = 0, continued = 0;

	for (int k = 0; k < TRAPS; k++)
		traps[k] = (struct trap_info){ 6, 0, 0xe033,
			k == TRAPS - 1 ? (unsigned long)ud_handler :
					 0xffffffff80000000UL + k };
	traps[TRAPS].address = 0;
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, traps, 0), 0);
	do {
		for (int k = 0; k < 64; k++)
			mc[k] = (multicall_entry_t){ __HYPERVISOR_set_trap_table,
				0xdead, { (unsigned long)traps } };
		rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, 64), 0);
		for (int k = 0; k < 64; k++) {
			rt_check(mc[k].result == 0, "entry %d: result %ld", k,
				 (long)mc[k].result);
			if (mc[k].args[0] != (unsigned long)traps) {
				rt_check(mc[k].args[0] > (unsigned long)traps &&
					 mc[k].args[0] <= (unsigned long)&traps[TRAPS] &&
					 (mc[k].args[0] - (unsigned long)traps) %
					 sizeof(traps[0]) == 0,
					 "entry %d continued at %#lx", k, mc[k].args[0]);
				continued++;
			}
		}
		rounds++;
	} while (victim_alive());
	rt_check(continued > 0, "no multicall entry was continued in %u rounds",
		 rounds);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, 0, 0), 0);
	rt_printf("lock_hog traps: %u rounds, %u entries continued\n", rounds,
		  continued);
}

/*
 * role=ldt: batches of MMUEXT_SET_LDT, each a full 16-page LDT that
 * differs from the one before (8192 and 8191 entries in turn, so none is
 * "unchanged"): each copies 64 KiB, which must be charged (one op is not
 * one unit): one batch of LDT_OPS, then multicalls of 8 batches of 256
 * until the victim is gone (some 300 us an op under TCG).
 */
static void ldt_main(void)
{
	unsigned int rounds = 0, continued = 0, d = 0;

	/* The LDT's frames read-only (zero descriptors are valid). */
	for (int p = 0; p < 16; p++) {
		unsigned long va = (unsigned long)ldt + p * 4096;
		uint64_t val;

		rt_l1e_maddr(va, &val);
		rt_expect(HYPERCALL3(__HYPERVISOR_update_va_mapping, va,
				     val & ~RW, UVMF_INVLPG | UVMF_LOCAL), 0);
	}
	for (int k = 0; k < LDT_OPS; k++) {
		ldt_ops[k] = (struct mmuext_op){ .cmd = MMUEXT_SET_LDT };
		ldt_ops[k].arg1.linear_addr = (unsigned long)ldt;
		ldt_ops[k].arg2.nr_ents = 8192 - (k & 1);
	}
	rt_expect(rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)ldt_ops,
			       LDT_OPS, (unsigned long)&d, DOMID_SELF, 0), 0);
	rt_expect(d, LDT_OPS);
	do {
		for (int k = 0; k < 8; k++) {
			done[k] = 99;
			mc[k] = (multicall_entry_t){ __HYPERVISOR_mmuext_op, 0xdead,
				{ (unsigned long)ldt_ops, 256,
				  (unsigned long)&done[k], DOMID_SELF } };
		}
		rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, 8), 0);
		for (int k = 0; k < 8; k++) {
			rt_check(mc[k].result == 0 && done[k] == 256,
				 "entry %d: result %ld, done %u", k,
				 (long)mc[k].result, done[k]);
			continued += mc[k].args[1] != 256;
		}
		rounds++;
	} while (victim_alive());
	rt_check(continued > 0, "no multicall entry was continued in %u rounds",
		 rounds);
	rt_expect(rt_mmuext(MMUEXT_SET_LDT, 0, 0), 0);
	rt_printf("lock_hog ldt: %u rounds, %u entries continued\n", rounds,
		  continued);
}

void test_main(void)
{
	si = rt_map_shared_info();
	victim = rt_cmdline_number("victim");
	if (rt_cmdline_is("role", "victim"))
		victim_main();
	else if (rt_cmdline_is("role", "pt"))
		pt_main();
	else if (rt_cmdline_is("role", "console"))
		console_main();
	else if (rt_cmdline_is("role", "gnt"))
		gnt_main();
	else if (rt_cmdline_is("role", "traps"))
		traps_main();
	else if (rt_cmdline_is("role", "ldt"))
		ldt_main();
	else
		rt_fail("role=victim|pt|console|gnt|traps|ldt expected");
}
