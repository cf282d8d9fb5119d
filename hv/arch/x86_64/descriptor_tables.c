/* The PV guest's GDT and LDT (Xen's pv/descriptor-tables.c): set_gdt, update_descriptor, SET_LDT, per-CPU copies. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "lib.h"
#include "page_type.h"
#include "pte.h"
#include "spinlock.h"
#include "xmalloc.h"
#include "asm/desc.h"
#include "asm/descriptor.h"
#include "asm/pv.h"
#include "asm/percpu.h"
#include "asm/pv_mm.h"

/*
 * Copies, not mappings. Xen maps a vCPU's GDT frames into a per-vCPU
 * virtual area in front of its reserved page, and LDT pages lazily on #PF.
 * Our GDT is one 16-page array per physical CPU (cpu_info.gdt), so:
 *   - GDT: the guest's descriptors are copied below byte 0xe000 of the
 *     CPU's GDT when a vCPU is entered on a CPU whose copy is another
 *     vCPU's (gdt_copy[].owner); set_gdt reloads it at once and
 *     update_descriptor writes frame and copy.
 *   - LDT: SET_LDT types the frames and copies them into a per-vCPU
 *     hypervisor buffer; the LDT descriptor at LDT_SELECTOR points there
 *     and is loaded (lldt) on every entry.
 * The copies stay exact because a frame typed PGT_seg_desc_page can only
 * change through update_descriptor (no writable mapping may exist), and
 * its contents passed check_descriptor when it was typed.
 * Gap: a vCPU of the same domain running on another CPU sees an update to
 * a shared frame only when it is next switched in there (no IPI; the old
 * descriptor it keeps had passed check_descriptor). All of this is under
 * desc_lock (and the big lock, asm/smp.h).
 */
struct pv_desc_tables {
	mfn_t gdt_frames[FIRST_RESERVED_GDT_PAGE];
	unsigned int gdt_ents;
	unsigned long ldt_base;
	unsigned int ldt_ents;
	unsigned int ldt_nr_frames;
	mfn_t ldt_frames[MAX_LDT_FRAMES];
	uint64_t *ldt;             /* copy of ldt_frames, page after page */
};

static DEFINE_SPINLOCK(desc_lock);

static struct {
	const struct vcpu *owner;  /* whose descriptors the copy holds */
	unsigned int ents;         /* entries the copy may hold non-zero */
} gdt_copy[CONFIG_NR_CPUS];

/* v's state or NULL; desc_lock held. */
static struct pv_desc_tables *dt_of(const struct vcpu *v)
{
	return arch_of(v)->desc_tables;
}

/* v's state, created empty if needed; NULL if out of memory. */
static struct pv_desc_tables *dt_get(const struct vcpu *v)
{
	struct arch_vcpu *a = arch_of(v);
	struct pv_desc_tables *dt, *fresh = xzalloc_bytes(sizeof(*dt));

	spin_lock(&desc_lock);
	dt = a->desc_tables;
	if (!dt && fresh) {
		a->desc_tables = dt = fresh;
		fresh = NULL;
	}
	spin_unlock(&desc_lock);
	xfree(fresh);
	return dt;
}

/* Copy dt's GDT into gdt (a CPU's), zeroing what the old copy had. */
static void copy_gdt(uint64_t *gdt, const struct pv_desc_tables *dt,
		     unsigned int old_ents)
{
	unsigned int ents = dt ? dt->gdt_ents : 0;

	for (unsigned int f = 0; f * 512 < ents; f++) {
		const uint64_t *src = map_domain_page(dt->gdt_frames[f]);

		memcpy(gdt + f * 512, src, MIN(512U, ents - f * 512) * 8);
		unmap_domain_page(src);
	}
	if (old_ents > ents)
		memset(gdt + ents, 0, (old_ents - ents) * 8);
}

/* Write the LDT descriptor for dt into gdt and load it (or none). */
static void load_ldt(uint64_t *gdt, const struct pv_desc_tables *dt)
{
	uint64_t *e = gdt + LDT_SELECTOR / 8;
	uint64_t base, limit;

	if (!dt || !dt->ldt_ents) {
		asm volatile("lldt %w0" :: "r"(0));
		e[0] = e[1] = 0;
		return;
	}
	base = (uint64_t)dt->ldt;
	limit = dt->ldt_ents * LDT_ENTRY_SIZE - 1;
	e[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       ((uint64_t)(0x80 | SYS_DESC_ldt) << 40) |
	       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	e[1] = base >> 32;
	asm volatile("lldt %w0" :: "r"(LDT_SELECTOR) : "memory");
}

/* v's GDT changed: forget every CPU's copy of it, reload this CPU's. */
static void gdt_changed(struct vcpu *v, const struct pv_desc_tables *dt)
{
	struct cpu_info *c = this_cpu();

	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		if (gdt_copy[i].owner == v)
			gdt_copy[i].owner = NULL;
	if (c->current == v) {
		copy_gdt(c->gdt, dt, gdt_copy[c->cpu_id].ents);
		gdt_copy[c->cpu_id].owner = v;
		gdt_copy[c->cpu_id].ents = dt->gdt_ents;
	}
}

/* Take a general and a PGT_seg_desc_page reference on d's frame mfn. */
static int get_desc_frame(struct domain *d, mfn_t mfn)
{
	return get_page_and_type_from_mfn(mfn, d, PGT_seg_desc_page) ?
	       -EINVAL : 0;
}

static void put_frames(const mfn_t *frames, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		put_page_and_type(mfn_to_page(frames[i]));
}

/* Contract in asm/descriptor.h. Xen's pv_set_gdt(). */
int pv_set_gdt(struct vcpu *v, const mfn_t *frames, unsigned int entries)
{
	unsigned int nr = (entries + 511) / 512, i, old_nr;
	mfn_t old[FIRST_RESERVED_GDT_PAGE];
	struct pv_desc_tables *dt;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	dt = dt_get(v);
	if (!dt)
		return -ENOMEM;
	for (i = 0; i < nr; i++)
		if (get_desc_frame(v->domain, frames[i])) {
			put_frames(frames, i);
			return -EINVAL;
		}
	spin_lock(&desc_lock);
	old_nr = (dt->gdt_ents + 511) / 512;
	memcpy(old, dt->gdt_frames, sizeof(old));
	memcpy(dt->gdt_frames, frames, nr * sizeof(*frames));
	dt->gdt_ents = entries;
	gdt_changed(v, dt);
	spin_unlock(&desc_lock);
	put_frames(old, old_nr);
	return 0;
}

/* Frame mfn index idx now holds desc: refresh every copy of it in d. */
static void refresh_copies(struct domain *d, mfn_t mfn, unsigned int idx,
			   uint64_t desc)
{
	struct cpu_info *c = this_cpu();

	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		const struct vcpu *o = gdt_copy[i].owner;
		const struct pv_desc_tables *dt = o ? dt_of(o) : NULL;

		for (unsigned int f = 0; dt && f * 512 < dt->gdt_ents; f++) {
			if (dt->gdt_frames[f] != mfn ||
			    f * 512 + idx >= dt->gdt_ents)
				continue;
			if (i == c->cpu_id)
				c->gdt[f * 512 + idx] = desc;
			else
				gdt_copy[i].owner = NULL;   /* reload on entry */
		}
	}
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct pv_desc_tables *dt = d->vcpu[i] ? dt_of(d->vcpu[i]) : NULL;

		for (unsigned int f = 0; dt && f < dt->ldt_nr_frames; f++)
			if (dt->ldt_frames[f] == mfn)
				dt->ldt[f * 512 + idx] = desc;
	}
}

/* Contract in asm/descriptor.h. Xen's do_update_descriptor(). */
int pv_update_descriptor(struct vcpu *v, uint64_t maddr, uint64_t desc)
{
	mfn_t mfn = maddr >> PAGE_SHIFT;
	unsigned int idx = (maddr & (PAGE_SIZE - 1)) / 8;
	struct page_info *pg;
	unsigned long type;
	uint64_t *p;

	if ((maddr & 7) || !check_descriptor(&desc))
		return -EINVAL;
	pg = get_page_from_mfn(mfn, v->domain);
	if (!pg)
		return -EINVAL;
	/* A descriptor page stays one; anything else must be writable. */
	type = (__atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) &
		PGT_type_mask) == PGT_seg_desc_page ? PGT_seg_desc_page :
						      PGT_writable_page;
	if (get_page_type(pg, type)) {
		put_page(pg);
		return -EINVAL;
	}
	spin_lock(&desc_lock);
	p = map_domain_page(mfn);
	__atomic_store_n(&p[idx], desc, __ATOMIC_RELEASE);
	unmap_domain_page(p);
	if (type == PGT_seg_desc_page)
		refresh_copies(v->domain, mfn, idx, desc);
	spin_unlock(&desc_lock);
	put_page_and_type(pg);
	return 0;
}

/* The frame mapping guest address va in v's kernel tables, or 0. */
static mfn_t guest_frame(struct vcpu *v, unsigned long va)
{
	unsigned int idx;
	mfn_t l1 = pv_guest_l1_mfn(v, va, &idx);
	const uint64_t *t;
	uint64_t e;

	if (l1 == INVALID_MFN)
		return 0;
	t = map_domain_page(l1);
	e = __atomic_load_n(&t[idx], __ATOMIC_ACQUIRE);
	unmap_domain_page(t);
	return (e & _PAGE_PRESENT) ? pte_mfn(e) : 0;
}

/* Contract in asm/descriptor.h. Xen's MMUEXT_SET_LDT, eager. */
int pv_set_ldt(struct vcpu *v, unsigned long ptr, unsigned int ents)
{
	unsigned int nr, i, old_nr;
	bool same;
	mfn_t frames[MAX_LDT_FRAMES], old[MAX_LDT_FRAMES];
	struct pv_desc_tables *dt;
	uint64_t *copy = NULL, *old_copy;

	if (!ents)
		ptr = 0;
	if ((ptr & (PAGE_SIZE - 1)) || !pv_addr_ok(ptr) ||
	    ents > MAX_LDT_ENTRIES)
		return -EINVAL;
	nr = (ents * LDT_ENTRY_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
	spin_lock(&desc_lock);
	dt = dt_of(v);
	same = dt ? dt->ldt_base == ptr && dt->ldt_ents == ents : !ents;
	spin_unlock(&desc_lock);
	if (same)
		return 0;                    /* unchanged, as Xen */
	dt = dt_get(v);
	if (!dt)
		return -ENOMEM;
	if (ents) {
		copy = xzalloc_bytes(nr * PAGE_SIZE);
		if (!copy)
			return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		unsigned long va = ptr + i * PAGE_SIZE;
		const void *src;

		frames[i] = pv_addr_ok(va) ? guest_frame(v, va) : 0;
		if (!frames[i] || get_desc_frame(v->domain, frames[i])) {
			put_frames(frames, i);
			xfree(copy);
			return -EINVAL;
		}
		src = map_domain_page(frames[i]);
		memcpy(copy + i * 512, src, PAGE_SIZE);
		unmap_domain_page(src);
	}
	spin_lock(&desc_lock);
	old_nr = dt->ldt_nr_frames;
	memcpy(old, dt->ldt_frames, sizeof(old));
	old_copy = dt->ldt;
	memcpy(dt->ldt_frames, frames, nr * sizeof(*frames));
	dt->ldt_nr_frames = nr;
	dt->ldt_base = ptr;
	dt->ldt_ents = ents;
	dt->ldt = copy;
	if (this_cpu()->current == v)
		load_ldt(this_cpu()->gdt, dt);
	spin_unlock(&desc_lock);
	put_frames(old, old_nr);
	xfree(old_copy);
	return 0;
}

/* Contract in asm/descriptor.h. */
void pv_load_desc_tables(struct vcpu *v)
{
	struct cpu_info *c = this_cpu();
	const struct pv_desc_tables *dt;

	spin_lock(&desc_lock);
	dt = dt_of(v);
	if (gdt_copy[c->cpu_id].owner != v) {
		copy_gdt(c->gdt, dt, gdt_copy[c->cpu_id].ents);
		gdt_copy[c->cpu_id].owner = v;
		gdt_copy[c->cpu_id].ents = dt ? dt->gdt_ents : 0;
	}
	load_ldt(c->gdt, dt);
	spin_unlock(&desc_lock);
}

/* Contract in asm/descriptor.h. Xen's pv_destroy_gdt() + pv_destroy_ldt(). */
void pv_destroy_desc_tables(struct vcpu *v)
{
	struct pv_desc_tables *dt = NULL;

	spin_lock(&desc_lock);
	dt = arch_of(v)->desc_tables;
	arch_of(v)->desc_tables = NULL;
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		if (gdt_copy[i].owner == v)
			gdt_copy[i].owner = NULL;
	if (dt && dt->ldt)
		load_ldt(this_cpu()->gdt, NULL);   /* nothing may point at it */
	spin_unlock(&desc_lock);
	if (!dt)
		return;
	put_frames(dt->gdt_frames, (dt->gdt_ents + 511) / 512);
	put_frames(dt->ldt_frames, dt->ldt_nr_frames);
	xfree(dt->ldt);
	xfree(dt);
}
