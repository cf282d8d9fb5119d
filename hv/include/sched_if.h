/* What the rest of the hypervisor asks of the scheduler (hv/sched). */
#ifndef HV_SCHED_IF_H
#define HV_SCHED_IF_H

#include "domain.h"

struct vcpu_runstate_info;

/* Start the scheduler tick (after the timer hardware works). */
void sched_init(void);

/* Run fn on every 10 ms scheduler tick (a few slots; BUG when full). */
void sched_add_tick_hook(void (*fn)(void));

/* A new vCPU: scheduler and timer state, offline until it is up. */
void sched_init_vcpu(struct vcpu *v);

/* Make a new domain's up vCPUs runnable. */
void sched_add_domain(struct domain *d);

/* The domain is dying: stop its timers, take its vCPUs off the queues. */
void sched_destroy_domain(struct domain *d);

/*
 * Leave the current vCPU (its domain died, or it has nothing to run) and
 * run the next runnable one, or idle; the machine powers off when no
 * domain is left. Callers whose vCPU may continue get back to it through
 * its saved frame, never by returning.
 */
void __noreturn schedule(void);

/*
 * On the way back to a guest: if a reschedule was requested, switch.
 * Returns only if the current vCPU keeps the CPU.
 */
void sched_softirq(void);

/*
 * v has something to do (an event became pending for it, its timer
 * fired): if it is blocked, make it runnable. Idempotent, callable from
 * any context, including interrupt handlers and for a vCPU of another
 * domain.
 */
void vcpu_wake(struct vcpu *v);

/*
 * Port `port` of d became pending (masked or not): wake any vCPU of d
 * that is in SCHEDOP_poll on it. The event-channel core calls this on
 * every 0->1 transition of a pending bit.
 */
void sched_port_pending(struct domain *d, unsigned int port);

/* The current vCPU blocks (the switch happens on the way out). */
void vcpu_block_current(void);
/* The current vCPU lets others of its priority run first. */
void vcpu_yield_current(void);

/* VCPUOP_up / VCPUOP_down. */
void sched_vcpu_up(struct vcpu *v);
void sched_vcpu_down(struct vcpu *v);

/*
 * Runstate now (VCPUOP_get_runstate_info) and into the guest's area,
 * through the page tables loaded now. A write that fails while v is in
 * guest user mode (whose L4 need not map the area) is left pending for
 * its next entry to guest kernel mode, as Xen's
 * need_update_runstate_area.
 */
void sched_get_runstate(const struct vcpu *v, struct vcpu_runstate_info *r);
void sched_write_runstate_area(struct vcpu *v);

/* vCPU timers (hv/sched/vcpu_timer.c). */
void vcpu_timers_init(struct vcpu *v);
void vcpu_timers_kill(struct vcpu *v);
/* Periodic timer with period ns (0 stops it). */
void vcpu_set_periodic(struct vcpu *v, s_time_t period);

/* What the scheduler asks of the architecture (hv/arch/x86_64). */
void arch_context_save(struct vcpu *v);
/* v runs (or was stopped) in its guest kernel mode. */
bool arch_guest_kernel_mode(const struct vcpu *v);
/* This CPU runs no vCPU now: the hypervisor's own tables, no current. */
void arch_switch_to_idle(void);
void __noreturn pv_resume_current(void);
/* Switch to a fresh stack and run idle_loop() (never returns). */
void __noreturn idle_enter(void);
void __noreturn idle_loop(void);

#endif
