/* SMP: the big hypervisor lock, event-check IPIs and TLB shootdowns. */
#include "types.h"
#include "domain.h"
#include "panic.h"
#include "sched_if.h"
#include "spinlock.h"
#include "asm/irq.h"
#include "asm/layout.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv_mm.h"
#include "asm/regs.h"
#include "asm/smp.h"

/*
 * Concurrency model: one big lock. A CPU runs hypervisor code only while
 * it holds it (cpu_info.hv_locked), with interrupts off; it takes it on
 * every entry from a guest and on every interrupt in the idle loop, and
 * drops it on the way back to a guest and around hlt. So vCPU, domain,
 * scheduler, event and page-type state need no finer locking between
 * CPUs, and a vCPU's saved state is only touched by the lock holder.
 *
 * A TLB shootdown is the one thing a lock holder waits for from other
 * CPUs: it posts the request (flush_pending, one bit per target), sends
 * INVALIDATE_VECTOR, and spins until every bit is clear. A target does
 * the flush in that interrupt without the lock (from a guest or hlt), or
 * in the loop where it waits for the lock (interrupts off there).
 */
volatile cpumask_t cpu_online_mask = 1;       /* the boot CPU */
unsigned int nr_cpus_online = 1;

spinlock_t hv_big_lock = SPIN_LOCK_UNLOCKED;

enum { FLUSH_ALL = 1, FLUSH_VA, FLUSH_LEAVE };
static volatile cpumask_t flush_pending;
static unsigned int flush_what;
static unsigned long flush_va;
static struct domain *flush_dom;

void smp_switch_cr3_owner(struct vcpu *v)
{
	struct cpu_info *c = this_cpu();
	cpumask_t bit = 1ULL << c->cpu_id;
	struct vcpu *old = c->cr3_vcpu;

	/* Every CR3 load flushes the old tables' entries (no PGE). */
	if (old && (!v || old->domain != v->domain))
		__atomic_fetch_and(&old->domain->dirty_cpumask, ~bit,
				   __ATOMIC_SEQ_CST);
	if (v)
		__atomic_fetch_or(&v->domain->dirty_cpumask, bit,
				  __ATOMIC_SEQ_CST);
	c->cr3_vcpu = v;
}

/* Do one request on this CPU. */
static void flush_local(unsigned int what, unsigned long va, struct domain *d)
{
	struct cpu_info *c = this_cpu();

	switch (what) {
	case FLUSH_VA:
		pv_invlpg_local(va);
		break;
	case FLUSH_LEAVE:
		if (c->cr3_vcpu && c->cr3_vcpu->domain == d) {
			write_cr3(virt_to_maddr(idle_pg_table));
			smp_switch_cr3_owner(NULL);
		}
		if (c->current && c->current->domain == d)
			c->cr3_lost = true;
		break;
	default:
		pv_flush_tlb_local();
		break;
	}
}

/* Answer a posted request addressed to this CPU, if there is one. */
static void flush_service(void)
{
	cpumask_t bit = 1ULL << this_cpu()->cpu_id;

	if (!(__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) & bit))
		return;
	flush_local(flush_what, flush_va, flush_dom);
	__atomic_fetch_and(&flush_pending, ~bit, __ATOMIC_RELEASE);
}

bool smp_flush_interrupt(void)
{
	apic_eoi();
	flush_service();
	return this_cpu()->cr3_lost;
}

/* Post what to every CPU of mask, do it here if this CPU is one, wait. */
static void flush_request(cpumask_t mask, unsigned int what, unsigned long va,
			  struct domain *d)
{
	struct cpu_info *c = this_cpu();
	cpumask_t self = 1ULL << c->cpu_id;

	ASSERT(c->hv_locked);
	mask &= cpu_online_mask;
	if (mask & self) {
		flush_local(what, va, d);
		mask &= ~self;
	}
	if (!mask)
		return;
	flush_what = what;
	flush_va = va;
	flush_dom = d;
	__atomic_store_n(&flush_pending, mask, __ATOMIC_RELEASE);
	for (unsigned int cpu = 0; cpu < SMP_MAX_CPUS; cpu++)
		if (mask & (1ULL << cpu))
			apic_send_ipi(cpu_info_of(cpu)->apic_id,
				      INVALIDATE_VECTOR);
	while (__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) & mask)
		cpu_relax();
}

void flush_tlb_mask(cpumask_t mask)
{
	flush_request(mask, FLUSH_ALL, 0, NULL);
}

void flush_tlb_one_mask(cpumask_t mask, unsigned long va)
{
	flush_request(mask, FLUSH_VA, va, NULL);
}

void smp_leave_domain(struct domain *d)
{
	cpumask_t mask = 0;

	for (unsigned int cpu = 0; cpu < SMP_MAX_CPUS; cpu++) {
		struct cpu_info *c = cpu_info_of(cpu);

		if (cpu == smp_processor_id() || !(cpu_online_mask & (1ULL << cpu)))
			continue;
		if ((c->current && c->current->domain == d) ||
		    (c->cr3_vcpu && c->cr3_vcpu->domain == d))
			mask |= 1ULL << cpu;
	}
	flush_request(mask, FLUSH_LEAVE, 0, d);
}

void smp_send_event_check(unsigned int cpu)
{
	if (cpu != smp_processor_id() && (cpu_online_mask & (1ULL << cpu)))
		apic_send_ipi(cpu_info_of(cpu)->apic_id, EVENT_CHECK_VECTOR);
}

/* Contract in asm/smp.h. */
void hv_lock_wait(uint16_t ticket)
{
	while (__atomic_load_n(&hv_big_lock.head, __ATOMIC_ACQUIRE) != ticket) {
		flush_service();
		cpu_relax();
	}
}

void hv_lock(void)
{
	struct cpu_info *c = this_cpu();

	if (c->hv_locked)
		return;
	hv_lock_wait(__atomic_fetch_add(&hv_big_lock.tail, 1, __ATOMIC_RELAXED));
	c->hv_locked = true;
}

void hv_unlock(void)
{
	struct cpu_info *c = this_cpu();

	ASSERT(c->hv_locked);
	hv_unlock_cpu(c);
}

/* Contract in asm/smp.h. */
void __noreturn hv_entry_lost(struct cpu_info *c, struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;

	c->cr3_lost = false;
	arch_switch_to_idle();
	/* An interrupt taken in the guest is still in service: without its
	 * EOI this CPU would take no timer, kick or shootdown again (one
	 * priority class), and a timer's work would be lost. */
	if (v >= FIRST_IRQ_VECTOR && v < 256 && v != INVALIDATE_VECTOR)
		do_irq(regs);
	idle_enter();
}

bool hv_lock_entry(struct cpu_regs *regs)
{
	struct cpu_info *c = this_cpu();

	if (c->hv_locked)
		return false;
	hv_lock();
	if (c->cr3_lost || (c->current && c->current->domain->is_dying))
		hv_entry_lost(c, regs);
	return true;
}
