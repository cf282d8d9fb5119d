/* SMP: physical CPUs, the big hypervisor lock, IPIs and TLB shootdowns. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include "types.h"
#include "spinlock.h"
#include "asm/percpu.h"

struct cpu_regs;
struct domain;
struct vcpu;

/* CPU sets are one 64-bit word: at most 64 CPUs are brought up. */
typedef uint64_t cpumask_t;
#define SMP_MAX_CPUS (CONFIG_NR_CPUS < 64 ? CONFIG_NR_CPUS : 64)

/* Where the AP start-up code is copied (below 1 MiB, 4 KiB aligned). */
#define TRAMPOLINE_PHYS 0x8000

/* CPUs that finished start-up and run the idle loop or guests. */
extern volatile cpumask_t cpu_online_mask;
extern unsigned int nr_cpus_online;

static inline unsigned int smp_processor_id(void)
{
	return this_cpu()->cpu_id;
}

/* The per-CPU area of CPU cpu (it exists once the CPU is online). */
struct cpu_info *cpu_info_of(unsigned int cpu);

/*
 * The big hypervisor lock. Every entry from a guest, and every interrupt
 * taken in the idle loop, takes it; it is dropped on the way back to a
 * guest and around hlt. While waiting for it a CPU keeps answering TLB
 * shootdowns (its interrupts are off), so a holder waiting for one never
 * deadlocks. hv_lock() is a no-op check for a CPU that holds it already
 * (cpu_info.hv_locked). hv_lock_entry(regs), for an entry with frame
 * regs, returns whether it took the lock; if the vCPU it came from lost
 * its domain meanwhile it finishes an interrupt it took (EOI, a timer's
 * work) and idles instead (never returns then).
 */
void hv_lock(void);
void hv_unlock(void);
bool hv_lock_entry(struct cpu_regs *regs);

/*
 * The lock itself, a ticket lock: for the inline functions below only.
 * head is written by its holder alone (at unlock), tail by every CPU
 * that takes a ticket.
 */
extern spinlock_t hv_big_lock;

/* Wait until ticket is served, answering TLB shootdowns meanwhile. */
void hv_lock_wait(uint16_t ticket);

/*
 * hv_lock for an entry that cannot hold the lock already (a guest
 * `syscall`, pv_syscall_entry), inline: take a ticket, and wait out of
 * line only if it is not served at once. The caller then checks what
 * hv_lock_entry checks (cr3_lost, a dying domain) with hv_entry_lost.
 */
static inline void hv_lock_from_guest(struct cpu_info *c)
{
	uint16_t me = __atomic_fetch_add(&hv_big_lock.tail, 1, __ATOMIC_RELAXED);

	if (__builtin_expect(__atomic_load_n(&hv_big_lock.head,
					     __ATOMIC_ACQUIRE) != me, 0))
		hv_lock_wait(me);
	c->hv_locked = true;
}

/*
 * hv_unlock for c, this CPU, which holds the lock. Only the holder
 * writes head, so one add (a store with release order on x86) hands
 * the lock to the next ticket.
 */
static inline void hv_unlock_cpu(struct cpu_info *c)
{
	c->hv_locked = false;
	asm volatile("addw $1, %0" : "+m"(hv_big_lock.head) :: "memory", "cc");
}

/*
 * The vCPU an entry came from lost its address space (cr3_lost) or its
 * domain while this CPU waited for the lock: never resume it. Finishes
 * an interrupt the entry took (EOI, a timer's work) and idles.
 */
void __noreturn hv_entry_lost(struct cpu_info *c, struct cpu_regs *regs);

/* Send vector to one CPU, or INIT / STARTUP (apic.c). */
void apic_send_ipi(uint32_t apic_id, unsigned int vector);
void apic_send_init(uint32_t apic_id);
void apic_send_startup(uint32_t apic_id, unsigned int page);

/* Make cpu enter the hypervisor soon (Xen's smp_send_event_check_cpu). */
void smp_send_event_check(unsigned int cpu);

/*
 * TLB shootdown, Xen's flush_tlb_mask / flush_tlb_one_mask: every CPU in
 * mask (this one included) drops its whole TLB, or the entry for va. The
 * caller holds the big lock; returns when every target has done it.
 */
void flush_tlb_mask(cpumask_t mask);
void flush_tlb_one_mask(cpumask_t mask, unsigned long va);

/*
 * Domain d is dying: every other CPU on d's page tables loads the
 * hypervisor's and forgets its vCPU at its next entry. Returns when none
 * runs on them any more.
 */
void smp_leave_domain(struct domain *d);

/* The INVALIDATE_VECTOR handler (no lock); true if the guest it
 * interrupted lost its address space and must not be resumed. */
bool smp_flush_interrupt(void);

/* Record that this CPU loaded v's page tables, or the idle ones (NULL). */
void smp_switch_cr3_owner(struct vcpu *v);

/* Boot: find the CPUs, start the APs (BSP, big lock held). */
void smp_boot_cpus(void);

/* The AP's first C function (trampoline.S), on its own stack. */
void __noreturn start_secondary(struct cpu_info *c);

#endif
