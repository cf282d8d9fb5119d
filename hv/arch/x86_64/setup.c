/* Boot sequence: from GRUB's Multiboot2 hand-off to the first domain. */
#include "types.h"
#include "boot.h"
#include "cmdline.h"
#include "console.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "mm.h"
#include "page_alloc.h"
#include "panic.h"
#include "version.h"
#include "xmalloc.h"
#include "domain.h"
#include "dom0_mem.h"
#include "iomem.h"
#include "sched_if.h"
#include "asm/dom0.h"
#include "asm/emulate.h"
#include "asm/io_apic.h"
#include "asm/irq.h"
#include "asm/layout.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/power.h"
#include "asm/processor.h"
#include "asm/m2p.h"
#include "asm/pv.h"
#include "asm/smp.h"
#include "asm/time.h"

#define MB2_BOOT_MAGIC 0x36d76289
#define FOUR_GB        (1ULL << 32)
#define TIMER_HZ       100

extern char _end[];

static struct boot_info boot_info;

/* Hypervisor command-line options (Xen's names and syntax). */
static struct dom0_mem_spec opt_dom0_mem;
static unsigned long opt_dom0_vcpus_min = 1, opt_dom0_vcpus_max = ~0UL;
static char opt_selftest[32];

static int parse_dom0_mem(const char *val)
{
	return dom0_mem_parse(val, &opt_dom0_mem);
}

/* dom0_max_vcpus=<max> or <min>-<max> (Xen's; default: every CPU). */
static int parse_dom0_max_vcpus(const char *val)
{
	const char *dash = strchr(val, '-');
	const char *end;

	if (dash) {
		opt_dom0_vcpus_min = simple_strtoull(val, &end, 10);
		if (end != dash)
			return -EINVAL;
		val = dash + 1;
		if (!*val) {
			opt_dom0_vcpus_max = ~0UL;
			return 0;
		}
	} else {
		opt_dom0_vcpus_min = 1;
	}
	opt_dom0_vcpus_max = simple_strtoull(val, &end, 10);
	if (*end || !opt_dom0_vcpus_max)
		return -EINVAL;
	return 0;
}

static int parse_console_opt(const char *val)
{
	return console_parse(val);
}

/* loglvl=<level>[/<rate-limited level>], levels as Xen names them. */
static int parse_loglvl(const char *val)
{
	static const struct { const char *name; int level; } levels[] = {
		{ "none", 0 }, { "error", 3 }, { "warning", 4 },
		{ "info", 6 }, { "debug", 7 }, { "all", 7 },
	};
	size_t n = strchr(val, '/') ? (size_t)(strchr(val, '/') - val) : strlen(val);

	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		if (strlen(levels[i].name) == n && !strncmp(val, levels[i].name, n)) {
			log_set_console_level(levels[i].level);
			return 0;
		}
	}
	return -EINVAL;
}

static const struct param hv_params[] = {
	{ "console", PARAM_CUSTOM, NULL, 0, parse_console_opt },
	{ "loglvl", PARAM_CUSTOM, NULL, 0, parse_loglvl },
	{ "dom0_mem", PARAM_CUSTOM, NULL, 0, parse_dom0_mem },
	{ "dom0_max_vcpus", PARAM_CUSTOM, NULL, 0, parse_dom0_max_vcpus },
	{ "selftest", PARAM_STRING, opt_selftest, sizeof(opt_selftest), NULL },
};

static void report_option(const char *what, const char *token)
{
	printk(KERN_WARNING "command line: %s: '%s' (ignored)\n", what, token);
}

static const char *e820_name(uint32_t type)
{
	switch (type) {
	case E820_RAM: return "usable";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "ACPI data";
	case E820_NVS: return "ACPI NVS";
	case E820_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

static paddr_t print_memory_map(const struct boot_info *bi)
{
	paddr_t max = 0;
	uint64_t total = boot_ram_total(bi);

	printk("Physical memory map (from the boot loader):\n");
	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem *m = &bi->mem[i];

		printk(" [%016lx, %016lx] (%s)\n", m->base, m->base + m->len - 1,
		       e820_name(m->type));
		if (m->type == E820_RAM)
			max = MAX(max, m->base + m->len);
	}
	printk("RAM: %lu MiB (%lu KiB) usable, highest address %#lx\n",
	       total >> 20, total >> 10, max);
	return max;
}

static void print_modules(const struct boot_info *bi)
{
	printk("Modules: %u\n", bi->nr_mod);
	for (unsigned int i = 0; i < bi->nr_mod; i++) {
		const struct boot_module *m = &bi->mod[i];

		printk(" module %u: [%08lx, %08lx) %lu bytes, command line \"%s\"\n",
		       i, m->start, m->end, m->end - m->start, m->cmdline);
	}
}

/*
 * Everything the allocator must not hand out: real-mode memory, the
 * image, the MBI and the modules. Returns the count (sorted).
 */
static unsigned int collect_used(const struct boot_info *bi, paddr_t mbi,
				 uint32_t mbi_size, struct mem_range *used)
{
	unsigned int n = 0;

	used[n++] = (struct mem_range){ 0, 0x100000 };
	used[n++] = (struct mem_range){ XEN_PHYS_START, virt_to_maddr(_end) };
	used[n++] = (struct mem_range){ mbi, mbi + mbi_size };
	for (unsigned int i = 0; i < bi->nr_mod; i++)
		used[n++] = (struct mem_range){ bi->mod[i].start, bi->mod[i].end };
	mem_ranges_sort(used, n);
	return n;
}

/* Frame table and heap: the table sits in RAM below 4 GiB nobody uses. */
static void memory_init(const struct boot_info *bi, paddr_t mbi,
			uint32_t mbi_size, paddr_t max_addr)
{
	static struct mem_range used[BOOT_MAX_MODULES + 4];
	unsigned int n = collect_used(bi, mbi, mbi_size, used);
	unsigned long nr_frames = max_addr >> PAGE_SHIFT;
	uint64_t size = ALIGN_UP(nr_frames * sizeof(struct page_info), PAGE_SIZE);
	paddr_t ft = mem_find_free(bi, used, n, size, PAGE_SIZE, FOUR_GB);
	unsigned long added;

	if (!ft)
		panic("no room below 4 GiB for a %lu KiB frame table", size >> 10);
	frame_table = maddr_to_virt(ft);
	frame_table_size = nr_frames;
	memset(frame_table, 0, size);
	used[n++] = (struct mem_range){ ft, ft + size };
	mem_ranges_sort(used, n);

	page_alloc_init(frame_table, nr_frames);
	added = page_alloc_add_ram(bi, used, n, 0, FOUR_GB);
	percpu_init_boot_cpu();
	paging_init(bi, MIN(max_addr, FOUR_GB));
	percpu_stacks_boot_cpu();
	if (max_addr > FOUR_GB) {
		paging_map_ram(bi, FOUR_GB, max_addr);
		added += page_alloc_add_ram(bi, used, n, FOUR_GB, max_addr);
	}
	printk("Frame table: %lu frames at %#lx (%lu KiB); heap: %lu frames "
	       "(%lu MiB) free\n", nr_frames, ft, size >> 10, added, added >> 8);
}

/* Boot domains' console rings and serial input, every scheduler tick. */
static void console_tick(void)
{
	console_poll();
}

static void timer_init(void)
{
	uint64_t ticks0;
	s_time_t t0;

	pic_init();
	apic_init();
	tsc_calibrate(50);
	printk("TSC: %lu.%03lu MHz (calibrated against the PIT)\n",
	       tsc_hz / 1000000, tsc_hz / 1000 % 1000);
	apic_timer_calibrate();
	time_init_scale();
	boot_wallclock = rtc_read_epoch();
	sched_init();
	sched_add_tick_hook(console_tick);
	printk("Timer: local APIC one-shot (APIC timer %lu kHz), scheduler "
	       "tick %u Hz\n", apic_timer_hz() / 1000, TIMER_HZ);
	printk("Wallclock: %lu s since 1970 (CMOS RTC)\n", boot_wallclock);
	local_irq_enable();
	ticks0 = this_cpu()->ticks;
	t0 = NOW();
	while (this_cpu()->ticks < ticks0 + 10)
		halt();
	local_irq_disable();
	printk("Timer: 10 ticks in %ld ms\n", (long)((NOW() - t0) / 1000000));
}

/* selftest=<what>: deliberate failures the integration tests look for. */
/* Recurse until the stack's guard page stops it (selftest=stack); the
 * depth comes through a volatile so the compiler sees no endless loop. */
static volatile uint64_t recurse_limit = ~0UL;

static uint64_t __attribute__((noinline, used)) recurse(uint64_t n)
{
	volatile uint64_t pad[64];

	pad[0] = n;
	if (n >= recurse_limit)
		return n;
	return recurse(n + 1) + pad[0];
}

static void run_selftest(const char *what)
{
	if (!*what)
		return;
	printk("selftest: %s\n", what);
	if (!strcmp(what, "pagefault")) {
		volatile uint64_t *bad = (volatile uint64_t *)0x1008;

		(void)*bad;        /* the boot identity map is gone */
	} else if (!strcmp(what, "panic")) {
		panic("selftest requested a panic");
	} else if (!strcmp(what, "stack")) {
		/* An overflow of the (guarded) primary stack must end in a
		 * #DF report on the #DF stack, never run over memory. */
		asm volatile("mov %0, %%rsp; xor %%edi, %%edi; call recurse"
			     :: "r"(this_cpu()->stack_top) : "memory");
	} else if (!strcmp(what, "gsbase")) {
		/* A fault in ring 0 with a foreign GS base (as when a guest's
		 * is live): reported as any other, the base plays no part. */
		wrmsr(MSR_GS_BASE, 0);
		(void)*(volatile uint64_t *)0x1008;
	} else if (!strcmp(what, "divide")) {
		unsigned int q, r, zero = 0;

		/* In asm: a C division by zero is undefined, gcc may drop it. */
		asm volatile("divl %2" : "=a"(q), "=d"(r) : "r"(zero), "a"(1), "d"(0));
		printk("selftest: 1/0 = %u remainder %u\n", q, r);
	} else {
		printk(KERN_WARNING "selftest: unknown test '%s'\n", what);
	}
}

/* A module's own options: "domain name=N mem=MiB -- guest command line". */
static char mod_name[32];
static unsigned long mod_mem_mib, mod_vcpus, mod_weight, mod_cap;
static bool mod_is_domain, mod_is_ramdisk;

static const struct param module_params[] = {
	{ "domain", PARAM_BOOL, &mod_is_domain, sizeof(bool), NULL },
	{ "ramdisk", PARAM_BOOL, &mod_is_ramdisk, sizeof(bool), NULL },
	{ "name", PARAM_STRING, mod_name, sizeof(mod_name), NULL },
	{ "mem", PARAM_UINT, &mod_mem_mib, sizeof(mod_mem_mib), NULL },
	{ "vcpus", PARAM_UINT, &mod_vcpus, sizeof(mod_vcpus), NULL },
	{ "weight", PARAM_UINT, &mod_weight, sizeof(mod_weight), NULL },
	{ "cap", PARAM_UINT, &mod_cap, sizeof(mod_cap), NULL },
};

/* quiet: only classifying (dom0's modules are not ours to parse). */
static void parse_module(const char *cmdline, bool quiet)
{
	char opts[256];
	const char *guest = cmdline_dom0_part(cmdline);
	size_t n = guest ? (size_t)(guest - cmdline) : strlen(cmdline);

	mod_is_domain = mod_is_ramdisk = false;
	mod_name[0] = 0;
	mod_mem_mib = 64;
	mod_vcpus = 1;
	mod_weight = 256;
	mod_cap = 0;
	strlcpy(opts, cmdline, MIN(n + 1, sizeof(opts)));
	cmdline_parse(opts, module_params, ARRAY_SIZE(module_params),
		      quiet ? NULL : report_option);
}

/*
 * Boot-time domains: every module whose command line starts with
 * "domain" is a PV kernel, optionally followed by a "ramdisk" module.
 * Returns how many were attempted; *started_out gets how many run. A
 * domain that is refused makes the final result code HV_EXIT_DOMAIN.
 */
static unsigned int start_boot_domains(const struct boot_info *bi,
				       int dom0_kernel, int dom0_initrd,
				       unsigned int *started_out)
{
	unsigned int started = 0, next_id = 1, attempted = 0;

	for (unsigned int i = 0; i < bi->nr_mod; i++) {
		if ((int)i == dom0_kernel || (int)i == dom0_initrd)
			continue;
		const struct boot_module *m = &bi->mod[i];
		const struct boot_module *rd = NULL;
		const char *guest_cmdline = cmdline_dom0_part(m->cmdline);
		char name[32];
		unsigned long mem, vcpus, weight, cap;
		const char *why = "";
		struct domain *d;

		parse_module(m->cmdline, false);
		if (!mod_is_domain) {
			printk("Module %u: not a domain, not started\n", i);
			continue;
		}
		attempted++;
		if (next_id >= CONFIG_MAX_DOMAINS) {
			/* Domain id 0 stays for dom0. */
			printk(KERN_ERR "Module %u not started: CONFIG_MAX_DOMAINS "
			       "(%d) reached\n", i, CONFIG_MAX_DOMAINS);
			domains_note_refused();
			continue;
		}
		if (!mod_name[0])
			snprintf(mod_name, sizeof(mod_name), "d%u", next_id);
		strlcpy(name, mod_name, sizeof(name));
		mem = mod_mem_mib;
		vcpus = mod_vcpus;
		weight = mod_weight;
		cap = mod_cap;
		if (i + 1 < bi->nr_mod) {
			parse_module(bi->mod[i + 1].cmdline, false);
			if (mod_is_ramdisk)
				rd = &bi->mod[++i];
		}
		d = pv_domain_build(next_id, name, maddr_to_virt(m->start),
				    m->end - m->start, mem << 10,
				    rd ? maddr_to_virt(rd->start) : NULL,
				    rd ? rd->end - rd->start : 0,
				    guest_cmdline ? guest_cmdline : "", &why);
		if (!d) {
			/* Refused: the run's result code will say so. */
			printk(KERN_ERR "Domain %u (%s) not started: %s\n",
			       next_id, name, why);
			domains_note_refused();
			next_id++;
			continue;
		}
		next_id++;
		if (pv_create_secondary_vcpus(d, vcpus)) {
			printk(KERN_ERR "Domain %u (%s): cannot create %lu vCPUs\n",
			       d->domain_id, name, vcpus);
			domain_crash(d, "vCPU creation failed");
			continue;
		}
		/* Xen's credit weights run 1-65535; caps are % of one CPU. */
		d->sched_weight = MAX(1UL, MIN(weight, 65535UL));
		d->sched_cap = cap;
		if (vcpus > 1 || weight != 256 || cap)
			printk("Domain %u (%s): %lu vCPUs, weight %u, cap %u\n",
			       d->domain_id, name, vcpus, d->sched_weight,
			       d->sched_cap);
		sched_add_domain(d);
		started++;
	}
	*started_out = started;
	return attempted;
}

/*
 * dom0's modules, as Xen takes them: the first module that is not a
 * boot-time domain ("domain ...") or a domain's "ramdisk" is the kernel,
 * the next one, if it is not a domain either, its initrd. Sets
 * *kernel and *initrd to their indices or -1.
 */
static void find_dom0_modules(const struct boot_info *bi, int *kernel,
			      int *initrd)
{
	*kernel = *initrd = -1;
	for (unsigned int i = 0; i < bi->nr_mod; i++) {
		parse_module(bi->mod[i].cmdline, true);
		if (mod_is_domain || mod_is_ramdisk)
			continue;
		*kernel = (int)i;
		if (i + 1 < bi->nr_mod) {
			parse_module(bi->mod[i + 1].cmdline, true);
			if (!mod_is_domain)
				*initrd = (int)i + 1;
		}
		return;
	}
}

/*
 * The kernel's command line: the module's, as Xen's cmdline_cook: GRUB 2
 * passes only the arguments; other Multiboot loaders put the image's file
 * name first, which is skipped.
 */
static const char *dom0_cmdline(const struct boot_info *bi, const char *c)
{
	while (*c == ' ')
		c++;
	if (!strncmp(bi->loader, "GRUB 2", 6))
		return c;
	while (*c && *c != ' ')
		c++;
	while (*c == ' ')
		c++;
	return c;
}

/*
 * Build and start dom0 from modules kernel and initrd (initrd may be
 * -1), sized by dom0_mem= from the memory still free (boot-time domUs
 * are built first) and with dom0_max_vcpus= vCPUs (default: one per
 * CPU). Returns true if it runs; a refusal is logged and noted in the
 * result code, as a boot-time domain's.
 */
static bool start_dom0(const struct boot_info *bi, int kernel, int initrd)
{
	const struct boot_module *m = &bi->mod[kernel];
	const struct boot_module *rd = initrd >= 0 ? &bi->mod[initrd] : NULL;
	/* The decompression buffer of a bzImage comes from the heap too. */
	uint64_t avail = page_alloc_free_frames(), nr, max;
	unsigned long vcpus = nr_cpus_online;
	const char *why = "";
	struct domain *d;

	/* Room for a decompressed kernel (up to 4x its image) and tables. */
	avail -= MIN(avail, ((m->end - m->start) * 4 >> PAGE_SHIFT) + 512);
	dom0_mem_compute(&opt_dom0_mem, avail, &nr, &max);
	vcpus = MAX(vcpus, opt_dom0_vcpus_min);
	vcpus = MIN(vcpus, opt_dom0_vcpus_max);
	vcpus = MIN(vcpus, (unsigned long)MAX_VIRT_CPUS_PER_DOMAIN);
	printk("dom0: kernel module %d, initrd %s%d, %lu MiB (max %lu MiB) of "
	       "%lu MiB free, %lu vCPU(s)\n", kernel, rd ? "module " : "none ",
	       initrd, (unsigned long)(nr >> 8), (unsigned long)(max >> 8),
	       (unsigned long)(avail >> 8), vcpus);
	dom0_setup_permissions(bi, 0);
	d = pv_dom0_build(maddr_to_virt(m->start), m->end - m->start, nr, max,
			  rd ? maddr_to_virt(rd->start) : NULL,
			  rd ? rd->end - rd->start : 0,
			  dom0_cmdline(bi, m->cmdline), &why);
	if (!d) {
		printk(KERN_ERR "dom0 (module %d) not started: %s\n", kernel, why);
		iomem_set_hwdom(0, NULL);
		domains_note_refused();
		return false;
	}
	if (pv_create_secondary_vcpus(d, vcpus)) {
		printk(KERN_ERR "dom0: cannot create %lu vCPUs\n", vcpus);
		domain_crash(d, "vCPU creation failed");
		return false;
	}
	d->is_hwdom = true;
	sched_add_domain(d);
	return true;
}

/* The AP start-up page holds nothing the boot loader gave us. */
static bool trampoline_page_free(const struct boot_info *bi, paddr_t mbi,
				 uint32_t mbi_size)
{
	paddr_t lo = TRAMPOLINE_PHYS, hi = TRAMPOLINE_PHYS + PAGE_SIZE;

	if (mbi < hi && mbi + mbi_size > lo)
		return false;
	for (unsigned int i = 0; i < bi->nr_mod; i++)
		if (bi->mod[i].start < hi && bi->mod[i].end > lo)
			return false;
	return true;
}

void __noreturn start_xenolith(uint32_t magic, paddr_t mbi_pa)
{
	struct boot_info *bi = &boot_info;
	const void *mbi = maddr_to_virt(mbi_pa);
	uint32_t mbi_size = *(const uint32_t *)mbi;
	const char *why = "";
	paddr_t max_addr;
	unsigned int started, attempted;
	int problems = 0, dom0_kernel, dom0_initrd;

	console_init(CONFIG_SERIAL_PORT, CONFIG_SERIAL_BAUD);
	if (magic != MB2_BOOT_MAGIC)
		panic("bad Multiboot2 magic %#x", magic);
	if (mb2_parse(mbi, mbi_size, bi, &why))
		panic("bad Multiboot2 information at %#lx: %s", mbi_pa, why);
	problems = cmdline_parse(bi->cmdline, hv_params, ARRAY_SIZE(hv_params),
				 report_option);

	printk("Xenolith %s: x86-64 paravirtualizing hypervisor (Xen PV ABI)\n",
	       XENOLITH_VERSION);
	printk("Built with gcc %s\n", __VERSION__);
	printk("Boot loader: %s\n", bi->loader);
	printk("Command line: %s\n", bi->cmdline);
	if (problems)
		printk(KERN_WARNING "Command line: %d problem(s), see above\n",
		       problems);
	if (opt_dom0_mem.nr.set && !opt_dom0_mem.nr.minus && !opt_dom0_mem.nr.pct)
		printk("dom0_mem: %lu KiB\n", opt_dom0_mem.nr.bytes >> 10);
	max_addr = print_memory_map(bi);
	print_modules(bi);

	memory_init(bi, mbi_pa, mbi_size, max_addr);
	hv_lock();              /* held by the boot CPU until it first idles */
	printk("CPUs: boot CPU online; limits: %d CPUs, %d domains\n",
	       CONFIG_NR_CPUS, CONFIG_MAX_DOMAINS);
	timer_init();
	io_apic_init();
	run_selftest(opt_selftest);

	m2p_init(max_addr >> PAGE_SHIFT);
	pv_syscall_init();
	pv_pat_init();
	pv_sysenter_init();
	pv_fpu_init();
	if (trampoline_page_free(bi, mbi_pa, mbi_size))
		smp_boot_cpus();
	else
		printk(KERN_WARNING "SMP: the boot loader's data is at %#x: "
		       "application processors not started\n", TRAMPOLINE_PHYS);
	find_dom0_modules(bi, &dom0_kernel, &dom0_initrd);
	attempted = start_boot_domains(bi, dom0_kernel, dom0_initrd, &started);
	if (dom0_kernel >= 0) {
		attempted++;
		started += start_dom0(bi, dom0_kernel, dom0_initrd);
	}
	if (started) {
		printk("Next: running %u boot domain(s)%s\n", started,
		       dom0_kernel >= 0 ? ", dom0 among them" : "");
		console_focus_boot();
	}
	if (!attempted) {
		printk("Next: no domain to start\n");
		printk("Powering off (result code %u)\n", HV_EXIT_OK);
		machine_poweroff(HV_EXIT_OK);
	}
	if (!started) {
		printk(KERN_ERR "No boot domain could be built: powering off "
		       "(result code %u)\n", HV_EXIT_DOMAIN);
		machine_poweroff(HV_EXIT_DOMAIN);
	}
	idle_enter();
}
