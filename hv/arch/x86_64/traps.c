/* Exception dispatch and the fatal-fault report: registers, backtrace. */
#include "types.h"
#include "keyhandler.h"
#include "log.h"
#include "panic.h"
#include "asm/irq.h"
#include "asm/layout.h"
#include "asm/percpu.h"
#include "asm/power.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/smp.h"
#include "asm/symbols.h"
#include "asm/uaccess.h"

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FPU error", "alignment check",
	"machine check", "SIMD error", "virtualization", "control protection",
	[29] = "VMM communication", [30] = "security",
};

static bool in_fatal;

static void print_symbol(const char *what, uint64_t addr)
{
	uint64_t off;
	const char *name = symbol_lookup(addr, &off);

	if (name)
		printk(KERN_EMERG "%s %016lx <%s+%#lx>\n", what, addr, name, off);
	else
		printk(KERN_EMERG "%s %016lx\n", what, addr);
}

/* A pointer the backtrace may read: the image, the direct map, or a
 * mapped part of the CPUs' stacks. */
static bool frame_readable(uint64_t p)
{
	if (p & 7)
		return false;
	if (p >= STACKS_VIRT_START && p < XEN_VIRT_START)
		return in_stack(p) && in_stack(p + 15);
	return p >= XEN_VIRT_START && p < DIRECTMAP_VIRT_END - 16;
}

/* Walk the rbp chain (the hypervisor keeps frame pointers). */
void show_backtrace(uint64_t rip, uint64_t rbp)
{
	printk(KERN_EMERG "Backtrace:\n");
	print_symbol("  ", rip);
	for (int depth = 0; depth < 32 && frame_readable(rbp); depth++) {
		uint64_t *frame = (uint64_t *)rbp;
		uint64_t ret = frame[1];

		if (!ret)
			break;
		print_symbol("  ", ret);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

void show_registers(const struct cpu_regs *r)
{
	print_symbol("RIP:", r->rip);
	printk(KERN_EMERG "CS: %04lx RFLAGS: %016lx SS: %04lx RSP: %016lx\n",
	       r->cs, r->rflags, r->ss, r->rsp);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n",
	       r->rax, r->rbx, r->rcx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n",
	       r->rdx, r->rsi, r->rdi);
	printk(KERN_EMERG "RBP: %016lx R8:  %016lx R9:  %016lx\n",
	       r->rbp, r->r8, r->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n",
	       r->r10, r->r11, r->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n",
	       r->r13, r->r14, r->r15);
	printk(KERN_EMERG "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* A fault taken in the hypervisor itself: report it and power off. */
static void __noreturn fatal_trap(const struct cpu_regs *r)
{
	struct cpu_info *c = this_cpu();

	unsigned int v = r->entry_vector;

	local_irq_disable();
	if (in_fatal) {
		printk(KERN_EMERG "fault while reporting a fault: vector %u at %lx\n",
		       v, r->rip);
		machine_poweroff(HV_EXIT_PANIC);
	}
	in_fatal = true;
	log_force_unlock();
	printk(KERN_EMERG "****************************************\n");
	printk(KERN_EMERG "FATAL TRAP: vector %u (%s), error code %04x, CPU %u\n",
	       v, v < 32 && exception_names[v] ? exception_names[v] : "?",
	       r->error_code, c->cpu_id);
	if (v == 8 && (in_stack_guard(r->rsp) ||
		       in_stack_guard(r->rsp - sizeof(struct cpu_regs))))
		printk(KERN_EMERG "Hypervisor stack overflow: rsp %016lx is at "
		       "the guard page below CPU %u's stack\n", r->rsp, c->cpu_id);
	if (v == 14)
		printk(KERN_EMERG "Page fault at %016lx: %s %s, %s mode%s\n",
		       read_cr2(), r->error_code & 1 ? "protection" : "not-present",
		       r->error_code & 2 ? "write" : "read",
		       r->error_code & 4 ? "user" : "supervisor",
		       r->error_code & 16 ? ", instruction fetch" : "");
	show_registers(r);
	show_backtrace(r->rip, r->rbp);
	printk(KERN_EMERG "****************************************\n");
	printk(KERN_EMERG "Panic on CPU %u: fatal trap in the hypervisor\n",
	       c->cpu_id);
	machine_poweroff(HV_EXIT_PANIC);
}

void arch_dump_nmi_stats(void)
{
	printk("CPU\tNMI\n");
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (cpu_online_mask & (1ULL << cpu))
			printk("%3u\t%3lu\n", cpu, cpu_info_of(cpu)->nmis);
}

/*
 * #DB, NMI, #DF or #MC taken in ring 0, on its IST stack (entry.S
 * ist_entry). It may have interrupted anything, with the guest's GS base
 * or rsp live and the big lock held by this CPU or not: it takes no lock,
 * touches no guest memory, and returns to exactly where it was (or stops
 * the machine).
 */
void do_ist_entry(struct cpu_regs *regs)
{
	switch (regs->entry_vector) {
	case 1:
		pv_debug_in_hypervisor(regs);
		return;
	case 2:
		/* Nothing sends NMIs yet (no watchdog): count them. */
		this_cpu()->nmis++;
		return;
	default:
		/* #DF (a stack overflow, a fault while delivering a fault)
		 * and #MC are fatal, as in Xen. */
		fatal_trap(regs);
	}
}

/*
 * Called by entry.S for every vector with the saved frame (for the IST
 * vectors only when they came from a guest). Takes the big lock unless
 * this CPU holds it (a fault inside the hypervisor); it is dropped on the
 * way back to a guest (pv_exit_to_guest) or here. A TLB shootdown is
 * answered first, without it.
 */
void do_entry(struct cpu_regs *regs)
{
	uint64_t fixup;
	bool took;

	if (regs->entry_vector == INVALIDATE_VECTOR &&
	    (!smp_flush_interrupt() || (regs->cs & 3) != 3))
		return;
	if (regs->entry_vector == 2) {
		/* An NMI in a guest is the hypervisor's, never the guest's. */
		this_cpu()->nmis++;
		return;
	}
	took = hv_lock_entry(regs);
	if (regs->entry_vector == TRAP_syscall) {
		pv_handle_syscall(regs);
	} else if (regs->entry_vector >= FIRST_IRQ_VECTOR &&
		   regs->entry_vector < 256) {
		do_irq(regs);
	} else if ((regs->cs & 3) == 3 && regs->entry_vector != 8 &&
		   regs->entry_vector != 18) {
		/* A fault in a guest, or a 32-bit syscall: the guest's business. */
		pv_handle_guest_trap(regs);
	} else {
		if (regs->rip == (uint64_t)iret_to_guest)
			pv_iret_fault(regs);
		/* A fault on a guest access the hypervisor expected may fail. */
		fixup = (regs->cs & 3) ? 0 : search_extable(regs->rip);
		if (!fixup)
			fatal_trap(regs);
		regs->rip = fixup;
	}
	pv_debug_report();
	if ((regs->cs & 3) == 3)
		pv_exit_to_guest(regs);         /* drops the lock */
	else if (took)
		hv_unlock();
}
