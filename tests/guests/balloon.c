/* Test kernel: XENMEM_decrease/increase_reservation and populate_physmap (a balloon driver's calls), hostile ones too. */
#include "rt_mm.h"
#include <xen/errno.h>
#include <xen/memory.h>

#define INVALID_M2P (~0UL)
#define BIG 4000

static unsigned long list[64], big[BIG];

static long memop(unsigned long cmd, void *arg)
{
	return rt_hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg,
			    0, 0, 0);
}

static long reservation(void)
{
	domid_t self = DOMID_SELF;

	return memop(XENMEM_current_reservation, &self);
}

/* op on nr extents of order at list l for domid: the extents done. */
static long resv(unsigned int op, unsigned long *l, unsigned long nr,
		 unsigned int order, unsigned int flags, domid_t domid)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr, .extent_order = order, .mem_flags = flags,
		.domid = domid,
	};

	set_xen_guest_handle(r.extent_start, l);
	return memop(op, &r);
}

static long rt_mmu_machphys(unsigned long mfn, unsigned long pfn)
{
	struct mmu_update u = { (mfn << 12) | MMU_MACHPHYS_UPDATE, pfn };

	return rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			    DOMID_SELF, 0);
}

/* Map machine frame mfn at the scratch page, write then read it back. */
static void use_frame(unsigned long mfn, unsigned long tag)
{
	unsigned long S = rt_va_of(rt_region_pages() - 1);
	volatile unsigned long *p = (volatile unsigned long *)S;
	uint64_t old;

	rt_l1e_maddr(S, &old);
	rt_expect(rt_uvm(S, (mfn << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		rt_check(p[i] == 0, "frame %#lx not zeroed at %d", mfn, i);
	for (int i = 0; i < 512; i++)
		p[i] = tag ^ i;
	for (int i = 0; i < 512; i++)
		rt_check(p[i] == (tag ^ i), "frame %#lx lost a write", mfn);
	rt_expect(rt_uvm(S, old, UVMF_INVLPG | UVMF_LOCAL), 0);
}

/* Give back the 64 unmapped frames at the top, check, populate them back. */
static void round_trip(unsigned long *p2m, unsigned long nr)
{
	long cur = reservation();

	for (int i = 0; i < 64; i++)
		list[i] = p2m[nr - 64 + i];
	rt_expect(resv(XENMEM_decrease_reservation, list, 64, 0, 0, DOMID_SELF), 64);
	rt_expect(reservation(), cur - 64);
	for (int i = 0; i < 64; i++)
		rt_check(RT_M2P[list[i]] == INVALID_M2P, "M2P of %#lx kept", list[i]);
	/* Gone: a second time stops at the first (not ours any more). */
	rt_expect(resv(XENMEM_decrease_reservation, list, 64, 0, 0, DOMID_SELF), 0);
	rt_expect(reservation(), cur - 64);

	for (int i = 0; i < 64; i++)
		list[i] = nr - 64 + i;             /* gpfns in, mfns out */
	rt_expect(resv(XENMEM_populate_physmap, list, 32, 0, 0, DOMID_SELF), 32);
	rt_expect(reservation(), cur - 32);
	for (int i = 0; i < 32; i++) {
		rt_check(RT_M2P[list[i]] == nr - 64 + (unsigned long)i,
			 "M2P of new %#lx is %#lx", list[i], RT_M2P[list[i]]);
		p2m[nr - 64 + i] = list[i];
		use_frame(list[i], 0x5a5a0000UL + (unsigned long)i);
	}
	rt_expect(resv(XENMEM_increase_reservation, list + 32, 32, 0, 0,
		       DOMID_SELF), 32);
	rt_expect(reservation(), cur);
	for (int i = 32; i < 64; i++) {
		rt_check(RT_M2P[list[i]] == INVALID_M2P, "M2P of increased set");
		p2m[nr - 64 + i] = list[i];
		rt_expect(rt_mmu_machphys(list[i], nr - 64 + (unsigned long)i), 0);
		use_frame(list[i], 0xa5a50000UL + (unsigned long)i);
	}
	/* At max_pages: nothing more. */
	rt_expect(resv(XENMEM_increase_reservation, list, 1, 0, 0, DOMID_SELF), 0);
	rt_expect(resv(XENMEM_populate_physmap, list, 1, 0, 0, DOMID_SELF), 0);
	rt_expect(reservation(), cur);
	rt_printf("balloon: 64 frames given back and populated again\n");
}

static void hostile(unsigned long *p2m, unsigned long nr, domid_t other)
{
	long cur = reservation();
	unsigned long one = p2m[nr - 1];
	unsigned long cmd;

	/* Lists in hypervisor space, unmapped, past the canonical hole. */
	rt_expect(resv(XENMEM_decrease_reservation,
		       (unsigned long *)0xffff800000000000UL, 1, 0, 0, DOMID_SELF), 0);
	rt_expect(resv(XENMEM_populate_physmap,
		       (unsigned long *)0xffff830000000000UL, 1, 0, 0, DOMID_SELF), 0);
	rt_expect(resv(XENMEM_increase_reservation,
		       (unsigned long *)0xffff810000000000UL, 1, 0, 0, DOMID_SELF), 0);
	rt_expect(resv(XENMEM_decrease_reservation, (unsigned long *)0x1000,
		       1, 0, 0, DOMID_SELF), 0);
	/* A bad reservation pointer: nothing done. */
	rt_expect(memop(XENMEM_decrease_reservation, (void *)0xffff800000000000UL), 0);
	/* extent_order past the domU limit (9). */
	list[0] = one & ~1023UL;
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 10, 0, DOMID_SELF), 0);
	rt_expect(resv(XENMEM_populate_physmap, list, 1, 10, 0, DOMID_SELF), 0);
	/* Frames that are not ours: past memory, free, the hypervisor's M2P. */
	list[0] = 1UL << 40;
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
	list[0] = 0;                          /* frame 0: never ours */
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
	/* Our shared_info: the hypervisor's own use, refused. */
	list[0] = rt_start_info->shared_info >> 12;
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 0, 0, DOMID_SELF), 0);
	/* Another domain (unprivileged): nothing done, as Xen. */
	list[0] = one;
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 0, 0, other), 0);
	rt_expect(resv(XENMEM_populate_physmap, list, 1, 0, 0, other), 0);
	rt_expect(resv(XENMEM_decrease_reservation, list, 1, 0, 0, 0x7000), 0);
	/* Address bits of PAGE_SHIFT or less: refused. */
	list[0] = nr - 1;
	rt_expect(resv(XENMEM_populate_physmap, list, 1, 0,
		       XENMEMF_address_bits(12), DOMID_SELF), 0);
	/* nr_extents too large to encode a continuation. */
	rt_expect(resv(XENMEM_decrease_reservation, list, 1UL << 26, 0, 0,
		       DOMID_SELF), 0);
	rt_expect(reservation(), cur);
	/* Partial: the second extent is not ours, the first went. */
	list[0] = one;
	list[1] = 1UL << 40;
	rt_expect(resv(XENMEM_decrease_reservation, list, 2, 0, 0, DOMID_SELF), 1);
	rt_expect(reservation(), cur - 1);
	/* start_extent in cmd (Xen's continuation encoding). */
	list[0] = nr - 1;
	list[1] = 0;
	cmd = XENMEM_populate_physmap | (1UL << 6);
	{
		struct xen_memory_reservation r = {
			.nr_extents = 1, .domid = DOMID_SELF,
		};

		set_xen_guest_handle(r.extent_start, list);
		rt_expect(memop(cmd, &r), 1);         /* start >= nr: nothing */
		r.nr_extents = 2;
		list[1] = nr - 1;
		rt_expect(memop(cmd, &r), 2);         /* extent 1 only */
	}
	rt_expect(reservation(), cur);
	p2m[nr - 1] = list[1];
	use_frame(list[1], 0x1234);
	rt_expect(memop(XENMEM_current_reservation | (1UL << 6), list), -XEN_EINVAL);
	rt_printf("balloon: hostile reservations refused\n");
}

/* Give back 4000 frames in one call and populate them again: preempted. */
static void big_round(unsigned long *p2m, unsigned long nr)
{
	long cur = reservation();
	unsigned long first = nr - 64 - BIG;

	rt_check(first >= rt_region_pages(), "too few unmapped frames");
	for (unsigned long i = 0; i < BIG; i++)
		big[i] = p2m[first + i];
	rt_expect(resv(XENMEM_decrease_reservation, big, BIG, 0, 0, DOMID_SELF), BIG);
	rt_expect(reservation(), cur - BIG);
	for (unsigned long i = 0; i < BIG; i++)
		big[i] = first + i;
	rt_expect(resv(XENMEM_populate_physmap, big, BIG, 0, 0, DOMID_SELF), BIG);
	rt_expect(reservation(), cur);
	for (unsigned long i = 0; i < BIG; i++) {
		rt_check(RT_M2P[big[i]] == first + i, "M2P after the big populate");
		p2m[first + i] = big[i];
	}
	use_frame(big[BIG - 1], 77);
	/* Order-9 extents: 2 MiB given back and populated again. */
	for (unsigned long i = 0; i < 2; i++)
		big[i] = first + i * 512;
	rt_expect(resv(XENMEM_populate_physmap, big, 1, 9, 0, DOMID_SELF), 0);
	rt_printf("balloon: %d frames in one call (preempted)\n", BIG);
}

/* XENMEM_exchange of n extents of order io (MFNs in) for extents of order
 * oo (gpfns in, MFNs out); *done gets nr_exchanged. */
static long exchange(unsigned long *in, unsigned long n, unsigned int io,
		     unsigned long *out, unsigned long m, unsigned int oo,
		     unsigned int flags, domid_t d_in, domid_t d_out,
		     unsigned long *done)
{
	struct xen_memory_exchange ex = {
		.in = { .nr_extents = n, .extent_order = io, .domid = d_in },
		.out = { .nr_extents = m, .extent_order = oo,
			 .mem_flags = flags, .domid = d_out },
	};
	long rc;

	set_xen_guest_handle(ex.in.extent_start, in);
	set_xen_guest_handle(ex.out.extent_start, out);
	rc = memop(XENMEM_exchange, &ex);
	*done = ex.nr_exchanged;
	return rc;
}

/*
 * XENMEM_exchange as Xen (swiotlb-xen's call): unmapped frames of ours
 * traded for new zeroed ones; the traded frames are no longer ours; a
 * chunk with a frame still mapped fails whole and the count says where;
 * multi-page extents need I/O resources (-EPERM for a domU).
 */
static void exchanges(unsigned long *p2m, unsigned long nr)
{
	long cur = reservation();
	unsigned long in[4], out[4], done, pfn = nr - 4, old;

	for (int i = 0; i < 4; i++)
		in[i] = p2m[pfn + i], out[i] = pfn + i;
	rt_expect(exchange(in, 2, 0, out, 2, 0, 0, DOMID_SELF, DOMID_SELF,
			   &done), 0);
	rt_expect(done, 2);
	rt_expect(reservation(), cur);
	/* A frame freed by one chunk may come back as the next chunk's new
	 * frame: only the traded frames that did not are gone. */
	old = INVALID_M2P;
	for (int i = 0; i < 2; i++) {
		rt_check(RT_M2P[out[i]] == pfn + i, "M2P of exchanged %#lx is "
			 "%#lx, expected %#lx", out[i], RT_M2P[out[i]], pfn + i);
		p2m[pfn + i] = out[i];
		use_frame(out[i], 0x3c3c0000UL + (unsigned long)i);
		if (in[i] != out[0] && in[i] != out[1]) {
			rt_check(RT_M2P[in[i]] == INVALID_M2P, "M2P of traded "
				 "%#lx kept", in[i]);
			old = in[i];
		}
	}
	/* A traded frame is gone: not ours to exchange again. */
	rt_check(old != INVALID_M2P, "both traded frames came back");
	rt_expect(exchange(&old, 1, 0, out + 2, 1, 0, 0, DOMID_SELF,
			   DOMID_SELF, &done), -XEN_EINVAL);
	rt_expect(done, 0);
	/* A chunk whose second frame is mapped (our scratch page's frame is
	 * the region's last): the first is traded, then -EINVAL, count 1. */
	in[0] = p2m[pfn + 2];
	in[1] = p2m[rt_region_pages() - 1];
	out[0] = pfn + 2, out[1] = rt_region_pages() - 1;
	rt_expect(exchange(in, 2, 0, out, 2, 0, 0, DOMID_SELF, DOMID_SELF,
			   &done), -XEN_EINVAL);
	rt_expect(done, 1);
	p2m[pfn + 2] = out[0];
	rt_expect(reservation(), cur);
	/* Hostile shapes, nothing traded. */
	in[0] = p2m[pfn + 3], out[0] = pfn + 3;
	rt_expect(exchange(in, 2, 0, out, 1, 1, 0, DOMID_SELF, DOMID_SELF,
			   &done), -XEN_EPERM);             /* order 1: domU */
	rt_expect(exchange(in, 1, 0, out, 2, 0, 0, DOMID_SELF, DOMID_SELF,
			   &done), -XEN_EINVAL);            /* sizes differ */
	rt_expect(exchange(in, 1, 0, out, 1, 0, 0, DOMID_SELF, 5, &done),
		  -XEN_EINVAL);                         /* domids differ */
	rt_expect(exchange(in, 1, 0, (void *)0xffff830000000000UL, 1, 0, 0,
			   DOMID_SELF, DOMID_SELF, &done), -XEN_EFAULT);
	rt_expect(exchange(in, 1, 0, out, 1, 0, XENMEMF_address_bits(12),
			   DOMID_SELF, DOMID_SELF, &done), -XEN_ENOMEM);
	rt_expect(done, 0);
	rt_check(RT_M2P[p2m[pfn + 3]] == pfn + 3, "a refused exchange took "
		 "frame %#lx", p2m[pfn + 3]);
	rt_expect(reservation(), cur);
	rt_printf("balloon: exchanges traded 3 frames, refused the rest\n");
}

/* Our own page tables and console page: given back, they stay while used. */
static void own_frames(void)
{
	long cur = reservation();

	list[0] = rt_start_info->console.domU.mfn;
	list[1] = rt_mfn(((rt_start_info->pt_base - RT_VIRT_BASE) >> 12));
	rt_expect(resv(XENMEM_decrease_reservation, list, 2, 0, 0, DOMID_SELF), 2);
	rt_expect(reservation(), cur);        /* both still referenced */
	rt_printf("balloon: console page and L4 given back, still running\n");
}

void test_main(void)
{
	unsigned long *p2m = (unsigned long *)rt_start_info->mfn_list;
	unsigned long nr = rt_start_info->nr_pages;
	domid_t other = (domid_t)rt_cmdline_number("other");

	rt_expect(reservation(), (long)nr + 1);        /* + shared_info */
	round_trip(p2m, nr);
	hostile(p2m, nr, other);
	if (rt_cmdline_has("big"))
		big_round(p2m, nr);
	round_trip(p2m, nr);
	exchanges(p2m, nr);
	if (rt_cmdline_has("own"))
		own_frames();
}
