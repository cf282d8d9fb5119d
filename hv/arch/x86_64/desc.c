/* GDT with Xen's reserved entries, the TSS, guarded stacks, the IDT. */
#include "types.h"
#include "lib.h"
#include "mm.h"
#include "panic.h"
#include "asm/desc.h"
#include "asm/layout.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/processor.h"

extern char entry_stubs[];
extern char cpu0_stack[];

static struct idt_entry idt[256] __aligned(16);
static uint64_t cpu0_gdt[GDT_ENTRIES] __aligned(4096);
/* One per possible CPU (smpboot.c brings the APs up); head.S writes
 * &cpu_infos[0] at the top of cpu0_stack before any C runs. */
struct cpu_info cpu_infos[CONFIG_NR_CPUS];

struct cpu_info *cpu_info_of(unsigned int cpu)
{
	return &cpu_infos[cpu];
}

/* Flat descriptors: base 0, limit 4 GiB, access and flags as given. */
#define GDT_ENTRY(flags_access) (0x000000000000ffffULL | \
	((uint64_t)((flags_access) & 0xff) << 40) | \
	((uint64_t)(((flags_access) >> 8) & 0xf0) << 48) | (0xfULL << 48))

/*
 * Fill Xen's reserved GDT page (from byte 0xe000) of one CPU and load GDT,
 * segment registers and the task register.
 */
void gdt_load(uint64_t *gdt, struct tss64 *tss)
{
	uint64_t *r = gdt + FIRST_RESERVED_GDT_ENTRY;
	uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;
	struct desc_ptr p = { GDT_ENTRIES * 8 - 1, (uint64_t)gdt };

	r[0] = 0;
	r[1] = GDT_ENTRY(0xa09b);     /* 0xe008: ring 0, 64-bit code */
	r[2] = GDT_ENTRY(0xc093);     /* 0xe010: ring 0 data */
	r[3] = 0;
	r[4] = GDT_ENTRY(0xc0fb);     /* 0xe023: ring 3, 32-bit code */
	r[5] = GDT_ENTRY(0xc0f3);     /* 0xe02b: ring 3 data */
	r[6] = GDT_ENTRY(0xa0fb);     /* 0xe033: ring 3, 64-bit code */
	r[7] = GDT_ENTRY(0xc09b);     /* 0xe038: ring 0, 32-bit code */
	/* 0xe040: 64-bit available TSS, 16 bytes */
	r[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
	       ((limit >> 16) << 48) | (((base >> 24) & 0xff) << 56);
	r[9] = base >> 32;
	r[10] = r[11] = 0;            /* 0xe050: LDT, loaded per vCPU later */

	asm volatile("lgdt %0" :: "m"(p));
	asm volatile(
		"mov %0, %%ds\n\t"
		"mov %0, %%es\n\t"
		"mov %0, %%ss\n\t"
		"pushq %1\n\t"
		"lea 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:"
		:: "r"((uint64_t)__HYPERVISOR_DS), "i"(__HYPERVISOR_CS)
		: "rax", "memory");
	asm volatile("ltr %w0" :: "r"(TSS_SELECTOR));
}

static void idt_set(unsigned int v, uint64_t handler, unsigned int ist,
		    unsigned int dpl)
{
	struct idt_entry *e = &idt[v];

	e->offset_lo = handler & 0xffff;
	e->selector = __HYPERVISOR_CS;
	e->ist = ist;
	e->type_attr = 0x8e | (dpl << 5);   /* present, interrupt gate */
	e->offset_mid = (handler >> 16) & 0xffff;
	e->offset_hi = handler >> 32;
	e->reserved = 0;
}

void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		idt_set(v, (uint64_t)entry_stubs + 16 * v, 0, 0);
	/* int3 and into may be used from ring 3 (guests), as in Xen. */
	idt_set(3, (uint64_t)entry_stubs + 16 * 3, 0, 3);
	idt_set(4, (uint64_t)entry_stubs + 16 * 4, 0, 3);
}

void idt_enable_ist(void)
{
	idt[1].ist = IST_DB;
	idt[2].ist = IST_NMI;
	idt[8].ist = IST_DF;
	idt[18].ist = IST_MC;
}

void idt_load(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };

	asm volatile("lidt %0" :: "m"(p));
}

/*
 * Map a fresh stack for CPU c in its stack window, slot slot (0 primary,
 * else an IST index), with c's pointer in its top 16 bytes; the half slot
 * below stays unmapped (the guard). Returns the usable top, or 0 if out
 * of memory.
 */
static uint64_t stack_map(struct cpu_info *c, unsigned int slot)
{
	uint64_t va = STACK_VA(c->cpu_id, slot);
	void *pg = alloc_xenheap_pages(STACK_ORDER);

	if (!pg || map_pages(idle_pg_table, va, virt_to_maddr(pg),
			     STACK_SIZE >> PAGE_SHIFT, PAGE_HYPERVISOR_RW))
		return 0;
	*(struct cpu_info **)(va + STACK_SIZE - CPUINFO_PTR_OFF) = c;
	return va + STACK_SIZE - CPUINFO_PTR_OFF;
}

/* c's primary and IST stacks, and the TSS fields naming them; -1 if out
 * of memory. */
static int stacks_map(struct cpu_info *c)
{
	c->stack_top = stack_map(c, 0);
	if (!c->stack_top)
		return -1;
	for (unsigned int i = 0; i < NR_IST; i++) {
		c->ist_top[i] = stack_map(c, i + 1);
		if (!c->ist_top[i])
			return -1;
		c->tss.ist[i] = c->ist_top[i];
	}
	c->tss.rsp[0] = c->stack_top;
	return 0;
}

/* Where va lies in the stack windows: -1 outside any CPU's stack slots,
 * 0 in a guard half, 1 in a stack that is mapped. */
static int stack_area_kind(uint64_t va)
{
	uint64_t off, cpu, in;

	if (va < STACKS_VIRT_START ||
	    va >= STACKS_VIRT_START + CONFIG_NR_CPUS * STACKS_PER_CPU_SPAN)
		return -1;
	off = va - STACKS_VIRT_START;
	cpu = off / STACKS_PER_CPU_SPAN;
	in = off % STACKS_PER_CPU_SPAN;
	if (in / (2 * STACK_SIZE) > NR_IST ||
	    cpu_infos[cpu].stack_top < STACKS_VIRT_START)
		return -1;
	return (in / STACK_SIZE) & 1;
}

bool in_stack_guard(uint64_t va)
{
	return stack_area_kind(va) == 0;
}

bool in_stack(uint64_t va)
{
	return stack_area_kind(va) == 1;
}

/*
 * The boot CPU's per-CPU area: GS base, GDT, TSS, IDT. It runs on
 * cpu0_stack (no guard) until its first idle_enter or enter_guest.
 */
void percpu_init_boot_cpu(void)
{
	struct cpu_info *c = &cpu_infos[0];

	c->self = c;
	c->cpu_id = 0;
	c->gdt = cpu0_gdt;
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	c->stack_top = (uint64_t)cpu0_stack + STACK_SIZE - CPUINFO_PTR_OFF;
	c->tss.rsp[0] = c->stack_top;
	c->tss.iomap_base = sizeof(c->tss);   /* no I/O bitmap */
	gdt_load(c->gdt, &c->tss);
	idt_init();
	idt_load();
}

void percpu_stacks_boot_cpu(void)
{
	if (stacks_map(&cpu_infos[0]))
		panic("out of memory for the boot CPU's stacks");
	idt_enable_ist();
}

struct cpu_info *percpu_alloc_ap(unsigned int cpu, uint32_t apic_id)
{
	struct cpu_info *c = &cpu_infos[cpu];

	memset(c, 0, sizeof(*c));
	c->self = c;
	c->cpu_id = cpu;
	c->apic_id = apic_id;
	/* 16 pages (order 4); the guest part starts empty. */
	c->gdt = alloc_xenheap_pages(4);
	if (!c->gdt || stacks_map(c))
		return NULL;
	memset(c->gdt, 0, GDT_ENTRIES * 8);
	c->tss.iomap_base = sizeof(c->tss);
	return c;
}

void percpu_load(struct cpu_info *c)
{
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	gdt_load(c->gdt, &c->tss);
	idt_load();
}
