/* Unit tests: the page-type core driven by random operations, checked
 * against a reference model after every step. */
#include <stdio.h>
#include <string.h>
#include "page_type_fixture.h"

/* ---- random operation sequences against a reference model ---- */

#define POOL1 48                     /* dom1 frames used: D1_FIRST.. */
#define POOL2 16                     /* dom2 frames used: D2_FIRST.. */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned int rndn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static mfn_t pool_frame(struct domain *d)
{
	return d == &dom1 ? D1_FIRST + rndn(POOL1) : D2_FIRST + rndn(POOL2);
}

/* A random entry: mostly the domain's own frames with ordinary flags. */
static uint64_t random_entry(struct domain *d)
{
	unsigned int r = rndn(100);
	mfn_t target;
	uint64_t f = P;

	if (r < 8)
		return 0;
	if (r < 12)
		target = rndn(16);                       /* Xen's */
	else if (r < 15)
		target = pool_frame(d == &dom1 ? &dom2 : &dom1);
	else if (r < 16)
		target = NFR + rndn(4);                  /* MMIO */
	else
		target = pool_frame(d);
	if (rndn(2))
		f |= RW;
	if (rndn(2))
		f |= US;
	if (rndn(4) == 0)
		f |= _PAGE_ACCESSED | _PAGE_DIRTY;
	if (rndn(8) == 0)
		f |= _PAGE_NX;
	if (rndn(40) == 0)
		f |= _PAGE_PSE;
	if (rndn(40) == 0)
		f |= _PAGE_PCD;
	if (rndn(40) == 0)
		f |= _PAGE_GLOBAL;
	return pte(target, f);
}

static unsigned int random_index(void)
{
	static const unsigned int idx[] = { 0, 1, 2, 3, 4, 5, 256, 271, 511 };

	return idx[rndn(ARRAY_SIZE(idx))];
}

static unsigned long exp_gen[NFR], exp_type[NFR];
static long exp_linear[NFR];
static bool writable_mapped[NFR];

/* Fails the test with where and what: seed, step and the numbers. */
#define MODEL_CHECK(cond, seed, step, ...) do { if (!(cond)) { \
	char _m[256]; snprintf(_m, sizeof(_m), __VA_ARGS__); \
	ck_abort_msg("seed %u step %u: %s", seed, step, _m); } } while (0)

static bool table_in_use(mfn_t m)
{
	unsigned long t = ttype(m);

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table && validated(m);
}

/*
 * Recompute every reference from scratch: allocations, pins and the
 * entries of every validated table. Then compare with the frame table
 * and check the safety property.
 */
static void model_check(unsigned int seed, unsigned int step)
{
	memset(exp_gen, 0, sizeof(exp_gen));
	memset(exp_type, 0, sizeof(exp_type));
	memset(exp_linear, 0, sizeof(exp_linear));
	memset(writable_mapped, 0, sizeof(writable_mapped));
	for (mfn_t m = 0; m < NFR; m++) {
		if (ft[m].count_info & PGC_allocated)
			exp_gen[m]++;
		if (ft[m].count_info & PGC_xen_shared)
			exp_type[m]++;
		if (ft[m].type_info & PGT_pinned) {
			exp_gen[m]++;
			exp_type[m]++;
		}
	}
	for (mfn_t m = 0; m < NFR; m++) {
		unsigned int level;

		if (!table_in_use(m))
			continue;
		MODEL_CHECK(tcnt(m) > 0, seed, step, "validated table %lu has type count 0", m);
		level = (unsigned int)(ttype(m) >> PGT_type_shift);
		for (unsigned int i = 0; i < 512; i++) {
			uint64_t e = ram[m][i];
			mfn_t t = pte_mfn(e);

			if (level == 4 && !is_guest_l4_slot(i)) {
				MODEL_CHECK(e == (XEN_MARK | i), seed, step,
					    "L4 %lu slot %u is %#lx, not the hypervisor's", m, i,
					    (unsigned long)e);
				continue;
			}
			if (!(e & P))
				continue;
			MODEL_CHECK(e & US, seed, step, "L%u %lu[%u] lacks _PAGE_USER", level, m, i);
			MODEL_CHECK(t < NFR, seed, step, "L%u %lu[%u] maps MMIO %lu", level, m, i, t);
			MODEL_CHECK(ft[t].owner == ft[m].owner ||
				    (level == 1 && !(e & RW) && (ft[t].count_info & PGC_xen_shared)),
				    seed, step, "L%u %lu[%u] maps frame %lu of owner %u", level, m, i,
				    t, ft[t].owner);
			if (level == 1) {
				exp_gen[t]++;
				if (e & RW) {
					exp_type[t]++;
					writable_mapped[t] = true;
				}
				continue;
			}
			if (t == m || ttype(t) == ttype(m))
				MODEL_CHECK(!(e & RW), seed, step, "L%u %lu[%u] is a writable "
					    "linear entry", level, m, i);
			if (t == m)
				continue;
			exp_gen[t]++;
			exp_type[t]++;
			if (ttype(t) == ttype(m)) {
				exp_linear[m]++;
				exp_linear[t]--;
			} else {
				MODEL_CHECK(ttype(t) >> PGT_type_shift == level - 1, seed, step,
					    "L%u %lu[%u] maps frame %lu of type %lu", level, m, i, t,
					    ttype(t) >> PGT_type_shift);
			}
		}
	}
	for (mfn_t m = 0; m < NFR; m++) {
		MODEL_CHECK(!(writable_mapped[m] && table_in_use(m)), seed, step,
			    "frame %lu is writably mapped and a validated page table", m);
		MODEL_CHECK(!writable_mapped[m] || ttype(m) == PGT_writable_page, seed, step,
			    "frame %lu writably mapped with type %lu", m, ttype(m) >> PGT_type_shift);
		MODEL_CHECK(gen(m) == exp_gen[m], seed, step,
			    "frame %lu: expected general count %lu, saw %lu", m, exp_gen[m], gen(m));
		MODEL_CHECK(tcnt(m) == exp_type[m], seed, step,
			    "frame %lu: expected type count %lu, saw %lu", m, exp_type[m], tcnt(m));
		MODEL_CHECK(ft[m].linear_pt_count == exp_linear[m], seed, step,
			    "frame %lu: expected linear count %ld, saw %d", m, exp_linear[m],
			    ft[m].linear_pt_count);
	}
	MODEL_CHECK(maps_out == 0, seed, step, "%ld mappings left", maps_out);
}

static void random_step(void)
{
	struct domain *d = rndn(4) ? &dom1 : &dom2;
	mfn_t m = pool_frame(d);
	unsigned int level = 1 + rndn(4);
	unsigned int r = rndn(100);

	if (table_in_use(m) && rndn(8))
		level = (unsigned int)(ttype(m) >> PGT_type_shift);
	if (r < 30) {
		/* The guest writes a frame that is no table in use. */
		if (!table_in_use(m))
			ram[m][random_index()] = random_entry(d);
	} else if (r < 45) {
		pin_table(d, m, level);
	} else if (r < 55) {
		unpin_table(d, m);
	} else {
		int (*const mod[])(struct domain *, mfn_t, unsigned int, uint64_t, bool) = {
			mod_l1_entry, mod_l2_entry, mod_l3_entry, mod_l4_entry,
		};

		mod[level - 1](d, m, random_index(), random_entry(d), rndn(2));
	}
}

static void destroy_and_check(struct domain *d, mfn_t first, mfn_t end,
			      unsigned int seed, unsigned int step)
{
	unsigned long held = domain_relinquish_pages(d);

	MODEL_CHECK(held == 0 && d->tot_pages == 0, seed, step,
		    "domain %u: %lu frames held, tot_pages %lu after destruction",
		    d->domain_id, held, d->tot_pages);
	for (mfn_t m = first; m < end; m++)
		MODEL_CHECK(freed[m] == 1 && ft[m].count_info == 0 && tcnt(m) == 0 &&
			    ft[m].linear_pt_count == 0, seed, step,
			    "frame %lu after destruction: freed %u times, count_info %#lx, "
			    "type_info %#lx", m, freed[m], ft[m].count_info, ft[m].type_info);
}

static void random_run(unsigned int seed, unsigned int steps)
{
	machine_reset();
	rng_state = 0x9e3779b97f4a7c15ULL * (seed + 1);
	for (unsigned int step = 1; step <= steps; step++) {
		random_step();
		model_check(seed, step);
		if (step % 1500 == 0) {
			/* Destroy domain 1 and start it again on fresh frames. */
			destroy_and_check(&dom1, D1_FIRST, D2_FIRST, seed, step);
			memset(freed, 0, sizeof(freed));
			memset(ram[D1_FIRST], 0, (D2_FIRST - D1_FIRST) * PAGE_SIZE);
			domain_init(&dom1, 1, D1_FIRST, D2_FIRST);
			model_check(seed, step);
		}
	}
	destroy_and_check(&dom1, D1_FIRST, D2_FIRST, seed, steps);
	destroy_and_check(&dom2, D2_FIRST, FREE_FIRST, seed, steps);
	for (mfn_t m = 0; m < 16; m++)
		MODEL_CHECK(gen(m) == 1, seed, steps, "Xen frame %lu: general count %lu",
			    m, gen(m));
}

START_TEST(random_sequences)
{
	random_run((unsigned int)_i + 1, 6000);
}
END_TEST

Suite *page_type_random_suite(void)
{
	Suite *s = suite_create("page_type_random");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, random_sequences, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
