/* PV domains: build one from a kernel image, run its vCPU, tear it down. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "mm.h"
#include "page_type.h"
#include "panic.h"
#include "sched_if.h"
#include "xmalloc.h"
#include "asm/descriptor.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/smp.h"
#include "asm/time.h"
#include "../../pvguest/builder/builder.h"
#include "../../decompress/decompress.h"
#include "timer.h"
#include <xen/features.h>
#include <xen/sched.h>
#include <xen/xen.h>

/* Seconds since 1970 at system time 0 (setup reads the RTC), and the
 * nanoseconds past it (0 until dom0 sets the time). */
uint64_t boot_wallclock;
static uint32_t boot_wallclock_nsec;

/* shared_info's wallclock from boot_wallclock (version odd while written). */
static void write_wallclock(struct shared_info *si)
{
	__atomic_store_n(&si->wc_version, si->wc_version | 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	si->wc_sec = (uint32_t)boot_wallclock;
	si->wc_sec_hi = (uint32_t)(boot_wallclock >> 32);
	si->wc_nsec = boot_wallclock_nsec;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&si->wc_version, si->wc_version + 1, __ATOMIC_RELEASE);
}

static void update_wallclock(struct domain *d, void *arg)
{
	if (d->shared_info && !d->is_shut_down)
		write_wallclock(d->shared_info);
}

void pv_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
	uint64_t sys_s = system_time / 1000000000u;
	uint32_t sys_ns = system_time % 1000000000u;

	nsecs %= 1000000000u;
	if (secs < sys_s || (secs == sys_s && nsecs < sys_ns)) {
		secs = 0;                /* before system time 0: clamp */
		nsecs = sys_ns;
		sys_s = 0;
	}
	if (nsecs < sys_ns) {
		secs--;
		nsecs += 1000000000u;
	}
	boot_wallclock = secs - sys_s;
	boot_wallclock_nsec = nsecs - sys_ns;
	domain_for_each(update_wallclock, NULL);
}

/* The guest frame every entry from a guest builds at the stack top. */
static struct cpu_regs *guest_cpu_regs(void)
{
	return (struct cpu_regs *)(this_cpu()->stack_top) - 1;
}

/* XENFEAT_* bits a kernel may require of us. */
static const uint32_t hv_features[BUILDER_FEAT_WORDS] = {
	(1u << XENFEAT_writable_page_tables) |
	(1u << XENFEAT_pae_pgdir_above_4gb) |
	(1u << XENFEAT_mmu_pt_update_preserve_ad) |
	(1u << XENFEAT_gnttab_map_avail_bits),
};

struct build_ctx {
	const mfn_t *p2m;
	unsigned long nr_pages;
};

static void *ctx_map(void *c, unsigned long pfn)
{
	struct build_ctx *b = c;

	return pfn < b->nr_pages ? mfn_to_virt(b->p2m[pfn]) : NULL;
}

static uint64_t ctx_pfn_to_mfn(void *c, unsigned long pfn)
{
	struct build_ctx *b = c;

	return pfn < b->nr_pages ? b->p2m[pfn] : INVALID_MFN;
}

/* The shared_info page: events masked on every vCPU, the wallclock. */
static mfn_t make_shared_info(struct domain *d)
{
	mfn_t mfn = domain_alloc_page(d);
	struct shared_info *si;

	if (mfn == INVALID_MFN)
		return mfn;
	si = mfn_to_virt(mfn);
	memset(si, 0, PAGE_SIZE);
	/* Each vCPU's pvclock is written when it is first run (pv_run_vcpu). */
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		si->vcpu_info[i].evtchn_upcall_mask = 1;
	/* Wallclock at system time 0, from the CMOS clock (or dom0). */
	write_wallclock(si);
	d->shared_info = si;
	d->shared_info_mfn = mfn;
	return mfn;
}

static struct domain *fail(struct domain *d, const char **why, const char *w)
{
	*why = w;
	if (d)
		domain_shutdown(d, SHUTDOWN_crash);
	return NULL;
}

/* How a domain is built: a domU, or dom0 (pv_dom0_build). */
struct build_opts {
	bool dom0;
	unsigned long max_pages;        /* dom0: its maximum reservation */
};

static struct domain *build_from_elf(domid_t id, const char *name,
				     const void *img, size_t len,
				     unsigned long mem_kb, const void *ramdisk,
				     size_t ramdisk_len, const char *cmdline,
				     const struct build_opts *o,
				     const char **why);

static struct domain *build_image(domid_t id, const char *name,
				  const void *img, size_t len,
				  unsigned long mem_kb, const void *ramdisk,
				  size_t ramdisk_len, const char *cmdline,
				  const struct build_opts *o, const char **why);

struct domain *pv_domain_build(domid_t id, const char *name, const void *img,
			       size_t len, unsigned long mem_kb,
			       const void *ramdisk, size_t ramdisk_len,
			       const char *cmdline, const char **why)
{
	static const struct build_opts domu;

	return build_image(id, name, img, len, mem_kb, ramdisk, ramdisk_len,
			   cmdline, &domu, why);
}

struct domain *pv_dom0_build(const void *img, size_t len,
			     unsigned long nr_pages, unsigned long max_pages,
			     const void *ramdisk, size_t ramdisk_len,
			     const char *cmdline, const char **why)
{
	struct build_opts o = { .dom0 = true, .max_pages = max_pages };

	return build_image(0, "dom0", img, len, nr_pages << 2, ramdisk,
			   ramdisk_len, cmdline, &o, why);
}

/*
 * img may be an ELF, a gzip'd ELF or a bzImage: the builder opens the
 * container and the decompression buffer lives until the domain is built.
 */
static struct domain *build_image(domid_t id, const char *name,
				  const void *img, size_t len,
				  unsigned long mem_kb, const void *ramdisk,
				  size_t ramdisk_len, const char *cmdline,
				  const struct build_opts *o, const char **why)
{
	struct domain *d;
	int rc;

	struct builder_image bimg;
	s_time_t t0 = NOW();

	/* A compressed image (gzip'd ELF, bzImage) becomes its ELF here. */
	rc = builder_image_open(img, len, &hv_builder_decomp, &bimg, why);
	if (rc)
		return NULL;
	if (bimg.bzimage || bimg.buf)
		printk("Domain %u (%s): %s%s kernel, %lu KiB -> %lu KiB ELF "
		       "in %lu ms\n", id, name, bimg.bzimage ? "bzImage, " : "",
		       builder_comp_name(bimg.comp),
		       (unsigned long)(bimg.packed_len >> 10),
		       (unsigned long)(bimg.elf_len >> 10),
		       (unsigned long)((NOW() - t0) / MILLISECS(1)));
	d = build_from_elf(id, name, bimg.elf, bimg.elf_len, mem_kb, ramdisk,
			   ramdisk_len, cmdline, o, why);
	builder_image_close(&hv_builder_decomp, &bimg);
	return d;
}

/*
 * dom0's memory: machine-contiguous blocks of decreasing power-of-two
 * size, each aligned to its size, in pfn order, so that pfn -> mfn is
 * pfn + C inside every block with C aligned as the block (Xen gives dom0
 * what its allocator has; Linux's swiotlb-xen then rarely needs
 * XENMEM_exchange). Zeroed; the M2P set. false if memory ran out.
 */
static bool alloc_dom0_memory(struct domain *d, mfn_t *p2m,
			      unsigned long nr_pages)
{
	unsigned long pfn = 0;
	unsigned int order = MAX_ORDER;

	while (pfn < nr_pages) {
		mfn_t mfn;

		while (order && (1UL << order) > nr_pages - pfn)
			order--;
		mfn = domain_alloc_pages(d, order, 0);
		if (mfn == INVALID_MFN) {
			if (!order)
				return false;
			order--;
			continue;
		}
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			p2m[pfn] = mfn + i;
			memset(mfn_to_virt(mfn + i), 0, PAGE_SIZE);
			m2p_set(mfn + i, pfn);
		}
	}
	return true;
}

static struct domain *build_from_elf(domid_t id, const char *name,
				     const void *img, size_t len,
				     unsigned long mem_kb, const void *ramdisk,
				     size_t ramdisk_len, const char *cmdline,
				     const struct build_opts *o,
				     const char **why)
{
	struct xen_guest_info gi;
	struct builder_result res;
	struct builder_params bp;
	struct build_ctx ctx;
	struct builder_mem mem = { &ctx, ctx_map, ctx_pfn_to_mfn };
	unsigned long nr_pages = mem_kb >> 2;
	struct domain *d = NULL;
	struct arch_vcpu *a;
	mfn_t *p2m, si_mfn;
	const char *missing;
	int rc;

	if (xen_guest_parse(img, len, &gi, why))
		return NULL;
	if (gi.broken)          /* Xen: "kernel broken ELF", a warning */
		printk(KERN_WARNING "Domain %u (%s): kernel broken ELF: %s\n",
		       id, name, gi.broken);
	if (xen_guest_check_features(&gi, hv_features, BUILDER_FEAT_WORDS,
				     &missing)) {
		*why = missing;
		return NULL;
	}
	d = domain_create(id, name, o->dom0);
	/*
	 * Known to the scheduler from creation (as Xen's vcpu_create), so
	 * that a build failing below can shut the domain down.
	 */
	if (d)
		sched_init_vcpu(d->vcpu[0]);
	p2m = xmalloc_array(mfn_t, nr_pages);
	a = xzalloc(struct arch_vcpu);
	if (!d || !p2m || !a) {
		xfree(p2m);
		xfree(a);
		return fail(d, why, "out of memory for domain structures");
	}
	d->vcpu[0]->arch = a;
	d->max_pages = nr_pages + 1;          /* + shared_info */
	if (o->dom0) {
		if (!alloc_dom0_memory(d, p2m, nr_pages)) {
			xfree(p2m);
			return fail(d, why, "not enough free memory");
		}
		d->max_pages = MAX(nr_pages, o->max_pages) + 1;
	}
	for (unsigned long pfn = o->dom0 ? nr_pages : 0; pfn < nr_pages; pfn++) {
		p2m[pfn] = domain_alloc_page(d);
		if (p2m[pfn] == INVALID_MFN) {
			xfree(p2m);
			return fail(d, why, "not enough free memory");
		}
		memset(mfn_to_virt(p2m[pfn]), 0, PAGE_SIZE);
		m2p_set(p2m[pfn], pfn);
	}
	si_mfn = make_shared_info(d);
	if (si_mfn == INVALID_MFN) {
		xfree(p2m);
		return fail(d, why, "no memory for shared_info");
	}

	memset(&bp, 0, sizeof(bp));
	if (o->dom0) {
		/* Xen's dom0: no console ring or xenstore page, ports 0;
		 * console.dom0 info_off/size 0 (no VGA information). */
		bp.flags = SIF_INITDOMAIN | SIF_PRIVILEGED;
	} else {
		rc = domain_console_alloc_port(d);
		if (rc < 0)
			return fail(d, why, "no event channel for the console");
		bp.console_evtchn = (uint32_t)rc;
	}
	bp.nr_pages = nr_pages;
	bp.ramdisk = ramdisk;
	bp.ramdisk_len = ramdisk_len;
	bp.cmdline = cmdline;
	bp.domid = id;
	bp.shared_info_maddr = (uint64_t)si_mfn << PAGE_SHIFT;
	ctx.p2m = p2m;
	ctx.nr_pages = nr_pages;
	rc = xen_guest_build(&gi, img, len, &bp, &mem, &res, why);
	xfree(p2m);
	if (rc)
		return fail(d, why, *why);

	/* Validate and pin the bootstrap tables; CR3 holds its own ref. */
	rc = pin_table(d, res.pt_base_mfn, 4);
	if (rc)
		return fail(d, why, "the builder's page tables failed validation");
	rc = get_page_and_type(mfn_to_page(res.pt_base_mfn), d, PGT_l4_page_table);
	if (rc)
		return fail(d, why, "cannot reference the L4 for CR3");

	if (!o->dom0 && domain_console_attach(d, res.console_mfn))
		return fail(d, why, "cannot reference the console page");
	a->guest_table = res.pt_base_mfn;
	a->kernel_mode = true;
	d->vcpu[0]->vcpu_info = &((struct shared_info *)d->shared_info)->vcpu_info[0];
	a->regs.rip = res.entry;
	a->regs.rsp = res.stack_top;
	a->regs.rsi = res.start_info_va;
	a->regs.cs = FLAT_RING3_CS64;
	a->regs.ss = FLAT_RING3_DS;
	a->regs.rflags = X86_EFLAGS_IF | 0x2;
	d->vcpu[0]->is_up = true;
	d->vcpu[0]->is_initialised = true;
	printk("Domain %u (%s): %lu MiB, kernel \"%s\", entry %#lx, "
	       "start_info %#lx, %lu page-table frames\n", id, name, mem_kb >> 10,
	       gi.guest_os, res.entry, res.start_info_va,
	       res.layout.nr_pt_frames);
	return d;
}

/* FPU/SSE state at reset, saved at boot: every new vCPU starts from it. */
static uint8_t clean_fpu[512] __aligned(16);

void pv_fpu_init(void)
{
	write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) & ~X86_CR0_TS);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	asm volatile("fninit; fxsave %0" : "=m"(clean_fpu));
}

/* Load a data selector; one that faults (a stale LDT entry) loads 0. */
/*
 * Load selector val into seg. A selector the guest's descriptor tables no
 * longer allow (or never did: VCPUOP_initialise does not check data
 * selectors, as Xen) faults; the fixup loads the null selector instead
 * and clears ok.
 */
#define LOAD_SEL(seg, val, ok) do { unsigned int _v = (val); asm volatile( \
	"1: mov %k1, %%" #seg "\n2:\n"                                   \
	".pushsection .text.fixup, \"ax\"\n"                             \
	"3: xor %k1, %k1\n mov %k1, %%" #seg "\n movb $0, %0\n jmp 2b\n" \
	".popsection\n"                                                  \
	".pushsection .ex_table, \"a\"\n.balign 4\n"                    \
	".long 1b - ., 3b - .\n.popsection" : "+m"(ok), "+r"(_v)); } while (0)

/*
 * Per CPU, the vCPU whose FPU state that CPU's registers hold. Saving v
 * on one CPU makes every other CPU's copy of it stale.
 */
static struct vcpu *hw_owner[CONFIG_NR_CPUS];

static void set_hw_owner(struct vcpu *v)
{
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		if (hw_owner[i] == v)
			hw_owner[i] = NULL;
	hw_owner[smp_processor_id()] = v;
}

void arch_context_save(struct vcpu *v)
{
	struct arch_vcpu *a = arch_of(v);

	a->regs = *guest_cpu_regs();
	write_cr0(read_cr0() & ~X86_CR0_TS);
	asm volatile("fxsave %0" : "=m"(a->fpu));
	a->fpu_started = true;
	read_data_selectors(a->sel);
	/* Selector loads in the guest may have changed the bases. */
	a->fs_base = rdmsr(MSR_FS_BASE);
	if (a->kernel_mode)
		a->gs_base_kernel = rdmsr(MSR_SHADOW_GS_BASE);
	else
		a->gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
	set_hw_owner(v);
}

/*
 * Segment state of v into the hardware (selectors first: they reset
 * bases). The %gs load sets the GS base from the descriptor; the
 * hypervisor does not read it (asm/percpu.h), and it is written back to
 * this CPU's struct cpu_info, which restore_all's swapgs parks in the
 * shadow for the next `syscall`, with the guest's base live. No swapgs
 * here: a faulting load must not leave the GS bases crossed. Returns
 * false if a selector faulted (and was loaded as null).
 */
static bool load_segments(struct arch_vcpu *a)
{
	bool ok = true;

	LOAD_SEL(ds, a->sel[SEL_DS], ok);
	LOAD_SEL(es, a->sel[SEL_ES], ok);
	LOAD_SEL(fs, a->sel[SEL_FS], ok);
	LOAD_SEL(gs, a->sel[SEL_GS], ok);
	wrmsr(MSR_GS_BASE, (uint64_t)this_cpu());
	wrmsr(MSR_FS_BASE, a->fs_base);
	/* Ours is live in the hypervisor; the guest's comes in on swapgs. */
	wrmsr(MSR_SHADOW_GS_BASE, a->kernel_mode ? a->gs_base_kernel :
						   a->gs_base_user);
	return ok;
}

/*
 * A data selector of v faulted at load_segments(): as Xen, v enters its
 * failsafe callback with the selectors it should have had in the frame
 * (RCX, R11, DS, ES, FS, GS, RIP, CS, RFLAGS, RSP, SS), in kernel mode;
 * without a callback, or with a stack it cannot be written to, the
 * domain dies.
 */
static void segment_failsafe(struct vcpu *v, struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(v);
	const char *why = "loading a segment selector faulted and there is no "
			  "failsafe callback";

	if (a->failsafe_callback) {
		printk(KERN_DEBUG "Domain %u (%s) vCPU %u: loading a segment "
		       "selector faulted (ds %#x es %#x fs %#x gs %#x): to the "
		       "failsafe callback\n", v->domain->domain_id,
		       v->domain->name, v->vcpu_id, a->sel[SEL_DS],
		       a->sel[SEL_ES], a->sel[SEL_FS], a->sel[SEL_GS]);
		if (pv_create_failsafe_frame(regs, a->sel))
			return;
		why = "loading a segment selector faulted and the failsafe "
		      "callback cannot be delivered";
	}
	printk(KERN_ERR "Domain %u (%s) vCPU %u: %s (ds %#x es %#x fs %#x "
	       "gs %#x)\n", v->domain->domain_id, v->domain->name, v->vcpu_id,
	       why, a->sel[SEL_DS], a->sel[SEL_ES], a->sel[SEL_FS],
	       a->sel[SEL_GS]);
	domain_crash(v->domain, why);
	schedule();
}

void __noreturn pv_run_vcpu(struct vcpu *v)
{
	struct arch_vcpu *a = arch_of(v);
	mfn_t table = a->kernel_mode ? a->guest_table : a->guest_table_user;
	bool segs_ok;

	write_cr0(read_cr0() & ~X86_CR0_TS);
	if (hw_owner[smp_processor_id()] != v) {
		/* Nothing of the previous vCPU's registers may show through. */
		asm volatile("fxrstor %0" :: "m"(*(a->fpu_started ? a->fpu :
							  clean_fpu)));
		a->fpu_started = true;
		set_hw_owner(v);
	}
	if (a->fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	this_cpu()->current = v;
	v->is_running = true;
	v->processor = smp_processor_id();
	/*
	 * Another vCPU on the same tables (one domain's vCPUs sharing an L4)
	 * keeps the TLB, unless a flush since the last load reached only some
	 * of the domain's CPUs (a vCPU's LOCAL or MULTI flush): the entries
	 * it left here may be stale for v, which that flush was to cover.
	 * Under TCG a CR3 load flushes the whole soft TLB (QEMU.md), so it is
	 * skipped when it can be.
	 */
	if (read_cr3() != (uint64_t)table << PAGE_SHIFT ||
	    this_cpu()->tlb_flush_gen != v->domain->tlb_flush_gen) {
		write_cr3((uint64_t)table << PAGE_SHIFT);
		this_cpu()->tlb_flush_gen = v->domain->tlb_flush_gen;
	}
	smp_switch_cr3_owner(v);
	pv_load_desc_tables(v);
	pv_load_debugregs(&a->debugregs);
	segs_ok = load_segments(a);
	pv_load_tsc_aux(v);
	pv_update_vcpu_time(v);
	sched_write_runstate_area(v);
	*guest_cpu_regs() = a->regs;
	if (!segs_ok)
		segment_failsafe(v, guest_cpu_regs());
	pv_resume_current();
}

/* The current vCPU keeps the CPU: back into it from its frame. */
void __noreturn pv_resume_current(void)
{
	pv_exit_to_guest(guest_cpu_regs());
	resume_guest();
}

void arch_switch_to_idle(void)
{
	static const struct pv_debugregs none;

	/* No vCPU's breakpoints stay armed on an idle CPU. */
	pv_load_debugregs(&none);
	if (this_cpu()->cr3_vcpu) {
		write_cr3(virt_to_maddr(idle_pg_table));
		smp_switch_cr3_owner(NULL);
	}
	this_cpu()->current = NULL;
}

void arch_domain_leave(struct domain *d)
{
	struct vcpu *cur = current_vcpu();

	pv_debug_log_final(d);
	/* Other CPUs first: none may run on d's tables once they go. */
	smp_leave_domain(d);
	if ((cur && cur->domain == d) ||
	    (this_cpu()->cr3_vcpu && this_cpu()->cr3_vcpu->domain == d))
		arch_switch_to_idle();
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		struct arch_vcpu *a = v ? arch_of(v) : NULL;

		if (!a)
			continue;
		v->is_running = false;
		for (unsigned int c = 0; c < CONFIG_NR_CPUS; c++)
			if (hw_owner[c] == v)
				hw_owner[c] = NULL;
		if (v->vcpu_info_mfn != INVALID_MFN)
			put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
		v->vcpu_info_mfn = INVALID_MFN;
		pv_destroy_desc_tables(v);
		if (a->guest_table)
			put_page_and_type(mfn_to_page(a->guest_table));
		if (a->guest_table_user)
			put_page_and_type(mfn_to_page(a->guest_table_user));
		a->guest_table = a->guest_table_user = 0;
	}
}

/* MSRs for `syscall`: entry point, selectors, flags to clear. */
void pv_syscall_init(void)
{
	extern char syscall_entry[], syscall32_entry[];

	wrmsr(MSR_STAR, ((uint64_t)(FLAT_RING3_CS32 & ~3) << 48) |
			((uint64_t)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)syscall32_entry);
	/* TF, DF, IF, IOPL, NT, AC */
	wrmsr(MSR_FMASK, 0x47700);
}
