/* AP bring-up: the CPUs from the ACPI MADT, INIT-SIPI-SIPI, per-CPU start. */
#include "types.h"
#include "lib.h"
#include "log.h"
#include "panic.h"
#include "sched_if.h"
#include "asm/emulate.h"
#include "asm/irq.h"
#include "asm/layout.h"
#include "asm/madt.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/smp.h"
#include "asm/time.h"

#define MADT_MAX_IDS 256

extern char trampoline_start[], trampoline_end[];

/* Read by trampoline.S's ap_high_entry: tables, stack and area of the AP. */
uint64_t ap_boot_cr3, ap_boot_stack;
struct cpu_info *ap_boot_info;
static volatile bool ap_alive;
static unsigned long bsp_cr0, bsp_cr4;

/* Map an ACPI table with signature sig at pa, checked; NULL if not. */
static const void *map_table(uint64_t pa, const char sig[4], uint32_t *len)
{
	const void *h = pa ? ioremap(pa, ACPI_HDR_LEN) : NULL;
	const void *t;

	*len = h ? acpi_table_len(h, sig) : 0;
	if (!*len)
		return NULL;
	t = ioremap(pa, *len);
	return t && acpi_table_ok(t, *len) ? t : NULL;
}

/* The RSDP in the BIOS area (0xe0000-0xfffff), or -1. */
static int find_rsdp(uint64_t *root, bool *is_xsdt)
{
	const uint8_t *bios = ioremap(0xe0000, 0x20000);

	for (size_t off = 0; bios && off < 0x20000; off += 16)
		if (!acpi_rsdp_parse(bios + off, 0x20000 - off, root, is_xsdt))
			return 0;
	return -1;
}

/* Contract in asm/madt.h. */
const void *acpi_find_madt(uint32_t *mlen)
{
	return acpi_find_table("APIC", mlen);
}

/* Contract in asm/madt.h. */
const void *acpi_find_table(const char sig[4], uint32_t *mlen)
{
	uint64_t root;
	bool is_xsdt;
	uint32_t len;
	const void *rt;

	if (find_rsdp(&root, &is_xsdt))
		return NULL;
	rt = map_table(root, is_xsdt ? "XSDT" : "RSDT", &len);
	for (unsigned int i = 0; rt && acpi_root_entry(rt, len, is_xsdt, i); i++) {
		const void *m = map_table(acpi_root_entry(rt, len, is_xsdt, i),
					  sig, mlen);

		if (m)
			return m;
	}
	return NULL;
}

/* APIC ids of the enabled CPUs the MADT lists; 0 without ACPI. */
static int find_cpus(uint32_t *ids, unsigned int max)
{
	uint32_t mlen;
	const void *m = acpi_find_madt(&mlen);

	return m ? madt_parse(m, mlen, ids, max) : 0;
}

/* Start the AP with apic_id as CPU c->cpu_id; true once it is up. */
static bool start_ap(struct cpu_info *c)
{
	uint64_t deadline;

	ap_boot_info = c;
	ap_boot_stack = c->stack_top;
	ap_alive = false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	apic_send_init(c->apic_id);
	udelay(10000);
	for (int i = 0; i < 2 && !ap_alive; i++) {
		apic_send_startup(c->apic_id, TRAMPOLINE_PHYS >> 12);
		deadline = rdtsc() + tsc_hz / 5;        /* 200 ms */
		while (!ap_alive && rdtsc() < deadline)
			cpu_relax();
	}
	if (!ap_alive) {
		/* Give a slow (emulated) CPU another second. */
		deadline = rdtsc() + tsc_hz;
		while (!ap_alive && rdtsc() < deadline)
			cpu_relax();
	}
	return ap_alive;
}

void smp_boot_cpus(void)
{
	static uint32_t ids[MADT_MAX_IDS];
	int found = find_cpus(ids, MADT_MAX_IDS);
	unsigned int next = 1;

	bsp_cr0 = read_cr0();
	bsp_cr4 = read_cr4();
	ap_boot_cr3 = read_cr3();
	BUG_ON((size_t)(trampoline_end - trampoline_start) > PAGE_SIZE);
	memcpy(maddr_to_virt(TRAMPOLINE_PHYS), trampoline_start,
	       trampoline_end - trampoline_start);
	printk("CPU0: APIC id %u online (boot CPU)\n", this_cpu()->apic_id);
	for (int i = 0; i < found && i < MADT_MAX_IDS; i++) {
		struct cpu_info *c;

		if (ids[i] == this_cpu()->apic_id)
			continue;
		if (next >= SMP_MAX_CPUS) {
			printk(KERN_WARNING "CPU with APIC id %u not started: "
			       "limit of %d CPUs\n", ids[i], SMP_MAX_CPUS);
			continue;
		}
		c = percpu_alloc_ap(next, ids[i]);
		if (!c) {
			printk(KERN_ERR "CPU with APIC id %u not started: out of "
			       "memory\n", ids[i]);
			break;
		}
		if (!start_ap(c)) {
			/* Park it again: a late start must not find the next
			 * CPU's area in ap_boot_info. */
			apic_send_init(c->apic_id);
			printk(KERN_ERR "CPU with APIC id %u did not start\n",
			       ids[i]);
			continue;
		}
		__atomic_fetch_or(&cpu_online_mask, 1ULL << next,
				  __ATOMIC_SEQ_CST);
		nr_cpus_online++;
		next++;
	}
	if (found > 0)
		printk("SMP: %u CPU%s online (%d in the ACPI MADT)\n",
		       nr_cpus_online, nr_cpus_online == 1 ? "" : "s", found);
	else
		printk("SMP: 1 CPU online (no usable ACPI MADT)\n");
}

/*
 * The AP's first C code, on its own stack, on the hypervisor's tables:
 * the boot CPU's control registers, its own GDT/TSS and local APIC, the
 * syscall, sysenter and PAT MSRs; then it waits for the big lock and
 * idles.
 */
void __noreturn start_secondary(struct cpu_info *c)
{
	percpu_load(c);
	write_cr0(bsp_cr0);
	write_cr4(bsp_cr4);
	pv_pat_init();
	pv_syscall_init();
	pv_sysenter_init();
	apic_init_ap();
	asm volatile("fninit" ::: "memory");
	printk("CPU%u: APIC id %u online\n", c->cpu_id, c->apic_id);
	__atomic_store_n(&ap_alive, true, __ATOMIC_RELEASE);
	/* The boot CPU marks it online; until then no shootdown waits for it. */
	while (!(__atomic_load_n(&cpu_online_mask, __ATOMIC_ACQUIRE) &
		 (1ULL << c->cpu_id)))
		cpu_relax();
	hv_lock();
	idle_enter();
}
