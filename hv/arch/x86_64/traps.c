/* Exception dispatch and the fatal-fault report: registers, backtrace. */
#include "types.h"
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

/* A pointer the backtrace may read: inside the hypervisor's own range. */
static bool frame_readable(uint64_t p)
{
	return !(p & 7) && p >= XEN_VIRT_START && p < DIRECTMAP_VIRT_END - 16;
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
	       r->error_code, this_cpu()->cpu_id);
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
	       this_cpu()->cpu_id);
	machine_poweroff(HV_EXIT_PANIC);
}

/*
 * Called by entry.S for every vector with the saved frame. Takes the big
 * lock unless this CPU holds it (a fault inside the hypervisor); it is
 * dropped on the way back to a guest (pv_exit_to_guest) or here. A TLB
 * shootdown is answered first, without it.
 */
void do_entry(struct cpu_regs *regs)
{
	uint64_t fixup;
	bool took;

	if (regs->entry_vector == INVALIDATE_VECTOR &&
	    (!smp_flush_interrupt() || (regs->cs & 3) != 3))
		return;
	took = hv_lock_entry(regs);
	if (regs->entry_vector == TRAP_syscall) {
		pv_handle_syscall(regs);
	} else if (regs->entry_vector >= FIRST_IRQ_VECTOR &&
		   regs->entry_vector < 256) {
		do_irq(regs);
	} else if ((regs->cs & 3) == 3) {
		/* A fault in a guest, or a 32-bit syscall: the guest's business. */
		pv_handle_guest_trap(regs);
	} else {
		if (regs->rip == (uint64_t)iret_to_guest)
			pv_iret_fault(regs);
		if (regs->entry_vector == 1) {
			/* A guest's watchpoint, hit by our copy to or from it. */
			pv_debug_in_hypervisor();
		} else {
			/* A fault on a guest access the hypervisor expected
			 * may fail. */
			fixup = search_extable(regs->rip);
			if (!fixup)
				fatal_trap(regs);
			regs->rip = fixup;
		}
	}
	if ((regs->cs & 3) == 3)
		pv_exit_to_guest(regs);         /* drops the lock */
	else if (took)
		hv_unlock();
}
