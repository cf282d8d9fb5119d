/* The fake machine of the page-type tests, and the hypervisor hooks on it. */
#include <string.h>
#include "page_type_fixture.h"

struct page_info ft[NFR];
uint64_t ram[NFR][512] __aligned(4096);
struct domain dom1, dom2;
unsigned int freed[NFR];
unsigned int retyped[NFR];
unsigned int foreign_dropped[4];
unsigned long foreign_dropped_gen;
long maps_out;

void *map_domain_page(mfn_t mfn)
{
	ck_assert_uint_lt(mfn, NFR);
	maps_out++;
	return ram[mfn];
}

void unmap_domain_page(const void *va)
{
	(void)va;
	maps_out--;
}

void page_free_hook(struct page_info *pg)
{
	freed[page_to_mfn(pg)]++;
	pg->owner = DOMID_INVALID;
	pg->type_info = 0;
}

void page_type_retyped(struct page_info *pg)
{
	retyped[page_to_mfn(pg)]++;
}

void page_table_foreign_dropped(struct domain *d, struct page_info *pg)
{
	foreign_dropped[d->domain_id & 3]++;
	foreign_dropped_gen = pg->count_info & PGC_count_mask;
}

void pv_install_hypervisor_l4_slots(uint64_t *l4)
{
	for (unsigned int i = ROOT_PAGETABLE_FIRST_XEN_SLOT;
	     i <= ROOT_PAGETABLE_LAST_XEN_SLOT; i++)
		l4[i] = XEN_MARK | i;
}

static void assign(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = &ft[mfn];

	pg->owner = d->domain_id;
	pg->count_info = PGC_allocated | 1;
	pg->type_info = 0;
	list_add_tail(&pg->list, &d->page_list);
	d->tot_pages++;
}

void domain_init(struct domain *d, domid_t id, mfn_t first, mfn_t end)
{
	memset(d, 0, sizeof(*d));
	d->domain_id = id;
	spin_lock_init(&d->page_lock);
	list_init(&d->page_list);
	for (mfn_t m = first; m < end; m++)
		assign(d, m);
}

void machine_reset(void)
{
	memset(ft, 0, sizeof(ft));
	memset(ram, 0, sizeof(ram));
	memset(freed, 0, sizeof(freed));
	memset(retyped, 0, sizeof(retyped));
	memset(foreign_dropped, 0, sizeof(foreign_dropped));
	maps_out = 0;
	frame_table = ft;
	frame_table_size = NFR;
	for (mfn_t m = 0; m < NFR; m++) {
		list_init(&ft[m].list);
		ft[m].owner = DOMID_INVALID;
	}
	for (mfn_t m = 0; m < 8; m++)
		share_xen_page_ro(&ft[m]);
	for (mfn_t m = 8; m < 16; m++) {
		ft[m].owner = DOMID_XEN;
		ft[m].count_info = PGC_allocated | 1;
	}
	domain_init(&dom1, 1, D1_FIRST, D2_FIRST);
	domain_init(&dom2, 2, D2_FIRST, FREE_FIRST);
}

void write_tree(void)
{
	ram[L4F][0] = pte(L3F, P | RW);
	ram[L3F][0] = pte(L2F, P | RW);
	ram[L2F][0] = pte(L1F, P | RW);
	ram[L1F][0] = pte(DATA, P | RW);
	ram[L1F][1] = pte(DATA2, P);
}

void build_tree(void)
{
	machine_reset();
	write_tree();
	ck_assert_int_eq(pin_table(&dom1, L4F, 4), 0);
}

/* Every count of domain 1's frames is back to the allocation reference. */
void assert_quiescent(void)
{
	for (mfn_t m = D1_FIRST; m < D2_FIRST; m++) {
		ck_assert_msg(gen(m) == 1, "frame %lu: general count %lu, expected 1",
			      m, gen(m));
		ck_assert_msg(tcnt(m) == 0, "frame %lu: type count %lu, expected 0",
			      m, tcnt(m));
		ck_assert_msg(ft[m].linear_pt_count == 0, "frame %lu: linear %d",
			      m, ft[m].linear_pt_count);
	}
	ck_assert_int_eq(maps_out, 0);
}
